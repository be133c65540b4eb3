/* Schema objects kept as their SQL (model.h): the table of kinds, identity, comparison, references. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "sqlnorm.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

const struct model_object_kind_info model_object_kinds[MODEL_NR_OBJECT_KINDS] = {
	[OBJECT_EXTENSION] = { "extension", "EXTENSION", false, true, STAGE_BEFORE_TABLES },
	[OBJECT_COLLATION] = { "collation", "COLLATION", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_DOMAIN] = { "domain", "DOMAIN", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_TYPE] = { "type", "TYPE", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_SEQUENCE] = { "sequence", "SEQUENCE", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_FUNCTION] = { "function", "FUNCTION", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_PROCEDURE] = { "procedure", "PROCEDURE", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_AGGREGATE] = { "aggregate", "AGGREGATE", false, true, STAGE_BEFORE_TABLES, true },
	[OBJECT_VIEW] = { "view", "VIEW", false, false, STAGE_AFTER_TABLES, true },
	[OBJECT_MATERIALIZED_VIEW] = { "materialized-view", "MATERIALIZED VIEW", false, true, STAGE_AFTER_TABLES, true },
	[OBJECT_INDEX] = { "view-index", "INDEX", true, true, STAGE_AFTER_TABLES },
	[OBJECT_CONSTRAINT] = { "constraint", "CONSTRAINT", true, true, STAGE_AFTER_TABLES },
	[OBJECT_TRIGGER] = { "trigger", "TRIGGER", true, false, STAGE_AFTER_TABLES },
	[OBJECT_RULE] = { "rule", "RULE", true, true, STAGE_AFTER_TABLES },
	[OBJECT_POLICY] = { "policy", "POLICY", true, true, STAGE_AFTER_TABLES },
	[OBJECT_GRANT] = { "grant", "GRANT", true, true, STAGE_AFTER_TABLES },
};

/* Appends "kind [schema.]name" to out (replacing it). */
static void loose_key(struct strbuf *out, const char *kind, const char *schema, const char *name, size_t name_len)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s ", kind);
	if (schema[0])
		strbuf_addf(out, "%s.", schema);
	strbuf_add(out, name, name_len);
}

struct model_object *model_add_object(struct model *m)
{
	struct model_object *o;

	ALLOC_GROW(m->objects, m->nr_objects + 1, m->alloc_objects);
	o = &m->objects[m->nr_objects++];
	memset(o, 0, sizeof(*o));
	return o;
}

void model_object_release(struct model_object *o)
{
	free(o->schema);
	free(o->name);
	free(o->table);
	free(o->definition);
	free(o->comment);
	free(o->app);
	free(o->dialect);
	free(o->owner);
	free(o->renamed_from);
	model_names_release(&o->depends);
	memset(o, 0, sizeof(*o));
}

int model_object_kind_of(const char *element)
{
	for (int k = 0; k < MODEL_NR_OBJECT_KINDS; k++) {
		if (strcmp(model_object_kinds[k].element, element) == 0)
			return k;
	}
	return -1;
}

bool model_object_in_dialect(const struct model_object *o, const char *dialect, bool sql_objects_only)
{
	if (o->dialect && strcmp(o->dialect, dialect) != 0)
		return false;
	return !sql_objects_only || !model_object_kinds[o->kind].pg_only;
}

void model_retain_dialect_objects(struct model *m, const char *dialect, bool sql_objects_only)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->nr_objects; i++) {
		if (model_object_in_dialect(&m->objects[i], dialect, sql_objects_only))
			m->objects[kept++] = m->objects[i];
		else
			model_object_release(&m->objects[i]);
	}
	m->nr_objects = kept;
}

static bool same_identity(const struct model_object *a, const struct model_object *b)
{
	return a->kind == b->kind && strcmp(a->schema, b->schema) == 0 && strcmp(a->name, b->name) == 0 &&
	       model_str_equal(a->table, b->table);
}

const struct model_object *model_find_object(const struct model *m, const struct model_object *o)
{
	for (size_t i = 0; i < m->nr_objects; i++) {
		if (same_identity(&m->objects[i], o))
			return &m->objects[i];
	}
	return NULL;
}

void model_object_key(const struct model_object *o, struct strbuf *out)
{
	loose_key(out, model_object_kinds[o->kind].element, o->schema, o->name, strlen(o->name));
	if (o->table)
		strbuf_addf(out, " on %s", o->table);
}

void model_object_table_key(const char *schema, const char *name, struct strbuf *out)
{
	loose_key(out, "table", schema, name, strlen(name));
}

void model_object_display(const struct model_object *o, struct strbuf *out)
{
	strbuf_addf(out, "%s ", model_object_kinds[o->kind].element);
	if (o->schema[0])
		strbuf_addf(out, "%s.", o->schema);
	strbuf_addstr(out, o->name);
	if (o->table)
		strbuf_addf(out, " on %s", o->table);
}

bool model_object_same_definition(const struct model_object *a, const struct model_object *b)
{
	return sqlnorm_statements_equal(a->definition ? a->definition : "", b->definition ? b->definition : "");
}

/* "public" is the default schema: the model says "". */
static const char *model_schema(const char *schema)
{
	return strcmp(schema, "public") == 0 ? "" : schema;
}

static void add_reference(const char *kind, const char *schema, const char *name, void *ctx)
{
	struct model_names *names = ctx;
	struct strbuf key = STRBUF_INIT;

	loose_key(&key, kind, model_schema(schema), name, strlen(name));
	if (model_names_find(names, key.buf) < 0)
		model_names_add(names, key.buf);
	strbuf_release(&key);
}

/*
 * What a grant is on ("TABLE s.t", "FUNCTION s.f(integer)", "SCHEMA s"):
 * the loose key of that object. Quotes are dropped, the first dot splits.
 */
static void grant_reference(const char *on, struct model_names *names)
{
	static const struct { const char *word, *kind; } words[] = {
		{ "TABLE ", "relation" }, { "SEQUENCE ", "relation" }, { "FUNCTION ", "function" },
		{ "PROCEDURE ", "function" }, { "ROUTINE ", "function" }, { "TYPE ", "type" }, { "DOMAIN ", "type" },
	};
	struct strbuf bare = STRBUF_INIT, schema = STRBUF_INIT;
	const char *dot;

	if (!on)
		return;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);
		if (strncmp(on, words[i].word, n) != 0)
			continue;
		for (const char *p = on + n; *p && *p != '('; p++)
			if (*p != '"')
				strbuf_addch(&bare, *p);
		dot = strchr(bare.buf, '.');
		if (dot)
			strbuf_add(&schema, bare.buf, (size_t)(dot - bare.buf));
		add_reference(words[i].kind, schema.buf, dot ? dot + 1 : bare.buf, names);
		break;
	}
	strbuf_release(&bare);
	strbuf_release(&schema);
}

void model_object_references(const struct model_object *o, struct model_names *names)
{
	for (size_t i = 0; i < o->depends.nr; i++) {
		if (model_names_find(names, o->depends.items[i]) < 0)
			model_names_add(names, o->depends.items[i]);
	}
	if (o->kind == OBJECT_GRANT) {
		grant_reference(o->table, names);
		return; /* its definition is a list of privileges */
	}
	if (o->table)
		add_reference("relation", o->schema, o->table, names);
	sqlnorm_references(o->definition ? o->definition : "", add_reference, names);
}

void model_object_reference_keys(const struct model_object *o, const char *schema, const char *name,
				 struct strbuf *keys)
{
	if (!o) {
		loose_key(&keys[0], "relation", schema, name, strlen(name));
		loose_key(&keys[1], "table", schema, name, strlen(name));
		return;
	}
	model_object_key(o, &keys[0]);
	switch (o->kind) {
	case OBJECT_VIEW: case OBJECT_MATERIALIZED_VIEW: case OBJECT_SEQUENCE:
		loose_key(&keys[1], "relation", o->schema, o->name, strlen(o->name));
		break;
	case OBJECT_FUNCTION: case OBJECT_PROCEDURE: case OBJECT_AGGREGATE:
		loose_key(&keys[1], "function", o->schema, o->name, strcspn(o->name, "("));
		break;
	case OBJECT_TYPE: case OBJECT_DOMAIN:
		loose_key(&keys[1], "type", o->schema, o->name, strlen(o->name));
		break;
	default:
		strbuf_reset(&keys[1]);
		break;
	}
}

bool model_object_reference_matches(const char *key, const struct model_object *o, const char *schema,
				    const char *name)
{
	struct strbuf keys[2] = { STRBUF_INIT, STRBUF_INIT };
	bool match;

	model_object_reference_keys(o, schema, name, keys);
	match = strcmp(keys[0].buf, key) == 0 || (keys[1].len && strcmp(keys[1].buf, key) == 0);
	strbuf_release(&keys[0]);
	strbuf_release(&keys[1]);
	return match;
}

size_t model_grant_lists(const char *definition, struct model_grant_list *lists, size_t max)
{
	static const char opt[] = " WITH GRANT OPTION";
	const size_t optlen = sizeof(opt) - 1;
	const char *def = definition;
	size_t n = 0;

	while (*def && n < max) {
		const char *end = strchr(def, ';');
		size_t len = end ? (size_t)(end - def) : strlen(def);
		bool with_option = len >= optlen && strncasecmp(def + len - optlen, opt, optlen) == 0;

		lists[n++] = (struct model_grant_list){ def, with_option ? len - optlen : len, with_option };
		def += len;
		while (*def == ';' || *def == ' ')
			def++;
	}
	return n;
}

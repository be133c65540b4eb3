/* The model as SQLite keeps it: declared types back to model types, and the normalisation. */
#include "model_sqlite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_sqlite.h"
#include "diag.h"
#include "model.h"
#include "sqlscan.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* --- declared types ----------------------------------------------------- */

/*
 * Spellings of other databases that SQLite users write (SQLite's own
 * documentation lists them): the model type each stands for. The declared
 * text is kept as sqlite-type all the same, so nothing is lost.
 */
static const struct {
	const char *name;
	enum model_type_kind kind;
	bool takes_length;
} other_spellings[] = {
	{ "datetime", TYPE_TIMESTAMP, false },
	{ "tinyint", TYPE_SMALLINT, false },
	{ "mediumint", TYPE_INTEGER, false },
	{ "unsigned big int", TYPE_BIGINT, false },
	{ "smallserial", TYPE_SMALLINT, false },
	{ "serial", TYPE_INTEGER, false },
	{ "bigserial", TYPE_BIGINT, false },
	{ "nvarchar", TYPE_VARCHAR, true },
	{ "varying character", TYPE_VARCHAR, true },
	{ "nchar", TYPE_CHAR, true },
	{ "native character", TYPE_CHAR, true },
	{ "clob", TYPE_TEXT, false },
	{ "float", TYPE_DOUBLE, false },
};

/* Does s contain word, ignoring case (SQLite's affinity rules are substring tests)? */
static bool contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++) {
		if (strncasecmp(s, word, n) == 0)
			return true;
	}
	return false;
}

/*
 * decl split into its base (without "(...)" and "[]" suffixes, spaces
 * collapsed, a double-quoted name unquoted), its "(n)" argument (-1 when
 * none or not a plain number) and its number of [] suffixes. Returns false
 * when decl is not of that shape.
 */
static bool split_decl(const char *decl, struct strbuf *base, bool *quoted, int *arg, int *dims)
{
	const char *p = decl;

	*quoted = false;
	*arg = -1;
	*dims = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"') {
		/* a quoted name: dialect_sqlite_append_ident()'s spelling of an enum */
		size_t end = sqlscan_unquote(p, 0, base);
		*quoted = true;
		if (!end)
			return false;
		p += end;
	} else {
		for (; *p && *p != '(' && *p != '['; p++) {
			if (isspace((unsigned char)*p)) {
				if (base->len && base->buf[base->len - 1] != ' ')
					strbuf_addch(base, ' ');
			} else {
				strbuf_addch(base, *p);
			}
		}
		strbuf_rtrim(base);
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '(') {
		char *end;
		long v = strtol(p + 1, &end, 10);
		while (isspace((unsigned char)*end))
			end++;
		if (*end == ')' && v >= 0 && v < 100000000)
			*arg = (int)v;
		p = strchr(p, ')');
		if (!p)
			return false;
		p++;
	}
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '[')
			break;
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != ']' || *dims >= MODEL_MAX_ARRAY_DIMS)
			return false; /* more [] than a model type holds: kept as declared */
		p++;
		(*dims)++;
	}
	return *p == '\0' && base->len > 0;
}

/* The model type of a declared type the model has no name for. */
static void nearest_type(const char *base, int arg, int dims, struct model_type *t)
{
	bool found = false;

	t->length = t->precision = t->scale = -1;
	for (size_t i = 0; i < sizeof(other_spellings) / sizeof(other_spellings[0]); i++) {
		if (strcasecmp(base, other_spellings[i].name) == 0) {
			t->kind = other_spellings[i].kind;
			if (other_spellings[i].takes_length && arg > 0)
				t->length = arg;
			found = true;
			break;
		}
	}
	if (dims) {
		/* an array of something unknown: the application encodes it as text */
		t->kind = TYPE_TEXT;
		t->length = -1;
		t->array_dims = dims;
		return;
	}
	if (found)
		return;
	/* SQLite's column affinity rules, in their order */
	if (contains_ci(base, "int"))
		t->kind = TYPE_BIGINT; /* SQLite's integers are 64 bits */
	else if (contains_ci(base, "char") || contains_ci(base, "clob") || contains_ci(base, "text"))
		t->kind = TYPE_TEXT;
	else if (contains_ci(base, "blob"))
		t->kind = TYPE_BYTES;
	else if (contains_ci(base, "real") || contains_ci(base, "floa") || contains_ci(base, "doub"))
		t->kind = TYPE_DOUBLE;
	else
		t->kind = TYPE_NUMERIC;
}

/*
 * varchar[](20), as dialect_sqlite declares an array of a type with
 * parameters (SQLite's type names end at their "(...)"), read as
 * varchar(20)[].
 */
static void arrays_last(struct strbuf *decl)
{
	char *open = strchr(decl->buf, '['), *paren, *close;
	struct strbuf out = STRBUF_INIT;
	size_t n = 0;

	if (!open || !(paren = strchr(open, '(')) || !(close = strchr(paren, ')')) || close[1])
		return;
	for (const char *p = open; p < paren; p++) {
		if (p[0] == '[' && p[1] == ']')
			n++, p++;
		else if (!isspace((unsigned char)*p))
			return;
	}
	strbuf_add(&out, decl->buf, (size_t)(open - decl->buf));
	strbuf_rtrim(&out);
	strbuf_add(&out, paren, (size_t)(close - paren) + 1);
	while (n--)
		strbuf_addstr(&out, "[]");
	strbuf_setlen(decl, 0);
	strbuf_add(decl, out.buf, out.len);
	strbuf_release(&out);
}

enum model_sqlite_decl model_sqlite_decl_type(const char *decl, const struct model *m,
					      const char *schema, struct model_column *c)
{
	struct strbuf base = STRBUF_INIT, trimmed = STRBUF_INIT;
	struct model_type t;
	struct diag d = DIAG_INIT;
	enum model_sqlite_decl ret;
	bool serial = false, quoted;
	int arg, dims;

	if (c->extra->sqlite_type) {
		free(c->extra->sqlite_type);
		model_column_extra(c)->sqlite_type = NULL;
		model_column_extra_done(c);
	}
	memset(&c->type, 0, sizeof(c->type));
	c->type.length = c->type.precision = c->type.scale = -1;

	strbuf_addstr(&trimmed, decl ? decl : "");
	strbuf_rtrim(&trimmed);
	{
		size_t lead = strspn(trimmed.buf, " \t\r\n");
		if (lead) {
			char *rest = xstrdup(trimmed.buf + lead);
			strbuf_reset(&trimmed);
			strbuf_addstr(&trimmed, rest);
			free(rest);
		}
	}
	arrays_last(&trimmed);
	if (!trimmed.len) {
		/* BLOB affinity, which no model type has: text for the other dialects, "" kept for SQLite */
		c->type.kind = TYPE_TEXT;
		model_column_extra(c)->sqlite_type = xstrdup("");
		ret = SQLITE_DECL_NONE;
		goto out;
	}
	if (!split_decl(trimmed.buf, &base, &quoted, &arg, &dims)) {
		nearest_type(trimmed.buf, -1, 0, &c->type);
		model_column_extra(c)->sqlite_type = strbuf_detach(&trimmed, NULL);
		ret = SQLITE_DECL_RAW;
		goto out;
	}
	if (!quoted && model_type_parse(trimmed.buf, &t, &serial, &d) == 0) {
		if (t.kind != TYPE_ENUM && !serial) {
			c->type = t;
			ret = SQLITE_DECL_PORTABLE;
			goto out;
		}
		model_type_release(&t);
	}
	if ((quoted || !strchr(base.buf, '.')) && arg < 0 && !strchr(base.buf, '(') && m &&
	    model_find_enum(m, schema, base.buf)) {
		c->type.kind = TYPE_ENUM;
		c->type.enum_schema = xstrdup(schema);
		c->type.enum_name = xstrdup(base.buf);
		c->type.array_dims = dims;
		ret = SQLITE_DECL_ENUM;
		goto out;
	}
	nearest_type(base.buf, arg, dims, &c->type);
	model_column_extra(c)->sqlite_type = strbuf_detach(&trimmed, NULL);
	ret = SQLITE_DECL_RAW;
out:
	diag_release(&d);
	strbuf_release(&base);
	strbuf_release(&trimmed);
	return ret;
}

static bool standard_type(const char *decl)
{
	static const char *const names[] = { "int", "integer", "real", "text", "blob", "any" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(decl, names[i]) == 0)
			return true;
	}
	return false;
}

void model_sqlite_keep_spelling(const struct model_table *t, struct model_column *c, const char *decl)
{
	struct strbuf as_written = STRBUF_INIT;

	if (c->extra->sqlite_type || !decl || c->identity != IDENTITY_NONE)
		return;
	dialect_sqlite_append_table_column_type(&as_written, t, c);
	/*
	 * SQLite keeps INT, INTEGER, REAL, TEXT, BLOB and ANY as a code, not as
	 * written (PRAGMA table_xinfo prints them upper-cased): their case is
	 * no spelling of its own
	 */
	if (strcmp(as_written.buf, decl) != 0 && !(strcasecmp(as_written.buf, decl) == 0 && standard_type(decl)))
		model_column_extra(c)->sqlite_type = xstrdup(decl);
	strbuf_release(&as_written);
}

/* --- normalisation -------------------------------------------------------- */

static void drop(char **s)
{
	free(*s);
	*s = NULL;
}

/*
 * C, POSIX and BINARY are SQLite's BINARY, read back as "C"; NOCASE and
 * RTRIM are SQLite's own and stay as written; SQLite has no other of
 * PostgreSQL's (dialect_sqlite.c leaves them out).
 */
static void normalize_collation(char **collation)
{
	if (!*collation)
		return;
	if (strcmp(*collation, "C") == 0 || strcmp(*collation, "POSIX") == 0 || strcasecmp(*collation, "binary") == 0) {
		free(*collation);
		*collation = xstrdup("C");
	} else if (strcasecmp(*collation, "nocase") != 0 && strcasecmp(*collation, "rtrim") != 0) {
		drop(collation);
	}
}

/* Replaces *expr by its SQLite translation; false (and *expr untouched) when SQLite cannot have it. */
static bool translate(char **expr)
{
	struct strbuf out = STRBUF_INIT;
	const char *why;

	if (dialect_sqlite_translate_expr(*expr, &out, &why) < 0) {
		strbuf_release(&out);
		return false;
	}
	free(*expr);
	*expr = strbuf_detach(&out, NULL);
	return true;
}

static int cmp_tables(const void *a, const void *b)
{
	const struct model_table *ta = *(struct model_table *const *)a;
	const struct model_table *tb = *(struct model_table *const *)b;
	int r = strcmp(ta->schema, tb->schema);

	return r ? r : strcmp(ta->name, tb->name);
}

static bool is_plain_enum_column(const struct model_column *c)
{
	return c->type.kind == TYPE_ENUM && !c->type.array_dims && !c->extra->sqlite_type &&
	       c->identity == IDENTITY_NONE;
}

/* The check mig writes for an enum column (dialect_sqlite.c), and reads back as its enum. */
static void enum_check_name(const struct model_column *c, struct strbuf *out)
{
	strbuf_addf(out, "mig_enum_%s", c->name);
}

static bool has_enum_check(const struct model_table *t, const struct model_column *c)
{
	struct strbuf name = STRBUF_INIT;
	bool found = false;

	enum_check_name(c, &name);
	for (size_t i = 0; i < t->nr_checks && !found; i++)
		found = t->checks[i].name && strcmp(t->checks[i].name, name.buf) == 0;
	strbuf_release(&name);
	return found;
}

/*
 * Enum column c of t whose values (src's) are not those of the enum of its
 * name in t's schema: SQLite keeps a raw declared type and the check
 * "mig_enum_<column>" listing src's values, and the inspector reads them
 * so (inspect_sqlite.h); a literal default the raw type refuses is the
 * expression it was written as.
 */
static void enum_column_to_check(struct model *m, struct model_table *t, struct model_column *c,
				 const struct model_enum *src)
{
	struct strbuf decl = STRBUF_INIT, expr = STRBUF_INIT, name = STRBUF_INIT;
	struct model_check *ck;
	struct diag ignore = DIAG_INIT;

	dialect_sqlite_append_column_type(&decl, c);
	model_type_release(&c->type);
	model_sqlite_decl_type(decl.buf, NULL, t->schema, c);
	dialect_sqlite_append_ident(&expr, c->name);
	strbuf_addstr(&expr, " IN (");
	for (size_t v = 0; v < src->values.nr; v++) {
		if (v)
			strbuf_addstr(&expr, ", ");
		dialect_sqlite_append_literal(&expr, src->values.items[v]);
	}
	strbuf_addch(&expr, ')');
	enum_check_name(c, &name);
	ck = model_table_add_check(t);
	ck->name = strbuf_detach(&name, NULL);
	ck->expr = strbuf_detach(&expr, NULL);
	ck->loc = model_column_loc(t, c);
	/* checked against the raw type now (no enum): a value it refuses is the expression it was */
	if (c->default_kind == DEFAULT_LITERAL && model_column_check_default(m, NULL, c, &ignore) < 0) {
		struct strbuf lit = STRBUF_INIT;
		dialect_sqlite_append_literal(&lit, c->default_value);
		model_column_set_default(m, c, DEFAULT_EXPR, lit.buf);
		strbuf_release(&lit);
	}
	diag_release(&ignore);
	strbuf_release(&decl);
}

/*
 * The enums as SQLite shows them: one per (table schema, name) that a plain
 * enum column uses, with the values of the enum the first such column had;
 * a later column of an enum of that name with other values keeps them in
 * a check (enum_column_to_check()). Replaces m's enums.
 */
static void relocate_enums(struct model *m)
{
	struct model old = MODEL_INIT;
	struct model_table **sorted = xcalloc(m->nr_tables + 1, sizeof(*sorted));

	/* the old enums move to a scratch model, to be looked up and freed */
	old.enums = m->enums;
	old.nr_enums = m->nr_enums;
	old.alloc_enums = m->alloc_enums;
	m->enums = NULL;
	m->nr_enums = m->alloc_enums = 0;

	/* an empty model has no table array at all: memcpy() may not be given NULL */
	if (m->nr_tables) {
		memcpy(sorted, m->tables, m->nr_tables * sizeof(*sorted));
		qsort(sorted, m->nr_tables, sizeof(*sorted), cmp_tables);
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		struct model_table *t = sorted[i];
		for (size_t k = 0; k < t->nr_columns; k++) {
			struct model_column *c = &t->columns[k];
			const struct model_enum *src, *here;
			struct model_enum *e;

			if (!is_plain_enum_column(c))
				continue;
			src = model_find_enum(&old, c->type.enum_schema ? c->type.enum_schema : "",
					      c->type.enum_name);
			here = model_find_enum(m, t->schema, c->type.enum_name);
			if (src && here && !model_names_equal(&src->values, &here->values))
				enum_column_to_check(m, t, c, src);
			if (!src || here)
				continue;
			e = model_add_enum(m);
			e->schema = xstrdup(t->schema);
			e->name = xstrdup(src->name);
			e->app = xstrdup(src->app ? src->app : "");
			for (size_t v = 0; v < src->values.nr; v++)
				model_names_add(&e->values, src->values.items[v]);
			e->loc = src->loc;
		}
	}
	free(sorted);
	model_release(&old);
}

static void normalize_column(struct model *m, const struct model_table *t, struct model_column *c)
{
	drop(&model_column_extra(c)->comment);
	drop(&model_column_extra(c)->pg_type);
	if (c->identity != IDENTITY_NONE) {
		/* the rowid: 64 bits, given when the insert leaves it out */
		model_type_release(&c->type);
		memset(&c->type, 0, sizeof(c->type));
		c->type.kind = TYPE_BIGINT;
		c->type.length = c->type.precision = c->type.scale = -1;
		c->identity = IDENTITY_BY_DEFAULT;
		c->not_null = true;
		drop(&model_column_extra(c)->sequence); /* SQLite has no sequence options */
		drop(&model_column_extra(c)->sqlite_type);
		model_column_set_default(m, c, DEFAULT_NONE, NULL);
	} else if (is_plain_enum_column(c)) {
		/* its enum now lives in the table's schema (relocate_enums()) */
		free(c->type.enum_schema);
		c->type.enum_schema = xstrdup(t->schema);
	} else {
		/* a column whose check "mig_enum_<column>" is not its enum's values keeps its raw type */
		struct strbuf decl = STRBUF_INIT;
		dialect_sqlite_append_table_column_type(&decl, t, c);
		model_type_release(&c->type);
		model_sqlite_decl_type(decl.buf, has_enum_check(t, c) ? NULL : m, t->schema, c);
		/* a spelling of a model type other than mig's own (INT, VARCHAR(255)) stays as written */
		model_sqlite_keep_spelling(t, c, decl.buf);
		strbuf_release(&decl);
	}
	normalize_collation(&model_column_extra(c)->collation);
	if (c->extra->generated)
		translate(&model_column_extra(c)->generated); /* as SQLite keeps it; the renderer refuses what does not translate */
	if (c->default_kind == DEFAULT_EXPR) {
		struct strbuf out = STRBUF_INIT;
		const char *why;
		/* as SQLite keeps it; one that does not translate is dropped */
		if (dialect_sqlite_translate_expr(c->default_value, &out, &why) < 0)
			model_column_set_default(m, c, DEFAULT_NONE, NULL);
		else
			model_column_set_default(m, c, DEFAULT_EXPR, out.buf);
		strbuf_release(&out);
	}
	model_column_extra_done(c);
}

/* Normalises ix; false when SQLite has no such index (the caller drops it). */
static bool normalize_index(struct model_index *ix)
{
	if (ix->method && strcmp(ix->method, "btree") != 0 && strcmp(ix->method, "hash") != 0)
		return false;
	drop(&ix->method);
	drop(&ix->comment);
	drop(&ix->with);
	model_names_release(&ix->include);
	ix->nulls_not_distinct = false;
	if (ix->where && !translate(&ix->where))
		return false;
	for (size_t k = 0; k < ix->nr_keys; k++) {
		struct model_index_key *key = &ix->keys[k];
		drop(&key->opclass);
		normalize_collation(&key->collation);
		key->nulls = NULLS_DEFAULT;
		if (key->sort == SORT_ASC)
			key->sort = SORT_DEFAULT;
		if (key->expr && !translate(&key->expr))
			return false;
	}
	return true;
}

static void normalize_table(struct model *m, struct model_table *t)
{
	size_t kept = 0;

	drop(&t->comment);
	drop(&t->owner); /* SQLite has no owners */
	for (size_t i = 0; i < t->nr_columns; i++)
		normalize_column(m, t, &t->columns[i]);
	drop(&t->pk.comment);
	for (size_t i = 0; i < t->nr_fks; i++) {
		drop(&t->fks[i].comment);
		t->fks[i].match_full = false; /* SQLite parses MATCH and ignores it */
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		drop(&t->uniques[i].comment);
		t->uniques[i].nulls_not_distinct = false;
		t->uniques[i].deferrable = false;
		t->uniques[i].initially_deferred = false;
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		struct model_check *ck = &t->checks[i];
		drop(&ck->comment);
		ck->no_inherit = false;
		if (translate(&ck->expr)) {
			t->checks[kept++] = *ck;
		} else {
			free(ck->name);
			free(ck->expr);
		}
	}
	t->nr_checks = kept;
	kept = 0;
	for (size_t i = 0; i < t->nr_indexes; i++) {
		struct model_index *ix = &t->indexes[i];
		if (normalize_index(ix))
			t->indexes[kept++] = *ix;
		else
			model_index_release(ix);
	}
	t->nr_indexes = kept;
}

void model_sqlite_normalize(struct model *m)
{
	for (size_t i = 0; i < m->nr_schemas; i++) {
		drop(&m->schemas[i].comment);
		drop(&m->schemas[i].owner);
	}
	relocate_enums(m);
	for (size_t i = 0; i < m->nr_enums; i++)
		drop(&m->enums[i].comment);
	for (size_t i = 0; i < m->nr_tables; i++)
		normalize_table(m, m->tables[i]);
	model_retain_dialect_objects(m, "sqlite", true);
	for (size_t i = 0; i < m->nr_objects; i++) {
		drop(&m->objects[i].comment);
		drop(&m->objects[i].owner);
	}
}

/*
 * model_finish(): default names, implied NOT NULL, and every validation rule
 * that needs the whole model. Errors name the file and line of the object.
 */
#include "model.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

/* Who holds a name in a namespace, for "already used by" messages. */
struct name_owner {
	const char *kind;  /* "table", "index", ... */
	const char *scope; /* borrowed from the model, as name is */
	const char *name;
	struct model_loc loc;
};

/*
 * A namespace of names: PostgreSQL keeps tables, indexes (and so primary key
 * and unique constraints) in one per-schema namespace, and types (enums and
 * every table's row type) in another. The owners are found by a pairset
 * (a model of 1,000 tables claims some 6,000 names in its relations alone).
 */
struct names {
	struct pairset set;         /* the owners by (scope, name) */
	struct name_owner *owners;  /* owned: in one array, not a block each */
	size_t nr, alloc;
};

static void names_init(struct names *n)
{
	memset(n, 0, sizeof(*n));
}

static void names_release(struct names *n)
{
	free(n->owners);
	pairset_release(&n->set);
}

static void owner_key(const void *elems, size_t i, const char **scope, const char **name)
{
	const struct name_owner *o = &((const struct name_owner *)elems)[i];

	*scope = o->scope;
	*name = o->name;
}

static struct name_owner *names_get(struct names *n, const char *scope, const char *name)
{
	uint32_t at = n->set.alloc ? *pairset_slot(&n->set, n->owners, owner_key, scope, name) : 0;

	return at ? &n->owners[at - 1] : NULL;
}

static void names_put(struct names *n, const char *scope, const char *name,
		      const char *kind, struct model_loc loc)
{
	struct name_owner *o;
	uint32_t *slot;

	/* a name put twice (a default name, claimed by its owner too) is found as the last put */
	if ((n->nr + 1) * 2 > n->set.alloc)
		pairset_build(&n->set, n->owners, n->nr, n->nr < 16 ? 32 : n->nr * 2, owner_key, false);
	ALLOC_GROW(n->owners, n->nr + 1, n->alloc);
	o = &n->owners[n->nr++];
	o->kind = kind;
	o->scope = scope;
	o->name = name;
	o->loc = loc;
	slot = pairset_slot(&n->set, n->owners, owner_key, scope, name);
	*slot = (uint32_t)n->nr;
}

static int error_at(struct diag *d, struct model_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int error_at(struct diag *d, struct model_loc loc, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error_at(d, loc.file ? loc.file : "(model)", loc.line, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/*
 * Claims name in a namespace, or reports the holder: "index "x": the name
 * is already used by table "x" (a.xml:3)".
 */
static int claim(struct names *n, const char *scope, const char *name, const char *kind,
		 struct model_loc loc, struct diag *d)
{
	struct name_owner *o = names_get(n, scope, name);

	if (o) {
		if (o->loc.file)
			return error_at(d, loc, "%s \"%s\": the name is already used by %s \"%s\" (%s:%d)",
					kind, name, o->kind, o->name, o->loc.file, o->loc.line);
		return error_at(d, loc, "%s \"%s\": the name is already used by %s \"%s\"",
				kind, name, o->kind, o->name);
	}
	names_put(n, scope, name, kind, loc);
	return 0;
}

static int check_ident(const char *what, const char *name, struct model_loc loc,
		       struct diag *d)
{
	if (!name || !name[0])
		return error_at(d, loc, "%s name is empty", what);
	if (strlen(name) > MODEL_MAX_IDENT)
		return error_at(d, loc, "%s name \"%s\" is %zu bytes long; the limit is %d",
				what, name, strlen(name), MODEL_MAX_IDENT);
	/* a name is written into migrations' comments too, where a line break would end the comment */
	for (const char *p = name; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return error_at(d, loc, "%s name \"%.*s...\" holds a control character (0x%02x) after %d bytes",
					what, (int)(p - name), name, (unsigned)(unsigned char)*p, (int)(p - name));
	}
	return 0;
}

/* Schemas named in the model must be declared with <schema>. */
static int check_schema_declared(const struct model *m, const char *schema, const char *what,
				 const char *name, struct model_loc loc, struct diag *d)
{
	if (!schema[0] || model_find_schema(m, schema))
		return 0;
	error_at(d, loc, "%s \"%s\" is in schema \"%s\", which is not declared", what, name, schema);
	diag_hint(d, "declare it with <schema name=\"%s\"/>", schema);
	return -1;
}

/* A scope of a struct names, for model_choose_name(). */
struct names_scope {
	struct names *ns;
	const char *scope;
};

static bool scope_taken(const char *name, void *ctx)
{
	const struct names_scope *s = ctx;

	return names_get(s->ns, s->scope, name) != NULL;
}

/* PostgreSQL's default name, free in scope of ns. */
static char *choose_name(struct names *ns, const char *scope, const char *name1,
			 const char *name2, const char *label)
{
	struct names_scope s = { ns, scope };

	return model_choose_name(name1, name2, label, scope_taken, &s);
}

static int check_column_list(const struct model *m, const struct model_table *t, const struct model_names *cols,
			     const char *what, const char *name, struct model_loc loc,
			     struct diag *d)
{
	if (cols->nr == 0)
		return error_at(d, loc, "%s \"%s\" has no columns", what, name);
	for (size_t i = 0; i < cols->nr; i++) {
		if (!model_find_column_inherited(m, t, cols->items[i]))
			return error_at(d, loc, "%s \"%s\" names column \"%s\", which table \"%s\" does not have",
					what, name, cols->items[i], t->name);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(cols->items[i], cols->items[j]) == 0)
				return error_at(d, loc, "%s \"%s\" names column \"%s\" twice",
						what, name, cols->items[i]);
		}
	}
	return 0;
}

/* Resolves an unqualified name: the table's own schema first, then the default. */
static const char *resolve_enum_schema(const struct model *m, const char *table_schema,
				       const char *name)
{
	if (table_schema[0] && model_find_enum(m, table_schema, name))
		return table_schema;
	return "";
}

static const char *resolve_table_schema(const struct model *m, const char *table_schema,
					const char *name)
{
	if (table_schema[0] && model_find_table(m, table_schema, name))
		return table_schema;
	return "";
}


/*
 * An identity's or serial's sequence options in their canonical form (only
 * what differs from PostgreSQL's defaults, in one order; none left: NULL),
 * so that a model and mig-inspect's reading compare equal.
 */
static int finish_sequence(const struct model_table *t, struct model_column *c, struct diag *d)
{
	struct sqlnorm_sequence seq;
	struct diag sd = DIAG_INIT;
	struct strbuf canon = STRBUF_INIT;
	int bytes = model_type_sequence_bytes(&c->type);

	if (c->identity == IDENTITY_NONE) {
		error_at(d, model_column_loc(t, c), "column \"%s\": attribute \"sequence\" needs identity or serial", c->name);
		return -1;
	}
	if (sqlnorm_sequence_parse(c->extra->sequence, bytes, &seq, &sd) < 0) {
		error_at(d, model_column_loc(t, c), "column \"%s\": attribute \"sequence\": %s", c->name, sd.message);
		diag_hint(d, "write the options of CREATE SEQUENCE: START WITH, INCREMENT BY, MINVALUE, MAXVALUE, "
			  "CACHE, CYCLE");
		diag_release(&sd);
		return -1;
	}
	sqlnorm_sequence_format(&seq, bytes, &canon);
	free(c->extra->sequence);
	model_column_extra(c)->sequence = canon.len ? strbuf_detach(&canon, NULL) : NULL;
	model_column_extra_done(c);
	strbuf_release(&canon);
	return 0;
}

static int finish_column(struct model *m, struct model_table *t, struct model_column *c,
			 struct diag *d)
{
	struct strbuf tn = STRBUF_INIT;
	int ret = -1;

	if (check_ident("column", c->name, model_column_loc(t, c), d) < 0)
		goto out;
	if (c->type.kind == TYPE_ENUM) {
		if (!c->type.enum_schema)
			c->type.enum_schema = xstrdup(resolve_enum_schema(m, t->schema, c->type.enum_name));
		if (!model_find_enum(m, c->type.enum_schema, c->type.enum_name)) {
			model_type_format(&c->type, &tn);
			error_at(d, model_column_loc(t, c), "column \"%s\" has unknown type \"%s\"", c->name, tn.buf);
			diag_hint(d, "use a portable type (integer, bigint, text, varchar(n), numeric(p,s), "
				  "boolean, timestamptz, uuid, jsonb, ...) or declare an <enum>");
			goto out;
		}
	}
	if (c->identity != IDENTITY_NONE) {
		const char *kind = c->identity == IDENTITY_SERIAL ? "serial" : "identity";
		if (!model_type_is_integer(&c->type)) {
			model_type_format(&c->type, &tn);
			error_at(d, model_column_loc(t, c), "column \"%s\": %s needs smallint, integer or bigint, not %s",
				 c->name, kind, tn.buf);
			goto out;
		}
		if (c->default_kind != DEFAULT_NONE) {
			error_at(d, model_column_loc(t, c), "column \"%s\" has both a default and %s %s", c->name,
				 c->identity == IDENTITY_SERIAL ? "a" : "an", kind);
			goto out;
		}
		c->not_null = true;
	}
	if (c->extra->sequence && finish_sequence(t, c, d) < 0)
		goto out;
	if (c->default_kind == DEFAULT_LITERAL) {
		struct diag lit = DIAG_INIT;
		if (model_column_check_default(m, m, c, &lit) < 0) {
			error_at(d, model_column_loc(t, c), "column \"%s\": %s", c->name, lit.message);
			diag_release(&lit);
			goto out;
		}
	}
	if (c->extra->generated && (!c->extra->generated[0] || c->default_kind != DEFAULT_NONE || c->identity != IDENTITY_NONE)) {
		error_at(d, model_column_loc(t, c), !c->extra->generated[0] ? "column \"%s\": generated is empty" :
			 "column \"%s\" is generated: it can have no default, identity or serial", c->name);
		goto out;
	}
	if (c->default_kind == DEFAULT_EXPR && !c->default_value[0]) {
		error_at(d, model_column_loc(t, c), "column \"%s\": default-expr is empty", c->name);
		goto out;
	}
	/* sqlite-type="" is a column declared with no type (SQLite's BLOB affinity) */
	if (c->extra->pg_type && !c->extra->pg_type[0]) {
		error_at(d, model_column_loc(t, c), "column \"%s\": a raw type is empty", c->name);
		goto out;
	}
	if (c->extra->collation && check_ident("collation", c->extra->collation, model_column_loc(t, c), d) < 0)
		goto out;
	ret = 0;
out:
	strbuf_release(&tn);
	return ret;
}

/*
 * Does t have a primary key, unique constraint or plain unique index on
 * exactly cols? *deferrable_only: just a deferrable unique constraint,
 * which PostgreSQL refuses to reference.
 */
static bool has_unique_on(const struct model_table *t, const struct model_names *cols,
			  bool *deferrable_only)
{
	*deferrable_only = false;
	if (t->pk.name && t->pk.columns.nr == cols->nr) {
		size_t hit = 0;
		for (size_t i = 0; i < cols->nr; i++)
			hit += model_names_find(&t->pk.columns, cols->items[i]) >= 0;
		if (hit == cols->nr)
			return true;
	}
	for (size_t u = 0; u < t->nr_uniques; u++) {
		const struct model_names *uc = &t->uniques[u].columns;
		size_t hit = 0;
		if (uc->nr != cols->nr)
			continue;
		for (size_t i = 0; i < cols->nr; i++)
			hit += model_names_find(uc, cols->items[i]) >= 0;
		if (hit == cols->nr && t->uniques[u].deferrable)
			*deferrable_only = true;
		else if (hit == cols->nr)
			return true;
	}
	for (size_t x = 0; x < t->nr_indexes; x++) {
		const struct model_index *ix = &t->indexes[x];
		size_t hit = 0;
		if (!ix->unique || ix->where || ix->nr_keys != cols->nr)
			continue;
		for (size_t i = 0; i < ix->nr_keys; i++) {
			if (ix->keys[i].column && model_names_find(cols, ix->keys[i].column) >= 0)
				hit++;
		}
		if (hit == cols->nr) {
			*deferrable_only = false;
			return true;
		}
	}
	return false;
}

static int finish_fk(struct model *m, struct model_table *t, struct model_foreign_key *fk,
		     struct diag *d)
{
	const struct model_table *ref;
	struct strbuf sb = STRBUF_INIT;
	bool deferrable_only;
	int ret = -1;

	if (check_column_list(m, t, &fk->columns, "foreign key", fk->name, fk->loc, d) < 0)
		goto out;
	if (!fk->ref_schema)
		fk->ref_schema = xstrdup(resolve_table_schema(m, t->schema, fk->ref_table));
	ref = model_find_table(m, fk->ref_schema, fk->ref_table);
	if (!ref) {
		error_at(d, fk->loc, "foreign key \"%s\" references table \"%s%s%s\", which does not exist",
			 fk->name, fk->ref_schema, fk->ref_schema[0] ? "." : "", fk->ref_table);
		goto out;
	}
	if (fk->ref_columns.nr == 0) {
		if (!ref->pk.name) {
			error_at(d, fk->loc, "foreign key \"%s\" references table \"%s\", which has no primary key",
				 fk->name, ref->name);
			diag_hint(d, "name the referenced columns: references=\"%s (column)\"", ref->name);
			goto out;
		}
		for (size_t i = 0; i < ref->pk.columns.nr; i++)
			model_names_add(&fk->ref_columns, ref->pk.columns.items[i]);
	}
	for (size_t i = 0; i < fk->ref_columns.nr; i++) {
		if (!model_find_column_inherited(m, ref, fk->ref_columns.items[i])) {
			error_at(d, fk->loc, "foreign key \"%s\" references column \"%s\", which table \"%s\" does not have",
				 fk->name, fk->ref_columns.items[i], ref->name);
			goto out;
		}
	}
	if (fk->ref_columns.nr != fk->columns.nr) {
		error_at(d, fk->loc, "foreign key \"%s\" has %zu column%s but references %zu",
			 fk->name, fk->columns.nr, fk->columns.nr == 1 ? "" : "s", fk->ref_columns.nr);
		goto out;
	}
	if (!has_unique_on(ref, &fk->ref_columns, &deferrable_only)) {
		model_join_names(&fk->ref_columns, &sb);
		if (deferrable_only)
			error_at(d, fk->loc, "foreign key \"%s\": the unique constraint of table \"%s\" on (%s) "
				 "is deferrable, and a foreign key cannot reference a deferrable key",
				 fk->name, ref->name, sb.buf);
		else
			error_at(d, fk->loc, "foreign key \"%s\": table \"%s\" has no primary key or unique constraint on (%s)",
				 fk->name, ref->name, sb.buf);
		goto out;
	}
	if (fk->initially_deferred && !fk->deferrable) {
		error_at(d, fk->loc, "foreign key \"%s\" is initially deferred but not deferrable", fk->name);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

/* Registers the names a table and its objects take, and names unnamed ones. */
static int name_table_objects(struct model_table *t, struct names *relations,
			      struct diag *d)
{
	struct names constraints;
	struct strbuf cols = STRBUF_INIT;
	int ret = -1;

	names_init(&constraints);

	/* Explicit names first, so that defaults step around them. */
	if (t->pk.name) {
		if (t->pk.name[0] && (claim(relations, t->schema, t->pk.name, "primary key", t->pk.loc, d) < 0 ||
				      claim(&constraints, "", t->pk.name, "primary key", t->pk.loc, d) < 0))
			goto out;
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		struct model_unique *u = &t->uniques[i];
		if (u->name && (claim(relations, t->schema, u->name, "unique constraint", u->loc, d) < 0 ||
				claim(&constraints, "", u->name, "unique constraint", u->loc, d) < 0))
			goto out;
	}
	for (size_t i = 0; i < t->nr_indexes; i++) {
		struct model_index *ix = &t->indexes[i];
		if (ix->name && claim(relations, t->schema, ix->name, "index", ix->loc, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		struct model_foreign_key *fk = &t->fks[i];
		if (fk->name && claim(&constraints, "", fk->name, "foreign key", fk->loc, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		struct model_check *ck = &t->checks[i];
		if (ck->name && claim(&constraints, "", ck->name, "check constraint", ck->loc, d) < 0)
			goto out;
	}

	/* Then PostgreSQL's default names for the rest. */
	if (t->pk.name && !t->pk.name[0]) {
		free(t->pk.name);
		t->pk.name = choose_name(relations, t->schema, t->name, NULL, "pkey");
		names_put(relations, t->schema, t->pk.name, "primary key", t->pk.loc);
		names_put(&constraints, "", t->pk.name, "primary key", t->pk.loc);
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		struct model_unique *u = &t->uniques[i];
		if (u->name)
			continue;
		strbuf_reset(&cols);
		model_join_names(&u->columns, &cols);
		u->name = choose_name(relations, t->schema, t->name, cols.buf, "key");
		names_put(relations, t->schema, u->name, "unique constraint", u->loc);
		names_put(&constraints, "", u->name, "unique constraint", u->loc);
	}
	for (size_t i = 0; i < t->nr_indexes; i++) {
		struct model_index *ix = &t->indexes[i];
		if (ix->name)
			continue;
		strbuf_reset(&cols);
		for (size_t k = 0; k < ix->nr_keys; k++) {
			if (k)
				strbuf_addch(&cols, '_');
			strbuf_addstr(&cols, ix->keys[k].column ? ix->keys[k].column : "expr");
		}
		ix->name = choose_name(relations, t->schema, t->name, cols.buf, "idx");
		names_put(relations, t->schema, ix->name, "index", ix->loc);
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		struct model_foreign_key *fk = &t->fks[i];
		if (fk->name)
			continue;
		strbuf_reset(&cols);
		model_join_names(&fk->columns, &cols);
		fk->name = choose_name(&constraints, "", t->name, cols.buf, "fkey");
		names_put(&constraints, "", fk->name, "foreign key", fk->loc);
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		struct model_check *ck = &t->checks[i];
		if (ck->name)
			continue;
		ck->name = choose_name(&constraints, "", t->name, NULL, "check");
		names_put(&constraints, "", ck->name, "check constraint", ck->loc);
	}
	ret = 0;
out:
	strbuf_release(&cols);
	names_release(&constraints);
	return ret;
}

/* Whether t is among the ancestors of p (or p itself), depth-limited. */
static bool descends_from(const struct model *m, const struct model_table *p, const struct model_table *t,
			  int depth)
{
	const struct model_table *parents[64];
	size_t n = 0;

	if (p == t)
		return true;
	if (depth > 32)
		return false;
	if (p->partition_of.name && p->partition_of.schema)
		parents[n++] = model_find_table(m, p->partition_of.schema, p->partition_of.name);
	for (size_t i = 0; i < p->nr_inherits && n < 64; i++) {
		if (p->inherits[i].schema)
			parents[n++] = model_find_table(m, p->inherits[i].schema, p->inherits[i].name);
	}
	for (size_t i = 0; i < n; i++) {
		if (parents[i] && descends_from(m, parents[i], t, depth + 1))
			return true;
	}
	return false;
}

/* Resolves ref's schema and finds its table; an error when there is none, or it is t or below t. */
static int finish_table_ref(struct model *m, struct model_table *t, struct model_table_ref *ref,
			    const char *what, const struct model_table **out, struct diag *d)
{
	const struct model_table *p;

	if (!ref->schema)
		ref->schema = xstrdup(resolve_table_schema(m, t->schema, ref->name));
	p = model_find_table(m, ref->schema, ref->name);
	if (!p)
		return error_at(d, t->loc, "table \"%s\" is %s table \"%s%s%s\", which does not exist", t->name, what,
				ref->schema, ref->schema[0] ? "." : "", ref->name);
	*out = p;
	return 0;
}

/* partition-of, inherits: parents that exist, a partitioned parent, no cycle, no columns of a partition's own. */
static int finish_table_props(struct model *m, struct model_table *t, struct diag *d)
{
	const struct model_table *p;

	if (t->partition_of.name) {
		if (finish_table_ref(m, t, &t->partition_of, "a partition of", &p, d) < 0)
			return -1;
		if (!p->partition_by)
			return error_at(d, t->loc, "table \"%s\" is a partition of table \"%s\", which is not partitioned "
					"(it has no partition-by)", t->name, p->name);
		if (t->nr_columns)
			return error_at(d, model_column_loc(t, &t->columns[0]), "table \"%s\" is a partition of \"%s\": its columns are "
					"the parent's, so it cannot declare column \"%s\"", t->name, p->name,
					t->columns[0].name);
		if (t->nr_inherits)
			return error_at(d, t->loc, "table \"%s\" is a partition: it cannot inherit from other tables",
					t->name);
	}
	for (size_t i = 0; i < t->nr_inherits; i++) {
		if (finish_table_ref(m, t, &t->inherits[i], "inheriting from", &p, d) < 0)
			return -1;
		if (p->partition_by)
			return error_at(d, t->loc, "table \"%s\" inherits from table \"%s\", which is partitioned: "
					"make it a partition (partition-of) instead", t->name, p->name);
	}
	if (t->partition_bound && !t->partition_bound[0])
		return error_at(d, t->loc, "table \"%s\" has an empty partition-bound", t->name);
	if (t->partition_by && !t->partition_by[0])
		return error_at(d, t->loc, "table \"%s\" has an empty partition-by", t->name);
	if (t->partition_by && (t->storage.nr || t->unlogged))
		return error_at(d, t->loc, "table \"%s\" is partitioned: PostgreSQL keeps no %s on it (give %s to its "
				"partitions)", t->name, t->unlogged ? "UNLOGGED" : "storage parameters",
				t->unlogged ? "it" : "them");
	return 0;
}

/* After every table's references are resolved: no table is its own ancestor. */
static int check_no_parent_cycle(struct model *m, struct model_table *t, struct diag *d)
{
	const struct model_table *p = t->partition_of.schema ?
		model_find_table(m, t->partition_of.schema, t->partition_of.name) : NULL;
	bool cycle = p && descends_from(m, p, t, 0);

	for (size_t i = 0; i < t->nr_inherits && !cycle; i++) {
		p = model_find_table(m, t->inherits[i].schema, t->inherits[i].name);
		cycle = p && descends_from(m, p, t, 0);
	}
	if (cycle)
		return error_at(d, t->loc, "table \"%s\" is its own ancestor (partition-of and inherits form a cycle)",
				t->name);
	return 0;
}

static int finish_table(struct model *m, struct model_table *t, struct names *relations,
			struct diag *d)
{
	if (check_schema_declared(m, t->schema, "table", t->name, t->loc, d) < 0)
		return -1;
	for (size_t i = 0; i < t->nr_columns; i++) {
		struct model_column *c = &t->columns[i];
		if (finish_column(m, t, c, d) < 0)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(t->columns[j].name, c->name) == 0)
				return error_at(d, model_column_loc(t, c), "column \"%s\" is defined twice in table \"%s\" (first at line %d)",
						c->name, t->name, t->columns[j].line);
		}
	}
	/* Name unnamed objects first, so that every message can name them. */
	if (name_table_objects(t, relations, d) < 0)
		return -1;
	if (t->pk.name) {
		if (check_column_list(m, t, &t->pk.columns, "primary key", t->pk.name, t->pk.loc, d) < 0)
			return -1;
		for (size_t i = 0; i < t->pk.columns.nr; i++) {
			struct model_column *c = model_table_find_column(t, t->pk.columns.items[i]);
			if (c) /* else inherited: the parent's own NOT NULL */
				c->not_null = true;
		}
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		struct model_unique *u = &t->uniques[i];
		if (check_column_list(m, t, &u->columns, "unique constraint", u->name, u->loc, d) < 0)
			return -1;
		if (u->initially_deferred && !u->deferrable)
			return error_at(d, u->loc, "unique constraint \"%s\" is initially deferred but not deferrable",
					u->name);
	}
	for (size_t i = 0; i < t->nr_indexes; i++) {
		struct model_index *ix = &t->indexes[i];
		const char *nm = ix->name;
		if (ix->nr_keys == 0)
			return error_at(d, ix->loc, "index \"%s\" has no columns", nm);
		for (size_t k = 0; k < ix->nr_keys; k++) {
			struct model_index_key *key = &ix->keys[k];
			/* one spelling per order: ASC is the default, and so is its NULLS LAST */
			if (key->sort == SORT_ASC)
				key->sort = SORT_DEFAULT;
			if ((key->sort == SORT_DEFAULT && key->nulls == NULLS_LAST) ||
			    (key->sort == SORT_DESC && key->nulls == NULLS_FIRST))
				key->nulls = NULLS_DEFAULT;
			if (key->column && !model_find_column_inherited(m, t, key->column))
				return error_at(d, ix->loc, "index \"%s\" names column \"%s\", which table \"%s\" does not have",
						nm, key->column, t->name);
			if (key->expr && !key->expr[0])
				return error_at(d, ix->loc, "index \"%s\" has an empty expression", nm);
		}
		for (size_t k = 0; k < ix->include.nr; k++) {
			if (!model_find_column_inherited(m, t, ix->include.items[k]))
				return error_at(d, ix->loc, "index \"%s\" includes column \"%s\", which table \"%s\" does not have",
						nm, ix->include.items[k], t->name);
		}
		if (ix->where && !ix->where[0])
			return error_at(d, ix->loc, "index \"%s\" has an empty where clause", nm);
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (!t->checks[i].expr[0])
			return error_at(d, t->checks[i].loc, "check constraint \"%s\" has an empty expression",
					t->checks[i].name);
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		if (finish_fk(m, t, &t->fks[i], d) < 0)
			return -1;
	}
	/* Names given explicitly or chosen: all within the identifier limit. */
	if ((t->pk.name && check_ident("primary key", t->pk.name, t->pk.loc, d) < 0))
		return -1;
	for (size_t i = 0; i < t->nr_uniques; i++)
		if (check_ident("unique constraint", t->uniques[i].name, t->uniques[i].loc, d) < 0)
			return -1;
	for (size_t i = 0; i < t->nr_indexes; i++)
		if (check_ident("index", t->indexes[i].name, t->indexes[i].loc, d) < 0)
			return -1;
	for (size_t i = 0; i < t->nr_fks; i++)
		if (check_ident("foreign key", t->fks[i].name, t->fks[i].loc, d) < 0)
			return -1;
	for (size_t i = 0; i < t->nr_checks; i++)
		if (check_ident("check constraint", t->checks[i].name, t->checks[i].loc, d) < 0)
			return -1;
	return 0;
}

/*
 * What a grant is on, in one spelling: "table public.note" and "TABLE
 * note" are one object (the kind's word in capitals, the default schema
 * unnamed), so a grant read back is the grant the model wrote.
 */
static void canonical_grant_on(char *on)
{
	char *p = on, *rest;

	for (; *p && *p != ' '; p++)
		*p = (char)toupper((unsigned char)*p);
	rest = p + (*p == ' ');
	if (strncmp(rest, "public.", 7) == 0)
		memmove(rest, rest + 7, strlen(rest + 7) + 1);
	else if (strncmp(rest, "\"public\".", 9) == 0)
		memmove(rest, rest + 9, strlen(rest + 9) + 1);
}

/* Objects kept as SQL: each identity once, in a declared schema. */
static int finish_objects(struct model *m, struct diag *d)
{
	struct strmap seen = STRMAP_INIT;
	struct strbuf key = STRBUF_INIT, name = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < m->nr_objects && ret == 0; i++) {
		struct model_object *o = &m->objects[i];
		const struct model_object *prev;
		if (o->kind == OBJECT_GRANT && o->table)
			canonical_grant_on(o->table);
		model_object_key(o, &key);
		if (o->dialect)
			strbuf_addf(&key, " for %s", o->dialect);
		prev = strmap_get(&seen, key.buf);
		strbuf_reset(&name);
		model_object_display(o, &name);
		if (prev) {
			error_at(d, o->loc, "%s is already defined at %s:%d", name.buf, prev->loc.file, prev->loc.line);
			ret = -1;
		} else if (o->renamed_from && (o->kind == OBJECT_GRANT || o->kind == OBJECT_EXTENSION)) {
			error_at(d, o->loc, "%s cannot be renamed (renamed-from): PostgreSQL renames no %s", name.buf,
				 model_object_kinds[o->kind].element);
			ret = -1;
		} else if (o->schema[0] && o->kind != OBJECT_GRANT) {
			ret = check_schema_declared(m, o->schema, model_object_kinds[o->kind].element, o->name, o->loc, d);
		}
		strmap_put(&seen, key.buf, (void *)o);
	}
	strmap_release(&seen);
	strbuf_release(&key);
	strbuf_release(&name);
	return ret;
}

int model_finish(struct model *m, struct diag *d)
{
	struct names relations, types, schemas;
	int ret = -1;

	names_init(&relations);
	names_init(&types);
	names_init(&schemas);

	for (size_t i = 0; i < m->nr_schemas; i++) {
		struct model_schema *s = &m->schemas[i];
		if (check_ident("schema", s->name, s->loc, d) < 0 ||
		    claim(&schemas, "", s->name, "schema", s->loc, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nr_enums; i++) {
		struct model_enum *e = &m->enums[i];
		if (check_ident("enum", e->name, e->loc, d) < 0 ||
		    check_schema_declared(m, e->schema, "enum", e->name, e->loc, d) < 0 ||
		    claim(&types, e->schema, e->name, "enum", e->loc, d) < 0)
			goto out;
		for (size_t v = 0; v < e->values.nr; v++) {
			const char *val = e->values.items[v];
			if (!val[0]) {
				error_at(d, e->loc, "enum \"%s\" has an empty value", e->name);
				goto out;
			}
			if (strlen(val) > MODEL_MAX_IDENT) {
				error_at(d, e->loc, "enum \"%s\": value \"%s\" is %zu bytes long; the limit is %d",
					 e->name, val, strlen(val), MODEL_MAX_IDENT);
				goto out;
			}
			if (model_names_find(&e->values, val) != (int)v) {
				error_at(d, e->loc, "enum \"%s\" has the value \"%s\" twice", e->name, val);
				goto out;
			}
		}
	}
	/* Tables first: foreign keys and default names need all of them. */
	for (size_t i = 0; i < m->nr_tables; i++) {
		struct model_table *t = m->tables[i];
		struct name_owner *prev;
		if (check_ident("table", t->name, t->loc, d) < 0)
			goto out;
		prev = names_get(&relations, t->schema, t->name);
		if (prev && strcmp(prev->kind, "table") == 0) {
			error_at(d, t->loc, "table \"%s\" is already defined at %s:%d", t->name,
				 prev->loc.file, prev->loc.line);
			goto out;
		}
		if (claim(&relations, t->schema, t->name, "table", t->loc, d) < 0 ||
		    claim(&types, t->schema, t->name, "table", t->loc, d) < 0)
			goto out;
	}
	model_index_tables(m);
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (finish_table_props(m, m->tables[i], d) < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (check_no_parent_cycle(m, m->tables[i], d) < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (finish_table(m, m->tables[i], &relations, d) < 0)
			goto out;
	}
	if (finish_objects(m, d) < 0)
		goto out;
	ret = 0;
out:
	names_release(&relations);
	names_release(&types);
	names_release(&schemas);
	return ret;
}

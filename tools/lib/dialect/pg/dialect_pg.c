/* PostgreSQL SQL for model operations. */
#include "dialect_pg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query/pg_query.pb-c.h>

#include "diag.h"
#include "diff.h"
#include "diff_describe.h"
#include "model.h"
#include "sqlnorm.h"
#include "sqlscan.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void dialect_pg_dialect_init(struct dialect_pg *pg)
{
	strmap_init(&pg->quote_cache);
}

void dialect_pg_dialect_release(struct dialect_pg *pg)
{
	strmap_release(&pg->quote_cache);
}

/* A keyword PostgreSQL would misread as an identifier? (quote_ident's rule) */
static bool is_reserved_keyword(const char *name)
{
	PgQuery__ScanResult *scan = sqlscan_pg(name);
	bool reserved = false;

	if (scan && scan->n_tokens == 1) {
		PgQuery__KeywordKind kind = scan->tokens[0]->keyword_kind;
		reserved = kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
			   kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
	} else {
		reserved = true;
	}
	sqlscan_pg_free(scan);
	return reserved;
}

static bool needs_quotes(struct dialect_pg *pg, const char *name)
{
	void *cached;
	bool quote;

	bool digit = false;

	if (!(islower((unsigned char)name[0]) || name[0] == '_'))
		return true;
	for (const char *p = name; *p; p++) {
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return true;
		digit |= isdigit((unsigned char)*p) != 0;
	}
	/* no keyword has a digit: such a name needs no lookup, nor a place in the cache */
	if (digit)
		return false;
	cached = strmap_get(&pg->quote_cache, name);
	if (cached)
		return cached == (void *)1;
	quote = is_reserved_keyword(name);
	strmap_put(&pg->quote_cache, name, quote ? (void *)1 : (void *)2);
	return quote;
}

void dialect_pg_append_ident(struct dialect_pg *pg, struct strbuf *out, const char *name)
{
	if (!needs_quotes(pg, name)) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_add_sql_quoted(out, name, '"');
}

void dialect_pg_append_qualified(struct dialect_pg *pg, struct strbuf *out, const char *schema,
			 const char *name)
{
	if (schema && schema[0]) {
		dialect_pg_append_ident(pg, out, schema);
		strbuf_addch(out, '.');
	}
	dialect_pg_append_ident(pg, out, name);
}

void dialect_pg_append_literal(struct strbuf *out, const char *value)
{
	bool backslash = strchr(value, '\\') != NULL;

	if (backslash)
		strbuf_addch(out, 'E');
	strbuf_addch(out, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || (backslash && *p == '\\'))
			strbuf_addch(out, *p);
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\'');
}

static void append_type(struct dialect_pg *pg, struct strbuf *out, const struct model_type *t)
{
	switch (t->kind) {
	case TYPE_SMALLINT: strbuf_addstr(out, "smallint"); break;
	case TYPE_INTEGER: strbuf_addstr(out, "integer"); break;
	case TYPE_BIGINT: strbuf_addstr(out, "bigint"); break;
	case TYPE_BOOLEAN: strbuf_addstr(out, "boolean"); break;
	case TYPE_TEXT: strbuf_addstr(out, "text"); break;
	case TYPE_VARCHAR:
		strbuf_addstr(out, "varchar");
		if (t->length >= 0)
			strbuf_addf(out, "(%d)", t->length);
		break;
	case TYPE_CHAR:
		strbuf_addstr(out, "char");
		if (t->length >= 0)
			strbuf_addf(out, "(%d)", t->length);
		break;
	case TYPE_NUMERIC:
		strbuf_addstr(out, "numeric");
		if (t->precision >= 0 && t->scale >= 0)
			strbuf_addf(out, "(%d,%d)", t->precision, t->scale);
		else if (t->precision >= 0)
			strbuf_addf(out, "(%d)", t->precision);
		break;
	case TYPE_REAL: strbuf_addstr(out, "real"); break;
	case TYPE_DOUBLE: strbuf_addstr(out, "double precision"); break;
	case TYPE_DATE: strbuf_addstr(out, "date"); break;
	case TYPE_TIME:
	case TYPE_TIMETZ:
	case TYPE_TIMESTAMP:
	case TYPE_TIMESTAMPTZ: {
		bool tz = t->kind == TYPE_TIMETZ || t->kind == TYPE_TIMESTAMPTZ;
		const char *base = t->kind == TYPE_TIME || t->kind == TYPE_TIMETZ ? "time" : "timestamp";
		if (t->precision < 0 && t->kind == TYPE_TIMESTAMPTZ) {
			strbuf_addstr(out, "timestamptz");
			break;
		}
		strbuf_addstr(out, base);
		if (t->precision >= 0)
			strbuf_addf(out, "(%d)", t->precision);
		if (tz)
			strbuf_addstr(out, " with time zone");
		break;
	}
	case TYPE_INTERVAL:
		strbuf_addstr(out, "interval");
		if (t->precision >= 0)
			strbuf_addf(out, "(%d)", t->precision);
		break;
	case TYPE_UUID: strbuf_addstr(out, "uuid"); break;
	case TYPE_JSON: strbuf_addstr(out, "json"); break;
	case TYPE_JSONB: strbuf_addstr(out, "jsonb"); break;
	case TYPE_BYTES: strbuf_addstr(out, "bytea"); break;
	case TYPE_ENUM:
		dialect_pg_append_qualified(pg, out, t->enum_schema, t->enum_name);
		break;
	}
	for (int i = 0; i < t->array_dims; i++)
		strbuf_addstr(out, "[]");
}

void dialect_pg_append_column_type(struct dialect_pg *pg, struct strbuf *out,
			   const struct model_column *col, bool serial_pseudo_type)
{
	if (col->extra->pg_type) {
		strbuf_addstr(out, col->extra->pg_type);
		return;
	}
	if (serial_pseudo_type && col->identity == IDENTITY_SERIAL) {
		strbuf_addstr(out, col->type.kind == TYPE_SMALLINT ? "smallserial" :
				   col->type.kind == TYPE_INTEGER ? "serial" : "bigserial");
		return;
	}
	append_type(pg, out, &col->type);
}

static bool is_number_type(const struct model_type *t)
{
	return !t->array_dims && (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
				  t->kind == TYPE_BIGINT || t->kind == TYPE_NUMERIC ||
				  t->kind == TYPE_REAL || t->kind == TYPE_DOUBLE);
}

void dialect_pg_append_typed_literal(struct strbuf *out, const struct model_type *t, const char *value)
{
	struct strbuf dec = STRBUF_INIT;

	if (is_number_type(t) && sqlnorm_decimal(value, &dec))
		strbuf_addstr(out, value);
	else if (!t->array_dims && t->kind == TYPE_BOOLEAN &&
		 (strcmp(value, "true") == 0 || strcmp(value, "false") == 0))
		strbuf_addstr(out, value);
	else
		dialect_pg_append_literal(out, value);
	strbuf_release(&dec);
}

static void append_default(struct strbuf *out, const struct model_column *col)
{
	if (col->default_kind == DEFAULT_EXPR)
		strbuf_addstr(out, col->default_value);
	else
		dialect_pg_append_typed_literal(out, &col->type, col->default_value);
}

/* --- pieces of statements ---------------------------------------------- */

struct render {
	struct dialect_pg *pg;
	const struct diff *df; /* for current names; NULL renders names as they are */
	struct strbuf *out;
	/* the concurrent style (diff_online.h): the section's operations, to pair an index's drop and build */
	bool concurrent;
	const struct op *const *ops;
	size_t nr_ops;
};

/* How long an online migration waits for a lock before it fails (and mig-apply retries). */
#define ONLINE_LOCK_TIMEOUT "5s"

static const struct model_table *now_table(const struct render *r, const struct model_table *t)
{
	return r->df ? diff_now_table(r->df, t) : t;
}

static void table_name(const struct render *r, const struct model_table *t)
{
	t = now_table(r, t);
	dialect_pg_append_qualified(r->pg, r->out, t->schema, t->name);
}

static void column_name(const struct render *r, const struct model_column *c)
{
	if (r->df)
		c = diff_now_column(r->df, c);
	dialect_pg_append_ident(r->pg, r->out, c->name);
}

/* A name of t's columns as the database knows it now. */
static void column_of(const struct render *r, const struct model_table *t, const char *name)
{
	const struct model_column *c = model_table_find_column(t, name);

	if (c)
		column_name(r, c);
	else
		dialect_pg_append_ident(r->pg, r->out, name);
}

static void column_list(const struct render *r, const struct model_table *t,
			const struct model_names *cols)
{
	for (size_t i = 0; i < cols->nr; i++) {
		if (i)
			strbuf_addstr(r->out, ", ");
		column_of(r, t, cols->items[i]);
	}
}

static void alter_table(const struct render *r, const struct model_table *t)
{
	strbuf_addstr(r->out, "ALTER TABLE ");
	table_name(r, t);
	strbuf_addch(r->out, ' ');
}

static void alter_column(const struct render *r, const struct model_table *t,
			 const struct model_column *c)
{
	alter_table(r, t);
	strbuf_addstr(r->out, "ALTER COLUMN ");
	column_name(r, c);
	strbuf_addch(r->out, ' ');
}

static const char *fk_action_sql(enum model_fk_action a)
{
	switch (a) {
	case FK_RESTRICT: return "RESTRICT";
	case FK_CASCADE: return "CASCADE";
	case FK_SET_NULL: return "SET NULL";
	case FK_SET_DEFAULT: return "SET DEFAULT";
	default: return "NO ACTION";
	}
}

static void deferrable(struct strbuf *out, bool deferrable, bool initially_deferred)
{
	if (deferrable)
		strbuf_addstr(out, " DEFERRABLE");
	if (initially_deferred)
		strbuf_addstr(out, " INITIALLY DEFERRED");
}

/* The referenced table of a foreign key of t, as it exists now. */
static const struct model_table *fk_target(const struct render *r, const struct model_table *t,
					   const struct model_foreign_key *fk)
{
	const struct model *m = NULL;
	const struct model_table *ref = NULL;

	if (r->df) {
		/* t is in one of the two models; so is its target */
		m = model_find_table(r->df->to, t->schema, t->name) == t ? r->df->to : r->df->from;
		ref = model_find_table(m, fk->ref_schema, fk->ref_table);
	}
	return ref;
}

static void fk_body(const struct render *r, const struct model_table *t,
		    const struct model_foreign_key *fk)
{
	const struct model_table *ref = fk_target(r, t, fk);

	strbuf_addstr(r->out, "FOREIGN KEY (");
	column_list(r, t, &fk->columns);
	strbuf_addstr(r->out, ") REFERENCES ");
	if (ref)
		table_name(r, ref);
	else
		dialect_pg_append_qualified(r->pg, r->out, fk->ref_schema, fk->ref_table);
	strbuf_addstr(r->out, " (");
	if (ref) {
		column_list(r, ref, &fk->ref_columns);
	} else {
		for (size_t i = 0; i < fk->ref_columns.nr; i++) {
			if (i)
				strbuf_addstr(r->out, ", ");
			dialect_pg_append_ident(r->pg, r->out, fk->ref_columns.items[i]);
		}
	}
	strbuf_addch(r->out, ')');
	if (fk->match_full)
		strbuf_addstr(r->out, " MATCH FULL");
	if (fk->on_delete != FK_NO_ACTION)
		strbuf_addf(r->out, " ON DELETE %s", fk_action_sql(fk->on_delete));
	if (fk->on_update != FK_NO_ACTION)
		strbuf_addf(r->out, " ON UPDATE %s", fk_action_sql(fk->on_update));
	deferrable(r->out, fk->deferrable, fk->initially_deferred);
}

static void unique_body(const struct render *r, const struct model_table *t,
			const struct model_unique *u)
{
	strbuf_addstr(r->out, "UNIQUE ");
	if (u->nulls_not_distinct)
		strbuf_addstr(r->out, "NULLS NOT DISTINCT ");
	strbuf_addch(r->out, '(');
	column_list(r, t, &u->columns);
	strbuf_addch(r->out, ')');
	deferrable(r->out, u->deferrable, u->initially_deferred);
}

static void constraint_name(const struct render *r, const char *name)
{
	strbuf_addstr(r->out, "CONSTRAINT ");
	dialect_pg_append_ident(r->pg, r->out, name);
	strbuf_addch(r->out, ' ');
}

/*
 * A serial with sequence options is made of its parts (what serial is
 * short for): CREATE SEQUENCE with the options first, the column's default
 * nextval() of it, OWNED BY after; so existing rows of an added column are
 * numbered by the options, and no RESTART is ever needed.
 */
static bool serial_with_options(const struct model_column *c)
{
	return c->identity == IDENTITY_SERIAL && c->extra->sequence;
}

static void serial_sequence_name(const struct model_table *t, const struct model_column *c,
				 struct strbuf *out);

static void serial_sequence_qualified(const struct render *r, const struct model_table *t,
				      const struct model_column *c, struct strbuf *out)
{
	struct strbuf seq = STRBUF_INIT;
	const struct model_table *nt = now_table(r, t);

	serial_sequence_name(nt, c, &seq);
	dialect_pg_append_qualified(r->pg, out, nt->schema, seq.buf);
	strbuf_release(&seq);
}

static const char *integer_type_name(const struct model_column *c)
{
	return c->type.kind == TYPE_SMALLINT ? "smallint" : c->type.kind == TYPE_INTEGER ? "integer" : "bigint";
}

/* CREATE SEQUENCE for a serial with options (before its column exists). */
static void create_serial_sequence(const struct render *r, const struct model_table *t, const struct model_column *c)
{
	struct strbuf qseq = STRBUF_INIT;

	serial_sequence_qualified(r, t, c, &qseq);
	strbuf_addf(r->out, "CREATE SEQUENCE %s AS %s %s;\n", qseq.buf, integer_type_name(c), c->extra->sequence);
	strbuf_release(&qseq);
}

/* ALTER SEQUENCE ... OWNED BY for a serial with options (once its column exists). */
static void own_serial_sequence(const struct render *r, const struct model_table *t, const struct model_column *c)
{
	struct strbuf qseq = STRBUF_INIT;

	serial_sequence_qualified(r, t, c, &qseq);
	strbuf_addf(r->out, "ALTER SEQUENCE %s OWNED BY ", qseq.buf);
	table_name(r, t);
	strbuf_addch(r->out, '.');
	column_name(r, c);
	strbuf_addstr(r->out, ";\n");
	strbuf_release(&qseq);
}

static void column_definition(const struct render *r, const struct model_table *t,
			      const struct model_column *c, bool in_create)
{
	bool in_pk = t->pk.name && model_names_find(&t->pk.columns, c->name) >= 0;

	dialect_pg_append_ident(r->pg, r->out, c->name);
	strbuf_addch(r->out, ' ');
	dialect_pg_append_column_type(r->pg, r->out, c, !serial_with_options(c));
	if (c->extra->collation) {
		strbuf_addstr(r->out, " COLLATE ");
		dialect_pg_append_ident(r->pg, r->out, c->extra->collation);
	}
	if (c->extra->generated)
		strbuf_addf(r->out, " GENERATED ALWAYS AS (%s) STORED", c->extra->generated);
	if (c->identity == IDENTITY_ALWAYS)
		strbuf_addstr(r->out, " GENERATED ALWAYS AS IDENTITY");
	else if (c->identity == IDENTITY_BY_DEFAULT)
		strbuf_addstr(r->out, " GENERATED BY DEFAULT AS IDENTITY");
	if (c->extra->sequence && c->identity != IDENTITY_SERIAL)
		strbuf_addf(r->out, " (%s)", c->extra->sequence);
	if (serial_with_options(c)) {
		struct strbuf qseq = STRBUF_INIT;
		serial_sequence_qualified(r, t, c, &qseq);
		strbuf_addstr(r->out, " NOT NULL DEFAULT nextval(");
		dialect_pg_append_literal(r->out, qseq.buf);
		strbuf_addch(r->out, ')');
		strbuf_release(&qseq);
	}
	/* NOT NULL is implied by identity, serial and (in CREATE TABLE) the primary key */
	if (c->not_null && c->identity == IDENTITY_NONE && !(in_create && in_pk))
		strbuf_addstr(r->out, " NOT NULL");
	if (c->default_kind != DEFAULT_NONE) {
		strbuf_addstr(r->out, " DEFAULT ");
		append_default(r->out, c);
	}
}

/* The table ref names, in the model t is in; NULL when it is in neither. */
static const struct model_table *ref_target(const struct render *r, const struct model_table *t,
					    const struct model_table_ref *ref)
{
	const struct model *m;

	if (!r->df || !ref->name || !ref->schema)
		return NULL;
	m = model_find_table(r->df->to, t->schema, t->name) == t ? r->df->to : r->df->from;
	return model_find_table(m, ref->schema, ref->name);
}

/* A partition's parent or an INHERITS parent, by the name the database knows now. */
static void parent_name(const struct render *r, const struct model_table *t, const struct model_table_ref *ref)
{
	const struct model_table *p = ref_target(r, t, ref);

	if (p)
		table_name(r, p);
	else
		dialect_pg_append_qualified(r->pg, r->out, ref->schema ? ref->schema : "", ref->name);
}

/* " WITH (fillfactor=70)": the model keeps them as PostgreSQL prints them. */
static void storage_clause(const struct render *r, const struct model_table *t)
{
	if (!t->storage.nr)
		return;
	strbuf_addstr(r->out, " WITH (");
	for (size_t i = 0; i < t->storage.nr; i++)
		strbuf_addf(r->out, "%s%s", i ? ", " : "", t->storage.items[i]);
	strbuf_addch(r->out, ')');
}

/* ALTER TABLE t [NO] FORCE / ENABLE / DISABLE ROW LEVEL SECURITY for what differs from a (NULL: none). */
static void row_security(const struct render *r, const struct model_table *a, const struct model_table *b)
{
	if (b->row_security != (a && a->row_security)) {
		alter_table(r, b);
		strbuf_addstr(r->out, b->row_security ? "ENABLE ROW LEVEL SECURITY;\n" : "DISABLE ROW LEVEL SECURITY;\n");
	}
	if (b->force_row_security != (a && a->force_row_security)) {
		alter_table(r, b);
		strbuf_addstr(r->out, b->force_row_security ? "FORCE ROW LEVEL SECURITY;\n" : "NO FORCE ROW LEVEL SECURITY;\n");
	}
}

/* The name part of "name=value". */
static size_t storage_key_len(const char *item)
{
	const char *eq = strchr(item, '=');

	return eq ? (size_t)(eq - item) : strlen(item);
}

static bool storage_has_key(const struct model_names *n, const char *item)
{
	size_t len = storage_key_len(item);

	for (size_t i = 0; i < n->nr; i++) {
		if (storage_key_len(n->items[i]) == len && strncmp(n->items[i], item, len) == 0)
			return true;
	}
	return false;
}

/* a's UNLOGGED, row-level security, storage parameters and partition bound -> b's. */
static void set_table_options(const struct render *r, const struct model_table *a, const struct model_table *b)
{
	bool first = true;

	if (a->unlogged != b->unlogged) {
		alter_table(r, b);
		strbuf_addstr(r->out, b->unlogged ? "SET UNLOGGED;\n" : "SET LOGGED;\n");
	}
	row_security(r, a, b);
	for (size_t i = 0; i < a->storage.nr; i++) {
		const char *item = a->storage.items[i];
		if (storage_has_key(&b->storage, item))
			continue;
		if (first)
			alter_table(r, b);
		strbuf_addstr(r->out, first ? "RESET (" : ", ");
		strbuf_add(r->out, item, storage_key_len(item));
		first = false;
	}
	if (!first)
		strbuf_addstr(r->out, ");\n");
	first = true;
	for (size_t i = 0; i < b->storage.nr; i++) {
		if (model_names_find(&a->storage, b->storage.items[i]) >= 0)
			continue;
		if (first)
			alter_table(r, b);
		strbuf_addf(r->out, "%s%s", first ? "SET (" : ", ", b->storage.items[i]);
		first = false;
	}
	if (!first)
		strbuf_addstr(r->out, ");\n");
	if (b->partition_of.name && !model_partition_bound_equal(a->partition_bound, b->partition_bound)) {
		/* a bound cannot change in place: out and back in (ATTACH checks every row against it) */
		strbuf_addstr(r->out, "ALTER TABLE ");
		parent_name(r, b, &b->partition_of);
		strbuf_addstr(r->out, " DETACH PARTITION ");
		table_name(r, b);
		strbuf_addstr(r->out, ";\nALTER TABLE ");
		parent_name(r, b, &b->partition_of);
		strbuf_addstr(r->out, " ATTACH PARTITION ");
		table_name(r, b);
		strbuf_addf(r->out, " %s;\n", b->partition_bound);
	}
}

static void create_table(const struct render *r, const struct op *op)
{
	const struct model_table *t = op->to_table;
	bool first = true;
	size_t open_paren;

	for (size_t i = 0; i < t->nr_columns; i++)
		if (serial_with_options(&t->columns[i]))
			create_serial_sequence(r, t, &t->columns[i]);
	strbuf_addstr(r->out, t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
	dialect_pg_append_qualified(r->pg, r->out, t->schema, t->name);
	if (t->partition_of.name) {
		strbuf_addstr(r->out, " PARTITION OF ");
		parent_name(r, t, &t->partition_of);
	}
	open_paren = r->out->len;
	strbuf_addstr(r->out, " (\n");
	for (size_t i = 0; i < t->nr_columns; i++) {
		strbuf_addstr(r->out, first ? "    " : ",\n    ");
		first = false;
		column_definition(r, t, &t->columns[i], true);
	}
	if (t->pk.name) {
		strbuf_addstr(r->out, first ? "    " : ",\n    ");
		first = false;
		constraint_name(r, t->pk.name);
		strbuf_addstr(r->out, "PRIMARY KEY (");
		column_list(r, t, &t->pk.columns);
		strbuf_addch(r->out, ')');
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		strbuf_addstr(r->out, first ? "    " : ",\n    ");
		first = false;
		constraint_name(r, t->uniques[i].name);
		unique_body(r, t, &t->uniques[i]);
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		strbuf_addstr(r->out, first ? "    " : ",\n    ");
		first = false;
		constraint_name(r, t->checks[i].name);
		strbuf_addf(r->out, "CHECK (%s)%s", t->checks[i].expr, t->checks[i].no_inherit ? " NO INHERIT" : "");
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		if (!op->inline_fks || !op->inline_fks[i])
			continue;
		strbuf_addstr(r->out, first ? "    " : ",\n    ");
		first = false;
		constraint_name(r, t->fks[i].name);
		fk_body(r, t, &t->fks[i]);
	}
	if (first && t->partition_of.name)
		strbuf_setlen(r->out, open_paren); /* nothing of its own: the parent's columns */
	else
		strbuf_addstr(r->out, "\n)");
	if (t->partition_of.name)
		strbuf_addf(r->out, " %s", t->partition_bound);
	for (size_t i = 0; i < t->nr_inherits; i++) {
		strbuf_addstr(r->out, i ? ", " : " INHERITS (");
		parent_name(r, t, &t->inherits[i]);
	}
	if (t->nr_inherits)
		strbuf_addch(r->out, ')');
	if (t->partition_by)
		strbuf_addf(r->out, " PARTITION BY %s", t->partition_by);
	storage_clause(r, t);
	strbuf_addstr(r->out, ";\n");
	for (size_t i = 0; i < t->nr_columns; i++)
		if (serial_with_options(&t->columns[i]))
			own_serial_sequence(r, t, &t->columns[i]);
	row_security(r, NULL, t);
}

static void index_key(const struct render *r, const struct model_table *t,
		      const struct model_index_key *k)
{
	if (k->column)
		column_of(r, t, k->column);
	else
		strbuf_addf(r->out, "(%s)", k->expr);
	if (k->collation) {
		strbuf_addstr(r->out, " COLLATE ");
		dialect_pg_append_ident(r->pg, r->out, k->collation);
	}
	if (k->opclass) {
		strbuf_addch(r->out, ' ');
		dialect_pg_append_ident(r->pg, r->out, k->opclass);
	}
	if (k->sort == SORT_DESC)
		strbuf_addstr(r->out, " DESC");
	if (k->nulls == NULLS_FIRST)
		strbuf_addstr(r->out, " NULLS FIRST");
	else if (k->nulls == NULLS_LAST)
		strbuf_addstr(r->out, " NULLS LAST");
}

/* CREATE INDEX; concurrently, under name (NULL: the index's own). */
static void create_index(const struct render *r, const struct model_table *t,
			 const struct model_index *ix, bool concurrently, const char *name)
{
	strbuf_addstr(r->out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (concurrently)
		strbuf_addstr(r->out, "CONCURRENTLY ");
	dialect_pg_append_ident(r->pg, r->out, name ? name : ix->name);
	strbuf_addstr(r->out, " ON ");
	table_name(r, t);
	if (ix->method && strcmp(ix->method, "btree") != 0) {
		strbuf_addstr(r->out, " USING ");
		dialect_pg_append_ident(r->pg, r->out, ix->method);
	}
	strbuf_addstr(r->out, " (");
	for (size_t i = 0; i < ix->nr_keys; i++) {
		if (i)
			strbuf_addstr(r->out, ", ");
		index_key(r, t, &ix->keys[i]);
	}
	strbuf_addch(r->out, ')');
	if (ix->include.nr) {
		strbuf_addstr(r->out, " INCLUDE (");
		column_list(r, t, &ix->include);
		strbuf_addch(r->out, ')');
	}
	if (ix->nulls_not_distinct)
		strbuf_addstr(r->out, " NULLS NOT DISTINCT");
	if (ix->with && ix->with[0])
		strbuf_addf(r->out, " WITH (%s)", ix->with);
	if (ix->where)
		strbuf_addf(r->out, " WHERE %s", ix->where);
	strbuf_addstr(r->out, ";\n");
}

static void index_name(const struct render *r, const struct model_table *t, const char *name)
{
	dialect_pg_append_qualified(r->pg, r->out, now_table(r, t)->schema, name);
}

/* The sequence behind a serial column, named as PostgreSQL would name it. */
static void serial_sequence_name(const struct model_table *t, const struct model_column *c,
				 struct strbuf *out)
{
	model_make_object_name(t->name, c->name, "seq", out);
}

/* 'schema.table' as pg_get_serial_sequence() wants it: a quoted name in a literal. */
static void table_name_literal(const struct render *r, const struct model_table *t)
{
	struct strbuf name = STRBUF_INIT;
	struct render sub = *r;

	sub.out = &name;
	table_name(&sub, t);
	dialect_pg_append_literal(r->out, name.buf);
	strbuf_release(&name);
}

static void set_sequence_past_max(const struct render *r, const struct model_table *t,
				  const struct model_column *c)
{
	struct strbuf col = STRBUF_INIT;
	struct render sub = *r;

	sub.out = &col;
	column_name(&sub, c);
	strbuf_addstr(r->out, "SELECT setval(pg_get_serial_sequence(");
	table_name_literal(r, t);
	strbuf_addstr(r->out, ", ");
	dialect_pg_append_literal(r->out, (r->df ? diff_now_column(r->df, c) : c)->name);
	if (c->extra->sequence) {
		/*
		 * The options say where to start: the sequence moves only past
		 * the rows that already reach it, in its own direction (a
		 * setval outside MINVALUE..MAXVALUE would fail).
		 */
		struct sqlnorm_sequence seq;
		int bytes = model_type_sequence_bytes(&c->type);
		struct diag sd = DIAG_INIT;
		if (sqlnorm_sequence_parse(c->extra->sequence, bytes, &seq, &sd) < 0)
			abort(); /* model_finish() parsed it */
		diag_release(&sd);
		if (seq.increment > 0)
			strbuf_addf(r->out, "), max(%s) + 1, false) FROM ", col.buf);
		else
			strbuf_addf(r->out, "), min(%s) - 1, false) FROM ", col.buf);
		table_name(r, t);
		strbuf_addf(r->out, " HAVING %s(%s) %s %lld;\n", seq.increment > 0 ? "max" : "min", col.buf,
			    seq.increment > 0 ? ">=" : "<=", seq.start);
	} else {
		strbuf_addf(r->out, "), coalesce(max(%s), 0) + 1, false) FROM ", col.buf);
		table_name(r, t);
		strbuf_addstr(r->out, ";\n");
	}
	strbuf_release(&col);
}

/* ALTER SEQUENCE ... AS type for a serial column's sequence, under whatever name it has. */
static void serial_sequence_as(const struct render *r, const struct model_table *t,
			       const struct model_column *c, const char *type)
{
	strbuf_addstr(r->out, "DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence(");
	table_name_literal(r, t);
	strbuf_addstr(r->out, ", ");
	dialect_pg_append_literal(r->out, (r->df ? diff_now_column(r->df, c) : c)->name);
	strbuf_addf(r->out, ") || ' AS %s'; END $mig$;\n", type);
}

/* An object kept as SQL as COMMENT ON and DROP name it: VIEW "v", FUNCTION "f"(integer), TRIGGER "t" ON "users". */
static void object_reference(const struct render *r, const struct model_object *o)
{
	const struct model_object_kind_info *k = &model_object_kinds[o->kind];

	strbuf_addf(r->out, "%s ", k->noun);
	switch (o->kind) {
	case OBJECT_EXTENSION:
		dialect_pg_append_ident(r->pg, r->out, o->name);
		break;
	case OBJECT_FUNCTION: case OBJECT_PROCEDURE: case OBJECT_AGGREGATE: {
		/* name(argument types): the name quoted, the types as PostgreSQL printed them */
		size_t bare = strcspn(o->name, "(");
		char *name = xstrndup(o->name, bare);
		dialect_pg_append_qualified(r->pg, r->out, o->schema, name);
		strbuf_addstr(r->out, o->name[bare] ? o->name + bare : "()");
		free(name);
		break;
	}
	case OBJECT_INDEX:
		dialect_pg_append_qualified(r->pg, r->out, o->schema, o->name);
		break;
	default:
		if (k->on_table) {
			dialect_pg_append_ident(r->pg, r->out, o->name);
			strbuf_addstr(r->out, " ON ");
			dialect_pg_append_qualified(r->pg, r->out, o->schema, o->table);
		} else {
			dialect_pg_append_qualified(r->pg, r->out, o->schema, o->name);
		}
		break;
	}
}

static void grantee(const struct render *r, const char *role)
{
	if (strcasecmp(role, "PUBLIC") == 0)
		strbuf_addstr(r->out, "PUBLIC");
	else
		dialect_pg_append_ident(r->pg, r->out, role);
}

static const char *after_last_keyword(const char *s, const char *keyword);

/* The object's SQL as one statement list ending in ";\n"; or_replace: as CREATE OR REPLACE. */
static void object_sql(const struct render *r, const struct model_object *o, bool or_replace)
{
	const char *def = o->definition, *owned;
	size_t len = strlen(def);

	if (o->kind == OBJECT_GRANT) {
		struct model_grant_list lists[MODEL_GRANT_LISTS_MAX];
		size_t n = model_grant_lists(def, lists, MODEL_GRANT_LISTS_MAX);
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(r->out, "GRANT ");
			strbuf_add(r->out, lists[i].privileges, lists[i].len);
			strbuf_addf(r->out, " ON %s TO ", o->table);
			grantee(r, o->name);
			strbuf_addstr(r->out, lists[i].with_option ? " WITH GRANT OPTION;\n" : ";\n");
		}
		return;
	}
	while (len && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n' || def[len - 1] == '\t'))
		len--;
	/* a sequence OWNED BY a column takes its owner first: PostgreSQL wants the table's owner on both */
	if (o->kind == OBJECT_SEQUENCE && o->owner && (owned = after_last_keyword(def, " OWNED BY ")) != NULL &&
	    (size_t)(owned - def) <= len) {
		strbuf_add(r->out, def, (size_t)(owned - def) - strlen(" OWNED BY "));
		strbuf_addstr(r->out, ";\nALTER SEQUENCE ");
		dialect_pg_append_qualified(r->pg, r->out, o->schema, o->name);
		strbuf_addstr(r->out, " OWNER TO ");
		dialect_pg_append_ident(r->pg, r->out, o->owner);
		strbuf_addstr(r->out, ";\nALTER SEQUENCE ");
		dialect_pg_append_qualified(r->pg, r->out, o->schema, o->name);
		strbuf_addstr(r->out, " OWNED BY ");
		strbuf_add(r->out, owned, len - (size_t)(owned - def));
		strbuf_addstr(r->out, ";\n");
		return;
	}
	if (or_replace && strncasecmp(def, "CREATE ", 7) == 0 && strncasecmp(def + 7, "OR REPLACE ", 11) != 0) {
		strbuf_addstr(r->out, "CREATE OR REPLACE ");
		strbuf_add(r->out, def + 7, len - 7);
	} else {
		strbuf_add(r->out, def, len);
	}
	strbuf_addstr(r->out, ";\n");
}

static void drop_object(const struct render *r, const struct model_object *o)
{
	switch (o->kind) {
	case OBJECT_GRANT: {
		struct model_grant_list lists[MODEL_GRANT_LISTS_MAX];
		size_t n = model_grant_lists(o->definition, lists, MODEL_GRANT_LISTS_MAX);
		/* a privilege revoked takes its grant option with it */
		strbuf_addstr(r->out, "REVOKE ");
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addstr(r->out, ", ");
			strbuf_add(r->out, lists[i].privileges, lists[i].len);
		}
		strbuf_addf(r->out, " ON %s FROM ", o->table);
		grantee(r, o->name);
		break;
	}
	case OBJECT_CONSTRAINT:
		strbuf_addstr(r->out, "ALTER TABLE ");
		dialect_pg_append_qualified(r->pg, r->out, o->schema, o->table);
		strbuf_addstr(r->out, " DROP CONSTRAINT ");
		dialect_pg_append_ident(r->pg, r->out, o->name);
		break;
	default:
		strbuf_addstr(r->out, "DROP ");
		object_reference(r, o);
		break;
	}
	strbuf_addstr(r->out, ";\n");
}

/* Is check a (of a CREATE DOMAIN) the same constraint as b? */
static bool same_domain_check(const char *a, const char *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	strbuf_addf(&x, "CREATE DOMAIN d AS integer %s", a);
	strbuf_addf(&y, "CREATE DOMAIN d AS integer %s", b);
	same = sqlnorm_statements_equal(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

static int find_domain_check(const struct sqlnorm_domain *dom, const char *name, const char *text)
{
	for (size_t i = 0; i < dom->nr_checks; i++) {
		if (strcmp(dom->check_names[i], name) == 0 && same_domain_check(dom->checks[i], text))
			return (int)i;
	}
	return -1;
}

static void alter_domain_head(const struct render *r, const struct model_object *o)
{
	strbuf_addstr(r->out, "ALTER DOMAIN ");
	dialect_pg_append_qualified(r->pg, r->out, o->schema, o->name);
	strbuf_addch(r->out, ' ');
}

/*
 * A domain changes in place (its columns keep it): default, NOT NULL and
 * checks, one ALTER DOMAIN each. Returns -1 (nothing written) when its type
 * changes: that needs a new domain.
 */
static int alter_domain(const struct render *r, const struct model_object *from, const struct model_object *to)
{
	struct sqlnorm_domain a, b;
	struct strbuf name = STRBUF_INIT;
	int ret = -1;

	if (sqlnorm_domain_parts(from->definition, &a) < 0)
		return -1;
	if (sqlnorm_domain_parts(to->definition, &b) < 0) {
		sqlnorm_domain_release(&a);
		return -1;
	}
	if (!same_domain_check(a.type, b.type))
		goto out;
	for (size_t i = 0; i < a.nr_checks; i++) {
		if (find_domain_check(&b, a.check_names[i], a.checks[i]) >= 0)
			continue;
		alter_domain_head(r, to);
		strbuf_addstr(r->out, "DROP CONSTRAINT ");
		strbuf_reset(&name);
		if (!a.check_names[i][0])
			strbuf_addf(&name, "%s_check", from->name);
		dialect_pg_append_ident(r->pg, r->out, a.check_names[i][0] ? a.check_names[i] : name.buf);
		strbuf_addstr(r->out, ";\n");
	}
	if (!model_expr_equal(a.default_expr, b.default_expr)) {
		alter_domain_head(r, to);
		if (b.default_expr)
			strbuf_addf(r->out, "SET DEFAULT %s;\n", b.default_expr);
		else
			strbuf_addstr(r->out, "DROP DEFAULT;\n");
	}
	if (a.not_null != b.not_null) {
		alter_domain_head(r, to);
		strbuf_addstr(r->out, b.not_null ? "SET NOT NULL;\n" : "DROP NOT NULL;\n");
	}
	for (size_t i = 0; i < b.nr_checks; i++) {
		if (find_domain_check(&a, b.check_names[i], b.checks[i]) >= 0)
			continue;
		alter_domain_head(r, to);
		strbuf_addf(r->out, "ADD %s;\n", b.checks[i]);
	}
	ret = 0;
out:
	sqlnorm_domain_release(&a);
	sqlnorm_domain_release(&b);
	strbuf_release(&name);
	return ret;
}

/* After keyword (case-insensitive, the last one) in s, or NULL. */
static const char *after_last_keyword(const char *s, const char *keyword)
{
	size_t n = strlen(keyword);
	const char *found = NULL;

	for (const char *p = s; *p; p++) {
		if (strncasecmp(p, keyword, n) == 0)
			found = p + n;
	}
	return found;
}

/*
 * ALTER ... RENAME TO: a constraint through its table; an object on a table
 * (trigger, rule, policy) ON it; a function with its argument types.
 */
static void rename_object(const struct render *r, const struct model_object *from, const struct model_object *to)
{
	size_t bare = strcspn(to->name, "(");
	char *name = xstrndup(to->name, bare);

	if (from->kind == OBJECT_CONSTRAINT) {
		strbuf_addstr(r->out, "ALTER TABLE ");
		dialect_pg_append_qualified(r->pg, r->out, from->schema, from->table);
		strbuf_addstr(r->out, " RENAME CONSTRAINT ");
		dialect_pg_append_ident(r->pg, r->out, from->name);
		strbuf_addstr(r->out, " TO ");
	} else {
		strbuf_addstr(r->out, "ALTER ");
		object_reference(r, from);
		strbuf_addstr(r->out, " RENAME TO ");
	}
	dialect_pg_append_ident(r->pg, r->out, name);
	strbuf_addstr(r->out, ";\n");
	free(name);
}

/*
 * An object whose definition changed, in place where PostgreSQL can keep
 * what stands on it: CREATE OR REPLACE a function, ALTER SEQUENCE, ALTER
 * DOMAIN, ALTER EXTENSION ... UPDATE; anything else is dropped and created.
 */
static void replace_object(const struct render *r, const struct model_object *from, const struct model_object *to)
{
	switch (to->kind) {
	case OBJECT_FUNCTION:
	case OBJECT_PROCEDURE:
		object_sql(r, to, true);
		return;
	case OBJECT_SEQUENCE: {
		const char *rest = after_last_keyword(to->definition, "CREATE SEQUENCE ");
		if (!rest || rest != to->definition + strlen("CREATE SEQUENCE "))
			break;
		if (strncasecmp(rest, "IF NOT EXISTS ", 14) == 0)
			rest += 14;
		strbuf_addstr(r->out, "ALTER SEQUENCE ");
		strbuf_add(r->out, rest, strcspn(rest, ";"));
		/* ALTER SEQUENCE changes only the options it names: those left to their defaults are set back */
		sqlnorm_sequence_unnamed_defaults(to->definition, r->out);
		if (!after_last_keyword(rest, " OWNED BY ") && after_last_keyword(from->definition, " OWNED BY "))
			strbuf_addstr(r->out, " OWNED BY NONE");
		strbuf_addstr(r->out, ";\n");
		return;
	}
	case OBJECT_DOMAIN:
		if (alter_domain(r, from, to) == 0)
			return;
		break;
	case OBJECT_EXTENSION: {
		const char *version = after_last_keyword(to->definition, " VERSION ");
		if (!version)
			break;
		strbuf_addstr(r->out, "ALTER EXTENSION ");
		dialect_pg_append_ident(r->pg, r->out, to->name);
		strbuf_addstr(r->out, " UPDATE TO ");
		strbuf_add(r->out, version, strcspn(version, "; \n"));
		strbuf_addstr(r->out, ";\n");
		return;
	}
	default:
		break;
	}
	drop_object(r, from);
	object_sql(r, to, false);
}

static void comment_on(const struct render *r, const struct op *op)
{
	const struct model_table *t = op->to_table ? op->to_table : op->from_table;

	strbuf_addstr(r->out, "COMMENT ON ");
	switch (op->object) {
	case DIFF_SCHEMA:
		strbuf_addstr(r->out, "SCHEMA ");
		dialect_pg_append_ident(r->pg, r->out, (op->to.schema ? op->to.schema : op->from.schema)->name);
		break;
	case DIFF_ENUM: {
		const struct model_enum *e = op->to.enum_type ? op->to.enum_type : op->from.enum_type;
		strbuf_addstr(r->out, "TYPE ");
		dialect_pg_append_qualified(r->pg, r->out, e->schema, e->name);
		break;
	}
	case DIFF_TABLE:
		strbuf_addstr(r->out, "TABLE ");
		table_name(r, t);
		break;
	case DIFF_COLUMN:
		strbuf_addstr(r->out, "COLUMN ");
		table_name(r, t);
		strbuf_addch(r->out, '.');
		column_name(r, op->to.column ? op->to.column : op->from.column);
		break;
	case DIFF_OBJECT:
		object_reference(r, op->to.object ? op->to.object : op->from.object);
		break;
	case DIFF_INDEX: {
		/* a kept index has its new name by now, in either direction */
		const struct model_index *ix = op->to.index ? op->to.index : op->from.index;
		if (op->from.index && op->to.index && r->df && op->from_table &&
		    !diff_table_kept(r->df, op->from_table))
			ix = op->from.index;
		strbuf_addstr(r->out, "INDEX ");
		index_name(r, t, ix->name);
		break;
	}
	case DIFF_PRIMARY_KEY:
	case DIFF_UNIQUE:
	case DIFF_FOREIGN_KEY:
	case DIFF_CHECK: {
		/* as for an index: a kept constraint has its new name by now */
		union diff_ref con = op->to.any ? op->to : op->from;
		if (op->from.any && op->to.any && r->df && op->from_table && !diff_table_kept(r->df, op->from_table))
			con = op->from;
		strbuf_addstr(r->out, "CONSTRAINT ");
		dialect_pg_append_ident(r->pg, r->out, diff_object_name(op->object, con));
		strbuf_addstr(r->out, " ON ");
		table_name(r, t);
		break;
	}
	default:
		break;
	}
	strbuf_addstr(r->out, " IS ");
	if (op->to_comment)
		dialect_pg_append_literal(r->out, op->to_comment);
	else
		strbuf_addstr(r->out, "NULL");
	strbuf_addstr(r->out, ";\n");
}

/*
 * ALTER ... OWNER TO: the model's role, or CURRENT_USER when the model
 * names none (PostgreSQL 14+): the migrating role, who owns what it creates.
 */
static void set_owner(const struct render *r, const struct op *op)
{
	const struct model_table *t = op->to_table ? op->to_table : op->from_table;

	strbuf_addstr(r->out, "ALTER ");
	switch (op->object) {
	case DIFF_SCHEMA:
		strbuf_addstr(r->out, "SCHEMA ");
		dialect_pg_append_ident(r->pg, r->out, (op->to.schema ? op->to.schema : op->from.schema)->name);
		break;
	case DIFF_TABLE:
		strbuf_addstr(r->out, "TABLE ");
		table_name(r, t);
		break;
	case DIFF_OBJECT:
		object_reference(r, op->to.object ? op->to.object : op->from.object);
		break;
	default:
		break;
	}
	strbuf_addstr(r->out, " OWNER TO ");
	if (op->to_owner)
		dialect_pg_append_ident(r->pg, r->out, op->to_owner);
	else
		strbuf_addstr(r->out, "CURRENT_USER");
	strbuf_addstr(r->out, ";\n");
}

/*
 * An enum whose values change beyond appending: a new type under the old
 * name, every column of it cast through text, the old type dropped. Rows
 * holding a removed value make the cast fail, so no value is lost silently.
 * It runs after the renames and the dropped columns, before the other
 * column changes (in either direction): the columns of the type are the
 * kept columns of in_model (the old model), and each gets the default it
 * has in the model of the new type (a default of the old type may not
 * cast, so diff leaves that default to this).
 */
static void rebuild_enum(const struct render *r, const struct model_enum *from,
			 const struct model_enum *to, const struct model *in_model)
{
	struct strbuf old = STRBUF_INIT;
	bool up = r->df && model_find_enum(r->df->to, to->schema, to->name) == to;

	model_make_object_name(to->name, NULL, "mig_old", &old);
	strbuf_addstr(r->out, "ALTER TYPE ");
	dialect_pg_append_qualified(r->pg, r->out, from->schema, from->name);
	strbuf_addstr(r->out, " RENAME TO ");
	dialect_pg_append_ident(r->pg, r->out, old.buf);
	strbuf_addstr(r->out, ";\nCREATE TYPE ");
	dialect_pg_append_qualified(r->pg, r->out, to->schema, to->name);
	strbuf_addstr(r->out, " AS ENUM (");
	for (size_t i = 0; i < to->values.nr; i++) {
		if (i)
			strbuf_addstr(r->out, ", ");
		dialect_pg_append_literal(r->out, to->values.items[i]);
	}
	strbuf_addstr(r->out, ");\n");
	for (size_t i = 0; in_model && i < in_model->nr_tables; i++) {
		const struct model_table *t = in_model->tables[i];
		if (r->df && !diff_table_kept(r->df, t))
			continue;
		for (size_t k = 0; k < t->nr_columns; k++) {
			const struct model_column *c = &t->columns[k], *now = c, *target = c;
			if (c->extra->pg_type || c->type.kind != TYPE_ENUM || strcmp(c->type.enum_name, from->name) != 0 ||
			    strcmp(c->type.enum_schema, from->schema) != 0)
				continue;
			if (r->df) {
				if (!diff_column_kept(r->df, c))
					continue;
				now = diff_now_column(r->df, c);
				/* a later type change sets the default */
				target = !model_type_equal(&c->type, &now->type) ? NULL : up ? now : c;
			}
			if (c->default_kind != DEFAULT_NONE || now->default_kind != DEFAULT_NONE) {
				alter_column(r, t, c);
				strbuf_addstr(r->out, "DROP DEFAULT;\n");
			}
			alter_column(r, t, c);
			strbuf_addstr(r->out, "TYPE ");
			dialect_pg_append_column_type(r->pg, r->out, c, false);
			strbuf_addstr(r->out, " USING ");
			column_name(r, c);
			strbuf_addstr(r->out, c->type.array_dims ? "::text[]::" : "::text::");
			dialect_pg_append_column_type(r->pg, r->out, c, false);
			strbuf_addstr(r->out, ";\n");
			if (target && target->default_kind != DEFAULT_NONE) {
				alter_column(r, t, c);
				strbuf_addstr(r->out, "SET DEFAULT ");
				append_default(r->out, target);
				strbuf_addstr(r->out, ";\n");
			}
		}
	}
	strbuf_addstr(r->out, "DROP TYPE ");
	dialect_pg_append_qualified(r->pg, r->out, to->schema, old.buf);
	strbuf_addstr(r->out, ";\n");
	strbuf_release(&old);
}

/*
 * A column's generation changes: generated -> plain keeps the values (DROP
 * EXPRESSION) and sets the plain column's default; anything else drops the
 * column and adds it back generated (PostgreSQL before 18 changes no
 * expression in place), its values computed, its comment set again (the
 * diff makes its indexes and checks again around this).
 */
static void set_generated(const struct render *r, const struct model_table *t, const struct model_column *a,
			  const struct model_column *b)
{
	struct model_column now = *b;

	if (!b->extra->generated) {
		alter_column(r, t, a);
		strbuf_addstr(r->out, "DROP EXPRESSION;\n");
		if (b->default_kind != DEFAULT_NONE) {
			alter_column(r, t, a);
			strbuf_addstr(r->out, "SET DEFAULT ");
			append_default(r->out, b);
			strbuf_addstr(r->out, ";\n");
		}
		return;
	}
	alter_table(r, t);
	strbuf_addstr(r->out, "DROP COLUMN ");
	column_name(r, a);
	strbuf_addstr(r->out, ";\n");
	alter_table(r, t);
	strbuf_addstr(r->out, "ADD COLUMN ");
	if (r->df)
		now.name = diff_now_column(r->df, b)->name;
	column_definition(r, t, &now, false);
	strbuf_addstr(r->out, ";\n");
	if (b->extra->comment) {
		strbuf_addstr(r->out, "COMMENT ON COLUMN ");
		table_name(r, t);
		strbuf_addch(r->out, '.');
		dialect_pg_append_ident(r->pg, r->out, now.name);
		strbuf_addstr(r->out, " IS ");
		dialect_pg_append_literal(r->out, b->extra->comment);
		strbuf_addstr(r->out, ";\n");
	}
}

/*
 * The concurrent style: an index dropped and built under the same name in
 * one section is a changed index: the new one is built first, under a
 * temporary name, so that queries always have one.
 */
static bool index_rebuilt(const struct render *r, const struct op *op)
{
	enum op_kind other = op->kind == OP_CREATE_INDEX ? OP_DROP_INDEX : OP_CREATE_INDEX;
	const char *name = op->kind == OP_CREATE_INDEX ? op->to.index->name : op->from.index->name;

	for (size_t i = 0; i < r->nr_ops; i++) {
		const struct op *o = r->ops[i];
		const struct model_table *a, *b;
		if (o->kind != other ||
		    strcmp(other == OP_CREATE_INDEX ? o->to.index->name : o->from.index->name, name) != 0)
			continue;
		a = now_table(r, o->to_table ? o->to_table : o->from_table);
		b = now_table(r, op->to_table ? op->to_table : op->from_table);
		if (strcmp(a->name, b->name) == 0 && strcmp(a->schema, b->schema) == 0)
			return true;
	}
	return false;
}

/* name with a suffix, within PostgreSQL's 63 bytes (never splitting a character). */
static void suffixed_name(const char *name, const char *suffix, struct strbuf *out)
{
	size_t room = 63 - strlen(suffix), len = strlen(name);

	if (len > room) {
		len = room;
		while (len && ((unsigned char)name[len] & 0xC0) == 0x80)
			len--;
	}
	strbuf_add(out, name, len);
	strbuf_addstr(out, suffix);
}

static void validate_constraint(const struct render *r, const struct model_table *t, const char *name)
{
	alter_table(r, t);
	strbuf_addstr(r->out, "VALIDATE CONSTRAINT ");
	dialect_pg_append_ident(r->pg, r->out, name);
	strbuf_addstr(r->out, ";\n");
}

/* CREATE INDEX CONCURRENTLY; a changed index built beside the old one, which then goes. */
static void create_index_concurrently(const struct render *r, const struct model_table *t,
				      const struct model_index *ix)
{
	struct strbuf tmp = STRBUF_INIT;

	if (!index_rebuilt(r, &(struct op){ .kind = OP_CREATE_INDEX, .to.index = ix, .to_table = t })) {
		create_index(r, t, ix, true, NULL);
		return;
	}
	suffixed_name(ix->name, "_mig_new", &tmp);
	create_index(r, t, ix, true, tmp.buf);
	strbuf_addstr(r->out, "DROP INDEX CONCURRENTLY IF EXISTS ");
	index_name(r, t, ix->name);
	strbuf_addstr(r->out, ";\nALTER INDEX ");
	index_name(r, t, tmp.buf);
	strbuf_addstr(r->out, " RENAME TO ");
	dialect_pg_append_ident(r->pg, r->out, ix->name);
	strbuf_addstr(r->out, ";\n");
	strbuf_release(&tmp);
}

/* UPDATE t SET c = fill WHERE c IS NULL, for a column made NOT NULL. */
static void fill_nulls(const struct render *r, const struct model_table *t, const struct op *op)
{
	const struct model_column *b = op->to.column;

	strbuf_addstr(r->out, "UPDATE ");
	table_name(r, t);
	strbuf_addstr(r->out, " SET ");
	column_name(r, b);
	strbuf_addstr(r->out, " = ");
	if (op->fill_is_expr)
		strbuf_addstr(r->out, op->fill);
	else
		dialect_pg_append_typed_literal(r->out, &b->type, op->fill);
	strbuf_addstr(r->out, " WHERE ");
	column_name(r, b);
	strbuf_addstr(r->out, " IS NULL;\n");
}

/*
 * NOT NULL without a long ACCESS EXCLUSIVE scan: a CHECK (c IS NOT NULL)
 * added NOT VALID and validated (a weak lock), which SET NOT NULL then
 * trusts instead of scanning; the check goes after. Existing NULL rows get
 * their fill first, before the check makes updates of them fail, and once
 * more after it, for a NULL a transaction open meanwhile committed.
 */
static void set_not_null_online(const struct render *r, const struct model_table *t, const struct op *op)
{
	const struct model_column *b = op->to.column;
	struct strbuf check = STRBUF_INIT;

	suffixed_name(b->name, "_mig_not_null", &check);
	if (op->fill)
		fill_nulls(r, t, op);
	alter_table(r, t);
	strbuf_addstr(r->out, "ADD ");
	constraint_name(r, check.buf);
	strbuf_addstr(r->out, "CHECK (");
	column_name(r, b);
	strbuf_addstr(r->out, " IS NOT NULL) NOT VALID;\n");
	/* again: what a transaction open during the first fill committed (the check now stops new NULLs) */
	if (op->fill)
		fill_nulls(r, t, op);
	validate_constraint(r, t, check.buf);
	alter_column(r, t, b);
	strbuf_addstr(r->out, "SET NOT NULL;\n");
	alter_table(r, t);
	/* IF EXISTS: a run killed right after it resumes with it */
	strbuf_addstr(r->out, "DROP CONSTRAINT IF EXISTS ");
	dialect_pg_append_ident(r->pg, r->out, check.buf);
	strbuf_addstr(r->out, ";\n");
	strbuf_release(&check);
}

/* A unique constraint over an index built concurrently (ADD ... USING INDEX takes it over, renamed). */
static void add_unique_online(const struct render *r, const struct model_table *t, const struct model_unique *u)
{
	strbuf_addstr(r->out, "CREATE UNIQUE INDEX CONCURRENTLY ");
	dialect_pg_append_ident(r->pg, r->out, u->name);
	strbuf_addstr(r->out, " ON ");
	table_name(r, t);
	strbuf_addstr(r->out, " (");
	column_list(r, t, &u->columns);
	strbuf_addch(r->out, ')');
	if (u->nulls_not_distinct)
		strbuf_addstr(r->out, " NULLS NOT DISTINCT");
	strbuf_addstr(r->out, ";\n");
	alter_table(r, t);
	strbuf_addstr(r->out, "ADD ");
	constraint_name(r, u->name);
	strbuf_addstr(r->out, "UNIQUE USING INDEX ");
	dialect_pg_append_ident(r->pg, r->out, u->name);
	deferrable(r->out, u->deferrable, u->initially_deferred);
	strbuf_addstr(r->out, ";\n");
}

static void destructive_note(const struct render *r, const struct op *op)
{
	diff_describe_destructive_note(op, true, r->out);
}

/* The down of a dropped column: its values are gone; say what existing rows get. */
static void render(const struct render *rr, const struct op *op)
{
	const struct model_table *t = op->to_table ? op->to_table : op->from_table;
	const struct model_column *a = op->object == DIFF_COLUMN ? op->from.column : NULL;
	const struct model_column *b = op->object == DIFF_COLUMN ? op->to.column : NULL;
	struct strbuf *out = rr->out;
	struct render raw = *rr;
	const struct render *r = rr;

	if (op->before_renames) {
		raw.df = NULL; /* every name as in the op's own model */
		r = &raw;
	}

	destructive_note(r, op);
	switch (op->kind) {
	case OP_CREATE_SCHEMA:
		strbuf_addstr(out, "CREATE SCHEMA ");
		dialect_pg_append_ident(r->pg, out, op->to.schema->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_DROP_SCHEMA:
		strbuf_addstr(out, "DROP SCHEMA ");
		dialect_pg_append_ident(r->pg, out, op->from.schema->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_CREATE_ENUM:
		strbuf_addstr(out, "CREATE TYPE ");
		dialect_pg_append_qualified(r->pg, out, op->to.enum_type->schema, op->to.enum_type->name);
		strbuf_addstr(out, " AS ENUM (");
		for (size_t i = 0; i < op->to.enum_type->values.nr; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			dialect_pg_append_literal(out, op->to.enum_type->values.items[i]);
		}
		strbuf_addstr(out, ");\n");
		break;
	case OP_DROP_ENUM:
		strbuf_addstr(out, "DROP TYPE ");
		dialect_pg_append_qualified(r->pg, out, op->from.enum_type->schema, op->from.enum_type->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_ADD_ENUM_VALUE:
		strbuf_addstr(out, "ALTER TYPE ");
		dialect_pg_append_qualified(r->pg, out, op->to.enum_type->schema, op->to.enum_type->name);
		strbuf_addstr(out, " ADD VALUE ");
		dialect_pg_append_literal(out, op->enum_value);
		if (op->enum_neighbour) {
			strbuf_addstr(out, op->enum_before ? " BEFORE " : " AFTER ");
			dialect_pg_append_literal(out, op->enum_neighbour);
		}
		strbuf_addstr(out, ";\n");
		break;
	case OP_REMOVE_ENUM_VALUE:
		/* PostgreSQL cannot drop an enum value: rebuild without the added ones */
		rebuild_enum(r, op->from.enum_type, op->to.enum_type, op->in_model);
		break;
	case OP_REBUILD_ENUM:
		rebuild_enum(r, op->from.enum_type, op->to.enum_type, op->in_model);
		break;
	case OP_CREATE_TABLE:
		create_table(r, op);
		break;
	case OP_DROP_TABLE:
		strbuf_addstr(out, "DROP TABLE ");
		table_name(r, op->from_table);
		strbuf_addstr(out, ";\n");
		break;
	case OP_RENAME_TABLE:
		strbuf_addstr(out, "ALTER TABLE ");
		dialect_pg_append_qualified(r->pg, out, op->from_table->schema, op->from_name);
		strbuf_addstr(out, " RENAME TO ");
		dialect_pg_append_ident(r->pg, out, op->to_name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_ADD_COLUMN:
		if (op->values_lost)
			diff_describe_lost_values_note(op, t, r->out);
		if (serial_with_options(b))
			create_serial_sequence(r, t, b);
		alter_table(r, t);
		strbuf_addstr(out, "ADD COLUMN ");
		column_definition(r, t, b, false);
		if (op->fill && b->default_kind == DEFAULT_NONE && !b->extra->generated) {
			/* existing rows get the fill; new rows must give a value */
			strbuf_addstr(out, " DEFAULT ");
			dialect_pg_append_typed_literal(out, &b->type, op->fill);
			strbuf_addstr(out, ";\n");
			alter_column(r, t, b);
			strbuf_addstr(out, "DROP DEFAULT");
		}
		strbuf_addstr(out, ";\n");
		if (serial_with_options(b))
			own_serial_sequence(r, t, b);
		break;
	case OP_DROP_COLUMN:
		alter_table(r, t);
		strbuf_addstr(out, "DROP COLUMN ");
		column_name(r, a);
		strbuf_addstr(out, ";\n");
		break;
	case OP_RENAME_COLUMN:
		alter_table(r, t);
		strbuf_addstr(out, "RENAME COLUMN ");
		dialect_pg_append_ident(r->pg, out, op->from_name);
		strbuf_addstr(out, " TO ");
		dialect_pg_append_ident(r->pg, out, op->to_name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_ALTER_TYPE: {
		struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
		dialect_pg_append_column_type(r->pg, &ta, a, false);
		dialect_pg_append_column_type(r->pg, &tb, b, false);
		if (strcmp(ta.buf, tb.buf) == 0 && model_str_equal(a->extra->collation, b->extra->collation)) {
			strbuf_release(&ta);
			strbuf_release(&tb);
			break; /* the difference is in another dialect's type */
		}
		if (op->drop_default) {
			alter_column(r, t, b);
			strbuf_addstr(out, "DROP DEFAULT;\n");
		}
		alter_column(r, t, b);
		strbuf_addf(out, "TYPE %s", tb.buf);
		if (b->extra->collation) {
			strbuf_addstr(out, " COLLATE ");
			dialect_pg_append_ident(r->pg, out, b->extra->collation);
		}
		if (op->retype) {
			strbuf_addstr(out, " USING ");
			column_name(r, b);
			if (op->cast_via_text)
				strbuf_addstr(out, a->type.array_dims ? "::text[]" : "::text");
			strbuf_addf(out, "::%s", tb.buf);
		}
		strbuf_addstr(out, ";\n");
		if (op->set_default) {
			alter_column(r, t, b);
			strbuf_addstr(out, "SET DEFAULT ");
			append_default(out, b);
			strbuf_addstr(out, ";\n");
		}
		if (op->retype_sequence)
			serial_sequence_as(r, t, b, tb.buf);
		strbuf_release(&ta);
		strbuf_release(&tb);
		break;
	}
	case OP_SET_NOT_NULL:
		if (r->concurrent) {
			set_not_null_online(r, t, op);
			break;
		}
		if (op->fill)
			fill_nulls(r, t, op);
		alter_column(r, t, b);
		strbuf_addstr(out, "SET NOT NULL;\n");
		break;
	case OP_DROP_NOT_NULL:
		alter_column(r, t, b);
		strbuf_addstr(out, "DROP NOT NULL;\n");
		break;
	case OP_SET_DEFAULT:
		alter_column(r, t, b);
		if (b->default_kind == DEFAULT_NONE) {
			strbuf_addstr(out, "DROP DEFAULT;\n");
		} else {
			strbuf_addstr(out, "SET DEFAULT ");
			append_default(out, b);
			strbuf_addstr(out, ";\n");
		}
		break;
	case OP_ADD_IDENTITY:
		alter_column(r, t, b);
		strbuf_addstr(out, b->identity == IDENTITY_ALWAYS ? "ADD GENERATED ALWAYS AS IDENTITY" :
								    "ADD GENERATED BY DEFAULT AS IDENTITY");
		if (b->extra->sequence)
			strbuf_addf(out, " (%s)", b->extra->sequence);
		strbuf_addstr(out, ";\n");
		set_sequence_past_max(r, t, b);
		break;
	case OP_DROP_IDENTITY:
		alter_column(r, t, a);
		strbuf_addstr(out, "DROP IDENTITY;\n");
		break;
	case OP_SET_IDENTITY:
		alter_column(r, t, b);
		strbuf_addstr(out, b->identity == IDENTITY_ALWAYS ? "SET GENERATED ALWAYS;\n" :
								    "SET GENERATED BY DEFAULT;\n");
		break;
	case OP_ADD_SERIAL: {
		struct strbuf seq = STRBUF_INIT, qseq = STRBUF_INIT;
		const struct model_table *nt = now_table(r, t);
		serial_sequence_name(nt, b, &seq);
		dialect_pg_append_qualified(r->pg, &qseq, nt->schema, seq.buf);
		strbuf_addf(out, "CREATE SEQUENCE %s AS %s%s%s OWNED BY ", qseq.buf, integer_type_name(b),
			    b->extra->sequence ? " " : "", b->extra->sequence ? b->extra->sequence : "");
		table_name(r, t);
		strbuf_addch(out, '.');
		column_name(r, b);
		strbuf_addstr(out, ";\n");
		alter_column(r, t, b);
		strbuf_addstr(out, "SET DEFAULT nextval(");
		dialect_pg_append_literal(out, qseq.buf);
		strbuf_addstr(out, ");\n");
		set_sequence_past_max(r, t, b);
		strbuf_release(&seq);
		strbuf_release(&qseq);
		break;
	}
	case OP_SET_SEQUENCE: {
		/*
		 * Every option named, the defaults too: one going back to its
		 * default is reset. No RESTART (the current value is data),
		 * except for a sequence that never gave a value when the old
		 * start is outside the new range: PostgreSQL would refuse the
		 * range, and such a sequence has no value to keep.
		 */
		struct sqlnorm_sequence seq, was;
		struct diag sd = DIAG_INIT;
		struct strbuf opts = STRBUF_INIT;
		const char *name = (r->df ? diff_now_column(r->df, b) : b)->name;
		int bytes = model_type_sequence_bytes(&b->type);
		bool restart_unused;
		if (sqlnorm_sequence_parse(b->extra->sequence ? b->extra->sequence : "", bytes, &seq, &sd) < 0 ||
		    sqlnorm_sequence_parse(a->extra->sequence ? a->extra->sequence : "", model_type_sequence_bytes(&a->type), &was,
					   &sd) < 0)
			abort(); /* model_finish() parsed them */
		diag_release(&sd);
		restart_unused = was.start < seq.min || was.start > seq.max;
		sqlnorm_sequence_alter(&seq, bytes, b->identity != IDENTITY_SERIAL ? "SET " : "", &opts);
		if (b->identity != IDENTITY_SERIAL && !restart_unused) {
			alter_column(r, t, b);
			strbuf_addf(out, "%s;\n", opts.buf);
			strbuf_release(&opts);
			break;
		}
		if (b->identity != IDENTITY_SERIAL) {
			strbuf_addstr(out, "DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || ");
			table_name_literal(r, t);
			strbuf_addstr(out, " || ' ALTER COLUMN ' || quote_ident(");
			dialect_pg_append_literal(out, name);
			strbuf_addf(out, ") || ' %s'", opts.buf);
		} else {
			strbuf_addstr(out, "DO $mig$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence(");
			table_name_literal(r, t);
			strbuf_addstr(out, ", ");
			dialect_pg_append_literal(out, name);
			strbuf_addf(out, ") || ' %s'", opts.buf);
		}
		if (restart_unused) {
			strbuf_addstr(out, " || CASE WHEN pg_sequence_last_value(pg_get_serial_sequence(");
			table_name_literal(r, t);
			strbuf_addstr(out, ", ");
			dialect_pg_append_literal(out, name);
			strbuf_addstr(out, ")::regclass) IS NULL THEN ' RESTART' ELSE '' END");
		}
		strbuf_addstr(out, "; END $mig$;\n");
		strbuf_release(&opts);
		break;
	}
	case OP_DROP_SERIAL:
		/* the sequence keeps the name it was created with: ask PostgreSQL for it */
		strbuf_addstr(out, "DO $mig$ BEGIN EXECUTE 'ALTER TABLE ' || ");
		table_name_literal(r, t);
		strbuf_addstr(out, " || ' ALTER COLUMN ' || quote_ident(");
		dialect_pg_append_literal(out, (r->df ? diff_now_column(r->df, a) : a)->name);
		strbuf_addstr(out, ") || ' DROP DEFAULT'; EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence(");
		table_name_literal(r, t);
		strbuf_addstr(out, ", ");
		dialect_pg_append_literal(out, (r->df ? diff_now_column(r->df, a) : a)->name);
		strbuf_addstr(out, "); END $mig$;\n");
		break;
	case OP_ADD_PRIMARY_KEY:
		alter_table(r, t);
		strbuf_addstr(out, "ADD ");
		constraint_name(r, op->to.pk->name);
		strbuf_addstr(out, "PRIMARY KEY (");
		column_list(r, t, &op->to.pk->columns);
		strbuf_addstr(out, ");\n");
		break;
	case OP_ADD_UNIQUE:
		if (r->concurrent) {
			add_unique_online(r, t, op->to.unique);
			break;
		}
		alter_table(r, t);
		strbuf_addstr(out, "ADD ");
		constraint_name(r, op->to.unique->name);
		unique_body(r, t, op->to.unique);
		strbuf_addstr(out, ";\n");
		break;
	case OP_ADD_FOREIGN_KEY:
		alter_table(r, t);
		strbuf_addstr(out, "ADD ");
		constraint_name(r, op->to.fk->name);
		fk_body(r, t, op->to.fk);
		strbuf_addstr(out, r->concurrent ? " NOT VALID;\n" : ";\n");
		if (r->concurrent)
			validate_constraint(r, t, op->to.fk->name);
		break;
	case OP_ADD_CHECK:
		alter_table(r, t);
		strbuf_addstr(out, "ADD ");
		constraint_name(r, op->to.check->name);
		strbuf_addf(out, "CHECK (%s)%s%s;\n", op->to.check->expr, op->to.check->no_inherit ? " NO INHERIT" : "",
			    r->concurrent ? " NOT VALID" : "");
		if (r->concurrent)
			validate_constraint(r, t, op->to.check->name);
		break;
	case OP_DROP_PRIMARY_KEY:
	case OP_DROP_UNIQUE:
	case OP_DROP_FOREIGN_KEY:
	case OP_DROP_CHECK: {
		const char *name = op->kind == OP_DROP_PRIMARY_KEY ? op->from.pk->name :
				   op->kind == OP_DROP_UNIQUE ? op->from.unique->name :
				   op->kind == OP_DROP_FOREIGN_KEY ? op->from.fk->name : op->from.check->name;
		alter_table(r, t);
		strbuf_addstr(out, "DROP CONSTRAINT ");
		dialect_pg_append_ident(r->pg, out, name);
		strbuf_addstr(out, ";\n");
		break;
	}
	case OP_CREATE_INDEX:
		if (r->concurrent)
			create_index_concurrently(r, t, op->to.index);
		else
			create_index(r, t, op->to.index, false, NULL);
		break;
	case OP_DROP_INDEX:
		if (r->concurrent && index_rebuilt(r, op))
			break; /* the build of its successor drops it */
		strbuf_addstr(out, r->concurrent ? "DROP INDEX CONCURRENTLY IF EXISTS " : "DROP INDEX ");
		index_name(r, t, op->from.index->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_RENAME_CONSTRAINT:
		alter_table(r, t);
		strbuf_addstr(out, "RENAME CONSTRAINT ");
		dialect_pg_append_ident(r->pg, out, op->from_name);
		strbuf_addstr(out, " TO ");
		dialect_pg_append_ident(r->pg, out, op->to_name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_RENAME_INDEX:
		strbuf_addstr(out, "ALTER INDEX ");
		index_name(r, t, op->from_name);
		strbuf_addstr(out, " RENAME TO ");
		dialect_pg_append_ident(r->pg, out, op->to_name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_COMMENT:
		comment_on(r, op);
		break;
	case OP_SET_TABLE_OPTIONS:
		set_table_options(r, op->from.table, op->to.table);
		break;
	case OP_RENAME_OBJECT:
		if (model_object_in_dialect(op->from.object, "pgsql", false))
			rename_object(r, op->from.object, op->to.object);
		break;
	case OP_CREATE_OBJECT:
	case OP_REPLACE_OBJECT:
	case OP_DROP_OBJECT: {
		const struct model_object *o = op->to.object ? op->to.object : op->from.object;
		if (!model_object_in_dialect(o, "pgsql", false)) {
			strbuf_addstr(out, "-- for SQLite only: ");
			model_object_display(o, out);
			strbuf_addch(out, '\n');
		} else if (op->kind == OP_CREATE_OBJECT) {
			object_sql(r, op->to.object, false);
		} else if (op->kind == OP_REPLACE_OBJECT) {
			replace_object(r, op->from.object, op->to.object);
		} else {
			drop_object(r, op->from.object);
		}
		break;
	}
	case OP_SET_GENERATED:
		set_generated(r, t, a, b);
		break;
	case OP_SET_OWNER:
		set_owner(r, op);
		break;
	}
}

/*
 * An online migration waits briefly for its locks, then fails and is
 * retried (mig-apply --lock-timeout): a DDL statement queued behind a long
 * transaction would otherwise block every query queued behind it. The
 * concurrent one runs outside a transaction: its settings are the
 * session's, and its long builds must not meet a statement_timeout.
 */
static void online_preamble(const struct diff *df, struct strbuf *out)
{
	if (df->concurrent)
		strbuf_addstr(out, "-- Outside a transaction, a statement at a time: each takes a weak or a brief lock.\n"
				   "SET lock_timeout = '" ONLINE_LOCK_TIMEOUT "';\nSET statement_timeout = 0;\n");
	else if (df->online)
		strbuf_addstr(out, "SET LOCAL lock_timeout = '" ONLINE_LOCK_TIMEOUT "';\n");
}

/*
 * A section's operations in order. In the concurrent style an index goes
 * only after every build: a changed index under another name (a default
 * name follows its columns) is built before its predecessor goes, so that
 * queries always have one.
 */
static void render_section(const struct render *r, const struct op *const *ops, size_t nr)
{
	for (int pass = 0; pass < (r->concurrent ? 2 : 1); pass++) {
		for (size_t i = 0; i < nr; i++) {
			if (r->concurrent && (ops[i]->kind == OP_DROP_INDEX) != (pass == 1))
				continue;
			render(r, ops[i]);
			if (ops[i]->kind == OP_CREATE_TABLE)
				strbuf_addch(r->out, '\n');
		}
	}
}

void dialect_pg_render_migration(struct dialect_pg *pg, const struct diff *df, struct strbuf *up,
			 struct strbuf *down)
{
	struct render ru = { pg, df, up, df->concurrent, NULL, 0 }, rd = { pg, df, down, df->concurrent, NULL, 0 };
	struct op *inverses;
	const struct op **ops;
	size_t nr;

	online_preamble(df, up);
	online_preamble(df, down);
	/* the down first: its inverted operations are gone before the (larger) up section is written */
	nr = diff_down_ops(df, &inverses, &ops);
	rd.ops = ops;
	rd.nr_ops = nr;
	render_section(&rd, ops, nr);
	free(ops);
	free(inverses);
	nr = diff_up_ops(df, &ops);
	ru.ops = ops;
	ru.nr_ops = nr;
	render_section(&ru, ops, nr);
	free(ops);
}

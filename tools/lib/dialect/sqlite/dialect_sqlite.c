/* SQLite SQL for model operations (docs/sqlite.md). */
#include "dialect_sqlite.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query/pg_query.pb-c.h>
#include <sqlite3.h>

#include "dialect_sqlite_rebuild.h"
#include "diag.h"
#include "diff.h"
#include "diff_describe.h"
#include "model.h"
#include "sqlscan.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

/* --- names, literals, types --------------------------------------------- */

void dialect_sqlite_append_ident(struct strbuf *out, const char *name)
{
	bool bare = (islower((unsigned char)name[0]) || name[0] == '_') &&
		    !sqlite3_keyword_check(name, (int)strlen(name));

	for (const char *p = name; bare && *p; p++)
		bare = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	if (bare) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_add_sql_quoted(out, name, '"');
}

void dialect_sqlite_append_literal(struct strbuf *out, const char *value)
{
	strbuf_add_sql_quoted(out, value, '\'');
}

void dialect_sqlite_append_column_type(struct strbuf *out, const struct model_column *col)
{
	struct strbuf t = STRBUF_INIT;

	if (col->extra->sqlite_type) {
		strbuf_addstr(out, col->extra->sqlite_type);
		return;
	}
	/* the rowid: exactly "integer" makes an integer primary key an alias of it */
	if (col->identity != IDENTITY_NONE && !col->type.array_dims) {
		strbuf_addstr(out, "integer");
		return;
	}
	if (col->type.kind == TYPE_ENUM) {
		dialect_sqlite_append_ident(out, col->type.enum_name);
		for (int i = 0; i < col->type.array_dims; i++)
			strbuf_addstr(out, "[]");
		return;
	}
	model_type_format(&col->type, &t);
	/* bytes is SQLite's blob */
	const char *name = t.buf + (col->type.kind == TYPE_BYTES ? strlen("bytes") : 0);
	const char *paren = strchr(name, '(');
	size_t len = strlen(name), brackets = 2 * (size_t)col->type.array_dims;

	if (col->type.kind == TYPE_BYTES)
		strbuf_addstr(out, "blob");
	/*
	 * SQLite's type names end at their "(...)": an array of a type with
	 * parameters is declared varchar[](20), not varchar(20)[]
	 */
	if (brackets && paren) {
		strbuf_add(out, name, (size_t)(paren - name));
		strbuf_add(out, name + len - brackets, brackets);
		strbuf_add(out, paren, (size_t)(name + len - brackets - paren));
	} else {
		strbuf_addstr(out, name);
	}
	strbuf_release(&t);
}

/*
 * A STRICT table takes only INT, INTEGER, REAL, TEXT, BLOB and ANY: each
 * model type as the one of those that keeps its values (numeric: ANY, which
 * stores a value as given, as NUMERIC affinity would a number).
 */
static const char *strict_type(const struct model_column *col)
{
	if (col->identity != IDENTITY_NONE && !col->type.array_dims)
		return "INTEGER";
	if (col->type.array_dims)
		return "TEXT";
	switch (col->type.kind) {
	case TYPE_SMALLINT: case TYPE_INTEGER: case TYPE_BIGINT: case TYPE_BOOLEAN:
		return "INTEGER";
	case TYPE_REAL: case TYPE_DOUBLE:
		return "REAL";
	case TYPE_NUMERIC:
		return "ANY";
	case TYPE_BYTES:
		return "BLOB";
	default:
		return "TEXT";
	}
}

/* Is decl a type a STRICT table takes? */
static bool strict_name(const char *decl)
{
	static const char *const names[] = { "INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(decl, names[i]) == 0)
			return true;
	}
	return false;
}

void dialect_sqlite_append_table_column_type(struct strbuf *out, const struct model_table *t,
					     const struct model_column *col)
{
	if (!col->extra->sqlite_type && t->sqlite_strict)
		strbuf_addstr(out, strict_type(col));
	else
		dialect_sqlite_append_column_type(out, col);
}

/* " <type>" of a column in its table; nothing for a column declared with no type (sqlite-type=""). */
static void column_type(struct strbuf *out, const struct model_table *t, const struct model_column *col)
{
	if (col->extra->sqlite_type && !col->extra->sqlite_type[0])
		return;
	strbuf_addch(out, ' ');
	dialect_sqlite_append_table_column_type(out, t, col);
}

/* --- expressions ---------------------------------------------------------- */

/* A version-4 UUID as text, from randomblob(): gen_random_uuid() for SQLite. */
#define SQLITE_UUID_V4                                                                        \
	"(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "           \
	"substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || " \
	"substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"

static bool token_is(const char *expr, const PgQuery__ScanToken *t, const char *word)
{
	size_t len = (size_t)(t->end - t->start);

	return strlen(word) == len && strncasecmp(expr + t->start, word, len) == 0;
}

static bool is_word(const PgQuery__ScanToken *t)
{
	return t->token == PG_QUERY__TOKEN__IDENT || t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
}

/* After "::" at tokens[i]: the index just past the type name (a.b, (n,m), [], with time zone, ...). */
static size_t skip_type(const char *expr, PgQuery__ScanToken **tok, size_t n, size_t i)
{
	while (i < n && (is_word(tok[i]) || tok[i]->token == PG_QUERY__TOKEN__ASCII_46))
		i++;
	if (i < n && tok[i]->token == PG_QUERY__TOKEN__ASCII_40) {
		int depth = 0;
		for (; i < n; i++) {
			if (tok[i]->token == PG_QUERY__TOKEN__ASCII_40)
				depth++;
			else if (tok[i]->token == PG_QUERY__TOKEN__ASCII_41 && --depth == 0) {
				i++;
				break;
			}
		}
	}
	/* with[out] time zone, after timestamp(p) */
	while (i < n && (token_is(expr, tok[i], "with") || token_is(expr, tok[i], "without") ||
			 token_is(expr, tok[i], "time") || token_is(expr, tok[i], "zone")))
		i++;
	while (i + 1 < n && tok[i]->token == PG_QUERY__TOKEN__ASCII_91 && tok[i + 1]->token == PG_QUERY__TOKEN__ASCII_93)
		i += 2;
	return i;
}

/* E'a\'b' -> 'a''b' */
static void plain_string(const char *text, size_t len, struct strbuf *out)
{
	struct strbuf v = STRBUF_INIT;

	for (size_t i = 2; i + 1 < len; i++) {
		if (text[i] == '\\' && i + 2 < len) {
			char c = text[++i];
			strbuf_addch(&v, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
		} else if (text[i] == '\'' && text[i + 1] == '\'') {
			strbuf_addch(&v, '\'');
			i++;
		} else {
			strbuf_addch(&v, text[i]);
		}
	}
	dialect_sqlite_append_literal(out, v.buf);
	strbuf_release(&v);
}

/*
 * Does SQLite have every function expr calls (a name followed by "(")?
 * SQLite's own list says (pragma_function_list), on a private in-memory
 * database. PostgreSQL's greatest() and least() are keywords of its
 * scanner: SQLite has neither (its max() and min() treat NULLs otherwise).
 */
static bool functions_known(const char *expr)
{
	PgQuery__ScanResult *scan = sqlscan_pg(expr);
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	bool known = true;

	if (!scan)
		goto out;
	for (size_t i = 0; known && i + 1 < scan->n_tokens; i++) {
		const PgQuery__ScanToken *t = scan->tokens[i];
		if (scan->tokens[i + 1]->token != PG_QUERY__TOKEN__ASCII_40)
			continue;
		if (t->token == PG_QUERY__TOKEN__GREATEST || t->token == PG_QUERY__TOKEN__LEAST) {
			known = false;
		} else if (t->token == PG_QUERY__TOKEN__IDENT) {
			if (!h && (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
				   sqlite3_prepare_v2(h, "SELECT 1 FROM pragma_function_list WHERE name = lower(?1)", -1,
						      &st, NULL) != SQLITE_OK))
				goto out; /* cannot tell: SQLite will say when it runs */
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, expr + t->start, t->end - t->start, SQLITE_TRANSIENT);
			known = sqlite3_step(st) == SQLITE_ROW;
		}
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	sqlscan_pg_free(scan);
	return known;
}

int dialect_sqlite_translate_expr(const char *expr, struct strbuf *out, const char **why)
{
	PgQuery__ScanResult *scan = sqlscan_pg(expr);
	size_t pos = 0;
	int ret = -1;

	*why = NULL;
	if (!scan) {
		*why = "it does not scan as SQL";
		goto out;
	}
	for (size_t i = 0; i < scan->n_tokens;) {
		PgQuery__ScanToken *t = scan->tokens[i];
		size_t len = (size_t)(t->end - t->start);

		/* what lies between tokens (blanks, comments) stays as it is */
		strbuf_add(out, expr + pos, (size_t)t->start - pos);
		pos = (size_t)t->end;
		if (t->token == PG_QUERY__TOKEN__TYPECAST) {
			i = skip_type(expr, scan->tokens, scan->n_tokens, i + 1);
			pos = (size_t)scan->tokens[i - 1]->end;
			continue;
		}
		if ((t->token == PG_QUERY__TOKEN__Op && (memchr(expr + t->start, '~', len))) ||
		    t->token == PG_QUERY__TOKEN__SIMILAR) {
			*why = "it uses regular expressions, which SQLite does not have";
			goto out;
		}
		if (t->token == PG_QUERY__TOKEN__ILIKE) {
			/* SQLite's LIKE ignores ASCII case already */
			strbuf_addstr(out, "LIKE");
			i++;
			continue;
		}
		if (t->token == PG_QUERY__TOKEN__LOCALTIMESTAMP || t->token == PG_QUERY__TOKEN__LOCALTIME) {
			strbuf_addstr(out, t->token == PG_QUERY__TOKEN__LOCALTIME ? "CURRENT_TIME" : "CURRENT_TIMESTAMP");
			i++;
			continue;
		}
		if (is_word(t) && i + 2 < scan->n_tokens &&
		    scan->tokens[i + 1]->token == PG_QUERY__TOKEN__ASCII_40 &&
		    scan->tokens[i + 2]->token == PG_QUERY__TOKEN__ASCII_41) {
			const char *with = NULL;
			if (token_is(expr, t, "now") || token_is(expr, t, "transaction_timestamp") ||
			    token_is(expr, t, "statement_timestamp") || token_is(expr, t, "clock_timestamp"))
				with = "CURRENT_TIMESTAMP";
			else if (token_is(expr, t, "gen_random_uuid") || token_is(expr, t, "uuid_generate_v4"))
				with = SQLITE_UUID_V4;
			if (with) {
				strbuf_addstr(out, with);
				pos = (size_t)scan->tokens[i + 2]->end;
				i += 3;
				continue;
			}
		}
		if (t->token == PG_QUERY__TOKEN__SCONST && len > 2 && (expr[t->start] == 'E' || expr[t->start] == 'e') &&
		    expr[t->start + 1] == '\'') {
			plain_string(expr + t->start, len, out);
			i++;
			continue;
		}
		strbuf_add(out, expr + t->start, len);
		i++;
	}
	strbuf_addstr(out, expr + pos);
	ret = 0;
	if (!functions_known(out->buf)) {
		*why = "it calls a function SQLite does not have";
		ret = -1;
	}
out:
	sqlscan_pg_free(scan);
	return ret;
}

/* --- pieces of statements ----------------------------------------------------- */

static void qualified(struct strbuf *out, const char *schema, const char *name)
{
	if (schema && schema[0]) {
		dialect_sqlite_append_ident(out, schema);
		strbuf_addch(out, '.');
	}
	dialect_sqlite_append_ident(out, name);
}

static void column_list(struct strbuf *out, const struct model_names *cols)
{
	for (size_t i = 0; i < cols->nr; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		dialect_sqlite_append_ident(out, cols->items[i]);
	}
}

static bool is_number_type(const struct model_type *t)
{
	return !t->array_dims && (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER || t->kind == TYPE_BIGINT ||
				  t->kind == TYPE_NUMERIC || t->kind == TYPE_REAL || t->kind == TYPE_DOUBLE);
}

/* A literal of type t: numbers bare, booleans 1/0, the rest quoted. */
static void typed_literal(struct strbuf *out, const struct model_type *t, const char *value)
{
	const char *p = value;

	if (!t->array_dims && t->kind == TYPE_BOOLEAN && (!strcmp(value, "true") || !strcmp(value, "false"))) {
		strbuf_addstr(out, value[0] == 't' ? "1" : "0");
		return;
	}
	if (is_number_type(t)) {
		if (*p == '-' || *p == '+')
			p++;
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
		/* an exponent (1.5e3): still a number */
		if (p > value && (*p == 'e' || *p == 'E')) {
			const char *e = p + 1 + (p[1] == '-' || p[1] == '+');
			if (isdigit((unsigned char)*e)) {
				while (isdigit((unsigned char)*e))
					e++;
				p = e;
			}
		}
		if (p > value && !*p && isdigit((unsigned char)value[value[0] == '-' || value[0] == '+']))
			strbuf_addstr(out, value[0] == '+' ? value + 1 : value);
		else
			dialect_sqlite_append_literal(out, value); /* Infinity, NaN: text */
		return;
	}
	dialect_sqlite_append_literal(out, value);
}

/* What a migration writes about a feature SQLite lacks: one comment line each. */
struct notes {
	struct strbuf *out;
};

static void note(struct strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;

	strbuf_addstr(out, "-- SQLite: ");
	va_start(ap, fmt);
	strbuf_vaddf(out, fmt, ap);
	va_end(ap);
	strbuf_addch(out, '\n');
}

/* Collation for SQLite: C and POSIX are BINARY; others do not exist (NULL, noted). */
static const char *collation(const char *c)
{
	if (!c)
		return NULL;
	if (!strcmp(c, "C") || !strcmp(c, "POSIX") || !strcasecmp(c, "binary"))
		return "BINARY";
	if (!strcasecmp(c, "nocase") || !strcasecmp(c, "rtrim"))
		return c;
	return NULL;
}

/* A column's default: a literal of its type, or (translated expression). Returns -1 when untranslatable. */
static int column_default(struct strbuf *out, const struct model_column *c, const char **why)
{
	struct strbuf expr = STRBUF_INIT;
	int ret = 0;

	if (c->default_kind == DEFAULT_LITERAL) {
		typed_literal(out, &c->type, c->default_value);
	} else if (dialect_sqlite_translate_expr(c->default_value, &expr, why) == 0) {
		strbuf_addf(out, "(%s)", expr.buf);
	} else {
		ret = -1;
	}
	strbuf_release(&expr);
	return ret;
}

static bool identity_inline(const struct model_table *t, const struct model_column *c)
{
	return c->identity != IDENTITY_NONE && t->pk.name && t->pk.columns.nr == 1 &&
	       strcmp(t->pk.columns.items[0], c->name) == 0;
}

static const char *fk_action(enum model_fk_action a)
{
	switch (a) {
	case FK_RESTRICT: return "RESTRICT";
	case FK_CASCADE: return "CASCADE";
	case FK_SET_NULL: return "SET NULL";
	case FK_SET_DEFAULT: return "SET DEFAULT";
	default: return "NO ACTION";
	}
}

/* The enum a column holds (not an array of), from model m, or NULL. */
static const struct model_enum *column_enum(const struct model *m, const struct model_column *c)
{
	if (c->extra->sqlite_type || c->type.kind != TYPE_ENUM || c->type.array_dims)
		return NULL;
	return model_find_enum(m, c->type.enum_schema, c->type.enum_name);
}

static void element_sep(struct strbuf *out, bool *first)
{
	strbuf_addstr(out, *first ? "    " : ",\n    ");
	*first = false;
}

/*
 * The definition of table t of model m as CREATE TABLE name (...): name is
 * the table's own, or a temporary one for a rebuild. Notes about what SQLite
 * lacks go to notes.
 */
static int create_table(struct strbuf *out, struct strbuf *notes, const struct model *m,
			const struct model_table *t, const char *name, struct diag *d)
{
	bool first = true;
	const char *why;

	strbuf_addstr(out, "CREATE TABLE ");
	qualified(out, t->schema, name);
	strbuf_addstr(out, " (\n");
	for (size_t i = 0; i < t->nr_columns; i++) {
		const struct model_column *c = &t->columns[i];
		const char *coll = collation(c->extra->collation);
		element_sep(out, &first);
		dialect_sqlite_append_ident(out, c->name);
		column_type(out, t, c);
		/* a key column is NOT NULL (model_finish()), unless declared nullable (SQLite allows it) */
		if (c->not_null && !c->declared_nullable)
			strbuf_addstr(out, " NOT NULL");
		if (identity_inline(t, c)) {
			strbuf_addstr(out, " CONSTRAINT ");
			dialect_sqlite_append_ident(out, t->pk.name);
			strbuf_addstr(out, " PRIMARY KEY AUTOINCREMENT");
		}
		if (c->default_kind != DEFAULT_NONE) {
			strbuf_addstr(out, " DEFAULT ");
			if (column_default(out, c, &why) < 0)
				return diag_error_at(d, model_column_loc(t, c).file, c->line,
						     "the default of column %s.%s cannot be written for SQLite: %s",
						     t->name, c->name, why);
		}
		if (c->extra->generated) {
			struct strbuf expr = STRBUF_INIT;
			if (dialect_sqlite_translate_expr(c->extra->generated, &expr, &why) < 0) {
				strbuf_release(&expr);
				return diag_error_at(d, model_column_loc(t, c).file, c->line,
						     "the expression of generated column %s.%s cannot be written for "
						     "SQLite: %s", t->name, c->name, why);
			}
			strbuf_addf(out, " GENERATED ALWAYS AS (%s) %s", expr.buf,
				    c->generated_virtual ? "VIRTUAL" : "STORED");
			strbuf_release(&expr);
		}
		if (coll) {
			strbuf_addstr(out, " COLLATE ");
			strbuf_addstr(out, coll);
		} else if (c->extra->collation) {
			note(notes, "column %s.%s has no collation %s in SQLite", t->name, c->name, c->extra->collation);
		}
		if (c->extra->sequence)
			note(notes, "column %s.%s keeps no sequence options (%s): SQLite numbers rows its own way",
			     t->name, c->name, c->extra->sequence);
	}
	if (t->pk.name && !(t->pk.columns.nr == 1 && identity_inline(t, model_table_find_column(t, t->pk.columns.items[0])))) {
		element_sep(out, &first);
		strbuf_addstr(out, "CONSTRAINT ");
		dialect_sqlite_append_ident(out, t->pk.name);
		strbuf_addstr(out, " PRIMARY KEY (");
		column_list(out, &t->pk.columns);
		strbuf_addch(out, ')');
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		const struct model_unique *u = &t->uniques[i];
		if (u->nulls_not_distinct)
			note(notes, "unique constraint %s treats NULLs as distinct (SQLite has no NULLS NOT DISTINCT)", u->name);
		if (u->deferrable)
			note(notes, "unique constraint %s is not deferrable (SQLite has no deferrable unique constraints)", u->name);
		element_sep(out, &first);
		strbuf_addstr(out, "CONSTRAINT ");
		dialect_sqlite_append_ident(out, u->name);
		strbuf_addstr(out, " UNIQUE (");
		column_list(out, &u->columns);
		strbuf_addch(out, ')');
	}
	for (size_t i = 0; i < t->nr_columns; i++) {
		const struct model_column *c = &t->columns[i];
		const struct model_enum *e = column_enum(m, c);
		struct strbuf cname = STRBUF_INIT;
		if (!e)
			continue;
		element_sep(out, &first);
		strbuf_addf(&cname, "mig_enum_%s", c->name);
		strbuf_addstr(out, "CONSTRAINT ");
		dialect_sqlite_append_ident(out, cname.buf);
		strbuf_addstr(out, " CHECK (");
		dialect_sqlite_append_ident(out, c->name);
		strbuf_addstr(out, " IN (");
		for (size_t v = 0; v < e->values.nr; v++) {
			if (v)
				strbuf_addstr(out, ", ");
			dialect_sqlite_append_literal(out, e->values.items[v]);
		}
		strbuf_addstr(out, "))");
		strbuf_release(&cname);
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		const struct model_check *ck = &t->checks[i];
		struct strbuf expr = STRBUF_INIT;
		if (dialect_sqlite_translate_expr(ck->expr, &expr, &why) < 0) {
			note(notes, "check %s of table %s is left out: %s", ck->name, t->name, why);
		} else {
			element_sep(out, &first);
			strbuf_addstr(out, "CONSTRAINT ");
			dialect_sqlite_append_ident(out, ck->name);
			strbuf_addf(out, " CHECK (%s)", expr.buf);
		}
		strbuf_release(&expr);
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		const struct model_foreign_key *fk = &t->fks[i];
		element_sep(out, &first);
		strbuf_addstr(out, "CONSTRAINT ");
		dialect_sqlite_append_ident(out, fk->name);
		strbuf_addstr(out, " FOREIGN KEY (");
		column_list(out, &fk->columns);
		/* a foreign key names a table of its own database: never qualified */
		strbuf_addstr(out, ") REFERENCES ");
		dialect_sqlite_append_ident(out, fk->ref_table);
		strbuf_addstr(out, " (");
		column_list(out, &fk->ref_columns);
		strbuf_addch(out, ')');
		if (fk->on_delete != FK_NO_ACTION)
			strbuf_addf(out, " ON DELETE %s", fk_action(fk->on_delete));
		if (fk->on_update != FK_NO_ACTION)
			strbuf_addf(out, " ON UPDATE %s", fk_action(fk->on_update));
		if (fk->deferrable)
			strbuf_addstr(out, fk->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
	}
	strbuf_addstr(out, "\n)");
	if (t->sqlite_strict || t->sqlite_without_rowid)
		strbuf_addf(out, " %s", model_table_options(t));
	strbuf_addstr(out, ";\n");
	return 0;
}

/*
 * A view or a trigger: its SQL, or DROP VIEW/TRIGGER. PostgreSQL's kinds
 * (functions, policies, grants, ...) do not exist in SQLite: named in the
 * migration, never left out silently.
 */
static void object_sql(struct strbuf *out, const struct op *op)
{
	const struct model_object *o = op->to.object ? op->to.object : op->from.object;
	struct strbuf name = STRBUF_INIT;
	size_t len;

	if (model_object_kinds[o->kind].pg_only) {
		model_object_display(o, &name);
		note(out, "%s is left out (SQLite has no %s)", name.buf, model_object_kinds[o->kind].element);
		strbuf_release(&name);
		return;
	}
	if (!model_object_in_dialect(o, "sqlite", true)) {
		/* its SQL is PostgreSQL's (dialect="pgsql"): named, as PostgreSQL names SQLite's own */
		strbuf_addstr(out, "-- for PostgreSQL only: ");
		model_object_display(o, out);
		strbuf_addch(out, '\n');
		return;
	}
	if (op->kind == OP_DROP_OBJECT) {
		strbuf_addf(out, "DROP %s ", model_object_kinds[o->kind].noun);
		qualified(out, o->schema, o->name);
		strbuf_addstr(out, ";\n");
		return;
	}
	if (op->kind == OP_REPLACE_OBJECT || op->kind == OP_RENAME_OBJECT) {
		/* SQLite has no CREATE OR REPLACE, and renames no view or trigger: made again */
		strbuf_addf(out, "DROP %s ", model_object_kinds[o->kind].noun);
		qualified(out, op->from.object->schema, op->from.object->name);
		strbuf_addstr(out, ";\n");
	}
	len = strlen(o->definition);
	while (len && (o->definition[len - 1] == ';' || o->definition[len - 1] == ' ' || o->definition[len - 1] == '\n'))
		len--;
	strbuf_add(out, o->definition, len);
	strbuf_addstr(out, ";\n");
}

/* CREATE INDEX for ix, named name (its own, or a rename's step). */
static void create_index_as(struct strbuf *out, const struct model_table *t, const struct model_index *ix,
			    const char *name)
{
	const char *method = ix->method ? ix->method : "btree";
	struct strbuf notes = STRBUF_INIT, body = STRBUF_INIT, expr = STRBUF_INIT;
	const char *why;

	if (strcmp(method, "btree") != 0 && strcmp(method, "hash") != 0) {
		note(out, "index %s is left out (SQLite has no %s indexes)", ix->name, method);
		goto out;
	}
	if (strcmp(method, "hash") == 0)
		note(&notes, "index %s is a B-tree (SQLite has no hash indexes)", ix->name);
	if (ix->include.nr)
		note(&notes, "index %s has no INCLUDE columns in SQLite", ix->name);
	if (ix->nulls_not_distinct)
		note(&notes, "index %s treats NULLs as distinct (SQLite has no NULLS NOT DISTINCT)", ix->name);
	strbuf_addstr(&body, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	qualified(&body, t->schema, name);
	strbuf_addstr(&body, " ON ");
	dialect_sqlite_append_ident(&body, t->name);
	strbuf_addstr(&body, " (");
	for (size_t i = 0; i < ix->nr_keys; i++) {
		const struct model_index_key *k = &ix->keys[i];
		const char *coll = collation(k->collation);
		if (i)
			strbuf_addstr(&body, ", ");
		if (k->column) {
			dialect_sqlite_append_ident(&body, k->column);
		} else {
			strbuf_reset(&expr);
			if (dialect_sqlite_translate_expr(k->expr, &expr, &why) < 0) {
				note(out, "index %s is left out: %s", ix->name, why);
				goto out;
			}
			strbuf_addf(&body, "(%s)", expr.buf);
		}
		if (coll)
			strbuf_addf(&body, " COLLATE %s", coll);
		else if (k->collation)
			note(&notes, "index %s has no collation %s in SQLite", ix->name, k->collation);
		if (k->opclass)
			note(&notes, "index %s has no operator class %s in SQLite", ix->name, k->opclass);
		if (k->sort == SORT_DESC)
			strbuf_addstr(&body, " DESC");
		/* SQLite sorts NULLs first ascending and cannot say otherwise in an index */
		if (k->nulls != NULLS_DEFAULT)
			note(&notes, "index %s sorts NULLs as SQLite does (no NULLS FIRST/LAST in an index)", ix->name);
	}
	strbuf_addch(&body, ')');
	if (ix->where) {
		strbuf_reset(&expr);
		if (dialect_sqlite_translate_expr(ix->where, &expr, &why) < 0) {
			note(out, "index %s is left out: %s", ix->name, why);
			goto out;
		}
		strbuf_addf(&body, " WHERE %s", expr.buf);
	}
	strbuf_addstr(out, notes.buf);
	strbuf_addstr(out, body.buf);
	strbuf_addstr(out, ";\n");
out:
	strbuf_release(&notes);
	strbuf_release(&body);
	strbuf_release(&expr);
}

static void create_index(struct strbuf *out, const struct model_table *t, const struct model_index *ix)
{
	create_index_as(out, t, ix, ix->name);
}

/* DROP INDEX name (ix's definition says whether SQLite ever had it). */
static void drop_index_as(struct strbuf *out, const struct model_table *t, const struct model_index *ix,
			  const char *name)
{
	const char *method = ix->method ? ix->method : "btree";

	if (strcmp(method, "btree") != 0 && strcmp(method, "hash") != 0)
		return;
	/* IF EXISTS: an index left out for a key SQLite could not write is not there either */
	strbuf_addstr(out, "DROP INDEX IF EXISTS ");
	qualified(out, t->schema, name);
	strbuf_addstr(out, ";\n");
}

static void drop_index(struct strbuf *out, const struct model_table *t, const struct model_index *ix)
{
	drop_index_as(out, t, ix, ix->name);
}

/* --- the plan: which tables are rebuilt, and the SQL of each operation -------- */

struct rebuild {
	const struct model_table *src; /* as the database has it when the rebuild runs */
	const struct model_table *dst; /* what it becomes */
	bool done;
};

struct plan {
	const struct diff *df;
	const struct model *dst_model; /* the model of the section's to_* side */
	struct rebuild *rebuilds;
	size_t nr, alloc;
	const struct op *const *ops;
	size_t nr_ops;
};

/* The other model's version of kept table t (or NULL: created or dropped in this migration). */
static const struct model_table *counterpart(const struct diff *df, const struct model_table *t)
{
	const struct model *from = df->from;

	if (diff_table_kept(df, t))
		return diff_now_table(df, t);
	for (size_t i = 0; i < from->nr_tables; i++) {
		if (diff_table_kept(df, from->tables[i]) && diff_now_table(df, from->tables[i]) == t)
			return from->tables[i];
	}
	return NULL;
}

static struct rebuild *find_rebuild(const struct plan *p, const struct model_table *dst)
{
	for (size_t i = 0; i < p->nr; i++) {
		if (p->rebuilds[i].dst == dst)
			return &p->rebuilds[i];
	}
	return NULL;
}

static void add_rebuild(struct plan *p, const struct model_table *src, const struct model_table *dst)
{
	if (!src || !dst || find_rebuild(p, dst))
		return;
	ALLOC_GROW(p->rebuilds, p->nr + 1, p->alloc);
	p->rebuilds[p->nr].src = src;
	p->rebuilds[p->nr].dst = dst;
	p->rebuilds[p->nr].done = false;
	p->nr++;
}

/* Is table t (to_* side) created in this section? */
static bool created_here(const struct plan *p, const struct model_table *t)
{
	for (size_t i = 0; i < p->nr_ops; i++) {
		if (p->ops[i]->kind == OP_CREATE_TABLE && p->ops[i]->to_table == t)
			return true;
	}
	return false;
}

static bool dropped_here(const struct plan *p, const struct model_table *t)
{
	for (size_t i = 0; i < p->nr_ops; i++) {
		if (p->ops[i]->kind == OP_DROP_TABLE && p->ops[i]->from_table == t)
			return true;
	}
	return false;
}

/* Can ALTER TABLE ADD COLUMN add this column as the model wants it? */
static bool simple_add_column(const struct model *m, const struct model_table *t, const struct op *op)
{
	const struct model_column *c = op->to.column;

	/* SQLite adds no stored generated column: a rebuild adds any generated one */
	if (c->identity != IDENTITY_NONE || c->extra->generated || (op->fill && c->default_kind == DEFAULT_NONE))
		return false;
	/* SQLite adds a NOT NULL column only with a default, and only a constant one */
	if (c->default_kind == DEFAULT_EXPR || (c->not_null && c->default_kind == DEFAULT_NONE))
		return false;
	if (t->pk.name && model_names_find(&t->pk.columns, c->name) >= 0)
		return false;
	for (size_t i = 0; i < t->nr_uniques; i++) {
		if (model_names_find(&t->uniques[i].columns, c->name) >= 0)
			return false;
	}
	(void)m;
	return true;
}

/* Every table of model m with a column of enum e: rebuilt (its check lists e's values). */
static void rebuild_enum_tables(struct plan *p, const struct model_enum *e)
{
	const struct model *m = p->dst_model;

	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];
		for (size_t k = 0; k < t->nr_columns; k++) {
			if (column_enum(m, &t->columns[k]) == e && !created_here(p, t)) {
				add_rebuild(p, counterpart(p->df, t), t);
				break;
			}
		}
	}
}

static void plan_rebuilds(struct plan *p)
{
	for (size_t i = 0; i < p->nr_ops; i++) {
		const struct op *op = p->ops[i];
		switch (op->kind) {
		case OP_CREATE_SCHEMA: case OP_DROP_SCHEMA: case OP_CREATE_ENUM: case OP_DROP_ENUM:
		case OP_CREATE_TABLE: case OP_DROP_TABLE: case OP_RENAME_TABLE: case OP_RENAME_COLUMN:
		case OP_CREATE_INDEX: case OP_DROP_INDEX: case OP_RENAME_INDEX: case OP_COMMENT:
		case OP_SET_SEQUENCE:
		case OP_SET_OWNER: /* SQLite has no owners */
			break;
		case OP_ADD_ENUM_VALUE: case OP_REMOVE_ENUM_VALUE: case OP_REBUILD_ENUM:
			rebuild_enum_tables(p, op->to.enum_type);
			break;
		case OP_ADD_COLUMN:
			if (!simple_add_column(p->dst_model, op->to_table, op) ||
			    column_enum(p->dst_model, op->to.column))
				add_rebuild(p, op->from_table, op->to_table);
			break;
		case OP_ADD_FOREIGN_KEY:
			/* a table created here has all its keys inline */
			if (!created_here(p, op->to_table))
				add_rebuild(p, op->from_table, op->to_table);
			break;
		case OP_DROP_FOREIGN_KEY:
			/* a table dropped here takes its keys along */
			if (!dropped_here(p, op->from_table))
				add_rebuild(p, op->from_table, op->to_table);
			break;
		default:
			add_rebuild(p, op->from_table, op->to_table);
			break;
		}
	}
}

/* Column c of the rebuilt table's target: the source column it is copied from, or NULL. */
static const struct model_column *source_column(const struct plan *p, const struct model_table *src,
						const struct model_column *c)
{
	for (size_t i = 0; i < src->nr_columns; i++) {
		const struct model_column *s = &src->columns[i];
		if (diff_now_column(p->df, s) == c || diff_now_column(p->df, c) == s)
			return s;
	}
	return NULL;
}

/* The fill an operation of this section gives column c (of the target), or NULL. */
static const struct op *fill_op(const struct plan *p, const struct model_column *c)
{
	for (size_t i = 0; i < p->nr_ops; i++) {
		const struct op *op = p->ops[i];
		/* a fill that is the column's default: fill_value() spells the default itself */
		if ((op->kind == OP_SET_NOT_NULL || op->kind == OP_ADD_COLUMN) && op->to.column == c && op->fill &&
		    !op->fill_is_default)
			return op;
	}
	return NULL;
}

/* The value existing rows get for target column c where they hold NULL (or have none), or -1. */
static int fill_value(const struct plan *p, const struct model_column *c, struct strbuf *out)
{
	const struct op *op = fill_op(p, c);
	const char *why;

	if (op && op->fill_is_expr)
		return dialect_sqlite_translate_expr(op->fill, out, &why) == 0 ? 0 : -1;
	if (op) {
		typed_literal(out, &c->type, op->fill);
		return 0;
	}
	if (c->default_kind != DEFAULT_NONE)
		return column_default(out, c, &why);
	return -1;
}

static bool has_autoincrement(const struct model_table *t)
{
	for (size_t i = 0; i < t->nr_columns; i++) {
		if (identity_inline(t, &t->columns[i]))
			return true;
	}
	return false;
}

/*
 * The new table's AUTOINCREMENT counter continues the old one's, not the
 * largest id copied: ids of rows deleted before are never handed out again.
 */
static void keep_sequence(struct strbuf *out, const char *schema, const char *live, const char *tmp)
{
	struct strbuf seq = STRBUF_INIT, old = STRBUF_INIT, new = STRBUF_INIT;

	qualified(&seq, schema, "sqlite_sequence");
	dialect_sqlite_append_literal(&old, live);
	dialect_sqlite_append_literal(&new, tmp);
	strbuf_addf(out, "INSERT INTO %s (name, seq) SELECT %s, 0 WHERE NOT EXISTS (SELECT 1 FROM %s WHERE name = %s);\n",
		    seq.buf, new.buf, seq.buf, new.buf);
	strbuf_addf(out, "UPDATE %s SET seq = max(seq, coalesce((SELECT max(seq) FROM %s WHERE name = %s), 0)) "
		    "WHERE name = %s;\n", seq.buf, seq.buf, old.buf, new.buf);
	strbuf_release(&seq);
	strbuf_release(&old);
	strbuf_release(&new);
}

/*
 * A rebuild copies the columns it knows: one the database has beside them
 * (a migration of another branch added it, or one written by hand) would be
 * lost without a word. So first, in plain SQL (it runs in the sqlite3 shell
 * too), a check that fails, naming the table, when the live table has a
 * column the migration does not know. renamed[]: dst's columns renamed
 * already (under their new names now).
 */
static void unknown_columns_guard(const struct plan *p, const struct model_table *src,
				  const struct model_table *dst, const char *live, const bool *renamed,
				  struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT, known = STRBUF_INIT;

	for (size_t i = 0; i < src->nr_columns; i++) {
		const char *name = src->columns[i].name;
		for (size_t k = 0; k < dst->nr_columns; k++) {
			if (renamed[k] && source_column(p, src, &dst->columns[k]) == &src->columns[i])
				name = dst->columns[k].name;
		}
		/* SQLite's names ignore ASCII case: compared in lower case */
		struct strbuf lower = STRBUF_INIT;
		for (const char *c = name; *c; c++)
			strbuf_addch(&lower, (char)tolower((unsigned char)*c));
		strbuf_addstr(&known, known.len ? ", " : "");
		dialect_sqlite_append_literal(&known, lower.buf);
		strbuf_release(&lower);
	}
	strbuf_addf(&msg, "table %s%s%s has a column this migration does not know (another branch's?): rebuilt, "
		    "it would lose it", dst->schema[0] ? dst->schema : "", dst->schema[0] ? "." : "", live);
	strbuf_addstr(out, "CREATE TEMP TABLE mig_guard (unknown integer CONSTRAINT \"");
	for (const char *c = msg.buf; *c; c++)
		strbuf_add(out, c, *c == '"' ? 0 : 1);
	strbuf_addstr(out, "\" CHECK (unknown = 0));\nINSERT INTO mig_guard SELECT count(*) FROM pragma_table_xinfo(");
	dialect_sqlite_append_literal(out, live);
	strbuf_addstr(out, ", ");
	dialect_sqlite_append_literal(out, dst->schema[0] ? dst->schema : "main");
	strbuf_addf(out, ") WHERE lower(name) NOT IN (%s);\nDROP TABLE mig_guard;\n", known.buf);
	strbuf_release(&msg);
	strbuf_release(&known);
}

/*
 * The rebuild's own checks, in plain SQL (mig-apply, the sqlite3 shell and
 * mig-apply --sql run them alike). SQLite has no statement that raises an
 * error of one's choosing outside a trigger (RAISE() takes a literal, and
 * only there), but a failed CHECK aborts the statement with the
 * constraint's name in the message: a TEMP table (the connection's own,
 * rolled back with the transaction) whose named checks hold what is
 * compared. The pragmas are read as table-valued functions (SQLite 3.16),
 * and integrity_check takes one table (3.33), so that the check costs a
 * scan of this table and its indexes, not of the database.
 *
 * Before the copy: the row count, and that foreign keys are off (with them
 * on, DROP TABLE deletes the rows first, and an ON DELETE CASCADE empties
 * other tables: the checks after could not see it). mig-apply turns them
 * off before each migration; SQLite enforces nothing then, so the checks
 * after are what catch a row lost under another table's foreign key.
 */
static void rebuild_checks_before(const struct model_table *dst, const char *live, struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT, msg = STRBUF_INIT;
	static const struct {
		const char *column, *what, *check;
	} checks[] = {
		{ "foreign_keys integer", "needs PRAGMA foreign_keys = OFF", "foreign_keys = 0" },
		{ "rows_before integer", NULL, NULL },
		{ "rows_after integer", "lost rows", "rows_after >= rows_before" },
		{ NULL, "added rows", "rows_after <= rows_before" },
		{ "fk_of integer", "broke a foreign key of %s", "fk_of = 0" },
		{ "fk_to integer", "broke a foreign key to %s", "fk_to = 0" },
		{ "integrity text", "fails PRAGMA integrity_check", "integrity = 'ok'" },
	};

	/* "t", or "s.t" in a schema, as mig-apply's own messages name tables */
	strbuf_addch(&name, '"');
	if (dst->schema[0])
		strbuf_addf(&name, "%s.", dst->schema);
	strbuf_addf(&name, "%s\"", dst->name);
	strbuf_addstr(out, "-- the rebuild's checks (docs/sqlite.md): each fails the migration, naming the table\n"
		      "CREATE TEMP TABLE mig_rebuild (");
	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++) {
		if (checks[i].column)
			strbuf_addf(out, "%s\n    %s", i ? "," : "", checks[i].column);
		else
			strbuf_addstr(out, "\n       ");
		if (!checks[i].what)
			continue;
		strbuf_reset(&msg);
		strbuf_addf(&msg, "rebuild of %s ", name.buf);
		strbuf_addf(&msg, checks[i].what, name.buf);
		strbuf_addstr(out, " CONSTRAINT ");
		strbuf_add_sql_quoted(out, msg.buf, '"');
		strbuf_addf(out, " CHECK (%s)", checks[i].check);
	}
	strbuf_addstr(out, "\n);\nINSERT INTO mig_rebuild (foreign_keys, rows_before)\n"
		      "    SELECT foreign_keys, (SELECT count(*) FROM ");
	qualified(out, dst->schema, live);
	strbuf_addstr(out, ") FROM pragma_foreign_keys;\n");
	strbuf_release(&name);
	strbuf_release(&msg);
}

/*
 * After the rebuild: the row count, the foreign keys of the table and those
 * of other tables to it (a row the copy lost leaves theirs without a
 * parent: the tables whose foreign key list names it are checked, only for
 * keys to it), and SQLite's integrity check of the table and its indexes.
 * One statement each, cheapest first: the first that fails stops the
 * migration, and its line says which.
 */
static void rebuild_checks_after(const struct model_table *dst, struct strbuf *out)
{
	struct strbuf table = STRBUF_INIT, schema = STRBUF_INIT, args = STRBUF_INIT;

	dialect_sqlite_append_literal(&table, dst->name);
	dialect_sqlite_append_literal(&schema, dst->schema[0] ? dst->schema : "main");
	strbuf_addf(&args, "%s, %s", table.buf, schema.buf);
	strbuf_addstr(out, "UPDATE mig_rebuild SET rows_after = (SELECT count(*) FROM ");
	qualified(out, dst->schema, dst->name);
	strbuf_addf(out, ");\nUPDATE mig_rebuild SET fk_of = (SELECT count(*) FROM pragma_foreign_key_check(%s));\n",
		    args.buf);
	strbuf_addstr(out, "UPDATE mig_rebuild SET fk_to = (SELECT count(*) FROM ");
	qualified(out, dst->schema, "sqlite_schema");
	strbuf_addf(out, " c, pragma_foreign_key_check(c.name, %s) v\n"
		    "    WHERE c.type = 'table' AND v.parent = %s COLLATE NOCASE\n"
		    "    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(c.name, %s) f WHERE f.\"table\" = %s COLLATE NOCASE));\n",
		    schema.buf, table.buf, schema.buf, table.buf);
	strbuf_addf(out, "UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') "
		    "FROM pragma_integrity_check(%s));\nDROP TABLE mig_rebuild;\n", args.buf);
	strbuf_release(&table);
	strbuf_release(&schema);
	strbuf_release(&args);
}

/* Does t have a column named name, ignoring case as SQLite does? */
static bool has_column_ci(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_columns; i++) {
		if (strcasecmp(t->columns[i].name, name) == 0)
			return true;
	}
	return false;
}

/*
 * The rebuild's temporary table: <table>_mig_new, or <table>_2_mig_new ...
 * when a table of the models has that name (dialect_sqlite_rebuild.h: the
 * driver knows a rebuild's steps by the suffix).
 */
static void rebuild_name(const struct plan *p, const struct model_table *dst, struct strbuf *out)
{
	const struct model *other = p->dst_model == p->df->to ? p->df->from : p->df->to;
	struct strbuf label = STRBUF_INIT;
	int n = 1;

	/* the number goes in the label, which is never shortened */
	do {
		dialect_sqlite_rebuild_label(n++, &label);
		strbuf_setlen(out, 0);
		model_make_object_name(dst->name, NULL, label.buf, out);
	} while (model_find_table(p->dst_model, dst->schema, out->buf) || model_find_table(other, dst->schema, out->buf));
	strbuf_release(&label);
}

/* The documented procedure: new table, copy rows, drop, rename, indexes. */
static int render_rebuild(const struct plan *p, const struct rebuild *rb, struct strbuf *out, struct diag *d)
{
	const struct model_table *src = rb->src, *dst = rb->dst;
	struct strbuf tmp = STRBUF_INIT, cols = STRBUF_INIT, vals = STRBUF_INIT, notes = STRBUF_INIT,
		      def = STRBUF_INIT, check = STRBUF_INIT;
	const char *live = src->name; /* the table's name in the database as the rebuild goes */
	bool *renamed = xcalloc(dst->nr_columns + 1, sizeof(bool));
	int ret = -1;

	rebuild_name(p, dst, &tmp);
	strbuf_addf(out, "-- rebuild of table %s: a change ALTER TABLE cannot make\n", dst->name);
	if (create_table(&def, &notes, p->dst_model, dst, tmp.buf, d) < 0)
		goto out;
	/*
	 * Renames first, with ALTER TABLE itself: SQLite then renames the
	 * table and its columns in other tables' foreign keys, in views and in
	 * triggers too, which a rebuild under the new names would leave behind.
	 */
	/* SQLite's names ignore case: a rename in case alone is the final rename's */
	if (strcasecmp(src->name, dst->name) != 0) {
		strbuf_addstr(out, "ALTER TABLE ");
		qualified(out, src->schema, src->name);
		strbuf_addstr(out, " RENAME TO ");
		dialect_sqlite_append_ident(out, dst->name);
		strbuf_addstr(out, ";\n");
		live = dst->name;
	}
	for (size_t i = 0; i < dst->nr_columns; i++) {
		const struct model_column *c = &dst->columns[i];
		const struct model_column *s = source_column(p, src, c);
		/* a swap of two names (a -> b, b -> a), or one in case alone, is left to the copy */
		if (!s || strcasecmp(s->name, c->name) == 0 || has_column_ci(src, c->name))
			continue;
		strbuf_addstr(out, "ALTER TABLE ");
		qualified(out, dst->schema, live);
		strbuf_addstr(out, " RENAME COLUMN ");
		dialect_sqlite_append_ident(out, s->name);
		strbuf_addstr(out, " TO ");
		dialect_sqlite_append_ident(out, c->name);
		strbuf_addstr(out, ";\n");
		renamed[i] = true;
	}
	unknown_columns_guard(p, src, dst, live, renamed, out);
	rebuild_checks_before(dst, live, out);
	strbuf_addstr(out, notes.buf);
	strbuf_addstr(out, def.buf);
	for (size_t i = 0; i < dst->nr_columns; i++) {
		const struct model_column *c = &dst->columns[i];
		const struct model_column *s = source_column(p, src, c);
		const char *s_name = s && renamed[i] ? c->name : s ? s->name : NULL;
		struct strbuf fill = STRBUF_INIT;
		bool has_fill = !c->extra->generated && fill_value(p, c, &fill) == 0;
		/* a generated column computes its values: the copy may not give any */
		if ((!s && !has_fill) || c->extra->generated) {
			strbuf_release(&fill);
			continue; /* a new column: its default, or NULL */
		}
		strbuf_addstr(&cols, cols.len ? ", " : "");
		dialect_sqlite_append_ident(&cols, c->name);
		strbuf_addstr(&vals, vals.len ? ", " : "");
		if (!s) {
			strbuf_addstr(&vals, fill.buf);
		} else if (c->not_null && !s->not_null && has_fill) {
			/* tightened to NOT NULL: NULLs take the default or the fill, as on PostgreSQL */
			strbuf_addstr(&vals, "coalesce(");
			dialect_sqlite_append_ident(&vals, s_name);
			strbuf_addf(&vals, ", %s)", fill.buf);
		} else {
			dialect_sqlite_append_ident(&vals, s_name);
		}
		strbuf_release(&fill);
	}
	if (cols.len) {
		strbuf_addstr(out, "INSERT INTO ");
		qualified(out, dst->schema, tmp.buf);
		strbuf_addf(out, " (%s)\n    SELECT %s FROM ", cols.buf, vals.buf);
		qualified(out, src->schema, live);
		strbuf_addstr(out, ";\n");
	}
	if (has_autoincrement(dst))
		keep_sequence(out, dst->schema, live, tmp.buf);
	strbuf_addstr(out, "DROP TABLE ");
	qualified(out, src->schema, live);
	/*
	 * The legacy rename leaves views and other tables' triggers as they are:
	 * they name the table, which is back under its name once renamed (the
	 * modern rename re-checks them, and fails on the table just dropped).
	 */
	strbuf_addstr(out, ";\nPRAGMA legacy_alter_table = ON;\nALTER TABLE ");
	qualified(out, dst->schema, tmp.buf);
	strbuf_addstr(out, " RENAME TO ");
	dialect_sqlite_append_ident(out, dst->name);
	strbuf_addstr(out, ";\nPRAGMA legacy_alter_table = OFF;\n");
	for (size_t i = 0; i < dst->nr_indexes; i++)
		create_index(out, dst, &dst->indexes[i]);
	/*
	 * SQLite checks views and triggers only when they run; its own rename
	 * checks them all, so one that no longer fits the rebuilt table (a view
	 * or trigger naming a dropped column) fails the migration here, naming
	 * it. The rename is undone at once.
	 */
	model_make_object_name(dst->name, NULL, "mig_check", &check);
	strbuf_addstr(out, "-- every view and trigger still fits: SQLite's rename checks them (and is undone)\n"
		      "SAVEPOINT mig_check;\nALTER TABLE ");
	qualified(out, dst->schema, dst->name);
	strbuf_addstr(out, " RENAME TO ");
	dialect_sqlite_append_ident(out, check.buf);
	strbuf_addstr(out, ";\nROLLBACK TO mig_check;\nRELEASE mig_check;\n");
	rebuild_checks_after(dst, out);
	ret = 0;
out:
	free(renamed);
	strbuf_release(&check);
	strbuf_release(&tmp);
	strbuf_release(&cols);
	strbuf_release(&vals);
	strbuf_release(&notes);
	strbuf_release(&def);
	return ret;
}

/* The table an operation works on, on its to_* side (or its from_* side for a drop). */
static const struct model_table *op_dst(const struct op *op)
{
	return op->to_table ? op->to_table : op->from_table;
}

/* Names as the database has them when op runs: renames of tables that are not rebuilt. */
static const struct model_table *live_table(const struct plan *p, const struct op *op,
					    const struct model_table *t)
{
	return op->before_renames ? t : diff_now_table(p->df, t);
}

static int render_op(struct plan *p, const struct op *op, struct strbuf *out, struct diag *d)
{
	const struct model_table *t = op_dst(op);
	struct rebuild *rb = NULL;
	struct strbuf notes = STRBUF_INIT;
	int ret = 0;

	/* said where the change is, rebuilt or not */
	diff_describe_destructive_note(op, false, out);
	if (op->kind == OP_ADD_COLUMN && op->values_lost)
		diff_describe_lost_values_note(op, op->to_table, out);
	if (t)
		rb = find_rebuild(p, op->to_table ? op->to_table : t);
	if (!rb && op->from_table && op->to_table)
		rb = find_rebuild(p, op->to_table);
	if (rb) {
		/* every change of a rebuilt table is its rebuild, made at its first operation */
		if (!rb->done) {
			rb->done = true;
			return render_rebuild(p, rb, out, d);
		}
		return 0;
	}
	switch (op->kind) {
	case OP_CREATE_SCHEMA:
		strbuf_addstr(out, "CREATE SCHEMA ");
		dialect_sqlite_append_ident(out, op->to.schema->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_DROP_SCHEMA:
		strbuf_addstr(out, "DROP SCHEMA ");
		dialect_sqlite_append_ident(out, op->from.schema->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_CREATE_TABLE: {
		struct strbuf def = STRBUF_INIT;
		ret = create_table(&def, &notes, p->dst_model, op->to_table, op->to_table->name, d);
		/* the notes come before the statement they are about */
		strbuf_addstr(out, notes.buf);
		strbuf_addstr(out, def.buf);
		strbuf_release(&def);
		break;
	}
	case OP_DROP_TABLE:
		strbuf_addstr(out, "DROP TABLE ");
		qualified(out, op->from_table->schema, op->from_table->name);
		strbuf_addstr(out, ";\n");
		break;
	case OP_RENAME_TABLE: {
		struct strbuf step = STRBUF_INIT;
		const char *from = op->from_name;
		/* SQLite refuses a rename in case alone ("already another table"): through a temporary name */
		if (strcasecmp(op->from_name, op->to_name) == 0) {
			model_make_object_name(op->to_name, NULL, "mig_case", &step);
			strbuf_addstr(out, "ALTER TABLE ");
			qualified(out, op->from_table->schema, from);
			strbuf_addstr(out, " RENAME TO ");
			dialect_sqlite_append_ident(out, step.buf);
			strbuf_addstr(out, ";\n");
			from = step.buf;
		}
		strbuf_addstr(out, "ALTER TABLE ");
		qualified(out, op->from_table->schema, from);
		strbuf_addstr(out, " RENAME TO ");
		dialect_sqlite_append_ident(out, op->to_name);
		strbuf_addstr(out, ";\n");
		strbuf_release(&step);
		break;
	}
	case OP_RENAME_COLUMN: {
		const struct model_table *lt = live_table(p, op, op->to_table);
		strbuf_addstr(out, "ALTER TABLE ");
		qualified(out, lt->schema, lt->name);
		strbuf_addstr(out, " RENAME COLUMN ");
		dialect_sqlite_append_ident(out, op->from_name);
		strbuf_addstr(out, " TO ");
		dialect_sqlite_append_ident(out, op->to_name);
		strbuf_addstr(out, ";\n");
		break;
	}
	case OP_ADD_COLUMN: {
		const struct model_table *lt = live_table(p, op, op->to_table);
		const struct model_column *c = op->to.column;
		const char *coll = collation(c->extra->collation);
		const char *why;
		strbuf_addstr(out, "ALTER TABLE ");
		qualified(out, lt->schema, lt->name);
		strbuf_addstr(out, " ADD COLUMN ");
		dialect_sqlite_append_ident(out, c->name);
		column_type(out, op->to_table, c);
		if (c->not_null && !c->declared_nullable)
			strbuf_addstr(out, " NOT NULL");
		if (c->default_kind != DEFAULT_NONE) {
			strbuf_addstr(out, " DEFAULT ");
			if (column_default(out, c, &why) < 0)
				ret = diag_error_at(d, model_column_loc(t, c).file, c->line,
						    "the default of column %s.%s cannot be written for SQLite: %s",
						    lt->name, c->name, why);
		}
		if (coll)
			strbuf_addf(out, " COLLATE %s", coll);
		strbuf_addstr(out, ";\n");
		break;
	}
	case OP_CREATE_INDEX:
		create_index(out, live_table(p, op, op->to_table), op->to.index);
		break;
	case OP_DROP_INDEX:
		drop_index(out, live_table(p, op, op->from_table), op->from.index);
		break;
	case OP_RENAME_INDEX:
		/* SQLite cannot rename an index: made again under its new name */
		drop_index_as(out, live_table(p, op, op->to_table), op->from.index, op->from_name);
		create_index_as(out, live_table(p, op, op->to_table), op->to.index, op->to_name);
		break;
	case OP_CREATE_OBJECT:
	case OP_REPLACE_OBJECT:
	case OP_RENAME_OBJECT:
	case OP_DROP_OBJECT:
		object_sql(out, op);
		break;
	case OP_SET_SEQUENCE:
		note(out, "column %s.%s keeps no sequence options (SQLite numbers rows its own way)",
		     op->to_table->name, op->to.column->name);
		break;
	default:
		/* enums (their checks live in the tables), comments and owners (SQLite has none) */
		break;
	}
	strbuf_release(&notes);
	return ret;
}

/*
 * A rebuild whose table SQLite would declare exactly as it is now (serial
 * to bigserial, a comment, a PostgreSQL-only detail) copies every row for
 * nothing: it is left out, and the table's other operations (an index, a
 * rename) are made as they are.
 */
static int prune_rebuilds(struct plan *p, struct diag *d)
{
	const struct model *src_model = p->dst_model == p->df->to ? p->df->from : p->df->to;
	size_t kept = 0;
	int ret = 0;

	for (size_t i = 0; i < p->nr && ret == 0; i++) {
		struct strbuf before = STRBUF_INIT, after = STRBUF_INIT, notes = STRBUF_INIT;
		const struct rebuild *rb = &p->rebuilds[i];
		bool same;
		ret = create_table(&before, &notes, src_model, rb->src, rb->dst->name, d);
		if (ret == 0)
			ret = create_table(&after, &notes, p->dst_model, rb->dst, rb->dst->name, d);
		same = ret == 0 && strcmp(before.buf, after.buf) == 0;
		if (!same)
			p->rebuilds[kept++] = *rb;
		strbuf_release(&before);
		strbuf_release(&after);
		strbuf_release(&notes);
	}
	if (ret == 0)
		p->nr = kept;
	return ret;
}

/* Does an operation of the section create, change or drop object o (of the section's to_* model)? */
static bool object_planned(const struct plan *p, const struct model_object *o)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool found = false;

	model_object_key(o, &a);
	for (size_t i = 0; i < p->nr_ops && !found; i++) {
		const struct op *op = p->ops[i];
		if (op->kind != OP_CREATE_OBJECT && op->kind != OP_DROP_OBJECT && op->kind != OP_REPLACE_OBJECT &&
		    op->kind != OP_RENAME_OBJECT)
			continue;
		model_object_key(op->to.object ? op->to.object : op->from.object, &b);
		found = strcmp(a.buf, b.buf) == 0;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return found;
}

/*
 * The views and triggers a rebuild would leave standing on a dropped table
 * (SQLite's DROP TABLE takes a table's triggers along, and a view over it
 * breaks until the new table is renamed in): those of the section's model
 * that stand on a rebuilt table, directly or through one another, and that
 * no operation of the section drops and creates already. Marks them in
 * around[] (one per object of p->dst_model).
 */
static void objects_around_rebuilds(const struct plan *p, bool *around)
{
	const struct model *m = p->dst_model;
	bool grew = p->nr > 0;

	while (grew) {
		grew = false;
		for (size_t i = 0; i < m->nr_objects; i++) {
			const struct model_object *o = &m->objects[i];
			struct model_names refs = { 0 };
			bool on = false;
			if (around[i] || !model_object_in_dialect(o, "sqlite", true) || object_planned(p, o))
				continue;
			model_object_references(o, &refs);
			for (size_t r = 0; r < refs.nr && !on; r++) {
				for (size_t k = 0; k < p->nr && !on; k++)
					on = model_object_reference_matches(refs.items[r], NULL, p->rebuilds[k].dst->schema,
									    p->rebuilds[k].dst->name);
				for (size_t k = 0; k < m->nr_objects && !on; k++)
					on = around[k] && model_object_reference_matches(refs.items[r], &m->objects[k], NULL, NULL);
			}
			model_names_release(&refs);
			if (on)
				around[i] = grew = true;
		}
	}
}

/* DROP (create false) or CREATE of the objects marked in around[]: drops last first. */
static void objects_around(const struct plan *p, const bool *around, bool create, struct strbuf *out)
{
	const struct model *m = p->dst_model;
	size_t n = m->nr_objects;

	for (size_t k = 0; k < n; k++) {
		const struct model_object *o = &m->objects[create ? k : n - 1 - k];
		struct op op = { .kind = create ? OP_CREATE_OBJECT : OP_DROP_OBJECT };
		if (!around[create ? k : n - 1 - k])
			continue;
		if (create)
			op.to.object = o;
		else
			op.from.object = o;
		object_sql(out, &op);
	}
}

static int render_section(const struct diff *df, const struct op *const *ops, size_t n,
			  const struct model *dst_model, struct strbuf *out, struct diag *d)
{
	struct plan p = { .df = df, .dst_model = dst_model, .ops = ops, .nr_ops = n };
	bool *around = xcalloc(dst_model->nr_objects + 1, sizeof(bool)), any = false;
	int ret = 0;

	plan_rebuilds(&p);
	ret = prune_rebuilds(&p, d);
	if (ret == 0)
		objects_around_rebuilds(&p, around);
	for (size_t i = 0; i < dst_model->nr_objects; i++)
		any = any || around[i];
	if (any) {
		strbuf_addstr(out, "-- views and triggers on tables rebuilt here: dropped first, created again at the end\n");
		objects_around(&p, around, false, out);
	}
	/* renames of rebuilt tables are part of their rebuilds */
	for (size_t i = 0; i < n && ret == 0; i++) {
		const struct op *op = ops[i];
		if ((op->kind == OP_RENAME_TABLE || op->kind == OP_RENAME_COLUMN) && find_rebuild(&p, op->to_table)) {
			struct rebuild *rb = find_rebuild(&p, op->to_table);
			if (!rb->done) {
				rb->done = true;
				ret = render_rebuild(&p, rb, out, d);
			}
			continue;
		}
		ret = render_op(&p, op, out, d);
		if (op->kind == OP_CREATE_TABLE)
			strbuf_addch(out, '\n');
	}
	/* tables rebuilt for no operation of their own: an enum whose values changed lists them in a check */
	for (size_t i = 0; i < p.nr && ret == 0; i++) {
		if (!p.rebuilds[i].done) {
			p.rebuilds[i].done = true;
			ret = render_rebuild(&p, &p.rebuilds[i], out, d);
		}
	}
	if (any && ret == 0) {
		const struct model_table *t = p.rebuilds[0].dst;
		struct strbuf check = STRBUF_INIT;
		objects_around(&p, around, true, out);
		/* SQLite checks a view or trigger only when it runs, or when a table is renamed */
		model_make_object_name(t->name, NULL, "mig_check", &check);
		strbuf_addstr(out, "-- they fit the rebuilt tables: SQLite's rename checks them (and is undone)\n"
			      "SAVEPOINT mig_check;\nALTER TABLE ");
		qualified(out, t->schema, t->name);
		strbuf_addstr(out, " RENAME TO ");
		dialect_sqlite_append_ident(out, check.buf);
		strbuf_addstr(out, ";\nROLLBACK TO mig_check;\nRELEASE mig_check;\n");
		strbuf_release(&check);
	}
	free(around);
	free(p.rebuilds);
	return ret;
}

/* --- whole migrations ------------------------------------------------------ */

/* "schema\nname" in lower case (SQLite's names ignore ASCII case), replacing out's contents. */
static void folded_key(const char *schema, const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	for (const char *p = schema; *p; p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
	strbuf_addch(out, '\n');
	for (const char *p = name; *p; p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
}

/* Two tables of a schema, or two columns of a table, whose names differ in case alone: one to SQLite. */
static int check_case_clashes(const struct model *m, struct diag *d)
{
	struct strmap seen = STRMAP_INIT;
	struct strbuf key = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < m->nr_tables && ret == 0; i++) {
		const struct model_table *t = m->tables[i], *other;
		folded_key(t->schema, t->name, &key);
		other = strmap_put(&seen, key.buf, (void *)t);
		if (other)
			ret = diag_error_at(d, t->loc.file, t->loc.line, "tables %s and %s are one table to SQLite "
					    "(its names ignore case)", other->name, t->name);
		for (size_t k = 0; k < t->nr_columns && ret == 0; k++) {
			for (size_t j = 0; j < k && ret == 0; j++) {
				if (strcasecmp(t->columns[j].name, t->columns[k].name) == 0)
					ret = diag_error_at(d, model_column_loc(t, &t->columns[k]).file, t->columns[k].line,
							    "columns %s.%s and %s.%s are one column to SQLite (its names "
							    "ignore case)", t->name, t->columns[j].name, t->name,
							    t->columns[k].name);
			}
		}
	}
	if (ret < 0)
		diag_hint(d, "rename one of them, or write PostgreSQL migrations only (--dialect pgsql)");
	strmap_release(&seen);
	strbuf_release(&key);
	return ret;
}

int dialect_sqlite_check_model(const struct model *m, struct diag *d)
{
	if (check_case_clashes(m, d) < 0)
		return -1;
	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];
		struct strbuf what = STRBUF_INIT;
		if (model_table_pg_only(t, &what)) {
			diag_error_at(d, t->loc.file, t->loc.line, "table %s: SQLite has no %s", t->name, what.buf);
			diag_hint(d, "write PostgreSQL migrations only (--dialect pgsql)");
			strbuf_release(&what);
			return -1;
		}
		for (size_t k = 0; k < t->nr_columns; k++) {
			const struct model_column *c = &t->columns[k];
			if (c->identity != IDENTITY_NONE && !identity_inline(t, c)) {
				diag_error_at(d, model_column_loc(t, c).file, c->line,
					      "column %s.%s: SQLite has an identity only as the table's single-column "
					      "primary key (the rowid)", t->name, c->name);
				diag_hint(d, "make it the primary key, or write PostgreSQL migrations only (--dialect pgsql)");
				return -1;
			}
		}
		if (t->sqlite_without_rowid && !t->pk.name) {
			diag_error_at(d, t->loc.file, t->loc.line,
				      "table %s: a WITHOUT ROWID table needs a primary key", t->name);
			return -1;
		}
		for (size_t k = 0; k < t->nr_columns && (t->sqlite_strict || t->sqlite_without_rowid); k++) {
			const struct model_column *c = &t->columns[k];
			if (t->sqlite_without_rowid && c->identity != IDENTITY_NONE) {
				diag_error_at(d, model_column_loc(t, c).file, c->line,
					      "column %s.%s: a WITHOUT ROWID table has no rowid, so no identity "
					      "(AUTOINCREMENT)", t->name, c->name);
				diag_hint(d, "make the table an ordinary one (no sqlite-without-rowid), or the column a "
					  "plain integer");
				return -1;
			}
			if (t->sqlite_strict && c->extra->sqlite_type && !strict_name(c->extra->sqlite_type)) {
				diag_error_at(d, model_column_loc(t, c).file, c->line,
					      "column %s.%s: a STRICT table takes only INT, INTEGER, REAL, TEXT, BLOB or ANY, "
					      "not sqlite-type \"%s\"", t->name, c->name, c->extra->sqlite_type);
				diag_hint(d, "leave sqlite-type out (mig declares the type STRICT takes), or make the table "
					  "an ordinary one");
				return -1;
			}
			if (t->sqlite_strict && !c->extra->sqlite_type && c->type.kind == TYPE_ENUM) {
				diag_error_at(d, model_column_loc(t, c).file, c->line,
					      "column %s.%s: a STRICT table cannot declare an enum's name as a type "
					      "(SQLite reads the enum from it)", t->name, c->name);
				diag_hint(d, "make the table an ordinary one (no sqlite-strict), or the column text with "
					  "a check");
				return -1;
			}
		}
		for (size_t k = 0; k < t->nr_fks; k++) {
			const struct model_foreign_key *fk = &t->fks[k];
			if (strcmp(fk->ref_schema, t->schema) != 0) {
				diag_error_at(d, fk->loc.file, fk->loc.line,
					      "foreign key %s: SQLite cannot reference a table of another schema "
					      "(another attached database)", fk->name);
				diag_hint(d, "keep both tables in one schema, or write PostgreSQL migrations only (--dialect pgsql)");
				return -1;
			}
		}
	}
	return 0;
}

int dialect_sqlite_render_migration(const struct diff *df, struct strbuf *up, struct strbuf *down,
			    struct diag *d)
{
	struct op *inverses;
	const struct op **ops;
	size_t nr;
	int ret;

	if (dialect_sqlite_check_model(df->to, d) < 0 || dialect_sqlite_check_model(df->from, d) < 0)
		return -1;
	nr = diff_up_ops(df, &ops);
	ret = render_section(df, ops, nr, df->to, up, d);
	free(ops);
	if (ret < 0)
		return -1;
	nr = diff_down_ops(df, &inverses, &ops);
	ret = render_section(df, ops, nr, df->from, down, d);
	free(ops);
	free(inverses);
	return ret;
}

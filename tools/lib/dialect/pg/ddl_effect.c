/* The DDL of a script applied to a model, from libpg_query's parse trees (protobuf). */
#include "ddl_effect.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "dialect_pg.h"
#include "diag.h"
#include "model.h"
#include "model_xml.h"
#include "sqlnorm.h"
#include "sqlscan.h"
#include "sqlsplit.h"
#include "xalloc.h"
#include "banned.h"

typedef PgQuery__Node Node;

struct ctx {
	struct model *m;
	const struct ddl_effect_script *s;
	struct ddl_effect *fx;
	struct diag *d;
	int line;         /* of the statement, in s->file */
	const char *kind; /* "ALTER TABLE", ... */
	bool in_create;   /* inside CREATE TABLE: its parts are not changes of their own */
	struct model_names temp; /* temporary tables created by the script (session-only: not the model's) */
	struct dialect_pg pg;    /* quoting names as PostgreSQL prints them */
	const char *text;        /* the statement's text as split (its parse tree's positions count from it) */
	size_t stmt_at, stmt_len; /* the statement's own slice of text (stmt_len 0: to its end) */
	bool alone;              /* an ALTER TABLE of one command */
};

void ddl_effect_init(struct ddl_effect *fx)
{
	strbuf_init(&fx->changes, 0);
	strbuf_init(&fx->ignored, 0);
	strbuf_init(&fx->data, 0);
}

void ddl_effect_release(struct ddl_effect *fx)
{
	strbuf_release(&fx->changes);
	strbuf_release(&fx->ignored);
	strbuf_release(&fx->data);
}

__attribute__((format(printf, 2, 3)))
static int fail(struct ctx *c, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_error_at(c->d, c->s->file, c->line, "%s: %s", c->kind, msg.buf);
	strbuf_release(&msg);
	return -1;
}

/* An error whose hint says what mig needs: the change in the models, or the statement in a form it reads. */
__attribute__((format(printf, 2, 3)))
static int cannot(struct ctx *c, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_error_at(c->d, c->s->file, c->line, "%s: %s; its effect on the schema cannot be recorded offline",
		      c->kind, msg.buf);
	diag_hint(c->d, "write schema changes as the statements mig reads (see mig-gen(1), --rehash), or make "
		  "the change in the models and let mig-gen write it; data changes may stay as they are");
	strbuf_release(&msg);
	return -1;
}

__attribute__((format(printf, 2, 3)))
static void changed(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->in_create)
		return;
	if (c->fx->changes.len)
		strbuf_addstr(&c->fx->changes, "; ");
	va_start(ap, fmt);
	strbuf_vaddf(&c->fx->changes, fmt, ap);
	va_end(ap);
}

static void ignored(struct ctx *c, const char *what)
{
	strbuf_addf(&c->fx->ignored, "%s:%d: %s: not part of the model, not recorded\n", c->s->file, c->line, what);
}

/* The table list is looked up by an index built for fixed names: names change here. */
static void unindex(struct model *m)
{
	model_unindex_tables(m);
}

#define REMOVE_AT(arr, nr, i) \
	do { memmove(&(arr)[i], &(arr)[(i) + 1], ((nr) - (i) - 1) * sizeof((arr)[0])); (nr)--; } while (0)

/* protobuf's strings are "" when absent */
static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static const char *str_of(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* "public" and SQLite's "main" are the default schema "". */
static const char *schema_of(const char *s)
{
	if (!s || !*s || strcmp(s, "public") == 0 || strcmp(s, "main") == 0)
		return "";
	return s;
}

static void display(struct strbuf *sb, const char *schema, const char *name)
{
	if (schema && *schema)
		strbuf_addf(sb, "%s.", schema);
	strbuf_addstr(sb, name);
}

/* A qualified name given as a list of String nodes: [schema.]name. */
static int qualified(struct ctx *c, Node **items, size_t n, const char **schema, const char **name)
{
	if (n == 0 || n > 2 || !str_of(items[n - 1]) || (n == 2 && !str_of(items[0])))
		return cannot(c, "a name of a form mig does not read");
	*schema = schema_of(n == 2 ? str_of(items[0]) : NULL);
	*name = str_of(items[n - 1]);
	return 0;
}

static struct model_table *find_table(struct ctx *c, const PgQuery__RangeVar *rv, bool missing_ok, int *ret)
{
	struct model_table *t = model_find_table(c->m, schema_of(rv->schemaname), rv->relname);

	*ret = 0;
	if (!t && !missing_ok) {
		struct strbuf name = STRBUF_INIT;
		display(&name, schema_of(rv->schemaname), rv->relname);
		diag_error_at(c->d, c->s->file, c->line, "%s: table \"%s\" is not in the recorded state", c->kind,
			      name.buf);
		diag_hint(c->d, "the state before this migration has no such table: create it in an earlier "
			  "migration (or in this one, before this statement), or correct the name");
		strbuf_release(&name);
		*ret = -1;
	}
	return t;
}

static void table_name(const struct model_table *t, const char *column, struct strbuf *out)
{
	strbuf_setlen(out, 0);
	display(out, t->schema, t->name);
	if (column)
		strbuf_addf(out, ".%s", column);
}

/* --- expressions -------------------------------------------------------- */

/* The SQL text of one expression node, as PostgreSQL's deparser writes it. */
static int deparse_expr(struct ctx *c, Node *expr, struct strbuf *out)
{
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	PgQuery__Node rt_node = PG_QUERY__NODE__INIT, sel_node = PG_QUERY__NODE__INIT;
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT, *raws[1] = { &raw };
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	PgQuery__Node *targets[1] = { &rt_node };
	PgQueryProtobuf pb;
	PgQueryDeparseResult r;
	int ret = 0;

	rt.val = expr;
	rt_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	rt_node.res_target = &rt;
	sel.n_target_list = 1;
	sel.target_list = targets;
	sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	sel_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	sel_node.select_stmt = &sel;
	raw.stmt = &sel_node;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	pb.len = pg_query__parse_result__get_packed_size(&pr);
	pb.data = xmalloc(pb.len ? pb.len : 1);
	pg_query__parse_result__pack(&pr, (uint8_t *)pb.data);
	r = pg_query_deparse_protobuf(pb);
	free(pb.data);
	if (r.error || !r.query || strncmp(r.query, "SELECT ", 7) != 0)
		ret = fail(c, "an expression PostgreSQL's deparser cannot write back");
	else
		strbuf_addstr(out, r.query + 7);
	pg_query_free_deparse_result(r);
	return ret;
}

static int deparse_dup(struct ctx *c, Node *expr, char **out)
{
	struct strbuf sb = STRBUF_INIT;

	if (deparse_expr(c, expr, &sb) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

/* A default: a literal when it is a constant (as mig-inspect reads one), else an expression. */
static int set_default(struct ctx *c, struct model_column *col, Node *expr)
{
	struct strbuf text = STRBUF_INIT, value = STRBUF_INIT;

	model_column_set_default(c->m, col, DEFAULT_NONE, NULL);
	if (!expr)
		return 0;
	if (expr->node_case == PG_QUERY__NODE__NODE_A_CONST && expr->a_const->isnull)
		return 0; /* DEFAULT NULL is no default */
	if (deparse_expr(c, expr, &text) < 0) {
		strbuf_release(&text);
		return -1;
	}
	if (strncmp(text.buf, "nextval(", 8) == 0) {
		strbuf_release(&text);
		return cannot(c, "a default taken from a sequence written by hand (column \"%s\")", col->name);
	}
	if (model_default_is_literal(col, text.buf) && sqlnorm_expr_constant(text.buf, &value))
		model_column_set_default(c->m, col, DEFAULT_LITERAL, value.buf);
	else
		model_column_set_default(c->m, col, DEFAULT_EXPR, text.buf);
	strbuf_release(&text);
	strbuf_release(&value);
	return 0;
}

/* --- types -------------------------------------------------------------- */

/* PostgreSQL's internal type names, as the model spells them. */
static const char *type_alias(const char *name)
{
	static const char *const map[][2] = {
		{ "int2", "smallint" }, { "int4", "integer" }, { "int8", "bigint" }, { "bool", "boolean" },
		{ "float4", "real" }, { "float8", "double precision" }, { "bpchar", "char" },
		{ "bytea", "bytes" }, { "blob", "bytes" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(name, map[i][0]) == 0)
			return map[i][1];
	}
	return name;
}

/* The type as text ("varchar(20)", "integer[]", "s.mood"), and whether it is one of pg_catalog's. */
static int type_text(struct ctx *c, const PgQuery__TypeName *tn, struct strbuf *out, bool *catalog)
{
	size_t first = 0;

	*catalog = false;
	if (!tn || tn->n_names == 0 || tn->setof || tn->pct_type)
		return cannot(c, "a column type of a form mig does not read");
	if (tn->n_names == 2 && strcmp(str_of(tn->names[0]) ? str_of(tn->names[0]) : "", "pg_catalog") == 0) {
		first = 1;
		*catalog = true;
	}
	for (size_t i = first; i < tn->n_names; i++) {
		const char *part = str_of(tn->names[i]);
		if (!part)
			return cannot(c, "a column type of a form mig does not read");
		if (i > first)
			strbuf_addch(out, '.');
		strbuf_addstr(out, *catalog ? type_alias(part) : part);
	}
	if (*catalog && strcmp(out->buf, "interval") == 0 && tn->n_typmods > 0)
		return cannot(c, "an interval type with fields");
	if (tn->n_typmods) {
		strbuf_addch(out, '(');
		for (size_t i = 0; i < tn->n_typmods; i++) {
			const Node *m = tn->typmods[i];
			if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
			    m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
				return cannot(c, "a type modifier that is not a number");
			strbuf_addf(out, "%s%d", i ? "," : "", m->a_const->ival->ival);
		}
		strbuf_addch(out, ')');
	}
	for (size_t i = 0; i < tn->n_array_bounds; i++)
		strbuf_addstr(out, "[]");
	return 0;
}

static void reset_type(struct model_column *col)
{
	model_type_release(&col->type);
	memset(&col->type, 0, sizeof(col->type));
	col->type.length = col->type.precision = col->type.scale = -1;
	free(col->extra->pg_type);
	free(col->extra->sqlite_type);
	if (col->extra->pg_type || col->extra->sqlite_type) {
		model_column_extra(col)->pg_type = model_column_extra(col)->sqlite_type = NULL;
		model_column_extra_done(col);
	}
}

/*
 * The column's type from tn: a model type, an enum of the model, or (as
 * mig-inspect reads it) a raw type of the dialect over text. *serial: a
 * serial pseudo-type.
 */
static int set_type(struct ctx *c, struct model_column *col, const PgQuery__TypeName *tn,
		    bool *serial)
{
	struct strbuf text = STRBUF_INIT;
	struct diag why = DIAG_INIT;
	bool catalog;
	int ret = -1;

	*serial = false;
	reset_type(col);
	if (type_text(c, tn, &text, &catalog) < 0)
		goto out;
	if (model_type_parse(text.buf, &col->type, serial, &why) == 0) {
		if (col->type.kind != TYPE_ENUM) {
			ret = 0;
			goto out;
		}
		if (!catalog) {
			/* es may be enum_schema itself: copy before freeing */
			char *es = xstrdup(schema_of(col->type.enum_schema));
			if (model_find_enum(c->m, es, col->type.enum_name)) {
				free(col->type.enum_schema);
				col->type.enum_schema = es;
				ret = 0;
				goto out;
			}
			free(es);
		}
	}
	/* a type the model has no name for: raw, as mig-inspect reads it */
	reset_type(col);
	*serial = false;
	col->type.kind = TYPE_TEXT;
	model_column_extra(col)->pg_type = strbuf_detach(&text, NULL);
	ret = 0;
out:
	diag_release(&why);
	strbuf_release(&text);
	return ret;
}

/* --- objects kept as SQL (model.h) ------------------------------- */

/* A pseudo-kind for lookups: a function or a procedure (ROUTINE). */
#define KIND_ROUTINE MODEL_NR_OBJECT_KINDS

static bool kind_matches(int want, enum model_object_kind have)
{
	return (int)have == want || (want == KIND_ROUTINE && (have == OBJECT_FUNCTION || have == OBJECT_PROCEDURE));
}

/* The index of the object of that identity in m, or -1. */
static long find_obj(const struct model *m, int kind, const char *schema, const char *name, const char *table)
{
	for (size_t i = 0; i < m->nr_objects; i++) {
		const struct model_object *o = &m->objects[i];
		if (kind_matches(kind, o->kind) && strcmp(o->schema, schema) == 0 && strcmp(o->name, name) == 0 &&
		    model_str_equal(o->table, table))
			return (long)i;
	}
	return -1;
}

/* For messages: view "s.v", trigger "t" on "customer". Replaces out's contents. */
static void obj_quoted(enum model_object_kind kind, const char *schema, const char *name, const char *table,
		       struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s \"", model_object_kinds[kind].element);
	display(out, schema, name);
	strbuf_addch(out, '"');
	if (table)
		strbuf_addf(out, " on \"%s\"", table);
}

/* For the summary of changes: "view s.v", "trigger t on customer". Replaces out's contents. */
static void obj_plain(const struct model_object *o, struct strbuf *out)
{
	strbuf_reset(out);
	model_object_display(o, out);
}

/* The statement being applied as written: its first token to its last, comments and the ';' left out. */
static char *statement_text(struct ctx *c)
{
	const char *s = c->text + c->stmt_at;
	size_t len = c->stmt_len ? c->stmt_len : strlen(s), from = 0, to = len;
	char *copy = xstrndup(s, len), *out;
	PgQuery__ScanResult *sr = sqlscan_pg(copy);
	bool first = true;

	for (size_t i = 0; sr && i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *tk = sr->tokens[i];
		if (tk->token == PG_QUERY__TOKEN__SQL_COMMENT || tk->token == PG_QUERY__TOKEN__C_COMMENT ||
		    tk->token == PG_QUERY__TOKEN__ASCII_59)
			continue;
		if (first)
			from = (size_t)tk->start;
		first = false;
		to = (size_t)tk->end;
	}
	if (sr)
		sqlscan_pg_free(sr);
	out = xstrndup(copy + from, to > from ? to - from : 0);
	free(copy);
	return out;
}

/*
 * Records the object the statement creates, its SQL as written. One that
 * exists is replaced under OR REPLACE, kept under IF NOT EXISTS, an error
 * otherwise.
 */
static int create_object(struct ctx *c, enum model_object_kind kind, const char *schema, const char *name,
			 const char *table, bool replace, bool if_not_exists)
{
	long at = find_obj(c->m, (int)kind, schema, name, table);
	struct strbuf nm = STRBUF_INIT;
	struct model_object *o;

	if (at >= 0 && !replace) {
		int r = 0;
		obj_quoted(kind, schema, name, table, &nm);
		if (!if_not_exists)
			r = fail(c, "%s already exists in the recorded state", nm.buf);
		strbuf_release(&nm);
		return r;
	}
	if (at >= 0) {
		o = &c->m->objects[at];
		free(o->definition);
		o->definition = statement_text(c);
		obj_plain(o, &nm);
		changed(c, "%s replaced", nm.buf);
	} else {
		o = model_add_object(c->m);
		o->kind = kind;
		o->schema = xstrdup(schema);
		o->name = xstrdup(name);
		o->table = table ? xstrdup(table) : NULL;
		o->definition = statement_text(c);
		o->app = xstrdup(c->s->app ? c->s->app : "");
		obj_plain(o, &nm);
		changed(c, "%s created", nm.buf);
	}
	strbuf_release(&nm);
	return 0;
}

static void remove_obj(struct model *m, size_t at)
{
	model_object_release(&m->objects[at]);
	REMOVE_AT(m->objects, m->nr_objects, at);
}

/* What a grant on a relation (or function, ...) says it is on: "TABLE public.t", as mig-inspect writes it. */
static void grant_target(struct ctx *c, const char *word, const char *schema, const char *name, const char *args,
			 struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s ", word);
	if (schema) {
		dialect_pg_append_ident(&c->pg, out, *schema ? schema : "public");
		strbuf_addch(out, '.');
	}
	dialect_pg_append_ident(&c->pg, out, name);
	if (args)
		strbuf_addstr(out, args);
}

/* The target of the grants on object o ("TABLE public.v", "FUNCTION public.f(integer)"); false: o has none. */
static bool object_grant_target(struct ctx *c, const struct model_object *o, struct strbuf *out)
{
	const char *word;
	char *base;
	size_t n;

	switch (o->kind) {
	case OBJECT_VIEW: case OBJECT_MATERIALIZED_VIEW: word = "TABLE"; break;
	case OBJECT_SEQUENCE: word = "SEQUENCE"; break;
	case OBJECT_FUNCTION: word = "FUNCTION"; break;
	case OBJECT_PROCEDURE: word = "PROCEDURE"; break;
	case OBJECT_TYPE: case OBJECT_DOMAIN: word = "TYPE"; break;
	default: return false;
	}
	n = strcspn(o->name, "(");
	base = xstrndup(o->name, n);
	grant_target(c, word, o->schema, base, o->name[n] ? o->name + n : NULL, out);
	free(base);
	return true;
}

/* Grants on target move to new_target (NULL: they go, as PostgreSQL drops them with their object). */
static void retarget_grants(struct model *m, const char *target, const char *new_target)
{
	for (size_t i = m->nr_objects; i-- > 0;) {
		struct model_object *o = &m->objects[i];
		if (o->kind != OBJECT_GRANT || !o->table || strcmp(o->table, target))
			continue;
		if (!new_target) {
			remove_obj(m, i);
			continue;
		}
		free(o->table);
		o->table = xstrdup(new_target);
	}
}

/* What PostgreSQL drops with relation schema.name: its triggers, rules, policies, constraints, indexes, grants. */
static void drop_on_relation(struct ctx *c, const char *schema, const char *name)
{
	struct strbuf target = STRBUF_INIT;

	for (size_t i = c->m->nr_objects; i-- > 0;) {
		const struct model_object *o = &c->m->objects[i];
		if (o->kind != OBJECT_GRANT && o->table && strcmp(o->table, name) == 0 && strcmp(o->schema, schema) == 0)
			remove_obj(c->m, i);
	}
	grant_target(c, "TABLE", schema, name, NULL, &target);
	retarget_grants(c->m, target.buf, NULL);
	strbuf_release(&target);
}

/* Removes object at and what PostgreSQL drops with it. */
static void drop_object_at(struct ctx *c, size_t at)
{
	struct model_object *o = &c->m->objects[at];
	struct strbuf nm = STRBUF_INIT, target = STRBUF_INIT;
	char *schema = xstrdup(o->schema), *name = xstrdup(o->name);
	bool relation = o->kind == OBJECT_VIEW || o->kind == OBJECT_MATERIALIZED_VIEW;
	bool grants = object_grant_target(c, o, &target);

	obj_plain(o, &nm);
	remove_obj(c->m, at);
	if (relation)
		drop_on_relation(c, schema, name);
	else if (grants)
		retarget_grants(c->m, target.buf, NULL);
	changed(c, "%s dropped", nm.buf);
	free(schema);
	free(name);
	strbuf_release(&nm);
	strbuf_release(&target);
}

/* Is schema.name a relation of the recorded state: a table, a view or a materialized view? 1 yes, 0 a temporary table. */
static int need_relation(struct ctx *c, const PgQuery__RangeVar *rv)
{
	const char *schema = schema_of(rv->schemaname);
	int r;

	if (!*schema && model_names_find(&c->temp, rv->relname) >= 0)
		return 0;
	if (model_find_table(c->m, schema, rv->relname) || find_obj(c->m, OBJECT_VIEW, schema, rv->relname, NULL) >= 0 ||
	    find_obj(c->m, OBJECT_MATERIALIZED_VIEW, schema, rv->relname, NULL) >= 0)
		return 1;
	find_table(c, rv, false, &r);
	return r;
}

/* --- function identities --- */

/* PostgreSQL's internal type names as format_type() prints them. */
static const char *const printed_types[][2] = {
	{ "int2", "smallint" }, { "int4", "integer" }, { "int8", "bigint" }, { "float4", "real" },
	{ "float8", "double precision" }, { "bool", "boolean" }, { "varchar", "character varying" },
	{ "bpchar", "character" }, { "char", "\"char\"" }, { "varbit", "bit varying" },
	{ "timestamp", "timestamp without time zone" }, { "timestamptz", "timestamp with time zone" },
	{ "time", "time without time zone" }, { "timetz", "time with time zone" },
};

/*
 * An argument type as oidvectortypes() prints it: format_type() without
 * modifiers ("integer", "character varying", "billing.money[]"); a type
 * of the default schema unqualified.
 */
static int arg_type(struct ctx *c, const PgQuery__TypeName *tn, struct strbuf *out)
{
	const char *schema = NULL, *name;

	if (!tn || tn->pct_type || tn->n_names == 0 || tn->n_names > 2)
		return cannot(c, "an argument type of a form mig does not read (%%TYPE?)");
	name = str_of(tn->names[tn->n_names - 1]);
	if (tn->n_names == 2 && !(schema = str_of(tn->names[0])))
		name = NULL;
	if (!name)
		return cannot(c, "an argument type of a form mig does not read");
	if (!schema || strcmp(schema, "pg_catalog") == 0) {
		const char *printed = schema ? name : NULL;
		for (size_t i = 0; i < sizeof(printed_types) / sizeof(printed_types[0]); i++)
			if (strcmp(name, printed_types[i][0]) == 0)
				printed = printed_types[i][1];
		if (printed) {
			strbuf_addstr(out, printed);
			schema = NULL;
			goto array;
		}
	}
	if (schema && *schema_of(schema)) {
		dialect_pg_append_ident(&c->pg, out, schema);
		strbuf_addch(out, '.');
	}
	dialect_pg_append_ident(&c->pg, out, name);
array:
	if (tn->n_array_bounds)
		strbuf_addstr(out, "[]");
	return 0;
}

/*
 * The identity of a function as mig-inspect names it: "name(integer,
 * text)", its input arguments only (params: FunctionParameter or TypeName
 * nodes). Appends to out.
 */
static int function_name(struct ctx *c, const char *name, Node **params, size_t n, struct strbuf *out)
{
	bool first = true;

	strbuf_addf(out, "%s(", name);
	for (size_t i = 0; i < n; i++) {
		const PgQuery__TypeName *tn;
		if (params[i]->node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) {
			PgQuery__FunctionParameterMode mode = params[i]->function_parameter->mode;
			if (mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
			    mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
				continue;
			tn = params[i]->function_parameter->arg_type;
		} else if (params[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
			tn = params[i]->type_name;
		} else {
			return cannot(c, "a function argument of a form mig does not read");
		}
		if (!first)
			strbuf_addstr(out, ", ");
		first = false;
		if (arg_type(c, tn, out) < 0)
			return -1;
	}
	strbuf_addch(out, ')');
	return 0;
}

/*
 * The function (procedure, aggregate; kind, or KIND_ROUTINE) named by ow:
 * its index, or -1 (*ret -1 after an error; 0 when missing_ok and absent).
 * Without an argument list the name must be unique, as PostgreSQL wants.
 */
static long find_function(struct ctx *c, const PgQuery__ObjectWithArgs *ow, int kind, bool missing_ok, int *ret)
{
	const char *schema, *name;
	struct strbuf id = STRBUF_INIT;
	long at = -1;

	*ret = -1;
	if (qualified(c, ow->objname, ow->n_objname, &schema, &name) < 0)
		return -1;
	if (ow->args_unspecified) {
		size_t n = strlen(name);
		for (size_t i = 0; i < c->m->nr_objects; i++) {
			const struct model_object *o = &c->m->objects[i];
			if (!kind_matches(kind, o->kind) || strcmp(o->schema, schema) || strncmp(o->name, name, n) ||
			    o->name[n] != '(')
				continue;
			if (at >= 0) {
				*ret = fail(c, "function name \"%s\" is not unique in the recorded state", name);
				return -1;
			}
			at = (long)i;
		}
		strbuf_addf(&id, "%s", name);
	} else {
		if (function_name(c, name, ow->objargs, ow->n_objargs, &id) < 0) {
			strbuf_release(&id);
			return -1;
		}
		at = find_obj(c->m, kind, schema, id.buf, NULL);
	}
	*ret = 0;
	if (at < 0 && !missing_ok) {
		struct strbuf nm = STRBUF_INIT;
		display(&nm, schema, id.buf);
		*ret = fail(c, "%s \"%s\" is not in the recorded state",
			    kind == KIND_ROUTINE ? "routine" : model_object_kinds[kind].element, nm.buf);
		strbuf_release(&nm);
	}
	strbuf_release(&id);
	return at;
}

/* --- creating --- */

static int create_function(struct ctx *c, const PgQuery__CreateFunctionStmt *cf)
{
	const char *schema, *name;
	struct strbuf id = STRBUF_INIT;
	int r;

	if (qualified(c, cf->funcname, cf->n_funcname, &schema, &name) < 0 ||
	    function_name(c, name, cf->parameters, cf->n_parameters, &id) < 0) {
		strbuf_release(&id);
		return -1;
	}
	r = create_object(c, cf->is_procedure ? OBJECT_PROCEDURE : OBJECT_FUNCTION, schema, id.buf, NULL, cf->replace,
			  false);
	strbuf_release(&id);
	return r;
}

/* CREATE AGGREGATE name (args): its arguments are a list of FunctionParameters, then the number of direct ones. */
static int create_aggregate(struct ctx *c, const PgQuery__DefineStmt *ds)
{
	const char *schema, *name;
	struct strbuf id = STRBUF_INIT;
	Node **args = NULL;
	size_t n = 0;
	int r;

	if (ds->oldstyle)
		return cannot(c, "an aggregate written in the old style (BASETYPE =)");
	if (ds->n_args && ds->args[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
		args = ds->args[0]->list->items;
		n = ds->args[0]->list->n_items;
	}
	if (qualified(c, ds->defnames, ds->n_defnames, &schema, &name) < 0 ||
	    function_name(c, name, args, n, &id) < 0) {
		strbuf_release(&id);
		return -1;
	}
	r = create_object(c, OBJECT_AGGREGATE, schema, id.buf, NULL, ds->replace, ds->if_not_exists);
	strbuf_release(&id);
	return r;
}

/*
 * A sequence's OWNED BY [schema.]table.column names a serial's column (one
 * whose default is a nextval(): the sequence is the column's, as
 * mig-inspect reads it), or another column (the sequence is its own, OWNED
 * BY kept). NONE is neither.
 */
static bool owned_by_serial_column(struct ctx *c, const PgQuery__DefElem *de)
{
	PgQuery__Node **items;
	size_t n;
	const struct model_table *t;
	const struct model_column *col;

	if (!de->arg || de->arg->node_case != PG_QUERY__NODE__NODE_LIST || de->arg->list->n_items < 2)
		return false;
	items = de->arg->list->items;
	n = de->arg->list->n_items;
	t = model_find_table(c->m, n >= 3 ? schema_of(str_of(items[n - 3])) : schema_of(NULL), str_of(items[n - 2]));
	col = t ? model_table_find_column((struct model_table *)t, str_of(items[n - 1])) : NULL;
	return col && (col->identity == IDENTITY_SERIAL ||
		       (col->default_kind == DEFAULT_EXPR && strncmp(col->default_value, "nextval(", 8) == 0));
}

static const PgQuery__DefElem *owned_by_option(PgQuery__Node **options, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    strcmp(options[i]->def_elem->defname, "owned_by") == 0)
			return options[i]->def_elem;
	}
	return NULL;
}

/* CREATE SEQUENCE (OWNED BY a column kept: a new sequence is no column's default yet). */
static int create_sequence(struct ctx *c, const PgQuery__CreateSeqStmt *cs)
{
	const PgQuery__RangeVar *rv = cs->sequence;

	if (rv->relpersistence && rv->relpersistence[0] == 't') {
		ignored(c, "CREATE TEMPORARY SEQUENCE (lives for the session only)");
		return 0;
	}
	return create_object(c, OBJECT_SEQUENCE, schema_of(rv->schemaname), rv->relname, NULL, false, cs->if_not_exists);
}

/* An object on a relation: a trigger, a rule, a policy. */
static int create_on_relation(struct ctx *c, enum model_object_kind kind, const char *name,
			      const PgQuery__RangeVar *rv, bool replace)
{
	int r = need_relation(c, rv);

	if (r <= 0)
		return r;
	return create_object(c, kind, schema_of(rv->schemaname), name, rv->relname, replace, false);
}

/* CREATE INDEX on a materialized view: a view-index (a table's indexes are the table's). */
static bool matview_index(struct ctx *c, const PgQuery__IndexStmt *is, int *ret)
{
	const char *schema = schema_of(is->relation->schemaname);

	*ret = 0;
	if (model_find_table(c->m, schema, is->relation->relname) ||
	    find_obj(c->m, OBJECT_MATERIALIZED_VIEW, schema, is->relation->relname, NULL) < 0)
		return false;
	if (!nz(is->idxname))
		*ret = cannot(c, "an index of a materialized view without a name (name it)");
	else
		*ret = create_object(c, OBJECT_INDEX, schema, is->idxname, is->relation->relname, false,
				     is->if_not_exists);
	return true;
}

/* ALTER TABLE t ADD CONSTRAINT c EXCLUDE ...: kept as the statement, which must add that constraint alone. */
static int add_exclusion(struct ctx *c, struct model_table *t, const PgQuery__Constraint *k)
{
	if (c->in_create || !c->alone)
		return cannot(c, "an exclusion constraint not written as a statement of its own "
			      "(write ALTER TABLE t ADD CONSTRAINT c EXCLUDE ...)");
	if (!nz(k->conname))
		return cannot(c, "an exclusion constraint without a name (name it)");
	return create_object(c, OBJECT_CONSTRAINT, t->schema, k->conname, t->name, false, false);
}

/* --- dropping --- */

static int drop_objects(struct ctx *c, const PgQuery__DropStmt *ds, int kind)
{
	struct strbuf nm = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < ds->n_objects && ret == 0; i++) {
		const Node *obj = ds->objects[i];
		const char *schema = "", *name = NULL, *table = NULL;
		long at = -1;
		Node **items = obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list->items : NULL;
		size_t n = items ? obj->list->n_items : 0;

		switch (kind) {
		case OBJECT_FUNCTION: case OBJECT_PROCEDURE: case OBJECT_AGGREGATE: case KIND_ROUTINE:
			if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
				return cannot(c, "a function name of a form mig does not read");
			at = find_function(c, obj->object_with_args, kind, ds->missing_ok, &ret);
			break;
		case OBJECT_TRIGGER: case OBJECT_RULE: case OBJECT_POLICY: {
			/* [schema.]table.name */
			if (n < 2 || qualified(c, items, n - 1, &schema, &table) < 0 || !(name = str_of(items[n - 1])))
				return cannot(c, "a name of a form mig does not read");
			if (!*schema && model_names_find(&c->temp, table) >= 0)
				continue;
			break;
		}
		case OBJECT_EXTENSION:
			if (!(name = str_of(obj)))
				return cannot(c, "an extension name of a form mig does not read");
			if (strcmp(name, "plpgsql") == 0)
				continue;
			break;
		case OBJECT_TYPE: case OBJECT_DOMAIN:
			if (obj->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
			    qualified(c, obj->type_name->names, obj->type_name->n_names, &schema, &name) < 0)
				return cannot(c, "a type name of a form mig does not read");
			break;
		default:
			if (qualified(c, items, n, &schema, &name) < 0)
				return -1;
		}
		if (name) {
			at = find_obj(c->m, kind, schema, name, table);
			/* DROP TYPE also drops a domain */
			if (at < 0 && kind == OBJECT_TYPE)
				at = find_obj(c->m, OBJECT_DOMAIN, schema, name, NULL);
			if (at < 0 && !ds->missing_ok) {
				obj_quoted((enum model_object_kind)kind, schema, name, table, &nm);
				ret = fail(c, "%s is not in the recorded state", nm.buf);
			}
		}
		if (at >= 0)
			drop_object_at(c, (size_t)at);
	}
	strbuf_release(&nm);
	return ret;
}

/* The kind of the objects a DROP names, or -1 when they are not kept as SQL. */
static int dropped_kind(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return OBJECT_VIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return OBJECT_MATERIALIZED_VIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: return OBJECT_FUNCTION;
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: return OBJECT_PROCEDURE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return KIND_ROUTINE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: return OBJECT_AGGREGATE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return OBJECT_TRIGGER;
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: return OBJECT_RULE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: return OBJECT_POLICY;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return OBJECT_SEQUENCE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return OBJECT_EXTENSION;
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return OBJECT_DOMAIN;
	default: return -1;
	}
}

/* --- finding the object a COMMENT, RENAME or SET SCHEMA names --- */

/*
 * The object of kind named by obj (as COMMENT ON and ALTER ... SET SCHEMA
 * give it: a name list, a TypeName, an ObjectWithArgs, a String), or -1
 * (*ret -1 after an error, or when it is absent and not missing_ok).
 */
static long named_object(struct ctx *c, int kind, const Node *obj, bool missing_ok, int *ret)
{
	const char *schema = "", *name = NULL, *table = NULL;
	Node **items = obj && obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list->items : NULL;
	size_t n = items ? obj->list->n_items : 0;
	struct strbuf nm = STRBUF_INIT;
	long at;

	*ret = -1;
	if (!obj)
		return cannot(c, "an object name of a form mig does not read");
	switch (kind) {
	case OBJECT_FUNCTION: case OBJECT_PROCEDURE: case OBJECT_AGGREGATE: case KIND_ROUTINE:
		if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return cannot(c, "a function name of a form mig does not read");
		return find_function(c, obj->object_with_args, kind, missing_ok, ret);
	case OBJECT_TRIGGER: case OBJECT_RULE: case OBJECT_POLICY:
		if (n < 2 || qualified(c, items, n - 1, &schema, &table) < 0 || !(name = str_of(items[n - 1])))
			return cannot(c, "a name of a form mig does not read");
		break;
	case OBJECT_EXTENSION:
		if (!(name = str_of(obj)))
			return cannot(c, "an extension name of a form mig does not read");
		break;
	default:
		if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
			items = obj->type_name->names;
			n = obj->type_name->n_names;
		}
		if (qualified(c, items, n, &schema, &name) < 0)
			return -1;
	}
	at = find_obj(c->m, kind, schema, name, table);
	if (at < 0 && kind == OBJECT_TYPE)
		at = find_obj(c->m, OBJECT_DOMAIN, schema, name, NULL);
	*ret = 0;
	if (at < 0 && !missing_ok) {
		obj_quoted((enum model_object_kind)kind, schema, name, table, &nm);
		*ret = fail(c, "%s is not in the recorded state", nm.buf);
	}
	strbuf_release(&nm);
	return at;
}

/* The kind of the objects COMMENT ON / ALTER ... names, or -1 when they are not kept as SQL. */
static int named_kind(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return OBJECT_TYPE;
	default: return dropped_kind(t);
	}
}

/* --- new identities: the SQL rewritten by PostgreSQL's deparser --- */

/* The SQL of a parse tree, by PostgreSQL's deparser, replacing *out. */
static int deparse_tree(struct ctx *c, PgQuery__ParseResult *tree, char **out)
{
	PgQueryProtobuf pb;
	PgQueryDeparseResult dr;
	int ret = 0;

	pb.len = pg_query__parse_result__get_packed_size(tree);
	pb.data = xmalloc(pb.len ? pb.len : 1);
	pg_query__parse_result__pack(tree, (uint8_t *)pb.data);
	dr = pg_query_deparse_protobuf(pb);
	free(pb.data);
	if (dr.error || !dr.query) {
		ret = fail(c, "PostgreSQL's deparser cannot write the object's new SQL");
	} else {
		free(*out);
		*out = xstrdup(dr.query);
	}
	pg_query_free_deparse_result(dr);
	return ret;
}

/* The recorded SQL of o, parsed: one statement of kind nc, or NULL after an error. Free with free_unpacked. */
static PgQuery__ParseResult *parse_definition(struct ctx *c, const struct model_object *o, PgQuery__Node__NodeCase nc)
{
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(o->definition);
	PgQuery__ParseResult *tree = NULL;

	if (!r.error)
		tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	if (tree && tree->n_stmts == 1 && (!nc || tree->stmts[0]->stmt->node_case == nc))
		return tree;
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	cannot(c, "the recorded SQL of %s %s is not one statement mig reads", model_object_kinds[o->kind].element,
	       o->name);
	return NULL;
}

/*
 * Rewrites o's definition for a new schema (NULL: kept), name (NULL: kept;
 * a function's without its arguments) or table it is on (NULL: kept), by
 * PostgreSQL's deparser: the text becomes the deparser's.
 */
static int rewrite_identity(struct ctx *c, struct model_object *o, const char *schema, const char *name,
			    const char *table)
{
	PgQuery__ParseResult *tree = NULL;
	struct { char **slot; char *old; } saved[4];
	size_t nsaved = 0, *n_slot = NULL, old_n = 0;
	Node ***list_slot = NULL, **old_list = NULL;
	PgQuery__String strs[2] = { PG_QUERY__STRING__INIT, PG_QUERY__STRING__INIT };
	Node nodes[2] = { PG_QUERY__NODE__INIT, PG_QUERY__NODE__INIT }, *items[2] = { &nodes[0], &nodes[1] };
	PgQuery__RangeVar *rv = NULL, *on = NULL;
	char **own_name = NULL;
	Node *st;
	int ret = -1;

#define SET_SAVED(slotp, val) \
	do { saved[nsaved].slot = (slotp); saved[nsaved].old = *(slotp); nsaved++; *(slotp) = (char *)(val); } while (0)
	if (!(tree = parse_definition(c, o, 0)))
		goto out;
	st = tree->stmts[0]->stmt;
	switch (st->node_case) {
	case PG_QUERY__NODE__NODE_VIEW_STMT: rv = st->view_stmt->view; break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: rv = st->create_table_as_stmt->into->rel; break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: rv = st->create_seq_stmt->sequence; break;
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: rv = st->composite_type_stmt->typevar; break;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		list_slot = &st->create_function_stmt->funcname;
		n_slot = &st->create_function_stmt->n_funcname;
		break;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		list_slot = &st->create_domain_stmt->domainname;
		n_slot = &st->create_domain_stmt->n_domainname;
		break;
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		list_slot = &st->create_range_stmt->type_name;
		n_slot = &st->create_range_stmt->n_type_name;
		break;
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		list_slot = &st->define_stmt->defnames;
		n_slot = &st->define_stmt->n_defnames;
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		own_name = &st->index_stmt->idxname;
		on = st->index_stmt->relation;
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		own_name = &st->create_trig_stmt->trigname;
		on = st->create_trig_stmt->relation;
		break;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		own_name = &st->rule_stmt->rulename;
		on = st->rule_stmt->relation;
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		own_name = &st->create_policy_stmt->policy_name;
		on = st->create_policy_stmt->table;
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		const PgQuery__AlterTableStmt *at = st->alter_table_stmt;
		on = at->relation;
		if (at->n_cmds == 1 && at->cmds[0]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    at->cmds[0]->alter_table_cmd->def &&
		    at->cmds[0]->alter_table_cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			own_name = &at->cmds[0]->alter_table_cmd->def->constraint->conname;
		break;
	}
	default:
		break;
	}
	if (rv) {
		if (schema)
			SET_SAVED(&rv->schemaname, schema);
		if (name)
			SET_SAVED(&rv->relname, name);
	} else if (list_slot) {
		size_t n = 0, had = *n_slot;
		const char *s = schema ? schema : had == 2 ? str_of((*list_slot)[0]) : "";
		const char *nm = name ? name : had ? str_of((*list_slot)[had - 1]) : NULL;
		if (!s || !nm) {
			ret = cannot(c, "the recorded SQL of %s %s names it in a form mig does not read",
				     model_object_kinds[o->kind].element, o->name);
			goto out;
		}
		if (*s)
			strs[n++].sval = (char *)s;
		strs[n++].sval = (char *)nm;
		for (size_t i = 0; i < n; i++) {
			nodes[i].node_case = PG_QUERY__NODE__NODE_STRING;
			nodes[i].string = &strs[i];
		}
		old_list = *list_slot;
		old_n = *n_slot;
		*list_slot = items;
		*n_slot = n;
	} else if (own_name && on) {
		if (name)
			SET_SAVED(own_name, name);
		if (table)
			SET_SAVED(&on->relname, table);
		if (schema)
			SET_SAVED(&on->schemaname, schema);
	} else {
		ret = cannot(c, "the recorded SQL of %s %s is not a statement mig can rename",
			     model_object_kinds[o->kind].element, o->name);
		goto out;
	}
#undef SET_SAVED
	if (deparse_tree(c, tree, &o->definition) < 0)
		goto out;
	ret = 0;
out:
	while (nsaved-- > 0)
		*saved[nsaved].slot = saved[nsaved].old;
	if (list_slot && old_list) {
		*list_slot = old_list;
		*n_slot = old_n;
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return ret;
}

/* The objects on relation schema.name (triggers, rules, ...) follow it to to_schema.to_name; so do its grants. */
static int follow_relation(struct ctx *c, const char *schema, const char *name, const char *to_schema,
			   const char *to_name)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < c->m->nr_objects && ret == 0; i++) {
		struct model_object *o = &c->m->objects[i];
		if (o->kind == OBJECT_GRANT || !o->table || strcmp(o->table, name) || strcmp(o->schema, schema))
			continue;
		ret = rewrite_identity(c, o, strcmp(schema, to_schema) ? to_schema : NULL, NULL,
				       strcmp(name, to_name) ? to_name : NULL);
		free(o->table);
		o->table = xstrdup(to_name);
		free(o->schema);
		o->schema = xstrdup(to_schema);
	}
	grant_target(c, "TABLE", schema, name, NULL, &from);
	grant_target(c, "TABLE", to_schema, to_name, NULL, &to);
	retarget_grants(c->m, from.buf, to.buf);
	strbuf_release(&from);
	strbuf_release(&to);
	return ret;
}

/*
 * Object at gets a new schema (NULL: kept) or name (NULL: kept; a
 * function's without arguments): its SQL, its grants and what is on it
 * follow.
 */
static int move_object(struct ctx *c, size_t at, const char *schema, const char *name)
{
	struct model_object *o = &c->m->objects[at];
	struct strbuf old_target = STRBUF_INIT, new_target = STRBUF_INIT, id = STRBUF_INIT, nm = STRBUF_INIT;
	char *old_schema = xstrdup(o->schema), *old_name = xstrdup(o->name);
	bool grants = object_grant_target(c, o, &old_target);
	int ret = -1;

	strbuf_addstr(&id, name ? name : o->name);
	if (name && strchr(o->name, '('))
		strbuf_addstr(&id, strchr(o->name, '('));
	if (find_obj(c->m, (int)o->kind, schema ? schema : o->schema, id.buf, o->table) >= 0) {
		obj_quoted(o->kind, schema ? schema : o->schema, id.buf, o->table, &nm);
		ret = fail(c, "%s already exists in the recorded state", nm.buf);
		goto out;
	}
	if (rewrite_identity(c, o, schema, name, NULL) < 0)
		goto out;
	free(o->name);
	o->name = strbuf_detach(&id, NULL);
	if (schema) {
		free(o->schema);
		o->schema = xstrdup(schema);
	}
	if (grants && object_grant_target(c, o, &new_target))
		retarget_grants(c->m, old_target.buf, new_target.buf);
	if (o->kind == OBJECT_VIEW || o->kind == OBJECT_MATERIALIZED_VIEW) {
		if (follow_relation(c, old_schema, old_name, o->schema, o->name) < 0)
			goto out;
		o = &c->m->objects[at];
	}
	obj_plain(o, &nm);
	changed(c, "%s %s", nm.buf, name ? "renamed" : "moved");
	ret = 0;
out:
	free(old_schema);
	free(old_name);
	strbuf_release(&old_target);
	strbuf_release(&new_target);
	strbuf_release(&id);
	strbuf_release(&nm);
	return ret;
}

/* --- grants --- */

/* GRANT's canonical order, as mig-inspect writes privileges (PRIVILEGE_ORDER there). */
static const char *const privilege_order[] = {
	"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER",
	"EXECUTE", "USAGE", "CREATE", "CONNECT", "TEMPORARY",
};

struct privilege {
	char *name;     /* owned: "SELECT" */
	char *column;   /* owned, NULL for the whole object */
	bool grantable;
};

struct privileges {
	struct privilege *items;
	size_t nr, alloc;
};

static void privileges_release(struct privileges *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		free(p->items[i].name);
		free(p->items[i].column);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

static long privilege_find(const struct privileges *p, const char *name, const char *column)
{
	for (size_t i = 0; i < p->nr; i++)
		if (strcmp(p->items[i].name, name) == 0 && model_str_equal(p->items[i].column, column))
			return (long)i;
	return -1;
}

static struct privilege *privilege_add(struct privileges *p, const char *name, const char *column)
{
	long at = privilege_find(p, name, column);
	struct privilege *pv;

	if (at >= 0)
		return &p->items[at];
	ALLOC_GROW(p->items, p->nr + 1, p->alloc);
	pv = &p->items[p->nr++];
	pv->name = xstrdup(name);
	pv->column = column ? xstrdup(column) : NULL;
	pv->grantable = false;
	return pv;
}

/* A grant's definition ("SELECT, UPDATE (a) WITH GRANT OPTION", as mig-inspect writes it) -> privileges. */
static void privileges_parse(const char *def, struct privileges *out)
{
	struct model_grant_list lists[MODEL_GRANT_LISTS_MAX];
	size_t nr = model_grant_lists(def, lists, MODEL_GRANT_LISTS_MAX);
	struct strbuf name = STRBUF_INIT, col = STRBUF_INIT;

	for (size_t l = 0; l < nr; l++) {
		const char *p = lists[l].privileges, *end = p + lists[l].len;
		bool grantable = lists[l].with_option;

		while (p < end) {
			bool has_col = false;
			strbuf_reset(&name);
			strbuf_reset(&col);
			while (p < end && *p == ' ')
				p++;
			while (p < end && *p != ' ' && *p != ',')
				strbuf_addch(&name, *p++);
			if (p + 1 < end && p[0] == ' ' && p[1] == '(') {
				p += 2;
				has_col = true;
				if (*p == '"') {
					for (p++; p < end && !(*p == '"' && p[1] != '"'); p++) {
						if (*p == '"')
							p++;
						strbuf_addch(&col, *p);
					}
					p++;
				} else {
					while (p < end && *p != ')')
						strbuf_addch(&col, *p++);
				}
				p++; /* ')' */
			}
			if (name.len)
				privilege_add(out, name.buf, has_col ? col.buf : NULL)->grantable = grantable;
			while (p < end && (*p == ',' || *p == ' '))
				p++;
		}
	}
	strbuf_release(&name);
	strbuf_release(&col);
}

static size_t privilege_rank(const char *name)
{
	for (size_t i = 0; i < sizeof(privilege_order) / sizeof(privilege_order[0]); i++)
		if (strcmp(privilege_order[i], name) == 0)
			return i;
	return sizeof(privilege_order) / sizeof(privilege_order[0]);
}

static int privilege_cmp(const void *a, const void *b)
{
	const struct privilege *x = a, *y = b;
	size_t rx = privilege_rank(x->name), ry = privilege_rank(y->name);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx == sizeof(privilege_order) / sizeof(privilege_order[0]) && strcmp(x->name, y->name))
		return strcmp(x->name, y->name);
	if (!x->column || !y->column)
		return !x->column ? (y->column ? -1 : 0) : 1;
	return strcmp(x->column, y->column);
}

/* privileges -> a grant's definition, in canonical order. */
/* The privileges in the model's form: those without grant option, "; ", those with (model.h, OBJECT_GRANT). */
static void privileges_format(struct ctx *c, struct privileges *p, struct strbuf *out)
{
	if (p->nr) /* qsort() of no items may not be given NULL */
		qsort(p->items, p->nr, sizeof(p->items[0]), privilege_cmp);
	for (int grantable = 0; grantable <= 1; grantable++) {
		size_t listed = 0;
		for (size_t i = 0; i < p->nr; i++) {
			if (p->items[i].grantable != (bool)grantable)
				continue;
			if (listed++)
				strbuf_addstr(out, ", ");
			else if (out->len)
				strbuf_addstr(out, "; ");
			strbuf_addstr(out, p->items[i].name);
			if (p->items[i].column) {
				strbuf_addstr(out, " (");
				dialect_pg_append_ident(&c->pg, out, p->items[i].column);
				strbuf_addch(out, ')');
			}
		}
		if (grantable && listed)
			strbuf_addstr(out, " WITH GRANT OPTION");
	}
}

static const char *const table_privileges[] = { "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
						"TRIGGER", NULL };
static const char *const column_privileges[] = { "SELECT", "INSERT", "UPDATE", "REFERENCES", NULL };
static const char *const sequence_privileges[] = { "SELECT", "UPDATE", "USAGE", NULL };
static const char *const function_privileges[] = { "EXECUTE", NULL };
static const char *const schema_privileges[] = { "USAGE", "CREATE", NULL };
static const char *const type_privileges[] = { "USAGE", NULL };

/* What a grant is on: its target ("TABLE public.t"), and what ALL means there. */
struct grant_on {
	char *target;              /* owned */
	const char *const *all;    /* ALL PRIVILEGES */
	const char *by_default;    /* what PUBLIC has by default (mig-inspect leaves it out), or NULL */
};

static void grant_on_add(struct grant_on **v, size_t *nr, size_t *alloc, const struct strbuf *target,
			 const char *const *all, const char *by_default)
{
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].target = xstrdup(target->buf);
	(*v)[*nr].all = all;
	(*v)[*nr].by_default = by_default;
	(*nr)++;
}

/* The objects a GRANT names, as targets; 0, or -1 after an error. */
static int grant_targets(struct ctx *c, const PgQuery__GrantStmt *gs, struct grant_on **v, size_t *nr)
{
	struct strbuf t = STRBUF_INIT;
	size_t alloc = 0;
	int ret = 0;

	if (gs->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
		for (size_t s = 0; s < gs->n_objects; s++) {
			const char *schema = schema_of(str_of(gs->objects[s]));
			if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
				for (size_t i = 0; i < c->m->nr_tables; i++) {
					if (strcmp(c->m->tables[i]->schema, schema))
						continue;
					grant_target(c, "TABLE", schema, c->m->tables[i]->name, NULL, &t);
					grant_on_add(v, nr, &alloc, &t, table_privileges, NULL);
				}
			}
			for (size_t i = 0; i < c->m->nr_objects; i++) {
				const struct model_object *o = &c->m->objects[i];
				bool want;
				if (strcmp(o->schema, schema))
					continue;
				switch (gs->objtype) {
				case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
					want = o->kind == OBJECT_VIEW || o->kind == OBJECT_MATERIALIZED_VIEW;
					break;
				case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: want = o->kind == OBJECT_SEQUENCE; break;
				case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: want = o->kind == OBJECT_FUNCTION; break;
				case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: want = o->kind == OBJECT_PROCEDURE; break;
				case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
					want = o->kind == OBJECT_FUNCTION || o->kind == OBJECT_PROCEDURE;
					break;
				default: want = false;
				}
				if (!want)
					continue;
				object_grant_target(c, o, &t);
				grant_on_add(v, nr, &alloc, &t,
					     o->kind == OBJECT_SEQUENCE ? sequence_privileges
					     : o->kind == OBJECT_FUNCTION || o->kind == OBJECT_PROCEDURE ? function_privileges
					     : table_privileges,
					     o->kind == OBJECT_FUNCTION || o->kind == OBJECT_PROCEDURE ? "EXECUTE" : NULL);
			}
		}
		strbuf_release(&t);
		return 0;
	}
	for (size_t i = 0; i < gs->n_objects && ret == 0; i++) {
		const Node *obj = gs->objects[i];
		switch (gs->objtype) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
			const PgQuery__RangeVar *rv = obj->node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? obj->range_var : NULL;
			const char *schema;
			if (!rv)
				return cannot(c, "a name of a form mig does not read");
			schema = schema_of(rv->schemaname);
			/* a sequence's grants say SEQUENCE, whichever word GRANT used; one of a column too */
			if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ||
			    find_obj(c->m, OBJECT_SEQUENCE, schema, rv->relname, NULL) >= 0) {
				grant_target(c, "SEQUENCE", schema, rv->relname, NULL, &t);
				grant_on_add(v, nr, &alloc, &t, sequence_privileges, NULL);
				break;
			}
			if ((ret = need_relation(c, rv)) <= 0)
				break;
			ret = 0;
			grant_target(c, "TABLE", schema, rv->relname, NULL, &t);
			grant_on_add(v, nr, &alloc, &t, table_privileges, NULL);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
			int kind = named_kind(gs->objtype);
			long at = named_object(c, kind, obj, false, &ret);
			if (at < 0)
				break;
			object_grant_target(c, &c->m->objects[at], &t);
			grant_on_add(v, nr, &alloc, &t, function_privileges, "EXECUTE");
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
			const char *name = str_of(obj);
			if (!name)
				return cannot(c, "a schema name of a form mig does not read");
			if (strcmp(name, "public") == 0) {
				ignored(c, "GRANT or REVOKE on schema public (mig-inspect leaves it out)");
				break;
			}
			if (!model_find_schema(c->m, name)) {
				ret = fail(c, "schema \"%s\" is not in the recorded state", name);
				break;
			}
			strbuf_reset(&t);
			strbuf_addstr(&t, "SCHEMA ");
			dialect_pg_append_ident(&c->pg, &t, name);
			grant_on_add(v, nr, &alloc, &t, schema_privileges, NULL);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
			const char *schema, *name;
			Node **items = obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list->items
				       : obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME ? obj->type_name->names : NULL;
			size_t n = obj->node_case == PG_QUERY__NODE__NODE_LIST ? obj->list->n_items
				   : obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME ? obj->type_name->n_names : 0;
			if (qualified(c, items, n, &schema, &name) < 0)
				return -1;
			if (!model_find_enum(c->m, schema, name) && find_obj(c->m, OBJECT_TYPE, schema, name, NULL) < 0 &&
			    find_obj(c->m, OBJECT_DOMAIN, schema, name, NULL) < 0) {
				ret = fail(c, "type \"%s\" is not in the recorded state", name);
				break;
			}
			grant_target(c, "TYPE", schema, name, NULL, &t);
			grant_on_add(v, nr, &alloc, &t, type_privileges, "USAGE");
			break;
		}
		default:
			break;
		}
	}
	strbuf_release(&t);
	return ret;
}

/* One grantee's privileges on one target, granted or revoked. */
static void grant_one(struct ctx *c, const PgQuery__GrantStmt *gs, const struct grant_on *on, const char *role)
{
	long at = find_obj(c->m, OBJECT_GRANT, "", role, on->target);
	struct privileges p = { 0 };
	struct strbuf def = STRBUF_INIT;
	bool defaults = false;

	if (at >= 0)
		privileges_parse(c->m->objects[at].definition, &p);
	for (size_t i = 0; i < (gs->n_privileges ? gs->n_privileges : 1); i++) {
		const PgQuery__AccessPriv *ap = gs->n_privileges && gs->privileges[i]->node_case ==
			PG_QUERY__NODE__NODE_ACCESS_PRIV ? gs->privileges[i]->access_priv : NULL;
		const char *one[2] = { NULL, NULL };
		const char *const *names = on->all;
		struct strbuf upper = STRBUF_INIT;
		size_t ncols = ap ? ap->n_cols : 0;

		if (ap && nz(ap->priv_name)) {
			for (const char *q = ap->priv_name; *q; q++)
				strbuf_addch(&upper, (char)(*q >= 'a' && *q <= 'z' ? *q - 'a' + 'A' : *q));
			if (strcmp(upper.buf, "TEMP") == 0)
			{
				strbuf_reset(&upper);
				strbuf_addstr(&upper, "TEMPORARY");
			}
			one[0] = upper.buf;
			names = one;
		} else if (ncols) {
			names = column_privileges;
		}
		for (const char *const *nm = names; *nm; nm++) {
			for (size_t k = 0; k < (ncols ? ncols : 1); k++) {
				const char *col = ncols ? str_of(ap->cols[k]) : NULL;
				if (on->by_default && strcmp(role, "PUBLIC") == 0 && strcmp(*nm, on->by_default) == 0 && !col) {
					defaults = true; /* PostgreSQL's default: mig-inspect leaves it out */
					continue;
				}
				if (gs->is_grant) {
					struct privilege *pv = privilege_add(&p, *nm, col);
					pv->grantable = pv->grantable || gs->grant_option;
					continue;
				}
				for (size_t j = p.nr; j-- > 0;) {
					struct privilege *pv = &p.items[j];
					/* a privilege revoked on the table is revoked on its columns too */
					if (strcmp(pv->name, *nm) || (col && !model_str_equal(pv->column, col)))
						continue;
					if (gs->grant_option) {
						pv->grantable = false;
						continue;
					}
					free(pv->name);
					free(pv->column);
					REMOVE_AT(p.items, p.nr, j);
				}
			}
		}
		strbuf_release(&upper);
	}
	if (defaults && !gs->is_grant)
		ignored(c, "REVOKE of a privilege PUBLIC has by default");
	privileges_format(c, &p, &def);
	if (at >= 0 && !p.nr) {
		remove_obj(c->m, (size_t)at);
		changed(c, "grant on %s to %s removed", on->target, role);
	} else if (at >= 0 && strcmp(def.buf, c->m->objects[at].definition)) {
		free(c->m->objects[at].definition);
		c->m->objects[at].definition = strbuf_detach(&def, NULL);
		changed(c, "grant on %s to %s changed", on->target, role);
	} else if (at < 0 && p.nr) {
		struct model_object *o = model_add_object(c->m);
		o->kind = OBJECT_GRANT;
		o->schema = xstrdup("");
		o->name = xstrdup(role);
		o->table = xstrdup(on->target);
		o->definition = strbuf_detach(&def, NULL);
		o->app = xstrdup(c->s->app ? c->s->app : "");
		changed(c, "grant on %s to %s added", on->target, role);
	}
	privileges_release(&p);
	strbuf_release(&def);
}

static int grant_stmt(struct ctx *c, const PgQuery__GrantStmt *gs)
{
	struct grant_on *on = NULL;
	size_t nr = 0;
	int ret = 0;

	switch (gs->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION: case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		break;
	default:
		ignored(c, "GRANT or REVOKE on a database, language, server or other object outside the model");
		return 0;
	}
	for (size_t i = 0; i < gs->n_grantees; i++) {
		const PgQuery__RoleSpec *rs = gs->grantees[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC
						      ? gs->grantees[i]->role_spec : NULL;
		if (!rs || (rs->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING &&
			    rs->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC))
			return cannot(c, "a grantee mig cannot name offline (CURRENT_USER?; write the role's name)");
	}
	if (grant_targets(c, gs, &on, &nr) == 0) {
		for (size_t t = 0; t < nr; t++) {
			for (size_t i = 0; i < gs->n_grantees; i++) {
				const PgQuery__RoleSpec *rs = gs->grantees[i]->role_spec;
				grant_one(c, gs, &on[t],
					  rs->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC ? "PUBLIC" : rs->rolename);
			}
		}
	} else {
		ret = -1;
	}
	for (size_t t = 0; t < nr; t++)
		free(on[t].target);
	free(on);
	return ret;
}

/* --- ALTER SEQUENCE, ALTER DOMAIN: the CREATE statement rewritten --- */

/*
 * ALTER SEQUENCE: its options replace those of the recorded CREATE
 * SEQUENCE (RESTART changes the value, not the schema); OWNED BY a column
 * whose default it gives makes it its column's, as mig-inspect reads it.
 */
static int column_sequence(struct ctx *c, struct model_column *col, Node *const *opts, size_t n, bool alter);

/*
 * The serial column whose sequence has PostgreSQL's name for it
 * (<table>_<column>_seq, as mig's serials are made), or NULL.
 */
static struct model_column *serial_of_sequence(struct ctx *c, const char *schema, const char *name)
{
	struct strbuf seq = STRBUF_INIT;

	for (size_t i = 0; i < c->m->nr_tables; i++) {
		struct model_table *t = c->m->tables[i];
		if (strcmp(t->schema, schema) != 0)
			continue;
		for (size_t k = 0; k < t->nr_columns; k++) {
			if (t->columns[k].identity != IDENTITY_SERIAL)
				continue;
			strbuf_reset(&seq);
			model_make_object_name(t->name, t->columns[k].name, "seq", &seq);
			if (strcmp(seq.buf, name) == 0) {
				strbuf_release(&seq);
				return &t->columns[k];
			}
		}
	}
	strbuf_release(&seq);
	return NULL;
}

/* ALTER SEQUENCE on a serial's sequence: its options are the column's (OWNED BY its own column: nothing). */
static int alter_serial_sequence(struct ctx *c, struct model_column *col, const PgQuery__AlterSeqStmt *as)
{
	Node **opts = xcalloc(as->n_options + 1, sizeof(*opts));
	size_t n = 0;
	int ret;

	for (size_t i = 0; i < as->n_options; i++)
		if (as->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM ||
		    strcmp(as->options[i]->def_elem->defname, "owned_by") != 0)
			opts[n++] = as->options[i];
	ret = column_sequence(c, col, opts, n, true);
	free(opts);
	if (ret == 0)
		changed(c, "sequence options of serial column \"%s\" changed", col->name);
	return ret;
}

static int alter_sequence(struct ctx *c, const PgQuery__AlterSeqStmt *as)
{
	const PgQuery__RangeVar *rv = as->sequence;
	const char *schema = schema_of(rv->schemaname);
	long at = find_obj(c->m, OBJECT_SEQUENCE, schema, rv->relname, NULL);
	const PgQuery__DefElem *owned;
	PgQuery__ParseResult *tree;
	PgQuery__CreateSeqStmt *cs;
	Node **opts, **old_opts;
	size_t n = 0, old_n;
	struct strbuf nm = STRBUF_INIT;
	int ret;

	owned = owned_by_option(as->options, as->n_options);
	if (owned && owned_by_serial_column(c, owned)) {
		if (at >= 0)
			drop_object_at(c, (size_t)at);
		ignored(c, "ALTER SEQUENCE ... OWNED BY a column whose default it gives (now part of that column)");
		return 0;
	}
	if (at < 0) {
		struct model_column *col = serial_of_sequence(c, schema, rv->relname);
		if (col)
			return alter_serial_sequence(c, col, as);
		if (as->missing_ok)
			return 0;
		return fail(c, "sequence \"%s\" is not in the recorded state (one of a column is the column's)",
			    rv->relname);
	}
	if (!(tree = parse_definition(c, &c->m->objects[at], PG_QUERY__NODE__NODE_CREATE_SEQ_STMT)))
		return -1;
	cs = tree->stmts[0]->stmt->create_seq_stmt;
	opts = xcalloc(cs->n_options + as->n_options + 1, sizeof(*opts));
	for (size_t i = 0; i < cs->n_options; i++) {
		bool replaced = false;
		for (size_t k = 0; k < as->n_options && !replaced; k++)
			replaced = strcmp(cs->options[i]->def_elem->defname, as->options[k]->def_elem->defname) == 0;
		if (!replaced)
			opts[n++] = cs->options[i];
	}
	for (size_t k = 0; k < as->n_options; k++) {
		const char *dn = as->options[k]->def_elem->defname;
		const PgQuery__Node *arg = as->options[k]->def_elem->arg;
		/* OWNED BY NONE: no owner, the option goes (it replaced the old one above) */
		bool owned_by_none = strcmp(dn, "owned_by") == 0 && arg && arg->node_case == PG_QUERY__NODE__NODE_LIST &&
				     arg->list->n_items == 1;
		if (strcmp(dn, "restart") && !owned_by_none)
			opts[n++] = as->options[k];
	}
	old_opts = cs->options;
	old_n = cs->n_options;
	cs->options = opts;
	cs->n_options = n;
	ret = deparse_tree(c, tree, &c->m->objects[at].definition);
	cs->options = old_opts;
	cs->n_options = old_n;
	free(opts);
	pg_query__parse_result__free_unpacked(tree, NULL);
	if (ret == 0) {
		obj_plain(&c->m->objects[at], &nm);
		changed(c, "%s altered", nm.buf);
	}
	strbuf_release(&nm);
	return ret;
}

static bool is_contype(const Node *n, PgQuery__ConstrType t)
{
	return n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && n->constraint->contype == t;
}

/* ALTER DOMAIN: SET / DROP DEFAULT, SET / DROP NOT NULL, ADD / DROP CONSTRAINT, into its CREATE DOMAIN. */
static int alter_domain(struct ctx *c, const PgQuery__AlterDomainStmt *ad)
{
	const char *schema, *name;
	long at;
	PgQuery__ParseResult *tree;
	PgQuery__CreateDomainStmt *cd;
	PgQuery__Constraint added = PG_QUERY__CONSTRAINT__INIT;
	Node added_node = PG_QUERY__NODE__INIT, **cons, **old_cons;
	size_t n = 0, old_n;
	char sub = ad->subtype && *ad->subtype ? ad->subtype[0] : '?';
	bool found = false;
	struct strbuf nm = STRBUF_INIT;
	int ret;

	if (qualified(c, ad->type_name, ad->n_type_name, &schema, &name) < 0)
		return -1;
	if ((at = find_obj(c->m, OBJECT_DOMAIN, schema, name, NULL)) < 0)
		return fail(c, "domain \"%s\" is not in the recorded state", name);
	if (sub == 'V')
		return 0; /* VALIDATE CONSTRAINT: the constraint is already recorded */
	if (!strchr("TNOCX", sub))
		return cannot(c, "a form of ALTER DOMAIN mig does not read");
	if (sub == 'C' && (!ad->def || ad->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
			   !nz(ad->def->constraint->conname)))
		return cannot(c, "a domain constraint without a name (name it)");
	if (!(tree = parse_definition(c, &c->m->objects[at], PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT)))
		return -1;
	cd = tree->stmts[0]->stmt->create_domain_stmt;
	cons = xcalloc(cd->n_constraints + 1, sizeof(*cons));
	for (size_t i = 0; i < cd->n_constraints; i++) {
		Node *k = cd->constraints[i];
		bool drop = false;
		switch (sub) {
		case 'T': drop = is_contype(k, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT); break;
		case 'N': case 'O':
			drop = is_contype(k, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
			       is_contype(k, PG_QUERY__CONSTR_TYPE__CONSTR_NULL);
			break;
		case 'X':
			drop = k->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && nz(k->constraint->conname) &&
			       strcmp(k->constraint->conname, ad->name) == 0;
			found = found || drop;
			break;
		case 'C':
			if (k->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && nz(k->constraint->conname) &&
			    strcmp(k->constraint->conname, ad->def->constraint->conname) == 0) {
				free(cons);
				pg_query__parse_result__free_unpacked(tree, NULL);
				return fail(c, "constraint \"%s\" of domain \"%s\" already exists",
					    ad->def->constraint->conname, name);
			}
			break;
		}
		if (!drop)
			cons[n++] = k;
	}
	if (sub == 'X' && !found) {
		free(cons);
		pg_query__parse_result__free_unpacked(tree, NULL);
		if (ad->missing_ok)
			return 0;
		return fail(c, "constraint \"%s\" of domain \"%s\" is not in the recorded state", ad->name, name);
	}
	added_node.node_case = PG_QUERY__NODE__NODE_CONSTRAINT;
	added_node.constraint = &added;
	if (sub == 'T' && ad->def) {
		added.contype = PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT;
		added.raw_expr = ad->def;
		cons[n++] = &added_node;
	} else if (sub == 'O') {
		added.contype = PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
		cons[n++] = &added_node;
	} else if (sub == 'C') {
		cons[n++] = ad->def;
	}
	old_cons = cd->constraints;
	old_n = cd->n_constraints;
	cd->constraints = cons;
	cd->n_constraints = n;
	ret = deparse_tree(c, tree, &c->m->objects[at].definition);
	cd->constraints = old_cons;
	cd->n_constraints = old_n;
	free(cons);
	pg_query__parse_result__free_unpacked(tree, NULL);
	if (ret == 0) {
		obj_plain(&c->m->objects[at], &nm);
		changed(c, "%s altered", nm.buf);
	}
	strbuf_release(&nm);
	return ret;
}

/* --- constraints -------------------------------------------------------- */

static void names_from(struct model_names *out, Node **items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (items[i]->node_case == PG_QUERY__NODE__NODE_STRING)
			model_names_add(out, items[i]->string->sval);
		else if (items[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && nz(items[i]->index_elem->name))
			model_names_add(out, items[i]->index_elem->name);
	}
}

static enum model_fk_action fk_action(const char *code)
{
	switch (code && *code ? code[0] : 'a') {
	case 'r': return FK_RESTRICT;
	case 'c': return FK_CASCADE;
	case 'n': return FK_SET_NULL;
	case 'd': return FK_SET_DEFAULT;
	default: return FK_NO_ACTION;
	}
}

static bool name_taken(const struct model_table *t, const char *name)
{
	if (!name)
		return false;
	if (t->pk.name && strcmp(t->pk.name, name) == 0)
		return true;
	for (size_t i = 0; i < t->nr_uniques; i++)
		if (t->uniques[i].name && strcmp(t->uniques[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < t->nr_fks; i++)
		if (t->fks[i].name && strcmp(t->fks[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < t->nr_checks; i++)
		if (t->checks[i].name && strcmp(t->checks[i].name, name) == 0)
			return true;
	return false;
}

/*
 * A constraint of table t; column is the column it was written on (inline),
 * or NULL for a table constraint.
 */
static int add_constraint(struct ctx *c, struct model_table *t, struct model_column *column,
			  const PgQuery__Constraint *k)
{
	struct strbuf nm = STRBUF_INIT;

	if (name_taken(t, nz(k->conname))) {
		table_name(t, NULL, &nm);
		fail(c, "constraint \"%s\" of table \"%s\" already exists", k->conname, nm.buf);
		strbuf_release(&nm);
		return -1;
	}
	table_name(t, NULL, &nm);
	switch (k->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		if (t->pk.name) {
			strbuf_release(&nm);
			return fail(c, "table \"%s\" already has a primary key", t->name);
		}
		t->pk.name = xstrdup(nz(k->conname) ? k->conname : "");
		if (column)
			model_names_add(&t->pk.columns, column->name);
		else
			names_from(&t->pk.columns, k->keys, k->n_keys);
		changed(c, "primary key of %s added", nm.buf);
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
		struct model_unique *u = model_table_add_unique(t);
		u->name = xstrdup(nz(k->conname));
		if (column)
			model_names_add(&u->columns, column->name);
		else
			names_from(&u->columns, k->keys, k->n_keys);
		u->nulls_not_distinct = k->nulls_not_distinct;
		u->deferrable = k->deferrable;
		u->initially_deferred = k->initdeferred;
		changed(c, "unique constraint of %s added", nm.buf);
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
		struct model_foreign_key *fk;
		const PgQuery__RangeVar *rv = k->pktable;
		struct model_table *ref;
		int r;
		if (!rv) {
			strbuf_release(&nm);
			return cannot(c, "a foreign key without its table");
		}
		ref = model_find_table(c->m, schema_of(rv->schemaname), rv->relname);
		if (!ref && !(strcmp(schema_of(rv->schemaname), t->schema) == 0 && strcmp(rv->relname, t->name) == 0)) {
			find_table(c, rv, false, &r);
			strbuf_release(&nm);
			return -1;
		}
		if (!ref)
			ref = t;
		fk = model_table_add_fk(t);
		fk->name = xstrdup(nz(k->conname));
		if (column)
			model_names_add(&fk->columns, column->name);
		else
			names_from(&fk->columns, k->fk_attrs, k->n_fk_attrs);
		fk->ref_schema = xstrdup(ref->schema);
		fk->ref_table = xstrdup(ref->name);
		if (k->n_pk_attrs) {
			names_from(&fk->ref_columns, k->pk_attrs, k->n_pk_attrs);
		} else {
			for (size_t i = 0; i < ref->pk.columns.nr; i++)
				model_names_add(&fk->ref_columns, ref->pk.columns.items[i]);
		}
		fk->on_delete = fk_action(k->fk_del_action);
		fk->on_update = fk_action(k->fk_upd_action);
		fk->deferrable = k->deferrable;
		fk->initially_deferred = k->initdeferred;
		fk->match_full = k->fk_matchtype && k->fk_matchtype[0] == 'f';
		changed(c, "foreign key of %s added", nm.buf);
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		struct model_check *ck = model_table_add_check(t);
		ck->name = xstrdup(nz(k->conname));
		if (deparse_dup(c, k->raw_expr, &ck->expr) < 0) {
			strbuf_release(&nm);
			return -1;
		}
		ck->no_inherit = k->is_no_inherit;
		changed(c, "check constraint of %s added", nm.buf);
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		strbuf_release(&nm);
		return add_exclusion(c, t, k);
	default:
		strbuf_release(&nm);
		return cannot(c, "a constraint of a kind mig does not read here");
	}
	strbuf_release(&nm);
	return 0;
}

/* --- columns ------------------------------------------------------------ */

/*
 * An identity's or serial's sequence options, as the model keeps them:
 * GENERATED ... AS IDENTITY (options) sets them all (alter false); ALTER
 * COLUMN ... SET option and ALTER SEQUENCE change those they name.
 */
static int column_sequence(struct ctx *c, struct model_column *col, Node *const *opts, size_t n, bool alter)
{
	struct sqlnorm_sequence seq;
	struct diag sd = DIAG_INIT;
	struct strbuf canon = STRBUF_INIT;
	int bytes = model_type_sequence_bytes(&col->type);
	int ret = 0;

	if ((alter && sqlnorm_sequence_parse(col->extra->sequence ? col->extra->sequence : "", bytes, &seq, &sd) < 0) ||
	    sqlnorm_sequence_apply(opts, n, bytes, alter, &seq, &sd) < 0) {
		ret = fail(c, "column \"%s\": %s", col->name, sd.message);
	} else {
		sqlnorm_sequence_format(&seq, bytes, &canon);
		free(col->extra->sequence);
		model_column_extra(col)->sequence = canon.len ? strbuf_detach(&canon, NULL) : NULL;
		model_column_extra_done(col);
	}
	strbuf_release(&canon);
	diag_release(&sd);
	return ret;
}

static int column_def(struct ctx *c, struct model_table *t, const PgQuery__ColumnDef *cd, bool in_create)
{
	struct model_column *col;
	bool serial, was;
	int ret = -1;

	if (model_table_find_column(t, cd->colname))
		return fail(c, "column \"%s\" of table \"%s\" already exists", cd->colname, t->name);
	col = model_table_add_column(c->m, t, cd->colname);
	if (set_type(c, col, cd->type_name, &serial) < 0)
		return -1;
	if (serial)
		col->identity = IDENTITY_SERIAL;
	col->not_null = cd->is_not_null || serial;
	if (cd->coll_clause && cd->coll_clause->n_collname)
		model_column_extra(col)->collation = xstrdup(str_of(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
	if (cd->raw_default && set_default(c, col, cd->raw_default) < 0)
		return -1;
	was = c->in_create;
	c->in_create = true; /* its constraints are part of the column's change */
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Constraint *k = cd->constraints[i]->constraint;
		if (cd->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		switch (k->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			col->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			col->not_null = false;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (set_default(c, col, k->raw_expr) < 0)
				goto out;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			col->identity = k->generated_when && k->generated_when[0] == 'a' ? IDENTITY_ALWAYS
										     : IDENTITY_BY_DEFAULT;
			col->not_null = true;
			if (column_sequence(c, col, k->options, k->n_options, false) < 0)
				goto out;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: {
			struct strbuf text = STRBUF_INIT;
			if (deparse_expr(c, k->raw_expr, &text) < 0) {
				strbuf_release(&text);
				goto out;
			}
			free(col->extra->generated);
			model_column_extra(col)->generated = strbuf_detach(&text, NULL);
			break;
		}
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
			break; /* the parser already set them on the constraint before */
		default:
			if (add_constraint(c, t, col, k) < 0)
				goto out;
			if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				col->not_null = true;
		}
	}
	ret = 0;
out:
	c->in_create = was;
	if (ret < 0)
		return -1;
	if (!in_create) {
		struct strbuf nm = STRBUF_INIT;
		table_name(t, col->name, &nm);
		changed(c, "column %s added", nm.buf);
		strbuf_release(&nm);
	}
	return 0;
}

/* Does the SQL expression name column col (as an identifier token)? */
static bool expr_mentions(const char *expr, const char *col)
{
	PgQuery__ScanResult *sr;
	bool found = false;

	if (!expr)
		return false;
	sr = sqlscan_pg(expr);
	if (!sr)
		return strstr(expr, col) != NULL;
	for (size_t i = 0; sr && i < sr->n_tokens && !found; i++) {
		const PgQuery__ScanToken *tk = sr->tokens[i];
		size_t len = (size_t)(tk->end - tk->start);
		const char *p = expr + tk->start;
		if (tk->token != PG_QUERY__TOKEN__IDENT)
			continue;
		if (*p == '"')
			found = len == strlen(col) + 2 && strncmp(p + 1, col, len - 2) == 0;
		else
			found = len == strlen(col) && strncasecmp(p, col, len) == 0;
	}
	sqlscan_pg_free(sr);
	return found;
}

/* What PostgreSQL drops with a column: the constraints and indexes that use it, keys to it. */
static void drop_column_dependents(struct model *m, struct model_table *t, const char *col)
{
	if (t->pk.name && model_names_find(&t->pk.columns, col) >= 0) {
		free(t->pk.name);
		t->pk.name = NULL;
		model_names_release(&t->pk.columns);
	}
	for (size_t i = t->nr_uniques; i-- > 0;) {
		if (model_names_find(&t->uniques[i].columns, col) < 0)
			continue;
		model_unique_release(&t->uniques[i]);
		REMOVE_AT(t->uniques, t->nr_uniques, i);
	}
	for (size_t i = t->nr_fks; i-- > 0;) {
		if (model_names_find(&t->fks[i].columns, col) < 0)
			continue;
		model_fk_release(&t->fks[i]);
		REMOVE_AT(t->fks, t->nr_fks, i);
	}
	for (size_t i = t->nr_checks; i-- > 0;) {
		if (!expr_mentions(t->checks[i].expr, col))
			continue;
		model_check_release(&t->checks[i]);
		REMOVE_AT(t->checks, t->nr_checks, i);
	}
	for (size_t i = t->nr_indexes; i-- > 0;) {
		struct model_index *ix = &t->indexes[i];
		bool uses = model_names_find(&ix->include, col) >= 0 || expr_mentions(ix->where, col);
		for (size_t k = 0; k < ix->nr_keys && !uses; k++)
			uses = (ix->keys[k].column && strcmp(ix->keys[k].column, col) == 0) ||
			       expr_mentions(ix->keys[k].expr, col);
		if (!uses)
			continue;
		model_index_release(ix);
		REMOVE_AT(t->indexes, t->nr_indexes, i);
	}
	/* keys of other tables to the column went with its unique constraint (CASCADE) */
	for (size_t k = 0; k < m->nr_tables; k++) {
		struct model_table *o = m->tables[k];
		for (size_t i = o->nr_fks; i-- > 0;) {
			struct model_foreign_key *fk = &o->fks[i];
			if (strcmp(fk->ref_schema, t->schema) || strcmp(fk->ref_table, t->name) ||
			    model_names_find(&fk->ref_columns, col) < 0)
				continue;
			model_fk_release(fk);
			REMOVE_AT(o->fks, o->nr_fks, i);
		}
	}
}

static void rename_in(struct model_names *n, const char *from, const char *to)
{
	for (size_t i = 0; i < n->nr; i++) {
		if (strcmp(n->items[i], from) == 0) {
			free(n->items[i]);
			n->items[i] = xstrdup(to);
		}
	}
}

/* Renames identifier tokens from -> to in an expression (PostgreSQL rewrites stored expressions so). */
static void rename_in_expr(char **expr, const char *from, const char *to)
{
	PgQuery__ScanResult *sr;
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;

	if (!*expr || !expr_mentions(*expr, from))
		return;
	sr = sqlscan_pg(*expr);
	for (size_t i = 0; sr && i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *tk = sr->tokens[i];
		size_t len = (size_t)(tk->end - tk->start);
		const char *p = *expr + tk->start;
		bool hit;
		if (tk->token != PG_QUERY__TOKEN__IDENT)
			continue;
		if (*p == '"')
			hit = len == strlen(from) + 2 && strncmp(p + 1, from, len - 2) == 0;
		else
			hit = len == strlen(from) && strncasecmp(p, from, len) == 0;
		if (!hit)
			continue;
		strbuf_add(&out, *expr + done, (size_t)tk->start - done);
		strbuf_addch(&out, '"');
		for (const char *q = to; *q; q++) {
			if (*q == '"')
				strbuf_addch(&out, '"');
			strbuf_addch(&out, *q);
		}
		strbuf_addch(&out, '"');
		done = (size_t)tk->end;
	}
	if (sr) {
		strbuf_addstr(&out, *expr + done);
		sqlscan_pg_free(sr);
		free(*expr);
		*expr = strbuf_detach(&out, NULL);
	}
	strbuf_release(&out);
}

static void rename_column(struct model *m, struct model_table *t, struct model_column *col, const char *to)
{
	const char *from = col->name;

	col->name = model_intern(m, to);
	free(col->extra->renamed_from);
	model_column_extra(col)->renamed_from = xstrdup(from);
	rename_in(&t->pk.columns, from, to);
	for (size_t i = 0; i < t->nr_uniques; i++)
		rename_in(&t->uniques[i].columns, from, to);
	for (size_t i = 0; i < t->nr_fks; i++)
		rename_in(&t->fks[i].columns, from, to);
	for (size_t i = 0; i < t->nr_checks; i++)
		rename_in_expr(&t->checks[i].expr, from, to);
	for (size_t i = 0; i < t->nr_indexes; i++) {
		struct model_index *ix = &t->indexes[i];
		for (size_t k = 0; k < ix->nr_keys; k++) {
			if (ix->keys[k].column && strcmp(ix->keys[k].column, from) == 0) {
				free(ix->keys[k].column);
				ix->keys[k].column = xstrdup(to);
			}
			rename_in_expr(&ix->keys[k].expr, from, to);
		}
		rename_in(&ix->include, from, to);
		rename_in_expr(&ix->where, from, to);
	}
	for (size_t k = 0; k < m->nr_tables; k++) {
		struct model_table *o = m->tables[k];
		for (size_t i = 0; i < o->nr_fks; i++) {
			if (strcmp(o->fks[i].ref_schema, t->schema) == 0 && strcmp(o->fks[i].ref_table, t->name) == 0)
				rename_in(&o->fks[i].ref_columns, from, to);
		}
	}
}

static size_t column_index(const struct model_table *t, const struct model_column *col)
{
	return (size_t)(col - t->columns);
}

static int drop_constraint(struct ctx *c, struct model_table *t, const char *name, bool missing_ok)
{
	struct strbuf nm = STRBUF_INIT;
	bool found = false;

	table_name(t, NULL, &nm);
	if (t->pk.name && strcmp(t->pk.name, name) == 0) {
		free(t->pk.name);
		t->pk.name = NULL;
		model_names_release(&t->pk.columns);
		found = true;
	}
	for (size_t i = 0; i < t->nr_uniques && !found; i++) {
		if (strcmp(t->uniques[i].name, name))
			continue;
		/* keys of other tables to it go too (CASCADE; without it PostgreSQL refuses) */
		for (size_t k = 0; k < c->m->nr_tables; k++) {
			struct model_table *o = c->m->tables[k];
			for (size_t f = o->nr_fks; f-- > 0;) {
				if (strcmp(o->fks[f].ref_schema, t->schema) || strcmp(o->fks[f].ref_table, t->name) ||
				    !model_names_equal(&o->fks[f].ref_columns, &t->uniques[i].columns))
					continue;
				model_fk_release(&o->fks[f]);
				REMOVE_AT(o->fks, o->nr_fks, f);
			}
		}
		model_unique_release(&t->uniques[i]);
		REMOVE_AT(t->uniques, t->nr_uniques, i);
		found = true;
	}
	for (size_t i = 0; i < t->nr_fks && !found; i++) {
		if (strcmp(t->fks[i].name, name))
			continue;
		model_fk_release(&t->fks[i]);
		REMOVE_AT(t->fks, t->nr_fks, i);
		found = true;
	}
	for (size_t i = 0; i < t->nr_checks && !found; i++) {
		if (strcmp(t->checks[i].name, name))
			continue;
		model_check_release(&t->checks[i]);
		REMOVE_AT(t->checks, t->nr_checks, i);
		found = true;
	}
	if (found)
		changed(c, "constraint %s of %s dropped", name, nm.buf);
	strbuf_release(&nm);
	if (!found) {
		/* an exclusion constraint, kept as SQL */
		long at = find_obj(c->m, OBJECT_CONSTRAINT, t->schema, name, t->name);
		if (at >= 0) {
			drop_object_at(c, (size_t)at);
			return 0;
		}
	}
	if (!found && !missing_ok)
		return fail(c, "constraint \"%s\" of table \"%s\" is not in the recorded state", name, t->name);
	return 0;
}

static int rename_constraint(struct ctx *c, struct model_table *t, const char *from, const char *to)
{
	char **slot = NULL;

	if (t->pk.name && strcmp(t->pk.name, from) == 0)
		slot = &t->pk.name;
	for (size_t i = 0; i < t->nr_uniques && !slot; i++)
		if (strcmp(t->uniques[i].name, from) == 0)
			slot = &t->uniques[i].name;
	for (size_t i = 0; i < t->nr_fks && !slot; i++)
		if (strcmp(t->fks[i].name, from) == 0)
			slot = &t->fks[i].name;
	for (size_t i = 0; i < t->nr_checks && !slot; i++)
		if (strcmp(t->checks[i].name, from) == 0)
			slot = &t->checks[i].name;
	if (!slot) {
		long at = find_obj(c->m, OBJECT_CONSTRAINT, t->schema, from, t->name);
		if (at >= 0)
			return move_object(c, (size_t)at, NULL, to);
		return fail(c, "constraint \"%s\" of table \"%s\" is not in the recorded state", from, t->name);
	}
	free(*slot);
	*slot = xstrdup(to);
	changed(c, "constraint %s of %s renamed to %s", from, t->name, to);
	return 0;
}

/* --- tables ------------------------------------------------------------- */

/*
 * The text after "PARTITION OF p " (a bound) or "PARTITION BY " (a key) in
 * what PostgreSQL's deparser writes for a CREATE TABLE holding only that.
 */
static int deparse_partition_clause(struct ctx *c, const PgQuery__CreateStmt *cs, bool bound, char **out)
{
	PgQuery__CreateStmt one = PG_QUERY__CREATE_STMT__INIT;
	PgQuery__RangeVar rel = PG_QUERY__RANGE_VAR__INIT, parent = PG_QUERY__RANGE_VAR__INIT;
	PgQuery__Node stmt = PG_QUERY__NODE__INIT, pnode = PG_QUERY__NODE__INIT, *parents[1] = { &pnode };
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT, *raws[1] = { &raw };
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	PgQueryProtobuf pb;
	PgQueryDeparseResult r;
	const char *marker = bound ? "PARTITION OF p " : "PARTITION BY ", *at;
	int ret = 0;

	rel.relname = (char *)"t";
	rel.inh = true;
	rel.relpersistence = (char *)"p";
	parent = rel;
	parent.relname = (char *)"p";
	one.relation = &rel;
	one.oncommit = PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP;
	if (bound) {
		pnode.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
		pnode.range_var = &parent;
		one.n_inh_relations = 1;
		one.inh_relations = parents;
		one.partbound = cs->partbound;
	} else {
		one.partspec = cs->partspec;
	}
	stmt.node_case = PG_QUERY__NODE__NODE_CREATE_STMT;
	stmt.create_stmt = &one;
	raw.stmt = &stmt;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	pb.len = pg_query__parse_result__get_packed_size(&pr);
	pb.data = xmalloc(pb.len ? pb.len : 1);
	pg_query__parse_result__pack(&pr, (uint8_t *)pb.data);
	r = pg_query_deparse_protobuf(pb);
	free(pb.data);
	if (r.error || !r.query || !(at = strstr(r.query, marker)))
		ret = fail(c, "a partition %s PostgreSQL's deparser cannot write back", bound ? "bound" : "key");
	else
		*out = xstrdup(at + strlen(marker));
	pg_query_free_deparse_result(r);
	return ret;
}

/* WITH (name = value, ...) of CREATE TABLE, or ALTER TABLE SET (...): into t's storage parameters. */
static int set_storage(struct ctx *c, struct model_table *t, Node **defs, size_t n, bool reset)
{
	for (size_t i = 0; i < n; i++) {
		const PgQuery__DefElem *de = defs[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? defs[i]->def_elem : NULL;
		struct strbuf opt = STRBUF_INIT, val = STRBUF_INIT;
		size_t keylen;
		if (!de || !nz(de->defname))
			return cannot(c, "a storage parameter mig does not read");
		if (nz(de->defnamespace))
			strbuf_addf(&opt, "%s.", de->defnamespace); /* toast.autovacuum_enabled */
		strbuf_addf(&opt, "%s=", de->defname);
		keylen = opt.len;
		for (size_t k = 0; k < t->storage.nr; k++) {
			if (strncmp(t->storage.items[k], opt.buf, keylen) == 0) {
				free(t->storage.items[k]);
				memmove(&t->storage.items[k], &t->storage.items[k + 1],
					(t->storage.nr - k - 1) * sizeof(char *));
				t->storage.nr--;
				break;
			}
		}
		if (!reset) {
			if (de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_STRING)
				strbuf_addstr(&val, de->arg->string->sval);
			else if (de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
				strbuf_addf(&val, "%d", de->arg->integer->ival);
			else if (de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
				strbuf_addstr(&val, de->arg->float_->fval);
			else if (de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
				strbuf_addstr(&val, de->arg->boolean->boolval ? "true" : "false");
			else if (de->arg && deparse_expr(c, de->arg, &val) < 0) {
				strbuf_release(&opt);
				strbuf_release(&val);
				return -1;
			} else if (!de->arg)
				strbuf_addstr(&val, "true");
			strbuf_addstr(&opt, val.buf);
			strbuf_reset(&val);
			if (model_storage_option(opt.buf, &val))
				model_names_add(&t->storage, val.buf);
		}
		strbuf_release(&opt);
		strbuf_release(&val);
	}
	return 0;
}

/* PARTITION BY, PARTITION OF ... FOR VALUES, INHERITS, UNLOGGED, WITH (...) of a CREATE TABLE. */
static int create_table_props(struct ctx *c, struct model_table *t, const PgQuery__CreateStmt *cs)
{
	t->unlogged = cs->relation->relpersistence && cs->relation->relpersistence[0] == 'u';
	if (cs->partspec && deparse_partition_clause(c, cs, false, &t->partition_by) < 0)
		return -1;
	for (size_t i = 0; i < cs->n_inh_relations; i++) {
		const Node *n = cs->inh_relations[i];
		const PgQuery__RangeVar *prv = n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? n->range_var : NULL;
		const struct model_table *p;
		if (!prv)
			return cannot(c, "a parent table mig does not read");
		p = model_find_table(c->m, schema_of(prv->schemaname), prv->relname);
		if (!p)
			return fail(c, "table \"%s\" is not in the recorded state", prv->relname);
		if (cs->partbound) {
			t->partition_of.schema = xstrdup(p->schema);
			t->partition_of.name = xstrdup(p->name);
		} else {
			model_table_add_inherits(t, p->schema, p->name);
		}
	}
	if (cs->partbound && deparse_partition_clause(c, cs, true, &t->partition_bound) < 0)
		return -1;
	return set_storage(c, t, cs->options, cs->n_options, false);
}

static int create_table(struct ctx *c, const PgQuery__CreateStmt *cs)
{
	const PgQuery__RangeVar *rv = cs->relation;
	const char *schema = schema_of(rv->schemaname);
	struct model_table *t;
	struct strbuf nm = STRBUF_INIT;

	if (cs->of_typename)
		return cannot(c, "typed tables (the model has none)");
	if (rv->relpersistence && rv->relpersistence[0] == 't') {
		model_names_add(&c->temp, rv->relname); /* it lives for the session only */
		return 0;
	}
	if (model_find_table(c->m, schema, rv->relname)) {
		if (cs->if_not_exists)
			return 0;
		return fail(c, "table \"%s\" already exists in the recorded state", rv->relname);
	}
	if (*schema && !model_find_schema(c->m, schema))
		return fail(c, "schema \"%s\" is not in the recorded state", schema);
	t = model_add_table(c->m);
	unindex(c->m);
	t->schema = xstrdup(schema);
	t->name = xstrdup(rv->relname);
	t->app = xstrdup(c->s->app ? c->s->app : "");
	c->in_create = true;
	if (create_table_props(c, t, cs) < 0) {
		c->in_create = false;
		return -1;
	}
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const Node *e = cs->table_elts[i];
		int r;
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			r = column_def(c, t, e->column_def, true);
		else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			r = add_constraint(c, t, NULL, e->constraint);
		else
			r = cannot(c, "a table element of a kind mig does not read (LIKE?)");
		if (r < 0) {
			c->in_create = false;
			return -1;
		}
	}
	c->in_create = false;
	table_name(t, NULL, &nm);
	changed(c, "table %s created", nm.buf);
	strbuf_release(&nm);
	return 0;
}

static void drop_table_at(struct model *m, size_t i)
{
	struct model_table *t = m->tables[i];

	/* keys of other tables to it (DROP ... CASCADE; without it PostgreSQL refuses) */
	for (size_t k = 0; k < m->nr_tables; k++) {
		struct model_table *o = m->tables[k];
		for (size_t f = o->nr_fks; o != t && f-- > 0;) {
			if (strcmp(o->fks[f].ref_schema, t->schema) || strcmp(o->fks[f].ref_table, t->name))
				continue;
			model_fk_release(&o->fks[f]);
			REMOVE_AT(o->fks, o->nr_fks, f);
		}
	}
	model_table_free(t);
	REMOVE_AT(m->tables, m->nr_tables, i);
	unindex(m);
}

static struct model_table *find_index(struct model *m, const char *schema, const char *name, size_t *at)
{
	for (size_t k = 0; k < m->nr_tables; k++) {
		struct model_table *t = m->tables[k];
		if (strcmp(t->schema, schema))
			continue;
		for (size_t i = 0; i < t->nr_indexes; i++) {
			if (strcmp(t->indexes[i].name, name) == 0) {
				*at = i;
				return t;
			}
		}
	}
	return NULL;
}

static int drop_stmt(struct ctx *c, const PgQuery__DropStmt *ds)
{
	if (dropped_kind(ds->remove_type) >= 0)
		return drop_objects(c, ds, dropped_kind(ds->remove_type));
	for (size_t o = 0; o < ds->n_objects; o++) {
		const Node *obj = ds->objects[o];
		const char *schema, *name;
		struct strbuf nm = STRBUF_INIT;

		if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
			name = str_of(obj);
			if (!name)
				return cannot(c, "a schema name of a form mig does not read");
			for (size_t i = 0; i < c->m->nr_schemas; i++) {
				if (strcmp(c->m->schemas[i].name, name))
					continue;
				free(c->m->schemas[i].name);
				free(c->m->schemas[i].app);
				free(c->m->schemas[i].comment);
				REMOVE_AT(c->m->schemas, c->m->nr_schemas, i);
				strbuf_addstr(&nm, "SCHEMA ");
				dialect_pg_append_ident(&c->pg, &nm, name);
				retarget_grants(c->m, nm.buf, NULL);
				strbuf_release(&nm);
				changed(c, "schema %s dropped", name);
				goto next;
			}
			if (!ds->missing_ok)
				return fail(c, "schema \"%s\" is not in the recorded state", name);
			goto next;
		}
		if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
			const PgQuery__TypeName *tn = obj->type_name;
			if (qualified(c, tn->names, tn->n_names, &schema, &name) < 0)
				return -1;
		} else if (obj->node_case == PG_QUERY__NODE__NODE_LIST) {
			if (qualified(c, obj->list->items, obj->list->n_items, &schema, &name) < 0)
				return -1;
		} else {
			return cannot(c, "an object name of a form mig does not read");
		}
		display(&nm, schema, name);
		switch (ds->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
			bool found = false;
			if (!*schema && model_names_find(&c->temp, name) >= 0)
				break;
			for (size_t i = 0; i < c->m->nr_tables && !found; i++) {
				if (strcmp(c->m->tables[i]->schema, schema) || strcmp(c->m->tables[i]->name, name))
					continue;
				drop_on_relation(c, schema, name);
				drop_table_at(c->m, i);
				found = true;
			}
			if (!found && !ds->missing_ok) {
				strbuf_release(&nm);
				return fail(c, "table \"%s\" is not in the recorded state", name);
			}
			if (found)
				changed(c, "table %s dropped", nm.buf);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
			size_t at;
			struct model_table *t = find_index(c->m, schema, name, &at);
			long vi = -1;
			if (t) {
				model_index_release(&t->indexes[at]);
				REMOVE_AT(t->indexes, t->nr_indexes, at);
				changed(c, "index %s dropped", nm.buf);
				break;
			}
			/* an index of a materialized view */
			for (size_t k = 0; k < c->m->nr_objects && vi < 0; k++)
				if (c->m->objects[k].kind == OBJECT_INDEX && strcmp(c->m->objects[k].schema, schema) == 0 &&
				    strcmp(c->m->objects[k].name, name) == 0)
					vi = (long)k;
			if (vi >= 0) {
				drop_object_at(c, (size_t)vi);
			} else if (!ds->missing_ok) {
				strbuf_release(&nm);
				return fail(c, "index \"%s\" is not in the recorded state", name);
			}
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
			bool found = false;
			for (size_t i = 0; i < c->m->nr_enums && !found; i++) {
				struct model_enum *e = &c->m->enums[i];
				if (strcmp(e->schema, schema) || strcmp(e->name, name))
					continue;
				free(e->schema);
				free(e->name);
				free(e->app);
				free(e->comment);
				model_names_release(&e->values);
				REMOVE_AT(c->m->enums, c->m->nr_enums, i);
				found = true;
			}
			if (found) {
				struct strbuf target = STRBUF_INIT;
				grant_target(c, "TYPE", schema, name, NULL, &target);
				retarget_grants(c->m, target.buf, NULL);
				strbuf_release(&target);
				changed(c, "enum %s dropped", nm.buf);
				break;
			}
			/* a composite or range type (or a domain), kept as SQL */
			{
				long at = find_obj(c->m, OBJECT_TYPE, schema, name, NULL);
				if (at < 0)
					at = find_obj(c->m, OBJECT_DOMAIN, schema, name, NULL);
				if (at >= 0) {
					drop_object_at(c, (size_t)at);
				} else if (!ds->missing_ok) {
					strbuf_release(&nm);
					return fail(c, "type \"%s\" is not in the recorded state", name);
				}
			}
			break;
		}
		default:
			strbuf_release(&nm);
			return cannot(c, "a DROP of an object kind mig does not read");
		}
		strbuf_release(&nm);
next:;
	}
	return 0;
}

/* --- indexes ------------------------------------------------------------ */

/* WITH (name = value, ...) -> "name=value, ..." (as pg_class.reloptions holds them) */
static int index_options(struct ctx *c, const PgQuery__IndexStmt *is, struct model_index *ix)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < is->n_options; i++) {
		const PgQuery__DefElem *de = is->options[i]->def_elem;
		const PgQuery__Node *arg;
		if (is->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || nz(de->defnamespace)) {
			strbuf_release(&sb);
			return cannot(c, "an index option of a form mig does not read");
		}
		arg = de->arg;
		strbuf_addf(&sb, "%s%s=", i ? ", " : "", de->defname);
		if (!arg)
			strbuf_addstr(&sb, "true");
		else if (arg->node_case == PG_QUERY__NODE__NODE_STRING)
			strbuf_addstr(&sb, arg->string->sval);
		else if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
			strbuf_addf(&sb, "%d", (int)arg->integer->ival);
		else if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
			strbuf_addstr(&sb, arg->float_->fval);
		else if (arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
			strbuf_addstr(&sb, arg->boolean->boolval ? "true" : "false");
		else if (arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && arg->type_name->n_names)
			strbuf_addstr(&sb, str_of(arg->type_name->names[arg->type_name->n_names - 1]));
		else {
			strbuf_release(&sb);
			return cannot(c, "an index option of a form mig does not read");
		}
	}
	free(ix->with);
	ix->with = strbuf_detach(&sb, NULL);
	return 0;
}

static int create_index(struct ctx *c, const PgQuery__IndexStmt *is)
{
	int r;
	struct model_table *t;

	if (matview_index(c, is, &r))
		return r;
	t = find_table(c, is->relation, false, &r);
	struct model_index *ix;
	struct strbuf nm = STRBUF_INIT;
	size_t at;

	if (!t)
		return r;
	if (nz(is->idxname) && find_index(c->m, t->schema, is->idxname, &at)) {
		if (is->if_not_exists)
			return 0;
		return fail(c, "index \"%s\" already exists in the recorded state", is->idxname);
	}
	ix = model_table_add_index(t);
	ix->name = xstrdup(nz(is->idxname));
	ix->unique = is->unique;
	ix->nulls_not_distinct = is->nulls_not_distinct;
	if (nz(is->access_method) && strcmp(is->access_method, "btree") != 0)
		ix->method = xstrdup(is->access_method);
	for (size_t i = 0; i < is->n_index_params; i++) {
		const PgQuery__IndexElem *el = is->index_params[i]->index_elem;
		struct model_index_key *k = model_index_add_key(ix);
		if (is->index_params[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			return cannot(c, "an index key of a form mig does not read");
		if (nz(el->name))
			k->column = xstrdup(el->name);
		else if (deparse_dup(c, el->expr, &k->expr) < 0)
			return -1;
		if (el->n_collation)
			k->collation = xstrdup(str_of(el->collation[el->n_collation - 1]));
		if (el->n_opclass)
			k->opclass = xstrdup(str_of(el->opclass[el->n_opclass - 1]));
		k->sort = el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC  ? SORT_DESC
			  : el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_ASC ? SORT_ASC
									      : SORT_DEFAULT;
		k->nulls = el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? NULLS_FIRST
			   : el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? NULLS_LAST
											      : NULLS_DEFAULT;
	}
	names_from(&ix->include, is->index_including_params, is->n_index_including_params);
	if (is->n_options && index_options(c, is, ix) < 0)
		return -1;
	if (is->where_clause && deparse_dup(c, is->where_clause, &ix->where) < 0)
		return -1;
	table_name(t, NULL, &nm);
	if (nz(is->idxname))
		changed(c, "index %s on %s created", is->idxname, nm.buf);
	else
		changed(c, "index on %s created", nm.buf);
	strbuf_release(&nm);
	return 0;
}

/* --- ALTER TABLE -------------------------------------------------------- */

static struct model_column *need_column(struct ctx *c, struct model_table *t, const char *name)
{
	struct model_column *col = model_table_find_column(t, name);

	if (!col)
		fail(c, "column \"%s\" of table \"%s\" is not in the recorded state", name, t->name);
	return col;
}

/*
 * OWNER TO role: the role into *slot (what is named); CURRENT_USER,
 * CURRENT_ROLE and SESSION_USER are the migrating role, which the model
 * says by naming no owner.
 */
static int set_owner(struct ctx *c, char **slot, const PgQuery__RoleSpec *rs, const char *what)
{
	if (!rs)
		return cannot(c, "an owner of a form mig does not read");
	if (rs->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC)
		return fail(c, "PUBLIC cannot own %s", what);
	free(*slot);
	*slot = rs->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING ? xstrdup(rs->rolename) : NULL;
	changed(c, "owner of %s %s", what, *slot ? "set" : "removed");
	return 0;
}

static int alter_cmd(struct ctx *c, struct model_table *t, const PgQuery__AlterTableCmd *cmd)
{
	struct model_column *col = NULL;
	struct strbuf nm = STRBUF_INIT;
	int ret = 0;

	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		if (cmd->missing_ok && model_table_find_column(t, cmd->def->column_def->colname))
			break; /* ADD COLUMN IF NOT EXISTS */
		ret = column_def(c, t, cmd->def->column_def, false);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		col = model_table_find_column(t, cmd->name);
		if (!col) {
			if (!cmd->missing_ok)
				ret = fail(c, "column \"%s\" of table \"%s\" is not in the recorded state", cmd->name,
					   t->name);
			break;
		}
		table_name(t, cmd->name, &nm);
		drop_column_dependents(c->m, t, cmd->name);
		col = model_table_find_column(t, cmd->name);
		{
			size_t at = column_index(t, col);
			model_column_release(col);
			REMOVE_AT(t->columns, t->nr_columns, at);
		}
		changed(c, "column %s dropped", nm.buf);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
		const PgQuery__ColumnDef *cd = cmd->def->column_def;
		bool serial;
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		ret = set_type(c, col, cd->type_name, &serial);
		if (ret == 0 && serial)
			ret = cannot(c, "serial is not a type ALTER COLUMN can set");
		free(col->extra->collation);
		model_column_extra(col)->collation = NULL;
		if (ret == 0 && cd->coll_clause && cd->coll_clause->n_collname)
			model_column_extra(col)->collation = xstrdup(str_of(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
		model_column_extra_done(col);
		table_name(t, cmd->name, &nm);
		changed(c, "type of %s changed", nm.buf);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		/* the column keeps its values and becomes a plain one */
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		free(col->extra->generated);
		model_column_extra(col)->generated = NULL;
		model_column_extra_done(col);
		table_name(t, cmd->name, &nm);
		changed(c, "expression of %s dropped", nm.buf);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		ret = set_default(c, col, cmd->def);
		table_name(t, cmd->name, &nm);
		changed(c, "default of %s %s", nm.buf, cmd->def ? "set" : "dropped");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		col->not_null = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull;
		table_name(t, cmd->name, &nm);
		changed(c, "%s made %s", nm.buf, col->not_null ? "NOT NULL" : "nullable");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
		const PgQuery__Constraint *k = cmd->def->constraint;
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		col->identity = k->generated_when && k->generated_when[0] == 'a' ? IDENTITY_ALWAYS : IDENTITY_BY_DEFAULT;
		col->not_null = true;
		ret = column_sequence(c, col, k->options, k->n_options, false);
		table_name(t, cmd->name, &nm);
		changed(c, "%s made an identity column", nm.buf);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
		/* SET GENERATED ALWAYS | BY DEFAULT and SET <sequence option>, any mix */
		const PgQuery__List *l = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST ? cmd->def->list : NULL;
		Node **opts;
		size_t n = 0;
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		if (col->identity != IDENTITY_ALWAYS && col->identity != IDENTITY_BY_DEFAULT)
			return fail(c, "column \"%s\" of table \"%s\" is not an identity column", cmd->name, t->name);
		opts = xcalloc(l ? l->n_items + 1 : 1, sizeof(*opts));
		for (size_t i = 0; l && i < l->n_items; i++) {
			const PgQuery__DefElem *de = l->items[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ?
							     l->items[i]->def_elem : NULL;
			if (de && strcmp(de->defname, "generated") == 0 && de->arg &&
			    de->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
				col->identity = de->arg->integer->ival == 'a' ? IDENTITY_ALWAYS : IDENTITY_BY_DEFAULT;
			else
				opts[n++] = l->items[i];
		}
		ret = column_sequence(c, col, opts, n, true);
		free(opts);
		table_name(t, cmd->name, &nm);
		changed(c, "identity of %s changed", nm.buf);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		col->identity = IDENTITY_NONE;
		table_name(t, cmd->name, &nm);
		changed(c, "%s no longer an identity column", nm.buf);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		if (cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			return cannot(c, "a constraint of a form mig does not read");
		ret = add_constraint(c, t, NULL, cmd->def->constraint);
		if (ret == 0 && cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
			for (size_t i = 0; i < t->pk.columns.nr; i++) {
				struct model_column *pc = model_table_find_column(t, t->pk.columns.items[i]);
				if (pc)
					pc->not_null = true;
			}
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		ret = drop_constraint(c, t, cmd->name, cmd->missing_ok);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
		break; /* NOT VALID then VALIDATE: the constraint is already in the model */
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
		t->row_security = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity;
		table_name(t, NULL, &nm);
		changed(c, "table %s: row-level security %s", nm.buf, t->row_security ? "enabled" : "disabled");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
		t->force_row_security = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity;
		table_name(t, NULL, &nm);
		changed(c, "table %s: row-level security %sforced", nm.buf, t->force_row_security ? "" : "not ");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		t->unlogged = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged;
		table_name(t, NULL, &nm);
		changed(c, "table %s: %s", nm.buf, t->unlogged ? "unlogged" : "logged");
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_LIST) {
			ret = cannot(c, "a form of ALTER TABLE SET (...) mig does not read");
			break;
		}
		ret = set_storage(c, t, cmd->def->list->items, cmd->def->list->n_items,
				  cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions);
		table_name(t, NULL, &nm);
		changed(c, "table %s: storage parameters", nm.buf);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
		strbuf_setlen(&nm, 0);
		strbuf_addstr(&nm, "table ");
		display(&nm, t->schema, t->name);
		ret = set_owner(c, &t->owner, cmd->newowner, nm.buf);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
		ignored(c, "ALTER TABLE (triggers, column storage, clustering, replica identity, tablespace)");
		break;
	default:
		ret = cannot(c, "a form of ALTER TABLE mig does not read");
	}
	strbuf_release(&nm);
	return ret;
}

/* ALTER VIEW, MATERIALIZED VIEW, SEQUENCE ... OWNER TO: recorded; their other forms are not. */
static int alter_relation(struct ctx *c, const PgQuery__AlterTableStmt *as)
{
	int kind = named_kind(as->objtype), r = 0;
	const PgQuery__RangeVar *rv = as->relation;
	struct strbuf nm = STRBUF_INIT;
	long at;

	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
		    as->cmds[i]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner || kind < 0) {
			ignored(c, "ALTER VIEW, SEQUENCE or other object");
			return 0;
		}
	}
	c->kind = kind == OBJECT_VIEW ? "ALTER VIEW" : kind == OBJECT_SEQUENCE ? "ALTER SEQUENCE"
		: kind == OBJECT_MATERIALIZED_VIEW ? "ALTER MATERIALIZED VIEW" : c->kind;
	at = find_obj(c->m, kind, schema_of(rv->schemaname), rv->relname, NULL);
	if (at < 0) {
		if (as->missing_ok)
			return 0;
		obj_quoted((enum model_object_kind)kind, schema_of(rv->schemaname), rv->relname, NULL, &nm);
		r = fail(c, "%s is not in the recorded state", nm.buf);
		strbuf_release(&nm);
		return r;
	}
	obj_plain(&c->m->objects[at], &nm);
	for (size_t i = 0; i < as->n_cmds && r == 0; i++)
		r = set_owner(c, &c->m->objects[at].owner, as->cmds[i]->alter_table_cmd->newowner, nm.buf);
	strbuf_release(&nm);
	return r;
}

/* ALTER SCHEMA, FUNCTION, PROCEDURE, DOMAIN, TYPE ... OWNER TO. */
static int alter_owner(struct ctx *c, const PgQuery__AlterOwnerStmt *ao)
{
	struct strbuf nm = STRBUF_INIT;
	char **slot;
	int kind, r;
	long at;

	if (ao->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
		const char *name = str_of(ao->object);
		struct model_schema *s = name ? model_find_schema(c->m, strcmp(name, "public") == 0 ? "" : name) : NULL;
		if (name && strcmp(name, "public") == 0) {
			ignored(c, "ALTER SCHEMA public OWNER (the default schema is not part of the model)");
			return 0;
		}
		if (!s)
			return fail(c, "schema \"%s\" is not in the recorded state", name ? name : "?");
		strbuf_addf(&nm, "schema %s", s->name);
		r = set_owner(c, &s->owner, ao->newowner, nm.buf);
		strbuf_release(&nm);
		return r;
	}
	kind = named_kind(ao->object_type);
	if (kind < 0 || !model_object_kinds[kind].has_owner) {
		ignored(c, "ALTER ... OWNER of an object outside the model");
		return 0;
	}
	if (kind == OBJECT_TYPE && ao->object && ao->object->node_case == PG_QUERY__NODE__NODE_LIST) {
		const char *schema = "", *name = NULL;
		if (qualified(c, ao->object->list->items, ao->object->list->n_items, &schema, &name) < 0)
			return -1;
		if (model_find_enum(c->m, schema, name)) {
			ignored(c, "ALTER TYPE ... OWNER of an enum (the model has no owner for enums)");
			return 0;
		}
	}
	if ((at = named_object(c, kind, ao->object, false, &r)) < 0)
		return r;
	slot = &c->m->objects[at].owner;
	obj_plain(&c->m->objects[at], &nm);
	r = set_owner(c, slot, ao->newowner, nm.buf);
	strbuf_release(&nm);
	return r;
}

static int alter_table(struct ctx *c, const PgQuery__AlterTableStmt *as)
{
	int r;
	struct model_table *t;

	if (as->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
		ignored(c, "ALTER INDEX (settings)");
		return 0;
	}
	if (as->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return alter_relation(c, as);
	t = find_table(c, as->relation, as->missing_ok, &r);
	if (!t)
		return r;
	c->alone = as->n_cmds == 1;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			return cannot(c, "a form of ALTER TABLE mig does not read");
		if (alter_cmd(c, t, as->cmds[i]->alter_table_cmd) < 0)
			return -1;
	}
	return 0;
}

static int rename_stmt(struct ctx *c, const PgQuery__RenameStmt *rs)
{
	struct model_table *t = NULL;
	struct model_column *col;
	int r;

	switch (rs->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
		char *old;
		const char *schema = schema_of(rs->relation->schemaname);
		/* ALTER TABLE renames views and sequences too */
		if (!model_find_table(c->m, schema, rs->relation->relname)) {
			static const int kinds[] = { OBJECT_VIEW, OBJECT_MATERIALIZED_VIEW, OBJECT_SEQUENCE };
			for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
				long at = find_obj(c->m, kinds[k], schema, rs->relation->relname, NULL);
				if (at >= 0)
					return move_object(c, (size_t)at, NULL, rs->newname);
			}
		}
		if (!(t = find_table(c, rs->relation, rs->missing_ok, &r)))
			return r;
		if (model_find_table(c->m, t->schema, rs->newname))
			return fail(c, "table \"%s\" already exists in the recorded state", rs->newname);
		old = t->name;
		for (size_t k = 0; k < c->m->nr_tables; k++) {
			struct model_table *o = c->m->tables[k];
			for (size_t i = 0; i < o->nr_fks; i++) {
				if (strcmp(o->fks[i].ref_schema, t->schema) == 0 && strcmp(o->fks[i].ref_table, old) == 0) {
					free(o->fks[i].ref_table);
					o->fks[i].ref_table = xstrdup(rs->newname);
				}
			}
		}
		t->name = xstrdup(rs->newname);
		free(t->renamed_from);
		t->renamed_from = old;
		unindex(c->m);
		changed(c, "table %s renamed to %s", old, t->name);
		return follow_relation(c, t->schema, old, t->schema, t->name);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		if (rs->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			ignored(c, "ALTER ... RENAME COLUMN of a view");
			return 0;
		}
		if (!(t = find_table(c, rs->relation, rs->missing_ok, &r)))
			return r;
		if (!(col = need_column(c, t, rs->subname)))
			return -1;
		if (model_table_find_column(t, rs->newname))
			return fail(c, "column \"%s\" of table \"%s\" already exists", rs->newname, t->name);
		rename_column(c->m, t, col, rs->newname);
		changed(c, "column %s.%s renamed to %s", t->name, rs->subname, rs->newname);
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
		if (!(t = find_table(c, rs->relation, rs->missing_ok, &r)))
			return r;
		return rename_constraint(c, t, rs->subname, rs->newname);
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
		size_t at;
		const char *schema = schema_of(rs->relation->schemaname);
		if (!(t = find_index(c->m, schema, rs->relation->relname, &at))) {
			for (size_t k = 0; k < c->m->nr_objects; k++) {
				const struct model_object *o = &c->m->objects[k];
				if (o->kind == OBJECT_INDEX && strcmp(o->schema, schema) == 0 &&
				    strcmp(o->name, rs->relation->relname) == 0)
					return move_object(c, k, NULL, rs->newname);
			}
			if (rs->missing_ok)
				return 0;
			return fail(c, "index \"%s\" is not in the recorded state", rs->relation->relname);
		}
		free(t->indexes[at].name);
		t->indexes[at].name = xstrdup(rs->newname);
		changed(c, "index %s renamed to %s", rs->relation->relname, rs->newname);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		const char *schema, *name;
		struct model_enum *e;
		if (!rs->object || rs->object->node_case != PG_QUERY__NODE__NODE_LIST ||
		    qualified(c, rs->object->list->items, rs->object->list->n_items, &schema, &name) < 0)
			return cannot(c, "a type name of a form mig does not read");
		if (!(e = model_find_enum(c->m, schema, name))) {
			long at = named_object(c, OBJECT_TYPE, rs->object, rs->missing_ok, &r);
			return at < 0 ? r : move_object(c, (size_t)at, NULL, rs->newname);
		}
		for (size_t k = 0; k < c->m->nr_tables; k++) {
			struct model_table *o = c->m->tables[k];
			for (size_t i = 0; i < o->nr_columns; i++) {
				struct model_type *ty = &o->columns[i].type;
				if (ty->kind == TYPE_ENUM && strcmp(ty->enum_schema, schema) == 0 &&
				    strcmp(ty->enum_name, name) == 0) {
					free(ty->enum_name);
					ty->enum_name = xstrdup(rs->newname);
				}
			}
		}
		changed(c, "enum %s renamed to %s", name, rs->newname);
		free(e->name);
		e->name = xstrdup(rs->newname);
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		return cannot(c, "a schema renamed");
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		int kind = named_kind(rs->rename_type);
		long at = find_obj(c->m, kind, schema_of(rs->relation->schemaname), rs->relation->relname, NULL);
		struct strbuf nm = STRBUF_INIT;
		if (at >= 0)
			return move_object(c, (size_t)at, NULL, rs->newname);
		if (rs->missing_ok)
			return 0;
		obj_quoted((enum model_object_kind)kind, schema_of(rs->relation->schemaname), rs->relation->relname, NULL,
			   &nm);
		fail(c, "%s is not in the recorded state", nm.buf);
		strbuf_release(&nm);
		return -1;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		long at = named_object(c, named_kind(rs->rename_type), rs->object, rs->missing_ok, &r);
		return at < 0 ? r : move_object(c, (size_t)at, NULL, rs->newname);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
		int kind = named_kind(rs->rename_type);
		const char *schema = schema_of(rs->relation->schemaname);
		long at = find_obj(c->m, kind, schema, rs->subname, rs->relation->relname);
		struct strbuf nm = STRBUF_INIT;
		if (at >= 0)
			return move_object(c, (size_t)at, NULL, rs->newname);
		if (rs->missing_ok)
			return 0;
		obj_quoted((enum model_object_kind)kind, schema, rs->subname, rs->relation->relname, &nm);
		fail(c, "%s is not in the recorded state", nm.buf);
		strbuf_release(&nm);
		return -1;
	}
	default:
		return cannot(c, "a RENAME of an object kind mig does not read");
	}
}

static int set_schema(struct ctx *c, const PgQuery__AlterObjectSchemaStmt *as)
{
	const char *to = schema_of(as->newschema);
	struct model_table *t;
	char *old;
	int r;

	if (as->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION) {
		ignored(c, "ALTER EXTENSION ... SET SCHEMA");
		return 0;
	}
	if (as->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		int kind = named_kind(as->object_type);
		long at;
		if (kind < 0)
			return cannot(c, "SET SCHEMA of an object kind mig does not read");
		if (*to && !model_find_schema(c->m, to))
			return fail(c, "schema \"%s\" is not in the recorded state", to);
		if (as->relation) {
			at = find_obj(c->m, kind, schema_of(as->relation->schemaname), as->relation->relname, NULL);
			if (at < 0 && !as->missing_ok)
				return fail(c, "%s \"%s\" is not in the recorded state", model_object_kinds[kind].element,
					    as->relation->relname);
		} else if ((at = named_object(c, kind, as->object, as->missing_ok, &r)) < 0) {
			return r;
		}
		return at < 0 ? 0 : move_object(c, (size_t)at, to, NULL);
	}
	if (!(t = find_table(c, as->relation, as->missing_ok, &r)))
		return r;
	if (*to && !model_find_schema(c->m, to))
		return fail(c, "schema \"%s\" is not in the recorded state", to);
	if (model_find_table(c->m, to, t->name))
		return fail(c, "table \"%s\" already exists in schema \"%s\"", t->name, as->newschema);
	old = t->schema;
	for (size_t k = 0; k < c->m->nr_tables; k++) {
		struct model_table *o = c->m->tables[k];
		for (size_t i = 0; i < o->nr_fks; i++) {
			if (strcmp(o->fks[i].ref_schema, old) == 0 && strcmp(o->fks[i].ref_table, t->name) == 0) {
				free(o->fks[i].ref_schema);
				o->fks[i].ref_schema = xstrdup(to);
			}
		}
	}
	t->schema = xstrdup(to);
	unindex(c->m);
	changed(c, "table %s moved to schema %s", t->name, *to ? to : "public");
	r = follow_relation(c, old, t->name, t->schema, t->name);
	free(old);
	return r;
}

/* --- enums, schemas, comments ------------------------------------------- */

static int create_enum(struct ctx *c, const PgQuery__CreateEnumStmt *ce)
{
	const char *schema, *name;
	struct model_enum *e;

	if (qualified(c, ce->type_name, ce->n_type_name, &schema, &name) < 0)
		return -1;
	if (model_find_enum(c->m, schema, name))
		return fail(c, "type \"%s\" already exists in the recorded state", name);
	e = model_add_enum(c->m);
	e->schema = xstrdup(schema);
	e->name = xstrdup(name);
	e->app = xstrdup(c->s->app ? c->s->app : "");
	for (size_t i = 0; i < ce->n_vals; i++)
		model_names_add(&e->values, str_of(ce->vals[i]));
	changed(c, "enum %s created", name);
	return 0;
}

static int alter_enum(struct ctx *c, const PgQuery__AlterEnumStmt *ae)
{
	const char *schema, *name;
	struct model_enum *e;
	struct model_names *v;

	if (qualified(c, ae->type_name, ae->n_type_name, &schema, &name) < 0)
		return -1;
	if (!(e = model_find_enum(c->m, schema, name)))
		return fail(c, "enum \"%s\" is not in the recorded state", name);
	v = &e->values;
	if (ae->old_val && *ae->old_val) {
		int at = model_names_find(v, ae->old_val);
		if (at < 0)
			return fail(c, "enum \"%s\" has no value \"%s\"", name, ae->old_val);
		free(v->items[at]);
		v->items[at] = xstrdup(ae->new_val);
		changed(c, "value %s of enum %s renamed to %s", ae->old_val, name, ae->new_val);
		return 0;
	}
	if (model_names_find(v, ae->new_val) >= 0) {
		if (ae->skip_if_new_val_exists)
			return 0;
		return fail(c, "enum \"%s\" already has the value \"%s\"", name, ae->new_val);
	}
	model_names_add(v, ae->new_val);
	if (ae->new_val_neighbor && *ae->new_val_neighbor) {
		int at = model_names_find(v, ae->new_val_neighbor);
		char *nv = v->items[v->nr - 1];
		size_t pos;
		if (at < 0)
			return fail(c, "enum \"%s\" has no value \"%s\"", name, ae->new_val_neighbor);
		pos = (size_t)at + (ae->new_val_is_after ? 1 : 0);
		memmove(&v->items[pos + 1], &v->items[pos], (v->nr - 1 - pos) * sizeof(char *));
		v->items[pos] = nv;
	}
	changed(c, "value %s added to enum %s", ae->new_val, name);
	return 0;
}

static int comment_stmt(struct ctx *c, const PgQuery__CommentStmt *cs)
{
	const Node *obj = cs->object;
	char **slot = NULL;
	const char *schema = "", *name = NULL;
	struct strbuf nm = STRBUF_INIT;

	switch (cs->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		struct model_schema *s = model_find_schema(c->m, str_of(obj) ? str_of(obj) : "");
		if (!s)
			return fail(c, "schema \"%s\" is not in the recorded state", str_of(obj) ? str_of(obj) : "?");
		slot = &s->comment;
		strbuf_addf(&nm, "schema %s", s->name);
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		struct model_table *t;
		const char *colname = NULL;
		size_t n;
		Node **items;
		if (obj->node_case != PG_QUERY__NODE__NODE_LIST)
			return cannot(c, "an object name of a form mig does not read");
		items = obj->list->items;
		n = obj->list->n_items;
		if (cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
			if (n < 2)
				return cannot(c, "a column name of a form mig does not read");
			colname = str_of(items[n - 1]);
			n--;
		}
		if (qualified(c, items, n, &schema, &name) < 0)
			return -1;
		if (cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			size_t at;
			if (!(t = find_index(c->m, schema, name, &at))) {
				/* an index of a materialized view */
				for (size_t k = 0; k < c->m->nr_objects && !slot; k++) {
					struct model_object *o = &c->m->objects[k];
					if (o->kind == OBJECT_INDEX && strcmp(o->schema, schema) == 0 && strcmp(o->name, name) == 0) {
						slot = &o->comment;
						obj_plain(o, &nm);
					}
				}
				if (slot)
					break;
				return fail(c, "index \"%s\" is not in the recorded state", name);
			}
			slot = &t->indexes[at].comment;
			strbuf_addf(&nm, "index %s", name);
			break;
		}
		if (!(t = model_find_table(c->m, schema, name)))
			return fail(c, "table \"%s\" is not in the recorded state", name);
		if (colname) {
			struct model_column *col = need_column(c, t, colname);
			if (!col)
				return -1;
			slot = &model_column_extra(col)->comment;
			strbuf_addf(&nm, "column %s.%s", name, colname);
		} else {
			slot = &t->comment;
			strbuf_addf(&nm, "table %s", name);
		}
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		/* COMMENT ON CONSTRAINT c ON [schema.]table: the list is the table's name, then c */
		struct model_table *t;
		const char *con;
		if (obj->node_case != PG_QUERY__NODE__NODE_LIST || obj->list->n_items < 2)
			return cannot(c, "a constraint name of a form mig does not read");
		con = str_of(obj->list->items[obj->list->n_items - 1]);
		if (qualified(c, obj->list->items, obj->list->n_items - 1, &schema, &name) < 0)
			return -1;
		if (!(t = model_find_table(c->m, schema, name)))
			return fail(c, "table \"%s\" is not in the recorded state", name);
		if (!(slot = model_table_constraint_comment(t, con ? con : ""))) {
			/* an exclusion constraint, kept as SQL */
			long at = find_obj(c->m, OBJECT_CONSTRAINT, t->schema, con ? con : "", t->name);
			if (at < 0)
				return fail(c, "constraint \"%s\" of table \"%s\" is not in the recorded state", con,
					    name);
			slot = &c->m->objects[at].comment;
			obj_plain(&c->m->objects[at], &nm);
			break;
		}
		strbuf_addf(&nm, "constraint %s on %s", con, name);
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		struct model_enum *e;
		if (obj->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
		    qualified(c, obj->type_name->names, obj->type_name->n_names, &schema, &name) < 0)
			return cannot(c, "a type name of a form mig does not read");
		if (!(e = model_find_enum(c->m, schema, name))) {
			int r;
			long at = named_object(c, OBJECT_TYPE, obj, false, &r);
			if (at < 0)
				return r;
			slot = &c->m->objects[at].comment;
			obj_plain(&c->m->objects[at], &nm);
			break;
		}
		slot = &e->comment;
		strbuf_addf(&nm, "enum %s", name);
		break;
	}
	default: {
		int kind = named_kind(cs->objtype), r;
		long at;
		if (kind < 0) {
			ignored(c, "COMMENT ON an object outside the model");
			return 0;
		}
		if ((at = named_object(c, kind, obj, false, &r)) < 0)
			return r;
		slot = &c->m->objects[at].comment;
		obj_plain(&c->m->objects[at], &nm);
		break;
	}
	}
	free(*slot);
	*slot = cs->comment && *cs->comment ? xstrdup(cs->comment) : NULL;
	changed(c, "comment on %s %s", nm.buf, *slot ? "set" : "removed");
	strbuf_release(&nm);
	return 0;
}

static int create_schema(struct ctx *c, const PgQuery__CreateSchemaStmt *cs)
{
	struct model_schema *s;

	if (!nz(cs->schemaname))
		return cannot(c, "a schema without a name");
	if (cs->n_schema_elts)
		return cannot(c, "CREATE SCHEMA with elements (write them as statements of their own)");
	if (model_find_schema(c->m, cs->schemaname)) {
		if (cs->if_not_exists)
			return 0;
		return fail(c, "schema \"%s\" already exists in the recorded state", cs->schemaname);
	}
	s = model_add_schema(c->m);
	s->name = xstrdup(cs->schemaname);
	s->app = xstrdup(c->s->app ? c->s->app : "");
	changed(c, "schema %s created", cs->schemaname);
	return 0;
}

/* --- statements --------------------------------------------------------- */

/* Statements that change rows, settings or sessions: no schema. */
static const char *data_kind(PgQuery__Node__NodeCase k)
{
	switch (k) {
	case PG_QUERY__NODE__NODE_INSERT_STMT: return "INSERT";
	case PG_QUERY__NODE__NODE_UPDATE_STMT: return "UPDATE";
	case PG_QUERY__NODE__NODE_DELETE_STMT: return "DELETE";
	case PG_QUERY__NODE__NODE_MERGE_STMT: return "MERGE";
	case PG_QUERY__NODE__NODE_SELECT_STMT: return "SELECT";
	case PG_QUERY__NODE__NODE_COPY_STMT: return "COPY";
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT: return "TRUNCATE";
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: return "SET";
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT: return "SHOW";
	case PG_QUERY__NODE__NODE_LOCK_STMT: return "LOCK";
	case PG_QUERY__NODE__NODE_NOTIFY_STMT: return "NOTIFY";
	case PG_QUERY__NODE__NODE_VACUUM_STMT: return "VACUUM or ANALYZE";
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT: return "EXPLAIN";
	case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT: return "SET CONSTRAINTS";
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT: return "CHECKPOINT";
	case PG_QUERY__NODE__NODE_REINDEX_STMT: return "REINDEX";
	case PG_QUERY__NODE__NODE_CLUSTER_STMT: return "CLUSTER";
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT: return "a transaction statement";
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: return "REFRESH MATERIALIZED VIEW";
	default: return NULL;
	}
}

/* Objects outside the model: named, not recorded (a CREATE AGGREGATE is a DefineStmt, but recorded). */
static const char *outside_kind(PgQuery__Node__NodeCase k)
{
	switch (k) {
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: return "ALTER FUNCTION";
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT: return "CREATE EVENT TRIGGER";
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT: return "GRANT or REVOKE of a role";
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT: return "ALTER DEFAULT PRIVILEGES";
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: return "ALTER POLICY";
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT: return "ALTER EXTENSION";
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: return "CREATE ROLE";
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: return "ALTER ROLE";
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: return "DROP ROLE";
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: return "CREATE STATISTICS";
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT: return "CREATE PUBLICATION";
	case PG_QUERY__NODE__NODE_SEC_LABEL_STMT: return "SECURITY LABEL";
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT: return "CREATE CAST";
	case PG_QUERY__NODE__NODE_DEFINE_STMT: return "CREATE OPERATOR, TYPE (base), COLLATION or text search object";
	default: return NULL;
	}
}

static int one_statement(struct ctx *c, Node *n)
{
	const char *k;

	if ((k = data_kind(n->node_case))) {
		strbuf_addf(&c->fx->data, "%s:%d: %s\n", c->s->file, c->line, k);
		return 0;
	}
	if ((k = outside_kind(n->node_case)) &&
	    !(n->node_case == PG_QUERY__NODE__NODE_DEFINE_STMT &&
	      n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE)) {
		ignored(c, k);
		return 0;
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_VIEW_STMT: {
		const PgQuery__RangeVar *rv = n->view_stmt->view;
		c->kind = "CREATE VIEW";
		if (rv->relpersistence && rv->relpersistence[0] == 't') {
			ignored(c, "CREATE TEMPORARY VIEW (lives for the session only)");
			return 0;
		}
		return create_object(c, OBJECT_VIEW, schema_of(rv->schemaname), rv->relname, NULL, n->view_stmt->replace,
				     false);
	}
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		c->kind = n->create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
		return create_function(c, n->create_function_stmt);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		c->kind = "CREATE AGGREGATE";
		return create_aggregate(c, n->define_stmt);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		c->kind = "CREATE TRIGGER";
		return create_on_relation(c, OBJECT_TRIGGER, n->create_trig_stmt->trigname, n->create_trig_stmt->relation,
					  n->create_trig_stmt->replace);
	case PG_QUERY__NODE__NODE_RULE_STMT:
		c->kind = "CREATE RULE";
		return create_on_relation(c, OBJECT_RULE, n->rule_stmt->rulename, n->rule_stmt->relation,
					  n->rule_stmt->replace);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		c->kind = "CREATE POLICY";
		return create_on_relation(c, OBJECT_POLICY, n->create_policy_stmt->policy_name,
					  n->create_policy_stmt->table, false);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		c->kind = "CREATE SEQUENCE";
		return create_sequence(c, n->create_seq_stmt);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		c->kind = "ALTER SEQUENCE";
		return alter_sequence(c, n->alter_seq_stmt);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		c->kind = "CREATE EXTENSION";
		if (strcmp(n->create_extension_stmt->extname, "plpgsql") == 0)
			return 0; /* always there; mig-inspect leaves it out */
		return create_object(c, OBJECT_EXTENSION, "", n->create_extension_stmt->extname, NULL, false,
				     n->create_extension_stmt->if_not_exists);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
		const char *schema, *name;
		c->kind = "CREATE DOMAIN";
		if (qualified(c, n->create_domain_stmt->domainname, n->create_domain_stmt->n_domainname, &schema, &name) < 0)
			return -1;
		return create_object(c, OBJECT_DOMAIN, schema, name, NULL, false, false);
	}
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		c->kind = "ALTER DOMAIN";
		return alter_domain(c, n->alter_domain_stmt);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: {
		const PgQuery__RangeVar *rv = n->composite_type_stmt->typevar;
		c->kind = "CREATE TYPE";
		return create_object(c, OBJECT_TYPE, schema_of(rv->schemaname), rv->relname, NULL, false, false);
	}
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
		const char *schema, *name;
		c->kind = "CREATE TYPE";
		if (qualified(c, n->create_range_stmt->type_name, n->create_range_stmt->n_type_name, &schema, &name) < 0)
			return -1;
		return create_object(c, OBJECT_TYPE, schema, name, NULL, false, false);
	}
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		c->kind = n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
		return grant_stmt(c, n->grant_stmt);
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		c->kind = "CREATE TABLE";
		return create_table(c, n->create_stmt);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		c->kind = "DROP";
		return drop_stmt(c, n->drop_stmt);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		c->kind = "ALTER TABLE";
		return alter_table(c, n->alter_table_stmt);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		c->kind = "ALTER ... RENAME";
		return rename_stmt(c, n->rename_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		c->kind = "ALTER ... SET SCHEMA";
		return set_schema(c, n->alter_object_schema_stmt);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		c->kind = "CREATE INDEX";
		return create_index(c, n->index_stmt);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		c->kind = "CREATE TYPE";
		return create_enum(c, n->create_enum_stmt);
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		c->kind = "ALTER TYPE";
		return alter_enum(c, n->alter_enum_stmt);
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		c->kind = "CREATE SCHEMA";
		return create_schema(c, n->create_schema_stmt);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		c->kind = "COMMENT";
		return comment_stmt(c, n->comment_stmt);
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		c->kind = "ALTER ... OWNER";
		return alter_owner(c, n->alter_owner_stmt);
	case PG_QUERY__NODE__NODE_DO_STMT:
		c->kind = "DO";
		return cannot(c, "a DO block runs code mig cannot follow");
	case PG_QUERY__NODE__NODE_CALL_STMT:
		c->kind = "CALL";
		return cannot(c, "a procedure call runs code mig cannot follow");
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		const PgQuery__CreateTableAsStmt *ct = n->create_table_as_stmt;
		if (ct->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW && ct->into && ct->into->rel) {
			c->kind = "CREATE MATERIALIZED VIEW";
			return create_object(c, OBJECT_MATERIALIZED_VIEW, schema_of(ct->into->rel->schemaname),
					     ct->into->rel->relname, NULL, false, ct->if_not_exists);
		}
		c->kind = "CREATE TABLE AS";
		return cannot(c, "a table whose columns come from a query");
	}
	default:
		c->kind = "statement";
		return cannot(c, "a statement mig does not read (parse node %d)", (int)n->node_case);
	}
}

/* Is name a constraint of a table of schema (PostgreSQL looks for a free name in the whole schema)? */
static bool constraint_name_used(const struct model *m, const char *schema, const char *name)
{
	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];
		if (strcmp(t->schema, schema) != 0)
			continue;
		if (t->pk.name && strcmp(t->pk.name, name) == 0)
			return true;
		for (size_t k = 0; k < t->nr_uniques; k++)
			if (t->uniques[k].name && strcmp(t->uniques[k].name, name) == 0)
				return true;
		for (size_t k = 0; k < t->nr_fks; k++)
			if (t->fks[k].name && strcmp(t->fks[k].name, name) == 0)
				return true;
		for (size_t k = 0; k < t->nr_checks; k++)
			if (t->checks[k].name && t->checks[k].name[0] && strcmp(t->checks[k].name, name) == 0)
				return true;
	}
	return false;
}

/*
 * An unnamed CHECK gets the name PostgreSQL gives it, not the model's
 * default: "table_column_check" when its expression uses exactly one
 * column, else "table_check", then check1, check2, ... while the name is
 * taken (heap.c, AddRelationNewConstraints). Named once its statement is
 * done, when every column it may use exists.
 */
static void name_new_checks(struct model *m)
{
	struct strbuf name = STRBUF_INIT, label = STRBUF_INIT;

	for (size_t i = 0; i < m->nr_tables; i++) {
		struct model_table *t = m->tables[i];
		for (size_t k = 0; k < t->nr_checks; k++) {
			struct model_check *ck = &t->checks[k];
			const char *only = NULL;
			size_t used = 0;
			if (ck->name && ck->name[0])
				continue;
			for (size_t c = 0; c < t->nr_columns; c++) {
				if (expr_mentions(ck->expr, t->columns[c].name)) {
					only = t->columns[c].name;
					used++;
				}
			}
			strbuf_reset(&name);
			model_make_object_name(t->name, used == 1 ? only : NULL, "check", &name);
			for (int pass = 1; constraint_name_used(m, t->schema, name.buf); pass++) {
				strbuf_reset(&label);
				strbuf_reset(&name);
				strbuf_addf(&label, "check%d", pass);
				model_make_object_name(t->name, used == 1 ? only : NULL, label.buf, &name);
			}
			free(ck->name);
			ck->name = xstrdup(name.buf);
		}
	}
	strbuf_release(&name);
	strbuf_release(&label);
}

/* The model through its XML form: new objects get their default names, and the whole is validated. */
static int refinish(struct model *m, struct diag *d)
{
	struct model fresh;
	int ret = model_xml_copy(m, &fresh, d);

	if (ret == 0) {
		model_release(m);
		*m = fresh;
	} else {
		model_release(&fresh);
	}
	return ret;
}

int ddl_effect_apply(struct model *m, const struct ddl_effect_script *s, struct ddl_effect *fx, struct diag *d)
{
	struct sql_script script = { 0 };
	struct ctx c = { .m = m, .s = s, .fx = fx, .d = d };
	int ret = -1;

	dialect_pg_dialect_init(&c.pg);
	if (sqlsplit_pg(s->sql, &script, d) < 0) {
		int line = d->line;
		dialect_pg_dialect_release(&c.pg);
		free(d->file);
		d->file = xstrdup(s->file);
		d->line = s->first_line + (line > 0 ? line : 1) - 1;
		return -1;
	}
	for (size_t i = 0; i < script.nr; i++) {
		const struct sql_stmt *st = &script.stmts[i];
		char *text = xstrndup(s->sql + st->start, st->len);
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
		PgQuery__ParseResult *tree = NULL;
		int rc = 0;

		c.line = s->first_line + st->line - 1;
		c.kind = "statement";
		if (r.error) {
			rc = fail(&c, "%s", r.error->message);
		} else {
			tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
			c.text = text;
			for (size_t k = 0; tree && k < tree->n_stmts && rc == 0; k++) {
				c.stmt_at = (size_t)tree->stmts[k]->stmt_location;
				c.stmt_len = (size_t)tree->stmts[k]->stmt_len;
				rc = one_statement(&c, tree->stmts[k]->stmt);
			}
			if (rc == 0)
				name_new_checks(m);
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		pg_query_free_protobuf_parse_result(r);
		free(text);
		if (rc < 0)
			goto out;
	}
	if (refinish(m, d) < 0) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "%s: after its statements the schema is not a valid model: %s", s->file, d->message);
		free(d->message);
		d->message = strbuf_detach(&msg, NULL);
		free(d->file);
		d->file = NULL;
		d->line = 0;
		goto out;
	}
	ret = 0;
out:
	model_names_release(&c.temp);
	dialect_pg_dialect_release(&c.pg);
	sqlsplit_script_release(&script);
	return ret;
}

int ddl_effect_list(const struct ddl_effect_script *s, struct ddl_effect *fx, struct diag *d)
{
	struct sql_script script = { 0 };

	if (sqlsplit_pg(s->sql, &script, d) < 0)
		return -1;
	for (size_t i = 0; i < script.nr; i++) {
		const struct sql_stmt *st = &script.stmts[i];
		char *text = xstrndup(s->sql + st->start, st->len);
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
		int line = s->first_line + st->line - 1;

		if (r.error) {
			strbuf_addf(&fx->data, "%s:%d: a statement mig cannot read\n", s->file, line);
		} else {
			PgQuery__ParseResult *tree =
				pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
			for (size_t k = 0; tree && k < tree->n_stmts; k++) {
				PgQuery__Node__NodeCase nc = tree->stmts[k]->stmt->node_case;
				const char *kind;
				if ((kind = data_kind(nc)) && nc != PG_QUERY__NODE__NODE_SELECT_STMT &&
				    nc != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT && nc != PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT)
					strbuf_addf(&fx->data, "%s:%d: %s\n", s->file, line, kind);
				else if ((kind = outside_kind(nc)) &&
					 !(nc == PG_QUERY__NODE__NODE_DEFINE_STMT &&
					   tree->stmts[k]->stmt->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE))
					strbuf_addf(&fx->ignored, "%s:%d: %s\n", s->file, line, kind);
			}
			if (tree)
				pg_query__parse_result__free_unpacked(tree, NULL);
		}
		pg_query_free_protobuf_parse_result(r);
		free(text);
	}
	sqlsplit_script_release(&script);
	return 0;
}

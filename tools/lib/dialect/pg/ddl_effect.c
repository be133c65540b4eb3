/* The DDL of a script applied to a model, from libpg_query's parse trees (protobuf). */
#include "ddl_effect.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

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
	strmap_release(&m->table_index);
	m->indexed = false;
}

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

	free(col->default_value);
	col->default_value = NULL;
	col->default_kind = DEFAULT_NONE;
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
	if (model_default_is_literal(col, text.buf) && sqlnorm_expr_constant(text.buf, &value)) {
		col->default_kind = DEFAULT_LITERAL;
		col->default_value = strbuf_detach(&value, NULL);
	} else {
		col->default_kind = DEFAULT_EXPR;
		col->default_value = strbuf_detach(&text, NULL);
	}
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
	free(col->pg_type);
	free(col->sqlite_type);
	col->pg_type = col->sqlite_type = NULL;
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
	col->pg_type = strbuf_detach(&text, NULL);
	ret = 0;
out:
	diag_release(&why);
	strbuf_release(&text);
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
		return cannot(c, "an exclusion constraint (the model has none)");
	default:
		strbuf_release(&nm);
		return cannot(c, "a constraint of a kind mig does not read here");
	}
	strbuf_release(&nm);
	return 0;
}

/* --- columns ------------------------------------------------------------ */

static int column_def(struct ctx *c, struct model_table *t, const PgQuery__ColumnDef *cd, bool in_create)
{
	struct model_column *col;
	bool serial, was;
	int ret = -1;

	if (model_table_find_column(t, cd->colname))
		return fail(c, "column \"%s\" of table \"%s\" already exists", cd->colname, t->name);
	col = model_table_add_column(t);
	col->name = xstrdup(cd->colname);
	if (set_type(c, col, cd->type_name, &serial) < 0)
		return -1;
	if (serial)
		col->identity = IDENTITY_SERIAL;
	col->not_null = cd->is_not_null || serial;
	if (cd->coll_clause && cd->coll_clause->n_collname)
		col->collation = xstrdup(str_of(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
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
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: {
			struct strbuf text = STRBUF_INIT;
			if (deparse_expr(c, k->raw_expr, &text) < 0) {
				strbuf_release(&text);
				goto out;
			}
			free(col->generated);
			col->generated = strbuf_detach(&text, NULL);
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

#define REMOVE_AT(arr, nr, i) \
	do { memmove(&(arr)[i], &(arr)[(i) + 1], ((nr) - (i) - 1) * sizeof((arr)[0])); (nr)--; } while (0)

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
	char *from = col->name;

	col->name = xstrdup(to);
	free(col->renamed_from);
	col->renamed_from = xstrdup(from);
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
	free(from);
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
	if (!slot)
		return fail(c, "constraint \"%s\" of table \"%s\" is not in the recorded state", from, t->name);
	free(*slot);
	*slot = xstrdup(to);
	changed(c, "constraint %s of %s renamed to %s", from, t->name, to);
	return 0;
}

/* --- tables ------------------------------------------------------------- */

static int create_table(struct ctx *c, const PgQuery__CreateStmt *cs)
{
	const PgQuery__RangeVar *rv = cs->relation;
	const char *schema = schema_of(rv->schemaname);
	struct model_table *t;
	struct strbuf nm = STRBUF_INIT;

	if (cs->n_inh_relations || cs->partbound || cs->partspec || cs->of_typename)
		return cannot(c, "inheritance, partitions and typed tables (the model has none)");
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
	static const struct { PgQuery__ObjectType type; const char *what; } outside[] = {
		{ PG_QUERY__OBJECT_TYPE__OBJECT_VIEW, "DROP VIEW" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW, "DROP MATERIALIZED VIEW" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION, "DROP FUNCTION" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE, "DROP PROCEDURE" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER, "DROP TRIGGER" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE, "DROP SEQUENCE" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION, "DROP EXTENSION" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_POLICY, "DROP POLICY" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_RULE, "DROP RULE" },
		{ PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE, "DROP AGGREGATE" },
	};
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		if (ds->remove_type == outside[i].type) {
			ignored(c, outside[i].what);
			return 0;
		}
	}
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
			if (t) {
				model_index_release(&t->indexes[at]);
				REMOVE_AT(t->indexes, t->nr_indexes, at);
				changed(c, "index %s dropped", nm.buf);
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
				changed(c, "enum %s dropped", nm.buf);
			} else if (!ds->missing_ok) {
				/* a composite or range type: not the model's either */
				ignored(c, "DROP TYPE");
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
	struct model_table *t = find_table(c, is->relation, false, &r);
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
		free(col->collation);
		col->collation = NULL;
		if (ret == 0 && cd->coll_clause && cd->coll_clause->n_collname)
			col->collation = xstrdup(str_of(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
		table_name(t, cmd->name, &nm);
		changed(c, "type of %s changed", nm.buf);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		/* the column keeps its values and becomes a plain one */
		if (!(col = need_column(c, t, cmd->name)))
			return -1;
		free(col->generated);
		col->generated = NULL;
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
		table_name(t, cmd->name, &nm);
		changed(c, "%s made an identity column", nm.buf);
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
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
		ignored(c, "ALTER TABLE (owner, row security, triggers, storage settings)");
		break;
	default:
		ret = cannot(c, "a form of ALTER TABLE mig does not read");
	}
	strbuf_release(&nm);
	return ret;
}

static int alter_table(struct ctx *c, const PgQuery__AlterTableStmt *as)
{
	int r;
	struct model_table *t;

	if (as->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
		ignored(c, "ALTER INDEX (settings)");
		return 0;
	}
	if (as->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		ignored(c, "ALTER VIEW, SEQUENCE or other object");
		return 0;
	}
	t = find_table(c, as->relation, as->missing_ok, &r);
	if (!t)
		return r;
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
		return 0;
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
			ignored(c, "ALTER TYPE ... RENAME (not an enum of the model)");
			return 0;
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
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
		ignored(c, "ALTER ... RENAME of an object outside the model");
		return 0;
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

	if (as->object_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return cannot(c, "SET SCHEMA of an object other than a table");
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
	free(old);
	return 0;
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
			if (!(t = find_index(c->m, schema, name, &at)))
				return fail(c, "index \"%s\" is not in the recorded state", name);
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
			slot = &col->comment;
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
		if (!(slot = model_table_constraint_comment(t, con ? con : "")))
			return fail(c, "constraint \"%s\" of table \"%s\" is not in the recorded state", con, name);
		strbuf_addf(&nm, "constraint %s on %s", con, name);
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		struct model_enum *e;
		if (obj->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
		    qualified(c, obj->type_name->names, obj->type_name->n_names, &schema, &name) < 0)
			return cannot(c, "a type name of a form mig does not read");
		if (!(e = model_find_enum(c->m, schema, name))) {
			ignored(c, "COMMENT ON TYPE (not an enum of the model)");
			return 0;
		}
		slot = &e->comment;
		strbuf_addf(&nm, "enum %s", name);
		break;
	}
	default:
		ignored(c, "COMMENT ON an object outside the model");
		return 0;
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

/* Objects outside the model: named, not recorded. */
static const char *outside_kind(PgQuery__Node__NodeCase k)
{
	switch (k) {
	case PG_QUERY__NODE__NODE_VIEW_STMT: return "CREATE VIEW";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: return "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: return "ALTER FUNCTION";
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: return "CREATE TRIGGER";
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT: return "CREATE EVENT TRIGGER";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: return "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: return "ALTER SEQUENCE";
	case PG_QUERY__NODE__NODE_GRANT_STMT: return "GRANT or REVOKE";
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT: return "GRANT or REVOKE of a role";
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT: return "ALTER DEFAULT PRIVILEGES";
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: return "CREATE POLICY";
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: return "ALTER POLICY";
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: return "CREATE EXTENSION";
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT: return "ALTER EXTENSION";
	case PG_QUERY__NODE__NODE_RULE_STMT: return "CREATE RULE";
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: return "CREATE ROLE";
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: return "ALTER ROLE";
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: return "DROP ROLE";
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: return "ALTER ... OWNER";
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT: return "CREATE STATISTICS";
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: return "CREATE DOMAIN";
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: return "CREATE TYPE (composite)";
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: return "CREATE TYPE (range)";
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT: return "CREATE PUBLICATION";
	case PG_QUERY__NODE__NODE_SEC_LABEL_STMT: return "SECURITY LABEL";
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT: return "CREATE CAST";
	case PG_QUERY__NODE__NODE_DEFINE_STMT: return "CREATE AGGREGATE, OPERATOR or TYPE";
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
	if ((k = outside_kind(n->node_case))) {
		ignored(c, k);
		return 0;
	}
	switch (n->node_case) {
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
	case PG_QUERY__NODE__NODE_DO_STMT:
		c->kind = "DO";
		return cannot(c, "a DO block runs code mig cannot follow");
	case PG_QUERY__NODE__NODE_CALL_STMT:
		c->kind = "CALL";
		return cannot(c, "a procedure call runs code mig cannot follow");
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		c->kind = "CREATE TABLE AS";
		return cannot(c, "a table whose columns come from a query");
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

	if (sqlsplit_pg(s->sql, &script, d) < 0) {
		int line = d->line;
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
			for (size_t k = 0; tree && k < tree->n_stmts && rc == 0; k++)
				rc = one_statement(&c, tree->stmts[k]->stmt);
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
				else if ((kind = outside_kind(nc)))
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

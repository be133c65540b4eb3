/*
 * The locks and hazards of PostgreSQL statements, from libpg_query's parse
 * trees (protobuf). The lock levels are those of PostgreSQL's reference
 * pages (CREATE INDEX, ALTER TABLE and its subcommands, "Explicit Locking").
 */
#include "lint_pg.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "db.h"
#include "diag.h"
#include "dialect_pg.h"
#include "lint.h"
#include "model.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

typedef PgQuery__Node Node;

/* A CHECK (col IS NOT NULL) added NOT VALID: proves the column once validated. */
struct pending_check {
	char *name, *table, *column; /* owned */
};

/* What a section has done so far, and the statement being looked at. */
struct pgl {
	const struct lint_section *s;
	struct lint_report *out;
	struct strmap new_tables;  /* table keys created in the section */
	struct strmap up_columns;  /* the down: "key.column" of each column the up adds */
	struct strmap new_indexes; /* index keys created in the section */
	struct strmap proven;      /* "table\037column" with a validated IS NOT NULL check */
	struct pending_check *pending;
	size_t nr_pending, alloc_pending;
	struct model_names enum_values; /* values added by ALTER TYPE ... ADD VALUE (transaction on) */
	int *enum_lines;
	size_t alloc_enum_lines;
	bool lock_timeout;              /* SET lock_timeout seen, in effect */
	bool timeout_reported;
	int strong_line;                /* first statement with a strong lock on an existing table */
	char *strong_what;              /* owned: its lock and table, for messages */
	int *data_lines;                /* data changes: their lines */
	char **data_what;               /* owned: "UPDATE of \"t\"" */
	size_t nr_data, alloc_data, alloc_data_what;
	/* the statement */
	int line;
	const char *what;
	const char *strongest;          /* its strongest lock on an existing table */
	char *strongest_table;          /* owned */
};

/* --- names ------------------------------------------------------------------ */

static const char *str_of(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* Sets of names: a hash map whose values say "present" (a section may create thousands of tables). */
static bool in_names(const struct strmap *n, const char *s)
{
	return strmap_get(n, s) != NULL;
}

static void set_add(struct strmap *n, const char *s)
{
	strmap_put(n, s, (void *)n);
}

/* The key of schema.name: "public" and no schema are the same. */
static void key_of(struct strbuf *out, const char *schema, const char *name)
{
	strbuf_reset(out);
	if (schema && *schema && strcmp(schema, "public") != 0)
		strbuf_addf(out, "%s.", schema);
	strbuf_addstr(out, name ? name : "");
}

/* The name as the message shows it: "account", "billing"."invoice". */
static void display(struct strbuf *out, const char *schema, const char *name)
{
	strbuf_reset(out);
	if (schema && *schema)
		strbuf_addf(out, "\"%s\".", schema);
	strbuf_addf(out, "\"%s\"", name ? name : "");
}

static void rv_key(struct strbuf *out, const PgQuery__RangeVar *rv)
{
	key_of(out, rv->schemaname, rv->relname);
}

static void rv_display(struct strbuf *out, const PgQuery__RangeVar *rv)
{
	display(out, rv->schemaname, rv->relname);
}

static bool rv_is_new(const struct pgl *p, const PgQuery__RangeVar *rv)
{
	struct strbuf k = STRBUF_INIT;
	bool r;

	rv_key(&k, rv);
	r = in_names(&p->new_tables, k.buf);
	strbuf_release(&k);
	return r;
}

/* A qualified name given as a List of String nodes: schema (or NULL) and name. */
static void list_name(const Node *n, const char **schema, const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_LIST || !n->list->n_items)
		return;
	*name = str_of(n->list->items[n->list->n_items - 1]);
	if (n->list->n_items > 1)
		*schema = str_of(n->list->items[n->list->n_items - 2]);
}

/* --- locks ------------------------------------------------------------------- */

static int lock_rank(const char *lock)
{
	static const char *const order[] = {
		LINT_ACCESS_SHARE, "ROW SHARE", LINT_ROW_EXCLUSIVE, LINT_SHARE_UPDATE_EXCLUSIVE, LINT_SHARE,
		LINT_SHARE_ROW_EXCLUSIVE, LINT_EXCLUSIVE, LINT_ACCESS_EXCLUSIVE,
	};

	for (size_t i = 0; lock && i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(order[i], lock) == 0)
			return (int)i + 1;
	return 0;
}

/* Does the lock block writes (or reads) of the table: SHARE and above. */
static bool strong(const char *lock)
{
	return lock_rank(lock) >= lock_rank(LINT_SHARE);
}

/* The statement takes lock on table (display name); existing: the table was not created in the section. */
static void take(struct pgl *p, const char *table, const char *lock, bool rewrites, bool scans, bool is_new)
{
	lint_add_lock(p->out, p->s, p->line, p->what, table, lock, rewrites, scans, is_new);
	if (is_new || !strong(lock))
		return;
	if (lock_rank(lock) > lock_rank(p->strongest)) {
		p->strongest = lock;
		free(p->strongest_table);
		p->strongest_table = xstrdup(table ? table : "");
	}
}

/* --- walking a parse tree ------------------------------------------------------ */

/*
 * Calls fn on every message under m (m included) until it returns true:
 * protobuf-c's descriptors list the fields, so one walker serves every node.
 */
static bool walk(const ProtobufCMessage *m, bool (*fn)(const ProtobufCMessage *m, void *ctx), void *ctx)
{
	const ProtobufCMessageDescriptor *desc;

	if (!m)
		return false;
	if (fn(m, ctx))
		return true;
	desc = m->descriptor;
	for (unsigned i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		const char *base = (const char *)m;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		/* a oneof's fields share their storage: only the one set is there */
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) && *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)(base + f->offset);

			for (size_t k = 0; k < n; k++)
				if (walk(arr[k], fn, ctx))
					return true;
		} else if (walk(*(const ProtobufCMessage *const *)(base + f->offset), fn, ctx)) {
			return true;
		}
	}
	return false;
}

/* Functions whose value changes per row: a default of theirs is computed for each existing row. */
static bool volatile_call(const ProtobufCMessage *m, void *ctx)
{
	static const char *const names[] = {
		"random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
		"uuid_generate_v4", "uuidv4", "uuidv7", "nextval", "timeofday", "txid_current", "random_normal",
	};
	const PgQuery__FuncCall *fc;
	const char *name;

	(void)ctx;
	if (m->descriptor != &pg_query__func_call__descriptor)
		return false;
	fc = (const PgQuery__FuncCall *)m;
	if (!fc->n_funcname || !(name = str_of(fc->funcname[fc->n_funcname - 1])))
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(names[i], name) == 0)
			return true;
	return false;
}

struct literal_search {
	const struct model_names *values;
	size_t found; /* index in values */
};

static bool uses_literal(const ProtobufCMessage *m, void *ctx)
{
	struct literal_search *ls = ctx;
	const PgQuery__AConst *c;

	if (m->descriptor != &pg_query__a__const__descriptor)
		return false;
	c = (const PgQuery__AConst *)m;
	if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL || !c->sval)
		return false;
	for (size_t i = 0; i < ls->values->nr; i++)
		if (strcmp(ls->values->items[i], c->sval->sval) == 0) {
			ls->found = i;
			return true;
		}
	return false;
}

/* The column of `col IS NOT NULL` (possibly in parentheses: the parser drops them), or NULL. */
static const char *not_null_column(const Node *e)
{
	const PgQuery__NullTest *nt;
	const PgQuery__ColumnRef *cr;

	if (!e || e->node_case != PG_QUERY__NODE__NODE_NULL_TEST)
		return NULL;
	nt = e->null_test;
	if (nt->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL || !nt->arg ||
	    nt->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return NULL;
	cr = nt->arg->column_ref;
	return cr->n_fields ? str_of(cr->fields[cr->n_fields - 1]) : NULL;
}

/* --- types ------------------------------------------------------------------------ */

/* A type's name as the catalog has it (pg_catalog.varchar -> "varchar") and its modifiers. */
struct type_info {
	const char *name;
	int mods[2];
	size_t nr_mods;
	size_t arrays;
};

static void type_info(const PgQuery__TypeName *t, struct type_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->name = t->n_names ? str_of(t->names[t->n_names - 1]) : NULL;
	if (!ti->name)
		ti->name = "";
	for (size_t i = 0; i < t->n_typmods && i < 2; i++) {
		const Node *m = t->typmods[i];

		if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			ti->mods[ti->nr_mods++] = m->a_const->ival->ival;
	}
	ti->arrays = t->n_array_bounds;
}

static bool is(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/*
 * Does changing a column's type from `from` to `to` rewrite the table?
 * PostgreSQL skips the rewrite when the old values are valid as they are
 * (binary-coercible, no narrower modifier). *tz: the change is timestamp to
 * timestamptz, which skips it only when the session's TimeZone is UTC.
 */
static bool type_change_rewrites(const PgQuery__TypeName *from, const PgQuery__TypeName *to, bool *tz)
{
	struct type_info a, b;

	*tz = false;
	type_info(from, &a);
	type_info(to, &b);
	if (a.arrays != b.arrays)
		return true;
	if (is(a.name, b.name) && a.nr_mods == b.nr_mods &&
	    (a.nr_mods < 1 || a.mods[0] == b.mods[0]) && (a.nr_mods < 2 || a.mods[1] == b.mods[1]))
		return false;
	if (is(a.name, "varchar") && (is(b.name, "text") || (is(b.name, "varchar") &&
							     (!b.nr_mods || (a.nr_mods && b.mods[0] >= a.mods[0])))))
		return false;
	if (is(a.name, "text") && is(b.name, "varchar") && !b.nr_mods)
		return false;
	if (is(a.name, "numeric") && is(b.name, "numeric")) {
		if (!b.nr_mods)
			return false;
		if (a.nr_mods && (a.nr_mods > 1 ? a.mods[1] : 0) == (b.nr_mods > 1 ? b.mods[1] : 0) &&
		    b.mods[0] >= a.mods[0])
			return false;
		return true;
	}
	if (is(a.name, "varbit") && is(b.name, "varbit") && (!b.nr_mods || (a.nr_mods && b.mods[0] >= a.mods[0])))
		return false;
	if (is(a.name, "cidr") && is(b.name, "inet"))
		return false;
	if (is(a.name, "timestamp") && is(b.name, "timestamptz"))
		*tz = true;
	return true;
}

/* The column's type before the section, as a parse tree (*tree to free), or NULL when not known. */
static const PgQuery__TypeName *type_before(const struct pgl *p, const PgQuery__RangeVar *rv, const char *column,
					    PgQuery__ParseResult **tree)
{
	const struct model_table *t;
	const struct model_column *c;
	struct dialect_pg pg;
	struct strbuf sql = STRBUF_INIT;
	PgQueryProtobufParseResult r;
	const PgQuery__TypeName *tn = NULL;

	*tree = NULL;
	if (!p->s->before)
		return NULL;
	t = model_find_table(p->s->before, rv->schemaname && strcmp(rv->schemaname, "public") != 0 ?
				  rv->schemaname : "", rv->relname);
	if (!t || !(c = model_table_find_column(t, column)))
		return NULL;
	dialect_pg_dialect_init(&pg);
	strbuf_addstr(&sql, "SELECT NULL::");
	dialect_pg_append_column_type(&pg, &sql, c, false);
	dialect_pg_dialect_release(&pg);
	r = pg_query_parse_protobuf(sql.buf);
	if (!r.error)
		*tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	strbuf_release(&sql);
	if (*tree && (*tree)->n_stmts == 1) {
		const Node *st = (*tree)->stmts[0]->stmt;

		if (st && st->node_case == PG_QUERY__NODE__NODE_SELECT_STMT && st->select_stmt->n_target_list == 1) {
			const Node *rt = st->select_stmt->target_list[0];
			const Node *v = rt->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? rt->res_target->val : NULL;

			if (v && v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
				tn = v->type_cast->type_name;
		}
	}
	return tn;
}

/* Was column of rv proven NOT NULL by a validated check (this section, or the schema before it)? */
static bool proven_not_null(const struct pgl *p, const PgQuery__RangeVar *rv, const char *column)
{
	struct strbuf k = STRBUF_INIT;
	const struct model_table *t;
	bool r;

	rv_key(&k, rv);
	strbuf_addf(&k, "\037%s", column);
	r = in_names(&p->proven, k.buf);
	strbuf_release(&k);
	if (r || !p->s->before)
		return r;
	t = model_find_table(p->s->before, rv->schemaname && strcmp(rv->schemaname, "public") != 0 ?
				  rv->schemaname : "", rv->relname);
	for (size_t i = 0; t && i < t->nr_checks && !r; i++) {
		struct strbuf sql = STRBUF_INIT;
		PgQueryProtobufParseResult pr;
		PgQuery__ParseResult *tree = NULL;

		strbuf_addf(&sql, "SELECT 1 WHERE %s", t->checks[i].expr);
		pr = pg_query_parse_protobuf(sql.buf);
		if (!pr.error)
			tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
		pg_query_free_protobuf_parse_result(pr);
		if (tree && tree->n_stmts == 1 && tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
			const char *col = not_null_column(tree->stmts[0]->stmt->select_stmt->where_clause);

			r = col && strcmp(col, column) == 0;
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		strbuf_release(&sql);
	}
	return r;
}

static void prove(struct pgl *p, const char *table_key, const char *column)
{
	struct strbuf k = STRBUF_INIT;

	strbuf_addf(&k, "%s\037%s", table_key, column);
	if (!in_names(&p->proven, k.buf))
		set_add(&p->proven, k.buf);
	strbuf_release(&k);
}

/* --- statements ------------------------------------------------------------------ */

/* A constraint added to table rv (ADD CONSTRAINT, or on a column of ADD COLUMN). */
static void add_constraint(struct pgl *p, const PgQuery__RangeVar *rv, const PgQuery__Constraint *c, bool is_new,
			   const char **lock, bool *scans)
{
	struct strbuf t = STRBUF_INIT, ref = STRBUF_INIT, key = STRBUF_INIT;

	rv_display(&t, rv);
	rv_key(&key, rv);
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
		bool ref_new = c->pktable && rv_is_new(p, c->pktable);

		if (c->pktable) {
			rv_display(&ref, c->pktable);
			/* the referenced table: SHARE ROW EXCLUSIVE too (its triggers are created) */
			take(p, ref.buf, LINT_SHARE_ROW_EXCLUSIVE, false, false, ref_new);
		}
		if (lock_rank(*lock) < lock_rank(LINT_SHARE_ROW_EXCLUSIVE))
			*lock = LINT_SHARE_ROW_EXCLUSIVE;
		if (!c->skip_validation && !is_new) {
			*scans = true;
			lint_add(p->out, p->s, p->line, LINT_FOREIGN_KEY_VALIDATES, t.buf, LINT_SHARE_ROW_EXCLUSIVE,
				 false, true,
				 "ADD FOREIGN KEY on %s validates every row while holding SHARE ROW EXCLUSIVE on %s and %s: "
				 "writes to both wait for the whole scan", t.buf, t.buf, ref.len ? ref.buf : "the referenced table");
		}
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		const char *col = not_null_column(c->raw_expr);

		*lock = LINT_ACCESS_EXCLUSIVE;
		if (col && !c->skip_validation) {
			prove(p, key.buf, col);
		} else if (col && c->conname && *c->conname) {
			ALLOC_GROW(p->pending, p->nr_pending + 1, p->alloc_pending);
			p->pending[p->nr_pending].name = xstrdup(c->conname);
			p->pending[p->nr_pending].table = xstrdup(key.buf);
			p->pending[p->nr_pending].column = xstrdup(col);
			p->nr_pending++;
		}
		if (!c->skip_validation && !is_new) {
			*scans = true;
			lint_add(p->out, p->s, p->line, LINT_CHECK_VALIDATES, t.buf, LINT_ACCESS_EXCLUSIVE, false, true,
				 "ADD CHECK on %s validates every row while holding ACCESS EXCLUSIVE: reads and writes "
				 "wait for the whole scan", t.buf);
		}
		break;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		*lock = LINT_ACCESS_EXCLUSIVE;
		if (c->indexname && *c->indexname)
			break; /* USING INDEX: the index is there already */
		if (!is_new) {
			*scans = true;
			lint_add(p->out, p->s, p->line, LINT_UNIQUE_CONSTRAINT_BUILDS_INDEX, t.buf, LINT_ACCESS_EXCLUSIVE,
				 false, true,
				 "ADD %s on %s builds its index while holding ACCESS EXCLUSIVE: reads and writes wait "
				 "for the whole build",
				 c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "PRIMARY KEY" :
				 c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "UNIQUE" : "EXCLUDE", t.buf);
		}
		break;
	default:
		*lock = LINT_ACCESS_EXCLUSIVE;
		break;
	}
	strbuf_release(&t);
	strbuf_release(&ref);
	strbuf_release(&key);
}

static bool serial_type(const PgQuery__TypeName *tn)
{
	struct type_info ti;

	if (!tn)
		return false;
	type_info(tn, &ti);
	return is(ti.name, "serial") || is(ti.name, "bigserial") || is(ti.name, "smallserial") ||
	       is(ti.name, "serial2") || is(ti.name, "serial4") || is(ti.name, "serial8");
}

static void add_column(struct pgl *p, const PgQuery__RangeVar *rv, const PgQuery__ColumnDef *cd, bool is_new,
		       const char **lock, bool *rewrites, bool *scans)
{
	struct strbuf t = STRBUF_INIT;
	const char *why = NULL;

	rv_display(&t, rv);
	if (serial_type(cd->type_name))
		why = "a serial column (nextval() for every row)";
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const Node *n = cd->constraints[i];
		const PgQuery__Constraint *c;

		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		c = n->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (c->raw_expr && walk(&c->raw_expr->base, volatile_call, NULL))
				why = "a volatile default (computed for every existing row)";
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			why = "an identity column (a value for every row)";
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			why = "a stored generated column (computed for every row)";
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
			const char *l = *lock;

			add_constraint(p, rv, c, is_new, &l, scans);
			break;
		}
		default:
			break;
		}
	}
	if (why && !is_new) {
		*rewrites = true;
		lint_add(p->out, p->s, p->line, LINT_VOLATILE_DEFAULT_REWRITES, t.buf, LINT_ACCESS_EXCLUSIVE, true, false,
			 "ADD COLUMN \"%s\" on %s is %s: the table is rewritten under ACCESS EXCLUSIVE", cd->colname,
			 t.buf, why);
	}
	*lock = LINT_ACCESS_EXCLUSIVE;
	strbuf_release(&t);
}

/*
 * USING col::type (one cast of the column itself) is what ALTER TYPE does
 * without USING: PostgreSQL skips the rewrite alike (a binary-coercible
 * cast, a length coercion to a larger length, simplified away).
 */
static bool using_plain_cast(const Node *e, const char *column)
{
	const PgQuery__ColumnRef *cr;
	const char *name;

	if (e->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !e->type_cast->arg ||
	    e->type_cast->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return false;
	cr = e->type_cast->arg->column_ref;
	name = cr->n_fields == 1 ? str_of(cr->fields[0]) : NULL;
	return name && strcmp(name, column) == 0;
}

static void alter_type(struct pgl *p, const PgQuery__RangeVar *rv, const char *column, const PgQuery__ColumnDef *cd,
		       bool *rewrites)
{
	struct strbuf t = STRBUF_INIT;
	PgQuery__ParseResult *tree = NULL;
	const PgQuery__TypeName *from = type_before(p, rv, column, &tree);
	bool tz = false, rw;

	rv_display(&t, rv);
	if (!cd || !cd->type_name) {
		rw = true;
	} else if (cd->raw_default && !using_plain_cast(cd->raw_default, column)) {
		rw = true; /* USING computes every value again */
	} else if (!from) {
		rw = true;
	} else {
		rw = type_change_rewrites(from, cd->type_name, &tz);
	}
	if (rw) {
		*rewrites = true;
		lint_add(p->out, p->s, p->line, LINT_TYPE_CHANGE_REWRITES, t.buf, LINT_ACCESS_EXCLUSIVE, true, false,
			 "ALTER COLUMN \"%s\" TYPE on %s rewrites the table and its indexes under ACCESS EXCLUSIVE%s",
			 column,
			 t.buf, tz ? " (timestamp to timestamptz skips the rewrite only when the session's TimeZone is "
				    "UTC: treated as rewriting)" :
				cd && cd->raw_default && !using_plain_cast(cd->raw_default, column) ?
				" (USING computes every value again)" :
				!from ? " (the column's previous type is not known here: treated as rewriting)" : "");
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	strbuf_release(&t);
}

static void alter_table(struct pgl *p, const PgQuery__AlterTableStmt *at)
{
	struct strbuf t = STRBUF_INIT, key = STRBUF_INIT;
	const char *lock = NULL;
	bool rewrites = false, scans = false;
	bool is_new;

	if (!at->relation)
		return;
	is_new = rv_is_new(p, at->relation);
	rv_display(&t, at->relation);
	rv_key(&key, at->relation);
	for (size_t i = 0; i < at->n_cmds; i++) {
		const PgQuery__AlterTableCmd *cmd;
		const char *l = LINT_ACCESS_EXCLUSIVE;

		if (at->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		cmd = at->cmds[i]->alter_table_cmd;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
				add_column(p, at->relation, cmd->def->column_def, is_new, &l, &rewrites, &scans);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			rv_key(&key, at->relation);
			strbuf_addf(&key, ".%s", cmd->name);
			if (!is_new && !in_names(&p->up_columns, key.buf))
				lint_add(p->out, p->s, p->line, LINT_DROP_COLUMN, t.buf, LINT_ACCESS_EXCLUSIVE, false, false,
					 "DROP COLUMN \"%s\" on %s: deployed code that still reads or writes it fails",
					 cmd->name, t.buf);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			if (!is_new)
				alter_type(p, at->relation, cmd->name,
					   cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ?
					   cmd->def->column_def : NULL, &rewrites);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
			if (!is_new && !proven_not_null(p, at->relation, cmd->name)) {
				scans = true;
				lint_add(p->out, p->s, p->line, LINT_SET_NOT_NULL_SCANS, t.buf, LINT_ACCESS_EXCLUSIVE, false,
					 true,
					 "ALTER COLUMN \"%s\" SET NOT NULL on %s scans the whole table under ACCESS "
					 "EXCLUSIVE: reads and writes wait", cmd->name, t.buf);
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
				add_constraint(p, at->relation, cmd->def->constraint, is_new, &l, &scans);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
			l = LINT_SHARE_UPDATE_EXCLUSIVE;
			scans = true;
			for (size_t k = 0; k < p->nr_pending; k++)
				if (cmd->name && strcmp(p->pending[k].name, cmd->name) == 0 &&
				    strcmp(p->pending[k].table, key.buf) == 0)
					prove(p, key.buf, p->pending[k].column);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
			l = LINT_SHARE_UPDATE_EXCLUSIVE;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
			l = LINT_SHARE_ROW_EXCLUSIVE;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
			rewrites = true;
			break;
		default:
			break;
		}
		if (lock_rank(l) > lock_rank(lock))
			lock = l;
	}
	take(p, t.buf, lock, rewrites && !is_new, scans && !is_new, is_new);
	strbuf_release(&t);
	strbuf_release(&key);
}

static void create_table(struct pgl *p, const PgQuery__CreateStmt *cs)
{
	struct strbuf k = STRBUF_INIT, t = STRBUF_INIT;

	if (!cs->relation)
		return;
	rv_key(&k, cs->relation);
	rv_display(&t, cs->relation);
	if (!in_names(&p->new_tables, k.buf))
		set_add(&p->new_tables, k.buf);
	take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, true);
	/* a foreign key to an existing table locks that table (SHARE ROW EXCLUSIVE), briefly */
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const Node *e = cs->table_elts[i];
		const Node *const *cons = NULL;
		size_t nr = 0;

		if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			cons = (const Node *const *)&cs->table_elts[i];
			nr = 1;
		} else if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
			cons = (const Node *const *)e->column_def->constraints;
			nr = e->column_def->n_constraints;
		}
		for (size_t c = 0; c < nr; c++) {
			const PgQuery__Constraint *con;

			if (cons[c]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
				continue;
			con = cons[c]->constraint;
			if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && con->pktable) {
				struct strbuf ref = STRBUF_INIT;

				rv_display(&ref, con->pktable);
				take(p, ref.buf, LINT_SHARE_ROW_EXCLUSIVE, false, false, rv_is_new(p, con->pktable));
				strbuf_release(&ref);
			}
		}
	}
	strbuf_release(&k);
	strbuf_release(&t);
}

static void create_index(struct pgl *p, const PgQuery__IndexStmt *is)
{
	struct strbuf t = STRBUF_INIT, k = STRBUF_INIT;
	bool is_new;

	if (!is->relation)
		return;
	is_new = rv_is_new(p, is->relation);
	rv_display(&t, is->relation);
	if (is->idxname && *is->idxname) {
		key_of(&k, is->relation->schemaname, is->idxname);
		if (is_new)
			set_add(&p->new_indexes, k.buf);
	}
	if (is->concurrent) {
		take(p, t.buf, LINT_SHARE_UPDATE_EXCLUSIVE, false, !is_new, is_new);
		if (p->s->transaction)
			lint_add(p->out, p->s, p->line, LINT_CONCURRENTLY_IN_TRANSACTION, t.buf, LINT_SHARE_UPDATE_EXCLUSIVE,
				 false, true,
				 "CREATE INDEX CONCURRENTLY on %s cannot run inside a transaction block, and this "
				 "migration runs in one (`-- mig:transaction on`): it fails", t.buf);
	} else {
		take(p, t.buf, LINT_SHARE, false, !is_new, is_new);
		if (!is_new)
			lint_add(p->out, p->s, p->line, LINT_INDEX_NOT_CONCURRENT, t.buf, LINT_SHARE, false, true,
				 "CREATE %sINDEX on %s blocks writes (SHARE lock) for the whole build",
				 is->unique ? "UNIQUE " : "", t.buf);
	}
	strbuf_release(&t);
	strbuf_release(&k);
}

/* The table of index schema.name in the schema before the section ("" when not known). */
static void index_table(const struct pgl *p, const char *schema, const char *name, struct strbuf *out)
{
	const struct model *m = p->s->before;
	const char *sch = schema && strcmp(schema, "public") != 0 ? schema : "";

	strbuf_reset(out);
	for (size_t i = 0; m && i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];

		if (strcmp(t->schema, sch) != 0)
			continue;
		for (size_t k = 0; k < t->nr_indexes; k++)
			if (t->indexes[k].name && strcmp(t->indexes[k].name, name) == 0) {
				display(out, t->schema, t->name);
				return;
			}
	}
}

static void drop(struct pgl *p, const PgQuery__DropStmt *ds)
{
	struct strbuf k = STRBUF_INIT, t = STRBUF_INIT, tbl = STRBUF_INIT;

	for (size_t i = 0; i < ds->n_objects; i++) {
		const char *schema, *name;
		bool is_new;

		list_name(ds->objects[i], &schema, &name);
		if (!name)
			continue;
		key_of(&k, schema, name);
		display(&t, schema, name);
		if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
			is_new = in_names(&p->new_indexes, k.buf);
			index_table(p, schema, name, &tbl);
			if (ds->concurrent) {
				take(p, tbl.len ? tbl.buf : t.buf, LINT_SHARE_UPDATE_EXCLUSIVE, false, false, is_new);
				if (p->s->transaction)
					lint_add(p->out, p->s, p->line, LINT_CONCURRENTLY_IN_TRANSACTION, t.buf,
						 LINT_SHARE_UPDATE_EXCLUSIVE, false, false,
						 "DROP INDEX CONCURRENTLY %s cannot run inside a transaction block, and this "
						 "migration runs in one (`-- mig:transaction on`): it fails", t.buf);
			} else {
				take(p, tbl.len ? tbl.buf : t.buf, LINT_ACCESS_EXCLUSIVE, false, false, is_new);
				if (!is_new)
					lint_add(p->out, p->s, p->line, LINT_DROP_INDEX_NOT_CONCURRENT,
						 tbl.len ? tbl.buf : NULL, LINT_ACCESS_EXCLUSIVE, false, false,
						 "DROP INDEX %s takes ACCESS EXCLUSIVE on %s%s: reads and writes wait, and "
						 "queue behind any long query on it", t.buf,
						 tbl.len ? tbl.buf : "its table", "");
			}
		} else if (ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
			is_new = in_names(&p->new_tables, k.buf);
			take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, is_new);
			if (!is_new)
				lint_add(p->out, p->s, p->line, LINT_DROP_TABLE, t.buf, LINT_ACCESS_EXCLUSIVE, false, false,
					 "DROP TABLE %s: deployed code that still uses it fails", t.buf);
		}
	}
	strbuf_release(&k);
	strbuf_release(&t);
	strbuf_release(&tbl);
}

static void rename_stmt(struct pgl *p, const PgQuery__RenameStmt *rs)
{
	struct strbuf t = STRBUF_INIT, k = STRBUF_INIT;
	bool is_new;

	if (!rs->relation)
		return;
	is_new = rv_is_new(p, rs->relation);
	rv_display(&t, rs->relation);
	switch (rs->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, is_new);
		if (!is_new && rs->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			lint_add(p->out, p->s, p->line, LINT_RENAME_COLUMN, t.buf, LINT_ACCESS_EXCLUSIVE, false, false,
				 "RENAME COLUMN \"%s\" TO \"%s\" on %s: deployed code that uses the old name fails",
				 rs->subname, rs->newname, t.buf);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, is_new);
		key_of(&k, rs->relation->schemaname, rs->newname);
		if (is_new)
			set_add(&p->new_tables, k.buf);
		else
			lint_add(p->out, p->s, p->line, LINT_RENAME_TABLE, t.buf, LINT_ACCESS_EXCLUSIVE, false, false,
				 "RENAME TABLE %s TO \"%s\": deployed code that uses the old name fails", t.buf,
				 rs->newname);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		take(p, t.buf, LINT_SHARE_UPDATE_EXCLUSIVE, false, false, false);
		break;
	default:
		take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, is_new);
		break;
	}
	strbuf_release(&t);
	strbuf_release(&k);
}

static void set_variable(struct pgl *p, const PgQuery__VariableSetStmt *vs)
{
	bool zero = false;

	if (!vs->name || strcasecmp(vs->name, "lock_timeout") != 0)
		return;
	if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
		p->lock_timeout = false; /* RESET, SET ... TO DEFAULT: none by default */
		return;
	}
	if (vs->n_args == 1 && vs->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST) {
		const PgQuery__AConst *c = vs->args[0]->a_const;

		zero = (c->val_case == PG_QUERY__A__CONST__VAL_IVAL && c->ival->ival == 0) ||
		       (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && strcmp(c->sval->sval, "0") == 0);
	}
	/* SET LOCAL outside a transaction ends with its statement */
	if (vs->is_local && !p->s->transaction)
		return;
	p->lock_timeout = !zero;
}

/* UPDATE, DELETE, INSERT ... SELECT on an existing table: remembered for data-change-with-ddl. */
static void data_change(struct pgl *p, const char *verb, const PgQuery__RangeVar *rv)
{
	struct strbuf t = STRBUF_INIT, what = STRBUF_INIT;
	bool is_new = rv && rv_is_new(p, rv);

	if (rv)
		rv_display(&t, rv);
	take(p, t.len ? t.buf : NULL, LINT_ROW_EXCLUSIVE, false, false, is_new);
	if (!is_new && p->s->transaction) {
		strbuf_addf(&what, "%s %s", verb, t.buf);
		ALLOC_GROW(p->data_lines, p->nr_data + 1, p->alloc_data);
		ALLOC_GROW(p->data_what, p->nr_data + 1, p->alloc_data_what);
		p->data_lines[p->nr_data] = p->line;
		p->data_what[p->nr_data] = strbuf_detach(&what, NULL);
		p->nr_data++;
	}
	strbuf_release(&t);
	strbuf_release(&what);
}

static bool reindex_concurrently(const PgQuery__ReindexStmt *rs)
{
	for (size_t i = 0; i < rs->n_params; i++) {
		const Node *n = rs->params[i];

		if (n->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && n->def_elem->defname &&
		    strcasecmp(n->def_elem->defname, "concurrently") == 0)
			return true;
	}
	return false;
}

static const char *explicit_lock(int mode)
{
	static const char *const modes[] = {
		NULL, LINT_ACCESS_SHARE, "ROW SHARE", LINT_ROW_EXCLUSIVE, LINT_SHARE_UPDATE_EXCLUSIVE, LINT_SHARE,
		LINT_SHARE_ROW_EXCLUSIVE, LINT_EXCLUSIVE, LINT_ACCESS_EXCLUSIVE,
	};

	return mode > 0 && mode <= 8 ? modes[mode] : LINT_ACCESS_EXCLUSIVE;
}

static void statement(struct pgl *p, const Node *n)
{
	struct strbuf t = STRBUF_INIT;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		p->what = "CREATE TABLE";
		create_table(p, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		p->what = "CREATE TABLE AS";
		if (n->create_table_as_stmt->into && n->create_table_as_stmt->into->rel) {
			rv_key(&t, n->create_table_as_stmt->into->rel);
			set_add(&p->new_tables, t.buf);
		}
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		p->what = n->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX";
		create_index(p, n->index_stmt);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		p->what = n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ?
			(n->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : "DROP INDEX") : "DROP TABLE";
		drop(p, n->drop_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		p->what = "ALTER TABLE";
		if (n->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			alter_table(p, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		p->what = "ALTER ... RENAME";
		rename_stmt(p, n->rename_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
		const PgQuery__AlterEnumStmt *ae = n->alter_enum_stmt;

		p->what = "ALTER TYPE";
		if (ae->new_val && *ae->new_val && !(ae->old_val && *ae->old_val) && p->s->transaction) {
			model_names_add(&p->enum_values, ae->new_val);
			ALLOC_GROW(p->enum_lines, p->enum_values.nr, p->alloc_enum_lines);
			p->enum_lines[p->enum_values.nr - 1] = p->line;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_variable(p, n->variable_set_stmt);
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		p->what = "UPDATE";
		data_change(p, "UPDATE of", n->update_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		p->what = "DELETE";
		data_change(p, "DELETE from", n->delete_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT: {
		const Node *sel = n->insert_stmt->select_stmt;

		p->what = "INSERT";
		if (sel && sel->node_case == PG_QUERY__NODE__NODE_SELECT_STMT && !sel->select_stmt->n_values_lists)
			data_change(p, "INSERT ... SELECT into", n->insert_stmt->relation);
		else if (n->insert_stmt->relation) {
			rv_display(&t, n->insert_stmt->relation);
			take(p, t.buf, LINT_ROW_EXCLUSIVE, false, false, rv_is_new(p, n->insert_stmt->relation));
		}
		break;
	}
	case PG_QUERY__NODE__NODE_REINDEX_STMT: {
		const PgQuery__ReindexStmt *rs = n->reindex_stmt;
		bool conc = reindex_concurrently(rs);

		p->what = conc ? "REINDEX CONCURRENTLY" : "REINDEX";
		if (rs->relation)
			rv_display(&t, rs->relation);
		else if (rs->name)
			display(&t, NULL, rs->name);
		take(p, t.len ? t.buf : NULL, conc ? LINT_SHARE_UPDATE_EXCLUSIVE : LINT_SHARE, false, true, false);
		if (conc && p->s->transaction)
			lint_add(p->out, p->s, p->line, LINT_CONCURRENTLY_IN_TRANSACTION, t.len ? t.buf : NULL,
				 LINT_SHARE_UPDATE_EXCLUSIVE, false, true,
				 "REINDEX CONCURRENTLY %s cannot run inside a transaction block, and this migration runs "
				 "in one (`-- mig:transaction on`): it fails", t.buf);
		break;
	}
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		p->what = "TRUNCATE";
		for (size_t i = 0; i < n->truncate_stmt->n_relations; i++) {
			const Node *r = n->truncate_stmt->relations[i];

			if (r->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
				continue;
			rv_display(&t, r->range_var);
			take(p, t.buf, LINT_ACCESS_EXCLUSIVE, false, false, rv_is_new(p, r->range_var));
		}
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		p->what = "CREATE TRIGGER";
		if (n->create_trig_stmt->relation) {
			rv_display(&t, n->create_trig_stmt->relation);
			take(p, t.buf, LINT_SHARE_ROW_EXCLUSIVE, false, false, rv_is_new(p, n->create_trig_stmt->relation));
		}
		break;
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		p->what = "REFRESH MATERIALIZED VIEW";
		if (n->refresh_mat_view_stmt->relation) {
			rv_display(&t, n->refresh_mat_view_stmt->relation);
			take(p, t.buf, n->refresh_mat_view_stmt->concurrent ? LINT_EXCLUSIVE : LINT_ACCESS_EXCLUSIVE, false,
			     false, false);
		}
		break;
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		p->what = "LOCK";
		for (size_t i = 0; i < n->lock_stmt->n_relations; i++) {
			const Node *r = n->lock_stmt->relations[i];

			if (r->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
				continue;
			rv_display(&t, r->range_var);
			take(p, t.buf, explicit_lock(n->lock_stmt->mode), false, false, rv_is_new(p, r->range_var));
		}
		break;
	default:
		break;
	}
	strbuf_release(&t);
}

/* After each statement: no-lock-timeout, and an enum value used after its ADD VALUE. */
static void after_statement(struct pgl *p, const Node *n, bool is_add_value)
{
	if (p->strongest) {
		if (!p->lock_timeout && !p->timeout_reported) {
			p->timeout_reported = true;
			lint_add(p->out, p->s, p->line, LINT_NO_LOCK_TIMEOUT, p->strongest_table, p->strongest, false, false,
				 "%s takes %s on %s with no lock_timeout set earlier in the %s section: while it waits "
				 "for the lock, every query on %s queues behind it",
				 p->what, p->strongest, p->strongest_table, p->s->down ? "down" : "up",
				 p->strongest_table);
		}
		if (!p->strong_line) {
			struct strbuf w = STRBUF_INIT;

			p->strong_line = p->line;
			strbuf_addf(&w, "%s on %s", p->strongest, p->strongest_table);
			p->strong_what = strbuf_detach(&w, NULL);
		}
	}
	if (p->enum_values.nr && !is_add_value) {
		struct literal_search ls = { &p->enum_values, 0 };

		if (walk(&n->base, uses_literal, &ls))
			lint_add(p->out, p->s, p->line, LINT_ENUM_VALUE_USED_IN_TRANSACTION, NULL, NULL, false, false,
				 "'%s' is used in the transaction that adds it to its enum (ALTER TYPE ... ADD VALUE, line "
				 "%d): PostgreSQL refuses a new enum value before its transaction commits",
				 p->enum_values.items[ls.found], p->enum_lines[ls.found]);
	}
}

static void pgl_release(struct pgl *p)
{
	strmap_release(&p->new_tables);
	strmap_release(&p->up_columns);
	strmap_release(&p->new_indexes);
	strmap_release(&p->proven);
	model_names_release(&p->enum_values);
	for (size_t i = 0; i < p->nr_pending; i++) {
		free(p->pending[i].name);
		free(p->pending[i].table);
		free(p->pending[i].column);
	}
	free(p->pending);
	free(p->enum_lines);
	for (size_t i = 0; i < p->nr_data; i++)
		free(p->data_what[i]);
	free(p->data_lines);
	free(p->data_what);
	free(p->strong_what);
	free(p->strongest_table);
}

/*
 * With a database: the size of each existing table a finding names, from
 * pg_class, at the end of its message ("account": 1234 MB, about 1,234,567
 * rows). A table the database lacks (not created yet) is left alone.
 */
static void add_sizes(const struct lint_section *sec, struct lint_report *out, size_t first)
{
	for (size_t i = first; i < out->nr; i++) {
		struct lint_finding *f = &out->findings[i];
		struct db_result res = { 0 };
		struct diag ignored = DIAG_INIT;
		const char *params[1] = { f->table };
		const char *size, *rows;

		if (!f->table || !*f->table)
			continue;
		if (db_query(sec->db, "SELECT pg_size_pretty(pg_total_relation_size(c.oid)), c.reltuples::bigint "
			     "FROM pg_class c WHERE c.oid = to_regclass($1)", 1, params, &res, &ignored) == 0 &&
		    res.nrows == 1 && (size = db_value(&res, 0, 0)) && (rows = db_value(&res, 0, 1))) {
			struct strbuf msg = STRBUF_INIT;
			size_t n = strlen(rows);

			strbuf_addf(&msg, "%s (%s: %s", f->message, f->table, size);
			if (rows[0] != '-') {
				/* reltuples is the planner's estimate, as of the last VACUUM or ANALYZE */
				strbuf_addstr(&msg, ", about ");
				for (size_t k = 0; k < n; k++) {
					if (k && (n - k) % 3 == 0)
						strbuf_addch(&msg, ',');
					strbuf_addch(&msg, rows[k]);
				}
				strbuf_addstr(&msg, " rows");
			}
			strbuf_addch(&msg, ')');
			free(f->message);
			f->message = strbuf_detach(&msg, NULL);
		}
		db_result_release(&res);
		diag_release(&ignored);
	}
}

/* What statement n of the up section tells the down: a table it creates, a column it adds. */
static void up_facts_of(const Node *n, struct strmap *tables, struct strmap *columns, struct strbuf *k)
{
	const PgQuery__RangeVar *rv = NULL;

	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT)
		rv = n->create_stmt->relation;
	else if (n->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT && n->create_table_as_stmt->into)
		rv = n->create_table_as_stmt->into->rel;
	if (rv) {
		rv_key(k, rv);
		set_add(tables, k->buf);
	}
	/* a column the up adds: no code deployed before it uses it, and the down's drop undoes it */
	if (n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT && n->alter_table_stmt->relation) {
		const PgQuery__AlterTableStmt *at = n->alter_table_stmt;
		for (size_t c = 0; c < at->n_cmds; c++) {
			const PgQuery__AlterTableCmd *cmd =
				at->cmds[c]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ? at->cmds[c]->alter_table_cmd
											: NULL;
			if (!cmd || cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn || !cmd->def ||
			    cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
				continue;
			rv_key(k, at->relation);
			strbuf_addf(k, ".%s", cmd->def->column_def->colname);
			set_add(columns, k->buf);
		}
	}
}

/* The first statement of text's parse, or NULL (*tree: to free). */
static const Node *parse_one(const char *text, PgQuery__ParseResult **tree)
{
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);

	*tree = NULL;
	if (!pr.error)
		*tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	return *tree && (*tree)->n_stmts >= 1 && (*tree)->stmts[0]->stmt ? (*tree)->stmts[0]->stmt : NULL;
}

/* The tables the up section creates: new to the down too. */
static void created_by_up(struct pgl *p, const char *up)
{
	struct sql_script script = { 0 };
	struct diag ignored = DIAG_INIT;
	struct strbuf k = STRBUF_INIT;

	if (sqlsplit_pg(up, &script, &ignored) < 0)
		goto out;
	for (size_t i = 0; i < script.nr; i++) {
		char *text = xstrndup(up + script.stmts[i].start, script.stmts[i].len);
		PgQuery__ParseResult *tree;
		const Node *n = parse_one(text, &tree);

		if (n)
			up_facts_of(n, &p->new_tables, &p->up_columns, &k);
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		free(text);
	}
out:
	sqlsplit_script_release(&script);
	diag_release(&ignored);
	strbuf_release(&k);
}

/* Adds every key of from to set to. */
static void set_add_all(struct strmap *to, const struct strmap *from)
{
	for (size_t i = 0; i < from->alloc; i++) {
		if (from->slots[i].key)
			set_add(to, from->slots[i].key);
	}
}

int lint_pg_section(const struct lint_section *sec, struct lint_report *out, struct diag *d)
{
	struct sql_script own = { 0 };
	const struct sql_script *script = sec->script;
	struct lint_up_facts *facts = sec->up_facts;
	struct strbuf k = STRBUF_INIT;
	struct pgl p;
	size_t first = out->nr;
	int r = 0;

	memset(&p, 0, sizeof(p));
	p.s = sec;
	p.out = out;
	if (!script) {
		if (sqlsplit_pg(sec->sql, &own, d) < 0) {
			free(d->file);
			d->file = xstrdup(sec->file);
			if (d->line)
				d->line += sec->first_line - 1;
			pgl_release(&p);
			return -1;
		}
		script = &own;
	}
	if (sec->up && facts && facts->known) {
		set_add_all(&p.new_tables, &facts->tables);
		set_add_all(&p.up_columns, &facts->columns);
	} else if (sec->up) {
		created_by_up(&p, sec->up);
	}
	for (size_t i = 0; i < script->nr; i++) {
		const struct sql_stmt *st = &script->stmts[i];
		char *text = xstrndup(sec->sql + st->start, st->len);
		PgQuery__ParseResult *tree;
		const Node *n = parse_one(text, &tree);

		p.line = sec->first_line + st->line - 1;
		p.what = "statement";
		p.strongest = NULL;
		free(p.strongest_table);
		p.strongest_table = NULL;
		if (n) {
			/* the up's statements, for its down: the same parse */
			if (!sec->down && facts)
				up_facts_of(n, &facts->tables, &facts->columns, &k);
			statement(&p, n);
			after_statement(&p, n, n->node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT);
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		free(text);
	}
	if (!sec->down && facts)
		facts->known = true;
	/* a data change in the transaction of a strong lock holds that lock as long as it runs */
	if (sec->transaction && p.strong_line)
		for (size_t i = 0; i < p.nr_data; i++)
			lint_add(out, sec, p.data_lines[i], LINT_DATA_CHANGE_WITH_DDL, NULL, NULL, false, false,
				 "%s runs in the transaction that takes %s (line %d): the lock is held until the data "
				 "change and the transaction end", p.data_what[i], p.strong_what, p.strong_line);
	if (sec->db)
		add_sizes(sec, out, first);
	sqlsplit_script_release(&own);
	strbuf_release(&k);
	pgl_release(&p);
	return r;
}

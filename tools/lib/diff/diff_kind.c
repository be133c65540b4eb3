/* The table of object kinds and the comparisons behind it. */
#include "diff_kind.h"
#include "diff_match.h"

#include <ctype.h>
#include <string.h>

#include "diff_decide.h"
#include "strbuf.h"
#include "banned.h"

/* The name a column of p->from has in p->to (renames applied), or NULL when dropped. */
static const char *new_column_name(const struct diff_table_match *p, const char *old)
{
	int f = diff_match_column_index(p->from, old);

	if (f < 0)
		return old; /* inherited from a parent (a partition's, an INHERITS parent's): its own name */
	if (p->from_col_to[f] < 0)
		return NULL;
	return p->to->columns[p->from_col_to[f]].name;
}

/* Old column list (renames applied) equals the new one. */
static bool columns_same(const struct diff_table_match *p, const struct model_names *old,
			 const struct model_names *new)
{
	if (old->nr != new->nr)
		return false;
	for (size_t i = 0; i < old->nr; i++) {
		const char *n = new_column_name(p, old->items[i]);
		if (!n || strcmp(n, new->items[i]) != 0)
			return false;
	}
	return true;
}

static bool index_same(const struct diff_table_match *p, const struct model_index *a,
		       const struct model_index *b)
{
	const char *ma = a->method ? a->method : "btree", *mb = b->method ? b->method : "btree";

	if (a->unique != b->unique || strcmp(ma, mb) != 0 || a->nr_keys != b->nr_keys ||
	    a->nulls_not_distinct != b->nulls_not_distinct || !model_expr_equal(a->where, b->where) ||
	    !model_params_equal(a->with, b->with) ||
	    !columns_same(p, &a->include, &b->include))
		return false;
	for (size_t i = 0; i < a->nr_keys; i++) {
		const struct model_index_key *ka = &a->keys[i], *kb = &b->keys[i];
		if (ka->sort != kb->sort && !(ka->sort != SORT_DESC && kb->sort != SORT_DESC))
			return false;
		if (ka->nulls != kb->nulls || !model_str_equal(ka->collation, kb->collation) ||
		    !model_str_equal(ka->opclass, kb->opclass))
			return false;
		if (ka->column && kb->column) {
			const char *n = new_column_name(p, ka->column);
			if (!n || strcmp(n, kb->column) != 0)
				return false;
		} else if (!model_expr_equal(ka->expr, kb->expr)) {
			return false;
		}
	}
	return true;
}

/* The pair of the table an old foreign key references, and its new name. */
static const struct diff_table_match *ref_pair(const struct diff_decisions *dd, const struct model_foreign_key *fk)
{
	int f = model_table_index_find(&dd->from_index, fk->ref_schema, fk->ref_table);

	if (f < 0 || dd->from_match[f] < 0)
		return NULL;
	return &dd->tables[dd->from_match[f]];
}

static bool fk_same(const struct diff_decisions *dd, const struct diff_table_match *p, const struct model_foreign_key *a,
		    const struct model_foreign_key *b)
{
	const struct diff_table_match *rp = ref_pair(dd, a);

	if (!rp || strcmp(rp->to->schema, b->ref_schema) != 0 || strcmp(rp->to->name, b->ref_table) != 0)
		return false;
	return columns_same(p, &a->columns, &b->columns) &&
	       columns_same(rp, &a->ref_columns, &b->ref_columns) && a->on_delete == b->on_delete &&
	       a->on_update == b->on_update && a->deferrable == b->deferrable &&
	       a->initially_deferred == b->initially_deferred && a->match_full == b->match_full;
}

/* Does col's enum type (an array of it too) get other values? */
static bool enum_changes(const struct diff_decisions *dd, const struct model_column *col)
{
	const struct model_enum *a, *b;

	if (col->extra->pg_type || col->type.kind != TYPE_ENUM)
		return false;
	a = model_find_enum(dd->from, col->type.enum_schema, col->type.enum_name);
	b = model_find_enum(dd->to, col->type.enum_schema, col->type.enum_name);
	return a && b && !model_names_equal(&a->values, &b->values);
}

/* Does a column of p (by its old name) change type, or its enum's values? */
static bool column_retyped(const struct diff_decisions *dd, const struct diff_table_match *p, const char *old)
{
	int f = diff_match_column_index(p->from, old);
	const struct model_column *a, *b;

	if (f < 0)
		return false; /* inherited: the parent's column, changed there */
	if (p->from_col_to[f] < 0)
		return true;
	a = &p->from->columns[f];
	b = &p->to->columns[p->from_col_to[f]];
	return !diff_match_column_type_same(a, b) || enum_changes(dd, a);
}

static bool same_column_set(const struct model_names *a, const struct model_names *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		if (model_names_find(b, a->items[i]) < 0)
			return false;
	}
	return true;
}

static bool unique_same(const struct diff_table_match *p, const struct model_unique *a,
			const struct model_unique *b);
static bool index_same(const struct diff_table_match *p, const struct model_index *a,
		       const struct model_index *b);

/* Is a key of rp->from on exactly these columns dropped (to be made again)? */
static bool key_rebuilt(const struct diff_table_match *rp, const struct model_names *cols)
{
	const struct model_table *from = rp->from, *to = rp->to;

	if (from->pk.name && same_column_set(&from->pk.columns, cols) &&
	    !(to->pk.name && columns_same(rp, &from->pk.columns, &to->pk.columns)))
		return true;
	for (size_t i = 0; i < from->nr_uniques; i++) {
		bool kept = false;
		if (!same_column_set(&from->uniques[i].columns, cols))
			continue;
		for (size_t k = 0; k < to->nr_uniques && !kept; k++)
			kept = unique_same(rp, &from->uniques[i], &to->uniques[k]);
		if (!kept)
			return true;
	}
	for (size_t i = 0; i < from->nr_indexes; i++) {
		const struct model_index *ix = &from->indexes[i];
		bool kept = false, on_cols = ix->unique && !ix->where && ix->nr_keys == cols->nr;
		for (size_t k = 0; k < ix->nr_keys && on_cols; k++)
			on_cols = ix->keys[k].column && model_names_find(cols, ix->keys[k].column) >= 0;
		if (!on_cols)
			continue;
		for (size_t k = 0; k < to->nr_indexes && !kept; k++)
			kept = index_same(rp, ix, &to->indexes[k]);
		if (!kept)
			return true;
	}
	return false;
}

/*
 * A kept foreign key that must be dropped before and added back after the
 * changes: a column on either side changes type (PostgreSQL checks the
 * types match at every step, and an enum rebuild changes the type), or the
 * key it references is dropped and made again.
 */
static bool fk_rebuilt(const struct diff_decisions *dd, const struct diff_table_match *p,
		       const struct model_foreign_key *a)
{
	const struct diff_table_match *rp = ref_pair(dd, a);

	if (!rp)
		return true;
	for (size_t i = 0; i < a->columns.nr; i++) {
		if (column_retyped(dd, p, a->columns.items[i]))
			return true;
	}
	for (size_t i = 0; i < a->ref_columns.nr; i++) {
		if (column_retyped(dd, rp, a->ref_columns.items[i]))
			return true;
	}
	return key_rebuilt(rp, &a->ref_columns);
}

static bool has_check(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (strcmp(t->checks[i].name, name) == 0)
			return true;
	}
	return false;
}

/* The same check: same name and expression, or renamed (a new name, the same expression). */
static bool check_same(const struct diff_table_match *p, const struct model_check *a,
		       const struct model_check *b)
{
	if (!model_expr_equal(a->expr, b->expr) || a->no_inherit != b->no_inherit)
		return false;
	return strcmp(a->name, b->name) == 0 ||
	       (!has_check(p->to, a->name) && !has_check(p->from, b->name));
}

static bool unique_same(const struct diff_table_match *p, const struct model_unique *a,
			const struct model_unique *b)
{
	return columns_same(p, &a->columns, &b->columns) && a->nulls_not_distinct == b->nulls_not_distinct &&
	       a->deferrable == b->deferrable && a->initially_deferred == b->initially_deferred;
}

/* --- enums ------------------------------------------------------------- */

/* Is the enum type of col (of the old model) rebuilt by this migration? */
bool diff_kind_enum_rebuilt(const struct diff_decisions *dd, const struct model_column *col)
{
	const struct model_enum *a, *b;

	if (col->extra->pg_type || col->type.kind != TYPE_ENUM)
		return false;
	a = model_find_enum(dd->from, col->type.enum_schema, col->type.enum_name);
	b = model_find_enum(dd->to, col->type.enum_schema, col->type.enum_name);
	return a && b && !model_names_equal(&a->values, &b->values) && !diff_match_enum_grows_in_place(dd->to, a, b);
}

void diff_kind_plan_alter_type(struct op *op)
{
	const struct model_column *a = op->from.column, *b = op->to.column;

	op->retype = diff_match_retypes_values(a, b);
	op->cast_via_text = op->retype && (a->type.kind == TYPE_ENUM || b->type.kind == TYPE_ENUM) &&
			    !a->extra->pg_type && !b->extra->pg_type && a->type.array_dims == b->type.array_dims;
	op->drop_default = op->retype && a->default_kind != DEFAULT_NONE;
	op->set_default = op->retype && b->default_kind != DEFAULT_NONE;
	op->retype_sequence = a->identity == IDENTITY_SERIAL && b->identity == IDENTITY_SERIAL &&
			      model_type_is_integer(&a->type) && model_type_is_integer(&b->type);
}

/* Does expr name column (as a word: a false match only costs a rebuild)? */
static bool expr_mentions(const char *expr, const char *column)
{
	size_t n = strlen(column);

	for (const char *p = expr; expr && (p = strstr(p, column)) != NULL; p += n) {
		bool before = p > expr && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '$');
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$';
		if (!before && !after)
			return true;
	}
	return false;
}

/*
 * Does expr (of p->from) use a column whose enum type is rebuilt? An enum
 * rebuild renames the old type away; PostgreSQL rebuilds a predicate,
 * expression or check that compares the column with a constant of the old
 * type ('pending'::order_status_mig_old) and finds no operator. Such an
 * index or check is dropped before the rebuild and made again after it.
 */
static bool expr_on_rebuilt_enum(const struct diff_decisions *dd, const struct diff_table_match *p,
				 const char *expr)
{
	for (size_t i = 0; expr && i < p->from->nr_columns; i++) {
		const struct model_column *c = &p->from->columns[i];
		if (diff_kind_enum_rebuilt(dd, c) && expr_mentions(expr, c->name))
			return true;
	}
	return false;
}

bool diff_kind_column_remade(const struct model_column *a, const struct model_column *b)
{
	return b->extra->generated && (!a->extra->generated || a->generated_virtual != b->generated_virtual ||
				!model_expr_equal(a->extra->generated, b->extra->generated));
}

/* Does expr (of p->from) use a column that is dropped and added again (a generated column's new expression)? */
static bool expr_on_remade_column(const struct diff_table_match *p, const char *expr, const char *column)
{
	for (size_t i = 0; (expr || column) && i < p->from->nr_columns; i++) {
		const struct model_column *a = &p->from->columns[i];
		if (p->from_col_to[i] < 0 || !diff_kind_column_remade(a, &p->to->columns[p->from_col_to[i]]))
			continue;
		if ((expr && expr_mentions(expr, a->name)) || (column && strcmp(column, a->name) == 0))
			return true;
	}
	return false;
}

static bool index_on_rebuilt_enum(const struct diff_decisions *dd, const struct diff_table_match *p,
				  const struct model_index *ix)
{
	if (expr_on_rebuilt_enum(dd, p, ix->where) || expr_on_remade_column(p, ix->where, NULL))
		return true;
	for (size_t k = 0; k < ix->nr_keys; k++) {
		if (expr_on_rebuilt_enum(dd, p, ix->keys[k].expr) ||
		    expr_on_remade_column(p, ix->keys[k].expr, ix->keys[k].column))
			return true;
	}
	for (size_t k = 0; k < ix->include.nr; k++) {
		if (expr_on_remade_column(p, NULL, ix->include.items[k]))
			return true;
	}
	return false;
}

/* --- the kinds' accessors ---------------------------------------------- */

static size_t schema_count(const struct model *m) { return m->nr_schemas; }
static const void *schema_item(const struct model *m, size_t i) { return &m->schemas[i]; }
static const void *schema_find(const struct model *m, const void *like)
{
	return model_find_schema(m, ((const struct model_schema *)like)->name);
}
static const char *schema_name(const void *o) { return ((const struct model_schema *)o)->name; }
static const char *schema_comment(const void *o) { return ((const struct model_schema *)o)->comment; }
static const char *schema_owner(const void *o) { return ((const struct model_schema *)o)->owner; }

static size_t enum_count(const struct model *m) { return m->nr_enums; }
static const void *enum_item(const struct model *m, size_t i) { return &m->enums[i]; }
static const void *enum_find(const struct model *m, const void *like)
{
	const struct model_enum *e = like;
	return model_find_enum(m, e->schema, e->name);
}
static const char *enum_name(const void *o) { return ((const struct model_enum *)o)->name; }
static const char *enum_comment(const void *o) { return ((const struct model_enum *)o)->comment; }

static const char *table_name(const void *o) { return ((const struct model_table *)o)->name; }
static const char *table_comment(const void *o) { return ((const struct model_table *)o)->comment; }

static const char *column_name(const void *o) { return ((const struct model_column *)o)->name; }
static const char *column_comment(const void *o) { return ((const struct model_column *)o)->extra->comment; }

static size_t pk_count(const struct model_table *t) { return t->pk.name ? 1 : 0; }
static const void *pk_item(const struct model_table *t, size_t i) { (void)i; return &t->pk; }
static bool pk_same(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
		    const void *b)
{
	(void)dd;
	return columns_same(p, &((const struct model_primary_key *)a)->columns,
			    &((const struct model_primary_key *)b)->columns);
}
static const char *pk_name(const void *o) { return ((const struct model_primary_key *)o)->name; }
static const char *pk_comment(const void *o) { return ((const struct model_primary_key *)o)->comment; }

static size_t unique_count(const struct model_table *t) { return t->nr_uniques; }
static const void *unique_item(const struct model_table *t, size_t i) { return &t->uniques[i]; }
static bool unique_match(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
			 const void *b)
{
	(void)dd;
	return unique_same(p, a, b);
}
static const char *unique_name(const void *o) { return ((const struct model_unique *)o)->name; }
static const char *unique_comment(const void *o) { return ((const struct model_unique *)o)->comment; }

/* A foreign key whose columns change type, or whose referenced key is rebuilt, is dropped and added. */
static size_t fk_count(const struct model_table *t) { return t->nr_fks; }
static const void *fk_item(const struct model_table *t, size_t i) { return &t->fks[i]; }
static bool fk_match(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
		     const void *b)
{
	return fk_same(dd, p, a, b) && !fk_rebuilt(dd, p, a);
}
static const char *fk_name(const void *o) { return ((const struct model_foreign_key *)o)->name; }
static const char *fk_comment(const void *o) { return ((const struct model_foreign_key *)o)->comment; }

static size_t check_count(const struct model_table *t) { return t->nr_checks; }
static const void *check_item(const struct model_table *t, size_t i) { return &t->checks[i]; }
static bool check_match(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
			const void *b)
{
	const char *expr = ((const struct model_check *)a)->expr;

	return check_same(p, a, b) && !expr_on_rebuilt_enum(dd, p, expr) && !expr_on_remade_column(p, expr, NULL);
}
static const char *check_name(const void *o) { return ((const struct model_check *)o)->name; }
static const char *check_comment(const void *o) { return ((const struct model_check *)o)->comment; }

static size_t index_count(const struct model_table *t) { return t->nr_indexes; }
static const void *index_item(const struct model_table *t, size_t i) { return &t->indexes[i]; }
static bool index_match(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
			const void *b)
{
	return index_same(p, a, b) && !index_on_rebuilt_enum(dd, p, a);
}
static const char *index_name(const void *o) { return ((const struct model_index *)o)->name; }
static const char *index_comment(const void *o) { return ((const struct model_index *)o)->comment; }

const struct diff_kind diff_kinds[DIFF_NR_OBJECTS] = {
	[DIFF_SCHEMA] = {
		.object = DIFF_SCHEMA, .noun = "schema",
		.create = OP_CREATE_SCHEMA, .drop = OP_DROP_SCHEMA, .rename = OP_CREATE_SCHEMA,
		.create_phase = PHASE_CREATE_SCHEMAS, .drop_phase = PHASE_DROP_SCHEMAS,
		.model_count = schema_count, .model_item = schema_item, .model_find = schema_find,
		.name = schema_name, .comment = schema_comment,
		.owner = schema_owner,
	},
	[DIFF_ENUM] = {
		.object = DIFF_ENUM, .noun = "enum",
		.create = OP_CREATE_ENUM, .drop = OP_DROP_ENUM, .rename = OP_CREATE_ENUM,
		.create_phase = PHASE_CREATE_ENUMS, .drop_phase = PHASE_DROP_ENUMS,
		.model_count = enum_count, .model_item = enum_item, .model_find = enum_find,
		.name = enum_name, .comment = enum_comment,
	},
	/* tables and columns match by the decisions (diff_decide) */
	[DIFF_TABLE] = {
		.object = DIFF_TABLE, .noun = "table",
		.create = OP_CREATE_TABLE, .drop = OP_DROP_TABLE, .rename = OP_RENAME_TABLE,
		.create_phase = PHASE_CREATE_TABLES, .drop_phase = PHASE_DROP_TABLES,
		.name = table_name, .comment = table_comment,
	},
	[DIFF_COLUMN] = {
		.object = DIFF_COLUMN, .noun = "column",
		.create = OP_ADD_COLUMN, .drop = OP_DROP_COLUMN, .rename = OP_RENAME_COLUMN,
		.create_phase = PHASE_ADD_COLUMNS, .drop_phase = PHASE_DROP_COLUMNS,
		.name = column_name, .comment = column_comment,
	},
	[DIFF_PRIMARY_KEY] = {
		.object = DIFF_PRIMARY_KEY, .noun = "primary key",
		.create = OP_ADD_PRIMARY_KEY, .drop = OP_DROP_PRIMARY_KEY, .rename = OP_RENAME_CONSTRAINT,
		.create_phase = PHASE_ADD_CONSTRAINTS, .drop_phase = PHASE_DROP_CONSTRAINTS,
		.in_create_table = true,
		.table_count = pk_count, .table_item = pk_item, .same = pk_same, .name = pk_name,
		.comment = pk_comment,
	},
	[DIFF_UNIQUE] = {
		.object = DIFF_UNIQUE, .noun = "unique",
		.create = OP_ADD_UNIQUE, .drop = OP_DROP_UNIQUE, .rename = OP_RENAME_CONSTRAINT,
		.create_phase = PHASE_ADD_CONSTRAINTS, .drop_phase = PHASE_DROP_CONSTRAINTS,
		.in_create_table = true,
		.table_count = unique_count, .table_item = unique_item, .same = unique_match, .name = unique_name,
		.comment = unique_comment,
	},
	[DIFF_FOREIGN_KEY] = {
		.object = DIFF_FOREIGN_KEY, .noun = "foreign key",
		.create = OP_ADD_FOREIGN_KEY, .drop = OP_DROP_FOREIGN_KEY, .rename = OP_RENAME_CONSTRAINT,
		.create_phase = PHASE_ADD_FOREIGN_KEYS, .drop_phase = PHASE_DROP_FOREIGN_KEYS,
		.in_create_table = true,
		.table_count = fk_count, .table_item = fk_item, .same = fk_match, .name = fk_name,
		.comment = fk_comment,
	},
	[DIFF_CHECK] = {
		.object = DIFF_CHECK, .noun = "check",
		.create = OP_ADD_CHECK, .drop = OP_DROP_CHECK, .rename = OP_RENAME_CONSTRAINT,
		.create_phase = PHASE_ADD_CONSTRAINTS, .drop_phase = PHASE_DROP_CONSTRAINTS,
		.in_create_table = true,
		.table_count = check_count, .table_item = check_item, .same = check_match, .name = check_name,
		.comment = check_comment,
	},
	[DIFF_INDEX] = {
		.object = DIFF_INDEX, .noun = "index",
		.create = OP_CREATE_INDEX, .drop = OP_DROP_INDEX, .rename = OP_RENAME_INDEX,
		.create_phase = PHASE_ADD_CONSTRAINTS, .drop_phase = PHASE_DROP_CONSTRAINTS,
		.table_count = index_count, .table_item = index_item, .same = index_match, .name = index_name,
		.comment = index_comment,
	},
};

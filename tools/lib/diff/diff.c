/* The operations of a diff: lifecycle, current names, inverses, the up and down sections. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diff_decide.h"
#include "diff_kind.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void diff_init(struct diff *df)
{
	memset(df, 0, sizeof(*df));
	ptrmap_init(&df->now_table);
}

void diff_release(struct diff *df)
{
	for (size_t i = 0; i < df->nr; i++)
		free(df->ops[i].inline_fks);
	free(df->ops);
	for (size_t i = 0; i < df->nr_strings; i++)
		free(df->strings[i]);
	free(df->strings);
	ptrmap_release(&df->now_table);
	for (size_t i = 0; i < df->nr_column_maps; i++)
		free(df->column_maps[i].from_col_to);
	free(df->column_maps);
	diff_init(df);
}

int diff_run(struct diff *df, const struct model *from, const struct model *to,
	     const struct diff_options *opts, struct diag *d)
{
	struct diff_decisions dd;
	int ret;

	diff_decisions_init(&dd);
	ret = diff_decide(&dd, from, to, opts, d);
	if (ret == 0)
		ret = diff_compute(from, to, &dd, df, d);
	diff_decisions_release(&dd);
	return ret;
}

const struct model_table *diff_now_table(const struct diff *df, const struct model_table *t)
{
	const struct model_table *now = ptrmap_get(&df->now_table, t);

	return now ? now : t;
}

const struct model_column *diff_now_column(const struct diff *df, const struct model_column *c)
{
	uintptr_t at = (uintptr_t)c;
	size_t lo = 0, hi = df->nr_column_maps;

	/* the last map whose columns start at or before c */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)df->column_maps[mid].from <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		const struct diff_column_map *cm = &df->column_maps[lo - 1];
		if (at < (uintptr_t)cm->end) {
			int to = cm->from_col_to[c - cm->from];
			if (to >= 0)
				return &cm->to[to];
		}
	}
	return c;
}

bool diff_table_kept(const struct diff *df, const struct model_table *t)
{
	return diff_now_table(df, t) != t;
}

bool diff_column_kept(const struct diff *df, const struct model_column *c)
{
	return diff_now_column(df, c) != c;
}

static int cmp_column_map(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct diff_column_map *)a)->from;
	uintptr_t y = (uintptr_t)((const struct diff_column_map *)b)->from;

	return x < y ? -1 : x > y;
}

void diff_map_kept(struct diff *df, const struct diff_decisions *dd)
{
	for (size_t i = 0; i < dd->nr_tables; i++) {
		const struct diff_table_match *p = &dd->tables[i];
		struct diff_column_map *cm;

		ptrmap_put(&df->now_table, p->from, (void *)p->to);
		if (!p->from->nr_columns)
			continue;
		ALLOC_GROW(df->column_maps, df->nr_column_maps + 1, df->alloc_column_maps);
		cm = &df->column_maps[df->nr_column_maps++];
		cm->from = p->from->columns;
		cm->end = p->from->columns + p->from->nr_columns;
		cm->to = p->to->columns;
		cm->from_col_to = xmalloc(sizeof(int) * p->from->nr_columns);
		memcpy(cm->from_col_to, p->from_col_to, sizeof(int) * p->from->nr_columns);
	}
	if (df->nr_column_maps > 1)
		qsort(df->column_maps, df->nr_column_maps, sizeof(*df->column_maps), cmp_column_map);
}

const char *diff_object_name(enum diff_object object, union diff_ref ref)
{
	return diff_kinds[object].name(ref.any);
}

static enum op_kind inverse_kind(enum op_kind k)
{
	switch (k) {
	case OP_CREATE_SCHEMA: return OP_DROP_SCHEMA;
	case OP_DROP_SCHEMA: return OP_CREATE_SCHEMA;
	case OP_CREATE_ENUM: return OP_DROP_ENUM;
	case OP_DROP_ENUM: return OP_CREATE_ENUM;
	case OP_ADD_ENUM_VALUE: return OP_REMOVE_ENUM_VALUE;
	case OP_REMOVE_ENUM_VALUE: return OP_ADD_ENUM_VALUE;
	case OP_CREATE_TABLE: return OP_DROP_TABLE;
	case OP_DROP_TABLE: return OP_CREATE_TABLE;
	case OP_ADD_COLUMN: return OP_DROP_COLUMN;
	case OP_DROP_COLUMN: return OP_ADD_COLUMN;
	case OP_SET_NOT_NULL: return OP_DROP_NOT_NULL;
	case OP_DROP_NOT_NULL: return OP_SET_NOT_NULL;
	case OP_ADD_IDENTITY: return OP_DROP_IDENTITY;
	case OP_DROP_IDENTITY: return OP_ADD_IDENTITY;
	case OP_ADD_SERIAL: return OP_DROP_SERIAL;
	case OP_DROP_SERIAL: return OP_ADD_SERIAL;
	case OP_ADD_PRIMARY_KEY: return OP_DROP_PRIMARY_KEY;
	case OP_DROP_PRIMARY_KEY: return OP_ADD_PRIMARY_KEY;
	case OP_ADD_UNIQUE: return OP_DROP_UNIQUE;
	case OP_DROP_UNIQUE: return OP_ADD_UNIQUE;
	case OP_ADD_FOREIGN_KEY: return OP_DROP_FOREIGN_KEY;
	case OP_DROP_FOREIGN_KEY: return OP_ADD_FOREIGN_KEY;
	case OP_ADD_CHECK: return OP_DROP_CHECK;
	case OP_DROP_CHECK: return OP_ADD_CHECK;
	case OP_CREATE_INDEX: return OP_DROP_INDEX;
	case OP_DROP_INDEX: return OP_CREATE_INDEX;
	case OP_CREATE_OBJECT: return OP_DROP_OBJECT;
	case OP_DROP_OBJECT: return OP_CREATE_OBJECT;
	default: return k; /* renames, type, default, identity kind, rebuild, comment: swapped */
	}
}

#define SWAP(a, b)                                                             \
	do {                                                                   \
		__typeof__(a) tmp_ = (a);                                      \
		(a) = (b);                                                     \
		(b) = tmp_;                                                    \
	} while (0)

void diff_invert(const struct op *op, struct op *inv)
{
	*inv = *op;
	inv->kind = inverse_kind(op->kind);
	SWAP(inv->from, inv->to);
	SWAP(inv->from_table, inv->to_table);
	SWAP(inv->from_name, inv->to_name);
	SWAP(inv->from_comment, inv->to_comment);
	SWAP(inv->from_owner, inv->to_owner);
	/* The fill of a SET NOT NULL is its own business: the inverse never needs one,
	 * except a dropped NOT NULL column added back (DROP_COLUMN keeps its fill). */
	if (op->kind != OP_DROP_COLUMN && op->kind != OP_ADD_COLUMN) {
		inv->fill = NULL;
		inv->fill_is_expr = false;
	}
	if (inv->kind == OP_ALTER_TYPE)
		diff_kind_plan_alter_type(inv);
	inv->destructive = false;
}

bool diff_is_destructive(const struct diff *df)
{
	for (size_t i = 0; i < df->nr; i++) {
		if (df->ops[i].destructive)
			return true;
	}
	return false;
}

/* Is p among the nr pointers of set? */
static int compare_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a, y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/* Is p in set (sorted by compare_address())? A migration that drops 10,000 tables asks 10,000 times. */
static bool in_set(const void *const *set, size_t nr, const void *p)
{
	return nr && bsearch(&p, set, nr, sizeof(*set), compare_address) != NULL;
}

/*
 * Drops a later drop makes pointless: the indexes and comments of a table
 * (or the comment of an enum, schema, column, index or constraint) dropped in
 * the same section.
 * Filters ops[0..n) in place; returns the new count.
 */
static size_t without_subsumed(const struct op **ops, size_t n)
{
	const void **dropped = xmalloc(sizeof(void *) * (n + 1));
	const void **dropped_objects = xmalloc(sizeof(void *) * (n + 1));
	size_t nr_dropped = 0, nr_dropped_objects = 0, kept = 0;

	for (size_t i = 0; i < n; i++) {
		switch (ops[i]->kind) {
		case OP_DROP_TABLE: case OP_DROP_ENUM: case OP_DROP_SCHEMA: case OP_DROP_COLUMN: case OP_DROP_INDEX:
		case OP_DROP_PRIMARY_KEY: case OP_DROP_UNIQUE: case OP_DROP_FOREIGN_KEY: case OP_DROP_CHECK:
			dropped[nr_dropped++] = ops[i]->from.any;
			break;
		case OP_DROP_OBJECT: /* for owners only: an object's comment is cleared before its drop */
			dropped_objects[nr_dropped_objects++] = ops[i]->from.any;
			break;
		default:
			break;
		}
	}
	if (nr_dropped > 1)
		qsort(dropped, nr_dropped, sizeof(*dropped), compare_address);
	if (nr_dropped_objects > 1)
		qsort(dropped_objects, nr_dropped_objects, sizeof(*dropped_objects), compare_address);
	for (size_t i = 0; i < n; i++) {
		const struct op *op = ops[i];
		const struct model_table *t = op->from_table ? op->from_table : op->to_table;
		bool skip = false;
		if (op->kind == OP_DROP_INDEX)
			skip = in_set(dropped, nr_dropped, t);
		else if (op->kind == OP_COMMENT && !op->to_comment)
			skip = in_set(dropped, nr_dropped, op->from.any) || (t && in_set(dropped, nr_dropped, t));
		else if (op->kind == OP_SET_OWNER && !op->to_owner)
			skip = in_set(dropped, nr_dropped, op->from.any) ||
			       in_set(dropped_objects, nr_dropped_objects, op->from.any);
		if (!skip)
			ops[kept++] = ops[i];
	}
	free(dropped);
	free(dropped_objects);
	return kept;
}

size_t diff_up_ops(const struct diff *df, const struct op ***out)
{
	*out = xmalloc(sizeof(**out) * (df->nr + 1));
	for (size_t i = 0; i < df->nr; i++)
		(*out)[i] = &df->ops[i];
	return without_subsumed(*out, df->nr);
}

size_t diff_down_ops(const struct diff *df, struct op **inverses, const struct op ***out)
{
	const void **rebuilt = xmalloc(sizeof(void *) * (df->nr + 1));
	size_t nr_rebuilt = 0, n = 0;

	*inverses = xmalloc(sizeof(struct op) * (df->nr + 1));
	*out = xmalloc(sizeof(**out) * (df->nr + 1));
	for (size_t i = df->nr; i-- > 0;) {
		struct op inv;

		diff_invert(&df->ops[i], &inv);
		/* the down of a created table or an added column loses what was written since: it says so */
		inv.destructive = inv.kind == OP_DROP_TABLE || inv.kind == OP_DROP_COLUMN;
		/* several values added to one enum: one rebuild removes them all */
		if (inv.kind == OP_REMOVE_ENUM_VALUE) {
			if (in_set(rebuilt, nr_rebuilt, inv.from.enum_type))
				continue;
			rebuilt[nr_rebuilt++] = inv.from.enum_type;
		}
		/* a NOT NULL put back: existing NULL rows get the column's default */
		if (inv.kind == OP_SET_NOT_NULL && !inv.fill && inv.to.column->default_kind != DEFAULT_NONE) {
			inv.fill = inv.to.column->default_value;
			inv.fill_is_expr = inv.to.column->default_kind == DEFAULT_EXPR;
			inv.fill_is_default = true;
		}
		(*inverses)[n] = inv;
		(*out)[n] = &(*inverses)[n];
		n++;
	}
	free(rebuilt);
	return without_subsumed(*out, n);
}

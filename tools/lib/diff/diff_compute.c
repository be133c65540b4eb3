/* Models x decisions -> ordered operations: a pure function, phase by phase. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diff_decide.h"
#include "diff_kind.h"
#include "diff_match.h"
#include "diff_objects.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

struct compute {
	const struct model *from, *to;
	const struct diff_decisions *dd;
	struct diff *df;
	enum diff_phase phase; /* of the ops added now */
};

static struct op *add_op(const struct compute *c, struct diff *df, enum op_kind kind, enum diff_object object)
{
	struct op *op;

	ALLOC_GROW(df->ops, df->nr + 1, df->alloc);
	op = &df->ops[df->nr++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->phase = c->phase;
	op->object = object;
	return op;
}

/* An op on an object of kept table p (or on the table itself). */
static struct op *pair_op(const struct compute *c, struct diff *df, enum op_kind kind,
			  const struct diff_table_match *p, enum diff_object object)
{
	struct op *op = add_op(c, df, kind, object);

	op->from_table = p->from;
	op->to_table = p->to;
	return op;
}

/* s (owned) kept by the diff for its ops to borrow. */
static const char *keep(struct diff *df, char *s)
{
	ALLOC_GROW(df->strings, df->nr_strings + 1, df->alloc_strings);
	df->strings[df->nr_strings++] = s;
	return s;
}

static void take_fill(const struct compute *c, const struct model_column *col, struct op *op)
{
	const struct diff_fill *f = diff_decide_fill(c->dd, col);

	if (!f || !f->value)
		return;
	op->fill = keep(c->df, xstrdup(f->value));
	op->fill_is_expr = f->is_expr;
	op->fill_is_placeholder = f->is_placeholder;
}

/* --- the generic loops over the table of kinds -------------------------- */

/* Objects of kind k that live in a model: new ones (add) or removed ones. */
static void model_objects(const struct compute *c, const struct diff_kind *k, bool add)
{
	const struct model *mine = add ? c->to : c->from, *other = add ? c->from : c->to;

	for (size_t i = 0; i < k->model_count(mine); i++) {
		const void *obj = k->model_item(mine, i);
		const char *comment = k->comment ? k->comment(obj) : NULL;
		const char *owner = k->owner ? k->owner(obj) : NULL;
		struct op *op;
		if (k->model_find(other, obj))
			continue;
		/* cleared first, so that the down section puts the comment back */
		if (!add && comment) {
			op = add_op(c, c->df, OP_COMMENT, k->object);
			op->from.any = obj;
			op->from_comment = comment;
		}
		/* likewise the owner (the up leaves it out: the drop takes it) */
		if (!add && owner) {
			op = add_op(c, c->df, OP_SET_OWNER, k->object);
			op->from.any = obj;
			op->from_owner = owner;
		}
		op = add_op(c, c->df, add ? k->create : k->drop, k->object);
		if (!add) {
			op->from.any = obj;
			continue;
		}
		op->to.any = obj;
		if (comment) {
			op = add_op(c, c->df, OP_COMMENT, k->object);
			op->to.any = obj;
			op->to_comment = comment;
		}
		if (owner) {
			op = add_op(c, c->df, OP_SET_OWNER, k->object);
			op->to.any = obj;
			op->to_owner = owner;
		}
	}
}

/*
 * Which object of kind k of p->from each one of p->to is (-1: new), one to
 * one: the same name first, then in order (two new checks like one old one:
 * one is it renamed, the other is new). from_of_to has one slot per object
 * of p->to; taken (optional) one per object of p->from. Owned by the caller.
 */
static void pair_objects(const struct compute *c, const struct diff_table_match *p, const struct diff_kind *k,
			 long *from_of_to, bool *taken)
{
	size_t nr_from = k->table_count(p->from), nr_to = k->table_count(p->to);
	bool *used = taken ? taken : xcalloc(nr_from + 1, sizeof(bool));

	for (size_t i = 0; i < nr_to; i++) {
		const void *b = k->table_item(p->to, i);
		from_of_to[i] = -1;
		for (size_t j = 0; j < nr_from && from_of_to[i] < 0; j++) {
			const void *a = k->table_item(p->from, j);
			if (!used[j] && strcmp(k->name(a), k->name(b)) == 0 && k->same(c->dd, p, a, b)) {
				from_of_to[i] = (long)j;
				used[j] = true;
			}
		}
	}
	for (size_t i = 0; i < nr_to; i++) {
		const void *b = k->table_item(p->to, i);
		for (size_t j = 0; j < nr_from && from_of_to[i] < 0; j++) {
			if (!used[j] && k->same(c->dd, p, k->table_item(p->from, j), b)) {
				from_of_to[i] = (long)j;
				used[j] = true;
			}
		}
	}
	if (!taken)
		free(used);
}

/* Objects of kind k of kept table p: new ones (add) or removed ones, each with its comment. */
static void table_objects(const struct compute *c, const struct diff_table_match *p, const struct diff_kind *k,
			  bool add)
{
	const struct model_table *mine = add ? p->to : p->from;
	long *from_of_to = xcalloc(k->table_count(p->to) + 1, sizeof(long));
	bool *taken = xcalloc(k->table_count(p->from) + 1, sizeof(bool));

	pair_objects(c, p, k, from_of_to, taken);
	for (size_t i = 0; i < k->table_count(mine); i++) {
		const void *obj = k->table_item(mine, i);
		const char *comment = k->comment ? k->comment(obj) : NULL;
		struct op *op;
		if (add ? from_of_to[i] >= 0 : taken[i])
			continue;
		/* cleared first, so that the down section puts the comment back */
		if (!add && comment) {
			op = pair_op(c, c->df, OP_COMMENT, p, k->object);
			op->from.any = obj;
			op->from_comment = comment;
		}
		op = pair_op(c, c->df, add ? k->create : k->drop, p, k->object);
		if (add)
			op->to.any = obj;
		else
			op->from.any = obj;
		if (add && comment) {
			op = pair_op(c, c->df, OP_COMMENT, p, k->object);
			op->to.any = obj;
			op->to_comment = comment;
		}
	}
	free(from_of_to);
	free(taken);
}

/* The object of kind k of p->from that the i-th of p->to is (pair_objects()), or NULL: it is new. */
static const void *kept_as(const struct compute *c, const struct diff_table_match *p, const struct diff_kind *k,
			   size_t i)
{
	long *from_of_to = xcalloc(k->table_count(p->to) + 1, sizeof(long));
	long j;

	pair_objects(c, p, k, from_of_to, NULL);
	j = from_of_to[i];
	free(from_of_to);
	return j < 0 ? NULL : k->table_item(p->from, (size_t)j);
}

/* Kept objects of kind k of table p whose name changed (a renamed table's defaults). */
static void table_object_renames(const struct compute *c, struct diff *renames, const struct diff_table_match *p,
				 const struct diff_kind *k)
{
	for (size_t i = 0; i < k->table_count(p->to); i++) {
		const void *b = k->table_item(p->to, i), *a = kept_as(c, p, k, i);
		struct op *op;
		if (!a || strcmp(k->name(a), k->name(b)) == 0)
			continue;
		op = pair_op(c, renames, k->rename, p, k->object);
		op->from_name = k->name(a);
		op->to_name = k->name(b);
		op->from.any = a;
		op->to.any = b;
	}
}

/* Kept objects of kind k of table p whose comment changed. */
static void table_object_comments(const struct compute *c, const struct diff_table_match *p,
				  const struct diff_kind *k)
{
	for (size_t i = 0; i < k->table_count(p->to); i++) {
		const void *b = k->table_item(p->to, i), *a = kept_as(c, p, k, i);
		struct op *op;
		if (!a || model_str_equal(k->comment(a), k->comment(b)))
			continue;
		op = pair_op(c, c->df, OP_COMMENT, p, k->object);
		op->from.any = a;
		op->to.any = b;
		op->from_comment = k->comment(a);
		op->to_comment = k->comment(b);
	}
}

/* Objects of kind k (living in a model) kept with another comment. */
static void model_object_comments(const struct compute *c, const struct diff_kind *k)
{
	for (size_t i = 0; i < k->model_count(c->to); i++) {
		const void *b = k->model_item(c->to, i);
		const void *a = k->model_find(c->from, b);
		struct op *op;
		/* a new object's comment comes with its create (model_objects()) */
		if (!a || model_str_equal(k->comment(a), k->comment(b)))
			continue;
		op = add_op(c, c->df, OP_COMMENT, k->object);
		op->from.any = a;
		op->to.any = b;
		op->from_comment = a ? k->comment(a) : NULL;
		op->to_comment = k->comment(b);
	}
}

/* Objects of kind k (living in a model) kept with another owner. */
static void model_object_owners(const struct compute *c, const struct diff_kind *k)
{
	for (size_t i = 0; i < k->model_count(c->to); i++) {
		const void *b = k->model_item(c->to, i);
		const void *a = k->model_find(c->from, b);
		struct op *op;
		/* a new object's owner comes with its create (model_objects()) */
		if (!a || model_str_equal(k->owner(a), k->owner(b)))
			continue;
		op = add_op(c, c->df, OP_SET_OWNER, k->object);
		op->from.any = a;
		op->to.any = b;
		op->from_owner = k->owner(a);
		op->to_owner = k->owner(b);
	}
}

/* --- new tables: dependency order and cycles ------------------------- */

/*
 * Creation order for the tables selected in `want` (indexes into m's
 * tables): referenced tables first. A foreign key is inline when its
 * target exists already (`exists` says whether a table of m is there
 * before) or is created earlier; the rest are added after all tables.
 */
struct create_plan {
	size_t *order;
	size_t nr;
	bool **inline_fks; /* per entry of order */
};

/* Whether the table a ref names is there (exists, not wanted, or done) when table i is created. */
static bool ref_ready(const struct model_table_index *index, const struct model_table_ref *ref, size_t i, const bool *want,
		      const bool *done, const bool *exists)
{
	int r = ref->name && ref->schema ? model_table_index_find(index, ref->schema, ref->name) : -1;

	return r < 0 || (size_t)r == i || !want[r] || done[r] || exists[r];
}

static bool parents_ready(const struct model_table_index *index, const struct model_table *t, size_t i, const bool *want,
			  const bool *done, const bool *exists)
{
	if (!ref_ready(index, &t->partition_of, i, want, done, exists))
		return false;
	for (size_t k = 0; k < t->nr_inherits; k++) {
		if (!ref_ready(index, &t->inherits[k], i, want, done, exists))
			return false;
	}
	return true;
}

static void plan_creates(const struct model *m, const bool *want, const bool *exists,
			 struct create_plan *plan)
{
	size_t n = m->nr_tables;
	bool *done = xcalloc(n + 1, sizeof(bool));
	struct model_table_index index = { 0 };

	model_table_index_build(&index, m);
	plan->order = xmalloc(sizeof(size_t) * (n + 1));
	plan->inline_fks = xmalloc(sizeof(bool *) * (n + 1));
	plan->nr = 0;
	for (;;) {
		size_t before = plan->nr;
		/* Every table whose targets are all there; then, in a cycle, the first left. */
		for (int pass = 0; pass < 2 && plan->nr == before; pass++) {
			for (size_t i = 0; i < n; i++) {
				const struct model_table *t = m->tables[i];
				bool ready = true;
				if (!want[i] || done[i])
					continue;
				/* a partition's or a child's parents first, always (they make no cycle) */
				if (!parents_ready(&index, t, i, want, done, exists))
					continue;
				for (size_t k = 0; k < t->nr_fks && pass == 0; k++) {
					int r = model_table_index_find(&index, t->fks[k].ref_schema, t->fks[k].ref_table);
					if (r >= 0 && (size_t)r != i && want[r] && !done[r] && !exists[r])
						ready = false;
				}
				if (!ready)
					continue;
				plan->inline_fks[plan->nr] = xcalloc(t->nr_fks + 1, sizeof(bool));
				for (size_t k = 0; k < t->nr_fks; k++) {
					int r = model_table_index_find(&index, t->fks[k].ref_schema, t->fks[k].ref_table);
					plan->inline_fks[plan->nr][k] = r >= 0 && ((size_t)r == i || exists[r] || done[r]);
				}
				plan->order[plan->nr++] = i;
				done[i] = true;
				if (pass == 1)
					break; /* break one cycle at a time */
			}
		}
		if (plan->nr == before)
			break;
	}
	model_table_index_release(&index);
	free(done);
}


static void plan_release(struct create_plan *plan)
{
	free(plan->order);
	free(plan->inline_fks); /* the arrays themselves went to the ops */
}

/* Objects of kind k of new table t: their create ops (create) and comments. */
static void table_objects_of_new(const struct compute *c, struct diff *df, const struct model_table *t,
				 const struct diff_kind *k, bool create)
{
	for (size_t i = 0; i < k->table_count(t); i++) {
		const void *obj = k->table_item(t, i);
		const char *comment = k->comment ? k->comment(obj) : NULL;
		struct op *op;
		if (create) {
			op = add_op(c, df, k->create, k->object);
			op->to_table = t;
			op->to.any = obj;
		}
		if (comment) {
			op = add_op(c, df, OP_COMMENT, k->object);
			op->to_table = t;
			op->to.any = obj;
			op->to_comment = comment;
		}
	}
}

/* Appends CREATE TABLE ops (and comments, indexes) for the planned tables; then the keys not inline. */
static void emit_creates(const struct compute *c, struct diff *df, const struct model *m,
			 struct create_plan *plan)
{
	for (size_t i = 0; i < plan->nr; i++) {
		const struct model_table *t = m->tables[plan->order[i]];
		struct op *op = add_op(c, df, OP_CREATE_TABLE, DIFF_TABLE);
		op->to_table = t;
		op->to.table = t;
		op->inline_fks = plan->inline_fks[i];
		if (t->comment) {
			op = add_op(c, df, OP_COMMENT, DIFF_TABLE);
			op->to_table = t;
			op->to.table = t;
			op->to_comment = t->comment;
		}
		if (t->owner) {
			op = add_op(c, df, OP_SET_OWNER, DIFF_TABLE);
			op->to_table = t;
			op->to.table = t;
			op->to_owner = t->owner;
		}
		for (size_t k = 0; k < t->nr_columns; k++) {
			if (!t->columns[k].extra->comment)
				continue;
			op = add_op(c, df, OP_COMMENT, DIFF_COLUMN);
			op->to_table = t;
			op->to.column = &t->columns[k];
			op->to_comment = t->columns[k].extra->comment;
		}
		/* what CREATE TABLE does not make (indexes): each with its comment */
		for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
			if (k->table_count && !k->in_create_table)
				table_objects_of_new(c, df, t, k, true);
		}
	}
	/* Foreign keys that could not be inline: after every table exists. */
	for (size_t i = 0; i < plan->nr; i++) {
		const struct model_table *t = m->tables[plan->order[i]];
		for (size_t k = 0; k < t->nr_fks; k++) {
			struct op *op;
			if (plan->inline_fks[i][k])
				continue;
			op = add_op(c, df, OP_ADD_FOREIGN_KEY, DIFF_FOREIGN_KEY);
			op->to_table = t;
			op->to.fk = &t->fks[k];
		}
	}
	/* The comments of what CREATE TABLE made: every key is there by now. */
	for (size_t i = 0; i < plan->nr; i++) {
		for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
			if (k->table_count && k->in_create_table && k->comment)
				table_objects_of_new(c, df, m->tables[plan->order[i]], k, false);
		}
	}
}

/* The tables of m that `dd` says are new (want) and the rest (exists). */
static void creates_of(const struct compute *c, const struct model *m, const int *match, struct diff *df)
{
	bool *want = xcalloc(m->nr_tables + 1, sizeof(bool));
	bool *exists = xcalloc(m->nr_tables + 1, sizeof(bool));
	struct create_plan plan;

	for (size_t i = 0; i < m->nr_tables; i++) {
		want[i] = match[i] < 0;
		exists[i] = !want[i];
	}
	plan_creates(m, want, exists, &plan);
	emit_creates(c, df, m, &plan);
	plan_release(&plan);
	free(want);
	free(exists);
}

/* --- the phases -------------------------------------------------------- */

/*
 * Removed tables: the drops that undo their creation, in reverse order:
 * the foreign keys added afterwards, then indexes, comments and tables (the
 * inverses in the down section create everything back; the up section
 * leaves out what the DROP TABLE takes anyway).
 */
static void drop_tables(const struct compute *c)
{
	struct diff removed;

	diff_init(&removed);
	creates_of(c, c->from, c->dd->from_match, &removed);
	for (size_t i = removed.nr; i-- > 0;) {
		struct op *op = add_op(c, c->df, OP_CREATE_TABLE, DIFF_TABLE);
		diff_invert(&removed.ops[i], op);
		removed.ops[i].inline_fks = NULL; /* moved to op */
		op->phase = c->phase;
		op->destructive = op->kind == OP_DROP_TABLE;
	}
	diff_release(&removed);
}

static void drop_columns(const struct compute *c, const struct diff_table_match *p)
{
	const struct model_table *from = p->from;

	for (size_t f = 0; f < from->nr_columns; f++) {
		const struct model_column *col = &from->columns[f];
		struct op *op;
		if (p->from_col_to[f] >= 0)
			continue;
		/* cleared first, so that the down section puts the comment back */
		if (col->extra->comment) {
			op = pair_op(c, c->df, OP_COMMENT, p, DIFF_COLUMN);
			op->from.column = col;
			op->from_comment = col->extra->comment;
		}
		op = pair_op(c, c->df, OP_DROP_COLUMN, p, DIFF_COLUMN);
		op->from.column = col;
		/* a generated column's values are computed again by the down */
		op->destructive = !col->extra->generated;
		op->values_lost = !col->extra->generated;
		/* the down direction adds it back; a NOT NULL column needs a value */
		take_fill(c, col, op);
	}
}

/* Where a rename's names must be unique: a schema's relations, a table's constraints or columns. */
static void rename_namespace(const struct op *op, struct strbuf *out)
{
	const struct model_table *t = op->to_table;

	strbuf_reset(out);
	if (op->kind == OP_RENAME_TABLE || op->kind == OP_RENAME_INDEX || op->object == DIFF_PRIMARY_KEY ||
	    op->object == DIFF_UNIQUE)
		strbuf_addf(out, "relation\x1f%s", t->schema);
	else
		strbuf_addf(out, "%s\x1f%s\x1f%s", op->kind == OP_RENAME_COLUMN ? "column" : "constraint",
			    t->schema, t->name);
}

/*
 * Appends src's renames to the diff, tables first, each after the rename
 * that frees its new name; a cycle (a <-> b) goes through a temporary
 * name. src is released.
 */
static void append_renames_ordered(const struct compute *c, struct diff *src)
{
	struct diff *df = c->df;
	size_t n = src->nr;
	bool *done = xcalloc(n + 1, sizeof(bool));
	struct strbuf *ns = xcalloc(n + 1, sizeof(*ns));

	for (size_t i = 0; i < n; i++) {
		strbuf_init(&ns[i], 0);
		rename_namespace(&src->ops[i], &ns[i]);
	}
	for (int tables = 1; tables >= 0; tables--) {
		for (;;) {
			bool left = false, progress = false;
			size_t first = n;
			for (size_t i = 0; i < n; i++) {
				bool blocked = false;
				if (done[i] || (src->ops[i].kind == OP_RENAME_TABLE) != tables)
					continue;
				left = true;
				if (first == n)
					first = i;
				for (size_t j = 0; j < n && !blocked; j++)
					blocked = j != i && !done[j] && strcmp(ns[i].buf, ns[j].buf) == 0 &&
						  strcmp(src->ops[j].from_name, src->ops[i].to_name) == 0;
				if (blocked)
					continue;
				*add_op(c, df, src->ops[i].kind, src->ops[i].object) = src->ops[i];
				done[i] = true;
				progress = true;
			}
			if (!left)
				break;
			if (!progress) {
				struct strbuf tmp = STRBUF_INIT;
				struct op *aside = add_op(c, df, src->ops[first].kind, src->ops[first].object);
				*aside = src->ops[first];
				model_make_object_name(src->ops[first].from_name, NULL, "mig_tmp", &tmp);
				aside->tmp_name = keep(df, strbuf_detach(&tmp, NULL));
				aside->to_name = aside->tmp_name;
				src->ops[first].from_name = aside->tmp_name;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		strbuf_release(&ns[i]);
	free(ns);
	free(done);
	diff_release(src);
}

/* Renames: tables, columns, then constraints and indexes. */
static void renames(const struct compute *c)
{
	const struct diff_decisions *dd = c->dd;
	struct diff renames;

	diff_init(&renames);
	for (size_t i = 0; i < dd->nr_tables; i++) {
		const struct diff_table_match *p = &dd->tables[i];
		if (strcmp(p->from->name, p->to->name) != 0) {
			struct op *op = pair_op(c, &renames, OP_RENAME_TABLE, p, DIFF_TABLE);
			op->from.table = p->from;
			op->to.table = p->to;
			op->from_name = p->from->name;
			op->to_name = p->to->name;
		}
	}
	for (size_t i = 0; i < dd->nr_tables; i++) {
		const struct diff_table_match *p = &dd->tables[i];
		for (size_t k = 0; k < p->to->nr_columns; k++) {
			const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
			if (a && strcmp(a->name, b->name) != 0) {
				struct op *op = pair_op(c, &renames, OP_RENAME_COLUMN, p, DIFF_COLUMN);
				op->from.column = a;
				op->to.column = b;
				op->from_name = a->name;
				op->to_name = b->name;
			}
		}
	}
	for (size_t i = 0; i < dd->nr_tables; i++) {
		for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
			if (k->table_count)
				table_object_renames(c, &renames, &dd->tables[i], k);
		}
	}
	append_renames_ordered(c, &renames);
}

/*
 * Changed enums: new values added in place (ALTER TYPE ... ADD VALUE) when
 * the old values keep their order and no new value is used in this
 * migration (PostgreSQL refuses to use a value in the transaction that
 * added it); otherwise the type is rebuilt.
 */
static void enum_values(const struct compute *c)
{
	for (size_t i = 0; i < c->to->nr_enums; i++) {
		const struct model_enum *e = &c->to->enums[i];
		const struct model_enum *old = model_find_enum(c->from, e->schema, e->name);

		if (!old || model_names_equal(&old->values, &e->values))
			continue;
		if (!diff_match_enum_grows_in_place(c->to, old, e)) {
			struct op *op = add_op(c, c->df, OP_REBUILD_ENUM, DIFF_ENUM);
			op->from.enum_type = old;
			op->to.enum_type = e;
			op->in_model = c->from;
			for (size_t v = 0; v < old->values.nr; v++) {
				if (model_names_find(&e->values, old->values.items[v]) < 0)
					op->destructive = true;
			}
			continue;
		}
		for (size_t v = 0; v < e->values.nr; v++) {
			const char *val = e->values.items[v];
			struct op *op;
			if (model_names_find(&old->values, val) >= 0)
				continue;
			op = add_op(c, c->df, OP_ADD_ENUM_VALUE, DIFF_ENUM);
			op->from.enum_type = old;
			op->to.enum_type = e;
			op->enum_value = val;
			op->in_model = c->from;
			/* After the previous value, or before the next one. */
			if (v > 0) {
				op->enum_neighbour = e->values.items[v - 1];
				op->enum_before = false;
			} else if (e->values.nr > 1) {
				op->enum_neighbour = e->values.items[1];
				op->enum_before = true;
			}
		}
	}
}

static bool generated(enum model_identity i)
{
	return i == IDENTITY_ALWAYS || i == IDENTITY_BY_DEFAULT;
}

/* Identities and serials that go away or change kind (ALWAYS <-> BY DEFAULT is SET_IDENTITY, later). */
static void drop_identities(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || a->identity == b->identity || a->identity == IDENTITY_NONE ||
		    (generated(a->identity) && generated(b->identity)))
			continue;
		op = pair_op(c, c->df, a->identity == IDENTITY_SERIAL ? OP_DROP_SERIAL : OP_DROP_IDENTITY, p,
			     DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
	}
}

static void add_columns(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *b = &p->to->columns[k];
		struct op *op;
		if (diff_decide_old_column(p, k))
			continue;
		op = pair_op(c, c->df, OP_ADD_COLUMN, p, DIFF_COLUMN);
		op->to.column = b;
		if (b->not_null && b->default_kind == DEFAULT_NONE && b->identity == IDENTITY_NONE && !b->extra->generated)
			take_fill(c, b, op);
		if (b->extra->comment) {
			op = pair_op(c, c->df, OP_COMMENT, p, DIFF_COLUMN);
			op->to.column = b;
			op->to_comment = b->extra->comment;
		}
	}
}

static void column_types(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || diff_match_column_type_same(a, b))
			continue;
		op = pair_op(c, c->df, OP_ALTER_TYPE, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
		op->destructive = !diff_match_type_widens(a, b);
		diff_kind_plan_alter_type(op);
	}
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || (model_expr_equal(a->extra->generated, b->extra->generated) && a->generated_virtual == b->generated_virtual))
			continue;
		op = pair_op(c, c->df, OP_SET_GENERATED, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
		/* a plain column's values give way to the computed ones */
		op->destructive = !a->extra->generated;
	}
}

/* SQLite's STRICT and WITHOUT ROWID (a rebuild there; PostgreSQL has neither). */
static void sqlite_table_options(const struct compute *c, const struct diff_table_match *p)
{
	struct op *op;

	if (p->from->sqlite_strict == p->to->sqlite_strict && p->from->sqlite_without_rowid == p->to->sqlite_without_rowid)
		return;
	op = pair_op(c, c->df, OP_SET_TABLE_OPTIONS, p, DIFF_TABLE);
	op->from.table = p->from;
	op->to.table = p->to;
}

static void column_defaults(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || model_default_equal(a, b))
			continue;
		if (!a->extra->generated != !b->extra->generated)
			continue; /* OP_SET_GENERATED sets it */
		if (!diff_match_column_type_same(a, b) ? diff_match_retypes_values(a, b) : diff_kind_enum_rebuilt(c->dd, a))
			continue; /* the type change or the enum rebuild sets it */
		op = pair_op(c, c->df, OP_SET_DEFAULT, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
	}
}

static void nullability(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || a->not_null == b->not_null)
			continue;
		op = pair_op(c, c->df, b->not_null ? OP_SET_NOT_NULL : OP_DROP_NOT_NULL, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
		if (b->not_null)
			take_fill(c, b, op);
	}
}

static void add_identities(const struct compute *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		enum op_kind kind;
		struct op *op;
		if (!a || a->identity == b->identity || b->identity == IDENTITY_NONE)
			continue;
		if (generated(a->identity) && generated(b->identity))
			kind = OP_SET_IDENTITY;
		else
			kind = b->identity == IDENTITY_SERIAL ? OP_ADD_SERIAL : OP_ADD_IDENTITY;
		op = pair_op(c, c->df, kind, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
	}
	/* the same sequence (kept, or ALWAYS <-> BY DEFAULT) with other options */
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct op *op;
		if (!a || a->identity == IDENTITY_NONE || b->identity == IDENTITY_NONE ||
		    (a->identity != b->identity && !(generated(a->identity) && generated(b->identity))) ||
		    model_str_equal(a->extra->sequence, b->extra->sequence))
			continue;
		op = pair_op(c, c->df, OP_SET_SEQUENCE, p, DIFF_COLUMN);
		op->from.column = a;
		op->to.column = b;
	}
}

/* Kept tables whose UNLOGGED, row-level security, storage parameters or partition bound changed. */
static void table_options(const struct compute *c, const struct diff_table_match *p)
{
	struct op *op;

	if (model_table_options_equal(p->from, p->to, NULL))
		return;
	op = pair_op(c, c->df, OP_SET_TABLE_OPTIONS, p, DIFF_TABLE);
	op->from.table = p->from;
	op->to.table = p->to;
}

/* The table ref names in m, as the diff keeps it (its table in the new model). */
static const struct model_table *kept_parent(const struct diff *df, const struct model *m,
					     const struct model_table_ref *ref)
{
	const struct model_table *t = ref->name && ref->schema ? model_find_table(m, ref->schema, ref->name) : NULL;

	return t ? diff_now_table(df, t) : NULL;
}

/*
 * What PostgreSQL cannot change on a table in place: its partition key, the
 * table it is a partition of, the tables it inherits from.
 */
static int refuse_unchangeable(const struct compute *c, struct diag *d)
{
	for (size_t i = 0; i < c->dd->nr_tables; i++) {
		const struct diff_table_match *p = &c->dd->tables[i];
		const struct model_table *a = p->from, *b = p->to;
		struct strbuf tn = STRBUF_INIT;
		const char *what = NULL;
		bool same_parents = a->nr_inherits == b->nr_inherits;

		for (size_t k = 0; k < a->nr_inherits && same_parents; k++)
			same_parents = kept_parent(c->df, c->from, &a->inherits[k]) ==
				       model_find_table(c->to, b->inherits[k].schema, b->inherits[k].name);
		if (!model_partition_key_equal(a->partition_by, b->partition_by))
			what = !a->partition_by ? "it becomes partitioned" : !b->partition_by ? "it stops being partitioned"
			       : "its partition key changes";
		else if (!a->partition_of.name != !b->partition_of.name)
			what = a->partition_of.name ? "it stops being a partition" : "it becomes a partition";
		else if (a->partition_of.name && kept_parent(c->df, c->from, &a->partition_of) !=
			 model_find_table(c->to, b->partition_of.schema, b->partition_of.name))
			what = "it becomes a partition of another table";
		else if (!same_parents)
			what = "the tables it inherits from change";
		if (!what)
			continue;
		model_table_display(b, &tn);
		diag_error_at(d, b->loc.file, b->loc.line, "table %s: %s, and PostgreSQL cannot change that in place",
			      tn.buf, what);
		diag_hint(d, "create the new table under another name and move the rows in a migration written by "
			  "hand (mig-gen --empty), or drop the table in one migration and create it in the next "
			  "(its rows are lost)");
		strbuf_release(&tn);
		return -1;
	}
	return 0;
}

/* Comments of kept objects that changed. */
static void comments(const struct compute *c)
{
	const struct diff_decisions *dd = c->dd;

	for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
		if (k->model_count && k->comment)
			model_object_comments(c, k);
		if (k->model_count && k->owner)
			model_object_owners(c, k);
	}
	for (size_t i = 0; i < dd->nr_tables; i++) {
		const struct diff_table_match *p = &dd->tables[i];
		struct op *op;
		if (!model_str_equal(p->from->comment, p->to->comment)) {
			op = pair_op(c, c->df, OP_COMMENT, p, DIFF_TABLE);
			op->from.table = p->from;
			op->to.table = p->to;
			op->from_comment = p->from->comment;
			op->to_comment = p->to->comment;
		}
		if (!model_str_equal(p->from->owner, p->to->owner)) {
			op = pair_op(c, c->df, OP_SET_OWNER, p, DIFF_TABLE);
			op->from.table = p->from;
			op->to.table = p->to;
			op->from_owner = p->from->owner;
			op->to_owner = p->to->owner;
		}
		for (size_t k = 0; k < p->to->nr_columns; k++) {
			const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
			if (!a || model_str_equal(a->extra->comment, b->extra->comment))
				continue;
			op = pair_op(c, c->df, OP_COMMENT, p, DIFF_COLUMN);
			op->from.column = a;
			op->to.column = b;
			op->from_comment = a->extra->comment;
			op->to_comment = b->extra->comment;
		}
		for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
			if (k->table_count && k->comment)
				table_object_comments(c, p, k);
		}
	}
}

/* Each kept table's columns, one phase at a time across all tables. */
static void per_table(const struct compute *c, void (*fn)(const struct compute *, const struct diff_table_match *))
{
	for (size_t i = 0; i < c->dd->nr_tables; i++)
		fn(c, &c->dd->tables[i]);
}

static void run_phase(const struct compute *c)
{
	const struct diff_decisions *dd = c->dd;

	/* what the table of kinds says: objects of a model, objects of a table */
	for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
		if (k->model_count && (k->create_phase == c->phase || k->drop_phase == c->phase))
			model_objects(c, k, k->create_phase == c->phase);
	}
	for (size_t i = 0; i < dd->nr_tables; i++) {
		for (const struct diff_kind *k = diff_kinds; k < diff_kinds + DIFF_NR_OBJECTS; k++) {
			if (k->table_count && (k->create_phase == c->phase || k->drop_phase == c->phase))
				table_objects(c, &dd->tables[i], k, k->create_phase == c->phase);
		}
	}
	switch (c->phase) {
	case PHASE_DROP_TABLES: drop_tables(c); break;
	case PHASE_DROP_COLUMNS: per_table(c, drop_columns); break;
	case PHASE_RENAMES: renames(c); break;
	case PHASE_ENUM_VALUES: enum_values(c); break;
	case PHASE_DROP_IDENTITIES: per_table(c, drop_identities); break;
	case PHASE_ADD_COLUMNS: per_table(c, add_columns); break;
	case PHASE_COLUMN_TYPES:
		per_table(c, column_types);
		per_table(c, sqlite_table_options);
		break;
	case PHASE_COLUMN_DEFAULTS: per_table(c, column_defaults); break;
	case PHASE_NULLABILITY: per_table(c, nullability); break;
	case PHASE_ADD_IDENTITIES: per_table(c, add_identities); break;
	case PHASE_ADD_CONSTRAINTS: per_table(c, table_options); break;
	case PHASE_CREATE_TABLES: creates_of(c, c->to, dd->to_match, c->df); break;
	case PHASE_COMMENTS: comments(c); break;
	default: break; /* the table of kinds did it */
	}
}

int diff_compute(const struct model *from, const struct model *to, const struct diff_decisions *dd,
		 struct diff *out, struct diag *d)
{
	struct compute c = { .from = from, .to = to, .dd = dd, .df = out };

	if (dd->from != from || dd->to != to)
		return diag_error(d, "diff: the decisions were made for other models");
	out->from = from;
	out->to = to;
	diff_map_kept(out, dd);
	if (refuse_unchangeable(&c, d) < 0)
		return -1;
	for (c.phase = 0; c.phase < DIFF_NR_PHASES; c.phase++) {
		size_t first = out->nr;
		run_phase(&c);
		/* what goes away goes under the old names, before the renames */
		for (size_t i = first; i < out->nr; i++)
			out->ops[i].before_renames = c.phase >= PHASE_DROP_DEPENDENTS && c.phase < PHASE_RENAMES;
	}
	/* views, functions, triggers, ...: around what the ops above do to the tables */
	diff_objects_plan(from, to, out);
	return 0;
}

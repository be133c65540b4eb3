/* The objects kept as SQL: kept, replaced, rebuilt around table changes, ordered by dependencies. */
#include "diff_objects.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "minheap.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

enum fate {
	FATE_NEW,       /* only in the new model */
	FATE_KEPT,
	FATE_IN_PLACE,  /* CREATE OR REPLACE */
	FATE_REPLACED,  /* dropped and created with its new definition */
	FATE_REBUILT,   /* dropped and created as it was, around a change below it */
	FATE_DROPPED,   /* only in the old model */
};

/* Indexes (of a model's objects or tables), ascending, each once. */
struct index_list {
	size_t *items;
	size_t nr, alloc;
};

static void index_list_add(struct index_list *list, size_t v)
{
	ALLOC_GROW(list->items, list->nr + 1, list->alloc);
	list->items[list->nr++] = v;
}

/* One model's objects: what each references, whether it comes after the tables, its fate. */
struct side {
	const struct model *m;
	size_t nr;
	struct index_list *deps;   /* [nr]: the objects it references: by key, and every extension (an extension: none) */
	struct index_list *tables; /* [nr]: the tables it references, by name or row type */
	int *other;                /* [nr]: the counterpart in the other model, or -1 */
	bool *renamed;             /* [nr]: the counterpart has another name (renamed-from) */
	enum fate *fate;           /* [nr] */
	signed char *late;         /* [nr]: -1 unknown, 0 before the tables, 1 after */
};

/*
 * Keys to indexes, several indexes to a key (overloads share a loose key):
 * each key's indexes are a list through next[], its head in the map.
 */
struct key_index {
	struct strmap map; /* key -> head node + 1 */
	size_t *value;     /* [node] */
	size_t *next;      /* [node]: the next node + 1, or 0 */
	size_t nr, alloc_value, alloc_next;
};

static void key_index_add(struct key_index *ix, const char *key, size_t value)
{
	size_t node = ix->nr++;

	ALLOC_GROW(ix->value, ix->nr, ix->alloc_value);
	ALLOC_GROW(ix->next, ix->nr, ix->alloc_next);
	ix->value[node] = value;
	ix->next[node] = (size_t)(uintptr_t)strmap_put(&ix->map, key, (void *)(uintptr_t)(node + 1));
}

static void key_index_release(struct key_index *ix)
{
	strmap_release(&ix->map);
	free(ix->value);
	free(ix->next);
}

/*
 * Adds to list (once each: seen[v] == stamp marks the ones in it) the
 * indexes under key, but skip.
 */
static void add_matches(const struct key_index *ix, const char *key, size_t skip, size_t *seen, size_t stamp,
			struct index_list *list)
{
	for (size_t n = (size_t)(uintptr_t)strmap_get(&ix->map, key); n; n = ix->next[n - 1]) {
		size_t v = ix->value[n - 1];
		if (v == skip || seen[v] == stamp)
			continue;
		seen[v] = stamp;
		index_list_add(list, v);
	}
}

static int compare_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * What each object references, found through an index of the keys that
 * name each object and table (model_object_reference_keys()): linear in
 * the references, where asking every pair was quadratic in the objects
 * (and in the tables).
 */
static void side_index_references(struct side *s)
{
	const struct model *m = s->m;
	struct key_index objects = { .map = STRMAP_INIT }, tables = { .map = STRMAP_INIT };
	struct strbuf keys[2] = { STRBUF_INIT, STRBUF_INIT }, as_rel = STRBUF_INIT;
	size_t *seen_object = xcalloc(s->nr + 1, sizeof(size_t)), *seen_table = xcalloc(m->nr_tables + 1, sizeof(size_t));
	struct model_names refs = { 0 };
	struct index_list extensions = { 0 };

	for (size_t j = 0; j < s->nr; j++) {
		model_object_reference_keys(&m->objects[j], NULL, NULL, keys);
		key_index_add(&objects, keys[0].buf, j);
		if (keys[1].len && strcmp(keys[1].buf, keys[0].buf) != 0)
			key_index_add(&objects, keys[1].buf, j);
		if (m->objects[j].kind == OBJECT_EXTENSION)
			index_list_add(&extensions, j);
	}
	for (size_t t = 0; t < m->nr_tables; t++) {
		model_object_reference_keys(NULL, m->tables[t]->schema, m->tables[t]->name, keys);
		key_index_add(&tables, keys[0].buf, t);
		key_index_add(&tables, keys[1].buf, t);
	}
	for (size_t i = 0; i < s->nr; i++) {
		bool extension = m->objects[i].kind == OBJECT_EXTENSION;
		/* stamps start at 1: 0 is "never seen" */
		size_t stamp = i + 1;

		model_object_references(&m->objects[i], &refs);
		/*
		 * everything but an extension stands on every extension, and an
		 * extension on none: seen either way, so no key adds one again
		 */
		for (size_t e = 0; e < extensions.nr; e++) {
			size_t j = extensions.items[e];
			if (j == i)
				continue;
			seen_object[j] = stamp;
			if (!extension)
				index_list_add(&s->deps[i], j);
		}
		for (size_t r = 0; r < refs.nr; r++) {
			const char *key = refs.items[r];
			add_matches(&objects, key, i, seen_object, stamp, &s->deps[i]);
			add_matches(&tables, key, SIZE_MAX, seen_table, stamp, &s->tables[i]);
			/* a table's row type */
			if (strncmp(key, "type ", 5) == 0) {
				strbuf_reset(&as_rel);
				strbuf_addf(&as_rel, "relation %s", key + 5);
				add_matches(&tables, as_rel.buf, SIZE_MAX, seen_table, stamp, &s->tables[i]);
			}
		}
		if (s->deps[i].nr > 1)
			qsort(s->deps[i].items, s->deps[i].nr, sizeof(size_t), compare_index);
		model_names_release(&refs);
	}
	free(extensions.items);
	free(seen_object);
	free(seen_table);
	strbuf_release(&keys[0]);
	strbuf_release(&keys[1]);
	strbuf_release(&as_rel);
	key_index_release(&objects);
	key_index_release(&tables);
}

static void side_init(struct side *s, const struct model *m)
{
	s->m = m;
	s->nr = m->nr_objects;
	s->deps = xcalloc(s->nr + 1, sizeof(*s->deps));
	s->tables = xcalloc(s->nr + 1, sizeof(*s->tables));
	s->other = xcalloc(s->nr + 1, sizeof(*s->other));
	s->renamed = xcalloc(s->nr + 1, sizeof(*s->renamed));
	s->fate = xcalloc(s->nr + 1, sizeof(*s->fate));
	s->late = xcalloc(s->nr + 1, sizeof(*s->late));
	for (size_t i = 0; i < s->nr; i++)
		s->late[i] = -1;
	side_index_references(s);
}

static void side_release(struct side *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->deps[i].items);
		free(s->tables[i].items);
	}
	free(s->deps);
	free(s->tables);
	free(s->other);
	free(s->renamed);
	free(s->fate);
	free(s->late);
}

/* Is object i created after the tables: its kind says so, or it stands on a table or on such an object. */
static bool is_late(struct side *s, size_t i, int depth)
{
	const struct model_object *o = &s->m->objects[i];

	if (s->late[i] >= 0)
		return s->late[i];
	if (depth > 64)
		return true;
	s->late[i] = model_object_kinds[o->kind].stage == STAGE_AFTER_TABLES || s->tables[i].nr > 0;
	for (size_t k = 0; !s->late[i] && k < s->deps[i].nr; k++)
		s->late[i] = is_late(s, s->deps[i].items[k], depth + 1);
	return s->late[i];
}

/*
 * Kinds a dialect changes in place, keeping what stands on them: a
 * function's body (CREATE OR REPLACE), a sequence's options, a domain's
 * default and checks, an extension's version (the dialect drops and
 * creates what it cannot change so).
 */
static bool replaceable_in_place(const struct model_object *o, const struct model_object *n)
{
	switch (o->kind) {
	case OBJECT_FUNCTION: case OBJECT_PROCEDURE:
		/* a new result or parameters: PostgreSQL wants it dropped first */
		return sqlnorm_same_function_signature(o->definition, n->definition);
	case OBJECT_SEQUENCE: case OBJECT_DOMAIN: case OBJECT_EXTENSION:
		return true;
	default:
		return false;
	}
}

/* Tables of `from` that an op changes under whatever stands on them. */
static bool table_disturbed(const struct diff *df, const struct model_table *t)
{
	for (size_t i = 0; i < df->nr; i++) {
		const struct op *op = &df->ops[i];
		switch (op->kind) {
		case OP_DROP_TABLE: case OP_RENAME_TABLE: case OP_DROP_COLUMN: case OP_RENAME_COLUMN:
		case OP_ALTER_TYPE:
			if (op->from_table == t)
				return true;
			break;
		case OP_REBUILD_ENUM: case OP_REMOVE_ENUM_VALUE: case OP_ADD_ENUM_VALUE: {
			/* the columns of the enum are retyped (or, added in place, keep what stands) */
			const struct model_enum *e = op->from.enum_type ? op->from.enum_type : op->to.enum_type;
			if (op->kind == OP_ADD_ENUM_VALUE || !e)
				break;
			for (size_t c = 0; c < t->nr_columns; c++) {
				const struct model_type *ty = &t->columns[c].type;
				if (ty->kind == TYPE_ENUM && strcmp(ty->enum_name, e->name) == 0 &&
				    strcmp(ty->enum_schema, e->schema) == 0)
					return true;
			}
			break;
		}
		default:
			break;
		}
	}
	return false;
}

/*
 * Does o use a table's columns in a way PostgreSQL refuses to change under
 * it (a view's query, a policy's USING, a trigger's WHEN)? A grant or a
 * plain trigger stays through a column's new type or name.
 */
static bool uses_columns(const struct model_object *o)
{
	if (o->kind == OBJECT_GRANT)
		return false;
	if (o->kind == OBJECT_TRIGGER)
		return strstr(o->definition, " WHEN ") || strstr(o->definition, " when ") ||
		       strstr(o->definition, "\nWHEN ");
	return true;
}

/* Was table (schema, name) of `from` renamed by an op of df? */
static bool table_renamed(const struct diff *df, const char *schema, const char *name)
{
	for (size_t i = 0; i < df->nr; i++) {
		const struct op *op = &df->ops[i];
		if (op->kind == OP_RENAME_TABLE && op->from_table && strcmp(op->from_table->schema, schema) == 0 &&
		    strcmp(op->from_table->name, name) == 0)
			return true;
	}
	return false;
}

/* For one dialect: the same one, or one of them for every dialect (a model read back names none). */
static bool same_dialect(const struct model_object *a, const struct model_object *b)
{
	return !a->dialect || !b->dialect || strcmp(a->dialect, b->dialect) == 0;
}

/*
 * The object of m that o is: same identity (model_find_object()), of o's
 * dialect first (a trigger may be written once for each dialect).
 */
static const struct model_object *counterpart(const struct model *m, const struct model_object *o)
{
	const struct model_object *any = NULL;

	for (size_t i = 0; i < m->nr_objects; i++) {
		const struct model_object *n = &m->objects[i];
		if (n->kind != o->kind || strcmp(n->schema, o->schema) || strcmp(n->name, o->name) ||
		    !model_str_equal(n->table, o->table))
			continue;
		if (model_str_equal(n->dialect, o->dialect))
			return n;
		if (!any && same_dialect(n, o))
			any = n;
	}
	return any;
}

/*
 * The object of `to` that o (of `from`) became under another name: one
 * whose renamed-from is o's name, on the same table, whose own name the old
 * model does not have. NULL if none.
 */
static const struct model_object *renamed_as(const struct side *from, const struct side *to,
					     const struct model_object *o)
{
	for (size_t i = 0; i < to->nr; i++) {
		const struct model_object *n = &to->m->objects[i];
		if (n->renamed_from && n->kind == o->kind && strcmp(n->renamed_from, o->name) == 0 &&
		    strcmp(n->schema, o->schema) == 0 && model_str_equal(n->table, o->table) &&
		    same_dialect(n, o) && !counterpart(from->m, n))
			return n;
	}
	return NULL;
}

static void decide_fates(struct side *from, struct side *to, const struct diff *df)
{
	bool changed = true;
	bool *disturbed = xcalloc(from->m->nr_tables + 1, sizeof(bool));

	for (size_t i = 0; i < from->nr; i++) {
		const struct model_object *o = &from->m->objects[i];
		const struct model_object *n = counterpart(to->m, o);
		if (!n && (n = renamed_as(from, to, o)) != NULL) {
			from->renamed[i] = true;
			/* renamed and otherwise the same: ALTER ... RENAME; else (or on a renamed table) made anew */
			from->fate[i] = sqlnorm_statements_equal_but_name(o->definition, n->definition) &&
						!(o->table && table_renamed(df, o->schema, o->table))
					? FATE_KEPT
					: FATE_REPLACED;
			from->other[i] = (int)(n - to->m->objects);
			continue;
		}
		from->other[i] = n ? (int)(n - to->m->objects) : -1;
		if (!n)
			from->fate[i] = FATE_DROPPED;
		else if (model_object_same_definition(o, n))
			from->fate[i] = FATE_KEPT;
		else
			from->fate[i] = replaceable_in_place(o, n) ? FATE_IN_PLACE : FATE_REPLACED;
	}
	for (size_t t = 0; t < from->m->nr_tables; t++)
		disturbed[t] = table_disturbed(df, from->m->tables[t]);
	/* what stands on something that goes away or changes is rebuilt around it */
	while (changed) {
		changed = false;
		for (size_t i = 0; i < from->nr; i++) {
			bool hit = false;
			if (from->fate[i] != FATE_KEPT && from->fate[i] != FATE_IN_PLACE)
				continue;
			for (size_t k = 0; !hit && k < from->tables[i].nr && uses_columns(&from->m->objects[i]); k++)
				hit = disturbed[from->tables[i].items[k]];
			for (size_t k = 0; !hit && k < from->deps[i].nr; k++) {
				enum fate f = from->fate[from->deps[i].items[k]];
				hit = f == FATE_REPLACED || f == FATE_REBUILT || f == FATE_DROPPED;
			}
			if (hit) {
				from->fate[i] = from->fate[i] == FATE_KEPT ? FATE_REBUILT : FATE_REPLACED;
				changed = true;
			}
		}
	}
	for (size_t i = 0; i < to->nr; i++) {
		to->other[i] = -1;
		to->fate[i] = FATE_NEW;
	}
	for (size_t i = 0; i < from->nr; i++) {
		if (from->other[i] >= 0) {
			to->other[from->other[i]] = (int)i;
			to->fate[from->other[i]] = from->fate[i];
			to->renamed[from->other[i]] = from->renamed[i];
		}
	}
	free(disturbed);
}

/*
 * The objects of s in set (by index) in dependency order: each after what
 * it references. The order is that of sweeps through the model, each
 * taking, in model order, every object whose references are taken: a heap
 * keyed by (sweep, index) gives it without the sweeps.
 */
static size_t topo_order(const struct side *s, const bool *set, size_t *order)
{
	size_t *pending = xcalloc(s->nr + 1, sizeof(size_t));
	struct index_list *users = xcalloc(s->nr + 1, sizeof(*users));
	bool *done = xcalloc(s->nr + 1, sizeof(bool));
	struct minheap ready;
	size_t n = 0, want = 0, width = s->nr + 1;

	minheap_init(&ready, s->nr);
	for (size_t i = 0; i < s->nr; i++) {
		if (!set[i])
			continue;
		want++;
		for (size_t k = 0; k < s->deps[i].nr; k++) {
			size_t j = s->deps[i].items[k];
			if (!set[j])
				continue;
			pending[i]++;
			index_list_add(&users[j], i);
		}
		if (pending[i] == 0)
			minheap_push(&ready, i);
	}
	while (ready.nr) {
		size_t key = minheap_pop(&ready), sweep = key / width, i = key % width;
		done[i] = true;
		order[n++] = i;
		/* a user later in the model is taken in this sweep, an earlier one in the next */
		for (size_t k = 0; k < users[i].nr; k++) {
			size_t u = users[i].items[k];
			if (--pending[u] == 0)
				minheap_push(&ready, (u > i ? sweep : sweep + 1) * width + u);
		}
	}
	/* a cycle: the rest in model order (PostgreSQL will say what is wrong) */
	for (size_t i = 0; n < want && i < s->nr; i++) {
		if (set[i] && !done[i])
			order[n++] = i;
	}
	for (size_t i = 0; i < s->nr; i++)
		free(users[i].items);
	free(users);
	free(pending);
	free(done);
	minheap_release(&ready);
	return n;
}

struct emit {
	struct diff *df;
	enum diff_phase phase;
};

static struct op *emit_op(struct emit *e, enum op_kind kind)
{
	struct op *op;

	ALLOC_GROW(e->df->ops, e->df->nr + 1, e->df->alloc);
	op = &e->df->ops[e->df->nr++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->phase = e->phase;
	op->object = DIFF_OBJECT;
	op->before_renames = e->phase == PHASE_DROP_DEPENDENTS;
	return op;
}

/* Creates (in order) of the objects of `to` whose fate is in fates, early or late. */
static void creates(struct emit *e, struct side *to, bool late)
{
	bool *set = xcalloc(to->nr + 1, sizeof(bool));
	size_t *order = xcalloc(to->nr + 1, sizeof(size_t)), n;

	for (size_t i = 0; i < to->nr; i++)
		set[i] = (to->fate[i] == FATE_NEW || to->fate[i] == FATE_REPLACED || to->fate[i] == FATE_REBUILT) &&
			 is_late(to, i, 0) == late;
	n = topo_order(to, set, order);
	for (size_t k = 0; k < n; k++) {
		const struct model_object *o = &to->m->objects[order[k]];
		struct op *op = emit_op(e, OP_CREATE_OBJECT);
		op->to.object = o;
		if (o->comment) {
			op = emit_op(e, OP_COMMENT);
			op->to.object = o;
			op->to_comment = o->comment;
		}
		/* right after its CREATE: what comes next may need the owner's rights */
		if (o->owner) {
			op = emit_op(e, OP_SET_OWNER);
			op->to.object = o;
			op->to_owner = o->owner;
		}
	}
	free(set);
	free(order);
}

/* Drops (in reverse order) of the objects of `from` whose fate is one of drop_fates, early or late. */
static void drops(struct emit *e, struct side *from, bool late, bool dropped_only)
{
	bool *set = xcalloc(from->nr + 1, sizeof(bool));
	size_t *order = xcalloc(from->nr + 1, sizeof(size_t)), n;

	for (size_t i = 0; i < from->nr; i++) {
		enum fate f = from->fate[i];
		bool goes = dropped_only ? f == FATE_DROPPED
					 : f == FATE_REPLACED || f == FATE_REBUILT || (late && f == FATE_DROPPED);
		set[i] = goes && is_late(from, i, 0) == late;
	}
	n = topo_order(from, set, order);
	while (n--) {
		const struct model_object *o = &from->m->objects[order[n]];
		struct op *op;
		/* cleared first, so that the down section puts the comment back */
		if (o->comment) {
			op = emit_op(e, OP_COMMENT);
			op->from.object = o;
			op->from_comment = o->comment;
		}
		/* likewise the owner (the up leaves it out: the drop takes it) */
		if (o->owner) {
			op = emit_op(e, OP_SET_OWNER);
			op->from.object = o;
			op->from_owner = o->owner;
		}
		op = emit_op(e, OP_DROP_OBJECT);
		op->from.object = o;
	}
	free(set);
	free(order);
}

/* ALTER ... RENAME of the objects renamed and otherwise kept (the others are made anew under the new name). */
static void renames(struct emit *e, struct side *to, bool late)
{
	for (size_t i = 0; i < to->nr; i++) {
		struct op *op;
		if (!to->renamed[i] || to->fate[i] != FATE_KEPT || is_late(to, i, 0) != late)
			continue;
		op = emit_op(e, OP_RENAME_OBJECT);
		op->from.object = &e->df->from->objects[to->other[i]];
		op->to.object = &to->m->objects[i];
	}
}

static void in_place(struct emit *e, struct side *to, bool late)
{
	for (size_t i = 0; i < to->nr; i++) {
		struct op *op;
		if (to->fate[i] != FATE_IN_PLACE || is_late(to, i, 0) != late)
			continue;
		op = emit_op(e, OP_REPLACE_OBJECT);
		op->from.object = &e->df->from->objects[to->other[i]];
		op->to.object = &to->m->objects[i];
	}
}

static void comments(struct emit *e, struct side *to)
{
	for (size_t i = 0; i < to->nr; i++) {
		const struct model_object *a, *b = &to->m->objects[i];
		struct op *op;
		if (to->fate[i] != FATE_KEPT && to->fate[i] != FATE_IN_PLACE)
			continue;
		a = &e->df->from->objects[to->other[i]];
		if (model_str_equal(a->comment, b->comment))
			continue;
		op = emit_op(e, OP_COMMENT);
		op->from.object = a;
		op->to.object = b;
		op->from_comment = a->comment;
		op->to_comment = b->comment;
	}
}

/* Owners of kept objects that changed (in place: an owner is no reason to create an object again). */
static void owners(struct emit *e, struct side *to)
{
	for (size_t i = 0; i < to->nr; i++) {
		const struct model_object *a, *b = &to->m->objects[i];
		struct op *op;
		if (to->fate[i] != FATE_KEPT && to->fate[i] != FATE_IN_PLACE)
			continue;
		a = &e->df->from->objects[to->other[i]];
		if (model_str_equal(a->owner, b->owner))
			continue;
		op = emit_op(e, OP_SET_OWNER);
		op->from.object = a;
		op->to.object = b;
		op->from_owner = a->owner;
		op->to_owner = b->owner;
	}
}

/* Stable: ops of one phase keep their order (the order they were made in is the index). */
static void sort_by_phase(struct diff *df)
{
	struct op *sorted = xcalloc(df->nr + 1, sizeof(*sorted));
	size_t n = 0;

	for (int p = 0; p < DIFF_NR_PHASES; p++) {
		for (size_t i = 0; i < df->nr; i++) {
			if ((int)df->ops[i].phase == p)
				sorted[n++] = df->ops[i];
		}
	}
	if (n) /* no operations: df->ops may be NULL, which memcpy() may not be given */
		memcpy(df->ops, sorted, n * sizeof(*sorted));
	free(sorted);
}

void diff_objects_plan(const struct model *from, const struct model *to, struct diff *df)
{
	struct side a, b;
	struct emit e = { df, PHASE_DROP_DEPENDENTS };

	if (!from->nr_objects && !to->nr_objects)
		return;
	side_init(&a, from);
	side_init(&b, to);
	decide_fates(&a, &b, df);

	e.phase = PHASE_DROP_DEPENDENTS;
	drops(&e, &a, true, false);
	e.phase = PHASE_EARLY_OBJECTS;
	drops(&e, &a, false, false);
	renames(&e, &b, false);
	in_place(&e, &b, false);
	creates(&e, &b, false);
	e.phase = PHASE_CREATE_DEPENDENTS;
	renames(&e, &b, true);
	in_place(&e, &b, true);
	creates(&e, &b, true);
	e.phase = PHASE_COMMENTS;
	comments(&e, &b);
	owners(&e, &b);
	e.phase = PHASE_DROP_EARLY_OBJECTS;
	drops(&e, &a, false, true);
	sort_by_phase(df);

	side_release(&a);
	side_release(&b);
}

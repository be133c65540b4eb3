/*
 * diff_kind: the table of object kinds, and the comparisons behind it.
 * Internal to diff/ (decide, compute and describe use it).
 *
 * Each kind of schema object is one entry of diff_kinds[], indexed by enum
 * diff_object: the operations that create, drop and rename it, the phases
 * they run in, where its objects live (in the model or in a table), how two
 * objects match across the two models and how a kept one is compared, its
 * name and comment. diff_compute() walks the table: one set-difference loop
 * for every kind that lives in a model, one for every kind that lives in a
 * table, one rename loop and one comment loop. Tables and columns match by
 * the decisions (renames), so their matching is diff_decide's; their
 * entries give the rest.
 *
 * To add a kind of object: an entry here (with its accessors), its ops in
 * diff.h, and the dialects' rendering of them.
 *
 * Ownership: everything returned is borrowed from the models or static.
 */
#ifndef MIG_DIFF_KIND_H
#define MIG_DIFF_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "diff_op.h"

struct diff_decisions;
struct diff_table_match;
struct strmap;

struct diff_kind {
	enum diff_object object;
	const char *noun;                   /* "unique", "index": in descriptions */
	enum op_kind create, drop;          /* the ops that make and remove one */
	enum op_kind rename;                /* OP_RENAME_*, or create when a changed name is a new object */
	enum diff_phase create_phase, drop_phase;
	bool in_create_table;               /* a new table's CREATE TABLE makes it (else its own op, after) */
	/* Kinds that live in a model (schemas, enums); NULL otherwise. */
	size_t (*model_count)(const struct model *m);
	const void *(*model_item)(const struct model *m, size_t i);
	const void *(*model_find)(const struct model *m, const void *like); /* the one of like's name in m */
	/* Kinds that live in a table (keys, checks, indexes); NULL otherwise. */
	size_t (*table_count)(const struct model_table *t);
	const void *(*table_item)(const struct model_table *t, size_t i);
	/* Is b (of the kept table p->to) what a (of p->from) was? Renames of columns applied. */
	bool (*same)(const struct diff_decisions *dd, const struct diff_table_match *p, const void *a,
		     const void *b);
	const char *(*name)(const void *obj);
	const char *(*comment)(const void *obj); /* NULL: the kind has no comments */
};

/* Every kind, in enum diff_object order (the order ops of one phase come in). */
extern const struct diff_kind diff_kinds[DIFF_NR_OBJECTS];


/* Is the enum type of col (of the old model) rebuilt by this migration? */
bool diff_kind_enum_rebuilt(const struct diff_decisions *dd, const struct model_column *col);

/*
 * The column kind's alter policy: sets op's retype, cast_via_text,
 * drop_default, set_default and retype_sequence from its from and to
 * columns (an OP_ALTER_TYPE, either direction).
 */
void diff_kind_plan_alter_type(struct op *op);

#endif

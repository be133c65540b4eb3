/*
 * diff: two models -> an ordered list of operations that turns the first
 * (the recorded state) into the second (the models), each with its exact
 * inverse. Dialects render operations as SQL: the up section is the list in
 * order, the down section the inverses in reverse order.
 *
 * Three steps, each its own module:
 *   decide   (diff_decide.h)   renames, fills and consent, from the options,
 *                              the model's renamed-from and the terminal,
 *                              gathered into one struct diff_decisions;
 *   compute  (this header)     diff_compute(): models x decisions -> ops, a
 *                              pure function (no I/O, no questions);
 *   describe (diff_describe.h) the human wording of ops and the SQL comments
 *                              a review must see.
 * diff_run() does decide and compute in one call.
 *
 * An operation is generic: an object kind (enum diff_object), the object
 * before and after (union diff_ref) and the table it is on. What each kind
 * is (how two objects match, compare, which ops create, drop and rename it,
 * in which phase) is one entry of the table of kinds (diff_kind.h).
 *
 * Order (dependency-correct) is the order of enum diff_phase below. The
 * down section runs the inverses backwards, so it has the same properties.
 *
 * Ownership: a struct diff owns its operations and the strings they carry
 * (fills, temporary names); the operations point into the two models
 * (borrowed), which must outlive it.
 */
#ifndef MIG_DIFF_H
#define MIG_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "ptrmap.h"

struct diag;
struct diff_decisions;
struct diff_options;
struct strbuf;

#include "diff_op.h"


struct diff_column_map {
	const struct model_column *from, *end; /* the columns of a kept table of `from` */
	const struct model_column *to;         /* the columns of the table it is in `to` */
	int *from_col_to;                      /* owned: per column of from, its index in to, or -1 */
};

struct diff {
	struct op *ops;
	size_t nr, alloc;
	const struct model *from, *to;
	struct ptrmap now_table;  /* a kept table of `from` -> it in `to` */
	/*
	 * A kept table's columns -> theirs in `to`: one entry a table, in
	 * the order of the columns' addresses (diff_now_column() finds a
	 * column's table by its address), not one a column.
	 */
	struct diff_column_map *column_maps;
	size_t nr_column_maps, alloc_column_maps;
	char **strings;           /* owned: fills and temporary names the ops borrow */
	size_t nr_strings, alloc_strings;
	/*
	 * The plan style, set by the caller before rendering (diff_online.h):
	 * online, a migration that waits only briefly for a lock; concurrent,
	 * also the one outside a transaction that makes the changes that
	 * moved (indexes CONCURRENTLY, constraints NOT VALID then validated).
	 */
	bool online, concurrent;
};

void diff_init(struct diff *df);
void diff_release(struct diff *df);

/*
 * Computes the operations from `from` to `to` (both finished models) with
 * the decisions dd made for these two models (diff_decide()). Asks nothing
 * and prints nothing. Returns 0, or -1 with d set when dd was made for
 * other models, or when a kept table changes what PostgreSQL cannot change
 * in place (its partition key, the table it is a partition of, the tables
 * it inherits from).
 */
int diff_compute(const struct model *from, const struct model *to, const struct diff_decisions *dd,
		 struct diff *out, struct diag *d);

/*
 * diff_decide() then diff_compute(): the operations from `from` to `to`.
 * Returns 0, or -1 with d set when a decision is missing (the message says
 * which options resolve it) or an option names nothing.
 */
int diff_run(struct diff *df, const struct model *from, const struct model *to,
	     const struct diff_options *opts, struct diag *d);

/*
 * Renames run early (after schemas and enums), so every later operation, up
 * or down, sees kept tables and columns under their new names. These map an
 * object of either model to the one whose name the database uses then.
 */
const struct model_table *diff_now_table(const struct diff *df, const struct model_table *t);
const struct model_column *diff_now_column(const struct diff *df, const struct model_column *c);

/* Records the tables and columns the decisions keep (diff_compute does). */
struct diff_decisions;
void diff_map_kept(struct diff *df, const struct diff_decisions *dd);

/* The name of an object of a kind (its entry in the table of kinds says how). */
const char *diff_object_name(enum diff_object object, union diff_ref ref);

/* Is t (of the old model) kept, under its new name or its own? c likewise. */
bool diff_table_kept(const struct diff *df, const struct model_table *t);
bool diff_column_kept(const struct diff *df, const struct model_column *c);

/* The inverse of op (from and to swapped, the kind inverted). */
void diff_invert(const struct op *op, struct op *inverse);

/*
 * The operations of the up section (in order) and of the down section (the
 * inverses in reverse order, one rebuild per enum whose added values go),
 * each without those a drop in the same section makes pointless (the
 * indexes and comments of a dropped table, enum or schema). Returns the
 * count; *out (caller frees the array) points into df->ops for the up, into
 * *inverses (caller frees) for the down: the up section's operations are
 * not copied (a migration of 1,000 tables has thousands).
 */
size_t diff_up_ops(const struct diff *df, const struct op ***out);
size_t diff_down_ops(const struct diff *df, struct op **inverses, const struct op ***out);

/* True when some operation loses data. */
bool diff_is_destructive(const struct diff *df);

#endif

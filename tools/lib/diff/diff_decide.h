/*
 * diff_decide: the decisions a migration needs from a person, gathered into
 * one value before anything is computed.
 *
 * - Renames: a dropped and an added table (or column) may be one object
 *   renamed. Stated by renamed-from in the model or --rename OLD=NEW; else,
 *   for a pair of the same shape, asked on the terminal; else an error (a
 *   drop needs --allow-destructive).
 * - Consent: a destructive change (drop a table or column, narrow a type,
 *   remove an enum value) needs --allow-destructive or a yes.
 * - Fills: a column made NOT NULL (or added NOT NULL to a kept table)
 *   without a default needs a value for existing rows: --fill T.C=LITERAL,
 *   an answer, or --no-fill T.C; a dropped NOT NULL column needs one for
 *   the down, which adds it back (--fill, else a placeholder).
 *
 * The terminal is reached only through the callbacks of struct
 * diff_options, which the caller provides (a test answers without one);
 * this module never reads stdin. Questions and messages are worded here.
 *
 * Ownership: struct diff_decisions owns its arrays and fill strings; it
 * points into the two models (borrowed), which must outlive it.
 */
#ifndef MIG_DIFF_DECIDE_H
#define MIG_DIFF_DECIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct diag;
struct model;
struct model_column;
struct model_table;

/* The answers a person gives, up front or when asked. */
struct diff_options {
	const char *const *renames; /* "old=new": table, table.column, schema.table[.column] */
	size_t nr_renames;
	const char *const *fills;   /* "table.column=literal" */
	size_t nr_fills;
	const char *const *no_fills; /* "table.column": existing rows need no fill */
	size_t nr_no_fills;
	bool allow_destructive;
	/*
	 * No row needs a fill anywhere (a folder written from recorded states
	 * for a database that starts empty, mig-gen's late folders).
	 */
	bool no_rows;
	/*
	 * Optional, on a terminal: ask a yes/no question (return 1 yes, 0 no);
	 * ask for a value (return an owned string, or NULL for none).
	 */
	int (*confirm)(void *ctx, const char *question);
	char *(*ask_value)(void *ctx, const char *question);
	void *ctx;
};

/* A table of the old model kept in the new one (under its name or another). */
struct diff_table_match {
	const struct model_table *from, *to;
	int *to_col_from; /* owned; per column of `to`: index of its column in `from`, or -1 (added) */
	int *from_col_to; /* owned; per column of `from`: index in `to`, or -1 (dropped) */
};

/* The value existing rows of a column get. */
struct diff_fill {
	const struct model_column *column; /* of the new model (up) or the old one (a dropped column's down) */
	char *value;                       /* owned; NULL: none needed */
	bool is_expr;                      /* value is the column's default expression */
	bool is_placeholder;               /* a guess of mig-gen's (the down of a dropped column) */
};

struct diff_decisions {
	const struct model *from, *to;       /* borrowed: the models decided about */
	struct diff_table_match *tables;     /* owned: the kept tables */
	size_t nr_tables;
	int *to_match;   /* owned; per table of `to`: index in tables, or -1 (new table) */
	int *from_match; /* owned; per table of `from`: index in tables, or -1 (dropped) */
	struct model_table_index from_index, to_index; /* tables by schema and name */
	struct diff_fill *fills;             /* owned */
	size_t nr_fills, alloc_fills;
};

void diff_decisions_init(struct diff_decisions *dd);
void diff_decisions_release(struct diff_decisions *dd);

/*
 * Makes every decision the migration from `from` to `to` needs, in the
 * order a person is asked: table renames, column renames, dropped tables,
 * dropped columns (and their down fills), removed enum values, fills of
 * added columns, narrowed types, fills of columns made NOT NULL. Returns 0,
 * or -1 with d set when a decision is missing (the message says which
 * options resolve it), an answer is no, or an option names nothing.
 */
int diff_decide(struct diff_decisions *dd, const struct model *from, const struct model *to,
		const struct diff_options *opts, struct diag *d);

/* The column of p->from that column k of p->to was, or NULL (an added column). */
const struct model_column *diff_decide_old_column(const struct diff_table_match *p, size_t k);

/* The fill decided for column c, or NULL. */
const struct diff_fill *diff_decide_fill(const struct diff_decisions *dd, const struct model_column *c);

#endif

/*
 * diff: two models -> an ordered list of operations that turns the first
 * (the recorded state) into the second (the models), each with its exact
 * inverse. Dialects render operations as SQL: the up section is the list in
 * order, the down section the inverses in reverse order.
 *
 * Order (dependency-correct): new schemas and enums; then what goes away,
 * under the old names: foreign keys (also those whose columns change type or
 * whose referenced key is rebuilt), constraints and indexes, removed tables,
 * dropped columns; then renames (a cycle of names goes through a temporary
 * name); then enum values and rebuilds, column changes, new constraints and
 * indexes of kept tables, new tables (referenced before referencing; foreign
 * keys that close a cycle added afterwards), new foreign keys, comments,
 * removed enums and schemas. The down section runs the inverses backwards,
 * so it has the same properties.
 *
 * Decisions that need a person: a dropped and an added column (or table) of
 * the same shape may be a rename; a destructive change (drop table or
 * column, narrowing type) needs consent; a column made NOT NULL without a
 * default needs a value for existing rows. struct diff_options carries the
 * answers given up front (renamed-from in the model, --rename, --fill,
 * --allow-destructive) and, on a terminal, callbacks that ask.
 *
 * Ownership: a struct diff owns its operations and their strings; the
 * operations point into the two models (borrowed), which must outlive it.
 */
#ifndef MIG_DIFF_H
#define MIG_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "strmap.h"

struct diag;
struct strbuf;

enum op_kind {
	OP_CREATE_SCHEMA,
	OP_DROP_SCHEMA,
	OP_CREATE_ENUM,
	OP_DROP_ENUM,
	OP_ADD_ENUM_VALUE,   /* to_enum gains value (before/after neighbour) */
	OP_REMOVE_ENUM_VALUE, /* inverse of ADD_ENUM_VALUE: a rebuild */
	OP_REBUILD_ENUM,     /* from_enum's values -> to_enum's values: new type, columns cast */
	OP_CREATE_TABLE,
	OP_DROP_TABLE,
	OP_RENAME_TABLE,
	OP_ADD_COLUMN,
	OP_DROP_COLUMN,
	OP_RENAME_COLUMN,
	OP_ALTER_TYPE,       /* type, raw type or collation */
	OP_SET_NOT_NULL,
	OP_DROP_NOT_NULL,
	OP_SET_DEFAULT,      /* from_column's default -> to_column's (either may be none) */
	OP_ADD_IDENTITY,
	OP_DROP_IDENTITY,
	OP_SET_IDENTITY,     /* ALWAYS <-> BY DEFAULT */
	OP_ADD_SERIAL,
	OP_DROP_SERIAL,
	OP_ADD_PRIMARY_KEY,
	OP_DROP_PRIMARY_KEY,
	OP_ADD_UNIQUE,
	OP_DROP_UNIQUE,
	OP_ADD_FOREIGN_KEY,
	OP_DROP_FOREIGN_KEY,
	OP_ADD_CHECK,
	OP_DROP_CHECK,
	OP_CREATE_INDEX,
	OP_DROP_INDEX,
	OP_RENAME_CONSTRAINT, /* pk, unique, fk or check: from_name -> to_name */
	OP_RENAME_INDEX,
	OP_COMMENT,          /* from_comment -> to_comment on a schema, enum, table, column or index */
};

enum op_target {
	TARGET_NONE,
	TARGET_SCHEMA,
	TARGET_ENUM,
	TARGET_TABLE,
	TARGET_COLUMN,
	TARGET_INDEX,
};

/*
 * One operation. "from" is the state before it, "to" the state after: a
 * CREATE has only to_*, a DROP only from_*. Pointers are borrowed from the
 * two models; for a table, from_table and to_table are the same table in
 * the old and the new model (the old one may have another name).
 */
struct op {
	enum op_kind kind;
	enum op_target target;        /* OP_COMMENT only */
	const struct model_schema *from_schema, *to_schema;
	const struct model_enum *from_enum, *to_enum;
	const struct model_table *from_table, *to_table;
	const struct model_column *from_column, *to_column;
	const struct model_primary_key *from_pk, *to_pk;
	const struct model_unique *from_unique, *to_unique;
	const struct model_foreign_key *from_fk, *to_fk;
	const struct model_check *from_check, *to_check;
	const struct model_index *from_index, *to_index;
	const char *from_name, *to_name;       /* renames; borrowed */
	const char *from_comment, *to_comment; /* OP_COMMENT; borrowed, NULL = none */
	const char *enum_value;                /* ADD/REMOVE_ENUM_VALUE */
	const char *enum_neighbour;            /* ADD_ENUM_VALUE: the value it goes next to, or NULL (last) */
	bool enum_before;                      /* ... before (true) or after the neighbour */
	bool *inline_fks;  /* owned; CREATE/DROP_TABLE: which of the table's foreign keys are in it */
	char *fill;        /* owned; SET_NOT_NULL, ADD_COLUMN: literal for existing NULL rows */
	bool fill_is_expr; /* fill is the column's default expression */
	bool fill_is_placeholder; /* DROP_COLUMN: fill is a guess of mig-gen's, said so in the down */
	bool values_lost;  /* DROP_COLUMN (and its inverse): the column's values do not come back */
	bool destructive;  /* data can be lost (up direction) */
	bool before_renames; /* runs before the renames: every name is as in its own model */
	char *tmp_name;    /* owned; a rename through a temporary name (to_name of this op) */
	/*
	 * REBUILD_ENUM, REMOVE_ENUM_VALUE: the model whose columns are in the
	 * database when the op runs (kept as is by diff_invert).
	 */
	const struct model *in_model;
};

struct diff {
	struct op *ops;
	size_t nr, alloc;
	const struct model *from, *to;
	struct strmap now_table;  /* "%p" of a kept table of `from` -> it in `to` */
	struct strmap now_column; /* "%p" of a kept column of `from` -> it in `to` */
};

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

void diff_init(struct diff *df);
void diff_release(struct diff *df);

/*
 * Computes the operations from `from` to `to` (both finished models).
 * Returns 0, or -1 with d set when a decision is missing (the message says
 * which options resolve it) or an option names nothing.
 */
int diff_compute(struct diff *df, const struct model *from, const struct model *to,
		 const struct diff_options *opts, struct diag *d);

/*
 * Renames run early (after schemas and enums), so every later operation, up
 * or down, sees kept tables and columns under their new names. These map an
 * object of either model to the one whose name the database uses then.
 */
const struct model_table *diff_now_table(const struct diff *df, const struct model_table *t);
const struct model_column *diff_now_column(const struct diff *df, const struct model_column *c);

/* Is t (of the old model) kept, under its new name or its own? c likewise. */
bool diff_table_kept(const struct diff *df, const struct model_table *t);
bool diff_column_kept(const struct diff *df, const struct model_column *c);

/*
 * Does a type change from a to b convert values (another type family, an
 * array dimension, a raw type, another enum) rather than just change a
 * modifier? Such a change goes through a USING cast, and the column's
 * default is dropped before it and set after it.
 */
bool diff_retypes_values(const struct model_column *a, const struct model_column *b);

/* The inverse of op (from and to swapped, the kind inverted). */
void diff_invert(const struct op *op, struct op *inverse);

/*
 * The operations of the up section (in order) and of the down section (the
 * inverses in reverse order, one rebuild per enum whose added values go),
 * each without those a drop in the same section makes pointless (the
 * indexes and comments of a dropped table, enum or schema). Returns the
 * count; *out (caller frees) holds copies whose pointers are borrowed.
 */
size_t diff_up_ops(const struct diff *df, struct op **out);
size_t diff_down_ops(const struct diff *df, struct op **out);

/* True when some operation loses data. */
bool diff_is_destructive(const struct diff *df);

/*
 * "-- destructive: ..." for op when it can lose data, into out (nothing
 * otherwise): what the review must see. types_enforced: the database
 * refuses values that do not fit a narrowed type (PostgreSQL; SQLite does
 * not).
 */
void diff_destructive_note(const struct op *op, bool types_enforced, struct strbuf *out);

/*
 * For an added column that a down puts back (op->values_lost): "-- t.c comes
 * back without its values: ..." when existing rows get a placeholder, or
 * NOT NULL will fail on them; nothing otherwise. t: the table as named then.
 */
void diff_lost_values_note(const struct op *op, const struct model_table *t, struct strbuf *out);

/* One line describing op for --check and review ("+ table project"). */
void diff_describe(const struct op *op, struct strbuf *out);

#endif

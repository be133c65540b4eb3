/*
 * diff_match: comparisons of two models' objects that need no decisions:
 * finding a table or column by name, and whether a type change keeps,
 * widens or converts values. Used by diff_decide and the table of kinds.
 */
#ifndef MIG_DIFF_MATCH_H
#define MIG_DIFF_MATCH_H

#include <stdbool.h>

struct model;
struct model_column;
struct model_enum;
struct model_table;


/* The index of column name in t, or -1. */
int diff_match_column_index(const struct model_table *t, const char *name);

/* Does type b hold every value of a (no consent needed to change a into b)? */
bool diff_match_type_widens(const struct model_column *a, const struct model_column *b);

/* Same type as far as the database is concerned (raw types and collation included). */
bool diff_match_column_type_same(const struct model_column *a, const struct model_column *b);

/*
 * Does a type change from a to b convert values (another type family, an
 * array dimension, a raw type, another enum) rather than just change a
 * modifier?
 */
bool diff_match_retypes_values(const struct model_column *a, const struct model_column *b);

/*
 * Can enum old become e by ALTER TYPE ... ADD VALUE (in model to)? The old
 * values keep their order, and no new value is used in this migration
 * (PostgreSQL refuses to use a value in the transaction that added it).
 */
bool diff_match_enum_grows_in_place(const struct model *to, const struct model_enum *old,
				   const struct model_enum *e);

#endif

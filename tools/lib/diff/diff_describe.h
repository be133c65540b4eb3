/*
 * diff_describe: operations in words. One line per operation for mig-gen
 * --check and review, and the SQL comments a migration carries where it can
 * lose data. The renderers call the notes; nothing here decides anything.
 *
 * Ownership: output goes into the caller's strbuf.
 */
#ifndef MIG_DIFF_DESCRIBE_H
#define MIG_DIFF_DESCRIBE_H

#include <stdbool.h>

struct model_table;
struct op;
struct strbuf;

/* One line describing op for --check and review ("+ table project"). */
void diff_describe(const struct op *op, struct strbuf *out);

/*
 * "-- destructive: ..." for op when it can lose data, into out (nothing
 * otherwise): what the review must see. types_enforced: the database
 * refuses values that do not fit a narrowed type (PostgreSQL; SQLite does
 * not).
 */
void diff_describe_destructive_note(const struct op *op, bool types_enforced, struct strbuf *out);

/*
 * For an added column that a down puts back (op->values_lost): "-- t.c comes
 * back without its values: ..." when existing rows get a placeholder, or
 * NOT NULL will fail on them; nothing otherwise. t: the table as named then.
 */
void diff_describe_lost_values_note(const struct op *op, const struct model_table *t, struct strbuf *out);

#endif

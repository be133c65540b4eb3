/*
 * lint_sqlite: SQLite's side of the lint (lint.h). SQLite has one lock, the
 * database's write lock, which every migration holds from start to end; what
 * matters is how long: a table rebuild (SQLite's documented procedure, as
 * dialect_sqlite_rebuild.h writes it, and as hand-written ones look: a new
 * table, INSERT ... SELECT, DROP TABLE, ALTER TABLE ... RENAME TO) copies
 * every row. With a database, the finding says how many rows. dialect_sqlite's
 * ->lint.
 */
#ifndef MIG_LINT_SQLITE_H
#define MIG_LINT_SQLITE_H

struct diag;
struct lint_report;
struct lint_section;

int lint_sqlite_section(const struct lint_section *sec, struct lint_report *out, struct diag *d);

#endif

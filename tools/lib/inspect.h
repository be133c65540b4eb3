/*
 * inspect: a live database read back into a model, with a fixed number of
 * catalog queries whatever the number of tables (eight for PostgreSQL).
 *
 * Faithful to every model feature: schemas, enums, tables, columns (types
 * with length/precision/arrays, raw types for anything else, nullability,
 * literal and expression defaults, identity, serial = an owned sequence
 * behind nextval(), collations, comments), primary keys, unique constraints
 * (NULLS NOT DISTINCT, deferrable), foreign keys (actions, deferrable),
 * checks, indexes (unique, method, partial, expressions, INCLUDE, order,
 * collation, operator class, comments). The tool's own table mig_history
 * and objects that belong to extensions are left out. What the model cannot
 * express (exclusion constraints, generated columns, ...) is skipped with a
 * warning.
 *
 * A SQLite database is read by inspect_sqlite() (inspect_sqlite.h), its
 * main database being the default schema as "public" is on PostgreSQL.
 *
 * Ownership: objects go into the caller's model; warnings are appended to
 * the caller's strbuf, one line each.
 */
#ifndef MIG_INSPECT_H
#define MIG_INSPECT_H

#include <stddef.h>

struct db;
struct diag;
struct model;
struct strbuf;

/*
 * Reads schemas (nr_schemas names, "public" or, on SQLite, "main" for the
 * default one; 0: every user schema) of db into m,
 * every object with app `app` (may be ""), and finishes m. Returns 0 or -1.
 */
int inspect_database(struct db *db, const char *const *schemas, size_t nr_schemas,
		     const char *app, struct model *m, struct strbuf *warnings, struct diag *d);

#endif

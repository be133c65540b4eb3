/*
 * inspect: a live database read back into a model, by the catalog reader of
 * the connection's dialect (dialect.h): inspect_pg.h for PostgreSQL,
 * inspect_sqlite.h for SQLite, whose main database is the default schema
 * as "public" is on PostgreSQL. Their headers say what each reads, leaves
 * out, and warns about.
 *
 * Ownership: objects go into the caller's model; warnings are appended to
 * the caller's strbuf, one line each ("note: " lines are notes, the rest
 * warnings); the connection stays the caller's.
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
 * default one; 0: every user schema) of db into m, every object with app
 * `app` (may be ""), and finishes m. Returns 0 or -1.
 */
int inspect_database(struct db *db, const char *const *schemas, size_t nr_schemas,
		     const char *app, struct model *m, struct strbuf *warnings, struct diag *d);

#endif

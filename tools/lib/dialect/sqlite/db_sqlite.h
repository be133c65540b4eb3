/*
 * db_sqlite: the SQLite side of db.h, behind db_open(), db_exec(),
 * db_query() and db_close() (db.c chooses by the dialect); db.h says what
 * the functions do. The catalog reader (inspect_sqlite.h) opens through
 * db_sqlite_open_read_only().
 */
#ifndef MIG_DB_SQLITE_H
#define MIG_DB_SQLITE_H

struct db;
struct db_config;
struct db_error;
struct db_result;
struct diag;
struct strbuf;

int db_sqlite_open(struct db *db, const struct db_config *cfg, struct diag *d);
/*
 * db_open() of cfg's SQLite database for a reader: the file must exist
 * (it is never created: "database file X does not exist") and is opened
 * read-only, with the schema files beside it attached as db_open() does;
 * one that cannot be attached, or is not a SQLite database, is left out
 * with a line appended to warnings ("X cannot be attached (why); schema
 * "s" is left out"). db_close() or db_sqlite_close() closes it. Returns 0
 * or -1 with d set.
 */
int db_sqlite_open_read_only(struct db *db, const struct db_config *cfg, struct strbuf *warnings,
			     struct diag *d);
void db_sqlite_close(struct db *db);
int db_sqlite_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);
int db_sqlite_query(struct db *db, const char *sql, int nparams, const char *const *params,
		    struct db_result *res, struct diag *d);

#endif

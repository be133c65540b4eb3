/*
 * db_sqlite: the SQLite side of db.h, behind db_open(), db_exec(),
 * db_query() and db_close() (db.c chooses by the dialect). Only db.c
 * includes this header; db.h says what the functions do.
 */
#ifndef MIG_DB_SQLITE_H
#define MIG_DB_SQLITE_H

struct db;
struct db_config;
struct db_error;
struct db_result;
struct diag;

int db_sqlite_open(struct db *db, const struct db_config *cfg, struct diag *d);
void db_sqlite_close(struct db *db);
int db_sqlite_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);
int db_sqlite_query(struct db *db, const char *sql, int nparams, const char *const *params,
		    struct db_result *res, struct diag *d);

#endif

/*
 * db_pg: the PostgreSQL backend of db.h (libpq), behind db_open(),
 * db_exec(), db_query() and db_close() through dialect_pg (dialect.h);
 * db.h says what the functions do. db_pg_open() retries, up to
 * wait_seconds, only what a starting server says (connection refused, the
 * socket missing, starting up, shutting down); notices are not the tool's
 * output and are dropped.
 */
#ifndef MIG_DB_PG_H
#define MIG_DB_PG_H

#include <stdbool.h>

struct db;
struct db_config;
struct db_error;
struct db_result;
struct diag;

int db_pg_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	       void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
void db_pg_close(struct db *db);
int db_pg_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);
int db_pg_query(struct db *db, const char *sql, int nparams, const char *const *params,
		struct db_result *res, struct diag *d);
const char *db_pg_value(const struct db_result *res, int row, int col);
void db_pg_result_release(struct db_result *res);
bool db_pg_error_lock_timeout(const struct db_error *err);

/*
 * Runs a query like db_pg_query(), and gives its rows one at a time to
 * row (a result of one row, row 0, valid only during the call; libpq's
 * single-row mode), so that a large result is never held whole. row
 * returns 0, or -1 (with d set) to stop: the rest of the rows are read and
 * dropped. Returns 0, or -1 with d set.
 */
int db_pg_query_rows(struct db *db, const char *sql, int nparams, const char *const *params,
		     int (*row)(void *ctx, const struct db_result *res), void *ctx, struct diag *d);

#endif

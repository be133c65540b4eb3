/*
 * db: a small interface over libpq (and sqlite3): connect, run SQL, read
 * rows. Errors carry the server's SQLSTATE, message, detail and hint, and
 * never the password (config.h).
 *
 * Ownership: a struct db owns its connection; a struct db_result owns its
 * rows. Values returned by db_value() live as long as the result.
 */
#ifndef MIG_DB_H
#define MIG_DB_H

#include <stdbool.h>

#include "config.h"

struct diag;

struct db {
	enum db_dialect dialect;
	void *conn;              /* PGconn * or sqlite3 * */
	const struct db_config *cfg; /* borrowed */
	int server_version;      /* PostgreSQL's server_version_num, 0 for SQLite */
};

struct db_result {
	void *res;  /* PGresult * */
	int nrows, ncols;
};

/* An error from the server: what db functions put in struct diag's detail etc. */
struct db_error {
	char sqlstate[6];
	int position;    /* 1-based character position in the query, 0 when unknown */
	int results_ok;  /* statements of a multi-statement query that completed */
};

/*
 * Connects, as application_name app_name (NULL: libpq's default).
 * wait_seconds > 0 retries while the server is starting. Returns 0 or -1.
 */
int db_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	    struct diag *d);
void db_close(struct db *db);

/*
 * Runs sql (one or more statements, no results wanted) in one round trip.
 * On failure sets d (message, detail, hint) and, when err is non-NULL, the
 * SQLSTATE, position and how many statements completed before the failing
 * one. Returns 0 or -1.
 */
int db_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);

/* Runs one query with text parameters ($1...). Returns 0 or -1. */
int db_query(struct db *db, const char *sql, int nparams, const char *const *params,
	     struct db_result *res, struct diag *d);
/* A value, or NULL for SQL NULL. */
const char *db_value(const struct db_result *res, int row, int col);
/* A boolean column ("t"). */
bool db_bool(const struct db_result *res, int row, int col);
void db_result_release(struct db_result *res);

#endif

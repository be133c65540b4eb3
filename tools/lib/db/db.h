/*
 * db: a small interface over the database backends: connect, run SQL, read
 * rows. Each call goes to the backend of the connection's dialect
 * (dialect.h): libpq (dialect/pg/db_pg.c) or sqlite3
 * (dialect/sqlite/db_sqlite.c, whose header says what it adds: schemas as
 * attached files, CREATE and DROP SCHEMA, the busy timeout). Errors carry
 * the server's SQLSTATE (PostgreSQL) or SQLite's result code, the message,
 * detail and hint, and never the password (config.h).
 *
 * Ownership: a struct db owns its connection; a struct db_result owns its
 * rows. Values returned by db_value() live as long as the result.
 */
#ifndef MIG_DB_H
#define MIG_DB_H

#include <stdbool.h>

#include <stddef.h>

#include "config.h"

struct db_result;
struct dialect;
struct diag;
struct strbuf;

struct db {
	const struct dialect *dialect; /* the backend: cfg's dialect */
	void *conn;              /* the backend's connection (PGconn *, sqlite3 *) */
	const struct db_config *cfg; /* borrowed */
	int server_version;      /* PostgreSQL's server_version_num, 0 for SQLite */
	void *backend;           /* the backend's own bookkeeping of the connection, or NULL */
};

struct db_result {
	const struct dialect *dialect; /* whose rows: db_value() and db_result_release() go there */
	void *res;     /* the backend's rows (owned) */
	int nrows, ncols;
};

/* An error from the server: what db functions put in struct diag's detail etc. */
struct db_error {
	char sqlstate[6];  /* PostgreSQL's SQLSTATE; "" for SQLite */
	int sqlite_code;   /* SQLite's extended result code; 0 for PostgreSQL */
	int position;      /* 1-based character position in the query, 0 when unknown */
	int results_ok;    /* statements of a multi-statement query that completed */
};

/*
 * Connects, as application_name app_name (NULL: libpq's default).
 * wait_seconds > 0 retries while the server is starting (PostgreSQL; a
 * SQLite file needs no waiting). A SQLite database file is created when
 * missing, with its folder. Returns 0 or -1.
 */
int db_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	    struct diag *d);
/*
 * db_open(), calling on_wait (may be NULL) once when the first attempt
 * fails and it starts waiting, with wait_seconds; giving up after waiting
 * says so ("cannot connect to X after waiting 30 s: ...").
 */
int db_open_waiting(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
		    void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
void db_close(struct db *db);

/*
 * A connection started ahead of db_open_started(), so that the server
 * starts its session (PostgreSQL: a new backend, its authentication)
 * while the tool reads its folder: db_start() begins without waiting,
 * db_start_poll() (called between files: migscan.h's tick) answers the
 * server as it answers, db_open_started() waits for the rest.
 * SQLite has nothing to start (a file opens in microseconds).
 */
struct db_start {
	const struct db_config *cfg; /* borrowed: the database being connected to */
	void *pending;               /* the backend's connection under way (owned), or NULL */
};

void db_start(struct db_start *s, const struct db_config *cfg, const char *app_name);
/*
 * Takes the started connection's next steps that need no waiting for the
 * server (its answers so far); a host name's lookup is libpq's, and blocks.
 */
void db_start_poll(void *s);
/*
 * Asks a query ahead on the started connection s: sent once the
 * connection is up (from db_start_poll()), after the query asked before
 * it has answered, and only if if_prev (NULL: always) says yes to that
 * answer. db_query_asked() right after db_open_started() takes the
 * answers, in order. params: nparams strings, none NULL (copied). Nothing
 * for SQLite (no connection is started).
 */
void db_start_ask(struct db_start *s, const char *sql, int nparams, const char *const *params,
		  bool (*if_prev)(const struct db_result *prev));
/*
 * db_open_waiting(), through s's connection when s (may be NULL) was
 * started on this very cfg (the pointer): it is then taken (s keeps
 * nothing) and its outcome is the first attempt's, reported and retried
 * exactly as db_open_waiting()'s own would be. Else as db_open_waiting().
 */
int db_open_started(struct db *db, struct db_start *s, const struct db_config *cfg, const char *app_name,
		    int wait_seconds, void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
/* Is s (may be NULL) a connection under way to this very cfg? */
bool db_started_on(const struct db_start *s, const struct db_config *cfg);
/* Closes a started connection that no db_open_started() took. */
void db_start_release(struct db_start *s);

/*
 * Runs sql (one or more statements, no results wanted) in one round trip.
 * On failure sets d (message, detail, hint) and, when err is non-NULL, the
 * SQLSTATE, position and how many statements completed before the failing
 * one. Returns 0 or -1.
 */
int db_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);

/*
 * Runs one query with text parameters: $1, $2 ... (SQLite also takes ?1
 * and ?). Returns 0 or -1.
 */
int db_query(struct db *db, const char *sql, int nparams, const char *const *params,
	     struct db_result *res, struct diag *d);
/*
 * db_query(), answered by what db_start_ask() asked ahead when its next
 * answer is of this very sql and params (each answer is taken once); any
 * other query or statement on db drops what was asked ahead, so that
 * nothing answers from before it. For the first queries after
 * db_open_started(), and nothing between (history_read_brief()).
 */
int db_query_asked(struct db *db, const char *sql, int nparams, const char *const *params,
		   struct db_result *res, struct diag *d);
/* A value, or NULL for SQL NULL. */
const char *db_value(const struct db_result *res, int row, int col);
/* A boolean column ("t" from PostgreSQL, 1 from SQLite). */
bool db_bool(const struct db_result *res, int row, int col);
void db_result_release(struct db_result *res);

/* Did the statement on db give up waiting for a lock (lock_timeout, or SQLite's busy timeout)? */
bool db_error_lock_timeout(const struct db *db, const struct db_error *err);

/*
 * Is there a database to read? Always true for PostgreSQL (only connecting
 * tells); for SQLite, whether the file exists, so that a tool that only
 * reads (mig-heads, mig-apply --sql) does not create it.
 */
bool db_exists(const struct db_config *cfg);

#endif

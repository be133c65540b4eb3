/*
 * db: a small interface over libpq and sqlite3: connect, run SQL, read
 * rows. Errors carry the server's SQLSTATE (PostgreSQL) or SQLite's result
 * code, the message, detail and hint, and never the password (config.h).
 *
 * SQLite (db_sqlite.c): the database is a file (or a "file:" URI, such as
 * "file:NAME?mode=memory&cache=shared"); a PostgreSQL schema is a database
 * file of its own next to it, attached under the schema's name
 * (docs/sqlite.md). db_open() creates the file's folder, attaches every
 * schema file it finds, and sets a busy timeout of 30 s, so that a second
 * writer waits. db_exec() runs the statements one by one (SQLite's own
 * tokenizer finds where each ends) and carries out what SQLite lacks:
 *
 *   CREATE SCHEMA [IF NOT EXISTS] "s"   attaches the schema file, creating
 *                                       it
 *   DROP SCHEMA [IF EXISTS] "s" [CASCADE | RESTRICT]
 *                                       detaches it and removes the file;
 *                                       refused while it holds anything,
 *                                       unless CASCADE
 *   PRAGMA foreign_key_check            fails when it lists any row,
 *                                       naming the first
 *
 * Inside a transaction, the file of a dropped schema goes when the
 * transaction commits, and the file of a created one when it rolls back,
 * so that either the schema and its tables change together or nothing does.
 *
 * Ownership: a struct db owns its connection; a struct db_result owns its
 * rows. Values returned by db_value() live as long as the result.
 */
#ifndef MIG_DB_H
#define MIG_DB_H

#include <stdbool.h>

#include <stddef.h>

#include "config.h"

struct diag;
struct strbuf;

struct db {
	enum db_dialect dialect;
	void *conn;              /* PGconn * or sqlite3 * */
	const struct db_config *cfg; /* borrowed */
	int server_version;      /* PostgreSQL's server_version_num, 0 for SQLite */
	void *sqlite_state;      /* SQLite: the connection's schema bookkeeping (db_sqlite.c) */
};

struct db_result {
	void *res;     /* PGresult * */
	char **cells;  /* SQLite: nrows * ncols owned values, row by row, NULL for SQL NULL */
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
/* A value, or NULL for SQL NULL. */
const char *db_value(const struct db_result *res, int row, int col);
/* A boolean column ("t" from PostgreSQL, 1 from SQLite). */
bool db_bool(const struct db_result *res, int row, int col);
void db_result_release(struct db_result *res);

/* Did the statement give up waiting for a lock (lock_timeout, or SQLite's busy timeout)? */
bool db_error_lock_timeout(const struct db_error *err);

/*
 * Is there a database to read? Always true for PostgreSQL (only connecting
 * tells); for SQLite, whether the file exists, so that a tool that only
 * reads (mig-heads, mig-apply --sql) does not create it.
 */
bool db_exists(const struct db_config *cfg);

/*
 * SQLite's files. main is a db_config's sqlite_path: a file name, or a
 * "file:" URI (SQLite's URI filenames: a query such as ?mode=memory&cache=
 * shared is kept), or ":memory:".
 *
 * db_sqlite_filename(): 1 and the file's path in file when main names a
 * file; 0 for an in-memory database (":memory:", "", mode=memory).
 *
 * db_sqlite_schema_path(): the file (or URI) of schema s, into out: the
 * schema's name before the last extension of the file's name
 * (var/dev.sqlite3 -> var/dev.s.sqlite3; var/data -> var/data.s;
 * file:NAME?mode=memory&cache=shared -> file:NAME.s?mode=memory&cache=shared).
 * ":memory:" gives ":memory:" (a private database of its own).
 *
 * db_sqlite_schema_files(): the schemas whose files exist next to main's
 * file, sorted (an owned array of owned names; fs_free_list()); none for
 * an in-memory database, whose schemas live only as long as the
 * connections that have them attached.
 */
int db_sqlite_filename(const char *main, struct strbuf *file);
void db_sqlite_schema_path(const char *main, const char *schema, struct strbuf *out);
size_t db_sqlite_schema_files(const char *main, char ***schemas);

#endif

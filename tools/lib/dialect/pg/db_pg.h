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
#include <stddef.h>

struct db;
struct db_config;
struct db_error;
struct db_result;
struct diag;
struct strbuf;

int db_pg_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	       void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
/*
 * db_start()'s connection (libpq's PQconnectStartParams()), driven by
 * db_pg_start_poll() as far as the server has answered; the rest waits
 * for db_pg_open_started(), which gives up waiting at the connection's
 * connect_timeout (libpq leaves that to the caller of PQconnectPoll()):
 * one host, with libpq's "timeout expired"; a list of hosts, by
 * connecting the blocking way, whose libpq moves on to the next host.
 */
void *db_pg_start(const struct db_config *cfg, const char *app_name);
void db_pg_start_poll(void *pending);
void db_pg_start_ask(void *pending, const char *sql, int nparams, const char *const *params,
		     bool (*if_prev)(const struct db_result *prev));
int db_pg_query_asked(struct db *db, const char *sql, int nparams, const char *const *params,
		      struct db_result *res, struct diag *d);
int db_pg_open_started(struct db *db, const struct db_config *cfg, void *pending, const char *app_name,
		       int wait_seconds, void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
void db_pg_start_release(void *pending);
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

/*
 * Exports the snapshot of db's open REPEATABLE READ transaction into id,
 * and the connection's application name into app (for db_pg_open_twin()).
 * Returns 0, or -1 with d set.
 */
int db_pg_export_snapshot(struct db *db, struct strbuf *id, struct strbuf *app, struct diag *d);

/*
 * A second connection into a transaction's snapshot, for reading in
 * parallel: opens twin on the server and database of cfg, as app, in a
 * REPEATABLE READ READ ONLY transaction that sees the snapshot that
 * db_pg_export_snapshot() gave, then runs then (statements, or NULL: SET
 * LOCAL ...). Touches nothing of the first connection (another thread may
 * open it while the first one runs queries). The caller closes it with
 * db_close(). Returns 0, or -1 with d set (twin closed).
 */
int db_pg_open_twin(struct db *twin, const struct db_config *cfg, const char *app, const char *snapshot,
		    const char *then, struct diag *d);

/* One query of a stream: as db_pg_query_rows()'s arguments. */
struct db_pg_rows_query {
	const char *sql;
	int nparams;
	const char *const *params;
	int (*row)(void *ctx, const struct db_result *res);
	void *ctx;
};

/* Queries to run one after another on one connection. */
struct db_pg_stream {
	struct db *db;
	const struct db_pg_rows_query *queries;
	size_t nr;
	size_t next; /* internal: the next query to send */
	bool busy;   /* internal: a query's results are being read */
};

/*
 * Runs nr (at most 4) streams at once, each on its own connection: each
 * stream's queries in order, as db_pg_query_rows() would, while the
 * others' run on their servers' backends; rows are given to their
 * functions as they come, in one thread (row functions of different
 * streams may touch the same data). The first error stops every stream
 * from sending more; the results of what was sent are read. Returns 0, or
 * -1 with d set.
 */
int db_pg_query_rows_streams(struct db_pg_stream *streams, size_t nr, struct diag *d);

#endif

/* The libpq backend of db.h. */
#include "db_pg.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "strbuf.h"
#include "banned.h"

/* libpq's messages end in a newline; ours do not, and never show a password. */
static void clean_pq_message(const struct db_config *cfg, const char *msg, struct strbuf *out)
{
	strbuf_addstr(out, msg ? msg : "");
	strbuf_rtrim(out);
	config_mask_secret(cfg, out);
}

/* Notices (IF EXISTS skips, ...) are not the tool's output. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int db_pg_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	       void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	bool waited = false;
	/* a second dbname (libpq takes it as a plain name) picks another database of the server */
	const char *keys[] = { "dbname", "fallback_application_name", cfg->dbname ? "dbname" : NULL, NULL };
	const char *values[] = { cfg->conninfo, app_name, cfg->dbname, NULL };
	/* to the millisecond: time()'s whole seconds made --wait 1 give up at once half the time */
	long deadline = now_ms() + 1000L * wait_seconds;

	for (;;) {
		PGconn *conn = PQconnectdbParams(keys, values, 1);
		struct strbuf msg = STRBUF_INIT;
		long left = deadline - now_ms();

		if (PQstatus(conn) == CONNECTION_OK) {
			db->conn = conn;
			db->server_version = PQserverVersion(conn);
			PQsetNoticeProcessor(conn, ignore_notice, NULL);
			return 0;
		}
		/* retry only what a starting server says: refused, or starting up */
		if (wait_seconds > 0 && left > 0 &&
		    (PQconnectionNeedsPassword(conn) == 0) &&
		    (strstr(PQerrorMessage(conn), "Connection refused") ||
		     strstr(PQerrorMessage(conn), "starting up") ||
		     strstr(PQerrorMessage(conn), "No such file or directory") ||
		     strstr(PQerrorMessage(conn), "shutting down"))) {
			PQfinish(conn);
			if (!waited && on_wait)
				on_wait(ctx, wait_seconds);
			waited = true;
			/* the last attempt at the deadline itself */
			sleep_ms(left < 500 ? left : 500);
			continue;
		}
		clean_pq_message(cfg, PQerrorMessage(conn), &msg);
		/* keep the first line: libpq repeats the reason per address */
		if (strchr(msg.buf, '\n'))
			strbuf_setlen(&msg, (size_t)(strchr(msg.buf, '\n') - msg.buf));
		if (waited)
			diag_error(d, "cannot connect to %s after waiting %d s: %s", cfg->display, wait_seconds,
				   msg.buf);
		else
			diag_error(d, "cannot connect to %s: %s", cfg->display, msg.buf);
		strbuf_release(&msg);
		PQfinish(conn);
		return -1;
	}
}

void db_pg_close(struct db *db)
{
	if (db->conn)
		PQfinish(db->conn);
	db->conn = NULL;
}

static int result_error(struct db *db, PGresult *res, struct db_error *err, struct diag *d)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	struct strbuf msg = STRBUF_INIT;

	clean_pq_message(db->cfg, primary ? primary : PQerrorMessage(db->conn), &msg);
	if (state)
		diag_error(d, "%s (SQLSTATE %s)", msg.buf, state);
	else
		diag_error(d, "%s", msg.buf);
	if (detail) {
		strbuf_reset(&msg);
		clean_pq_message(db->cfg, detail, &msg);
		diag_detail(d, "%s", msg.buf);
	}
	if (hint) {
		strbuf_reset(&msg);
		clean_pq_message(db->cfg, hint, &msg);
		diag_hint(d, "%s", msg.buf);
	}
	if (err) {
		memset(err, 0, sizeof(*err));
		if (state)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%.5s", state);
		err->position = pos ? (int)strtol(pos, NULL, 10) : 0;
	}
	strbuf_release(&msg);
	return -1;
}

int db_pg_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d)
{
	PGresult *res;
	int ret = 0, ok = 0;

	if (!PQsendQuery(db->conn, sql))
		return result_error(db, NULL, err, d);
	/* every result of a multi-statement string; the first error wins */
	while ((res = PQgetResult(db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (ret == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
			ret = result_error(db, res, err, d);
			if (err)
				err->results_ok = ok;
		} else if (ret == 0) {
			ok++;
		}
		PQclear(res);
	}
	if (ret == 0 && PQstatus(db->conn) != CONNECTION_OK)
		ret = result_error(db, NULL, err, d);
	return ret;
}

int db_pg_query(struct db *db, const char *sql, int nparams, const char *const *params,
		struct db_result *out, struct diag *d)
{
	PGresult *res;

	res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	memset(out, 0, sizeof(*out));
	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
		result_error(db, res, NULL, d);
		PQclear(res);
		return -1;
	}
	out->res = res;
	out->nrows = PQntuples(res);
	out->ncols = PQnfields(res);
	return 0;
}

const char *db_pg_value(const struct db_result *res, int row, int col)
{
	if (PQgetisnull(res->res, row, col))
		return NULL;
	return PQgetvalue(res->res, row, col);
}

void db_pg_result_release(struct db_result *res)
{
	if (res->res)
		PQclear(res->res);
	memset(res, 0, sizeof(*res));
}

bool db_pg_error_lock_timeout(const struct db_error *err)
{
	/* lock_not_available: PostgreSQL's lock_timeout */
	return strcmp(err->sqlstate, "55P03") == 0;
}

int db_pg_query_rows(struct db *db, const char *sql, int nparams, const char *const *params,
		     int (*row)(void *ctx, const struct db_result *res), void *ctx, struct diag *d)
{
	PGresult *res;
	int ret = 0;

	if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0))
		return result_error(db, NULL, NULL, d);
	if (!PQsetSingleRowMode(db->conn)) {
		/* cannot happen right after the send; read it all then, as db_pg_query() */
		diag_error(d, "cannot read rows one at a time");
		ret = -1;
	}
	/* every result up to the end: rows, the closing empty one, or an error */
	while ((res = PQgetResult(db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (ret == 0 && st == PGRES_SINGLE_TUPLE) {
			struct db_result one = { db->dialect, res, 1, PQnfields(res) };
			ret = row(ctx, &one);
		} else if (ret == 0 && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			ret = result_error(db, res, NULL, d);
		}
		PQclear(res);
	}
	return ret;
}

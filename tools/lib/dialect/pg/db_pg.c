/* The libpq backend of db.h. */
#include "db_pg.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
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

/* The connection's parameters: cfg's conninfo, app_name unless it names one, cfg's other database. */
static void conn_params(const struct db_config *cfg, const char *app_name, const char *keys[4], const char *values[4])
{
	/* a second dbname (libpq takes it as a plain name) picks another database of the server */
	keys[0] = "dbname";
	values[0] = cfg->conninfo;
	keys[1] = "fallback_application_name";
	values[1] = app_name;
	keys[2] = cfg->dbname ? "dbname" : NULL;
	values[2] = cfg->dbname;
	keys[3] = values[3] = NULL;
}

/*
 * Connects, retrying up to wait_seconds what a starting server says; the
 * first attempt is first (owned) when given, else a blocking connect.
 */
static int open_attempts(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
			 void (*on_wait)(void *ctx, int seconds), void *ctx, PGconn *first, struct diag *d)
{
	bool waited = false;
	const char *keys[4], *values[4];
	/* to the millisecond: time()'s whole seconds made --wait 1 give up at once half the time */
	long deadline = now_ms() + 1000L * wait_seconds;

	conn_params(cfg, app_name, keys, values);
	for (;;) {
		PGconn *conn = first ? first : PQconnectdbParams(keys, values, 1);
		struct strbuf msg = STRBUF_INIT;
		long left = deadline - now_ms();

		first = NULL;
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

int db_pg_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	       void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	return open_attempts(db, cfg, app_name, wait_seconds, on_wait, ctx, NULL, d);
}

/* A query asked ahead (db_start_ask()): its text and parameters (owned), and its answer once read. */
struct pg_ask {
	char *sql;
	char **params;
	int nparams;
	bool (*if_prev)(const struct db_result *prev);
	PGresult *answer;
};

/* A connection under way: libpq's state machine and what it last asked to wait for. */
struct pg_start {
	PGconn *conn;
	PostgresPollingStatusType poll;
	long timeout;  /* connect_timeout in ms, 0: none */
	long deadline; /* now_ms() at which db_pg_open_started() stops waiting */
	bool several;  /* a list of hosts */
	bool invalid;  /* a connect_timeout libpq would refuse */
	const struct dialect *dialect; /* the answers' rows are read through it */
	struct pg_ask *asks;
	size_t nr_asks, alloc_asks;
	size_t next;    /* the first ask not answered */
	bool in_flight; /* asks[next] is sent */
	bool stopped;   /* an answer failed, or if_prev said no: nothing more is sent */
};

/* What an open connection keeps of its start (db->backend): the answers not yet taken, in order. */
struct pg_answers {
	struct pg_ask *asks;
	size_t nr, taken;
};

static void ask_release(struct pg_ask *a)
{
	free(a->sql);
	for (int i = 0; i < a->nparams; i++)
		free(a->params[i]);
	free(a->params);
	PQclear(a->answer);
}

static void answers_free(struct pg_answers *an)
{
	if (!an)
		return;
	for (size_t i = 0; i < an->nr; i++)
		ask_release(&an->asks[i]);
	free(an->asks);
	free(an);
}

/* Any other use of the connection first: what was asked ahead is no longer the database's answer. */
static void drop_answers(struct db *db)
{
	answers_free(db->backend);
	db->backend = NULL;
}

/*
 * What libpq leaves to PQconnectPoll()'s caller: the connection's
 * connect_timeout into s (libpq's rule: under 2 s counts as 2 s), and
 * whether it names several hosts (a timeout on one moves on to the next).
 */
static void read_timeout(struct pg_start *s)
{
	PQconninfoOption *opts = PQconninfo(s->conn);

	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!o->val || !*o->val)
			continue;
		if (strcmp(o->keyword, "connect_timeout") == 0) {
			char *end;
			long seconds = strtol(o->val, &end, 10);
			/* not a whole number: the blocking connect says so, as libpq does */
			if (*end || end == o->val)
				s->invalid = true;
			/* a day at most: a deadline that never overflows */
			seconds = seconds > 86400 ? 86400 : seconds;
			s->timeout = seconds <= 0 ? 0 : 1000L * (seconds < 2 ? 2 : seconds);
		} else if (strcmp(o->keyword, "host") == 0 || strcmp(o->keyword, "hostaddr") == 0) {
			s->several = s->several || strchr(o->val, ',');
		}
	}
	PQconninfoFree(opts);
}

/*
 * Drives s's connection while the server answers before until (now_ms();
 * 0: only what is ready now, waiting for nothing). True when libpq has
 * finished, connected or failed.
 */
static bool advance(struct pg_start *s, long until)
{
	while (s->poll != PGRES_POLLING_OK && s->poll != PGRES_POLLING_FAILED) {
		struct pollfd p = { PQsocket(s->conn), s->poll == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0 };
		long left = until ? until - now_ms() : 0;
		int n;

		if (until && left <= 0)
			return false;
		/* no socket (between hosts): PQconnectPoll() moves on or fails, nothing to wait for */
		n = p.fd < 0 ? 1 : poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false; /* poll() itself failed: not a wait that ends, the caller's timeout path */
		if (n == 0 && !until)
			return false; /* nothing more without waiting */
		if (n == 0)
			continue; /* the loop's clock says whether the wait is over */
		/* ready, or the socket failed: PQconnectPoll() says which, and moves on */
		s->poll = PQconnectPoll(s->conn);
	}
	return true;
}

/*
 * Sends s's asks one after the other once the connection is up, and reads
 * their answers as they come; with finish, only the answer of the one
 * sent, waiting for it (the connection is then free for the tool).
 */
static void asks_progress(struct pg_start *s, bool finish)
{
	while (s->poll == PGRES_POLLING_OK && !s->stopped && s->next < s->nr_asks) {
		struct pg_ask *a = &s->asks[s->next];
		PGresult *res;

		if (!s->in_flight) {
			struct db_result prev = { 0 };
			if (finish)
				return;
			if (s->next > 0) {
				PGresult *p = s->asks[s->next - 1].answer;
				prev = (struct db_result){ s->dialect, p, PQntuples(p), PQnfields(p) };
			}
			if ((a->if_prev && !a->if_prev(&prev)) ||
			    !PQsendQueryParams(s->conn, a->sql, a->nparams, NULL, (const char *const *)a->params, NULL,
					       NULL, 0)) {
				s->stopped = true;
				return;
			}
			s->in_flight = true;
		}
		/* every result of the query, then NULL: without finish, only as far as they are here */
		for (;;) {
			if (!finish && (!PQconsumeInput(s->conn) || PQisBusy(s->conn)))
				return;
			res = PQgetResult(s->conn);
			if (!res)
				break;
			if (!a->answer)
				a->answer = res;
			else
				PQclear(res);
		}
		s->in_flight = false;
		if (PQresultStatus(a->answer) != PGRES_TUPLES_OK) {
			/* asked again the usual way, it fails the usual way */
			PQclear(a->answer);
			a->answer = NULL;
			s->stopped = true;
			return;
		}
		s->next++;
	}
}

void *db_pg_start(const struct db_config *cfg, const char *app_name)
{
	const char *keys[4], *values[4];
	struct pg_start *s;
	PGconn *conn;

	conn_params(cfg, app_name, keys, values);
	conn = PQconnectStartParams(keys, values, 1);
	if (!conn || PQstatus(conn) == CONNECTION_BAD) {
		/* the blocking connect tells why */
		PQfinish(conn);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->conn = conn;
	s->poll = PGRES_POLLING_WRITING; /* libpq's rule: first wait until the socket takes a write */
	read_timeout(s);
	if (s->invalid) {
		/* the blocking connect tells why */
		PQfinish(conn);
		free(s);
		return NULL;
	}
	s->deadline = s->timeout ? now_ms() + s->timeout : LONG_MAX;
	s->dialect = cfg->dialect;
	advance(s, 0);
	return s;
}

void db_pg_start_poll(void *pending)
{
	if (advance(pending, 0))
		asks_progress(pending, false);
}

void db_pg_start_ask(void *pending, const char *sql, int nparams, const char *const *params,
		     bool (*if_prev)(const struct db_result *prev))
{
	struct pg_start *s = pending;
	struct pg_ask *a;

	ALLOC_GROW(s->asks, s->nr_asks + 1, s->alloc_asks);
	a = &s->asks[s->nr_asks++];
	memset(a, 0, sizeof(*a));
	a->sql = xstrdup(sql);
	a->nparams = nparams;
	a->params = xcalloc((size_t)nparams + 1, sizeof(char *));
	for (int i = 0; i < nparams; i++)
		a->params[i] = xstrdup(params[i]);
	a->if_prev = if_prev;
	db_pg_start_poll(s);
}

/* The answers s read (its asks then belong to them), or NULL; frees s's asks and s. */
static struct pg_answers *start_free(struct pg_start *s)
{
	struct pg_answers *an = NULL;

	if (s->next) {
		an = xcalloc(1, sizeof(*an));
		an->asks = s->asks;
		an->nr = s->next;
		for (size_t i = s->next; i < s->nr_asks; i++)
			ask_release(&s->asks[i]);
	} else {
		for (size_t i = 0; i < s->nr_asks; i++)
			ask_release(&s->asks[i]);
		free(s->asks);
	}
	free(s);
	return an;
}

int db_pg_open_started(struct db *db, const struct db_config *cfg, void *pending, const char *app_name,
		       int wait_seconds, void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	struct pg_start *s = pending;
	PGconn *first = s->conn;
	bool several = s->several;
	struct pg_answers *answers;
	int ret;

	if (!advance(s, s->deadline)) {
		struct strbuf where = STRBUF_INIT;

		/* the server never answered within connect_timeout: said as libpq's blocking connect says it */
		if (PQhost(first) && PQhost(first)[0] == '/')
			strbuf_addf(&where, "on socket \"%s/.s.PGSQL.%s\"", PQhost(first), PQport(first));
		else
			strbuf_addf(&where, "at \"%s\", port %s", PQhost(first) ? PQhost(first) : "", PQport(first));
		PQfinish(first);
		answers_free(start_free(s));
		/* a list of hosts: the blocking connect, whose libpq moves on to the next host */
		if (several)
			ret = open_attempts(db, cfg, app_name, wait_seconds, on_wait, ctx, NULL, d);
		else
			ret = diag_error(d, "cannot connect to %s: connection to server %s failed: timeout expired",
					 cfg->display, where.buf);
		strbuf_release(&where);
		return ret;
	}
	/* the query in flight answered: the connection is the tool's */
	asks_progress(s, true);
	answers = start_free(s);
	ret = open_attempts(db, cfg, app_name, wait_seconds, on_wait, ctx, first, d);
	if (ret == 0)
		db->backend = answers;
	else
		answers_free(answers);
	return ret;
}

void db_pg_start_release(void *pending)
{
	struct pg_start *s = pending;

	PQfinish(s->conn);
	answers_free(start_free(s));
}

void db_pg_close(struct db *db)
{
	drop_answers(db);
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

	drop_answers(db);
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

/* Is a the query of sql with params? */
static bool same_ask(const struct pg_ask *a, const char *sql, int nparams, const char *const *params)
{
	if (strcmp(a->sql, sql) != 0 || a->nparams != nparams)
		return false;
	for (int i = 0; i < nparams; i++) {
		if (strcmp(a->params[i], params[i]) != 0)
			return false;
	}
	return true;
}

int db_pg_query_asked(struct db *db, const char *sql, int nparams, const char *const *params,
		      struct db_result *out, struct diag *d)
{
	struct pg_answers *an = db->backend;

	if (an && an->taken < an->nr && same_ask(&an->asks[an->taken], sql, nparams, params)) {
		PGresult *res = an->asks[an->taken].answer;
		an->asks[an->taken++].answer = NULL;
		if (an->taken == an->nr)
			drop_answers(db);
		memset(out, 0, sizeof(*out));
		out->res = res;
		out->nrows = PQntuples(res);
		out->ncols = PQnfields(res);
		return 0;
	}
	return db_pg_query(db, sql, nparams, params, out, d);
}

int db_pg_query(struct db *db, const char *sql, int nparams, const char *const *params,
		struct db_result *out, struct diag *d)
{
	PGresult *res;

	drop_answers(db);
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

/* One result of a query in single-row mode: a row to row, or an error; frees res. */
static void one_result(struct db *db, PGresult *res, int (*row)(void *ctx, const struct db_result *res), void *ctx,
		       int *ret, struct diag *d)
{
	ExecStatusType st = PQresultStatus(res);

	if (*ret == 0 && st == PGRES_SINGLE_TUPLE) {
		struct db_result one = { db->dialect, res, 1, PQnfields(res) };
		*ret = row(ctx, &one);
	} else if (*ret == 0 && st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		*ret = result_error(db, res, NULL, d);
	}
	PQclear(res);
}

int db_pg_query_rows(struct db *db, const char *sql, int nparams, const char *const *params,
		     int (*row)(void *ctx, const struct db_result *res), void *ctx, struct diag *d)
{
	PGresult *res;
	int ret = 0;

	drop_answers(db);
	if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0))
		return result_error(db, NULL, NULL, d);
	if (!PQsetSingleRowMode(db->conn)) {
		/* cannot happen right after the send; read it all then, as db_pg_query() */
		diag_error(d, "cannot read rows one at a time");
		ret = -1;
	}
	/* every result up to the end: rows, the closing empty one, or an error */
	while ((res = PQgetResult(db->conn)) != NULL)
		one_result(db, res, row, ctx, &ret, d);
	return ret;
}

int db_pg_export_snapshot(struct db *db, struct strbuf *id, struct strbuf *app, struct diag *d)
{
	/* the simple protocol: a statement, not one of the catalog queries (tests count those) */
	PGresult *res = (drop_answers(db), PQexec(db->conn, "SELECT pg_export_snapshot()"));
	const char *name = PQparameterStatus(db->conn, "application_name");
	int ret = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		ret = result_error(db, res, NULL, d);
	} else {
		strbuf_addstr(id, PQgetvalue(res, 0, 0));
		strbuf_addstr(app, name ? name : "");
	}
	PQclear(res);
	return ret;
}

int db_pg_open_twin(struct db *twin, const struct db_config *cfg, const char *app, const char *snapshot,
		    const char *then, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	memset(twin, 0, sizeof(*twin));
	/* the server's own identifier (hex digits and dashes): nothing to quote */
	if (!*snapshot || strspn(snapshot, "0123456789ABCDEFabcdef-") != strlen(snapshot))
		return diag_error(d, "unexpected snapshot identifier \"%s\"", snapshot);
	twin->cfg = cfg;
	twin->dialect = cfg->dialect;
	if (db_pg_open(twin, cfg, app, 0, NULL, NULL, d) < 0)
		return -1;
	strbuf_addf(&sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '%s'", snapshot);
	if (then)
		strbuf_addf(&sql, "; %s", then);
	ret = db_pg_exec(twin, sql.buf, NULL, d);
	strbuf_release(&sql);
	if (ret < 0)
		db_pg_close(twin);
	return ret;
}

/* Sends stream s's next query, unless there is none or an error stopped every stream. */
static void stream_send(struct db_pg_stream *s, int *ret, struct diag *d)
{
	const struct db_pg_rows_query *q;

	if (*ret != 0 || s->next >= s->nr)
		return;
	q = &s->queries[s->next++];
	drop_answers(s->db);
	if (!PQsendQueryParams(s->db->conn, q->sql, q->nparams, NULL, q->params, NULL, NULL, 0)) {
		*ret = result_error(s->db, NULL, NULL, d);
		return;
	}
	s->busy = true;
	if (!PQsetSingleRowMode(s->db->conn))
		*ret = diag_error(d, "cannot read rows one at a time");
}

/* Reads the results of s that have come, and sends its next queries as the last ones end. */
static void stream_read(struct db_pg_stream *s, int *ret, struct diag *d)
{
	PGconn *conn = s->db->conn;

	for (;;) {
		if (!s->busy) {
			stream_send(s, ret, d);
			if (!s->busy)
				return;
		}
		if (PQisBusy(conn))
			return;
		for (PGresult *res; !PQisBusy(conn);) {
			const struct db_pg_rows_query *q = &s->queries[s->next - 1];
			if ((res = PQgetResult(conn)) == NULL) {
				s->busy = false;
				break;
			}
			one_result(s->db, res, q->row, q->ctx, ret, d);
		}
	}
}

int db_pg_query_rows_streams(struct db_pg_stream *streams, size_t nr, struct diag *d)
{
	struct pollfd fds[4];
	struct db_pg_stream *of[4];
	int ret = 0;

	if (nr > 4)
		return diag_error(d, "at most 4 streams");
	for (;;) {
		nfds_t nfds = 0;
		for (size_t i = 0; i < nr; i++) {
			stream_read(&streams[i], &ret, d);
			if (streams[i].busy) {
				fds[nfds].fd = PQsocket(streams[i].db->conn);
				fds[nfds].events = POLLIN;
				fds[nfds].revents = 0;
				of[nfds++] = &streams[i];
			}
		}
		if (!nfds)
			return ret;
		if (poll(fds, nfds, -1) < 0) {
			int err = errno;
			if (err == EINTR)
				continue;
			/* cannot wait: libpq's blocking reads end what was sent */
			for (nfds_t i = 0; i < nfds; i++) {
				PGresult *res;
				while ((res = PQgetResult(of[i]->db->conn)) != NULL)
					PQclear(res);
				of[i]->busy = false;
				of[i]->next = of[i]->nr;
			}
			return ret == 0 ? diag_error(d, "cannot wait for the server: %s", strerror(err)) : ret;
		}
		for (nfds_t i = 0; i < nfds; i++) {
			PGresult *res;
			if (!fds[i].revents || PQconsumeInput(of[i]->db->conn))
				continue;
			/* the connection is lost: libpq's own (blocking) reading says so and ends the query */
			while ((res = PQgetResult(of[i]->db->conn)) != NULL)
				one_result(of[i]->db, res, of[i]->queries[of[i]->next - 1].row,
					   of[i]->queries[of[i]->next - 1].ctx, &ret, d);
			of[i]->busy = false;
			if (ret == 0)
				ret = result_error(of[i]->db, NULL, NULL, d);
			of[i]->next = of[i]->nr;
		}
	}
}

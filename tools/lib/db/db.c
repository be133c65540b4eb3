#include "db.h"

#include <string.h>

#include "dialect.h"
#include "banned.h"

int db_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
	    struct diag *d)
{
	return db_open_waiting(db, cfg, app_name, wait_seconds, NULL, NULL, d);
}

int db_open_waiting(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
		    void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->dialect = cfg->dialect;
	return cfg->dialect->open(db, cfg, app_name, wait_seconds, on_wait, ctx, d);
}

void db_start(struct db_start *s, const struct db_config *cfg, const char *app_name)
{
	s->cfg = cfg;
	s->pending = cfg->dialect->start ? cfg->dialect->start(cfg, app_name) : NULL;
}

void db_start_poll(void *s)
{
	struct db_start *st = s;

	if (st->pending)
		st->cfg->dialect->start_poll(st->pending);
}

void db_start_ask(struct db_start *s, const char *sql, int nparams, const char *const *params,
		  bool (*if_prev)(const struct db_result *prev))
{
	if (s->pending)
		s->cfg->dialect->start_ask(s->pending, sql, nparams, params, if_prev);
}

bool db_started_on(const struct db_start *s, const struct db_config *cfg)
{
	return s && s->cfg == cfg && s->pending;
}

int db_open_started(struct db *db, struct db_start *s, const struct db_config *cfg, const char *app_name,
		    int wait_seconds, void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	void *pending = db_started_on(s, cfg) ? s->pending : NULL;

	if (!pending)
		return db_open_waiting(db, cfg, app_name, wait_seconds, on_wait, ctx, d);
	s->pending = NULL;
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->dialect = cfg->dialect;
	return cfg->dialect->open_started(db, cfg, pending, app_name, wait_seconds, on_wait, ctx, d);
}

void db_start_release(struct db_start *s)
{
	if (s->pending)
		s->cfg->dialect->start_release(s->pending);
	s->pending = NULL;
}

void db_close(struct db *db)
{
	if (db->dialect)
		db->dialect->close(db);
	db->conn = NULL;
}

int db_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d)
{
	return db->dialect->exec(db, sql, err, d);
}

int db_query(struct db *db, const char *sql, int nparams, const char *const *params,
	     struct db_result *out, struct diag *d)
{
	int ret = db->dialect->query(db, sql, nparams, params, out, d);

	/* the backend fills (or, on failure, empties) out; whose rows they are is said here */
	out->dialect = db->dialect;
	return ret;
}

int db_query_asked(struct db *db, const char *sql, int nparams, const char *const *params,
		   struct db_result *out, struct diag *d)
{
	int ret;

	if (!db->dialect->query_asked)
		return db_query(db, sql, nparams, params, out, d);
	ret = db->dialect->query_asked(db, sql, nparams, params, out, d);
	out->dialect = db->dialect;
	return ret;
}

const char *db_value(const struct db_result *res, int row, int col)
{
	return res->dialect->value(res, row, col);
}

bool db_bool(const struct db_result *res, int row, int col)
{
	const char *v = db_value(res, row, col);
	return v && (strcmp(v, "t") == 0 || strcmp(v, "1") == 0);
}

void db_result_release(struct db_result *res)
{
	if (res->dialect)
		res->dialect->result_release(res);
	memset(res, 0, sizeof(*res));
}

bool db_error_lock_timeout(const struct db *db, const struct db_error *err)
{
	return db->dialect->error_lock_timeout(err);
}

bool db_exists(const struct db_config *cfg)
{
	return cfg->dialect->exists(cfg);
}

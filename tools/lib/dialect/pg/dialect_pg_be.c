/*
 * dialect_pg: PostgreSQL's table of dialect.h, and what it holds that is
 * not a module of its own: the version tables' SQL, the transactions, the
 * run lock (advisory locks) and the scratch database.
 */
#include "dialect.h"

#include <stdlib.h>

#include "backup_pg.h"
#include "db.h"
#include "db_pg.h"
#include "ddl_effect.h"
#include "dialect_pg.h"
#include "diag.h"
#include "lint_pg.h"
#include "inspect_pg.h"
#include "model.h"
#include "resume_pg.h"
#include "diff.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static void pg_append_ident(struct strbuf *out, const char *name)
{
	struct dialect_pg pg;

	dialect_pg_dialect_init(&pg);
	dialect_pg_append_ident(&pg, out, name);
	dialect_pg_dialect_release(&pg);
}

/* What the model can say and PostgreSQL cannot: a virtual generated column (PostgreSQL 18 has them). */
static int pg_check_model(const struct model *m, struct diag *d)
{
	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];
		for (size_t k = 0; k < t->nr_columns; k++) {
			const struct model_column *c = &t->columns[k];
			if (c->extra->generated && c->generated_virtual) {
				diag_error_at(d, model_column_loc(t, c).file, c->line,
					      "column %s.%s: PostgreSQL has stored generated columns only", t->name,
					      c->name);
				diag_hint(d, "write generated-storage=\"stored\", or write SQLite migrations only "
					  "(--dialect sqlite)");
				return -1;
			}
		}
	}
	return 0;
}

static int pg_render(const struct diff *df, struct strbuf *up, struct strbuf *down, struct diag *d)
{
	struct dialect_pg pg;

	if (pg_check_model(df->to, d) < 0 || pg_check_model(df->from, d) < 0)
		return -1;
	dialect_pg_dialect_init(&pg);
	dialect_pg_render_migration(&pg, df, up, down);
	dialect_pg_dialect_release(&pg);
	return 0;
}

static long pg_transaction_control(const char *text, const struct sql_script *script, const char **what)
{
	return sqlsplit_transaction_control(text, script, false, what);
}

/* PostgreSQL's SQL is read by PostgreSQL's parser, offline (ddl_effect.h). */
static int pg_ddl_apply(struct model *m, const struct dialect_script *s, struct ddl_effect *fx, struct diag *d)
{
	struct ddl_effect_script sc = { s->file, s->first_line, s->sql, s->app };

	return ddl_effect_apply(m, &sc, fx, d);
}

static int pg_ddl_list(const struct model *before, const struct dialect_script *s, struct ddl_effect *fx,
		       struct diag *d)
{
	struct ddl_effect_script sc = { s->file, s->first_line, s->sql, s->app };

	(void)before; /* the parser needs no schema to list statements */
	return ddl_effect_list(&sc, fx, d);
}

static void pg_append_user(struct strbuf *out)
{
	strbuf_addstr(out, "current_user");
}

static const struct dialect_history pg_history = {
	.table_exists = "SELECT to_regclass(quote_ident($1)) IS NOT NULL",
	/* the times as SQLite writes them: UTC, milliseconds */
	.select_rows = "SELECT revision, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
		       "to_char(duration, 'HH24:MI:SS.MS'), applied_by, "
		       "tool_version, dirty, operation, progress FROM " MIG_HISTORY_TABLE
		       " WHERE app = $1 ORDER BY applied_at, revision",
	.select_seeds = "SELECT name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM "
			MIG_SEEDS_TABLE " ORDER BY name",
	.create = "CREATE TABLE IF NOT EXISTS " MIG_HISTORY_TABLE " (\n"
		  "    app text NOT NULL DEFAULT '',\n"
		  "    revision text NOT NULL,\n"
		  "    checksum text NOT NULL,\n"
		  "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
		  "    duration interval,\n"
		  "    applied_by text NOT NULL DEFAULT current_user,\n"
		  "    tool_version text NOT NULL,\n"
		  "    dirty boolean NOT NULL DEFAULT false,\n"
		  "    operation text,\n"
		  "    progress integer,\n"
		  "    PRIMARY KEY (app, revision)\n"
		  ")",
	.seeds_applied_at = "timestamptz NOT NULL DEFAULT now()",
	.now = "now()",
	.true_sql = "true",
	.false_sql = "false",
	.since_applied = "clock_timestamp() - applied_at",
	/* now() is the transaction's start: the server measures the migration */
	.since_start = "clock_timestamp() - now()",
	.append_user = pg_append_user,
};

static const char *const pg_begin[] = { "BEGIN", NULL };
static const char *const pg_none[] = { NULL };

static void pg_append_lock_timeout(struct strbuf *out, int ms)
{
	strbuf_addf(out, "SET lock_timeout = '%dms'", ms);
}

/* --- the run lock: a session-level advisory lock per database and app ---- */

struct pg_lock {
	struct db lockdb; /* the connection that holds the lock */
};

static int advisory_lock(struct db *db, const char *kind, const struct dialect_wait *w, bool report_wait,
			 struct diag *d)
{
	struct db_result res;
	const char *params[2] = { kind, w->app ? w->app : "" };
	bool got;

	if (db_query(db, "SELECT pg_try_advisory_lock(hashtextextended("
			 "'mig ' || $1 || ' ' || current_database() || ' ' || $2, 0))",
		     2, params, &res, d) < 0)
		return -1;
	got = db_bool(&res, 0, 0);
	db_result_release(&res);
	if (got)
		return 0;
	if (report_wait && w->waiting)
		w->waiting(w->ctx);
	if (db_query(db, "SELECT pg_advisory_lock(hashtextextended("
			 "'mig ' || $1 || ' ' || current_database() || ' ' || $2, 0))",
		     2, params, &res, d) < 0)
		return -1;
	db_result_release(&res);
	return 0;
}

static int pg_lock_and_open(const struct db_config *cfg, const struct dialect_wait *w, void **lock, struct db *db,
			    struct diag *d)
{
	struct pg_lock *l = xcalloc(1, sizeof(*l));
	struct strbuf name = STRBUF_INIT;
	bool have_db = db->conn != NULL;

	*lock = NULL;
	strbuf_addf(&name, "%s lock", w->app_name);
	if (db_open_waiting(&l->lockdb, cfg, name.buf, w->wait_seconds, w->connect_wait, w->ctx, d) < 0) {
		strbuf_release(&name);
		free(l);
		if (have_db)
			db_close(db);
		return -1;
	}
	strbuf_release(&name);
	if (advisory_lock(&l->lockdb, "run", w, true, d) < 0)
		goto fail;
	if (!have_db && db_open(db, cfg, w->app_name, w->wait_seconds, d) < 0)
		goto fail;
	have_db = true;
	/* a killed run's server process may still be finishing its last query */
	if (advisory_lock(db, "apply", w, false, d) < 0)
		goto fail;
	*lock = l;
	return 0;
fail:
	if (have_db)
		db_close(db);
	db_close(&l->lockdb);
	free(l);
	return -1;
}

static void pg_unlock(void *lock)
{
	struct pg_lock *l = lock;

	if (!l)
		return;
	db_close(&l->lockdb);
	free(l);
}

/* --- mig-check's scratch database: one of the server's --------------------- */

static int pg_create_database(struct db *admin, const char *name, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	strbuf_addf(&sql, "CREATE DATABASE %s", name);
	ret = db_exec(admin, sql.buf, NULL, d);
	strbuf_release(&sql);
	return ret;
}

static int pg_drop_database(struct db *admin, const char *name, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	/* FORCE (PostgreSQL 13): a connection left behind must not keep it */
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS %s%s", name, admin->server_version >= 130000 ? " WITH (FORCE)" : "");
	ret = db_exec(admin, sql.buf, NULL, d);
	strbuf_release(&sql);
	return ret;
}

static int pg_inspect_config(const struct db_config *cfg, const char *app_name, const char *const *schemas,
			     size_t nr_schemas, const char *app, struct model *m, struct strbuf *warnings,
			     struct diag *d)
{
	struct db db;
	int ret;

	if (db_open(&db, cfg, app_name, 0, d) < 0)
		return -1;
	ret = inspect_pg(&db, schemas, nr_schemas, app, m, warnings, d);
	db_close(&db);
	return ret;
}

/* Only connecting tells whether a server's database is there. */
static bool pg_exists(const struct db_config *cfg)
{
	(void)cfg;
	return true;
}

const struct dialect dialect_pg = {
	.concurrent_outside_transaction = true,
	.name = "pgsql",
	.display_name = "PostgreSQL",
	.append_ident = pg_append_ident,
	.append_literal = dialect_pg_append_literal,
	.render = pg_render,
	.normalize_model = NULL,
	.split = sqlsplit_pg,
	.transaction_control = pg_transaction_control,
	.ddl_apply = pg_ddl_apply,
	.ddl_list = pg_ddl_list,
	.history = &pg_history,
	.begin = pg_begin,
	.begin_seeds = pg_begin,
	.each_statement = pg_none,
	.before_commit = pg_none,
	.append_lock_timeout = pg_append_lock_timeout,
	.error_lock_timeout = db_pg_error_lock_timeout,
	.lock_and_open = pg_lock_and_open,
	.unlock = pg_unlock,
	.memory_url = NULL,
	.create_database = pg_create_database,
	.drop_database = pg_drop_database,
	.inspect = inspect_pg,
	.inspect_config = pg_inspect_config,
	.backup = backup_pg_run,
	.open = db_pg_open,
	.start = db_pg_start,
	.start_poll = db_pg_start_poll,
	.start_ask = db_pg_start_ask,
	.open_started = db_pg_open_started,
	.start_release = db_pg_start_release,
	.close = db_pg_close,
	.exec = db_pg_exec,
	.query = db_pg_query,
	.query_asked = db_pg_query_asked,
	.value = db_pg_value,
	.result_release = db_pg_result_release,
	.exists = pg_exists,
	.outside_transaction = resume_pg_outside_transaction,
	.session_setting = resume_pg_session_setting,
	.leftovers = resume_pg_leftovers,
	.lint = lint_pg_section,
};

/*
 * dialect_sqlite: SQLite's table of dialect.h, and what it holds that is
 * not a module of its own: the version tables' SQL, the transactions, the
 * run lock (flock() on the database file) and the in-memory scratch
 * database.
 */
#include "dialect.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "backup_sqlite.h"
#include "config.h"
#include "db.h"
#include "db_sqlite.h"
#include "ddl_replay_sqlite.h"
#include "dialect_sqlite.h"
#include "diag.h"
#include "lint_sqlite.h"
#include "fs.h"
#include "inspect_sqlite.h"
#include "model.h"
#include "model_sqlite.h"
#include "model_xml.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static long sqlite_transaction_control(const char *text, const struct sql_script *script, const char **what)
{
	return sqlsplit_transaction_control(text, script, true, what);
}

/* SQLite's SQL is read by SQLite itself, replayed in memory (ddl_replay_sqlite.h). */
static int sqlite_ddl_apply(struct model *m, const struct dialect_script *s, struct ddl_effect *fx,
			    struct diag *d)
{
	struct ddl_replay_script rs = { s->file, s->first_line, s->sql, s->app, s->dir, s->parent };

	return ddl_replay_sqlite(m, &rs, fx, d);
}

/* Replayed on a copy of the state before it: what SQLite says each statement does. */
static int sqlite_ddl_list(const struct model *before, const struct dialect_script *s, struct ddl_effect *fx,
			   struct diag *d)
{
	struct model scratch = MODEL_INIT;
	int ret = model_xml_copy(before, &scratch, d) == 0 && sqlite_ddl_apply(&scratch, s, fx, d) == 0 ? 0 : -1;

	model_release(&scratch);
	return ret;
}

/* Who applies: SQLite has no users, so the OS user's name (or uid) stands in. */
static void sqlite_append_user(struct strbuf *out)
{
	struct passwd *pw = getpwuid(geteuid());
	struct strbuf uid = STRBUF_INIT;

	if (pw && pw->pw_name) {
		dialect_sqlite_append_literal(out, pw->pw_name);
	} else {
		strbuf_addf(&uid, "uid %ld", (long)geteuid());
		dialect_sqlite_append_literal(out, uid.buf);
	}
	strbuf_release(&uid);
}

/*
 * SQLite's times: UTC text with milliseconds. 'now' is fixed for one
 * statement and moves between statements, so a duration is the time since
 * the row's applied_at, formatted as HH:MM:SS.SSS.
 */
#define SQLITE_NOW "strftime('%Y-%m-%d %H:%M:%f', 'now')"
#define SQLITE_SINCE_APPLIED \
	"strftime('%H:%M:%f', (julianday('now') - julianday(applied_at)) * 86400.0, 'unixepoch')"

static const struct dialect_history sqlite_history = {
	.table_exists = "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = $1",
	.select_rows = "SELECT revision, checksum, applied_at, duration, applied_by, "
		       "tool_version, dirty, operation, progress FROM " MIG_HISTORY_TABLE
		       " WHERE app = $1 ORDER BY applied_at, revision",
	.select_seeds = "SELECT name, checksum, applied_at FROM " MIG_SEEDS_TABLE " ORDER BY name",
	.create = "CREATE TABLE IF NOT EXISTS " MIG_HISTORY_TABLE " (\n"
		  "    app text NOT NULL DEFAULT '',\n"
		  "    revision text NOT NULL,\n"
		  "    checksum text NOT NULL,\n"
		  "    applied_at text NOT NULL DEFAULT (" SQLITE_NOW "),\n"
		  "    duration text,\n"
		  "    applied_by text NOT NULL,\n"
		  "    tool_version text NOT NULL,\n"
		  "    dirty boolean NOT NULL DEFAULT 0,\n"
		  "    operation text,\n"
		  "    progress integer,\n"
		  "    PRIMARY KEY (app, revision)\n"
		  ")",
	.seeds_applied_at = "text NOT NULL DEFAULT (" SQLITE_NOW ")",
	.now = SQLITE_NOW,
	.true_sql = "1",
	.false_sql = "0",
	.since_applied = SQLITE_SINCE_APPLIED,
	.since_start = NULL,
	.append_user = sqlite_append_user,
};

/*
 * BEGIN IMMEDIATE takes the write lock at once (a second writer waits for
 * it, up to the busy timeout, instead of failing at its first write).
 * Foreign keys are off while migrations run (a table rebuild drops a table
 * that others reference), set before every transaction, where SQLite takes
 * it: a migration that turned them on would otherwise let the next
 * rebuild's DROP TABLE cascade into the rows of other tables; so the
 * transaction checks them all before it commits. Seeds are data: their
 * foreign keys are enforced, cascades included, as the application has
 * them.
 */
static const char *const sqlite_begin[] = { "PRAGMA foreign_keys = OFF", "BEGIN IMMEDIATE", NULL };
static const char *const sqlite_begin_seeds[] = { "PRAGMA foreign_keys = ON", "BEGIN IMMEDIATE", NULL };
static const char *const sqlite_each_statement[] = { "PRAGMA foreign_keys = OFF", NULL };
static const char *const sqlite_before_commit[] = { "PRAGMA foreign_key_check", NULL };

/* SQLite's wait for a lock is its busy timeout; SQLITE_BUSY then retries as a lock timeout does */
static void sqlite_append_lock_timeout(struct strbuf *out, int ms)
{
	strbuf_addf(out, "PRAGMA busy_timeout = %d", ms);
}

/*
 * The run lock. SQLite has no advisory locks: the run holds an flock() on
 * the database file instead (SQLite's own locks are POSIX record locks,
 * which flock() does not touch on a local file system). The descriptor
 * stays open until the connection is closed, since closing a descriptor of
 * the file drops the process's POSIX locks on it. An in-memory database is
 * the process's own.
 */
static int lock_file(const struct db_config *cfg, const struct dialect_wait *w, int *fd, struct diag *d)
{
	struct strbuf file = STRBUF_INIT;
	int ret = 0;

	*fd = -1;
	if (!db_sqlite_filename(cfg->sqlite_path, &file)) {
		strbuf_release(&file);
		return 0;
	}
	/* the folder and the file first: an empty file is an empty SQLite database */
	if (strchr(file.buf, '/')) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_add(&dir, file.buf, (size_t)(strrchr(file.buf, '/') - file.buf));
		ret = dir.len ? fs_mkdirs_ignored(dir.buf, d) : 0;
		strbuf_release(&dir);
		if (ret < 0) {
			strbuf_release(&file);
			return -1;
		}
	}
	*fd = open(file.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	/* a database this user may only read (nothing pending, or --to where it is): flock() needs no write */
	if (*fd < 0 && (errno == EACCES || errno == EROFS))
		*fd = open(file.buf, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		ret = diag_error(d, "cannot open %s to lock it: %s", file.buf, strerror(errno));
	} else if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		if (w->waiting)
			w->waiting(w->ctx);
		if (flock(*fd, LOCK_EX) < 0)
			ret = diag_error(d, "cannot lock %s: %s", file.buf, strerror(errno));
	}
	strbuf_release(&file);
	return ret;
}

static void sqlite_unlock(void *lock)
{
	int *fd = lock;

	if (!fd)
		return;
	if (*fd >= 0)
		close(*fd);
	free(fd);
}

static int sqlite_lock_and_open(const struct db_config *cfg, const struct dialect_wait *w, void **lock,
				struct db *db, struct diag *d)
{
	int *fd = xmalloc(sizeof(*fd));

	*lock = NULL;
	/* locked before connecting: the schema files it attaches are the ones the last run left */
	if (db->conn)
		db_close(db);
	if (lock_file(cfg, w, fd, d) < 0 || db_open(db, cfg, w->app_name, w->wait_seconds, d) < 0) {
		sqlite_unlock(fd);
		return -1;
	}
	*lock = fd;
	return 0;
}

/* The default schema "main" is the model's "". */
static int sqlite_inspect(struct db *db, const char *const *schemas, size_t nr_schemas, const char *app,
			  struct model *m, struct strbuf *warnings, struct diag *d)
{
	return inspect_sqlite(db->conn, schemas, nr_schemas, app, m, warnings, d);
}

/* Read-only, with the schema files beside it attached. */
static int sqlite_inspect_config(const struct db_config *cfg, const char *app_name, const char *const *schemas,
				 size_t nr_schemas, const char *app, struct model *m, struct strbuf *warnings,
				 struct diag *d)
{
	(void)app_name;
	return inspect_sqlite_path(cfg->sqlite_path, schemas, nr_schemas, app, m, warnings, d);
}

static int sqlite_open(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
		       void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d)
{
	/* a file needs no waiting, and has no application_name */
	(void)app_name;
	(void)wait_seconds;
	(void)on_wait;
	(void)ctx;
	return db_sqlite_open(db, cfg, d);
}

/* Whether the file exists, so that a tool that only reads does not create it. */
static bool sqlite_exists(const struct db_config *cfg)
{
	struct strbuf file = STRBUF_INIT;
	bool exists = true;

	if (db_sqlite_filename(cfg->sqlite_path, &file))
		exists = access(file.buf, F_OK) == 0;
	strbuf_release(&file);
	return exists;
}

const struct dialect dialect_sqlite = {
	.name = "sqlite",
	.display_name = "SQLite",
	.append_ident = dialect_sqlite_append_ident,
	.append_literal = dialect_sqlite_append_literal,
	.render = dialect_sqlite_render_migration,
	.normalize_model = model_sqlite_normalize,
	.split = sqlsplit_sqlite,
	.transaction_control = sqlite_transaction_control,
	.ddl_apply = sqlite_ddl_apply,
	.ddl_list = sqlite_ddl_list,
	.history = &sqlite_history,
	.begin = sqlite_begin,
	.begin_seeds = sqlite_begin_seeds,
	.each_statement = sqlite_each_statement,
	.before_commit = sqlite_before_commit,
	.append_lock_timeout = sqlite_append_lock_timeout,
	.error_lock_timeout = db_sqlite_error_lock_timeout,
	.lock_and_open = sqlite_lock_and_open,
	.unlock = sqlite_unlock,
	.memory_url = "sqlite::memory:",
	.create_database = NULL,
	.drop_database = NULL,
	.inspect = sqlite_inspect,
	.inspect_config = sqlite_inspect_config,
	.backup = backup_sqlite_run,
	.open = sqlite_open,
	.close = db_sqlite_close,
	.exec = db_sqlite_exec,
	.query = db_sqlite_query,
	.value = db_sqlite_value,
	.result_release = db_sqlite_result_release,
	.exists = sqlite_exists,
	.lint = lint_sqlite_section,
};

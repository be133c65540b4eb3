#include "history.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "dialect_pg.h"
#include "dialect_sqlite.h"
#include "diag.h"
#include "strbuf.h"
#include "version.h"
#include "xalloc.h"
#include "banned.h"

void history_init(struct history *h)
{
	memset(h, 0, sizeof(*h));
}

void history_release(struct history *h)
{
	for (size_t i = 0; i < h->nr; i++) {
		struct history_row *r = &h->rows[i];
		free(r->revision);
		free(r->checksum);
		free(r->applied_at);
		free(r->duration);
		free(r->applied_by);
		free(r->tool_version);
		free(r->operation);
	}
	free(h->rows);
	history_init(h);
}

/*
 * SQLite's times: UTC text with milliseconds. 'now' is fixed for one
 * statement and moves between statements, so a duration is the time since
 * the row's applied_at, formatted as HH:MM:SS.SSS.
 */
#define SQLITE_NOW "strftime('%Y-%m-%d %H:%M:%f', 'now')"
#define SQLITE_SINCE_APPLIED \
	"strftime('%H:%M:%f', (julianday('now') - julianday(applied_at)) * 86400.0, 'unixepoch')"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Is there a table named name (one of the tool's own, in the default schema)? */
static int table_exists(struct db *db, const char *name, bool *exists, struct diag *d)
{
	const char *params[1] = { name };
	struct db_result r;

	if (db_query(db, db->dialect == DIALECT_SQLITE ?
		     "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = $1" :
		     "SELECT to_regclass(quote_ident($1)) IS NOT NULL", 1, params, &r, d) < 0)
		return -1;
	*exists = db_bool(&r, 0, 0);
	db_result_release(&r);
	return 0;
}

int history_read(struct db *db, const char *app, struct history *h, struct diag *d)
{
	struct db_result r;
	const char *params[1] = { app ? app : "" };

	history_init(h);
	if (table_exists(db, HISTORY_TABLE, &h->exists, d) < 0)
		return -1;
	if (!h->exists)
		return 0;
	if (db_query(db, db->dialect == DIALECT_SQLITE ?
		     "SELECT revision, checksum, applied_at, duration, applied_by, "
		     "tool_version, dirty, operation, progress FROM " HISTORY_TABLE
		     " WHERE app = $1 ORDER BY applied_at, revision" :
		     /* the times as SQLite writes them: UTC, milliseconds */
		     "SELECT revision, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
		     "to_char(duration, 'HH24:MI:SS.MS'), applied_by, "
		     "tool_version, dirty, operation, progress FROM " HISTORY_TABLE
		     " WHERE app = $1 ORDER BY applied_at, revision",
		     1, params, &r, d) < 0)
		return -1;
	for (int i = 0; i < r.nrows; i++) {
		struct history_row *row;
		ALLOC_GROW(h->rows, h->nr + 1, h->alloc);
		row = &h->rows[h->nr++];
		row->revision = xstrdup(db_value(&r, i, 0));
		row->checksum = xstrdup(db_value(&r, i, 1));
		row->applied_at = xstrdup(db_value(&r, i, 2));
		row->duration = dup_or_null(db_value(&r, i, 3));
		row->applied_by = xstrdup(db_value(&r, i, 4));
		row->tool_version = xstrdup(db_value(&r, i, 5));
		row->dirty = db_bool(&r, i, 6);
		row->operation = dup_or_null(db_value(&r, i, 7));
		row->progress = db_value(&r, i, 8) ? (int)strtol(db_value(&r, i, 8), NULL, 10) : 0;
	}
	db_result_release(&r);
	return 0;
}

const struct history_row *history_find(const struct history *h, const char *rev)
{
	for (size_t i = 0; i < h->nr; i++) {
		if (strcmp(h->rows[i].revision, rev) == 0)
			return &h->rows[i];
	}
	return NULL;
}

void history_sql_create(struct strbuf *out, enum db_dialect dl)
{
	if (dl == DIALECT_SQLITE) {
		strbuf_addstr(out,
			"CREATE TABLE IF NOT EXISTS " HISTORY_TABLE " (\n"
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
			")");
		return;
	}
	strbuf_addstr(out,
		"CREATE TABLE IF NOT EXISTS " HISTORY_TABLE " (\n"
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
		")");
}

static void append_literal(struct strbuf *out, enum db_dialect dl, const char *value)
{
	if (dl == DIALECT_SQLITE)
		dialect_sqlite_append_literal(out, value);
	else
		dialect_pg_append_literal(out, value);
}

/* Who applies: SQLite has no users, so the OS user's name (or uid) stands in. */
static void append_applied_by(struct strbuf *out, enum db_dialect dl)
{
	struct passwd *pw;
	struct strbuf uid = STRBUF_INIT;

	if (dl != DIALECT_SQLITE) {
		strbuf_addstr(out, "current_user");
		return;
	}
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name) {
		dialect_sqlite_append_literal(out, pw->pw_name);
	} else {
		strbuf_addf(&uid, "uid %ld", (long)geteuid());
		dialect_sqlite_append_literal(out, uid.buf);
	}
	strbuf_release(&uid);
}

static void where_row(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev)
{
	strbuf_addstr(out, " WHERE app = ");
	append_literal(out, dl, app ? app : "");
	strbuf_addstr(out, " AND revision = ");
	append_literal(out, dl, rev);
}

/* "INSERT INTO mig_history (app, revision, checksum, applied_by, <columns>) VALUES (app, rev, checksum, who" */
static void insert_row(struct strbuf *out, enum db_dialect dl, const char *columns, const char *app,
		       const char *rev, const char *checksum)
{
	strbuf_addf(out, "INSERT INTO " HISTORY_TABLE " (app, revision, checksum, applied_by, %s) VALUES (", columns);
	append_literal(out, dl, app ? app : "");
	strbuf_addstr(out, ", ");
	append_literal(out, dl, rev);
	strbuf_addstr(out, ", ");
	append_literal(out, dl, checksum);
	strbuf_addstr(out, ", ");
	append_applied_by(out, dl);
}

void history_sql_applied_start(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
			       const char *checksum)
{
	if (dl != DIALECT_SQLITE)
		return;
	insert_row(out, dl, "tool_version", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "')");
}

void history_sql_applied(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
			 const char *checksum)
{
	if (dl == DIALECT_SQLITE) {
		strbuf_addstr(out, "UPDATE " HISTORY_TABLE " SET duration = " SQLITE_SINCE_APPLIED);
		where_row(out, dl, app, rev);
		return;
	}
	insert_row(out, dl, "duration, tool_version", app, rev, checksum);
	/* now() is the transaction's start: the server measures the migration */
	strbuf_addstr(out, ", clock_timestamp() - now(), '" MIG_VERSION "')");
}

void history_sql_start(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
		       const char *checksum, const char *operation)
{
	bool sqlite = dl == DIALECT_SQLITE;

	insert_row(out, dl, "tool_version, dirty, operation, progress", app, rev, checksum);
	strbuf_addf(out, ", '" MIG_VERSION "', %s, ", sqlite ? "1" : "true");
	append_literal(out, dl, operation);
	/* a new start (after mig-stamp, or of an edited file) records the file it runs */
	strbuf_addf(out, ", 0) ON CONFLICT (app, revision) DO UPDATE SET checksum = excluded.checksum, "
		    "dirty = %s, operation = ", sqlite ? "1" : "true");
	append_literal(out, dl, operation);
	strbuf_addf(out, ", progress = 0, applied_at = %s", sqlite ? SQLITE_NOW : "now()");
}

void history_sql_progress(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
			  int progress)
{
	strbuf_addf(out, "UPDATE " HISTORY_TABLE " SET progress = %d", progress);
	where_row(out, dl, app, rev);
}

void history_sql_finish(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
			const char *checksum)
{
	bool sqlite = dl == DIALECT_SQLITE;

	/* a resumed run may have continued an edited file (--allow-changed): record what finished */
	strbuf_addstr(out, "UPDATE " HISTORY_TABLE " SET checksum = ");
	append_literal(out, dl, checksum);
	strbuf_addf(out, ", dirty = %s, operation = NULL, progress = NULL, duration = %s", sqlite ? "0" : "false",
		    sqlite ? SQLITE_SINCE_APPLIED : "clock_timestamp() - applied_at");
	where_row(out, dl, app, rev);
}

void history_sql_delete(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev)
{
	strbuf_addstr(out, "DELETE FROM " HISTORY_TABLE);
	where_row(out, dl, app, rev);
}

void history_sql_stamp(struct strbuf *out, enum db_dialect dl, const char *app, const char *rev,
		       const char *checksum)
{
	insert_row(out, dl, "tool_version", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "') ON CONFLICT (app, revision) DO UPDATE SET checksum = ");
	append_literal(out, dl, checksum);
	strbuf_addf(out, ", dirty = %s, operation = NULL, progress = NULL",
		    dl == DIALECT_SQLITE ? "0" : "false");
}

int history_read_seeds(struct db *db, struct history *seeds, struct diag *d)
{
	struct db_result r;

	history_init(seeds);
	if (table_exists(db, HISTORY_SEEDS_TABLE, &seeds->exists, d) < 0)
		return -1;
	if (!seeds->exists)
		return 0;
	if (db_query(db, db->dialect == DIALECT_SQLITE ?
		     "SELECT name, checksum, applied_at FROM " HISTORY_SEEDS_TABLE " ORDER BY name" :
		     "SELECT name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM "
		     HISTORY_SEEDS_TABLE " ORDER BY name", 0, NULL, &r, d) < 0)
		return -1;
	for (int i = 0; i < r.nrows; i++) {
		struct history_row *row;
		ALLOC_GROW(seeds->rows, seeds->nr + 1, seeds->alloc);
		row = &seeds->rows[seeds->nr++];
		memset(row, 0, sizeof(*row));
		row->revision = xstrdup(db_value(&r, i, 0));
		row->checksum = xstrdup(db_value(&r, i, 1));
		row->applied_at = xstrdup(db_value(&r, i, 2));
	}
	db_result_release(&r);
	return 0;
}

void history_sql_seeds_create(struct strbuf *out, enum db_dialect dl)
{
	strbuf_addf(out, "CREATE TABLE IF NOT EXISTS " HISTORY_SEEDS_TABLE " (\n"
		    "    name text NOT NULL PRIMARY KEY,\n"
		    "    checksum text NOT NULL,\n"
		    "    applied_at %s\n"
		    ")", dl == DIALECT_SQLITE ? "text NOT NULL DEFAULT (" SQLITE_NOW ")" : "timestamptz NOT NULL DEFAULT now()");
}

void history_sql_seeded(struct strbuf *out, enum db_dialect dl, const char *name, const char *checksum)
{
	strbuf_addstr(out, "INSERT INTO " HISTORY_SEEDS_TABLE " (name, checksum) VALUES (");
	append_literal(out, dl, name);
	strbuf_addstr(out, ", ");
	append_literal(out, dl, checksum);
	strbuf_addf(out, ") ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = %s",
		    dl == DIALECT_SQLITE ? SQLITE_NOW : "now()");
}

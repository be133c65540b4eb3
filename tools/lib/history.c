#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dialect_pg.h"
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

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int history_read(struct db *db, const char *app, struct history *h, struct diag *d)
{
	struct db_result r;
	const char *params[1] = { app ? app : "" };

	history_init(h);
	if (db_query(db, "SELECT to_regclass('" HISTORY_TABLE "') IS NOT NULL", 0, NULL, &r, d) < 0)
		return -1;
	h->exists = db_bool(&r, 0, 0);
	db_result_release(&r);
	if (!h->exists)
		return 0;
	if (db_query(db,
		     "SELECT revision, checksum, applied_at::text, duration::text, applied_by, "
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

void history_sql_create(struct strbuf *out)
{
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

static void where_row(struct strbuf *out, const char *app, const char *rev)
{
	strbuf_addstr(out, " WHERE app = ");
	pg_append_literal(out, app ? app : "");
	strbuf_addstr(out, " AND revision = ");
	pg_append_literal(out, rev);
}

/* "INSERT INTO mig_history (app, revision, checksum, <columns>) VALUES (app, rev, checksum" */
static void insert_row(struct strbuf *out, const char *columns, const char *app, const char *rev,
		       const char *checksum)
{
	strbuf_addf(out, "INSERT INTO " HISTORY_TABLE " (app, revision, checksum, %s) VALUES (", columns);
	pg_append_literal(out, app ? app : "");
	strbuf_addstr(out, ", ");
	pg_append_literal(out, rev);
	strbuf_addstr(out, ", ");
	pg_append_literal(out, checksum);
}

void history_sql_applied(struct strbuf *out, const char *app, const char *rev, const char *checksum)
{
	insert_row(out, "duration, tool_version", app, rev, checksum);
	/* now() is the transaction's start: the server measures the migration */
	strbuf_addstr(out, ", clock_timestamp() - now(), '" MIG_VERSION "')");
}

void history_sql_start(struct strbuf *out, const char *app, const char *rev, const char *checksum,
		       const char *operation)
{
	insert_row(out, "tool_version, dirty, operation, progress", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "', true, ");
	pg_append_literal(out, operation);
	/* a new start (after mig-stamp, or of an edited file) records the file it runs */
	strbuf_addstr(out, ", 0) ON CONFLICT (app, revision) DO UPDATE SET checksum = EXCLUDED.checksum, "
		      "dirty = true, operation = ");
	pg_append_literal(out, operation);
	strbuf_addstr(out, ", progress = 0, applied_at = now()");
}

void history_sql_progress(struct strbuf *out, const char *app, const char *rev, int progress)
{
	strbuf_addf(out, "UPDATE " HISTORY_TABLE " SET progress = %d", progress);
	where_row(out, app, rev);
}

void history_sql_finish(struct strbuf *out, const char *app, const char *rev, const char *checksum)
{
	/* a resumed run may have continued an edited file (--allow-changed): record what finished */
	strbuf_addstr(out, "UPDATE " HISTORY_TABLE " SET checksum = ");
	pg_append_literal(out, checksum);
	strbuf_addstr(out, ", dirty = false, operation = NULL, progress = NULL, "
		      "duration = clock_timestamp() - applied_at");
	where_row(out, app, rev);
}

void history_sql_delete(struct strbuf *out, const char *app, const char *rev)
{
	strbuf_addstr(out, "DELETE FROM " HISTORY_TABLE);
	where_row(out, app, rev);
}

void history_sql_stamp(struct strbuf *out, const char *app, const char *rev, const char *checksum)
{
	insert_row(out, "tool_version", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "') ON CONFLICT (app, revision) DO UPDATE SET checksum = ");
	pg_append_literal(out, checksum);
	strbuf_addstr(out, ", dirty = false, operation = NULL, progress = NULL");
}

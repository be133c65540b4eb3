#include "history.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "migscan.h"
#include "strbuf.h"
#include "strmap.h"
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

/* Is there a table named name (one of the tool's own, in the default schema)? Maybe asked ahead (db.h). */
static int table_exists(struct db *db, const char *name, bool *exists, struct diag *d)
{
	const char *params[1] = { name };
	struct db_result r;

	if (db_query_asked(db, db->dialect->history->table_exists, 1, params, &r, d) < 0)
		return -1;
	*exists = db_bool(&r, 0, 0);
	db_result_release(&r);
	return 0;
}

/*
 * What history_read_brief() asks: the columns that say whether each
 * revision is applied, no times to format, no ORDER BY and no WHERE: in a
 * new backend, the plan of a sort or of a condition (its statistics, its
 * operator) costs more than the rows (0.15 ms of 0.75 for app = $1 on
 * 1,000 rows). Plain SQL: every dialect's. The rows are kept for app and
 * put in revision order here.
 */
static const char checksum_rows[] = "SELECT revision, checksum, dirty, operation, progress, app FROM " HISTORY_TABLE;
static const char state_rows[] = "SELECT revision, dirty, operation, progress, app FROM " HISTORY_TABLE;

static const char *rows_query(const struct dialect *dl, enum history_columns cols)
{
	return cols == HISTORY_STATE ? state_rows : cols == HISTORY_CHECKSUMS ? checksum_rows : dl->history->select_rows;
}

/* The parameters of rows_query(cols): app's, for every column's query; none for a brief one. */
static int rows_params(enum history_columns cols)
{
	return cols == HISTORY_ALL ? 1 : 0;
}

static int by_revision(const void *a, const void *b)
{
	return strcmp(((const struct history_row *)a)->revision, ((const struct history_row *)b)->revision);
}

/* Are h's rows in revision order already (a table filled a migration after the other, as read back)? */
static bool in_revision_order(const struct history *h)
{
	for (size_t i = 1; i < h->nr; i++) {
		if (by_revision(&h->rows[i - 1], &h->rows[i]) > 0)
			return false;
	}
	return true;
}

/*
 * Whether a tool found the version table on this database before: a note
 * in var/cache (history-<hash of the target without its password>, the
 * target in it for whoever looks). A brief read then asks for the rows at
 * once, without first asking whether the table is there: a round trip
 * fewer, which is a status command's margin when the server is slow to
 * start its session. A database dropped and made again since costs one
 * failed query (an ERROR line in the server's log), after which the table
 * is looked for the careful way and the note removed. PostgreSQL only
 * (SQLite's reads are local).
 */
static void seen_note_path(const struct db_config *cfg, struct strbuf *out)
{
	struct strbuf target = STRBUF_INIT;

	strbuf_addf(&target, "%s\n%s", cfg->display ? cfg->display : "", cfg->dbname ? cfg->dbname : "");
	strbuf_addf(out, MIGSCAN_CACHE_DIR "/history-%016llx", (unsigned long long)strmap_hash(target.buf));
	strbuf_release(&target);
}

static bool table_seen(const struct db_config *cfg)
{
	struct strbuf path = STRBUF_INIT;
	bool seen;

	if (!cfg->dialect->start)
		return false;
	seen_note_path(cfg, &path);
	seen = access(path.buf, F_OK) == 0;
	strbuf_release(&path);
	return seen;
}

/* Notes (there) or forgets that the version table is on cfg's database; a note that cannot be written is no error. */
static void note_table_seen(const struct db_config *cfg, bool there)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;

	if (!cfg->dialect->start)
		return;
	seen_note_path(cfg, &path);
	if (there) {
		strbuf_addf(&text, "%s\n", cfg->display ? cfg->display : "");
		migscan_cache_put(path.buf, text.buf, text.len);
	} else {
		unlink(path.buf);
	}
	strbuf_release(&path);
	strbuf_release(&text);
}

/*
 * The rows of a brief read whose table was seen before, asked at once (or
 * taken as asked ahead). Returns 1 with r filled, 0 when the table is not
 * there after all (the note forgotten), -1 with d set.
 */
static int read_seen_rows(struct db *db, const char *sql, int nparams, const char *const *params,
			  struct db_result *r, struct diag *d)
{
	struct diag failed = DIAG_INIT;
	bool exists;

	if (db_query_asked(db, sql, nparams, params, r, &failed) == 0) {
		diag_release(&failed);
		return 1;
	}
	diag_release(&failed);
	/* gone (a database made again), or another failure, which the careful way says */
	if (table_exists(db, HISTORY_TABLE, &exists, d) < 0)
		return -1;
	if (!exists) {
		note_table_seen(db->cfg, false);
		return 0;
	}
	return db_query(db, sql, nparams, params, r, d) < 0 ? -1 : 1;
}

static int read_rows(struct db *db, const char *app, enum history_columns cols, struct history *h, struct diag *d)
{
	struct db_result r;
	const char *params[1] = { app ? app : "" };
	/* the columns of each row: revision, [checksum], [applied_at ... tool_version], dirty, operation, progress[, app] */
	int c_dirty = cols == HISTORY_ALL ? 6 : cols == HISTORY_CHECKSUMS ? 2 : 1;
	int c_operation = c_dirty + 1, c_progress = c_dirty + 2, c_app = c_dirty + 3;

	history_init(h);
	/* a brief read is never inside a transaction, which a failed query would end: it may try the rows first */
	if (cols != HISTORY_ALL && table_seen(db->cfg)) {
		int got = read_seen_rows(db, rows_query(db->dialect, cols), rows_params(cols), params, &r, d);
		if (got <= 0)
			return got;
		h->exists = true;
	} else {
		if (table_exists(db, HISTORY_TABLE, &h->exists, d) < 0)
			return -1;
		if (!h->exists)
			return 0;
		if (db_query_asked(db, rows_query(db->dialect, cols), rows_params(cols), params, &r, d) < 0)
			return -1;
		if (cols != HISTORY_ALL)
			note_table_seen(db->cfg, true);
	}
	h->rows = xcalloc((size_t)r.nrows + 1, sizeof(*h->rows));
	h->alloc = (size_t)r.nrows + 1;
	for (int i = 0; i < r.nrows; i++) {
		struct history_row *row;
		if (cols != HISTORY_ALL && strcmp(db_value(&r, i, c_app), params[0]) != 0)
			continue; /* another app's */
		row = &h->rows[h->nr++];
		row->revision = xstrdup(db_value(&r, i, 0));
		if (cols != HISTORY_STATE)
			row->checksum = xstrdup(db_value(&r, i, 1));
		if (cols == HISTORY_ALL) {
			row->applied_at = xstrdup(db_value(&r, i, 2));
			row->duration = dup_or_null(db_value(&r, i, 3));
			row->applied_by = xstrdup(db_value(&r, i, 4));
			row->tool_version = xstrdup(db_value(&r, i, 5));
		}
		row->dirty = db_bool(&r, i, c_dirty);
		row->operation = dup_or_null(db_value(&r, i, c_operation));
		row->progress = db_value(&r, i, c_progress) ? (int)strtol(db_value(&r, i, c_progress), NULL, 10) : 0;
	}
	db_result_release(&r);
	if (cols != HISTORY_ALL && !in_revision_order(h))
		qsort(h->rows, h->nr, sizeof(*h->rows), by_revision);
	return 0;
}

int history_read(struct db *db, const char *app, struct history *h, struct diag *d)
{
	return read_rows(db, app, HISTORY_ALL, h, d);
}

int history_read_brief(struct db *db, const char *app, enum history_columns cols, struct history *h,
		       struct diag *d)
{
	return read_rows(db, app, cols, h, d);
}

/* The first row's first value is true: the history table is there. */
static bool table_there(const struct db_result *exists)
{
	return exists->nrows > 0 && db_bool(exists, 0, 0);
}

void history_ask(struct db_start *s, const char *app, enum history_columns cols)
{
	const char *table[1] = { HISTORY_TABLE }, *params[1] = { app ? app : "" };
	/* as read_rows() will read: the rows at once when the table was seen before */
	bool careful = cols == HISTORY_ALL || !table_seen(s->cfg);

	if (careful)
		db_start_ask(s, s->cfg->dialect->history->table_exists, 1, table, NULL);
	db_start_ask(s, rows_query(s->cfg->dialect, cols), rows_params(cols), params, careful ? table_there : NULL);
}

const struct history_row *history_find(const struct history *h, const char *rev)
{
	for (size_t i = 0; i < h->nr; i++) {
		if (strcmp(h->rows[i].revision, rev) == 0)
			return &h->rows[i];
	}
	return NULL;
}

void history_sql_create(struct strbuf *out, const struct dialect *dl)
{
	strbuf_addstr(out, dl->history->create);
}

static void where_row(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev)
{
	strbuf_addstr(out, " WHERE app = ");
	dl->append_literal(out, app ? app : "");
	strbuf_addstr(out, " AND revision = ");
	dl->append_literal(out, rev);
}

/* "INSERT INTO mig_history (app, revision, checksum, applied_by, <columns>) VALUES (app, rev, checksum, who" */
static void insert_row(struct strbuf *out, const struct dialect *dl, const char *columns, const char *app,
		       const char *rev, const char *checksum)
{
	strbuf_addf(out, "INSERT INTO " HISTORY_TABLE " (app, revision, checksum, applied_by, %s) VALUES (", columns);
	dl->append_literal(out, app ? app : "");
	strbuf_addstr(out, ", ");
	dl->append_literal(out, rev);
	strbuf_addstr(out, ", ");
	dl->append_literal(out, checksum);
	strbuf_addstr(out, ", ");
	dl->history->append_user(out);
}

void history_sql_applied_start(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			       const char *checksum)
{
	if (dl->history->since_start)
		return;
	insert_row(out, dl, "tool_version", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "')");
}

void history_sql_applied(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			 const char *checksum)
{
	if (!dl->history->since_start) {
		strbuf_addf(out, "UPDATE " HISTORY_TABLE " SET duration = %s", dl->history->since_applied);
		where_row(out, dl, app, rev);
		return;
	}
	insert_row(out, dl, "duration, tool_version", app, rev, checksum);
	strbuf_addf(out, ", %s, '" MIG_VERSION "')", dl->history->since_start);
}

void history_sql_start(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
		       const char *checksum, const char *operation)
{
	insert_row(out, dl, "tool_version, dirty, operation, progress", app, rev, checksum);
	strbuf_addf(out, ", '" MIG_VERSION "', %s, ", dl->history->true_sql);
	dl->append_literal(out, operation);
	/* a new start (after mig-stamp, or of an edited file) records the file it runs */
	strbuf_addf(out, ", 0) ON CONFLICT (app, revision) DO UPDATE SET checksum = excluded.checksum, "
		    "dirty = %s, operation = ", dl->history->true_sql);
	dl->append_literal(out, operation);
	strbuf_addf(out, ", progress = 0, applied_at = %s", dl->history->now);
}

void history_sql_progress(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			  int progress)
{
	strbuf_addf(out, "UPDATE " HISTORY_TABLE " SET progress = %d", progress);
	where_row(out, dl, app, rev);
}

void history_sql_finish(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			const char *checksum)
{
	/* a resumed run may have continued an edited file (--allow-changed): record what finished */
	strbuf_addstr(out, "UPDATE " HISTORY_TABLE " SET checksum = ");
	dl->append_literal(out, checksum);
	strbuf_addf(out, ", dirty = %s, operation = NULL, progress = NULL, duration = %s", dl->history->false_sql,
		    dl->history->since_applied);
	where_row(out, dl, app, rev);
}

void history_sql_delete(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev)
{
	strbuf_addstr(out, "DELETE FROM " HISTORY_TABLE);
	where_row(out, dl, app, rev);
}

void history_sql_stamp(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
		       const char *checksum)
{
	insert_row(out, dl, "tool_version", app, rev, checksum);
	strbuf_addstr(out, ", '" MIG_VERSION "') ON CONFLICT (app, revision) DO UPDATE SET checksum = ");
	dl->append_literal(out, checksum);
	strbuf_addf(out, ", dirty = %s, operation = NULL, progress = NULL", dl->history->false_sql);
}

int history_read_seeds(struct db *db, struct history *seeds, struct diag *d)
{
	struct db_result r;

	history_init(seeds);
	if (table_exists(db, HISTORY_SEEDS_TABLE, &seeds->exists, d) < 0)
		return -1;
	if (!seeds->exists)
		return 0;
	if (db_query(db, db->dialect->history->select_seeds, 0, NULL, &r, d) < 0)
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

void history_sql_seeds_create(struct strbuf *out, const struct dialect *dl)
{
	strbuf_addf(out, "CREATE TABLE IF NOT EXISTS " HISTORY_SEEDS_TABLE " (\n"
		    "    name text NOT NULL PRIMARY KEY,\n"
		    "    checksum text NOT NULL,\n"
		    "    applied_at %s\n"
		    ")", dl->history->seeds_applied_at);
}

void history_sql_seeded(struct strbuf *out, const struct dialect *dl, const char *name, const char *checksum)
{
	strbuf_addstr(out, "INSERT INTO " HISTORY_SEEDS_TABLE " (name, checksum) VALUES (");
	dl->append_literal(out, name);
	strbuf_addstr(out, ", ");
	dl->append_literal(out, checksum);
	strbuf_addf(out, ") ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = %s",
		    dl->history->now);
}

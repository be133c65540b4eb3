/*
 * history: mig_history, the version table in the target database (created
 * on first use, unqualified: in the first schema of the search path).
 *
 *   app           the app ("" for the whole model set)
 *   revision      an applied revision
 *   checksum      h1:<SHA-256> of its migration file when it was applied
 *   applied_at    when (transaction start)
 *   duration      how long its SQL took
 *   applied_by    the database user (SQLite, which has none: the OS user)
 *   tool_version  the mig version that applied it
 *   dirty         a migration that runs outside a transaction stopped
 *                 part-way: operation says which way, progress how many of
 *                 its statements are done (mig-apply resumes there;
 *                 mig-stamp clears it)
 *
 * The SQL that changes the table is built here as text, so that mig-apply
 * --sql prints exactly what a real run sends, from the pieces each dialect
 * gives (struct dialect_history, dialect.h).
 *
 * On SQLite the columns are the same with SQLite's types: times are UTC
 * text, "YYYY-MM-DD HH:MM:SS.SSS", durations "HH:MM:SS.SSS", dirty 0 or 1.
 * SQLite has no clock_timestamp(), but its 'now' moves from one statement
 * to the next: a migration's row is inserted at the start of its
 * transaction (history_sql_applied_start()) and given its duration at the
 * end (history_sql_applied()).
 *
 * Ownership: struct history owns its rows.
 */
#ifndef MIG_HISTORY_H
#define MIG_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "dialect.h"

struct db;
struct db_start;
struct diag;
struct strbuf;

#define HISTORY_TABLE MIG_HISTORY_TABLE

struct history_row {
	char *revision;
	char *checksum;
	char *applied_at;   /* as the database prints it */
	char *duration;     /* as the database prints it, or NULL */
	char *applied_by;
	char *tool_version;
	bool dirty;
	char *operation;    /* "up" or "down" while dirty, else NULL */
	int progress;       /* statements done while dirty */
};

struct history {
	bool exists;        /* the table is there */
	struct history_row *rows;
	size_t nr, alloc;
};

void history_init(struct history *h);
void history_release(struct history *h);

/*
 * What a read takes of each row. The fewer bytes, the sooner a status
 * command has its answer: the rows are most of what the server sends it.
 */
enum history_columns {
	HISTORY_ALL,       /* every column, in the order applied */
	HISTORY_CHECKSUMS, /* revision, checksum, dirty, operation, progress: whether there is anything to do */
	HISTORY_STATE,     /* revision, dirty, operation, progress: what is applied (checksum NULL) */
};

/* Reads app's rows (none, and exists = false, when there is no table yet). */
int history_read(struct db *db, const char *app, struct history *h, struct diag *d);
/*
 * history_read() of only the columns cols (the rest NULL), in revision
 * order (not the order applied); for what shows no times (mig-heads
 * --pending: HISTORY_STATE; mig-apply's look for nothing to do:
 * HISTORY_CHECKSUMS).
 */
int history_read_brief(struct db *db, const char *app, enum history_columns cols, struct history *h,
		       struct diag *d);
/*
 * Asks the queries of history_read_brief(cols) (of history_read() for
 * HISTORY_ALL) of app's rows ahead on the started connection s (db.h): the
 * server answers them while the folder is read, and the read right after
 * db_open_started() takes the answers (any other statement first drops
 * them: they are asked again).
 */
void history_ask(struct db_start *s, const char *app, enum history_columns cols);

/* The row of revision rev, or NULL. */
const struct history_row *history_find(const struct history *h, const char *rev);

/* The SQL text of each change to the table, for dialect dl (no trailing ';'). */
void history_sql_create(struct strbuf *out, const struct dialect *dl);
/*
 * A revision applied in a transaction, first statement: nothing when the
 * database's clock moves within a transaction (PostgreSQL); else (SQLite)
 * its row, with the transaction's start time.
 */
void history_sql_applied_start(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			       const char *checksum);
/*
 * ... and last statement: PostgreSQL, its row, the duration measured by
 * the server; SQLite, the duration of the row that _start inserted.
 */
void history_sql_applied(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			 const char *checksum);
/* A revision that runs outside a transaction starts: a dirty row. */
void history_sql_start(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
		       const char *checksum, const char *operation);
/* ... progress statements done ... */
void history_sql_progress(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			  int progress);
/* ... and finishes upward: clean, with the checksum of the file that finished. */
void history_sql_finish(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
			const char *checksum);
/* The revision is no longer applied. */
void history_sql_delete(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev);
/* mig-stamp: the row says the file's current checksum, clean. */
void history_sql_stamp(struct strbuf *out, const struct dialect *dl, const char *app, const char *rev,
		       const char *checksum);

/*
 * The seed files that ran (mig_seeds: file name, checksum, time), so that
 * each runs once. A history of seeds: rows hold name (revision), checksum
 * and applied_at; nothing else is set. None, and exists = false, before
 * the first seed.
 */
#define HISTORY_SEEDS_TABLE MIG_SEEDS_TABLE
int history_read_seeds(struct db *db, struct history *seeds, struct diag *d);
void history_sql_seeds_create(struct strbuf *out, const struct dialect *dl);
/* Seed file name ran with checksum (again: its row is replaced). */
void history_sql_seeded(struct strbuf *out, const struct dialect *dl, const char *name, const char *checksum);

#endif

/*
 * apply: what mig-apply does — move a database along the revision graph.
 *
 * Plan: from the revisions applied (mig_history) to the target:
 *   head     every pending revision, parents first
 *   base     every applied revision undone, children first
 *   +N, -N   the next N pending, or the last N applied undone
 *   REV      (or a unique prefix of it) applied: undo what was applied after
 *            it; not applied: apply it and its pending ancestors
 *
 * Run: a migration with transaction on is one round trip, BEGIN, its
 * statements (split by libpg_query), its mig_history row, COMMIT, so its SQL
 * and its version row commit together. A migration with transaction off runs
 * statement by statement, recording its progress in a dirty mig_history
 * row, so that a failed run resumes at the failed statement. The text sent
 * is exactly what --sql prints.
 *
 * Locks: a session-level advisory lock per database and app on a
 * connection of its own for the whole run (concurrent runs wait, then find
 * the work done), and a second one on the migration connection, so that a
 * killed run's server process, if it is still running its last query, is
 * waited for before the history is read.
 *
 * Ownership: a struct apply_report owns its strings; apply_report_release().
 */
#ifndef MIG_APPLY_H
#define MIG_APPLY_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_config;
struct db_start;
struct migscan;
struct diag;
struct strbuf;

enum apply_event_kind {
	APPLY_WAITING,     /* another run holds the lock */
	APPLY_STEP_START,
	APPLY_STEP_DONE,
	APPLY_RETRY,       /* lock_timeout hit: the step runs again */
	APPLY_RESUME,      /* a dirty migration continues at statement `statement` */
	APPLY_CONNECT_WAIT, /* the server does not accept connections yet: waiting up to `seconds` */
	APPLY_LEFTOVER,    /* what a failed run of a statement left is dropped first: `note` says what */
};

struct apply_event {
	enum apply_event_kind kind;
	const char *revision;
	bool up;
	size_t index, total; /* 1-based step number of total */
	double ms;           /* STEP_DONE: the step's time */
	int attempt;         /* RETRY: the attempt about to start */
	int statement;       /* RESUME: 1-based statement it continues at */
	int seconds;         /* CONNECT_WAIT: --wait */
	const char *note;    /* LEFTOVER: "dropping the invalid index \"u\" left by a failed build; ..." */
};

/* Which way a run may move: db-upgrade never undoes, db-downgrade never applies. */
enum apply_direction {
	APPLY_EITHER,    /* as the target says */
	APPLY_UP_ONLY,   /* a target behind the database is refused */
	APPLY_DOWN_ONLY, /* a target ahead of the database is refused */
};

/* What a downgrade is about to undo, for a confirmation before it runs. */
struct apply_undo_plan {
	size_t steps;                 /* migrations to undo */
	bool to_base;                 /* every applied migration goes */
	const char *const *revisions; /* the revisions, in the order they are undone */
	const char *const *notes;     /* the down sections' "-- destructive:" lines, without the prefix */
	size_t nr_notes;
};

struct apply_options {
	const char *dir;          /* the dialect folder: migrations/pgsql */
	const char *app;          /* NULL: the whole model set */
	const char *target;       /* NULL: head (APPLY_DOWN_ONLY: -1) */
	enum apply_direction direction;
	bool sql_only;            /* print the SQL, touch nothing */
	bool single_transaction;  /* the whole run in one transaction */
	bool allow_changed;       /* applied migrations whose file changed are fine */
	bool no_sum_check;        /* skip mig.sum (mig-check reports it on its own) */
	const struct migscan *scan; /* optional: a folder already scanned (migscan.h), used when it is dir;
				       borrowed */
	struct db *db;            /* an open connection to run on (borrowed; no run lock: the caller's
				     own scratch database), or NULL: connect to the database */
	struct db_start *started; /* optional: a connection under way (db.h), taken on its database */
	int wait_seconds;         /* retry connecting while the server starts */
	int lock_timeout_ms;      /* lock_timeout per statement, 0: none */
	int lock_retries;         /* attempts after a lock timeout */
	void (*progress)(void *ctx, const struct apply_event *ev); /* optional */
	/*
	 * Optional: asked before a downgrade that drops data (its down sections
	 * carry "-- destructive:" notes) or goes to base; false stops the run
	 * before anything changes (APPLY_DECLINED). Not asked for --sql.
	 */
	bool (*confirm_undo)(void *ctx, const struct apply_undo_plan *plan);
	void *ctx;
};

enum apply_status {
	APPLY_OK = 0,        /* at the target */
	APPLY_FAILED = 1,    /* a migration failed, or the database refused */
	APPLY_BAD_INPUT = 2, /* the migrations, the target or the options are wrong */
	APPLY_DECLINED = 3,  /* confirm_undo said no: nothing changed */
};

struct apply_report {
	size_t steps, done;  /* migrations planned, and done */
	bool up;             /* the run's direction */
	char *failed;        /* owned: the revision whose statement failed, or NULL */
	char **left;         /* owned: revisions still to apply (or undo) when it stopped;
				none when it was refused before any migration ran */
	size_t nr_left;
	char *at;            /* owned: the database's revision(s) afterwards, "" for none */
	double ms;           /* the whole run */
};

void apply_report_release(struct apply_report *rep);

/*
 * Runs mig-apply against cfg's database. With o->sql_only, the SQL goes to
 * sql (and, when the database cannot be reached, the plan starts from an
 * empty database). On failure d holds the error (with the file and line of
 * the failing statement, the SQLSTATE, detail and hint for SQL errors). A
 * first upgrade (no mig_history row for the app) whose first migration
 * finds its objects already there ("already exists": a database made
 * before mig) fails, rolled back, with a hint to adopt it with mig-stamp.
 */
enum apply_status apply_run(const struct db_config *cfg, const struct apply_options *o,
			    struct strbuf *sql, struct apply_report *rep, struct diag *d);

/*
 * mig-stamp: records in mig_history that the database is at target (head,
 * base, or a revision or unique prefix: that revision and its ancestors)
 * without running any migration SQL; rows of other revisions go, dirty marks
 * are cleared and checksums take the files' current ones. Under the same
 * lock as mig-apply, in one transaction. out gets one line per change.
 */
enum apply_status apply_stamp(const struct db_config *cfg, const char *dir, const char *app,
			      const char *target, struct strbuf *out, struct diag *d);

#endif

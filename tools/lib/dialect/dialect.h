/*
 * dialect: everything that differs between the databases mig writes for and
 * runs on, behind one constant table per backend (the shape of git's
 * ref_storage_be and curl's Curl_handler): dialect_pg (tools/lib/dialect/pg/)
 * and dialect_sqlite (tools/lib/dialect/sqlite/).
 *
 * Code outside tools/lib/dialect/ never asks which dialect it has: it calls
 * through the table or reads its data (tests/layers.sh checks this). A
 * dialect is chosen once: from the configuration by config_resolve()
 * (db/config.c: a URL's scheme, the POSTGRES_* variables, the embedded
 * default), which puts it in struct db_config; or by name with
 * dialect_find() (--dialect, the folders migrations/<name>/).
 *
 * Adding a dialect: a folder tools/lib/dialect/<name>/ with its table, its
 * entry in dialect_all[] (dialect.c), and the configuration that chooses it
 * (config.c).
 *
 * Ownership: the tables are static and constant. Functions write into the
 * caller's strbufs and models; a struct db and a struct db_result are the
 * caller's, their backend state the table's functions' (db.h).
 */
#ifndef MIG_DIALECT_H
#define MIG_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_config;
struct db_error;
struct db_result;
struct ddl_effect;
struct diag;
struct diff;
struct lint_report;
struct lint_section;
struct model;
struct sql_script;
struct strbuf;

/*
 * Names the dialects share with the rest of mig: the tool's own tables in
 * the target database (history.h), which every catalog reader leaves out
 * (as it does every table named MIG_TABLE_PREFIX...).
 */
#define MIG_TABLE_PREFIX "mig_"
#define MIG_HISTORY_TABLE MIG_TABLE_PREFIX "history"
#define MIG_SEEDS_TABLE MIG_TABLE_PREFIX "seeds"

/* A migration script written or fixed by hand (dialect->ddl_apply). */
struct dialect_script {
	const char *file;   /* for messages: the migration file */
	int first_line;     /* the line of file where sql begins (1 when sql is the whole file) */
	const char *sql;    /* the script (a migration's up section) */
	const char *app;    /* the app of new objects, and the chain (NULL: "") */
	const char *dir;    /* optional: the folder of the migration's chain */
	const char *parent; /* optional: the revision before it in dir (NULL: none, or not known) */
};

/*
 * The version tables' SQL (history.h builds each statement from these),
 * every text without its ';'.
 */
struct dialect_history {
	const char *table_exists;  /* query: $1 a table of the default schema -> one boolean */
	const char *select_rows;   /* query: $1 an app -> history_read()'s nine columns, times in UTC */
	const char *select_seeds;  /* query: the seeds' name, checksum, applied_at */
	const char *create;        /* CREATE TABLE IF NOT EXISTS mig_history (...) */
	const char *seeds_applied_at; /* mig_seeds' applied_at column: its type and default */
	const char *now;           /* the time now, as a column default is */
	const char *true_sql, *false_sql; /* the boolean literals */
	const char *since_applied; /* the time since the row's applied_at (a duration) */
	/*
	 * The time since the transaction started, or NULL when the database
	 * has no clock that moves within a transaction: the row of a
	 * migration is then inserted as its transaction starts and given
	 * since_applied as it ends (history_sql_applied_start()).
	 */
	const char *since_start;
	void (*append_user)(struct strbuf *out); /* who applies, as an SQL expression */
};

/* Something a failed statement left behind (dialect->leftovers). */
struct dialect_leftover {
	char *drop; /* owned: the statement that removes it, without ';' */
	char *note; /* owned: for messages, "dropping the invalid index \"u\" left by a failed build; ..." */
};

/*
 * How the run lock waits: waiting() once when another run holds the lock,
 * connect_wait() once when the server does not answer yet and it waits up
 * to wait_seconds (either may be NULL).
 */
struct dialect_wait {
	const char *app;          /* the chain's app ("" for none): a run lock per database and app */
	const char *app_name;     /* the connection's application_name */
	int wait_seconds;
	void (*waiting)(void *ctx);
	void (*connect_wait)(void *ctx, int seconds);
	void *ctx;
};

struct dialect {
	const char *name;         /* "pgsql": --dialect, MIG_DIALECT, migrations/<name>/ */
	const char *display_name; /* "PostgreSQL": in messages */

	/* --- SQL text --------------------------------------------------- */

	/* name as an identifier, quoted when the database needs it */
	void (*append_ident)(struct strbuf *out, const char *name);
	/* value as a string literal */
	void (*append_literal)(struct strbuf *out, const char *value);
	/*
	 * The up section (every operation of df in order) and the down
	 * section (their inverses in reverse order) of a migration. Returns 0,
	 * or -1 with d set when a change cannot be written in the dialect.
	 */
	int (*render)(const struct diff *df, struct strbuf *up, struct strbuf *down, struct diag *d);
	/*
	 * A model as the database keeps it (what an inspected database reads
	 * back as), so that comparing two normalised models says whether they
	 * hold the same schema there; NULL when the database keeps every model
	 * feature. Finished models in, finished models out.
	 */
	void (*normalize_model)(struct model *m);
	/*
	 * Splits a script into statements with the dialect's own parser
	 * (sqlsplit.h). Returns 0, or -1 with d set, d->line the line in sql.
	 */
	int (*split)(const char *sql, struct sql_script *out, struct diag *d);
	/*
	 * The first statement of script (of text) that starts or ends a
	 * transaction, *what its name; -1 when none does (sqlsplit.h).
	 */
	long (*transaction_control)(const char *text, const struct sql_script *script, const char **what);

	/* --- hand-written DDL (gen) ------------------------------------- */

	/*
	 * Turns m, a finished model (the state before s), into the state after
	 * the script, finished, as running it would (ddl_effect.h,
	 * ddl_replay_sqlite.h). Appends what changed, the statements that
	 * change rows and the objects outside the model to fx. Returns 0, or
	 * -1 with d naming the file and line.
	 */
	int (*ddl_apply)(struct model *m, const struct dialect_script *s, struct ddl_effect *fx, struct diag *d);
	/*
	 * Lists into fx, without changing before (the state before s), the
	 * statements of s that change rows and the objects outside the model:
	 * what cannot be carried to another dialect. Returns 0 or -1.
	 */
	int (*ddl_list)(const struct model *before, const struct dialect_script *s, struct ddl_effect *fx,
			struct diag *d);

	/* --- the version tables, transactions and locks (run) ----------- */

	const struct dialect_history *history;
	/* statements, NULL-terminated lists (without ';'): */
	const char *const *begin;          /* what begins a migration's transaction */
	const char *const *begin_seeds;    /* what begins the seeds' transaction */
	const char *const *each_statement; /* what goes before each statement of a migration outside a transaction */
	const char *const *before_commit;  /* checks before a COMMIT, and after a migration outside a transaction */
	/* the setting that makes a statement give up waiting for a lock after ms */
	void (*append_lock_timeout)(struct strbuf *out, int ms);
	/* did the statement give up waiting for a lock (the setting above)? */
	bool (*error_lock_timeout)(const struct db_error *err);
	/*
	 * Opens db (db_open()) holding the run lock of cfg's database and w's
	 * app: one mig-apply or mig-stamp at a time. A db already open on cfg
	 * (db->conn set) is kept when the dialect can lock around it
	 * (PostgreSQL: a backend start less), else closed and opened anew
	 * under the lock. *lock (owned) is released with unlock() after db is
	 * closed. Returns 0, or -1 with d set, nothing open and *lock NULL.
	 */
	int (*lock_and_open)(const struct db_config *cfg, const struct dialect_wait *w, void **lock,
			     struct db *db, struct diag *d);
	void (*unlock)(void *lock);

	/* --- a scratch database (mig-check's replay) --------------------- */

	/*
	 * A URL of a private in-memory database that lives as long as its one
	 * connection (the replay shares it), or NULL: the replay creates a
	 * database on the server of the configuration, create_database() and
	 * drop_database() through admin, a connection to that server.
	 */
	const char *memory_url;
	int (*create_database)(struct db *admin, const char *name, struct diag *d);
	int (*drop_database)(struct db *admin, const char *name, struct diag *d);

	/* --- the catalog --------------------------------------------------- */

	/*
	 * Reads schemas (nr_schemas names, 0: every user schema) of the open
	 * db into m, every object with app `app`, and finishes m (inspect.h).
	 */
	int (*inspect)(struct db *db, const char *const *schemas, size_t nr_schemas, const char *app,
		       struct model *m, struct strbuf *warnings, struct diag *d);
	/* The same for cfg's database, read-only (never created), connecting as app_name. */
	int (*inspect_config)(const struct db_config *cfg, const char *app_name, const char *const *schemas,
			      size_t nr_schemas, const char *app, struct model *m, struct strbuf *warnings,
			      struct diag *d);

	/* A backup of cfg's database into dir; the file's path into path (backup.h). */
	int (*backup)(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d);

	/* --- the database operations behind db.h ------------------------- */

	int (*open)(struct db *db, const struct db_config *cfg, const char *app_name, int wait_seconds,
		    void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
	/*
	 * db_start(): a connection to cfg under way (owned), its first
	 * messages sent, or NULL when there is nothing to start (then
	 * open() connects). NULL: the dialect starts nothing (SQLite).
	 */
	void *(*start)(const struct db_config *cfg, const char *app_name);
	void (*start_poll)(void *pending); /* db_start_poll() */
	void (*start_ask)(void *pending, const char *sql, int nparams, const char *const *params,
			  bool (*if_prev)(const struct db_result *prev)); /* db_start_ask() */
	/* open() through what start() began (taken: freed here, whatever the outcome) */
	int (*open_started)(struct db *db, const struct db_config *cfg, void *pending, const char *app_name,
			    int wait_seconds, void (*on_wait)(void *ctx, int seconds), void *ctx, struct diag *d);
	void (*start_release)(void *pending);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct db_error *err, struct diag *d);
	int (*query)(struct db *db, const char *sql, int nparams, const char *const *params,
		     struct db_result *res, struct diag *d);
	/* db_query_asked(); NULL: nothing is ever asked ahead, query() */
	int (*query_asked)(struct db *db, const char *sql, int nparams, const char *const *params,
			   struct db_result *res, struct diag *d);
	const char *(*value)(const struct db_result *res, int row, int col);
	void (*result_release)(struct db_result *res);
	/* is there a database to read (db_exists())? */
	bool (*exists)(const struct db_config *cfg);

	/* --- plan styles ---------------------------------------------------- */

	/*
	 * The online style's second migration (diff_online.h) runs outside a
	 * transaction (`-- mig:transaction off`): PostgreSQL builds indexes
	 * concurrently and validates constraints in transactions of their own.
	 */
	bool concurrent_outside_transaction;

	/* --- migrations outside a transaction (run) ------------------------ */

	/*
	 * The first statement of script (of text) that cannot run inside a
	 * transaction (PostgreSQL's ... CONCURRENTLY), *what its name; -1
	 * when none does. NULL: the database has no such statement.
	 */
	long (*outside_transaction)(const char *text, const struct sql_script *script, const char **what);
	/*
	 * Does stmt (one statement's text) only change the session's settings
	 * (PostgreSQL's SET, not SET LOCAL)? A resumed migration outside a
	 * transaction, on a new connection, runs such statements of its done
	 * part again. NULL: none does.
	 */
	bool (*session_setting)(const char *stmt);
	/*
	 * What a failed or cancelled earlier run of stmt left in db that would
	 * stop it or stay behind (PostgreSQL: the INVALID index of a failed
	 * CREATE INDEX CONCURRENTLY), asked of the catalog before stmt runs
	 * outside a transaction. Appends to *out (grown; the caller frees each
	 * entry's strings and the array) and returns 0, or -1 with d set.
	 * NULL: nothing is ever left.
	 */
	int (*leftovers)(struct db *db, const char *stmt, struct dialect_leftover **out, size_t *nr,
			 struct diag *d);

	/* --- lint (lint.h) ------------------------------------------------ */

	/*
	 * Appends to out the locks and the findings of every statement of one
	 * section of a migration (lines of sec->file). Returns 0, or -1 with
	 * d set (file:line) when the section does not parse. NULL: nothing
	 * to say.
	 */
	int (*lint)(const struct lint_section *sec, struct lint_report *out, struct diag *d);
};

extern const struct dialect dialect_pg;
extern const struct dialect dialect_sqlite;

/* Every dialect, NULL-terminated, in the order mig-gen writes their folders. */
extern const struct dialect *const dialect_all[];

/* The dialect of that name ("pgsql", "sqlite"), or NULL. */
const struct dialect *dialect_find(const char *name);

/* The dialects' names for a hint: "pgsql or sqlite". */
void dialect_list_names(struct strbuf *out);

#endif

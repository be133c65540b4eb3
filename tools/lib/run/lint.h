/*
 * lint: the locks and the hazards of a migration's statements, for a
 * production database that stays online (mig-lint, mig-check --lint,
 * mig-gen's notes).
 *
 * Every statement of the up and the down section (downs run on production
 * too) is analysed by its dialect (dialect->lint): the lock it takes on
 * which table, whether it rewrites or scans the table, and the hazards,
 * each a finding of a rule of lint_rules[] (file, line of the statement in
 * the FILE, rule, message, the safe alternative). A table created earlier
 * in the same section is new: nothing waits on it, so it has no hazard.
 *
 * Acknowledgements: a comment line
 *
 *   -- mig:lint-ok RULE[,RULE...] [free-text reason]
 *
 * in the file's header (before `-- mig:up`) covers the whole file; inside a
 * section it covers the next statement (other comment lines may sit
 * between). An acknowledged finding is kept (marked) but not counted. An
 * unknown rule id in one is bad input, naming the file and line.
 *
 * Adding a rule: one entry in enum lint_rule_id and lint_rules[] (lint.c),
 * and the dialect's analysis that finds it.
 *
 * Ownership: a struct lint_report owns its findings and locks and every
 * string in them; the rules table is static.
 */
#ifndef MIG_LINT_H
#define MIG_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "strmap.h"

struct db;
struct diag;
struct dialect;
struct model;
struct migfile;
struct strbuf;

enum lint_severity {
	LINT_ERROR,   /* the migration fails as written */
	LINT_WARNING, /* it blocks or breaks production while it runs */
	LINT_INFO,    /* worth knowing; never fails */
};

/* The rules; their ids are fixed (acknowledgements in files name them). */
enum lint_rule_id {
	LINT_INDEX_NOT_CONCURRENT,
	LINT_DROP_INDEX_NOT_CONCURRENT,
	LINT_CONCURRENTLY_IN_TRANSACTION,
	LINT_FOREIGN_KEY_VALIDATES,
	LINT_CHECK_VALIDATES,
	LINT_UNIQUE_CONSTRAINT_BUILDS_INDEX,
	LINT_SET_NOT_NULL_SCANS,
	LINT_TYPE_CHANGE_REWRITES,
	LINT_VOLATILE_DEFAULT_REWRITES,
	LINT_DROP_COLUMN,
	LINT_DROP_TABLE,
	LINT_RENAME_COLUMN,
	LINT_RENAME_TABLE,
	LINT_ENUM_VALUE_USED_IN_TRANSACTION,
	LINT_NO_LOCK_TIMEOUT,
	LINT_DATA_CHANGE_WITH_DDL,
	LINT_SQLITE_TABLE_REBUILD,
	LINT_NR_RULES
};

struct lint_rule {
	const char *id;       /* "index-not-concurrent" */
	enum lint_severity severity;
	const char *summary;  /* one line: what the rule finds */
	const char *safe;     /* the safe alternative */
};

extern const struct lint_rule lint_rules[LINT_NR_RULES];

/* The rule of that id, or -1. */
int lint_rule_find(const char *id);
/* "error", "warning", "info". */
const char *lint_severity_name(enum lint_severity s);

/* The table locks PostgreSQL names (lints of other dialects may use their own words). */
#define LINT_ACCESS_EXCLUSIVE "ACCESS EXCLUSIVE"
#define LINT_EXCLUSIVE "EXCLUSIVE"
#define LINT_SHARE_ROW_EXCLUSIVE "SHARE ROW EXCLUSIVE"
#define LINT_SHARE "SHARE"
#define LINT_SHARE_UPDATE_EXCLUSIVE "SHARE UPDATE EXCLUSIVE"
#define LINT_ROW_EXCLUSIVE "ROW EXCLUSIVE"
#define LINT_ACCESS_SHARE "ACCESS SHARE"

struct lint_finding {
	char *file;        /* owned */
	int line;          /* the statement's first line in file */
	enum lint_rule_id rule;
	char *message;     /* owned: names the table and the lock */
	char *table;       /* owned, optional: the table it is about, as written */
	const char *lock;  /* static, optional: the lock the statement takes on it */
	bool rewrites, scans;
	bool acknowledged;
	int ack_line;      /* the acknowledgement's line (0: none) */
	char *reason;      /* owned, optional: the acknowledgement's free text */
};

/* One lock a statement takes (mig-lint --locks); a statement may take several. */
struct lint_lock {
	char *file;       /* owned */
	int line;
	char *what;       /* owned: "CREATE INDEX", "ALTER TABLE" */
	char *table;      /* owned, optional: the table (or index), as written */
	const char *lock; /* static, optional (NULL: none worth naming) */
	bool rewrites, scans;
	bool is_new;      /* the table was created earlier in the section */
};

struct lint_report {
	struct lint_finding *findings;
	size_t nr, alloc;
	struct lint_lock *locks;
	size_t nr_locks, alloc_locks;
	int files;        /* files linted */
};

void lint_report_init(struct lint_report *r);
void lint_report_release(struct lint_report *r);

/* The findings that count: neither acknowledged nor info. */
int lint_report_count(const struct lint_report *r);

/* --- the dialect's side ------------------------------------------------- */

struct sql_script;

/* One section of a migration, as the dialect analyses it (dialect->lint). */
struct lint_section {
	const char *file;            /* the migration file, for findings */
	const char *sql;             /* the section's text */
	int first_line;              /* the line of file where sql begins */
	bool down;                   /* the down section */
	bool transaction;            /* `-- mig:transaction on` */
	const struct model *before;  /* optional: the schema before the section (types of columns) */
	struct db *db;               /* optional: the database, open, of the section's dialect (row counts, sizes) */
	/*
	 * The down section only: the up section's text. The tables the up
	 * creates are new to the down too (dropping them undoes the
	 * migration; no deployed code of before it uses them).
	 */
	const char *up;
	/* optional: sql split into statements (dialect->split); NULL: the dialect splits it */
	const struct sql_script *script;
	/*
	 * optional: what the down section's lint needs of the up section,
	 * gathered by the up section's lint (lint_text() gives both the same
	 * one), so the down's need not parse the up again. The dialect's keys.
	 */
	struct lint_up_facts *up_facts;
};

struct lint_up_facts {
	bool known;            /* the up section's lint filled it */
	struct strmap tables;  /* the tables the up creates */
	struct strmap columns; /* the columns it adds ("table.column") */
};

/* A finding at line (of the FILE) of rule; message from fmt. table and lock may be NULL. */
void lint_add(struct lint_report *r, const struct lint_section *s, int line, enum lint_rule_id rule,
	      const char *table, const char *lock, bool rewrites, bool scans, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));
/* A lock taken at line (of the FILE). */
void lint_add_lock(struct lint_report *r, const struct lint_section *s, int line, const char *what,
		   const char *table, const char *lock, bool rewrites, bool scans, bool is_new);

/* --- linting ------------------------------------------------------------ */

struct lint_options {
	const struct dialect *dialect; /* the migration's */
	const struct model *before;    /* optional: the schema before the migration */
	struct db *db;                 /* optional: its database, open */
	const struct model *after;     /* optional: the schema after the up (before the down) */
};

/*
 * Lints text (len bytes), the migration file at path (for messages):
 * both sections, then the acknowledgements. Appends to out. Returns 0, or
 * -1 with d set (file:line) for bad input: a file that is not a
 * migration, SQL that does not parse, an acknowledgement naming an unknown
 * rule.
 */
int lint_text(const struct lint_options *o, const char *path, const char *text, size_t len,
	      struct lint_report *out, struct diag *d);

/*
 * The lint of mf, a migration held as parsed (path for messages; its
 * up_line and down_line as in its file): its sections, with the
 * acknowledgements in them. mf->up may be emptied once read.
 */
int lint_migfile(const struct lint_options *o, const char *path, struct migfile *mf, struct lint_report *out,
		 struct diag *d);

/*
 * lint_text() of the file at path. When the file sits in DIR/<dialect>/,
 * mig-gen's recorded states are the schemas before the up and the down
 * (when o->before and o->after are NULL): DIR/state/<parent>.xml and
 * DIR/state/<revision>.xml, each when it exists.
 */
int lint_file(const struct lint_options *o, const char *path, struct lint_report *out, struct diag *d);

/* What lint_paths() found. */
enum lint_result {
	LINT_CLEAN,     /* no finding that counts */
	LINT_FINDINGS,  /* unacknowledged warnings or errors */
	LINT_BAD_INPUT, /* a path, a file or an acknowledgement is bad (d set) */
};

struct lint_run_options {
	/* the dialect of a file outside a dialect folder (DIR/<dialect>/), or NULL */
	const struct dialect *dialect;
	/* a DIR that is not a dialect folder: only its folder of this dialect (NULL: each there is) */
	const struct dialect *only;
	struct db *db;          /* optional, open: given to the files of its dialect */
	const char *since;      /* optional: only the revisions numbered after this one */
};

/*
 * Lints each path: a migration file, a dialect folder (its *.sql, in
 * order) or a migrations folder (each dialect folder in it). Stops at the
 * first bad input.
 */
enum lint_result lint_paths(const struct lint_run_options *o, const char *const *paths, size_t nr,
			    struct lint_report *out, struct diag *d);

/* --- output --------------------------------------------------------------- */

/*
 * Text: each unacknowledged finding as "FILE:LINE: RULE: message" and an
 * indented "    safe: ..." line.
 */
void lint_format_text(const struct lint_report *r, struct strbuf *out);
/* --locks: "FILE:LINE: WHAT: LOCK on TABLE[, rewrites][, scans][, new table]" per lock. */
void lint_format_locks(const struct lint_report *r, struct strbuf *out);
/*
 * --json: {"findings": [{"file", "line", "rule", "severity", "message",
 * "safe", "table", "lock", "rewrites", "scans", "acknowledged", "reason"}],
 * "locks": [...] (with_locks), "count": n} and a line end.
 */
void lint_format_json(const struct lint_report *r, bool with_locks, struct strbuf *out);
/*
 * SARIF 2.1.0 (GitHub code scanning): one run of tool "mig-lint" version
 * version, every rule, every finding (acknowledged ones with a
 * suppression of kind "inSource"); a file under cwd (when given) is named
 * relative to it.
 */
void lint_format_sarif(const struct lint_report *r, const char *version, const char *cwd, struct strbuf *out);

#endif

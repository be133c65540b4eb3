/*
 * The apply suite's project (tests/integration/check_apply*.c): a
 * migrations folder written by hand, a database of its own on the
 * harness's PostgreSQL, and the tools run there with DATABASE_URL naming
 * it. Each file of the suite adds its test cases to the suite's one case
 * with its apply_add_*() function.
 *
 * Ownership: returned strings belong to the caller. Failures abort the test.
 */
#ifndef MIG_APPLY_TEST_H
#define MIG_APPLY_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pgtest.h"
#include "testutil.h"

/* --- a project: migrations folder, database, tools ---------------------- */

struct proj {
	char *dir;          /* the project directory (the tools' working directory) */
	char *migs;         /* dir/migrations/pgsql */
	struct pgtest_db db;
	char *url_env;      /* "DATABASE_URL=<the database's URL>" */
};

#define R1 "0001_20260101000001_one"
#define R2 "0002_20260101000002_two"
#define R3 "0003_20260101000003_three"
#define R4 "0004_20260101000004_four"

void proj_init(struct proj *p, const char *dbname);
void proj_release(struct proj *p);
/* The environment of a run: clean, DATABASE_URL = p's database (when p), then extra (caller frees). */
const char **run_env(const struct proj *p, const char *const *extra);

/*
 * Runs bin/<name> args... (up to a NULL) in p's directory against p's
 * database, in a clean environment; mig-apply's log lines are taken out of
 * r->err unless the run asks for them (--progress, -q, LOG_LEVEL).
 */
void tool(struct run_result *r, const struct proj *p, const char *name, ...) __attribute__((sentinel));
/* The same with extra environment entries (which may replace DATABASE_URL, or unset it). */
void tool_env(struct run_result *r, const struct proj *p, const char *const *extra, const char *name, ...)
	__attribute__((sentinel));
/* A run that succeeds quietly (no terminal: no progress, no summary); releases r. */
void ok_quiet(struct run_result *r);
/* mig-gen --rehash: the hand-written migrations recorded in mig.sum. */
void rehash(const struct proj *p);
/* The h1: checksum that mig.sum records for rev's file (caller frees). */
char *sum_of(const struct proj *p, const char *rev);
/* R1..R4, each creating table tN, recorded in mig.sum. */
void chain_of_four(struct proj *p);

/* --- what the database holds ------------------------------------------ */

/* Polls (every 20 ms, up to 20 s) until the query gives want. */
void wait_for_value(struct pgtest_db *db, const char *sql, const char *want);
/* Polls (every 20 ms, up to 20 s) until the query gives a value other than NULL and not; returns it. */
char *wait_for_other_value(struct pgtest_db *db, const char *sql, const char *not);
/* No mig-apply lock is left: every advisory lock of the server is gone. */
void expect_no_advisory_lock(struct pgtest_db *db);
double now_s(void);
size_t count_lines(const char *s);

/* text is one valid JSON value (just enough of a parser to say so). */
void expect_json(const char *text);
/* The JSON object of rev in a mig-heads --json output (caller frees). */
char *json_object_of(const char *json, const char *rev);

/* --- runs in the background ----------------------------------------------- */

/*
 * Starts argv (argv[0] found in PATH unless it has a slash) in p's directory
 * with p's environment and extra, output to files out_N and err_N; returns its pid.
 */
pid_t spawn_argv(const struct proj *p, const char *const *extra, int n, const char *const *argv);
/* Starts bin/<args[0]> args... as spawn_argv() does. */
pid_t spawn(const struct proj *p, const char *const *extra, int n, const char *const *args);
/* The exit status of pid (128 + signal). */
int wait_exit(pid_t pid);
/* The file out_N or err_N of a spawned run (caller frees). */
char *spawned_output(const struct proj *p, const char *which, int n);

/* The test cases of each file of the suite, added to tc. */
void apply_add_core_tests(TCase *tc);
void apply_add_heads_tests(TCase *tc);
void apply_add_stamp_tests(TCase *tc);
void apply_add_concurrency_tests(TCase *tc);
void apply_add_config_tests(TCase *tc);
void apply_add_log_tests(TCase *tc);
void apply_add_start_tests(TCase *tc);
void apply_add_online_tests(TCase *tc);

#endif

/*
 * The apply suite: runs at the same time (each revision applied once), runs
 * killed halfway (finished by the next), and --lock-timeout.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apply_test.h"
#include "diag.h"
#include "fs.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* --- 5. concurrent runs ---------------------------------------------------- */

#define NR_CONCURRENT_MIGS 50
#define NR_RUNNERS 8

static char *rev_name(int i)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%04d_20260101%06d_m%d", i, i, i);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_concurrent_runs_apply_each_revision_once)
{
	struct proj p;
	struct strbuf up = STRBUF_INIT, all = STRBUF_INIT;
	const char *const args[] = { "mig-apply", "-q", NULL };
	pid_t pids[NR_RUNNERS];
	char *prev = NULL;

	proj_init(&p, "mig_apply_concurrent");
	for (int i = 1; i <= NR_CONCURRENT_MIGS; i++) {
		char *rev = rev_name(i);
		strbuf_reset(&up);
		/* the first one is slow, so that the other runs find the lock taken */
		if (i == 1)
			strbuf_addstr(&up, "CREATE TABLE log (rev text NOT NULL, pid int NOT NULL DEFAULT "
					   "pg_backend_pid());\nSELECT pg_sleep(0.3);\n");
		strbuf_addf(&up, "INSERT INTO log (rev) VALUES ('%s');\n", rev);
		test_write_migration(p.migs, rev, prev, true, up.buf, i == 1 ? "DROP TABLE log;\n" : "SELECT 1;\n");
		strbuf_addf(&all, "%s%s", all.len ? "," : "", rev);
		free(prev);
		prev = rev;
	}
	free(prev);
	rehash(&p);

	for (int k = 0; k < NR_RUNNERS; k++)
		pids[k] = spawn(&p, NULL, k, args);
	for (int k = 0; k < NR_RUNNERS; k++) {
		int status = wait_exit(pids[k]);
		char *out = spawned_output(&p, "out", k), *err = spawned_output(&p, "err", k);
		ck_assert_msg(status == 0 && !*out && !*err, "run %d: exit %d\n%s%s", k, status, out, err);
		free(out);
		free(err);
	}
	pgtest_expect_history(&p.db, all.buf);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM mig_history", "50");
	/* each migration's SQL ran once, all in one run's session */
	pgtest_expect_value(&p.db, "SELECT count(*) || ' ' || count(DISTINCT rev) || ' ' || count(DISTINCT pid) FROM log",
		     "50 50 1");
	pgtest_expect_value(&p.db, "SELECT string_agg(rev, ',' ORDER BY rev) FROM log", all.buf);
	expect_no_advisory_lock(&p.db);
	strbuf_release(&up);
	strbuf_release(&all);
	proj_release(&p);
}
END_TEST

/* --- 7. a killed run --------------------------------------------------------- */

#define RSLOW "0002_20260101000002_slow"

/* R1 creates log; RSLOW logs, sleeps (sleep_sql), logs; R3 logs. */
static void slow_chain(struct proj *p, const char *sleep_sql)
{
	struct strbuf up = STRBUF_INIT;

	test_write_migration(p->migs, R1, NULL, true, "CREATE TABLE log (what text);\nINSERT INTO log VALUES ('one');\n",
		  "DROP TABLE log;\n");
	strbuf_addf(&up, "INSERT INTO log VALUES ('two before');\n%sINSERT INTO log VALUES ('two after');\n",
		    sleep_sql);
	test_write_migration(p->migs, RSLOW, R1, true, up.buf, "SELECT 1;\n");
	test_write_migration(p->migs, R3, RSLOW, true, "INSERT INTO log VALUES ('three');\n", "SELECT 1;\n");
	rehash(p);
	strbuf_release(&up);
}

/* Starts mig-apply, waits until its connection runs pg_sleep, kills it (SIGKILL). */
static void kill_during_sleep(struct proj *p)
{
	const char *const args[] = { "mig-apply", NULL };
	pid_t pid = spawn(p, NULL, 0, args);

	wait_for_value(&p->db,
		       "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply' "
		       "AND state = 'active' AND query LIKE '%pg_sleep%'",
		       "1");
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(wait_exit(pid), 128 + SIGKILL);
}

/* Every revision once, each migration's rows once, and nothing left locked. */
static void expect_all_applied_once(struct proj *p)
{
	struct run_result r;
	double t0;

	pgtest_expect_history(&p->db, R1 "," RSLOW "," R3);
	pgtest_expect_rows(&p->db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what",
		    "one|1\nthree|1\ntwo after|1\ntwo before|1\n");
	expect_no_advisory_lock(&p->db);
	/* a later run does not wait for anything */
	t0 = now_s();
	tool(&r, p, "mig-apply", NULL);
	ok_quiet(&r);
	ck_assert_msg(now_s() - t0 < 10, "a run with nothing to do took %.1f s", now_s() - t0);
	tool(&r, p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
}

/*
 * The user kills a deploy while a migration runs, and runs it again: the
 * new run waits for the killed run's server process (still running the
 * migration), then finishes the job.
 */
START_TEST(test_killed_run_is_finished_by_the_next)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_killed");
	slow_chain(&p, "SELECT pg_sleep(1.5);\n");
	kill_during_sleep(&p);

	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_all_applied_once(&p);
	proj_release(&p);
}
END_TEST

/*
 * The same, but the DBA also ends the killed run's query (it would sleep for
 * an hour), then shortens the migration, which was never applied: the new
 * run applies it from the start.
 */
START_TEST(test_killed_run_whose_query_is_terminated)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_terminated");
	slow_chain(&p, "SELECT pg_sleep(3600);\n");
	kill_during_sleep(&p);
	pgtest_expect_value(&p.db,
		     "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity "
		     "WHERE application_name = 'mig-apply' AND query LIKE '%pg_sleep%'",
		     "t");
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'mig-apply%'",
		       "0");
	pgtest_expect_history(&p.db, R1);
	pgtest_expect_rows(&p.db, "SELECT what FROM log", "one\n");

	slow_chain(&p, "");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_all_applied_once(&p);
	proj_release(&p);
}
END_TEST

/* --- --lock-timeout: retried, then given up ------------------------------------- */

START_TEST(test_lock_timeout_is_retried)
{
	struct proj p;
	struct run_result r;
	struct db holder;
	struct diag d = DIAG_INIT;
	const char *const args[] = { "mig-apply", "--lock-timeout", "300", NULL };
	/* when the statement waiting for the lock started: a new value is a new attempt */
	const char *waiting = "SELECT query_start::text FROM pg_stat_activity WHERE application_name = 'mig-apply' "
			      "AND wait_event_type = 'Lock'";
	char *attempt, *retry;
	double t0;
	pid_t pid;

	proj_init(&p, "mig_apply_lock_timeout");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t (id int);\n", "DROP TABLE t;\n");
	test_write_migration(p.migs, R2, R1, true, "ALTER TABLE t ADD COLUMN v int;\n", "ALTER TABLE t DROP COLUMN v;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);

	/* a long transaction holds a lock on t */
	ck_assert_msg(db_open(&holder, &p.db.cfg, "mig-tests holder", 0, &d) == 0, "%s", d.message);
	ck_assert_msg(db_exec(&holder, "BEGIN; LOCK TABLE t IN ACCESS SHARE MODE", NULL, &d) == 0, "%s", d.message);
	t0 = now_s();
	tool(&r, &p, "mig-apply", "--lock-timeout", "100", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" R2 ".sql:6: canceling statement due to lock timeout (SQLSTATE 55P03)\n"
		"mig-apply: revision " R2 " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " R2 "\n");
	run_result_release(&r);
	/* 4 attempts of 100 ms with 0.25, 0.5 and 0.75 s between them */
	ck_assert_msg(now_s() - t0 >= 1.5, "gave up after %.2f s: no retries", now_s() - t0);
	pgtest_expect_history(&p.db, R1);

	/* the lock goes away while it retries (a second attempt is seen waiting): it gets through */
	pid = spawn(&p, NULL, 0, args);
	attempt = wait_for_other_value(&p.db, waiting, NULL);
	retry = wait_for_other_value(&p.db, waiting, attempt);
	ck_assert_msg(db_exec(&holder, "ROLLBACK", NULL, &d) == 0, "%s", d.message);
	free(attempt);
	free(retry);
	ck_assert_int_eq(wait_exit(pid), 0);
	pgtest_expect_history(&p.db, R1 "," R2);
	db_close(&holder);
	diag_release(&d);
	proj_release(&p);
}
END_TEST

void apply_add_concurrency_tests(TCase *tc)
{
	tcase_add_test(tc, test_concurrent_runs_apply_each_revision_once);
	tcase_add_test(tc, test_killed_run_is_finished_by_the_next);
	tcase_add_test(tc, test_killed_run_whose_query_is_terminated);
	tcase_add_test(tc, test_lock_timeout_is_retried);
}

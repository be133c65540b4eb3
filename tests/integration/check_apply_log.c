/*
 * The apply suite: what mig-apply writes while it works: progress, waits
 * and a summary on a terminal, and LOG_LEVEL in a CI log.
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

/* --- on a terminal: progress, waits and a summary ------------------------------ */

/* Runs "mig-apply args" under script(1), which gives it a terminal; output is r->out. */
static void on_terminal(struct run_result *r, const struct proj *p, const char *args)
{
	struct strbuf cmd = STRBUF_INIT;
	char *path = test_tool_path("mig-apply");
	const char *argv[] = { "script", "-qec", NULL, "/dev/null", NULL };
	const char **env = run_env(p, NULL);

	strbuf_addf(&cmd, "%s %s", path, args);
	argv[2] = cmd.buf;
	run_argv(r, p->dir, env, argv);
	free(env);
	free(path);
	strbuf_release(&cmd);
}

START_TEST(test_progress_on_a_terminal)
{
	struct proj p;
	struct run_result r;
	struct db holder;
	struct diag d = DIAG_INIT;
	struct strbuf cmd = STRBUF_INIT;
	const char *const args[] = { "mig-apply", NULL };
	const char *script[] = { "script", "-qec", NULL, "/dev/null", NULL };
	char *path = test_tool_path("mig-apply"), *out;
	pid_t first, second;

	proj_init(&p, "mig_apply_tty");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\nLOCK TABLE gate;\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);

	/*
	 * A run that finds another one at work says so, waits, and finds the
	 * work done. The first run's migration waits for a table the test
	 * holds locked, until the second is seen waiting for the run's lock.
	 */
	pgtest_exec(&p.db, "CREATE TABLE gate ()");
	ck_assert_msg(db_open(&holder, &p.db.cfg, "mig-tests holder", 0, &d) == 0, "%s", d.message);
	ck_assert_msg(db_exec(&holder, "BEGIN; LOCK TABLE gate", NULL, &d) == 0, "%s", d.message);
	first = spawn(&p, NULL, 0, args);
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply' "
			      "AND wait_event_type = 'Lock'", "1");
	strbuf_addf(&cmd, "%s", path);
	script[2] = cmd.buf;
	second = spawn_argv(&p, NULL, 1, script);
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply lock' "
			      "AND wait_event_type = 'Lock'", "1");
	ck_assert_msg(db_exec(&holder, "ROLLBACK", NULL, &d) == 0, "%s", d.message);
	ck_assert_int_eq(wait_exit(first), 0);
	ck_assert_int_eq(wait_exit(second), 0);
	out = spawned_output(&p, "out", 1);
	ck_assert_msg(strstr(out, "mig-apply: waiting for another mig-apply on this database to finish...") &&
		      strstr(out, "mig-apply: nothing to do; at " R2), "%s", out);
	free(out);

	/* with nothing to do, a run neither takes the run's lock nor waits for it (one read, one connection) */
	ck_assert_msg(db_exec(&holder, "SELECT pg_advisory_lock(hashtextextended('mig  ' || current_database() || ' run', 0))",
			      NULL, &d) == 0, "%s", d.message);
	on_terminal(&r, &p, "");
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "mig-apply: nothing to do; at " R2) && !strstr(r.out, "waiting"), "%s", r.out);
	run_result_release(&r);
	db_close(&holder);

	/* to base on a terminal: asked first; no answer (end of input) changes nothing */
	on_terminal(&r, &p, "--to base");
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, "mig-apply: this downgrade undoes 2 migrations, every one applied (to base):\r\n"
				    "  " R2 "\r\n  " R1 "\r\n") &&
		      strstr(r.out, "go ahead? [y/N] ") &&
		      strstr(r.out, "mig-apply: error: the downgrade was not confirmed: nothing was changed"), "%s", r.out);
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "gate,t1,t2");

	on_terminal(&r, &p, "--to base --yes");
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "[1/2] undoing " R2 " (") && strstr(r.out, "[2/2] undoing " R1 " (") &&
		      strstr(r.out, "mig-apply: undid 2 migrations in ") && strstr(r.out, " ms; now at base"),
		      "%s", r.out);
	run_result_release(&r);
	on_terminal(&r, &p, "");
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "[1/2] applying " R1 " (") && strstr(r.out, "[2/2] applying " R2 " (") &&
		      strstr(r.out, "mig-apply: applied 2 migrations in ") && strstr(r.out, " ms; now at " R2),
		      "%s", r.out);
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "gate,t1,t2");
	free(path);
	strbuf_release(&cmd);
	diag_release(&d);
	proj_release(&p);
}
END_TEST

/* --- LOG_LEVEL: progress in a CI log, silence on a terminal --------------------- */

START_TEST(test_log_level)
{
	struct proj p;
	struct run_result r;
	const char *const info[] = { "LOG_LEVEL=INFO", NULL };
	const char *const debug[] = { "LOG_LEVEL=debug", NULL };
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_apply_log_level");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);

	/* info (as the default): in a pipe, the database, each migration and the summary, as a CI log wants them */
	tool_env(&r, &p, info, "mig-apply", "--to", "+1", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-apply: database %s, migrations migrations/pgsql\n[1/1] applying " R1 " (", p.db.url);
	ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0 &&
		      strstr(r.err, " ms)\nmig-apply: applied 1 migration in ") && strstr(r.err, " ms; now at " R1 "\n"),
		      "%s", r.err);
	ck_assert_uint_eq(count_lines(r.err), 3);
	strbuf_reset(&want);
	run_result_release(&r);

	/* debug: also the database (no password) and the folder */
	tool_env(&r, &p, debug, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-apply: database %s, migrations migrations/pgsql\n[1/1] undoing " R1 " (", p.db.url);
	ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0, "%s\nnot\n%s", r.err, want.buf);
	run_result_release(&r);

	/* error, from a .env file: nothing but errors, even on a terminal */
	test_write_in(p.dir, ".env", "LOG_LEVEL=error\n");
	on_terminal(&r, &p, "");
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t1,t2");

	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

void apply_add_log_tests(TCase *tc)
{
	tcase_add_test(tc, test_progress_on_a_terminal);
	tcase_add_test(tc, test_log_level);
}

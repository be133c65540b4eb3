/*
 * The online_load suite (issue 13, item 4): the migration of mig-gen
 * --online applied under a real write load, as a user adopting mig on a
 * busy table would check it. pgbench_accounts (1,000,000 rows, pgbench -i
 * -s 10) adopted with mig-inspect, mig-gen --name init and mig-stamp; the
 * model then gains an index, a foreign key and a NOT NULL on bid, all three
 * in one mig-gen --online; pgbench (4 clients, an UPDATE and an INSERT per
 * transaction) writes before, during and after mig-apply. Asserted: no
 * write failed, writes committed inside the migration's window, every
 * committed write is in the table, the schema (index valid, foreign key
 * validated, column NOT NULL, no helper check left), and the down. The stall
 * figures are printed, never asserted (speed is measured by make
 * bench-online: docs/online.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "pgbench_log.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

#define LOAD_SECONDS "15" /* 3 s alone, then the migration, then the rest */
#define INIT_REV "0001_20260101000000_init"

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts); /* pgbench logs wall-clock times */
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static char *pg_tool(const char *name)
{
	const char *dir = getenv("MIG_TEST_PG_BIN");
	struct strbuf sb = STRBUF_INIT;

	ck_assert_msg(dir && *dir, "MIG_TEST_PG_BIN is not set: run under tests/pg-harness.sh");
	strbuf_addf(&sb, "%s/%s", dir, name);
	ck_assert_msg(access(sb.buf, X_OK) == 0, "%s: not found (the postgresql package has it)", sb.buf);
	return strbuf_detach(&sb, NULL);
}

/* Starts argv in dir, stdout and stderr to out_path. */
static pid_t start_in(const char *dir, const char *const argv[], const char *out_path)
{
	pid_t pid = fork();

	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || chdir(dir) != 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static int wait_for(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The text `find` in pgbench_accounts' table of the model file becomes `put`. */
static void edit_accounts(const char *path, const char *find, const char *put)
{
	char *s = test_read_file(path), *table, *at;
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(s);
	table = strstr(s, "<table name=\"pgbench_accounts\"");
	ck_assert_msg(table && (at = strstr(table, find)), "no \"%s\" in pgbench_accounts of:\n%s", find, s);
	strbuf_add(&sb, s, (size_t)(at - s));
	strbuf_addstr(&sb, put);
	strbuf_addstr(&sb, at + strlen(find));
	test_write_file(path, sb.buf);
	strbuf_release(&sb);
	free(s);
}

START_TEST(test_online_migration_under_write_load)
{
	struct pgtest_db t;
	struct run_result r;
	struct pgbench_log log;
	struct pgbench_window w;
	struct strbuf sb = STRBUF_INIT, model = STRBUF_INIT, prefix = STRBUF_INIT, out = STRBUF_INIT;
	char *dir = test_mkdtemp(), *pgbench = pg_tool("pgbench"), *text, *history;
	char err[4400];
	long long start_us, end_us;
	pid_t load;

	pgtest_create(&t, "mig_online_load");
	const char *const init[] = { pgbench, "-i", "-q", "-s", "10", t.url, NULL };
	run_argv(&r, dir, NULL, init);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* adopt the database as README says: its model, a first migration, stamped */
	strbuf_addf(&model, "%s/models", dir);
	ck_assert_int_eq(fs_mkdirs(model.buf, NULL), 0);
	strbuf_addstr(&model, "/app.xml");
	run_tool(&r, dir, NULL, "mig-inspect", "--database-url", t.url, NULL);
	ASSERT_EXIT(r, 0);
	test_write_file(model.buf, r.out);
	run_result_release(&r);
	run_tool(&r, dir, NULL, "mig-gen", "--dialect", "pgsql", "--name", "init", "--timestamp", "20260101000000",
		 NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	run_tool(&r, dir, NULL, "mig-stamp", "--database-url", t.url, "head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* the three changes, one online plan */
	edit_accounts(model.buf, "<column name=\"bid\" type=\"integer\"/>",
		      "<column name=\"bid\" type=\"integer\" nullable=\"false\"/>");
	edit_accounts(model.buf, "  </table>",
		      "    <index name=\"pgbench_accounts_bid_idx\" columns=\"bid\"/>\n"
		      "    <foreign-key name=\"pgbench_accounts_bid_fkey\" columns=\"bid\" "
		      "references=\"pgbench_branches (bid)\"/>\n  </table>");
	run_tool(&r, dir, NULL, "mig-gen", "--dialect", "pgsql", "--online", "--name", "bid_checked",
		 "--timestamp", "20260101000100", "--no-fill=pgbench_accounts.bid", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* the load: 4 clients, each transaction an UPDATE of a random account and an INSERT */
	strbuf_addf(&sb, "%s/write.sql", dir);
	test_write_file(sb.buf, "\\set aid random(1, 1000000)\n"
				"\\set delta random(-5000, 5000)\n"
				"BEGIN;\n"
				"UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;\n"
				"INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
				"VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);\n"
				"END;\n");
	strbuf_addf(&prefix, "--log-prefix=%s/load", dir);
	strbuf_addf(&out, "%s/pgbench.out", dir);
	const char *const bench[] = { pgbench, "-n", "-f", sb.buf, "-c", "4", "-j", "2", "-T", LOAD_SECONDS, "-l",
				      prefix.buf, t.url, NULL };
	load = start_in(dir, bench, out.buf);
	sleep(3);
	start_us = now_us();
	run_tool(&r, dir, NULL, "mig-apply", "--database-url", t.url, NULL);
	end_us = now_us();
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	int rc = wait_for(load);
	text = test_read_file(out.buf);
	ck_assert_msg(rc == 0, "pgbench: exit status %d:\n%s", rc, text);
	ASSERT_CONTAINS(text, "number of failed transactions: 0 ");
	free(text);

	/* what the writers saw */
	ck_assert_msg(pgbench_log_read(&log, prefix.buf + strlen("--log-prefix="), err, sizeof(err)) == 0, "%s",
		      err);
	ck_assert_msg(log.failed == 0, "%zu writes failed", log.failed);
	pgbench_log_window(&log, start_us, end_us, &w);
	printf("online_load: the --online migration ran %.0f ms under load: %zu writes committed meanwhile, "
	       "longest stall %.1f ms, p99 %.1f ms, max %.1f ms (not asserted: make bench-online measures)\n",
	       (double)(end_us - start_us) / 1e3, w.commits, w.stall_ms, w.p99_ms, w.max_ms);
	ck_assert_msg(w.commits > 0, "no write committed while the migration ran");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%zu", log.nr);
	history = pgtest_value(&t, "SELECT count(*) FROM pgbench_history");
	ck_assert_str_eq(history, sb.buf); /* every committed write is there */
	free(history);
	pgbench_log_release(&log);

	/* the schema a user asked for, and no helper left behind */
	pgtest_expect_value(&t, "SELECT indisvalid AND indisready FROM pg_index "
				"WHERE indexrelid = 'pgbench_accounts_bid_idx'::regclass", "t");
	pgtest_expect_value(&t, "SELECT convalidated FROM pg_constraint WHERE conname = 'pgbench_accounts_bid_fkey' "
				"AND conrelid = 'pgbench_accounts'::regclass AND contype = 'f'", "t");
	pgtest_expect_value(&t, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'pgbench_accounts'::regclass "
				"AND attname = 'bid'", "t");
	pgtest_expect_rows(&t, "SELECT conname FROM pg_constraint WHERE conrelid = 'pgbench_accounts'::regclass "
			       "ORDER BY 1", "pgbench_accounts_bid_fkey\npgbench_accounts_pkey\n");
	pgtest_expect_value(&t, "SELECT count(*) FROM pg_index WHERE NOT indisvalid", "0");
	pgtest_expect_value(&t, "SELECT count(*) FROM pgbench_accounts", "1000000");

	/* the down, back to the adopted schema */
	run_tool(&r, dir, NULL, "mig-apply", "--database-url", t.url, "--to", INIT_REV, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&t, INIT_REV);
	pgtest_expect_value(&t, "SELECT to_regclass('pgbench_accounts_bid_idx') IS NULL", "t");
	pgtest_expect_value(&t, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'pgbench_accounts'::regclass "
				"AND attname = 'bid'", "f");
	pgtest_expect_rows(&t, "SELECT conname FROM pg_constraint WHERE conrelid = 'pgbench_accounts'::regclass "
			       "ORDER BY 1", "pgbench_accounts_pkey\n");

	pgtest_drop(&t);
	test_rmtree(dir);
	strbuf_release(&sb);
	strbuf_release(&model);
	strbuf_release(&prefix);
	strbuf_release(&out);
	free(pgbench);
	free(dir);
}
END_TEST

Suite *online_load_suite(void)
{
	Suite *s = suite_create("online_load");
	TCase *tc = tcase_create("pgsql");

	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_online_migration_under_write_load);
	suite_add_tcase(s, tc);
	return s;
}

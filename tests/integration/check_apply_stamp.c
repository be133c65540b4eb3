/*
 * The apply suite: mig-stamp records revisions without running them; a
 * later mig-apply runs only the rest.
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

/* --- 9. mig-stamp, then mig-apply ------------------------------------------- */

START_TEST(test_stamp_then_apply_runs_only_the_rest)
{
	struct proj p;
	struct run_result r;
	char *sum1;

	proj_init(&p, "mig_apply_stamp");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\nINSERT INTO t1 VALUES (1);\n",
		  "DROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, true, "INSERT INTO t1 VALUES (2);\n", "DELETE FROM t1 WHERE id = 2;\n");
	test_write_migration(p.migs, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	/* an existing database, already holding what R1 makes */
	pgtest_exec(&p.db, "CREATE TABLE t1 (id int)");

	tool(&r, &p, "mig-stamp", R1, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R1 "\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	sum1 = sum_of(&p, R1);
	pgtest_expect_rows(&p.db, "SELECT revision, dirty FROM mig_history", R1 "|f\n");
	pgtest_expect_value(&p.db, "SELECT checksum FROM mig_history", sum1);

	/* only R2 and R3 run: R1's INSERT does not */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t3");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);
	pgtest_expect_value(&p.db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t1", "2");

	/* stamping changes the history only */
	tool(&r, &p, "mig-stamp", "base", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "unstamped " R1 "\nunstamped " R2 "\nunstamped " R3 "\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");
	pgtest_expect_tables(&p.db, "t1,t3");
	tool(&r, &p, "mig-stamp", "0002", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R1 "\nstamped " R2 "\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R3 "\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);
	pgtest_expect_value(&p.db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t1", "2");

	tool(&r, &p, "mig-stamp", "nope", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-stamp: error: there is no revision \"nope\" in migrations/pgsql\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-stamp: error: missing argument\nTry \"mig-stamp --help\" for more "
				"information.\n");
	run_result_release(&r);
	free(sum1);
	proj_release(&p);
}
END_TEST

void apply_add_stamp_tests(TCase *tc)
{
	tcase_add_test(tc, test_stamp_then_apply_runs_only_the_rest);
}

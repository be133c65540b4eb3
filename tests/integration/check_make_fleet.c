/* The make suite: db-upgrade-fleet, many databases in one run. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "fs.h"
#include "make_test.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "sumfile.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* --- 2. fleets ----------------------------------------------------------------------- */

#define FLEET 10
#define BROKEN 7

/* p's database URL with a password for its user (trust authentication ignores it). */
static char *with_password(const char *url, const char *password)
{
	const char *at = strchr(url, '@');
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(at);
	strbuf_add(&sb, url, (size_t)(at - url));
	strbuf_addf(&sb, ":%s%s", password, at);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_upgrade_fleet)
{
	struct proj p;
	struct pgtest_db dbs[FLEET];
	struct strbuf file = STRBUF_INIT, want = STRBUF_INIT, name = STRBUF_INIT;
	struct run_result r;
	const char *const env[] = { "DATABASE_URL", NULL };
	int bad;

	mproj_init(&p, "mig_make_fleet");
	V1(&p);
	migrate(&p, "init", AT0, R_INIT);
	bad = line_of(&p, PGSQL R_INIT ".sql", "CREATE TABLE customer");

	strbuf_addstr(&file, "# the shop's databases\n\n");
	strbuf_addstr(&want, "db-upgrade-fleet:\n");
	for (int i = 0; i < FLEET; i++) {
		char *url, *shown;
		strbuf_reset(&name);
		strbuf_addf(&name, "mig_make_fleet_%d", i + 1);
		pgtest_create(&dbs[i], name.buf);
		url = with_password(dbs[i].url, "s3cret");
		shown = with_password(dbs[i].url, "***");
		strbuf_addf(&file, "%s\n", url);
		if (i + 1 == BROKEN)
			strbuf_addf(&want, "  %d %s: FAILED: mig-apply: migrations/pgsql/" R_INIT ".sql:%d: relation "
					   "\"customer\" already exists (SQLSTATE 42P07)\n", i + 1, shown, bad);
		else
			strbuf_addf(&want, "  %d %s: at head " R_INIT "\n", i + 1, shown);
		free(url);
		free(shown);
	}
	strbuf_addf(&want, "db-upgrade-fleet: %d of %d databases at head\n", FLEET - 1, FLEET);
	/* a table in the way of the first migration */
	pgtest_exec(&dbs[BROKEN - 1], "CREATE TABLE customer (name text)");
	test_write_in(p.dir, "fleet.txt", file.buf);

	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=fleet.txt", NULL);
	ck_assert_msg(r.status != 0, "%s", r.out);
	ck_assert_str_eq(r.out, want.buf);
	strbuf_reset(&name);
	strbuf_addf(&name, "db-upgrade-fleet-%d] Error 1\n", BROKEN);
	ASSERT_CONTAINS(r.err, name.buf);
	ASSERT_CONTAINS(r.err, "relation \"customer\" already exists (SQLSTATE 42P07)\n");
	ASSERT_LACKS(r.out, "s3cret");
	ASSERT_LACKS(r.err, "s3cret");
	run_result_release(&r);
	for (int i = 0; i < FLEET; i++) {
		if (i + 1 == BROKEN) {
			pgtest_expect_tables(&dbs[i], "customer");
			expect_columns(&dbs[i], "customer", "name");
			pgtest_expect_history(&dbs[i], "");
		} else {
			pgtest_expect_tables(&dbs[i], "customer,orders");
			pgtest_expect_history(&dbs[i], R_INIT);
		}
	}

	/* the way cleared, again: all at head */
	pgtest_exec(&dbs[BROKEN - 1], "DROP TABLE customer");
	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=fleet.txt", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "\ndb-upgrade-fleet: %d of %d databases at head\n", FLEET, FLEET);
	ASSERT_CONTAINS(r.out, want.buf);
	run_result_release(&r);
	pgtest_expect_history(&dbs[BROKEN - 1], R_INIT);

	/* the justfile's recipe: the file and the number of jobs as arguments */
	just(&r, &p, env, "db-upgrade-fleet", "fleet.txt", "4", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, want.buf);
	run_result_release(&r);

	/* a file with no URL runs nothing (not the Makefile's first target) */
	test_write_in(p.dir, "empty.txt", "# nothing yet\n\n");
	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=empty.txt", NULL);
	expect_make_failed(&r, "db-upgrade-fleet", 2);
	ck_assert_str_eq(r.out, ""); /* not "building the shop" */
	ASSERT_CONTAINS(r.err, "db-upgrade-fleet: empty.txt lists no database URL\n");
	run_result_release(&r);
	mk(&r, &p, env, "db-upgrade-fleet", NULL);
	expect_make_failed(&r, "db-upgrade-fleet", 2);
	ASSERT_CONTAINS(r.err, "usage: make -j8 db-upgrade-fleet MIG_FLEET=FILE (a database URL per line)\n");
	run_result_release(&r);

	for (int i = 0; i < FLEET; i++)
		pgtest_drop(&dbs[i]);
	strbuf_release(&file);
	strbuf_release(&want);
	strbuf_release(&name);
	mproj_release(&p);
}
END_TEST

void make_add_fleet_tests(TCase *tc)
{
	tcase_add_test(tc, test_upgrade_fleet);
}

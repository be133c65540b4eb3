/* The make suite: the justfile does what make does. */
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

/* --- 3. just ------------------------------------------------------------------------ */

/* A second project: a copy of p's directory, with a database of its own. */
static void proj_copy(struct proj *q, const struct proj *p, const char *dbname)
{
	struct strbuf src = STRBUF_INIT, sb = STRBUF_INIT;
	struct run_result r;

	memset(q, 0, sizeof(*q));
	q->dir = test_mkdtemp();
	strbuf_addf(&src, "%s/.", p->dir);
	{
		const char *const argv[] = { "cp", "-a", src.buf, q->dir, NULL };
		run_argv(&r, NULL, NULL, argv);
	}
	ck_assert_msg(r.status == 0, "cp: %s", r.err);
	run_result_release(&r);
	pgtest_create(&q->db, dbname);
	strbuf_addf(&sb, "DATABASE_URL=%s", q->db.url);
	q->url_env = strbuf_detach(&sb, NULL);
	q->bin_env = xstrdup(p->bin_env);
	strbuf_release(&src);
}

static void expect_same_file(const struct proj *a, const struct proj *b, const char *rel)
{
	char *x = test_read_in(a->dir, rel), *y = test_read_in(b->dir, rel);

	ck_assert_msg(strcmp(x, y) == 0, "%s differs:\n%s\n---\n%s", rel, x, y);
	free(x);
	free(y);
}

#define META "x; rm -rf / $(touch FILE) `id`"
#define R_META "0003_20260101020000_x_rm_rf_touch_file_id"

START_TEST(test_just_is_make)
{
	struct proj a, b;
	struct run_result r;
	const char *const at1[] = { AT1, NULL }, *const at2[] = { AT2, NULL };
	char *text, *tree, *path;

	mproj_init(&a, "mig_make_just_a");
	V1(&a);
	migrate(&a, "init", AT0, R_INIT);
	proj_copy(&b, &a, "mig_make_just_b");
	V2(&a);
	V2(&b);

	/* make db-migrate name=NAME and just db-migrate NAME: the same file, byte for byte */
	mk(&r, &a, at1, "db-migrate", "name=Add phone numbers", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	run_result_release(&r);
	just(&r, &b, at1, "db-migrate", "Add phone numbers", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	run_result_release(&r);
	expect_same_file(&a, &b, PGSQL "0002_20260101010000_add_phone_numbers.sql");
	expect_same_file(&a, &b, "migrations/state/0002_20260101010000_add_phone_numbers.xml");
	expect_same_file(&a, &b, PGSQL "mig.sum");

	/* shell metacharacters in a name through just: text, never run */
	V3(&b);
	just(&r, &b, at2, "db-migrate", META, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_META));
	run_result_release(&r);
	text = test_read_in(b.dir, PGSQL R_META ".sql");
	ASSERT_CONTAINS(text, "\n-- mig:message " META "\n");
	free(text);
	ck_assert(!test_exists_in(b.dir, "FILE"));
	tree = test_tree_dir();
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s/FILE", tree);
		path = strbuf_detach(&sb, NULL);
	}
	ck_assert(!test_file_exists(path));
	free(path);
	free(tree);
	ck_assert(!test_file_exists("FILE"));
	ck_assert(test_exists_in(b.dir, "models/shop.xml"));

	/* the other recipes are make's too */
	just(&r, &b, NULL, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&b.db, R_INIT ",0002_20260101010000_add_phone_numbers," R_META);
	just(&r, &b, NULL, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_tables(&b.db, "customer,orders");
	just(&r, &b, NULL, "db-downgrade", "base", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&b.db, "");
	just(&r, &b, NULL, "db-upgrade", "0002", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	just(&r, &b, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	{
		struct strbuf want = STRBUF_INIT;
		test_heads_line(&want, "0002_20260101010000_add_phone_numbers", "Add phone numbers", strlen(R_META));
		ck_assert_str_eq(r.out, want.buf);
		strbuf_release(&want);
	}
	run_result_release(&r);
	just(&r, &b, NULL, "db-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_META "\n");
	run_result_release(&r);
	mproj_release(&a);
	mproj_release(&b);
}
END_TEST

void make_add_just_tests(TCase *tc)
{
	tcase_add_test(tc, test_just_is_make);
}

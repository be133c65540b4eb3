/* The make suite: apps, one chain each (chain.h), and an app on a database of its own (seeds/001). */
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

/* --- an app on a database of its own (seeds/001) ----------------------------------- */

#define ANALYTICS(attrs)                                                                         \
	"<models xmlns=\"urn:mig:model:1\" app=\"analytics\"" attrs ">\n"                            \
	"  <table name=\"event\"><column name=\"id\" type=\"bigint\"/><primary-key columns=\"id\"/>" \
	"</table>\n</models>\n"
#define ANALYTICS_DB " database-url-env=\"ANALYTICS_DATABASE_URL\""
#define R_AN "0002_20260101000000_init"
#define AN_UNSET "mig-apply: error: app analytics's chain runs on the database ANALYTICS_DATABASE_URL names, but " \
	"ANALYTICS_DATABASE_URL is not set\n"

/*
 * seeds/001: the main app and an analytics app whose models name a second
 * database. A plain db-migrate gives analytics its own chain; db-upgrade
 * creates each app's tables in its own database only; db-pending and
 * db-history cover both, naming each database; MIG_APP=analytics
 * db-downgrade undoes only there; the variable unset changes nothing
 * anywhere.
 */
START_TEST(test_app_own_database)
{
	struct proj p;
	struct pgtest_db an;
	struct run_result r;
	struct strbuf var = STRBUF_INIT;
	const char *env[3] = { AT0, NULL, NULL };
	const char *const empty[] = { "ANALYTICS_DATABASE_URL=", NULL };
	const char *only_an[] = { "MIG_APP=analytics", NULL, NULL };

	mproj_init(&p, "mig_make_appdb_main");
	pgtest_create(&an, "mig_make_appdb_analytics");
	strbuf_addf(&var, "ANALYTICS_DATABASE_URL=%s", an.url);
	env[1] = var.buf;
	only_an[1] = var.buf;
	V1(&p);
	test_write_in(p.dir, "models/analytics.xml", ANALYTICS(ANALYTICS_DB));

	/* a plain db-migrate: the default chain, then analytics' own (it names a database) */
	mk(&r, &p, env, "db-migrate", "name=init", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT) WRITTEN(R_AN));
	run_result_release(&r);
	{
		char *text = test_read_in(p.dir, PGSQL R_AN ".sql");
		ASSERT_CONTAINS(text, "-- mig:app analytics\n");
		ASSERT_CONTAINS(text, "CREATE TABLE event (");
		free(text);
		text = test_read_in(p.dir, PGSQL R_INIT ".sql");
		ASSERT_LACKS(text, "event");
		free(text);
	}

	/* the variable unset or empty: exit 2 naming it, nothing run on either database */
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, AN_UNSET);
	run_result_release(&r);
	mk(&r, &p, empty, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "but ANALYTICS_DATABASE_URL is empty\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 2);
	ASSERT_CONTAINS(r.err, "mig-heads: error: app analytics's chain runs on the database ANALYTICS_DATABASE_URL");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");
	pgtest_expect_history(&an, "-");
	pgtest_expect_tables(&p.db, "");
	pgtest_expect_tables(&an, "");

	/* each app's tables in its own database only */
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: the default chain: database ");
	ASSERT_CONTAINS(r.err, "mig-apply: app analytics's chain: database ");
	ASSERT_CONTAINS(r.err, " (ANALYTICS_DATABASE_URL), migrations migrations/pgsql\n");
	ASSERT_CONTAINS(r.err, "mig-apply: app analytics's chain: applied 1 migration in ");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT);
	pgtest_expect_tables(&an, "event");
	pgtest_expect_history(&an, R_AN);

	/* db-pending is green on both; db-history shows both chains and their databases */
	mk(&r, &p, env, "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	mk(&r, &p, env, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "(default)  " R_INIT);
	ASSERT_CONTAINS(r.out, "analytics  " R_AN);
	ASSERT_CONTAINS(r.err, "mig-heads: the default chain: database ");
	ASSERT_CONTAINS(r.err, "mig-heads: app analytics's chain: database ");
	run_result_release(&r);

	/* db-backup: the main database and the app's own, a file each */
	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	{
		size_t lines = 0;
		for (const char *t = r.out; *t; t++)
			lines += *t == '\n';
		ck_assert_msg(lines == 2 && strstr(r.out, "backups/"), "%s", r.out);
	}
	run_result_release(&r);

	/* check-migrations checks each chain on its own database: both at head, so it passes */
	mk(&r, &p, env, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, an.url);
	ASSERT_CONTAINS(r.out, p.db.url);
	run_result_release(&r);

	/* --app with an explicit --database-url: the URL given wins (no variable needed) */
	mtool(&r, &p, "mig-heads", "--current", "--app", "analytics", "--database-url", p.db.url, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);

	/* MIG_APP=analytics db-downgrade: undone in the analytics database alone */
	mk(&r, &p, only_an, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "undoing " R_AN);
	run_result_release(&r);
	pgtest_expect_tables(&an, "");
	pgtest_expect_history(&an, "");
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT);
	mk(&r, &p, env, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.out, "analytics  " R_AN);
	run_result_release(&r);
	/* ... and the gate sees it in the analytics database, not the main one */
	mk(&r, &p, env, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ASSERT_CONTAINS(r.out, ": 1 pending migration in migrations/pgsql: " R_AN);
	ASSERT_CONTAINS(r.out, an.url);
	run_result_release(&r);

	/* db-stamp to=head: each chain's head in its own database */
	mk(&r, &p, env, "db-stamp", "to=head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&an, R_AN);
	pgtest_expect_tables(&an, "");

	/* every file of the app names the same database */
	test_write_in(p.dir, "models/analytics_more.xml", ANALYTICS(""));
	mk(&r, &p, env, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: models/analytics_more.xml:1: app \"analytics\": no database-url-env here, "
			"but database-url-env=\"ANALYTICS_DATABASE_URL\" in models/analytics.xml:1\n");
	run_result_release(&r);

	pgtest_drop(&an);
	strbuf_release(&var);
	mproj_release(&p);
}
END_TEST

/*
 * An app on a SQLite database while the main one is PostgreSQL: each chain
 * lives in its own dialect's folder, and the tools that look at the folder
 * once for every chain (mig-heads, mig-apply) read each chain's own.
 */
START_TEST(test_app_on_another_dialect)
{
	struct proj p;
	struct run_result r;
	struct strbuf var = STRBUF_INIT, an_db = STRBUF_INIT;
	const char *env[3] = { AT0, NULL, NULL };
	sqlite3 *an = NULL;

	mproj_init(&p, "mig_make_app_sqlite");
	strbuf_addf(&an_db, "%s/analytics.db", p.dir);
	/* sqlite:///FILE is relative to the project (SQLAlchemy's form) */
	strbuf_addstr(&var, "ANALYTICS_DATABASE_URL=sqlite:///analytics.db");
	env[1] = var.buf;
	V1(&p);
	test_write_in(p.dir, "models/analytics.xml", ANALYTICS(ANALYTICS_DB));
	{
		const char *pg_gen[] = { "mig-gen", "--dialect", "pgsql", "--name", "init", NULL };
		const char *lite_gen[] = { "mig-gen", "--dialect", "sqlite", "--name", "init", NULL };
		char *tool = test_tool_path("mig-gen");
		pg_gen[0] = lite_gen[0] = tool;
		vrun_argv(&r, &p, env, pg_gen);
		ASSERT_EXIT(r, 0);
		run_result_release(&r);
		vrun_argv(&r, &p, env, lite_gen);
		ASSERT_EXIT(r, 0);
		run_result_release(&r);
		free(tool);
	}

	/* both chains pending, each read from its own folder (no "edited" sum-file error) */
	mk(&r, &p, env, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.out, "(default)  " R_INIT);
	ASSERT_CONTAINS(r.out, "analytics  0004_20260101000000_init");
	ASSERT_LACKS(r.err, "was edited");
	ASSERT_CONTAINS(r.err, "app analytics's chain: database sqlite://");
	ASSERT_CONTAINS(r.err, "migrations migrations/sqlite\n");
	run_result_release(&r);

	/* db-upgrade: the analytics table in the SQLite file only */
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_LACKS(r.err, "was edited");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT);
	ck_assert_int_eq(sqlite3_open_v2(an_db.buf, &an, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(an, "SELECT id FROM event", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(an);
	mk(&r, &p, env, "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);

	strbuf_release(&var);
	strbuf_release(&an_db);
	mproj_release(&p);
}
END_TEST

/*
 * The tools that run migrations read only the root of each model file
 * (which app, which database): a model broken below its root stops mig-gen,
 * which names it, but not db-pending or db-upgrade, which run the
 * migrations as they are.
 */
START_TEST(test_runs_read_model_roots_only)
{
	struct proj p;
	struct run_result r;
	const char *env[] = { AT0, NULL };

	mproj_init(&p, "mig_make_model_roots");
	V1(&p);
	mk(&r, &p, env, "db-migrate", "name=init", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	test_write_in(p.dir, "models/zz_broken.xml",
		      "<models xmlns=\"urn:mig:model:1\">\n  <tabel name=\"x\"/>\n</models>\n");

	mk(&r, &p, env, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.out, R_INIT);
	ASSERT_LACKS(r.err, "zz_broken");
	run_result_release(&r);
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_LACKS(r.err, "zz_broken");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT);

	/* mig-gen reads the models whole: the broken one is named, with its line */
	mk(&r, &p, env, "db-migrate", "name=next", NULL);
	expect_make_failed(&r, "db-migrate", 2);
	ASSERT_CONTAINS(r.err, "models/zz_broken.xml:2: ");
	run_result_release(&r);

	/* a file whose root is not <models> is named by every tool */
	test_write_in(p.dir, "models/zz_broken.xml", "<model/>\n");
	mk(&r, &p, env, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 2);
	ASSERT_CONTAINS(r.err, "models/zz_broken.xml:1: the root element must be <models xmlns=\"urn:mig:model:1\">");
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/* --- apps: one chain each (chain.h) -------------------------------------------- */

#define BLOG(extra)                                                                          \
	"<models xmlns=\"urn:mig:model:1\" app=\"blog\">\n"                                      \
	"  <table name=\"post\">\n    <column name=\"id\" type=\"bigint\" nullable=\"false\"/>\n" \
	extra "    <primary-key columns=\"id\"/>\n  </table>\n</models>\n"
#define R_BLOG "0002_20260101010000_blog"
#define R_BOTH_DEFAULT "0003_20260101020000_both"
#define R_BOTH_BLOG "0004_20260101020000_both"

/* A chain written before any app, then --app for one of its apps: refused, naming the tables. */
START_TEST(test_app_tables_in_default_chain_are_refused)
{
	struct proj p;
	struct run_result r;
	const char *const blog[] = { AT1, "MIG_APP=blog", NULL };

	mproj_init(&p, "mig_make_apps_refused");
	V1(&p);
	test_write_in(p.dir, "models/blog.xml", BLOG(""));
	migrate(&p, "init", AT0, R_INIT);
	mk(&r, &p, blog, "db-migrate", "name=blog", NULL);
	expect_make_failed(&r, "db-migrate", 2);
	ASSERT_CONTAINS(r.err, "mig-gen: migrations/state/" R_INIT ".xml: tables of app blog's chain are recorded "
			"in the default chain: \"post\"\n");
	ASSERT_CONTAINS(r.err, "mig-gen: hint: mig-gen never moves tables between chains: keep them in the default "
			"chain (mig-gen without --app), or move them deliberately");
	ck_assert(!test_exists_in(p.dir, PGSQL R_BLOG ".sql"));
	run_result_release(&r);
	/* the one chain, as before: every app's tables, applied by a plain db-upgrade */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "customer,orders,post");
	mk(&r, &p, NULL, "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/*
 * An app with a chain of its own: a plain db-migrate keeps its tables out of
 * the default chain and gives it its own migration; db-pending, db-upgrade,
 * db-current act on both chains; MIG_APP on one.
 */
START_TEST(test_app_chains)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const blog[] = { AT1, "MIG_APP=blog", NULL };
	const char *const both[] = { AT2, NULL };
	const char *const only_blog[] = { "MIG_APP=blog", NULL };
	char *text;

	mproj_init(&p, "mig_make_apps");
	V1(&p);
	migrate(&p, "init", AT0, R_INIT);
	/* a second app, with a chain of its own from its first migration */
	test_write_in(p.dir, "models/blog.xml", BLOG(""));
	mk(&r, &p, blog, "db-migrate", "name=blog", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_BLOG));
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL R_BLOG ".sql");
	ASSERT_CONTAINS(text, "-- mig:app blog\n");
	ASSERT_CONTAINS(text, "CREATE TABLE post (");
	ASSERT_LACKS(text, "-- mig:parents " R_INIT);
	free(text);

	/* both apps change; a plain db-migrate writes one migration per chain */
	V2(&p);
	test_write_in(p.dir, "models/blog.xml", BLOG("    <column name=\"title\" type=\"text\"/>\n"));
	mk(&r, &p, both, "db-migrate", "name=both", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_BOTH_DEFAULT) WRITTEN(R_BOTH_BLOG));
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL R_BOTH_DEFAULT ".sql");
	ASSERT_CONTAINS(text, "-- mig:parents " R_INIT "\n");
	ASSERT_CONTAINS(text, "ADD COLUMN phone");
	ASSERT_LACKS(text, "post");
	ASSERT_LACKS(text, "-- mig:app");
	free(text);
	text = test_read_in(p.dir, "migrations/state/" R_BOTH_DEFAULT ".xml");
	ASSERT_CONTAINS(text, "\"customer\"");
	ASSERT_LACKS(text, "\"post\"");
	free(text);
	text = test_read_in(p.dir, PGSQL R_BOTH_BLOG ".sql");
	ASSERT_CONTAINS(text, "-- mig:parents " R_BLOG "\n");
	ASSERT_CONTAINS(text, "-- mig:app blog\n");
	ASSERT_CONTAINS(text, "ADD COLUMN title");
	ASSERT_LACKS(text, "customer");
	free(text);
	text = test_read_in(p.dir, "migrations/state/" R_BOTH_BLOG ".xml");
	ASSERT_CONTAINS(text, "app=\"blog\"");
	ASSERT_CONTAINS(text, "\"post\"");
	ASSERT_LACKS(text, "\"customer\"");
	free(text);
	mk(&r, &p, both, "db-migrate", "name=again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);

	/* db-pending (make and just): every chain's, each line with its app */
	strbuf_addf(&want, "(default)  %-*s  init\n(default)  %-*s  both\nblog       %-*s  blog\nblog       %-*s  both\n",
		    (int)strlen(R_BOTH_DEFAULT), R_INIT, (int)strlen(R_BOTH_DEFAULT), R_BOTH_DEFAULT,
		    (int)strlen(R_BOTH_BLOG), R_BLOG, (int)strlen(R_BOTH_BLOG), R_BOTH_BLOG);
	/* pending migrations: db-pending fails (a CI gate) */
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	just(&r, &p, NULL, "db-pending", NULL);
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	/* MIG_APP: that chain alone, as a single chain shows */
	mk(&r, &p, only_blog, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s  blog\n%s  both\n", R_BLOG, R_BOTH_BLOG);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* MIG_APP=blog db-upgrade: the blog alone */
	mk_ok(&p, only_blog, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "post");
	pgtest_expect_history(&p.db, R_BLOG "," R_BOTH_BLOG);
	/* a plain db-upgrade: every chain */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "customer,orders,post");
	expect_columns(&p.db, "post", "id,title");
	pgtest_expect_history(&p.db, R_INIT "," R_BLOG "," R_BOTH_DEFAULT "," R_BOTH_BLOG);
	pgtest_expect_value(&p.db, "SELECT string_agg(app || ':' || revision, ',' ORDER BY revision) FROM mig_history",
		     ":" R_INIT ",blog:" R_BLOG ",:" R_BOTH_DEFAULT ",blog:" R_BOTH_BLOG);
	mk(&r, &p, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "(default)  " R_BOTH_DEFAULT "  both\nblog       " R_BOTH_BLOG "  both\n");
	run_result_release(&r);
	mtool(&r, &p, "mig-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "<table name=\"post\">");
	ASSERT_CONTAINS(r.out, "<table name=\"customer\"");
	run_result_release(&r);

	/* one step down is one chain's: ambiguous without MIG_APP */
	mk(&r, &p, NULL, "db-downgrade", NULL);
	expect_make_failed(&r, "db-downgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to: \"-1\" is ambiguous: the migrations of migrations/pgsql form "
			"several chains (the default chain, app blog's chain)\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_BLOG "," R_BOTH_DEFAULT "," R_BOTH_BLOG);
	mk_ok(&p, only_blog, "db-downgrade", NULL);
	expect_columns(&p.db, "post", "id");
	expect_columns(&p.db, "customer", "id,email,created_at,phone");
	/* a revision names its chain */
	mk_ok(&p, NULL, "db-upgrade", "to=" R_BOTH_BLOG);
	expect_columns(&p.db, "post", "id,title");
	/* check-migrations: both chains replayed */
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "migrations/pgsql (app blog's chain): replayed on a scratch database");
	ASSERT_CONTAINS(r.out, "migrations/pgsql (the default chain): replayed on a scratch database");
	run_result_release(&r);
	/* a foreign key across chains is refused: each chain runs on its own */
	test_write_in(p.dir, "models/blog.xml", BLOG("    <column name=\"title\" type=\"text\"/>\n"
					       "    <column name=\"author\" type=\"bigint\"/>\n"
					       "    <foreign-key columns=\"author\" references=\"customer (id)\"/>\n"));
	mk(&r, &p, NULL, "db-migrate", "name=author", NULL);
	expect_make_failed(&r, "db-migrate", 2);
	ASSERT_CONTAINS(r.err, "mig-gen: models/blog.xml:6: foreign key \"post_author_fkey\" of table \"post\" (app "
			"blog) refers to table \"customer\" (app shop), which lives in another chain (the default "
			"chain, not app blog's chain)\n");
	run_result_release(&r);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

void make_add_apps_tests(TCase *tc)
{
	tcase_add_test(tc, test_app_tables_in_default_chain_are_refused);
	tcase_add_test(tc, test_app_chains);
	tcase_add_test(tc, test_app_own_database);
	tcase_add_test(tc, test_app_on_another_dialect);
	tcase_add_test(tc, test_runs_read_model_roots_only);
}

/*
 * mig-lint and mig-check --lint as a user runs them: exit statuses (0
 * clean or info only, 1 unacknowledged findings, 2 bad input), the text,
 * SARIF and --locks output of the real tool, the rows a SQLite rebuild
 * copies counted in a real database, and mig-check --lint (--lint-since)
 * over migrations mig-gen wrote, replayed on the harness's PostgreSQL.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

#define REV1 "0001_20261201000000_init"
#define REV2 "0002_20261201000001_index"

/* Runs bin/<tool> with the arguments up to NULL in dir, in a clean environment plus env. */
static void run(struct run_result *r, const char *dir, const char *const *env, const char *tool, ...)
	__attribute__((sentinel));
static void run(struct run_result *r, const char *dir, const char *const *env, const char *tool, ...)
{
	char *path = test_tool_path(tool);
	const char *const first[] = { path, NULL };
	va_list ap;

	va_start(ap, tool);
	test_vrun(r, dir, env, NULL, first, ap);
	va_end(ap);
	free(path);
}

/* A project with migrations/pgsql/ holding REV1 (a table) and REV2 (up), as written by hand. */
static char *hand_project(const char *up2)
{
	char *dir = test_mkdtemp();
	char *pg = test_path_in(dir, "migrations/pgsql");

	ck_assert_int_eq(fs_mkdirs(pg, NULL), 0);
	test_write_migration(pg, REV1, NULL, true, "CREATE TABLE account (id bigint PRIMARY KEY, email text);\n",
			     "DROP TABLE account;\n");
	if (up2)
		test_write_migration(pg, REV2, REV1, true, up2, "SET lock_timeout = '2s';\nDROP INDEX account_email_idx;\n");
	free(pg);
	return dir;
}

#define F2 "migrations/pgsql/" REV2 ".sql"

START_TEST(test_lint_exit_statuses)
{
	struct run_result r;
	char *dir = hand_project(NULL);

	/* 0: clean (a new table has no hazard) */
	run(&r, dir, NULL, "mig-lint", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	test_rmtree(dir);
	free(dir);

	/* 1: an unacknowledged finding, each with its safe form */
	dir = hand_project("SET lock_timeout = '2s';\nCREATE INDEX account_email_idx ON account (email);\n");
	run(&r, dir, NULL, "mig-lint", "migrations/pgsql", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, F2 ":7: index-not-concurrent: CREATE INDEX on \"account\" blocks writes (SHARE lock) "
			 "for the whole build\n"
			 "    safe: CREATE INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`\n"
			 F2 ":10: drop-index-not-concurrent: DROP INDEX \"account_email_idx\" takes ACCESS EXCLUSIVE on "
			 "its table: reads and writes wait, and queue behind any long query on it\n"
			 "    safe: DROP INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`\n");
	ck_assert_str_eq(r.err, "mig-lint: 2 findings to fix or acknowledge (-- mig:lint-ok RULE reason)\n");
	run_result_release(&r);
	/* one file given by name; --since leaves it out */
	run(&r, dir, NULL, "mig-lint", "--since", REV2, "migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	test_rmtree(dir);
	free(dir);

	/* 0: acknowledged in the header */
	dir = hand_project("SET lock_timeout = '2s';\nCREATE INDEX account_email_idx ON account (email);\n");
	{
		char *path = test_path_in(dir, F2), *text = test_read_file(path);
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "-- mig:lint-ok index-not-concurrent,drop-index-not-concurrent 200 rows\n%s", text);
		test_write_file(path, sb.buf);
		run(&r, dir, NULL, "mig-lint", F2, NULL);
		ASSERT_EXIT(r, 0);
		ck_assert_str_eq(r.out, "");
		run_result_release(&r);
		/* the acknowledged ones are still in the SARIF, suppressed in source */
		run(&r, dir, NULL, "mig-lint", "--sarif", F2, NULL);
		ASSERT_EXIT(r, 0);
		ASSERT_CONTAINS(r.out, "\"version\": \"2.1.0\"");
		ASSERT_CONTAINS(r.out, "\"driver\": {\"name\": \"mig-lint\"");
		ASSERT_CONTAINS(r.out, "\"artifactLocation\": {\"uri\": \"" F2 "\"}, \"region\": {\"startLine\": 8}");
		ASSERT_CONTAINS(r.out, "\"suppressions\": [{\"kind\": \"inSource\", \"justification\": \"200 rows\"}]");
		run_result_release(&r);

		/* 2: an acknowledgement naming an unknown rule */
		strbuf_reset(&sb);
		strbuf_addf(&sb, "-- mig:lint-ok index-not-concurrent,no-such-rule\n%s", text);
		test_write_file(path, sb.buf);
		run(&r, dir, NULL, "mig-lint", F2, NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.out, "");
		ck_assert_str_eq(r.err, "mig-lint: " F2 ":1: mig:lint-ok names an unknown rule \"no-such-rule\"\n"
				 "mig-lint: hint: the rules are listed by mig-lint --help and in mig-lint(1)\n");
		run_result_release(&r);
		strbuf_release(&sb);
		free(text);
		free(path);
	}
	/* 2: a file that cannot be read */
	run(&r, dir, NULL, "mig-lint", "migrations/pgsql/0009_20261201000009_gone.sql", NULL);
	ASSERT_EXIT(r, 2);
	ASSERT_CONTAINS(r.err, "migrations/pgsql/0009_20261201000009_gone.sql: cannot read: No such file or directory");
	run_result_release(&r);
	test_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_lint_locks)
{
	struct run_result r;
	char *dir = hand_project("SET lock_timeout = '2s';\n"
				 "ALTER TABLE account ADD CONSTRAINT account_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
				 "ALTER TABLE account VALIDATE CONSTRAINT account_email_nn;\n"
				 "ALTER TABLE account ALTER COLUMN email SET NOT NULL;\n"
				 "ALTER TABLE account DROP CONSTRAINT account_email_nn;\n");

	run(&r, dir, NULL, "mig-lint", "--locks", F2, NULL);
	ck_assert_str_eq(r.out, F2 ":7: ALTER TABLE: ACCESS EXCLUSIVE on \"account\"\n"
			 F2 ":8: ALTER TABLE: SHARE UPDATE EXCLUSIVE on \"account\", scans\n"
			 F2 ":9: ALTER TABLE: ACCESS EXCLUSIVE on \"account\"\n"
			 F2 ":10: ALTER TABLE: ACCESS EXCLUSIVE on \"account\"\n"
			 F2 ":13: DROP INDEX: ACCESS EXCLUSIVE on \"account_email_idx\"\n"
			 F2 ":13: drop-index-not-concurrent: DROP INDEX \"account_email_idx\" takes ACCESS EXCLUSIVE on "
			 "its table: reads and writes wait, and queue behind any long query on it\n"
			 "    safe: DROP INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`\n");
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* --database on SQLite: the rows a rebuild copies, counted in the database. */
START_TEST(test_lint_sqlite_rows)
{
	struct run_result r;
	char *dir = test_mkdtemp();
	char *folder = test_path_in(dir, "migrations/sqlite"), *db = test_path_in(dir, "app.sqlite3");
	struct strbuf url = STRBUF_INIT;
	sqlite3 *h;
	const char *env[2];

	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT);"
				      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234) "
				      "INSERT INTO t SELECT i, 'x' FROM n;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_int_eq(fs_mkdirs(folder, NULL), 0);
	test_write_migration(folder, REV2, REV1, true,
			     "CREATE TABLE \"t_mig_new\" (id INTEGER PRIMARY KEY, note TEXT NOT NULL);\n"
			     "INSERT INTO \"t_mig_new\" (id, note) SELECT id, note FROM \"t\";\n"
			     "DROP TABLE \"t\";\n"
			     "ALTER TABLE \"t_mig_new\" RENAME TO \"t\";\n", NULL);
	strbuf_addf(&url, "DATABASE_URL=sqlite:%s", db);
	env[0] = url.buf;
	env[1] = NULL;
	run(&r, dir, env, "mig-lint", "--database", "migrations", NULL);
	/* info: never fails */
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/sqlite/" REV2 ".sql:7: sqlite-table-rebuild: rebuilds \"t\": copies 1,234 "
			 "rows under the database's write lock\n"
			 "    safe: expect the write lock for the copy; run it when the table is small or writes can wait\n");
	run_result_release(&r);
	/* without --database: the same finding, no count */
	run(&r, dir, env, "mig-lint", "migrations", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "rebuilds \"t\": copies every row of the table under the database's write lock");
	run_result_release(&r);
	strbuf_release(&url);
	test_rmtree(dir);
	free(dir);
	free(folder);
	free(db);
}
END_TEST

/* --database on PostgreSQL: each finding's table with its size and estimated rows, from pg_class. */
START_TEST(test_lint_pg_sizes)
{
	struct run_result r;
	struct pgtest_db db;
	struct strbuf url = STRBUF_INIT;
	const char *env[2];
	char *dir = hand_project("SET lock_timeout = '2s';\nCREATE INDEX account_email_idx ON account (email);\n");

	pgtest_create(&db, "mig_lint_sizes");
	pgtest_exec(&db, "CREATE TABLE account (id bigint PRIMARY KEY, email text);"
			 "INSERT INTO account SELECT i, 'a' || i FROM generate_series(1, 1000) i; ANALYZE account");
	strbuf_addf(&url, "DATABASE_URL=%s", db.url);
	env[0] = url.buf;
	env[1] = NULL;
	run(&r, dir, env, "mig-lint", "--database", F2, NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.out, F2 ":7: index-not-concurrent: CREATE INDEX on \"account\" blocks writes (SHARE lock) "
			       "for the whole build (\"account\": ");
	ASSERT_CONTAINS(r.out, "kB, about 1,000 rows)\n");
	run_result_release(&r);
	pgtest_drop(&db);
	strbuf_release(&url);
	test_rmtree(dir);
	free(dir);
}
END_TEST

static const char model_v1[] =
	"<models xmlns='urn:mig:model:1'>\n"
	"<table name='item'>\n"
	" <column name='id' type='bigint'/>\n"
	" <column name='note' type='text'/>\n"
	" <primary-key columns='id'/>\n"
	"</table>\n</models>\n";

static const char model_v2[] =
	"<models xmlns='urn:mig:model:1'>\n"
	"<table name='item'>\n"
	" <column name='id' type='bigint'/>\n"
	" <column name='note' type='text'/>\n"
	" <primary-key columns='id'/>\n"
	" <index name='item_note_idx' columns='note'/>\n"
	"</table>\n</models>\n";

/* mig-check --lint over what mig-gen wrote, the replay on the harness's server. */
START_TEST(test_check_lint)
{
	struct run_result r;
	char *dir = test_mkdtemp();
	struct strbuf scratch = STRBUF_INIT;
	const char *env[2];
	char *rev2;

	strbuf_addf(&scratch, "MIG_SCRATCH_URL=%s", test_pg_url());
	env[0] = scratch.buf;
	env[1] = NULL;
	{
		char *models = test_path_in(dir, "models");

		ck_assert_int_eq(fs_mkdirs(models, NULL), 0);
		free(models);
	}
	test_write_in(dir, "models/m.xml", model_v1);
	run(&r, dir, env, "mig-gen", "--timestamp", "20261201000000", "--name", "init", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	test_write_in(dir, "models/m.xml", model_v2);
	run(&r, dir, env, "mig-gen", "--timestamp", "20261201000001", "--name", "index", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* without --lint: the chain is sound */
	run(&r, dir, env, "mig-check", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	/* with it: each unacknowledged finding is a problem, with its safe form */
	run(&r, dir, env, "mig-check", "--lint", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.out, "migrations/pgsql/0002_20261201000001_index.sql:7: index-not-concurrent: CREATE INDEX "
			       "on \"item\" blocks writes (SHARE lock) for the whole build\n"
			       "    safe: CREATE INDEX CONCURRENTLY, in a migration of its own with "
			       "`-- mig:transaction off`\n");
	ASSERT_CONTAINS(r.out, "migrations/pgsql/0002_20261201000001_index.sql:7: no-lock-timeout: ");
	ASSERT_CONTAINS(r.out, "migrations/pgsql/0002_20261201000001_index.sql:9: drop-index-not-concurrent: DROP "
			       "INDEX \"item_note_idx\" takes ACCESS EXCLUSIVE on \"item\"");
	ASSERT_LACKS(r.out, "0001_20261201000000_init.sql:");
	ck_assert_str_eq(r.err, "mig-check: 4 problems\n");
	run_result_release(&r);
	/* --json: the safe form is part of the problem's message */
	run(&r, dir, env, "mig-check", "--lint", "--json", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.out, "{\"file\": \"migrations/pgsql/0002_20261201000001_index.sql\", \"line\": 7, "
			       "\"message\": \"index-not-concurrent: CREATE INDEX on \\\"item\\\" blocks writes (SHARE "
			       "lock) for the whole build; safe: CREATE INDEX CONCURRENTLY, in a migration of its own "
			       "with `-- mig:transaction off`\"}");
	run_result_release(&r);
	/* --lint-since the last revision: a project adopting the lint on its history */
	run(&r, dir, env, "mig-check", "--lint-since", "0002_20261201000001_index", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "  migrations/pgsql: 0 migrations linted after 0002_20261201000001_index, 0 findings, "
			       "0 acknowledged\n");
	run_result_release(&r);

	/* acknowledged in the header (and the sum file written again, as after any deliberate edit) */
	rev2 = test_read_in(dir, "migrations/pgsql/0002_20261201000001_index.sql");
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "-- mig:lint-ok index-not-concurrent,drop-index-not-concurrent,no-lock-timeout "
			    "the table is small\n%s", rev2);
		test_write_in(dir, "migrations/pgsql/0002_20261201000001_index.sql", sb.buf);
		strbuf_release(&sb);
	}
	run(&r, dir, env, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	run(&r, dir, env, "mig-check", "--lint", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "  migrations/pgsql: 2 migrations linted, 0 findings, 4 acknowledged\n");
	run_result_release(&r);
	free(rev2);
	strbuf_release(&scratch);
	test_rmtree(dir);
	free(dir);
}
END_TEST

Suite *lint_tools_suite(void)
{
	Suite *s = suite_create("lint_tools");
	TCase *tc = tcase_create("mig-lint");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_lint_exit_statuses);
	tcase_add_test(tc, test_lint_locks);
	tcase_add_test(tc, test_lint_sqlite_rows);
	tcase_add_test(tc, test_lint_pg_sizes);
	suite_add_tcase(s, tc);
	tc = tcase_create("mig-check");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_check_lint);
	suite_add_tcase(s, tc);
	return s;
}

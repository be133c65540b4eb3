/*
 * The apply suite: online migrations outside a transaction (-- mig:transaction
 * off), failed part-way and resumed. A CREATE INDEX CONCURRENTLY that fails
 * leaves an INVALID index, which the next run drops and builds again; the
 * statements done before the failure do not run twice; the down resumes
 * the same way; a lock timeout retries the statement only; CONCURRENTLY in
 * a transactional migration is refused before anything runs.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "apply_test.h"
#include "db.h"
#include "diag.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "testutil.h"

#define RON "0002_20260101000002_online"

/* Is the index valid ("t", "f"), or "none"? */
static void expect_index(struct pgtest_db *db, const char *name, const char *want)
{
	struct strbuf sql = STRBUF_INIT;

	strbuf_addf(&sql, "SELECT coalesce((SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
			  "to_regclass('%s')), 'none')", name);
	pgtest_expect_value(db, sql.buf, strcmp(want, "t") == 0 ? "true" : strcmp(want, "f") == 0 ? "false" : want);
	strbuf_release(&sql);
}

/*
 * (a) A unique index built concurrently over duplicate rows fails and
 * leaves u INVALID; the duplicates removed, the next run drops u, builds it
 * again and finishes; the statements before it ran once. The down, failed
 * part-way, resumes too.
 */
START_TEST(test_failed_concurrent_build_is_dropped_and_built_again)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_online_resume");
	test_write_migration(p.migs, R1, NULL, true,
			     "CREATE TABLE t (x int);\nINSERT INTO t VALUES (1), (1), (2);\nCREATE TABLE log (what text);\n",
			     "DROP TABLE log;\nDROP TABLE t;\n");
	/* up: lines 6-9; down: lines 11-13 */
	test_write_migration(p.migs, RON, R1, false,
			     "SET lock_timeout = '5s';\n"
			     "INSERT INTO log VALUES ('before');\n"
			     "CREATE UNIQUE INDEX CONCURRENTLY u ON t (x);\n"
			     "INSERT INTO log VALUES ('after');\n",
			     "DROP INDEX CONCURRENTLY IF EXISTS u;\n"
			     "INSERT INTO log VALUES ('down');\n"
			     "DELETE FROM missing;\n");
	rehash(&p);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RON ".sql:8: could not create unique index \"u\" (SQLSTATE 23505)\n"
		"mig-apply: detail: Key (x)=(1) is duplicated.\n"
		"mig-apply: revision " RON " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " RON "\n");
	run_result_release(&r);
	expect_index(&p.db, "u", "f");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
			   R1 "|f|NULL|NULL\n" RON "|t|up|2\n");

	/* what would run: the session's setting again, the drop, the build */
	static const char want_sql[] =
		"-- " RON " (up, resumed at statement 3)\n"
		"SET lock_timeout = '5s';\n"
		"\n"
		"-- dropping the invalid index \"u\" left by a failed build; building it again\n"
		"DROP INDEX CONCURRENTLY public.u;\n"
		"\n"
		"CREATE UNIQUE INDEX CONCURRENTLY u ON t (x);\n"
		"\n";
	tool(&r, &p, "mig-apply", "--sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, want_sql, strlen(want_sql)) == 0, "%s", r.out);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_index(&p.db, "u", "f");

	pgtest_exec(&p.db, "DELETE FROM t WHERE x = 1; INSERT INTO t VALUES (1)");
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "mig-apply: dropping the invalid index \"u\" left by a failed build; building it again\n");
	run_result_release(&r);
	expect_index(&p.db, "u", "t");
	pgtest_expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what", "after|1\nbefore|1\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress, duration IS NOT NULL FROM mig_history "
			   "ORDER BY revision", R1 "|f|NULL|NULL|t\n" RON "|f|NULL|NULL|t\n");
	/* a valid index is left alone */
	tool(&r, &p, "mig-apply", "--sql", "--to", R1, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "dropping") == NULL, "%s", r.out);
	run_result_release(&r);

	/* the down, failed after its drop, resumes after it */
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RON ".sql:13: relation \"missing\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " RON " failed; the database is at " RON "\n"
		"mig-apply: MIGRATIONS STILL APPLIED:\n"
		"mig-apply:   " RON "\n");
	run_result_release(&r);
	expect_index(&p.db, "u", "none");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
			   R1 "|f|NULL|NULL\n" RON "|t|down|2\n");
	pgtest_exec(&p.db, "CREATE TABLE missing (id int)");
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what",
			   "after|1\nbefore|1\ndown|1\n");
	pgtest_expect_history(&p.db, R1);
	expect_index(&p.db, "u", "none");
	proj_release(&p);
}
END_TEST

/* (b) Three statements outside a transaction, the second failing: resumed, the first ran once. */
START_TEST(test_resumed_at_the_failed_statement)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_online_three");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE log (what text);\n", "DROP TABLE log;\n");
	test_write_migration(p.migs, RON, R1, false,
			     "INSERT INTO log VALUES ('one');\n"
			     "CREATE INDEX CONCURRENTLY t2_x_idx ON t2 (x);\n"
			     "INSERT INTO log VALUES ('three');\n",
			     "DROP INDEX CONCURRENTLY IF EXISTS t2_x_idx;\nDELETE FROM log;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strncmp(r.err, "mig-apply: migrations/pgsql/" RON ".sql:7: relation \"t2\" does not exist "
			      "(SQLSTATE 42P01)\n", strlen("mig-apply: migrations/pgsql/" RON ".sql:7: relation \"t2\" "
			      "does not exist (SQLSTATE 42P01)\n")) == 0, "%s", r.err);
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT what FROM log", "one\n");

	pgtest_exec(&p.db, "CREATE TABLE t2 (x int)");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what", "one|1\nthree|1\n");
	expect_index(&p.db, "t2_x_idx", "t");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty FROM mig_history ORDER BY revision", R1 "|f\n" RON "|f\n");
	proj_release(&p);
}
END_TEST

/* (c) CONCURRENTLY in a migration that runs in a transaction: refused before anything runs. */
START_TEST(test_concurrently_in_a_transaction_is_refused)
{
	static const struct {
		const char *stmt, *what;
	} cases[] = {
		{ "CREATE INDEX CONCURRENTLY t_id_idx ON t (id)", "CREATE INDEX CONCURRENTLY" },
		{ "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_id_key ON t (id)", "CREATE INDEX CONCURRENTLY" },
		{ "DROP INDEX CONCURRENTLY IF EXISTS t_id_idx", "DROP INDEX CONCURRENTLY" },
		{ "REINDEX INDEX CONCURRENTLY t_id_idx", "REINDEX CONCURRENTLY" },
		{ "REINDEX (CONCURRENTLY) TABLE t", "REINDEX CONCURRENTLY" },
		{ "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", "DETACH PARTITION CONCURRENTLY" },
	};
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_online_refused");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t (id int);\n", "DROP TABLE t;\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf up = STRBUF_INIT, want = STRBUF_INIT;

		/* the word alone is no statement of the kind */
		strbuf_addf(&up, "-- built concurrently\nCREATE TABLE t2 (what text DEFAULT 'concurrently');\n\n%s;\n",
			    cases[i].stmt);
		test_write_migration(p.migs, R2, R1, true, up.buf, "DROP TABLE t2;\n");
		rehash(&p);
		strbuf_addf(&want, "mig-apply: migrations/pgsql/" R2 ".sql:9: %s cannot run inside a transaction, and "
			    "this migration runs in one\n"
			    "mig-apply: hint: put -- mig:transaction off in the migration's header: it then runs "
			    "statement by statement, and a failed run resumes where it stopped\n", cases[i].what);
		tool(&r, &p, "mig-apply", NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.err, want.buf);
		run_result_release(&r);
		tool(&r, &p, "mig-apply", "--sql", NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.err, want.buf);
		run_result_release(&r);
		/* not even the migration before it ran */
		pgtest_expect_history(&p.db, "-");
		pgtest_expect_tables(&p.db, "");
		strbuf_release(&up);
		strbuf_release(&want);
	}
	/* the words in a literal or a comment are fine */
	test_write_migration(p.migs, R2, R1, true,
			     "-- built concurrently\nCREATE TABLE t2 (what text DEFAULT 'concurrently');\n",
			     "DROP TABLE t2;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t,t2");
	proj_release(&p);
}
END_TEST

/*
 * (d) A concurrent build that times out waiting for a writer's transaction
 * (its index already in the catalog, INVALID) is retried alone: the retry
 * drops the index and builds it again once the writer is gone; the
 * statement before it ran once.
 */
START_TEST(test_lock_timeout_retries_the_build_only)
{
	struct proj p;
	struct run_result r;
	struct db holder;
	struct diag d = DIAG_INIT;
	const char *const args[] = { "mig-apply", "--lock-timeout", "300", NULL };
	const char *waiting = "SELECT query_start::text FROM pg_stat_activity WHERE application_name = 'mig-apply' "
			      "AND wait_event_type = 'Lock'";
	char *attempt, *retry, *err;
	pid_t pid;

	proj_init(&p, "mig_apply_online_retry");
	test_write_migration(p.migs, R1, NULL, true,
			     "CREATE TABLE t (x int);\nINSERT INTO t SELECT generate_series(1, 1000);\n"
			     "CREATE TABLE log (what text);\n",
			     "DROP TABLE log;\nDROP TABLE t;\n");
	test_write_migration(p.migs, RON, R1, false,
			     "INSERT INTO log VALUES ('before');\n"
			     "CREATE INDEX CONCURRENTLY t_x_idx ON t (x);\n"
			     "INSERT INTO log VALUES ('after');\n",
			     "DROP INDEX CONCURRENTLY IF EXISTS t_x_idx;\nDELETE FROM log;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);

	/* a writer's open transaction: the build waits for it after its index is in the catalog */
	ck_assert_msg(db_open(&holder, &p.db.cfg, "mig-tests holder", 0, &d) == 0, "%s", d.message);
	ck_assert_msg(db_exec(&holder, "BEGIN; INSERT INTO t VALUES (0)", NULL, &d) == 0, "%s", d.message);
	pid = spawn(&p, NULL, 0, args);
	attempt = wait_for_other_value(&p.db, waiting, NULL);
	retry = wait_for_other_value(&p.db, waiting, attempt);
	/* the first attempt timed out and left its index */
	expect_index(&p.db, "t_x_idx", "f");
	ck_assert_msg(db_exec(&holder, "ROLLBACK", NULL, &d) == 0, "%s", d.message);
	free(attempt);
	free(retry);
	ck_assert_int_eq(wait_exit(pid), 0);
	err = spawned_output(&p, "err", 0);
	ck_assert_msg(strstr(err, "mig-apply: lock timeout on " RON "; attempt 2\n") &&
		      strstr(err, "mig-apply: dropping the invalid index \"t_x_idx\" left by a failed build; "
				  "building it again\n"), "%s", err);
	free(err);
	expect_index(&p.db, "t_x_idx", "t");
	pgtest_expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what", "after|1\nbefore|1\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty FROM mig_history ORDER BY revision", R1 "|f\n" RON "|f\n");
	db_close(&holder);
	diag_release(&d);
	proj_release(&p);
}
END_TEST

/*
 * (e) The split mig-gen --online writes, failed in the middle: a new
 * column (the transactional migration), then a unique constraint, a check
 * and NOT NULL on the existing table (the concurrent one). Duplicates stop
 * the unique build; removed, the next run resumes, drops the invalid
 * index, builds it again, and the database is what the models say; the
 * downs then run cleanly.
 */
START_TEST(test_online_split_resumes_after_a_failure)
{
	static const char before[] =
		"<models xmlns=\"urn:mig:model:1\"><table name=\"item\"><column name=\"id\" type=\"bigint\"/>"
		"<column name=\"code\" type=\"text\"/><column name=\"qty\" type=\"integer\"/>"
		"<primary-key columns=\"id\"/></table></models>\n";
	static const char after[] =
		"<models xmlns=\"urn:mig:model:1\"><table name=\"item\"><column name=\"id\" type=\"bigint\"/>"
		"<column name=\"code\" type=\"text\"/><column name=\"qty\" type=\"integer\" nullable=\"false\"/>"
		"<column name=\"note\" type=\"text\"/><primary-key columns=\"id\"/><unique columns=\"code\"/>"
		"<check name=\"qty_positive\" expr=\"qty &gt; 0\"/></table></models>\n";
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_online_split");
	test_write_in(p.dir, "models/m.xml", before);
	tool(&r, &p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_exec(&p.db, "INSERT INTO item SELECT g, 'c' || (g % 50), 1 + g % 7 FROM generate_series(1, 100) g");
	test_write_in(p.dir, "models/m.xml", after);
	tool(&r, &p, "mig-gen", "--online", "--no-fill", "item.qty", "--name", "tighten", "--timestamp",
	     "20260101000001", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0002_20260101000001_tighten.sql\n"
				"migrations/state/0002_20260101000001_tighten.xml\n"
				"migrations/pgsql/0003_20260101000001_tighten_concurrently.sql\n"
				"migrations/state/0003_20260101000001_tighten_concurrently.xml\n");
	run_result_release(&r);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "could not create unique index \"item_code_key\" (SQLSTATE 23505)") &&
		      strstr(r.err, "revision 0003_20260101000001_tighten_concurrently failed; the database is at "
				    "0002_20260101000001_tighten\n"), "%s", r.err);
	run_result_release(&r);
	expect_index(&p.db, "item_code_key", "f");

	pgtest_exec(&p.db, "UPDATE item SET code = 'c' || id");
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.err, "dropping the invalid index \"item_code_key\" left by a failed build"), "%s", r.err);
	run_result_release(&r);
	expect_index(&p.db, "item_code_key", "t");
	pgtest_expect_rows(&p.db, "SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = 'item'::regclass "
				  "ORDER BY conname", "item_code_key|u|t\nitem_pkey|p|t\nqty_positive|c|t\n");
	pgtest_expect_value(&p.db, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'item'::regclass AND "
				   "attname = 'qty'", "t");
	pgtest_expect_value(&p.db, "SELECT count(*) FROM item", "100");
	/* the chain replays up, down and up to the recorded states on a scratch database, and lints clean */
	tool(&r, &p, "mig-check", "--lint", NULL);
	ck_assert_msg(r.status == 0, "mig-check: %s%s", r.out, r.err);
	run_result_release(&r);

	tool(&r, &p, "mig-apply", "--to", "0001_20260101000000_init", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT conname FROM pg_constraint WHERE conrelid = 'item'::regclass", "item_pkey\n");
	expect_index(&p.db, "item_code_key", "none");
	proj_release(&p);
}
END_TEST

/*
 * (f) What moves and in which order: the drop of an index on a column the
 * first migration retypes (to json, which has no btree class) stays before
 * the retype; an index moved between schemas is built in one, dropped in the
 * other; a changed index under a new (default) name is built before its
 * predecessor goes. Up, down and up again, and mig-check --lint.
 */
START_TEST(test_online_index_order)
{
	static const char before[] =
		"<models xmlns=\"urn:mig:model:1\"><schema name=\"a\"/><schema name=\"b\"/>"
		"<table name=\"doc\"><column name=\"id\" type=\"bigint\"/><column name=\"body\" type=\"text\"/>"
		"<column name=\"y\" type=\"integer\"/><column name=\"x\" type=\"integer\"/><primary-key columns=\"id\"/>"
		"<index name=\"doc_body_idx\" columns=\"body\"/><index columns=\"y, id\"/></table>"
		"<table name=\"t\" schema=\"a\"><column name=\"x\" type=\"integer\"/><index name=\"t_x_idx\" columns=\"x\"/></table>"
		"<table name=\"t\" schema=\"b\"><column name=\"x\" type=\"integer\"/></table></models>\n";
	static const char after[] =
		"<models xmlns=\"urn:mig:model:1\"><schema name=\"a\"/><schema name=\"b\"/>"
		"<table name=\"doc\"><column name=\"id\" type=\"bigint\"/><column name=\"body\" type=\"json\"/>"
		"<column name=\"y\" type=\"integer\"/><column name=\"x\" type=\"integer\"/><primary-key columns=\"id\"/>"
		"<index columns=\"y, id, x\"/></table>"
		"<table name=\"t\" schema=\"a\"><column name=\"x\" type=\"integer\"/></table>"
		"<table name=\"t\" schema=\"b\"><column name=\"x\" type=\"integer\"/><index name=\"t_x_idx\" columns=\"x\"/></table>"
		"</models>\n";
	struct proj p;
	struct run_result r;
	char *first, *second;

	proj_init(&p, "mig_apply_online_order");
	test_write_in(p.dir, "models/m.xml", before);
	tool(&r, &p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_exec(&p.db, "INSERT INTO doc SELECT g, '{}', g, g FROM generate_series(1, 50) g");
	test_write_in(p.dir, "models/m.xml", after);
	tool(&r, &p, "mig-gen", "--online", "--allow-destructive", "--name", "chg", "--timestamp", "20260101000001", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	first = test_read_in(p.dir, "migrations/pgsql/0002_20260101000001_chg.sql");
	second = test_read_in(p.dir, "migrations/pgsql/0003_20260101000001_chg_concurrently.sql");
	ck_assert_msg(strstr(first, "DROP INDEX doc_body_idx;\n") &&
		      strstr(first, "DROP INDEX doc_body_idx;\n") < strstr(first, "TYPE json"), "%s", first);
	ck_assert_msg(strstr(second, "-- mig:up\n-- Outside a transaction, a statement at a time: each takes a weak or a "
				     "brief lock.\nSET lock_timeout = '5s';\nSET statement_timeout = 0;\n"
				     "CREATE INDEX CONCURRENTLY doc_y_id_x_idx ON doc (y, id, x);\n"
				     "CREATE INDEX CONCURRENTLY t_x_idx ON b.t (x);\n"
				     "DROP INDEX CONCURRENTLY IF EXISTS doc_y_id_idx;\n"
				     "DROP INDEX CONCURRENTLY IF EXISTS a.t_x_idx;\n-- mig:down\n"), "%s", second);
	free(first);
	free(second);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT schemaname || '.' || indexname FROM pg_indexes WHERE indexname NOT LIKE '%pkey' "
				  "AND schemaname IN ('a', 'b', 'public') ORDER BY 1", "b.t_x_idx\npublic.doc_y_id_x_idx\n");
	tool(&r, &p, "mig-apply", "--to", "0001_20260101000000_init", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT schemaname || '.' || indexname FROM pg_indexes WHERE indexname NOT LIKE '%pkey' "
				  "AND schemaname IN ('a', 'b', 'public') ORDER BY 1",
			   "a.t_x_idx\npublic.doc_body_idx\npublic.doc_y_id_idx\n");
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	tool(&r, &p, "mig-check", "--lint", NULL);
	ck_assert_msg(r.status == 0, "mig-check: %s%s", r.out, r.err);
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

void apply_add_online_tests(TCase *tc)
{
	tcase_add_test(tc, test_failed_concurrent_build_is_dropped_and_built_again);
	tcase_add_test(tc, test_resumed_at_the_failed_statement);
	tcase_add_test(tc, test_concurrently_in_a_transaction_is_refused);
	tcase_add_test(tc, test_lock_timeout_retries_the_build_only);
	tcase_add_test(tc, test_online_split_resumes_after_a_failure);
	tcase_add_test(tc, test_online_index_order);
}

/*
 * mig-apply as a user meets it, on the harness's PostgreSQL: each test
 * writes migrations by hand into a project directory of its own (mig-gen
 * --rehash records them in mig.sum, as after a hand edit), runs the real
 * tools there with DATABASE_URL naming a database of its own, and checks
 * what a user would: the tables that exist, the rows that survive,
 * mig_history, the exact messages and the exit statuses. This file: targets,
 * transactions, --sql, failures and changed migrations; the suite's other
 * cases are in check_apply_*.c (apply_test.h).
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

/* --- 1. targets ------------------------------------------------------------ */

START_TEST(test_upgrade_and_downgrade_targets)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_targets");
	chain_of_four(&p);

	/* to a revision: it and its ancestors */
	tool(&r, &p, "mig-apply", "--to", R2, NULL);
	ck_assert_str_eq(r.out, "");
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2");
	pgtest_expect_history(&p.db, R1 "," R2);

	tool(&r, &p, "mig-apply", "--to", "+1", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);

	/* the default: head */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3,t4");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3 "," R4);
	tool(&r, &p, "mig-apply", "--to", "head", NULL);
	ok_quiet(&r);
	pgtest_expect_history(&p.db, R1 "," R2 "," R3 "," R4);

	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);

	/* down to a revision (a unique prefix of it): what was applied after it */
	tool(&r, &p, "mig-apply", "--to", "0001", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1");
	pgtest_expect_history(&p.db, R1);

	/* more than there is: nothing runs */
	tool(&r, &p, "mig-apply", "--to", "+4", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to +4: only 3 migrations can be applied\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t1");
	tool(&r, &p, "mig-apply", "--to", "nope", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to: there is no revision \"nope\" in migrations/pgsql\n");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--to", "-x", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to: \"-x\" is invalid\n"
				"mig-apply: hint: give head, base, a revision, +N or -N\n");
	run_result_release(&r);

	tool(&r, &p, "mig-apply", "--to", "+3", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3,t4");
	tool(&r, &p, "mig-apply", "--to", "-2", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2");
	pgtest_expect_history(&p.db, R1 "," R2);

	/* base: every down; the version table stays, empty */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "");
	pgtest_expect_history(&p.db, "");
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to -1: only 0 migrations can be undone\n");
	run_result_release(&r);

	/* and up again from base */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3,t4");
	proj_release(&p);
}
END_TEST

/* --single-transaction: a failure in the last migration undoes every one of the run. */
START_TEST(test_single_transaction)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_single");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	test_write_migration(p.migs, R3, R2, true, "CREATE TABLE t3 (id int);\nSELECT 1 / 0;\n", "DROP TABLE t3;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);

	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" R3 ".sql:7: division by zero (SQLSTATE 22012)\n"
		"mig-apply: revision " R3 " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " R2 "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t1");
	pgtest_expect_history(&p.db, R1);

	test_write_migration(p.migs, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);
	proj_release(&p);
}
END_TEST

/* --- 3. --sql is what runs ----------------------------------------------- */

/*
 * The simple-query statements that application app sent to database db,
 * from the server log after offset from (log_statement=all), each followed
 * by an empty line as mig-apply --sql prints them. Continuation lines of a
 * logged statement start with a tab, which the server added.
 */
static char *logged_statements(const char *log, long from, const char *app, const char *db)
{
	char *text = test_read_file(log), *line, *next;
	struct strbuf out = STRBUF_INIT, marker = STRBUF_INIT;
	bool in_stmt = false;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_le(from, (long)strlen(text));
	strbuf_addf(&marker, "] %s@%s LOG:  statement: ", app, db);
	for (line = text + from; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (line[0] == '\t') {
			if (in_stmt)
				strbuf_addf(&out, "\n%s", line + 1);
			continue;
		}
		if (in_stmt)
			strbuf_addstr(&out, "\n");
		in_stmt = false;
		char *hit = strstr(line, marker.buf);
		if (hit) {
			strbuf_addstr(&out, hit + marker.len);
			in_stmt = true;
		}
	}
	if (in_stmt)
		strbuf_addstr(&out, "\n");
	free(text);
	strbuf_release(&marker);
	return strbuf_detach(&out, NULL);
}

static long log_size(void)
{
	const char *log = getenv("MIG_TEST_PG_LOG");
	struct stat st;

	ck_assert_msg(log && stat(log, &st) == 0, "the harness's server log is needed (MIG_TEST_PG_LOG)");
	return (long)st.st_size;
}

/* mig-apply --sql, then the real run with the statements logged: the same texts. */
static void expect_sql_is_what_runs(struct proj *p, const char *to)
{
	const char *const log_all[] = { "PGOPTIONS=-c log_statement=all", NULL };
	struct run_result r;
	char *printed, *sent, *by_lock;
	long from;

	tool_env(&r, p, log_all, "mig-apply", "--sql", "--to", to, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	printed = r.out;
	r.out = NULL;
	run_result_release(&r);
	ck_assert_msg(strstr(printed, "-- ") == printed, "%s", printed);

	from = log_size();
	tool_env(&r, p, log_all, "mig-apply", "--to", to, NULL);
	ok_quiet(&r);
	sent = logged_statements(getenv("MIG_TEST_PG_LOG"), from, "mig-apply", p->db.name);
	ck_assert_msg(strcmp(printed, sent) == 0, "--sql printed:\n%s\n=== but the server was sent:\n%s", printed,
		      sent);
	/* the lock connection sends no SQL of its own, only the lock's query */
	by_lock = logged_statements(getenv("MIG_TEST_PG_LOG"), from, "mig-apply lock", p->db.name);
	ck_assert_str_eq(by_lock, "");
	free(printed);
	free(sent);
	free(by_lock);
}

START_TEST(test_sql_output_is_what_runs)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_sql");
	test_write_migration(p.migs, R1, NULL, true,
		  "CREATE TABLE t1 (id int, note text);\n"
		  "\n"
		  "-- a function whose body holds semicolons\n"
		  "CREATE FUNCTION t1_count() RETURNS bigint LANGUAGE plpgsql AS $$\n"
		  "BEGIN\n"
		  "\tRETURN (SELECT count(*) FROM t1);\n"
		  "END;\n"
		  "$$;\n"
		  "INSERT INTO t1 VALUES (1, 'a;b'), (2, E'line\\nbreak');\n",
		  "DROP FUNCTION t1_count();\nDROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, false,
		  "CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);\n"
		  "CREATE INDEX CONCURRENTLY t1_note_idx ON t1 (note);\n",
		  "DROP INDEX CONCURRENTLY t1_note_idx;\nDROP INDEX CONCURRENTLY t1_id_idx;\n");
	test_write_migration(p.migs, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);

	/* --sql touches nothing */
	tool(&r, &p, "mig-apply", "--sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "RETURN (SELECT count(*) FROM t1);\nEND;\n$$;\n") != NULL, "%s", r.out);
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");
	pgtest_expect_tables(&p.db, "");

	expect_sql_is_what_runs(&p, "head");
	pgtest_expect_tables(&p.db, "t1,t3");
	pgtest_expect_value(&p.db, "SELECT t1_count()", "2");
	expect_sql_is_what_runs(&p, "base");
	pgtest_expect_tables(&p.db, "");
	expect_sql_is_what_runs(&p, "+2");
	pgtest_expect_tables(&p.db, "t1");
	proj_release(&p);
}
END_TEST

/* --- 4. CREATE INDEX CONCURRENTLY outside a transaction -------------------- */

START_TEST(test_transaction_off_create_index_concurrently)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_cic");
	test_write_migration(p.migs, R1, NULL, true,
		  "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
		  "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g;\n",
		  "DROP TABLE t;\n");
	test_write_migration(p.migs, R2, R1, false,
		  "CREATE INDEX CONCURRENTLY t_v_idx ON t (v);\n"
		  "CREATE UNIQUE INDEX CONCURRENTLY t_v_id_idx ON t (v, id);\n",
		  "DROP INDEX CONCURRENTLY t_v_id_idx;\nDROP INDEX CONCURRENTLY t_v_idx;\n");
	rehash(&p);

	/* it cannot be part of one transaction */
	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: migrations/pgsql/" R2 ".sql: runs outside a transaction "
				"(-- mig:transaction off): it cannot be part of --single-transaction\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "");

	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db,
		    "SELECT c.relname, i.indisvalid, i.indisready FROM pg_index i "
		    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 't'::regclass ORDER BY 1",
		    "t_pkey|t|t\nt_v_id_idx|t|t\nt_v_idx|t|t\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress, duration IS NOT NULL FROM mig_history "
			   "ORDER BY revision",
		    R1 "|f|NULL|NULL|t\n" R2 "|f|NULL|NULL|t\n");

	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db,
		    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
		    "WHERE i.indrelid = 't'::regclass ORDER BY 1",
		    "t_pkey\n");
	pgtest_expect_history(&p.db, R1);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM t", "1000");
	proj_release(&p);
}
END_TEST

/* --- 6. a failing statement ------------------------------------------------- */

#define RBAD "0002_20260101000002_bad"

START_TEST(test_failing_statement_names_file_line_and_sqlstate)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_failing");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n",
		  "DROP TABLE t;\n");
	/* lines 6..: the failing INSERT starts on line 10 */
	test_write_migration(p.migs, RBAD, R1, true,
		  "CREATE TABLE t2 (id int);\n"
		  "INSERT INTO t2 VALUES (1);\n"
		  "\n"
		  "-- this one fails\n"
		  "INSERT INTO t\n"
		  "  VALUES (1);\n"
		  "CREATE TABLE t3 (id int);\n",
		  "DROP TABLE t3;\nDROP TABLE t2;\n");
	test_write_migration(p.migs, R3, RBAD, true, "CREATE TABLE t4 (id int);\n", "DROP TABLE t4;\n");
	rehash(&p);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:10: duplicate key value violates unique constraint "
		"\"t_pkey\" (SQLSTATE 23505)\n"
		"mig-apply: detail: Key (id)=(1) already exists.\n"
		"mig-apply: revision " RBAD " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	/* at the last good revision: the failing migration's first statements are undone */
	pgtest_expect_tables(&p.db, "t");
	pgtest_expect_history(&p.db, R1);
	pgtest_expect_value(&p.db, "SELECT string_agg(id::text, ',') FROM t", "1");

	/* a message with a hint (the migration is not applied: it may be edited) */
	test_write_migration(p.migs, RBAD, R1, true, "CREATE TABLE t2 (id int);\nSELECT no_such_function(1);\n",
		  "DROP TABLE t2;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:7: function no_such_function(integer) does not exist "
		"(SQLSTATE 42883)\n"
		"mig-apply: hint: No function matches the given name and argument types. You might need to add "
		"explicit type casts.\n"
		"mig-apply: revision " RBAD " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t");

	/* a failing down: the database stays where it was, and says what is still applied */
	test_write_migration(p.migs, RBAD, R1, true, "CREATE TABLE t2 (id int);\n",
		  "DROP TABLE t2;\nDROP TABLE no_such_table;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t,t2,t4");
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:9: table \"no_such_table\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " RBAD " failed; the database is at " RBAD "\n"
		"mig-apply: MIGRATIONS STILL APPLIED:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R1 "\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t,t2");
	pgtest_expect_history(&p.db, R1 "," RBAD);
	proj_release(&p);
}
END_TEST

/* --- 8. an applied migration changed ----------------------------------------- */

START_TEST(test_changed_applied_migration_is_refused)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	char *old_sum, *new_sum;

	proj_init(&p, "mig_apply_changed");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	old_sum = sum_of(&p, R1);
	pgtest_expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", old_sum);

	/* edited without mig-gen --rehash: the sum file says so first */
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id bigint);\n", "DROP TABLE t1;\n");
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: migrations/pgsql/mig.sum: " R1 ".sql was edited after the sum file "
				"was written\n"
				"mig-apply: hint: if the change is deliberate, run mig-gen --rehash; otherwise "
				"restore the migration from version control\n");
	run_result_release(&r);

	/* recorded as deliberate: the database still has the old one */
	rehash(&p);
	test_write_migration(p.migs, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	new_sum = sum_of(&p, R1);
	strbuf_addf(&want,
		    "mig-apply: migrations/pgsql/" R1 ".sql: was edited after it was applied to this database "
		    "(checksum %s, now %s)\n"
		    "mig-apply: hint: restore the file; or, if the change is deliberate and the database has it, "
		    "run mig-apply --allow-changed (or record it with mig-stamp " R1 ")\n",
		    old_sum, new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t1,t2");
	/* downgrades are refused as well */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "t1,t2");

	tool(&r, &p, "mig-apply", "--allow-changed", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,t2,t3");
	pgtest_expect_history(&p.db, R1 "," R2 "," R3);
	/* the old SQL stays applied, and the old checksum recorded */
	pgtest_expect_value(&p.db, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
			    "WHERE attrelid = 't1'::regclass AND attname = 'id'", "integer");
	pgtest_expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", old_sum);

	/* mig-stamp records the new file as the applied one */
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "recorded the new checksum of " R1 "\n");
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	free(old_sum);
	free(new_sum);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 10. a failed migration outside a transaction: dirty, resumed, stamped --- */

#define ROFF "0002_20260101000002_off"
#define ROFF2 "0004_20260101000004_off_two"
#define ROFF3 "0005_20260101000005_off_three"


START_TEST(test_failed_transaction_off_is_dirty_then_resumes)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	size_t w = strlen(R3); /* the longest revision before ROFF2 is written */
	char *obj, *old_sum, *new_sum;

	proj_init(&p, "mig_apply_dirty");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE log (what text);\n", "DROP TABLE log;\n");
	test_write_migration(p.migs, ROFF, R1, false,
		  "INSERT INTO log VALUES ('one');\n"
		  "INSERT INTO log VALUES ('two');\n"
		  "INSERT INTO missing (what) VALUES ('three');\n"
		  "INSERT INTO log VALUES ('four');\n",
		  "DELETE FROM log WHERE what IN ('one', 'two', 'four');\n");
	test_write_migration(p.migs, R3, ROFF, true, "INSERT INTO log VALUES ('five');\n", "DELETE FROM log WHERE what = 'five';\n");
	rehash(&p);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" ROFF ".sql:8: relation \"missing\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " ROFF " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " ROFF "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	/* the statements before the failed one stay: there was no transaction */
	pgtest_expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
		    R1 "|f|NULL|NULL\n" ROFF "|t|up|2\n");

	/* the mark, where a user looks */
	tool(&r, &p, "mig-heads", "--history", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "%-*s%-50s%s\n", (int)w + 2, ROFF, "dirty: up stopped after 2", "off");
	ck_assert_msg(strstr(r.out, want.buf) != NULL, "no\n%sin\n%s", want.buf, r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--history", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	obj = json_object_of(r.out, ROFF);
	ck_assert_msg(strstr(obj, "\"applied\": false, \"applied_at\": \"") && strstr(obj, "\"duration\": null") &&
		      strstr(obj, "\"dirty\": true}"), "%s", obj);
	free(obj);
	run_result_release(&r);
	strbuf_reset(&want);
	test_heads_line(&want, R1, "one", w);
	strbuf_addf(&want, "%-*s%s\n", (int)w + 2, ROFF, "off  (dirty: up stopped after 2 statements)");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--current", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out, "{\"current\": [{\"revision\": \"" R1 "\", \"message\": \"one\", \"dirty\": false}, "
				"{\"revision\": \"" ROFF "\", \"message\": \"off\", \"dirty\": true, "
				"\"operation\": \"up\", \"progress\": 2}]}\n");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", "--json", NULL);
	ck_assert_str_eq(r.out, "{\"pending\": [{\"revision\": \"" ROFF "\", \"message\": \"off\"}, "
				"{\"revision\": \"" R3 "\", \"message\": \"three\"}]}\n");
	run_result_release(&r);

	/* nothing runs past it, in either direction */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: error: revision \"" ROFF "\" is dirty: its up stopped after 2 statements\n"
		"mig-apply: hint: fix the cause and run mig-apply (upward) to continue it; if you finished it by "
		"hand, mig-stamp " ROFF " clears the mark\n");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");

	/* the cause fixed, the next run continues at the failed statement */
	pgtest_exec(&p.db, "CREATE TABLE missing (what text)");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what",
		    "five|1\nfour|1\none|1\ntwo|1\n");
	pgtest_expect_rows(&p.db, "SELECT what FROM missing", "three\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress, duration IS NOT NULL FROM mig_history "
			   "ORDER BY revision",
		    R1 "|f|NULL|NULL|t\n" ROFF "|f|NULL|NULL|t\n" R3 "|f|NULL|NULL|t\n");
	strbuf_reset(&want);
	test_heads_line(&want, R3, "three", strlen(R3));
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* fixed in the file instead: the edit needs --allow-changed, and is then recorded */
	test_write_migration(p.migs, ROFF2, R3, false,
		  "INSERT INTO log VALUES ('six');\nINSERT INTO missing_too VALUES ('seven');\n",
		  "DELETE FROM log WHERE what = 'six';\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	old_sum = sum_of(&p, ROFF2);
	test_write_migration(p.migs, ROFF2, R3, false,
		  "INSERT INTO log VALUES ('six');\nINSERT INTO missing VALUES ('seven');\n",
		  "DELETE FROM log WHERE what = 'six';\n");
	rehash(&p);
	new_sum = sum_of(&p, ROFF2);
	strbuf_reset(&want);
	strbuf_addf(&want,
		    "mig-apply: migrations/pgsql/" ROFF2 ".sql: was edited after its up stopped part-way on this "
		    "database, after 1 statement (checksum %s, now %s)\n"
		    "mig-apply: hint: if only statements after the first 1 changed, run mig-apply --allow-changed "
		    "to continue with the edited file\n",
		    old_sum, new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--allow-changed", NULL);
	ok_quiet(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM log WHERE what = 'six'", "1");
	pgtest_expect_rows(&p.db, "SELECT what FROM missing ORDER BY what", "seven\nthree\n");
	pgtest_expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" ROFF2 "' AND NOT dirty", new_sum);
	free(old_sum);
	free(new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);

	/* finished by hand instead: mig-stamp clears the mark */
	test_write_migration(p.migs, ROFF3, ROFF2, false, "INSERT INTO log VALUES ('eight');\nSELECT 1 / 0;\n", "SELECT 1;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT dirty::text || progress FROM mig_history WHERE revision = '" ROFF3 "'", "true1");
	tool(&r, &p, "mig-stamp", ROFF3, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "cleared the dirty mark of " ROFF3 "\n");
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT dirty, operation, progress FROM mig_history WHERE revision = '" ROFF3 "'",
		    "f|NULL|NULL\n");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	tool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM log WHERE what = 'eight'", "1");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- a failed down outside a transaction ------------------------------------- */

START_TEST(test_failed_down_outside_transaction)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_apply_dirty_down");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE log (what text);\n", "DROP TABLE log;\n");
	/* down: lines 9, 10 (fails), 11 */
	test_write_migration(p.migs, ROFF, R1, false, "INSERT INTO log VALUES ('one');\nINSERT INTO log VALUES ('two');\n",
		  "DELETE FROM log WHERE what = 'two';\nDELETE FROM missing;\nDELETE FROM log WHERE what = 'one';\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);

	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" ROFF ".sql:10: relation \"missing\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " ROFF " failed; the database is at " ROFF "\n"
		"mig-apply: MIGRATIONS STILL APPLIED:\n"
		"mig-apply:   " ROFF "\n"
		"mig-apply:   " R1 "\n");
	run_result_release(&r);
	pgtest_expect_rows(&p.db, "SELECT what FROM log", "one\n");
	pgtest_expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
		    R1 "|f|NULL|NULL\n" ROFF "|t|down|1\n");
	strbuf_addf(&want, "%-*s%s\n", (int)strlen(R1) + 2, ROFF, "off  (dirty: down stopped after 1 statement)");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* upward is refused: the down must be finished first */
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: error: revision \"" ROFF "\" is dirty: its down stopped after 1 statement\n"
		"mig-apply: hint: fix the cause and run mig-apply --to a revision below it to continue it; if you "
		"finished it by hand, mig-stamp a revision below it records it as undone\n");
	run_result_release(&r);

	pgtest_exec(&p.db, "CREATE TABLE missing (id int)");
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db, "SELECT what FROM log", "");
	pgtest_expect_history(&p.db, R1);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

void apply_add_core_tests(TCase *tc)
{
	tcase_add_test(tc, test_upgrade_and_downgrade_targets);
	tcase_add_test(tc, test_single_transaction);
	tcase_add_test(tc, test_sql_output_is_what_runs);
	tcase_add_test(tc, test_transaction_off_create_index_concurrently);
	tcase_add_test(tc, test_failing_statement_names_file_line_and_sqlstate);
	tcase_add_test(tc, test_changed_applied_migration_is_refused);
	tcase_add_test(tc, test_failed_transaction_off_is_dirty_then_resumes);
	tcase_add_test(tc, test_failed_down_outside_transaction);
}

Suite *apply_suite(void)
{
	Suite *s = suite_create("apply");
	TCase *tc = tcase_create("pgsql");

	tcase_set_timeout(tc, 120);
	apply_add_core_tests(tc);
	apply_add_heads_tests(tc);
	apply_add_stamp_tests(tc);
	apply_add_concurrency_tests(tc);
	apply_add_config_tests(tc);
	apply_add_log_tests(tc);
	apply_add_start_tests(tc);
	suite_add_tcase(s, tc);
	/* a case of its own: CK_RUN_CASE=online runs only it */
	tc = tcase_create("online");
	tcase_set_timeout(tc, 120);
	apply_add_online_tests(tc);
	suite_add_tcase(s, tc);
	return s;
}

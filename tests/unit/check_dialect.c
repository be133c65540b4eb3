/*
 * Each dialect through struct dialect (dialect.h), as the code outside the
 * dialects sees it: found by name, quoting identifiers and literals,
 * splitting scripts, finding transaction control, and the version tables'
 * SQL (history.h builds it from the dialect's pieces). Tables of cases, one
 * row per dialect where they differ.
 */
#include <string.h>

#include "dialect.h"
#include "diag.h"
#include "history.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "suites.h"
#include "version.h"

START_TEST(test_registry)
{
	struct strbuf names = STRBUF_INIT;

	ck_assert_ptr_eq(dialect_find("pgsql"), &dialect_pg);
	ck_assert_ptr_eq(dialect_find("sqlite"), &dialect_sqlite);
	ck_assert_ptr_null(dialect_find("mysql"));
	ck_assert_ptr_null(dialect_find(NULL));
	ck_assert_str_eq(dialect_pg.display_name, "PostgreSQL");
	ck_assert_str_eq(dialect_sqlite.display_name, "SQLite");
	/* the order mig-gen writes the folders in */
	ck_assert_ptr_eq(dialect_all[0], &dialect_pg);
	ck_assert_ptr_eq(dialect_all[1], &dialect_sqlite);
	ck_assert_ptr_null(dialect_all[2]);
	dialect_list_names(&names);
	ck_assert_str_eq(names.buf, "pgsql or sqlite");
	strbuf_release(&names);
}
END_TEST

/* --- quoting ---------------------------------------------------------------- */

static const struct {
	const char *dialect, *in, *ident, *literal;
} quoting[] = {
	{ "pgsql", "account", "account", "'account'" },
	{ "pgsql", "Account", "\"Account\"", "'Account'" },
	{ "pgsql", "user", "\"user\"", "'user'" },      /* reserved in PostgreSQL */
	{ "pgsql", "key", "key", "'key'" },             /* unreserved */
	{ "pgsql", "a b", "\"a b\"", "'a b'" },
	{ "pgsql", "we\"ird", "\"we\"\"ird\"", "'we\"ird'" },
	{ "pgsql", "it's", "\"it's\"", "'it''s'" },
	{ "pgsql", "a\\b", "\"a\\b\"", "E'a\\\\b'" },   /* backslashes: E'' with them doubled */
	{ "pgsql", "_x1", "_x1", "'_x1'" },
	{ "pgsql", "1x", "\"1x\"", "'1x'" },
	{ "sqlite", "account", "account", "'account'" },
	{ "sqlite", "Account", "\"Account\"", "'Account'" },
	{ "sqlite", "key", "\"key\"", "'key'" },        /* a keyword of SQLite's */
	{ "sqlite", "a b", "\"a b\"", "'a b'" },
	{ "sqlite", "we\"ird", "\"we\"\"ird\"", "'we\"ird'" },
	{ "sqlite", "it's", "\"it's\"", "'it''s'" },
	{ "sqlite", "a\\b", "\"a\\b\"", "'a\\b'" },     /* no backslash escapes */
	{ "sqlite", "_x1", "_x1", "'_x1'" },
	{ "sqlite", "1x", "\"1x\"", "'1x'" },
};

START_TEST(test_quoting)
{
	const struct dialect *dl = dialect_find(quoting[_i].dialect);
	struct strbuf ident = STRBUF_INIT, literal = STRBUF_INIT;

	ck_assert_ptr_nonnull(dl);
	strbuf_addstr(&ident, "<");
	dl->append_ident(&ident, quoting[_i].in);
	dl->append_literal(&literal, quoting[_i].in);
	ck_assert_msg(strcmp(ident.buf + 1, quoting[_i].ident) == 0, "%s: identifier %s: %s, not %s",
		      dl->name, quoting[_i].in, ident.buf + 1, quoting[_i].ident);
	ck_assert_msg(strcmp(literal.buf, quoting[_i].literal) == 0, "%s: literal %s: %s, not %s", dl->name,
		      quoting[_i].in, literal.buf, quoting[_i].literal);
	/* appended, never replacing */
	ck_assert_int_eq(ident.buf[0], '<');
	strbuf_release(&ident);
	strbuf_release(&literal);
}
END_TEST

/* --- splitting ---------------------------------------------------------------- */

static const struct {
	const char *dialect, *sql;
	int nr;          /* statements, or -1: the script does not split */
	int line;        /* the last statement's line, or the error's */
} splits[] = {
	{ "pgsql", "SELECT 1; SELECT 2;", 2, 1 },
	{ "pgsql", "SELECT 1;\n\nSELECT ';';\n", 2, 3 },
	{ "pgsql", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2", 2, 2 },
	{ "pgsql", "-- nothing but a comment\n", 0, 0 },
	{ "pgsql", "", 0, 0 },
	{ "pgsql", "SELECT 1;\nSELECT 'unclosed", -1, 2 },
	{ "sqlite", "SELECT 1; SELECT 2;", 2, 1 },
	{ "sqlite", "SELECT 1;\n\nSELECT ';';\n", 2, 3 },
	{ "sqlite", "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; END;\nSELECT 2;", 2, 2 },
	{ "sqlite", "-- nothing but a comment\n", 0, 0 },
	{ "sqlite", "", 0, 0 },
	{ "sqlite", "SELECT 1;\nSELECT 'unclosed", -1, 2 },
	{ "sqlite", "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1;", -1, 1 },
};

START_TEST(test_split)
{
	const struct dialect *dl = dialect_find(splits[_i].dialect);
	struct sql_script script = { 0 };
	struct diag d = DIAG_INIT;
	int ret = dl->split(splits[_i].sql, &script, &d);

	if (splits[_i].nr < 0) {
		ck_assert_msg(ret == -1, "%s: %s: split", dl->name, splits[_i].sql);
		ck_assert_ptr_nonnull(d.message);
		ck_assert_int_eq(d.line, splits[_i].line);
	} else {
		ck_assert_msg(ret == 0, "%s: %s: %s", dl->name, splits[_i].sql, d.message);
		ck_assert_uint_eq(script.nr, (size_t)splits[_i].nr);
		if (script.nr)
			ck_assert_int_eq(script.stmts[script.nr - 1].line, splits[_i].line);
	}
	sqlsplit_script_release(&script);
	diag_release(&d);
}
END_TEST

/* --- transaction control -------------------------------------------------------- */

static const struct {
	const char *dialect, *sql;
	long at;           /* the statement that starts or ends a transaction, or -1 */
	const char *what;
} controls[] = {
	{ "pgsql", "CREATE TABLE t (a int); COMMIT;", 1, "COMMIT" },
	{ "pgsql", "BEGIN; CREATE TABLE t (a int);", 0, "BEGIN" },
	{ "pgsql", "SAVEPOINT a; RELEASE SAVEPOINT a; ROLLBACK TO SAVEPOINT a;", -1, NULL },
	{ "pgsql", "CREATE TABLE begin_x (a int); INSERT INTO begin_x VALUES (1);", -1, NULL },
	{ "pgsql", "CREATE TABLE t (a int);\nROLLBACK;", 1, "ROLLBACK" },
	{ "sqlite", "CREATE TABLE t (a int); COMMIT;", 1, "COMMIT" },
	{ "sqlite", "BEGIN IMMEDIATE; CREATE TABLE t (a int);", 0, "BEGIN" },
	{ "sqlite", "END;", 0, "COMMIT" },
	{ "sqlite", "SAVEPOINT a; RELEASE a;", -1, NULL },
	{ "sqlite", "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; END;", -1, NULL },
};

START_TEST(test_transaction_control)
{
	const struct dialect *dl = dialect_find(controls[_i].dialect);
	struct sql_script script = { 0 };
	struct diag d = DIAG_INIT;
	const char *what = "unset";
	long at;

	ck_assert_msg(dl->split(controls[_i].sql, &script, &d) == 0, "%s: %s", dl->name, d.message);
	at = dl->transaction_control(controls[_i].sql, &script, &what);
	ck_assert_msg(at == controls[_i].at, "%s: %s: statement %ld, not %ld", dl->name, controls[_i].sql, at,
		      controls[_i].at);
	if (controls[_i].what)
		ck_assert_str_eq(what, controls[_i].what);
	else
		ck_assert_ptr_null(what);
	sqlsplit_script_release(&script);
	diag_release(&d);
}
END_TEST

/* --- statements that cannot run in a transaction; settings of the session ------------ */

static const struct {
	const char *sql;
	long at;           /* the statement that cannot run in a transaction, or -1 */
	const char *what;
} outside[] = {
	{ "CREATE TABLE t (a int); CREATE INDEX CONCURRENTLY t_a ON t (a);", 1, "CREATE INDEX CONCURRENTLY" },
	{ "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS u ON s.t (a)", 0, "CREATE INDEX CONCURRENTLY" },
	{ "DROP INDEX CONCURRENTLY IF EXISTS u", 0, "DROP INDEX CONCURRENTLY" },
	{ "REINDEX INDEX CONCURRENTLY u", 0, "REINDEX CONCURRENTLY" },
	{ "REINDEX (VERBOSE, CONCURRENTLY) TABLE t", 0, "REINDEX CONCURRENTLY" },
	{ "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", 0, "DETACH PARTITION CONCURRENTLY" },
	/* the word, not the statement */
	{ "CREATE INDEX \"concurrently\" ON t (a); -- concurrently\nSELECT 'concurrently'", -1, NULL },
	{ "ALTER TABLE p DETACH PARTITION p1; REINDEX INDEX u; DROP INDEX u", -1, NULL },
};

START_TEST(test_outside_transaction)
{
	struct sql_script script = { 0 };
	struct diag d = DIAG_INIT;
	const char *what = "unset";
	long at;

	ck_assert_msg(dialect_pg.split(outside[_i].sql, &script, &d) == 0, "%s", d.message);
	at = dialect_pg.outside_transaction(outside[_i].sql, &script, &what);
	ck_assert_msg(at == outside[_i].at, "%s: statement %ld, not %ld", outside[_i].sql, at, outside[_i].at);
	if (outside[_i].what)
		ck_assert_str_eq(what, outside[_i].what);
	else
		ck_assert_ptr_null(what);
	sqlsplit_script_release(&script);
	diag_release(&d);
}
END_TEST

START_TEST(test_session_setting)
{
	ck_assert(dialect_pg.session_setting("SET lock_timeout = '5s'"));
	ck_assert(dialect_pg.session_setting("-- first\nSET search_path TO app, public"));
	ck_assert(dialect_pg.session_setting("RESET lock_timeout"));
	ck_assert(!dialect_pg.session_setting("SET LOCAL lock_timeout = '5s'"));
	ck_assert(!dialect_pg.session_setting("SELECT set_config('lock_timeout', '5s', false)"));
	ck_assert(!dialect_pg.session_setting("CREATE INDEX CONCURRENTLY u ON t (a)"));
	ck_assert(!dialect_pg.session_setting("SET lock_timeout = "));
	/* SQLite has neither */
	ck_assert_ptr_null(dialect_sqlite.session_setting);
	ck_assert_ptr_null(dialect_sqlite.outside_transaction);
	ck_assert_ptr_null(dialect_sqlite.leftovers);
}
END_TEST

/* --- the version tables ------------------------------------------------------------ */

#define SQLITE_NOW "strftime('%Y-%m-%d %H:%M:%f', 'now')"
#define SQLITE_SINCE "strftime('%H:%M:%f', (julianday('now') - julianday(applied_at)) * 86400.0, 'unixepoch')"

/* Every history_sql_*() of a dialect whose text does not name the user. */
static void expect_history(const struct dialect *dl, const char *which, const char *expected)
{
	struct strbuf out = STRBUF_INIT;

	if (strcmp(which, "applied_start") == 0)
		history_sql_applied_start(&out, dl, "a'b", "r1", "h1:x");
	else if (strcmp(which, "applied") == 0)
		history_sql_applied(&out, dl, "a'b", "r1", "h1:x");
	else if (strcmp(which, "progress") == 0)
		history_sql_progress(&out, dl, "", "r1", 3);
	else if (strcmp(which, "finish") == 0)
		history_sql_finish(&out, dl, "", "r1", "h1:y");
	else if (strcmp(which, "delete") == 0)
		history_sql_delete(&out, dl, NULL, "r1");
	else if (strcmp(which, "seeds_create") == 0)
		history_sql_seeds_create(&out, dl);
	else if (strcmp(which, "seeded") == 0)
		history_sql_seeded(&out, dl, "001.sql", "h1:s");
	ck_assert_msg(strcmp(out.buf, expected) == 0, "%s: %s:\n  %s\nnot\n  %s", dl->name, which, out.buf, expected);
	strbuf_release(&out);
}

START_TEST(test_history_pg)
{
	const struct dialect *dl = &dialect_pg;
	struct strbuf out = STRBUF_INIT;

	expect_history(dl, "applied_start", "");
	expect_history(dl, "applied", "INSERT INTO mig_history (app, revision, checksum, applied_by, duration, "
		       "tool_version) VALUES ('a''b', 'r1', 'h1:x', current_user, clock_timestamp() - now(), '"
		       MIG_VERSION "')");
	expect_history(dl, "progress", "UPDATE mig_history SET progress = 3 WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "finish", "UPDATE mig_history SET checksum = 'h1:y', dirty = false, operation = NULL, "
		       "progress = NULL, duration = clock_timestamp() - applied_at WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "delete", "DELETE FROM mig_history WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "seeds_create", "CREATE TABLE IF NOT EXISTS mig_seeds (\n"
		       "    name text NOT NULL PRIMARY KEY,\n"
		       "    checksum text NOT NULL,\n"
		       "    applied_at timestamptz NOT NULL DEFAULT now()\n"
		       ")");
	expect_history(dl, "seeded", "INSERT INTO mig_seeds (name, checksum) VALUES ('001.sql', 'h1:s') ON CONFLICT "
		       "(name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()");
	history_sql_start(&out, dl, "", "r1", "h1:x", "up");
	ck_assert_str_eq(out.buf, "INSERT INTO mig_history (app, revision, checksum, applied_by, tool_version, dirty, "
			 "operation, progress) VALUES ('', 'r1', 'h1:x', current_user, '" MIG_VERSION "', true, "
			 "'up', 0) ON CONFLICT (app, revision) DO UPDATE SET checksum = excluded.checksum, "
			 "dirty = true, operation = 'up', progress = 0, applied_at = now()");
	strbuf_reset(&out);
	history_sql_stamp(&out, dl, "", "r1", "h1:x");
	ck_assert_str_eq(out.buf, "INSERT INTO mig_history (app, revision, checksum, applied_by, tool_version) "
			 "VALUES ('', 'r1', 'h1:x', current_user, '" MIG_VERSION "') ON CONFLICT (app, revision) "
			 "DO UPDATE SET checksum = 'h1:x', dirty = false, operation = NULL, progress = NULL");
	strbuf_reset(&out);
	history_sql_create(&out, dl);
	ck_assert_ptr_nonnull(strstr(out.buf, "CREATE TABLE IF NOT EXISTS mig_history (\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    applied_at timestamptz NOT NULL DEFAULT now(),\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    applied_by text NOT NULL DEFAULT current_user,\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    PRIMARY KEY (app, revision)\n)"));
	strbuf_release(&out);
}
END_TEST

START_TEST(test_history_sqlite)
{
	const struct dialect *dl = &dialect_sqlite;
	struct strbuf out = STRBUF_INIT;
	const char *p;

	/* no clock that moves within a transaction: the row comes first, its duration last */
	history_sql_applied_start(&out, dl, "a'b", "r1", "h1:x");
	p = "INSERT INTO mig_history (app, revision, checksum, applied_by, tool_version) VALUES ('a''b', 'r1', 'h1:x', '";
	ck_assert_msg(strncmp(out.buf, p, strlen(p)) == 0, "%s", out.buf);
	p = out.buf + strlen(out.buf) - strlen("', '" MIG_VERSION "')");
	ck_assert_str_eq(p, "', '" MIG_VERSION "')");
	expect_history(dl, "applied", "UPDATE mig_history SET duration = " SQLITE_SINCE
		       " WHERE app = 'a''b' AND revision = 'r1'");
	expect_history(dl, "progress", "UPDATE mig_history SET progress = 3 WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "finish", "UPDATE mig_history SET checksum = 'h1:y', dirty = 0, operation = NULL, "
		       "progress = NULL, duration = " SQLITE_SINCE " WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "delete", "DELETE FROM mig_history WHERE app = '' AND revision = 'r1'");
	expect_history(dl, "seeds_create", "CREATE TABLE IF NOT EXISTS mig_seeds (\n"
		       "    name text NOT NULL PRIMARY KEY,\n"
		       "    checksum text NOT NULL,\n"
		       "    applied_at text NOT NULL DEFAULT (" SQLITE_NOW ")\n"
		       ")");
	expect_history(dl, "seeded", "INSERT INTO mig_seeds (name, checksum) VALUES ('001.sql', 'h1:s') ON CONFLICT "
		       "(name) DO UPDATE SET checksum = excluded.checksum, applied_at = " SQLITE_NOW);
	strbuf_reset(&out);
	history_sql_stamp(&out, dl, "", "r1", "h1:x");
	ck_assert_ptr_nonnull(strstr(out.buf, "') ON CONFLICT (app, revision) DO UPDATE SET checksum = 'h1:x', "
				     "dirty = 0, operation = NULL, progress = NULL"));
	strbuf_reset(&out);
	history_sql_start(&out, dl, "", "r1", "h1:x", "down");
	ck_assert_ptr_nonnull(strstr(out.buf, "', '" MIG_VERSION "', 1, 'down', 0) ON CONFLICT (app, revision) DO "
				     "UPDATE SET checksum = excluded.checksum, dirty = 1, operation = 'down', "
				     "progress = 0, applied_at = " SQLITE_NOW));
	strbuf_reset(&out);
	history_sql_create(&out, dl);
	ck_assert_ptr_nonnull(strstr(out.buf, "CREATE TABLE IF NOT EXISTS mig_history (\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    applied_at text NOT NULL DEFAULT (" SQLITE_NOW "),\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    applied_by text NOT NULL,\n"));
	ck_assert_ptr_nonnull(strstr(out.buf, "    dirty boolean NOT NULL DEFAULT 0,\n"));
	strbuf_release(&out);
}
END_TEST

/* --- transactions and locks ------------------------------------------------------------ */

static void join(const char *const *list, struct strbuf *out)
{
	for (size_t i = 0; list[i]; i++)
		strbuf_addf(out, "%s;", list[i]);
}

START_TEST(test_transactions)
{
	static const struct {
		const struct dialect *dl;
		const char *begin, *begin_seeds, *each, *before_commit, *lock_timeout;
	} cases[] = {
		{ &dialect_pg, "BEGIN;", "BEGIN;", "", "", "SET lock_timeout = '250ms'" },
		{ &dialect_sqlite, "PRAGMA foreign_keys = OFF;BEGIN IMMEDIATE;", "PRAGMA foreign_keys = ON;BEGIN IMMEDIATE;",
		  "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_key_check;", "PRAGMA busy_timeout = 250" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dialect *dl = cases[i].dl;
		struct strbuf sb = STRBUF_INIT;
		join(dl->begin, &sb);
		ck_assert_str_eq(sb.buf, cases[i].begin);
		strbuf_reset(&sb);
		join(dl->begin_seeds, &sb);
		ck_assert_str_eq(sb.buf, cases[i].begin_seeds);
		strbuf_reset(&sb);
		join(dl->each_statement, &sb);
		ck_assert_str_eq(sb.buf, cases[i].each);
		strbuf_reset(&sb);
		join(dl->before_commit, &sb);
		ck_assert_str_eq(sb.buf, cases[i].before_commit);
		strbuf_reset(&sb);
		dl->append_lock_timeout(&sb, 250);
		ck_assert_str_eq(sb.buf, cases[i].lock_timeout);
		strbuf_release(&sb);
	}
	/* the replay's scratch database: SQLite's in memory, PostgreSQL's on the server */
	ck_assert_ptr_null(dialect_pg.memory_url);
	ck_assert_ptr_nonnull(dialect_pg.create_database);
	ck_assert_str_eq(dialect_sqlite.memory_url, "sqlite::memory:");
	/* only SQLite keeps less than the model */
	ck_assert_ptr_null(dialect_pg.normalize_model);
	ck_assert_ptr_nonnull(dialect_sqlite.normalize_model);
}
END_TEST

Suite *dialect_suite(void)
{
	Suite *s = suite_create("dialect");
	TCase *tc = tcase_create("dialect");

	tcase_add_test(tc, test_registry);
	tcase_add_loop_test(tc, test_quoting, 0, sizeof(quoting) / sizeof(quoting[0]));
	tcase_add_loop_test(tc, test_split, 0, sizeof(splits) / sizeof(splits[0]));
	tcase_add_loop_test(tc, test_transaction_control, 0, sizeof(controls) / sizeof(controls[0]));
	tcase_add_loop_test(tc, test_outside_transaction, 0, sizeof(outside) / sizeof(outside[0]));
	tcase_add_test(tc, test_session_setting);
	tcase_add_test(tc, test_history_pg);
	tcase_add_test(tc, test_history_sqlite);
	tcase_add_test(tc, test_transactions);
	suite_add_tcase(s, tc);
	return s;
}

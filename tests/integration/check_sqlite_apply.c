/*
 * mig-apply, mig-heads, mig-stamp and mig-check on SQLite, as a user meets
 * them: each test has a project directory of its own with hand-written
 * migrations in migrations/sqlite (mig-gen --rehash records them) or ones
 * mig-gen writes from models, runs the real tools there, and checks the
 * database file with sqlite3 itself: the tables, the rows, mig_history,
 * the schema files, the exact messages and exit statuses. No server.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "fs.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "sumfile.h"
#include "testutil.h"
#include "xalloc.h"

struct sproj {
	char *dir;     /* the project directory (the tools' working directory) */
	char *migs;    /* dir/migrations/sqlite */
	char *db;      /* the database file: dir/var/dev.sqlite3, the embedded default */
};

static void sproj_init(struct sproj *p)
{
	struct strbuf sb = STRBUF_INIT;

	p->dir = test_mkdtemp();
	strbuf_addf(&sb, "%s/migrations/sqlite", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	p->migs = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/var/dev.sqlite3", p->dir);
	p->db = strbuf_detach(&sb, NULL);
}

static void sproj_release(struct sproj *p)
{
	test_rmtree(p->dir);
	free(p->dir);
	free(p->migs);
	free(p->db);
}

/* Runs bin/<name> args... in p's directory, nothing configured (the embedded default) but extra. */
static void stool_env(struct run_result *r, const struct sproj *p, const char *const *extra, const char *name,
		      ...) __attribute__((sentinel));
static void stool_env(struct run_result *r, const struct sproj *p, const char *const *extra, const char *name,
		      ...)
{
	char *path = test_tool_path(name);
	const char *const first[] = { path, NULL };
	va_list ap;

	va_start(ap, name);
	test_vrun(r, p->dir, NULL, extra, first, ap);
	va_end(ap);
	free(path);
}

#define stool(r, p, ...) stool_env(r, p, NULL, __VA_ARGS__)


/* A run that must succeed; its output is not looked at. */
#define stool_ok(p, ...)                          \
	do {                                      \
		struct run_result ok_;            \
		stool(&ok_, p, __VA_ARGS__);      \
		ASSERT_EXIT(ok_, 0);              \
		run_result_release(&ok_);         \
	} while (0)


static void rehash(const struct sproj *p)
{
	struct run_result r;

	stool(&r, p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
}

/* The rows sql gives on database file path, "a|b\n" each (NULL as NULL); "(error: ...)" on an error. */
static char *rows(const char *path, const char *sql)
{
	struct strbuf out = STRBUF_INIT;
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		strbuf_addf(&out, "(error: %s)", h ? sqlite3_errmsg(h) : "cannot open");
	} else {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const char *v = (const char *)sqlite3_column_text(st, c);
				strbuf_addf(&out, "%s%s", c ? "|" : "", v ? v : "NULL");
			}
			strbuf_addch(&out, '\n');
		}
		if (rc != SQLITE_DONE)
			strbuf_addf(&out, "(error: %s)", sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return strbuf_detach(&out, NULL);
}

static void expect_rows(const char *path, const char *sql, const char *want)
{
	char *got = rows(path, sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s on %s\n  gave:\n%s\n  not:\n%s", sql, path, got, want);
	free(got);
}

/* The user tables of the main database, one line "a,b" ("" for none). */
static void expect_tables(const struct sproj *p, const char *want)
{
	struct strbuf w = STRBUF_INIT;

	if (*want)
		strbuf_addf(&w, "%s\n", want);
	expect_rows(p->db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' "
			   "AND name NOT LIKE 'sqlite_%' AND name <> 'mig_history' ORDER BY name) HAVING count(*) > 0",
		    w.buf);
	strbuf_release(&w);
}

static void expect_history(const struct sproj *p, const char *want)
{
	struct strbuf w = STRBUF_INIT;

	if (*want)
		strbuf_addf(&w, "%s\n", want);
	expect_rows(p->db, "SELECT group_concat(revision, ',') FROM (SELECT revision FROM mig_history "
			   "ORDER BY revision) HAVING count(*) > 0", w.buf);
	strbuf_release(&w);
}

static const char *const model_v1 =
	"<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
	"  <enum name=\"state\"><value>new</value><value>paid</value></enum>\n"
	"  <table name=\"customer\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"name\" type=\"varchar(100)\" nullable=\"false\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"  </table>\n"
	"  <table name=\"orders\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"customer_id\" type=\"bigint\" nullable=\"false\"/>\n"
	"    <column name=\"state\" type=\"state\" nullable=\"false\" default=\"new\"/>\n"
	"    <column name=\"note\" type=\"text\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <foreign-key columns=\"customer_id\" references=\"customer\" on-delete=\"cascade\"/>\n"
	"    <index columns=\"customer_id\"/>\n"
	"  </table>\n"
	"</models>\n";

/* v2: a new enum value, note tightened to NOT NULL with a default, customer.name widened: rebuilds */
static const char *const model_v2 =
	"<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
	"  <enum name=\"state\"><value>new</value><value>paid</value><value>shipped</value></enum>\n"
	"  <table name=\"customer\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"name\" type=\"varchar(200)\" nullable=\"false\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"  </table>\n"
	"  <table name=\"orders\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"customer_id\" type=\"bigint\" nullable=\"false\"/>\n"
	"    <column name=\"state\" type=\"state\" nullable=\"false\" default=\"new\"/>\n"
	"    <column name=\"note\" type=\"text\" nullable=\"false\" default=\"-\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <foreign-key columns=\"customer_id\" references=\"customer\" on-delete=\"cascade\"/>\n"
	"    <index columns=\"customer_id\"/>\n"
	"  </table>\n"
	"</models>\n";

static void write_model(const struct sproj *p, const char *text)
{
	char *path = test_path_in(p->dir, "models/shop.xml");

	test_write_file(path, text);
	free(path);
}

/* --- nothing configured: the embedded database, the whole cycle ------------ */

START_TEST(test_embedded_default_whole_cycle)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool(&r, &p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_20260101000000_init.sql\n"
				"migrations/sqlite/0001_20260101000000_init.sql\n"
				"migrations/state/0001_20260101000000_init.xml\n");
	run_result_release(&r);

	ck_assert(!test_file_exists(p.db));
	stool_ok(&p, "mig-apply", NULL);
	ck_assert_msg(test_file_exists(p.db), "mig-apply did not create %s", p.db);
	expect_tables(&p, "customer,orders");
	expect_history(&p, "0001_20260101000000_init");
	expect_rows(p.db, "SELECT dirty, operation IS NULL, applied_by <> '', tool_version <> '', "
			  "applied_at LIKE '____-__-__ __:__:__.___', duration LIKE '__:__:__.___' FROM mig_history",
		    "0|1|1|1|1|1\n");

	/* rows that the next migration's table rebuilds must keep, with their keys */
	{
		sqlite3 *h;
		ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO customer (name) VALUES ('Ada'), ('Grace'), ('Gone');"
						"DELETE FROM customer WHERE name = 'Gone';"
						"INSERT INTO orders (customer_id, state, note) VALUES "
						"(1, 'paid', NULL), (1, 'new', 'rush'), (2, 'new', NULL);",
					 NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	write_model(&p, model_v2);
	stool_ok(&p, "mig-gen", "--name", "more", "--timestamp", "20260101000001", NULL);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT o.id, c.name, o.state, o.note FROM orders o JOIN customer c ON c.id = o.customer_id "
			  "ORDER BY o.id",
		    "1|Ada|paid|-\n2|Ada|new|rush\n3|Grace|new|-\n");
	/* the AUTOINCREMENT counter survives too: Gone's id 3 is not handed out again */
	expect_rows(p.db, "SELECT seq FROM sqlite_sequence WHERE name = 'customer'", "3\n");
	/* the keys survive the rebuilds: the foreign key cascades, the enum's check takes the new value */
	expect_rows(p.db, "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('orders')",
		    "customer|customer_id|id|CASCADE\n");
	expect_rows(p.db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL",
		    "orders_customer_id_idx\n");
	expect_rows(p.db, "SELECT sql LIKE '%''shipped''%' FROM sqlite_schema WHERE name = 'orders'", "1\n");

	stool(&r, &p, "mig-heads", "--history", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "0001_20260101000000_init") && strstr(r.out, "0002_20260101000001_more"),
		      "%s", r.out);
	run_result_release(&r);

	/* down keeps the rows too (note goes back to nullable; the filled values stay) */
	stool_ok(&p, "mig-apply", "--to", "-1", NULL);
	expect_history(&p, "0001_20260101000000_init");
	expect_rows(p.db, "SELECT count(*), sum(note = '-') FROM orders", "3|2\n");
	stool_ok(&p, "mig-apply", "--to", "base", NULL);
	expect_tables(&p, "");
	expect_history(&p, "");
	sproj_release(&p);
}
END_TEST

/* --- --fill values are literals of the column's type -------------------------- */

START_TEST(test_fill_values_are_typed)
{
	struct sproj p;
	struct run_result r;
	sqlite3 *h;

	sproj_init(&p);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"t\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"active\" type=\"boolean\"/><column name=\"n\" type=\"integer\"/>"
			"<primary-key columns=\"id\"/></table></models>\n");
	stool_ok(&p, "mig-gen", "--name", "a", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-apply", NULL);
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO t VALUES (1, NULL, NULL), (2, 0, 5)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"t\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"active\" type=\"boolean\" nullable=\"false\"/>"
			"<column name=\"n\" type=\"integer\" nullable=\"false\"/><primary-key columns=\"id\"/></table></models>\n");
	stool(&r, &p, "mig-gen", "--name", "b", "--timestamp", "20260101000001", "--fill", "t.active=TRUE", "--fill",
	      "t.n=abc", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_msg(strstr(r.err, "mig-gen: error: the value for existing rows of column t.n, \"abc\": "), "%s", r.err);
	run_result_release(&r);
	stool_ok(&p, "mig-gen", "--name", "b", "--timestamp", "20260101000001", "--fill", "t.active=TRUE", "--fill",
		 "t.n=+07", NULL);
	stool_ok(&p, "mig-apply", NULL);
	/* the boolean is SQLite's 1, a number; the integer 7 */
	expect_rows(p.db, "SELECT id, active, typeof(active), n FROM t ORDER BY id", "1|1|integer|7\n2|0|integer|5\n");
	sproj_release(&p);
}
END_TEST

/* --- SQLite is asked which functions it has ------------------------------------ */

START_TEST(test_functions_sqlite_lacks)
{
	struct sproj p;
	struct run_result r;
	char *path, *text;

	sproj_init(&p);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"t\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"h\" type=\"text\" default-expr=\"md5(random()::text)\"/>"
			"<primary-key columns=\"id\"/></table></models>\n");
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--name", "a", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-gen: models/shop.xml:1: the default of column t.h cannot be written for SQLite: it "
				"calls a function SQLite does not have\n");
	run_result_release(&r);
	/* a check that calls one is left out, and the migration says so */
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"t\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"h\" type=\"text\" default-expr=\"lower('X')\"/>"
			"<primary-key columns=\"id\"/><check name=\"t_h_len\" expr=\"char_length(h) &lt; 10\"/>"
			"<check name=\"t_h_lower\" expr=\"h = lower(h)\"/></table></models>\n");
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "a", "--timestamp", "20260101000000", NULL);
	path = test_path_in(p.dir, "migrations/sqlite/0001_20260101000000_a.sql");
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "-- SQLite: check t_h_len of table t is left out: it calls a function SQLite does not "
				   "have\n") && strstr(text, "CONSTRAINT t_h_lower CHECK (h = lower(h))"), "%s", text);
	free(text);
	free(path);
	stool_ok(&p, "mig-apply", NULL);
	sproj_release(&p);
}
END_TEST

/* --- a failing statement: file and line, nothing half-applied ---------------- */

START_TEST(test_failure_names_file_line_and_leaves_nothing)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_good", NULL, true, "CREATE TABLE a (x integer);\n", "DROP TABLE a;\n");
	test_write_migration(p.migs, "0002_20260101000002_bad", "0001_20260101000001_good", true,
		  "CREATE TABLE b (y integer);\n"
		  "INSERT INTO b VALUES (1);\n"
		  "\n"
		  "INSERT INTO missing\n"
		  "  VALUES (1);\n",
		  "DROP TABLE b;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "mig-apply: migrations/sqlite/0002_20260101000002_bad.sql:9: no such table: "
				    "missing (SQLite error 1: SQLITE_ERROR)"),
		      "%s", r.err);
	run_result_release(&r);
	/* the first migration committed; nothing of the second */
	expect_tables(&p, "a");
	expect_history(&p, "0001_20260101000001_good");
	sproj_release(&p);
}
END_TEST

/* --- a migration in a transaction may not end it ------------------------------- */

START_TEST(test_commit_inside_a_migration_is_refused)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_hand", NULL, true,
		  "CREATE TABLE a (x integer);\n"
		  "CREATE TRIGGER a_added AFTER INSERT ON a BEGIN SELECT 1; END;\n"
		  "SAVEPOINT s;\nRELEASE s;\n"
		  "COMMIT;\n"
		  "CREATE TABLE b (x integer);\n",
		  "DROP TABLE b;\nDROP TABLE a;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", "-q", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: migrations/sqlite/0001_20260101000001_hand.sql:10: COMMIT: a migration that "
				"runs in a transaction cannot start or end one\n"
				"mig-apply: hint: remove it (mig-apply wraps each migration in a transaction); a migration "
				"that must manage its own transactions says -- mig:transaction off\n");
	run_result_release(&r);
	expect_tables(&p, "");
	stool(&r, &p, "mig-check", "--dialect", "sqlite", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, "migrations/sqlite/0001_20260101000001_hand.sql:10: COMMIT: a migration that runs in a "
				    "transaction cannot start or end one (-- mig:transaction off)\n"), "%s", r.out);
	run_result_release(&r);
	sproj_release(&p);
}
END_TEST

/* --- foreign keys: off while migrations run, every row checked before commit -- */

START_TEST(test_foreign_key_violation_is_refused)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_tables", NULL, true,
		  "CREATE TABLE parent (id integer PRIMARY KEY);\n"
		  "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES parent (id));\n",
		  "DROP TABLE child;\nDROP TABLE parent;\n");
	test_write_migration(p.migs, "0002_20260101000002_orphan", "0001_20260101000001_tables", true,
		  "INSERT INTO parent VALUES (1);\n"
		  "INSERT INTO child VALUES (1, 1), (2, 7);\n",
		  "DELETE FROM child;\nDELETE FROM parent;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "foreign key violation: the row of table \"child\" with rowid 2 references a row "
				    "of \"parent\" that does not exist"), "%s", r.err);
	run_result_release(&r);
	expect_history(&p, "0001_20260101000001_tables");
	expect_rows(p.db, "SELECT count(*) FROM parent", "0\n");
	expect_rows(p.db, "SELECT count(*) FROM child", "0\n");
	sproj_release(&p);
}
END_TEST

/* --- schemas: attached files beside the database ---------------------------- */

START_TEST(test_schemas_are_files_that_follow_the_transaction)
{
	struct sproj p;
	struct run_result r;
	char *audit_db;

	sproj_init(&p);
	audit_db = test_path_in(p.dir, "var/dev.audit.sqlite3");
	test_write_migration(p.migs, "0001_20260101000001_audit", NULL, true,
		  "CREATE SCHEMA audit;\n"
		  "CREATE TABLE audit.log (id integer PRIMARY KEY, what text NOT NULL);\n"
		  "INSERT INTO audit.log (what) VALUES ('created');\n",
		  "DROP TABLE audit.log;\nDROP SCHEMA audit;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	ck_assert_msg(test_file_exists(audit_db), "no %s", audit_db);
	expect_rows(audit_db, "SELECT what FROM log", "created\n");

	/* a backup holds the schema files too, named as the schemas of the backup's own file */
	stool(&r, &p, "mig-backup", NULL);
	ASSERT_EXIT(r, 0);
	{
		struct strbuf schema_copy = STRBUF_INIT;
		char *main_copy;
		ck_assert_msg(strncmp(r.out, "backups/dev-", 12) == 0 && strstr(r.out, "Z.sqlite3\n"), "%s", r.out);
		main_copy = test_path_in(p.dir, r.out);
		main_copy[strlen(main_copy) - 1] = '\0';
		strbuf_add(&schema_copy, main_copy, strlen(main_copy) - strlen(".sqlite3"));
		strbuf_addstr(&schema_copy, ".audit.sqlite3");
		expect_rows(main_copy, "SELECT revision FROM mig_history", "0001_20260101000001_audit\n");
		expect_rows(schema_copy.buf, "SELECT what FROM log", "created\n");
		free(main_copy);
		strbuf_release(&schema_copy);
	}
	run_result_release(&r);

	/* a migration that fails after dropping the schema: it comes back whole */
	test_write_migration(p.migs, "0002_20260101000002_drop", "0001_20260101000001_audit", true,
		  "DROP SCHEMA audit CASCADE;\nSELECT * FROM nothing_here;\n", "CREATE SCHEMA audit;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	ck_assert(test_file_exists(audit_db));
	expect_rows(audit_db, "SELECT what FROM log", "created\n");

	/* undone: the schema's file goes with it */
	char *path = test_path_in(p.dir, "migrations/sqlite/0002_20260101000002_drop.sql");
	ck_assert_int_eq(unlink(path), 0);
	free(path);
	rehash(&p);
	stool_ok(&p, "mig-apply", "--to", "base", NULL);
	ck_assert_msg(!test_file_exists(audit_db), "%s is still there", audit_db);
	free(audit_db);
	sproj_release(&p);
}
END_TEST

/* --- SQLite's own parser splits the statements: triggers, quotes, comments ---- */

START_TEST(test_trigger_bodies_and_quotes_split_by_sqlite)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_trigger", NULL, true,
		  "CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL);\n"
		  "CREATE TABLE item_log (msg text NOT NULL);\n"
		  "-- a comment; with a semicolon\n"
		  "CREATE TRIGGER item_added AFTER INSERT ON item BEGIN\n"
		  "  INSERT INTO item_log VALUES ('added; ' || new.name);\n"
		  "  INSERT INTO item_log VALUES ('again');\n"
		  "END;\n"
		  "INSERT INTO item (name) VALUES ('semi;colon'), ('it''s');\n",
		  "DROP TABLE item_log;\nDROP TABLE item;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT msg FROM item_log ORDER BY rowid",
		    "added; semi;colon\nagain\nadded; it's\nagain\n");

	/* a trigger without its END: the line where the statement starts */
	test_write_migration(p.migs, "0002_20260101000002_open", "0001_20260101000001_trigger", true,
		  "SELECT 1;\nCREATE TRIGGER t2 AFTER DELETE ON item BEGIN\n  DELETE FROM item_log;\n",
		  "SELECT 1;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_msg(strstr(r.err, "migrations/sqlite/0002_20260101000002_open.sql:7: the statement is not complete"),
		      "%s", r.err);
	run_result_release(&r);
	sproj_release(&p);
}
END_TEST

/* --- a table rebuild keeps the hand-written triggers and views around it ------ */

START_TEST(test_rebuild_keeps_triggers_and_views)
{
	struct sproj p;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_base", NULL, true,
		  "CREATE TABLE item (id integer PRIMARY KEY, name text);\n"
		  "CREATE TABLE item_log (msg text NOT NULL);\n"
		  "CREATE TABLE other (x integer);\n"
		  "CREATE TRIGGER item_added AFTER INSERT ON item BEGIN INSERT INTO item_log VALUES ('added ' || coalesce(new.name, '-')); END;\n"
		  "CREATE TRIGGER other_added AFTER INSERT ON other BEGIN INSERT INTO item (name) VALUES ('via other'); END;\n"
		  "CREATE VIEW item_names AS SELECT name FROM item;\n"
		  "INSERT INTO item (name) VALUES ('a'), (NULL);\n",
		  "DROP VIEW item_names;\nDROP TABLE other;\nDROP TABLE item_log;\nDROP TABLE item;\n");
	/* what mig-gen writes for item.name tightened to NOT NULL DEFAULT '?' */
	test_write_migration(p.migs, "0002_20260101000002_rebuild", "0001_20260101000001_base", true,
		  "CREATE TABLE item_mig_new (id integer PRIMARY KEY, name text NOT NULL DEFAULT '?');\n"
		  "INSERT INTO item_mig_new (id, name) SELECT id, coalesce(name, '?') FROM item;\n"
		  "DROP TABLE item;\n"
		  "PRAGMA legacy_alter_table = ON;\n"
		  "ALTER TABLE item_mig_new RENAME TO item;\n"
		  "PRAGMA legacy_alter_table = OFF;\n",
		  "SELECT 1;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT name FROM sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY name",
		    "item_added\nitem_names\nother_added\n");
	{
		sqlite3 *h;
		ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO other VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	expect_rows(p.db, "SELECT * FROM item_names ORDER BY rowid", "a\n?\nvia other\n");
	expect_rows(p.db, "SELECT msg FROM item_log ORDER BY rowid", "added a\nadded -\nadded via other\n");
	sproj_release(&p);
}
END_TEST

/* --- rebuilds are safe whatever earlier migrations did ------------------------- */

#define REBUILD_PARENT(schema)                                                            \
	"CREATE TABLE " schema "parent_mig_new (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');\n" \
	"INSERT INTO " schema "parent_mig_new (id, name) SELECT id, coalesce(name, '') FROM " schema "parent;\n" \
	"DROP TABLE " schema "parent;\n"                                                  \
	"PRAGMA legacy_alter_table = ON;\n"                                               \
	"ALTER TABLE " schema "parent_mig_new RENAME TO parent;\n"                        \
	"PRAGMA legacy_alter_table = OFF;\n"

START_TEST(test_rebuild_after_foreign_keys_turned_on)
{
	struct sproj p;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_base", NULL, true,
		  "CREATE TABLE parent (id integer PRIMARY KEY, name text);\n"
		  "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id) ON DELETE CASCADE);\n"
		  "INSERT INTO parent VALUES (1, 'a'), (2, NULL);\n"
		  "INSERT INTO child VALUES (10, 1), (11, 2);\n",
		  "DROP TABLE child;\nDROP TABLE parent;\n");
	/* a hand-written migration leaves foreign keys on for the connection */
	test_write_migration(p.migs, "0002_20260101000002_keys_on", "0001_20260101000001_base", false,
		  "PRAGMA foreign_keys = ON;\n", "SELECT 1;\n");
	/* the next one rebuilds the parent: its DROP TABLE must not cascade into child; and it ends in a comment */
	test_write_migration(p.migs, "0003_20260101000003_rebuild", "0002_20260101000002_keys_on", true,
		  REBUILD_PARENT("") "UPDATE child SET id = id -- nothing changes\n", "SELECT 1;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id ORDER BY c.id",
		    "10|a\n11|\n");
	sproj_release(&p);
}
END_TEST

START_TEST(test_schema_tables_keep_triggers_and_keys)
{
	struct sproj p;
	struct run_result r;
	char *billing;

	sproj_init(&p);
	billing = test_path_in(p.dir, "var/dev.billing.sqlite3");
	test_write_migration(p.migs, "0001_20260101000001_billing", NULL, true,
		  "CREATE SCHEMA billing;\n"
		  "CREATE TABLE billing.parent (id integer PRIMARY KEY, name text);\n"
		  "CREATE TABLE billing.child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES parent (id));\n"
		  "CREATE TABLE billing.log (msg text);\n"
		  "CREATE TRIGGER billing.parent_added AFTER INSERT ON parent BEGIN INSERT INTO log VALUES (new.name); END;\n"
		  "INSERT INTO billing.parent VALUES (1, 'a');\n"
		  "INSERT INTO billing.child VALUES (10, 1);\n",
		  "DROP TABLE billing.log;\nDROP TABLE billing.child;\nDROP TABLE billing.parent;\nDROP SCHEMA billing;\n");
	test_write_migration(p.migs, "0002_20260101000002_rebuild", "0001_20260101000001_billing", true, REBUILD_PARENT("billing."),
		  "SELECT 1;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	/* the trigger is back, in the schema, on the rebuilt table */
	expect_rows(billing, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger'", "parent_added|parent\n");

	/* a row of the schema left without its parent fails the migration: every database's keys are checked */
	test_write_migration(p.migs, "0003_20260101000003_orphan", "0002_20260101000002_rebuild", true,
		  "DELETE FROM billing.parent;\n", "SELECT 1;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "foreign key violation: the row of table \"billing.child\" with rowid 10 references "
				    "a row of \"billing.parent\" that does not exist"), "%s", r.err);
	run_result_release(&r);
	expect_rows(billing, "SELECT count(*) FROM parent", "1\n");
	free(billing);
	sproj_release(&p);
}
END_TEST

/* --- a rebuild that would break a view written by hand fails, naming it ----- */

START_TEST(test_rebuild_that_breaks_a_view_fails)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
			"  <table name=\"t\">\n"
			"    <column name=\"id\" type=\"bigint\"/>\n"
			"    <column name=\"v\" type=\"integer\"/>\n"
			"    <column name=\"w\" type=\"text\"/>\n"
			"    <primary-key columns=\"id\"/>\n"
			"  </table>\n"
			"</models>\n");
	stool_ok(&p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-apply", NULL);
	/* a view made outside the migrations (one a migration makes is part of the recorded state) */
	{
		sqlite3 *h;
		ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "CREATE VIEW t_big AS SELECT id, v FROM t WHERE v > 0;", NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(h);
	}
	write_model(&p, "<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
			"  <table name=\"t\">\n"
			"    <column name=\"id\" type=\"bigint\"/>\n"
			"    <column name=\"w\" type=\"text\"/>\n"
			"    <primary-key columns=\"id\"/>\n"
			"  </table>\n"
			"</models>\n");
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--allow-destructive", "--name", "drop_v", "--timestamp",
		 "20260101000002", NULL);
	{
		/* the review sees the loss, as in the pgsql folder */
		char *m3 = test_path_in(p.dir, "migrations/sqlite/0002_20260101000002_drop_v.sql"), *m3text = test_read_file(m3);
		ck_assert_msg(strstr(m3text, "-- mig:up\n-- destructive: drops column t.v and its data\n"), "%s", m3text);
		free(m3text);
		free(m3);
	}
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "0002_20260101000002_drop_v.sql:") && strstr(r.err, "error in view t_big: no such "
				    "column: v"), "%s", r.err);
	run_result_release(&r);
	/* nothing of it stayed: v is there, the view works */
	expect_rows(p.db, "SELECT count(*) FROM t_big", "0\n");
	sproj_release(&p);
}
END_TEST

/* --- seeds on SQLite: one transaction, foreign keys enforced ------------------ */

START_TEST(test_seeds)
{
	struct sproj p;
	struct run_result r;
	char *seeds, *f1, *f2;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_tables", NULL, true,
		  "CREATE TABLE parent (id integer PRIMARY KEY, name text);\n"
		  "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id) ON DELETE CASCADE);\n",
		  "DROP TABLE child;\nDROP TABLE parent;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	seeds = test_path_in(p.dir, "seeds");
	ck_assert_int_eq(fs_mkdirs(seeds, NULL), 0);
	f1 = test_path_in(p.dir, "seeds/01_parents.sql");
	f2 = test_path_in(p.dir, "seeds/02_children.sql");
	/* a delete cascades, as it does for the application */
	test_write_file(f1, "INSERT OR IGNORE INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'gone');\n"
			    "INSERT INTO child VALUES (30, 3);\n"
			    "DELETE FROM parent WHERE id = 3; -- and its child\n");
	test_write_file(f2, "INSERT INTO child VALUES (10, 1);\nINSERT INTO child VALUES (20, 2)");
	stool(&r, &p, "mig-apply", "--seed", "seeds", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/01_parents.sql (3 statements)\nseeded seeds/02_children.sql (2 statements)\n");
	run_result_release(&r);
	expect_rows(p.db, "SELECT id, parent_id FROM child ORDER BY id", "10|1\n20|2\n");

	/* a failure in the second file: nothing of either stays */
	stool_ok(&p, "mig-apply", "--to", "base", NULL);
	stool_ok(&p, "mig-apply", NULL);
	test_write_file(f2, "INSERT INTO child VALUES (10, 1);\n\nINSERT INTO child VALUES (20, 99);\n");
	stool(&r, &p, "mig-apply", "--seed", "seeds", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "mig-apply: seeds/02_children.sql:3: FOREIGN KEY constraint failed"), "%s", r.err);
	run_result_release(&r);
	expect_rows(p.db, "SELECT count(*) FROM parent", "0\n");

	/* a seed file may not end the transaction: SQLite's compiler finds the COMMIT, whatever the syntax */
	test_write_file(f2, "INSERT OR REPLACE INTO child VALUES (10, 1);\nCOMMIT;\n");
	stool(&r, &p, "mig-apply", "--seed", "seeds", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_msg(strstr(r.err, "mig-apply: seeds/02_children.sql:2: COMMIT: a seed file cannot start or end a "
				    "transaction"), "%s", r.err);
	run_result_release(&r);
	expect_rows(p.db, "SELECT count(*) FROM parent", "0\n");
	free(seeds);
	free(f1);
	free(f2);
	sproj_release(&p);
}
END_TEST

/* --- two branches: a rebuild never loses a column the other branch added ------- */

static void move_file(const struct sproj *p, const char *from, const char *to)
{
	char *a = test_path_in(p->dir, from), *b = test_path_in(p->dir, to);

	ck_assert_msg(rename(a, b) == 0, "%s -> %s: %s", a, b, strerror(errno));
	free(a);
	free(b);
}

START_TEST(test_rebuild_refuses_a_column_it_does_not_know)
{
	struct sproj p;
	struct run_result r;
	sqlite3 *h;
	char *aside = NULL;
	static const char *const files[] = { "migrations/pgsql/0002_20260101000001_a1.sql",
					     "migrations/sqlite/0002_20260101000001_a1.sql",
					     "migrations/state/0002_20260101000001_a1.xml" };

	sproj_init(&p);
	test_rmtree(p.migs);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"item\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"price\" type=\"integer\"/><primary-key columns=\"id\"/></table></models>\n");
	stool_ok(&p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	/* branch A adds a column */
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"item\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"price\" type=\"integer\"/><column name=\"a1\" type=\"text\"/>"
			"<primary-key columns=\"id\"/></table></models>\n");
	stool_ok(&p, "mig-gen", "--name", "a1", "--timestamp", "20260101000001", NULL);
	/* branch B, from the same parent, makes price NOT NULL: a rebuild on SQLite */
	aside = test_path_in(p.dir, "aside");
	ck_assert_int_eq(fs_mkdirs(aside, NULL), 0);
	move_file(&p, files[0], "aside/p.sql");
	move_file(&p, files[1], "aside/s.sql");
	move_file(&p, files[2], "aside/state.xml");
	stool_ok(&p, "mig-gen", "--rehash", NULL);
	write_model(&p, "<models xmlns=\"urn:mig:model:1\"><table name=\"item\"><column name=\"id\" type=\"bigint\"/>"
			"<column name=\"price\" type=\"integer\" nullable=\"false\" default=\"0\"/>"
			"<primary-key columns=\"id\"/></table></models>\n");
	stool_ok(&p, "mig-gen", "--name", "b", "--timestamp", "20260101000002", NULL);
	/* git merges both: two heads */
	move_file(&p, "aside/p.sql", files[0]);
	move_file(&p, "aside/s.sql", files[1]);
	move_file(&p, "aside/state.xml", files[2]);
	stool_ok(&p, "mig-gen", "--rehash", NULL);
	stool_ok(&p, "mig-apply", "--to", "0002_20260101000001_a1", NULL);
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO item VALUES (1, NULL, 'precious')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	/* B's rebuild was written without a1: it stops instead of dropping it */
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "migrations/sqlite/0002_20260101000002_b.sql:9: ") &&
		      strstr(r.err, "CHECK constraint failed: table item has a column this migration does not know "
				    "(another branch's?): rebuilt, it would lose it"), "%s", r.err);
	run_result_release(&r);
	expect_rows(p.db, "SELECT id, price, a1 FROM item", "1|NULL|precious\n");
	free(aside);
	sproj_release(&p);
}
END_TEST

/* --- transaction off: statement by statement, dirty, resumed ------------------ */

START_TEST(test_transaction_off_is_dirty_then_resumes)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_steps", NULL, false,
		  "CREATE TABLE s1 (x integer);\nINSERT INTO nope VALUES (1);\nCREATE TABLE s3 (x integer);\n",
		  "DROP TABLE s3;\nDROP TABLE s1;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "0001_20260101000001_steps.sql:7: no such table: nope"), "%s", r.err);
	run_result_release(&r);
	expect_rows(p.db, "SELECT dirty, operation, progress FROM mig_history", "1|up|1\n");
	expect_tables(&p, "s1");
	/* the status views read the history's state columns: a revision stopped on its way up is pending */
	stool(&r, &p, "mig-heads", "--pending", "--json", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "{\"pending\": [{\"revision\": \"0001_20260101000001_steps\""), "%s", r.out);
	run_result_release(&r);

	test_write_migration(p.migs, "0001_20260101000001_steps", NULL, false,
		  "CREATE TABLE s1 (x integer);\nCREATE TABLE s2 (x integer);\nCREATE TABLE s3 (x integer);\n",
		  "DROP TABLE s3;\nDROP TABLE s2;\nDROP TABLE s1;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", "--allow-changed", NULL);
	expect_rows(p.db, "SELECT dirty, operation IS NULL, progress IS NULL FROM mig_history", "0|1|1\n");
	expect_tables(&p, "s1,s2,s3");
	stool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	sproj_release(&p);
}
END_TEST

/* --- another connection's write lock: --lock-timeout waits, retries, gives up ---- */

START_TEST(test_lock_timeout_retries_then_gives_up)
{
	struct sproj p;
	struct run_result r;
	sqlite3 *h;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_a", NULL, true, "CREATE TABLE a (x integer);\n", "DROP TABLE a;\n");
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	test_write_migration(p.migs, "0002_20260101000002_b", "0001_20260101000001_a", true, "CREATE TABLE b (x integer);\n",
		  "DROP TABLE b;\n");
	rehash(&p);
	/* an application's long transaction */
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN IMMEDIATE; CREATE TABLE app (y integer);", NULL, NULL, NULL), SQLITE_OK);
	stool(&r, &p, "mig-apply", "--lock-timeout", "100", "--progress", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.err, "mig-apply: lock timeout on 0002_20260101000002_b; attempt 2\n") &&
		      strstr(r.err, "mig-apply: error: database is locked (SQLite error 5: SQLITE_BUSY)\n") &&
		      strstr(r.err, "revision 0002_20260101000002_b failed; the database is at 0001_20260101000001_a\n"),
		      "%s", r.err);
	run_result_release(&r);
	ck_assert_int_eq(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	stool_ok(&p, "mig-apply", NULL);
	expect_tables(&p, "a,app,b");
	sproj_release(&p);
}
END_TEST

/* --- concurrent runs: each revision applied once ------------------------------ */

#define NR_SQLITE_RUNNERS 4
#define NR_SQLITE_MIGS 12

START_TEST(test_concurrent_runs_apply_each_revision_once)
{
	struct sproj p;
	struct strbuf up = STRBUF_INIT, want = STRBUF_INIT, rev = STRBUF_INIT, prev = STRBUF_INIT;
	pid_t pids[NR_SQLITE_RUNNERS];

	sproj_init(&p);
	for (int i = 1; i <= NR_SQLITE_MIGS; i++) {
		strbuf_reset(&rev);
		strbuf_addf(&rev, "%04d_20260101%06d_m%d", i, i, i);
		strbuf_reset(&up);
		/* the first one is slow, so that the other runs find the lock taken */
		if (i == 1)
			strbuf_addstr(&up, "CREATE TABLE log (rev text NOT NULL);\n"
					   "CREATE TABLE busy AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
					   "SELECT x + 1 FROM c WHERE x < 300000) SELECT x FROM c;\n");
		strbuf_addf(&up, "INSERT INTO log VALUES ('%s');\n", rev.buf);
		test_write_migration(p.migs, rev.buf, prev.len ? prev.buf : NULL, true, up.buf, "SELECT 1;\n");
		strbuf_addf(&want, "%s\n", rev.buf);
		strbuf_reset(&prev);
		strbuf_add(&prev, rev.buf, rev.len);
	}
	rehash(&p);
	for (int k = 0; k < NR_SQLITE_RUNNERS; k++) {
		const char *const *env = test_clean_env(NULL, NULL);
		char *tool = test_tool_path("mig-apply");
		fflush(NULL);
		pids[k] = fork();
		ck_assert_int_ge(pids[k], 0);
		if (pids[k] == 0) {
			int null = open("/dev/null", O_RDWR);
			char err_file[32];
			int err;
			if (null < 0 || chdir(p.dir) != 0)
				_exit(126);
			/* each run's messages, to show when it fails */
			snprintf(err_file, sizeof(err_file), "run-%d.err", k);
			err = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (err < 0)
				_exit(126);
			dup2(null, 0);
			dup2(null, 1);
			dup2(err, 2);
			for (size_t i = 0; env[i]; i++)
				putenv((char *)env[i]);
			execl(tool, tool, (char *)NULL);
			_exit(127);
		}
		free(tool);
		free((void *)env);
	}
	for (int k = 0; k < NR_SQLITE_RUNNERS; k++) {
		int status;
		while (waitpid(pids[k], &status, 0) < 0)
			ck_assert_int_eq(errno, EINTR);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			char name[32], *text;
			snprintf(name, sizeof(name), "run-%d.err", k);
			text = test_read_in(p.dir, name);
			ck_abort_msg("run %d failed (status %d):\n%s", k, status, text ? text : "");
		}
	}
	expect_rows(p.db, "SELECT rev FROM log ORDER BY rev", want.buf);
	expect_rows(p.db, "SELECT count(*) FROM mig_history", "12\n");
	strbuf_release(&up);
	strbuf_release(&want);
	strbuf_release(&rev);
	strbuf_release(&prev);
	sproj_release(&p);
}
END_TEST

/* --- reading only: --sql and mig-heads create no database --------------------- */

START_TEST(test_sql_and_heads_create_no_database)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_a", NULL, true, "CREATE TABLE a (x integer);\n", "DROP TABLE a;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", "--sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "BEGIN IMMEDIATE;\n") && strstr(r.out, "CREATE TABLE a (x integer);\n") &&
		      strstr(r.out, "PRAGMA foreign_key_check;\nCOMMIT;\n"), "%s", r.out);
	run_result_release(&r);
	stool(&r, &p, "mig-heads", "--pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "0001_20260101000001_a"), "%s", r.out);
	run_result_release(&r);
	ck_assert_msg(!test_file_exists(p.db), "%s was created", p.db);
	sproj_release(&p);
}
END_TEST

/* --- mig-stamp ------------------------------------------------------------------ */

START_TEST(test_stamp_records_without_running)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	test_write_migration(p.migs, "0001_20260101000001_a", NULL, true, "CREATE TABLE a (x integer);\n", "DROP TABLE a;\n");
	test_write_migration(p.migs, "0002_20260101000002_b", "0001_20260101000001_a", true, "CREATE TABLE b (x integer);\n",
		  "DROP TABLE b;\n");
	rehash(&p);
	/* no database yet: a mistyped path must not become one "at" a revision */
	stool(&r, &p, "mig-stamp", "0001", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "mig-stamp: error: sqlite:var/dev.sqlite3 does not exist: mig-stamp records the "
				"revisions of an existing database\n"
				"mig-stamp: hint: check DATABASE_URL; mig-apply creates a database and applies the "
				"migrations\n");
	run_result_release(&r);
	ck_assert(!test_file_exists(p.db));
	/* an existing database, made before mig: table a is there already */
	{
		sqlite3 *h;
		char *var = test_path_in(p.dir, "var");
		ck_assert_int_eq(fs_mkdirs(var, NULL), 0);
		free(var);
		ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE a (x integer)", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	stool(&r, &p, "mig-stamp", "0001", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped 0001_20260101000001_a\n");
	run_result_release(&r);
	expect_tables(&p, "a");
	stool_ok(&p, "mig-apply", NULL);
	expect_tables(&p, "a,b");
	expect_history(&p, "0001_20260101000001_a,0002_20260101000002_b");
	sproj_release(&p);
}
END_TEST

/* --- the wrong folder: PostgreSQL's migrations only ----------------------------- */

START_TEST(test_missing_folders_and_apps_are_errors)
{
	struct sproj p;
	struct run_result r;
	char *pg = NULL;

	sproj_init(&p);
	test_rmtree(p.migs);
	pg = test_path_in(p.dir, "migrations/pgsql");
	ck_assert_int_eq(fs_mkdirs(pg, NULL), 0);
	stool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: migrations/sqlite does not exist: the migrations are written for "
				"PostgreSQL only (migrations/pgsql), and the database is sqlite:var/dev.sqlite3 (nothing "
				"is configured: the embedded default)\n"
				"mig-apply: hint: set DATABASE_URL (or POSTGRES_* variables, or .env) to the PostgreSQL "
				"database; or, to use SQLite too, set DATABASE_URL=sqlite:... and mig-gen starts "
				"migrations/sqlite at the next change of the models\n");
	run_result_release(&r);
	ck_assert(!test_file_exists(p.db));

	/* no folder at all (the wrong directory, a typo in --migrations): not a silent success */
	test_rmtree(pg);
	stool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-heads: error: migrations/sqlite does not exist: there are no migrations here\n"
				"mig-heads: hint: run from the project's directory (or give --migrations); mig-gen writes "
				"the first migration\n");
	run_result_release(&r);

	/* an app none of the migrations belongs to */
	ck_assert_int_eq(fs_mkdirs(p.migs, NULL), 0);
	test_write_migration(p.migs, "0001_20260101000001_a", NULL, true, "CREATE TABLE a (x integer);\n", "DROP TABLE a;\n");
	rehash(&p);
	stool(&r, &p, "mig-apply", "--app", "nosuch", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: no migration in migrations/sqlite belongs to app \"nosuch\"\n"
				"mig-apply: hint: check the name (--app, MIG_APP); mig-gen --app nosuch writes its first "
				"migration\n");
	run_result_release(&r);
	ck_assert(!test_file_exists(p.db));

	/* every migration belongs to an app, and none is named: that app's chain runs (chain.h) */
	test_rmtree(p.migs);
	ck_assert_int_eq(fs_mkdirs(p.migs, NULL), 0);
	{
		char *f = test_path_in(p.dir, "migrations/sqlite/0001_20260101000001_x.sql");
		test_write_file(f, "-- mig:revision 0001_20260101000001_x\n-- mig:parents\n-- mig:message x\n"
				   "-- mig:app x\n-- mig:transaction on\n-- mig:up\nCREATE TABLE x (a integer);\n"
				   "-- mig:down\nDROP TABLE x;\n");
		free(f);
	}
	rehash(&p);
	stool_ok(&p, "mig-apply", NULL);
	expect_tables(&p, "x");
	stool_ok(&p, "mig-apply", "--app", "x", "--to", "base", NULL);
	expect_tables(&p, "");
	stool_ok(&p, "mig-apply", "--app", "x", NULL);
	expect_tables(&p, "x");
	free(pg);
	sproj_release(&p);
}
END_TEST

/* --- mig-gen with nothing configured writes every dialect it can --------------- */

START_TEST(test_gen_every_dialect_it_can)
{
	struct sproj p;
	struct run_result r;
	char *text, *path;

	sproj_init(&p);
	test_rmtree(p.migs);
	/* a foreign key to another schema: PostgreSQL only, said in a note, not an error */
	write_model(&p, "<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
			"  <schema name=\"billing\"/>\n"
			"  <table name=\"item\"><column name=\"id\" type=\"bigint\"/><primary-key columns=\"id\"/></table>\n"
			"  <table name=\"invoice\" schema=\"billing\">\n"
			"    <column name=\"id\" type=\"bigint\"/>\n"
			"    <column name=\"item_id\" type=\"bigint\"/>\n"
			"    <primary-key columns=\"id\"/>\n"
			"    <foreign-key columns=\"item_id\" references=\"public.item\"/>\n"
			"  </table>\n"
			"</models>\n");
	stool(&r, &p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_20260101000000_init.sql\n"
				"migrations/state/0001_20260101000000_init.xml\n");
	ck_assert_str_eq(r.err, "mig-gen: note: migrations/sqlite not written: models/shop.xml:8: foreign key "
				"invoice_item_id_fkey: SQLite cannot reference a table of another schema (another "
				"attached database) (this migration is for the other dialects)\n");
	run_result_release(&r);
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--name", "x", NULL);
	ASSERT_EXIT(r, 2);
	run_result_release(&r);

	/* the foreign key goes; with nothing configured, a project with PostgreSQL migrations stays PostgreSQL's */
	write_model(&p, "<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
			"  <schema name=\"billing\"/>\n"
			"  <table name=\"item\"><column name=\"id\" type=\"bigint\"/><primary-key columns=\"id\"/></table>\n"
			"  <table name=\"invoice\" schema=\"billing\">\n"
			"    <column name=\"id\" type=\"bigint\"/>\n"
			"    <column name=\"item_id\" type=\"bigint\"/>\n"
			"    <primary-key columns=\"id\"/>\n"
			"  </table>\n"
			"</models>\n");
	stool(&r, &p, "mig-gen", "--name", "no_fk", "--timestamp", "20260101000001", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0002_20260101000001_no_fk.sql\n"
				"migrations/state/0002_20260101000001_no_fk.xml\n");
	run_result_release(&r);
	/* configured for SQLite: its folder starts at the next change, with the whole schema, as a root */
	write_model(&p, "<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
			"  <schema name=\"billing\"/>\n"
			"  <table name=\"item\"><column name=\"id\" type=\"bigint\"/><column name=\"name\" type=\"text\"/>"
			"<primary-key columns=\"id\"/></table>\n"
			"  <table name=\"invoice\" schema=\"billing\">\n"
			"    <column name=\"id\" type=\"bigint\"/>\n"
			"    <column name=\"item_id\" type=\"bigint\"/>\n"
			"    <primary-key columns=\"id\"/>\n"
			"  </table>\n"
			"</models>\n");
	{
		const char *const sqlite_url[] = { "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
		stool_env(&r, &p, sqlite_url, "mig-gen", "--name", "name", "--timestamp", "20260101000002", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0003_20260101000002_name.sql\n"
				"migrations/sqlite/0003_20260101000002_name.sql\n"
				"migrations/state/0003_20260101000002_name.xml\n");
	run_result_release(&r);
	path = test_path_in(p.dir, "migrations/sqlite/0003_20260101000002_name.sql");
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "-- mig:parents\n") && strstr(text, "CREATE SCHEMA billing;\n") &&
		      strstr(text, "CREATE TABLE item (\n") && strstr(text, "CREATE TABLE billing.invoice (\n"), "%s", text);
	free(text);
	free(path);
	/* from here on both folders move together, nothing configured or not */
	stool(&r, &p, "mig-gen", "--empty", "--name", "hand", "--timestamp", "20260101000003", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0004_20260101000003_hand.sql\n"
				"migrations/sqlite/0004_20260101000003_hand.sql\n"
				"migrations/state/0004_20260101000003_hand.xml\n");
	run_result_release(&r);
	path = test_path_in(p.dir, "migrations/sqlite/0004_20260101000003_hand.sql");
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "-- mig:parents 0003_20260101000002_name\n"), "%s", text);
	free(text);
	free(path);
	/* the SQLite database starts at the folder's root, with the whole schema */
	stool_ok(&p, "mig-apply", NULL);
	expect_history(&p, "0003_20260101000002_name,0004_20260101000003_hand");
	expect_rows(p.db, "SELECT group_concat(name, ',') FROM pragma_table_info('item')", "id,name\n");
	stool_ok(&p, "mig-check", "--dialect", "sqlite", NULL);
	sproj_release(&p);
}
END_TEST

/* --- mig-gen --rehash: hand-written DDL becomes the recorded state ---------------- */

#define EMPTY_UP "-- Write the up SQL of this migration here.\n"
#define EMPTY_DOWN "-- Write the SQL that undoes it here.\n"

/* Replaces the --empty template of p's file rel by up and down. */
static void hand_write(const struct sproj *p, const char *rel, const char *up, const char *down)
{
	char *path = test_path_in(p->dir, rel), *text = test_read_file(path), *u, *dn;
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(text);
	u = strstr(text, EMPTY_UP);
	dn = strstr(text, EMPTY_DOWN);
	ck_assert_msg(u && dn, "%s", text);
	strbuf_add(&sb, text, (size_t)(u - text));
	strbuf_addstr(&sb, up);
	strbuf_add(&sb, u + strlen(EMPTY_UP), (size_t)(dn - u - strlen(EMPTY_UP)));
	strbuf_addstr(&sb, down);
	strbuf_addstr(&sb, dn + strlen(EMPTY_DOWN));
	test_write_file(path, sb.buf);
	strbuf_release(&sb);
	free(text);
	free(path);
}

/* model_v1 with customer.name renamed full_name and an index on it */
static const char *const model_v1_renamed =
	"<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
	"  <enum name=\"state\"><value>new</value><value>paid</value></enum>\n"
	"  <table name=\"customer\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"full_name\" type=\"varchar(100)\" nullable=\"false\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <index name=\"customer_full_name_idx\" columns=\"full_name\"/>\n"
	"  </table>\n"
	"  <table name=\"orders\">\n"
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	"    <column name=\"customer_id\" type=\"bigint\" nullable=\"false\"/>\n"
	"    <column name=\"state\" type=\"state\" nullable=\"false\" default=\"new\"/>\n"
	"    <column name=\"note\" type=\"text\"/>\n"
	"    <primary-key columns=\"id\"/>\n"
	"    <foreign-key columns=\"customer_id\" references=\"customer\" on-delete=\"cascade\"/>\n"
	"    <index columns=\"customer_id\"/>\n"
	"  </table>\n"
	"</models>\n";

#define HAND_REV "0002_20260101000001_hand"
#define HAND_SQLITE "migrations/sqlite/" HAND_REV ".sql"
#define HAND_PGSQL "migrations/pgsql/" HAND_REV ".sql"

/*
 * Both folders (nothing configured); the SQLite file is written by hand (a
 * rename, an index, a view, a row), the PostgreSQL one left as --empty
 * wrote it: rehash records the effect and writes the PostgreSQL file from it.
 */
START_TEST(test_rehash_records_hand_ddl)
{
	struct sproj p;
	struct run_result r;
	char *path, *text;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-gen", "--empty", "--name", "hand", "--timestamp", "20260101000001", NULL);
	hand_write(&p, HAND_SQLITE,
		   "ALTER TABLE customer RENAME COLUMN name TO full_name;\n"
		   "CREATE INDEX customer_full_name_idx ON customer (full_name);\n"
		   "CREATE VIEW customer_names AS SELECT full_name FROM customer;\n"
		   "INSERT INTO customer (full_name) VALUES ('first');\n",
		   "DROP VIEW customer_names;\nDROP INDEX customer_full_name_idx;\n"
		   "ALTER TABLE customer RENAME COLUMN full_name TO name;\n");
	stool(&r, &p, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/state/" HAND_REV ".xml: recorded the effect of " HAND_SQLITE
				" (column customer.name renamed to full_name; index customer.customer_full_name_idx "
				"added; view customer_names added)\n"
				HAND_PGSQL ": written from the state after " HAND_SQLITE "\n"
				"migrations/pgsql/mig.sum\nmigrations/sqlite/mig.sum\n");
	ck_assert_str_eq(r.err, "mig-gen: note: " HAND_PGSQL ": not carried over from " HAND_SQLITE ":10: INSERT\n");
	run_result_release(&r);
	path = test_path_in(p.dir, HAND_PGSQL);
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "ALTER TABLE customer RENAME COLUMN name TO full_name;\n") &&
		      strstr(text, "CREATE INDEX customer_full_name_idx ON customer (full_name);\n") &&
		      strstr(text, "--   " HAND_SQLITE ":10: INSERT\n"), "%s", text);
	free(text);
	free(path);

	/* the model says the same (the view is recorded, for SQLite): no changes, and every check passes */
	{
		struct strbuf m = STRBUF_INIT;
		strbuf_addstr(&m, model_v1_renamed);
		strbuf_setlen(&m, strstr(m.buf, "</models>") - m.buf);
		strbuf_addstr(&m, "  <view name=\"customer_names\" dialect=\"sqlite\">CREATE VIEW customer_names AS "
			      "SELECT full_name FROM customer</view>\n</models>\n");
		write_model(&p, m.buf);
		strbuf_release(&m);
	}
	stool(&r, &p, "mig-gen", "--name", "again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT full_name FROM customer", "first\n");
	stool_ok(&p, "mig-check", "--dialect", "sqlite", NULL);
	sproj_release(&p);
}
END_TEST

/* A statement SQLite refuses is an error naming file:line; nothing is written. */
START_TEST(test_rehash_refuses_what_it_cannot_read)
{
	struct sproj p;
	struct run_result r;
	char *state_path, *state_before, *sum_path, *sum_before, *state_after, *sum_after;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--empty", "--name", "hand", "--timestamp", "20260101000001",
		 NULL);
	state_path = test_path_in(p.dir, "migrations/state/" HAND_REV ".xml");
	sum_path = test_path_in(p.dir, "migrations/sqlite/mig.sum");
	state_before = test_read_file(state_path);
	sum_before = test_read_file(sum_path);
	hand_write(&p, HAND_SQLITE, "ALTER TABLE customer ADD COLUMN score integer;\nALTER TABLE nope ADD COLUMN x integer;\n",
		   "");
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "mig-gen: " HAND_SQLITE ":8: SQLite refuses the statement: no such table: nope "
				"(SQLite error 1: SQLITE_ERROR)\nmig-gen: hint: fix it and run mig-gen --rehash again (it "
				"was replayed in memory; nothing was written)\n");
	run_result_release(&r);

	/* a statement SQLite does not parse */
	{
		char *path = test_path_in(p.dir, HAND_SQLITE), *text = test_read_file(path), *hit = strstr(text, "ALTER TABLE nope");
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, text, (size_t)(hit - text));
		strbuf_addstr(&sb, "CREATE TABEL t (id integer PRIMARY KEY AUTOINCREMENT);\n");
		strbuf_addstr(&sb, strchr(hit, '\n') + 1);
		test_write_file(path, sb.buf);
		strbuf_release(&sb);
		free(text);
		free(path);
	}
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_msg(strstr(r.err, "mig-gen: " HAND_SQLITE ":8: SQLite refuses the statement: near \"TABEL\": "
				    "syntax error"), "%s", r.err);
	run_result_release(&r);
	state_after = test_read_file(state_path);
	sum_after = test_read_file(sum_path);
	ck_assert_str_eq(state_after, state_before);
	ck_assert_str_eq(sum_after, sum_before);
	free(state_after);
	free(sum_after);
	free(state_before);
	free(sum_before);
	free(state_path);
	free(sum_path);
	sproj_release(&p);
}
END_TEST

/*
 * A table created by hand and renamed in a later hand-written migration: the
 * replay runs the folder's own migrations first, so its unnamed key has the
 * name SQLite gives it after the rename (purchase_pkey), as the database
 * has; the enum of the state survives (SQLite has none of its own).
 */
START_TEST(test_rehash_rename_in_a_later_migration)
{
	struct sproj p;
	struct run_result r;
	char *path, *text;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--empty", "--name", "hand", "--timestamp", "20260101000001",
		 NULL);
	hand_write(&p, HAND_SQLITE, "CREATE TABLE draft (id integer PRIMARY KEY, note text COLLATE NOCASE);\n",
		   "DROP TABLE draft;\n");
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--empty", "--name", "later", "--timestamp", "20260101000002",
		 NULL);
	hand_write(&p, "migrations/sqlite/0003_20260101000002_later.sql", "ALTER TABLE draft RENAME TO purchase;\n",
		   "ALTER TABLE purchase RENAME TO draft;\n");
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/state/0003_20260101000002_later.xml: recorded the effect of "
				"migrations/sqlite/0003_20260101000002_later.sql (table draft dropped; table purchase "
				"added)\nmigrations/sqlite/mig.sum\n");
	run_result_release(&r);
	path = test_path_in(p.dir, "migrations/state/0003_20260101000002_later.xml");
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "<primary-key name=\"purchase_pkey\" columns=\"id\"/>") &&
		      strstr(text, "collation=\"NOCASE\"") && strstr(text, "<enum name=\"state\">"), "%s", text);
	free(text);
	free(path);
	{
		char *v1 = xstrdup(model_v1), *at = strstr(v1, "</models>");
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, v1, (size_t)(at - v1));
		strbuf_addstr(&sb, "  <table name=\"purchase\"><column name=\"id\" type=\"integer\"/><column name=\"note\" "
				   "type=\"text\" collation=\"NOCASE\"/><primary-key columns=\"id\"/></table>\n");
		strbuf_addstr(&sb, at);
		write_model(&p, sb.buf);
		strbuf_release(&sb);
		free(v1);
	}
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--name", "again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	stool_ok(&p, "mig-apply", NULL);
	stool_ok(&p, "mig-check", "--dialect", "sqlite", NULL);
	sproj_release(&p);
}
END_TEST

/*
 * SQLite-only syntax in the SQLite file, the pgsql file still the --empty
 * template: the state is the replay's, the pgsql file is written from it,
 * and the rows are named as not carried over.
 */
START_TEST(test_rehash_sqlite_syntax_fills_the_pgsql_template)
{
	struct sproj p;
	struct run_result r;
	char *path, *text;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-gen", "--empty", "--name", "hand", "--timestamp", "20260101000001", NULL);
	hand_write(&p, HAND_SQLITE,
		   "CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name text NOT NULL);\n"
		   "INSERT OR IGNORE INTO tag (name) VALUES ('first');\n",
		   "DROP TABLE tag;\n");
	stool(&r, &p, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/state/" HAND_REV ".xml: recorded the effect of " HAND_SQLITE
				" (table tag added)\n"
				HAND_PGSQL ": written from the state after " HAND_SQLITE "\n"
				"migrations/pgsql/mig.sum\nmigrations/sqlite/mig.sum\n");
	ck_assert_str_eq(r.err, "mig-gen: note: " HAND_PGSQL ": not carried over from " HAND_SQLITE ":8: INSERT\n");
	run_result_release(&r);
	path = test_path_in(p.dir, HAND_PGSQL);
	text = test_read_file(path);
	ck_assert_msg(strstr(text, "CREATE TABLE tag (\n") && strstr(text, "GENERATED BY DEFAULT AS IDENTITY"), "%s",
		      text);
	free(text);
	free(path);
	{
		char *v1 = xstrdup(model_v1), *at = strstr(v1, "</models>");
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, v1, (size_t)(at - v1));
		strbuf_addstr(&sb, "  <table name=\"tag\"><column name=\"id\" type=\"bigint\" identity=\"by-default\"/>"
				   "<column name=\"name\" type=\"text\" nullable=\"false\"/><primary-key columns=\"id\"/>"
				   "</table>\n");
		strbuf_addstr(&sb, at);
		write_model(&p, sb.buf);
		strbuf_release(&sb);
		free(v1);
	}
	stool(&r, &p, "mig-gen", "--name", "again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT name FROM tag", "first\n");
	stool_ok(&p, "mig-check", "--dialect", "sqlite", NULL);
	sproj_release(&p);
}
END_TEST

/* An edited migration that is not the head: the later states get the same change. */
START_TEST(test_rehash_non_head)
{
	struct sproj p;
	struct run_result r;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--empty", "--name", "hand", "--timestamp", "20260101000001",
		 NULL);
	write_model(&p, model_v2);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "more", "--timestamp", "20260101000002", NULL);
	hand_write(&p, HAND_SQLITE, "CREATE TABLE tag (id bigint PRIMARY KEY, label text);\n", "DROP TABLE tag;\n");
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/state/" HAND_REV ".xml: recorded the effect of " HAND_SQLITE
				" (table tag added)\n"
				"migrations/state/0003_20260101000002_more.xml: carried the change of " HAND_REV "\n"
				"migrations/sqlite/mig.sum\n");
	run_result_release(&r);
	{
		char *v2 = xstrdup(model_v2), *at = strstr(v2, "</models>");
		struct strbuf sb = STRBUF_INIT;
		strbuf_add(&sb, v2, (size_t)(at - v2));
		strbuf_addstr(&sb, "  <table name=\"tag\"><column name=\"id\" type=\"bigint\"/><column name=\"label\" "
				   "type=\"text\"/><primary-key columns=\"id\"/></table>\n");
		strbuf_addstr(&sb, at);
		write_model(&p, sb.buf);
		strbuf_release(&sb);
		free(v2);
	}
	stool(&r, &p, "mig-gen", "--dialect", "sqlite", "--name", "again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	stool_ok(&p, "mig-apply", NULL);
	stool_ok(&p, "mig-check", "--dialect", "sqlite", NULL);
	sproj_release(&p);
}
END_TEST

/* --- mig-check: the sqlite folder replayed in memory ---------------------------- */

START_TEST(test_check_replays_the_sqlite_folder)
{
	struct sproj p;
	struct run_result r;
	char *path;
	char *text;

	sproj_init(&p);
	write_model(&p, model_v1);
	stool_ok(&p, "mig-gen", "--name", "init", "--timestamp", "20260101000000", NULL);
	write_model(&p, model_v2);
	stool_ok(&p, "mig-gen", "--name", "more", "--timestamp", "20260101000001", NULL);

	stool(&r, &p, "mig-check", "--dialect", "sqlite", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "migrations/sqlite: replayed on an in-memory database up, down and up again"),
		      "%s", r.out);
	run_result_release(&r);
	ck_assert(!test_file_exists(p.db));

	/* a down section that forgets the enum's new value: the replay says where */
	path = test_path_in(p.dir, "migrations/sqlite/0002_20260101000001_more.sql");
	text = test_read_file(path);
	{
		char *down = strstr(text, "-- mig:down\n");
		ck_assert_ptr_nonnull(down);
		down[strlen("-- mig:down\n")] = '\0';
	}
	test_write_file(path, text);
	free(text);
	rehash(&p);
	stool(&r, &p, "mig-check", "--dialect", "sqlite", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, "migrations/sqlite/0002_20260101000001_more.sql: its down section does not give "
				    "back the schema before it"), "%s%s", r.out, r.err);
	run_result_release(&r);

	/* an up section edited without recording its effect (only mig.sum rewritten): says where it ran */
	text = test_read_file(path);
	{
		struct strbuf sb = STRBUF_INIT;
		char *down = strstr(text, "-- mig:down\n"), *dir = test_path_in(p.dir, "migrations/sqlite");
		struct diag d = DIAG_INIT;
		strbuf_add(&sb, text, (size_t)(down - text));
		strbuf_addstr(&sb, "CREATE TABLE extra (x integer);\n");
		strbuf_addstr(&sb, down);
		test_write_file(path, sb.buf);
		ck_assert_msg(sumfile_write(dir, &d) == 0, "%s", d.message);
		strbuf_release(&sb);
		free(dir);
	}
	free(text);
	stool(&r, &p, "mig-check", "--dialect", "sqlite", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, "migrations/sqlite/0002_20260101000001_more.sql: replayed on an in-memory database, "
				    "it does not give the recorded state"), "%s%s", r.out, r.err);
	run_result_release(&r);
	free(path);
	sproj_release(&p);
}
END_TEST

/* --- a rebuild checks itself: rows, foreign keys, integrity, or nothing stays ---- */

static const char *const rebuild_model_v1 =
	"<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
	"  <table name=\"p\"><column name=\"id\" type=\"bigint\"/><column name=\"v\" type=\"integer\"/>"
	"<primary-key columns=\"id\"/></table>\n"
	"  <table name=\"c\"><column name=\"id\" type=\"bigint\"/><column name=\"pid\" type=\"bigint\"/>"
	"<column name=\"qty\" type=\"integer\"/><primary-key columns=\"id\"/>"
	"<foreign-key columns=\"pid\" references=\"p (id)\"/></table>\n"
	"</models>\n";

/* p.v made NOT NULL with a check, c.qty widened: both tables rebuilt */
static const char *const rebuild_model_v2 =
	"<models xmlns=\"urn:mig:model:1\" app=\"shop\">\n"
	"  <table name=\"p\"><column name=\"id\" type=\"bigint\"/>"
	"<column name=\"v\" type=\"integer\" nullable=\"false\" default=\"0\"/>"
	"<primary-key columns=\"id\"/><check name=\"p_v_check\" expr=\"v &gt;= 0\"/></table>\n"
	"  <table name=\"c\"><column name=\"id\" type=\"bigint\"/><column name=\"pid\" type=\"bigint\"/>"
	"<column name=\"qty\" type=\"bigint\"/><primary-key columns=\"id\"/>"
	"<foreign-key columns=\"pid\" references=\"p (id)\"/></table>\n"
	"</models>\n";

#define REBUILD_REV "0002_20260101000001_rebuild"
#define REBUILD_FILE "migrations/sqlite/" REBUILD_REV ".sql"

/* Everything a user would look at: the schema, the rows, the history. */
static char *database_state(const struct sproj *p)
{
	static const char *const queries[] = {
		"SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
		"SELECT * FROM p ORDER BY id",
		"SELECT * FROM c ORDER BY id",
		"SELECT revision FROM mig_history ORDER BY revision",
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
		char *got = rows(p->db, queries[i]);
		strbuf_addf(&sb, "%s:\n%s", queries[i], got);
		free(got);
	}
	return strbuf_detach(&sb, NULL);
}

/* The 1-based line of the first line of text after the line after that starts with prefix (0: none). */
static int line_of(const char *text, const char *after, const char *prefix)
{
	int line = 1;
	bool seen = false;

	for (const char *q = text; *q; line++) {
		seen = seen || strncmp(q, after, strlen(after)) == 0;
		if (seen && strncmp(q, prefix, strlen(prefix)) == 0)
			return line;
		q = strchr(q, '\n');
		if (!q)
			break;
		q++;
	}
	return 0;
}

/*
 * The generated migration with edits (from, to, ...; each from there once in the up section),
 * applied: it fails at the check starting with check_prefix of table's
 * rebuild, with message, exit 1, and the database is as it was.
 */
static void expect_rebuild_fails(const struct sproj *p, const char *generated, const char *const *edits,
				 const char *table, const char *check_prefix, const char *message)
{
	char *path = test_path_in(p->dir, REBUILD_FILE), *before, *after;
	struct strbuf text = STRBUF_INIT, want = STRBUF_INIT, start = STRBUF_INIT;
	struct run_result r;
	int line;

	strbuf_addstr(&text, generated);
	for (size_t i = 0; edits[i]; i += 2) {
		char *at = strstr(text.buf, edits[i]), *down = strstr(text.buf, "-- mig:down\n");
		char *again = at ? strstr(at + 1, edits[i]) : NULL;
		/* the up section's */
		ck_assert_msg(at && down && at < down && (!again || again > down), "%s: not there once in the up section",
			      edits[i]);
		struct strbuf edited = STRBUF_INIT;
		strbuf_add(&edited, text.buf, (size_t)(at - text.buf));
		strbuf_addstr(&edited, edits[i + 1]);
		strbuf_addstr(&edited, at + strlen(edits[i]));
		strbuf_release(&text);
		text = edited;
	}
	test_write_file(path, text.buf);
	/* --rehash replays the edited file in memory: its checks pass there (no rows) */
	rehash(p);
	before = database_state(p);
	stool(&r, p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	strbuf_addf(&start, "-- rebuild of table %s:", table);
	line = line_of(text.buf, start.buf, check_prefix);
	ck_assert_msg(line > 0, "%s: not in\n%s", check_prefix, text.buf);
	strbuf_addf(&want, "mig-apply: " REBUILD_FILE ":%d: CHECK constraint failed: %s (SQLite error 275: "
			   "SQLITE_CONSTRAINT_CHECK)\n"
			   "mig-apply: revision " REBUILD_REV " failed; the database is at 0001_20260101000000_init\n",
		    line, message);
	ck_assert_msg(strstr(r.err, want.buf), "want:\n%s\ngot:\n%s", want.buf, r.err);
	run_result_release(&r);
	after = database_state(p);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	free(path);
	strbuf_release(&text);
	strbuf_release(&want);
	strbuf_release(&start);
}

/* The statements between "-- mig:up" and "-- mig:down" of a migration's text (owned). */
static char *up_section(const char *text)
{
	const char *up = strstr(text, "-- mig:up\n"), *down = strstr(text, "-- mig:down\n");

	ck_assert(up && down && down > up);
	return xstrndup(up, (size_t)(down - up));
}

/* Runs sql on the database as the sqlite3 shell would, in one transaction; "" or SQLite's message. */
static char *run_like_the_shell(const char *db, bool foreign_keys, const char *sql)
{
	struct strbuf out = STRBUF_INIT;
	char *msg = NULL;
	sqlite3 *h;

	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, foreign_keys ? "PRAGMA foreign_keys = ON; BEGIN" : "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		strbuf_addstr(&out, msg ? msg : "?");
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	} else {
		ck_assert_int_eq(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	}
	sqlite3_free(msg);
	sqlite3_close(h);
	return strbuf_detach(&out, NULL);
}

START_TEST(test_rebuild_checks_rows_keys_and_integrity)
{
	struct sproj p;
	struct run_result r;
	char *path, *generated, *up, *got, *before;
	static const char *const lose_a_row[] = { "SELECT id, coalesce(v, 0) FROM p;",
						  "SELECT id, coalesce(v, 0) FROM p WHERE id > 1;", NULL };
	static const char *const copy_a_row_twice[] = {
		"SELECT id, coalesce(v, 0) FROM p;",
		"SELECT id, coalesce(v, 0) FROM p UNION ALL SELECT id + 100, 0 FROM p WHERE id = 1;", NULL };
	/* as many rows, other ids: c's rows lose their parents */
	static const char *const move_the_parents[] = { "SELECT id, coalesce(v, 0) FROM p;",
							"SELECT id + 100, coalesce(v, 0) FROM p;", NULL };
	static const char *const move_the_keys[] = { "SELECT id, pid, qty FROM c;", "SELECT id, pid + 100, qty FROM c;",
						     NULL };
	/* rows that fail the new table's check, copied with checks ignored, which are on again after */
	static const char *const break_the_check[] = {
		"INSERT INTO p_mig_new (id, v)\n    SELECT id, coalesce(v, 0) FROM p;\n",
		"PRAGMA ignore_check_constraints = ON;\n"
		"INSERT INTO p_mig_new (id, v)\n    SELECT id, coalesce(v, 0) - 10 FROM p;\n"
		"PRAGMA ignore_check_constraints = OFF;\n", NULL };

	sproj_init(&p);
	write_model(&p, rebuild_model_v1);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "init", "--timestamp", "20260101000000", NULL);
	stool_ok(&p, "mig-apply", NULL);
	{
		sqlite3 *h;
		ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h, "INSERT INTO p VALUES (1, NULL), (2, 5);"
						 "INSERT INTO c VALUES (10, 1, 3), (11, 2, NULL), (12, NULL, 1);",
					      NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	write_model(&p, rebuild_model_v2);
	stool_ok(&p, "mig-gen", "--dialect", "sqlite", "--name", "rebuild", "--timestamp", "20260101000001", NULL);
	path = test_path_in(p.dir, REBUILD_FILE);
	generated = test_read_file(path);

	expect_rebuild_fails(&p, generated, lose_a_row, "p", "UPDATE mig_rebuild SET rows_after", "rebuild of \"p\" lost rows");
	expect_rebuild_fails(&p, generated, copy_a_row_twice, "p", "UPDATE mig_rebuild SET rows_after",
			     "rebuild of \"p\" added rows");
	expect_rebuild_fails(&p, generated, move_the_parents, "p", "UPDATE mig_rebuild SET fk_to",
			     "rebuild of \"p\" broke a foreign key to \"p\"");
	expect_rebuild_fails(&p, generated, move_the_keys, "c", "UPDATE mig_rebuild SET fk_of",
			     "rebuild of \"c\" broke a foreign key of \"c\"");
	expect_rebuild_fails(&p, generated, break_the_check, "p", "UPDATE mig_rebuild SET integrity",
			     "rebuild of \"p\" fails PRAGMA integrity_check");

	/* the sqlite3 shell runs the same SQL: with foreign keys on, DROP TABLE would delete (and cascade) */
	up = up_section(generated);
	before = database_state(&p);
	got = run_like_the_shell(p.db, true, up);
	ck_assert_str_eq(got, "CHECK constraint failed: rebuild of \"c\" needs PRAGMA foreign_keys = OFF");
	free(got);
	got = database_state(&p);
	ck_assert_str_eq(got, before);
	free(got);
	free(before);

	/* as generated, the rebuild passes its checks: in mig-apply, down, and up again */
	test_write_file(path, generated);
	rehash(&p);
	stool(&r, &p, "mig-apply", "--sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "UPDATE mig_rebuild SET integrity = (SELECT group_concat(integrity_check, '; ') "
				    "FROM pragma_integrity_check('p', 'main'));\n"), "%s", r.out);
	run_result_release(&r);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT p.id, p.v, c.id, c.qty FROM p LEFT JOIN c ON c.pid = p.id ORDER BY p.id, c.id",
		    "1|0|10|3\n2|5|11|NULL\n");
	stool_ok(&p, "mig-apply", "--to", "-1", NULL);
	stool_ok(&p, "mig-apply", NULL);
	expect_rows(p.db, "SELECT count(*) FROM p", "2\n");
	expect_rows(p.db, "SELECT count(*) FROM c", "3\n");
	/* and in the shell, foreign keys off, no temporary table left behind */
	stool_ok(&p, "mig-apply", "--to", "-1", NULL);
	got = run_like_the_shell(p.db, false, up);
	ck_assert_str_eq(got, "");
	free(got);
	expect_rows(p.db, "SELECT v FROM p ORDER BY id", "0\n5\n");
	free(up);
	free(generated);
	free(path);
	sproj_release(&p);
}
END_TEST

Suite *sqlite_apply_suite(void)
{
	Suite *s = suite_create("sqlite_apply");
	TCase *tc = tcase_create("sqlite");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_embedded_default_whole_cycle);
	tcase_add_test(tc, test_failure_names_file_line_and_leaves_nothing);
	tcase_add_test(tc, test_fill_values_are_typed);
	tcase_add_test(tc, test_functions_sqlite_lacks);
	tcase_add_test(tc, test_foreign_key_violation_is_refused);
	tcase_add_test(tc, test_commit_inside_a_migration_is_refused);
	tcase_add_test(tc, test_schemas_are_files_that_follow_the_transaction);
	tcase_add_test(tc, test_trigger_bodies_and_quotes_split_by_sqlite);
	tcase_add_test(tc, test_rebuild_keeps_triggers_and_views);
	tcase_add_test(tc, test_rebuild_after_foreign_keys_turned_on);
	tcase_add_test(tc, test_seeds);
	tcase_add_test(tc, test_rebuild_that_breaks_a_view_fails);
	tcase_add_test(tc, test_rebuild_refuses_a_column_it_does_not_know);
	tcase_add_test(tc, test_schema_tables_keep_triggers_and_keys);
	tcase_add_test(tc, test_transaction_off_is_dirty_then_resumes);
	tcase_add_test(tc, test_concurrent_runs_apply_each_revision_once);
	tcase_add_test(tc, test_lock_timeout_retries_then_gives_up);
	tcase_add_test(tc, test_sql_and_heads_create_no_database);
	tcase_add_test(tc, test_stamp_records_without_running);
	tcase_add_test(tc, test_missing_folders_and_apps_are_errors);
	tcase_add_test(tc, test_check_replays_the_sqlite_folder);
	tcase_add_test(tc, test_gen_every_dialect_it_can);
	tcase_add_test(tc, test_rehash_records_hand_ddl);
	tcase_add_test(tc, test_rehash_refuses_what_it_cannot_read);
	tcase_add_test(tc, test_rehash_non_head);
	tcase_add_test(tc, test_rehash_rename_in_a_later_migration);
	tcase_add_test(tc, test_rehash_sqlite_syntax_fills_the_pgsql_template);
	tcase_add_test(tc, test_rebuild_checks_rows_keys_and_integrity);
	suite_add_tcase(s, tc);
	return s;
}

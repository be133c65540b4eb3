/* The make suite: hand-written DDL becomes part of the recorded state (issue 10, item 3). */
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

/* --- hand-written DDL becomes part of the recorded state (issue 10, item 3) ----------- */

#define SCORE "    <column name=\"score\" type=\"integer\"/>\n"

/* A hand edit of an empty migration, and the same change in the models. */
struct hand_case {
	const char *up, *down;             /* the up and down sections written by hand */
	const char *customer_extra, *more; /* the models afterwards (write_models()) */
	const char *models;                /* or the whole models/shop.xml */
	const char *changes;               /* rehash's summary of the change; NULL: no schema change */
	const char *err;                   /* what rehash says on stderr */
};

static const struct hand_case score_case = {
	"ALTER TABLE customer ADD COLUMN score integer;\n", "ALTER TABLE customer DROP COLUMN score;\n", SCORE, "",
	NULL, "column customer.score added", "",
};

/*
 * The user's flow through make, on a project configured for dialect dl
 * (extra: its environment): db-init, db-migrate-empty, a hand edit,
 * db-rehash, the same change in the models, then "no changes" and a
 * passing check-migrations.
 */
static void hand_ddl_flow(struct proj *p, const char *dl, const char *const *extra, const struct hand_case *c)
{
	struct run_result r;
	struct strbuf rel = STRBUF_INIT, want = STRBUF_INIT;
	const char *env_at1[4] = { AT1, NULL, NULL, NULL };

	for (size_t i = 0; extra && extra[i]; i++)
		env_at1[i + 1] = extra[i];
	V1(p);
	{
		const char *env_at0[4] = { AT0, extra ? extra[0] : NULL, extra && extra[0] ? extra[1] : NULL, NULL };
		mk_ok(p, env_at0, "db-init", NULL);
	}
	mk(&r, p, env_at1, "db-migrate-empty", "name=x", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_addf(&rel, "migrations/%s/0002_20260101010000_x.sql", dl);
	edit(p, rel.buf, "-- Write the up SQL of this migration here.\n", c->up);
	edit(p, rel.buf, "-- Write the SQL that undoes it here.\n", c->down);
	mk(&r, p, extra, "db-rehash", NULL);
	ASSERT_EXIT(r, 0);
	if (c->changes)
		strbuf_addf(&want, "migrations/state/0002_20260101010000_x.xml: recorded the effect of %s (%s)\n",
			    rel.buf, c->changes);
	strbuf_addf(&want, "migrations/%s/mig.sum\n", dl);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, c->err);
	run_result_release(&r);
	if (c->models)
		test_write_in(p->dir, "models/shop.xml", c->models);
	else
		write_models(p, c->customer_extra, c->more);
	mk(&r, p, env_at1, "db-migrate", "name=y", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	ck_assert_uint_eq(test_count_in(p->dir, "migrations/state", ".xml"), 2);
	mk_ok(p, extra, "db-upgrade", NULL);
	mk(&r, p, extra, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "each step as recorded") && strstr(r.out, "models: no change that the migrations lack"),
		      "%s%s", r.out, r.err);
	run_result_release(&r);
	strbuf_release(&rel);
	strbuf_release(&want);
}

START_TEST(test_hand_ddl_recorded_pgsql)
{
	struct proj p;

	mproj_init(&p, "mig_make_hand_ddl");
	hand_ddl_flow(&p, "pgsql", NULL, &score_case);
	ck_assert(!test_exists_in(p.dir, "migrations/sqlite"));
	mproj_release(&p);
}
END_TEST

/*
 * A function, a trigger and a view written by hand (issue 12, item 6):
 * recorded as model objects, so that the models declaring the same
 * objects need no migration, and mig-check's replay agrees. Written as
 * PostgreSQL prints them back: mig-check compares the recorded SQL with
 * mig-inspect's, statement by statement.
 */
#define TOUCH_FN                                                                                           \
	"CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND\n$$"
#define TOUCH_TRIGGER "CREATE TRIGGER customer_touch BEFORE UPDATE ON public.customer FOR EACH ROW EXECUTE FUNCTION touch()"
#define EMAILS_VIEW "CREATE VIEW public.customer_emails AS SELECT customer.id, customer.email FROM customer"

static const struct hand_case objects_case = {
	TOUCH_FN ";\n" TOUCH_TRIGGER ";\n" EMAILS_VIEW ";\n",
	"DROP VIEW customer_emails;\nDROP TRIGGER customer_touch ON customer;\nDROP FUNCTION touch();\n", "",
	"  <function name=\"touch()\">\n" TOUCH_FN "\n  </function>\n"
	"  <trigger name=\"customer_touch\" table=\"customer\">\n" TOUCH_TRIGGER "\n  </trigger>\n"
	"  <view name=\"customer_emails\">\n" EMAILS_VIEW "\n  </view>\n",
	NULL, "function touch() created; trigger customer_touch on customer created; view customer_emails created", "",
};

START_TEST(test_hand_ddl_objects_recorded_pgsql)
{
	struct proj p;

	mproj_init(&p, "mig_make_hand_ddl_objects");
	hand_ddl_flow(&p, "pgsql", NULL, &objects_case);
	mproj_release(&p);
}
END_TEST

#define X_SQLITE "migrations/sqlite/0002_20260101010000_x.sql"

/*
 * SQLite's hand-written SQL is read by SQLite (replayed in memory): its own
 * syntax works, what it holds is recorded (issue 10 item 3, D2 and D3).
 */
static const struct hand_case sqlite_cases[] = {
	/* ADD COLUMN */
	{ "ALTER TABLE customer ADD COLUMN score integer;\n", "ALTER TABLE customer DROP COLUMN score;\n", SCORE, "",
	  NULL, "column customer.score added", "" },
	/* AUTOINCREMENT: a bigint identity, as SQLite's rowid is */
	{ "CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name text NOT NULL);\n", "DROP TABLE tag;\n", "",
	  "  <table name=\"tag\">\n    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	  "    <column name=\"name\" type=\"text\" nullable=\"false\"/>\n    <primary-key columns=\"id\"/>\n  </table>\n",
	  NULL, "table tag added", "" },
	/* rows only: they run in the replay and change no schema */
	{ "INSERT OR IGNORE INTO customer (email) VALUES ('first@example.com');\n",
	  "DELETE FROM customer WHERE email = 'first@example.com';\n", "", "", NULL, NULL, "" },
	/* a collation as SQLite spells it */
	{ "ALTER TABLE customer ADD COLUMN nick text COLLATE NOCASE;\n", "ALTER TABLE customer DROP COLUMN nick;\n",
	  "    <column name=\"nick\" type=\"text\" collation=\"NOCASE\"/>\n", "", NULL, "column customer.nick added", "" },
	/* a table renamed after it was created: the name (and its key's) SQLite holds */
	{ "CREATE TABLE draft (id integer PRIMARY KEY, note text);\nALTER TABLE draft RENAME TO purchase;\n",
	  "DROP TABLE purchase;\n", "",
	  "  <table name=\"purchase\">\n    <column name=\"id\" type=\"integer\"/>\n"
	  "    <column name=\"note\" type=\"text\"/>\n    <primary-key columns=\"id\"/>\n  </table>\n",
	  NULL, "table purchase added", "" },
	/* CREATE INDEX */
	{ "CREATE INDEX customer_created_idx ON customer (created_at);\n", "DROP INDEX customer_created_idx;\n",
	  "    <index name=\"customer_created_idx\" columns=\"created_at\"/>\n", "", NULL,
	  "index customer.customer_created_idx added", "" },
	/* DROP COLUMN */
	{ "ALTER TABLE customer ADD COLUMN a text;\nALTER TABLE customer ADD COLUMN b text;\n"
	  "ALTER TABLE customer DROP COLUMN a;\n", "ALTER TABLE customer DROP COLUMN b;\n",
	  "    <column name=\"b\" type=\"text\"/>\n", "", NULL, "column customer.b added", "" },
	/* a view: recorded as SQLite keeps it, SQLite's own */
	{ "CREATE VIEW customer_emails AS SELECT email FROM customer;\n", "DROP VIEW customer_emails;\n", "",
	  "  <view name=\"customer_emails\" dialect=\"sqlite\">CREATE VIEW customer_emails AS SELECT email FROM "
	  "customer</view>\n", NULL, "view customer_emails added", "" },
};

START_TEST(test_hand_ddl_recorded_sqlite)
{
	struct proj p;
	const char *const env[] = { "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };

	mproj_init(&p, "mig_make_hand_ddl_sqlite");
	hand_ddl_flow(&p, "sqlite", env, &sqlite_cases[_i]);
	ck_assert(!test_exists_in(p.dir, "migrations/pgsql"));
	mproj_release(&p);
}
END_TEST

/*
 * A project that started on SQLite and configures PostgreSQL later (issue
 * 10, item 7): the pgsql folder gets every revision of the sqlite folder,
 * the same ids, written from the recorded states; a row inserted by hand
 * is named, not carried; PostgreSQL reaches head and reads back as the
 * models.
 */
START_TEST(test_late_pgsql_folder_has_the_history)
{
	struct proj p;
	struct run_result r;
	const char *const lite0[] = { AT0, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const lite1[] = { AT1, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const lite2[] = { AT2, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const pg3[] = { AT3, NULL };
	char *text;

	mproj_init(&p, "mig_make_late_pgsql");
	V1(&p);
	mk_ok(&p, lite0, "db-init", NULL);
	mk_ok(&p, lite1, "db-migrate-empty", "name=data");
	edit(&p, "migrations/sqlite/0002_20260101010000_data.sql", "-- Write the up SQL of this migration here.\n",
	     "INSERT INTO customer (email) VALUES ('first@example.com');\n");
	mk_ok(&p, lite1 + 1, "db-rehash", NULL);
	V2(&p);
	mk_ok(&p, lite2, "db-migrate", "name=add_phone");
	ck_assert(!test_exists_in(p.dir, "migrations/pgsql"));

	/* PostgreSQL configured: the next change writes its folder's whole history, then the change */
	V3(&p);
	mk(&r, &p, pg3, "db-migrate", "name=products", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, PGSQL "0001_20260101000000_init.sql\n" PGSQL "0002_20260101010000_data.sql\n"
				PGSQL "0003_20260101020000_add_phone.sql\n" PGSQL "0004_20260101030000_products.sql\n"
				"migrations/sqlite/0004_20260101030000_products.sql\n"
				"migrations/state/0004_20260101030000_products.xml\n");
	ck_assert_str_eq(r.err, "mig-gen: note: migrations/pgsql: not carried over: "
				"migrations/sqlite/0002_20260101010000_data.sql:7: INSERT\n");
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL "0003_20260101020000_add_phone.sql");
	ck_assert_msg(strstr(text, "-- mig:parents 0002_20260101010000_data\n") &&
		      strstr(text, "ALTER TABLE customer ADD COLUMN phone varchar(40);\n"), "%s", text);
	free(text);
	text = test_read_in(p.dir, PGSQL "0002_20260101010000_data.sql");
	ck_assert_msg(strstr(text, "--   migrations/sqlite/0002_20260101010000_data.sql:7: INSERT\n"), "%s", text);
	free(text);

	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_history(&p.db, R_INIT ",0002_20260101010000_data,0003_20260101020000_add_phone,"
			      "0004_20260101030000_products");
	/* what PostgreSQL holds reads back as the models: mig-gen finds no change against it */
	mtool(&r, &p, "mig-inspect", NULL);
	ASSERT_EXIT(r, 0);
	{
		char *dir = test_path_in(p.dir, "inspected");
		ck_assert_int_eq(fs_mkdirs(dir, NULL), 0);
		free(dir);
	}
	test_write_in(p.dir, "inspected/db.xml", r.out);
	run_result_release(&r);
	mtool(&r, &p, "mig-gen", "--models", "inspected", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

void make_add_hand_ddl_tests(TCase *tc)
{
	tcase_add_test(tc, test_hand_ddl_recorded_pgsql);
	tcase_add_test(tc, test_hand_ddl_objects_recorded_pgsql);
	tcase_add_loop_test(tc, test_hand_ddl_recorded_sqlite, 0, (int)(sizeof(sqlite_cases) / sizeof(*sqlite_cases)));
	tcase_add_test(tc, test_late_pgsql_folder_has_the_history);
}

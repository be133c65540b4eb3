/*
 * The make suite: check-migrations names each problem (models ahead, two
 * heads, edited files, the sum file, SQL that does not parse, a desync, a
 * broken down, a live database pending or dirty), adopting an existing
 * database, and the repository's own migrations.
 */
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

/* --- 4. check-migrations ------------------------------------------------------------ */

/* The environment of an offline check: no database, a server for the scratch database. */
struct scratch_env {
	char *url;             /* "MIG_SCRATCH_URL=<the harness's server>" */
	const char *env[3];
};

static const char *const *scratch_env(struct scratch_env *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "MIG_SCRATCH_URL=%s", test_pg_url());
	s->url = strbuf_detach(&sb, NULL);
	s->env[0] = "DATABASE_URL";
	s->env[1] = s->url;
	s->env[2] = NULL;
	return s->env;
}

/* An offline check of p (DATABASE_URL unset, MIG_SCRATCH_URL the harness's server) fails with want. */
static void expect_offline_check_fails(struct proj *p, const char *want, int count);

/* make check-migrations fails: exactly the problem lines want, and the count. */
/* text as make check-migrations shows it: the advice names the make targets (MIG_MAKE=1) */
static char *as_under_make(const char *text)
{
	static const char *const pairs[][2] = {
		{ "mig-gen --check", "make db-check-models" },
		{ "mig-gen --merge", "make db-merge" },
		{ "mig-gen --rehash", "make db-rehash" },
	};
	struct strbuf sb = STRBUF_INIT;

	for (const char *t = text; *t;) {
		size_t i, n = sizeof(pairs) / sizeof(pairs[0]);
		for (i = 0; i < n && strncmp(t, pairs[i][0], strlen(pairs[i][0])) != 0; i++)
			;
		if (i < n) {
			strbuf_addstr(&sb, pairs[i][1]);
			t += strlen(pairs[i][0]);
		} else {
			strbuf_addch(&sb, *t++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void expect_check_fails(struct proj *p, const char *const *env, const char *want, int count)
{
	struct run_result r;
	struct strbuf sum = STRBUF_INIT;
	char *want_make = as_under_make(want);

	mk(&r, p, env, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ck_assert_str_eq(r.out, want_make);
	free(want_make);
	strbuf_addf(&sum, "mig-check: %d problem%s\n", count, count == 1 ? "" : "s");
	{
		char *line = first_line(r.err);
		ck_assert_str_eq(line, sum.buf);
		free(line);
	}
	run_result_release(&r);
	expect_no_scratch_database(p);

	/* the same from mig-check itself, whose own status is 1 */
	{
		char *path = test_tool_path("mig-check");
		const char *const argv[] = { path, NULL };
		vrun_argv(&r, p, env, argv);
		free(path);
	}
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, want);
	ck_assert_str_eq(r.err, sum.buf);
	run_result_release(&r);
	strbuf_release(&sum);
	expect_no_scratch_database(p);
}

static void expect_offline_check_fails(struct proj *p, const char *want, int count)
{
	struct scratch_env s;

	expect_check_fails(p, scratch_env(&s), want, count);
	free(s.url);
}

#define CHECK_OK                                                                                   \
	"mig-check: ok\n"                                                                          \
	"  migrations/pgsql: the sum file matches, 3 migrations parse, 1 head\n"                   \
	"  migrations/pgsql: replayed on a scratch database up, down and up again, each step as recorded\n"

START_TEST(test_check_passes)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const nothing[] = { "DATABASE_URL", NULL };

	struct scratch_env scratch;

	mproj_init(&p, "mig_make_check_ok");
	shop_chain(&p);
	mk(&r, &p, scratch_env(&scratch), "check-migrations", NULL);
	free(scratch.url);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, CHECK_OK "  models: no change that the migrations lack\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* with the database at head: it is checked too, and the scratch database is on its server */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, CHECK_OK "  %s: nothing pending, nothing dirty\n"
			   "  models: no change that the migrations lack\n", p.db.url);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* no server to replay on: a gate does not pass what it could not check */
	expect_check_fails(&p, nothing, "migrations/pgsql: no PostgreSQL server to replay the migrations on: "
					"set DATABASE_URL, or MIG_SCRATCH_URL for a server of its own\n", 1);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* (a) a model change without its migration */
START_TEST(test_check_models_ahead)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_ahead");
	shop_chain(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <column name=\"price\" type=\"numeric(10,2)\"/>\n" PRODUCT_END);
	expect_offline_check_fails(&p, "models: the models are ahead of the migrations by 1 change "
					      "(mig-gen writes the migration; mig-gen --check lists them)\n", 1);
	/* db-check-models, the models alone, says the same */
	{
		struct run_result r;
		mk(&r, &p, NULL, "db-check-models", NULL);
		expect_make_failed(&r, "db-check-models", 1);
		ASSERT_CONTAINS(r.out, "price");
		run_result_release(&r);
	}
	mproj_release(&p);
}
END_TEST

/* (b) two heads */
START_TEST(test_check_two_heads)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_heads");
	two_heads(&p);
	expect_offline_check_fails(&p, "migrations/pgsql: 2 heads (" R_LEFT ", " R_RIGHT "): join them "
					      "with mig-gen --merge\n", 1);
	mproj_release(&p);
}
END_TEST

/* (c) a migration edited after it was written, without mig-gen --rehash */
START_TEST(test_check_edited_without_rehash)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_edited");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "varchar(40)", "varchar(50)");
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: " R_PHONE ".sql was edited after the sum "
					      "file was written\n", 1);
	mproj_release(&p);
}
END_TEST

/* (d) the sum file edited by hand (its own hash no longer matches) */
START_TEST(test_check_sum_file_edited)
{
	struct proj p;
	char *sum;

	mproj_init(&p, "mig_make_check_sum");
	shop_chain(&p);
	sum = test_read_in(p.dir, PGSQL "mig.sum");
	ck_assert_msg(strncmp(sum, "h1:", 3) == 0, "%s", sum);
	sum[3] = sum[3] == 'A' ? 'B' : 'A';
	test_write_in(p.dir, PGSQL "mig.sum", sum);
	free(sum);
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: the sum file was edited by hand\n", 1);
	mproj_release(&p);
}
END_TEST

/* (d) a migration deleted: the sum file still lists it */
START_TEST(test_check_migration_missing)
{
	struct proj p;
	char *path;

	mproj_init(&p, "mig_make_check_missing");
	shop_chain(&p);
	path = test_path_in(p.dir, PGSQL R_PROD ".sql");
	ck_assert_int_eq(unlink(path), 0);
	free(path);
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: " R_PROD ".sql is in the sum file but "
					      "missing from the folder\n", 1);
	mproj_release(&p);
}
END_TEST

/* (e) SQL that does not parse, found offline, with its file and line */
START_TEST(test_check_sql_does_not_parse)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	mproj_init(&p, "mig_make_check_parse");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "ALTER TABLE customer ADD", "ALTER TABEL customer ADD");
	rehash_sum_only(&p);
	strbuf_addf(&want, PGSQL R_PHONE ".sql:%d: syntax error at or near \"TABEL\" (the up section does not parse)\n",
		    line_of(&p, PGSQL R_PHONE ".sql", "ALTER TABEL"));
	/* no server is needed to find it */
	{
		const char *const offline[] = { "DATABASE_URL", "MIG_SCRATCH_URL=postgresql://127.0.0.1:1/none", NULL };
		expect_check_fails(&p, offline, want.buf, 1);
	}
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* (f) hand-edited SQL that no longer gives the recorded state, rehashed: the replay finds it */
START_TEST(test_check_desync)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_desync");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "ADD COLUMN phone varchar(40)", "ADD COLUMN phone varchar(50)");
	rehash_sum_only(&p);
	expect_offline_check_fails(&p,
			   PGSQL R_PHONE ".sql: replayed on a scratch database, it does not give the recorded state "
			   "(migrations/state/" R_PHONE ".xml); recorded vs database: table \"customer\": "
			   "column \"phone\": type varchar(40) vs varchar(50)\n", 1);
	mproj_release(&p);
}
END_TEST

/* (f2) a statement the server refuses with a hint: the problem's line carries the hint */
START_TEST(test_check_failure_hint)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_hint");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "ADD COLUMN phone varchar(40);\n",
	     "ADD COLUMN phone varchar(40);\nSELECT mig_no_such_function(1);\n");
	rehash_sum_only(&p);
	expect_offline_check_fails(&p,
			   PGSQL R_PHONE ".sql:8: function mig_no_such_function(integer) does not exist (SQLSTATE 42883) "
			   "(replaying the migrations on a scratch database) (hint: No function matches the given name "
			   "and argument types. You might need to add explicit type casts.)\n", 1);
	mproj_release(&p);
}
END_TEST

/* (g) a down section that forgets a column: down does not give back the schema before it */
START_TEST(test_check_broken_down)
{
	struct proj p;

	mproj_init(&p, "mig_make_check_down");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "-- mig:down\n-- destructive: drops column customer.phone and its data\nALTER TABLE customer DROP COLUMN phone;\n", "-- mig:down\n");
	rehash_sum_only(&p);
	expect_offline_check_fails(&p,
			   PGSQL R_PHONE ".sql: its down section does not give back the schema before it "
			   "(migrations/state/" R_INIT ".xml); recorded vs database: table \"customer\": "
			   "column \"phone\" is not expected\n", 1);
	mproj_release(&p);
}
END_TEST

/* (h) the configured database: pending migrations */
START_TEST(test_check_live_pending)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	mproj_init(&p, "mig_make_check_pending");
	shop_chain(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_INIT);
	strbuf_addf(&want, "%s: 2 pending migrations in migrations/pgsql: " R_PHONE ", " R_PROD
			   " (mig-apply applies them)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 1);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/*
 * (h) the configured database: a dirty revision. Two indexes built
 * CONCURRENTLY (a DBA's hand edit, rehashed) outside a transaction; the
 * second one's name is taken on the live database, so the run stops after
 * the first statement and leaves the dirty mark.
 */
#define R_IDX "0004_20260101030000_indexes"

START_TEST(test_check_live_dirty)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at3[] = { AT3, NULL };

	mproj_init(&p, "mig_make_check_dirty");
	shop_chain(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <primary-key columns=\"id\"/>\n"
				"    <index columns=\"name\"/>\n    <index columns=\"sku\"/>\n  </table>\n");
	mk(&r, &p, at3, "db-migrate", "name=indexes", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	edit(&p, PGSQL R_IDX ".sql", "-- mig:transaction on", "-- mig:transaction off");
	edit(&p, PGSQL R_IDX ".sql", "CREATE INDEX product_name_idx", "CREATE INDEX CONCURRENTLY product_name_idx");
	edit(&p, PGSQL R_IDX ".sql", "CREATE INDEX product_sku_idx", "CREATE INDEX CONCURRENTLY product_sku_idx");
	rehash_sum_only(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PROD);
	pgtest_exec(&p.db, "CREATE TABLE product_sku_idx (x int)");
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "relation \"product_sku_idx\" already exists (SQLSTATE 42P07)\n");
	run_result_release(&r);

	strbuf_addf(&want, "%s: revision " R_IDX " is dirty: its up stopped after 1 statement (fix the cause and "
			   "run mig-apply, or finish it by hand and mig-stamp)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 1);

	/* the cause fixed, the migration resumed: the gate passes */
	pgtest_exec(&p.db, "DROP TABLE product_sku_idx");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_no_scratch_database(&p);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* (i) several problems at once: every one listed, in one run */
START_TEST(test_check_lists_every_problem)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	mproj_init(&p, "mig_make_check_many");
	shop_chain(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PHONE);
	/* a desync, rehashed; a model change without its migration; and the database behind */
	edit(&p, PGSQL R_PROD ".sql", "sku varchar(40)", "sku varchar(60)");
	rehash_sum_only(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <column name=\"price\" type=\"numeric(10,2)\"/>\n"
				"    <column name=\"stock\" type=\"integer\"/>\n" PRODUCT_END);
	strbuf_addf(&want,
		    PGSQL R_PROD ".sql: replayed on a scratch database, it does not give the recorded state "
		    "(migrations/state/" R_PROD ".xml); recorded vs database: table \"product\": column \"sku\": type varchar(40) vs varchar(60)\n"
		    "%s: 1 pending migration in migrations/pgsql: " R_PROD " (mig-apply applies them)\n"
		    "models: the models are ahead of the migrations by 2 changes (mig-gen writes the migration; "
		    "mig-gen --check lists them)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 3);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* README's "Adopting an existing database": inspect it, a first migration, stamp it, and the gate passes */
START_TEST(test_adopt_existing_database)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	mproj_init(&p, "mig_make_adopt");
	pgtest_exec(&p.db,
		    "CREATE TYPE state AS ENUM ('new', 'paid', 'shipped');\n"
		    "CREATE TABLE account (id serial PRIMARY KEY, email text NOT NULL UNIQUE,\n"
		    "  created timestamptz NOT NULL DEFAULT now());\n"
		    "CREATE TABLE invoice (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
		    "  account_id int NOT NULL REFERENCES account ON DELETE CASCADE,\n"
		    "  state state NOT NULL DEFAULT 'new', amount numeric(10,2) CHECK (amount >= 0));\n"
		    "CREATE INDEX invoice_open_idx ON invoice (account_id) WHERE state <> 'shipped';\n"
		    "INSERT INTO account (email) VALUES ('ann@example.com');\n");
	mk(&r, &p, NULL, "db-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	test_write_in(p.dir, "models/legacy.xml", r.out);
	run_result_release(&r);
	migrate(&p, "init", AT0, R_INIT);
	mk(&r, &p, NULL, "db-stamp", "to=head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_INIT "\n");
	run_result_release(&r);

	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-check: ok\n"
			   "  migrations/pgsql: the sum file matches, 1 migration parses, 1 head\n"
			   "  migrations/pgsql: replayed on a scratch database up, down and up again, each step as "
			   "recorded\n"
			   "  %s: nothing pending, nothing dirty\n"
			   "  models: no change that the migrations lack\n", p.db.url);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* from here on, as usual; the rows were never touched */
	edit(&p, "models/legacy.xml", "<column name=\"email\" type=\"text\" nullable=\"false\"/>\n",
	     "<column name=\"email\" type=\"text\" nullable=\"false\"/>\n    <column name=\"phone\" type=\"text\"/>\n");
	migrate(&p, "next", AT1, "0002_20260101010000_next");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_columns(&p.db, "account", "id,email,created,phone");
	pgtest_expect_value(&p.db, "SELECT email FROM account", "ann@example.com");
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* --- 5. the repository's own migrations ------------------------------------------------ */

START_TEST(test_check_own_migrations)
{
	struct proj p;
	struct run_result r;
	struct scratch_env scratch;
	char *tree = test_tree_dir(), *bin;

	mproj_init(&p, "mig_make_check_own");
	bin = xstrdup(p.bin_env);
	/*
	 * make -C tree, with the tools under test (MIG_BIN on the command line
	 * wins over the tree's own setting) and none rebuilt (MIG_TOOL_DEPS=).
	 */
	{
		const char *const argv[] = { "make", "-s", "--no-print-directory", "-C", tree, "check-migrations", bin,
					     "MIG_TOOL_DEPS=", NULL };
		const char **env = mproj_env(&p, scratch_env(&scratch));
		run_argv(&r, NULL, env, argv);
		free(env);
		free(scratch.url);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "mig-check: ok\n  migrations/pgsql: the sum file matches, ", 56) == 0, "%s",
		      r.out);
	/* both dialect folders: pgsql on the scratch server, sqlite in memory */
	ASSERT_CONTAINS(r.out, "  migrations/pgsql: replayed on a scratch database up, down and up again, each step "
			       "as recorded\n");
	ASSERT_CONTAINS(r.out, "  migrations/sqlite: the sum file matches, ");
	ASSERT_CONTAINS(r.out, "  migrations/sqlite: replayed on an in-memory database up, down and up again, each step "
			       "as recorded\n  models: no change that the migrations lack\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_no_scratch_database(&p);
	free(tree);
	free(bin);
	mproj_release(&p);
}
END_TEST

void make_add_check_tests(TCase *tc)
{
	tcase_add_test(tc, test_check_passes);
	tcase_add_test(tc, test_check_models_ahead);
	tcase_add_test(tc, test_check_two_heads);
	tcase_add_test(tc, test_check_edited_without_rehash);
	tcase_add_test(tc, test_check_sum_file_edited);
	tcase_add_test(tc, test_check_migration_missing);
	tcase_add_test(tc, test_check_sql_does_not_parse);
	tcase_add_test(tc, test_check_desync);
	tcase_add_test(tc, test_check_failure_hint);
	tcase_add_test(tc, test_check_broken_down);
	tcase_add_test(tc, test_check_live_pending);
	tcase_add_test(tc, test_check_live_dirty);
	tcase_add_test(tc, test_check_lists_every_problem);
	tcase_add_test(tc, test_adopt_existing_database);
	tcase_add_test(tc, test_check_own_migrations);
}

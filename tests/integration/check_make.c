/*
 * The make interface (mk/mig.mk) and the justfile as a user meets them, on
 * the harness's PostgreSQL: each test builds a project of its own in a
 * temporary directory (a Makefile that includes the tree's mk/mig.mk, a
 * small shop model with a foreign key, seeds/, a copy of the justfile),
 * runs `make db-...` and `just db-...` there with DATABASE_URL naming a
 * database of its own, and checks what a user would: the files written,
 * the tables and rows in the database, the exact lines printed, the exit
 * statuses, and that check-migrations names each problem.
 *
 * make runs with MIG_BIN naming the directory of the tools under test
 * (build/san/bin under SANITIZE=1), so that mk/mig.mk uses exactly those;
 * one test leaves MIG_BIN unset, where mk/mig.mk builds and uses the
 * tree's own bin/. Revision times are fixed with SOURCE_DATE_EPOCH, so
 * file names are exact.
 *
 * This file: the db-* targets and the README's quickstart; the suite's
 * other cases are in check_make_*.c (make_test.h).
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

/* --- 1. the db-* targets ------------------------------------------------------- */

START_TEST(test_init_migrate_upgrade_downgrade_stamp)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at1[] = { AT1, NULL }, *const at2[] = { AT2, NULL };
	char *text;

	mproj_init(&p, "mig_make_targets");
	V1(&p);

	/* db-migrate without a name: its usage, nothing written */
	mk(&r, &p, NULL, "db-migrate", NULL);
	expect_usage(&r, "db-migrate", "usage: make db-migrate name=NAME (or UPDATE_MESSAGE=...)");
	run_result_release(&r);
	ck_assert(!test_exists_in(p.dir, "migrations"));

	/* db-init on an empty database: the first migration, written and applied */
	{
		const char *const at0[] = { AT0, NULL };
		mk(&r, &p, at0, "db-init", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT));
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	ASSERT_CONTAINS(r.err, "; now at " R_INIT "\n");
	run_result_release(&r);
	ck_assert(test_exists_in(p.dir, PGSQL "mig.sum"));
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT);
	pgtest_expect_value(&p.db, "SELECT confrelid::regclass::text || ' ' || confdeltype::text FROM pg_constraint "
			    "WHERE conrelid = 'orders'::regclass AND contype = 'f'", "customer c");

	/* a model change: db-migrate name=... writes it, slug from the name, message kept */
	V2(&p);
	mk(&r, &p, at1, "db-migrate", "name=Add phone!", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_PHONE));
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL R_PHONE ".sql");
	ASSERT_CONTAINS(text, "-- mig:revision " R_PHONE "\n-- mig:parents " R_INIT "\n-- mig:message Add phone!\n");
	ASSERT_CONTAINS(text, "-- mig:up\nALTER TABLE customer ADD COLUMN phone varchar(40);\n"
			      "-- mig:down\n-- destructive: drops column customer.phone and its data\nALTER TABLE customer DROP COLUMN phone;\n");
	free(text);
	pgtest_expect_history(&p.db, R_INIT);

	/* db-pending: what is pending, and a failure while anything is (a CI gate) */
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	ASSERT_CONTAINS(r.err, "mig-heads: error: 1 migration is pending\n");
	run_result_release(&r);

	/* db-sql: the SQL of the upgrade, and nothing changes */
	mk(&r, &p, NULL, "db-sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	{
		static const char head[] = "-- " R_PHONE " (up)\nBEGIN;\nALTER TABLE customer ADD COLUMN phone "
					   "varchar(40);\nINSERT INTO mig_history ";
		ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "%s", r.out);
	}
	ASSERT_CONTAINS(r.out, "COMMIT;\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT);
	expect_columns(&p.db, "customer", "id,email,created_at");

	/* db-upgrade */
	mk(&r, &p, NULL, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);
	expect_columns(&p.db, "customer", "id,email,created_at,phone");

	/* db-current, db-heads */
	mk(&r, &p, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	run_result_release(&r);

	/* a third revision; db-history shows each, applied or pending */
	V3(&p);
	mk(&r, &p, at2, "db-migrate", "name=products", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_PROD));
	run_result_release(&r);
	mk(&r, &p, NULL, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	{
		size_t w = strlen(R_PHONE); /* the longest revision */
		strbuf_reset(&want);
		strbuf_addf(&want, "%-*s%-32s%-18s%s\n", (int)w + 2, "REVISION", "APPLIED AT", "DURATION", "MESSAGE");
		ck_assert_msg(strncmp(r.out, want.buf, want.len) == 0, "%s", r.out);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s", (int)w + 2, R_INIT);
		ASSERT_CONTAINS(r.out, want.buf);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s", (int)w + 2, R_PHONE);
		ASSERT_CONTAINS(r.out, want.buf);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s%-50s%s\n", (int)w + 2, R_PROD, "pending", "products");
		ASSERT_CONTAINS(r.out, want.buf);
	}
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "customer,orders,product");
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* db-downgrade: one step */
	mk(&r, &p, NULL, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: undid 1 migration in ");
	ASSERT_CONTAINS(r.err, "; now at " R_PHONE "\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);

	/* to=REV (a unique prefix of it), up and down */
	mk_ok(&p, NULL, "db-downgrade", "to=0001");
	pgtest_expect_history(&p.db, R_INIT);
	expect_columns(&p.db, "customer", "id,email,created_at");
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PHONE);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);
	pgtest_expect_tables(&p.db, "customer,orders");

	/* to=base: every down */
	mk(&r, &p, NULL, "db-downgrade", "to=base", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: undid 2 migrations in ");
	ASSERT_CONTAINS(r.err, "; now at base\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "");
	pgtest_expect_history(&p.db, "");

	/* db-stamp without rev=: its usage, and make's status 2 */
	mk(&r, &p, NULL, "db-stamp", NULL);
	expect_usage(&r, "db-stamp", "usage: make db-stamp to=REV (or head, base)");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");

	/* db-stamp rev=...: recorded without running SQL; the upgrade runs only the rest */
	mk(&r, &p, NULL, "db-stamp", "to=" R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_INIT "\nstamped " R_PHONE "\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);
	pgtest_expect_tables(&p.db, "");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "product");
	mk(&r, &p, NULL, "db-stamp", "to=base", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "unstamped " R_INIT "\nunstamped " R_PHONE "\nunstamped " R_PROD "\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");
	pgtest_expect_tables(&p.db, "product");
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/* db-update (seeds/000's one-shot): a migration named UPDATE_MESSAGE when the models changed, then upgrade. */
START_TEST(test_update)
{
	struct proj p;
	struct run_result r;
	const char *const at0[] = { AT0, NULL };
	const char *const msg[] = { AT1, "UPDATE_MESSAGE=Add phone numbers", NULL };
	const char *const again[] = { AT2, "UPDATE_MESSAGE=nothing new", NULL };
	char *text;

	mproj_init(&p, "mig_make_update");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);
	V2(&p);
	mk(&r, &p, msg, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	ASSERT_CONTAINS(r.err, "; now at 0002_20260101010000_add_phone_numbers\n");
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL "0002_20260101010000_add_phone_numbers.sql");
	ASSERT_CONTAINS(text, "\n-- mig:message Add phone numbers\n");
	free(text);
	pgtest_expect_history(&p.db, R_INIT ",0002_20260101010000_add_phone_numbers");
	expect_columns(&p.db, "customer", "id,email,created_at,phone");

	/* no model change: nothing written, and still an upgrade (here, of the revision undone) */
	mk_ok(&p, NULL, "db-downgrade", NULL);
	pgtest_expect_history(&p.db, R_INIT);
	mk(&r, &p, again, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 2);
	pgtest_expect_history(&p.db, R_INIT ",0002_20260101010000_add_phone_numbers");
	mk(&r, &p, again, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	ASSERT_CONTAINS(r.err, "mig-apply: nothing to do; at 0002_20260101010000_add_phone_numbers\n");
	run_result_release(&r);
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 2);

	/* db-inspect: the live database as a model */
	mk(&r, &p, NULL, "db-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "    <column name=\"phone\" type=\"varchar(40)\"/>\n");
	ASSERT_CONTAINS(r.out, "<foreign-key name=\"orders_customer_id_fkey\" columns=\"customer_id\" "
			       "references=\"customer (id)\" on-delete=\"cascade\"/>\n");
	run_result_release(&r);

	/* db-migrate-empty: its usage without a name; with one, a migration to fill in by hand */
	mk(&r, &p, NULL, "db-migrate-empty", NULL);
	expect_usage(&r, "db-migrate-empty", "usage: make db-migrate-empty name=NAME");
	run_result_release(&r);
	mk(&r, &p, again, "db-migrate-empty", "name=backfill totals", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0003_20260101020000_backfill_totals"));
	run_result_release(&r);
	text = test_read_in(p.dir, PGSQL "0003_20260101020000_backfill_totals.sql");
	ASSERT_CONTAINS(text, "-- mig:message backfill totals\n");
	free(text);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, "0003_20260101020000_backfill_totals    backfill totals\n");
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/* db-seed: the SQL files of seeds/ in name order, in one transaction. */
START_TEST(test_seed)
{
	struct proj p;
	struct run_result r;
	const char *const at0[] = { AT0, NULL };
	char *line;
	int bad;

	mproj_init(&p, "mig_make_seed");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);

	/* nothing to seed */
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 2);
	line = first_line(r.err);
	ck_assert_str_eq(line, "mig-apply: error: seeds: no seed files (*.sql) to run\n");
	free(line);
	run_result_release(&r);

	test_write_in(p.dir, "seeds/001_customers.sql",
		   "-- the test customers\n"
		   "INSERT INTO customer (email) VALUES ('ann@example.com');\n"
		   "INSERT INTO customer (email) VALUES ('bob@example.com');\n");
	test_write_in(p.dir, "seeds/002_orders.sql",
		   "INSERT INTO orders (customer_id, total)\n"
		   "  SELECT id, 12.50 FROM customer WHERE email = 'ann@example.com';\n"
		   "INSERT INTO orders (customer_id, total) VALUES (999999, 1);\n");
	bad = line_of(&p, "seeds/002_orders.sql", "999999");

	/* the second file fails: the first file's rows are gone with it */
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 1);
	{
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "mig-apply: seeds/002_orders.sql:%d: insert or update on table \"orders\" violates "
				   "foreign key constraint \"orders_customer_id_fkey\" (SQLSTATE 23503)\n", bad);
		line = first_line(r.err);
		ck_assert_str_eq(line, want.buf);
		free(line);
		strbuf_release(&want);
	}
	ASSERT_CONTAINS(r.err, "mig-apply: hint: nothing was seeded: the files run in one transaction\n");
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM customer", "0");
	pgtest_expect_value(&p.db, "SELECT count(*) FROM orders", "0");

	/* fixed: every file, in name order */
	edit(&p, "seeds/002_orders.sql", "VALUES (999999, 1)",
	     "SELECT id, 3 FROM customer WHERE email = 'bob@example.com'");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_customers.sql (2 statements)\n"
				"seeded seeds/002_orders.sql (2 statements)\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT string_agg(c.email || '=' || o.total, ',' ORDER BY c.email) FROM orders o "
			    "JOIN customer c ON c.id = o.customer_id", "ann@example.com=12.50,bob@example.com=3.00");

	/* a seed file that would commit on its own is refused before anything runs */
	mk_ok(&p, NULL, "db-downgrade", "to=base");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	test_write_in(p.dir, "seeds/001_customers.sql",
		   "BEGIN;\nINSERT INTO customer (email) VALUES ('ann@example.com');\nCOMMIT;\n");
	edit(&p, "seeds/002_orders.sql", "'bob@example.com'", "'nobody' AND 1/0 = 1");
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 2);
	line = first_line(r.err);
	ck_assert_str_eq(line, "mig-apply: seeds/001_customers.sql:1: BEGIN: a seed file cannot start or end a "
			       "transaction\n");
	free(line);
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM customer", "0");

	/* MIG_SEEDS: another folder */
	{
		const char *const other[] = { "MIG_SEEDS=db/dev seeds", NULL };
		char *dir = test_path_in(p.dir, "db/dev seeds");
		ck_assert_int_eq(fs_mkdirs(dir, NULL), 0);
		free(dir);
		test_write_in(p.dir, "db/dev seeds/only.sql", "INSERT INTO customer (email) VALUES ('dev@example.com');\n");
		mk(&r, &p, other, "db-seed", NULL);
		ASSERT_EXIT(r, 0);
		ck_assert_str_eq(r.out, "seeded db/dev seeds/only.sql (1 statement)\n");
		run_result_release(&r);
		pgtest_expect_value(&p.db, "SELECT string_agg(email, ',') FROM customer", "dev@example.com");
	}
	mproj_release(&p);
}
END_TEST

/* pg_restore -l of a backup (the harness's pg_restore): its table of contents. */
static char *restore_list(const struct proj *p, const char *rel)
{
	const char *pgbin = getenv("MIG_TEST_PG_BIN");
	struct strbuf prog = STRBUF_INIT;
	struct run_result r;
	char *path = test_path_in(p->dir, rel);

	ck_assert_msg(pgbin && *pgbin, "MIG_TEST_PG_BIN is not set: run the suite through tests/pg-harness.sh");
	strbuf_addf(&prog, "%s/pg_restore", pgbin);
	{
		const char *const argv[] = { prog.buf, "-l", path, NULL };
		run_argv(&r, NULL, NULL, argv);
	}
	ck_assert_msg(r.status == 0, "pg_restore -l %s: %s", path, r.err);
	free(r.err);
	free(path);
	strbuf_release(&prog);
	return r.out;
}

/*
 * The path a backup of database db was written to, from mig-backup's
 * output line: backups/<db>-YYYYMMDDTHHMMSSZ[-N].dump. Returns it (caller
 * frees), without the newline.
 */
static char *backup_path(const char *line, const char *db)
{
	struct strbuf prefix = STRBUF_INIT;
	const char *s;
	size_t n = strcspn(line, "\n");

	strbuf_addf(&prefix, "backups/%s-", db);
	ck_assert_msg(strncmp(line, prefix.buf, prefix.len) == 0, "not a backup of %s: %s", db, line);
	s = line + prefix.len;
	for (int i = 0; i < 16; i++) {
		bool ok = i == 8 ? s[i] == 'T' : i == 15 ? s[i] == 'Z' : (s[i] >= '0' && s[i] <= '9');
		ck_assert_msg(ok, "not a UTC time in %s", line);
	}
	s += 16;
	if (*s == '-')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	ck_assert_msg(strncmp(s, ".dump\n", 6) == 0, "not a .dump: %s", line);
	strbuf_release(&prefix);
	return xstrndup(line, n);
}

START_TEST(test_backup)
{
	struct proj p;
	struct run_result r;
	struct strbuf pg_dump = STRBUF_INIT;
	const char *pgbin = getenv("MIG_TEST_PG_BIN");
	const char *at0[] = { AT0, NULL, NULL }, *at1[] = { AT1, NULL }, *env[] = { NULL, NULL, NULL };
	char *first, *second, *third, *toc;

	ck_assert_msg(pgbin && *pgbin, "MIG_TEST_PG_BIN is not set: run the suite through tests/pg-harness.sh");
	/* the server's own pg_dump, so that the versions match whatever PATH holds */
	strbuf_addf(&pg_dump, "MIG_PG_DUMP=%s/pg_dump", pgbin);
	at0[1] = pg_dump.buf;
	env[0] = pg_dump.buf;
	mproj_init(&p, "mig_make_backup");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);
	pgtest_exec(&p.db, "INSERT INTO customer (email) VALUES ('ann@example.com')");

	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	first = backup_path(r.out, "mig_make_backup");
	ck_assert_uint_eq(strlen(r.out), strlen(first) + 1);
	run_result_release(&r);
	toc = restore_list(&p, first);
	ASSERT_CONTAINS(toc, " TABLE public customer ");
	ASSERT_CONTAINS(toc, " TABLE DATA public customer ");
	ASSERT_CONTAINS(toc, " TABLE public orders ");
	ASSERT_CONTAINS(toc, " TABLE public mig_history ");
	free(toc);

	/* a second one at once: a file of its own, never over the first */
	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	second = backup_path(r.out, "mig_make_backup");
	ck_assert_str_ne(second, first);
	run_result_release(&r);
	ck_assert(test_exists_in(p.dir, first));
	ck_assert(test_exists_in(p.dir, second));

	/* MIG_BACKUP=1 make db-upgrade: a backup, then the upgrade (the backup lacks the new table) */
	V3(&p);
	mk_ok(&p, at1, "db-update", NULL);
	mk_ok(&p, NULL, "db-downgrade", NULL);
	pgtest_expect_tables(&p.db, "customer,orders");
	env[1] = "MIG_BACKUP=1";
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	third = backup_path(r.out, "mig_make_backup");
	ck_assert_str_ne(third, first);
	ck_assert_str_ne(third, second);
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders,product");
	toc = restore_list(&p, third);
	ASSERT_CONTAINS(toc, " TABLE public customer ");
	ASSERT_LACKS(toc, " TABLE public product ");
	free(toc);
	ck_assert_uint_eq(test_count_in(p.dir, "backups", ".dump"), 3);

	/* no backup, no upgrade */
	mk_ok(&p, NULL, "db-downgrade", NULL);
	{
		const char *const broken[] = { "MIG_PG_DUMP=/nonexistent/pg_dump", "MIG_BACKUP=1", NULL };
		mk(&r, &p, broken, "db-upgrade", NULL);
	}
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "mig-backup: error: cannot run /nonexistent/pg_dump: No such file or directory\n");
	ASSERT_LACKS(r.err, "mig-apply");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders");
	ck_assert_uint_eq(test_count_in(p.dir, "backups", ".dump"), 3);
	free(first);
	free(second);
	free(third);
	strbuf_release(&pg_dump);
	mproj_release(&p);
}
END_TEST

START_TEST(test_graph_and_merge)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at3[] = { AT3, NULL };
	const char *const quoted[] = { "MIG_GRAPH=docs/the team's graph", NULL };
	bool have_dot = system("command -v dot >/dev/null 2>&1") == 0;
	char *dot;

	mproj_init(&p, "mig_make_graph");
	two_heads(&p);

	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	test_heads_line(&want, R_LEFT, "left", strlen(R_RIGHT));
	test_heads_line(&want, R_RIGHT, "right", strlen(R_RIGHT));
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_tables(&p.db, "customer,orders,product");

	/* db-graph: the DOT file; SVG and PNG only with Graphviz, which may be absent */
	mk(&r, &p, NULL, "db-graph", NULL);
	ASSERT_EXIT(r, 0);
	if (have_dot) {
		ck_assert_str_eq(r.out, "migrations-graph.dot\nmigrations-graph.svg\nmigrations-graph.png\n");
		ck_assert(test_exists_in(p.dir, "migrations-graph.svg"));
		ck_assert(test_exists_in(p.dir, "migrations-graph.png"));
	} else {
		ck_assert_str_eq(r.out, "migrations-graph.dot\n");
		ck_assert_str_eq(r.err, "db-graph: Graphviz (dot) is not installed: only the DOT file was written\n");
		ck_assert(!test_exists_in(p.dir, "migrations-graph.svg"));
	}
	run_result_release(&r);
	dot = test_read_in(p.dir, "migrations-graph.dot");
	ck_assert_msg(strncmp(dot, "digraph migrations {\n", 21) == 0, "%s", dot);
	ASSERT_CONTAINS(dot, "  \"" R_LEFT "\" [label=\"" R_LEFT "\\nleft\", style=\"rounded,filled\", "
			     "fillcolor=\"#c6efce\", penwidth=2];\n");
	ASSERT_CONTAINS(dot, "  \"" R_RIGHT "\" -> \"" R_INIT "\";\n");
	free(dot);

	/* db-merge joins the two heads */
	mk(&r, &p, at3, "db-merge", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_MERGE));
	run_result_release(&r);
	dot = test_read_in(p.dir, PGSQL R_MERGE ".sql");
	ASSERT_CONTAINS(dot, "-- mig:parents " R_LEFT " " R_RIGHT "\n");
	free(dot);
	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_MERGE "  merge\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-merge", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "nothing to merge: one head (" R_MERGE ")\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_history(&p.db, R_INIT "," R_LEFT "," R_RIGHT "," R_MERGE);

	/* MIG_GRAPH elsewhere, its folder made, a quote in the name kept */
	mk(&r, &p, quoted, "db-graph", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "docs/the team's graph.dot\n", 26) == 0, "%s", r.out);
	run_result_release(&r);
	dot = test_read_in(p.dir, "docs/the team's graph.dot");
	ASSERT_CONTAINS(dot, "  \"" R_MERGE "\" [label=\"" R_MERGE "\\nmerge\", style=\"rounded,filled\", "
			     "fillcolor=\"#c6efce\", penwidth=2];\n");
	free(dot);

	/* a folder mig-heads refuses: no DOT file is left behind */
	test_write_in(p.dir, PGSQL "0004_20260101040000_bad.sql", "not a migration\n");
	mk(&r, &p, NULL, "db-graph", NULL);
	expect_make_failed(&r, "db-graph", 1);
	run_result_release(&r);
	ck_assert(!test_exists_in(p.dir, "migrations-graph.dot.tmp"));
	dot = test_read_in(p.dir, "migrations-graph.dot");
	ASSERT_CONTAINS(dot, "\"" R_LEFT "\"");
	free(dot);
	strbuf_release(&want);
	mproj_release(&p);
}
END_TEST

/*
 * MIG_BIN unset, the Makefile including the tree's mk/mig.mk: the tools
 * are the tree's bin/, built first by the mig-tools prerequisite (`make -C
 * tree`; built already, so it does nothing).
 */
START_TEST(test_tools_are_prerequisites)
{
	struct proj p;
	struct run_result r;
	const char *const no_bin[] = { "MIG_BIN", AT0, NULL };

	mproj_init(&p, "mig_make_prereq");
	V1(&p);
	mk(&r, &p, no_bin, "mig-tools", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);

	mk(&r, &p, no_bin, "db-init", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT));
	ASSERT_CONTAINS(r.err, "; now at " R_INIT "\n");
	run_result_release(&r);
	pgtest_expect_tables(&p.db, "customer,orders");
	pgtest_expect_history(&p.db, R_INIT);
	mk(&r, &p, no_bin, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_INIT "  init\n");
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/* --- 6. the README's quickstart: nothing configured, the embedded SQLite database ------- */

/* The user tables of SQLite database file path, "a,b" in name order. */
static char *sqlite_tables(const char *path)
{
	struct strbuf out = STRBUF_INIT;
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	ck_assert_msg(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "%s", path);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
					       "LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&out, "%s%s", out.len ? "," : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return strbuf_detach(&out, NULL);
}

START_TEST(test_quickstart_embedded_sqlite)
{
	struct proj p;
	struct run_result r;
	struct strbuf sb = STRBUF_INIT;
	char *tree = test_tree_dir(), *tables, *db;

	/* a copy of the example application (models and committed migrations), no database configured */
	memset(&p, 0, sizeof(p));
	proj_files(&p);
	p.bin_env = test_bin_env();
	{
		strbuf_addf(&sb, "%s/models", tree);
		struct strbuf mig = STRBUF_INIT;
		strbuf_addf(&mig, "%s/migrations", tree);
		const char *const argv[] = { "cp", "-R", sb.buf, mig.buf, p.dir, NULL };
		vrun_argv(&r, &p, NULL, argv);
		ASSERT_EXIT(r, 0);
		run_result_release(&r);
		strbuf_release(&mig);
		strbuf_reset(&sb);
	}
	mk(&r, &p, NULL, "db-init", "db-history", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "no changes\nREVISION ", 20) == 0, "%s", r.out);
	ASSERT_CONTAINS(r.out, "\n0001_20261122000000_init  2");
	run_result_release(&r);
	db = test_path_in(p.dir, "var/dev.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "account,mig_history,project,project_member,project_milestone");
	free(tables);
	free(db);
	db = test_path_in(p.dir, "var/dev.files.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "file,folder");
	free(tables);
	free(db);

	/* without the committed migrations, the same command writes both folders, one revision id */
	{
		char *migs = test_path_in(p.dir, "migrations"), *var = test_path_in(p.dir, "var");
		test_rmtree(migs);
		test_rmtree(var);
		free(migs);
		free(var);
	}
	{
		const char *const epoch[] = { "SOURCE_DATE_EPOCH=1767225600", NULL };
		mk(&r, &p, epoch, "db-init", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_20260101000000_init.sql\n"
				"migrations/sqlite/0001_20260101000000_init.sql\n"
				"migrations/state/0001_20260101000000_init.xml\n");
	run_result_release(&r);
	ck_assert(test_exists_in(p.dir, "migrations/pgsql/mig.sum") && test_exists_in(p.dir, "migrations/sqlite/mig.sum"));
	db = test_path_in(p.dir, "var/dev.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "account,mig_history,project,project_member,project_milestone");
	free(tables);
	free(db);

	test_rmtree(p.dir);
	free(p.dir);
	free(p.bin_env);
	free(tree);
	strbuf_release(&sb);
}
END_TEST

void make_add_core_tests(TCase *tc)
{
	tcase_add_test(tc, test_init_migrate_upgrade_downgrade_stamp);
	tcase_add_test(tc, test_quickstart_embedded_sqlite);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_backup);
	tcase_add_test(tc, test_graph_and_merge);
	tcase_add_test(tc, test_tools_are_prerequisites);
}

Suite *make_suite(void)
{
	Suite *s = suite_create("make");
	TCase *tc = tcase_create("pgsql");

	/* make, the tools and PostgreSQL: a few seconds each, longer under the sanitizers */
	tcase_set_timeout(tc, 300);
	make_add_core_tests(tc);
	make_add_fleet_tests(tc);
	make_add_just_tests(tc);
	make_add_hand_ddl_tests(tc);
	make_add_check_tests(tc);
	suite_add_tcase(s, tc);

	/* issue 10: the seeds' workflows without traps */
	tc = tcase_create("workflows");
	tcase_set_timeout(tc, 300);
	make_add_workflows_tests(tc);
	suite_add_tcase(s, tc);

	/* apps and their chains (chain.h) */
	tc = tcase_create("apps");
	tcase_set_timeout(tc, 300);
	make_add_apps_tests(tc);
	suite_add_tcase(s, tc);
	return s;
}

/* The make suite: the seeds' workflows without traps (issue 10). */
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

/* --- 3. the seeds' workflows without traps (issue 10) ----------------------- */

/* `sh -c SCRIPT` in p's directory: a pipe, or a terminal through script(1). */
static void shell(struct run_result *r, const struct proj *p, const char *const *extra, const char *script)
{
	const char *const argv[] = { "sh", "-c", script, NULL };

	vrun_argv(r, p, extra, argv);
}

/* The shop's chain, applied: the database at R_PROD. */
static void shop_at_head(const struct proj *p)
{
	shop_chain(p);
	mk_ok(p, NULL, "db-upgrade", NULL);
	pgtest_expect_history((struct pgtest_db *)&p->db, R_INIT "," R_PHONE "," R_PROD);
}

/* db-upgrade only moves up, db-downgrade only down; each names the other */
START_TEST(test_direction_is_never_a_surprise)
{
	struct proj p;
	struct run_result r;

	mproj_init(&p, "mig_make_direction");
	shop_at_head(&p);

	/* to=REV behind the database: refused, nothing changes, db-downgrade named */
	mk(&r, &p, NULL, "db-upgrade", "to=" R_INIT, NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to " R_INIT " is behind the database: an upgrade only moves "
			       "up, and this would undo 2 migrations\n"
			       "mig-apply: hint: to move down, run make db-downgrade to=" R_INIT "\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	pgtest_expect_tables(&p.db, "customer,orders,product");
	just(&r, &p, NULL, "db-upgrade", R_INIT, NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "is behind the database: an upgrade only moves up");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* down to R_INIT in a pipe: no question */
	mk(&r, &p, NULL, "db-downgrade", "to=" R_INIT, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT);

	/* to=REV ahead of the database: db-downgrade refuses and names db-upgrade */
	mk(&r, &p, NULL, "db-downgrade", "to=" R_PROD, NULL);
	expect_make_failed(&r, "db-downgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to " R_PROD " is ahead of the database: a downgrade only moves "
			       "down, and this would apply 2 migrations\n"
			       "mig-apply: hint: to move up, run make db-upgrade to=" R_PROD "\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT);
	just(&r, &p, NULL, "db-upgrade", R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);

	/* the tools themselves: either way unless told */
	mtool(&r, &p, "mig-apply", "--to", R_INIT, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT);
	mtool(&r, &p, "mig-apply", "--downgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");
	mproj_release(&p);
}
END_TEST

/* one name for a revision, to=; another is refused, never ignored */
START_TEST(test_revision_is_to_everywhere)
{
	struct proj p;
	struct run_result r;
	static const char *const targets[] = { "db-upgrade", "db-downgrade", "db-sql", "db-stamp", NULL };

	mproj_init(&p, "mig_make_to");
	shop_chain(&p);
	for (size_t i = 0; targets[i]; i++) {
		struct strbuf want = STRBUF_INIT;
		mk(&r, &p, NULL, targets[i], "rev=head", NULL);
		strbuf_addf(&want, "make %s: give the revision as to=REV (not rev=)\n", targets[i]);
		expect_make_failed(&r, targets[i], 2);
		ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0, "%s", r.err);
		run_result_release(&r);
		strbuf_release(&want);
	}
	mk(&r, &p, NULL, "db-upgrade", "revision=" R_INIT, NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "give the revision as to=REV (not revision=)");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");

	/* db-stamp takes to=, as make and just */
	mk(&r, &p, NULL, "db-stamp", "to=" R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);
	just(&r, &p, NULL, "db-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	mproj_release(&p);
}
END_TEST

/* a downgrade that drops data, or goes to base, asks on a terminal; yes=1 answers */
START_TEST(test_downgrade_asks_on_a_terminal)
{
	struct proj p;
	struct run_result r;

	mproj_init(&p, "mig_make_ask");
	shop_at_head(&p);

	/* one step down drops table product: asked, "n" keeps it */
	shell(&r, &p, NULL, "printf 'n\\n' | script -qec 'make -s --no-print-directory db-downgrade' /dev/null");
	ASSERT_CONTAINS(r.out, "mig-apply: this downgrade undoes 1 migration:\r\n  " R_PROD "\r\n"
			       "mig-apply: and loses data:\r\n  drops table product and its rows\r\n");
	ASSERT_CONTAINS(r.out, "go ahead? [y/N] ");
	ASSERT_CONTAINS(r.out, "mig-apply: error: the downgrade was not confirmed: nothing was changed");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	pgtest_expect_tables(&p.db, "customer,orders,product");

	/* "y" goes ahead */
	shell(&r, &p, NULL, "printf 'y\\n' | script -qec 'make -s --no-print-directory db-downgrade' /dev/null");
	ASSERT_CONTAINS(r.out, "go ahead? [y/N] ");
	ASSERT_CONTAINS(r.out, "undoing " R_PROD);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);

	/* to base: asked; yes=1 answers for a script, and --yes through just */
	shell(&r, &p, NULL, "script -qec 'make -s --no-print-directory db-downgrade to=base' /dev/null < /dev/null");
	ASSERT_CONTAINS(r.out, "every one applied (to base)");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE);
	shell(&r, &p, NULL, "script -qec 'make -s --no-print-directory db-downgrade to=base yes=1' /dev/null < /dev/null");
	ASSERT_LACKS(r.out, "go ahead?");
	ASSERT_CONTAINS(r.out, "now at base");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	shell(&r, &p, NULL, "script -qec 'just db-downgrade base --yes' /dev/null < /dev/null");
	ASSERT_LACKS(r.out, "go ahead?");
	ASSERT_CONTAINS(r.out, "now at base");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "");
	mproj_release(&p);
}
END_TEST

/* args= reaches every target's tool; hints under make name make targets */
START_TEST(test_options_reach_the_tools)
{
	struct proj p;
	struct run_result r;
	const char *const edited[] = { "args=--wait 30 --lock-timeout 5000 --single-transaction", NULL };

	mproj_init(&p, "mig_make_args");
	shop_chain(&p);
	mk(&r, &p, edited, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* --sql through args: printed, nothing run */
	mk(&r, &p, NULL, "db-downgrade", "args=--sql", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "DROP TABLE product;");
	run_result_release(&r);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	mk(&r, &p, NULL, "db-history", "args=--json", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(r.out[0] == '{', "%s", r.out);
	run_result_release(&r);

	/* an applied migration edited: each hint names the make target that follows it */
	edit(&p, PGSQL R_INIT ".sql", "-- mig:up\n", "-- mig:up\n-- reviewed\n");
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: hint: if the change is deliberate, run make db-rehash; otherwise restore "
			       "the migration from version control\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "mig-apply: hint: restore the file; or, if the change is deliberate and the database "
			       "has it, run make db-upgrade args=--allow-changed (or record it with make db-stamp "
			       "to=" R_INIT ")\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-upgrade", "args=--allow-changed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	just(&r, &p, NULL, "db-upgrade", "", "--allow-changed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* the tool itself names itself */
	mtool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.err, "run mig-apply --allow-changed (or record it with mig-stamp " R_INIT ")\n");
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/* a dialect that is not the database's fails before anything runs */
START_TEST(test_dialect_mismatch)
{
	struct proj p;
	struct run_result r;
	const char *const sqlite_folder[] = { "MIG_DIALECT=sqlite", NULL };

	mproj_init(&p, "mig_make_dialect");
	shop_chain(&p);
	{
		/* a sqlite folder too, so that only the dialect is wrong */
		const char *const every[] = { "MIG_DIALECT=sqlite", AT3, NULL };
		mk(&r, &p, every, "db-migrate", "name=x", NULL);
		run_result_release(&r);
	}
	mk(&r, &p, sqlite_folder, "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --dialect sqlite does not match the database ");
	ASSERT_CONTAINS(r.err, ", which is PostgreSQL: nothing was run\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");
	mk(&r, &p, sqlite_folder, "db-stamp", "to=head", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "does not match the database");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");
	mtool(&r, &p, "mig-heads", "--dialect", "sqlite", "--pending", NULL);
	ASSERT_EXIT(r, 2);
	run_result_release(&r);
	mproj_release(&p);
}
END_TEST

/* mig.sum with git's conflict markers: resolve, then db-rehash */
START_TEST(test_sum_file_conflict_markers)
{
	struct proj p;
	struct run_result r;
	char *sum;
	struct strbuf text = STRBUF_INIT;

	mproj_init(&p, "mig_make_conflict");
	shop_chain(&p);
	sum = test_read_in(p.dir, PGSQL "mig.sum");
	strbuf_addf(&text, "%s<<<<<<< HEAD\n0004_x.sql h1:aaa\n=======\n0004_y.sql h1:bbb\n>>>>>>> feature\n", sum);
	test_write_in(p.dir, PGSQL "mig.sum", text.buf);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: migrations/pgsql/mig.sum:5: holds git conflict markers: two branches "
			       "added migrations\n"
			       "mig-apply: hint: finish the merge in git keeping every migration of both branches, "
			       "then run make db-rehash (and make db-merge when there are two heads)\n");
	run_result_release(&r);
	pgtest_expect_history(&p.db, "-");
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 2);
	ASSERT_CONTAINS(r.out, "migrations/pgsql/mig.sum: holds git conflict markers");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	pgtest_expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	free(sum);
	strbuf_release(&text);
	mproj_release(&p);
}
END_TEST

/* seed files run once each; again only when asked; again after base */
START_TEST(test_seed_runs_once)
{
	struct proj p;
	struct run_result r;

	mproj_init(&p, "mig_make_seed_once");
	shop_at_head(&p);
	test_write_in(p.dir, "seeds/001_products.sql", "INSERT INTO product (name) VALUES ('ann');\n");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_products.sql (1 statement)\n");
	run_result_release(&r);
	just(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "already seeded seeds/001_products.sql at ", 41) == 0, "%s", r.out);
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM product", "1");

	/* a second file runs alone; an edited one is named, not run */
	test_write_in(p.dir, "seeds/002_more.sql", "INSERT INTO product (name) VALUES ('bob');\n");
	test_write_in(p.dir, "seeds/001_products.sql", "INSERT INTO product (name) VALUES ('cid');\n");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "seeds/001_products.sql changed since it was seeded at ");
	ASSERT_CONTAINS(r.out, ": not run again (--reseed runs every file again)\n");
	ASSERT_CONTAINS(r.out, "seeded seeds/002_more.sql (1 statement)\n");
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT string_agg(name, ',' ORDER BY name) FROM product", "ann,bob");

	/* asked: every file again */
	mk(&r, &p, NULL, "db-seed", "args=--reseed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM product", "4");

	/* at base the rows are gone with the tables: seeding runs every file again */
	mk_ok(&p, NULL, "db-downgrade", "to=base");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_products.sql (1 statement)\nseeded seeds/002_more.sql (1 statement)\n");
	run_result_release(&r);
	pgtest_expect_value(&p.db, "SELECT count(*) FROM product", "2");
	mproj_release(&p);
}
END_TEST

/* the CI gates refuse what db-upgrade would refuse */
START_TEST(test_gates_refuse_what_upgrade_refuses)
{
	struct proj p;
	struct run_result r;
	char *text;

	mproj_init(&p, "mig_make_gates");
	shop_at_head(&p);

	/* an applied migration edited (and its sum rewritten): db-upgrade refuses, so does check-migrations */
	edit(&p, PGSQL R_PHONE ".sql", "-- mig:up\n", "-- mig:up\n-- reviewed\n");
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	run_result_release(&r);
	mk(&r, &p, NULL, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ASSERT_CONTAINS(r.out, PGSQL R_PHONE ".sql: was edited after it was applied to ");
	ASSERT_CONTAINS(r.out, "or if the database has the change, make db-upgrade args=--allow-changed or make "
			       "db-stamp to=" R_PHONE "\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-stamp", "to=head");
	mk_ok(&p, NULL, "check-migrations", NULL);

	/* a revision the database holds but the folder lacks: db-pending fails, as db-upgrade would */
	text = test_read_in(p.dir, PGSQL R_PROD ".sql");
	{
		char *path = test_path_in(p.dir, PGSQL R_PROD ".sql");
		ck_assert_int_eq(unlink(path), 0);
		free(path);
	}
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.err, "mig-heads: error: the database has 1 revision applied that is not in migrations/pgsql: "
			       R_PROD "\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	run_result_release(&r);
	test_write_in(p.dir, PGSQL R_PROD ".sql", text);
	free(text);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk_ok(&p, NULL, "db-pending", NULL);
	mproj_release(&p);
}
END_TEST

/* small ones: LOG_LEVEL, the history's times, backups out of git, make man, one setup */
START_TEST(test_small_traps)
{
	struct proj p;
	struct run_result r;
	const char *const typo[] = { "LOG_LEVEL=verbose", NULL };
	char *text, *tree = test_tree_dir();
	struct strbuf path = STRBUF_INIT;
	const char *line;

	mproj_init(&p, "mig_make_small");
	shop_at_head(&p);

	mk(&r, &p, typo, "db-current", NULL);
	expect_make_failed(&r, "db-current", 2);
	text = first_line(r.err);
	ck_assert_str_eq(text, "mig-heads: error: LOG_LEVEL: \"verbose\" is not a level\n");
	free(text);
	run_result_release(&r);
	mk(&r, &p, typo, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	run_result_release(&r);

	/* the history's times as SQLite's: UTC, YYYY-MM-DD HH:MM:SS.mmm, HH:MM:SS.mmm */
	mk(&r, &p, NULL, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	line = strstr(r.out, R_INIT);
	ck_assert_ptr_nonnull(line);
	line += strlen(R_INIT);
	while (*line == ' ')
		line++;
	ck_assert_msg(strlen(line) > 37 && line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[13] == ':' &&
		      line[16] == ':' && line[19] == '.' && line[23] == ' ', "%s", r.out);
	ck_assert_msg(strncmp(line + 32, "00:00:", 6) == 0 && line[40] == '.', "%s", r.out);
	run_result_release(&r);

	/* backups/ is made with a .gitignore; one the user removed stays removed */
	mk_ok(&p, NULL, "db-backup", NULL);
	text = test_read_in(p.dir, "backups/.gitignore");
	ASSERT_CONTAINS(text, "\n*\n");
	free(text);
	{
		char *gi = test_path_in(p.dir, "backups/.gitignore");
		ck_assert_int_eq(unlink(gi), 0);
		free(gi);
	}
	mk_ok(&p, NULL, "db-backup", NULL);
	ck_assert(!test_exists_in(p.dir, "backups/.gitignore"));

	/* the man pages before make install */
	{
		const char *const argv[] = { "make", "-s", "--no-print-directory", "-C", tree, "man", NULL };
		vrun_argv(&r, &p, NULL, argv);
		ASSERT_EXIT(r, 0);
		ASSERT_CONTAINS(r.out, "MANPATH=\"");
		run_result_release(&r);
		strbuf_addf(&path, "%s/build/man/man1/mig-gen.1", tree);
		ck_assert(test_file_exists(path.buf));
	}

	/* README's setup command is what CI runs */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/README.md", tree);
	text = test_read_file(path.buf);
	ASSERT_CONTAINS(text, "\nbash .ci/setup\n");
	ASSERT_LACKS(text, "npm && npm install");
	free(text);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/.ci/run", tree);
	text = test_read_file(path.buf);
	ASSERT_CONTAINS(text, "\nbash .ci/setup\n");
	ASSERT_CONTAINS(text, "\nmake check\n");
	free(text);

	strbuf_release(&path);
	free(tree);
	mproj_release(&p);
}
END_TEST

void make_add_workflows_tests(TCase *tc)
{
	tcase_add_test(tc, test_direction_is_never_a_surprise);
	tcase_add_test(tc, test_revision_is_to_everywhere);
	tcase_add_test(tc, test_downgrade_asks_on_a_terminal);
	tcase_add_test(tc, test_options_reach_the_tools);
	tcase_add_test(tc, test_dialect_mismatch);
	tcase_add_test(tc, test_sum_file_conflict_markers);
	tcase_add_test(tc, test_seed_runs_once);
	tcase_add_test(tc, test_small_traps);
	tcase_add_test(tc, test_gates_refuse_what_upgrade_refuses);
}

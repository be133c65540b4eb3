/*
 * The apply suite: branches and merges as mig-apply and mig-heads show
 * them (targets on branches, mig-heads' views and --json, branches written
 * by mig-gen and joined by mig-gen --merge).
 */
#include <ctype.h>
#include <dirent.h>
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

/* --- 2. branches and a merge ------------------------------------------- */

#define RL "0002_20260101000002_left"
#define RR "0002_20260101000003_right"
#define RM "0003_20260101000004_merge"

START_TEST(test_branches_and_merge)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	size_t w = strlen(RR);
	char *down_plan;

	proj_init(&p, "mig_apply_branches");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, RL, R1, true, "CREATE TABLE tl (id int);\n", "DROP TABLE tl;\n");
	test_write_migration(p.migs, RR, R1, true, "CREATE TABLE tr (id int);\n", "DROP TABLE tr;\n");
	rehash(&p);

	/* two heads */
	test_heads_line(&want, RL, "left", w);
	test_heads_line(&want, RR, "right", w);
	tool(&r, &p, "mig-heads", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "mig-heads: error: the migrations have 2 heads\n"
				"mig-heads: hint: join them with mig-gen --merge\n");
	run_result_release(&r);

	/* head: both branches */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tr");
	pgtest_expect_history(&p.db, R1 "," RL "," RR);
	tool(&r, &p, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* a hand-written merge joins them */
	test_write_migration(p.migs, RM, RL " " RR, true, "CREATE TABLE tm (id int);\n", "DROP TABLE tm;\n");
	rehash(&p);
	strbuf_reset(&want);
	test_heads_line(&want, RM, "merge", w);
	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tm,tr");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* one step down: the merge; both branches are current again */
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tr");
	pgtest_expect_history(&p.db, R1 "," RL "," RR);
	strbuf_reset(&want);
	test_heads_line(&want, RL, "left", w);
	test_heads_line(&want, RR, "right", w);
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* down through the merge to the root: children before parents */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	tool(&r, &p, "mig-apply", "--sql", "--to", R1, NULL);
	ASSERT_EXIT(r, 0);
	down_plan = r.out;
	ck_assert_msg(strstr(down_plan, "-- " RM " (down)") && strstr(down_plan, "-- " RR " (down)") &&
		      strstr(down_plan, "-- " RL " (down)") && !strstr(down_plan, R1 " (down)"), "%s", down_plan);
	/* children first */
	ck_assert_msg(strstr(down_plan, "-- " RM " (down)") < strstr(down_plan, "-- " RR " (down)") &&
		      strstr(down_plan, "-- " RM " (down)") < strstr(down_plan, "-- " RL " (down)"), "%s", down_plan);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1");
	pgtest_expect_history(&p.db, R1);

	/* one branch alone, then the rest */
	tool(&r, &p, "mig-apply", "--to", RR, NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tr");
	tool(&r, &p, "mig-apply", "--to", RM, NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tm,tr");
	pgtest_expect_history(&p.db, R1 "," RL "," RR "," RM);
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "");
	pgtest_expect_history(&p.db, "");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 13. mig-heads ------------------------------------------------------------ */

START_TEST(test_heads_views)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	size_t w = strlen(RR);
	char *at1, *dur1, *atl, *durl, *obj;

	proj_init(&p, "mig_apply_heads");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p.migs, RL, R1, true, "CREATE TABLE tl (id int);\n", "DROP TABLE tl;\n");
	test_write_migration(p.migs, RR, R1, true, "CREATE TABLE tr (id int);\n", "DROP TABLE tr;\n");
	rehash(&p);

	/* before anything is applied: everything pending */
	tool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, "mig-heads: error: 3 migrations are pending\n"
				"mig-heads: hint: apply them with mig-apply --upgrade\n");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--current", "--json", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "{\"current\": []}\n");
	run_result_release(&r);

	tool(&r, &p, "mig-apply", "--to", RL, NULL);
	ok_quiet(&r);

	/* --pending */
	test_heads_line(&want, RR, "right", w);
	tool(&r, &p, "mig-heads", "--pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "mig-heads: error: 1 migration is pending\nmig-heads: hint: apply them with mig-apply --upgrade\n");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out, "{\"pending\": [{\"revision\": \"" RR "\", \"message\": \"right\"}]}\n");
	run_result_release(&r);

	/* heads */
	tool(&r, &p, "mig-heads", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out, "{\"heads\": [{\"revision\": \"" RL "\", \"message\": \"left\"}, "
				"{\"revision\": \"" RR "\", \"message\": \"right\"}]}\n");
	run_result_release(&r);

	/* --current */
	strbuf_reset(&want);
	test_heads_line(&want, RL, "left", w);
	tool(&r, &p, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--current", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out, "{\"current\": [{\"revision\": \"" RL "\", \"message\": \"left\", \"dirty\": false}]}\n");
	run_result_release(&r);

	/* --history: when each was applied and how long it took, as recorded */
	at1 = pgtest_value(&p.db, "SELECT to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM mig_history WHERE revision = '" R1 "'");
	dur1 = pgtest_value(&p.db, "SELECT to_char(duration, 'HH24:MI:SS.MS') FROM mig_history WHERE revision = '" R1 "'");
	atl = pgtest_value(&p.db, "SELECT to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM mig_history WHERE revision = '" RL "'");
	durl = pgtest_value(&p.db, "SELECT to_char(duration, 'HH24:MI:SS.MS') FROM mig_history WHERE revision = '" RL "'");
	ck_assert_msg(at1 && dur1 && strncmp(dur1, "00:00:", 6) == 0, "%s %s", at1, dur1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%-*s%-32s%-18s%s\n", (int)w + 2, "REVISION", "APPLIED AT", "DURATION", "MESSAGE");
	strbuf_addf(&want, "%-*s%-32s%-18s%s\n", (int)w + 2, R1, at1, dur1, "one");
	strbuf_addf(&want, "%-*s%-32s%-18s%s\n", (int)w + 2, RL, atl, durl, "left");
	strbuf_addf(&want, "%-*s%-50s%s\n", (int)w + 2, RR, "pending", "right");
	tool(&r, &p, "mig-heads", "--history", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--history", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_msg(strncmp(r.out, "{\"history\": [", 13) == 0, "%s", r.out);
	obj = json_object_of(r.out, R1);
	strbuf_reset(&want);
	strbuf_addf(&want, "{\"revision\": \"" R1 "\", \"message\": \"one\", \"parents\": [], \"applied\": true, "
			   "\"applied_at\": \"%s\", \"duration\": \"%s\", \"dirty\": false}", at1, dur1);
	ck_assert_str_eq(obj, want.buf);
	free(obj);
	obj = json_object_of(r.out, RR);
	ck_assert_str_eq(obj, "{\"revision\": \"" RR "\", \"message\": \"right\", \"parents\": [\"" R1 "\"], "
			      "\"applied\": false, \"applied_at\": null, \"duration\": null, \"dirty\": false}");
	free(obj);
	run_result_release(&r);

	/* --graph: DOT, applied revisions filled, heads bold */
	tool(&r, &p, "mig-heads", "--graph", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out,
		"digraph migrations {\n"
		"  rankdir=BT;\n"
		"  node [shape=box, style=rounded, fontname=\"monospace\"];\n"
		"  \"" R1 "\" [label=\"" R1 "\\none\", style=\"rounded,filled\", fillcolor=\"#c6efce\"];\n"
		"  \"" RL "\" [label=\"" RL "\\nleft\", style=\"rounded,filled\", fillcolor=\"#c6efce\", penwidth=2];\n"
		"  \"" RR "\" [label=\"" RR "\\nright\", penwidth=2];\n"
		"  \"" RL "\" -> \"" R1 "\";\n"
		"  \"" RR "\" -> \"" R1 "\";\n"
		"}\n");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--graph", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out,
		"{\"revisions\": ["
		"{\"revision\": \"" R1 "\", \"parents\": [], \"head\": false, \"applied\": true}, "
		"{\"revision\": \"" RL "\", \"parents\": [\"" R1 "\"], \"head\": true, \"applied\": true}, "
		"{\"revision\": \"" RR "\", \"parents\": [\"" R1 "\"], \"head\": true, \"applied\": false}]}\n");
	run_result_release(&r);

	/* nothing pending */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	tool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", "--json", NULL);
	ck_assert_str_eq(r.out, "{\"pending\": []}\n");
	run_result_release(&r);
	free(at1);
	free(dur1);
	free(atl);
	free(durl);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- branches generated by mig-gen and joined by mig-gen --merge ------------- */

static void write_model(const struct proj *p, const char *tables)
{
	struct strbuf path = STRBUF_INIT, xml = STRBUF_INIT;

	strbuf_addf(&path, "%s/models/m.xml", p->dir);
	strbuf_addf(&xml, "<models xmlns='urn:mig:model:1'>\n%s</models>\n", tables);
	test_write_file(path.buf, xml.buf);
	strbuf_release(&path);
	strbuf_release(&xml);
}

static void gen(const struct proj *p, const char *name, const char *ts)
{
	struct run_result r;

	tool(&r, p, "mig-gen", "--name", name, "--timestamp", ts, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
}

#define T_ONE "<table name='t1'><column name='id' type='bigint'/><primary-key columns='id'/></table>\n"
#define T_LEFT "<table name='tl'><column name='id' type='bigint'/><primary-key columns='id'/></table>\n"
#define T_RIGHT "<table name='tr'><column name='id' type='bigint'/><primary-key columns='id'/></table>\n"
#define GL "0002_20260102000000_left"
#define GR "0002_20260103000000_right"
#define GM "0003_20260104000000_merge"

START_TEST(test_generated_branches_joined_by_mig_gen_merge)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_gen_merge");
	write_model(&p, T_ONE);
	gen(&p, "init", "20260101000000");
	/* two teammates branch off init; git brings both migrations together */
	write_model(&p, T_ONE T_LEFT);
	gen(&p, "left", "20260102000000");
	test_move_in(p.dir, "migrations/pgsql/" GL ".sql", "left.sql");
	test_move_in(p.dir, "migrations/state/" GL ".xml", "left.xml");
	rehash(&p);
	write_model(&p, T_ONE T_RIGHT);
	gen(&p, "right", "20260103000000");
	test_move_in(p.dir, "left.sql", "migrations/pgsql/" GL ".sql");
	test_move_in(p.dir, "left.xml", "migrations/state/" GL ".xml");
	rehash(&p);
	write_model(&p, T_ONE T_LEFT T_RIGHT);

	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, GL) && strstr(r.out, GR), "%s", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tr");

	tool(&r, &p, "mig-gen", "--merge", "--timestamp", "20260104000000", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "migrations/pgsql/" GM ".sql\n") != NULL, "%s", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, GM " ", strlen(GM) + 1) == 0 && count_lines(r.out) == 1, "%s", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, GM " ", strlen(GM) + 1) == 0 && count_lines(r.out) == 1, "%s", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_history(&p.db, "0001_20260101000000_init," GL "," GR "," GM);
	tool(&r, &p, "mig-gen", "--check", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* down through the merge, and up again */
	tool(&r, &p, "mig-apply", "--to", "0001", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1");
	pgtest_expect_history(&p.db, "0001_20260101000000_init");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1,tl,tr");
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "");
	proj_release(&p);
}
END_TEST

/* --- 3. a database made again under the same URL ---------------------- */

/* How many notes "the version table is on this database" var/cache holds. */
static size_t table_notes(const char *cache)
{
	DIR *dh = opendir(cache);
	struct dirent *de;
	size_t n = 0;

	while (dh && (de = readdir(dh)) != NULL)
		n += strncmp(de->d_name, "history-", 8) == 0;
	if (dh)
		closedir(dh);
	return n;
}

static void expect_pending(struct proj *p, int exit_code, const char *err)
{
	struct run_result r;

	tool(&r, p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, exit_code);
	ck_assert_str_eq(r.err, err);
	run_result_release(&r);
}

/*
 * mig-heads --pending notes in var/cache that the version table is on the
 * database, and from then on asks for its rows at once; a database dropped
 * and made again under the same URL (no table) still reads as everything
 * pending, and the note goes.
 */
START_TEST(test_pending_on_a_database_made_again)
{
	static const char one_pending[] = "mig-heads: error: 1 migration is pending\n"
					  "mig-heads: hint: apply them with mig-apply --upgrade\n";
	struct proj p;
	struct run_result r;
	struct strbuf cache = STRBUF_INIT;

	proj_init(&p, "mig_heads_made_again");
	strbuf_addf(&cache, "%s/var/cache", p.dir);
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	/* no table yet: nothing noted */
	expect_pending(&p, 1, one_pending);
	ck_assert_uint_eq(table_notes(cache.buf), 0);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	/* the table looked for, then noted; the next run reads the rows at once: the same answer */
	expect_pending(&p, 0, "");
	ck_assert_uint_eq(table_notes(cache.buf), 1);
	expect_pending(&p, 0, "");
	ck_assert_uint_eq(table_notes(cache.buf), 1);
	/* made again: everything pending, the note gone, and mig-apply applies it */
	pgtest_drop(&p.db);
	pgtest_create(&p.db, "mig_heads_made_again");
	expect_pending(&p, 1, one_pending);
	ck_assert_uint_eq(table_notes(cache.buf), 0);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	pgtest_expect_tables(&p.db, "t1");
	expect_pending(&p, 0, "");
	strbuf_release(&cache);
	proj_release(&p);
}
END_TEST

void apply_add_heads_tests(TCase *tc)
{
	tcase_add_test(tc, test_branches_and_merge);
	tcase_add_test(tc, test_heads_views);
	tcase_add_test(tc, test_generated_branches_joined_by_mig_gen_merge);
	tcase_add_test(tc, test_pending_on_a_database_made_again);
}

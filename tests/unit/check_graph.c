/*
 * The revision graph as a user meets its errors: every directory of
 * tests/bad-migrations/ is a migration folder with one defect and
 * expected.err, the exact message ("FILE:LINE: message", FILE relative to
 * the tree). And the shapes it must handle: branches, merges, heads, the
 * merge base.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "graph.h"
#include "migscan.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

START_TEST(test_bad_migration_folders)
{
	char *base = test_path("tests/bad-migrations");
	char **cases;
	size_t nr = fs_list_subdirs(base, &cases);
	struct strbuf rel = STRBUF_INIT, expfile = STRBUF_INIT, got = STRBUF_INIT;
	struct graph g;
	struct diag d = DIAG_INIT;
	char *expected;

	ck_assert_uint_lt((size_t)_i, nr);
	strbuf_addf(&rel, "tests/bad-migrations/%s", cases[_i]);
	strbuf_addf(&expfile, "%s/%s/expected.err", base, cases[_i]);
	expected = test_read_file(expfile.buf);
	ck_assert_msg(expected != NULL, "%s has no expected.err", rel.buf);
	/* from the tree, with the folder's path relative to it, as a user in the tree would */
	ck_assert_int_eq(chdir(test_root()), 0);
	graph_init(&g);
	ck_assert_msg(graph_load(&g, rel.buf, NULL, &d) == -1, "%s: the folder was accepted", rel.buf);
	diag_format(&d, "", &got);
	ck_assert_msg(strcmp(got.buf, expected) == 0, "%s:\n  expected: %s  got:      %s", rel.buf, expected,
		      got.buf);
	graph_release(&g);
	diag_release(&d);
	/* the status views' headers-only load (migscan, twice: the second from var/cache) says the same */
	for (int round = 0; round < 2; round++) {
		struct migscan scan;
		migscan_init(&scan);
		graph_init(&g);
		strbuf_reset(&got);
		ck_assert_msg(migscan_load(&scan, rel.buf, &d) == -1 || graph_load_scan(&g, &scan, NULL, &d) == -1,
			      "%s: the scanned folder was accepted", rel.buf);
		diag_format(&d, "", &got);
		ck_assert_msg(strcmp(got.buf, expected) == 0, "%s (scan):\n  expected: %s  got:      %s", rel.buf,
			      expected, got.buf);
		graph_release(&g);
		migscan_release(&scan);
		diag_release(&d);
	}
	free(expected);
	strbuf_release(&rel);
	strbuf_release(&expfile);
	strbuf_release(&got);
	fs_free_list(cases, nr);
	free(base);
}
END_TEST

/* A folder of hand-written migrations: "rev:parent,parent" per entry. */
static char *folder(const char *const *revs)
{
	char *dir = test_mkdtemp();

	for (size_t i = 0; revs[i]; i++) {
		struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
		const char *colon = strchr(revs[i], ':');
		size_t len = colon ? (size_t)(colon - revs[i]) : strlen(revs[i]);
		strbuf_addf(&path, "%s/%.*s.sql", dir, (int)len, revs[i]);
		strbuf_addf(&text, "-- mig:revision %.*s\n-- mig:parents", (int)len, revs[i]);
		for (const char *p = colon ? colon + 1 : ""; *p;) {
			size_t n = strcspn(p, ",");
			strbuf_addf(&text, " %.*s", (int)n, p);
			p += n + (p[n] == ',');
		}
		strbuf_addstr(&text, "\n-- mig:up\nSELECT 1;\n-- mig:down\nSELECT 2;\n");
		test_write_file(path.buf, text.buf);
		strbuf_release(&path);
		strbuf_release(&text);
	}
	return dir;
}

static const char *rev_of(const struct graph *g, size_t i)
{
	return g->nodes[i].mf.revision;
}

START_TEST(test_branches_heads_and_merge_base)
{
	/* 1 <- 2 <- 3a, 2 <- 3b <- 4b; 5 merges 3a and 4b; 6 is a second root */
	static const char *const revs[] = {
		"0001_a", "0002_b:0001_a", "0003_c:0002_b", "0003_d:0002_b", "0004_e:0003_d",
		"0005_f:0003_c,0004_e", "0006_g", NULL,
	};
	char *dir = folder(revs);
	struct graph g;
	struct diag d = DIAG_INIT;
	size_t *heads, *order, nr, pair[2];

	graph_init(&g);
	ck_assert_msg(graph_load(&g, dir, NULL, &d) == 0, "%s", d.message);
	nr = graph_heads(&g, &heads);
	ck_assert_uint_eq(nr, 2);
	ck_assert_str_eq(rev_of(&g, heads[0]), "0005_f");
	ck_assert_str_eq(rev_of(&g, heads[1]), "0006_g");
	/* parents first, ties in revision order */
	graph_topo_order(&g, &order);
	{
		struct strbuf got = STRBUF_INIT;
		for (size_t i = 0; i < g.nr; i++)
			strbuf_addf(&got, "%s ", rev_of(&g, order[i]));
		ck_assert_str_eq(got.buf, "0001_a 0002_b 0003_c 0003_d 0004_e 0005_f 0006_g ");
		strbuf_release(&got);
	}
	ck_assert(graph_is_ancestor(&g, (size_t)graph_find(&g, "0003_d"), (size_t)graph_find(&g, "0005_f")));
	ck_assert(!graph_is_ancestor(&g, (size_t)graph_find(&g, "0003_c"), (size_t)graph_find(&g, "0004_e")));
	/* the merge base of the two branches, and of a branch and its own descendant */
	pair[0] = (size_t)graph_find(&g, "0003_c");
	pair[1] = (size_t)graph_find(&g, "0004_e");
	ck_assert_str_eq(rev_of(&g, (size_t)graph_merge_base(&g, pair, 2)), "0002_b");
	pair[1] = (size_t)graph_find(&g, "0005_f");
	ck_assert_str_eq(rev_of(&g, (size_t)graph_merge_base(&g, pair, 2)), "0003_c");
	/* two roots share nothing */
	ck_assert_int_eq(graph_merge_base(&g, heads, nr), -1);
	ck_assert_int_eq(graph_max_number(&g), 6);
	free(heads);
	free(order);
	graph_release(&g);
	diag_release(&d);
	test_rmtree(dir);
	free(dir);
}
END_TEST

static size_t count_cases(void)
{
	char *base = test_path("tests/bad-migrations");
	char **cases;
	size_t nr = fs_list_subdirs(base, &cases);

	fs_free_list(cases, nr);
	free(base);
	return nr;
}

Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("graph");

	tcase_add_test(tc, test_branches_heads_and_merge_base);
	/* at least one iteration, so that a missing corpus fails instead of passing */
	tcase_add_loop_test(tc, test_bad_migration_folders, 0, (int)count_cases() ?: 1);
	suite_add_tcase(s, tc);
	return s;
}

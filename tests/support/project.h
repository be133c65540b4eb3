/*
 * Helpers for the suites that run the tools, make and just in a project
 * directory of their own, as a user would: files in the project, a
 * migration written by hand, a run with a clean environment, and the
 * assertions on a run's result. One helper, one place: the integration
 * files share these instead of each keeping a copy.
 *
 * Ownership: returned strings belong to the caller (free()). Failures
 * abort the current test.
 */
#ifndef MIG_PROJECT_H
#define MIG_PROJECT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "testutil.h"

struct strbuf;

#define ASSERT_EXIT(r, want)                                                                      \
	ck_assert_msg((r).status == (want), "exit status %d, not %d\n--- stdout:\n%s--- stderr:\n%s", \
		      (r).status, (want), (r).out, (r).err)

#define ASSERT_CONTAINS(text, what)                                                              \
	ck_assert_msg(strstr((text), (what)) != NULL, "expected\n  %s\nin:\n%s", (what), (text))

#define ASSERT_LACKS(text, what)                                                                 \
	ck_assert_msg(strstr((text), (what)) == NULL, "did not expect\n  %s\nin:\n%s", (what), (text))

/* dir/rel. */
char *test_path_in(const char *dir, const char *rel);
void test_write_in(const char *dir, const char *rel, const char *content);
/* dir/rel's contents; the test fails when it cannot be read. */
char *test_read_in(const char *dir, const char *rel);
bool test_exists_in(const char *dir, const char *rel);
/* Renames dir/from to dir/to. */
void test_move_in(const char *dir, const char *from, const char *to);
/* The number of files of dir/rel whose names end in suffix. */
size_t test_count_in(const char *dir, const char *rel, const char *suffix);

/* The source tree, absolute (a project's Makefile includes its mk/mig.mk). */
char *test_tree_dir(void);
/* "MIG_BIN=<the directory of the tools under test>", whatever the build. */
char *test_bin_env(void);

/*
 * Writes migration rev into folder dir: a 5-line header (so the up
 * section's first line is line 6), then up, then down (NULL: no down
 * section). The message is the revision's slug.
 */
void test_write_migration(const char *dir, const char *rev, const char *parents, bool transaction,
			  const char *up, const char *down);

/* "rev<padding>message\n" as mig-heads aligns it: the longest revision shown + 2. */
void test_heads_line(struct strbuf *out, const char *rev, const char *message, size_t longest);

/*
 * Runs first[] (NULL-terminated) and then the arguments of ap (up to a
 * NULL) in dir, in test_clean_env(ours, extra); fails the test when the
 * program could not be run at all (status 127).
 */
void test_vrun(struct run_result *r, const char *dir, const char *const *ours, const char *const *extra,
	       const char *const *first, va_list ap);

#endif

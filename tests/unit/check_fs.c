/*
 * Writing files without half files or clobbering: all-or-nothing creation
 * of several files (an existing name leaves everything as it was), atomic
 * replacement, folders with their .gitignore, and the sorted listings the
 * tools read migration folders with.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

static char *at(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, rel);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_create_all_or_nothing)
{
	char *dir = test_mkdtemp();
	char *a = at(dir, "x/y/a.sql"), *b = at(dir, "x/b.sql"), *text;
	const char *paths[] = { a, b };
	const char *contents[] = { "A", "BB" };
	const size_t lengths[] = { 1, 2 };
	struct diag d = DIAG_INIT;
	char **names;
	size_t nr;

	ck_assert_int_eq(fs_create_files(paths, contents, lengths, 2, &d), 0);
	text = test_read_file(a);
	ck_assert_str_eq(text, "A");
	free(text);
	text = test_read_file(b);
	ck_assert_str_eq(text, "BB");
	free(text);
	/* b exists: a is not rewritten, and no new file or temporary is left */
	test_write_file(a, "changed");
	{
		char *c = at(dir, "x/c.sql");
		const char *p2[] = { c, b };
		ck_assert_int_eq(fs_create_files(p2, contents, lengths, 2, &d), -1);
		ck_assert_str_eq(d.file, b);
		ck_assert_str_eq(d.message, "the file exists already; nothing was written");
		ck_assert(!test_file_exists(c));
		free(c);
	}
	text = test_read_file(b);
	ck_assert_str_eq(text, "BB");
	free(text);
	{
		char *x = at(dir, "x");
		nr = fs_list_dir(x, "", &names);
		ck_assert_uint_eq(nr, 2); /* no c.sql, no temporary file */
		ck_assert_str_eq(names[0], "b.sql");
		ck_assert_str_eq(names[1], "y");
		fs_free_list(names, nr);
		free(x);
	}
	diag_release(&d);
	test_rmtree(dir);
	free(dir);
	free(a);
	free(b);
}
END_TEST

static void write_two_lines(FILE *f, void *ctx)
{
	fprintf(f, "%s\n%s\n", (const char *)ctx, (const char *)ctx);
}

/*
 * A batch writes each file when it is added (streamed or whole) and shows
 * none until its commit; released uncommitted, it leaves nothing: no file,
 * no temporary, no folder it made (a folder that was there stays).
 */
START_TEST(test_batch)
{
	char *dir = test_mkdtemp();
	char *a = at(dir, "m/pgsql/a.sql"), *s = at(dir, "m/state/a.xml"), *m = at(dir, "m"), *text;
	struct fs_batch b = FS_BATCH_INIT;
	struct diag d = DIAG_INIT;
	char x[] = "x";
	char **names;
	size_t nr;

	ck_assert_int_eq(fs_batch_add(&b, a, "A", 1, &d), 0);
	ck_assert_int_eq(fs_batch_add_stream(&b, s, write_two_lines, x, &d), 0);
	ck_assert(!test_file_exists(a));
	ck_assert(!test_file_exists(s));
	fs_batch_release(&b);
	ck_assert(!test_file_exists(m)); /* every folder it made, gone */

	{
		char *pgsql = at(dir, "m/pgsql");
		ck_assert_int_eq(fs_mkdirs(pgsql, &d), 0);
		free(pgsql);
	}
	test_write_file(a, "there"); /* m/pgsql exists now, with a.sql in it */
	ck_assert_int_eq(fs_batch_add_stream(&b, s, write_two_lines, x, &d), 0);
	ck_assert_int_eq(fs_batch_add(&b, a, "A", 1, &d), 0);
	ck_assert_int_eq(fs_batch_commit(&b, &d), -1);
	ck_assert_str_eq(d.file, a);
	ck_assert_str_eq(d.message, "the file exists already; nothing was written");
	ck_assert(!test_file_exists(s)); /* linked before the clash: taken back */
	fs_batch_release(&b);
	{
		char *state = at(dir, "m/state"), *pgsql = at(dir, "m/pgsql");
		ck_assert(!test_file_exists(state));
		nr = fs_list_dir(pgsql, "", &names);
		ck_assert_uint_eq(nr, 1); /* a.sql as it was, no temporary */
		fs_free_list(names, nr);
		free(state);
		free(pgsql);
	}
	text = test_read_file(a);
	ck_assert_str_eq(text, "there");
	free(text);

	unlink(a);
	ck_assert_int_eq(fs_batch_add_stream(&b, s, write_two_lines, x, &d), 0);
	ck_assert_int_eq(fs_batch_add(&b, a, "A", 1, &d), 0);
	ck_assert_int_eq(fs_batch_commit(&b, &d), 0);
	fs_batch_release(&b);
	text = test_read_file(s);
	ck_assert_str_eq(text, "x\nx\n");
	free(text);
	text = test_read_file(a);
	ck_assert_str_eq(text, "A");
	free(text);

	diag_release(&d);
	test_rmtree(dir);
	free(dir);
	free(a);
	free(s);
	free(m);
}
END_TEST

START_TEST(test_replace_and_errors)
{
	char *dir = test_mkdtemp();
	char *f = at(dir, "deep/er/mig.sum"), *text;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(fs_replace_file(f, "one\n", 4, &d), 0);
	ck_assert_int_eq(fs_replace_file(f, "two", 3, &d), 0);
	text = test_read_file(f);
	ck_assert_str_eq(text, "two");
	free(text);
	/* a file where a folder should be */
	{
		char *under = at(dir, "deep/er/mig.sum/x/y");
		ck_assert_int_eq(fs_mkdirs(under, &d), -1);
		ck_assert_str_eq(d.message, "cannot create the directory: Not a directory");
		diag_release(&d);
		free(under);
	}
	diag_release(&d);
	test_rmtree(dir);
	free(dir);
	free(f);
}
END_TEST

START_TEST(test_ignored_folder)
{
	char *dir = test_mkdtemp();
	char *var = at(dir, "var/backups"), *ign = at(dir, "var/backups/.gitignore"), *text;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(fs_mkdirs_ignored(var, &d), 0);
	text = test_read_file(ign);
	ck_assert_str_eq(text, "# written by mig: what mig writes here stays out of git (delete this file to keep it)\n*\n");
	free(text);
	/* a user who removed it keeps it removed */
	ck_assert_int_eq(remove(ign), 0);
	ck_assert_int_eq(fs_mkdirs_ignored(var, &d), 0);
	ck_assert(!test_file_exists(ign));
	test_rmtree(dir);
	free(dir);
	free(var);
	free(ign);
}
END_TEST

/* Runs that start at once all find the folder missing: each succeeds, and one writes the .gitignore. */
START_TEST(test_ignored_folder_at_once)
{
	enum { RUNS = 8, ROUNDS = 10 };

	for (int round = 0; round < ROUNDS; round++) {
		char *dir = test_mkdtemp();
		char *var = at(dir, "var/db"), *ign = at(dir, "var/db/.gitignore");
		pid_t pids[RUNS];

		fflush(NULL);
		for (int k = 0; k < RUNS; k++) {
			pids[k] = fork();
			ck_assert_int_ge(pids[k], 0);
			if (pids[k] == 0) {
				struct diag d = DIAG_INIT;
				_exit(fs_mkdirs_ignored(var, &d) == 0 ? 0 : 1);
			}
		}
		for (int k = 0; k < RUNS; k++) {
			int status;
			ck_assert_int_eq(waitpid(pids[k], &status, 0), pids[k]);
			ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "round %d: run %d failed", round, k);
		}
		ck_assert(test_file_exists(ign));
		test_rmtree(dir);
		free(dir);
		free(var);
		free(ign);
	}
}
END_TEST

START_TEST(test_listings)
{
	char *dir = test_mkdtemp();
	static const char *const files[] = { "0010_b.sql", "0002_a.sql", ".hidden.sql", "mig.sum", "x.sql.orig",
					     "pgsql/keep", "sqlite/keep", ".git/keep" };
	char **names;
	size_t nr;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = at(dir, files[i]);
		struct diag d = DIAG_INIT;
		ck_assert_int_eq(fs_replace_file(p, "", 0, &d), 0);
		free(p);
	}
	nr = fs_list_dir(dir, ".sql", &names);
	ck_assert_uint_eq(nr, 2);
	ck_assert_str_eq(names[0], "0002_a.sql");
	ck_assert_str_eq(names[1], "0010_b.sql");
	fs_free_list(names, nr);
	nr = fs_list_subdirs(dir, &names);
	ck_assert_uint_eq(nr, 2);
	ck_assert_str_eq(names[0], "pgsql");
	ck_assert_str_eq(names[1], "sqlite");
	fs_free_list(names, nr);
	{
		char *missing = at(dir, "missing");
		ck_assert_uint_eq(fs_list_dir(missing, ".sql", &names), 0);
		ck_assert_ptr_null(names);
		free(missing);
	}
	test_rmtree(dir);
	free(dir);
}
END_TEST

Suite *fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_create_all_or_nothing);
	tcase_add_test(tc, test_batch);
	tcase_add_test(tc, test_replace_and_errors);
	tcase_add_test(tc, test_ignored_folder);
	tcase_add_test(tc, test_ignored_folder_at_once);
	tcase_add_test(tc, test_listings);
	suite_add_tcase(s, tc);
	return s;
}

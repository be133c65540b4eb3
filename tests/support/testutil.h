/*
 * Helpers shared by the Check suites: where the tree and the tools are,
 * running a tool and capturing its output, temporary directories, files.
 *
 * Ownership: strings returned as char * belong to the caller (free()); a
 * struct run_result owns its out and err buffers until run_result_release().
 * Helpers fail the current test (ck_abort) on setup errors.
 */
#ifndef MIG_TESTUTIL_H
#define MIG_TESTUTIL_H

#include <check.h>
#include <stdbool.h>

/* The source tree (MIG_TEST_ROOT, default "."). */
const char *test_root(void);
/* The directory of the tools under test (MIG_TEST_BIN, default "bin"). */
const char *test_bin(void);
/* Returns root/rel (caller frees). */
char *test_path(const char *rel);
/* The harness's PostgreSQL URL; aborts the test when there is none. */
const char *test_pg_url(void);

struct run_result {
	int status;  /* exit status, or 128 + signal */
	char *out;   /* owned: everything written to stdout */
	char *err;   /* owned: everything written to stderr */
};

/* The absolute path of bin/<tool> (caller frees). */
char *test_tool_path(const char *tool);

/*
 * Runs argv (argv[0] found in PATH unless it has a slash) in directory cwd
 * (NULL: the current one), with env entries ("NAME=value", NULL-terminated,
 * may be NULL) added to the environment, and stdin from /dev/null; captures
 * stdout and stderr.
 */
void run_argv(struct run_result *r, const char *cwd, const char *const env[],
	      const char *const argv[]);

/*
 * Runs the tool bin/<tool> with args (NULL-terminated) in directory cwd
 * (NULL: the current one), with env entries ("NAME=value", NULL-terminated,
 * may be NULL) added to the environment, and stdin from /dev/null.
 */
void run_tool(struct run_result *r, const char *cwd, const char *const env[],
	      const char *tool, ...) __attribute__((sentinel));
void run_result_release(struct run_result *r);

/*
 * An environment to run a tool, make or just in as a user would, with none
 * of this process's settings leaking in: every variable they read is unset
 * (glibc's putenv("NAME") removes NAME; PGPASSFILE points nowhere), then
 * the entries of first and then of extra (each NULL-terminated, may be
 * NULL). The array is the caller's to free; its strings are borrowed.
 */
const char **test_clean_env(const char *const *first, const char *const *extra);

/* A new empty directory under TMPDIR (caller frees the path). */
char *test_mkdtemp(void);
/* Removes path and everything below it. */
void test_rmtree(const char *path);
void test_write_file(const char *path, const char *content);
/* The file's contents (caller frees); NULL when it cannot be read. */
char *test_read_file(const char *path);
bool test_file_exists(const char *path);

#endif

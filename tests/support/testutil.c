#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "strbuf.h"
#include "xalloc.h"

const char *test_root(void)
{
	const char *r = getenv("MIG_TEST_ROOT");
	return r && *r ? r : ".";
}

const char *test_bin(void)
{
	const char *b = getenv("MIG_TEST_BIN");
	return b && *b ? b : "bin";
}

char *test_path(const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", test_root(), rel);
	return strbuf_detach(&sb, NULL);
}

const char *test_pg_url(void)
{
	const char *url = getenv("MIG_TEST_PG_URL");

	if (!url || !*url)
		ck_abort_msg("this test needs PostgreSQL: run it through `make check`, "
			     "whose harness (tests/pg-harness.sh) starts a server and sets MIG_TEST_PG_URL");
	return url;
}

char *test_tool_path(const char *tool)
{
	struct strbuf sb = STRBUF_INIT;
	const char *bin = test_bin();

	if (bin[0] != '/') {
		char cwd[4096];
		ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
		strbuf_addf(&sb, "%s/", cwd);
	}
	strbuf_addf(&sb, "%s/%s", bin, tool);
	return strbuf_detach(&sb, NULL);
}

void run_tool(struct run_result *r, const char *cwd, const char *const env[],
	      const char *tool, ...)
{
	const char *argv[64];
	int nargs = 0;
	char *path = test_tool_path(tool);
	va_list ap;

	argv[nargs++] = path;
	va_start(ap, tool);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
		ck_assert_int_lt(nargs, 63);
		argv[nargs++] = a;
	}
	va_end(ap);
	argv[nargs] = NULL;
	run_argv(r, cwd, env, argv);
	free(path);
}

void run_argv(struct run_result *r, const char *cwd, const char *const env[],
	      const char *const argv[])
{
	int out[2], err[2], status;
	struct strbuf so = STRBUF_INIT, se = STRBUF_INIT;
	struct pollfd fds[2];
	pid_t pid;

	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(err), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		if (cwd && chdir(cwd) != 0)
			_exit(126);
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	fds[0].fd = out[0];
	fds[1].fd = err[0];
	fds[0].events = fds[1].events = POLLIN;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			ck_abort_msg("poll: %s", strerror(errno));
		}
		for (int i = 0; i < 2; i++) {
			char buf[8192];
			ssize_t n;
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(fds[i].fd, buf, sizeof(buf));
			if (n > 0) {
				strbuf_add(i == 0 ? &so : &se, buf, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = strbuf_detach(&so, NULL);
	r->err = strbuf_detach(&se, NULL);
}

void run_result_release(struct run_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *test_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/mig-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(sb.buf));
	return strbuf_detach(&sb, NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void test_rmtree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void test_write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(content, f);
	ck_assert_int_eq(fclose(f), 0);
}

char *test_read_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

bool test_file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}


/*
 * What the tools, make and just read from the environment; a developer's
 * settings, or the make check running the tests (MAKEFLAGS: its -j,
 * SANITIZE=1, its job server), must not change what a test sees.
 */
static const char *const clean_env[] = {
	"DATABASE_URL", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DATABASE", "POSTGRES_USER",
	"POSTGRES_PASSWORD", "MIG_ENV", "PYTHON_ENV", "LOG_SECRETS", "LOG_LEVEL", "UPDATE_MESSAGE",
	"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSERVICE",
	"PGOPTIONS", "PGAPPNAME", "PGSSLMODE", "PGCONNECT_TIMEOUT", "NO_COLOR",
	"PGPASSFILE=/nonexistent/mig-test-pgpass",
	"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS", "MAKEFILES",
	"MIG_BIN", "MIG_MODELS", "MIG_MIGRATIONS", "MIG_APP", "MIG_SEEDS", "MIG_BACKUPS", "MIG_BACKUP",
	"MIG_FLEET", "MIG_FLEET_STATUS", "MIG_GRAPH", "MIG_SCRATCH_URL", "MIG_PG_DUMP",
	"name", "to", "rev", "SOURCE_DATE_EPOCH",
};

const char **test_clean_env(const char *const *first, const char *const *extra)
{
	size_t nr = sizeof(clean_env) / sizeof(clean_env[0]), n = 0, nfirst = 0, nextra = 0;
	const char **env;

	while (first && first[nfirst])
		nfirst++;
	while (extra && extra[nextra])
		nextra++;
	env = xcalloc(nr + nfirst + nextra + 1, sizeof(*env));
	for (size_t i = 0; i < nr; i++)
		env[n++] = clean_env[i];
	for (size_t i = 0; i < nfirst; i++)
		env[n++] = first[i];
	for (size_t i = 0; i < nextra; i++)
		env[n++] = extra[i];
	env[n] = NULL;
	return env;
}

/* The apply suite's project and helpers (apply_test.h). */
#include <ctype.h>
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

/* --- a project: migrations folder, database, tools ---------------------- */

void proj_init(struct proj *p, const char *dbname)
{
	struct strbuf sb = STRBUF_INIT;

	p->dir = test_mkdtemp();
	strbuf_addf(&sb, "%s/migrations/pgsql", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	p->migs = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_release(&sb);
	pgtest_create(&p->db, dbname);
	strbuf_addf(&sb, "DATABASE_URL=%s", p->db.url);
	p->url_env = strbuf_detach(&sb, NULL);
}

void proj_release(struct proj *p)
{
	pgtest_drop(&p->db);
	test_rmtree(p->dir);
	free(p->dir);
	free(p->migs);
	free(p->url_env);
}

/* The environment of a run: clean, DATABASE_URL = p's database (when p), then extra. */
const char **run_env(const struct proj *p, const char *const *extra)
{
	const char *url[] = { p ? p->url_env : NULL, NULL };

	return test_clean_env(url, extra);
}

/*
 * mig-apply's log lines (the database, each migration, the summary: in a
 * pipe too, by default), taken out of r->err, so that a test of something
 * else sees only that; the tests of the log itself ask for it (--progress,
 * LOG_LEVEL) and see it whole.
 */
static void drop_log_lines(struct run_result *r)
{
	static const char *const starts[] = {
		"mig-apply: database ", "mig-apply: applied ", "mig-apply: undid ", "mig-apply: nothing to do; ",
		"mig-apply: lock timeout on ", "[",
	};
	struct strbuf kept = STRBUF_INIT;

	for (const char *line = r->err; *line;) {
		size_t len = strcspn(line, "\n");
		bool log = len == 0 || (line[0] == '(' && strstr(line, " ms)") && strstr(line, " ms)") < line + len);
		for (size_t i = 0; !log && i < sizeof(starts) / sizeof(starts[0]); i++)
			log = strncmp(line, starts[i], strlen(starts[i])) == 0;
		if (!log)
			strbuf_add(&kept, line, len + (line[len] == '\n'));
		line += len + (line[len] == '\n');
	}
	free(r->err);
	r->err = strbuf_detach(&kept, NULL);
}

/* Runs bin/<tool> args... in dir with run_env(p, extra). */
static void vtool(struct run_result *r, const struct proj *p, const char *dir, const char *const *extra,
		  const char *name, va_list ap)
{
	const char *argv[64];
	const char **env = run_env(p, extra);
	char *path = test_tool_path(name);
	int n = 0;

	argv[n++] = path;
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
		ck_assert_int_lt(n, 63);
		argv[n++] = a;
	}
	argv[n] = NULL;
	run_argv(r, dir, env, argv);
	{
		bool asked = false;
		for (int i = 1; i < n; i++)
			asked = asked || strcmp(argv[i], "--progress") == 0 || strcmp(argv[i], "-q") == 0;
		for (const char *const *e = extra; e && *e; e++)
			asked = asked || strncmp(*e, "LOG_LEVEL=", 10) == 0;
		if (strcmp(name, "mig-apply") == 0 && !asked)
			drop_log_lines(r);
	}
	free(path);
	free(env);
}

/* A tool in p's directory against p's database. */
void tool(struct run_result *r, const struct proj *p, const char *name, ...)
{
	va_list ap;

	va_start(ap, name);
	vtool(r, p, p->dir, NULL, name, ap);
	va_end(ap);
}

/* The same with extra environment entries (which may replace DATABASE_URL, or unset it). */
void tool_env(struct run_result *r, const struct proj *p, const char *const *extra,
		     const char *name, ...)
{
	va_list ap;

	va_start(ap, name);
	vtool(r, p, p->dir, extra, name, ap);
	va_end(ap);
}

/* A run that succeeds quietly (no terminal: no progress, no summary). */
void ok_quiet(struct run_result *r)
{
	ASSERT_EXIT(*r, 0);
	ck_assert_str_eq(r->err, "");
	run_result_release(r);
}

/* mig-gen --rehash: the hand-written migrations recorded in mig.sum. */
void rehash(const struct proj *p)
{
	struct run_result r;

	tool(&r, p, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/mig.sum\n");
	run_result_release(&r);
}

/* The h1: checksum that mig.sum records for rev's file (caller frees). */
char *sum_of(const struct proj *p, const char *rev)
{
	struct strbuf path = STRBUF_INIT, key = STRBUF_INIT;
	char *text, *hit, *end, *sum;

	strbuf_addf(&path, "%s/mig.sum", p->migs);
	text = test_read_file(path.buf);
	ck_assert_ptr_nonnull(text);
	strbuf_addf(&key, "\n%s.sql ", rev);
	hit = strstr(text, key.buf);
	ck_assert_msg(hit != NULL, "%s is not in mig.sum:\n%s", rev, text);
	hit += key.len;
	end = strchr(hit, '\n');
	sum = xstrndup(hit, end ? (size_t)(end - hit) : strlen(hit));
	free(text);
	strbuf_release(&path);
	strbuf_release(&key);
	return sum;
}

/* --- what the database holds ------------------------------------------ */

/* Polls (every 20 ms, up to 20 s) until the query gives want. */
void wait_for_value(struct pgtest_db *db, const char *sql, const char *want)
{
	struct timespec tick = { 0, 20000000L };
	char *got = NULL;

	for (int i = 0; i < 1000; i++) {
		free(got);
		got = pgtest_value(db, sql);
		if (got && strcmp(got, want) == 0) {
			free(got);
			return;
		}
		nanosleep(&tick, NULL);
	}
	ck_abort_msg("after 20 s, %s still gives \"%s\", not \"%s\"", sql, got ? got : "(null)", want);
}

/* Polls (every 20 ms, up to 20 s) until the query gives a value other than NULL and not; returns it. */
char *wait_for_other_value(struct pgtest_db *db, const char *sql, const char *not)
{
	struct timespec tick = { 0, 20000000L };

	for (int i = 0; i < 1000; i++) {
		char *got = pgtest_value(db, sql);
		if (got && (!not || strcmp(got, not) != 0))
			return got;
		free(got);
		nanosleep(&tick, NULL);
	}
	ck_abort_msg("after 20 s, %s still gives NULL or \"%s\"", sql, not ? not : "(null)");
	return NULL;
}

/* No mig-apply lock is left: every advisory lock of the server is gone. */
void expect_no_advisory_lock(struct pgtest_db *db)
{
	wait_for_value(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", "0");
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* --- JSON: just enough of a parser to say that output is valid -------- */

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_value(const char *p, int depth);

static const char *json_string(const char *p)
{
	if (*p != '"')
		return NULL;
	for (p++; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
	}
	return p + 1;
}

static const char *json_number(const char *p)
{
	const char *start;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (isdigit((unsigned char)*p))
		while (isdigit((unsigned char)*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		start = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		if (p == start)
			return NULL;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		start = p;
		while (isdigit((unsigned char)*p))
			p++;
		if (p == start)
			return NULL;
	}
	return p;
}

/* An object or an array: p is at its opening bracket; close is its closing one. */
static const char *json_list(const char *p, char close, bool object, int depth)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if (!(p = json_string(p)))
				return NULL;
			p = json_ws(p);
			if (*p != ':')
				return NULL;
			p = json_ws(p + 1);
		}
		if (!(p = json_value(p, depth + 1)))
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = json_ws(p + 1);
	}
}

static const char *json_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	switch (*p) {
	case '{': return json_list(p, '}', true, depth);
	case '[': return json_list(p, ']', false, depth);
	case '"': return json_string(p);
	case 't': return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f': return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n': return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default: return json_number(p);
	}
}

void expect_json(const char *text)
{
	const char *end = json_value(json_ws(text), 0);

	ck_assert_msg(end && *json_ws(end) == '\0', "not valid JSON:\n%s", text);
}

/* --- revisions used below ----------------------------------------------- */

/* R1..R4, each creating table tN. */
void chain_of_four(struct proj *p)
{
	test_write_migration(p->migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	test_write_migration(p->migs, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	test_write_migration(p->migs, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	test_write_migration(p->migs, R4, R3, true, "CREATE TABLE t4 (id int);\n", "DROP TABLE t4;\n");
	rehash(p);
}

/* The JSON object of rev in a mig-heads --json output (caller frees). */
char *json_object_of(const char *json, const char *rev)
{
	struct strbuf key = STRBUF_INIT;
	const char *start, *end;

	strbuf_addf(&key, "{\"revision\": \"%s\"", rev);
	start = strstr(json, key.buf);
	ck_assert_msg(start != NULL, "%s is not in %s", rev, json);
	end = strchr(start, '}');
	ck_assert_ptr_nonnull(end);
	strbuf_release(&key);
	return xstrndup(start, (size_t)(end + 1 - start));
}

/*
 * Starts argv (argv[0] found in PATH unless it has a slash) in p's directory
 * with run_env(p, extra), output to files out_N and err_N; returns its pid.
 */
pid_t spawn_argv(const struct proj *p, const char *const *extra, int n, const char *const *argv)
{
	const char **env = run_env(p, extra);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	pid_t pid;

	strbuf_addf(&out, "%s/out_%d", p->dir, n);
	strbuf_addf(&err, "%s/err_%d", p->dir, n);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = open(out.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || o < 0 || e < 0 || chdir(p->dir) != 0)
			_exit(126);
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		for (size_t i = 0; env[i]; i++)
			putenv((char *)env[i]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	free(env);
	strbuf_release(&out);
	strbuf_release(&err);
	return pid;
}

/* Starts bin/<args[0]> args... as spawn_argv() does. */
pid_t spawn(const struct proj *p, const char *const *extra, int n, const char *const *args)
{
	const char *argv[16];
	char *path = test_tool_path(args[0]);
	int k = 0;
	pid_t pid;

	argv[k++] = path;
	for (int i = 1; args[i] && k < 15; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
	pid = spawn_argv(p, extra, n, argv);
	free(path);
	return pid;
}

int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *spawned_output(const struct proj *p, const char *which, int n)
{
	struct strbuf sb = STRBUF_INIT;
	char *text;

	strbuf_addf(&sb, "%s/%s_%d", p->dir, which, n);
	text = test_read_file(sb.buf);
	strbuf_release(&sb);
	return text ? text : xstrdup("(no output file)");
}

/*
 * mig-apply, mig-heads and mig-stamp as a user meets them, on the harness's
 * PostgreSQL: each test writes migrations by hand into a project directory
 * of its own (mig-gen --rehash records them in mig.sum, as after a hand
 * edit), runs the real tools there with DATABASE_URL naming a database of
 * its own, and checks what a user would: the tables that exist, the rows
 * that survive, mig_history, the exact messages and the exit statuses.
 */
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

#include "diag.h"
#include "fs.h"
#include "pgtest.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* --- a project: migrations folder, database, tools ---------------------- */

struct proj {
	char *dir;          /* the project directory (the tools' working directory) */
	char *migs;         /* dir/migrations/pgsql */
	struct pgtest_db db;
	char *url_env;      /* "DATABASE_URL=<the database's URL>" */
};

static void proj_init(struct proj *p, const char *dbname)
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

static void proj_release(struct proj *p)
{
	pgtest_drop(&p->db);
	test_rmtree(p->dir);
	free(p->dir);
	free(p->migs);
	free(p->url_env);
}

/* The environment of a run: clean, DATABASE_URL = p's database (when p), then extra. */
static const char **run_env(const struct proj *p, const char *const *extra)
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
static void tool(struct run_result *r, const struct proj *p, const char *name, ...)
	__attribute__((sentinel));
static void tool(struct run_result *r, const struct proj *p, const char *name, ...)
{
	va_list ap;

	va_start(ap, name);
	vtool(r, p, p->dir, NULL, name, ap);
	va_end(ap);
}

/* The same with extra environment entries (which may replace DATABASE_URL, or unset it). */
static void tool_env(struct run_result *r, const struct proj *p, const char *const *extra,
		     const char *name, ...) __attribute__((sentinel));
static void tool_env(struct run_result *r, const struct proj *p, const char *const *extra,
		     const char *name, ...)
{
	va_list ap;

	va_start(ap, name);
	vtool(r, p, p->dir, extra, name, ap);
	va_end(ap);
}

#define ASSERT_EXIT(r, want)                                                                      \
	ck_assert_msg((r).status == (want), "exit status %d, not %d\n--- stdout:\n%s--- stderr:\n%s", \
		      (r).status, (want), (r).out, (r).err)

/* A run that succeeds quietly (no terminal: no progress, no summary). */
static void ok_quiet(struct run_result *r)
{
	ASSERT_EXIT(*r, 0);
	ck_assert_str_eq(r->err, "");
	run_result_release(r);
}

/* The path of a migration file. */
static char *mig_path(const struct proj *p, const char *rev)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s.sql", p->migs, rev);
	return strbuf_detach(&sb, NULL);
}

/*
 * Writes migration rev: a 5-line header (so the up section's first line is
 * line 6), then up, then down (NULL: no down section). The message is the
 * revision's slug.
 */
static void write_mig(const struct proj *p, const char *rev, const char *parents, bool transaction,
		      const char *up, const char *down)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = mig_path(p, rev);
	const char *slug = strchr(strchr(rev, '_') + 1, '_') + 1;

	strbuf_addf(&sb, "-- mig:revision %s\n-- mig:parents %s\n-- mig:message %s\n"
			 "-- mig:transaction %s\n-- mig:up\n%s",
		    rev, parents ? parents : "", slug, transaction ? "on" : "off", up);
	if (down)
		strbuf_addf(&sb, "-- mig:down\n%s", down);
	test_write_file(path, sb.buf);
	strbuf_release(&sb);
	free(path);
}

/* mig-gen --rehash: the hand-written migrations recorded in mig.sum. */
static void rehash(const struct proj *p)
{
	struct run_result r;

	tool(&r, p, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/mig.sum\n");
	run_result_release(&r);
}

/* The h1: checksum that mig.sum records for rev's file (caller frees). */
static char *sum_of(const struct proj *p, const char *rev)
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

static void expect_value(struct pgtest_db *db, const char *sql, const char *want)
{
	char *got = pgtest_value(db, sql);

	ck_assert_msg(got && strcmp(got, want) == 0, "%s\n  gave \"%s\"\n  not  \"%s\"", sql,
		      got ? got : "(null)", want);
	free(got);
}

static void expect_rows(struct pgtest_db *db, const char *sql, const char *want)
{
	char *got = pgtest_rows(db, sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s\n  gave:\n%s  not:\n%s", sql, got, want);
	free(got);
}

/* The tables of schema public but mig_history, "a,b,c". */
static void expect_tables(struct proj *p, const char *want)
{
	expect_value(&p->db,
		     "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables "
		     "WHERE schemaname = 'public' AND tablename <> 'mig_history'",
		     want);
}

/* The revisions in mig_history, "r1,r2" ("-" when there is no mig_history). */
static void expect_history(struct proj *p, const char *want)
{
	char *exists = pgtest_value(&p->db, "SELECT to_regclass('mig_history') IS NOT NULL");

	if (strcmp(exists, "t") == 0)
		expect_value(&p->db,
			     "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM mig_history",
			     want);
	else
		ck_assert_msg(strcmp(want, "-") == 0, "there is no mig_history; expected %s", want);
	free(exists);
}

/* Polls (every 20 ms, up to 20 s) until the query gives want. */
static void wait_for_value(struct pgtest_db *db, const char *sql, const char *want)
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
static char *wait_for_other_value(struct pgtest_db *db, const char *sql, const char *not)
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
static void expect_no_advisory_lock(struct pgtest_db *db)
{
	wait_for_value(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", "0");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t count_lines(const char *s)
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

static void expect_json(const char *text)
{
	const char *end = json_value(json_ws(text), 0);

	ck_assert_msg(end && *json_ws(end) == '\0', "not valid JSON:\n%s", text);
}

/* --- revisions used below ----------------------------------------------- */

#define R1 "0001_20260101000001_one"
#define R2 "0002_20260101000002_two"
#define R3 "0003_20260101000003_three"
#define R4 "0004_20260101000004_four"

/* R1..R4, each creating table tN. */
static void chain_of_four(struct proj *p)
{
	write_mig(p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(p, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	write_mig(p, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	write_mig(p, R4, R3, true, "CREATE TABLE t4 (id int);\n", "DROP TABLE t4;\n");
	rehash(p);
}

/* --- 1. targets ------------------------------------------------------------ */

START_TEST(test_upgrade_and_downgrade_targets)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_targets");
	chain_of_four(&p);

	/* to a revision: it and its ancestors */
	tool(&r, &p, "mig-apply", "--to", R2, NULL);
	ck_assert_str_eq(r.out, "");
	ok_quiet(&r);
	expect_tables(&p, "t1,t2");
	expect_history(&p, R1 "," R2);

	tool(&r, &p, "mig-apply", "--to", "+1", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3");
	expect_history(&p, R1 "," R2 "," R3);

	/* the default: head */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3,t4");
	expect_history(&p, R1 "," R2 "," R3 "," R4);
	tool(&r, &p, "mig-apply", "--to", "head", NULL);
	ok_quiet(&r);
	expect_history(&p, R1 "," R2 "," R3 "," R4);

	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3");
	expect_history(&p, R1 "," R2 "," R3);

	/* down to a revision (a unique prefix of it): what was applied after it */
	tool(&r, &p, "mig-apply", "--to", "0001", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1");
	expect_history(&p, R1);

	/* more than there is: nothing runs */
	tool(&r, &p, "mig-apply", "--to", "+4", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to +4: only 3 migrations can be applied\n");
	run_result_release(&r);
	expect_tables(&p, "t1");
	tool(&r, &p, "mig-apply", "--to", "nope", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to: there is no revision \"nope\" in migrations/pgsql\n");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--to", "-x", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to: \"-x\" is invalid\n"
				"mig-apply: hint: give head, base, a revision, +N or -N\n");
	run_result_release(&r);

	tool(&r, &p, "mig-apply", "--to", "+3", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3,t4");
	tool(&r, &p, "mig-apply", "--to", "-2", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2");
	expect_history(&p, R1 "," R2);

	/* base: every down; the version table stays, empty */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	expect_tables(&p, "");
	expect_history(&p, "");
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: error: --to -1: only 0 migrations can be undone\n");
	run_result_release(&r);

	/* and up again from base */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3,t4");
	proj_release(&p);
}
END_TEST

/* --single-transaction: a failure in the last migration undoes every one of the run. */
START_TEST(test_single_transaction)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_single");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(&p, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	write_mig(&p, R3, R2, true, "CREATE TABLE t3 (id int);\nSELECT 1 / 0;\n", "DROP TABLE t3;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);

	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" R3 ".sql:7: division by zero (SQLSTATE 22012)\n"
		"mig-apply: revision " R3 " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " R2 "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	expect_tables(&p, "t1");
	expect_history(&p, R1);

	write_mig(&p, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3");
	expect_history(&p, R1 "," R2 "," R3);
	proj_release(&p);
}
END_TEST

/* --- 2. branches and a merge ------------------------------------------- */

#define RL "0002_20260101000002_left"
#define RR "0002_20260101000003_right"
#define RM "0003_20260101000004_merge"

/* "rev<padding>message\n" as mig-heads aligns it: the longest revision + 2. */
static void heads_line(struct strbuf *out, const char *rev, const char *message, size_t longest)
{
	strbuf_addf(out, "%-*s%s\n", (int)(longest + 2), rev, message);
}

START_TEST(test_branches_and_merge)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	size_t w = strlen(RR);
	char *down_plan;

	proj_init(&p, "mig_apply_branches");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(&p, RL, R1, true, "CREATE TABLE tl (id int);\n", "DROP TABLE tl;\n");
	write_mig(&p, RR, R1, true, "CREATE TABLE tr (id int);\n", "DROP TABLE tr;\n");
	rehash(&p);

	/* two heads */
	heads_line(&want, RL, "left", w);
	heads_line(&want, RR, "right", w);
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
	expect_tables(&p, "t1,tl,tr");
	expect_history(&p, R1 "," RL "," RR);
	tool(&r, &p, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* a hand-written merge joins them */
	write_mig(&p, RM, RL " " RR, true, "CREATE TABLE tm (id int);\n", "DROP TABLE tm;\n");
	rehash(&p);
	strbuf_reset(&want);
	heads_line(&want, RM, "merge", w);
	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tl,tm,tr");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* one step down: the merge; both branches are current again */
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tl,tr");
	expect_history(&p, R1 "," RL "," RR);
	strbuf_reset(&want);
	heads_line(&want, RL, "left", w);
	heads_line(&want, RR, "right", w);
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
	expect_tables(&p, "t1");
	expect_history(&p, R1);

	/* one branch alone, then the rest */
	tool(&r, &p, "mig-apply", "--to", RR, NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tr");
	tool(&r, &p, "mig-apply", "--to", RM, NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tl,tm,tr");
	expect_history(&p, R1 "," RL "," RR "," RM);
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	expect_tables(&p, "");
	expect_history(&p, "");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 3. --sql is what runs ----------------------------------------------- */

/*
 * The simple-query statements that application app sent to database db,
 * from the server log after offset from (log_statement=all), each followed
 * by an empty line as mig-apply --sql prints them. Continuation lines of a
 * logged statement start with a tab, which the server added.
 */
static char *logged_statements(const char *log, long from, const char *app, const char *db)
{
	char *text = test_read_file(log), *line, *next;
	struct strbuf out = STRBUF_INIT, marker = STRBUF_INIT;
	bool in_stmt = false;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_le(from, (long)strlen(text));
	strbuf_addf(&marker, "] %s@%s LOG:  statement: ", app, db);
	for (line = text + from; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (line[0] == '\t') {
			if (in_stmt)
				strbuf_addf(&out, "\n%s", line + 1);
			continue;
		}
		if (in_stmt)
			strbuf_addstr(&out, "\n");
		in_stmt = false;
		char *hit = strstr(line, marker.buf);
		if (hit) {
			strbuf_addstr(&out, hit + marker.len);
			in_stmt = true;
		}
	}
	if (in_stmt)
		strbuf_addstr(&out, "\n");
	free(text);
	strbuf_release(&marker);
	return strbuf_detach(&out, NULL);
}

static long log_size(void)
{
	const char *log = getenv("MIG_TEST_PG_LOG");
	struct stat st;

	ck_assert_msg(log && stat(log, &st) == 0, "the harness's server log is needed (MIG_TEST_PG_LOG)");
	return (long)st.st_size;
}

/* mig-apply --sql, then the real run with the statements logged: the same texts. */
static void expect_sql_is_what_runs(struct proj *p, const char *to)
{
	const char *const log_all[] = { "PGOPTIONS=-c log_statement=all", NULL };
	struct run_result r;
	char *printed, *sent, *by_lock;
	long from;

	tool_env(&r, p, log_all, "mig-apply", "--sql", "--to", to, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	printed = r.out;
	r.out = NULL;
	run_result_release(&r);
	ck_assert_msg(strstr(printed, "-- ") == printed, "%s", printed);

	from = log_size();
	tool_env(&r, p, log_all, "mig-apply", "--to", to, NULL);
	ok_quiet(&r);
	sent = logged_statements(getenv("MIG_TEST_PG_LOG"), from, "mig-apply", p->db.name);
	ck_assert_msg(strcmp(printed, sent) == 0, "--sql printed:\n%s\n=== but the server was sent:\n%s", printed,
		      sent);
	/* the lock connection sends no SQL of its own, only the lock's query */
	by_lock = logged_statements(getenv("MIG_TEST_PG_LOG"), from, "mig-apply lock", p->db.name);
	ck_assert_str_eq(by_lock, "");
	free(printed);
	free(sent);
	free(by_lock);
}

START_TEST(test_sql_output_is_what_runs)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_sql");
	write_mig(&p, R1, NULL, true,
		  "CREATE TABLE t1 (id int, note text);\n"
		  "\n"
		  "-- a function whose body holds semicolons\n"
		  "CREATE FUNCTION t1_count() RETURNS bigint LANGUAGE plpgsql AS $$\n"
		  "BEGIN\n"
		  "\tRETURN (SELECT count(*) FROM t1);\n"
		  "END;\n"
		  "$$;\n"
		  "INSERT INTO t1 VALUES (1, 'a;b'), (2, E'line\\nbreak');\n",
		  "DROP FUNCTION t1_count();\nDROP TABLE t1;\n");
	write_mig(&p, R2, R1, false,
		  "CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);\n"
		  "CREATE INDEX CONCURRENTLY t1_note_idx ON t1 (note);\n",
		  "DROP INDEX CONCURRENTLY t1_note_idx;\nDROP INDEX CONCURRENTLY t1_id_idx;\n");
	write_mig(&p, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);

	/* --sql touches nothing */
	tool(&r, &p, "mig-apply", "--sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "RETURN (SELECT count(*) FROM t1);\nEND;\n$$;\n") != NULL, "%s", r.out);
	run_result_release(&r);
	expect_history(&p, "-");
	expect_tables(&p, "");

	expect_sql_is_what_runs(&p, "head");
	expect_tables(&p, "t1,t3");
	expect_value(&p.db, "SELECT t1_count()", "2");
	expect_sql_is_what_runs(&p, "base");
	expect_tables(&p, "");
	expect_sql_is_what_runs(&p, "+2");
	expect_tables(&p, "t1");
	proj_release(&p);
}
END_TEST

/* --- 4. CREATE INDEX CONCURRENTLY outside a transaction -------------------- */

START_TEST(test_transaction_off_create_index_concurrently)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_cic");
	write_mig(&p, R1, NULL, true,
		  "CREATE TABLE t (id int PRIMARY KEY, v text);\n"
		  "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g;\n",
		  "DROP TABLE t;\n");
	write_mig(&p, R2, R1, false,
		  "CREATE INDEX CONCURRENTLY t_v_idx ON t (v);\n"
		  "CREATE UNIQUE INDEX CONCURRENTLY t_v_id_idx ON t (v, id);\n",
		  "DROP INDEX CONCURRENTLY t_v_id_idx;\nDROP INDEX CONCURRENTLY t_v_idx;\n");
	rehash(&p);

	/* it cannot be part of one transaction */
	tool(&r, &p, "mig-apply", "--single-transaction", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: migrations/pgsql/" R2 ".sql: runs outside a transaction "
				"(-- mig:transaction off): it cannot be part of --single-transaction\n");
	run_result_release(&r);
	expect_tables(&p, "");

	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_rows(&p.db,
		    "SELECT c.relname, i.indisvalid, i.indisready FROM pg_index i "
		    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 't'::regclass ORDER BY 1",
		    "t_pkey|t|t\nt_v_id_idx|t|t\nt_v_idx|t|t\n");
	expect_rows(&p.db, "SELECT revision, dirty, operation, progress, duration IS NOT NULL FROM mig_history "
			   "ORDER BY revision",
		    R1 "|f|NULL|NULL|t\n" R2 "|f|NULL|NULL|t\n");

	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	expect_rows(&p.db,
		    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
		    "WHERE i.indrelid = 't'::regclass ORDER BY 1",
		    "t_pkey\n");
	expect_history(&p, R1);
	expect_value(&p.db, "SELECT count(*) FROM t", "1000");
	proj_release(&p);
}
END_TEST

/* --- 5. concurrent runs ---------------------------------------------------- */

#define NR_CONCURRENT_MIGS 50
#define NR_RUNNERS 8

static char *rev_name(int i)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%04d_20260101%06d_m%d", i, i, i);
	return strbuf_detach(&sb, NULL);
}

/*
 * Starts argv (argv[0] found in PATH unless it has a slash) in p's directory
 * with run_env(p, extra), output to files out_N and err_N; returns its pid.
 */
static pid_t spawn_argv(const struct proj *p, const char *const *extra, int n, const char *const *argv)
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
static pid_t spawn(const struct proj *p, const char *const *extra, int n, const char *const *args)
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

static int wait_exit(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *spawned_output(const struct proj *p, const char *which, int n)
{
	struct strbuf sb = STRBUF_INIT;
	char *text;

	strbuf_addf(&sb, "%s/%s_%d", p->dir, which, n);
	text = test_read_file(sb.buf);
	strbuf_release(&sb);
	return text ? text : xstrdup("(no output file)");
}

START_TEST(test_concurrent_runs_apply_each_revision_once)
{
	struct proj p;
	struct strbuf up = STRBUF_INIT, all = STRBUF_INIT;
	const char *const args[] = { "mig-apply", "-q", NULL };
	pid_t pids[NR_RUNNERS];
	char *prev = NULL;

	proj_init(&p, "mig_apply_concurrent");
	for (int i = 1; i <= NR_CONCURRENT_MIGS; i++) {
		char *rev = rev_name(i);
		strbuf_reset(&up);
		/* the first one is slow, so that the other runs find the lock taken */
		if (i == 1)
			strbuf_addstr(&up, "CREATE TABLE log (rev text NOT NULL, pid int NOT NULL DEFAULT "
					   "pg_backend_pid());\nSELECT pg_sleep(0.3);\n");
		strbuf_addf(&up, "INSERT INTO log (rev) VALUES ('%s');\n", rev);
		write_mig(&p, rev, prev, true, up.buf, i == 1 ? "DROP TABLE log;\n" : "SELECT 1;\n");
		strbuf_addf(&all, "%s%s", all.len ? "," : "", rev);
		free(prev);
		prev = rev;
	}
	free(prev);
	rehash(&p);

	for (int k = 0; k < NR_RUNNERS; k++)
		pids[k] = spawn(&p, NULL, k, args);
	for (int k = 0; k < NR_RUNNERS; k++) {
		int status = wait_exit(pids[k]);
		char *out = spawned_output(&p, "out", k), *err = spawned_output(&p, "err", k);
		ck_assert_msg(status == 0 && !*out && !*err, "run %d: exit %d\n%s%s", k, status, out, err);
		free(out);
		free(err);
	}
	expect_history(&p, all.buf);
	expect_value(&p.db, "SELECT count(*) FROM mig_history", "50");
	/* each migration's SQL ran once, all in one run's session */
	expect_value(&p.db, "SELECT count(*) || ' ' || count(DISTINCT rev) || ' ' || count(DISTINCT pid) FROM log",
		     "50 50 1");
	expect_value(&p.db, "SELECT string_agg(rev, ',' ORDER BY rev) FROM log", all.buf);
	expect_no_advisory_lock(&p.db);
	strbuf_release(&up);
	strbuf_release(&all);
	proj_release(&p);
}
END_TEST

/* --- 6. a failing statement ------------------------------------------------- */

#define RBAD "0002_20260101000002_bad"

START_TEST(test_failing_statement_names_file_line_and_sqlstate)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_failing");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n",
		  "DROP TABLE t;\n");
	/* lines 6..: the failing INSERT starts on line 10 */
	write_mig(&p, RBAD, R1, true,
		  "CREATE TABLE t2 (id int);\n"
		  "INSERT INTO t2 VALUES (1);\n"
		  "\n"
		  "-- this one fails\n"
		  "INSERT INTO t\n"
		  "  VALUES (1);\n"
		  "CREATE TABLE t3 (id int);\n",
		  "DROP TABLE t3;\nDROP TABLE t2;\n");
	write_mig(&p, R3, RBAD, true, "CREATE TABLE t4 (id int);\n", "DROP TABLE t4;\n");
	rehash(&p);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:10: duplicate key value violates unique constraint "
		"\"t_pkey\" (SQLSTATE 23505)\n"
		"mig-apply: detail: Key (id)=(1) already exists.\n"
		"mig-apply: revision " RBAD " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	/* at the last good revision: the failing migration's first statements are undone */
	expect_tables(&p, "t");
	expect_history(&p, R1);
	expect_value(&p.db, "SELECT string_agg(id::text, ',') FROM t", "1");

	/* a message with a hint (the migration is not applied: it may be edited) */
	write_mig(&p, RBAD, R1, true, "CREATE TABLE t2 (id int);\nSELECT no_such_function(1);\n",
		  "DROP TABLE t2;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:7: function no_such_function(integer) does not exist "
		"(SQLSTATE 42883)\n"
		"mig-apply: hint: No function matches the given name and argument types. You might need to add "
		"explicit type casts.\n"
		"mig-apply: revision " RBAD " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	expect_tables(&p, "t");

	/* a failing down: the database stays where it was, and says what is still applied */
	write_mig(&p, RBAD, R1, true, "CREATE TABLE t2 (id int);\n",
		  "DROP TABLE t2;\nDROP TABLE no_such_table;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t,t2,t4");
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" RBAD ".sql:9: table \"no_such_table\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " RBAD " failed; the database is at " RBAD "\n"
		"mig-apply: MIGRATIONS STILL APPLIED:\n"
		"mig-apply:   " RBAD "\n"
		"mig-apply:   " R1 "\n");
	run_result_release(&r);
	expect_tables(&p, "t,t2");
	expect_history(&p, R1 "," RBAD);
	proj_release(&p);
}
END_TEST

/* --- 7. a killed run --------------------------------------------------------- */

#define RSLOW "0002_20260101000002_slow"

/* R1 creates log; RSLOW logs, sleeps (sleep_sql), logs; R3 logs. */
static void slow_chain(struct proj *p, const char *sleep_sql)
{
	struct strbuf up = STRBUF_INIT;

	write_mig(p, R1, NULL, true, "CREATE TABLE log (what text);\nINSERT INTO log VALUES ('one');\n",
		  "DROP TABLE log;\n");
	strbuf_addf(&up, "INSERT INTO log VALUES ('two before');\n%sINSERT INTO log VALUES ('two after');\n",
		    sleep_sql);
	write_mig(p, RSLOW, R1, true, up.buf, "SELECT 1;\n");
	write_mig(p, R3, RSLOW, true, "INSERT INTO log VALUES ('three');\n", "SELECT 1;\n");
	rehash(p);
	strbuf_release(&up);
}

/* Starts mig-apply, waits until its connection runs pg_sleep, kills it (SIGKILL). */
static void kill_during_sleep(struct proj *p)
{
	const char *const args[] = { "mig-apply", NULL };
	pid_t pid = spawn(p, NULL, 0, args);

	wait_for_value(&p->db,
		       "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply' "
		       "AND state = 'active' AND query LIKE '%pg_sleep%'",
		       "1");
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(wait_exit(pid), 128 + SIGKILL);
}

/* Every revision once, each migration's rows once, and nothing left locked. */
static void expect_all_applied_once(struct proj *p)
{
	struct run_result r;
	double t0;

	expect_history(p, R1 "," RSLOW "," R3);
	expect_rows(&p->db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what",
		    "one|1\nthree|1\ntwo after|1\ntwo before|1\n");
	expect_no_advisory_lock(&p->db);
	/* a later run does not wait for anything */
	t0 = now_s();
	tool(&r, p, "mig-apply", NULL);
	ok_quiet(&r);
	ck_assert_msg(now_s() - t0 < 10, "a run with nothing to do took %.1f s", now_s() - t0);
	tool(&r, p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
}

/*
 * The user kills a deploy while a migration runs, and runs it again: the
 * new run waits for the killed run's server process (still running the
 * migration), then finishes the job.
 */
START_TEST(test_killed_run_is_finished_by_the_next)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_killed");
	slow_chain(&p, "SELECT pg_sleep(1.5);\n");
	kill_during_sleep(&p);

	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_all_applied_once(&p);
	proj_release(&p);
}
END_TEST

/*
 * The same, but the DBA also ends the killed run's query (it would sleep for
 * an hour), then shortens the migration, which was never applied: the new
 * run applies it from the start.
 */
START_TEST(test_killed_run_whose_query_is_terminated)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_terminated");
	slow_chain(&p, "SELECT pg_sleep(3600);\n");
	kill_during_sleep(&p);
	expect_value(&p.db,
		     "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity "
		     "WHERE application_name = 'mig-apply' AND query LIKE '%pg_sleep%'",
		     "t");
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'mig-apply%'",
		       "0");
	expect_history(&p, R1);
	expect_rows(&p.db, "SELECT what FROM log", "one\n");

	slow_chain(&p, "");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_all_applied_once(&p);
	proj_release(&p);
}
END_TEST

/* --- 8. an applied migration changed ----------------------------------------- */

START_TEST(test_changed_applied_migration_is_refused)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	char *old_sum, *new_sum;

	proj_init(&p, "mig_apply_changed");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(&p, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	old_sum = sum_of(&p, R1);
	expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", old_sum);

	/* edited without mig-gen --rehash: the sum file says so first */
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id bigint);\n", "DROP TABLE t1;\n");
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-apply: migrations/pgsql/mig.sum: " R1 ".sql was edited after the sum file "
				"was written\n"
				"mig-apply: hint: if the change is deliberate, run mig-gen --rehash; otherwise "
				"restore the migration from version control\n");
	run_result_release(&r);

	/* recorded as deliberate: the database still has the old one */
	rehash(&p);
	write_mig(&p, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	new_sum = sum_of(&p, R1);
	strbuf_addf(&want,
		    "mig-apply: migrations/pgsql/" R1 ".sql: was edited after it was applied to this database "
		    "(checksum %s, now %s)\n"
		    "mig-apply: hint: restore the file; or, if the change is deliberate and the database has it, "
		    "run mig-apply --allow-changed (or record it with mig-stamp " R1 ")\n",
		    old_sum, new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	expect_tables(&p, "t1,t2");
	/* downgrades are refused as well */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	expect_tables(&p, "t1,t2");

	tool(&r, &p, "mig-apply", "--allow-changed", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t2,t3");
	expect_history(&p, R1 "," R2 "," R3);
	/* the old SQL stays applied, and the old checksum recorded */
	expect_value(&p.db, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
			    "WHERE attrelid = 't1'::regclass AND attname = 'id'", "integer");
	expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", old_sum);

	/* mig-stamp records the new file as the applied one */
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "recorded the new checksum of " R1 "\n");
	run_result_release(&r);
	expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" R1 "'", new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	free(old_sum);
	free(new_sum);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 9. mig-stamp, then mig-apply ------------------------------------------- */

START_TEST(test_stamp_then_apply_runs_only_the_rest)
{
	struct proj p;
	struct run_result r;
	char *sum1;

	proj_init(&p, "mig_apply_stamp");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\nINSERT INTO t1 VALUES (1);\n",
		  "DROP TABLE t1;\n");
	write_mig(&p, R2, R1, true, "INSERT INTO t1 VALUES (2);\n", "DELETE FROM t1 WHERE id = 2;\n");
	write_mig(&p, R3, R2, true, "CREATE TABLE t3 (id int);\n", "DROP TABLE t3;\n");
	rehash(&p);
	/* an existing database, already holding what R1 makes */
	pgtest_exec(&p.db, "CREATE TABLE t1 (id int)");

	tool(&r, &p, "mig-stamp", R1, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R1 "\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	sum1 = sum_of(&p, R1);
	expect_rows(&p.db, "SELECT revision, dirty FROM mig_history", R1 "|f\n");
	expect_value(&p.db, "SELECT checksum FROM mig_history", sum1);

	/* only R2 and R3 run: R1's INSERT does not */
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,t3");
	expect_history(&p, R1 "," R2 "," R3);
	expect_value(&p.db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t1", "2");

	/* stamping changes the history only */
	tool(&r, &p, "mig-stamp", "base", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "unstamped " R1 "\nunstamped " R2 "\nunstamped " R3 "\n");
	run_result_release(&r);
	expect_history(&p, "");
	expect_tables(&p, "t1,t3");
	tool(&r, &p, "mig-stamp", "0002", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R1 "\nstamped " R2 "\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R3 "\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	expect_history(&p, R1 "," R2 "," R3);
	expect_value(&p.db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t1", "2");

	tool(&r, &p, "mig-stamp", "nope", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-stamp: error: there is no revision \"nope\" in migrations/pgsql\n");
	run_result_release(&r);
	tool(&r, &p, "mig-stamp", NULL);
	ASSERT_EXIT(r, 2);
	ck_assert_str_eq(r.err, "mig-stamp: error: missing argument\nTry \"mig-stamp --help\" for more "
				"information.\n");
	run_result_release(&r);
	free(sum1);
	proj_release(&p);
}
END_TEST

/* --- 10. a failed migration outside a transaction: dirty, resumed, stamped --- */

#define ROFF "0002_20260101000002_off"
#define ROFF2 "0004_20260101000004_off_two"
#define ROFF3 "0005_20260101000005_off_three"

/* The JSON object of rev in a mig-heads --json output (caller frees). */
static char *json_object_of(const char *json, const char *rev)
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

START_TEST(test_failed_transaction_off_is_dirty_then_resumes)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	size_t w = strlen(R3); /* the longest revision before ROFF2 is written */
	char *obj, *old_sum, *new_sum;

	proj_init(&p, "mig_apply_dirty");
	write_mig(&p, R1, NULL, true, "CREATE TABLE log (what text);\n", "DROP TABLE log;\n");
	write_mig(&p, ROFF, R1, false,
		  "INSERT INTO log VALUES ('one');\n"
		  "INSERT INTO log VALUES ('two');\n"
		  "INSERT INTO missing (what) VALUES ('three');\n"
		  "INSERT INTO log VALUES ('four');\n",
		  "DELETE FROM log WHERE what IN ('one', 'two', 'four');\n");
	write_mig(&p, R3, ROFF, true, "INSERT INTO log VALUES ('five');\n", "DELETE FROM log WHERE what = 'five';\n");
	rehash(&p);

	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" ROFF ".sql:8: relation \"missing\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " ROFF " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " ROFF "\n"
		"mig-apply:   " R3 "\n");
	run_result_release(&r);
	/* the statements before the failed one stay: there was no transaction */
	expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");
	expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
		    R1 "|f|NULL|NULL\n" ROFF "|t|up|2\n");

	/* the mark, where a user looks */
	tool(&r, &p, "mig-heads", "--history", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "%-*s%-50s%s\n", (int)w + 2, ROFF, "dirty: up stopped after 2", "off");
	ck_assert_msg(strstr(r.out, want.buf) != NULL, "no\n%sin\n%s", want.buf, r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--history", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	obj = json_object_of(r.out, ROFF);
	ck_assert_msg(strstr(obj, "\"applied\": false, \"applied_at\": \"") && strstr(obj, "\"duration\": null") &&
		      strstr(obj, "\"dirty\": true}"), "%s", obj);
	free(obj);
	run_result_release(&r);
	strbuf_reset(&want);
	heads_line(&want, R1, "one", w);
	strbuf_addf(&want, "%-*s%s\n", (int)w + 2, ROFF, "off  (dirty: up stopped after 2 statements)");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--current", "--json", NULL);
	ASSERT_EXIT(r, 0);
	expect_json(r.out);
	ck_assert_str_eq(r.out, "{\"current\": [{\"revision\": \"" R1 "\", \"message\": \"one\", \"dirty\": false}, "
				"{\"revision\": \"" ROFF "\", \"message\": \"off\", \"dirty\": true, "
				"\"operation\": \"up\", \"progress\": 2}]}\n");
	run_result_release(&r);
	tool(&r, &p, "mig-heads", "--pending", "--json", NULL);
	ck_assert_str_eq(r.out, "{\"pending\": [{\"revision\": \"" ROFF "\", \"message\": \"off\"}, "
				"{\"revision\": \"" R3 "\", \"message\": \"three\"}]}\n");
	run_result_release(&r);

	/* nothing runs past it, in either direction */
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: error: revision \"" ROFF "\" is dirty: its up stopped after 2 statements\n"
		"mig-apply: hint: fix the cause and run mig-apply (upward) to continue it; if you finished it by "
		"hand, mig-stamp " ROFF " clears the mark\n");
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");

	/* the cause fixed, the next run continues at the failed statement */
	pgtest_exec(&p.db, "CREATE TABLE missing (what text)");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_rows(&p.db, "SELECT what, count(*) FROM log GROUP BY what ORDER BY what",
		    "five|1\nfour|1\none|1\ntwo|1\n");
	expect_rows(&p.db, "SELECT what FROM missing", "three\n");
	expect_rows(&p.db, "SELECT revision, dirty, operation, progress, duration IS NOT NULL FROM mig_history "
			   "ORDER BY revision",
		    R1 "|f|NULL|NULL|t\n" ROFF "|f|NULL|NULL|t\n" R3 "|f|NULL|NULL|t\n");
	strbuf_reset(&want);
	heads_line(&want, R3, "three", strlen(R3));
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* fixed in the file instead: the edit needs --allow-changed, and is then recorded */
	write_mig(&p, ROFF2, R3, false,
		  "INSERT INTO log VALUES ('six');\nINSERT INTO missing_too VALUES ('seven');\n",
		  "DELETE FROM log WHERE what = 'six';\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	old_sum = sum_of(&p, ROFF2);
	write_mig(&p, ROFF2, R3, false,
		  "INSERT INTO log VALUES ('six');\nINSERT INTO missing VALUES ('seven');\n",
		  "DELETE FROM log WHERE what = 'six';\n");
	rehash(&p);
	new_sum = sum_of(&p, ROFF2);
	strbuf_reset(&want);
	strbuf_addf(&want,
		    "mig-apply: migrations/pgsql/" ROFF2 ".sql: was edited after its up stopped part-way on this "
		    "database, after 1 statement (checksum %s, now %s)\n"
		    "mig-apply: hint: if only statements after the first 1 changed, run mig-apply --allow-changed "
		    "to continue with the edited file\n",
		    old_sum, new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", "--allow-changed", NULL);
	ok_quiet(&r);
	expect_value(&p.db, "SELECT count(*) FROM log WHERE what = 'six'", "1");
	expect_rows(&p.db, "SELECT what FROM missing ORDER BY what", "seven\nthree\n");
	expect_value(&p.db, "SELECT checksum FROM mig_history WHERE revision = '" ROFF2 "' AND NOT dirty", new_sum);
	free(old_sum);
	free(new_sum);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);

	/* finished by hand instead: mig-stamp clears the mark */
	write_mig(&p, ROFF3, ROFF2, false, "INSERT INTO log VALUES ('eight');\nSELECT 1 / 0;\n", "SELECT 1;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	run_result_release(&r);
	expect_value(&p.db, "SELECT dirty::text || progress FROM mig_history WHERE revision = '" ROFF3 "'", "true1");
	tool(&r, &p, "mig-stamp", ROFF3, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "cleared the dirty mark of " ROFF3 "\n");
	run_result_release(&r);
	expect_rows(&p.db, "SELECT dirty, operation, progress FROM mig_history WHERE revision = '" ROFF3 "'",
		    "f|NULL|NULL\n");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	tool(&r, &p, "mig-heads", "--pending", "--check", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM log WHERE what = 'eight'", "1");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 11. a wrong password, an unreachable host ------------------------------- */

#define PW_ROLE "mig_password_test"
#define PW_RIGHT "R1ght@Passw0rd"
#define PW_RIGHT_URL "R1ght%40Passw0rd"
#define PW_WRONG "Wr0ng-Passw0rd"

/* One line on stderr, nothing on stdout, the given exit status, and no secret anywhere. */
static void expect_one_line(struct run_result *r, int status, const char *prefix, const char *contains,
			    const char *secret)
{
	ASSERT_EXIT(*r, status);
	ck_assert_str_eq(r->out, "");
	ck_assert_msg(count_lines(r->err) == 1 && r->err[strlen(r->err) - 1] == '\n', "not one line:\n%s", r->err);
	ck_assert_msg(strncmp(r->err, prefix, strlen(prefix)) == 0, "\n%s\ndoes not start with\n%s", r->err, prefix);
	ck_assert_msg(strstr(r->err, contains) != NULL, "\n%s\ndoes not say\n%s", r->err, contains);
	if (secret)
		ck_assert_msg(!strstr(r->err, secret) && !strstr(r->out, secret), "the password shows:\n%s%s",
			      r->out, r->err);
	run_result_release(r);
}

START_TEST(test_wrong_password_and_unreachable_host)
{
	struct proj p;
	struct run_result r;
	struct strbuf wrong = STRBUF_INIT, wrong_env = STRBUF_INIT, shown = STRBUF_INIT, param_env = STRBUF_INIT;
	struct strbuf right_env = STRBUF_INIT, none_env = STRBUF_INIT, port_env = STRBUF_INIT;
	struct strbuf db_env = STRBUF_INIT;
	const char *port = getenv("MIG_TEST_PG_PORT");
	const char *denied = "password authentication failed for user \"" PW_ROLE "\"";
	double t0;

	ck_assert_msg(port && *port, "MIG_TEST_PG_PORT is not set (tests/pg-harness.sh sets it)");
	proj_init(&p, "mig_apply_password");
	pgtest_exec(&p.db, "DROP ROLE IF EXISTS " PW_ROLE);
	pgtest_exec(&p.db, "CREATE ROLE " PW_ROLE " LOGIN PASSWORD '" PW_RIGHT "'; "
			   "GRANT ALL ON SCHEMA public TO " PW_ROLE);
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);

	strbuf_addf(&wrong, "postgresql://" PW_ROLE ":" PW_WRONG "@127.0.0.1:%s/%s", port, p.db.name);
	strbuf_addf(&wrong_env, "DATABASE_URL=%s", wrong.buf);
	strbuf_addf(&shown, "cannot connect to postgresql://" PW_ROLE ":***@127.0.0.1:%s/%s: ", port, p.db.name);
	strbuf_addf(&param_env, "DATABASE_URL=postgresql://" PW_ROLE "@127.0.0.1:%s/%s?password=" PW_WRONG, port,
		    p.db.name);
	strbuf_addf(&right_env, "DATABASE_URL=postgresql://" PW_ROLE ":%s@127.0.0.1:%s/%s", PW_RIGHT_URL, port,
		    p.db.name);
	strbuf_addf(&none_env, "DATABASE_URL=postgresql://" PW_ROLE "@127.0.0.1:%s/%s", port, p.db.name);
	strbuf_addf(&port_env, "POSTGRES_PORT=%s", port);
	strbuf_addf(&db_env, "POSTGRES_DATABASE=%s", p.db.name);
	{
		const char *const env_wrong[] = { wrong_env.buf, NULL };
		const char *const env_param[] = { param_env.buf, NULL };
		const char *const env_vars[] = { "DATABASE_URL", "POSTGRES_HOST=127.0.0.1", port_env.buf,
						  db_env.buf, "POSTGRES_USER=" PW_ROLE,
						  "POSTGRES_PASSWORD=" PW_WRONG, NULL };
		const char *const env_vars_secrets[] = { "DATABASE_URL", "POSTGRES_HOST=127.0.0.1", port_env.buf,
							 db_env.buf, "POSTGRES_USER=" PW_ROLE,
							 "POSTGRES_PASSWORD=" PW_WRONG, "LOG_SECRETS=true", NULL };
		const char *const env_secrets[] = { wrong_env.buf, "LOG_SECRETS=true", NULL };
		const char *const env_none[] = { none_env.buf, NULL };
		const char *const env_right[] = { right_env.buf, NULL };
		const char *const env_refused[] = {
			"DATABASE_URL=postgresql://postgres:Secr3t-unused@127.0.0.1:1/db", NULL };
		const char *const env_unroutable[] = {
			"DATABASE_URL=postgresql://postgres:Secr3t-unused@192.0.2.1:5432/db?connect_timeout=1", NULL };
		struct strbuf prefix = STRBUF_INIT;

		strbuf_addf(&prefix, "mig-apply: error: %s", shown.buf);
		tool_env(&r, &p, env_wrong, "mig-apply", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		tool(&r, &p, "mig-apply", "--database-url", wrong.buf, NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		tool_env(&r, &p, env_vars, "mig-apply", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		strbuf_reset(&prefix);
		strbuf_addf(&prefix, "mig-apply: error: cannot connect to postgresql://" PW_ROLE "@127.0.0.1:%s/%s"
				     "?password=***: ", port, p.db.name);
		tool_env(&r, &p, env_param, "mig-apply", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);

		/* every tool that connects */
		strbuf_reset(&prefix);
		strbuf_addf(&prefix, "mig-heads: error: %s", shown.buf);
		tool_env(&r, &p, env_wrong, "mig-heads", "--pending", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		tool_env(&r, &p, env_wrong, "mig-heads", "--history", "--json", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		strbuf_reset(&prefix);
		strbuf_addf(&prefix, "mig-stamp: error: %s", shown.buf);
		tool_env(&r, &p, env_wrong, "mig-stamp", "head", NULL);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		/* --sql says why it starts from an empty database, in a comment */
		tool_env(&r, &p, env_wrong, "mig-apply", "--sql", NULL);
		ASSERT_EXIT(r, 0);
		strbuf_reset(&prefix);
		strbuf_addf(&prefix, "-- %s", shown.buf);
		ck_assert_msg(strncmp(r.out, prefix.buf, prefix.len) == 0, "%s", r.out);
		ck_assert_msg(!strstr(r.out, PW_WRONG) && !strstr(r.err, PW_WRONG), "%s%s", r.out, r.err);
		run_result_release(&r);

		/* LOG_SECRETS=true is the one way to see it */
		tool_env(&r, &p, env_secrets, "mig-apply", NULL);
		expect_one_line(&r, 1, "mig-apply: error: cannot connect to postgresql://" PW_ROLE ":" PW_WRONG "@",
				denied, NULL);
		tool_env(&r, &p, env_vars_secrets, "mig-apply", NULL);
		expect_one_line(&r, 1, "mig-apply: error: cannot connect to postgresql://" PW_ROLE ":" PW_WRONG "@",
				denied, NULL);

		tool_env(&r, &p, env_none, "mig-apply", NULL);
		expect_one_line(&r, 1, "mig-apply: error: cannot connect to postgresql://" PW_ROLE "@",
				"no password supplied", NULL);
		expect_history(&p, "-");

		/* the right one (with an escaped '@') */
		tool_env(&r, &p, env_right, "mig-apply", NULL);
		ok_quiet(&r);
		expect_history(&p, R1);
		expect_value(&p.db, "SELECT applied_by FROM mig_history", PW_ROLE);

		t0 = now_s();
		tool_env(&r, &p, env_refused, "mig-apply", NULL);
		expect_one_line(&r, 1, "mig-apply: error: cannot connect to postgresql://postgres:***@127.0.0.1:1/db: ",
				"Connection refused", "Secr3t-unused");
		tool_env(&r, &p, env_unroutable, "mig-apply", NULL);
		expect_one_line(&r, 1, "mig-apply: error: cannot connect to postgresql://postgres:***@192.0.2.1:5432/db"
				       "?connect_timeout=1: ", "", "Secr3t-unused");
		ck_assert_msg(now_s() - t0 < 15, "an unreachable host took %.1f s", now_s() - t0);

		/* --wait retries a refused connection (a server starting), but not a wrong password */
		t0 = now_s();
		tool_env(&r, &p, env_refused, "mig-apply", "--wait", "1", NULL);
		ASSERT_EXIT(r, 1);
		ck_assert_str_eq(r.out, "");
		/* it says that it waits, and for how long, and that it gave up after waiting */
		{
			static const char said[] = "mig-apply: waiting up to 1 s for the database postgresql://postgres:***@"
						   "127.0.0.1:1/db to accept connections\nmig-apply: error: cannot connect "
						   "to postgresql://postgres:***@127.0.0.1:1/db after waiting 1 s: ";
			ck_assert_msg(strncmp(r.err, said, strlen(said)) == 0 && strstr(r.err, "Connection refused") &&
				      count_lines(r.err) == 2 && !strstr(r.err, "Secr3t-unused"), "%s", r.err);
		}
		run_result_release(&r);
		ck_assert_msg(now_s() - t0 >= 1 && now_s() - t0 < 10, "--wait 1 gave up after %.1f s", now_s() - t0);
		t0 = now_s();
		tool_env(&r, &p, env_wrong, "mig-apply", "--wait", "30", NULL);
		strbuf_reset(&prefix);
		strbuf_addf(&prefix, "mig-apply: error: %s", shown.buf);
		expect_one_line(&r, 1, prefix.buf, denied, PW_WRONG);
		ck_assert_msg(now_s() - t0 < 10, "a wrong password was retried for %.1f s", now_s() - t0);
		strbuf_release(&prefix);
	}
	pgtest_exec(&p.db, "DROP OWNED BY " PW_ROLE "; DROP ROLE " PW_ROLE);
	strbuf_release(&wrong);
	strbuf_release(&wrong_env);
	strbuf_release(&shown);
	strbuf_release(&param_env);
	strbuf_release(&right_env);
	strbuf_release(&none_env);
	strbuf_release(&port_env);
	strbuf_release(&db_env);
	proj_release(&p);
}
END_TEST

/* --- 12. configuration -------------------------------------------------------- */

/* The harness's URL for database db with another scheme and a query (caller frees). */
static char *url_with(const char *scheme, const char *db, const char *query)
{
	const char *base = test_pg_url();
	const char *rest = strstr(base, "://");
	const char *slash = strrchr(base, '/');
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(rest);
	strbuf_addf(&sb, "%s%.*s%s%s", scheme, (int)(slash + 1 - rest), rest, db, query ? query : "");
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_database_url_forms)
{
	static const char *const forms[][2] = {
		{ "postgresql", NULL },
		{ "postgres", NULL },
		{ "postgresql+psycopg2", NULL },
		{ "postgresql+asyncpg", "?ssl=disable" },
		{ "POSTGRESQL+psycopg", "?connect_timeout=5" },
	};
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_urls");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char *url = url_with(forms[i][0], p.db.name, forms[i][1]);
		struct strbuf env = STRBUF_INIT;
		const char *extra[2] = { NULL, NULL };

		strbuf_addf(&env, "DATABASE_URL=%s", url);
		extra[0] = env.buf;
		tool_env(&r, &p, extra, "mig-apply", NULL);
		ck_assert_msg(r.status == 0 && !*r.err, "%s: exit %d: %s", url, r.status, r.err);
		run_result_release(&r);
		expect_tables(&p, "t1");
		tool_env(&r, &p, extra, "mig-heads", "--current", NULL);
		ck_assert_msg(r.status == 0 && strstr(r.out, R1), "%s: %s%s", url, r.out, r.err);
		run_result_release(&r);
		/* --database-url wins over DATABASE_URL */
		tool_env(&r, &p, (const char *const[]){ "DATABASE_URL=postgresql://nobody@127.0.0.1:1/none", NULL },
			 "mig-apply", "--database-url", url, "--to", "base", NULL);
		ck_assert_msg(r.status == 0 && !*r.err, "%s: exit %d: %s", url, r.status, r.err);
		run_result_release(&r);
		expect_tables(&p, "");
		strbuf_release(&env);
		free(url);
	}
	proj_release(&p);
}
END_TEST

START_TEST(test_postgres_variables)
{
	struct proj p;
	struct run_result r;
	struct strbuf port_env = STRBUF_INIT, db_env = STRBUF_INIT;
	const char *port = getenv("MIG_TEST_PG_PORT");

	ck_assert_msg(port && *port, "MIG_TEST_PG_PORT is not set (tests/pg-harness.sh sets it)");
	proj_init(&p, "mig_apply_vars");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	strbuf_addf(&port_env, "POSTGRES_PORT=%s", port);
	strbuf_addf(&db_env, "POSTGRES_DATABASE=%s", p.db.name);
	{
		const char *const vars[] = { "DATABASE_URL", "POSTGRES_HOST=127.0.0.1", port_env.buf, db_env.buf,
					     "POSTGRES_USER=postgres", "POSTGRES_PASSWORD=unused-by-trust", NULL };
		const char *const bad_port[] = { "DATABASE_URL", "POSTGRES_PORT=54x", NULL };
		const char *const big_port[] = { "DATABASE_URL", "POSTGRES_PORT=65536", NULL };

		tool_env(&r, &p, vars, "mig-apply", NULL);
		ok_quiet(&r);
		expect_history(&p, R1);
		tool_env(&r, &p, vars, "mig-heads", "--pending", "--check", NULL);
		ASSERT_EXIT(r, 0);
		run_result_release(&r);
		tool_env(&r, &p, bad_port, "mig-apply", NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.err, "mig-apply: error: POSTGRES_PORT: \"54x\" is not a number\n");
		run_result_release(&r);
		tool_env(&r, &p, big_port, "mig-apply", NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.err, "mig-apply: error: POSTGRES_PORT: \"65536\" is out of range "
					"(1 to 65535)\n");
		run_result_release(&r);
	}
	strbuf_release(&port_env);
	strbuf_release(&db_env);
	proj_release(&p);
}
END_TEST

#define NR_LAYER_DBS 6

/* The one database of dbs that mig-apply migrated (its mig_history is then dropped). */
static int migrated_db(struct pgtest_db *dbs)
{
	int found = -1;

	for (int i = 0; i < NR_LAYER_DBS; i++) {
		char *has = pgtest_value(&dbs[i], "SELECT to_regclass('mig_history') IS NOT NULL");
		if (strcmp(has, "t") == 0) {
			ck_assert_msg(found < 0, "both %s and %s were migrated", dbs[found].name, dbs[i].name);
			found = i;
			pgtest_exec(&dbs[i], "DROP TABLE mig_history; DROP TABLE t1");
		}
		free(has);
	}
	ck_assert_msg(found >= 0, "no database was migrated");
	return found;
}

static void write_dotenv(const struct proj *p, const char *name, const char *content)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", p->dir, name);
	test_write_file(path.buf, content);
	strbuf_release(&path);
}

/* mig-apply with the given real environment: which database did it migrate? */
static int layered_run(struct proj *p, struct pgtest_db *dbs, const char *const *extra)
{
	struct run_result r;
	const char *const none[] = { "DATABASE_URL", NULL };

	tool_env(&r, p, extra ? extra : none, "mig-apply", NULL);
	ok_quiet(&r);
	return migrated_db(dbs);
}

START_TEST(test_dotenv_layering)
{
	static const char *const names[NR_LAYER_DBS] = {
		"mig_apply_env_dotenv", "mig_apply_env_local", "mig_apply_env_staging",
		"mig_apply_env_staging_local", "mig_apply_env_prod", "mig_apply_env_real",
	};
	struct pgtest_db dbs[NR_LAYER_DBS];
	struct proj p;
	struct strbuf sb = STRBUF_INIT, real = STRBUF_INIT;

	proj_init(&p, "mig_apply_env");
	for (int i = 0; i < NR_LAYER_DBS; i++)
		pgtest_create(&dbs[i], names[i]);
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);

	/* .env alone (with the file syntax's comments, export and quotes) */
	strbuf_addf(&sb, "# the team's defaults\nexport DATABASE_URL=\"%s\"\nLOG_LEVEL=warning # a comment\n",
		    dbs[0].url);
	write_dotenv(&p, ".env", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs, NULL), 0);
	/* .env.local over .env */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DATABASE_URL='%s'\n", dbs[1].url);
	write_dotenv(&p, ".env.local", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs, NULL), 1);
	/* .env.$PYTHON_ENV (the name taken from .env) over both */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "PYTHON_ENV=staging\nDATABASE_URL=%s\n", dbs[0].url);
	write_dotenv(&p, ".env", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DATABASE_URL=%s\n", dbs[2].url);
	write_dotenv(&p, ".env.staging", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs, NULL), 2);
	/* .env.staging.local over .env.staging */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DATABASE_URL=%s\n", dbs[3].url);
	write_dotenv(&p, ".env.staging.local", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs, NULL), 3);
	/* MIG_ENV (here from .env.local) over PYTHON_ENV */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "MIG_ENV=prod\nDATABASE_URL=%s\n", dbs[1].url);
	write_dotenv(&p, ".env.local", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DATABASE_URL=%s\n", dbs[4].url);
	write_dotenv(&p, ".env.prod", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs, NULL), 4);
	{
		/* the real environment wins: its MIG_ENV, its PYTHON_ENV, its DATABASE_URL */
		const char *const real_mig_env[] = { "DATABASE_URL", "MIG_ENV=staging", NULL };
		const char *const real_python_env[] = { "DATABASE_URL", "PYTHON_ENV=prod", NULL };
		const char *real_url[] = { NULL, "MIG_ENV=staging", NULL };

		ck_assert_int_eq(layered_run(&p, dbs, real_mig_env), 3);
		/* PYTHON_ENV does not override MIG_ENV, wherever it comes from */
		ck_assert_int_eq(layered_run(&p, dbs, real_python_env), 4);
		strbuf_addf(&real, "DATABASE_URL=%s", dbs[5].url);
		real_url[0] = real.buf;
		ck_assert_int_eq(layered_run(&p, dbs, real_url), 5);
	}
	/* a malformed line is named */
	write_dotenv(&p, ".env.prod", "DATABASE_URL=x\nthis is not a setting\n");
	{
		struct run_result r;
		const char *const none[] = { "DATABASE_URL", NULL };
		tool_env(&r, &p, none, "mig-apply", NULL);
		ASSERT_EXIT(r, 2);
		ck_assert_str_eq(r.err, "mig-apply: ./.env.prod:2: expected KEY=VALUE\n");
		run_result_release(&r);
	}
	for (int i = 0; i < NR_LAYER_DBS; i++)
		pgtest_drop(&dbs[i]);
	strbuf_release(&sb);
	strbuf_release(&real);
	proj_release(&p);
}
END_TEST

START_TEST(test_malformed_urls_say_which_part)
{
	static const char *const cases[][2] = {
		{ "postgresql://u@:x/db", "mig-apply: error: database URL: the port \"x\" is not a number\n" },
		{ "postgresql://u@host:/db", "mig-apply: error: database URL: the port is empty\n" },
		{ "postgresql://u:S3cret@host:99999/db",
		  "mig-apply: error: database URL: the port \"99999\" is out of range (1 to 65535)\n" },
		{ "postgresql://u@h1:5432,h2:0/db",
		  "mig-apply: error: database URL: the port \"0\" is out of range (1 to 65535)\n" },
		{ "postgresql:/u@host/db",
		  "mig-apply: error: database URL: \"//\" is missing after the scheme\n"
		  "mig-apply: hint: write postgresql://user:password@host:5432/dbname\n" },
		{ "postgresql://:S3cret@host/db",
		  "mig-apply: error: database URL: the user name is empty but a password is given\n" },
		{ "postgresql://u:S3cret%zz@host/db", "mig-apply: error: database URL: the password has a bad %-escape\n" },
		{ "postgresql://u@[::1/db", "mig-apply: error: database URL: the IPv6 host has no closing \"]\"\n" },
		{ "mysql://u:S3cret@h/db",
		  "mig-apply: error: database URL: the scheme \"mysql\" is not supported\n"
		  "mig-apply: hint: use postgresql://... or sqlite:PATH\n" },
		{ "host=127.0.0.1 password=S3cret",
		  "mig-apply: error: database URL \"host=127.0.0.1 password=***\" has no scheme\n"
		  "mig-apply: hint: write postgresql://user:password@host:5432/dbname or sqlite:path/to/file.db\n" },
	};
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_apply_bad_urls");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tool(&r, &p, "mig-apply", "--database-url", cases[i][0], NULL);
		ck_assert_msg(r.status == 2 && strcmp(r.err, cases[i][1]) == 0 && !*r.out,
			      "%s: exit %d\n%s\nnot\n%s", cases[i][0], r.status, r.err, cases[i][1]);
		ck_assert_msg(!strstr(r.err, "S3cret"), "%s", r.err);
		run_result_release(&r);
	}
	expect_history(&p, "-");
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
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(&p, RL, R1, true, "CREATE TABLE tl (id int);\n", "DROP TABLE tl;\n");
	write_mig(&p, RR, R1, true, "CREATE TABLE tr (id int);\n", "DROP TABLE tr;\n");
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
	heads_line(&want, RR, "right", w);
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
	heads_line(&want, RL, "left", w);
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

/* Moves p->dir/from to p->dir/to. */
static void move(const struct proj *p, const char *from, const char *to)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	strbuf_addf(&a, "%s/%s", p->dir, from);
	strbuf_addf(&b, "%s/%s", p->dir, to);
	ck_assert_msg(rename(a.buf, b.buf) == 0, "%s: %s", a.buf, strerror(errno));
	strbuf_release(&a);
	strbuf_release(&b);
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
	move(&p, "migrations/pgsql/" GL ".sql", "left.sql");
	move(&p, "migrations/state/" GL ".xml", "left.xml");
	rehash(&p);
	write_model(&p, T_ONE T_RIGHT);
	gen(&p, "right", "20260103000000");
	move(&p, "left.sql", "migrations/pgsql/" GL ".sql");
	move(&p, "left.xml", "migrations/state/" GL ".xml");
	rehash(&p);
	write_model(&p, T_ONE T_LEFT T_RIGHT);

	tool(&r, &p, "mig-heads", "--check", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, GL) && strstr(r.out, GR), "%s", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tl,tr");

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
	expect_history(&p, "0001_20260101000000_init," GL "," GR "," GM);
	tool(&r, &p, "mig-gen", "--check", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* down through the merge, and up again */
	tool(&r, &p, "mig-apply", "--to", "0001", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1");
	expect_history(&p, "0001_20260101000000_init");
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_tables(&p, "t1,tl,tr");
	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ok_quiet(&r);
	expect_tables(&p, "");
	proj_release(&p);
}
END_TEST

/* --- a failed down outside a transaction ------------------------------------- */

START_TEST(test_failed_down_outside_transaction)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_apply_dirty_down");
	write_mig(&p, R1, NULL, true, "CREATE TABLE log (what text);\n", "DROP TABLE log;\n");
	/* down: lines 9, 10 (fails), 11 */
	write_mig(&p, ROFF, R1, false, "INSERT INTO log VALUES ('one');\nINSERT INTO log VALUES ('two');\n",
		  "DELETE FROM log WHERE what = 'two';\nDELETE FROM missing;\nDELETE FROM log WHERE what = 'one';\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);

	tool(&r, &p, "mig-apply", "--to", "base", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" ROFF ".sql:10: relation \"missing\" does not exist (SQLSTATE 42P01)\n"
		"mig-apply: revision " ROFF " failed; the database is at " ROFF "\n"
		"mig-apply: MIGRATIONS STILL APPLIED:\n"
		"mig-apply:   " ROFF "\n"
		"mig-apply:   " R1 "\n");
	run_result_release(&r);
	expect_rows(&p.db, "SELECT what FROM log", "one\n");
	expect_rows(&p.db, "SELECT revision, dirty, operation, progress FROM mig_history ORDER BY revision",
		    R1 "|f|NULL|NULL\n" ROFF "|t|down|1\n");
	strbuf_addf(&want, "%-*s%s\n", (int)strlen(R1) + 2, ROFF, "off  (dirty: down stopped after 1 statement)");
	tool(&r, &p, "mig-heads", "--current", NULL);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* upward is refused: the down must be finished first */
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: error: revision \"" ROFF "\" is dirty: its down stopped after 1 statement\n"
		"mig-apply: hint: fix the cause and run mig-apply --to a revision below it to continue it; if you "
		"finished it by hand, mig-stamp a revision below it records it as undone\n");
	run_result_release(&r);

	pgtest_exec(&p.db, "CREATE TABLE missing (id int)");
	tool(&r, &p, "mig-apply", "--to", "-1", NULL);
	ok_quiet(&r);
	expect_rows(&p.db, "SELECT what FROM log", "");
	expect_history(&p, R1);
	tool(&r, &p, "mig-apply", NULL);
	ok_quiet(&r);
	expect_rows(&p.db, "SELECT what FROM log ORDER BY what", "one\ntwo\n");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- on a terminal: progress, waits and a summary ------------------------------ */

/* Runs "mig-apply args" under script(1), which gives it a terminal; output is r->out. */
static void on_terminal(struct run_result *r, const struct proj *p, const char *args)
{
	struct strbuf cmd = STRBUF_INIT;
	char *path = test_tool_path("mig-apply");
	const char *argv[] = { "script", "-qec", NULL, "/dev/null", NULL };
	const char **env = run_env(p, NULL);

	strbuf_addf(&cmd, "%s %s", path, args);
	argv[2] = cmd.buf;
	run_argv(r, p->dir, env, argv);
	free(env);
	free(path);
	strbuf_release(&cmd);
}

START_TEST(test_progress_on_a_terminal)
{
	struct proj p;
	struct run_result r;
	struct db holder;
	struct diag d = DIAG_INIT;
	struct strbuf cmd = STRBUF_INIT;
	const char *const args[] = { "mig-apply", NULL };
	const char *script[] = { "script", "-qec", NULL, "/dev/null", NULL };
	char *path = test_tool_path("mig-apply"), *out;
	pid_t first, second;

	proj_init(&p, "mig_apply_tty");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\nLOCK TABLE gate;\n", "DROP TABLE t1;\n");
	write_mig(&p, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);

	/*
	 * A run that finds another one at work says so, waits, and finds the
	 * work done. The first run's migration waits for a table the test
	 * holds locked, until the second is seen waiting for the run's lock.
	 */
	pgtest_exec(&p.db, "CREATE TABLE gate ()");
	ck_assert_msg(db_open(&holder, &p.db.cfg, "mig-tests holder", 0, &d) == 0, "%s", d.message);
	ck_assert_msg(db_exec(&holder, "BEGIN; LOCK TABLE gate", NULL, &d) == 0, "%s", d.message);
	first = spawn(&p, NULL, 0, args);
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply' "
			      "AND wait_event_type = 'Lock'", "1");
	strbuf_addf(&cmd, "%s", path);
	script[2] = cmd.buf;
	second = spawn_argv(&p, NULL, 1, script);
	wait_for_value(&p.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mig-apply lock' "
			      "AND wait_event_type = 'Lock'", "1");
	ck_assert_msg(db_exec(&holder, "ROLLBACK", NULL, &d) == 0, "%s", d.message);
	ck_assert_int_eq(wait_exit(first), 0);
	ck_assert_int_eq(wait_exit(second), 0);
	out = spawned_output(&p, "out", 1);
	ck_assert_msg(strstr(out, "mig-apply: waiting for another mig-apply on this database to finish...") &&
		      strstr(out, "mig-apply: nothing to do; at " R2), "%s", out);
	free(out);
	db_close(&holder);

	/* to base on a terminal: asked first; no answer (end of input) changes nothing */
	on_terminal(&r, &p, "--to base");
	ASSERT_EXIT(r, 1);
	ck_assert_msg(strstr(r.out, "mig-apply: this downgrade undoes 2 migrations, every one applied (to base):\r\n"
				    "  " R2 "\r\n  " R1 "\r\n") &&
		      strstr(r.out, "go ahead? [y/N] ") &&
		      strstr(r.out, "mig-apply: error: the downgrade was not confirmed: nothing was changed"), "%s", r.out);
	run_result_release(&r);
	expect_tables(&p, "gate,t1,t2");

	on_terminal(&r, &p, "--to base --yes");
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "[1/2] undoing " R2 " (") && strstr(r.out, "[2/2] undoing " R1 " (") &&
		      strstr(r.out, "mig-apply: undid 2 migrations in ") && strstr(r.out, " ms; now at base"),
		      "%s", r.out);
	run_result_release(&r);
	on_terminal(&r, &p, "");
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "[1/2] applying " R1 " (") && strstr(r.out, "[2/2] applying " R2 " (") &&
		      strstr(r.out, "mig-apply: applied 2 migrations in ") && strstr(r.out, " ms; now at " R2),
		      "%s", r.out);
	run_result_release(&r);
	expect_tables(&p, "gate,t1,t2");
	free(path);
	strbuf_release(&cmd);
	diag_release(&d);
	proj_release(&p);
}
END_TEST

/* --- LOG_LEVEL: progress in a CI log, silence on a terminal --------------------- */

START_TEST(test_log_level)
{
	struct proj p;
	struct run_result r;
	const char *const info[] = { "LOG_LEVEL=INFO", NULL };
	const char *const debug[] = { "LOG_LEVEL=debug", NULL };
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_apply_log_level");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	write_mig(&p, R2, R1, true, "CREATE TABLE t2 (id int);\n", "DROP TABLE t2;\n");
	rehash(&p);

	/* info (as the default): in a pipe, the database, each migration and the summary, as a CI log wants them */
	tool_env(&r, &p, info, "mig-apply", "--to", "+1", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-apply: database %s, migrations migrations/pgsql\n[1/1] applying " R1 " (", p.db.url);
	ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0 &&
		      strstr(r.err, " ms)\nmig-apply: applied 1 migration in ") && strstr(r.err, " ms; now at " R1 "\n"),
		      "%s", r.err);
	ck_assert_uint_eq(count_lines(r.err), 3);
	strbuf_reset(&want);
	run_result_release(&r);

	/* debug: also the database (no password) and the folder */
	tool_env(&r, &p, debug, "mig-apply", "--to", "-1", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-apply: database %s, migrations migrations/pgsql\n[1/1] undoing " R1 " (", p.db.url);
	ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0, "%s\nnot\n%s", r.err, want.buf);
	run_result_release(&r);

	/* error, from a .env file: nothing but errors, even on a terminal */
	write_dotenv(&p, ".env", "LOG_LEVEL=error\n");
	on_terminal(&r, &p, "");
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	expect_tables(&p, "t1,t2");

	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- --lock-timeout: retried, then given up ------------------------------------- */

START_TEST(test_lock_timeout_is_retried)
{
	struct proj p;
	struct run_result r;
	struct db holder;
	struct diag d = DIAG_INIT;
	const char *const args[] = { "mig-apply", "--lock-timeout", "300", NULL };
	/* when the statement waiting for the lock started: a new value is a new attempt */
	const char *waiting = "SELECT query_start::text FROM pg_stat_activity WHERE application_name = 'mig-apply' "
			      "AND wait_event_type = 'Lock'";
	char *attempt, *retry;
	double t0;
	pid_t pid;

	proj_init(&p, "mig_apply_lock_timeout");
	write_mig(&p, R1, NULL, true, "CREATE TABLE t (id int);\n", "DROP TABLE t;\n");
	write_mig(&p, R2, R1, true, "ALTER TABLE t ADD COLUMN v int;\n", "ALTER TABLE t DROP COLUMN v;\n");
	rehash(&p);
	tool(&r, &p, "mig-apply", "--to", R1, NULL);
	ok_quiet(&r);

	/* a long transaction holds a lock on t */
	ck_assert_msg(db_open(&holder, &p.db.cfg, "mig-tests holder", 0, &d) == 0, "%s", d.message);
	ck_assert_msg(db_exec(&holder, "BEGIN; LOCK TABLE t IN ACCESS SHARE MODE", NULL, &d) == 0, "%s", d.message);
	t0 = now_s();
	tool(&r, &p, "mig-apply", "--lock-timeout", "100", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.err,
		"mig-apply: migrations/pgsql/" R2 ".sql:6: canceling statement due to lock timeout (SQLSTATE 55P03)\n"
		"mig-apply: revision " R2 " failed; the database is at " R1 "\n"
		"mig-apply: UNAPPLIED MIGRATIONS:\n"
		"mig-apply:   " R2 "\n");
	run_result_release(&r);
	/* 4 attempts of 100 ms with 0.25, 0.5 and 0.75 s between them */
	ck_assert_msg(now_s() - t0 >= 1.5, "gave up after %.2f s: no retries", now_s() - t0);
	expect_history(&p, R1);

	/* the lock goes away while it retries (a second attempt is seen waiting): it gets through */
	pid = spawn(&p, NULL, 0, args);
	attempt = wait_for_other_value(&p.db, waiting, NULL);
	retry = wait_for_other_value(&p.db, waiting, attempt);
	ck_assert_msg(db_exec(&holder, "ROLLBACK", NULL, &d) == 0, "%s", d.message);
	free(attempt);
	free(retry);
	ck_assert_int_eq(wait_exit(pid), 0);
	expect_history(&p, R1 "," R2);
	db_close(&holder);
	diag_release(&d);
	proj_release(&p);
}
END_TEST

Suite *apply_suite(void)
{
	Suite *s = suite_create("apply");
	TCase *tc = tcase_create("pgsql");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_upgrade_and_downgrade_targets);
	tcase_add_test(tc, test_single_transaction);
	tcase_add_test(tc, test_branches_and_merge);
	tcase_add_test(tc, test_sql_output_is_what_runs);
	tcase_add_test(tc, test_transaction_off_create_index_concurrently);
	tcase_add_test(tc, test_concurrent_runs_apply_each_revision_once);
	tcase_add_test(tc, test_failing_statement_names_file_line_and_sqlstate);
	tcase_add_test(tc, test_killed_run_is_finished_by_the_next);
	tcase_add_test(tc, test_killed_run_whose_query_is_terminated);
	tcase_add_test(tc, test_changed_applied_migration_is_refused);
	tcase_add_test(tc, test_stamp_then_apply_runs_only_the_rest);
	tcase_add_test(tc, test_failed_transaction_off_is_dirty_then_resumes);
	tcase_add_test(tc, test_wrong_password_and_unreachable_host);
	tcase_add_test(tc, test_database_url_forms);
	tcase_add_test(tc, test_postgres_variables);
	tcase_add_test(tc, test_dotenv_layering);
	tcase_add_test(tc, test_malformed_urls_say_which_part);
	tcase_add_test(tc, test_heads_views);
	tcase_add_test(tc, test_generated_branches_joined_by_mig_gen_merge);
	tcase_add_test(tc, test_failed_down_outside_transaction);
	tcase_add_test(tc, test_progress_on_a_terminal);
	tcase_add_test(tc, test_log_level);
	tcase_add_test(tc, test_lock_timeout_is_retried);
	suite_add_tcase(s, tc);
	return s;
}

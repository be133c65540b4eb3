/*
 * The apply suite: which database mig-apply talks to, through the real
 * tool: a wrong password and an unreachable host, the URL forms against
 * the server, the POSTGRES_* variables, the .env files (the layering itself
 * is a table in tests/unit/check_env.c; here one run shows the tool reads
 * them) and malformed URLs.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "apply_test.h"
#include "diag.h"
#include "fs.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

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
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
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
		pgtest_expect_history(&p.db, "-");

		/* the right one (with an escaped '@') */
		tool_env(&r, &p, env_right, "mig-apply", NULL);
		ok_quiet(&r);
		pgtest_expect_history(&p.db, R1);
		pgtest_expect_value(&p.db, "SELECT applied_by FROM mig_history", PW_ROLE);

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
		/* once: not a silent wait before the one it says (it waited twice as long) */
		ck_assert_msg(now_s() - t0 >= 1 && now_s() - t0 < 1.9, "--wait 1 gave up after %.1f s", now_s() - t0);
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
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
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
		pgtest_expect_tables(&p.db, "t1");
		tool_env(&r, &p, extra, "mig-heads", "--current", NULL);
		ck_assert_msg(r.status == 0 && strstr(r.out, R1), "%s: %s%s", url, r.out, r.err);
		run_result_release(&r);
		/* --database-url wins over DATABASE_URL */
		tool_env(&r, &p, (const char *const[]){ "DATABASE_URL=postgresql://nobody@127.0.0.1:1/none", NULL },
			 "mig-apply", "--database-url", url, "--to", "base", NULL);
		ck_assert_msg(r.status == 0 && !*r.err, "%s: exit %d: %s", url, r.status, r.err);
		run_result_release(&r);
		pgtest_expect_tables(&p.db, "");
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
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
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
		pgtest_expect_history(&p.db, R1);
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

/*
 * The .env files reach the tool: which file wins over which is a table in
 * tests/unit/check_env.c (env_load()); here, the wiring: mig-apply reads the
 * files of its working directory, a later layer picks the database, and a
 * malformed line stops it with the file and line.
 */
#define NR_LAYER_DBS 2

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

/* mig-apply with nothing in the real environment: which database did it migrate? */
static int layered_run(struct proj *p, struct pgtest_db *dbs)
{
	struct run_result r;
	const char *const none[] = { "DATABASE_URL", NULL };

	tool_env(&r, p, none, "mig-apply", NULL);
	ok_quiet(&r);
	return migrated_db(dbs);
}

START_TEST(test_dotenv_layering)
{
	static const char *const names[NR_LAYER_DBS] = { "mig_apply_env_dotenv", "mig_apply_env_local" };
	struct pgtest_db dbs[NR_LAYER_DBS];
	struct proj p;
	struct strbuf sb = STRBUF_INIT;

	proj_init(&p, "mig_apply_env");
	for (int i = 0; i < NR_LAYER_DBS; i++)
		pgtest_create(&dbs[i], names[i]);
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);

	/* .env alone (with the file syntax's comments, export and quotes) */
	strbuf_addf(&sb, "# the team's defaults\nexport DATABASE_URL=\"%s\"\nLOG_LEVEL=warning # a comment\n",
		    dbs[0].url);
	test_write_in(p.dir, ".env", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs), 0);
	/* .env.local over .env */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "DATABASE_URL='%s'\n", dbs[1].url);
	test_write_in(p.dir, ".env.local", sb.buf);
	ck_assert_int_eq(layered_run(&p, dbs), 1);
	/* a malformed line is named */
	test_write_in(p.dir, ".env.local", "MIG_ENV=prod\n");
	test_write_in(p.dir, ".env.prod", "DATABASE_URL=x\nthis is not a setting\n");
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
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tool(&r, &p, "mig-apply", "--database-url", cases[i][0], NULL);
		ck_assert_msg(r.status == 2 && strcmp(r.err, cases[i][1]) == 0 && !*r.out,
			      "%s: exit %d\n%s\nnot\n%s", cases[i][0], r.status, r.err, cases[i][1]);
		ck_assert_msg(!strstr(r.err, "S3cret"), "%s", r.err);
		run_result_release(&r);
	}
	pgtest_expect_history(&p.db, "-");
	proj_release(&p);
}
END_TEST

/*
 * A server that takes the connection and never answers (the kernel
 * accepts into the listen backlog): mig-heads and mig-apply connect while
 * they read the folder (db.h's db_start()), so connect_timeout is theirs
 * to keep, not libpq's. Each gives libpq's own line once the timeout has
 * passed, and gives it once: not after twice the timeout (mig-check, which
 * asks the server twice, waits once).
 */
START_TEST(test_silent_server_times_out_once)
{
	struct proj p;
	struct run_result r;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	char url[128], want[512];
	static const char *const tools[][2] = { { "mig-heads", "--pending" }, { "mig-apply", "--quiet" } };

	ck_assert_int_ge(listener, 0);
	ck_assert_int_eq(bind(listener, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(listen(listener, 8), 0);
	ck_assert_int_eq(getsockname(listener, (struct sockaddr *)&addr, &len), 0);
	snprintf(url, sizeof(url), "postgresql://postgres@127.0.0.1:%d/db?connect_timeout=2", ntohs(addr.sin_port));
	proj_init(&p, "mig_apply_silent_server");
	test_write_migration(p.migs, R1, NULL, true, "CREATE TABLE t1 (id int);\n", "DROP TABLE t1;\n");
	rehash(&p);
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		double t0 = now_s(), took;

		tool(&r, &p, tools[i][0], "--database-url", url, tools[i][1], NULL);
		took = now_s() - t0;
		snprintf(want, sizeof(want), "%s: error: cannot connect to %s: connection to server at \"127.0.0.1\", "
			 "port %d failed: timeout expired\n", tools[i][0], url, ntohs(addr.sin_port));
		ASSERT_EXIT(r, 1);
		ck_assert_str_eq(r.err, want);
		ck_assert_msg(took >= 1.9 && took < 3.5, "%s gave up after %.1f s (connect_timeout=2)", tools[i][0], took);
		run_result_release(&r);
	}
	/* mig-check names the server twice (the scratch database's, the configured one), waiting once */
	{
		double t0 = now_s(), took;
		const char *timeout = "port %d failed: timeout expired";
		char line[128];
		const char *p1, *p2;

		tool(&r, &p, "mig-check", "--database-url", url, NULL);
		took = now_s() - t0;
		snprintf(line, sizeof(line), timeout, ntohs(addr.sin_port));
		ASSERT_EXIT(r, 1);
		p1 = strstr(r.out, line);
		p2 = p1 ? strstr(p1 + 1, line) : NULL;
		ck_assert_msg(p1 && p2 && strstr(r.out, "(the server for the scratch database)"), "%s%s", r.out, r.err);
		ck_assert_msg(took >= 1.9 && took < 3.5, "mig-check gave up after %.1f s (connect_timeout=2)", took);
		run_result_release(&r);
	}
	close(listener);
	pgtest_expect_history(&p.db, "-");
	proj_release(&p);
}
END_TEST

void apply_add_config_tests(TCase *tc)
{
	tcase_add_test(tc, test_wrong_password_and_unreachable_host);
	tcase_add_test(tc, test_silent_server_times_out_once);
	tcase_add_test(tc, test_database_url_forms);
	tcase_add_test(tc, test_postgres_variables);
	tcase_add_test(tc, test_dotenv_layering);
	tcase_add_test(tc, test_malformed_urls_say_which_part);
}

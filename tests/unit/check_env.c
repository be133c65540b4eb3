/*
 * The .env files as a table: which file wins (.env, .env.local,
 * .env.$ENV, .env.$ENV.local; MIG_ENV over PYTHON_ENV; the real
 * environment over every file), the file syntax (export, comments, quotes,
 * ${NAME}) and the exact message of a malformed line. The layering rows
 * are the runs mig-apply's integration test made against six databases;
 * here each is one call of env_load().
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "env.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

struct env_case {
	const char *what;
	const char *files[5][2]; /* name, contents */
	const char *real[3];     /* NAME=value in the real environment */
	const char *want[6][2];  /* NAME and its value (NULL: not set) */
	const char *error;       /* or diag_format() with no prefix */
};

#define TEAM_ENV "# the team's defaults\nexport DATABASE_URL=\"db0\"\nLOG_LEVEL=warning # a comment\n"

static const struct env_case env_cases[] = {
	/* layering: the runs of the former integration test, one row each */
	{ ".env alone, with comments, export and quotes", { { ".env", TEAM_ENV } }, {0},
	  { { "DATABASE_URL", "db0" }, { "LOG_LEVEL", "warning" } }, NULL },
	{ ".env.local over .env", { { ".env", TEAM_ENV }, { ".env.local", "DATABASE_URL='db1'\n" } }, {0},
	  { { "DATABASE_URL", "db1" }, { "LOG_LEVEL", "warning" } }, NULL },
	{ ".env.$PYTHON_ENV (named in .env) over both",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "DATABASE_URL='db1'\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" } }, {0}, { { "DATABASE_URL", "db2" } }, NULL },
	{ ".env.staging.local over .env.staging",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "DATABASE_URL='db1'\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" }, { ".env.staging.local", "DATABASE_URL=db3\n" } }, {0},
	  { { "DATABASE_URL", "db3" } }, NULL },
	{ "MIG_ENV (from .env.local) over PYTHON_ENV",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "MIG_ENV=prod\nDATABASE_URL=db1\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" }, { ".env.staging.local", "DATABASE_URL=db3\n" },
	    { ".env.prod", "DATABASE_URL=db4\n" } }, {0}, { { "DATABASE_URL", "db4" }, { "MIG_ENV", "prod" } }, NULL },
	{ "the real MIG_ENV over the files'",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "MIG_ENV=prod\nDATABASE_URL=db1\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" }, { ".env.staging.local", "DATABASE_URL=db3\n" },
	    { ".env.prod", "DATABASE_URL=db4\n" } }, { "MIG_ENV=staging" }, { { "DATABASE_URL", "db3" } }, NULL },
	{ "a real PYTHON_ENV does not override the files' MIG_ENV",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "MIG_ENV=prod\nDATABASE_URL=db1\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" }, { ".env.staging.local", "DATABASE_URL=db3\n" },
	    { ".env.prod", "DATABASE_URL=db4\n" } }, { "PYTHON_ENV=prod" }, { { "DATABASE_URL", "db4" } }, NULL },
	{ "the real DATABASE_URL over every file",
	  { { ".env", "PYTHON_ENV=staging\nDATABASE_URL=db0\n" }, { ".env.local", "MIG_ENV=prod\nDATABASE_URL=db1\n" },
	    { ".env.staging", "DATABASE_URL=db2\n" }, { ".env.staging.local", "DATABASE_URL=db3\n" },
	    { ".env.prod", "DATABASE_URL=db4\n" } }, { "DATABASE_URL=db5", "MIG_ENV=staging" },
	  { { "DATABASE_URL", "db5" } }, NULL },
	{ "a malformed line in .env.$MIG_ENV",
	  { { ".env", "PYTHON_ENV=staging\n" }, { ".env.local", "MIG_ENV=prod\n" },
	    { ".env.prod", "DATABASE_URL=x\nthis is not a setting\n" } }, {0}, {{0}},
	  "./.env.prod:2: expected KEY=VALUE\n" },
	{ "a real PYTHON_ENV names the file", { { ".env", "A=1\n" }, { ".env.ci", "A=2\n" } }, { "PYTHON_ENV=ci" },
	  { { "A", "2" } }, NULL },
	{ "no files at all", {{0}}, {0}, { { "DATABASE_URL", NULL } }, NULL },
	{ "an empty MIG_ENV falls back to PYTHON_ENV",
	  { { ".env", "MIG_ENV=\nPYTHON_ENV=test\n" }, { ".env.test", "A=t\n" } }, {0}, { { "A", "t" } }, NULL },
	/* the file syntax */
	{ "quotes, escapes and ${NAME}",
	  { { ".env", "HOST=db\n"
		      "URL=postgresql://${HOST}:5432/x\n"
		      "LIT='${HOST} # kept'\n"
		      "DQ=\"a\\tb\\n\\\"c\\\" ${HOST} ${NOPE}.\"\n"
		      "  export   SPACED = v  # c\n"
		      "HASH=a#b\n"
		      "my.key-1=dots\n" } }, {0},
	  { { "URL", "postgresql://db:5432/x" }, { "LIT", "${HOST} # kept" }, { "DQ", "a\tb\n\"c\" db ." },
	    { "SPACED", "v" }, { "HASH", "a#b" }, { "my.key-1", "dots" } }, NULL },
	{ "CRLF, blank and comment lines, a later line wins",
	  { { ".env", "\r\n# c\r\n  \r\nA=1\r\nA=2\r\nexport=3\r\nB=\r\n" } }, {0},
	  { { "A", "2" }, { "export", "3" }, { "B", "" }, { "HASH", NULL } }, NULL },
	/* found by fuzz_dotenv: a last line ending in CR without LF was read again and again */
	{ "a last line that ends in CR, without LF", { { ".env", "A=1\r\nB=2\r" } }, {0},
	  { { "A", "1" }, { "B", "2" } }, NULL },
	{ "${NAME} sees the real environment first", { { ".env", "HOME_URL=${REAL}/x\nREAL=file\n" } },
	  { "REAL=real" }, { { "HOME_URL", "real/x" }, { "REAL", "real" } }, NULL },
	{ "a value with no closing '", { { ".env", "A=1\nB='open\n" } }, {0}, {{0}},
	  "./.env:2: the quoted value has no closing '\n" },
	{ "a value with no closing \"", { { ".env", "A=\"x\\\"\n" } }, {0}, {{0}},
	  "./.env:1: the quoted value has no closing \"\n" },
	{ "no key", { { ".env", "=value\n" } }, {0}, {{0}}, "./.env:1: expected KEY=VALUE\n" },
	{ "no '='", { { ".env", "# ok\nexport A\n" } }, {0}, {{0}}, "./.env:2: expected KEY=VALUE\n" },
	{ "an error in .env.local", { { ".env", "A=1\n" }, { ".env.local", "A B=1\n" } }, {0}, {{0}},
	  "./.env.local:1: expected KEY=VALUE\n" },
};

static void clean_environment(const struct env_case *c)
{
	static const char *const names[] = { "DATABASE_URL", "MIG_ENV", "PYTHON_ENV", "LOG_LEVEL", "A", "B",
					     "HOST", "URL", "REAL", "HOME_URL" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unsetenv(names[i]);
	for (size_t i = 0; i < sizeof(c->real) / sizeof(c->real[0]) && c->real[i]; i++)
		ck_assert_int_eq(putenv((char *)c->real[i]), 0);
}

START_TEST(test_env)
{
	const struct env_case *c = &env_cases[_i];
	char *dir = test_mkdtemp();
	struct env e;
	struct diag d = DIAG_INIT;
	int ret;

	clean_environment(c);
	for (size_t i = 0; i < sizeof(c->files) / sizeof(c->files[0]) && c->files[i][0]; i++) {
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s/%s", dir, c->files[i][0]);
		test_write_file(path.buf, c->files[i][1]);
		strbuf_release(&path);
	}
	/* from the folder, as the tools read "." */
	ck_assert_int_eq(chdir(dir), 0);
	env_init(&e);
	ret = env_load(&e, ".", &d);
	if (c->error) {
		struct strbuf got = STRBUF_INIT;
		ck_assert_msg(ret == -1, "%s: loaded", c->what);
		diag_format(&d, "", &got);
		ck_assert_msg(strcmp(got.buf, c->error) == 0, "%s:\n  got:  %s  want: %s", c->what, got.buf, c->error);
		strbuf_release(&got);
	} else {
		ck_assert_msg(ret == 0, "%s: %s", c->what, d.message);
		for (size_t i = 0; i < sizeof(c->want) / sizeof(c->want[0]) && c->want[i][0]; i++) {
			const char *got = env_get(&e, c->want[i][0]);
			const char *want = c->want[i][1];
			ck_assert_msg(want ? got && strcmp(got, want) == 0 : !got, "%s: %s is \"%s\", not \"%s\"",
				      c->what, c->want[i][0], got ? got : "(unset)", want ? want : "(unset)");
		}
	}
	env_release(&e);
	diag_release(&d);
	ck_assert_int_eq(chdir(test_root()), 0);
	test_rmtree(dir);
	free(dir);
}
END_TEST

/* libpq reads PG* from the process: those set only in files are copied there. */
START_TEST(test_export_libpq)
{
	char *dir = test_mkdtemp();
	struct strbuf path = STRBUF_INIT;
	struct env e;
	struct diag d = DIAG_INIT;

	unsetenv("PGSSLMODE");
	unsetenv("PGAPPNAME");
	unsetenv("NOT_PG");
	setenv("PGAPPNAME", "real", 1);
	strbuf_addf(&path, "%s/.env", dir);
	test_write_file(path.buf, "PGSSLMODE=require\nPGAPPNAME=file\nNOT_PG=x\n");
	env_init(&e);
	ck_assert_int_eq(env_load(&e, dir, &d), 0);
	env_export_libpq(&e);
	ck_assert_str_eq(getenv("PGSSLMODE"), "require");
	ck_assert_str_eq(getenv("PGAPPNAME"), "real");
	ck_assert_ptr_null(getenv("NOT_PG"));
	ck_assert_str_eq(env_get(&e, "NOT_PG"), "x");
	ck_assert_ptr_null(env_get(NULL, "NOT_PG"));
	env_release(&e);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&path);
}
END_TEST

Suite *env_suite(void)
{
	Suite *s = suite_create("env");
	TCase *tc = tcase_create("dotenv");

	tcase_add_loop_test(tc, test_env, 0, (int)(sizeof(env_cases) / sizeof(env_cases[0])));
	tcase_add_test(tc, test_export_libpq);
	suite_add_tcase(s, tc);
	return s;
}

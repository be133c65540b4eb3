/*
 * Which database a tool talks to, as a table: the URL forms users write
 * (libpq's, SQLAlchemy's with their +driver, SQLite's), the POSTGRES_*
 * variables and the embedded default; for each, what libpq or SQLite gets,
 * what messages show (never the password, unless LOG_SECRETS=true) and the
 * exact message of every malformed URL.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dialect.h"
#include "diag.h"
#include "env.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

#define NO_URL ((const char *)-1) /* config_resolve(url = NULL): from the environment */

struct url_case {
	const char *url;
	const char *vars[6]; /* NAME=value, as if from a .env file */
	/* success: */
	const char *dialect; /* the chosen dialect's name */
	const char *conninfo, *sqlite_path, *display, *password;
	/* or failure: diag_format() with no prefix */
	const char *error;
};

#define HINT_SCHEME "hint: write postgresql://user:password@host:5432/dbname or sqlite:path/to/file.db\n"

static const struct url_case url_cases[] = {
	/* libpq's own forms: passed as they are */
	{ "postgres://u:pw@db.example:5432/app", {0}, "pgsql", "postgresql://u:pw@db.example:5432/app", NULL,
	  "postgres://u:***@db.example:5432/app", "pw", NULL },
	{ "postgresql://u@h/app", {0}, "pgsql", "postgresql://u@h/app", NULL, "postgresql://u@h/app", NULL, NULL },
	{ "postgresql:///app", {0}, "pgsql", "postgresql:///app", NULL, "postgresql:///app", NULL, NULL },
	/* SQLAlchemy's +driver goes; the password is %-decoded and may hold '@' */
	{ "postgresql+psycopg2://u:p%40ss@h:6432/app", {0}, "pgsql", "postgresql://u:p%40ss@h:6432/app", NULL,
	  "postgresql+psycopg2://u:***@h:6432/app", "p@ss", NULL },
	{ "POSTGRESQL+psycopg://u:a@b@h/app", {0}, "pgsql", "postgresql://u:a@b@h/app", NULL,
	  "POSTGRESQL+psycopg://u:***@h/app", "a@b", NULL },
	/* asyncpg's ?ssl= is libpq's sslmode= */
	{ "postgresql+asyncpg://u:pw@h/app?ssl=require&application_name=x", {0}, "pgsql",
	  "postgresql://u:pw@h/app?sslmode=require&application_name=x", NULL,
	  "postgresql+asyncpg://u:***@h/app?ssl=require&application_name=x", "pw", NULL },
	{ "postgresql://u@h/app?connect_timeout=5&ssl=disable", {0}, "pgsql",
	  "postgresql://u@h/app?connect_timeout=5&sslmode=disable", NULL,
	  "postgresql://u@h/app?connect_timeout=5&ssl=disable", NULL, NULL },
	/* a password as a parameter is masked too (libpq takes the last) */
	{ "postgresql://u@h/app?password=se%63ret&password=two&sslmode=disable", {0}, "pgsql",
	  "postgresql://u@h/app?password=se%63ret&password=two&sslmode=disable", NULL,
	  "postgresql://u@h/app?password=***&password=***&sslmode=disable", "two", NULL },
	/* several hosts, IPv6 */
	{ "postgresql://u:pw@[::1]:5433,h2,h3:5434/app", {0}, "pgsql", "postgresql://u:pw@[::1]:5433,h2,h3:5434/app",
	  NULL, "postgresql://u:***@[::1]:5433,h2,h3:5434/app", "pw", NULL },
	/* LOG_SECRETS=true shows it */
	{ "postgres://u:pw@h/app", { "LOG_SECRETS=true" }, "pgsql", "postgresql://u:pw@h/app", NULL,
	  "postgres://u:pw@h/app", "pw", NULL },
	/* SQLite: sqlite:PATH, sqlite://PATH and sqlite:///PATH are relative, sqlite:////PATH absolute */
	{ "sqlite:var/x.db", {0}, "sqlite", NULL, "var/x.db", "sqlite:var/x.db", NULL, NULL },
	{ "sqlite://rel/x.db", {0}, "sqlite", NULL, "rel/x.db", "sqlite://rel/x.db", NULL, NULL },
	{ "sqlite:///app.db", {0}, "sqlite", NULL, "app.db", "sqlite:///app.db", NULL, NULL },
	{ "sqlite:////tmp/app.db", {0}, "sqlite", NULL, "/tmp/app.db", "sqlite:////tmp/app.db", NULL, NULL },
	{ "sqlite+pysqlite:///app.db", {0}, "sqlite", NULL, "app.db", "sqlite+pysqlite:///app.db", NULL, NULL },
	{ "SQLite3:my%20db.sqlite", {0}, "sqlite", NULL, "my db.sqlite", "SQLite3:my%20db.sqlite", NULL, NULL },
	/* from the environment: DATABASE_URL, then POSTGRES_*, then the embedded file */
	{ NO_URL, { "DATABASE_URL=sqlite:from-env.db", "POSTGRES_HOST=ignored" }, "sqlite", NULL, "from-env.db",
	  "sqlite:from-env.db", NULL, NULL },
	{ NO_URL, { "POSTGRES_HOST=db.example" }, "pgsql",
	  "host='db.example' port='5432' dbname='production-db' user='root' password='password'", NULL,
	  "postgresql://root:***@db.example:5432/production-db", "password", NULL },
	{ NO_URL, { "POSTGRES_PORT=6543", "POSTGRES_DATABASE=shop", "POSTGRES_USER=o'brien", "POSTGRES_PASSWORD=a\\b" },
	  "pgsql", "host='127.0.0.1' port='6543' dbname='shop' user='o\\'brien' password='a\\\\b'", NULL,
	  "postgresql://o'brien:***@127.0.0.1:6543/shop", "a\\b", NULL },
	{ NO_URL, { "POSTGRES_PASSWORD=hunter2", "LOG_SECRETS=yes" }, "pgsql",
	  "host='127.0.0.1' port='5432' dbname='production-db' user='root' password='hunter2'", NULL,
	  "postgresql://root:hunter2@127.0.0.1:5432/production-db", "hunter2", NULL },
	{ NO_URL, { "POSTGRES_HOST=" }, "sqlite", NULL, "var/dev.sqlite3", "sqlite:var/dev.sqlite3", NULL, NULL },
	{ NO_URL, {0}, "sqlite", NULL, "var/dev.sqlite3", "sqlite:var/dev.sqlite3", NULL, NULL },
	/* errors, each naming the part that is wrong */
	{ "", {0}, 0, NULL, NULL, NULL, NULL, "error: the database URL (--database-url) is empty\n" },
	{ NO_URL, { "DATABASE_URL=" }, 0, NULL, NULL, NULL, NULL,
	  "error: DATABASE_URL is set but empty (in a .env file)\n"
	  "hint: set it to the database's URL (postgresql://... or sqlite:PATH), or remove it to use the POSTGRES_* "
	  "variables or the embedded SQLite file\n" },
	{ NO_URL, { "POSTGRES_PORT=54x" }, 0, NULL, NULL, NULL, NULL, "error: POSTGRES_PORT: \"54x\" is not a number\n" },
	{ NO_URL, { "POSTGRES_PORT=65536" }, 0, NULL, NULL, NULL, NULL,
	  "error: POSTGRES_PORT: \"65536\" is out of range (1 to 65535)\n" },
	{ "postgresql://u@:x/db", {0}, 0, NULL, NULL, NULL, NULL, "error: database URL: the port \"x\" is not a number\n" },
	{ "postgresql://u@host:/db", {0}, 0, NULL, NULL, NULL, NULL, "error: database URL: the port is empty\n" },
	{ "postgresql://u:S3cret@host:99999/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the port \"99999\" is out of range (1 to 65535)\n" },
	{ "postgresql://u@h1:5432,h2:0/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the port \"0\" is out of range (1 to 65535)\n" },
	{ "postgresql://u@h:99999999999999999999/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the port \"99999999999999999999\" is out of range (1 to 65535)\n" },
	{ "postgresql:/u@host/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: \"//\" is missing after the scheme\n"
	  "hint: write postgresql://user:password@host:5432/dbname\n" },
	{ "postgresql://:S3cret@host/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the user name is empty but a password is given\n" },
	{ "postgresql://u:S3cret%zz@host/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the password has a bad %-escape\n" },
	{ "postgresql://u@h/db?password=%4", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the password parameter has a bad %-escape\n" },
	{ "postgresql://u@[::1/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the IPv6 host has no closing \"]\"\n" },
	{ "postgresql://u@[::1]x/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: \"x\" after the IPv6 host is not a :port\n" },
	{ "mysql://u:S3cret@h/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the scheme \"mysql\" is not supported\nhint: use postgresql://... or sqlite:PATH\n" },
	{ "host=127.0.0.1 password=S3cret", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"host=127.0.0.1 password=***\" has no scheme\n" HINT_SCHEME },
	{ ":nothing", {0}, 0, NULL, NULL, NULL, NULL, "error: database URL \":nothing\" has no scheme\n" HINT_SCHEME },
	{ "sqlite:", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"sqlite:\": the SQLite file path is missing\nhint: write sqlite:path/to/file.db\n" },
	{ "sqlite:///", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"sqlite:///\": the SQLite file path is missing\nhint: write sqlite:path/to/file.db\n" },
	{ "sqlite:a%zz.db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"sqlite:a%zz.db\": the path has a bad %-escape\n" },
	/* %00 would cut the value short: an empty SQLite path is a throwaway database (found by fuzz_url) */
	{ "sqlite:%00%40", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"sqlite:%00%40\": the path has a bad %-escape\n" },
	{ "sqlite:app.db%00.bak", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL \"sqlite:app.db%00.bak\": the path has a bad %-escape\n" },
	{ "postgresql://u:S3cret%00@h/db", {0}, 0, NULL, NULL, NULL, NULL,
	  "error: database URL: the password has a bad %-escape\n" },
};

/* The variables config reads, out of the real environment (which wins over files). */
static void clean_environment(void)
{
	static const char *const names[] = {
		"DATABASE_URL", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DATABASE",
		"POSTGRES_USER", "POSTGRES_PASSWORD", "LOG_SECRETS", "MIG_ENV", "PYTHON_ENV", "PGCONNECT_TIMEOUT",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unsetenv(names[i]);
}

/* An env as if read from .env files: NAME=value entries. */
static void env_with(struct env *e, const char *const *vars, size_t n)
{
	env_init(e);
	for (size_t i = 0; i < n && vars[i]; i++) {
		const char *eq = strchr(vars[i], '=');
		char *name = xstrndup(vars[i], (size_t)(eq - vars[i]));
		free(strmap_put(&e->vars, name, xstrdup(eq + 1)));
		free(name);
	}
}

#define CHECK_STR(what, got, want)                                                                 \
	ck_assert_msg((want) ? (got) && strcmp((got), (want)) == 0 : (got) == NULL,                \
		      "%s: %s is \"%s\", not \"%s\"", label, what,     \
		      (got) ? (got) : "(null)", (want) ? (want) : "(null)")

START_TEST(test_url)
{
	const struct url_case *c = &url_cases[_i];
	struct db_config cfg;
	struct env e;
	struct diag d = DIAG_INIT;
	const char *label = c->url == NO_URL ? "(the environment)" : c->url;
	int ret;

	clean_environment();
	env_with(&e, c->vars, sizeof(c->vars) / sizeof(c->vars[0]));
	ret = config_resolve(&cfg, c->url == NO_URL ? NULL : c->url, &e, &d);
	if (c->error) {
		struct strbuf got = STRBUF_INIT;
		ck_assert_int_eq(ret, -1);
		diag_format(&d, "", &got);
		ck_assert_msg(strcmp(got.buf, c->error) == 0, "%s:\n  got:  %s  want: %s", label, got.buf, c->error);
		ck_assert_msg(!strstr(got.buf, "S3cret"), "%s", got.buf);
		strbuf_release(&got);
	} else {
		ck_assert_msg(ret == 0, "%s: %s", label, d.message);
		ck_assert_str_eq(cfg.dialect->name, c->dialect);
		CHECK_STR("conninfo", cfg.conninfo, c->conninfo);
		CHECK_STR("sqlite_path", cfg.sqlite_path, c->sqlite_path);
		CHECK_STR("display", cfg.display, c->display);
		CHECK_STR("password", cfg.password, c->password);
		ck_assert(cfg.is_default == (c->sqlite_path && strcmp(c->sqlite_path, "var/dev.sqlite3") == 0));
	}
	/* a connect timeout unless the user set one */
	ck_assert_str_eq(getenv("PGCONNECT_TIMEOUT"), "10");
	config_release(&cfg);
	env_release(&e);
	diag_release(&d);
}
END_TEST

START_TEST(test_real_environment_wins)
{
	struct db_config cfg;
	struct env e;
	struct diag d = DIAG_INIT;
	const char *const vars[] = { "DATABASE_URL=sqlite:file.db" };
	struct strbuf got = STRBUF_INIT;

	clean_environment();
	setenv("DATABASE_URL", "sqlite:real.db", 1);
	setenv("PGCONNECT_TIMEOUT", "3", 1);
	env_with(&e, vars, 1);
	ck_assert_int_eq(config_resolve(&cfg, NULL, &e, &d), 0);
	ck_assert_str_eq(cfg.sqlite_path, "real.db");
	ck_assert_str_eq(getenv("PGCONNECT_TIMEOUT"), "3");
	config_release(&cfg);
	/* --database-url wins over both */
	ck_assert_int_eq(config_resolve(&cfg, "sqlite:flag.db", &e, &d), 0);
	ck_assert_str_eq(cfg.sqlite_path, "flag.db");
	config_release(&cfg);
	setenv("DATABASE_URL", "", 1);
	ck_assert_int_eq(config_resolve(&cfg, NULL, &e, &d), -1);
	diag_format(&d, "", &got);
	ck_assert(strncmp(got.buf, "error: DATABASE_URL is set but empty (in the environment)\n", 58) == 0);
	config_release(&cfg);
	env_release(&e);
	diag_release(&d);
	strbuf_release(&got);
}
END_TEST

START_TEST(test_masks_and_other_database)
{
	struct db_config cfg, other;
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;

	clean_environment();
	ck_assert_int_eq(config_resolve(&cfg, "postgresql://u:pw@h/app", NULL, &d), 0);
	/* a short password is masked where it stands alone, not inside words */
	strbuf_addstr(&text, "password pw failed; pwned (pw)");
	config_mask_secret(&cfg, &text);
	ck_assert_str_eq(text.buf, "password *** failed; pwned (***)");
	config_other_database(&cfg, "scratch", &other);
	ck_assert_str_eq(other.display, "database scratch on the server of postgresql://u:***@h/app");
	ck_assert_str_eq(other.dbname, "scratch");
	ck_assert_str_eq(other.conninfo, "postgresql://u:pw@h/app");
	ck_assert_str_eq(other.password, "pw");
	ck_assert_str_eq(other.dialect->name, "pgsql");
	config_release(&other);
	config_release(&cfg);

	/* a long one everywhere */
	ck_assert_int_eq(config_resolve(&cfg, "postgresql://u:LongSecret9@h/app", NULL, &d), 0);
	strbuf_reset(&text);
	strbuf_addstr(&text, "xLongSecret9y LongSecret9");
	config_mask_secret(&cfg, &text);
	ck_assert_str_eq(text.buf, "x***y ***");
	config_release(&cfg);

	/* LOG_SECRETS=true: left as it is */
	setenv("LOG_SECRETS", "TRUE", 1);
	ck_assert_int_eq(config_resolve(&cfg, "postgresql://u:pw@h/app", NULL, &d), 0);
	strbuf_reset(&text);
	strbuf_addstr(&text, "pw");
	config_mask_secret(&cfg, &text);
	ck_assert_str_eq(text.buf, "pw");
	config_release(&cfg);

	ck_assert_str_eq(dialect_find("pgsql")->name, "pgsql");
	ck_assert_str_eq(dialect_find("sqlite")->display_name, "SQLite");
	strbuf_release(&text);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("urls");

	tcase_add_loop_test(tc, test_url, 0, (int)(sizeof(url_cases) / sizeof(url_cases[0])));
	tcase_add_test(tc, test_real_environment_wins);
	tcase_add_test(tc, test_masks_and_other_database);
	suite_add_tcase(s, tc);
	return s;
}

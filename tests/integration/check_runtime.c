/*
 * What a team meets at run time (issue 10, items 5, 6 and 8), as a user
 * would: status that shows what the database holds (`make db-history`,
 * `make db-current`, `make db-pending` as a CI gate), logs a container can
 * use (`make db-upgrade` in a pipe, -q, an empty DATABASE_URL, --json on
 * mig-apply and mig-check), and adopting an existing database
 * (mig-inspect's left-out objects and --strict, a first `make db-upgrade`
 * on tables that are already there). On the harness's PostgreSQL through
 * make, and on SQLite files through the tools.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "othertools.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

struct rproj {
	char *dir;
	struct pgtest_db db;  /* unused (name NULL) on SQLite */
	char *url_env;        /* "DATABASE_URL=..." */
	char *bin_env;        /* "MIG_BIN=..." */
};

#define R1 "0001_20260101000000_init"
#define R2 "0002_20260101010000_add_phone"

/* A project: a Makefile including the tree's mk/mig.mk, models/, and the database (pgsql: a new one; else url). */
static void rproj_init(struct rproj *p, const char *pgname, const char *url)
{
	struct strbuf sb = STRBUF_INIT;
	char *tree = test_tree_dir();

	memset(p, 0, sizeof(*p));
	p->dir = test_mkdtemp();
	strbuf_addf(&sb, "all:\n\t@echo app\n\ninclude %s/mk/mig.mk\n", tree);
	test_write_in(p->dir, "Makefile", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_reset(&sb);
	if (pgname) {
		pgtest_create(&p->db, pgname);
		url = p->db.url;
	}
	strbuf_addf(&sb, "DATABASE_URL=%s", url);
	p->url_env = strbuf_detach(&sb, NULL);
	p->bin_env = test_bin_env();
	free(tree);
}

static void rproj_release(struct rproj *p)
{
	if (p->db.name)
		pgtest_drop(&p->db);
	test_rmtree(p->dir);
	free(p->dir);
	free(p->url_env);
	free(p->bin_env);
}

/* Runs argv (NULL-terminated) in p's directory; extra env entries after p's (which they override). */
static void rrun(struct run_result *r, const struct rproj *p, const char *const *extra, const char *first, ...)
	__attribute__((sentinel));
static void rrun(struct run_result *r, const struct rproj *p, const char *const *extra, const char *first, ...)
{
	const char *ours[] = { p->bin_env, p->url_env, NULL };
	/* a tool of the tree under test, or make */
	char *path = strncmp(first, "mig-", 4) == 0 ? test_tool_path(first) : NULL;
	const char *const tool[] = { path, NULL };
	const char *const make[] = { first, "-s", "--no-print-directory", NULL };
	va_list ap;

	va_start(ap, first);
	test_vrun(r, p->dir, ours, extra, path ? tool : make, ap);
	va_end(ap);
	free(path);
}

static void shop_v1(const struct rproj *p)
{
	test_write_in(p->dir, "models/shop.xml",
	       "<models xmlns=\"urn:mig:model:1\">\n"
	       "  <table name=\"customer\">\n"
	       "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	       "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
	       "    <primary-key columns=\"id\"/>\n"
	       "  </table>\n"
	       "</models>\n");
}

static void shop_v2(const struct rproj *p)
{
	test_write_in(p->dir, "models/shop.xml",
	       "<models xmlns=\"urn:mig:model:1\">\n"
	       "  <table name=\"customer\">\n"
	       "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	       "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
	       "    <column name=\"phone\" type=\"text\"/>\n"
	       "    <primary-key columns=\"id\"/>\n"
	       "  </table>\n"
	       "</models>\n");
}

/* make db-migrate name=NAME at a fixed time; dialect "pgsql" or "sqlite". */
static void migrate(const struct rproj *p, const char *name, const char *epoch)
{
	struct strbuf arg = STRBUF_INIT;
	const char *const env[] = { epoch, NULL };
	struct run_result r;

	strbuf_addf(&arg, "name=%s", name);
	rrun(&r, p, env, "make", "db-migrate", arg.buf, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_release(&arg);
}

#define AT0 "SOURCE_DATE_EPOCH=1767225600"
#define AT1 "SOURCE_DATE_EPOCH=1767229200"

/* Two revisions, written; the second applied, then its file deleted (a branch switched in git). */
static void applied_then_deleted(struct rproj *p, const char *dialect)
{
	struct run_result r;
	struct strbuf path = STRBUF_INIT;

	shop_v1(p);
	migrate(p, "init", AT0);
	shop_v2(p);
	migrate(p, "add phone", AT1);
	rrun(&r, p, NULL, "make", "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_addf(&path, "%s/migrations/%s/" R2 ".sql", p->dir, dialect);
	ck_assert_int_eq(unlink(path.buf), 0);
	strbuf_release(&path);
	rrun(&r, p, NULL, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
}

/* --- 5. status shows what the database holds ----------------------------------- */

static void expect_missing_shown(struct rproj *p, const char *dialect)
{
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	/* aligned to the longest revision shown, the one the folder lacks included */
	strbuf_addf(&want, R1 "       init\n" R2 "  (not in migrations/%s)\n", dialect);
	rrun(&r, p, NULL, "make", "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	rrun(&r, p, NULL, "make", "db-history", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "(not in migrations/%s)\n", dialect);
	ASSERT_CONTAINS(r.out, "\n" R2 "  ");
	ASSERT_CONTAINS(r.out, want.buf);
	run_result_release(&r);

	rrun(&r, p, NULL, "mig-heads", "--history", "--json", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "{\"revision\": \"" R2 "\", \"message\": null, \"applied\": true, \"applied_at\": \"");
	ASSERT_CONTAINS(r.out, "\"in_folder\": false}]}\n");
	run_result_release(&r);
	strbuf_release(&want);
}

START_TEST(test_status_shows_revisions_not_in_folder_pgsql)
{
	struct rproj p;

	rproj_init(&p, "mig_rt_status", NULL);
	applied_then_deleted(&p, "pgsql");
	expect_missing_shown(&p, "pgsql");
	rproj_release(&p);
}
END_TEST

START_TEST(test_status_shows_revisions_not_in_folder_sqlite)
{
	struct rproj p;

	rproj_init(&p, NULL, "sqlite:var/app.sqlite3");
	applied_then_deleted(&p, "sqlite");
	expect_missing_shown(&p, "sqlite");
	rproj_release(&p);
}
END_TEST

START_TEST(test_db_pending_is_a_ci_gate)
{
	struct rproj p;
	struct run_result r;
	const char *const just_env[] = { NULL };

	(void)just_env;
	rproj_init(&p, "mig_rt_pending", NULL);
	shop_v1(&p);
	migrate(&p, "init", AT0);
	rrun(&r, &p, NULL, "make", "db-pending", NULL);
	/* mig-heads exits 1; make reports the recipe's status and exits 2 */
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, R1 "  init\n");
	ASSERT_CONTAINS(r.err, "mig-heads: error: 1 migration is pending\n");
	ASSERT_CONTAINS(r.err, "db-pending] Error 1\n");
	run_result_release(&r);
	rrun(&r, &p, NULL, "make", "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	rrun(&r, &p, NULL, "make", "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	rproj_release(&p);
}
END_TEST

/* --- 6. logs a container can use -------------------------------------------------- */

START_TEST(test_upgrade_logs_in_a_pipe)
{
	struct rproj p;
	struct run_result r;
	struct strbuf url = STRBUF_INIT, want = STRBUF_INIT;
	const char *port = getenv("MIG_TEST_PG_PORT");

	rproj_init(&p, "mig_rt_logs", NULL);
	/* a password in the URL (the harness trusts it): the log line must not show it */
	strbuf_addf(&url, "DATABASE_URL=postgresql://postgres:Secr3t-in-url@127.0.0.1:%s/%s", port, p.db.name);
	{
		const char *const env[] = { url.buf, NULL };
		shop_v1(&p);
		migrate(&p, "init", AT0);
		shop_v2(&p);
		migrate(&p, "add phone", AT1);
		rrun(&r, &p, env, "make", "db-upgrade", NULL);
	}
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-apply: database postgresql://postgres:***@127.0.0.1:%s/%s, migrations "
			   "migrations/pgsql\n[1/2] applying " R1 " (", port, p.db.name);
	ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0, "%s\nnot\n%s", r.err, want.buf);
	ASSERT_CONTAINS(r.err, " ms)\n[2/2] applying " R2 " (");
	ASSERT_CONTAINS(r.err, " ms)\nmig-apply: applied 2 migrations in ");
	ASSERT_CONTAINS(r.err, " ms; now at " R2 "\n");
	ASSERT_LACKS(r.err, "Secr3t-in-url");
	run_result_release(&r);

	/* -q and LOG_LEVEL=error: errors only */
	rrun(&r, &p, NULL, "mig-apply", "-q", "--to", "base", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	{
		const char *const env[] = { "LOG_LEVEL=error", NULL };
		rrun(&r, &p, env, "make", "db-upgrade", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	/* nothing to do is said too */
	rrun(&r, &p, NULL, "mig-apply", "--quiet", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-apply", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: nothing to do; at " R2 "\n");
	run_result_release(&r);
	strbuf_release(&url);
	strbuf_release(&want);
	rproj_release(&p);
}
END_TEST

START_TEST(test_empty_database_url_is_an_error)
{
	struct rproj p;
	struct run_result r;
	const char *const empty[] = { "DATABASE_URL=", NULL };
	const char *const unset[] = { "DATABASE_URL", NULL };

	rproj_init(&p, NULL, "sqlite:var/app.sqlite3");
	shop_v1(&p);
	migrate(&p, "init", AT0);
	rrun(&r, &p, empty, "make", "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: error: DATABASE_URL is set but empty (in the environment)\n"
			       "mig-apply: hint: set it to the database's URL");
	ASSERT_CONTAINS(r.err, "db-upgrade] Error 2\n");
	run_result_release(&r);
	rrun(&r, &p, empty, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	run_result_release(&r);
	/* in a .env file, the same; the embedded SQLite file is never created */
	test_write_in(p.dir, ".env", "DATABASE_URL=\n");
	rrun(&r, &p, unset, "mig-apply", NULL);
	ASSERT_EXIT(r, 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: DATABASE_URL is set but empty (in a .env file)\n");
	run_result_release(&r);
	rrun(&r, &p, unset, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 2);
	run_result_release(&r);
	ck_assert(!test_exists_in(p.dir, "var/dev.sqlite3"));
	rproj_release(&p);
}
END_TEST

START_TEST(test_json_reports)
{
	struct rproj p;
	struct run_result r;

	rproj_init(&p, "mig_rt_json", NULL);
	shop_v1(&p);
	migrate(&p, "init", AT0);
	rrun(&r, &p, NULL, "mig-apply", "--json", "-q", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	ASSERT_CONTAINS(r.out, "\"migrations\": \"migrations/pgsql\", \"result\": \"ok\", \"direction\": \"up\", "
			       "\"steps\": [{\"revision\": \"" R1 "\", \"direction\": \"up\", \"ms\": ");
	ASSERT_CONTAINS(r.out, ", \"result\": \"ok\"}], \"at\": \"" R1 "\", \"ms\": ");
	ASSERT_CONTAINS(r.out, ", \"left\": [], \"error\": null}\n");
	ck_assert_msg(strncmp(r.out, "{\"database\": \"postgresql://", 27) == 0, "%s", r.out);
	run_result_release(&r);

	/* a failing statement: its file, line and SQLSTATE */
	test_write_in(p.dir, "migrations/pgsql/0002_20260101010000_bad.sql",
	       "-- mig:revision 0002_20260101010000_bad\n-- mig:parents " R1 "\n-- mig:message bad\n"
	       "-- mig:transaction on\n-- mig:up\nINSERT INTO customer (email) VALUES (NULL);\n-- mig:down\n");
	rrun(&r, &p, NULL, "mig-gen", "--rehash", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-apply", "--json", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.out, "\"result\": \"failed\"");
	ASSERT_CONTAINS(r.out, "\"steps\": [{\"revision\": \"0002_20260101010000_bad\", \"direction\": \"up\", "
			       "\"ms\": null, \"result\": \"failed\"}]");
	ASSERT_CONTAINS(r.out, "\"left\": [\"0002_20260101010000_bad\"], \"error\": {\"message\": \"null value in "
			       "column \\\"email\\\" of relation \\\"customer\\\" violates not-null constraint\", "
			       "\"file\": \"migrations/pgsql/0002_20260101010000_bad.sql\", \"line\": 6, "
			       "\"sqlstate\": \"23502\"");
	/* stderr still tells a person */
	ASSERT_CONTAINS(r.err, "mig-apply: migrations/pgsql/0002_20260101010000_bad.sql:6: null value");
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-apply", "--json", "--sql", NULL);
	ASSERT_EXIT(r, 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --json cannot be combined with --sql\n");
	run_result_release(&r);

	/* mig-check: each problem with its file and line, and what passed */
	rrun(&r, &p, NULL, "mig-check", "--json", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.out, "{\"result\": \"failed\", \"problems\": [{\"file\": ");
	ASSERT_CONTAINS(r.out, "\"checked\": [\"migrations/pgsql: the sum file matches, 2 migrations parse, 1 head\"");
	ASSERT_CONTAINS(r.out, "{\"file\": \"migrations/pgsql/0002_20260101010000_bad.sql\", \"line\": 6, \"message\": ");
	run_result_release(&r);
	rproj_release(&p);
}
END_TEST

/* --- 8. adopting an existing database ------------------------------------------------ */

START_TEST(test_inspect_names_what_it_leaves_out_pgsql)
{
	struct rproj p;
	struct run_result r;

	rproj_init(&p, "mig_rt_inspect", NULL);
	pgtest_exec(&p.db,
		    "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);\n"
		    "INSERT INTO alembic_version VALUES ('abc123');\n"
		    "CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY);\n"
		    "CREATE TABLE account (id serial PRIMARY KEY, email text NOT NULL);\n"
		    "CREATE VIEW active AS SELECT id FROM account;\n"
		    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\n"
		    "CREATE TRIGGER account_touch BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch();\n"
		    "CREATE SEQUENCE invoice_no;\n"
		    "CREATE POLICY mine ON account USING (true);\n"
		    "GRANT SELECT ON account TO PUBLIC;\n"
		    "CREATE DOMAIN posint AS int CHECK (VALUE > 0);\n"
		    "CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);\n"
		    "CREATE PUBLICATION everything FOR ALL TABLES;\n");
	rrun(&r, &p, NULL, "make", "db-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err,
			 "mig-inspect: left out table \"alembic_version\" (Alembic's version table)\n"
			 "mig-inspect: left out table \"flyway_schema_history\" (Flyway's version table)\n"
			 "mig-inspect: warning: left out aggregate public.total(integer): not part of the model\n"
			 "mig-inspect: warning: left out publication everything: not part of the model\n");
	/* the rest is in the model, as PostgreSQL prints it back */
	ASSERT_CONTAINS(r.out, "<view name=\"active\">");
	ASSERT_CONTAINS(r.out, "<function name=\"touch()\">");
	ASSERT_CONTAINS(r.out, "<trigger name=\"account_touch\" table=\"account\">\n"
			"CREATE TRIGGER account_touch BEFORE UPDATE ON public.account FOR EACH ROW EXECUTE FUNCTION touch()\n");
	ASSERT_CONTAINS(r.out, "<sequence name=\"invoice_no\">");
	ASSERT_CONTAINS(r.out, "<policy name=\"mine\" table=\"account\">\n"
			"CREATE POLICY mine ON public.account AS PERMISSIVE FOR ALL TO PUBLIC USING (true)\n");
	ASSERT_CONTAINS(r.out, "<grant to=\"PUBLIC\" on=\"TABLE account\">\nSELECT\n");
	ASSERT_CONTAINS(r.out, "<domain name=\"posint\">\n"
			"CREATE DOMAIN public.posint AS integer CONSTRAINT posint_check CHECK ((VALUE &gt; 0))\n");
	ASSERT_CONTAINS(r.out, "<table name=\"account\">");
	ASSERT_LACKS(r.out, "alembic_version");
	ASSERT_LACKS(r.out, "flyway");
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-inspect", "--strict", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, "");
	ASSERT_CONTAINS(r.err, "mig-inspect: error: left out aggregate public.total(integer): not part of the model\n");
	ASSERT_CONTAINS(r.err, "mig-inspect: hint: without --strict");
	run_result_release(&r);
	rproj_release(&p);
}
END_TEST

START_TEST(test_inspect_names_what_it_leaves_out_sqlite)
{
	struct rproj p;
	struct run_result r;
	char *db;
	struct strbuf sql = STRBUF_INIT;

	rproj_init(&p, NULL, "sqlite:legacy.db");
	{
		const char *const argv[] = { "sqlite3", "legacy.db",
			"CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);"
			"CREATE TABLE account (id integer PRIMARY KEY, email text NOT NULL);"
			"CREATE VIEW emails AS SELECT email FROM account;"
			"CREATE TABLE tagged (name text UNIQUE ON CONFLICT IGNORE);", NULL };
		const char **env = test_clean_env(NULL, NULL);
		run_argv(&r, p.dir, env, argv);
		free(env);
	}
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "mig-inspect: left out table \"alembic_version\" (Alembic's version table)\n"
				"mig-inspect: warning: table \"tagged\": ON CONFLICT IGNORE of UNIQUE of column \"name\" is "
				"not part of the model; left out\n");
	ASSERT_LACKS(r.out, "alembic_version");
	/* a view is part of the model: SQLite's own SQL */
	ASSERT_CONTAINS(r.out, "<view name=\"emails\" dialect=\"sqlite\">\nCREATE VIEW emails AS SELECT email FROM "
			       "account\n  </view>\n");
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-inspect", "--strict", NULL);
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, "");
	ASSERT_CONTAINS(r.err, "mig-inspect: error: table \"tagged\": ON CONFLICT IGNORE of UNIQUE of column \"name\" "
			       "is not part of the model; left out\n");
	run_result_release(&r);
	db = NULL;
	free(db);
	strbuf_release(&sql);
	rproj_release(&p);
}
END_TEST

#define ADOPT_HINT "hint: the database already has these tables; to adopt it, record the revision it matches " \
	"with mig-stamp REV (mig-stamp head when it matches the models)\n"
/* the same hint under make: the make target that follows it */
#define ADOPT_HINT_MAKE "hint: the database already has these tables; to adopt it, record the revision it " \
	"matches with make db-stamp to=REV (make db-stamp to=head when it matches the models)\n"

START_TEST(test_first_upgrade_on_existing_tables_hints_at_stamp_pgsql)
{
	struct rproj p;
	struct run_result r;
	char *v;

	rproj_init(&p, "mig_rt_adopt", NULL);
	pgtest_exec(&p.db, "CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL);\n"
			   "INSERT INTO customer VALUES (1, 'ann@example.com');\n");
	shop_v1(&p);
	migrate(&p, "init", AT0);
	rrun(&r, &p, NULL, "make", "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "relation \"customer\" already exists (SQLSTATE 42P07)\n");
	ASSERT_CONTAINS(r.err, "mig-apply: " ADOPT_HINT_MAKE);
	run_result_release(&r);
	/* nothing ran: no version row, the rows untouched */
	v = pgtest_value(&p.db, "SELECT count(*) FROM mig_history");
	ck_assert_str_eq(v, "0");
	free(v);
	v = pgtest_value(&p.db, "SELECT email FROM customer");
	ck_assert_str_eq(v, "ann@example.com");
	free(v);
	/* the hint's way out */
	rrun(&r, &p, NULL, "mig-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	rrun(&r, &p, NULL, "make", "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	rproj_release(&p);
}
END_TEST

START_TEST(test_first_upgrade_on_existing_tables_hints_at_stamp_sqlite)
{
	struct rproj p;
	struct run_result r;

	rproj_init(&p, NULL, "sqlite:legacy.db");
	{
		const char *const argv[] = { "sqlite3", "legacy.db",
			"CREATE TABLE customer (id integer PRIMARY KEY, email text NOT NULL);"
			"INSERT INTO customer VALUES (1, 'ann@example.com');", NULL };
		const char **env = test_clean_env(NULL, NULL);
		run_argv(&r, p.dir, env, argv);
		free(env);
	}
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	shop_v1(&p);
	migrate(&p, "init", AT0);
	rrun(&r, &p, NULL, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.err, "already exists");
	ASSERT_CONTAINS(r.err, "mig-apply: " ADOPT_HINT);
	run_result_release(&r);
	rrun(&r, &p, NULL, "mig-heads", "--current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	rproj_release(&p);
}
END_TEST

/* The version tables' two lists (C for SQLite, SQL for PostgreSQL's catalogs) agree. */
START_TEST(test_version_table_lists_agree)
{
	size_t quoted = 0;

	for (size_t i = 0; i < othertools_nr; i++) {
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "'%s'", othertools_name(i));
		ASSERT_CONTAINS(OTHERTOOLS_TABLES_SQL, want.buf);
		ck_assert_ptr_nonnull(othertools_version_table(othertools_name(i)));
		strbuf_release(&want);
	}
	for (const char *q = OTHERTOOLS_TABLES_SQL; (q = strchr(q, '\'')) != NULL; q++)
		quoted++;
	ck_assert_uint_eq(quoted, 2 * othertools_nr);
	ck_assert_ptr_null(othertools_version_table("account"));
}
END_TEST

Suite *runtime_suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *pg = tcase_create("pgsql"), *lite = tcase_create("sqlite");

	tcase_set_timeout(pg, 300);
	tcase_set_timeout(lite, 300);
	tcase_add_test(pg, test_status_shows_revisions_not_in_folder_pgsql);
	tcase_add_test(pg, test_db_pending_is_a_ci_gate);
	tcase_add_test(pg, test_upgrade_logs_in_a_pipe);
	tcase_add_test(pg, test_json_reports);
	tcase_add_test(pg, test_inspect_names_what_it_leaves_out_pgsql);
	tcase_add_test(pg, test_first_upgrade_on_existing_tables_hints_at_stamp_pgsql);
	tcase_add_test(lite, test_version_table_lists_agree);
	tcase_add_test(lite, test_status_shows_revisions_not_in_folder_sqlite);
	tcase_add_test(lite, test_empty_database_url_is_an_error);
	tcase_add_test(lite, test_inspect_names_what_it_leaves_out_sqlite);
	tcase_add_test(lite, test_first_upgrade_on_existing_tables_hints_at_stamp_sqlite);
	suite_add_tcase(s, pg);
	suite_add_tcase(s, lite);
	return s;
}

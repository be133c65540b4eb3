/*
 * The make interface (mk/mig.mk) and the justfile as a user meets them, on
 * the harness's PostgreSQL: each test builds a project of its own in a
 * temporary directory (a Makefile that includes the tree's mk/mig.mk, a
 * small shop model with a foreign key, seeds/, a copy of the justfile),
 * runs `make db-...` and `just db-...` there with DATABASE_URL naming a
 * database of its own, and checks what a user would: the files written,
 * the tables and rows in the database, the exact lines printed, the exit
 * statuses, and that check-migrations names each problem.
 *
 * make runs with MIG_BIN naming the directory of the tools under test
 * (build/san/bin under SANITIZE=1), so that mk/mig.mk uses exactly those;
 * one test leaves MIG_BIN unset, where mk/mig.mk builds and uses the
 * tree's own bin/. Revision times are fixed with SOURCE_DATE_EPOCH, so
 * file names are exact.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "fs.h"
#include "pgtest.h"
#include "strbuf.h"
#include "sumfile.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* --- a project ------------------------------------------------------------ */

struct proj {
	char *dir;      /* the project directory (make's working directory) */
	struct pgtest_db db;
	char *url_env;  /* "DATABASE_URL=<the database's URL>" */
	char *bin_env;  /* "MIG_BIN=<the directory of the tools under test>" */
};

/* The source tree, absolute (the temporary project's Makefile includes its mk/mig.mk). */
static char *tree_dir(void)
{
	char *abs = realpath(test_root(), NULL);

	ck_assert_msg(abs != NULL, "%s: %s", test_root(), strerror(errno));
	return abs;
}

static char *proj_path(const struct proj *p, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", p->dir, rel);
	return strbuf_detach(&sb, NULL);
}

static void proj_write(const struct proj *p, const char *rel, const char *content)
{
	char *path = proj_path(p, rel);

	test_write_file(path, content);
	free(path);
}

static char *proj_read(const struct proj *p, const char *rel)
{
	char *path = proj_path(p, rel);
	char *text = test_read_file(path);

	ck_assert_msg(text != NULL, "cannot read %s", path);
	free(path);
	return text;
}

static bool proj_exists(const struct proj *p, const char *rel)
{
	char *path = proj_path(p, rel);
	bool yes = test_file_exists(path);

	free(path);
	return yes;
}

/* The project directory alone: Makefile, models/, seeds/, justfile. */
static void proj_files(struct proj *p)
{
	struct strbuf sb = STRBUF_INIT;
	char *tree = tree_dir(), *justfile;

	p->dir = test_mkdtemp();
	/* the project's own first target: what a bare `make` (or a sub-make without a goal) runs */
	strbuf_addf(&sb, "# the shop, using mig\nall:\n\t@echo 'building the shop'\n\ninclude %s/mk/mig.mk\n",
		    tree);
	proj_write(p, "Makefile", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/seeds", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/justfile", tree);
	justfile = test_read_file(sb.buf);
	ck_assert_msg(justfile != NULL, "cannot read %s", sb.buf);
	proj_write(p, "justfile", justfile);
	free(justfile);
	strbuf_release(&sb);
	free(tree);
}

static void proj_init(struct proj *p, const char *dbname)
{
	struct strbuf sb = STRBUF_INIT;
	char *tool = test_tool_path("mig-gen");

	memset(p, 0, sizeof(*p));
	proj_files(p);
	pgtest_create(&p->db, dbname);
	strbuf_addf(&sb, "DATABASE_URL=%s", p->db.url);
	p->url_env = strbuf_detach(&sb, NULL);
	/* the directory of the tools under test, whatever the build */
	*strrchr(tool, '/') = '\0';
	strbuf_addf(&sb, "MIG_BIN=%s", tool);
	p->bin_env = strbuf_detach(&sb, NULL);
	free(tool);
}

static void proj_release(struct proj *p)
{
	pgtest_drop(&p->db);
	test_rmtree(p->dir);
	free(p->dir);
	free(p->url_env);
	free(p->bin_env);
}

/* The environment of a run: clean, MIG_BIN, DATABASE_URL = p's database, then extra. */
static const char **run_env(const struct proj *p, const char *const *extra)
{
	const char *ours[] = { p->bin_env, p->url_env, NULL };

	return test_clean_env(ours, extra);
}

/* Runs argv0 args... (NULL-terminated) in dir with run_env(p, extra). */
static void vrun(struct run_result *r, const struct proj *p, const char *dir, const char *const *extra,
		 const char *const *first, va_list ap)
{
	const char *argv[64];
	const char **env = run_env(p, extra);
	int n = 0;

	for (; *first; first++)
		argv[n++] = *first;
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
		ck_assert_int_lt(n, 63);
		argv[n++] = a;
	}
	argv[n] = NULL;
	run_argv(r, dir, env, argv);
	ck_assert_msg(r->status != 127, "%s could not be run (is it installed?)\n%s", argv[0], r->err);
	free(env);
}

/* Runs argv in p's directory with run_env(p, extra). */
static void vrun_argv(struct run_result *r, const struct proj *p, const char *const *extra,
		      const char *const *argv)
{
	const char **env = run_env(p, extra);

	run_argv(r, p->dir, env, argv);
	ck_assert_msg(r->status != 127, "%s could not be run (is it installed?)\n%s", argv[0], r->err);
	free(env);
}

/* `make -s --no-print-directory ARGS...` in p's directory. */
static void mk(struct run_result *r, const struct proj *p, const char *const *extra, ...)
	__attribute__((sentinel));
static void mk(struct run_result *r, const struct proj *p, const char *const *extra, ...)
{
	static const char *const make[] = { "make", "-s", "--no-print-directory", NULL };
	va_list ap;

	va_start(ap, extra);
	vrun(r, p, p->dir, extra, make, ap);
	va_end(ap);
}

/* `just --justfile DIR/justfile --working-directory DIR ARGS...`, as a user in DIR would. */
static void just(struct run_result *r, const struct proj *p, const char *const *extra, ...)
	__attribute__((sentinel));
static void just(struct run_result *r, const struct proj *p, const char *const *extra, ...)
{
	char *justfile = proj_path(p, "justfile");
	const char *const argv[] = { "just", "--justfile", justfile, "--working-directory", p->dir, NULL };
	va_list ap;

	va_start(ap, extra);
	vrun(r, p, p->dir, extra, argv, ap);
	va_end(ap);
	free(justfile);
}

/* A tool of the tree under test, in p's directory (for what no target does: --rehash). */
static void tool(struct run_result *r, const struct proj *p, const char *name, ...) __attribute__((sentinel));
static void tool(struct run_result *r, const struct proj *p, const char *name, ...)
{
	char *path = test_tool_path(name);
	const char *const argv[] = { path, NULL };
	va_list ap;

	va_start(ap, name);
	vrun(r, p, p->dir, NULL, argv, ap);
	va_end(ap);
	free(path);
}

#define ASSERT_EXIT(r, want)                                                                      \
	ck_assert_msg((r).status == (want), "exit status %d, not %d\n--- stdout:\n%s--- stderr:\n%s", \
		      (r).status, (want), (r).out, (r).err)

#define ASSERT_CONTAINS(text, what)                                                              \
	ck_assert_msg(strstr((text), (what)) != NULL, "expected\n  %s\nin:\n%s", (what), (text))

#define ASSERT_LACKS(text, what)                                                                 \
	ck_assert_msg(strstr((text), (what)) == NULL, "did not expect\n  %s\nin:\n%s", (what), (text))

/* A target that failed: make's status 2, and make saying which recipe failed with which status. */
static void expect_make_failed(const struct run_result *r, const char *target, int recipe_status)
{
	struct strbuf want = STRBUF_INIT;

	ASSERT_EXIT(*r, 2);
	strbuf_addf(&want, ": %s] Error %d\n", target, recipe_status);
	ASSERT_CONTAINS(r->err, want.buf);
	strbuf_release(&want);
}

/* A target's usage line on stderr, and nothing else but make's own "*** ... Error 2" line. */
static void expect_usage(const struct run_result *r, const char *target, const char *usage)
{
	struct strbuf want = STRBUF_INIT;
	const char *second;

	expect_make_failed(r, target, 2);
	ck_assert_str_eq(r->out, "");
	strbuf_addf(&want, "%s\n", usage);
	ck_assert_msg(strncmp(r->err, want.buf, want.len) == 0, "%s", r->err);
	second = r->err + want.len;
	ck_assert_msg(strncmp(second, "make: *** [", 11) == 0 && strchr(second, '\n') == second + strlen(second) - 1,
		      "more than the usage and make's line:\n%s", r->err);
	strbuf_release(&want);
}

/* The first line of text, with its newline (caller frees). */
static char *first_line(const char *text)
{
	size_t n = strcspn(text, "\n");

	return xstrndup(text, n + (text[n] == '\n'));
}

/*
 * The sum file rewritten for the files as they are, the recorded states
 * left alone: a hand edit whose effect is not recorded (mig-gen --rehash
 * records it, see test_hand_ddl_recorded_*), the desync check-migrations
 * must catch.
 */
static void rehash(const struct proj *p)
{
	char *dir = proj_path(p, "migrations/pgsql");
	struct diag d = DIAG_INIT;

	ck_assert_msg(sumfile_write(dir, &d) == 0, "%s", d.message);
	diag_release(&d);
	free(dir);
}

/* Replaces the first `from` in p's file rel by `to`. */
static void edit(const struct proj *p, const char *rel, const char *from, const char *to)
{
	char *text = proj_read(p, rel), *hit = strstr(text, from);
	struct strbuf sb = STRBUF_INIT;

	ck_assert_msg(hit != NULL, "%s has no \"%s\":\n%s", rel, from, text);
	strbuf_add(&sb, text, (size_t)(hit - text));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, hit + strlen(from));
	proj_write(p, rel, sb.buf);
	strbuf_release(&sb);
	free(text);
}

/* The line number of the first line of p's file rel that contains what. */
static int line_of(const struct proj *p, const char *rel, const char *what)
{
	char *text = proj_read(p, rel), *hit = strstr(text, what);
	int line = 1;

	ck_assert_msg(hit != NULL, "%s has no \"%s\"", rel, what);
	for (const char *s = text; s < hit; s++)
		line += *s == '\n';
	free(text);
	return line;
}

/* Moves p->dir/from to p->dir/to. */
static void move(const struct proj *p, const char *from, const char *to)
{
	char *a = proj_path(p, from), *b = proj_path(p, to);

	ck_assert_msg(rename(a, b) == 0, "%s: %s", a, strerror(errno));
	free(a);
	free(b);
}

/* The number of files in p's directory rel. */
static size_t count_files(const struct proj *p, const char *rel, const char *suffix)
{
	char *dir = proj_path(p, rel);
	char **names;
	size_t n = fs_list_dir(dir, suffix, &names);

	fs_free_list(names, n);
	free(dir);
	return n;
}

/* --- what the database holds ----------------------------------------------- */

static void expect_value(struct pgtest_db *db, const char *sql, const char *want)
{
	char *got = pgtest_value(db, sql);

	ck_assert_msg(got && strcmp(got, want) == 0, "%s\n  gave \"%s\"\n  not  \"%s\"", sql,
		      got ? got : "(null)", want);
	free(got);
}

/* The tables of schema public but mig_history, "a,b,c". */
static void expect_tables(struct pgtest_db *db, const char *want)
{
	expect_value(db,
		     "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables "
		     "WHERE schemaname = 'public' AND tablename <> 'mig_history'",
		     want);
}

/* The revisions in mig_history, "r1,r2" ("-" when there is no mig_history). */
static void expect_history(struct pgtest_db *db, const char *want)
{
	char *exists = pgtest_value(db, "SELECT to_regclass('mig_history') IS NOT NULL");

	if (strcmp(exists, "t") == 0)
		expect_value(db, "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM mig_history",
			     want);
	else
		ck_assert_msg(strcmp(want, "-") == 0, "there is no mig_history; expected %s", want);
	free(exists);
}

/* The columns of table t, "a,b,c" in order. */
static void expect_columns(struct pgtest_db *db, const char *table, const char *want)
{
	struct strbuf sql = STRBUF_INIT;

	strbuf_addf(&sql, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
			  "information_schema.columns WHERE table_schema = 'public' AND table_name = '%s'", table);
	expect_value(db, sql.buf, want);
	strbuf_release(&sql);
}

/* check-migrations creates its scratch database and drops it: none is left. */
static void expect_no_scratch_database(struct proj *p)
{
	expect_value(&p->db, "SELECT coalesce(string_agg(datname, ','), 'none') FROM pg_database "
			     "WHERE datname LIKE 'mig\\_check\\_%'", "none");
}

/* --- the shop: models and the revisions they give ------------------------- */

#define CUSTOMER_COLUMNS                                                                 \
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"               \
	"    <column name=\"email\" type=\"varchar(200)\" nullable=\"false\"/>\n"            \
	"    <column name=\"created_at\" type=\"timestamptz\" nullable=\"false\" default-expr=\"now()\"/>\n"
#define PHONE "    <column name=\"phone\" type=\"varchar(40)\"/>\n"
#define CUSTOMER_KEYS                                                                    \
	"    <primary-key columns=\"id\"/>\n"                                                \
	"    <unique columns=\"email\"/>\n"
#define ORDERS                                                                           \
	"  <table name=\"orders\" comment=\"What a customer bought\">\n"                     \
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"               \
	"    <column name=\"customer_id\" type=\"bigint\" nullable=\"false\"/>\n"            \
	"    <column name=\"total\" type=\"numeric(12,2)\" nullable=\"false\" default=\"0\"/>\n" \
	"    <primary-key columns=\"id\"/>\n"                                                \
	"    <foreign-key columns=\"customer_id\" references=\"customer (id)\" on-delete=\"cascade\"/>\n" \
	"    <index columns=\"customer_id\"/>\n"                                             \
	"  </table>\n"
#define PRODUCT_COLUMNS                                                                  \
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"               \
	"    <column name=\"name\" type=\"text\" nullable=\"false\"/>\n"                     \
	"    <column name=\"sku\" type=\"varchar(40)\"/>\n"
#define PRODUCT_END "    <primary-key columns=\"id\"/>\n  </table>\n"
#define PRODUCT "  <table name=\"product\">\n" PRODUCT_COLUMNS PRODUCT_END

/* The shop's model: customer (with `customer_extra` columns), orders, and `more` tables. */
static void write_models(const struct proj *p, const char *customer_extra, const char *more)
{
	struct strbuf xml = STRBUF_INIT;

	strbuf_addf(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<models xmlns=\"urn:mig:model:1\">\n"
			  "  <table name=\"customer\" comment=\"Who buys\">\n%s%s%s  </table>\n%s%s</models>\n",
		    CUSTOMER_COLUMNS, customer_extra, CUSTOMER_KEYS, ORDERS, more);
	proj_write(p, "models/shop.xml", xml.buf);
	strbuf_release(&xml);
}

#define V1(p) write_models((p), "", "")
#define V2(p) write_models((p), PHONE, "")
#define V3(p) write_models((p), PHONE, PRODUCT)

/* SOURCE_DATE_EPOCH values: 2026-01-01 at 00:00, 01:00, 02:00, 03:00 UTC. */
#define AT0 "SOURCE_DATE_EPOCH=1767225600"
#define AT1 "SOURCE_DATE_EPOCH=1767229200"
#define AT2 "SOURCE_DATE_EPOCH=1767232800"
#define AT3 "SOURCE_DATE_EPOCH=1767236400"

#define R_INIT "0001_20260101000000_init"
#define R_PHONE "0002_20260101010000_add_phone"
#define R_PROD "0003_20260101020000_products"
#define PGSQL "migrations/pgsql/"

/* "migrations/pgsql/REV.sql\nmigrations/state/REV.xml\n": what mig-gen prints for a new revision. */
#define WRITTEN(rev) PGSQL rev ".sql\nmigrations/state/" rev ".xml\n"

/* make db-migrate name=NAME at time `at`: the revision rev is written. */
static void migrate(const struct proj *p, const char *name, const char *at, const char *rev)
{
	struct strbuf arg = STRBUF_INIT, want = STRBUF_INIT;
	const char *const env[] = { at, NULL };
	struct run_result r;

	strbuf_addf(&arg, "name=%s", name);
	strbuf_addf(&want, PGSQL "%s.sql\nmigrations/state/%s.xml\n", rev, rev);
	mk(&r, p, env, "db-migrate", arg.buf, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	strbuf_release(&arg);
	strbuf_release(&want);
}

/* The shop's three revisions, written (not applied): init, add_phone, products. */
static void shop_chain(const struct proj *p)
{
	V1(p);
	migrate(p, "init", AT0, R_INIT);
	V2(p);
	migrate(p, "add phone", AT1, R_PHONE);
	V3(p);
	migrate(p, "products", AT2, R_PROD);
}

/* make TARGET [ARG], which must succeed; returns nothing, checks the status. */
static void mk_ok(const struct proj *p, const char *const *extra, const char *target, const char *arg)
{
	struct run_result r;

	mk(&r, p, extra, target, arg, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
}

/* "rev<padding>message\n" as mig-heads aligns it: the longest revision shown + 2. */
static void heads_line(struct strbuf *out, const char *rev, const char *message, size_t longest)
{
	strbuf_addf(out, "%-*s%s\n", (int)(longest + 2), rev, message);
}

/* --- 1. the db-* targets ------------------------------------------------------- */

START_TEST(test_init_migrate_upgrade_downgrade_stamp)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at1[] = { AT1, NULL }, *const at2[] = { AT2, NULL };
	char *text;

	proj_init(&p, "mig_make_targets");
	V1(&p);

	/* db-migrate without a name: its usage, nothing written */
	mk(&r, &p, NULL, "db-migrate", NULL);
	expect_usage(&r, "db-migrate", "usage: make db-migrate name=NAME (or UPDATE_MESSAGE=...)");
	run_result_release(&r);
	ck_assert(!proj_exists(&p, "migrations"));

	/* db-init on an empty database: the first migration, written and applied */
	{
		const char *const at0[] = { AT0, NULL };
		mk(&r, &p, at0, "db-init", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT));
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	ASSERT_CONTAINS(r.err, "; now at " R_INIT "\n");
	run_result_release(&r);
	ck_assert(proj_exists(&p, PGSQL "mig.sum"));
	expect_tables(&p.db, "customer,orders");
	expect_history(&p.db, R_INIT);
	expect_value(&p.db, "SELECT confrelid::regclass::text || ' ' || confdeltype::text FROM pg_constraint "
			    "WHERE conrelid = 'orders'::regclass AND contype = 'f'", "customer c");

	/* a model change: db-migrate name=... writes it, slug from the name, message kept */
	V2(&p);
	mk(&r, &p, at1, "db-migrate", "name=Add phone!", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_PHONE));
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	text = proj_read(&p, PGSQL R_PHONE ".sql");
	ASSERT_CONTAINS(text, "-- mig:revision " R_PHONE "\n-- mig:parents " R_INIT "\n-- mig:message Add phone!\n");
	ASSERT_CONTAINS(text, "-- mig:up\nALTER TABLE customer ADD COLUMN phone varchar(40);\n"
			      "-- mig:down\n-- destructive: drops column customer.phone and its data\nALTER TABLE customer DROP COLUMN phone;\n");
	free(text);
	expect_history(&p.db, R_INIT);

	/* db-pending: what is pending, and a failure while anything is (a CI gate) */
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	ASSERT_CONTAINS(r.err, "mig-heads: error: 1 migration is pending\n");
	run_result_release(&r);

	/* db-sql: the SQL of the upgrade, and nothing changes */
	mk(&r, &p, NULL, "db-sql", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	{
		static const char head[] = "-- " R_PHONE " (up)\nBEGIN;\nALTER TABLE customer ADD COLUMN phone "
					   "varchar(40);\nINSERT INTO mig_history ";
		ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "%s", r.out);
	}
	ASSERT_CONTAINS(r.out, "COMMIT;\n");
	run_result_release(&r);
	expect_history(&p.db, R_INIT);
	expect_columns(&p.db, "customer", "id,email,created_at");

	/* db-upgrade */
	mk(&r, &p, NULL, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);
	expect_columns(&p.db, "customer", "id,email,created_at,phone");

	/* db-current, db-heads */
	mk(&r, &p, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_PHONE "  Add phone!\n");
	run_result_release(&r);

	/* a third revision; db-history shows each, applied or pending */
	V3(&p);
	mk(&r, &p, at2, "db-migrate", "name=products", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_PROD));
	run_result_release(&r);
	mk(&r, &p, NULL, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	{
		size_t w = strlen(R_PHONE); /* the longest revision */
		strbuf_reset(&want);
		strbuf_addf(&want, "%-*s%-32s%-18s%s\n", (int)w + 2, "REVISION", "APPLIED AT", "DURATION", "MESSAGE");
		ck_assert_msg(strncmp(r.out, want.buf, want.len) == 0, "%s", r.out);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s", (int)w + 2, R_INIT);
		ASSERT_CONTAINS(r.out, want.buf);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s", (int)w + 2, R_PHONE);
		ASSERT_CONTAINS(r.out, want.buf);
		strbuf_reset(&want);
		strbuf_addf(&want, "\n%-*s%-50s%s\n", (int)w + 2, R_PROD, "pending", "products");
		ASSERT_CONTAINS(r.out, want.buf);
	}
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_tables(&p.db, "customer,orders,product");
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* db-downgrade: one step */
	mk(&r, &p, NULL, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: undid 1 migration in ");
	ASSERT_CONTAINS(r.err, "; now at " R_PHONE "\n");
	run_result_release(&r);
	expect_tables(&p.db, "customer,orders");
	expect_history(&p.db, R_INIT "," R_PHONE);

	/* to=REV (a unique prefix of it), up and down */
	mk_ok(&p, NULL, "db-downgrade", "to=0001");
	expect_history(&p.db, R_INIT);
	expect_columns(&p.db, "customer", "id,email,created_at");
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PHONE);
	expect_history(&p.db, R_INIT "," R_PHONE);
	expect_tables(&p.db, "customer,orders");

	/* to=base: every down */
	mk(&r, &p, NULL, "db-downgrade", "to=base", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: undid 2 migrations in ");
	ASSERT_CONTAINS(r.err, "; now at base\n");
	run_result_release(&r);
	expect_tables(&p.db, "");
	expect_history(&p.db, "");

	/* db-stamp without rev=: its usage, and make's status 2 */
	mk(&r, &p, NULL, "db-stamp", NULL);
	expect_usage(&r, "db-stamp", "usage: make db-stamp to=REV (or head, base)");
	run_result_release(&r);
	expect_history(&p.db, "");

	/* db-stamp rev=...: recorded without running SQL; the upgrade runs only the rest */
	mk(&r, &p, NULL, "db-stamp", "to=" R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_INIT "\nstamped " R_PHONE "\n");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);
	expect_tables(&p.db, "");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_tables(&p.db, "product");
	mk(&r, &p, NULL, "db-stamp", "to=base", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "unstamped " R_INIT "\nunstamped " R_PHONE "\nunstamped " R_PROD "\n");
	run_result_release(&r);
	expect_history(&p.db, "");
	expect_tables(&p.db, "product");
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* db-update (seeds/000's one-shot): a migration named UPDATE_MESSAGE when the models changed, then upgrade. */
START_TEST(test_update)
{
	struct proj p;
	struct run_result r;
	const char *const at0[] = { AT0, NULL };
	const char *const msg[] = { AT1, "UPDATE_MESSAGE=Add phone numbers", NULL };
	const char *const again[] = { AT2, "UPDATE_MESSAGE=nothing new", NULL };
	char *text;

	proj_init(&p, "mig_make_update");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);
	V2(&p);
	mk(&r, &p, msg, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	ASSERT_CONTAINS(r.err, "; now at 0002_20260101010000_add_phone_numbers\n");
	run_result_release(&r);
	text = proj_read(&p, PGSQL "0002_20260101010000_add_phone_numbers.sql");
	ASSERT_CONTAINS(text, "\n-- mig:message Add phone numbers\n");
	free(text);
	expect_history(&p.db, R_INIT ",0002_20260101010000_add_phone_numbers");
	expect_columns(&p.db, "customer", "id,email,created_at,phone");

	/* no model change: nothing written, and still an upgrade (here, of the revision undone) */
	mk_ok(&p, NULL, "db-downgrade", NULL);
	expect_history(&p.db, R_INIT);
	mk(&r, &p, again, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	ck_assert_uint_eq(count_files(&p, "migrations/pgsql", ".sql"), 2);
	expect_history(&p.db, R_INIT ",0002_20260101010000_add_phone_numbers");
	mk(&r, &p, again, "db-update", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	ASSERT_CONTAINS(r.err, "mig-apply: nothing to do; at 0002_20260101010000_add_phone_numbers\n");
	run_result_release(&r);
	ck_assert_uint_eq(count_files(&p, "migrations/pgsql", ".sql"), 2);

	/* db-inspect: the live database as a model */
	mk(&r, &p, NULL, "db-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "    <column name=\"phone\" type=\"varchar(40)\"/>\n");
	ASSERT_CONTAINS(r.out, "<foreign-key name=\"orders_customer_id_fkey\" columns=\"customer_id\" "
			       "references=\"customer (id)\" on-delete=\"cascade\"/>\n");
	run_result_release(&r);

	/* db-migrate-empty: its usage without a name; with one, a migration to fill in by hand */
	mk(&r, &p, NULL, "db-migrate-empty", NULL);
	expect_usage(&r, "db-migrate-empty", "usage: make db-migrate-empty name=NAME");
	run_result_release(&r);
	mk(&r, &p, again, "db-migrate-empty", "name=backfill totals", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0003_20260101020000_backfill_totals"));
	run_result_release(&r);
	text = proj_read(&p, PGSQL "0003_20260101020000_backfill_totals.sql");
	ASSERT_CONTAINS(text, "-- mig:message backfill totals\n");
	free(text);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, "0003_20260101020000_backfill_totals    backfill totals\n");
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/* db-seed: the SQL files of seeds/ in name order, in one transaction. */
START_TEST(test_seed)
{
	struct proj p;
	struct run_result r;
	const char *const at0[] = { AT0, NULL };
	char *line;
	int bad;

	proj_init(&p, "mig_make_seed");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);

	/* nothing to seed */
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 2);
	line = first_line(r.err);
	ck_assert_str_eq(line, "mig-apply: error: seeds: no seed files (*.sql) to run\n");
	free(line);
	run_result_release(&r);

	proj_write(&p, "seeds/001_customers.sql",
		   "-- the test customers\n"
		   "INSERT INTO customer (email) VALUES ('ann@example.com');\n"
		   "INSERT INTO customer (email) VALUES ('bob@example.com');\n");
	proj_write(&p, "seeds/002_orders.sql",
		   "INSERT INTO orders (customer_id, total)\n"
		   "  SELECT id, 12.50 FROM customer WHERE email = 'ann@example.com';\n"
		   "INSERT INTO orders (customer_id, total) VALUES (999999, 1);\n");
	bad = line_of(&p, "seeds/002_orders.sql", "999999");

	/* the second file fails: the first file's rows are gone with it */
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 1);
	{
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "mig-apply: seeds/002_orders.sql:%d: insert or update on table \"orders\" violates "
				   "foreign key constraint \"orders_customer_id_fkey\" (SQLSTATE 23503)\n", bad);
		line = first_line(r.err);
		ck_assert_str_eq(line, want.buf);
		free(line);
		strbuf_release(&want);
	}
	ASSERT_CONTAINS(r.err, "mig-apply: hint: nothing was seeded: the files run in one transaction\n");
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM customer", "0");
	expect_value(&p.db, "SELECT count(*) FROM orders", "0");

	/* fixed: every file, in name order */
	edit(&p, "seeds/002_orders.sql", "VALUES (999999, 1)",
	     "SELECT id, 3 FROM customer WHERE email = 'bob@example.com'");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_customers.sql (2 statements)\n"
				"seeded seeds/002_orders.sql (2 statements)\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_value(&p.db, "SELECT string_agg(c.email || '=' || o.total, ',' ORDER BY c.email) FROM orders o "
			    "JOIN customer c ON c.id = o.customer_id", "ann@example.com=12.50,bob@example.com=3.00");

	/* a seed file that would commit on its own is refused before anything runs */
	mk_ok(&p, NULL, "db-downgrade", "to=base");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	proj_write(&p, "seeds/001_customers.sql",
		   "BEGIN;\nINSERT INTO customer (email) VALUES ('ann@example.com');\nCOMMIT;\n");
	edit(&p, "seeds/002_orders.sql", "'bob@example.com'", "'nobody' AND 1/0 = 1");
	mk(&r, &p, NULL, "db-seed", NULL);
	expect_make_failed(&r, "db-seed", 2);
	line = first_line(r.err);
	ck_assert_str_eq(line, "mig-apply: seeds/001_customers.sql:1: BEGIN: a seed file cannot start or end a "
			       "transaction\n");
	free(line);
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM customer", "0");

	/* MIG_SEEDS: another folder */
	{
		const char *const other[] = { "MIG_SEEDS=db/dev seeds", NULL };
		char *dir = proj_path(&p, "db/dev seeds");
		ck_assert_int_eq(fs_mkdirs(dir, NULL), 0);
		free(dir);
		proj_write(&p, "db/dev seeds/only.sql", "INSERT INTO customer (email) VALUES ('dev@example.com');\n");
		mk(&r, &p, other, "db-seed", NULL);
		ASSERT_EXIT(r, 0);
		ck_assert_str_eq(r.out, "seeded db/dev seeds/only.sql (1 statement)\n");
		run_result_release(&r);
		expect_value(&p.db, "SELECT string_agg(email, ',') FROM customer", "dev@example.com");
	}
	proj_release(&p);
}
END_TEST

/* pg_restore -l of a backup (the harness's pg_restore): its table of contents. */
static char *restore_list(const struct proj *p, const char *rel)
{
	const char *pgbin = getenv("MIG_TEST_PG_BIN");
	struct strbuf prog = STRBUF_INIT;
	struct run_result r;
	char *path = proj_path(p, rel);

	ck_assert_msg(pgbin && *pgbin, "MIG_TEST_PG_BIN is not set: run the suite through tests/pg-harness.sh");
	strbuf_addf(&prog, "%s/pg_restore", pgbin);
	{
		const char *const argv[] = { prog.buf, "-l", path, NULL };
		run_argv(&r, NULL, NULL, argv);
	}
	ck_assert_msg(r.status == 0, "pg_restore -l %s: %s", path, r.err);
	free(r.err);
	free(path);
	strbuf_release(&prog);
	return r.out;
}

/*
 * The path a backup of database db was written to, from mig-backup's
 * output line: backups/<db>-YYYYMMDDTHHMMSSZ[-N].dump. Returns it (caller
 * frees), without the newline.
 */
static char *backup_path(const char *line, const char *db)
{
	struct strbuf prefix = STRBUF_INIT;
	const char *s;
	size_t n = strcspn(line, "\n");

	strbuf_addf(&prefix, "backups/%s-", db);
	ck_assert_msg(strncmp(line, prefix.buf, prefix.len) == 0, "not a backup of %s: %s", db, line);
	s = line + prefix.len;
	for (int i = 0; i < 16; i++) {
		bool ok = i == 8 ? s[i] == 'T' : i == 15 ? s[i] == 'Z' : (s[i] >= '0' && s[i] <= '9');
		ck_assert_msg(ok, "not a UTC time in %s", line);
	}
	s += 16;
	if (*s == '-')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	ck_assert_msg(strncmp(s, ".dump\n", 6) == 0, "not a .dump: %s", line);
	strbuf_release(&prefix);
	return xstrndup(line, n);
}

START_TEST(test_backup)
{
	struct proj p;
	struct run_result r;
	struct strbuf pg_dump = STRBUF_INIT;
	const char *pgbin = getenv("MIG_TEST_PG_BIN");
	const char *at0[] = { AT0, NULL, NULL }, *at1[] = { AT1, NULL }, *env[] = { NULL, NULL, NULL };
	char *first, *second, *third, *toc;

	ck_assert_msg(pgbin && *pgbin, "MIG_TEST_PG_BIN is not set: run the suite through tests/pg-harness.sh");
	/* the server's own pg_dump, so that the versions match whatever PATH holds */
	strbuf_addf(&pg_dump, "MIG_PG_DUMP=%s/pg_dump", pgbin);
	at0[1] = pg_dump.buf;
	env[0] = pg_dump.buf;
	proj_init(&p, "mig_make_backup");
	V1(&p);
	mk_ok(&p, at0, "db-init", NULL);
	pgtest_exec(&p.db, "INSERT INTO customer (email) VALUES ('ann@example.com')");

	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	first = backup_path(r.out, "mig_make_backup");
	ck_assert_uint_eq(strlen(r.out), strlen(first) + 1);
	run_result_release(&r);
	toc = restore_list(&p, first);
	ASSERT_CONTAINS(toc, " TABLE public customer ");
	ASSERT_CONTAINS(toc, " TABLE DATA public customer ");
	ASSERT_CONTAINS(toc, " TABLE public orders ");
	ASSERT_CONTAINS(toc, " TABLE public mig_history ");
	free(toc);

	/* a second one at once: a file of its own, never over the first */
	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	second = backup_path(r.out, "mig_make_backup");
	ck_assert_str_ne(second, first);
	run_result_release(&r);
	ck_assert(proj_exists(&p, first));
	ck_assert(proj_exists(&p, second));

	/* MIG_BACKUP=1 make db-upgrade: a backup, then the upgrade (the backup lacks the new table) */
	V3(&p);
	mk_ok(&p, at1, "db-update", NULL);
	mk_ok(&p, NULL, "db-downgrade", NULL);
	expect_tables(&p.db, "customer,orders");
	env[1] = "MIG_BACKUP=1";
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	third = backup_path(r.out, "mig_make_backup");
	ck_assert_str_ne(third, first);
	ck_assert_str_ne(third, second);
	ASSERT_CONTAINS(r.err, "mig-apply: applied 1 migration in ");
	run_result_release(&r);
	expect_tables(&p.db, "customer,orders,product");
	toc = restore_list(&p, third);
	ASSERT_CONTAINS(toc, " TABLE public customer ");
	ASSERT_LACKS(toc, " TABLE public product ");
	free(toc);
	ck_assert_uint_eq(count_files(&p, "backups", ".dump"), 3);

	/* no backup, no upgrade */
	mk_ok(&p, NULL, "db-downgrade", NULL);
	{
		const char *const broken[] = { "MIG_PG_DUMP=/nonexistent/pg_dump", "MIG_BACKUP=1", NULL };
		mk(&r, &p, broken, "db-upgrade", NULL);
	}
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "mig-backup: error: cannot run /nonexistent/pg_dump: No such file or directory\n");
	ASSERT_LACKS(r.err, "mig-apply");
	run_result_release(&r);
	expect_tables(&p.db, "customer,orders");
	ck_assert_uint_eq(count_files(&p, "backups", ".dump"), 3);
	free(first);
	free(second);
	free(third);
	strbuf_release(&pg_dump);
	proj_release(&p);
}
END_TEST

/*
 * Two branches, as after a git merge: init, then `left` (the phone column)
 * and `right` (the product table) each on top of init. The models hold both.
 */
#define R_LEFT "0002_20260101010000_left"
#define R_RIGHT "0002_20260101020000_right"
#define R_MERGE "0003_20260101030000_merge"

static void two_heads(const struct proj *p)
{
	V1(p);
	migrate(p, "init", AT0, R_INIT);
	V2(p);
	migrate(p, "left", AT1, R_LEFT);
	move(p, PGSQL R_LEFT ".sql", "left.sql");
	move(p, "migrations/state/" R_LEFT ".xml", "left.xml");
	rehash(p);
	write_models(p, "", PRODUCT);
	migrate(p, "right", AT2, R_RIGHT);
	move(p, "left.sql", PGSQL R_LEFT ".sql");
	move(p, "left.xml", "migrations/state/" R_LEFT ".xml");
	rehash(p);
	V3(p);
}

START_TEST(test_graph_and_merge)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at3[] = { AT3, NULL };
	const char *const quoted[] = { "MIG_GRAPH=docs/the team's graph", NULL };
	bool have_dot = system("command -v dot >/dev/null 2>&1") == 0;
	char *dot;

	proj_init(&p, "mig_make_graph");
	two_heads(&p);

	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	heads_line(&want, R_LEFT, "left", strlen(R_RIGHT));
	heads_line(&want, R_RIGHT, "right", strlen(R_RIGHT));
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_tables(&p.db, "customer,orders,product");

	/* db-graph: the DOT file; SVG and PNG only with Graphviz, which may be absent */
	mk(&r, &p, NULL, "db-graph", NULL);
	ASSERT_EXIT(r, 0);
	if (have_dot) {
		ck_assert_str_eq(r.out, "migrations-graph.dot\nmigrations-graph.svg\nmigrations-graph.png\n");
		ck_assert(proj_exists(&p, "migrations-graph.svg"));
		ck_assert(proj_exists(&p, "migrations-graph.png"));
	} else {
		ck_assert_str_eq(r.out, "migrations-graph.dot\n");
		ck_assert_str_eq(r.err, "db-graph: Graphviz (dot) is not installed: only the DOT file was written\n");
		ck_assert(!proj_exists(&p, "migrations-graph.svg"));
	}
	run_result_release(&r);
	dot = proj_read(&p, "migrations-graph.dot");
	ck_assert_msg(strncmp(dot, "digraph migrations {\n", 21) == 0, "%s", dot);
	ASSERT_CONTAINS(dot, "  \"" R_LEFT "\" [label=\"" R_LEFT "\\nleft\", style=\"rounded,filled\", "
			     "fillcolor=\"#c6efce\", penwidth=2];\n");
	ASSERT_CONTAINS(dot, "  \"" R_RIGHT "\" -> \"" R_INIT "\";\n");
	free(dot);

	/* db-merge joins the two heads */
	mk(&r, &p, at3, "db-merge", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_MERGE));
	run_result_release(&r);
	dot = proj_read(&p, PGSQL R_MERGE ".sql");
	ASSERT_CONTAINS(dot, "-- mig:parents " R_LEFT " " R_RIGHT "\n");
	free(dot);
	mk(&r, &p, NULL, "db-heads", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_MERGE "  merge\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-merge", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "nothing to merge: one head (" R_MERGE ")\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_history(&p.db, R_INIT "," R_LEFT "," R_RIGHT "," R_MERGE);

	/* MIG_GRAPH elsewhere, its folder made, a quote in the name kept */
	mk(&r, &p, quoted, "db-graph", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "docs/the team's graph.dot\n", 26) == 0, "%s", r.out);
	run_result_release(&r);
	dot = proj_read(&p, "docs/the team's graph.dot");
	ASSERT_CONTAINS(dot, "  \"" R_MERGE "\" [label=\"" R_MERGE "\\nmerge\", style=\"rounded,filled\", "
			     "fillcolor=\"#c6efce\", penwidth=2];\n");
	free(dot);

	/* a folder mig-heads refuses: no DOT file is left behind */
	proj_write(&p, PGSQL "0004_20260101040000_bad.sql", "not a migration\n");
	mk(&r, &p, NULL, "db-graph", NULL);
	expect_make_failed(&r, "db-graph", 1);
	run_result_release(&r);
	ck_assert(!proj_exists(&p, "migrations-graph.dot.tmp"));
	dot = proj_read(&p, "migrations-graph.dot");
	ASSERT_CONTAINS(dot, "\"" R_LEFT "\"");
	free(dot);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/*
 * MIG_BIN unset, the Makefile including the tree's mk/mig.mk: the tools
 * are the tree's bin/, built first by the mig-tools prerequisite (`make -C
 * tree`; built already, so it does nothing).
 */
START_TEST(test_tools_are_prerequisites)
{
	struct proj p;
	struct run_result r;
	const char *const no_bin[] = { "MIG_BIN", AT0, NULL };

	proj_init(&p, "mig_make_prereq");
	V1(&p);
	mk(&r, &p, no_bin, "mig-tools", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);

	mk(&r, &p, no_bin, "db-init", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT));
	ASSERT_CONTAINS(r.err, "; now at " R_INIT "\n");
	run_result_release(&r);
	expect_tables(&p.db, "customer,orders");
	expect_history(&p.db, R_INIT);
	mk(&r, &p, no_bin, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, R_INIT "  init\n");
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/* --- 2. fleets ----------------------------------------------------------------------- */

#define FLEET 10
#define BROKEN 7

/* p's database URL with a password for its user (trust authentication ignores it). */
static char *with_password(const char *url, const char *password)
{
	const char *at = strchr(url, '@');
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(at);
	strbuf_add(&sb, url, (size_t)(at - url));
	strbuf_addf(&sb, ":%s%s", password, at);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_upgrade_fleet)
{
	struct proj p;
	struct pgtest_db dbs[FLEET];
	struct strbuf file = STRBUF_INIT, want = STRBUF_INIT, name = STRBUF_INIT;
	struct run_result r;
	const char *const env[] = { "DATABASE_URL", NULL };
	int bad;

	proj_init(&p, "mig_make_fleet");
	V1(&p);
	migrate(&p, "init", AT0, R_INIT);
	bad = line_of(&p, PGSQL R_INIT ".sql", "CREATE TABLE customer");

	strbuf_addstr(&file, "# the shop's databases\n\n");
	strbuf_addstr(&want, "db-upgrade-fleet:\n");
	for (int i = 0; i < FLEET; i++) {
		char *url, *shown;
		strbuf_reset(&name);
		strbuf_addf(&name, "mig_make_fleet_%d", i + 1);
		pgtest_create(&dbs[i], name.buf);
		url = with_password(dbs[i].url, "s3cret");
		shown = with_password(dbs[i].url, "***");
		strbuf_addf(&file, "%s\n", url);
		if (i + 1 == BROKEN)
			strbuf_addf(&want, "  %d %s: FAILED: mig-apply: migrations/pgsql/" R_INIT ".sql:%d: relation "
					   "\"customer\" already exists (SQLSTATE 42P07)\n", i + 1, shown, bad);
		else
			strbuf_addf(&want, "  %d %s: at head " R_INIT "\n", i + 1, shown);
		free(url);
		free(shown);
	}
	strbuf_addf(&want, "db-upgrade-fleet: %d of %d databases at head\n", FLEET - 1, FLEET);
	/* a table in the way of the first migration */
	pgtest_exec(&dbs[BROKEN - 1], "CREATE TABLE customer (name text)");
	proj_write(&p, "fleet.txt", file.buf);

	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=fleet.txt", NULL);
	ck_assert_msg(r.status != 0, "%s", r.out);
	ck_assert_str_eq(r.out, want.buf);
	strbuf_reset(&name);
	strbuf_addf(&name, "db-upgrade-fleet-%d] Error 1\n", BROKEN);
	ASSERT_CONTAINS(r.err, name.buf);
	ASSERT_CONTAINS(r.err, "relation \"customer\" already exists (SQLSTATE 42P07)\n");
	ASSERT_LACKS(r.out, "s3cret");
	ASSERT_LACKS(r.err, "s3cret");
	run_result_release(&r);
	for (int i = 0; i < FLEET; i++) {
		if (i + 1 == BROKEN) {
			expect_tables(&dbs[i], "customer");
			expect_columns(&dbs[i], "customer", "name");
			expect_history(&dbs[i], "");
		} else {
			expect_tables(&dbs[i], "customer,orders");
			expect_history(&dbs[i], R_INIT);
		}
	}

	/* the way cleared, again: all at head */
	pgtest_exec(&dbs[BROKEN - 1], "DROP TABLE customer");
	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=fleet.txt", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "\ndb-upgrade-fleet: %d of %d databases at head\n", FLEET, FLEET);
	ASSERT_CONTAINS(r.out, want.buf);
	run_result_release(&r);
	expect_history(&dbs[BROKEN - 1], R_INIT);

	/* the justfile's recipe: the file and the number of jobs as arguments */
	just(&r, &p, env, "db-upgrade-fleet", "fleet.txt", "4", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, want.buf);
	run_result_release(&r);

	/* a file with no URL runs nothing (not the Makefile's first target) */
	proj_write(&p, "empty.txt", "# nothing yet\n\n");
	mk(&r, &p, env, "-j8", "db-upgrade-fleet", "MIG_FLEET=empty.txt", NULL);
	expect_make_failed(&r, "db-upgrade-fleet", 2);
	ck_assert_str_eq(r.out, ""); /* not "building the shop" */
	ASSERT_CONTAINS(r.err, "db-upgrade-fleet: empty.txt lists no database URL\n");
	run_result_release(&r);
	mk(&r, &p, env, "db-upgrade-fleet", NULL);
	expect_make_failed(&r, "db-upgrade-fleet", 2);
	ASSERT_CONTAINS(r.err, "usage: make -j8 db-upgrade-fleet MIG_FLEET=FILE (a database URL per line)\n");
	run_result_release(&r);

	for (int i = 0; i < FLEET; i++)
		pgtest_drop(&dbs[i]);
	strbuf_release(&file);
	strbuf_release(&want);
	strbuf_release(&name);
	proj_release(&p);
}
END_TEST

/* --- 3. just ------------------------------------------------------------------------ */

/* A second project: a copy of p's directory, with a database of its own. */
static void proj_copy(struct proj *q, const struct proj *p, const char *dbname)
{
	struct strbuf src = STRBUF_INIT, sb = STRBUF_INIT;
	struct run_result r;

	memset(q, 0, sizeof(*q));
	q->dir = test_mkdtemp();
	strbuf_addf(&src, "%s/.", p->dir);
	{
		const char *const argv[] = { "cp", "-a", src.buf, q->dir, NULL };
		run_argv(&r, NULL, NULL, argv);
	}
	ck_assert_msg(r.status == 0, "cp: %s", r.err);
	run_result_release(&r);
	pgtest_create(&q->db, dbname);
	strbuf_addf(&sb, "DATABASE_URL=%s", q->db.url);
	q->url_env = strbuf_detach(&sb, NULL);
	q->bin_env = xstrdup(p->bin_env);
	strbuf_release(&src);
}

static void expect_same_file(const struct proj *a, const struct proj *b, const char *rel)
{
	char *x = proj_read(a, rel), *y = proj_read(b, rel);

	ck_assert_msg(strcmp(x, y) == 0, "%s differs:\n%s\n---\n%s", rel, x, y);
	free(x);
	free(y);
}

#define META "x; rm -rf / $(touch FILE) `id`"
#define R_META "0003_20260101020000_x_rm_rf_touch_file_id"

START_TEST(test_just_is_make)
{
	struct proj a, b;
	struct run_result r;
	const char *const at1[] = { AT1, NULL }, *const at2[] = { AT2, NULL };
	char *text, *tree, *path;

	proj_init(&a, "mig_make_just_a");
	V1(&a);
	migrate(&a, "init", AT0, R_INIT);
	proj_copy(&b, &a, "mig_make_just_b");
	V2(&a);
	V2(&b);

	/* make db-migrate name=NAME and just db-migrate NAME: the same file, byte for byte */
	mk(&r, &a, at1, "db-migrate", "name=Add phone numbers", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	run_result_release(&r);
	just(&r, &b, at1, "db-migrate", "Add phone numbers", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN("0002_20260101010000_add_phone_numbers"));
	run_result_release(&r);
	expect_same_file(&a, &b, PGSQL "0002_20260101010000_add_phone_numbers.sql");
	expect_same_file(&a, &b, "migrations/state/0002_20260101010000_add_phone_numbers.xml");
	expect_same_file(&a, &b, PGSQL "mig.sum");

	/* shell metacharacters in a name through just: text, never run */
	V3(&b);
	just(&r, &b, at2, "db-migrate", META, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_META));
	run_result_release(&r);
	text = proj_read(&b, PGSQL R_META ".sql");
	ASSERT_CONTAINS(text, "\n-- mig:message " META "\n");
	free(text);
	ck_assert(!proj_exists(&b, "FILE"));
	tree = tree_dir();
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s/FILE", tree);
		path = strbuf_detach(&sb, NULL);
	}
	ck_assert(!test_file_exists(path));
	free(path);
	free(tree);
	ck_assert(!test_file_exists("FILE"));
	ck_assert(proj_exists(&b, "models/shop.xml"));

	/* the other recipes are make's too */
	just(&r, &b, NULL, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&b.db, R_INIT ",0002_20260101010000_add_phone_numbers," R_META);
	just(&r, &b, NULL, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_tables(&b.db, "customer,orders");
	just(&r, &b, NULL, "db-downgrade", "base", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&b.db, "");
	just(&r, &b, NULL, "db-upgrade", "0002", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	just(&r, &b, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	{
		struct strbuf want = STRBUF_INIT;
		heads_line(&want, "0002_20260101010000_add_phone_numbers", "Add phone numbers", strlen(R_META));
		ck_assert_str_eq(r.out, want.buf);
		strbuf_release(&want);
	}
	run_result_release(&r);
	just(&r, &b, NULL, "db-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_META "\n");
	run_result_release(&r);
	proj_release(&a);
	proj_release(&b);
}
END_TEST

/* --- hand-written DDL becomes part of the recorded state (issue 10, item 3) ----------- */

#define SCORE "    <column name=\"score\" type=\"integer\"/>\n"

/* A hand edit of an empty migration, and the same change in the models. */
struct hand_case {
	const char *up, *down;             /* the up and down sections written by hand */
	const char *customer_extra, *more; /* the models afterwards (write_models()) */
	const char *models;                /* or the whole models/shop.xml */
	const char *changes;               /* rehash's summary of the change; NULL: no schema change */
	const char *err;                   /* what rehash says on stderr */
};

static const struct hand_case score_case = {
	"ALTER TABLE customer ADD COLUMN score integer;\n", "ALTER TABLE customer DROP COLUMN score;\n", SCORE, "",
	NULL, "column customer.score added", "",
};

/*
 * The user's flow through make, on a project configured for dialect dl
 * (extra: its environment): db-init, db-migrate-empty, a hand edit,
 * db-rehash, the same change in the models, then "no changes" and a
 * passing check-migrations.
 */
static void hand_ddl_flow(struct proj *p, const char *dl, const char *const *extra, const struct hand_case *c)
{
	struct run_result r;
	struct strbuf rel = STRBUF_INIT, want = STRBUF_INIT;
	const char *env_at1[4] = { AT1, NULL, NULL, NULL };

	for (size_t i = 0; extra && extra[i]; i++)
		env_at1[i + 1] = extra[i];
	V1(p);
	{
		const char *env_at0[4] = { AT0, extra ? extra[0] : NULL, extra && extra[0] ? extra[1] : NULL, NULL };
		mk_ok(p, env_at0, "db-init", NULL);
	}
	mk(&r, p, env_at1, "db-migrate-empty", "name=x", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_addf(&rel, "migrations/%s/0002_20260101010000_x.sql", dl);
	edit(p, rel.buf, "-- Write the up SQL of this migration here.\n", c->up);
	edit(p, rel.buf, "-- Write the SQL that undoes it here.\n", c->down);
	mk(&r, p, extra, "db-rehash", NULL);
	ASSERT_EXIT(r, 0);
	if (c->changes)
		strbuf_addf(&want, "migrations/state/0002_20260101010000_x.xml: recorded the effect of %s (%s)\n",
			    rel.buf, c->changes);
	strbuf_addf(&want, "migrations/%s/mig.sum\n", dl);
	ck_assert_str_eq(r.out, want.buf);
	ck_assert_str_eq(r.err, c->err);
	run_result_release(&r);
	if (c->models)
		proj_write(p, "models/shop.xml", c->models);
	else
		write_models(p, c->customer_extra, c->more);
	mk(&r, p, env_at1, "db-migrate", "name=y", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	ck_assert_uint_eq(count_files(p, "migrations/state", ".xml"), 2);
	mk_ok(p, extra, "db-upgrade", NULL);
	mk(&r, p, extra, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strstr(r.out, "each step as recorded") && strstr(r.out, "models: no change that the migrations lack"),
		      "%s%s", r.out, r.err);
	run_result_release(&r);
	strbuf_release(&rel);
	strbuf_release(&want);
}

START_TEST(test_hand_ddl_recorded_pgsql)
{
	struct proj p;

	proj_init(&p, "mig_make_hand_ddl");
	hand_ddl_flow(&p, "pgsql", NULL, &score_case);
	ck_assert(!proj_exists(&p, "migrations/sqlite"));
	proj_release(&p);
}
END_TEST

#define X_SQLITE "migrations/sqlite/0002_20260101010000_x.sql"

/*
 * SQLite's hand-written SQL is read by SQLite (replayed in memory): its own
 * syntax works, what it holds is recorded (issue 10 item 3, D2 and D3).
 */
static const struct hand_case sqlite_cases[] = {
	/* ADD COLUMN */
	{ "ALTER TABLE customer ADD COLUMN score integer;\n", "ALTER TABLE customer DROP COLUMN score;\n", SCORE, "",
	  NULL, "column customer.score added", "" },
	/* AUTOINCREMENT: a bigint identity, as SQLite's rowid is */
	{ "CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name text NOT NULL);\n", "DROP TABLE tag;\n", "",
	  "  <table name=\"tag\">\n    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
	  "    <column name=\"name\" type=\"text\" nullable=\"false\"/>\n    <primary-key columns=\"id\"/>\n  </table>\n",
	  NULL, "table tag added", "" },
	/* rows only: they run in the replay and change no schema */
	{ "INSERT OR IGNORE INTO customer (email) VALUES ('first@example.com');\n",
	  "DELETE FROM customer WHERE email = 'first@example.com';\n", "", "", NULL, NULL, "" },
	/* a collation as SQLite spells it */
	{ "ALTER TABLE customer ADD COLUMN nick text COLLATE NOCASE;\n", "ALTER TABLE customer DROP COLUMN nick;\n",
	  "    <column name=\"nick\" type=\"text\" collation=\"NOCASE\"/>\n", "", NULL, "column customer.nick added", "" },
	/* a table renamed after it was created: the name (and its key's) SQLite holds */
	{ "CREATE TABLE draft (id integer PRIMARY KEY, note text);\nALTER TABLE draft RENAME TO purchase;\n",
	  "DROP TABLE purchase;\n", "",
	  "  <table name=\"purchase\">\n    <column name=\"id\" type=\"integer\"/>\n"
	  "    <column name=\"note\" type=\"text\"/>\n    <primary-key columns=\"id\"/>\n  </table>\n",
	  NULL, "table purchase added", "" },
	/* CREATE INDEX */
	{ "CREATE INDEX customer_created_idx ON customer (created_at);\n", "DROP INDEX customer_created_idx;\n",
	  "    <index name=\"customer_created_idx\" columns=\"created_at\"/>\n", "", NULL,
	  "index customer.customer_created_idx added", "" },
	/* DROP COLUMN */
	{ "ALTER TABLE customer ADD COLUMN a text;\nALTER TABLE customer ADD COLUMN b text;\n"
	  "ALTER TABLE customer DROP COLUMN a;\n", "ALTER TABLE customer DROP COLUMN b;\n",
	  "    <column name=\"b\" type=\"text\"/>\n", "", NULL, "column customer.b added", "" },
	/* a view: named as not part of the model, not an error */
	{ "CREATE VIEW customer_emails AS SELECT email FROM customer;\n", "DROP VIEW customer_emails;\n", "", "", NULL,
	  NULL, "mig-gen: note: " X_SQLITE ":7: CREATE VIEW customer_emails: not part of the model, not recorded\n" },
};

START_TEST(test_hand_ddl_recorded_sqlite)
{
	struct proj p;
	const char *const env[] = { "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };

	proj_init(&p, "mig_make_hand_ddl_sqlite");
	hand_ddl_flow(&p, "sqlite", env, &sqlite_cases[_i]);
	ck_assert(!proj_exists(&p, "migrations/pgsql"));
	proj_release(&p);
}
END_TEST

/*
 * A project that started on SQLite and configures PostgreSQL later (issue
 * 10, item 7): the pgsql folder gets every revision of the sqlite folder,
 * the same ids, written from the recorded states; a row inserted by hand
 * is named, not carried; PostgreSQL reaches head and reads back as the
 * models.
 */
START_TEST(test_late_pgsql_folder_has_the_history)
{
	struct proj p;
	struct run_result r;
	const char *const lite0[] = { AT0, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const lite1[] = { AT1, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const lite2[] = { AT2, "DATABASE_URL=sqlite:var/dev.sqlite3", NULL };
	const char *const pg3[] = { AT3, NULL };
	char *text;

	proj_init(&p, "mig_make_late_pgsql");
	V1(&p);
	mk_ok(&p, lite0, "db-init", NULL);
	mk_ok(&p, lite1, "db-migrate-empty", "name=data");
	edit(&p, "migrations/sqlite/0002_20260101010000_data.sql", "-- Write the up SQL of this migration here.\n",
	     "INSERT INTO customer (email) VALUES ('first@example.com');\n");
	mk_ok(&p, lite1 + 1, "db-rehash", NULL);
	V2(&p);
	mk_ok(&p, lite2, "db-migrate", "name=add_phone");
	ck_assert(!proj_exists(&p, "migrations/pgsql"));

	/* PostgreSQL configured: the next change writes its folder's whole history, then the change */
	V3(&p);
	mk(&r, &p, pg3, "db-migrate", "name=products", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, PGSQL "0001_20260101000000_init.sql\n" PGSQL "0002_20260101010000_data.sql\n"
				PGSQL "0003_20260101020000_add_phone.sql\n" PGSQL "0004_20260101030000_products.sql\n"
				"migrations/sqlite/0004_20260101030000_products.sql\n"
				"migrations/state/0004_20260101030000_products.xml\n");
	ck_assert_str_eq(r.err, "mig-gen: note: migrations/pgsql: not carried over: "
				"migrations/sqlite/0002_20260101010000_data.sql:7: INSERT\n");
	run_result_release(&r);
	text = proj_read(&p, PGSQL "0003_20260101020000_add_phone.sql");
	ck_assert_msg(strstr(text, "-- mig:parents 0002_20260101010000_data\n") &&
		      strstr(text, "ALTER TABLE customer ADD COLUMN phone varchar(40);\n"), "%s", text);
	free(text);
	text = proj_read(&p, PGSQL "0002_20260101010000_data.sql");
	ck_assert_msg(strstr(text, "--   migrations/sqlite/0002_20260101010000_data.sql:7: INSERT\n"), "%s", text);
	free(text);

	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_history(&p.db, R_INIT ",0002_20260101010000_data,0003_20260101020000_add_phone,"
			      "0004_20260101030000_products");
	/* what PostgreSQL holds reads back as the models: mig-gen finds no change against it */
	tool(&r, &p, "mig-inspect", NULL);
	ASSERT_EXIT(r, 0);
	{
		char *dir = proj_path(&p, "inspected");
		ck_assert_int_eq(fs_mkdirs(dir, NULL), 0);
		free(dir);
	}
	proj_write(&p, "inspected/db.xml", r.out);
	run_result_release(&r);
	tool(&r, &p, "mig-gen", "--models", "inspected", "--check", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/* --- 4. check-migrations ------------------------------------------------------------ */

/* The environment of an offline check: no database, a server for the scratch database. */
struct scratch_env {
	char *url;             /* "MIG_SCRATCH_URL=<the harness's server>" */
	const char *env[3];
};

static const char *const *scratch_env(struct scratch_env *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "MIG_SCRATCH_URL=%s", test_pg_url());
	s->url = strbuf_detach(&sb, NULL);
	s->env[0] = "DATABASE_URL";
	s->env[1] = s->url;
	s->env[2] = NULL;
	return s->env;
}

/* An offline check of p (DATABASE_URL unset, MIG_SCRATCH_URL the harness's server) fails with want. */
static void expect_offline_check_fails(struct proj *p, const char *want, int count);

/* make check-migrations fails: exactly the problem lines want, and the count. */
/* text as make check-migrations shows it: the advice names the make targets (MIG_MAKE=1) */
static char *as_under_make(const char *text)
{
	static const char *const pairs[][2] = {
		{ "mig-gen --check", "make db-check-models" },
		{ "mig-gen --merge", "make db-merge" },
		{ "mig-gen --rehash", "make db-rehash" },
	};
	struct strbuf sb = STRBUF_INIT;

	for (const char *t = text; *t;) {
		size_t i, n = sizeof(pairs) / sizeof(pairs[0]);
		for (i = 0; i < n && strncmp(t, pairs[i][0], strlen(pairs[i][0])) != 0; i++)
			;
		if (i < n) {
			strbuf_addstr(&sb, pairs[i][1]);
			t += strlen(pairs[i][0]);
		} else {
			strbuf_addch(&sb, *t++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void expect_check_fails(struct proj *p, const char *const *env, const char *want, int count)
{
	struct run_result r;
	struct strbuf sum = STRBUF_INIT;
	char *want_make = as_under_make(want);

	mk(&r, p, env, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ck_assert_str_eq(r.out, want_make);
	free(want_make);
	strbuf_addf(&sum, "mig-check: %d problem%s\n", count, count == 1 ? "" : "s");
	{
		char *line = first_line(r.err);
		ck_assert_str_eq(line, sum.buf);
		free(line);
	}
	run_result_release(&r);
	expect_no_scratch_database(p);

	/* the same from mig-check itself, whose own status is 1 */
	{
		char *path = test_tool_path("mig-check");
		const char *const argv[] = { path, NULL };
		vrun_argv(&r, p, env, argv);
		free(path);
	}
	ASSERT_EXIT(r, 1);
	ck_assert_str_eq(r.out, want);
	ck_assert_str_eq(r.err, sum.buf);
	run_result_release(&r);
	strbuf_release(&sum);
	expect_no_scratch_database(p);
}

static void expect_offline_check_fails(struct proj *p, const char *want, int count)
{
	struct scratch_env s;

	expect_check_fails(p, scratch_env(&s), want, count);
	free(s.url);
}

#define CHECK_OK                                                                                   \
	"mig-check: ok\n"                                                                          \
	"  migrations/pgsql: the sum file matches, 3 migrations parse, 1 head\n"                   \
	"  migrations/pgsql: replayed on a scratch database up, down and up again, each step as recorded\n"

START_TEST(test_check_passes)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const nothing[] = { "DATABASE_URL", NULL };

	struct scratch_env scratch;

	proj_init(&p, "mig_make_check_ok");
	shop_chain(&p);
	mk(&r, &p, scratch_env(&scratch), "check-migrations", NULL);
	free(scratch.url);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, CHECK_OK "  models: no change that the migrations lack\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* with the database at head: it is checked too, and the scratch database is on its server */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, CHECK_OK "  %s: nothing pending, nothing dirty\n"
			   "  models: no change that the migrations lack\n", p.db.url);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* no server to replay on: a gate does not pass what it could not check */
	expect_check_fails(&p, nothing, "migrations/pgsql: no PostgreSQL server to replay the migrations on: "
					"set DATABASE_URL, or MIG_SCRATCH_URL for a server of its own\n", 1);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* (a) a model change without its migration */
START_TEST(test_check_models_ahead)
{
	struct proj p;

	proj_init(&p, "mig_make_check_ahead");
	shop_chain(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <column name=\"price\" type=\"numeric(10,2)\"/>\n" PRODUCT_END);
	expect_offline_check_fails(&p, "models: the models are ahead of the migrations by 1 change "
					      "(mig-gen writes the migration; mig-gen --check lists them)\n", 1);
	/* db-check-models, the models alone, says the same */
	{
		struct run_result r;
		mk(&r, &p, NULL, "db-check-models", NULL);
		expect_make_failed(&r, "db-check-models", 1);
		ASSERT_CONTAINS(r.out, "price");
		run_result_release(&r);
	}
	proj_release(&p);
}
END_TEST

/* (b) two heads */
START_TEST(test_check_two_heads)
{
	struct proj p;

	proj_init(&p, "mig_make_check_heads");
	two_heads(&p);
	expect_offline_check_fails(&p, "migrations/pgsql: 2 heads (" R_LEFT ", " R_RIGHT "): join them "
					      "with mig-gen --merge\n", 1);
	proj_release(&p);
}
END_TEST

/* (c) a migration edited after it was written, without mig-gen --rehash */
START_TEST(test_check_edited_without_rehash)
{
	struct proj p;

	proj_init(&p, "mig_make_check_edited");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "varchar(40)", "varchar(50)");
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: " R_PHONE ".sql was edited after the sum "
					      "file was written\n", 1);
	proj_release(&p);
}
END_TEST

/* (d) the sum file edited by hand (its own hash no longer matches) */
START_TEST(test_check_sum_file_edited)
{
	struct proj p;
	char *sum;

	proj_init(&p, "mig_make_check_sum");
	shop_chain(&p);
	sum = proj_read(&p, PGSQL "mig.sum");
	ck_assert_msg(strncmp(sum, "h1:", 3) == 0, "%s", sum);
	sum[3] = sum[3] == 'A' ? 'B' : 'A';
	proj_write(&p, PGSQL "mig.sum", sum);
	free(sum);
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: the sum file was edited by hand\n", 1);
	proj_release(&p);
}
END_TEST

/* (d) a migration deleted: the sum file still lists it */
START_TEST(test_check_migration_missing)
{
	struct proj p;
	char *path;

	proj_init(&p, "mig_make_check_missing");
	shop_chain(&p);
	path = proj_path(&p, PGSQL R_PROD ".sql");
	ck_assert_int_eq(unlink(path), 0);
	free(path);
	expect_offline_check_fails(&p, "migrations/pgsql/mig.sum: " R_PROD ".sql is in the sum file but "
					      "missing from the folder\n", 1);
	proj_release(&p);
}
END_TEST

/* (e) SQL that does not parse, found offline, with its file and line */
START_TEST(test_check_sql_does_not_parse)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_make_check_parse");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "ALTER TABLE customer ADD", "ALTER TABEL customer ADD");
	rehash(&p);
	strbuf_addf(&want, PGSQL R_PHONE ".sql:%d: syntax error at or near \"TABEL\" (the up section does not parse)\n",
		    line_of(&p, PGSQL R_PHONE ".sql", "ALTER TABEL"));
	/* no server is needed to find it */
	{
		const char *const offline[] = { "DATABASE_URL", "MIG_SCRATCH_URL=postgresql://127.0.0.1:1/none", NULL };
		expect_check_fails(&p, offline, want.buf, 1);
	}
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* (f) hand-edited SQL that no longer gives the recorded state, rehashed: the replay finds it */
START_TEST(test_check_desync)
{
	struct proj p;

	proj_init(&p, "mig_make_check_desync");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "ADD COLUMN phone varchar(40)", "ADD COLUMN phone varchar(50)");
	rehash(&p);
	expect_offline_check_fails(&p,
			   PGSQL R_PHONE ".sql: replayed on a scratch database, it does not give the recorded state "
			   "(migrations/state/" R_PHONE ".xml); recorded vs database: table \"customer\": "
			   "column \"phone\": type varchar(40) vs varchar(50)\n", 1);
	proj_release(&p);
}
END_TEST

/* (g) a down section that forgets a column: down does not give back the schema before it */
START_TEST(test_check_broken_down)
{
	struct proj p;

	proj_init(&p, "mig_make_check_down");
	shop_chain(&p);
	edit(&p, PGSQL R_PHONE ".sql", "-- mig:down\n-- destructive: drops column customer.phone and its data\nALTER TABLE customer DROP COLUMN phone;\n", "-- mig:down\n");
	rehash(&p);
	expect_offline_check_fails(&p,
			   PGSQL R_PHONE ".sql: its down section does not give back the schema before it "
			   "(migrations/state/" R_INIT ".xml); recorded vs database: table \"customer\": "
			   "column \"phone\" is not expected\n", 1);
	proj_release(&p);
}
END_TEST

/* (h) the configured database: pending migrations */
START_TEST(test_check_live_pending)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_make_check_pending");
	shop_chain(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_INIT);
	strbuf_addf(&want, "%s: 2 pending migrations in migrations/pgsql: " R_PHONE ", " R_PROD
			   " (mig-apply applies them)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 1);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/*
 * (h) the configured database: a dirty revision. Two indexes built
 * CONCURRENTLY (a DBA's hand edit, rehashed) outside a transaction; the
 * second one's name is taken on the live database, so the run stops after
 * the first statement and leaves the dirty mark.
 */
#define R_IDX "0004_20260101030000_indexes"

START_TEST(test_check_live_dirty)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const at3[] = { AT3, NULL };

	proj_init(&p, "mig_make_check_dirty");
	shop_chain(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <primary-key columns=\"id\"/>\n"
				"    <index columns=\"name\"/>\n    <index columns=\"sku\"/>\n  </table>\n");
	mk(&r, &p, at3, "db-migrate", "name=indexes", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	edit(&p, PGSQL R_IDX ".sql", "-- mig:transaction on", "-- mig:transaction off");
	edit(&p, PGSQL R_IDX ".sql", "CREATE INDEX product_name_idx", "CREATE INDEX CONCURRENTLY product_name_idx");
	edit(&p, PGSQL R_IDX ".sql", "CREATE INDEX product_sku_idx", "CREATE INDEX CONCURRENTLY product_sku_idx");
	rehash(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PROD);
	pgtest_exec(&p.db, "CREATE TABLE product_sku_idx (x int)");
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "relation \"product_sku_idx\" already exists (SQLSTATE 42P07)\n");
	run_result_release(&r);

	strbuf_addf(&want, "%s: revision " R_IDX " is dirty: its up stopped after 1 statement (fix the cause and "
			   "run mig-apply, or finish it by hand and mig-stamp)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 1);

	/* the cause fixed, the migration resumed: the gate passes */
	pgtest_exec(&p.db, "DROP TABLE product_sku_idx");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_no_scratch_database(&p);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* (i) several problems at once: every one listed, in one run */
START_TEST(test_check_lists_every_problem)
{
	struct proj p;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_make_check_many");
	shop_chain(&p);
	mk_ok(&p, NULL, "db-upgrade", "to=" R_PHONE);
	/* a desync, rehashed; a model change without its migration; and the database behind */
	edit(&p, PGSQL R_PROD ".sql", "sku varchar(40)", "sku varchar(60)");
	rehash(&p);
	write_models(&p, PHONE, "  <table name=\"product\">\n" PRODUCT_COLUMNS
				"    <column name=\"price\" type=\"numeric(10,2)\"/>\n"
				"    <column name=\"stock\" type=\"integer\"/>\n" PRODUCT_END);
	strbuf_addf(&want,
		    PGSQL R_PROD ".sql: replayed on a scratch database, it does not give the recorded state "
		    "(migrations/state/" R_PROD ".xml); recorded vs database: table \"product\": column \"sku\": type varchar(40) vs varchar(60)\n"
		    "%s: 1 pending migration in migrations/pgsql: " R_PROD " (mig-apply applies them)\n"
		    "models: the models are ahead of the migrations by 2 changes (mig-gen writes the migration; "
		    "mig-gen --check lists them)\n", p.db.url);
	expect_check_fails(&p, NULL, want.buf, 3);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* README's "Adopting an existing database": inspect it, a first migration, stamp it, and the gate passes */
START_TEST(test_adopt_existing_database)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	proj_init(&p, "mig_make_adopt");
	pgtest_exec(&p.db,
		    "CREATE TYPE state AS ENUM ('new', 'paid', 'shipped');\n"
		    "CREATE TABLE account (id serial PRIMARY KEY, email text NOT NULL UNIQUE,\n"
		    "  created timestamptz NOT NULL DEFAULT now());\n"
		    "CREATE TABLE invoice (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
		    "  account_id int NOT NULL REFERENCES account ON DELETE CASCADE,\n"
		    "  state state NOT NULL DEFAULT 'new', amount numeric(10,2) CHECK (amount >= 0));\n"
		    "CREATE INDEX invoice_open_idx ON invoice (account_id) WHERE state <> 'shipped';\n"
		    "INSERT INTO account (email) VALUES ('ann@example.com');\n");
	mk(&r, &p, NULL, "db-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.err, "");
	proj_write(&p, "models/legacy.xml", r.out);
	run_result_release(&r);
	migrate(&p, "init", AT0, R_INIT);
	mk(&r, &p, NULL, "db-stamp", "to=head", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "stamped " R_INIT "\n");
	run_result_release(&r);

	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	strbuf_addf(&want, "mig-check: ok\n"
			   "  migrations/pgsql: the sum file matches, 1 migration parses, 1 head\n"
			   "  migrations/pgsql: replayed on a scratch database up, down and up again, each step as "
			   "recorded\n"
			   "  %s: nothing pending, nothing dirty\n"
			   "  models: no change that the migrations lack\n", p.db.url);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	expect_no_scratch_database(&p);

	/* from here on, as usual; the rows were never touched */
	edit(&p, "models/legacy.xml", "<column name=\"email\" type=\"text\" nullable=\"false\"/>\n",
	     "<column name=\"email\" type=\"text\" nullable=\"false\"/>\n    <column name=\"phone\" type=\"text\"/>\n");
	migrate(&p, "next", AT1, "0002_20260101010000_next");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_columns(&p.db, "account", "id,email,created,phone");
	expect_value(&p.db, "SELECT email FROM account", "ann@example.com");
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

/* --- 5. the repository's own migrations ------------------------------------------------ */

START_TEST(test_check_own_migrations)
{
	struct proj p;
	struct run_result r;
	struct scratch_env scratch;
	char *tree = tree_dir(), *bin;

	proj_init(&p, "mig_make_check_own");
	bin = xstrdup(p.bin_env);
	/*
	 * make -C tree, with the tools under test (MIG_BIN on the command line
	 * wins over the tree's own setting) and none rebuilt (MIG_TOOL_DEPS=).
	 */
	{
		const char *const argv[] = { "make", "-s", "--no-print-directory", "-C", tree, "check-migrations", bin,
					     "MIG_TOOL_DEPS=", NULL };
		const char **env = run_env(&p, scratch_env(&scratch));
		run_argv(&r, NULL, env, argv);
		free(env);
		free(scratch.url);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "mig-check: ok\n  migrations/pgsql: the sum file matches, ", 56) == 0, "%s",
		      r.out);
	/* both dialect folders: pgsql on the scratch server, sqlite in memory */
	ASSERT_CONTAINS(r.out, "  migrations/pgsql: replayed on a scratch database up, down and up again, each step "
			       "as recorded\n");
	ASSERT_CONTAINS(r.out, "  migrations/sqlite: the sum file matches, ");
	ASSERT_CONTAINS(r.out, "  migrations/sqlite: replayed on an in-memory database up, down and up again, each step "
			       "as recorded\n  models: no change that the migrations lack\n");
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	expect_no_scratch_database(&p);
	free(tree);
	free(bin);
	proj_release(&p);
}
END_TEST

/* --- 6. the README's quickstart: nothing configured, the embedded SQLite database ------- */

/* The user tables of SQLite database file path, "a,b" in name order. */
static char *sqlite_tables(const char *path)
{
	struct strbuf out = STRBUF_INIT;
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	ck_assert_msg(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "%s", path);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
					       "LIKE 'sqlite_%' ORDER BY name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&out, "%s%s", out.len ? "," : "", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return strbuf_detach(&out, NULL);
}

START_TEST(test_quickstart_embedded_sqlite)
{
	struct proj p;
	struct run_result r;
	struct strbuf sb = STRBUF_INIT;
	char *tree = tree_dir(), *tool = test_tool_path("mig-gen"), *tables, *db;

	/* a copy of the example application (models and committed migrations), no database configured */
	memset(&p, 0, sizeof(p));
	proj_files(&p);
	*strrchr(tool, '/') = '\0';
	strbuf_addf(&sb, "MIG_BIN=%s", tool);
	p.bin_env = strbuf_detach(&sb, NULL);
	{
		strbuf_addf(&sb, "%s/models", tree);
		struct strbuf mig = STRBUF_INIT;
		strbuf_addf(&mig, "%s/migrations", tree);
		const char *const argv[] = { "cp", "-R", sb.buf, mig.buf, p.dir, NULL };
		vrun_argv(&r, &p, NULL, argv);
		ASSERT_EXIT(r, 0);
		run_result_release(&r);
		strbuf_release(&mig);
		strbuf_reset(&sb);
	}
	mk(&r, &p, NULL, "db-init", "db-history", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "no changes\nREVISION ", 20) == 0, "%s", r.out);
	ASSERT_CONTAINS(r.out, "\n0001_20261122000000_init  2");
	run_result_release(&r);
	db = proj_path(&p, "var/dev.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "account,mig_history,project,project_member,project_milestone");
	free(tables);
	free(db);
	db = proj_path(&p, "var/dev.files.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "file,folder");
	free(tables);
	free(db);

	/* without the committed migrations, the same command writes both folders, one revision id */
	{
		char *migs = proj_path(&p, "migrations"), *var = proj_path(&p, "var");
		test_rmtree(migs);
		test_rmtree(var);
		free(migs);
		free(var);
	}
	{
		const char *const epoch[] = { "SOURCE_DATE_EPOCH=1767225600", NULL };
		mk(&r, &p, epoch, "db-init", NULL);
	}
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_20260101000000_init.sql\n"
				"migrations/sqlite/0001_20260101000000_init.sql\n"
				"migrations/state/0001_20260101000000_init.xml\n");
	run_result_release(&r);
	ck_assert(proj_exists(&p, "migrations/pgsql/mig.sum") && proj_exists(&p, "migrations/sqlite/mig.sum"));
	db = proj_path(&p, "var/dev.sqlite3");
	tables = sqlite_tables(db);
	ck_assert_str_eq(tables, "account,mig_history,project,project_member,project_milestone");
	free(tables);
	free(db);

	test_rmtree(p.dir);
	free(p.dir);
	free(p.bin_env);
	free(tool);
	free(tree);
	strbuf_release(&sb);
}
END_TEST

/* --- 3. the seeds' workflows without traps (issue 10) ----------------------- */

/* `sh -c SCRIPT` in p's directory: a pipe, or a terminal through script(1). */
static void shell(struct run_result *r, const struct proj *p, const char *const *extra, const char *script)
{
	const char *const argv[] = { "sh", "-c", script, NULL };

	vrun_argv(r, p, extra, argv);
}

/* The shop's chain, applied: the database at R_PROD. */
static void shop_at_head(const struct proj *p)
{
	shop_chain(p);
	mk_ok(p, NULL, "db-upgrade", NULL);
	expect_history((struct pgtest_db *)&p->db, R_INIT "," R_PHONE "," R_PROD);
}

/* db-upgrade only moves up, db-downgrade only down; each names the other */
START_TEST(test_direction_is_never_a_surprise)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_make_direction");
	shop_at_head(&p);

	/* to=REV behind the database: refused, nothing changes, db-downgrade named */
	mk(&r, &p, NULL, "db-upgrade", "to=" R_INIT, NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to " R_INIT " is behind the database: an upgrade only moves "
			       "up, and this would undo 2 migrations\n"
			       "mig-apply: hint: to move down, run make db-downgrade to=" R_INIT "\n");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	expect_tables(&p.db, "customer,orders,product");
	just(&r, &p, NULL, "db-upgrade", R_INIT, NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "is behind the database: an upgrade only moves up");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* down to R_INIT in a pipe: no question */
	mk(&r, &p, NULL, "db-downgrade", "to=" R_INIT, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT);

	/* to=REV ahead of the database: db-downgrade refuses and names db-upgrade */
	mk(&r, &p, NULL, "db-downgrade", "to=" R_PROD, NULL);
	expect_make_failed(&r, "db-downgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to " R_PROD " is ahead of the database: a downgrade only moves "
			       "down, and this would apply 2 migrations\n"
			       "mig-apply: hint: to move up, run make db-upgrade to=" R_PROD "\n");
	run_result_release(&r);
	expect_history(&p.db, R_INIT);
	just(&r, &p, NULL, "db-upgrade", R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);

	/* the tools themselves: either way unless told */
	tool(&r, &p, "mig-apply", "--to", R_INIT, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT);
	tool(&r, &p, "mig-apply", "--downgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, "");
	proj_release(&p);
}
END_TEST

/* one name for a revision, to=; another is refused, never ignored */
START_TEST(test_revision_is_to_everywhere)
{
	struct proj p;
	struct run_result r;
	static const char *const targets[] = { "db-upgrade", "db-downgrade", "db-sql", "db-stamp", NULL };

	proj_init(&p, "mig_make_to");
	shop_chain(&p);
	for (size_t i = 0; targets[i]; i++) {
		struct strbuf want = STRBUF_INIT;
		mk(&r, &p, NULL, targets[i], "rev=head", NULL);
		strbuf_addf(&want, "make %s: give the revision as to=REV (not rev=)\n", targets[i]);
		expect_make_failed(&r, targets[i], 2);
		ck_assert_msg(strncmp(r.err, want.buf, want.len) == 0, "%s", r.err);
		run_result_release(&r);
		strbuf_release(&want);
	}
	mk(&r, &p, NULL, "db-upgrade", "revision=" R_INIT, NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "give the revision as to=REV (not revision=)");
	run_result_release(&r);
	expect_history(&p.db, "-");

	/* db-stamp takes to=, as make and just */
	mk(&r, &p, NULL, "db-stamp", "to=" R_PHONE, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);
	just(&r, &p, NULL, "db-stamp", "head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	proj_release(&p);
}
END_TEST

/* a downgrade that drops data, or goes to base, asks on a terminal; yes=1 answers */
START_TEST(test_downgrade_asks_on_a_terminal)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_make_ask");
	shop_at_head(&p);

	/* one step down drops table product: asked, "n" keeps it */
	shell(&r, &p, NULL, "printf 'n\\n' | script -qec 'make -s --no-print-directory db-downgrade' /dev/null");
	ASSERT_CONTAINS(r.out, "mig-apply: this downgrade undoes 1 migration:\r\n  " R_PROD "\r\n"
			       "mig-apply: and loses data:\r\n  drops table product and its rows\r\n");
	ASSERT_CONTAINS(r.out, "go ahead? [y/N] ");
	ASSERT_CONTAINS(r.out, "mig-apply: error: the downgrade was not confirmed: nothing was changed");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	expect_tables(&p.db, "customer,orders,product");

	/* "y" goes ahead */
	shell(&r, &p, NULL, "printf 'y\\n' | script -qec 'make -s --no-print-directory db-downgrade' /dev/null");
	ASSERT_CONTAINS(r.out, "go ahead? [y/N] ");
	ASSERT_CONTAINS(r.out, "undoing " R_PROD);
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);

	/* to base: asked; yes=1 answers for a script, and --yes through just */
	shell(&r, &p, NULL, "script -qec 'make -s --no-print-directory db-downgrade to=base' /dev/null < /dev/null");
	ASSERT_CONTAINS(r.out, "every one applied (to base)");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE);
	shell(&r, &p, NULL, "script -qec 'make -s --no-print-directory db-downgrade to=base yes=1' /dev/null < /dev/null");
	ASSERT_LACKS(r.out, "go ahead?");
	ASSERT_CONTAINS(r.out, "now at base");
	run_result_release(&r);
	expect_history(&p.db, "");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	shell(&r, &p, NULL, "script -qec 'just db-downgrade base --yes' /dev/null < /dev/null");
	ASSERT_LACKS(r.out, "go ahead?");
	ASSERT_CONTAINS(r.out, "now at base");
	run_result_release(&r);
	expect_history(&p.db, "");
	proj_release(&p);
}
END_TEST

/* args= reaches every target's tool; hints under make name make targets */
START_TEST(test_options_reach_the_tools)
{
	struct proj p;
	struct run_result r;
	const char *const edited[] = { "args=--wait 30 --lock-timeout 5000 --single-transaction", NULL };

	proj_init(&p, "mig_make_args");
	shop_chain(&p);
	mk(&r, &p, edited, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);

	/* --sql through args: printed, nothing run */
	mk(&r, &p, NULL, "db-downgrade", "args=--sql", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "DROP TABLE product;");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	mk(&r, &p, NULL, "db-history", "args=--json", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(r.out[0] == '{', "%s", r.out);
	run_result_release(&r);

	/* an applied migration edited: each hint names the make target that follows it */
	edit(&p, PGSQL R_INIT ".sql", "-- mig:up\n", "-- mig:up\n-- reviewed\n");
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: hint: if the change is deliberate, run make db-rehash; otherwise restore "
			       "the migration from version control\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	ASSERT_CONTAINS(r.err, "mig-apply: hint: restore the file; or, if the change is deliberate and the database "
			       "has it, run make db-upgrade args=--allow-changed (or record it with make db-stamp "
			       "to=" R_INIT ")\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-upgrade", "args=--allow-changed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	just(&r, &p, NULL, "db-upgrade", "", "--allow-changed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);

	/* the tool itself names itself */
	tool(&r, &p, "mig-apply", NULL);
	ASSERT_EXIT(r, 1);
	ASSERT_CONTAINS(r.err, "run mig-apply --allow-changed (or record it with mig-stamp " R_INIT ")\n");
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/* a dialect that is not the database's fails before anything runs */
START_TEST(test_dialect_mismatch)
{
	struct proj p;
	struct run_result r;
	const char *const sqlite_folder[] = { "MIG_DIALECT=sqlite", NULL };

	proj_init(&p, "mig_make_dialect");
	shop_chain(&p);
	{
		/* a sqlite folder too, so that only the dialect is wrong */
		const char *const every[] = { "MIG_DIALECT=sqlite", AT3, NULL };
		mk(&r, &p, every, "db-migrate", "name=x", NULL);
		run_result_release(&r);
	}
	mk(&r, &p, sqlite_folder, "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --dialect sqlite does not match the database ");
	ASSERT_CONTAINS(r.err, ", which is PostgreSQL: nothing was run\n");
	run_result_release(&r);
	expect_history(&p.db, "-");
	mk(&r, &p, sqlite_folder, "db-stamp", "to=head", NULL);
	ck_assert_int_ne(r.status, 0);
	ASSERT_CONTAINS(r.err, "does not match the database");
	run_result_release(&r);
	expect_history(&p.db, "-");
	tool(&r, &p, "mig-heads", "--dialect", "sqlite", "--pending", NULL);
	ASSERT_EXIT(r, 2);
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/* mig.sum with git's conflict markers: resolve, then db-rehash */
START_TEST(test_sum_file_conflict_markers)
{
	struct proj p;
	struct run_result r;
	char *sum;
	struct strbuf text = STRBUF_INIT;

	proj_init(&p, "mig_make_conflict");
	shop_chain(&p);
	sum = proj_read(&p, PGSQL "mig.sum");
	strbuf_addf(&text, "%s<<<<<<< HEAD\n0004_x.sql h1:aaa\n=======\n0004_y.sql h1:bbb\n>>>>>>> feature\n", sum);
	proj_write(&p, PGSQL "mig.sum", text.buf);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: migrations/pgsql/mig.sum:5: holds git conflict markers: two branches "
			       "added migrations\n"
			       "mig-apply: hint: finish the merge in git keeping every migration of both branches, "
			       "then run make db-rehash (and make db-merge when there are two heads)\n");
	run_result_release(&r);
	expect_history(&p.db, "-");
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 2);
	ASSERT_CONTAINS(r.out, "migrations/pgsql/mig.sum: holds git conflict markers");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_history(&p.db, R_INIT "," R_PHONE "," R_PROD);
	free(sum);
	strbuf_release(&text);
	proj_release(&p);
}
END_TEST

/* seed files run once each; again only when asked; again after base */
START_TEST(test_seed_runs_once)
{
	struct proj p;
	struct run_result r;

	proj_init(&p, "mig_make_seed_once");
	shop_at_head(&p);
	proj_write(&p, "seeds/001_products.sql", "INSERT INTO product (name) VALUES ('ann');\n");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_products.sql (1 statement)\n");
	run_result_release(&r);
	just(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_msg(strncmp(r.out, "already seeded seeds/001_products.sql at ", 41) == 0, "%s", r.out);
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM product", "1");

	/* a second file runs alone; an edited one is named, not run */
	proj_write(&p, "seeds/002_more.sql", "INSERT INTO product (name) VALUES ('bob');\n");
	proj_write(&p, "seeds/001_products.sql", "INSERT INTO product (name) VALUES ('cid');\n");
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "seeds/001_products.sql changed since it was seeded at ");
	ASSERT_CONTAINS(r.out, ": not run again (--reseed runs every file again)\n");
	ASSERT_CONTAINS(r.out, "seeded seeds/002_more.sql (1 statement)\n");
	run_result_release(&r);
	expect_value(&p.db, "SELECT string_agg(name, ',' ORDER BY name) FROM product", "ann,bob");

	/* asked: every file again */
	mk(&r, &p, NULL, "db-seed", "args=--reseed", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM product", "4");

	/* at base the rows are gone with the tables: seeding runs every file again */
	mk_ok(&p, NULL, "db-downgrade", "to=base");
	mk_ok(&p, NULL, "db-upgrade", NULL);
	mk(&r, &p, NULL, "db-seed", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "seeded seeds/001_products.sql (1 statement)\nseeded seeds/002_more.sql (1 statement)\n");
	run_result_release(&r);
	expect_value(&p.db, "SELECT count(*) FROM product", "2");
	proj_release(&p);
}
END_TEST

/* the CI gates refuse what db-upgrade would refuse */
START_TEST(test_gates_refuse_what_upgrade_refuses)
{
	struct proj p;
	struct run_result r;
	char *text;

	proj_init(&p, "mig_make_gates");
	shop_at_head(&p);

	/* an applied migration edited (and its sum rewritten): db-upgrade refuses, so does check-migrations */
	edit(&p, PGSQL R_PHONE ".sql", "-- mig:up\n", "-- mig:up\n-- reviewed\n");
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 1);
	run_result_release(&r);
	mk(&r, &p, NULL, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ASSERT_CONTAINS(r.out, PGSQL R_PHONE ".sql: was edited after it was applied to ");
	ASSERT_CONTAINS(r.out, "or if the database has the change, make db-upgrade args=--allow-changed or make "
			       "db-stamp to=" R_PHONE "\n");
	run_result_release(&r);
	mk_ok(&p, NULL, "db-stamp", "to=head");
	mk_ok(&p, NULL, "check-migrations", NULL);

	/* a revision the database holds but the folder lacks: db-pending fails, as db-upgrade would */
	text = proj_read(&p, PGSQL R_PROD ".sql");
	{
		char *path = proj_path(&p, PGSQL R_PROD ".sql");
		ck_assert_int_eq(unlink(path), 0);
		free(path);
	}
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.err, "mig-heads: error: the database has 1 revision applied that is not in migrations/pgsql: "
			       R_PROD "\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-upgrade", NULL);
	ck_assert_int_ne(r.status, 0);
	run_result_release(&r);
	proj_write(&p, PGSQL R_PROD ".sql", text);
	free(text);
	mk_ok(&p, NULL, "db-rehash", NULL);
	mk_ok(&p, NULL, "db-pending", NULL);
	proj_release(&p);
}
END_TEST

/* small ones: LOG_LEVEL, the history's times, backups out of git, make man, one setup */
START_TEST(test_small_traps)
{
	struct proj p;
	struct run_result r;
	const char *const typo[] = { "LOG_LEVEL=verbose", NULL };
	char *text, *tree = tree_dir();
	struct strbuf path = STRBUF_INIT;
	const char *line;

	proj_init(&p, "mig_make_small");
	shop_at_head(&p);

	mk(&r, &p, typo, "db-current", NULL);
	expect_make_failed(&r, "db-current", 2);
	text = first_line(r.err);
	ck_assert_str_eq(text, "mig-heads: error: LOG_LEVEL: \"verbose\" is not a level\n");
	free(text);
	run_result_release(&r);
	mk(&r, &p, typo, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	run_result_release(&r);

	/* the history's times as SQLite's: UTC, YYYY-MM-DD HH:MM:SS.mmm, HH:MM:SS.mmm */
	mk(&r, &p, NULL, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	line = strstr(r.out, R_INIT);
	ck_assert_ptr_nonnull(line);
	line += strlen(R_INIT);
	while (*line == ' ')
		line++;
	ck_assert_msg(strlen(line) > 37 && line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[13] == ':' &&
		      line[16] == ':' && line[19] == '.' && line[23] == ' ', "%s", r.out);
	ck_assert_msg(strncmp(line + 32, "00:00:", 6) == 0 && line[40] == '.', "%s", r.out);
	run_result_release(&r);

	/* backups/ is made with a .gitignore; one the user removed stays removed */
	mk_ok(&p, NULL, "db-backup", NULL);
	text = proj_read(&p, "backups/.gitignore");
	ASSERT_CONTAINS(text, "\n*\n");
	free(text);
	{
		char *gi = proj_path(&p, "backups/.gitignore");
		ck_assert_int_eq(unlink(gi), 0);
		free(gi);
	}
	mk_ok(&p, NULL, "db-backup", NULL);
	ck_assert(!proj_exists(&p, "backups/.gitignore"));

	/* the man pages before make install */
	{
		const char *const argv[] = { "make", "-s", "--no-print-directory", "-C", tree, "man", NULL };
		vrun_argv(&r, &p, NULL, argv);
		ASSERT_EXIT(r, 0);
		ASSERT_CONTAINS(r.out, "MANPATH=\"");
		run_result_release(&r);
		strbuf_addf(&path, "%s/build/man/man1/mig-gen.1", tree);
		ck_assert(test_file_exists(path.buf));
	}

	/* README's setup command is what CI runs */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/README.md", tree);
	text = test_read_file(path.buf);
	ASSERT_CONTAINS(text, "\nbash .ci/setup\n");
	ASSERT_LACKS(text, "npm && npm install");
	free(text);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/.ci/run", tree);
	text = test_read_file(path.buf);
	ASSERT_CONTAINS(text, "\nbash .ci/setup\n");
	ASSERT_CONTAINS(text, "\nmake check\n");
	free(text);

	strbuf_release(&path);
	free(tree);
	proj_release(&p);
}
END_TEST

/* --- an app on a database of its own (seeds/001) ----------------------------------- */

#define ANALYTICS(attrs)                                                                         \
	"<models xmlns=\"urn:mig:model:1\" app=\"analytics\"" attrs ">\n"                            \
	"  <table name=\"event\"><column name=\"id\" type=\"bigint\"/><primary-key columns=\"id\"/>" \
	"</table>\n</models>\n"
#define ANALYTICS_DB " database-url-env=\"ANALYTICS_DATABASE_URL\""
#define R_AN "0002_20260101000000_init"
#define AN_UNSET "mig-apply: error: app analytics's chain runs on the database ANALYTICS_DATABASE_URL names, but " \
	"ANALYTICS_DATABASE_URL is not set\n"

/*
 * seeds/001: the main app and an analytics app whose models name a second
 * database. A plain db-migrate gives analytics its own chain; db-upgrade
 * creates each app's tables in its own database only; db-pending and
 * db-history cover both, naming each database; MIG_APP=analytics
 * db-downgrade undoes only there; the variable unset changes nothing
 * anywhere.
 */
START_TEST(test_app_own_database)
{
	struct proj p;
	struct pgtest_db an;
	struct run_result r;
	struct strbuf var = STRBUF_INIT;
	const char *env[3] = { AT0, NULL, NULL };
	const char *const empty[] = { "ANALYTICS_DATABASE_URL=", NULL };
	const char *only_an[] = { "MIG_APP=analytics", NULL, NULL };

	proj_init(&p, "mig_make_appdb_main");
	pgtest_create(&an, "mig_make_appdb_analytics");
	strbuf_addf(&var, "ANALYTICS_DATABASE_URL=%s", an.url);
	env[1] = var.buf;
	only_an[1] = var.buf;
	V1(&p);
	proj_write(&p, "models/analytics.xml", ANALYTICS(ANALYTICS_DB));

	/* a plain db-migrate: the default chain, then analytics' own (it names a database) */
	mk(&r, &p, env, "db-migrate", "name=init", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_INIT) WRITTEN(R_AN));
	run_result_release(&r);
	{
		char *text = proj_read(&p, PGSQL R_AN ".sql");
		ASSERT_CONTAINS(text, "-- mig:app analytics\n");
		ASSERT_CONTAINS(text, "CREATE TABLE event (");
		free(text);
		text = proj_read(&p, PGSQL R_INIT ".sql");
		ASSERT_LACKS(text, "event");
		free(text);
	}

	/* the variable unset or empty: exit 2 naming it, nothing run on either database */
	mk(&r, &p, NULL, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, AN_UNSET);
	run_result_release(&r);
	mk(&r, &p, empty, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "but ANALYTICS_DATABASE_URL is empty\n");
	run_result_release(&r);
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 2);
	ASSERT_CONTAINS(r.err, "mig-heads: error: app analytics's chain runs on the database ANALYTICS_DATABASE_URL");
	run_result_release(&r);
	expect_history(&p.db, "-");
	expect_history(&an, "-");
	expect_tables(&p.db, "");
	expect_tables(&an, "");

	/* each app's tables in its own database only */
	mk(&r, &p, env, "db-upgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "mig-apply: the default chain: database ");
	ASSERT_CONTAINS(r.err, "mig-apply: app analytics's chain: database ");
	ASSERT_CONTAINS(r.err, " (ANALYTICS_DATABASE_URL), migrations migrations/pgsql\n");
	ASSERT_CONTAINS(r.err, "mig-apply: app analytics's chain: applied 1 migration in ");
	run_result_release(&r);
	expect_tables(&p.db, "customer,orders");
	expect_history(&p.db, R_INIT);
	expect_tables(&an, "event");
	expect_history(&an, R_AN);

	/* db-pending is green on both; db-history shows both chains and their databases */
	mk(&r, &p, env, "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	mk(&r, &p, env, "db-history", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "(default)  " R_INIT);
	ASSERT_CONTAINS(r.out, "analytics  " R_AN);
	ASSERT_CONTAINS(r.err, "mig-heads: the default chain: database ");
	ASSERT_CONTAINS(r.err, "mig-heads: app analytics's chain: database ");
	run_result_release(&r);

	/* db-backup: the main database and the app's own, a file each */
	mk(&r, &p, env, "db-backup", NULL);
	ASSERT_EXIT(r, 0);
	{
		size_t lines = 0;
		for (const char *t = r.out; *t; t++)
			lines += *t == '\n';
		ck_assert_msg(lines == 2 && strstr(r.out, "backups/"), "%s", r.out);
	}
	run_result_release(&r);

	/* check-migrations checks each chain on its own database: both at head, so it passes */
	mk(&r, &p, env, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, an.url);
	ASSERT_CONTAINS(r.out, p.db.url);
	run_result_release(&r);

	/* --app with an explicit --database-url: the URL given wins (no variable needed) */
	tool(&r, &p, "mig-heads", "--current", "--app", "analytics", "--database-url", p.db.url, NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);

	/* MIG_APP=analytics db-downgrade: undone in the analytics database alone */
	mk(&r, &p, only_an, "db-downgrade", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.err, "undoing " R_AN);
	run_result_release(&r);
	expect_tables(&an, "");
	expect_history(&an, "");
	expect_tables(&p.db, "customer,orders");
	expect_history(&p.db, R_INIT);
	mk(&r, &p, env, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ASSERT_CONTAINS(r.out, "analytics  " R_AN);
	run_result_release(&r);
	/* ... and the gate sees it in the analytics database, not the main one */
	mk(&r, &p, env, "check-migrations", NULL);
	expect_make_failed(&r, "check-migrations", 1);
	ASSERT_CONTAINS(r.out, ": 1 pending migration in migrations/pgsql: " R_AN);
	ASSERT_CONTAINS(r.out, an.url);
	run_result_release(&r);

	/* db-stamp to=head: each chain's head in its own database */
	mk(&r, &p, env, "db-stamp", "to=head", NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
	expect_history(&an, R_AN);
	expect_tables(&an, "");

	/* every file of the app names the same database */
	proj_write(&p, "models/analytics_more.xml", ANALYTICS(""));
	mk(&r, &p, env, "db-upgrade", NULL);
	expect_make_failed(&r, "db-upgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: models/analytics_more.xml:1: app \"analytics\": no database-url-env here, "
			"but database-url-env=\"ANALYTICS_DATABASE_URL\" in models/analytics.xml:1\n");
	run_result_release(&r);

	pgtest_drop(&an);
	strbuf_release(&var);
	proj_release(&p);
}
END_TEST

/* --- apps: one chain each (chain.h) -------------------------------------------- */

#define BLOG(extra)                                                                          \
	"<models xmlns=\"urn:mig:model:1\" app=\"blog\">\n"                                      \
	"  <table name=\"post\">\n    <column name=\"id\" type=\"bigint\" nullable=\"false\"/>\n" \
	extra "    <primary-key columns=\"id\"/>\n  </table>\n</models>\n"
#define R_BLOG "0002_20260101010000_blog"
#define R_BOTH_DEFAULT "0003_20260101020000_both"
#define R_BOTH_BLOG "0004_20260101020000_both"

/* A chain written before any app, then --app for one of its apps: refused, naming the tables. */
START_TEST(test_app_tables_in_default_chain_are_refused)
{
	struct proj p;
	struct run_result r;
	const char *const blog[] = { AT1, "MIG_APP=blog", NULL };

	proj_init(&p, "mig_make_apps_refused");
	V1(&p);
	proj_write(&p, "models/blog.xml", BLOG(""));
	migrate(&p, "init", AT0, R_INIT);
	mk(&r, &p, blog, "db-migrate", "name=blog", NULL);
	expect_make_failed(&r, "db-migrate", 2);
	ASSERT_CONTAINS(r.err, "mig-gen: migrations/state/" R_INIT ".xml: tables of app blog's chain are recorded "
			"in the default chain: \"post\"\n");
	ASSERT_CONTAINS(r.err, "mig-gen: hint: mig-gen never moves tables between chains: keep them in the default "
			"chain (mig-gen without --app), or move them deliberately");
	ck_assert(!proj_exists(&p, PGSQL R_BLOG ".sql"));
	run_result_release(&r);
	/* the one chain, as before: every app's tables, applied by a plain db-upgrade */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_tables(&p.db, "customer,orders,post");
	mk(&r, &p, NULL, "db-pending", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "");
	run_result_release(&r);
	proj_release(&p);
}
END_TEST

/*
 * An app with a chain of its own: a plain db-migrate keeps its tables out of
 * the default chain and gives it its own migration; db-pending, db-upgrade,
 * db-current act on both chains; MIG_APP on one.
 */
START_TEST(test_app_chains)
{
	struct proj p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT;
	const char *const blog[] = { AT1, "MIG_APP=blog", NULL };
	const char *const both[] = { AT2, NULL };
	const char *const only_blog[] = { "MIG_APP=blog", NULL };
	char *text;

	proj_init(&p, "mig_make_apps");
	V1(&p);
	migrate(&p, "init", AT0, R_INIT);
	/* a second app, with a chain of its own from its first migration */
	proj_write(&p, "models/blog.xml", BLOG(""));
	mk(&r, &p, blog, "db-migrate", "name=blog", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_BLOG));
	run_result_release(&r);
	text = proj_read(&p, PGSQL R_BLOG ".sql");
	ASSERT_CONTAINS(text, "-- mig:app blog\n");
	ASSERT_CONTAINS(text, "CREATE TABLE post (");
	ASSERT_LACKS(text, "-- mig:parents " R_INIT);
	free(text);

	/* both apps change; a plain db-migrate writes one migration per chain */
	V2(&p);
	proj_write(&p, "models/blog.xml", BLOG("    <column name=\"title\" type=\"text\"/>\n"));
	mk(&r, &p, both, "db-migrate", "name=both", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, WRITTEN(R_BOTH_DEFAULT) WRITTEN(R_BOTH_BLOG));
	run_result_release(&r);
	text = proj_read(&p, PGSQL R_BOTH_DEFAULT ".sql");
	ASSERT_CONTAINS(text, "-- mig:parents " R_INIT "\n");
	ASSERT_CONTAINS(text, "ADD COLUMN phone");
	ASSERT_LACKS(text, "post");
	ASSERT_LACKS(text, "-- mig:app");
	free(text);
	text = proj_read(&p, "migrations/state/" R_BOTH_DEFAULT ".xml");
	ASSERT_CONTAINS(text, "\"customer\"");
	ASSERT_LACKS(text, "\"post\"");
	free(text);
	text = proj_read(&p, PGSQL R_BOTH_BLOG ".sql");
	ASSERT_CONTAINS(text, "-- mig:parents " R_BLOG "\n");
	ASSERT_CONTAINS(text, "-- mig:app blog\n");
	ASSERT_CONTAINS(text, "ADD COLUMN title");
	ASSERT_LACKS(text, "customer");
	free(text);
	text = proj_read(&p, "migrations/state/" R_BOTH_BLOG ".xml");
	ASSERT_CONTAINS(text, "app=\"blog\"");
	ASSERT_CONTAINS(text, "\"post\"");
	ASSERT_LACKS(text, "\"customer\"");
	free(text);
	mk(&r, &p, both, "db-migrate", "name=again", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);

	/* db-pending (make and just): every chain's, each line with its app */
	strbuf_addf(&want, "(default)  %-*s  init\n(default)  %-*s  both\nblog       %-*s  blog\nblog       %-*s  both\n",
		    (int)strlen(R_BOTH_DEFAULT), R_INIT, (int)strlen(R_BOTH_DEFAULT), R_BOTH_DEFAULT,
		    (int)strlen(R_BOTH_BLOG), R_BLOG, (int)strlen(R_BOTH_BLOG), R_BOTH_BLOG);
	/* pending migrations: db-pending fails (a CI gate) */
	mk(&r, &p, NULL, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	just(&r, &p, NULL, "db-pending", NULL);
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	/* MIG_APP: that chain alone, as a single chain shows */
	mk(&r, &p, only_blog, "db-pending", NULL);
	expect_make_failed(&r, "db-pending", 1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s  blog\n%s  both\n", R_BLOG, R_BOTH_BLOG);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);

	/* MIG_APP=blog db-upgrade: the blog alone */
	mk_ok(&p, only_blog, "db-upgrade", NULL);
	expect_tables(&p.db, "post");
	expect_history(&p.db, R_BLOG "," R_BOTH_BLOG);
	/* a plain db-upgrade: every chain */
	mk_ok(&p, NULL, "db-upgrade", NULL);
	expect_tables(&p.db, "customer,orders,post");
	expect_columns(&p.db, "post", "id,title");
	expect_history(&p.db, R_INIT "," R_BLOG "," R_BOTH_DEFAULT "," R_BOTH_BLOG);
	expect_value(&p.db, "SELECT string_agg(app || ':' || revision, ',' ORDER BY revision) FROM mig_history",
		     ":" R_INIT ",blog:" R_BLOG ",:" R_BOTH_DEFAULT ",blog:" R_BOTH_BLOG);
	mk(&r, &p, NULL, "db-current", NULL);
	ASSERT_EXIT(r, 0);
	ck_assert_str_eq(r.out, "(default)  " R_BOTH_DEFAULT "  both\nblog       " R_BOTH_BLOG "  both\n");
	run_result_release(&r);
	tool(&r, &p, "mig-inspect", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "<table name=\"post\">");
	ASSERT_CONTAINS(r.out, "<table name=\"customer\"");
	run_result_release(&r);

	/* one step down is one chain's: ambiguous without MIG_APP */
	mk(&r, &p, NULL, "db-downgrade", NULL);
	expect_make_failed(&r, "db-downgrade", 2);
	ASSERT_CONTAINS(r.err, "mig-apply: error: --to: \"-1\" is ambiguous: the migrations of migrations/pgsql form "
			"several chains (the default chain, app blog's chain)\n");
	run_result_release(&r);
	expect_history(&p.db, R_INIT "," R_BLOG "," R_BOTH_DEFAULT "," R_BOTH_BLOG);
	mk_ok(&p, only_blog, "db-downgrade", NULL);
	expect_columns(&p.db, "post", "id");
	expect_columns(&p.db, "customer", "id,email,created_at,phone");
	/* a revision names its chain */
	mk_ok(&p, NULL, "db-upgrade", "to=" R_BOTH_BLOG);
	expect_columns(&p.db, "post", "id,title");
	/* check-migrations: both chains replayed */
	mk(&r, &p, NULL, "check-migrations", NULL);
	ASSERT_EXIT(r, 0);
	ASSERT_CONTAINS(r.out, "migrations/pgsql (app blog's chain): replayed on a scratch database");
	ASSERT_CONTAINS(r.out, "migrations/pgsql (the default chain): replayed on a scratch database");
	run_result_release(&r);
	/* a foreign key across chains is refused: each chain runs on its own */
	proj_write(&p, "models/blog.xml", BLOG("    <column name=\"title\" type=\"text\"/>\n"
					       "    <column name=\"author\" type=\"bigint\"/>\n"
					       "    <foreign-key columns=\"author\" references=\"customer (id)\"/>\n"));
	mk(&r, &p, NULL, "db-migrate", "name=author", NULL);
	expect_make_failed(&r, "db-migrate", 2);
	ASSERT_CONTAINS(r.err, "mig-gen: models/blog.xml:6: foreign key \"post_author_fkey\" of table \"post\" (app "
			"blog) refers to table \"customer\" (app shop), which lives in another chain (the default "
			"chain, not app blog's chain)\n");
	run_result_release(&r);
	strbuf_release(&want);
	proj_release(&p);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("make");
	TCase *tc = tcase_create("pgsql");

	/* make, the tools and PostgreSQL: a few seconds each, longer under the sanitizers */
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_init_migrate_upgrade_downgrade_stamp);
	tcase_add_test(tc, test_quickstart_embedded_sqlite);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_backup);
	tcase_add_test(tc, test_graph_and_merge);
	tcase_add_test(tc, test_tools_are_prerequisites);
	tcase_add_test(tc, test_upgrade_fleet);
	tcase_add_test(tc, test_just_is_make);
	tcase_add_test(tc, test_hand_ddl_recorded_pgsql);
	tcase_add_loop_test(tc, test_hand_ddl_recorded_sqlite, 0, (int)(sizeof(sqlite_cases) / sizeof(*sqlite_cases)));
	tcase_add_test(tc, test_late_pgsql_folder_has_the_history);
	tcase_add_test(tc, test_check_passes);
	tcase_add_test(tc, test_check_models_ahead);
	tcase_add_test(tc, test_check_two_heads);
	tcase_add_test(tc, test_check_edited_without_rehash);
	tcase_add_test(tc, test_check_sum_file_edited);
	tcase_add_test(tc, test_check_migration_missing);
	tcase_add_test(tc, test_check_sql_does_not_parse);
	tcase_add_test(tc, test_check_desync);
	tcase_add_test(tc, test_check_broken_down);
	tcase_add_test(tc, test_check_live_pending);
	tcase_add_test(tc, test_check_live_dirty);
	tcase_add_test(tc, test_check_lists_every_problem);
	tcase_add_test(tc, test_adopt_existing_database);
	tcase_add_test(tc, test_check_own_migrations);
	suite_add_tcase(s, tc);

	/* issue 10: the seeds' workflows without traps */
	tc = tcase_create("workflows");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_direction_is_never_a_surprise);
	tcase_add_test(tc, test_revision_is_to_everywhere);
	tcase_add_test(tc, test_downgrade_asks_on_a_terminal);
	tcase_add_test(tc, test_options_reach_the_tools);
	tcase_add_test(tc, test_dialect_mismatch);
	tcase_add_test(tc, test_sum_file_conflict_markers);
	tcase_add_test(tc, test_seed_runs_once);
	tcase_add_test(tc, test_small_traps);
	tcase_add_test(tc, test_gates_refuse_what_upgrade_refuses);
	suite_add_tcase(s, tc);

	/* apps and their chains (chain.h) */
	tc = tcase_create("apps");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_app_tables_in_default_chain_are_refused);
	tcase_add_test(tc, test_app_chains);
	tcase_add_test(tc, test_app_own_database);
	suite_add_tcase(s, tc);
	return s;
}

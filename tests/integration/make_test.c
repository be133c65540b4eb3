/* The make suite's project and helpers (make_test.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "fs.h"
#include "make_test.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "sumfile.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* --- a project ------------------------------------------------------------ */

/* The project directory alone: Makefile, models/, seeds/, justfile. */
void proj_files(struct proj *p)
{
	struct strbuf sb = STRBUF_INIT;
	char *tree = test_tree_dir(), *justfile;

	p->dir = test_mkdtemp();
	/* the project's own first target: what a bare `make` (or a sub-make without a goal) runs */
	strbuf_addf(&sb, "# the shop, using mig\nall:\n\t@echo 'building the shop'\n\ninclude %s/mk/mig.mk\n",
		    tree);
	test_write_in(p->dir, "Makefile", sb.buf);
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
	test_write_in(p->dir, "justfile", justfile);
	free(justfile);
	strbuf_release(&sb);
	free(tree);
}

void mproj_init(struct proj *p, const char *dbname)
{
	struct strbuf sb = STRBUF_INIT;

	memset(p, 0, sizeof(*p));
	proj_files(p);
	pgtest_create(&p->db, dbname);
	strbuf_addf(&sb, "DATABASE_URL=%s", p->db.url);
	p->url_env = strbuf_detach(&sb, NULL);
	p->bin_env = test_bin_env();
}

void mproj_release(struct proj *p)
{
	pgtest_drop(&p->db);
	test_rmtree(p->dir);
	free(p->dir);
	free(p->url_env);
	free(p->bin_env);
}

/* The environment of a run: clean, MIG_BIN, DATABASE_URL = p's database, then extra. */
const char **mproj_env(const struct proj *p, const char *const *extra)
{
	const char *ours[] = { p->bin_env, p->url_env, NULL };

	return test_clean_env(ours, extra);
}

/* Runs argv0 args... (NULL-terminated) in dir with p's environment and extra. */
static void vrun(struct run_result *r, const struct proj *p, const char *dir, const char *const *extra,
		 const char *const *first, va_list ap)
{
	const char *ours[] = { p->bin_env, p->url_env, NULL };

	test_vrun(r, dir, ours, extra, first, ap);
}

/* Runs argv in p's directory with mproj_env(p, extra). */
void vrun_argv(struct run_result *r, const struct proj *p, const char *const *extra,
		      const char *const *argv)
{
	const char **env = mproj_env(p, extra);

	run_argv(r, p->dir, env, argv);
	ck_assert_msg(r->status != 127, "%s could not be run (is it installed?)\n%s", argv[0], r->err);
	free(env);
}

/* `make -s --no-print-directory ARGS...` in p's directory. */
void mk(struct run_result *r, const struct proj *p, const char *const *extra, ...)
{
	static const char *const make[] = { "make", "-s", "--no-print-directory", NULL };
	va_list ap;

	va_start(ap, extra);
	vrun(r, p, p->dir, extra, make, ap);
	va_end(ap);
}

/* `just --justfile DIR/justfile --working-directory DIR ARGS...`, as a user in DIR would. */
void just(struct run_result *r, const struct proj *p, const char *const *extra, ...)
{
	char *justfile = test_path_in(p->dir, "justfile");
	const char *const argv[] = { "just", "--justfile", justfile, "--working-directory", p->dir, NULL };
	va_list ap;

	va_start(ap, extra);
	vrun(r, p, p->dir, extra, argv, ap);
	va_end(ap);
	free(justfile);
}

/* A tool of the tree under test, in p's directory (for what no target does: --rehash). */
void mtool(struct run_result *r, const struct proj *p, const char *name, ...)
{
	char *path = test_tool_path(name);
	const char *const argv[] = { path, NULL };
	va_list ap;

	va_start(ap, name);
	vrun(r, p, p->dir, NULL, argv, ap);
	va_end(ap);
	free(path);
}

/* A target that failed: make's status 2, and make saying which recipe failed with which status. */
void expect_make_failed(const struct run_result *r, const char *target, int recipe_status)
{
	struct strbuf want = STRBUF_INIT;

	ASSERT_EXIT(*r, 2);
	strbuf_addf(&want, ": %s] Error %d\n", target, recipe_status);
	ASSERT_CONTAINS(r->err, want.buf);
	strbuf_release(&want);
}

/* A target's usage line on stderr, and nothing else but make's own "*** ... Error 2" line. */
void expect_usage(const struct run_result *r, const char *target, const char *usage)
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
char *first_line(const char *text)
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
void rehash_sum_only(const struct proj *p)
{
	char *dir = test_path_in(p->dir, "migrations/pgsql");
	struct diag d = DIAG_INIT;

	ck_assert_msg(sumfile_write(dir, &d) == 0, "%s", d.message);
	diag_release(&d);
	free(dir);
}

/* Replaces the first `from` in p's file rel by `to`. */
void edit(const struct proj *p, const char *rel, const char *from, const char *to)
{
	char *text = test_read_in(p->dir, rel), *hit = strstr(text, from);
	struct strbuf sb = STRBUF_INIT;

	ck_assert_msg(hit != NULL, "%s has no \"%s\":\n%s", rel, from, text);
	strbuf_add(&sb, text, (size_t)(hit - text));
	strbuf_addstr(&sb, to);
	strbuf_addstr(&sb, hit + strlen(from));
	test_write_in(p->dir, rel, sb.buf);
	strbuf_release(&sb);
	free(text);
}

/* The line number of the first line of p's file rel that contains what. */
int line_of(const struct proj *p, const char *rel, const char *what)
{
	char *text = test_read_in(p->dir, rel), *hit = strstr(text, what);
	int line = 1;

	ck_assert_msg(hit != NULL, "%s has no \"%s\"", rel, what);
	for (const char *s = text; s < hit; s++)
		line += *s == '\n';
	free(text);
	return line;
}

/* --- what the database holds ----------------------------------------------- */

/* The columns of table t, "a,b,c" in order. */
void expect_columns(struct pgtest_db *db, const char *table, const char *want)
{
	struct strbuf sql = STRBUF_INIT;

	strbuf_addf(&sql, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
			  "information_schema.columns WHERE table_schema = 'public' AND table_name = '%s'", table);
	pgtest_expect_value(db, sql.buf, want);
	strbuf_release(&sql);
}

/* check-migrations creates its scratch database and drops it: none is left. */
void expect_no_scratch_database(struct proj *p)
{
	pgtest_expect_value(&p->db, "SELECT coalesce(string_agg(datname, ','), 'none') FROM pg_database "
			     "WHERE datname LIKE 'mig\\_check\\_%'", "none");
}

/* --- the shop: models and the revisions they give ------------------------- */

/* The shop's model: customer (with `customer_extra` columns), orders, and `more` tables. */
void write_models(const struct proj *p, const char *customer_extra, const char *more)
{
	struct strbuf xml = STRBUF_INIT;

	strbuf_addf(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			  "<models xmlns=\"urn:mig:model:1\">\n"
			  "  <table name=\"customer\" comment=\"Who buys\">\n%s%s%s  </table>\n%s%s</models>\n",
		    CUSTOMER_COLUMNS, customer_extra, CUSTOMER_KEYS, ORDERS, more);
	test_write_in(p->dir, "models/shop.xml", xml.buf);
	strbuf_release(&xml);
}

/* make db-migrate name=NAME at time `at`: the revision rev is written. */
void migrate(const struct proj *p, const char *name, const char *at, const char *rev)
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
void shop_chain(const struct proj *p)
{
	V1(p);
	migrate(p, "init", AT0, R_INIT);
	V2(p);
	migrate(p, "add phone", AT1, R_PHONE);
	V3(p);
	migrate(p, "products", AT2, R_PROD);
}

/* make TARGET [ARG], which must succeed; returns nothing, checks the status. */
void mk_ok(const struct proj *p, const char *const *extra, const char *target, const char *arg)
{
	struct run_result r;

	mk(&r, p, extra, target, arg, NULL);
	ASSERT_EXIT(r, 0);
	run_result_release(&r);
}

void two_heads(const struct proj *p)
{
	V1(p);
	migrate(p, "init", AT0, R_INIT);
	V2(p);
	migrate(p, "left", AT1, R_LEFT);
	test_move_in(p->dir, PGSQL R_LEFT ".sql", "left.sql");
	test_move_in(p->dir, "migrations/state/" R_LEFT ".xml", "left.xml");
	rehash_sum_only(p);
	write_models(p, "", PRODUCT);
	migrate(p, "right", AT2, R_RIGHT);
	test_move_in(p->dir, "left.sql", PGSQL R_LEFT ".sql");
	test_move_in(p->dir, "left.xml", "migrations/state/" R_LEFT ".xml");
	rehash_sum_only(p);
	V3(p);
}

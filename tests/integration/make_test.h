/*
 * The make suite's project (tests/integration/check_make*.c): a temporary
 * directory with a Makefile that includes the tree's mk/mig.mk, a small
 * shop model, seeds/, a copy of the justfile, and a database of its own on
 * the harness's PostgreSQL; make, just and the tools run there with
 * DATABASE_URL naming it and MIG_BIN naming the tools under test. Each
 * file of the suite adds its test cases with its make_add_*() function.
 *
 * Ownership: returned strings belong to the caller. Failures abort the test.
 */
#ifndef MIG_MAKE_TEST_H
#define MIG_MAKE_TEST_H

#include <check.h>
#include <stdbool.h>

#include "pgtest.h"
#include "testutil.h"

struct proj {
	char *dir;      /* the project directory (make's working directory) */
	struct pgtest_db db;
	char *url_env;  /* "DATABASE_URL=<the database's URL>" */
	char *bin_env;  /* "MIG_BIN=<the directory of the tools under test>" */
};


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

/* The project directory alone: Makefile, models/, seeds/, justfile. */
void proj_files(struct proj *p);
/* The project and its database. */
void mproj_init(struct proj *p, const char *dbname);
void mproj_release(struct proj *p);
/* The environment of a run: clean, MIG_BIN, DATABASE_URL = p's database, then extra (caller frees). */
const char **mproj_env(const struct proj *p, const char *const *extra);

/* Runs argv in p's directory with p's environment and extra. */
void vrun_argv(struct run_result *r, const struct proj *p, const char *const *extra, const char *const *argv);
/* `make -s --no-print-directory ARGS...` in p's directory. */
void mk(struct run_result *r, const struct proj *p, const char *const *extra, ...) __attribute__((sentinel));
/* `just --justfile DIR/justfile --working-directory DIR ARGS...`, as a user in DIR would. */
void just(struct run_result *r, const struct proj *p, const char *const *extra, ...) __attribute__((sentinel));
/* A tool of the tree under test, in p's directory (for what no target does: --rehash). */
void mtool(struct run_result *r, const struct proj *p, const char *name, ...) __attribute__((sentinel));
/* make TARGET [ARG], which must succeed. */
void mk_ok(const struct proj *p, const char *const *extra, const char *target, const char *arg);

/* A target that failed: make's status 2, and make saying which recipe failed with which status. */
void expect_make_failed(const struct run_result *r, const char *target, int recipe_status);
/* A target's usage line on stderr, and nothing else but make's own "*** ... Error 2" line. */
void expect_usage(const struct run_result *r, const char *target, const char *usage);
/* The first line of text, with its newline (caller frees). */
char *first_line(const char *text);

/*
 * The sum file rewritten for the files as they are, the recorded states
 * left alone: a hand edit whose effect is not recorded, the desync
 * check-migrations must catch (mig-gen --rehash records it).
 */
void rehash_sum_only(const struct proj *p);
/* Replaces the first `from` in p's file rel by `to`. */
void edit(const struct proj *p, const char *rel, const char *from, const char *to);
/* The line number of the first line of p's file rel that contains what. */
int line_of(const struct proj *p, const char *rel, const char *what);

/* The columns of table t, "a,b,c" in order. */
void expect_columns(struct pgtest_db *db, const char *table, const char *want);
/* check-migrations creates its scratch database and drops it: none is left. */
void expect_no_scratch_database(struct proj *p);

/* The shop's model: customer (with `customer_extra` columns), orders, and `more` tables. */
void write_models(const struct proj *p, const char *customer_extra, const char *more);
/* make db-migrate name=NAME at time `at`: the revision rev is written. */
void migrate(const struct proj *p, const char *name, const char *at, const char *rev);
/* The shop's three revisions, written (not applied): init, add_phone, products. */
void shop_chain(const struct proj *p);

#define R_LEFT "0002_20260101010000_left"
#define R_RIGHT "0002_20260101020000_right"
#define R_MERGE "0003_20260101030000_merge"

/*
 * Two branches, as after a git merge: init, then `left` (the phone column)
 * and `right` (the product table) each on top of init. The models hold both.
 */
void two_heads(const struct proj *p);

/* The test cases of each file of the suite. */
void make_add_core_tests(TCase *tc);
void make_add_fleet_tests(TCase *tc);
void make_add_just_tests(TCase *tc);
void make_add_hand_ddl_tests(TCase *tc);
void make_add_check_tests(TCase *tc);
void make_add_workflows_tests(TCase *tc);
void make_add_apps_tests(TCase *tc);

#endif

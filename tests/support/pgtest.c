#include "pgtest.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "inspect.h"
#include "migfile.h"
#include "model.h"
#include "strbuf.h"
#include "testutil.h"
#include "xalloc.h"

/* The harness URL with another database name. */
static char *url_for(const char *dbname)
{
	const char *base = test_pg_url();
	const char *slash = strrchr(base, '/');
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, base, (size_t)(slash + 1 - base));
	strbuf_addstr(&sb, dbname);
	return strbuf_detach(&sb, NULL);
}

static void connect_to(struct db_config *cfg, struct db *db, const char *url)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(config_resolve(cfg, url, NULL, &d) == 0, "%s", d.message);
	ck_assert_msg(db_open(db, cfg, "mig-tests", 0, &d) == 0, "%s", d.message);
	diag_release(&d);
}

static void admin(const char *sql)
{
	struct db_config cfg;
	struct db db;
	struct diag d = DIAG_INIT;

	connect_to(&cfg, &db, test_pg_url());
	ck_assert_msg(db_exec(&db, sql, NULL, &d) == 0, "%s: %s", sql, d.message);
	db_close(&db);
	config_release(&cfg);
	diag_release(&d);
}

void pgtest_create(struct pgtest_db *t, const char *name)
{
	struct strbuf sql = STRBUF_INIT;

	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->url = url_for(name);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS \"%s\"", name);
	admin(sql.buf);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "CREATE DATABASE \"%s\"", name);
	admin(sql.buf);
	strbuf_release(&sql);
	connect_to(&t->cfg, &t->db, t->url);
}

void pgtest_drop(struct pgtest_db *t)
{
	struct strbuf sql = STRBUF_INIT;

	db_close(&t->db);
	config_release(&t->cfg);
	strbuf_addf(&sql, "DROP DATABASE IF EXISTS \"%s\"", t->name);
	admin(sql.buf);
	strbuf_release(&sql);
	free(t->name);
	free(t->url);
}

void pgtest_exec(struct pgtest_db *t, const char *sql)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_exec(&t->db, sql, NULL, &d) == 0, "%s\n-- failed: %s%s%s", sql, d.message,
		      d.detail ? "\ndetail: " : "", d.detail ? d.detail : "");
	diag_release(&d);
}

char *pgtest_value(struct pgtest_db *t, const char *sql)
{
	struct db_result r;
	struct diag d = DIAG_INIT;
	char *v = NULL;

	ck_assert_msg(db_query(&t->db, sql, 0, NULL, &r, &d) == 0, "%s: %s", sql, d.message);
	if (r.nrows > 0 && db_value(&r, 0, 0))
		v = xstrdup(db_value(&r, 0, 0));
	db_result_release(&r);
	diag_release(&d);
	return v;
}

char *pgtest_rows(struct pgtest_db *t, const char *sql)
{
	struct db_result r;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;

	ck_assert_msg(db_query(&t->db, sql, 0, NULL, &r, &d) == 0, "%s: %s", sql, d.message);
	for (int i = 0; i < r.nrows; i++) {
		for (int c = 0; c < r.ncols; c++) {
			const char *v = db_value(&r, i, c);
			strbuf_addf(&out, "%s%s", c ? "|" : "", v ? v : "NULL");
		}
		strbuf_addch(&out, '\n');
	}
	db_result_release(&r);
	diag_release(&d);
	return strbuf_detach(&out, NULL);
}

void pgtest_apply(struct pgtest_db *t, const char *path, bool up)
{
	struct migfile mf;
	struct diag d = DIAG_INIT;

	ck_assert_msg(migfile_read(&mf, path, &d) == 0, "%s", d.message);
	ck_assert_msg(up || mf.down, "%s has no down section", path);
	pgtest_exec(t, up ? mf.up : mf.down);
	migfile_release(&mf);
	diag_release(&d);
}

void pgtest_inspect(struct pgtest_db *t, struct model *m)
{
	struct diag d = DIAG_INIT;
	struct strbuf warnings = STRBUF_INIT;

	model_init(m);
	ck_assert_msg(inspect_database(&t->db, NULL, 0, "", m, &warnings, &d) == 0, "inspect: %s",
		      d.message);
	strbuf_release(&warnings);
	diag_release(&d);
}

void pgtest_expect_value(struct pgtest_db *t, const char *sql, const char *want)
{
	char *got = pgtest_value(t, sql);

	ck_assert_msg(got && strcmp(got, want) == 0, "%s\n  gave \"%s\"\n  not  \"%s\"", sql,
		      got ? got : "(null)", want);
	free(got);
}

void pgtest_expect_rows(struct pgtest_db *t, const char *sql, const char *want)
{
	char *got = pgtest_rows(t, sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s\n  gave:\n%s  not:\n%s", sql, got, want);
	free(got);
}

void pgtest_expect_tables(struct pgtest_db *t, const char *want)
{
	pgtest_expect_value(t,
			    "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables "
			    "WHERE schemaname = 'public' AND tablename <> 'mig_history'",
			    want);
}

void pgtest_expect_history(struct pgtest_db *t, const char *want)
{
	char *exists = pgtest_value(t, "SELECT to_regclass('mig_history') IS NOT NULL");

	if (strcmp(exists, "t") == 0)
		pgtest_expect_value(t, "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM mig_history",
				    want);
	else
		ck_assert_msg(strcmp(want, "-") == 0, "there is no mig_history; expected %s", want);
	free(exists);
}

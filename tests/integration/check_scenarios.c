/*
 * Diff scenarios on a real PostgreSQL: tests/scenarios/<case>/ holds
 * before.xml (absent: an empty database) and after.xml, and optionally
 * args (mig-gen options for the second migration, one per line), seed.sql
 * (rows added once `before` is built) and verify.sql with verify.out (what
 * a query returns once `after` is reached), and setup.sql (PostgreSQL only:
 * runs on the empty database before `before` is built, for what lives
 * outside a database, such as the roles a model names as owners).
 *
 * For each case, with the real tools: mig-gen builds `before` from empty and
 * it is applied; the schema read back equals before.xml; seed.sql runs;
 * mig-gen writes the migration to after.xml; up gives a schema equal to
 * after.xml and verify.sql's rows; down gives before.xml again; up again
 * gives after.xml again; and mig-gen --check finds nothing left to do.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "fs.h"
#include "inspect.h"
#include "model.h"
#include "model_sqlite.h"
#include "model_xml.h"
#include "pgtest.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

static size_t list_cases(char ***out)
{
	char *base = test_path("tests/scenarios");
	size_t n = fs_list_dir(base, "", out);
	size_t kept = 0;
	const char *only = getenv("MIG_SCENARIO"); /* one case, while working on it */

	/* only directories: every case has an after.xml */
	for (size_t i = 0; i < n; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s/after.xml", base, (*out)[i]);
		if (test_file_exists(p.buf) && (!only || !*only || strcmp(only, (*out)[i]) == 0))
			(*out)[kept++] = (*out)[i];
		else
			free((*out)[i]);
		strbuf_release(&p);
	}
	free(base);
	return kept;
}

/* PostgreSQL knows nothing of SQLite's raw types and table options: leave them out of the comparison. */
static void pg_projection(struct model *m)
{
	model_retain_dialect_objects(m, "pgsql", false);
	for (size_t i = 0; i < m->nr_tables; i++) {
		m->tables[i]->sqlite_strict = m->tables[i]->sqlite_without_rowid = false;
		for (size_t k = 0; k < m->tables[i]->nr_columns; k++) {
			struct model_column *c = &m->tables[i]->columns[k];
			if (!c->extra->sqlite_type)
				continue;
			free(c->extra->sqlite_type);
			model_column_extra(c)->sqlite_type = NULL;
			model_column_extra_done(c);
		}
	}
}

static void load_expected(const char *file, bool for_pg, struct model *m)
{
	char *dir = test_mkdtemp(), *content;
	struct strbuf dst = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	model_init(m);
	if (file) {
		content = test_read_file(file);
		ck_assert_ptr_nonnull(content);
		strbuf_addf(&dst, "%s/m.xml", dir);
		test_write_file(dst.buf, content);
		free(content);
	}
	ck_assert_msg(model_xml_load_dir(m, dir, NULL, &d) == 0, "%s: %s", file, d.message);
	if (for_pg)
		pg_projection(m);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&dst);
	diag_release(&d);
}

static void assert_schema(struct pgtest_db *db, const char *expected_file, const char *when)
{
	struct model want, have;
	struct strbuf why = STRBUF_INIT;

	load_expected(expected_file, true, &want);
	pgtest_inspect(db, &have);
	ck_assert_msg(model_equal(&want, &have, &why) && model_equal(&have, &want, &why),
		      "%s: the database differs from %s: %s", when,
		      expected_file ? expected_file : "an empty model", why.buf);
	model_release(&want);
	model_release(&have);
	strbuf_release(&why);
}

/* Runs mig-gen in project dir for dialect; returns the (first) migration file it wrote (caller frees). */
static char *generate(const char *dir, const char *dialect, const char *ts, const char *name, const char *args_file)
{
	const char *argv[40];
	int n = 0;
	char *tool = test_tool_path("mig-gen"), *args = NULL, *written = NULL;
	struct run_result r;
	struct strbuf path = STRBUF_INIT, folder = STRBUF_INIT;

	strbuf_addf(&folder, "/%s/", dialect);
	argv[n++] = tool;
	argv[n++] = "--dialect";
	argv[n++] = dialect;
	argv[n++] = "--timestamp";
	argv[n++] = ts;
	argv[n++] = "--name";
	argv[n++] = name;
	if (args_file && (args = test_read_file(args_file)) != NULL) {
		for (char *p = args; *p && n < 36;) {
			char *nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (*p)
				argv[n++] = p;
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	argv[n] = NULL;
	run_argv(&r, dir, NULL, argv);
	ck_assert_msg(r.status == 0, "mig-gen (%s) exited %d: %s%s", name, r.status, r.out, r.err);
	for (char *line = r.out; *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		/* the first it wrote (--online may write two) */
		if (!written && strstr(line, folder.buf) && strstr(line, ".sql")) {
			strbuf_addf(&path, "%s/%s", dir, line);
			written = strbuf_detach(&path, NULL);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	ck_assert_msg(written != NULL, "mig-gen (%s) wrote no migration: %s", name, r.out);
	run_result_release(&r);
	free(args);
	free(tool);
	strbuf_release(&path);
	strbuf_release(&folder);
	return written;
}

static void copy_model(const char *from, const char *models_dir)
{
	struct strbuf dst = STRBUF_INIT;
	char *content;

	strbuf_addf(&dst, "%s/m.xml", models_dir);
	remove(dst.buf);
	if (from) {
		content = test_read_file(from);
		ck_assert_ptr_nonnull(content);
		test_write_file(dst.buf, content);
		free(content);
	}
	strbuf_release(&dst);
}

static char *case_file(const char *dir, const char *name)
{
	struct strbuf p = STRBUF_INIT;

	strbuf_addf(&p, "%s/%s", dir, name);
	if (!test_file_exists(p.buf)) {
		strbuf_release(&p);
		return NULL;
	}
	return strbuf_detach(&p, NULL);
}

START_TEST(test_scenario)
{
	char **cases;
	size_t nr = list_cases(&cases);
	struct strbuf cdir = STRBUF_INIT, models = STRBUF_INIT, dbname = STRBUF_INIT;
	char *proj = test_mkdtemp(), *before, *after, *args, *seed, *verify, *verify_out, *setup;
	char *m1 = NULL, *m2;
	struct pgtest_db db;
	struct run_result r;

	ck_assert_uint_lt((size_t)_i, nr);
	strbuf_addf(&cdir, "%s/tests/scenarios/%s", test_root(), cases[_i]);
	before = case_file(cdir.buf, "before.xml");
	after = case_file(cdir.buf, "after.xml");
	args = case_file(cdir.buf, "args");
	seed = case_file(cdir.buf, "seed.sql");
	verify = case_file(cdir.buf, "verify.sql");
	verify_out = case_file(cdir.buf, "verify.out");
	setup = case_file(cdir.buf, "setup.sql");
	strbuf_addf(&models, "%s/models", proj);
	ck_assert_int_eq(fs_mkdirs(models.buf, NULL), 0);
	strbuf_addf(&dbname, "mig_scenario_%d", _i);
	pgtest_create(&db, dbname.buf);
	if (setup) {
		char *sql = test_read_file(setup);
		pgtest_exec(&db, sql);
		free(sql);
		free(setup);
	}

	if (before) {
		copy_model(before, models.buf);
		m1 = generate(proj, "pgsql", "20260101000000", "before", NULL);
		pgtest_apply(&db, m1, true);
	}
	assert_schema(&db, before, "before");
	if (seed) {
		char *sql = test_read_file(seed);
		pgtest_exec(&db, sql);
		free(sql);
	}
	copy_model(after, models.buf);
	m2 = generate(proj, "pgsql", "20260101000001", "after", args);
	pgtest_apply(&db, m2, true);
	assert_schema(&db, after, "up");
	if (verify) {
		char *sql = test_read_file(verify), *want = test_read_file(verify_out);
		char *got = pgtest_rows(&db, sql);
		ck_assert_msg(strcmp(got, want) == 0, "%s: %s gave\n%s instead of\n%s", cases[_i], sql, got, want);
		free(sql);
		free(want);
		free(got);
	}
	pgtest_apply(&db, m2, false);
	assert_schema(&db, before, "down");
	pgtest_apply(&db, m2, true);
	assert_schema(&db, after, "up again");

	/* the recorded state matches the models: nothing left to generate */
	run_tool(&r, proj, NULL, "mig-gen", "--check", NULL);
	ck_assert_msg(r.status == 0 && strcmp(r.out, "no changes\n") == 0, "--check: %d %s%s", r.status,
		      r.out, r.err);
	run_result_release(&r);

	pgtest_drop(&db);
	test_rmtree(proj);
	free(proj);
	free(m1);
	free(m2);
	free(before);
	free(after);
	free(args);
	free(seed);
	free(verify);
	free(verify_out);
	strbuf_release(&cdir);
	strbuf_release(&models);
	strbuf_release(&dbname);
	fs_free_list(cases, nr);
}
END_TEST

/* --- SQLite ------------------------------------------------------------------
 *
 * The same cases on SQLite, through the real tools: mig-gen --dialect
 * sqlite, mig-apply up, down (--to -1) and up again on a database file,
 * the schema read back compared with the model as SQLite keeps it
 * (model_sqlite_normalize(): no comments, enums as checks, ...). A case may
 * hold seed.sqlite.sql, verify.sqlite.sql and verify.sqlite.out where
 * SQLite's SQL or output differs from PostgreSQL's. A case that SQLite
 * cannot express (pgsql-only: the reason, then the message mig-gen gives)
 * must be refused by mig-gen with that message.
 */

struct sqlite_case {
	const char *name;
	char *proj, *url_env;
	struct db_config cfg;
};

static void sqlite_expected(const char *file, struct model *m)
{
	load_expected(file, false, m);
	model_sqlite_normalize(m);
}

/* A connection of its own for each look: it attaches the schema files there are now. */
static void sqlite_open(struct sqlite_case *sc, struct db *db)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_open(db, &sc->cfg, NULL, 0, &d) == 0, "%s: %s", sc->name, d.message);
	diag_release(&d);
}

static void sqlite_assert_schema(struct sqlite_case *sc, const char *expected_file, const char *when)
{
	struct model want, have;
	struct strbuf why = STRBUF_INIT, warnings = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct db db;

	sqlite_expected(expected_file, &want);
	sqlite_open(sc, &db);
	model_init(&have);
	ck_assert_msg(inspect_database(&db, NULL, 0, "", &have, &warnings, &d) == 0, "%s: inspect: %s", sc->name,
		      d.message);
	db_close(&db);
	ck_assert_msg(warnings.len == 0, "%s: %s: inspecting warned: %s", sc->name, when, warnings.buf);
	model_sqlite_normalize(&have);
	ck_assert_msg(model_equal(&want, &have, &why) && model_equal(&have, &want, &why),
		      "%s: %s: the SQLite database differs from %s: %s", sc->name, when,
		      expected_file ? expected_file : "an empty model", why.buf);
	model_release(&want);
	model_release(&have);
	strbuf_release(&why);
	strbuf_release(&warnings);
	diag_release(&d);
}

/* mig-apply on the case's database: target NULL is head. */
static void sqlite_apply(struct sqlite_case *sc, const char *target, const char *when)
{
	const char *env[] = { sc->url_env, NULL };
	struct run_result r;

	if (target)
		run_tool(&r, sc->proj, env, "mig-apply", "--to", target, NULL);
	else
		run_tool(&r, sc->proj, env, "mig-apply", NULL);
	ck_assert_msg(r.status == 0, "%s: %s: mig-apply exited %d: %s%s", sc->name, when, r.status, r.out, r.err);
	run_result_release(&r);
}

/* The SQLite variant of a case file when there is one. */
static char *sqlite_case_file(const char *dir, const char *name, const char *sqlite_name)
{
	char *f = case_file(dir, sqlite_name);

	return f ? f : case_file(dir, name);
}

/* pgsql-only: line 1 the reason, line 2 what mig-gen --dialect sqlite says. */
static void sqlite_refused(struct sqlite_case *sc, const char *models, const char *before, const char *after,
			   const char *marker)
{
	char *text = test_read_file(marker), *nl = strchr(text, '\n'), *want, *tool = test_tool_path("mig-gen");
	const char *argv[] = { tool, "--dialect", "sqlite", "--name", "x", NULL };
	struct run_result r;

	ck_assert_msg(nl && nl[1], "%s: line 2 must say what mig-gen gives", marker);
	want = nl + 1;
	want[strcspn(want, "\n")] = '\0';
	/* the model SQLite refuses is `after` (or `before` when that one already is) */
	copy_model(before ? before : after, models);
	run_argv(&r, sc->proj, NULL, argv);
	if (r.status == 0) {
		run_result_release(&r);
		copy_model(after, models);
		run_argv(&r, sc->proj, NULL, argv);
	}
	ck_assert_msg(r.status == 2 && strstr(r.err, want), "%s: mig-gen --dialect sqlite exited %d, wanted 2 "
		      "and \"%s\":\n%s%s", sc->name, r.status, want, r.out, r.err);
	run_result_release(&r);
	free(text);
	free(tool);
}

START_TEST(test_scenario_sqlite)
{
	char **cases;
	size_t nr = list_cases(&cases);
	struct strbuf cdir = STRBUF_INIT, models = STRBUF_INIT, url = STRBUF_INIT;
	char *before, *after, *args, *seed, *verify, *verify_out, *pg_only;
	char *m1 = NULL, *m2 = NULL;
	struct sqlite_case sc = { 0 };
	struct run_result r;
	struct diag d = DIAG_INIT;

	ck_assert_uint_lt((size_t)_i, nr);
	sc.name = cases[_i];
	sc.proj = test_mkdtemp();
	strbuf_addf(&cdir, "%s/tests/scenarios/%s", test_root(), cases[_i]);
	before = case_file(cdir.buf, "before.xml");
	after = case_file(cdir.buf, "after.xml");
	args = case_file(cdir.buf, "args");
	seed = sqlite_case_file(cdir.buf, "seed.sql", "seed.sqlite.sql");
	verify = sqlite_case_file(cdir.buf, "verify.sql", "verify.sqlite.sql");
	verify_out = sqlite_case_file(cdir.buf, "verify.out", "verify.sqlite.out");
	pg_only = case_file(cdir.buf, "pgsql-only");
	strbuf_addf(&models, "%s/models", sc.proj);
	ck_assert_int_eq(fs_mkdirs(models.buf, NULL), 0);
	strbuf_addf(&url, "DATABASE_URL=sqlite:%s/db.sqlite3", sc.proj);
	sc.url_env = url.buf;
	ck_assert_msg(config_resolve(&sc.cfg, url.buf + strlen("DATABASE_URL="), NULL, &d) == 0, "%s", d.message);

	if (pg_only) {
		sqlite_refused(&sc, models.buf, before, after, pg_only);
		goto out;
	}
	if (before) {
		copy_model(before, models.buf);
		m1 = generate(sc.proj, "sqlite", "20260101000000", "before", NULL);
		sqlite_apply(&sc, NULL, "before");
	}
	sqlite_assert_schema(&sc, before, "before");
	if (seed) {
		char *sql = test_read_file(seed);
		struct db db;
		struct db_error err;
		sqlite_open(&sc, &db);
		ck_assert_msg(db_exec(&db, sql, &err, &d) == 0, "%s: %s: %s", sc.name, seed, d.message);
		db_close(&db);
		free(sql);
	}
	copy_model(after, models.buf);
	m2 = generate(sc.proj, "sqlite", "20260101000001", "after", args);
	sqlite_apply(&sc, NULL, "up");
	sqlite_assert_schema(&sc, after, "up");
	if (verify) {
		char *sql = test_read_file(verify), *want = test_read_file(verify_out);
		struct strbuf got = STRBUF_INIT;
		struct db_result res;
		struct db db;
		sqlite_open(&sc, &db);
		ck_assert_msg(db_query(&db, sql, 0, NULL, &res, &d) == 0, "%s: %s: %s", sc.name, verify, d.message);
		for (int i = 0; i < res.nrows; i++) {
			for (int c = 0; c < res.ncols; c++)
				strbuf_addf(&got, "%s%s", c ? "|" : "", db_value(&res, i, c) ? db_value(&res, i, c) : "NULL");
			strbuf_addch(&got, '\n');
		}
		db_result_release(&res);
		db_close(&db);
		ck_assert_msg(strcmp(got.buf, want) == 0, "%s: %s gave\n%s instead of\n%s", sc.name, sql, got.buf, want);
		strbuf_release(&got);
		free(sql);
		free(want);
	}
	sqlite_apply(&sc, "-1", "down");
	sqlite_assert_schema(&sc, before, "down");
	sqlite_apply(&sc, NULL, "up again");
	sqlite_assert_schema(&sc, after, "up again");

	run_tool(&r, sc.proj, NULL, "mig-gen", "--dialect", "sqlite", "--check", NULL);
	ck_assert_msg(r.status == 0 && strcmp(r.out, "no changes\n") == 0, "--check: %d %s%s", r.status,
		      r.out, r.err);
	run_result_release(&r);
out:
	config_release(&sc.cfg);
	test_rmtree(sc.proj);
	free(sc.proj);
	free(m1);
	free(m2);
	free(before);
	free(after);
	free(args);
	free(seed);
	free(verify);
	free(verify_out);
	free(pg_only);
	diag_release(&d);
	strbuf_release(&cdir);
	strbuf_release(&models);
	strbuf_release(&url);
	fs_free_list(cases, nr);
}
END_TEST

/* --- the online plan (mig-gen --online) ------------------------------------
 *
 * The same cases on PostgreSQL with the second migration written --online
 * (one migration, or two: the second outside a transaction), applied,
 * undone and applied again by mig-apply itself (a transaction-off migration
 * runs statement by statement): the schema equal to after.xml and back to
 * before.xml each time.
 */

static void online_apply(const char *proj, struct pgtest_db *db, const char *target, const char *name,
			 const char *when)
{
	struct strbuf url = STRBUF_INIT;
	const char *env[2];
	struct run_result r;

	strbuf_addf(&url, "DATABASE_URL=%s", db->url);
	env[0] = url.buf;
	env[1] = NULL;
	if (target)
		run_tool(&r, proj, env, "mig-apply", "--to", target, NULL);
	else
		run_tool(&r, proj, env, "mig-apply", NULL);
	ck_assert_msg(r.status == 0, "%s: %s: mig-apply exited %d: %s%s", name, when, r.status, r.out, r.err);
	run_result_release(&r);
	strbuf_release(&url);
}

START_TEST(test_scenario_online)
{
	char **cases;
	size_t nr = list_cases(&cases);
	struct strbuf cdir = STRBUF_INIT, models = STRBUF_INIT, dbname = STRBUF_INIT, args = STRBUF_INIT;
	struct strbuf argfile_online = STRBUF_INIT;
	char *proj = test_mkdtemp(), *before, *after, *case_args, *seed, *setup, *m1, *m2;
	const char *base;
	struct pgtest_db db;
	struct run_result r;

	ck_assert_uint_lt((size_t)_i, nr);
	strbuf_addf(&cdir, "%s/tests/scenarios/%s", test_root(), cases[_i]);
	before = case_file(cdir.buf, "before.xml");
	after = case_file(cdir.buf, "after.xml");
	case_args = case_file(cdir.buf, "args");
	seed = case_file(cdir.buf, "seed.sql");
	setup = case_file(cdir.buf, "setup.sql");
	/* the case's own options, then --online */
	if (case_args) {
		char *text = test_read_file(case_args);
		strbuf_addstr(&args, text);
		if (args.len && args.buf[args.len - 1] != '\n')
			strbuf_addch(&args, '\n');
		free(text);
	}
	strbuf_addstr(&args, "--online\n");
	test_write_in(proj, "online-args", args.buf);
	/* the project is online from its first migration */
	test_write_in(proj, "online-only", "--online\n");
	strbuf_addf(&argfile_online, "%s/online-only", proj);
	strbuf_addf(&models, "%s/models", proj);
	ck_assert_int_eq(fs_mkdirs(models.buf, NULL), 0);
	strbuf_addf(&dbname, "mig_online_%d", _i);
	pgtest_create(&db, dbname.buf);
	if (setup) {
		char *sql = test_read_file(setup);
		pgtest_exec(&db, sql);
		free(sql);
		free(setup);
	}
	m1 = NULL;
	base = "base";
	if (before) {
		copy_model(before, models.buf);
		m1 = generate(proj, "pgsql", "20260101000000", "before", argfile_online.buf);
		online_apply(proj, &db, NULL, cases[_i], "before");
		base = "0001_20260101000000_before";
	}
	assert_schema(&db, before, "before");
	if (seed) {
		char *sql = test_read_file(seed);
		pgtest_exec(&db, sql);
		free(sql);
	}
	copy_model(after, models.buf);
	{
		struct strbuf argfile = STRBUF_INIT;
		strbuf_addf(&argfile, "%s/online-args", proj);
		m2 = generate(proj, "pgsql", "20260101000001", "after", argfile.buf);
		strbuf_release(&argfile);
	}
	/* what the online plan cannot make safe is acknowledged in the file: it lints clean */
	run_tool(&r, proj, NULL, "mig-lint", "migrations/pgsql", NULL);
	ck_assert_msg(r.status == 0, "%s: mig-lint exited %d:\n%s%s", cases[_i], r.status, r.out, r.err);
	run_result_release(&r);
	online_apply(proj, &db, NULL, cases[_i], "up");
	assert_schema(&db, after, "up");
	online_apply(proj, &db, base, cases[_i], "down");
	assert_schema(&db, before, "down");
	online_apply(proj, &db, NULL, cases[_i], "up again");
	assert_schema(&db, after, "up again");

	run_tool(&r, proj, NULL, "mig-gen", "--check", NULL);
	ck_assert_msg(r.status == 0 && strcmp(r.out, "no changes\n") == 0, "--check: %d %s%s", r.status,
		      r.out, r.err);
	run_result_release(&r);

	pgtest_drop(&db);
	test_rmtree(proj);
	free(proj);
	free(m1);
	free(m2);
	free(before);
	free(after);
	free(case_args);
	free(seed);
	strbuf_release(&cdir);
	strbuf_release(&models);
	strbuf_release(&dbname);
	strbuf_release(&args);
	strbuf_release(&argfile_online);
	fs_free_list(cases, nr);
}
END_TEST

Suite *scenarios_suite(void)
{
	Suite *s = suite_create("scenarios");
	TCase *tc = tcase_create("pgsql");
	char **cases;
	size_t nr = list_cases(&cases);

	fs_free_list(cases, nr);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_scenario, 0, nr ? (int)nr : 1);
	suite_add_tcase(s, tc);
	tc = tcase_create("sqlite");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_scenario_sqlite, 0, nr ? (int)nr : 1);
	suite_add_tcase(s, tc);
	tc = tcase_create("online");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_scenario_online, 0, nr ? (int)nr : 1);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Diff scenarios on a real PostgreSQL: tests/scenarios/<case>/ holds
 * before.xml (absent: an empty database) and after.xml, and optionally
 * args (mig-gen options for the second migration, one per line), seed.sql
 * (rows added once `before` is built) and verify.sql with verify.out (what
 * a query returns once `after` is reached).
 *
 * For each case, with the real tools: mig-gen builds `before` from empty and
 * it is applied; the schema read back equals before.xml; seed.sql runs;
 * mig-gen writes the migration to after.xml; up gives a schema equal to
 * after.xml and verify.sql's rows; down gives before.xml again; up again
 * gives after.xml again; and mig-gen --check finds nothing left to do.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsutil.h"
#include "model.h"
#include "model_xml.h"
#include "pgtest.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

static size_t list_cases(char ***out)
{
	char *base = test_path("tests/scenarios");
	size_t n = fs_list_dir(base, "", out);
	size_t kept = 0;

	/* only directories: every case has an after.xml */
	for (size_t i = 0; i < n; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s/after.xml", base, (*out)[i]);
		if (test_file_exists(p.buf))
			(*out)[kept++] = (*out)[i];
		else
			free((*out)[i]);
		strbuf_release(&p);
	}
	free(base);
	return kept;
}

/* PostgreSQL knows nothing of SQLite's raw types: leave them out of the comparison. */
static void pg_projection(struct model *m)
{
	for (size_t i = 0; i < m->nr_tables; i++) {
		for (size_t k = 0; k < m->tables[i]->nr_columns; k++) {
			free(m->tables[i]->columns[k].sqlite_type);
			m->tables[i]->columns[k].sqlite_type = NULL;
		}
	}
}

static void load_expected(const char *file, struct model *m)
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

	load_expected(expected_file, &want);
	pgtest_inspect(db, &have);
	ck_assert_msg(model_equal(&want, &have, &why) && model_equal(&have, &want, &why),
		      "%s: the database differs from %s: %s", when,
		      expected_file ? expected_file : "an empty model", why.buf);
	model_release(&want);
	model_release(&have);
	strbuf_release(&why);
}

/* Runs mig-gen in project dir; returns the one migration file it wrote (caller frees). */
static char *generate(const char *dir, const char *ts, const char *name, const char *args_file)
{
	const char *argv[40];
	int n = 0;
	char *tool = test_tool_path("mig-gen"), *args = NULL, *written = NULL;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;

	argv[n++] = tool;
	argv[n++] = "--dialect";
	argv[n++] = "pgsql";
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
		if (strstr(line, "/pgsql/") && strstr(line, ".sql")) {
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
	char *proj = test_mkdtemp(), *before, *after, *args, *seed, *verify, *verify_out;
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
	strbuf_addf(&models, "%s/models", proj);
	ck_assert_int_eq(fs_mkdirs(models.buf, NULL), 0);
	strbuf_addf(&dbname, "mig_scenario_%d", _i);
	pgtest_create(&db, dbname.buf);

	if (before) {
		copy_model(before, models.buf);
		m1 = generate(proj, "20260101000000", "before", NULL);
		pgtest_apply(&db, m1, true);
	}
	assert_schema(&db, before, "before");
	if (seed) {
		char *sql = test_read_file(seed);
		pgtest_exec(&db, sql);
		free(sql);
	}
	copy_model(after, models.buf);
	m2 = generate(proj, "20260101000001", "after", args);
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
	return s;
}

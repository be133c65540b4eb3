/*
 * Model files: the canonical round trip (parse, write, parse, write gives the
 * same model and the same bytes) over models/ and tests/good-models/, and the
 * bad-input corpus tests/bad-models/, each case with its exact message.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* Writes each app of m as its own file in dir; returns the bytes per app. */
static void write_apps(const struct model *m, const char *dir, struct strbuf *all)
{
	struct strbuf apps = STRBUF_INIT;
	char *list, *save = NULL;

	model_list_apps(m, &apps);
	list = strbuf_detach(&apps, NULL);
	for (char *app = strtok_r(list, ", ", &save); app; app = strtok_r(NULL, ", ", &save)) {
		struct strbuf doc = STRBUF_INIT, path = STRBUF_INIT;
		model_xml_write(m, app, &doc);
		strbuf_addf(&path, "%s/%s.xml", dir, app);
		test_write_file(path.buf, doc.buf);
		strbuf_addf(all, "== %s\n%s", app, doc.buf);
		strbuf_release(&doc);
		strbuf_release(&path);
	}
	free(list);
}

/* parse -> write -> parse -> write: same model, same bytes. */
static void assert_round_trip(const char *dir)
{
	struct model m1 = MODEL_INIT, m2 = MODEL_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf w1 = STRBUF_INIT, w2 = STRBUF_INIT, why = STRBUF_INIT;
	char *t1 = test_mkdtemp(), *t2 = test_mkdtemp();

	model_init(&m1);
	model_init(&m2);
	ck_assert_msg(model_xml_load_dir(&m1, dir, NULL, &d) == 0, "%s: %s:%d: %s", dir,
		      d.file, d.line, d.message);
	write_apps(&m1, t1, &w1);
	ck_assert_msg(model_xml_load_dir(&m2, t1, NULL, &d) == 0, "re-reading %s: %s:%d: %s", dir,
		      d.file, d.line, d.message);
	ck_assert_msg(model_equal(&m1, &m2, &why), "%s: the model changed: %s", dir, why.buf);
	ck_assert_msg(model_equal(&m2, &m1, &why), "%s: the model changed: %s", dir, why.buf);
	write_apps(&m2, t2, &w2);
	ck_assert_msg(strcmp(w1.buf, w2.buf) == 0, "%s: the second write differs:\n%s\n---\n%s",
		      dir, w1.buf, w2.buf);
	test_rmtree(t1);
	test_rmtree(t2);
	free(t1);
	free(t2);
	model_release(&m1);
	model_release(&m2);
	strbuf_release(&w1);
	strbuf_release(&w2);
	strbuf_release(&why);
	diag_release(&d);
}

START_TEST(test_example_models_round_trip)
{
	char *dir = test_path("models");

	assert_round_trip(dir);
	free(dir);
}
END_TEST

/*
 * Each file of models/ on its own: parse, write, parse, write gives the same
 * model and the same bytes, and the same document as within the whole set.
 */
START_TEST(test_each_model_file_round_trips_alone)
{
	char *base = test_path("models");
	char **files;
	size_t nr = fs_list_dir(base, ".xml", &files);

	ck_assert_uint_ge(nr, 5);
	for (size_t i = 0; i < nr; i++) {
		struct strbuf src = STRBUF_INIT, dst = STRBUF_INIT;
		char *dir = test_mkdtemp(), *content;

		strbuf_addf(&src, "%s/%s", base, files[i]);
		strbuf_addf(&dst, "%s/%s", dir, files[i]);
		content = test_read_file(src.buf);
		ck_assert_ptr_nonnull(content);
		test_write_file(dst.buf, content);
		assert_round_trip(dir);
		test_rmtree(dir);
		free(dir);
		free(content);
		strbuf_release(&src);
		strbuf_release(&dst);
	}
	fs_free_list(files, nr);
	free(base);
}
END_TEST

/* The same model written twice gives the same bytes. */
START_TEST(test_writing_is_deterministic)
{
	char *dir = test_path("models");
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	model_init(&m);
	ck_assert_int_eq(model_xml_load_dir(&m, dir, NULL, &d), 0);
	model_xml_write(&m, NULL, &a);
	model_xml_write(&m, NULL, &b);
	ck_assert_str_eq(a.buf, b.buf);
	model_release(&m);
	strbuf_release(&a);
	strbuf_release(&b);
	free(dir);
}
END_TEST

START_TEST(test_good_models_round_trip)
{
	char *base = test_path("tests/good-models");
	char **cases;
	size_t nr = fs_list_subdirs(base, &cases);
	struct strbuf dir = STRBUF_INIT;

	ck_assert_uint_gt(nr, 0);
	ck_assert_uint_lt((size_t)_i, nr);
	strbuf_addf(&dir, "%s/%s", base, cases[_i]);
	assert_round_trip(dir.buf);
	strbuf_release(&dir);
	fs_free_list(cases, nr);
	free(base);
}
END_TEST

/*
 * Every directory of tests/bad-models/ holds model files and expected.err,
 * the exact message ("FILE:LINE: message", FILE relative to the tree).
 */
START_TEST(test_bad_models)
{
	char *base = test_path("tests/bad-models");
	char **cases;
	size_t nr = fs_list_subdirs(base, &cases);
	struct strbuf dir = STRBUF_INIT, rel = STRBUF_INIT, expfile = STRBUF_INIT, got = STRBUF_INIT;
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	char *expected, *cwd_root = xstrdup(test_root());

	ck_assert_uint_lt((size_t)_i, nr);
	strbuf_addf(&rel, "tests/bad-models/%s", cases[_i]);
	strbuf_addf(&dir, "%s/%s", base, cases[_i]);
	strbuf_addf(&expfile, "%s/expected.err", dir.buf);
	expected = test_read_file(expfile.buf);
	ck_assert_msg(expected != NULL, "%s has no expected.err", rel.buf);

	/* Load with the path relative to the tree, as a user in the tree would. */
	ck_assert_int_eq(chdir(cwd_root), 0);
	model_init(&m);
	ck_assert_msg(model_xml_load_dir(&m, rel.buf, NULL, &d) == -1,
		      "%s: the model was accepted", rel.buf);
	diag_format(&d, "", &got);
	ck_assert_msg(strcmp(got.buf, expected) == 0, "%s:\n  expected: %s  got:      %s",
		      rel.buf, expected, got.buf);

	model_release(&m);
	diag_release(&d);
	free(expected);
	free(cwd_root);
	strbuf_release(&dir);
	strbuf_release(&rel);
	strbuf_release(&expfile);
	strbuf_release(&got);
	fs_free_list(cases, nr);
	free(base);
}
END_TEST

static size_t count_cases(const char *rel)
{
	char *base = test_path(rel);
	char **cases;
	size_t nr = fs_list_subdirs(base, &cases);

	fs_free_list(cases, nr);
	free(base);
	return nr;
}

Suite *model_xml_suite(void)
{
	Suite *s = suite_create("model_xml");
	TCase *tc = tcase_create("round_trip");

	tcase_add_test(tc, test_example_models_round_trip);
	tcase_add_test(tc, test_each_model_file_round_trips_alone);
	tcase_add_test(tc, test_writing_is_deterministic);
	tcase_add_loop_test(tc, test_good_models_round_trip, 0, (int)count_cases("tests/good-models") ?: 1);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_input");
	/* At least one iteration, so that a missing corpus fails instead of passing. */
	tcase_add_loop_test(tc, test_bad_models, 0, (int)count_cases("tests/bad-models") ?: 1);
	suite_add_tcase(s, tc);
	return s;
}

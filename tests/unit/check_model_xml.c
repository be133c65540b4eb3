/*
 * Model files: the canonical round trip (parse, write, parse, write gives the
 * same model and the same bytes) over models/ and tests/good-models/, and the
 * bad-input corpus tests/bad-models/, each case with its exact message.
 */
#include <dirent.h>
#include <stdarg.h>
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

/* --- the reader streams: files of many chunks ------------------------------ */

/*
 * A model of n tables (about 1 kB each); extra, when non-NULL, goes in as
 * the root's last child; pad bytes of comment before the tables.
 */
static void big_model(struct strbuf *out, int n, size_t pad, const char *extra)
{
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<models xmlns=\"urn:mig:model:1\">\n");
	if (pad) {
		strbuf_addstr(out, "<!--");
		for (size_t i = 0; i < pad; i++)
			strbuf_addch(out, 'x');
		strbuf_addstr(out, "-->\n");
	}
	for (int t = 0; t < n; t++) {
		strbuf_addf(out, "  <table name=\"t%05d\">\n    <column name=\"id\" type=\"bigint\" nullable=\"false\"/>\n", t);
		for (int c = 0; c < 12; c++)
			strbuf_addf(out, "    <column name=\"c%02d\" type=\"text\"/>\n", c);
		strbuf_addf(out, "    <primary-key columns=\"id\"/>\n  </table>\n");
	}
	if (extra)
		strbuf_addstr(out, extra);
	strbuf_addstr(out, "</models>\n");
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, f);
	strbuf_vaddf(&sb, f, ap);
	va_end(ap);
	return strbuf_detach(&sb, NULL);
}

/* Loads text as dir/m.xml (one file): 0, or -1 with the message in got. */
static int load_text(const char *text, struct model *m, struct strbuf *got)
{
	char *dir = test_mkdtemp();
	struct strbuf path = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	int r;

	strbuf_addf(&path, "%s/m.xml", dir);
	test_write_file(path.buf, text);
	model_init(m);
	r = model_xml_load_dir(m, dir, NULL, &d);
	if (r < 0) {
		diag_format(&d, "", got);
		/* the file's folder is a new one each time: the message from the file name on */
		if (strstr(got->buf, "/m.xml")) {
			char *rest = xstrdup(strstr(got->buf, "/m.xml") + 1);
			strbuf_reset(got);
			strbuf_addstr(got, rest);
			free(rest);
		}
	}
	diag_release(&d);
	strbuf_release(&path);
	free(dir);
	return r;
}

static void text_sink(void *ctx, const char *data, size_t len)
{
	strbuf_add(ctx, data, len);
}

/* model_xml_write_objects_to() of the model text loads as */
static void objects_text(const char *text, struct strbuf *out)
{
	struct model m;
	struct strbuf err = STRBUF_INIT;

	ck_assert_msg(load_text(text, &m, &err) == 0, "%s", err.buf);
	model_xml_write_objects_to(&m, text_sink, out);
	model_release(&m);
	strbuf_release(&err);
}

#define OBJ_HEAD "<?xml version=\"1.0\"?>\n<models xmlns=\"urn:mig:model:1\" app=\"%s\">\n"
#define OBJ_ITEM "<table name=\"items\"><column name=\"id\" type=\"bigint\" nullable=\"false\"/>" \
	"<column name=\"%s\" type=\"text\"/><column name=\"%s\" type=\"text\"/><primary-key columns=\"id\"/>" \
	"<unique name=\"%s\" columns=\"%s\"/><unique name=\"%s\" columns=\"%s\"/></table>\n"
#define OBJ_USER "<table name=\"users\"><column name=\"id\" type=\"bigint\" nullable=\"false\"/>" \
	"<primary-key columns=\"id\"/></table>\n"

/*
 * mig-check compares digests of this text (migcheck.c): models equal by
 * model_equal() (which finds tables, columns and constraints by name) in
 * another order, or of another app, write the same; a change writes another.
 */
START_TEST(test_objects_text_is_by_name)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	char *ta = fmt(OBJ_HEAD OBJ_ITEM OBJ_USER "</models>\n", "shop", "b", "a", "items_b_key", "b", "items_a_key", "a");
	char *tb = fmt(OBJ_HEAD OBJ_USER OBJ_ITEM "</models>\n", "other", "a", "b", "items_a_key", "a", "items_b_key", "b");
	char *tc = fmt(OBJ_HEAD OBJ_USER OBJ_ITEM "</models>\n", "other", "a", "b", "items_a_key", "a", "items_b_key", "a");

	objects_text(ta, &a);
	objects_text(tb, &b);
	objects_text(tc, &c);
	ck_assert_str_eq(a.buf, b.buf);
	ck_assert_ptr_null(strstr(a.buf, "app="));
	/* users after items, a before b: name order */
	ck_assert_ptr_nonnull(strstr(a.buf, "name=\"items\""));
	ck_assert(strstr(a.buf, "name=\"items\"") < strstr(a.buf, "name=\"users\""));
	ck_assert(strstr(a.buf, "<column name=\"a\"") < strstr(a.buf, "<column name=\"b\""));
	ck_assert(strstr(a.buf, "items_a_key") < strstr(a.buf, "items_b_key"));
	/* the unique key items_b_key on column a instead of b: another text */
	ck_assert_str_ne(a.buf, c.buf);
	free(ta);
	free(tb);
	free(tc);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}
END_TEST

/* A model of one table "t" with a column of enum type schema.name, inheriting from parent (schema, name) if given. */
static void enum_column_model(struct model *m, const char *schema, const char *name, const char *parent_schema,
			      const char *parent, const char *renamed_from)
{
	struct model_table *t;
	struct model_column *c;

	model_init(m);
	t = model_add_table(m);
	t->name = xstrdup("t");
	t->schema = xstrdup("");
	t->app = xstrdup("");
	c = model_table_add_column(m, t, "e");
	c->type.kind = TYPE_ENUM;
	c->type.enum_schema = xstrdup(schema);
	c->type.enum_name = xstrdup(name);
	if (renamed_from)
		model_column_extra(c)->renamed_from = xstrdup(renamed_from);
	if (parent) {
		ALLOC_GROW(t->inherits, t->nr_inherits + 1, t->alloc_inherits);
		t->inherits[t->nr_inherits].schema = xstrdup(parent_schema);
		t->inherits[t->nr_inherits++].name = xstrdup(parent);
	}
}

static void objects_text_of(const struct model *m, struct strbuf *out)
{
	strbuf_reset(out);
	model_xml_write_objects_to(m, text_sink, out);
}

/*
 * Equal texts must be equal models (mig-check passes a replay on it):
 * names with dots are quoted in enum types and table references, and what
 * model_equal() does not compare (a previous name) is left out.
 */
START_TEST(test_objects_text_tells_names_apart)
{
	struct model a, b;
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;

	enum_column_model(&a, "a.b", "c", NULL, NULL, NULL);
	enum_column_model(&b, "a", "b.c", NULL, NULL, NULL);
	objects_text_of(&a, &ta);
	objects_text_of(&b, &tb);
	ck_assert(!model_equal(&a, &b, NULL));
	ck_assert_str_ne(ta.buf, tb.buf);
	ck_assert_ptr_nonnull(strstr(ta.buf, "type=\"&quot;a.b&quot;.c\""));
	model_release(&a);
	model_release(&b);

	enum_column_model(&a, "", "c", "a.b", "p", NULL);
	enum_column_model(&b, "", "c", "a", "b.p", NULL);
	objects_text_of(&a, &ta);
	objects_text_of(&b, &tb);
	ck_assert(!model_equal(&a, &b, NULL));
	ck_assert_str_ne(ta.buf, tb.buf);
	model_release(&a);
	model_release(&b);

	/* a previous name is history, not schema: the same text, as model_equal() says */
	enum_column_model(&a, "", "c", NULL, NULL, "old_e");
	enum_column_model(&b, "", "c", NULL, NULL, NULL);
	objects_text_of(&a, &ta);
	objects_text_of(&b, &tb);
	ck_assert(model_equal(&a, &b, NULL) && model_equal(&b, &a, NULL));
	ck_assert_str_eq(ta.buf, tb.buf);
	model_release(&a);
	model_release(&b);
	strbuf_release(&ta);
	strbuf_release(&tb);
}
END_TEST

/* A table named with a dot, inherited from: the reference is written quoted and reads back as that table. */
START_TEST(test_dotted_table_reference_round_trips)
{
	const char *text = "<?xml version=\"1.0\"?>\n<models xmlns=\"urn:mig:model:1\">\n"
			   "<table name=\"p.q\"><column name=\"id\" type=\"integer\"/></table>\n"
			   "<table name=\"child\" inherits=\"&quot;p.q&quot;\"><column name=\"id\" type=\"integer\"/>"
			   "</table>\n</models>\n";
	struct model m, back;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	const struct model_table *child;

	ck_assert_msg(load_text(text, &m, &err) == 0, "%s", err.buf);
	model_xml_write(&m, NULL, &out);
	ck_assert_msg(strstr(out.buf, "inherits=\"&quot;p.q&quot;\""), "%s", out.buf);
	ck_assert_msg(load_text(out.buf, &back, &err) == 0, "%s", err.buf);
	child = model_find_table(&back, "", "child");
	ck_assert_ptr_nonnull(child);
	ck_assert_uint_eq(child->nr_inherits, 1);
	ck_assert_str_eq(child->inherits[0].name, "p.q");
	ck_assert(model_equal(&m, &back, NULL) && model_equal(&back, &m, NULL));
	model_release(&m);
	model_release(&back);
	strbuf_release(&err);
	strbuf_release(&out);
}
END_TEST

START_TEST(test_streamed_model_reads_every_table)
{
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	struct model m;

	/* some 300 kB: five chunks of the reader */
	big_model(&text, 300, 0, NULL);
	ck_assert_msg(load_text(text.buf, &m, &got) == 0, "%s", got.buf);
	ck_assert_uint_eq(m.nr_tables, 300);
	ck_assert_str_eq(m.tables[299]->name, "t00299");
	ck_assert_uint_eq(m.tables[299]->nr_columns, 13);
	model_release(&m);
	strbuf_release(&text);
	strbuf_release(&got);
}
END_TEST

START_TEST(test_streamed_model_utf8_across_chunks)
{
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	struct model m;

	/*
	 * A comment of multibyte characters over the first chunk's end (64 kB):
	 * one of them is cut there, and is whole all the same.
	 */
	strbuf_addstr(&text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<models xmlns=\"urn:mig:model:1\">\n<!--");
	for (int i = 0; i < 30000; i++)
		strbuf_addstr(&text, "\xc3\xa9");
	strbuf_addstr(&text, "-->\n  <table name=\"t\">\n    <column name=\"id\" type=\"bigint\"/>\n  </table>\n</models>\n");
	ck_assert_msg(load_text(text.buf, &m, &got) == 0, "%s", got.buf);
	ck_assert_uint_eq(m.nr_tables, 1);
	model_release(&m);

	/* a byte that is not UTF-8 far in: its offset in the file and its line */
	strbuf_reset(&text);
	big_model(&text, 100, 0, NULL);
	{
		size_t off = text.len - strlen("</models>\n");
		char *bad = fmt("<!-- \xff -->\n</models>\n");
		int line = 1;
		for (size_t i = 0; i < off; i++)
			line += text.buf[i] == '\n';
		strbuf_setlen(&text, off);
		strbuf_addstr(&text, bad);
		free(bad);
		ck_assert_int_eq(load_text(text.buf, &m, &got), -1);
		{
			char *want = fmt("m.xml:%d: the file is not valid UTF-8 (byte 0xff at offset %zu)\n", line,
					     off + 5);
			ck_assert_msg(strncmp(got.buf, want, strlen(want)) == 0, "got %s", got.buf);
			free(want);
		}
	}
	model_release(&m);
	strbuf_release(&text);
	strbuf_release(&got);
}
END_TEST

START_TEST(test_streamed_model_errors_in_document_order)
{
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	struct model m;
	int line = 1;

	/* an object's error far in (after some chunks): its own line */
	big_model(&text, 200, 0, "  <schema name=\"public\"/>\n");
	for (const char *p = text.buf; *p && strncmp(p, "  <schema", 9) != 0; p++)
		line += *p == '\n';
	ck_assert_int_eq(load_text(text.buf, &m, &got), -1);
	{
		char *want = fmt("m.xml:%d: schema \"public\" is the default schema and needs no declaration\n", line);
		ck_assert_str_eq(got.buf, want);
		free(want);
	}
	model_release(&m);

	/* an object's error first, malformed XML later: the XML error, as when the whole file was read first */
	strbuf_reset(&text);
	strbuf_reset(&got);
	strbuf_addstr(&text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<models xmlns=\"urn:mig:model:1\">\n"
			     "  <schema name=\"public\"/>\n");
	{
		struct strbuf tables = STRBUF_INIT;
		/* 200 tables after it (its objects are made long before the end), then a tag that does not close */
		big_model(&tables, 200, 0, "  <table name=\"bad\"></tabel>\n");
		strbuf_addstr(&text, strstr(tables.buf, "  <table"));
		strbuf_release(&tables);
	}
	ck_assert_int_eq(load_text(text.buf, &m, &got), -1);
	ck_assert_msg(strstr(got.buf, "malformed XML") != NULL, "got %s", got.buf);
	model_release(&m);
	strbuf_release(&text);
	strbuf_release(&got);
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

	tc = tcase_create("streaming");
	tcase_add_test(tc, test_streamed_model_reads_every_table);
	tcase_add_test(tc, test_objects_text_is_by_name);
	tcase_add_test(tc, test_objects_text_tells_names_apart);
	tcase_add_test(tc, test_dotted_table_reference_round_trips);
	tcase_add_test(tc, test_streamed_model_utf8_across_chunks);
	tcase_add_test(tc, test_streamed_model_errors_in_document_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_input");
	/* At least one iteration, so that a missing corpus fails instead of passing. */
	tcase_add_loop_test(tc, test_bad_models, 0, (int)count_cases("tests/bad-models") ?: 1);
	suite_add_tcase(s, tc);
	return s;
}

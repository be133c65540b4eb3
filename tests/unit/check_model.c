/* The in-memory model: types, literal defaults, PostgreSQL's default names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"
#include "xalloc.h"

/* type text -> canonical spelling, and whether it was a serial alias */
static const struct {
	const char *in, *canon;
	bool serial;
} good_types[] = {
	{ "integer", "integer", false },
	{ "INT", "integer", false },
	{ "int4", "integer", false },
	{ "serial", "integer", true },
	{ "BigSerial", "bigint", true },
	{ "smallserial", "smallint", true },
	{ "int8", "bigint", false },
	{ "bool", "boolean", false },
	{ "varchar(200)", "varchar(200)", false },
	{ "character varying ( 12 )", "varchar(12)", false },
	{ "varchar", "varchar", false },
	{ "char(3)", "char(3)", false },
	{ "numeric(10,2)", "numeric(10,2)", false },
	{ "decimal(5)", "numeric(5,0)", false },
	{ "numeric", "numeric", false },
	{ "double precision", "double", false },
	{ "double   precision", "double", false },
	{ "float4", "real", false },
	{ "timestamptz(3)", "timestamptz(3)", false },
	{ "timestamp", "timestamp", false },
	{ "time(0)", "time(0)", false },
	{ "text[]", "text[]", false },
	{ "integer[][]", "integer[][]", false },
	{ "bytea", "bytes", false },
	{ "jsonb", "jsonb", false },
	{ "uuid", "uuid", false },
	{ "interval", "interval", false },
	{ "mood", "mood", false },
	{ "files.mood", "files.mood", false },
	{ "public.mood", "mood", false },
};

START_TEST(test_type_parse_good)
{
	struct model_type t;
	struct diag d = DIAG_INIT;
	struct strbuf sb = STRBUF_INIT;
	bool serial;

	ck_assert_msg(model_type_parse(good_types[_i].in, &t, &serial, &d) == 0,
		      "%s: %s", good_types[_i].in, d.message);
	model_type_format(&t, &sb);
	ck_assert_str_eq(sb.buf, good_types[_i].canon);
	ck_assert_int_eq(serial, good_types[_i].serial);
	model_type_release(&t);
	strbuf_release(&sb);
	diag_release(&d);
}
END_TEST

static const struct {
	const char *in, *msg;
} bad_types[] = {
	{ "", "type \"\" is empty" },
	{ "varchar(0)", "length of type \"varchar(0)\" must be between 1 and 10485760" },
	{ "varchar(x)", "type \"varchar(x)\" has malformed arguments" },
	{ "numeric(3,4)", "scale of type \"numeric(3,4)\" must be between 0 and its precision 3" },
	{ "numeric(1001)", "precision of type \"numeric(1001)\" must be between 1 and 1000" },
	{ "text(5)", "type \"text\" takes no arguments" },
	{ "timestamptz(7)", "precision of type \"timestamptz(7)\" must be between 0 and 6" },
	{ "strnig(3)", "unknown type \"strnig(3)\"" },
	{ "text[", "type \"text[\" has a malformed array suffix" },
	{ "serial[]", "type \"serial[]\": a serial column cannot be an array" },
};

START_TEST(test_type_parse_bad)
{
	struct model_type t;
	struct diag d = DIAG_INIT;
	bool serial;

	ck_assert_int_eq(model_type_parse(bad_types[_i].in, &t, &serial, &d), -1);
	ck_assert_str_eq(d.message, bad_types[_i].msg);
	diag_release(&d);
}
END_TEST

/* array_dims is a byte of the column (model.h): 255 [] parse, the 256th is refused by name */
START_TEST(test_type_parse_array_dims_bound)
{
	struct strbuf text = STRBUF_INIT, canon = STRBUF_INIT, want = STRBUF_INIT;
	struct model_type t;
	struct diag d = DIAG_INIT;
	bool serial;

	strbuf_addstr(&text, "integer");
	for (int i = 0; i < MODEL_MAX_ARRAY_DIMS; i++)
		strbuf_addstr(&text, "[]");
	ck_assert_int_eq(model_type_parse(text.buf, &t, &serial, &d), 0);
	ck_assert_int_eq(t.array_dims, 255);
	model_type_format(&t, &canon);
	ck_assert_str_eq(canon.buf, text.buf);
	model_type_release(&t);
	strbuf_addstr(&text, "[]");
	ck_assert_int_eq(model_type_parse(text.buf, &t, &serial, &d), -1);
	strbuf_addf(&want, "type \"%s\" has more than 255 array dimensions", text.buf);
	ck_assert_str_eq(d.message, want.buf);
	diag_release(&d);
	strbuf_release(&text);
	strbuf_release(&canon);
	strbuf_release(&want);
}
END_TEST

static int check_lit(const char *type, const char *lit, char **out, struct diag *d)
{
	struct model m = MODEL_INIT;
	struct model_type t;
	bool serial;
	char *l = strdup(lit);
	int r;

	model_init(&m);
	ck_assert_int_eq(model_type_parse(type, &t, &serial, d), 0);
	r = model_check_literal(&m, &t, &l, d);
	model_type_release(&t);
	model_release(&m);
	if (out)
		*out = l;
	else
		free(l);
	return r;
}

START_TEST(test_literals)
{
	struct diag d = DIAG_INIT;
	char *out;

	ck_assert_int_eq(check_lit("smallint", "32767", NULL, &d), 0);
	ck_assert_int_eq(check_lit("smallint", "32768", NULL, &d), -1);
	ck_assert_str_eq(d.message, "default \"32768\" is out of range for type smallint");
	ck_assert_int_eq(check_lit("integer", "-2147483648", NULL, &d), 0);
	ck_assert_int_eq(check_lit("integer", "12a", NULL, &d), -1);
	ck_assert_str_eq(d.message, "default \"12a\" is not a valid integer");
	ck_assert_int_eq(check_lit("bigint", "9223372036854775808", NULL, &d), -1);
	ck_assert_int_eq(check_lit("boolean", "YES", &out, &d), 0);
	ck_assert_str_eq(out, "true");
	free(out);
	ck_assert_int_eq(check_lit("boolean", "off", &out, &d), 0);
	ck_assert_str_eq(out, "false");
	free(out);
	ck_assert_int_eq(check_lit("boolean", "maybe", NULL, &d), -1);
	ck_assert_str_eq(d.message, "default \"maybe\" is not a valid boolean");
	ck_assert_int_eq(check_lit("numeric(5,2)", "123.45", NULL, &d), 0);
	ck_assert_int_eq(check_lit("numeric(5,2)", "1234.5", NULL, &d), -1);
	ck_assert_str_eq(d.message, "default \"1234.5\" does not fit numeric(5,2)");
	ck_assert_int_eq(check_lit("numeric", "-1.5e10", NULL, &d), 0);
	ck_assert_int_eq(check_lit("numeric", "1.2.3", NULL, &d), -1);
	ck_assert_int_eq(check_lit("double", "Infinity", NULL, &d), 0);
	ck_assert_int_eq(check_lit("real", ".5", NULL, &d), 0);
	ck_assert_int_eq(check_lit("real", ".", NULL, &d), -1);
	ck_assert_int_eq(check_lit("uuid", "123e4567-e89b-12d3-a456-426614174000", NULL, &d), 0);
	ck_assert_int_eq(check_lit("uuid", "123e4567e89b12d3a456426614174000", NULL, &d), 0);
	ck_assert_int_eq(check_lit("uuid", "not-a-uuid", NULL, &d), -1);
	ck_assert_int_eq(check_lit("varchar(3)", "äöü", NULL, &d), 0);
	ck_assert_int_eq(check_lit("varchar(3)", "abcd", NULL, &d), -1);
	ck_assert_str_eq(d.message, "default \"abcd\" is longer than varchar(3)");
	ck_assert_int_eq(check_lit("text", "anything at all", NULL, &d), 0);
	diag_release(&d);
}
END_TEST

START_TEST(test_make_object_name)
{
	struct strbuf sb = STRBUF_INIT;
	char long1[80], long2[80];

	model_make_object_name("project", "owner_id", "fkey", &sb);
	ck_assert_str_eq(sb.buf, "project_owner_id_fkey");
	strbuf_reset(&sb);
	model_make_object_name("project", NULL, "pkey", &sb);
	ck_assert_str_eq(sb.buf, "project_pkey");

	/* As PostgreSQL: the longer name is shortened until all fits in 63 bytes. */
	memset(long1, 'a', 60);
	long1[60] = '\0';
	memset(long2, 'b', 40);
	long2[40] = '\0';
	strbuf_reset(&sb);
	model_make_object_name(long1, long2, "key", &sb);
	ck_assert_uint_eq(sb.len, 63);
	ck_assert_str_eq(sb.buf + 29, "_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key");
	strbuf_release(&sb);
}
END_TEST

static int parse_one(const char *xml, struct model *m, struct diag *d)
{
	struct model_xml_reader r;
	int ret;

	ck_assert_int_eq(model_xml_reader_init(&r, d), 0);
	ret = model_xml_parse(&r, m, "test.xml", xml, strlen(xml), d);
	if (ret == 0)
		ret = model_finish(m, d);
	model_xml_reader_release(&r);
	return ret;
}

START_TEST(test_default_names_follow_postgres)
{
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	const struct model_table *t;

	model_init(&m);
	ck_assert_int_eq(parse_one(
		"<models xmlns='urn:mig:model:1'>\n"
		"<table name='t'>\n"
		" <column name='a' type='int'/><column name='b' type='int'/>\n"
		" <primary-key columns='a'/>\n"
		" <unique columns='a, b'/><unique columns='a, b'/>\n"
		" <index columns='b'/><index><key expr='a + b'/></index>\n"
		" <foreign-key columns='b' references='t'/>\n"
		" <check expr='a > 0'/><check expr='b > 0'/>\n"
		"</table></models>", &m, &d), 0);
	t = m.tables[0];
	ck_assert_str_eq(t->pk.name, "t_pkey");
	ck_assert_str_eq(t->uniques[0].name, "t_a_b_key");
	ck_assert_str_eq(t->uniques[1].name, "t_a_b_key1");
	ck_assert_str_eq(t->indexes[0].name, "t_b_idx");
	ck_assert_str_eq(t->indexes[1].name, "t_expr_idx");
	ck_assert_str_eq(t->fks[0].name, "t_b_fkey");
	ck_assert_str_eq(t->fks[0].ref_columns.items[0], "a");
	ck_assert_str_eq(t->checks[0].name, "t_check");
	ck_assert_str_eq(t->checks[1].name, "t_check1");
	/* Primary key columns are NOT NULL whatever the model says. */
	ck_assert(t->columns[0].not_null);
	ck_assert(!t->columns[1].not_null);
	model_release(&m);
	diag_release(&d);
}
END_TEST

START_TEST(test_schema_resolution)
{
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	const struct model_table *t;

	model_init(&m);
	ck_assert_int_eq(parse_one(
		"<models xmlns='urn:mig:model:1'>\n"
		"<schema name='s'/>\n"
		"<enum name='mood'><value>ok</value></enum>\n"
		"<enum name='mood' schema='s'><value>sad</value></enum>\n"
		"<table name='p'><column name='id' type='int'/><primary-key columns='id'/></table>\n"
		"<table name='c' schema='s'>\n"
		" <column name='m1' type='mood' default='sad'/><column name='m2' type='public.mood' default='ok'/>\n"
		" <column name='p' type='int'/>\n"
		" <foreign-key columns='p' references='p'/>\n"
		"</table></models>", &m, &d), 0);
	t = model_find_table(&m, "s", "c");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->columns[0].type.enum_schema, "s");
	ck_assert_str_eq(t->columns[1].type.enum_schema, "");
	ck_assert_str_eq(t->fks[0].ref_schema, "");
	model_release(&m);
	diag_release(&d);
}
END_TEST

START_TEST(test_model_equal_reports_difference)
{
	struct model a = MODEL_INIT, b = MODEL_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf why = STRBUF_INIT;

	model_init(&a);
	model_init(&b);
	ck_assert_int_eq(parse_one("<models xmlns='urn:mig:model:1'><table name='t'>"
				   "<column name='a' type='int'/></table></models>", &a, &d), 0);
	ck_assert_int_eq(parse_one("<models xmlns='urn:mig:model:1'><table name='t'>"
				   "<column name='a' type='bigint'/></table></models>", &b, &d), 0);
	ck_assert(model_equal(&a, &a, NULL));
	ck_assert(!model_equal(&a, &b, &why));
	ck_assert_str_eq(why.buf, "table \"t\": column \"a\": type integer vs bigint");
	model_release(&a);
	model_release(&b);
	strbuf_release(&why);
	diag_release(&d);
}
END_TEST

/*
 * The table index (model.h): every table found by schema and name after the
 * set grew, the first of two of one name, none for a name in another
 * schema; a model's own lookups agree with a linear search, and a table
 * added drops the index.
 */
START_TEST(test_table_index)
{
	struct model m;
	struct model_table_index ix = { 0 };
	char name[32];

	model_init(&m);
	for (int i = 0; i < 3000; i++) {
		struct model_table *t = model_add_table(&m);
		snprintf(name, sizeof(name), "t%d", i % 2500); /* t0..t499 twice */
		t->schema = xstrdup(i % 2 ? "s" : "");
		t->name = xstrdup(name);
	}
	/* i and i + 2,500 have the same schema: each of t0..t499 is there twice, in one schema */
	model_table_index_build(&ix, &m);
	for (int i = 0; i < 3000; i++) {
		const struct model_table *t = m.tables[i];
		int first = -1;
		for (int k = 0; k < 3000 && first < 0; k++) {
			if (strcmp(m.tables[k]->schema, t->schema) == 0 && strcmp(m.tables[k]->name, t->name) == 0)
				first = k;
		}
		ck_assert_int_eq(model_table_index_find(&ix, t->schema, t->name), first);
		ck_assert_ptr_eq(model_find_table(&m, t->schema, t->name), m.tables[first]);
	}
	ck_assert_int_eq(model_table_index_find(&ix, "other", "t1"), -1);
	ck_assert_int_eq(model_table_index_find(&ix, "", "t3000"), -1);
	model_index_tables(&m);
	for (int i = 0; i < 3000; i += 7)
		ck_assert_ptr_eq(model_find_table(&m, m.tables[i]->schema, m.tables[i]->name),
				 m.tables[model_table_index_find(&ix, m.tables[i]->schema, m.tables[i]->name)]);
	ck_assert_ptr_null(model_find_table(&m, "s", "t3000"));
	model_table_index_release(&ix);
	/* a table added after the index is found (the index is dropped, lookups are linear) */
	model_add_table(&m)->schema = xstrdup("");
	m.tables[m.nr_tables - 1]->name = xstrdup("late");
	ck_assert_ptr_eq(model_find_table(&m, "", "late"), m.tables[m.nr_tables - 1]);
	model_release(&m);
}
END_TEST

Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("types");

	tcase_add_loop_test(tc, test_type_parse_good, 0, sizeof(good_types) / sizeof(good_types[0]));
	tcase_add_loop_test(tc, test_type_parse_bad, 0, sizeof(bad_types) / sizeof(bad_types[0]));
	tcase_add_test(tc, test_type_parse_array_dims_bound);
	tcase_add_test(tc, test_literals);
	tcase_add_test(tc, test_table_index);
	suite_add_tcase(s, tc);

	tc = tcase_create("finish");
	tcase_add_test(tc, test_make_object_name);
	tcase_add_test(tc, test_default_names_follow_postgres);
	tcase_add_test(tc, test_schema_resolution);
	tcase_add_test(tc, test_model_equal_reports_difference);
	suite_add_tcase(s, tc);
	return s;
}

/* Expressions as PostgreSQL understands them: the model's text against the server's. */
#include <string.h>

#include "diag.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "suites.h"

/* What a model says, and what PostgreSQL 15 prints back for it. */
static const struct {
	const char *model, *server;
} same[] = {
	{ "title <> ''", "((title)::text <> ''::text)" },
	{ "conf BETWEEN 0 AND 1", "((conf >= (0)::double precision) AND (conf <= (1)::double precision))" },
	{ "s IN ('draft','active')", "(s = ANY (ARRAY['draft'::st, 'active'::st]))" },
	{ "s NOT IN ('a')", "(s <> ALL (ARRAY['a'::text]))" },
	{ "name LIKE 'a%' OR name NOT LIKE 'b%'", "((name ~~ 'a%'::text) OR (name !~~ 'b%'::text))" },
	{ "id > 0 AND (id < 10 AND id <> 5)", "((id > 0) AND ((id < 10) AND (id <> 5)))" },
	{ "id > 0 AND id < 10 AND id <> 5", "((id > 0) AND ((id < 10) AND (id <> 5)))" },
	{ "length(name) > 0", "(length((name)::text) > 0)" },
	{ "lower(title)", "lower(title::text)" },
	{ "-1", "'-1'::integer" },
	{ ".5", "0.5" },
	{ "1e10", "'10000000000'::numeric" },
	{ "9223372036854775807", "'9223372036854775807'::bigint" },
	{ "'draft'", "'draft'::project_state" },
	{ "now()", "now()" },
	{ "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP" },
	{ "'{}'::jsonb", "'{}'::jsonb" },
	{ "nextval('t_id_seq')", "nextval('t_id_seq'::regclass)" },
	{ "x   >=   1", "x>=1" },
	{ "\"Id\" > 0", "(\"Id\" > 0)" },
	{ "a != b", "(a <> b)" },
	{ "finished_at IS NULL OR finished_at >= started_at", "((finished_at IS NULL) OR (finished_at >= started_at))" },
	{ "x NOT BETWEEN 1 AND 2", "((x < 1) OR (x > 2))" },
};

static const struct {
	const char *a, *b;
} different[] = {
	{ "title <> ''", "title <> 'x'" },
	{ "id > 0", "id >= 0" },
	{ "a AND b", "a OR b" },
	{ "now()", "CURRENT_TIMESTAMP" },
	{ "\"Id\" > 0", "id > 0" },
	{ "1.5", "1.50" },
	{ "lower(a)", "upper(a)" },
};

START_TEST(test_same_expression)
{
	ck_assert_msg(sqlnorm_expr_equal(same[_i].model, same[_i].server), "%s vs %s",
		      same[_i].model, same[_i].server);
	ck_assert(sqlnorm_expr_equal(same[_i].server, same[_i].model));
}
END_TEST

START_TEST(test_different_expression)
{
	ck_assert_msg(!sqlnorm_expr_equal(different[_i].a, different[_i].b), "%s vs %s",
		      different[_i].a, different[_i].b);
}
END_TEST

START_TEST(test_not_an_expression)
{
	struct strbuf key = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(sqlnorm_expr_key("a, b", &key, &d), -1);
	ck_assert_str_eq(d.message, "\"a, b\" is not a single SQL expression");
	ck_assert_int_eq(sqlnorm_expr_key("1; DROP TABLE x", &key, &d), -1);
	ck_assert_int_eq(sqlnorm_expr_key("a >", &key, &d), -1);
	ck_assert_str_eq(d.message, "expression \"a >\" does not parse: syntax error at end of input");
	/* Text that does not parse is compared without its whitespace. */
	ck_assert(sqlnorm_expr_equal("a >", "a>"));
	strbuf_release(&key);
	diag_release(&d);
}
END_TEST

START_TEST(test_constants)
{
	struct strbuf v = STRBUF_INIT;

	ck_assert(sqlnorm_expr_constant("'-1'::integer", &v));
	ck_assert_str_eq(v.buf, "-1");
	ck_assert(sqlnorm_expr_constant("'draft'::project_state", &v));
	ck_assert_str_eq(v.buf, "draft");
	ck_assert(sqlnorm_expr_constant("''::character varying", &v));
	ck_assert_str_eq(v.buf, "");
	ck_assert(sqlnorm_expr_constant("true", &v));
	ck_assert_str_eq(v.buf, "true");
	ck_assert(sqlnorm_expr_constant("0.50", &v));
	ck_assert_str_eq(v.buf, "0.50");
	ck_assert(sqlnorm_expr_constant("'it''s'::text", &v));
	ck_assert_str_eq(v.buf, "it's");
	ck_assert(!sqlnorm_expr_constant("now()", &v));
	ck_assert(!sqlnorm_expr_constant("NULL", &v));
	ck_assert(!sqlnorm_expr_constant("1 + 1", &v));
	strbuf_release(&v);
}
END_TEST

START_TEST(test_decimal)
{
	static const char *const cases[][2] = {
		{ "0", "0" }, { "+007", "7" }, { ".5", "0.5" }, { "1e10", "10000000000" },
		{ "1.5e2", "150" }, { "1.50e1", "15.0" }, { "-0.00", "0.00" }, { "12.340", "12.340" },
		{ "1e-3", "0.001" }, { "-2.5E-1", "-0.25" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		ck_assert_msg(sqlnorm_decimal(cases[i][0], &out), "%s", cases[i][0]);
		ck_assert_str_eq(out.buf, cases[i][1]);
		strbuf_release(&out);
	}
	{
		struct strbuf out = STRBUF_INIT;
		ck_assert(!sqlnorm_decimal("1.2.3", &out));
		ck_assert(!sqlnorm_decimal("abc", &out));
		ck_assert(!sqlnorm_decimal(".", &out));
		strbuf_release(&out);
	}
}
END_TEST

Suite *sqlnorm_suite(void)
{
	Suite *s = suite_create("sqlnorm");
	TCase *tc = tcase_create("expressions");

	tcase_add_loop_test(tc, test_same_expression, 0, sizeof(same) / sizeof(same[0]));
	tcase_add_loop_test(tc, test_different_expression, 0, sizeof(different) / sizeof(different[0]));
	tcase_add_test(tc, test_not_an_expression);
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_decimal);
	suite_add_tcase(s, tc);
	return s;
}

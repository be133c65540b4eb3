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

/* What a model says and what mig-inspect reads back (pg_get_viewdef(), pg_get_functiondef(), ...) are one object. */
START_TEST(test_statements_as_postgresql_prints_them)
{
	static const char *const same[][2] = {
		{ "CREATE VIEW active_users AS SELECT id, name FROM users WHERE active",
		  "CREATE VIEW public.active_users AS\n SELECT users.id,\n    users.name\n   FROM users\n  WHERE users.active;" },
		{ "CREATE VIEW v AS SELECT u.id AS id FROM users u WHERE u.score > 0",
		  "CREATE VIEW public.v AS\n SELECT u.id\n   FROM users u\n  WHERE (u.score > 0)" },
		{ "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
		  "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$\n" },
		{ "CREATE FUNCTION add(a int, b int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT a + b'",
		  "CREATE OR REPLACE FUNCTION public.add(a integer, b integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$SELECT a + b$function$" },
		{ "CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION touch()",
		  "CREATE TRIGGER t BEFORE UPDATE ON public.users FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION touch()" },
		{ "CREATE POLICY own ON users FOR SELECT TO reader USING (name = current_user)",
		  "CREATE POLICY own ON public.users AS PERMISSIVE FOR SELECT TO reader USING ((name = CURRENT_USER))" },
		{ "CREATE DOMAIN posint AS int DEFAULT 1 NOT NULL CONSTRAINT pos CHECK (VALUE > 0)",
		  "CREATE DOMAIN public.posint AS integer DEFAULT 1 NOT NULL CONSTRAINT pos CHECK ((VALUE > 0))" },
		{ "CREATE EXTENSION citext", "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6'" },
		{ "CREATE SEQUENCE ticket START WITH 100",
		  "CREATE SEQUENCE public.ticket AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100 CACHE 1 NO CYCLE" },
		{ "CREATE SEQUENCE s AS integer INCREMENT 5",
		  "CREATE SEQUENCE public.s AS integer INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE" },
		{ "CREATE SEQUENCE s START 5 OWNED BY item.id",
		  "CREATE SEQUENCE public.s AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 5 CACHE 1 NO CYCLE OWNED BY public.item.id" },
		/* descending: the defaults are MAXVALUE -1, MINVALUE the type's minimum, START at the maximum */
		{ "CREATE SEQUENCE d INCREMENT BY -1",
		  "CREATE SEQUENCE public.d AS bigint INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -1 START WITH -1 CACHE 1 NO CYCLE" },
		{ "CREATE SEQUENCE d AS smallint INCREMENT BY -2 MAXVALUE -10",
		  "CREATE SEQUENCE public.d AS smallint INCREMENT BY -2 MINVALUE -32768 MAXVALUE -10 START WITH -10 CACHE 1 NO CYCLE" },
		{ "CREATE SEQUENCE m MINVALUE -5 NO MAXVALUE",
		  "CREATE SEQUENCE public.m AS bigint INCREMENT BY 1 MINVALUE -5 MAXVALUE 9223372036854775807 START WITH -5 CACHE 1 NO CYCLE" },
		{ "CREATE VIEW v AS SELECT status FROM orders WHERE status = 'open'",
		  "CREATE VIEW public.v AS\n SELECT orders.status\n   FROM orders\n  WHERE (orders.status = 'open'::text)" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		ck_assert_msg(sqlnorm_statements_equal(same[i][0], same[i][1]), "%s\nvs\n%s", same[i][0], same[i][1]);
}
END_TEST

START_TEST(test_statements_that_differ)
{
	static const char *const differ[][2] = {
		{ "CREATE VIEW v AS SELECT id FROM users WHERE active", "CREATE VIEW v AS SELECT id FROM users" },
		{ "CREATE VIEW v AS SELECT a.id FROM a JOIN b ON a.id = b.id", "CREATE VIEW v AS SELECT b.id FROM a JOIN b ON a.id = b.id" },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'" },
		{ "CREATE VIEW v AS SELECT id FROM s.users", "CREATE VIEW v AS SELECT id FROM users" },
		{ "CREATE SEQUENCE s START WITH 100", "CREATE SEQUENCE s START WITH 101" },
		{ "CREATE SEQUENCE s OWNED BY item.id", "CREATE SEQUENCE s OWNED BY item.code" },
		{ "CREATE SEQUENCE s AS integer", "CREATE SEQUENCE s" },
		{ "CREATE SEQUENCE d INCREMENT BY -1 START WITH -5", "CREATE SEQUENCE d INCREMENT BY -1" },
		{ "CREATE EXTENSION citext VERSION '1.5'", "CREATE EXTENSION citext VERSION '1.6'" },
		{ "CREATE EXTENSION citext SCHEMA s", "CREATE EXTENSION citext" },
	};
	for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++)
		ck_assert_msg(!sqlnorm_statements_equal(differ[i][0], differ[i][1]), "%s\nvs\n%s", differ[i][0], differ[i][1]);
}
END_TEST

static void collect(const char *kind, const char *schema, const char *name, void *ctx)
{
	strbuf_addf(ctx, "%s %s.%s;", kind, schema, name);
}

/* Renamed and otherwise the same: each kind's own name is set aside, nothing else. */
START_TEST(test_statements_equal_but_name)
{
	static const struct {
		const char *a, *b;
		bool same;
	} cases[] = {
		{ "CREATE VIEW v AS SELECT 1 AS one", "CREATE VIEW public.w AS SELECT 1 AS one", true },
		{ "CREATE VIEW v AS SELECT 1 AS one", "CREATE VIEW w AS SELECT 2 AS one", false },
		{ "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
		  "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", true },
		{ "CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER b BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()", true },
		/* the table a trigger is on is no part of its name */
		{ "CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()",
		  "CREATE TRIGGER b BEFORE UPDATE ON u FOR EACH ROW EXECUTE FUNCTION f()", false },
		{ "CREATE POLICY p ON t USING (true)", "CREATE POLICY q ON t USING (true)", true },
		{ "CREATE SEQUENCE s START 5", "CREATE SEQUENCE s2 START WITH 5", true },
		{ "CREATE DOMAIN d AS text", "CREATE DOMAIN e AS text", true },
		{ "ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&)",
		  "ALTER TABLE t ADD CONSTRAINT y EXCLUDE USING gist (r WITH &&)", true },
		{ "CREATE INDEX i ON mv (a)", "CREATE INDEX j ON mv (a)", true },
		{ "CREATE VIEW v AS SELECT 1", "not sql at all", false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(sqlnorm_statements_equal_but_name(cases[i].a, cases[i].b) == cases[i].same, "%s / %s",
			      cases[i].a, cases[i].b);
}
END_TEST

START_TEST(test_statement_references)
{
	struct strbuf refs = STRBUF_INIT;

	ck_assert_int_eq(sqlnorm_references("CREATE TRIGGER t AFTER INSERT ON audit.log FOR EACH ROW EXECUTE FUNCTION "
					    "audit.touch()", collect, &refs), 0);
	ck_assert_str_eq(refs.buf, "function audit.touch;relation audit.log;");
	strbuf_reset(&refs);
	ck_assert_int_eq(sqlnorm_references("CREATE VIEW v AS SELECT lower(name)::citext FROM users u JOIN pg_catalog.pg_class c "
					    "ON true", collect, &refs), 0);
	ck_assert_str_eq(refs.buf, "relation .v;function .lower;type .citext;relation .users;relation pg_catalog.pg_class;");
	ck_assert_int_eq(sqlnorm_references("CREATE VIEW (", collect, &refs), -1);
	strbuf_release(&refs);
}
END_TEST

START_TEST(test_domain_parts)
{
	struct sqlnorm_domain d;

	ck_assert_int_eq(sqlnorm_domain_parts("CREATE DOMAIN public.posint AS integer COLLATE \"C\" DEFAULT 1 NOT NULL "
					      "CONSTRAINT pos CHECK ((VALUE > 0)) CHECK (VALUE < 10);", &d), 0);
	ck_assert_str_eq(d.type, "integer COLLATE \"C\"");
	ck_assert_str_eq(d.default_expr, "1");
	ck_assert(d.not_null);
	ck_assert_uint_eq(d.nr_checks, 2);
	ck_assert_str_eq(d.check_names[0], "pos");
	ck_assert_str_eq(d.checks[0], "CONSTRAINT pos CHECK ((VALUE > 0))");
	ck_assert_str_eq(d.check_names[1], "");
	ck_assert_str_eq(d.checks[1], "CHECK (VALUE < 10)");
	sqlnorm_domain_release(&d);
	ck_assert_int_eq(sqlnorm_domain_parts("CREATE VIEW v AS SELECT 1", &d), -1);
}
END_TEST

/* An identity's sequence options: only what differs from the defaults of the type and the increment's sign. */
static void expect_sequence(const char *options, int bytes, const char *canonical)
{
	struct sqlnorm_sequence seq;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;

	ck_assert_msg(sqlnorm_sequence_parse(options, bytes, &seq, &d) == 0, "%s: %s", options, d.message);
	sqlnorm_sequence_format(&seq, bytes, &out);
	ck_assert_msg(strcmp(out.buf, canonical) == 0, "%s: got \"%s\"", options, out.buf);
	strbuf_release(&out);
	diag_release(&d);
}

static void expect_sequence_error(const char *options, int bytes, const char *message)
{
	struct sqlnorm_sequence seq;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(sqlnorm_sequence_parse(options, bytes, &seq, &d), -1);
	ck_assert_str_eq(d.message, message);
	diag_release(&d);
}

START_TEST(test_sequence_options)
{
	struct sqlnorm_sequence seq;
	struct strbuf out = STRBUF_INIT;

	/* every default named, ascending, for each type */
	expect_sequence("START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE", 4, "");
	expect_sequence("MAXVALUE 32767 NO MINVALUE", 2, "");
	expect_sequence("maxvalue 9223372036854775807", 8, "");
	expect_sequence("MAXVALUE 2147483647", 8, "MAXVALUE 2147483647");
	/* descending: MAXVALUE -1, MINVALUE the type's minimum, START at the maximum */
	expect_sequence("INCREMENT BY -1", 8, "INCREMENT BY -1");
	expect_sequence("INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -1 START WITH -1", 8, "INCREMENT BY -1");
	expect_sequence("increment -1 minvalue -2147483648 maxvalue -1 start -1 cache 1", 4, "INCREMENT BY -1");
	expect_sequence("INCREMENT -2 START -50", 8, "START WITH -50 INCREMENT BY -2");
	/* the sqldef cases: one order whatever the order written */
	expect_sequence("START WITH -100 INCREMENT BY 5 MINVALUE -100 MAXVALUE 100", 4,
			"INCREMENT BY 5 MINVALUE -100 MAXVALUE 100");
	expect_sequence("CACHE 20 MAXVALUE -10 MINVALUE -1000 INCREMENT BY -5 START WITH -100", 8,
			"START WITH -100 INCREMENT BY -5 MINVALUE -1000 MAXVALUE -10 CACHE 20");
	expect_sequence("MINVALUE -500 MAXVALUE 0", 4, "MINVALUE -500 MAXVALUE 0");
	expect_sequence("START WITH 7 CYCLE", 2, "START WITH 7 CYCLE");
	expect_sequence_error("MAXVALUE 40000", 2,
			      "sequence options \"MAXVALUE 40000\": MINVALUE 1 or MAXVALUE 40000 is out of the range "
			      "of the column's type (-32768 to 32767)");
	expect_sequence_error("MINVALUE 10 MAXVALUE 5", 4,
			      "sequence options \"MINVALUE 10 MAXVALUE 5\": MINVALUE 10 must be less than MAXVALUE 5");
	expect_sequence_error("START WITH 0", 4,
			      "sequence options \"START WITH 0\": START WITH 0 is not between MINVALUE 1 and "
			      "MAXVALUE 2147483647");
	expect_sequence_error("INCREMENT BY 0", 4,
			      "sequence options \"INCREMENT BY 0\": INCREMENT BY is not a sequence option mig keeps, "
			      "or its value is wrong");
	expect_sequence_error("AS integer", 4,
			      "sequence options \"AS integer\": AS is not a sequence option mig keeps, or its value is "
			      "wrong");
	/* ALTER names every option, the defaults too (so that they are reset) */
	ck_assert_int_eq(sqlnorm_sequence_parse("INCREMENT BY -2", 8, &seq, NULL), 0);
	sqlnorm_sequence_alter(&seq, 8, "SET ", &out);
	ck_assert_str_eq(out.buf, "SET INCREMENT BY -2 SET NO MINVALUE SET NO MAXVALUE SET START WITH -1 SET CACHE 1 "
				  "SET NO CYCLE");
	strbuf_reset(&out);
	ck_assert_int_eq(sqlnorm_sequence_parse("MINVALUE -500 MAXVALUE 0 CYCLE", 4, &seq, NULL), 0);
	sqlnorm_sequence_alter(&seq, 4, "", &out);
	ck_assert_str_eq(out.buf, "INCREMENT BY 1 MINVALUE -500 MAXVALUE 0 START WITH -500 CACHE 1 CYCLE");
	/* a standalone sequence's ALTER: the options its CREATE leaves to the defaults, set back */
	strbuf_reset(&out);
	sqlnorm_sequence_unnamed_defaults("CREATE SEQUENCE ticket START WITH 100 INCREMENT BY 10", &out);
	ck_assert_str_eq(out.buf, " AS bigint NO MINVALUE NO MAXVALUE CACHE 1 NO CYCLE");
	strbuf_reset(&out);
	sqlnorm_sequence_unnamed_defaults("CREATE SEQUENCE d AS integer INCREMENT BY -1 MAXVALUE -10", &out);
	ck_assert_str_eq(out.buf, " NO MINVALUE CACHE 1 NO CYCLE START WITH -10");
	strbuf_reset(&out);
	sqlnorm_sequence_unnamed_defaults("CREATE SEQUENCE m MINVALUE -5", &out);
	ck_assert_str_eq(out.buf, " AS bigint INCREMENT BY 1 NO MAXVALUE CACHE 1 NO CYCLE START WITH -5");
	strbuf_release(&out);
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
	tcase_add_test(tc, test_statements_as_postgresql_prints_them);
	tcase_add_test(tc, test_statements_that_differ);
	tcase_add_test(tc, test_statements_equal_but_name);
	tcase_add_test(tc, test_statement_references);
	tcase_add_test(tc, test_domain_parts);
	tcase_add_test(tc, test_sequence_options);
	suite_add_tcase(s, tc);
	return s;
}

/* The SQL scanner: tokens, quotes and comments of both dialects, and the statement split built on them. */
#include <string.h>

#include <pg_query/pg_query.pb-c.h>

#include "diag.h"
#include "sqlscan.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "suites.h"

/* --- libpg_query's tokens -------------------------------------------------- */

/* The text of token i of scan. */
static void token_text(const char *sql, const PgQuery__ScanResult *scan, size_t i, struct strbuf *out)
{
	strbuf_setlen(out, 0);
	strbuf_add(out, sql + scan->tokens[i]->start, (size_t)(scan->tokens[i]->end - scan->tokens[i]->start));
}

START_TEST(test_pg_tokens)
{
	static const char sql[] = "SELECT 'a;b', \"x\"\"y\", $$c;'d$$, $t$e$$f$t$ /* /* nested */ still */ -- end\n;";
	static const char *const want[] = { "SELECT", "'a;b'", ",", "\"x\"\"y\"", ",", "$$c;'d$$", ",", "$t$e$$f$t$",
					    "/* /* nested */ still */", "-- end", ";" };
	PgQuery__ScanResult *scan = sqlscan_pg(sql);
	struct strbuf t = STRBUF_INIT;

	ck_assert_ptr_nonnull(scan);
	ck_assert_uint_eq(scan->n_tokens, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < scan->n_tokens; i++) {
		token_text(sql, scan, i, &t);
		/* libpg_query's comment tokens may stop before the newline */
		ck_assert_msg(strncmp(t.buf, want[i], strlen(want[i])) == 0, "token %zu: %s, not %s", i, t.buf, want[i]);
	}
	ck_assert_int_eq(scan->tokens[5]->token, PG_QUERY__TOKEN__SCONST);
	ck_assert_int_eq(scan->tokens[8]->token, PG_QUERY__TOKEN__C_COMMENT);
	strbuf_release(&t);
	sqlscan_pg_free(scan);
}
END_TEST

START_TEST(test_pg_does_not_scan)
{
	ck_assert_ptr_null(sqlscan_pg("SELECT 'open"));
	ck_assert_ptr_null(sqlscan_pg("SELECT $$open"));
	ck_assert_ptr_null(sqlscan_pg("SELECT /* open"));
	sqlscan_pg_free(NULL);
}
END_TEST

/* --- blanks and comments ------------------------------------------------------ */

START_TEST(test_skip_blank)
{
	static const char nested[] = " /* a /* b */ c */ x";
	static const char dashes[] = "-- one\n\t-- two\nx";

	/* PostgreSQL's block comments nest; SQLite's end at the first close */
	ck_assert_uint_eq(sqlscan_skip_blank(nested, 0, strlen(nested), true), strlen(nested) - 1);
	ck_assert_uint_eq(sqlscan_skip_blank(nested, 0, strlen(nested), false), strlen(" /* a /* b */ "));
	ck_assert_uint_eq(sqlscan_skip_blank(dashes, 0, strlen(dashes), false), strlen(dashes) - 1);
	/* the end bounds it; an unclosed comment runs to it */
	ck_assert_uint_eq(sqlscan_skip_blank("  x", 0, 1, false), 1);
	ck_assert_uint_eq(sqlscan_skip_blank("/* open", 0, 7, true), 7);
	ck_assert_str_eq(sqlscan_blank(" -- c\n /* d */ DROP"), "DROP");
	ck_assert_str_eq(sqlscan_blank("/* open"), "");
}
END_TEST

/* --- keywords and names --------------------------------------------------------- */

START_TEST(test_keywords)
{
	const char *p = "  create /* c */ schema\n IF not EXISTS s";

	ck_assert_str_eq(sqlscan_keywords(p, "CREATE SCHEMA"), "\n IF not EXISTS s");
	ck_assert_str_eq(sqlscan_keywords(sqlscan_keywords(p, "CREATE SCHEMA"), "IF NOT EXISTS"), " s");
	ck_assert_ptr_null(sqlscan_keywords(p, "CREATE TABLE"));
	/* whole words only */
	ck_assert_ptr_null(sqlscan_keywords("DROPPED TABLE", "DROP"));
	ck_assert_ptr_null(sqlscan_keywords("DROP TABLEs", "DROP TABLE"));
}
END_TEST

static const struct {
	const char *text, *name, *rest; /* rest NULL: no name */
} names[] = {
	{ " Plain rest", "plain", " rest" },
	{ "\"Quoted \"\"x\"\"\".y", "Quoted \"x\"", ".y" },
	{ "`back``tick` z", "back`tick", " z" },
	{ "[br]]x] z", "br", "]x] z" },
	{ "_u$1;", "_u$1", ";" },
	{ "\"\" x", NULL, NULL },
	{ "\"open", NULL, NULL },
	{ "[open", NULL, NULL },
	{ "1abc", NULL, NULL },
	{ "'string'", NULL, NULL },
};

START_TEST(test_name)
{
	struct strbuf out = STRBUF_INIT;
	const char *rest = sqlscan_name(names[_i].text, &out);

	if (!names[_i].rest) {
		ck_assert_msg(!rest, "%s: a name?", names[_i].text);
	} else {
		ck_assert_msg(rest != NULL, "%s: no name", names[_i].text);
		ck_assert_str_eq(out.buf, names[_i].name);
		ck_assert_str_eq(rest, names[_i].rest);
	}
	strbuf_release(&out);
}
END_TEST

START_TEST(test_qualified_name)
{
	struct strbuf schema = STRBUF_INIT, name = STRBUF_INIT;

	ck_assert_str_eq(sqlscan_qualified_name(" \"Audit\" . [Log] ;", &schema, &name), " ;");
	ck_assert_str_eq(schema.buf, "Audit");
	ck_assert_str_eq(name.buf, "Log");
	strbuf_setlen(&schema, 0);
	strbuf_setlen(&name, 0);
	ck_assert_str_eq(sqlscan_qualified_name("T", &schema, &name), "");
	ck_assert_str_eq(schema.buf, "main");
	ck_assert_str_eq(name.buf, "t");
	strbuf_setlen(&schema, 0);
	strbuf_setlen(&name, 0);
	ck_assert_ptr_null(sqlscan_qualified_name("s.", &schema, &name));
	strbuf_release(&schema);
	strbuf_release(&name);
}
END_TEST

START_TEST(test_unquote)
{
	struct strbuf out = STRBUF_INIT;

	ck_assert_uint_eq(sqlscan_unquote("x 'it''s' y", 2, &out), 9);
	ck_assert_str_eq(out.buf, "it's");
	strbuf_setlen(&out, 0);
	ck_assert_uint_eq(sqlscan_unquote("[a]", 0, &out), 3);
	ck_assert_str_eq(out.buf, "a");
	ck_assert_uint_eq(sqlscan_unquote("'open", 0, &out), 0);
	strbuf_release(&out);
}
END_TEST

/* --- statements: the split each dialect's parser makes ------------------------------- */

/* The statements of script as "text|text|...", each trimmed of the blanks around it. */
static void joined(const char *sql, const struct sql_script *s, struct strbuf *out)
{
	for (size_t i = 0; i < s->nr; i++) {
		size_t start = sqlscan_skip_blank(sql, s->stmts[i].start, s->stmts[i].start + s->stmts[i].len, false);
		size_t end = s->stmts[i].start + s->stmts[i].len;
		while (end > start && (sql[end - 1] == ' ' || sql[end - 1] == '\n'))
			end--;
		if (i)
			strbuf_addch(out, '|');
		strbuf_add(out, sql + start, end - start);
	}
}

START_TEST(test_split_pg)
{
	static const char sql[] = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
				  "-- only a comment;\n"
				  "SELECT ';', \"a;b\" FROM t /* ; */;\nSELECT 2";
	struct sql_script s = { 0 };
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;

	ck_assert_int_eq(sqlsplit_pg(sql, &s, &d), 0);
	joined(sql, &s, &out);
	ck_assert_str_eq(out.buf, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql|"
				  "SELECT ';', \"a;b\" FROM t /* ; */|SELECT 2");
	ck_assert_int_eq(s.stmts[1].line, 3);
	sqlsplit_script_release(&s);
	strbuf_release(&out);
	diag_release(&d);
}
END_TEST

START_TEST(test_split_sqlite)
{
	static const char sql[] = "CREATE TABLE [a;b] (`c;d` text DEFAULT ';');\n"
				  "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END;\n"
				  "/* ; */ ;\n"
				  "SELECT 3 -- last, no ';'";
	struct sql_script s = { 0 };
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;

	ck_assert_int_eq(sqlsplit_sqlite(sql, &s, &d), 0);
	joined(sql, &s, &out);
	ck_assert_str_eq(out.buf, "CREATE TABLE [a;b] (`c;d` text DEFAULT ';')|"
				  "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END|"
				  "SELECT 3 -- last, no ';'");
	ck_assert_int_eq(s.stmts[2].line, 4);
	sqlsplit_script_release(&s);
	ck_assert_int_eq(sqlsplit_sqlite("SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", &s, &d), -1);
	ck_assert_int_eq(d.line, 2);
	strbuf_release(&out);
	diag_release(&d);
}
END_TEST

START_TEST(test_transaction_control)
{
	static const struct {
		const char *sql;
		bool sqlite;
		long at;
		const char *what;
	} cases[] = {
		{ "SELECT 1; BEGIN; SELECT 2", false, 1, "BEGIN" },
		{ "SAVEPOINT a; RELEASE a; ROLLBACK TO a", false, -1, NULL },
		{ "SELECT 'COMMIT'; /* BEGIN */ END", false, 1, "COMMIT" },
		{ "PREPARE TRANSACTION 'x'", false, 0, "PREPARE TRANSACTION" },
		{ "SELECT 1; END TRANSACTION", true, 1, "COMMIT" },
		{ "SAVEPOINT a; ROLLBACK TO a", true, -1, NULL },
		{ "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; ROLLBACK", true, 1, "ROLLBACK" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sql_script s = { 0 };
		struct diag d = DIAG_INIT;
		const char *what = NULL;
		long at;

		ck_assert_int_eq(cases[i].sqlite ? sqlsplit_sqlite(cases[i].sql, &s, &d) : sqlsplit_pg(cases[i].sql, &s, &d),
				 0);
		at = sqlsplit_transaction_control(cases[i].sql, &s, cases[i].sqlite, &what);
		ck_assert_msg(at == cases[i].at, "%s: %ld", cases[i].sql, at);
		if (cases[i].what)
			ck_assert_str_eq(what, cases[i].what);
		sqlsplit_script_release(&s);
		diag_release(&d);
	}
}
END_TEST

Suite *sqlscan_suite(void)
{
	Suite *s = suite_create("sqlscan");
	TCase *tokens = tcase_create("tokens");
	TCase *statements = tcase_create("statements");

	tcase_add_test(tokens, test_pg_tokens);
	tcase_add_test(tokens, test_pg_does_not_scan);
	tcase_add_test(tokens, test_skip_blank);
	tcase_add_test(tokens, test_keywords);
	tcase_add_loop_test(tokens, test_name, 0, sizeof(names) / sizeof(names[0]));
	tcase_add_test(tokens, test_qualified_name);
	tcase_add_test(tokens, test_unquote);
	suite_add_tcase(s, tokens);
	tcase_add_test(statements, test_split_pg);
	tcase_add_test(statements, test_split_sqlite);
	tcase_add_test(statements, test_transaction_control);
	suite_add_tcase(s, statements);
	return s;
}

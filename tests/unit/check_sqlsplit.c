/*
 * A script split into statements, as the runner sends them: each
 * statement's text and the line a failure would name, for PostgreSQL and
 * SQLite, with the quotes, comments and bodies that hold a ';'; the scripts
 * that do not split (with the line); the statements that start or end a
 * transaction; how a statement is written back.
 */
#include <string.h>

#include <pg_query.h>

#include "diag.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

/* The statements of sql as "LINE:text|" each (the text without its ';'), or "error LINE: message". */
static void split(const char *sql, bool sqlite, struct strbuf *out)
{
	struct sql_script s;
	struct diag d = DIAG_INIT;
	int ret = sqlite ? sqlsplit_sqlite(sql, &s, &d) : sqlsplit_pg(sql, &s, &d);

	strbuf_reset(out);
	if (ret < 0) {
		strbuf_addf(out, "error %d: %s", d.line, d.message);
		ck_assert_uint_eq(s.nr, 0);
		diag_release(&d);
		return;
	}
	for (size_t i = 0; i < s.nr; i++)
		strbuf_addf(out, "%d:%.*s|", s.stmts[i].line, (int)s.stmts[i].len, sql + s.stmts[i].start);
	sqlsplit_script_release(&s);
}

static const struct split_case {
	bool sqlite;
	const char *sql;
	const char *want;
} split_cases[] = {
	{ false, "", "" },
	{ false, "SELECT 1; SELECT 2", "1:SELECT 1|1: SELECT 2|" },
	{ false, "SELECT ';';\n-- a ; comment\nSELECT $$a;b$$;\n", "1:SELECT ';'|3:\n-- a ; comment\nSELECT $$a;b$$|" },
	{ false, "/* only /* nested */ comment */;\nSELECT 1;", "2:\nSELECT 1|" },
	{ false, ";;\n\nSELECT 1;;", "3:\n\nSELECT 1|" },
	{ false, "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;\nSELECT 2;",
	  "1:CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql|2:\nSELECT 2|" },
	{ false, "SELECT 1;\nSELECT 'open;\n", "error 2: unterminated quoted string at or near \"'open;\n\"" },
	{ false, "SELECT 1;\n\nSELEC 2;", "error 3: syntax error at or near \"SELEC\"" },
	{ true, "", "" },
	{ true, "SELECT 1; SELECT 2", "1:SELECT 1|1: SELECT 2|" },
	{ true, "SELECT ';';\n/* a ; comment */ SELECT \"x;y\" FROM t;", "1:SELECT ';'|2:\n/* a ; comment */ SELECT \"x;y\" FROM t|" },
	{ true, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END;\nSELECT 1 -- last, no ';'",
	  "1:CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END|2:\nSELECT 1 -- last, no ';'|" },
	{ true, ";  ;\n-- nothing\n", "" },
	{ true, "SELECT 1;\n\nSELECT 'open;", "error 3: the statement is not complete: a quote, a comment or a "
					   "trigger's BEGIN ... END is not closed" },
	{ true, "SELECT 1;\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;",
	  "error 2: the statement is not complete: a quote, a comment or a trigger's BEGIN ... END is not closed" },
};

START_TEST(test_split)
{
	const struct split_case *c = &split_cases[_i];
	struct strbuf got = STRBUF_INIT;

	split(c->sql, c->sqlite, &got);
	ck_assert_msg(strcmp(got.buf, c->want) == 0, "%s: %s\n  got:  %s\n  want: %s", c->sqlite ? "sqlite" : "pgsql",
		      c->sql, got.buf, c->want);
	strbuf_release(&got);
}
END_TEST

static const struct tx_case {
	bool sqlite;
	const char *sql;
	long index;
	const char *what;
} tx_cases[] = {
	{ false, "CREATE TABLE t (id int); COMMIT; BEGIN;", 1, "COMMIT" },
	{ false, "SELECT 1; begin;", 1, "BEGIN" },
	{ false, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE;", 0, "START TRANSACTION" },
	{ false, "SAVEPOINT a; RELEASE SAVEPOINT a; ROLLBACK TO SAVEPOINT a;", -1, NULL },
	{ false, "PREPARE TRANSACTION 'x';", 0, "PREPARE TRANSACTION" },
	{ false, "/* c */ END;", 0, "COMMIT" },
	{ false, "PREPARE q AS SELECT 1; SELECT 'COMMIT';", -1, NULL },
	{ true, "CREATE TABLE t (id int); COMMIT;", 1, "COMMIT" },
	{ true, "BEGIN IMMEDIATE;", 0, "BEGIN" },
	{ true, "SAVEPOINT a; ROLLBACK TO a; RELEASE a;", -1, NULL },
	{ true, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;", -1, NULL },
	{ true, "SELECT 1; ROLLBACK;", 1, "ROLLBACK" },
};

START_TEST(test_transaction_control)
{
	const struct tx_case *c = &tx_cases[_i];
	struct sql_script s;
	struct diag d = DIAG_INIT;
	const char *what = NULL;
	long got;

	ck_assert_int_eq(c->sqlite ? sqlsplit_sqlite(c->sql, &s, &d) : sqlsplit_pg(c->sql, &s, &d), 0);
	got = sqlsplit_transaction_control(c->sql, &s, c->sqlite, &what);
	ck_assert_msg(got == c->index, "%s: statement %ld, not %ld", c->sql, got, c->index);
	if (c->what)
		ck_assert_str_eq(what, c->what);
	sqlsplit_script_release(&s);
}
END_TEST

/*
 * A long script is split in pieces (the parser's split of the whole holds
 * every parse tree at once): the statements, their offsets and lines are
 * the parser's own over the whole text, BEGIN ATOMIC bodies and dollar
 * quotes with semicolons inside included; an error still names its line.
 */
START_TEST(test_long_script_in_pieces)
{
	struct strbuf sql = STRBUF_INIT;
	struct sql_script got = { 0 };
	struct diag d = DIAG_INIT;
	PgQuerySplitResult want;
	int kept = 0;

	for (int i = 0; i < 4000; i++) {
		strbuf_addf(&sql, "-- statement %d\nCREATE TABLE t%d (id int PRIMARY KEY, note text DEFAULT ';');\n", i, i);
		if (i % 97 == 0)
			strbuf_addf(&sql, "CREATE FUNCTION f%d() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
					  "  SELECT %d;\nEND;\n", i, i);
		if (i % 89 == 0)
			strbuf_addf(&sql, "DO $$ BEGIN PERFORM 1; PERFORM %d; END $$;\n/* a; comment */\n", i);
	}
	ck_assert_uint_gt(sql.len, 256 * 1024);
	ck_assert_int_eq(sqlsplit_pg(sql.buf, &got, &d), 0);
	want = pg_query_split_with_parser(sql.buf);
	ck_assert_ptr_null(want.error);
	for (int i = 0; i < want.n_stmts; i++) {
		size_t start = (size_t)want.stmts[i]->stmt_location, len = (size_t)want.stmts[i]->stmt_len;
		ck_assert_uint_lt((size_t)kept, got.nr);
		ck_assert_uint_eq(got.stmts[kept].start, start);
		ck_assert_uint_eq(got.stmts[kept].len, len ? len : sql.len - start);
		kept++;
	}
	ck_assert_uint_eq(got.nr, (size_t)kept);
	ck_assert_int_eq(got.stmts[got.nr - 1].line,
			 sqlsplit_line_of(sql.buf, (size_t)(strstr(sql.buf, "CREATE TABLE t3999 ") - sql.buf)));
	pg_query_free_split_result(want);
	sqlsplit_script_release(&got);

	/* an error in the middle: the whole script's line */
	strbuf_addstr(&sql, "CREATE TABLE broken (;\n");
	for (int i = 0; i < 2000; i++)
		strbuf_addf(&sql, "SELECT %d;\n", i);
	ck_assert_int_eq(sqlsplit_pg(sql.buf, &got, &d), -1);
	ck_assert_int_eq(d.line, sqlsplit_line_of(sql.buf, (size_t)(strstr(sql.buf, "CREATE TABLE broken") - sql.buf)));
	diag_release(&d);
	strbuf_release(&sql);
}
END_TEST

START_TEST(test_append_and_lines)
{
	struct strbuf sb = STRBUF_INIT;
	const char *a = "SELECT 1";
	const char *b = "SELECT 1 -- trailing";
	const char *c = "SELECT '--'\nFROM t";

	sqlsplit_append_statement(&sb, a, strlen(a));
	ck_assert_str_eq(sb.buf, "SELECT 1;\n");
	strbuf_reset(&sb);
	sqlsplit_append_statement(&sb, b, strlen(b));
	ck_assert_str_eq(sb.buf, "SELECT 1 -- trailing\n;\n");
	strbuf_reset(&sb);
	/* only the last line counts */
	sqlsplit_append_statement(&sb, c, strlen(c));
	ck_assert_str_eq(sb.buf, "SELECT '--'\nFROM t;\n");
	strbuf_release(&sb);

	ck_assert_int_eq(sqlsplit_line_of("a\nb\nc", 0), 1);
	ck_assert_int_eq(sqlsplit_line_of("a\nb\nc", 2), 2);
	ck_assert_int_eq(sqlsplit_line_of("a\nb\nc", 4), 3);
	ck_assert_int_eq(sqlsplit_line_of("a\nb", 100), 2);
}
END_TEST

/*
 * A long script is parsed piece by piece: the statements are those of one
 * parse, whatever ';' falls near a piece's end (a BEGIN ATOMIC body's, one
 * in a quote), and an error far in names its line, past non-ASCII text.
 */
START_TEST(test_split_long)
{
	static const char *const kinds[] = {
		"CREATE FUNCTION f%d() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
		"SELECT 'a;b' AS \"é;%d\"",
		"-- a comment; with a ';'\nINSERT INTO t VALUES (%d, $$x;\ny$$)",
		"CREATE RULE r%d AS ON INSERT TO t DO ALSO (DELETE FROM u; DELETE FROM v)",
	};
	struct strbuf sql = STRBUF_INIT, want = STRBUF_INIT, one = STRBUF_INIT;
	struct sql_script s;
	struct diag d = DIAG_INIT;
	int line = 1;
	size_t n = 0;

	/* some 300 kB: several pieces, their ends falling anywhere */
	for (int i = 0; sql.len < 300 * 1024; i++) {
		strbuf_reset(&one);
		strbuf_addf(&one, kinds[i % 4], i);
		if (i % 4 == 2)
			line++; /* its first token is on the comment's next line */
		strbuf_addf(&want, "%d:%s|", line, one.buf);
		strbuf_addf(&sql, "%s;\n", one.buf);
		line += i % 4 == 2 ? 2 : 1;
		n++;
	}
	ck_assert_int_eq(sqlsplit_pg(sql.buf, &s, &d), 0);
	ck_assert_uint_eq(s.nr, n);
	strbuf_reset(&one);
	for (size_t i = 0; i < s.nr; i++) {
		const char *t = sql.buf + s.stmts[i].start;
		size_t len = s.stmts[i].len;
		/* the text after the previous ';' starts with its newline */
		if (i && *t == '\n')
			t++, len--;
		strbuf_addf(&one, "%d:%.*s|", s.stmts[i].line, (int)len, t);
	}
	ck_assert_str_eq(one.buf, want.buf);
	sqlsplit_script_release(&s);

	/* an error in the last piece: the line of the whole script */
	strbuf_addstr(&sql, "SELECT 1;\nSELEC 'é';\n");
	ck_assert_int_eq(sqlsplit_pg(sql.buf, &s, &d), -1);
	ck_assert_uint_eq(s.nr, 0);
	ck_assert_int_eq(d.line, line + 1);
	ck_assert_str_eq(d.message, "syntax error at or near \"SELEC\"");
	diag_release(&d);
	strbuf_release(&sql);
	strbuf_release(&want);
	strbuf_release(&one);
}
END_TEST

Suite *sqlsplit_suite(void)
{
	Suite *s = suite_create("sqlsplit");
	TCase *tc = tcase_create("split");

	tcase_add_loop_test(tc, test_split, 0, (int)(sizeof(split_cases) / sizeof(split_cases[0])));
	tcase_add_loop_test(tc, test_transaction_control, 0, (int)(sizeof(tx_cases) / sizeof(tx_cases[0])));
	tcase_add_test(tc, test_append_and_lines);
	tcase_add_test(tc, test_long_script_in_pieces);
	tcase_add_test(tc, test_split_long);
	suite_add_tcase(s, tc);
	return s;
}

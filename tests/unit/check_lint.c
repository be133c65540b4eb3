/*
 * The lint (lint.h): per rule, a migration that triggers it (file, line and
 * rule id exact) and the safe form that passes; acknowledgements (header,
 * per statement, unknown rule); the exact text, JSON and SARIF of one file.
 */
#include <string.h>

#include "diag.h"
#include "dialect.h"
#include "lint.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"

#define FILE_PATH "migrations/pgsql/0002_20261201000000_t.sql"
#define SQLITE_PATH "migrations/sqlite/0002_20261201000000_t.sql"
#define T "SET LOCAL lock_timeout = '2s';\n" /* line 6: the statement under test is on line 7 */

/* The schema before the migrations of the type-change and NOT NULL cases. */
static const char before_xml[] =
	"<models xmlns=\"urn:mig:model:1\" app=\"t\">"
	"<table name=\"account\">"
	"<column name=\"id\" type=\"bigint\"/>"
	"<column name=\"name\" type=\"varchar(100)\"/>"
	"<column name=\"note\" type=\"text\"/>"
	"<column name=\"amount\" type=\"numeric(10,2)\"/>"
	"<column name=\"net\" type=\"text\" pg-type=\"cidr\"/>"
	"<column name=\"at\" type=\"timestamp\"/>"
	"<column name=\"n\" type=\"integer\"/>"
	"<column name=\"email\" type=\"text\"/>"
	"<primary-key columns=\"id\"/>"
	"<check name=\"account_email_nn\" expr=\"email IS NOT NULL\"/>"
	"<index name=\"account_name_idx\" columns=\"name\"/>"
	"</table>"
	"</models>";

static void load_before(struct model *m)
{
	struct model_xml_reader r;
	struct diag d = DIAG_INIT;

	model_init(m);
	ck_assert_int_eq(model_xml_reader_init(&r, &d), 0);
	ck_assert_msg(model_xml_parse(&r, m, "t.xml", before_xml, strlen(before_xml), &d) == 0, "parse: %s", d.message);
	ck_assert_msg(model_finish(m, &d) == 0, "finish: %s", d.message);
	model_xml_reader_release(&r);
	diag_release(&d);
}

/* A migration file: header (with extra header lines), up, optional down. */
static void migration(struct strbuf *out, bool transaction, const char *header, const char *up, const char *down)
{
	strbuf_reset(out);
	strbuf_addf(out, "-- mig:revision 0002_20261201000000_t\n-- mig:parents 0001_20261201000000_a\n"
		    "-- mig:message t\n-- mig:transaction %s\n%s-- mig:up\n%s", transaction ? "on" : "off",
		    header ? header : "", up);
	if (down)
		strbuf_addf(out, "-- mig:down\n%s", down);
}

/* The findings as "LINE:rule" (acknowledged ones "LINE:rule(ok)"), space-separated; or "error: FILE:LINE: msg". */
static void lint_case(bool sqlite, bool transaction, const char *header, const char *up, const char *down,
		      bool with_before, struct strbuf *got)
{
	struct strbuf text = STRBUF_INIT;
	struct lint_report r;
	struct diag d = DIAG_INIT;
	struct model before;
	struct lint_options o = { sqlite ? &dialect_sqlite : &dialect_pg, NULL, NULL, NULL };
	const char *path = sqlite ? SQLITE_PATH : FILE_PATH;

	if (with_before) {
		load_before(&before);
		o.before = &before;
	}
	migration(&text, transaction, header, up, down);
	lint_report_init(&r);
	strbuf_reset(got);
	if (lint_text(&o, path, text.buf, text.len, &r, &d) < 0) {
		strbuf_addf(got, "error: %s:%d: %s", d.file, d.line, d.message);
	} else {
		for (size_t i = 0; i < r.nr; i++) {
			ck_assert_str_eq(r.findings[i].file, path);
			strbuf_addf(got, "%s%d:%s%s", i ? " " : "", r.findings[i].line, lint_rules[r.findings[i].rule].id,
				    r.findings[i].acknowledged ? "(ok)" : "");
		}
	}
	lint_report_release(&r);
	diag_release(&d);
	strbuf_release(&text);
	if (with_before)
		model_release(&before);
}

static const struct rule_case {
	const char *name;
	bool transaction;
	const char *up;
	const char *down;
	bool before;
	const char *want;
} rule_cases[] = {
	/* index-not-concurrent */
	{ "plain index", true, T "CREATE INDEX account_email_idx ON account (email);\n", NULL, false,
	  "7:index-not-concurrent" },
	{ "concurrent index", false, T "CREATE INDEX CONCURRENTLY account_email_idx ON account (email);\n", NULL, false,
	  "" },
	{ "index on a new table", true, T "CREATE TABLE t (id int);\nCREATE INDEX t_idx ON t (id);\n", NULL, false, "" },
	/* drop-index-not-concurrent */
	{ "plain drop index", true, T "DROP INDEX account_name_idx;\n", NULL, false, "7:drop-index-not-concurrent" },
	{ "concurrent drop index", false, T "DROP INDEX CONCURRENTLY account_name_idx;\n", NULL, false, "" },
	/* concurrently-in-transaction */
	{ "CIC in a transaction", true, T "CREATE INDEX CONCURRENTLY account_email_idx ON account (email);\n", NULL,
	  false, "7:concurrently-in-transaction" },
	{ "DIC in a transaction", true, T "DROP INDEX CONCURRENTLY account_name_idx;\n", NULL, false,
	  "7:concurrently-in-transaction" },
	{ "REINDEX CONCURRENTLY in a transaction", true, T "REINDEX INDEX CONCURRENTLY account_name_idx;\n", NULL,
	  false, "7:concurrently-in-transaction" },
	{ "REINDEX CONCURRENTLY outside", false, T "REINDEX INDEX CONCURRENTLY account_name_idx;\n", NULL, false, "" },
	/* foreign-key-validates */
	{ "foreign key", true, T "ALTER TABLE account ADD CONSTRAINT account_org_fk FOREIGN KEY (org_id) REFERENCES org (id);\n",
	  NULL, false, "7:foreign-key-validates" },
	{ "foreign key NOT VALID", true,
	  T "ALTER TABLE account ADD CONSTRAINT account_org_fk FOREIGN KEY (org_id) REFERENCES org (id) NOT VALID;\n",
	  NULL, false, "" },
	{ "foreign key VALIDATE", true, T "ALTER TABLE account VALIDATE CONSTRAINT account_org_fk;\n", NULL, false, "" },
	/* check-validates */
	{ "check", true, T "ALTER TABLE account ADD CONSTRAINT account_n_pos CHECK (n > 0);\n", NULL, false,
	  "7:check-validates" },
	{ "check NOT VALID", true, T "ALTER TABLE account ADD CONSTRAINT account_n_pos CHECK (n > 0) NOT VALID;\n", NULL,
	  false, "" },
	/* unique-constraint-builds-index */
	{ "unique", true, T "ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email);\n", NULL, false,
	  "7:unique-constraint-builds-index" },
	{ "primary key", true, T "ALTER TABLE org ADD PRIMARY KEY (id);\n", NULL, false,
	  "7:unique-constraint-builds-index" },
	{ "unique USING INDEX", true,
	  T "ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE USING INDEX account_email_idx;\n", NULL, false,
	  "" },
	/* set-not-null-scans */
	{ "SET NOT NULL", true, T "ALTER TABLE account ALTER COLUMN note SET NOT NULL;\n", NULL, false,
	  "7:set-not-null-scans" },
	{ "SET NOT NULL after a validated check", true,
	  T "ALTER TABLE account ADD CONSTRAINT account_note_nn CHECK (note IS NOT NULL) NOT VALID;\n"
	  "ALTER TABLE account VALIDATE CONSTRAINT account_note_nn;\n"
	  "ALTER TABLE account ALTER COLUMN note SET NOT NULL;\n"
	  "ALTER TABLE account DROP CONSTRAINT account_note_nn;\n", NULL, false, "" },
	{ "SET NOT NULL with a check of an earlier migration", true,
	  T "ALTER TABLE account ALTER COLUMN email SET NOT NULL;\n", NULL, true, "" },
	/* type-change-rewrites */
	{ "integer to bigint", true, T "ALTER TABLE account ALTER COLUMN n TYPE bigint;\n", NULL, true,
	  "7:type-change-rewrites" },
	{ "varchar narrowed", true, T "ALTER TABLE account ALTER COLUMN name TYPE varchar(50);\n", NULL, true,
	  "7:type-change-rewrites" },
	{ "timestamp to timestamptz", true, T "ALTER TABLE account ALTER COLUMN at TYPE timestamptz;\n", NULL, true,
	  "7:type-change-rewrites" },
	{ "previous type unknown", true, T "ALTER TABLE account ALTER COLUMN name TYPE varchar(200);\n", NULL, false,
	  "7:type-change-rewrites" },
	{ "USING", true, T "ALTER TABLE account ALTER COLUMN name TYPE varchar(200) USING trim(name);\n", NULL, true,
	  "7:type-change-rewrites" },
	{ "varchar widened", true, T "ALTER TABLE account ALTER COLUMN name TYPE varchar(200);\n", NULL, true, "" },
	{ "varchar to text", true, T "ALTER TABLE account ALTER COLUMN name TYPE text;\n", NULL, true, "" },
	{ "text to varchar", true, T "ALTER TABLE account ALTER COLUMN note TYPE varchar;\n", NULL, true, "" },
	{ "numeric widened", true, T "ALTER TABLE account ALTER COLUMN amount TYPE numeric(12,2);\n", NULL, true, "" },
	{ "numeric unconstrained", true, T "ALTER TABLE account ALTER COLUMN amount TYPE numeric;\n", NULL, true, "" },
	{ "numeric scale changed", true, T "ALTER TABLE account ALTER COLUMN amount TYPE numeric(12,3);\n", NULL, true,
	  "7:type-change-rewrites" },
	{ "cidr to inet", true, T "ALTER TABLE account ALTER COLUMN net TYPE inet;\n", NULL, true, "" },
	/* volatile-default-rewrites */
	{ "volatile default", true, T "ALTER TABLE account ADD COLUMN token uuid DEFAULT gen_random_uuid();\n", NULL,
	  false, "7:volatile-default-rewrites" },
	{ "bigserial", true, T "ALTER TABLE account ADD COLUMN seq bigserial;\n", NULL, false,
	  "7:volatile-default-rewrites" },
	{ "identity", true, T "ALTER TABLE account ADD COLUMN k bigint GENERATED ALWAYS AS IDENTITY;\n", NULL, false,
	  "7:volatile-default-rewrites" },
	{ "stored generated", true, T "ALTER TABLE account ADD COLUMN n2 int GENERATED ALWAYS AS (n * 2) STORED;\n",
	  NULL, false, "7:volatile-default-rewrites" },
	{ "now() default", true, T "ALTER TABLE account ADD COLUMN created timestamptz DEFAULT now();\n", NULL, false,
	  "" },
	{ "constant default", true, T "ALTER TABLE account ADD COLUMN flag boolean NOT NULL DEFAULT false;\n", NULL,
	  false, "" },
	/* drop-column */
	{ "drop column", true, T "ALTER TABLE account DROP COLUMN note;\n", NULL, false, "7:drop-column" },
	{ "drop column of a new table", true, T "CREATE TABLE t (id int, x int);\nALTER TABLE t DROP COLUMN x;\n", NULL,
	  false, "" },
	/* drop-table */
	{ "drop table", true, T "DROP TABLE legacy;\n", NULL, false, "7:drop-table" },
	{ "down drops the up's table", true, T "CREATE TABLE t (id int);\n", T "DROP TABLE t;\n", false, "" },
	/* rename-column, rename-table */
	{ "rename column", true, T "ALTER TABLE account RENAME COLUMN note TO remark;\n", NULL, false, "7:rename-column" },
	{ "rename table", true, T "ALTER TABLE account RENAME TO customer;\n", NULL, false, "7:rename-table" },
	{ "rename in a new table", true,
	  T "CREATE TABLE t (id int);\nALTER TABLE t RENAME COLUMN id TO k;\nALTER TABLE t RENAME TO u;\n", NULL, false,
	  "" },
	/* enum-value-used-in-transaction */
	{ "enum value used", true, T "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;\n", NULL, false,
	  "8:enum-value-used-in-transaction" },
	{ "enum value outside a transaction", false, T "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'meh'::mood;\n", NULL,
	  false, "" },
	{ "enum value not used", true, T "ALTER TYPE mood ADD VALUE 'meh';\nSELECT 'ok'::mood;\n", NULL, false, "" },
	/* no-lock-timeout */
	{ "no lock timeout", true, "ALTER TABLE account DROP CONSTRAINT c;\nALTER TABLE account DROP CONSTRAINT d;\n",
	  NULL, false, "6:no-lock-timeout" },
	{ "SET LOCAL outside a transaction", false, T "ALTER TABLE account DROP CONSTRAINT c;\n", NULL, false,
	  "7:no-lock-timeout" },
	{ "lock timeout set", true, T "ALTER TABLE account DROP CONSTRAINT c;\n", NULL, false, "" },
	{ "lock timeout only in the up", true, T "ALTER TABLE account DROP CONSTRAINT c;\n",
	  "ALTER TABLE account ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\n", false, "9:no-lock-timeout" },
	{ "weak locks need no timeout", true, "ALTER TABLE account SET (fillfactor = 90);\nALTER TABLE account ALTER "
	  "COLUMN n SET STATISTICS 500;\nALTER TABLE account VALIDATE CONSTRAINT c;\nCREATE TABLE t (id int);\n", NULL,
	  false, "" },
	/* data-change-with-ddl */
	{ "update with DDL", true, T "ALTER TABLE account ADD COLUMN flag boolean;\nUPDATE account SET flag = true;\n",
	  NULL, false, "8:data-change-with-ddl" },
	{ "insert select with DDL", true,
	  T "INSERT INTO archive SELECT * FROM account;\nALTER TABLE account DROP CONSTRAINT c;\n", NULL, false,
	  "7:data-change-with-ddl" },
	{ "update alone", true, T "UPDATE account SET flag = true;\n", NULL, false, "" },
	{ "update outside a transaction", false,
	  "SET lock_timeout = '2s';\nALTER TABLE account ADD COLUMN flag boolean;\nUPDATE account SET flag = true;\n",
	  NULL, false, "" },
	{ "insert values with DDL", true,
	  T "ALTER TABLE account ADD COLUMN flag boolean;\nINSERT INTO account (id) VALUES (1);\n", NULL, false, "" },
};

START_TEST(test_rule)
{
	const struct rule_case *c = &rule_cases[_i];
	struct strbuf got = STRBUF_INIT;

	lint_case(false, c->transaction, NULL, c->up, c->down, c->before, &got);
	ck_assert_msg(strcmp(got.buf, c->want) == 0, "%s: got \"%s\", want \"%s\"", c->name, got.buf, c->want);
	strbuf_release(&got);
}
END_TEST

/* Every rule has a case that triggers it. */
START_TEST(test_every_rule_triggered)
{
	for (int rule = 0; rule < LINT_NR_RULES; rule++) {
		bool found = rule == LINT_SQLITE_TABLE_REBUILD; /* test_sqlite_rebuild */

		for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]) && !found; i++)
			found = strstr(rule_cases[i].want, lint_rules[rule].id) != NULL;
		ck_assert_msg(found, "no case triggers %s", lint_rules[rule].id);
		ck_assert_int_eq(lint_rule_find(lint_rules[rule].id), rule);
	}
}
END_TEST

#define REBUILD \
	"CREATE TABLE \"account_mig_new\" (id INTEGER PRIMARY KEY, note TEXT NOT NULL);\n" \
	"INSERT INTO \"account_mig_new\" (id, note) SELECT id, note FROM \"account\";\n" \
	"DROP TABLE \"account\";\n" \
	"PRAGMA legacy_alter_table = ON;\n" \
	"ALTER TABLE \"account_mig_new\" RENAME TO \"account\";\n" \
	"PRAGMA legacy_alter_table = OFF;\n"

START_TEST(test_sqlite_rebuild)
{
	struct strbuf got = STRBUF_INIT;

	/* mig-gen's rebuild, in the up and in the down: info, at the copy */
	lint_case(true, true, NULL, REBUILD, "CREATE INDEX x ON account (note);\n" REBUILD, false, &got);
	ck_assert_str_eq(got.buf, "7:sqlite-table-rebuild 15:sqlite-table-rebuild");
	/* a hand-written one with another name */
	lint_case(true, true, NULL,
		  "CREATE TABLE tmp (id INTEGER);\nINSERT INTO tmp SELECT id FROM t;\nDROP TABLE t;\n"
		  "ALTER TABLE tmp RENAME TO t;\n", NULL, false, &got);
	ck_assert_str_eq(got.buf, "7:sqlite-table-rebuild");
	/* no rebuild: an ALTER TABLE SQLite does in place, a table dropped for good */
	lint_case(true, true, NULL, "ALTER TABLE t ADD COLUMN x TEXT;\nDROP TABLE u;\nCREATE TABLE v (id INTEGER);\n",
		  NULL, false, &got);
	ck_assert_str_eq(got.buf, "");
	strbuf_release(&got);
}
END_TEST

START_TEST(test_acknowledgements)
{
	struct strbuf got = STRBUF_INIT;

	/* the header covers the whole file, the up and the down */
	lint_case(false, true, "-- mig:lint-ok index-not-concurrent,drop-index-not-concurrent the table has 40 rows\n",
		  T "CREATE INDEX a_idx ON account (email);\n", T "DROP INDEX a_idx;\n", false, &got);
	ck_assert_str_eq(got.buf, "8:index-not-concurrent(ok) 11:drop-index-not-concurrent(ok)");
	/* "a, b" as "a,b" */
	lint_case(false, true, "-- mig:lint-ok index-not-concurrent, drop-index-not-concurrent\n",
		  T "CREATE INDEX a_idx ON account (email);\n", T "DROP INDEX a_idx;\n", false, &got);
	ck_assert_str_eq(got.buf, "8:index-not-concurrent(ok) 11:drop-index-not-concurrent(ok)");
	/* in a section: the next statement only, comment lines between */
	lint_case(false, true, NULL,
		  T "-- mig:lint-ok index-not-concurrent small\n-- another comment\n\n"
		  "CREATE INDEX a_idx ON account (email);\nCREATE INDEX b_idx ON account (name);\n", NULL, false, &got);
	ck_assert_str_eq(got.buf, "10:index-not-concurrent(ok) 11:index-not-concurrent");
	/* another rule's acknowledgement covers nothing */
	lint_case(false, true, NULL, T "-- mig:lint-ok drop-table\nCREATE INDEX a_idx ON account (email);\n", NULL, false,
		  &got);
	ck_assert_str_eq(got.buf, "8:index-not-concurrent");
	/* in the down */
	lint_case(false, true, NULL, T, T "-- mig:lint-ok drop-table gone since v2\nDROP TABLE legacy;\n", false, &got);
	ck_assert_str_eq(got.buf, "10:drop-table(ok)");
	/* an unknown rule: bad input at its line */
	lint_case(false, true, NULL, T "-- mig:lint-ok index-not-concurent\nCREATE INDEX a_idx ON account (email);\n",
		  NULL, false, &got);
	ck_assert_str_eq(got.buf, "error: " FILE_PATH ":7: mig:lint-ok names an unknown rule \"index-not-concurent\"");
	lint_case(false, true, "-- mig:lint-ok\n", T, NULL, false, &got);
	ck_assert_str_eq(got.buf, "error: " FILE_PATH ":5: mig:lint-ok names no rule");
	strbuf_release(&got);
}
END_TEST

/* The report of one file with one finding, one acknowledged finding and a lock. */
static void one_file(struct lint_report *r)
{
	struct strbuf text = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct lint_options o = { &dialect_pg, NULL, NULL, NULL };

	migration(&text, true, NULL,
		  T "CREATE INDEX a_idx ON account (email);\n-- mig:lint-ok drop-column unused since v2\n"
		  "ALTER TABLE account DROP COLUMN note;\n", NULL);
	lint_report_init(r);
	ck_assert_int_eq(lint_text(&o, FILE_PATH, text.buf, text.len, r, &d), 0);
	ck_assert_int_eq(lint_report_count(r), 1);
	strbuf_release(&text);
}

START_TEST(test_output_text)
{
	struct lint_report r;
	struct strbuf out = STRBUF_INIT;

	one_file(&r);
	lint_format_text(&r, &out);
	ck_assert_str_eq(out.buf,
			 FILE_PATH ":7: index-not-concurrent: CREATE INDEX on \"account\" blocks writes (SHARE lock) "
			 "for the whole build\n"
			 "    safe: CREATE INDEX CONCURRENTLY, in a migration of its own with `-- mig:transaction off`\n");
	strbuf_reset(&out);
	lint_format_locks(&r, &out);
	ck_assert_str_eq(out.buf, FILE_PATH ":7: CREATE INDEX: SHARE on \"account\", scans\n"
			 FILE_PATH ":9: ALTER TABLE: ACCESS EXCLUSIVE on \"account\"\n");
	lint_report_release(&r);
	strbuf_release(&out);
}
END_TEST

START_TEST(test_output_json)
{
	struct lint_report r;
	struct strbuf out = STRBUF_INIT;

	one_file(&r);
	lint_format_json(&r, false, &out);
	ck_assert_str_eq(out.buf,
			 "{\"findings\": [{\"file\": \"" FILE_PATH "\", \"line\": 7, \"rule\": \"index-not-concurrent\", "
			 "\"severity\": \"warning\", \"message\": \"CREATE INDEX on \\\"account\\\" blocks writes (SHARE "
			 "lock) for the whole build\", \"safe\": \"CREATE INDEX CONCURRENTLY, in a migration of its own "
			 "with `-- mig:transaction off`\", \"table\": \"\\\"account\\\"\", \"lock\": \"SHARE\", "
			 "\"rewrites\": false, \"scans\": true, \"acknowledged\": false, \"reason\": null}, "
			 "{\"file\": \"" FILE_PATH "\", \"line\": 9, \"rule\": \"drop-column\", \"severity\": \"warning\", "
			 "\"message\": \"DROP COLUMN \\\"note\\\" on \\\"account\\\": deployed code that still reads or "
			 "writes it fails\", \"safe\": \"deploy the code that stops using the column first, then drop it "
			 "in a later migration\", \"table\": \"\\\"account\\\"\", \"lock\": \"ACCESS EXCLUSIVE\", "
			 "\"rewrites\": false, \"scans\": false, \"acknowledged\": true, \"reason\": \"unused since v2\"}], "
			 "\"count\": 1}\n");
	lint_report_release(&r);
	strbuf_release(&out);
}
END_TEST

START_TEST(test_output_sarif)
{
	struct lint_report r;
	struct strbuf out = STRBUF_INIT, rules = STRBUF_INIT;
	const char *results;

	one_file(&r);
	lint_format_sarif(&r, "1.2.3", "/work/project", &out);
	ck_assert_msg(strncmp(out.buf,
			      "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", "
			      "\"runs\": [{\"tool\": {\"driver\": {\"name\": \"mig-lint\", \"version\": \"1.2.3\", "
			      "\"rules\": [{\"id\": \"index-not-concurrent\", \"shortDescription\": {\"text\": ", 210) == 0,
		      "%s", out.buf);
	/* every rule, in order */
	for (int i = 0; i < LINT_NR_RULES; i++) {
		strbuf_reset(&rules);
		strbuf_addf(&rules, "{\"id\": \"%s\", ", lint_rules[i].id);
		ck_assert_msg(strstr(out.buf, rules.buf), "rule %s missing", lint_rules[i].id);
	}
	results = strstr(out.buf, "\"results\": ");
	ck_assert_ptr_nonnull(results);
	ck_assert_str_eq(results,
			 "\"results\": [{\"ruleId\": \"index-not-concurrent\", \"ruleIndex\": 0, \"level\": \"warning\", "
			 "\"message\": {\"text\": \"CREATE INDEX on \\\"account\\\" blocks writes (SHARE lock) for the "
			 "whole build\"}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \""
			 FILE_PATH "\"}, \"region\": {\"startLine\": 7}}}]}, "
			 "{\"ruleId\": \"drop-column\", \"ruleIndex\": 9, \"level\": \"warning\", \"message\": {\"text\": "
			 "\"DROP COLUMN \\\"note\\\" on \\\"account\\\": deployed code that still reads or writes it "
			 "fails\"}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"" FILE_PATH
			 "\"}, \"region\": {\"startLine\": 9}}}], \"suppressions\": [{\"kind\": \"inSource\", "
			 "\"justification\": \"unused since v2\"}]}]}]}\n");
	lint_report_release(&r);
	strbuf_release(&out);
	strbuf_release(&rules);
}
END_TEST

Suite *lint_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_rule, 0, (int)(sizeof(rule_cases) / sizeof(rule_cases[0])));
	tcase_add_test(tc, test_every_rule_triggered);
	tcase_add_test(tc, test_sqlite_rebuild);
	tcase_add_test(tc, test_acknowledgements);
	suite_add_tcase(s, tc);
	tc = tcase_create("output");
	tcase_add_test(tc, test_output_text);
	tcase_add_test(tc, test_output_json);
	tcase_add_test(tc, test_output_sarif);
	suite_add_tcase(s, tc);
	return s;
}

/* ddl_effect: a script's DDL applied to a model equals the model written with the change. */
#include <stdlib.h>
#include <string.h>

#include "ddl_effect.h"
#include "diag.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"

#define HEAD "<models xmlns=\"urn:mig:model:1\">\n"
#define BASE_TABLES                                                                                       \
	"  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"                               \
	"  <table name=\"account\">\n"                                                                     \
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"                             \
	"    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"                                  \
	"    <primary-key columns=\"id\"/>\n"                                                              \
	"  </table>\n"
#define BASE HEAD BASE_TABLES "</models>\n"
#define BASE_TABLES_WITH_AMOUNT                                                                           \
	"  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"                               \
	"  <table name=\"account\">\n"                                                                     \
	"    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"                             \
	"    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"                                  \
	"    <column name=\"amount\" type=\"numeric\"/>\n"                                                \
	"    <primary-key columns=\"id\"/>\n"                                                              \
	"    <check name=\"account_amount_check\" expr=\"amount &gt;= 0\"/>\n"                            \
	"    <check name=\"account_amount_check1\" expr=\"amount &lt; 100\"/>\n"                          \
	"  </table>\n"

static void load(struct model *m, const char *xml)
{
	struct model_xml_reader r = { 0 };
	struct diag d = DIAG_INIT;

	model_init(m);
	ck_assert_int_eq(model_xml_reader_init(&r, &d), 0);
	ck_assert_msg(model_xml_parse(&r, m, "t.xml", xml, strlen(xml), &d) == 0 && model_finish(m, &d) == 0, "%s",
		      d.message);
	model_xml_reader_release(&r);
	diag_release(&d);
}

/* base + sql (PostgreSQL) equals want; the changes said are changes (when non-NULL). */
static void expect_effect(const char *base, const char *sql, const char *want, const char *changes)
{
	struct model m, w;
	struct ddl_effect fx;
	struct diag d = DIAG_INIT;
	struct strbuf why = STRBUF_INIT;
	struct ddl_effect_script s = { .file = "m.sql", .first_line = 1, .sql = sql };

	load(&m, base);
	load(&w, want);
	ddl_effect_init(&fx);
	ck_assert_msg(ddl_effect_apply(&m, &s, &fx, &d) == 0, "%s: %s:%d: %s", sql, d.file, d.line, d.message);
	ck_assert_msg(model_equal(&w, &m, &why) && model_equal(&m, &w, &why), "%s: %s", sql, why.buf);
	if (changes)
		ck_assert_str_eq(fx.changes.buf, changes);
	ddl_effect_release(&fx);
	model_release(&m);
	model_release(&w);
	diag_release(&d);
	strbuf_release(&why);
}

/* sql fails with exactly message at line (the model is left as the caller's to throw away). */
static void expect_error(const char *sql, int line, const char *message)
{
	struct model m;
	struct ddl_effect fx;
	struct diag d = DIAG_INIT;
	struct ddl_effect_script s = { .file = "m.sql", .first_line = 10, .sql = sql };

	load(&m, BASE);
	ddl_effect_init(&fx);
	ck_assert_int_eq(ddl_effect_apply(&m, &s, &fx, &d), -1);
	ck_assert_str_eq(d.file, "m.sql");
	ck_assert_int_eq(d.line, line);
	ck_assert_str_eq(d.message, message);
	ddl_effect_release(&fx);
	model_release(&m);
	diag_release(&d);
}

START_TEST(test_create_and_alter_table)
{
	expect_effect(BASE,
		      "CREATE TABLE item (\n"
		      "  id serial PRIMARY KEY,\n"
		      "  account_id bigint NOT NULL REFERENCES account ON DELETE CASCADE,\n"
		      "  code varchar(20) UNIQUE,\n"
		      "  price numeric(10,2) NOT NULL DEFAULT 0,\n"
		      "  state mood NOT NULL DEFAULT 'ok',\n"
		      "  created timestamptz NOT NULL DEFAULT now(),\n"
		      "  n int GENERATED ALWAYS AS IDENTITY,\n"
		      "  CONSTRAINT item_price_check CHECK (price >= 0)\n"
		      ");\n",
		      HEAD BASE_TABLES
		      "  <table name=\"item\">\n"
		      "    <column name=\"id\" type=\"serial\"/>\n"
		      "    <column name=\"account_id\" type=\"bigint\" nullable=\"false\"/>\n"
		      "    <column name=\"code\" type=\"varchar(20)\"/>\n"
		      "    <column name=\"price\" type=\"numeric(10,2)\" nullable=\"false\" default=\"0\"/>\n"
		      "    <column name=\"state\" type=\"mood\" nullable=\"false\" default=\"ok\"/>\n"
		      "    <column name=\"created\" type=\"timestamptz\" nullable=\"false\" default-expr=\"now()\"/>\n"
		      "    <column name=\"n\" type=\"integer\" identity=\"always\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "    <unique columns=\"code\"/>\n"
		      "    <foreign-key columns=\"account_id\" references=\"account\" on-delete=\"cascade\"/>\n"
		      "    <check name=\"item_price_check\" expr=\"price &gt;= 0\"/>\n"
		      "  </table>\n</models>\n",
		      "table item created");
	expect_effect(BASE,
		      "ALTER TABLE account ADD COLUMN score integer;\n"
		      "ALTER TABLE account ALTER COLUMN email TYPE varchar(200), ALTER COLUMN email DROP NOT NULL;\n"
		      "ALTER TABLE account ALTER COLUMN score SET DEFAULT 1, ALTER COLUMN score SET NOT NULL;\n"
		      "ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email);\n"
		      "ALTER TABLE account RENAME COLUMN score TO points;\n"
		      "ALTER TABLE public.account RENAME CONSTRAINT account_email_key TO account_mail_key;\n"
		      "INSERT INTO account (email) VALUES ('x'); UPDATE account SET points = 2; SET lock_timeout = 5;\n",
		      HEAD "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"account\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"varchar(200)\"/>\n"
		      "    <column name=\"points\" type=\"integer\" nullable=\"false\" default=\"1\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "    <unique name=\"account_mail_key\" columns=\"email\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
	/* dropping a column takes its constraints and indexes along, as PostgreSQL does */
	expect_effect(BASE,
		      "ALTER TABLE account ADD COLUMN score integer CHECK (score > 0);\n"
		      "CREATE INDEX account_score_idx ON account (score DESC) WHERE score > 10;\n"
		      "ALTER TABLE account DROP COLUMN score;\n",
		      BASE, "column account.score added; index account_score_idx on account created; column account.score dropped");
}
END_TEST

START_TEST(test_indexes_enums_schemas_comments)
{
	expect_effect(BASE,
		      "CREATE SCHEMA billing;\n"
		      "CREATE TABLE billing.invoice (id bigint PRIMARY KEY, account_id bigint REFERENCES account (id));\n"
		      "CREATE UNIQUE INDEX invoice_account_idx ON billing.invoice USING btree (account_id) INCLUDE (id);\n"
		      "ALTER INDEX billing.invoice_account_idx RENAME TO invoice_account_key;\n"
		      "CREATE INDEX account_lower_idx ON account (lower(email));\n"
		      "DROP INDEX account_lower_idx;\n"
		      "ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';\n"
		      "ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad';\n"
		      "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n"
		      "CREATE TYPE color AS ENUM ('red', 'blue');\n"
		      "DROP TYPE color;\n"
		      "COMMENT ON TABLE account IS 'who';\n"
		      "COMMENT ON COLUMN account.email IS 'where';\n"
		      "COMMENT ON TYPE mood IS 'how';\n"
		      "COMMENT ON SCHEMA billing IS 'money';\n"
		      "COMMENT ON INDEX billing.invoice_account_key IS 'one per account';\n",
		      HEAD "  <schema name=\"billing\" comment=\"money\"/>\n"
		      "  <enum name=\"mood\" comment=\"how\"><value>awful</value><value>sad</value><value>fine</value>"
		      "<value>happy</value></enum>\n"
		      "  <table name=\"account\" comment=\"who\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\" comment=\"where\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n"
		      "  <table name=\"invoice\" schema=\"billing\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"account_id\" type=\"bigint\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "    <foreign-key columns=\"account_id\" references=\"public.account (id)\"/>\n"
		      "    <index name=\"invoice_account_key\" unique=\"true\" columns=\"account_id\" include=\"id\" "
		      "comment=\"one per account\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
	/* a constraint's comment */
	expect_effect(BASE, "COMMENT ON CONSTRAINT account_pkey ON public.account IS 'the key';\n",
		      HEAD "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"account\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <primary-key columns=\"id\" comment=\"the key\"/>\n"
		      "  </table>\n</models>\n",
		      "comment on constraint account_pkey on account set");
	/* renames and moves carry the keys that point at the table */
	expect_effect(HEAD BASE_TABLES "  <schema name=\"old\"/>\n</models>\n",
		      "CREATE TABLE note (id bigint, account_id bigint REFERENCES account);\n"
		      "ALTER TABLE account RENAME TO member;\n"
		      "ALTER TABLE member SET SCHEMA old;\n"
		      "DROP TABLE note;\n",
		      HEAD "  <schema name=\"old\"/>\n  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"member\" schema=\"old\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <primary-key name=\"account_pkey\" columns=\"id\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
}
END_TEST

START_TEST(test_outside_objects)
{
	struct model m;
	struct ddl_effect fx;
	struct diag d = DIAG_INIT;
	struct ddl_effect_script s = { .file = "m.sql", .first_line = 5,
				       .sql = "CREATE VIEW v AS SELECT 1;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
					      "GRANT SELECT ON account TO public;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
					      "CREATE SEQUENCE s;\nINSERT INTO account (email) VALUES ('a');\n" };

	load(&m, BASE);
	ddl_effect_init(&fx);
	ck_assert_int_eq(ddl_effect_apply(&m, &s, &fx, &d), 0);
	ck_assert_str_eq(fx.ignored.buf, "m.sql:5: CREATE VIEW: not part of the model, not recorded\n"
					 "m.sql:6: CREATE FUNCTION: not part of the model, not recorded\n"
					 "m.sql:7: GRANT or REVOKE: not part of the model, not recorded\n"
					 "m.sql:8: CREATE EXTENSION: not part of the model, not recorded\n"
					 "m.sql:9: CREATE SEQUENCE: not part of the model, not recorded\n");
	ck_assert_str_eq(fx.data.buf, "m.sql:10: INSERT\n");
	ck_assert_str_eq(fx.changes.buf, "");
	ddl_effect_release(&fx);
	model_release(&m);
	diag_release(&d);
}
END_TEST

/* unnamed checks are named as PostgreSQL names them: one column -> table_column_check */
START_TEST(test_check_names_are_postgresql_s)
{
	expect_effect(BASE,
		      "CREATE TABLE c1 (a int CHECK (a > 0), b int, c int, CHECK (b > c), CHECK (length(b::text) > 0));\n"
		      "ALTER TABLE account ADD COLUMN amount numeric CHECK (amount >= 0);\n"
		      "ALTER TABLE account ADD CHECK (amount < 100);\n"
		      "ALTER TABLE c1 DROP CONSTRAINT c1_a_check;\n",
		      HEAD BASE_TABLES_WITH_AMOUNT
		      "  <table name=\"c1\">\n"
		      "    <column name=\"a\" type=\"integer\"/>\n"
		      "    <column name=\"b\" type=\"integer\"/>\n"
		      "    <column name=\"c\" type=\"integer\"/>\n"
		      "    <check name=\"c1_check\" expr=\"b &gt; c\"/>\n"
		      "    <check name=\"c1_b_check\" expr=\"length(b::text) &gt; 0\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
}
END_TEST

START_TEST(test_errors_name_file_and_line)
{
	expect_error("SELECT 1;\nDO $$ BEGIN END $$;\n", 11,
		     "DO: a DO block runs code mig cannot follow; its effect on the schema cannot be recorded offline");
	expect_error("ALTER TABLE nope ADD COLUMN x int;\n", 10, "ALTER TABLE: table \"nope\" is not in the recorded state");
	expect_error("\n\nALTER TABLE account ADD COLUMN email text;\n", 12,
		     "ALTER TABLE: column \"email\" of table \"account\" already exists");
	expect_error("ALTER TABLE account INHERIT other;\n", 10,
		     "ALTER TABLE: a form of ALTER TABLE mig does not read; its effect on the schema cannot be recorded "
		     "offline");
	expect_error("ALTER TABLE account DROP CONSTRAINT nope;\n", 10,
		     "ALTER TABLE: constraint \"nope\" of table \"account\" is not in the recorded state");
}
END_TEST

/*
 * A column of an enum of another schema (billing.currency): the type keeps
 * its schema (found by fuzz_ddl_effect: the schema's name was read after
 * it was freed).
 */
START_TEST(test_enum_of_another_schema)
{
	expect_effect(HEAD "  <schema name=\"billing\"/>\n"
		      "  <enum name=\"currency\" schema=\"billing\"><value>EUR</value><value>USD</value></enum>\n"
		      "</models>\n",
		      "CREATE TABLE billing.invoice (id bigint PRIMARY KEY, currency billing.currency NOT NULL);\n",
		      HEAD "  <schema name=\"billing\"/>\n"
		      "  <enum name=\"currency\" schema=\"billing\"><value>EUR</value><value>USD</value></enum>\n"
		      "  <table name=\"invoice\" schema=\"billing\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"currency\" type=\"billing.currency\" nullable=\"false\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n"
		      "</models>\n",
		      "table billing.invoice created");
}
END_TEST

/*
 * Column features: a constant cast to a type of another family than the
 * column's stays an expression (its meaning is not the column type's
 * literal).
 */
START_TEST(test_column_features)
{
	expect_effect(BASE,
		      "CREATE TABLE event (id bigint PRIMARY KEY,\n"
		      "  a timestamptz DEFAULT '0001-01-01 00:00:00'::timestamp,\n"
		      "  b timestamptz DEFAULT '0001-01-01 00:00:00+00'::timestamptz,\n"
		      "  c varchar(10) DEFAULT 'x'::text);\n",
		      HEAD BASE_TABLES
		      "  <table name=\"event\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"a\" type=\"timestamptz\" default-expr=\"'0001-01-01 00:00:00'::timestamp\"/>\n"
		      "    <column name=\"b\" type=\"timestamptz\" default=\"0001-01-01 00:00:00+00\"/>\n"
		      "    <column name=\"c\" type=\"varchar(10)\" default=\"x\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n</models>\n",
		      "table event created");
	/* a generated column; DROP EXPRESSION makes it a plain one */
	expect_effect(BASE,
		      "CREATE TABLE line (id bigint PRIMARY KEY, qty integer NOT NULL,\n"
		      "  twice integer GENERATED ALWAYS AS (qty * 2) STORED,\n"
		      "  thrice integer GENERATED ALWAYS AS (qty * 3) STORED);\n"
		      "ALTER TABLE line ALTER COLUMN thrice DROP EXPRESSION;\n",
		      HEAD BASE_TABLES
		      "  <table name=\"line\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"qty\" type=\"integer\" nullable=\"false\"/>\n"
		      "    <column name=\"twice\" type=\"integer\" generated=\"qty * 2\"/>\n"
		      "    <column name=\"thrice\" type=\"integer\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n</models>\n",
		      "table line created; expression of line.thrice dropped");
	/* constraint options and index storage parameters */
	expect_effect(BASE,
		      "CREATE TABLE pair (id bigint PRIMARY KEY, a bigint, n integer,\n"
		      "  CONSTRAINT pair_a_fkey FOREIGN KEY (a) REFERENCES account (id) MATCH FULL,\n"
		      "  CONSTRAINT pair_n_check CHECK (n > 0) NO INHERIT);\n"
		      "CREATE INDEX pair_n_idx ON pair (n) WITH (fillfactor = 70, deduplicate_items = off);\n",
		      HEAD BASE_TABLES
		      "  <table name=\"pair\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"a\" type=\"bigint\"/>\n"
		      "    <column name=\"n\" type=\"integer\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "    <foreign-key name=\"pair_a_fkey\" columns=\"a\" references=\"account\" match=\"full\"/>\n"
		      "    <check name=\"pair_n_check\" expr=\"n &gt; 0\" no-inherit=\"true\"/>\n"
		      "    <index name=\"pair_n_idx\" columns=\"n\" with=\"fillfactor=70, deduplicate_items=off\"/>\n"
		      "  </table>\n</models>\n",
		      "table pair created; index pair_n_idx on pair created");
}
END_TEST

Suite *ddl_effect_suite(void)
{
	Suite *s = suite_create("ddl_effect");
	TCase *tc = tcase_create("statements");

	tcase_add_test(tc, test_create_and_alter_table);
	tcase_add_test(tc, test_indexes_enums_schemas_comments);
	tcase_add_test(tc, test_outside_objects);
	tcase_add_test(tc, test_check_names_are_postgresql_s);
	tcase_add_test(tc, test_errors_name_file_and_line);
	tcase_add_test(tc, test_enum_of_another_schema);
	tcase_add_test(tc, test_column_features);
	suite_add_tcase(s, tc);
	return s;
}

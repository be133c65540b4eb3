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
				       .sql = "CREATE ROLE reader;\nALTER FUNCTION f() STABLE;\n"
					      "GRANT CONNECT ON DATABASE shop TO reader;\nCREATE TEMPORARY VIEW tv AS SELECT 1;\n"
					      "CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);\n"
					      "INSERT INTO account (email) VALUES ('a');\n" };

	load(&m, BASE);
	ddl_effect_init(&fx);
	ck_assert_int_eq(ddl_effect_apply(&m, &s, &fx, &d), 0);
	ck_assert_str_eq(fx.ignored.buf, "m.sql:5: CREATE ROLE: not part of the model, not recorded\n"
					 "m.sql:6: ALTER FUNCTION: not part of the model, not recorded\n"
					 "m.sql:7: GRANT or REVOKE on a database, language, server or other object outside "
					 "the model: not part of the model, not recorded\n"
					 "m.sql:8: CREATE TEMPORARY VIEW (lives for the session only): not part of the model, "
					 "not recorded\n"
					 "m.sql:9: CREATE OPERATOR, TYPE (base), COLLATION or text search object: not part of "
					 "the model, not recorded\n");
	ck_assert_str_eq(fx.data.buf, "m.sql:10: INSERT\n");
	ck_assert_str_eq(fx.changes.buf, "");
	ddl_effect_release(&fx);
	model_release(&m);
	diag_release(&d);
}
END_TEST

#define TOUCH_SQL "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
#define ADD_SQL "CREATE FUNCTION add(a int, b varchar(10), OUT c bigint) LANGUAGE sql AS 'SELECT 1::bigint'"
#define OBJECTS_SQL                                                                                        \
	"-- hand-written\n" TOUCH_SQL ";\n" ADD_SQL ";\n"                                                  \
	"CREATE TRIGGER account_touch BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch();\n"     \
	"CREATE VIEW emails AS SELECT email FROM account;\n"                                                \
	"CREATE OR REPLACE VIEW emails AS SELECT email, id FROM account; -- replaced\n"                      \
	"CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM account;\n"                           \
	"CREATE UNIQUE INDEX counts_n ON counts (n);\n"                                                      \
	"CREATE SEQUENCE ticket START 100;\nALTER SEQUENCE ticket INCREMENT BY 5 RESTART;\n"                \
	"CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\nALTER DOMAIN posint SET NOT NULL;\n"           \
	"CREATE TYPE pair AS (a int, b text);\nCREATE TYPE span AS RANGE (SUBTYPE = integer);\n"            \
	"CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n"              \
	"CREATE POLICY mine ON account USING (true);\n"                                                      \
	"CREATE RULE keep AS ON DELETE TO account DO INSTEAD NOTHING;\n"                                     \
	"ALTER TABLE account ADD CONSTRAINT no_twins EXCLUDE USING gist (email WITH =);\n"                  \
	"COMMENT ON VIEW emails IS 'who';\nCOMMENT ON FUNCTION add(integer, character varying) IS 'sum';\n" \
	"COMMENT ON TRIGGER account_touch ON account IS 'touches';\n"                                        \
	"COMMENT ON CONSTRAINT no_twins ON account IS 'one each';\n"                                         \
	"GRANT INSERT, SELECT, UPDATE (email) ON account TO reader;\n"                                            \
	"GRANT ALL ON SEQUENCE ticket TO reader WITH GRANT OPTION;\n"                                       \
	"GRANT EXECUTE ON FUNCTION add TO PUBLIC;\n"                                                         \
	"GRANT EXECUTE ON FUNCTION add(int, varchar) TO \"Auditor\";\n"                                    \
	"GRANT USAGE ON TYPE pair TO reader;\nGRANT ALL ON SCHEMA billing TO reader;\n"                     \
	"REVOKE INSERT ON account FROM reader;\nGRANT INSERT ON emails TO reader;\n"

/* Objects written by hand are recorded as their SQL, named as mig-inspect names them. */
START_TEST(test_objects_recorded)
{
	expect_effect(HEAD BASE_TABLES "  <schema name=\"billing\"/>\n</models>\n", OBJECTS_SQL,
		      HEAD BASE_TABLES "  <schema name=\"billing\"/>\n"
		      "  <function name=\"touch()\">" TOUCH_SQL "</function>\n"
		      "  <function name=\"add(integer, character varying)\" comment=\"sum\">" ADD_SQL "</function>\n"
		      "  <trigger name=\"account_touch\" table=\"account\" comment=\"touches\">CREATE TRIGGER account_touch "
		      "BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch()</trigger>\n"
		      "  <view name=\"emails\" comment=\"who\">CREATE OR REPLACE VIEW emails AS SELECT email, id FROM "
		      "account</view>\n"
		      "  <materialized-view name=\"counts\">CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM "
		      "account</materialized-view>\n"
		      "  <view-index name=\"counts_n\" table=\"counts\">CREATE UNIQUE INDEX counts_n ON counts (n)"
		      "</view-index>\n"
		      "  <sequence name=\"ticket\">CREATE SEQUENCE ticket START 100 INCREMENT BY 5</sequence>\n"
		      "  <domain name=\"posint\">CREATE DOMAIN posint AS integer CHECK (VALUE &gt; 0) NOT NULL</domain>\n"
		      "  <type name=\"pair\">CREATE TYPE pair AS (a int, b text)</type>\n"
		      "  <type name=\"span\">CREATE TYPE span AS RANGE (SUBTYPE = integer)</type>\n"
		      "  <extension name=\"pgcrypto\">CREATE EXTENSION IF NOT EXISTS pgcrypto</extension>\n"
		      "  <policy name=\"mine\" table=\"account\">CREATE POLICY mine ON account USING (true)</policy>\n"
		      "  <rule name=\"keep\" table=\"account\">CREATE RULE keep AS ON DELETE TO account DO INSTEAD NOTHING"
		      "</rule>\n"
		      "  <constraint name=\"no_twins\" table=\"account\" comment=\"one each\">ALTER TABLE account ADD "
		      "CONSTRAINT no_twins EXCLUDE USING gist (email WITH =)</constraint>\n"
		      "  <grant to=\"reader\" on=\"TABLE public.account\">SELECT, UPDATE (email)</grant>\n"
		      "  <grant to=\"reader\" on=\"SEQUENCE public.ticket\">SELECT, UPDATE, USAGE WITH GRANT OPTION</grant>\n"
		      "  <grant to=\"Auditor\" on=\"FUNCTION public.add(integer, character varying)\">EXECUTE</grant>\n"
		      "  <grant to=\"reader\" on=\"TYPE public.pair\">USAGE</grant>\n"
		      "  <grant to=\"reader\" on=\"SCHEMA billing\">USAGE, CREATE</grant>\n"
		      "  <grant to=\"reader\" on=\"TABLE public.emails\">INSERT</grant>\n"
		      "</models>\n",
		      NULL);
}
END_TEST

/* What goes with a table, a view, a function; renames and moves carry names, SQL and grants. */
START_TEST(test_objects_dropped_and_renamed)
{
	expect_effect(HEAD BASE_TABLES "  <schema name=\"billing\"/>\n</models>\n", OBJECTS_SQL
		      "DROP TABLE account CASCADE;\nDROP VIEW IF EXISTS emails;\nDROP FUNCTION add(int, varchar);\n"
		      "DROP FUNCTION IF EXISTS add(int, varchar);\nDROP TYPE pair, span;\nDROP DOMAIN posint;\n"
		      "DROP SEQUENCE ticket;\nDROP EXTENSION pgcrypto;\nDROP INDEX counts_n;\n",
		      HEAD "  <schema name=\"billing\"/>\n"
		      "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <function name=\"touch()\">" TOUCH_SQL "</function>\n"
		      "  <grant to=\"reader\" on=\"SCHEMA billing\">USAGE, CREATE</grant>\n"
		      "  <materialized-view name=\"counts\">CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM "
		      "account</materialized-view>\n"
		      "</models>\n",
		      NULL);
	expect_effect(HEAD BASE_TABLES "  <schema name=\"billing\"/>\n</models>\n",
		      "CREATE VIEW emails AS SELECT email FROM account;\n"
		      "CREATE TRIGGER account_touch BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION touch();\n"
		      "CREATE FUNCTION add(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\n"
		      "GRANT SELECT ON emails TO reader;\nGRANT EXECUTE ON FUNCTION add(int) TO reader;\n"
		      "GRANT SELECT ON account TO reader;\n"
		      "ALTER VIEW emails RENAME TO mails;\nALTER VIEW mails SET SCHEMA billing;\n"
		      "ALTER FUNCTION add(integer) RENAME TO plus;\nALTER TRIGGER account_touch ON account RENAME TO touch;\n"
		      "ALTER TABLE account RENAME TO member;\n",
		      HEAD "  <schema name=\"billing\"/>\n"
		      "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"member\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <primary-key name=\"account_pkey\" columns=\"id\"/>\n"
		      "  </table>\n"
		      "  <view name=\"mails\" schema=\"billing\">CREATE VIEW billing.mails AS SELECT email FROM account</view>\n"
		      "  <trigger name=\"touch\" table=\"member\">CREATE TRIGGER touch BEFORE UPDATE ON member FOR EACH ROW "
		      "EXECUTE FUNCTION touch()</trigger>\n"
		      "  <function name=\"plus(integer)\">CREATE FUNCTION plus(a int) RETURNS int LANGUAGE sql AS 'SELECT a'"
		      "</function>\n"
		      "  <grant to=\"reader\" on=\"TABLE billing.mails\">SELECT</grant>\n"
		      "  <grant to=\"reader\" on=\"FUNCTION public.plus(integer)\">EXECUTE</grant>\n"
		      "  <grant to=\"reader\" on=\"TABLE public.member\">SELECT</grant>\n"
		      "</models>\n",
		      NULL);
}
END_TEST

/* ALTER DOMAIN and ALTER SEQUENCE rewrite the recorded CREATE; grants to every table of a schema; GRANT OPTION FOR. */
START_TEST(test_objects_altered)
{
	expect_effect(BASE,
		      "CREATE DOMAIN posint AS integer DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0);\n"
		      "ALTER DOMAIN posint DROP CONSTRAINT positive;\nALTER DOMAIN posint DROP DEFAULT;\n"
		      "ALTER DOMAIN posint ADD CONSTRAINT small CHECK (VALUE < 10);\n"
		      "ALTER DOMAIN posint SET DEFAULT 2;\n"
		      "CREATE SEQUENCE s AS integer;\nALTER SEQUENCE s AS bigint MAXVALUE 99 CYCLE;\n"
		      "CREATE SEQUENCE owned;\nALTER SEQUENCE owned OWNED BY account.id;\n"
		      "CREATE VIEW v AS SELECT 1 AS one;\n"
		      "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO reader WITH GRANT OPTION;\n"
		      "REVOKE GRANT OPTION FOR INSERT ON account FROM reader;\n",
		      HEAD BASE_TABLES
		      "  <domain name=\"posint\">CREATE DOMAIN posint AS integer CONSTRAINT small CHECK (VALUE &lt; 10) "
		      "DEFAULT 2</domain>\n"
		      "  <sequence name=\"s\">CREATE SEQUENCE s AS bigint MAXVALUE 99 CYCLE</sequence>\n"
		      /* owned by a column whose default it is not: its own sequence, as mig-inspect reads it */
		      "  <sequence name=\"owned\">CREATE SEQUENCE owned OWNED BY account.id</sequence>\n"
		      "  <view name=\"v\">CREATE VIEW v AS SELECT 1 AS one</view>\n"
		      /* the grant option taken from INSERT alone: two lists, without and with */
		      "  <grant to=\"reader\" on=\"TABLE public.account\">INSERT; SELECT WITH GRANT OPTION</grant>\n"
		      "  <grant to=\"reader\" on=\"TABLE public.v\">SELECT, INSERT WITH GRANT OPTION</grant>\n"
		      "</models>\n",
		      NULL);
	/* a sequence made the one of a column whose default it gives is that column's (a serial), as mig-inspect reads it */
	expect_effect(BASE,
		      "CREATE TABLE c (id serial);\nALTER SEQUENCE c_id_seq OWNED BY c.id;\n",
		      HEAD BASE_TABLES
		      "  <table name=\"c\">\n"
		      "    <column name=\"id\" type=\"integer\" serial=\"true\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
	/* the grant of a column goes with it when the table's privilege is revoked; all of it removes the grant */
	expect_effect(BASE,
		      "GRANT UPDATE (email), SELECT (id, email) ON account TO \"Big\";\n"
		      "REVOKE SELECT ON account FROM \"Big\";\nREVOKE ALL ON account FROM \"Big\";\n",
		      BASE, "grant on TABLE public.account to Big added; grant on TABLE public.account to Big changed; "
		      "grant on TABLE public.account to Big removed");
}
END_TEST

START_TEST(test_object_errors)
{
	expect_error("DROP VIEW nope;\n", 10, "DROP: view \"nope\" is not in the recorded state");
	expect_error("\nDROP FUNCTION f(int);\n", 11, "DROP: function \"f(integer)\" is not in the recorded state");
	expect_error("CREATE VIEW v AS SELECT 1;\nCREATE VIEW v AS SELECT 2;\n", 11,
		     "CREATE VIEW: view \"v\" already exists in the recorded state");
	expect_error("CREATE TRIGGER t BEFORE UPDATE ON nope FOR EACH ROW EXECUTE FUNCTION f();\n", 10,
		     "CREATE TRIGGER: table \"nope\" is not in the recorded state");
	expect_error("DROP TRIGGER t ON account;\n", 10, "DROP: trigger \"t\" on \"account\" is not in the recorded state");
	expect_error("GRANT SELECT ON nope TO reader;\n", 10, "GRANT: table \"nope\" is not in the recorded state");
	expect_error("ALTER TABLE account ADD COLUMN a int, ADD CONSTRAINT x EXCLUDE (a WITH =);\n", 10,
		     "ALTER TABLE: an exclusion constraint not written as a statement of its own (write ALTER TABLE t ADD "
		     "CONSTRAINT c EXCLUDE ...); its effect on the schema cannot be recorded offline");
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

/* Partitions, inheritance, UNLOGGED, row-level security and storage parameters written by hand. */
START_TEST(test_table_properties)
{
	expect_effect(BASE,
		      "CREATE TABLE ev (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\n"
		      "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
		      "CREATE TABLE ev_rest PARTITION OF ev DEFAULT;\n"
		      "CREATE UNLOGGED TABLE child (extra text) INHERITS (account) WITH (fillfactor = 70);\n"
		      "ALTER TABLE account ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n"
		      "ALTER TABLE account SET (autovacuum_enabled = FALSE, fillfactor = 80);\n"
		      "ALTER TABLE account RESET (fillfactor);\n"
		      "ALTER TABLE child SET LOGGED;\n",
		      HEAD "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"account\" row-security=\"true\" force-row-security=\"true\" "
		      "storage=\"autovacuum_enabled=false\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n"
		      "  <table name=\"ev\" partition-by=\"RANGE (at)\">\n"
		      "    <column name=\"id\" type=\"bigint\" nullable=\"false\"/>\n"
		      "    <column name=\"at\" type=\"date\" nullable=\"false\"/>\n"
		      "  </table>\n"
		      "  <table name=\"ev_2024\" partition-of=\"ev\" "
		      "partition-bound=\"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"/>\n"
		      "  <table name=\"ev_rest\" partition-of=\"ev\" partition-bound=\"DEFAULT\"/>\n"
		      "  <table name=\"child\" inherits=\"account\" storage=\"fillfactor=70\">\n"
		      "    <column name=\"extra\" type=\"text\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
}
END_TEST

/*
 * ALTER ... OWNER TO role records the owner; OWNER TO CURRENT_USER (the
 * migrating role, which the model says by naming none) removes it.
 */
START_TEST(test_owners)
{
	expect_effect(HEAD "  <schema name=\"billing\"/>\n" BASE_TABLES "</models>\n",
		      "ALTER TABLE account OWNER TO app_user;\n"
		      "ALTER SCHEMA billing OWNER TO \"Billing Admin\";\n"
		      "CREATE VIEW v_users AS SELECT id FROM account;\n"
		      "ALTER VIEW v_users OWNER TO app_user;\n"
		      "CREATE FUNCTION one(a integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';\n"
		      "ALTER FUNCTION one(int) OWNER TO app_user;\n"
		      "CREATE SEQUENCE s;\nALTER SEQUENCE s OWNER TO app_user;\nALTER SEQUENCE s OWNER TO CURRENT_USER;\n"
		      "CREATE DOMAIN d AS integer;\nALTER DOMAIN d OWNER TO app_user;\n"
		      "ALTER TYPE mood OWNER TO app_user;\n",
		      HEAD "  <schema name=\"billing\" owner=\"Billing Admin\"/>\n"
		      "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"account\" owner=\"app_user\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n"
		      "  <view name=\"v_users\" owner=\"app_user\">CREATE VIEW v_users AS SELECT id FROM account</view>\n"
		      "  <function name=\"one(integer)\" owner=\"app_user\">CREATE FUNCTION one(a integer) RETURNS integer "
		      "LANGUAGE sql AS 'SELECT 1'</function>\n"
		      "  <sequence name=\"s\">CREATE SEQUENCE s</sequence>\n"
		      "  <domain name=\"d\" owner=\"app_user\">CREATE DOMAIN d AS integer</domain>\n"
		      "</models>\n",
		      NULL);
	expect_effect(HEAD "  <table name=\"t\" owner=\"app_user\"><column name=\"id\" type=\"int\"/></table>\n"
		      "</models>\n",
		      "ALTER TABLE t OWNER TO SESSION_USER;\n",
		      HEAD "  <table name=\"t\"><column name=\"id\" type=\"int\"/></table>\n</models>\n",
		      "owner of table t removed");
	expect_error("ALTER VIEW nope OWNER TO app_user;\n", 10,
		     "ALTER VIEW: view \"nope\" is not in the recorded state");
	expect_error("ALTER TABLE account OWNER TO PUBLIC;\n", 10, "ALTER TABLE: PUBLIC cannot own table account");
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
		      "  c varchar(10) DEFAULT 'x'::text,\n"
		      "  n bigint DEFAULT '2'::bigint, m bigint DEFAULT 2, r real DEFAULT '3.5'::real);\n",
		      HEAD BASE_TABLES
		      "  <table name=\"event\">\n"
		      "    <column name=\"id\" type=\"bigint\"/>\n"
		      "    <column name=\"a\" type=\"timestamptz\" default-expr=\"'0001-01-01 00:00:00'::timestamp\"/>\n"
		      "    <column name=\"b\" type=\"timestamptz\" default=\"0001-01-01 00:00:00+00\"/>\n"
		      "    <column name=\"c\" type=\"varchar(10)\" default=\"x\"/>\n"
		      /* a typed literal of a number type is kept as written: a bare 2 reads back as 2 */
		      "    <column name=\"n\" type=\"bigint\" default-expr=\"'2'::bigint\"/>\n"
		      "    <column name=\"m\" type=\"bigint\" default=\"2\"/>\n"
		      "    <column name=\"r\" type=\"real\" default-expr=\"'3.5'::real\"/>\n"
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

/* Identity and serial sequence options: CREATE, ADD, SET in place, ALTER SEQUENCE of a serial. */
START_TEST(test_identity_sequence_options)
{
	expect_effect(BASE,
		      "CREATE TABLE volt (\n"
		      "  id integer GENERATED BY DEFAULT AS IDENTITY (START WITH -100 INCREMENT BY 5 MINVALUE -100 "
		      "MAXVALUE 100) PRIMARY KEY,\n"
		      "  d bigint GENERATED ALWAYS AS IDENTITY (START WITH -100 INCREMENT BY -5 MINVALUE -1000 "
		      "MAXVALUE -10 CACHE 20),\n"
		      "  s serial, n integer NOT NULL);\n"
		      "ALTER TABLE volt ALTER COLUMN d SET INCREMENT BY -2 SET NO MINVALUE SET MAXVALUE -1 "
		      "SET START WITH -50 SET CACHE 1;\n"
		      "ALTER SEQUENCE volt_s_seq INCREMENT BY 3 MAXVALUE 1000 RESTART;\n"
		      "ALTER TABLE volt ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY (START 100 INCREMENT 10);\n"
		      "ALTER TABLE account ALTER COLUMN id SET GENERATED ALWAYS SET CACHE 5;\n"
		      "ALTER TABLE account ADD COLUMN seq smallint GENERATED BY DEFAULT AS IDENTITY "
		      "(MAXVALUE 32767 CYCLE);\n",
		      HEAD
		      "  <enum name=\"mood\"><value>sad</value><value>ok</value></enum>\n"
		      "  <table name=\"account\">\n"
		      "    <column name=\"id\" type=\"bigint\" identity=\"always\" sequence=\"cache 5\"/>\n"
		      "    <column name=\"email\" type=\"text\" nullable=\"false\"/>\n"
		      "    <column name=\"seq\" type=\"smallint\" identity=\"by-default\" sequence=\"CYCLE\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n"
		      "  <table name=\"volt\">\n"
		      "    <column name=\"id\" type=\"integer\" identity=\"by-default\" "
		      "sequence=\"MAXVALUE 100 MINVALUE -100 INCREMENT BY 5\"/>\n"
		      "    <column name=\"d\" type=\"bigint\" identity=\"always\" sequence=\"START WITH -50 INCREMENT BY -2\"/>\n"
		      "    <column name=\"s\" type=\"serial\" sequence=\"INCREMENT BY 3 MAXVALUE 1000\"/>\n"
		      "    <column name=\"n\" type=\"integer\" identity=\"always\" sequence=\"START WITH 100 INCREMENT BY 10\"/>\n"
		      "    <primary-key columns=\"id\"/>\n"
		      "  </table>\n</models>\n",
		      NULL);
}
END_TEST

Suite *ddl_effect_suite(void)
{
	Suite *s = suite_create("ddl_effect");
	TCase *tc = tcase_create("statements");

	tcase_add_test(tc, test_create_and_alter_table);
	tcase_add_test(tc, test_indexes_enums_schemas_comments);
	tcase_add_test(tc, test_outside_objects);
	tcase_add_test(tc, test_objects_recorded);
	tcase_add_test(tc, test_objects_dropped_and_renamed);
	tcase_add_test(tc, test_objects_altered);
	tcase_add_test(tc, test_object_errors);
	tcase_add_test(tc, test_check_names_are_postgresql_s);
	tcase_add_test(tc, test_errors_name_file_and_line);
	tcase_add_test(tc, test_enum_of_another_schema);
	tcase_add_test(tc, test_table_properties);
	tcase_add_test(tc, test_column_features);
	tcase_add_test(tc, test_identity_sequence_options);
	tcase_add_test(tc, test_owners);
	suite_add_tcase(s, tc);
	return s;
}

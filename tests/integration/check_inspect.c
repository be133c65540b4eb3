/*
 * mig-inspect against real databases: a hand-written schema read back
 * faithfully (serial, identity, expression and partial indexes, INCLUDE,
 * deferrable keys, quoted names, comments) and rebuilt from its own output;
 * the example application built by its migration chain reads back as its
 * models; the number of catalog queries does not grow with the tables; a
 * default repeated on columns of different types reads as each type's; and
 * a role that may open one connection only reads the same model.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "model.h"
#include "model_xml.h"
#include "diag.h"
#include "pgtest.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

static const char handwritten[] =
	"CREATE SCHEMA \"Sales\";\n"
	"COMMENT ON SCHEMA \"Sales\" IS 'the sales team''s';\n"
	"CREATE TYPE \"Sales\".stage AS ENUM ('lead', 'won', 'lost');\n"
	"CREATE TABLE \"Sales\".\"Customer\" (\n"
	"  \"Id\" serial PRIMARY KEY,\n"
	"  name varchar(80) NOT NULL,\n"
	"  email text COLLATE \"C\",\n"
	"  stage \"Sales\".stage NOT NULL DEFAULT 'lead',\n"
	"  score numeric(5,2) DEFAULT 0.5,\n"
	"  created timestamptz NOT NULL DEFAULT now(),\n"
	"  CONSTRAINT customer_name_nonempty CHECK (name <> '')\n"
	");\n"
	"COMMENT ON TABLE \"Sales\".\"Customer\" IS 'who buys';\n"
	"COMMENT ON COLUMN \"Sales\".\"Customer\".email IS 'may be empty';\n"
	"CREATE UNIQUE INDEX customer_email_lower ON \"Sales\".\"Customer\" (lower(email)) INCLUDE (name) "
	"WHERE stage <> 'lost';\n"
	"CREATE INDEX customer_created ON \"Sales\".\"Customer\" (created DESC NULLS LAST, name text_pattern_ops);\n"
	"COMMENT ON INDEX \"Sales\".customer_created IS 'newest first';\n"
	"CREATE TABLE \"Sales\".\"order\" (\n"
	"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"  customer_id int NOT NULL,\n"
	"  lines jsonb NOT NULL DEFAULT '[]',\n"
	"  CONSTRAINT order_customer FOREIGN KEY (customer_id) REFERENCES \"Sales\".\"Customer\" (\"Id\")\n"
	"    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n"
	");\n";

/* mig-inspect's output for db (the tool itself). */
static char *inspect_tool(struct pgtest_db *db)
{
	struct run_result r;
	char *out;

	run_tool(&r, NULL, NULL, "mig-inspect", "--database-url", db->url, NULL);
	ck_assert_msg(r.status == 0, "mig-inspect: %s", r.err);
	ck_assert_str_eq(r.err, "");
	out = r.out;
	r.out = NULL;
	run_result_release(&r);
	return out;
}

static void write_models(const char *dir, const char *doc)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/models", dir);
	ck_assert_int_eq(fs_mkdirs(path.buf, NULL), 0);
	strbuf_addstr(&path, "/m.xml");
	test_write_file(path.buf, doc);
	strbuf_release(&path);
}

START_TEST(test_handwritten_schema_round_trips)
{
	struct pgtest_db a, b;
	char *xml, *proj = test_mkdtemp(), *again;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char **names;
	size_t n;

	pgtest_create(&a, "mig_inspect_a");
	pgtest_exec(&a, handwritten);
	xml = inspect_tool(&a);
	/* what a reader of the model checks */
	ck_assert_ptr_nonnull(strstr(xml, "<schema name=\"Sales\" comment=\"the sales team's\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"Id\" type=\"integer\" nullable=\"false\" serial=\"true\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"email\" type=\"text\" collation=\"C\" comment=\"may be empty\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"stage\" type=\"stage\" nullable=\"false\" default=\"lead\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"score\" type=\"numeric(5,2)\" default=\"0.5\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"id\" type=\"bigint\" nullable=\"false\" identity=\"always\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "references=\"Customer (Id)\" on-delete=\"cascade\" deferrable=\"true\" initially-deferred=\"true\""));
	ck_assert_ptr_nonnull(strstr(xml, "<index name=\"customer_email_lower\" unique=\"true\" where=\"stage &lt;&gt; 'lost'::&quot;Sales&quot;.stage\" include=\"name\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<key expr=\"lower(email)\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<key column=\"created\" order=\"desc\" nulls=\"last\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<key column=\"name\" opclass=\"text_pattern_ops\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "comment=\"newest first\""));

	/* mig-gen takes the output unchanged, and builds the same schema elsewhere */
	write_models(proj, xml);
	run_tool(&r, proj, NULL, "mig-gen", "--timestamp", "20260101000000", NULL);
	ck_assert_msg(r.status == 0, "mig-gen on mig-inspect's output: %s", r.err);
	run_result_release(&r);
	pgtest_create(&b, "mig_inspect_b");
	strbuf_addf(&path, "%s/migrations/pgsql", proj);
	n = fs_list_dir(path.buf, ".sql", &names);
	ck_assert_uint_eq(n, 1);
	strbuf_addf(&path, "/%s", names[0]);
	pgtest_apply(&b, path.buf, true);
	again = inspect_tool(&b);
	ck_assert_str_eq(again, xml);

	fs_free_list(names, n);
	free(xml);
	free(again);
	pgtest_drop(&a);
	pgtest_drop(&b);
	test_rmtree(proj);
	free(proj);
	strbuf_release(&path);
}
END_TEST

/*
 * Owners: written only when they are not the role reading (a database the
 * migrating role owns reads without owners); and they round-trip.
 */
START_TEST(test_owner_only_when_not_the_reader)
{
	struct pgtest_db a, b;
	char *xml, *proj = test_mkdtemp(), *again;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char **names;
	size_t n;

	pgtest_create(&a, "mig_inspect_owner_a");
	pgtest_exec(&a, "DO $$ BEGIN CREATE ROLE mig_inspect_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
		    "CREATE SCHEMA theirs;\nALTER SCHEMA theirs OWNER TO mig_inspect_owner;\nCREATE SCHEMA mine;\n"
		    "CREATE TABLE mine.t (id int);\nCREATE TABLE theirs.u (id int);\n"
		    "ALTER TABLE theirs.u OWNER TO mig_inspect_owner;\n"
		    "CREATE VIEW v AS SELECT 1 AS one;\nALTER VIEW v OWNER TO mig_inspect_owner;\n"
		    "CREATE VIEW w AS SELECT 2 AS two;\n"
		    "CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';\n"
		    "ALTER FUNCTION f(integer) OWNER TO mig_inspect_owner;\n");
	xml = inspect_tool(&a);
	ck_assert_ptr_nonnull(strstr(xml, "<schema name=\"mine\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<schema name=\"theirs\" owner=\"mig_inspect_owner\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<table name=\"t\" schema=\"mine\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<table name=\"u\" schema=\"theirs\" owner=\"mig_inspect_owner\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<view name=\"v\" owner=\"mig_inspect_owner\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<view name=\"w\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<function name=\"f(integer)\" owner=\"mig_inspect_owner\">"));

	/* built elsewhere from mig-inspect's output: the same owners */
	write_models(proj, xml);
	run_tool(&r, proj, NULL, "mig-gen", "--timestamp", "20260101000000", NULL);
	ck_assert_msg(r.status == 0, "mig-gen on mig-inspect's output: %s", r.err);
	run_result_release(&r);
	pgtest_create(&b, "mig_inspect_owner_b");
	strbuf_addf(&path, "%s/migrations/pgsql", proj);
	n = fs_list_dir(path.buf, ".sql", &names);
	ck_assert_uint_eq(n, 1);
	strbuf_addf(&path, "/%s", names[0]);
	pgtest_apply(&b, path.buf, true);
	again = inspect_tool(&b);
	ck_assert_str_eq(again, xml);

	fs_free_list(names, n);
	free(xml);
	free(again);
	pgtest_drop(&a);
	pgtest_drop(&b);
	test_rmtree(proj);
	free(proj);
	strbuf_release(&path);
}
END_TEST

/* The example application, built by its migrations, reads back as its models. */
START_TEST(test_example_chain_reads_back_as_its_models)
{
	struct pgtest_db db;
	char *proj = test_mkdtemp(), *models = test_path("models"), *xml;
	struct run_result r;
	struct strbuf path = STRBUF_INIT, why = STRBUF_INIT;
	struct model want, have;
	struct diag d = DIAG_INIT;
	char **names;
	size_t n;

	run_tool(&r, proj, NULL, "mig-gen", "--models", models, "--timestamp", "20260101000000", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	run_result_release(&r);
	pgtest_create(&db, "mig_inspect_example");
	strbuf_addf(&path, "%s/migrations/pgsql", proj);
	n = fs_list_dir(path.buf, ".sql", &names);
	strbuf_addf(&path, "/%s", names[0]);
	pgtest_apply(&db, path.buf, true);

	/* the same schema, object by object */
	model_init(&want);
	ck_assert_int_eq(model_xml_load_dir(&want, models, NULL, &d), 0);
	pgtest_inspect(&db, &have);
	ck_assert_msg(model_equal(&want, &have, &why) && model_equal(&have, &want, &why), "%s", why.buf);

	/* and mig-gen, given mig-inspect's output as the models, has nothing to do */
	xml = inspect_tool(&db);
	write_models(proj, xml);
	run_tool(&r, proj, NULL, "mig-gen", "--check", NULL);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);

	fs_free_list(names, n);
	model_release(&want);
	model_release(&have);
	pgtest_drop(&db);
	test_rmtree(proj);
	free(proj);
	free(models);
	free(xml);
	strbuf_release(&path);
	strbuf_release(&why);
	diag_release(&d);
}
END_TEST

/*
 * One default text, read once per column type: '7'::bigint is an
 * expression on a bigint column (the cast is its own type's) and the
 * literal 7 on a column of a domain over bigint, however many columns
 * repeat it, in whatever order.
 */
START_TEST(test_same_default_read_per_column_type)
{
	struct pgtest_db db;
	char *xml;

	pgtest_create(&db, "mig_inspect_defaults");
	pgtest_exec(&db, "CREATE DOMAIN big AS bigint; "
			 "CREATE TABLE m (a bigint DEFAULT '7'::bigint, b big DEFAULT '7'::bigint, "
			 "c bigint DEFAULT '7'::bigint, d big DEFAULT '7'::bigint, "
			 "e bigint GENERATED BY DEFAULT AS IDENTITY (MAXVALUE 1000), "
			 "f integer GENERATED BY DEFAULT AS IDENTITY (MAXVALUE 1000));");
	xml = inspect_tool(&db);
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"a\" type=\"bigint\" default-expr=\"'7'::bigint\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"b\" type=\"text\" pg-type=\"big\" default=\"7\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"c\" type=\"bigint\" default-expr=\"'7'::bigint\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"d\" type=\"text\" pg-type=\"big\" default=\"7\"/>"));
	/* the same options are the default MAXVALUE of neither type */
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"e\" type=\"bigint\" nullable=\"false\" identity=\"by-default\" sequence=\"MAXVALUE 1000\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<column name=\"f\" type=\"integer\" nullable=\"false\" identity=\"by-default\" sequence=\"MAXVALUE 1000\"/>"));
	free(xml);
	pgtest_drop(&db);
}
END_TEST

/* Statements the server logged for one mig-inspect run (log_statement=all). */
static int logged_queries(struct pgtest_db *db)
{
	const char *log = getenv("MIG_TEST_PG_LOG");
	struct stat st;
	off_t before;
	char *text;
	int count = 0;
	struct run_result r;
	const char *env[] = { "PGOPTIONS=-c log_statement=all", "PGAPPNAME=mig_inspect_counted", NULL };

	ck_assert_msg(log && stat(log, &st) == 0, "the harness's server log is needed (MIG_TEST_PG_LOG)");
	before = st.st_size;
	run_tool(&r, NULL, env, "mig-inspect", "--database-url", db->url, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	run_result_release(&r);
	text = test_read_file(log);
	ck_assert_ptr_nonnull(text);
	for (const char *p = text + before; (p = strstr(p, "LOG:  execute <unnamed>: ")) != NULL; p++)
		count++;
	free(text);
	return count;
}

START_TEST(test_constant_number_of_catalog_queries)
{
	struct pgtest_db db;
	struct strbuf sql = STRBUF_INIT;
	int few, many;

	pgtest_create(&db, "mig_inspect_count");
	pgtest_exec(&db, "CREATE TABLE t0 (id int PRIMARY KEY, v text UNIQUE); CREATE INDEX ON t0 (v);");
	few = logged_queries(&db);
	for (int i = 1; i <= 40; i++)
		strbuf_addf(&sql, "CREATE TABLE t%d (id int PRIMARY KEY, v text UNIQUE, p int REFERENCES t0, "
			    "CHECK (id > 0)); CREATE INDEX ON t%d (v, p);", i, i);
	pgtest_exec(&db, sql.buf);
	many = logged_queries(&db);
	ck_assert_int_gt(few, 0);
	ck_assert_int_eq(few, many);
	ck_assert_int_le(many, 11); /* eight for the model, two for the objects kept as SQL (and what pg_depend says they need), one for what it leaves out */
	strbuf_release(&sql);
	pgtest_drop(&db);
}
END_TEST

/* mig-inspect's output for db read as role (the tool itself). */
static char *inspect_as(struct pgtest_db *db, const char *role)
{
	struct run_result r;
	struct strbuf url = STRBUF_INIT;
	const char *at = strchr(db->url, '@');
	char *out;

	ck_assert_ptr_nonnull(at);
	strbuf_addf(&url, "postgresql://%s%s", role, at);
	run_tool(&r, NULL, NULL, "mig-inspect", "--database-url", url.buf, NULL);
	ck_assert_msg(r.status == 0, "mig-inspect as %s: %s", role, r.err);
	ck_assert_str_eq(r.err, "");
	out = r.out;
	r.out = NULL;
	run_result_release(&r);
	strbuf_release(&url);
	return out;
}

/*
 * mig-inspect reads the constraints and indexes on a second connection in
 * the first one's snapshot; a role that may open only one connection, or
 * may not export a snapshot, reads the same model on one connection.
 */
START_TEST(test_one_connection_reads_the_same)
{
	struct pgtest_db db;
	struct strbuf sql = STRBUF_INIT;
	char *one, *two, *again;

	pgtest_create(&db, "mig_inspect_one_connection");
	pgtest_exec(&db, handwritten);
	for (int i = 1; i <= 20; i++)
		strbuf_addf(&sql, "CREATE TABLE t%d (id int PRIMARY KEY, v text UNIQUE, p int REFERENCES t%d, "
			    "CHECK (id > %d)); CREATE INDEX ON t%d (v, p); "
			    "CREATE VIEW v%d AS SELECT id FROM t%d;", i, i > 1 ? i - 1 : 1, i, i, i, i);
	strbuf_addstr(&sql, "DO $$ BEGIN CREATE ROLE mig_inspect_one LOGIN; "
		      "EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
		      "ALTER ROLE mig_inspect_one CONNECTION LIMIT 1;");
	pgtest_exec(&db, sql.buf);
	one = inspect_as(&db, "mig_inspect_one");
	pgtest_exec(&db, "ALTER ROLE mig_inspect_one CONNECTION LIMIT -1");
	two = inspect_as(&db, "mig_inspect_one");
	ck_assert_ptr_nonnull(strstr(one, "<check name=\"t20_id_check\" expr=\"id &gt; 20\"/>"));
	ck_assert_ptr_nonnull(strstr(one, "<view name=\"v20\" owner=\"postgres\">"));
	ck_assert_str_eq(one, two);
	/* a snapshot it may not export (its error ends the transaction): read again on one connection */
	pgtest_exec(&db, "REVOKE EXECUTE ON FUNCTION pg_export_snapshot() FROM PUBLIC");
	again = inspect_as(&db, "mig_inspect_one");
	ck_assert_str_eq(again, one);
	free(one);
	free(two);
	free(again);
	strbuf_release(&sql);
	pgtest_drop(&db);
}
END_TEST

Suite *inspect_suite(void)
{
	Suite *s = suite_create("inspect");
	TCase *tc = tcase_create("pgsql");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_handwritten_schema_round_trips);
	tcase_add_test(tc, test_example_chain_reads_back_as_its_models);
	tcase_add_test(tc, test_constant_number_of_catalog_queries);
	tcase_add_test(tc, test_owner_only_when_not_the_reader);
	tcase_add_test(tc, test_same_default_read_per_column_type);
	tcase_add_test(tc, test_one_connection_reads_the_same);
	suite_add_tcase(s, tc);
	return s;
}

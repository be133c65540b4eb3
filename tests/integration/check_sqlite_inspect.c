/*
 * mig-inspect on SQLite (inspect_sqlite.h), no server needed: models that
 * cover each feature of docs/sqlite.md go through mig-gen --dialect sqlite
 * and mig-apply into a SQLite file, and mig-inspect reads them back as the
 * models (both normalised with model_sqlite_normalize(), which says what
 * SQLite keeps), without a warning; hand-written DDL reads without failing,
 * with one warning for each thing the model has no room for; a missing
 * database is an error, never created; the normalisation is idempotent.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "fs.h"
#include "inspect.h"
#include "inspect_sqlite.h"
#include "model.h"
#include "model_sqlite.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

#define TS "20260101000000"

/* A project directory with a SQLite database in it: models/, migrations/, db.sqlite3. */
struct sqlite_project {
	char *dir;
	char *db;      /* owned: <dir>/db.sqlite3 */
	char *url_env; /* owned: "DATABASE_URL=sqlite:<db>" */
	const char **env; /* owned array: a clean environment with url_env */
};

static void project_init(struct sqlite_project *p)
{
	struct strbuf sb = STRBUF_INIT;
	const char *url[2] = { NULL, NULL };

	p->dir = test_mkdtemp();
	strbuf_addf(&sb, "%s/db.sqlite3", p->dir);
	p->db = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "DATABASE_URL=sqlite:%s", p->db);
	p->url_env = strbuf_detach(&sb, NULL);
	url[0] = p->url_env;
	p->env = test_clean_env(url, NULL);
	strbuf_addf(&sb, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(sb.buf, NULL), 0);
	strbuf_release(&sb);
}

static void project_release(struct sqlite_project *p)
{
	test_rmtree(p->dir);
	free(p->dir);
	free(p->db);
	free(p->url_env);
	free(p->env);
}

static void write_model(struct sqlite_project *p, const char *xml)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/models/m.xml", p->dir);
	test_write_file(path.buf, xml);
	strbuf_release(&path);
}

/* mig-gen --dialect sqlite, then mig-apply, as a user runs them. */
static void generate_and_apply(struct sqlite_project *p, const char *models_dir)
{
	struct run_result r;

	if (models_dir)
		run_tool(&r, p->dir, p->env, "mig-gen", "--dialect", "sqlite", "--models", models_dir, "--timestamp", TS,
			 "--name", "init", NULL);
	else
		run_tool(&r, p->dir, p->env, "mig-gen", "--dialect", "sqlite", "--timestamp", TS, "--name", "init", NULL);
	ck_assert_msg(r.status == 0, "mig-gen: %s%s", r.out, r.err);
	run_result_release(&r);
	run_tool(&r, p->dir, p->env, "mig-apply", NULL);
	ck_assert_msg(r.status == 0, "mig-apply: %s%s", r.out, r.err);
	run_result_release(&r);
}

/* mig-inspect's run (the caller releases r). */
static void inspect_tool(struct sqlite_project *p, struct run_result *r, const char *schema)
{
	if (schema)
		run_tool(r, p->dir, p->env, "mig-inspect", "--schema", schema, NULL);
	else
		run_tool(r, p->dir, p->env, "mig-inspect", NULL);
}

/* A model document (mig-inspect's output) parsed and finished. */
static void parse_model(const char *doc, struct model *m)
{
	struct model_xml_reader rd;
	struct diag d = DIAG_INIT;

	model_init(m);
	ck_assert_int_eq(model_xml_reader_init(&rd, &d), 0);
	ck_assert_msg(model_xml_parse(&rd, m, "inspected.xml", doc, strlen(doc), &d) == 0 && model_finish(m, &d) == 0,
		      "mig-inspect's output does not load: %s\n%s", d.message, doc);
	model_xml_reader_release(&rd);
	diag_release(&d);
}

/* Are want and have the same schema as SQLite keeps it? (both normalised) */
static void assert_same_schema(struct model *want, struct model *have, const char *have_doc)
{
	struct strbuf why = STRBUF_INIT;

	model_sqlite_normalize(want);
	model_sqlite_normalize(have);
	ck_assert_msg(model_equal(want, have, &why) && model_equal(have, want, &why), "%s\ninspected:\n%s", why.buf,
		      have_doc);
	strbuf_release(&why);
}

/*
 * The round trip: the models through mig-gen and mig-apply into SQLite,
 * and mig-inspect's output equal to them as SQLite keeps them, with the
 * warnings want_err (none, "", unless mig's own SQL holds something the
 * model lacks). Returns the output (caller frees).
 */
static char *round_trip(struct sqlite_project *p, const char *models_dir, const char *want_err)
{
	struct run_result r;
	struct model want, have;
	struct diag d = DIAG_INIT;
	char *doc, *dir = models_dir ? xstrdup(models_dir) : NULL;

	if (!dir) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s/models", p->dir);
		dir = strbuf_detach(&sb, NULL);
	}
	generate_and_apply(p, models_dir);
	inspect_tool(p, &r, NULL);
	ck_assert_msg(r.status == 0, "mig-inspect: %s", r.err);
	ck_assert_str_eq(r.err, want_err);
	doc = r.out;
	r.out = NULL;
	run_result_release(&r);

	model_init(&want);
	ck_assert_msg(model_xml_load_dir(&want, dir, NULL, &d) == 0, "%s", d.message);
	parse_model(doc, &have);
	assert_same_schema(&want, &have, doc);
	model_release(&want);
	model_release(&have);
	diag_release(&d);
	free(dir);
	return doc;
}

static void assert_has(const char *doc, const char *line)
{
	ck_assert_msg(strstr(doc, line) != NULL, "expected %s in:\n%s", line, doc);
}

/* --- models through mig-gen and mig-apply, read back -------------------------------------- */

START_TEST(test_enums)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1' app='shop'>\n"
		" <enum name='mood' comment='how'><value>sad</value><value>ok</value><value>it's fine</value></enum>\n"
		" <enum name='Size'><value>S</value><value>M</value><value>L</value></enum>\n"
		" <enum name='unused'><value>x</value></enum>\n"
		" <table name='person'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='mood' type='mood' nullable='false' default='ok'/>\n"
		"  <column name='size' type='Size'/>\n"
		"  <column name='past_moods' type='mood[]'/>\n"
		"  <primary-key columns='id'/>\n"
		" </table>\n"
		" <table name='pet'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='Mood' type='mood' default=\"it's fine\"/>\n"
		"  <primary-key columns='id'/>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	/* the checks mig_enum_<column> are the enums, not checks; an enum no column uses is gone */
	assert_has(doc, "<enum name=\"Size\">");
	assert_has(doc, "<column name=\"Mood\" type=\"mood\" default=\"it's fine\"/>");
	assert_has(doc, "<column name=\"past_moods\" type=\"mood[]\"/>");
	ck_assert_ptr_null(strstr(doc, "mig_enum_"));
	ck_assert_ptr_null(strstr(doc, "unused"));
	free(doc);
	project_release(&p);
}
END_TEST

/*
 * Two enums of one name in different schemas, used by one table: SQLite has
 * one name for both, so the first column's gives the enum and the other
 * keeps its values in its check, with a raw type.
 */
START_TEST(test_enums_of_one_name)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <schema name='a'/>\n"
		" <enum name='state' schema='a'><value>x</value></enum>\n"
		" <enum name='state'><value>y</value><value>z</value></enum>\n"
		" <table name='t'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='s1' type='a.state' default='x'/>\n"
		"  <column name='s2' type='state' default='y'/>\n"
		"  <primary-key columns='id'/>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL,
			 "mig-inspect: warning: table \"t\": column \"s2\" lists other values than enum \"state\" (as an "
			 "earlier column reads); it keeps a raw type and its check \"mig_enum_s2\"\n");
	assert_has(doc, "<column name=\"s1\" type=\"state\" default=\"x\"/>");
	assert_has(doc, "<column name=\"s2\" type=\"numeric\" sqlite-type=\"state\" default-expr=\"'y'\"/>");
	assert_has(doc, "<check name=\"mig_enum_s2\" expr=\"s2 IN ('y', 'z')\"/>");
	free(doc);
	project_release(&p);
}
END_TEST

START_TEST(test_identity)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <table name='a'><column name='id' type='bigint' identity='by-default'/>"
		"<column name='v' type='text'/><primary-key columns='id'/></table>\n"
		" <table name='b'><column name='id' type='integer' identity='always'/>"
		"<primary-key name='b_key' columns='id'/></table>\n"
		" <table name='c'><column name='id' type='smallint' serial='true'/><primary-key columns='id'/></table>\n"
		" <table name='d'><column name='id' type='integer'/><primary-key columns='id'/></table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	/* INTEGER PRIMARY KEY AUTOINCREMENT: the rowid, 64 bits, whatever the model's width */
	assert_has(doc, "<table name=\"b\">\n    <column name=\"id\" type=\"bigint\" nullable=\"false\" identity=\"by-default\"/>\n"
			"    <primary-key name=\"b_key\" columns=\"id\"/>");
	assert_has(doc, "<table name=\"c\">\n    <column name=\"id\" type=\"bigint\" nullable=\"false\" identity=\"by-default\"/>");
	/* without AUTOINCREMENT a plain integer key */
	assert_has(doc, "<table name=\"d\">\n    <column name=\"id\" type=\"integer\" nullable=\"false\"/>");
	free(doc);
	project_release(&p);
}
END_TEST

START_TEST(test_keys)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <table name='account'>\n"
		"  <column name='id' type='bigint' identity='by-default'/>\n"
		"  <column name='email' type='varchar(200)' nullable='false'/>\n"
		"  <column name='tenant' type='integer' nullable='false'/>\n"
		"  <column name='code' type='text' nullable='false'/>\n"
		"  <primary-key columns='id'/>\n"
		"  <unique columns='email'/>\n"
		"  <unique name='account_tenant_code' columns='tenant, code'/>\n"
		" </table>\n"
		" <table name='membership'>\n"
		"  <column name='account_id' type='bigint' nullable='false'/>\n"
		"  <column name='group_id' type='integer' nullable='false'/>\n"
		"  <column name='tenant' type='integer'/>\n"
		"  <column name='code' type='text'/>\n"
		"  <column name='parent_account' type='bigint'/>\n"
		"  <column name='parent_group' type='integer'/>\n"
		"  <primary-key columns='account_id, group_id'/>\n"
		"  <foreign-key columns='account_id' references='account' on-delete='cascade' on-update='restrict'/>\n"
		"  <foreign-key name='membership_code_fkey' columns='tenant, code' references='account (tenant, code)'"
		" on-delete='set-null' deferrable='true' initially-deferred='true'/>\n"
		"  <foreign-key columns='parent_account, parent_group' references='membership (account_id, group_id)'"
		" on-delete='set-default' on-update='cascade' deferrable='true'/>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	assert_has(doc, "<primary-key name=\"membership_pkey\" columns=\"account_id, group_id\"/>");
	assert_has(doc, "<unique name=\"account_tenant_code\" columns=\"tenant, code\"/>");
	assert_has(doc, "references=\"account (tenant, code)\" on-delete=\"set-null\" deferrable=\"true\" "
			"initially-deferred=\"true\"/>");
	assert_has(doc, "references=\"membership (account_id, group_id)\" on-delete=\"set-default\" "
			"on-update=\"cascade\" deferrable=\"true\"/>");
	free(doc);
	project_release(&p);
}
END_TEST

START_TEST(test_checks_and_indexes)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <table name='doc'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='title' type='text' nullable='false'/>\n"
		"  <column name='body' type='text'/>\n"
		"  <column name='score' type='double'/>\n"
		"  <column name='deleted_at' type='timestamptz'/>\n"
		"  <primary-key columns='id'/>\n"
		"  <check name='doc_title_nonempty' expr=\"title &lt;&gt; ''\"/>\n"
		"  <check expr='score BETWEEN 0 AND 1'/>\n"
		"  <check name='doc_no_regex' expr=\"title ~ '^[a-z]'\"/>\n"
		"  <index name='doc_live_title' columns='title' unique='true' where='deleted_at IS NULL'/>\n"
		"  <index name='doc_lower_title'><key expr='lower(title)' collation='C'/>"
		"<key column='score' order='desc' nulls='last'/></index>\n"
		"  <index name='doc_hash' method='hash' columns='body'/>\n"
		"  <index name='doc_gin' method='gin' columns='body'/>\n"
		"  <index name='doc_include' columns='score' include='body'/>\n"
		"  <index name='doc_sum'><key expr='(score + 1)'/><key column='title' collation='C' order='asc'/></index>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	assert_has(doc, "<check name=\"doc_check\" expr=\"score BETWEEN 0 AND 1\"/>");
	assert_has(doc, "<index name=\"doc_live_title\" columns=\"title\" unique=\"true\" where=\"deleted_at IS NULL\"/>");
	assert_has(doc, "<key expr=\"lower(title)\" collation=\"C\"/>");
	assert_has(doc, "<index name=\"doc_hash\" columns=\"body\"/>");
	/* what SQLite has no room for is not there: the regular expression, the GIN index */
	ck_assert_ptr_null(strstr(doc, "doc_no_regex"));
	ck_assert_ptr_null(strstr(doc, "doc_gin"));
	free(doc);
	project_release(&p);
}
END_TEST

START_TEST(test_defaults_and_types)
{
	struct sqlite_project p;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <table name='thing'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='n_small' type='smallint' default='-5'/>\n"
		"  <column name='n_big' type='bigint' default='+42'/>\n"
		"  <column name='label' type='varchar(20)' nullable='false' default=\"it's\"/>\n"
		"  <column name='code' type='char(3)'/>\n"
		"  <column name='price' type='numeric(10,2)' nullable='false' default='9.99'/>\n"
		"  <column name='ratio' type='real' default='1e10'/>\n"
		"  <column name='big' type='double' default='-Infinity'/>\n"
		"  <column name='on' type='boolean' nullable='false' default='true'/>\n"
		"  <column name='off' type='boolean' default='false'/>\n"
		"  <column name='born' type='date' default='2024-02-29'/>\n"
		"  <column name='at' type='time(3)'/>\n"
		"  <column name='created' type='timestamptz' nullable='false' default-expr='now()'/>\n"
		"  <column name='updated' type='timestamp(0)' default-expr='CURRENT_TIMESTAMP'/>\n"
		"  <column name='span' type='interval' default='1 day'/>\n"
		"  <column name='uid' type='uuid' default-expr='gen_random_uuid()'/>\n"
		"  <column name='doc' type='jsonb' nullable='false' default-expr=\"'{}'::jsonb\"/>\n"
		"  <column name='raw' type='json'/>\n"
		"  <column name='blob' type='bytes'/>\n"
		"  <column name='tags' type='text[]' default-expr=\"'{}'\"/>\n"
		"  <column name='nums' type='integer[]' default='{1,2}'/>\n"
		"  <column name='names' type='varchar(20)[]'/>\n"
		"  <column name='amounts' type='numeric(10,2)[][]'/>\n"
		"  <column name='at_local' type='time' default-expr='LOCALTIME'/>\n"
		"  <column name='ci' type='text' collation='nocase'/>\n"
		"  <column name='bin' type='text' collation='C'/>\n"
		"  <column name='de' type='text' collation='de-DE-x-icu'/>\n"
		"  <column name='raw_type' type='timestamp' sqlite-type='DATETIME'/>\n"
		"  <column name='pg_only' type='text' pg-type='citext'/>\n"
		"  <column name='expr_default' type='integer' default-expr='1 + 2'/>\n"
		"  <primary-key columns='id'/>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	assert_has(doc, "<column name=\"n_small\" type=\"smallint\" default=\"-5\"/>");
	assert_has(doc, "<column name=\"n_big\" type=\"bigint\" default=\"42\"/>");
	assert_has(doc, "<column name=\"label\" type=\"varchar(20)\" nullable=\"false\" default=\"it's\"/>");
	assert_has(doc, "<column name=\"price\" type=\"numeric(10,2)\" nullable=\"false\" default=\"9.99\"/>");
	assert_has(doc, "<column name=\"on\" type=\"boolean\" nullable=\"false\" default=\"true\"/>");
	assert_has(doc, "<column name=\"off\" type=\"boolean\" default=\"false\"/>");
	assert_has(doc, "<column name=\"created\" type=\"timestamptz\" nullable=\"false\" default-expr=\"CURRENT_TIMESTAMP\"/>");
	assert_has(doc, "<column name=\"tags\" type=\"text[]\" default-expr=\"'{}'\"/>");
	/* arrays of types with parameters are declared varchar[](20) (SQLite's type names end at "(...)") */
	assert_has(doc, "<column name=\"names\" type=\"varchar(20)[]\"/>");
	assert_has(doc, "<column name=\"amounts\" type=\"numeric(10,2)[][]\"/>");
	assert_has(doc, "<column name=\"at_local\" type=\"time\" default-expr=\"CURRENT_TIME\"/>");
	assert_has(doc, "<column name=\"ci\" type=\"text\" collation=\"nocase\"/>");
	assert_has(doc, "<column name=\"bin\" type=\"text\" collation=\"C\"/>");
	assert_has(doc, "<column name=\"de\" type=\"text\"/>");
	assert_has(doc, "<column name=\"raw_type\" type=\"timestamp\" sqlite-type=\"DATETIME\"/>");
	free(doc);
	project_release(&p);
}
END_TEST

START_TEST(test_second_schema)
{
	struct sqlite_project p;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char *doc;

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'>\n"
		" <schema name='audit' comment='who did what'/>\n"
		" <enum name='level' schema='audit'><value>info</value><value>warn</value></enum>\n"
		" <table name='event' schema='audit'>\n"
		"  <column name='id' type='bigint' identity='by-default'/>\n"
		"  <column name='level' type='level' nullable='false' default='info'/>\n"
		"  <column name='actor_id' type='bigint'/>\n"
		"  <column name='at' type='timestamptz' nullable='false' default-expr='now()'/>\n"
		"  <primary-key columns='id'/>\n"
		"  <foreign-key columns='actor_id' references='audit.actor (id)'/>\n"
		"  <index name='event_at' columns='at DESC'/>\n"
		" </table>\n"
		" <table name='actor' schema='audit'>\n"
		"  <column name='id' type='bigint' nullable='false'/>\n"
		"  <column name='name' type='text'/>\n"
		"  <primary-key columns='id'/>\n"
		"  <unique columns='name'/>\n"
		" </table>\n"
		" <table name='event'>\n"
		"  <column name='id' type='integer' nullable='false'/>\n"
		"  <column name='level' type='audit.level'/>\n"
		"  <primary-key columns='id'/>\n"
		" </table>\n"
		"</models>\n");
	doc = round_trip(&p, NULL, "");
	/* the schema is the attached file db.audit.sqlite3 */
	strbuf_addf(&path, "%s/db.audit.sqlite3", p.dir);
	ck_assert(test_file_exists(path.buf));
	assert_has(doc, "<schema name=\"audit\"/>");
	assert_has(doc, "<enum name=\"level\" schema=\"audit\">");
	assert_has(doc, "references=\"actor (id)\"");

	/* --schema: main is the default schema, as public is on PostgreSQL */
	inspect_tool(&p, &r, "main");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_null(strstr(r.out, "audit"));
	assert_has(r.out, "<table name=\"event\">");
	run_result_release(&r);
	inspect_tool(&p, &r, "audit");
	ck_assert_msg(r.status == 0, "%s", r.err);
	assert_has(r.out, "<table name=\"event\" schema=\"audit\">");
	ck_assert_ptr_null(strstr(r.out, "<table name=\"event\">"));
	run_result_release(&r);
	inspect_tool(&p, &r, "nope");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "mig-inspect: error: schema \"nope\" does not exist\n"
				"mig-inspect: hint: a schema of a SQLite database is the file NAME.nope.EXT beside the "
				"database file NAME.EXT (docs/sqlite.md)\n");
	run_result_release(&r);
	free(doc);
	strbuf_release(&path);
	project_release(&p);
}
END_TEST

/* The example application (models/) built by its SQLite migration reads back as its models. */
START_TEST(test_example_application)
{
	struct sqlite_project p;
	char *models = test_path("models"), *doc;

	project_init(&p);
	doc = round_trip(&p, models, "");
	free(doc);
	free(models);
	project_release(&p);
}
END_TEST

/* inspect_database() on a SQLite connection (what mig-check's replay uses): "main" is the default schema. */
START_TEST(test_inspect_database_dispatches)
{
	struct sqlite_project p;
	struct db_config cfg;
	struct db db = { 0 };
	struct model m;
	struct diag d = DIAG_INIT;
	struct strbuf warnings = STRBUF_INIT, url = STRBUF_INIT;
	const char *const main_only[] = { "main" };

	project_init(&p);
	write_model(&p,
		"<models xmlns='urn:mig:model:1'><schema name='s'/>\n"
		" <table name='t'><column name='id' type='integer'/><primary-key columns='id'/></table>\n"
		" <table name='u' schema='s'><column name='id' type='integer'/><primary-key columns='id'/></table>\n"
		"</models>\n");
	generate_and_apply(&p, NULL);
	config_init(&cfg);
	strbuf_addf(&url, "sqlite:%s", p.db);
	ck_assert_int_eq(config_resolve(&cfg, url.buf, NULL, &d), 0);
	ck_assert_msg(db_open(&db, &cfg, "test", 0, &d) == 0, "%s", d.message);
	model_init(&m);
	ck_assert_msg(inspect_database(&db, main_only, 1, "app", &m, &warnings, &d) == 0, "%s", d.message);
	ck_assert_str_eq(warnings.buf, "");
	ck_assert_uint_eq(m.nr_schemas, 0);
	ck_assert_uint_eq(m.nr_tables, 1);
	ck_assert_str_eq(m.tables[0]->schema, "");
	ck_assert_str_eq(m.tables[0]->app, "app");
	model_release(&m);
	model_init(&m);
	ck_assert_msg(inspect_database(&db, NULL, 0, "", &m, &warnings, &d) == 0, "%s", d.message);
	ck_assert_uint_eq(m.nr_schemas, 1);
	ck_assert_uint_eq(m.nr_tables, 2);
	ck_assert_ptr_nonnull(model_find_table(&m, "s", "u"));
	model_release(&m);
	db_close(&db);
	config_release(&cfg);
	strbuf_release(&warnings);
	strbuf_release(&url);
	diag_release(&d);
	project_release(&p);
}
END_TEST

/* --- hand-written DDL ---------------------------------------------------------------------- */

static const char handwritten[] =
	"CREATE TABLE \"Customer\" (\n"
	"  \"Id\" INTEGER PRIMARY KEY AUTOINCREMENT, -- the rowid\n"
	"  name VARCHAR(80) NOT NULL CHECK (length(name) > 0),\n"
	"  Email text UNIQUE COLLATE NOCASE,\n"
	"  created DATETIME DEFAULT CURRENT_TIMESTAMP /* when */,\n"
	"  flags INT DEFAULT -1,\n"
	"  note text DEFAULT 'it''s',\n"
	"  active BOOLEAN NOT NULL DEFAULT 1,\n"
	"  total AS (flags * 2)\n"
	");\n"
	"CREATE TABLE kv (k text PRIMARY KEY, v) WITHOUT ROWID;\n"
	"CREATE TABLE s (a int, b text) STRICT;\n"
	"CREATE TABLE IF NOT EXISTS [order] (\n"
	"  id integer primary key,\n"
	"  customer_id int references customer(id) on delete cascade on insert restrict,\n"
	"  `weird name` text,\n"
	"  other int,\n"
	"  UNIQUE (customer_id, \"WEIRD NAME\") ON CONFLICT REPLACE,\n"
	"  CHECK (other <> 0) CONSTRAINT order_positive CHECK (other > -100)\n"
	");\n"
	"CREATE INDEX order_lower ON \"order\" (lower(`weird name`) DESC) WHERE other > 0;\n"
	"CREATE TABLE odd (a int CHECK (a <> 0x10), b text);\n"
	"CREATE TABLE odd2 ([a)] int CHECK ([a)] > 0), b text DEFAULT -'x' REFERENCES kv);\n"
	"CREATE VIEW v AS SELECT * FROM kv;\n"
	"CREATE TRIGGER trg AFTER INSERT ON kv BEGIN SELECT 1; END;\n"
	"CREATE VIRTUAL TABLE ft USING fts5(a, b);\n";

START_TEST(test_handwritten_ddl)
{
	struct sqlite_project p, q;
	struct run_result r;
	sqlite3 *h;
	char *doc, *err = NULL;
	struct model want, have;

	project_init(&p);
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, handwritten, NULL, NULL, &err) == SQLITE_OK, "%s", err);
	sqlite3_close(h);
	inspect_tool(&p, &r, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err,
		"mig-inspect: warning: virtual table \"ft\" is not part of the model; skipped, with the tables it keeps "
		"its data in\n"
		"mig-inspect: warning: table \"odd\": its definition does not scan; it is read from SQLite's PRAGMAs "
		"instead (no checks, collations or identity)\n"
		"mig-inspect: warning: table \"odd2\": its definition does not read near \"] > 0), b text DEFAULT -\"; "
		"it is read from SQLite's PRAGMAs instead (no checks, collations or identity)\n"
		"mig-inspect: warning: table \"order\": ON CONFLICT REPLACE of a unique constraint is not part of the "
		"model; left out\n"
		);
	doc = r.out;
	r.out = NULL;
	run_result_release(&r);
	/* declared without NOT NULL: kept so (nullable="true"; the key makes it NOT NULL elsewhere) */
	assert_has(doc, "<table name=\"Customer\">\n"
			"    <column name=\"Id\" type=\"bigint\" nullable=\"true\" identity=\"by-default\"/>\n"
			"    <column name=\"name\" type=\"varchar(80)\" sqlite-type=\"VARCHAR(80)\" nullable=\"false\"/>\n"
			"    <column name=\"Email\" type=\"text\" collation=\"NOCASE\"/>\n"
			"    <column name=\"created\" type=\"timestamp\" sqlite-type=\"DATETIME\" default-expr=\"CURRENT_TIMESTAMP\"/>\n"
			"    <column name=\"flags\" type=\"integer\" sqlite-type=\"INT\" default=\"-1\"/>\n"
			"    <column name=\"note\" type=\"text\" default=\"it's\"/>\n"
			"    <column name=\"active\" type=\"boolean\" sqlite-type=\"BOOLEAN\" nullable=\"false\" default=\"true\"/>\n"
			"    <column name=\"total\" type=\"text\" sqlite-type=\"\" generated=\"flags * 2\" generated-storage=\"virtual\"/>\n"
			"    <primary-key name=\"Customer_pkey\" columns=\"Id\"/>\n"
			"    <unique name=\"Customer_Email_key\" columns=\"Email\"/>\n"
			"    <check name=\"Customer_name_check\" expr=\"length(name) &gt; 0\"/>\n");
	/* no declared type: BLOB affinity, kept as such */
	assert_has(doc, "<table name=\"kv\" sqlite-without-rowid=\"true\">\n"
			"    <column name=\"k\" type=\"text\" nullable=\"true\"/>\n"
			"    <column name=\"v\" type=\"text\" sqlite-type=\"\"/>\n");
	/* spellings SQLite keeps as a code (int, text) compare upper-cased; "int" is no "integer" */
	assert_has(doc, "<table name=\"s\" sqlite-strict=\"true\">\n"
			"    <column name=\"a\" type=\"integer\" sqlite-type=\"int\"/>\n"
			"    <column name=\"b\" type=\"text\"/>\n");
	/* from the PRAGMAs: columns and keys are there, checks are not */
	assert_has(doc, "<table name=\"odd\">\n"
			"    <column name=\"a\" type=\"integer\"/>\n"
			"    <column name=\"b\" type=\"text\"/>\n"
			"  </table>");
	assert_has(doc, "<table name=\"odd2\">\n"
			"    <column name=\"a)\" type=\"integer\"/>\n"
			"    <column name=\"b\" type=\"text\" default-expr=\"-'x'\"/>\n"
			"    <foreign-key name=\"odd2_b_fkey\" columns=\"b\" references=\"kv (k)\"/>\n"
			"  </table>");
	/* names as SQLite resolves them (any case), constraints named as PostgreSQL would */
	assert_has(doc, "<unique name=\"order_customer_id_weird name_key\" columns=\"customer_id, &quot;weird name&quot;\"/>");
	assert_has(doc, "<foreign-key name=\"order_customer_id_fkey\" columns=\"customer_id\" "
			"references=\"Customer (Id)\" on-delete=\"cascade\"/>");
	assert_has(doc, "<check name=\"order_other_check\" expr=\"other &lt;&gt; 0\"/>");
	assert_has(doc, "<check name=\"order_positive\" expr=\"other &gt; -100\"/>");
	assert_has(doc, "<index name=\"order_lower\" where=\"other &gt; 0\">\n"
			"      <key expr=\"lower(`weird name`)\" order=\"desc\"/>");
	/* views and triggers: SQLite's SQL as sqlite_schema keeps it */
	assert_has(doc, "<trigger name=\"trg\" table=\"kv\" dialect=\"sqlite\">\n"
			"CREATE TRIGGER trg AFTER INSERT ON kv BEGIN SELECT 1; END\n  </trigger>\n"
			"  <view name=\"v\" dialect=\"sqlite\">\nCREATE VIEW v AS SELECT * FROM kv\n  </view>\n");
	ck_assert_ptr_null(strstr(doc, "\"ft"));
	ck_assert_ptr_null(strstr(doc, "sqlite_"));

	/* mig-gen takes the output as models, and what it builds reads back the same, with no warning */
	project_init(&q);
	write_model(&q, doc);
	generate_and_apply(&q, NULL);
	inspect_tool(&q, &r, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err, "");
	parse_model(doc, &want);
	parse_model(r.out, &have);
	assert_same_schema(&want, &have, r.out);
	run_result_release(&r);
	model_release(&want);
	model_release(&have);
	free(doc);
	project_release(&q);
	project_release(&p);
}
END_TEST

/* 70 bytes: longer than PostgreSQL's identifiers */
#define LONG_NAME "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

/* What SQLite takes and the model refuses: skipped or renamed, each with a warning; the rest reads. */
START_TEST(test_what_the_model_refuses)
{
	struct sqlite_project p;
	struct run_result r;
	sqlite3 *h;
	char *err = NULL;
	struct model m;

	project_init(&p);
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h,
		"CREATE TABLE c AS SELECT 1 AS n, 'x' AS s;\n"
		"CREATE TABLE \"a\"\"b\" (\"q\"\"c\" int, PRIMARY KEY (\"q\"\"c\"));\n"
		"CREATE TABLE nopk (x int);\n"
		"CREATE TABLE fk1 (r int REFERENCES nopk, s int REFERENCES nopk(x), u int REFERENCES missing(id));\n"
		"CREATE TABLE p1 (id int, CONSTRAINT pk PRIMARY KEY (id));\n"
		"CREATE TABLE p2 (id int, CONSTRAINT pk PRIMARY KEY (id), CONSTRAINT ck CHECK (id > 0), "
		"CONSTRAINT ck CHECK (id < 10));\n"
		"CREATE TABLE lc (a int CONSTRAINT " LONG_NAME " CHECK (a > 0));\n"
		"CREATE TABLE lcol (" LONG_NAME " int);\n"
		"CREATE TABLE " LONG_NAME " (a int);\n"
		"CREATE TABLE ai (id INTEGER PRIMARY KEY AUTOINCREMENT DEFAULT 5);\n"
		"CREATE TABLE un (a text, b text, UNIQUE (a COLLATE nocase, b DESC));\n"
		"CREATE INDEX un_e ON un (a COLLATE nocase, (b || 'x') COLLATE binary ASC, ((a)));\n"
		"CREATE TABLE d (a int DEFAULT (1), b text DEFAULT abc, c int DEFAULT -'1', e text DEFAULT \"dq\", "
		"f int DEFAULT +3, g blob DEFAULT x'00ff', h bool DEFAULT FALSE, i int DEFAULT TRUE);\n"
		"CREATE TABLE \"Mixed\" (\"Id\" integer primary key, \"Ref\" int references \"mixed\"(\"ID\"), "
		"unique(\"ref\"));\n",
		NULL, NULL, &err) == SQLITE_OK, "%s", err);
	sqlite3_close(h);
	inspect_tool(&p, &r, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err,
		"mig-inspect: warning: table \"lcol\": column name \"" LONG_NAME "\" is empty or longer than 63 bytes, "
		"which PostgreSQL refuses; the table is skipped\n"
		"mig-inspect: warning: table \"un\": the collation nocase of column \"a\" in a unique constraint is not "
		"part of the model; left out\n"
		"mig-inspect: warning: table \"un\": the order of column \"b\" in a unique constraint is not part of the "
		"model; left out\n"
		"mig-inspect: warning: table \"" LONG_NAME "\": the name is longer than 63 bytes, which PostgreSQL "
		"refuses; skipped\n"
		"mig-inspect: warning: table \"ai\": column \"id\" is AUTOINCREMENT and has a default, which an "
		"identity column cannot have; the default is left out\n"
		"mig-inspect: warning: table \"fk1\": foreign key references table \"nopk\", which has no primary key; "
		"the model refuses it, so it is skipped\n"
		"mig-inspect: warning: table \"fk1\": foreign key references columns of table \"nopk\" that no primary "
		"key or unique constraint covers; the model refuses it, so it is skipped\n"
		"mig-inspect: warning: table \"fk1\": foreign key references table \"missing\", which is not a table of "
		"the model; the model refuses it, so it is skipped\n"
		"mig-inspect: warning: table \"p2\": primary key name \"pk\" is the name of another table, index or key "
		"of its schema, which PostgreSQL refuses; PostgreSQL's default name is used\n"
		"mig-inspect: warning: table \"lc\": check constraint name \"" LONG_NAME "\" is longer than 63 bytes, "
		"which PostgreSQL refuses; PostgreSQL's default name is used\n"
		"mig-inspect: warning: table \"p2\": check constraint name \"ck\" is the name of another constraint of "
		"the table, which PostgreSQL refuses; PostgreSQL's default name is used\n");
	parse_model(r.out, &m);
	assert_has(r.out, "<table name=\"c\">\n    <column name=\"n\" type=\"text\" sqlite-type=\"\"/>\n"
			  "    <column name=\"s\" type=\"text\" sqlite-type=\"\"/>\n  </table>");
	assert_has(r.out, "<primary-key name=\"a&quot;b_pkey\" columns=\"&quot;q&quot;&quot;c&quot;\"/>");
	assert_has(r.out, "<table name=\"fk1\">\n    <column name=\"r\" type=\"integer\" sqlite-type=\"int\"/>\n"
			  "    <column name=\"s\" type=\"integer\" sqlite-type=\"int\"/>\n"
			  "    <column name=\"u\" type=\"integer\" sqlite-type=\"int\"/>\n  </table>");
	assert_has(r.out, "<primary-key name=\"pk\" columns=\"id\"/>");
	assert_has(r.out, "<primary-key name=\"p2_pkey\" columns=\"id\"/>\n"
			  "    <check name=\"ck\" expr=\"id &gt; 0\"/>\n"
			  "    <check name=\"p2_id_check\" expr=\"id &lt; 10\"/>");
	assert_has(r.out, "<check name=\"lc_a_check\" expr=\"a &gt; 0\"/>");
	assert_has(r.out, "<unique name=\"un_a_b_key\" columns=\"a, b\"/>\n"
			  "    <index name=\"un_e\">\n"
			  "      <key column=\"a\" collation=\"nocase\"/>\n"
			  "      <key expr=\"b || 'x'\" collation=\"C\"/>\n"
			  "      <key column=\"a\"/>\n");
	assert_has(r.out, "<table name=\"d\">\n"
			  "    <column name=\"a\" type=\"integer\" sqlite-type=\"int\" default-expr=\"1\"/>\n"
			  "    <column name=\"b\" type=\"text\" default=\"abc\"/>\n"
			  "    <column name=\"c\" type=\"integer\" sqlite-type=\"int\" default-expr=\"-'1'\"/>\n"
			  "    <column name=\"e\" type=\"text\" default=\"dq\"/>\n"
			  "    <column name=\"f\" type=\"integer\" sqlite-type=\"int\" default=\"3\"/>\n"
			  "    <column name=\"g\" type=\"bytes\" default-expr=\"x'00ff'\"/>\n"
			  "    <column name=\"h\" type=\"boolean\" sqlite-type=\"bool\" default=\"false\"/>\n"
			  "    <column name=\"i\" type=\"integer\" sqlite-type=\"int\" default-expr=\"TRUE\"/>\n");
	assert_has(r.out, "<unique name=\"Mixed_Ref_key\" columns=\"Ref\"/>\n"
			  "    <foreign-key name=\"Mixed_Ref_fkey\" columns=\"Ref\" references=\"Mixed (Id)\"/>");
	ck_assert_ptr_null(model_find_table(&m, "", "lcol"));
	ck_assert_ptr_null(model_find_table(&m, "", LONG_NAME));
	model_release(&m);
	run_result_release(&r);
	project_release(&p);
}
END_TEST

/* A file beside the database that looks like a schema but is not a database: a warning, not a failure. */
START_TEST(test_schema_file_not_a_database)
{
	struct sqlite_project p;
	struct run_result r;
	struct strbuf junk = STRBUF_INIT, want = STRBUF_INIT;
	sqlite3 *h;

	project_init(&p);
	ck_assert_int_eq(sqlite3_open(p.db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE t (id integer PRIMARY KEY)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	strbuf_addf(&junk, "%s/db.junk.sqlite3", p.dir);
	test_write_file(junk.buf, "this is no database, and it is long enough to have a header of sorts; "
				  "it is just text written by the test, which SQLite refuses to read\n");
	inspect_tool(&p, &r, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	strbuf_addf(&want, "mig-inspect: warning: %s cannot be attached (file is not a database); schema \"junk\" "
			   "is left out\n", junk.buf);
	ck_assert_str_eq(r.err, want.buf);
	assert_has(r.out, "<table name=\"t\">");
	run_result_release(&r);
	strbuf_release(&junk);
	strbuf_release(&want);
	project_release(&p);
}
END_TEST

/* --- a database that is not there ---------------------------------------------------------- */

START_TEST(test_missing_database)
{
	struct sqlite_project p;
	struct run_result r;
	struct strbuf want = STRBUF_INIT, var = STRBUF_INIT;
	const char **bare = test_clean_env(NULL, NULL);

	project_init(&p);
	inspect_tool(&p, &r, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	strbuf_addf(&want, "mig-inspect: error: sqlite:%s does not exist\n"
			   "mig-inspect: hint: mig-inspect never creates a database: check DATABASE_URL, or create it "
			   "with mig-apply --upgrade\n", p.db);
	ck_assert_str_eq(r.err, want.buf);
	ck_assert(!test_file_exists(p.db));
	run_result_release(&r);

	/* nothing configured: the embedded default, var/dev.sqlite3, is not created either */
	run_tool(&r, p.dir, bare, "mig-inspect", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "mig-inspect: error: sqlite:var/dev.sqlite3 does not exist\n"
				"mig-inspect: hint: mig-inspect never creates a database: check DATABASE_URL (nothing is "
				"configured: this is the embedded default), or create it with mig-apply --upgrade\n");
	strbuf_addf(&var, "%s/var", p.dir);
	ck_assert(!test_file_exists(var.buf));
	run_result_release(&r);

	/* the library says so too */
	{
		struct model m;
		struct diag d = DIAG_INIT;
		struct strbuf warnings = STRBUF_INIT;
		model_init(&m);
		ck_assert_int_eq(inspect_sqlite_path(p.db, NULL, 0, "", &m, &warnings, &d), -1);
		strbuf_reset(&want);
		strbuf_addf(&want, "database file %s does not exist", p.db);
		ck_assert_str_eq(d.message, want.buf);
		ck_assert(!test_file_exists(p.db));
		model_release(&m);
		diag_release(&d);
		strbuf_release(&warnings);
	}
	free(bare);
	strbuf_release(&want);
	strbuf_release(&var);
	project_release(&p);
}
END_TEST

/* --- model_sqlite_normalize() ------------------------------------------------------------- */

/* Normalising twice changes nothing more, for the models of good-models/ and models/. */
START_TEST(test_normalize_is_idempotent)
{
	static const char *const dirs[] = { "models", "tests/good-models/everything", "tests/good-models/minimal",
					     "tests/good-models/quoting", "tests/good-models/schemas" };
	char *dir = test_path(dirs[_i]);
	struct model m;
	struct diag d = DIAG_INIT;
	struct strbuf once = STRBUF_INIT, twice = STRBUF_INIT, why = STRBUF_INIT;
	struct model again;

	model_init(&m);
	ck_assert_msg(model_xml_load_dir(&m, dir, NULL, &d) == 0, "%s: %s", dir, d.message);
	model_sqlite_normalize(&m);
	model_xml_write(&m, NULL, &once);
	/* what it writes is a model still */
	parse_model(once.buf, &again);
	model_release(&again);
	model_sqlite_normalize(&m);
	model_xml_write(&m, NULL, &twice);
	ck_assert_str_eq(once.buf, twice.buf);
	model_release(&m);
	free(dir);
	diag_release(&d);
	strbuf_release(&once);
	strbuf_release(&twice);
	strbuf_release(&why);
}
END_TEST

Suite *sqlite_inspect_suite(void)
{
	Suite *s = suite_create("sqlite_inspect");
	TCase *tc = tcase_create("round_trip");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_enums);
	tcase_add_test(tc, test_enums_of_one_name);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_checks_and_indexes);
	tcase_add_test(tc, test_defaults_and_types);
	tcase_add_test(tc, test_second_schema);
	tcase_add_test(tc, test_example_application);
	tcase_add_test(tc, test_inspect_database_dispatches);
	suite_add_tcase(s, tc);

	tc = tcase_create("handwritten");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_handwritten_ddl);
	tcase_add_test(tc, test_what_the_model_refuses);
	tcase_add_test(tc, test_schema_file_not_a_database);
	tcase_add_test(tc, test_missing_database);
	suite_add_tcase(s, tc);

	tc = tcase_create("normalize");
	tcase_add_loop_test(tc, test_normalize_is_idempotent, 0, 5);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Real-world migration chains (../shared/corpora, MIG_CORPORA): for each
 * sqlite chain, the real ups applied with libsqlite3 read back with
 * inspect_sqlite() (every table the chain leaves, no error), and that model
 * rebuilt by mig-gen and mig-apply reads back the same. For each pgsql
 * chain, replay the real up migrations on one database, read the
 * schema back after every step, let mig-gen regenerate the chain from those
 * models, apply it on a second database, and compare the two schemas after
 * every step; then run both chains' downs in reverse and compare again.
 *
 * Every up step must match. After each down, both databases are compared
 * with the schema recorded before that step on the way up: ours must always
 * be back there; the real chain's may not be only where its down is known
 * to be broken (tests/corpora/<chain>.expected lists those steps with the
 * reason; docs/corpora.md explains them).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "diag.h"
#include "fs.h"
#include "inspect_sqlite.h"
#include "migfile.h"
#include "model.h"
#include "model_sqlite.h"
#include "model_xml.h"
#include "pgtest.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

const char *corpora_dir(void);

const char *corpora_dir(void)
{
	const char *d = getenv("MIG_CORPORA");
	return d && *d ? d : "../shared/corpora";
}

static const char *const chains[] = { "rsstt", "miyubot", "authelia", "openfga" };
#define NR_CHAINS (sizeof(chains) / sizeof(chains[0]))

/*
 * Runs a script: in one transaction, or statement by statement when it must
 * run outside one. Returns 0, or -1 with the error in d.
 */
static int run_script(struct pgtest_db *db, const char *sql, bool transaction, struct diag *d)
{
	struct sql_script script;
	struct strbuf stmt = STRBUF_INIT;
	int ret = 0;

	if (sqlsplit_pg(sql, &script, d) < 0)
		return -1;
	if (transaction && db_exec(&db->db, "BEGIN", NULL, d) < 0)
		ret = -1;
	for (size_t i = 0; i < script.nr && ret == 0; i++) {
		strbuf_reset(&stmt);
		strbuf_add(&stmt, sql + script.stmts[i].start, script.stmts[i].len);
		ret = db_exec(&db->db, stmt.buf, NULL, d);
	}
	if (transaction) {
		struct diag ignore = DIAG_INIT;
		db_exec(&db->db, ret == 0 ? "COMMIT" : "ROLLBACK", NULL, ret == 0 ? d : &ignore);
		diag_release(&ignore);
	}
	sqlsplit_script_release(&script);
	strbuf_release(&stmt);
	return ret;
}

/*
 * mig-gen as a user would run it here: destructive changes accepted (the
 * real chain made them), and a column made NOT NULL without a default
 * answered with --no-fill (the real chain handled those rows itself).
 */
static void generate(const char *proj, const char *dialect, const char *ts, const char *step, struct run_result *r)
{
	const char *argv[64];
	char *owned[32];
	int n = 0, nowned = 0;
	char *tool = test_tool_path("mig-gen");

	argv[n++] = tool;
	argv[n++] = "--dialect";
	argv[n++] = dialect;
	argv[n++] = "--allow-destructive";
	argv[n++] = "--timestamp";
	argv[n++] = ts;
	argv[n++] = "--name";
	argv[n++] = step;
	argv[n] = NULL;
	for (;;) {
		const char *hint;
		run_argv(r, proj, NULL, argv);
		hint = strstr(r->err, "(--no-fill ");
		if (r->status != 2 || !hint || nowned >= 30 || n >= 60)
			break;
		hint += strlen("(--no-fill ");
		owned[nowned] = xstrndup(hint, strcspn(hint, " "));
		argv[n++] = "--no-fill";
		argv[n++] = owned[nowned++];
		argv[n] = NULL;
		run_result_release(r);
	}
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	free(tool);
}

static bool same_schema(struct pgtest_db *a, struct pgtest_db *b, struct strbuf *why)
{
	struct model ma, mb;
	bool eq;

	pgtest_inspect(a, &ma);
	pgtest_inspect(b, &mb);
	eq = model_equal(&ma, &mb, why) && model_equal(&mb, &ma, why);
	model_release(&ma);
	model_release(&mb);
	return eq;
}

/* The model recorded in doc (a model document), finished. */
static void load_recorded(const char *doc, struct model *want)
{
	struct model_xml_reader r;
	struct diag d = DIAG_INIT;

	model_init(want);
	ck_assert_int_eq(model_xml_reader_init(&r, &d), 0);
	ck_assert_msg(model_xml_parse(&r, want, "recorded.xml", doc, strlen(doc), &d) == 0 &&
		      model_finish(want, &d) == 0, "%s", d.message);
	model_xml_reader_release(&r);
	diag_release(&d);
}

/* Is db's schema the one recorded in doc (a model document)? */
static bool schema_is(struct pgtest_db *db, const char *doc, struct strbuf *why)
{
	struct model want, have;
	bool eq;

	load_recorded(doc, &want);
	pgtest_inspect(db, &have);
	eq = model_equal(&want, &have, why) && model_equal(&have, &want, why);
	model_release(&want);
	model_release(&have);
	return eq;
}

/* "0005" steps whose down may differ, from tests/corpora/<chain>.expected. */
static bool down_may_differ(const char *expected, const char *step)
{
	struct strbuf key = STRBUF_INIT;
	bool hit;

	strbuf_addf(&key, "down %s ", step);
	hit = expected && strstr(expected, key.buf);
	strbuf_release(&key);
	return hit;
}

START_TEST(test_chain)
{
	const char *chain = chains[_i];
	struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, path = STRBUF_INIT, why = STRBUF_INIT;
	struct strbuf report = STRBUF_INIT, exp_path = STRBUF_INIT;
	char **ups, *proj = test_mkdtemp(), **ours, *expected, **recorded;
	size_t nr;
	struct pgtest_db real, regen;
	struct diag d = DIAG_INIT;
	bool *real_down_ok;

	strbuf_addf(&dir, "%s/%s/pgsql", corpora_dir(), chain);
	nr = fs_list_dir(dir.buf, ".up.sql", &ups);
	ck_assert_msg(nr > 0, "no migrations in %s", dir.buf);
	strbuf_addf(&exp_path, "%s/tests/corpora/%s.expected", test_root(), chain);
	expected = test_read_file(exp_path.buf);
	ours = xcalloc(nr + 1, sizeof(char *));
	real_down_ok = xcalloc(nr + 1, sizeof(bool));
	recorded = xcalloc(nr + 2, sizeof(char *));
	recorded[0] = xstrdup("<models xmlns=\"urn:mig:model:1\"/>");

	strbuf_addf(&name, "mig_corpus_%s_real", chain);
	pgtest_create(&real, name.buf);
	strbuf_reset(&name);
	strbuf_addf(&name, "mig_corpus_%s_regen", chain);
	pgtest_create(&regen, name.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/models", proj);
	ck_assert_int_eq(fs_mkdirs(path.buf, NULL), 0);

	for (size_t i = 0; i < nr; i++) {
		char *sql, *step = xstrndup(ups[i], 4);
		struct model m;
		struct strbuf doc = STRBUF_INIT, ts = STRBUF_INIT, model_path = STRBUF_INIT;
		struct run_result r;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, ups[i]);
		sql = test_read_file(path.buf);
		ck_assert_msg(run_script(&real, sql, !strstr(sql, "+goose NO TRANSACTION"), &d) == 0,
			      "%s: up %s failed: %s", chain, ups[i], d.message);
		free(sql);

		/* the schema after the real step, as a model */
		pgtest_inspect(&real, &m);
		model_xml_write(&m, NULL, &doc);
		model_release(&m);
		recorded[i + 1] = xstrdup(doc.buf);
		strbuf_addf(&model_path, "%s/models/m.xml", proj);
		test_write_file(model_path.buf, doc.buf);

		strbuf_addf(&ts, "202601010%05zu", i);
		generate(proj, "pgsql", ts.buf, step, &r);
		ck_assert_msg(r.status == 0, "%s: mig-gen at step %s: %s%s", chain, step, r.out, r.err);
		if (strcmp(r.out, "no changes\n") != 0) {
			struct strbuf mig = STRBUF_INIT;
			struct migfile mf;
			char *nl = strchr(r.out, '\n');
			strbuf_addf(&mig, "%s/%.*s", proj, (int)(nl - r.out), r.out);
			ck_assert_int_eq(migfile_read(&mf, mig.buf, &d), 0);
			ck_assert_msg(run_script(&regen, mf.up, mf.transaction, &d) == 0,
				      "%s: our up at step %s failed: %s\n%s", chain, step, d.message, mf.up);
			migfile_release(&mf);
			ours[i] = strbuf_detach(&mig, NULL);
		}
		run_result_release(&r);
		strbuf_reset(&why);
		ck_assert_msg(same_schema(&real, &regen, &why), "%s: after up %s the schemas differ: %s",
			      chain, ups[i], why.buf);
		strbuf_addf(&report, "up %s same\n", step);
		free(step);
		strbuf_release(&doc);
		strbuf_release(&ts);
		strbuf_release(&model_path);
	}

	for (size_t i = nr; i-- > 0;) {
		char *sql, *step = xstrndup(ups[i], 4);
		bool real_back;
		struct diag ignore = DIAG_INIT;

		/* ours: always back to the schema before step i */
		if (ours[i]) {
			struct migfile mf;
			ck_assert_int_eq(migfile_read(&mf, ours[i], &d), 0);
			ck_assert_msg(run_script(&regen, mf.down, mf.transaction, &d) == 0,
				      "%s: our down at step %s failed: %s\n%s", chain, step, d.message, mf.down);
			migfile_release(&mf);
		}
		strbuf_reset(&why);
		ck_assert_msg(schema_is(&regen, recorded[i], &why),
			      "%s: after our down %s the schema is not the one before %s: %s", chain, step, step,
			      why.buf);
		/* the real chain's */
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%.*sdown.sql", dir.buf, (int)(strlen(ups[i]) - strlen("up.sql")), ups[i]);
		sql = test_read_file(path.buf);
		real_down_ok[i] = sql && run_script(&real, sql, !strstr(sql, "+goose NO TRANSACTION"), &ignore) == 0;
		free(sql);
		strbuf_reset(&why);
		real_back = schema_is(&real, recorded[i], &why);
		strbuf_addf(&report, "down %s ours restores; the real one %s%s%s\n", step,
			    real_back ? "restores" : "does not: ", real_back ? "" : why.buf,
			    real_down_ok[i] ? "" : " (it failed)");
		ck_assert_msg(real_back || down_may_differ(expected, step),
			      "%s: the real down %s does not restore the schema before it: %s%s"
			      " (not listed in tests/corpora/%s.expected)", chain, step, why.buf,
			      real_down_ok[i] ? "" : " (it failed)", chain);
		free(step);
		diag_release(&ignore);
	}
	/* the outcome, for docs/corpora.md */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/build/corpora-%s.txt", test_root(), chain);
	test_write_file(path.buf, report.buf);

	pgtest_drop(&real);
	pgtest_drop(&regen);
	for (size_t i = 0; i < nr; i++)
		free(ours[i]);
	for (size_t i = 0; i <= nr; i++)
		free(recorded[i]);
	free(recorded);
	free(ours);
	free(real_down_ok);
	free(expected);
	fs_free_list(ups, nr);
	test_rmtree(proj);
	free(proj);
	strbuf_release(&dir);
	strbuf_release(&name);
	strbuf_release(&path);
	strbuf_release(&why);
	strbuf_release(&report);
	strbuf_release(&exp_path);
	diag_release(&d);
}
END_TEST

static const char *const sqlite_chains[] = { "rsstt", "authelia" };
#define NR_SQLITE_CHAINS (sizeof(sqlite_chains) / sizeof(sqlite_chains[0]))

/*
 * Authelia's BIN2B64() and B642BIN(), which its migrator registers on its
 * own connection (the SQL of V0002 and later calls them): base64 of a blob,
 * and back.
 */
static void bin2b64(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_blob(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	unsigned char *out;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	out = xmalloc((size_t)(len + 2) / 3 * 4 + 1);
	sqlite3_result_text(ctx, (const char *)out, EVP_EncodeBlock(out, in ? in : (const unsigned char *)"", len),
			    free);
}

static void b642bin(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]), n;
	unsigned char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	out = xmalloc((size_t)len / 4 * 3 + 1);
	n = EVP_DecodeBlock(out, in, len);
	if (n < 0) {
		free(out);
		sqlite3_result_error(ctx, "B642BIN: not base64", -1);
		return;
	}
	/* EVP_DecodeBlock counts the padding's bytes too */
	for (int i = len; i > 0 && in[i - 1] == '='; i--)
		n--;
	sqlite3_result_blob(ctx, out, n, free);
}

/* The schema of SQLite database h as a model, as SQLite keeps it (model_sqlite_normalize()). */
static void sqlite_model(sqlite3 *h, const char *chain, struct model *m)
{
	struct strbuf warnings = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	model_init(m);
	ck_assert_msg(inspect_sqlite(h, NULL, 0, "", m, &warnings, &d) == 0, "%s: %s", chain, d.message);
	model_sqlite_normalize(m);
	strbuf_release(&warnings);
	diag_release(&d);
}

static bool sqlite_schema_is(sqlite3 *h, const char *chain, const char *doc, struct strbuf *why)
{
	struct model want, have;
	bool eq;

	load_recorded(doc, &want);
	model_sqlite_normalize(&want);
	sqlite_model(h, chain, &have);
	eq = model_equal(&want, &have, why) && model_equal(&have, &want, why);
	model_release(&want);
	model_release(&have);
	return eq;
}

/* Runs a corpus file on h in one transaction, as the corpus's verify.sh does. Returns 0 or -1 (*err set). */
static int sqlite_run_file(sqlite3 *h, const char *sql, char **err)
{
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, err) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(h, sql, NULL, NULL, err) != SQLITE_OK) {
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return sqlite3_exec(h, "COMMIT", NULL, NULL, err) == SQLITE_OK ? 0 : -1;
}

/* mig-apply in proj on its regenerated database; target NULL: head. */
static void sqlite_apply(const char *proj, const char *const *env, const char *chain, const char *target,
			 const char *what)
{
	struct run_result r;

	if (target)
		run_tool(&r, proj, env, "mig-apply", "--to", target, NULL);
	else
		run_tool(&r, proj, env, "mig-apply", NULL);
	ck_assert_msg(r.status == 0, "%s: %s: mig-apply: %s%s", chain, what, r.out, r.err);
	run_result_release(&r);
}

/*
 * The same round trip for each SQLite chain: the real ups on one database
 * (with the SQL functions its migrator registers), read back after every
 * step; mig-gen --dialect sqlite writes the step from that model and
 * mig-apply applies it to a second database file, which must read back the
 * same; then both chains' downs in reverse, ours through mig-apply --to -1.
 * tests/corpora/<chain>-sqlite.expected lists the real downs that do not
 * restore the step before.
 */
START_TEST(test_sqlite_chain)
{
	const char *chain = sqlite_chains[_i];
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, url = STRBUF_INIT, why = STRBUF_INIT;
	struct strbuf report = STRBUF_INIT;
	char **ups, *proj = test_mkdtemp(), *err = NULL, **recorded, *expected, *regen_path;
	bool *ours;
	const char *url_env[2] = { NULL, NULL };
	const char **env;
	size_t nr;
	sqlite3 *h, *regen;

	strbuf_addf(&dir, "%s/%s/sqlite", corpora_dir(), chain);
	nr = fs_list_dir(dir.buf, ".up.sql", &ups);
	ck_assert_msg(nr > 0, "no migrations in %s", dir.buf);
	strbuf_addf(&path, "%s/tests/corpora/%s-sqlite.expected", test_root(), chain);
	expected = test_read_file(path.buf);
	recorded = xcalloc(nr + 2, sizeof(char *));
	recorded[0] = xstrdup("<models xmlns=\"urn:mig:model:1\"/>");
	ours = xcalloc(nr + 1, sizeof(bool));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/real.sqlite3", proj);
	ck_assert_int_eq(sqlite3_open(path.buf, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_create_function_v2(h, "BIN2B64", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
						    bin2b64, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_create_function_v2(h, "B642BIN", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
						    b642bin, NULL, NULL, NULL), SQLITE_OK);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/models", proj);
	ck_assert_int_eq(fs_mkdirs(path.buf, NULL), 0);
	strbuf_addf(&url, "DATABASE_URL=sqlite:%s/regen.sqlite3", proj);
	url_env[0] = url.buf;
	env = test_clean_env(url_env, NULL);
	regen_path = xstrdup(url.buf + strlen("DATABASE_URL=sqlite:"));

	for (size_t i = 0; i < nr; i++) {
		char *sql, *step = xstrndup(ups[i], 4);
		struct model m;
		struct strbuf doc = STRBUF_INIT, ts = STRBUF_INIT, model_path = STRBUF_INIT;
		struct run_result r;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, ups[i]);
		sql = test_read_file(path.buf);
		ck_assert_ptr_nonnull(sql);
		ck_assert_msg(sqlite_run_file(h, sql, &err) == 0, "%s: up %s failed: %s", chain, ups[i], err);
		free(sql);

		/* the schema after the real step, as the model of the next migration */
		{
			struct strbuf warnings = STRBUF_INIT;
			struct diag d = DIAG_INIT;
			model_init(&m);
			ck_assert_msg(inspect_sqlite(h, NULL, 0, "", &m, &warnings, &d) == 0, "%s: %s", chain, d.message);
			strbuf_release(&warnings);
			diag_release(&d);
		}
		model_xml_write(&m, NULL, &doc);
		model_release(&m);
		recorded[i + 1] = xstrdup(doc.buf);
		strbuf_addf(&model_path, "%s/models/m.xml", proj);
		test_write_file(model_path.buf, doc.buf);

		strbuf_addf(&ts, "202601010%05zu", i);
		generate(proj, "sqlite", ts.buf, step, &r);
		ck_assert_msg(r.status == 0, "%s: mig-gen at step %s: %s%s", chain, step, r.out, r.err);
		ours[i] = strcmp(r.out, "no changes\n") != 0;
		run_result_release(&r);
		if (ours[i])
			sqlite_apply(proj, env, chain, NULL, "our up");
		ck_assert_int_eq(sqlite3_open_v2(regen_path, &regen, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
				 SQLITE_OK);
		strbuf_reset(&why);
		ck_assert_msg(sqlite_schema_is(regen, chain, recorded[i + 1], &why),
			      "%s: after up %s the schemas differ: %s", chain, ups[i], why.buf);
		sqlite3_close(regen);
		strbuf_addf(&report, "up %s same\n", step);
		free(step);
		strbuf_release(&doc);
		strbuf_release(&ts);
		strbuf_release(&model_path);
	}

	for (size_t i = nr; i-- > 0;) {
		char *sql, *step = xstrndup(ups[i], 4);
		bool real_ok, real_back;

		if (ours[i])
			sqlite_apply(proj, env, chain, "-1", "our down");
		ck_assert_int_eq(sqlite3_open_v2(regen_path, &regen, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
		strbuf_reset(&why);
		ck_assert_msg(sqlite_schema_is(regen, chain, recorded[i], &why),
			      "%s: after our down %s the schema is not the one before %s: %s", chain, step, step, why.buf);
		sqlite3_close(regen);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%.*sdown.sql", dir.buf, (int)(strlen(ups[i]) - strlen("up.sql")), ups[i]);
		sql = test_read_file(path.buf);
		sqlite3_free(err);
		err = NULL;
		real_ok = sql && sqlite_run_file(h, sql, &err) == 0;
		free(sql);
		strbuf_reset(&why);
		real_back = sqlite_schema_is(h, chain, recorded[i], &why);
		strbuf_addf(&report, "down %s ours restores; the real one %s%s%s\n", step,
			    real_back ? "restores" : "does not: ", real_back ? "" : why.buf, real_ok ? "" : " (it failed)");
		ck_assert_msg(real_back || down_may_differ(expected, step),
			      "%s: the real down %s does not restore the schema before it: %s%s"
			      " (not listed in tests/corpora/%s-sqlite.expected)", chain, step, why.buf,
			      real_ok ? "" : " (it failed)", chain);
		free(step);
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/build/corpora-%s-sqlite.txt", test_root(), chain);
	test_write_file(path.buf, report.buf);

	sqlite3_close(h);
	for (size_t i = 0; i <= nr; i++)
		free(recorded[i]);
	free(recorded);
	free(ours);
	free(expected);
	free(regen_path);
	free(env);
	fs_free_list(ups, nr);
	test_rmtree(proj);
	free(proj);
	sqlite3_free(err);
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&url);
	strbuf_release(&why);
	strbuf_release(&report);
}
END_TEST

Suite *corpora_suite(void)
{
	Suite *s = suite_create("corpora");
	TCase *tc = tcase_create("chains");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_chain, 0, NR_CHAINS);
	suite_add_tcase(s, tc);
	tc = tcase_create("sqlite");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_sqlite_chain, 0, NR_SQLITE_CHAINS);
	suite_add_tcase(s, tc);
	return s;
}

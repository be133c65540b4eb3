/*
 * mig-gen as a user meets it, no database needed: files written (and never
 * overwritten), "no changes", --check, --empty, names, reproducible output,
 * the decisions it will not take alone (renames, data loss, NOT NULL
 * fills) with and without a terminal, and the integrity of what it wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "project.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/*
 * A PostgreSQL database configured (never connected to: mig-gen needs no
 * database), so that a new project writes PostgreSQL migrations only.
 */
static const char *const pg_env[] = { "DATABASE_URL=postgresql://127.0.0.1:1/gen_tests", NULL };

#define TS1 "20260101000000"
#define TS2 "20260101000001"

static const char model_v1[] =
	"<models xmlns='urn:mig:model:1'>\n"
	"<table name='item'>\n"
	" <column name='id' type='bigint'/>\n"
	" <column name='mail' type='text'/>\n"
	" <column name='note' type='text'/>\n"
	" <primary-key columns='id'/>\n"
	"</table>\n</models>\n";

struct project {
	char *dir;
	struct strbuf models;
};

static void project_init(struct project *p, const char *model)
{
	struct strbuf path = STRBUF_INIT;

	p->dir = test_mkdtemp();
	strbuf_init(&p->models, 0);
	strbuf_addf(&p->models, "%s/models", p->dir);
	ck_assert_int_eq(fs_mkdirs(p->models.buf, NULL), 0);
	strbuf_addf(&path, "%s/m.xml", p->models.buf);
	test_write_file(path.buf, model);
	strbuf_release(&path);
}

static void project_model(struct project *p, const char *model)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/m.xml", p->models.buf);
	test_write_file(path.buf, model);
	strbuf_release(&path);
}

static void project_release(struct project *p)
{
	test_rmtree(p->dir);
	free(p->dir);
	strbuf_release(&p->models);
}

static char *project_file(struct project *p, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	char *content;

	strbuf_addf(&path, "%s/%s", p->dir, rel);
	content = test_read_file(path.buf);
	strbuf_release(&path);
	return content;
}

/* A project at its first migration (model_v1). */
static void project_at_v1(struct project *p)
{
	struct run_result r;

	project_init(p, model_v1);
	run_tool(&r, p->dir, pg_env, "mig-gen", "--timestamp", TS1, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	run_result_release(&r);
}

static const char *model_v2_renamed =
	"<models xmlns='urn:mig:model:1'>\n<table name='item'>\n"
	" <column name='id' type='bigint'/>\n <column name='email' type='text'/>\n"
	" <column name='note' type='text'/>\n <primary-key columns='id'/>\n</table>\n</models>\n";

START_TEST(test_first_migration_then_no_changes)
{
	struct project p;
	struct run_result r;
	char *sql;

	project_init(&p, model_v1);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS1, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_" TS1 "_init.sql\nmigrations/state/0001_" TS1 "_init.xml\n");
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0001_" TS1 "_init.sql");
	ck_assert_ptr_nonnull(sql);
	ck_assert(strncmp(sql, "-- mig:revision 0001_" TS1 "_init\n-- mig:parents\n-- mig:message init\n"
			       "-- mig:transaction on\n-- mig:state h1:", 100) == 0);
	ck_assert_ptr_nonnull(strstr(sql, "\n-- mig:up\nCREATE TABLE item (\n"));
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:down\n-- destructive: drops table item and its rows\nDROP TABLE item;\n"));
	free(sql);
	sql = project_file(&p, "migrations/pgsql/mig.sum");
	ck_assert_ptr_nonnull(sql);
	ck_assert_ptr_nonnull(strstr(sql, "\n0001_" TS1 "_init.sql h1:"));
	free(sql);

	run_tool(&r, p.dir, pg_env, "mig-gen", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 1);
	run_result_release(&r);
	project_release(&p);
}
END_TEST

START_TEST(test_check_lists_changes)
{
	struct project p;
	struct run_result r;

	project_at_v1(&p);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "no changes\n");
	run_result_release(&r);
	project_model(&p, model_v2_renamed);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "- column item.mail\n+ column item.email text\n");
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 1);
	run_result_release(&r);
	project_release(&p);
}
END_TEST

/*
 * Unchanged models are "no changes" without reading the recorded state
 * only while the state file is what the head's header says: an edited or
 * missing state is read (or named), as before.
 */
START_TEST(test_state_file_is_checked_when_nothing_changed)
{
	struct project p;
	struct run_result r;
	struct strbuf path = STRBUF_INIT, edited = STRBUF_INIT;
	char *state, *line;

	project_at_v1(&p);
	strbuf_addf(&path, "%s/migrations/state/0001_" TS1 "_init.xml", p.dir);
	state = test_read_file(path.buf);
	line = strstr(state, "<column name=\"note\"");
	ck_assert_ptr_nonnull(line);
	strbuf_add(&edited, state, (size_t)(line - state));
	strbuf_addstr(&edited, strchr(line, '\n') + 1);
	test_write_file(path.buf, edited.buf);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "+ column item.note text\n");
	run_result_release(&r);

	ck_assert_int_eq(remove(path.buf), 0);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_int_ne(r.status, 0);
	ck_assert_msg(strstr(r.err, "there is no recorded state for revision \"0001_" TS1 "_init\""), "%s", r.err);
	run_result_release(&r);
	free(state);
	strbuf_release(&edited);
	strbuf_release(&path);
	project_release(&p);
}
END_TEST

START_TEST(test_rename_needs_a_decision)
{
	struct project p;
	struct run_result r;
	char *sql;

	project_at_v1(&p);
	project_model(&p, model_v2_renamed);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err,
		"mig-gen: error: column item.mail was removed and column item.email added with the same type (text)\n"
		"mig-gen: hint: if it is a rename (the data is kept): --rename item.mail=item.email or "
		"renamed-from=\"mail\" on the new column; to drop \"mail\" and its data: --allow-destructive\n");
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 1);
	run_result_release(&r);

	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, "--rename", "item.mail=item.email", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0002_" TS2 "_update.sql");
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:up\nALTER TABLE item RENAME COLUMN mail TO email;\n"
					  "-- mig:down\nALTER TABLE item RENAME COLUMN email TO mail;\n"));
	free(sql);
	project_release(&p);
}
END_TEST

START_TEST(test_rename_prompt_on_a_terminal)
{
	struct project p;
	struct run_result r;
	struct strbuf cmd = STRBUF_INIT;
	char *tool = test_tool_path("mig-gen"), *sql;
	const char *argv[] = { "sh", "-c", NULL, NULL };

	project_at_v1(&p);
	project_model(&p, model_v2_renamed);
	/* script(1) gives mig-gen a terminal; the answer comes on its stdin */
	strbuf_addf(&cmd, "printf 'y\\n' | script -qec '%s --timestamp " TS2 "' /dev/null", tool);
	argv[2] = cmd.buf;
	run_argv(&r, p.dir, NULL, argv);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	ck_assert_msg(strstr(r.out, "rename column item.mail to item.email? [y/N] ") != NULL, "%s", r.out);
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0002_" TS2 "_update.sql");
	ck_assert_ptr_nonnull(strstr(sql, "ALTER TABLE item RENAME COLUMN mail TO email;"));
	free(sql);
	strbuf_release(&cmd);
	free(tool);
	project_release(&p);
}
END_TEST

START_TEST(test_data_loss_needs_consent)
{
	struct project p;
	struct run_result r;
	char *sql;

	project_at_v1(&p);
	project_model(&p, "<models xmlns='urn:mig:model:1'><table name='item'>"
			  "<column name='id' type='bigint'/><column name='mail' type='text'/>"
			  "<primary-key columns='id'/></table></models>");
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: error: the change drops column item.note and its data\n"
				"mig-gen: hint: pass --allow-destructive to accept the loss (or answer yes on a "
				"terminal); to keep the data, change the models instead\n");
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, "--allow-destructive", NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0002_" TS2 "_update.sql");
	ck_assert_ptr_nonnull(strstr(sql, "-- destructive: drops column item.note and its data\n"
					  "ALTER TABLE item DROP COLUMN note;\n"));
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:down\nALTER TABLE item ADD COLUMN note text;\n"));
	free(sql);
	project_release(&p);
}
END_TEST

START_TEST(test_not_null_needs_a_value)
{
	struct project p;
	struct run_result r;
	char *sql;
	static const char v2[] = "<models xmlns='urn:mig:model:1'><table name='item'>"
				 "<column name='id' type='bigint'/><column name='mail' type='text' nullable='false'/>"
				 "<column name='note' type='text'/><primary-key columns='id'/></table></models>";

	project_at_v1(&p);
	project_model(&p, v2);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: error: column item.mail becomes NOT NULL and has no default\n"
				"mig-gen: hint: give existing rows a value with --fill item.mail=VALUE, or add a "
				"default to the column (--no-fill item.mail if no row holds a NULL)\n");
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS2, "--fill", "item.mail=nobody@example.com", NULL);
	ck_assert_int_eq(r.status, 0);
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0002_" TS2 "_update.sql");
	ck_assert_ptr_nonnull(strstr(sql, "UPDATE item SET mail = 'nobody@example.com' WHERE mail IS NULL;\n"
					  "ALTER TABLE item ALTER COLUMN mail SET NOT NULL;\n"));
	free(sql);
	project_release(&p);
}
END_TEST

START_TEST(test_never_overwrites)
{
	struct project p;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char *kept;

	project_init(&p, model_v1);
	strbuf_addf(&path, "%s/migrations/pgsql", p.dir);
	ck_assert_int_eq(fs_mkdirs(path.buf, NULL), 0);
	strbuf_addstr(&path, "/0001_" TS1 "_init.sql");
	test_write_file(path.buf, "-- somebody's work\n");
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS1, "--name", "init", "--rehash", NULL);
	run_result_release(&r);
	/* the sum file now knows that file: a clash on the name must not lose it */
	run_tool(&r, p.dir, pg_env, "mig-gen", "--timestamp", TS1, "--name", "init", NULL);
	ck_assert_int_eq(r.status, 2);
	run_result_release(&r);
	kept = test_read_file(path.buf);
	ck_assert_str_eq(kept, "-- somebody's work\n");
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/state", ".xml"), 0);
	free(kept);
	strbuf_release(&path);
	project_release(&p);
}
END_TEST

START_TEST(test_names_are_safe_and_reproducible)
{
	struct project a, b;
	struct run_result r;
	const char *env[] = { "SOURCE_DATE_EPOCH=1767225600", NULL };
	char *fa, *fb;

	project_init(&a, model_v1);
	project_init(&b, model_v1);
	run_tool(&r, a.dir, env, "mig-gen", "--name", "x; rm -rf / $(touch pwned)", NULL);
	ck_assert_int_eq(r.status, 0);
	/* no database configured: a new project gets every dialect, one revision id */
	ck_assert_str_eq(r.out, "migrations/pgsql/0001_20260101000000_x_rm_rf_touch_pwned.sql\n"
				"migrations/sqlite/0001_20260101000000_x_rm_rf_touch_pwned.sql\n"
				"migrations/state/0001_20260101000000_x_rm_rf_touch_pwned.xml\n");
	run_result_release(&r);
	ck_assert(!test_file_exists("pwned"));
	run_tool(&r, b.dir, env, "mig-gen", "--name", "x; rm -rf / $(touch pwned)", NULL);
	run_result_release(&r);
	fa = project_file(&a, "migrations/pgsql/0001_20260101000000_x_rm_rf_touch_pwned.sql");
	fb = project_file(&b, "migrations/pgsql/0001_20260101000000_x_rm_rf_touch_pwned.sql");
	ck_assert_str_eq(fa, fb);
	ck_assert_ptr_nonnull(strstr(fa, "-- mig:message x; rm -rf / $(touch pwned)\n"));
	free(fb);
	fb = project_file(&a, "migrations/sqlite/0001_20260101000000_x_rm_rf_touch_pwned.sql");
	ck_assert_ptr_nonnull(strstr(fb, "-- mig:revision 0001_20260101000000_x_rm_rf_touch_pwned\n"));
	ck_assert_ptr_nonnull(strstr(fb, "-- mig:up\nCREATE TABLE item (\n    id bigint NOT NULL,\n"));
	free(fb);
	fb = project_file(&a, "migrations/sqlite/mig.sum");
	ck_assert_ptr_nonnull(strstr(fb, "\n0001_20260101000000_x_rm_rf_touch_pwned.sql h1:"));
	free(fa);
	free(fb);
	project_release(&a);
	project_release(&b);
}
END_TEST

START_TEST(test_update_message_and_empty)
{
	struct project p;
	struct run_result r;
	const char *env[] = { "UPDATE_MESSAGE=add config type", NULL };
	char *sql, *s1, *s2;

	project_at_v1(&p);
	run_tool(&r, p.dir, env, "mig-gen", "--empty", "--timestamp", TS2, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/0002_" TS2 "_add_config_type.sql\n"
				"migrations/state/0002_" TS2 "_add_config_type.xml\n");
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0002_" TS2 "_add_config_type.sql");
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:parents 0001_" TS1 "_init\n-- mig:message add config type\n"));
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:up\n-- Write the up SQL"));
	free(sql);
	/* hand-written SQL leaves the recorded state as it was */
	s1 = project_file(&p, "migrations/state/0001_" TS1 "_init.xml");
	s2 = project_file(&p, "migrations/state/0002_" TS2 "_add_config_type.xml");
	ck_assert_str_eq(s1, s2);
	free(s1);
	free(s2);
	project_release(&p);
}
END_TEST

START_TEST(test_edited_migration_is_refused)
{
	struct project p;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char *sql;

	project_at_v1(&p);
	strbuf_addf(&path, "%s/migrations/pgsql/0001_" TS1 "_init.sql", p.dir);
	sql = test_read_file(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/migrations/pgsql/0001_" TS1 "_init.sql", p.dir);
	{
		struct strbuf edited = STRBUF_INIT;
		strbuf_addf(&edited, "%s-- an edit\n", sql);
		test_write_file(path.buf, edited.buf);
		strbuf_release(&edited);
	}
	project_model(&p, model_v2_renamed);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--allow-destructive", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: migrations/pgsql/mig.sum: 0001_" TS1 "_init.sql was edited after the "
				"sum file was written\nmig-gen: hint: if the change is deliberate, run mig-gen "
				"--rehash; otherwise restore the migration from version control\n");
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--rehash", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "migrations/pgsql/mig.sum\n");
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_int_eq(r.status, 1);
	run_result_release(&r);
	free(sql);
	strbuf_release(&path);
	project_release(&p);
}
END_TEST

START_TEST(test_several_heads_are_refused)
{
	struct project p;
	struct run_result r;
	struct strbuf path = STRBUF_INIT;
	char *state;

	project_at_v1(&p);
	/* a second branch off the root, as a teammate's merge would bring */
	strbuf_addf(&path, "%s/migrations/pgsql/0002_" TS2 "_branch.sql", p.dir);
	test_write_file(path.buf, "-- mig:revision 0002_" TS2 "_branch\n-- mig:parents\n-- mig:up\n-- mig:down\n");
	state = project_file(&p, "migrations/state/0001_" TS1 "_init.xml");
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/migrations/state/0002_" TS2 "_branch.xml", p.dir);
	test_write_file(path.buf, state);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--rehash", NULL);
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: error: the migrations have 2 heads (0001_" TS1 "_init, 0002_" TS2
				"_branch)\nmig-gen: hint: join them first with mig-gen --merge\n");
	run_result_release(&r);
	free(state);
	strbuf_release(&path);
	project_release(&p);
}
END_TEST

#define TS3 "20260101000002"
#define TS4 "20260101000003"

static const char model_branch_a[] =
	"<models xmlns='urn:mig:model:1'>\n<table name='item'>\n"
	" <column name='id' type='bigint'/>\n <column name='mail' type='text'/>\n"
	" <column name='note' type='text'/>\n <column name='price' type='numeric(9,2)'/>\n"
	" <primary-key columns='id'/>\n</table>\n</models>\n";
static const char model_branch_b[] =
	"<models xmlns='urn:mig:model:1'>\n<table name='item' comment='what is sold'>\n"
	" <column name='id' type='bigint'/>\n <column name='mail' type='text'/>\n"
	" <column name='note' type='text'/>\n <primary-key columns='id'/>\n</table>\n"
	"<table name='tag'>\n <column name='name' type='text'/>\n</table>\n</models>\n";
static const char model_branches_joined[] =
	"<models xmlns='urn:mig:model:1'>\n<table name='item' comment='what is sold'>\n"
	" <column name='id' type='bigint'/>\n <column name='mail' type='text'/>\n"
	" <column name='note' type='text'/>\n <column name='price' type='numeric(9,2)'/>\n"
	" <primary-key columns='id'/>\n</table>\n"
	"<table name='tag'>\n <column name='name' type='text'/>\n</table>\n</models>\n";

static void gen_ok(struct project *p, const char *name, const char *ts)
{
	struct run_result r;

	run_tool(&r, p->dir, pg_env, "mig-gen", "--name", name, "--timestamp", ts, NULL);
	ck_assert_msg(r.status == 0, "mig-gen %s: %s", name, r.err);
	run_result_release(&r);
}

static void rehash(struct project *p)
{
	struct run_result r;

	run_tool(&r, p->dir, pg_env, "mig-gen", "--rehash", NULL);
	ck_assert_msg(r.status == 0, "--rehash: %s", r.err);
	run_result_release(&r);
}

/*
 * Two branches off v1, as two developers make them: 0002_TS2_a from model
 * a, 0002_TS3_b from model b (each generated while the other was not there).
 */
static void project_with_branches(struct project *p, const char *model_a, const char *model_b)
{
	project_at_v1(p);
	project_model(p, model_a);
	gen_ok(p, "a", TS2);
	test_move_in(p->dir, "migrations/pgsql/0002_" TS2 "_a.sql", "a.sql");
	test_move_in(p->dir, "migrations/state/0002_" TS2 "_a.xml", "a.xml");
	rehash(p);
	project_model(p, model_b);
	gen_ok(p, "b", TS3);
	test_move_in(p->dir, "a.sql", "migrations/pgsql/0002_" TS2 "_a.sql");
	test_move_in(p->dir, "a.xml", "migrations/state/0002_" TS2 "_a.xml");
	rehash(p);
}

START_TEST(test_merge_joins_the_heads)
{
	struct project p;
	struct run_result r;
	char *sql, *state;

	project_with_branches(&p, model_branch_a, model_branch_b);
	project_model(&p, model_branches_joined);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--merge", "--timestamp", TS4, NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "migrations/pgsql/0003_" TS4 "_merge.sql\nmigrations/state/0003_" TS4 "_merge.xml\n");
	run_result_release(&r);
	sql = project_file(&p, "migrations/pgsql/0003_" TS4 "_merge.sql");
	ck_assert_msg(strncmp(sql, "-- mig:revision 0003_" TS4 "_merge\n-- mig:parents 0002_" TS2 "_a 0002_" TS3
			      "_b\n-- mig:message merge\n-- mig:transaction on\n", 120) == 0, "%s", sql);
	ck_assert_ptr_nonnull(strstr(sql, "-- mig:up\n-- A merge: joins its parents, nothing to run.\n"));
	free(sql);
	/* the recorded state has both branches' changes, in the same table too */
	state = project_file(&p, "migrations/state/0003_" TS4 "_merge.xml");
	ck_assert_ptr_nonnull(strstr(state, "<table name=\"item\" comment=\"what is sold\">"));
	ck_assert_ptr_nonnull(strstr(state, "<column name=\"price\" type=\"numeric(9,2)\"/>"));
	ck_assert_ptr_nonnull(strstr(state, "<table name=\"tag\">"));
	free(state);
	/* the models hold both changes: nothing is left to generate */
	run_tool(&r, p.dir, pg_env, "mig-gen", "--check", NULL);
	ck_assert_msg(r.status == 0 && strcmp(r.out, "no changes\n") == 0, "%d %s%s", r.status, r.out, r.err);
	run_result_release(&r);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--merge", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "nothing to merge: one head (0003_" TS4 "_merge)\n");
	run_result_release(&r);
	project_release(&p);
}
END_TEST

START_TEST(test_merge_refuses_conflicting_branches)
{
	static const char model_c[] =
		"<models xmlns='urn:mig:model:1'>\n<table name='item'>\n"
		" <column name='id' type='bigint'/>\n <column name='mail' type='text' comment='the login'/>\n"
		" <column name='note' type='text'/>\n <primary-key columns='id'/>\n</table>\n</models>\n";
	static const char model_d[] =
		"<models xmlns='urn:mig:model:1'>\n<table name='item'>\n"
		" <column name='id' type='bigint'/>\n <column name='mail' type='text' nullable='false' default=''/>\n"
		" <column name='note' type='text'/>\n <primary-key columns='id'/>\n</table>\n</models>\n";
	struct project p;
	struct run_result r;

	project_with_branches(&p, model_c, model_d);
	run_tool(&r, p.dir, pg_env, "mig-gen", "--merge", "--timestamp", TS4, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: error: the heads 0002_" TS2 "_a and 0002_" TS3 "_b both change table item: "
				"column mail, differently\nmig-gen: hint: the branches cannot both run as they are: delete "
				"the migration of one branch (and its recorded state) and generate it again on top of the "
				"other head\n");
	ck_assert_uint_eq(test_count_in(p.dir, "migrations/pgsql", ".sql"), 3);
	run_result_release(&r);
	project_release(&p);
}
END_TEST

Suite *gen_suite(void)
{
	Suite *s = suite_create("gen");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_first_migration_then_no_changes);
	tcase_add_test(tc, test_check_lists_changes);
	tcase_add_test(tc, test_state_file_is_checked_when_nothing_changed);
	tcase_add_test(tc, test_never_overwrites);
	tcase_add_test(tc, test_names_are_safe_and_reproducible);
	tcase_add_test(tc, test_update_message_and_empty);
	tcase_add_test(tc, test_edited_migration_is_refused);
	tcase_add_test(tc, test_several_heads_are_refused);
	tcase_add_test(tc, test_merge_joins_the_heads);
	tcase_add_test(tc, test_merge_refuses_conflicting_branches);
	suite_add_tcase(s, tc);

	tc = tcase_create("decisions");
	tcase_add_test(tc, test_rename_needs_a_decision);
	tcase_add_test(tc, test_rename_prompt_on_a_terminal);
	tcase_add_test(tc, test_data_loss_needs_consent);
	tcase_add_test(tc, test_not_null_needs_a_value);
	suite_add_tcase(s, tc);
	return s;
}

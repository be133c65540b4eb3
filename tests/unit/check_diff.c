/*
 * diff: decide and compute on small in-memory models. Each case parses two
 * models from XML text, makes the decisions (options, or a terminal that a
 * callback answers) and asserts the operations: kind, phase, object, names,
 * fills and order.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diff.h"
#include "diff_decide.h"
#include "diff_describe.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "suites.h"

#define DOC(body) "<models xmlns=\"urn:mig:model:1\" app=\"t\">" body "</models>"

static void load(struct model *m, const char *xml)
{
	struct model_xml_reader r;
	struct diag d = DIAG_INIT;

	model_init(m);
	ck_assert_int_eq(model_xml_reader_init(&r, &d), 0);
	ck_assert_msg(model_xml_parse(&r, m, "t.xml", xml, strlen(xml), &d) == 0, "parse: %s", d.message);
	ck_assert_msg(model_finish(m, &d) == 0, "finish: %s", d.message);
	model_xml_reader_release(&r);
	diag_release(&d);
}

/* The terminal of a test: answers every yes/no question with `yes`, remembers the last one. */
struct terminal {
	int yes;
	int asked;
	struct strbuf last;
};

static int answer(void *ctx, const char *question)
{
	struct terminal *t = ctx;

	t->asked++;
	strbuf_reset(&t->last);
	strbuf_addstr(&t->last, question);
	return t->yes;
}

struct fixture {
	struct model from, to;
	struct diff df;
	struct diag d;
};

static int run(struct fixture *f, const char *from, const char *to, const struct diff_options *opts)
{
	load(&f->from, from);
	load(&f->to, to);
	diff_init(&f->df);
	f->d = (struct diag)DIAG_INIT;
	return diff_run(&f->df, &f->from, &f->to, opts, &f->d);
}

static void done(struct fixture *f)
{
	diff_release(&f->df);
	model_release(&f->from);
	model_release(&f->to);
	diag_release(&f->d);
}

/* The ops of the up section, one described per line. */
static void listing(const struct diff *df, struct strbuf *out)
{
	for (size_t i = 0; i < df->nr; i++) {
		diff_describe(&df->ops[i], out);
		strbuf_addch(out, '\n');
	}
}

static void assert_op(const struct op *op, enum op_kind kind, enum diff_phase phase, enum diff_object object)
{
	ck_assert_int_eq(op->kind, kind);
	ck_assert_int_eq(op->phase, phase);
	ck_assert_int_eq(op->object, object);
}

/* Ops come in the order of their phases. */
static void assert_phases_ordered(const struct diff *df)
{
	for (size_t i = 1; i < df->nr; i++)
		ck_assert_int_le(df->ops[i - 1].phase, df->ops[i].phase);
}

START_TEST(test_create_referenced_first)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;

	ck_assert_int_eq(run(&f, DOC(""),
			     DOC("<table name=\"b\"><column name=\"a_id\" type=\"integer\"/>"
				 "<foreign-key columns=\"a_id\" references=\"a (id)\"/></table>"
				 "<table name=\"a\"><column name=\"id\" type=\"integer\" nullable=\"false\"/>"
				 "<primary-key columns=\"id\"/><index columns=\"id\"/></table>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "+ table a\n+ index a_id_idx on a\n+ table b\n");
	assert_op(&f.df.ops[0], OP_CREATE_TABLE, PHASE_CREATE_TABLES, DIFF_TABLE);
	ck_assert_str_eq(f.df.ops[0].to.table->name, "a");
	assert_op(&f.df.ops[1], OP_CREATE_INDEX, PHASE_CREATE_TABLES, DIFF_INDEX);
	assert_op(&f.df.ops[2], OP_CREATE_TABLE, PHASE_CREATE_TABLES, DIFF_TABLE);
	ck_assert(f.df.ops[2].inline_fks[0]); /* its target exists by then */
	ck_assert(!diff_is_destructive(&f.df));
	strbuf_release(&s);
	done(&f);
}
END_TEST

START_TEST(test_drop_reversed_and_consent)
{
	const char *from = DOC("<table name=\"a\"><column name=\"id\" type=\"integer\" nullable=\"false\"/>"
			       "<primary-key columns=\"id\"/></table>"
			       "<table name=\"b\"><column name=\"a_id\" type=\"integer\"/>"
			       "<foreign-key columns=\"a_id\" references=\"a (id)\"/></table>");
	struct fixture f;
	struct diff_options opts = { 0 };
	struct terminal t = { .yes = 0, .last = STRBUF_INIT };
	struct op *inverses;
	const struct op **down;
	size_t nr;

	/* no terminal, no --allow-destructive: an error that says how */
	ck_assert_int_eq(run(&f, from, DOC(""), &opts), -1);
	ck_assert_str_eq(f.d.message, "the change drops table a and its rows");
	ck_assert_uint_eq(f.df.nr, 0);
	done(&f);

	/* a terminal that says no */
	opts.confirm = answer;
	opts.ctx = &t;
	ck_assert_int_eq(run(&f, from, DOC(""), &opts), -1);
	ck_assert_int_eq(t.asked, 1);
	ck_assert_str_eq(t.last.buf, "drop table a and its rows? [y/N] ");
	ck_assert_str_eq(f.d.message, "not confirmed: the change drops table a and its rows");
	done(&f);

	/* allowed: the referencing table goes first, the down creates in the other order */
	opts = (struct diff_options){ .allow_destructive = true };
	ck_assert_int_eq(run(&f, from, DOC(""), &opts), 0);
	ck_assert_uint_eq(f.df.nr, 2);
	assert_op(&f.df.ops[0], OP_DROP_TABLE, PHASE_DROP_TABLES, DIFF_TABLE);
	ck_assert_str_eq(f.df.ops[0].from_table->name, "b");
	assert_op(&f.df.ops[1], OP_DROP_TABLE, PHASE_DROP_TABLES, DIFF_TABLE);
	ck_assert_str_eq(f.df.ops[1].from_table->name, "a");
	ck_assert(f.df.ops[0].destructive && f.df.ops[0].before_renames);
	nr = diff_down_ops(&f.df, &inverses, &down);
	ck_assert_uint_eq(nr, 2);
	ck_assert_int_eq(down[0]->kind, OP_CREATE_TABLE);
	ck_assert_str_eq(down[0]->to.table->name, "a");
	ck_assert_str_eq(down[1]->to.table->name, "b");
	free(down);
	free(inverses);
	done(&f);
	strbuf_release(&t.last);
}
END_TEST

START_TEST(test_rename_decided)
{
	const char *from = DOC("<table name=\"old\"><column name=\"id\" type=\"integer\"/>"
			       "<column name=\"x\" type=\"text\"/></table>");
	struct fixture f;
	struct diff_options opts = { 0 };
	struct terminal t = { .yes = 1, .last = STRBUF_INIT };
	const char *renames[] = { "t.x=t.y" };

	/* renamed-from in the model */
	ck_assert_int_eq(run(&f, from,
			     DOC("<table name=\"t\" renamed-from=\"old\"><column name=\"id\" type=\"integer\"/>"
				 "<column name=\"x\" type=\"text\"/></table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 1);
	assert_op(&f.df.ops[0], OP_RENAME_TABLE, PHASE_RENAMES, DIFF_TABLE);
	ck_assert_str_eq(f.df.ops[0].from_name, "old");
	ck_assert_str_eq(f.df.ops[0].to_name, "t");
	ck_assert_ptr_eq(diff_now_table(&f.df, f.from.tables[0]), f.to.tables[0]);
	done(&f);

	/* asked on the terminal, a column renamed by --rename */
	opts.confirm = answer;
	opts.ctx = &t;
	opts.renames = renames;
	opts.nr_renames = 1;
	ck_assert_int_eq(run(&f, DOC("<table name=\"old\"><column name=\"id\" type=\"integer\"/>"
				     "<column name=\"x\" type=\"text\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"id\" type=\"integer\"/>"
				 "<column name=\"x\" type=\"text\"/></table>"),
			     &opts), 0);
	ck_assert_int_eq(t.asked, 1);
	ck_assert_str_eq(t.last.buf, "rename table old to t? [y/N] ");
	ck_assert_uint_eq(f.df.nr, 1);
	ck_assert_int_eq(f.df.ops[0].kind, OP_RENAME_TABLE);
	done(&f);

	ck_assert_int_eq(run(&f, DOC("<table name=\"t\"><column name=\"x\" type=\"text\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"y\" type=\"text\"/></table>"), &opts), 0);
	ck_assert_int_eq(t.asked, 1); /* stated: not asked */
	ck_assert_uint_eq(f.df.nr, 1);
	assert_op(&f.df.ops[0], OP_RENAME_COLUMN, PHASE_RENAMES, DIFF_COLUMN);
	ck_assert_str_eq(f.df.ops[0].from.column->name, "x");
	ck_assert_str_eq(f.df.ops[0].to.column->name, "y");
	done(&f);

	/* a rename whose old side is not there */
	renames[0] = "t.nope=t.y";
	ck_assert_int_eq(run(&f, DOC("<table name=\"t\"><column name=\"x\" type=\"text\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"y\" type=\"text\"/></table>"), &opts), -1);
	ck_assert_str_eq(f.d.message, "--rename: column \"t.nope\" is not in the recorded state");
	done(&f);
	strbuf_release(&t.last);
}
END_TEST

/*
 * What a column of the old model is in the new one (diff_now_column(), a
 * map a table, found by the column's address): kept columns, reordered and
 * renamed, map to theirs; a dropped column, a column of a dropped table and
 * a column of the new model are themselves.
 */
START_TEST(test_now_column)
{
	struct fixture f;
	struct diff_options opts = { .allow_destructive = true };
	const struct model_table *from_t, *to_t, *gone;

	ck_assert_int_eq(run(&f,
			     DOC("<table name=\"a\"><column name=\"x\" type=\"text\"/></table>"
				 "<table name=\"t\"><column name=\"id\" type=\"integer\"/>"
				 "<column name=\"x\" type=\"text\"/><column name=\"d\" type=\"text\"/>"
				 "<column name=\"y\" type=\"text\"/></table>"
				 "<table name=\"u\"><column name=\"x\" type=\"text\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"z\" type=\"text\" renamed-from=\"y\"/>"
				 "<column name=\"id\" type=\"integer\"/><column name=\"x\" type=\"text\"/>"
				 "<column name=\"n\" type=\"text\"/></table>"
				 "<table name=\"u\"><column name=\"x\" type=\"text\"/></table>"),
			     &opts),
			 0);
	gone = model_find_table(&f.from, "", "a");
	from_t = model_find_table(&f.from, "", "t");
	to_t = model_find_table(&f.to, "", "t");
	ck_assert_ptr_eq(diff_now_column(&f.df, model_table_find_column(from_t, "id")),
			 model_table_find_column(to_t, "id"));
	ck_assert_ptr_eq(diff_now_column(&f.df, model_table_find_column(from_t, "x")),
			 model_table_find_column(to_t, "x"));
	ck_assert_ptr_eq(diff_now_column(&f.df, model_table_find_column(from_t, "y")),
			 model_table_find_column(to_t, "z"));
	ck_assert_ptr_eq(diff_now_column(&f.df, model_table_find_column(from_t, "d")),
			 model_table_find_column(from_t, "d"));
	ck_assert_ptr_eq(diff_now_column(&f.df, &gone->columns[0]), &gone->columns[0]);
	ck_assert_ptr_eq(diff_now_column(&f.df, model_table_find_column(to_t, "n")),
			 model_table_find_column(to_t, "n"));
	ck_assert_ptr_eq(diff_now_column(&f.df, &model_find_table(&f.from, "", "u")->columns[0]),
			 &model_find_table(&f.to, "", "u")->columns[0]);
	done(&f);

	/* from nothing: no table kept, no map (and no sort of none) */
	ck_assert_int_eq(run(&f, DOC(""), DOC("<table name=\"t\"><column name=\"x\" type=\"text\"/></table>"),
			     &opts),
			 0);
	ck_assert_ptr_eq(diff_now_column(&f.df, &f.to.tables[0]->columns[0]), &f.to.tables[0]->columns[0]);
	done(&f);
}
END_TEST

/* Names that differ in case alone: one object (SQLite's names ignore case), renamed, never asked about. */
START_TEST(test_rename_in_case)
{
	struct fixture f;
	struct diff_options opts = { 0 };

	ck_assert_int_eq(run(&f, DOC("<table name=\"Users\"><column name=\"id\" type=\"integer\"/>"
				     "<column name=\"email\" type=\"varchar(20)\"/></table>"),
			     DOC("<table name=\"users\"><column name=\"id\" type=\"integer\"/>"
				 "<column name=\"Email\" type=\"text\"/></table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 3);
	assert_op(&f.df.ops[0], OP_RENAME_TABLE, PHASE_RENAMES, DIFF_TABLE);
	ck_assert_str_eq(f.df.ops[0].from_name, "Users");
	ck_assert_str_eq(f.df.ops[0].to_name, "users");
	assert_op(&f.df.ops[1], OP_RENAME_COLUMN, PHASE_RENAMES, DIFF_COLUMN);
	ck_assert_str_eq(f.df.ops[1].to_name, "Email");
	assert_op(&f.df.ops[2], OP_ALTER_TYPE, PHASE_COLUMN_TYPES, DIFF_COLUMN);
	done(&f);

	/* SQLite's table options: one op, which SQLite makes by a rebuild */
	ck_assert_int_eq(run(&f, DOC("<table name=\"t\"><column name=\"id\" type=\"integer\"/></table>"),
			     DOC("<table name=\"t\" sqlite-strict=\"true\"><column name=\"id\" type=\"integer\"/>"
				 "</table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 1);
	assert_op(&f.df.ops[0], OP_SET_TABLE_OPTIONS, PHASE_COLUMN_TYPES, DIFF_TABLE);
	done(&f);
}
END_TEST

START_TEST(test_fill_decided)
{
	const char *from = DOC("<table name=\"t\"><column name=\"a\" type=\"integer\"/></table>");
	const char *to = DOC("<table name=\"t\"><column name=\"a\" type=\"integer\" nullable=\"false\"/></table>");
	const char *fills[] = { "t.a=+5" };
	struct diff_options opts = { .fills = fills, .nr_fills = 1 };
	struct diff_decisions dd;
	struct model m1, m2;
	struct diff df;
	struct diag d = DIAG_INIT;
	const struct diff_fill *fill;
	struct op *inverses;
	const struct op **down;

	load(&m1, from);
	load(&m2, to);
	diff_decisions_init(&dd);
	ck_assert_int_eq(diff_decide(&dd, &m1, &m2, &opts, &d), 0);
	fill = diff_decide_fill(&dd, &m2.tables[0]->columns[0]);
	ck_assert_ptr_nonnull(fill);
	ck_assert_str_eq(fill->value, "5"); /* in its canonical spelling */

	/* compute is pure: the same decisions, the same ops, twice */
	for (int round = 0; round < 2; round++) {
		diff_init(&df);
		ck_assert_int_eq(diff_compute(&m1, &m2, &dd, &df, &d), 0);
		ck_assert_uint_eq(df.nr, 1);
		assert_op(&df.ops[0], OP_SET_NOT_NULL, PHASE_NULLABILITY, DIFF_COLUMN);
		ck_assert_str_eq(df.ops[0].fill, "5");
		ck_assert(!df.ops[0].fill_is_expr);
		ck_assert_uint_eq(diff_down_ops(&df, &inverses, &down), 1);
		ck_assert_int_eq(down[0]->kind, OP_DROP_NOT_NULL);
		ck_assert_ptr_null(down[0]->fill);
		free(down);
		free(inverses);
		diff_release(&df);
	}
	/* decisions made for other models */
	diff_init(&df);
	ck_assert_int_eq(diff_compute(&m2, &m1, &dd, &df, &d), -1);
	diff_release(&df);
	diag_release(&d);
	diff_decisions_release(&dd);

	/* without a fill: the error names the options that resolve it */
	opts.nr_fills = 0;
	diff_decisions_init(&dd);
	ck_assert_int_eq(diff_decide(&dd, &m1, &m2, &opts, &d), -1);
	ck_assert_str_eq(d.message, "column t.a becomes NOT NULL and has no default");
	diff_decisions_release(&dd);
	diag_release(&d);
	model_release(&m1);
	model_release(&m2);
}
END_TEST

START_TEST(test_alter_columns)
{
	struct fixture f;
	struct diff_options opts = { .allow_destructive = true };
	struct strbuf s = STRBUF_INIT;
	struct op *inverses;
	const struct op **down;

	ck_assert_int_eq(run(&f,
			     DOC("<table name=\"t\"><column name=\"a\" type=\"integer\" default=\"1\"/>"
				 "<column name=\"b\" type=\"text\"/><column name=\"gone\" type=\"text\"/>"
				 "<column name=\"n\" type=\"text\" nullable=\"false\" default=\"x\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"a\" type=\"bigint\" default=\"1\"/>"
				 "<column name=\"b\" type=\"varchar(10)\"/><column name=\"c\" type=\"text\"/>"
				 "<column name=\"n\" type=\"text\" default=\"x\"/><index columns=\"c\"/></table>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "- column t.gone\n"
				"+ column t.c text\n"
				"~ column t.a: type integer -> bigint\n"
				"~ column t.b: type text -> varchar(10)\n"
				"~ column t.n: nullable\n"
				"+ index t_c_idx on t\n");
	assert_phases_ordered(&f.df);
	assert_op(&f.df.ops[0], OP_DROP_COLUMN, PHASE_DROP_COLUMNS, DIFF_COLUMN);
	ck_assert(f.df.ops[0].destructive && f.df.ops[0].values_lost);
	assert_op(&f.df.ops[1], OP_ADD_COLUMN, PHASE_ADD_COLUMNS, DIFF_COLUMN);
	/* widening: no loss; values convert, the default is dropped and set around it */
	assert_op(&f.df.ops[2], OP_ALTER_TYPE, PHASE_COLUMN_TYPES, DIFF_COLUMN);
	ck_assert(!f.df.ops[2].destructive);
	ck_assert(f.df.ops[2].retype && f.df.ops[2].drop_default && f.df.ops[2].set_default);
	ck_assert(!f.df.ops[2].cast_via_text && !f.df.ops[2].retype_sequence);
	/* narrowing: destructive; another type family: a cast */
	ck_assert(f.df.ops[3].destructive && f.df.ops[3].retype && !f.df.ops[3].drop_default);
	assert_op(&f.df.ops[4], OP_DROP_NOT_NULL, PHASE_NULLABILITY, DIFF_COLUMN);
	assert_op(&f.df.ops[5], OP_CREATE_INDEX, PHASE_ADD_CONSTRAINTS, DIFF_INDEX);

	/* the down: reversed; NOT NULL put back fills NULL rows with the default */
	ck_assert_uint_eq(diff_down_ops(&f.df, &inverses, &down), 6);
	ck_assert_int_eq(down[0]->kind, OP_DROP_INDEX);
	ck_assert_int_eq(down[1]->kind, OP_SET_NOT_NULL);
	ck_assert_str_eq(down[1]->fill, "x");
	ck_assert(down[1]->fill_is_default);
	ck_assert_int_eq(down[5]->kind, OP_ADD_COLUMN);
	ck_assert_str_eq(down[5]->to.column->name, "gone");
	free(down);
	free(inverses);
	strbuf_release(&s);
	done(&f);
}
END_TEST

START_TEST(test_constraint_renamed_with_table)
{
	struct fixture f;
	struct diff_options opts = { 0 };

	ck_assert_int_eq(run(&f,
			     DOC("<table name=\"a\"><column name=\"id\" type=\"integer\" nullable=\"false\"/>"
				 "<primary-key columns=\"id\"/><check expr=\"id &gt; 0\"/></table>"),
			     DOC("<table name=\"b\" renamed-from=\"a\"><column name=\"id\" type=\"integer\" "
				 "nullable=\"false\"/><primary-key columns=\"id\"/>"
				 "<check expr=\"id &gt; 0\"/></table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 3);
	assert_op(&f.df.ops[0], OP_RENAME_TABLE, PHASE_RENAMES, DIFF_TABLE);
	assert_op(&f.df.ops[1], OP_RENAME_CONSTRAINT, PHASE_RENAMES, DIFF_PRIMARY_KEY);
	ck_assert_str_eq(f.df.ops[1].from_name, "a_pkey");
	ck_assert_str_eq(f.df.ops[1].to_name, "b_pkey");
	assert_op(&f.df.ops[2], OP_RENAME_CONSTRAINT, PHASE_RENAMES, DIFF_CHECK);
	done(&f);
}
END_TEST

/* Two new checks like one old one: one is it renamed, the other is new (never two renames of one). */
START_TEST(test_constraint_renamed_once)
{
	struct fixture f;
	struct diff_options opts = { 0 };

	ck_assert_int_eq(run(&f,
			     DOC("<table name=\"p\"><column name=\"a\" type=\"integer\"/>"
				 "<check name=\"one_positive\" expr=\"a &gt; 0\"/></table>"),
			     DOC("<table name=\"p\"><column name=\"a\" type=\"integer\"/>"
				 "<check name=\"p_check\" expr=\"a &gt; 0\"/><check name=\"p_check1\" expr=\"a &gt; 0\"/></table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 2);
	assert_op(&f.df.ops[0], OP_RENAME_CONSTRAINT, PHASE_RENAMES, DIFF_CHECK);
	ck_assert_str_eq(f.df.ops[0].from_name, "one_positive");
	ck_assert_str_eq(f.df.ops[0].to_name, "p_check");
	ck_assert_int_eq(f.df.ops[1].kind, OP_ADD_CHECK);
	ck_assert_str_eq(((const struct model_check *)f.df.ops[1].to.any)->name, "p_check1");
	done(&f);
}
END_TEST

/* A kind with comments: a constraint's comment comes with it, changes, and goes with it. */
START_TEST(test_constraint_comments)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;
	const struct op **up;
	size_t nr;

	ck_assert_int_eq(run(&f, DOC(""),
			     DOC("<table name=\"t\"><column name=\"id\" type=\"integer\" nullable=\"false\"/>"
				 "<primary-key columns=\"id\" comment=\"the key\"/></table>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "+ table t\n~ comment on constraint t_pkey on t\n");
	assert_op(&f.df.ops[1], OP_COMMENT, PHASE_CREATE_TABLES, DIFF_PRIMARY_KEY);
	ck_assert_str_eq(f.df.ops[1].to_comment, "the key");
	done(&f);

	ck_assert_int_eq(run(&f,
			     DOC("<table name=\"t\"><column name=\"n\" type=\"integer\"/>"
				 "<check expr=\"n &gt; 0\" comment=\"positive\"/>"
				 "<unique columns=\"n\" comment=\"once\"/></table>"),
			     DOC("<table name=\"t\"><column name=\"n\" type=\"integer\"/>"
				 "<check expr=\"n &gt;= 0\" comment=\"not negative\"/>"
				 "<unique columns=\"n\" comment=\"only once\"/></table>"),
			     &opts), 0);
	strbuf_reset(&s);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "~ comment on constraint t_check on t\n"
				"- check t_check on t\n"
				"+ check t_check on t\n"
				"~ comment on constraint t_check on t\n"
				"~ comment on constraint t_n_key on t\n");
	assert_op(&f.df.ops[4], OP_COMMENT, PHASE_COMMENTS, DIFF_UNIQUE);
	ck_assert_str_eq(f.df.ops[4].from_comment, "once");
	ck_assert_str_eq(f.df.ops[4].to_comment, "only once");
	/* the comment of a dropped constraint goes with it */
	nr = diff_up_ops(&f.df, &up);
	ck_assert_uint_eq(nr, 4);
	ck_assert_int_eq(up[0]->kind, OP_DROP_CHECK);
	free(up);
	strbuf_release(&s);
	done(&f);
}
END_TEST

/* Objects kept as SQL: what stands on something comes after it, whatever the model's order. */
START_TEST(test_objects_in_dependency_order)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;

	ck_assert_int_eq(run(&f, DOC(""),
			     DOC("<view name=\"v2\">CREATE VIEW v2 AS SELECT n FROM v1</view>"
				 "<trigger name=\"t\" table=\"a\">CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW "
				 "EXECUTE FUNCTION f()</trigger>"
				 "<view name=\"v1\">CREATE VIEW v1 AS SELECT twice(id) AS n FROM a</view>"
				 "<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>"
				 "<function name=\"twice(integer)\">CREATE FUNCTION twice(integer) RETURNS integer "
				 "LANGUAGE sql AS 'SELECT $1 * 2'</function>"
				 "<function name=\"f()\">CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
				 "'BEGIN RETURN NEW; END'</function>"
				 "<extension name=\"citext\">CREATE EXTENSION citext</extension>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "+ extension citext\n+ function twice(integer)\n+ function f()\n+ table a\n"
				"+ trigger t on a\n+ view v1\n+ view v2\n");
	assert_phases_ordered(&f.df);
	assert_op(&f.df.ops[0], OP_CREATE_OBJECT, PHASE_EARLY_OBJECTS, DIFF_OBJECT);
	assert_op(&f.df.ops[4], OP_CREATE_OBJECT, PHASE_CREATE_DEPENDENTS, DIFF_OBJECT);
	strbuf_release(&s);
	done(&f);

	/* and the other way round: the reverse */
	ck_assert_int_eq(run(&f, DOC("<view name=\"v2\">CREATE VIEW v2 AS SELECT n FROM v1</view>"
				     "<view name=\"v1\">CREATE VIEW v1 AS SELECT id AS n FROM a</view>"
				     "<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>"),
			     DOC(""), &(struct diff_options){ .allow_destructive = true }), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "- view v2\n- view v1\n- table a\n");
	strbuf_release(&s);
	done(&f);
}
END_TEST

/*
 * The order of objects that reference each other in a long chain, against
 * the model's order: each taken as soon as a sweep in model order finds
 * what it references taken (a view on an overloaded function waits for
 * every overload; one on a table's row type comes after the table).
 */
START_TEST(test_objects_order_of_sweeps)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;

	ck_assert_int_eq(run(&f, DOC(""),
			     DOC("<view name=\"v3\">CREATE VIEW v3 AS SELECT n FROM v2</view>"
				 "<view name=\"x\">CREATE VIEW x AS SELECT 1 AS one</view>"
				 "<view name=\"v2\">CREATE VIEW v2 AS SELECT n FROM v1</view>"
				 "<view name=\"v1\">CREATE VIEW v1 AS SELECT g(1) AS n, rows(NULL::a) AS m</view>"
				 "<function name=\"g(integer)\">CREATE FUNCTION g(integer) RETURNS integer "
				 "LANGUAGE sql AS 'SELECT $1'</function>"
				 "<function name=\"g(text)\">CREATE FUNCTION g(text) RETURNS integer "
				 "LANGUAGE sql AS 'SELECT 1'</function>"
				 "<function name=\"rows(a)\">CREATE FUNCTION rows(a) RETURNS integer "
				 "LANGUAGE sql AS 'SELECT 1'</function>"
				 "<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>"),
			     &opts), 0);
	listing(&f.df, &s);
	/* views come after the tables; a function on a table's row type too */
	ck_assert_str_eq(s.buf, "+ function g(integer)\n+ function g(text)\n+ table a\n+ view x\n"
				"+ function rows(a)\n+ view v1\n+ view v2\n+ view v3\n");
	assert_phases_ordered(&f.df);
	strbuf_release(&s);
	done(&f);
}
END_TEST

/* A view over a column whose type changes is dropped before and created after, unchanged; a grant stays. */
START_TEST(test_objects_rebuilt_around_a_retyped_column)
{
	struct fixture f;
	struct diff_options opts = { .allow_destructive = true };
	struct strbuf s = STRBUF_INIT;
	const char *objects = "<view name=\"v\">CREATE VIEW v AS SELECT id FROM a</view>"
			      "<view name=\"w\">CREATE VIEW w AS SELECT id FROM v</view>"
			      "<view name=\"other\">CREATE VIEW other AS SELECT 1 AS one</view>"
			      "<grant to=\"PUBLIC\" on=\"TABLE a\">SELECT</grant>";

	{
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		strbuf_addf(&a, DOC("<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>%s"), objects);
		strbuf_addf(&b, DOC("<table name=\"a\"><column name=\"id\" type=\"bigint\"/></table>%s"), objects);
		ck_assert_int_eq(run(&f, a.buf, b.buf, &opts), 0);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "- view w\n- view v\n~ column a.id: type integer -> bigint\n+ view v\n+ view w\n");
	assert_phases_ordered(&f.df);
	strbuf_release(&s);
	done(&f);
}
END_TEST

/* A function's body and a domain's checks change in place; a new result type means drop and create. */
START_TEST(test_objects_changed_in_place)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;

	ck_assert_int_eq(run(&f, DOC("<function name=\"f()\">CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'</function>"
				     "<function name=\"g()\">CREATE FUNCTION g() RETURNS integer LANGUAGE sql AS 'SELECT 1'</function>"
				     "<domain name=\"d\">CREATE DOMAIN d AS integer CHECK (VALUE &gt; 0)</domain>"),
			     DOC("<function name=\"f()\">CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 2'</function>"
				 "<function name=\"g()\">CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'</function>"
				 "<domain name=\"d\">CREATE DOMAIN d AS integer CHECK (VALUE &gt; 1)</domain>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "- function g()\n~ function f(): replaced\n~ domain d: replaced\n+ function g()\n");
	strbuf_release(&s);
	done(&f);
}
END_TEST

/*
 * Owners: after the create, changed in place (a function whose owner alone
 * changes is not made again), cleared (NULL: the migrating role); a model
 * without owners has no owner op; a drop takes its owner along in the up.
 */
START_TEST(test_owners)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;
	struct op *inverses;
	const struct op **ops;
	size_t n;

	ck_assert_int_eq(run(&f, DOC("<schema name=\"s\" owner=\"a\"/>"
				     "<table name=\"t\" owner=\"a\"><column name=\"id\" type=\"int\"/></table>"
				     "<table name=\"gone\" owner=\"a\"><column name=\"id\" type=\"int\"/></table>"
				     "<function name=\"f()\" owner=\"a\">CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'</function>"),
			     DOC("<schema name=\"s\" owner=\"b\"/>"
				 "<table name=\"t\"><column name=\"id\" type=\"int\"/></table>"
				 "<function name=\"f()\" owner=\"b\">CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'</function>"
				 "<view name=\"v\" owner=\"b\">CREATE VIEW v AS SELECT 1 AS one</view>"),
			     &(struct diff_options){ .allow_destructive = true }), 0);
	n = diff_up_ops(&f.df, &ops);
	for (size_t i = 0; i < n; i++) {
		diff_describe(ops[i], &s);
		strbuf_addch(&s, '\n');
	}
	free(ops);
	ck_assert_str_eq(s.buf, "- table gone\n+ view v\n~ owner of view v: b\n~ owner of schema s: b\n"
			 "~ owner of table t: (the migrating role)\n~ owner of function f(): b\n");
	strbuf_reset(&s);
	n = diff_down_ops(&f.df, &inverses, &ops);
	for (size_t i = 0; i < n; i++) {
		diff_describe(ops[i], &s);
		strbuf_addch(&s, '\n');
	}
	free(ops);
	free(inverses);
	ck_assert_str_eq(s.buf, "~ owner of function f(): a\n~ owner of table t: a\n~ owner of schema s: a\n"
			 "- view v\n+ table gone\n~ owner of table gone: a\n");
	strbuf_reset(&s);
	done(&f);

	/* the same objects, owners not managed: nothing to do */
	ck_assert_int_eq(run(&f, DOC("<schema name=\"s\"/><table name=\"t\"><column name=\"id\" type=\"int\"/></table>"),
			     DOC("<schema name=\"s\"/><table name=\"t\"><column name=\"id\" type=\"int\"/></table>"),
			     &opts), 0);
	ck_assert_uint_eq(f.df.nr, 0);
	done(&f);
	strbuf_release(&s);
}
END_TEST

#define EVENTS(key) "<table name=\"ev\" partition-by=\"" key "\"><column name=\"id\" type=\"integer\"/>" \
	"<column name=\"at\" type=\"date\"/></table>"

/* Partitions come after their parent (whatever the model's order); options change in place. */
START_TEST(test_partitions_and_options)
{
	struct fixture f;
	struct diff_options opts = { 0 };
	struct strbuf s = STRBUF_INIT;

	ck_assert_int_eq(run(&f, DOC(""),
			     DOC("<table name=\"ev_1\" partition-of=\"ev\" partition-bound=\"FOR VALUES IN (1)\"/>"
				 "<table name=\"kid\" inherits=\"ev_1\"/>"
				 EVENTS("LIST (id)")),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "+ table ev\n+ table ev_1\n+ table kid\n");
	done(&f);
	strbuf_reset(&s);
	ck_assert_int_eq(run(&f, DOC("<table name=\"t\" storage=\"fillfactor=70\"><column name=\"id\" type=\"integer\"/></table>"),
			     DOC("<table name=\"t\" unlogged=\"true\" row-security=\"true\" storage=\"FillFactor = '70'\">"
				 "<column name=\"id\" type=\"integer\"/></table>"),
			     &opts), 0);
	listing(&f.df, &s);
	ck_assert_str_eq(s.buf, "~ table t: options (unlogged, row-level security, storage, partition bound)\n");
	assert_op(&f.df.ops[0], OP_SET_TABLE_OPTIONS, PHASE_ADD_CONSTRAINTS, DIFF_TABLE);
	strbuf_release(&s);
	done(&f);
}
END_TEST

/* What PostgreSQL cannot change in place is refused, naming the table. */
START_TEST(test_partition_key_refused)
{
	static const struct {
		const char *from, *to, *message;
	} cases[] = {
		{ DOC(EVENTS("RANGE (at)")), DOC(EVENTS("range ( at )")), NULL },
		{ DOC(EVENTS("RANGE (at)")), DOC(EVENTS("LIST (id)")),
		  "table ev: its partition key changes, and PostgreSQL cannot change that in place" },
		{ DOC(EVENTS("RANGE (at)") "<table name=\"p\"><column name=\"id\" type=\"integer\"/></table>"),
		  DOC(EVENTS("RANGE (at)") "<table name=\"p\" inherits=\"ev\"/>"), NULL /* model error: below */ },
		{ DOC("<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>"
		      "<table name=\"b\"><column name=\"x\" type=\"integer\"/></table>"),
		  DOC("<table name=\"a\"><column name=\"id\" type=\"integer\"/></table>"
		      "<table name=\"b\" inherits=\"a\"><column name=\"x\" type=\"integer\"/></table>"),
		  "table b: the tables it inherits from change, and PostgreSQL cannot change that in place" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;
		struct diff_options opts = { 0 };
		struct model_xml_reader r;
		struct model m;
		if (i == 2) {
			/* a table of a partitioned parent must be its partition */
			model_init(&m);
			f.d = (struct diag)DIAG_INIT;
			ck_assert_int_eq(model_xml_reader_init(&r, &f.d), 0);
			ck_assert_int_eq(model_xml_parse(&r, &m, "t.xml", cases[i].to, strlen(cases[i].to), &f.d), 0);
			ck_assert_int_eq(model_finish(&m, &f.d), -1);
			ck_assert_str_eq(f.d.message, "table \"p\" inherits from table \"ev\", which is partitioned: "
					 "make it a partition (partition-of) instead");
			model_xml_reader_release(&r);
			model_release(&m);
			diag_release(&f.d);
			continue;
		}
		if (!cases[i].message) {
			ck_assert_int_eq(run(&f, cases[i].from, cases[i].to, &opts), 0);
			ck_assert_uint_eq(f.df.nr, 0);
		} else {
			ck_assert_int_eq(run(&f, cases[i].from, cases[i].to, &opts), -1);
			ck_assert_str_eq(f.d.message, cases[i].message);
		}
		done(&f);
	}
}
END_TEST

Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("compute");

	tcase_add_test(tc, test_create_referenced_first);
	tcase_add_test(tc, test_drop_reversed_and_consent);
	tcase_add_test(tc, test_rename_decided);
	tcase_add_test(tc, test_now_column);
	tcase_add_test(tc, test_fill_decided);
	tcase_add_test(tc, test_alter_columns);
	tcase_add_test(tc, test_constraint_renamed_with_table);
	tcase_add_test(tc, test_constraint_renamed_once);
	tcase_add_test(tc, test_constraint_comments);
	tcase_add_test(tc, test_rename_in_case);
	tcase_add_test(tc, test_objects_in_dependency_order);
	tcase_add_test(tc, test_objects_order_of_sweeps);
	tcase_add_test(tc, test_objects_rebuilt_around_a_retyped_column);
	tcase_add_test(tc, test_objects_changed_in_place);
	tcase_add_test(tc, test_owners);
	tcase_add_test(tc, test_partitions_and_options);
	tcase_add_test(tc, test_partition_key_refused);
	suite_add_tcase(s, tc);
	return s;
}

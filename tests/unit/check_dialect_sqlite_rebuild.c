/* The table rebuild's contract: the temporary name, and a statement classified as a rebuild's step. */
#include <string.h>

#include "dialect_sqlite_rebuild.h"
#include "strbuf.h"
#include "suites.h"

START_TEST(test_label)
{
	struct strbuf label = STRBUF_INIT;

	dialect_sqlite_rebuild_label(1, &label);
	ck_assert_str_eq(label.buf, "mig_new");
	dialect_sqlite_rebuild_label(2, &label);
	ck_assert_str_eq(label.buf, "2_mig_new");
	dialect_sqlite_rebuild_label(12, &label);
	ck_assert_str_eq(label.buf, "12_mig_new");
	strbuf_release(&label);
	ck_assert(dialect_sqlite_rebuild_is_temporary("orders_mig_new"));
	ck_assert(dialect_sqlite_rebuild_is_temporary("orders_2_mig_new"));
	ck_assert(!dialect_sqlite_rebuild_is_temporary("orders_mig_new2"));
	ck_assert(!dialect_sqlite_rebuild_is_temporary("mig_new"));
	ck_assert(!dialect_sqlite_rebuild_is_temporary("orders"));
}
END_TEST

static const struct {
	const char *sql;
	enum dialect_sqlite_rebuild_step step;
	const char *schema, *table, *temporary;
} steps[] = {
	/* what the renderer writes */
	{ "DROP TABLE orders;\nPRAGMA legacy_alter_table = ON;", DIALECT_SQLITE_REBUILD_DROP, "main", "orders", "" },
	{ "ALTER TABLE orders_mig_new RENAME TO orders;\n", DIALECT_SQLITE_REBUILD_RENAME, "main", "orders",
	  "orders_mig_new" },
	{ "ALTER TABLE sales.\"Orders_2_mig_new\" RENAME TO \"Orders\";", DIALECT_SQLITE_REBUILD_RENAME, "sales",
	  "Orders", "Orders_2_mig_new" },
	/* and by hand: comments, case, IF EXISTS, SQLite's quotes */
	{ "-- drop it\n/* now */ drop table if exists [Audit].`Log`", DIALECT_SQLITE_REBUILD_DROP, "Audit", "Log", "" },
	{ "alter table T_MIG_NEW rename to T", DIALECT_SQLITE_REBUILD_RENAME, "main", "t", "t_mig_new" },
	/* not steps */
	{ "ALTER TABLE orders RENAME TO orders_old", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "ALTER TABLE orders_mig_new RENAME COLUMN a TO b", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "ALTER TABLE \"orders_MIG_NEW\" RENAME TO orders", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "DROP INDEX orders_mig_new", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "DROP TABLEorders", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "SELECT 'DROP TABLE orders'", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
	{ "CREATE TABLE orders_mig_new (id integer)", DIALECT_SQLITE_REBUILD_NONE, NULL, NULL, NULL },
};

START_TEST(test_step)
{
	struct strbuf schema = STRBUF_INIT, table = STRBUF_INIT, temporary = STRBUF_INIT;
	enum dialect_sqlite_rebuild_step step = dialect_sqlite_rebuild_step(steps[_i].sql, &schema, &table, &temporary);

	ck_assert_msg(step == steps[_i].step, "%s: step %d", steps[_i].sql, (int)step);
	if (step != DIALECT_SQLITE_REBUILD_NONE) {
		ck_assert_str_eq(schema.buf, steps[_i].schema);
		ck_assert_str_eq(table.buf, steps[_i].table);
		ck_assert_str_eq(temporary.buf, steps[_i].temporary);
	} else {
		/* nothing written */
		ck_assert_uint_eq(schema.len + table.len + temporary.len, 0);
	}
	strbuf_release(&schema);
	strbuf_release(&table);
	strbuf_release(&temporary);
}
END_TEST

Suite *dialect_sqlite_rebuild_suite(void)
{
	Suite *s = suite_create("dialect_sqlite_rebuild");
	TCase *tc = tcase_create("contract");

	tcase_add_test(tc, test_label);
	tcase_add_loop_test(tc, test_step, 0, sizeof(steps) / sizeof(steps[0]));
	suite_add_tcase(s, tc);
	return s;
}

/*
 * The apply suite: a connection started while the folder is read (db.h's
 * db_start()) and the queries asked ahead on it (db_start_ask()), on the
 * harness's PostgreSQL. A sequence makes each asking visible: nextval()
 * answered ahead leaves the sequence where one call leaves it, asked again
 * it moves on. What the tools make of it (mig-heads --pending, mig-apply
 * with nothing to do) is every other test of the suite.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply_test.h"
#include "db.h"
#include "diag.h"
#include "pgtest.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

static const char nextval[] = "SELECT nextval('asked')::text";

/* The first value of the query's answer, as db_query_asked() gives it. */
static char *asked_value(struct db *db, const char *sql)
{
	struct db_result r;
	struct diag d = DIAG_INIT;
	char *v;

	ck_assert_msg(db_query_asked(db, sql, 0, NULL, &r, &d) == 0, "%s: %s", sql, d.message);
	v = xstrdup(db_value(&r, 0, 0));
	db_result_release(&r);
	return v;
}

/* Polls s as the scan's tick does until the sequence says the ask ran on the server (at most 5 s). */
static void poll_until_called(struct db_start *s, struct pgtest_db *t)
{
	struct timespec pause = { 0, 2000000 };

	for (int i = 0; i < 2500; i++) {
		char *v = pgtest_value(t, "SELECT is_called::text FROM asked");
		bool there = strcmp(v, "true") == 0;
		free(v);
		db_start_poll(s);
		if (there)
			return;
		nanosleep(&pause, NULL);
	}
	ck_abort_msg("the query asked ahead never reached the server");
}

/* A new database with the sequence `asked`, and a connection started on it. */
static void start_on_new(struct pgtest_db *t, const char *name, struct db_start *s)
{
	pgtest_create(t, name);
	pgtest_exec(t, "CREATE SEQUENCE asked");
	db_start(s, &t->cfg, "mig-tests");
	ck_assert_ptr_nonnull(s->pending);
}

/* db_open_started() through s, which it takes. */
static void open_started(struct db *db, struct db_start *s, struct pgtest_db *t)
{
	struct diag d = DIAG_INIT;

	ck_assert_msg(db_open_started(db, s, &t->cfg, "mig-tests", 0, NULL, NULL, &d) == 0, "%s", d.message);
	ck_assert_ptr_null(s->pending);
}

static bool first_true(const struct db_result *prev)
{
	return db_bool(prev, 0, 0);
}

START_TEST(test_answered_ahead_once_in_order)
{
	struct pgtest_db t;
	struct db_start s;
	struct db db;
	char *v;

	start_on_new(&t, "mig_db_start_ahead", &s);
	db_start_ask(&s, nextval, 0, NULL, NULL);
	poll_until_called(&s, &t);
	open_started(&db, &s, &t);
	/* the answer read while the "folder" was read: the server counted once */
	v = asked_value(&db, nextval);
	ck_assert_str_eq(v, "1");
	free(v);
	/* taken once: the same query again is asked again */
	v = asked_value(&db, nextval);
	ck_assert_str_eq(v, "2");
	free(v);
	db_close(&db);
	db_start_release(&s);
	pgtest_drop(&t);
}
END_TEST

START_TEST(test_anything_else_first_drops_the_answers)
{
	struct pgtest_db t;
	struct db_start s;
	struct db db;
	struct diag d = DIAG_INIT;
	char *v;

	start_on_new(&t, "mig_db_start_dropped", &s);
	db_start_ask(&s, nextval, 0, NULL, NULL);
	poll_until_called(&s, &t);
	open_started(&db, &s, &t);
	/* a statement first: an answer from before it would be stale (a run lock taken, a table made) */
	ck_assert_msg(db_exec(&db, "SELECT 1", NULL, &d) == 0, "%s", d.message);
	v = asked_value(&db, nextval);
	ck_assert_str_eq(v, "2");
	free(v);
	db_close(&db);
	pgtest_drop(&t);
}
END_TEST

START_TEST(test_if_prev_no_stops_and_errors_ask_again)
{
	struct pgtest_db t;
	struct db_start s;
	struct db db;
	struct db_result r;
	struct diag d = DIAG_INIT;
	char *v;

	/* the first answer (false; it moves the sequence once) says no: the second is never sent */
	start_on_new(&t, "mig_db_start_if_prev", &s);
	db_start_ask(&s, "SELECT nextval('asked') = 0", 0, NULL, NULL);
	db_start_ask(&s, nextval, 0, NULL, first_true);
	poll_until_called(&s, &t);
	for (int i = 0; i < 100; i++) {
		struct timespec pause = { 0, 1000000 };
		db_start_poll(&s);
		nanosleep(&pause, NULL);
	}
	open_started(&db, &s, &t);
	v = asked_value(&db, "SELECT nextval('asked') = 0");
	ck_assert_str_eq(v, "f");
	free(v);
	v = pgtest_value(&t, "SELECT last_value::text FROM asked");
	ck_assert_str_eq(v, "1");
	free(v);
	db_close(&db);

	/* an ask that fails is asked again, and fails as a query fails: the server's message */
	db_start(&s, &t.cfg, "mig-tests");
	db_start_ask(&s, "SELECT * FROM no_such_table", 0, NULL, NULL);
	open_started(&db, &s, &t);
	ck_assert_int_eq(db_query_asked(&db, "SELECT * FROM no_such_table", 0, NULL, &r, &d), -1);
	ck_assert_str_eq(d.message, "relation \"no_such_table\" does not exist (SQLSTATE 42P01)");
	diag_release(&d);
	db_close(&db);

	/* a start on another database's configuration is not taken: db_open_started() connects anew */
	db_start(&s, &t.cfg, "mig-tests");
	ck_assert(!db_started_on(&s, NULL));
	ck_assert(db_started_on(&s, &t.cfg));
	db_start_release(&s);
	ck_assert_ptr_null(s.pending);
	pgtest_drop(&t);
}
END_TEST

void apply_add_start_tests(TCase *tc)
{
	tcase_add_test(tc, test_answered_ahead_once_in_order);
	tcase_add_test(tc, test_anything_else_first_drops_the_answers);
	tcase_add_test(tc, test_if_prev_no_stops_and_errors_ask_again);
}

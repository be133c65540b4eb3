/*
 * The harness's PostgreSQL: reachable at MIG_TEST_PG_URL, owned by this run
 * (a scratch database can be created and dropped), fsync off as configured.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

static PGconn *connect_or_fail(const char *url)
{
	PGconn *conn = PQconnectdb(url);

	ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "cannot connect to %s: %s", url,
		      PQerrorMessage(conn));
	return conn;
}

static char *query_value(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	char *v;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(conn));
	v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

START_TEST(test_server_is_reachable_and_throwaway)
{
	PGconn *conn = connect_or_fail(test_pg_url());
	char *fsync = query_value(conn, "SHOW fsync");
	char *listen = query_value(conn, "SHOW listen_addresses");

	ck_assert_int_ge(PQserverVersion(conn), 100000);
	ck_assert_str_eq(fsync, "off");
	ck_assert_str_eq(listen, "127.0.0.1");
	free(fsync);
	free(listen);
	PQfinish(conn);
}
END_TEST

START_TEST(test_scratch_database)
{
	PGconn *conn = connect_or_fail(test_pg_url());
	PGresult *res;
	PGconn *scratch;
	const char *url = test_pg_url();
	struct strbuf scratch_url = STRBUF_INIT;
	char *count;

	res = PQexec(conn, "CREATE DATABASE mig_harness_scratch");
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);

	strbuf_add(&scratch_url, url, (size_t)(strrchr(url, '/') + 1 - url));
	strbuf_addstr(&scratch_url, "mig_harness_scratch");
	scratch = connect_or_fail(scratch_url.buf);
	res = PQexec(scratch, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(scratch));
	PQclear(res);
	count = query_value(scratch, "SELECT count(*) FROM t");
	ck_assert_str_eq(count, "2");
	free(count);
	PQfinish(scratch);

	res = PQexec(conn, "DROP DATABASE mig_harness_scratch");
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
	PQclear(res);
	strbuf_release(&scratch_url);
	PQfinish(conn);
}
END_TEST

Suite *pg_suite(void)
{
	Suite *s = suite_create("pg");
	TCase *tc = tcase_create("harness");

	tcase_add_test(tc, test_server_is_reachable_and_throwaway);
	tcase_add_test(tc, test_scratch_database);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Helpers for the suites that need PostgreSQL: a scratch database per test
 * on the harness's server, applying migration sections, and reading the
 * schema back with the inspector.
 *
 * Ownership: returned strings belong to the caller. Failures abort the test.
 */
#ifndef MIG_PGTEST_H
#define MIG_PGTEST_H

#include <stdbool.h>

#include "config.h"
#include "db.h"

struct model;

/* A connection to a database of the harness's server. */
struct pgtest_db {
	char *name;
	char *url;
	struct db_config cfg;
	struct db db;
};

/* Creates (dropping any leftover) database `name` and connects to it. */
void pgtest_create(struct pgtest_db *t, const char *name);
/* Disconnects and drops the database. */
void pgtest_drop(struct pgtest_db *t);

/* Runs sql; aborts the test with the server's message on failure. */
void pgtest_exec(struct pgtest_db *t, const char *sql);
/* The first column of the first row of a query (caller frees), NULL for SQL NULL. */
char *pgtest_value(struct pgtest_db *t, const char *sql);
/* Every row of a query, columns separated by '|', one line each (caller frees). */
char *pgtest_rows(struct pgtest_db *t, const char *sql);

/* The query's value is want ("(null)" never matches). */
void pgtest_expect_value(struct pgtest_db *t, const char *sql, const char *want);
/* The query's rows (pgtest_rows()) are want. */
void pgtest_expect_rows(struct pgtest_db *t, const char *sql, const char *want);
/* The tables of schema public but mig_history, "a,b,c". */
void pgtest_expect_tables(struct pgtest_db *t, const char *want);
/* The revisions in mig_history, "r1,r2" ("-" when there is no mig_history). */
void pgtest_expect_history(struct pgtest_db *t, const char *want);

/* Applies the up (or down) section of the migration file at path. */
void pgtest_apply(struct pgtest_db *t, const char *path, bool up);

/* Reads the database back into m (finished). */
void pgtest_inspect(struct pgtest_db *t, struct model *m);

#endif

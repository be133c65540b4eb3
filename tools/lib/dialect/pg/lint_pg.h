/*
 * lint_pg: PostgreSQL's side of the lint (lint.h): for each statement of a
 * migration section, from libpg_query's parse trees, the lock it takes on
 * which table (PostgreSQL's documentation of each command and ALTER TABLE
 * subcommand), whether it rewrites or scans the table, and the findings of
 * the PostgreSQL rules. dialect_pg's ->lint.
 */
#ifndef MIG_LINT_PG_H
#define MIG_LINT_PG_H

struct diag;
struct lint_report;
struct lint_section;

int lint_pg_section(const struct lint_section *sec, struct lint_report *out, struct diag *d);

#endif

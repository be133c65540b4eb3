/*
 * resume_pg: what mig-apply asks PostgreSQL's parser (libpg_query) and
 * catalog about the statements of a migration outside a transaction
 * (dialect.h: outside_transaction, session_setting, leftovers).
 *
 * A CREATE [UNIQUE] INDEX CONCURRENTLY that fails or is cancelled part-way
 * leaves its index behind, INVALID (pg_index.indisvalid false): run again
 * it then fails ("already exists"), or with IF NOT EXISTS passes and keeps
 * the broken index. resume_pg_leftovers() finds that index (of the
 * statement's name, on the statement's table) and gives the DROP INDEX
 * CONCURRENTLY that removes it; a VALID index of that name is left alone.
 * A failed REINDEX INDEX ... CONCURRENTLY leaves <name>_ccnew (and, after
 * the swap, <name>_ccold), INVALID, on the index's table: those are
 * dropped too. Not found: an index built without a name (PostgreSQL chose
 * one; a second run chooses another), the leftovers of REINDEX TABLE,
 * SCHEMA or DATABASE, and names cut at 63 bytes.
 */
#ifndef MIG_RESUME_PG_H
#define MIG_RESUME_PG_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct diag;
struct dialect_leftover;
struct sql_script;

long resume_pg_outside_transaction(const char *text, const struct sql_script *script, const char **what);
bool resume_pg_session_setting(const char *stmt);
int resume_pg_leftovers(struct db *db, const char *stmt, struct dialect_leftover **out, size_t *nr,
			struct diag *d);

#endif

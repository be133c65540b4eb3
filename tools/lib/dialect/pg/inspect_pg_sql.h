/*
 * inspect_pg_sql: the SQL fragments every catalog query of the PostgreSQL
 * reader shares (inspect_pg.c, inspect_pg_objects.c): which schemas and
 * tables are the user's, and how names are qualified. Internal to
 * dialect/pg/. Every query takes $1: the schemas to read, or NULL for all;
 * those of the tables found, $1: their oids (TABS_READ).
 */
#ifndef MIG_INSPECT_PG_SQL_H
#define MIG_INSPECT_PG_SQL_H

#include "othertools.h"

/*
 * The user tables to inspect, partitions too ($1: schemas or NULL). An
 * extension's members are found by the extension (refclassid): pg_depend's
 * reference index serves that, where deptype alone reads all of pg_depend.
 */
#define TABLES_CTE                                                                        \
	"WITH tabs AS (SELECT c.oid, n.nspname, c.relname, c.relispartition FROM pg_class c " \
	"JOIN pg_namespace n ON n.oid = c.relnamespace "                                    \
	"WHERE c.relkind IN ('r', 'p') "                                                    \
	"AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "                   \
	"AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[])) "                         \
	"AND c.relname !~ '^mig_' AND c.relname <> ALL (" OTHERTOOLS_TABLES_SQL ") "        \
	"AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass " \
	"AND dep.objid = c.oid AND dep.deptype = 'e' AND dep.refclassid = 'pg_extension'::regclass)) "

/*
 * The tables TABLES_CTE found, by their oids ($1: an oid[]; the same
 * snapshot): every query after the tables' starts from it, so the planner
 * knows how many there are and reads each table's rows by index.
 */
#define TABS_READ                                                                          \
	"WITH tabs AS (SELECT c.oid, c.relispartition FROM unnest($1::oid[]) AS u(oid) "       \
	"JOIN pg_class c ON c.oid = u.oid) "

#define USER_SCHEMA(alias)                                                                 \
	alias ".nspname !~ '^pg_' AND " alias ".nspname <> 'information_schema' "          \
	"AND ($1::text[] IS NULL OR " alias ".nspname = ANY ($1::text[])) "

#define NOT_EXTENSION_MEMBER(catalog, oid)                                                 \
	"NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '" catalog "'::regclass " \
	"AND dep.objid = " oid " AND dep.deptype = 'e' AND dep.refclassid = 'pg_extension'::regclass) "
/*
 * A join to the comment of an object (objsubid 0) of catalog: the same as
 * obj_description(), which runs a query of its own for each row.
 */
#define DESCRIPTION(alias, oid, catalog)                                                   \
	"pg_description " alias " ON " alias ".objoid = " oid " AND " alias ".classoid = '" catalog \
	"'::regclass AND " alias ".objsubid = 0 "

#define QNAME(nsp, name) "quote_ident(" nsp ") || '.' || quote_ident(" name ")"

#endif

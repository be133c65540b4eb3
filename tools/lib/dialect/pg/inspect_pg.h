/*
 * inspect_pg: a live PostgreSQL database read back into a model, with a
 * fixed number of catalog queries whatever the number of tables (eleven:
 * eight for the model, two for the objects kept as SQL, one for what it
 * leaves out), in one REPEATABLE READ READ ONLY snapshot; the large
 * results are read a row at a time. The constraints and indexes are read
 * on a second connection that imports the first one's snapshot (opened by
 * a thread while the first reads the tables), at the same time as the
 * columns and objects on the first: two backends share the work. A server that
 * refuses the second connection is read on the first alone, to the same
 * model.
 *
 * Faithful to every model feature: schemas, enums, tables, columns (types
 * with length/precision/arrays, raw types for anything else, nullability,
 * literal and expression defaults, identity, serial = an owned sequence
 * behind nextval(), collations, comments), primary keys, unique constraints
 * (NULLS NOT DISTINCT, deferrable), foreign keys (actions, deferrable),
 * checks, indexes (unique, method, partial, expressions, INCLUDE, order,
 * collation, operator class, comments). The tool's own tables (mig_*) and
 * objects that belong to extensions are left out silently; other tools'
 * version tables (othertools.h) are left out with a line "note: left out
 * table "alembic_version" (Alembic's version table)". Nothing else is
 * dropped silently: what the model cannot express gets a warning line
 * naming its kind and qualified name (views, materialized views, foreign
 * tables, composite and range types, domains, sequences no column owns,
 * partitions, partitioning, inheritance, UNLOGGED, row-level security,
 * policies, triggers, rules, grants, default privileges, functions,
 * procedures, aggregates, extensions, collations, statistics objects,
 * operators, text search configurations, exclusion constraints, generated
 * columns). A caller tells the notes (lines beginning "note: ") from the
 * warnings.
 *
 * This is dialect_pg's catalog reader (dialect.h); inspect_database()
 * (inspect.h) reads a connection of any dialect.
 *
 * Ownership: objects go into the caller's model; warnings are appended to
 * the caller's strbuf, one line each.
 */
#ifndef MIG_INSPECT_PG_H
#define MIG_INSPECT_PG_H

#include <stddef.h>

struct db;
struct diag;
struct model;
struct strbuf;

/*
 * Reads schemas (nr_schemas names, "public" for the default one; 0: every
 * user schema) of db, a PostgreSQL connection, into m, every object with
 * app `app` (may be ""), and finishes m. Returns 0 or -1.
 */
int inspect_pg(struct db *db, const char *const *schemas, size_t nr_schemas,
	       const char *app, struct model *m, struct strbuf *warnings, struct diag *d);

#endif

/*
 * inspect_pg_objects: PostgreSQL's catalogs -> the model's objects kept as
 * SQL (model.h, objects kept as SQL): extensions, domains, composite and range types,
 * sequences, functions and procedures, views and materialized views (with
 * their indexes), triggers, rules, policies, exclusion constraints and
 * grants, each with its comment, as the database prints them
 * (pg_get_viewdef(), pg_get_functiondef(), pg_get_triggerdef(), ...).
 * Internal to dialect/pg/ (inspect_pg() calls it in its snapshot).
 */
#ifndef MIG_INSPECT_PG_OBJECTS_H
#define MIG_INSPECT_PG_OBJECTS_H

struct db;
struct diag;
struct model;

/*
 * Adds the objects of the schemas in schemas_param (a text[] literal, or
 * NULL for every user schema) to m, for app. Returns 0, or -1 with d set.
 */
int inspect_pg_objects(struct db *db, const char *schemas_param, const char *app, struct model *m,
		       struct diag *d);

#endif

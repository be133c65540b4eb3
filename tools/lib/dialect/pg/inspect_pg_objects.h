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

#include <stdbool.h>
#include <stddef.h>

#include "db_pg.h"
#include "model.h"
#include "strbuf.h"
#include "strmap.h"


/* The reader of the objects: inspect_pg_objects_init() fills it in. */
struct inspect_pg_objects {
	struct model *m;
	const char *app;
	size_t first;           /* the first object read */
	bool keyed;             /* by_key holds every object read */
	struct strmap by_key;   /* struct model_object (in m), by model_object_key() */
	struct strbuf key;
	struct model_object *o; /* the object of the last dependency row */
	struct model_names refs; /* what o's SQL names already */
};

/*
 * Fills queries[0] and [1] with the two queries that add the objects of
 * the schemas in params[0] (a text[] literal, or NULL for every user
 * schema) to m, for app, and what pg_depend says they need: to be run in
 * that order, in the snapshot of the rest (db_pg_query_rows_streams()).
 * in owns what the queries' rows need; inspect_pg_objects_release() frees
 * it.
 */
void inspect_pg_objects_init(struct inspect_pg_objects *in, struct model *m, const char *app,
			     const char *const *params, struct db_pg_rows_query queries[2]);
void inspect_pg_objects_release(struct inspect_pg_objects *in);

#endif

/*
 * model_object: every schema object that is not a table, a column, a key, a
 * check, an index of a table, an enum or a schema: views, materialized
 * views, functions, procedures, aggregates, triggers, rules, policies,
 * domains, composite and range types, sequences, extensions, exclusion
 * constraints, indexes of materialized views, grants.
 *
 * Each is kept as the SQL that creates it, as written in the model or as
 * the database prints it (pg_get_viewdef(), pg_get_functiondef(), ...), the
 * way pg_dump, migra and pgschema keep them: mig does not need to understand
 * a function body to create, drop, compare, order or comment it. What mig
 * needs besides the SQL is the object's identity (kind, schema, name, and
 * the table it is on), its comment, and what it depends on.
 *
 * Two objects are the same object when kind, schema, name and table are
 * equal; a kept object is unchanged when its definitions parse to the same
 * statements (model_object_same_definition()). Dependencies are keys
 * (model_object_key()): the model's explicit depends-on, plus what the
 * definition references, as libpg_query parses it (model_object_references()).
 *
 * The table of kinds (model_object_kinds[]) says, for each kind, its XML
 * element, its SQL noun (DROP <noun> ..., COMMENT ON <noun> ...), whether it
 * is on a table, and whether it comes before the tables (types, functions)
 * or after them (views, triggers).
 *
 * Ownership: a model owns its objects and every string in them.
 */
#ifndef MIG_MODEL_OBJECT_H
#define MIG_MODEL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct strbuf;

enum model_object_kind {
	OBJECT_EXTENSION,
	OBJECT_COLLATION,
	OBJECT_DOMAIN,
	OBJECT_TYPE,              /* composite or range type */
	OBJECT_SEQUENCE,
	OBJECT_FUNCTION,
	OBJECT_PROCEDURE,
	OBJECT_AGGREGATE,
	OBJECT_VIEW,
	OBJECT_MATERIALIZED_VIEW,
	OBJECT_INDEX,             /* an index of a materialized view (a table's are model_index) */
	OBJECT_CONSTRAINT,        /* a constraint of a table the model has no element for (EXCLUDE) */
	OBJECT_TRIGGER,
	OBJECT_RULE,
	OBJECT_POLICY,
	OBJECT_GRANT,             /* name: the grantee; table: what ("TABLE s.t"); definition: the privileges */
	MODEL_NR_OBJECT_KINDS
};

/* When an object of a kind is created, relative to the tables. */
enum model_object_stage {
	STAGE_BEFORE_TABLES, /* extensions, types, functions: tables may use them */
	STAGE_AFTER_TABLES,  /* views, triggers, policies, grants: they use tables */
};

struct model_object_kind_info {
	const char *element;  /* XML element and the word in messages ("materialized-view") */
	const char *noun;     /* SQL: DROP <noun> ..., COMMENT ON <noun> ... ("MATERIALIZED VIEW") */
	bool on_table;        /* identified by name and table (DROP TRIGGER n ON t) */
	bool pg_only;         /* SQLite has no such object */
	enum model_object_stage stage; /* unless it depends on a table */
};

extern const struct model_object_kind_info model_object_kinds[MODEL_NR_OBJECT_KINDS];

struct model_object {
	enum model_object_kind kind;
	char *schema;     /* owned; "" = default schema (extensions, grants: "") */
	char *name;       /* owned; functions: "name(identity argument types)" */
	char *table;      /* owned; the table (or view) it is on, in schema; NULL for most kinds;
			     grants: what they are on, as GRANT says it ("TABLE reports.monthly") */
	char *definition; /* owned; the SQL that creates it (grants: the privileges) */
	char *comment;    /* owned, optional */
	struct model_names depends; /* keys (model_object_key()) it depends on besides what it references */
	char *dialect;    /* owned; the one dialect it is for ("pgsql", "sqlite"), or NULL: every dialect */
	char *app;        /* owned */
	struct model_loc loc;
};

/* Appends a zeroed object to m and returns it (borrowed). */
struct model_object *model_add_object(struct model *m);
/* Frees what o holds (not o). */
void model_object_release(struct model_object *o);
/* The kind whose XML element is element, or -1. */
int model_object_kind_of(const char *element);

/*
 * Keeps only the objects that exist in dialect (a dialect's name): frees
 * those of another dialect and, on SQLite, the kinds it has not
 * (functions, policies, grants, ...), as SQLite has no comments either.
 */
void model_retain_dialect_objects(struct model *m, const char *dialect);
/* Is o for dialect? */
bool model_object_in_dialect(const struct model_object *o, const char *dialect);

/* The object of o's identity in m, or NULL. */
const struct model_object *model_find_object(const struct model *m, const struct model_object *o);

/*
 * The identity key of o: "<element> [<schema>.]<name>[ on <table>]"
 * ("view reports.monthly", "trigger touch on users"). Replaces out's contents.
 */
void model_object_key(const struct model_object *o, struct strbuf *out);
/* A table's key in the same space: "table [<schema>.]<name>". Replaces out's contents. */
void model_object_table_key(const char *schema, const char *name, struct strbuf *out);

/*
 * Human name for messages: "view public.active_users", "trigger t_touch on
 * users". Appends to out.
 */
void model_object_display(const struct model_object *o, struct strbuf *out);

/*
 * Is b's definition the same as a's: the same statements once parsed
 * (positions, spacing and letter case of keywords ignored), or the same
 * text ignoring whitespace when they do not parse.
 */
bool model_object_same_definition(const struct model_object *a, const struct model_object *b);

/*
 * What o's definition references, as loose keys: "relation [S.]N" (a
 * table, view, materialized view or sequence), "function [S.]N" (any
 * overload), "type [S.]N" (a type or domain); no S for the default schema
 * and for unqualified names. Plus the table o is on, and o's explicit
 * depends (keys of model_object_key(), or loose ones). Adds to names.
 */
void model_object_references(const struct model_object *o, struct model_names *names);

/* Does key (of model_object_references()) name object o, or table (schema, name) when o is NULL? */
bool model_object_reference_matches(const char *key, const struct model_object *o, const char *schema,
				    const char *name);

#endif

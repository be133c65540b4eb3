/*
 * dialect_pg: operations -> PostgreSQL SQL, and PostgreSQL's quoting.
 *
 * Identifiers are quoted when PostgreSQL needs it (not all lowercase
 * letters, digits and underscores, or a keyword that is not unreserved,
 * as quote_ident() does; keywords come from libpg_query's scanner).
 * Literals are escaped as PQescapeLiteral() does, without a connection.
 * Every name and value reaches SQL through these functions.
 *
 * Type mapping (model -> PostgreSQL): smallint, integer, bigint, boolean,
 * text, varchar(n), char(n), numeric(p,s), real, double precision, date,
 * time(p), time(p) with time zone, timestamp(p), timestamptz /
 * timestamp(p) with time zone, interval(p), uuid, json, jsonb, bytes ->
 * bytea, enums by (schema-qualified) name, [] for arrays; serial columns as
 * smallserial/serial/bigserial; pg-type="..." replaces the mapping.
 *
 * Ownership: struct dialect_pg owns a cache of quoting decisions; output
 * goes into the caller's strbuf.
 */
#ifndef MIG_DIALECT_PG_H
#define MIG_DIALECT_PG_H

#include <stdbool.h>

#include "strmap.h"

struct diff;
struct model_column;
struct model_type;
struct op;
struct strbuf;

struct dialect_pg {
	struct strmap quote_cache; /* identifier -> (void *)1 quote, (void *)2 bare */
};

void dialect_pg_dialect_init(struct dialect_pg *pg);
void dialect_pg_dialect_release(struct dialect_pg *pg);

/* name, quoted when needed. */
void dialect_pg_append_ident(struct dialect_pg *pg, struct strbuf *out, const char *name);
/* schema.name, or name for the default schema (""). */
void dialect_pg_append_qualified(struct dialect_pg *pg, struct strbuf *out, const char *schema,
			 const char *name);
/* 'value' with quotes doubled; E'...' with backslashes doubled when there are any. */
void dialect_pg_append_literal(struct strbuf *out, const char *value);
/* The PostgreSQL type of a column (raw pg-type, serial, enum and arrays included). */
void dialect_pg_append_column_type(struct dialect_pg *pg, struct strbuf *out,
			   const struct model_column *col, bool serial_pseudo_type);
/* A literal default (or fill) of type t as SQL: numbers and booleans bare, the rest quoted. */
void dialect_pg_append_typed_literal(struct strbuf *out, const struct model_type *t, const char *value);


/*
 * The up section (every operation in order) and the down section (their
 * inverses in reverse order) of a migration.
 */
void dialect_pg_render_migration(struct dialect_pg *pg, const struct diff *df, struct strbuf *up,
			 struct strbuf *down);

#endif

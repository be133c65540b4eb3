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
 * Ownership: struct pg_dialect owns a cache of quoting decisions; output
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

struct pg_dialect {
	struct strmap quote_cache; /* identifier -> (void *)1 quote, (void *)2 bare */
};

void pg_dialect_init(struct pg_dialect *pg);
void pg_dialect_release(struct pg_dialect *pg);

/* name, quoted when needed. */
void pg_append_ident(struct pg_dialect *pg, struct strbuf *out, const char *name);
/* schema.name, or name for the default schema (""). */
void pg_append_qualified(struct pg_dialect *pg, struct strbuf *out, const char *schema,
			 const char *name);
/* 'value' with quotes doubled; E'...' with backslashes doubled when there are any. */
void pg_append_literal(struct strbuf *out, const char *value);
/* The PostgreSQL type of a column (raw pg-type, serial, enum and arrays included). */
void pg_append_column_type(struct pg_dialect *pg, struct strbuf *out,
			   const struct model_column *col, bool serial_pseudo_type);
/* A literal default (or fill) of type t as SQL: numbers and booleans bare, the rest quoted. */
void pg_append_typed_literal(struct strbuf *out, const struct model_type *t, const char *value);


/*
 * The up section (every operation in order) and the down section (their
 * inverses in reverse order) of a migration.
 */
void pg_render_migration(struct pg_dialect *pg, const struct diff *df, struct strbuf *up,
			 struct strbuf *down);

#endif

/*
 * ddl_effect: apply the DDL of a migration script to a model, offline.
 *
 * A migration written or fixed by hand changes the schema in ways mig-gen
 * did not write; its recorded state must be what its SQL does. This module
 * reads a script with PostgreSQL's own parser (libpg_query, parse trees as
 * protobuf; statements split by the dialect's splitter, sqlsplit.h) and
 * changes a model as running the script would change the database:
 *
 * - CREATE TABLE (columns, types, NOT NULL, DEFAULT as a literal when it is
 *   a constant and as an expression otherwise, identity and serial,
 *   PRIMARY KEY / UNIQUE / REFERENCES / CHECK inline and as table
 *   constraints), DROP TABLE;
 * - ALTER TABLE: ADD / DROP COLUMN, ALTER COLUMN TYPE / SET / DROP DEFAULT /
 *   SET / DROP NOT NULL / ADD / DROP IDENTITY, ADD / DROP CONSTRAINT,
 *   RENAME COLUMN, RENAME CONSTRAINT, RENAME TO, SET SCHEMA;
 * - CREATE [UNIQUE] INDEX, DROP INDEX, ALTER INDEX RENAME;
 * - CREATE TYPE AS ENUM, ALTER TYPE ADD VALUE / RENAME VALUE / RENAME TO,
 *   DROP TYPE; CREATE / DROP SCHEMA; COMMENT ON TABLE / COLUMN / TYPE /
 *   SCHEMA / INDEX / CONSTRAINT;
 * - the objects kept as SQL (model.h), with the statement's own text
 *   as their SQL: CREATE [OR REPLACE] VIEW / MATERIALIZED VIEW / FUNCTION /
 *   PROCEDURE / AGGREGATE / TRIGGER / RULE / POLICY / DOMAIN / TYPE AS (...)
 *   / TYPE AS RANGE / SEQUENCE / EXTENSION, CREATE INDEX on a materialized
 *   view, ALTER TABLE ADD CONSTRAINT c EXCLUDE; their DROP (with what
 *   PostgreSQL drops along: a table's triggers, rules, policies,
 *   constraints and grants), COMMENT ON, RENAME TO and SET SCHEMA (the SQL
 *   rewritten by PostgreSQL's deparser), ALTER SEQUENCE options and ALTER
 *   DOMAIN (the recorded CREATE rewritten); functions are named
 *   "name(input argument types)" as oidvectortypes() prints them;
 * - GRANT / REVOKE on tables, views, sequences, functions, schemas and
 *   types: one grant object per object and grantee, its privileges as
 *   mig-inspect writes them (canonical order, ALL expanded, PostgreSQL's
 *   defaults for PUBLIC left out).
 *
 * Types, defaults and expressions go through the model's own parsing
 * (model_type_parse(), sqlnorm.h), so
 * that a column added by hand equals the same column written in a model.
 * Names are folded as PostgreSQL folds them (unquoted: lowercase); the
 * default schema is "" ("public", and SQLite's "main", are that schema).
 *
 * Statements that change rows or settings (INSERT, UPDATE, DELETE, SELECT,
 * COPY, SET, ...) change no schema: they are listed in data. Objects the
 * model does not describe (roles, owners, ALTER FUNCTION options, event
 * triggers, operators, grants on databases, temporary views, ...) are
 * listed in ignored, never an error. A
 * statement whose effect on the schema cannot be known offline (a DO block,
 * an ALTER form not covered, a table the model does not have, a SQLite
 * statement PostgreSQL's parser does not read) is an error naming the file,
 * the line and the statement kind, with a hint.
 *
 * Ownership: struct ddl_effect owns its strbufs; the model is the caller's
 * and is changed in place (on error it may hold part of the change: apply
 * to a copy, or throw it away).
 */
#ifndef MIG_DDL_EFFECT_H
#define MIG_DDL_EFFECT_H

#include <stdbool.h>

#include "strbuf.h"

struct diag;
struct model;

struct ddl_effect {
	struct strbuf changes; /* what changed, "; "-separated ("column account.score added") */
	struct strbuf ignored; /* "FILE:LINE: CREATE ROLE: not part of the model, not recorded\n" each */
	struct strbuf data;    /* "FILE:LINE: INSERT\n" each: statements that change rows, not schema */
};

void ddl_effect_init(struct ddl_effect *fx);
void ddl_effect_release(struct ddl_effect *fx);

struct ddl_effect_script {
	const char *file;  /* for messages: the migration file */
	int first_line;    /* the line of file where sql begins (1 when sql is the whole file) */
	const char *sql;   /* the script (a migration's up section) */
	const char *app;   /* the app of new objects (NULL: "") */
};

/*
 * Applies the script's DDL to m, which must be finished (model_finish()),
 * and finishes it again: new constraints and indexes without a name get
 * PostgreSQL's default names, and the result is validated as a model is.
 * Returns 0, or -1 with d naming file:line and the statement.
 */
int ddl_effect_apply(struct model *m, const struct ddl_effect_script *s, struct ddl_effect *fx,
		     struct diag *d);

/*
 * Lists, without a model, the statements of the script that change rows
 * (into fx->data) and the objects outside the model (fx->ignored); a
 * statement PostgreSQL's parser does not read goes into fx->data as "a
 * statement mig cannot read". For what cannot be carried to another
 * dialect. Returns 0, or -1 with d set when the script does not split.
 */
int ddl_effect_list(const struct ddl_effect_script *s, struct ddl_effect *fx, struct diag *d);

#endif

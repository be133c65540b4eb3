/*
 * dialect_sqlite: operations -> SQLite SQL (docs/sqlite.md is the
 * contract: types, identity, enums as checks, schemas as attached
 * databases, and the table rebuild for every change ALTER TABLE cannot
 * make).
 *
 * Ownership: output goes into the caller's strbuf; nothing is kept.
 */
#ifndef MIG_DIALECT_SQLITE_H
#define MIG_DIALECT_SQLITE_H

#include <stdbool.h>

struct diag;
struct diff;
struct model;
struct model_column;
struct model_table;
struct strbuf;

/*
 * A PostgreSQL expression of the models as SQLite evaluates it: casts
 * (x::type) dropped, now() and its kin -> CURRENT_TIMESTAMP,
 * gen_random_uuid() -> a version-4 UUID made of randomblob(), E'...'
 * strings -> '...'. Returns 0, or -1 with *why (a static string) when
 * SQLite cannot evaluate it (regular expressions, SIMILAR TO) or it does
 * not scan.
 */
int dialect_sqlite_translate_expr(const char *expr, struct strbuf *out, const char **why);

/* name, double-quoted when SQLite (or PostgreSQL) needs it. */
void dialect_sqlite_append_ident(struct strbuf *out, const char *name);
/* 'value', quotes doubled (SQLite has no backslash escapes). */
void dialect_sqlite_append_literal(struct strbuf *out, const char *value);
/* The declared type of a column (docs/sqlite.md). */
void dialect_sqlite_append_column_type(struct strbuf *out, const struct model_column *col);
/*
 * The declared type of a column in table t: in a STRICT table, without a
 * sqlite-type, the one of INTEGER, REAL, TEXT, BLOB, ANY that keeps the
 * model type's values; else dialect_sqlite_append_column_type(). A
 * sqlite-type "" (a column declared with no type) appends nothing.
 */
void dialect_sqlite_append_table_column_type(struct strbuf *out, const struct model_table *t,
					     const struct model_column *col);

/*
 * Can model m be written for SQLite at all? Refuses (d names the file and
 * line of the object) an identity column that is not its table's
 * single-column primary key, and a foreign key to another schema.
 */
int dialect_sqlite_check_model(const struct model *m, struct diag *d);

/*
 * The up section and the down section of a migration for SQLite. Returns 0,
 * or -1 with d set when a change cannot be written for SQLite.
 */
int dialect_sqlite_render_migration(const struct diff *df, struct strbuf *up, struct strbuf *down,
			    struct diag *d);

#endif

/*
 * inspect_sqlite: a SQLite database read back into a model, docs/sqlite.md
 * in reverse.
 *
 * The main database is the default schema; every attached database but
 * temp is the schema of its name. Tables come from the CREATE TABLE text
 * SQLite keeps (sqlite_schema), tokenized with libpg_query's scanner and
 * read element by element (columns with their type, NOT NULL, DEFAULT,
 * PRIMARY KEY [AUTOINCREMENT], UNIQUE, CHECK, REFERENCES, COLLATE; table
 * constraints PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY), cross-checked with
 * PRAGMA table_xinfo; indexes from their CREATE INDEX text. A table whose
 * text cannot be read is read from the PRAGMAs instead (table_xinfo,
 * index_list, foreign_key_list: no checks), with a warning.
 *
 * Mapping (docs/sqlite.md): declared types through model_sqlite_decl_type()
 * (model_sqlite.h), a spelling other than mig's kept as sqlite_type
 * (model_sqlite_keep_spelling(); not for a table read from the PRAGMAs,
 * which print INT, TEXT, ... upper-cased), no declared type as
 * sqlite_type ""; STRICT and WITHOUT ROWID as the table's sqlite_strict and
 * sqlite_without_rowid; views and triggers as model objects (dialect
 * "sqlite", the definition the text sqlite_schema keeps, a trigger's table
 * spelled as the model spells it); a column declared with a name that is no type and
 * constrained by a check "mig_enum_<column>" of the form col IN ('a', ...)
 * is of an enum of that name in the table's schema, with those values in
 * that order (the check is the enum, not a check; tables are read in name
 * order, and a later column whose check lists other values than the enum
 * of its name keeps its check and a raw type, with a warning, as
 * model_sqlite_normalize() expects); "integer PRIMARY KEY
 * AUTOINCREMENT" is a bigint identity by-default column, while an INTEGER
 * PRIMARY KEY without AUTOINCREMENT is a plain integer primary key (SQLite
 * hands it rowids too, but mig writes every identity with AUTOINCREMENT and
 * every non-identity integer key without: reading both as identity would
 * make mig's own plain keys read back wrong); DEFAULT NULL is no default,
 * numbers, strings, TRUE/FALSE, a bare name (SQLite's string) (and 0/1 on
 * a boolean: "true"/"false") are literal defaults, anything else
 * (parenthesised: outer parentheses removed, or CURRENT_TIMESTAMP and its
 * kin, or a sign before a non-number) an expression; a literal the
 * column's type refuses becomes the expression it was written as;
 * collations BINARY -> "C", NOCASE, RTRIM (and an application's own) kept
 * as written. Names in constraints and indexes are matched to the columns
 * ignoring ASCII case, as SQLite does, and spelled as the columns are.
 * Unnamed constraints get the names PostgreSQL would give (<table>_pkey,
 * <table>_<cols>_key, <table>_<cols>_fkey, <table>_<column>_check for a
 * check on one column, <table>_check otherwise), made unique as PostgreSQL
 * does (..._key1); a name the model would refuse (a primary key or unique
 * constraint named like another table, index or key of its schema, a
 * constraint name used twice in a table, a name longer than 63 bytes)
 * gets that default name instead, with a warning. sqlite_* tables,
 * sqlite_autoindex_* indexes (their UNIQUE or PRIMARY KEY constraint is
 * read instead), the shadow tables of virtual tables and mig_history are
 * left out silently; virtual tables with a warning.
 *
 * Hand-written DDL reads without failing: syntax the model cannot express
 * (ON CONFLICT clauses, generated columns, virtual tables, collations and orders inside constraint column lists, foreign keys
 * the model would refuse, names PostgreSQL would refuse) is skipped with a
 * warning, one line each, appended to the caller's strbuf; what SQLite
 * parses and ignores (MATCH, ON INSERT in a foreign key) is ignored. A
 * table whose text does not scan or read is read from the PRAGMAs, as
 * above; an index whose text does not, from PRAGMA index_xinfo when its
 * keys are columns and it is not partial, else it is skipped with a
 * warning. Identifiers may be quoted with "", ``, [] or '' (what the
 * scanner lets through).
 *
 * Ownership: objects go into the caller's model; the connection stays the
 * caller's.
 */
#ifndef MIG_INSPECT_SQLITE_H
#define MIG_INSPECT_SQLITE_H

#include <stddef.h>

struct diag;
struct model;
struct sqlite3;
struct strbuf;

/*
 * Reads schemas (nr_schemas names, "main", "public" or "" for the default
 * one; 0: every database of conn but temp) of the open connection conn into
 * m, every object with app `app` (may be ""), and finishes m
 * (model_finish()). The default schema first, then the others by name;
 * tables by name. A schema that is not attached is an error ("schema "x"
 * does not exist"). Reads in one read transaction (a savepoint, so that it
 * may run inside the caller's transaction). Returns 0 or -1 with d set.
 */
int inspect_sqlite(struct sqlite3 *conn, const char *const *schemas, size_t nr_schemas,
		   const char *app, struct model *m, struct strbuf *warnings, struct diag *d);

/*
 * inspect_sqlite() of the database file path, opened read-only through the
 * database layer (db_sqlite_open_read_only(): it must exist, as inspecting
 * never creates a database; the schema files beside it are attached as
 * docs/sqlite.md names them, schema s of "dir/name.ext" being
 * "dir/name.s.ext", and one that is not a SQLite database is skipped with
 * a warning), for a tool.
 */
int inspect_sqlite_path(const char *path, const char *const *schemas, size_t nr_schemas,
			const char *app, struct model *m, struct strbuf *warnings, struct diag *d);

#endif

/*
 * db_sqlite: the SQLite backend of db.h, behind db_open(), db_exec(),
 * db_query() and db_close() (through dialect_sqlite, dialect.h); db.h says
 * what the functions do.
 *
 * SQLite (db_sqlite.c): the database is a file (or a "file:" URI, such as
 * "file:NAME?mode=memory&cache=shared"); a PostgreSQL schema is a database
 * file of its own next to it, attached under the schema's name
 * (docs/sqlite.md). db_open() creates the file's folder, attaches every
 * schema file it finds, and sets a busy timeout of 30 s, so that a second
 * writer waits. db_exec() runs the statements one by one (SQLite's own
 * tokenizer finds where each ends) and carries out what SQLite lacks:
 *
 *   CREATE SCHEMA [IF NOT EXISTS] "s"   attaches the schema file, creating
 *                                       it
 *   DROP SCHEMA [IF EXISTS] "s" [CASCADE | RESTRICT]
 *                                       detaches it and removes the file;
 *                                       refused while it holds anything,
 *                                       unless CASCADE
 *   PRAGMA foreign_key_check            fails when it lists any row,
 *                                       naming the first
 *
 * Inside a transaction, the file of a dropped schema goes when the
 * transaction commits, and the file of a created one when it rolls back,
 * so that either the schema and its tables change together or nothing does.
 *
 * The catalog reader (inspect_sqlite.h) opens through
 * db_sqlite_open_read_only().
 */
#ifndef MIG_DB_SQLITE_H
#define MIG_DB_SQLITE_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_config;
struct db_error;
struct db_result;
struct diag;
struct strbuf;

int db_sqlite_open(struct db *db, const struct db_config *cfg, struct diag *d);
/*
 * db_open() of cfg's SQLite database for a reader: the file must exist
 * (it is never created: "database file X does not exist") and is opened
 * read-only, with the schema files beside it attached as db_open() does;
 * one that cannot be attached, or is not a SQLite database, is left out
 * with a line appended to warnings ("X cannot be attached (why); schema
 * "s" is left out"). db_close() or db_sqlite_close() closes it. Returns 0
 * or -1 with d set.
 */
int db_sqlite_open_read_only(struct db *db, const struct db_config *cfg, struct strbuf *warnings,
			     struct diag *d);
void db_sqlite_close(struct db *db);
int db_sqlite_exec(struct db *db, const char *sql, struct db_error *err, struct diag *d);
int db_sqlite_query(struct db *db, const char *sql, int nparams, const char *const *params,
		    struct db_result *res, struct diag *d);
const char *db_sqlite_value(const struct db_result *res, int row, int col);
void db_sqlite_result_release(struct db_result *res);
bool db_sqlite_error_lock_timeout(const struct db_error *err);

/*
 * SQLite's files. main is a db_config's sqlite_path: a file name, or a
 * "file:" URI (SQLite's URI filenames: a query such as ?mode=memory&cache=
 * shared is kept), or ":memory:".
 *
 * db_sqlite_filename(): 1 and the file's path in file when main names a
 * file; 0 for an in-memory database (":memory:", "", mode=memory).
 *
 * db_sqlite_schema_path(): the file (or URI) of schema s, into out: the
 * schema's name before the last extension of the file's name
 * (var/dev.sqlite3 -> var/dev.s.sqlite3; var/data -> var/data.s;
 * file:NAME?mode=memory&cache=shared -> file:NAME.s?mode=memory&cache=shared).
 * ":memory:" gives ":memory:" (a private database of its own).
 *
 * db_sqlite_schema_files(): the schemas whose files exist next to main's
 * file, sorted (an owned array of owned names; fs_free_list()); none for
 * an in-memory database, whose schemas live only as long as the
 * connections that have them attached.
 */
int db_sqlite_filename(const char *main, struct strbuf *file);
void db_sqlite_schema_path(const char *main, const char *schema, struct strbuf *out);
size_t db_sqlite_schema_files(const char *main, char ***schemas);

#endif

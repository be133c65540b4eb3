/*
 * dialect_sqlite_rebuild: the contract between the SQLite renderer
 * (dialect_sqlite.c) and the SQLite driver (db_sqlite.c) about a table
 * rebuild.
 *
 * SQLite's ALTER TABLE makes few changes; the renderer writes every other
 * one as SQLite's documented procedure (docs/sqlite.md), in plain SQL that
 * also runs in the sqlite3 shell:
 *
 *   CREATE TABLE t_mig_new (...);              the new table, a temporary name
 *   INSERT INTO t_mig_new (...) SELECT ... FROM t;
 *   DROP TABLE t;                              the DROP step
 *   PRAGMA legacy_alter_table = ON;
 *   ALTER TABLE t_mig_new RENAME TO t;         the RENAME step
 *   PRAGMA legacy_alter_table = OFF;
 *   CREATE INDEX ...;
 *
 * with its own checks around it (dialect_sqlite.c, docs/sqlite.md): a TEMP
 * table mig_rebuild whose named CHECKs fail the migration, naming the
 * table, when the row count before the copy and after differ, a foreign
 * key of the table or to it no longer holds, or PRAGMA integrity_check of
 * the table finds anything. The driver needs to know nothing of them.
 *
 * The views and triggers of the models that stand on a rebuilt table
 * (directly, or through another view) are the renderer's: it drops them
 * at the start of the migration section and creates them again at its
 * end, then checks that they fit (a rename in a rolled-back savepoint), so
 * that the SQL says it (and runs so in the sqlite3 shell too).
 *
 * DROP TABLE takes the table's triggers with it, and the models know
 * nothing of triggers written by hand (outside the migrations). So, as
 * SQLite's procedure says, the driver creates those again: at the DROP
 * step it keeps the text SQLite has of the table's triggers (until the
 * transaction ends), and at the RENAME step, once the statement
 * succeeded, it creates them on the new table.
 *
 * A migration is SQL text, run long after mig-gen wrote it (and perhaps
 * edited by hand), so the driver recognises the steps in the statements
 * it runs. The contract, which migrations already written depend on:
 *
 *  - the temporary table is named <table>DIALECT_SQLITE_REBUILD_SUFFIX
 *    (<table>_mig_new; <table>_2_mig_new, _3_mig_new ... when a table of
 *    the models has that name; the table part shortened as any mig name
 *    to fit 63 bytes, the label never), in the schema of the table; mig
 *    names no other table so;
 *  - the DROP step is DROP TABLE [IF EXISTS] [schema.]table while a table
 *    whose name ends in the suffix exists in that schema (the driver asks
 *    the database; any other DROP TABLE takes the triggers along);
 *  - the RENAME step is ALTER TABLE [schema.]<name ending in the suffix>
 *    RENAME TO table.
 *
 * Ownership: names go into the caller's strbufs.
 */
#ifndef MIG_DIALECT_SQLITE_REBUILD_H
#define MIG_DIALECT_SQLITE_REBUILD_H

#include <stdbool.h>

struct strbuf;

/* The label of the temporary table's name (model_make_object_name()'s label) and its suffix. */
#define DIALECT_SQLITE_REBUILD_LABEL "mig_new"
#define DIALECT_SQLITE_REBUILD_SUFFIX "_" DIALECT_SQLITE_REBUILD_LABEL
/* The suffix as the end of a LIKE pattern with ESCAPE '\' ('%' DIALECT_SQLITE_REBUILD_SUFFIX_LIKE). */
#define DIALECT_SQLITE_REBUILD_SUFFIX_LIKE "\\_mig\\_new"

/*
 * The label of the n-th choice of temporary name (n >= 1): "mig_new",
 * then "2_mig_new", "3_mig_new" ..., replacing out's contents.
 */
void dialect_sqlite_rebuild_label(int n, struct strbuf *out);

/* Does name end in DIALECT_SQLITE_REBUILD_SUFFIX (a rebuild's temporary table)? */
bool dialect_sqlite_rebuild_is_temporary(const char *name);

enum dialect_sqlite_rebuild_step {
	DIALECT_SQLITE_REBUILD_NONE,   /* not a step of a rebuild */
	DIALECT_SQLITE_REBUILD_DROP,   /* DROP TABLE: a rebuild's drop when the database has a temporary table */
	DIALECT_SQLITE_REBUILD_RENAME, /* the temporary table renamed to the table's name */
};

/*
 * What the statement at sql (its first one; blanks and comments before it
 * are fine) is to a rebuild. For DROP, schema and table get the dropped
 * table (schema "main" when unqualified); for RENAME, schema gets the
 * schema, table the new name and temporary the temporary table's name.
 * Names are unquoted, bare ones folded to lower case; SQLite compares
 * them ignoring ASCII case. temporary may be NULL. The buffers are
 * appended to only when the result is not NONE.
 */
enum dialect_sqlite_rebuild_step dialect_sqlite_rebuild_step(const char *sql, struct strbuf *schema,
							     struct strbuf *table, struct strbuf *temporary);

#endif

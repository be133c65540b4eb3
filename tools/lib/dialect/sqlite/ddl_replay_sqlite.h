/*
 * ddl_replay_sqlite: the effect of a SQLite migration script on a model,
 * read by SQLite itself, offline (docs/hand-written-ddl.md).
 *
 * The recorded state after a hand-written migration of the SQLite folder
 * must be what its SQL does. SQLite's own parser decides that: the parent
 * state is built in a private in-memory database, the script runs there statement by statement
 * through sqlsplit_sqlite() and the db layer, as mig-apply runs it, and the
 * result is read back with inspect_sqlite(). Every SQLite statement works
 * (AUTOINCREMENT, INSERT OR IGNORE, a table rebuild, ...); a statement
 * SQLite refuses is an error naming the file and line.
 *
 * The parent is built as the real database got it: the folder's own
 * migrations up to the parent revision, run by mig-apply's machinery
 * (apply.h) on the in-memory database, as mig-check replays them; so that
 * what SQLite derives from history (the name of an unnamed key after a
 * table is renamed) is what the real database holds. Without a parent
 * revision, or when that replay fails, it is built from the parent state
 * instead (the SQL mig-gen writes for it on SQLite, dialect_sqlite.h).
 * Schemas are attached in-memory databases (db.h).
 *
 * The differences are then carried onto the dialect-neutral state, object
 * by object: the parent as SQLite read it back before the script
 * (normalised, model_sqlite_normalize()) is compared with what it read
 * back after. An object SQLite shows unchanged
 * keeps its form in the parent state (jsonb, comments, enums survive); an
 * added or changed schema, table, column, primary key, unique constraint,
 * foreign key, check, index, view or trigger takes what SQLite holds
 * (declared types as written, model_sqlite_decl_type(); a view's or a
 * trigger's SQL as sqlite_schema keeps it, dialect "sqlite"); a dropped one
 * goes. Enums are not
 * objects of their own in SQLite: new ones are added, changed values taken,
 * none dropped. A rename reads as a drop and an add (the state is the same;
 * renamed-from is not recorded).
 *
 * Statements that change rows (INSERT [OR IGNORE], REPLACE, UPDATE, DELETE)
 * run and change no schema: they are listed in fx->data (what SQLite's
 * compiler says each does, through its authorizer); a SELECT or a PRAGMA
 * runs and is not listed (nothing to carry to another dialect). Virtual
 * tables, temporary views and temporary triggers are listed in fx->ignored,
 * not recorded, never an error; so is what the model cannot express that
 * SQLite read back (a generated column, ...: inspect_sqlite.h's warnings).
 *
 * Ownership: the model is the caller's, changed in place (on error it is
 * unchanged); fx's strbufs are the caller's (ddl_effect.h).
 */
#ifndef MIG_DDL_REPLAY_SQLITE_H
#define MIG_DDL_REPLAY_SQLITE_H

struct ddl_effect;
struct diag;
struct model;

struct ddl_replay_script {
	const char *file;   /* for messages: the migration file */
	int first_line;     /* the line of file where sql begins */
	const char *sql;    /* the script (a migration's up section), SQLite's SQL */
	const char *app;    /* the app of new objects, and the chain (NULL: "") */
	const char *dir;    /* optional: the folder of the migration's chain */
	const char *parent; /* optional: the revision before it in dir (NULL: none, or not known) */
};

/*
 * Turns m, a finished model (the parent state), into the state after the
 * script, finished. Appends to fx->changes what changed ("table tag
 * added; column account.score added"), to fx->data and fx->ignored a line
 * each ("FILE:LINE: INSERT", "FILE:LINE: CREATE VIEW v: not part of the
 * model, not recorded"). Returns 0, or -1 with d set: a statement SQLite
 * refuses (d->file and d->line name it), or a parent state SQLite cannot
 * hold; m is then unchanged.
 */
int ddl_replay_sqlite(struct model *m, const struct ddl_replay_script *s, struct ddl_effect *fx,
		      struct diag *d);

#endif

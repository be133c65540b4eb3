/*
 * model_sqlite: the model as a SQLite database keeps it (docs/sqlite.md).
 *
 * A SQLite database built from a model by mig's migrations does not read
 * back as that model: SQLite has no comments, no identity width, no enums
 * of its own, fewer collations and index methods, and mig translates
 * expressions for it. model_sqlite_normalize() turns any model into what
 * such a database reads back as, so that comparing a model with an
 * inspected SQLite database (both normalised) says whether they hold the
 * same schema. model_sqlite_decl_type() is the one mapping from a declared
 * SQLite column type back to the model's types, shared by the inspector
 * (inspect_sqlite.h) and the normalisation, so that both agree.
 *
 * Ownership: both functions change the caller's model or column in place;
 * what they drop is freed, what they add is owned by the model.
 */
#ifndef MIG_MODEL_SQLITE_H
#define MIG_MODEL_SQLITE_H

struct model;
struct model_column;
struct model_table;

/* What a declared type turned out to be (model_sqlite_decl_type()). */
enum model_sqlite_decl {
	SQLITE_DECL_PORTABLE, /* a model type: "bigint", "varchar(20)", "blob" (bytes), "text[]" */
	SQLITE_DECL_ENUM,     /* the name of an enum of the table's schema in m ("mood", "\"Mood\"[]") */
	SQLITE_DECL_RAW,      /* anything else: kept as sqlite-type, with the nearest model type */
	SQLITE_DECL_NONE,     /* no declared type at all (BLOB affinity): text, with sqlite_type "" */
};

/*
 * Sets c->type (which must hold no enum strings: zeroed or released) and
 * c->sqlite_type (replaced) from decl, the declared type as CREATE TABLE
 * spells it. A portable type is recognised case-insensitively, with any
 * spacing, and its aliases (int, bool, decimal, blob, double precision,
 * ...); serial pseudo-types are not types in SQLite and count as raw. An
 * unknown name (quoted or not, with [] suffixes or not) is an enum when m
 * has an enum of that exact name in schema. Anything else keeps decl as
 * the raw sqlite_type, with a model type for other dialects: well-known
 * spellings (datetime -> timestamp, tinyint -> smallint, nvarchar(n) ->
 * varchar(n), clob -> text, float -> double, ...), then SQLite's affinity
 * rules (INT -> bigint, CHAR/CLOB/TEXT -> text, BLOB -> bytes,
 * REAL/FLOA/DOUB -> double, else numeric); an array of such a type is
 * text[] (the application's encoding). m may be NULL (no enums).
 */
enum model_sqlite_decl model_sqlite_decl_type(const char *decl, const struct model *m,
					      const char *schema, struct model_column *c);

/*
 * After model_sqlite_decl_type() read decl (trimmed) into column c of t as
 * a model type (no sqlite_type): when SQLite would be given another
 * spelling of that type (dialect_sqlite_append_table_column_type(): INT
 * for integer, which is no rowid alias, VARCHAR(255) for varchar(255)),
 * sets c->sqlite_type to decl, so that the column is declared as it was.
 * Identity columns (the rowid, always "integer") are left as they are.
 */
void model_sqlite_keep_spelling(const struct model_table *t, struct model_column *c, const char *decl);

/*
 * Turns m (finished: every object named) into what a SQLite database built
 * from it by mig reads back as:
 * - comments are dropped (schemas, enums, tables, columns, indexes);
 * - raw PostgreSQL types are dropped (SQLite gets the model type), and every
 *   other column type goes through its declared SQLite type and back
 *   (model_sqlite_decl_type()), keeping a spelling other than mig's own
 *   (model_sqlite_keep_spelling()) and "" for no declared type;
 * - identity and serial columns are bigint identity by-default, NOT NULL,
 *   without a default (SQLite's rowid);
 * - an enum lives where its columns are: one enum per schema and name used
 *   by a column of a table of that schema, with the values of the enum the
 *   first such column (tables in name order) uses; a later column of an
 *   enum of that name with other values (enums of one name in two schemas)
 *   keeps its own in a check "mig_enum_<column>", as SQLite does, with its
 *   declared type raw (and a literal default the raw type refuses as an
 *   expression); enums no column uses are dropped; an array of an enum that
 *   no plain column of the schema uses is text[] with its declared type
 *   kept raw (it has no check to read it from);
 * - collations C, POSIX and BINARY are "C" (SQLite's BINARY), NOCASE and
 *   RTRIM (SQLite's own) stay, others are dropped, on columns and index
 *   keys;
 * - default expressions, checks, index expressions and predicates become
 *   their dialect_sqlite_translate_expr() translation; a default or check SQLite
 *   cannot evaluate is dropped, and so is an index with such an expression
 *   or predicate;
 * - unique constraints lose NULLS NOT DISTINCT and deferrability;
 * - hash indexes become plain (btree) ones; gin, gist, brin, spgist and any
 *   other method's indexes are dropped; INCLUDE columns, operator classes,
 *   NULLS NOT DISTINCT and NULLS FIRST/LAST are dropped (SQLite's CREATE
 *   INDEX refuses NULLS FIRST/LAST: its own order, NULLs first ascending,
 *   is fixed).
 * Normalising twice changes nothing more.
 */
void model_sqlite_normalize(struct model *m);

#endif

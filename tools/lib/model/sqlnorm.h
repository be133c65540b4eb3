/*
 * sqlnorm: comparing SQL expressions as PostgreSQL understands them, not as
 * they are spelled.
 *
 * A model says `title <> ''`; PostgreSQL stores and prints it back as
 * `((title)::text <> ''::text)`. Both are parsed with libpg_query (the real
 * PostgreSQL parser) and normalised: casts of constants and columns dropped,
 * numbers in one decimal form, IN lists, BETWEEN and LIKE in the operator
 * forms PostgreSQL prints, nested AND/OR flattened, source positions
 * ignored. Two expressions with the same key are the same expression for
 * mig's purposes (check constraints, index predicates and expressions,
 * default expressions).
 *
 * Ownership: keys are written into the caller's strbuf.
 */
#ifndef MIG_SQLNORM_H
#define MIG_SQLNORM_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct strbuf;

/*
 * Writes the canonical key of one SQL expression (binary) into key
 * (replacing its contents). Returns 0, or -1 with a message in d when expr
 * is not exactly one expression PostgreSQL can parse.
 */
int sqlnorm_expr_key(const char *expr, struct strbuf *key, struct diag *d);

/*
 * True when a and b normalise to the same key; when either does not parse,
 * true when they are equal ignoring whitespace.
 */
bool sqlnorm_expr_equal(const char *a, const char *b);

/*
 * When expr is a constant (possibly cast: '-1'::integer, 'draft'::mood,
 * true, 0.5), writes its value as text into value and returns true; numbers
 * in canonical decimal form. Otherwise returns false.
 */
bool sqlnorm_expr_constant(const char *expr, struct strbuf *value);

/*
 * When expr is a constant under a cast ('0001-01-01'::timestamp,
 * '{}'::text[]), writes the name of the type it is cast to (the last part
 * of a qualified name, "[]" per array dimension: "timestamp", "int4",
 * "text[]") into type_name and returns true; otherwise false. The keys
 * above ignore such casts; a default needs them (a timestamp literal on a
 * timestamptz column is not a timestamptz literal).
 */
bool sqlnorm_constant_cast(const char *expr, struct strbuf *type_name);

/*
 * The canonical decimal form of a number ("+007.50e1" is "75.0", ".5" is
 * "0.5"), as PostgreSQL prints a numeric constant. Returns false when s is
 * not a decimal number.
 */
bool sqlnorm_decimal(const char *s, struct strbuf *out);

/*
 * True when a and b are the same statements: their parse trees equal once
 * source positions are ignored (so spacing, comments and the letter case of
 * keywords do not matter), or, when either does not parse, their texts
 * equal ignoring whitespace.
 */
bool sqlnorm_statements_equal(const char *a, const char *b);

/*
 * The same, but for the name each gives what it creates (CREATE VIEW v,
 * CREATE FUNCTION f, CREATE TRIGGER t, ADD CONSTRAINT c, ...): an object
 * renamed and otherwise unchanged. False when either does not parse.
 */
bool sqlnorm_statements_equal_but_name(const char *a, const char *b);

/*
 * Calls fn for every name sql references: kind "relation" (FROM, JOIN,
 * ON table, INSERT INTO ...), "function" (calls, EXECUTE FUNCTION) or
 * "type" (casts, column and argument types); schema "" when unqualified;
 * names in pg_catalog are left out. Returns 0, or -1 when sql does not parse.
 */
int sqlnorm_references(const char *sql, void (*fn)(const char *kind, const char *schema, const char *name, void *ctx),
		       void *ctx);

/*
 * Do two CREATE FUNCTION (or PROCEDURE) statements declare the same name,
 * parameters (names, modes, types, defaults) and result, so that CREATE OR
 * REPLACE can turn one into the other? False when either is not one such
 * statement.
 */
bool sqlnorm_same_function_signature(const char *a, const char *b);

/*
 * The parts of a CREATE DOMAIN statement, as written: the type (with its
 * COLLATE), the default expression, NOT NULL, and the CHECK constraints
 * ("CONSTRAINT positive CHECK (VALUE > 0)") with their names ("" when
 * unnamed). What ALTER DOMAIN changes one by one.
 */
#define SQLNORM_MAX_DOMAIN_CHECKS 32
struct sqlnorm_domain {
	char *type;          /* owned */
	char *default_expr;  /* owned, or NULL */
	bool not_null;
	char *checks[SQLNORM_MAX_DOMAIN_CHECKS];      /* owned */
	char *check_names[SQLNORM_MAX_DOMAIN_CHECKS]; /* owned */
	size_t nr_checks;
};

/* Returns 0 with out filled (release it), or -1 when sql is not one CREATE DOMAIN mig can take apart. */
int sqlnorm_domain_parts(const char *sql, struct sqlnorm_domain *out);
void sqlnorm_domain_release(struct sqlnorm_domain *dom);

/*
 * The options of the sequence behind an identity or serial column, every
 * one with its value: those not named take PostgreSQL's defaults for the
 * column's type and the increment's sign (ascending: MINVALUE 1, MAXVALUE
 * the type's maximum, START at the minimum; descending: MAXVALUE -1,
 * MINVALUE the type's minimum, START at the maximum; CACHE 1, NO CYCLE).
 */
struct sqlnorm_sequence {
	long long start, increment, min, max, cache;
	bool cycle;
};

/*
 * Parses options as those of CREATE SEQUENCE ("START WITH -100 INCREMENT
 * BY 5 MAXVALUE 100 CYCLE"; NO MINVALUE etc. too) for a column of bytes
 * bytes (2, 4 or 8), filling out with every value. Returns 0, or -1 with a
 * message in d when the text does not parse, names another option (AS,
 * OWNED BY, RESTART, ...) or gives values PostgreSQL would refuse.
 */
int sqlnorm_sequence_parse(const char *options, int bytes, struct sqlnorm_sequence *out, struct diag *d);

/*
 * The same from parsed options (DefElem nodes of libpg_query's tree): those
 * of GENERATED ... AS IDENTITY (...) (alter false: seq filled from the
 * defaults), or of ALTER COLUMN ... SET ... / ALTER SEQUENCE (alter true:
 * seq holds the values before; what is not named is kept; RESTART
 * ignored, it changes the value only).
 */
struct PgQuery__Node;
int sqlnorm_sequence_apply(struct PgQuery__Node *const *options, size_t n, int bytes, bool alter,
			   struct sqlnorm_sequence *seq, struct diag *d);

/*
 * Writes (appends) the options of s that differ from the defaults, in one
 * order: START WITH, INCREMENT BY, MINVALUE, MAXVALUE, CACHE, CYCLE;
 * nothing when all are the defaults. The canonical text a model keeps.
 */
void sqlnorm_sequence_format(const struct sqlnorm_sequence *s, int bytes, struct strbuf *out);

/*
 * Writes (appends) every option of s for ALTER TABLE ... ALTER COLUMN
 * (prefix "SET ") or ALTER SEQUENCE (prefix ""), defaults named too (NO
 * MINVALUE, NO CYCLE, ...), so that options going back to their defaults
 * are reset; never RESTART. Options separated by one space.
 */
void sqlnorm_sequence_alter(const struct sqlnorm_sequence *s, int bytes, const char *prefix, struct strbuf *out);

/*
 * For ALTER SEQUENCE made from a CREATE SEQUENCE statement (which changes
 * only the options it names): appends those create_sql leaves to their
 * defaults, each " OPTION value" (" AS bigint", " NO MINVALUE", ...,
 * " START WITH" the default of its increment's sign and bounds), so that
 * they are set back. Nothing when create_sql is not one CREATE SEQUENCE.
 */
void sqlnorm_sequence_unnamed_defaults(const char *create_sql, struct strbuf *out);

#endif

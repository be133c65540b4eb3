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

#endif

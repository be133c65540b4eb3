/*
 * json: the one JSON writer of the tools (--json output).
 *
 * json_append_string() writes one string. struct json writes a whole
 * document into a caller's strbuf, placing the commas: open an object or
 * an array, then, in an object, json_key() before each value.
 *
 *   struct json j;
 *   json_init(&j, &out);
 *   json_object_begin(&j);
 *   json_key(&j, "revision"); json_string(&j, rev);
 *   json_key(&j, "ms"); json_number(&j, 12.5);
 *   json_object_end(&j);          (out: {"revision": "0001_...", "ms": 12.5})
 *
 * Ownership: the strbuf is the caller's; struct json holds no allocation.
 */
#ifndef MIG_JSON_H
#define MIG_JSON_H

#include <stdbool.h>

struct diag;
struct strbuf;

/* s as a JSON string, quotes included; NULL as null. */
void json_append_string(struct strbuf *out, const char *s);

#define JSON_MAX_DEPTH 16

struct json {
	struct strbuf *out;              /* borrowed */
	int depth;
	bool first[JSON_MAX_DEPTH];      /* no value yet at this level */
	bool after_key;                  /* the next value follows a key: no comma */
};

void json_init(struct json *j, struct strbuf *out);
/* Objects and arrays nest up to JSON_MAX_DEPTH levels (deeper ones are a caller's bug: abort()). */
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
/* The key of the next value, in an object. */
void json_key(struct json *j, const char *key);
/* Values: a string (NULL: null), a boolean, an integer, a number (finite; printed with up to 3 decimals), null. */
void json_string(struct json *j, const char *s);
void json_bool(struct json *j, bool b);
void json_int(struct json *j, long long v);
void json_number(struct json *j, double v);
void json_null(struct json *j);

/*
 * An error as a JSON object: message (without the " (SQLSTATE XXXXX)" a
 * server error ends with), file, line (null when unknown), sqlstate (or
 * null), detail, hint.
 */
void json_diag(struct json *j, const struct diag *d);

#endif

/* json: writing JSON strings (for --json output). */
#ifndef MIG_JSON_H
#define MIG_JSON_H

struct strbuf;

/* s as a JSON string, quotes included; NULL as null. */
void json_append_string(struct strbuf *out, const char *s);

#endif

#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void json_append_string(struct strbuf *out, const char *s)
{
	if (!s) {
		strbuf_addstr(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': strbuf_addstr(out, "\\\""); break;
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r': strbuf_addstr(out, "\\r"); break;
		case '\t': strbuf_addstr(out, "\\t"); break;
		default:
			if (*p < 0x20)
				strbuf_addf(out, "\\u%04x", *p);
			else
				strbuf_addch(out, *p);
		}
	}
	strbuf_addch(out, '"');
}

void json_init(struct json *j, struct strbuf *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
}

/* Before a value or a key: the comma that separates it from the one before. */
static void separate(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		strbuf_addstr(j->out, ", ");
	j->first[j->depth] = false;
}

static void open_level(struct json *j, char c)
{
	separate(j);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		abort();
	strbuf_addch(j->out, c);
	j->first[++j->depth] = true;
}

static void close_level(struct json *j, char c)
{
	strbuf_addch(j->out, c);
	if (j->depth > 0)
		j->depth--;
}

void json_object_begin(struct json *j) { open_level(j, '{'); }
void json_object_end(struct json *j) { close_level(j, '}'); }
void json_array_begin(struct json *j) { open_level(j, '['); }
void json_array_end(struct json *j) { close_level(j, ']'); }

void json_key(struct json *j, const char *key)
{
	separate(j);
	json_append_string(j->out, key);
	strbuf_addstr(j->out, ": ");
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	separate(j);
	json_append_string(j->out, s);
}

void json_bool(struct json *j, bool b)
{
	separate(j);
	strbuf_addstr(j->out, b ? "true" : "false");
}

void json_int(struct json *j, long long v)
{
	separate(j);
	strbuf_addf(j->out, "%lld", v);
}

void json_number(struct json *j, double v)
{
	separate(j);
	/* JSON has no NaN or infinity */
	if (v != v || v > 1e300 || v < -1e300)
		strbuf_addstr(j->out, "null");
	else
		strbuf_addf(j->out, "%.3f", v);
}

void json_null(struct json *j)
{
	separate(j);
	strbuf_addstr(j->out, "null");
}

void json_diag(struct json *j, const struct diag *d)
{
	const char *msg = d->message ? d->message : "failed";
	const char *st = strstr(msg, " (SQLSTATE ");
	char code[6] = "";

	/* a server error ends with its SQLSTATE: a field of its own here */
	if (st && strlen(st) == strlen(" (SQLSTATE XXXXX)") && st[16] == ')')
		memcpy(code, st + 11, 5);
	else
		st = NULL;
	json_object_begin(j);
	json_key(j, "message");
	if (st) {
		char *m = xstrndup(msg, (size_t)(st - msg));
		json_string(j, m);
		free(m);
	} else {
		json_string(j, msg);
	}
	json_key(j, "file");
	json_string(j, d->file);
	json_key(j, "line");
	if (d->file && d->line > 0)
		json_int(j, d->line);
	else
		json_null(j);
	json_key(j, "sqlstate");
	json_string(j, code[0] ? code : NULL);
	json_key(j, "detail");
	json_string(j, d->detail);
	json_key(j, "hint");
	json_string(j, d->hint);
	json_object_end(j);
}

#include "env.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void env_init(struct env *e)
{
	strmap_init(&e->vars);
}

void env_release(struct env *e)
{
	for (size_t i = 0; i < e->vars.alloc; i++)
		free(e->vars.slots[i].value);
	strmap_release(&e->vars);
}

static const char *file_value(const struct env *e, const char *name)
{
	return strmap_get(&e->vars, name);
}

const char *env_get(const struct env *e, const char *name)
{
	const char *v = getenv(name);

	if (v)
		return v;
	return e ? file_value(e, name) : NULL;
}

static void set_value(struct env *e, const char *name, char *value)
{
	free(strmap_put(&e->vars, name, value));
}

/* ${NAME} -> its value so far (the real environment first). */
static void expand(const struct env *e, const char *p, size_t len, struct strbuf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '$' && i + 1 < len && p[i + 1] == '{') {
			const char *close = memchr(p + i + 2, '}', len - i - 2);
			if (close) {
				char *name = xstrndup(p + i + 2, (size_t)(close - p - i - 2));
				const char *v = env_get(e, name);
				strbuf_addstr(out, v ? v : "");
				free(name);
				i = (size_t)(close - p);
				continue;
			}
		}
		strbuf_addch(out, p[i]);
	}
}

static int parse_line(struct env *e, const char *path, int lineno, const char *line, size_t len,
		      struct diag *d)
{
	const char *p = line, *end = line + len, *key, *key_end;
	struct strbuf value = STRBUF_INIT;
	char *name;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p == end || *p == '#')
		return 0;
	if (end - p > 7 && strncmp(p, "export", 6) == 0 && isspace((unsigned char)p[6])) {
		p += 7;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}
	key = p;
	while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-'))
		p++;
	key_end = p;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (key_end == key || p == end || *p != '=')
		return diag_error_at(d, path, lineno, "expected KEY=VALUE");
	p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '\'') {
		const char *close = memchr(p + 1, '\'', (size_t)(end - p - 1));
		if (!close)
			return diag_error_at(d, path, lineno, "the quoted value has no closing '");
		strbuf_add(&value, p + 1, (size_t)(close - p - 1));
	} else if (p < end && *p == '"') {
		struct strbuf raw = STRBUF_INIT;
		const char *q = p + 1;
		for (; q < end && *q != '"'; q++) {
			if (*q == '\\' && q + 1 < end) {
				q++;
				strbuf_addch(&raw, *q == 'n' ? '\n' : *q == 't' ? '\t' : *q);
			} else {
				strbuf_addch(&raw, *q);
			}
		}
		if (q == end) {
			strbuf_release(&raw);
			return diag_error_at(d, path, lineno, "the quoted value has no closing \"");
		}
		expand(e, raw.buf, raw.len, &value);
		strbuf_release(&raw);
	} else {
		const char *v_end = p;
		/* an unquoted value ends at a comment (" #") */
		while (v_end < end && !(*v_end == '#' && v_end > p && isspace((unsigned char)v_end[-1])))
			v_end++;
		while (v_end > p && isspace((unsigned char)v_end[-1]))
			v_end--;
		expand(e, p, (size_t)(v_end - p), &value);
	}
	name = xstrndup(key, (size_t)(key_end - key));
	set_value(e, name, strbuf_detach(&value, NULL));
	free(name);
	return 0;
}

static int load_file(struct env *e, const char *path, struct diag *d)
{
	struct strbuf text = STRBUF_INIT;
	int lineno = 0, ret = 0;

	if (strbuf_read_file(&text, path) < 0) {
		if (errno == ENOENT)
			return 0;
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	}
	for (const char *p = text.buf; *p && ret == 0;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* past the line before its CR is dropped: a last line "X=1\r" must not be read forever */
		const char *next = nl ? nl + 1 : p + len;
		if (len && p[len - 1] == '\r')
			len--;
		ret = parse_line(e, path, ++lineno, p, len, d);
		p = next;
	}
	strbuf_release(&text);
	return ret;
}

int env_load(struct env *e, const char *dir, struct diag *d)
{
	struct strbuf path = STRBUF_INIT;
	const char *name;
	int ret = -1;

	strbuf_addf(&path, "%s/.env", dir);
	if (load_file(e, path.buf, d) < 0)
		goto out;
	strbuf_addstr(&path, ".local");
	if (load_file(e, path.buf, d) < 0)
		goto out;
	name = env_get(e, "MIG_ENV");
	if (!name || !*name)
		name = env_get(e, "PYTHON_ENV");
	if (name && *name) {
		char *env_name = xstrdup(name); /* the files below may change it */
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/.env.%s", dir, env_name);
		free(env_name);
		if (load_file(e, path.buf, d) < 0)
			goto out;
		strbuf_addstr(&path, ".local");
		if (load_file(e, path.buf, d) < 0)
			goto out;
	}
	ret = 0;
out:
	strbuf_release(&path);
	return ret;
}

void env_export_libpq(const struct env *e)
{
	for (size_t i = 0; i < e->vars.alloc; i++) {
		const struct strmap_entry *s = &e->vars.slots[i];
		if (s->key && strncmp(s->key, "PG", 2) == 0 && !getenv(s->key))
			setenv(s->key, s->value, 0);
	}
}

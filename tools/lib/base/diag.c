#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static char *vformat(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	return strbuf_detach(&sb, NULL);
}

void diag_clear_error(struct diag *d)
{
	free(d->file);
	free(d->message);
	free(d->detail);
	free(d->hint);
	d->file = d->message = d->detail = d->hint = NULL;
	d->line = 0;
}

void diag_release(struct diag *d)
{
	diag_clear_error(d);
	for (size_t i = 0; i < d->nr_msgs; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	d->msgs = NULL;
	d->nr_msgs = d->alloc_msgs = 0;
}

static void add_msg(struct diag *d, enum diag_severity sev, char *text)
{
	ALLOC_GROW(d->msgs, d->nr_msgs + 1, d->alloc_msgs);
	d->msgs[d->nr_msgs].severity = sev;
	d->msgs[d->nr_msgs].text = text;
	d->nr_msgs++;
}

void diag_add(struct diag *d, enum diag_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(d, sev, vformat(fmt, ap));
	va_end(ap);
}

void diag_add_lines(struct diag *d, enum diag_severity sev, const char *lines)
{
	for (const char *p = lines; *p;) {
		size_t len = strcspn(p, "\n");
		if (len)
			add_msg(d, sev, xstrndup(p, len));
		p += len + (p[len] == '\n');
	}
}

void diag_warning(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(d, DIAG_WARNING, vformat(fmt, ap));
	va_end(ap);
}

void diag_note(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(d, DIAG_NOTE, vformat(fmt, ap));
	va_end(ap);
}

int diag_error(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	diag_clear_error(d);
	d->message = msg;
	return -1;
}

int diag_error_at(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	diag_clear_error(d);
	d->file = xstrdup(file);
	d->line = line;
	d->message = msg;
	return -1;
}

void diag_detail(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(d->detail);
	d->detail = vformat(fmt, ap);
	va_end(ap);
}

void diag_hint(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(d->hint);
	d->hint = vformat(fmt, ap);
	va_end(ap);
}

int diag_is_set(const struct diag *d)
{
	return d->message != NULL;
}

void diag_format(const struct diag *d, const char *prefix, struct strbuf *out)
{
	if (!prefix)
		prefix = "";
	strbuf_addstr(out, prefix);
	if (d->file && d->line > 0)
		strbuf_addf(out, "%s:%d: ", d->file, d->line);
	else if (d->file)
		strbuf_addf(out, "%s: ", d->file);
	else
		strbuf_addstr(out, "error: ");
	strbuf_addstr(out, d->message ? d->message : "unknown error");
	strbuf_addch(out, '\n');
	if (d->detail)
		strbuf_addf(out, "%sdetail: %s\n", prefix, d->detail);
	if (d->hint)
		strbuf_addf(out, "%shint: %s\n", prefix, d->hint);
}

void diag_print(const struct diag *d, const char *prefix, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;

	diag_format(d, prefix, &sb);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

#include "strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xalloc.h"
#include "banned.h"

/* Never written: the NUL that an empty strbuf points at. */
char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->len = 0;
	sb->alloc = 0;
	sb->buf = strbuf_empty;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;

	if (want <= sb->len) {
		fprintf(stderr, "mig: fatal: string too long\n");
		abort();
	}
	if (sb->alloc == 0) {
		size_t alloc = want < 64 ? 64 : want;
		sb->buf = xmalloc(alloc);
		sb->buf[0] = '\0';
		sb->alloc = alloc;
		sb->len = 0;
		return;
	}
	if (want > sb->alloc) {
		size_t alloc = sb->alloc * 2;
		if (alloc < want)
			alloc = want;
		sb->buf = xrealloc(sb->buf, alloc);
		sb->alloc = alloc;
	}
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	if (len > sb->len)
		len = sb->len;
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	/* format once into the free space; only a long result is formatted twice */
	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0) {
		fprintf(stderr, "mig: fatal: bad format string \"%s\"\n", fmt);
		abort();
	}
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_rtrim(struct strbuf *sb)
{
	size_t len = sb->len;

	while (len && isspace((unsigned char)sb->buf[len - 1]))
		len--;
	strbuf_setlen(sb, len);
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t oldlen = sb->len;
	char chunk[65536];
	size_t n;
	int saved;
	struct stat st;

	if (!f)
		return -1;
	/* room for the whole file at once: growing by doubling leaves up to as much again unused */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		strbuf_grow(sb, (size_t)st.st_size);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(sb, chunk, n);
	if (ferror(f)) {
		saved = errno ? errno : EIO;
		fclose(f);
		strbuf_setlen(sb, oldlen);
		errno = saved;
		return -1;
	}
	fclose(f);
	return 0;
}

void strbuf_add_sql_quoted(struct strbuf *sb, const char *s, char quote)
{
	strbuf_addch(sb, quote);
	for (const char *p = s; *p; p++) {
		if (*p == quote)
			strbuf_addch(sb, quote);
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, quote);
}

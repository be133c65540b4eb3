/*
 * strbuf: the one growable string builder (as git's strbuf.h).
 *
 * Ownership: a strbuf owns sb->buf. sb->buf is never NULL and always
 * NUL-terminated, so it can be passed where a C string is expected.
 * strbuf_detach() hands the buffer to the caller (free() it); after that the
 * strbuf is empty and reusable. strbuf_release() frees the buffer and leaves
 * the strbuf empty and reusable. Allocation failure aborts (xalloc.h).
 */
#ifndef MIG_STRBUF_H
#define MIG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t len;   /* bytes used, not counting the NUL */
	size_t alloc; /* 0 while buf points at the shared empty string */
	char *buf;    /* owned unless alloc == 0 */
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and resets sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Makes room for extra more bytes after len. */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Sets len (<= current len), keeping the buffer. */
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends n copies of c. */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
/*
 * s between two quote characters, every quote inside doubled: the way SQL
 * writes an identifier ("a""b", quote '"') or a string ('it''s', quote '\'').
 */
void strbuf_add_sql_quoted(struct strbuf *sb, const char *s, char quote);
/* Removes trailing whitespace. */
void strbuf_rtrim(struct strbuf *sb);

/*
 * Reads the whole file at path into sb (appending). Returns 0, or -1 with
 * errno set; sb is unchanged on failure.
 */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif

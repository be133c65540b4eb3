#include "sqlsplit.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <sqlite3.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

int sqlsplit_line_of(const char *text, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n')
			line++;
	}
	return line;
}

/*
 * The offset of the first token at or after off (skipping blanks and
 * comments). PostgreSQL's block comments nest; SQLite's end at the first
 * close.
 */
static size_t first_token(const char *s, size_t off, size_t end, bool nested)
{
	while (off < end) {
		if (isspace((unsigned char)s[off])) {
			off++;
		} else if (s[off] == '-' && off + 1 < end && s[off + 1] == '-') {
			while (off < end && s[off] != '\n')
				off++;
		} else if (s[off] == '/' && off + 1 < end && s[off + 1] == '*') {
			int depth = 0;
			while (off < end) {
				if (s[off] == '/' && off + 1 < end && s[off + 1] == '*' && (nested || depth == 0)) {
					depth++;
					off += 2;
				} else if (s[off] == '*' && off + 1 < end && s[off + 1] == '/') {
					depth--;
					off += 2;
					if (depth == 0)
						break;
				} else {
					off++;
				}
			}
		} else {
			break;
		}
	}
	return off;
}

int sqlsplit_pg(const char *sql, struct sql_script *out, struct diag *d)
{
	PgQuerySplitResult r = pg_query_split_with_parser(sql);
	size_t total = strlen(sql);

	out->stmts = NULL;
	out->nr = 0;
	if (r.error) {
		/* cursorpos: 1-based character position in the whole script */
		size_t pos = r.error->cursorpos > 0 ? (size_t)r.error->cursorpos - 1 : 0;
		size_t byte = 0;
		for (size_t chars = 0; byte < total && chars < pos; byte++) {
			if (((unsigned char)sql[byte] & 0xC0) != 0x80)
				chars++;
		}
		diag_error(d, "%s", r.error->message);
		d->line = sqlsplit_line_of(sql, byte);
		pg_query_free_split_result(r);
		return -1;
	}
	out->stmts = xcalloc((size_t)r.n_stmts + 1, sizeof(*out->stmts));
	for (int i = 0; i < r.n_stmts; i++) {
		size_t start = (size_t)r.stmts[i]->stmt_location;
		size_t len = r.stmts[i]->stmt_len ? (size_t)r.stmts[i]->stmt_len : total - start;
		size_t tok = first_token(sql, start, start + len, true);
		if (tok >= start + len)
			continue; /* only comments */
		out->stmts[out->nr].start = start;
		out->stmts[out->nr].len = len;
		out->stmts[out->nr].line = sqlsplit_line_of(sql, tok);
		out->nr++;
	}
	pg_query_free_split_result(r);
	return 0;
}

void sql_script_release(struct sql_script *s)
{
	free(s->stmts);
	s->stmts = NULL;
	s->nr = 0;
}

/* --- SQLite ---------------------------------------------------------------- */

/* Is s[start, end) followed by tail (NULL: nothing) a complete statement for SQLite? */
static bool sqlite_complete(struct strbuf *buf, const char *s, size_t start, size_t end, const char *tail)
{
	strbuf_setlen(buf, 0);
	strbuf_add(buf, s + start, end - start);
	if (tail)
		strbuf_addstr(buf, tail);
	return sqlite3_complete(buf->buf) != 0;
}

/* Advances *line from offset *at to off (off >= *at): lines are counted once for the whole script. */
static int line_at(const char *s, size_t off, size_t *at, int *line)
{
	for (; *at < off; (*at)++) {
		if (s[*at] == '\n')
			(*line)++;
	}
	return *line;
}

int sqlsplit_sqlite(const char *sql, struct sql_script *out, struct diag *d)
{
	size_t total = strlen(sql), start = 0, alloc = 0, counted = 0;
	struct strbuf buf = STRBUF_INIT;
	int line = 1;

	out->stmts = NULL;
	out->nr = 0;
	for (size_t i = 0; i < total; i++) {
		size_t tok;
		/* a ';' in a quote, a comment or a trigger's body does not end the statement */
		if (sql[i] != ';' || !sqlite_complete(&buf, sql, start, i + 1, NULL))
			continue;
		tok = first_token(sql, start, i, false);
		if (tok < i) {
			ALLOC_GROW(out->stmts, out->nr + 1, alloc);
			out->stmts[out->nr].start = start;
			out->stmts[out->nr].len = i - start;
			out->stmts[out->nr].line = line_at(sql, tok, &counted, &line);
			out->nr++;
		}
		start = i + 1;
	}
	if (first_token(sql, start, total, false) < total) {
		size_t tok = first_token(sql, start, total, false);
		/* the last statement may go without its ';' (a newline first: it may end in a -- comment) */
		if (!sqlite_complete(&buf, sql, start, total, "\n;")) {
			strbuf_release(&buf);
			sql_script_release(out);
			diag_error(d, "the statement is not complete: a quote, a comment or a trigger's "
				   "BEGIN ... END is not closed");
			d->line = line_at(sql, tok, &counted, &line);
			return -1;
		}
		ALLOC_GROW(out->stmts, out->nr + 1, alloc);
		out->stmts[out->nr].start = start;
		out->stmts[out->nr].len = total - start;
		out->stmts[out->nr].line = line_at(sql, tok, &counted, &line);
		out->nr++;
	}
	strbuf_release(&buf);
	return 0;
}

void sql_append_statement(struct strbuf *out, const char *text, size_t len)
{
	const char *line = text + len;
	bool dashes = false;

	strbuf_add(out, text, len);
	while (line > text && line[-1] != '\n') {
		line--;
		dashes = dashes || (line[0] == '-' && line + 1 < text + len && line[1] == '-');
	}
	strbuf_addstr(out, dashes ? "\n;\n" : ";\n");
}

#include "sqlsplit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "diag.h"
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

/* The offset of the first token at or after off (skipping blanks and comments). */
static size_t first_token(const char *s, size_t off, size_t end)
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
				if (s[off] == '/' && off + 1 < end && s[off + 1] == '*') {
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
		size_t tok = first_token(sql, start, start + len);
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

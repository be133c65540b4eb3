#include "sqlsplit.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <sqlite3.h>

#include "diag.h"
#include "sqlscan.h"
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

int sqlsplit_line_at(const char *text, struct line_cursor *c, size_t off)
{
	if (c->line == 0 || off < c->off) {
		c->off = 0;
		c->line = 1;
	}
	for (; c->off < off && text[c->off]; c->off++) {
		if (text[c->off] == '\n')
			c->line++;
	}
	return c->line;
}

/*
 * The parser's split of piece sql[from, to) (a copy: the parser wants a
 * NUL-terminated text), its statements appended to out (offsets in sql).
 * 1 on a parse error, *err_byte then the offset in sql where it is and
 * *msg the parser's message (the caller frees it).
 */
static int split_piece(const char *sql, size_t from, size_t to, struct sql_script *out, size_t *alloc,
		       struct line_cursor *lines, size_t *err_byte, char **msg)
{
	char *piece = xstrndup(sql + from, to - from);
	PgQuerySplitResult r = pg_query_split_with_parser(piece);

	if (r.error) {
		/* cursorpos: 1-based character position in the piece */
		size_t pos = r.error->cursorpos > 0 ? (size_t)r.error->cursorpos - 1 : 0;
		size_t byte = from;
		for (size_t chars = 0; byte < to && chars < pos; byte++) {
			if (((unsigned char)sql[byte] & 0xC0) != 0x80)
				chars++;
		}
		*err_byte = byte;
		*msg = xstrdup(r.error->message);
		pg_query_free_split_result(r);
		free(piece);
		return 1;
	}
	for (int i = 0; i < r.n_stmts; i++) {
		size_t start = from + (size_t)r.stmts[i]->stmt_location;
		size_t len = r.stmts[i]->stmt_len ? (size_t)r.stmts[i]->stmt_len : to - start;
		size_t tok = sqlscan_skip_blank(sql, start, start + len, true);
		if (tok >= start + len)
			continue; /* only comments */
		ALLOC_GROW(out->stmts, out->nr + 1, *alloc);
		out->stmts[out->nr].start = start;
		out->stmts[out->nr].len = len;
		out->stmts[out->nr].line = sqlsplit_line_at(sql, lines, tok);
		out->nr++;
	}
	pg_query_free_split_result(r);
	free(piece);
	return 0;
}

/* Pieces parsed at once: the parse tree of a piece is some 20 times its text (16 kB: 0.3 MB). */
#define SPLIT_PIECE (16 * 1024)

/*
 * Where a piece from `from` of at least want bytes may end: just after the
 * first ';' token from there on, as the scanner finds it in a window of the
 * text (its memory grows with what it scans: every identifier is copied).
 * The tokens of a window are those of the whole text but for the last one,
 * which the window's end may cut; a ';' is a token of one byte. A window
 * that ends in a quote or a comment does not scan: it is taken longer.
 * total when there is no such ';'.
 */
static size_t next_cut(const char *sql, size_t total, size_t from, size_t want)
{
	for (size_t win = 2 * want;; win *= 2) {
		size_t end = win >= total - from ? total : from + win, cut = 0;
		char *w = xstrndup(sql + from, end - from);
		PgQuerySplitResult sc = pg_query_split_with_scanner(w);

		for (int i = 0; !sc.error && i < sc.n_stmts && !cut; i++) {
			size_t e = (size_t)sc.stmts[i]->stmt_location + (size_t)sc.stmts[i]->stmt_len;
			if (e < end - from && w[e] == ';' && e + 1 >= want)
				cut = from + e + 1;
		}
		pg_query_free_split_result(sc);
		free(w);
		if (cut)
			return cut;
		if (end == total)
			return total;
	}
}

/*
 * The parser parses the script piece by piece, so that its trees stay small
 * whatever the script's size: a piece ends just after a ';' the scanner
 * finds (next_cut()). A ';' inside a statement (a BEGIN ATOMIC body's)
 * makes its piece fail to parse: the piece is then taken longer, up to the
 * whole rest of the script, whose error (if any) is the one a parse of the
 * whole script gives (a piece starts where a statement does, the parser's
 * state there is the same).
 */
int sqlsplit_pg(const char *sql, struct sql_script *out, struct diag *d)
{
	size_t total = strlen(sql), alloc = 0, from = 0, want = SPLIT_PIECE;
	struct line_cursor lines = { 0 };

	out->stmts = NULL;
	out->nr = 0;
	while (from < total) {
		size_t to = total - from > want ? next_cut(sql, total, from, want) : total, err = 0;
		char *msg = NULL;

		if (split_piece(sql, from, to, out, &alloc, &lines, &err, &msg) == 0) {
			from = to;
			want = SPLIT_PIECE;
			continue;
		}
		if (to < total) {
			free(msg);
			want *= 2;
			continue;
		}
		diag_error(d, "%s", msg);
		d->line = sqlsplit_line_of(sql, err);
		free(msg);
		sqlsplit_script_release(out);
		return -1;
	}
	if (!out->stmts)
		out->stmts = xcalloc(1, sizeof(*out->stmts));
	return 0;
}

void sqlsplit_script_release(struct sql_script *s)
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
		tok = sqlscan_skip_blank(sql, start, i, false);
		if (tok < i) {
			ALLOC_GROW(out->stmts, out->nr + 1, alloc);
			out->stmts[out->nr].start = start;
			out->stmts[out->nr].len = i - start;
			out->stmts[out->nr].line = line_at(sql, tok, &counted, &line);
			out->nr++;
		}
		start = i + 1;
	}
	if (sqlscan_skip_blank(sql, start, total, false) < total) {
		size_t tok = sqlscan_skip_blank(sql, start, total, false);
		/* the last statement may go without its ';' (a newline first: it may end in a -- comment) */
		if (!sqlite_complete(&buf, sql, start, total, "\n;")) {
			strbuf_release(&buf);
			sqlsplit_script_release(out);
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

void sqlsplit_append_statement(struct strbuf *out, const char *text, size_t len)
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

/* --- statements that start or end a transaction ------------------------------ */

/* Could the statement be transaction control? Its first word says; the parser decides. */
static bool may_control_transaction(const char *text, const struct sql_stmt *st)
{
	static const char *const words[] = { "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "PREPARE" };
	size_t tok = sqlscan_skip_blank(text, st->start, st->start + st->len, true), n = 0;

	while (tok + n < st->start + st->len && isalpha((unsigned char)text[tok + n]))
		n++;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strlen(words[i]) == n && strncasecmp(text + tok, words[i], n) == 0)
			return true;
	}
	return false;
}

/* PostgreSQL's parser on one statement: its name when it starts or ends a transaction, else NULL. */
static const char *pg_transaction_control(const char *stmt)
{
	static const char *const names[] = {
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN] = "BEGIN",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START] = "START TRANSACTION",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT] = "COMMIT",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK] = "ROLLBACK",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE] = "PREPARE TRANSACTION",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED] = "COMMIT PREPARED",
		[PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED] = "ROLLBACK PREPARED",
	};
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(stmt);
	PgQuery__ParseResult *tree = NULL;
	const char *found = NULL;

	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	for (size_t i = 0; tree && i < tree->n_stmts && !found; i++) {
		const PgQuery__Node *n = tree->stmts[i]->stmt;
		if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
			continue;
		switch (n->transaction_stmt->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
			break;
		default:
			found = (size_t)n->transaction_stmt->kind < sizeof(names) / sizeof(names[0]) &&
					names[n->transaction_stmt->kind] ? names[n->transaction_stmt->kind] : "COMMIT";
			break;
		}
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	pg_query_free_protobuf_parse_result(res);
	return found;
}

/* The authorizer's record of a statement that starts or ends a transaction. */
static int note_transaction(void *what, int action, const char *arg1, const char *arg2, const char *arg3,
			   const char *arg4)
{
	(void)arg2, (void)arg3, (void)arg4;
	if (action == SQLITE_TRANSACTION)
		*(const char **)what = arg1 && strcmp(arg1, "BEGIN") == 0 ? "BEGIN" :
				       arg1 && strcmp(arg1, "ROLLBACK") == 0 ? "ROLLBACK" : "COMMIT";
	return SQLITE_OK;
}

long sqlsplit_transaction_control(const char *text, const struct sql_script *script, bool sqlite, const char **what)
{
	struct strbuf stmt = STRBUF_INIT;
	sqlite3 *h = NULL;
	long found = -1;

	*what = NULL;
	for (size_t k = 0; k < script->nr && found < 0; k++) {
		if (!may_control_transaction(text, &script->stmts[k]))
			continue;
		strbuf_setlen(&stmt, 0);
		strbuf_add(&stmt, text + script->stmts[k].start, script->stmts[k].len);
		if (!sqlite) {
			*what = pg_transaction_control(stmt.buf);
		} else {
			sqlite3_stmt *st = NULL;
			/* compiled, never run, on a private in-memory database */
			if (!h && sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
				sqlite3_set_authorizer(h, note_transaction, (void *)what);
			sqlite3_prepare_v2(h, stmt.buf, -1, &st, NULL);
			sqlite3_finalize(st);
		}
		if (*what)
			found = (long)k;
	}
	sqlite3_close(h);
	strbuf_release(&stmt);
	return found;
}

/* SQLite SQL for model operations (docs/sqlite.md). */
#include "dialect_sqlite.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <sqlite3.h>

#include "diag.h"
#include "diff.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* --- names, literals, types --------------------------------------------- */

void sqlite_append_ident(struct strbuf *out, const char *name)
{
	bool bare = (islower((unsigned char)name[0]) || name[0] == '_') &&
		    !sqlite3_keyword_check(name, (int)strlen(name));

	for (const char *p = name; bare && *p; p++)
		bare = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	if (bare) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_addch(out, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '"');
}

void sqlite_append_literal(struct strbuf *out, const char *value)
{
	strbuf_addch(out, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			strbuf_addch(out, '\'');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\'');
}

void sqlite_append_column_type(struct strbuf *out, const struct model_column *col)
{
	struct strbuf t = STRBUF_INIT;

	if (col->sqlite_type) {
		strbuf_addstr(out, col->sqlite_type);
		return;
	}
	/* the rowid: exactly "integer" makes an integer primary key an alias of it */
	if (col->identity != IDENTITY_NONE && !col->type.array_dims) {
		strbuf_addstr(out, "integer");
		return;
	}
	if (col->type.kind == TYPE_ENUM) {
		sqlite_append_ident(out, col->type.enum_name);
		for (int i = 0; i < col->type.array_dims; i++)
			strbuf_addstr(out, "[]");
		return;
	}
	model_type_format(&col->type, &t);
	if (col->type.kind == TYPE_BYTES)
		strbuf_addf(out, "blob%s", t.buf + strlen("bytes"));
	else
		strbuf_addstr(out, t.buf);
	strbuf_release(&t);
}

/* --- expressions ---------------------------------------------------------- */

/* A version-4 UUID as text, from randomblob(): gen_random_uuid() for SQLite. */
#define SQLITE_UUID_V4                                                                        \
	"(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "           \
	"substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || " \
	"substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"

static bool token_is(const char *expr, const PgQuery__ScanToken *t, const char *word)
{
	size_t len = (size_t)(t->end - t->start);

	return strlen(word) == len && strncasecmp(expr + t->start, word, len) == 0;
}

static bool is_word(const PgQuery__ScanToken *t)
{
	return t->token == PG_QUERY__TOKEN__IDENT || t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
}

/* After "::" at tokens[i]: the index just past the type name (a.b, (n,m), [], with time zone, ...). */
static size_t skip_type(const char *expr, PgQuery__ScanToken **tok, size_t n, size_t i)
{
	while (i < n && (is_word(tok[i]) || tok[i]->token == PG_QUERY__TOKEN__ASCII_46))
		i++;
	if (i < n && tok[i]->token == PG_QUERY__TOKEN__ASCII_40) {
		int depth = 0;
		for (; i < n; i++) {
			if (tok[i]->token == PG_QUERY__TOKEN__ASCII_40)
				depth++;
			else if (tok[i]->token == PG_QUERY__TOKEN__ASCII_41 && --depth == 0) {
				i++;
				break;
			}
		}
	}
	/* with[out] time zone, after timestamp(p) */
	while (i < n && (token_is(expr, tok[i], "with") || token_is(expr, tok[i], "without") ||
			 token_is(expr, tok[i], "time") || token_is(expr, tok[i], "zone")))
		i++;
	while (i + 1 < n && tok[i]->token == PG_QUERY__TOKEN__ASCII_91 && tok[i + 1]->token == PG_QUERY__TOKEN__ASCII_93)
		i += 2;
	return i;
}

/* E'a\'b' -> 'a''b' */
static void plain_string(const char *text, size_t len, struct strbuf *out)
{
	struct strbuf v = STRBUF_INIT;

	for (size_t i = 2; i + 1 < len; i++) {
		if (text[i] == '\\' && i + 2 < len) {
			char c = text[++i];
			strbuf_addch(&v, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
		} else if (text[i] == '\'' && text[i + 1] == '\'') {
			strbuf_addch(&v, '\'');
			i++;
		} else {
			strbuf_addch(&v, text[i]);
		}
	}
	sqlite_append_literal(out, v.buf);
	strbuf_release(&v);
}

int sqlite_translate_expr(const char *expr, struct strbuf *out, const char **why)
{
	PgQueryScanResult res = pg_query_scan(expr);
	PgQuery__ScanResult *scan = NULL;
	size_t pos = 0;
	int ret = -1;

	*why = NULL;
	if (res.error) {
		*why = "it does not scan as SQL";
		goto out;
	}
	scan = pg_query__scan_result__unpack(NULL, res.pbuf.len, (const uint8_t *)res.pbuf.data);
	if (!scan) {
		*why = "it does not scan as SQL";
		goto out;
	}
	for (size_t i = 0; i < scan->n_tokens;) {
		PgQuery__ScanToken *t = scan->tokens[i];
		size_t len = (size_t)(t->end - t->start);

		/* what lies between tokens (blanks, comments) stays as it is */
		strbuf_add(out, expr + pos, (size_t)t->start - pos);
		pos = (size_t)t->end;
		if (t->token == PG_QUERY__TOKEN__TYPECAST) {
			i = skip_type(expr, scan->tokens, scan->n_tokens, i + 1);
			pos = (size_t)scan->tokens[i - 1]->end;
			continue;
		}
		if ((t->token == PG_QUERY__TOKEN__Op && (memchr(expr + t->start, '~', len))) ||
		    t->token == PG_QUERY__TOKEN__SIMILAR) {
			*why = "it uses regular expressions, which SQLite does not have";
			goto out;
		}
		if (t->token == PG_QUERY__TOKEN__ILIKE) {
			/* SQLite's LIKE ignores ASCII case already */
			strbuf_addstr(out, "LIKE");
			i++;
			continue;
		}
		if (t->token == PG_QUERY__TOKEN__LOCALTIMESTAMP) {
			strbuf_addstr(out, "CURRENT_TIMESTAMP");
			i++;
			continue;
		}
		if (is_word(t) && i + 2 < scan->n_tokens &&
		    scan->tokens[i + 1]->token == PG_QUERY__TOKEN__ASCII_40 &&
		    scan->tokens[i + 2]->token == PG_QUERY__TOKEN__ASCII_41) {
			const char *with = NULL;
			if (token_is(expr, t, "now") || token_is(expr, t, "transaction_timestamp") ||
			    token_is(expr, t, "statement_timestamp") || token_is(expr, t, "clock_timestamp"))
				with = "CURRENT_TIMESTAMP";
			else if (token_is(expr, t, "gen_random_uuid") || token_is(expr, t, "uuid_generate_v4"))
				with = SQLITE_UUID_V4;
			if (with) {
				strbuf_addstr(out, with);
				pos = (size_t)scan->tokens[i + 2]->end;
				i += 3;
				continue;
			}
		}
		if (t->token == PG_QUERY__TOKEN__SCONST && len > 2 && (expr[t->start] == 'E' || expr[t->start] == 'e') &&
		    expr[t->start + 1] == '\'') {
			plain_string(expr + t->start, len, out);
			i++;
			continue;
		}
		strbuf_add(out, expr + t->start, len);
		i++;
	}
	strbuf_addstr(out, expr + pos);
	ret = 0;
out:
	if (scan)
		pg_query__scan_result__free_unpacked(scan, NULL);
	pg_query_free_scan_result(res);
	return ret;
}

/* --- whole migrations ------------------------------------------------------ */

int sqlite_check_model(const struct model *m, struct diag *d)
{
	(void)m;
	(void)d;
	return 0;
}

int sqlite_render_migration(const struct diff *df, struct strbuf *up, struct strbuf *down,
			    struct diag *d)
{
	(void)df;
	(void)up;
	(void)down;
	return diag_error(d, "SQLite migrations are not written yet");
}

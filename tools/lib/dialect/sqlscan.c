/* The one lexical scanner: libpg_query's tokens, SQLite's blanks, keywords and names. */
#include "sqlscan.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "strbuf.h"
#include "banned.h"

struct PgQuery__ScanResult *sqlscan_pg(const char *sql)
{
	PgQueryScanResult raw = pg_query_scan(sql);
	PgQuery__ScanResult *scan = NULL;

	/* the unpacked tokens hold only numbers: the packed buffer can go at once */
	if (!raw.error)
		scan = pg_query__scan_result__unpack(NULL, raw.pbuf.len, (const uint8_t *)raw.pbuf.data);
	pg_query_free_scan_result(raw);
	return scan;
}

void sqlscan_pg_free(struct PgQuery__ScanResult *scan)
{
	if (scan)
		pg_query__scan_result__free_unpacked(scan, NULL);
}

size_t sqlscan_skip_blank(const char *s, size_t off, size_t end, bool nested)
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

const char *sqlscan_blank(const char *p)
{
	return p + sqlscan_skip_blank(p, 0, strlen(p), false);
}

bool sqlscan_ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* After keyword kw[0, n) (any case) at p, or NULL. */
static const char *keyword(const char *p, const char *kw, size_t n)
{
	if (strncasecmp(p, kw, n) != 0 || sqlscan_ident_char((unsigned char)p[n]))
		return NULL;
	return p + n;
}

const char *sqlscan_keywords(const char *p, const char *kws)
{
	while (p && *kws) {
		size_t n = strcspn(kws, " ");
		p = keyword(sqlscan_blank(p), kws, n);
		kws += n + (kws[n] == ' ');
	}
	return p;
}

size_t sqlscan_unquote(const char *s, size_t q, struct strbuf *out)
{
	char close = s[q] == '[' ? ']' : s[q];

	for (size_t p = q + 1; s[p]; p++) {
		if (s[p] == close && close != ']' && s[p + 1] == close) {
			strbuf_addch(out, close);
			p++;
		} else if (s[p] == close) {
			return p + 1;
		} else {
			strbuf_addch(out, s[p]);
		}
	}
	return 0;
}

const char *sqlscan_name(const char *p, struct strbuf *out)
{
	size_t len = out->len, end;

	p = sqlscan_blank(p);
	if (*p == '"' || *p == '`' || *p == '[') {
		end = sqlscan_unquote(p, 0, out);
		return end && out->len > len ? p + end : NULL;
	}
	if (!isalpha((unsigned char)*p) && *p != '_' && (unsigned char)*p < 0x80)
		return NULL;
	for (; sqlscan_ident_char((unsigned char)*p); p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
	return p;
}

const char *sqlscan_qualified_name(const char *p, struct strbuf *schema, struct strbuf *name)
{
	const char *q = sqlscan_name(p, name);

	if (!q)
		return NULL;
	if (*sqlscan_blank(q) == '.') {
		strbuf_add(schema, name->buf, name->len);
		strbuf_setlen(name, 0);
		return sqlscan_name(sqlscan_blank(q) + 1, name);
	}
	strbuf_addstr(schema, "main");
	return q;
}

/*
 * sqlscan: the one lexical scanner of SQL text in mig. Every reader of
 * SQL that needs tokens, quotes or comments comes here, so that what is a
 * quote, a comment or a name is decided once.
 *
 * PostgreSQL's lexical rules are libpg_query's scanner (sqlscan_pg()),
 * never a loop of our own; the DDL readers use it on SQLite's stored text
 * too (the two agree on what mig and most hand-written DDL use), with
 * sqlscan_unquote() for the quotings SQLite adds (`name`, [name]).
 * Where statements end is the business of each dialect's own parser
 * (sqlsplit.h: libpg_query, sqlite3_complete()).
 *
 * SQLite has no public tokenizer. What the SQLite driver and the rebuild
 * contract (dialect_sqlite_rebuild.h) need is the first words of one
 * statement: keywords and names, past blanks and comments. The
 * sqlscan_blank() family reads them from NUL-terminated text and returns
 * where reading stopped, or NULL when the text does not start so.
 *
 * Ownership: nothing is kept; names go into the caller's strbuf; a scan
 * result is the caller's to free with sqlscan_pg_free().
 */
#ifndef MIG_SQLSCAN_H
#define MIG_SQLSCAN_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct PgQuery__ScanResult;

/*
 * libpg_query's tokens of sql (comments included, as tokens of their
 * own), unpacked: tokens[i]->start and ->end are byte offsets in sql.
 * NULL when sql does not scan (an unclosed quote or comment). Free with
 * sqlscan_pg_free() (NULL is fine).
 */
struct PgQuery__ScanResult *sqlscan_pg(const char *sql);
void sqlscan_pg_free(struct PgQuery__ScanResult *scan);

/*
 * The offset of the first token of s[off, end) (end when there is none):
 * blanks, -- comments and block comments skipped. nested: block comments
 * nest (PostgreSQL); otherwise one ends at the first close (SQLite). An
 * unclosed block comment runs to end.
 */
size_t sqlscan_skip_blank(const char *s, size_t off, size_t end, bool nested);

/* sqlscan_skip_blank() by SQLite's rules to the end of NUL-terminated p. */
const char *sqlscan_blank(const char *p);

/* Can c be part of a bare name (letters, digits, '_', '$', any byte of a UTF-8 sequence)? */
bool sqlscan_ident_char(int c);

/*
 * After blanks and the keywords kws ("IF NOT EXISTS": words separated by
 * one space, any case, blanks and comments between them) at p; NULL when p
 * does not start with all of them. A keyword is a whole word: "DROP" is
 * not at "DROPPED".
 */
const char *sqlscan_keywords(const char *p, const char *kws);

/*
 * The quoted name or string at s[q] (an opening ", `, [ or '), unquoted
 * (a doubled quote inside is one; ] cannot be doubled) and appended to out.
 * Returns the offset just past the closing quote, or 0 when it is not
 * closed.
 */
size_t sqlscan_unquote(const char *s, size_t q, struct strbuf *out);

/*
 * After blanks, a name as SQLite reads one: "quoted", `quoted` or [quoted]
 * (not empty), or a bare word folded to lower case (as PostgreSQL folds
 * it), appended to out. Returns the text just past it, or NULL when there
 * is none (or its quote is not closed).
 */
const char *sqlscan_name(const char *p, struct strbuf *out);

/*
 * [schema.]name at p: schema gets the qualifier, or "main" when there is
 * none; name the name. Returns the text just past it, or NULL.
 */
const char *sqlscan_qualified_name(const char *p, struct strbuf *schema, struct strbuf *name);

#endif

/*
 * sqlsplit: a SQL script split into statements by the real parser of its
 * dialect, never by searching for ';' — quotes, dollar quoting, comments,
 * triggers' BEGIN ... END and empty statements are the parser's business:
 * libpg_query for PostgreSQL, SQLite's own tokenizer (sqlite3_complete())
 * for SQLite.
 *
 * Ownership: struct sql_script owns its statement array; statements are
 * offsets into the caller's text.
 */
#ifndef MIG_SQLSPLIT_H
#define MIG_SQLSPLIT_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct strbuf;

struct sql_stmt {
	size_t start; /* offset of the statement's text (comments before it included) */
	size_t len;   /* length, without the ';' */
	int line;     /* 1-based line of its first token in the script */
};

struct sql_script {
	struct sql_stmt *stmts;
	size_t nr;
};

/*
 * Splits sql. A script that does not parse sets d to the parser's message
 * with d->line the line (in sql) where the error is, and returns -1.
 */
int sqlsplit_pg(const char *sql, struct sql_script *out, struct diag *d);
/*
 * The same for SQLite: a statement ends at the first ';' at which
 * sqlite3_complete() says the text since the previous one is complete.
 * Pieces that hold only blanks and comments are left out. A script whose
 * last statement is not complete (an unclosed quote, or a CREATE TRIGGER
 * without its END) sets d, with d->line the line where that statement
 * starts, and returns -1. sqlite3_complete() finds where statements
 * end, not whether SQLite accepts them: that shows when they run.
 */
int sqlsplit_sqlite(const char *sql, struct sql_script *out, struct diag *d);
void sqlsplit_script_release(struct sql_script *s);

/*
 * The index of the first statement of script (of text) that starts or ends
 * a transaction (BEGIN, COMMIT, ROLLBACK, END, PREPARE TRANSACTION, ...),
 * *what its name, or -1. Savepoints are fine. The parser of the dialect
 * decides (PostgreSQL's, or SQLite's compiler through an authorizer, on a
 * private in-memory database: nothing runs); only statements whose first
 * word could be one are asked.
 */
long sqlsplit_transaction_control(const char *text, const struct sql_script *script, bool sqlite,
				  const char **what);

/*
 * Appends statement text[0, len) and its ";\n" to out: the ';' on a line of
 * its own when the last line holds "--" (a last statement may end in a
 * comment, which would swallow it).
 */
void sqlsplit_append_statement(struct strbuf *out, const char *text, size_t len);

/* The line (1-based) of byte offset off in text. */
int sqlsplit_line_of(const char *text, size_t off);

/*
 * A position in a text with its line, for asking the lines of ascending
 * offsets in one pass (sqlsplit_line_of from the start each time is
 * quadratic in a long script). Start it zeroed.
 */
struct line_cursor {
	size_t off;
	int line; /* 0 until first used: then the line of off */
};

/* The line (1-based) of byte offset off in text; c moves there. An offset before c's counts again from the start. */
int sqlsplit_line_at(const char *text, struct line_cursor *c, size_t off);

#endif

/* SQLite's schema text -> model: docs/sqlite.md read backwards. */
#include "inspect_sqlite.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query/pg_query.pb-c.h>
#include <sqlite3.h>

#include "db.h"
#include "db_sqlite.h"
#include "dialect.h"
#include "dialect_sqlite.h"
#include "diag.h"
#include "model.h"
#include "model_sqlite.h"
#include "othertools.h"
#include "sqlscan.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

static void warn(struct strbuf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct strbuf *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(w, fmt, ap);
	va_end(ap);
	strbuf_addch(w, '\n');
}

/* "schema"."name" or "name", for messages. */
static void qname(struct strbuf *out, const char *schema, const char *name)
{
	if (schema[0])
		strbuf_addf(out, "\"%s\".", schema);
	strbuf_addf(out, "\"%s\"", name);
}

/* --- tokens: libpg_query's scanner over SQLite's text -------------------------- */

/*
 * The tokens of one statement or expression, comments left out. SQLite's
 * and PostgreSQL's lexical rules agree on what mig and most hand-written
 * DDL use (identifiers, "quoted" names, 'strings', numbers, punctuation);
 * SQLite's `name` and [name] come out as an operator or brackets around
 * tokens, and read_name() takes them from the text instead.
 */
struct toks {
	const char *sql;
	PgQuery__ScanResult *scan;
	PgQuery__ScanToken **tok; /* owned array; the tokens are scan's */
	size_t n, i;
	size_t fail_at; /* where reading stopped, for "near" in warnings */
};

static int toks_init(struct toks *ts, const char *sql)
{
	memset(ts, 0, sizeof(*ts));
	ts->sql = sql;
	ts->scan = sqlscan_pg(sql);
	if (!ts->scan)
		return -1;
	ts->tok = xcalloc(ts->scan->n_tokens + 1, sizeof(*ts->tok));
	for (size_t i = 0; i < ts->scan->n_tokens; i++) {
		PgQuery__ScanToken *t = ts->scan->tokens[i];
		if (t->token != PG_QUERY__TOKEN__SQL_COMMENT && t->token != PG_QUERY__TOKEN__C_COMMENT)
			ts->tok[ts->n++] = t;
	}
	return 0;
}

static void toks_release(struct toks *ts)
{
	sqlscan_pg_free(ts->scan);
	free(ts->tok);
	memset(ts, 0, sizeof(*ts));
}

static const PgQuery__ScanToken *peek(const struct toks *ts, size_t ahead)
{
	return ts->i + ahead < ts->n ? ts->tok[ts->i + ahead] : NULL;
}

static bool at_end(const struct toks *ts)
{
	return ts->i >= ts->n;
}

/* Remembers where reading failed; returns false for `return fail(ts);`. */
static bool fail(struct toks *ts)
{
	if (!ts->fail_at)
		ts->fail_at = ts->i < ts->n ? (size_t)ts->tok[ts->i]->start + 1 : strlen(ts->sql) + 1;
	return false;
}

static bool is_char(const PgQuery__ScanToken *t, int c)
{
	return t && (int)t->token == c;
}

static bool at_char(const struct toks *ts, int c)
{
	return is_char(peek(ts, 0), c);
}

static bool accept_char(struct toks *ts, int c)
{
	if (!at_char(ts, c))
		return false;
	ts->i++;
	return true;
}

/* Is t the unquoted word w (any case)? */
static bool is_word(const struct toks *ts, const PgQuery__ScanToken *t, const char *w)
{
	size_t len;

	if (!t || (t->token != PG_QUERY__TOKEN__IDENT && t->keyword_kind == PG_QUERY__KEYWORD_KIND__NO_KEYWORD))
		return false;
	len = (size_t)(t->end - t->start);
	return ts->sql[t->start] != '"' && strlen(w) == len && strncasecmp(ts->sql + t->start, w, len) == 0;
}

static bool at_word(const struct toks *ts, const char *w)
{
	return is_word(ts, peek(ts, 0), w);
}

static bool accept(struct toks *ts, const char *w)
{
	if (!at_word(ts, w))
		return false;
	ts->i++;
	return true;
}

/* accept() of each word of ws ("NOT NULL"), all or nothing. */
static bool accept_words(struct toks *ts, const char *ws)
{
	size_t save = ts->i;
	struct strbuf w = STRBUF_INIT;
	bool ok = true;

	while (ok && *ws) {
		size_t n = strcspn(ws, " ");
		strbuf_reset(&w);
		strbuf_add(&w, ws, n);
		ok = accept(ts, w.buf);
		ws += n + (ws[n] == ' ');
	}
	strbuf_release(&w);
	if (!ok)
		ts->i = save;
	return ok;
}

/* Moves past every token that starts before offset `to` of the text. */
static void skip_to(struct toks *ts, size_t to)
{
	while (ts->i < ts->n && (size_t)ts->tok[ts->i]->start < to)
		ts->i++;
}

/*
 * A name at the cursor, as SQLite reads names: "quoted", `quoted`,
 * [quoted], 'quoted' or a bare word (keywords included: SQLite takes many
 * as names), into out (replaced). false when there is none.
 */
static bool read_name(struct toks *ts, struct strbuf *out)
{
	const PgQuery__ScanToken *t = peek(ts, 0);
	const char *s;
	size_t end;

	strbuf_reset(out);
	if (!t)
		return false;
	s = ts->sql + t->start;
	if ((t->token == PG_QUERY__TOKEN__IDENT && *s == '"') || (t->token == PG_QUERY__TOKEN__SCONST && *s == '\'') ||
	    (t->token == PG_QUERY__TOKEN__Op && *s == '`') || t->token == PG_QUERY__TOKEN__ASCII_91) {
		end = sqlscan_unquote(ts->sql, (size_t)t->start, out);
		if (!end)
			return fail(ts);
		ts->i++;
		skip_to(ts, end);
		return true;
	}
	if (t->token == PG_QUERY__TOKEN__IDENT || t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD) {
		strbuf_add(out, s, (size_t)(t->end - t->start));
		ts->i++;
		return true;
	}
	return false;
}

/* [schema.]name: the name only (sqlite_schema says which database). */
static bool read_qualified_name(struct toks *ts, struct strbuf *out)
{
	if (!read_name(ts, out))
		return fail(ts);
	if (accept_char(ts, '.') && !read_name(ts, out))
		return fail(ts);
	return true;
}

/* s[0, len) without surrounding blanks, appended to out. */
static void add_trimmed(struct strbuf *out, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	strbuf_add(out, s, len);
}

/*
 * At '(': moves past the matching ')' and puts the text between them
 * (trimmed) into inner when non-NULL. false when there is no '(' or it is
 * not closed.
 */
static bool read_parens(struct toks *ts, struct strbuf *inner)
{
	size_t open = ts->i;
	int depth = 0;

	if (!at_char(ts, '('))
		return fail(ts);
	for (; ts->i < ts->n; ts->i++) {
		if (at_char(ts, '('))
			depth++;
		else if (at_char(ts, ')') && --depth == 0)
			break;
	}
	if (ts->i >= ts->n) {
		ts->i = open;
		return fail(ts);
	}
	if (inner) {
		size_t from = (size_t)ts->tok[open]->end, to = (size_t)ts->tok[ts->i]->start;
		strbuf_reset(inner);
		add_trimmed(inner, ts->sql + from, to - from);
	}
	ts->i++;
	return true;
}

/* --- a table being read ------------------------------------------------------------ */

/* What the text says of a column beyond the model's fields. */
struct col_extra {
	char *decl;         /* owned: the declared type as written, NULL when there is none */
	char *default_sql;  /* owned: a literal default as written, for when the type refuses it */
	bool autoincrement; /* PRIMARY KEY AUTOINCREMENT */
	bool enum_clash;    /* its mig_enum_ check disagrees with its enum: read as a raw type */
	bool decl_from_pragma; /* decl is PRAGMA table_xinfo's (INT, TEXT, ... upper-cased), not as written */
};

struct table_read {
	struct model *m;          /* the model being read: it holds t's columns' names */
	struct model_table *t;    /* in the model being read (a scratch one while its text is read) */
	struct col_extra *cols;   /* one per column of t */
	size_t nr_cols, alloc_cols;
	char **check_cols;        /* one per check of t: owned, the column a check is on, or NULL */
	size_t nr_check_cols, alloc_check_cols;
};

static void table_read_release(struct table_read *tr)
{
	for (size_t i = 0; i < tr->nr_cols; i++) {
		free(tr->cols[i].decl);
		free(tr->cols[i].default_sql);
	}
	free(tr->cols);
	for (size_t i = 0; i < tr->nr_check_cols; i++)
		free(tr->check_cols[i]);
	free(tr->check_cols);
	memset(tr, 0, sizeof(*tr));
}

static struct model_column *add_column(struct table_read *tr, const char *name)
{
	struct model_column *c = model_table_add_column(tr->m, tr->t, name);

	c->type.length = c->type.precision = c->type.scale = -1;
	ALLOC_GROW(tr->cols, tr->nr_cols + 1, tr->alloc_cols);
	memset(&tr->cols[tr->nr_cols], 0, sizeof(tr->cols[0]));
	tr->nr_cols++;
	return c;
}

static struct model_check *add_check(struct table_read *tr, const char *name, const char *expr, const char *column)
{
	struct model_check *ck = model_table_add_check(tr->t);

	ck->name = name ? xstrdup(name) : NULL;
	ck->expr = xstrdup(expr);
	ALLOC_GROW(tr->check_cols, tr->nr_check_cols + 1, tr->alloc_check_cols);
	tr->check_cols[tr->nr_check_cols++] = column ? xstrdup(column) : NULL;
	return ck;
}

static void remove_check(struct table_read *tr, size_t i)
{
	struct model_table *t = tr->t;

	model_check_release(&t->checks[i]);
	free(tr->check_cols[i]);
	memmove(&t->checks[i], &t->checks[i + 1], (t->nr_checks - i - 1) * sizeof(t->checks[0]));
	memmove(&tr->check_cols[i], &tr->check_cols[i + 1], (t->nr_checks - i - 1) * sizeof(tr->check_cols[0]));
	t->nr_checks--;
	tr->nr_check_cols--;
}

static void remove_fk(struct model_table *t, size_t i)
{
	model_fk_release(&t->fks[i]);
	memmove(&t->fks[i], &t->fks[i + 1], (t->nr_fks - i - 1) * sizeof(t->fks[0]));
	t->nr_fks--;
}

static void remove_unique(struct model_table *t, size_t i)
{
	model_unique_release(&t->uniques[i]);
	memmove(&t->uniques[i], &t->uniques[i + 1], (t->nr_uniques - i - 1) * sizeof(t->uniques[0]));
	t->nr_uniques--;
}

/* The column of t that name names: exactly, else ignoring ASCII case as SQLite does; NULL when none. */
static struct model_column *column_ci(const struct model_table *t, const char *name)
{
	struct model_column *c = model_table_find_column(t, name);

	for (size_t i = 0; !c && i < t->nr_columns; i++) {
		if (strcasecmp(t->columns[i].name, name) == 0)
			c = &t->columns[i];
	}
	return c;
}

/* Every name of n replaced by the column's own spelling; false when one names no column of t. */
static bool resolve_columns(const struct model_table *t, struct model_names *n)
{
	for (size_t i = 0; i < n->nr; i++) {
		struct model_column *c = column_ci(t, n->items[i]);
		if (!c)
			return false;
		if (strcmp(c->name, n->items[i]) != 0) {
			free(n->items[i]);
			n->items[i] = xstrdup(c->name);
		}
	}
	return true;
}

static bool has_duplicates(const struct model_names *n)
{
	for (size_t i = 0; i < n->nr; i++) {
		if (model_names_find(n, n->items[i]) != (int)i)
			return true;
	}
	return false;
}

/* SQLite's BINARY is PostgreSQL's "C"; NOCASE, RTRIM and an application's own keep their names. */
static char *collation_name(const char *name)
{
	return xstrdup(strcasecmp(name, "binary") == 0 ? "C" : name);
}

/* --- CREATE TABLE ---------------------------------------------------------------------- */

/* The text being read and where its remarks go. */
struct table_text {
	struct toks ts;
	struct table_read *tr;
	const char *schema, *name;
	struct strbuf *warnings; /* kept only when the whole text reads */
	struct strbuf scratch;
};

static void table_warn(struct table_text *tt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void table_warn(struct table_text *tt, const char *fmt, ...)
{
	va_list ap;

	strbuf_addstr(tt->warnings, "table ");
	qname(tt->warnings, tt->schema, tt->name);
	strbuf_addstr(tt->warnings, ": ");
	va_start(ap, fmt);
	strbuf_vaddf(tt->warnings, fmt, ap);
	va_end(ap);
	strbuf_addch(tt->warnings, '\n');
}

/* [ON CONFLICT action] after a constraint: not part of the model. */
static bool conflict_clause(struct table_text *tt, const char *what)
{
	struct toks *ts = &tt->ts;

	if (!at_word(ts, "ON") || !is_word(ts, peek(ts, 1), "CONFLICT"))
		return true;
	ts->i += 2;
	if (!read_name(ts, &tt->scratch))
		return fail(ts);
	table_warn(tt, "ON CONFLICT %s of %s is not part of the model; left out", tt->scratch.buf, what);
	return true;
}

static bool is_constraint_word(const struct toks *ts, const PgQuery__ScanToken *t)
{
	static const char *const words[] = { "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
					     "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (is_word(ts, t, words[i]))
			return true;
	}
	return false;
}

/* (name [COLLATE x] [ASC|DESC] [AUTOINCREMENT], ...) of a table's PRIMARY KEY or UNIQUE. */
static bool key_column_list(struct table_text *tt, struct model_names *cols, const char *what, bool *autoincrement)
{
	struct toks *ts = &tt->ts;
	struct strbuf name = STRBUF_INIT;
	bool ok = false;

	if (!accept_char(ts, '('))
		goto out;
	do {
		if (!read_name(ts, &name) || at_char(ts, '('))
			goto out;
		model_names_add(cols, name.buf);
		if (accept(ts, "COLLATE")) {
			if (!read_name(ts, &tt->scratch))
				goto out;
			table_warn(tt, "the collation %s of column \"%s\" in %s is not part of the model; left out",
				   tt->scratch.buf, name.buf, what);
		}
		if (accept(ts, "ASC") || accept(ts, "DESC"))
			table_warn(tt, "the order of column \"%s\" in %s is not part of the model; left out", name.buf, what);
		if (accept(ts, "AUTOINCREMENT") && autoincrement)
			*autoincrement = true;
	} while (accept_char(ts, ','));
	ok = accept_char(ts, ')');
out:
	strbuf_release(&name);
	return ok ? true : fail(ts);
}

static bool fk_action(struct toks *ts, enum model_fk_action *a)
{
	if (accept_words(ts, "SET NULL"))
		*a = FK_SET_NULL;
	else if (accept_words(ts, "SET DEFAULT"))
		*a = FK_SET_DEFAULT;
	else if (accept(ts, "CASCADE"))
		*a = FK_CASCADE;
	else if (accept(ts, "RESTRICT"))
		*a = FK_RESTRICT;
	else if (accept_words(ts, "NO ACTION"))
		*a = FK_NO_ACTION;
	else
		return fail(ts);
	return true;
}

/* REFERENCES table [(cols)] [ON DELETE|UPDATE action | MATCH name | [NOT] DEFERRABLE [INITIALLY ...]]... */
static bool references(struct table_text *tt, struct model_foreign_key *fk)
{
	struct toks *ts = &tt->ts;
	struct strbuf name = STRBUF_INIT;
	bool ok = false;

	if (!accept(ts, "REFERENCES") || !read_name(ts, &name))
		goto out;
	fk->ref_table = strbuf_detach(&name, NULL);
	if (accept_char(ts, '(')) {
		do {
			if (!read_name(ts, &name))
				goto out;
			model_names_add(&fk->ref_columns, name.buf);
		} while (accept_char(ts, ','));
		if (!accept_char(ts, ')'))
			goto out;
	}
	for (;;) {
		if (at_word(ts, "ON") && (is_word(ts, peek(ts, 1), "DELETE") || is_word(ts, peek(ts, 1), "UPDATE"))) {
			ts->i++;
			if (accept(ts, "DELETE")) {
				if (!fk_action(ts, &fk->on_delete))
					goto out;
			} else if (accept(ts, "UPDATE")) {
				if (!fk_action(ts, &fk->on_update))
					goto out;
			} else {
				goto out;
			}
		} else if (accept_words(ts, "ON INSERT")) {
			/* SQLite parses ON INSERT and ignores it */
			enum model_fk_action ignored;
			if (!fk_action(ts, &ignored))
				goto out;
		} else if (accept(ts, "MATCH")) {
			/* SQLite parses MATCH and ignores it: every key is MATCH SIMPLE */
			if (!read_name(ts, &name))
				goto out;
		} else if (accept_words(ts, "NOT DEFERRABLE")) {
			fk->deferrable = fk->initially_deferred = false;
			if (accept(ts, "INITIALLY") && !accept(ts, "DEFERRED") && !accept(ts, "IMMEDIATE"))
				goto out;
		} else if (accept(ts, "DEFERRABLE")) {
			fk->deferrable = true;
			fk->initially_deferred = false;
			if (accept(ts, "INITIALLY")) {
				if (accept(ts, "DEFERRED"))
					fk->initially_deferred = true;
				else if (!accept(ts, "IMMEDIATE"))
					goto out;
			}
		} else {
			break;
		}
	}
	ok = true;
out:
	strbuf_release(&name);
	return ok ? true : fail(ts);
}

/*
 * DEFAULT's value into c (and its text, when a literal, into *sql_text):
 * (expr) and CURRENT_TIMESTAMP and its kin are expressions; NULL is no
 * default; numbers, strings, TRUE/FALSE and a bare name (SQLite reads it as
 * a string) are literals.
 */
static bool default_value(struct toks *ts, struct model *m, struct model_column *c, char **sql_text)
{
	const PgQuery__ScanToken *t = peek(ts, 0), *n = peek(ts, 1);
	struct strbuf v = STRBUF_INIT;
	enum model_default_kind kind = DEFAULT_NONE;
	const char *s;
	size_t from;

	model_column_set_default(m, c, DEFAULT_NONE, NULL);
	free(*sql_text);
	*sql_text = NULL;
	if (!t)
		return fail(ts);
	s = ts->sql + t->start;
	from = (size_t)t->start;
	if (is_char(t, '(')) {
		if (!read_parens(ts, &v))
			return fail(ts);
		kind = DEFAULT_EXPR;
	} else if ((is_char(t, '-') || is_char(t, '+')) && n &&
		   (n->token == PG_QUERY__TOKEN__ICONST || n->token == PG_QUERY__TOKEN__FCONST)) {
		if (is_char(t, '-'))
			strbuf_addch(&v, '-');
		strbuf_add(&v, ts->sql + n->start, (size_t)(n->end - n->start));
		ts->i += 2;
		kind = DEFAULT_LITERAL;
	} else if ((is_char(t, '-') || is_char(t, '+')) && n) {
		/* a sign before something else (SQLite takes any term): an expression */
		ts->i++;
		if (!is_char(n, '('))
			ts->i++;
		else if (!read_parens(ts, NULL))
			return fail(ts);
		strbuf_add(&v, s, (size_t)ts->tok[ts->i - 1]->end - from);
		kind = DEFAULT_EXPR;
	} else if (t->token == PG_QUERY__TOKEN__ICONST || t->token == PG_QUERY__TOKEN__FCONST) {
		strbuf_add(&v, s, (size_t)(t->end - t->start));
		ts->i++;
		kind = DEFAULT_LITERAL;
	} else if (t->token == PG_QUERY__TOKEN__XCONST || t->token == PG_QUERY__TOKEN__BCONST) {
		strbuf_add(&v, s, (size_t)(t->end - t->start));
		ts->i++;
		kind = DEFAULT_EXPR;
	} else if (is_word(ts, t, "NULL")) {
		ts->i++;
		return true;
	} else if (is_word(ts, t, "TRUE") || is_word(ts, t, "FALSE")) {
		strbuf_addstr(&v, is_word(ts, t, "TRUE") ? "true" : "false");
		ts->i++;
		kind = DEFAULT_LITERAL;
	} else if (is_word(ts, t, "CURRENT_TIMESTAMP") || is_word(ts, t, "CURRENT_DATE") ||
		   is_word(ts, t, "CURRENT_TIME")) {
		strbuf_add(&v, s, (size_t)(t->end - t->start));
		ts->i++;
		kind = DEFAULT_EXPR;
	} else if (is_constraint_word(ts, t) || !read_name(ts, &v)) {
		return fail(ts);
	} else {
		kind = DEFAULT_LITERAL;
	}
	if (kind == DEFAULT_LITERAL) {
		size_t to = (size_t)ts->tok[ts->i - 1]->end;
		*sql_text = xstrndup(ts->sql + from, to - from);
	}
	model_column_set_default(m, c, kind, v.buf);
	strbuf_release(&v);
	return true;
}

/* The declared type: names (and [] suffixes) up to a constraint, then (args); NULL when there is none. */
static bool declared_type(struct toks *ts, char **decl)
{
	size_t from = 0, to = 0;
	struct strbuf skip = STRBUF_INIT;

	*decl = NULL;
	while (!at_end(ts) && !at_char(ts, ',') && !at_char(ts, ')') && !at_char(ts, '(') &&
	       !is_constraint_word(ts, peek(ts, 0))) {
		size_t start = (size_t)peek(ts, 0)->start;
		if (!read_name(ts, &skip)) {
			strbuf_release(&skip);
			return fail(ts);
		}
		if (!to)
			from = start;
		to = (size_t)ts->tok[ts->i - 1]->end;
	}
	strbuf_release(&skip);
	if (to && at_char(ts, '(')) {
		if (!read_parens(ts, NULL))
			return false;
		to = (size_t)ts->tok[ts->i - 1]->end;
	}
	if (to)
		*decl = xstrndup(ts->sql + from, to - from);
	return true;
}

/* One column definition: name, type, constraints. */
static bool column_def(struct table_text *tt)
{
	struct toks *ts = &tt->ts;
	struct table_read *tr = tt->tr;
	struct model_table *t = tr->t;
	struct strbuf name = STRBUF_INIT, cname = STRBUF_INIT, what = STRBUF_INIT;
	struct model_column *c;
	struct col_extra *x;
	size_t ci;
	bool named = false, ok = false;

	if (!read_name(ts, &name))
		goto out;
	c = add_column(tr, name.buf);
	ci = t->nr_columns - 1;
	x = &tr->cols[ci];
	if (!declared_type(ts, &x->decl))
		goto out;
	while (!at_end(ts) && !at_char(ts, ',') && !at_char(ts, ')')) {
		/* c and x stay valid: nothing adds a column until this one is read */
		const char *cn = named && cname.len ? cname.buf : NULL;
		if (accept(ts, "CONSTRAINT")) {
			if (!read_name(ts, &cname))
				goto out;
			named = true;
			continue;
		}
		if (accept_words(ts, "PRIMARY KEY")) {
			if (t->pk.name)
				goto out;
			t->pk.name = xstrdup(cn ? cn : "");
			model_names_add(&t->pk.columns, c->name);
			if (accept(ts, "ASC") || accept(ts, "DESC"))
				table_warn(tt, "the order of primary key column \"%s\" is not part of the model; left out",
					   c->name);
			if (!conflict_clause(tt, "the primary key"))
				goto out;
			if (accept(ts, "AUTOINCREMENT"))
				x->autoincrement = true;
		} else if (accept_words(ts, "NOT NULL")) {
			c->not_null = true;
			strbuf_reset(&what);
			strbuf_addf(&what, "NOT NULL of column \"%s\"", c->name);
			if (!conflict_clause(tt, what.buf))
				goto out;
		} else if (accept(ts, "NULL")) {
			if (!conflict_clause(tt, "NULL"))
				goto out;
		} else if (accept(ts, "UNIQUE")) {
			struct model_unique *u = model_table_add_unique(t);
			u->name = cn ? xstrdup(cn) : NULL;
			model_names_add(&u->columns, c->name);
			strbuf_reset(&what);
			strbuf_addf(&what, "UNIQUE of column \"%s\"", c->name);
			if (!conflict_clause(tt, what.buf))
				goto out;
		} else if (accept(ts, "CHECK")) {
			if (!read_parens(ts, &tt->scratch))
				goto out;
			add_check(tr, cn, tt->scratch.buf, c->name);
		} else if (accept(ts, "DEFAULT")) {
			if (!default_value(ts, tt->tr->m, c, &x->default_sql))
				goto out;
		} else if (accept(ts, "COLLATE")) {
			if (!read_name(ts, &tt->scratch))
				goto out;
			free(c->extra->collation);
			model_column_extra(c)->collation = collation_name(tt->scratch.buf);
		} else if (at_word(ts, "REFERENCES")) {
			struct model_foreign_key *fk = model_table_add_fk(t);
			fk->name = cn ? xstrdup(cn) : NULL;
			model_names_add(&fk->columns, c->name);
			if (!references(tt, fk))
				goto out;
		} else if (accept_words(ts, "GENERATED ALWAYS AS") || accept(ts, "AS")) {
			if (!read_parens(ts, &tt->scratch))
				goto out;
			free(c->extra->generated);
			model_column_extra(c)->generated = xstrdup(tt->scratch.buf);
			/* VIRTUAL is SQLite's default */
			c->generated_virtual = !accept(ts, "STORED");
			if (c->generated_virtual)
				accept(ts, "VIRTUAL");
		} else {
			goto out;
		}
		named = false;
	}
	ok = true;
out:
	strbuf_release(&name);
	strbuf_release(&cname);
	strbuf_release(&what);
	return ok ? true : fail(ts);
}

static bool at_table_constraint(const struct toks *ts)
{
	return at_word(ts, "CONSTRAINT") || at_word(ts, "PRIMARY") || at_word(ts, "UNIQUE") || at_word(ts, "CHECK") ||
	       at_word(ts, "FOREIGN");
}

/* One table constraint: [CONSTRAINT name] PRIMARY KEY | UNIQUE | CHECK | FOREIGN KEY. */
static bool table_constraint(struct table_text *tt)
{
	struct toks *ts = &tt->ts;
	struct table_read *tr = tt->tr;
	struct model_table *t = tr->t;
	struct strbuf cname = STRBUF_INIT, what = STRBUF_INIT;
	bool ok = false;
	const char *cn;

	if (accept(ts, "CONSTRAINT") && !read_name(ts, &cname))
		goto out;
	cn = cname.len ? cname.buf : NULL;
	if (cn)
		strbuf_addf(&what, "constraint \"%s\"", cn);
	if (accept_words(ts, "PRIMARY KEY")) {
		bool autoincrement = false;
		if (t->pk.name)
			goto out;
		t->pk.name = xstrdup(cn ? cn : "");
		if (!cn)
			strbuf_addstr(&what, "the primary key");
		if (!key_column_list(tt, &t->pk.columns, what.buf, &autoincrement) || !conflict_clause(tt, what.buf))
			goto out;
		if (autoincrement && t->pk.columns.nr == 1) {
			struct model_column *c = column_ci(t, t->pk.columns.items[0]);
			if (!c)
				goto out;
			tr->cols[c - t->columns].autoincrement = true;
		}
	} else if (accept(ts, "UNIQUE")) {
		struct model_unique *u = model_table_add_unique(t);
		u->name = cn ? xstrdup(cn) : NULL;
		if (!cn)
			strbuf_addstr(&what, "a unique constraint");
		if (!key_column_list(tt, &u->columns, what.buf, NULL) || !conflict_clause(tt, what.buf))
			goto out;
	} else if (accept(ts, "CHECK")) {
		if (!read_parens(ts, &tt->scratch))
			goto out;
		add_check(tr, cn, tt->scratch.buf, NULL);
	} else if (accept_words(ts, "FOREIGN KEY")) {
		struct model_foreign_key *fk = model_table_add_fk(t);
		fk->name = cn ? xstrdup(cn) : NULL;
		if (!accept_char(ts, '('))
			goto out;
		do {
			if (!read_name(ts, &tt->scratch))
				goto out;
			model_names_add(&fk->columns, tt->scratch.buf);
		} while (accept_char(ts, ','));
		if (!accept_char(ts, ')') || !references(tt, fk))
			goto out;
	} else {
		goto out;
	}
	ok = true;
out:
	strbuf_release(&cname);
	strbuf_release(&what);
	return ok ? true : fail(ts);
}

/* A check on one column (its only column reference), for PostgreSQL's name <table>_<column>_check. */
static char *check_column(const struct model_table *t, const char *expr)
{
	struct toks ts;
	struct strbuf name = STRBUF_INIT;
	const struct model_column *only = NULL;
	bool several = false;

	if (toks_init(&ts, expr) == 0) {
		while (!at_end(&ts) && !several) {
			const struct model_column *c = NULL;
			size_t at = ts.i;
			if (read_name(&ts, &name) && ts.sql[ts.tok[at]->start] != '\'')
				c = column_ci(t, name.buf);
			if (ts.i == at)
				ts.i++;
			if (c && only && c != only)
				several = true;
			else if (c)
				only = c;
		}
	}
	toks_release(&ts);
	strbuf_release(&name);
	return only && !several ? xstrdup(only->name) : NULL;
}

/*
 * Reads CREATE TABLE text into tr->t (empty), with its remarks into
 * warnings. Returns 0, or -1 when the text does not read (*near: the
 * offset + 1 where it stopped, 0 when it does not scan).
 */
static int parse_create_table(const char *sql, const char *schema, const char *name, struct table_read *tr,
			      struct strbuf *warnings, size_t *near)
{
	struct table_text tt = { .tr = tr, .schema = schema, .name = name, .warnings = warnings };
	struct toks *ts = &tt.ts;
	struct model_table *t = tr->t;
	int ret = -1;

	strbuf_init(&tt.scratch, 0);
	*near = 0;
	if (toks_init(ts, sql) < 0)
		goto out;
	if (!accept(ts, "CREATE"))
		goto fail;
	if (!accept(ts, "TEMP"))
		accept(ts, "TEMPORARY");
	if (!accept(ts, "TABLE"))
		goto fail;
	if (accept(ts, "IF") && !accept_words(ts, "NOT EXISTS"))
		goto fail;
	if (!read_qualified_name(ts, &tt.scratch) || !accept_char(ts, '('))
		goto fail;
	for (;;) {
		bool constraint = at_table_constraint(ts);
		if (constraint ? !table_constraint(&tt) : !column_def(&tt))
			goto fail;
		if (accept_char(ts, ','))
			continue;
		/* table constraints need no comma between them */
		if (constraint && at_table_constraint(ts))
			continue;
		break;
	}
	if (!accept_char(ts, ')'))
		goto fail;
	do {
		if (accept_words(ts, "WITHOUT ROWID"))
			t->sqlite_without_rowid = true;
		else if (accept(ts, "STRICT"))
			t->sqlite_strict = true;
		else if (!at_end(ts))
			goto fail;
	} while (accept_char(ts, ','));
	if (!at_end(ts))
		goto fail;

	/* names in constraints ignore case in SQLite: the model spells them as the columns do */
	if (t->pk.name && (!resolve_columns(t, &t->pk.columns) || has_duplicates(&t->pk.columns)))
		goto fail;
	for (size_t i = 0; i < t->nr_uniques; i++) {
		if (!resolve_columns(t, &t->uniques[i].columns))
			goto fail;
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		if (!resolve_columns(t, &t->fks[i].columns))
			goto fail;
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (!tr->check_cols[i])
			tr->check_cols[i] = check_column(t, t->checks[i].expr);
	}
	ret = 0;
	goto out;
fail:
	fail(ts);
	*near = ts->fail_at;
out:
	toks_release(ts);
	strbuf_release(&tt.scratch);
	return ret;
}

/* --- queries ------------------------------------------------------------------------------ */

struct rows {
	char **cells; /* owned: nrows * ncols values, row by row, NULL for SQL NULL */
	size_t nrows, alloc;
	int ncols;
};

static const char *cell(const struct rows *r, size_t row, int col)
{
	return r->cells[row * (size_t)r->ncols + (size_t)col];
}

static void rows_release(struct rows *r)
{
	for (size_t i = 0; i < r->nrows * (size_t)r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

/* Runs sql with up to two text parameters (?1, ?2; NULL: none) into out. Returns 0 or -1 with d set. */
static int query(sqlite3 *db, const char *sql, const char *p1, const char *p2, struct rows *out, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && p1)
		rc = sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && p2)
		rc = sqlite3_bind_text(st, 2, p2, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK) {
		out->ncols = sqlite3_column_count(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			size_t at = out->nrows * (size_t)out->ncols;
			ALLOC_GROW(out->cells, at + (size_t)out->ncols, out->alloc);
			for (int c = 0; c < out->ncols; c++) {
				const unsigned char *v = sqlite3_column_text(st, c);
				out->cells[at + (size_t)c] = v ? xstrdup((const char *)v) : NULL;
			}
			out->nrows++;
		}
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		diag_error(d, "cannot read the database's schema: %s (SQLite error %d)", sqlite3_errmsg(db),
			   sqlite3_extended_errcode(db));
		rows_release(out);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Where reading stopped (offset at): near "up to 24 characters", on one line, or at its end. */
static void near_text(const char *sql, size_t at, struct strbuf *out)
{
	strbuf_reset(out);
	if (!sql[at]) {
		strbuf_addstr(out, "at its end");
		return;
	}
	strbuf_addstr(out, "near \"");
	for (size_t i = 0; i < 24 && sql[at + i]; i++)
		strbuf_addch(out, (unsigned char)sql[at + i] < ' ' ? ' ' : sql[at + i]);
	strbuf_addch(out, '"');
}

/* --- the reader ------------------------------------------------------------------------- */

struct reader {
	sqlite3 *db;
	struct model *m;
	const char *app;
	struct strbuf *warnings;
	struct diag *d;
	const char *dbname; /* the database being read: "main" or an attached one */
	const char *schema; /* its schema in the model: "" for main */
	struct table_read *tables; /* the tables of the database being read */
	size_t nr_tables, alloc_tables;
};

static void reader_reset_tables(struct reader *r)
{
	for (size_t i = 0; i < r->nr_tables; i++)
		table_read_release(&r->tables[i]);
	r->nr_tables = 0;
}

static struct table_read *find_table(struct reader *r, const char *name)
{
	struct table_read *hit = NULL;

	for (size_t i = 0; i < r->nr_tables; i++) {
		if (strcmp(r->tables[i].t->name, name) == 0)
			return &r->tables[i];
		if (!hit && strcasecmp(r->tables[i].t->name, name) == 0)
			hit = &r->tables[i];
	}
	return hit;
}

static bool valid_name(const char *name)
{
	return name[0] && strlen(name) <= MODEL_MAX_IDENT;
}

/* A default from PRAGMA table_xinfo's text, read as a DEFAULT clause. */
static void pragma_default(const char *text, struct model *m, struct model_column *c, struct col_extra *x)
{
	struct toks ts;

	if (toks_init(&ts, text) == 0 && default_value(&ts, m, c, &x->default_sql) && at_end(&ts)) {
		toks_release(&ts);
		return;
	}
	toks_release(&ts);
	/* not one value: an expression as SQLite shows it */
	free(x->default_sql);
	x->default_sql = NULL;
	model_column_set_default(m, c, DEFAULT_EXPR, text);
}

static enum model_fk_action pragma_action(const char *s)
{
	if (!s)
		return FK_NO_ACTION;
	if (strcasecmp(s, "CASCADE") == 0)
		return FK_CASCADE;
	if (strcasecmp(s, "RESTRICT") == 0)
		return FK_RESTRICT;
	if (strcasecmp(s, "SET NULL") == 0)
		return FK_SET_NULL;
	if (strcasecmp(s, "SET DEFAULT") == 0)
		return FK_SET_DEFAULT;
	return FK_NO_ACTION;
}

/*
 * A table whose text does not read, from SQLite's PRAGMAs: columns, primary
 * key, unique constraints and foreign keys, but no checks, collations or
 * identity.
 */
static int read_table_pragmas(struct reader *r, struct table_read *tr)
{
	struct model_table *t = tr->t;
	struct rows cols, ixs, fks;

	if (query(r->db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1, ?2) "
			 "ORDER BY cid", t->name, r->dbname, &cols, r->d) < 0)
		return -1;
	for (size_t i = 0; i < cols.nrows; i++) {
		struct model_column *c;
		long hidden = strtol(cell(&cols, i, 5), NULL, 10);
		if (hidden == 1)
			continue; /* a virtual table's hidden column */
		c = add_column(tr, cell(&cols, i, 0));
		if (cell(&cols, i, 1) && cell(&cols, i, 1)[0])
			tr->cols[tr->nr_cols - 1].decl = xstrdup(cell(&cols, i, 1));
		tr->cols[tr->nr_cols - 1].decl_from_pragma = true;
		c->not_null = strcmp(cell(&cols, i, 2), "0") != 0;
		if (cell(&cols, i, 3))
			pragma_default(cell(&cols, i, 3), tr->m, c, &tr->cols[tr->nr_cols - 1]);
		if (hidden == 2 || hidden == 3) {
			struct strbuf w = STRBUF_INIT;
			qname(&w, r->schema, t->name);
			warn(r->warnings, "column %s.\"%s\" is a generated column; the model has no such thing, "
			     "so it is read as a plain column", w.buf, c->name);
			strbuf_release(&w);
		}
	}
	/* the primary key, in its order */
	for (long k = 1; k <= (long)cols.nrows; k++) {
		for (size_t i = 0; i < cols.nrows; i++) {
			if (strtol(cell(&cols, i, 4), NULL, 10) == k) {
				if (!t->pk.name)
					t->pk.name = xstrdup("");
				model_names_add(&t->pk.columns, cell(&cols, i, 0));
			}
		}
	}
	rows_release(&cols);

	if (query(r->db, "SELECT l.name, i.name FROM pragma_index_list(?1, ?2) l, "
			 "pragma_index_info(l.name, ?2) i WHERE l.origin = 'u' ORDER BY l.seq, i.seqno",
		  t->name, r->dbname, &ixs, r->d) < 0)
		return -1;
	for (size_t i = 0; i < ixs.nrows; i++) {
		struct model_unique *u;
		if (!cell(&ixs, i, 1))
			continue;
		if (i == 0 || strcmp(cell(&ixs, i, 0), cell(&ixs, i - 1, 0)) != 0)
			model_table_add_unique(t);
		u = &t->uniques[t->nr_uniques - 1];
		model_names_add(&u->columns, cell(&ixs, i, 1));
	}
	rows_release(&ixs);

	if (query(r->db, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
			 "FROM pragma_foreign_key_list(?1, ?2) ORDER BY id, seq",
		  t->name, r->dbname, &fks, r->d) < 0)
		return -1;
	for (size_t i = 0; i < fks.nrows; i++) {
		struct model_foreign_key *fk;
		if (i == 0 || strcmp(cell(&fks, i, 0), cell(&fks, i - 1, 0)) != 0) {
			fk = model_table_add_fk(t);
			fk->ref_table = xstrdup(cell(&fks, i, 1));
			fk->on_update = pragma_action(cell(&fks, i, 4));
			fk->on_delete = pragma_action(cell(&fks, i, 5));
		}
		fk = &t->fks[t->nr_fks - 1];
		model_names_add(&fk->columns, cell(&fks, i, 2));
		if (cell(&fks, i, 3))
			model_names_add(&fk->ref_columns, cell(&fks, i, 3));
	}
	rows_release(&fks);
	return 0;
}

/* Does the text's column list agree with SQLite's own (PRAGMA table_xinfo)? -1 on error. */
static int same_columns(struct reader *r, const struct model_table *t)
{
	struct rows cols;
	int same;

	if (query(r->db, "SELECT name FROM pragma_table_xinfo(?1, ?2) WHERE hidden <> 1 ORDER BY cid", t->name,
		  r->dbname, &cols, r->d) < 0)
		return -1;
	same = cols.nrows == t->nr_columns;
	for (size_t i = 0; same && i < cols.nrows; i++)
		same = cell(&cols, i, 0) && strcmp(cell(&cols, i, 0), t->columns[i].name) == 0;
	rows_release(&cols);
	return same;
}

/* One table: from its text, else from the PRAGMAs; added to m and to r->tables. */
static int read_table(struct reader *r, const char *name, const char *sql)
{
	struct model scratch;
	struct table_read tr = { 0 };
	struct strbuf remarks = STRBUF_INIT, w = STRBUF_INIT;
	size_t near = 0;
	int ret = -1, same;
	const char *why = NULL; /* why the text is not used */

	qname(&w, r->schema, name);
	model_init(&scratch);
	/* the columns' names are r->m's from the start: a table kept moves without them */
	tr.m = r->m;
	tr.t = model_add_table(&scratch);
	tr.t->name = xstrdup(name);
	if (parse_create_table(sql, r->schema, name, &tr, &remarks, &near) < 0) {
		why = near ? "does not read" : "does not scan";
	} else {
		same = same_columns(r, tr.t);
		if (same < 0)
			goto out;
		if (!same)
			why = "does not read as SQLite reads it";
	}
	for (size_t i = 0; !why && i < tr.t->nr_columns; i++) {
		if (!valid_name(tr.t->columns[i].name)) {
			warn(r->warnings, "table %s: column name \"%s\" is empty or longer than %d bytes, which "
			     "PostgreSQL refuses; the table is skipped", w.buf, tr.t->columns[i].name, MODEL_MAX_IDENT);
			ret = 0;
			goto out;
		}
	}
	if (!why) {
		struct model_table *t = model_add_table(r->m);
		/* the table moves from the scratch model into m: its contents change owner */
		*t = *tr.t;
		memset(tr.t, 0, sizeof(*tr.t));
		tr.t = t;
		strbuf_add(r->warnings, remarks.buf, remarks.len);
	} else {
		if (near) {
			near_text(sql, near - 1, &remarks);
			warn(r->warnings, "table %s: its definition %s %s; it is read from SQLite's "
			     "PRAGMAs instead (no checks, collations or identity)", w.buf, why, remarks.buf);
		}
		else
			warn(r->warnings, "table %s: its definition %s; it is read from SQLite's PRAGMAs instead "
			     "(no checks, collations or identity)", w.buf, why);
		table_read_release(&tr);
		tr.m = r->m;
		tr.t = model_add_table(r->m);
		tr.t->name = xstrdup(name);
		if (read_table_pragmas(r, &tr) < 0)
			goto out;
	}
	tr.t->schema = xstrdup(r->schema);
	tr.t->app = xstrdup(r->app);
	ALLOC_GROW(r->tables, r->nr_tables + 1, r->alloc_tables);
	r->tables[r->nr_tables++] = tr;
	memset(&tr, 0, sizeof(tr));
	ret = 0;
out:
	table_read_release(&tr);
	model_release(&scratch);
	strbuf_release(&remarks);
	strbuf_release(&w);
	return ret;
}

/* --- CREATE INDEX ------------------------------------------------------------------------- */

/* Tokens [from, to) of ts: is it one name, and which? */
static bool one_name(struct toks *ts, size_t from, size_t to, struct strbuf *name)
{
	size_t save = ts->i;
	bool ok;

	ts->i = from;
	ok = read_name(ts, name) && ts->i == to && ts->sql[ts->tok[from]->start] != '\'';
	ts->i = save;
	return ok;
}

/* Does '(' at token from close at token to - 1, so that the parentheses wrap the whole? */
static bool wrapped(const struct toks *ts, size_t from, size_t to)
{
	int depth = 0;

	if (to - from < 2 || !is_char(ts->tok[from], '(') || !is_char(ts->tok[to - 1], ')'))
		return false;
	for (size_t i = from; i < to; i++) {
		if (is_char(ts->tok[i], '('))
			depth++;
		else if (is_char(ts->tok[i], ')') && --depth == 0)
			return i == to - 1;
	}
	return false;
}

/* One key of an index: tokens [from, to): a column or an expression, [COLLATE name] [ASC|DESC]. */
static bool index_key(struct toks *ts, size_t from, size_t to, const struct model_table *t, struct model_index *ix)
{
	struct model_index_key *key;
	struct strbuf name = STRBUF_INIT;
	const struct model_column *c = NULL;
	size_t start, end;

	if (to <= from)
		return fail(ts);
	key = model_index_add_key(ix);
	if (is_word(ts, ts->tok[to - 1], "DESC")) {
		key->sort = SORT_DESC;
		to--;
	} else if (is_word(ts, ts->tok[to - 1], "ASC")) {
		to--;
	}
	if (to - from >= 3 && is_word(ts, ts->tok[to - 2], "COLLATE") && one_name(ts, to - 1, to, &name)) {
		key->collation = collation_name(name.buf);
		to -= 2;
	}
	/* parentheses make no expression of a column in SQLite: ((a)) is column a */
	for (;;) {
		if (one_name(ts, from, to, &name))
			c = column_ci(t, name.buf);
		if (c || !wrapped(ts, from, to))
			break;
		from++;
		to--;
	}
	if (c) {
		key->column = xstrdup(c->name);
	} else {
		if (to <= from) {
			strbuf_release(&name);
			return fail(ts);
		}
		start = (size_t)ts->tok[from]->start;
		end = (size_t)ts->tok[to - 1]->end;
		strbuf_reset(&name);
		add_trimmed(&name, ts->sql + start, end - start);
		key->expr = strbuf_detach(&name, NULL);
	}
	strbuf_release(&name);
	return true;
}

/* Reads CREATE INDEX text into ix (zeroed) for table t. Returns 0, or -1 (*near as parse_create_table()). */
static int parse_create_index(const char *sql, const struct model_table *t, struct model_index *ix, size_t *near)
{
	struct toks ts;
	struct strbuf name = STRBUF_INIT;
	int ret = -1;

	*near = 0;
	if (toks_init(&ts, sql) < 0)
		goto out;
	if (!accept(&ts, "CREATE"))
		goto fail;
	ix->unique = accept(&ts, "UNIQUE");
	if (!accept(&ts, "INDEX") || (accept(&ts, "IF") && !accept_words(&ts, "NOT EXISTS")) ||
	    !read_qualified_name(&ts, &name) || !accept(&ts, "ON") || !read_name(&ts, &name) ||
	    !at_char(&ts, '('))
		goto fail;
	ts.i++;
	for (;;) {
		size_t from = ts.i;
		int depth = 0;
		while (!at_end(&ts) && (depth > 0 || (!at_char(&ts, ',') && !at_char(&ts, ')')))) {
			if (at_char(&ts, '('))
				depth++;
			else if (at_char(&ts, ')'))
				depth--;
			ts.i++;
		}
		if (at_end(&ts) || !index_key(&ts, from, ts.i, t, ix))
			goto fail;
		if (accept_char(&ts, ')'))
			break;
		ts.i++; /* the ',' */
	}
	if (accept(&ts, "WHERE")) {
		if (at_end(&ts))
			goto fail;
		strbuf_reset(&name);
		add_trimmed(&name, sql + ts.tok[ts.i]->start, strlen(sql) - (size_t)ts.tok[ts.i]->start);
		ix->where = strbuf_detach(&name, NULL);
		ts.i = ts.n;
	}
	if (!at_end(&ts))
		goto fail;
	ret = 0;
	goto out;
fail:
	fail(&ts);
	*near = ts.fail_at;
out:
	toks_release(&ts);
	strbuf_release(&name);
	return ret;
}

/*
 * An index whose text does not read, from SQLite's PRAGMAs into ix (zeroed):
 * *ok only when its keys are columns and it is not partial (the PRAGMAs do
 * not show expressions or predicates). Returns 0, or -1 with r->d set.
 */
static int read_index_pragmas(struct reader *r, const char *name, const struct model_table *t,
			      struct model_index *ix, bool *ok)
{
	struct rows list, info;
	bool found = false, partial = false;

	*ok = false;
	if (query(r->db, "SELECT name, \"unique\", partial FROM pragma_index_list(?1, ?2)", t->name, r->dbname, &list,
		  r->d) < 0)
		return -1;
	for (size_t i = 0; i < list.nrows; i++) {
		if (cell(&list, i, 0) && strcmp(cell(&list, i, 0), name) == 0) {
			found = true;
			ix->unique = strcmp(cell(&list, i, 1), "0") != 0;
			partial = strcmp(cell(&list, i, 2), "0") != 0;
		}
	}
	rows_release(&list);
	if (!found || partial)
		return 0;
	if (query(r->db, "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?1, ?2) WHERE key = 1 ORDER BY seqno",
		  name, r->dbname, &info, r->d) < 0)
		return -1;
	*ok = info.nrows > 0;
	for (size_t i = 0; *ok && i < info.nrows; i++) {
		const struct model_column *c = cell(&info, i, 1) ? column_ci(t, cell(&info, i, 1)) : NULL;
		struct model_index_key *key;
		if (!c || strtol(cell(&info, i, 0), NULL, 10) < 0) {
			*ok = false;
			break;
		}
		key = model_index_add_key(ix);
		key->column = xstrdup(c->name);
		if (strcmp(cell(&info, i, 2), "0") != 0)
			key->sort = SORT_DESC;
	}
	rows_release(&info);
	return 0;
}

/* One index (its text, else the PRAGMAs), added to its table. */
static int read_index(struct reader *r, const char *name, struct table_read *tr, const char *sql)
{
	struct model_index ix = { 0 };
	struct strbuf w = STRBUF_INIT;
	size_t near;
	bool ok = true;
	int ret = -1;

	strbuf_addf(&w, "index \"%s\" on table ", name);
	qname(&w, r->schema, tr->t->name);
	if (!valid_name(name)) {
		warn(r->warnings, "%s: the name is longer than %d bytes, which PostgreSQL refuses; skipped", w.buf,
		     MODEL_MAX_IDENT);
		ret = 0;
		goto out;
	}
	if (parse_create_index(sql, tr->t, &ix, &near) < 0) {
		model_index_release(&ix);
		if (read_index_pragmas(r, name, tr->t, &ix, &ok) < 0)
			goto out;
		if (near && ok) {
			struct strbuf at = STRBUF_INIT;
			near_text(sql, near - 1, &at);
			warn(r->warnings, "%s: its definition does not read %s; it is read from SQLite's "
			     "PRAGMAs instead", w.buf, at.buf);
			strbuf_release(&at);
		}
		else if (ok)
			warn(r->warnings, "%s: its definition does not scan; it is read from SQLite's PRAGMAs instead",
			     w.buf);
		else
			warn(r->warnings, "%s: its definition does not read%s, and SQLite's PRAGMAs do not show "
			     "its expressions or predicate; skipped", w.buf, near ? "" : " (it does not scan)");
	}
	if (ok) {
		ix.name = xstrdup(name);
		*model_table_add_index(tr->t) = ix;
		memset(&ix, 0, sizeof(ix));
	}
	ret = 0;
out:
	model_index_release(&ix);
	strbuf_release(&w);
	return ret;
}

/* --- enums, types, keys, names ------------------------------------------------------------ */

/* The name a declared type gives when it is one name, "quoted" or bare (dialect_sqlite_append_ident()'s spellings). */
static bool decl_single_name(const char *decl, struct strbuf *name)
{
	struct toks ts;
	bool ok;

	if (!decl)
		return false;
	if (toks_init(&ts, decl) < 0) {
		toks_release(&ts);
		return false;
	}
	ok = ts.n == 1 && ts.tok[0]->token != PG_QUERY__TOKEN__SCONST && read_name(&ts, name) && at_end(&ts);
	toks_release(&ts);
	return ok;
}

/* When check expression expr is `column IN ('a', 'b', ...)` on column c: its values into vals. */
static bool enum_check_values(const char *expr, const struct model_table *t, const struct model_column *c,
			      struct model_names *vals)
{
	struct toks ts;
	struct strbuf s = STRBUF_INIT;
	bool ok = false;

	if (toks_init(&ts, expr) < 0)
		goto out;
	if (!read_name(&ts, &s) || column_ci(t, s.buf) != c || !accept(&ts, "IN") || !accept_char(&ts, '('))
		goto out;
	do {
		const PgQuery__ScanToken *v = peek(&ts, 0);
		if (!v || v->token != PG_QUERY__TOKEN__SCONST || ts.sql[v->start] != '\'')
			goto out;
		strbuf_reset(&s);
		if (!sqlscan_unquote(ts.sql, (size_t)v->start, &s))
			goto out;
		if (!valid_name(s.buf) || model_names_find(vals, s.buf) >= 0)
			goto out;
		model_names_add(vals, s.buf);
		ts.i++;
	} while (accept_char(&ts, ','));
	ok = accept_char(&ts, ')') && at_end(&ts);
out:
	toks_release(&ts);
	strbuf_release(&s);
	return ok;
}

static int cmp_reads(const void *a, const void *b)
{
	const struct table_read *x = *(struct table_read *const *)a, *y = *(struct table_read *const *)b;

	return strcmp(x->t->name, y->t->name);
}

/*
 * mig's enums: a column whose declared type names no type and that has a
 * check "mig_enum_<column>" listing values is of the enum of that name in
 * its schema, and the check is the enum's, not a check. The first table in
 * name order gives an enum its values (as model_sqlite_normalize() does);
 * a column whose check lists others keeps its check, with a raw type.
 */
static void read_enums(struct reader *r)
{
	struct table_read **order = xcalloc(r->nr_tables + 1, sizeof(*order));
	struct strbuf check = STRBUF_INIT, ename = STRBUF_INIT, w = STRBUF_INIT;

	for (size_t i = 0; i < r->nr_tables; i++)
		order[i] = &r->tables[i];
	qsort(order, r->nr_tables, sizeof(*order), cmp_reads);
	for (size_t i = 0; i < r->nr_tables; i++) {
		struct table_read *tr = order[i];
		struct model_table *t = tr->t;
		for (size_t k = 0; k < t->nr_columns; k++) {
			struct model_column *c = &t->columns[k], probe = { .extra = &model_column_no_extra };
			struct model_names vals = { 0 };
			struct model_enum *e;
			size_t ck = t->nr_checks;
			enum model_sqlite_decl kind;

			strbuf_reset(&check);
			strbuf_addf(&check, "mig_enum_%s", c->name);
			for (size_t j = 0; j < t->nr_checks && ck == t->nr_checks; j++) {
				if (t->checks[j].name && strcmp(t->checks[j].name, check.buf) == 0)
					ck = j;
			}
			if (ck == t->nr_checks || !decl_single_name(tr->cols[k].decl, &ename) || !valid_name(ename.buf))
				continue;
			kind = model_sqlite_decl_type(tr->cols[k].decl, NULL, "", &probe);
			model_column_release(&probe);
			if (kind != SQLITE_DECL_RAW || find_table(r, ename.buf) ||
			    !enum_check_values(t->checks[ck].expr, t, c, &vals)) {
				model_names_release(&vals);
				continue;
			}
			e = model_find_enum(r->m, r->schema, ename.buf);
			if (e && !model_names_equal(&e->values, &vals)) {
				strbuf_reset(&w);
				qname(&w, r->schema, t->name);
				warn(r->warnings, "table %s: column \"%s\" lists other values than enum \"%s\" (as an "
				     "earlier column reads); it keeps a raw type and its check \"%s\"", w.buf, c->name,
				     ename.buf, check.buf);
				tr->cols[k].enum_clash = true;
				model_names_release(&vals);
				continue;
			}
			if (!e) {
				e = model_add_enum(r->m);
				e->schema = xstrdup(r->schema);
				e->name = xstrdup(ename.buf);
				e->app = xstrdup(r->app);
				e->values = vals;
			} else {
				model_names_release(&vals);
			}
			remove_check(tr, ck);
		}
	}
	free(order);
	strbuf_release(&check);
	strbuf_release(&ename);
	strbuf_release(&w);
}

/* Types from the declared types, identity, and literal defaults the types take. */
static void read_types(struct reader *r)
{
	struct strbuf w = STRBUF_INIT;

	for (size_t i = 0; i < r->nr_tables; i++) {
		struct table_read *tr = &r->tables[i];
		struct model_table *t = tr->t;
		for (size_t k = 0; k < t->nr_columns; k++) {
			struct model_column *c = &t->columns[k];
			struct col_extra *x = &tr->cols[k];

			strbuf_reset(&w);
			qname(&w, r->schema, t->name);
			/* a key column SQLite has without NOT NULL (model.h, declared_nullable) */
			if (!c->not_null && t->pk.name && model_names_find(&t->pk.columns, c->name) >= 0)
				c->declared_nullable = true;
			if (x->autoincrement && t->pk.name && t->pk.columns.nr == 1 &&
			    strcmp(t->pk.columns.items[0], c->name) == 0) {
				/* the rowid: 64 bits, given when an insert leaves it out */
				c->type.kind = TYPE_BIGINT;
				c->identity = IDENTITY_BY_DEFAULT;
				c->not_null = true;
				if (c->default_kind != DEFAULT_NONE) {
					warn(r->warnings, "table %s: column \"%s\" is AUTOINCREMENT and has a default, "
					     "which an identity column cannot have; the default is left out", w.buf, c->name);
					model_column_set_default(r->m, c, DEFAULT_NONE, NULL);
				}
			} else {
				model_sqlite_decl_type(x->decl, x->enum_clash ? NULL : r->m, r->schema, c);
				if (!x->decl_from_pragma)
					model_sqlite_keep_spelling(t, c, x->decl);
			}
			if (c->extra->collation && !valid_name(c->extra->collation)) {
				warn(r->warnings, "table %s: the collation of column \"%s\" has a name PostgreSQL refuses; "
				     "left out", w.buf, c->name);
				free(c->extra->collation);
				model_column_extra(c)->collation = NULL;
				model_column_extra_done(c);
			}
			if (c->default_kind == DEFAULT_LITERAL) {
				struct diag ignore = DIAG_INIT;
				if (model_column_check_default(r->m, r->m, c, &ignore) < 0) {
					/* a literal the type refuses: the expression it is */
					struct strbuf sql = STRBUF_INIT;
					if (x->default_sql)
						strbuf_addstr(&sql, x->default_sql);
					else
						dialect_sqlite_append_literal(&sql, c->default_value);
					model_column_set_default(r->m, c, DEFAULT_EXPR, sql.buf);
					strbuf_release(&sql);
				}
				diag_release(&ignore);
			}
		}
	}
	strbuf_release(&w);
}

/* Do cols (as a set) match t's primary key, a unique constraint or a plain unique index? */
static bool unique_on(const struct model_table *t, const struct model_names *cols)
{
	bool hit;

	if (t->pk.name && t->pk.columns.nr == cols->nr) {
		hit = true;
		for (size_t i = 0; i < cols->nr; i++)
			hit = hit && model_names_find(&t->pk.columns, cols->items[i]) >= 0;
		if (hit)
			return true;
	}
	for (size_t u = 0; u < t->nr_uniques; u++) {
		if (t->uniques[u].columns.nr != cols->nr)
			continue;
		hit = true;
		for (size_t i = 0; i < cols->nr; i++)
			hit = hit && model_names_find(&t->uniques[u].columns, cols->items[i]) >= 0;
		if (hit)
			return true;
	}
	for (size_t x = 0; x < t->nr_indexes; x++) {
		const struct model_index *ix = &t->indexes[x];
		if (!ix->unique || ix->where || ix->nr_keys != cols->nr)
			continue;
		hit = true;
		for (size_t k = 0; k < ix->nr_keys; k++)
			hit = hit && ix->keys[k].column && model_names_find(cols, ix->keys[k].column) >= 0;
		if (hit)
			return true;
	}
	return false;
}

/* Unique constraints and foreign keys the model would refuse are skipped, each with a warning. */
static void check_keys(struct reader *r)
{
	struct strbuf w = STRBUF_INIT, why = STRBUF_INIT;

	for (size_t i = 0; i < r->nr_tables; i++) {
		struct model_table *t = r->tables[i].t;
		strbuf_reset(&w);
		qname(&w, r->schema, t->name);
		for (size_t u = 0; u < t->nr_uniques;) {
			if (has_duplicates(&t->uniques[u].columns)) {
				warn(r->warnings, "table %s: a unique constraint names a column twice; skipped", w.buf);
				remove_unique(t, u);
			} else {
				u++;
			}
		}
	}
	for (size_t i = 0; i < r->nr_tables; i++) {
		struct model_table *t = r->tables[i].t;
		strbuf_reset(&w);
		qname(&w, r->schema, t->name);
		for (size_t f = 0; f < t->nr_fks;) {
			struct model_foreign_key *fk = &t->fks[f];
			struct table_read *ref = find_table(r, fk->ref_table);

			strbuf_reset(&why);
			if (!ref) {
				strbuf_addf(&why, "references table \"%s\", which is not a table of the model", fk->ref_table);
			} else {
				free(fk->ref_table);
				fk->ref_table = xstrdup(ref->t->name);
				if (!fk->ref_columns.nr && !ref->t->pk.name)
					strbuf_addf(&why, "references table \"%s\", which has no primary key", fk->ref_table);
				else if (!fk->ref_columns.nr)
					for (size_t k = 0; k < ref->t->pk.columns.nr; k++)
						model_names_add(&fk->ref_columns, ref->t->pk.columns.items[k]);
				if (!why.len && !resolve_columns(ref->t, &fk->ref_columns))
					strbuf_addf(&why, "references a column table \"%s\" does not have", fk->ref_table);
				else if (!why.len && fk->ref_columns.nr != fk->columns.nr)
					strbuf_addf(&why, "has %zu columns but references %zu", fk->columns.nr,
						    fk->ref_columns.nr);
				else if (!why.len && (has_duplicates(&fk->columns) || has_duplicates(&fk->ref_columns)))
					strbuf_addstr(&why, "names a column twice");
				else if (!why.len && !unique_on(ref->t, &fk->ref_columns))
					strbuf_addf(&why, "references columns of table \"%s\" that no primary key or unique "
						    "constraint covers", fk->ref_table);
			}
			if (why.len) {
				warn(r->warnings, "table %s: foreign key%s%s%s %s; the model refuses it, so it is skipped",
				     w.buf, fk->name ? " \"" : "", fk->name ? fk->name : "", fk->name ? "\"" : "", why.buf);
				remove_fk(t, f);
				continue;
			}
			free(fk->ref_schema);
			fk->ref_schema = xstrdup(r->schema);
			f++;
		}
	}
	strbuf_release(&w);
	strbuf_release(&why);
}

static bool taken(const struct strmap *a, const struct strmap *b, const char *name)
{
	return strmap_get(a, name) || (b && strmap_get(b, name));
}

/*
 * Can a constraint of table tname (for messages) keep its name? Not when
 * PostgreSQL refuses it or another object (what: "constraint of the
 * table") has it: a warning then.
 */
static bool name_free(struct reader *r, const struct strmap *a, const struct strmap *b, const char *tname,
		      const char *kind, const char *name, const char *what)
{
	if (!valid_name(name))
		warn(r->warnings, "table %s: %s name \"%s\" is longer than %d bytes, which PostgreSQL refuses; "
		     "PostgreSQL's default name is used", tname, kind, name, MODEL_MAX_IDENT);
	else if (taken(a, b, name))
		warn(r->warnings, "table %s: %s name \"%s\" is the name of another %s, which PostgreSQL refuses; "
		     "PostgreSQL's default name is used", tname, kind, name, what);
	else
		return true;
	return false;
}

/* The names taken: one map, or two. */
struct taken_in {
	const struct strmap *a, *b;
};

static bool taken_in(const char *name, void *ctx)
{
	const struct taken_in *in = ctx;

	return taken(in->a, in->b, name);
}

/* PostgreSQL's name for an unnamed constraint, free in a (and b): <table>[_<cols>]_<label>[N]. */
static char *choose_name(const struct strmap *a, const struct strmap *b, const char *table, const char *cols,
			 const char *label)
{
	struct taken_in in = { a, b };

	return model_choose_name(table, cols, label, taken_in, &in);
}

static void join_names(const struct model_names *n, struct strbuf *out)
{
	strbuf_reset(out);
	model_join_names(n, out);
}

/*
 * Names as the model wants them: SQLite keeps constraint names only as
 * text and never checks them, PostgreSQL (and the model) keeps primary
 * keys, unique constraints, indexes and tables in one namespace per
 * schema, and every constraint name once per table. A name the model would
 * refuse (taken, empty, too long) is dropped with a warning; every unnamed
 * constraint gets PostgreSQL's default name.
 */
static void name_objects(struct reader *r)
{
	struct strmap rel = STRMAP_INIT;
	struct strbuf w = STRBUF_INIT, cols = STRBUF_INIT;
	void *mark = &rel;

	for (size_t i = 0; i < r->nr_tables; i++)
		strmap_put(&rel, r->tables[i].t->name, mark);
	for (size_t i = 0; i < r->nr_tables; i++) {
		const struct model_table *t = r->tables[i].t;
		for (size_t x = 0; x < t->nr_indexes; x++)
			strmap_put(&rel, t->indexes[x].name, mark);
	}
	for (size_t i = 0; i < r->nr_tables; i++) {
		struct model_table *t = r->tables[i].t;
		strbuf_reset(&w);
		qname(&w, r->schema, t->name);
		if (t->pk.name && t->pk.name[0]) {
			if (!name_free(r, &rel, NULL, w.buf, "primary key", t->pk.name, "table, index or key of its schema"))
				t->pk.name[0] = '\0';
			else
				strmap_put(&rel, t->pk.name, mark);
		}
		for (size_t u = 0; u < t->nr_uniques; u++) {
			char **name = &t->uniques[u].name;
			if (!*name)
				continue;
			if (!name_free(r, &rel, NULL, w.buf, "unique constraint", *name, "table, index or key of its schema")) {
				free(*name);
				*name = NULL;
			} else {
				strmap_put(&rel, *name, mark);
			}
		}
	}
	for (size_t i = 0; i < r->nr_tables; i++) {
		struct table_read *tr = &r->tables[i];
		struct model_table *t = tr->t;
		struct strmap cons = STRMAP_INIT;

		strbuf_reset(&w);
		qname(&w, r->schema, t->name);
		if (t->pk.name && t->pk.name[0])
			strmap_put(&cons, t->pk.name, mark);
		for (size_t u = 0; u < t->nr_uniques; u++) {
			if (t->uniques[u].name)
				strmap_put(&cons, t->uniques[u].name, mark);
		}
		for (size_t f = 0; f < t->nr_fks + t->nr_checks; f++) {
			char **name = f < t->nr_fks ? &t->fks[f].name : &t->checks[f - t->nr_fks].name;
			if (!*name)
				continue;
			if (!name_free(r, &cons, NULL, w.buf, f < t->nr_fks ? "foreign key" : "check constraint", *name,
				       "constraint of the table")) {
				free(*name);
				*name = NULL;
			} else {
				strmap_put(&cons, *name, mark);
			}
		}
		if (t->pk.name && !t->pk.name[0]) {
			free(t->pk.name);
			t->pk.name = choose_name(&rel, &cons, t->name, NULL, "pkey");
			strmap_put(&rel, t->pk.name, mark);
			strmap_put(&cons, t->pk.name, mark);
		}
		for (size_t u = 0; u < t->nr_uniques; u++) {
			if (t->uniques[u].name)
				continue;
			join_names(&t->uniques[u].columns, &cols);
			t->uniques[u].name = choose_name(&rel, &cons, t->name, cols.buf, "key");
			strmap_put(&rel, t->uniques[u].name, mark);
			strmap_put(&cons, t->uniques[u].name, mark);
		}
		for (size_t f = 0; f < t->nr_fks; f++) {
			if (t->fks[f].name)
				continue;
			join_names(&t->fks[f].columns, &cols);
			t->fks[f].name = choose_name(&cons, NULL, t->name, cols.buf, "fkey");
			strmap_put(&cons, t->fks[f].name, mark);
		}
		for (size_t k = 0; k < t->nr_checks; k++) {
			if (t->checks[k].name)
				continue;
			t->checks[k].name = choose_name(&cons, NULL, t->name, tr->check_cols[k], "check");
			strmap_put(&cons, t->checks[k].name, mark);
		}
		strmap_release(&cons);
	}
	strmap_release(&rel);
	strbuf_release(&w);
	strbuf_release(&cols);
}

/* --- databases ---------------------------------------------------------------------------- */

static bool starts_with_ci(const char *s, const char *prefix)
{
	return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Every object of database r->dbname into the model. */
static int read_database(struct reader *r)
{
	struct rows objs, kinds = { 0 };
	struct strbuf sql = STRBUF_INIT, w = STRBUF_INIT;
	struct strmap kind = STRMAP_INIT;
	struct diag ignore = DIAG_INIT;
	int ret = -1;

	if (r->schema[0]) {
		struct model_schema *s = model_add_schema(r->m);
		s->name = xstrdup(r->schema);
		s->app = xstrdup(r->app);
	}
	/* sqlite_master: sqlite_schema's older name, which every SQLite version knows */
	strbuf_addstr(&sql, "SELECT type, name, tbl_name, sql FROM ");
	dialect_sqlite_append_ident(&sql, r->dbname);
	strbuf_addstr(&sql, ".sqlite_master ORDER BY name");
	if (query(r->db, sql.buf, NULL, NULL, &objs, r->d) < 0)
		goto out;
	/* virtual and shadow tables (SQLite 3.37 and later say which; before, they read as tables) */
	if (query(r->db, "SELECT name, type FROM pragma_table_list WHERE schema = ?1", r->dbname, NULL, &kinds,
		  &ignore) == 0) {
		for (size_t i = 0; i < kinds.nrows; i++)
			strmap_put(&kind, cell(&kinds, i, 0), (void *)cell(&kinds, i, 1));
	}
	for (size_t i = 0; i < objs.nrows; i++) {
		const char *type = cell(&objs, i, 0), *name = cell(&objs, i, 1), *text = cell(&objs, i, 3);
		const char *k = strmap_get(&kind, name);

		if (strcmp(type, "table") != 0 || starts_with_ci(name, "sqlite_") || strncmp(name, "mig_", 4) == 0 ||
		    (k && strcmp(k, "shadow") == 0) || !text)
			continue;
		strbuf_reset(&w);
		qname(&w, r->schema, name);
		if (othertools_version_table(name)) {
			/* the old tool's bookkeeping, not the application's schema */
			warn(r->warnings, "note: left out table %s (%s)", w.buf, othertools_version_table(name));
			continue;
		}
		if ((k && strcmp(k, "virtual") == 0) || starts_with_ci(text, "CREATE VIRTUAL")) {
			warn(r->warnings, "virtual table %s is not part of the model; skipped, with the tables it keeps "
			     "its data in", w.buf);
			continue;
		}
		if (!valid_name(name)) {
			warn(r->warnings, "table %s: the name is longer than %d bytes, which PostgreSQL refuses; skipped",
			     w.buf, MODEL_MAX_IDENT);
			continue;
		}
		if (read_table(r, name, text) < 0)
			goto out;
	}
	for (size_t i = 0; i < objs.nrows; i++) {
		const char *type = cell(&objs, i, 0), *name = cell(&objs, i, 1), *text = cell(&objs, i, 3);
		struct table_read *tr = NULL;

		if (strcmp(type, "index") != 0 || !text)
			continue; /* sqlite_autoindex_*: their constraints are read instead */
		for (size_t t = 0; t < r->nr_tables && !tr; t++) {
			if (strcmp(r->tables[t].t->name, cell(&objs, i, 2)) == 0)
				tr = &r->tables[t];
		}
		if (tr && read_index(r, name, tr, text) < 0)
			goto out;
	}
	for (size_t i = 0; i < objs.nrows; i++) {
		const char *type = cell(&objs, i, 0), *name = cell(&objs, i, 1), *on = cell(&objs, i, 2);
		const char *text = cell(&objs, i, 3);
		bool view = strcmp(type, "view") == 0;
		struct model_object *o;

		if ((!view && strcmp(type, "trigger") != 0) || !text)
			continue;
		strbuf_reset(&w);
		qname(&w, r->schema, name);
		if (!valid_name(name)) {
			warn(r->warnings, "%s %s: the name is longer than %d bytes, which PostgreSQL refuses; skipped",
			     type, w.buf, MODEL_MAX_IDENT);
			continue;
		}
		/* SQLite's own SQL: the objects are SQLite's (dialect="sqlite"), kept as sqlite_schema has them */
		o = model_add_object(r->m);
		o->kind = view ? OBJECT_VIEW : OBJECT_TRIGGER;
		o->schema = xstrdup(r->schema);
		o->name = xstrdup(name);
		if (!view) {
			/* the table as the model spells it (SQLite's names ignore case) */
			const struct model_table *t = NULL;
			for (size_t k = 0; k < r->nr_tables && !t; k++) {
				if (strcasecmp(r->tables[k].t->name, on) == 0)
					t = r->tables[k].t;
			}
			o->table = xstrdup(t ? t->name : on);
		}
		o->definition = xstrdup(text);
		o->dialect = xstrdup("sqlite");
		o->app = xstrdup(r->app);
	}
	read_enums(r);
	read_types(r);
	check_keys(r);
	name_objects(r);
	ret = 0;
out:
	reader_reset_tables(r);
	rows_release(&objs);
	rows_release(&kinds);
	strmap_release(&kind);
	strbuf_release(&sql);
	strbuf_release(&w);
	diag_release(&ignore);
	return ret;
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int inspect_sqlite(struct sqlite3 *conn, const char *const *schemas, size_t nr_schemas,
		   const char *app, struct model *m, struct strbuf *warnings, struct diag *d)
{
	struct reader r = { .db = conn, .m = m, .app = app ? app : "", .warnings = warnings, .d = d };
	struct rows dbs = { 0 };
	char **names = NULL;
	bool *wanted = NULL, in_savepoint = false;
	int ret = -1;

	/* one read transaction, or a part of the caller's */
	if (sqlite3_exec(conn, "SAVEPOINT mig_inspect", NULL, NULL, NULL) != SQLITE_OK) {
		diag_error(d, "cannot read the database's schema: %s", sqlite3_errmsg(conn));
		goto out;
	}
	in_savepoint = true;
	if (query(conn, "SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq", NULL, NULL, &dbs,
		  d) < 0)
		goto out;
	/* main first, then the attached schemas by name */
	names = xcalloc(dbs.nrows + 1, sizeof(*names));
	wanted = xcalloc(dbs.nrows + 1, sizeof(*wanted));
	for (size_t i = 0; i < dbs.nrows; i++)
		names[i] = (char *)cell(&dbs, i, 0);
	if (dbs.nrows > 1)
		qsort(names + 1, dbs.nrows - 1, sizeof(*names), cmp_strings);
	for (size_t i = 0; i < dbs.nrows; i++)
		wanted[i] = nr_schemas == 0;
	for (size_t s = 0; s < nr_schemas; s++) {
		const char *want = schemas[s];
		size_t i;
		if (!want[0] || strcmp(want, "public") == 0)
			want = "main";
		for (i = 0; i < dbs.nrows && strcmp(names[i], want) != 0; i++)
			;
		if (i == dbs.nrows) {
			diag_error(d, "schema \"%s\" does not exist", schemas[s]);
			diag_hint(d, "a schema of a SQLite database is the file NAME.%s.EXT beside the database file "
				  "NAME.EXT (docs/sqlite.md)", schemas[s]);
			goto out;
		}
		wanted[i] = true;
	}
	for (size_t i = 0; i < dbs.nrows; i++) {
		if (!wanted[i])
			continue;
		if (i && !valid_name(names[i])) {
			warn(warnings, "schema \"%s\": the name is longer than %d bytes, which PostgreSQL refuses; skipped",
			     names[i], MODEL_MAX_IDENT);
			continue;
		}
		r.dbname = names[i];
		r.schema = i ? names[i] : "";
		if (read_database(&r) < 0)
			goto out;
	}
	ret = 0;
out:
	if (in_savepoint) {
		/* nothing was written: releasing ends a read transaction the savepoint began */
		sqlite3_exec(conn, "RELEASE mig_inspect", NULL, NULL, NULL);
	}
	free(r.tables);
	free(names);
	free(wanted);
	rows_release(&dbs);
	return ret == 0 ? model_finish(m, d) : -1;
}

/* --- opening a file --------------------------------------------------------------------- */

int inspect_sqlite_path(const char *path, const char *const *schemas, size_t nr_schemas,
			const char *app, struct model *m, struct strbuf *warnings, struct diag *d)
{
	struct db_config cfg;
	struct db db = { 0 };
	int ret = -1;

	config_init(&cfg);
	cfg.dialect = &dialect_sqlite;
	cfg.sqlite_path = xstrdup(path);
	cfg.display = xstrdup(path);
	if (db_sqlite_open_read_only(&db, &cfg, warnings, d) == 0) {
		ret = inspect_sqlite(db.conn, schemas, nr_schemas, app, m, warnings, d);
		db_sqlite_close(&db);
	}
	config_release(&cfg);
	return ret;
}

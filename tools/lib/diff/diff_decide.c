/* Renames, consent and fills: every decision a migration needs, made up front. */
#include "diff_decide.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "diff_match.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

struct ctx {
	const struct model *from, *to;
	const struct diff_options *opts;
	struct diag *d;
	struct diff_decisions *dd;
};

void diff_decisions_init(struct diff_decisions *dd)
{
	memset(dd, 0, sizeof(*dd));
}

void diff_decisions_release(struct diff_decisions *dd)
{
	for (size_t i = 0; i < dd->nr_tables; i++) {
		free(dd->tables[i].to_col_from);
		free(dd->tables[i].from_col_to);
	}
	free(dd->tables);
	free(dd->to_match);
	free(dd->from_match);
	model_table_index_release(&dd->from_index);
	model_table_index_release(&dd->to_index);
	for (size_t i = 0; i < dd->nr_fills; i++)
		free(dd->fills[i].value);
	free(dd->fills);
	diff_decisions_init(dd);
}

const struct diff_fill *diff_decide_fill(const struct diff_decisions *dd, const struct model_column *c)
{
	for (size_t i = 0; i < dd->nr_fills; i++) {
		if (dd->fills[i].column == c)
			return &dd->fills[i];
	}
	return NULL;
}

const struct model_column *diff_decide_old_column(const struct diff_table_match *p, size_t k)
{
	int f = p->to_col_from[k];
	return f >= 0 ? &p->from->columns[f] : NULL;
}

static struct diff_fill *add_fill(struct ctx *c, const struct model_column *col)
{
	struct diff_decisions *dd = c->dd;
	struct diff_fill *f;

	ALLOC_GROW(dd->fills, dd->nr_fills + 1, dd->alloc_fills);
	f = &dd->fills[dd->nr_fills++];
	memset(f, 0, sizeof(*f));
	f->column = col;
	return f;
}

/* "users.mail" for messages and prompts. */
static void display_column(const struct model_table *t, const char *col, struct strbuf *out)
{
	model_table_display(t, out);
	strbuf_addf(out, ".%s", col);
}


/*
 * Splits an option side "a.b.c" into at most 3 names. Returns the count, or
 * 0 when malformed.
 */
static int split_dotted(const char *s, char *parts[3])
{
	int n = 0;
	const char *start = s;

	for (const char *p = s;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == start || n == 3)
				goto bad;
			parts[n++] = xstrndup(start, (size_t)(p - start));
			if (!*p)
				return n;
			start = p + 1;
		}
	}
bad:
	for (int i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}

static void free_parts(char *parts[3], int n)
{
	for (int i = 0; i < n; i++)
		free(parts[i]);
}

/*
 * Resolves one side of --rename or --fill in model m: a table (column NULL)
 * or a table and a column. want_column: the side must name a column.
 * Returns the table index or -1; *column is set (owned) for a column.
 */
static int resolve_name(const struct model *m, const struct model_table_index *index, const char *s,
			bool want_column, char **column)
{
	char *parts[3];
	int n = split_dotted(s, parts), t = -1;

	*column = NULL;
	if (n == 1 && !want_column) {
		t = model_table_index_find(index, "", parts[0]);
	} else if (n == 2) {
		/* table.column, else schema.table */
		t = model_table_index_find(index, "", parts[0]);
		if (t >= 0 && (want_column || diff_match_column_index(m->tables[t], parts[1]) >= 0)) {
			*column = xstrdup(parts[1]);
		} else if (!want_column) {
			t = model_table_index_find(index, parts[0], parts[1]);
		} else {
			t = -1;
		}
	} else if (n == 3) {
		t = model_table_index_find(index, parts[0], parts[1]);
		if (t >= 0)
			*column = xstrdup(parts[2]);
	}
	free_parts(parts, n);
	return t;
}

/* --rename entries naming table `to` (by its new name); returns the old name or NULL. */
static const char *rename_option_for(struct ctx *c, const struct model_table *to,
				     const char *to_column, char **old_column)
{
	for (size_t i = 0; i < c->opts->nr_renames; i++) {
		const char *spec = c->opts->renames[i];
		const char *eq = strchr(spec, '=');
		char *lhs, *col_new = NULL;
		int tn;

		if (!eq)
			continue;
		lhs = xstrndup(spec, (size_t)(eq - spec));
		tn = resolve_name(c->to, &c->dd->to_index, eq + 1, to_column != NULL, &col_new);
		if (tn >= 0 && c->to->tables[tn] == to &&
		    ((to_column && col_new && strcmp(col_new, to_column) == 0) || (!to_column && !col_new))) {
			free(col_new);
			if (old_column) {
				/* the old side: table.column (the table may be renamed too) */
				const char *dot = strrchr(lhs, '.');
				*old_column = xstrdup(dot ? dot + 1 : lhs);
			}
			return lhs; /* caller frees */
		}
		free(col_new);
		free(lhs);
	}
	return NULL;
}

static int ask_confirm(struct ctx *c, const char *question)
{
	if (!c->opts->confirm)
		return -1;
	return c->opts->confirm(c->opts->ctx, question);
}

/* Same columns (names and types, in order): a table-rename candidate. */
static bool same_shape(const struct model_table *a, const struct model_table *b)
{
	if (a->nr_columns != b->nr_columns || strcmp(a->schema, b->schema) != 0)
		return false;
	for (size_t i = 0; i < a->nr_columns; i++) {
		if (strcmp(a->columns[i].name, b->columns[i].name) != 0 ||
		    !model_type_equal(&a->columns[i].type, &b->columns[i].type))
			return false;
	}
	return true;
}

static void add_pair(struct ctx *c, int from_i, int to_i)
{
	struct diff_table_match *p = &c->dd->tables[c->dd->nr_tables];

	p->from = c->from->tables[from_i];
	p->to = c->to->tables[to_i];
	p->to_col_from = xmalloc(sizeof(int) * (p->to->nr_columns + 1));
	p->from_col_to = xmalloc(sizeof(int) * (p->from->nr_columns + 1));
	for (size_t k = 0; k < p->to->nr_columns; k++)
		p->to_col_from[k] = -1;
	for (size_t k = 0; k < p->from->nr_columns; k++)
		p->from_col_to[k] = -1;
	c->dd->to_match[to_i] = (int)c->dd->nr_tables;
	c->dd->from_match[from_i] = (int)c->dd->nr_tables;
	c->dd->nr_tables++;
}

static int rename_error(struct ctx *c, const char *what, struct strbuf *old, struct strbuf *new,
			const char *old_name, const char *new_name, const char *rename_opt,
			const char *where)
{
	diag_error(c->d, "%s %s was removed and %s %s added with the same %s", what, old->buf, what,
		   new->buf, where);
	diag_hint(c->d, "if it is a rename (the data is kept): --rename %s or renamed-from=\"%s\" on the new %s; "
		  "to drop \"%s\" and its data: --allow-destructive",
		  rename_opt, old_name, what, old_name);
	(void)new_name;
	return -1;
}

static int match_tables(struct ctx *c)
{
	size_t nt = c->to->nr_tables, nf = c->from->nr_tables;

	c->dd->tables = xcalloc(nt + 1, sizeof(*c->dd->tables));
	c->dd->to_match = xmalloc(sizeof(int) * (nt + 1));
	c->dd->from_match = xmalloc(sizeof(int) * (nf + 1));
	for (size_t i = 0; i < nt; i++)
		c->dd->to_match[i] = -1;
	for (size_t i = 0; i < nf; i++)
		c->dd->from_match[i] = -1;

	/*
	 * Stated renames first: renamed-from in the model, then --rename. They
	 * win over a same-name match (the old table of the new name goes), but
	 * a renamed-from whose old name is still in the models is history.
	 */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		char *opt_old = NULL;
		int f = -1;

		if (t->renamed_from && model_table_index_find(&c->dd->to_index, t->schema, t->renamed_from) < 0)
			f = model_table_index_find(&c->dd->from_index, t->schema, t->renamed_from);
		if (f < 0 && (opt_old = (char *)rename_option_for(c, t, NULL, NULL)) != NULL) {
			char *col = NULL;
			f = resolve_name(c->from, &c->dd->from_index, opt_old, false, &col);
			if (f < 0 || col) {
				diag_error(c->d, "--rename: table \"%s\" is not in the recorded state", opt_old);
				free(col);
				free(opt_old);
				return -1;
			}
		}
		free(opt_old);
		if (f >= 0 && c->dd->from_match[f] < 0)
			add_pair(c, f, (int)i);
	}
	/* Same name. */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		int f;
		if (c->dd->to_match[i] >= 0)
			continue;
		f = model_table_index_find(&c->dd->from_index, t->schema, t->name);
		if (f >= 0 && c->dd->from_match[f] < 0)
			add_pair(c, f, (int)i);
	}
	/*
	 * The same name but for ASCII case: one table to SQLite, whose names
	 * ignore case (it could not hold both), so never a drop and a create;
	 * a rename of the spelling (PostgreSQL renames it too).
	 */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		for (size_t f = 0; f < nf && c->dd->to_match[i] < 0; f++) {
			const struct model_table *old = c->from->tables[f];
			if (c->dd->from_match[f] < 0 && strcmp(old->schema, t->schema) == 0 &&
			    strcasecmp(old->name, t->name) == 0)
				add_pair(c, (int)f, (int)i);
		}
	}
	/* Candidates: a removed and an added table with the same columns. */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		if (c->dd->to_match[i] >= 0)
			continue;
		for (size_t f = 0; f < nf; f++) {
			const struct model_table *old = c->from->tables[f];
			struct strbuf q = STRBUF_INIT, on = STRBUF_INIT, nn = STRBUF_INIT;
			int answer;
			if (c->dd->from_match[f] >= 0 || !same_shape(old, t))
				continue;
			model_table_display(old, &on);
			model_table_display(t, &nn);
			strbuf_addf(&q, "rename table %s to %s? [y/N] ", on.buf, nn.buf);
			answer = ask_confirm(c, q.buf);
			if (answer < 0 && !c->opts->allow_destructive) {
				struct strbuf opt = STRBUF_INIT;
				strbuf_addf(&opt, "%s=%s", on.buf, nn.buf);
				rename_error(c, "table", &on, &nn, old->name, t->name, opt.buf, "columns");
				strbuf_release(&opt);
				strbuf_release(&q);
				strbuf_release(&on);
				strbuf_release(&nn);
				return -1;
			}
			strbuf_release(&q);
			strbuf_release(&on);
			strbuf_release(&nn);
			if (answer > 0) {
				add_pair(c, (int)f, (int)i);
				break;
			}
		}
	}
	return 0;
}

static int match_columns(struct ctx *c, struct diff_table_match *p)
{
	const struct model_table *from = p->from, *to = p->to;

	/* Stated renames first, as for tables. */
	for (size_t k = 0; k < to->nr_columns; k++) {
		const struct model_column *col = &to->columns[k];
		char *old_col = NULL, *opt = NULL;
		int f = -1;

		if (col->extra->renamed_from && diff_match_column_index(to, col->extra->renamed_from) < 0)
			f = diff_match_column_index(from, col->extra->renamed_from);
		if (f < 0 && (opt = (char *)rename_option_for(c, to, col->name, &old_col)) != NULL) {
			f = diff_match_column_index(from, old_col);
			if (f < 0) {
				struct strbuf dn = STRBUF_INIT;
				display_column(from, old_col, &dn);
				diag_error(c->d, "--rename: column \"%s\" is not in the recorded state", dn.buf);
				strbuf_release(&dn);
				free(old_col);
				free(opt);
				return -1;
			}
		}
		free(old_col);
		free(opt);
		if (f >= 0 && p->from_col_to[f] < 0) {
			p->to_col_from[k] = f;
			p->from_col_to[f] = (int)k;
		}
	}
	/* Same name. */
	for (size_t k = 0; k < to->nr_columns; k++) {
		int f;
		if (p->to_col_from[k] >= 0)
			continue;
		f = diff_match_column_index(from, to->columns[k].name);
		if (f >= 0 && p->from_col_to[f] < 0) {
			p->to_col_from[k] = f;
			p->from_col_to[f] = (int)k;
		}
	}
	/* The same name but for ASCII case: one column to SQLite (as for tables). */
	for (size_t k = 0; k < to->nr_columns; k++) {
		for (size_t f = 0; f < from->nr_columns && p->to_col_from[k] < 0; f++) {
			if (p->from_col_to[f] < 0 && strcasecmp(from->columns[f].name, to->columns[k].name) == 0) {
				p->to_col_from[k] = (int)f;
				p->from_col_to[f] = (int)k;
			}
		}
	}
	/* Candidates: a dropped and an added column of the same type. */
	for (size_t k = 0; k < to->nr_columns; k++) {
		const struct model_column *col = &to->columns[k];
		if (p->to_col_from[k] >= 0)
			continue;
		for (size_t f = 0; f < from->nr_columns; f++) {
			const struct model_column *old = &from->columns[f];
			struct strbuf q = STRBUF_INIT, on = STRBUF_INIT, nn = STRBUF_INIT, ty = STRBUF_INIT;
			int answer;
			if (p->from_col_to[f] >= 0 || !model_type_equal(&old->type, &col->type))
				continue;
			display_column(to, old->name, &on);
			display_column(to, col->name, &nn);
			model_type_format(&col->type, &ty);
			strbuf_addf(&q, "rename column %s to %s? [y/N] ", on.buf, nn.buf);
			answer = ask_confirm(c, q.buf);
			if (answer < 0 && !c->opts->allow_destructive) {
				struct strbuf where = STRBUF_INIT, opt = STRBUF_INIT;
				strbuf_addf(&where, "type (%s)", ty.buf);
				strbuf_addf(&opt, "%s=%s", on.buf, nn.buf);
				rename_error(c, "column", &on, &nn, old->name, col->name, opt.buf, where.buf);
				strbuf_release(&where);
				strbuf_release(&opt);
			}
			strbuf_release(&q);
			strbuf_release(&on);
			strbuf_release(&nn);
			strbuf_release(&ty);
			if (answer < 0 && !c->opts->allow_destructive)
				return -1;
			if (answer > 0) {
				p->to_col_from[k] = (int)f;
				p->from_col_to[f] = (int)k;
				break;
			}
		}
	}
	return 0;
}

/* --- consent for destructive changes --------------------------------- */

static int consent(struct ctx *c, const char *what, const char *question)
{
	int answer;

	if (c->opts->allow_destructive)
		return 0;
	answer = ask_confirm(c, question);
	if (answer > 0)
		return 0;
	if (answer == 0)
		diag_error(c->d, "not confirmed: the change %s", what);
	else
		diag_error(c->d, "the change %s", what);
	diag_hint(c->d, "pass --allow-destructive to accept the loss (or answer yes on a terminal); "
		  "to keep the data, change the models instead");
	return -1;
}

/* A literal that fills a column of type t when nothing better is known (down of a drop). */
static const char *placeholder_fill(const struct model *m, const struct model_column *col)
{
	const struct model_type *t = &col->type;

	if (t->array_dims)
		return "{}";
	switch (t->kind) {
	case TYPE_SMALLINT: case TYPE_INTEGER: case TYPE_BIGINT: case TYPE_NUMERIC:
	case TYPE_REAL: case TYPE_DOUBLE:
		return "0";
	case TYPE_BOOLEAN:
		return "false";
	case TYPE_DATE:
		return "1970-01-01";
	case TYPE_TIME: case TYPE_TIMETZ:
		return "00:00:00";
	case TYPE_TIMESTAMP: case TYPE_TIMESTAMPTZ:
		return "1970-01-01 00:00:00";
	case TYPE_INTERVAL:
		return "0";
	case TYPE_UUID:
		return "00000000-0000-0000-0000-000000000000";
	case TYPE_JSON: case TYPE_JSONB:
		return "null";
	case TYPE_BYTES:
		return "\\x";
	case TYPE_ENUM: {
		const struct model_enum *e = model_find_enum(m, t->enum_schema, t->enum_name);
		return e && e->values.nr ? e->values.items[0] : "";
	}
	default:
		return "";
	}
}

/* --fill for a column of table t of model m, or NULL. */
static const char *fill_option_in(struct ctx *c, const struct model *m, const struct model_table_index *index,
				  const struct model_table *t, const char *col)
{
	for (size_t i = 0; i < c->opts->nr_fills; i++) {
		const char *spec = c->opts->fills[i];
		const char *eq = strchr(spec, '=');
		char *lhs, *cname = NULL;
		int tn;
		bool hit;

		if (!eq)
			continue;
		lhs = xstrndup(spec, (size_t)(eq - spec));
		tn = resolve_name(m, index, lhs, true, &cname);
		hit = tn >= 0 && m->tables[tn] == t && cname && strcmp(cname, col) == 0;
		free(lhs);
		free(cname);
		if (hit)
			return eq + 1;
	}
	return NULL;
}

/* --fill for a column (by its new name), or NULL. */
static const char *fill_option(struct ctx *c, const struct model_table *t, const char *col)
{
	return fill_option_in(c, c->to, &c->dd->to_index, t, col);
}

/* Does a key, foreign key or check of t use column name? (A check by a text search.) */
static bool column_constrained(const struct model_table *t, const char *name)
{
	if (t->pk.name && model_names_find(&t->pk.columns, name) >= 0)
		return true;
	for (size_t i = 0; i < t->nr_uniques; i++) {
		if (model_names_find(&t->uniques[i].columns, name) >= 0)
			return true;
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		if (model_names_find(&t->fks[i].columns, name) >= 0)
			return true;
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (strstr(t->checks[i].expr, name))
			return true;
	}
	for (size_t i = 0; i < t->nr_indexes; i++) {
		const struct model_index *ix = &t->indexes[i];
		for (size_t k = 0; k < ix->nr_keys && ix->unique; k++) {
			if (ix->keys[k].column ? strcmp(ix->keys[k].column, name) == 0 :
						 strstr(ix->keys[k].expr, name) != NULL)
				return true;
		}
	}
	return false;
}

/*
 * A fill value given by hand (--fill, or an answer) must be a literal of the
 * column's type, as a default is: PostgreSQL would refuse it only when the
 * migration runs, and SQLite never (a boolean "TRUE" would stay text).
 * Booleans and integers come back in their canonical spelling.
 */
static int check_fill(struct ctx *c, const struct model *m, const struct model_column *col, const char *shown,
		      char **value)
{
	struct diag lit = DIAG_INIT;

	if (col->extra->pg_type || col->extra->sqlite_type || model_check_literal(m, &col->type, value, &lit) == 0) {
		diag_release(&lit);
		return 0;
	}
	diag_error(c->d, "the value for existing rows of column %s, \"%s\": %s", shown, *value,
		   lit.message ? lit.message : "does not fit its type");
	diag_hint(c->d, "give a value of the column's type (--fill TABLE.COLUMN=VALUE)");
	diag_release(&lit);
	return -1;
}

/*
 * The value the down section gives existing rows when it adds a dropped
 * NOT NULL column back: --fill (by the old or the new table name), else a
 * placeholder of the type when nothing checks the column's values, else
 * none (the down then fails on a table with rows, and says why).
 */
static int choose_down_fill(struct ctx *c, const struct diff_table_match *p,
			    const struct model_column *col)
{
	struct diff_fill *f = add_fill(c, col);
	const char *opt = fill_option_in(c, c->from, &c->dd->from_index, p->from, col->name);

	if (!opt)
		opt = fill_option(c, p->to, col->name);
	if (opt) {
		f->value = xstrdup(opt);
		return check_fill(c, c->from, col, col->name, &f->value);
	} else if (!col->extra->pg_type && !column_constrained(p->from, col->name)) {
		f->value = xstrdup(placeholder_fill(c->from, col));
		f->is_placeholder = true;
	}
	return 0;
}

/* --no-fill for a column (by its new name)? */
static bool no_fill_option(struct ctx *c, const struct model_table *t, const char *col)
{
	for (size_t i = 0; i < c->opts->nr_no_fills; i++) {
		char *cname = NULL;
		int tn = resolve_name(c->to, &c->dd->to_index, c->opts->no_fills[i], true, &cname);
		bool hit = tn >= 0 && c->to->tables[tn] == t && cname && strcmp(cname, col) == 0;
		free(cname);
		if (hit)
			return true;
	}
	return false;
}

/*
 * The value existing rows get when a column becomes NOT NULL (or is added
 * NOT NULL to an existing table): the column's default, --fill, or an answer.
 */
static int choose_fill(struct ctx *c, const struct model_table *t, const struct model_column *col)
{
	struct diff_fill *f = add_fill(c, col);
	const char *opt;
	struct strbuf q = STRBUF_INIT, dn = STRBUF_INIT;
	char *answer = NULL;
	int ret;

	if (col->default_kind == DEFAULT_EXPR) {
		f->value = xstrdup(col->default_value);
		f->is_expr = true;
		return 0;
	}
	if (col->default_kind == DEFAULT_LITERAL) {
		f->value = xstrdup(col->default_value);
		return 0;
	}
	if (col->identity != IDENTITY_NONE || col->extra->generated)
		return 0; /* its values are made, never filled */
	opt = fill_option(c, t, col->name);
	display_column(t, col->name, &dn);
	if (opt) {
		f->value = xstrdup(opt);
		ret = check_fill(c, c->to, col, dn.buf, &f->value);
		strbuf_release(&dn);
		return ret;
	}
	if (c->opts->no_rows || no_fill_option(c, t, col->name)) {
		strbuf_release(&dn);
		return 0;
	}
	if (c->opts->ask_value) {
		strbuf_addf(&q, "column %s becomes NOT NULL and has no default; value for existing rows: ",
			    dn.buf);
		answer = c->opts->ask_value(c->opts->ctx, q.buf);
	}
	strbuf_release(&q);
	if (answer && answer[0]) {
		f->value = answer;
		ret = check_fill(c, c->to, col, dn.buf, &f->value);
		strbuf_release(&dn);
		return ret;
	}
	free(answer);
	diag_error(c->d, "column %s becomes NOT NULL and has no default", dn.buf);
	diag_hint(c->d, "give existing rows a value with --fill %s=VALUE, or add a default to the column "
		  "(--no-fill %s if no row holds a NULL)", dn.buf, dn.buf);
	strbuf_release(&dn);
	return -1;
}

/* A removed table: its rows go. */
static int decide_dropped_tables(struct ctx *c)
{
	for (size_t i = 0; i < c->from->nr_tables; i++) {
		struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, tn = STRBUF_INIT;
		int r;
		if (c->dd->from_match[i] >= 0)
			continue;
		model_table_display(c->from->tables[i], &tn);
		strbuf_addf(&what, "drops table %s and its rows", tn.buf);
		strbuf_addf(&q, "drop table %s and its rows? [y/N] ", tn.buf);
		r = consent(c, what.buf, q.buf);
		strbuf_release(&what);
		strbuf_release(&q);
		strbuf_release(&tn);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* A dropped column: its data goes; the down adds it back, a NOT NULL one with a value. */
static int decide_dropped_columns(struct ctx *c, const struct diff_table_match *p)
{
	const struct model_table *from = p->from, *to = p->to;

	for (size_t f = 0; f < from->nr_columns; f++) {
		const struct model_column *col = &from->columns[f];
		struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, dn = STRBUF_INIT;
		int r;
		/* a generated column's data is computed again when it comes back */
		if (p->from_col_to[f] >= 0 || col->extra->generated)
			continue;
		display_column(to, col->name, &dn);
		strbuf_addf(&what, "drops column %s and its data", dn.buf);
		strbuf_addf(&q, "drop column %s and its data? [y/N] ", dn.buf);
		r = consent(c, what.buf, q.buf);
		strbuf_release(&what);
		strbuf_release(&q);
		strbuf_release(&dn);
		if (r < 0)
			return -1;
		if (col->not_null && col->default_kind == DEFAULT_NONE && col->identity == IDENTITY_NONE &&
		    !col->extra->generated && choose_down_fill(c, p, col) < 0)
			return -1;
	}
	return 0;
}

/* An enum rebuilt without some of its values: rows holding them make the migration fail. */
static int decide_enum_values(struct ctx *c)
{
	for (size_t i = 0; i < c->to->nr_enums; i++) {
		const struct model_enum *e = &c->to->enums[i];
		const struct model_enum *old = model_find_enum(c->from, e->schema, e->name);

		if (!old || model_names_equal(&old->values, &e->values) ||
		    diff_match_enum_grows_in_place(c->to, old, e))
			continue;
		for (size_t v = 0; v < old->values.nr; v++) {
			struct strbuf what = STRBUF_INIT, q = STRBUF_INIT;
			int r;
			if (model_names_find(&e->values, old->values.items[v]) >= 0)
				continue;
			strbuf_addf(&what, "removes value \"%s\" from enum \"%s\" (rows holding it make the migration fail)",
				    old->values.items[v], e->name);
			strbuf_addf(&q, "remove value \"%s\" from enum \"%s\"? [y/N] ", old->values.items[v], e->name);
			r = consent(c, what.buf, q.buf);
			strbuf_release(&what);
			strbuf_release(&q);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/* An added NOT NULL column without a default: existing rows need a value. */
static int decide_added_columns(struct ctx *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *b = &p->to->columns[k];
		if (diff_decide_old_column(p, k))
			continue;
		if (b->not_null && b->default_kind == DEFAULT_NONE && b->identity == IDENTITY_NONE && !b->extra->generated &&
		    choose_fill(c, p->to, b) < 0)
			return -1;
	}
	return 0;
}

/* A type that does not hold every old value. */
static int decide_types(struct ctx *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, dn = STRBUF_INIT, ta = STRBUF_INIT,
			      tb = STRBUF_INIT;
		int r;
		if (!a || diff_match_column_type_same(a, b) || diff_match_type_widens(a, b))
			continue;
		display_column(p->to, b->name, &dn);
		model_type_format(&a->type, &ta);
		model_type_format(&b->type, &tb);
		if (a->extra->pg_type)
			strbuf_addf(&ta, " (%s)", a->extra->pg_type);
		if (b->extra->pg_type)
			strbuf_addf(&tb, " (%s)", b->extra->pg_type);
		strbuf_addf(&what, "narrows column %s from %s to %s (values may not fit)", dn.buf, ta.buf, tb.buf);
		strbuf_addf(&q, "change column %s from %s to %s (values may not fit)? [y/N] ", dn.buf, ta.buf,
			    tb.buf);
		r = consent(c, what.buf, q.buf);
		strbuf_release(&what);
		strbuf_release(&q);
		strbuf_release(&dn);
		strbuf_release(&ta);
		strbuf_release(&tb);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* A kept column made NOT NULL: existing NULL rows need a value. */
static int decide_not_null(struct ctx *c, const struct diff_table_match *p)
{
	for (size_t k = 0; k < p->to->nr_columns; k++) {
		const struct model_column *a = diff_decide_old_column(p, k), *b = &p->to->columns[k];
		if (a && !a->not_null && b->not_null && !b->extra->generated && choose_fill(c, p->to, b) < 0)
			return -1;
	}
	return 0;
}

int diff_decide(struct diff_decisions *dd, const struct model *from, const struct model *to,
		const struct diff_options *opts, struct diag *d)
{
	struct ctx c = { .from = from, .to = to, .opts = opts, .d = d, .dd = dd };
	struct diff_table_match *p;

	diff_decisions_release(dd);
	dd->from = from;
	dd->to = to;
	model_table_index_build(&dd->from_index, from);
	model_table_index_build(&dd->to_index, to);
	if (match_tables(&c) < 0)
		return -1;
	for (p = dd->tables; p < dd->tables + dd->nr_tables; p++) {
		if (match_columns(&c, p) < 0)
			return -1;
	}
	/* the order of the questions: the order of the operations they are about */
	if (decide_dropped_tables(&c) < 0)
		return -1;
	for (p = dd->tables; p < dd->tables + dd->nr_tables; p++) {
		if (decide_dropped_columns(&c, p) < 0)
			return -1;
	}
	if (decide_enum_values(&c) < 0)
		return -1;
	for (p = dd->tables; p < dd->tables + dd->nr_tables; p++) {
		if (decide_added_columns(&c, p) < 0)
			return -1;
	}
	for (p = dd->tables; p < dd->tables + dd->nr_tables; p++) {
		if (decide_types(&c, p) < 0)
			return -1;
	}
	for (p = dd->tables; p < dd->tables + dd->nr_tables; p++) {
		if (decide_not_null(&c, p) < 0)
			return -1;
	}
	return 0;
}

/* Model x model -> ordered operations with inverses. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "banned.h"

void diff_init(struct diff *df)
{
	memset(df, 0, sizeof(*df));
	strmap_init(&df->now_table);
	strmap_init(&df->now_column);
}

/* The address as hex digits: a map key for the object (no printf, a hot path). */
static void pointer_key(const void *p, struct strbuf *out)
{
	uintptr_t v = (uintptr_t)p;
	char hex[2 * sizeof(v)];
	size_t n = 0;

	strbuf_reset(out);
	do {
		hex[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		strbuf_addch(out, hex[--n]);
}

const struct model_table *diff_now_table(const struct diff *df, const struct model_table *t)
{
	struct strbuf key = STRBUF_INIT;
	const struct model_table *now;

	pointer_key(t, &key);
	now = strmap_get(&df->now_table, key.buf);
	strbuf_release(&key);
	return now ? now : t;
}

const struct model_column *diff_now_column(const struct diff *df, const struct model_column *c)
{
	struct strbuf key = STRBUF_INIT;
	const struct model_column *now;

	pointer_key(c, &key);
	now = strmap_get(&df->now_column, key.buf);
	strbuf_release(&key);
	return now ? now : c;
}

bool diff_table_kept(const struct diff *df, const struct model_table *t)
{
	return diff_now_table(df, t) != t;
}

bool diff_column_kept(const struct diff *df, const struct model_column *c)
{
	return diff_now_column(df, c) != c;
}

void diff_release(struct diff *df)
{
	for (size_t i = 0; i < df->nr; i++) {
		free(df->ops[i].inline_fks);
		free(df->ops[i].fill);
		free(df->ops[i].tmp_name);
	}
	free(df->ops);
	strmap_release(&df->now_table);
	strmap_release(&df->now_column);
	diff_init(df);
}

static struct op *add_op(struct diff *df, enum op_kind kind)
{
	struct op *op;

	ALLOC_GROW(df->ops, df->nr + 1, df->alloc);
	op = &df->ops[df->nr++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	return op;
}

/* --- matching tables and columns across the two models ----------------- */

/* A table of the new model and the table it was in the old one. */
struct table_pair {
	const struct model_table *from, *to;
	/* per column of `to`: index of the matching column of `from`, or -1 */
	int *to_col_from;
	/* per column of `from`: index in `to`, or -1 (dropped) */
	int *from_col_to;
};

struct ctx {
	const struct model *from, *to;
	const struct diff_options *opts;
	struct diag *d;
	struct diff *df;
	struct table_pair *pairs; /* one per table of `to` with a match */
	size_t nr_pairs;
	int *to_pair;   /* per table of `to`: index in pairs, or -1 (new table) */
	int *from_pair; /* per table of `from`: index in pairs, or -1 (dropped) */
	struct strmap from_index, to_index; /* table key -> index + 1 */
};


static int find_table(const struct strmap *map, const char *schema, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	void *v;

	model_key(&key, schema, name);
	v = strmap_get(map, key.buf);
	strbuf_release(&key);
	return v ? (int)((size_t)v - 1) : -1;
}

static void index_tables(const struct model *m, struct strmap *map)
{
	struct strbuf key = STRBUF_INIT;

	strmap_init(map);
	for (size_t i = 0; i < m->nr_tables; i++) {
		model_key(&key, m->tables[i]->schema, m->tables[i]->name);
		strmap_put(map, key.buf, (void *)(i + 1));
	}
	strbuf_release(&key);
}

static void display_table(const struct model_table *t, struct strbuf *out)
{
	model_table_display(t, out);
}

/* "users.mail" for messages and prompts. */
static void display_column(const struct model_table *t, const char *col, struct strbuf *out)
{
	display_table(t, out);
	strbuf_addf(out, ".%s", col);
}

static int column_index(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_columns; i++) {
		if (strcmp(t->columns[i].name, name) == 0)
			return (int)i;
	}
	return -1;
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
static int resolve_name(const struct model *m, const struct strmap *index, const char *s,
			bool want_column, char **column)
{
	char *parts[3];
	int n = split_dotted(s, parts), t = -1;

	*column = NULL;
	if (n == 1 && !want_column) {
		t = find_table(index, "", parts[0]);
	} else if (n == 2) {
		/* table.column, else schema.table */
		t = find_table(index, "", parts[0]);
		if (t >= 0 && (want_column || column_index(m->tables[t], parts[1]) >= 0)) {
			*column = xstrdup(parts[1]);
		} else if (!want_column) {
			t = find_table(index, parts[0], parts[1]);
		} else {
			t = -1;
		}
	} else if (n == 3) {
		t = find_table(index, parts[0], parts[1]);
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
		tn = resolve_name(c->to, &c->to_index, eq + 1, to_column != NULL, &col_new);
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
	struct table_pair *p = &c->pairs[c->nr_pairs];

	p->from = c->from->tables[from_i];
	p->to = c->to->tables[to_i];
	p->to_col_from = xmalloc(sizeof(int) * (p->to->nr_columns + 1));
	p->from_col_to = xmalloc(sizeof(int) * (p->from->nr_columns + 1));
	for (size_t k = 0; k < p->to->nr_columns; k++)
		p->to_col_from[k] = -1;
	for (size_t k = 0; k < p->from->nr_columns; k++)
		p->from_col_to[k] = -1;
	c->to_pair[to_i] = (int)c->nr_pairs;
	c->from_pair[from_i] = (int)c->nr_pairs;
	c->nr_pairs++;
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

	c->pairs = xcalloc(nt + 1, sizeof(*c->pairs));
	c->to_pair = xmalloc(sizeof(int) * (nt + 1));
	c->from_pair = xmalloc(sizeof(int) * (nf + 1));
	for (size_t i = 0; i < nt; i++)
		c->to_pair[i] = -1;
	for (size_t i = 0; i < nf; i++)
		c->from_pair[i] = -1;

	/*
	 * Stated renames first: renamed-from in the model, then --rename. They
	 * win over a same-name match (the old table of the new name goes), but
	 * a renamed-from whose old name is still in the models is history.
	 */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		char *opt_old = NULL;
		int f = -1;

		if (t->renamed_from && find_table(&c->to_index, t->schema, t->renamed_from) < 0)
			f = find_table(&c->from_index, t->schema, t->renamed_from);
		if (f < 0 && (opt_old = (char *)rename_option_for(c, t, NULL, NULL)) != NULL) {
			char *col = NULL;
			f = resolve_name(c->from, &c->from_index, opt_old, false, &col);
			if (f < 0 || col) {
				diag_error(c->d, "--rename: table \"%s\" is not in the recorded state", opt_old);
				free(col);
				free(opt_old);
				return -1;
			}
		}
		free(opt_old);
		if (f >= 0 && c->from_pair[f] < 0)
			add_pair(c, f, (int)i);
	}
	/* Same name. */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		int f;
		if (c->to_pair[i] >= 0)
			continue;
		f = find_table(&c->from_index, t->schema, t->name);
		if (f >= 0 && c->from_pair[f] < 0)
			add_pair(c, f, (int)i);
	}
	/* Candidates: a removed and an added table with the same columns. */
	for (size_t i = 0; i < nt; i++) {
		const struct model_table *t = c->to->tables[i];
		if (c->to_pair[i] >= 0)
			continue;
		for (size_t f = 0; f < nf; f++) {
			const struct model_table *old = c->from->tables[f];
			struct strbuf q = STRBUF_INIT, on = STRBUF_INIT, nn = STRBUF_INIT;
			int answer;
			if (c->from_pair[f] >= 0 || !same_shape(old, t))
				continue;
			display_table(old, &on);
			display_table(t, &nn);
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

static int match_columns(struct ctx *c, struct table_pair *p)
{
	const struct model_table *from = p->from, *to = p->to;

	/* Stated renames first, as for tables. */
	for (size_t k = 0; k < to->nr_columns; k++) {
		const struct model_column *col = &to->columns[k];
		char *old_col = NULL, *opt = NULL;
		int f = -1;

		if (col->renamed_from && column_index(to, col->renamed_from) < 0)
			f = column_index(from, col->renamed_from);
		if (f < 0 && (opt = (char *)rename_option_for(c, to, col->name, &old_col)) != NULL) {
			f = column_index(from, old_col);
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
		f = column_index(from, to->columns[k].name);
		if (f >= 0 && p->from_col_to[f] < 0) {
			p->to_col_from[k] = f;
			p->from_col_to[f] = (int)k;
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

/* Types that hold every value of the old one: no consent needed. */
static bool type_widens(const struct model_column *from, const struct model_column *to)
{
	const struct model_type *a = &from->type, *b = &to->type;

	if (from->pg_type || to->pg_type)
		return from->pg_type && to->pg_type && strcmp(from->pg_type, to->pg_type) == 0;
	if (a->array_dims != b->array_dims)
		return false;
	if (a->kind == b->kind) {
		switch (a->kind) {
		case TYPE_VARCHAR:
		case TYPE_CHAR:
			return b->length < 0 || (a->length >= 0 && b->length >= a->length);
		case TYPE_NUMERIC:
			if (b->precision < 0)
				return true;
			if (a->precision < 0)
				return false;
			return (b->scale < 0 ? 0 : b->scale) >= (a->scale < 0 ? 0 : a->scale) &&
			       b->precision - (b->scale < 0 ? 0 : b->scale) >=
				       a->precision - (a->scale < 0 ? 0 : a->scale);
		case TYPE_TIME:
		case TYPE_TIMETZ:
		case TYPE_TIMESTAMP:
		case TYPE_TIMESTAMPTZ:
		case TYPE_INTERVAL:
			return b->precision < 0 || (a->precision >= 0 && b->precision >= a->precision);
		case TYPE_ENUM:
			return false;
		default:
			return true;
		}
	}
	switch (a->kind) {
	case TYPE_SMALLINT:
		return b->kind == TYPE_INTEGER || b->kind == TYPE_BIGINT ||
		       (b->kind == TYPE_NUMERIC && b->precision < 0) || b->kind == TYPE_TEXT;
	case TYPE_INTEGER:
		return b->kind == TYPE_BIGINT || (b->kind == TYPE_NUMERIC && b->precision < 0) ||
		       b->kind == TYPE_TEXT;
	case TYPE_BIGINT:
		return (b->kind == TYPE_NUMERIC && b->precision < 0) || b->kind == TYPE_TEXT;
	case TYPE_REAL:
		return b->kind == TYPE_DOUBLE;
	case TYPE_VARCHAR:
	case TYPE_CHAR:
		return b->kind == TYPE_TEXT || (b->kind == TYPE_VARCHAR && b->length < 0);
	case TYPE_TIMESTAMP:
		return b->kind == TYPE_TIMESTAMPTZ;
	case TYPE_JSON:
		return b->kind == TYPE_JSONB || b->kind == TYPE_TEXT;
	case TYPE_ENUM:
	case TYPE_UUID:
	case TYPE_DATE:
	case TYPE_BOOLEAN:
		return b->kind == TYPE_TEXT;
	default:
		return false;
	}
}

/* --- comparing columns, constraints and indexes ----------------------- */


/* Same type as far as the database is concerned (raw types and collation included). */
static bool column_type_same(const struct model_column *a, const struct model_column *b)
{
	return model_type_equal(&a->type, &b->type) && model_str_equal(a->pg_type, b->pg_type) &&
	       model_str_equal(a->sqlite_type, b->sqlite_type) && model_str_equal(a->collation, b->collation);
}

bool diff_retypes_values(const struct model_column *a, const struct model_column *b)
{
	if (a->pg_type || b->pg_type)
		return !model_str_equal(a->pg_type, b->pg_type);
	if (a->type.kind != b->type.kind || a->type.array_dims != b->type.array_dims)
		return true;
	return a->type.kind == TYPE_ENUM && (strcmp(a->type.enum_name, b->type.enum_name) != 0 ||
					     strcmp(a->type.enum_schema, b->type.enum_schema) != 0);
}

/* The name a column of p->from has in p->to (renames applied), or NULL when dropped. */
static const char *new_column_name(const struct table_pair *p, const char *old)
{
	int f = column_index(p->from, old);

	if (f < 0 || p->from_col_to[f] < 0)
		return NULL;
	return p->to->columns[p->from_col_to[f]].name;
}

/* Old column list (renames applied) equals the new one. */
static bool columns_same(const struct table_pair *p, const struct model_names *old,
			 const struct model_names *new)
{
	if (old->nr != new->nr)
		return false;
	for (size_t i = 0; i < old->nr; i++) {
		const char *n = new_column_name(p, old->items[i]);
		if (!n || strcmp(n, new->items[i]) != 0)
			return false;
	}
	return true;
}

static bool index_same(const struct table_pair *p, const struct model_index *a,
		       const struct model_index *b)
{
	const char *ma = a->method ? a->method : "btree", *mb = b->method ? b->method : "btree";

	if (a->unique != b->unique || strcmp(ma, mb) != 0 || a->nr_keys != b->nr_keys ||
	    a->nulls_not_distinct != b->nulls_not_distinct || !model_expr_equal(a->where, b->where) ||
	    !columns_same(p, &a->include, &b->include))
		return false;
	for (size_t i = 0; i < a->nr_keys; i++) {
		const struct model_index_key *ka = &a->keys[i], *kb = &b->keys[i];
		if (ka->sort != kb->sort && !(ka->sort != SORT_DESC && kb->sort != SORT_DESC))
			return false;
		if (ka->nulls != kb->nulls || !model_str_equal(ka->collation, kb->collation) ||
		    !model_str_equal(ka->opclass, kb->opclass))
			return false;
		if (ka->column && kb->column) {
			const char *n = new_column_name(p, ka->column);
			if (!n || strcmp(n, kb->column) != 0)
				return false;
		} else if (!model_expr_equal(ka->expr, kb->expr)) {
			return false;
		}
	}
	return true;
}

/* The pair of the table an old foreign key references, and its new name. */
static const struct table_pair *ref_pair(const struct ctx *c, const struct model_foreign_key *fk)
{
	int f = find_table(&c->from_index, fk->ref_schema, fk->ref_table);

	if (f < 0 || c->from_pair[f] < 0)
		return NULL;
	return &c->pairs[c->from_pair[f]];
}

static bool fk_same(struct ctx *c, const struct table_pair *p, const struct model_foreign_key *a,
		    const struct model_foreign_key *b)
{
	const struct table_pair *rp = ref_pair(c, a);

	if (!rp || strcmp(rp->to->schema, b->ref_schema) != 0 || strcmp(rp->to->name, b->ref_table) != 0)
		return false;
	return columns_same(p, &a->columns, &b->columns) &&
	       columns_same(rp, &a->ref_columns, &b->ref_columns) && a->on_delete == b->on_delete &&
	       a->on_update == b->on_update && a->deferrable == b->deferrable &&
	       a->initially_deferred == b->initially_deferred;
}

/* Does col's enum type (an array of it too) get other values? */
static bool enum_changes(const struct ctx *c, const struct model_column *col)
{
	const struct model_enum *a, *b;

	if (col->pg_type || col->type.kind != TYPE_ENUM)
		return false;
	a = model_find_enum(c->from, col->type.enum_schema, col->type.enum_name);
	b = model_find_enum(c->to, col->type.enum_schema, col->type.enum_name);
	return a && b && !model_names_equal(&a->values, &b->values);
}

/* Does a column of p (by its old name) change type, or its enum's values? */
static bool column_retyped(const struct ctx *c, const struct table_pair *p, const char *old)
{
	int f = column_index(p->from, old);
	const struct model_column *a, *b;

	if (f < 0 || p->from_col_to[f] < 0)
		return true;
	a = &p->from->columns[f];
	b = &p->to->columns[p->from_col_to[f]];
	return !column_type_same(a, b) || enum_changes(c, a);
}

static bool same_column_set(const struct model_names *a, const struct model_names *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		if (model_names_find(b, a->items[i]) < 0)
			return false;
	}
	return true;
}

static bool unique_same(const struct table_pair *p, const struct model_unique *a,
			const struct model_unique *b);
static bool index_same(const struct table_pair *p, const struct model_index *a,
		       const struct model_index *b);

/* Is a key of rp->from on exactly these columns dropped (to be made again)? */
static bool key_rebuilt(const struct table_pair *rp, const struct model_names *cols)
{
	const struct model_table *from = rp->from, *to = rp->to;

	if (from->pk.name && same_column_set(&from->pk.columns, cols) &&
	    !(to->pk.name && columns_same(rp, &from->pk.columns, &to->pk.columns)))
		return true;
	for (size_t i = 0; i < from->nr_uniques; i++) {
		bool kept = false;
		if (!same_column_set(&from->uniques[i].columns, cols))
			continue;
		for (size_t k = 0; k < to->nr_uniques && !kept; k++)
			kept = unique_same(rp, &from->uniques[i], &to->uniques[k]);
		if (!kept)
			return true;
	}
	for (size_t i = 0; i < from->nr_indexes; i++) {
		const struct model_index *ix = &from->indexes[i];
		bool kept = false, on_cols = ix->unique && !ix->where && ix->nr_keys == cols->nr;
		for (size_t k = 0; k < ix->nr_keys && on_cols; k++)
			on_cols = ix->keys[k].column && model_names_find(cols, ix->keys[k].column) >= 0;
		if (!on_cols)
			continue;
		for (size_t k = 0; k < to->nr_indexes && !kept; k++)
			kept = index_same(rp, ix, &to->indexes[k]);
		if (!kept)
			return true;
	}
	return false;
}

/*
 * A kept foreign key that must be dropped before and added back after the
 * changes: a column on either side changes type (PostgreSQL checks the
 * types match at every step, and an enum rebuild changes the type), or the
 * key it references is dropped and made again.
 */
static bool fk_rebuilt(const struct ctx *c, const struct table_pair *p,
		       const struct model_foreign_key *a)
{
	const struct table_pair *rp = ref_pair(c, a);

	if (!rp)
		return true;
	for (size_t i = 0; i < a->columns.nr; i++) {
		if (column_retyped(c, p, a->columns.items[i]))
			return true;
	}
	for (size_t i = 0; i < a->ref_columns.nr; i++) {
		if (column_retyped(c, rp, a->ref_columns.items[i]))
			return true;
	}
	return key_rebuilt(rp, &a->ref_columns);
}

static bool has_check(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (strcmp(t->checks[i].name, name) == 0)
			return true;
	}
	return false;
}

/* The same check: same name and expression, or renamed (a new name, the same expression). */
static bool check_same(const struct table_pair *p, const struct model_check *a,
		       const struct model_check *b)
{
	if (!model_expr_equal(a->expr, b->expr))
		return false;
	return strcmp(a->name, b->name) == 0 ||
	       (!has_check(p->to, a->name) && !has_check(p->from, b->name));
}

static bool unique_same(const struct table_pair *p, const struct model_unique *a,
			const struct model_unique *b)
{
	return columns_same(p, &a->columns, &b->columns) && a->nulls_not_distinct == b->nulls_not_distinct &&
	       a->deferrable == b->deferrable && a->initially_deferred == b->initially_deferred;
}

/* --- enums ------------------------------------------------------------- */

/*
 * Do the new model's defaults or expressions use value of enum e? Errs on
 * the side of yes (a text search): a false yes costs a rebuild, a false no
 * a failed migration.
 */
static bool enum_value_used(const struct model *m, const struct model_enum *e, const char *value)
{
	struct strbuf quoted = STRBUF_INIT;
	bool used = false;

	strbuf_addch(&quoted, '\'');
	for (const char *s = value; *s; s++) {
		if (*s == '\'')
			strbuf_addch(&quoted, '\'');
		strbuf_addch(&quoted, *s);
	}
	strbuf_addch(&quoted, '\'');
	for (size_t i = 0; i < m->nr_tables && !used; i++) {
		const struct model_table *t = m->tables[i];
		for (size_t k = 0; k < t->nr_columns && !used; k++) {
			const struct model_column *col = &t->columns[k];
			if (!col->default_value)
				continue;
			if (col->default_kind == DEFAULT_EXPR)
				used = strstr(col->default_value, quoted.buf) != NULL;
			else if (col->type.kind == TYPE_ENUM && strcmp(col->type.enum_name, e->name) == 0 &&
				 strcmp(col->type.enum_schema, e->schema) == 0)
				used = col->type.array_dims ? strstr(col->default_value, value) != NULL :
							      strcmp(col->default_value, value) == 0;
		}
		for (size_t k = 0; k < t->nr_checks && !used; k++)
			used = strstr(t->checks[k].expr, quoted.buf) != NULL;
		for (size_t k = 0; k < t->nr_indexes && !used; k++) {
			const struct model_index *ix = &t->indexes[k];
			used = ix->where && strstr(ix->where, quoted.buf);
			for (size_t j = 0; j < ix->nr_keys && !used; j++)
				used = ix->keys[j].expr && strstr(ix->keys[j].expr, quoted.buf);
		}
	}
	strbuf_release(&quoted);
	return used;
}

/* Are from's values, in order, a subsequence of to's? */
static bool values_kept_in_order(const struct model_names *from, const struct model_names *to)
{
	size_t j = 0;

	for (size_t i = 0; i < to->nr && j < from->nr; i++) {
		if (strcmp(to->items[i], from->items[j]) == 0)
			j++;
	}
	return j == from->nr;
}

/*
 * Can enum old become e by ALTER TYPE ... ADD VALUE? The old values keep
 * their order, and no new value is used in this migration (PostgreSQL
 * refuses to use a value in the transaction that added it).
 */
static bool enum_grows_in_place(const struct ctx *c, const struct model_enum *old,
				const struct model_enum *e)
{
	if (!values_kept_in_order(&old->values, &e->values))
		return false;
	for (size_t v = 0; v < e->values.nr; v++) {
		if (model_names_find(&old->values, e->values.items[v]) < 0 &&
		    enum_value_used(c->to, e, e->values.items[v]))
			return false;
	}
	return true;
}

/* Is the enum type of col (of the old model) rebuilt by this migration? */
static bool enum_rebuilt(const struct ctx *c, const struct model_column *col)
{
	const struct model_enum *a, *b;

	if (col->pg_type || col->type.kind != TYPE_ENUM)
		return false;
	a = model_find_enum(c->from, col->type.enum_schema, col->type.enum_name);
	b = model_find_enum(c->to, col->type.enum_schema, col->type.enum_name);
	return a && b && !model_names_equal(&a->values, &b->values) && !enum_grows_in_place(c, a, b);
}

/*
 * Changed enums: new values added in place (ALTER TYPE ... ADD VALUE) when
 * the old values keep their order and no new value is used in this
 * migration (PostgreSQL refuses to use a value in the transaction that
 * added it); otherwise the type is rebuilt.
 */
static int phase_enum_values(struct ctx *c, struct diff *df)
{
	for (size_t i = 0; i < c->to->nr_enums; i++) {
		const struct model_enum *e = &c->to->enums[i];
		const struct model_enum *old = model_find_enum(c->from, e->schema, e->name);
		bool in_place;

		if (!old || model_names_equal(&old->values, &e->values))
			continue;
		in_place = enum_grows_in_place(c, old, e);
		if (!in_place) {
			struct op *op = add_op(df, OP_REBUILD_ENUM);
			op->from_enum = old;
			op->to_enum = e;
			op->in_model = c->from;
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
				op->destructive = true;
			}
			continue;
		}
		for (size_t v = 0; v < e->values.nr; v++) {
			const char *val = e->values.items[v];
			struct op *op;
			if (model_names_find(&old->values, val) >= 0)
				continue;
			op = add_op(df, OP_ADD_ENUM_VALUE);
			op->from_enum = old;
			op->to_enum = e;
			op->enum_value = val;
			op->in_model = c->from;
			/* After the previous value, or before the next one. */
			if (v > 0) {
				op->enum_neighbour = e->values.items[v - 1];
				op->enum_before = false;
			} else if (e->values.nr > 1) {
				op->enum_neighbour = e->values.items[1];
				op->enum_before = true;
			}
		}
	}
	return 0;
}

/* --- new tables: dependency order and cycles ------------------------- */

/*
 * Creation order for the tables selected in `want` (indexes into m's
 * tables): referenced tables first. A foreign key is inline when its
 * target exists already (`exists` says whether a table of m is there
 * before) or is created earlier; the rest are added after all tables.
 */
struct create_plan {
	size_t *order;
	size_t nr;
	bool **inline_fks; /* per entry of order */
};

static void plan_creates(const struct model *m, const bool *want, const bool *exists,
			 struct create_plan *plan)
{
	size_t n = m->nr_tables;
	bool *done = xcalloc(n + 1, sizeof(bool));
	struct strmap index;

	index_tables(m, &index);
	plan->order = xmalloc(sizeof(size_t) * (n + 1));
	plan->inline_fks = xmalloc(sizeof(bool *) * (n + 1));
	plan->nr = 0;
	for (;;) {
		size_t before = plan->nr;
		/* Every table whose targets are all there; then, in a cycle, the first left. */
		for (int pass = 0; pass < 2 && plan->nr == before; pass++) {
			for (size_t i = 0; i < n; i++) {
				const struct model_table *t = m->tables[i];
				bool ready = true;
				if (!want[i] || done[i])
					continue;
				for (size_t k = 0; k < t->nr_fks && pass == 0; k++) {
					int r = find_table(&index, t->fks[k].ref_schema, t->fks[k].ref_table);
					if (r >= 0 && (size_t)r != i && want[r] && !done[r] && !exists[r])
						ready = false;
				}
				if (!ready)
					continue;
				plan->inline_fks[plan->nr] = xcalloc(t->nr_fks + 1, sizeof(bool));
				for (size_t k = 0; k < t->nr_fks; k++) {
					int r = find_table(&index, t->fks[k].ref_schema, t->fks[k].ref_table);
					plan->inline_fks[plan->nr][k] = r >= 0 && ((size_t)r == i || exists[r] || done[r]);
				}
				plan->order[plan->nr++] = i;
				done[i] = true;
				if (pass == 1)
					break; /* break one cycle at a time */
			}
		}
		if (plan->nr == before)
			break;
	}
	strmap_release(&index);
	free(done);
}

static void plan_release(struct create_plan *plan)
{
	free(plan->order);
	free(plan->inline_fks); /* the arrays themselves went to the ops */
}

/* Appends CREATE TABLE ops (and comments) for the planned tables. */
static void emit_creates(struct diff *df, const struct model *m, struct create_plan *plan)
{
	for (size_t i = 0; i < plan->nr; i++) {
		const struct model_table *t = m->tables[plan->order[i]];
		struct op *op = add_op(df, OP_CREATE_TABLE);
		op->to_table = t;
		op->inline_fks = plan->inline_fks[i];
		if (t->comment) {
			op = add_op(df, OP_COMMENT);
			op->target = TARGET_TABLE;
			op->to_table = t;
			op->to_comment = t->comment;
		}
		for (size_t k = 0; k < t->nr_columns; k++) {
			if (!t->columns[k].comment)
				continue;
			op = add_op(df, OP_COMMENT);
			op->target = TARGET_COLUMN;
			op->to_table = t;
			op->to_column = &t->columns[k];
			op->to_comment = t->columns[k].comment;
		}
		for (size_t k = 0; k < t->nr_indexes; k++) {
			op = add_op(df, OP_CREATE_INDEX);
			op->to_table = t;
			op->to_index = &t->indexes[k];
			if (t->indexes[k].comment) {
				op = add_op(df, OP_COMMENT);
				op->target = TARGET_INDEX;
				op->to_table = t;
				op->to_index = &t->indexes[k];
				op->to_comment = t->indexes[k].comment;
			}
		}
	}
	/* Foreign keys that could not be inline: after every table exists. */
	for (size_t i = 0; i < plan->nr; i++) {
		const struct model_table *t = m->tables[plan->order[i]];
		for (size_t k = 0; k < t->nr_fks; k++) {
			struct op *op;
			if (plan->inline_fks[i][k])
				continue;
			op = add_op(df, OP_ADD_FOREIGN_KEY);
			op->to_table = t;
			op->to_fk = &t->fks[k];
		}
	}
}

/*
 * Appends the drops that undo src's table creations, in reverse order: the
 * foreign keys added afterwards, then indexes, comments and tables (their
 * inverses in the down section create everything back; the up section
 * leaves out what the DROP TABLE takes anyway). src is released.
 */
static void append_inverted_creates(struct diff *df, struct diff *src)
{
	for (size_t i = src->nr; i-- > 0;) {
		struct op *op;
		op = add_op(df, OP_CREATE_TABLE);
		diff_invert(&src->ops[i], op);
		src->ops[i].inline_fks = NULL; /* moved to op */
		src->ops[i].fill = NULL;
		op->destructive = op->kind == OP_DROP_TABLE;
	}
	diff_release(src);
}

/* --- the phases -------------------------------------------------------- */

static const struct model_column *from_col(const struct table_pair *p, size_t to_k)
{
	int f = p->to_col_from[to_k];
	return f >= 0 ? &p->from->columns[f] : NULL;
}

static struct op *pair_op(struct diff *df, enum op_kind kind, const struct table_pair *p)
{
	struct op *op = add_op(df, kind);

	op->from_table = p->from;
	op->to_table = p->to;
	return op;
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
static const char *fill_option_in(struct ctx *c, const struct model *m, const struct strmap *index,
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
	return fill_option_in(c, c->to, &c->to_index, t, col);
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

	if (col->pg_type || col->sqlite_type || model_check_literal(m, &col->type, value, &lit) == 0) {
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
static int choose_down_fill(struct ctx *c, const struct table_pair *p,
			     const struct model_column *col, struct op *op)
{
	const char *opt = fill_option_in(c, c->from, &c->from_index, p->from, col->name);

	if (!opt)
		opt = fill_option(c, p->to, col->name);
	if (opt) {
		op->fill = xstrdup(opt);
		return check_fill(c, c->from, col, col->name, &op->fill);
	} else if (!col->pg_type && !column_constrained(p->from, col->name)) {
		op->fill = xstrdup(placeholder_fill(c->from, col));
		op->fill_is_placeholder = true;
	}
	return 0;
}

/* --no-fill for a column (by its new name)? */
static bool no_fill_option(struct ctx *c, const struct model_table *t, const char *col)
{
	for (size_t i = 0; i < c->opts->nr_no_fills; i++) {
		char *cname = NULL;
		int tn = resolve_name(c->to, &c->to_index, c->opts->no_fills[i], true, &cname);
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
static int choose_fill(struct ctx *c, const struct model_table *t, const struct model_column *col,
		       struct op *op)
{
	const char *opt;
	struct strbuf q = STRBUF_INIT, dn = STRBUF_INIT;
	char *answer = NULL;
	int ret;

	if (col->default_kind == DEFAULT_EXPR) {
		op->fill = xstrdup(col->default_value);
		op->fill_is_expr = true;
		return 0;
	}
	if (col->default_kind == DEFAULT_LITERAL) {
		op->fill = xstrdup(col->default_value);
		return 0;
	}
	if (col->identity != IDENTITY_NONE)
		return 0;
	opt = fill_option(c, t, col->name);
	display_column(t, col->name, &dn);
	if (opt) {
		op->fill = xstrdup(opt);
		ret = check_fill(c, c->to, col, dn.buf, &op->fill);
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
		op->fill = answer;
		ret = check_fill(c, c->to, col, dn.buf, &op->fill);
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

static int phase_columns(struct ctx *c, struct diff *df, const struct table_pair *p, int step)
{
	const struct model_table *to = p->to, *from = p->from;

	switch (step) {
	case 0: /* identities and serials that go away or change kind */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &to->columns[k];
			struct op *op;
			if (!a || a->identity == b->identity || a->identity == IDENTITY_NONE)
				continue;
			if ((a->identity == IDENTITY_ALWAYS || a->identity == IDENTITY_BY_DEFAULT) &&
			    (b->identity == IDENTITY_ALWAYS || b->identity == IDENTITY_BY_DEFAULT))
				continue; /* SET GENERATED, later */
			op = pair_op(df, a->identity == IDENTITY_SERIAL ? OP_DROP_SERIAL : OP_DROP_IDENTITY, p);
			op->from_column = a;
			op->to_column = b;
		}
		return 0;
	case 1: /* dropped columns */
		for (size_t f = 0; f < from->nr_columns; f++) {
			struct op *op;
			struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, dn = STRBUF_INIT;
			int r;
			if (p->from_col_to[f] >= 0)
				continue;
			display_column(to, from->columns[f].name, &dn);
			strbuf_addf(&what, "drops column %s and its data", dn.buf);
			strbuf_addf(&q, "drop column %s and its data? [y/N] ", dn.buf);
			r = consent(c, what.buf, q.buf);
			strbuf_release(&what);
			strbuf_release(&q);
			strbuf_release(&dn);
			if (r < 0)
				return -1;
			/* cleared first, so that the down section puts the comment back */
			if (from->columns[f].comment) {
				op = pair_op(df, OP_COMMENT, p);
				op->target = TARGET_COLUMN;
				op->from_column = &from->columns[f];
				op->from_comment = from->columns[f].comment;
			}
			op = pair_op(df, OP_DROP_COLUMN, p);
			op->from_column = &from->columns[f];
			op->destructive = true;
			op->values_lost = true;
			/* the down direction adds it back; a NOT NULL column needs a value */
			if (from->columns[f].not_null && from->columns[f].default_kind == DEFAULT_NONE &&
			    from->columns[f].identity == IDENTITY_NONE)
				if (choose_down_fill(c, p, &from->columns[f], op) < 0)
					return -1;
		}
		return 0;
	case 2: /* added columns */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *b = &to->columns[k];
			struct op *op;
			if (from_col(p, k))
				continue;
			op = pair_op(df, OP_ADD_COLUMN, p);
			op->to_column = b;
			if (b->not_null && b->default_kind == DEFAULT_NONE && b->identity == IDENTITY_NONE &&
			    choose_fill(c, to, b, op) < 0)
				return -1;
			if (b->comment) {
				op = pair_op(df, OP_COMMENT, p);
				op->target = TARGET_COLUMN;
				op->to_column = b;
				op->to_comment = b->comment;
			}
		}
		return 0;
	case 3: /* types */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &to->columns[k];
			struct op *op;
			if (!a || column_type_same(a, b))
				continue;
			op = pair_op(df, OP_ALTER_TYPE, p);
			op->from_column = a;
			op->to_column = b;
			if (!type_widens(a, b)) {
				struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, dn = STRBUF_INIT,
					      ta = STRBUF_INIT, tb = STRBUF_INIT;
				int r;
				display_column(to, b->name, &dn);
				model_type_format(&a->type, &ta);
				model_type_format(&b->type, &tb);
				if (a->pg_type)
					strbuf_addf(&ta, " (%s)", a->pg_type);
				if (b->pg_type)
					strbuf_addf(&tb, " (%s)", b->pg_type);
				strbuf_addf(&what, "narrows column %s from %s to %s (values may not fit)",
					    dn.buf, ta.buf, tb.buf);
				strbuf_addf(&q, "change column %s from %s to %s (values may not fit)? [y/N] ",
					    dn.buf, ta.buf, tb.buf);
				r = consent(c, what.buf, q.buf);
				strbuf_release(&what);
				strbuf_release(&q);
				strbuf_release(&dn);
				strbuf_release(&ta);
				strbuf_release(&tb);
				if (r < 0)
					return -1;
				op->destructive = true;
			}
		}
		return 0;
	case 4: /* defaults */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &to->columns[k];
			struct op *op;
			if (!a || model_default_equal(a, b))
				continue;
			if (!column_type_same(a, b) ? diff_retypes_values(a, b) : enum_rebuilt(c, a))
				continue; /* the type change or the enum rebuild sets it */
			op = pair_op(df, OP_SET_DEFAULT, p);
			op->from_column = a;
			op->to_column = b;
		}
		return 0;
	case 5: /* nullability */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &to->columns[k];
			struct op *op;
			/* before an identity appears: PostgreSQL wants the column NOT NULL first */
			if (!a || a->not_null == b->not_null)
				continue;
			op = pair_op(df, b->not_null ? OP_SET_NOT_NULL : OP_DROP_NOT_NULL, p);
			op->from_column = a;
			op->to_column = b;
			if (b->not_null && choose_fill(c, to, b, op) < 0)
				return -1;
		}
		return 0;
	case 6: /* identities and serials that appear, or change kind */
		for (size_t k = 0; k < to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &to->columns[k];
			struct op *op;
			if (!a || a->identity == b->identity || b->identity == IDENTITY_NONE)
				continue;
			if ((a->identity == IDENTITY_ALWAYS || a->identity == IDENTITY_BY_DEFAULT) &&
			    (b->identity == IDENTITY_ALWAYS || b->identity == IDENTITY_BY_DEFAULT)) {
				op = pair_op(df, OP_SET_IDENTITY, p);
			} else {
				op = pair_op(df, b->identity == IDENTITY_SERIAL ? OP_ADD_SERIAL : OP_ADD_IDENTITY, p);
			}
			op->from_column = a;
			op->to_column = b;
		}
		return 0;
	}
	return 0;
}

/* Constraints and indexes of a table pair: drops (add == false) or adds. */
static void phase_constraints(struct ctx *c, struct diff *df, const struct table_pair *p, bool add)
{
	const struct model_table *from = p->from, *to = p->to;

	/* primary key */
	{
		const struct model_primary_key *a = from->pk.name ? &from->pk : NULL;
		const struct model_primary_key *b = to->pk.name ? &to->pk : NULL;
		bool same = a && b && columns_same(p, &a->columns, &b->columns);
		if (!same && add && b) {
			struct op *op = pair_op(df, OP_ADD_PRIMARY_KEY, p);
			op->to_pk = b;
		} else if (!same && !add && a) {
			struct op *op = pair_op(df, OP_DROP_PRIMARY_KEY, p);
			op->from_pk = a;
		}
	}
	for (size_t i = 0; i < (add ? to->nr_uniques : from->nr_uniques); i++) {
		const struct model_unique *u = add ? &to->uniques[i] : &from->uniques[i];
		bool same = false;
		for (size_t k = 0; k < (add ? from->nr_uniques : to->nr_uniques) && !same; k++) {
			const struct model_unique *o = add ? &from->uniques[k] : &to->uniques[k];
			same = add ? unique_same(p, o, u) : unique_same(p, u, o);
		}
		if (!same) {
			struct op *op = pair_op(df, add ? OP_ADD_UNIQUE : OP_DROP_UNIQUE, p);
			if (add)
				op->to_unique = u;
			else
				op->from_unique = u;
		}
	}
	for (size_t i = 0; i < (add ? to->nr_checks : from->nr_checks); i++) {
		const struct model_check *ck = add ? &to->checks[i] : &from->checks[i];
		bool same = false;
		for (size_t k = 0; k < (add ? from->nr_checks : to->nr_checks) && !same; k++) {
			const struct model_check *o = add ? &from->checks[k] : &to->checks[k];
			same = add ? check_same(p, o, ck) : check_same(p, ck, o);
		}
		if (!same) {
			struct op *op = pair_op(df, add ? OP_ADD_CHECK : OP_DROP_CHECK, p);
			if (add)
				op->to_check = ck;
			else
				op->from_check = ck;
		}
	}
	for (size_t i = 0; i < (add ? to->nr_indexes : from->nr_indexes); i++) {
		const struct model_index *ix = add ? &to->indexes[i] : &from->indexes[i];
		bool same = false;
		for (size_t k = 0; k < (add ? from->nr_indexes : to->nr_indexes) && !same; k++) {
			const struct model_index *o = add ? &from->indexes[k] : &to->indexes[k];
			same = add ? index_same(p, o, ix) : index_same(p, ix, o);
		}
		if (!same) {
			struct op *op;
			/* cleared first, so that the down section puts the comment back */
			if (!add && ix->comment) {
				op = pair_op(df, OP_COMMENT, p);
				op->target = TARGET_INDEX;
				op->from_index = ix;
				op->from_comment = ix->comment;
			}
			op = pair_op(df, add ? OP_CREATE_INDEX : OP_DROP_INDEX, p);
			if (add)
				op->to_index = ix;
			else
				op->from_index = ix;
			if (add && ix->comment) {
				op = pair_op(df, OP_COMMENT, p);
				op->target = TARGET_INDEX;
				op->to_index = ix;
				op->to_comment = ix->comment;
			}
		}
	}
	(void)c;
}

static void phase_fks(struct ctx *c, struct diff *df, const struct table_pair *p, bool add)
{
	const struct model_table *from = p->from, *to = p->to;

	for (size_t i = 0; i < (add ? to->nr_fks : from->nr_fks); i++) {
		const struct model_foreign_key *fk = add ? &to->fks[i] : &from->fks[i];
		bool same = false;
		for (size_t k = 0; k < (add ? from->nr_fks : to->nr_fks) && !same; k++) {
			const struct model_foreign_key *o = add ? &from->fks[k] : &to->fks[k];
			same = add ? fk_same(c, p, o, fk) && !fk_rebuilt(c, p, o) :
				     fk_same(c, p, fk, o) && !fk_rebuilt(c, p, fk);
		}
		if (!same) {
			struct op *op = pair_op(df, add ? OP_ADD_FOREIGN_KEY : OP_DROP_FOREIGN_KEY, p);
			if (add)
				op->to_fk = fk;
			else
				op->from_fk = fk;
		}
	}
}

/* Kept constraints and indexes whose name changed (a renamed table's defaults). */
static void phase_renames(struct ctx *c, struct diff *df, const struct table_pair *p)
{
	const struct model_table *from = p->from, *to = p->to;
	struct op *op;

	if (from->pk.name && to->pk.name && columns_same(p, &from->pk.columns, &to->pk.columns) &&
	    strcmp(from->pk.name, to->pk.name) != 0) {
		op = pair_op(df, OP_RENAME_CONSTRAINT, p);
		op->from_name = from->pk.name;
		op->to_name = to->pk.name;
		op->from_pk = &from->pk;
		op->to_pk = &to->pk;
	}
	for (size_t i = 0; i < to->nr_uniques; i++) {
		for (size_t k = 0; k < from->nr_uniques; k++) {
			if (unique_same(p, &from->uniques[k], &to->uniques[i])) {
				if (strcmp(from->uniques[k].name, to->uniques[i].name) != 0) {
					op = pair_op(df, OP_RENAME_CONSTRAINT, p);
					op->from_name = from->uniques[k].name;
					op->to_name = to->uniques[i].name;
					op->from_unique = &from->uniques[k];
					op->to_unique = &to->uniques[i];
				}
				break;
			}
		}
	}
	for (size_t i = 0; i < to->nr_fks; i++) {
		for (size_t k = 0; k < from->nr_fks; k++) {
			if (fk_same(c, p, &from->fks[k], &to->fks[i])) {
				/* a rebuilt key is dropped and added under its new name */
				if (strcmp(from->fks[k].name, to->fks[i].name) != 0 &&
				    !fk_rebuilt(c, p, &from->fks[k])) {
					op = pair_op(df, OP_RENAME_CONSTRAINT, p);
					op->from_name = from->fks[k].name;
					op->to_name = to->fks[i].name;
					op->from_fk = &from->fks[k];
					op->to_fk = &to->fks[i];
				}
				break;
			}
		}
	}
	for (size_t i = 0; i < to->nr_checks; i++) {
		for (size_t k = 0; k < from->nr_checks; k++) {
			if (strcmp(from->checks[k].name, to->checks[i].name) != 0 &&
			    check_same(p, &from->checks[k], &to->checks[i])) {
				op = pair_op(df, OP_RENAME_CONSTRAINT, p);
				op->from_name = from->checks[k].name;
				op->to_name = to->checks[i].name;
				op->from_check = &from->checks[k];
				op->to_check = &to->checks[i];
				break;
			}
		}
	}
	for (size_t i = 0; i < to->nr_indexes; i++) {
		for (size_t k = 0; k < from->nr_indexes; k++) {
			if (index_same(p, &from->indexes[k], &to->indexes[i])) {
				if (strcmp(from->indexes[k].name, to->indexes[i].name) != 0) {
					op = pair_op(df, OP_RENAME_INDEX, p);
					op->from_name = from->indexes[k].name;
					op->to_name = to->indexes[i].name;
					op->from_index = &from->indexes[k];
					op->to_index = &to->indexes[i];
				}
				break;
			}
		}
	}
}

/* Comments of kept objects that changed. */
static void phase_comments(struct ctx *c, struct diff *df)
{
	struct op *op;

	for (size_t i = 0; i < c->to->nr_schemas; i++) {
		const struct model_schema *b = &c->to->schemas[i];
		const struct model_schema *a = model_find_schema(c->from, b->name);
		if (!a ? !b->comment : model_str_equal(a->comment, b->comment))
			continue;
		op = add_op(df, OP_COMMENT);
		op->target = TARGET_SCHEMA;
		op->from_schema = a;
		op->to_schema = b;
		op->from_comment = a ? a->comment : NULL;
		op->to_comment = b->comment;
	}
	for (size_t i = 0; i < c->to->nr_enums; i++) {
		const struct model_enum *b = &c->to->enums[i];
		const struct model_enum *a = model_find_enum(c->from, b->schema, b->name);
		if (!a ? !b->comment : model_str_equal(a->comment, b->comment))
			continue;
		op = add_op(df, OP_COMMENT);
		op->target = TARGET_ENUM;
		op->from_enum = a;
		op->to_enum = b;
		op->from_comment = a ? a->comment : NULL;
		op->to_comment = b->comment;
	}
	for (size_t i = 0; i < c->nr_pairs; i++) {
		const struct table_pair *p = &c->pairs[i];
		if (!model_str_equal(p->from->comment, p->to->comment)) {
			op = pair_op(df, OP_COMMENT, p);
			op->target = TARGET_TABLE;
			op->from_comment = p->from->comment;
			op->to_comment = p->to->comment;
		}
		for (size_t k = 0; k < p->to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &p->to->columns[k];
			if (!a || model_str_equal(a->comment, b->comment))
				continue;
			op = pair_op(df, OP_COMMENT, p);
			op->target = TARGET_COLUMN;
			op->from_column = a;
			op->to_column = b;
			op->from_comment = a->comment;
			op->to_comment = b->comment;
		}
		for (size_t k = 0; k < p->to->nr_indexes; k++) {
			const struct model_index *b = &p->to->indexes[k];
			for (size_t j = 0; j < p->from->nr_indexes; j++) {
				const struct model_index *a = &p->from->indexes[j];
				if (!index_same(p, a, b))
					continue;
				if (!model_str_equal(a->comment, b->comment)) {
					op = pair_op(df, OP_COMMENT, p);
					op->target = TARGET_INDEX;
					op->from_index = a;
					op->to_index = b;
					op->from_comment = a->comment;
					op->to_comment = b->comment;
				}
				break;
			}
		}
	}
}

/* Where a rename's names must be unique: a schema's relations, a table's constraints or columns. */
static void rename_namespace(const struct op *op, struct strbuf *out)
{
	const struct model_table *t = op->to_table;

	strbuf_reset(out);
	if (op->kind == OP_RENAME_TABLE || op->kind == OP_RENAME_INDEX || op->from_pk || op->from_unique)
		strbuf_addf(out, "relation\x1f%s", t->schema);
	else
		strbuf_addf(out, "%s\x1f%s\x1f%s", op->kind == OP_RENAME_COLUMN ? "column" : "constraint",
			    t->schema, t->name);
}

/*
 * Appends src's renames to df, tables first, each after the rename that
 * frees its new name; a cycle (a <-> b) goes through a temporary name.
 * src is released.
 */
static void append_renames_ordered(struct diff *df, struct diff *src)
{
	size_t n = src->nr;
	bool *done = xcalloc(n + 1, sizeof(bool));
	struct strbuf *ns = xcalloc(n + 1, sizeof(*ns));

	for (size_t i = 0; i < n; i++) {
		strbuf_init(&ns[i], 0);
		rename_namespace(&src->ops[i], &ns[i]);
	}
	for (int tables = 1; tables >= 0; tables--) {
		for (;;) {
			bool left = false, progress = false;
			size_t first = n;
			for (size_t i = 0; i < n; i++) {
				bool blocked = false;
				if (done[i] || (src->ops[i].kind == OP_RENAME_TABLE) != tables)
					continue;
				left = true;
				if (first == n)
					first = i;
				for (size_t j = 0; j < n && !blocked; j++)
					blocked = j != i && !done[j] && strcmp(ns[i].buf, ns[j].buf) == 0 &&
						  strcmp(src->ops[j].from_name, src->ops[i].to_name) == 0;
				if (blocked)
					continue;
				*add_op(df, src->ops[i].kind) = src->ops[i];
				done[i] = true;
				progress = true;
			}
			if (!left)
				break;
			if (!progress) {
				struct strbuf tmp = STRBUF_INIT;
				struct op *aside = add_op(df, src->ops[first].kind);
				*aside = src->ops[first];
				model_make_object_name(src->ops[first].from_name, NULL, "mig_tmp", &tmp);
				aside->tmp_name = strbuf_detach(&tmp, NULL);
				aside->to_name = aside->tmp_name;
				src->ops[first].from_name = aside->tmp_name;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		strbuf_release(&ns[i]);
	free(ns);
	free(done);
	diff_release(src);
}

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nr_pairs; i++) {
		free(c->pairs[i].to_col_from);
		free(c->pairs[i].from_col_to);
	}
	free(c->pairs);
	free(c->to_pair);
	free(c->from_pair);
	strmap_release(&c->from_index);
	strmap_release(&c->to_index);
}

int diff_compute(struct diff *df, const struct model *from, const struct model *to,
		 const struct diff_options *opts, struct diag *d)
{
	struct ctx c = { .from = from, .to = to, .opts = opts, .d = d, .df = df };
	struct diff removed, renames;
	struct create_plan plan;
	bool *want, *exists;
	size_t first_before_renames;
	int ret = -1;

	df->from = from;
	df->to = to;
	index_tables(from, &c.from_index);
	index_tables(to, &c.to_index);
	diff_init(&removed);
	diff_init(&renames);
	if (match_tables(&c) < 0)
		goto out;
	for (size_t i = 0; i < c.nr_pairs; i++) {
		const struct table_pair *p = &c.pairs[i];
		struct strbuf key = STRBUF_INIT;
		if (match_columns(&c, &c.pairs[i]) < 0)
			goto out;
		pointer_key(p->from, &key);
		strmap_put(&df->now_table, key.buf, (void *)p->to);
		for (size_t k = 0; k < p->from->nr_columns; k++) {
			if (p->from_col_to[k] < 0)
				continue;
			pointer_key(&p->from->columns[k], &key);
			strmap_put(&df->now_column, key.buf, (void *)&p->to->columns[p->from_col_to[k]]);
		}
		strbuf_release(&key);
	}

	/* New schemas. */
	for (size_t i = 0; i < to->nr_schemas; i++) {
		if (!model_find_schema(from, to->schemas[i].name)) {
			struct op *op = add_op(df, OP_CREATE_SCHEMA);
			op->to_schema = &to->schemas[i];
			if (to->schemas[i].comment) {
				op = add_op(df, OP_COMMENT);
				op->target = TARGET_SCHEMA;
				op->to_schema = &to->schemas[i];
				op->to_comment = to->schemas[i].comment;
			}
		}
	}
	/* New enums. */
	for (size_t i = 0; i < to->nr_enums; i++) {
		const struct model_enum *e = &to->enums[i];
		if (!model_find_enum(from, e->schema, e->name)) {
			struct op *op = add_op(df, OP_CREATE_ENUM);
			op->to_enum = e;
			if (e->comment) {
				op = add_op(df, OP_COMMENT);
				op->target = TARGET_ENUM;
				op->to_enum = e;
				op->to_comment = e->comment;
			}
		}
	}
	/*
	 * What goes away, under the old names (so that a rename may take a
	 * name that is freed): foreign keys, removed tables (in the reverse of
	 * the order that would create them, with their foreign keys), then
	 * constraints and indexes they may have referenced, dropped columns.
	 */
	first_before_renames = df->nr;
	for (size_t i = 0; i < c.nr_pairs; i++)
		phase_fks(&c, df, &c.pairs[i], false);
	want = xcalloc(from->nr_tables + 1, sizeof(bool));
	exists = xcalloc(from->nr_tables + 1, sizeof(bool));
	for (size_t i = 0; i < from->nr_tables; i++) {
		want[i] = c.from_pair[i] < 0;
		exists[i] = !want[i];
		if (want[i]) {
			struct strbuf what = STRBUF_INIT, q = STRBUF_INIT, tn = STRBUF_INIT;
			int r;
			display_table(from->tables[i], &tn);
			strbuf_addf(&what, "drops table %s and its rows", tn.buf);
			strbuf_addf(&q, "drop table %s and its rows? [y/N] ", tn.buf);
			r = consent(&c, what.buf, q.buf);
			strbuf_release(&what);
			strbuf_release(&q);
			strbuf_release(&tn);
			if (r < 0) {
				free(want);
				free(exists);
				goto out;
			}
		}
	}
	plan_creates(from, want, exists, &plan);
	emit_creates(&removed, from, &plan);
	plan_release(&plan);
	append_inverted_creates(df, &removed);
	free(want);
	free(exists);
	for (size_t i = 0; i < c.nr_pairs; i++)
		phase_constraints(&c, df, &c.pairs[i], false);
	for (size_t i = 0; i < c.nr_pairs; i++) {
		if (phase_columns(&c, df, &c.pairs[i], 1) < 0)
			goto out;
	}
	for (size_t i = first_before_renames; i < df->nr; i++)
		df->ops[i].before_renames = true;
	/* Renames: tables, columns, then constraints and indexes. */
	for (size_t i = 0; i < c.nr_pairs; i++) {
		const struct table_pair *p = &c.pairs[i];
		if (strcmp(p->from->name, p->to->name) != 0) {
			struct op *op = pair_op(&renames, OP_RENAME_TABLE, p);
			op->from_name = p->from->name;
			op->to_name = p->to->name;
		}
	}
	for (size_t i = 0; i < c.nr_pairs; i++) {
		const struct table_pair *p = &c.pairs[i];
		for (size_t k = 0; k < p->to->nr_columns; k++) {
			const struct model_column *a = from_col(p, k), *b = &p->to->columns[k];
			if (a && strcmp(a->name, b->name) != 0) {
				struct op *op = pair_op(&renames, OP_RENAME_COLUMN, p);
				op->from_column = a;
				op->to_column = b;
				op->from_name = a->name;
				op->to_name = b->name;
			}
		}
	}
	for (size_t i = 0; i < c.nr_pairs; i++)
		phase_renames(&c, &renames, &c.pairs[i]);
	append_renames_ordered(df, &renames);
	/* Enum values and rebuilds: no foreign key on their columns stands now. */
	if (phase_enum_values(&c, df) < 0)
		goto out;
	/* Column changes, step by step across tables. */
	for (int step = 0; step <= 6; step++) {
		for (size_t i = 0; i < c.nr_pairs && step != 1; i++) {
			if (phase_columns(&c, df, &c.pairs[i], step) < 0)
				goto out;
		}
	}
	/* New constraints and indexes of kept tables: new tables may reference them. */
	for (size_t i = 0; i < c.nr_pairs; i++)
		phase_constraints(&c, df, &c.pairs[i], true);
	/* New tables. */
	want = xcalloc(to->nr_tables + 1, sizeof(bool));
	exists = xcalloc(to->nr_tables + 1, sizeof(bool));
	for (size_t i = 0; i < to->nr_tables; i++) {
		want[i] = c.to_pair[i] < 0;
		exists[i] = !want[i];
	}
	plan_creates(to, want, exists, &plan);
	emit_creates(df, to, &plan);
	plan_release(&plan);
	free(want);
	free(exists);
	/* New foreign keys of kept tables. */
	for (size_t i = 0; i < c.nr_pairs; i++)
		phase_fks(&c, df, &c.pairs[i], true);
	/* Comments. */
	phase_comments(&c, df);
	/* Removed enums and schemas. */
	for (size_t i = 0; i < from->nr_enums; i++) {
		const struct model_enum *e = &from->enums[i];
		if (!model_find_enum(to, e->schema, e->name)) {
			struct op *op = add_op(df, OP_DROP_ENUM);
			op->from_enum = e;
		}
	}
	for (size_t i = 0; i < from->nr_schemas; i++) {
		if (!model_find_schema(to, from->schemas[i].name)) {
			struct op *op = add_op(df, OP_DROP_SCHEMA);
			op->from_schema = &from->schemas[i];
		}
	}
	ret = 0;
out:
	diff_release(&removed);
	diff_release(&renames);
	ctx_release(&c);
	return ret;
}

static enum op_kind inverse_kind(enum op_kind k)
{
	switch (k) {
	case OP_CREATE_SCHEMA: return OP_DROP_SCHEMA;
	case OP_DROP_SCHEMA: return OP_CREATE_SCHEMA;
	case OP_CREATE_ENUM: return OP_DROP_ENUM;
	case OP_DROP_ENUM: return OP_CREATE_ENUM;
	case OP_ADD_ENUM_VALUE: return OP_REMOVE_ENUM_VALUE;
	case OP_REMOVE_ENUM_VALUE: return OP_ADD_ENUM_VALUE;
	case OP_CREATE_TABLE: return OP_DROP_TABLE;
	case OP_DROP_TABLE: return OP_CREATE_TABLE;
	case OP_ADD_COLUMN: return OP_DROP_COLUMN;
	case OP_DROP_COLUMN: return OP_ADD_COLUMN;
	case OP_SET_NOT_NULL: return OP_DROP_NOT_NULL;
	case OP_DROP_NOT_NULL: return OP_SET_NOT_NULL;
	case OP_ADD_IDENTITY: return OP_DROP_IDENTITY;
	case OP_DROP_IDENTITY: return OP_ADD_IDENTITY;
	case OP_ADD_SERIAL: return OP_DROP_SERIAL;
	case OP_DROP_SERIAL: return OP_ADD_SERIAL;
	case OP_ADD_PRIMARY_KEY: return OP_DROP_PRIMARY_KEY;
	case OP_DROP_PRIMARY_KEY: return OP_ADD_PRIMARY_KEY;
	case OP_ADD_UNIQUE: return OP_DROP_UNIQUE;
	case OP_DROP_UNIQUE: return OP_ADD_UNIQUE;
	case OP_ADD_FOREIGN_KEY: return OP_DROP_FOREIGN_KEY;
	case OP_DROP_FOREIGN_KEY: return OP_ADD_FOREIGN_KEY;
	case OP_ADD_CHECK: return OP_DROP_CHECK;
	case OP_DROP_CHECK: return OP_ADD_CHECK;
	case OP_CREATE_INDEX: return OP_DROP_INDEX;
	case OP_DROP_INDEX: return OP_CREATE_INDEX;
	default: return k; /* renames, type, default, identity kind, rebuild, comment: swapped */
	}
}

#define SWAP(a, b)                                                             \
	do {                                                                   \
		__typeof__(a) tmp_ = (a);                                      \
		(a) = (b);                                                     \
		(b) = tmp_;                                                    \
	} while (0)

void diff_invert(const struct op *op, struct op *inv)
{
	*inv = *op;
	inv->kind = inverse_kind(op->kind);
	SWAP(inv->from_schema, inv->to_schema);
	SWAP(inv->from_enum, inv->to_enum);
	SWAP(inv->from_table, inv->to_table);
	SWAP(inv->from_column, inv->to_column);
	SWAP(inv->from_pk, inv->to_pk);
	SWAP(inv->from_unique, inv->to_unique);
	SWAP(inv->from_fk, inv->to_fk);
	SWAP(inv->from_check, inv->to_check);
	SWAP(inv->from_index, inv->to_index);
	SWAP(inv->from_name, inv->to_name);
	SWAP(inv->from_comment, inv->to_comment);
	/* The fill of a SET NOT NULL is its own business: the inverse never needs one,
	 * except a dropped NOT NULL column added back (DROP_COLUMN keeps its fill). */
	if (op->kind != OP_DROP_COLUMN && op->kind != OP_ADD_COLUMN) {
		inv->fill = NULL;
		inv->fill_is_expr = false;
	}
	inv->destructive = false;
}

bool diff_is_destructive(const struct diff *df)
{
	for (size_t i = 0; i < df->nr; i++) {
		if (df->ops[i].destructive)
			return true;
	}
	return false;
}

static void describe_column(const struct model_column *col, struct strbuf *out)
{
	strbuf_addf(out, "%s ", col->name);
	model_type_format(&col->type, out);
	if (col->not_null)
		strbuf_addstr(out, " NOT NULL");
}

void diff_describe(const struct op *op, struct strbuf *out)
{
	const struct model_table *t = op->to_table ? op->to_table : op->from_table;
	const struct model_column *col = op->to_column ? op->to_column : op->from_column;
	struct strbuf tn = STRBUF_INIT, ta = STRBUF_INIT, tb = STRBUF_INIT;

	if (t)
		display_table(t, &tn);
	switch (op->kind) {
	case OP_CREATE_SCHEMA: strbuf_addf(out, "+ schema %s", op->to_schema->name); break;
	case OP_DROP_SCHEMA: strbuf_addf(out, "- schema %s", op->from_schema->name); break;
	case OP_CREATE_ENUM: strbuf_addf(out, "+ enum %s", op->to_enum->name); break;
	case OP_DROP_ENUM: strbuf_addf(out, "- enum %s", op->from_enum->name); break;
	case OP_ADD_ENUM_VALUE:
		strbuf_addf(out, "~ enum %s: + value '%s'", op->to_enum->name, op->enum_value);
		break;
	case OP_REMOVE_ENUM_VALUE:
		strbuf_addf(out, "~ enum %s: - value '%s'", op->from_enum->name, op->enum_value);
		break;
	case OP_REBUILD_ENUM:
		strbuf_addf(out, "~ enum %s: values changed (rebuilt)", op->to_enum->name);
		break;
	case OP_CREATE_TABLE: strbuf_addf(out, "+ table %s", tn.buf); break;
	case OP_DROP_TABLE: strbuf_addf(out, "- table %s", tn.buf); break;
	case OP_RENAME_TABLE:
		strbuf_addf(out, "~ table %s: renamed from %s", tn.buf, op->from_name);
		break;
	case OP_ADD_COLUMN:
		strbuf_addf(out, "+ column %s.", tn.buf);
		describe_column(col, out);
		break;
	case OP_DROP_COLUMN: strbuf_addf(out, "- column %s.%s", tn.buf, col->name); break;
	case OP_RENAME_COLUMN:
		strbuf_addf(out, "~ column %s.%s: renamed from %s", tn.buf, op->to_name, op->from_name);
		break;
	case OP_ALTER_TYPE:
		model_type_format(&op->from_column->type, &ta);
		model_type_format(&op->to_column->type, &tb);
		if (op->from_column->pg_type)
			strbuf_addf(&ta, " (pg %s)", op->from_column->pg_type);
		if (op->to_column->pg_type)
			strbuf_addf(&tb, " (pg %s)", op->to_column->pg_type);
		if (op->from_column->sqlite_type)
			strbuf_addf(&ta, " (sqlite %s)", op->from_column->sqlite_type);
		if (op->to_column->sqlite_type)
			strbuf_addf(&tb, " (sqlite %s)", op->to_column->sqlite_type);
		if (op->from_column->collation)
			strbuf_addf(&ta, " collate %s", op->from_column->collation);
		if (op->to_column->collation)
			strbuf_addf(&tb, " collate %s", op->to_column->collation);
		strbuf_addf(out, "~ column %s.%s: type %s -> %s", tn.buf, col->name, ta.buf, tb.buf);
		break;
	case OP_SET_NOT_NULL: strbuf_addf(out, "~ column %s.%s: NOT NULL", tn.buf, col->name); break;
	case OP_DROP_NOT_NULL: strbuf_addf(out, "~ column %s.%s: nullable", tn.buf, col->name); break;
	case OP_SET_DEFAULT:
		strbuf_addf(out, "~ column %s.%s: default %s -> %s", tn.buf, col->name,
			    op->from_column->default_value ? op->from_column->default_value : "(none)",
			    op->to_column->default_value ? op->to_column->default_value : "(none)");
		break;
	case OP_ADD_IDENTITY: strbuf_addf(out, "~ column %s.%s: + identity", tn.buf, col->name); break;
	case OP_DROP_IDENTITY: strbuf_addf(out, "~ column %s.%s: - identity", tn.buf, col->name); break;
	case OP_SET_IDENTITY: strbuf_addf(out, "~ column %s.%s: identity generation", tn.buf, col->name); break;
	case OP_ADD_SERIAL: strbuf_addf(out, "~ column %s.%s: + serial", tn.buf, col->name); break;
	case OP_DROP_SERIAL: strbuf_addf(out, "~ column %s.%s: - serial", tn.buf, col->name); break;
	case OP_ADD_PRIMARY_KEY: strbuf_addf(out, "+ primary key %s on %s", op->to_pk->name, tn.buf); break;
	case OP_DROP_PRIMARY_KEY: strbuf_addf(out, "- primary key %s on %s", op->from_pk->name, tn.buf); break;
	case OP_ADD_UNIQUE: strbuf_addf(out, "+ unique %s on %s", op->to_unique->name, tn.buf); break;
	case OP_DROP_UNIQUE: strbuf_addf(out, "- unique %s on %s", op->from_unique->name, tn.buf); break;
	case OP_ADD_FOREIGN_KEY: strbuf_addf(out, "+ foreign key %s on %s", op->to_fk->name, tn.buf); break;
	case OP_DROP_FOREIGN_KEY: strbuf_addf(out, "- foreign key %s on %s", op->from_fk->name, tn.buf); break;
	case OP_ADD_CHECK: strbuf_addf(out, "+ check %s on %s", op->to_check->name, tn.buf); break;
	case OP_DROP_CHECK: strbuf_addf(out, "- check %s on %s", op->from_check->name, tn.buf); break;
	case OP_CREATE_INDEX: strbuf_addf(out, "+ index %s on %s", op->to_index->name, tn.buf); break;
	case OP_DROP_INDEX: strbuf_addf(out, "- index %s on %s", op->from_index->name, tn.buf); break;
	case OP_RENAME_CONSTRAINT:
		strbuf_addf(out, "~ constraint %s on %s: renamed from %s", op->to_name, tn.buf, op->from_name);
		break;
	case OP_RENAME_INDEX:
		strbuf_addf(out, "~ index %s on %s: renamed from %s", op->to_name, tn.buf, op->from_name);
		break;
	case OP_COMMENT:
		strbuf_addstr(out, "~ comment on ");
		switch (op->target) {
		case TARGET_SCHEMA:
			strbuf_addf(out, "schema %s", (op->to_schema ? op->to_schema : op->from_schema)->name);
			break;
		case TARGET_ENUM:
			strbuf_addf(out, "enum %s", (op->to_enum ? op->to_enum : op->from_enum)->name);
			break;
		case TARGET_TABLE: strbuf_addf(out, "table %s", tn.buf); break;
		case TARGET_COLUMN: strbuf_addf(out, "column %s.%s", tn.buf, col->name); break;
		case TARGET_INDEX:
			strbuf_addf(out, "index %s", (op->to_index ? op->to_index : op->from_index)->name);
			break;
		default: break;
		}
		break;
	}
	strbuf_release(&tn);
	strbuf_release(&ta);
	strbuf_release(&tb);
}

/* Is p among the nr pointers of set? */
static bool in_set(const void *const *set, size_t nr, const void *p)
{
	for (size_t i = 0; i < nr; i++) {
		if (set[i] == p)
			return true;
	}
	return false;
}

/*
 * Drops a later drop makes pointless: the indexes and comments of a table
 * (or the comment of an enum, schema, column or index) dropped in the same
 * section.
 * Filters ops[0..n) in place; returns the new count.
 */
static size_t without_subsumed(struct op *ops, size_t n)
{
	const void **dropped = xmalloc(sizeof(void *) * (n + 1));
	size_t nr_dropped = 0, kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (ops[i].kind == OP_DROP_TABLE)
			dropped[nr_dropped++] = ops[i].from_table;
		else if (ops[i].kind == OP_DROP_ENUM)
			dropped[nr_dropped++] = ops[i].from_enum;
		else if (ops[i].kind == OP_DROP_SCHEMA)
			dropped[nr_dropped++] = ops[i].from_schema;
		else if (ops[i].kind == OP_DROP_COLUMN)
			dropped[nr_dropped++] = ops[i].from_column;
		else if (ops[i].kind == OP_DROP_INDEX)
			dropped[nr_dropped++] = ops[i].from_index;
	}
	for (size_t i = 0; i < n; i++) {
		const struct op *op = &ops[i];
		const struct model_table *t = op->from_table ? op->from_table : op->to_table;
		bool skip = false;
		if (op->kind == OP_DROP_INDEX)
			skip = in_set(dropped, nr_dropped, t);
		else if (op->kind == OP_COMMENT && !op->to_comment)
			skip = (op->target == TARGET_ENUM && in_set(dropped, nr_dropped, op->from_enum)) ||
			       (op->target == TARGET_SCHEMA && in_set(dropped, nr_dropped, op->from_schema)) ||
			       ((op->target == TARGET_TABLE || op->target == TARGET_COLUMN ||
				 op->target == TARGET_INDEX) && in_set(dropped, nr_dropped, t)) ||
			       (op->target == TARGET_COLUMN && in_set(dropped, nr_dropped, op->from_column)) ||
			       (op->target == TARGET_INDEX && in_set(dropped, nr_dropped, op->from_index));
		if (!skip)
			ops[kept++] = ops[i];
	}
	free(dropped);
	return kept;
}

size_t diff_up_ops(const struct diff *df, struct op **out)
{
	*out = xmalloc(sizeof(struct op) * (df->nr + 1));
	if (df->nr)
		memcpy(*out, df->ops, sizeof(struct op) * df->nr);
	return without_subsumed(*out, df->nr);
}

size_t diff_down_ops(const struct diff *df, struct op **out)
{
	const void **rebuilt = xmalloc(sizeof(void *) * (df->nr + 1));
	size_t nr_rebuilt = 0, n = 0;

	*out = xmalloc(sizeof(struct op) * (df->nr + 1));
	for (size_t i = df->nr; i-- > 0;) {
		struct op inv;

		diff_invert(&df->ops[i], &inv);
		/* the down of a created table or an added column loses what was written since: it says so */
		inv.destructive = inv.kind == OP_DROP_TABLE || inv.kind == OP_DROP_COLUMN;
		/* several values added to one enum: one rebuild removes them all */
		if (inv.kind == OP_REMOVE_ENUM_VALUE) {
			if (in_set(rebuilt, nr_rebuilt, inv.from_enum))
				continue;
			rebuilt[nr_rebuilt++] = inv.from_enum;
		}
		(*out)[n++] = inv;
	}
	free(rebuilt);
	return without_subsumed(*out, n);
}

void diff_destructive_note(const struct op *op, bool types_enforced, struct strbuf *out)
{
	const struct model_table *t = op->from_table ? op->from_table : op->to_table;
	struct strbuf tn = STRBUF_INIT;

	if (!op->destructive)
		return;
	if (t)
		model_table_display(t, &tn);
	switch (op->kind) {
	case OP_DROP_TABLE:
		strbuf_addf(out, "-- destructive: drops table %s and its rows\n", tn.buf);
		break;
	case OP_DROP_COLUMN:
		strbuf_addf(out, "-- destructive: drops column %s.%s and its data\n", tn.buf, op->from_column->name);
		break;
	case OP_ALTER_TYPE:
		if (types_enforced)
			strbuf_addf(out, "-- destructive: narrows column %s.%s (values that do not fit make it fail)\n",
				    tn.buf, op->to_column->name);
		else
			strbuf_addf(out, "-- destructive: narrows column %s.%s (SQLite keeps values the new type "
				    "would refuse: it converts what its type affinity can, and keeps the rest)\n", tn.buf,
				    op->to_column->name);
		break;
	case OP_REBUILD_ENUM:
		strbuf_addf(out, "-- destructive: removes values of enum %s (rows holding them make it fail)\n",
			    op->to_enum->name);
		break;
	default:
		break;
	}
	strbuf_release(&tn);
}

void diff_lost_values_note(const struct op *op, const struct model_table *t, struct strbuf *out)
{
	const struct model_column *c = op->to_column;
	struct strbuf dn = STRBUF_INIT;

	model_table_display(t, &dn);
	strbuf_addf(&dn, ".%s", c->name);
	if (op->fill && op->fill_is_placeholder)
		strbuf_addf(out, "-- %s comes back without its values: existing rows get a placeholder "
			    "(choose the value with --fill %s=VALUE)\n", dn.buf, dn.buf);
	else if (!op->fill && c->not_null && c->default_kind == DEFAULT_NONE && c->identity == IDENTITY_NONE)
		strbuf_addf(out, "-- %s comes back without its values: NOT NULL fails on a table with rows "
			    "(give them a value with --fill %s=VALUE)\n", dn.buf, dn.buf);
	strbuf_release(&dn);
}

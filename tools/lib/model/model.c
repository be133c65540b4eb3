/* The model's structure: lifecycle, constructors, lookups, comparison. */
#include "model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sqlnorm.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	strpool_init(&m->strings);
}

void model_names_add(struct model_names *n, const char *s)
{
	/* most lists are a key's one or two columns: from two, not ALLOC_GROW's eight */
	if (n->nr + 1 > n->alloc) {
		n->alloc = n->alloc ? n->alloc * 2 : 2;
		n->items = xrealloc(n->items, sizeof(*n->items) * n->alloc);
	}
	n->items[n->nr++] = xstrdup(s);
}

void model_names_release(struct model_names *n)
{
	for (size_t i = 0; i < n->nr; i++)
		free(n->items[i]);
	free(n->items);
	memset(n, 0, sizeof(*n));
}

int model_names_find(const struct model_names *n, const char *s)
{
	for (size_t i = 0; i < n->nr; i++) {
		if (strcmp(n->items[i], s) == 0)
			return (int)i;
	}
	return -1;
}

bool model_names_equal(const struct model_names *a, const struct model_names *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	}
	return true;
}

const struct model_column_extra model_column_no_extra;

void model_column_release(struct model_column *c)
{
	model_type_release(&c->type);
	if (c->extra != &model_column_no_extra) {
		struct model_column_extra *x = (struct model_column_extra *)c->extra;
		free(x->pg_type);
		free(x->sqlite_type);
		free(x->collation);
		free(x->comment);
		free(x->renamed_from);
		free(x->generated);
		free(x->sequence);
		free(x);
	}
	c->extra = &model_column_no_extra;
}

struct model_column_extra *model_column_extra(struct model_column *c)
{
	if (c->extra == &model_column_no_extra)
		c->extra = xcalloc(1, sizeof(*c->extra));
	/* a column's own extra: the const is only for readers */
	return (struct model_column_extra *)c->extra;
}

void model_column_extra_done(struct model_column *c)
{
	const struct model_column_extra *x = c->extra;

	if (x != &model_column_no_extra && !x->pg_type && !x->sqlite_type && !x->collation && !x->comment &&
	    !x->renamed_from && !x->generated && !x->sequence) {
		free((struct model_column_extra *)x);
		c->extra = &model_column_no_extra;
	}
}

void model_index_release(struct model_index *ix)
{
	free(ix->name);
	free(ix->method);
	for (size_t i = 0; i < ix->nr_keys; i++) {
		free(ix->keys[i].column);
		free(ix->keys[i].expr);
		free(ix->keys[i].collation);
		free(ix->keys[i].opclass);
	}
	free(ix->keys);
	model_names_release(&ix->include);
	free(ix->where);
	free(ix->comment);
	free(ix->with);
	memset(ix, 0, sizeof(*ix));
}

void model_unique_release(struct model_unique *u)
{
	free(u->name);
	free(u->comment);
	model_names_release(&u->columns);
}

void model_fk_release(struct model_foreign_key *fk)
{
	free(fk->name);
	model_names_release(&fk->columns);
	free(fk->ref_schema);
	free(fk->ref_table);
	model_names_release(&fk->ref_columns);
	free(fk->comment);
}

void model_check_release(struct model_check *ck)
{
	free(ck->name);
	free(ck->expr);
	free(ck->comment);
}

void model_table_free(struct model_table *t)
{
	free(t->schema);
	free(t->name);
	free(t->app);
	free(t->comment);
	free(t->renamed_from);
	free(t->owner);
	for (size_t i = 0; i < t->nr_columns; i++)
		model_column_release(&t->columns[i]);
	free(t->columns);
	free(t->pk.name);
	model_names_release(&t->pk.columns);
	free(t->pk.comment);
	for (size_t i = 0; i < t->nr_uniques; i++)
		model_unique_release(&t->uniques[i]);
	free(t->uniques);
	for (size_t i = 0; i < t->nr_fks; i++)
		model_fk_release(&t->fks[i]);
	free(t->fks);
	for (size_t i = 0; i < t->nr_checks; i++)
		model_check_release(&t->checks[i]);
	free(t->checks);
	for (size_t i = 0; i < t->nr_indexes; i++)
		model_index_release(&t->indexes[i]);
	free(t->indexes);
	model_table_props_release(t);
	free(t);
}

static void schema_release(struct model_schema *s)
{
	free(s->name);
	free(s->app);
	free(s->comment);
	free(s->owner);
}

static void enum_release(struct model_enum *e)
{
	free(e->schema);
	free(e->name);
	free(e->app);
	free(e->comment);
	model_names_release(&e->values);
}

void model_release(struct model *m)
{
	for (size_t i = 0; i < m->nr_schemas; i++)
		schema_release(&m->schemas[i]);
	free(m->schemas);
	for (size_t i = 0; i < m->nr_enums; i++)
		enum_release(&m->enums[i]);
	free(m->enums);
	for (size_t i = 0; i < m->nr_tables; i++)
		model_table_free(m->tables[i]);
	free(m->tables);
	for (size_t i = 0; i < m->nr_objects; i++)
		model_object_release(&m->objects[i]);
	free(m->objects);
	for (size_t i = 0; i < m->nr_files; i++)
		free(m->files[i]);
	free(m->files);
	for (size_t i = 0; i < m->nr_app_dbs; i++) {
		free(m->app_dbs[i].app);
		free(m->app_dbs[i].url_env);
	}
	free(m->app_dbs);
	model_table_index_release(&m->table_index);
	strpool_release(&m->strings);
	model_init(m);
}

const char *model_intern_file(struct model *m, const char *file)
{
	for (size_t i = 0; i < m->nr_files; i++) {
		if (strcmp(m->files[i], file) == 0)
			return m->files[i];
	}
	ALLOC_GROW(m->files, m->nr_files + 1, m->alloc_files);
	m->files[m->nr_files] = xstrdup(file);
	return m->files[m->nr_files++];
}

const char *model_intern(struct model *m, const char *s)
{
	return s ? strpool_intern(&m->strings, s) : NULL;
}

void model_column_set_default(struct model *m, struct model_column *c, enum model_default_kind kind,
			      const char *value)
{
	if (kind == DEFAULT_NONE || !value) {
		c->default_kind = DEFAULT_NONE;
		c->default_value = NULL;
		return;
	}
	c->default_kind = kind;
	/* defaults repeat ("now()", "false"): held once, as names are */
	c->default_value = model_intern(m, value);
}

void model_take_strings(struct model *to, struct model *from)
{
	strpool_take(&to->strings, &from->strings);
}

const char *model_app_database(const struct model *m, const char *app)
{
	for (size_t i = 0; app && i < m->nr_app_dbs; i++) {
		if (strcmp(m->app_dbs[i].app, app) == 0)
			return m->app_dbs[i].url_env;
	}
	return NULL;
}

/* Appends one zeroed element to an array of structs and points res at it. */
#define APPEND_ZEROED(res, arr, nr, alloc)                                     \
	do {                                                                   \
		ALLOC_GROW(arr, (nr) + 1, alloc);                              \
		(res) = &(arr)[(nr)++];                                        \
		memset((res), 0, sizeof(*(res)));                              \
	} while (0)

/*
 * The parts of a table (columns, keys, indexes) grow by a quarter, not by
 * doubling: a table has a few of each, and a model has thousands of
 * tables (20 columns in 32 slots and one index in 8 were a third of a
 * read model). Slots: 1, 2, 3, 4, 8, 12, 16, 20, 25, 31, ...
 */
#define APPEND_PART(res, arr, nr, alloc)                                       \
	do {                                                                   \
		if ((nr) + 1 > (alloc)) {                                      \
			(alloc) = (alloc) < 4 ? (alloc) + 1 : (alloc) + ((alloc) / 4 > 4 ? (alloc) / 4 : 4); \
			(arr) = xrealloc((arr), sizeof(*(arr)) * (alloc));     \
		}                                                              \
		(res) = &(arr)[(nr)++];                                        \
		memset((res), 0, sizeof(*(res)));                              \
	} while (0)

struct model_schema *model_add_schema(struct model *m)
{
	struct model_schema *res;

	APPEND_ZEROED(res, m->schemas, m->nr_schemas, m->alloc_schemas);
	return res;
}

struct model_enum *model_add_enum(struct model *m)
{
	struct model_enum *res;

	APPEND_ZEROED(res, m->enums, m->nr_enums, m->alloc_enums);
	return res;
}

struct model_table *model_add_table(struct model *m)
{
	struct model_table *t = xcalloc(1, sizeof(*t));

	ALLOC_GROW(m->tables, m->nr_tables + 1, m->alloc_tables);
	m->tables[m->nr_tables++] = t;
	model_unindex_tables(m);
	return t;
}

struct model_loc model_column_loc(const struct model_table *t, const struct model_column *c)
{
	/* a column not read from a file (inspected, or added by a migration's SQL) has no line */
	return (struct model_loc){ c->line ? t->loc.file : NULL, c->line };
}

struct model_column *model_table_add_column(struct model *m, struct model_table *t, const char *name)
{
	struct model_column *c;

	APPEND_PART(c, t->columns, t->nr_columns, t->alloc_columns);
	c->name = model_intern(m, name);
	c->type.length = c->type.precision = c->type.scale = -1;
	c->extra = &model_column_no_extra;
	return c;
}

struct model_unique *model_table_add_unique(struct model_table *t)
{
	struct model_unique *res;

	APPEND_PART(res, t->uniques, t->nr_uniques, t->alloc_uniques);
	return res;
}

struct model_foreign_key *model_table_add_fk(struct model_table *t)
{
	struct model_foreign_key *res;

	APPEND_PART(res, t->fks, t->nr_fks, t->alloc_fks);
	return res;
}

struct model_check *model_table_add_check(struct model_table *t)
{
	struct model_check *res;

	APPEND_PART(res, t->checks, t->nr_checks, t->alloc_checks);
	return res;
}

struct model_index *model_table_add_index(struct model_table *t)
{
	struct model_index *res;

	APPEND_PART(res, t->indexes, t->nr_indexes, t->alloc_indexes);
	return res;
}

struct model_index_key *model_index_add_key(struct model_index *ix)
{
	struct model_index_key *res;

	APPEND_PART(res, ix->keys, ix->nr_keys, ix->alloc_keys);
	return res;
}

/* Grows array *x of *alloc slots of size each to exactly want (when more). */
static void reserve_exact(void **x, size_t *alloc, size_t want, size_t size)
{
	if (want <= *alloc)
		return;
	*x = xrealloc(*x, want * size);
	*alloc = want;
}

void model_table_reserve(struct model_table *t, size_t columns, size_t uniques, size_t fks, size_t checks,
			 size_t indexes)
{
	reserve_exact((void **)&t->columns, &t->alloc_columns, columns, sizeof(*t->columns));
	reserve_exact((void **)&t->uniques, &t->alloc_uniques, uniques, sizeof(*t->uniques));
	reserve_exact((void **)&t->fks, &t->alloc_fks, fks, sizeof(*t->fks));
	reserve_exact((void **)&t->checks, &t->alloc_checks, checks, sizeof(*t->checks));
	reserve_exact((void **)&t->indexes, &t->alloc_indexes, indexes, sizeof(*t->indexes));
}

void model_index_trim(struct model_index *ix)
{
	if (ix->nr_keys && ix->nr_keys < ix->alloc_keys) {
		ix->keys = xrealloc(ix->keys, ix->nr_keys * sizeof(*ix->keys));
		ix->alloc_keys = ix->nr_keys;
	}
}

struct model_schema *model_find_schema(const struct model *m, const char *name)
{
	for (size_t i = 0; i < m->nr_schemas; i++) {
		if (strcmp(m->schemas[i].name, name) == 0)
			return &m->schemas[i];
	}
	return NULL;
}

struct model_enum *model_find_enum(const struct model *m, const char *schema, const char *name)
{
	for (size_t i = 0; i < m->nr_enums; i++) {
		if (strcmp(m->enums[i].schema, schema) == 0 &&
		    strcmp(m->enums[i].name, name) == 0)
			return &m->enums[i];
	}
	return NULL;
}

static void table_key(const void *elems, size_t i, const char **schema, const char **name)
{
	const struct model_table *t = ((struct model_table *const *)elems)[i];

	*schema = t->schema;
	*name = t->name;
}

static void index_build(struct model_table_index *ix, struct model_table *const *tables, size_t nr)
{
	/* the first definition wins, as in a linear search */
	pairset_build(&ix->set, tables, nr, nr, table_key, true);
}

static int index_find(const struct model_table_index *ix, struct model_table *const *tables, const char *schema,
		      const char *name)
{
	return (int)*pairset_slot(&ix->set, tables, table_key, schema, name) - 1;
}

void model_table_index_build(struct model_table_index *ix, const struct model *m)
{
	ix->m = m;
	index_build(ix, m->tables, m->nr_tables);
}

int model_table_index_find(const struct model_table_index *ix, const char *schema, const char *name)
{
	return ix->set.alloc ? index_find(ix, ix->m->tables, schema, name) : -1;
}

void model_table_index_release(struct model_table_index *ix)
{
	pairset_release(&ix->set);
	ix->m = NULL;
}

void model_index_tables(struct model *m)
{
	/* a model's own index has no pointer back to it: a model is moved by value */
	index_build(&m->table_index, m->tables, m->nr_tables);
}

void model_unindex_tables(struct model *m)
{
	model_table_index_release(&m->table_index);
}

struct model_table *model_find_table(const struct model *m, const char *schema, const char *name)
{
	if (m->table_index.set.alloc) {
		int at = index_find(&m->table_index, m->tables, schema, name);
		return at < 0 ? NULL : m->tables[at];
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (strcmp(m->tables[i]->schema, schema) == 0 &&
		    strcmp(m->tables[i]->name, name) == 0)
			return m->tables[i];
	}
	return NULL;
}

struct model_column *model_table_find_column(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_columns; i++) {
		if (strcmp(t->columns[i].name, name) == 0)
			return &t->columns[i];
	}
	return NULL;
}

char **model_table_constraint_comment(struct model_table *t, const char *name)
{
	if (t->pk.name && strcmp(t->pk.name, name) == 0)
		return &t->pk.comment;
	for (size_t i = 0; i < t->nr_uniques; i++) {
		if (strcmp(t->uniques[i].name, name) == 0)
			return &t->uniques[i].comment;
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		if (strcmp(t->fks[i].name, name) == 0)
			return &t->fks[i].comment;
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		if (strcmp(t->checks[i].name, name) == 0)
			return &t->checks[i].comment;
	}
	return NULL;
}

bool model_has_app(const struct model *m, const char *app)
{
	for (size_t i = 0; i < m->nr_schemas; i++)
		if (strcmp(m->schemas[i].app, app) == 0)
			return true;
	for (size_t i = 0; i < m->nr_enums; i++)
		if (strcmp(m->enums[i].app, app) == 0)
			return true;
	for (size_t i = 0; i < m->nr_tables; i++)
		if (strcmp(m->tables[i]->app, app) == 0)
			return true;
	for (size_t i = 0; i < m->nr_objects; i++)
		if (strcmp(m->objects[i].app, app) == 0)
			return true;
	return false;
}

static void add_app(struct model_names *apps, const char *app)
{
	if (model_names_find(apps, app) < 0)
		model_names_add(apps, app);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void model_list_apps(const struct model *m, struct strbuf *out)
{
	struct model_names apps = { 0 };

	for (size_t i = 0; i < m->nr_schemas; i++)
		add_app(&apps, m->schemas[i].app);
	for (size_t i = 0; i < m->nr_enums; i++)
		add_app(&apps, m->enums[i].app);
	for (size_t i = 0; i < m->nr_tables; i++)
		add_app(&apps, m->tables[i]->app);
	for (size_t i = 0; i < m->nr_objects; i++)
		add_app(&apps, m->objects[i].app);
	if (apps.nr)
		qsort(apps.items, apps.nr, sizeof(*apps.items), cmp_names);
	for (size_t i = 0; i < apps.nr; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", apps.items[i]);
	model_names_release(&apps);
}

static bool is_app(const char *obj_app, void *app)
{
	return strcmp(obj_app, app) == 0;
}

void model_retain_app(struct model *m, const char *app)
{
	model_retain_apps(m, is_app, (void *)app);
}

void model_retain_apps(struct model *m, bool (*keep)(const char *app, void *ctx), void *ctx)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->nr_schemas; i++) {
		if (keep(m->schemas[i].app, ctx))
			m->schemas[kept++] = m->schemas[i];
		else
			schema_release(&m->schemas[i]);
	}
	m->nr_schemas = kept;
	kept = 0;
	for (size_t i = 0; i < m->nr_enums; i++) {
		if (keep(m->enums[i].app, ctx))
			m->enums[kept++] = m->enums[i];
		else
			enum_release(&m->enums[i]);
	}
	m->nr_enums = kept;
	kept = 0;
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (keep(m->tables[i]->app, ctx))
			m->tables[kept++] = m->tables[i];
		else
			model_table_free(m->tables[i]);
	}
	m->nr_tables = kept;
	kept = 0;
	for (size_t i = 0; i < m->nr_objects; i++) {
		if (keep(m->objects[i].app, ctx))
			m->objects[kept++] = m->objects[i];
		else
			model_object_release(&m->objects[i]);
	}
	m->nr_objects = kept;
	model_index_tables(m);
}

void model_table_display(const struct model_table *t, struct strbuf *out)
{
	if (t->schema[0])
		strbuf_addf(out, "%s.", t->schema);
	strbuf_addstr(out, t->name);
}

/* --- comparison ------------------------------------------------------- */

/* The default as SQL text, for comparing a literal with an expression. */
static void default_sql(const struct model_column *c, struct strbuf *out)
{
	if (c->default_kind == DEFAULT_EXPR) {
		strbuf_addstr(out, c->default_value);
		return;
	}
	strbuf_addch(out, '\'');
	for (const char *s = c->default_value; *s; s++) {
		if (*s == '\'')
			strbuf_addch(out, '\'');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '\'');
}

/* Casting a value between two types of one family does not change its meaning. */
static int type_family(enum model_type_kind k)
{
	switch (k) {
	case TYPE_SMALLINT: case TYPE_INTEGER: case TYPE_BIGINT: case TYPE_NUMERIC: case TYPE_REAL:
	case TYPE_DOUBLE:
		return -1;
	case TYPE_TEXT: case TYPE_VARCHAR: case TYPE_CHAR:
		return -2;
	default:
		return (int)k;
	}
}

/* The type a constant default is cast to when it is not of c's family (owned), or NULL. */
static char *foreign_cast(const struct model_column *c, const char *expr)
{
	struct strbuf name = STRBUF_INIT;
	struct model_type t;
	struct diag d = DIAG_INIT;
	bool serial, foreign;

	if (!expr || c->extra->pg_type || !sqlnorm_constant_cast(expr, &name))
		goto no;
	if (strncmp(name.buf, "bpchar", 6) == 0) {
		struct strbuf ch = STRBUF_INIT;
		strbuf_addf(&ch, "char%s", name.buf + 6);
		strbuf_release(&name);
		name = ch;
	}
	memset(&t, 0, sizeof(t));
	if (model_type_parse(name.buf, &t, &serial, &d) < 0)
		foreign = true;
	else if (t.kind == TYPE_ENUM || c->type.kind == TYPE_ENUM)
		foreign = t.kind != c->type.kind || strcmp(t.enum_name, c->type.enum_name) != 0 ||
			  t.array_dims != c->type.array_dims;
	else
		foreign = type_family(t.kind) != type_family(c->type.kind) || t.array_dims != c->type.array_dims;
	model_type_release(&t);
	diag_release(&d);
	if (foreign)
		return strbuf_detach(&name, NULL);
no:
	strbuf_release(&name);
	return NULL;
}

/*
 * A constant PostgreSQL prints quoted and cast to c's own type, c being
 * smallint, bigint, real or double precision: written as a typed literal
 * ('2'::bigint). A bare 2 is stored as a cast of an integer and prints as 2,
 * so only the typed literal gives the column back as it was.
 */
static bool typed_number_literal(const struct model_column *c, const char *expr)
{
	struct strbuf name = STRBUF_INIT;
	struct model_type t;
	struct diag d = DIAG_INIT;
	bool serial, own = false;

	if (expr[0] != '\'' || c->type.array_dims ||
	    (c->type.kind != TYPE_SMALLINT && c->type.kind != TYPE_BIGINT && c->type.kind != TYPE_REAL &&
	     c->type.kind != TYPE_DOUBLE) || !sqlnorm_constant_cast(expr, &name))
		goto out;
	memset(&t, 0, sizeof(t));
	if (model_type_parse(name.buf, &t, &serial, &d) == 0)
		own = t.kind == c->type.kind && !t.array_dims;
	model_type_release(&t);
out:
	diag_release(&d);
	strbuf_release(&name);
	return own;
}

bool model_default_is_literal(const struct model_column *c, const char *expr)
{
	struct strbuf value = STRBUF_INIT;
	char *cast;
	bool constant = sqlnorm_expr_constant(expr, &value);

	strbuf_release(&value);
	if (!constant || typed_number_literal(c, expr))
		return false;
	cast = foreign_cast(c, expr);
	free(cast);
	return !cast;
}

bool model_default_equal(const struct model_column *a, const struct model_column *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	char *ca, *cb;
	bool eq;

	if (a->default_kind == DEFAULT_NONE || b->default_kind == DEFAULT_NONE)
		return a->default_kind == b->default_kind;
	if (a->default_kind == b->default_kind && strcmp(a->default_value, b->default_value) == 0)
		return true;
	/* the keys ignore casts of constants: a cast to another type is another value */
	ca = a->default_kind == DEFAULT_EXPR ? foreign_cast(a, a->default_value) : NULL;
	cb = b->default_kind == DEFAULT_EXPR ? foreign_cast(b, b->default_value) : NULL;
	eq = model_str_equal(ca, cb);
	free(ca);
	free(cb);
	if (!eq)
		return false;
	default_sql(a, &sa);
	default_sql(b, &sb);
	eq = sqlnorm_expr_equal(sa.buf, sb.buf);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return eq;
}


/* The parameters of s, each "name=value" without spaces or quotes, name in lower case, sorted. */
static void params_split(const char *s, struct model_names *out)
{
	struct strbuf one = STRBUF_INIT;

	for (const char *p = s ? s : ""; ; p++) {
		if (*p == ',' || !*p) {
			if (one.len)
				model_names_add(out, one.buf);
			strbuf_reset(&one);
			if (!*p)
				break;
			continue;
		}
		if (*p == ' ' || *p == '\'' || *p == '"' || *p == '\t' || *p == '\n')
			continue;
		strbuf_addch(&one, !strchr(one.buf, '=') && *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	strbuf_release(&one);
	if (out->nr)
		qsort(out->items, out->nr, sizeof(char *), cmp_names);
}

bool model_params_equal(const char *a, const char *b)
{
	struct model_names na = { 0 }, nb = { 0 };
	bool eq;

	params_split(a, &na);
	params_split(b, &nb);
	eq = model_names_equal(&na, &nb);
	model_names_release(&na);
	model_names_release(&nb);
	return eq;
}

bool model_str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool model_expr_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return sqlnorm_expr_equal(a, b);
}


static bool differ(struct strbuf *why, const char *fmt, const char *a, const char *b)
{
	if (why) {
		strbuf_addf(why, fmt, a ? a : "", b ? b : "");
	}
	return false;
}

static bool column_equal(const struct model_column *a, const struct model_column *b,
			 struct strbuf *why)
{
	if (!model_str_equal(a->name, b->name))
		return differ(why, "column \"%s\" vs \"%s\"", a->name, b->name);
	if (!model_type_equal(&a->type, &b->type) || !model_str_equal(a->extra->pg_type, b->extra->pg_type) ||
	    !model_str_equal(a->extra->sqlite_type, b->extra->sqlite_type)) {
		struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
		model_type_format(&a->type, &ta);
		model_type_format(&b->type, &tb);
		if (a->extra->pg_type)
			strbuf_addf(&ta, " (pg %s)", a->extra->pg_type);
		if (b->extra->pg_type)
			strbuf_addf(&tb, " (pg %s)", b->extra->pg_type);
		if (why)
			strbuf_addf(why, "column \"%s\": type %s vs %s", a->name, ta.buf, tb.buf);
		strbuf_release(&ta);
		strbuf_release(&tb);
		return false;
	}
	if (a->not_null != b->not_null)
		return differ(why, "column \"%s\": nullability differs%s", a->name, "");
	if (!model_default_equal(a, b)) {
		if (why)
			strbuf_addf(why, "column \"%s\": default %s%s vs %s%s", a->name,
				    a->default_kind == DEFAULT_EXPR ? "expr " : "",
				    a->default_value ? a->default_value : "(none)",
				    b->default_kind == DEFAULT_EXPR ? "expr " : "",
				    b->default_value ? b->default_value : "(none)");
		return false;
	}
	if (a->identity != b->identity)
		return differ(why, "column \"%s\": identity differs%s", a->name, "");
	if (!model_str_equal(a->extra->sequence, b->extra->sequence))
		return differ(why, "column sequence options \"%s\" vs \"%s\"", a->extra->sequence, b->extra->sequence);
	if (!model_expr_equal(a->extra->generated, b->extra->generated) || a->generated_virtual != b->generated_virtual)
	{
		if (why)
			strbuf_addf(why, "column \"%s\": generated %s%s vs %s%s", a->name,
				    a->extra->generated ? a->extra->generated : "(none)", a->generated_virtual ? " virtual" : "",
				    b->extra->generated ? b->extra->generated : "(none)", b->generated_virtual ? " virtual" : "");
		return false;
	}
	if (!model_str_equal(a->extra->collation, b->extra->collation))
		return differ(why, "column collation \"%s\" vs \"%s\"", a->extra->collation, b->extra->collation);
	if (!model_str_equal(a->extra->comment, b->extra->comment))
		return differ(why, "column comment \"%s\" vs \"%s\"", a->extra->comment, b->extra->comment);
	return true;
}

static bool index_equal(const struct model_index *a, const struct model_index *b,
			struct strbuf *why)
{
	if (a->unique != b->unique || !model_str_equal(a->method ? a->method : "btree", b->method ? b->method : "btree") ||
	    a->nr_keys != b->nr_keys || !model_names_equal(&a->include, &b->include) ||
	    !model_expr_equal(a->where, b->where) || a->nulls_not_distinct != b->nulls_not_distinct ||
	    !model_str_equal(a->comment, b->comment))
		return differ(why, "index \"%s\" differs%s", a->name, "");
	if (!model_params_equal(a->with, b->with))
		return differ(why, "index storage parameters \"%s\" vs \"%s\"", a->with, b->with);
	for (size_t i = 0; i < a->nr_keys; i++) {
		const struct model_index_key *ka = &a->keys[i], *kb = &b->keys[i];
		if (!model_str_equal(ka->column, kb->column) || !model_expr_equal(ka->expr, kb->expr) ||
		    !model_str_equal(ka->collation, kb->collation) || !model_str_equal(ka->opclass, kb->opclass) ||
		    ka->sort != kb->sort || ka->nulls != kb->nulls)
			return differ(why, "index \"%s\": key differs%s", a->name, "");
	}
	return true;
}

/*
 * Finds the element named name in an array of nr structs of size bytes whose
 * first member is their char *name (unique, fk, check, index).
 */
static const void *find_named(const void *arr, size_t nr, size_t size, const char *name)
{
	for (size_t i = 0; i < nr; i++) {
		const void *elem = (const char *)arr + i * size;
		if (strcmp(*(char *const *)elem, name) == 0)
			return elem;
	}
	return NULL;
}

_Static_assert(offsetof(struct model_unique, name) == 0, "name first");
_Static_assert(offsetof(struct model_foreign_key, name) == 0, "name first");
_Static_assert(offsetof(struct model_check, name) == 0, "name first");
_Static_assert(offsetof(struct model_index, name) == 0, "name first");

#define FIND_BY_NAME(arr, nr, nm) find_named((arr), (nr), sizeof(*(arr)), (nm))

/* The name of the first object of b that a lacks (both arrays of named objects), or NULL. */
static const char *extra_named(const void *a, size_t nr_a, const void *b, size_t nr_b, size_t size)
{
	for (size_t i = 0; i < nr_b; i++) {
		const char *name = *(char *const *)((const char *)b + i * size);
		if (!find_named(a, nr_a, size, name))
			return name;
	}
	return NULL;
}

#define EXTRA_BY_NAME(a, nr_a, b, nr_b) extra_named((a), (nr_a), (b), (nr_b), sizeof(*(a)))

const char *model_table_options(const struct model_table *t)
{
	if (t->sqlite_strict && t->sqlite_without_rowid)
		return "STRICT, WITHOUT ROWID";
	if (t->sqlite_strict)
		return "STRICT";
	return t->sqlite_without_rowid ? "WITHOUT ROWID" : "(none)";
}

static bool table_equal(const struct model_table *a, const struct model_table *b,
			struct strbuf *why)
{
	struct strbuf tn = STRBUF_INIT;
	bool ok = false;
	size_t before = why ? why->len : 0;

	model_table_display(a, &tn);
	if (!model_str_equal(a->comment, b->comment)) {
		differ(why, "table comment \"%s\" vs \"%s\"", a->comment, b->comment);
		goto out;
	}
	if (!model_str_equal(a->owner, b->owner)) {
		differ(why, "table owner \"%s\" vs \"%s\"", a->owner, b->owner);
		goto out;
	}
	if (!model_table_props_equal(a, b, why))
		goto out;
	if (a->sqlite_strict != b->sqlite_strict || a->sqlite_without_rowid != b->sqlite_without_rowid) {
		differ(why, "table options %s vs %s", model_table_options(a), model_table_options(b));
		goto out;
	}
	for (size_t i = 0; i < b->nr_columns; i++) {
		if (!model_table_find_column(a, b->columns[i].name)) {
			differ(why, "column \"%s\" is not expected%s", b->columns[i].name, "");
			goto out;
		}
	}
	/* by name: PostgreSQL appends added columns and cannot reorder them */
	for (size_t i = 0; i < a->nr_columns; i++) {
		const struct model_column *cb = model_table_find_column(b, a->columns[i].name);
		if (!cb) {
			differ(why, "column \"%s\" is missing%s", a->columns[i].name, "");
			goto out;
		}
		if (!column_equal(&a->columns[i], cb, why))
			goto out;
	}
	if (!model_str_equal(a->pk.name, b->pk.name) || !model_names_equal(&a->pk.columns, &b->pk.columns) ||
	    !model_str_equal(a->pk.comment, b->pk.comment)) {
		differ(why, "primary key \"%s\" vs \"%s\"", a->pk.name, b->pk.name);
		goto out;
	}
	{
		const char *extra, *what;
		if ((extra = EXTRA_BY_NAME(a->uniques, a->nr_uniques, b->uniques, b->nr_uniques)) != NULL)
			what = "unique constraint";
		else if ((extra = EXTRA_BY_NAME(a->fks, a->nr_fks, b->fks, b->nr_fks)) != NULL)
			what = "foreign key";
		else if ((extra = EXTRA_BY_NAME(a->checks, a->nr_checks, b->checks, b->nr_checks)) != NULL)
			what = "check constraint";
		else if ((extra = EXTRA_BY_NAME(a->indexes, a->nr_indexes, b->indexes, b->nr_indexes)) != NULL)
			what = "index";
		else
			what = NULL;
		if (extra) {
			struct strbuf fmt = STRBUF_INIT;
			strbuf_addf(&fmt, "%s \"%%s\" is not expected%%s", what);
			differ(why, fmt.buf, extra, "");
			strbuf_release(&fmt);
			goto out;
		}
	}
	for (size_t i = 0; i < a->nr_uniques; i++) {
		const struct model_unique *ua = &a->uniques[i];
		const struct model_unique *ub = FIND_BY_NAME(b->uniques, b->nr_uniques, ua->name);
		if (!ub || !model_names_equal(&ua->columns, &ub->columns) ||
		    ua->nulls_not_distinct != ub->nulls_not_distinct ||
		    ua->deferrable != ub->deferrable ||
		    ua->initially_deferred != ub->initially_deferred || !model_str_equal(ua->comment, ub->comment)) {
			differ(why, ub ? "unique constraint \"%s\" differs%s" : "unique constraint \"%s\" is missing%s",
			       ua->name, "");
			goto out;
		}
	}
	for (size_t i = 0; i < a->nr_fks; i++) {
		const struct model_foreign_key *fa = &a->fks[i];
		const struct model_foreign_key *fb = FIND_BY_NAME(b->fks, b->nr_fks, fa->name);
		if (!fb || !model_names_equal(&fa->columns, &fb->columns) ||
		    !model_str_equal(fa->ref_schema, fb->ref_schema) || !model_str_equal(fa->ref_table, fb->ref_table) ||
		    !model_names_equal(&fa->ref_columns, &fb->ref_columns) ||
		    fa->on_delete != fb->on_delete || fa->on_update != fb->on_update ||
		    fa->deferrable != fb->deferrable ||
		    fa->initially_deferred != fb->initially_deferred || fa->match_full != fb->match_full ||
		    !model_str_equal(fa->comment, fb->comment)) {
			differ(why, fb ? "foreign key \"%s\" differs%s" : "foreign key \"%s\" is missing%s", fa->name, "");
			goto out;
		}
	}
	for (size_t i = 0; i < a->nr_checks; i++) {
		const struct model_check *ca = &a->checks[i];
		const struct model_check *cb = FIND_BY_NAME(b->checks, b->nr_checks, ca->name);
		if (!cb || !model_expr_equal(ca->expr, cb->expr) || ca->no_inherit != cb->no_inherit ||
		    !model_str_equal(ca->comment, cb->comment)) {
			differ(why, cb ? "check constraint \"%s\" differs%s" : "check constraint \"%s\" is missing%s",
			       ca->name, "");
			goto out;
		}
	}
	for (size_t i = 0; i < a->nr_indexes; i++) {
		const struct model_index *ia = &a->indexes[i];
		const struct model_index *ib = FIND_BY_NAME(b->indexes, b->nr_indexes, ia->name);
		if (!ib) {
			differ(why, "index \"%s\" is missing%s", ia->name, "");
			goto out;
		}
		if (!index_equal(ia, ib, why))
			goto out;
	}
	ok = true;
out:
	if (!ok && why) {
		/* Prefix the difference with the table it is in. */
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "table \"%s\": %s", tn.buf, why->buf + before);
		strbuf_setlen(why, before);
		strbuf_addstr(why, msg.buf);
		strbuf_release(&msg);
	}
	strbuf_release(&tn);
	return ok;
}

static bool objects_equal(const struct model *a, const struct model *b, struct strbuf *why)
{
	struct strbuf name = STRBUF_INIT;
	bool same = true;

	for (size_t i = 0; same && i < b->nr_objects; i++) {
		if (!model_find_object(a, &b->objects[i])) {
			model_object_display(&b->objects[i], &name);
			same = differ(why, "%s is not expected%s", name.buf, "");
		}
	}
	for (size_t i = 0; same && i < a->nr_objects; i++) {
		const struct model_object *oa = &a->objects[i], *ob = model_find_object(b, oa);
		strbuf_reset(&name);
		model_object_display(oa, &name);
		if (!ob)
			same = differ(why, "%s is missing%s", name.buf, "");
		else if (!model_object_same_definition(oa, ob))
			same = differ(why, "%s: definition differs: %s", name.buf, ob->definition);
		else if (!model_str_equal(oa->comment, ob->comment))
			same = differ(why, "%s: comment differs%s", name.buf, "");
		else if (!model_str_equal(oa->owner, ob->owner))
			same = differ(why, "%s: owner differs%s", name.buf, "");
	}
	strbuf_release(&name);
	return same;
}

bool model_equal(const struct model *a, const struct model *b, struct strbuf *why)
{
	for (size_t i = 0; i < b->nr_schemas; i++) {
		if (!model_find_schema(a, b->schemas[i].name))
			return differ(why, "schema \"%s\" is not expected%s", b->schemas[i].name, "");
	}
	for (size_t i = 0; i < a->nr_schemas; i++) {
		const struct model_schema *sb = model_find_schema(b, a->schemas[i].name);
		if (!sb)
			return differ(why, "schema \"%s\" is missing%s", a->schemas[i].name, "");
		if (!model_str_equal(a->schemas[i].comment, sb->comment))
			return differ(why, "schema \"%s\": comment differs%s", sb->name, "");
		if (!model_str_equal(a->schemas[i].owner, sb->owner))
			return differ(why, "schema \"%s\": owner differs%s", sb->name, "");
	}
	for (size_t i = 0; i < b->nr_enums; i++) {
		if (!model_find_enum(a, b->enums[i].schema, b->enums[i].name))
			return differ(why, "enum \"%s\" is not expected%s", b->enums[i].name, "");
	}
	for (size_t i = 0; i < a->nr_enums; i++) {
		const struct model_enum *ea = &a->enums[i];
		const struct model_enum *eb = model_find_enum(b, ea->schema, ea->name);
		if (!eb)
			return differ(why, "enum \"%s\" is missing%s", ea->name, "");
		if (!model_names_equal(&ea->values, &eb->values) || !model_str_equal(ea->comment, eb->comment))
			return differ(why, "enum \"%s\" differs%s", ea->name, "");
	}
	for (size_t i = 0; i < b->nr_tables; i++) {
		if (!model_find_table(a, b->tables[i]->schema, b->tables[i]->name))
			return differ(why, "table \"%s\" is not expected%s", b->tables[i]->name, "");
	}
	for (size_t i = 0; i < a->nr_tables; i++) {
		const struct model_table *ta = a->tables[i];
		const struct model_table *tb = model_find_table(b, ta->schema, ta->name);
		if (!tb)
			return differ(why, "table \"%s\" is missing%s", ta->name, "");
		if (!table_equal(ta, tb, why))
			return false;
	}
	return objects_equal(a, b, why);
}

/* --- PostgreSQL's object naming ---------------------------------------- */

/* Length of the longest prefix of s (of len bytes) not splitting a UTF-8 char. */
static size_t utf8_clip(const char *s, size_t len, size_t limit)
{
	if (len <= limit)
		return len;
	while (limit > 0 && ((unsigned char)s[limit] & 0xC0) == 0x80)
		limit--;
	return limit;
}

void model_make_object_name(const char *name1, const char *name2, const char *label,
			    struct strbuf *out)
{
	size_t name1chars = strlen(name1), name2chars = name2 ? strlen(name2) : 0;
	size_t overhead = 0, avail;

	if (name2)
		overhead++; /* the '_' before name2 */
	if (label)
		overhead += strlen(label) + 1;
	avail = MODEL_MAX_IDENT > overhead ? MODEL_MAX_IDENT - overhead : 0;

	/* As makeObjectName(): shorten the longer name until both fit. */
	while (name1chars + name2chars > avail) {
		if (name1chars > name2chars)
			name1chars--;
		else
			name2chars--;
	}
	name1chars = utf8_clip(name1, strlen(name1), name1chars);
	strbuf_add(out, name1, name1chars);
	if (name2) {
		name2chars = utf8_clip(name2, strlen(name2), name2chars);
		strbuf_addch(out, '_');
		strbuf_add(out, name2, name2chars);
	}
	if (label)
		strbuf_addf(out, "_%s", label);
}

char *model_choose_name(const char *name1, const char *name2, const char *label,
			bool (*taken)(const char *name, void *ctx), void *ctx)
{
	struct strbuf sb = STRBUF_INIT, lab = STRBUF_INIT;

	model_make_object_name(name1, name2, label, &sb);
	for (int pass = 1; taken(sb.buf, ctx); pass++) {
		strbuf_reset(&sb);
		strbuf_reset(&lab);
		strbuf_addf(&lab, "%s%d", label, pass);
		model_make_object_name(name1, name2, lab.buf, &sb);
	}
	strbuf_release(&lab);
	return strbuf_detach(&sb, NULL);
}

void model_join_names(const struct model_names *names, struct strbuf *out)
{
	for (size_t i = 0; i < names->nr; i++) {
		if (i)
			strbuf_addch(out, '_');
		strbuf_addstr(out, names->items[i]);
	}
}

/* A table's PostgreSQL properties: partitioning, inheritance, UNLOGGED, row-level security, storage parameters. */
#include "model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sqlnorm.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* Deeper than any real hierarchy; a cycle (which model_finish() refuses) stops here. */
#define MAX_PARENT_DEPTH 32

void model_table_props_release(struct model_table *t)
{
	free(t->partition_by);
	free(t->partition_of.schema);
	free(t->partition_of.name);
	free(t->partition_bound);
	for (size_t i = 0; i < t->nr_inherits; i++) {
		free(t->inherits[i].schema);
		free(t->inherits[i].name);
	}
	free(t->inherits);
	model_names_release(&t->storage);
}

bool model_storage_option(const char *text, struct strbuf *out)
{
	const char *eq = strchr(text, '='), *v, *end;
	size_t start = out->len;

	if (!eq)
		return false;
	while (isspace((unsigned char)*text))
		text++;
	end = eq;
	while (end > text && isspace((unsigned char)end[-1]))
		end--;
	if (end == text)
		return false;
	for (const char *p = text; p < end; p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
	strbuf_addch(out, '=');
	v = eq + 1;
	while (isspace((unsigned char)*v))
		v++;
	end = v + strlen(v);
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	if (end - v >= 2 && (*v == '\'' || *v == '"') && end[-1] == *v) {
		v++;
		end--;
	}
	if (end == v) {
		strbuf_setlen(out, start);
		return false;
	}
	for (const char *p = v; p < end; p++)
		strbuf_addch(out, (char)tolower((unsigned char)*p));
	return true;
}

void model_table_add_inherits(struct model_table *t, const char *schema, const char *name)
{
	struct model_table_ref *r;

	ALLOC_GROW(t->inherits, t->nr_inherits + 1, t->alloc_inherits);
	r = &t->inherits[t->nr_inherits++];
	r->schema = schema ? xstrdup(schema) : NULL;
	r->name = xstrdup(name);
}

static const struct model_table *ref_table(const struct model *m, const struct model_table_ref *r)
{
	return r->name && r->schema ? model_find_table(m, r->schema, r->name) : NULL;
}

const void *model_table_each_parent(const struct model *m, const struct model_table *t,
				    const void *(*fn)(const struct model_table *parent, void *ctx), void *ctx)
{
	const struct model_table *p = ref_table(m, &t->partition_of);
	const void *hit;

	if (p && (hit = fn(p, ctx)) != NULL)
		return hit;
	for (size_t i = 0; i < t->nr_inherits; i++) {
		if ((p = ref_table(m, &t->inherits[i])) != NULL && (hit = fn(p, ctx)) != NULL)
			return hit;
	}
	return NULL;
}

struct column_search {
	const struct model *m;
	const char *name;
	int depth;
};

static const void *column_in(const struct model_table *t, void *ctx)
{
	struct column_search *s = ctx;
	const void *hit = model_table_find_column(t, s->name);

	if (hit || s->depth >= MAX_PARENT_DEPTH)
		return hit;
	s->depth++;
	hit = model_table_each_parent(s->m, t, column_in, s);
	s->depth--;
	return hit;
}

const struct model_column *model_find_column_inherited(const struct model *m, const struct model_table *t,
							const char *name)
{
	struct column_search s = { m, name, 0 };

	return column_in(t, &s);
}

bool model_table_pg_only(const struct model_table *t, struct strbuf *what)
{
	if (t->partition_by)
		strbuf_addstr(what, "declarative partitioning (PARTITION BY)");
	else if (t->partition_of.name)
		strbuf_addstr(what, "partitions (PARTITION OF)");
	else if (t->nr_inherits)
		strbuf_addstr(what, "table inheritance (INHERITS)");
	else if (t->unlogged)
		strbuf_addstr(what, "unlogged tables");
	else if (t->row_security || t->force_row_security)
		strbuf_addstr(what, "row-level security");
	else if (t->storage.nr)
		strbuf_addstr(what, "storage parameters (WITH (...))");
	else
		return false;
	return true;
}

static bool differ(struct strbuf *why, const char *what, const char *a, const char *b)
{
	if (why)
		strbuf_addf(why, "%s \"%s\" vs \"%s\"", what, a ? a : "(none)", b ? b : "(none)");
	return false;
}

/* Two partition keys (or two bounds) by meaning: as parts of a CREATE TABLE. */
static bool clause_equal(const char *head, const char *a, const char *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	bool same;

	if (!a || !b)
		return !a && !b;
	strbuf_addf(&sa, "%s %s", head, a);
	strbuf_addf(&sb, "%s %s", head, b);
	same = sqlnorm_statements_equal(sa.buf, sb.buf);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return same;
}

bool model_partition_key_equal(const char *a, const char *b)
{
	return clause_equal("CREATE TABLE t (a int) PARTITION BY", a, b);
}

bool model_partition_bound_equal(const char *a, const char *b)
{
	return clause_equal("CREATE TABLE t PARTITION OF p", a, b);
}

static bool names_as_set_equal(const struct model_names *a, const struct model_names *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++) {
		if (model_names_find(b, a->items[i]) < 0)
			return false;
	}
	return true;
}

static void storage_text(const struct model_names *n, struct strbuf *out)
{
	for (size_t i = 0; i < n->nr; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", n->items[i]);
}

bool model_table_options_equal(const struct model_table *a, const struct model_table *b, struct strbuf *why)
{
	if (a->unlogged != b->unlogged)
		return differ(why, "unlogged", a->unlogged ? "true" : "false", b->unlogged ? "true" : "false");
	if (a->row_security != b->row_security)
		return differ(why, "row-security", a->row_security ? "true" : "false",
			      b->row_security ? "true" : "false");
	if (a->force_row_security != b->force_row_security)
		return differ(why, "force-row-security", a->force_row_security ? "true" : "false",
			      b->force_row_security ? "true" : "false");
	if (!names_as_set_equal(&a->storage, &b->storage)) {
		struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
		storage_text(&a->storage, &sa);
		storage_text(&b->storage, &sb);
		differ(why, "storage", sa.buf, sb.buf);
		strbuf_release(&sa);
		strbuf_release(&sb);
		return false;
	}
	if (!model_partition_bound_equal(a->partition_bound, b->partition_bound))
		return differ(why, "partition-bound", a->partition_bound, b->partition_bound);
	return true;
}

static bool ref_equal(const struct model_table_ref *a, const struct model_table_ref *b)
{
	return model_str_equal(a->name, b->name) &&
	       model_str_equal(a->schema ? a->schema : "", b->schema ? b->schema : "");
}

bool model_table_props_equal(const struct model_table *a, const struct model_table *b, struct strbuf *why)
{
	if (!model_partition_key_equal(a->partition_by, b->partition_by))
		return differ(why, "partition-by", a->partition_by, b->partition_by);
	if (!ref_equal(&a->partition_of, &b->partition_of))
		return differ(why, "partition-of", a->partition_of.name, b->partition_of.name);
	if (a->nr_inherits != b->nr_inherits)
		return differ(why, "inherits", a->nr_inherits ? a->inherits[0].name : NULL,
			      b->nr_inherits ? b->inherits[0].name : NULL);
	for (size_t i = 0; i < a->nr_inherits; i++) {
		if (!ref_equal(&a->inherits[i], &b->inherits[i]))
			return differ(why, "inherits", a->inherits[i].name, b->inherits[i].name);
	}
	return model_table_options_equal(a, b, why);
}

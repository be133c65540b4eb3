#include "diff_match.h"

#include <string.h>

#include "model.h"
#include "strbuf.h"
#include "banned.h"

int diff_match_column_index(const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_columns; i++) {
		if (strcmp(t->columns[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}


/* Types that hold every value of the old one: no consent needed. */
bool diff_match_type_widens(const struct model_column *from, const struct model_column *to)
{
	const struct model_type *a = &from->type, *b = &to->type;

	if (from->extra->pg_type || to->extra->pg_type)
		return from->extra->pg_type && to->extra->pg_type && strcmp(from->extra->pg_type, to->extra->pg_type) == 0;
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
bool diff_match_column_type_same(const struct model_column *a, const struct model_column *b)
{
	return model_type_equal(&a->type, &b->type) && model_str_equal(a->extra->pg_type, b->extra->pg_type) &&
	       model_str_equal(a->extra->sqlite_type, b->extra->sqlite_type) && model_str_equal(a->extra->collation, b->extra->collation);
}

bool diff_match_retypes_values(const struct model_column *a, const struct model_column *b)
{
	if (a->extra->pg_type || b->extra->pg_type)
		return !model_str_equal(a->extra->pg_type, b->extra->pg_type);
	if (a->type.kind != b->type.kind || a->type.array_dims != b->type.array_dims)
		return true;
	return a->type.kind == TYPE_ENUM && (strcmp(a->type.enum_name, b->type.enum_name) != 0 ||
					     strcmp(a->type.enum_schema, b->type.enum_schema) != 0);
}

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
bool diff_match_enum_grows_in_place(const struct model *to, const struct model_enum *old,
				   const struct model_enum *e)
{
	if (!values_kept_in_order(&old->values, &e->values))
		return false;
	for (size_t v = 0; v < e->values.nr; v++) {
		if (model_names_find(&old->values, e->values.items[v]) < 0 &&
		    enum_value_used(to, e, e->values.items[v]))
			return false;
	}
	return true;
}


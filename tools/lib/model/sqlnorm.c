/* Expression keys from libpg_query's parse tree (protobuf, walked generically). */
#include "sqlnorm.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* --- numbers ------------------------------------------------------------ */

bool sqlnorm_decimal(const char *s, struct strbuf *out)
{
	struct strbuf digits = STRBUF_INIT, norm = STRBUF_INIT;
	const char *p = s;
	bool neg = false, zero = true;
	long point, exp = 0;
	size_t start;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; isdigit((unsigned char)*p); p++)
		strbuf_addch(&digits, *p);
	point = (long)digits.len; /* digits before the decimal point */
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			strbuf_addch(&digits, *p);
	}
	if (digits.len == 0)
		goto fail;
	if (*p == 'e' || *p == 'E') {
		char *end_exp;
		p++;
		exp = strtol(p, &end_exp, 10);
		if (end_exp == p || exp > 1000 || exp < -1000)
			goto fail;
		p = end_exp;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		goto fail;
	point += exp;
	/* Pad so that there is at least one digit before the point. */
	if (point < 1) {
		strbuf_addchars(&norm, '0', (size_t)(1 - point));
		point = 1;
	}
	strbuf_addstr(&norm, digits.buf);
	while ((size_t)point > norm.len)
		strbuf_addch(&norm, '0');
	start = 0;
	while ((long)start < point - 1 && norm.buf[start] == '0')
		start++;
	for (size_t i = start; i < norm.len; i++)
		zero = zero && norm.buf[i] == '0';
	if (neg && !zero)
		strbuf_addch(out, '-');
	strbuf_add(out, norm.buf + start, (size_t)point - start);
	if ((size_t)point < norm.len) {
		strbuf_addch(out, '.');
		strbuf_addstr(out, norm.buf + point);
	}
	strbuf_release(&digits);
	strbuf_release(&norm);
	return true;
fail:
	strbuf_release(&digits);
	strbuf_release(&norm);
	return false;
}

/* --- tree surgery ------------------------------------------------------- */

static char *dup_protobuf_string(const char *s)
{
	return xstrdup(s);
}

static PgQuery__Node *new_node(void)
{
	PgQuery__Node *n = xmalloc(sizeof(*n));
	PgQuery__Node init = PG_QUERY__NODE__INIT;

	*n = init;
	return n;
}

/* A_Const holding a Float with the given (canonical) text. */
static void set_const_float(PgQuery__AConst *c, const char *text)
{
	PgQuery__Float *f = xmalloc(sizeof(*f));
	PgQuery__Float init = PG_QUERY__FLOAT__INIT;

	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		protobuf_c_message_free_unpacked(&c->ival->base, NULL);
		break;
	case PG_QUERY__A__CONST__VAL_FVAL:
		protobuf_c_message_free_unpacked(&c->fval->base, NULL);
		break;
	case PG_QUERY__A__CONST__VAL_SVAL:
		protobuf_c_message_free_unpacked(&c->sval->base, NULL);
		break;
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		protobuf_c_message_free_unpacked(&c->boolval->base, NULL);
		break;
	case PG_QUERY__A__CONST__VAL_BSVAL:
		protobuf_c_message_free_unpacked(&c->bsval->base, NULL);
		break;
	default:
		break;
	}
	*f = init;
	f->fval = dup_protobuf_string(text);
	c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
	c->fval = f;
}

/* Numbers in one form: every integer and float constant as canonical decimal text. */
static void normalize_number(PgQuery__AConst *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		strbuf_addf(&sb, "%d", c->ival->ival);
		set_const_float(c, sb.buf);
	} else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL) {
		struct strbuf canon = STRBUF_INIT;
		if (sqlnorm_decimal(c->fval->fval, &canon))
			set_const_float(c, canon.buf);
		strbuf_release(&canon);
	}
	strbuf_release(&sb);
}

static bool is_numeric_type(const PgQuery__TypeName *tn)
{
	static const char *const names[] = {
		"int2", "int4", "int8", "smallint", "integer", "bigint", "int", "numeric",
		"decimal", "float4", "float8", "real", "double precision", "oid",
	};
	const PgQuery__Node *last;

	if (!tn || tn->n_names == 0 || tn->n_array_bounds)
		return false;
	last = tn->names[tn->n_names - 1];
	if (last->node_case != PG_QUERY__NODE__NODE_STRING)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(last->string->sval, names[i]) == 0)
			return true;
	}
	return false;
}

/* Replaces *slot by child, freeing the old node but not child. */
static void replace_node(PgQuery__Node **slot, PgQuery__Node *child, PgQuery__Node **child_slot)
{
	PgQuery__Node *old = *slot;

	*child_slot = NULL;
	*slot = child;
	protobuf_c_message_free_unpacked(&old->base, NULL);
}

static PgQuery__Node *copy_node(const PgQuery__Node *n)
{
	size_t len = pg_query__node__get_packed_size(n);
	uint8_t *buf = xmalloc(len ? len : 1);
	PgQuery__Node *copy;

	pg_query__node__pack(n, buf);
	copy = pg_query__node__unpack(NULL, len, buf);
	free(buf);
	if (!copy)
		abort(); /* what we packed, we can unpack */
	return copy;
}

static PgQuery__Node *make_op(const char *op, PgQuery__Node *l, PgQuery__Node *r)
{
	PgQuery__Node *n = new_node(), *name = new_node();
	PgQuery__AExpr *e = xmalloc(sizeof(*e));
	PgQuery__AExpr einit = PG_QUERY__A__EXPR__INIT;
	PgQuery__String *s = xmalloc(sizeof(*s));
	PgQuery__String sinit = PG_QUERY__STRING__INIT;

	*s = sinit;
	s->sval = dup_protobuf_string(op);
	name->node_case = PG_QUERY__NODE__NODE_STRING;
	name->string = s;
	*e = einit;
	e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
	e->n_name = 1;
	e->name = xmalloc(sizeof(*e->name));
	e->name[0] = name;
	e->lexpr = l;
	e->rexpr = r;
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = e;
	return n;
}

static PgQuery__Node *make_bool(PgQuery__BoolExprType op, PgQuery__Node *a, PgQuery__Node *b)
{
	PgQuery__Node *n = new_node();
	PgQuery__BoolExpr *be = xmalloc(sizeof(*be));
	PgQuery__BoolExpr init = PG_QUERY__BOOL_EXPR__INIT;

	*be = init;
	be->boolop = op;
	be->n_args = 2;
	be->args = xmalloc(2 * sizeof(*be->args));
	be->args[0] = a;
	be->args[1] = b;
	n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
	n->bool_expr = be;
	return n;
}

/* x BETWEEN a AND b is (x >= a AND x <= b), as PostgreSQL prints it. */
static void rewrite_between(PgQuery__Node **slot)
{
	PgQuery__AExpr *e = (*slot)->a_expr;
	bool negated = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
	PgQuery__List *bounds;
	PgQuery__Node *x, *lo, *hi, *result;

	if (!e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST ||
	    e->rexpr->list->n_items != 2 || !e->lexpr)
		return;
	bounds = e->rexpr->list;
	x = e->lexpr;
	lo = bounds->items[0];
	hi = bounds->items[1];
	bounds->items[0] = bounds->items[1] = NULL;
	bounds->n_items = 0;
	e->lexpr = NULL;
	if (negated)
		result = make_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, make_op("<", copy_node(x), lo),
				   make_op(">", x, hi));
	else
		result = make_bool(PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, make_op(">=", copy_node(x), lo),
				   make_op("<=", x, hi));
	protobuf_c_message_free_unpacked(&(*slot)->base, NULL);
	*slot = result;
}

/* x IN (a, b) is x = ANY (ARRAY[a, b]); NOT IN is <> ALL (ARRAY[...]). */
static void rewrite_in(PgQuery__AExpr *e)
{
	PgQuery__Node *arr;
	PgQuery__AArrayExpr *ae;
	PgQuery__AArrayExpr init = PG_QUERY__A__ARRAY_EXPR__INIT;
	PgQuery__List *list;
	bool negated = e->n_name == 1 && e->name[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
		       strcmp(e->name[0]->string->sval, "<>") == 0;

	if (!e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST)
		return; /* IN (subquery) is a SubLink, left alone */
	list = e->rexpr->list;
	ae = xmalloc(sizeof(*ae));
	*ae = init;
	ae->n_elements = list->n_items;
	ae->elements = list->items;
	list->items = NULL;
	list->n_items = 0;
	arr = new_node();
	arr->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
	arr->a_array_expr = ae;
	protobuf_c_message_free_unpacked(&e->rexpr->base, NULL);
	e->rexpr = arr;
	e->kind = negated ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
}

/* a AND (b AND c) is a AND b AND c. */
static void flatten_bool(PgQuery__BoolExpr *be)
{
	size_t n = 0, alloc = 0;
	PgQuery__Node **args = NULL;

	if (be->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR)
		return;
	for (size_t i = 0; i < be->n_args; i++) {
		PgQuery__Node *a = be->args[i];
		if (a->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && a->bool_expr->boolop == be->boolop) {
			PgQuery__BoolExpr *inner = a->bool_expr;
			for (size_t k = 0; k < inner->n_args; k++) {
				ALLOC_GROW(args, n + 1, alloc);
				args[n++] = inner->args[k];
			}
			inner->n_args = 0;
			protobuf_c_message_free_unpacked(&a->base, NULL);
		} else {
			ALLOC_GROW(args, n + 1, alloc);
			args[n++] = a;
		}
	}
	free(be->args);
	be->args = args;
	be->n_args = n;
}

static void normalize_node(PgQuery__Node **slot);

/* Visits every Node below msg, and zeroes source positions. */
static void walk_message(ProtobufCMessage *msg)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;

	for (unsigned i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		char *base = (char *)msg;

		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t which = *(uint32_t *)(base + f->quantifier_offset);
			if (which != f->id)
				continue;
		}
		if (f->type == PROTOBUF_C_TYPE_INT32 && strcmp(f->name, "location") == 0) {
			*(int32_t *)(base + f->offset) = 0;
			continue;
		}
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t count = *(size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **items = *(ProtobufCMessage ***)(base + f->offset);
			for (size_t k = 0; k < count; k++) {
				if (!items[k])
					continue;
				if (f->descriptor == &pg_query__node__descriptor)
					normalize_node((PgQuery__Node **)&items[k]);
				else
					walk_message(items[k]);
			}
		} else {
			ProtobufCMessage **p = (ProtobufCMessage **)(base + f->offset);
			if (!*p)
				continue;
			if (f->descriptor == &pg_query__node__descriptor)
				normalize_node((PgQuery__Node **)p);
			else
				walk_message(*p);
		}
	}
}

static void normalize_node(PgQuery__Node **slot)
{
	PgQuery__Node *n = *slot;

	walk_message(&n->base); /* children first */
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		PgQuery__TypeCast *tc = n->type_cast;
		PgQuery__Node *arg = tc->arg;
		if (!arg)
			break;
		if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			PgQuery__AConst *c = arg->a_const;
			struct strbuf canon = STRBUF_INIT;
			/* '-1'::integer is the number -1 */
			if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && is_numeric_type(tc->type_name) &&
			    sqlnorm_decimal(c->sval->sval, &canon))
				set_const_float(c, canon.buf);
			strbuf_release(&canon);
			replace_node(slot, arg, &tc->arg);
		} else if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
			replace_node(slot, arg, &tc->arg);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_CONST:
		normalize_number(n->a_const);
		break;
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *e = n->a_expr;
		switch (e->kind) {
		case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
		case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
			e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
			break;
		case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
			rewrite_in(e);
			break;
		case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
		case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
			rewrite_between(slot);
			if ((*slot)->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR)
				flatten_bool((*slot)->bool_expr);
			break;
		default:
			break;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		flatten_bool(n->bool_expr);
		break;
	default:
		break;
	}
}

/* --- entry points -------------------------------------------------------- */

/*
 * Parses "SELECT <expr>" and returns the tree (caller frees with
 * pg_query__parse_result__free_unpacked) and the slot of the expression.
 */
static PgQuery__ParseResult *parse_expr(const char *expr, PgQuery__Node ***slot, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__SelectStmt *sel;

	strbuf_addf(&sql, "SELECT %s", expr);
	res = pg_query_parse_protobuf(sql.buf);
	strbuf_release(&sql);
	if (res.error) {
		diag_error(d, "expression \"%s\" does not parse: %s", expr, res.error->message);
		goto out;
	}
	tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	if (!tree) {
		diag_error(d, "expression \"%s\": cannot read its parse tree", expr);
		goto out;
	}
	if (tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		goto not_one;
	sel = tree->stmts[0]->stmt->select_stmt;
	if (sel->n_target_list != 1 || sel->n_from_clause || sel->where_clause || sel->n_group_clause ||
	    sel->having_clause || sel->n_sort_clause || sel->limit_count || sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE ||
	    sel->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET ||
	    sel->target_list[0]->res_target->name[0] || !sel->target_list[0]->res_target->val)
		goto not_one;
	*slot = &sel->target_list[0]->res_target->val;
	goto out;
not_one:
	diag_error(d, "\"%s\" is not a single SQL expression", expr);
	pg_query__parse_result__free_unpacked(tree, NULL);
	tree = NULL;
out:
	pg_query_free_protobuf_parse_result(res);
	return tree;
}

int sqlnorm_expr_key(const char *expr, struct strbuf *key, struct diag *d)
{
	PgQuery__Node **slot;
	PgQuery__ParseResult *tree = parse_expr(expr, &slot, d);
	size_t len;

	if (!tree)
		return -1;
	normalize_node(slot);
	len = pg_query__node__get_packed_size(*slot);
	strbuf_reset(key);
	strbuf_grow(key, len);
	pg_query__node__pack(*slot, (uint8_t *)key->buf);
	key->len = len;
	key->buf[len] = '\0';
	pg_query__parse_result__free_unpacked(tree, NULL);
	return 0;
}

static void squeeze_spaces(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		if (!isspace((unsigned char)*s))
			strbuf_addch(out, *s);
	}
}

bool sqlnorm_expr_equal(const char *a, const char *b)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	bool eq;

	if (strcmp(a, b) == 0)
		return true;
	if (sqlnorm_expr_key(a, &ka, &d) == 0 && sqlnorm_expr_key(b, &kb, &d) == 0) {
		eq = ka.len == kb.len && memcmp(ka.buf, kb.buf, ka.len) == 0;
	} else {
		strbuf_reset(&ka);
		strbuf_reset(&kb);
		squeeze_spaces(a, &ka);
		squeeze_spaces(b, &kb);
		eq = strcmp(ka.buf, kb.buf) == 0;
	}
	strbuf_release(&ka);
	strbuf_release(&kb);
	diag_release(&d);
	return eq;
}

bool sqlnorm_expr_constant(const char *expr, struct strbuf *value)
{
	PgQuery__Node **slot;
	struct diag d = DIAG_INIT;
	PgQuery__ParseResult *tree = parse_expr(expr, &slot, &d);
	bool found = false;
	PgQuery__Node *n;

	diag_release(&d);
	if (!tree)
		return false;
	normalize_node(slot);
	n = *slot;
	/* A negative number: -1 parses as a constant, -(1) as an operator. */
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && !n->a_const->isnull) {
		PgQuery__AConst *c = n->a_const;
		strbuf_reset(value);
		found = true;
		switch (c->val_case) {
		case PG_QUERY__A__CONST__VAL_FVAL:
			strbuf_addstr(value, c->fval->fval);
			break;
		case PG_QUERY__A__CONST__VAL_SVAL:
			strbuf_addstr(value, c->sval->sval);
			break;
		case PG_QUERY__A__CONST__VAL_BOOLVAL:
			strbuf_addstr(value, c->boolval->boolval ? "true" : "false");
			break;
		default:
			found = false;
			break;
		}
	}
	pg_query__parse_result__free_unpacked(tree, NULL);
	return found;
}

/* --- whole statements ------------------------------------------------------ */

/*
 * Calls visit(msg, ctx) on every message below msg, parents first, and
 * zeroes source positions (location, stmt_location, stmt_len).
 */
static void visit_message(ProtobufCMessage *msg, void (*visit)(const ProtobufCMessage *, void *), void *ctx)
{
	const ProtobufCMessageDescriptor *desc = msg->descriptor;

	if (visit)
		visit(msg, ctx);
	for (unsigned i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		char *base = (char *)msg;

		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t which = *(uint32_t *)(base + f->quantifier_offset);
			if (which != f->id)
				continue;
		}
		if (f->type == PROTOBUF_C_TYPE_INT32 &&
		    (strcmp(f->name, "location") == 0 || strcmp(f->name, "stmt_location") == 0 ||
		     strcmp(f->name, "stmt_len") == 0)) {
			*(int32_t *)(base + f->offset) = 0;
			continue;
		}
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t count = *(size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **items = *(ProtobufCMessage ***)(base + f->offset);
			for (size_t k = 0; k < count; k++)
				if (items[k])
					visit_message(items[k], visit, ctx);
		} else {
			ProtobufCMessage **p = (ProtobufCMessage **)(base + f->offset);
			if (*p)
				visit_message(*p, visit, ctx);
		}
	}
}

/* The parse tree of sql, positions zeroed; NULL when it does not parse. Caller frees. */
static PgQuery__ParseResult *parse_statements(const char *sql, void (*visit)(const ProtobufCMessage *, void *),
					      void *ctx)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;

	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	pg_query_free_protobuf_parse_result(res);
	if (tree)
		visit_message(&tree->base, visit, ctx);
	return tree;
}

static void pack_tree(PgQuery__ParseResult *tree, struct strbuf *out)
{
	size_t len = pg_query__parse_result__get_packed_size(tree);

	strbuf_grow(out, len);
	pg_query__parse_result__pack(tree, (uint8_t *)out->buf);
	out->len = len;
	out->buf[len] = '\0';
}

/* a and b equal once whitespace is collapsed and trailing semicolons ignored. */
static bool same_text_ignoring_space(const char *a, const char *b)
{
	for (;;) {
		while (isspace((unsigned char)*a) || (*a == ';' && !a[strspn(a, "; \t\r\n")]))
			a++;
		while (isspace((unsigned char)*b) || (*b == ';' && !b[strspn(b, "; \t\r\n")]))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a != *b)
			return false;
		a++;
		b++;
	}
}

/* "public" is the default schema: public.x and x are one name. Drops the first of a list of names. */
static void drop_public_prefix(PgQuery__Node **items, size_t *n)
{
	if (*n < 2 || items[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
	    strcmp(items[0]->string->sval, "public") != 0)
		return;
	protobuf_c_message_free_unpacked(&items[0]->base, NULL);
	memmove(items, items + 1, (*n - 1) * sizeof(*items));
	(*n)--;
}

/* Column references rel.col of a one-table query: col (as PostgreSQL prints a view, qualified). */
struct qualifier {
	const char *rel, *alias;
};

static void strip_qualifier(const ProtobufCMessage *msg, void *ctx)
{
	const struct qualifier *q = ctx;
	PgQuery__ColumnRef *cr;

	if (msg->descriptor != &pg_query__column_ref__descriptor)
		return;
	cr = (PgQuery__ColumnRef *)msg;
	if (cr->n_fields == 2 && cr->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
	    cr->fields[1]->node_case == PG_QUERY__NODE__NODE_STRING &&
	    (strcmp(cr->fields[0]->string->sval, q->rel) == 0 ||
	     (q->alias && strcmp(cr->fields[0]->string->sval, q->alias) == 0))) {
		protobuf_c_message_free_unpacked(&cr->fields[0]->base, NULL);
		cr->fields[0] = cr->fields[1];
		cr->n_fields = 1;
	}
}

static int cmp_def_elem(const void *a, const void *b)
{
	const PgQuery__Node *x = *(PgQuery__Node *const *)a, *y = *(PgQuery__Node *const *)b;
	const char *nx = x->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? x->def_elem->defname : "";
	const char *ny = y->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? y->def_elem->defname : "";

	return strcmp(nx, ny);
}

/* Removes the option called name (whose value is value, when value is not NULL) from a DefElem list. */
static void remove_option(PgQuery__Node **options, size_t *n, const char *name, const char *value)
{
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		const PgQuery__DefElem *de = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? options[i]->def_elem : NULL;
		bool drop = de && strcmp(de->defname, name) == 0;
		if (drop && value)
			drop = de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_STRING &&
			       strcmp(de->arg->string->sval, value) == 0;
		if (drop)
			protobuf_c_message_free_unpacked(&options[i]->base, NULL);
		else
			options[kept++] = options[i];
	}
	*n = kept;
}

/* The one CREATE EXTENSION of tree, or NULL. */
static PgQuery__CreateExtensionStmt *only_extension(PgQuery__ParseResult *tree)
{
	if (tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT)
		return NULL;
	return tree->stmts[0]->stmt->create_extension_stmt;
}

static bool has_option(PgQuery__Node **options, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && strcmp(options[i]->def_elem->defname, name) == 0)
			return true;
	return false;
}

/* An extension without a version is any version: the one the database has is the same extension. */
static void version_only_where_both(PgQuery__ParseResult *a, PgQuery__ParseResult *b)
{
	PgQuery__CreateExtensionStmt *x = only_extension(a), *y = only_extension(b);

	if (!x || !y)
		return;
	if (!has_option(x->options, x->n_options, "new_version"))
		remove_option(y->options, &y->n_options, "new_version", NULL);
	if (!has_option(y->options, y->n_options, "new_version"))
		remove_option(x->options, &x->n_options, "new_version", NULL);
}

/* A sequence option's number ("1", "9223372036854775807"), or NULL. */
static const char *option_number(const PgQuery__DefElem *de, struct strbuf *buf)
{
	strbuf_reset(buf);
	if (!de->arg)
		return NULL;
	if (de->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		strbuf_addf(buf, "%d", de->arg->integer->ival);
	else if (de->arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
		strbuf_addstr(buf, de->arg->float_->fval);
	else
		return NULL;
	return buf->buf;
}

/* --- identity and serial sequence options ---------------------------------- */

static long long type_max(int bytes)
{
	return bytes == 2 ? 32767LL : bytes == 4 ? 2147483647LL : 9223372036854775807LL;
}

static long long type_min(int bytes)
{
	return -type_max(bytes) - 1;
}

/* The defaults PostgreSQL gives min, max and start for an increment's sign. */
static void sequence_bounds(int bytes, long long increment, long long *min, long long *max, long long *start)
{
	*min = increment > 0 ? 1 : type_min(bytes);
	*max = increment > 0 ? type_max(bytes) : -1;
	*start = increment > 0 ? *min : *max;
}

/* An option's number; false when it has none or it does not fit in 64 bits. */
static bool option_value(const PgQuery__DefElem *de, long long *v)
{
	struct strbuf num = STRBUF_INIT;
	char *end;
	bool ok;

	if (!option_number(de, &num)) {
		strbuf_release(&num);
		return false;
	}
	errno = 0;
	*v = strtoll(num.buf, &end, 10);
	ok = errno == 0 && !*end && end != num.buf;
	strbuf_release(&num);
	return ok;
}

/*
 * A CREATE SEQUENCE's options without those that say the default (AS
 * bigint, INCREMENT BY 1, MINVALUE and MAXVALUE those of its type and
 * increment's sign, START at the minimum (ascending) or maximum, CACHE 1,
 * NO CYCLE), in one order: the sequence PostgreSQL prints back with every
 * option is the one the model wrote with few. The defaults are
 * sequence_bounds()'s, as for an identity's options.
 */
static void canonical_sequence_options(PgQuery__Node **options, size_t *n)
{
	long long inc = 1, min = 0, max = 0, v, dmin, dmax, dstart;
	bool has_min = false, has_max = false, int8 = true;
	int bytes = 8;
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		const PgQuery__DefElem *de = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? options[i]->def_elem : NULL;
		if (de && strcmp(de->defname, "as") == 0 && de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME &&
		    de->arg->type_name->n_names) {
			const PgQuery__Node *last = de->arg->type_name->names[de->arg->type_name->n_names - 1];
			const char *type = last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "";
			int8 = strcmp(type, "int8") == 0;
			bytes = strcmp(type, "int4") == 0 ? 4 : strcmp(type, "int2") == 0 ? 2 : 8;
		}
		if (de && strcmp(de->defname, "increment") == 0 && option_value(de, &v) && v != 0)
			inc = v;
		if (de && strcmp(de->defname, "minvalue") == 0 && option_value(de, &v))
			has_min = true, min = v;
		if (de && strcmp(de->defname, "maxvalue") == 0 && option_value(de, &v))
			has_max = true, max = v;
		/* OWNED BY public.t.c is OWNED BY t.c */
		if (de && strcmp(de->defname, "owned_by") == 0 && de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_LIST &&
		    de->arg->list->n_items == 3)
			drop_public_prefix(de->arg->list->items, &de->arg->list->n_items);
	}
	sequence_bounds(bytes, inc, &dmin, &dmax, &dstart);
	dstart = inc > 0 ? (has_min ? min : dmin) : (has_max ? max : dmax);
	for (size_t i = 0; i < *n; i++) {
		PgQuery__DefElem *de = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? options[i]->def_elem : NULL;
		bool num = de && option_value(de, &v), dflt = false;
		if (!de)
			dflt = false;
		else if (strcmp(de->defname, "as") == 0)
			dflt = int8;
		else if (strcmp(de->defname, "increment") == 0 || strcmp(de->defname, "cache") == 0)
			dflt = num && v == 1;
		else if (strcmp(de->defname, "minvalue") == 0)
			dflt = !de->arg || (num && v == dmin);
		else if (strcmp(de->defname, "maxvalue") == 0)
			dflt = !de->arg || (num && v == dmax);
		else if (strcmp(de->defname, "start") == 0)
			dflt = num && v == dstart;
		else if (strcmp(de->defname, "cycle") == 0)
			dflt = de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && !de->arg->boolean->boolval;
		if (dflt)
			protobuf_c_message_free_unpacked(&options[i]->base, NULL);
		else
			options[kept++] = options[i];
	}
	*n = kept;
	if (kept > 1)
		qsort(options, kept, sizeof(*options), cmp_def_elem);
}

/*
 * How a statement is written versus how PostgreSQL prints it back: public.
 * dropped, CREATE OR REPLACE as CREATE, a function's options in one order,
 * the columns of a one-table query unqualified.
 */
static void canonical_statement(const ProtobufCMessage *msg, void *ctx)
{
	const ProtobufCMessageDescriptor *d = msg->descriptor;

	(void)ctx;
	if (d == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *)msg;
		if (rv->schemaname && strcmp(rv->schemaname, "public") == 0)
			rv->schemaname[0] = '\0';
	} else if (d == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *fc = (PgQuery__FuncCall *)msg;
		drop_public_prefix(fc->funcname, &fc->n_funcname);
	} else if (d == &pg_query__type_name__descriptor) {
		PgQuery__TypeName *tn = (PgQuery__TypeName *)msg;
		drop_public_prefix(tn->names, &tn->n_names);
	} else if (d == &pg_query__create_trig_stmt__descriptor) {
		PgQuery__CreateTrigStmt *ct = (PgQuery__CreateTrigStmt *)msg;
		drop_public_prefix(ct->funcname, &ct->n_funcname);
		ct->replace = false;
	} else if (d == &pg_query__create_function_stmt__descriptor) {
		PgQuery__CreateFunctionStmt *cf = (PgQuery__CreateFunctionStmt *)msg;
		drop_public_prefix(cf->funcname, &cf->n_funcname);
		cf->replace = false;
		if (cf->n_options > 1)
			qsort(cf->options, cf->n_options, sizeof(*cf->options), cmp_def_elem);
	} else if (d == &pg_query__create_extension_stmt__descriptor) {
		PgQuery__CreateExtensionStmt *ce = (PgQuery__CreateExtensionStmt *)msg;
		remove_option(ce->options, &ce->n_options, "schema", "public");
		ce->if_not_exists = true;
	} else if (d == &pg_query__create_seq_stmt__descriptor) {
		PgQuery__CreateSeqStmt *cs = (PgQuery__CreateSeqStmt *)msg;
		canonical_sequence_options(cs->options, &cs->n_options);
	} else if (d == &pg_query__view_stmt__descriptor) {
		((PgQuery__ViewStmt *)msg)->replace = false;
	} else if (d == &pg_query__create_domain_stmt__descriptor) {
		PgQuery__CreateDomainStmt *cd = (PgQuery__CreateDomainStmt *)msg;
		drop_public_prefix(cd->domainname, &cd->n_domainname);
	} else if (d == &pg_query__select_stmt__descriptor) {
		PgQuery__SelectStmt *sel = (PgQuery__SelectStmt *)msg;
		if (sel->n_from_clause == 1 && sel->from_clause[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
			PgQuery__RangeVar *rv = sel->from_clause[0]->range_var;
			struct qualifier q = { rv->relname, rv->alias ? rv->alias->aliasname : NULL };
			for (size_t i = 0; i < sel->n_target_list; i++)
				visit_message(&sel->target_list[i]->base, strip_qualifier, &q);
			if (sel->where_clause)
				visit_message(&sel->where_clause->base, strip_qualifier, &q);
			for (size_t i = 0; i < sel->n_group_clause; i++)
				visit_message(&sel->group_clause[i]->base, strip_qualifier, &q);
			if (sel->having_clause)
				visit_message(&sel->having_clause->base, strip_qualifier, &q);
			for (size_t i = 0; i < sel->n_sort_clause; i++)
				visit_message(&sel->sort_clause[i]->base, strip_qualifier, &q);
		}
	}
}

/* A target "x AS x" is the column x (PostgreSQL prints the name only where it differs). */
static void drop_same_alias(const ProtobufCMessage *msg, void *ctx)
{
	PgQuery__ResTarget *rt;

	(void)ctx;
	if (msg->descriptor != &pg_query__res_target__descriptor)
		return;
	rt = (PgQuery__ResTarget *)msg;
	if (rt->name && rt->name[0] && rt->val && rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		PgQuery__ColumnRef *cr = rt->val->column_ref;
		PgQuery__Node *last = cr->n_fields ? cr->fields[cr->n_fields - 1] : NULL;
		if (last && last->node_case == PG_QUERY__NODE__NODE_STRING && strcmp(last->string->sval, rt->name) == 0)
			rt->name[0] = '\0';
	}
}

/* The canonical tree of sql (caller frees), or NULL when it does not parse. */
static PgQuery__ParseResult *canonical_tree(const char *sql)
{
	PgQuery__ParseResult *tree = parse_statements(sql, canonical_statement, NULL);

	if (tree) {
		walk_message(&tree->base); /* expressions as sqlnorm_expr_key() sees them */
		visit_message(&tree->base, drop_same_alias, NULL);
	}
	return tree;
}

/* Do two canonical trees pack to the same bytes (source positions left out by canonical_tree())? */
static bool same_trees(PgQuery__ParseResult *ta, PgQuery__ParseResult *tb)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	bool same;

	pack_tree(ta, &ka);
	pack_tree(tb, &kb);
	same = ka.len == kb.len && memcmp(ka.buf, kb.buf, ka.len) == 0;
	strbuf_release(&ka);
	strbuf_release(&kb);
	return same;
}

static void free_tree(PgQuery__ParseResult *t)
{
	if (t)
		pg_query__parse_result__free_unpacked(t, NULL);
}

/* Empties a name in place (its memory belongs to the tree). */
static void blank(char *name)
{
	if (name)
		name[0] = '\0';
}

static void blank_last_name(PgQuery__Node **items, size_t n)
{
	if (n && items[n - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
		blank(items[n - 1]->string->sval);
}

/* The name the first statement of t gives what it creates, emptied: two objects alike but for their names. */
static void blank_created_name(PgQuery__ParseResult *t)
{
	PgQuery__Node *n = t->n_stmts ? t->stmts[0]->stmt : NULL;

	switch (n ? n->node_case : PG_QUERY__NODE__NODE__NOT_SET) {
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		blank(n->view_stmt->view->relname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->into && n->create_table_as_stmt->into->rel)
			blank(n->create_table_as_stmt->into->rel->relname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		blank_last_name(n->create_function_stmt->funcname, n->create_function_stmt->n_funcname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		blank(n->create_trig_stmt->trigname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		blank(n->create_policy_stmt->policy_name);
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		blank(n->create_seq_stmt->sequence->relname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		blank_last_name(n->create_domain_stmt->domainname, n->create_domain_stmt->n_domainname);
		break;
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		blank(n->composite_type_stmt->typevar->relname);
		break;
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		blank_last_name(n->create_range_stmt->type_name, n->create_range_stmt->n_type_name);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		blank(n->index_stmt->idxname);
		break;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		blank(n->rule_stmt->rulename);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		/* ALTER TABLE ... ADD CONSTRAINT name ... */
		const PgQuery__AlterTableStmt *at = n->alter_table_stmt;
		if (at->n_cmds && at->cmds[0]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    at->cmds[0]->alter_table_cmd->def &&
		    at->cmds[0]->alter_table_cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			blank(at->cmds[0]->alter_table_cmd->def->constraint->conname);
		break;
	}
	default:
		break;
	}
}

static bool statements_equal(const char *a, const char *b, bool but_name)
{
	PgQuery__ParseResult *ta, *tb;
	bool same;

	if (strcmp(a, b) == 0)
		return true;
	ta = canonical_tree(a);
	tb = ta ? canonical_tree(b) : NULL;
	if (!ta || !tb) {
		same = !but_name && same_text_ignoring_space(a, b);
	} else {
		if (but_name) {
			blank_created_name(ta);
			blank_created_name(tb);
		}
		version_only_where_both(ta, tb);
		same = same_trees(ta, tb);
	}
	free_tree(ta);
	free_tree(tb);
	return same;
}

bool sqlnorm_statements_equal(const char *a, const char *b)
{
	return statements_equal(a, b, false);
}

bool sqlnorm_statements_equal_but_name(const char *a, const char *b)
{
	return statements_equal(a, b, true);
}

struct reference_walk {
	void (*fn)(const char *kind, const char *schema, const char *name, void *ctx);
	void *ctx;
};

/* A qualified name as a list of String nodes: schema (or "") and name. */
static void report_name_list(struct reference_walk *w, const char *kind, PgQuery__Node **items, size_t n)
{
	const char *schema = "", *name;

	if (n == 0 || items[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return;
	name = items[n - 1]->string->sval;
	if (n >= 2 && items[n - 2]->node_case == PG_QUERY__NODE__NODE_STRING)
		schema = items[n - 2]->string->sval;
	if (strcmp(schema, "pg_catalog") == 0)
		return;
	w->fn(kind, schema, name, w->ctx);
}

static void visit_reference(const ProtobufCMessage *msg, void *ctx)
{
	struct reference_walk *w = ctx;

	if (msg->descriptor == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)msg;
		w->fn("relation", rv->schemaname ? rv->schemaname : "", rv->relname, w->ctx);
	} else if (msg->descriptor == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *fc = (const PgQuery__FuncCall *)msg;
		report_name_list(w, "function", fc->funcname, fc->n_funcname);
	} else if (msg->descriptor == &pg_query__create_trig_stmt__descriptor) {
		const PgQuery__CreateTrigStmt *ct = (const PgQuery__CreateTrigStmt *)msg;
		report_name_list(w, "function", ct->funcname, ct->n_funcname);
	} else if (msg->descriptor == &pg_query__type_name__descriptor) {
		const PgQuery__TypeName *tn = (const PgQuery__TypeName *)msg;
		report_name_list(w, "type", tn->names, tn->n_names);
	} else if (msg->descriptor == &pg_query__def_elem__descriptor) {
		/* a sequence's OWNED BY [schema.]table.column: the table */
		const PgQuery__DefElem *de = (const PgQuery__DefElem *)msg;
		if (de->defname && strcmp(de->defname, "owned_by") == 0 && de->arg &&
		    de->arg->node_case == PG_QUERY__NODE__NODE_LIST && de->arg->list->n_items >= 2)
			report_name_list(w, "relation", de->arg->list->items, de->arg->list->n_items - 1);
	}
}

int sqlnorm_references(const char *sql, void (*fn)(const char *kind, const char *schema, const char *name, void *ctx),
		       void *ctx)
{
	struct reference_walk w = { fn, ctx };
	PgQuery__ParseResult *tree = parse_statements(sql, visit_reference, &w);

	if (!tree)
		return -1;
	pg_query__parse_result__free_unpacked(tree, NULL);
	return 0;
}

/* --- the parts of a CREATE DOMAIN ----------------------------------------- */

/* sql[from, to) without the spaces and semicolons at its ends (owned). */
static char *trimmed_slice(const char *sql, size_t from, size_t to)
{
	while (from < to && (isspace((unsigned char)sql[from]) || sql[from] == ';'))
		from++;
	while (to > from && (isspace((unsigned char)sql[to - 1]) || sql[to - 1] == ';'))
		to--;
	return xstrndup(sql + from, to - from);
}

/* A Constraint node's text positions are byte offsets of the statement (libpg_query counts bytes). */
int sqlnorm_domain_parts(const char *sql, struct sqlnorm_domain *out)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;
	PgQuery__CreateDomainStmt *cd;
	size_t len = strlen(sql);
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	pg_query_free_protobuf_parse_result(res);
	if (!tree || tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT)
		goto out;
	cd = tree->stmts[0]->stmt->create_domain_stmt;
	/* the type and collation: from the type's position to the first constraint */
	{
		size_t type_at = cd->type_name ? (size_t)cd->type_name->location : 0;
		size_t end = cd->n_constraints && cd->constraints[0]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
				     ? (size_t)cd->constraints[0]->constraint->location
				     : len;
		out->type = trimmed_slice(sql, type_at, end);
	}
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Constraint *c;
		size_t at, end;
		if (cd->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			goto out;
		c = cd->constraints[i]->constraint;
		at = (size_t)c->location;
		end = i + 1 < cd->n_constraints && cd->constraints[i + 1]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
			      ? (size_t)cd->constraints[i + 1]->constraint->location
			      : len;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
			char *text = trimmed_slice(sql, at, end);
			/* "DEFAULT x": the expression after the keyword */
			free(out->default_expr);
			out->default_expr = xstrdup(text + (strncasecmp(text, "DEFAULT", 7) == 0 ? 7 : 0));
			free(text);
			text = trimmed_slice(out->default_expr, 0, strlen(out->default_expr));
			free(out->default_expr);
			out->default_expr = text;
			break;
		}
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			out->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			if (out->nr_checks == (size_t)SQLNORM_MAX_DOMAIN_CHECKS)
				goto out;
			out->check_names[out->nr_checks] = xstrdup(c->conname ? c->conname : "");
			out->checks[out->nr_checks++] = trimmed_slice(sql, at, end);
			break;
		default:
			goto out;
		}
	}
	ret = 0;
out:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	if (ret < 0)
		sqlnorm_domain_release(out);
	return ret;
}

void sqlnorm_domain_release(struct sqlnorm_domain *dom)
{
	free(dom->type);
	free(dom->default_expr);
	for (size_t i = 0; i < dom->nr_checks; i++) {
		free(dom->checks[i]);
		free(dom->check_names[i]);
	}
	memset(dom, 0, sizeof(*dom));
}

/* The one CREATE FUNCTION or PROCEDURE of tree, or NULL. */
static PgQuery__CreateFunctionStmt *only_function(PgQuery__ParseResult *tree)
{
	if (!tree || tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT)
		return NULL;
	return tree->stmts[0]->stmt->create_function_stmt;
}

/* Without what CREATE OR REPLACE may change: the options (body, language, volatility, ...). */
static void without_options(PgQuery__CreateFunctionStmt *cf)
{
	for (size_t i = 0; i < cf->n_options; i++)
		protobuf_c_message_free_unpacked(&cf->options[i]->base, NULL);
	cf->n_options = 0;
	if (cf->sql_body) {
		protobuf_c_message_free_unpacked(&cf->sql_body->base, NULL);
		cf->sql_body = NULL;
	}
}

bool sqlnorm_same_function_signature(const char *a, const char *b)
{
	PgQuery__ParseResult *ta = canonical_tree(a), *tb = canonical_tree(b);
	PgQuery__CreateFunctionStmt *fa = only_function(ta), *fb = only_function(tb);
	bool same = false;

	if (fa && fb) {
		without_options(fa);
		without_options(fb);
		same = same_trees(ta, tb);
	}
	free_tree(ta);
	free_tree(tb);
	return same;
}

bool sqlnorm_constant_cast(const char *expr, struct strbuf *type_name)
{
	PgQuery__Node **slot;
	struct diag d = DIAG_INIT;
	PgQuery__ParseResult *tree = parse_expr(expr, &slot, &d);
	const PgQuery__Node *n;
	const PgQuery__TypeName *tn;
	bool found = false;

	diag_release(&d);
	if (!tree)
		return false;
	n = *slot;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast->type_name &&
	    n->type_cast->type_name->n_names) {
		const PgQuery__Node *arg = n->type_cast->arg;
		/* '...'::timestamp::timestamptz: the outer cast says what the value is */
		while (arg && arg->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
			arg = arg->type_cast->arg;
		tn = n->type_cast->type_name;
		if (arg && arg->node_case == PG_QUERY__NODE__NODE_A_CONST && !arg->a_const->isnull &&
		    tn->names[tn->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
			strbuf_reset(type_name);
			strbuf_addstr(type_name, tn->names[tn->n_names - 1]->string->sval);
			for (size_t i = 0; i < tn->n_array_bounds; i++)
				strbuf_addstr(type_name, "[]");
			found = true;
		}
	}
	pg_query__parse_result__free_unpacked(tree, NULL);
	return found;
}

/*
 * Applies CREATE SEQUENCE's (alter false: out starts from the defaults) or
 * ALTER's (alter true: out holds the values before) options to out. What
 * is not named keeps its value; under CREATE, MINVALUE, MAXVALUE and START
 * not named take the defaults of the final increment, as NO MINVALUE and
 * NO MAXVALUE do under either.
 */
static int apply_sequence_options(PgQuery__Node *const *options, size_t n, int bytes, bool alter,
				  struct sqlnorm_sequence *out, const char *text, struct diag *d)
{
	bool has_min = alter, has_max = alter, has_start = alter;
	long long min = out->min, max = out->max, start = out->start, dmin, dmax, dstart;
	const char *bad = NULL;

	if (!alter) {
		memset(out, 0, sizeof(*out));
		out->increment = 1;
		out->cache = 1;
	}
	for (size_t i = 0; i < n && !bad; i++) {
		const PgQuery__DefElem *de = options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ?
						     options[i]->def_elem : NULL;
		long long v = 0;
		bool num = de && option_value(de, &v);
		if (!de) {
			bad = "?";
		} else if (strcmp(de->defname, "increment") == 0) {
			if (!num || v == 0)
				bad = "INCREMENT BY";
			out->increment = v;
		} else if (strcmp(de->defname, "minvalue") == 0) {
			has_min = num, min = v;
			if (de->arg && !num)
				bad = "MINVALUE";
		} else if (strcmp(de->defname, "maxvalue") == 0) {
			has_max = num, max = v;
			if (de->arg && !num)
				bad = "MAXVALUE";
		} else if (strcmp(de->defname, "start") == 0) {
			has_start = true, start = v;
			if (!num)
				bad = "START WITH";
		} else if (strcmp(de->defname, "cache") == 0) {
			if (!num || v < 1)
				bad = "CACHE";
			out->cache = v;
		} else if (strcmp(de->defname, "cycle") == 0 && de->arg &&
			   de->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) {
			out->cycle = de->arg->boolean->boolval;
		} else if (alter && strcmp(de->defname, "restart") == 0) {
			/* the sequence's value, not its options */
		} else {
			bad = de->defname;
		}
	}
	if (bad) {
		/* the parser's name of the option ("owned_by") as SQL writes it */
		struct strbuf word = STRBUF_INIT;
		for (const char *p = bad; *p; p++)
			strbuf_addch(&word, *p == '_' ? ' ' : (char)toupper((unsigned char)*p));
		diag_error(d, "sequence options \"%s\": %s is not a sequence option mig keeps, or its value is wrong",
			   text, word.buf);
		strbuf_release(&word);
		return -1;
	}
	sequence_bounds(bytes, out->increment, &dmin, &dmax, &dstart);
	out->min = has_min ? min : dmin;
	out->max = has_max ? max : dmax;
	out->start = has_start ? start : out->increment > 0 ? out->min : out->max;
	if (out->min < type_min(bytes) || out->max > type_max(bytes))
		return diag_error(d, "sequence options \"%s\": MINVALUE %lld or MAXVALUE %lld is out of the range of the "
				  "column's type (%lld to %lld)", text, out->min, out->max, type_min(bytes),
				  type_max(bytes));
	if (out->min >= out->max)
		return diag_error(d, "sequence options \"%s\": MINVALUE %lld must be less than MAXVALUE %lld", text,
				  out->min, out->max);
	if (out->start < out->min || out->start > out->max)
		return diag_error(d, "sequence options \"%s\": START WITH %lld is not between MINVALUE %lld and "
				  "MAXVALUE %lld", text, out->start, out->min, out->max);
	return 0;
}

int sqlnorm_sequence_apply(PgQuery__Node *const *options, size_t n, int bytes, bool alter,
			   struct sqlnorm_sequence *seq, struct diag *d)
{
	return apply_sequence_options(options, n, bytes, alter, seq, alter ? "ALTER" : "AS IDENTITY (...)", d);
}

int sqlnorm_sequence_parse(const char *options, int bytes, struct sqlnorm_sequence *out, struct diag *d)
{
	struct strbuf sql = STRBUF_INIT;
	PgQueryProtobufParseResult res;
	PgQuery__ParseResult *tree = NULL;
	PgQuery__CreateSeqStmt *cs;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	strbuf_addf(&sql, "CREATE SEQUENCE mig_sequence %s", options);
	res = pg_query_parse_protobuf(sql.buf);
	if (res.error) {
		diag_error(d, "sequence options \"%s\" do not parse: %s", options, res.error->message);
		goto out;
	}
	tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	if (!tree || tree->n_stmts != 1 || tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_SEQ_STMT) {
		diag_error(d, "sequence options \"%s\" are not only sequence options", options);
		goto out;
	}
	cs = tree->stmts[0]->stmt->create_seq_stmt;
	ret = apply_sequence_options(cs->options, cs->n_options, bytes, false, out, options, d);
out:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	pg_query_free_protobuf_parse_result(res);
	strbuf_release(&sql);
	return ret;
}

/* " prefix word" (no space first at the start of out or after one), and " value" unless value is NULL. */
static void add_option(struct strbuf *out, const char *prefix, const char *word, const long long *value)
{
	if (out->len && out->buf[out->len - 1] != ' ')
		strbuf_addch(out, ' ');
	strbuf_addstr(out, prefix);
	strbuf_addstr(out, word);
	if (value)
		strbuf_addf(out, " %lld", *value);
}

void sqlnorm_sequence_format(const struct sqlnorm_sequence *s, int bytes, struct strbuf *out)
{
	long long min, max, start;

	sequence_bounds(bytes, s->increment, &min, &max, &start);
	start = s->increment > 0 ? s->min : s->max;
	if (s->start != start)
		add_option(out, "", "START WITH", &s->start);
	if (s->increment != 1)
		add_option(out, "", "INCREMENT BY", &s->increment);
	if (s->min != min)
		add_option(out, "", "MINVALUE", &s->min);
	if (s->max != max)
		add_option(out, "", "MAXVALUE", &s->max);
	if (s->cache != 1)
		add_option(out, "", "CACHE", &s->cache);
	if (s->cycle)
		add_option(out, "", "CYCLE", NULL);
}

void sqlnorm_sequence_alter(const struct sqlnorm_sequence *s, int bytes, const char *prefix, struct strbuf *out)
{
	long long min, max, start;

	sequence_bounds(bytes, s->increment, &min, &max, &start);
	add_option(out, prefix, "INCREMENT BY", &s->increment);
	if (s->min == min)
		add_option(out, prefix, "NO MINVALUE", NULL);
	else
		add_option(out, prefix, "MINVALUE", &s->min);
	if (s->max == max)
		add_option(out, prefix, "NO MAXVALUE", NULL);
	else
		add_option(out, prefix, "MAXVALUE", &s->max);
	add_option(out, prefix, "START WITH", &s->start);
	add_option(out, prefix, "CACHE", &s->cache);
	add_option(out, prefix, s->cycle ? "CYCLE" : "NO CYCLE", NULL);
}

void sqlnorm_sequence_unnamed_defaults(const char *create_sql, struct strbuf *out)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(create_sql);
	PgQuery__ParseResult *tree = NULL;
	const PgQuery__CreateSeqStmt *cs;
	bool named[7] = { false };
	static const char *const names[7] = { "as", "increment", "minvalue", "maxvalue", "cache", "cycle", "start" };
	long long inc = 1, min = 0, max = 0, v, dmin, dmax, dstart;
	bool has_min = false, has_max = false;
	int bytes = 8;

	if (!res.error)
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len, (const uint8_t *)res.parse_tree.data);
	if (!tree || tree->n_stmts != 1 || tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_SEQ_STMT)
		goto out;
	cs = tree->stmts[0]->stmt->create_seq_stmt;
	for (size_t i = 0; i < cs->n_options; i++) {
		const PgQuery__DefElem *de = cs->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ?
						     cs->options[i]->def_elem : NULL;
		if (!de)
			continue;
		for (size_t k = 0; k < 7; k++)
			named[k] = named[k] || strcmp(de->defname, names[k]) == 0;
		if (strcmp(de->defname, "as") == 0 && de->arg && de->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME &&
		    de->arg->type_name->n_names) {
			const PgQuery__Node *last = de->arg->type_name->names[de->arg->type_name->n_names - 1];
			const char *type = last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "";
			bytes = strcmp(type, "int4") == 0 ? 4 : strcmp(type, "int2") == 0 ? 2 : 8;
		}
		if (strcmp(de->defname, "increment") == 0 && option_value(de, &v) && v != 0)
			inc = v;
		if (strcmp(de->defname, "minvalue") == 0 && option_value(de, &v))
			has_min = true, min = v;
		if (strcmp(de->defname, "maxvalue") == 0 && option_value(de, &v))
			has_max = true, max = v;
	}
	sequence_bounds(bytes, inc, &dmin, &dmax, &dstart);
	dstart = inc > 0 ? (has_min ? min : dmin) : (has_max ? max : dmax);
	if (!named[0])
		strbuf_addstr(out, " AS bigint");
	if (!named[1])
		strbuf_addstr(out, " INCREMENT BY 1");
	if (!named[2])
		strbuf_addstr(out, " NO MINVALUE");
	if (!named[3])
		strbuf_addstr(out, " NO MAXVALUE");
	if (!named[4])
		strbuf_addstr(out, " CACHE 1");
	if (!named[5])
		strbuf_addstr(out, " NO CYCLE");
	if (!named[6])
		strbuf_addf(out, " START WITH %lld", dstart);
out:
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	pg_query_free_protobuf_parse_result(res);
}

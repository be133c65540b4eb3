/* Expression keys from libpg_query's parse tree (protobuf, walked generically). */
#include "sqlnorm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

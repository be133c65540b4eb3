/* Portable column types, referential actions and literal defaults. */
#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

enum type_args {
	ARGS_NONE,      /* no (...) allowed */
	ARGS_LENGTH,    /* (n) */
	ARGS_NUMERIC,   /* (p) or (p,s) */
	ARGS_PRECISION, /* (p), fractional seconds 0..6 */
};

struct type_name {
	const char *name;
	enum model_type_kind kind;
	enum type_args args;
	bool serial;
	bool canonical; /* the spelling model_type_format() writes */
};

static const struct type_name type_names[] = {
	{ "smallint", TYPE_SMALLINT, ARGS_NONE, false, true },
	{ "int2", TYPE_SMALLINT, ARGS_NONE, false, false },
	{ "smallserial", TYPE_SMALLINT, ARGS_NONE, true, false },
	{ "serial2", TYPE_SMALLINT, ARGS_NONE, true, false },
	{ "integer", TYPE_INTEGER, ARGS_NONE, false, true },
	{ "int", TYPE_INTEGER, ARGS_NONE, false, false },
	{ "int4", TYPE_INTEGER, ARGS_NONE, false, false },
	{ "serial", TYPE_INTEGER, ARGS_NONE, true, false },
	{ "serial4", TYPE_INTEGER, ARGS_NONE, true, false },
	{ "bigint", TYPE_BIGINT, ARGS_NONE, false, true },
	{ "int8", TYPE_BIGINT, ARGS_NONE, false, false },
	{ "bigserial", TYPE_BIGINT, ARGS_NONE, true, false },
	{ "serial8", TYPE_BIGINT, ARGS_NONE, true, false },
	{ "boolean", TYPE_BOOLEAN, ARGS_NONE, false, true },
	{ "bool", TYPE_BOOLEAN, ARGS_NONE, false, false },
	{ "text", TYPE_TEXT, ARGS_NONE, false, true },
	{ "varchar", TYPE_VARCHAR, ARGS_LENGTH, false, true },
	{ "character varying", TYPE_VARCHAR, ARGS_LENGTH, false, false },
	{ "char", TYPE_CHAR, ARGS_LENGTH, false, true },
	{ "character", TYPE_CHAR, ARGS_LENGTH, false, false },
	{ "numeric", TYPE_NUMERIC, ARGS_NUMERIC, false, true },
	{ "decimal", TYPE_NUMERIC, ARGS_NUMERIC, false, false },
	{ "real", TYPE_REAL, ARGS_NONE, false, true },
	{ "float4", TYPE_REAL, ARGS_NONE, false, false },
	{ "double", TYPE_DOUBLE, ARGS_NONE, false, true },
	{ "double precision", TYPE_DOUBLE, ARGS_NONE, false, false },
	{ "float8", TYPE_DOUBLE, ARGS_NONE, false, false },
	{ "date", TYPE_DATE, ARGS_NONE, false, true },
	{ "time", TYPE_TIME, ARGS_PRECISION, false, true },
	{ "timetz", TYPE_TIMETZ, ARGS_PRECISION, false, true },
	{ "timestamp", TYPE_TIMESTAMP, ARGS_PRECISION, false, true },
	{ "timestamptz", TYPE_TIMESTAMPTZ, ARGS_PRECISION, false, true },
	{ "interval", TYPE_INTERVAL, ARGS_PRECISION, false, true },
	{ "uuid", TYPE_UUID, ARGS_NONE, false, true },
	{ "json", TYPE_JSON, ARGS_NONE, false, true },
	{ "jsonb", TYPE_JSONB, ARGS_NONE, false, true },
	{ "bytes", TYPE_BYTES, ARGS_NONE, false, true },
	{ "bytea", TYPE_BYTES, ARGS_NONE, false, false },
	{ "blob", TYPE_BYTES, ARGS_NONE, false, false },
};

#define MAX_VARCHAR_LENGTH 10485760
#define MAX_NUMERIC_PRECISION 1000

static const struct type_name *find_type_name(const char *name, size_t len)
{
	int first = tolower((unsigned char)name[0]);

	/* cheap tests first: this runs for every column of large models */
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (type_names[i].name[0] == first && strlen(type_names[i].name) == len &&
		    strncasecmp(type_names[i].name, name, len) == 0)
			return &type_names[i];
	}
	return NULL;
}

static const struct type_name *canonical_name(enum model_type_kind kind)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (type_names[i].kind == kind && type_names[i].canonical)
			return &type_names[i];
	}
	return NULL;
}

void model_type_release(struct model_type *type)
{
	free(type->enum_schema);
	free(type->enum_name);
	type->enum_schema = type->enum_name = NULL;
}

/* Parses a non-negative decimal int at *p, advancing it; -1 when none. */
static long parse_uint(const char **p)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	while (isdigit((unsigned char)**p)) {
		if (v > 100000000)
			return LONG_MAX;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

static void skip_spaces(const char **p)
{
	while (isspace((unsigned char)**p))
		(*p)++;
}

static int parse_args(const char *text, const char *p, const struct type_name *tn,
		      struct model_type *type, struct diag *d)
{
	long a, b = -1;

	p++; /* '(' */
	skip_spaces(&p);
	a = parse_uint(&p);
	skip_spaces(&p);
	if (a >= 0 && *p == ',' && tn->args == ARGS_NUMERIC) {
		p++;
		skip_spaces(&p);
		b = parse_uint(&p);
		skip_spaces(&p);
		if (b < 0)
			a = -1;
	}
	if (a < 0 || *p != ')')
		return diag_error(d, "type \"%s\" has malformed arguments", text);
	switch (tn->args) {
	case ARGS_NONE:
		break;
	case ARGS_LENGTH:
		if (a < 1 || a > MAX_VARCHAR_LENGTH)
			return diag_error(d, "length of type \"%s\" must be between 1 and %d",
					  text, MAX_VARCHAR_LENGTH);
		type->length = (int)a;
		return 0;
	case ARGS_NUMERIC:
		if (a < 1 || a > MAX_NUMERIC_PRECISION)
			return diag_error(d, "precision of type \"%s\" must be between 1 and %d",
					  text, MAX_NUMERIC_PRECISION);
		if (b > a)
			return diag_error(d, "scale of type \"%s\" must be between 0 and its precision %ld",
					  text, a);
		type->precision = (int)a;
		type->scale = b < 0 ? 0 : (int)b; /* numeric(p) is numeric(p,0) */
		return 0;
	case ARGS_PRECISION:
		if (a > 6)
			return diag_error(d, "precision of type \"%s\" must be between 0 and 6", text);
		type->precision = (int)a;
		return 0;
	}
	return diag_error(d, "type \"%s\" takes no arguments", text);
}

int model_type_parse(const char *text, struct model_type *type, bool *serial,
		     struct diag *d)
{
	const char *p = text, *base, *end;
	const struct type_name *tn;
	size_t baselen;
	struct strbuf norm = STRBUF_INIT;
	int dims = 0;

	memset(type, 0, sizeof(*type));
	type->length = type->precision = type->scale = -1;
	*serial = false;

	skip_spaces(&p);
	base = p;
	while (*p && *p != '(' && *p != '[')
		p++;
	end = p;
	while (end > base && isspace((unsigned char)end[-1]))
		end--;
	baselen = (size_t)(end - base);
	if (baselen == 0)
		return diag_error(d, "type \"%s\" is empty", text);

	/* Collapse runs of spaces so "double  precision" is "double precision". */
	for (const char *q = base; q < end; q++) {
		if (isspace((unsigned char)*q)) {
			if (norm.len && norm.buf[norm.len - 1] != ' ')
				strbuf_addch(&norm, ' ');
		} else {
			strbuf_addch(&norm, *q);
		}
	}
	tn = find_type_name(norm.buf, norm.len);

	if (tn) {
		type->kind = tn->kind;
		*serial = tn->serial;
		if (*p == '(') {
			if (tn->args == ARGS_NONE) {
				diag_error(d, "type \"%s\" takes no arguments", norm.buf);
				goto fail;
			}
			if (parse_args(text, p, tn, type, d) < 0)
				goto fail;
			p = strchr(p, ')') + 1;
		}
	} else {
		const char *dot;

		if (*p == '(') {
			diag_error(d, "unknown type \"%s\"", text);
			goto fail;
		}
		type->kind = TYPE_ENUM;
		dot = memchr(norm.buf, '.', norm.len);
		if (dot) {
			type->enum_schema = xstrndup(norm.buf, (size_t)(dot - norm.buf));
			type->enum_name = xstrdup(dot + 1);
			if (strcmp(type->enum_schema, "public") == 0)
				type->enum_schema[0] = '\0';
		} else {
			type->enum_schema = NULL; /* resolved by model_finish() */
			type->enum_name = xstrdup(norm.buf);
		}
	}
	skip_spaces(&p);
	while (*p == '[') {
		p++;
		skip_spaces(&p);
		if (*p != ']') {
			diag_error(d, "type \"%s\" has a malformed array suffix", text);
			goto fail;
		}
		p++;
		skip_spaces(&p);
		if (++dims > MODEL_MAX_ARRAY_DIMS) {
			diag_error(d, "type \"%s\" has more than %d array dimensions", text, MODEL_MAX_ARRAY_DIMS);
			goto fail;
		}
	}
	if (*p) {
		diag_error(d, "unknown type \"%s\"", text);
		goto fail;
	}
	if (dims && *serial) {
		diag_error(d, "type \"%s\": a serial column cannot be an array", text);
		goto fail;
	}
	type->array_dims = dims;
	strbuf_release(&norm);
	return 0;
fail:
	strbuf_release(&norm);
	model_type_release(type);
	return -1;
}

void model_type_format(const struct model_type *type, struct strbuf *out)
{
	if (type->kind == TYPE_ENUM) {
		if (type->enum_schema && type->enum_schema[0])
			strbuf_addf(out, "%s.", type->enum_schema);
		strbuf_addstr(out, type->enum_name ? type->enum_name : "");
	} else {
		strbuf_addstr(out, canonical_name(type->kind)->name);
		if (type->length >= 0)
			strbuf_addf(out, "(%d)", type->length);
		else if (type->precision >= 0 && type->scale >= 0)
			strbuf_addf(out, "(%d,%d)", type->precision, type->scale);
		else if (type->precision >= 0)
			strbuf_addf(out, "(%d)", type->precision);
	}
	for (int i = 0; i < type->array_dims; i++)
		strbuf_addstr(out, "[]");
}

static const char *nonnull(const char *s)
{
	return s ? s : "";
}

bool model_type_equal(const struct model_type *a, const struct model_type *b)
{
	if (a->kind != b->kind || a->length != b->length || a->precision != b->precision ||
	    a->scale != b->scale || a->array_dims != b->array_dims)
		return false;
	if (a->kind == TYPE_ENUM)
		return strcmp(nonnull(a->enum_schema), nonnull(b->enum_schema)) == 0 &&
		       strcmp(nonnull(a->enum_name), nonnull(b->enum_name)) == 0;
	return true;
}

bool model_type_is_integer(const struct model_type *type)
{
	return type->array_dims == 0 &&
	       (type->kind == TYPE_SMALLINT || type->kind == TYPE_INTEGER ||
		type->kind == TYPE_BIGINT);
}

/* --- referential actions ---------------------------------------------- */

static const char *const fk_action_names[] = {
	[FK_NO_ACTION] = "no-action",
	[FK_RESTRICT] = "restrict",
	[FK_CASCADE] = "cascade",
	[FK_SET_NULL] = "set-null",
	[FK_SET_DEFAULT] = "set-default",
};

const char *model_fk_action_name(enum model_fk_action a)
{
	return fk_action_names[a];
}

int model_fk_action_parse(const char *s, enum model_fk_action *a)
{
	for (size_t i = 0; i < sizeof(fk_action_names) / sizeof(fk_action_names[0]); i++) {
		if (strcmp(fk_action_names[i], s) == 0) {
			*a = (enum model_fk_action)i;
			return 0;
		}
	}
	return -1;
}

/* --- literal defaults -------------------------------------------------- */

static int check_integer(const char *lit, enum model_type_kind kind, long long *canonical,
			 struct diag *d)
{
	const char *name = kind == TYPE_SMALLINT ? "smallint" :
			   kind == TYPE_INTEGER  ? "integer" : "bigint";
	long long min = kind == TYPE_SMALLINT ? -32768 : kind == TYPE_INTEGER ? INT_MIN : LLONG_MIN;
	long long max = kind == TYPE_SMALLINT ? 32767 : kind == TYPE_INTEGER ? INT_MAX : LLONG_MAX;
	const char *p = lit;
	char *end;
	long long v;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return diag_error(d, "default \"%s\" is not a valid %s", lit, name);
	errno = 0;
	v = strtoll(lit, &end, 10);
	if (*end)
		return diag_error(d, "default \"%s\" is not a valid %s", lit, name);
	if (errno == ERANGE || v < min || v > max)
		return diag_error(d, "default \"%s\" is out of range for type %s", lit, name);
	*canonical = v;
	return 0;
}

/*
 * [+-]digits[.digits][e[+-]digits] or [+-].digits[...]. Sets *int_digits to
 * the significant digits before the point, or -1 when there is an exponent
 * (the precision is then left to the database).
 */
static bool is_decimal(const char *p, int *int_digits)
{
	int significant = 0, digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	for (; isdigit((unsigned char)*p); p++, digits++) {
		if (*p != '0' || significant)
			significant++;
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
		significant = -1;
	}
	*int_digits = significant;
	return *p == '\0';
}

static int check_numeric(const char *lit, const struct model_type *type, struct diag *d)
{
	int id;

	if (strcasecmp(lit, "NaN") == 0)
		return 0;
	if (type->kind != TYPE_NUMERIC &&
	    (strcasecmp(lit, "Infinity") == 0 || strcasecmp(lit, "-Infinity") == 0))
		return 0;
	if (!is_decimal(lit, &id))
		return diag_error(d, "default \"%s\" is not a valid %s", lit,
				  type->kind == TYPE_NUMERIC ? "numeric" :
				  type->kind == TYPE_REAL ? "real" : "double");
	if (type->kind == TYPE_NUMERIC && type->precision > 0 && id >= 0) {
		int scale = type->scale > 0 ? type->scale : 0;
		if (id > type->precision - scale)
			return diag_error(d, "default \"%s\" does not fit numeric(%d,%d)", lit,
					  type->precision, scale);
	}
	return 0;
}

static int check_uuid(const char *lit, struct diag *d)
{
	size_t hex = 0, len = strlen(lit);

	for (size_t i = 0; i < len; i++) {
		if (isxdigit((unsigned char)lit[i]))
			hex++;
		else if (lit[i] != '-' || !(i == 8 || i == 13 || i == 18 || i == 23) || len != 36)
			return diag_error(d, "default \"%s\" is not a valid uuid", lit);
	}
	if (hex != 32)
		return diag_error(d, "default \"%s\" is not a valid uuid", lit);
	return 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

int model_check_literal(const struct model *m, const struct model_type *type,
			char **literal, struct diag *d)
{
	const char *lit = *literal;

	if (type->array_dims)
		return 0; /* array literals are checked by the database */
	switch (type->kind) {
	case TYPE_SMALLINT:
	case TYPE_INTEGER:
	case TYPE_BIGINT: {
		/* Normalised ("+007" is 7), as the database will show it. */
		struct strbuf sb = STRBUF_INIT;
		long long v = 0;
		if (check_integer(lit, type->kind, &v, d) < 0)
			return -1;
		strbuf_addf(&sb, "%lld", v);
		free(*literal);
		*literal = strbuf_detach(&sb, NULL);
		return 0;
	}
	case TYPE_BOOLEAN: {
		static const char *const yes[] = { "true", "t", "yes", "y", "on", "1" };
		static const char *const no[] = { "false", "f", "no", "n", "off", "0" };
		for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
			if (strcasecmp(lit, yes[i]) == 0 || strcasecmp(lit, no[i]) == 0) {
				const char *canon = strcasecmp(lit, yes[i]) == 0 ? "true" : "false";
				free(*literal);
				*literal = xstrdup(canon);
				return 0;
			}
		}
		return diag_error(d, "default \"%s\" is not a valid boolean", lit);
	}
	case TYPE_NUMERIC:
	case TYPE_REAL:
	case TYPE_DOUBLE:
		return check_numeric(lit, type, d);
	case TYPE_UUID:
		return check_uuid(lit, d);
	case TYPE_VARCHAR:
	case TYPE_CHAR:
		if (type->length > 0 && utf8_chars(lit) > (size_t)type->length)
			return diag_error(d, "default \"%s\" is longer than %s(%d)", lit,
					  type->kind == TYPE_VARCHAR ? "varchar" : "char",
					  type->length);
		return 0;
	case TYPE_ENUM: {
		const struct model_enum *e = model_find_enum(m, type->enum_schema ? type->enum_schema : "",
							     type->enum_name);
		if (e && model_names_find(&e->values, lit) < 0)
			return diag_error(d, "default \"%s\" is not a value of enum \"%s\"", lit,
					  e->name);
		return 0;
	}
	default:
		return 0;
	}
}

int model_column_check_default(struct model *m, const struct model *enums, struct model_column *c,
			       struct diag *d)
{
	char *literal = xstrdup(c->default_value);
	int ret = model_check_literal(enums, &c->type, &literal, d);

	if (ret == 0 && strcmp(literal, c->default_value) != 0)
		model_column_set_default(m, c, DEFAULT_LITERAL, literal);
	free(literal);
	return ret;
}

int model_type_sequence_bytes(const struct model_type *type)
{
	return type->kind == TYPE_SMALLINT ? 2 : type->kind == TYPE_INTEGER ? 4 : 8;
}

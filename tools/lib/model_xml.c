/* Model files: libxml2 parsing, XML schema validation, canonical writing. */
#include "model_xml.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlschemas.h>

#include "diag.h"
#include "model.h"
#include "model_xsd.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* --- errors ------------------------------------------------------------ */

/* The first problem libxml2 reports while parsing or validating one file. */
struct xml_errors {
	const char *file;
	struct diag *d;
	bool seen;
};

/* libxml2 messages: drop the namespace, the newline and the final period. */
static void clean_message(const char *msg, struct strbuf *out)
{
	const char *ns = "{" MODEL_XML_NS "}";
	size_t nslen = strlen(ns);

	for (const char *p = msg; *p;) {
		if (strncmp(p, ns, nslen) == 0) {
			p += nslen;
			continue;
		}
		strbuf_addch(out, *p++);
	}
	strbuf_rtrim(out);
	while (out->len && out->buf[out->len - 1] == '.')
		strbuf_setlen(out, out->len - 1);
	if (out->len && isupper((unsigned char)out->buf[0]) &&
	    !(out->len > 1 && isupper((unsigned char)out->buf[1])))
		out->buf[0] = (char)tolower((unsigned char)out->buf[0]);
}

/* "attribute 'x'" in a schema validity message: the attribute's name. */
static void message_attribute(const char *msg, struct strbuf *out)
{
	const char *p = strstr(msg, "attribute '");
	const char *end;

	if (!p)
		return;
	p += strlen("attribute '");
	end = strchr(p, '\'');
	if (end)
		strbuf_add(out, p, (size_t)(end - p));
}

static bool is_model_element(const char *name)
{
	static const char *const known[] = {
		"models", "schema", "enum", "value", "table", "column", "primary-key",
		"unique", "index", "key", "foreign-key", "check",
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(known[i], name) == 0)
			return true;
	}
	return false;
}

/* Turns one schema validity error into a message a model author can act on. */
static void describe_schema_error(const xmlError *e, struct strbuf *out)
{
	const xmlNode *node = e->node;
	const char *el = node && node->type == XML_ELEMENT_NODE ? (const char *)node->name : NULL;
	const char *parent = node && node->parent && node->parent->type == XML_ELEMENT_NODE ?
			     (const char *)node->parent->name : NULL;
	struct strbuf attr = STRBUF_INIT;

	message_attribute(e->message ? e->message : "", &attr);
	switch (e->code) {
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
		if (el && e->str1) {
			strbuf_addf(out, "unknown attribute \"%s\" on <%s>", e->str1, el);
			goto out;
		}
		break;
	case XML_SCHEMAV_ELEMENT_CONTENT:
		if (el && parent) {
			if (is_model_element(el) && node->ns &&
			    strcmp((const char *)node->ns->href, MODEL_XML_NS) == 0)
				strbuf_addf(out, "element <%s> is not allowed inside <%s>", el, parent);
			else
				strbuf_addf(out, "unknown element <%s> inside <%s>", el, parent);
			goto out;
		}
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		if (el && e->str1) {
			strbuf_addf(out, "<%s> needs the attribute \"%s\"", el, e->str1);
			goto out;
		}
		break;
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
		if (el && attr.len && e->str1 && e->str2) {
			struct strbuf set = STRBUF_INIT;
			for (const char *p = e->str2; *p; p++) {
				if (*p != '\'')
					strbuf_addch(&set, *p);
			}
			strbuf_addf(out, "attribute \"%s\" of <%s> has invalid value \"%s\" (expected one of: %s)",
				    attr.buf, el, e->str1, set.buf);
			strbuf_release(&set);
			goto out;
		}
		break;
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
		if (el && attr.len && e->str1) {
			strbuf_addf(out, "attribute \"%s\" of <%s> has invalid value \"%s\"",
				    attr.buf, el, e->str1);
			if (e->message && strstr(e->message, "xs:boolean"))
				strbuf_addstr(out, " (expected true or false)");
			goto out;
		}
		break;
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
		if (el) {
			strbuf_addf(out, "<%s> cannot contain text or elements", el);
			goto out;
		}
		break;
	case XML_SCHEMAV_CVC_ELT_1:
		strbuf_addf(out, "the root element must be <models xmlns=\"%s\">", MODEL_XML_NS);
		goto out;
	default:
		break;
	}
	clean_message(e->message ? e->message : "invalid model", out);
out:
	strbuf_release(&attr);
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct xml_errors *errs = ctx;
	struct strbuf msg = STRBUF_INIT;

	if (errs->seen || e->level == XML_ERR_WARNING)
		return;
	errs->seen = true;
	if (e->domain == XML_FROM_SCHEMASV) {
		describe_schema_error(e, &msg);
	} else {
		struct strbuf clean = STRBUF_INIT;
		clean_message(e->message ? e->message : "parse error", &clean);
		strbuf_addf(&msg, "malformed XML: %s", clean.buf);
		strbuf_release(&clean);
	}
	diag_error_at(errs->d, errs->file, e->line > 0 ? e->line : 1, "%s", msg.buf);
	strbuf_release(&msg);
}

/* libxml2 hands parser errors the parser context as their user data. */
static void on_parser_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;

	on_xml_error(ctxt->_private, e);
}

/*
 * A DOCTYPE can declare entities (billion laughs) or pull in an external DTD:
 * model files never need one, so the parser stops at the first.
 */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_errors *errs = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	if (!errs->seen) {
		errs->seen = true;
		diag_error_at(errs->d, errs->file, ctxt->input ? ctxt->input->line : 1,
			      "a DOCTYPE is not allowed in a model file");
		diag_hint(errs->d, "remove the <!DOCTYPE ...> declaration (no DTD or entity is ever loaded)");
	}
	xmlStopParser(ctxt);
}

/* Rejects bytes that are not UTF-8 (and NUL), naming the line. */
static int check_utf8(const char *file, const char *buf, size_t len, struct diag *d)
{
	int line = 1;

	for (size_t i = 0; i < len;) {
		int clen = (int)(len - i > 4 ? 4 : len - i);
		int c = xmlGetUTF8Char((const unsigned char *)buf + i, &clen);
		if (c <= 0 || clen <= 0) {
			diag_error_at(d, file, line, "the file is not valid UTF-8 (byte 0x%02x at offset %zu)",
				      (unsigned char)buf[i], i);
			diag_hint(d, "model files must be UTF-8; convert it, e.g. with iconv -t UTF-8");
			return -1;
		}
		if (c == '\n')
			line++;
		i += (size_t)clen;
	}
	return 0;
}

/* --- reader ----------------------------------------------------------- */

int model_xml_reader_init(struct model_xml_reader *r, struct diag *d)
{
	xmlSchemaParserCtxtPtr pctxt;

	r->schema = NULL;
	pctxt = xmlSchemaNewMemParserCtxt((const char *)model_xsd, (int)model_xsd_len);
	if (!pctxt)
		return diag_error(d, "cannot load the built-in model schema");
	r->schema = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (!r->schema)
		return diag_error(d, "the built-in model schema does not compile");
	return 0;
}

void model_xml_reader_release(struct model_xml_reader *r)
{
	if (r->schema)
		xmlSchemaFree(r->schema);
	r->schema = NULL;
}

/* --- tree walking ------------------------------------------------------ */

struct parse_state {
	struct model *m;
	const char *file; /* interned in m */
	const char *app;
	struct diag *d;
};

static struct model_loc loc_of(const struct parse_state *ps, const xmlNode *node)
{
	struct model_loc loc = { ps->file, (int)xmlGetLineNo(node) };
	return loc;
}

static int error_node(struct parse_state *ps, const xmlNode *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int error_node(struct parse_state *ps, const xmlNode *node, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error_at(ps->d, ps->file, (int)xmlGetLineNo(node), "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* An attribute's value (owned copy), or NULL when absent. */
static char *attr(const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A boolean attribute (already validated as xs:boolean), or dflt. */
static bool attr_bool(const xmlNode *node, const char *name, bool dflt)
{
	char *v = attr(node, name);
	bool b = dflt;

	if (v) {
		b = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
		free(v);
	}
	return b;
}

/* The schema attribute: absent or "public" is the default schema "". */
static char *attr_schema(const xmlNode *node)
{
	char *s = attr(node, "schema");

	if (!s || strcmp(s, "public") == 0) {
		free(s);
		return xstrdup("");
	}
	return s;
}

static bool is_el(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/*
 * Name lists: "a, b", with "double quoted" names for any that contain a
 * comma, a space, a parenthesis, a dot or a quote ("" is a quote).
 */
static bool name_needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++) {
		if (isspace((unsigned char)*s) || strchr(",().\"", *s))
			return true;
	}
	return false;
}

static void append_name(struct strbuf *out, const char *s)
{
	if (!name_needs_quotes(s)) {
		strbuf_addstr(out, s);
		return;
	}
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

static void skip_ws(const char **p)
{
	while (isspace((unsigned char)**p))
		(*p)++;
}

/*
 * Reads one name at *p (quoted, or bare up to a delimiter; a dot delimits
 * only when stop_at_dot). Returns an owned string or NULL when there is none.
 */
static char *read_name(const char **p, bool stop_at_dot)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	skip_ws(p);
	s = *p;
	if (*s == '"') {
		for (s++;; s++) {
			if (!*s) {
				strbuf_release(&sb);
				return NULL;
			}
			if (*s == '"') {
				if (s[1] != '"')
					break;
				s++;
			}
			strbuf_addch(&sb, *s);
		}
		*p = s + 1;
		return strbuf_detach(&sb, NULL);
	}
	while (*s && !isspace((unsigned char)*s) && !strchr(",()\"", *s) && !(stop_at_dot && *s == '.'))
		s++;
	if (s == *p) {
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_add(&sb, *p, (size_t)(s - *p));
	*p = s;
	return strbuf_detach(&sb, NULL);
}

static bool read_keyword(const char **p, const char *kw)
{
	size_t n = strlen(kw);

	skip_ws(p);
	if (strncasecmp(*p, kw, n) == 0 && !isalnum((unsigned char)(*p)[n]) && (*p)[n] != '_') {
		*p += n;
		return true;
	}
	return false;
}

/*
 * Parses "a, b" into names; with keys non-NULL, each item may carry
 * ASC|DESC and NULLS FIRST|LAST and becomes an index key instead.
 */
static int parse_name_list(struct parse_state *ps, const xmlNode *node, const char *attrname,
			   const char *text, struct model_names *names, struct model_index *keys)
{
	const char *p = text;

	for (;;) {
		char *name = read_name(&p, false);
		if (!name)
			return error_node(ps, node, "attribute \"%s\" of <%s> has a malformed column list \"%s\"",
					  attrname, (const char *)node->name, text);
		if (keys) {
			struct model_index_key *k = model_index_add_key(keys);
			k->column = name;
			if (read_keyword(&p, "asc"))
				k->sort = SORT_ASC;
			else if (read_keyword(&p, "desc"))
				k->sort = SORT_DESC;
			if (read_keyword(&p, "nulls")) {
				if (read_keyword(&p, "first"))
					k->nulls = NULLS_FIRST;
				else if (read_keyword(&p, "last"))
					k->nulls = NULLS_LAST;
				else
					return error_node(ps, node, "attribute \"%s\" of <%s>: NULLS must be followed by FIRST or LAST",
							  attrname, (const char *)node->name);
			}
		} else {
			model_names_add(names, name);
			free(name);
		}
		skip_ws(&p);
		if (!*p)
			return 0;
		if (*p != ',')
			return error_node(ps, node, "attribute \"%s\" of <%s> has a malformed column list \"%s\"",
					  attrname, (const char *)node->name, text);
		p++;
	}
}

/* references="[schema.]table [(col, ...)]" */
static int parse_references(struct parse_state *ps, const xmlNode *node, const char *text,
			    struct model_foreign_key *fk)
{
	const char *p = text;
	char *first = read_name(&p, true);

	if (!first)
		goto bad;
	skip_ws(&p);
	if (*p == '.') {
		p++;
		fk->ref_table = read_name(&p, true);
		if (!fk->ref_table) {
			free(first);
			goto bad;
		}
		if (strcmp(first, "public") == 0)
			first[0] = '\0';
		fk->ref_schema = first;
	} else {
		fk->ref_table = first; /* schema resolved by model_finish() */
	}
	skip_ws(&p);
	if (*p == '(') {
		const char *close = strrchr(p, ')');
		char *inner;
		int ret;

		if (!close)
			goto bad;
		for (const char *q = close + 1; *q; q++) {
			if (!isspace((unsigned char)*q))
				goto bad;
		}
		inner = xstrndup(p + 1, (size_t)(close - p - 1));
		ret = parse_name_list(ps, node, "references", inner, &fk->ref_columns, NULL);
		free(inner);
		return ret;
	}
	if (*p)
		goto bad;
	return 0;
bad:
	error_node(ps, node, "attribute \"references\" of <foreign-key> is malformed: \"%s\"", text);
	diag_hint(ps->d, "write references=\"table (column, ...)\" or references=\"schema.table (column)\"");
	return -1;
}

static int parse_column(struct parse_state *ps, struct model_table *t, const xmlNode *node)
{
	struct model_column *c = model_table_add_column(t);
	char *type = attr(node, "type");
	char *identity = attr(node, "identity");
	char *dflt = attr(node, "default"), *dexpr = attr(node, "default-expr");
	char *nullable = attr(node, "nullable");
	bool serial_alias = false;
	struct diag td = DIAG_INIT;
	int ret = -1;

	c->name = attr(node, "name");
	c->loc = loc_of(ps, node);
	c->pg_type = attr(node, "pg-type");
	c->sqlite_type = attr(node, "sqlite-type");
	c->collation = attr(node, "collation");
	c->comment = attr(node, "comment");
	c->renamed_from = attr(node, "renamed-from");
	if (model_type_parse(type, &c->type, &serial_alias, &td) < 0) {
		error_node(ps, node, "column \"%s\": %s", c->name, td.message);
		goto out;
	}
	c->not_null = nullable && (strcmp(nullable, "false") == 0 || strcmp(nullable, "0") == 0);
	if (identity)
		c->identity = strcmp(identity, "always") == 0 ? IDENTITY_ALWAYS : IDENTITY_BY_DEFAULT;
	if (serial_alias || attr_bool(node, "serial", false)) {
		if (identity) {
			error_node(ps, node, "column \"%s\" cannot be both serial and an identity", c->name);
			goto out;
		}
		c->identity = IDENTITY_SERIAL;
	}
	if (dflt && dexpr) {
		error_node(ps, node, "column \"%s\" has both default and default-expr", c->name);
		diag_hint(ps->d, "default is a literal value, default-expr a SQL expression: keep one");
		goto out;
	}
	if (dflt) {
		c->default_kind = DEFAULT_LITERAL;
		c->default_value = dflt;
		dflt = NULL;
	} else if (dexpr) {
		c->default_kind = DEFAULT_EXPR;
		c->default_value = dexpr;
		dexpr = NULL;
	}
	ret = 0;
out:
	diag_release(&td);
	free(type);
	free(identity);
	free(dflt);
	free(dexpr);
	free(nullable);
	return ret;
}

static int parse_index(struct parse_state *ps, struct model_table *t, const xmlNode *node)
{
	struct model_index *ix = model_table_add_index(t);
	char *columns = attr(node, "columns");
	char *include = attr(node, "include");
	int ret = -1;

	ix->name = attr(node, "name");
	ix->loc = loc_of(ps, node);
	ix->unique = attr_bool(node, "unique", false);
	ix->method = attr(node, "method");
	ix->where = attr(node, "where");
	ix->nulls_not_distinct = attr_bool(node, "nulls-not-distinct", false);
	ix->comment = attr(node, "comment");
	if (columns && parse_name_list(ps, node, "columns", columns, NULL, ix) < 0)
		goto out;
	for (const xmlNode *k = node->children; k; k = k->next) {
		struct model_index_key *key;
		char *order, *nulls;

		if (!is_el(k, "key"))
			continue;
		if (columns) {
			error_node(ps, k, "index \"%s\" has both columns=\"...\" and <key> elements",
				   ix->name ? ix->name : t->name);
			goto out;
		}
		key = model_index_add_key(ix);
		key->column = attr(k, "column");
		key->expr = attr(k, "expr");
		key->collation = attr(k, "collation");
		key->opclass = attr(k, "opclass");
		if (!key->column == !key->expr) {
			error_node(ps, k, "<key> needs exactly one of column=\"...\" and expr=\"...\"");
			goto out;
		}
		order = attr(k, "order");
		nulls = attr(k, "nulls");
		if (order)
			key->sort = strcmp(order, "desc") == 0 ? SORT_DESC : SORT_ASC;
		if (nulls)
			key->nulls = strcmp(nulls, "first") == 0 ? NULLS_FIRST : NULLS_LAST;
		free(order);
		free(nulls);
	}
	if (include && parse_name_list(ps, node, "include", include, &ix->include, NULL) < 0)
		goto out;
	ret = 0;
out:
	free(columns);
	free(include);
	return ret;
}

static int parse_fk(struct parse_state *ps, struct model_table *t, const xmlNode *node)
{
	struct model_foreign_key *fk = model_table_add_fk(t);
	char *columns = attr(node, "columns"), *refs = attr(node, "references");
	char *on_delete = attr(node, "on-delete"), *on_update = attr(node, "on-update");
	int ret = -1;

	fk->name = attr(node, "name");
	fk->loc = loc_of(ps, node);
	fk->deferrable = attr_bool(node, "deferrable", false);
	fk->initially_deferred = attr_bool(node, "initially-deferred", false);
	if ((on_delete && model_fk_action_parse(on_delete, &fk->on_delete) < 0) ||
	    (on_update && model_fk_action_parse(on_update, &fk->on_update) < 0)) {
		error_node(ps, node, "unknown foreign key action");
		goto out;
	}
	if (parse_name_list(ps, node, "columns", columns, &fk->columns, NULL) < 0 ||
	    parse_references(ps, node, refs, fk) < 0)
		goto out;
	ret = 0;
out:
	free(columns);
	free(refs);
	free(on_delete);
	free(on_update);
	return ret;
}

static int parse_table(struct parse_state *ps, const xmlNode *node)
{
	struct model_table *t = model_add_table(ps->m);

	t->name = attr(node, "name");
	t->schema = attr_schema(node);
	t->app = xstrdup(ps->app);
	t->comment = attr(node, "comment");
	t->renamed_from = attr(node, "renamed-from");
	t->loc = loc_of(ps, node);
	for (const xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "column")) {
			if (parse_column(ps, t, c) < 0)
				return -1;
		} else if (is_el(c, "primary-key")) {
			char *cols = attr(c, "columns");
			int ret;
			if (t->pk.name) {
				free(cols);
				return error_node(ps, c, "table \"%s\" has more than one primary key (the first is at line %d)",
						  t->name, t->pk.loc.line);
			}
			t->pk.name = attr(c, "name");
			if (!t->pk.name)
				t->pk.name = xstrdup("");
			t->pk.loc = loc_of(ps, c);
			ret = parse_name_list(ps, c, "columns", cols, &t->pk.columns, NULL);
			free(cols);
			if (ret < 0)
				return -1;
		} else if (is_el(c, "unique")) {
			struct model_unique *u = model_table_add_unique(t);
			char *cols = attr(c, "columns");
			int ret;
			u->name = attr(c, "name");
			u->loc = loc_of(ps, c);
			u->nulls_not_distinct = attr_bool(c, "nulls-not-distinct", false);
			u->deferrable = attr_bool(c, "deferrable", false);
			u->initially_deferred = attr_bool(c, "initially-deferred", false);
			ret = parse_name_list(ps, c, "columns", cols, &u->columns, NULL);
			free(cols);
			if (ret < 0)
				return -1;
		} else if (is_el(c, "index")) {
			if (parse_index(ps, t, c) < 0)
				return -1;
		} else if (is_el(c, "foreign-key")) {
			if (parse_fk(ps, t, c) < 0)
				return -1;
		} else if (is_el(c, "check")) {
			struct model_check *ck = model_table_add_check(t);
			ck->name = attr(c, "name");
			ck->expr = attr(c, "expr");
			ck->loc = loc_of(ps, c);
		}
	}
	return 0;
}

static int parse_root(struct parse_state *ps, const xmlNode *root)
{
	for (const xmlNode *node = root->children; node; node = node->next) {
		if (is_el(node, "schema")) {
			struct model_schema *s = model_add_schema(ps->m);
			s->name = attr(node, "name");
			s->comment = attr(node, "comment");
			s->app = xstrdup(ps->app);
			s->loc = loc_of(ps, node);
			if (strcmp(s->name, "public") == 0)
				return error_node(ps, node, "schema \"public\" is the default schema and needs no declaration");
		} else if (is_el(node, "enum")) {
			struct model_enum *e = model_add_enum(ps->m);
			e->name = attr(node, "name");
			e->schema = attr_schema(node);
			e->comment = attr(node, "comment");
			e->app = xstrdup(ps->app);
			e->loc = loc_of(ps, node);
			for (const xmlNode *v = node->children; v; v = v->next) {
				xmlChar *text;
				if (!is_el(v, "value"))
					continue;
				text = xmlNodeGetContent(v);
				model_names_add(&e->values, text ? (const char *)text : "");
				xmlFree(text);
			}
		} else if (is_el(node, "table")) {
			if (parse_table(ps, node) < 0)
				return -1;
		}
	}
	return 0;
}

/* The default app of a file: its name without directories and ".xml". */
static char *file_app(const char *file)
{
	const char *base = strrchr(file, '/');
	size_t len;

	base = base ? base + 1 : file;
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".xml") == 0)
		len -= 4;
	return xstrndup(base, len);
}

int model_xml_parse(struct model_xml_reader *r, struct model *m, const char *file,
		    const char *buf, size_t len, struct diag *d)
{
	struct xml_errors errs = { file, d, false };
	struct parse_state ps;
	xmlParserCtxtPtr ctxt = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	char *app = NULL;
	int ret = -1;

	if (len == 0)
		return diag_error_at(d, file, 1, "the file is empty");
	if (len > (size_t)1 << 30)
		return diag_error_at(d, file, 0, "the file is larger than 1 GiB");
	if (check_utf8(file, buf, len, d) < 0)
		return -1;

	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return diag_error(d, "cannot create an XML parser");
	ctxt->_private = &errs;
	ctxt->sax->serror = on_parser_error;
	ctxt->sax->internalSubset = refuse_doctype;
	/* No NOENT, no DTDLOAD: entities are never substituted or fetched. */
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, file, "UTF-8",
				XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	if (errs.seen)
		goto out;
	if (!doc || !ctxt->wellFormed) {
		diag_error_at(d, file, 1, "malformed XML");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !root->ns || strcmp((const char *)root->ns->href, MODEL_XML_NS) != 0 ||
	    strcmp((const char *)root->name, "models") != 0) {
		diag_error_at(d, file, root ? (int)xmlGetLineNo(root) : 1,
			      "the root element must be <models xmlns=\"%s\">", MODEL_XML_NS);
		goto out;
	}

	vctxt = xmlSchemaNewValidCtxt(r->schema);
	if (!vctxt) {
		diag_error(d, "cannot create an XML schema validator");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, on_xml_error, &errs);
	if (xmlSchemaValidateDoc(vctxt, doc) != 0) {
		if (!errs.seen)
			diag_error_at(d, file, 1, "the file does not follow the model schema");
		goto out;
	}

	app = attr(root, "app");
	if (!app)
		app = file_app(file);
	ps.m = m;
	ps.file = model_intern_file(m, file);
	ps.app = app;
	ps.d = d;
	ret = parse_root(&ps, root);
out:
	free(app);
	if (vctxt)
		xmlSchemaFreeValidCtxt(vctxt);
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return ret;
}

int model_xml_parse_file(struct model_xml_reader *r, struct model *m, const char *path,
			 struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, path) < 0)
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	ret = model_xml_parse(r, m, path, sb.buf, sb.len, d);
	strbuf_release(&sb);
	return ret;
}

int model_xml_load_file(struct model *m, const char *path, struct diag *d)
{
	struct model_xml_reader reader;
	int ret = -1;

	if (model_xml_reader_init(&reader, d) < 0)
		return -1;
	if (model_xml_parse_file(&reader, m, path, d) == 0)
		ret = model_finish(m, d);
	model_xml_reader_release(&reader);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int model_xml_load_dir(struct model *m, const char *dir, const char *app, struct diag *d)
{
	struct model_xml_reader reader;
	DIR *dh;
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0;
	struct strbuf path = STRBUF_INIT;
	int ret = -1;

	dh = opendir(dir);
	if (!dh)
		return diag_error_at(d, dir, 0, "cannot open the models directory: %s", strerror(errno));
	while ((de = readdir(dh)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = xstrdup(de->d_name);
	}
	closedir(dh);
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);

	if (model_xml_reader_init(&reader, d) < 0)
		goto out_names;
	for (size_t i = 0; i < nr; i++) {
		strbuf_reset(&path);
		strbuf_addstr(&path, dir);
		if (path.len && path.buf[path.len - 1] != '/')
			strbuf_addch(&path, '/');
		strbuf_addstr(&path, names[i]);
		if (model_xml_parse_file(&reader, m, path.buf, d) < 0)
			goto out;
	}
	if (model_finish(m, d) < 0)
		goto out;
	if (app && !model_has_app(m, app)) {
		struct strbuf apps = STRBUF_INIT;
		model_list_apps(m, &apps);
		diag_error_at(d, dir, 0, "no model file has app \"%s\"", app);
		if (apps.len)
			diag_hint(d, "the apps are: %s", apps.buf);
		strbuf_release(&apps);
		goto out;
	}
	if (app)
		model_retain_app(m, app);
	ret = 0;
out:
	model_xml_reader_release(&reader);
out_names:
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	strbuf_release(&path);
	return ret;
}

/* --- writing ----------------------------------------------------------- */

static void set_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (value)
		xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

static void set_names(xmlNodePtr node, const char *name, const struct model_names *names)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < names->nr; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		append_name(&sb, names->items[i]);
	}
	set_attr(node, name, sb.buf);
	strbuf_release(&sb);
}

static xmlNodePtr add_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr node = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);

	return node;
}

/*
 * The schema to write before a reference to schema.name from a table in
 * from_schema, or NULL when the bare name resolves to it (model_finish()
 * looks in the table's own schema first, then in the default schema).
 * unqualified_resolves: the bare name does not hit an object in from_schema.
 */
static const char *ref_qualifier(const char *from_schema, const char *schema,
				 bool unqualified_resolves)
{
	if (strcmp(schema, from_schema) == 0 || (!schema[0] && unqualified_resolves))
		return NULL;
	return schema[0] ? schema : "public";
}

static void write_column(const struct model *m, const struct model_table *t,
			 const struct model_column *c, xmlNodePtr tn)
{
	xmlNodePtr cn = add_child(tn, "column");
	struct strbuf type = STRBUF_INIT;

	set_attr(cn, "name", c->name);
	if (c->type.kind == TYPE_ENUM) {
		bool resolves = !(t->schema[0] && model_find_enum(m, t->schema, c->type.enum_name));
		const char *q = ref_qualifier(t->schema, c->type.enum_schema ? c->type.enum_schema : "",
					      resolves);
		if (q)
			strbuf_addf(&type, "%s.", q);
		strbuf_addstr(&type, c->type.enum_name);
		for (int i = 0; i < c->type.array_dims; i++)
			strbuf_addstr(&type, "[]");
	} else {
		model_type_format(&c->type, &type);
	}
	set_attr(cn, "type", type.buf);
	set_attr(cn, "pg-type", c->pg_type);
	set_attr(cn, "sqlite-type", c->sqlite_type);
	if (c->not_null)
		set_attr(cn, "nullable", "false");
	if (c->default_kind == DEFAULT_LITERAL)
		set_attr(cn, "default", c->default_value);
	else if (c->default_kind == DEFAULT_EXPR)
		set_attr(cn, "default-expr", c->default_value);
	if (c->identity == IDENTITY_ALWAYS)
		set_attr(cn, "identity", "always");
	else if (c->identity == IDENTITY_BY_DEFAULT)
		set_attr(cn, "identity", "by-default");
	else if (c->identity == IDENTITY_SERIAL)
		set_attr(cn, "serial", "true");
	set_attr(cn, "collation", c->collation);
	set_attr(cn, "comment", c->comment);
	set_attr(cn, "renamed-from", c->renamed_from);
	strbuf_release(&type);
}

static bool keys_are_plain(const struct model_index *ix)
{
	for (size_t i = 0; i < ix->nr_keys; i++) {
		if (!ix->keys[i].column || ix->keys[i].collation || ix->keys[i].opclass)
			return false;
	}
	return true;
}

static void write_index(const struct model_index *ix, xmlNodePtr tn)
{
	xmlNodePtr in = add_child(tn, "index");
	struct strbuf sb = STRBUF_INIT;
	bool plain = keys_are_plain(ix);

	set_attr(in, "name", ix->name);
	if (plain) {
		for (size_t i = 0; i < ix->nr_keys; i++) {
			const struct model_index_key *k = &ix->keys[i];
			if (i)
				strbuf_addstr(&sb, ", ");
			append_name(&sb, k->column);
			if (k->sort != SORT_DEFAULT)
				strbuf_addstr(&sb, k->sort == SORT_DESC ? " DESC" : " ASC");
			if (k->nulls != NULLS_DEFAULT)
				strbuf_addstr(&sb, k->nulls == NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
		}
		set_attr(in, "columns", sb.buf);
	}
	if (ix->unique)
		set_attr(in, "unique", "true");
	set_attr(in, "method", ix->method);
	set_attr(in, "where", ix->where);
	if (ix->include.nr)
		set_names(in, "include", &ix->include);
	if (ix->nulls_not_distinct)
		set_attr(in, "nulls-not-distinct", "true");
	set_attr(in, "comment", ix->comment);
	if (!plain) {
		for (size_t i = 0; i < ix->nr_keys; i++) {
			const struct model_index_key *k = &ix->keys[i];
			xmlNodePtr kn = add_child(in, "key");
			set_attr(kn, "column", k->column);
			set_attr(kn, "expr", k->expr);
			if (k->sort != SORT_DEFAULT)
				set_attr(kn, "order", k->sort == SORT_DESC ? "desc" : "asc");
			if (k->nulls != NULLS_DEFAULT)
				set_attr(kn, "nulls", k->nulls == NULLS_FIRST ? "first" : "last");
			set_attr(kn, "collation", k->collation);
			set_attr(kn, "opclass", k->opclass);
		}
	}
	strbuf_release(&sb);
}

static void write_table(const struct model *m, const struct model_table *t, xmlNodePtr root)
{
	xmlNodePtr tn = add_child(root, "table");
	struct strbuf sb = STRBUF_INIT;

	set_attr(tn, "name", t->name);
	if (t->schema[0])
		set_attr(tn, "schema", t->schema);
	set_attr(tn, "comment", t->comment);
	set_attr(tn, "renamed-from", t->renamed_from);
	for (size_t i = 0; i < t->nr_columns; i++)
		write_column(m, t, &t->columns[i], tn);
	if (t->pk.name) {
		xmlNodePtr pn = add_child(tn, "primary-key");
		if (t->pk.name[0])
			set_attr(pn, "name", t->pk.name);
		set_names(pn, "columns", &t->pk.columns);
	}
	for (size_t i = 0; i < t->nr_uniques; i++) {
		const struct model_unique *u = &t->uniques[i];
		xmlNodePtr un = add_child(tn, "unique");
		set_attr(un, "name", u->name);
		set_names(un, "columns", &u->columns);
		if (u->nulls_not_distinct)
			set_attr(un, "nulls-not-distinct", "true");
		if (u->deferrable)
			set_attr(un, "deferrable", "true");
		if (u->initially_deferred)
			set_attr(un, "initially-deferred", "true");
	}
	for (size_t i = 0; i < t->nr_fks; i++) {
		const struct model_foreign_key *fk = &t->fks[i];
		xmlNodePtr fn = add_child(tn, "foreign-key");
		bool resolves = !(t->schema[0] && model_find_table(m, t->schema, fk->ref_table));

		set_attr(fn, "name", fk->name);
		set_names(fn, "columns", &fk->columns);
		const char *q = ref_qualifier(t->schema, fk->ref_schema ? fk->ref_schema : "", resolves);

		strbuf_reset(&sb);
		if (q) {
			append_name(&sb, q);
			strbuf_addch(&sb, '.');
		}
		append_name(&sb, fk->ref_table);
		if (fk->ref_columns.nr) {
			strbuf_addstr(&sb, " (");
			for (size_t k = 0; k < fk->ref_columns.nr; k++) {
				if (k)
					strbuf_addstr(&sb, ", ");
				append_name(&sb, fk->ref_columns.items[k]);
			}
			strbuf_addch(&sb, ')');
		}
		set_attr(fn, "references", sb.buf);
		if (fk->on_delete != FK_NO_ACTION)
			set_attr(fn, "on-delete", model_fk_action_name(fk->on_delete));
		if (fk->on_update != FK_NO_ACTION)
			set_attr(fn, "on-update", model_fk_action_name(fk->on_update));
		if (fk->deferrable)
			set_attr(fn, "deferrable", "true");
		if (fk->initially_deferred)
			set_attr(fn, "initially-deferred", "true");
	}
	for (size_t i = 0; i < t->nr_checks; i++) {
		xmlNodePtr cn = add_child(tn, "check");
		set_attr(cn, "name", t->checks[i].name);
		set_attr(cn, "expr", t->checks[i].expr);
	}
	for (size_t i = 0; i < t->nr_indexes; i++)
		write_index(&t->indexes[i], tn);
	strbuf_release(&sb);
}

static bool wanted(const char *app, const char *obj_app)
{
	return !app || strcmp(app, obj_app ? obj_app : "") == 0;
}

/* Folds obj_app into *app; false once two objects have different apps. */
static bool same_app(const char **app, const char *obj_app)
{
	if (!*app)
		*app = obj_app;
	return strcmp(*app, obj_app) == 0;
}

/* The app shared by every object, or NULL when they differ. */
static const char *common_app(const struct model *m)
{
	const char *app = NULL;

	for (size_t i = 0; i < m->nr_schemas; i++)
		if (!same_app(&app, m->schemas[i].app))
			return NULL;
	for (size_t i = 0; i < m->nr_enums; i++)
		if (!same_app(&app, m->enums[i].app))
			return NULL;
	for (size_t i = 0; i < m->nr_tables; i++)
		if (!same_app(&app, m->tables[i]->app))
			return NULL;
	return app;
}

void model_xml_write(const struct model *m, const char *app, struct strbuf *out)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"models");
	xmlNsPtr ns = xmlNewNs(root, (const xmlChar *)MODEL_XML_NS, NULL);
	const char *root_app = app ? app : common_app(m);
	xmlBufferPtr buf;
	xmlSaveCtxtPtr save;

	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	if (root_app && root_app[0])
		set_attr(root, "app", root_app);
	for (size_t i = 0; i < m->nr_schemas; i++) {
		const struct model_schema *s = &m->schemas[i];
		xmlNodePtr sn;
		if (!wanted(app, s->app))
			continue;
		sn = add_child(root, "schema");
		set_attr(sn, "name", s->name);
		set_attr(sn, "comment", s->comment);
	}
	for (size_t i = 0; i < m->nr_enums; i++) {
		const struct model_enum *e = &m->enums[i];
		xmlNodePtr en;
		if (!wanted(app, e->app))
			continue;
		en = add_child(root, "enum");
		set_attr(en, "name", e->name);
		if (e->schema[0])
			set_attr(en, "schema", e->schema);
		set_attr(en, "comment", e->comment);
		for (size_t v = 0; v < e->values.nr; v++) {
			xmlNodePtr vn = add_child(en, "value");
			xmlNodeAddContent(vn, (const xmlChar *)e->values.items[v]);
		}
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (wanted(app, m->tables[i]->app))
			write_table(m, m->tables[i], root);
	}

	buf = xmlBufferCreate();
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT);
	xmlSaveDoc(save, doc);
	xmlSaveClose(save);
	strbuf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
}

/* Model files: libxml2 parsing, XML schema validation, canonical writing. */
#include "model_xml.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "diag.h"
#include "fs.h"
#include "h1.h"
#include "model.h"
#include "model_xsd.h"
#include "strbuf.h"
#include "xalloc.h"
#include "xmllib.h"
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
	return model_object_kind_of(name) >= 0;
}

/*
 * Turns one schema validity error into a message a model author can act on.
 * el and parent: the element being validated and its parent (NULL when
 * unknown); in_model_ns: el is in the model's namespace.
 */
static void describe_schema_error(const xmlError *e, const char *el, const char *parent,
				  bool in_model_ns, struct strbuf *out)
{
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
			if (is_model_element(el) && in_model_ns)
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

/*
 * One model document as the SAX parser delivered it: its elements and
 * attributes, with every string in one arena. The model is built from it
 * once parsing and validation have succeeded, so no libxml2 tree is ever
 * built (on large models the tree cost more than the rest together).
 */
enum el_kind {
	EL_OTHER,
	EL_MODELS,
	EL_SCHEMA,
	EL_ENUM,
	EL_VALUE,
	EL_TABLE,
	EL_COLUMN,
	EL_PRIMARY_KEY,
	EL_UNIQUE,
	EL_INDEX,
	EL_KEY,
	EL_FOREIGN_KEY,
	EL_CHECK,
	EL_OBJECT, /* a view, a function, a trigger, ... (model.h, objects kept as SQL) */
};

#define NONE ((size_t)-1)
#define MAX_DEPTH 32

struct xel {
	enum el_kind kind;
	const char *name;       /* libxml2's interned local name */
	bool model_ns;
	int line;
	size_t first_attr, nr_attrs;
	size_t text;            /* arena offset of the text, NONE when there is none */
	size_t first_child, next_sibling;
};

enum attr_id {
	A_OTHER,
	A_APP,
	A_COLLATION,
	A_DATABASE_URL_ENV,
	A_COLUMN,
	A_COLUMNS,
	A_COMMENT,
	A_DEFAULT,
	A_DEFAULT_EXPR,
	A_DEFERRABLE,
	A_DEPENDS_ON,
	A_DIALECT,
	A_EXPR,
	A_GENERATED,
	A_GENERATED_STORAGE,
	A_IDENTITY,
	A_INCLUDE,
	A_INITIALLY_DEFERRED,
	A_MATCH,
	A_METHOD,
	A_NAME,
	A_NO_INHERIT,
	A_NULLABLE,
	A_NULLS,
	A_NULLS_NOT_DISTINCT,
	A_ON,
	A_ON_DELETE,
	A_ON_UPDATE,
	A_OPCLASS,
	A_ORDER,
	A_PG_TYPE,
	A_REFERENCES,
	A_RENAMED_FROM,
	A_SCHEMA,
	A_SERIAL,
	A_SQLITE_TYPE,
	A_TABLE,
	A_TO,
	A_TYPE,
	A_UNIQUE,
	A_WHERE,
	A_FORCE_ROW_SECURITY,
	A_INHERITS,
	A_PARTITION_BOUND,
	A_PARTITION_BY,
	A_PARTITION_OF,
	A_ROW_SECURITY,
	A_STORAGE,
	A_UNLOGGED,
	A_SQLITE_STRICT,
	A_SQLITE_WITHOUT_ROWID,
	A_WITH,
	A_SEQUENCE,
	A_OWNER,
};

struct attr_name {
	const char *name;
	enum attr_id id;
};

/* Sorted by name, for bsearch. */
static const struct attr_name attr_ids[] = {
	{ "app", A_APP },
	{ "collation", A_COLLATION },
	{ "column", A_COLUMN },
	{ "columns", A_COLUMNS },
	{ "comment", A_COMMENT },
	{ "database-url-env", A_DATABASE_URL_ENV },
	{ "default", A_DEFAULT },
	{ "default-expr", A_DEFAULT_EXPR },
	{ "deferrable", A_DEFERRABLE },
	{ "depends-on", A_DEPENDS_ON },
	{ "dialect", A_DIALECT },
	{ "expr", A_EXPR },
	{ "force-row-security", A_FORCE_ROW_SECURITY },
	{ "generated", A_GENERATED },
	{ "generated-storage", A_GENERATED_STORAGE },
	{ "identity", A_IDENTITY },
	{ "include", A_INCLUDE },
	{ "inherits", A_INHERITS },
	{ "initially-deferred", A_INITIALLY_DEFERRED },
	{ "match", A_MATCH },
	{ "method", A_METHOD },
	{ "name", A_NAME },
	{ "no-inherit", A_NO_INHERIT },
	{ "nullable", A_NULLABLE },
	{ "nulls", A_NULLS },
	{ "nulls-not-distinct", A_NULLS_NOT_DISTINCT },
	{ "on", A_ON },
	{ "on-delete", A_ON_DELETE },
	{ "on-update", A_ON_UPDATE },
	{ "opclass", A_OPCLASS },
	{ "order", A_ORDER },
	{ "owner", A_OWNER },
	{ "partition-bound", A_PARTITION_BOUND },
	{ "partition-by", A_PARTITION_BY },
	{ "partition-of", A_PARTITION_OF },
	{ "pg-type", A_PG_TYPE },
	{ "references", A_REFERENCES },
	{ "renamed-from", A_RENAMED_FROM },
	{ "row-security", A_ROW_SECURITY },
	{ "schema", A_SCHEMA },
	{ "sequence", A_SEQUENCE },
	{ "serial", A_SERIAL },
	{ "sqlite-strict", A_SQLITE_STRICT },
	{ "sqlite-type", A_SQLITE_TYPE },
	{ "sqlite-without-rowid", A_SQLITE_WITHOUT_ROWID },
	{ "storage", A_STORAGE },
	{ "table", A_TABLE },
	{ "to", A_TO },
	{ "type", A_TYPE },
	{ "unique", A_UNIQUE },
	{ "unlogged", A_UNLOGGED },
	{ "where", A_WHERE },
	{ "with", A_WITH },
};

struct xattr {
	enum attr_id id;
	size_t value;           /* arena offset of the NUL-terminated value */
};

/* libxml2 interns names: each distinct one is classified once. */
#define NAME_CACHE 64

struct name_cache {
	const char *name[NAME_CACHE];
	enum attr_id id[NAME_CACHE];
};

struct xdoc {
	struct xel *els;
	size_t nr, alloc;
	struct xattr *attrs;
	size_t nr_attrs, alloc_attrs;
	struct strbuf arena;
	struct name_cache names;
	size_t open[MAX_DEPTH];       /* the open elements, outermost first */
	size_t last_child[MAX_DEPTH]; /* per depth: the last child seen of the open element */
	int depth;
	bool in_text;                 /* characters go to the innermost element */
	/* errors */
	const char *file;
	struct diag *d;
	bool seen;
	const struct xmllib *xml; /* borrowed: the parser's library */
	xmlParserCtxtPtr ctxt;
	/*
	 * Streaming: each child of the root is made into model objects once
	 * the next one starts (or the document ends), then its recording is
	 * dropped, so the recording holds one table at a time, not the file.
	 * The first error of that goes to sem: an XML or schema error later in
	 * the file still comes first, as when the whole file was recorded.
	 */
	struct parse_state *ps;
	size_t root_arena;            /* the arena's length after the root's attributes */
	struct diag sem;
	bool sem_failed;
};

static void flush_children(struct xdoc *x);

static const struct {
	const char *name;
	enum el_kind kind;
} el_kinds[] = {
	{ "models", EL_MODELS }, { "schema", EL_SCHEMA }, { "enum", EL_ENUM }, { "value", EL_VALUE },
	{ "table", EL_TABLE }, { "column", EL_COLUMN }, { "primary-key", EL_PRIMARY_KEY },
	{ "unique", EL_UNIQUE }, { "index", EL_INDEX }, { "key", EL_KEY },
	{ "foreign-key", EL_FOREIGN_KEY }, { "check", EL_CHECK },
};

static enum el_kind el_kind_of(const char *name, bool model_ns)
{
	if (!model_ns)
		return EL_OTHER;
	if (model_object_kind_of(name) >= 0)
		return EL_OBJECT;
	for (size_t i = 0; i < sizeof(el_kinds) / sizeof(el_kinds[0]); i++) {
		if (strcmp(el_kinds[i].name, name) == 0)
			return el_kinds[i].kind;
	}
	return EL_OTHER;
}

static int cmp_attr_id(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static enum attr_id attr_id_of(struct xdoc *x, const char *name)
{
	size_t h = ((uintptr_t)name >> 4) % NAME_CACHE;
	const struct attr_name *hit;

	for (size_t i = 0; i < NAME_CACHE; i++, h = (h + 1) % NAME_CACHE) {
		if (x->names.name[h] == name)
			return x->names.id[h];
		if (!x->names.name[h])
			break;
	}
	hit = bsearch(name, attr_ids, sizeof(attr_ids) / sizeof(attr_ids[0]), sizeof(attr_ids[0]),
		      cmp_attr_id);
	if (!x->names.name[h]) {
		x->names.name[h] = name;
		x->names.id[h] = hit ? hit->id : A_OTHER;
	}
	return hit ? hit->id : A_OTHER;
}

static void record_error(struct xdoc *x, int line, const char *msg)
{
	if (x->seen)
		return;
	x->seen = true;
	diag_error_at(x->d, x->file, line > 0 ? line : 1, "%s", msg);
}

static int current_line(const struct xdoc *x)
{
	return x->ctxt && x->ctxt->input ? x->ctxt->input->line : 0;
}

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
	struct xdoc *x = ctx;
	struct strbuf msg = STRBUF_INIT;
	const struct xel *el = x->nr ? &x->els[x->nr - 1] : NULL;
	const struct xel *parent = NULL;

	if (x->seen || e->level == XML_ERR_WARNING)
		return;
	/* the element being validated is the newest one recorded */
	for (int i = x->depth - 1; i >= 0 && el; i--) {
		if (x->open[i] != x->nr - 1) {
			parent = &x->els[x->open[i]];
			break;
		}
	}
	if (el && x->depth > 0 && x->open[x->depth - 1] != x->nr - 1) {
		/* after the newest element closed: the error is about the innermost open one */
		el = &x->els[x->open[x->depth - 1]];
		parent = x->depth > 1 ? &x->els[x->open[x->depth - 2]] : NULL;
	}
	describe_schema_error(e, el ? el->name : NULL, parent ? parent->name : NULL,
			      el && el->model_ns, &msg);
	record_error(x, el ? el->line : e->line, msg.buf);
	strbuf_release(&msg);
}

/* Parser errors: libxml2 passes the parser context in the error. */
static void on_parser_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = e->ctxt;
	struct xdoc *x = ctxt ? ctxt->_private : NULL;
	struct strbuf msg = STRBUF_INIT, clean = STRBUF_INIT;

	(void)ctx;
	if (!x || x->seen || e->level == XML_ERR_WARNING)
		return;
	clean_message(e->message ? e->message : "parse error", &clean);
	strbuf_addf(&msg, "malformed XML: %s", clean.buf);
	record_error(x, e->line, msg.buf);
	strbuf_release(&msg);
	strbuf_release(&clean);
}

/*
 * A DOCTYPE can declare entities (billion laughs) or pull in an external DTD:
 * model files never need one, so the parser stops at the first.
 */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	struct xdoc *x = ctx;

	(void)name;
	(void)external_id;
	(void)system_id;
	if (!x->seen) {
		record_error(x, current_line(x), "a DOCTYPE is not allowed in a model file");
		diag_hint(x->d, "remove the <!DOCTYPE ...> declaration (no DTD or entity is ever loaded)");
	}
	x->xml->xmlStopParser(x->ctxt);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct xdoc *x = ctx;
	struct xel *el;
	size_t i;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (x->seen)
		return;
	if (x->depth >= MAX_DEPTH) {
		record_error(x, current_line(x), "elements are nested too deeply");
		x->xml->xmlStopParser(x->ctxt);
		return;
	}
	if (x->depth == 1)
		flush_children(x); /* the previous child of the root is complete */
	ALLOC_GROW(x->els, x->nr + 1, x->alloc);
	i = x->nr++;
	el = &x->els[i];
	el->name = (const char *)localname;
	el->model_ns = uri && strcmp((const char *)uri, MODEL_XML_NS) == 0;
	el->kind = el_kind_of(el->name, el->model_ns);
	el->line = current_line(x);
	el->first_attr = x->nr_attrs;
	el->nr_attrs = (size_t)nb_attributes;
	el->text = NONE;
	el->first_child = el->next_sibling = NONE;
	for (int a = 0; a < nb_attributes; a++) {
		const xmlChar **at = attributes + 5 * a;
		ALLOC_GROW(x->attrs, x->nr_attrs + 1, x->alloc_attrs);
		/* attributes of other namespaces do not count as ours */
		x->attrs[x->nr_attrs].id = at[2] ? A_OTHER : attr_id_of(x, (const char *)at[0]);
		x->attrs[x->nr_attrs].value = x->arena.len;
		if (memchr(at[3], '&', (size_t)(at[4] - at[3]))) {
			/* character references come through as written: libxml2 decodes them */
			xmlChar *v = x->xml->xmlStringLenDecodeEntities(x->ctxt, at[3], (int)(at[4] - at[3]),
							       XML_SUBSTITUTE_REF, 0, 0, 0);
			strbuf_addstr(&x->arena, v ? (const char *)v : "");
			(*x->xml->xmlFree_fn)(v);
		} else {
			strbuf_add(&x->arena, at[3], (size_t)(at[4] - at[3]));
		}
		strbuf_addch(&x->arena, '\0');
		x->nr_attrs++;
	}
	if (x->depth > 0) {
		size_t parent = x->open[x->depth - 1];
		if (x->last_child[x->depth] == NONE)
			x->els[parent].first_child = i;
		else
			x->els[x->last_child[x->depth]].next_sibling = i;
	}
	x->last_child[x->depth] = i;
	if (x->depth == 0)
		x->root_arena = x->arena.len;
	x->open[x->depth++] = i;
	x->last_child[x->depth] = NONE;
	x->in_text = false;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct xdoc *x = ctx;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (x->seen || x->depth == 0)
		return;
	if (x->in_text)
		strbuf_addch(&x->arena, '\0'); /* the end of the element's text */
	x->in_text = false;
	x->depth--;
}

/* Text, kept only for <value> and the SQL of objects (everything else is element content). */
static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
	struct xdoc *x = ctx;
	struct xel *el;

	if (x->seen || x->depth == 0)
		return;
	el = &x->els[x->open[x->depth - 1]];
	if ((el->kind != EL_VALUE && el->kind != EL_OBJECT) || el->first_child != NONE)
		return;
	if (!x->in_text) {
		el->text = x->arena.len;
		x->in_text = true;
	}
	strbuf_add(&x->arena, ch, (size_t)len);
}

static void xdoc_release(struct xdoc *x)
{
	free(x->els);
	free(x->attrs);
	strbuf_release(&x->arena);
}

/* Where a UTF-8 check of a text fed in parts is. */
struct utf8_state {
	int line;   /* of the next byte */
	size_t off; /* offset of the next byte in the whole text */
};

/*
 * Rejects bytes that are not UTF-8 (and NUL), naming the line. buf[0, len)
 * is the next part of the text; unless final, a character its end may cut
 * is left for the next part. Returns the bytes checked, or (size_t)-1 with
 * d set.
 */
static size_t check_utf8_part(const struct xmllib *xml, const char *file, const char *buf, size_t len, bool final,
			      struct utf8_state *u, struct diag *d)
{
	size_t i = 0;

	while (i < len) {
		int clen, c;
		if ((unsigned char)buf[i] < 0x80 && buf[i] != '\0') {
			u->line += buf[i] == '\n';
			i++;
			continue; /* ASCII: nearly every byte of a model */
		}
		if (!final && len - i < 4)
			break;
		clen = (int)(len - i > 4 ? 4 : len - i);
		c = xml->xmlGetUTF8Char((const unsigned char *)buf + i, &clen);
		if (c <= 0 || clen <= 0) {
			diag_error_at(d, file, u->line, "the file is not valid UTF-8 (byte 0x%02x at offset %zu)",
				      (unsigned char)buf[i], u->off + i);
			diag_hint(d, "model files must be UTF-8; convert it, e.g. with iconv -t UTF-8");
			return (size_t)-1;
		}
		if (c == '\n')
			u->line++;
		i += (size_t)clen;
	}
	u->off += i;
	return i;
}

static int check_utf8(const struct xmllib *xml, const char *file, const char *buf, size_t len, struct diag *d)
{
	struct utf8_state u = { 1, 0 };

	return check_utf8_part(xml, file, buf, len, true, &u, d) == (size_t)-1 ? -1 : 0;
}

/* --- reader ----------------------------------------------------------- */

int model_xml_reader_init(struct model_xml_reader *r, struct diag *d)
{
	xmlSchemaParserCtxtPtr pctxt;

	r->schema = NULL;
	r->trusted = false;
	r->xml = xmalloc(sizeof(*r->xml));
	if (xmllib_open(r->xml, d) < 0) {
		free(r->xml);
		r->xml = NULL;
		return -1;
	}
	pctxt = r->xml->xmlSchemaNewMemParserCtxt((const char *)model_xsd, (int)model_xsd_len);
	if (!pctxt) {
		model_xml_reader_release(r);
		return diag_error(d, "cannot load the built-in model schema");
	}
	r->schema = r->xml->xmlSchemaParse(pctxt);
	r->xml->xmlSchemaFreeParserCtxt(pctxt);
	if (!r->schema) {
		model_xml_reader_release(r);
		return diag_error(d, "the built-in model schema does not compile");
	}
	return 0;
}

void model_xml_reader_release(struct model_xml_reader *r)
{
	if (r->schema)
		r->xml->xmlSchemaFree(r->schema);
	r->schema = NULL;
	if (r->xml) {
		xmllib_close(r->xml);
		free(r->xml);
		r->xml = NULL;
	}
}

/* --- building the model from the recorded document -------------------- */

struct parse_state {
	struct model *m;
	const char *file; /* interned in m */
	const char *app;
	struct diag *d;
	const struct xdoc *x;
};

typedef struct xel xnode; /* an element of the recorded document */

static struct model_loc loc_of(const struct parse_state *ps, const xnode *node)
{
	struct model_loc loc = { ps->file, node->line };
	return loc;
}

static int error_node(struct parse_state *ps, const xnode *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int error_node(struct parse_state *ps, const xnode *node, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error_at(ps->d, ps->file, node->line, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* An attribute's value in the recorded document, or NULL when absent. */
static const char *attr_text(const struct parse_state *ps, const xnode *node, enum attr_id id)
{
	for (size_t i = 0; i < node->nr_attrs; i++) {
		const struct xattr *a = &ps->x->attrs[node->first_attr + i];
		if (a->id == id)
			return ps->x->arena.buf + a->value;
	}
	return NULL;
}

/* An attribute's value (owned copy), or NULL when absent. */
static char *attr_of(const struct parse_state *ps, const xnode *node, enum attr_id name)
{
	return xstrdup(attr_text(ps, node, name));
}

#define attr(node, name) attr_of(ps, (node), (name))

/* A boolean attribute (already validated as xs:boolean), or dflt. */
static bool attr_bool_of(const struct parse_state *ps, const xnode *node, enum attr_id name, bool dflt)
{
	const char *v = attr_text(ps, node, name);

	return v ? strcmp(v, "true") == 0 || strcmp(v, "1") == 0 : dflt;
}

#define attr_bool(node, name, dflt) attr_bool_of(ps, (node), (name), (dflt))

/* The schema attribute: absent or "public" is the default schema "". */
static char *attr_schema_of(const struct parse_state *ps, const xnode *node)
{
	const char *s = attr_text(ps, node, A_SCHEMA);

	return xstrdup(!s || strcmp(s, "public") == 0 ? "" : s);
}

#define attr_schema(node) attr_schema_of(ps, (node))

static const xnode *first_child(const struct parse_state *ps, const xnode *node)
{
	return node->first_child == NONE ? NULL : &ps->x->els[node->first_child];
}

static const xnode *next_sibling(const struct parse_state *ps, const xnode *node)
{
	return node->next_sibling == NONE ? NULL : &ps->x->els[node->next_sibling];
}

#define for_each_child(c, node) \
	for (const xnode *c = first_child(ps, (node)); c; c = next_sibling(ps, c))

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
	char *name;

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
	strbuf_release(&sb);
	if (s == *p)
		return NULL;
	/* its own size: an index keeps the string (a strbuf's would be 64 bytes at least) */
	name = xstrndup(*p, (size_t)(s - *p));
	*p = s;
	return name;
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
static int parse_name_list(struct parse_state *ps, const xnode *node, const char *attrname,
			   const char *text, struct model_names *names, struct model_index *keys)
{
	const char *p = text;

	for (;;) {
		char *name = read_name(&p, false);
		if (!name)
			return error_node(ps, node, "attribute \"%s\" of <%s> has a malformed column list \"%s\"",
					  attrname, node->name, text);
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
							  attrname, node->name);
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
					  attrname, node->name, text);
		p++;
	}
}

/* references="[schema.]table [(col, ...)]" */
static int parse_references(struct parse_state *ps, const xnode *node, const char *text,
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

static int parse_column(struct parse_state *ps, struct model_table *t, const xnode *node)
{
	struct model_column *c = model_table_add_column(ps->m, t, attr_text(ps, node, A_NAME));
	char *type = attr(node, A_TYPE);
	char *identity = attr(node, A_IDENTITY);
	char *dflt = attr(node, A_DEFAULT), *dexpr = attr(node, A_DEFAULT_EXPR);
	char *nullable = attr(node, A_NULLABLE);
	bool serial_alias = false;
	struct diag td = DIAG_INIT;
	int ret = -1;

	c->line = loc_of(ps, node).line;
	{
		struct model_column_extra *x = model_column_extra(c);
		x->pg_type = attr(node, A_PG_TYPE);
		x->sqlite_type = attr(node, A_SQLITE_TYPE);
		x->collation = attr(node, A_COLLATION);
		x->comment = attr(node, A_COMMENT);
		x->renamed_from = attr(node, A_RENAMED_FROM);
		x->generated = attr(node, A_GENERATED);
		x->sequence = attr(node, A_SEQUENCE);
		model_column_extra_done(c); /* most columns have none of these */
	}
	{
		char *storage = attr(node, A_GENERATED_STORAGE);
		c->generated_virtual = storage && strcmp(storage, "virtual") == 0;
		free(storage);
	}
	if (model_type_parse(type, &c->type, &serial_alias, &td) < 0) {
		error_node(ps, node, "column \"%s\": %s", c->name, td.message);
		goto out;
	}
	c->not_null = nullable && (strcmp(nullable, "false") == 0 || strcmp(nullable, "0") == 0);
	c->declared_nullable = nullable && (strcmp(nullable, "true") == 0 || strcmp(nullable, "1") == 0);
	if (identity)
		c->identity = strcmp(identity, "always") == 0 ? IDENTITY_ALWAYS : IDENTITY_BY_DEFAULT;
	if (serial_alias || attr_bool(node, A_SERIAL, false)) {
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
	if (dflt)
		model_column_set_default(ps->m, c, DEFAULT_LITERAL, dflt);
	else if (dexpr)
		model_column_set_default(ps->m, c, DEFAULT_EXPR, dexpr);
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

static int parse_index(struct parse_state *ps, struct model_table *t, const xnode *node)
{
	struct model_index *ix = model_table_add_index(t);
	char *columns = attr(node, A_COLUMNS);
	char *include = attr(node, A_INCLUDE);
	int ret = -1;

	ix->name = attr(node, A_NAME);
	ix->loc = loc_of(ps, node);
	ix->unique = attr_bool(node, A_UNIQUE, false);
	ix->method = attr(node, A_METHOD);
	ix->where = attr(node, A_WHERE);
	ix->with = attr(node, A_WITH);
	ix->nulls_not_distinct = attr_bool(node, A_NULLS_NOT_DISTINCT, false);
	ix->comment = attr(node, A_COMMENT);
	if (columns && parse_name_list(ps, node, "columns", columns, NULL, ix) < 0)
		goto out;
	for_each_child(k, node) {
		struct model_index_key *key;
		char *order, *nulls;

		if (k->kind != EL_KEY)
			continue;
		if (columns) {
			error_node(ps, k, "index \"%s\" has both columns=\"...\" and <key> elements",
				   ix->name ? ix->name : t->name);
			goto out;
		}
		key = model_index_add_key(ix);
		key->column = attr(k, A_COLUMN);
		key->expr = attr(k, A_EXPR);
		key->collation = attr(k, A_COLLATION);
		key->opclass = attr(k, A_OPCLASS);
		if (!key->column == !key->expr) {
			error_node(ps, k, "<key> needs exactly one of column=\"...\" and expr=\"...\"");
			goto out;
		}
		order = attr(k, A_ORDER);
		nulls = attr(k, A_NULLS);
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

static int parse_fk(struct parse_state *ps, struct model_table *t, const xnode *node)
{
	struct model_foreign_key *fk = model_table_add_fk(t);
	char *columns = attr(node, A_COLUMNS), *refs = attr(node, A_REFERENCES);
	char *on_delete = attr(node, A_ON_DELETE), *on_update = attr(node, A_ON_UPDATE);
	int ret = -1;

	fk->name = attr(node, A_NAME);
	fk->loc = loc_of(ps, node);
	fk->deferrable = attr_bool(node, A_DEFERRABLE, false);
	fk->initially_deferred = attr_bool(node, A_INITIALLY_DEFERRED, false);
	{
		char *match = attr(node, A_MATCH);
		fk->match_full = match && strcmp(match, "full") == 0;
		free(match);
	}
	fk->comment = attr(node, A_COMMENT);
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

/* "[schema.]table" at *p, up to a comma or the end: schema NULL when not written. */
static bool read_table_ref(const char **p, char **schema, char **name)
{
	char *first = read_name(p, true);

	*schema = *name = NULL;
	if (!first)
		return false;
	skip_ws(p);
	if (**p == '.') {
		(*p)++;
		*name = read_name(p, true);
		if (!*name) {
			free(first);
			return false;
		}
		if (strcmp(first, "public") == 0)
			first[0] = '\0';
		*schema = first;
	} else {
		*name = first;
	}
	skip_ws(p);
	return true;
}

/* partition-by, partition-of, partition-bound, inherits, unlogged, row-security, storage */
static int parse_table_props(struct parse_state *ps, struct model_table *t, const xnode *node)
{
	const char *of = attr_text(ps, node, A_PARTITION_OF), *inherits = attr_text(ps, node, A_INHERITS);
	const char *storage = attr_text(ps, node, A_STORAGE);

	t->partition_by = attr(node, A_PARTITION_BY);
	t->partition_bound = attr(node, A_PARTITION_BOUND);
	t->unlogged = attr_bool(node, A_UNLOGGED, false);
	t->row_security = attr_bool(node, A_ROW_SECURITY, false);
	t->force_row_security = attr_bool(node, A_FORCE_ROW_SECURITY, false);
	if (of) {
		const char *p = of;
		if (!read_table_ref(&p, &t->partition_of.schema, &t->partition_of.name) || *p)
			return error_node(ps, node, "attribute \"partition-of\" of <table> is malformed: \"%s\"", of);
	}
	if ((of != NULL) != (t->partition_bound != NULL))
		return error_node(ps, node, "table \"%s\": a partition needs both partition-of and partition-bound",
				  t->name);
	for (const char *p = inherits; p && *p;) {
		char *schema, *name;
		if (!read_table_ref(&p, &schema, &name) || (*p && *p != ',')) {
			free(schema);
			free(name);
			return error_node(ps, node, "attribute \"inherits\" of <table> is malformed: \"%s\"", inherits);
		}
		model_table_add_inherits(t, schema, name);
		free(schema);
		free(name);
		if (*p == ',')
			p++;
	}
	for (const char *p = storage; p && *p;) {
		const char *comma = strchr(p, ',');
		char *item = xstrndup(p, comma ? (size_t)(comma - p) : strlen(p));
		struct strbuf opt = STRBUF_INIT;
		bool ok = model_storage_option(item, &opt);
		free(item);
		if (!ok) {
			strbuf_release(&opt);
			return error_node(ps, node, "attribute \"storage\" of <table> is malformed: \"%s\"", storage);
		}
		model_names_add(&t->storage, opt.buf);
		strbuf_release(&opt);
		p = comma ? comma + 1 : p + strlen(p);
	}
	return 0;
}

static int parse_table(struct parse_state *ps, const xnode *node)
{
	struct model_table *t = model_add_table(ps->m);

	t->name = attr(node, A_NAME);
	t->schema = attr_schema(node);
	t->app = xstrdup(ps->app);
	t->comment = attr(node, A_COMMENT);
	t->renamed_from = attr(node, A_RENAMED_FROM);
	t->owner = attr(node, A_OWNER);
	if (t->owner && !t->owner[0])
		return error_node(ps, node, "owner=\"\" names no role (leave it out: the migrating role owns the table)");
	t->sqlite_strict = attr_bool(node, A_SQLITE_STRICT, false);
	t->sqlite_without_rowid = attr_bool(node, A_SQLITE_WITHOUT_ROWID, false);
	t->loc = loc_of(ps, node);
	if (parse_table_props(ps, t, node) < 0)
		return -1;
	{
		size_t n[EL_OBJECT + 1] = { 0 };
		for_each_child(c, node) {
			if (c->kind < EL_OBJECT + 1)
				n[c->kind]++;
		}
		model_table_reserve(t, n[EL_COLUMN], n[EL_UNIQUE], n[EL_FOREIGN_KEY], n[EL_CHECK], n[EL_INDEX]);
	}
	for_each_child(c, node) {
		if (c->kind == EL_COLUMN) {
			if (parse_column(ps, t, c) < 0)
				return -1;
		} else if (c->kind == EL_PRIMARY_KEY) {
			char *cols = attr(c, A_COLUMNS);
			int ret;
			if (t->pk.name) {
				free(cols);
				return error_node(ps, c, "table \"%s\" has more than one primary key (the first is at line %d)",
						  t->name, t->pk.loc.line);
			}
			t->pk.name = attr(c, A_NAME);
			if (!t->pk.name)
				t->pk.name = xstrdup("");
			t->pk.loc = loc_of(ps, c);
			t->pk.comment = attr(c, A_COMMENT);
			ret = parse_name_list(ps, c, "columns", cols, &t->pk.columns, NULL);
			free(cols);
			if (ret < 0)
				return -1;
		} else if (c->kind == EL_UNIQUE) {
			struct model_unique *u = model_table_add_unique(t);
			char *cols = attr(c, A_COLUMNS);
			int ret;
			u->name = attr(c, A_NAME);
			u->loc = loc_of(ps, c);
			u->nulls_not_distinct = attr_bool(c, A_NULLS_NOT_DISTINCT, false);
			u->deferrable = attr_bool(c, A_DEFERRABLE, false);
			u->initially_deferred = attr_bool(c, A_INITIALLY_DEFERRED, false);
			u->comment = attr(c, A_COMMENT);
			ret = parse_name_list(ps, c, "columns", cols, &u->columns, NULL);
			free(cols);
			if (ret < 0)
				return -1;
		} else if (c->kind == EL_INDEX) {
			if (parse_index(ps, t, c) < 0)
				return -1;
		} else if (c->kind == EL_FOREIGN_KEY) {
			if (parse_fk(ps, t, c) < 0)
				return -1;
		} else if (c->kind == EL_CHECK) {
			struct model_check *ck = model_table_add_check(t);
			ck->name = attr(c, A_NAME);
			ck->expr = attr(c, A_EXPR);
			ck->comment = attr(c, A_COMMENT);
			ck->no_inherit = attr_bool(c, A_NO_INHERIT, false);
			ck->loc = loc_of(ps, c);
		}
	}
	for (size_t i = 0; i < t->nr_indexes; i++)
		model_index_trim(&t->indexes[i]);
	return 0;
}

/* The text of node without the whitespace around it (owned; "" when none). */
static char *trimmed_text(const struct parse_state *ps, const xnode *node)
{
	const char *t = node->text == NONE ? "" : ps->x->arena.buf + node->text;
	size_t len;

	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	len = strlen(t);
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\n' || t[len - 1] == '\r'))
		len--;
	return xstrndup(t, len);
}

/* <view>, <function>, <trigger>, ...: one model_object with its SQL. */
static int parse_object(struct parse_state *ps, const xnode *node)
{
	struct model_object *o = model_add_object(ps->m);
	const char *depends = attr_text(ps, node, A_DEPENDS_ON);

	o->kind = (enum model_object_kind)model_object_kind_of(node->name);
	o->schema = attr_schema(node);
	if (o->kind == OBJECT_GRANT) {
		o->name = attr(node, A_TO);
		o->table = attr(node, A_ON);
	} else {
		o->name = attr(node, A_NAME);
		o->table = attr(node, A_TABLE);
	}
	o->comment = attr(node, A_COMMENT);
	o->dialect = attr(node, A_DIALECT);
	o->renamed_from = attr(node, A_RENAMED_FROM);
	o->owner = attr(node, A_OWNER);
	o->definition = trimmed_text(ps, node);
	o->app = xstrdup(ps->app);
	o->loc = loc_of(ps, node);
	if (!o->name)
		return error_node(ps, node, "<%s> needs a name", node->name);
	if (model_object_kinds[o->kind].on_table && !o->table)
		return error_node(ps, node, "<%s name=\"%s\"> needs the table it is on (%s=\"...\")", node->name,
				  o->name, o->kind == OBJECT_GRANT ? "on" : "table");
	if (!o->definition[0])
		return error_node(ps, node, "<%s name=\"%s\"> has no SQL", node->name, o->name);
	if (o->owner && !o->owner[0])
		return error_node(ps, node, "owner=\"\" names no role (leave it out: the migrating role owns it)");
	if (o->owner && !model_object_kinds[o->kind].has_owner)
		return error_node(ps, node, "<%s name=\"%s\"> cannot have an owner (it is its %s's)", node->name,
				  o->name, o->kind == OBJECT_GRANT ? "object" : "table");
	if (depends && parse_name_list(ps, node, "depends-on", depends, &o->depends, NULL) < 0)
		return -1;
	return 0;
}

static int parse_root(struct parse_state *ps, const xnode *root)
{
	for_each_child(node, root) {
		if (node->kind == EL_SCHEMA) {
			struct model_schema *s = model_add_schema(ps->m);
			s->name = attr(node, A_NAME);
			s->comment = attr(node, A_COMMENT);
			s->owner = attr(node, A_OWNER);
			s->app = xstrdup(ps->app);
			s->loc = loc_of(ps, node);
			if (s->owner && !s->owner[0])
				return error_node(ps, node, "owner=\"\" names no role (leave it out: the migrating role owns the schema)");
			if (strcmp(s->name, "public") == 0)
				return error_node(ps, node, "schema \"public\" is the default schema and needs no declaration");
		} else if (node->kind == EL_ENUM) {
			struct model_enum *e = model_add_enum(ps->m);
			e->name = attr(node, A_NAME);
			e->schema = attr_schema(node);
			e->comment = attr(node, A_COMMENT);
			e->app = xstrdup(ps->app);
			e->loc = loc_of(ps, node);
			for_each_child(v, node) {
				if (v->kind == EL_VALUE)
					model_names_add(&e->values,
							v->text == NONE ? "" : ps->x->arena.buf + v->text);
			}
		} else if (node->kind == EL_TABLE) {
			if (parse_table(ps, node) < 0)
				return -1;
		} else if (node->kind == EL_OBJECT) {
			if (parse_object(ps, node) < 0)
				return -1;
		}
	}
	return 0;
}

/* "database-url-env=\"VAR\"" or "no database-url-env", for messages. */
static void describe_database(const char *env, struct strbuf *out)
{
	if (env)
		strbuf_addf(out, "database-url-env=\"%s\"", env);
	else
		strbuf_addstr(out, "no database-url-env");
}

/*
 * Records the database the root names for app; every file of one app must
 * name the same one (or none), else the tools could not tell where its
 * chain runs.
 */
static int note_app_database(struct parse_state *ps, const xnode *root, const char *app)
{
	const char *env = attr_text(ps, root, A_DATABASE_URL_ENV);
	struct model *m = ps->m;
	struct model_app_db *a;

	for (size_t i = 0; i < m->nr_app_dbs; i++) {
		struct strbuf here = STRBUF_INIT, there = STRBUF_INIT;
		a = &m->app_dbs[i];
		if (strcmp(a->app, app) != 0)
			continue;
		if ((!a->url_env && !env) || (a->url_env && env && strcmp(a->url_env, env) == 0))
			return 0;
		describe_database(env, &here);
		describe_database(a->url_env, &there);
		diag_error_at(ps->d, ps->file, root->line, "app \"%s\": %s here, but %s in %s:%d", app, here.buf,
			      there.buf, a->loc.file, a->loc.line);
		diag_hint(ps->d, "every model file of an app names the same database (its root's database-url-env)");
		strbuf_release(&here);
		strbuf_release(&there);
		return -1;
	}
	ALLOC_GROW(m->app_dbs, m->nr_app_dbs + 1, m->alloc_app_dbs);
	a = &m->app_dbs[m->nr_app_dbs++];
	a->app = xstrdup(app);
	a->url_env = env ? xstrdup(env) : NULL;
	a->loc.file = ps->file;
	a->loc.line = root->line;
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

/* An empty recorded document of file (its arena sized for len bytes) and a SAX handler that records its elements. */
static void xdoc_start(struct xdoc *x, const struct xmllib *xml, xmlSAXHandler *sax, const char *file, size_t len,
		       struct diag *d)
{
	memset(x, 0, sizeof(*x));
	x->xml = xml;
	strbuf_init(&x->arena, len);
	x->file = file;
	x->d = d;
	x->last_child[0] = NONE;
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = sax_start;
	sax->internalSubset = refuse_doctype;
	sax->serror = on_parser_error;
}


/*
 * The objects of the children of the root recorded so far (all complete),
 * into the model; then their recording is dropped. The root's app and
 * database are noted before its first child (or at the end of a document
 * without children). Errors go to x->sem; after the first, children are
 * only dropped.
 */
static void flush_children(struct xdoc *x)
{
	struct parse_state *ps = x->ps;
	const xnode *root = &x->els[0];

	if (!ps || x->nr == 0 || root->kind != EL_MODELS)
		return;
	if (!x->sem_failed && !ps->app) {
		char *app = attr_of(ps, root, A_APP);
		ps->app = app ? app : file_app(x->file);
		x->sem_failed = note_app_database(ps, root, ps->app) < 0;
	}
	if (!x->sem_failed && x->nr > 1)
		x->sem_failed = parse_root(ps, root) < 0;
	x->nr = 1;
	x->nr_attrs = root->first_attr + root->nr_attrs;
	strbuf_setlen(&x->arena, x->root_arena);
	x->els[0].first_child = NONE;
	x->last_child[1] = NONE;
}

/* Bytes handed to the XML parser at once (and read from a file at once). */
#define XML_CHUNK (64 * 1024)

/* One document being parsed: fed in chunks, so that neither libxml2 nor the recording holds the whole file. */
struct xparse {
	struct xdoc x;
	struct parse_state ps;
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	xmlSchemaValidCtxtPtr vctxt;
	xmlSchemaSAXPlugPtr plug;
	const char *file;
	struct diag *d;
};

static int xparse_begin(struct xparse *p, struct model_xml_reader *r, struct model *m, const char *file,
			struct diag *d)
{
	const struct xmllib *xml = r->xml;
	xmlSAXHandlerPtr saxp = &p->sax;
	void *user;

	memset(p, 0, sizeof(*p));
	p->file = file;
	p->d = d;
	xdoc_start(&p->x, r->xml, &p->sax, file, XML_CHUNK, d);
	p->ps.m = m;
	p->ps.file = model_intern_file(m, file);
	p->ps.d = &p->x.sem;
	p->ps.x = &p->x;
	p->x.ps = &p->ps;
	p->sax.endElementNs = sax_end;
	p->sax.characters = sax_characters;
	user = &p->x;
	/* the XML schema checks the document as it streams past */
	if (!r->trusted) {
		p->vctxt = xml->xmlSchemaNewValidCtxt(r->schema);
		if (!p->vctxt)
			return diag_error(d, "cannot create an XML schema validator");
		xml->xmlSchemaSetValidStructuredErrors(p->vctxt, on_schema_error, &p->x);
		p->plug = xml->xmlSchemaSAXPlug(p->vctxt, &saxp, &user);
		if (!p->plug)
			return diag_error(d, "cannot start the XML schema validator");
	}
	p->ctxt = xml->xmlCreatePushParserCtxt(saxp, user, NULL, 0, NULL);
	if (!p->ctxt)
		return diag_error(d, "cannot create an XML parser");
	p->ctxt->sax->serror = on_parser_error; /* the plug has no slot for it */
	p->ctxt->_private = &p->x;
	p->x.ctxt = p->ctxt;
	/*
	 * No NOENT, no DTDLOAD: entities are never substituted or fetched; the
	 * bytes were checked to be UTF-8, whatever the declaration says.
	 */
	xml->xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC);
	return 0;
}

/* Hands buf[0, len) to the parser; last: the end of the document. */
static void xparse_feed(struct xparse *p, const char *buf, size_t len, bool last)
{
	do {
		size_t n = len > XML_CHUNK ? XML_CHUNK : len;
		/* a stopped parser (an error) takes nothing more */
		if (p->ctxt->instate == XML_PARSER_EOF)
			return;
		p->x.xml->xmlParseChunk(p->ctxt, buf, (int)n, last && n == len);
		buf += n;
		len -= n;
	} while (len > 0);
}

/* The end of the document: its errors, the rest of its objects. Returns 0 or -1 with d set. */
static int xparse_end(struct xparse *p)
{
	struct xdoc *x = &p->x;
	const xnode *root;

	if (p->plug) {
		p->x.xml->xmlSchemaSAXUnplug(p->plug);
		p->plug = NULL;
	}
	if (x->seen)
		return -1;
	if (!p->ctxt->wellFormed)
		return diag_error_at(p->d, p->file, current_line(x), "malformed XML");
	root = x->nr ? &x->els[0] : NULL;
	if (!root || root->kind != EL_MODELS)
		return diag_error_at(p->d, p->file, root ? root->line : 1,
				     "the root element must be <models xmlns=\"%s\">", MODEL_XML_NS);
	flush_children(x);
	if (x->sem_failed) {
		/* the first error of the objects, as the caller's */
		diag_error_at(p->d, x->sem.file, x->sem.line, "%s", x->sem.message);
		if (x->sem.detail)
			diag_detail(p->d, "%s", x->sem.detail);
		if (x->sem.hint)
			diag_hint(p->d, "%s", x->sem.hint);
		return -1;
	}
	return 0;
}

static void xparse_release(struct xparse *p)
{
	free((char *)p->ps.app);
	if (p->plug)
		p->x.xml->xmlSchemaSAXUnplug(p->plug);
	if (p->vctxt)
		p->x.xml->xmlSchemaFreeValidCtxt(p->vctxt);
	if (p->ctxt)
		p->x.xml->xmlFreeParserCtxt(p->ctxt);
	diag_release(&p->x.sem);
	xdoc_release(&p->x);
}

int model_xml_parse(struct model_xml_reader *r, struct model *m, const char *file,
		    const char *buf, size_t len, struct diag *d)
{
	struct xparse p;
	int ret = -1;

	if (len == 0)
		return diag_error_at(d, file, 1, "the file is empty");
	if (len > (size_t)1 << 30)
		return diag_error_at(d, file, 0, "the file is larger than 1 GiB");
	if (check_utf8(r->xml, file, buf, len, d) < 0)
		return -1;
	if (xparse_begin(&p, r, m, file, d) == 0) {
		xparse_feed(&p, buf, len, true);
		ret = xparse_end(&p);
	}
	xparse_release(&p);
	return ret;
}

/*
 * Parses file f (its first pass, the UTF-8 check, done: size bytes) from
 * the start, a chunk at a time.
 */
static int parse_stream(struct model_xml_reader *r, struct model *m, const char *path, FILE *f, struct diag *d)
{
	struct xparse p;
	char *chunk = xmalloc(XML_CHUNK);
	int ret = -1;

	if (xparse_begin(&p, r, m, path, d) == 0) {
		size_t n;
		rewind(f);
		while ((n = fread(chunk, 1, XML_CHUNK, f)) > 0)
			xparse_feed(&p, chunk, n, false);
		if (ferror(f))
			diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno ? errno : EIO));
		else {
			xparse_feed(&p, "", 0, true);
			ret = xparse_end(&p);
		}
	}
	xparse_release(&p);
	free(chunk);
	return ret;
}

/*
 * The first pass over a file: its size and the UTF-8 check of
 * model_xml_parse(), a chunk at a time, and its hash when hash is
 * non-NULL.
 */
static int check_stream(const struct xmllib *xml, const char *path, FILE *f, struct strbuf *hash, struct diag *d)
{
	struct h1_stream *h = hash ? h1_begin() : NULL;
	char *buf = xmalloc(XML_CHUNK + 4);
	size_t carry = 0, total = 0, n;
	struct utf8_state u = { 1, 0 };
	int ret = -1;

	while ((n = fread(buf + carry, 1, XML_CHUNK, f)) > 0) {
		size_t len = carry + n, done;
		if (total + n > (size_t)1 << 30) {
			diag_error_at(d, path, 0, "the file is larger than 1 GiB");
			goto out;
		}
		total += n;
		if (h)
			h1_add(h, buf + carry, n);
		/* a character the chunk's end cuts waits for the next chunk */
		done = check_utf8_part(xml, path, buf, len, false, &u, d);
		if (done == (size_t)-1)
			goto out;
		carry = len - done;
		memmove(buf, buf + done, carry);
	}
	if (ferror(f)) {
		diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno ? errno : EIO));
		goto out;
	}
	if (total == 0) {
		diag_error_at(d, path, 1, "the file is empty");
		goto out;
	}
	if (carry && check_utf8_part(xml, path, buf, carry, true, &u, d) == (size_t)-1)
		goto out;
	ret = 0;
out:
	if (h)
		h1_end(h, hash);
	free(buf);
	return ret;
}

/* SAX start of model_xml_read_app(): the root element is all it reads. */
static void sax_start_root(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
			   int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
			   const xmlChar **attributes)
{
	struct xdoc *x = ctx;

	sax_start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
	x->xml->xmlStopParser(x->ctxt);
}

int model_xml_read_app(struct model *m, const char *path, struct diag *d)
{
	struct xmllib xml;
	struct xdoc x;
	struct parse_state ps;
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt = NULL;
	const xnode *root;
	char buf[16384], *app = NULL;
	size_t total = 0;
	ssize_t n = 0;
	int fd, ret = -1;

	if (xmllib_open(&xml, d) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		xmllib_close(&xml);
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	}
	xdoc_start(&x, &xml, &sax, path, 0, d);
	sax.startElementNs = sax_start_root;
	ctxt = xml.xmlCreatePushParserCtxt(&sax, &x, NULL, 0, path);
	if (!ctxt) {
		diag_error(d, "cannot create an XML parser");
		goto out;
	}
	ctxt->_private = &x;
	x.ctxt = ctxt;
	/* as model_xml_parse(): nothing substituted or fetched */
	xml.xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC);
	/* the file in pieces, until its root element has been read */
	while (!x.nr && !x.seen && (n = read(fd, buf, sizeof(buf))) > 0) {
		total += (size_t)n;
		xml.xmlParseChunk(ctxt, buf, (int)n, 0);
	}
	if (n < 0) {
		diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
		goto out;
	}
	if (total == 0) {
		diag_error_at(d, path, 1, "the file is empty");
		goto out;
	}
	if (!x.nr && !x.seen)
		xml.xmlParseChunk(ctxt, NULL, 0, 1);
	if (x.seen)
		goto out;
	root = x.nr ? &x.els[0] : NULL;
	if (!root || root->kind != EL_MODELS) {
		diag_error_at(d, path, root ? root->line : current_line(&x) > 0 ? current_line(&x) : 1,
			      root ? "the root element must be <models xmlns=\"%s\">" : "malformed XML: no root element (the "
			      "root element must be <models xmlns=\"%s\">)", MODEL_XML_NS);
		goto out;
	}
	memset(&ps, 0, sizeof(ps));
	ps.m = m;
	ps.file = model_intern_file(m, path);
	ps.d = d;
	ps.x = &x;
	app = attr_of(&ps, root, A_APP);
	if (!app)
		app = file_app(path);
	ret = note_app_database(&ps, root, app);
out:
	free(app);
	if (ctxt)
		xml.xmlFreeParserCtxt(ctxt);
	close(fd);
	xdoc_release(&x);
	xmllib_close(&xml);
	return ret;
}

int model_xml_parse_file(struct model_xml_reader *r, struct model *m, const char *path,
			 struct diag *d)
{
	FILE *f = fopen(path, "rb");
	int ret = -1;

	if (!f)
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	if (check_stream(r->xml, path, f, NULL, d) == 0)
		ret = parse_stream(r, m, path, f, d);
	fclose(f);
	return ret;
}

int model_xml_load_file(struct model *m, const char *path, const char *sum, struct diag *d)
{
	struct model_xml_reader reader;
	struct strbuf have = STRBUF_INIT;
	FILE *f = fopen(path, "rb");
	int ret = -1;

	if (!f)
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	if (model_xml_reader_init(&reader, d) < 0)
		goto out;
	if (check_stream(reader.xml, path, f, sum ? &have : NULL, d) < 0)
		goto out_reader;
	if (sum)
		reader.trusted = strcmp(have.buf, sum) == 0;
	if (parse_stream(&reader, m, path, f, d) == 0)
		ret = model_finish(m, d);
out_reader:
	model_xml_reader_release(&reader);
out:
	fclose(f);
	strbuf_release(&have);
	return ret;
}

int model_xml_load_dir(struct model *m, const char *dir, const char *app, struct diag *d)
{
	struct model_xml_reader reader;
	char **names;
	size_t nr;
	struct strbuf path = STRBUF_INIT;
	DIR *dh;
	int ret = -1;

	/* a missing directory is an error here, not an empty model */
	dh = opendir(dir);
	if (!dh)
		return diag_error_at(d, dir, 0, "cannot open the models directory: %s", strerror(errno));
	closedir(dh);
	nr = fs_list_dir(dir, ".xml", &names);
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
	fs_free_list(names, nr);
	strbuf_release(&path);
	return ret;
}

/* --- writing ----------------------------------------------------------- */

/*
 * The canonical document is written directly, in libxml2's own output
 * format (two-space indentation, empty elements as <x/>, the same escapes):
 * building a libxml2 tree just to serialise it cost ten times as much on
 * large models, and escaping is all the serialiser did for us here.
 */
struct xml_writer {
	struct strbuf *out;
	/* where out goes after each element of the root, or NULL: out keeps all */
	void (*sink)(void *ctx, const char *data, size_t len);
	void *sink_ctx;
	int depth;
	bool open;            /* the current start tag is not closed yet */
	const char *stack[8]; /* element names */
	bool has_children[8];
	/*
	 * model_xml_write_objects_to(): what model_equal() finds by name is
	 * written in name order (a database lists its tables, columns and
	 * constraints in an order of its own), so that equal models write the
	 * same text.
	 */
	bool by_name;
};

/* What an element is found by, for the writer's name order. */
struct name_key {
	int kind;
	const char *a, *b, *c;
	size_t at; /* its place in the model: the order of equal keys */
};

static int cmp_str_null(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

static int cmp_name_key(const void *l, const void *r)
{
	const struct name_key *x = l, *y = r;
	int c = x->kind - y->kind;

	if (!c)
		c = cmp_str_null(x->a, y->a);
	if (!c)
		c = cmp_str_null(x->b, y->b);
	if (!c)
		c = cmp_str_null(x->c, y->c);
	if (!c)
		c = x->at < y->at ? -1 : x->at > y->at;
	return c;
}

/*
 * The name order of n elements (owned by the caller): keys[i] is the i-th
 * element's key, sorted in place; the elements' places in that order.
 */
static size_t *sorted_order(struct name_key *keys, size_t n)
{
	size_t *order = xcalloc(n + 1, sizeof(*order));

	for (size_t i = 0; i < n; i++)
		keys[i].at = i;
	qsort(keys, n, sizeof(*keys), cmp_name_key);
	for (size_t i = 0; i < n; i++)
		order[i] = keys[i].at;
	return order;
}

/* The i-th element to write: order's, or the model's own order when order is NULL. */
static size_t order_at(const size_t *order, size_t i)
{
	return order ? order[i] : i;
}

/*
 * The order to write n elements of one array in, found by their name:
 * NULL (the model's order) unless the writer writes by name. The name of
 * element i is at first_name + i * stride bytes (first_name is
 * &array[0].name; NULL when n is 0).
 */
static size_t *write_order_by_name(const struct xml_writer *w, const void *first_name, size_t stride, size_t n)
{
	struct name_key *keys;
	size_t *order;

	if (!w->by_name)
		return NULL;
	keys = xcalloc(n + 1, sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i].a = *(const char *const *)(const void *)((const char *)first_name + i * stride);
	order = sorted_order(keys, n);
	free(keys);
	return order;
}

#define WRITE_ORDER_BY_NAME(w, array, n) \
	write_order_by_name((w), (n) ? (const void *)&(array)[0].name : NULL, sizeof((array)[0]), (n))

/* Characters that need a reference somewhere: markup, quotes, controls. */
static const char xml_special[] =
	"&<>\"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";

/* Escapes s for an attribute value (in_attr) or element text. */
static void xml_escape(struct strbuf *out, const char *s, bool in_attr)
{
	while (*s) {
		size_t run = strcspn(s, xml_special);
		unsigned char c;

		strbuf_add(out, s, run); /* plain text in one piece */
		s += run;
		if (!*s)
			break;
		c = (unsigned char)*s++;
		switch (c) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"':
			if (in_attr)
				strbuf_addstr(out, "&quot;");
			else
				strbuf_addch(out, '"');
			break;
		case '\r': strbuf_addstr(out, "&#13;"); break;
		case '\n':
		case '\t':
			if (in_attr)
				strbuf_addf(out, "&#%d;", c);
			else
				strbuf_addch(out, c);
			break;
		default:
			strbuf_addf(out, "&#%d;", c);
		}
	}
}

static void xw_close_start_tag(struct xml_writer *w)
{
	if (w->open) {
		strbuf_addstr(w->out, ">\n");
		w->open = false;
	}
}

static void xw_start(struct xml_writer *w, const char *name)
{
	if (w->depth > 0) {
		xw_close_start_tag(w);
		w->has_children[w->depth - 1] = true;
	}
	strbuf_addchars(w->out, ' ', (size_t)(2 * w->depth));
	strbuf_addch(w->out, '<');
	strbuf_addstr(w->out, name);
	w->stack[w->depth] = name;
	w->has_children[w->depth] = false;
	w->depth++;
	w->open = true;
}

static void xw_end(struct xml_writer *w)
{
	w->depth--;
	if (!w->has_children[w->depth]) {
		strbuf_addstr(w->out, "/>\n");
	} else {
		strbuf_addchars(w->out, ' ', (size_t)(2 * w->depth));
		strbuf_addf(w->out, "</%s>\n", w->stack[w->depth]);
	}
	w->open = false;
}

/* <name>text</name> as a child of the current element. */
static void xw_text_element(struct xml_writer *w, const char *name, const char *text)
{
	xw_close_start_tag(w);
	w->has_children[w->depth - 1] = true;
	strbuf_addchars(w->out, ' ', (size_t)(2 * w->depth));
	strbuf_addf(w->out, "<%s>", name);
	xml_escape(w->out, text, false);
	strbuf_addf(w->out, "</%s>\n", name);
}

static void set_attr(struct xml_writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	strbuf_addch(w->out, ' ');
	strbuf_addstr(w->out, name);
	strbuf_addstr(w->out, "=\"");
	xml_escape(w->out, value, true);
	strbuf_addch(w->out, '"');
}

static void set_names(struct xml_writer *w, const char *name, const struct model_names *names)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < names->nr; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		append_name(&sb, names->items[i]);
	}
	set_attr(w, name, sb.buf);
	strbuf_release(&sb);
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
			 const struct model_column *c, struct xml_writer *cn)
{
	struct strbuf type = STRBUF_INIT;

	xw_start(cn, "column");
	set_attr(cn, "name", c->name);
	if (c->type.kind == TYPE_ENUM) {
		bool resolves = !(t->schema[0] && model_find_enum(m, t->schema, c->type.enum_name));
		const char *q = ref_qualifier(t->schema, c->type.enum_schema ? c->type.enum_schema : "",
					      resolves);
		if (cn->by_name) {
			/* quoted where needed: "a.b".c and a."b.c" are other enums */
			if (q) {
				append_name(&type, q);
				strbuf_addch(&type, '.');
			}
			append_name(&type, c->type.enum_name);
		} else {
			if (q)
				strbuf_addf(&type, "%s.", q);
			strbuf_addstr(&type, c->type.enum_name);
		}
		for (int i = 0; i < c->type.array_dims; i++)
			strbuf_addstr(&type, "[]");
	} else {
		model_type_format(&c->type, &type);
	}
	set_attr(cn, "type", type.buf);
	set_attr(cn, "pg-type", c->extra->pg_type);
	set_attr(cn, "sqlite-type", c->extra->sqlite_type);
	if (c->not_null)
		set_attr(cn, "nullable", c->declared_nullable && !cn->by_name ? "true" : "false");
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
	set_attr(cn, "sequence", c->extra->sequence);
	set_attr(cn, "generated", c->extra->generated);
	if ((c->extra->generated || cn->by_name) && c->generated_virtual)
		set_attr(cn, "generated-storage", "virtual");
	set_attr(cn, "collation", c->extra->collation);
	set_attr(cn, "comment", c->extra->comment);
	if (!cn->by_name)
		set_attr(cn, "renamed-from", c->extra->renamed_from);
	xw_end(cn);
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

static void write_index(const struct model_index *ix, struct xml_writer *in)
{
	struct strbuf sb = STRBUF_INIT;
	bool plain = keys_are_plain(ix);

	xw_start(in, "index");
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
	set_attr(in, "with", ix->with);
	set_attr(in, "comment", ix->comment);
	if (!plain) {
		for (size_t i = 0; i < ix->nr_keys; i++) {
			const struct model_index_key *k = &ix->keys[i];
			struct xml_writer *kn = in;
			xw_start(kn, "key");
			set_attr(kn, "column", k->column);
			set_attr(kn, "expr", k->expr);
			if (k->sort != SORT_DEFAULT)
				set_attr(kn, "order", k->sort == SORT_DESC ? "desc" : "asc");
			if (k->nulls != NULLS_DEFAULT)
				set_attr(kn, "nulls", k->nulls == NULLS_FIRST ? "first" : "last");
			set_attr(kn, "collation", k->collation);
			set_attr(kn, "opclass", k->opclass);
			xw_end(kn);
		}
	}
	xw_end(in);
	strbuf_release(&sb);
}

/* "[schema.]name" of a table reference, as the model writes it: quoted where needed, as read_table_ref() reads */
static void table_ref_text(const struct model_table *t, const struct model_table_ref *r, struct strbuf *out)
{
	if (r->schema && r->schema[0]) {
		append_name(out, r->schema);
		strbuf_addch(out, '.');
	} else if (r->schema && t->schema[0]) {
		strbuf_addstr(out, "public."); /* unqualified would mean t's own schema first */
	}
	append_name(out, r->name);
}

static void write_table_props(const struct model_table *t, struct xml_writer *tn)
{
	struct strbuf sb = STRBUF_INIT;

	set_attr(tn, "partition-by", t->partition_by);
	if (t->partition_of.name) {
		table_ref_text(t, &t->partition_of, &sb);
		set_attr(tn, "partition-of", sb.buf);
	}
	set_attr(tn, "partition-bound", t->partition_bound);
	strbuf_reset(&sb);
	for (size_t i = 0; i < t->nr_inherits; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		table_ref_text(t, &t->inherits[i], &sb);
	}
	if (t->nr_inherits)
		set_attr(tn, "inherits", sb.buf);
	if (t->unlogged)
		set_attr(tn, "unlogged", "true");
	if (t->row_security)
		set_attr(tn, "row-security", "true");
	if (t->force_row_security)
		set_attr(tn, "force-row-security", "true");
	strbuf_reset(&sb);
	for (size_t i = 0; i < t->storage.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", t->storage.items[i]);
	if (t->storage.nr)
		set_attr(tn, "storage", sb.buf);
	strbuf_release(&sb);
}

static void write_table(const struct model *m, const struct model_table *t, struct xml_writer *tn)
{
	struct strbuf sb = STRBUF_INIT;

	xw_start(tn, "table");
	set_attr(tn, "name", t->name);
	if (t->schema[0])
		set_attr(tn, "schema", t->schema);
	set_attr(tn, "comment", t->comment);
	if (!tn->by_name)
		set_attr(tn, "renamed-from", t->renamed_from);
	set_attr(tn, "owner", t->owner);
	write_table_props(t, tn);
	if (t->sqlite_strict)
		set_attr(tn, "sqlite-strict", "true");
	if (t->sqlite_without_rowid)
		set_attr(tn, "sqlite-without-rowid", "true");
	size_t *order = WRITE_ORDER_BY_NAME(tn, t->columns, t->nr_columns);
	for (size_t i = 0; i < t->nr_columns; i++)
		write_column(m, t, &t->columns[order_at(order, i)], tn);
	free(order);
	if (t->pk.name) {
		xw_start(tn, "primary-key");
		if (t->pk.name[0])
			set_attr(tn, "name", t->pk.name);
		set_names(tn, "columns", &t->pk.columns);
		set_attr(tn, "comment", t->pk.comment);
		xw_end(tn);
	}
	order = WRITE_ORDER_BY_NAME(tn, t->uniques, t->nr_uniques);
	for (size_t i = 0; i < t->nr_uniques; i++) {
		const struct model_unique *u = &t->uniques[order_at(order, i)];
		struct xml_writer *un = tn;
		xw_start(un, "unique");
		set_attr(un, "name", u->name);
		set_names(un, "columns", &u->columns);
		if (u->nulls_not_distinct)
			set_attr(un, "nulls-not-distinct", "true");
		if (u->deferrable)
			set_attr(un, "deferrable", "true");
		if (u->initially_deferred)
			set_attr(un, "initially-deferred", "true");
		set_attr(un, "comment", u->comment);
		xw_end(un);
	}
	free(order);
	order = WRITE_ORDER_BY_NAME(tn, t->fks, t->nr_fks);
	for (size_t i = 0; i < t->nr_fks; i++) {
		const struct model_foreign_key *fk = &t->fks[order_at(order, i)];
		struct xml_writer *fn = tn;
		bool resolves = !(t->schema[0] && model_find_table(m, t->schema, fk->ref_table));

		xw_start(fn, "foreign-key");
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
		if (fk->match_full)
			set_attr(fn, "match", "full");
		set_attr(fn, "comment", fk->comment);
		xw_end(fn);
	}
	free(order);
	order = WRITE_ORDER_BY_NAME(tn, t->checks, t->nr_checks);
	for (size_t i = 0; i < t->nr_checks; i++) {
		const struct model_check *ck = &t->checks[order_at(order, i)];
		xw_start(tn, "check");
		set_attr(tn, "name", ck->name);
		set_attr(tn, "expr", ck->expr);
		if (ck->no_inherit)
			set_attr(tn, "no-inherit", "true");
		set_attr(tn, "comment", ck->comment);
		xw_end(tn);
	}
	free(order);
	order = WRITE_ORDER_BY_NAME(tn, t->indexes, t->nr_indexes);
	for (size_t i = 0; i < t->nr_indexes; i++)
		write_index(&t->indexes[order_at(order, i)], tn);
	free(order);
	xw_end(tn);
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
	for (size_t i = 0; i < m->nr_objects; i++)
		if (!same_app(&app, m->objects[i].app))
			return NULL;
	return app;
}

/* <view name="v">SQL</view>: the SQL as the element's text, on lines of its own. */
static void write_object(const struct model_object *o, struct xml_writer *w)
{
	xw_start(w, model_object_kinds[o->kind].element);
	if (o->kind == OBJECT_GRANT) {
		set_attr(w, "to", o->name);
		set_attr(w, "on", o->table);
	} else {
		set_attr(w, "name", o->name);
		if (o->schema[0])
			set_attr(w, "schema", o->schema);
		set_attr(w, "table", o->table);
	}
	set_attr(w, "comment", o->comment);
	if (!w->by_name) {
		/* what model_equal() does not compare: a digest of by_name's text leaves them out */
		set_attr(w, "dialect", o->dialect);
		set_attr(w, "renamed-from", o->renamed_from);
	}
	set_attr(w, "owner", o->owner);
	if (o->depends.nr && !w->by_name)
		set_names(w, "depends-on", &o->depends);
	xw_close_start_tag(w);
	w->has_children[w->depth - 1] = true;
	xml_escape(w->out, o->definition, false);
	strbuf_addch(w->out, '\n');
	xw_end(w);
}

/* With a sink, what is written so far goes there: out holds one element of the root at a time. */
static void xw_flush(struct xml_writer *w)
{
	if (w->sink && w->out->len) {
		w->sink(w->sink_ctx, w->out->buf, w->out->len);
		strbuf_reset(w->out);
	}
}

/*
 * by_name: model_xml_write_objects_to()'s text: the root without app and
 * database-url-env, what is found by name in name order.
 */
static void write_document(const struct model *m, const char *app, bool by_name, struct strbuf *out,
			   void (*sink)(void *ctx, const char *data, size_t len), void *sink_ctx)
{
	struct xml_writer w = { .out = out, .sink = sink, .sink_ctx = sink_ctx, .by_name = by_name };
	const char *root_app = by_name ? NULL : app ? app : common_app(m);
	size_t *order = NULL;
	struct name_key *keys = NULL;

	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	xw_start(&w, "models");
	set_attr(&w, "xmlns", MODEL_XML_NS);
	if (root_app && root_app[0]) {
		set_attr(&w, "app", root_app);
		set_attr(&w, "database-url-env", model_app_database(m, root_app));
	}
	if (by_name) {
		keys = xcalloc(m->nr_schemas + 1, sizeof(*keys));
		for (size_t i = 0; i < m->nr_schemas; i++)
			keys[i].a = m->schemas[i].name;
		order = sorted_order(keys, m->nr_schemas);
	}
	for (size_t i = 0; i < m->nr_schemas; i++) {
		const struct model_schema *s = &m->schemas[order_at(order, i)];
		if (!wanted(app, s->app))
			continue;
		xw_start(&w, "schema");
		set_attr(&w, "name", s->name);
		set_attr(&w, "comment", s->comment);
		set_attr(&w, "owner", s->owner);
		xw_end(&w);
	}
	if (by_name) {
		free(keys);
		free(order);
		keys = xcalloc(m->nr_enums + 1, sizeof(*keys));
		for (size_t i = 0; i < m->nr_enums; i++) {
			keys[i].a = m->enums[i].schema;
			keys[i].b = m->enums[i].name;
		}
		order = sorted_order(keys, m->nr_enums);
	}
	for (size_t i = 0; i < m->nr_enums; i++) {
		const struct model_enum *e = &m->enums[order_at(order, i)];
		if (!wanted(app, e->app))
			continue;
		xw_start(&w, "enum");
		set_attr(&w, "name", e->name);
		if (e->schema[0])
			set_attr(&w, "schema", e->schema);
		set_attr(&w, "comment", e->comment);
		for (size_t v = 0; v < e->values.nr; v++)
			xw_text_element(&w, "value", e->values.items[v]);
		xw_end(&w);
	}
	if (by_name) {
		free(keys);
		free(order);
		keys = xcalloc(m->nr_tables + 1, sizeof(*keys));
		for (size_t i = 0; i < m->nr_tables; i++) {
			keys[i].a = m->tables[i]->schema;
			keys[i].b = m->tables[i]->name;
		}
		order = sorted_order(keys, m->nr_tables);
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[order_at(order, i)];
		if (wanted(app, t->app))
			write_table(m, t, &w);
		xw_flush(&w);
	}
	if (by_name) {
		free(keys);
		free(order);
		keys = xcalloc(m->nr_objects + 1, sizeof(*keys));
		for (size_t i = 0; i < m->nr_objects; i++) {
			keys[i].kind = (int)m->objects[i].kind;
			keys[i].a = m->objects[i].schema;
			keys[i].b = m->objects[i].name;
			keys[i].c = m->objects[i].table;
		}
		order = sorted_order(keys, m->nr_objects);
	}
	for (size_t i = 0; i < m->nr_objects; i++) {
		const struct model_object *o = &m->objects[order_at(order, i)];
		if (wanted(app, o->app))
			write_object(o, &w);
		xw_flush(&w);
	}
	free(keys);
	free(order);
	xw_end(&w);
	xw_flush(&w);
}

void model_xml_write(const struct model *m, const char *app, struct strbuf *out)
{
	write_document(m, app, false, out, NULL, NULL);
}

void model_xml_write_to(const struct model *m, const char *app, void (*sink)(void *ctx, const char *data, size_t len),
			void *ctx)
{
	struct strbuf piece = STRBUF_INIT;

	write_document(m, app, false, &piece, sink, ctx);
	strbuf_release(&piece);
}

void model_xml_write_objects_to(const struct model *m, void (*sink)(void *ctx, const char *data, size_t len),
				void *ctx)
{
	struct strbuf piece = STRBUF_INIT;

	write_document(m, NULL, true, &piece, sink, ctx);
	strbuf_release(&piece);
}

static void file_sink(void *ctx, const char *data, size_t len)
{
	fwrite(data, 1, len, (FILE *)ctx);
}

void model_xml_write_file(const struct model *m, const char *app, FILE *f)
{
	model_xml_write_to(m, app, file_sink, f);
}

int model_xml_copy(const struct model *from, struct model *to, struct diag *d)
{
	struct model_xml_reader reader = { 0 };
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	model_init(to);
	model_xml_write(from, NULL, &text);
	if (model_xml_reader_init(&reader, d) == 0) {
		if (model_xml_parse(&reader, to, "(the recorded state)", text.buf, text.len, d) == 0)
			ret = model_finish(to, d);
		model_xml_reader_release(&reader);
	}
	strbuf_release(&text);
	return ret;
}

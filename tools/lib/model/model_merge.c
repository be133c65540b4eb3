/* N-way merge of canonical model documents, object by object. */
#include "model_merge.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model_xml.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"
#include "xmllib.h"
#include "banned.h"

/* The key of the pseudo-entry that stands for a table's own attributes. */
#define ATTRIBUTES_KEY "@"

/* One entry of a level: what identifies it, its serialized text, its node. */
struct entry {
	char *key;       /* owned */
	char *text;      /* owned; NULL in a list of keys only */
	xmlNodePtr node; /* borrowed from the document */
};

/* One level of a document (the root's children, or a table's): keyed entries in order. */
struct level {
	struct entry *entries;
	size_t nr, alloc;
	struct strmap index; /* key -> position + 1 */
};

static void level_init(struct level *l)
{
	memset(l, 0, sizeof(*l));
	strmap_init(&l->index);
}

static void level_release(struct level *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->entries[i].key);
		free(l->entries[i].text);
	}
	free(l->entries);
	strmap_release(&l->index);
}

static void level_add(struct level *l, const char *key, char *text, xmlNodePtr node)
{
	ALLOC_GROW(l->entries, l->nr + 1, l->alloc);
	l->entries[l->nr].key = xstrdup(key);
	l->entries[l->nr].text = text;
	l->entries[l->nr].node = node;
	strmap_put(&l->index, key, (void *)(l->nr + 1));
	l->nr++;
}

/* The entry of l under key, or NULL. */
static const struct entry *level_find(const struct level *l, const char *key)
{
	void *v = strmap_get(&l->index, key);

	return v ? &l->entries[(size_t)v - 1] : NULL;
}

static char *node_text(const struct xmllib *xml, xmlNodePtr n)
{
	xmlBufferPtr buf = xml->xmlBufferCreate();
	char *text;

	xml->xmlNodeDump(buf, n->doc, n, 0, 0);
	text = xstrdup((const char *)xml->xmlBufferContent(buf));
	xml->xmlBufferFree(buf);
	return text;
}

static void add_prop(const struct xmllib *xml, struct strbuf *out, xmlNodePtr n, const char *name)
{
	xmlChar *v = xml->xmlGetProp(n, (const xmlChar *)name);

	strbuf_addf(out, "\x1f%s", v ? (const char *)v : "");
	(*xml->xmlFree_fn)(v);
}

/* "table\x1fschema\x1fname": what identifies an element among its siblings. */
static void element_key(const struct xmllib *xml, xmlNodePtr n, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_addstr(out, (const char *)n->name);
	add_prop(xml, out, n, "schema");
	add_prop(xml, out, n, "name");
}

/* "table billing.invoice", "column total" for messages. */
static void key_display(const char *key, struct strbuf *out)
{
	const char *s1 = strchr(key, '\x1f'), *s2 = s1 ? strchr(s1 + 1, '\x1f') : NULL;

	if (strcmp(key, ATTRIBUTES_KEY) == 0) {
		strbuf_addstr(out, "its attributes (comment, name)");
		return;
	}
	if (!s1 || !s2) {
		strbuf_addstr(out, key);
		return;
	}
	strbuf_add(out, key, (size_t)(s1 - key));
	strbuf_addch(out, ' ');
	if (s2 > s1 + 1) {
		strbuf_add(out, s1 + 1, (size_t)(s2 - s1 - 1));
		strbuf_addch(out, '.');
	}
	strbuf_addstr(out, s2 + 1);
}

/* A table's own attributes, serialized. */
static char *attributes_text(const struct xmllib *xml, xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT;

	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlChar *v = xml->xmlNodeGetContent((xmlNodePtr)a);
		strbuf_addf(&sb, "%s=%s\x1f", (const char *)a->name, v ? (const char *)v : "");
		(*xml->xmlFree_fn)(v);
	}
	return strbuf_detach(&sb, NULL);
}

/* The element children of parent (and, for a table, its attributes first). */
static void read_level(const struct xmllib *xml, xmlNodePtr parent, bool with_attributes, struct level *l)
{
	struct strbuf key = STRBUF_INIT;

	level_init(l);
	if (with_attributes)
		level_add(l, ATTRIBUTES_KEY, attributes_text(xml, parent), parent);
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		element_key(xml, n, &key);
		level_add(l, key.buf, node_text(xml, n), n);
	}
	strbuf_release(&key);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * Which version of an entry wins: -1 the base's (no head changed it), i a
 * head's (every head that changed it agrees with head i), -2 a conflict
 * (*a and *b: two heads that disagree).
 */
static int pick(const char *base, char *const *versions, size_t nr, size_t *a, size_t *b)
{
	int changed = -1;

	for (size_t i = 0; i < nr; i++) {
		if (same_text(versions[i], base))
			continue;
		if (changed < 0) {
			changed = (int)i;
		} else if (!same_text(versions[i], versions[changed])) {
			*a = (size_t)changed;
			*b = i;
			return -2;
		}
	}
	return changed;
}

/* Every key of base, then those of each head that the earlier ones lack. */
static void union_keys(const struct level *base, const struct level *heads, size_t nr,
		       struct level *keys)
{
	level_init(keys);
	for (size_t i = 0; i <= nr; i++) {
		const struct level *l = i == 0 ? base : &heads[i - 1];
		for (size_t k = 0; k < l->nr; k++) {
			if (!level_find(keys, l->entries[k].key))
				level_add(keys, l->entries[k].key, NULL, NULL);
		}
	}
}

static int conflict(const char *key, const char *table, const char *const *labels, size_t a,
		    size_t b, struct diag *d)
{
	struct strbuf what = STRBUF_INIT;

	if (table) {
		key_display(table, &what);
		strbuf_addstr(&what, ": ");
	}
	key_display(key, &what);
	diag_error(d, "the heads %s and %s both change %s, differently", labels[a], labels[b], what.buf);
	strbuf_release(&what);
	return -1;
}

/*
 * The entry of each level for key: its text (NULL when absent) in
 * versions[i], its node in nodes[i].
 */
static void versions_of(const struct level *heads, size_t nr, const char *key, char **versions,
			xmlNodePtr *nodes)
{
	for (size_t i = 0; i < nr; i++) {
		const struct entry *e = level_find(&heads[i], key);
		versions[i] = e ? e->text : NULL;
		nodes[i] = e ? e->node : NULL;
	}
}

/* A table present everywhere that several heads changed: merged entry by entry. */
static int merge_table(const struct xmllib *xml, xmlNodePtr base, xmlNodePtr *heads, size_t nr, const char *table_key,
		       const char *const *labels, struct strbuf *out, struct diag *d)
{
	struct level lbase, *lheads = xcalloc(nr, sizeof(*lheads)), keys;
	char **versions = xcalloc(nr, sizeof(char *));
	xmlNodePtr *nodes = xcalloc(nr, sizeof(xmlNodePtr)), merged = NULL;
	int ret = -1;

	read_level(xml, base, true, &lbase);
	for (size_t i = 0; i < nr; i++)
		read_level(xml, heads[i], true, &lheads[i]);
	union_keys(&lbase, lheads, nr, &keys);
	for (size_t k = 0; k < keys.nr; k++) {
		const char *key = keys.entries[k].key;
		const struct entry *be = level_find(&lbase, key);
		size_t a = 0, b = 0;
		int w;
		xmlNodePtr chosen;

		versions_of(lheads, nr, key, versions, nodes);
		w = pick(be ? be->text : NULL, versions, nr, &a, &b);
		if (w == -2) {
			conflict(key, table_key, labels, a, b, d);
			goto out;
		}
		chosen = w < 0 ? (be ? be->node : NULL) : nodes[w];
		if (k == 0) {
			/* the attributes come first: the element itself, without children */
			merged = xml->xmlCopyNode(chosen, 2);
		} else if (chosen) {
			xml->xmlAddChild(merged, xml->xmlCopyNode(chosen, 1));
		}
	}
	{
		char *text = node_text(xml, merged);
		strbuf_addstr(out, text);
		free(text);
	}
	ret = 0;
out:
	if (merged)
		xml->xmlFreeNode(merged);
	level_release(&keys);
	level_release(&lbase);
	for (size_t i = 0; i < nr; i++)
		level_release(&lheads[i]);
	free(lheads);
	free(versions);
	free(nodes);
	return ret;
}

static xmlDocPtr read_document(const struct xmllib *xml, const char *text)
{
	static const char empty[] = "<models xmlns=\"" MODEL_XML_NS "\"/>";

	if (!text)
		text = empty;
	/* our own canonical output: no DTD, nothing from the network */
	return xml->xmlReadMemory(text, (int)strlen(text), "state.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOBLANKS);
}

int model_merge(const char *base, const char *const *heads, const char *const *labels, size_t nr,
		struct strbuf *out, struct diag *d)
{
	struct xmllib lib, *xml = &lib;
	xmlDocPtr dbase, *dheads;
	struct level lbase, *lheads, keys;
	char **versions;
	xmlNodePtr *nodes;
	bool levels = false;
	xmlChar *app = NULL;
	int ret = -1;

	if (xmllib_open(xml, d) < 0)
		return -1;
	dbase = read_document(xml, base);
	dheads = xcalloc(nr, sizeof(xmlDocPtr));
	lheads = xcalloc(nr, sizeof(*lheads));
	versions = xcalloc(nr, sizeof(char *));
	nodes = xcalloc(nr, sizeof(xmlNodePtr));
	for (size_t i = 0; i < nr; i++)
		dheads[i] = read_document(xml, heads[i]);
	if (!dbase) {
		diag_error(d, "the common ancestor's recorded state does not parse");
		goto out;
	}
	for (size_t i = 0; i < nr; i++) {
		if (!dheads[i]) {
			diag_error(d, "the recorded state of head %s does not parse", labels[i]);
			goto out;
		}
	}
	read_level(xml, xml->xmlDocGetRootElement(dbase), false, &lbase);
	for (size_t i = 0; i < nr; i++)
		read_level(xml, xml->xmlDocGetRootElement(dheads[i]), false, &lheads[i]);
	union_keys(&lbase, lheads, nr, &keys);
	levels = true;

	app = nr ? xml->xmlGetProp(xml->xmlDocGetRootElement(dheads[0]), (const xmlChar *)"app") : NULL;
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<models xmlns=\"" MODEL_XML_NS "\"");
	if (app) {
		struct strbuf quoted = STRBUF_INIT;
		for (const char *p = (const char *)app; *p; p++) {
			if (*p == '&' || *p == '<' || *p == '"')
				strbuf_addstr(&quoted, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : "&quot;");
			else
				strbuf_addch(&quoted, *p);
		}
		strbuf_addf(out, " app=\"%s\"", quoted.buf);
		strbuf_release(&quoted);
	}
	strbuf_addstr(out, ">\n");
	for (size_t k = 0; k < keys.nr; k++) {
		const char *key = keys.entries[k].key;
		const struct entry *be = level_find(&lbase, key);
		const char *btext = be ? be->text : NULL;
		size_t a = 0, b = 0;
		int w;

		versions_of(lheads, nr, key, versions, nodes);
		w = pick(btext, versions, nr, &a, &b);
		if (w == -1 && btext) {
			strbuf_addf(out, "%s\n", btext);
		} else if (w >= 0 && versions[w]) {
			strbuf_addf(out, "%s\n", versions[w]);
		} else if (w == -2) {
			bool everywhere = be && strcmp((const char *)be->node->name, "table") == 0;
			for (size_t i = 0; i < nr && everywhere; i++)
				everywhere = nodes[i] != NULL;
			if (!everywhere) {
				conflict(key, NULL, labels, a, b, d);
				goto out;
			}
			if (merge_table(xml, be->node, nodes, nr, key, labels, out, d) < 0)
				goto out;
			strbuf_addch(out, '\n');
		}
	}
	strbuf_addstr(out, "</models>\n");
	ret = 0;
out:
	(*xml->xmlFree_fn)(app);
	if (levels) {
		level_release(&keys);
		level_release(&lbase);
		for (size_t i = 0; i < nr; i++)
			level_release(&lheads[i]);
	}
	for (size_t i = 0; i < nr; i++) {
		if (dheads[i])
			xml->xmlFreeDoc(dheads[i]);
	}
	if (dbase)
		xml->xmlFreeDoc(dbase);
	free(dheads);
	free(lheads);
	free(versions);
	free(nodes);
	xmllib_close(xml);
	return ret;
}

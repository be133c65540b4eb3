/* The online plan style: which changes move to the migration that runs outside a transaction. */
#include "diff_online.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model_xml.h"
#include "strbuf.h"
#include "xalloc.h"
#include "xmllib.h"
#include "banned.h"

/* One deferred change: undone in the state in between. */
struct undo {
	const char *element;               /* the element of a table: "index", "foreign-key", ... or "column" */
	const struct model_table *table;   /* the table in the document the element is taken from or put into */
	const struct model_table *from_table; /* DROP_INDEX: where the old element is, in the old document */
	const char *name;
	bool put_back; /* the old element goes back (a dropped index); else the new one goes (or NOT NULL) */
};

/*
 * Does the first migration change column `name` of table f (of the old
 * model) in a way its indexes feel: dropped, renamed, retyped, made
 * generated (NULL name: any column of f)? An enum rebuild recasts every
 * column of the enum: it counts for all.
 */
static bool column_changes(const struct diff *df, const struct model_table *f, const char *name)
{
	for (size_t i = 0; i < df->nr; i++) {
		const struct op *o = &df->ops[i];
		if (o->kind == OP_REBUILD_ENUM || o->kind == OP_REMOVE_ENUM_VALUE)
			return true;
		if (o->object != DIFF_COLUMN || o->from_table != f || !o->from.column)
			continue;
		if (o->kind != OP_DROP_COLUMN && o->kind != OP_RENAME_COLUMN && o->kind != OP_ALTER_TYPE &&
		    o->kind != OP_SET_GENERATED)
			continue;
		if (!name || strcmp(o->from.column->name, name) == 0)
			return true;
	}
	return false;
}

/*
 * Can a dropped index of f wait for the second migration? Not when the
 * first changes a column it uses (its drop may be the column's, or the new
 * type may have no operator class for it); an expression or a predicate
 * may use any column.
 */
static bool index_outlives_first(const struct diff *df, const struct model_table *f, const struct model_index *ix)
{
	if (ix->where && column_changes(df, f, NULL))
		return false;
	for (size_t k = 0; k < ix->nr_keys; k++)
		if (column_changes(df, f, ix->keys[k].column))
			return false; /* an expression key (column NULL): any column */
	for (size_t k = 0; k < ix->include.nr; k++)
		if (column_changes(df, f, ix->include.items[k]))
			return false;
	return true;
}

/* Does op move to the concurrent migration? Fills u when it does. */
static bool deferred(const struct diff *df, const struct op *op, struct undo *u)
{
	const struct model_table *t = op->to_table, *f = op->from_table;

	/* a new table (no from_table) is empty; a partitioned one takes neither CONCURRENTLY nor NOT VALID */
	if (!t || !f || t->partition_by || f->partition_by)
		return false;
	memset(u, 0, sizeof(*u));
	u->table = t;
	switch (op->kind) {
	case OP_CREATE_INDEX:
		u->element = "index";
		u->name = op->to.index->name;
		return true;
	case OP_DROP_INDEX:
		if (!index_outlives_first(df, f, op->from.index))
			return false;
		u->element = "index";
		u->name = op->from.index->name;
		u->from_table = f;
		u->put_back = true;
		return true;
	case OP_ADD_FOREIGN_KEY:
		u->element = "foreign-key";
		u->name = op->to.fk->name;
		return op->phase == PHASE_ADD_FOREIGN_KEYS;
	case OP_ADD_CHECK:
		u->element = "check";
		u->name = op->to.check->name;
		return true;
	case OP_ADD_UNIQUE:
		u->element = "unique";
		u->name = op->to.unique->name;
		return true;
	case OP_SET_NOT_NULL:
		/* a key column is NOT NULL by its key; an identity needs NOT NULL first */
		if (!op->from.column || model_names_find(&t->pk.columns, op->to.column->name) >= 0 ||
		    (op->to.column->identity != IDENTITY_NONE && op->from.column->identity == IDENTITY_NONE))
			return false;
		u->element = "column";
		u->name = op->to.column->name;
		return true;
	default:
		return false;
	}
}

static char *prop(const struct xmllib *xml, xmlNodePtr n, const char *name)
{
	xmlChar *v = xml->xmlGetProp(n, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");

	(*xml->xmlFree_fn)(v);
	return s;
}

static bool is_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The child of parent that is element `name`="value"... by its name attribute. */
static xmlNodePtr find_named(const struct xmllib *xml, xmlNodePtr parent, const char *element, const char *schema, const char *name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		char *nm, *sc;
		bool match;
		if (!is_element(n, element))
			continue;
		nm = prop(xml, n, "name");
		sc = prop(xml, n, "schema");
		match = strcmp(nm, name) == 0 && (!schema || strcmp(sc, schema) == 0);
		free(nm);
		free(sc);
		if (match)
			return n;
	}
	return NULL;
}

static xmlNodePtr find_table(const struct xmllib *xml, xmlDocPtr doc, const struct model_table *t)
{
	return find_named(xml, xml->xmlDocGetRootElement(doc), "table", t->schema ? t->schema : "", t->name);
}

static xmlDocPtr read_document(const struct xmllib *xml, const char *text, size_t len)
{
	/* our own canonical output: no DTD, nothing from the network */
	return xml->xmlReadMemory(text, (int)len, "state.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
}

/* Undoes u in the new document; false when an element is not where it should be. */
static bool undo(const struct xmllib *xml, xmlDocPtr newer, xmlDocPtr older, const struct undo *u)
{
	xmlNodePtr table = find_table(xml, newer, u->table), n, copy;

	if (!table)
		return false;
	if (!u->put_back) {
		n = find_named(xml, table, u->element, NULL, u->name);
		if (!n)
			return false;
		if (strcmp(u->element, "column") == 0) {
			xml->xmlUnsetProp(n, (const xmlChar *)"nullable");
		} else {
			xml->xmlUnlinkNode(n);
			xml->xmlFreeNode(n);
		}
		return true;
	}
	n = find_table(xml, older, u->from_table);
	n = n ? find_named(xml, n, u->element, NULL, u->name) : NULL;
	if (!n)
		return false;
	copy = xml->xmlDocCopyNode(n, newer, 1);
	xml->xmlAddChild(table, copy);
	xml->xmlReconciliateNs(newer, copy);
	return true;
}

int diff_online_split(const struct diff *df, const struct model *from, const struct model *to, struct model *middle,
		      struct strbuf *why, struct diag *d)
{
	struct strbuf from_text = STRBUF_INIT, to_text = STRBUF_INIT;
	struct undo *undos = xcalloc(df->nr + 1, sizeof(*undos));
	size_t nr = 0;
	/* its library reads and changes the documents too */
	struct model_xml_reader reader = { 0 };
	const struct xmllib *xml;
	xmlDocPtr older = NULL, newer = NULL;
	xmlChar *text = NULL;
	int len = 0, ret = 0;

	model_init(middle);
	for (size_t i = 0; i < df->nr; i++)
		if (deferred(df, &df->ops[i], &undos[nr]))
			nr++;
	if (!nr)
		goto out;
	if (model_xml_reader_init(&reader, d) < 0) {
		ret = -1;
		goto out;
	}
	xml = reader.xml;
	model_xml_write(from, NULL, &from_text);
	model_xml_write(to, NULL, &to_text);
	older = read_document(xml, from_text.buf, from_text.len);
	newer = read_document(xml, to_text.buf, to_text.len);
	if (!older || !newer) {
		ret = diag_error(d, "--online: a recorded state does not parse");
		goto out;
	}
	/* what goes first, then what comes back: a changed index is both, under one name */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nr; i++) {
			if (undos[i].put_back != (pass == 1))
				continue;
			if (!undo(xml, newer, older, &undos[i])) {
				strbuf_addf(why, "--online: %s \"%s\" of table \"%s\" is not in the models' document\n",
					    undos[i].element, undos[i].name, undos[i].table->name);
				goto out;
			}
		}
	}
	xml->xmlDocDumpMemory(newer, &text, &len);
	{
		struct diag bad = DIAG_INIT;
		int r = -1;
		if (model_xml_parse(&reader, middle, "(the state in between)", (const char *)text, (size_t)len,
				    &bad) == 0)
			r = model_finish(middle, &bad);
		if (r < 0) {
			/* a change that stays needs one that would move: all stay together */
			strbuf_addf(why, "--online: every change stays in one transaction: without the concurrent ones "
				    "the models are not valid (%s)\n", bad.message ? bad.message : "?");
			model_release(middle);
			model_init(middle);
			diag_release(&bad);
			goto out;
		}
		diag_release(&bad);
	}
	ret = 1;
out:
	if (text)
		(*reader.xml->xmlFree_fn)(text);
	if (older)
		reader.xml->xmlFreeDoc(older);
	if (newer)
		reader.xml->xmlFreeDoc(newer);
	model_xml_reader_release(&reader);
	strbuf_release(&from_text);
	strbuf_release(&to_text);
	free(undos);
	return ret;
}

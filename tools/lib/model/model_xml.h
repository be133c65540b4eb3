/*
 * model_xml: model files (XML, namespace urn:mig:model:1) to and from the
 * in-memory model.
 *
 * Reading: every file must be UTF-8 and valid against models/mig-model.xsd
 * (built into the tools). No DOCTYPE is accepted, so no DTD or external
 * entity is ever loaded, nothing is fetched from the network and no entity
 * can expand. Errors are reported as "FILE:LINE: message" through struct diag.
 *
 * Writing is canonical: the same model gives the same bytes, and reading what
 * was written gives the same model back.
 *
 * Ownership: a reader owns the compiled XML schema; release it with
 * model_xml_reader_release(). Parsed objects go into the caller's model.
 */
#ifndef MIG_MODEL_XML_H
#define MIG_MODEL_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag;
struct model;
struct strbuf;
struct xmllib;

/* The namespace of model documents. */
#define MODEL_XML_NS "urn:mig:model:1"

struct model_xml_reader {
	struct xmllib *xml; /* owned: libxml2, opened here (xmllib.h) */
	void *schema;       /* owned xmlSchemaPtr */
	/*
	 * Skip the XML schema check: only for a document this tool wrote and
	 * whose checksum proved it unchanged (a recorded state).
	 */
	bool trusted;
};

/* Compiles the built-in XML schema. Returns 0 or -1 (an internal error). */
int model_xml_reader_init(struct model_xml_reader *r, struct diag *d);
void model_xml_reader_release(struct model_xml_reader *r);

/*
 * Parses one model document (buf, len bytes, read from file) and appends its
 * objects to m. Does not validate cross-references: call model_finish() once
 * every file is in. Returns 0, or -1 with d set; m may then hold part of
 * the file and should be released.
 */
int model_xml_parse(struct model_xml_reader *r, struct model *m, const char *file,
		    const char *buf, size_t len, struct diag *d);

/* Reads path and parses it with model_xml_parse(). */
int model_xml_parse_file(struct model_xml_reader *r, struct model *m, const char *path,
			 struct diag *d);

/*
 * Reads only the root element of model file path: the app it belongs to
 * (its app attribute, else the file's name) and the database its
 * database-url-env names, into m's app databases, with the check that
 * every file of an app names the same one. The rest of the file is neither
 * read nor validated: the tools that only need to know where each chain
 * runs (mig-heads, mig-apply, mig-stamp) do not pay for parsing the models.
 * Returns 0, or -1 with d set (the file and line).
 */
int model_xml_read_app(struct model *m, const char *path, struct diag *d);

/*
 * Loads every *.xml file of dir (in name order), finishes the model with
 * model_finish(), and, when app is non-NULL, keeps only that app's objects
 * (an error when no file belongs to it). Returns 0 or -1 with d set.
 */
int model_xml_load_dir(struct model *m, const char *dir, const char *app, struct diag *d);

/*
 * Loads one file and finishes the model (a recorded state, for instance).
 * With sum non-NULL and equal to the file's "h1:" SHA-256, the file is what
 * mig-gen wrote and the XML schema check is skipped.
 */
int model_xml_load_file(struct model *m, const char *path, const char *sum, struct diag *d);

/*
 * Writes m as one canonical document. With app non-NULL only that app's
 * objects are written and the root carries app="..."; with NULL every
 * object is written, and the root carries the app only when all share one.
 */
void model_xml_write(const struct model *m, const char *app, struct strbuf *out);

/*
 * model_xml_write() onto f, an element of the root at a time: the document
 * is never held whole (a model of 1,000 tables: 1.4 MB). The caller checks
 * f for errors.
 */
void model_xml_write_file(const struct model *m, const char *app, FILE *f);
/* The same text given to sink(ctx, piece, length), piece by piece (a hash of it, say). */
void model_xml_write_to(const struct model *m, const char *app, void (*sink)(void *ctx, const char *data, size_t len),
			void *ctx);
/*
 * model_xml_write_to() of every object for comparing, not reading back:
 * what model_equal() finds by name in name order, names in references
 * and enum types quoted where needed, without what model_equal() does not
 * compare (the root's app and database, renamed-from, an object's dialect
 * and depends-on, whether a NOT NULL column was declared nullable). Every
 * field model_equal() compares is written, each in one way only: two
 * models that write the same text are equal, and mig-check compares
 * digests of it, holding one model at a time.
 */
void model_xml_write_objects_to(const struct model *m, void (*sink)(void *ctx, const char *data, size_t len),
				void *ctx);

/*
 * to (initialised here; the caller releases it) becomes a copy of from
 * through its canonical document, read and finished again: objects added
 * to from since it was finished get their default names, and the whole is
 * validated. Returns 0, or -1 with d set (as "(the recorded state)").
 */
int model_xml_copy(const struct model *from, struct model *to, struct diag *d);

#endif

/*
 * xmllib: libxml2, opened when a tool first reads or rewrites XML.
 *
 * libxml2 brings ICU and the C++ runtime with it, and Debian links both
 * with every symbol bound at load: a tool that named libxml2 at link time
 * paid 1.2 ms at every start, most of a status command's time over the
 * floor. Opened by dlopen() when a model is read, it costs only the tools
 * and runs that read one.
 *
 * Each user opens its own struct xmllib (a reader, a merge) and closes it
 * when done; the library stays loaded (RTLD_NODELETE) until the process
 * ends. The members are libxml2's functions under their own names:
 * x->xmlParseChunk(...).
 *
 * Ownership: xmllib_open() fills the caller's struct; xmllib_close() gives
 * the handle back.
 */
#ifndef MIG_XMLLIB_H
#define MIG_XMLLIB_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

struct diag;

/* Every libxml2 function mig calls: adding a call is one entry here. */
#define XMLLIB_FUNCTIONS(X)                                                                                   \
	X(xmlAddChild)                                                                                        \
	X(xmlBufferContent)                                                                                   \
	X(xmlBufferCreate)                                                                                    \
	X(xmlBufferFree)                                                                                      \
	X(xmlCopyNode)                                                                                        \
	X(xmlCreatePushParserCtxt)                                                                            \
	X(xmlCtxtUseOptions)                                                                                  \
	X(xmlDocCopyNode)                                                                                     \
	X(xmlDocDumpMemory)                                                                                   \
	X(xmlDocGetRootElement)                                                                               \
	X(xmlFreeDoc)                                                                                         \
	X(xmlFreeNode)                                                                                        \
	X(xmlFreeParserCtxt)                                                                                  \
	X(xmlGetProp)                                                                                         \
	X(xmlGetUTF8Char)                                                                                     \
	X(xmlNodeDump)                                                                                        \
	X(xmlNodeGetContent)                                                                                  \
	X(xmlParseChunk)                                                                                      \
	X(xmlReadMemory)                                                                                      \
	X(xmlReconciliateNs)                                                                                  \
	X(xmlSchemaFree)                                                                                      \
	X(xmlSchemaFreeParserCtxt)                                                                            \
	X(xmlSchemaFreeValidCtxt)                                                                             \
	X(xmlSchemaNewMemParserCtxt)                                                                          \
	X(xmlSchemaNewValidCtxt)                                                                              \
	X(xmlSchemaParse)                                                                                     \
	X(xmlSchemaSAXPlug)                                                                                   \
	X(xmlSchemaSAXUnplug)                                                                                 \
	X(xmlSchemaSetValidStructuredErrors)                                                                  \
	X(xmlStopParser)                                                                                      \
	X(xmlStringLenDecodeEntities)                                                                         \
	X(xmlUnlinkNode)                                                                                      \
	X(xmlUnsetProp)

struct xmllib {
	void *handle;
	/* libxml2's xmlFree, a variable there: (*x->xmlFree_fn)(p) */
	xmlFreeFunc *xmlFree_fn;
#define XMLLIB_MEMBER(fn) __typeof__(fn) *fn;
	XMLLIB_FUNCTIONS(XMLLIB_MEMBER)
#undef XMLLIB_MEMBER
};

/* Loads libxml2 (once per process) and fills x. Returns 0, or -1 with d set naming the library. */
int xmllib_open(struct xmllib *x, struct diag *d);

/* Gives x's handle back; x may be zeroed or closed already. */
void xmllib_close(struct xmllib *x);

/* Frees libxml2's global state when a run loaded it (at exit, for leak checkers); else nothing. */
void xmllib_cleanup(void);

#endif

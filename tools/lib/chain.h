/*
 * chain: which migrations, and which objects of the models, make up each
 * chain of a migration folder. The rule every tool follows:
 *
 *   - A chain is the set of migrations of a folder with the same
 *     `-- mig:app` header; no header is the default chain ("").
 *   - An app that has a chain of its own (a migration carrying its name, in
 *     any dialect folder) owns its schemas, enums and tables: they live in
 *     that chain only. Every other app's objects live in the default chain.
 *     A project that never used --app has one chain, the default one.
 *   - Chains run in a fixed order, the default chain first, then the apps'
 *     chains by name (undone to base in the reverse order). An object of
 *     one chain may not refer to another chain's (a foreign key, an enum
 *     type, a schema): mig-gen refuses it, so the order never breaks one.
 *
 * Ownership: lists are struct model_names the caller owns and releases;
 * returned const char * point into them (or are string constants).
 */
#ifndef MIG_CHAIN_H
#define MIG_CHAIN_H

#include <stdbool.h>

#include "model.h"

struct diag;
struct strbuf;

/*
 * Appends the chains of folder dir to chains, in the order they run: ""
 * when some migration has no app, then each app's chain by name. A missing
 * folder has none. Returns 0, or -1 with d set (a file that is not a
 * migration).
 */
int chain_list(const char *dir, struct model_names *chains, struct diag *d);

/*
 * Adds the apps that have a chain in dir to owners (each once, sorted; ""
 * never). Returns 0, or -1 with d set.
 */
int chain_owners(const char *dir, struct model_names *owners, struct diag *d);

/* The chain an object of app lives in: app when it owns a chain, else "". */
const char *chain_of_app(const struct model_names *owners, const char *app);

/* Frees every object of m that does not live in chain (owners as above). */
void chain_retain(struct model *m, const struct model_names *owners, const char *chain);

/*
 * Checks that no object of m (every app's) refers to an object of another
 * chain: a foreign key's table, a column's enum, a table's or enum's
 * schema. Returns 0, or -1 with d set at the reference's file and line.
 */
int chain_check_refs(const struct model *m, const struct model_names *owners, struct diag *d);

/* "the default chain" or "app NAME's chain", for messages. */
void chain_describe(const char *chain, struct strbuf *out);

/*
 * The chain of chains (those of folder dir) whose graph holds revision rev
 * or a unique prefix of it; NULL when none (or several) does.
 */
const char *chain_of_revision(const char *dir, const struct model_names *chains, const char *rev);

/*
 * The chains a run of mig-apply (or mig-stamp) toward target acts on, in
 * order, appended to out: app's alone when app is given (non-empty); else
 * every chain of dir (the default one for an empty folder), reversed for
 * "base"; the one chain holding target when it is a revision. A relative
 * target (+N, -N) with several chains is ambiguous. what prefixes messages
 * ("--to: "). Returns 0, or -1 with d set (bad input).
 */
int chain_select(const char *dir, const char *app, const char *target, const char *what,
		 struct model_names *out, struct diag *d);

/* The chains as "the default chain, app x's chain" (for messages). */
void chain_list_describe(const struct model_names *chains, struct strbuf *out);

#endif

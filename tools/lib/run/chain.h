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
 *   - An app whose model files name its database (the root's
 *     database-url-env="VAR", model.h) has a chain of its own, run on the
 *     database whose URL VAR holds (the environment, else the .env files).
 *     The default chain, and every app that names no database, run on the
 *     configured one (--database-url, DATABASE_URL, ...). VAR unset or
 *     empty is an error, never a fallback to the configured database.
 *
 * Ownership: lists are struct model_names the caller owns and releases;
 * returned const char * point into them (or are string constants).
 */
#ifndef MIG_CHAIN_H
#define MIG_CHAIN_H

#include <stdbool.h>

#include "config.h"
#include "model.h"

struct diag;
struct env;
struct strbuf;
struct migscan;

/*
 * Appends the chains of folder dir to chains, in the order they run: ""
 * when some migration has no app, then each app's chain by name. A missing
 * folder has none. Returns 0, or -1 with d set (a file that is not a
 * migration).
 */
int chain_list(const char *dir, struct model_names *chains, struct diag *d);
/* chain_list() of the files a scan of the folder found (migscan.h). */
int chain_list_scan(const struct migscan *scan, struct model_names *chains, struct diag *d);

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
 * ("--to: "). scan: dir already scanned (migscan.h), or NULL. Returns 0,
 * or -1 with d set (bad input).
 */
int chain_select(const struct migscan *scan, const char *dir, const char *app, const char *target,
		 const char *what,
		 struct model_names *out, struct diag *d);

/* The chains as "the default chain, app x's chain" (for messages). */
void chain_list_describe(const struct model_names *chains, struct strbuf *out);

/*
 * Reads the apps of every model file of directory models into m's app
 * list (model.h: which database each app names), without their objects
 * (model_xml_reader.apps_only): the tools that run migrations need only
 * that map. A missing directory is no model: no app names a database.
 * Returns 0, or -1 with d set (a file that is not UTF-8, not XML or not
 * valid against the schema, or an app whose files disagree).
 */
int chain_read_app_databases(const char *models, struct model *m, struct diag *d);

/*
 * Adds to owners (each once, sorted) the apps whose model files in models
 * name a database of their own: they own a chain before their first
 * migration, so that a plain mig-gen never puts their tables in the
 * default chain. Returns 0, or -1 with d set.
 */
int chain_database_owners(const char *models, struct model_names *owners, struct diag *d);

/* Where one chain runs. */
struct chain_db {
	const struct db_config *cfg; /* the configured database (borrowed) or &own */
	struct db_config own;        /* owned; the app's own database */
	char *url_env;               /* owned; the variable naming it, or NULL */
	char *dir;                   /* owned; the chain's folder, MIGRATIONS/<dialect> */
};

/*
 * The database of each chain of chains (README "Apps: one chain each"),
 * into dbs[0 .. chains->nr - 1] (which the caller allocates; release them
 * with chain_dbs_release()): the configured database main for the default
 * chain, for apps whose models (apps, from chain_read_app_databases()) name
 * none, and for every chain when forced (an explicit URL for one app);
 * else the URL the app's variable holds in env. Each chain's folder is
 * migrations/dialect, or migrations/<its database's dialect> when dialect
 * is NULL. Returns 0, or -1 with d set (a variable unset, empty or
 * malformed) before any database is used.
 */
int chain_databases(const struct model_names *chains, const struct model *apps, const struct db_config *main,
		    bool forced, const struct env *env, const char *migrations, const char *dialect,
		    struct chain_db *dbs, struct diag *d);

/* Frees what dbs[0 .. nr - 1] hold. */
void chain_dbs_release(struct chain_db *dbs, size_t nr);

/* Does any of dbs[0 .. nr - 1] run on a database of its own? */
bool chain_dbs_any_own(const struct chain_db *dbs, size_t nr);

#endif

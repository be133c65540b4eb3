/*
 * status: what mig-heads shows — the revision graph of a migration folder
 * and, when a database is reachable, where it stands.
 *
 *   heads    the revisions no other one builds on (more than one: a merge is due)
 *   pending  the revisions the database has not applied, in apply order
 *   history  every revision, parents first, with when it was applied and how long it took
 *   current  the database's revisions: applied ones with no applied child, and
 *            a migration stopped part-way (dirty), with its mark
 *   graph    Graphviz DOT of the graph, applied revisions filled
 *
 * Output is aligned text (colour when asked for), or JSON.
 *
 * Ownership: output goes into the caller's strbuf.
 */
#ifndef MIG_STATUS_H
#define MIG_STATUS_H

#include <stdbool.h>

struct chain_db;
struct db_config;
struct db_start;
struct diag;
struct migscan;
struct model_names;
struct strbuf;

enum status_view {
	STATUS_HEADS,
	STATUS_PENDING,
	STATUS_HISTORY,
	STATUS_CURRENT,
	STATUS_GRAPH,
};

struct status_options {
	const char *dir;   /* the dialect folder */
	const char *app;
	enum status_view view;
	bool json;
	bool color;
	bool check;        /* heads: fail on several; pending: fail on any */
	const struct migscan *scan; /* optional: a folder already scanned (migscan.h), used when it is dir; borrowed */
	struct db_start *started;   /* optional: a connection under way (db.h), taken by the view on its database */
};

/* How status_run() ended, from best to worst. */
enum status_result {
	STATUS_OK,        /* the view is in out */
	STATUS_FAILED,    /* --check failed, or the database cannot be read (d set) */
	STATUS_BAD_INPUT, /* the folder is damaged (d set) */
};

/* Writes the view into out. */
enum status_result status_run(const struct db_config *cfg, const struct status_options *o, struct strbuf *out,
	       struct diag *d);

/*
 * status_run() for each chain of chains (chain.h), in order, its app in
 * o->app's stead, on its database and folder dbs[i] (chain_databases()). With one chain the output is status_run()'s; with
 * several, each line starts with its app ("(default)" for the default
 * chain; history gets an APP column), --graph draws a cluster per chain,
 * and --json is {"chains": [{"app": NAME or null, <the view>}, ...]}.
 * Returns the worst status; d names the chain of the first failure.
 */
enum status_result status_run_chains(const struct chain_db *dbs, const struct status_options *o,
		      const struct model_names *chains, struct strbuf *out, struct diag *d);

#endif

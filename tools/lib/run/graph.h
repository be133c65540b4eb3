/*
 * graph: the revisions of one migration folder (one dialect, one app) as a
 * DAG: parents from each file's header, heads, topological order, paths.
 *
 * Loading checks the whole folder and reports, with file and line: a file
 * that does not parse (migfile.h), a duplicate revision, a parent that does
 * not exist, a cycle.
 *
 * Ownership: a graph owns its nodes and their migration files.
 */
#ifndef MIG_GRAPH_H
#define MIG_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "migfile.h"
#include "strmap.h"

struct diag;
struct migscan;

struct graph_node {
	struct migfile mf;
	size_t *parents;  /* owned; indexes into graph->nodes */
	size_t nr_parents;
	size_t *children; /* owned */
	size_t nr_children, alloc_children;
};

struct graph {
	struct graph_node *nodes; /* in revision (file name) order */
	size_t nr, alloc;
	struct strmap index;      /* revision -> index + 1 */
	bool borrowed;            /* the nodes' headers are a scan's (graph_borrow_scan()), not freed here */
};

void graph_init(struct graph *g);
void graph_release(struct graph *g);

/*
 * Loads every *.sql file of dir whose app is app (NULL: files without an
 * app). A missing dir is an empty graph. Returns 0 or -1 with d set.
 */
int graph_load(struct graph *g, const char *dir, const char *app, struct diag *d);
/*
 * graph_load() of the headers alone: the nodes' up and down are "" (as
 * migfile_parse_header() reads them), a file's SQL is read and let go.
 * For what needs the graph, not the SQL (mig-check's folder, a chain's
 * revisions).
 */
int graph_load_headers(struct graph *g, const char *dir, const char *app, struct diag *d);

/*
 * graph_load() from the headers a scan found (migscan.h), copied: the
 * nodes' up and down are "" (the SQL is not read). For what reads no SQL:
 * the status views.
 */
int graph_load_scan(struct graph *g, const struct migscan *scan, const char *app, struct diag *d);
/*
 * graph_load_scan() without the copies: the nodes' headers are scan's, so
 * scan must outlive g and nothing may change them (a status view; not a
 * run, which reads each node's SQL into it). g must be empty.
 */
int graph_borrow_scan(struct graph *g, const struct migscan *scan, const char *app, struct diag *d);

/* The node of revision rev, or -1. */
int graph_find(const struct graph *g, const char *rev);

/* The heads (no children), in revision order; returns how many (out: caller frees). */
size_t graph_heads(const struct graph *g, size_t **out);

/*
 * Every node, parents before children, ties in revision order (out: caller
 * frees, g->nr entries).
 */
void graph_topo_order(const struct graph *g, size_t **out);

/* Is a an ancestor of b (or b itself)? */
bool graph_is_ancestor(const struct graph *g, size_t a, size_t b);

/*
 * The best common ancestor of the nr nodes heads: an ancestor of each (or
 * one of them) that is an ancestor of no other common one. -1 when they
 * share none (two roots).
 */
int graph_merge_base(const struct graph *g, const size_t *heads, size_t nr);

/* The highest NNNN of any revision, 0 when empty. */
long graph_max_number(const struct graph *g);

#endif

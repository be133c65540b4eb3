#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fs.h"
#include "migscan.h"
#include "minheap.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void graph_init(struct graph *g)
{
	memset(g, 0, sizeof(*g));
	strmap_init(&g->index);
}

void graph_release(struct graph *g)
{
	for (size_t i = 0; i < g->nr; i++) {
		if (!g->borrowed)
			migfile_release(&g->nodes[i].mf);
		free(g->nodes[i].parents);
		free(g->nodes[i].children);
	}
	free(g->nodes);
	strmap_release(&g->index);
	graph_init(g);
}

int graph_find(const struct graph *g, const char *rev)
{
	void *v = strmap_get(&g->index, rev);
	return v ? (int)((size_t)v - 1) : -1;
}

static bool same_app(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Depth-first search for a cycle from n; state 0 new, 1 on the stack, 2
 * done. Iterative (stack[] the path, next[] each one's next child): a
 * chain of many thousand revisions is as deep.
 */
static int find_cycle(const struct graph *g, size_t n, unsigned char *state, size_t *stack, size_t *next,
		      struct diag *d)
{
	size_t depth = 0;

	state[n] = 1;
	stack[0] = n;
	next[0] = 0;
	for (;;) {
		size_t top = stack[depth], c;
		if (next[depth] == g->nodes[top].nr_children) {
			state[top] = 2;
			if (depth-- == 0)
				return 0;
			continue;
		}
		c = g->nodes[top].children[next[depth]++];
		if (state[c] == 1) {
			struct strbuf path = STRBUF_INIT;
			size_t k = depth + 1;
			while (k-- > 0 && stack[k] != c)
				;
			for (size_t j = k; j <= depth; j++)
				strbuf_addf(&path, "%s -> ", g->nodes[stack[j]].mf.revision);
			strbuf_addstr(&path, g->nodes[c].mf.revision);
			diag_error_at(d, g->nodes[c].mf.path, g->nodes[c].mf.parents_line,
				      "the revisions form a cycle: %s", path.buf);
			strbuf_release(&path);
			return -1;
		}
		if (state[c] == 0) {
			state[c] = 1;
			stack[++depth] = c;
			next[depth] = 0;
		}
	}
}

/*
 * Adds mf as a node when its app is app (its strings moved in, or shared
 * when g->borrowed; a moved mf left out is released here); -1 on a
 * repeated revision.
 */
static int add_node(struct graph *g, struct migfile *mf, const char *app, struct diag *d)
{
	struct graph_node *node;
	int prev;

	if (!same_app(mf->app, app)) {
		if (!g->borrowed)
			migfile_release(mf);
		return 0;
	}
	/* one look for both: the revision in the index, or who had it first */
	prev = (int)(size_t)strmap_put(&g->index, mf->revision, (void *)(g->nr + 1)) - 1;
	if (prev >= 0) {
		strmap_put(&g->index, mf->revision, (void *)(size_t)(prev + 1));
		diag_error_at(d, mf->path, mf->revision_line, "revision \"%s\" is already defined in %s", mf->revision,
			      g->nodes[prev].mf.path);
		if (!g->borrowed)
			migfile_release(mf);
		return -1;
	}
	ALLOC_GROW(g->nodes, g->nr + 1, g->alloc);
	node = &g->nodes[g->nr];
	memset(node, 0, sizeof(*node));
	node->mf = *mf;
	if (!g->borrowed)
		migfile_init(mf);
	g->nr++;
	return 0;
}

/* Links every node to its parents and refuses a missing parent or a cycle. */
static int link_nodes(struct graph *g, struct diag *d)
{
	unsigned char *state = NULL;
	size_t *stack = NULL, *next = NULL;
	int ret = -1;

	for (size_t i = 0; i < g->nr; i++) {
		struct graph_node *node = &g->nodes[i];
		node->parents = xmalloc(sizeof(size_t) * (node->mf.parents.nr + 1));
		for (size_t k = 0; k < node->mf.parents.nr; k++) {
			const char *name = node->mf.parents.items[k];
			/* in a chain the parent is the node before (revision order): no lookup */
			int p = i > 0 && strcmp(g->nodes[i - 1].mf.revision, name) == 0 ? (int)i - 1 : graph_find(g, name);
			struct graph_node *parent;
			if (p < 0) {
				diag_error_at(d, node->mf.path, node->mf.parents_line,
					      "parent \"%s\" of revision \"%s\" does not exist",
					      node->mf.parents.items[k], node->mf.revision);
				goto out;
			}
			node->parents[node->nr_parents++] = (size_t)p;
			parent = &g->nodes[p];
			ALLOC_GROW(parent->children, parent->nr_children + 1, parent->alloc_children);
			parent->children[parent->nr_children++] = i;
		}
	}
	state = xcalloc(g->nr + 1, 1);
	stack = xmalloc(sizeof(size_t) * (g->nr + 1));
	next = xmalloc(sizeof(size_t) * (g->nr + 1));
	for (size_t i = 0; i < g->nr; i++) {
		if (state[i] == 0 && find_cycle(g, i, state, stack, next, d) < 0)
			goto out;
	}
	ret = 0;
out:
	free(state);
	free(stack);
	free(next);
	return ret;
}

static int load(struct graph *g, const char *dir, const char *app, bool sections, struct diag *d)
{
	char **names;
	size_t nr = fs_list_dir(dir, ".sql", &names);
	struct strbuf path = STRBUF_INIT;
	int ret = -1;

	for (size_t i = 0; i < nr; i++) {
		struct migfile mf;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if ((sections ? migfile_read : migfile_read_header)(&mf, path.buf, d) < 0) {
			migfile_release(&mf);
			goto out;
		}
		if (add_node(g, &mf, app, d) < 0)
			goto out;
	}
	ret = link_nodes(g, d);
out:
	fs_free_list(names, nr);
	strbuf_release(&path);
	return ret;
}

int graph_load(struct graph *g, const char *dir, const char *app, struct diag *d)
{
	return load(g, dir, app, true, d);
}

int graph_load_headers(struct graph *g, const char *dir, const char *app, struct diag *d)
{
	return load(g, dir, app, false, d);
}

static int load_scan(struct graph *g, const struct migscan *scan, const char *app, struct diag *d)
{
	for (size_t i = 0; i < scan->nr; i++) {
		struct migfile mf;
		if (!scan->files[i].parsed)
			return migscan_check(scan, d);
		if (g->borrowed)
			mf = scan->files[i].head;
		else
			migfile_copy(&mf, &scan->files[i].head);
		if (add_node(g, &mf, app, d) < 0)
			return -1;
	}
	return link_nodes(g, d);
}

int graph_load_scan(struct graph *g, const struct migscan *scan, const char *app, struct diag *d)
{
	return load_scan(g, scan, app, d);
}

int graph_borrow_scan(struct graph *g, const struct migscan *scan, const char *app, struct diag *d)
{
	g->borrowed = true;
	return load_scan(g, scan, app, d);
}

size_t graph_heads(const struct graph *g, size_t **out)
{
	size_t n = 0;

	*out = xmalloc(sizeof(size_t) * (g->nr + 1));
	for (size_t i = 0; i < g->nr; i++) {
		if (g->nodes[i].nr_children == 0)
			(*out)[n++] = i;
	}
	return n;
}

void graph_topo_order(const struct graph *g, size_t **out)
{
	size_t *pending = xcalloc(g->nr + 1, sizeof(size_t));
	size_t *order = xmalloc(sizeof(size_t) * (g->nr + 1));
	struct minheap ready;
	size_t n = 0;

	minheap_init(&ready, g->nr);

	/* Kahn's algorithm; nodes are in revision order, so take the lowest ready one (a heap: n log n). */
	for (size_t i = 0; i < g->nr; i++) {
		pending[i] = g->nodes[i].nr_parents;
		if (pending[i] == 0)
			minheap_push(&ready, i);
	}
	while (ready.nr) {
		size_t pick = minheap_pop(&ready);
		order[n++] = pick;
		for (size_t k = 0; k < g->nodes[pick].nr_children; k++) {
			size_t c = g->nodes[pick].children[k];
			if (--pending[c] == 0)
				minheap_push(&ready, c);
		}
	}
	/* a cycle leaves the rest out: graph_load refuses those */
	free(pending);
	minheap_release(&ready);
	*out = order;
}

bool graph_is_ancestor(const struct graph *g, size_t a, size_t b)
{
	bool *seen, found = false;
	size_t *stack, top = 0;

	if (a == b)
		return true;
	seen = xcalloc(g->nr + 1, sizeof(bool));
	stack = xmalloc(sizeof(size_t) * (g->nr + 1));
	stack[top++] = b;
	seen[b] = true;
	while (top && !found) {
		size_t n = stack[--top];
		for (size_t k = 0; k < g->nodes[n].nr_parents; k++) {
			size_t p = g->nodes[n].parents[k];
			if (p == a) {
				found = true;
				break;
			}
			if (!seen[p]) {
				seen[p] = true;
				stack[top++] = p;
			}
		}
	}
	free(seen);
	free(stack);
	return found;
}

int graph_merge_base(const struct graph *g, const size_t *heads, size_t nr)
{
	size_t *reached = xcalloc(g->nr + 1, sizeof(size_t)), *stack, *order;
	bool *seen = xcalloc(g->nr + 1, sizeof(bool));
	int base = -1;

	stack = xmalloc(sizeof(size_t) * (g->nr + 1));
	/* how many heads reach each node (a head reaches itself) */
	for (size_t h = 0; h < nr; h++) {
		size_t top = 0;
		memset(seen, 0, sizeof(bool) * (g->nr + 1));
		stack[top++] = heads[h];
		seen[heads[h]] = true;
		while (top) {
			size_t n = stack[--top];
			reached[n]++;
			for (size_t k = 0; k < g->nodes[n].nr_parents; k++) {
				size_t p = g->nodes[n].parents[k];
				if (!seen[p]) {
					seen[p] = true;
					stack[top++] = p;
				}
			}
		}
	}
	/* the last common ancestor in topological order is an ancestor of no other one */
	graph_topo_order(g, &order);
	for (size_t i = g->nr; i-- > 0;) {
		if (reached[order[i]] == nr) {
			base = (int)order[i];
			break;
		}
	}
	free(order);
	free(stack);
	free(seen);
	free(reached);
	return base;
}

long graph_max_number(const struct graph *g)
{
	long max = 0;

	for (size_t i = 0; i < g->nr; i++) {
		long n = migfile_revision_number(g->nodes[i].mf.revision);
		if (n > max)
			max = n;
	}
	return max;
}

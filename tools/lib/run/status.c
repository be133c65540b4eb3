#include "status.h"

#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "config.h"
#include "db.h"
#include "diag.h"
#include "graph.h"
#include "history.h"
#include "json.h"
#include "strbuf.h"
#include "migscan.h"
#include "sumfile.h"
#include "xalloc.h"
#include "banned.h"

#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RED "\033[31m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

struct view {
	const struct status_options *o;
	struct graph g;
	struct history h;
	bool have_db;
	size_t *topo;
	const struct history_row **row; /* per node, or NULL */
	bool *in_folder;                /* per row of h: the folder has its revision */
	bool *applied;
	struct strbuf *out;
};

static void paint(const struct view *v, const char *color, const char *text, int width)
{
	int pad = width - (int)strlen(text);

	if (v->o->color && color[0])
		strbuf_addf(v->out, "%s%s%s", color, text, RESET);
	else
		strbuf_addstr(v->out, text);
	if (pad > 0)
		strbuf_addchars(v->out, ' ', (size_t)pad);
}

/* Row i of mig_history has a revision the folder does not have (another branch's, a deleted file). */
static bool not_in_folder(const struct view *v, size_t i)
{
	return !v->in_folder[i];
}

static int rev_width(const struct view *v)
{
	int w = 8;

	for (size_t i = 0; i < v->g.nr; i++) {
		int len = (int)strlen(v->g.nodes[i].mf.revision);
		if (len > w)
			w = len;
	}
	for (size_t i = 0; i < v->h.nr; i++) {
		int len = (int)strlen(v->h.rows[i].revision);
		if (len > w && not_in_folder(v, i))
			w = len;
	}
	return w;
}

/*
 * --current and --history: what the database holds but the folder lacks,
 * marked, after the folder's revisions (in the order they were applied).
 */
static size_t missing_rows(const struct view *v, int width, size_t n)
{
	for (size_t i = 0; i < v->h.nr; i++) {
		const struct history_row *row = &v->h.rows[i];
		struct strbuf mark = STRBUF_INIT;
		if (!not_in_folder(v, i))
			continue;
		if (v->o->json) {
			strbuf_addstr(v->out, n ? ", " : "");
			strbuf_addstr(v->out, "{\"revision\": ");
			json_append_string(v->out, row->revision);
			strbuf_addstr(v->out, ", \"message\": null, \"applied\": true, \"applied_at\": ");
			json_append_string(v->out, row->applied_at);
			strbuf_addstr(v->out, ", \"duration\": ");
			json_append_string(v->out, row->duration);
			strbuf_addf(v->out, ", \"dirty\": %s, \"in_folder\": false}", row->dirty ? "true" : "false");
			n++;
			continue;
		}
		strbuf_addf(&mark, "(not in %s)", v->o->dir);
		paint(v, RED, row->revision, width + 2);
		if (v->o->view == STATUS_HISTORY) {
			paint(v, "", row->applied_at, 32);
			paint(v, "", row->duration ? row->duration : "", 18);
		}
		paint(v, RED, mark.buf, 0);
		strbuf_addch(v->out, '\n');
		strbuf_release(&mark);
		n++;
	}
	return n;
}

static bool is_head(const struct view *v, size_t i)
{
	return v->g.nodes[i].nr_children == 0;
}

/* An applied revision none of whose children is applied. */
static bool is_current(const struct view *v, size_t i)
{
	if (!v->applied[i])
		return false;
	for (size_t c = 0; c < v->g.nodes[i].nr_children; c++) {
		if (v->applied[v->g.nodes[i].children[c]])
			return false;
	}
	return true;
}

/*
 * A revision and its message, on one line or as a JSON object; with_dirty
 * (--current) adds its dirty mark, which is part of where the database is.
 */
static void revision_line(const struct view *v, size_t i, const char *color, int width, bool json,
			  bool with_dirty)
{
	const struct migfile *mf = &v->g.nodes[i].mf;
	const struct history_row *row = v->row[i];
	bool dirty = with_dirty && row && row->dirty;

	if (json) {
		strbuf_addstr(v->out, "{\"revision\": ");
		json_append_string(v->out, mf->revision);
		strbuf_addstr(v->out, ", \"message\": ");
		json_append_string(v->out, mf->message);
		if (with_dirty) {
			strbuf_addf(v->out, ", \"dirty\": %s", dirty ? "true" : "false");
			if (dirty) {
				strbuf_addstr(v->out, ", \"operation\": ");
				json_append_string(v->out, row->operation ? row->operation : "up");
				strbuf_addf(v->out, ", \"progress\": %d", row->progress);
			}
		}
		strbuf_addch(v->out, '}');
		return;
	}
	paint(v, dirty ? RED : color, mf->revision, width + 2);
	strbuf_addstr(v->out, mf->message);
	if (dirty) {
		struct strbuf st = STRBUF_INIT;
		strbuf_addf(&st, "dirty: %s stopped after %d statement%s", row->operation ? row->operation : "up",
			    row->progress, row->progress == 1 ? "" : "s");
		strbuf_addstr(v->out, mf->message[0] ? "  " : "");
		strbuf_addch(v->out, '(');
		paint(v, RED, st.buf, 0);
		strbuf_addch(v->out, ')');
		strbuf_release(&st);
	}
	strbuf_addch(v->out, '\n');
}

/* heads, pending and current: a list of revisions. */
static size_t list(const struct view *v, const char *key, bool (*want)(const struct view *, size_t),
		   const char *color, bool with_dirty)
{
	int width = rev_width(v);
	size_t n = 0;

	if (v->o->json)
		strbuf_addf(v->out, "{\"%s\": [", key);
	for (size_t k = 0; k < v->g.nr; k++) {
		size_t i = v->topo[k];
		if (!want(v, i))
			continue;
		if (v->o->json && n)
			strbuf_addstr(v->out, ", ");
		revision_line(v, i, color, width, v->o->json, with_dirty);
		n++;
	}
	if (v->o->view == STATUS_CURRENT)
		n = missing_rows(v, width, n);
	if (v->o->json)
		strbuf_addstr(v->out, "]}\n");
	return n;
}

static bool is_pending(const struct view *v, size_t i)
{
	return !v->applied[i];
}

/*
 * --current: the current revisions, and a migration stopped part-way (a
 * dirty mark): the database is between its parents and it.
 */
static bool is_current_or_dirty(const struct view *v, size_t i)
{
	return is_current(v, i) || (v->row[i] && v->row[i]->dirty);
}

static void history_view(const struct view *v)
{
	int width = rev_width(v);

	if (v->o->json) {
		strbuf_addstr(v->out, "{\"history\": [");
	} else {
		paint(v, BOLD, "REVISION", width + 2);
		paint(v, BOLD, "APPLIED AT", 32);
		paint(v, BOLD, "DURATION", 18);
		paint(v, BOLD, "MESSAGE", 0);
		strbuf_addch(v->out, '\n');
	}
	for (size_t k = 0; k < v->g.nr; k++) {
		size_t i = v->topo[k];
		const struct history_row *row = v->row[i];
		const struct migfile *mf = &v->g.nodes[i].mf;
		if (v->o->json) {
			if (k)
				strbuf_addstr(v->out, ", ");
			strbuf_addstr(v->out, "{\"revision\": ");
			json_append_string(v->out, mf->revision);
			strbuf_addstr(v->out, ", \"message\": ");
			json_append_string(v->out, mf->message);
			strbuf_addstr(v->out, ", \"parents\": [");
			for (size_t p = 0; p < mf->parents.nr; p++) {
				if (p)
					strbuf_addstr(v->out, ", ");
				json_append_string(v->out, mf->parents.items[p]);
			}
			strbuf_addf(v->out, "], \"applied\": %s, \"applied_at\": ", v->applied[i] ? "true" : "false");
			json_append_string(v->out, row ? row->applied_at : NULL);
			strbuf_addstr(v->out, ", \"duration\": ");
			json_append_string(v->out, row ? row->duration : NULL);
			strbuf_addf(v->out, ", \"dirty\": %s}", row && row->dirty ? "true" : "false");
			continue;
		}
		if (row && row->dirty) {
			struct strbuf st = STRBUF_INIT;
			strbuf_addf(&st, "dirty: %s stopped after %d", row->operation ? row->operation : "up",
				    row->progress);
			paint(v, RED, mf->revision, width + 2);
			paint(v, RED, st.buf, 50);
			strbuf_release(&st);
		} else if (row) {
			paint(v, GREEN, mf->revision, width + 2);
			paint(v, "", row->applied_at, 32);
			paint(v, "", row->duration ? row->duration : "", 18);
		} else {
			paint(v, YELLOW, mf->revision, width + 2);
			paint(v, YELLOW, "pending", 50);
		}
		strbuf_addf(v->out, "%s\n", mf->message);
	}
	missing_rows(v, width, v->g.nr);
	if (v->o->json)
		strbuf_addstr(v->out, "]}\n");
}

static void dot_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		if (*s == '\n')
			strbuf_addstr(out, "\\n");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

static void graph_view(const struct view *v)
{
	struct strbuf label = STRBUF_INIT;

	if (v->o->json) {
		strbuf_addstr(v->out, "{\"revisions\": [");
		for (size_t k = 0; k < v->g.nr; k++) {
			const struct migfile *mf = &v->g.nodes[v->topo[k]].mf;
			if (k)
				strbuf_addstr(v->out, ", ");
			strbuf_addstr(v->out, "{\"revision\": ");
			json_append_string(v->out, mf->revision);
			strbuf_addstr(v->out, ", \"parents\": [");
			for (size_t p = 0; p < mf->parents.nr; p++) {
				if (p)
					strbuf_addstr(v->out, ", ");
				json_append_string(v->out, mf->parents.items[p]);
			}
			strbuf_addf(v->out, "], \"head\": %s, \"applied\": %s}", is_head(v, v->topo[k]) ? "true" : "false",
				    v->have_db ? (v->applied[v->topo[k]] ? "true" : "false") : "null");
		}
		strbuf_addstr(v->out, "]}\n");
		return;
	}
	strbuf_addstr(v->out, "digraph migrations {\n"
			      "  rankdir=BT;\n"
			      "  node [shape=box, style=rounded, fontname=\"monospace\"];\n");
	for (size_t k = 0; k < v->g.nr; k++) {
		size_t i = v->topo[k];
		const struct migfile *mf = &v->g.nodes[i].mf;
		const struct history_row *row = v->row[i];
		strbuf_reset(&label);
		strbuf_addf(&label, "%s\n%s", mf->revision, mf->message);
		strbuf_addstr(v->out, "  ");
		dot_string(v->out, mf->revision);
		strbuf_addstr(v->out, " [label=");
		dot_string(v->out, label.buf);
		if (row && row->dirty)
			strbuf_addstr(v->out, ", style=\"rounded,filled\", fillcolor=\"#ffc7ce\"");
		else if (v->applied[i])
			strbuf_addstr(v->out, ", style=\"rounded,filled\", fillcolor=\"#c6efce\"");
		if (is_head(v, i))
			strbuf_addstr(v->out, ", penwidth=2");
		strbuf_addstr(v->out, "];\n");
	}
	for (size_t k = 0; k < v->g.nr; k++) {
		size_t i = v->topo[k];
		for (size_t c = 0; c < v->g.nodes[i].nr_children; c++) {
			strbuf_addstr(v->out, "  ");
			dot_string(v->out, v->g.nodes[v->g.nodes[i].children[c]].mf.revision);
			strbuf_addstr(v->out, " -> ");
			dot_string(v->out, v->g.nodes[i].mf.revision);
			strbuf_addstr(v->out, ";\n");
		}
	}
	strbuf_addstr(v->out, "}\n");
	strbuf_release(&label);
}

enum status_result status_run(const struct db_config *cfg, const struct status_options *o,
			      struct strbuf *out, struct diag *d)
{
	struct view v = { .o = o, .out = out };
	bool need_db = o->view == STATUS_PENDING || o->view == STATUS_HISTORY || o->view == STATUS_CURRENT;
	struct db db;
	struct migscan scan;
	const struct migscan *given;
	enum status_result ret = STATUS_BAD_INPUT;

	graph_init(&v.g);
	history_init(&v.h);
	migscan_init(&scan);
	/* one look at the folder (the caller's, when it looked at this one), headers only: no view shows the SQL */
	given = migscan_of(o->scan, o->dir);
	if ((!given && migscan_load(&scan, o->dir, d) < 0) || sumfile_verify_scan(o->dir, given ? given : &scan, d) < 0)
		goto out;
	/* the connection under way sends its next question as soon as the last is answered, not when this is done */
	if (o->started)
		db_start_poll(o->started);
	/* the scan (the caller's, or scan below) outlives the graph, and a view changes no header */
	if (graph_borrow_scan(&v.g, given ? given : &scan, o->app, d) < 0)
		goto out;
	if (o->started)
		db_start_poll(o->started);
	graph_topo_order(&v.g, &v.topo);
	v.row = xcalloc(v.g.nr + 1, sizeof(*v.row));
	v.applied = xcalloc(v.g.nr + 1, sizeof(bool));
	if (need_db || o->view == STATUS_GRAPH) {
		struct diag cd = DIAG_INIT;
		if (!db_exists(cfg)) {
			/* a SQLite file not created yet: an empty database, and looking does not create it */
			history_init(&v.h);
			v.have_db = true;
		} else if (db_open_started(&db, o->started, cfg, "mig-heads", 0, NULL, NULL, &cd) == 0) {
			/* --pending shows no times nor checksums: the rows' state alone */
			v.have_db = (o->view == STATUS_PENDING ? history_read_brief(&db, o->app, HISTORY_STATE, &v.h, &cd)
							       : history_read(&db, o->app, &v.h, &cd)) == 0;
			db_close(&db);
		}
		if (!v.have_db && need_db) {
			*d = cd;
			ret = STATUS_FAILED;
			goto out;
		}
		diag_release(&cd);
	}
	v.in_folder = xcalloc(v.h.nr + 1, sizeof(bool));
	for (size_t i = 0; i < v.h.nr; i++) {
		const struct history_row *row = &v.h.rows[i];
		int n = graph_find(&v.g, row->revision);
		if (n < 0)
			continue;
		v.in_folder[i] = true;
		v.row[n] = row;
		v.applied[n] = !row->dirty || (row->operation && strcmp(row->operation, "down") == 0);
	}
	ret = STATUS_OK;
	switch (o->view) {
	case STATUS_HEADS: {
		size_t n = list(&v, "heads", is_head, BOLD, false);
		if (o->check && n > 1) {
			diag_error(d, "the migrations have %zu heads", n);
			diag_hint(d, "join them with mig-gen --merge");
			ret = STATUS_FAILED;
		}
		break;
	}
	case STATUS_PENDING: {
		size_t n = list(&v, "pending", is_pending, YELLOW, false), missing = 0;
		struct strbuf revs = STRBUF_INIT;
		for (size_t i = 0; i < v.h.nr; i++) {
			if (!not_in_folder(&v, i))
				continue;
			strbuf_addf(&revs, "%s%s", missing ? ", " : "", v.h.rows[i].revision);
			missing++;
		}
		if (o->check && n > 0) {
			diag_error(d, "%zu migration%s pending", n, n == 1 ? " is" : "s are");
			diag_hint(d, "apply them with mig-apply --upgrade");
			ret = STATUS_FAILED;
		} else if (o->check && missing) {
			/* nothing to apply, yet an upgrade refuses: the gate must not pass */
			diag_error(d, "the database has %zu revision%s applied that %s not in %s: %s", missing,
				   missing == 1 ? "" : "s", missing == 1 ? "is" : "are", o->dir, revs.buf);
			diag_hint(d, "mig-apply refuses to run until the folder has %s (another branch's?): merge that "
				  "branch, or undo %s with the folder that has %s", missing == 1 ? "it" : "them",
				  missing == 1 ? "it" : "them", missing == 1 ? "it" : "them");
			ret = STATUS_FAILED;
		}
		strbuf_release(&revs);
		break;
	}
	case STATUS_CURRENT:
		list(&v, "current", is_current_or_dirty, GREEN, true);
		break;
	case STATUS_HISTORY:
		history_view(&v);
		break;
	case STATUS_GRAPH:
		graph_view(&v);
		break;
	}
out:
	free(v.topo);
	free(v.row);
	free(v.in_folder);
	free(v.applied);
	history_release(&v.h);
	graph_release(&v.g);
	migscan_release(&scan);
	return ret;
}

/* One chain's view, added to out under label (several chains). */
static void add_chain_view(const struct status_options *o, const char *app, const char *label, int width,
			   bool first, const char *view, struct strbuf *out)
{
	bool json = o->json, graph = o->view == STATUS_GRAPH;

	if (json) {
		/* {"pending": [...]}\n becomes {"app": "x", "pending": [...]} */
		const char *open = strchr(view, '{'), *close = strrchr(view, '}');
		strbuf_addstr(out, first ? "" : ", ");
		strbuf_addstr(out, "{\"app\": ");
		if (app[0])
			json_append_string(out, app);
		else
			strbuf_addstr(out, "null");
		if (open && close && close > open + 1) {
			strbuf_addstr(out, ", ");
			strbuf_add(out, open + 1, (size_t)(close - open - 1));
		}
		strbuf_addch(out, '}');
		return;
	}
	if (graph) {
		struct strbuf name = STRBUF_INIT;
		/* "cluster_": Graphviz draws the chain in a box of its own */
		strbuf_addf(&name, "cluster_%s", label);
		strbuf_addstr(out, "  subgraph ");
		dot_string(out, name.buf);
		strbuf_release(&name);
		strbuf_addstr(out, " {\n    label=");
		dot_string(out, label);
		strbuf_addstr(out, ";\n");
	}
	for (const char *line = view; *line;) {
		size_t len = strcspn(line, "\n");
		bool header = o->view == STATUS_HISTORY && line == view;
		if (graph && (strncmp(line, "digraph ", 8) == 0 || strncmp(line, "  rankdir", 9) == 0 ||
			      strncmp(line, "  node ", 7) == 0 || (len == 1 && line[0] == '}'))) {
			/* the one digraph's header and footer are written once */
		} else if (graph) {
			strbuf_addf(out, "  %.*s\n", (int)len, line);
		} else if (!header || first) {
			int pad = width - (int)strlen(header ? "APP" : label);
			strbuf_addstr(out, header ? "APP" : label);
			strbuf_addchars(out, ' ', (size_t)(pad > 0 ? pad : 0) + 2);
			strbuf_addf(out, "%.*s\n", (int)len, line);
		}
		line += len + (line[len] == '\n');
	}
	if (graph)
		strbuf_addstr(out, "  }\n");
}

enum status_result status_run_chains(const struct chain_db *dbs, const struct status_options *o,
				     const struct model_names *chains, struct strbuf *out, struct diag *d)
{
	struct status_options co = *o;
	struct strbuf view = STRBUF_INIT, label = STRBUF_INIT, msg = STRBUF_INIT;
	struct diag first = DIAG_INIT;
	enum status_result ret = STATUS_OK;
	int width = 3;

	if (chains->nr <= 1) {
		if (!chains->nr)
			return status_run(dbs[0].cfg, &co, out, d);
		co.app = chains->items[0][0] ? chains->items[0] : NULL;
		co.dir = dbs[0].dir;
		return status_run(dbs[0].cfg, &co, out, d);
	}
	for (size_t i = 0; i < chains->nr; i++) {
		int w = chains->items[i][0] ? (int)strlen(chains->items[i]) : (int)strlen("(default)");
		if (w > width)
			width = w;
	}
	if (o->json)
		strbuf_addstr(out, "{\"chains\": [");
	else if (o->view == STATUS_GRAPH)
		strbuf_addstr(out, "digraph migrations {\n"
				   "  rankdir=BT;\n"
				   "  node [shape=box, style=rounded, fontname=\"monospace\"];\n");
	for (size_t i = 0; i < chains->nr; i++) {
		const char *app = chains->items[i];
		struct diag cd = DIAG_INIT;
		enum status_result r;

		co.app = app[0] ? app : NULL;
		co.dir = dbs[i].dir;
		strbuf_reset(&view);
		strbuf_reset(&label);
		strbuf_addstr(&label, app[0] ? app : "(default)");
		r = status_run(dbs[i].cfg, &co, &view, &cd);
		if (r == STATUS_OK || (r == STATUS_FAILED && o->check && view.len))
			add_chain_view(o, app, label.buf, width, i == 0, view.buf, out);
		if (r != STATUS_OK) {
			/* every chain's failure, each naming its chain; the first's file, detail and hint */
			if (msg.len)
				strbuf_addstr(&msg, "; ");
			chain_describe(app, &msg);
			strbuf_addf(&msg, ": %s", cd.message ? cd.message : "failed");
			if (!first.message) {
				/* it takes cd's strings */
				first = cd;
				memset(&cd, 0, sizeof(cd));
			}
		}
		if (r > ret)
			ret = r;
		diag_release(&cd);
		if (r != STATUS_OK && !(r == STATUS_FAILED && o->check && view.len))
			break;
	}
	if (o->json)
		strbuf_addstr(out, "]}\n");
	else if (o->view == STATUS_GRAPH)
		strbuf_addstr(out, "}\n");
	if (msg.len) {
		if (first.file)
			diag_error_at(d, first.file, first.line, "%s", msg.buf);
		else
			diag_error(d, "%s", msg.buf);
		if (first.detail)
			diag_detail(d, "%s", first.detail);
		if (first.hint)
			diag_hint(d, "%s", first.hint);
	}
	diag_release(&first);
	strbuf_release(&msg);
	strbuf_release(&view);
	strbuf_release(&label);
	return ret;
}

#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain.h"
#include "ddl_effect.h"
#include "dialect.h"
#include "diag.h"
#include "diff_describe.h"
#include "diff_online.h"
#include "fs.h"
#include "graph.h"
#include "h1.h"
#include "lint.h"
#include "model_merge.h"
#include "migfile.h"
#include "migscan.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "sumfile.h"
#include "xalloc.h"
#include "banned.h"

#define MAX_DIALECTS 4

/*
 * Every dialect's folder is read; the migration is written to those of
 * write[]. A folder that holds no migration while another does starts
 * late: its first migration is the whole schema, from nothing (a root
 * revision), since it lacks the earlier ones. A folder written only
 * because nothing chose the dialects (no --dialect, no database, no
 * migrations in it yet) is optional: when the models cannot be written
 * for its dialect it is left out, with a note.
 */
struct gen_state {
	const struct gen_options *o;
	const struct dialect *dialects[MAX_DIALECTS];
	size_t nr_dialects;
	struct graph graphs[MAX_DIALECTS];
	struct strbuf dirs[MAX_DIALECTS];
	bool write[MAX_DIALECTS], late[MAX_DIALECTS], optional[MAX_DIALECTS];
	size_t primary;      /* the folder with the most migrations: the chain of record */
	size_t *heads;       /* in the primary graph */
	size_t nr_heads;
	/* several chains (chain.h): the apps that own one, and every app's models; else NULL */
	const struct model_names *owners;
	const struct model *all;
};

static void dialect_dir(const struct gen_options *o, const char *dialect, struct strbuf *out)
{
	strbuf_addf(out, "%s/%s", o->migrations, dialect);
}

static void state_path(const struct gen_options *o, const char *revision, struct strbuf *out)
{
	strbuf_addf(out, "%s/state/%s.xml", o->migrations, revision);
}

/* The revision time: --timestamp, SOURCE_DATE_EPOCH, or now (UTC). */
static int revision_time(const struct gen_options *o, struct strbuf *out, struct diag *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;
	char buf[32];

	if (o->timestamp) {
		strbuf_addstr(out, o->timestamp);
		return 0;
	}
	if (sde && *sde) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (*end || errno || v < 0)
			return diag_error(d, "SOURCE_DATE_EPOCH: \"%s\" is not a number of seconds", sde);
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y%m%d%H%M%S", &tm);
	strbuf_addstr(out, buf);
	return 0;
}

static void release_state(struct gen_state *s)
{
	for (size_t i = 0; i < s->nr_dialects; i++) {
		graph_release(&s->graphs[i]);
		strbuf_release(&s->dirs[i]);
	}
	free(s->heads);
}

/*
 * A folder that holds migrations beside the primary one must hold the same
 * revisions, or (one that started late) exactly those from its roots on.
 */
static int check_same_revisions(const struct gen_state *s, size_t i, struct diag *d)
{
	const struct graph *a = &s->graphs[s->primary], *b = &s->graphs[i];
	size_t *roots = xcalloc(b->nr + 1, sizeof(size_t)), nr_roots = 0;
	const char *odd = NULL;

	for (size_t k = 0; k < b->nr && !odd; k++) {
		int n = graph_find(a, b->nodes[k].mf.revision);
		if (n < 0)
			odd = b->nodes[k].mf.revision;
		else if (b->nodes[k].nr_parents == 0)
			roots[nr_roots++] = (size_t)n;
	}
	/* two branches that each started the folder: each root creates every table */
	if (nr_roots > 1 && a->nr != b->nr)
		odd = a->nodes[roots[1]].mf.revision;
	for (size_t k = 0; k < a->nr && !odd; k++) {
		bool from_a_root = false;
		for (size_t r = 0; r < nr_roots && !from_a_root; r++)
			from_a_root = graph_is_ancestor(a, roots[r], k);
		if (from_a_root != (graph_find(b, a->nodes[k].mf.revision) >= 0))
			odd = a->nodes[k].mf.revision;
	}
	free(roots);
	if (!odd)
		return 0;
	diag_error(d, "%s and %s do not hold the same revisions (%s)", s->dirs[s->primary].buf, s->dirs[i].buf, odd);
	diag_hint(d, "every dialect folder needs every revision since it started; regenerate the missing ones");
	return -1;
}

/*
 * A folder's graph from its files' headers, the sum file checked: the SQL
 * of the migrations before is not read (var/cache keeps the headers and
 * sums, migscan.h), and not held while the models are compared.
 */
static int load_headers(struct graph *g, const char *dir, const char *app, struct diag *d)
{
	struct migscan scan;
	int ret = -1;

	migscan_init(&scan);
	if (migscan_load(&scan, dir, d) == 0 && sumfile_verify_scan(dir, &scan, d) == 0 &&
	    graph_load_scan(g, &scan, app, d) == 0)
		ret = 0;
	migscan_release(&scan);
	return ret;
}

/* Loads every dialect's folder and decides which get the migration. */
static int load_graphs(struct gen_state *s, struct diag *d)
{
	const struct gen_options *o = s->o;

	/* --dialect: that folder alone, as if it were the only one (its own chain) */
	if (o->dialect) {
		if (!dialect_find(o->dialect))
			return diag_error(d, "--dialect: \"%s\" is invalid", o->dialect);
		s->dialects[s->nr_dialects++] = dialect_find(o->dialect);
	} else {
		for (size_t i = 0; dialect_all[i] && s->nr_dialects < MAX_DIALECTS; i++)
			s->dialects[s->nr_dialects++] = dialect_all[i];
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		strbuf_init(&s->dirs[i], 0);
		graph_init(&s->graphs[i]);
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		dialect_dir(o, s->dialects[i]->name, &s->dirs[i]);
		if (o->rehash) {
			/* the edits are in the SQL: every file whole, the sum file is rewritten */
			if (graph_load(&s->graphs[i], s->dirs[i].buf, o->app, d) < 0)
				return -1;
		} else if (load_headers(&s->graphs[i], s->dirs[i].buf, o->app, d) < 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		if (s->graphs[i].nr > s->graphs[s->primary].nr)
			s->primary = i;
	}
	/*
	 * The dialects: --dialect's; else every folder that has migrations and
	 * the configured database's; for a new project with no database
	 * configured, every dialect (DESIGN.md). A folder starts late only when
	 * asked (the configured database's dialect): started by itself, it would
	 * make a project that never configures a database run its PostgreSQL
	 * migrations on the embedded SQLite file.
	 */
	bool any = false;
	for (size_t i = 0; i < s->nr_dialects; i++)
		any = any || s->graphs[i].nr > 0;
	bool any_late = false;
	for (size_t i = 0; i < s->nr_dialects; i++) {
		const char *dl = s->dialects[i]->name;
		bool has = s->graphs[i].nr > 0, url = o->url_dialect && strcmp(o->url_dialect, dl) == 0;
		if (o->dialect)
			s->write[i] = strcmp(o->dialect, dl) == 0;
		else
			s->write[i] = has || url || (!o->url_dialect && !any);
		s->optional[i] = !o->dialect && !has && !url;
		s->late[i] = !has && s->graphs[s->primary].nr > 0;
		any_late = any_late || (s->write[i] && s->late[i]);
		if (has && i != s->primary && check_same_revisions(s, i, d) < 0)
			return -1;
	}
	/* a folder that starts late is written from the primary folder's SQL (what is by hand there) */
	if (any_late && !o->rehash) {
		graph_release(&s->graphs[s->primary]);
		if (graph_load(&s->graphs[s->primary], s->dirs[s->primary].buf, o->app, d) < 0)
			return -1;
	}
	s->nr_heads = graph_heads(&s->graphs[s->primary], &s->heads);
	return 0;
}

/* The recorded state after revision node of the primary graph. */
static int load_state(const struct gen_state *s, size_t node, struct model *m, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	const char *rev = g->nodes[node].mf.revision;
	struct strbuf path = STRBUF_INIT;
	int ret;

	state_path(s->o, rev, &path);
	ret = model_xml_load_file(m, path.buf, g->nodes[node].mf.state_sum, d);
	if (ret < 0 && errno == ENOENT && d->message && strstr(d->message, "cannot read")) {
		diag_error_at(d, path.buf, 0, "there is no recorded state for revision \"%s\"", rev);
		diag_hint(d, "mig-gen records the model after each revision it writes; restore the file from version control");
	}
	strbuf_release(&path);
	return ret;
}

/* The checksum of m's recorded state (h1 of model_xml_write()'s text), the text never held whole. */
static void state_checksum(const struct model *m, const char *app, struct strbuf *out)
{
	struct h1_stream *h = h1_begin();

	model_xml_write_to(m, app, h1_sink, h);
	h1_end(h, out);
}

struct state_file {
	const struct model *m;
	const char *app;
};

static void write_state_file(FILE *f, void *ctx)
{
	const struct state_file *sf = ctx;

	model_xml_write_file(sf->m, sf->app, f);
}

/*
 * Do the models write, as a recorded state, the head's state: its checksum
 * in the head's header, and the state file unchanged? Then there is no
 * change (a state read back diffs as nothing against the model it was
 * written from), and the state is not read into a second model: the usual
 * run of `make db-migrate` holds one model, not two. On any doubt (no
 * single head, no checksum, a missing or edited file) false: the full way.
 */
static bool unchanged_since_head(const struct gen_state *s, const struct model *models)
{
	const struct migfile *head;
	struct strbuf sum = STRBUF_INIT, path = STRBUF_INIT;
	struct diag ignored = DIAG_INIT;
	char *file_sum = NULL;
	bool same = false;

	if (s->nr_heads != 1)
		return false;
	head = &s->graphs[s->primary].nodes[s->heads[0]].mf;
	if (!head->state_sum)
		return false;
	state_checksum(models, s->o->app, &sum);
	if (strcmp(sum.buf, head->state_sum) == 0) {
		state_path(s->o, head->revision, &path);
		same = sumfile_hash_file(path.buf, &file_sum, &ignored) == 0 && strcmp(file_sum, head->state_sum) == 0;
	}
	free(file_sum);
	diag_release(&ignored);
	strbuf_release(&path);
	strbuf_release(&sum);
	return same;
}

/* The state after the current head (empty model before the first migration). */
static int load_previous(struct gen_state *s, struct model *prev, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	model_init(prev);
	if (s->nr_heads == 0)
		return 0;
	if (s->nr_heads > 1) {
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < s->nr_heads; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", g->nodes[s->heads[i]].mf.revision);
		diag_error(d, "the migrations have %zu heads (%s)", s->nr_heads, list.buf);
		diag_hint(d, "join them first with mig-gen --merge");
		strbuf_release(&list);
		return -1;
	}
	return load_state(s, s->heads[0], prev, d);
}

/* The canonical document of a revision's recorded state (node -1: the empty model). */
static int state_text(const struct gen_state *s, int node, struct strbuf *out, struct diag *d)
{
	struct model m = MODEL_INIT;
	int ret = 0;

	model_init(&m);
	if (node >= 0)
		ret = load_state(s, (size_t)node, &m, d);
	if (ret == 0)
		model_xml_write(&m, s->o->app, out);
	model_release(&m);
	return ret;
}

/* A transaction=off migration: CREATE INDEX CONCURRENTLY cannot run in one. */
static bool needs_no_transaction(const char *sql)
{
	return strstr(sql, " CONCURRENTLY ") != NULL;
}

/* What --empty writes: a file still holding it was not written yet. */
#define EMPTY_UP "-- Write the up SQL of this migration here.\n"
#define EMPTY_DOWN "-- Write the SQL that undoes it here.\n"

static bool same_ignoring_blanks(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
			a++;
		while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
			b++;
		if (*a != *b)
			return false;
		if (*a) {
			a++;
			b++;
		}
	}
	return true;
}

static bool is_empty_template(const struct migfile *mf)
{
	return same_ignoring_blanks(mf->up, EMPTY_UP) && mf->down && same_ignoring_blanks(mf->down, EMPTY_DOWN);
}

/*
 * The SQL that turns state `from` into `to` in dialect dl, as mig-gen
 * writes it. Every decision is already in the states (a rename carries
 * renamed-from; a drop was made, so it is allowed). Returns 0 or -1.
 */
static int render_states(const struct dialect *dl, const struct model *from, const struct model *to, bool no_rows,
			 struct strbuf *up, struct strbuf *down, struct diag *d)
{
	struct diff df;
	struct diff_options opts = { .allow_destructive = true, .no_rows = no_rows };
	int ret = -1;

	diff_init(&df);
	if (diff_run(&df, from, to, &opts, d) == 0)
		ret = dl->render(&df, up, down, d);
	diff_release(&df);
	return ret;
}

/* text with its `-- mig:state` header set to sum (added before `-- mig:up` when absent). */
static void set_state_header(const char *text, const char *sum, struct strbuf *out)
{
	const char *p = text;
	bool done = false;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!done && strncmp(p, "-- mig:state ", 13) == 0) {
			strbuf_addf(out, "-- mig:state %s\n", sum);
			done = true;
		} else if (!done && strncmp(p, "-- mig:up", 9) == 0) {
			strbuf_addf(out, "-- mig:state %s\n", sum);
			strbuf_add(out, p, len);
			done = true;
		} else {
			strbuf_add(out, p, len);
		}
		p += len;
	}
}

/* Rewrites path's `-- mig:state` header (atomically). */
static int update_state_header(const char *path, const char *sum, struct diag *d)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&text, path) < 0) {
		strbuf_release(&text);
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	}
	set_state_header(text.buf, sum, &out);
	ret = fs_replace_file(path, out.buf, out.len, d);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}

/* Writes the state of revision rev (canonical) and sets *sum to its h1: checksum (owned). */
static int write_state(const struct gen_state *s, const char *rev, const struct model *m, char **sum,
		       struct diag *d)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, h = STRBUF_INIT;
	int ret;

	state_path(s->o, rev, &path);
	model_xml_write(m, s->o->app, &text);
	sumfile_hash(text.buf, text.len, &h);
	ret = fs_replace_file(path.buf, text.buf, text.len, d);
	*sum = strbuf_detach(&h, NULL);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* Sets every folder's file of revision rev to carry state checksum sum. */
static int update_headers(const struct gen_state *s, const char *rev, const char *sum, struct diag *d)
{
	for (size_t i = 0; i < s->nr_dialects; i++) {
		int n = graph_find(&s->graphs[i], rev);
		if (n >= 0 && update_state_header(s->graphs[i].nodes[n].mf.path, sum, d) < 0)
			return -1;
	}
	return 0;
}

static bool models_same(const struct model *a, const struct model *b, struct strbuf *why)
{
	return model_equal(a, b, why) && model_equal(b, a, why);
}

/* The state before node (the empty model for a root). */
static int parent_state(const struct gen_state *s, size_t node, struct model *m, struct diag *d)
{
	const struct graph_node *gn = &s->graphs[s->primary].nodes[node];

	model_init(m);
	if (gn->nr_parents == 0)
		return 0;
	if (gn->nr_parents > 1) {
		diag_error_at(d, gn->mf.path, 0, "a merge revision was edited: its state is the merge of its parents'");
		diag_hint(d, "write the hand-written SQL in a migration of its own (mig-gen --empty) after the merge");
		return -1;
	}
	return load_state(s, gn->parents[0], m, d);
}

/*
 * The descendants of node get the change the edit made to its state:
 * old -> new, merged into each one's recorded state (merge.h), in
 * revision order. A descendant whose state cannot take it is an error
 * naming it; nothing of it is written.
 */
static int carry_to_descendants(struct gen_state *s, size_t node, const struct model *old, const struct model *new,
				struct strbuf *out, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	const char *rev = g->nodes[node].mf.revision;
	struct strbuf base = STRBUF_INIT, mine = STRBUF_INIT;
	int ret = 0;

	model_xml_write(old, s->o->app, &base);
	model_xml_write(new, s->o->app, &mine);
	for (size_t k = 0; k < g->nr && ret == 0; k++) {
		struct strbuf theirs = STRBUF_INIT, merged = STRBUF_INIT;
		const char *heads[2], *labels[2];
		struct model_xml_reader reader = { 0 };
		struct model m = MODEL_INIT;
		char *sum = NULL;

		if (k == node || !graph_is_ancestor(g, node, k))
			continue;
		model_init(&m);
		ret = state_text(s, (int)k, &theirs, d);
		heads[0] = mine.buf;
		heads[1] = theirs.buf;
		labels[0] = rev;
		labels[1] = g->nodes[k].mf.revision;
		if (ret == 0 && model_merge(base.buf, heads, labels, 2, &merged, d) < 0)
			ret = -1;
		if (ret == 0 && model_xml_reader_init(&reader, d) == 0) {
			if (model_xml_parse(&reader, &m, labels[1], merged.buf, merged.len, d) < 0 ||
			    model_finish(&m, d) < 0)
				ret = -1;
			model_xml_reader_release(&reader);
		} else if (ret == 0) {
			ret = -1;
		}
		if (ret < 0) {
			struct strbuf msg = STRBUF_INIT;
			strbuf_addf(&msg, "the edit of %s cannot be carried to the state of the later revision %s: %s",
				    rev, labels[1], d->message ? d->message : "");
			free(d->message);
			d->message = strbuf_detach(&msg, NULL);
			free(d->hint);
			d->hint = xstrdup("make the change in a new migration after the head (mig-gen --empty), "
					  "or edit the later migrations to match and run mig-gen --rehash");
		} else if ((ret = write_state(s, labels[1], &m, &sum, d)) == 0 &&
			   (ret = update_headers(s, labels[1], sum, d)) == 0) {
			strbuf_addf(out, "%s/state/%s.xml: carried the change of %s\n", s->o->migrations, labels[1],
				    rev);
		}
		free(sum);
		model_release(&m);
		strbuf_release(&theirs);
		strbuf_release(&merged);
	}
	strbuf_release(&base);
	strbuf_release(&mine);
	return ret;
}

/*
 * Fills folder i's file of revision rev, still the --empty template, with
 * the SQL of the state change in its dialect (the other folder's file was
 * written by hand); fx names the statements that could not follow.
 */
static int fill_template(struct gen_state *s, size_t i, int n, const struct model *from, const struct model *to,
			 const char *source, const struct ddl_effect *fx, struct strbuf *out, struct diag *d)
{
	struct migfile *mf = &s->graphs[i].nodes[n].mf;
	struct strbuf up = STRBUF_INIT, down = STRBUF_INIT, head = STRBUF_INIT, text = STRBUF_INIT;
	struct migfile copy;
	int ret = -1;

	strbuf_addf(&head, "-- Written by mig-gen --rehash from the state after %s (SQL written by hand).\n", source);
	if (fx->data.len) {
		strbuf_addstr(&head, "-- Not carried over (they change rows, not the schema; write them here by hand):\n");
		for (const char *p = fx->data.buf; *p;) {
			const char *nl = strchr(p, '\n');
			strbuf_addstr(&head, "--   ");
			strbuf_add(&head, p, (size_t)(nl - p) + 1);
			if (s->o->notes)
				strbuf_addf(s->o->notes, "%s: not carried over from %.*s\n", mf->path, (int)(nl - p), p);
			p = nl + 1;
		}
	}
	strbuf_addstr(&up, head.buf);
	strbuf_addstr(&down, head.buf);
	if (render_states(s->dialects[i], from, to, false, &up, &down, d) < 0)
		goto out;
	migfile_init(&copy);
	copy = *mf;
	copy.up = up.buf;
	copy.down = down.buf;
	copy.transaction = !needs_no_transaction(up.buf) && !needs_no_transaction(down.buf);
	migfile_format(&copy, &text);
	ret = fs_replace_file(mf->path, text.buf, text.len, d);
	if (ret == 0)
		strbuf_addf(out, "%s: written from the state after %s\n", mf->path, source);
out:
	strbuf_release(&up);
	strbuf_release(&down);
	strbuf_release(&head);
	strbuf_release(&text);
	return ret;
}

/*
 * One revision whose files were edited (edited[i] for folder i): its state
 * becomes its parent's plus what its up SQL does, the same whichever
 * edited folder says it.
 */
static int record_effect(struct gen_state *s, size_t node, bool *edited, struct strbuf *out, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	const char *rev = g->nodes[node].mf.revision;
	struct model parent = MODEL_INIT, result[MAX_DIALECTS], old = MODEL_INIT;
	struct ddl_effect fx[MAX_DIALECTS];
	struct strbuf why = STRBUF_INIT;
	size_t chosen = MAX_DIALECTS;
	char *sum = NULL;
	int ret = -1;

	for (size_t i = 0; i < s->nr_dialects; i++) {
		model_init(&result[i]);
		ddl_effect_init(&fx[i]);
	}
	model_init(&old);
	{
		/* a revision with no recorded state is not mig-gen's: its sum alone is recorded */
		struct strbuf path = STRBUF_INIT;
		bool none;
		state_path(s->o, rev, &path);
		none = access(path.buf, F_OK) != 0;
		strbuf_release(&path);
		if (none) {
			ret = 0;
			goto out;
		}
	}
	if (parent_state(s, node, &parent, d) < 0 || load_state(s, node, &old, d) < 0)
		goto out;
	for (size_t i = 0; i < s->nr_dialects; i++) {
		const struct migfile *mf;
		struct dialect_script sc = { 0 };
		struct strbuf mine = STRBUF_INIT, mine_down = STRBUF_INIT;
		struct diag why_not = DIAG_INIT;
		bool as_generated;
		if (!edited[i])
			continue;
		mf = &s->graphs[i].nodes[graph_find(&s->graphs[i], rev)].mf;
		/* an up section as mig-gen writes it for the recorded states: the edit was elsewhere (the down) */
		as_generated = render_states(s->dialects[i], &parent, &old, false, &mine, &mine_down, &why_not) == 0 &&
			       same_ignoring_blanks(mine.buf, mf->up);
		strbuf_release(&mine);
		strbuf_release(&mine_down);
		diag_release(&why_not);
		if (as_generated) {
			edited[i] = false;
			continue;
		}
		if (parent_state(s, node, &result[i], d) < 0)
			goto out;
		sc.file = mf->path;
		sc.first_line = mf->up_line;
		sc.sql = mf->up;
		sc.app = s->o->app ? s->o->app : mf->app;
		sc.dir = s->dirs[i].buf;
		sc.parent = g->nodes[node].nr_parents ? g->nodes[g->nodes[node].parents[0]].mf.revision : NULL;
		/* what the up section does, as the dialect reads it (dialect.h) */
		if (s->dialects[i]->ddl_apply(&result[i], &sc, &fx[i], d) < 0)
			goto out;
		if (s->o->notes)
			strbuf_add(s->o->notes, fx[i].ignored.buf, fx[i].ignored.len);
		/* the richer dialect is the one of record: one that keeps every model feature (PostgreSQL) */
		if (chosen == MAX_DIALECTS || !s->dialects[i]->normalize_model)
			chosen = i;
	}
	if (chosen == MAX_DIALECTS) {
		ret = 0; /* no up section was edited */
		goto out;
	}
	/* both edited: both must do the same, as far as SQLite can tell */
	for (size_t i = 0; i < s->nr_dialects; i++) {
		struct model a = MODEL_INIT, b = MODEL_INIT;
		bool same;
		if (!edited[i] || i == chosen)
			continue;
		if (model_xml_copy(&result[chosen], &a, d) < 0 || model_xml_copy(&result[i], &b, d) < 0) {
			model_release(&a);
			model_release(&b);
			goto out;
		}
		/* as far as the dialects that keep less can tell */
		for (size_t k = 0; k < 2; k++) {
			const struct dialect *dl = s->dialects[k ? i : chosen];
			if (dl->normalize_model) {
				dl->normalize_model(&a);
				dl->normalize_model(&b);
			}
		}
		same = models_same(&a, &b, &why);
		model_release(&a);
		model_release(&b);
		if (!same) {
			diag_error(d, "%s and %s do not change the schema the same way: %s",
				   s->graphs[chosen].nodes[graph_find(&s->graphs[chosen], rev)].mf.path,
				   s->graphs[i].nodes[graph_find(&s->graphs[i], rev)].mf.path, why.buf);
			diag_hint(d, "make both files do the same, then run mig-gen --rehash again");
			goto out;
		}
	}
	strbuf_reset(&why);
	if (models_same(&old, &result[chosen], &why)) {
		ret = 0; /* the edit changed no schema: the state stands */
		goto out;
	}
	/* a folder whose file was not edited: the --empty template is written from the state */
	for (size_t i = 0; i < s->nr_dialects; i++) {
		int n = graph_find(&s->graphs[i], rev);
		const struct migfile *mf;
		if (n < 0 || edited[i])
			continue;
		mf = &s->graphs[i].nodes[n].mf;
		if (!is_empty_template(mf)) {
			diag_error(d, "%s changes the schema, but %s was not edited",
				   s->graphs[chosen].nodes[graph_find(&s->graphs[chosen], rev)].mf.path, mf->path);
			diag_hint(d, "make the same change there (or leave it as mig-gen --empty wrote it, and "
				  "mig-gen --rehash writes it from the state), then run mig-gen --rehash again");
			goto out;
		}
	}
	if (write_state(s, rev, &result[chosen], &sum, d) < 0)
		goto out;
	strbuf_addf(out, "%s/state/%s.xml: recorded the effect of %s (%s)\n", s->o->migrations, rev,
		    s->graphs[chosen].nodes[graph_find(&s->graphs[chosen], rev)].mf.path,
		    fx[chosen].changes.len ? fx[chosen].changes.buf : "no schema change");
	for (size_t i = 0; i < s->nr_dialects; i++) {
		int n = graph_find(&s->graphs[i], rev);
		if (n < 0 || edited[i])
			continue;
		free(s->graphs[i].nodes[n].mf.state_sum);
		s->graphs[i].nodes[n].mf.state_sum = xstrdup(sum);
		if (fill_template(s, i, n, &parent, &result[chosen],
				  s->graphs[chosen].nodes[graph_find(&s->graphs[chosen], rev)].mf.path, &fx[chosen],
				  out, d) < 0)
			goto out;
	}
	if (update_headers(s, rev, sum, d) < 0)
		goto out;
	ret = carry_to_descendants(s, node, &old, &result[chosen], out, d);
out:
	free(sum);
	for (size_t i = 0; i < s->nr_dialects; i++) {
		model_release(&result[i]);
		ddl_effect_release(&fx[i]);
	}
	model_release(&parent);
	model_release(&old);
	strbuf_release(&why);
	return ret;
}

/*
 * --rehash: first the effect of every migration edited since the sum file
 * recorded it (in revision order, each from its parent's state), then the
 * sum files.
 */
static int rehash(struct gen_state *s, struct strbuf *out, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	bool (*edited)[MAX_DIALECTS] = xcalloc(g->nr + 1, sizeof(*edited));
	size_t *order = NULL;
	int ret = -1;

	/* which files were edited: decided before anything is written (headers change files) */
	for (size_t k = 0; k < g->nr; k++) {
		for (size_t i = 0; i < s->nr_dialects; i++) {
			int n = graph_find(&s->graphs[i], g->nodes[k].mf.revision);
			struct strbuf text = STRBUF_INIT;
			const char *slash;
			if (n < 0)
				continue;
			if (strbuf_read_file(&text, s->graphs[i].nodes[n].mf.path) == 0) {
				slash = strrchr(s->graphs[i].nodes[n].mf.path, '/');
				edited[k][i] = sumfile_edited(s->dirs[i].buf, slash ? slash + 1 : s->graphs[i].nodes[n].mf.path,
							      text.buf, text.len) == 1;
			}
			strbuf_release(&text);
		}
	}
	graph_topo_order(g, &order);
	for (size_t j = 0; j < g->nr; j++) {
		bool any = false;
		for (size_t i = 0; i < s->nr_dialects; i++)
			any = any || edited[order[j]][i];
		if (any && record_effect(s, order[j], edited[order[j]], out, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		/* the folders there are (or the one --dialect names) */
		if (!s->write[i] || (!s->o->dialect && s->graphs[i].nr == 0 && access(s->dirs[i].buf, F_OK) != 0))
			continue;
		if (sumfile_write(s->dirs[i].buf, d) < 0)
			goto out;
		strbuf_addf(out, "%s/%s\n", s->dirs[i].buf, SUMFILE_NAME);
	}
	ret = GEN_WRITTEN;
out:
	free(order);
	free(edited);
	return ret;
}

static long next_number(const struct gen_state *s)
{
	char **names;
	size_t nr = 0;
	long max = 0;
	struct strbuf dir = STRBUF_INIT;

	for (size_t i = 0; i < s->nr_dialects; i++) {
		long n = graph_max_number(&s->graphs[i]);
		if (n > max)
			max = n;
	}
	/* revisions of other apps share the folders: numbers stay unique */
	strbuf_addf(&dir, "%s/state", s->o->migrations);
	nr = fs_list_dir(dir.buf, ".xml", &names);
	for (size_t i = 0; i < nr; i++) {
		long n = migfile_revision_number(names[i]);
		if (n > max)
			max = n;
	}
	fs_free_list(names, nr);
	for (size_t i = 0; i < s->nr_dialects; i++) {
		nr = fs_list_dir(s->dirs[i].buf, ".sql", &names);
		for (size_t k = 0; k < nr; k++) {
			long n = migfile_revision_number(names[k]);
			if (n > max)
				max = n;
		}
		fs_free_list(names, nr);
	}
	strbuf_release(&dir);
	return max + 1;
}

/*
 * The up and down of dialect i into up and down: 0, 1 when an optional
 * dialect cannot express the models (left out, the reason in notes), or -1
 * with d set.
 */
static int render_dialect(struct gen_state *s, size_t i, const struct diff *df, struct strbuf *up,
			  struct strbuf *down, struct diag *d)
{
	const struct gen_options *o = s->o;
	const struct diff *mine = df;
	struct diag why = DIAG_INIT;

	if (o->merge) {
		strbuf_addstr(up, "-- A merge: joins its parents, nothing to run.\n");
		strbuf_addstr(down, "-- A merge: nothing to undo.\n");
		return 0;
	}
	if (o->empty) {
		strbuf_addstr(up, EMPTY_UP);
		strbuf_addstr(down, EMPTY_DOWN);
		return 0;
	}
	if (s->dialects[i]->render(mine, up, down, s->optional[i] ? &why : d) == 0)
		return 0;
	if (!s->optional[i])
		return -1;
	if (o->notes) {
		strbuf_addf(o->notes, "%s not written: ", s->dirs[i].buf);
		if (why.file)
			strbuf_addf(o->notes, "%s:%d: ", why.file, why.line);
		strbuf_addf(o->notes, "%s (this migration is for the other dialects)\n", why.message);
	}
	diag_release(&why);
	strbuf_setlen(up, 0);
	strbuf_setlen(down, 0);
	return 1;
}

/* Appends a comment line per line of list ("--   FILE:LINE: ...") to out, and a note each. */
static void comment_lines(const struct gen_state *s, const char *list, const char *path, const char *what,
			  struct strbuf *out)
{
	for (const char *p = list; *p;) {
		const char *nl = strchr(p, '\n');
		strbuf_addf(out, "--   %.*s\n", (int)(nl - p), p);
		if (s->o->notes)
			strbuf_addf(s->o->notes, "%s: %s %.*s\n", path, what, (int)(nl - p), p);
		p = nl + 1;
	}
}

/*
 * A folder that starts late gets the whole history: a file per revision of
 * the primary folder, the same ids, parents, messages and transaction
 * flags, its SQL the change between the recorded states (merges as
 * merges). What the primary file did by hand beyond the schema (rows,
 * objects outside the model) is named in a comment and a note. Appends the
 * files to paths and texts. Returns 0; 1 when a state cannot be written
 * in the folder's dialect (a note says why; nothing appended: the folder
 * then starts with the whole schema as a root); -1 with d set.
 */
static int late_history(struct gen_state *s, size_t i, struct strbuf *paths, struct strbuf *texts, size_t *nfiles,
			struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	const struct dialect *primary_dl = s->dialects[s->primary];
	size_t *order = NULL, first = *nfiles;
	int ret = -1;

	graph_topo_order(g, &order);
	for (size_t j = 0; j < g->nr; j++) {
		const struct graph_node *node = &g->nodes[order[j]];
		struct model from = MODEL_INIT, to = MODEL_INIT;
		struct strbuf up = STRBUF_INIT, down = STRBUF_INIT, mine = STRBUF_INIT, mine_down = STRBUF_INIT;
		struct ddl_effect fx;
		struct migfile mf;
		struct diag primary_why = DIAG_INIT;
		int r = 0;

		model_init(&from);
		model_init(&to);
		ddl_effect_init(&fx);
		migfile_init(&mf);
		strbuf_addf(&up, "-- Written by mig-gen from the recorded states (%s started late; %s had this revision).\n",
			    s->dirs[i].buf, s->dirs[s->primary].buf);
		strbuf_addstr(&down, up.buf);
		if (node->nr_parents > 1) {
			strbuf_addstr(&up, "-- A merge: joins its parents, nothing to run.\n");
			strbuf_addstr(&down, "-- A merge: nothing to undo.\n");
		} else {
			r = load_state(s, order[j], &to, d);
			if (r == 0 && node->nr_parents == 1)
				r = load_state(s, node->parents[0], &from, d);
			/* what mig-gen would have written in the primary folder: anything else there is by hand */
			if (r == 0 && (render_states(primary_dl, &from, &to, true, &mine, &mine_down, &primary_why) < 0 ||
				       !same_ignoring_blanks(mine.buf, node->mf.up))) {
				struct dialect_script sc = { .file = node->mf.path, .first_line = node->mf.up_line,
							     .sql = node->mf.up };
				struct diag ignore = DIAG_INIT;
				/* as the primary folder's dialect reads it (dialect.h) */
				int listed = primary_dl->ddl_list(&from, &sc, &fx, &ignore);
				if (listed < 0)
					strbuf_addf(&fx.data, "%s:%d: a script mig cannot read\n", node->mf.path,
						    node->mf.up_line);
				diag_release(&ignore);
			}
			diag_release(&primary_why);
			if (r == 0 && (fx.data.len || fx.ignored.len)) {
				strbuf_addstr(&up, "-- Not carried over from the hand-written SQL there (write them here by hand):\n");
				comment_lines(s, fx.data.buf, s->dirs[i].buf, "not carried over:", &up);
				comment_lines(s, fx.ignored.buf, s->dirs[i].buf, "not carried over:", &up);
			}
			if (r == 0 && render_states(s->dialects[i], &from, &to, true, &up, &down, d) < 0)
				r = 1;
		}
		if (r == 0) {
			mf.revision = xstrdup(node->mf.revision);
			mf.message = xstrdup(node->mf.message);
			mf.app = xstrdup(node->mf.app);
			mf.state_sum = xstrdup(node->mf.state_sum);
			for (size_t p = 0; p < node->nr_parents; p++)
				model_names_add(&mf.parents, g->nodes[node->parents[p]].mf.revision);
			mf.transaction = node->mf.transaction && !needs_no_transaction(up.buf) &&
					 !needs_no_transaction(down.buf);
			mf.up = strbuf_detach(&up, NULL);
			mf.down = strbuf_detach(&down, NULL);
			strbuf_init(&paths[*nfiles], 0);
			strbuf_init(&texts[*nfiles], 0);
			strbuf_addf(&paths[*nfiles], "%s/%s.sql", s->dirs[i].buf, mf.revision);
			migfile_format(&mf, &texts[*nfiles]);
			(*nfiles)++;
		} else if (r > 0 && s->o->notes) {
			/* the dialect cannot express that state: the folder starts with the whole schema instead */
			strbuf_addf(s->o->notes, "%s starts at this migration with the whole schema, as a root: revision %s "
				    "cannot be written for it: ", s->dirs[i].buf, node->mf.revision);
			if (d->file)
				strbuf_addf(s->o->notes, "%s:%d: ", d->file, d->line);
			strbuf_addf(s->o->notes, "%s\n", d->message ? d->message : "");
		}
		migfile_release(&mf);
		ddl_effect_release(&fx);
		model_release(&from);
		model_release(&to);
		strbuf_release(&up);
		strbuf_release(&down);
		strbuf_release(&mine);
		strbuf_release(&mine_down);
		if (r != 0) {
			ret = r;
			goto out;
		}
	}
	ret = 0;
out:
	if (ret > 0) {
		diag_release(d);
		while (*nfiles > first) {
			(*nfiles)--;
			strbuf_release(&paths[*nfiles]);
			strbuf_release(&texts[*nfiles]);
		}
	}
	free(order);
	return ret;
}

/*
 * One migration of those mig-gen writes at once: its plan, the recorded
 * state after it, and what its message adds to the name. The online style
 * writes two (diff_online.h), the second after the first.
 */
struct gen_part {
	const struct diff *df;
	const struct model *before; /* the recorded state before it */
	const struct model *state;
	const char *message_suffix; /* "" or ", concurrently" */
};

/*
 * Is there an online form of what the rule finds (one the online plan
 * writes when nothing holds the change in the transaction)? A rewrite, a
 * drop or a rename the models decide has none.
 */
static bool has_online_form(enum lint_rule_id rule)
{
	switch (rule) {
	case LINT_INDEX_NOT_CONCURRENT:
	case LINT_DROP_INDEX_NOT_CONCURRENT:
	case LINT_FOREIGN_KEY_VALIDATES:
	case LINT_CHECK_VALIDATES:
	case LINT_UNIQUE_CONSTRAINT_BUILDS_INDEX:
	case LINT_SET_NOT_NULL_SCANS:
	case LINT_NO_LOCK_TIMEOUT:
	case LINT_CONCURRENTLY_IN_TRANSACTION:
		return true;
	default:
		return false;
	}
}

/*
 * The lint of a written file (lint.h). The online style's files lint
 * clean: a hazard the plan cannot avoid (a type change that rewrites, a
 * drop the models decide) is acknowledged in the file (`-- mig:lint-ok
 * RULE reason`) above its statement, for the review to see, and named in a
 * note. The plain style's hazards are named in one note that points to
 * --online. The online style's text is rewritten; the plain style's is
 * not, and is linted from mf, its parts as written (no second copy).
 */
static void lint_written(const struct gen_state *s, const struct dialect *dl, const struct gen_part *part,
			 const char *path, struct strbuf *text, struct migfile *mf)
{
	struct lint_options lo = { .dialect = dl, .before = part->before, .after = part->state };
	struct lint_report rep;
	struct strbuf out = STRBUF_INIT, rules = STRBUF_INIT;
	const char *p;
	bool online = part->df && part->df->online;
	struct diag bad = DIAG_INIT;
	int line = 1, count, r;

	lint_report_init(&rep);
	r = online ? lint_text(&lo, path, text->buf, text->len, &rep, &bad) : lint_migfile(&lo, path, mf, &rep, &bad);
	/* the lint's own trouble never stops the migration: a note says it */
	if (r < 0 && s->o->notes)
		strbuf_addf(s->o->notes, "%s: not linted: %s\n", path, bad.message ? bad.message : "?");
	count = lint_report_count(&rep);
	if (!count)
		goto out;
	if (!online) {
		bool seen[LINT_NR_RULES] = { false };
		/* a lock timeout alone is mig-apply --lock-timeout's to give: no note for it */
		count = 0;
		for (size_t i = 0; i < rep.nr; i++) {
			const struct lint_finding *f = &rep.findings[i];
			if (f->acknowledged || lint_rules[f->rule].severity == LINT_INFO || f->rule == LINT_NO_LOCK_TIMEOUT)
				continue;
			count++;
			if (seen[f->rule])
				continue;
			seen[f->rule] = true;
			strbuf_addf(&rules, "%s%s", rules.len ? ", " : "", lint_rules[f->rule].id);
		}
		if (count && s->o->notes)
			strbuf_addf(s->o->notes, "%s: %d lint finding%s (%s): mig-lint lists them; mig-gen --online "
				    "writes the safe forms\n", path, count, count == 1 ? "" : "s", rules.buf);
		goto out;
	}
	p = text->buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		bool first = true, kept = false;
		for (size_t i = 0; i < rep.nr; i++) {
			const struct lint_finding *f = &rep.findings[i];
			if (f->line != line || f->acknowledged || lint_rules[f->rule].severity == LINT_INFO)
				continue;
			strbuf_addstr(&out, first ? "-- mig:lint-ok " : ",");
			strbuf_addstr(&out, lint_rules[f->rule].id);
			first = false;
			kept |= has_online_form(f->rule);
			if (s->o->notes)
				strbuf_addf(s->o->notes, "%s:%d: %s, acknowledged: %s (%s)\n", path, line,
					    lint_rules[f->rule].id, f->message,
					    has_online_form(f->rule) ? "kept in the transaction; review it" :
					    "no online form; review it");
		}
		if (!first)
			strbuf_addstr(&out, kept ? " mig-gen --online kept it in the transaction (a partitioned table, a "
						   "key, or a change of the same change it depends on); review it\n"
						 : " mig-gen --online: no online form of this change; review it\n");
		strbuf_add(&out, p, len);
		p += len;
		line++;
	}
	strbuf_reset(text);
	strbuf_add(text, out.buf, out.len);
out:
	lint_report_release(&rep);
	diag_release(&bad);
	strbuf_release(&out);
	strbuf_release(&rules);
}

static void write_migfile(FILE *f, void *ctx)
{
	migfile_format_file(ctx, f);
}

/*
 * Writes a migration to batch, linted (lint_written()) when part is given.
 * The online style's text is linted, rewritten and written; the plain
 * style's file is written from mf, piece by piece, and linted from mf:
 * the migration is held once, never as a text beside its parts. mf is
 * released.
 */
static int add_migration(const struct gen_state *s, const struct dialect *dl, const struct gen_part *part,
			 const char *path, struct migfile *mf, struct fs_batch *batch, struct diag *d)
{
	int r;

	if (part && part->df && part->df->online) {
		struct strbuf text = STRBUF_INIT;

		strbuf_grow(&text, strlen(mf->up) + (mf->down ? strlen(mf->down) : 0) + 1024);
		migfile_format(mf, &text);
		migfile_release(mf); /* the text holds it all: not kept while the lint parses */
		lint_written(s, dl, part, path, &text, NULL);
		r = fs_batch_add(batch, path, text.buf, text.len, d);
		strbuf_release(&text);
		return r;
	}
	r = fs_batch_add_stream(batch, path, write_migfile, mf, d);
	if (r == 0 && part) {
		migfile_number_lines(mf);
		lint_written(s, dl, part, path, NULL, mf);
	}
	migfile_release(mf);
	return r;
}

static int write_migration(struct gen_state *s, const struct gen_part *parts, size_t nr_parts,
			   const char *default_name, struct strbuf *out, struct diag *d)
{
	const struct gen_options *o = s->o;
	struct strbuf rev = STRBUF_INIT, ts = STRBUF_INIT, msg = STRBUF_INIT, state = STRBUF_INIT;
	struct strbuf part_msg = STRBUF_INIT, prev_rev = STRBUF_INIT;
	size_t cap = nr_parts * (MAX_DIALECTS + 1) + s->nr_dialects * s->graphs[s->primary].nr;
	/* texts: late_history()'s, each added to the batch and freed when it returns */
	struct strbuf *paths = xcalloc(cap, sizeof(*paths)), *texts = xcalloc(cap, sizeof(*texts));
	size_t nfiles = 0, nr_written = 0;
	/* each file is written to its temporary name as soon as it is ready (one text held at a time) */
	struct fs_batch batch = FS_BATCH_INIT;
	size_t *written = xcalloc(nr_parts * MAX_DIALECTS + 1, sizeof(*written));
	char **written_names = xcalloc(nr_parts * MAX_DIALECTS + 1, sizeof(char *));
	bool whole[MAX_DIALECTS] = { false };
	struct model nothing = MODEL_INIT;
	struct diff from_nothing;
	long number = next_number(s);
	int ret = -1, r;

	model_init(&nothing);
	diff_init(&from_nothing);
	if (revision_time(o, &ts, d) < 0)
		goto out;
	migfile_clean_message(o->name && *o->name ? o->name : default_name, &msg);

	/* a folder that starts now gets the history first, then this migration as in any folder */
	for (size_t i = 0; i < s->nr_dialects; i++) {
		size_t before = nfiles;

		if (!s->write[i] || !s->late[i])
			continue;
		int late = late_history(s, i, paths, texts, &nfiles, d);

		if (late < 0)
			goto out;
		for (size_t k = before; k < nfiles; k++) {
			r = fs_batch_add(&batch, paths[k].buf, texts[k].buf, texts[k].len, d);
			strbuf_release(&texts[k]);
			if (r < 0)
				goto out;
		}
		s->late[i] = late > 0;
		whole[i] = true;
	}
	for (size_t p = 0; p < nr_parts; p++) {
		const struct diff *df = parts[p].df;
		size_t written_now = 0;

		strbuf_reset(&part_msg);
		strbuf_addf(&part_msg, "%s%s", msg.buf, parts[p].message_suffix);
		strbuf_reset(&rev);
		strbuf_addf(&rev, "%04ld_%s_", number + (long)p, ts.buf);
		migfile_slugify(part_msg.buf, &rev);

		/*
		 * the recorded state after this revision; each migration carries its
		 * checksum. Its text is hashed and written piece by piece, never held
		 * whole (it is as large as the migration).
		 */
		strbuf_reset(&state);
		state_checksum(parts[p].state, o->app, &state);

		for (size_t i = 0; i < s->nr_dialects; i++) {
			struct migfile mf;
			struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
			/* a late folder whose history its dialect cannot hold: the whole schema, from nothing, as a root */
			bool root = s->late[i] && p == 0;

			if (!s->write[i])
				continue;
			if (root && (o->merge || o->empty))
				continue;
			if (root && from_nothing.nr == 0) {
				struct diff_options all = { 0 };
				if (diff_run(&from_nothing, &nothing, parts[0].state, &all, d) < 0)
					goto out;
			}
			r = render_dialect(s, i, root ? &from_nothing : df, &up, &down, d);
			if (r != 0) {
				strbuf_release(&up);
				strbuf_release(&down);
				if (r < 0)
					goto out;
				continue;
			}
			migfile_init(&mf);
			mf.revision = xstrdup(rev.buf);
			mf.message = xstrdup(part_msg.buf);
			mf.app = xstrdup(o->app);
			mf.state_sum = xstrdup(state.buf);
			if (p > 0)
				model_names_add(&mf.parents, prev_rev.buf);
			for (size_t h = 0; h < s->nr_heads && !root && p == 0; h++)
				model_names_add(&mf.parents, s->graphs[s->primary].nodes[s->heads[h]].mf.revision);
			mf.transaction = !needs_no_transaction(up.buf) && !needs_no_transaction(down.buf) &&
					 !(df && df->concurrent && !root && s->dialects[i]->concurrent_outside_transaction);
			mf.up = strbuf_detach(&up, NULL);
			mf.down = strbuf_detach(&down, NULL);
			strbuf_init(&paths[nfiles], 0);
			strbuf_addf(&paths[nfiles], "%s/%s.sql", s->dirs[i].buf, rev.buf);
			if (add_migration(s, s->dialects[i], df && !root ? &parts[p] : NULL, paths[nfiles].buf, &mf,
					  &batch, d) < 0) {
				strbuf_release(&paths[nfiles]);
				goto out;
			}
			nfiles++;
			written[nr_written] = i;
			{
				struct strbuf name = STRBUF_INIT;
				strbuf_addf(&name, "%s.sql", rev.buf);
				written_names[nr_written++] = strbuf_detach(&name, NULL);
			}
			written_now++;
		}
		if (!written_now) {
			diag_error(d, "no dialect folder to write the migration to");
			goto out;
		}
		strbuf_init(&paths[nfiles], 0);
		state_path(o, rev.buf, &paths[nfiles]);
		nfiles++; /* its path is released with the others on failure */
		if (fs_batch_add_stream(&batch, paths[nfiles - 1].buf, write_state_file,
					&(struct state_file){ parts[p].state, o->app }, d) < 0)
			goto out;
		strbuf_reset(&prev_rev);
		strbuf_add(&prev_rev, rev.buf, rev.len);
	}

	if (fs_batch_commit(&batch, d) < 0)
		goto out;
	for (size_t k = 0; k < nr_written; k++) {
		const char *name = written_names[k];
		/* the folder was verified before: only the new files need hashing (a new folder: all) */
		r = whole[written[k]] ? sumfile_write(s->dirs[written[k]].buf, d)
				      : sumfile_add(s->dirs[written[k]].buf, &name, 1, d);
		if (r < 0)
			goto out;
	}
	for (size_t i = 0; i < nfiles; i++)
		strbuf_addf(out, "%s\n", paths[i].buf);
	ret = GEN_WRITTEN;
out:
	fs_batch_release(&batch);
	for (size_t i = 0; i < nfiles; i++) {
		strbuf_release(&paths[i]);
		strbuf_release(&texts[i]);
	}
	for (size_t k = 0; k < nr_written; k++)
		free(written_names[k]);
	free(written_names);
	free(written);
	free(paths);
	free(texts);
	diff_release(&from_nothing);
	model_release(&nothing);
	strbuf_release(&rev);
	strbuf_release(&ts);
	strbuf_release(&msg);
	strbuf_release(&part_msg);
	strbuf_release(&prev_rev);
	strbuf_release(&state);
	return ret;
}

/*
 * --merge: a revision whose parents are the current heads, with no SQL,
 * recording the merge of the branches' states (merge.h).
 */
static int merge_heads(struct gen_state *s, struct strbuf *out, struct diag *d)
{
	const struct graph *g = &s->graphs[s->primary];
	struct strbuf base = STRBUF_INIT, merged = STRBUF_INIT, label = STRBUF_INIT;
	struct strbuf *texts = xcalloc(s->nr_heads + 1, sizeof(*texts));
	const char **textv = xcalloc(s->nr_heads + 1, sizeof(char *));
	const char **labels = xcalloc(s->nr_heads + 1, sizeof(char *));
	struct model_xml_reader reader = { 0 };
	struct model m = MODEL_INIT;
	int base_node, ret = -1;
	bool reader_ready = false;

	model_init(&m);
	if (s->nr_heads < 2) {
		if (s->nr_heads == 1)
			strbuf_addf(out, "nothing to merge: one head (%s)\n", g->nodes[s->heads[0]].mf.revision);
		else
			strbuf_addstr(out, "nothing to merge: no migrations\n");
		ret = GEN_NO_CHANGES;
		goto out;
	}
	/* a folder that started on one branch lacks the other's revisions: a merge cannot join them */
	for (size_t i = 0; i < s->nr_dialects; i++) {
		for (size_t h = 0; s->write[i] && s->graphs[i].nr && h < s->nr_heads; h++) {
			const char *rev = g->nodes[s->heads[h]].mf.revision;
			if (graph_find(&s->graphs[i], rev) >= 0)
				continue;
			diag_error(d, "head %s is not in %s: that folder started on another branch", rev, s->dirs[i].buf);
			diag_hint(d, "start it on one line of history: remove its migrations (and mig.sum), merge, then "
				  "configure its database and run mig-gen at the next change");
			ret = -1;
			goto out;
		}
	}
	base_node = graph_merge_base(g, s->heads, s->nr_heads);
	if (state_text(s, base_node, &base, d) < 0)
		goto out;
	for (size_t i = 0; i < s->nr_heads; i++) {
		strbuf_init(&texts[i], 0);
		labels[i] = g->nodes[s->heads[i]].mf.revision;
		if (state_text(s, (int)s->heads[i], &texts[i], d) < 0)
			goto out;
		textv[i] = texts[i].buf;
		strbuf_addf(&label, "%s%s", i ? ", " : "", labels[i]);
	}
	if (model_merge(base.buf, textv, labels, s->nr_heads, &merged, d) < 0) {
		diag_hint(d, "the branches cannot both run as they are: delete the migration of one branch "
			  "(and its recorded state) and generate it again on top of the other head");
		goto out;
	}
	if (model_xml_reader_init(&reader, d) < 0)
		goto out;
	reader_ready = true;
	if (model_xml_parse(&reader, &m, label.buf, merged.buf, merged.len, d) < 0 ||
	    model_finish(&m, d) < 0) {
		diag_hint(d, "each branch is valid on its own, but not together; delete the migration of one "
			  "branch (and its recorded state) and generate it again on top of the other head");
		goto out;
	}
	ret = write_migration(s, &(struct gen_part){ NULL, NULL, &m, "" }, 1, "merge", out, d);
out:
	if (reader_ready)
		model_xml_reader_release(&reader);
	model_release(&m);
	for (size_t i = 0; i < s->nr_heads; i++)
		strbuf_release(&texts[i]);
	free(texts);
	free(textv);
	free(labels);
	strbuf_release(&base);
	strbuf_release(&merged);
	strbuf_release(&label);
	return ret;
}

/*
 * The tables and enums that rec (the recorded head of chain `in`, file
 * state) holds but the models put in another chain (only: in that chain
 * alone) make an error naming them.
 */
static int misplaced(const struct gen_state *s, const struct model *rec, const char *in, const char *only,
		     const char *state, struct diag *d)
{
	struct strbuf names = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	const char *other = NULL;

	for (size_t i = 0; i < rec->nr_tables + rec->nr_enums; i++) {
		const char *schema, *name, *app, *c;
		if (i < rec->nr_tables) {
			const struct model_table *t = model_find_table(s->all, rec->tables[i]->schema,
									rec->tables[i]->name);
			schema = rec->tables[i]->schema;
			name = rec->tables[i]->name;
			app = t ? t->app : NULL;
		} else {
			const struct model_enum *re = &rec->enums[i - rec->nr_tables];
			const struct model_enum *e = model_find_enum(s->all, re->schema, re->name);
			schema = re->schema;
			name = re->name;
			app = e ? e->app : NULL;
		}
		if (!app)
			continue;
		c = chain_of_app(s->owners, app);
		if (strcmp(c, in) == 0 || (only && strcmp(c, only) != 0) || (other && strcmp(c, other) != 0))
			continue;
		other = c;
		strbuf_addf(&names, "%s\"%s%s%s\"", names.len ? ", " : "", schema, schema[0] ? "." : "", name);
	}
	if (!other)
		return 0;
	chain_describe(other, &a);
	chain_describe(in, &b);
	diag_error_at(d, state, 0, "tables of %s are recorded in %s: %s", a.buf, b.buf, names.buf);
	diag_hint(d, "mig-gen never moves tables between chains: keep them in %s (%s), or move them deliberately "
		  "(README, \"An app is one thing\")", b.buf, in[0] ? "mig-gen --app" : "mig-gen without --app");
	strbuf_release(&names);
	strbuf_release(&a);
	strbuf_release(&b);
	return -1;
}

/*
 * A table lives in one chain and never moves silently (chain.h): this
 * chain's recorded head (prev) holds no other chain's table, and an app's
 * first migration finds none of its tables recorded in the default chain.
 */
static int check_recorded(const struct gen_state *s, const struct model *prev, struct diag *d)
{
	const char *chain = s->o->app ? s->o->app : "";
	struct gen_options dopt = *s->o;
	struct gen_state ds = { .o = &dopt };
	struct strbuf path = STRBUF_INIT;
	struct model def = MODEL_INIT;
	int ret = 0;

	model_init(&def);
	if (s->nr_heads == 1) {
		state_path(s->o, s->graphs[s->primary].nodes[s->heads[0]].mf.revision, &path);
		ret = misplaced(s, prev, chain, NULL, path.buf, d);
	}
	if (ret == 0 && chain[0] && s->graphs[s->primary].nr == 0) {
		dopt.app = NULL;
		if (load_graphs(&ds, d) < 0 || load_previous(&ds, &def, d) < 0) {
			ret = -1;
		} else if (ds.nr_heads == 1) {
			strbuf_reset(&path);
			state_path(s->o, ds.graphs[ds.primary].nodes[ds.heads[0]].mf.revision, &path);
			ret = misplaced(s, &def, "", chain, path.buf, d);
		}
		release_state(&ds);
	}
	model_release(&def);
	strbuf_release(&path);
	return ret;
}

/* mig-gen for one chain (o->app's, NULL: the default one). */
/*
 * The migration of df (prev -> models); with --online in the online style:
 * a second migration, outside a transaction, makes what diff_online moves,
 * after a first that makes the rest and stops at the state in between.
 */
static int write_online(struct gen_state *s, struct diff *df, const struct model *prev, const struct model *models,
			const char *default_name, struct strbuf *out, struct diag *d)
{
	const struct gen_options *o = s->o;
	struct model middle = MODEL_INIT;
	struct diff first, second;
	struct diff_options later = o->diff;
	struct strbuf why = STRBUF_INIT;
	int ret = -1, split;

	if (!o->online)
		return write_migration(s, &(struct gen_part){ df, prev, models, "" }, 1, default_name, out, d);
	diff_init(&first);
	diff_init(&second);
	/* a project whose databases have no concurrent DDL (SQLite only) gains nothing from a split */
	split = 0;
	for (size_t i = 0; i < s->nr_dialects; i++)
		if (s->write[i] && s->dialects[i]->concurrent_outside_transaction)
			split = 1;
	if (split)
		split = diff_online_split(df, prev, models, &middle, &why, d);
	if (why.len && o->notes)
		strbuf_add(o->notes, why.buf, why.len);
	if (split < 0)
		goto out;
	if (split == 0) {
		df->online = true;
		ret = write_migration(s, &(struct gen_part){ df, prev, models, "" }, 1, default_name, out, d);
		goto out;
	}
	/* the renames happen in the first: the state in between has the new names */
	later.renames = NULL;
	later.nr_renames = 0;
	if (diff_run(&first, prev, &middle, &o->diff, d) < 0 || diff_run(&second, &middle, models, &later, d) < 0)
		goto out;
	first.online = true;
	second.online = second.concurrent = true;
	{
		const struct gen_part parts[] = { { &first, prev, &middle, "" },
						  { &second, &middle, models, ", concurrently" } };
		/* nothing left for the first (only what moves changed): the second alone */
		ret = first.nr ? write_migration(s, parts, 2, default_name, out, d)
			       : write_migration(s, parts + 1, 1, default_name, out, d);
	}
out:
	diff_release(&first);
	diff_release(&second);
	model_release(&middle);
	strbuf_release(&why);
	return ret;
}

static int run_chain(const struct gen_options *o, const struct model_names *owners, const struct model *all,
		     struct strbuf *out, struct diag *d)
{
	struct gen_state s = { .o = o, .owners = owners, .all = all };
	struct model models = MODEL_INIT, prev = MODEL_INIT;
	struct diff df;
	int ret = -1;

	model_init(&models);
	model_init(&prev);
	diff_init(&df);
	if (load_graphs(&s, d) < 0)
		goto out;
	if (o->rehash) {
		ret = rehash(&s, out, d);
		goto out;
	}
	if (o->merge) {
		ret = merge_heads(&s, out, d);
		goto out;
	}
	/* an app's name given on the command line must be in the models; a chain's need not be */
	if (model_xml_load_dir(&models, o->models, all ? NULL : o->app, d) < 0)
		goto out;
	if (all)
		chain_retain(&models, owners, o->app);
	if (!o->empty && unchanged_since_head(&s, &models)) {
		strbuf_addstr(out, "no changes\n");
		ret = GEN_NO_CHANGES;
		goto out;
	}
	if (load_previous(&s, &prev, d) < 0)
		goto out;
	if (all && check_recorded(&s, &prev, d) < 0)
		goto out;
	if (o->empty) {
		/* hand-written SQL: the recorded state stays what it was */
		ret = write_migration(&s, &(struct gen_part){ &df, &prev, &prev, "" }, 1, "migration", out, d);
		goto out;
	}
	if (o->check) {
		/* listing changes needs no decisions: a drop is listed as a drop */
		struct diff_options listing = o->diff;
		listing.allow_destructive = true;
		listing.confirm = NULL;
		listing.ask_value = NULL;
		if (diff_run(&df, &prev, &models, &listing, d) < 0)
			goto out;
	} else if (diff_run(&df, &prev, &models, &o->diff, d) < 0) {
		goto out;
	}
	if (df.nr == 0) {
		strbuf_addstr(out, "no changes\n");
		ret = GEN_NO_CHANGES;
		goto out;
	}
	if (o->check) {
		for (size_t i = 0; i < df.nr; i++) {
			diff_describe(&df.ops[i], out);
			strbuf_addch(out, '\n');
		}
		ret = GEN_PENDING;
		goto out;
	}
	ret = write_online(&s, &df, &prev, &models, s.nr_heads ? "update" : "init", out, d);
out:
	diff_release(&df);
	model_release(&models);
	model_release(&prev);
	release_state(&s);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The apps that own a chain in the folders mig-gen reads. */
static int load_owners(const struct gen_options *o, struct model_names *owners, struct diag *d)
{
	struct strbuf dir = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; dialect_all[i] && ret == 0; i++) {
		if (o->dialect && strcmp(o->dialect, dialect_all[i]->name) != 0)
			continue;
		strbuf_reset(&dir);
		dialect_dir(o, dialect_all[i]->name, &dir);
		ret = chain_owners(dir.buf, owners, d);
	}
	strbuf_release(&dir);
	return ret;
}

/*
 * Every chain (chain.h): --app's alone (a new one when the app has none
 * yet); without --app the default chain, then each app's chain, each
 * getting its own migration when its models changed.
 */
static int run_chains(const struct gen_options *o, struct strbuf *out, struct diag *d)
{
	struct model_names owners = { 0 }, chains = { 0 };
	struct model all = MODEL_INIT;
	struct strbuf one = STRBUF_INIT;
	int ret = -1;
	bool written = false, pending = false;

	model_init(&all);
	if (o->rehash)
		return run_chain(o, NULL, NULL, out, d);
	if (load_owners(o, &owners, d) < 0)
		goto out;
	/* an app on a database of its own has a chain of its own (chain.h) */
	if (!o->merge && chain_database_owners(o->models, &owners, d) < 0)
		goto out;
	/* --app for an app with no chain yet: its first migration starts one */
	if (o->app && model_names_find(&owners, o->app) < 0)
		model_names_add(&owners, o->app);
	if (!owners.nr) {
		/* one chain, the default one: every app's objects */
		ret = run_chain(o, NULL, NULL, out, d);
		goto out;
	}
	if (owners.nr)
		qsort(owners.items, owners.nr, sizeof(*owners.items), cmp_names);
	/* a merge joins recorded states: it needs no models */
	if (!o->merge && model_xml_load_dir(&all, o->models, NULL, d) < 0)
		goto out;
	if (o->app && !o->merge && !model_has_app(&all, o->app)) {
		struct strbuf apps = STRBUF_INIT;
		model_list_apps(&all, &apps);
		diag_error_at(d, o->models, 0, "no model file has app \"%s\"", o->app);
		if (apps.len)
			diag_hint(d, "the apps are: %s", apps.buf);
		strbuf_release(&apps);
		goto out;
	}
	if (chain_check_refs(&all, &owners, d) < 0)
		goto out;
	if (o->app) {
		ret = run_chain(o, &owners, &all, out, d);
		goto out;
	}
	model_names_add(&chains, "");
	for (size_t i = 0; i < owners.nr; i++)
		model_names_add(&chains, owners.items[i]);
	/* an empty migration is the default chain's (--app says which otherwise) */
	for (size_t i = 0; i < (o->empty ? 1 : chains.nr); i++) {
		struct gen_options co = *o;
		int r;
		co.app = chains.items[i][0] ? chains.items[i] : NULL;
		strbuf_reset(&one);
		r = run_chain(&co, &owners, &all, &one, d);
		if (r < 0)
			goto out;
		written = written || r == GEN_WRITTEN;
		pending = pending || r == GEN_PENDING;
		if (r == GEN_NO_CHANGES && !o->merge)
			continue;
		for (const char *line = one.buf; *line;) {
			size_t len = strcspn(line, "\n");
			/* --check: each change with its chain */
			if (r == GEN_PENDING && co.app)
				strbuf_addf(out, "app %s: ", co.app);
			strbuf_add(out, line, len);
			strbuf_addch(out, '\n');
			line += len + (line[len] == '\n');
		}
	}
	if (!written && !pending && !o->merge)
		strbuf_addstr(out, "no changes\n");
	ret = pending ? GEN_PENDING : written ? GEN_WRITTEN : GEN_NO_CHANGES;
out:
	model_release(&all);
	model_names_release(&owners);
	model_names_release(&chains);
	strbuf_release(&one);
	return ret;
}

enum gen_result gen_run(const struct gen_options *o, struct strbuf *out, struct diag *d)
{
	struct gen_options co = *o;
	struct strbuf notes = STRBUF_INIT;
	int r;

	co.notes = &notes;
	r = run_chains(&co, out, d);
	diag_add_lines(d, DIAG_NOTE, notes.buf);
	strbuf_release(&notes);
	return r < 0 ? GEN_BAD_INPUT : (enum gen_result)r;
}

int gen_check_timestamp(const char *arg, struct diag *d)
{
	size_t len = strlen(arg);

	if (len == 14 && strspn(arg, "0123456789") == len)
		return 0;
	diag_error(d, "--timestamp: \"%s\" is invalid", arg);
	diag_hint(d, "write YYYYMMDDHHMMSS, e.g. 20260101120000");
	return -1;
}

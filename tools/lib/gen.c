#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain.h"
#include "dialect_pg.h"
#include "dialect_sqlite.h"
#include "diag.h"
#include "fsutil.h"
#include "graph.h"
#include "merge.h"
#include "migfile.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "sumfile.h"
#include "xalloc.h"
#include "banned.h"

const char *const gen_dialects[] = { "pgsql", "sqlite", NULL };

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
	const char *dialects[MAX_DIALECTS];
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

/* Loads every dialect's folder and decides which get the migration. */
static int load_graphs(struct gen_state *s, struct diag *d)
{
	const struct gen_options *o = s->o;

	/* --dialect: that folder alone, as if it were the only one (its own chain) */
	if (o->dialect) {
		s->dialects[s->nr_dialects++] = o->dialect;
	} else {
		for (size_t i = 0; gen_dialects[i]; i++)
			s->dialects[s->nr_dialects++] = gen_dialects[i];
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		strbuf_init(&s->dirs[i], 0);
		graph_init(&s->graphs[i]);
	}
	for (size_t i = 0; i < s->nr_dialects; i++) {
		dialect_dir(o, s->dialects[i], &s->dirs[i]);
		if (!o->rehash && sumfile_verify(s->dirs[i].buf, d) < 0)
			return -1;
		if (graph_load(&s->graphs[i], s->dirs[i].buf, o->app, d) < 0)
			return -1;
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
	for (size_t i = 0; i < s->nr_dialects; i++) {
		const char *dl = s->dialects[i];
		bool has = s->graphs[i].nr > 0, url = o->url_dialect && strcmp(o->url_dialect, dl) == 0;
		if (o->dialect)
			s->write[i] = strcmp(o->dialect, dl) == 0;
		else
			s->write[i] = has || url || (!o->url_dialect && !any);
		s->optional[i] = !o->dialect && !has && !url;
		s->late[i] = !has && s->graphs[s->primary].nr > 0;
		if (has && i != s->primary && check_same_revisions(s, i, d) < 0)
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

static int rehash(struct gen_state *s, struct strbuf *out, struct diag *d)
{
	for (size_t i = 0; i < s->nr_dialects; i++) {
		/* the folders there are (or the one --dialect names) */
		if (!s->write[i] || (!s->o->dialect && s->graphs[i].nr == 0 && access(s->dirs[i].buf, F_OK) != 0))
			continue;
		if (sumfile_write(s->dirs[i].buf, d) < 0)
			return -1;
		strbuf_addf(out, "%s/%s\n", s->dirs[i].buf, SUMFILE_NAME);
	}
	return GEN_WRITTEN;
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

/* A transaction=off migration: CREATE INDEX CONCURRENTLY cannot run in one. */
static bool needs_no_transaction(const char *sql)
{
	return strstr(sql, " CONCURRENTLY ") != NULL;
}

/*
 * The up and down of dialect i into up and down: 0, 1 when an optional
 * dialect cannot express the models (left out, the reason in notes), or -1
 * with d set.
 */
static int render_dialect(struct gen_state *s, size_t i, const struct diff *df, const struct diff *from_nothing,
			  struct pg_dialect *pg, struct strbuf *up, struct strbuf *down, struct diag *d)
{
	const struct gen_options *o = s->o;
	const struct diff *mine = s->late[i] ? from_nothing : df;
	struct diag why = DIAG_INIT;

	if (o->merge) {
		strbuf_addstr(up, "-- A merge: joins its parents, nothing to run.\n");
		strbuf_addstr(down, "-- A merge: nothing to undo.\n");
		return 0;
	}
	if (o->empty) {
		strbuf_addstr(up, "-- Write the up SQL of this migration here.\n");
		strbuf_addstr(down, "-- Write the SQL that undoes it here.\n");
		return 0;
	}
	if (strcmp(s->dialects[i], "pgsql") == 0) {
		pg_render_migration(pg, mine, up, down);
		return 0;
	}
	if (sqlite_render_migration(mine, up, down, s->optional[i] ? &why : d) == 0)
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

static int write_migration(struct gen_state *s, const struct diff *df, const struct model *models,
			   const char *default_name, struct strbuf *out, struct diag *d)
{
	const struct gen_options *o = s->o;
	struct strbuf rev = STRBUF_INIT, ts = STRBUF_INIT, msg = STRBUF_INIT, state = STRBUF_INIT;
	struct strbuf state_text = STRBUF_INIT;
	struct strbuf paths[MAX_DIALECTS + 1], texts[MAX_DIALECTS + 1];
	const char *pathv[MAX_DIALECTS + 1], *textv[MAX_DIALECTS + 1];
	size_t lenv[MAX_DIALECTS + 1], nfiles = 0, written[MAX_DIALECTS], nr_written = 0;
	struct model nothing = MODEL_INIT;
	struct diff from_nothing;
	struct pg_dialect pg;
	int ret = -1;

	model_init(&nothing);
	diff_init(&from_nothing);
	pg_dialect_init(&pg);
	if (revision_time(o, &ts, d) < 0)
		goto out;
	migfile_clean_message(o->name && *o->name ? o->name : default_name, &msg);
	strbuf_addf(&rev, "%04ld_%s_", next_number(s), ts.buf);
	migfile_slugify(msg.buf, &rev);

	/* the recorded state after this revision; each migration carries its checksum */
	model_xml_write(models, o->app, &state_text);
	sumfile_hash(state_text.buf, state_text.len, &state);

	for (size_t i = 0; i < s->nr_dialects; i++) {
		struct migfile mf;
		struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
		int r;

		if (!s->write[i])
			continue;
		/* a folder that starts now begins with the whole schema; a merge or an empty one would lack it */
		if (s->late[i] && (o->merge || o->empty))
			continue;
		if (s->late[i] && !o->merge && !o->empty && from_nothing.nr == 0 && df && df->nr > 0) {
			/* from nothing there is nothing to rename, fill or lose */
			struct diff_options all = { 0 };
			if (diff_compute(&from_nothing, &nothing, models, &all, d) < 0)
				goto out;
		}
		r = render_dialect(s, i, df, &from_nothing, &pg, &up, &down, d);
		if (r != 0) {
			strbuf_release(&up);
			strbuf_release(&down);
			if (r < 0)
				goto out;
			continue;
		}
		migfile_init(&mf);
		mf.revision = xstrdup(rev.buf);
		mf.message = xstrdup(msg.buf);
		mf.app = xstrdup(o->app);
		mf.state_sum = xstrdup(state.buf);
		for (size_t h = 0; h < s->nr_heads && !s->late[i]; h++)
			model_names_add(&mf.parents, s->graphs[s->primary].nodes[s->heads[h]].mf.revision);
		mf.transaction = !needs_no_transaction(up.buf) && !needs_no_transaction(down.buf);
		mf.up = strbuf_detach(&up, NULL);
		mf.down = strbuf_detach(&down, NULL);
		strbuf_init(&paths[nfiles], 0);
		strbuf_init(&texts[nfiles], 0);
		strbuf_addf(&paths[nfiles], "%s/%s.sql", s->dirs[i].buf, rev.buf);
		migfile_format(&mf, &texts[nfiles]);
		nfiles++;
		written[nr_written++] = i;
		migfile_release(&mf);
	}
	if (!nr_written) {
		diag_error(d, "no dialect folder to write the migration to");
		goto out;
	}

	strbuf_init(&paths[nfiles], 0);
	strbuf_init(&texts[nfiles], 0);
	state_path(o, rev.buf, &paths[nfiles]);
	strbuf_add(&texts[nfiles], state_text.buf, state_text.len);
	nfiles++;

	for (size_t i = 0; i < nfiles; i++) {
		pathv[i] = paths[i].buf;
		textv[i] = texts[i].buf;
		lenv[i] = texts[i].len;
	}
	if (fs_create_files(pathv, textv, lenv, nfiles, d) < 0)
		goto out;
	for (size_t k = 0; k < nr_written; k++) {
		struct strbuf file = STRBUF_INIT;
		const char *name;
		int r;
		strbuf_addf(&file, "%s.sql", rev.buf);
		name = file.buf;
		/* the folder was verified before: only the new file needs hashing */
		r = sumfile_add(s->dirs[written[k]].buf, &name, 1, d);
		strbuf_release(&file);
		if (r < 0)
			goto out;
	}
	for (size_t i = 0; i < nfiles; i++)
		strbuf_addf(out, "%s\n", pathv[i]);
	ret = GEN_WRITTEN;
out:
	for (size_t i = 0; i < nfiles; i++) {
		strbuf_release(&paths[i]);
		strbuf_release(&texts[i]);
	}
	pg_dialect_release(&pg);
	diff_release(&from_nothing);
	model_release(&nothing);
	strbuf_release(&rev);
	strbuf_release(&ts);
	strbuf_release(&msg);
	strbuf_release(&state);
	strbuf_release(&state_text);
	return ret;
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
	ret = write_migration(s, NULL, &m, "merge", out, d);
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
	if (load_previous(&s, &prev, d) < 0)
		goto out;
	if (all && check_recorded(&s, &prev, d) < 0)
		goto out;
	if (o->empty) {
		/* hand-written SQL: the recorded state stays what it was */
		ret = write_migration(&s, &df, &prev, "migration", out, d);
		goto out;
	}
	if (o->check) {
		/* listing changes needs no decisions: a drop is listed as a drop */
		struct diff_options listing = o->diff;
		listing.allow_destructive = true;
		listing.confirm = NULL;
		listing.ask_value = NULL;
		if (diff_compute(&df, &prev, &models, &listing, d) < 0)
			goto out;
	} else if (diff_compute(&df, &prev, &models, &o->diff, d) < 0) {
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
	ret = write_migration(&s, &df, &models, s.nr_heads ? "update" : "init", out, d);
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

	for (size_t i = 0; gen_dialects[i] && ret == 0; i++) {
		if (o->dialect && strcmp(o->dialect, gen_dialects[i]) != 0)
			continue;
		strbuf_reset(&dir);
		dialect_dir(o, gen_dialects[i], &dir);
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
int gen_run(const struct gen_options *o, struct strbuf *out, struct diag *d)
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
	/* --app for an app with no chain yet: its first migration starts one */
	if (o->app && model_names_find(&owners, o->app) < 0)
		model_names_add(&owners, o->app);
	if (!owners.nr) {
		/* one chain, the default one: every app's objects */
		ret = run_chain(o, NULL, NULL, out, d);
		goto out;
	}
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

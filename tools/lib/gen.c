#include "gen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

struct gen_state {
	const struct gen_options *o;
	const char *dialects[MAX_DIALECTS];
	size_t nr_dialects;
	struct graph graphs[MAX_DIALECTS];
	struct strbuf dirs[MAX_DIALECTS];
	size_t *heads;
	size_t nr_heads;
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

/* Loads each dialect's folder; they must hold the same revisions. */
static int load_graphs(struct gen_state *s, struct diag *d)
{
	const struct gen_options *o = s->o;

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
	/*
	 * Without --dialect: the dialects the project has migrations for (a
	 * folder that started later would lack the first migrations' tables);
	 * for a new project, the configured database's, else every dialect.
	 */
	if (!o->dialect) {
		size_t kept = 0;
		bool any = false;
		for (size_t i = 0; i < s->nr_dialects; i++)
			any = any || s->graphs[i].nr > 0;
		for (size_t i = 0; i < s->nr_dialects; i++) {
			bool keep = any ? s->graphs[i].nr > 0 :
				    !o->url_dialect || strcmp(o->url_dialect, s->dialects[i]) == 0;
			if (!keep) {
				graph_release(&s->graphs[i]);
				strbuf_release(&s->dirs[i]);
				continue;
			}
			if (kept != i) {
				s->dialects[kept] = s->dialects[i];
				s->graphs[kept] = s->graphs[i];
				s->dirs[kept] = s->dirs[i];
			}
			kept++;
		}
		s->nr_dialects = kept;
	}
	for (size_t i = 1; i < s->nr_dialects; i++) {
		const struct graph *a = &s->graphs[0], *b = &s->graphs[i];
		for (size_t k = 0; k < a->nr || k < b->nr; k++) {
			if (k >= a->nr || k >= b->nr ||
			    strcmp(a->nodes[k].mf.revision, b->nodes[k].mf.revision) != 0) {
				diag_error(d, "%s and %s do not hold the same revisions (%s)", s->dirs[0].buf,
					   s->dirs[i].buf,
					   k < a->nr ? a->nodes[k].mf.revision : b->nodes[k].mf.revision);
				diag_hint(d, "every dialect folder needs every revision; regenerate the missing ones");
				return -1;
			}
		}
	}
	s->nr_heads = graph_heads(&s->graphs[0], &s->heads);
	return 0;
}

/* The recorded state after revision node of the first dialect's graph. */
static int load_state(const struct gen_state *s, size_t node, struct model *m, struct diag *d)
{
	const struct graph *g = &s->graphs[0];
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
	const struct graph *g = &s->graphs[0];
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

static int write_migration(struct gen_state *s, const struct diff *df, const struct model *models,
			   const char *default_name, struct strbuf *out, struct diag *d)
{
	const struct gen_options *o = s->o;
	struct strbuf rev = STRBUF_INIT, ts = STRBUF_INIT, msg = STRBUF_INIT, state = STRBUF_INIT;
	struct strbuf paths[MAX_DIALECTS + 1], texts[MAX_DIALECTS + 1];
	const char *pathv[MAX_DIALECTS + 1], *textv[MAX_DIALECTS + 1];
	size_t lenv[MAX_DIALECTS + 1], nfiles = 0;
	struct pg_dialect pg;
	int ret = -1;

	if (revision_time(o, &ts, d) < 0)
		goto out_early;
	migfile_clean_message(o->name && *o->name ? o->name : default_name, &msg);
	strbuf_addf(&rev, "%04ld_%s_", next_number(s), ts.buf);
	migfile_slugify(msg.buf, &rev);

	/* the recorded state after this revision; each migration carries its checksum */
	strbuf_init(&texts[s->nr_dialects], 0);
	model_xml_write(models, o->app, &texts[s->nr_dialects]);
	sumfile_hash(texts[s->nr_dialects].buf, texts[s->nr_dialects].len, &state);

	pg_dialect_init(&pg);
	for (size_t i = 0; i < s->nr_dialects; i++) {
		struct migfile mf;
		struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;

		migfile_init(&mf);
		mf.revision = xstrdup(rev.buf);
		mf.message = xstrdup(msg.buf);
		mf.app = xstrdup(o->app);
		mf.state_sum = xstrdup(state.buf);
		for (size_t h = 0; h < s->nr_heads; h++)
			model_names_add(&mf.parents, s->graphs[i].nodes[s->heads[h]].mf.revision);
		if (o->merge) {
			strbuf_addstr(&up, "-- A merge: joins its parents, nothing to run.\n");
			strbuf_addstr(&down, "-- A merge: nothing to undo.\n");
		} else if (o->empty) {
			strbuf_addstr(&up, "-- Write the up SQL of this migration here.\n");
			strbuf_addstr(&down, "-- Write the SQL that undoes it here.\n");
		} else if (strcmp(s->dialects[i], "pgsql") == 0) {
			pg_render_migration(&pg, df, &up, &down);
		} else if (sqlite_render_migration(df, &up, &down, d) < 0) {
			strbuf_release(&up);
			strbuf_release(&down);
			migfile_release(&mf);
			pg_dialect_release(&pg);
			for (size_t k = 0; k < nfiles; k++) {
				strbuf_release(&paths[k]);
				strbuf_release(&texts[k]);
			}
			strbuf_release(&texts[s->nr_dialects]);
			nfiles = 0;
			goto out_early;
		}
		mf.transaction = !needs_no_transaction(up.buf) && !needs_no_transaction(down.buf);
		mf.up = strbuf_detach(&up, NULL);
		mf.down = strbuf_detach(&down, NULL);
		strbuf_init(&paths[nfiles], 0);
		strbuf_init(&texts[nfiles], 0);
		strbuf_addf(&paths[nfiles], "%s/%s.sql", s->dirs[i].buf, rev.buf);
		migfile_format(&mf, &texts[nfiles]);
		nfiles++;
		migfile_release(&mf);
	}
	pg_dialect_release(&pg);

	strbuf_init(&paths[nfiles], 0);
	state_path(o, rev.buf, &paths[nfiles]);
	nfiles++;

	for (size_t i = 0; i < nfiles; i++) {
		pathv[i] = paths[i].buf;
		textv[i] = texts[i].buf;
		lenv[i] = texts[i].len;
	}
	if (fs_create_files(pathv, textv, lenv, nfiles, d) < 0)
		goto out;
	for (size_t i = 0; i < s->nr_dialects; i++) {
		struct strbuf file = STRBUF_INIT;
		const char *name;
		int r;
		strbuf_addf(&file, "%s.sql", rev.buf);
		name = file.buf;
		/* the folder was verified before: only the new file needs hashing */
		r = sumfile_add(s->dirs[i].buf, &name, 1, d);
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
out_early:
	strbuf_release(&rev);
	strbuf_release(&ts);
	strbuf_release(&msg);
	strbuf_release(&state);
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
	const struct graph *g = &s->graphs[0];
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

int gen_run(const struct gen_options *o, struct strbuf *out, struct diag *d)
{
	struct gen_state s = { .o = o };
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
	if (model_xml_load_dir(&models, o->models, o->app, d) < 0)
		goto out;
	if (load_previous(&s, &prev, d) < 0)
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

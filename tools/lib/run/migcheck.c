/* mig-check: every problem of the migrations, one line each. */
#include "migcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "chain.h"
#include "config.h"
#include "db.h"
#include "dialect.h"
#include "diag.h"
#include "fs.h"
#include "gen.h"
#include "graph.h"
#include "h1.h"
#include "history.h"
#include "inspect.h"
#include "json.h"
#include "lint.h"
#include "migfile.h"
#include "model.h"
#include "model_xml.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "sumfile.h"
#include "xalloc.h"
#include "banned.h"

struct checker {
	const struct check_options *o;
	const struct db_config *cfg, *scratch;
	struct strbuf *problems, *checked;
	int count;
	struct diag *d;
	const char *app; /* the chain being checked (chain.h), NULL: the default one */
	/* the server the replay could not connect to, and why (owned): not tried again (it would wait as long) */
	const struct db_config *unreachable;
	char *unreachable_why;
};

static void progress(const struct checker *c, const char *what)
{
	if (c->o->progress)
		c->o->progress(c->o->ctx, what);
}

/* One problem: "where[:line]: message". */
static void problem(struct checker *c, const char *where, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct checker *c, const char *where, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		strbuf_addf(c->problems, "%s:%d: ", where, line);
	else
		strbuf_addf(c->problems, "%s: ", where);
	va_start(ap, fmt);
	strbuf_vaddf(c->problems, fmt, ap);
	va_end(ap);
	strbuf_addch(c->problems, '\n');
	c->count++;
}

/*
 * A problem from an error: its place, else where; its message, and what it
 * happened in; its hint, on the same line (one line per problem), such as
 * the server's "increase max_locks_per_transaction" after "out of shared
 * memory".
 */
static void problem_from(struct checker *c, const struct diag *d, const char *where, const char *during)
{
	problem(c, d->file ? d->file : where, d->file ? d->line : 0, "%s%s%s%s%s%s", d->message ? d->message : "failed",
		during ? " " : "", during ? during : "", d->hint ? " (hint: " : "", d->hint ? d->hint : "",
		d->hint ? ")" : "");
}

static void checked(struct checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void checked(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	strbuf_addstr(c->checked, "  ");
	va_start(ap, fmt);
	strbuf_vaddf(c->checked, fmt, ap);
	va_end(ap);
	strbuf_addch(c->checked, '\n');
}

/* --- the folder: sum file, files, SQL, graph, heads --------------------- */

/* Each file read as a migration, each section through the parser. Returns the problems found. */
static int check_files(struct checker *c, const char *dir, const struct dialect *dl, size_t *nr_files)
{
	char **names;
	size_t nr = fs_list_dir(dir, ".sql", &names);
	int before = c->count;

	*nr_files = nr;
	for (size_t i = 0; i < nr; i++) {
		struct strbuf path = STRBUF_INIT;
		struct migfile mf;
		struct diag d = DIAG_INIT;

		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (migfile_read(&mf, path.buf, &d) < 0) {
			problem_from(c, &d, path.buf, NULL);
		} else {
			const char *texts[2] = { mf.up, mf.down };
			const int lines[2] = { mf.up_line, mf.down_line };
			for (int k = 0; k < 2; k++) {
				struct sql_script script;
				if (!texts[k])
					continue;
				const char *what = NULL;
				long tc;
				if (dl->split(texts[k], &script, &d) < 0)
					problem(c, path.buf, lines[k] + d.line - 1, "%s (the %s section does not parse)",
						d.message, k ? "down" : "up");
				else if (mf.transaction &&
					 (tc = dl->transaction_control(texts[k], &script, &what)) >= 0)
					problem(c, path.buf, lines[k] + script.stmts[tc].line - 1, "%s: a migration that "
						"runs in a transaction cannot start or end one (-- mig:transaction off)", what);
				sqlsplit_script_release(&script);
				diag_release(&d);
			}
		}
		migfile_release(&mf);
		diag_release(&d);
		strbuf_release(&path);
	}
	fs_free_list(names, nr);
	return c->count - before;
}

/* The lint of every migration of the folder (after lint_since): each unacknowledged finding a problem. */
static void check_lint(struct checker *c, const char *dir, const struct dialect *dl)
{
	struct lint_run_options o = { dl, dl, NULL, c->o->lint_since };
	struct lint_report r;
	struct diag d = DIAG_INIT;
	size_t acknowledged = 0;

	progress(c, "linting");
	lint_report_init(&r);
	if (lint_paths(&o, &dir, 1, &r, &d) == LINT_BAD_INPUT) {
		problem_from(c, &d, dir, "(lint)");
	} else {
		for (size_t i = 0; i < r.nr; i++) {
			const struct lint_finding *f = &r.findings[i];

			if (f->acknowledged) {
				acknowledged++;
			} else if (lint_rules[f->rule].severity != LINT_INFO) {
				problem(c, f->file, f->line, "%s: %s\n    safe: %s", lint_rules[f->rule].id, f->message,
					lint_rules[f->rule].safe);
			}
		}
		checked(c, "%s: %d migration%s linted%s%s, %d finding%s, %zu acknowledged", dir, r.files,
			r.files == 1 ? "" : "s", c->o->lint_since ? " after " : "", c->o->lint_since ? c->o->lint_since : "",
			lint_report_count(&r), lint_report_count(&r) == 1 ? "" : "s", acknowledged);
	}
	lint_report_release(&r);
	diag_release(&d);
}

/*
 * The folder of one dialect, for c->app's chain (whole: its files and sum
 * too, checked once per folder): returns 0 when it is sound, 1 when it is
 * but has several heads, -1 when it cannot be replayed.
 */
static int check_folder(struct checker *c, const char *dir, const struct dialect *dl, struct graph *g, bool whole)
{
	struct diag d = DIAG_INIT;
	size_t nr_files = 0, *heads = NULL, nr_heads;
	int bad_sum = 0, bad_files;

	if (whole) {
		bad_sum = sumfile_problems(dir, c->problems, &d);
		if (bad_sum < 0) {
			problem_from(c, &d, dir, NULL);
			diag_release(&d);
			return -1;
		}
		c->count += bad_sum;
		bad_files = check_files(c, dir, dl, &nr_files);
		if (bad_files)
			return -1;
		if (c->o->lint)
			check_lint(c, dir, dl);
	}
	if (graph_load_headers(g, dir, c->app, &d) < 0) {
		problem_from(c, &d, dir, NULL);
		diag_release(&d);
		return -1;
	}
	if (!whole)
		nr_files = g->nr;
	nr_heads = graph_heads(g, &heads);
	if (nr_heads > 1) {
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < nr_heads; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", g->nodes[heads[i]].mf.revision);
		problem(c, dir, 0, "%zu heads (%s): join them with mig-gen --merge", nr_heads, list.buf);
		strbuf_release(&list);
	}
	free(heads);
	if (!bad_sum && nr_heads > 1) {
		checked(c, "%s: the sum file matches, %zu migrations parse", dir, nr_files);
		return 1;
	}
	checked(c, "%s: %s%zu migration%s parse%s, %zu head%s", dir, bad_sum ? "" : "the sum file matches, ",
		nr_files, nr_files == 1 ? "" : "s", nr_files == 1 ? "s" : "", nr_heads, nr_heads == 1 ? "" : "s");
	return bad_sum ? -1 : 0;
}

/* --- the models --------------------------------------------------------- */

static void check_models(struct checker *c)
{
	struct gen_options go = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	enum gen_result r;

	go.models = c->o->models;
	go.migrations = c->o->migrations;
	go.app = c->app;
	go.dialect = c->o->dialect;
	go.check = true;
	go.diff.allow_destructive = true; /* listing needs no decisions */
	r = gen_run(&go, &out, &d);
	if (r == GEN_BAD_INPUT) {
		problem_from(c, &d, c->o->models, NULL);
	} else if (r == GEN_PENDING) {
		size_t n = 0;
		for (const char *p = out.buf; (p = strchr(p, '\n')) != NULL; p++)
			n++;
		problem(c, c->o->models, 0, "the models are ahead of the migrations by %zu change%s "
			"(mig-gen writes the migration; mig-gen --check lists them)", n, n == 1 ? "" : "s");
	} else {
		checked(c, "%s: no change that the migrations lack", c->o->models);
	}
	strbuf_release(&out);
	diag_release(&d);
}

/* --- replaying on a scratch database ------------------------------------- */

struct replay {
	struct checker *c;
	const char *dir;
	const struct graph *g;
	const struct dialect *dl;
	struct db_config db_cfg; /* the scratch database */
	struct db db;            /* a connection to it, for inspecting */
	bool have_db;
	struct strbuf left_out;  /* what the replay made that the model cannot hold, reported once */
};

/* The state mig-gen recorded after revision node (node < 0: the empty model). */
static int load_state(const struct replay *rp, int node, struct model *m, struct strbuf *path,
		      struct diag *d)
{
	const struct migfile *mf;

	model_init(m);
	if (node < 0)
		return 0;
	mf = &rp->g->nodes[node].mf;
	strbuf_addf(path, "%s/state/%s.xml", rp->c->o->migrations, mf->revision);
	return model_xml_load_file(m, path->buf, mf->state_sum, d);
}

/* m as the dialect's database keeps it (SQLite: no comments, enums as checks, ...) */
static void as_kept(const struct replay *rp, struct model *m)
{
	if (rp->dl->normalize_model)
		rp->dl->normalize_model(m);
}

/* The recorded state after node as the database keeps it; -1 after reporting why it cannot be read. */
static int load_kept_state(struct replay *rp, int node, struct model *m, struct strbuf *path, struct diag *d)
{
	strbuf_reset(path);
	if (load_state(rp, node, m, path, d) < 0) {
		problem_from(rp->c, d, rp->dir, "(no recorded state to compare the replay with)");
		return -1;
	}
	as_kept(rp, m);
	return 0;
}

/* The SHA-256 of m's text for comparing (model_xml_write_objects_to()). */
static void model_digest(const struct model *m, struct strbuf *out)
{
	struct h1_stream *h = h1_begin();

	model_xml_write_objects_to(m, h1_sink, h);
	h1_end(h, out);
}

/*
 * Does the scratch database hold the state of revision at ("" for none)?
 * Returns 1 yes, 0 no (*why says how it differs), -1 when it cannot tell
 * (a problem is reported).
 *
 * One model at a time: the recorded state's digest is taken and the state
 * let go before the database is inspected (two models of 1,000 tables are
 * 7 MB). Equal texts are equal models; when the digests differ, the state
 * is read again and model_equal() says how.
 */
static int holds_state(struct replay *rp, const char *at, struct strbuf *why, struct strbuf *state_path)
{
	struct model want, have;
	struct strbuf warnings = STRBUF_INIT, want_sum = STRBUF_INIT, have_sum = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	int node = at[0] ? graph_find(rp->g, at) : -1, ret = -1;

	model_init(&have);
	if (load_kept_state(rp, node, &want, state_path, &d) < 0)
		goto out;
	model_digest(&want, &want_sum);
	model_release(&want);
	if (inspect_database(&rp->db, NULL, 0, rp->c->app, &have, &warnings, &d) < 0) {
		problem_from(rp->c, &d, rp->db_cfg.display, NULL);
		goto out;
	}
	/* a migration that makes what the model leaves out: named, never passed over */
	for (const char *p = warnings.buf; *p;) {
		size_t len = strcspn(p, "\n");
		struct strbuf line = STRBUF_INIT;
		strbuf_add(&line, p, len);
		strbuf_addch(&line, '\n');
		if (strncmp(line.buf, "note:", 5) != 0 && !strstr(rp->left_out.buf, line.buf)) {
			strbuf_add(&rp->left_out, line.buf, line.len);
			problem(rp->c, rp->dir, 0, "%.*s (mig cannot keep it in the recorded state)", (int)len, p);
		}
		strbuf_release(&line);
		p += len + (p[len] == '\n');
	}
	as_kept(rp, &have);
	model_digest(&have, &have_sum);
	if (strcmp(want_sum.buf, have_sum.buf) == 0) {
		ret = 1;
		goto out;
	}
	if (load_kept_state(rp, node, &want, state_path, &d) < 0)
		goto out;
	ret = model_equal(&want, &have, why) && model_equal(&have, &want, why);
out:
	model_release(&want); /* released again is a no-op: it is left initialised */
	model_release(&have);
	strbuf_release(&warnings);
	strbuf_release(&want_sum);
	strbuf_release(&have_sum);
	diag_release(&d);
	return ret;
}

/*
 * One mig-apply run on the scratch database. Returns 0, or -1 after
 * reporting the failing statement. *at (owned): where the database is
 * afterwards, "" at base; NULL when several revisions are heads of what is
 * applied (no one recorded state to compare with).
 */
static int step(struct replay *rp, const char *target, const char *during, char **at)
{
	struct apply_options ao = { 0 };
	struct apply_report rep;
	struct strbuf sql = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	int ret = 0;

	*at = NULL;
	ao.dir = rp->dir;
	ao.app = rp->c->app;
	ao.target = target;
	ao.no_sum_check = true;
	/* an in-memory scratch database (SQLite's) lives as long as this one connection */
	ao.db = rp->dl->memory_url ? &rp->db : NULL;
	if (apply_run(&rp->db_cfg, &ao, &sql, &rep, &d) != APPLY_OK) {
		problem_from(rp->c, &d, rp->dir, during);
		ret = -1;
	} else if (rep.at && !strchr(rep.at, ',')) {
		*at = xstrdup(rep.at);
	}
	apply_report_release(&rep);
	strbuf_release(&sql);
	diag_release(&d);
	return ret;
}

static const char *path_of(const struct replay *rp, const char *rev)
{
	return rp->g->nodes[graph_find(rp->g, rev)].mf.path;
}

/* Compares the scratch database with the state of `at`; reports a difference as problem `what`. */
static int compare(struct replay *rp, const char *at, const char *where, const char *what)
{
	struct strbuf why = STRBUF_INIT, state = STRBUF_INIT;
	int r = holds_state(rp, at, &why, &state);

	if (r == 0)
		problem(rp->c, where, 0, "%s (%s); recorded vs database: %s", what,
			at[0] ? state.buf : "an empty database", why.buf);
	strbuf_release(&why);
	strbuf_release(&state);
	return r == 1 ? 0 : -1;
}

/*
 * Up one revision at a time, then down one at a time to base, then up
 * again; after each step with one head applied, the database is compared
 * with what mig-gen recorded for it.
 */
static void replay_chain(struct replay *rp)
{
	size_t n = rp->g->nr;
	char *at = NULL, *prev = NULL;
	/* a replay in memory (SQLite's): the messages say where it ran */
	const char *on = rp->dl->memory_url ? "an in-memory database" : "a scratch database";
	struct strbuf during = STRBUF_INIT, what = STRBUF_INIT;

	strbuf_addf(&during, "(replaying the migrations on %s)", on);
	strbuf_addf(&what, "replayed on %s, it does not give the recorded state", on);
	for (size_t i = 0; i < n; i++) {
		free(at);
		if (step(rp, "+1", during.buf, &at) < 0)
			goto out;
		if (at && compare(rp, at, path_of(rp, at), what.buf) < 0)
			goto out;
	}
	strbuf_reset(&during);
	strbuf_addf(&during, "(undoing the migrations on %s)", on);
	for (size_t i = 0; i < n; i++) {
		free(prev);
		prev = at;
		if (step(rp, "-1", during.buf, &at) < 0)
			goto out;
		if (at && compare(rp, at, prev ? path_of(rp, prev) : rp->dir,
				  "its down section does not give back the schema before it") < 0)
			goto out;
	}
	free(at);
	if (step(rp, "head", "(applying the migrations again after undoing them)", &at) < 0)
		goto out;
	if (at && compare(rp, at, path_of(rp, at), "up again after down, it does not give the recorded state") < 0)
		goto out;
	checked(rp->c, "%s: replayed on %s up, down and up again, each step as recorded", rp->dir, on);
out:
	strbuf_release(&during);
	strbuf_release(&what);
	free(at);
	free(prev);
}

/* A database name nothing else uses: mig_check_<pid>_<time>. */
static void scratch_name(struct strbuf *out)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	strbuf_addf(out, "mig_check_%ld_%ld%03ld", (long)getpid(), (long)ts.tv_sec, ts.tv_nsec / 1000000);
}

/*
 * A dialect with an in-memory database (SQLite): the scratch database is
 * in memory, its schemas too (attached ":memory:" databases).
 */
static void replay_in_memory(struct checker *c, const struct dialect *dl, const char *dir, const struct graph *g)
{
	struct replay rp = { .c = c, .dir = dir, .g = g, .dl = dl, .left_out = STRBUF_INIT };
	struct strbuf what = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	strbuf_addf(&what, "replaying on an in-memory %s database", dl->display_name);
	progress(c, what.buf);
	strbuf_reset(&what);
	strbuf_addf(&what, "(opening an in-memory %s database)", dl->display_name);
	config_init(&rp.db_cfg);
	if (config_resolve(&rp.db_cfg, dl->memory_url, NULL, &d) < 0 ||
	    db_open(&rp.db, &rp.db_cfg, "mig-check", 0, &d) < 0) {
		problem_from(c, &d, dir, what.buf);
	} else {
		replay_chain(&rp);
		db_close(&rp.db);
	}
	config_release(&rp.db_cfg);
	diag_release(&d);
	strbuf_release(&what);
	strbuf_release(&rp.left_out);
}

/* A server's dialect (PostgreSQL): a scratch database of the server's, created and dropped. */
static void replay(struct checker *c, const struct dialect *dl, const char *dir, const struct graph *g)
{
	const struct db_config *server = c->scratch ? c->scratch : c->cfg;
	struct replay rp = { .c = c, .dir = dir, .g = g, .dl = dl, .left_out = STRBUF_INIT };
	struct strbuf name = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct db admin;

	if (!server || server->dialect != dl || (server == c->cfg && c->cfg->is_default)) {
		problem(c, dir, 0, "no %s server to replay the migrations on: set DATABASE_URL, "
			"or MIG_SCRATCH_URL for a server of its own", dl->display_name);
		return;
	}
	if (server == c->unreachable) {
		problem(c, server->display, 0, "%s (the server for the scratch database)", c->unreachable_why);
		return;
	}
	progress(c, "replaying on a scratch database");
	if (db_open(&admin, server, "mig-check", 0, &d) < 0) {
		problem_from(c, &d, server->display, "(the server for the scratch database)");
		if (!c->unreachable) {
			c->unreachable = server;
			c->unreachable_why = xstrdup(d.message ? d.message : "failed");
		}
		diag_release(&d);
		return;
	}
	scratch_name(&name);
	if (dl->create_database(&admin, name.buf, &d) < 0) {
		problem_from(c, &d, server->display, "(creating the scratch database)");
		goto out;
	}
	config_other_database(server, name.buf, &rp.db_cfg);
	if (db_open(&rp.db, &rp.db_cfg, "mig-check", 0, &d) < 0) {
		problem_from(c, &d, rp.db_cfg.display, NULL);
	} else {
		rp.have_db = true;
		replay_chain(&rp);
		db_close(&rp.db);
	}
	if (dl->drop_database(&admin, name.buf, &d) < 0)
		problem_from(c, &d, server->display, "(dropping the scratch database; drop it by hand)");
	config_release(&rp.db_cfg);
out:
	db_close(&admin);
	diag_release(&d);
	strbuf_release(&name);
	strbuf_release(&rp.left_out);
}

/* --- the configured database --------------------------------------------- */

static void check_live(struct checker *c, const struct db_config *cfg, const char *dir, const struct graph *g)
{
	struct db db;
	struct history h;
	struct diag d = DIAG_INIT;
	struct strbuf pending = STRBUF_INIT;
	size_t nr_pending = 0, *order;
	bool *applied;

	history_init(&h);
	if (cfg == c->unreachable) {
		problem(c, cfg->display, 0, "%s", c->unreachable_why);
		return;
	}
	progress(c, "reading the configured database");
	if (db_open(&db, cfg, "mig-check", 0, &d) < 0) {
		problem_from(c, &d, cfg->display, NULL);
		diag_release(&d);
		return;
	}
	if (history_read(&db, c->app, &h, &d) < 0) {
		problem_from(c, &d, cfg->display, NULL);
		goto out;
	}
	graph_topo_order(g, &order);
	/* which nodes have a row, found once (a search per node was quadratic) */
	applied = xcalloc(g->nr + 1, sizeof(*applied));
	for (size_t i = 0; i < h.nr; i++) {
		int node = graph_find(g, h.rows[i].revision);
		if (node >= 0)
			applied[node] = true;
	}
	for (size_t i = 0; i < g->nr; i++) {
		const char *rev = g->nodes[order[i]].mf.revision;
		if (applied[order[i]])
			continue;
		strbuf_addf(&pending, "%s%s", nr_pending ? ", " : "", rev);
		nr_pending++;
	}
	free(order);
	free(applied);
	if (nr_pending)
		problem(c, cfg->display, 0, "%zu pending migration%s in %s: %s (mig-apply applies them)",
			nr_pending, nr_pending == 1 ? "" : "s", dir, pending.buf);
	for (size_t i = 0; i < h.nr; i++) {
		const struct history_row *row = &h.rows[i];
		if (row->dirty)
			problem(c, cfg->display, 0, "revision %s is dirty: its %s stopped after %d statement%s "
				"(fix the cause and run mig-apply, or finish it by hand and mig-stamp)",
				row->revision, row->operation ? row->operation : "up", row->progress,
				row->progress == 1 ? "" : "s");
		int node = graph_find(g, row->revision);
		char *sum = NULL;
		if (node < 0) {
			problem(c, cfg->display, 0, "revision %s is applied but is not in %s (migrations "
				"from another branch?)", row->revision, dir);
		} else if (!row->dirty && sumfile_hash_file(g->nodes[node].mf.path, &sum, &d) == 0 &&
			   strcmp(sum, row->checksum) != 0) {
			/* mig-apply refuses such a database: the gate must not pass it */
			problem(c, g->nodes[node].mf.path, 0, "was edited after it was applied to %s (checksum %s, "
				"now %s): restore it, or if the database has the change, mig-apply --allow-changed "
				"or mig-stamp %s", cfg->display, row->checksum, sum, row->revision);
		}
		free(sum);
	}
	checked(c, "%s: nothing pending, nothing dirty", cfg->display);
out:
	history_release(&h);
	db_close(&db);
	diag_release(&d);
	strbuf_release(&pending);
}

/*
 * The live checks of one chain, on its database: an app that names its own
 * (chain.h) is checked there, the rest on the configured one (unless it is
 * the embedded default); a database of another dialect than the folder's
 * is another folder's business.
 */
static void check_live_chain(struct checker *c, const struct model *apps, const char *chain, const char *dialect,
			     const char *dir, const struct graph *g)
{
	struct model_names one = { 0 };
	struct chain_db db = { 0 };
	struct diag d = DIAG_INIT;

	if (!c->cfg)
		return;
	model_names_add(&one, chain);
	if (chain_databases(&one, apps, c->cfg, false, c->o->env, c->o->migrations, dialect, &db, &d) < 0) {
		/* a gate does not pass what it could not check, once databases are configured at all */
		if (!c->cfg->is_default)
			problem_from(c, &d, dir, "(its database is not checked)");
	} else if ((db.url_env || !c->cfg->is_default) &&
		   strcmp(db.cfg->dialect->name, dialect) == 0) {
		check_live(c, db.cfg, dir, g);
	}
	chain_dbs_release(&db, 1);
	model_names_release(&one);
	diag_release(&d);
}

/* --- all of it ------------------------------------------------------------ */

/* Lines of sb from `from` on that begin with "dir:" say which chain: "dir (app x's chain):". */
static void name_chain(struct strbuf *sb, size_t from, const char *dir, const char *chain)
{
	struct strbuf tail = STRBUF_INIT, which = STRBUF_INIT;
	size_t len = strlen(dir);

	chain_describe(chain, &which);
	strbuf_add(&tail, sb->buf + from, sb->len - from);
	strbuf_setlen(sb, from);
	for (const char *line = tail.buf; *line;) {
		size_t n = strcspn(line, "\n");
		const char *p = line;
		/* a summary line is indented ("  migrations/pgsql: ...") */
		while (*p == ' ' && p < line + n)
			p++;
		if (strncmp(p, dir, len) == 0 && p[len] == ':') {
			strbuf_add(sb, line, (size_t)(p - line) + len);
			strbuf_addf(sb, " (%s)", which.buf);
			strbuf_add(sb, p + len, n - (size_t)(p - line) - len);
		} else {
			strbuf_add(sb, line, n);
		}
		if (line[n] == '\n')
			strbuf_addch(sb, '\n');
		line += n + (line[n] == '\n');
	}
	strbuf_release(&tail);
	strbuf_release(&which);
}

enum migcheck_result migcheck_run(const struct check_options *o, const struct db_config *cfg,
				  const struct db_config *scratch, struct strbuf *problems,
				  struct strbuf *checked_out, int *count, struct diag *d)
{
	struct checker c = { o, cfg, scratch, problems, checked_out, 0, d, NULL, NULL, NULL };
	bool folders_sound = true, models_comparable = true;
	struct model apps = MODEL_INIT;
	struct diag ad = DIAG_INIT;

	/* which apps name a database of their own: their chains are checked there */
	model_init(&apps);
	if (chain_read_app_databases(o->models, &apps, &ad) < 0) {
		problem_from(&c, &ad, o->models, NULL);
		model_release(&apps);
		model_init(&apps);
	}
	diag_release(&ad);

	for (size_t i = 0; dialect_all[i]; i++) {
		const struct dialect *dl = dialect_all[i];
		const char *dialect = dl->name;
		struct strbuf dir = STRBUF_INIT;
		struct model_names chains = { 0 };
		struct diag cd = DIAG_INIT;

		if (o->dialect && strcmp(o->dialect, dialect) != 0)
			continue;
		strbuf_addf(&dir, "%s/%s", o->migrations, dialect);
		/* without --app, every chain of the folder (chain.h) */
		if ((access(dir.buf, F_OK) == 0 || o->dialect) &&
		    chain_select(NULL, dir.buf, o->app, NULL, "", &chains, &cd) < 0) {
			problem_from(&c, &cd, dir.buf, NULL);
			folders_sound = models_comparable = false;
		}
		for (size_t k = 0; k < chains.nr; k++) {
			struct graph g;
			size_t from_checked = checked_out->len, from_problems = problems->len;
			int sound;

			c.app = chains.items[k][0] ? chains.items[k] : NULL;
			graph_init(&g);
			progress(&c, dir.buf);
			sound = check_folder(&c, dir.buf, dl, &g, k == 0);
			/* several heads: the folder replays, but the models have no one state to compare with */
			if (sound != 0)
				models_comparable = false;
			if (sound < 0)
				folders_sound = false;
			else if (g.nr && dl->memory_url)
				replay_in_memory(&c, dl, dir.buf, &g);
			else if (g.nr)
				replay(&c, dl, dir.buf, &g);
			if (folders_sound)
				check_live_chain(&c, &apps, chains.items[k], dialect, dir.buf, &g);
			if (chains.nr > 1) {
				name_chain(checked_out, from_checked, dir.buf, chains.items[k]);
				name_chain(problems, from_problems, dir.buf, chains.items[k]);
			}
			graph_release(&g);
		}
		c.app = NULL;
		model_names_release(&chains);
		diag_release(&cd);
		strbuf_release(&dir);
	}
	if (models_comparable) {
		progress(&c, "comparing the models with the migrations");
		check_models(&c);
	} else {
		checked(&c, "%s: not compared (the migrations have problems)", o->models);
	}
	model_release(&apps);
	free(c.unreachable_why);
	*count = c.count;
	return c.count ? MIGCHECK_PROBLEMS : MIGCHECK_OK;
}

void migcheck_json(enum migcheck_result r, const char *problems, const char *checked, const struct diag *d,
		   struct strbuf *out)
{
	struct json j;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "result");
	json_string(&j, r == MIGCHECK_ERROR ? "error" : r == MIGCHECK_PROBLEMS ? "failed" : "ok");
	json_key(&j, "problems");
	json_array_begin(&j);
	for (const char *p = problems; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len), *sep = strstr(line, ": "), *colon;
		long at = 0;
		json_object_begin(&j);
		if (sep) {
			*sep = '\0';
			/* "file:12": the line is the number after the last colon */
			colon = strrchr(line, ':');
			if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
				at = strtol(colon + 1, NULL, 10);
				*colon = '\0';
			}
		}
		json_key(&j, "file");
		json_string(&j, sep ? line : NULL);
		json_key(&j, "line");
		if (at > 0)
			json_int(&j, at);
		else
			json_null(&j);
		json_key(&j, "message");
		{
			/* the indented lines after a problem (a lint finding's "safe: ...") are part of it */
			struct strbuf msg = STRBUF_INIT;

			strbuf_addstr(&msg, sep ? sep + 2 : line);
			p += len + (p[len] == '\n');
			while (strncmp(p, "    ", 4) == 0) {
				len = strcspn(p, "\n");
				strbuf_addf(&msg, "; %.*s", (int)(len - 4), p + 4);
				p += len + (p[len] == '\n');
			}
			json_string(&j, msg.buf);
			strbuf_release(&msg);
		}
		json_object_end(&j);
		free(line);
	}
	json_array_end(&j);
	json_key(&j, "checked");
	json_array_begin(&j);
	for (const char *p = checked; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p + strspn(p, " "), len - strspn(p, " "));
		json_string(&j, line);
		free(line);
		p += len + (p[len] == '\n');
	}
	json_array_end(&j);
	json_key(&j, "error");
	if (r == MIGCHECK_ERROR)
		json_diag(&j, d);
	else
		json_null(&j);
	json_object_end(&j);
	strbuf_addch(out, '\n');
}

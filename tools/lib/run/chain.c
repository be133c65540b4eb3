#include "chain.h"

#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <errno.h>

#include "dialect.h"
#include "diag.h"
#include "env.h"
#include "fs.h"
#include "graph.h"
#include "migfile.h"
#include "migscan.h"
#include "model_xml.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_names(struct model_names *n, size_t from)
{
	if (n->nr > from)
		qsort(n->items + from, n->nr - from, sizeof(*n->items), cmp_names);
}

int chain_list_scan(const struct migscan *scan, struct model_names *chains, struct diag *d)
{
	struct model_names apps = { 0 };
	bool any_default = false;
	size_t first;

	for (size_t i = 0; i < scan->nr; i++) {
		const struct migfile *mf = &scan->files[i].head;
		if (!scan->files[i].parsed) {
			model_names_release(&apps);
			return migscan_check(scan, d);
		}
		if (!mf->app || !mf->app[0])
			any_default = true;
		else if (model_names_find(&apps, mf->app) < 0)
			model_names_add(&apps, mf->app);
	}
	if (any_default)
		model_names_add(chains, "");
	first = chains->nr;
	for (size_t i = 0; i < apps.nr; i++)
		model_names_add(chains, apps.items[i]);
	sort_names(chains, first);
	model_names_release(&apps);
	return 0;
}

int chain_list(const char *dir, struct model_names *chains, struct diag *d)
{
	struct migscan scan;
	int ret;

	migscan_init(&scan);
	ret = migscan_load(&scan, dir, d) < 0 ? -1 : chain_list_scan(&scan, chains, d);
	migscan_release(&scan);
	return ret;
}

int chain_owners(const char *dir, struct model_names *owners, struct diag *d)
{
	struct model_names chains = { 0 };
	int ret = chain_list(dir, &chains, d);

	for (size_t i = 0; ret == 0 && i < chains.nr; i++) {
		if (chains.items[i][0] && model_names_find(owners, chains.items[i]) < 0)
			model_names_add(owners, chains.items[i]);
	}
	sort_names(owners, 0);
	model_names_release(&chains);
	return ret;
}

const char *chain_of_app(const struct model_names *owners, const char *app)
{
	return app && model_names_find(owners, app) >= 0 ? app : "";
}

struct retain_ctx {
	const struct model_names *owners;
	const char *chain;
};

static bool in_chain(const char *app, void *ctx)
{
	const struct retain_ctx *rc = ctx;
	return strcmp(chain_of_app(rc->owners, app), rc->chain) == 0;
}

void chain_retain(struct model *m, const struct model_names *owners, const char *chain)
{
	struct retain_ctx rc = { owners, chain ? chain : "" };
	model_retain_apps(m, in_chain, &rc);
}

void chain_describe(const char *chain, struct strbuf *out)
{
	if (chain && chain[0])
		strbuf_addf(out, "app %s's chain", chain);
	else
		strbuf_addstr(out, "the default chain");
}

/*
 * The error for object `what` (in app from) referring to `target` (in app
 * to) across chains.
 */
static int cross_chain(struct diag *d, struct model_loc loc, const struct model_names *owners, const char *what,
		       const char *from, const char *target, const char *to)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	chain_describe(chain_of_app(owners, from), &a);
	chain_describe(chain_of_app(owners, to), &b);
	diag_error_at(d, loc.file ? loc.file : "(model)", loc.line,
		      "%s refers to %s, which lives in another chain (%s, not %s)", what, target, b.buf, a.buf);
	diag_hint(d, "each chain is applied on its own, so one cannot refer to another's objects: keep both apps "
		  "in one chain (the default one, whose migrations have no --app), or move the object into app %s",
		  from);
	strbuf_release(&a);
	strbuf_release(&b);
	return -1;
}

static bool same_chain(const struct model_names *owners, const char *a, const char *b)
{
	return strcmp(chain_of_app(owners, a), chain_of_app(owners, b)) == 0;
}

static int check_schema(const struct model *m, const struct model_names *owners, const char *schema,
			const char *app, struct model_loc loc, const char *what, struct diag *d)
{
	const struct model_schema *s = schema[0] ? model_find_schema(m, schema) : NULL;
	struct strbuf w = STRBUF_INIT, t = STRBUF_INIT;
	int ret = 0;

	if (s && !same_chain(owners, app, s->app)) {
		strbuf_addf(&w, "%s (app %s)", what, app);
		strbuf_addf(&t, "schema \"%s\" (app %s)", s->name, s->app);
		ret = cross_chain(d, loc, owners, w.buf, app, t.buf, s->app);
	}
	strbuf_release(&w);
	strbuf_release(&t);
	return ret;
}

int chain_check_refs(const struct model *m, const struct model_names *owners, struct diag *d)
{
	struct strbuf what = STRBUF_INIT, target = STRBUF_INIT;
	int ret = -1;

	if (!owners->nr)
		return 0;
	for (size_t i = 0; i < m->nr_enums; i++) {
		const struct model_enum *e = &m->enums[i];
		strbuf_reset(&what);
		strbuf_addf(&what, "enum \"%s\"", e->name);
		if (check_schema(m, owners, e->schema, e->app, e->loc, what.buf, d) < 0)
			goto out;
	}
	for (size_t i = 0; i < m->nr_tables; i++) {
		const struct model_table *t = m->tables[i];
		strbuf_reset(&what);
		strbuf_addf(&what, "table \"%s\"", t->name);
		if (check_schema(m, owners, t->schema, t->app, t->loc, what.buf, d) < 0)
			goto out;
		for (size_t c = 0; c < t->nr_columns; c++) {
			const struct model_column *col = &t->columns[c];
			const struct model_enum *e;
			if (col->type.kind != TYPE_ENUM)
				continue;
			e = model_find_enum(m, col->type.enum_schema, col->type.enum_name);
			if (!e || same_chain(owners, t->app, e->app))
				continue;
			strbuf_reset(&what);
			strbuf_reset(&target);
			strbuf_addf(&what, "column \"%s.%s\" (app %s)", t->name, col->name, t->app);
			strbuf_addf(&target, "enum \"%s\" (app %s)", e->name, e->app);
			cross_chain(d, model_column_loc(t, col), owners, what.buf, t->app, target.buf, e->app);
			goto out;
		}
		for (size_t f = 0; f < t->nr_fks; f++) {
			const struct model_foreign_key *fk = &t->fks[f];
			const struct model_table *ref = model_find_table(m, fk->ref_schema, fk->ref_table);
			if (!ref || same_chain(owners, t->app, ref->app))
				continue;
			strbuf_reset(&what);
			strbuf_reset(&target);
			strbuf_addf(&what, "foreign key \"%s\" of table \"%s\" (app %s)", fk->name, t->name, t->app);
			strbuf_addf(&target, "table \"%s\" (app %s)", ref->name, ref->app);
			cross_chain(d, fk->loc, owners, what.buf, t->app, target.buf, ref->app);
			goto out;
		}
	}
	ret = 0;
out:
	strbuf_release(&what);
	strbuf_release(&target);
	return ret;
}

const char *chain_of_revision(const char *dir, const struct model_names *chains, const char *rev)
{
	const char *found = NULL;
	size_t hits = 0, len = strlen(rev);

	for (size_t i = 0; i < chains->nr; i++) {
		struct graph g;
		struct diag ignore = DIAG_INIT;
		bool exact = false;

		graph_init(&g);
		/* a folder that does not load is the caller's error to report, chain by chain */
		if (graph_load_headers(&g, dir, chains->items[i][0] ? chains->items[i] : NULL, &ignore) == 0) {
			exact = graph_find(&g, rev) >= 0;
			for (size_t k = 0; k < g.nr && !exact; k++) {
				if (strncmp(g.nodes[k].mf.revision, rev, len) == 0) {
					found = chains->items[i];
					hits++;
				}
			}
		}
		graph_release(&g);
		diag_release(&ignore);
		if (exact)
			return chains->items[i];
	}
	return hits == 1 ? found : NULL;
}

void chain_list_describe(const struct model_names *chains, struct strbuf *out)
{
	for (size_t i = 0; i < chains->nr; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		chain_describe(chains->items[i], out);
	}
}

int chain_select(const struct migscan *scan, const char *dir, const char *app, const char *target,
		 const char *what,
		 struct model_names *out, struct diag *d)
{
	struct model_names all = { 0 };
	struct strbuf list = STRBUF_INIT;
	int ret = -1;

	if (app && app[0]) {
		model_names_add(out, app);
		return 0;
	}
	scan = migscan_of(scan, dir);
	if ((scan ? chain_list_scan(scan, &all, d) : chain_list(dir, &all, d)) < 0)
		goto out;
	if (all.nr == 0)
		model_names_add(&all, "");
	if (all.nr == 1 || !target || strcmp(target, "head") == 0 || strcmp(target, "heads") == 0) {
		for (size_t i = 0; i < all.nr; i++)
			model_names_add(out, all.items[i]);
	} else if (strcmp(target, "base") == 0) {
		/* undone in the reverse order of applying */
		for (size_t i = all.nr; i-- > 0;)
			model_names_add(out, all.items[i]);
	} else if (target[0] == '+' || target[0] == '-') {
		chain_list_describe(&all, &list);
		diag_error(d, "%s\"%s\" is ambiguous: the migrations of %s form several chains (%s)", what, target, dir,
			   list.buf);
		diag_hint(d, "say which with --app (MIG_APP=... for make)");
		goto out;
	} else {
		const char *c = chain_of_revision(dir, &all, target);
		if (!c) {
			diag_error(d, "%sthere is no revision \"%s\" in %s (or it matches several); give more of it",
				   what, target, dir);
			goto out;
		}
		model_names_add(out, c);
	}
	ret = 0;
out:
	model_names_release(&all);
	strbuf_release(&list);
	return ret;
}

int chain_read_app_databases(const char *models, struct model *m, struct diag *d)
{
	struct strbuf path = STRBUF_INIT;
	char **names;
	size_t nr;
	DIR *dh = opendir(models);
	int ret = 0;

	/* a project without models (a deploy image) names no app's database */
	if (!dh)
		return 0;
	closedir(dh);
	nr = fs_list_dir(models, ".xml", &names);
	/* each file's root element alone: which app, which database */
	for (size_t i = 0; i < nr && ret == 0; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", models, names[i]);
		ret = model_xml_read_app(m, path.buf, d);
	}
	fs_free_list(names, nr);
	strbuf_release(&path);
	return ret;
}

int chain_database_owners(const char *models, struct model_names *owners, struct diag *d)
{
	struct model apps = MODEL_INIT;
	int ret;

	model_init(&apps);
	ret = chain_read_app_databases(models, &apps, d);
	for (size_t i = 0; ret == 0 && i < apps.nr_app_dbs; i++) {
		if (apps.app_dbs[i].url_env && model_names_find(owners, apps.app_dbs[i].app) < 0)
			model_names_add(owners, apps.app_dbs[i].app);
	}
	sort_names(owners, 0);
	model_release(&apps);
	return ret;
}

int chain_databases(const struct model_names *chains, const struct model *apps, const struct db_config *main,
		    bool forced, const struct env *env, const char *migrations, const char *dialect,
		    struct chain_db *dbs, struct diag *d)
{
	struct strbuf what = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < chains->nr; i++) {
		memset(&dbs[i], 0, sizeof(dbs[i]));
		config_init(&dbs[i].own);
		dbs[i].cfg = main;
	}
	for (size_t i = 0; i < chains->nr && ret == 0; i++) {
		struct chain_db *c = &dbs[i];
		const char *var = forced ? NULL : model_app_database(apps, chains->items[i]);
		const char *url;

		if (var) {
			url = env_get(env, var);
			strbuf_reset(&what);
			chain_describe(chains->items[i], &what);
			if (!url || !*url) {
				ret = diag_error(d, "%s runs on the database %s names, but %s is %s", what.buf, var, var,
						 url ? "empty" : "not set");
				diag_hint(d, "set %s to that database's URL (in the environment or .env), as its model "
					  "files' database-url-env says", var);
				break;
			}
			if (config_resolve(&c->own, url, env, d) < 0) {
				diag_detail(d, "in %s, the database of %s", var, what.buf);
				ret = -1;
				break;
			}
			c->cfg = &c->own;
			c->url_env = xstrdup(var);
		}
		strbuf_reset(&what);
		strbuf_addf(&what, "%s/%s", migrations, dialect ? dialect : c->cfg->dialect->name);
		c->dir = strbuf_detach(&what, NULL);
	}
	strbuf_release(&what);
	return ret;
}

void chain_dbs_release(struct chain_db *dbs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		config_release(&dbs[i].own);
		free(dbs[i].url_env);
		free(dbs[i].dir);
	}
}

bool chain_dbs_any_own(const struct chain_db *dbs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (dbs[i].url_env)
			return true;
	}
	return false;
}

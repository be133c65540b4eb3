/* The effect of a SQLite script: replayed in memory, read back, carried onto the neutral state. */
#include "ddl_replay_sqlite.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "apply.h"
#include "config.h"
#include "db.h"
#include "ddl_effect.h"
#include "diag.h"
#include "dialect_sqlite.h"
#include "diff.h"
#include "diff_decide.h"
#include "inspect.h"
#include "model.h"
#include "model_sqlite.h"
#include "model_xml.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* --- the replay ---------------------------------------------------------- */

/* What SQLite's compiler said a statement does (its authorizer's calls). */
struct stmt_kind {
	bool schema;           /* creates, alters or drops a table or an index */
	const char *data;      /* "INSERT", "UPDATE", ... when it touches rows of a user table */
	const char *outside;   /* "CREATE VIEW", ... for an object the model does not describe */
	char *outside_name;    /* owned */
};

static int authorize(void *ctx, int action, const char *a1, const char *a2, const char *db, const char *trigger)
{
	struct stmt_kind *k = ctx;
	const char *outside = NULL, *data = NULL;

	(void)a2;
	if (trigger)
		return SQLITE_OK; /* what a trigger does is the trigger's, not the statement's */
	switch (action) {
	/* temporary views and triggers live in the connection only: nothing of the schema */
	case SQLITE_CREATE_TEMP_VIEW: outside = "CREATE TEMP VIEW"; break;
	case SQLITE_CREATE_TEMP_TRIGGER: outside = "CREATE TEMP TRIGGER"; break;
	case SQLITE_CREATE_VTABLE: outside = "CREATE VIRTUAL TABLE"; break;
	case SQLITE_DROP_VTABLE: outside = "DROP VIRTUAL TABLE"; break;
	case SQLITE_CREATE_TABLE: case SQLITE_CREATE_INDEX: case SQLITE_DROP_TABLE: case SQLITE_DROP_INDEX:
	case SQLITE_ALTER_TABLE: case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_TEMP_INDEX:
	case SQLITE_CREATE_VIEW: case SQLITE_DROP_VIEW: case SQLITE_CREATE_TRIGGER: case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_TEMP_VIEW: case SQLITE_DROP_TEMP_TRIGGER:
		k->schema = true;
		break;
	case SQLITE_INSERT: data = "INSERT"; break;
	case SQLITE_UPDATE: data = "UPDATE"; break;
	case SQLITE_DELETE: data = "DELETE"; break;
	default:
		/* a SELECT changes nothing; a PRAGMA is this connection's, or SQLite's alone */
		break;
	}
	if (outside && !k->outside) {
		k->outside = outside;
		k->outside_name = xstrdup(a1 ? a1 : "");
	}
	/*
	 * DDL writes SQLite's own tables (sqlite_schema, sqlite_sequence): not
	 * rows of the application; nor are a temporary table's (a rebuild's
	 * checks, mig_guard and mig_rebuild), which live in the connection only
	 */
	if (data && !k->data && !(a1 && strncmp(a1, "sqlite_", 7) == 0) && !(db && strcmp(db, "temp") == 0))
		k->data = data;
	return SQLITE_OK;
}

/* Builds state m in the empty database db: the SQL mig-gen writes for it on SQLite. */
static int build_state(struct db *db, const struct model *m, struct diag *d)
{
	struct model empty = MODEL_INIT;
	struct diff df;
	struct diff_options opts = { .allow_destructive = true, .no_rows = true };
	struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
	int ret = -1;

	model_init(&empty);
	diff_init(&df);
	if (diff_run(&df, &empty, m, &opts, d) == 0 && dialect_sqlite_render_migration(&df, &up, &down, d) == 0)
		ret = db_exec(db, up.buf, NULL, d);
	if (ret < 0) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "the state before it cannot be built in SQLite: %s", d->message ? d->message : "");
		free(d->message);
		d->message = strbuf_detach(&msg, NULL);
	}
	diff_release(&df);
	model_release(&empty);
	strbuf_release(&up);
	strbuf_release(&down);
	return ret;
}

/* The folder's own migrations up to s->parent, as mig-check replays them. Returns 0 or -1. */
static int replay_parent(const struct db_config *cfg, struct db *db, const struct ddl_replay_script *s,
			 struct diag *d)
{
	struct apply_options ao = { 0 };
	struct apply_report rep;
	struct strbuf sql = STRBUF_INIT;
	int ret;

	ao.dir = s->dir;
	ao.app = s->app;
	ao.target = s->parent;
	ao.no_sum_check = true;
	ao.db = db;
	ret = apply_run(cfg, &ao, &sql, &rep, d) == APPLY_OK ? 0 : -1;
	apply_report_release(&rep);
	strbuf_release(&sql);
	return ret;
}

/* Runs the script's statements one by one, as mig-apply does; lists rows and outside objects. */
static int run_script(struct db *db, const struct ddl_replay_script *s, struct ddl_effect *fx, struct diag *d)
{
	struct sql_script script = { 0 };
	struct diag sd = DIAG_INIT;
	struct strbuf stmt = STRBUF_INIT;
	int ret = -1;

	if (sqlsplit_sqlite(s->sql, &script, &sd) < 0) {
		diag_error_at(d, s->file, s->first_line + sd.line - 1, "%s", sd.message);
		goto out;
	}
	/* as mig-apply runs migrations: a rebuild's DROP TABLE must not cascade */
	if (db_exec(db, "PRAGMA foreign_keys = OFF", NULL, d) < 0)
		goto out;
	for (size_t i = 0; i < script.nr; i++) {
		struct stmt_kind k = { 0 };
		int line = s->first_line + script.stmts[i].line - 1, r;

		strbuf_reset(&stmt);
		strbuf_add(&stmt, s->sql + script.stmts[i].start, script.stmts[i].len);
		sqlite3_set_authorizer(db->conn, authorize, &k);
		r = db_exec(db, stmt.buf, NULL, &sd);
		sqlite3_set_authorizer(db->conn, NULL, NULL);
		if (r < 0) {
			diag_error_at(d, s->file, line, "SQLite refuses the statement: %s", sd.message);
			if (sd.detail)
				diag_detail(d, "%s", sd.detail);
			diag_hint(d, "fix it and run mig-gen --rehash again (it was replayed in memory; nothing was written)");
			free(k.outside_name);
			goto out;
		}
		if (k.outside)
			strbuf_addf(&fx->ignored, "%s:%d: %s %s: not part of the model, not recorded\n", s->file, line,
				    k.outside, k.outside_name);
		else if (!k.schema && k.data)
			strbuf_addf(&fx->data, "%s:%d: %s\n", s->file, line, k.data);
		free(k.outside_name);
	}
	ret = 0;
out:
	sqlsplit_script_release(&script);
	strbuf_release(&stmt);
	diag_release(&sd);
	return ret;
}

/* What the model cannot express that SQLite read back, except what run_script() named by line. */
static void add_warnings(const struct ddl_replay_script *s, const char *warnings, struct ddl_effect *fx)
{
	static const char *const named[] = { "virtual table ", "note: " };

	for (const char *p = warnings; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool skip = false;
		for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++)
			skip = skip || strncmp(p, named[i], strlen(named[i])) == 0;
		if (!skip && len)
			strbuf_addf(&fx->ignored, "%s: %.*s\n", s->file, (int)len, p);
		p += len + (nl != NULL);
	}
}

/* --- carrying the differences -------------------------------------------- */

static void swap_bytes(void *a, void *b, size_t size)
{
	unsigned char *x = a, *y = b;

	for (size_t i = 0; i < size; i++) {
		unsigned char t = x[i];
		x[i] = y[i];
		y[i] = t;
	}
}

/* The parts of a table that are arrays of objects whose first member is their name. */
struct part {
	const char *what;
	size_t size, arr, nr; /* element size; offsets of the array and of its count in struct model_table */
	void *(*add)(struct model *m, struct model_table *t); /* t is in m */
};

/* a column added to be swapped with another has no name of its own */
static void *add_column(struct model *m, struct model_table *t) { return model_table_add_column(m, t, NULL); }
static void *add_unique(struct model *m, struct model_table *t) { (void)m; return model_table_add_unique(t); }
static void *add_fk(struct model *m, struct model_table *t) { (void)m; return model_table_add_fk(t); }
static void *add_check(struct model *m, struct model_table *t) { (void)m; return model_table_add_check(t); }
static void *add_index(struct model *m, struct model_table *t) { (void)m; return model_table_add_index(t); }

#define PART(what, type, field, add) \
	{ what, sizeof(type), offsetof(struct model_table, field), offsetof(struct model_table, nr_##field), add }

static const struct part parts[] = {
	PART("column", struct model_column, columns, add_column),
	PART("unique constraint", struct model_unique, uniques, add_unique),
	PART("foreign key", struct model_foreign_key, fks, add_fk),
	PART("check", struct model_check, checks, add_check),
	PART("index", struct model_index, indexes, add_index),
};

static char *part_array(const struct part *p, const struct model_table *t)
{
	return *(char **)((char *)t + p->arr);
}

static size_t *part_nr(const struct part *p, const struct model_table *t)
{
	return (size_t *)((char *)t + p->nr);
}

static const char *elem_name(const struct part *p, const struct model_table *t, size_t i)
{
	return *(char **)(part_array(p, t) + i * p->size);
}

static long part_find(const struct part *p, const struct model_table *t, const char *name)
{
	for (size_t i = 0; i < *part_nr(p, t); i++) {
		if (strcmp(elem_name(p, t, i), name) == 0)
			return (long)i;
	}
	return -1;
}

/* Do tables a and b hold the same (model_equal() on models of one table each)? */
static bool tables_same(const struct model_table *a, const struct model_table *b)
{
	struct model ma = MODEL_INIT, mb = MODEL_INIT;
	struct model_table *pa = (struct model_table *)a, *pb = (struct model_table *)b;

	ma.tables = &pa;
	mb.tables = &pb;
	ma.nr_tables = mb.nr_tables = 1;
	return model_equal(&ma, &mb, NULL) && model_equal(&mb, &ma, NULL);
}

/*
 * Table t with only element i of part p (or only its primary key when p is
 * NULL), named as `as` (so that a renamed table compares): borrowed.
 */
static void view_of(const struct model_table *t, const struct part *p, size_t i, const struct model_table *as,
		    struct model_table *v)
{
	memset(v, 0, sizeof(*v));
	v->schema = as->schema;
	v->name = as->name;
	if (!p) {
		v->pk = t->pk;
		return;
	}
	*(char **)((char *)v + p->arr) = part_array(p, t) + i * p->size;
	*part_nr(p, v) = 1;
}

static void note_change(struct ddl_effect *fx, const char *what, const struct model_table *t, const char *name,
			const char *how)
{
	if (fx->changes.len)
		strbuf_addstr(&fx->changes, "; ");
	strbuf_addf(&fx->changes, "%s ", what);
	model_table_display(t, &fx->changes);
	if (name)
		strbuf_addf(&fx->changes, ".%s", name);
	strbuf_addf(&fx->changes, " %s", how);
}

/*
 * Element i of part p of table from, moved to the end of to's (in model
 * to_m; from keeps a zeroed one or to's old one).
 */
static void move_elem(const struct part *p, struct model_table *from, size_t i, struct model *to_m,
		      struct model_table *to, long at)
{
	void *dst = at >= 0 ? part_array(p, to) + (size_t)at * p->size : p->add(to_m, to);

	swap_bytes(part_array(p, from) + i * p->size, dst, p->size);
}

/* Removes element i of part p of t into trash (a table of trash_m, which frees it). */
static void drop_elem(const struct part *p, struct model_table *t, size_t i, struct model *trash_m,
		      struct model_table *trash)
{
	size_t *nr = part_nr(p, t);
	char *arr = part_array(p, t);

	swap_bytes(arr + i * p->size, p->add(trash_m, trash), p->size);
	memmove(arr + i * p->size, arr + (i + 1) * p->size, (*nr - i - 1) * p->size);
	(*nr)--;
}

/*
 * A column rename reads back as a column gone and one added: when one
 * column went and exactly one added column differs from it only in its
 * name, it was renamed, and the neutral
 * column keeps its form under the new name (renamed-from set, so that the
 * SQL written from the state renames it: dropping would lose its data).
 * Returns its new name (borrowed from now), or NULL.
 */
static const char *rename_column(struct model_table *rt, const struct model_table *was, const struct model_table *now,
				 struct ddl_effect *fx)
{
	const struct part *p = &parts[0];
	long gone = -1, added = -1;
	struct model_column tmp;
	struct model_table va, vb;
	struct model_column *rc;

	for (size_t i = 0; i < was->nr_columns; i++) {
		if (model_table_find_column(now, was->columns[i].name))
			continue;
		if (gone >= 0)
			return NULL;
		gone = (long)i;
	}
	if (gone < 0 || !(rc = model_table_find_column(rt, was->columns[gone].name)))
		return NULL;
	tmp = was->columns[gone];
	/* the one added column equal to it but for the name (two such: which one is unknown) */
	for (size_t i = 0; i < now->nr_columns; i++) {
		if (model_table_find_column(was, now->columns[i].name))
			continue;
		tmp.name = now->columns[i].name;
		view_of(was, p, 0, now, &va);
		va.columns = &tmp;
		view_of(now, p, i, now, &vb);
		if (!tables_same(&va, &vb))
			continue;
		if (added >= 0)
			return NULL;
		added = (long)i;
	}
	if (added < 0)
		return NULL;
	note_change(fx, "column", rt, rc->name, "renamed to ");
	strbuf_addstr(&fx->changes, now->columns[added].name);
	free(rc->extra->renamed_from);
	model_column_extra(rc)->renamed_from = xstrdup(rc->name);
	/* now's strings become res's (carry()) */
	rc->name = now->columns[added].name;
	return now->columns[added].name;
}

/*
 * Table rt (the neutral state's, in res) gets what changed between was (as
 * SQLite kept it) and now (read back); what it loses goes to trash (a
 * table of trash_m).
 */
static void carry_table(struct model *res, struct model_table *rt, const struct model_table *was,
			struct model_table *now, struct model *trash_m, struct model_table *trash, struct ddl_effect *fx)
{
	const char *renamed = rename_column(rt, was, now, fx);
	struct model_table va, vb;

	for (size_t k = 0; k < sizeof(parts) / sizeof(*parts); k++) {
		const struct part *p = &parts[k];
		/* drops first: the moves below leave names of now's elements behind */
		for (size_t i = 0; i < *part_nr(p, was); i++) {
			const char *name = elem_name(p, was, i);
			long at;
			if (part_find(p, now, name) >= 0 || (at = part_find(p, rt, name)) < 0)
				continue;
			note_change(fx, p->what, rt, name, "dropped");
			drop_elem(p, rt, (size_t)at, trash_m, trash);
		}
		for (size_t i = 0; i < *part_nr(p, now); i++) {
			long w = part_find(p, was, elem_name(p, now, i));
			if (k == 0 && renamed && strcmp(elem_name(p, now, i), renamed) == 0)
				continue;
			if (w >= 0) {
				view_of(was, p, (size_t)w, now, &va);
				view_of(now, p, i, now, &vb);
				if (tables_same(&va, &vb))
					continue;
			}
			note_change(fx, p->what, rt, elem_name(p, now, i), w >= 0 ? "changed" : "added");
			move_elem(p, now, i, res, rt, part_find(p, rt, elem_name(p, now, i)));
		}
	}
	view_of(was, NULL, 0, now, &va);
	view_of(now, NULL, 0, now, &vb);
	if (!tables_same(&va, &vb)) {
		note_change(fx, "primary key of", rt, NULL, now->pk.name ? "changed" : "dropped");
		swap_bytes(&rt->pk, &now->pk, sizeof(rt->pk));
	}
}

static void drop_table(struct model *m, const char *schema, const char *name)
{
	for (size_t i = 0; i < m->nr_tables; i++) {
		if (strcmp(m->tables[i]->schema, schema) == 0 && strcmp(m->tables[i]->name, name) == 0) {
			model_table_free(m->tables[i]);
			memmove(&m->tables[i], &m->tables[i + 1], (m->nr_tables - i - 1) * sizeof(*m->tables));
			m->nr_tables--;
			return;
		}
	}
}

/* Views and triggers: added, changed (its new SQL) or dropped, as SQLite keeps them. */
static void carry_objects(struct model *res, const struct model *was, struct model *now, struct ddl_effect *fx)
{
	struct strbuf name = STRBUF_INIT;
	size_t kept = 0;

	for (size_t i = 0; i < now->nr_objects; i++) {
		struct model_object *o = &now->objects[i];
		const struct model_object *so = model_find_object(was, o);
		struct model_object *ro = (struct model_object *)model_find_object(res, o);
		if (so && model_object_same_definition(so, o))
			continue;
		strbuf_reset(&name);
		model_object_display(o, &name);
		strbuf_addf(&fx->changes, "%s%s %s", fx->changes.len ? "; " : "", name.buf, so && ro ? "changed" : "added");
		if (ro) {
			swap_bytes(&ro->definition, &o->definition, sizeof(o->definition));
			swap_bytes(&ro->dialect, &o->dialect, sizeof(o->dialect));
		} else {
			swap_bytes(model_add_object(res), o, sizeof(*o));
		}
	}
	for (size_t i = 0; i < res->nr_objects; i++) {
		struct model_object *o = &res->objects[i];
		if (model_find_object(was, o) && !model_find_object(now, o)) {
			strbuf_reset(&name);
			model_object_display(o, &name);
			strbuf_addf(&fx->changes, "%s%s dropped", fx->changes.len ? "; " : "", name.buf);
			model_object_release(o);
			continue;
		}
		res->objects[kept++] = *o;
	}
	res->nr_objects = kept;
	strbuf_release(&name);
}

/*
 * res (a copy of the neutral parent state) gets the differences between
 * was (the parent as SQLite keeps it) and now (what SQLite read back).
 */
static void carry(struct model *res, const struct model *was, struct model *now, struct ddl_effect *fx)
{
	struct model trash = MODEL_INIT;
	struct model_table *bin;
	struct model_names gone = { 0 };

	model_init(&trash);
	bin = model_add_table(&trash);
	for (size_t i = 0; i < now->nr_schemas; i++) {
		if (model_find_schema(was, now->schemas[i].name) || model_find_schema(res, now->schemas[i].name))
			continue;
		strbuf_addf(&fx->changes, "%sschema %s added", fx->changes.len ? "; " : "", now->schemas[i].name);
		swap_bytes(model_add_schema(res), &now->schemas[i], sizeof(now->schemas[i]));
	}
	/* SQLite has no enums of its own: they come and change with columns, and never go */
	for (size_t i = 0; i < now->nr_enums; i++) {
		struct model_enum *e = &now->enums[i], *se = model_find_enum(was, e->schema, e->name);
		struct model_enum *re = model_find_enum(res, e->schema, e->name);
		if (se && model_names_equal(&se->values, &e->values))
			continue;
		if (re) {
			if (model_names_equal(&re->values, &e->values))
				continue;
			swap_bytes(&re->values, &e->values, sizeof(e->values));
		} else {
			swap_bytes(model_add_enum(res), e, sizeof(*e));
			e = &res->enums[res->nr_enums - 1];
		}
		strbuf_addf(&fx->changes, "%senum %s %s", fx->changes.len ? "; " : "", e->name, re ? "changed" : "added");
	}
	for (size_t i = 0; i < was->nr_tables; i++) {
		const struct model_table *t = was->tables[i];
		if (!model_find_table(now, t->schema, t->name)) {
			note_change(fx, "table", t, NULL, "dropped");
			model_names_add(&gone, t->schema);
			model_names_add(&gone, t->name);
		}
	}
	for (size_t i = 0; i < now->nr_tables; i++) {
		struct model_table *t = now->tables[i], *rt;
		const struct model_table *st = model_find_table(was, t->schema, t->name);
		if (st && tables_same(st, t))
			continue;
		rt = model_find_table(res, t->schema, t->name);
		if (!st || !rt) {
			note_change(fx, "table", t, NULL, "added");
			if (rt)
				drop_table(res, t->schema, t->name);
			swap_bytes(model_add_table(res), t, sizeof(*t));
			continue;
		}
		carry_table(res, rt, st, t, &trash, bin, fx);
	}
	for (size_t i = 0; i + 1 < gone.nr; i += 2)
		drop_table(res, gone.items[i], gone.items[i + 1]);
	for (size_t i = 0; i < was->nr_schemas; i++) {
		const char *name = was->schemas[i].name;
		if (model_find_schema(now, name))
			continue;
		for (size_t j = 0; j < res->nr_schemas; j++) {
			if (strcmp(res->schemas[j].name, name) != 0)
				continue;
			strbuf_addf(&fx->changes, "%sschema %s dropped", fx->changes.len ? "; " : "", name);
			swap_bytes(model_add_schema(&trash), &res->schemas[j], sizeof(res->schemas[j]));
			memmove(&res->schemas[j], &res->schemas[j + 1], (res->nr_schemas - j - 1) * sizeof(*res->schemas));
			res->nr_schemas--;
			break;
		}
	}
	carry_objects(res, was, now, fx);
	/* tables and columns moved from now: their interned names with them */
	model_take_strings(res, now);
	model_unindex_tables(res);
	model_names_release(&gone);
	model_release(&trash);
}

int ddl_replay_sqlite(struct model *m, const struct ddl_replay_script *s, struct ddl_effect *fx, struct diag *d)
{
	struct db_config cfg;
	struct db db;
	struct model was = MODEL_INIT, now = MODEL_INIT, res = MODEL_INIT;
	struct strbuf warnings = STRBUF_INIT;
	bool open = false, built = false;
	int ret = -1;

	config_init(&cfg);
	model_init(&was);
	model_init(&now);
	model_init(&res);
	/* a private in-memory database; CREATE SCHEMA attaches in-memory ones (db.h) */
	if (config_resolve(&cfg, "sqlite::memory:", NULL, d) < 0 || db_open(&db, &cfg, "mig-gen", 0, d) < 0)
		goto out;
	open = true;
	if (s->dir && s->parent) {
		struct diag ignore = DIAG_INIT;
		if (replay_parent(&cfg, &db, s, &ignore) < 0) {
			/* what the folder's files do cannot be replayed: the state says what they did */
			db_close(&db);
			open = false;
			if (db_open(&db, &cfg, "mig-gen", 0, d) < 0)
				goto out;
			open = true;
			built = false;
		} else {
			built = true;
		}
		diag_release(&ignore);
	}
	if (!built && build_state(&db, m, d) < 0) {
		free(d->file);
		d->file = xstrdup(s->file);
		d->line = 0;
		goto out;
	}
	if (inspect_database(&db, NULL, 0, s->app ? s->app : "", &was, &warnings, d) < 0)
		goto out;
	strbuf_reset(&warnings);
	if (run_script(&db, s, fx, d) < 0)
		goto out;
	if (inspect_database(&db, NULL, 0, s->app ? s->app : "", &now, &warnings, d) < 0)
		goto out;
	add_warnings(s, warnings.buf, fx);
	if (model_xml_copy(m, &res, d) < 0)
		goto out;
	/* both as SQLite keeps a schema: what differs is what the script did */
	model_sqlite_normalize(&was);
	model_sqlite_normalize(&now);
	carry(&res, &was, &now, fx);
	if (model_finish(&res, d) < 0)
		goto out;
	model_release(m);
	*m = res;
	model_init(&res);
	ret = 0;
out:
	if (open)
		db_close(&db);
	config_release(&cfg);
	model_release(&was);
	model_release(&now);
	model_release(&res);
	strbuf_release(&warnings);
	return ret;
}

/* Table rebuilds in a SQLite migration section, and the rows they copy. */
#include "lint_sqlite.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "diag.h"
#include "lint.h"
#include "model.h"
#include "sqlscan.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

#define WRITE_LOCK "database write lock"

/* The tables created in the section, and the line and target of the INSERT that fills each. */
struct created {
	char *name;      /* owned: "schema.table", folded as the scanner gives it */
	int line;        /* the CREATE TABLE */
	int insert_line; /* the INSERT INTO it (0: none yet) */
	bool dropped_source;
};

static size_t find(struct created *c, size_t nr, const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (strcasecmp(c[i].name, name) == 0)
			return i;
	return nr;
}

/* schema.name at p (after keywords), into key; the rest of the text, or NULL. */
static const char *qualified(const char *p, struct strbuf *key, struct strbuf *name)
{
	struct strbuf schema = STRBUF_INIT;

	strbuf_reset(key);
	strbuf_reset(name);
	p = p ? sqlscan_qualified_name(p, &schema, name) : NULL;
	if (p)
		strbuf_addf(key, "%s.%s", schema.buf, name->buf);
	strbuf_release(&schema);
	return p;
}

/* The number of rows of table name, with thousands separated ("1,234,567"), or "" without a database. */
static void count_rows(const struct lint_section *s, const char *name, struct strbuf *out)
{
	struct strbuf sql = STRBUF_INIT, digits = STRBUF_INIT;
	struct db_result res = { 0 };
	struct diag ignored = DIAG_INIT;
	const char *v;

	strbuf_reset(out);
	if (!s->db)
		return;
	strbuf_addstr(&sql, "SELECT count(*) FROM ");
	strbuf_add_sql_quoted(&sql, name, '"');
	if (db_query(s->db, sql.buf, 0, NULL, &res, &ignored) == 0 && res.nrows == 1 && (v = db_value(&res, 0, 0))) {
		size_t n = strlen(v);

		for (size_t i = 0; i < n; i++) {
			if (i && (n - i) % 3 == 0)
				strbuf_addch(out, ',');
			strbuf_addch(out, v[i]);
		}
	}
	db_result_release(&res);
	diag_release(&ignored);
	strbuf_release(&sql);
	strbuf_release(&digits);
}

int lint_sqlite_section(const struct lint_section *sec, struct lint_report *out, struct diag *d)
{
	struct sql_script script = { 0 };
	struct created *created = NULL;
	size_t nr = 0, alloc = 0;
	struct strbuf key = STRBUF_INIT, name = STRBUF_INIT, key2 = STRBUF_INIT, name2 = STRBUF_INIT;
	struct model_names dropped = { 0 };  /* "schema.table" dropped, waiting for a rename */
	int *dropped_lines = NULL;
	size_t alloc_lines = 0;

	const struct sql_script *stmts = sec->script;

	if (!stmts) {
		if (sqlsplit_sqlite(sec->sql, &script, d) < 0) {
			free(d->file);
			d->file = xstrdup(sec->file);
			if (d->line)
				d->line += sec->first_line - 1;
			return -1;
		}
		stmts = &script;
	}
	for (size_t i = 0; i < stmts->nr; i++) {
		const struct sql_stmt *st = &stmts->stmts[i];
		char *text = xstrndup(sec->sql + st->start, st->len);
		const char *p = sqlscan_blank(text), *q;
		int line = sec->first_line + st->line - 1;

		if ((q = sqlscan_keywords(p, "CREATE TABLE")) || (q = sqlscan_keywords(p, "CREATE TEMP TABLE")) ||
		    (q = sqlscan_keywords(p, "CREATE TEMPORARY TABLE"))) {
			const char *r = sqlscan_keywords(q, "IF NOT EXISTS");

			if (qualified(r ? r : q, &key, &name) && find(created, nr, key.buf) == nr) {
				ALLOC_GROW(created, nr + 1, alloc);
				created[nr].name = xstrdup(key.buf);
				created[nr].line = line;
				created[nr].insert_line = 0;
				created[nr].dropped_source = false;
				nr++;
			}
		} else if ((q = sqlscan_keywords(p, "INSERT INTO")) || (q = sqlscan_keywords(p, "INSERT OR REPLACE INTO")) ||
			   (q = sqlscan_keywords(p, "REPLACE INTO"))) {
			size_t k;

			if (qualified(q, &key, &name) && (k = find(created, nr, key.buf)) < nr && !created[k].insert_line)
				created[k].insert_line = line;
		} else if ((q = sqlscan_keywords(p, "DROP TABLE"))) {
			const char *r = sqlscan_keywords(q, "IF EXISTS");

			if (qualified(r ? r : q, &key, &name) && find(created, nr, key.buf) == nr) {
				model_names_add(&dropped, key.buf);
				ALLOC_GROW(dropped_lines, dropped.nr, alloc_lines);
				dropped_lines[dropped.nr - 1] = line;
			}
		} else if ((q = sqlscan_keywords(p, "ALTER TABLE"))) {
			const char *r = qualified(q, &key, &name);
			size_t k;

			r = r ? sqlscan_keywords(r, "RENAME TO") : NULL;
			strbuf_reset(&name2); /* sqlscan_name() appends */
			/* the new table takes the dropped one's name: a rebuild of that table */
			if (r && (k = find(created, nr, key.buf)) < nr && sqlscan_name(r, &name2)) {
				size_t j;

				strbuf_reset(&key2);
				strbuf_addf(&key2, "%.*s.%s", (int)(strchr(key.buf, '.') - key.buf), key.buf, name2.buf);
				for (j = 0; j < dropped.nr; j++)
					if (strcasecmp(dropped.items[j], key2.buf) == 0)
						break;
				if (j < dropped.nr) {
					struct strbuf rows = STRBUF_INIT, t = STRBUF_INIT;
					int at = created[k].insert_line ? created[k].insert_line : dropped_lines[j];

					strbuf_addf(&t, "\"%s\"", name2.buf);
					count_rows(sec, name2.buf, &rows);
					lint_add_lock(out, sec, at, "table rebuild", t.buf, WRITE_LOCK, true, false, false);
					if (rows.len)
						lint_add(out, sec, at, LINT_SQLITE_TABLE_REBUILD, t.buf, WRITE_LOCK, true, false,
							 "rebuilds %s: copies %s rows under the database's write lock", t.buf,
							 rows.buf);
					else
						lint_add(out, sec, at, LINT_SQLITE_TABLE_REBUILD, t.buf, WRITE_LOCK, true, false,
							 "rebuilds %s: copies every row of the table under the database's write "
							 "lock (--database counts them)", t.buf);
					strbuf_release(&rows);
					strbuf_release(&t);
					free(dropped.items[j]);
					dropped.items[j] = xstrdup("");
				}
			}
		}
		free(text);
	}
	for (size_t i = 0; i < nr; i++)
		free(created[i].name);
	free(created);
	free(dropped_lines);
	model_names_release(&dropped);
	strbuf_release(&key);
	strbuf_release(&name);
	strbuf_release(&key2);
	strbuf_release(&name2);
	sqlsplit_script_release(&script);
	return 0;
}

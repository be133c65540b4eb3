/* Seeds: a folder of SQL files run in order, in one transaction. */
#include "seed.h"

#include <stdlib.h>
#include <string.h>


#include "config.h"
#include "db.h"
#include "diag.h"
#include "fsutil.h"
#include "sqlsplit.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* Where each statement of the query comes from, to name a failing one. */
struct origin {
	size_t file; /* index in the file list */
	int line;
};

int seed_run(const struct db_config *cfg, const char *dir, int sql_only, struct strbuf *out,
	     struct diag *d)
{
	char **names;
	size_t nr = fs_list_dir(dir, ".sql", &names), nr_origins = 0, alloc = 0;
	struct strbuf query = STRBUF_INIT, path = STRBUF_INIT, done = STRBUF_INIT;
	struct strbuf *texts = xcalloc(nr + 1, sizeof(*texts));
	struct origin *origins = NULL;
	struct db db;
	struct db_error err;
	int ret = 2;

	if (nr == 0) {
		diag_error(d, "%s: no seed files (*.sql) to run", dir);
		diag_hint(d, "put the SQL files in %s, run in name order (or set MIG_SEEDS)", dir);
		goto out;
	}
	/* seeds are data: on SQLite their foreign keys are enforced, cascades included, as the application has them */
	strbuf_addstr(&query, cfg->dialect == DIALECT_SQLITE ? "PRAGMA foreign_keys = ON;\nBEGIN IMMEDIATE;\n" : "BEGIN;\n");
	for (size_t i = 0; i < nr; i++) {
		struct sql_script script;
		strbuf_init(&texts[i], 0);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (strbuf_read_file(&texts[i], path.buf) < 0) {
			diag_error_at(d, path.buf, 0, "cannot read the file");
			goto out;
		}
		if ((cfg->dialect == DIALECT_SQLITE ? sqlsplit_sqlite(texts[i].buf, &script, d)
						    : sqlsplit_pg(texts[i].buf, &script, d)) < 0) {
			int line = d->line;
			free(d->file);
			d->file = xstrdup(path.buf);
			d->line = line;
			goto out;
		}
		const char *what = NULL;
		/* a COMMIT in the first file would keep its rows when a later file fails */
		long tc = sqlsplit_transaction_control(texts[i].buf, &script, cfg->dialect == DIALECT_SQLITE, &what);
		if (tc >= 0) {
			int line = script.stmts[tc].line;
			sql_script_release(&script);
			diag_error_at(d, path.buf, line, "%s: a seed file cannot start or end a transaction", what);
			diag_hint(d, "remove it: the seed files run in one transaction already, so that a failure "
				  "leaves nothing seeded");
			goto out;
		}
		strbuf_addf(&query, "-- %s\n", path.buf);
		for (size_t k = 0; k < script.nr; k++) {
			sql_append_statement(&query, texts[i].buf + script.stmts[k].start, script.stmts[k].len);
			ALLOC_GROW(origins, nr_origins + 1, alloc);
			origins[nr_origins].file = i;
			origins[nr_origins].line = script.stmts[k].line;
			nr_origins++;
		}
		strbuf_addf(&done, "seeded %s (%zu statement%s)\n", path.buf, script.nr, script.nr == 1 ? "" : "s");
		sql_script_release(&script);
	}
	/* SQLite enforces foreign keys only when asked: the rows are checked before they commit */
	if (cfg->dialect == DIALECT_SQLITE)
		strbuf_addstr(&query, "PRAGMA foreign_key_check;\n");
	strbuf_addstr(&query, "COMMIT;\n");
	if (sql_only) {
		strbuf_add(out, query.buf, query.len);
		ret = 0;
		goto out;
	}
	ret = 1;
	if (db_open(&db, cfg, "mig-apply", 0, d) < 0)
		goto out;
	if (db_exec(&db, query.buf, &err, d) < 0) {
		/* the first results are BEGIN's (and on SQLite the pragma's before it) */
		size_t skip = cfg->dialect == DIALECT_SQLITE ? 2 : 1;
		size_t at = (size_t)err.results_ok >= skip ? (size_t)err.results_ok - skip : 0;
		struct diag ignore = DIAG_INIT;
		if (at < nr_origins) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, names[origins[at].file]);
			free(d->file);
			d->file = xstrdup(path.buf);
			d->line = origins[at].line;
		}
		db_exec(&db, "ROLLBACK", NULL, &ignore);
		diag_release(&ignore);
		if (!d->hint)
			diag_hint(d, "nothing was seeded: the files run in one transaction");
		db_close(&db);
		goto out;
	}
	db_close(&db);
	strbuf_add(out, done.buf, done.len);
	ret = 0;
out:
	for (size_t i = 0; i < nr; i++)
		strbuf_release(&texts[i]);
	free(texts);
	free(origins);
	fs_free_list(names, nr);
	strbuf_release(&query);
	strbuf_release(&path);
	strbuf_release(&done);
	return ret;
}

/* Seeds: a folder of SQL files run in order, in one transaction. */
#include "seed.h"

#include <stdlib.h>
#include <string.h>


#include "config.h"
#include "db.h"
#include "dialect.h"
#include "diag.h"
#include "fs.h"
#include "history.h"
#include "sqlsplit.h"
#include "sumfile.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* Where each statement of the query comes from, to name a failing one. */
struct origin {
	size_t file; /* index in the file list */
	int line;
};

/* The seeds that ran before: none when the database (or, for --sql, its table) is not there yet. */
static int read_seeded(const struct db_config *cfg, bool sql_only, struct db *db, bool *have_db,
		       struct history *seeded, struct diag *d)
{
	struct diag ignore = DIAG_INIT;

	history_init(seeded);
	if (sql_only) {
		/* --sql touches nothing: a database that does not answer has seeded nothing */
		if (db_exists(cfg) && db_open(db, cfg, "mig-apply --sql", 0, &ignore) == 0) {
			*have_db = true;
			if (history_read_seeds(db, seeded, &ignore) < 0)
				history_init(seeded);
		}
		diag_release(&ignore);
		return 0;
	}
	if (db_open(db, cfg, "mig-apply", 0, d) < 0)
		return -1;
	*have_db = true;
	return history_read_seeds(db, seeded, d);
}

enum seed_result seed_run(const struct db_config *cfg, const char *dir, bool sql_only, bool again,
			  struct strbuf *out, struct diag *d)
{
	char **names;
	size_t nr = fs_list_dir(dir, ".sql", &names), nr_origins = 0, alloc = 0, nr_run = 0;
	struct strbuf query = STRBUF_INIT, path = STRBUF_INIT, done = STRBUF_INIT, sum = STRBUF_INIT;
	struct strbuf *texts = xcalloc(nr + 1, sizeof(*texts));
	struct origin *origins = NULL;
	struct history seeded;
	struct db db;
	bool have_db = false;
	struct db_error err;
	enum seed_result ret = SEED_BAD_INPUT;

	history_init(&seeded);
	if (nr == 0) {
		diag_error(d, "%s: no seed files (*.sql) to run", dir);
		diag_hint(d, "put the SQL files in %s, run in name order (or set MIG_SEEDS)", dir);
		goto out;
	}
	if (read_seeded(cfg, sql_only, &db, &have_db, &seeded, d) < 0) {
		ret = SEED_FAILED;
		goto out;
	}
	/* the dialect's beginning of the seeds' transaction (dialect.h) */
	for (size_t i = 0; cfg->dialect->begin_seeds[i]; i++)
		strbuf_addf(&query, "%s;\n", cfg->dialect->begin_seeds[i]);
	history_sql_seeds_create(&query, cfg->dialect);
	strbuf_addstr(&query, ";\n");
	for (size_t i = 0; i < nr; i++) {
		struct sql_script script;
		const struct history_row *ran;
		strbuf_init(&texts[i], 0);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (strbuf_read_file(&texts[i], path.buf) < 0) {
			diag_error_at(d, path.buf, 0, "cannot read the file");
			goto out;
		}
		strbuf_reset(&sum);
		sumfile_hash(texts[i].buf, texts[i].len, &sum);
		ran = history_find(&seeded, names[i]);
		if (ran && !again) {
			if (strcmp(ran->checksum, sum.buf) == 0)
				strbuf_addf(&done, "already seeded %s at %s\n", path.buf, ran->applied_at);
			else
				strbuf_addf(&done, "%s changed since it was seeded at %s: not run again "
					    "(--reseed runs every file again)\n", path.buf,
					    ran->applied_at);
			continue;
		}
		if (cfg->dialect->split(texts[i].buf, &script, d) < 0) {
			int line = d->line;
			free(d->file);
			d->file = xstrdup(path.buf);
			d->line = line;
			goto out;
		}
		const char *what = NULL;
		/* a COMMIT in the first file would keep its rows when a later file fails */
		long tc = cfg->dialect->transaction_control(texts[i].buf, &script, &what);
		if (tc >= 0) {
			int line = script.stmts[tc].line;
			sqlsplit_script_release(&script);
			diag_error_at(d, path.buf, line, "%s: a seed file cannot start or end a transaction", what);
			diag_hint(d, "remove it: the seed files run in one transaction already, so that a failure "
				  "leaves nothing seeded");
			goto out;
		}
		strbuf_addf(&query, "-- %s\n", path.buf);
		for (size_t k = 0; k < script.nr; k++) {
			sqlsplit_append_statement(&query, texts[i].buf + script.stmts[k].start, script.stmts[k].len);
			ALLOC_GROW(origins, nr_origins + 1, alloc);
			origins[nr_origins].file = i;
			origins[nr_origins].line = script.stmts[k].line;
			nr_origins++;
		}
		history_sql_seeded(&query, cfg->dialect, names[i], sum.buf);
		strbuf_addstr(&query, ";\n");
		/* the record's result: a failure there is the file's */
		ALLOC_GROW(origins, nr_origins + 1, alloc);
		origins[nr_origins].file = i;
		origins[nr_origins].line = 1;
		nr_origins++;
		strbuf_addf(&done, "seeded %s (%zu statement%s)\n", path.buf, script.nr, script.nr == 1 ? "" : "s");
		nr_run++;
		sqlsplit_script_release(&script);
	}
	if (nr_run == 0) {
		/* nothing to run: nothing is sent, not even the table */
		strbuf_add(out, done.buf, done.len);
		ret = SEED_OK;
		goto out;
	}
	/* the dialect's checks (SQLite's of the foreign keys): the rows are checked before they commit */
	for (size_t i = 0; cfg->dialect->before_commit[i]; i++)
		strbuf_addf(&query, "%s;\n", cfg->dialect->before_commit[i]);
	strbuf_addstr(&query, "COMMIT;\n");
	if (sql_only) {
		strbuf_add(out, query.buf, query.len);
		ret = SEED_OK;
		goto out;
	}
	ret = SEED_FAILED;
	if (db_exec(&db, query.buf, &err, d) < 0) {
		/* the first results are the beginning's (BEGIN, and on SQLite the pragma before it) and the table's */
		size_t skip = 1;
		for (size_t i = 0; cfg->dialect->begin_seeds[i]; i++)
			skip++;
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
		goto out;
	}
	strbuf_add(out, done.buf, done.len);
	ret = SEED_OK;
out:
	if (have_db)
		db_close(&db);
	history_release(&seeded);
	strbuf_release(&sum);
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

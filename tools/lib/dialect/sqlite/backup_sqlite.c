/* SQLite's backup: the online backup API, the database and its schema files (backup.h). */
#include "backup_sqlite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "backup.h"
#include "config.h"
#include "db_sqlite.h"
#include "diag.h"
#include "fs.h"
#include "strbuf.h"
#include "banned.h"

/* Database schema ("main" or an attached one) of connection src into the new file dst. */
static int copy_database(sqlite3 *src, const char *schema, const char *dst_path, struct diag *d)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int ret = -1, rc;

	if (sqlite3_open_v2(dst_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		diag_error_at(d, dst_path, 0, "cannot create the backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* the whole database in one step */
	b = sqlite3_backup_init(dst, "main", src, schema);
	rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dst);
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		diag_error_at(d, dst_path, 0, "the backup of %s failed: %s", schema, sqlite3_errmsg(dst));
		goto out;
	}
	ret = 0;
out:
	sqlite3_close(dst);
	return ret;
}

/*
 * The database file, then each schema's file beside it (docs/sqlite.md),
 * named as the schemas of the backup's own file: a copy of the backup and
 * its schema files, renamed, is the database again. One connection reads
 * them all in one read transaction, so that they are copies of one moment
 * (a migration that commits meanwhile is in all of them or in none); a
 * failure leaves no file.
 */
int backup_sqlite_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
{
	struct strbuf name = STRBUF_INIT, tmp = STRBUF_INIT, file = STRBUF_INIT, from = STRBUF_INIT,
		      to = STRBUF_INIT, sql = STRBUF_INIT;
	const char *base;
	char **schemas = NULL;
	size_t nr = 0, written = 0;
	sqlite3 *src = NULL;
	int ret = -1;

	if (!db_sqlite_filename(cfg->sqlite_path, &file)) {
		diag_error(d, "%s: an in-memory database has nothing to back up", cfg->display);
		goto out;
	}
	base = strrchr(file.buf, '/');
	base = base ? base + 1 : file.buf;
	strbuf_add(&name, base, strcspn(base, "."));
	if (access(file.buf, R_OK) < 0) {
		diag_error_at(d, file.buf, 0, "cannot read the database: %s", strerror(errno));
		goto out;
	}
	if (sqlite3_open_v2(cfg->sqlite_path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		diag_error(d, "%s: %s", cfg->display, sqlite3_errmsg(src));
		goto out;
	}
	sqlite3_busy_timeout(src, 30000);
	/* attached first (ATTACH cannot run in a transaction), then every database read in one */
	nr = db_sqlite_schema_files(cfg->sqlite_path, &schemas);
	for (size_t i = 0; i < nr; i++) {
		char *q;
		strbuf_reset(&from);
		db_sqlite_schema_path(cfg->sqlite_path, schemas[i], &from);
		q = sqlite3_mprintf("ATTACH %Q AS %Q;", from.buf, schemas[i]);
		strbuf_addstr(&sql, q);
		sqlite3_free(q);
	}
	strbuf_addstr(&sql, "BEGIN; SELECT count(*) FROM main.sqlite_schema;");
	for (size_t i = 0; i < nr; i++) {
		char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\".sqlite_schema;", schemas[i]);
		strbuf_addstr(&sql, q);
		sqlite3_free(q);
	}
	if (sqlite3_exec(src, sql.buf, NULL, NULL, NULL) != SQLITE_OK) {
		diag_error(d, "%s: %s", cfg->display, sqlite3_errmsg(src));
		goto out;
	}
	backup_file_base(dir, name.len ? name.buf : "database", path);
	strbuf_addf(&tmp, "%s.sqlite3.tmp%ld", path->buf, (long)getpid());
	if (copy_database(src, "main", tmp.buf, d) < 0 || backup_put_in_place(tmp.buf, path, ".sqlite3", d) < 0)
		goto out;
	written = 1;
	for (; written <= nr; written++) {
		strbuf_reset(&to);
		db_sqlite_schema_path(path->buf, schemas[written - 1], &to);
		if (copy_database(src, schemas[written - 1], to.buf, d) < 0) {
			unlink(to.buf);
			goto out;
		}
	}
	ret = 0;
out:
	if (ret < 0 && tmp.len)
		unlink(tmp.buf);
	/* a backup without all its files is no backup: what was written goes */
	for (size_t i = 0; ret < 0 && i < written; i++) {
		strbuf_reset(&to);
		if (i == 0)
			strbuf_addstr(&to, path->buf);
		else
			db_sqlite_schema_path(path->buf, schemas[i - 1], &to);
		unlink(to.buf);
	}
	if (src) {
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(src);
	}
	fs_free_list(schemas, nr);
	strbuf_release(&name);
	strbuf_release(&tmp);
	strbuf_release(&file);
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&sql);
	return ret;
}


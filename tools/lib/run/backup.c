/* Backups: pg_dump -Fc, or SQLite's online backup, into a new file. */
#include "backup.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "config.h"
#include "db.h"
#include "diag.h"
#include "fs.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

extern char **environ;

/* "<dir>/<name>-<UTC time>" */
static void backup_base(const char *dir, const char *name, struct strbuf *out)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	strbuf_addf(out, "%s/", dir);
	/* a database name may hold any character: keep the file name plain */
	for (const char *p = name; *p; p++)
		strbuf_addch(out, (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) ? '_' : *p);
	strbuf_addf(out, "-%s", stamp);
}

/*
 * Links the finished temporary file to path (its name without the
 * extension ext); never over an existing file. Two backups in the same
 * second (db-backup, then MIG_BACKUP=1 make db-upgrade; or a fleet whose
 * servers each have a database of that name) must both be kept, and the
 * second must not fail the upgrade it protects: it gets -2, -3, ... added.
 */
static int put_in_place(const char *tmp, struct strbuf *path, const char *ext, struct diag *d)
{
	size_t base_len = path->len;
	int err = 0;

	for (int n = 1; n <= 100; n++) {
		strbuf_setlen(path, base_len);
		if (n > 1)
			strbuf_addf(path, "-%d", n);
		strbuf_addstr(path, ext);
		if (link(tmp, path->buf) == 0) {
			unlink(tmp);
			return 0;
		}
		err = errno;
		if (err != EEXIST)
			break;
	}
	unlink(tmp);
	if (err == EEXIST)
		return diag_error_at(d, path->buf, 0, "cannot create the backup: 100 backups of that name this second");
	return diag_error_at(d, path->buf, 0, "cannot create the backup: %s", strerror(err));
}

/* The database's own name, asked of the server (the URL may leave it to libpq's defaults). */
static int database_name(const struct db_config *cfg, struct strbuf *out, struct diag *d)
{
	struct db db;
	struct db_result res;
	int ret = -1;

	if (db_open(&db, cfg, "mig-backup", 0, d) < 0)
		return -1;
	if (db_query(&db, "SELECT current_database()", 0, NULL, &res, d) == 0) {
		strbuf_addstr(out, db_value(&res, 0, 0));
		db_result_release(&res);
		ret = 0;
	}
	db_close(&db);
	return ret;
}

/* libpq's connection string without the password, which goes to *password (owned). */
static int conninfo_without_password(const struct db_config *cfg, const char *dbname, struct strbuf *out,
				     char **password, struct diag *d)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(cfg->conninfo, &err);

	*password = NULL;
	if (!opts) {
		diag_error(d, "%s: the connection settings do not parse", cfg->display);
		PQfreemem(err);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || strcmp(o->keyword, "dbname") == 0)
			continue;
		if (strcmp(o->keyword, "password") == 0) {
			*password = xstrdup(o->val);
			continue;
		}
		strbuf_addf(out, "%s%s='", out->len ? " " : "", o->keyword);
		for (const char *p = o->val; *p; p++) {
			if (*p == '\'' || *p == '\\')
				strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		}
		strbuf_addch(out, '\'');
	}
	strbuf_addstr(out, out->len ? " dbname='" : "dbname='");
	for (const char *p = dbname; *p; p++) {
		if (*p == '\'' || *p == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\'');
	if (!*password && cfg->password)
		*password = xstrdup(cfg->password);
	PQconninfoFree(opts);
	return 0;
}

static int backup_pg(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
{
	struct strbuf name = STRBUF_INIT, conninfo = STRBUF_INIT, tmp = STRBUF_INIT, pw = STRBUF_INIT;
	const char *pg_dump = getenv("MIG_PG_DUMP");
	char *password = NULL, **env = NULL;
	size_t nenv = 0;
	pid_t pid;
	int status, ret = -1;

	if (!pg_dump || !*pg_dump)
		pg_dump = "pg_dump";
	if (database_name(cfg, &name, d) < 0 ||
	    conninfo_without_password(cfg, cfg->dbname ? cfg->dbname : name.buf, &conninfo, &password, d) < 0)
		goto out;
	backup_base(dir, name.buf, path);
	strbuf_addf(&tmp, "%s.dump.tmp%ld", path->buf, (long)getpid());
	/* the environment, with the password for pg_dump alone */
	for (size_t i = 0; environ[i]; i++)
		nenv++;
	env = xcalloc(nenv + 2, sizeof(char *));
	nenv = 0;
	for (size_t i = 0; environ[i]; i++) {
		if (!password || strncmp(environ[i], "PGPASSWORD=", 11) != 0)
			env[nenv++] = environ[i];
	}
	if (password) {
		strbuf_addf(&pw, "PGPASSWORD=%s", password);
		env[nenv] = pw.buf;
	}
	{
		char format[] = "--format=custom", file[] = "--file", dbname[] = "--dbname";
		char *argv[] = { (char *)pg_dump, format, file, tmp.buf, dbname, conninfo.buf, NULL };
		int err = posix_spawnp(&pid, pg_dump, NULL, NULL, argv, env);
		if (err) {
			diag_error(d, "cannot run %s: %s", pg_dump, strerror(err));
			diag_hint(d, "install PostgreSQL's client programs (Debian: postgresql-client), or set MIG_PG_DUMP");
			goto out;
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		unlink(tmp.buf);
		diag_error(d, "%s failed (its messages are above): no backup of %s was made", pg_dump, cfg->display);
		goto out;
	}
	ret = put_in_place(tmp.buf, path, ".dump", d);
out:
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	memset(pw.buf, 0, pw.len);
	free(env);
	strbuf_release(&name);
	strbuf_release(&conninfo);
	strbuf_release(&tmp);
	strbuf_release(&pw);
	return ret;
}

/* Database schema ("main" or an attached one) of connection src into the new file dst. */
static int copy_sqlite(sqlite3 *src, const char *schema, const char *dst_path, struct diag *d)
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
static int backup_sqlite(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
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
	backup_base(dir, name.len ? name.buf : "database", path);
	strbuf_addf(&tmp, "%s.sqlite3.tmp%ld", path->buf, (long)getpid());
	if (copy_sqlite(src, "main", tmp.buf, d) < 0 || put_in_place(tmp.buf, path, ".sqlite3", d) < 0)
		goto out;
	written = 1;
	for (; written <= nr; written++) {
		strbuf_reset(&to);
		db_sqlite_schema_path(path->buf, schemas[written - 1], &to);
		if (copy_sqlite(src, schemas[written - 1], to.buf, d) < 0) {
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

int backup_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
{
	if (fs_mkdirs_ignored(dir, d) < 0)
		return -1;
	return cfg->dialect == DIALECT_SQLITE ? backup_sqlite(cfg, dir, path, d) : backup_pg(cfg, dir, path, d);
}

/* PostgreSQL's backup: pg_dump -Fc (backup.h). */
#include "backup_pg.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "backup.h"
#include "config.h"
#include "db.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

extern char **environ;

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

int backup_pg_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
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
	backup_file_base(dir, name.buf, path);
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
	ret = backup_put_in_place(tmp.buf, path, ".dump", d);
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


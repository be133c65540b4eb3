/* Backups: the file's name and its linking into place; the copy is the dialect's. */
#include "backup.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dialect.h"
#include "diag.h"
#include "fs.h"
#include "strbuf.h"
#include "banned.h"

/* "<dir>/<name>-<UTC time>" */
void backup_file_base(const char *dir, const char *name, struct strbuf *out)
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
int backup_put_in_place(const char *tmp, struct strbuf *path, const char *ext, struct diag *d)
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

int backup_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d)
{
	if (fs_mkdirs_ignored(dir, d) < 0)
		return -1;
	return cfg->dialect->backup(cfg, dir, path, d);
}

/*
 * backup: a copy of the configured database taken before it changes
 * (seeds/001 and seeds/004: "always back up before migrating").
 *
 * PostgreSQL: pg_dump -Fc (the custom format pg_restore reads), found as
 * MIG_PG_DUMP, else pg_dump in PATH; the connection is libpq's, and the
 * password reaches pg_dump in its environment, never on its command line.
 * SQLite: the online backup API, a consistent copy while others write.
 *
 * The file is DIR/<database>-<YYYYMMDDTHHMMSSZ>.dump (.sqlite3 for SQLite),
 * with -2, -3, ... before the extension when a backup of that name was
 * taken in the same second; written under a temporary name and linked into
 * place, so that a failed backup leaves nothing and no backup replaces
 * another.
 *
 * Ownership: the caller owns path.
 */
#ifndef MIG_BACKUP_H
#define MIG_BACKUP_H

struct db_config;
struct diag;
struct strbuf;

/*
 * Backs cfg's database up into dir (created when missing), by its dialect's
 * backup (dialect.h); the file's path into path.
 */
int backup_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d);

/* For the dialects' backups: "<dir>/<name>-<UTC time>" into out, name made a plain file name. */
void backup_file_base(const char *dir, const char *name, struct strbuf *out);
/*
 * Links the finished temporary file tmp to path (its name without the
 * extension ext, which is added, with -2, -3, ... before it when taken);
 * never over an existing file; tmp goes. Returns 0 or -1.
 */
int backup_put_in_place(const char *tmp, struct strbuf *path, const char *ext, struct diag *d);

#endif

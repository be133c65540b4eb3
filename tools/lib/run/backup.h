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

/* Backs cfg's database up into dir (created when missing); the file's path into path. */
int backup_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d);

#endif

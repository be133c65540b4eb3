/*
 * backup_sqlite: dialect_sqlite's backup (backup.h): the online backup API,
 * a consistent copy while others write, of the database file and each
 * schema file beside it, read in one read transaction. The file is
 * DIR/<file name>-<time>.sqlite3, its schemas' files named as for a
 * database of that name (db_sqlite.h).
 */
#ifndef MIG_BACKUP_SQLITE_H
#define MIG_BACKUP_SQLITE_H

struct db_config;
struct diag;
struct strbuf;

int backup_sqlite_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d);

#endif

/*
 * backup_pg: dialect_pg's backup (backup.h): pg_dump -Fc, found as
 * MIG_PG_DUMP, else pg_dump in PATH; the password reaches pg_dump in its
 * environment, never on its command line. The file is
 * DIR/<database>-<time>.dump.
 */
#ifndef MIG_BACKUP_PG_H
#define MIG_BACKUP_PG_H

struct db_config;
struct diag;
struct strbuf;

int backup_pg_run(const struct db_config *cfg, const char *dir, struct strbuf *path, struct diag *d);

#endif

/*
 * seed: the SQL files of a seeds folder (seeds/004's db_seed: reference
 * rows, a developer's test data) run in name order, all in one
 * transaction: either every file takes effect or none does. Statements are
 * split by libpg_query and sent in one round trip; a failing one is named
 * by its file and line. No version table: seeds are not migrations.
 *
 * Ownership: nothing is kept.
 */
#ifndef MIG_SEED_H
#define MIG_SEED_H

struct db_config;
struct diag;
struct strbuf;

/*
 * Runs every *.sql file of dir against cfg's database; out gets one line
 * per file run ("seeded DIR/FILE (N statements)"). With sql_only, out gets
 * the SQL instead and nothing runs. Returns 0, 1 when the database refused
 * (d names the file and line), 2 for bad input (no such folder, no file,
 * a file that does not parse).
 */
int seed_run(const struct db_config *cfg, const char *dir, int sql_only, struct strbuf *out,
	     struct diag *d);

#endif

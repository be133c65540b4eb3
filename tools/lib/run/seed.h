/*
 * seed: the SQL files of a seeds folder (seeds/004's db_seed: reference
 * rows, a developer's test data) run in name order, all in one
 * transaction: either every file takes effect or none does. Statements are
 * split by libpg_query and sent in one round trip; a failing one is named
 * by its file and line. Each file runs once: the files that ran, with their
 * checksums, are recorded in mig_seeds in the same transaction, and a later
 * run skips them (again: runs every file again). A file edited since it ran
 * is not run again by itself: it is named, and runs when asked.
 *
 * Ownership: nothing is kept.
 */
#ifndef MIG_SEED_H
#define MIG_SEED_H

#include <stdbool.h>

struct db_config;
struct diag;
struct strbuf;

/*
 * Runs the *.sql files of dir that have not run on cfg's database (every
 * one with again); out gets one line per file ("seeded DIR/FILE (N
 * statements)", "already seeded DIR/FILE at TIME", "DIR/FILE changed since
 * it was seeded at TIME: not run again"). With sql_only, out gets the SQL
 * instead and nothing runs.
 */
enum seed_result {
	SEED_OK,
	SEED_FAILED,    /* the database refused (d names the file and line) */
	SEED_BAD_INPUT, /* no such folder, no file, a file that does not parse (d set) */
};

enum seed_result seed_run(const struct db_config *cfg, const char *dir, bool sql_only, bool again, struct strbuf *out,
	     struct diag *d);

#endif

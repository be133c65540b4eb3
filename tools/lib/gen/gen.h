/*
 * gen: what mig-gen does. Reads the models and the recorded state of the
 * latest revision, computes the difference (diff.h), and writes the next
 * migration for each dialect plus the new recorded state, atomically and
 * never over an existing file. The recorded state of revision R is
 * MIGRATIONS/state/R.xml, the canonical model after R (no database needed).
 */
#ifndef MIG_GEN_H
#define MIG_GEN_H

#include <stdbool.h>

#include "diff.h"
#include "diff_decide.h"

struct diag;
struct strbuf;

struct gen_options {
	const char *models;      /* the models directory */
	const char *migrations;  /* the migrations directory */
	const char *app;         /* NULL: every app, in one chain */
	const char *dialect;     /* a dialect's name (dialect.h); NULL: the folders that have migrations,
				    url_dialect's, and with no database configured every dialect */
	const char *url_dialect; /* the configured database's dialect, or NULL when none is configured */
	const char *name;        /* the migration's name (message); NULL: "init"/"update" */
	const char *timestamp;   /* YYYYMMDDHHMMSS; NULL: SOURCE_DATE_EPOCH, then now */
	bool empty, merge, check, rehash;
	bool online;             /* the online plan style (diff_online.h): --online, MIG_ONLINE=1 */
	struct strbuf *notes;    /* gen_run()'s own (leave it NULL): the notes reach the caller in d's list */
	struct diff_options diff;
};

enum gen_result {
	GEN_WRITTEN,      /* a migration was written */
	GEN_NO_CHANGES,   /* nothing to do */
	GEN_PENDING,      /* --check: the models are ahead of the migrations */
	GEN_BAD_INPUT,    /* bad models, a missing decision, damaged migrations (d set) */
};

/*
 * Runs mig-gen. out receives what the tool prints on stdout (the paths
 * written, "no changes", or the changes for --check); d's list what it
 * left out, as notes ("FILE: not carried over from ..."), whatever the
 * result.
 */
enum gen_result gen_run(const struct gen_options *o, struct strbuf *out, struct diag *d);

/*
 * --timestamp's value: 0 when arg is YYYYMMDDHHMMSS (14 digits), else -1
 * with d set (the error and a hint).
 */
int gen_check_timestamp(const char *arg, struct diag *d);

#endif

/*
 * migcheck: what mig-check does, the CI gate behind `make check-migrations`.
 * It lists every problem of the migrations in one run, one line each:
 *
 *   - mig.sum and the files disagree (a file edited, added or missing);
 *   - a file is not a migration, or its SQL does not parse (libpg_query,
 *     offline), or the revisions do not form a graph (parents, cycles);
 *   - the graph has more than one head;
 *   - the models are ahead of the migrations;
 *   - replayed on a scratch database (created and dropped on the
 *     configured server, or the scratch server): a revision does not give
 *     the state mig-gen recorded for it (hand-edited SQL that desyncs), a
 *     down does not give its parent's state back, or up again does not give
 *     the head's;
 *   - the configured database (when one is configured) has pending
 *     migrations, a dirty one, or revisions the folder does not know;
 *   - with lint: a migration has an unacknowledged lint finding (lint.h),
 *     "FILE:LINE: RULE: message" and an indented "    safe: ..." line.
 *
 * Each problem is a line "WHERE: message", WHERE a file (with its line when
 * known), a folder or the database.
 *
 * Ownership: the caller owns the buffers; nothing is kept.
 */
#ifndef MIG_MIGCHECK_H
#define MIG_MIGCHECK_H

#include <stdbool.h>

struct db_config;
struct env;
struct diag;
struct strbuf;

struct check_options {
	const char *models;      /* the models directory */
	const char *migrations;  /* the migrations directory */
	const char *app;         /* NULL: every app */
	const char *dialect;     /* NULL: every dialect folder that exists */
	const struct env *env;   /* the environment and .env files: an app's own database (chain.h), or NULL */
	/* optional: each check as it starts ("replaying migrations/pgsql") */
	void (*progress)(void *ctx, const char *what);
	void *ctx;
	/* --lint: the lint's unacknowledged findings (lint.h) are problems too */
	bool lint;
	const char *lint_since; /* optional, with lint: only the revisions numbered after this one */
};

enum migcheck_result {
	MIGCHECK_OK,       /* no problem */
	MIGCHECK_PROBLEMS, /* at least one problem */
	MIGCHECK_ERROR,    /* the check itself could not run (d set) */
};

/*
 * Runs every check. cfg is the configured database (checked for pending
 * and dirty revisions unless it is the embedded default); scratch names
 * the server for the scratch database (NULL: cfg's, when it is a
 * PostgreSQL server). Appends one line per problem to problems and a
 * summary of what was checked to checked; *count gets the number of
 * problems.
 */
enum migcheck_result migcheck_run(const struct check_options *o, const struct db_config *cfg,
				  const struct db_config *scratch, struct strbuf *problems,
				  struct strbuf *checked, int *count, struct diag *d);

/*
 * mig-check --json: {"result": "ok"|"failed"|"error", "problems": [{"file",
 * "line", "message"}], "checked": ["..."], "error": null|{...}} and a line
 * end, into out, from what migcheck_run() returned and wrote (a problem
 * line "WHERE: message", WHERE a file with its line, a folder or the
 * database).
 */
void migcheck_json(enum migcheck_result r, const char *problems, const char *checked, const struct diag *d,
		   struct strbuf *out);

#endif

/*
 * env: the environment the tools read their settings from: the real
 * environment, then layered .env files (as seeds/004 and python-dotenv):
 *
 *   .env, .env.local, .env.$ENV, .env.$ENV.local
 *
 * read in that order from the current directory, a later file overriding an
 * earlier one; $ENV is MIG_ENV, else PYTHON_ENV (from the real environment,
 * else from the first two files). The real environment wins over every file.
 *
 * File syntax: KEY=VALUE lines, optionally "export KEY=VALUE"; '#' starts a
 * comment (in an unquoted value, after a space); 'single quotes' are literal;
 * "double quotes" take \n, \t, \" and \\; ${NAME} in unquoted and double-quoted
 * values is replaced by NAME's value so far. A malformed line is an error
 * naming the file and line.
 *
 * Ownership: struct env owns the values read from files.
 */
#ifndef MIG_ENV_H
#define MIG_ENV_H

#include "strmap.h"

struct diag;

struct env {
	struct strmap vars; /* NAME -> owned value */
};

void env_init(struct env *e);
void env_release(struct env *e);

/* Reads the layered .env files of dir (missing files are fine). Returns 0 or -1. */
int env_load(struct env *e, const char *dir, struct diag *d);

/* NAME's value: the real environment's, else the files', else NULL. */
const char *env_get(const struct env *e, const char *name);

/*
 * libpq reads its PG* variables (PGHOST, PGSSLMODE, ...) from the process
 * environment: copies those set only in .env files there.
 */
void env_export_libpq(const struct env *e);

#endif

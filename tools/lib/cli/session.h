/*
 * session: the setup every tool's main shares, so that a main reads its
 * session, calls the library and maps the result to an exit status.
 *
 *   session_init()    the defaults
 *   session_parse()   the command line, from the tool's table of options
 *                     (struct session_option) and the common ones (--models,
 *                     --migrations, --app, --dialect, --database-url, -h,
 *                     -V), by getopt_long: abbreviations, --opt=value,
 *                     bundled short options and "--" as getopt has them
 *   session_setup()   the .env files and the environment, the database's
 *                     configuration, the migration folder of the dialect
 *   session_release() everything the session owns
 *
 * Errors are reported on stderr as they are found (cli.h), in the order
 * and with the words the tools always had; each step returns a
 * session_result, which session_exit_code(SESSION_OP_SESSION, r) maps.
 *
 * Ownership: the session owns env, cfg, dir and diag, and the arrays of
 * SESSION_LIST options; option values and args are borrowed from argv.
 */
#ifndef MIG_SESSION_H
#define MIG_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "strbuf.h"

enum session_result {
	SESSION_GO,        /* go on */
	SESSION_DONE,      /* --help or --version printed: exit 0 */
	SESSION_USAGE,     /* bad usage, printed */
	SESSION_BAD_INPUT, /* a bad value (an option's, LOG_LEVEL, the URL), printed */
};

/* What an option does with its value. */
enum session_option_kind {
	SESSION_FLAG,   /* bool *: set */
	SESSION_STRING, /* const char **: the value */
	SESSION_LIST,   /* struct session_list *: each value appended */
	SESSION_NUMBER, /* int *: a whole number in [min, max] ('--wait: "5x" is invalid') */
	SESSION_SET,    /* int *: set to min */
	SESSION_IGNORE, /* accepted, does nothing (kept for older scripts) */
};

/* The values of a repeatable option, in order (borrowed strings, owned array). */
struct session_list {
	const char **items;
	size_t nr, alloc;
};

struct session_option {
	const char *name;              /* the long name, without "--" */
	int letter;                    /* its short form ('q': -q), or 0 */
	enum session_option_kind kind;
	void *value;                   /* where it goes (see the kinds) */
	long min, max;                 /* SESSION_NUMBER's range; SESSION_SET's value in min */
	/* optional, SESSION_STRING: -1 refuses arg with d set (the error and its hint) */
	int (*check)(const char *arg, struct diag *d);
};

/*
 * Table entries; the value's type is checked. A table ends with
 * SESSION_OPT_END; the options are listed sorted by name, as --help and
 * getopt's "possibilities" show them.
 */
#define SESSION_OPT_FLAG(name, letter, p) \
	{ name, letter, SESSION_FLAG, (void *)(1 ? (p) : (bool *)NULL), 0, 0, NULL }
#define SESSION_OPT_STRING(name, p) \
	{ name, 0, SESSION_STRING, (void *)(1 ? (p) : (const char **)NULL), 0, 0, NULL }
#define SESSION_OPT_CHECKED(name, p, check) \
	{ name, 0, SESSION_STRING, (void *)(1 ? (p) : (const char **)NULL), 0, 0, check }
#define SESSION_OPT_LIST(name, p) \
	{ name, 0, SESSION_LIST, (void *)(1 ? (p) : (struct session_list *)NULL), 0, 0, NULL }
#define SESSION_OPT_NUMBER(name, p, min, max) \
	{ name, 0, SESSION_NUMBER, (void *)(1 ? (p) : (int *)NULL), min, max, NULL }
#define SESSION_OPT_SET(name, p, v) \
	{ name, 0, SESSION_SET, (void *)(1 ? (p) : (int *)NULL), v, 0, NULL }
#define SESSION_OPT_IGNORE(name) { name, 0, SESSION_IGNORE, NULL, 0, 0, NULL }
#define SESSION_OPT_END { NULL, 0, SESSION_FLAG, NULL, 0, 0, NULL }

/* What a tool tells session_parse(). */
struct session_tool {
	void (*help)(void);                   /* --help's text on stdout */
	const struct session_option *options; /* the tool's own, or NULL */
	int min_args, max_args;               /* operands after the options */
};

/*
 * Whose result a main maps to its exit status: the library call (or the
 * session) that returned it.
 */
enum session_op {
	SESSION_OP_SESSION,  /* enum session_result */
	SESSION_OP_APPLY,    /* enum apply_status: apply_run(), apply_stamp() */
	SESSION_OP_SEED,     /* enum seed_result */
	SESSION_OP_GEN,      /* enum gen_result */
	SESSION_OP_STATUS,   /* enum status_result */
	SESSION_OP_MIGCHECK, /* enum migcheck_result */
	SESSION_OP_MODELS,   /* 0 or -1: reading the models (bad input) */
	SESSION_OP_DATABASE, /* 0 or -1: reading or copying a database (mig-inspect, mig-backup) */
	SESSION_OP_CHECKS,   /* 0 or -1: the checks of the options and the folder before a run (cli_check_*) */
	SESSION_OP_LINT,     /* enum lint_result */
};

/*
 * The exit status of result r of op: one table for every tool (each man
 * page's EXIT STATUS). A pair the table does not know is MIG_EXIT_FAILED.
 */
enum mig_exit session_exit_code(enum session_op op, int r);

struct session {
	struct cli_common common;  /* the common options */
	char **args;               /* session_parse(): the operands (borrowed from argv) */
	int nr_args;
	struct env env;            /* session_setup(): the environment and the .env files */
	struct db_config cfg;      /* session_setup(): the database */
	struct strbuf dir;         /* session_setup(): DIR/<dialect>, --dialect's or the database's */
	enum log_level level;      /* session_setup(): LOG_LEVEL */
	struct diag diag;          /* the main's own diag for the library calls it makes */
	const struct session_option *options; /* the table parsed (its lists are freed with the session) */
};

void session_init(struct session *s);
void session_release(struct session *s);

/*
 * Parses argv: the common options into s->common, the tool's into its
 * table, the operands into s->args. --help and --version print and return
 * SESSION_DONE; an unknown option, a missing value (getopt's complaint
 * plus 'Try "TOOL --help" for more information.') or a wrong number of
 * operands returns SESSION_USAGE, an invalid value SESSION_BAD_INPUT, each
 * printed.
 */
enum session_result session_parse(struct session *s, int argc, char **argv, const struct session_tool *tool);

/*
 * Loads the .env files of the current directory, checks LOG_LEVEL, passes
 * the PG* settings on to libpq, resolves the database (--database-url,
 * DATABASE_URL, POSTGRES_* or the embedded default) and sets dir.
 * Returns SESSION_GO, or SESSION_BAD_INPUT with the error printed.
 */
enum session_result session_setup(struct session *s);

/*
 * session_parse(), then session_setup(): the start of every tool that
 * needs the database's configuration.
 */
enum session_result session_start(struct session *s, int argc, char **argv, const struct session_tool *tool);

/* session_release(), then the exit status for result r of op (session_exit_code()). */
int session_end(struct session *s, enum session_op op, int r);

#endif

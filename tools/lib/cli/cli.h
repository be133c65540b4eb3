/*
 * cli: what every mig tool shares on the command line. Only tools (and this
 * module, on their behalf) print to stderr and choose exit codes.
 *
 * A tool defines tool_name[] and tool_main(); common_main.c provides main(),
 * which runs tool_main(), checks that stdout was written successfully, and
 * frees library-global state so that leak checkers see a clean exit.
 */
#ifndef MIG_CLI_H
#define MIG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct chain_db;
struct db_config;
struct env;
struct migscan;
struct model_names;
struct strbuf;

/* The exit statuses of every tool (documented in each man page). */
enum mig_exit {
	MIG_EXIT_OK = 0,     /* success */
	MIG_EXIT_FAILED = 1, /* the operation or check failed */
	MIG_EXIT_USAGE = 2,  /* bad usage or bad input */
};

/* Defined by each tool. */
extern const char tool_name[];
int tool_main(int argc, char **argv);

/* The options every tool takes (DESIGN.md, command contract). */
struct cli_common {
	const char *models;       /* --models, default "models" */
	const char *migrations;   /* --migrations, default "migrations" */
	const char *app;          /* --app, NULL: every app */
	const char *dialect;      /* --dialect pgsql|sqlite, NULL: from the URL */
	const char *database_url; /* --database-url, NULL: from the environment */
};

void cli_common_init(struct cli_common *c);

/* Prints the "Common options:" block of --help. */
void cli_print_common_help(FILE *f);
/* Prints "mig-gen (mig) X.Y.Z". */
void cli_print_version(void);
/*
 * After getopt's own complaint: 'Try "mig-gen --help" for more
 * information.' Returns MIG_EXIT_USAGE.
 */
int cli_usage_error(void);

/*
 * Messages. Every line a tool prints on stderr (but the progress of a run
 * and getopt's own complaints) is formatted by cli_format_message(): "TOOL:
 * LABEL: text", the label from the severity (diag.h: "error: ",
 * "warning: ", "note: ", "hint: ", none for DIAG_INFO); a hint goes through
 * cli_hint_for_user(). A diag is its list in order, then its error as
 * diag_format() writes it with the prefix "TOOL: ", its hint last.
 */
void cli_format_message(struct strbuf *out, const char *tool, enum diag_severity sev, const char *text);

enum cli_report_flags {
	CLI_REPORT_QUIET = 1 << 0, /* of the list only errors and hints (LOG_LEVEL=error) */
	CLI_REPORT_ERROR = 1 << 1, /* the error even when none is set ("error: unknown error") */
};
void cli_format_diag(struct strbuf *out, const char *tool, const struct diag *d, enum cli_report_flags flags);

/* d on stderr: its list (quiet: errors and hints only), then its error if one is set. */
void cli_report(const struct diag *d, bool quiet);
/* d on stderr after a failure: its list, then its error. */
void cli_print_diag(const struct diag *d);
/* One message on stderr: "mig-gen: note: <message>". */
void cli_message(enum diag_severity sev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "mig-gen: error: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * For the tools that run the folder of the database's dialect, where
 * running nothing would look like success: -1 (the error printed) when dir
 * is missing (and, unless --dialect chose it, the other dialect's folder
 * exists: the migrations were written for the other database, say only
 * pgsql while nothing is configured and the embedded SQLite database is in
 * use), or when --app names an app none of its migrations belongs to; 0
 * otherwise.
 */
int cli_check_dialect_folder(const struct cli_common *c, const struct db_config *cfg, const char *dir);

/*
 * For the tools that run a folder against the database: -1 (the error
 * printed) when --dialect (MIG_DIALECT) names another dialect than the
 * database's, before anything connects or runs (a pgsql folder run on a
 * SQLite file, or the other way round); 0 otherwise.
 */
int cli_check_dialect_matches(const struct cli_common *c, const struct db_config *cfg);

/*
 * For the tools that run chains on databases (chain.h): the database and
 * folder of each chain of chains into *dbs (allocated, chains->nr entries;
 * chain_dbs_release() them, then free()), from the app map of --models
 * (a missing directory: no app names a database). With --app, an explicit
 * --database-url wins over the app's own variable; without --app each
 * chain runs on its own database whatever the URL. With use_databases,
 * --dialect must match every chain's database, and a chain whose database
 * has another dialect than cfg must have migrations in its own folder;
 * without it (a view of the folder alone) every chain gets cfg.
 * Returns 0, or -1 with the error printed (exit 2), before any database is
 * used.
 */
int cli_chain_databases(const struct cli_common *c, const struct env *env, const struct db_config *cfg,
			const struct model_names *chains, bool use_databases, struct chain_db **dbs);

/*
 * "<tool>: <chain>: database DISPLAY (VAR), migrations DIR" on stderr: the
 * log line of a chain that runs on a database of its own, or of any chain
 * when some other one does.
 */
void cli_print_chain_database(const char *chain, const struct chain_db *db);

/*
 * The chains a tool acts on in folder dir toward target (chain_select():
 * what prefixes its messages), then each one's database
 * (cli_chain_databases()): the start every chain-running main shares.
 * scan: dir already scanned (migscan.h), or NULL.
 * Returns 0, or -1 with the error printed (exit 2).
 */
int cli_select_chains(const struct cli_common *c, const struct env *env, const struct db_config *cfg,
		      const struct migscan *scan, const char *dir, const char *target, const char *what,
		      bool use_databases, struct model_names *chains, struct chain_db **dbs);

/*
 * How much the tools say, from LOG_LEVEL (the environment or the .env
 * files, as the application's own logging reads it): "error" only errors;
 * "warning" (the default) warnings too, and progress on a terminal; "info"
 * progress and summaries in pipes too (CI logs); "debug" also the database
 * and folder used. Python's names (critical, warn, ...) and numbers (10 to
 * 50) are understood; unset or empty is the default, anything else is
 * refused by session_setup() (cli_check_log_level()).
 */
enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARNING,
	LOG_ERROR,
};

/*
 * A yes/no setting from the environment (MIG_ONLINE=1): 1, true, yes, on
 * set *value to 1; 0, false, no, off and the empty string to 0; unset
 * leaves it. Returns 0, or -1 after printing the error for anything else.
 */
int cli_env_flag(const struct env *env, const char *name, int *value);

enum log_level cli_log_level(const struct env *env);
/* -1 with d set when LOG_LEVEL names no level (a typo must not pass as the default). */
int cli_check_log_level(const struct env *env, struct diag *d);

/*
 * mig-inspect's report of what the model leaves out (inspect.h: a line
 * each, "note: " lines for other tools' version tables) into d's list: the
 * notes as log lines ("mig-inspect: left out table ..."), the others as
 * warnings, or with strict as errors followed by a hint. Returns 0, or -1
 * when strict refuses something.
 */
int cli_left_out(struct diag *d, const char *lines, bool strict);

/* Can the tool ask: are standard input and standard error a terminal? */
bool cli_interactive(void);
/*
 * Prints question on stderr and reads one line from stdin. Returns it
 * (owned, without the line end), or NULL at the end of input.
 */
char *cli_ask(const char *question);
/* cli_ask() answered with y or Y (a [y/N] question). */
bool cli_ask_yes(const char *question);

/*
 * A hint as the user can follow it: under mk/mig.mk (MIG_MAKE=1 in the
 * environment, set by its recipes) the tool commands it names become the
 * make targets that run them ("mig-gen --rehash" -> "make db-rehash",
 * "mig-stamp head" -> "make db-stamp to=head"); else hint itself.
 * Appends to out.
 */
void cli_hint_for_user(const char *hint, struct strbuf *out);
/* "mig-gen: hint: <hint>" on stderr, through cli_hint_for_user(). */
void cli_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Flushes and closes stdout; -1 (with a message printed) on a write error. */
int cli_close_stdout(void);

#endif

/*
 * mig-check: the CI gate (make check-migrations). Lists every problem of the
 * migrations and the models, one line each, and exits 1 when there is any.
 */
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "migcheck.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "strbuf.h"

const char tool_name[] = "mig-check";

enum {
	OPT_SCRATCH_URL = CLI_OPT_TOOL_FIRST,
};

static const struct option long_options[] = {
	{ "scratch-url", required_argument, NULL, OPT_SCRATCH_URL },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s checks the migrations and the models, as a CI gate: the sum file,\n"
	       "that every migration parses, one head, the models not ahead of the\n"
	       "migrations, a replay up, down and up again on a scratch database that\n"
	       "gives the recorded states (PostgreSQL: on a server; SQLite: in memory),\n"
	       "and the database's pending and dirty revisions, for every dialect\n"
	       "folder. It lists every problem, one line each, and exits 1.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --scratch-url URL     the server for the scratch database\n"
	       "                            (default: MIG_SCRATCH_URL, then the database's)\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

static int tool_option(void *ctx, int opt, const char *arg)
{
	const char **scratch_url = ctx;

	if (opt != OPT_SCRATCH_URL)
		return 1;
	*scratch_url = arg;
	return 0;
}

/* On a terminal: what it is doing (a replay takes a moment). */
static void progress(void *ctx, const char *what)
{
	(void)ctx;
	fprintf(stderr, "%s: %s...\n", tool_name, what);
}

int tool_main(int argc, char **argv)
{
	struct cli_common common;
	struct check_options o = { 0 };
	struct db_config cfg, scratch;
	struct env env;
	struct diag d = DIAG_INIT;
	struct strbuf dir = STRBUF_INIT, problems = STRBUF_INIT, checked = STRBUF_INIT;
	const char *scratch_url = NULL;
	bool have_scratch = false;
	int rc, count;

	db_config_init(&cfg);
	db_config_init(&scratch);
	env_init(&env);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, tool_option, &scratch_url, 0,
				     NULL, &env, &cfg, &dir);
	if (rc >= 0)
		goto out;
	rc = MIG_EXIT_USAGE;
	if (!scratch_url)
		scratch_url = env_get(&env, "MIG_SCRATCH_URL");
	if (scratch_url && *scratch_url) {
		if (config_resolve(&scratch, scratch_url, &env, &d) < 0) {
			diag_detail(&d, "in the scratch server's URL (--scratch-url or MIG_SCRATCH_URL)");
			cli_print_diag(&d);
			goto out;
		}
		have_scratch = true;
	}
	o.models = common.models;
	o.migrations = common.migrations;
	o.app = common.app;
	o.dialect = common.dialect;
	if (isatty(STDERR_FILENO) && cli_log_level(&env) <= LOG_WARNING)
		o.progress = progress;
	count = check_run(&o, &cfg, have_scratch ? &scratch : NULL, &problems, &checked, &d);
	if (count < 0) {
		cli_print_diag(&d);
		rc = MIG_EXIT_FAILED;
		goto out;
	}
	fputs(problems.buf, stdout);
	fflush(stdout);
	if (count) {
		fprintf(stderr, "%s: %d problem%s\n", tool_name, count, count == 1 ? "" : "s");
		rc = MIG_EXIT_FAILED;
	} else {
		printf("%s: ok\n%s", tool_name, checked.buf);
		rc = MIG_EXIT_OK;
	}
out:
	db_config_release(&cfg);
	db_config_release(&scratch);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&dir);
	strbuf_release(&problems);
	strbuf_release(&checked);
	return rc;
}

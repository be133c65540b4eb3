/*
 * mig-check: the CI gate (make check-migrations). Lists every problem of the
 * migrations and the models, one line each, and exits 1 when there is any.
 */
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "migcheck.h"
#include "session.h"
#include "strbuf.h"

const char tool_name[] = "mig-check";

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
	       "      --json                the problems (file, line, message) and the checks\n"
	       "                            that passed, as one JSON document on stdout\n"
	       "      --lint                the lint of every migration too (mig-lint): an\n"
	       "                            unacknowledged finding is a problem\n"
	       "      --lint-since REV      --lint, for the migrations numbered after REV only\n"
	       "                            (MIG_LINT=1 in the environment or .env: --lint)\n"
	       "      --scratch-url URL     the server for the scratch database\n"
	       "                            (default: MIG_SCRATCH_URL, then the database's)\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

/* On a terminal: what it is doing (a replay takes a moment). */
static void progress(void *ctx, const char *what)
{
	(void)ctx;
	cli_message(DIAG_INFO, "%s...", what);
}

int tool_main(int argc, char **argv)
{
	struct session s;
	struct check_options o = { 0 };
	struct db_config scratch;
	struct strbuf problems = STRBUF_INIT, checked = STRBUF_INIT, shown = STRBUF_INIT;
	const char *scratch_url = NULL, *lint_since = NULL;
	bool json = false, lint = false;
	const struct session_option options[] = {
		SESSION_OPT_FLAG("json", 0, &json),
		SESSION_OPT_FLAG("lint", 0, &lint),
		SESSION_OPT_STRING("lint-since", &lint_since),
		SESSION_OPT_STRING("scratch-url", &scratch_url),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum migcheck_result r = MIGCHECK_ERROR;
	enum session_result sr;
	int count = 0;

	session_init(&s);
	config_init(&scratch);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		goto out;
	if (!scratch_url)
		scratch_url = env_get(&s.env, "MIG_SCRATCH_URL");
	if (scratch_url && *scratch_url && config_resolve(&scratch, scratch_url, &s.env, &s.diag) < 0) {
		diag_detail(&s.diag, "in the scratch server's URL (--scratch-url or MIG_SCRATCH_URL)");
		cli_print_diag(&s.diag);
		sr = SESSION_BAD_INPUT;
		goto out;
	}
	o.models = s.common.models;
	o.migrations = s.common.migrations;
	o.app = s.common.app;
	o.dialect = s.common.dialect;
	o.env = &s.env;
	/* MIG_LINT=1 (the environment, a .env file): the project lints in CI */
	if (!lint && !lint_since) {
		int on = 0;
		if (cli_env_flag(&s.env, "MIG_LINT", &on) < 0) {
			sr = SESSION_USAGE;
			goto out;
		}
		lint = on > 0;
	}
	o.lint = lint || lint_since;
	o.lint_since = lint_since;
	if (isatty(STDERR_FILENO) && s.level <= LOG_WARNING)
		o.progress = progress;
	r = migcheck_run(&o, &s.cfg, scratch_url && *scratch_url ? &scratch : NULL, &problems, &checked, &count,
			 &s.diag);
	if (json)
		migcheck_json(r, problems.buf, checked.buf, &s.diag, &shown);
	else if (r != MIGCHECK_ERROR)
		/* a problem's advice names what the user runs: under make, the target */
		cli_hint_for_user(problems.buf, &shown);
	fputs(shown.buf, stdout);
	fflush(stdout);
	if (r == MIGCHECK_ERROR)
		cli_print_diag(&s.diag);
	else if (count)
		cli_message(DIAG_INFO, "%d problem%s", count, count == 1 ? "" : "s");
	else if (!json)
		printf("%s: ok\n%s", tool_name, checked.buf);
out:
	config_release(&scratch);
	strbuf_release(&problems);
	strbuf_release(&checked);
	strbuf_release(&shown);
	return sr != SESSION_GO ? session_end(&s, SESSION_OP_SESSION, sr) : session_end(&s, SESSION_OP_MIGCHECK, r);
}

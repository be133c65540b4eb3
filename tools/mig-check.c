/*
 * mig-check: the CI gate (make check-migrations). Lists every problem of the
 * migrations and the models, one line each, and exits 1 when there is any.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migcheck.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"

const char tool_name[] = "mig-check";

enum {
	OPT_JSON = CLI_OPT_TOOL_FIRST,
	OPT_SCRATCH_URL,
};

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
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
	       "      --json                the problems (file, line, message) and the checks\n"
	       "                            that passed, as one JSON document on stdout\n"
	       "      --scratch-url URL     the server for the scratch database\n"
	       "                            (default: MIG_SCRATCH_URL, then the database's)\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

struct settings {
	const char *scratch_url;
	bool json;
};

static int tool_option(void *ctx, int opt, const char *arg)
{
	struct settings *set = ctx;

	switch (opt) {
	case OPT_JSON: set->json = true; return 0;
	case OPT_SCRATCH_URL: set->scratch_url = arg; return 0;
	default: return 1;
	}
}

/*
 * --json: {"result": "ok"|"failed"|"error", "problems": [{"file", "line",
 * "message"}], "checked": ["..."], "error": null|{...}}. A problem line is
 * "WHERE: message" (migcheck.h), WHERE a file with its line, a folder or
 * the database.
 */
static void json_report(int count, const char *problems, const char *checked, const struct diag *d)
{
	struct strbuf out = STRBUF_INIT;
	struct json j;

	json_init(&j, &out);
	json_object_begin(&j);
	json_key(&j, "result");
	json_string(&j, count < 0 ? "error" : count ? "failed" : "ok");
	json_key(&j, "problems");
	json_array_begin(&j);
	for (const char *p = problems; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len), *sep = strstr(line, ": "), *colon;
		long at = 0;
		json_object_begin(&j);
		if (sep) {
			*sep = '\0';
			/* "file:12": the line is the number after the last colon */
			colon = strrchr(line, ':');
			if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
				at = strtol(colon + 1, NULL, 10);
				*colon = '\0';
			}
		}
		json_key(&j, "file");
		json_string(&j, sep ? line : NULL);
		json_key(&j, "line");
		if (at > 0)
			json_int(&j, at);
		else
			json_null(&j);
		json_key(&j, "message");
		json_string(&j, sep ? sep + 2 : line);
		json_object_end(&j);
		free(line);
		p += len + (p[len] == '\n');
	}
	json_array_end(&j);
	json_key(&j, "checked");
	json_array_begin(&j);
	for (const char *p = checked; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p + strspn(p, " "), len - strspn(p, " "));
		json_string(&j, line);
		free(line);
		p += len + (p[len] == '\n');
	}
	json_array_end(&j);
	json_key(&j, "error");
	if (count < 0)
		json_diag(&j, d);
	else
		json_null(&j);
	json_object_end(&j);
	strbuf_addch(&out, '\n');
	fputs(out.buf, stdout);
	strbuf_release(&out);
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
	struct settings set = { 0 };
	bool have_scratch = false;
	int rc, count;

	config_init(&cfg);
	config_init(&scratch);
	env_init(&env);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, tool_option, &set, 0,
				     NULL, &env, &cfg, &dir);
	if (rc >= 0)
		goto out;
	rc = MIG_EXIT_USAGE;
	if (!set.scratch_url)
		set.scratch_url = env_get(&env, "MIG_SCRATCH_URL");
	if (set.scratch_url && *set.scratch_url) {
		if (config_resolve(&scratch, set.scratch_url, &env, &d) < 0) {
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
	o.env = &env;
	if (isatty(STDERR_FILENO) && cli_log_level(&env) <= LOG_WARNING)
		o.progress = progress;
	count = migcheck_run(&o, &cfg, have_scratch ? &scratch : NULL, &problems, &checked, &d);
	if (set.json)
		json_report(count, problems.buf, checked.buf, &d);
	if (count < 0) {
		cli_print_diag(&d);
		rc = MIG_EXIT_FAILED;
		goto out;
	}
	if (!set.json) {
		/* a problem's advice names what the user runs: under make, the target */
		struct strbuf shown = STRBUF_INIT;
		cli_hint_for_user(problems.buf, &shown);
		fputs(shown.buf, stdout);
		strbuf_release(&shown);
	}
	fflush(stdout);
	if (count) {
		fprintf(stderr, "%s: %d problem%s\n", tool_name, count, count == 1 ? "" : "s");
		rc = MIG_EXIT_FAILED;
	} else {
		if (!set.json)
			printf("%s: ok\n%s", tool_name, checked.buf);
		rc = MIG_EXIT_OK;
	}
out:
	config_release(&cfg);
	config_release(&scratch);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&dir);
	strbuf_release(&problems);
	strbuf_release(&checked);
	return rc;
}

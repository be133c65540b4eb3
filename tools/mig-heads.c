/*
 * mig-heads: shows the heads of the migration graph, pending migrations,
 * history and the database's current revision.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chain.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "model.h"
#include "status.h"
#include "strbuf.h"

const char tool_name[] = "mig-heads";

enum {
	OPT_CHECK = CLI_OPT_TOOL_FIRST,
	OPT_CURRENT,
	OPT_GRAPH,
	OPT_HISTORY,
	OPT_JSON,
	OPT_PENDING,
};

static const struct option long_options[] = {
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "current", no_argument, NULL, OPT_CURRENT },
	{ "graph", no_argument, NULL, OPT_GRAPH },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "pending", no_argument, NULL, OPT_PENDING },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s shows the heads of the migration graph, the pending migrations,\n"
	       "the history and the database's current revision.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --pending             the migrations not applied yet\n"
	       "      --history             every migration, with applied time and duration\n"
	       "      --current             the database's current revision(s)\n"
	       "      --graph               the revision graph in Graphviz DOT\n"
	       "      --check               exit 1 when there is more than one head\n"
	       "                            (with --pending: when anything is pending)\n"
	       "      --json                machine-readable output\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

static int tool_option(void *ctx, int opt, const char *arg)
{
	struct status_options *o = ctx;

	(void)arg;
	switch (opt) {
	case OPT_CHECK: o->check = true; return 0;
	case OPT_CURRENT: o->view = STATUS_CURRENT; return 0;
	case OPT_GRAPH: o->view = STATUS_GRAPH; return 0;
	case OPT_HISTORY: o->view = STATUS_HISTORY; return 0;
	case OPT_JSON: o->json = true; return 0;
	case OPT_PENDING: o->view = STATUS_PENDING; return 0;
	default: return 1;
	}
}

int tool_main(int argc, char **argv)
{
	struct cli_common common;
	struct status_options o = { .view = STATUS_HEADS };
	struct db_config cfg;
	struct env env;
	struct diag d = DIAG_INIT;
	struct strbuf dir = STRBUF_INIT, out = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	bool live;
	const char *no_color = getenv("NO_COLOR");
	int rc;

	config_init(&cfg);
	env_init(&env);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, tool_option, &o, 0, NULL, &env,
				     &cfg, &dir);
	if (rc >= 0)
		goto out;
	/* heads and the graph read the folder alone; the other views the database too */
	if ((o.view != STATUS_HEADS && o.view != STATUS_GRAPH && cli_check_dialect_matches(&common, &cfg) < 0) ||
	    cli_check_dialect_folder(&common, &cfg, dir.buf) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	o.dir = dir.buf;
	o.color = !o.json && isatty(STDOUT_FILENO) && !(no_color && *no_color);
	/* without --app, every chain (chain.h), each line with its app when there are several */
	/* ... and the views that read a database read each chain's own (chain.h) */
	live = o.view != STATUS_HEADS && o.view != STATUS_GRAPH;
	if (cli_select_chains(&common, &env, &cfg, dir.buf, NULL, "", live, &chains, &dbs) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; live && chain_dbs_any_own(dbs, chains.nr) && i < chains.nr; i++)
		cli_print_chain_database(chains.items[i], &dbs[i]);
	rc = status_run_chains(dbs, &o, &chains, &out, &d);
	fputs(out.buf, stdout);
	if (rc != 0)
		cli_print_diag(&d);
out:
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	config_release(&cfg);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&dir);
	strbuf_release(&out);
	model_names_release(&chains);
	return rc;
}

/*
 * mig-heads: shows the heads of the migration graph, pending migrations,
 * history and the database's current revision.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

const char tool_name[] = "mig-heads";

enum {
	OPT_CHECK = CLI_OPT_TOOL_FIRST,
	OPT_CURRENT,
	OPT_GRAPH,
	OPT_HISTORY,
	OPT_JSON,
	OPT_PENDING,
};

struct heads_opts {
	struct cli_common common;
	bool check, current, graph, history, json, pending;
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

int tool_main(int argc, char **argv)
{
	struct heads_opts o = { 0 };
	int c, r;

	cli_common_init(&o.common);
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h': help(); return MIG_EXIT_OK;
		case 'V': cli_print_version(); return MIG_EXIT_OK;
		case OPT_CHECK: o.check = true; break;
		case OPT_CURRENT: o.current = true; break;
		case OPT_GRAPH: o.graph = true; break;
		case OPT_HISTORY: o.history = true; break;
		case OPT_JSON: o.json = true; break;
		case OPT_PENDING: o.pending = true; break;
		default:
			r = cli_handle_common(&o.common, c, optarg);
			if (r == 0)
				return cli_usage_error();
			if (r < 0)
				return MIG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument \"%s\"", argv[optind]);
		return cli_usage_error();
	}
	cli_error("showing heads is not implemented yet");
	return MIG_EXIT_USAGE;
}

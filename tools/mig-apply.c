/*
 * mig-apply: upgrades or downgrades a database along the migration graph.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char tool_name[] = "mig-apply";

enum {
	OPT_ALLOW_CHANGED = CLI_OPT_TOOL_FIRST,
	OPT_LOCK_TIMEOUT,
	OPT_SINGLE_TRANSACTION,
	OPT_SQL,
	OPT_TO,
	OPT_WAIT,
};

struct apply_opts {
	struct cli_common common;
	const char *to;
	bool sql, single_transaction, allow_changed;
	long wait_seconds;
	long lock_timeout_ms;
};

static const struct option long_options[] = {
	{ "allow-changed", no_argument, NULL, OPT_ALLOW_CHANGED },
	{ "lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT },
	{ "single-transaction", no_argument, NULL, OPT_SINGLE_TRANSACTION },
	{ "sql", no_argument, NULL, OPT_SQL },
	{ "to", required_argument, NULL, OPT_TO },
	{ "wait", required_argument, NULL, OPT_WAIT },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s applies pending migrations, or rolls them back, in order.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --to TARGET           head, base, a revision, +N or -N (default: head)\n"
	       "      --sql                 print the SQL that would run; touch nothing\n"
	       "      --single-transaction  run every migration in one transaction\n"
	       "      --allow-changed       apply even when an applied migration was edited\n"
	       "\nDatabase options:\n"
	       "      --wait SECONDS        retry connecting while the server starts\n"
	       "      --lock-timeout MS     lock_timeout for each statement, with retries\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

int tool_main(int argc, char **argv)
{
	struct apply_opts o = { .to = "head" };
	int c, r;

	cli_common_init(&o.common);
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h': help(); return MIG_EXIT_OK;
		case 'V': cli_print_version(); return MIG_EXIT_OK;
		case OPT_ALLOW_CHANGED: o.allow_changed = true; break;
		case OPT_LOCK_TIMEOUT:
			if (cli_parse_long("--lock-timeout", optarg, 0, 86400000, &o.lock_timeout_ms) < 0)
				return MIG_EXIT_USAGE;
			break;
		case OPT_SINGLE_TRANSACTION: o.single_transaction = true; break;
		case OPT_SQL: o.sql = true; break;
		case OPT_TO: o.to = optarg; break;
		case OPT_WAIT:
			if (cli_parse_long("--wait", optarg, 0, 86400, &o.wait_seconds) < 0)
				return MIG_EXIT_USAGE;
			break;
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
	cli_error("applying migrations is not implemented yet");
	return MIG_EXIT_USAGE;
}

/*
 * mig-stamp: marks a database as being at a revision without running SQL.
 */
#include <stdio.h>

#include "cli.h"

const char tool_name[] = "mig-stamp";

static const struct option long_options[] = {
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s marks the database as being at a revision without running any\n"
	       "migration SQL (to adopt an existing database, or to clear a dirty mark).\n\n"
	       "Usage:\n"
	       "  %s [OPTION]... REV|head|base\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

int tool_main(int argc, char **argv)
{
	struct cli_common common;
	int c, r;

	cli_common_init(&common);
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h': help(); return MIG_EXIT_OK;
		case 'V': cli_print_version(); return MIG_EXIT_OK;
		default:
			r = cli_handle_common(&common, c, optarg);
			if (r == 0)
				return cli_usage_error();
			if (r < 0)
				return MIG_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(argc == optind ? "no revision given" : "more than one revision given");
		return cli_usage_error();
	}
	cli_error("stamping is not implemented yet");
	return MIG_EXIT_USAGE;
}

/*
 * mig-inspect: reads a live database's schema into a model document.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "xalloc.h"

const char tool_name[] = "mig-inspect";

enum {
	OPT_SCHEMA = CLI_OPT_TOOL_FIRST,
};

struct inspect_opts {
	struct cli_common common;
	const char **schemas; /* owned array of borrowed argv strings */
	size_t nr_schemas, alloc_schemas;
};

static const struct option long_options[] = {
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s prints the schema of a live database as a model document.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --schema NAME         inspect schema NAME (repeatable; default: every user schema)\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

int tool_main(int argc, char **argv)
{
	struct inspect_opts o = { 0 };
	int c, r, rc = MIG_EXIT_USAGE;

	cli_common_init(&o.common);
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h': help(); rc = MIG_EXIT_OK; goto out;
		case 'V': cli_print_version(); rc = MIG_EXIT_OK; goto out;
		case OPT_SCHEMA:
			ALLOC_GROW(o.schemas, o.nr_schemas + 1, o.alloc_schemas);
			o.schemas[o.nr_schemas++] = optarg;
			break;
		default:
			r = cli_handle_common(&o.common, c, optarg);
			if (r == 0) {
				rc = cli_usage_error();
				goto out;
			}
			if (r < 0)
				goto out;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument \"%s\"", argv[optind]);
		rc = cli_usage_error();
		goto out;
	}
	cli_error("inspecting a database is not implemented yet");
out:
	free(o.schemas);
	return rc;
}

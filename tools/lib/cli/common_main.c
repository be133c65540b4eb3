/*
 * main() for every tool: runs tool_main(), makes a failed write to stdout
 * fail the tool (mig-gen --sql > file on a full disk), keeps the exit status
 * within the documented table, and frees libxml2's global state.
 */
#include <libxml/parser.h>

#include "cli.h"

int main(int argc, char **argv)
{
	int rc = tool_main(argc, argv);

	if (cli_close_stdout() < 0 && rc == MIG_EXIT_OK)
		rc = MIG_EXIT_FAILED;
	xmlCleanupParser();
	if (rc < 0 || rc > MIG_EXIT_USAGE)
		rc = MIG_EXIT_FAILED;
	return rc;
}

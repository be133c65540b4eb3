/*
 * main() for every tool: runs tool_main(), makes a failed write to stdout
 * fail the tool (mig-gen --sql > file on a full disk), keeps the exit status
 * within the documented table, and frees libxml2's global state when a
 * model was read.
 */
#include <malloc.h>

#include "cli.h"
#include "xmllib.h"

int main(int argc, char **argv)
{
	int rc;

	/*
	 * glibc gives freed memory at the top of the heap back only past
	 * 128 kB, a threshold it raises with every large block freed: the
	 * phases of a tool (a model read, a migration parsed, a text written)
	 * then each leave their peak resident. 64 kB, fixed: each phase's
	 * memory goes back to the system when it is done.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024);
	rc = tool_main(argc, argv);

	if (cli_close_stdout() < 0 && rc == MIG_EXIT_OK)
		rc = MIG_EXIT_FAILED;
	xmllib_cleanup();
	if (rc < 0 || rc > MIG_EXIT_USAGE)
		rc = MIG_EXIT_FAILED;
	return rc;
}

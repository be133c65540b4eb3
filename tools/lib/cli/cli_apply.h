/*
 * cli_apply: mig-apply's run as the user sees it, on behalf of its main:
 * every chain of the folder (chain.h), each on its database, with the log
 * lines ("[1/3] applying REV (12 ms)", the waits, the summary), the
 * confirmation of a downgrade that loses data on a terminal, the report of
 * a failure (what failed, where the database is, what is left and which
 * chains did not run), and --json's document.
 *
 * Ownership: nothing is kept.
 */
#ifndef MIG_CLI_APPLY_H
#define MIG_CLI_APPLY_H

#include <stdbool.h>

#include "apply.h"

struct session;

/* How the run is shown. */
struct cli_apply_view {
	bool quiet; /* -q: errors only */
	bool json;  /* --json: one document on stdout after the last chain */
	bool yes;   /* --yes: a downgrade is not confirmed, even on a terminal */
};

/*
 * Runs o (its dir and app set per chain) for every chain of s's folder
 * toward o->target, stopping at the first that fails, and prints as
 * described above. The SQL of --sql goes to stdout. Returns the first
 * chain's result that is not APPLY_OK (its error printed; the chains are
 * chosen first, APPLY_BAD_INPUT when they cannot be), or APPLY_OK.
 */
enum apply_status cli_apply_chains(struct session *s, const struct apply_options *o,
				   const struct cli_apply_view *v);

#endif

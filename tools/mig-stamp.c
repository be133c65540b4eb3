/*
 * mig-stamp: marks a database as being at a revision without running SQL.
 */
#include <stdio.h>
#include <stdlib.h>

#include "apply.h"
#include "chain.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "model.h"
#include "strbuf.h"

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
	struct db_config cfg;
	struct env env;
	struct diag d = DIAG_INIT;
	struct strbuf dir = STRBUF_INIT, out = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	enum apply_status st = APPLY_OK;
	int rc, first;

	config_init(&cfg);
	env_init(&env);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, NULL, NULL, 1, &first, &env,
				     &cfg, &dir);
	if (rc >= 0)
		goto out;
	if (cli_check_dialect_matches(&common, &cfg) < 0 || cli_check_dialect_folder(&common, &cfg, dir.buf) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	/* without --app, every chain's head (or base), or the chain of the revision */
	/* ... each on its own database (chain.h), every one resolved before any is stamped */
	if (cli_select_chains(&common, &env, &cfg, dir.buf, argv[first], "", true, &chains, &dbs) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < chains.nr && st == APPLY_OK; i++) {
		strbuf_reset(&out);
		if (chain_dbs_any_own(dbs, chains.nr))
			cli_print_chain_database(chains.items[i], &dbs[i]);
		st = apply_stamp(dbs[i].cfg, dbs[i].dir, chains.items[i][0] ? chains.items[i] : NULL, argv[first],
				 &out, &d);
		fputs(out.buf, stdout);
	}
	if (st != APPLY_OK) {
		cli_print_diag(&d);
		rc = st == APPLY_BAD_INPUT ? MIG_EXIT_USAGE : MIG_EXIT_FAILED;
		goto out;
	}
	rc = MIG_EXIT_OK;
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

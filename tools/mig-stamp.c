/*
 * mig-stamp: marks a database as being at a revision without running SQL.
 */
#include <stdio.h>
#include <stdlib.h>

#include "apply.h"
#include "chain.h"
#include "cli.h"
#include "model.h"
#include "session.h"
#include "strbuf.h"

const char tool_name[] = "mig-stamp";

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
	struct session s;
	struct strbuf out = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	const struct session_tool tool = { help, NULL, 1, 1 };
	enum apply_status st = APPLY_BAD_INPUT;
	enum session_result sr;
	const char *target;

	session_init(&s);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	target = s.args[0];
	if (cli_check_dialect_matches(&s.common, &s.cfg) < 0 || cli_check_dialect_folder(&s.common, &s.cfg, s.dir.buf) < 0)
		return session_end(&s, SESSION_OP_CHECKS, -1);
	/* without --app, every chain's head (or base), or the chain of the revision */
	/* ... each on its own database (chain.h), every one resolved before any is stamped */
	if (cli_select_chains(&s.common, &s.env, &s.cfg, NULL, s.dir.buf, target, "", true, &chains, &dbs) < 0)
		goto out;
	st = APPLY_OK;
	for (size_t i = 0; i < chains.nr && st == APPLY_OK; i++) {
		strbuf_reset(&out);
		if (chain_dbs_any_own(dbs, chains.nr))
			cli_print_chain_database(chains.items[i], &dbs[i]);
		st = apply_stamp(dbs[i].cfg, dbs[i].dir, chains.items[i][0] ? chains.items[i] : NULL, target, &out,
				 &s.diag);
		fputs(out.buf, stdout);
	}
	if (st != APPLY_OK)
		cli_print_diag(&s.diag);
out:
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	strbuf_release(&out);
	model_names_release(&chains);
	return session_end(&s, SESSION_OP_APPLY, st);
}

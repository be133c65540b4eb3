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
#include "db.h"
#include "history.h"
#include "migscan.h"
#include "model.h"
#include "session.h"
#include "status.h"
#include "strbuf.h"

const char tool_name[] = "mig-heads";

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
	struct session s;
	struct status_options o = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	struct migscan scan;
	struct db_start early = { 0 };
	int view = STATUS_HEADS;
	const char *no_color = getenv("NO_COLOR");
	const struct session_option options[] = {
		SESSION_OPT_FLAG("check", 0, &o.check),
		SESSION_OPT_SET("current", &view, STATUS_CURRENT),
		SESSION_OPT_SET("graph", &view, STATUS_GRAPH),
		SESSION_OPT_SET("history", &view, STATUS_HISTORY),
		SESSION_OPT_FLAG("json", 0, &o.json),
		SESSION_OPT_SET("pending", &view, STATUS_PENDING),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum session_result sr;
	bool live;
	int r;

	session_init(&s);
	migscan_init(&scan);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	o.view = (enum status_view)view;
	/* heads and the graph read the folder alone; the other views the database too */
	live = o.view != STATUS_HEADS && o.view != STATUS_GRAPH;
	if ((live && cli_check_dialect_matches(&s.common, &s.cfg) < 0) ||
	    cli_check_dialect_folder(&s.common, &s.cfg, s.dir.buf) < 0)
		return session_end(&s, SESSION_OP_CHECKS, -1);
	o.dir = s.dir.buf;
	o.color = !o.json && isatty(STDOUT_FILENO) && !(no_color && *no_color);
	/* without --app, every chain (chain.h), each line with its app when there are several */
	/* ... and the views that read a database read each chain's own (chain.h) */
	/* one look at the folder for the chains and every view (a folder that cannot be read: each says so) */
	/* ... while the database starts its session (db.h): a new backend takes as long as the folder */
	if (live) {
		db_start(&early, &s.cfg, "mig-heads");
		o.started = &early;
		/* and the version table is read meanwhile (--pending shows no times nor checksums: the brief read) */
		history_ask(&early, s.common.app, o.view == STATUS_PENDING ? HISTORY_STATE : HISTORY_ALL);
		scan.tick = db_start_poll;
		scan.tick_ctx = &early;
	}
	if (migscan_load(&scan, s.dir.buf, &s.diag) == 0)
		o.scan = &scan;
	diag_clear_error(&s.diag);
	if (cli_select_chains(&s.common, &s.env, &s.cfg, o.scan, s.dir.buf, NULL, "", live, &chains, &dbs) < 0) {
		r = -1;
		goto out;
	}
	for (size_t i = 0; live && chain_dbs_any_own(dbs, chains.nr) && i < chains.nr; i++)
		cli_print_chain_database(chains.items[i], &dbs[i]);
	r = status_run_chains(dbs, &o, &chains, &out, &s.diag);
	fputs(out.buf, stdout);
	if (r != STATUS_OK)
		cli_print_diag(&s.diag);
out:
	db_start_release(&early);
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	strbuf_release(&out);
	model_names_release(&chains);
	migscan_release(&scan);
	return r < 0 ? session_end(&s, SESSION_OP_CHECKS, r) : session_end(&s, SESSION_OP_STATUS, r);
}

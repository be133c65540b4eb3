/*
 * mig-apply: upgrades or downgrades a database along the migration graph.
 */
#include <stdbool.h>
#include <stdio.h>

#include "apply.h"
#include "cli.h"
#include "cli_apply.h"
#include "seed.h"
#include "session.h"

const char tool_name[] = "mig-apply";

static void help(void)
{
	printf("%s applies pending migrations, or rolls them back, in order.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --to TARGET           head, base, a revision, +N or -N (default: head)\n"
	       "      --upgrade             only move up: a TARGET behind the database is refused\n"
	       "      --downgrade           only move down (default TARGET: -1, one migration)\n"
	       "      --yes                 undo without asking: a terminal is asked before a\n"
	       "                            downgrade that drops data or goes to base\n"
	       "      --sql                 print the SQL that would run; touch nothing\n"
	       "      --single-transaction  run every migration in one transaction\n"
	       "      --allow-changed       apply even when an applied migration was edited\n"
	       "  -q, --quiet               no log lines (the database, each migration, the\n"
	       "                            summary), only errors\n"
	       "      --json                what it applied or undid, and any error, as one\n"
	       "                            JSON document on stdout\n"
	       "      --progress            accepted for older scripts: the log lines are the default\n"
	       "      --seed DIR            run the SQL files of DIR instead, in name order,\n"
	       "                            in one transaction, each file once (recorded in\n"
	       "                            mig_seeds; no migration runs)\n"
	       "      --reseed              with --seed: run every file again\n"
	       "\nDatabase options:\n"
	       "      --wait SECONDS        retry connecting while the server starts (saying so)\n"
	       "      --lock-timeout MS     lock_timeout for each statement, with retries\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

int tool_main(int argc, char **argv)
{
	struct session s;
	struct apply_options o = { .lock_retries = 3 };
	struct cli_apply_view v = { 0 };
	struct strbuf sql = STRBUF_INIT;
	const char *seed_dir = NULL;
	bool upgrade = false, downgrade = false, reseed = false;
	const struct session_option options[] = {
		SESSION_OPT_FLAG("allow-changed", 0, &o.allow_changed),
		SESSION_OPT_FLAG("downgrade", 0, &downgrade),
		SESSION_OPT_FLAG("json", 0, &v.json),
		SESSION_OPT_NUMBER("lock-timeout", &o.lock_timeout_ms, 1, 86400000),
		SESSION_OPT_IGNORE("progress"), /* once needed in pipes; now the default */
		SESSION_OPT_FLAG("quiet", 'q', &v.quiet),
		SESSION_OPT_FLAG("reseed", 0, &reseed),
		SESSION_OPT_STRING("seed", &seed_dir),
		SESSION_OPT_FLAG("single-transaction", 0, &o.single_transaction),
		SESSION_OPT_FLAG("sql", 0, &o.sql_only),
		SESSION_OPT_STRING("to", &o.target),
		SESSION_OPT_FLAG("upgrade", 0, &upgrade),
		SESSION_OPT_NUMBER("wait", &o.wait_seconds, 0, 86400),
		SESSION_OPT_FLAG("yes", 0, &v.yes),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum session_result sr;
	int r;

	session_init(&s);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	if (reseed && !seed_dir) {
		cli_error("--reseed goes with --seed DIR");
		return session_end(&s, SESSION_OP_SESSION, SESSION_USAGE);
	}
	if (v.json && (o.sql_only || seed_dir)) {
		cli_error("--json cannot be combined with %s", seed_dir ? "--seed" : "--sql");
		cli_usage_error();
		return session_end(&s, SESSION_OP_SESSION, SESSION_USAGE);
	}
	if (seed_dir) {
		r = seed_run(&s.cfg, seed_dir, o.sql_only, reseed, &sql, &s.diag);
		fputs(sql.buf, stdout);
		strbuf_release(&sql);
		if (r != SEED_OK)
			cli_print_diag(&s.diag);
		return session_end(&s, SESSION_OP_SEED, r);
	}
	if (cli_check_dialect_matches(&s.common, &s.cfg) < 0 || cli_check_dialect_folder(&s.common, &s.cfg, s.dir.buf) < 0)
		return session_end(&s, SESSION_OP_CHECKS, -1);
	if (upgrade && downgrade) {
		cli_error("--upgrade and --downgrade cannot be combined");
		return session_end(&s, SESSION_OP_SESSION, SESSION_USAGE);
	}
	o.direction = upgrade ? APPLY_UP_ONLY : downgrade ? APPLY_DOWN_ONLY : APPLY_EITHER;
	if (downgrade && !o.target)
		o.target = "-1"; /* a downgrade's default: the last migration */
	o.dir = s.dir.buf;
	r = cli_apply_chains(&s, &o, &v);
	return session_end(&s, SESSION_OP_APPLY, r);
}

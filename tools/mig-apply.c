/*
 * mig-apply: upgrades or downgrades a database along the migration graph.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "chain.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "model.h"
#include "runlog.h"
#include "seed.h"
#include "strbuf.h"

const char tool_name[] = "mig-apply";

enum {
	OPT_ALLOW_CHANGED = CLI_OPT_TOOL_FIRST,
	OPT_DOWNGRADE,
	OPT_JSON,
	OPT_LOCK_TIMEOUT,
	OPT_PROGRESS,
	OPT_RESEED,
	OPT_SEED,
	OPT_SINGLE_TRANSACTION,
	OPT_SQL,
	OPT_TO,
	OPT_UPGRADE,
	OPT_WAIT,
	OPT_YES,
};

static const struct option long_options[] = {
	{ "allow-changed", no_argument, NULL, OPT_ALLOW_CHANGED },
	{ "downgrade", no_argument, NULL, OPT_DOWNGRADE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "reseed", no_argument, NULL, OPT_RESEED },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "single-transaction", no_argument, NULL, OPT_SINGLE_TRANSACTION },
	{ "sql", no_argument, NULL, OPT_SQL },
	{ "to", required_argument, NULL, OPT_TO },
	{ "upgrade", no_argument, NULL, OPT_UPGRADE },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "yes", no_argument, NULL, OPT_YES },
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

/* What the options set: the run, or a seeds folder to run instead. */
struct settings {
	struct apply_options o;
	const char *seed_dir;
	bool quiet;    /* -q: errors only */
	bool json;     /* --json: the report on stdout */
	bool upgrade, downgrade, yes, reseed;
};

/* What the progress callback needs: the database for the wait line, an open step line, the --json log. */
struct progress_state {
	const char *display;
	bool print;        /* log lines on stderr */
	bool line_open;    /* "[1/3] applying REV " waits for its time */
	struct runlog log;
};

static int tool_option(void *ctx, int opt, const char *arg)
{
	struct settings *set = ctx;
	struct apply_options *o = &set->o;
	long v;

	switch (opt) {
	case OPT_ALLOW_CHANGED: o->allow_changed = true; return 0;
	case OPT_DOWNGRADE: set->downgrade = true; return 0;
	case OPT_LOCK_TIMEOUT:
		if (cli_parse_long("--lock-timeout", arg, 1, 86400000, &v) < 0)
			return -1;
		o->lock_timeout_ms = (int)v;
		return 0;
	case OPT_JSON: set->json = true; return 0;
	case OPT_PROGRESS: return 0; /* once needed in pipes; now the default */
	case OPT_RESEED: set->reseed = true; return 0;
	case 'q': set->quiet = true; return 0;
	case OPT_SEED: set->seed_dir = arg; return 0;
	case OPT_SINGLE_TRANSACTION: o->single_transaction = true; return 0;
	case OPT_SQL: o->sql_only = true; return 0;
	case OPT_TO: o->target = arg; return 0;
	case OPT_UPGRADE: set->upgrade = true; return 0;
	case OPT_WAIT:
		if (cli_parse_long("--wait", arg, 0, 86400, &v) < 0)
			return -1;
		o->wait_seconds = (int)v;
		return 0;
	case OPT_YES: set->yes = true; return 0;
	default:
		return 1;
	}
}

/*
 * Each migration with n/total and its time, and waits, as Alembic and dbmate
 * log them (on a terminal and in a pipe alike; -q or LOG_LEVEL=error: none).
 */
static void progress(void *ctx, const struct apply_event *ev)
{
	struct progress_state *ps = ctx;

	runlog_event(&ps->log, ev);
	if (!ps->print)
		return;
	switch (ev->kind) {
	case APPLY_CONNECT_WAIT:
		fprintf(stderr, "%s: waiting up to %d s for the database %s to accept connections\n", tool_name,
			ev->seconds, ps->display);
		break;
	case APPLY_WAITING:
		fprintf(stderr, "%s: waiting for another mig-apply on this database to finish...\n", tool_name);
		break;
	case APPLY_STEP_START:
		fprintf(stderr, "[%zu/%zu] %s %s ", ev->index, ev->total, ev->up ? "applying" : "undoing",
			ev->revision);
		ps->line_open = true;
		break;
	case APPLY_STEP_DONE:
		fprintf(stderr, "(%.0f ms)\n", ev->ms);
		ps->line_open = false;
		break;
	case APPLY_RETRY:
		fprintf(stderr, "\n%s: lock timeout on %s; attempt %d\n", tool_name, ev->revision, ev->attempt);
		break;
	case APPLY_RESUME:
		fprintf(stderr, "(resuming at statement %d) ", ev->statement);
		break;
	}
	fflush(stderr);
}

/* On a terminal: a downgrade that drops data, or goes to base, is confirmed first. */
static bool confirm_undo(void *ctx, const struct apply_undo_plan *p)
{
	struct strbuf q = STRBUF_INIT;
	bool yes;

	(void)ctx;
	fprintf(stderr, "%s: this downgrade undoes %zu migration%s%s:\n", tool_name, p->steps,
		p->steps == 1 ? "" : "s", p->to_base ? ", every one applied (to base)" : "");
	for (size_t i = 0; i < p->steps; i++)
		fprintf(stderr, "  %s\n", p->revisions[i]);
	if (p->nr_notes)
		fprintf(stderr, "%s: and loses data:\n", tool_name);
	for (size_t i = 0; i < p->nr_notes; i++)
		fprintf(stderr, "  %s\n", p->notes[i]);
	strbuf_addstr(&q, "go ahead? [y/N] ");
	yes = cli_ask_yes(q.buf);
	strbuf_release(&q);
	return yes;
}

static void report_failure(const struct apply_report *rep)
{
	if (rep->failed)
		fprintf(stderr, "%s: revision %s failed; the database is at %s\n", tool_name, rep->failed,
			rep->at && rep->at[0] ? rep->at : "base (no revision)");
	if (rep->nr_left) {
		/* going down, what is left is still applied */
		fprintf(stderr, "%s: %s:\n", tool_name, rep->up ? "UNAPPLIED MIGRATIONS" : "MIGRATIONS STILL APPLIED");
		for (size_t i = 0; i < rep->nr_left; i++)
			fprintf(stderr, "%s:   %s\n", tool_name, rep->left[i]);
	}
}

int tool_main(int argc, char **argv)
{
	struct cli_common common;
	struct settings set = { .o = { .lock_retries = 3 } };
	struct apply_options o;
	struct apply_report rep = { 0 };
	struct progress_state ps = { 0 };
	struct db_config cfg;
	struct env env;
	struct diag d = DIAG_INIT;
	struct strbuf dir = STRBUF_INIT, sql = STRBUF_INIT, label = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	bool tty = isatty(STDERR_FILENO);
	enum log_level level;
	enum apply_status st;
	int rc;

	config_init(&cfg);
	env_init(&env);
	runlog_init(&ps.log);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, tool_option, &set, 0, NULL, &env,
				     &cfg, &dir);
	if (rc >= 0)
		goto out;
	if (set.reseed && !set.seed_dir) {
		cli_error("--reseed goes with --seed DIR");
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	if (set.json && (set.o.sql_only || set.seed_dir)) {
		cli_error("--json cannot be combined with %s", set.seed_dir ? "--seed" : "--sql");
		rc = cli_usage_error();
		goto out;
	}
	if (set.seed_dir) {
		rc = seed_run(&cfg, set.seed_dir, set.o.sql_only, set.reseed, &sql, &d);
		fputs(sql.buf, stdout);
		if (rc != 0)
			cli_print_diag(&d);
		rc = rc == 0 ? MIG_EXIT_OK : rc == 1 ? MIG_EXIT_FAILED : MIG_EXIT_USAGE;
		goto out;
	}
	if (cli_check_dialect_matches(&common, &cfg) < 0 || cli_check_dialect_folder(&common, &cfg, dir.buf) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	if (set.upgrade && set.downgrade) {
		cli_error("--upgrade and --downgrade cannot be combined");
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	o = set.o;
	o.direction = set.upgrade ? APPLY_UP_ONLY : set.downgrade ? APPLY_DOWN_ONLY : APPLY_EITHER;
	if (set.downgrade && !o.target)
		o.target = "-1"; /* a downgrade's default: the last migration */
	if (!set.yes && cli_interactive())
		o.confirm_undo = confirm_undo;
	o.dir = dir.buf;
	/* without --app, every chain (chain.h): the default one first, then each app's */
	/* ... each on its own database (chain.h), every one resolved before any runs */
	if (cli_select_chains(&common, &env, &cfg, dir.buf, o.target, "--to: ", true, &chains, &dbs) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	level = cli_log_level(&env);
	/* the log lines, on a terminal and in a pipe (a container's or CI's log) */
	ps.print = !o.sql_only && !set.quiet && level <= LOG_WARNING;
	ps.display = cfg.display;
	o.progress = progress;
	o.ctx = &ps;
	/* a terminal shows the database in the prompt's context; a log needs it said */
	if (((ps.print && !tty) || level <= LOG_DEBUG) && !chain_dbs_any_own(dbs, chains.nr))
		fprintf(stderr, "%s: database %s, migrations %s\n", tool_name, cfg.display, o.dir);
	for (size_t i = 0; i < chains.nr; i++) {
		const struct db_config *db = dbs[i].cfg;
		o.app = chains.items[i][0] ? chains.items[i] : NULL;
		o.dir = dbs[i].dir;
		ps.display = db->display;
		/* several databases: each chain's, in a terminal too */
		if ((ps.print || level <= LOG_DEBUG) && chain_dbs_any_own(dbs, chains.nr))
			cli_print_chain_database(chains.items[i], &dbs[i]);
		strbuf_reset(&label);
		if (chains.nr > 1) {
			chain_describe(chains.items[i], &label);
			strbuf_addstr(&label, ": ");
		}
		apply_report_release(&rep);
		strbuf_reset(&sql);
		st = apply_run(db, &o, &sql, &rep, &d);
		fputs(sql.buf, stdout);
		/* --json: one document, every chain's steps, after the last chain run */
		if (set.json && (st != APPLY_OK || i + 1 == chains.nr)) {
			struct strbuf js = STRBUF_INIT;
			runlog_json(&ps.log, db->display, o.dir, st, &rep, &d, &js);
			fputs(js.buf, stdout);
			strbuf_release(&js);
		}
		if (st != APPLY_OK) {
			if (ps.line_open)
				fputc('\n', stderr);
			cli_print_diag(&d);
			report_failure(&rep);
			if (i + 1 < chains.nr) {
				struct model_names rest = { 0 };
				struct strbuf list = STRBUF_INIT;
				for (size_t k = i + 1; k < chains.nr; k++)
					model_names_add(&rest, chains.items[k]);
				chain_list_describe(&rest, &list);
				fprintf(stderr, "%s: not run: %s\n", tool_name, list.buf);
				model_names_release(&rest);
				strbuf_release(&list);
			}
			rc = st == APPLY_BAD_INPUT ? MIG_EXIT_USAGE : MIG_EXIT_FAILED;
			goto out;
		}
		if (ps.print) {
			if (rep.steps)
				fprintf(stderr, "%s: %s%s %zu migration%s in %.0f ms; now at %s\n", tool_name, label.buf,
					rep.up ? "applied" : "undid", rep.done, rep.done == 1 ? "" : "s", rep.ms,
					rep.at[0] ? rep.at : "base");
			else
				fprintf(stderr, "%s: %snothing to do; at %s\n", tool_name, label.buf,
					rep.at && rep.at[0] ? rep.at : "base");
		}
	}
	rc = MIG_EXIT_OK;
out:
	apply_report_release(&rep);
	runlog_release(&ps.log);
	config_release(&cfg);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&dir);
	strbuf_release(&sql);
	strbuf_release(&label);
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	model_names_release(&chains);
	return rc;
}

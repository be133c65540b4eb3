#include "cli_apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chain.h"
#include "cli.h"
#include "db.h"
#include "history.h"
#include "migscan.h"
#include "model.h"
#include "runlog.h"
#include "session.h"
#include "strbuf.h"
#include "banned.h"

/* What the progress callback needs: the database for the wait line, an open step line, the --json log. */
struct progress_state {
	const char *display;
	bool print;        /* log lines on stderr */
	bool line_open;    /* "[1/3] applying REV " waits for its time */
	struct runlog log;
};

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
		cli_message(DIAG_INFO, "waiting up to %d s for the database %s to accept connections", ev->seconds,
			    ps->display);
		break;
	case APPLY_WAITING:
		cli_message(DIAG_INFO, "waiting for another mig-apply on this database to finish...");
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
		fputc('\n', stderr);
		cli_message(DIAG_INFO, "lock timeout on %s; attempt %d", ev->revision, ev->attempt);
		break;
	case APPLY_RESUME:
		fprintf(stderr, "(resuming at statement %d) ", ev->statement);
		break;
	case APPLY_LEFTOVER:
		if (ps->line_open)
			fputc('\n', stderr);
		ps->line_open = false;
		cli_message(DIAG_INFO, "%s", ev->note);
		break;
	}
	fflush(stderr);
}

/* On a terminal: a downgrade that drops data, or goes to base, is confirmed first. */
static bool confirm_undo(void *ctx, const struct apply_undo_plan *p)
{
	(void)ctx;
	cli_message(DIAG_INFO, "this downgrade undoes %zu migration%s%s:", p->steps, p->steps == 1 ? "" : "s",
		    p->to_base ? ", every one applied (to base)" : "");
	for (size_t i = 0; i < p->steps; i++)
		fprintf(stderr, "  %s\n", p->revisions[i]);
	if (p->nr_notes)
		cli_message(DIAG_INFO, "and loses data:");
	for (size_t i = 0; i < p->nr_notes; i++)
		fprintf(stderr, "  %s\n", p->notes[i]);
	return cli_ask_yes("go ahead? [y/N] ");
}

static void report_failure(const struct apply_report *rep, const struct model_names *chains, size_t i)
{
	if (rep->failed)
		cli_message(DIAG_INFO, "revision %s failed; the database is at %s", rep->failed,
			    rep->at && rep->at[0] ? rep->at : "base (no revision)");
	if (rep->nr_left) {
		/* going down, what is left is still applied */
		cli_message(DIAG_INFO, "%s:", rep->up ? "UNAPPLIED MIGRATIONS" : "MIGRATIONS STILL APPLIED");
		for (size_t k = 0; k < rep->nr_left; k++)
			cli_message(DIAG_INFO, "  %s", rep->left[k]);
	}
	if (i + 1 < chains->nr) {
		struct model_names rest = { 0 };
		struct strbuf list = STRBUF_INIT;
		for (size_t k = i + 1; k < chains->nr; k++)
			model_names_add(&rest, chains->items[k]);
		chain_list_describe(&rest, &list);
		cli_message(DIAG_INFO, "not run: %s", list.buf);
		model_names_release(&rest);
		strbuf_release(&list);
	}
}

/* The summary of a chain's run: "applied 2 migrations in 31 ms; now at REV". */
static void report_done(const struct apply_report *rep, const char *label)
{
	if (rep->steps)
		cli_message(DIAG_INFO, "%s%s %zu migration%s in %.0f ms; now at %s", label, rep->up ? "applied" : "undid",
			    rep->done, rep->done == 1 ? "" : "s", rep->ms, rep->at[0] ? rep->at : "base");
	else
		cli_message(DIAG_INFO, "%snothing to do; at %s", label, rep->at && rep->at[0] ? rep->at : "base");
}

enum apply_status cli_apply_chains(struct session *s, const struct apply_options *opts,
				   const struct cli_apply_view *v)
{
	struct apply_options o = *opts;
	struct apply_report rep = { 0 };
	struct progress_state ps = { 0 };
	struct strbuf sql = STRBUF_INIT, label = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	struct migscan scan;
	struct db_start early = { 0 };
	enum apply_status st = APPLY_BAD_INPUT;

	runlog_init(&ps.log);
	migscan_init(&scan);
	if (!v->yes && cli_interactive())
		o.confirm_undo = confirm_undo;
	/* without --app, every chain (chain.h): the default one first, then each app's */
	/* ... each on its own database (chain.h), every one resolved before any runs */
	/* one look at the folder for the chains and the runs (a folder that cannot be read: the run says so) */
	/* ... while the database starts its session (db.h), unless the run only prints SQL */
	if (!o.sql_only) {
		db_start(&early, &s->cfg, "mig-apply");
		o.started = &early;
		/* and the rows that say whether there is anything to do (apply.c's look at the head) */
		if (!o.target && o.direction != APPLY_DOWN_ONLY)
			history_ask(&early, s->common.app, HISTORY_CHECKSUMS);
		scan.tick = db_start_poll;
		scan.tick_ctx = &early;
	}
	if (migscan_load(&scan, o.dir, &s->diag) == 0)
		o.scan = &scan;
	diag_clear_error(&s->diag);
	if (cli_select_chains(&s->common, &s->env, &s->cfg, o.scan, o.dir, o.target, "--to: ", true, &chains, &dbs) < 0)
		goto out;
	/* started for the configured database: not kept idle through other databases' runs */
	if (!chains.nr || dbs[0].cfg != &s->cfg)
		db_start_release(&early);
	/* the log lines, on a terminal and in a pipe (a container's or CI's log) */
	ps.print = !o.sql_only && !v->quiet && s->level <= LOG_WARNING;
	ps.display = s->cfg.display;
	o.progress = progress;
	o.ctx = &ps;
	/* a terminal shows the database in the prompt's context; a log needs it said */
	if (((ps.print && !isatty(STDERR_FILENO)) || s->level <= LOG_DEBUG) && !chain_dbs_any_own(dbs, chains.nr))
		cli_message(DIAG_INFO, "database %s, migrations %s", s->cfg.display, o.dir);
	st = APPLY_OK;
	for (size_t i = 0; i < chains.nr && st == APPLY_OK; i++) {
		const struct db_config *db = dbs[i].cfg;
		o.app = chains.items[i][0] ? chains.items[i] : NULL;
		o.dir = dbs[i].dir;
		ps.display = db->display;
		/* several databases: each chain's, in a terminal too */
		if ((ps.print || s->level <= LOG_DEBUG) && chain_dbs_any_own(dbs, chains.nr))
			cli_print_chain_database(chains.items[i], &dbs[i]);
		strbuf_reset(&label);
		if (chains.nr > 1) {
			chain_describe(chains.items[i], &label);
			strbuf_addstr(&label, ": ");
		}
		apply_report_release(&rep);
		strbuf_reset(&sql);
		st = apply_run(db, &o, &sql, &rep, &s->diag);
		fputs(sql.buf, stdout);
		/* --json: one document, every chain's steps, after the last chain run */
		if (v->json && (st != APPLY_OK || i + 1 == chains.nr)) {
			struct strbuf js = STRBUF_INIT;
			runlog_json(&ps.log, db->display, o.dir, st, &rep, &s->diag, &js);
			fputs(js.buf, stdout);
			strbuf_release(&js);
		}
		if (st != APPLY_OK) {
			if (ps.line_open)
				fputc('\n', stderr);
			cli_print_diag(&s->diag);
			report_failure(&rep, &chains, i);
		} else if (ps.print) {
			report_done(&rep, label.buf);
		}
	}
out:
	db_start_release(&early);
	apply_report_release(&rep);
	runlog_release(&ps.log);
	strbuf_release(&sql);
	strbuf_release(&label);
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	model_names_release(&chains);
	migscan_release(&scan);
	return st;
}

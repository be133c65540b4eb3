/*
 * mig-gen: writes the next migration for the difference between the models
 * and the state recorded by the latest migration.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "dialect.h"
#include "gen.h"
#include "model.h"
#include "model_xml.h"
#include "session.h"

const char tool_name[] = "mig-gen";

static void help(void)
{
	printf("%s writes the next migration for the change between the models and\n"
	       "the state recorded by the latest migration.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --name NAME           name of the migration (default: UPDATE_MESSAGE)\n"
	       "      --empty               write an empty migration to fill in by hand\n"
	       "      --merge               write a merge migration joining the current heads\n"
	       "      --check               exit 1 and list the changes when the models are ahead\n"
	       "      --rehash              record hand edits (their effect on the state) and the sums\n"
	       "      --rename OLD=NEW      treat a dropped and an added table or column as a rename\n"
	       "      --fill TABLE.COLUMN=LITERAL\n"
	       "                            value for existing rows of a column made NOT NULL\n"
	       "                            (or of a dropped one the down adds back)\n"
	       "      --no-fill TABLE.COLUMN\n"
	       "                            make it NOT NULL without filling (no row holds a NULL)\n"
	       "      --allow-destructive   allow dropping tables or columns and narrowing types\n"
	       "      --online              the online plan: indexes built CONCURRENTLY and constraints\n"
	       "                            validated apart, in a second migration outside a transaction;\n"
	       "                            each migration waits at most 5 s for a lock (MIG_ONLINE=1)\n"
	       "      --no-online           the plain plan, whatever MIG_ONLINE says\n"
	       "      --timestamp YYYYMMDDHHMMSS\n"
	       "                            revision time (default: SOURCE_DATE_EPOCH, then now)\n"
	       "      --print-model         print the models in canonical form, then exit\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

/* --print-model: the models in canonical form on stdout. Returns 0, or -1 with d set. */
static int print_model(const struct session *s, struct diag *d)
{
	struct model m = MODEL_INIT;
	struct strbuf sb = STRBUF_INIT;
	int r;

	model_init(&m);
	r = model_xml_load_dir(&m, s->common.models, s->common.app, d);
	if (r == 0) {
		model_xml_write(&m, s->common.app, &sb);
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	model_release(&m);
	strbuf_release(&sb);
	return r;
}

/* On a terminal, questions go to stderr and answers come from stdin. */
static int confirm(void *ctx, const char *question)
{
	(void)ctx;
	return cli_ask_yes(question);
}

static char *ask_value(void *ctx, const char *question)
{
	(void)ctx;
	return cli_ask(question);
}

/* The rename and fill questions, asked on a terminal only. */
static void set_prompts(struct diff_options *diff)
{
	if (cli_interactive()) {
		diff->confirm = confirm;
		diff->ask_value = ask_value;
	}
}

int tool_main(int argc, char **argv)
{
	struct session s;
	struct gen_options go = { 0 };
	struct session_list renames = { 0 }, fills = { 0 }, no_fills = { 0 };
	struct strbuf out = STRBUF_INIT;
	bool print = false;
	int online = -1; /* --online, --no-online; -1: MIG_ONLINE */
	const struct session_option options[] = {
		SESSION_OPT_FLAG("allow-destructive", 0, &go.diff.allow_destructive),
		SESSION_OPT_FLAG("check", 0, &go.check),
		SESSION_OPT_FLAG("empty", 0, &go.empty),
		SESSION_OPT_LIST("fill", &fills),
		SESSION_OPT_FLAG("merge", 0, &go.merge),
		SESSION_OPT_STRING("name", &go.name),
		SESSION_OPT_LIST("no-fill", &no_fills),
		SESSION_OPT_SET("no-online", &online, 0),
		SESSION_OPT_SET("online", &online, 1),
		SESSION_OPT_FLAG("print-model", 0, &print),
		SESSION_OPT_FLAG("rehash", 0, &go.rehash),
		SESSION_OPT_LIST("rename", &renames),
		SESSION_OPT_CHECKED("timestamp", &go.timestamp, gen_check_timestamp),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum session_result sr;
	int r;

	session_init(&s);
	sr = session_parse(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	if (print) {
		r = print_model(&s, &s.diag);
		if (r < 0)
			cli_print_diag(&s.diag);
		return session_end(&s, SESSION_OP_MODELS, r);
	}
	if (go.merge && (go.empty || go.check || go.rehash)) {
		cli_error("--merge cannot be combined with --empty, --check or --rehash");
		return session_end(&s, SESSION_OP_SESSION, SESSION_USAGE);
	}
	/* a configured database says which dialect a new project writes; .env files too */
	sr = session_setup(&s);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	go.url_dialect = s.cfg.is_default ? NULL : s.cfg.dialect->name;
	go.models = s.common.models;
	go.migrations = s.common.migrations;
	go.app = s.common.app;
	go.dialect = s.common.dialect;
	if (!go.name)
		go.name = env_get(&s.env, "UPDATE_MESSAGE");
	if (online < 0 && cli_env_flag(&s.env, "MIG_ONLINE", &online) < 0)
		return session_end(&s, SESSION_OP_SESSION, SESSION_USAGE);
	go.online = online > 0;
	go.diff.renames = renames.items;
	go.diff.nr_renames = renames.nr;
	go.diff.fills = fills.items;
	go.diff.nr_fills = fills.nr;
	go.diff.no_fills = no_fills.items;
	go.diff.nr_no_fills = no_fills.nr;
	set_prompts(&go.diff);
	r = gen_run(&go, &out, &s.diag);
	fputs(out.buf, stdout);
	strbuf_release(&out);
	/* the notes, then (bad models, a missing decision, damaged migrations) the error */
	if (r != GEN_BAD_INPUT)
		diag_clear_error(&s.diag);
	cli_report(&s.diag, false);
	return session_end(&s, SESSION_OP_GEN, r);
}

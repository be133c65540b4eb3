/*
 * mig-gen: writes the next migration for the difference between the models
 * and the state recorded by the latest migration.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "env.h"
#include "dialect.h"
#include "diag.h"
#include "gen.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "xalloc.h"

const char tool_name[] = "mig-gen";

enum {
	OPT_ALLOW_DESTRUCTIVE = CLI_OPT_TOOL_FIRST,
	OPT_CHECK,
	OPT_EMPTY,
	OPT_FILL,
	OPT_MERGE,
	OPT_NAME,
	OPT_NO_FILL,
	OPT_PRINT_MODEL,
	OPT_REHASH,
	OPT_RENAME,
	OPT_TIMESTAMP,
};

struct gen_opts {
	struct cli_common common;
	const char *name;
	const char *timestamp;
	bool empty, merge, check, rehash, allow_destructive, print_model;
	const char **renames; /* owned array of borrowed argv strings (OLD=NEW) */
	size_t nr_renames, alloc_renames;
	const char **fills;
	size_t nr_fills, alloc_fills;
	const char **no_fills;
	size_t nr_no_fills, alloc_no_fills;
};

static const struct option long_options[] = {
	{ "allow-destructive", no_argument, NULL, OPT_ALLOW_DESTRUCTIVE },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "empty", no_argument, NULL, OPT_EMPTY },
	{ "fill", required_argument, NULL, OPT_FILL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "no-fill", required_argument, NULL, OPT_NO_FILL },
	{ "print-model", no_argument, NULL, OPT_PRINT_MODEL },
	{ "rehash", no_argument, NULL, OPT_REHASH },
	{ "rename", required_argument, NULL, OPT_RENAME },
	{ "timestamp", required_argument, NULL, OPT_TIMESTAMP },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

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
	       "      --timestamp YYYYMMDDHHMMSS\n"
	       "                            revision time (default: SOURCE_DATE_EPOCH, then now)\n"
	       "      --print-model         print the models in canonical form, then exit\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

static int print_model(const struct gen_opts *o)
{
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc = MIG_EXIT_OK;

	model_init(&m);
	if (model_xml_load_dir(&m, o->common.models, o->common.app, &d) < 0) {
		cli_print_diag(&d);
		rc = MIG_EXIT_USAGE;
	} else {
		model_xml_write(&m, o->common.app, &sb);
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	model_release(&m);
	diag_release(&d);
	strbuf_release(&sb);
	return rc;
}

static bool valid_timestamp(const char *s)
{
	if (strlen(s) != 14)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
	}
	return true;
}

static int parse_options(struct gen_opts *o, int argc, char **argv)
{
	int c, r;

	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			return 1;
		case 'V':
			cli_print_version();
			return 1;
		case OPT_ALLOW_DESTRUCTIVE: o->allow_destructive = true; break;
		case OPT_CHECK: o->check = true; break;
		case OPT_EMPTY: o->empty = true; break;
		case OPT_FILL:
			ALLOC_GROW(o->fills, o->nr_fills + 1, o->alloc_fills);
			o->fills[o->nr_fills++] = optarg;
			break;
		case OPT_MERGE: o->merge = true; break;
		case OPT_NAME: o->name = optarg; break;
		case OPT_NO_FILL:
			ALLOC_GROW(o->no_fills, o->nr_no_fills + 1, o->alloc_no_fills);
			o->no_fills[o->nr_no_fills++] = optarg;
			break;
		case OPT_PRINT_MODEL: o->print_model = true; break;
		case OPT_REHASH: o->rehash = true; break;
		case OPT_RENAME:
			ALLOC_GROW(o->renames, o->nr_renames + 1, o->alloc_renames);
			o->renames[o->nr_renames++] = optarg;
			break;
		case OPT_TIMESTAMP:
			if (!valid_timestamp(optarg)) {
				cli_error("--timestamp: \"%s\" is invalid", optarg);
				fprintf(stderr, "%s: hint: write YYYYMMDDHHMMSS, e.g. 20260101120000\n", tool_name);
				return -1;
			}
			o->timestamp = optarg;
			break;
		default:
			r = cli_handle_common(&o->common, c, optarg);
			if (r == 0)
				return cli_usage_error(), -1;
			if (r < 0)
				return -1;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument \"%s\"", argv[optind]);
		cli_usage_error();
		return -1;
	}
	return 0;
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

int tool_main(int argc, char **argv)
{
	struct gen_opts o = { 0 };
	struct gen_options go = { 0 };
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT, notes = STRBUF_INIT;
	struct db_config cfg;
	struct env env;
	int rc = MIG_EXIT_USAGE, r;

	cli_common_init(&o.common);
	config_init(&cfg);
	env_init(&env);
	r = parse_options(&o, argc, argv);
	if (r != 0) {
		rc = r > 0 ? MIG_EXIT_OK : MIG_EXIT_USAGE;
		goto out;
	}
	if (o.print_model) {
		rc = print_model(&o);
		goto out;
	}
	if (o.merge && (o.empty || o.check || o.rehash)) {
		cli_error("--merge cannot be combined with --empty, --check or --rehash");
		goto out;
	}
	/* a configured database says which dialect a new project writes; .env files too */
	if (cli_database(&o.common, &env, &cfg, &d) < 0) {
		cli_print_diag(&d);
		goto out;
	}
	go.url_dialect = cfg.is_default ? NULL : cfg.dialect->name;
	go.models = o.common.models;
	go.migrations = o.common.migrations;
	go.app = o.common.app;
	go.dialect = o.common.dialect;
	go.name = o.name ? o.name : env_get(&env, "UPDATE_MESSAGE");
	go.timestamp = o.timestamp;
	go.empty = o.empty;
	go.merge = o.merge;
	go.check = o.check;
	go.rehash = o.rehash;
	go.diff.renames = o.renames;
	go.diff.nr_renames = o.nr_renames;
	go.diff.fills = o.fills;
	go.diff.nr_fills = o.nr_fills;
	go.diff.no_fills = o.no_fills;
	go.diff.nr_no_fills = o.nr_no_fills;
	go.diff.allow_destructive = o.allow_destructive;
	if (cli_interactive()) {
		go.diff.confirm = confirm;
		go.diff.ask_value = ask_value;
	}
	go.notes = &notes;
	r = gen_run(&go, &out, &d);
	fputs(out.buf, stdout);
	for (const char *line = notes.buf; *line;) {
		size_t len = strcspn(line, "\n");
		fprintf(stderr, "%s: note: %.*s\n", tool_name, (int)len, line);
		line += len + (line[len] == '\n');
	}
	if (r < 0) {
		/* bad models, a missing decision, damaged migrations: all bad input */
		cli_print_diag(&d);
		rc = MIG_EXIT_USAGE;
	} else {
		rc = r == GEN_PENDING ? MIG_EXIT_FAILED : MIG_EXIT_OK;
	}
out:
	strbuf_release(&notes);
	config_release(&cfg);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&out);
	free(o.renames);
	free(o.fills);
	free(o.no_fills);
	return rc;
}

/*
 * mig-inspect: reads a live database's schema into a model document.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "diag.h"
#include "env.h"
#include "dialect.h"
#include "model.h"
#include "model_xml.h"
#include "strbuf.h"
#include "xalloc.h"

const char tool_name[] = "mig-inspect";

enum {
	OPT_SCHEMA = CLI_OPT_TOOL_FIRST,
	OPT_STRICT,
};

struct inspect_opts {
	struct cli_common common;
	const char **schemas; /* owned array of borrowed argv strings */
	size_t nr_schemas, alloc_schemas;
	bool strict;          /* anything left out of the model is an error */
};

static const struct option long_options[] = {
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "strict", no_argument, NULL, OPT_STRICT },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s prints the schema of a live database as a model document.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --schema NAME         inspect schema NAME (repeatable; default: every user schema;\n"
	       "                            the default schema is public, or main on SQLite)\n"
	       "      --strict              fail (and print no model) when the database holds\n"
	       "                            anything the model leaves out: a view, a function,\n"
	       "                            a trigger, a policy, a grant, ...\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

static int parse_options(struct inspect_opts *o, int argc, char **argv)
{
	int c, r;

	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'h': help(); return 1;
		case 'V': cli_print_version(); return 1;
		case OPT_SCHEMA:
			ALLOC_GROW(o->schemas, o->nr_schemas + 1, o->alloc_schemas);
			o->schemas[o->nr_schemas++] = optarg;
			break;
		case OPT_STRICT:
			o->strict = true;
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
		return cli_usage_error(), -1;
	}
	return 0;
}

/*
 * The inspector's lines on stderr, one each: "note: " lines (other tools'
 * version tables) as "mig-inspect: left out table ...", the others (what
 * the model cannot hold) as warnings, or errors under --strict. Returns the
 * number of warnings.
 */
static int report_left_out(const char *lines, bool strict, enum log_level level)
{
	int n = 0;

	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		bool note = strncmp(p, "note: ", 6) == 0;
		if (note && level <= LOG_WARNING)
			fprintf(stderr, "%s: %.*s\n", tool_name, (int)(nl - p - 6), p + 6);
		else if (!note && (strict || level <= LOG_WARNING))
			fprintf(stderr, "%s: %s: %.*s\n", tool_name, strict ? "error" : "warning", (int)(nl - p), p);
		n += !note;
		p = nl + 1;
	}
	return n;
}

int tool_main(int argc, char **argv)
{
	struct inspect_opts o = { 0 };
	struct db_config cfg;
	struct env env;
	struct db db = { 0 };
	struct model m = MODEL_INIT;
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT, warnings = STRBUF_INIT;
	int rc = MIG_EXIT_USAGE, r;

	cli_common_init(&o.common);
	config_init(&cfg);
	env_init(&env);
	model_init(&m);
	r = parse_options(&o, argc, argv);
	if (r != 0) {
		rc = r > 0 ? MIG_EXIT_OK : MIG_EXIT_USAGE;
		goto out;
	}
	if (cli_database(&o.common, &env, &cfg, &d) < 0) {
		cli_print_diag(&d);
		goto out;
	}
	rc = MIG_EXIT_FAILED;
	if (!db_exists(&cfg)) {
		/* opening would create it: inspecting reads what is there */
		diag_error(&d, "%s does not exist", cfg.display);
		diag_hint(&d, "mig-inspect never creates a database: check DATABASE_URL%s, or create it with mig-apply --upgrade",
			  cfg.is_default ? " (nothing is configured: this is the embedded default)" : "");
		cli_print_diag(&d);
		goto out;
	}
	/* the dialect's catalog reader, read-only (SQLite: with the schema files beside it attached) */
	r = cfg.dialect->inspect_config(&cfg, "mig-inspect", o.schemas, o.nr_schemas, o.common.app, &m, &warnings, &d);
	if (r < 0) {
		cli_print_diag(&d);
		goto out;
	}
	if (report_left_out(warnings.buf, o.strict, cli_log_level(&env)) > 0 && o.strict) {
		cli_hint("without --strict the model is written without them; keep them in a migration written by "
			 "hand (mig-gen --empty)");
		goto out;
	}
	model_xml_write(&m, NULL, &out);
	fwrite(out.buf, 1, out.len, stdout);
	rc = MIG_EXIT_OK;
out:
	db_close(&db);
	config_release(&cfg);
	env_release(&env);
	model_release(&m);
	diag_release(&d);
	strbuf_release(&out);
	strbuf_release(&warnings);
	free(o.schemas);
	return rc;
}

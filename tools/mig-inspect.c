/*
 * mig-inspect: reads a live database's schema into a model document.
 */
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "dialect.h"
#include "model.h"
#include "model_xml.h"
#include "session.h"
#include "strbuf.h"

const char tool_name[] = "mig-inspect";

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

int tool_main(int argc, char **argv)
{
	struct session s;
	struct session_list schemas = { 0 };
	bool strict = false; /* anything left out of the model is an error */
	struct model m = MODEL_INIT;
	struct strbuf warnings = STRBUF_INIT;
	const struct session_option options[] = {
		SESSION_OPT_LIST("schema", &schemas),
		SESSION_OPT_FLAG("strict", 0, &strict),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum session_result sr;
	int r = -1;

	session_init(&s);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	model_init(&m);
	if (!db_exists(&s.cfg)) {
		/* opening would create it: inspecting reads what is there */
		diag_error(&s.diag, "%s does not exist", s.cfg.display);
		diag_hint(&s.diag, "mig-inspect never creates a database: check DATABASE_URL%s, or create it with mig-apply --upgrade",
			  s.cfg.is_default ? " (nothing is configured: this is the embedded default)" : "");
		cli_print_diag(&s.diag);
		goto out;
	}
	/* the dialect's catalog reader, read-only (SQLite: with the schema files beside it attached) */
	r = s.cfg.dialect->inspect_config(&s.cfg, "mig-inspect", schemas.items, schemas.nr, s.common.app, &m, &warnings,
					  &s.diag);
	if (r < 0) {
		cli_print_diag(&s.diag);
		goto out;
	}
	r = cli_left_out(&s.diag, warnings.buf, strict);
	cli_report(&s.diag, s.level > LOG_WARNING);
	if (r == 0)
		model_xml_write_file(&m, NULL, stdout);
out:
	model_release(&m);
	diag_release(&s.diag);
	strbuf_release(&warnings);
	return session_end(&s, SESSION_OP_DATABASE, r);
}

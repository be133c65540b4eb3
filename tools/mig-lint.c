/*
 * mig-lint: the locks and hazards of migrations on a live database (lint.h).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "dialect.h"
#include "lint.h"
#include "session.h"
#include "strbuf.h"
#include "version.h"

const char tool_name[] = "mig-lint";

static void help(void)
{
	printf("%s reports, for every statement of a migration's up and down, the lock it\n"
	       "takes on which table, whether it rewrites or scans the table, and the hazards\n"
	       "for a database in production, each with its safe alternative. A finding is\n"
	       "acknowledged by a comment `-- mig:lint-ok RULE[,RULE...] [reason]` in the\n"
	       "header (the whole file) or before the statement. It exits 1 on an\n"
	       "unacknowledged warning or error (info findings never fail).\n\n"
	       "Usage:\n"
	       "  %s [OPTION]... [FILE|DIR]...\n\n"
	       "FILE is a migration; DIR a dialect folder (migrations/pgsql) or a migrations\n"
	       "folder (each dialect folder in it); none: the --migrations folder.\n\n"
	       "Options:\n"
	       "      --database            figures from the configured database: each table's\n"
	       "                            size and rows (PostgreSQL), the rows a table\n"
	       "                            rebuild copies (SQLite)\n"
	       "      --json                the findings (acknowledged ones too) as JSON\n"
	       "      --locks               every statement's lock, table, rewrite and scan\n"
	       "      --sarif               the findings as SARIF 2.1.0 (GitHub code scanning)\n"
	       "      --since REV           only the migrations numbered after REV\n\n"
	       "Rules:\n",
	       tool_name, tool_name);
	for (int i = 0; i < LINT_NR_RULES; i++)
		printf("  %-32s %s\n", lint_rules[i].id, lint_severity_name(lint_rules[i].severity));
	printf("\n");
	cli_print_common_help(stdout);
}

int tool_main(int argc, char **argv)
{
	struct session s;
	struct lint_report report;
	struct lint_run_options o = { 0 };
	struct strbuf out = STRBUF_INIT;
	struct db db = { 0 };
	bool json = false, sarif = false, locks = false, database = false, opened = false;
	const char *since = NULL;
	const struct session_option options[] = {
		SESSION_OPT_FLAG("database", 0, &database),
		SESSION_OPT_FLAG("json", 0, &json),
		SESSION_OPT_FLAG("locks", 0, &locks),
		SESSION_OPT_FLAG("sarif", 0, &sarif),
		SESSION_OPT_STRING("since", &since),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, INT_MAX };
	const char *default_path[1];
	enum lint_result r = LINT_BAD_INPUT;
	enum session_result sr;

	session_init(&s);
	lint_report_init(&report);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		goto out;
	if (json && sarif) {
		cli_message(DIAG_ERROR, "--json and --sarif cannot be combined");
		goto out;
	}
	o.dialect = s.common.dialect ? dialect_find(s.common.dialect) : s.cfg.dialect;
	o.only = s.common.dialect ? o.dialect : NULL;
	o.since = since;
	if (database) {
		if (!db_exists(&s.cfg)) {
			diag_error(&s.diag, "%s does not exist", s.cfg.display);
			diag_hint(&s.diag, "--database reads the configured database (DATABASE_URL); mig-lint never creates one");
			cli_print_diag(&s.diag);
			goto out;
		}
		if (db_open(&db, &s.cfg, tool_name, 0, &s.diag) < 0) {
			cli_print_diag(&s.diag);
			goto out;
		}
		opened = true;
		o.db = &db;
	}
	if (s.nr_args) {
		r = lint_paths(&o, (const char *const *)s.args, (size_t)s.nr_args, &report, &s.diag);
	} else {
		default_path[0] = s.common.migrations;
		r = lint_paths(&o, default_path, 1, &report, &s.diag);
	}
	if (r == LINT_BAD_INPUT) {
		cli_print_diag(&s.diag);
		goto out;
	}
	if (sarif) {
		char cwd[4096];

		lint_format_sarif(&report, MIG_VERSION, getcwd(cwd, sizeof(cwd)) ? cwd : NULL, &out);
	} else if (json) {
		lint_format_json(&report, locks, &out);
	} else {
		if (locks)
			lint_format_locks(&report, &out);
		lint_format_text(&report, &out);
	}
	fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	if (!json && !sarif) {
		int n = lint_report_count(&report);

		if (n)
			cli_message(DIAG_INFO, "%d finding%s to fix or acknowledge (-- mig:lint-ok RULE reason)", n,
				    n == 1 ? "" : "s");
	}
out:
	if (opened)
		db_close(&db);
	lint_report_release(&report);
	strbuf_release(&out);
	return sr != SESSION_GO ? session_end(&s, SESSION_OP_SESSION, sr) : session_end(&s, SESSION_OP_LINT, r);
}

/*
 * The tools' shared setup (cli/session.h, cli/cli.h, base/diag.h): the
 * command line from a table of options, as getopt_long reads it, with the
 * tools' exact complaints; the one table from results to exit statuses;
 * the diag's list of messages, in order, and how cli prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "diag.h"
#include "gen.h"
#include "migcheck.h"
#include "seed.h"
#include "session.h"
#include "status.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

/* cli.c names the tool in every message; the tools define it, this suite too. */
const char tool_name[] = "mig-test";

/* --- capturing a file descriptor (stdout or stderr) ---------------------- */

struct capture {
	int fd, saved;
	FILE *tmp;
};

static void capture_start(struct capture *c, int fd)
{
	fflush(fd == 1 ? stdout : stderr);
	c->fd = fd;
	c->tmp = tmpfile();
	ck_assert_ptr_nonnull(c->tmp);
	c->saved = dup(fd);
	ck_assert_int_ge(c->saved, 0);
	ck_assert_int_ge(dup2(fileno(c->tmp), fd), 0);
}

/* What was written (caller frees). */
static char *capture_end(struct capture *c)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[512];
	size_t n;

	fflush(c->fd == 1 ? stdout : stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	rewind(c->tmp);
	while ((n = fread(buf, 1, sizeof(buf), c->tmp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(c->tmp);
	return strbuf_detach(&sb, NULL);
}

/* --- a tool's options, as mig-apply's ------------------------------------ */

struct settings {
	bool quiet, sql, extra;
	const char *to;
	int wait, view;
	struct session_list renames;
};

static void help(void)
{
	printf("usage: mig-test [OPTION]...\n");
}

/* argv from a NULL-terminated list (strings and array freed by free_argv) */
static char **make_argv(int *argc, const char *const *words)
{
	char **argv;
	int n = 0;

	while (words[n])
		n++;
	argv = xcalloc((size_t)n + 2, sizeof(*argv));
	argv[0] = xstrdup("mig-test");
	for (int i = 0; i < n; i++)
		argv[i + 1] = xstrdup(words[i]);
	*argc = n + 1;
	return argv;
}

static void free_argv(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* The strings are kept: argv is freed only when the session is. */
struct parsed {
	enum session_result r;
	char *err, *out;
	char **argv;
	int argc;
};

/* Parses words with the test tool's table (operands in [min, max]) into s and set. */
static struct parsed parse(struct session *s, struct settings *set, int min, int max, const char *const *words)
{
	const struct session_option options[] = {
		SESSION_OPT_SET("current", &set->view, 3),
		SESSION_OPT_FLAG("extra", 'x', &set->extra),
		SESSION_OPT_FLAG("quiet", 'q', &set->quiet),
		SESSION_OPT_LIST("rename", &set->renames),
		SESSION_OPT_FLAG("sql", 0, &set->sql),
		SESSION_OPT_STRING("to", &set->to),
		SESSION_OPT_NUMBER("wait", &set->wait, 0, 86400),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, min, max };
	struct capture err, out;
	struct parsed p;

	p.argv = make_argv(&p.argc, words);
	capture_start(&err, 2);
	capture_start(&out, 1);
	p.r = session_parse(s, p.argc, p.argv, &tool);
	p.out = capture_end(&out);
	p.err = capture_end(&err);
	s->options = NULL; /* the table was on this stack: the lists are released by the test */
	return p;
}

static void parsed_release(struct parsed *p)
{
	free(p->err);
	free(p->out);
	free_argv(p->argv, p->argc);
}

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_parse_options_and_operands)
{
	struct session s;
	struct settings set = { 0 };
	struct parsed p;

	session_init(&s);
	/* --opt=value, a value in the next word, a repeated option, an abbreviation, an operand in between */
	p = parse(&s, &set, 0, 2,
		  WORDS("--to=head", "first", "--wait", "30", "--rename", "a=b", "--rename=c=d", "--mod", "m",
			"--dialect=sqlite", "--current", "-qx"));
	ck_assert_int_eq(p.r, SESSION_GO);
	ck_assert_str_eq(p.err, "");
	ck_assert_str_eq(set.to, "head");
	ck_assert_int_eq(set.wait, 30);
	ck_assert_uint_eq(set.renames.nr, 2);
	ck_assert_str_eq(set.renames.items[0], "a=b");
	ck_assert_str_eq(set.renames.items[1], "c=d");
	ck_assert_str_eq(s.common.models, "m");
	ck_assert_str_eq(s.common.dialect, "sqlite");
	ck_assert_str_eq(s.common.migrations, "migrations"); /* the default */
	ck_assert_ptr_null(s.common.app);
	ck_assert_int_eq(set.view, 3);
	ck_assert(set.quiet && set.extra && !set.sql); /* -qx: both short options */
	ck_assert_int_eq(s.nr_args, 1);
	ck_assert_str_eq(s.args[0], "first");
	free(set.renames.items);
	parsed_release(&p);
	session_release(&s);
}
END_TEST

START_TEST(test_parse_double_dash_ends_options)
{
	struct session s;
	struct settings set = { 0 };
	struct parsed p;

	session_init(&s);
	p = parse(&s, &set, 1, 1, WORDS("--quiet", "--", "--sql"));
	ck_assert_int_eq(p.r, SESSION_GO);
	ck_assert(set.quiet && !set.sql);
	ck_assert_int_eq(s.nr_args, 1);
	ck_assert_str_eq(s.args[0], "--sql");
	parsed_release(&p);
	session_release(&s);
}
END_TEST

/* Each bad command line: its result and its exact complaint (after getopt's own line, when it has one). */
static const struct {
	const char *words[4];
	int min, max;
	enum session_result r;
	const char *getopt;   /* getopt's complaint contains this, or NULL: none */
	const char *err;      /* the rest of stderr, exactly */
} bad_lines[] = {
	{ { "--nope" }, 0, 0, SESSION_USAGE, "unrecognized option '--nope'",
	  "Try \"mig-test --help\" for more information.\n" },
	{ { "-z" }, 0, 0, SESSION_USAGE, "invalid option -- 'z'",
	  "Try \"mig-test --help\" for more information.\n" },
	{ { "--to" }, 0, 0, SESSION_USAGE, "option '--to' requires an argument",
	  "Try \"mig-test --help\" for more information.\n" },
	{ { "--sql=yes" }, 0, 0, SESSION_USAGE, "option '--sql' doesn't allow an argument",
	  "Try \"mig-test --help\" for more information.\n" },
	{ { "--wait", "5x" }, 0, 0, SESSION_BAD_INPUT, NULL,
	  "mig-test: error: --wait: \"5x\" is invalid\nmig-test: hint: give a whole number from 0 to 86400\n" },
	{ { "--wait=-1" }, 0, 0, SESSION_BAD_INPUT, NULL,
	  "mig-test: error: --wait: \"-1\" is invalid\nmig-test: hint: give a whole number from 0 to 86400\n" },
	{ { "--dialect", "mysql" }, 0, 0, SESSION_BAD_INPUT, NULL,
	  "mig-test: error: --dialect: \"mysql\" is invalid\nmig-test: hint: use pgsql or sqlite\n" },
	{ { "--app=" }, 0, 0, SESSION_BAD_INPUT, NULL, "mig-test: error: --app: the app name is empty\n" },
	{ { "one", "two" }, 0, 1, SESSION_USAGE, NULL,
	  "mig-test: error: unexpected argument \"two\"\nTry \"mig-test --help\" for more information.\n" },
	{ { "--quiet" }, 1, 1, SESSION_USAGE, NULL,
	  "mig-test: error: missing argument\nTry \"mig-test --help\" for more information.\n" },
	/* the first bad option is the one named */
	{ { "--wait=x", "--nope" }, 0, 0, SESSION_BAD_INPUT, NULL,
	  "mig-test: error: --wait: \"x\" is invalid\nmig-test: hint: give a whole number from 0 to 86400\n" },
};

START_TEST(test_parse_bad_command_lines)
{
	struct session s;
	struct settings set = { 0 };
	struct parsed p;
	const char *rest;

	session_init(&s);
	p = parse(&s, &set, bad_lines[_i].min, bad_lines[_i].max, bad_lines[_i].words);
	ck_assert_int_eq(p.r, bad_lines[_i].r);
	rest = p.err;
	if (bad_lines[_i].getopt) {
		/* "ARGV0: unrecognized option '--nope'\n", from getopt itself */
		ck_assert_msg(strstr(p.err, bad_lines[_i].getopt) != NULL, "%s", p.err);
		rest = strchr(p.err, '\n');
		ck_assert_ptr_nonnull(rest);
		rest++;
	}
	ck_assert_str_eq(rest, bad_lines[_i].err);
	ck_assert_str_eq(p.out, "");
	ck_assert_int_eq(session_exit_code(SESSION_OP_SESSION, p.r), MIG_EXIT_USAGE);
	free(set.renames.items);
	parsed_release(&p);
	session_release(&s);
}
END_TEST

START_TEST(test_parse_help_and_version)
{
	struct session s;
	struct settings set = { 0 };
	struct parsed p;

	session_init(&s);
	p = parse(&s, &set, 0, 0, WORDS("--sql", "--help", "--nope"));
	ck_assert_int_eq(p.r, SESSION_DONE);
	ck_assert_str_eq(p.out, "usage: mig-test [OPTION]...\n");
	ck_assert_str_eq(p.err, "");
	parsed_release(&p);
	p = parse(&s, &set, 0, 0, WORDS("-V"));
	ck_assert_int_eq(p.r, SESSION_DONE);
	ck_assert_msg(strncmp(p.out, "mig-test (mig) ", 15) == 0, "%s", p.out);
	ck_assert_int_eq(session_exit_code(SESSION_OP_SESSION, p.r), MIG_EXIT_OK);
	parsed_release(&p);
	session_release(&s);
}
END_TEST

/* --- results to exit statuses ---------------------------------------------- */

static const struct {
	enum session_op op;
	int result;
	enum mig_exit exit;
} exits[] = {
	{ SESSION_OP_SESSION, SESSION_GO, MIG_EXIT_OK },
	{ SESSION_OP_SESSION, SESSION_DONE, MIG_EXIT_OK },
	{ SESSION_OP_SESSION, SESSION_USAGE, MIG_EXIT_USAGE },
	{ SESSION_OP_SESSION, SESSION_BAD_INPUT, MIG_EXIT_USAGE },
	{ SESSION_OP_APPLY, APPLY_OK, MIG_EXIT_OK },
	{ SESSION_OP_APPLY, APPLY_FAILED, MIG_EXIT_FAILED },
	{ SESSION_OP_APPLY, APPLY_BAD_INPUT, MIG_EXIT_USAGE },
	{ SESSION_OP_APPLY, APPLY_DECLINED, MIG_EXIT_FAILED },
	{ SESSION_OP_SEED, SEED_OK, MIG_EXIT_OK },
	{ SESSION_OP_SEED, SEED_FAILED, MIG_EXIT_FAILED },
	{ SESSION_OP_SEED, SEED_BAD_INPUT, MIG_EXIT_USAGE },
	{ SESSION_OP_GEN, GEN_WRITTEN, MIG_EXIT_OK },
	{ SESSION_OP_GEN, GEN_NO_CHANGES, MIG_EXIT_OK },
	{ SESSION_OP_GEN, GEN_PENDING, MIG_EXIT_FAILED },
	{ SESSION_OP_GEN, GEN_BAD_INPUT, MIG_EXIT_USAGE },
	{ SESSION_OP_STATUS, STATUS_OK, MIG_EXIT_OK },
	{ SESSION_OP_STATUS, STATUS_FAILED, MIG_EXIT_FAILED },
	{ SESSION_OP_STATUS, STATUS_BAD_INPUT, MIG_EXIT_USAGE },
	{ SESSION_OP_MIGCHECK, MIGCHECK_OK, MIG_EXIT_OK },
	{ SESSION_OP_MIGCHECK, MIGCHECK_PROBLEMS, MIG_EXIT_FAILED },
	{ SESSION_OP_MIGCHECK, MIGCHECK_ERROR, MIG_EXIT_FAILED },
	{ SESSION_OP_MODELS, 0, MIG_EXIT_OK },
	{ SESSION_OP_MODELS, -1, MIG_EXIT_USAGE },
	{ SESSION_OP_DATABASE, 0, MIG_EXIT_OK },
	{ SESSION_OP_DATABASE, -1, MIG_EXIT_FAILED },
	{ SESSION_OP_CHECKS, 0, MIG_EXIT_OK },
	{ SESSION_OP_CHECKS, -1, MIG_EXIT_USAGE },
	/* what the table does not know fails, never passes */
	{ SESSION_OP_APPLY, 42, MIG_EXIT_FAILED },
	{ SESSION_OP_MODELS, 1, MIG_EXIT_FAILED },
};

START_TEST(test_exit_codes)
{
	ck_assert_int_eq(session_exit_code(exits[_i].op, exits[_i].result), exits[_i].exit);
}
END_TEST

/* --- the diag's list, and how it is printed -------------------------------- */

START_TEST(test_diag_list_keeps_order_across_errors)
{
	struct diag d = DIAG_INIT;

	diag_note(&d, "first");
	diag_error(&d, "an error");
	diag_warning(&d, "second");
	diag_error_at(&d, "f.xml", 3, "another error"); /* replaces the error, keeps the list */
	diag_add_lines(&d, DIAG_INFO, "third\n\nfourth\n");
	ck_assert_uint_eq(d.nr_msgs, 4);
	ck_assert_str_eq(d.msgs[0].text, "first");
	ck_assert_int_eq(d.msgs[0].severity, DIAG_NOTE);
	ck_assert_str_eq(d.msgs[1].text, "second");
	ck_assert_int_eq(d.msgs[1].severity, DIAG_WARNING);
	ck_assert_str_eq(d.msgs[2].text, "third");
	ck_assert_str_eq(d.msgs[3].text, "fourth");
	ck_assert_str_eq(d.message, "another error");
	diag_clear_error(&d);
	ck_assert(!diag_is_set(&d));
	ck_assert_uint_eq(d.nr_msgs, 4);
	diag_release(&d);
	ck_assert_uint_eq(d.nr_msgs, 0);
	ck_assert_ptr_null(d.msgs);
}
END_TEST

START_TEST(test_diag_printing)
{
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;

	unsetenv("MIG_MAKE");
	diag_note(&d, "m.sql: not carried over from line 3");
	diag_add(&d, DIAG_INFO, "left out table \"x\"");
	diag_warning(&d, "a view");
	diag_add(&d, DIAG_HINT, "run mig-gen --rehash");
	diag_error_at(&d, "models/a.xml", 7, "unknown type \"strnig\"");
	diag_detail(&d, "in table \"t\"");
	diag_hint(&d, "mig-stamp head adopts it");
	cli_format_diag(&out, "mig-gen", &d, 0);
	ck_assert_str_eq(out.buf, "mig-gen: note: m.sql: not carried over from line 3\n"
				  "mig-gen: left out table \"x\"\n"
				  "mig-gen: warning: a view\n"
				  "mig-gen: hint: run mig-gen --rehash\n"
				  "mig-gen: models/a.xml:7: unknown type \"strnig\"\n"
				  "mig-gen: detail: in table \"t\"\n"
				  "mig-gen: hint: mig-stamp head adopts it\n");
	/* quiet: errors and hints only; under make, hints name the targets */
	strbuf_reset(&out);
	setenv("MIG_MAKE", "1", 1);
	diag_clear_error(&d);
	diag_add(&d, DIAG_ERROR, "a trigger");
	cli_format_diag(&out, "mig-inspect", &d, CLI_REPORT_QUIET);
	ck_assert_str_eq(out.buf, "mig-inspect: hint: run make db-rehash\n"
				  "mig-inspect: error: a trigger\n");
	unsetenv("MIG_MAKE");
	/* no error set: none printed, unless asked ("unknown error", as cli_print_diag() has it) */
	diag_release(&d);
	strbuf_reset(&out);
	cli_format_diag(&out, "mig-heads", &d, 0);
	ck_assert_str_eq(out.buf, "");
	cli_format_diag(&out, "mig-heads", &d, CLI_REPORT_ERROR);
	ck_assert_str_eq(out.buf, "mig-heads: error: unknown error\n");
	strbuf_release(&out);
}
END_TEST

START_TEST(test_cli_report_and_messages_on_stderr)
{
	struct diag d = DIAG_INIT;
	struct capture c;
	char *err;

	unsetenv("MIG_MAKE");
	capture_start(&c, 2);
	cli_message(DIAG_INFO, "database %s, migrations %s", "x.db", "migrations/sqlite");
	cli_error("--merge cannot be combined with --empty");
	cli_hint("use pgsql or sqlite");
	diag_note(&d, "n");
	diag_error(&d, "boom");
	cli_report(&d, false);
	err = capture_end(&c);
	ck_assert_str_eq(err, "mig-test: database x.db, migrations migrations/sqlite\n"
			      "mig-test: error: --merge cannot be combined with --empty\n"
			      "mig-test: hint: use pgsql or sqlite\n"
			      "mig-test: note: n\n"
			      "mig-test: error: boom\n");
	free(err);
	diag_release(&d);
}
END_TEST

START_TEST(test_left_out)
{
	struct diag d = DIAG_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *lines = "note: left out table \"alembic_version\" (Alembic)\nview \"v\"\n";

	ck_assert_int_eq(cli_left_out(&d, lines, false), 0);
	cli_format_diag(&out, "mig-inspect", &d, 0);
	ck_assert_str_eq(out.buf, "mig-inspect: left out table \"alembic_version\" (Alembic)\n"
				  "mig-inspect: warning: view \"v\"\n");
	diag_release(&d);
	strbuf_reset(&out);
	unsetenv("MIG_MAKE");
	ck_assert_int_eq(cli_left_out(&d, lines, true), -1);
	cli_format_diag(&out, "mig-inspect", &d, CLI_REPORT_QUIET);
	ck_assert_str_eq(out.buf, "mig-inspect: error: view \"v\"\n"
				  "mig-inspect: hint: without --strict the model is written without them; keep them "
				  "in a migration written by hand (mig-gen --empty)\n");
	diag_release(&d);
	ck_assert_int_eq(cli_left_out(&d, "note: left out table \"x\" (Flyway)\n", true), 0);
	diag_release(&d);
	strbuf_release(&out);
}
END_TEST

Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("options");
	TCase *te = tcase_create("exit");
	TCase *td = tcase_create("diag");

	tcase_add_test(tc, test_parse_options_and_operands);
	tcase_add_test(tc, test_parse_double_dash_ends_options);
	tcase_add_loop_test(tc, test_parse_bad_command_lines, 0, (int)(sizeof(bad_lines) / sizeof(bad_lines[0])));
	tcase_add_test(tc, test_parse_help_and_version);
	tcase_add_loop_test(te, test_exit_codes, 0, (int)(sizeof(exits) / sizeof(exits[0])));
	tcase_add_test(td, test_diag_list_keeps_order_across_errors);
	tcase_add_test(td, test_diag_printing);
	tcase_add_test(td, test_cli_report_and_messages_on_stderr);
	tcase_add_test(td, test_left_out);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, te);
	suite_add_tcase(s, td);
	return s;
}

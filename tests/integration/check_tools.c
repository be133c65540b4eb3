/*
 * The tools as a user runs them: --help, --version, bad options, exit
 * statuses, help and man page in agreement, model errors on stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "suites.h"
#include "testutil.h"
#include "version.h"

static const char *const tools[] = { "mig-gen", "mig-apply", "mig-heads", "mig-stamp", "mig-inspect", "mig-check",
				       "mig-backup", "mig-lint" };
#define NR_TOOLS (sizeof(tools) / sizeof(tools[0]))

START_TEST(test_help)
{
	struct run_result r;

	run_tool(&r, NULL, NULL, tools[_i], "--help", NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.out, "Usage:\n") != NULL, "%s --help: %s", tools[_i], r.out);
	ck_assert_msg(strstr(r.out, "--database-url URL") != NULL, "%s --help lacks common options", tools[_i]);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
}
END_TEST

START_TEST(test_version)
{
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	run_tool(&r, NULL, NULL, tools[_i], "--version", NULL);
	strbuf_addf(&want, "%s (mig) %s\n", tools[_i], MIG_VERSION);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, want.buf);
	run_result_release(&r);
	strbuf_release(&want);
}
END_TEST

START_TEST(test_bad_option_exits_2)
{
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	run_tool(&r, NULL, NULL, tools[_i], "--no-such-option", NULL);
	strbuf_addf(&want, "Try \"%s --help\" for more information.\n", tools[_i]);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, "unrecognized option") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, want.buf) != NULL, "%s", r.err);
	run_result_release(&r);
	strbuf_release(&want);
}
END_TEST

START_TEST(test_bad_dialect_exits_2)
{
	struct run_result r;
	struct strbuf want = STRBUF_INIT;

	run_tool(&r, NULL, NULL, tools[_i], "--dialect", "mysql", NULL);
	strbuf_addf(&want, "%s: error: --dialect: \"mysql\" is invalid\n%s: hint: use pgsql or sqlite\n",
		    tools[_i], tools[_i]);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	strbuf_release(&want);
}
END_TEST

/* The long options in text ("--name"), each once, sorted by appearance. */
static void long_options_in(const char *text, struct strbuf *out)
{
	for (const char *p = text; (p = strstr(p, "--")) != NULL; p += 2) {
		struct strbuf opt = STRBUF_INIT;
		size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		if (n == 0)
			continue;
		strbuf_addf(&opt, " --%.*s ", (int)n, p + 2);
		if (!strstr(out->buf, opt.buf))
			strbuf_addstr(out, opt.buf);
		strbuf_release(&opt);
	}
}

/* Every long option of --help is in the man page, and the other way round. */
START_TEST(test_help_matches_man_page)
{
	struct run_result r;
	struct strbuf rel = STRBUF_INIT, man = STRBUF_INIT, in_help = STRBUF_INIT, in_man = STRBUF_INIT;
	char *raw, *path;

	run_tool(&r, NULL, NULL, tools[_i], "--help", NULL);
	strbuf_addf(&rel, "man/%s.1", tools[_i]);
	path = test_path(rel.buf);
	raw = test_read_file(path);
	ck_assert_msg(raw != NULL, "no man page %s", rel.buf);
	/* the OPTIONS section (elsewhere the page may name other tools' options); roff writes a hyphen as \- */
	ck_assert_msg(strstr(raw, "\n.SH OPTIONS\n") != NULL, "%s has no OPTIONS section", rel.buf);
	for (const char *p = strstr(raw, "\n.SH OPTIONS\n") + 1; *p && strncmp(p, "\n.SH ", 5) != 0; p++) {
		if (p[0] == '\\' && p[1] == '-')
			continue;
		strbuf_addch(&man, *p);
	}
	long_options_in(r.out, &in_help);
	long_options_in(man.buf, &in_man);
	ck_assert_msg(in_help.len > 0, "%s --help lists no option", tools[_i]);
	for (const char *p = in_help.buf; (p = strstr(p, " --")) != NULL; p += 3) {
		struct strbuf opt = STRBUF_INIT;
		strbuf_add(&opt, p, strcspn(p + 1, " ") + 2);
		ck_assert_msg(strstr(in_man.buf, opt.buf) != NULL, "%s:%s is in --help but not in %s",
			      tools[_i], opt.buf, rel.buf);
		strbuf_release(&opt);
	}
	for (const char *p = in_man.buf; (p = strstr(p, " --")) != NULL; p += 3) {
		struct strbuf opt = STRBUF_INIT;
		strbuf_add(&opt, p, strcspn(p + 1, " ") + 2);
		ck_assert_msg(strstr(in_help.buf, opt.buf) != NULL, "%s:%s is in %s but not in --help",
			      tools[_i], opt.buf, rel.buf);
		strbuf_release(&opt);
	}
	free(raw);
	free(path);
	strbuf_release(&rel);
	strbuf_release(&man);
	strbuf_release(&in_help);
	strbuf_release(&in_man);
	run_result_release(&r);
}
END_TEST

START_TEST(test_gen_print_model)
{
	struct run_result r;
	char *models = test_path("models");

	run_tool(&r, NULL, NULL, "mig-gen", "--models", models, "--print-model", NULL);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(strncmp(r.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<models xmlns=\"urn:mig:model:1\"", 69) == 0);
	ck_assert_str_eq(r.err, "");
	run_result_release(&r);
	free(models);
}
END_TEST

START_TEST(test_gen_bad_model_names_file_and_line)
{
	struct run_result r;
	char *root = test_path("");
	char *expected = test_read_file("tests/bad-models/unknown-type/expected.err");
	struct strbuf want = STRBUF_INIT;

	ck_assert_ptr_nonnull(expected);
	/* Every line of the message carries the tool's name. */
	for (const char *line = expected; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
		strbuf_addstr(&want, "mig-gen: ");
		strbuf_add(&want, line, len);
		line += len;
	}
	run_tool(&r, root, NULL, "mig-gen", "--models", "tests/bad-models/unknown-type", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, want.buf);
	run_result_release(&r);
	strbuf_release(&want);
	free(expected);
	free(root);
}
END_TEST

START_TEST(test_gen_missing_models_dir)
{
	struct run_result r;

	run_tool(&r, NULL, NULL, "mig-gen", "--models", "/nonexistent/models", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "mig-gen: /nonexistent/models: cannot open the models directory: "
				"No such file or directory\n");
	run_result_release(&r);
}
END_TEST

START_TEST(test_gen_unknown_app)
{
	struct run_result r;
	char *models = test_path("models");

	run_tool(&r, NULL, NULL, "mig-gen", "--models", models, "--app", "nope", "--print-model", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(r.err, "no model file has app \"nope\"\n") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, "hint: the apps are: ") != NULL, "%s", r.err);
	run_result_release(&r);
	free(models);
}
END_TEST

START_TEST(test_bad_numbers_are_named)
{
	struct run_result r;

	run_tool(&r, NULL, NULL, "mig-apply", "--wait", "5x", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strncmp(r.err, "mig-apply: error: --wait: \"5x\" is invalid\n", 42) == 0, "%s", r.err);
	run_result_release(&r);
	run_tool(&r, NULL, NULL, "mig-gen", "--timestamp", "2026", NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strncmp(r.err, "mig-gen: error: --timestamp: \"2026\" is invalid\n", 47) == 0, "%s", r.err);
	run_result_release(&r);
}
END_TEST

/* A full disk under `mig-gen --print-model > file` fails the tool. */
START_TEST(test_stdout_write_error_fails)
{
	struct run_result r;
	char *models = test_path("models");
	char *tool = test_tool_path("mig-gen");
	const char *argv[] = { "sh", "-c", "exec \"$0\" --models \"$1\" --print-model >/dev/full",
			       tool, models, NULL };

	run_argv(&r, NULL, NULL, argv);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "mig-gen: error: cannot write to standard output: No space left on device\n");
	run_result_release(&r);
	free(models);
	free(tool);
}
END_TEST

Suite *tools_suite(void)
{
	Suite *s = suite_create("tools");
	TCase *tc = tcase_create("contract");

	tcase_add_loop_test(tc, test_help, 0, NR_TOOLS);
	tcase_add_loop_test(tc, test_version, 0, NR_TOOLS);
	tcase_add_loop_test(tc, test_bad_option_exits_2, 0, NR_TOOLS);
	tcase_add_loop_test(tc, test_bad_dialect_exits_2, 0, NR_TOOLS);
	tcase_add_loop_test(tc, test_help_matches_man_page, 0, NR_TOOLS);
	tcase_add_test(tc, test_bad_numbers_are_named);
	suite_add_tcase(s, tc);

	tc = tcase_create("gen_models");
	tcase_add_test(tc, test_gen_print_model);
	tcase_add_test(tc, test_gen_bad_model_names_file_and_line);
	tcase_add_test(tc, test_gen_missing_models_dir);
	tcase_add_test(tc, test_gen_unknown_app);
	tcase_add_test(tc, test_stdout_write_error_fails);
	suite_add_tcase(s, tc);
	return s;
}

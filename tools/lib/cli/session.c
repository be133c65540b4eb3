#include "session.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "dialect.h"
#include "gen.h"
#include "lint.h"
#include "migcheck.h"
#include "seed.h"
#include "status.h"
#include "xalloc.h"
#include "banned.h"

void session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
	cli_common_init(&s->common);
	env_init(&s->env);
	config_init(&s->cfg);
	strbuf_init(&s->dir, 0);
	s->level = LOG_WARNING;
	s->diag = (struct diag)DIAG_INIT;
}

static void release_lists(const struct session_option *opts)
{
	for (const struct session_option *o = opts; o && o->name; o++) {
		if (o->kind == SESSION_LIST) {
			struct session_list *l = o->value;
			free(l->items);
			l->items = NULL;
			l->nr = l->alloc = 0;
		}
	}
}

void session_release(struct session *s)
{
	release_lists(s->options);
	s->options = NULL;
	env_release(&s->env);
	config_release(&s->cfg);
	strbuf_release(&s->dir);
	diag_release(&s->diag);
}

static int check_app(const char *arg, struct diag *d)
{
	if (!arg[0])
		return diag_error(d, "--app: the app name is empty");
	return 0;
}

static int check_dialect(const char *arg, struct diag *d)
{
	struct strbuf names = STRBUF_INIT;

	if (dialect_find(arg))
		return 0;
	diag_error(d, "--dialect: \"%s\" is invalid", arg);
	dialect_list_names(&names);
	diag_hint(d, "use %s", names.buf);
	strbuf_release(&names);
	return -1;
}

/* A whole number in [o->min, o->max]: 0, or -1 with d set ('--wait: "5x" is invalid'). */
static int parse_number(const struct session_option *o, const char *arg, struct diag *d)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!arg[0] || *end || errno == ERANGE || v < o->min || v > o->max) {
		diag_error(d, "--%s: \"%s\" is invalid", o->name, arg);
		diag_hint(d, "give a whole number from %ld to %ld", o->min, o->max);
		return -1;
	}
	*(int *)o->value = (int)v;
	return 0;
}

/* Stores arg for option o: 0, or -1 with d set. */
static int take(const struct session_option *o, const char *arg, struct diag *d)
{
	struct session_list *l;

	switch (o->kind) {
	case SESSION_FLAG:
		*(bool *)o->value = true;
		return 0;
	case SESSION_STRING:
		if (o->check && o->check(arg, d) < 0)
			return -1;
		*(const char **)o->value = arg;
		return 0;
	case SESSION_LIST:
		l = o->value;
		ALLOC_GROW(l->items, l->nr + 1, l->alloc);
		l->items[l->nr++] = arg;
		return 0;
	case SESSION_NUMBER:
		return parse_number(o, arg, d);
	case SESSION_SET:
		*(int *)o->value = (int)o->min;
		return 0;
	case SESSION_IGNORE:
		return 0;
	}
	return 0;
}

/* getopt's val of entry i: its letter, else a number past every character. */
static int option_val(const struct session_option *o, size_t i)
{
	return o->letter ? o->letter : 0x100 + (int)i;
}

enum session_result session_parse(struct session *s, int argc, char **argv, const struct session_tool *tool)
{
	struct cli_common *c = &s->common;
	/* the common options, after the tool's (as --help lists them) */
	const struct session_option common[] = {
		SESSION_OPT_CHECKED("app", &c->app, check_app),
		SESSION_OPT_STRING("database-url", &c->database_url),
		SESSION_OPT_CHECKED("dialect", &c->dialect, check_dialect),
		{ "help", 'h', SESSION_IGNORE, NULL, 0, 0, NULL },
		SESSION_OPT_STRING("migrations", &c->migrations),
		SESSION_OPT_STRING("models", &c->models),
		{ "version", 'V', SESSION_IGNORE, NULL, 0, 0, NULL },
	};
	size_t nr_tool = 0, nr_common = sizeof(common) / sizeof(common[0]), nr;
	struct session_option *all;
	struct option *longopts;
	struct strbuf shortopts = STRBUF_INIT;
	enum session_result ret = SESSION_GO;
	int opt;

	s->options = tool->options;
	while (tool->options && tool->options[nr_tool].name)
		nr_tool++;
	nr = nr_tool + nr_common;
	all = xcalloc(nr, sizeof(*all));
	longopts = xcalloc(nr + 1, sizeof(*longopts));
	for (size_t i = 0; i < nr_tool; i++)
		all[i] = tool->options[i];
	for (size_t i = 0; i < nr_common; i++)
		all[nr_tool + i] = common[i];
	/* -h, -V, then each tool option's letter (-q for --quiet) */
	strbuf_addstr(&shortopts, "hV");
	for (size_t i = 0; i < nr; i++) {
		bool has_arg = all[i].kind == SESSION_STRING || all[i].kind == SESSION_LIST ||
			       all[i].kind == SESSION_NUMBER;
		longopts[i].name = all[i].name;
		longopts[i].has_arg = has_arg ? required_argument : no_argument;
		longopts[i].val = option_val(&all[i], i);
		if (i < nr_tool && all[i].letter) {
			strbuf_addch(&shortopts, (char)all[i].letter);
			if (has_arg)
				strbuf_addch(&shortopts, ':');
		}
	}
	optind = 0; /* a full restart (glibc): a second parse in one process starts clean */
	while (ret == SESSION_GO && (opt = getopt_long(argc, argv, shortopts.buf, longopts, NULL)) != -1) {
		const struct session_option *o = NULL;

		if (opt == 'h') {
			tool->help();
			ret = SESSION_DONE;
			break;
		}
		if (opt == 'V') {
			cli_print_version();
			ret = SESSION_DONE;
			break;
		}
		for (size_t i = 0; i < nr && !o; i++) {
			if (option_val(&all[i], i) == opt)
				o = &all[i];
		}
		if (!o) {
			/* getopt said what: an unknown option, or one without its value */
			cli_usage_error();
			ret = SESSION_USAGE;
		} else if (take(o, optarg, &s->diag) < 0) {
			cli_print_diag(&s->diag);
			diag_clear_error(&s->diag);
			ret = SESSION_BAD_INPUT;
		}
	}
	if (ret == SESSION_GO) {
		int nargs = argc - optind;
		if (nargs < tool->min_args || nargs > tool->max_args) {
			if (nargs > tool->max_args)
				cli_error("unexpected argument \"%s\"", argv[optind + tool->max_args]);
			else
				cli_error("missing argument");
			cli_usage_error();
			ret = SESSION_USAGE;
		} else {
			s->args = argv + optind;
			s->nr_args = nargs;
		}
	}
	free(all);
	free(longopts);
	strbuf_release(&shortopts);
	return ret;
}

enum session_result session_setup(struct session *s)
{
	const struct cli_common *c = &s->common;

	if (env_load(&s->env, ".", &s->diag) < 0 || cli_check_log_level(&s->env, &s->diag) < 0)
		goto fail;
	s->level = cli_log_level(&s->env);
	env_export_libpq(&s->env);
	if (config_resolve(&s->cfg, c->database_url, &s->env, &s->diag) < 0)
		goto fail;
	strbuf_reset(&s->dir);
	strbuf_addf(&s->dir, "%s/%s", c->migrations, c->dialect ? c->dialect : s->cfg.dialect->name);
	return SESSION_GO;
fail:
	cli_print_diag(&s->diag);
	diag_clear_error(&s->diag);
	return SESSION_BAD_INPUT;
}

enum session_result session_start(struct session *s, int argc, char **argv, const struct session_tool *tool)
{
	enum session_result r = session_parse(s, argc, argv, tool);

	return r == SESSION_GO ? session_setup(s) : r;
}

int session_end(struct session *s, enum session_op op, int r)
{
	session_release(s);
	return session_exit_code(op, r);
}

/*
 * Results to exit statuses (DESIGN.md: 0 success, 1 the operation or check
 * failed, 2 bad usage or bad input).
 */
static const struct {
	enum session_op op;
	int result;
	enum mig_exit exit;
} exit_codes[] = {
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
	{ SESSION_OP_LINT, LINT_CLEAN, MIG_EXIT_OK },
	{ SESSION_OP_LINT, LINT_FINDINGS, MIG_EXIT_FAILED },
	{ SESSION_OP_LINT, LINT_BAD_INPUT, MIG_EXIT_USAGE },
};

enum mig_exit session_exit_code(enum session_op op, int r)
{
	for (size_t i = 0; i < sizeof(exit_codes) / sizeof(exit_codes[0]); i++) {
		if (exit_codes[i].op == op && exit_codes[i].result == r)
			return exit_codes[i].exit;
	}
	return MIG_EXIT_FAILED;
}

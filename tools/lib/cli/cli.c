#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chain.h"
#include "config.h"
#include "dialect.h"
#include "diag.h"
#include "env.h"
#include "fs.h"
#include "migfile.h"
#include "model.h"
#include "strbuf.h"
#include "version.h"
#include "xalloc.h"
#include "banned.h"

void cli_common_init(struct cli_common *c)
{
	c->models = "models";
	c->migrations = "migrations";
	c->app = NULL;
	c->dialect = NULL;
	c->database_url = NULL;
}

int cli_handle_common(struct cli_common *c, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_APP:
		if (!arg[0]) {
			cli_error("--app: the app name is empty");
			return -1;
		}
		c->app = arg;
		return 1;
	case CLI_OPT_DATABASE_URL:
		c->database_url = arg;
		return 1;
	case CLI_OPT_DIALECT:
		if (!dialect_find(arg)) {
			struct strbuf names = STRBUF_INIT;
			dialect_list_names(&names);
			cli_error("--dialect: \"%s\" is invalid", arg);
			fprintf(stderr, "%s: hint: use %s\n", tool_name, names.buf);
			strbuf_release(&names);
			return -1;
		}
		c->dialect = arg;
		return 1;
	case CLI_OPT_MIGRATIONS:
		c->migrations = arg;
		return 1;
	case CLI_OPT_MODELS:
		c->models = arg;
		return 1;
	default:
		return 0;
	}
}

int cli_parse(int argc, char **argv, const struct option *longopts, struct cli_common *c,
	      void (*help)(void), int (*tool_option)(void *ctx, int opt, const char *arg), void *ctx,
	      int min_args, int max_args, int *first_arg)
{
	/* -h, -V, and the short form of each long option whose value is a letter (-q for --quiet) */
	char shortopts[64] = "hV";
	size_t ns = 2;
	int opt, r, nargs;

	for (const struct option *lo = longopts; lo->name && ns + 3 < sizeof(shortopts); lo++) {
		if (lo->val < 0x80 && isalpha(lo->val) && lo->val != 'h' && lo->val != 'V') {
			shortopts[ns++] = (char)lo->val;
			if (lo->has_arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	shortopts[ns] = '\0';
	cli_common_init(c);
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help();
			return 1;
		case 'V':
			cli_print_version();
			return 1;
		default:
			r = cli_handle_common(c, opt, optarg);
			if (r < 0)
				return -1;
			if (r > 0)
				continue;
			r = tool_option ? tool_option(ctx, opt, optarg) : 1;
			if (r < 0)
				return -1;
			if (r > 0) {
				cli_usage_error();
				return -1;
			}
		}
	}
	nargs = argc - optind;
	if (nargs < min_args || nargs > max_args) {
		if (nargs > max_args)
			cli_error("unexpected argument \"%s\"", argv[optind + max_args]);
		else
			cli_error("missing argument");
		cli_usage_error();
		return -1;
	}
	if (first_arg)
		*first_arg = optind;
	return 0;
}

void cli_print_common_help(FILE *f)
{
	fputs("\nCommon options:\n"
	      "      --models DIR          model files (default: models)\n"
	      "      --migrations DIR      migrations, in DIR/<dialect>/ (default: migrations)\n"
	      "      --app NAME            app NAME's chain only (default: every chain)\n"
	      "      --dialect DIALECT     pgsql or sqlite (default: from the database URL)\n"
	      "      --database-url URL    the database (default: DATABASE_URL, then POSTGRES_*,\n"
	      "                            then the SQLite file var/dev.sqlite3)\n"
	      "  -h, --help                show this help, then exit\n"
	      "  -V, --version             show the version, then exit\n", f);
}

void cli_print_version(void)
{
	printf("%s (mig) %s\n", tool_name, MIG_VERSION);
}

int cli_usage_error(void)
{
	fprintf(stderr, "Try \"%s --help\" for more information.\n", tool_name);
	return MIG_EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: error: %s\n", tool_name, sb.buf);
	strbuf_release(&sb);
}

void cli_print_diag(const struct diag *d)
{
	struct strbuf prefix = STRBUF_INIT;
	struct diag shown = *d; /* borrowed fields: the hint printed on its own */

	shown.hint = NULL;
	strbuf_addf(&prefix, "%s: ", tool_name);
	diag_print(&shown, prefix.buf, stderr);
	if (d->hint)
		cli_hint("%s", d->hint);
	strbuf_release(&prefix);
}

bool cli_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

char *cli_ask(const char *question)
{
	char line[4096];
	size_t len;

	fputs(question, stderr);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	return xstrdup(line);
}

bool cli_ask_yes(const char *question)
{
	char *answer = cli_ask(question);
	bool yes = answer && (answer[0] == 'y' || answer[0] == 'Y');

	free(answer);
	return yes;
}

/*
 * The tool commands hints name, and the mk/mig.mk targets that run them;
 * "%s" is one word (a revision, head, base). Longer forms first.
 */
static const struct {
	const char *tool, *make;
} make_targets[] = {
	{ "mig-apply --downgrade --to %s", "make db-downgrade to=%s" },
	{ "mig-apply --upgrade --to %s", "make db-upgrade to=%s" },
	{ "mig-apply --allow-changed", "make db-upgrade args=--allow-changed" },
	{ "mig-apply --upgrade", "make db-upgrade" },
	{ "mig-apply --sql", "make db-sql" },
	{ "mig-gen --rehash", "make db-rehash" },
	{ "mig-gen --empty", "make db-migrate-empty name=NAME" },
	{ "mig-gen --app %s", "MIG_APP=%s make db-migrate name=NAME" },
	{ "mig-gen --merge", "make db-merge" },
	{ "mig-gen --check", "make db-check-models" },
	{ "mig-heads --history", "make db-history" },
	{ "mig-stamp %s", "make db-stamp to=%s" },
};

/* Length of the word at s: up to a blank, a quote, ;,) or a final period. */
static size_t word_len(const char *s)
{
	size_t n = strcspn(s, " \t\n;,)\"'");
	while (n && s[n - 1] == '.')
		n--;
	return n;
}

/* Does s start with pattern (its "%s" one word, into *word)? The length matched, or 0. */
static size_t match_tool(const char *s, const char *pattern, const char **word, size_t *word_n)
{
	const char *pct = strstr(pattern, "%s");
	size_t head = pct ? (size_t)(pct - pattern) : strlen(pattern);

	if (strncmp(s, pattern, head) != 0)
		return 0;
	if (!pct)
		return isalnum((unsigned char)s[head]) || s[head] == '-' ? 0 : head;
	*word = s + head;
	*word_n = word_len(*word);
	return *word_n ? head + *word_n : 0;
}

void cli_hint_for_user(const char *hint, struct strbuf *out)
{
	const char *mk = getenv("MIG_MAKE");
	bool via_make = mk && strcmp(mk, "1") == 0;

	for (const char *s = hint; *s;) {
		size_t used = 0;
		for (size_t i = 0; via_make && !used && i < sizeof(make_targets) / sizeof(make_targets[0]); i++) {
			const char *word = NULL;
			size_t word_n = 0;
			used = match_tool(s, make_targets[i].tool, &word, &word_n);
			if (used) {
				const char *m = make_targets[i].make, *pct = strstr(m, "%s");
				if (pct)
					strbuf_addf(out, "%.*s%.*s%s", (int)(pct - m), m, (int)word_n, word, pct + 2);
				else
					strbuf_addstr(out, m);
			}
		}
		if (!used) {
			strbuf_addch(out, *s);
			used = 1;
		}
		s += used;
	}
}

void cli_hint(const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT, shown = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	cli_hint_for_user(raw.buf, &shown);
	fprintf(stderr, "%s: hint: %s\n", tool_name, shown.buf);
	strbuf_release(&raw);
	strbuf_release(&shown);
}

int cli_parse_long(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!arg[0] || *end || errno == ERANGE || v < min || v > max) {
		cli_error("%s: \"%s\" is invalid", opt, arg);
		fprintf(stderr, "%s: hint: give a whole number from %ld to %ld\n", tool_name, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_database(const struct cli_common *c, struct env *env, struct db_config *cfg,
		 struct diag *d)
{
	if (env_load(env, ".", d) < 0 || cli_check_log_level(env, d) < 0)
		return -1;
	env_export_libpq(env);
	return config_resolve(cfg, c->database_url, env, d);
}

/*
 * Does any migration of folder dir belong to app? When none does, the apps
 * there are listed in apps ("a, b").
 */
static bool folder_has_app(const char *dir, const char *app, struct strbuf *apps)
{
	char **names;
	size_t nr = fs_list_dir(dir, ".sql", &names);
	struct strbuf path = STRBUF_INIT, seen = STRBUF_INIT;
	bool found = nr == 0;

	for (size_t i = 0; i < nr && !found; i++) {
		struct migfile mf;
		struct diag ignore = DIAG_INIT;
		strbuf_setlen(&path, 0);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		/* a file that does not read is the tool's own error to report */
		if (migfile_read(&mf, path.buf, &ignore) < 0)
			found = true;
		else if (mf.app && strcmp(mf.app, app) == 0)
			found = true;
		else if (mf.app) {
			/* ", a, b, " holds ", a, ": each app listed once */
			struct strbuf key = STRBUF_INIT;
			strbuf_setlen(&seen, 0);
			strbuf_addf(&seen, ", %s, ", apps->buf);
			strbuf_addf(&key, ", %s, ", mf.app);
			if (!strstr(seen.buf, key.buf))
				strbuf_addf(apps, "%s%s", apps->len ? ", " : "", mf.app);
			strbuf_release(&key);
		}
		migfile_release(&mf);
		diag_release(&ignore);
	}
	fs_free_list(names, nr);
	strbuf_release(&path);
	strbuf_release(&seen);
	return found;
}

int cli_check_dialect_folder(const struct cli_common *c, const struct db_config *cfg, const char *dir)
{
	const struct dialect *other = NULL;
	struct strbuf other_dir = STRBUF_INIT, apps = STRBUF_INIT;
	int ret = -1;

	/* the folder of another dialect that is there */
	for (size_t i = 0; dialect_all[i] && !other; i++) {
		if (dialect_all[i] == cfg->dialect)
			continue;
		strbuf_reset(&other_dir);
		strbuf_addf(&other_dir, "%s/%s", c->migrations, dialect_all[i]->name);
		if (access(other_dir.buf, F_OK) == 0)
			other = dialect_all[i];
	}
	if (access(dir, F_OK) != 0 && !c->dialect && other) {
		cli_error("%s does not exist: the migrations are written for %s only (%s), and the database is %s%s",
			  dir, other->display_name, other_dir.buf, cfg->display,
			  cfg->is_default ? " (nothing is configured: the embedded default)" : "");
		if (cfg->is_default)
			fprintf(stderr, "%s: hint: set DATABASE_URL (or POSTGRES_* variables, or .env) to the "
				"PostgreSQL database; or, to use SQLite too, set DATABASE_URL=sqlite:... and mig-gen "
				"starts %s at the next change of the models\n", tool_name, dir);
		else
			fprintf(stderr, "%s: hint: mig-gen starts %s, with the whole schema, at the next change of the "
				"models\n", tool_name, dir);
	} else if (access(dir, F_OK) != 0) {
		/* a typo in --migrations, or the wrong directory: running nothing would look like success */
		cli_error("%s does not exist: there are no migrations here", dir);
		fprintf(stderr, "%s: hint: run from the project's directory (or give --migrations); mig-gen "
			"writes the first migration\n", tool_name);
	} else if (c->app && *c->app && !folder_has_app(dir, c->app, &apps)) {
		cli_error("no migration in %s belongs to app \"%s\"%s%s%s", dir, c->app, apps.len ? " (the apps with "
			  "a chain: " : "", apps.buf, apps.len ? ")" : "");
		cli_hint("check the name (--app, MIG_APP); mig-gen --app %s writes its first migration", c->app);
	} else {
		ret = 0;
	}
	strbuf_release(&other_dir);
	strbuf_release(&apps);
	return ret;
}

int cli_check_dialect_matches(const struct cli_common *c, const struct db_config *cfg)
{
	const char *db = cfg->dialect->name;

	if (!c->dialect || strcmp(c->dialect, db) == 0)
		return 0;
	cli_error("--dialect %s does not match the database %s, which is %s%s: nothing was run", c->dialect,
		  cfg->display, cfg->dialect->display_name,
		  cfg->is_default ? " (nothing is configured: the embedded default)" : "");
	cli_hint("set DATABASE_URL to a %s database, or use --dialect %s (MIG_DIALECT=%s)",
		 dialect_find(c->dialect) ? dialect_find(c->dialect)->display_name : c->dialect, db, db);
	return -1;
}

int cli_select_chains(const struct cli_common *c, const struct env *env, const struct db_config *cfg,
		      const char *dir, const char *target, const char *what, bool use_databases,
		      struct model_names *chains, struct chain_db **dbs)
{
	struct diag d = DIAG_INIT;

	if (chain_select(dir, c->app, target, what, chains, &d) < 0) {
		cli_print_diag(&d);
		diag_release(&d);
		return -1;
	}
	return cli_chain_databases(c, env, cfg, chains, use_databases, dbs);
}

int cli_chain_databases(const struct cli_common *c, const struct env *env, const struct db_config *cfg,
			const struct model_names *chains, bool use_databases, struct chain_db **dbs)
{
	struct model apps = MODEL_INIT;
	struct diag d = DIAG_INIT;
	int ret = -1;

	model_init(&apps);
	*dbs = xcalloc(chains->nr ? chains->nr : 1, sizeof(**dbs));
	(*dbs)[0].cfg = cfg;
	/* --app X --database-url URL: the user named X's database */
	if ((use_databases && chain_read_app_databases(c->models, &apps, &d) < 0) ||
	    chain_databases(chains, &apps, cfg, !use_databases || (c->app && c->database_url), env, c->migrations, c->dialect, *dbs,
			    &d) < 0) {
		cli_print_diag(&d);
		goto out;
	}
	for (size_t i = 0; use_databases && i < chains->nr; i++) {
		const struct db_config *db = (*dbs)[i].cfg;
		struct model_names here = { 0 };
		struct strbuf what = STRBUF_INIT;
		bool missing;

		if (db == cfg)
			continue;
		if (cli_check_dialect_matches(c, db) < 0)
			goto out;
		if (db->dialect == cfg->dialect)
			continue;
		/* an app on a SQLite database next to a PostgreSQL one runs its sqlite folder */
		if (chain_list((*dbs)[i].dir, &here, &d) < 0) {
			cli_print_diag(&d);
			model_names_release(&here);
			goto out;
		}
		missing = model_names_find(&here, chains->items[i]) < 0;
		model_names_release(&here);
		if (missing) {
			chain_describe(chains->items[i], &what);
			cli_error("%s runs on %s (%s), a %s database, but %s has none of its migrations", what.buf,
				  db->display, (*dbs)[i].url_env,
				  db->dialect->display_name, (*dbs)[i].dir);
			cli_hint("write them with mig-gen --app %s (every dialect when no database is configured)",
				 chains->items[i]);
			strbuf_release(&what);
			goto out;
		}
	}
	ret = 0;
out:
	model_release(&apps);
	diag_release(&d);
	return ret;
}

void cli_print_chain_database(const char *chain, const struct chain_db *db)
{
	struct strbuf what = STRBUF_INIT;

	chain_describe(chain, &what);
	fprintf(stderr, "%s: %s: database %s%s%s%s, migrations %s\n", tool_name, what.buf, db->cfg->display,
		db->url_env ? " (" : "", db->url_env ? db->url_env : "", db->url_env ? ")" : "", db->dir);
	strbuf_release(&what);
}

int cli_start_database_tool(int argc, char **argv, const struct option *longopts,
			    struct cli_common *c, void (*help)(void),
			    int (*tool_option)(void *ctx, int opt, const char *arg), void *ctx,
			    int nr_args, int *first_arg, struct env *env, struct db_config *cfg,
			    struct strbuf *dir)
{
	struct diag d = DIAG_INIT;
	int rc = cli_parse(argc, argv, longopts, c, help, tool_option, ctx, nr_args, nr_args, first_arg);

	if (rc != 0)
		return rc > 0 ? MIG_EXIT_OK : MIG_EXIT_USAGE;
	if (cli_database(c, env, cfg, &d) < 0) {
		cli_print_diag(&d);
		diag_release(&d);
		return MIG_EXIT_USAGE;
	}
	strbuf_addf(dir, "%s/%s", c->migrations, c->dialect ? c->dialect : cfg->dialect->name);
	return -1;
}

static const struct {
	const char *name;
	enum log_level level;
} log_levels[] = {
	{ "trace", LOG_DEBUG }, { "debug", LOG_DEBUG }, { "10", LOG_DEBUG },
	{ "info", LOG_INFO }, { "20", LOG_INFO },
	{ "warning", LOG_WARNING }, { "warn", LOG_WARNING }, { "30", LOG_WARNING },
	{ "error", LOG_ERROR }, { "40", LOG_ERROR }, { "critical", LOG_ERROR },
	{ "fatal", LOG_ERROR }, { "50", LOG_ERROR },
};

/* LOG_LEVEL's level; -1 when it names none (unset or empty: the default). */
static int find_log_level(const char *v, enum log_level *out)
{
	*out = LOG_WARNING;
	if (!v || !*v)
		return 0;
	for (size_t i = 0; i < sizeof(log_levels) / sizeof(log_levels[0]); i++) {
		if (strcasecmp(v, log_levels[i].name) == 0) {
			*out = log_levels[i].level;
			return 0;
		}
	}
	return -1;
}

int cli_check_log_level(const struct env *env, struct diag *d)
{
	enum log_level level;
	const char *v = env_get(env, "LOG_LEVEL");

	if (find_log_level(v, &level) == 0)
		return 0;
	diag_error(d, "LOG_LEVEL: \"%s\" is not a level", v);
	diag_hint(d, "use debug, info, warning or error (or Python's 10 to 50); unset, it is warning");
	return -1;
}

enum log_level cli_log_level(const struct env *env)
{
	enum log_level level;

	find_log_level(env_get(env, "LOG_LEVEL"), &level);
	return level;
}

int cli_close_stdout(void)
{
	int err = ferror(stdout);

	if (fclose(stdout) != 0 || err) {
		fprintf(stderr, "%s: error: cannot write to standard output: %s\n", tool_name,
			errno ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}

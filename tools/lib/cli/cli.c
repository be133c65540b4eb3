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

/* The label of each severity, after "TOOL: " */
static const char *const severity_labels[] = {
	[DIAG_ERROR] = "error: ",
	[DIAG_WARNING] = "warning: ",
	[DIAG_NOTE] = "note: ",
	[DIAG_HINT] = "hint: ",
	[DIAG_INFO] = "",
};

void cli_format_message(struct strbuf *out, const char *tool, enum diag_severity sev, const char *text)
{
	strbuf_addf(out, "%s: %s", tool, severity_labels[sev]);
	if (sev == DIAG_HINT)
		cli_hint_for_user(text, out);
	else
		strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
}

void cli_format_diag(struct strbuf *out, const char *tool, const struct diag *d, enum cli_report_flags flags)
{
	for (size_t i = 0; i < d->nr_msgs; i++) {
		enum diag_severity sev = d->msgs[i].severity;
		/* quiet (LOG_LEVEL=error): errors, and the hints that go with them */
		if ((flags & CLI_REPORT_QUIET) && sev != DIAG_ERROR && sev != DIAG_HINT)
			continue;
		cli_format_message(out, tool, sev, d->msgs[i].text);
	}
	if ((flags & CLI_REPORT_ERROR) || diag_is_set(d)) {
		struct strbuf prefix = STRBUF_INIT;
		struct diag shown = *d; /* borrowed fields: the hint formatted on its own */

		shown.hint = NULL;
		strbuf_addf(&prefix, "%s: ", tool);
		diag_format(&shown, prefix.buf, out);
		if (d->hint)
			cli_format_message(out, tool, DIAG_HINT, d->hint);
		strbuf_release(&prefix);
	}
}

/* Every line the tools print on stderr, but progress, goes through here. */
static void emit(const struct diag *d, enum cli_report_flags flags)
{
	struct strbuf sb = STRBUF_INIT;

	cli_format_diag(&sb, tool_name, d, flags);
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

void cli_report(const struct diag *d, bool quiet)
{
	emit(d, quiet ? CLI_REPORT_QUIET : 0);
}

void cli_print_diag(const struct diag *d)
{
	emit(d, CLI_REPORT_ERROR);
}

static void vmessage(enum diag_severity sev, const char *fmt, va_list ap)
{
	struct strbuf text = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct diag_msg msg = { sev, NULL };

	strbuf_vaddf(&text, fmt, ap);
	msg.text = text.buf;
	d.msgs = &msg; /* borrowed: d is not released */
	d.nr_msgs = 1;
	emit(&d, 0);
	strbuf_release(&text);
}

void cli_message(enum diag_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(sev, fmt, ap);
	va_end(ap);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(DIAG_ERROR, fmt, ap);
	va_end(ap);
}

int cli_left_out(struct diag *d, const char *lines, bool strict)
{
	int n = 0;

	for (const char *p = lines; *p;) {
		size_t len = strcspn(p, "\n");
		if (strncmp(p, "note: ", 6) == 0) {
			diag_add(d, DIAG_INFO, "%.*s", (int)(len - 6), p + 6);
		} else {
			diag_add(d, strict ? DIAG_ERROR : DIAG_WARNING, "%.*s", (int)len, p);
			n++;
		}
		p += len + (p[len] == '\n');
	}
	if (n == 0 || !strict)
		return 0;
	diag_add(d, DIAG_HINT, "without --strict the model is written without them; keep them in a migration "
		 "written by hand (mig-gen --empty)");
	return -1;
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
	va_list ap;

	va_start(ap, fmt);
	vmessage(DIAG_HINT, fmt, ap);
	va_end(ap);
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
			cli_hint("set DATABASE_URL (or POSTGRES_* variables, or .env) to the PostgreSQL database; or, to "
				 "use SQLite too, set DATABASE_URL=sqlite:... and mig-gen starts %s at the next change of "
				 "the models", dir);
		else
			cli_hint("mig-gen starts %s, with the whole schema, at the next change of the models", dir);
	} else if (access(dir, F_OK) != 0) {
		/* a typo in --migrations, or the wrong directory: running nothing would look like success */
		cli_error("%s does not exist: there are no migrations here", dir);
		cli_hint("run from the project's directory (or give --migrations); mig-gen writes the first migration");
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
		      const struct migscan *scan, const char *dir, const char *target, const char *what, bool use_databases,
		      struct model_names *chains, struct chain_db **dbs)
{
	struct diag d = DIAG_INIT;

	if (chain_select(scan, dir, c->app, target, what, chains, &d) < 0) {
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
	cli_message(DIAG_INFO, "%s: database %s%s%s%s, migrations %s", what.buf, db->cfg->display,
		    db->url_env ? " (" : "", db->url_env ? db->url_env : "", db->url_env ? ")" : "", db->dir);
	strbuf_release(&what);
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

int cli_env_flag(const struct env *env, const char *name, int *value)
{
	static const char *const yes[] = { "1", "true", "yes", "on" }, *const no[] = { "0", "false", "no", "off", "" };
	const char *v = env_get(env, name);

	if (!v)
		return 0;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(v, yes[i]) == 0) {
			*value = 1;
			return 0;
		}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(v, no[i]) == 0) {
			*value = 0;
			return 0;
		}
	cli_error("%s=%s: say 1 or 0", name, v);
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
		cli_error("cannot write to standard output: %s", errno ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}

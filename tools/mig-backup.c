/*
 * mig-backup: a backup of the configured database (pg_dump -Fc, or SQLite's
 * online backup) into a new, timestamped file; prints its path. Apps that
 * name a database of their own (chain.h) are backed up too, each into a
 * file of its own: MIG_BACKUP=1 make db-upgrade changes them as well.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "backup.h"
#include "chain.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "env.h"
#include "strbuf.h"

const char tool_name[] = "mig-backup";

enum {
	OPT_DIR = CLI_OPT_TOOL_FIRST,
};

static const struct option long_options[] = {
	{ "dir", required_argument, NULL, OPT_DIR },
	CLI_COMMON_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("%s backs the database up before it changes: pg_dump's custom format\n"
	       "(pg_restore reads it), or a copy of a SQLite database, into a new file\n"
	       "DIR/<database>-<UTC time>.dump (.sqlite3); prints its path.\n\n"
	       "Usage:\n"
	       "  %s [OPTION]...\n\n"
	       "Options:\n"
	       "      --dir DIR             where the backups go (default: MIG_BACKUPS, then backups)\n",
	       tool_name, tool_name);
	cli_print_common_help(stdout);
}

static int tool_option(void *ctx, int opt, const char *arg)
{
	const char **dir = ctx;

	if (opt != OPT_DIR)
		return 1;
	*dir = arg;
	return 0;
}

int tool_main(int argc, char **argv)
{
	struct cli_common common;
	struct db_config cfg;
	struct env env;
	struct diag d = DIAG_INIT;
	struct strbuf migrations = STRBUF_INIT, path = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	const char *dir = NULL;
	int rc;

	config_init(&cfg);
	env_init(&env);
	rc = cli_start_database_tool(argc, argv, long_options, &common, help, tool_option, &dir, 0, NULL, &env,
				     &cfg, &migrations);
	if (rc >= 0)
		goto out;
	if (!dir)
		dir = env_get(&env, "MIG_BACKUPS");
	if (!dir || !*dir)
		dir = "backups";
	/* the chains of the database's folder, each on its database (every one resolved first) */
	if (access(migrations.buf, F_OK) == 0 &&
	    cli_select_chains(&common, &env, &cfg, migrations.buf, NULL, "", true, &chains, &dbs) < 0) {
		rc = MIG_EXIT_USAGE;
		goto out;
	}
	rc = MIG_EXIT_OK;
	/* the configured database, unless --app names an app with a database of its own; then each app's own */
	if (!(common.app && dbs && dbs[0].url_env)) {
		if (backup_run(&cfg, dir, &path, &d) < 0)
			rc = MIG_EXIT_FAILED;
		else
			printf("%s\n", path.buf);
	}
	for (size_t i = 0; i < chains.nr && rc == MIG_EXIT_OK; i++) {
		if (!dbs[i].url_env)
			continue;
		strbuf_reset(&path);
		if (backup_run(dbs[i].cfg, dir, &path, &d) < 0)
			rc = MIG_EXIT_FAILED;
		else
			printf("%s\n", path.buf);
	}
	if (rc != MIG_EXIT_OK)
		cli_print_diag(&d);
out:
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	model_names_release(&chains);
	config_release(&cfg);
	env_release(&env);
	diag_release(&d);
	strbuf_release(&migrations);
	strbuf_release(&path);
	return rc;
}

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
#include "model.h"
#include "session.h"
#include "strbuf.h"

const char tool_name[] = "mig-backup";

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

int tool_main(int argc, char **argv)
{
	struct session s;
	struct strbuf path = STRBUF_INIT;
	struct model_names chains = { 0 };
	struct chain_db *dbs = NULL;
	const char *dir = NULL;
	const struct session_option options[] = {
		SESSION_OPT_STRING("dir", &dir),
		SESSION_OPT_END,
	};
	const struct session_tool tool = { help, options, 0, 0 };
	enum session_result sr;
	int r = 0;

	session_init(&s);
	sr = session_start(&s, argc, argv, &tool);
	if (sr != SESSION_GO)
		return session_end(&s, SESSION_OP_SESSION, sr);
	if (!dir)
		dir = env_get(&s.env, "MIG_BACKUPS");
	if (!dir || !*dir)
		dir = "backups";
	/* the chains of the database's folder, each on its database (every one resolved first) */
	if (access(s.dir.buf, F_OK) == 0 &&
	    cli_select_chains(&s.common, &s.env, &s.cfg, NULL, s.dir.buf, NULL, "", true, &chains, &dbs) < 0) {
		sr = SESSION_BAD_INPUT;
		goto out;
	}
	/* the configured database, unless --app names an app with a database of its own; then each app's own */
	if (!(s.common.app && dbs && dbs[0].url_env)) {
		r = backup_run(&s.cfg, dir, &path, &s.diag);
		if (r == 0)
			printf("%s\n", path.buf);
	}
	for (size_t i = 0; i < chains.nr && r == 0; i++) {
		if (!dbs[i].url_env)
			continue;
		strbuf_reset(&path);
		r = backup_run(dbs[i].cfg, dir, &path, &s.diag);
		if (r == 0)
			printf("%s\n", path.buf);
	}
	if (r < 0)
		cli_print_diag(&s.diag);
out:
	if (dbs)
		chain_dbs_release(dbs, chains.nr);
	free(dbs);
	model_names_release(&chains);
	strbuf_release(&path);
	return sr != SESSION_GO ? session_end(&s, SESSION_OP_SESSION, sr) : session_end(&s, SESSION_OP_DATABASE, r);
}

/*
 * bench-apply: mig-apply against each database's own client on the same
 * SQL (not a test: it asserts nothing about time, it reports): psql on
 * PostgreSQL, the sqlite3 shell on SQLite.
 *
 * For each dialect it writes a chain of N small migrations (each the child
 * of the previous one: a new table with a row, an added column with an
 * index, an added column with a default and an updated row, an inserted row
 * and a comment, in turn) and their sum file (mig-gen --rehash). SQLite has
 * no COMMENT ON: there the comment is a row of a table of comments (created
 * by the first migration), inserted or replaced, as PostgreSQL's
 * pg_description row is. The client's file is what `mig-apply --sql` prints
 * for the same run on an empty database, without its BEGIN (BEGIN
 * IMMEDIATE) and COMMIT lines: the version table, each up section statement
 * by statement, and around each one the same version-row statements
 * mig-apply sends (on SQLite also its PRAGMA foreign_key_check). So the four
 * cases of a dialect run the same statements:
 *
 *   mig-apply            a transaction per migration (its statements and its
 *                        version row), one round trip each
 *   mig-apply --single-transaction   the whole run in one transaction
 *   psql -1              psql -X -q -v ON_ERROR_STOP=1 -1 -f FILE
 *   psql                 the same without -1: every statement commits alone
 *   sqlite3 (BEGIN ... COMMIT)   sqlite3 -batch -bail -init /dev/null DB <
 *                        FILE between BEGIN; and COMMIT;
 *   sqlite3              the same on FILE: every statement commits alone
 *
 * Every run gets a database of its own: on PostgreSQL created (and a
 * CHECKPOINT taken) before the clock starts, none dropped during the
 * benchmark, since dropping a large database slows file creation for a
 * while; on SQLite a new file, after a sync(). Neither changes SQLite's
 * defaults (synchronous FULL, the rollback journal): mig-apply does not
 * either. The order of the four cases rotates from round to round. After
 * each run the number of version rows and tables is checked, so a run that
 * did less is caught.
 *
 * It prints each run's wall time, then per case the median, minimum and
 * maximum, and the median CPU time of the client (wait4) and, on
 * PostgreSQL, of the server's backends (the postmaster's reaped children,
 * from /proc), and the ratios mig-apply / client (autocommit) and mig-apply
 * --single-transaction / client in one transaction. The CPU times tell the
 * tools' own work from the server's, which is the same in every case.
 *
 * BENCH_KEEP=1 keeps the migrations, the client files and the SQLite
 * databases in WORKDIR. BENCH_DIALECT=pgsql or sqlite runs one dialect only
 * (SQLite alone needs no server).
 *
 * Run it under tests/pg-harness.sh, which provides MIG_TEST_PG_URL and
 * MIG_TEST_PG_BIN (the server's bin directory: its psql is the real one,
 * not Debian's /usr/bin/psql wrapper). The sqlite3 shell is the one in
 * PATH.
 *
 * Usage: bench-apply MIG_BIN_DIR WORKDIR [MIGRATIONS [ROUNDS]]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MIGRATIONS 1000
#define DEFAULT_ROUNDS 5
#define MAX_ROUNDS 50

/* mig-apply both ways, and the database's own client both ways */
enum bench_case { MIG_APPLY, MIG_APPLY_SINGLE, CLIENT_SINGLE, CLIENT_AUTOCOMMIT, ONE_MESSAGE, NR_CASES };

/* What differs between the PostgreSQL and the SQLite benchmark. */
struct dialect {
	const char *name;   /* mig's: the migrations folder, --dialect */
	const char *client; /* the program mig-apply is compared with */
	bool sqlite;
	const char *case_names[NR_CASES]; /* NULL: a case the dialect has not (ONE_MESSAGE on SQLite) */
	const char *case_tags[NR_CASES]; /* parts of database (file) names, which then need no quoting */
	int extra_tables;                /* tables besides the item tables */
};

static const struct dialect pgsql_bench = {
	.name = "pgsql",
	.client = "psql",
	.case_names = { "mig-apply", "mig-apply --single-transaction", "psql -1", "psql (autocommit)",
			"one query message (libpq)" },
	.case_tags = { "apply", "apply1", "psql1", "psql", "onemsg" },
	.extra_tables = 1, /* mig_history */
};

static const struct dialect sqlite_bench = {
	.name = "sqlite",
	.client = "sqlite3",
	.sqlite = true,
	.case_names = { "mig-apply", "mig-apply --single-transaction", "sqlite3 (BEGIN ... COMMIT)",
			"sqlite3 (autocommit)" },
	.case_tags = { "apply", "apply1", "shell1", "shell" },
	.extra_tables = 2, /* mig_history, table_comment */
};

/* The programs and places, found once at the start. */
struct bench {
	const char *work;
	char mig_apply[4096], mig_gen[4096];
	char psql[4096];     /* the server's psql */
	char base_url[4096]; /* the harness's URL up to and with the last '/' */
	pid_t postmaster;    /* 0 when the server's CPU time cannot be read */
	char sqlite3[4096];  /* the sqlite3 shell */
	char onemsg[4096];   /* bench-onemsg, beside this program */
};

/* One dialect's chain, as its client runs it. */
struct chain {
	const struct dialect *dl;
	char file[4200];        /* the statements, each committing alone */
	char file_single[4200]; /* SQLite: the same between BEGIN and COMMIT (psql has -1) */
	int statements;
};

/* One run: wall time, the client's CPU time, the server backends' CPU time. */
struct timing {
	double wall_ms, client_cpu_ms, server_cpu_ms;
	long maxrss_kb; /* the client's peak resident memory */
};

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench-apply: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double timeval_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

/*
 * Runs argv[0] with stdin from in_path (if not NULL), stdout to out_path
 * (or /dev/null) and stderr to WORKDIR/stderr.txt, in WORKDIR (so that no
 * .env of the caller is read). Returns the exit status; *t (if not NULL)
 * gets the wall and CPU times.
 */
static int run(const struct bench *b, char *const argv[], const char *in_path, const char *out_path,
	       struct timing *t)
{
	char err_path[4200];
	double start = now_ms();
	struct rusage ru;
	int status;
	pid_t pid;

	snprintf(err_path, sizeof(err_path), "%s/stderr.txt", b->work);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = in_path ? open(in_path, O_RDONLY) : 0;
		int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || err < 0 || chdir(b->work) != 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4: %s", strerror(errno));
	if (t) {
		t->wall_ms = now_ms() - start;
		t->client_cpu_ms = timeval_ms(ru.ru_utime) + timeval_ms(ru.ru_stime);
		t->maxrss_kb = ru.ru_maxrss;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Stops the benchmark with the command and the start of its error output. */
static _Noreturn void failed(const struct bench *b, char *const argv[], int rc)
{
	char cmd[8192] = "";

	for (size_t i = 0; argv[i]; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s%s", i ? " " : "", argv[i]);
	fprintf(stderr, "bench-apply: failed (exit status %d): %s\n", rc, cmd);
	snprintf(cmd, sizeof(cmd), "%s/stderr.txt", b->work);
	FILE *f = fopen(cmd, "r");
	if (f) {
		char line[1024];
		for (int n = 0; n < 30 && fgets(line, sizeof(line), f); n++)
			fputs(line, stderr);
		fclose(f);
	}
	exit(1);
}

static void run_or_die(const struct bench *b, char *const argv[], const char *out_path)
{
	int rc = run(b, argv, NULL, out_path, NULL);

	if (rc != 0)
		failed(b, argv, rc);
}

static void url_of(const struct bench *b, const char *dbname, char *out, size_t size)
{
	snprintf(out, size, "%s%s", b->base_url, dbname);
}

/*
 * One statement through the dialect's client, on the database named target
 * (PostgreSQL) or the file target (SQLite); its output, without trailing
 * blanks, into out (if not NULL).
 */
static void query(const struct bench *b, const struct dialect *dl, const char *target, const char *sql, char *out,
		  size_t size)
{
	char url[4200], out_path[4200];
	char *psql_argv[] = { (char *)b->psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
			      (char *)sql, NULL };
	char *sqlite_argv[] = { (char *)b->sqlite3, "-batch", "-bail", "-init", "/dev/null", (char *)target,
				(char *)sql, NULL };
	FILE *f;
	size_t n;

	if (!dl->sqlite)
		url_of(b, target, url, sizeof(url));
	snprintf(out_path, sizeof(out_path), "%s/query-out.txt", b->work);
	run_or_die(b, dl->sqlite ? sqlite_argv : psql_argv, out_path);
	if (!out)
		return;
	f = fopen(out_path, "r");
	if (!f)
		die("%s: %s", out_path, strerror(errno));
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	fclose(f);
}

/*
 * The server's CPU time is read from the postmaster's /proc entry: a
 * backend's CPU time is added to its cutime and cstime once the postmaster
 * has reaped it. So it is read when no client backend is left (the admin
 * connections before a run, the run's own after it). An autovacuum worker
 * that ends meanwhile is counted too; on this benchmark's small tables that
 * is rare and small.
 */
static void find_postmaster(struct bench *b)
{
	char dir[4096], path[4200];
	FILE *f;
	int pid = 0;

	query(b, &pgsql_bench, "postgres", "SHOW data_directory", dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/postmaster.pid", dir);
	f = fopen(path, "r");
	if (f && fscanf(f, "%d", &pid) == 1 && pid > 0)
		b->postmaster = pid;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (b->postmaster && access(path, R_OK) != 0)
		b->postmaster = 0;
}

/*
 * Fields 3 (state), 4 (ppid) and 16 + 17 (cutime + cstime, in clock ticks)
 * of /proc/PID/stat.
 */
static int read_proc_stat(pid_t pid, char *state, pid_t *ppid, long long *children_ticks)
{
	char path[64], buf[2048], *p;
	long long field[18] = { 0 };
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* the command name, field 2, is in parentheses and may hold spaces */
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p += 2;
	*state = *p;
	for (int i = 4; i <= 17 && (p = strchr(p, ' ')); i++)
		field[i] = strtoll(++p, NULL, 10);
	*ppid = (pid_t)field[4];
	*children_ticks = field[16] + field[17];
	return 0;
}

static double server_cpu_ms(const struct bench *b)
{
	long long ticks = 0;
	pid_t ppid;
	char state;

	if (!b->postmaster || read_proc_stat(b->postmaster, &state, &ppid, &ticks) < 0)
		return 0;
	return (double)ticks * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/*
 * Whether a client backend (titled "postgres: USER DB HOST(PORT) ...") is
 * alive, or any child is ending or has ended but is not reaped yet: its CPU
 * time is not in the postmaster's yet.
 */
static bool server_has_clients(const struct bench *b)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	bool found = false;

	if (!proc)
		return false;
	while (!found && (e = readdir(proc))) {
		char path[300], title[512] = "";
		long long ticks;
		pid_t ppid;
		char state;
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    read_proc_stat((pid_t)atoi(e->d_name), &state, &ppid, &ticks) < 0 || ppid != b->postmaster)
			continue;
		if (state == 'Z') {
			found = true;
			break;
		}
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		f = fopen(path, "r");
		if (f) {
			title[fread(title, 1, sizeof(title) - 1, f)] = '\0';
			fclose(f);
		}
		/* an empty title: the process is ending (its memory, and title, are gone) */
		found = !title[0] || strchr(title, '(') || strstr(title, "[local]");
	}
	closedir(proc);
	return found;
}

static void wait_for_no_clients(const struct bench *b)
{
	struct timespec pause = { 0, 2000000L };

	for (int i = 0; b->postmaster && i < 5000 && server_has_clients(b); i++)
		nanosleep(&pause, NULL);
}

/* The first line that the shell command cmd prints, into out; false if none. */
static bool first_line(const char *cmd, char *out, size_t size)
{
	FILE *f = popen(cmd, "r");
	bool ok = f && fgets(out, (int)size, f);

	if (f)
		pclose(f);
	if (!ok)
		return false;
	out[strcspn(out, "\n")] = '\0';
	return *out != '\0';
}

/* A client must be a program: a wrapper script would add its own start-up time. */
static void check_elf(const char *path, const char *name)
{
	char magic[4] = "";
	FILE *f = fopen(path, "rb");
	bool elf = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "\177ELF", 4) == 0;

	if (f)
		fclose(f);
	if (!elf)
		die("%s is not the %s program (a wrapper script would add its own start-up time)", path, name);
}

/* The server's psql: MIG_TEST_PG_BIN, else pg_config --bindir. */
static void find_psql(struct bench *b)
{
	const char *bindir = getenv("MIG_TEST_PG_BIN");
	char dir[4096] = "";

	if (bindir && *bindir)
		snprintf(dir, sizeof(dir), "%s", bindir);
	else if (!first_line("pg_config --bindir", dir, sizeof(dir)))
		die("no MIG_TEST_PG_BIN and no pg_config: cannot find the server's psql");
	snprintf(b->psql, sizeof(b->psql), "%s/psql", dir);
	check_elf(b->psql, "psql");
}

static void find_sqlite3(struct bench *b)
{
	if (!first_line("command -v sqlite3", b->sqlite3, sizeof(b->sqlite3)))
		die("no sqlite3 shell in PATH (Debian's sqlite3 package)");
	check_elf(b->sqlite3, "sqlite3");
}

/* Appends to the string in buf. */
__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* The slug of migration i: what it does, by i % 4. */
static const char *const slugs[4] = { "seed_item", "create_item", "add_note", "add_quantity" };

/* The revision of migration i (1-based): i seconds after 2026-01-01 00:00:00. */
static void revision_name(int i, char *out, size_t size)
{
	snprintf(out, size, "%04d_20260101%02d%02d%02d_%s", i, i / 3600, i / 60 % 60, i % 60, slugs[i % 4]);
}

/*
 * Migration i (1-based) of the chain, in the dialect's SQL. Every fourth
 * creates a table; the three after it change that table, as a growing
 * application does. On SQLite the key is the rowid (what mig-gen writes for
 * an identity key), and a comment is a row of table_comment.
 */
static void write_migration(const char *dir, int i, const struct dialect *dl)
{
	char path[4600], rev[128], prev[128] = "", message[64], up[2048], down[512];
	int table = (i - 1) / 4 * 4 + 1; /* the migration that created the current table */
	bool sqlite = dl->sqlite;

	switch (i % 4) {
	case 1:
		snprintf(message, sizeof(message), "create table item_%05d", table);
		if (sqlite)
			snprintf(up, sizeof(up),
				 "%sCREATE TABLE item_%05d (\n"
				 "    id integer NOT NULL CONSTRAINT item_%05d_pkey PRIMARY KEY AUTOINCREMENT,\n"
				 "    name varchar(200) NOT NULL,\n"
				 "    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
				 ");\n",
				 i == 1 ? "CREATE TABLE table_comment (table_name text NOT NULL PRIMARY KEY, "
					  "comment text NOT NULL);\n"
					: "",
				 table, table);
		else
			snprintf(up, sizeof(up),
				 "CREATE TABLE item_%05d (\n"
				 "    id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
				 "    name varchar(200) NOT NULL,\n"
				 "    created_at timestamptz NOT NULL DEFAULT now(),\n"
				 "    CONSTRAINT item_%05d_pkey PRIMARY KEY (id)\n"
				 ");\n",
				 table, table);
		append(up, sizeof(up), "INSERT INTO item_%05d (name) VALUES ('first item of migration %d');\n", table,
		       i);
		snprintf(down, sizeof(down), "DROP TABLE item_%05d;\n%s", table,
			 sqlite && i == 1 ? "DROP TABLE table_comment;\n" : "");
		break;
	case 2:
		snprintf(message, sizeof(message), "add item_%05d.note", table);
		snprintf(up, sizeof(up),
			 "ALTER TABLE item_%05d ADD COLUMN note text;\n"
			 "CREATE INDEX item_%05d_note_idx ON item_%05d (note);\n",
			 table, table, table);
		snprintf(down, sizeof(down),
			 "DROP INDEX item_%05d_note_idx;\n"
			 "ALTER TABLE item_%05d DROP COLUMN note;\n",
			 table, table);
		break;
	case 3:
		snprintf(message, sizeof(message), "add item_%05d.quantity", table);
		snprintf(up, sizeof(up),
			 "ALTER TABLE item_%05d ADD COLUMN quantity integer NOT NULL DEFAULT 0;\n"
			 "UPDATE item_%05d SET quantity = %d WHERE id = 1;\n",
			 table, table, i);
		snprintf(down, sizeof(down), "ALTER TABLE item_%05d DROP COLUMN quantity;\n", table);
		break;
	default:
		snprintf(message, sizeof(message), "seed item_%05d", table);
		snprintf(up, sizeof(up),
			 "INSERT INTO item_%05d (name, note, quantity) VALUES ('item of migration %d', 'seeded', 1);\n", table,
			 i);
		if (sqlite)
			append(up, sizeof(up),
				 "INSERT OR REPLACE INTO table_comment (table_name, comment) "
				 "VALUES ('item_%05d', 'Items, seeded by migration %d');\n",
				 table, i);
		else
			append(up, sizeof(up),
				 "COMMENT ON TABLE item_%05d IS 'Items, seeded by migration %d';\n", table, i);
		snprintf(down, sizeof(down),
			 sqlite ? "DELETE FROM table_comment WHERE table_name = 'item_%05d';\n"
				: "COMMENT ON TABLE item_%05d IS NULL;\n",
			 table);
		append(down, sizeof(down), "DELETE FROM item_%05d WHERE note = 'seeded';\n",
			 table);
		break;
	}
	revision_name(i, rev, sizeof(rev));
	if (i > 1)
		revision_name(i - 1, prev, sizeof(prev));
	snprintf(path, sizeof(path), "%s/%s.sql", dir, rev);
	FILE *f = fopen(path, "w");
	if (!f ||
	    fprintf(f,
		    "-- mig:revision %s\n-- mig:parents%s%s\n-- mig:message %s\n-- mig:transaction on\n"
		    "-- mig:up\n%s-- mig:down\n%s",
		    rev, *prev ? " " : "", prev, message, up, down) < 0 ||
	    fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/*
 * The client's files: mig-apply's own --sql output for an empty database,
 * less its BEGIN (BEGIN IMMEDIATE) and COMMIT lines (without them each
 * statement commits alone; psql -1 adds its own transaction, and for the
 * sqlite3 shell file_single has the same between BEGIN; and COMMIT;).
 * Returns the number of statements.
 */
static int write_client_files(const char *sql_path, const struct chain *ch, int migrations)
{
	FILE *in = fopen(sql_path, "r"), *out = fopen(ch->file, "w");
	FILE *single = *ch->file_single ? fopen(ch->file_single, "w") : NULL;
	char line[8192];
	int statements = 0, history_rows = 0;

	if (!in || !out || (*ch->file_single && !single))
		die("%s: %s", !in ? sql_path : !out ? ch->file : ch->file_single, strerror(errno));
	if (single)
		fputs("BEGIN;\n", single);
	while (fgets(line, sizeof(line), in)) {
		if (strcmp(line, "BEGIN;\n") == 0 || strcmp(line, "BEGIN IMMEDIATE;\n") == 0 ||
		    strcmp(line, "COMMIT;\n") == 0)
			continue;
		if (strncmp(line, "INSERT INTO mig_history", 23) == 0)
			history_rows++;
		if (line[0] != '-' && strchr(line, ';'))
			statements++;
		fputs(line, out);
		if (single)
			fputs(line, single);
	}
	fclose(in);
	if (fclose(out) != 0)
		die("%s: %s", ch->file, strerror(errno));
	if (single && (fputs("COMMIT;\n", single) < 0 || fclose(single) != 0))
		die("%s: %s", ch->file_single, strerror(errno));
	if (history_rows != migrations)
		die("mig-apply --sql printed %d version rows for %d migrations (see %s)", history_rows, migrations,
		    sql_path);
	return statements;
}

/* The dialect's migrations, their sum file, and the client's files. */
static void generate(const struct bench *b, const struct dialect *dl, int migrations, struct chain *ch)
{
	char dir[4200], models[4200], migs[4200], sql_path[4200], url[4200];
	char *rehash[] = { (char *)b->mig_gen, "--rehash", "--dialect", (char *)dl->name, "--models", models,
			   "--migrations", migs, NULL };
	char *print_sql[] = { (char *)b->mig_apply, "--sql", "--dialect", (char *)dl->name, "--migrations", migs,
			      "--database-url", url, NULL };

	snprintf(migs, sizeof(migs), "%s/migrations", b->work);
	snprintf(models, sizeof(models), "%s/models", b->work);
	snprintf(dir, sizeof(dir), "%s/%s", migs, dl->name);
	if (mkdir(dir, 0755) != 0)
		die("%s: %s", dir, strerror(errno));
	for (int i = 1; i <= migrations; i++)
		write_migration(dir, i, dl);
	run_or_die(b, rehash, NULL);

	if (dl->sqlite) {
		/* a file that does not exist: --sql prints the SQL for an empty database, and creates nothing */
		snprintf(url, sizeof(url), "sqlite:%s/runs/sql.sqlite3", b->work);
	} else {
		query(b, dl, "postgres", "CREATE DATABASE bench_sql", NULL, 0);
		url_of(b, "bench_sql", url, sizeof(url));
	}
	snprintf(sql_path, sizeof(sql_path), "%s/%s-mig-apply-sql.txt", b->work, dl->name);
	run_or_die(b, print_sql, sql_path);
	ch->dl = dl;
	snprintf(ch->file, sizeof(ch->file), "%s/%s-up.sql", b->work, dl->name);
	/* psql has -1; the one-message floor and the SQLite shell read BEGIN; ... COMMIT; */
	snprintf(ch->file_single, sizeof(ch->file_single), "%s/%s-up-1.sql", b->work, dl->name);
	ch->statements = write_client_files(sql_path, ch, migrations);
}

/*
 * Makes the new, empty database of a run: target gets its name (PostgreSQL)
 * or file (SQLite), url its URL. No run pays for the writes of the one
 * before: a CHECKPOINT, or a sync().
 */
static void new_database(const struct bench *b, const struct dialect *dl, const char *tag, int round,
			 char *target, size_t target_size, char *url, size_t url_size)
{
	char sql[256];

	if (dl->sqlite) {
		snprintf(target, target_size, "%s/runs/r%d_%s.sqlite3", b->work, round, tag);
		if (access(target, F_OK) == 0)
			die("%s exists: every run needs a new database", target);
		snprintf(url, url_size, "sqlite:%s", target);
		sync();
		return;
	}
	snprintf(target, target_size, "bench_r%d_%s", round, tag);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", target);
	query(b, dl, "postgres", sql, NULL, 0);
	query(b, dl, "postgres", "CHECKPOINT", NULL, 0);
	url_of(b, target, url, url_size);
}

/* Runs one case on a new database. */
static struct timing time_case(const struct bench *b, const struct chain *ch, enum bench_case c, int round,
			       int migrations)
{
	const struct dialect *dl = ch->dl;
	char target[4200], url[4200], migs[4200], got[256], want[64];
	char *apply_argv[] = { (char *)b->mig_apply, "--dialect", (char *)dl->name, "--migrations", migs,
			       "--database-url", url, NULL, NULL };
	char *psql_argv[] = { (char *)b->psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", (char *)ch->file,
			      NULL, NULL };
	char *shell_argv[] = { (char *)b->sqlite3, "-batch", "-bail", "-init", "/dev/null", target, NULL };
	char *onemsg_argv[] = { (char *)b->onemsg, url, (char *)ch->file_single, NULL };
	const char *in_path = NULL;
	char **argv = apply_argv;
	bool server = !dl->sqlite;
	struct timing t;
	double server_before = 0;
	int rc;

	new_database(b, dl, dl->case_tags[c], round, target, sizeof(target), url, sizeof(url));
	snprintf(migs, sizeof(migs), "%s/migrations", b->work);
	if (c == MIG_APPLY_SINGLE)
		apply_argv[7] = "--single-transaction";
	if (c == CLIENT_SINGLE)
		psql_argv[9] = "-1";
	if (c == CLIENT_SINGLE || c == CLIENT_AUTOCOMMIT) {
		argv = dl->sqlite ? shell_argv : psql_argv;
		if (dl->sqlite)
			in_path = c == CLIENT_SINGLE ? ch->file_single : ch->file;
	}
	if (c == ONE_MESSAGE)
		argv = onemsg_argv;

	if (server) {
		wait_for_no_clients(b);
		server_before = server_cpu_ms(b);
	}
	rc = run(b, argv, in_path, NULL, &t);
	if (rc != 0)
		failed(b, argv, rc);
	t.server_cpu_ms = 0;
	if (server) {
		wait_for_no_clients(b);
		t.server_cpu_ms = server_cpu_ms(b) - server_before;
	}

	query(b, dl, target,
	      dl->sqlite ? "SELECT (SELECT count(*) FROM mig_history) || ' ' || "
			   "(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%')"
			 : "SELECT (SELECT count(*) FROM mig_history) || ' ' || "
			   "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
	      got, sizeof(got));
	snprintf(want, sizeof(want), "%d %d", migrations, (migrations + 3) / 4 + dl->extra_tables);
	if (strcmp(got, want) != 0)
		die("%s in %s: %s version rows and tables, expected %s", dl->case_names[c], target, got, want);
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median of n values (left as they are); *min gets the smallest. */
static double median(const double *values, int n, double *min)
{
	double sorted[MAX_ROUNDS];

	memcpy(sorted, values, (size_t)n * sizeof(double));
	qsort(sorted, (size_t)n, sizeof(double), cmp_double);
	if (min)
		*min = sorted[0];
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/*
 * BENCH_RESULTS=FILE: a line per case appended, "apply-<dialect>\tCASE\tMIGRATIONS\tMEDIAN_MS\tPEAK_KB",
 * for the report that bench-floor's writes (docs/benchmarks.md).
 */
static void results_row(const struct dialect *dl, const char *name, int migrations, double median_ms, long rss_kb)
{
	const char *path = getenv("BENCH_RESULTS");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "apply-%s\t%s\t%d\t%.1f\t%ld\n", dl->name, name, migrations, median_ms, rss_kb);
	fclose(f);
}

/*
 * a against b: the ratio of the medians, of the minimums, the median of the
 * ratios within each round (the two ran a few seconds apart, so a slow
 * spell of the machine touches both), and (if cpu) of the median CPU times.
 */
static void print_ratio(const struct dialect *dl, struct timing t[NR_CASES][MAX_ROUNDS], enum bench_case a,
			enum bench_case b, int rounds, bool cpu)
{
	double wall_a[MAX_ROUNDS], wall_b[MAX_ROUNDS], cpu_a[MAX_ROUNDS], cpu_b[MAX_ROUNDS], paired[MAX_ROUNDS];
	double min_a, min_b, median_a, median_b;

	for (int r = 0; r < rounds; r++) {
		wall_a[r] = t[a][r].wall_ms;
		wall_b[r] = t[b][r].wall_ms;
		cpu_a[r] = t[a][r].client_cpu_ms + t[a][r].server_cpu_ms;
		cpu_b[r] = t[b][r].client_cpu_ms + t[b][r].server_cpu_ms;
		paired[r] = wall_a[r] / wall_b[r];
	}
	median_a = median(wall_a, rounds, &min_a);
	median_b = median(wall_b, rounds, &min_b);
	printf("%s / %s: medians %.2f, mins %.2f, per round %.2f", dl->case_names[a], dl->case_names[b],
	       median_a / median_b, min_a / min_b, median(paired, rounds, NULL));
	if (cpu)
		printf(", CPU %.2f", median(cpu_a, rounds, NULL) / median(cpu_b, rounds, NULL));
	printf("\n");
}

/*
 * Each round's wall times, then per case the median, minimum, maximum and
 * CPU times, then the ratios. server: the server's CPU time was measured
 * (on SQLite all the work is the client's).
 */
static void report(const struct dialect *dl, struct timing t[NR_CASES][MAX_ROUNDS], int rounds, bool server,
		   int migrations)
{
	/* each round's wall times first: on a noisy machine they show what medians hide */
	printf("\n%-32s", "wall ms, round");
	for (int r = 0; r < rounds; r++)
		printf(" %7d", r + 1);
	printf("\n");
	for (int c = 0; c < NR_CASES; c++) {
		if (!dl->case_names[c])
			continue;
		printf("%-32s", dl->case_names[c]);
		for (int r = 0; r < rounds; r++)
			printf(" %7.0f", t[c][r].wall_ms);
		printf("\n");
	}

	printf("\n%-32s %9s %9s %9s %11s %11s\n", "case (ms)", "median", "min", "max", "client CPU",
	       "server CPU");
	for (int c = 0; c < NR_CASES; c++) {
		double wall[MAX_ROUNDS], client[MAX_ROUNDS], server_cpu[MAX_ROUNDS], min, mid, max = 0;
		long rss = 0;
		if (!dl->case_names[c])
			continue;
		for (int r = 0; r < rounds; r++) {
			if (t[c][r].maxrss_kb > rss)
				rss = t[c][r].maxrss_kb;
			wall[r] = t[c][r].wall_ms;
			client[r] = t[c][r].client_cpu_ms;
			server_cpu[r] = t[c][r].server_cpu_ms;
			if (wall[r] > max)
				max = wall[r];
		}
		mid = median(wall, rounds, &min);
		results_row(dl, dl->case_names[c], migrations, mid, rss);
		printf("%-32s %9.1f %9.1f %9.1f %11.0f", dl->case_names[c], mid, min, max,
		       median(client, rounds, NULL));
		if (server)
			printf(" %11.0f\n", median(server_cpu, rounds, NULL));
		else
			printf(" %11s\n", "-");
	}
	printf(dl->sqlite ? "(CPU: medians; SQLite runs in the client, there is no server)\n\n"
			  : "(CPU: medians; server CPU is the backends' user + system time)\n\n");
	print_ratio(dl, t, MIG_APPLY, CLIENT_AUTOCOMMIT, rounds, server || dl->sqlite);
	print_ratio(dl, t, MIG_APPLY_SINGLE, CLIENT_SINGLE, rounds, server || dl->sqlite);
	if (dl->case_names[ONE_MESSAGE])
		print_ratio(dl, t, MIG_APPLY_SINGLE, ONE_MESSAGE, rounds, server);
}

/* The four cases of a dialect, rounds times, and their report. */
static void bench_dialect(const struct bench *b, const struct dialect *dl, int migrations, int rounds)
{
	struct timing t[NR_CASES][MAX_ROUNDS];
	char version[256], settings[4200];
	struct chain ch;

	generate(b, dl, migrations, &ch);
	if (dl->sqlite) {
		snprintf(settings, sizeof(settings), "%s/runs/settings.sqlite3", b->work);
		query(b, dl, settings,
		      "SELECT sqlite_version() || ' (a new file: synchronous ' || "
		      "(SELECT synchronous FROM pragma_synchronous) || ', journal_mode ' || "
		      "(SELECT journal_mode FROM pragma_journal_mode) || ')'",
		      version, sizeof(version));
	} else {
		query(b, dl, "postgres", "SHOW server_version", version, sizeof(version));
	}

	printf("mig-apply versus %s: %d migrations in a chain, %d statements (with the version table and "
	       "rows), %d rounds, a new database%s for each run\n",
	       dl->client, migrations, ch.statements, rounds, dl->sqlite ? " file" : "");
	printf("%s %s; %s: %s\n", dl->sqlite ? "SQLite" : "PostgreSQL", version, dl->client,
	       dl->sqlite ? b->sqlite3 : b->psql);
	fflush(stdout);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < NR_CASES; k++) {
			/* the order rotates, so that no case always runs first or last */
			enum bench_case c = (enum bench_case)((k + r) % NR_CASES);
			if (dl->case_names[c])
				t[c][r] = time_case(b, &ch, c, r, migrations);
		}
	}
	report(dl, t, rounds, !dl->sqlite && b->postmaster, migrations);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *pg_url = getenv("MIG_TEST_PG_URL"), *only = getenv("BENCH_DIALECT");
	int migrations = argc > 3 ? atoi(argv[3]) : DEFAULT_MIGRATIONS;
	int rounds = argc > 4 ? atoi(argv[4]) : DEFAULT_ROUNDS;
	bool pg = !only || !*only || strcmp(only, "pgsql") == 0;
	bool sqlite = !only || !*only || strcmp(only, "sqlite") == 0;
	struct bench b = { .work = argc > 2 ? argv[2] : NULL };
	char cmd[9000];
	const char *slash;

	if (argc < 3 || migrations < 1 || migrations > 9999 || rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: bench-apply MIG_BIN_DIR WORKDIR [MIGRATIONS (1-9999) [ROUNDS (1-%d)]]\n"
				"(run it under tests/pg-harness.sh)\n",
			MAX_ROUNDS);
		return 2;
	}
	if (!pg && !sqlite)
		die("BENCH_DIALECT is pgsql or sqlite (or unset, for both)");
	if (pg) {
		if (!pg_url || !(slash = strrchr(pg_url, '/')) || (size_t)(slash - pg_url) + 2 > sizeof(b.base_url))
			die("MIG_TEST_PG_URL is not set: run it under tests/pg-harness.sh");
		snprintf(b.base_url, sizeof(b.base_url), "%.*s", (int)(slash - pg_url + 1), pg_url);
	}
	snprintf(b.mig_apply, sizeof(b.mig_apply), "%s/mig-apply", argv[1]);
	snprintf(b.mig_gen, sizeof(b.mig_gen), "%s/mig-gen", argv[1]);
	{
		/* beside this program; absolute, since the runs happen in WORKDIR */
		char self[4096];
		char *slash_self;
		if (!realpath(argv[0], self) || !(slash_self = strrchr(self, '/')))
			die("cannot find this program's folder");
		*slash_self = '\0';
		snprintf(b.onemsg, sizeof(b.onemsg), "%s/bench-onemsg", self);
	}
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s' && cd '%s' && rm -rf migrations models runs && mkdir migrations models runs", b.work,
		 b.work);
	if (system(cmd) != 0)
		die("cannot prepare %s", b.work);
	if (pg) {
		find_psql(&b);
		find_postmaster(&b);
		bench_dialect(&b, &pgsql_bench, migrations, rounds);
	}
	if (sqlite) {
		if (pg)
			printf("\n");
		find_sqlite3(&b);
		bench_dialect(&b, &sqlite_bench, migrations, rounds);
	}

	/* BENCH_KEEP=1 keeps the migrations, the client files and the SQLite databases for profiling */
	if (!getenv("BENCH_KEEP")) {
		snprintf(cmd, sizeof(cmd),
			 "cd '%s' && rm -rf migrations models runs pgsql-up.sql pgsql-mig-apply-sql.txt sqlite-up.sql "
			 "sqlite-up-1.sql sqlite-mig-apply-sql.txt query-out.txt stderr.txt",
			 b.work);
		if (system(cmd) != 0)
			die("cannot clean %s", b.work);
	}
	return 0;
}

/*
 * bench-apply: mig-apply against psql on the same SQL (not a test: it
 * asserts nothing about time, it reports).
 *
 * It writes a chain of N small migrations (each the child of the previous
 * one: a new table with a row, an added column with an index, an added
 * column with a default and an updated row, an inserted row and a comment,
 * in turn) and their sum file (mig-gen --rehash). The psql file is what
 * `mig-apply --sql` prints for the same run on an empty database, without
 * its BEGIN and COMMIT lines: the version table, each up section statement
 * by statement, and after each one the same mig_history INSERT mig-apply
 * sends. So the four cases run the same statements on the server:
 *
 *   mig-apply            a transaction per migration (its statements and its
 *                        version row), one round trip each
 *   mig-apply --single-transaction   the whole run in one transaction
 *   psql -1              psql -X -q -v ON_ERROR_STOP=1 -1 -f FILE
 *   psql                 the same without -1: every statement commits alone
 *
 * Every run gets a database of its own, created (and a CHECKPOINT taken)
 * before the clock starts; none is dropped during the benchmark, since
 * dropping a large database slows file creation for a while. The order of
 * the four cases rotates from round to round. After each run the number of
 * version rows and tables is checked, so a run that did less is caught.
 *
 * It prints each run's wall time, then per case the median, minimum and
 * maximum, and the median CPU time of the client (wait4) and of the
 * server's backends (the postmaster's reaped children, from /proc), and the
 * ratios mig-apply / psql (autocommit) and mig-apply --single-transaction /
 * psql -1. The CPU times tell the tools' own work from the server's, which
 * is the same in every case.
 *
 * BENCH_KEEP=1 keeps the migrations and the psql file in WORKDIR.
 *
 * Run it under tests/pg-harness.sh, which provides MIG_TEST_PG_URL and
 * MIG_TEST_PG_BIN (the server's bin directory: its psql is the real one,
 * not Debian's /usr/bin/psql wrapper).
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MIGRATIONS 1000
#define DEFAULT_ROUNDS 5
#define MAX_ROUNDS 50

enum bench_case { MIG_APPLY, MIG_APPLY_SINGLE, PSQL_SINGLE, PSQL_AUTOCOMMIT, NR_CASES };

static const char *const case_names[NR_CASES] = {
	"mig-apply",
	"mig-apply --single-transaction",
	"psql -1",
	"psql (autocommit)",
};

/* parts of database names, which then need no quoting */
static const char *const case_tags[NR_CASES] = { "apply", "apply1", "psql1", "psql" };

/* One run: wall time, the client's CPU time, the server backends' CPU time. */
struct timing {
	double wall_ms, client_cpu_ms, server_cpu_ms;
};

static const char *work;
static pid_t postmaster; /* 0 when the server's CPU time cannot be read */
static char psql_path[4096], mig_apply[4096], mig_gen[4096];
static char base_url[4096]; /* the harness's URL up to and with the last '/' */

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
 * Runs argv[0] with stdout to out_path (or /dev/null) and stderr to
 * WORKDIR/stderr.txt, in WORKDIR (so that no .env of the caller is read).
 * Returns the exit status; *t (if not NULL) gets the wall and CPU times.
 */
static int run(char *const argv[], const char *out_path, struct timing *t)
{
	char err_path[4200];
	double start = now_ms();
	struct rusage ru;
	int status;
	pid_t pid;

	snprintf(err_path, sizeof(err_path), "%s/stderr.txt", work);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || err < 0 || chdir(work) != 0)
			_exit(126);
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
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Stops the benchmark with the command and the start of its error output. */
static _Noreturn void failed(char *const argv[], int rc)
{
	char cmd[8192] = "";

	for (size_t i = 0; argv[i]; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s%s", i ? " " : "", argv[i]);
	fprintf(stderr, "bench-apply: failed (exit status %d): %s\n", rc, cmd);
	snprintf(cmd, sizeof(cmd), "%s/stderr.txt", work);
	FILE *f = fopen(cmd, "r");
	if (f) {
		char line[1024];
		for (int n = 0; n < 30 && fgets(line, sizeof(line), f); n++)
			fputs(line, stderr);
		fclose(f);
	}
	exit(1);
}

static void run_or_die(char *const argv[], const char *out_path)
{
	int rc = run(argv, out_path, NULL);

	if (rc != 0)
		failed(argv, rc);
}

static void url_of(const char *dbname, char *out, size_t size)
{
	snprintf(out, size, "%s%s", base_url, dbname);
}

/* One statement through psql on database dbname; its output into out. */
static void psql_admin(const char *dbname, const char *sql, char *out, size_t size)
{
	char url[4200], out_path[4200];
	char *argv[] = { psql_path, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", (char *)sql,
			 NULL };
	FILE *f;
	size_t n;

	url_of(dbname, url, sizeof(url));
	snprintf(out_path, sizeof(out_path), "%s/psql-out.txt", work);
	run_or_die(argv, out_path);
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
static void find_postmaster(void)
{
	char dir[4096], path[4200];
	FILE *f;
	int pid = 0;

	psql_admin("postgres", "SHOW data_directory", dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/postmaster.pid", dir);
	f = fopen(path, "r");
	if (f && fscanf(f, "%d", &pid) == 1 && pid > 0)
		postmaster = pid;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (postmaster && access(path, R_OK) != 0)
		postmaster = 0;
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

static double server_cpu_ms(void)
{
	long long ticks = 0;
	pid_t ppid;
	char state;

	if (!postmaster || read_proc_stat(postmaster, &state, &ppid, &ticks) < 0)
		return 0;
	return (double)ticks * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/*
 * Whether a client backend (titled "postgres: USER DB HOST(PORT) ...") is
 * alive, or any child is ending or has ended but is not reaped yet: its CPU
 * time is not in the postmaster's yet.
 */
static bool server_has_clients(void)
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
		    read_proc_stat((pid_t)atoi(e->d_name), &state, &ppid, &ticks) < 0 || ppid != postmaster)
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

static void wait_for_no_clients(void)
{
	struct timespec pause = { 0, 2000000L };

	for (int i = 0; postmaster && i < 5000 && server_has_clients(); i++)
		nanosleep(&pause, NULL);
}

/* The server's psql: MIG_TEST_PG_BIN, else pg_config --bindir; an ELF binary. */
static void find_psql(void)
{
	const char *bindir = getenv("MIG_TEST_PG_BIN");
	char dir[4096] = "", magic[4] = "";
	FILE *f;

	if (bindir && *bindir) {
		snprintf(dir, sizeof(dir), "%s", bindir);
	} else {
		f = popen("pg_config --bindir", "r");
		if (!f || !fgets(dir, sizeof(dir), f))
			die("no MIG_TEST_PG_BIN and no pg_config: cannot find the server's psql");
		pclose(f);
		dir[strcspn(dir, "\n")] = '\0';
	}
	snprintf(psql_path, sizeof(psql_path), "%s/psql", dir);
	f = fopen(psql_path, "rb");
	if (!f || fread(magic, 1, 4, f) != 4 || memcmp(magic, "\177ELF", 4) != 0)
		die("%s is not the psql program (a wrapper script would add its own start-up time)", psql_path);
	fclose(f);
}

/* The slug of migration i: what it does, by i % 4. */
static const char *const slugs[4] = { "seed_item", "create_item", "add_note", "add_quantity" };

/* The revision of migration i (1-based): i seconds after 2026-01-01 00:00:00. */
static void revision_name(int i, char *out, size_t size)
{
	snprintf(out, size, "%04d_20260101%02d%02d%02d_%s", i, i / 3600, i / 60 % 60, i % 60, slugs[i % 4]);
}

/*
 * Migration i (1-based) of the chain. Every fourth creates a table; the
 * three after it change that table, as a growing application does.
 */
static void write_migration(const char *dir, int i)
{
	char path[4600], rev[128], prev[128] = "", body[4096];
	int table = (i - 1) / 4 * 4 + 1; /* the migration that created the current table */

	switch (i % 4) {
	case 1:
		snprintf(body, sizeof(body),
			 "-- mig:message create table item_%05d\n"
			 "-- mig:transaction on\n"
			 "-- mig:up\n"
			 "CREATE TABLE item_%05d (\n"
			 "    id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
			 "    name varchar(200) NOT NULL,\n"
			 "    created_at timestamptz NOT NULL DEFAULT now(),\n"
			 "    CONSTRAINT item_%05d_pkey PRIMARY KEY (id)\n"
			 ");\n"
			 "INSERT INTO item_%05d (name) VALUES ('first item of migration %d');\n"
			 "-- mig:down\n"
			 "DROP TABLE item_%05d;\n",
			 table, table, table, table, i, table);
		break;
	case 2:
		snprintf(body, sizeof(body),
			 "-- mig:message add item_%05d.note\n"
			 "-- mig:transaction on\n"
			 "-- mig:up\n"
			 "ALTER TABLE item_%05d ADD COLUMN note text;\n"
			 "CREATE INDEX item_%05d_note_idx ON item_%05d (note);\n"
			 "-- mig:down\n"
			 "DROP INDEX item_%05d_note_idx;\n"
			 "ALTER TABLE item_%05d DROP COLUMN note;\n",
			 table, table, table, table, table, table);
		break;
	case 3:
		snprintf(body, sizeof(body),
			 "-- mig:message add item_%05d.quantity\n"
			 "-- mig:transaction on\n"
			 "-- mig:up\n"
			 "ALTER TABLE item_%05d ADD COLUMN quantity integer NOT NULL DEFAULT 0;\n"
			 "UPDATE item_%05d SET quantity = %d WHERE id = 1;\n"
			 "-- mig:down\n"
			 "ALTER TABLE item_%05d DROP COLUMN quantity;\n",
			 table, table, table, i, table);
		break;
	default:
		snprintf(body, sizeof(body),
			 "-- mig:message seed item_%05d\n"
			 "-- mig:transaction on\n"
			 "-- mig:up\n"
			 "INSERT INTO item_%05d (name, note, quantity) VALUES ('item of migration %d', 'seeded', 1);\n"
			 "COMMENT ON TABLE item_%05d IS 'Items, seeded by migration %d';\n"
			 "-- mig:down\n"
			 "COMMENT ON TABLE item_%05d IS NULL;\n"
			 "DELETE FROM item_%05d WHERE note = 'seeded';\n",
			 table, table, i, table, i, table, table);
		break;
	}
	revision_name(i, rev, sizeof(rev));
	if (i > 1)
		revision_name(i - 1, prev, sizeof(prev));
	snprintf(path, sizeof(path), "%s/%s.sql", dir, rev);
	FILE *f = fopen(path, "w");
	if (!f || fprintf(f, "-- mig:revision %s\n-- mig:parents%s%s\n%s", rev, *prev ? " " : "", prev, body) < 0 ||
	    fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/*
 * The psql file: mig-apply's own --sql output for an empty database, less
 * its BEGIN and COMMIT lines (psql -1 adds its own transaction; without
 * -1 each statement commits alone). Returns the number of statements.
 */
static int write_psql_file(const char *sql_path, const char *psql_file, int migrations)
{
	FILE *in = fopen(sql_path, "r"), *out = fopen(psql_file, "w");
	char line[8192];
	int statements = 0, history_rows = 0;

	if (!in || !out)
		die("%s: %s", in ? psql_file : sql_path, strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		if (strcmp(line, "BEGIN;\n") == 0 || strcmp(line, "COMMIT;\n") == 0)
			continue;
		if (strncmp(line, "INSERT INTO mig_history", 23) == 0)
			history_rows++;
		if (line[0] != '-' && strchr(line, ';'))
			statements++;
		fputs(line, out);
	}
	fclose(in);
	if (fclose(out) != 0)
		die("%s: %s", psql_file, strerror(errno));
	if (history_rows != migrations)
		die("mig-apply --sql printed %d version rows for %d migrations (see %s)", history_rows, migrations,
		    sql_path);
	return statements;
}

static void generate(int migrations, char *psql_file, size_t size, int *statements)
{
	char dir[4200], models[4200], migs[4200], sql_path[4200], url[4200];
	char *rehash[] = { mig_gen, "--rehash", "--dialect", "pgsql", "--models", models, "--migrations", migs, NULL };
	char *print_sql[] = { mig_apply, "--sql", "--dialect", "pgsql", "--migrations", migs, "--database-url", url,
			      NULL };
	char cmd[9000];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/migrations' '%s/models' && mkdir -p '%s/migrations/pgsql' '%s/models'",
		 work, work, work, work);
	if (system(cmd) != 0)
		die("cannot prepare %s", work);
	snprintf(migs, sizeof(migs), "%s/migrations", work);
	snprintf(models, sizeof(models), "%s/models", work);
	snprintf(dir, sizeof(dir), "%s/pgsql", migs);
	for (int i = 1; i <= migrations; i++)
		write_migration(dir, i);
	run_or_die(rehash, NULL);

	psql_admin("postgres", "CREATE DATABASE bench_sql", NULL, 0);
	url_of("bench_sql", url, sizeof(url));
	snprintf(sql_path, sizeof(sql_path), "%s/mig-apply-sql.txt", work);
	run_or_die(print_sql, sql_path);
	snprintf(psql_file, size, "%s/up.sql", work);
	*statements = write_psql_file(sql_path, psql_file, migrations);
}

/* Runs one case on a new database. */
static struct timing time_case(enum bench_case c, int round, int migrations, const char *psql_file)
{
	char dbname[64], url[4200], sql[256], got[256], want[64];
	char *apply_argv[] = { mig_apply, "--dialect", "pgsql", "--migrations", NULL, "--database-url", url,
			       NULL, NULL };
	char *psql_argv[] = { psql_path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", (char *)psql_file,
			      NULL, NULL };
	char migs[4200];
	char **argv;
	struct timing t;
	double server_before;
	int rc;

	snprintf(dbname, sizeof(dbname), "bench_r%d_%s", round, case_tags[c]);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
	psql_admin("postgres", sql, NULL, 0);
	/* no run pays for the dirty buffers of the one before */
	psql_admin("postgres", "CHECKPOINT", NULL, 0);
	url_of(dbname, url, sizeof(url));
	snprintf(migs, sizeof(migs), "%s/migrations", work);
	apply_argv[4] = migs;
	if (c == MIG_APPLY_SINGLE)
		apply_argv[7] = "--single-transaction";
	if (c == PSQL_SINGLE)
		psql_argv[9] = "-1";
	argv = c == MIG_APPLY || c == MIG_APPLY_SINGLE ? apply_argv : psql_argv;

	wait_for_no_clients();
	server_before = server_cpu_ms();
	rc = run(argv, NULL, &t);
	if (rc != 0)
		failed(argv, rc);
	wait_for_no_clients();
	t.server_cpu_ms = server_cpu_ms() - server_before;

	psql_admin(dbname,
		   "SELECT (SELECT count(*) FROM mig_history) || ' ' || "
		   "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')",
		   got, sizeof(got));
	snprintf(want, sizeof(want), "%d %d", migrations, (migrations + 3) / 4 + 1);
	if (strcmp(got, want) != 0)
		die("%s in %s: %s version rows and tables, expected %s", case_names[c], dbname, got, want);
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
 * a against b: the ratio of the medians, of the minimums, the median of the
 * ratios within each round (the two ran a few seconds apart, so a slow
 * spell of the machine touches both), and of the median CPU times.
 */
static void print_ratio(const char *label, struct timing t[NR_CASES][MAX_ROUNDS], enum bench_case a,
			enum bench_case b, int rounds)
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
	printf("%s: medians %.2f, mins %.2f, per round %.2f", label, median_a / median_b, min_a / min_b,
	       median(paired, rounds, NULL));
	if (postmaster)
		printf(", CPU %.2f", median(cpu_a, rounds, NULL) / median(cpu_b, rounds, NULL));
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *pg_url = getenv("MIG_TEST_PG_URL");
	int migrations = argc > 3 ? atoi(argv[3]) : DEFAULT_MIGRATIONS;
	int rounds = argc > 4 ? atoi(argv[4]) : DEFAULT_ROUNDS;
	static struct timing t[NR_CASES][MAX_ROUNDS];
	char psql_file[4200], cmd[4200], version[256];
	int statements = 0;
	const char *slash;

	if (argc < 3 || migrations < 1 || migrations > 9999 || rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: bench-apply MIG_BIN_DIR WORKDIR [MIGRATIONS (1-9999) [ROUNDS (1-%d)]]\n"
				"(run it under tests/pg-harness.sh)\n",
			MAX_ROUNDS);
		return 2;
	}
	if (!pg_url || !(slash = strrchr(pg_url, '/')) || (size_t)(slash - pg_url) + 2 > sizeof(base_url))
		die("MIG_TEST_PG_URL is not set: run it under tests/pg-harness.sh");
	snprintf(base_url, sizeof(base_url), "%.*s", (int)(slash - pg_url + 1), pg_url);
	snprintf(mig_apply, sizeof(mig_apply), "%s/mig-apply", argv[1]);
	snprintf(mig_gen, sizeof(mig_gen), "%s/mig-gen", argv[1]);
	work = argv[2];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", work);
	if (system(cmd) != 0)
		die("cannot create %s", work);
	find_psql();
	find_postmaster();
	generate(migrations, psql_file, sizeof(psql_file), &statements);
	psql_admin("postgres", "SHOW server_version", version, sizeof(version));

	printf("mig-apply versus psql: %d migrations in a chain, %d statements (with the version table and "
	       "rows), %d rounds, a new database for each run\n",
	       migrations, statements, rounds);
	printf("PostgreSQL %s; psql: %s\n", version, psql_path);
	fflush(stdout);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < NR_CASES; k++) {
			/* the order rotates, so that no case always runs first or last */
			enum bench_case c = (enum bench_case)((k + r) % NR_CASES);
			t[c][r] = time_case(c, r, migrations, psql_file);
		}
	}

	/* each round's wall times first: on a noisy machine they show what medians hide */
	printf("\n%-32s", "wall ms, round");
	for (int r = 0; r < rounds; r++)
		printf(" %7d", r + 1);
	printf("\n");
	for (int c = 0; c < NR_CASES; c++) {
		printf("%-32s", case_names[c]);
		for (int r = 0; r < rounds; r++)
			printf(" %7.0f", t[c][r].wall_ms);
		printf("\n");
	}

	printf("\n%-32s %9s %9s %9s %11s %11s\n", "case (ms)", "median", "min", "max", "client CPU",
	       "server CPU");
	for (int c = 0; c < NR_CASES; c++) {
		double wall[MAX_ROUNDS], client[MAX_ROUNDS], server[MAX_ROUNDS], min, mid, max = 0;
		for (int r = 0; r < rounds; r++) {
			wall[r] = t[c][r].wall_ms;
			client[r] = t[c][r].client_cpu_ms;
			server[r] = t[c][r].server_cpu_ms;
			if (wall[r] > max)
				max = wall[r];
		}
		mid = median(wall, rounds, &min);
		printf("%-32s %9.1f %9.1f %9.1f %11.0f", case_names[c], mid, min, max, median(client, rounds, NULL));
		if (postmaster)
			printf(" %11.0f\n", median(server, rounds, NULL));
		else
			printf(" %11s\n", "-");
	}
	printf("(CPU: medians; server CPU is the backends' user + system time)\n\n");
	print_ratio("mig-apply / psql (autocommit)", t, MIG_APPLY, PSQL_AUTOCOMMIT, rounds);
	print_ratio("mig-apply --single-transaction / psql -1", t, MIG_APPLY_SINGLE, PSQL_SINGLE, rounds);

	/* BENCH_KEEP=1 keeps the migrations and the psql file for profiling */
	if (!getenv("BENCH_KEEP")) {
		snprintf(cmd, sizeof(cmd),
			 "cd '%s' && rm -rf migrations models up.sql mig-apply-sql.txt psql-out.txt stderr.txt", work);
		if (system(cmd) != 0)
			die("cannot clean %s", work);
	}
	return 0;
}

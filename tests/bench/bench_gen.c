/*
 * bench-gen: how fast mig-gen is on large models (not a test: it asserts
 * nothing about time, it reports).
 *
 * For N tables of 20 columns each (a primary key, a unique constraint, an
 * index, a check and a foreign key to the previous table), it times:
 *   first:  the first migration of the model (empty state -> N tables)
 *   diff:   the next migration after 50 changes (added and dropped columns,
 *           widened types, new indexes, changed defaults)
 * Each is run ROUNDS times in a fresh copy; the median wall time and the
 * peak resident memory (wait4's ru_maxrss) are printed.
 *
 * Usage: bench-gen MIG_GEN_PATH WORKDIR [N...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5
#define COLUMNS 20
#define CHANGES 50

static void die(const char *what)
{
	fprintf(stderr, "bench-gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_model(const char *path, int tables, int changed)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die(path);
	fprintf(f, "<models xmlns=\"urn:mig:model:1\" app=\"bench\">\n");
	fprintf(f, "  <enum name=\"status\"><value>new</value><value>done</value></enum>\n");
	for (int t = 0; t < tables; t++) {
		/* the 50 changes are spread over the first 50 tables */
		int change = changed && t < CHANGES ? t % 5 + 1 : 0;
		fprintf(f, "  <table name=\"t%05d\" comment=\"table %d\">\n", t, t);
		fprintf(f, "    <column name=\"id\" type=\"bigint\" identity=\"by-default\"/>\n");
		fprintf(f, "    <column name=\"parent_id\" type=\"bigint\"/>\n");
		fprintf(f, "    <column name=\"status\" type=\"status\" nullable=\"false\" default=\"new\"/>\n");
		fprintf(f, "    <column name=\"created_at\" type=\"timestamptz\" nullable=\"false\" default-expr=\"now()\"/>\n");
		for (int c = 4; c < COLUMNS; c++) {
			if (change == 1 && c == COLUMNS - 1)
				continue; /* a dropped column */
			if (change == 2 && c == 5)
				fprintf(f, "    <column name=\"c%02d\" type=\"varchar(400)\"/>\n", c); /* widened */
			else if (change == 3 && c == 6)
				fprintf(f, "    <column name=\"c%02d\" type=\"integer\" default=\"7\"/>\n", c); /* new default */
			else
				fprintf(f, "    <column name=\"c%02d\" type=\"%s\"/>\n", c,
					c % 4 == 0 ? "text" : c % 4 == 1 ? "varchar(200)" : c % 4 == 2 ? "integer" : "numeric(12,2)");
		}
		if (change == 4)
			fprintf(f, "    <column name=\"extra\" type=\"text\"/>\n"); /* an added column */
		fprintf(f, "    <primary-key columns=\"id\"/>\n");
		fprintf(f, "    <unique columns=\"c04, c05\"/>\n");
		if (t > 0)
			fprintf(f, "    <foreign-key columns=\"parent_id\" references=\"t%05d\" on-delete=\"cascade\"/>\n", t - 1);
		fprintf(f, "    <check name=\"t%05d_c06_positive\" expr=\"c06 &gt; 0\"/>\n", t);
		fprintf(f, "    <index columns=\"created_at DESC\"/>\n");
		if (change == 5)
			fprintf(f, "    <index columns=\"c08\" where=\"status = 'new'\"/>\n"); /* a new index */
		fprintf(f, "  </table>\n");
	}
	fprintf(f, "</models>\n");
	if (fclose(f) != 0)
		die(path);
}

static void run_cmd(const char *sh)
{
	int rc = system(sh);
	if (rc != 0) {
		fprintf(stderr, "bench-gen: failed (%d): %s\n", rc, sh);
		exit(1);
	}
}

/* Runs mig-gen in dir; returns wall milliseconds and the peak RSS in KiB. */
static double time_gen(const char *gen, const char *dir, const char *ts, long *maxrss_kb)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (chdir(dir) != 0)
			_exit(126);
		dup2(null, 1);
		execl(gen, gen, "--allow-destructive", "--timestamp", ts, "--dialect", "pgsql", (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4");
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-gen: mig-gen failed in %s\n", dir);
		exit(1);
	}
	*maxrss_kb = ru.ru_maxrss;
	return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void bench(const char *gen, const char *work, int tables)
{
	char dir[4096], cmd[9000], base[4096];
	double first[ROUNDS], diff[ROUNDS];
	long rss_first = 0, rss_diff = 0, kb;
	struct stat st;

	snprintf(base, sizeof(base), "%s/n%d", work, tables);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/v1' '%s/v2'", base, base, base);
	run_cmd(cmd);
	snprintf(dir, sizeof(dir), "%s/v1/m.xml", base);
	write_model(dir, tables, 0);
	snprintf(dir, sizeof(dir), "%s/v2/m.xml", base);
	write_model(dir, tables, 1);
	stat(dir, &st);

	for (int r = 0; r < ROUNDS; r++) {
		snprintf(dir, sizeof(dir), "%s/run%d", base, r);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/models' && cp '%s/v1/m.xml' '%s/models/'",
			 dir, dir, base, dir);
		run_cmd(cmd);
		first[r] = time_gen(gen, dir, "20260101000000", &kb);
		if (kb > rss_first)
			rss_first = kb;
		snprintf(cmd, sizeof(cmd), "cp '%s/v2/m.xml' '%s/models/m.xml'", base, dir);
		run_cmd(cmd);
		diff[r] = time_gen(gen, dir, "20260101000001", &kb);
		if (kb > rss_diff)
			rss_diff = kb;
	}
	qsort(first, ROUNDS, sizeof(double), cmp_double);
	qsort(diff, ROUNDS, sizeof(double), cmp_double);
	printf("%-26s %7d %9.1f %9.1f %9.1f %9.1f\n", "first migration", tables, first[ROUNDS / 2],
	       first[0], first[ROUNDS - 1], rss_first / 1024.0);
	printf("%-26s %7d %9.1f %9.1f %9.1f %9.1f\n", "diff, 50 changes", tables, diff[ROUNDS / 2], diff[0],
	       diff[ROUNDS - 1], rss_diff / 1024.0);
	fflush(stdout);
	/* BENCH_KEEP=1 keeps the models and migrations for profiling */
	if (!getenv("BENCH_KEEP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
		run_cmd(cmd);
	}
	(void)st;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench-gen MIG_GEN WORKDIR [TABLES...]\n");
		return 2;
	}
	printf("mig-gen on N tables x %d columns (model %s; %d rounds each)\n", COLUMNS, "generated", ROUNDS);
	printf("%-26s %7s %9s %9s %9s %9s\n", "case", "tables", "median ms", "min ms", "max ms", "peak MiB");
	if (argc == 3) {
		bench(argv[1], argv[2], 1000);
		bench(argv[1], argv[2], 10000);
	}
	for (int i = 3; i < argc; i++)
		bench(argv[1], argv[2], atoi(argv[i]));
	return 0;
}

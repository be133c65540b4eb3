/*
 * bench-online: the longest write stall of a migration under a steady write
 * load, the naive one mig-gen writes against the one of mig-gen --online
 * (not a test: it asserts nothing about time, it reports; docs/online.md
 * "Proof under load").
 *
 * For each of three changes to the model of pgbench_accounts (1,000,000
 * rows: a new index on bid, a new foreign key bid -> pgbench_branches, bid
 * made NOT NULL) and each of the two plans (naive, online), in a new
 * database:
 *
 *   pgbench -i -s 10                 the table, then CHECKPOINT
 *   mig-inspect > models/app.xml     the live schema adopted as the model,
 *   mig-gen --name init; mig-stamp head   as README's "Adopting an existing
 *                                    database" says
 *   the model changed; mig-gen --no-online|--online --name CHANGE
 *   pgbench -n -f write.sql -c 4 -j 2 -T SECONDS -l   the write load: an
 *                                    UPDATE of a random account and an INSERT
 *                                    into pgbench_history per transaction
 *   3 s later: mig-apply             timed: the migration's window
 *
 * pgbench's per-transaction logs give, for the window (tests/support/
 * pgbench_log.h defines each figure): the longest write stall (the longest
 * time no write committed), p99 and max write latency, the writes committed
 * and the migration's duration; and the same for the 2 s before the
 * migration (the load's own noise; its first second, connecting, left out). It prints a table, writes each run's series
 * (end time from the migration's start, latency) to
 * WORKDIR/<change>-<plan>.tsv and the plot of all of them to
 * WORKDIR/online-load.svg (time on x, latency on a log scale on y; each dot
 * the slowest write that ended in its 20 ms).
 *
 * The load runs SECONDS (BENCH_ONLINE_SECONDS, default 15) in all: the
 * migration must end 3 s before, or the run fails with a hint to raise it.
 *
 * Run it under tests/pg-harness.sh (MIG_TEST_PG_URL, MIG_TEST_PG_BIN: the
 * server's psql and pgbench).
 *
 * Usage: bench-online MIG_BIN_DIR WORKDIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pgbench_log.h"

#define SCALE 10 /* pgbench_accounts: 100,000 rows each */
#define CLIENTS "4"
#define THREADS "2"
#define BEFORE_S 3 /* the load runs alone this long before the migration, and at least as long after it */
#define BIN_MS 20  /* the plot's resolution */

enum plan { NAIVE, ONLINE, NR_PLANS };
static const char *const plan_names[NR_PLANS] = { "naive", "online" };

struct change {
	const char *tag;   /* file and database names */
	const char *title; /* the table and the plot */
	const char *find;  /* the model edit: this text of pgbench_accounts' table ... */
	const char *put;   /* ... becomes this */
	const char *gen_arg; /* an extra mig-gen argument, or NULL */
};

static const struct change changes[] = {
	{ "index", "new index on pgbench_accounts (bid)", "  </table>",
	  "    <index name=\"pgbench_accounts_bid_idx\" columns=\"bid\"/>\n  </table>", NULL },
	{ "fk", "new foreign key pgbench_accounts (bid) -> pgbench_branches", "  </table>",
	  "    <foreign-key name=\"pgbench_accounts_bid_fkey\" columns=\"bid\" "
	  "references=\"pgbench_branches (bid)\"/>\n  </table>",
	  NULL },
	{ "notnull", "pgbench_accounts.bid made NOT NULL", "<column name=\"bid\" type=\"integer\"/>",
	  "<column name=\"bid\" type=\"integer\" nullable=\"false\"/>", "--no-fill=pgbench_accounts.bid" },
};
#define NR_CHANGES (sizeof(changes) / sizeof(changes[0]))

struct bench {
	const char *bin, *work;
	char psql[4096], pgbench[4096], base_url[4096];
	int seconds;
};

/* One run's result. */
struct result {
	struct pgbench_log log;
	long long start_us, end_us; /* the migration's window */
	struct pgbench_window w;
	struct pgbench_window before; /* the same for the 2 s before the migration (the load's first second left out) */
	double tps; /* commits per second over the whole load */
};

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench-online: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts); /* pgbench logs wall-clock times */
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Starts argv[0] in dir, stdout to out_path (or /dev/null), stderr to dir/stderr.txt. */
static pid_t start(const char *dir, char *const argv[], const char *out_path)
{
	char err_path[4200];
	pid_t pid;

	snprintf(err_path, sizeof(err_path), "%s/stderr.txt", dir);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (in < 0 || out < 0 || err < 0 || chdir(dir) != 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int finish(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		die("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Stops the benchmark with the command and the end of its error output. */
static _Noreturn void failed(const char *dir, char *const argv[], int rc)
{
	char cmd[8192] = "";
	FILE *f;

	for (size_t i = 0; argv[i]; i++)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s%s", i ? " " : "", argv[i]);
	fprintf(stderr, "bench-online: failed (exit status %d): %s\n", rc, cmd);
	snprintf(cmd, sizeof(cmd), "%s/stderr.txt", dir);
	f = fopen(cmd, "r");
	if (f) {
		char line[1024];
		while (fgets(line, sizeof(line), f))
			fputs(line, stderr);
		fclose(f);
	}
	exit(1);
}

static void run_or_die(const char *dir, char *const argv[], const char *out_path)
{
	int rc = finish(start(dir, argv, out_path));

	if (rc != 0)
		failed(dir, argv, rc);
}

static void sql(const struct bench *b, const char *db, const char *statement)
{
	char url[4200];
	char *argv[] = { (char *)b->psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
			 (char *)statement, NULL };

	snprintf(url, sizeof(url), "%s%s", b->base_url, db);
	run_or_die(b->work, argv, NULL);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die("%s: %s", path, strerror(errno));
	s = malloc((size_t)n + 1);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n)
		die("%s: cannot read", path);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die("%s: cannot write", path);
}

/* The change, made to pgbench_accounts' table in the model file. */
static void change_model(const char *path, const struct change *c)
{
	char *s = read_all(path), *table = strstr(s, "<table name=\"pgbench_accounts\""), *at, *out;
	size_t n;

	if (!table || !(at = strstr(table, c->find)))
		die("%s: no \"%s\" in table pgbench_accounts", path, c->find);
	n = strlen(s) - strlen(c->find) + strlen(c->put) + 1;
	out = malloc(n);
	if (!out)
		die("out of memory");
	snprintf(out, n, "%.*s%s%s", (int)(at - s), s, c->put, at + strlen(c->find));
	write_all(path, out);
	free(out);
	free(s);
}

/* One run: a new database, the adopted model, the change, its migration under the load. */
static void run_case(const struct bench *b, const struct change *c, enum plan plan, struct result *r)
{
	char dir[4200], path[4400], db[64], url[4200], stmt[256], seconds[16], prefix[4400], err[4400];
	char inspect_bin[4200], gen_bin[4200], stamp_bin[4200], apply_bin[4200], log_arg[4500];
	char load_out[4400], apply_out[4400];
	pid_t load;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s-%s", b->work, c->tag, plan_names[plan]);
	snprintf(path, sizeof(path), "rm -rf '%s' && mkdir -p '%s/models'", dir, dir);
	if (system(path) != 0)
		die("cannot make %s", dir);
	snprintf(db, sizeof(db), "bench_online_%s_%s", c->tag, plan_names[plan]);
	snprintf(url, sizeof(url), "%s%s", b->base_url, db);
	snprintf(stmt, sizeof(stmt), "DROP DATABASE IF EXISTS %s", db);
	sql(b, "postgres", stmt);
	snprintf(stmt, sizeof(stmt), "CREATE DATABASE %s", db);
	sql(b, "postgres", stmt);

	char scale[16];
	snprintf(scale, sizeof(scale), "%d", SCALE);
	char *init[] = { (char *)b->pgbench, "-i", "-q", "-s", scale, url, NULL };
	run_or_die(dir, init, NULL);
	sql(b, db, "CHECKPOINT");

	snprintf(inspect_bin, sizeof(inspect_bin), "%s/mig-inspect", b->bin);
	snprintf(gen_bin, sizeof(gen_bin), "%s/mig-gen", b->bin);
	snprintf(stamp_bin, sizeof(stamp_bin), "%s/mig-stamp", b->bin);
	snprintf(apply_bin, sizeof(apply_bin), "%s/mig-apply", b->bin);

	char *inspect[] = { inspect_bin, "--database-url", url, NULL };
	snprintf(path, sizeof(path), "%s/models/app.xml", dir);
	run_or_die(dir, inspect, path);
	char *gen_init[] = { gen_bin, "--dialect", "pgsql", "--name", "init", "--timestamp", "20260101000000",
			     NULL };
	run_or_die(dir, gen_init, NULL);
	char *stamp[] = { stamp_bin, "--database-url", url, "head", NULL };
	run_or_die(dir, stamp, NULL);
	change_model(path, c);
	char *gen[10] = { gen_bin, "--dialect", "pgsql", "--name", (char *)c->tag, "--timestamp",
			  "20260101000100" };
	int n = 7;
	gen[n++] = plan == ONLINE ? "--online" : "--no-online"; /* whatever MIG_ONLINE says */
	if (c->gen_arg)
		gen[n++] = (char *)c->gen_arg;
	gen[n] = NULL;
	run_or_die(dir, gen, NULL);

	/* the load: pgbench's TPC-B-like write, without the teller and branch updates */
	snprintf(path, sizeof(path), "%s/write.sql", dir);
	snprintf(stmt, sizeof(stmt),
		 "\\set aid random(1, %d)\n"
		 "\\set delta random(-5000, 5000)\n"
		 "BEGIN;\n"
		 "UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;\n"
		 "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
		 "VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);\n"
		 "END;\n",
		 SCALE * 100000);
	write_all(path, stmt);
	snprintf(seconds, sizeof(seconds), "%d", b->seconds);
	snprintf(prefix, sizeof(prefix), "%s/load", dir);
	snprintf(log_arg, sizeof(log_arg), "--log-prefix=%s", prefix);
	char *bench[] = { (char *)b->pgbench, "-n", "-f", path, "-c", CLIENTS, "-j", THREADS, "-T", seconds, "-l",
			  log_arg, url, NULL };
	snprintf(load_out, sizeof(load_out), "%s/pgbench.out", dir);
	long long load_start = now_us();
	load = start(dir, bench, load_out);
	sleep(BEFORE_S);

	char *apply[] = { apply_bin, "--database-url", url, NULL };
	snprintf(apply_out, sizeof(apply_out), "%s/apply.out", dir);
	r->start_us = now_us();
	rc = finish(start(dir, apply, apply_out));
	r->end_us = now_us();
	if (rc != 0)
		failed(dir, apply, rc);
	rc = finish(load);
	if (rc != 0)
		failed(dir, bench, rc);
	if (r->end_us + BEFORE_S * 1000000LL > load_start + b->seconds * 1000000LL)
		die("%s, %s: the migration ended less than %d s before the load: raise BENCH_ONLINE_SECONDS "
		    "(now %d)",
		    c->tag, plan_names[plan], BEFORE_S, b->seconds);

	if (pgbench_log_read(&r->log, prefix, err, sizeof(err)) < 0)
		die("%s", err);
	if (r->log.failed)
		die("%s, %s: %zu writes failed (%s.*)", c->tag, plan_names[plan], r->log.failed, prefix);
	pgbench_log_window(&r->log, r->start_us, r->end_us, &r->w);
	pgbench_log_window(&r->log, r->start_us - (BEFORE_S - 1) * 1000000LL, r->start_us, &r->before);
	if (r->log.nr > 1)
		r->tps = (double)r->log.nr * 1e6 / (double)(r->log.tx[r->log.nr - 1].end_us - r->log.tx[0].end_us);

	/* the raw series */
	snprintf(path, sizeof(path), "%s/%s-%s.tsv", b->work, c->tag, plan_names[plan]);
	FILE *f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "# %s, %s plan; the migration ran from 0 to %.3f s\n# end_s\tlatency_ms\tclient\n", c->title,
		plan_names[plan], (double)(r->end_us - r->start_us) / 1e6);
	for (size_t i = 0; i < r->log.nr; i++)
		fprintf(f, "%.6f\t%.3f\t%d\n", (double)(r->log.tx[i].end_us - r->start_us) / 1e6,
			(double)r->log.tx[i].latency_us / 1e3, r->log.tx[i].client);
	if (fclose(f) != 0)
		die("%s: cannot write", path);

	snprintf(stmt, sizeof(stmt), "DROP DATABASE %s", db);
	sql(b, "postgres", stmt);
}

/* --- the plot --------------------------------------------------------------- */

#define SVG_W 960
#define PANEL_H 250
#define LEFT 70
#define RIGHT 20
#define TOP 50
#define GAP 60
#define Y_MIN_MS 0.1
#define Y_DECADES 5 /* 0.1 ms .. 10 s */

static const char *const plan_colors[NR_PLANS] = { "#d62728", "#1f77b4" };

static double y_of(double ms, double top)
{
	double d = log10((ms < Y_MIN_MS ? Y_MIN_MS : ms) / Y_MIN_MS);

	return top + PANEL_H - (d > Y_DECADES ? Y_DECADES : d) * PANEL_H / Y_DECADES;
}

static void plot(const struct bench *b, struct result res[][NR_PLANS])
{
	char path[4200];
	double x_max = 0;
	FILE *f;

	for (size_t c = 0; c < NR_CHANGES; c++)
		for (int p = 0; p < NR_PLANS; p++) {
			double d = (double)(res[c][p].end_us - res[c][p].start_us) / 1e6 + BEFORE_S;
			if (d > x_max)
				x_max = d;
		}
	x_max = (double)(int)(x_max + 0.999);
	double x_min = -BEFORE_S, plot_w = SVG_W - LEFT - RIGHT;
#define X_OF(s) (LEFT + ((s)-x_min) * plot_w / (x_max - x_min))

	snprintf(path, sizeof(path), "%s/online-load.svg", b->work);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	int height = TOP + (int)NR_CHANGES * (PANEL_H + GAP) + 10;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "font-family=\"sans-serif\" font-size=\"12\">\n", SVG_W, height);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"%d\" y=\"20\" font-size=\"15\">Write latency under pgbench load (4 clients) "
		   "while mig-apply runs the migration (from 0 s)</text>\n", LEFT);
	fprintf(f, "<text x=\"%d\" y=\"38\">each dot: the slowest write that ended in its %d ms; "
		   "the shaded bands: each migration's run</text>\n", LEFT, BIN_MS);
	for (int p = 0; p < NR_PLANS; p++)
		fprintf(f, "<circle cx=\"%d\" cy=\"34\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"38\">%s</text>\n",
			SVG_W - 200 + p * 90, plan_colors[p], SVG_W - 192 + p * 90,
			p == NAIVE ? "mig-gen" : "--online");
	for (size_t c = 0; c < NR_CHANGES; c++) {
		double top = TOP + (double)c * (PANEL_H + GAP) + 20;
		fprintf(f, "<text x=\"%d\" y=\"%.0f\" font-weight=\"bold\">%s</text>\n", LEFT, top - 6,
			changes[c].title);
		for (int p = 0; p < NR_PLANS; p++) {
			double d = (double)(res[c][p].end_us - res[c][p].start_us) / 1e6;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
				   "fill-opacity=\"0.10\"/>\n",
				X_OF(0), top, X_OF(d) - X_OF(0), PANEL_H, plan_colors[p]);
		}
		fprintf(f, "<rect x=\"%d\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
			LEFT, top, plot_w, PANEL_H);
		static const char *const y_labels[] = { "0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s" };
		for (int i = 0; i <= Y_DECADES; i++) {
			double y = top + PANEL_H - (double)i * PANEL_H / Y_DECADES;
			fprintf(f, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
				   "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
				LEFT, LEFT + plot_w, y, y, LEFT - 6, y + 4, y_labels[i]);
		}
		for (int s = (int)x_min; s <= (int)x_max; s++)
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#ddd\"/>"
				   "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%d s</text>\n",
				X_OF(s), X_OF(s), top, top + PANEL_H, X_OF(s), top + PANEL_H + 15, s);
		for (int p = 0; p < NR_PLANS; p++) {
			const struct result *r = &res[c][p];
			long long bin_us = BIN_MS * 1000LL, from = r->start_us + (long long)(x_min * 1e6);
			long long to = r->start_us + (long long)(x_max * 1e6);
			size_t i = 0;

			fprintf(f, "<g fill=\"%s\" fill-opacity=\"0.8\">\n", plan_colors[p]);
			while (i < r->log.nr && r->log.tx[i].end_us < from)
				i++;
			for (long long bin = from; bin < to; bin += bin_us) {
				long long max = -1;
				for (; i < r->log.nr && r->log.tx[i].end_us < bin + bin_us; i++)
					if (r->log.tx[i].latency_us > max)
						max = r->log.tx[i].latency_us;
				if (max >= 0)
					fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\"/>\n",
						X_OF((double)(bin + bin_us / 2 - r->start_us) / 1e6),
						y_of((double)max / 1e3, top));
			}
			fprintf(f, "</g>\n");
		}
	}
	fprintf(f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">time from the start of mig-apply "
		   "(s)</text>\n</svg>\n", LEFT + plot_w / 2, height - 4);
	if (fclose(f) != 0)
		die("%s: cannot write", path);
#undef X_OF
}

/* --- main ------------------------------------------------------------------- */

static void find_bin(const char *pg_bin, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", pg_bin, name);
	if (access(out, X_OK) != 0)
		die("%s: not found (MIG_TEST_PG_BIN)", out);
}

int main(int argc, char **argv)
{
	struct result res[NR_CHANGES][NR_PLANS];
	const char *url = getenv("MIG_TEST_PG_URL"), *pg_bin = getenv("MIG_TEST_PG_BIN");
	const char *secs = getenv("BENCH_ONLINE_SECONDS");
	struct bench b = { 0 };
	char *slash;

	if (argc != 3)
		die("usage: bench-online MIG_BIN_DIR WORKDIR (under tests/pg-harness.sh)");
	if (!url || !pg_bin)
		die("MIG_TEST_PG_URL or MIG_TEST_PG_BIN is not set: run it under tests/pg-harness.sh");
	b.bin = argv[1];
	b.work = argv[2];
	b.seconds = secs && *secs ? atoi(secs) : 15;
	if (b.seconds < 2 * BEFORE_S + 1)
		die("BENCH_ONLINE_SECONDS: \"%s\" is too small (at least %d)", secs, 2 * BEFORE_S + 1);
	find_bin(pg_bin, "psql", b.psql, sizeof(b.psql));
	find_bin(pg_bin, "pgbench", b.pgbench, sizeof(b.pgbench));
	snprintf(b.base_url, sizeof(b.base_url), "%s", url);
	slash = strrchr(b.base_url, '/');
	if (!slash)
		die("MIG_TEST_PG_URL: no database name in \"%s\"", url);
	slash[1] = '\0';
	if (mkdir(b.work, 0755) != 0 && errno != EEXIST)
		die("%s: %s", b.work, strerror(errno));

	for (size_t c = 0; c < NR_CHANGES; c++)
		for (int p = 0; p < NR_PLANS; p++) {
			fprintf(stderr, "bench-online: %s, %s plan ...\n", changes[c].tag, plan_names[p]);
			run_case(&b, &changes[c], (enum plan)p, &res[c][p]);
		}

	printf("bench-online: %d rows in pgbench_accounts, load: %s clients, %s threads (UPDATE + INSERT per "
	       "transaction)\n\n", SCALE * 100000, CLIENTS, THREADS);
	printf("%-8s %-7s %10s %14s %10s %10s %9s %10s   %s\n", "change", "plan", "migration", "longest stall",
	       "p99", "max", "commits", "load tps", "2 s before: stall, p99, max");
	for (size_t c = 0; c < NR_CHANGES; c++)
		for (int p = 0; p < NR_PLANS; p++) {
			const struct result *r = &res[c][p];
			printf("%-8s %-7s %7.0f ms %11.1f ms %7.1f ms %7.1f ms %9zu %10.0f   %.1f, %.1f, %.1f ms\n",
			       changes[c].tag, plan_names[p], (double)(r->end_us - r->start_us) / 1e3, r->w.stall_ms,
			       r->w.p99_ms, r->w.max_ms, r->w.commits, r->tps, r->before.stall_ms, r->before.p99_ms,
			       r->before.max_ms);
		}
	printf("\nlongest stall, naive / online:\n");
	for (size_t c = 0; c < NR_CHANGES; c++)
		printf("  %-8s %6.1fx\n", changes[c].tag, res[c][ONLINE].w.stall_ms > 0
			       ? res[c][NAIVE].w.stall_ms / res[c][ONLINE].w.stall_ms : 0);
	plot(&b, res);
	printf("\nseries: %s/<change>-<plan>.tsv; plot: %s/online-load.svg\n", b.work, b.work);
	for (size_t c = 0; c < NR_CHANGES; c++)
		for (int p = 0; p < NR_PLANS; p++)
			pgbench_log_release(&res[c][p].log);
	return 0;
}

/*
 * bench-floor: each mig tool against the floor doing the same work, side by
 * side in one run (not a test: it asserts nothing about time, it reports).
 *
 *   status   mig-heads --pending, --current, --history and a mig-apply with
 *            nothing to do, against the server's psql connecting and running
 *            SELECT 1, on a database with N migrations applied (and psql
 *            running --pending's query of the version table, for scale)
 *   inspect  mig-inspect against pg_dump -s on a database of N tables of 20
 *            columns, and on the same with N/10 views, functions and
 *            triggers more
 *   gen      mig-gen writing the first migration of that inspected model
 *            against xmllint --noout reading the same model file
 *   memory   the peak resident memory of every tool on that work
 *   peers    PEERS=1: alembic current and sqitch status on the same number
 *            of migrations, when installed (named as skipped when not)
 *
 * For every size of BENCH_SIZES (default "100 1000 10000"): the cases of a
 * part alternate within each round (the order rotates), BENCH_ROUNDS rounds
 * (default 5; the status part, whose runs take milliseconds, five times as
 * many, at most 30); medians. Every database is new. A migration file written
 * less than two seconds ago is not kept in mig's scan cache (migscan.h), so
 * the status part waits that long after writing the chain, as a checkout
 * older than two seconds is: the first mig-heads then fills the cache,
 * and is not timed.
 *
 * Each median goes to BENCH_RESULTS (a file, appended) as
 * "PART\tCASE\tSIZE\tMEDIAN_MS\tPEAK_KB", from which tests/bench/report.sh
 * writes the table and the plot of docs/benchmarks.md.
 *
 * Run it under tests/pg-harness.sh (MIG_TEST_PG_URL, MIG_TEST_PG_BIN: the
 * server's own psql and pg_dump, not Debian's /usr/bin wrappers).
 *
 * Usage: bench-floor MIG_BIN_DIR WORKDIR
 */
#define _GNU_SOURCE
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

#define MAX_ROUNDS 30
#define MAX_CASES 8
#define COLUMNS 20

struct bench {
	const char *bin, *work;
	char psql[4096], pg_dump[4096];
	char base_url[4096]; /* the harness's URL up to and with the last '/' */
	int rounds;
	FILE *results;       /* or NULL */
};

/* One run of a command. */
struct run {
	double wall_ms;
	long maxrss_kb;
};

/* A part's cases at one size, round after round. */
struct part {
	const char *name;
	int size;
	int nr;
	const char *names[MAX_CASES];
	char *const *argv[MAX_CASES];
	const char *cwd[MAX_CASES];
	const char *out[MAX_CASES]; /* stdout to this file, or NULL: /dev/null */
	const char *reset;          /* a shell command run before each round, or NULL */
	int rounds;                 /* 0: the run's BENCH_ROUNDS */
	struct run runs[MAX_CASES][MAX_ROUNDS];
};

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench-floor: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Runs argv in cwd, stdout to out (or /dev/null), stderr to WORK/stderr.txt; dies when it fails. */
static struct run run(const struct bench *b, char *const argv[], const char *cwd, const char *out)
{
	char err_path[4200];
	double start = now_ms();
	struct rusage ru;
	struct run r;
	int status;
	pid_t pid;

	snprintf(err_path, sizeof(err_path), "%s/stderr.txt", b->work);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (o < 0 || e < 0 || chdir(cwd ? cwd : b->work) != 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4: %s", strerror(errno));
	r.wall_ms = now_ms() - start;
	r.maxrss_kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char cmd[8192] = "", tail[2048] = "";
		FILE *f = fopen(err_path, "r");
		for (size_t i = 0; argv[i]; i++)
			snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "%s%s", i ? " " : "", argv[i]);
		if (f) {
			size_t n = fread(tail, 1, sizeof(tail) - 1, f);
			tail[n] = '\0';
			fclose(f);
		}
		die("failed (status %d) in %s: %s\n%s", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		    cwd ? cwd : b->work, cmd, tail);
	}
	return r;
}

static void sh(const struct bench *b, const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;
	char *argv[] = { "sh", "-c", cmd, NULL };

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	run(b, argv, "/", NULL);
}

static void url_of(const struct bench *b, const char *db, char *out, size_t size)
{
	snprintf(out, size, "%s%s", b->base_url, db);
}

/* A new database (none is dropped: dropping large ones slows the machine for a while). */
static void new_database(const struct bench *b, const char *name, char *url, size_t size)
{
	char sql[512], admin[4200];
	char *argv[] = { (char *)b->psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin, "-c", sql, NULL };

	url_of(b, "postgres", admin, sizeof(admin));
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	run(b, argv, NULL, NULL);
	snprintf(sql, sizeof(sql), "CHECKPOINT");
	run(b, argv, NULL, NULL);
	url_of(b, name, url, size);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;
	return a < c ? -1 : a > c;
}

static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, (size_t)n * sizeof(double));
	qsort(s, (size_t)n, sizeof(double), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void result(const struct bench *b, const char *part, const char *name, int size, double ms, long kb)
{
	if (b->results) {
		fprintf(b->results, "%s\t%s\t%d\t%.1f\t%ld\n", part, name, size, ms, kb);
		fflush(b->results);
	}
}

/* Runs p's cases rounds times, alternating (the order rotates), and reports each against case 0, the floor. */
static void run_part(const struct bench *b, struct part *p)
{
	double med[MAX_CASES];
	int rounds = p->rounds ? p->rounds : b->rounds;

	for (int r = 0; r < rounds; r++) {
		if (p->reset)
			sh(b, "%s", p->reset);
		for (int k = 0; k < p->nr; k++) {
			int c = (k + r) % p->nr;
			p->runs[c][r] = run(b, p->argv[c], p->cwd[c], p->out[c]);
		}
	}
	printf("\n%s, size %d (%d rounds; ms)      median      min      max  peak MiB  / %s\n", p->name, p->size,
	       rounds, p->names[0]);
	for (int c = 0; c < p->nr; c++) {
		double wall[MAX_ROUNDS], paired[MAX_ROUNDS], min = 1e18, max = 0;
		long rss = 0;
		for (int r = 0; r < rounds; r++) {
			wall[r] = p->runs[c][r].wall_ms;
			paired[r] = wall[r] / p->runs[0][r].wall_ms;
			min = wall[r] < min ? wall[r] : min;
			max = wall[r] > max ? wall[r] : max;
			rss = p->runs[c][r].maxrss_kb > rss ? p->runs[c][r].maxrss_kb : rss;
		}
		med[c] = median(wall, rounds);
		printf("  %-34s %9.1f %8.1f %8.1f %9.1f", p->names[c], med[c], min, max, rss / 1024.0);
		if (c)
			printf("  %.2f (per round %.2f)", med[c] / med[0], median(paired, rounds));
		printf("\n");
		result(b, p->name, p->names[c], p->size, med[c], rss);
	}
	fflush(stdout);
}

/* One run of a command, its peak memory reported (the work that is too slow to repeat). */
static void once(const struct bench *b, const char *part, const char *name, int size, char *const argv[],
		 const char *cwd, const char *out)
{
	struct run r = run(b, argv, cwd, out);

	printf("  %-34s %9.1f ms once, peak %.1f MiB\n", name, r.wall_ms, r.maxrss_kb / 1024.0);
	result(b, part, name, size, r.wall_ms, r.maxrss_kb);
	fflush(stdout);
}

/* N migrations in a chain, a table each, and their sum file; in dir/migrations/pgsql. */
static void write_chain(const struct bench *b, const char *dir, int n)
{
	char path[4600], rev[64], parent[64] = "";
	char gen[4200], models[4200], migs[4200];
	char *rehash[] = { gen, "--rehash", "--dialect", "pgsql", "--models", models, "--migrations", migs, NULL };

	sh(b, "rm -rf '%s' && mkdir -p '%s/migrations/pgsql' '%s/models'", dir, dir, dir);
	for (int i = 1; i <= n; i++) {
		FILE *f;
		snprintf(rev, sizeof(rev), "%04d_2026010100%04d_create_s%d", i, i % 10000, i);
		snprintf(path, sizeof(path), "%s/migrations/pgsql/%s.sql", dir, rev);
		f = fopen(path, "w");
		if (!f)
			die("%s: %s", path, strerror(errno));
		fprintf(f, "-- mig:revision %s\n", rev);
		if (*parent)
			fprintf(f, "-- mig:parents %s\n", parent);
		fprintf(f, "-- mig:message create s%d\n-- mig:up\nCREATE TABLE s%d (id integer PRIMARY KEY, note text);\n"
			   "-- mig:down\nDROP TABLE s%d;\n",
			i, i, i);
		if (fclose(f) != 0)
			die("%s: %s", path, strerror(errno));
		snprintf(parent, sizeof(parent), "%s", rev);
	}
	snprintf(gen, sizeof(gen), "%s/mig-gen", b->bin);
	snprintf(models, sizeof(models), "%s/models", dir);
	snprintf(migs, sizeof(migs), "%s/migrations", dir);
	run(b, rehash, dir, NULL);
}

static void tool(const struct bench *b, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", b->bin, name);
}

/* The status part at size n; PEERS=1 adds the peers. */
static void bench_status(const struct bench *b, int n)
{
	char dir[4200], db[64], url[4200], heads[4200], apply[4200], stamp[4200], lint[4200];
	char *psql[] = { (char *)b->psql, "-X", "-q", "-d", url, "-c", "SELECT 1", NULL };
	/*
	 * the version table's rows as mig-heads --pending asks for them (history.c's brief rows:
	 * no ORDER BY, they are sorted by the client): what reading the table alone costs
	 */
	char *psql_rows[] = { (char *)b->psql, "-X", "-q", "-A", "-t", "-d", url, "-c",
			      "SELECT revision, checksum, dirty, operation, progress FROM mig_history WHERE app = ''",
			      NULL };
	char *pending[] = { heads, "--database-url", url, "--pending", NULL };
	char *current[] = { heads, "--database-url", url, "--current", NULL };
	char *history[] = { heads, "--database-url", url, "--history", NULL };
	char *noop[] = { apply, "--database-url", url, NULL };
	char *stamp_head[] = { stamp, "--database-url", url, "head", NULL };
	char *lint_all[] = { lint, NULL };

	/* runs of milliseconds, where a stray millisecond of the machine's is a tenth: five times the rounds */
	struct part p = { .name = "status", .size = n, .nr = 6,
			  .rounds = b->rounds * 5 < MAX_ROUNDS ? b->rounds * 5 : MAX_ROUNDS,
			  .names = { "psql SELECT 1", "psql (--pending's query)", "mig-heads --pending",
				     "mig-heads --current", "mig-heads --history", "mig-apply (nothing to do)" },
			  .argv = { psql, psql_rows, pending, current, history, noop } };

	tool(b, "mig-heads", heads, sizeof(heads));
	tool(b, "mig-apply", apply, sizeof(apply));
	tool(b, "mig-stamp", stamp, sizeof(stamp));
	tool(b, "mig-lint", lint, sizeof(lint));

	snprintf(dir, sizeof(dir), "%s/status-%d", b->work, n);
	write_chain(b, dir, n);
	snprintf(db, sizeof(db), "bench_status_%d", n);
	new_database(b, db, url, sizeof(url));
	printf("\nstatus, size %d: applying the chain\n", n);
	once(b, "apply", "mig-apply (the whole chain)", n, noop, dir, NULL);
	sleep(3); /* the scan cache's racy window (migscan.h) */
	run(b, pending, dir, NULL);
	for (int c = 0; c < p.nr; c++)
		p.cwd[c] = dir;
	run_part(b, &p);
	once(b, "memory", "mig-stamp head", n, stamp_head, dir, NULL);
	once(b, "memory", "mig-lint (every migration)", n, lint_all, dir, NULL);

}

/* Is program on PATH? */
static bool installed(const char *program)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

static FILE *create(const char *dir, const char *name)
{
	char path[4600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	return f;
}

static void finish(FILE *f)
{
	if (fclose(f) != 0)
		die("write: %s", strerror(errno));
}

/*
 * PEERS=1: the same status question asked of other tools, on n migrations
 * of the same tables, recorded as applied (alembic stamp, sqitch deploy
 * --log-only), against the same floor. A peer not installed is named.
 */
static void bench_peers(const struct bench *b, int n)
{
	char dir[4200], sub[4300], db[64], url[4200], sqitch_target[4300], floor_url[4200];
	char *psql[] = { (char *)b->psql, "-X", "-q", "-d", floor_url, "-c", "SELECT 1", NULL };
	char *alembic_current[] = { "alembic", "current", NULL };
	char *alembic_stamp[] = { "alembic", "stamp", "head", NULL };
	char *sqitch_status[] = { "sqitch", "status", sqitch_target, NULL };
	char *sqitch_log_only[] = { "sqitch", "deploy", "--log-only", sqitch_target, NULL };
	struct part p = { .name = "peers", .size = n, .names = { "psql SELECT 1" }, .argv = { psql } };
	const char *port = strrchr(b->base_url, ':');
	FILE *f;

	snprintf(db, sizeof(db), "bench_status_%d", n);
	url_of(b, db, floor_url, sizeof(floor_url));
	p.nr = 1;
	if (installed("alembic")) {
		snprintf(dir, sizeof(dir), "%s/peer-alembic-%d", b->work, n);
		sh(b, "rm -rf '%s' && mkdir -p '%s/alembic/versions'", dir, dir);
		snprintf(db, sizeof(db), "bench_alembic_%d", n);
		new_database(b, db, url, sizeof(url));
		f = create(dir, "alembic.ini");
		fprintf(f, "[alembic]\nscript_location = alembic\nsqlalchemy.url = %s\n", url);
		finish(f);
		f = create(dir, "alembic/env.py");
		fputs("from alembic import context\nfrom sqlalchemy import engine_from_config, pool\n"
		      "config = context.config\n"
		      "engine = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', "
		      "poolclass=pool.NullPool)\n"
		      "with engine.connect() as connection:\n    context.configure(connection=connection)\n"
		      "    with context.begin_transaction():\n        context.run_migrations()\n", f);
		finish(f);
		snprintf(sub, sizeof(sub), "%s/alembic/versions", dir);
		for (int i = 1; i <= n; i++) {
			char name[64];
			snprintf(name, sizeof(name), "r%05d.py", i);
			f = create(sub, name);
			fprintf(f, "revision = 'r%05d'\n", i);
			if (i > 1)
				fprintf(f, "down_revision = 'r%05d'\n", i - 1);
			else
				fputs("down_revision = None\n", f);
			fprintf(f, "from alembic import op\ndef upgrade():\n    op.execute('CREATE TABLE s%d (id integer "
				   "PRIMARY KEY, note text)')\ndef downgrade():\n    op.execute('DROP TABLE s%d')\n", i, i);
			finish(f);
		}
		run(b, alembic_stamp, dir, NULL);
		p.names[p.nr] = "alembic current";
		p.argv[p.nr] = alembic_current;
		p.cwd[p.nr++] = strdup(dir);
	} else {
		printf("\npeers: alembic is not installed (Debian: apt-get install alembic python3-psycopg2): skipped\n");
	}
	if (installed("sqitch")) {
		snprintf(dir, sizeof(dir), "%s/peer-sqitch-%d", b->work, n);
		sh(b, "rm -rf '%s' && mkdir -p '%s/deploy' '%s/revert' '%s/verify'", dir, dir, dir, dir);
		snprintf(db, sizeof(db), "bench_sqitch_%d", n);
		new_database(b, db, url, sizeof(url));
		snprintf(sqitch_target, sizeof(sqitch_target), "db:pg://postgres@127.0.0.1%.*s%s", (int)(port ? strcspn(port, "/") : 0),
			 port ? port : "", strrchr(url, '/'));
		f = create(dir, "sqitch.conf");
		fprintf(f, "[core]\n\tengine = pg\n[engine \"pg\"]\n\tclient = %s\n", b->psql);
		finish(f);
		f = create(dir, "sqitch.plan");
		fputs("%syntax-version=1.0.0\n%project=bench\n\n", f);
		for (int i = 1; i <= n; i++) {
			char name[64];
			FILE *g;
			fprintf(f, "c%d 2026-01-01T00:00:00Z bench <bench@example.com> # create s%d\n", i, i);
			snprintf(name, sizeof(name), "deploy/c%d.sql", i);
			g = create(dir, name);
			fprintf(g, "CREATE TABLE s%d (id integer PRIMARY KEY, note text);\n", i);
			finish(g);
			snprintf(name, sizeof(name), "revert/c%d.sql", i);
			g = create(dir, name);
			fprintf(g, "DROP TABLE s%d;\n", i);
			finish(g);
		}
		finish(f);
		run(b, sqitch_log_only, dir, NULL);
		p.names[p.nr] = "sqitch status";
		p.argv[p.nr] = sqitch_status;
		p.cwd[p.nr++] = strdup(dir);
	} else {
		printf("\npeers: sqitch is not installed (Debian: apt-get install sqitch libdbd-pg-perl): skipped\n");
	}
	printf("peers: dbmate is not in Debian, and its npm package downloads a binary from GitHub: skipped\n");
	if (p.nr > 1)
		run_part(b, &p);
	for (int c = 1; c < p.nr; c++)
		free((char *)p.cwd[c]);
}

/* N tables of 20 columns (and with objects, N/10 views, functions and triggers), as SQL into path. */
static void write_tables_sql(const char *path, int n, bool objects)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("%s: %s", path, strerror(errno));
	fputs("CREATE TYPE item_state AS ENUM ('new', 'open', 'closed');\n", f);
	for (int i = 1; i <= n; i++) {
		fprintf(f, "CREATE TABLE t%05d (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ", i);
		fprintf(f, "code text NOT NULL UNIQUE, state item_state NOT NULL DEFAULT 'new', "
			   "created_at timestamptz NOT NULL DEFAULT now(), amount numeric(12,2) CHECK (amount >= 0), ");
		for (int c = 5; c < COLUMNS - 1; c++)
			fprintf(f, "c%02d %s, ", c, c % 3 == 0 ? "integer" : c % 3 == 1 ? "text" : "boolean DEFAULT false");
		if (i > 1)
			fprintf(f, "prev_id bigint REFERENCES t%05d (id));\n", i - 1);
		else
			fputs("prev_id bigint);\n", f);
		fprintf(f, "CREATE INDEX t%05d_created ON t%05d (created_at);\n", i, i);
		if (objects && i % 10 == 0) {
			fprintf(f, "CREATE VIEW v%05d AS SELECT id, code, amount FROM t%05d WHERE state <> 'closed';\n", i,
				i);
			fprintf(f, "CREATE FUNCTION f%05d() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
				   "NEW.created_at := now(); RETURN NEW; END $$;\n", i);
			fprintf(f, "CREATE TRIGGER g%05d BEFORE UPDATE ON t%05d FOR EACH ROW EXECUTE FUNCTION f%05d();\n",
				i, i, i);
		}
	}
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/* The inspect and gen parts at size n (objects: with views, functions and triggers). */
static void bench_tables(const struct bench *b, int n, bool objects)
{
	char dir[4200], db[64], url[4200], sql[4300], model[4300], inspect[4200], gen[4200], apply[4200];
	char check_bin[4200], lint[4200], gen_dir[4300], apply_db[64], apply_url[4200], xml_out[4300], dump_out[4300], reset[9000];
	char *load[] = { (char *)b->psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", sql, NULL };
	char *dump[] = { (char *)b->pg_dump, "-s", "-d", url, NULL };
	char *insp[] = { inspect, "--database-url", url, NULL };
	char *xmllint[] = { "xmllint", "--noout", model, NULL };
	char *gen_first[] = { gen, "--allow-destructive", "--dialect", "pgsql", "--timestamp", "20260101000000",
			      NULL };
	char *apply_one[] = { apply, "--database-url", apply_url, NULL };
	char up_sql[4300];
	char *psql_up[] = { (char *)b->psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", apply_url, "-f", up_sql,
			    NULL };
	char *check[] = { check_bin, "--database-url", apply_url, NULL };
	char *lint_one[] = { lint, NULL };
	char *gen_change[] = { gen, "--dialect", "pgsql", "--timestamp", "20260101000001", NULL };
	const char *tag = objects ? "inspect+objects" : "inspect";
	struct part pi = { .name = tag, .size = n, .nr = 2, .names = { "pg_dump -s", "mig-inspect" },
			   .argv = { dump, insp } };
	struct part pg = { .name = objects ? "gen+objects" : "gen", .size = n, .nr = 2,
			   .names = { "xmllint --noout", "mig-gen (first migration)" }, .argv = { xmllint, gen_first } };

	tool(b, "mig-inspect", inspect, sizeof(inspect));
	tool(b, "mig-gen", gen, sizeof(gen));
	tool(b, "mig-apply", apply, sizeof(apply));
	tool(b, "mig-check", check_bin, sizeof(check_bin));
	tool(b, "mig-lint", lint, sizeof(lint));
	snprintf(dir, sizeof(dir), "%s/tables-%d%s", b->work, n, objects ? "-objects" : "");
	sh(b, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	snprintf(sql, sizeof(sql), "%s/schema.sql", dir);
	write_tables_sql(sql, n, objects);
	snprintf(db, sizeof(db), "bench_tables_%d%s", n, objects ? "_objects" : "");
	new_database(b, db, url, sizeof(url));
	run(b, load, dir, NULL);
	snprintf(xml_out, sizeof(xml_out), "%s/inspected.xml", dir);
	snprintf(dump_out, sizeof(dump_out), "%s/dump.sql", dir);
	pi.out[0] = dump_out;
	pi.out[1] = xml_out;
	run_part(b, &pi);

	/* mig-gen: the first migration of the inspected model, each round in a new copy of the project */
	snprintf(gen_dir, sizeof(gen_dir), "%s/gen", dir);
	snprintf(model, sizeof(model), "%s/models/app.xml", gen_dir);
	sh(b, "mkdir -p '%s/models' && cp '%s' '%s'", gen_dir, xml_out, model);
	snprintf(reset, sizeof(reset), "rm -rf '%s/migrations' '%s/var'", gen_dir, gen_dir);
	pg.reset = reset;
	pg.cwd[0] = pg.cwd[1] = gen_dir;
	run_part(b, &pg);
	/* the floor of applying that one migration: psql -1 -f of its up section, on a database of its own */
	snprintf(up_sql, sizeof(up_sql), "%s/up.sql", dir);
	sh(b, "awk '/^-- mig:up$/ { up = 1; next } /^-- mig:down$/ { up = 0 } up' '%s'/migrations/pgsql/0*.sql > '%s'",
	   gen_dir, up_sql);
	snprintf(apply_db, sizeof(apply_db), "bench_psql_%d%s", n, objects ? "_objects" : "");
	new_database(b, apply_db, apply_url, sizeof(apply_url));
	once(b, objects ? "apply-one+objects" : "apply-one", "psql -1 -f (its up section)", n, psql_up, dir, NULL);
	snprintf(apply_db, sizeof(apply_db), "bench_gen_%d%s", n, objects ? "_objects" : "");
	new_database(b, apply_db, apply_url, sizeof(apply_url));
	once(b, objects ? "apply-one+objects" : "apply-one", "mig-apply (one migration)", n, apply_one, gen_dir, NULL);
	if (!objects) {
		once(b, "memory", "mig-lint (the one migration)", n, lint_one, gen_dir, NULL);
		/* three runs of the migration on a scratch database: minutes at 10,000 tables */
		if (n <= 1000)
			once(b, "memory", "mig-check (replay up, down, up)", n, check, gen_dir, NULL);
		/* a change to that model: mig-gen holds the recorded state and the models, two models at once */
		sh(b, "sed -i '0,/<column name=/s//<column name=\"added_later\" type=\"text\"\\/><column name=/' '%s'",
		   model);
		once(b, "memory", "mig-gen (a column added to one table)", n, gen_change, gen_dir, NULL);
	}
}

int main(int argc, char **argv)
{
	const char *pg_url = getenv("MIG_TEST_PG_URL"), *pg_bin = getenv("MIG_TEST_PG_BIN");
	const char *peers_env = getenv("PEERS");
	bool peers = peers_env && strcmp(peers_env, "1") == 0;
	const char *sizes = getenv("BENCH_SIZES"), *rounds = getenv("BENCH_ROUNDS"), *results = getenv("BENCH_RESULTS");
	struct bench b = { 0 };
	const char *slash;
	char list[256];

	if (argc != 3) {
		fprintf(stderr, "usage: bench-floor MIG_BIN_DIR WORKDIR (under tests/pg-harness.sh)\n");
		return 2;
	}
	if (!pg_url || !pg_bin || !(slash = strrchr(pg_url, '/')))
		die("MIG_TEST_PG_URL and MIG_TEST_PG_BIN are not set: run it under tests/pg-harness.sh");
	b.bin = argv[1];
	b.work = argv[2];
	b.rounds = rounds && *rounds ? atoi(rounds) : 5;
	if (b.rounds < 1 || b.rounds > MAX_ROUNDS)
		die("BENCH_ROUNDS: 1 to %d", MAX_ROUNDS);
	snprintf(b.base_url, sizeof(b.base_url), "%.*s", (int)(slash - pg_url + 1), pg_url);
	snprintf(b.psql, sizeof(b.psql), "%s/psql", pg_bin);
	snprintf(b.pg_dump, sizeof(b.pg_dump), "%s/pg_dump", pg_bin);
	if (results && *results && !(b.results = fopen(results, "a")))
		die("%s: %s", results, strerror(errno));
	if (mkdir(b.work, 0755) != 0 && errno != EEXIST)
		die("%s: %s", b.work, strerror(errno));
	snprintf(list, sizeof(list), "%s", sizes && *sizes ? sizes : "100 1000 10000");
	printf("bench-floor: sizes %s, %d rounds; psql and pg_dump from %s\n", list, b.rounds, pg_bin);
	for (char *s = strtok(list, " "); s; s = strtok(NULL, " ")) {
		int n = atoi(s);
		if (n < 1)
			die("BENCH_SIZES: \"%s\" is not a size", s);
		bench_status(&b, n);
		if (peers && n <= 1000) /* sqitch records 10,000 changes one psql call at a time: minutes */
			bench_peers(&b, n);
		bench_tables(&b, n, false);
		bench_tables(&b, n, true);
	}
	if (b.results)
		fclose(b.results);
	return 0;
}

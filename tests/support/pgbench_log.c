#include "pgbench_log.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_tx(struct pgbench_log *log, size_t *alloc, const struct pgbench_tx *tx)
{
	if (log->nr == *alloc) {
		size_t n = *alloc ? 2 * *alloc : 4096;
		struct pgbench_tx *p = realloc(log->tx, n * sizeof(*p));
		if (!p)
			return -1;
		log->tx = p;
		*alloc = n;
	}
	log->tx[log->nr++] = *tx;
	return 0;
}

static int read_file(struct pgbench_log *log, size_t *alloc, const char *path, char *err, size_t errsize)
{
	char line[512], latency[64];
	FILE *f = fopen(path, "r");
	int lineno = 0, rc = 0;

	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct pgbench_tx tx;
		long long txno, script, epoch, us;
		char *end;

		lineno++;
		if (sscanf(line, "%d %lld %63s %lld %lld %lld", &tx.client, &txno, latency, &script, &epoch,
			   &us) != 6) {
			snprintf(err, errsize, "%s:%d: not a line of pgbench's log: %s", path, lineno, line);
			rc = -1;
			break;
		}
		tx.end_us = epoch * 1000000 + us;
		tx.latency_us = strtoll(latency, &end, 10);
		if (*end != '\0' || tx.latency_us < 0) {
			tx.latency_us = -1;
			log->failed++;
		}
		if (add_tx(log, alloc, &tx) < 0) {
			snprintf(err, errsize, "out of memory");
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

static int cmp_end(const void *a, const void *b)
{
	const struct pgbench_tx *x = a, *y = b;

	return x->end_us < y->end_us ? -1 : x->end_us > y->end_us;
}

int pgbench_log_read(struct pgbench_log *log, const char *prefix, char *err, size_t errsize)
{
	char dir[4096], path[8192];
	const char *slash = strrchr(prefix, '/'), *base = slash ? slash + 1 : prefix;
	size_t base_len = strlen(base), alloc = 0;
	struct dirent *de;
	int files = 0, rc = 0;
	DIR *d;

	memset(log, 0, sizeof(*log));
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - prefix) : 1, slash ? prefix : ".");
	d = opendir(dir);
	if (!d) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		if (strncmp(de->d_name, base, base_len) != 0 || de->d_name[base_len] != '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		rc = read_file(log, &alloc, path, err, errsize);
		files++;
	}
	closedir(d);
	if (rc == 0 && files == 0) {
		snprintf(err, errsize, "no pgbench log %s.*", prefix);
		rc = -1;
	}
	if (rc < 0) {
		pgbench_log_release(log);
		return -1;
	}
	qsort(log->tx, log->nr, sizeof(*log->tx), cmp_end);
	return 0;
}

void pgbench_log_release(struct pgbench_log *log)
{
	free(log->tx);
	memset(log, 0, sizeof(*log));
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of n sorted values, by the nearest-rank method. */
static double quantile_ms(const long long *v, size_t n, double q)
{
	size_t rank;

	if (!n)
		return 0;
	rank = (size_t)(q * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return (double)v[rank - 1] / 1e3;
}

void pgbench_log_window(const struct pgbench_log *log, long long from_us, long long to_us,
			struct pgbench_window *w)
{
	long long prev = -1, *lat = malloc((log->nr ? log->nr : 1) * sizeof(*lat));
	long long stall = 0, stall_start = from_us;
	size_t n = 0;

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < log->nr; i++) {
		const struct pgbench_tx *tx = &log->tx[i];

		if (tx->latency_us < 0)
			continue;
		if (tx->end_us >= from_us && tx->end_us <= to_us)
			w->commits++;
		/* the gap (prev, end) overlaps the window */
		if (prev >= 0 && prev < to_us && tx->end_us > from_us && tx->end_us - prev > stall) {
			stall = tx->end_us - prev;
			stall_start = prev;
		}
		if (prev < 0 && tx->end_us > from_us && tx->end_us - from_us > stall) {
			stall = tx->end_us - from_us; /* no commit before the window at all */
			stall_start = from_us;
		}
		prev = tx->end_us;
		if (lat && tx->end_us >= from_us && tx->end_us - tx->latency_us <= to_us)
			lat[n++] = tx->latency_us;
	}
	if (prev < to_us && to_us - (prev < 0 ? from_us : prev) > stall) {
		/* no commit after the window's end: the stall runs to its end */
		stall_start = prev < 0 ? from_us : prev;
		stall = to_us - stall_start;
	}
	w->stall_ms = (double)stall / 1e3;
	w->stall_start_ms = (double)(stall_start - from_us) / 1e3;
	if (lat) {
		qsort(lat, n, sizeof(*lat), cmp_ll);
		w->overlapping = n;
		w->p50_ms = quantile_ms(lat, n, 0.50);
		w->p99_ms = quantile_ms(lat, n, 0.99);
		w->max_ms = n ? (double)lat[n - 1] / 1e3 : 0;
	}
	free(lat);
}

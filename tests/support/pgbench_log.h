/*
 * pgbench's per-transaction logs (pgbench -l --log-prefix=PREFIX), read back
 * and summed up over a window of time: how long writes stalled while a
 * migration ran. Shared by the online-load suite and bench-online, so it
 * uses the C library only (no libmig).
 *
 * A log line is "client_id transaction_no latency_us script_no epoch_s us"
 * (pgbench 15 without --aggregate-interval or --rate): the transaction ended
 * at epoch_s.us and took latency_us; a failed one has "failed" instead of a
 * latency, one skipped under --latency-limit "skipped".
 *
 * The figures of a window [from, to] (times in microseconds since the
 * epoch, as pgbench writes them):
 *   commits      transactions that ended inside the window
 *   stall        the longest interval with no commit at all (of any client)
 *                that overlaps the window: between two consecutive commits
 *                of the whole log, the first before the window's end and the
 *                second after its start (so a stall that began before the
 *                window or ended after it counts whole)
 *   p99, max     of the latencies of the transactions whose lifetime
 *                [end - latency, end] overlaps the window
 *
 * Ownership: a struct pgbench_log owns its array; pgbench_log_release()
 * frees it.
 */
#ifndef MIG_PGBENCH_LOG_H
#define MIG_PGBENCH_LOG_H

#include <stddef.h>

struct pgbench_tx {
	long long end_us;     /* when it ended, microseconds since the epoch */
	long long latency_us; /* -1: failed or skipped */
	int client;
};

struct pgbench_log {
	struct pgbench_tx *tx; /* owned: sorted by end_us */
	size_t nr;
	size_t failed; /* lines that say "failed" or "skipped" */
};

struct pgbench_window {
	size_t commits;
	double stall_ms;
	double stall_start_ms; /* where the longest stall began, from the window's start (may be < 0) */
	double p50_ms, p99_ms, max_ms;
	size_t overlapping; /* the transactions p50, p99 and max are taken over */
};

/*
 * Reads every file PREFIX.* (one per pgbench thread) into log, sorted by end
 * time. Returns 0, or -1 with a message in err (a file that cannot be read,
 * a line that is not pgbench's, no file at all).
 */
int pgbench_log_read(struct pgbench_log *log, const char *prefix, char *err, size_t errsize);

void pgbench_log_release(struct pgbench_log *log);

/* The figures of the window [from_us, to_us] (see above). */
void pgbench_log_window(const struct pgbench_log *log, long long from_us, long long to_us,
			struct pgbench_window *w);

#endif

/*
 * runlog: what one mig-apply run did, step by step, gathered from its
 * progress events (apply.h), for its --json report: each migration applied
 * or undone with its time, the result, and the error with its place.
 *
 * Ownership: a struct runlog owns its steps and their strings;
 * runlog_release() frees them. The report goes into the caller's strbuf.
 */
#ifndef MIG_RUNLOG_H
#define MIG_RUNLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "apply.h"

struct diag;
struct strbuf;

struct runlog_step {
	char *revision; /* owned */
	bool up;
	bool done;      /* finished (its ms is known) */
	double ms;
};

struct runlog {
	struct runlog_step *steps; /* owned, in the order they started */
	size_t nr, alloc;
	int waited;                /* --wait seconds, when it had to wait for the server; else 0 */
};

void runlog_init(struct runlog *l);
void runlog_release(struct runlog *l);

/* Records APPLY_STEP_START, APPLY_STEP_DONE and APPLY_CONNECT_WAIT; other events change nothing. */
void runlog_event(struct runlog *l, const struct apply_event *ev);

/*
 * mig-apply --json: one JSON object and a newline, appended to out:
 *   {"database": DISPLAY, "migrations": DIR, "result": "ok"|"failed"|"bad input",
 *    "direction": "up"|"down"|null, "steps": [{"revision", "direction", "ms", "result"}],
 *    "at": "REV[, REV]"|null, "ms": TOTAL, "left": [REV...],
 *    "error": null|{"message", "file", "line", "sqlstate", "detail", "hint"}}
 * A step's result is "ok" or "failed" (ms null when unknown: in a
 * --single-transaction run only the whole run is timed). d is the run's
 * error (read only when st is not APPLY_OK). database is the display form
 * (config.h: no password).
 */
void runlog_json(const struct runlog *l, const char *database, const char *dir, enum apply_status st,
		 const struct apply_report *rep, const struct diag *d, struct strbuf *out);

#endif

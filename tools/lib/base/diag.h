/*
 * diag: the error report that library functions fill in instead of printing
 * or exiting (only tools print and exit).
 *
 * A diag holds one error (the failure: file, line, message, detail, hint)
 * and a list of messages, in the order they were added, each with its
 * severity: what an operation warns about, notes or hints along the way,
 * whether it fails or not (mig-gen's notes, mig-inspect's left-out objects).
 * Tools print both in one place (cli.h: the list first, then the error).
 *
 * Ownership: a struct diag owns every string in it. Setting an error replaces
 * the previous error and keeps the list. diag_release() frees everything and
 * leaves an empty, reusable diag.
 *
 * Convention: a function that can fail takes a struct diag * last, returns 0
 * on success and -1 on failure, with `return diag_error(d, ...)`.
 */
#ifndef MIG_DIAG_H
#define MIG_DIAG_H

#include <stdio.h>

struct strbuf;

/* How a message of the list is shown: "mig-gen: note: ..." (cli.h). */
enum diag_severity {
	DIAG_ERROR,   /* "error: " (a failure that is not the diag's one error) */
	DIAG_WARNING, /* "warning: " */
	DIAG_NOTE,    /* "note: " */
	DIAG_HINT,    /* "hint: " (what to do next) */
	DIAG_INFO,    /* no label: a log line */
};

struct diag_msg {
	enum diag_severity severity;
	char *text;    /* owned; one line, without the line end */
};

struct diag {
	char *file;    /* owned; the input file the error is in, or NULL */
	int line;      /* 1-based line in file, 0 when unknown */
	char *message; /* owned; the primary message, lowercase, no final period */
	char *detail;  /* owned, optional */
	char *hint;    /* owned, optional */
	struct diag_msg *msgs; /* owned: the list, in the order added */
	size_t nr_msgs, alloc_msgs;
};

#define DIAG_INIT { NULL, 0, NULL, NULL, NULL, NULL, 0, 0 }

/* Sets an error without a location. Always returns -1. */
int diag_error(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sets an error at file:line (line 0: the file as a whole). Returns -1. */
int diag_error_at(struct diag *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds a detail or hint line to the current error (replacing any). */
void diag_detail(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_hint(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Nonzero when an error is set. */
int diag_is_set(const struct diag *d);
/* Removes the error (file, line, message, detail, hint); the list stays. */
void diag_clear_error(struct diag *d);
void diag_release(struct diag *d);

/* Adds a message of severity sev to the end of the list. */
void diag_add(struct diag *d, enum diag_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* diag_add() for each line of lines (newline-separated; empty lines skipped). */
void diag_add_lines(struct diag *d, enum diag_severity sev, const char *lines);
/* diag_add(d, DIAG_WARNING, ...) and diag_add(d, DIAG_NOTE, ...). */
void diag_warning(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Formats the error (not the list: cli.h prints both) as "FILE:LINE: message" (or "FILE: message", or
 * "error: message" without a file), then "detail: ..." and "hint: ..."
 * lines, each prefixed by prefix (e.g. "mig-gen: "), into out.
 */
void diag_format(const struct diag *d, const char *prefix, struct strbuf *out);
/* diag_format() onto f. */
void diag_print(const struct diag *d, const char *prefix, FILE *f);

#endif

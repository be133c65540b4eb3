/*
 * diag: the error report that library functions fill in instead of printing
 * or exiting (only tools print and exit).
 *
 * Ownership: a struct diag owns every string in it. Setting an error replaces
 * the previous one. diag_release() frees everything and leaves an empty,
 * reusable diag.
 *
 * Convention: a function that can fail takes a struct diag * last, returns 0
 * on success and -1 on failure, with `return diag_error(d, ...)`.
 */
#ifndef MIG_DIAG_H
#define MIG_DIAG_H

#include <stdio.h>

struct strbuf;

struct diag {
	char *file;    /* owned; the input file the error is in, or NULL */
	int line;      /* 1-based line in file, 0 when unknown */
	char *message; /* owned; the primary message, lowercase, no final period */
	char *detail;  /* owned, optional */
	char *hint;    /* owned, optional */
};

#define DIAG_INIT { NULL, 0, NULL, NULL, NULL }

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
void diag_release(struct diag *d);

/*
 * Formats the error as "FILE:LINE: message" (or "FILE: message", or
 * "error: message" without a file), then "detail: ..." and "hint: ..."
 * lines, each prefixed by prefix (e.g. "mig-gen: "), into out.
 */
void diag_format(const struct diag *d, const char *prefix, struct strbuf *out);
/* diag_format() onto f. */
void diag_print(const struct diag *d, const char *prefix, FILE *f);

#endif

/*
 * migfile: one migration file, DIR/<dialect>/<revision>.sql:
 *
 *   -- mig:revision 0002_20261122120000_add_phone
 *   -- mig:parents 0001_20261122110000_init
 *   -- mig:message add phone
 *   -- mig:transaction on
 *   -- mig:up
 *   ALTER TABLE account ADD COLUMN phone text;
 *   -- mig:down
 *   ALTER TABLE account DROP COLUMN phone;
 *
 * Header lines are `-- mig:KEY VALUE`; unknown keys are kept and ignored,
 * blank lines and other comments are allowed before `-- mig:up`. The up
 * section runs to `-- mig:down` (or the end: then there is no down).
 * A revision is NNNN_YYYYMMDDHHMMSS_slug and sorts by number.
 *
 * Ownership: struct migfile owns every string in it.
 */
#ifndef MIG_MIGFILE_H
#define MIG_MIGFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "model.h"

struct diag;
struct strbuf;

struct migfile {
	char *path;               /* owned; where it was read from, or NULL */
	char *revision;           /* owned */
	struct model_names parents;
	char *message;            /* owned, "" when absent */
	char *app;                /* owned, NULL: the whole model set */
	char *state_sum;          /* owned, optional: h1:<sha256> of the recorded state file */
	bool transaction;         /* `-- mig:transaction on` (the default) */
	char *up;                 /* owned SQL, "" when empty */
	char *down;               /* owned SQL, NULL when the file has no down section */
	int up_line, down_line;   /* 1-based line of the first line of each section */
	int revision_line;        /* line of `-- mig:revision` */
	int parents_line;         /* line of `-- mig:parents`, 0 when absent */
};

void migfile_init(struct migfile *mf);
void migfile_release(struct migfile *mf);
/* dst (uninitialised) becomes a copy of src, owning its own strings. */
void migfile_copy(struct migfile *dst, const struct migfile *src);

/*
 * Parses text (len bytes) of the migration file at path. Errors name the
 * file and line: no or malformed header, SQL before `-- mig:up`, no up
 * section, a revision that does not match the file name. Returns 0 or -1.
 */
int migfile_parse(struct migfile *mf, const char *path, const char *text, size_t len,
		  struct diag *d);
/*
 * migfile_parse() without the sections' text (mf->up is "", and mf->down
 * "" when the file has a down section): the same checks and lines, for
 * a reader of headers alone.
 */
int migfile_parse_header(struct migfile *mf, const char *path, const char *text, size_t len, struct diag *d);
/* Reads and parses path. */
int migfile_read(struct migfile *mf, const char *path, struct diag *d);
/* Reads and parses path's header (migfile_parse_header()). */
int migfile_read_header(struct migfile *mf, const char *path, struct diag *d);

/* Writes mf in the file format (header, up, down). */
void migfile_format(const struct migfile *mf, struct strbuf *out);
/* The same text onto f (the caller checks f for errors). */
void migfile_format_file(const struct migfile *mf, FILE *f);
/* Sets mf's line numbers (up_line, down_line, ...) to where migfile_format() puts them. */
void migfile_number_lines(struct migfile *mf);

/*
 * The slug of a migration name: lowercase ASCII letters and digits, other
 * runs of characters as one '_', at most 48 bytes; "migration" when empty.
 * Safe in a file name and a shell word.
 */
void migfile_slugify(const char *name, struct strbuf *out);

/* A one-line message: control characters become spaces, trimmed. */
void migfile_clean_message(const char *name, struct strbuf *out);

/* The NNNN of a revision, or -1 when it does not start with digits and '_'. */
long migfile_revision_number(const char *revision);

/* Is s a revision (NNNN_YYYYMMDDHHMMSS_slug)? */
bool migfile_is_revision(const char *s);

#endif

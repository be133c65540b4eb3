/*
 * sumfile: mig.sum, the integrity file of a migration folder (as Atlas'
 * atlas.sum). The first line is h1:<base64 SHA-256 of the lines below>;
 * then one line per migration file, in name order: "<file> h1:<base64
 * SHA-256 of its bytes>". An edited, added or removed migration changes
 * the file, and two branches that each add a migration conflict in git on
 * it. SHA-256 comes from libcrypto.
 */
#ifndef MIG_SUMFILE_H
#define MIG_SUMFILE_H

#include <stddef.h>

struct diag;
struct strbuf;
struct migscan;

#define SUMFILE_NAME "mig.sum"

/* The sum file that dir's *.sql files should have, into out. Returns 0 or -1. */
int sumfile_compute(const char *dir, struct strbuf *out, struct diag *d);

/* The sum file of the files a scan found (migscan.h), into out. */
void sumfile_compute_scan(const struct migscan *scan, struct strbuf *out);

/* Writes dir/mig.sum for the files there now. Returns 0 or -1. */
int sumfile_write(const char *dir, struct diag *d);

/*
 * Adds the n new files of dir (names) to its sum file, which must be
 * correct for the files that were there before (sumfile_verify): only the
 * new files are read and hashed. Without a sum file, writes it whole.
 */
int sumfile_add(const char *dir, const char *const *names, size_t n, struct diag *d);

/*
 * Checks dir/mig.sum against the files. A folder with no migrations and no
 * sum file is fine. Returns 0, or -1 with a message naming what changed
 * (an edited, added or removed file, or an edited sum file).
 */
int sumfile_verify(const char *dir, struct diag *d);
/* sumfile_verify() on the files scan found in dir (NULL: scans dir itself). */
int sumfile_verify_scan(const char *dir, const struct migscan *scan, struct diag *d);

/*
 * Every difference between dir/mig.sum and the files, one line each
 * ("DIR/mig.sum: message"), appended to out. Returns how many, or -1 with
 * d set when a file cannot be read.
 */
int sumfile_problems(const char *dir, struct strbuf *out, struct diag *d);

/*
 * Was file name of dir (its bytes: data, len) edited since dir/mig.sum
 * recorded it? 1 when the sum file lists it with another sum; 0 when it
 * lists it with this one, does not list it (a new file), or does not exist.
 */
int sumfile_edited(const char *dir, const char *name, const char *data, size_t len);

/* SHA-256 of data as "h1:<base64>", appended to out. */
void sumfile_hash(const void *data, size_t len, struct strbuf *out);
/* sumfile_hash() of the file at path (the checksum mig_history keeps), in *out (owned); -1 with d set. */
int sumfile_hash_file(const char *path, char **out, struct diag *d);

#endif

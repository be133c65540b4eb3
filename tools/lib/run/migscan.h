/*
 * migscan: the migration files of a folder, each read at most once, and
 * not at all when var/cache remembers it.
 *
 * A status command (mig-heads) needs only each file's header and its
 * SHA-256 (for the sum file), never its SQL. Reading and hashing 1,000
 * files costs more than the database round trip, so what a scan learns of
 * a file is kept in var/cache/<folder>.scan, keyed by what the kernel
 * changes on every write: size, mtime and ctime in nanoseconds, inode and
 * device. ctime cannot be set from user space (utimes sets mtime only), so
 * an edit that keeps the size and restores the mtime still misses the
 * cache. A file whose ctime is within two seconds of the scan is not
 * remembered: a second write within the file system's timestamp tick
 * could otherwise keep the same key (git's "racy clean" rule). The cache
 * also keeps the folder's own key when it names every file of it: while
 * that key holds, the folder is not listed again (an entry added, removed
 * or renamed changes it; git's untracked cache rests on the same rule).
 * The cache is written atomically and only when it changed; one that is
 * missing, stale, of another tool version or unreadable is ignored, and one
 * that cannot be written is not an error. Deleting var/ is always safe.
 *
 * Ownership: struct migscan owns its files and their strings (those of a
 * file the cache remembered are in the scan's copy of the cache).
 */
#ifndef MIG_MIGSCAN_H
#define MIG_MIGSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "migfile.h"

struct migscan_file {
	char *name;          /* the file name in the folder */
	char *sum;           /* "h1:<base64 SHA-256>" of its bytes */
	/*
	 * The header (path, revision, parents, message, app, state_sum,
	 * transaction, the line numbers). up is "" and down is "" or NULL
	 * (no down section): the SQL is not kept.
	 */
	struct migfile head;
	bool parsed;         /* false: head is not valid, error says why */
	struct diag error;   /* owned: migfile_parse()'s error, naming the file and line */
	/*
	 * Where its strings live: in the scan's text (a file the cache
	 * remembered: only head.path and the parents' list are its own), or
	 * each its own (a file read).
	 */
	bool in_text;
};

struct migscan {
	char *dir;                  /* owned: the folder scanned, or NULL before a scan */
	char *text;                 /* owned: the cache's text, which its files' strings point into, or NULL */
	struct migscan_file *files; /* in name order */
	size_t nr, alloc;
	size_t read;                /* how many files were read (not in the cache) */
	bool listed;                /* the folder was listed (false: the cache's names, the folder unchanged since) */
	/*
	 * Optional, set by the caller before migscan_load(): called now and
	 * then while the folder is read, for work that goes on meanwhile
	 * (db_start_poll(): a connection's next step, without waiting).
	 */
	void (*tick)(void *ctx);
	void *tick_ctx;
};

/* Where the scans' caches are kept, relative to the project (the current folder). */
#define MIGSCAN_CACHE_DIR "var/cache"

/*
 * Writes path (in MIGSCAN_CACHE_DIR; var/ made as a scan makes it, ignored
 * by git) atomically; only a cache: a folder that cannot be written is no
 * error. For the scans' caches and other notes kept beside them.
 */
void migscan_cache_put(const char *path, const char *text, size_t len);

void migscan_init(struct migscan *s);
void migscan_release(struct migscan *s);

/* s when it is a scan of folder dir, else NULL (a chain on another dialect's folder). */
const struct migscan *migscan_of(const struct migscan *s, const char *dir);

/*
 * Scans every *.sql file of dir (a missing dir has none). A file that
 * cannot be read fails ("cannot read the file"); one that is not a
 * migration is kept with parsed false and its error (the sum file covers
 * it all the same). Returns 0, or -1 with d set.
 */
int migscan_load(struct migscan *s, const char *dir, struct diag *d);

/* The first file of s that is not a migration: its error copied into d and -1; else 0. */
int migscan_check(const struct migscan *s, struct diag *d);

#endif

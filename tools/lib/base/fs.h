/*
 * fsutil: writing files so that a crash or a clash never leaves a half
 * file or overwrites one.
 */
#ifndef MIG_FSUTIL_H
#define MIG_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag;

/* mkdir -p. Returns 0 or -1 with d set. */
int fs_mkdirs(const char *path, struct diag *d);

/*
 * mkdir -p for a folder of files that do not belong in version control
 * (backups, a development database): when it creates the folder itself, it
 * also writes a .gitignore there that ignores everything in it. An
 * existing folder is left as it is, so a .gitignore the user removed stays
 * removed. Returns 0 or -1 with d set.
 */
int fs_mkdirs_ignored(const char *path, struct diag *d);

/*
 * Creates n new files at once: each is written to a temporary file beside
 * it and then linked into place, which fails if the name exists. Either all
 * files appear with their full contents, or none does (and no existing file
 * is touched). Parent directories are created. Returns 0 or -1 with d set.
 */
int fs_create_files(const char *const *paths, const char *const *contents, const size_t *lengths,
		    size_t n, struct diag *d);

/*
 * fs_create_files() one file at a time, for a writer that should not hold
 * every text until the last is ready: each fs_batch_add*() writes its
 * temporary file at once (the caller may free its text), fs_batch_commit()
 * links them all into place or none, fs_batch_release() removes what was
 * not linked (and the folders it made, when nothing was linked). The
 * temporary names end in .tmp-XXXXXX, which no folder scan
 * reads as a migration or a state; a run killed before its commit leaves
 * them behind (never a half file under a real name).
 */
struct fs_dirs {
	char **items; /* owned */
	size_t nr;
};

struct fs_batch {
	char **paths, **tmps; /* owned */
	size_t nr, alloc;
	struct fs_dirs made;  /* the folders the batch created, removed again when it is not committed */
	bool committed;
};
#define FS_BATCH_INIT { NULL, NULL, 0, 0, { NULL, 0 }, false }

int fs_batch_add(struct fs_batch *b, const char *path, const char *contents, size_t len, struct diag *d);
/* The file's contents from fill(f, ctx), which writes them to f. */
int fs_batch_add_stream(struct fs_batch *b, const char *path, void (*fill)(FILE *f, void *ctx), void *ctx,
			struct diag *d);
int fs_batch_commit(struct fs_batch *b, struct diag *d);
void fs_batch_release(struct fs_batch *b);

/* Replaces path with contents atomically (temporary file, then rename). */
int fs_replace_file(const char *path, const char *contents, size_t len, struct diag *d);

/* Sorted names in dir ending in suffix (owned array of owned strings); 0 when dir is missing. */
size_t fs_list_dir(const char *dir, const char *suffix, char ***names);
/* Sorted names of dir's subdirectories (hidden ones left out), as fs_list_dir. */
size_t fs_list_subdirs(const char *dir, char ***names);
void fs_free_list(char **names, size_t nr);

#endif

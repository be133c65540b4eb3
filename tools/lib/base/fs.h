/*
 * fsutil: writing files so that a crash or a clash never leaves a half
 * file or overwrites one.
 */
#ifndef MIG_FSUTIL_H
#define MIG_FSUTIL_H

#include <stddef.h>

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

/* Replaces path with contents atomically (temporary file, then rename). */
int fs_replace_file(const char *path, const char *contents, size_t len, struct diag *d);

/* Sorted names in dir ending in suffix (owned array of owned strings); 0 when dir is missing. */
size_t fs_list_dir(const char *dir, const char *suffix, char ***names);
/* Sorted names of dir's subdirectories (hidden ones left out), as fs_list_dir. */
size_t fs_list_subdirs(const char *dir, char ***names);
void fs_free_list(char **names, size_t nr);

#endif

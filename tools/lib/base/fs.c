#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

/* mkdir -p; each directory it creates is added to made (when not NULL). */
static int mkdirs_noting(const char *path, struct fs_dirs *made, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, path);
	for (size_t i = 1; i <= sb.len; i++) {
		if (sb.buf[i] != '/' && sb.buf[i] != '\0')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777) == 0) {
			if (made) {
				made->items = xrealloc(made->items, (made->nr + 1) * sizeof(*made->items));
				made->items[made->nr++] = xstrdup(sb.buf);
			}
		} else if (errno != EEXIST) {
			diag_error_at(d, sb.buf, 0, "cannot create the directory: %s", strerror(errno));
			strbuf_release(&sb);
			return -1;
		}
		if (i < sb.len)
			sb.buf[i] = '/';
	}
	strbuf_release(&sb);
	return 0;
}

int fs_mkdirs(const char *path, struct diag *d)
{
	return mkdirs_noting(path, NULL, d);
}

int fs_mkdirs_ignored(const char *path, struct diag *d)
{
	static const char ignore_all[] =
		"# written by mig: what mig writes here stays out of git (delete this file to keep it)\n*\n";
	const char *const contents[] = { ignore_all };
	const size_t lengths[] = { sizeof(ignore_all) - 1 };
	struct strbuf file = STRBUF_INIT;
	int ret = 0;

	strbuf_addstr(&file, path);
	while (file.len > 1 && file.buf[file.len - 1] == '/')
		strbuf_setlen(&file, file.len - 1);
	if (strrchr(file.buf, '/') && strrchr(file.buf, '/') != file.buf) {
		struct strbuf parent = STRBUF_INIT;
		strbuf_add(&parent, file.buf, (size_t)(strrchr(file.buf, '/') - file.buf));
		ret = fs_mkdirs(parent.buf, d);
		strbuf_release(&parent);
	}
	/*
	 * Only the run whose mkdir() made the folder writes its .gitignore: two
	 * runs starting at once (concurrent mig-apply) both find it missing.
	 */
	if (ret == 0 && mkdir(file.buf, 0777) == 0) {
		strbuf_addstr(&file, "/.gitignore");
		ret = fs_create_files((const char *const[]){ file.buf }, contents, lengths, 1, d);
	} else if (ret == 0 && errno != EEXIST) {
		ret = diag_error_at(d, file.buf, 0, "cannot create the directory: %s", strerror(errno));
	}
	strbuf_release(&file);
	return ret;
}

static int parent_dir(const char *path, struct fs_dirs *made, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ret;

	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	ret = mkdirs_noting(dir, made, d);
	free(dir);
	return ret;
}

/*
 * A new temporary file beside path, filled by fill(f, ctx) (NULL: with
 * len bytes of contents); returns its name (owned) or NULL.
 */
static char *write_temp_with(const char *path, const char *contents, size_t len, void (*fill)(FILE *f, void *ctx),
			     void *ctx, struct diag *d)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f = NULL;
	int fd, err = 0;

	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		diag_error_at(d, path, 0, "cannot create a temporary file: %s", strerror(errno));
		strbuf_release(&tmp);
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f)
		goto fail;
	if (fill)
		fill(f, ctx);
	else if (len && fwrite(contents, 1, len, f) != len)
		goto fail;
	if (fflush(f) != 0)
		goto fail;
	if (ferror(f)) {
		errno = EIO; /* a write of fill()'s failed earlier: its errno is gone */
		goto fail;
	}
	if (fsync(fd) < 0 || fchmod(fd, 0644) < 0)
		goto fail;
	fd = -1;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	return strbuf_detach(&tmp, NULL);
fail:
	err = errno;
	diag_error_at(d, path, 0, "cannot write the file: %s", strerror(err ? err : EIO));
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
	strbuf_release(&tmp);
	return NULL;
}

static int batch_add(struct fs_batch *b, const char *path, const char *contents, size_t len,
		     void (*fill)(FILE *f, void *ctx), void *ctx, struct diag *d)
{
	char *tmp;

	if (parent_dir(path, &b->made, d) < 0)
		return -1;
	tmp = write_temp_with(path, contents, len, fill, ctx, d);
	if (!tmp)
		return -1;
	if (b->nr == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 4;
		b->paths = xrealloc(b->paths, b->alloc * sizeof(*b->paths));
		b->tmps = xrealloc(b->tmps, b->alloc * sizeof(*b->tmps));
	}
	b->paths[b->nr] = xstrdup(path);
	b->tmps[b->nr++] = tmp;
	return 0;
}

int fs_batch_add(struct fs_batch *b, const char *path, const char *contents, size_t len, struct diag *d)
{
	return batch_add(b, path, contents, len, NULL, NULL, d);
}

int fs_batch_add_stream(struct fs_batch *b, const char *path, void (*fill)(FILE *f, void *ctx), void *ctx,
			struct diag *d)
{
	return batch_add(b, path, NULL, 0, fill, ctx, d);
}

int fs_batch_commit(struct fs_batch *b, struct diag *d)
{
	size_t linked;

	for (linked = 0; linked < b->nr; linked++) {
		if (link(b->tmps[linked], b->paths[linked]) < 0) {
			if (errno == EEXIST)
				diag_error_at(d, b->paths[linked], 0, "the file exists already; nothing was written");
			else
				diag_error_at(d, b->paths[linked], 0, "cannot create the file: %s", strerror(errno));
			for (size_t i = 0; i < linked; i++)
				unlink(b->paths[i]);
			return -1;
		}
	}
	b->committed = true;
	return 0;
}

void fs_batch_release(struct fs_batch *b)
{
	for (size_t i = 0; i < b->nr; i++) {
		unlink(b->tmps[i]);
		free(b->tmps[i]);
		free(b->paths[i]);
	}
	/* nothing written: the folders it made go too (innermost first; rmdir leaves one that is not empty) */
	for (size_t i = b->made.nr; i-- > 0;) {
		if (!b->committed)
			rmdir(b->made.items[i]);
		free(b->made.items[i]);
	}
	free(b->made.items);
	free(b->tmps);
	free(b->paths);
	*b = (struct fs_batch)FS_BATCH_INIT;
}

int fs_create_files(const char *const *paths, const char *const *contents, const size_t *lengths,
		    size_t n, struct diag *d)
{
	struct fs_batch b = FS_BATCH_INIT;
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = fs_batch_add(&b, paths[i], contents[i], lengths[i], d);
	if (ret == 0)
		ret = fs_batch_commit(&b, d);
	fs_batch_release(&b);
	return ret;
}

int fs_replace_file(const char *path, const char *contents, size_t len, struct diag *d)
{
	char *tmp;

	if (parent_dir(path, NULL, d) < 0)
		return -1;
	tmp = write_temp_with(path, contents, len, NULL, NULL, d);
	if (!tmp)
		return -1;
	if (rename(tmp, path) < 0) {
		diag_error_at(d, path, 0, "cannot replace the file: %s", strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entries of dir: names ending in suffix, or (suffix NULL) subdirectories. */
static size_t list_entries(const char *dir, const char *suffix, char ***out)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0, slen = suffix ? strlen(suffix) : 0;
	struct strbuf path = STRBUF_INIT;

	*out = NULL;
	if (!dh)
		return 0;
	while ((de = readdir(dh)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		if (suffix && (len <= slen || strcmp(de->d_name + len - slen, suffix) != 0))
			continue;
		if (!suffix) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", dir, de->d_name);
			if (stat(path.buf, &st) != 0 || !S_ISDIR(st.st_mode))
				continue;
		}
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = xstrdup(de->d_name);
	}
	closedir(dh);
	strbuf_release(&path);
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);
	*out = names;
	return nr;
}

size_t fs_list_dir(const char *dir, const char *suffix, char ***out)
{
	return list_entries(dir, suffix, out);
}

size_t fs_list_subdirs(const char *dir, char ***out)
{
	return list_entries(dir, NULL, out);
}

void fs_free_list(char **names, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

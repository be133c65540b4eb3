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

int fs_mkdirs(const char *path, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, path);
	for (size_t i = 1; i <= sb.len; i++) {
		if (sb.buf[i] != '/' && sb.buf[i] != '\0')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, 0777) < 0 && errno != EEXIST) {
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

static int parent_dir(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ret;

	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	ret = fs_mkdirs(dir, d);
	free(dir);
	return ret;
}

/* Writes contents to a new temporary file beside path; returns its name (owned) or NULL. */
static char *write_temp(const char *path, const char *contents, size_t len, struct diag *d)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd;
	size_t off = 0;

	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		diag_error_at(d, path, 0, "cannot create a temporary file: %s", strerror(errno));
		strbuf_release(&tmp);
		return NULL;
	}
	while (off < len) {
		ssize_t n = write(fd, contents + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || fchmod(fd, 0644) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return strbuf_detach(&tmp, NULL);
fail:
	diag_error_at(d, path, 0, "cannot write the file: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
	strbuf_release(&tmp);
	return NULL;
}

int fs_create_files(const char *const *paths, const char *const *contents, const size_t *lengths,
		    size_t n, struct diag *d)
{
	char **tmps = xcalloc(n + 1, sizeof(char *));
	size_t linked = 0;
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		if (parent_dir(paths[i], d) < 0)
			goto out;
		tmps[i] = write_temp(paths[i], contents[i], lengths[i], d);
		if (!tmps[i])
			goto out;
	}
	for (; linked < n; linked++) {
		if (link(tmps[linked], paths[linked]) < 0) {
			if (errno == EEXIST)
				diag_error_at(d, paths[linked], 0, "the file exists already; nothing was written");
			else
				diag_error_at(d, paths[linked], 0, "cannot create the file: %s", strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	if (ret < 0) {
		for (size_t i = 0; i < linked; i++)
			unlink(paths[i]);
	}
	for (size_t i = 0; i < n; i++) {
		if (tmps[i])
			unlink(tmps[i]);
		free(tmps[i]);
	}
	free(tmps);
	return ret;
}

int fs_replace_file(const char *path, const char *contents, size_t len, struct diag *d)
{
	char *tmp;

	if (parent_dir(path, d) < 0)
		return -1;
	tmp = write_temp(path, contents, len, d);
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

#include "sumfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "h1.h"
#include "migscan.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void sumfile_hash(const void *data, size_t len, struct strbuf *out)
{
	h1_hash(data, len, out);
}

void sumfile_compute_scan(const struct migscan *scan, struct strbuf *out)
{
	struct strbuf lines = STRBUF_INIT;

	/* not strbuf_addf(): a status command writes 1,000 of them */
	for (size_t i = 0; i < scan->nr; i++) {
		strbuf_addstr(&lines, scan->files[i].name);
		strbuf_addch(&lines, ' ');
		strbuf_addstr(&lines, scan->files[i].sum);
		strbuf_addch(&lines, '\n');
	}
	sumfile_hash(lines.buf, lines.len, out);
	strbuf_addch(out, '\n');
	strbuf_addstr(out, lines.buf);
	strbuf_release(&lines);
}

int sumfile_compute(const char *dir, struct strbuf *out, struct diag *d)
{
	struct migscan scan;
	int ret;

	migscan_init(&scan);
	ret = migscan_load(&scan, dir, d);
	if (ret == 0)
		sumfile_compute_scan(&scan, out);
	migscan_release(&scan);
	return ret;
}

int sumfile_write(const char *dir, struct diag *d)
{
	struct strbuf sum = STRBUF_INIT, path = STRBUF_INIT;
	int ret = -1;

	if (sumfile_compute(dir, &sum, d) == 0) {
		strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
		ret = fs_replace_file(path.buf, sum.buf, sum.len, d);
	}
	strbuf_release(&sum);
	strbuf_release(&path);
	return ret;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sumfile_add(const char *dir, const char *const *names, size_t n, struct diag *d)
{
	struct strbuf path = STRBUF_INIT, old = STRBUF_INIT, lines = STRBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	char **entries = NULL;
	size_t nr = 0, alloc = 0;
	const char *nl;
	int ret = -1;

	strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
	if (strbuf_read_file(&old, path.buf) < 0) {
		strbuf_release(&path);
		return sumfile_write(dir, d);
	}
	/* the file lines after the total; the new files' lines join them */
	for (const char *p = (nl = strchr(old.buf, '\n')) ? nl + 1 : ""; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		ALLOC_GROW(entries, nr + 1, alloc);
		entries[nr++] = xstrndup(p, len);
		p += len + (end ? 1 : 0);
	}
	for (size_t i = 0; i < n; i++) {
		struct strbuf line = STRBUF_INIT;
		char *sum;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (sumfile_hash_file(path.buf, &sum, d) < 0)
			goto out;
		strbuf_addf(&line, "%s %s", names[i], sum);
		free(sum);
		ALLOC_GROW(entries, nr + 1, alloc);
		entries[nr++] = strbuf_detach(&line, NULL);
	}
	if (nr)
		qsort(entries, nr, sizeof(*entries), cmp_line);
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(&lines, "%s\n", entries[i]);
	sumfile_hash(lines.buf, lines.len, &out);
	strbuf_addch(&out, '\n');
	strbuf_addstr(&out, lines.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
	ret = fs_replace_file(path.buf, out.buf, out.len, d);
out:
	for (size_t i = 0; i < nr; i++)
		free(entries[i]);
	free(entries);
	strbuf_release(&path);
	strbuf_release(&old);
	strbuf_release(&lines);
	strbuf_release(&out);
	return ret;
}

/* The line of `name` in a sum file's text, or NULL. */
static const char *find_line(const char *text, const char *name, size_t *len)
{
	size_t nlen = strlen(name);

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == ' ') {
			*len = l;
			return p;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

int sumfile_edited(const char *dir, const char *name, const char *data, size_t len)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, hash = STRBUF_INIT;
	const char *line;
	size_t llen = 0;
	int ret = 0;

	strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
	if (strbuf_read_file(&text, path.buf) == 0 && (line = find_line(text.buf, name, &llen))) {
		size_t nlen = strlen(name) + 1;
		sumfile_hash(data, len, &hash);
		ret = llen - nlen != hash.len || strncmp(line + nlen, hash.buf, hash.len) != 0;
	}
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&hash);
	return ret;
}

/*
 * The names of dir's *.sql files: the scan's, when there is one (names[i]
 * borrowed: only the array is the caller's to free), else listed (owned).
 */
static size_t sql_names(const char *dir, const struct migscan *scan, char ***names)
{
	if (!scan)
		return fs_list_dir(dir, ".sql", names);
	*names = xcalloc(scan->nr + 1, sizeof(char *));
	for (size_t i = 0; i < scan->nr; i++)
		(*names)[i] = scan->files[i].name;
	return scan->nr;
}

/*
 * Every difference between dir's sum file and its files, one message per
 * line into problems (the first one's line in the sum file in *first_line).
 * Returns how many, or -1 with d set when a file cannot be read.
 */
static int find_problems(const char *dir, const struct migscan *scan, struct strbuf *problems, int *first_line,
			 struct diag *d)
{
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT, path = STRBUF_INIT;
	char **names = NULL;
	size_t nr = 0;
	int count = -1;

	*first_line = 0;
	strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
	if (strbuf_read_file(&have, path.buf) < 0) {
		int err = errno;
		/* the folder is listed only when it is needed: the sum file is usually there and right */
		nr = sql_names(dir, scan, &names);
		count = err == ENOENT && nr == 0 ? 0 : 1;
		if (count)
			strbuf_addstr(problems, "the sum file is missing\n");
		goto out;
	}
	/* a git merge of two branches that each added migrations */
	for (const char *line = have.buf, *nl; *line; line = nl ? nl + 1 : "") {
		nl = strchr(line, '\n');
		(*first_line)++;
		if (strncmp(line, "<<<<<<<", 7) == 0 || strncmp(line, "=======", 7) == 0 ||
		    strncmp(line, ">>>>>>>", 7) == 0) {
			strbuf_addstr(problems, "holds git conflict markers: two branches added migrations\n");
			count = 1;
			goto out;
		}
	}
	*first_line = 0;
	if (scan)
		sumfile_compute_scan(scan, &want);
	else if (sumfile_compute(dir, &want, d) < 0)
		goto out;
	count = 0;
	if (strcmp(want.buf, have.buf) == 0)
		goto out;
	/* Say which files differ. */
	nr = sql_names(dir, scan, &names);
	for (size_t i = 0; i < nr; i++) {
		size_t lw, lh;
		const char *w = find_line(want.buf, names[i], &lw);
		const char *h = find_line(have.buf, names[i], &lh);
		if (!h) {
			strbuf_addf(problems, "%s is not in the sum file (added without mig-gen?)\n", names[i]);
			count++;
		} else if (lw != lh || strncmp(w, h, lw) != 0) {
			strbuf_addf(problems, "%s was edited after the sum file was written\n", names[i]);
			count++;
		}
	}
	for (const char *p = strchr(have.buf, '\n'); p && p[1];) {
		const char *q = p + 1, *sp = strchr(q, ' ');
		const char *nl = strchr(q, '\n');
		if (sp && (!nl || sp < nl)) {
			char *name = xstrndup(q, (size_t)(sp - q));
			size_t l;
			if (!find_line(want.buf, name, &l)) {
				strbuf_addf(problems, "%s is in the sum file but missing from the folder\n", name);
				count++;
			}
			free(name);
		}
		p = nl;
	}
	if (count == 0) {
		strbuf_addstr(problems, "the sum file was edited by hand\n");
		*first_line = 1;
		count = 1;
	}
out:
	if (scan)
		free(names);
	else if (names)
		fs_free_list(names, nr);
	strbuf_release(&want);
	strbuf_release(&have);
	strbuf_release(&path);
	return count;
}

int sumfile_verify(const char *dir, struct diag *d)
{
	return sumfile_verify_scan(dir, NULL, d);
}

int sumfile_verify_scan(const char *dir, const struct migscan *scan, struct diag *d)
{
	struct strbuf problems = STRBUF_INIT, path = STRBUF_INIT;
	int line, count = find_problems(dir, scan, &problems, &line, d);

	if (count > 0) {
		strbuf_addf(&path, "%s/%s", dir, SUMFILE_NAME);
		diag_error_at(d, path.buf, line, "%.*s", (int)strcspn(problems.buf, "\n"), problems.buf);
		if (strncmp(problems.buf, "the sum file is missing", 23) == 0)
			diag_hint(d, "run mig-gen --rehash once the migrations are as they should be");
		else if (strncmp(problems.buf, "holds git conflict markers", 26) == 0)
			diag_hint(d, "finish the merge in git keeping every migration of both branches, then run "
				  "mig-gen --rehash (and mig-gen --merge when there are two heads)");
		else
			diag_hint(d, "if the change is deliberate, run mig-gen --rehash; otherwise restore the "
				  "migration from version control");
	}
	strbuf_release(&problems);
	strbuf_release(&path);
	return count == 0 ? 0 : -1;
}

int sumfile_problems(const char *dir, struct strbuf *out, struct diag *d)
{
	struct strbuf problems = STRBUF_INIT;
	int line, count = find_problems(dir, NULL, &problems, &line, d);

	for (const char *p = problems.buf; *p;) {
		size_t n = strcspn(p, "\n");
		strbuf_addf(out, "%s/%s: %.*s\n", dir, SUMFILE_NAME, (int)n, p);
		p += n + (p[n] == '\n');
	}
	strbuf_release(&problems);
	return count;
}

int sumfile_hash_file(const char *path, char **out, struct diag *d)
{
	struct strbuf sum = STRBUF_INIT;
	struct h1_stream *h;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	/* a chunk at a time: a large migration is not held to be hashed */
	h = h1_begin();
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			h1_end(h, &sum);
			strbuf_release(&sum);
			close(fd);
			return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(err));
		}
		h1_add(h, buf, (size_t)n);
	}
	close(fd);
	h1_end(h, &sum);
	*out = strbuf_detach(&sum, NULL);
	return 0;
}

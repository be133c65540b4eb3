#include "migfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

void migfile_init(struct migfile *mf)
{
	memset(mf, 0, sizeof(*mf));
	mf->transaction = true;
}

void migfile_release(struct migfile *mf)
{
	free(mf->path);
	free(mf->revision);
	model_names_release(&mf->parents);
	free(mf->message);
	free(mf->app);
	free(mf->state_sum);
	free(mf->up);
	free(mf->down);
	migfile_init(mf);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void migfile_copy(struct migfile *dst, const struct migfile *src)
{
	*dst = *src;
	dst->path = dup_or_null(src->path);
	dst->revision = dup_or_null(src->revision);
	memset(&dst->parents, 0, sizeof(dst->parents));
	for (size_t i = 0; i < src->parents.nr; i++)
		model_names_add(&dst->parents, src->parents.items[i]);
	dst->message = dup_or_null(src->message);
	dst->app = dup_or_null(src->app);
	dst->state_sum = dup_or_null(src->state_sum);
	dst->up = dup_or_null(src->up);
	dst->down = dup_or_null(src->down);
}

/* A line equal to marker, give or take trailing whitespace (and a CR). */
static bool is_marker(const char *line, size_t len, const char *marker)
{
	size_t n = strlen(marker);

	if (len < n || strncmp(line, marker, n) != 0)
		return false;
	for (size_t i = n; i < len; i++) {
		if (!isspace((unsigned char)line[i]))
			return false;
	}
	return true;
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int header_line(struct migfile *mf, const char *path, int lineno, const char *line,
		       size_t len, struct diag *d)
{
	const char *key = line + strlen("-- mig:");
	const char *end = line + len;
	const char *sp = key, *val;
	struct strbuf value = STRBUF_INIT;

	while (sp < end && !isspace((unsigned char)*sp))
		sp++;
	val = sp;
	while (val < end && isspace((unsigned char)*val))
		val++;
	strbuf_add(&value, val, (size_t)(end - val));
	strbuf_rtrim(&value);
#define KEY(k) ((size_t)(sp - key) == strlen(k) && strncmp(key, k, strlen(k)) == 0)
	if (KEY("revision")) {
		if (mf->revision) {
			strbuf_release(&value);
			return diag_error_at(d, path, lineno, "the header has two revision lines");
		}
		if (!value.len) {
			strbuf_release(&value);
			return diag_error_at(d, path, lineno, "the revision is empty");
		}
		mf->revision = strbuf_detach(&value, NULL);
		mf->revision_line = lineno;
	} else if (KEY("parents")) {
		const char *p = value.buf;
		mf->parents_line = lineno;
		while (*p) {
			const char *q = p;
			char *rev;
			while (*q && !isspace((unsigned char)*q))
				q++;
			rev = xstrndup(p, (size_t)(q - p));
			model_names_add(&mf->parents, rev);
			free(rev);
			while (isspace((unsigned char)*q))
				q++;
			p = q;
		}
	} else if (KEY("message")) {
		free(mf->message);
		mf->message = strbuf_detach(&value, NULL);
	} else if (KEY("transaction")) {
		if (strcmp(value.buf, "on") == 0) {
			mf->transaction = true;
		} else if (strcmp(value.buf, "off") == 0) {
			mf->transaction = false;
		} else {
			diag_error_at(d, path, lineno, "transaction must be on or off, not \"%s\"", value.buf);
			strbuf_release(&value);
			return -1;
		}
	} else if (KEY("state")) {
		free(mf->state_sum);
		mf->state_sum = value.len ? strbuf_detach(&value, NULL) : NULL;
	} else if (KEY("app")) {
		free(mf->app);
		mf->app = value.len ? strbuf_detach(&value, NULL) : NULL;
	}
#undef KEY
	strbuf_release(&value);
	return 0;
}

/* migfile_parse(); without sections, the sections are left empty (as mf->up = "" and, when there is one, mf->down = ""). */
static int parse(struct migfile *mf, const char *path, const char *text, size_t len, bool sections, struct diag *d)
{
	enum { HEADER, UP, DOWN } where = HEADER;
	struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
	const char *p = text, *end = text + len;
	int lineno = 0;
	int ret = -1;

	migfile_init(mf);
	mf->path = xstrdup(path);
	if (memchr(text, '\0', len))
		return diag_error_at(d, path, 0, "the file contains a NUL byte");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t llen = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *next = nl ? nl + 1 : end;

		lineno++;
		if (where == HEADER) {
			if (is_marker(p, llen, "-- mig:up")) {
				where = UP;
				mf->up_line = lineno + 1;
				/* the rest of the file bounds the section: no room to spare from doubling */
				if (sections)
					strbuf_grow(&up, (size_t)(end - next));
			} else if (is_marker(p, llen, "-- mig:down")) {
				diag_error_at(d, path, lineno, "-- mig:down comes before -- mig:up");
				goto out;
			} else if (llen >= 7 && strncmp(p, "-- mig:", 7) == 0) {
				if (header_line(mf, path, lineno, p, llen, d) < 0)
					goto out;
			} else {
				const char *q = p;
				while (q < p + llen && isspace((unsigned char)*q))
					q++;
				if (q < p + llen && !(p + llen - q >= 2 && q[0] == '-' && q[1] == '-')) {
					diag_error_at(d, path, lineno, "SQL before the -- mig:up line");
					diag_hint(d, "a migration file is a header of -- mig: lines, then -- mig:up and the up SQL, then -- mig:down and the down SQL");
					goto out;
				}
			}
		} else if (where == UP && is_marker(p, llen, "-- mig:down")) {
			where = DOWN;
			mf->down_line = lineno + 1;
			if (sections)
				strbuf_grow(&down, (size_t)(end - next));
		} else if (where == UP && is_marker(p, llen, "-- mig:up")) {
			diag_error_at(d, path, lineno, "a second -- mig:up line");
			goto out;
		} else if (sections) {
			strbuf_add(where == UP ? &up : &down, p, (size_t)(next - p));
		}
		p = next;
	}
	if (!mf->revision) {
		diag_error_at(d, path, 1, "no -- mig:revision line in the header");
		goto out;
	}
	if (where == HEADER) {
		diag_error_at(d, path, lineno ? lineno : 1, "no -- mig:up section");
		goto out;
	}
	{
		const char *base = basename_of(path);
		size_t rl = strlen(mf->revision);
		if (strncmp(base, mf->revision, rl) != 0 || strcmp(base + rl, ".sql") != 0) {
			diag_error_at(d, path, mf->revision_line,
				      "the revision \"%s\" does not match the file name", mf->revision);
			goto out;
		}
	}
	if (!mf->message)
		mf->message = xstrdup("");
	mf->up = strbuf_detach(&up, NULL);
	if (where == DOWN)
		mf->down = strbuf_detach(&down, NULL);
	ret = 0;
out:
	strbuf_release(&up);
	strbuf_release(&down);
	return ret;
}

int migfile_parse(struct migfile *mf, const char *path, const char *text, size_t len, struct diag *d)
{
	return parse(mf, path, text, len, true, d);
}

int migfile_parse_header(struct migfile *mf, const char *path, const char *text, size_t len, struct diag *d)
{
	return parse(mf, path, text, len, false, d);
}

static int read_file(struct migfile *mf, const char *path, bool sections, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_file(&sb, path) < 0) {
		migfile_init(mf);
		return diag_error_at(d, path, 0, "cannot read the file: %s", strerror(errno));
	}
	ret = parse(mf, path, sb.buf, sb.len, sections, d);
	strbuf_release(&sb);
	return ret;
}

int migfile_read(struct migfile *mf, const char *path, struct diag *d)
{
	return read_file(mf, path, true, d);
}

int migfile_read_header(struct migfile *mf, const char *path, struct diag *d)
{
	return read_file(mf, path, false, d);
}

static void add_section(struct strbuf *out, const char *sql)
{
	strbuf_addstr(out, sql);
	if (sql[0] && sql[strlen(sql) - 1] != '\n')
		strbuf_addch(out, '\n');
}

/* migfile_format()'s header, up to and with `-- mig:up`. */
static void format_header(const struct migfile *mf, struct strbuf *out)
{
	strbuf_addf(out, "-- mig:revision %s\n", mf->revision);
	strbuf_addstr(out, "-- mig:parents");
	for (size_t i = 0; i < mf->parents.nr; i++)
		strbuf_addf(out, " %s", mf->parents.items[i]);
	strbuf_addch(out, '\n');
	strbuf_addf(out, "-- mig:message %s\n", mf->message ? mf->message : "");
	strbuf_addf(out, "-- mig:transaction %s\n", mf->transaction ? "on" : "off");
	if (mf->app)
		strbuf_addf(out, "-- mig:app %s\n", mf->app);
	if (mf->state_sum)
		strbuf_addf(out, "-- mig:state %s\n", mf->state_sum);
	strbuf_addstr(out, "-- mig:up\n");
}

void migfile_format(const struct migfile *mf, struct strbuf *out)
{
	format_header(mf, out);
	add_section(out, mf->up ? mf->up : "");
	if (mf->down) {
		strbuf_addstr(out, "-- mig:down\n");
		add_section(out, mf->down);
	}
}

static void put_section(FILE *f, const char *sql)
{
	size_t len = strlen(sql);

	fwrite(sql, 1, len, f);
	if (len && sql[len - 1] != '\n')
		fputc('\n', f);
}

void migfile_format_file(const struct migfile *mf, FILE *f)
{
	struct strbuf header = STRBUF_INIT;

	format_header(mf, &header);
	fwrite(header.buf, 1, header.len, f);
	strbuf_release(&header);
	put_section(f, mf->up ? mf->up : "");
	if (mf->down) {
		fputs("-- mig:down\n", f);
		put_section(f, mf->down);
	}
}

static int count_lines(const char *sql)
{
	int n = 0;
	size_t len = strlen(sql);

	for (const char *p = sql; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n + (len && sql[len - 1] != '\n'); /* add_section() ends the last line */
}

void migfile_number_lines(struct migfile *mf)
{
	struct strbuf header = STRBUF_INIT;
	int header_lines;

	format_header(mf, &header);
	header_lines = count_lines(header.buf);
	strbuf_release(&header);
	mf->revision_line = 1;
	mf->parents_line = 2;
	mf->up_line = header_lines + 1;
	mf->down_line = mf->down ? mf->up_line + count_lines(mf->up ? mf->up : "") + 1 : 0;
}

void migfile_slugify(const char *name, struct strbuf *out)
{
	size_t start = out->len;
	bool gap = false;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (isascii(*p) && isalnum(*p)) {
			if (gap && out->len > start)
				strbuf_addch(out, '_');
			gap = false;
			if (out->len - start < 48)
				strbuf_addch(out, tolower(*p));
		} else {
			gap = true;
		}
	}
	while (out->len > start && out->buf[out->len - 1] == '_')
		strbuf_setlen(out, out->len - 1);
	if (out->len == start)
		strbuf_addstr(out, "migration");
}

void migfile_clean_message(const char *name, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = name;

	while (isspace((unsigned char)*p))
		p++;
	for (; *p; p++)
		strbuf_addch(&sb, iscntrl((unsigned char)*p) ? ' ' : *p);
	strbuf_rtrim(&sb);
	strbuf_addstr(out, sb.buf);
	strbuf_release(&sb);
}

long migfile_revision_number(const char *revision)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)revision[0]))
		return -1;
	n = strtol(revision, &end, 10);
	return *end == '_' ? n : -1;
}

bool migfile_is_revision(const char *s)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s || *p != '_')
		return false;
	return p[1] != '\0';
}

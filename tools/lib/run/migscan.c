#include "migscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "h1.h"
#include "strbuf.h"
#include "version.h"
#include "xalloc.h"
#include "banned.h"

/* Bump when what a scan keeps, or how migfile_parse() reads a header, changes. */
#define MIGSCAN_FORMAT "mig-scan 3 " MIG_VERSION
/* a file changed this recently may change again within the same timestamp tick */
#define RACY_NS (2LL * 1000000000LL)

void migscan_init(struct migscan *s)
{
	memset(s, 0, sizeof(*s));
}

/* Between files, every TICK_EVERY of them: the caller's work that goes on meanwhile. */
#define TICK_EVERY 64

static void tick(const struct migscan *s)
{
	if (s->tick)
		s->tick(s->tick_ctx);
}

void migscan_release(struct migscan *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		struct migscan_file *file = &s->files[i];
		if (file->in_text) {
			free(file->head.path);
			free(file->head.parents.items);
		} else {
			free(file->name);
			free(file->sum);
			migfile_release(&file->head);
		}
		diag_release(&file->error);
	}
	free(s->files);
	free(s->dir);
	free(s->text);
	migscan_init(s);
}

/* var/cache/<dir with every byte but letters, digits, '-' and '.' as '_'>.scan */
static void cache_path(const char *dir, struct strbuf *out)
{
	strbuf_addstr(out, MIGSCAN_CACHE_DIR "/");
	for (const char *p = dir; *p; p++) {
		char c = *p;
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			    c == '.';
		strbuf_addch(out, keep ? c : '_');
	}
	strbuf_addstr(out, ".scan");
}

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* u in hexadecimal at p, without leading zeros; past its last digit. */
static char *put_hex(char *p, unsigned long long u)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	while (shift > 0 && !(u >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(u >> shift) & 15];
	return p;
}

static char *put_signed(char *p, long long v)
{
	if (v < 0) {
		*p++ = '-';
		return put_hex(p, 0ULL - (unsigned long long)v);
	}
	return put_hex(p, (unsigned long long)v);
}

/* What the cache keys a file (or its folder) by: what the kernel changes on every write. */
struct file_key {
	long long size, mtime, ctime; /* times in ns */
	unsigned long long ino, dev;
};

static void key_of(const struct stat *st, struct file_key *k)
{
	*k = (struct file_key){ (long long)st->st_size, ns_of(&st->st_mtim), ns_of(&st->st_ctim),
				(unsigned long long)st->st_ino, (unsigned long long)st->st_dev };
}

/*
 * A stat key as the cache writes it ("size\tmtime\tctime\tino\tdev", in
 * hexadecimal); its length. By hand, not snprintf(), and not in decimal (a
 * division a digit): a status command makes one for each file.
 */
static size_t format_key(const struct file_key *k, char key[static 128])
{
	char *p = key;

	p = put_signed(p, k->size);
	*p++ = '\t';
	p = put_signed(p, k->mtime);
	*p++ = '\t';
	p = put_signed(p, k->ctime);
	*p++ = '\t';
	p = put_hex(p, k->ino);
	*p++ = '\t';
	p = put_hex(p, k->dev);
	return (size_t)(p - key);
}

/* The name and stat key of a file, as the cache writes them. */
static void stat_key(const char *name, const struct file_key *k, struct strbuf *out)
{
	char key[128];

	strbuf_addstr(out, name);
	strbuf_addch(out, '\t');
	strbuf_add(out, key, format_key(k, key));
}

enum field {
	F_NAME, F_SIZE, F_MTIME, F_CTIME, F_INO, F_DEV, /* the stat key */
	F_SUM, F_REVISION, F_PARENTS, F_APP, F_MESSAGE, F_STATE_SUM, F_TRANSACTION,
	F_REVISION_LINE, F_PARENTS_LINE, F_UP_LINE, F_DOWN_LINE,
	NR_FIELDS
};

/* Splits the fields after the name of a cache line (NUL-terminated) in place into f[0..]; false when malformed. */
static bool split_line(char *line, char **f)
{
	for (int i = 0; i < NR_FIELDS - 1; i++) {
		char *tab = strchr(line, '\t');
		f[i] = line;
		if (i == NR_FIELDS - 2)
			return !tab;
		if (!tab)
			return false;
		*tab = '\0';
		line = tab + 1;
	}
	return false;
}

/* An optional string: "+value", or "-" for none. */
static char *optional(char *f)
{
	return f[0] == '+' ? f + 1 : NULL;
}

/* "dir/name", owned */
static char *join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);

	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

/*
 * Fills file from a cache line's fields, split in place in the scan's
 * text: its strings are the text's (in_text), but for its path and the
 * list of its parents.
 */
static void from_cache(struct migscan_file *file, const char *dir, char **f)
{
	static char empty[1];
	long down_line = strtol(f[F_DOWN_LINE], NULL, 10);
	size_t nr_parents = *f[F_PARENTS] != '\0';

	file->in_text = true;
	file->name = f[F_NAME];
	file->sum = f[F_SUM];
	migfile_init(&file->head);
	file->head.path = join_path(dir, f[F_NAME]);
	file->head.revision = f[F_REVISION];
	/* "a b c": each parent ends where a space was */
	for (const char *p = f[F_PARENTS]; *p; p++)
		nr_parents += *p == ' ';
	if (nr_parents) {
		struct model_names *parents = &file->head.parents;
		parents->items = xcalloc(nr_parents, sizeof(char *));
		parents->alloc = nr_parents;
		for (char *p = f[F_PARENTS];;) {
			char *sp = strchr(p, ' ');
			parents->items[parents->nr++] = p;
			if (!sp)
				break;
			*sp = '\0';
			p = sp + 1;
		}
	}
	file->head.app = optional(f[F_APP]);
	file->head.message = f[F_MESSAGE];
	file->head.state_sum = optional(f[F_STATE_SUM]);
	file->head.transaction = f[F_TRANSACTION][0] == '1';
	file->head.revision_line = (int)strtol(f[F_REVISION_LINE], NULL, 10);
	file->head.parents_line = (int)strtol(f[F_PARENTS_LINE], NULL, 10);
	file->head.up_line = (int)strtol(f[F_UP_LINE], NULL, 10);
	file->head.down_line = down_line > 0 ? (int)down_line : 0;
	/* the SQL is not kept: "", which nothing writes to */
	file->head.up = empty;
	file->head.down = down_line >= 0 ? empty : NULL;
	file->parsed = true;
}

static bool has_separator(const char *s)
{
	return s && strpbrk(s, "\t\n\r");
}

/* Can a line of the cache hold file's header (no field with a separator in it)? */
static bool fits_a_line(const struct migscan_file *file)
{
	const struct migfile *h = &file->head;

	if (has_separator(h->revision) || has_separator(h->app) || has_separator(h->message) ||
	    has_separator(h->state_sum))
		return false;
	for (size_t i = 0; i < h->parents.nr; i++) {
		if (has_separator(h->parents.items[i]) || strchr(h->parents.items[i], ' '))
			return false;
	}
	return true;
}

/* The cache line of file (after its stat key); fits_a_line(file) holds. */
static void to_cache(const struct migscan_file *file, struct strbuf *out)
{
	const struct migfile *h = &file->head;

	strbuf_addf(out, "\t%s\t%s\t", file->sum, h->revision);
	for (size_t i = 0; i < h->parents.nr; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", h->parents.items[i]);
	strbuf_addf(out, "\t%s%s\t%s\t%s%s\t%d\t%d\t%d\t%d\t%d\n", h->app ? "+" : "-", h->app ? h->app : "",
		    h->message ? h->message : "", h->state_sum ? "+" : "-", h->state_sum ? h->state_sum : "",
		    h->transaction ? 1 : 0, h->revision_line, h->parents_line, h->up_line,
		    h->down ? h->down_line : -1);
}

/* Reads, hashes and parses the file name of dir into file; -1 with d set when it cannot be read. */
static int from_file(struct migscan_file *file, const char *dir, const char *name, struct diag *d)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT, sum = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", dir, name);
	file->name = xstrdup(name);
	if (strbuf_read_file(&data, path.buf) < 0) {
		migfile_init(&file->head);
		ret = diag_error_at(d, path.buf, 0, "cannot read the file: %s", strerror(errno));
		goto out;
	}
	h1_hash(data.buf, data.len, &sum);
	file->sum = strbuf_detach(&sum, NULL);
	ret = 0;
	file->parsed = migfile_parse_header(&file->head, path.buf, data.buf, data.len, &file->error) == 0;
out:
	strbuf_release(&path);
	strbuf_release(&data);
	strbuf_release(&sum);
	return ret;
}

/*
 * The cache's lines, split in place in its text: by name, in name order,
 * as it is written (a merge with the folder's sorted listing finds each
 * file's line, no map of keys copied).
 */
struct cache_line {
	char *name;
	char *rest; /* the fields after the name */
};

struct cache_lines {
	struct cache_line *items;
	size_t nr, alloc;
	size_t next;           /* the merge's place */
	const char *dir_key;   /* the folder's stat key when its lines name every file of it, else "-" */
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(((const struct cache_line *)a)->name, ((const struct cache_line *)b)->name);
}

/* The cached line of name, the names asked for in increasing order; NULL when none. */
static struct cache_line *cache_line_of(struct cache_lines *lines, const char *name)
{
	int c = 1;

	while (lines->next < lines->nr && (c = strcmp(lines->items[lines->next].name, name)) < 0)
		lines->next++;
	return lines->next < lines->nr && c == 0 ? &lines->items[lines->next++] : NULL;
}

/* The cache's lines, pointing into text (which the caller keeps), in name order; false when there is none usable. */
static bool read_cache(const char *path, struct strbuf *text, struct cache_lines *lines)
{
	bool sorted = true;
	char *p, *nl;

	if (strbuf_read_file(text, path) < 0)
		return false;
	/* MIGSCAN_FORMAT "\t" the folder's key (or "-") */
	nl = strchr(text->buf, '\n');
	if (!nl || strncmp(text->buf, MIGSCAN_FORMAT "\t", strlen(MIGSCAN_FORMAT "\t")) != 0)
		return false;
	*nl = '\0';
	lines->dir_key = text->buf + strlen(MIGSCAN_FORMAT "\t");
	for (p = nl + 1; *p; p = nl + 1) {
		char *tab;
		nl = strchr(p, '\n');
		if (!nl)
			break; /* a cut last line: left out */
		*nl = '\0';
		tab = strchr(p, '\t');
		if (tab) {
			*tab = '\0';
			ALLOC_GROW(lines->items, lines->nr + 1, lines->alloc);
			lines->items[lines->nr] = (struct cache_line){ p, tab + 1 };
			sorted = sorted && (!lines->nr || strcmp(lines->items[lines->nr - 1].name, p) < 0);
			lines->nr++;
		}
	}
	/* mig writes it sorted; one edited by hand is sorted here */
	if (!sorted)
		qsort(lines->items, lines->nr, sizeof(*lines->items), cmp_line);
	/* its names stand for the folder's only when each is a name the folder could have, once */
	for (size_t i = 0; i < lines->nr && strcmp(lines->dir_key, "-") != 0; i++) {
		const char *name = lines->items[i].name;
		size_t len = strlen(name);
		if (name[0] == '.' || strchr(name, '/') || len <= 4 || strcmp(name + len - 4, ".sql") != 0 ||
		    (i > 0 && strcmp(lines->items[i - 1].name, name) == 0))
			lines->dir_key = "-";
	}
	return true;
}

/* Does the cached line (the fields after the name) start with key k? */
static bool same_key(const char *line, const struct file_key *k)
{
	char key[128];
	size_t n = format_key(k, key);

	return n > 0 && strncmp(line, key, n) == 0 && line[n] == '\t';
}

/* How many files the cache can keep. */
static size_t count_cacheable(const struct migscan *s, const bool *cacheable)
{
	size_t kept = 0;

	for (size_t i = 0; i < s->nr; i++)
		kept += cacheable[i];
	return kept;
}

/* Writes the cache of s (the files whose key keys[i] is known and not racy) and the folder's key line, atomically; errors ignored. */
static void write_cache(const struct migscan *s, const struct file_key *keys, const bool *cacheable, const char *dir_key,
			const char *path)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addf(&out, MIGSCAN_FORMAT "\t%s\n", dir_key);
	for (size_t i = 0; i < s->nr; i++) {
		if (!cacheable[i])
			continue;
		stat_key(s->files[i].name, &keys[i], &out);
		to_cache(&s->files[i], &out);
	}
	migscan_cache_put(path, out.buf, out.len);
	strbuf_release(&out);
}

void migscan_cache_put(const char *path, const char *text, size_t len)
{
	struct diag ignored = DIAG_INIT;

	/* only a cache: a folder that cannot be written just goes without */
	if (fs_mkdirs_ignored("var", &ignored) == 0 && fs_mkdirs(MIGSCAN_CACHE_DIR, &ignored) == 0)
		fs_replace_file(path, text, len, &ignored);
	diag_release(&ignored);
}

const struct migscan *migscan_of(const struct migscan *s, const char *dir)
{
	return s && s->dir && strcmp(s->dir, dir) == 0 ? s : NULL;
}

/*
 * The folder's names: the cache's, when its key line says the folder has
 * not changed since (an entry added, removed or renamed moves a folder's
 * mtime and ctime: git's untracked cache rests on the same rule), else
 * listed. Listing 1,000 names costs more than all their stat() calls.
 */
static size_t folder_names(const char *dir, const struct cache_lines *cached, const struct file_key *dir_key,
			   char ***names, bool *listed)
{
	char key[128];
	size_t n = dir_key ? format_key(dir_key, key) : 0;

	if (n && cached->dir_key && strlen(cached->dir_key) == n && memcmp(cached->dir_key, key, n) == 0) {
		*names = xcalloc(cached->nr + 1, sizeof(char *));
		for (size_t i = 0; i < cached->nr; i++)
			(*names)[i] = cached->items[i].name;
		*listed = false;
		return cached->nr;
	}
	*listed = true;
	return fs_list_dir(dir, ".sql", names);
}

int migscan_load(struct migscan *s, const char *dir, struct diag *d)
{
	char **names = NULL;
	size_t nr;
	struct strbuf cpath = STRBUF_INIT, ctext = STRBUF_INIT;
	struct cache_lines cached = { 0 };
	struct file_key *keys = NULL, folder;
	struct stat st;
	bool *cacheable = NULL, have_dir_st, listed = true;
	char dir_key[128] = "-";
	struct timespec now;
	size_t hits = 0;
	int dfd = -1, ret = -1;
	/* var/ is the project's, in the current folder: a folder elsewhere (an absolute path) goes without */
	bool use_cache = dir[0] != '/';

	free(s->dir);
	s->dir = xstrdup(dir);
	tick(s);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	have_dir_st = dfd >= 0 && fstat(dfd, &st) == 0;
	if (have_dir_st)
		key_of(&st, &folder);
	cache_path(dir, &cpath);
	if (use_cache && have_dir_st)
		read_cache(cpath.buf, &ctext, &cached);
	tick(s);
	nr = folder_names(dir, &cached, have_dir_st ? &folder : NULL, &names, &listed);
	s->listed = listed;
	if (!nr)
		goto done;
	clock_gettime(CLOCK_REALTIME, &now);
	/* the keys alone (40 bytes, not a struct stat's 144): the array stays in the heap */
	keys = xcalloc(nr, sizeof(*keys));
	cacheable = xcalloc(nr, sizeof(*cacheable));
	s->files = xcalloc(nr, sizeof(*s->files));
	s->alloc = nr;
	for (size_t i = 0; i < nr; i++) {
		struct migscan_file *file = &s->files[s->nr++];
		bool have_stat = dfd >= 0 && fstatat(dfd, names[i], &st, 0) == 0;
		struct cache_line *line = cache_line_of(&cached, names[i]);
		char *f[NR_FIELDS];

		if (i % TICK_EVERY == 0)
			tick(s);
		file->error = (struct diag)DIAG_INIT;
		if (have_stat)
			key_of(&st, &keys[i]);
		cacheable[i] = have_stat && ns_of(&now) - keys[i].ctime > RACY_NS;
		/* a line whose stat key matches; split in place (each name's line is used once) */
		if (line && have_stat && same_key(line->rest, &keys[i])) {
			f[F_NAME] = line->name;
			if (split_line(line->rest, f + 1)) {
				from_cache(file, dir, f);
				hits++;
				continue;
			}
		}
		s->read++;
		if (from_file(file, dir, names[i], d) < 0)
			goto out;
		cacheable[i] = cacheable[i] && file->parsed && fits_a_line(file);
	}
	/* the folder's key, when the cache names every file of it and the folder is not racy itself */
	if (have_dir_st && count_cacheable(s, cacheable) == s->nr && ns_of(&now) - folder.ctime > RACY_NS)
		dir_key[format_key(&folder, dir_key)] = '\0';
	/* write when a file was read that can be kept, the cache names files the folder no longer has, or its key line changes */
	if (use_cache && dfd >= 0 &&
	    (hits < cached.nr || count_cacheable(s, cacheable) > hits ||
	     strcmp(cached.dir_key ? cached.dir_key : "-", dir_key) != 0))
		write_cache(s, keys, cacheable, dir_key, cpath.buf);
done:
	ret = 0;
out:
	/* the files the cache remembered keep their strings in its text */
	if (hits) {
		free(s->text);
		s->text = strbuf_detach(&ctext, NULL);
	}
	if (dfd >= 0)
		close(dfd);
	free(keys);
	free(cacheable);
	free(cached.items);
	if (listed)
		fs_free_list(names, nr);
	else
		free(names); /* the cache's names, in its text */
	strbuf_release(&cpath);
	strbuf_release(&ctext);
	return ret;
}

int migscan_check(const struct migscan *s, struct diag *d)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct diag *e = &s->files[i].error;

		if (s->files[i].parsed)
			continue;
		diag_error_at(d, e->file, e->line, "%s", e->message ? e->message : "not a migration");
		if (e->detail)
			diag_detail(d, "%s", e->detail);
		if (e->hint)
			diag_hint(d, "%s", e->hint);
		return -1;
	}
	return 0;
}

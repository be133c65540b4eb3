/*
 * mig.sum as a user meets it: what mig-gen writes, and what mig-apply and
 * mig-check say (the exact first message and hint, and every problem)
 * after an edit, an addition, a removal, a hand edit of the sum file and a
 * git merge that left conflict markers.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "h1.h"
#include "migscan.h"
#include "strbuf.h"
#include "sumfile.h"
#include "suites.h"
#include "testutil.h"

#define A "0001_20260101000000_a.sql"
#define B "0002_20260101000001_b.sql"
#define HINT_REHASH "hint: if the change is deliberate, run mig-gen --rehash; otherwise restore the migration from version control\n"

static void put(const char *dir, const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	test_write_file(path.buf, text);
	strbuf_release(&path);
}

static char *sum_text(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	char *text;

	strbuf_addf(&path, "%s/" SUMFILE_NAME, dir);
	text = test_read_file(path.buf);
	strbuf_release(&path);
	return text;
}

/* sumfile_verify()'s message as diag_format() writes it, with dir as "D". */
static char *verify_text(const char *dir)
{
	struct diag d = DIAG_INIT;
	struct strbuf got = STRBUF_INIT, out = STRBUF_INIT;
	size_t dl = strlen(dir);

	if (sumfile_verify(dir, &d) == 0)
		return strdup("ok");
	diag_format(&d, "", &got);
	for (const char *p = got.buf; *p;) {
		if (strncmp(p, dir, dl) == 0) {
			strbuf_addch(&out, 'D');
			p += dl;
		} else {
			strbuf_addch(&out, *p++);
		}
	}
	diag_release(&d);
	strbuf_release(&got);
	return strbuf_detach(&out, NULL);
}

#define EXPECT_VERIFY(dir, want)                     \
	do {                                         \
		char *got_ = verify_text(dir);       \
		ck_assert_str_eq(got_, want);        \
		free(got_);                          \
	} while (0)

START_TEST(test_hash_is_atlas_h1)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = test_mkdtemp(), *sum = NULL;
	struct strbuf path = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	/* SHA-256 of "" and of "abc", base64 */
	sumfile_hash("", 0, &sb);
	ck_assert_str_eq(sb.buf, "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	strbuf_reset(&sb);
	sumfile_hash("abc", 3, &sb);
	ck_assert_str_eq(sb.buf, "h1:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	strbuf_addf(&path, "%s/x.sql", dir);
	test_write_file(path.buf, "abc");
	ck_assert_int_eq(sumfile_hash_file(path.buf, &sum, &d), 0);
	ck_assert_str_eq(sum, "h1:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	free(sum);
	strbuf_addstr(&path, ".missing");
	ck_assert_int_eq(sumfile_hash_file(path.buf, &sum, &d), -1);
	ck_assert_str_eq(d.file, path.buf);
	ck_assert_str_eq(d.message, "cannot read the file: No such file or directory");
	diag_release(&d);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&path);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_write_then_verify)
{
	char *dir = test_mkdtemp(), *text;
	struct diag d = DIAG_INIT;
	struct strbuf want = STRBUF_INIT, lines = STRBUF_INIT;

	/* an empty folder without a sum file is fine */
	EXPECT_VERIFY(dir, "ok");
	put(dir, B, "b\n");
	put(dir, A, "a\n");
	put(dir, "notes.txt", "not a migration\n");
	ck_assert_int_eq(sumfile_write(dir, &d), 0);
	text = sum_text(dir);
	/* name order; the first line sums the lines below it */
	strbuf_addstr(&lines, A " ");
	sumfile_hash("a\n", 2, &lines);
	strbuf_addstr(&lines, "\n" B " ");
	sumfile_hash("b\n", 2, &lines);
	strbuf_addch(&lines, '\n');
	sumfile_hash(lines.buf, lines.len, &want);
	strbuf_addch(&want, '\n');
	strbuf_addstr(&want, lines.buf);
	ck_assert_str_eq(text, want.buf);
	EXPECT_VERIFY(dir, "ok");
	free(text);

	/* sumfile_add() of a new file gives what a full write gives */
	put(dir, "0003_20260101000002_c.sql", "c\n");
	ck_assert_int_eq(sumfile_add(dir, (const char *const[]){ "0003_20260101000002_c.sql" }, 1, &d), 0);
	text = sum_text(dir);
	EXPECT_VERIFY(dir, "ok");
	ck_assert_int_eq(sumfile_write(dir, &d), 0);
	{
		char *full = sum_text(dir);
		ck_assert_str_eq(text, full);
		free(full);
	}
	free(text);
	ck_assert_int_eq(sumfile_add(dir, (const char *const[]){ "0004_missing.sql" }, 1, &d), -1);
	ck_assert_str_eq(d.message, "cannot read the file: No such file or directory");
	diag_release(&d);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&want);
	strbuf_release(&lines);
}
END_TEST

START_TEST(test_what_changed)
{
	char *dir = test_mkdtemp();
	struct diag d = DIAG_INIT;
	struct strbuf all = STRBUF_INIT, path = STRBUF_INIT;

	put(dir, A, "a\n");
	EXPECT_VERIFY(dir, "D/mig.sum: the sum file is missing\n"
			   "hint: run mig-gen --rehash once the migrations are as they should be\n");
	put(dir, B, "b\n");
	ck_assert_int_eq(sumfile_write(dir, &d), 0);

	put(dir, B, "b edited\n");
	EXPECT_VERIFY(dir, "D/mig.sum: " B " was edited after the sum file was written\n" HINT_REHASH);
	ck_assert_int_eq(sumfile_edited(dir, B, "b edited\n", 9), 1);
	ck_assert_int_eq(sumfile_edited(dir, B, "b\n", 2), 0);
	ck_assert_int_eq(sumfile_edited(dir, "0009_new.sql", "x", 1), 0);
	put(dir, B, "b\n");
	EXPECT_VERIFY(dir, "ok");

	put(dir, "0003_20260101000002_c.sql", "c\n");
	EXPECT_VERIFY(dir, "D/mig.sum: 0003_20260101000002_c.sql is not in the sum file (added without mig-gen?)\n"
			   HINT_REHASH);
	/* every problem, one line each: added, edited and removed at once */
	put(dir, B, "b edited\n");
	strbuf_addf(&path, "%s/%s", dir, A);
	ck_assert_int_eq(remove(path.buf), 0);
	ck_assert_int_eq(sumfile_problems(dir, &all, &d), 3);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/mig.sum: " B " was edited after the sum file was written\n"
			   "%s/mig.sum: 0003_20260101000002_c.sql is not in the sum file (added without mig-gen?)\n"
			   "%s/mig.sum: " A " is in the sum file but missing from the folder\n",
		    dir, dir, dir);
	ck_assert_str_eq(all.buf, path.buf);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&all);
	strbuf_release(&path);
}
END_TEST

START_TEST(test_sum_file_itself_edited)
{
	char *dir = test_mkdtemp(), *text;
	struct diag d = DIAG_INIT;
	struct strbuf edited = STRBUF_INIT;

	put(dir, A, "a\n");
	put(dir, B, "b\n");
	ck_assert_int_eq(sumfile_write(dir, &d), 0);
	text = sum_text(dir);

	/* the total changed by hand: line 1 */
	strbuf_addf(&edited, "h1:AAAA%s", strchr(text, '\n'));
	put(dir, "mig.sum", edited.buf);
	EXPECT_VERIFY(dir, "D/mig.sum:1: the sum file was edited by hand\n" HINT_REHASH);

	/* a stray line that names no file */
	strbuf_reset(&edited);
	strbuf_addf(&edited, "%sjunk\n", text);
	put(dir, "mig.sum", edited.buf);
	EXPECT_VERIFY(dir, "D/mig.sum:1: the sum file was edited by hand\n" HINT_REHASH);

	/* a git merge: the markers' line is named */
	strbuf_reset(&edited);
	strbuf_addf(&edited, "h1:x\n<<<<<<< HEAD\n" A " h1:y\n=======\n" B " h1:z\n>>>>>>> other\n");
	put(dir, "mig.sum", edited.buf);
	EXPECT_VERIFY(dir, "D/mig.sum:2: holds git conflict markers: two branches added migrations\n"
			   "hint: finish the merge in git keeping every migration of both branches, then run "
			   "mig-gen --rehash (and mig-gen --merge when there are two heads)\n");
	/* an empty sum file is a missing total */
	put(dir, "mig.sum", "");
	EXPECT_VERIFY(dir, "D/mig.sum: " A " is not in the sum file (added without mig-gen?)\n" HINT_REHASH);
	free(text);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&edited);
}
END_TEST

/* A migration file's text: revision rev, child of parent (or a root). */
static void put_migration(const char *dir, const char *rev, const char *parent, const char *up)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;

	strbuf_addf(&name, "%s.sql", rev);
	strbuf_addf(&text, "-- mig:revision %s\n%s%s%s-- mig:message m %s\n-- mig:up\n%s\n-- mig:down\nSELECT 2;\n",
		    rev, parent ? "-- mig:parents " : "", parent ? parent : "", parent ? "\n" : "", rev, up);
	put(dir, name.buf, text.buf);
	strbuf_release(&name);
	strbuf_release(&text);
}

/* How many files a scan of dir read (not from the cache); sums: what it found; listed: whether it listed dir. */
static size_t scan_reads_listed(const char *dir, struct strbuf *sums, bool *listed)
{
	struct migscan scan;
	struct diag d = DIAG_INIT;
	size_t read;

	migscan_init(&scan);
	ck_assert_int_eq(migscan_load(&scan, dir, &d), 0);
	strbuf_reset(sums);
	for (size_t i = 0; i < scan.nr; i++) {
		const struct migfile *h = &scan.files[i].head;
		strbuf_addf(sums, "%s %s %s %s parents=%zu %s up=%d down=%d\n", scan.files[i].name, scan.files[i].sum,
			    h->revision, h->message, h->parents.nr, h->parents.nr ? h->parents.items[0] : "-",
			    h->up_line, h->down ? h->down_line : -1);
	}
	read = scan.read;
	*listed = scan.listed;
	migscan_release(&scan);
	return read;
}

static size_t scan_reads(const char *dir, struct strbuf *sums)
{
	bool listed;

	return scan_reads_listed(dir, sums, &listed);
}

/*
 * The scan cache (var/cache): a file unchanged since it was cached is not
 * read again; one edited in place, with its size kept and its mtime put
 * back, is read again (its ctime moved); a cache of another format is
 * ignored; a file written within the last two seconds is not cached. The
 * folder is not listed while it is unchanged since the cache named all its
 * files; a file added or removed is seen all the same.
 */
START_TEST(test_scan_cache)
{
	char *root = test_mkdtemp();
	const char *dir = "migrations/pgsql";
	struct strbuf first = STRBUF_INIT, again = STRBUF_INIT, path = STRBUF_INIT;
	struct timespec times[2];
	struct stat st;
	bool listed;

	ck_assert_int_eq(chdir(root), 0);
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(fs_mkdirs(dir, &d), 0);
	put_migration(dir, "0001_20260101000000_a", NULL, "CREATE TABLE a (id int);");
	put_migration(dir, "0002_20260101000001_b", "0001_20260101000000_a", "CREATE TABLE b (id int);");
	/* just written: read, and not cached (racy) */
	ck_assert_uint_eq(scan_reads(dir, &first), 2);
	ck_assert(!test_file_exists("var/cache/migrations_pgsql.scan"));
	ck_assert_uint_eq(scan_reads(dir, &again), 2);
	sleep(3);
	ck_assert_uint_eq(scan_reads(dir, &again), 2);
	ck_assert(test_file_exists("var/cache/migrations_pgsql.scan"));
	ck_assert(test_file_exists("var/.gitignore"));
	ck_assert_str_eq(again.buf, first.buf);
	/* from the cache: nothing read, not even the folder's names, the same headers and sums */
	ck_assert_uint_eq(scan_reads_listed(dir, &again, &listed), 0);
	ck_assert(!listed);
	ck_assert_str_eq(again.buf, first.buf);
	/* its lines in another order (mig writes them by name; a hand may not): still every one found */
	{
		char *text = test_read_file("var/cache/migrations_pgsql.scan");
		char *l1 = strchr(text, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
		struct strbuf swapped = STRBUF_INIT;
		strbuf_add(&swapped, text, (size_t)(l1 - text));
		strbuf_addstr(&swapped, l2);
		strbuf_add(&swapped, l1, (size_t)(l2 - l1));
		test_write_file("var/cache/migrations_pgsql.scan", swapped.buf);
		ck_assert_uint_eq(scan_reads(dir, &again), 0);
		ck_assert_str_eq(again.buf, first.buf);
		strbuf_release(&swapped);
		free(text);
	}
	/* edited in place: the same size, the mtime put back */
	strbuf_addf(&path, "%s/0002_20260101000001_b.sql", dir);
	ck_assert_int_eq(stat(path.buf, &st), 0);
	put_migration(dir, "0002_20260101000001_b", "0001_20260101000000_a", "CREATE TABLE c (id int);");
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	ck_assert_int_eq(utimensat(AT_FDCWD, path.buf, times, 0), 0);
	ck_assert_uint_eq(scan_reads(dir, &again), 1);
	ck_assert_str_ne(again.buf, first.buf);
	/* a file added to a folder the cache vouched for: listed, and found */
	sleep(3);
	ck_assert_uint_eq(scan_reads(dir, &again), 1); /* the file written last, cached now */
	ck_assert_uint_eq(scan_reads_listed(dir, &again, &listed), 0);
	ck_assert(!listed);
	put_migration(dir, "0003_20260101000002_c", "0002_20260101000001_b", "CREATE TABLE d (id int);");
	ck_assert_uint_eq(scan_reads_listed(dir, &again, &listed), 1);
	ck_assert(listed);
	ck_assert_ptr_nonnull(strstr(again.buf, "0003_20260101000002_c.sql"));
	/* ... and one removed: gone */
	sleep(3);
	ck_assert_uint_eq(scan_reads(dir, &again), 1); /* the file written last, cached now */
	ck_assert_uint_eq(scan_reads_listed(dir, &again, &listed), 0);
	ck_assert(!listed);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/0001_20260101000000_a.sql", dir);
	ck_assert_int_eq(unlink(path.buf), 0);
	ck_assert_uint_eq(scan_reads_listed(dir, &again, &listed), 0);
	ck_assert(listed);
	ck_assert_ptr_null(strstr(again.buf, "0001_20260101000000_a.sql"));
	ck_assert_ptr_nonnull(strstr(again.buf, "0002_20260101000001_b.sql"));
	/* a cache of another format (an older mig) is ignored */
	test_write_file("var/cache/migrations_pgsql.scan", "mig-scan 0\ngarbage\n");
	ck_assert_uint_eq(scan_reads(dir, &again), 2);
	ck_assert_int_eq(chdir(test_root()), 0);
	test_rmtree(root);
	free(root);
	strbuf_release(&first);
	strbuf_release(&again);
	strbuf_release(&path);
}
END_TEST

/* The hash of a text given in parts is the hash of the whole text, wherever the parts are cut. */
START_TEST(test_h1_in_parts)
{
	struct strbuf text = STRBUF_INIT, whole = STRBUF_INIT, parts = STRBUF_INIT;

	for (int i = 0; i < 10000; i++)
		strbuf_addf(&text, "line %d\n", i);
	h1_hash(text.buf, text.len, &whole);
	for (size_t cut = 0; cut <= text.len; cut += text.len / 7 + 1) {
		struct h1_stream *h = h1_begin();
		h1_add(h, text.buf, cut);
		h1_add(h, "", 0);
		h1_add(h, text.buf + cut, text.len - cut);
		strbuf_reset(&parts);
		h1_end(h, &parts);
		ck_assert_str_eq(parts.buf, whole.buf);
	}
	strbuf_release(&text);
	strbuf_release(&whole);
	strbuf_release(&parts);
}
END_TEST

Suite *sumfile_suite(void)
{
	Suite *s = suite_create("sumfile");
	TCase *tc = tcase_create("sum");

	tcase_add_test(tc, test_hash_is_atlas_h1);
	tcase_add_test(tc, test_h1_in_parts);
	tcase_add_test(tc, test_write_then_verify);
	tcase_add_test(tc, test_what_changed);
	tcase_add_test(tc, test_sum_file_itself_edited);
	suite_add_tcase(s, tc);
	tc = tcase_create("scan cache");
	tcase_set_timeout(tc, 30); /* it waits out the two racy seconds */
	tcase_add_test(tc, test_scan_cache);
	suite_add_tcase(s, tc);
	return s;
}

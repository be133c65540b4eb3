#include "project.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "strbuf.h"

char *test_path_in(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, rel);
	return strbuf_detach(&sb, NULL);
}

void test_write_in(const char *dir, const char *rel, const char *content)
{
	char *path = test_path_in(dir, rel);

	test_write_file(path, content);
	free(path);
}

char *test_read_in(const char *dir, const char *rel)
{
	char *path = test_path_in(dir, rel);
	char *text = test_read_file(path);

	ck_assert_msg(text != NULL, "cannot read %s", path);
	free(path);
	return text;
}

bool test_exists_in(const char *dir, const char *rel)
{
	char *path = test_path_in(dir, rel);
	bool yes = test_file_exists(path);

	free(path);
	return yes;
}

void test_move_in(const char *dir, const char *from, const char *to)
{
	char *a = test_path_in(dir, from), *b = test_path_in(dir, to);

	ck_assert_msg(rename(a, b) == 0, "%s: %s", a, strerror(errno));
	free(a);
	free(b);
}

size_t test_count_in(const char *dir, const char *rel, const char *suffix)
{
	char *path = test_path_in(dir, rel);
	char **names;
	size_t n = fs_list_dir(path, suffix, &names);

	fs_free_list(names, n);
	free(path);
	return n;
}

char *test_tree_dir(void)
{
	char *abs = realpath(test_root(), NULL);

	ck_assert_msg(abs != NULL, "%s: %s", test_root(), strerror(errno));
	return abs;
}

char *test_bin_env(void)
{
	char *tool = test_tool_path("mig-gen");
	struct strbuf sb = STRBUF_INIT;

	*strrchr(tool, '/') = '\0';
	strbuf_addf(&sb, "MIG_BIN=%s", tool);
	free(tool);
	return strbuf_detach(&sb, NULL);
}

void test_write_migration(const char *dir, const char *rev, const char *parents, bool transaction,
			  const char *up, const char *down)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	const char *slug = strchr(strchr(rev, '_') + 1, '_') + 1;

	strbuf_addf(&path, "%s/%s.sql", dir, rev);
	strbuf_addf(&sb, "-- mig:revision %s\n-- mig:parents %s\n-- mig:message %s\n"
			 "-- mig:transaction %s\n-- mig:up\n%s",
		    rev, parents ? parents : "", slug, transaction ? "on" : "off", up);
	if (down)
		strbuf_addf(&sb, "-- mig:down\n%s", down);
	test_write_file(path.buf, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&path);
}

void test_heads_line(struct strbuf *out, const char *rev, const char *message, size_t longest)
{
	strbuf_addf(out, "%-*s%s\n", (int)(longest + 2), rev, message);
}

void test_vrun(struct run_result *r, const char *dir, const char *const *ours, const char *const *extra,
	       const char *const *first, va_list ap)
{
	const char *argv[64];
	const char **env = test_clean_env(ours, extra);
	int n = 0;

	for (; *first; first++)
		argv[n++] = *first;
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
		ck_assert_int_lt(n, 63);
		argv[n++] = a;
	}
	argv[n] = NULL;
	run_argv(r, dir, env, argv);
	ck_assert_msg(r->status != 127, "%s could not be run (is it installed?)\n%s", argv[0], r->err);
	free(env);
}

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "suites.h"

/* The strbuf invariants, checked after every mutation. */
static void assert_sane(const struct strbuf *sb)
{
	ck_assert_ptr_nonnull(sb->buf);
	ck_assert_int_eq(sb->buf[sb->len], '\0');
	if (sb->alloc)
		ck_assert_uint_lt(sb->len, sb->alloc);
	else
		ck_assert_uint_eq(sb->len, 0);
}

START_TEST(test_empty_is_usable)
{
	struct strbuf sb = STRBUF_INIT;

	assert_sane(&sb);
	ck_assert_str_eq(sb.buf, "");
	strbuf_reset(&sb);
	assert_sane(&sb);
	strbuf_release(&sb);
	assert_sane(&sb);
}
END_TEST

START_TEST(test_add_and_detach)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *s;

	strbuf_addstr(&sb, "abc");
	assert_sane(&sb);
	strbuf_addch(&sb, '-');
	assert_sane(&sb);
	strbuf_addf(&sb, "%d/%s", 42, "x");
	assert_sane(&sb);
	strbuf_add(&sb, "yz\0q", 2);
	assert_sane(&sb);
	ck_assert_str_eq(sb.buf, "abc-42/xyz");
	s = strbuf_detach(&sb, &len);
	assert_sane(&sb);
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq(s, "abc-42/xyz");
	ck_assert_str_eq(sb.buf, "");
	free(s);
}
END_TEST

START_TEST(test_grows_past_many_chunks)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < 10000; i++) {
		strbuf_addf(&sb, "%05d", i);
		assert_sane(&sb);
	}
	ck_assert_uint_eq(sb.len, 50000);
	ck_assert(memcmp(sb.buf + 49995, "09999", 5) == 0);
	strbuf_setlen(&sb, 3);
	assert_sane(&sb);
	ck_assert_str_eq(sb.buf, "000");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_rtrim_and_addchars)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addchars(&sb, 'x', 3);
	strbuf_addstr(&sb, " \n\t ");
	strbuf_rtrim(&sb);
	assert_sane(&sb);
	ck_assert_str_eq(sb.buf, "xxx");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_read_missing_file_leaves_buffer)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "keep");
	ck_assert_int_eq(strbuf_read_file(&sb, "/nonexistent/mig/file"), -1);
	ck_assert_str_eq(sb.buf, "keep");
	strbuf_release(&sb);
}
END_TEST

Suite *strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_empty_is_usable);
	tcase_add_test(tc, test_add_and_detach);
	tcase_add_test(tc, test_grows_past_many_chunks);
	tcase_add_test(tc, test_rtrim_and_addchars);
	tcase_add_test(tc, test_read_missing_file_leaves_buffer);
	suite_add_tcase(s, tc);
	return s;
}

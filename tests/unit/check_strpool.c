/*
 * strpool, the strings a model holds once (model.h, model_intern()): equal
 * strings are one copy, every string survives the set's growth and the
 * blocks filling up (a string longer than a block included), and strings
 * taken from another pool stay where they were.
 */
#include <stdio.h>
#include <string.h>

#include "strpool.h"
#include "suites.h"

START_TEST(test_equal_strings_one_copy)
{
	struct strpool p = STRPOOL_INIT;
	char id[] = "id";
	const char *a = strpool_intern(&p, "id"), *b = strpool_intern(&p, id);

	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_ne(a, id);
	ck_assert_str_eq(a, "id");
	/* a copy: the caller's buffer may change */
	id[0] = 'x';
	ck_assert_str_eq(a, "id");
	ck_assert_ptr_ne(strpool_intern(&p, "xd"), a);
	ck_assert_str_eq(strpool_intern(&p, ""), "");
	ck_assert_uint_eq(p.nr, 3);
	strpool_release(&p);
	ck_assert_uint_eq(p.nr, 0);
	ck_assert_ptr_null(p.blocks);
}
END_TEST

START_TEST(test_growth_and_long_strings)
{
	struct strpool p;
	const char *held[5000];
	char name[32];
	static char longer[100 * 1024]; /* longer than a block */

	strpool_init(&p);
	memset(longer, 'x', sizeof(longer) - 1);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "column_%d", i);
		held[i] = strpool_intern(&p, i == 2500 ? longer : name);
	}
	ck_assert_uint_eq(p.nr, 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "column_%d", i);
		ck_assert_str_eq(held[i], i == 2500 ? longer : name);
		ck_assert_ptr_eq(strpool_intern(&p, i == 2500 ? longer : name), held[i]);
	}
	ck_assert_uint_eq(p.nr, 5000);
	strpool_release(&p);
}
END_TEST

START_TEST(test_take)
{
	struct strpool to = STRPOOL_INIT, from = STRPOOL_INIT, empty = STRPOOL_INIT;
	const char *kept = strpool_intern(&to, "kept");
	const char *moved = strpool_intern(&from, "moved");

	strpool_take(&to, &from);
	ck_assert_ptr_null(from.blocks);
	ck_assert_uint_eq(from.nr, 0);
	ck_assert_str_eq(moved, "moved");
	ck_assert_str_eq(kept, "kept");
	/* to goes on interning in its own block; taking from an empty pool changes nothing */
	ck_assert_ptr_eq(strpool_intern(&to, "kept"), kept);
	ck_assert_str_eq(strpool_intern(&to, "new"), "new");
	strpool_take(&to, &empty);
	/* into an empty pool: the strings are its own */
	strpool_take(&empty, &to);
	ck_assert_str_eq(moved, "moved");
	ck_assert_str_eq(kept, "kept");
	strpool_release(&to);
	strpool_release(&from);
	/* released with the pool that holds them (ASan sees a double free or a leak) */
	strpool_release(&empty);
}
END_TEST

Suite *strpool_suite(void)
{
	Suite *s = suite_create("strpool");
	TCase *tc = tcase_create("pool");

	tcase_add_test(tc, test_equal_strings_one_copy);
	tcase_add_test(tc, test_growth_and_long_strings);
	tcase_add_test(tc, test_take);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * strmap, the hash map under .env values, model lookups and the graph:
 * keys are copied, values borrowed, the previous value returned on a put,
 * and nothing lost when the table grows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "suites.h"

START_TEST(test_put_get_replace)
{
	struct strmap m = STRMAP_INIT;
	char key[] = "name";
	int a = 1, b = 2;

	ck_assert_ptr_null(strmap_get(&m, "name"));
	ck_assert_ptr_null(strmap_put(&m, key, &a));
	/* the map copied the key: changing the caller's string changes nothing */
	key[0] = 'X';
	ck_assert_ptr_eq(strmap_get(&m, "name"), &a);
	ck_assert_ptr_null(strmap_get(&m, "Xame"));
	ck_assert_ptr_eq(strmap_put(&m, "name", &b), &a);
	ck_assert_ptr_eq(strmap_get(&m, "name"), &b);
	ck_assert_uint_eq(m.nr, 1);
	/* "" is a key like any other; keys are case-sensitive */
	ck_assert_ptr_null(strmap_put(&m, "", &a));
	ck_assert_ptr_eq(strmap_get(&m, ""), &a);
	ck_assert_ptr_null(strmap_get(&m, "NAME"));
	ck_assert_uint_eq(m.nr, 2);
	strmap_release(&m);
	ck_assert_uint_eq(m.nr, 0);
	ck_assert_ptr_null(strmap_get(&m, "name"));
}
END_TEST

START_TEST(test_growth_keeps_every_key)
{
	struct strmap m;
	static int values[5000];
	char key[32];

	strmap_init(&m);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "table_%d", i);
		ck_assert_ptr_null(strmap_put(&m, key, &values[i]));
	}
	ck_assert_uint_eq(m.nr, 5000);
	ck_assert(m.alloc >= 5000 && (m.alloc & (m.alloc - 1)) == 0);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "table_%d", i);
		ck_assert_ptr_eq(strmap_get(&m, key), &values[i]);
	}
	ck_assert_ptr_null(strmap_get(&m, "table_5000"));
	strmap_release(&m);
}
END_TEST

Suite *strmap_suite(void)
{
	Suite *s = suite_create("strmap");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_put_get_replace);
	tcase_add_test(tc, test_growth_keeps_every_key);
	suite_add_tcase(s, tc);
	return s;
}

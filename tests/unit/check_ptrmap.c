/*
 * ptrmap, the map from an object to another (diff.h: what a column of one
 * model is in the other): found by address alone, the previous value
 * returned on a put, and nothing lost when the table grows.
 */
#include <stdlib.h>

#include "ptrmap.h"
#include "suites.h"

START_TEST(test_put_get_replace)
{
	struct ptrmap m = PTRMAP_INIT;
	int a = 1, b = 2, same[2] = { 7, 7 };

	ck_assert_ptr_null(ptrmap_get(&m, &a));
	ck_assert_ptr_null(ptrmap_put(&m, &a, &b));
	ck_assert_ptr_eq(ptrmap_get(&m, &a), &b);
	/* equal contents at another address: another key */
	ck_assert_ptr_null(ptrmap_get(&m, &same[1]));
	ck_assert_ptr_null(ptrmap_put(&m, &same[0], &a));
	ck_assert_ptr_null(ptrmap_get(&m, &same[1]));
	ck_assert_ptr_eq(ptrmap_put(&m, &a, &a), &b);
	ck_assert_ptr_eq(ptrmap_get(&m, &a), &a);
	ck_assert_uint_eq(m.nr, 2);
	ck_assert_ptr_null(ptrmap_get(&m, NULL));
	ptrmap_release(&m);
	ck_assert_uint_eq(m.nr, 0);
	ck_assert_ptr_null(ptrmap_get(&m, &a));
}
END_TEST

START_TEST(test_growth_keeps_every_key)
{
	/* the elements of one array, as a model's columns are: addresses a stride apart */
	struct { char pad[96]; } *objects = calloc(20000, sizeof(*objects));
	struct ptrmap m;

	ck_assert_ptr_nonnull(objects);
	ptrmap_init(&m);
	for (int i = 0; i < 20000; i++)
		ck_assert_ptr_null(ptrmap_put(&m, &objects[i], &objects[19999 - i]));
	ck_assert_uint_eq(m.nr, 20000);
	ck_assert(m.alloc >= 20000 && (m.alloc & (m.alloc - 1)) == 0);
	for (int i = 0; i < 20000; i++)
		ck_assert_ptr_eq(ptrmap_get(&m, &objects[i]), &objects[19999 - i]);
	ck_assert_ptr_null(ptrmap_get(&m, &m));
	ptrmap_release(&m);
	free(objects);
}
END_TEST

Suite *ptrmap_suite(void)
{
	Suite *s = suite_create("ptrmap");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_put_get_replace);
	tcase_add_test(tc, test_growth_keeps_every_key);
	suite_add_tcase(s, tc);
	return s;
}

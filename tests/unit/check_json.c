/*
 * The --json writer: exact text, so that a script parsing it can rely on
 * it: escapes, commas in nested objects and arrays, numbers with three
 * decimals (null for what JSON cannot hold), and an error as an object.
 */
#include <math.h>
#include <string.h>

#include "diag.h"
#include "json.h"
#include "strbuf.h"
#include "suites.h"

START_TEST(test_strings)
{
	struct strbuf sb = STRBUF_INIT;

	json_append_string(&sb, "a\"b\\c\nd\re\tf\x01g\x1f/é");
	ck_assert_str_eq(sb.buf, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f/é\"");
	strbuf_reset(&sb);
	json_append_string(&sb, NULL);
	ck_assert_str_eq(sb.buf, "null");
	strbuf_reset(&sb);
	json_append_string(&sb, "");
	ck_assert_str_eq(sb.buf, "\"\"");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_document)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "revision");
	json_string(&j, "0001_x");
	json_key(&j, "ms");
	json_number(&j, 12.5);
	json_key(&j, "steps");
	json_array_begin(&j);
	json_int(&j, -3);
	json_bool(&j, true);
	json_null(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_begin(&j);
	json_array_end(&j);
	json_number(&j, NAN);
	json_number(&j, INFINITY);
	json_number(&j, -0.0004);
	json_array_end(&j);
	json_key(&j, "ok");
	json_bool(&j, false);
	json_object_end(&j);
	ck_assert_str_eq(sb.buf, "{\"revision\": \"0001_x\", \"ms\": 12.500, \"steps\": [-3, true, null, {}, [], "
				 "null, null, -0.000], \"ok\": false}");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_diag_object)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct json j;

	diag_error_at(&d, "migrations/pgsql/0001_a.sql", 7, "relation \"t\" already exists (SQLSTATE 42P07)");
	diag_hint(&d, "drop it");
	json_init(&j, &sb);
	json_diag(&j, &d);
	ck_assert_str_eq(sb.buf, "{\"message\": \"relation \\\"t\\\" already exists\", \"file\": "
				 "\"migrations/pgsql/0001_a.sql\", \"line\": 7, \"sqlstate\": \"42P07\", "
				 "\"detail\": null, \"hint\": \"drop it\"}");
	diag_release(&d);
	strbuf_reset(&sb);
	/* no location, and a "(SQLSTATE" that is not the end is part of the message */
	diag_error(&d, "odd (SQLSTATE 1) text");
	json_init(&j, &sb);
	json_diag(&j, &d);
	ck_assert_str_eq(sb.buf, "{\"message\": \"odd (SQLSTATE 1) text\", \"file\": null, \"line\": null, "
				 "\"sqlstate\": null, \"detail\": null, \"hint\": null}");
	diag_release(&d);
	strbuf_release(&sb);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("write");

	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_document);
	tcase_add_test(tc, test_diag_object);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * One migration file as a user writes it: the header's keys, the up and
 * down sections with their first lines, and every defect with the exact
 * message ("FILE:LINE: message") a user reads. Also the names mig-gen
 * makes from a message (slug, revision).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "migfile.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

#define PATH "migs/0002_20260101000000_b.sql"

static int parse(struct migfile *mf, const char *text, struct diag *d)
{
	return migfile_parse(mf, PATH, text, strlen(text), d);
}

START_TEST(test_full_header)
{
	struct migfile mf;
	struct diag d = DIAG_INIT;
	const char *text = "-- mig:revision 0002_20260101000000_b\n"
			   "-- mig:parents 0001_20260101000000_a  0001_20260101000001_x\n"
			   "-- mig:message add phone \n"
			   "-- mig:transaction off\n"
			   "-- mig:app billing\n"
			   "-- mig:state h1:abc=\n"
			   "-- mig:future-key ignored\n"
			   "\n"
			   "-- a plain comment\n"
			   "-- mig:up\n"
			   "ALTER TABLE a ADD COLUMN p text;\n"
			   "-- mig:down\n"
			   "ALTER TABLE a DROP COLUMN p;\n";

	ck_assert_int_eq(parse(&mf, text, &d), 0);
	ck_assert_str_eq(mf.path, PATH);
	ck_assert_str_eq(mf.revision, "0002_20260101000000_b");
	ck_assert_int_eq(mf.revision_line, 1);
	ck_assert_int_eq(mf.parents_line, 2);
	ck_assert_uint_eq(mf.parents.nr, 2);
	ck_assert_str_eq(mf.parents.items[0], "0001_20260101000000_a");
	ck_assert_str_eq(mf.parents.items[1], "0001_20260101000001_x");
	ck_assert_str_eq(mf.message, "add phone");
	ck_assert(!mf.transaction);
	ck_assert_str_eq(mf.app, "billing");
	ck_assert_str_eq(mf.state_sum, "h1:abc=");
	ck_assert_str_eq(mf.up, "ALTER TABLE a ADD COLUMN p text;\n");
	ck_assert_int_eq(mf.up_line, 11);
	ck_assert_str_eq(mf.down, "ALTER TABLE a DROP COLUMN p;\n");
	ck_assert_int_eq(mf.down_line, 13);
	migfile_release(&mf);
}
END_TEST

START_TEST(test_defaults_and_sections)
{
	struct migfile mf;
	struct diag d = DIAG_INIT;

	/* no parents, message, app or down; markers with trailing blanks and CRLF */
	ck_assert_int_eq(parse(&mf, "-- mig:revision 0002_20260101000000_b\r\n-- mig:up \r\nSELECT 1;\r\n", &d), 0);
	ck_assert_uint_eq(mf.parents.nr, 0);
	ck_assert_int_eq(mf.parents_line, 0);
	ck_assert_str_eq(mf.message, "");
	ck_assert(mf.transaction);
	ck_assert_ptr_null(mf.app);
	ck_assert_ptr_null(mf.state_sum);
	ck_assert_str_eq(mf.up, "SELECT 1;\r\n");
	ck_assert_ptr_null(mf.down);
	migfile_release(&mf);

	/* an empty up and an empty down section: "" and "", not NULL */
	ck_assert_int_eq(parse(&mf, "-- mig:revision 0002_20260101000000_b\n-- mig:up\n-- mig:down\n", &d), 0);
	ck_assert_str_eq(mf.up, "");
	ck_assert_str_eq(mf.down, "");
	ck_assert_int_eq(mf.up_line, 3);
	ck_assert_int_eq(mf.down_line, 4);
	migfile_release(&mf);

	/* "-- mig:upgrade" is not the marker: a header line with key "upgrade" */
	ck_assert_int_eq(parse(&mf, "-- mig:revision 0002_20260101000000_b\n-- mig:upgrade x\n-- mig:up\nA;\n", &d), 0);
	ck_assert_str_eq(mf.up, "A;\n");
	migfile_release(&mf);
	ck_assert(!diag_is_set(&d));
}
END_TEST

static const struct bad_case {
	const char *text;
	const char *want; /* diag_format() with no prefix */
} bad_cases[] = {
	{ "-- mig:up\nSELECT 1;\n", PATH ":1: no -- mig:revision line in the header\n" },
	{ "", PATH ":1: no -- mig:revision line in the header\n" },
	{ "-- mig:revision 0002_20260101000000_b\n-- mig:message m\n",
	  PATH ":2: no -- mig:up section\n" },
	{ "-- mig:revision 0002_20260101000000_b\n-- mig:down\n",
	  PATH ":2: -- mig:down comes before -- mig:up\n" },
	{ "-- mig:revision 0002_20260101000000_b\nCREATE TABLE t (id int);\n-- mig:up\n",
	  PATH ":2: SQL before the -- mig:up line\nhint: a migration file is a header of -- mig: lines, then "
	       "-- mig:up and the up SQL, then -- mig:down and the down SQL\n" },
	{ "-- mig:revision 0002_20260101000000_b\n-- mig:up\nA;\n  -- mig:up\n-- mig:up\n",
	  PATH ":5: a second -- mig:up line\n" },
	{ "-- mig:revision 0002_20260101000000_b\n-- mig:revision 0002_20260101000000_b\n-- mig:up\n",
	  PATH ":2: the header has two revision lines\n" },
	{ "\n-- mig:revision   \n-- mig:up\n", PATH ":2: the revision is empty\n" },
	{ "-- mig:revision 0002_20260101000000_b\n-- mig:transaction yes\n-- mig:up\n",
	  PATH ":2: transaction must be on or off, not \"yes\"\n" },
	{ "-- c\n-- mig:revision 0002_20260101000000_c\n-- mig:up\n",
	  PATH ":2: the revision \"0002_20260101000000_c\" does not match the file name\n" },
	{ "-- mig:revision 0002_20260101000000\n-- mig:up\n",
	  PATH ":1: the revision \"0002_20260101000000\" does not match the file name\n" },
};

START_TEST(test_bad_files)
{
	const struct bad_case *c = &bad_cases[_i];
	struct migfile mf;
	struct diag d = DIAG_INIT;
	struct strbuf got = STRBUF_INIT;

	ck_assert_int_eq(parse(&mf, c->text, &d), -1);
	diag_format(&d, "", &got);
	ck_assert_str_eq(got.buf, c->want);
	strbuf_release(&got);
	diag_release(&d);
	migfile_release(&mf);
}
END_TEST

START_TEST(test_nul_byte_and_unreadable)
{
	struct migfile mf;
	struct diag d = DIAG_INIT;
	struct strbuf got = STRBUF_INIT;
	static const char text[] = "-- mig:revision 0002_20260101000000_b\n-- mig:up\nA\0B;\n";

	ck_assert_int_eq(migfile_parse(&mf, PATH, text, sizeof(text) - 1, &d), -1);
	diag_format(&d, "", &got);
	ck_assert_str_eq(got.buf, PATH ": the file contains a NUL byte\n");
	migfile_release(&mf);
	diag_release(&d);
	strbuf_reset(&got);

	ck_assert_int_eq(migfile_read(&mf, "/nonexistent/0001_20260101000000_a.sql", &d), -1);
	diag_format(&d, "", &got);
	ck_assert_str_eq(got.buf, "/nonexistent/0001_20260101000000_a.sql: cannot read the file: "
				  "No such file or directory\n");
	migfile_release(&mf);
	diag_release(&d);
	strbuf_release(&got);
}
END_TEST

/* What migfile_format() writes, migfile_parse() reads back the same. */
START_TEST(test_format_round_trip)
{
	struct migfile mf, back;
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;

	migfile_init(&mf);
	mf.revision = strdup("0002_20260101000000_b");
	model_names_add(&mf.parents, "0001_20260101000000_a");
	mf.message = strdup("add b");
	mf.transaction = false;
	mf.app = strdup("shop");
	mf.up = strdup("CREATE TABLE b (id int);"); /* no final newline: one is added */
	mf.down = strdup("DROP TABLE b;\n");
	migfile_format(&mf, &text);
	ck_assert_str_eq(text.buf, "-- mig:revision 0002_20260101000000_b\n"
				   "-- mig:parents 0001_20260101000000_a\n"
				   "-- mig:message add b\n"
				   "-- mig:transaction off\n"
				   "-- mig:app shop\n"
				   "-- mig:up\n"
				   "CREATE TABLE b (id int);\n"
				   "-- mig:down\n"
				   "DROP TABLE b;\n");
	ck_assert_int_eq(migfile_parse(&back, PATH, text.buf, text.len, &d), 0);
	ck_assert_str_eq(back.revision, mf.revision);
	ck_assert_str_eq(back.parents.items[0], "0001_20260101000000_a");
	ck_assert_str_eq(back.message, "add b");
	ck_assert(!back.transaction);
	ck_assert_str_eq(back.app, "shop");
	ck_assert_str_eq(back.up, "CREATE TABLE b (id int);\n");
	ck_assert_str_eq(back.down, "DROP TABLE b;\n");
	migfile_release(&back);
	migfile_release(&mf);
	strbuf_release(&text);
}
END_TEST

/*
 * The ways mig-gen writes and reads a migration without a second copy
 * agree with the text: migfile_format_file() writes migfile_format()'s
 * bytes, migfile_number_lines() gives the lines migfile_parse() reads, and
 * migfile_parse_header() reads the same header without the sections.
 */
START_TEST(test_file_lines_and_header)
{
	static const char *const ups[] = { "CREATE TABLE b (id int);", "A;\nB;\n\nC;\n", "" };
	struct diag d = DIAG_INIT;

	for (size_t i = 0; i < sizeof(ups) / sizeof(ups[0]); i++) {
		for (int with_down = 0; with_down < 2; with_down++) {
			struct migfile mf, back, head;
			struct strbuf text = STRBUF_INIT;
			char *streamed = NULL;
			size_t streamed_len = 0;
			FILE *f = open_memstream(&streamed, &streamed_len);

			migfile_init(&mf);
			mf.revision = strdup("0002_20260101000000_b");
			model_names_add(&mf.parents, "0001_20260101000000_a");
			mf.message = strdup("add b");
			mf.state_sum = strdup("h1:abc=");
			mf.transaction = true;
			mf.up = strdup(ups[i]);
			mf.down = with_down ? strdup("DROP TABLE b;") : NULL;
			migfile_format(&mf, &text);
			migfile_format_file(&mf, f);
			fclose(f);
			ck_assert_str_eq(streamed, text.buf);
			ck_assert_int_eq(migfile_parse(&back, PATH, text.buf, text.len, &d), 0);
			migfile_number_lines(&mf);
			ck_assert_int_eq(mf.revision_line, back.revision_line);
			ck_assert_int_eq(mf.parents_line, back.parents_line);
			ck_assert_int_eq(mf.up_line, back.up_line);
			ck_assert_int_eq(mf.down_line, back.down_line);
			ck_assert_int_eq(migfile_parse_header(&head, PATH, text.buf, text.len, &d), 0);
			ck_assert_str_eq(head.revision, back.revision);
			ck_assert_str_eq(head.state_sum, "h1:abc=");
			ck_assert_int_eq(head.up_line, back.up_line);
			ck_assert_int_eq(head.down_line, back.down_line);
			ck_assert_str_eq(head.up, "");
			if (with_down)
				ck_assert_str_eq(head.down, "");
			else
				ck_assert_ptr_null(head.down);
			migfile_release(&head);
			migfile_release(&back);
			migfile_release(&mf);
			strbuf_release(&text);
			free(streamed);
		}
	}
	/* the header reader makes the same checks */
	{
		static const char bad[] = "-- mig:revision 0002_20260101000000_b\nSELECT 1;\n-- mig:up\n";
		struct migfile head;
		ck_assert_int_eq(migfile_parse_header(&head, PATH, bad, sizeof(bad) - 1, &d), -1);
		ck_assert_str_eq(d.message, "SQL before the -- mig:up line");
		ck_assert_int_eq(d.line, 2);
		migfile_release(&head);
	}
	diag_release(&d);
}
END_TEST

START_TEST(test_names)
{
	static const char *const slugs[][2] = {
		{ "Add phone to Account", "add_phone_to_account" },
		{ "  --weird***name--  ", "weird_name" },
		{ "", "migration" },
		{ "\xc3\xa9t\xc3\xa9", "t" },
		{ "!!!", "migration" },
		{ "a123456789b123456789c123456789d123456789e123456789f", "a123456789b123456789c123456789d123456789e1234567" },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(slugs) / sizeof(slugs[0]); i++) {
		strbuf_reset(&sb);
		migfile_slugify(slugs[i][0], &sb);
		ck_assert_msg(strcmp(sb.buf, slugs[i][1]) == 0, "slug of \"%s\": \"%s\", not \"%s\"", slugs[i][0],
			      sb.buf, slugs[i][1]);
	}
	strbuf_reset(&sb);
	migfile_clean_message("  two\tlines\nhere \r\n", &sb);
	ck_assert_str_eq(sb.buf, "two lines here");
	strbuf_release(&sb);

	ck_assert_int_eq(migfile_revision_number("0042_20260101000000_x"), 42);
	ck_assert_int_eq(migfile_revision_number("42x_y"), -1);
	ck_assert_int_eq(migfile_revision_number("_1"), -1);
	ck_assert_int_eq(migfile_revision_number("0001"), -1);
	ck_assert(migfile_is_revision("0001_20260101000000_a"));
	ck_assert(migfile_is_revision("1_x"));
	ck_assert(!migfile_is_revision("0001_"));
	ck_assert(!migfile_is_revision("x_0001"));
	ck_assert(!migfile_is_revision(""));
}
END_TEST

Suite *migfile_suite(void)
{
	Suite *s = suite_create("migfile");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_full_header);
	tcase_add_test(tc, test_defaults_and_sections);
	tcase_add_loop_test(tc, test_bad_files, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_nul_byte_and_unreadable);
	tcase_add_test(tc, test_format_round_trip);
	tcase_add_test(tc, test_file_lines_and_header);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Chains of a migration folder, as mig-apply and mig-stamp choose them: the
 * chains and their order, the apps that own one, and which chains a run
 * toward each kind of target acts on (all, reversed for base, the one
 * holding a revision), with the exact message of an ambiguous target.
 */
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "diag.h"
#include "migscan.h"
#include "model.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

static void mig(const char *dir, const char *rev, const char *parent, const char *app)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s.sql", dir, rev);
	strbuf_addf(&text, "-- mig:revision %s\n-- mig:parents %s\n", rev, parent ? parent : "");
	if (app)
		strbuf_addf(&text, "-- mig:app %s\n", app);
	strbuf_addstr(&text, "-- mig:up\nSELECT 1;\n-- mig:down\nSELECT 2;\n");
	test_write_file(path.buf, text.buf);
	strbuf_release(&path);
	strbuf_release(&text);
}

/* A folder with the default chain (two migrations), app shop's (two) and app auth's (one). */
static char *three_chains(void)
{
	char *dir = test_mkdtemp();

	mig(dir, "0001_20260101000000_init", NULL, NULL);
	mig(dir, "0002_20260101000001_more", "0001_20260101000000_init", NULL);
	mig(dir, "0001_20260102000000_shop_init", NULL, "shop");
	mig(dir, "0002_20260102000001_shop_more", "0001_20260102000000_shop_init", "shop");
	mig(dir, "0001_20260103000000_auth_init", NULL, "auth");
	return dir;
}

static void joined(const struct model_names *n, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < n->nr; i++)
		strbuf_addf(out, "%s[%s]", i ? "," : "", n->items[i]);
}

START_TEST(test_list_owners_describe)
{
	char *dir = three_chains();
	struct model_names chains = { 0 }, owners = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	ck_assert_int_eq(chain_list(dir, &chains, &d), 0);
	joined(&chains, &sb);
	ck_assert_str_eq(sb.buf, "[],[auth],[shop]");
	ck_assert_int_eq(chain_owners(dir, &owners, &d), 0);
	joined(&owners, &sb);
	ck_assert_str_eq(sb.buf, "[auth],[shop]");
	ck_assert_str_eq(chain_of_app(&owners, "shop"), "shop");
	ck_assert_str_eq(chain_of_app(&owners, "blog"), "");
	ck_assert_str_eq(chain_of_app(&owners, NULL), "");
	strbuf_reset(&sb);
	chain_list_describe(&chains, &sb);
	ck_assert_str_eq(sb.buf, "the default chain, app auth's chain, app shop's chain");
	ck_assert_str_eq(chain_of_revision(dir, &chains, "0002_20260102"), "shop");
	ck_assert_str_eq(chain_of_revision(dir, &chains, "0001_20260101000000_init"), "");
	ck_assert_ptr_null(chain_of_revision(dir, &chains, "0001_"));
	ck_assert_ptr_null(chain_of_revision(dir, &chains, "0009"));
	model_names_release(&chains);
	model_names_release(&owners);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&sb);
}
END_TEST

static const struct select_case {
	const char *app, *target;
	const char *want;  /* the chains, or the error (D: the folder) */
} select_cases[] = {
	{ NULL, NULL, "[],[auth],[shop]" },
	{ NULL, "head", "[],[auth],[shop]" },
	{ NULL, "heads", "[],[auth],[shop]" },
	{ NULL, "base", "[shop],[auth],[]" },
	{ "shop", "+1", "[shop]" },
	{ "blog", "base", "[blog]" },
	{ NULL, "0002_20260102000001", "[shop]" },
	{ NULL, "0001_20260103000000_auth_init", "[auth]" },
	{ NULL, "0002_20260101000001_more", "[]" },
	{ NULL, "+1", "error: --to: \"+1\" is ambiguous: the migrations of D form several chains (the default "
		      "chain, app auth's chain, app shop's chain)\nhint: say which with --app (MIG_APP=... for make)\n" },
	{ NULL, "-2", "error: --to: \"-2\" is ambiguous: the migrations of D form several chains (the default "
		      "chain, app auth's chain, app shop's chain)\nhint: say which with --app (MIG_APP=... for make)\n" },
	{ NULL, "0001_2026010", "error: --to: there is no revision \"0001_2026010\" in D (or it matches several); "
				"give more of it\n" },
	{ NULL, "nope", "error: --to: there is no revision \"nope\" in D (or it matches several); give more of it\n" },
};

START_TEST(test_select)
{
	const struct select_case *c = &select_cases[_i];
	char *dir = three_chains();
	struct model_names out = { 0 };
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	for (const char *p = c->want; *p; p++) {
		if (*p == 'D' && c->want[0] == 'e')
			strbuf_addstr(&want, dir);
		else
			strbuf_addch(&want, *p);
	}
	/* the folder scanned here, and the one the caller scanned (mig-heads), say the same */
	for (int scanned = 0; scanned < 2; scanned++) {
		struct migscan scan;
		migscan_init(&scan);
		if (scanned)
			ck_assert_int_eq(migscan_load(&scan, dir, &d), 0);
		strbuf_reset(&got);
		if (chain_select(scanned ? &scan : NULL, dir, c->app, c->target, "--to: ", &out, &d) == 0)
			joined(&out, &got);
		else
			diag_format(&d, "", &got);
		ck_assert_msg(strcmp(got.buf, want.buf) == 0, "--app %s --to %s (scanned %d):\n  got:  %s\n  want: %s",
			      c->app ? c->app : "-", c->target ? c->target : "-", scanned, got.buf, want.buf);
		model_names_release(&out);
		memset(&out, 0, sizeof(out));
		diag_release(&d);
		migscan_release(&scan);
	}
	test_rmtree(dir);
	free(dir);
	strbuf_release(&got);
	strbuf_release(&want);
}
END_TEST

START_TEST(test_one_chain_and_bad_folder)
{
	char *dir = test_mkdtemp();
	struct model_names out = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	/* an empty (or missing) folder: the default chain, whatever the target */
	ck_assert_int_eq(chain_select(NULL, dir, NULL, "+1", "--to: ", &out, &d), 0);
	joined(&out, &sb);
	ck_assert_str_eq(sb.buf, "[]");
	model_names_release(&out);
	/* one app's chain only: relative targets are not ambiguous */
	mig(dir, "0001_20260102000000_shop_init", NULL, "shop");
	ck_assert_int_eq(chain_select(NULL, dir, NULL, "-1", "--to: ", &out, &d), 0);
	joined(&out, &sb);
	ck_assert_str_eq(sb.buf, "[shop]");
	model_names_release(&out);
	/* a file that is not a migration is the error */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/0002_x.sql", dir);
	test_write_file(sb.buf, "SELECT 1;\n");
	ck_assert_int_eq(chain_select(NULL, dir, NULL, NULL, "", &out, &d), -1);
	ck_assert_str_eq(d.file, sb.buf);
	ck_assert_int_eq(d.line, 1);
	ck_assert_str_eq(d.message, "SQL before the -- mig:up line");
	diag_release(&d);
	model_names_release(&out);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&sb);
}
END_TEST

/*
 * The apps' databases come from the roots alone: an object the reader
 * would refuse, even one the XML schema refuses, does not matter to the
 * tools that run migrations; a root that is not <models> still does.
 */
START_TEST(test_app_databases_from_the_roots)
{
	char *dir = test_mkdtemp();
	struct strbuf path = STRBUF_INIT;
	struct model apps = MODEL_INIT;
	struct diag d = DIAG_INIT;

	strbuf_addf(&path, "%s/shop.xml", dir);
	test_write_file(path.buf, "<models xmlns=\"urn:mig:model:1\" database-url-env=\"SHOP_URL\">\n"
				  "  <schema name=\"public\"/>\n"
				  "  <table name=\"t\"><column name=\"id\" type=\"bigint\"/></table>\n"
				  "</models>\n");
	model_init(&apps);
	ck_assert_int_eq(chain_read_app_databases(dir, &apps, &d), 0);
	ck_assert_str_eq(model_app_database(&apps, "shop"), "SHOP_URL");
	ck_assert_uint_eq(apps.nr_tables, 0);
	model_release(&apps);

	test_write_file(path.buf, "<models xmlns=\"urn:mig:model:1\" database-url-env=\"SHOP_URL\">\n"
				  "  <table name=\"t\"><colum name=\"id\" type=\"bigint\"/></table>\n"
				  "</models>\n");
	model_init(&apps);
	ck_assert_int_eq(chain_read_app_databases(dir, &apps, &d), 0);
	ck_assert_str_eq(model_app_database(&apps, "shop"), "SHOP_URL");
	model_release(&apps);

	test_write_file(path.buf, "<?xml version=\"1.0\"?>\n"
				  "<model xmlns=\"urn:mig:model:1\" database-url-env=\"SHOP_URL\"/>\n");
	model_init(&apps);
	ck_assert_int_eq(chain_read_app_databases(dir, &apps, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.file, "shop.xml"));
	ck_assert_int_eq(d.line, 2);
	ck_assert_ptr_nonnull(strstr(d.message, "the root element must be <models"));
	model_release(&apps);
	diag_release(&d);
	strbuf_release(&path);
	free(dir);
}
END_TEST

Suite *chain_suite(void)
{
	Suite *s = suite_create("chain");
	TCase *tc = tcase_create("select");

	tcase_add_test(tc, test_list_owners_describe);
	tcase_add_loop_test(tc, test_select, 0, (int)(sizeof(select_cases) / sizeof(select_cases[0])));
	tcase_add_test(tc, test_one_chain_and_bad_folder);
	tcase_add_test(tc, test_app_databases_from_the_roots);
	suite_add_tcase(s, tc);
	return s;
}

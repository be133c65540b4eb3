/*
 * The test program: every Check suite. CK_RUN_SUITE / CK_RUN_CASE select
 * (Check's own variables); CK_TAP_LOG_FILE_NAME writes TAP. Integration
 * suites need MIG_TEST_PG_URL (set by tests/pg-harness.sh); without it the
 * run fails, unless MIG_TEST_NO_PG=1 asks for the pure suites only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "suites.h"

int main(void)
{
	const char *no_pg = getenv("MIG_TEST_NO_PG");
	const char *url = getenv("MIG_TEST_PG_URL");
	int want_pg = !(no_pg && *no_pg && *no_pg != '0');
	SRunner *sr;
	int failed;

	if (want_pg && !(url && *url)) {
		fprintf(stderr, "mig-tests: error: MIG_TEST_PG_URL is not set; the integration suites "
				"need PostgreSQL\n"
				"mig-tests: hint: run `make check` (its harness starts a server), or "
				"MIG_TEST_NO_PG=1 for the pure suites only\n");
		return 1;
	}
	sr = srunner_create(strbuf_suite());
	srunner_add_suite(sr, model_suite());
	srunner_add_suite(sr, model_xml_suite());
	srunner_add_suite(sr, sqlnorm_suite());
	srunner_add_suite(sr, dialect_suite());
	srunner_add_suite(sr, ddl_effect_suite());
	srunner_add_suite(sr, graph_suite());
	srunner_add_suite(sr, session_suite());
	srunner_add_suite(sr, diff_suite());
	srunner_add_suite(sr, tools_suite());
	srunner_add_suite(sr, gen_suite());
	srunner_add_suite(sr, sqlite_inspect_suite());
	srunner_add_suite(sr, sqlite_apply_suite());
	srunner_add_suite(sr, sqlscan_suite());
	srunner_add_suite(sr, dialect_sqlite_rebuild_suite());
	srunner_add_suite(sr, migfile_suite());
	srunner_add_suite(sr, sumfile_suite());
	srunner_add_suite(sr, sqlsplit_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, env_suite());
	srunner_add_suite(sr, strmap_suite());
	srunner_add_suite(sr, ptrmap_suite());
	srunner_add_suite(sr, strpool_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, fs_suite());
	srunner_add_suite(sr, chain_suite());
	srunner_add_suite(sr, lint_suite());
	if (want_pg) {
		srunner_add_suite(sr, pg_suite());
		srunner_add_suite(sr, inspect_suite());
		srunner_add_suite(sr, scenarios_suite());
		srunner_add_suite(sr, apply_suite());
		srunner_add_suite(sr, make_suite());
		srunner_add_suite(sr, runtime_suite());
		srunner_add_suite(sr, lint_tools_suite());
		srunner_add_suite(sr, online_load_suite());
		if (access(corpora_dir(), R_OK) == 0)
			srunner_add_suite(sr, corpora_suite());
		else
			fprintf(stderr, "mig-tests: NOTE: no corpora at %s (MIG_CORPORA): the real-world "
					"chain round trips are not run\n", corpora_dir());
	}
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

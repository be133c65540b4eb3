/* Every Check suite of the test program (tests/check_main.c runs them). */
#ifndef MIG_TEST_SUITES_H
#define MIG_TEST_SUITES_H

#include <check.h>

/* Pure suites: no server needed. */
Suite *strbuf_suite(void);
Suite *model_suite(void);
Suite *model_xml_suite(void);
Suite *sqlnorm_suite(void);
Suite *dialect_suite(void);
Suite *ddl_effect_suite(void);
Suite *graph_suite(void);
Suite *session_suite(void);
Suite *diff_suite(void);
Suite *tools_suite(void);
Suite *gen_suite(void);
Suite *sqlite_inspect_suite(void);
Suite *sqlite_apply_suite(void);
Suite *sqlscan_suite(void);
Suite *dialect_sqlite_rebuild_suite(void);
Suite *migfile_suite(void);
Suite *sumfile_suite(void);
Suite *sqlsplit_suite(void);
Suite *config_suite(void);
Suite *env_suite(void);
Suite *strmap_suite(void);
Suite *ptrmap_suite(void);
Suite *strpool_suite(void);
Suite *json_suite(void);
Suite *fs_suite(void);
Suite *chain_suite(void);
Suite *lint_suite(void);

/* Integration suites: need the harness's PostgreSQL (MIG_TEST_PG_URL). */
Suite *pg_suite(void);
Suite *scenarios_suite(void);
Suite *inspect_suite(void);
Suite *apply_suite(void);
Suite *corpora_suite(void);
Suite *make_suite(void);
Suite *runtime_suite(void);
Suite *lint_tools_suite(void);
Suite *online_load_suite(void);
/* The corpora directory (MIG_CORPORA, default ../shared/corpora). */
const char *corpora_dir(void);

#endif

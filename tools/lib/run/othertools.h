/*
 * othertools: the version tables other migration tools keep in a database
 * they manage. A database adopted from Alembic, Aerich, Flyway, ... holds
 * one; it is the old tool's bookkeeping, not the application's schema, so
 * mig-inspect leaves it out of the model and says so.
 *
 * Ownership: the strings returned are static.
 */
#ifndef MIG_OTHERTOOLS_H
#define MIG_OTHERTOOLS_H

#include <stddef.h>

/*
 * Whose version table a table named `name` is, as it is said in a message
 * ("Alembic's version table"), or NULL when it is no known tool's. mig's own
 * tables (mig_*) are not listed here: they are left out without a word.
 */
const char *othertools_version_table(const char *name);

/* The same names as a SQL array, for catalog queries (a test checks that the two lists agree). */
#define OTHERTOOLS_TABLES_SQL                                                                   \
	"ARRAY['alembic_version', 'aerich', 'flyway_schema_history', 'schema_migrations', "     \
	"'goose_db_version', 'knex_migrations', 'knex_migrations_lock', 'django_migrations', "  \
	"'__EFMigrationsHistory', '_sqlx_migrations', 'atlas_schema_revisions']"

/* The names, for a catalog query: the i-th of othertools_nr (NULL past the end). */
extern const size_t othertools_nr;
const char *othertools_name(size_t i);

#endif

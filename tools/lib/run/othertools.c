#include "othertools.h"

#include <string.h>

#include "banned.h"

static const struct {
	const char *table, *what;
} tables[] = {
	{ "alembic_version", "Alembic's version table" },
	{ "aerich", "Aerich's version table" },
	{ "flyway_schema_history", "Flyway's version table" },
	{ "schema_migrations", "the version table of golang-migrate, dbmate or Rails" },
	{ "goose_db_version", "goose's version table" },
	{ "knex_migrations", "Knex's version table" },
	{ "knex_migrations_lock", "Knex's lock table" },
	{ "django_migrations", "Django's version table" },
	{ "__EFMigrationsHistory", "Entity Framework's version table" },
	{ "_sqlx_migrations", "sqlx's version table" },
	{ "atlas_schema_revisions", "Atlas' version table" },
};

const size_t othertools_nr = sizeof(tables) / sizeof(tables[0]);

const char *othertools_version_table(const char *name)
{
	for (size_t i = 0; i < othertools_nr; i++) {
		if (strcmp(tables[i].table, name) == 0)
			return tables[i].what;
	}
	return NULL;
}

const char *othertools_name(size_t i)
{
	return i < othertools_nr ? tables[i].table : NULL;
}

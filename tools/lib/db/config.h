/*
 * config: which database the tools talk to.
 *
 * Order: --database-url, then DATABASE_URL, then the POSTGRES_HOST, _PORT,
 * _DATABASE, _USER and _PASSWORD variables (defaults 127.0.0.1, 5432,
 * production-db, root, password, as seeds/000), then the embedded default,
 * a SQLite file (var/dev.sqlite3). libpq's own PG* variables and sslmode
 * still apply to whatever the URL leaves out.
 *
 * URL forms: postgres:// and postgresql:// (libpq), SQLAlchemy's
 * postgresql+psycopg2://, postgresql+psycopg://, postgresql+asyncpg://
 * (the +driver is dropped; asyncpg's ?ssl=X becomes libpq's sslmode=X),
 * sqlite:PATH, sqlite:///PATH, sqlite+...:///PATH. Without a connect_timeout
 * (URL or PGCONNECT_TIMEOUT), an unreachable host is given up after 10 s.
 *
 * The dialect (dialect.h) follows from the URL's scheme, or is PostgreSQL's
 * for the POSTGRES_* variables and SQLite's for the embedded default: this
 * is the one place that chooses it.
 *
 * Secrets: a db_config's display masks the password; no tool prints a password
 * unless LOG_SECRETS=true.
 *
 * Ownership: a struct db_config owns its strings.
 */
#ifndef MIG_CONFIG_H
#define MIG_CONFIG_H

#include <stdbool.h>

struct dialect;
struct diag;
struct env;
struct strbuf;

struct db_config {
	const struct dialect *dialect; /* chosen here, and only here (dialect.h) */
	char *conninfo;    /* owned; pgsql: what libpq gets (URL or key=value) */
	char *sqlite_path; /* owned; sqlite: the database file */
	char *display;     /* owned; the target without its password, for messages */
	char *password;    /* owned; the password, for masking messages, or NULL */
	char *dbname;      /* owned; pgsql: another database of the same server, or NULL */
	bool log_secrets;  /* LOG_SECRETS=true: passwords may appear */
	bool is_default;   /* nothing was configured: the embedded SQLite file */
};

void config_init(struct db_config *cfg);
void config_release(struct db_config *cfg);

/*
 * Resolves the database from url (NULL: env, see env.h; env may be NULL for
 * the real environment only). A malformed URL gets one message saying which
 * part is wrong; an empty one (url, or DATABASE_URL set to "" in the
 * environment or a .env file) is an error naming it, never the embedded
 * default. Returns 0 or -1.
 */
int config_resolve(struct db_config *cfg, const char *url, const struct env *env,
		   struct diag *d);

/*
 * out: cfg's server and credentials, but database dbname (a scratch
 * database next to the configured one). pgsql only.
 */
void config_other_database(const struct db_config *cfg, const char *dbname, struct db_config *out);

/* Replaces every occurrence of the password in text by "***" (in place). */
void config_mask_secret(const struct db_config *cfg, struct strbuf *text);

#endif

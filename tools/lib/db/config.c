#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect.h"
#include "diag.h"
#include "env.h"
#include "strbuf.h"
#include "xalloc.h"
#include "banned.h"

#define DEFAULT_SQLITE_PATH "var/dev.sqlite3"

void config_init(struct db_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

void config_release(struct db_config *cfg)
{
	free(cfg->conninfo);
	free(cfg->sqlite_path);
	free(cfg->display);
	free(cfg->password);
	free(cfg->dbname);
	config_init(cfg);
}

void config_other_database(const struct db_config *cfg, const char *dbname, struct db_config *out)
{
	struct strbuf disp = STRBUF_INIT;

	config_init(out);
	out->dialect = cfg->dialect;
	out->conninfo = cfg->conninfo ? xstrdup(cfg->conninfo) : NULL;
	out->password = cfg->password ? xstrdup(cfg->password) : NULL;
	out->log_secrets = cfg->log_secrets;
	out->dbname = xstrdup(dbname);
	strbuf_addf(&disp, "database %s on the server of %s", dbname, cfg->display);
	out->display = strbuf_detach(&disp, NULL);
}

static bool env_true(const struct env *env, const char *name)
{
	const char *v = env_get(env, name);

	return v && (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0);
}

static int hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Percent-decodes s[0..len) into out; -1 on a bad escape. %00 is one too
 * (as for libpq): a NUL would cut the value short, and an empty SQLite path
 * is a throwaway temporary database.
 */
static int percent_decode(const char *s, size_t len, struct strbuf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			strbuf_addch(out, hi * 16 + lo);
			i += 2;
		} else {
			strbuf_addch(out, s[i]);
		}
	}
	return 0;
}

static int config_sqlite_from_url(struct db_config *cfg, const char *url, const char *rest,
			   struct diag *d)
{
	struct strbuf path = STRBUF_INIT;

	/* sqlite:PATH, sqlite://PATH (relative), sqlite:///PATH (absolute: ////) */
	if (strncmp(rest, "///", 3) == 0)
		rest += 3;
	else if (strncmp(rest, "//", 2) == 0)
		rest += 2;
	if (!*rest) {
		diag_error(d, "database URL \"%s\": the SQLite file path is missing", url);
		diag_hint(d, "write sqlite:path/to/file.db");
		return -1;
	}
	if (percent_decode(rest, strlen(rest), &path) < 0) {
		strbuf_release(&path);
		return diag_error(d, "database URL \"%s\": the path has a bad %%-escape", url);
	}
	cfg->dialect = &dialect_sqlite;
	cfg->sqlite_path = strbuf_detach(&path, NULL);
	cfg->display = xstrdup(url);
	return 0;
}

/* Appends text with the value of each password=VALUE (up to a space or '&') as ***. */
static void mask_password_params(const char *text, struct strbuf *out)
{
	const char *p = text, *hit;

	while ((hit = strstr(p, "password=")) != NULL) {
		hit += strlen("password=");
		strbuf_add(out, p, (size_t)(hit - p));
		strbuf_addstr(out, "***");
		p = hit + strcspn(hit, " \t&");
	}
	strbuf_addstr(out, p);
}

/*
 * One port: digits, 1 to 65535. what names it in messages: "database URL:
 * the port" or "POSTGRES_PORT:".
 */
static int check_port(const char *what, const char *port, size_t len, struct diag *d)
{
	long n = 0;

	if (!len)
		return diag_error(d, "%s is empty", what);
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)port[i]))
			return diag_error(d, "%s \"%.*s\" is not a number", what, (int)len, port);
		if (n <= 65535)
			n = n * 10 + (port[i] - '0');
	}
	if (n < 1 || n > 65535)
		return diag_error(d, "%s \"%.*s\" is out of range (1 to 65535)", what, (int)len, port);
	return 0;
}

/*
 * The hosts of a URL, [start, end): host[:port] entries separated by
 * commas (libpq's multi-host URLs); a host may be an IPv6 address in [].
 */
static int check_hosts(const char *start, const char *end, struct diag *d)
{
	for (const char *h = start;;) {
		const char *comma = memchr(h, ',', (size_t)(end - h));
		const char *e = comma ? comma : end, *port = NULL;

		if (h < e && *h == '[') {
			const char *close = memchr(h, ']', (size_t)(e - h));
			if (!close)
				return diag_error(d, "database URL: the IPv6 host has no closing \"]\"");
			if (close + 1 < e && close[1] != ':')
				return diag_error(d, "database URL: \"%.*s\" after the IPv6 host is not a :port",
						  (int)(e - close - 1), close + 1);
			if (close + 1 < e)
				port = close + 1;
		} else {
			port = memchr(h, ':', (size_t)(e - h));
		}
		if (port && check_port("database URL: the port", port + 1, (size_t)(e - port - 1), d) < 0)
			return -1;
		if (!comma)
			return 0;
		h = comma + 1;
	}
}

/*
 * postgres[ql][+driver]://[user[:password]@][host][:port][/dbname][?params]:
 * checked part by part, so that a half-written URL gets a precise message.
 */
static int config_pg_from_url(struct db_config *cfg, const char *url, const char *rest, struct diag *d)
{
	struct strbuf norm = STRBUF_INIT, disp = STRBUF_INIT, pw = STRBUF_INIT;
	const char *auth, *at, *hostpart, *slash, *q;
	int ret = -1;

	if (strncmp(rest, "//", 2) != 0) {
		diag_error(d, "database URL: \"//\" is missing after the scheme");
		diag_hint(d, "write postgresql://user:password@host:5432/dbname");
		goto out;
	}
	auth = rest + 2;
	slash = strchr(auth, '/');
	q = strchr(auth, '?');
	if (q && (!slash || q < slash))
		slash = NULL;
	at = NULL; /* the last '@' before the path: passwords may hold '@' unescaped */
	for (const char *p = auth; p < (slash ? slash : (q ? q : auth + strlen(auth))); p++) {
		if (*p == '@')
			at = p;
	}
	hostpart = at ? at + 1 : auth;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			if (percent_decode(colon + 1, (size_t)(at - colon - 1), &pw) < 0) {
				diag_error(d, "database URL: the password has a bad %%-escape");
				goto out;
			}
			if (colon == auth) {
				diag_error(d, "database URL: the user name is empty but a password is given");
				goto out;
			}
		}
	}
	if (check_hosts(hostpart, slash ? slash : (q ? q : hostpart + strlen(hostpart)), d) < 0)
		goto out;
	/* a password may also come as a parameter (?password=...): libpq takes the last one */
	for (const char *p = q; p && *p;) {
		const char *amp = strchr(p + 1, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len >= 10 && strncmp(p + 1, "password=", 9) == 0) {
			strbuf_reset(&pw);
			if (percent_decode(p + 10, len - 10, &pw) < 0) {
				diag_error(d, "database URL: the password parameter has a bad %%-escape");
				goto out;
			}
		}
		p += len;
	}
	/* libpq takes postgresql:// URLs as they are; SQLAlchemy's +driver goes. */
	strbuf_addstr(&norm, "postgresql:");
	if (q) {
		/* asyncpg's ssl=X is libpq's sslmode=X */
		strbuf_add(&norm, rest, (size_t)(q - rest));
		for (const char *p = q; *p;) {
			const char *amp = strchr(p + 1, '&');
			size_t len = amp ? (size_t)(amp - p) : strlen(p);
			if (strncmp(p + 1, "ssl=", 4) == 0) {
				strbuf_addch(&norm, *p);
				strbuf_addstr(&norm, "sslmode=");
				strbuf_add(&norm, p + 5, len - 5);
			} else {
				strbuf_add(&norm, p, len);
			}
			p += len;
		}
	} else {
		strbuf_addstr(&norm, rest);
	}
	cfg->dialect = &dialect_pg;
	cfg->conninfo = strbuf_detach(&norm, NULL);
	if (pw.len)
		cfg->password = strbuf_detach(&pw, NULL);
	if (cfg->log_secrets) {
		strbuf_addstr(&disp, url);
	} else {
		/* for display: user:***@, and password=*** among the parameters */
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		const char *from = url;
		if (colon) {
			strbuf_add(&disp, url, (size_t)(colon + 1 - url));
			strbuf_addstr(&disp, "***");
			from = at;
		}
		if (q) {
			strbuf_add(&disp, from, (size_t)(q - from));
			mask_password_params(q, &disp);
		} else {
			strbuf_addstr(&disp, from);
		}
	}
	cfg->display = strbuf_detach(&disp, NULL);
	ret = 0;
out:
	strbuf_release(&norm);
	strbuf_release(&disp);
	strbuf_release(&pw);
	return ret;
}

static int from_url(struct db_config *cfg, const char *url, struct diag *d)
{
	const char *colon = strchr(url, ':');
	struct strbuf scheme = STRBUF_INIT;
	int ret;

	if (!colon || colon == url) {
		/* it may be a libpq key=value string, with its password= */
		struct strbuf shown = STRBUF_INIT;
		if (!cfg->log_secrets)
			mask_password_params(url, &shown);
		else
			strbuf_addstr(&shown, url);
		ret = diag_error(d, "database URL \"%s\" has no scheme", shown.buf);
		strbuf_release(&shown);
		diag_hint(d, "write postgresql://user:password@host:5432/dbname or sqlite:path/to/file.db");
		return ret;
	}
	strbuf_add(&scheme, url, (size_t)(colon - url));
	for (size_t i = 0; i < scheme.len; i++)
		scheme.buf[i] = (char)tolower((unsigned char)scheme.buf[i]);
	/* SQLAlchemy's dialect+driver */
	if (strchr(scheme.buf, '+'))
		strbuf_setlen(&scheme, (size_t)(strchr(scheme.buf, '+') - scheme.buf));
	if (strcmp(scheme.buf, "postgres") == 0 || strcmp(scheme.buf, "postgresql") == 0) {
		ret = config_pg_from_url(cfg, url, colon + 1, d);
	} else if (strcmp(scheme.buf, "sqlite") == 0 || strcmp(scheme.buf, "sqlite3") == 0) {
		ret = config_sqlite_from_url(cfg, url, colon + 1, d);
	} else {
		struct strbuf shown = STRBUF_INIT;
		mask_password_params(scheme.buf, &shown);
		ret = diag_error(d, "database URL: the scheme \"%s\" is not supported", shown.buf);
		strbuf_release(&shown);
		diag_hint(d, "use postgresql://... or sqlite:PATH");
	}
	strbuf_release(&scheme);
	return ret;
}

static void add_kv(struct strbuf *out, const char *key, const char *value)
{
	strbuf_addf(out, "%s%s='", out->len ? " " : "", key);
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || *p == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '\'');
}

static const char *env_or(const struct env *env, const char *name, const char *dflt)
{
	const char *v = env_get(env, name);
	return v && *v ? v : dflt;
}

int config_resolve(struct db_config *cfg, const char *url, const struct env *env,
		   struct diag *d)
{
	static const char *const pg_vars[] = {
		"POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DATABASE", "POSTGRES_USER", "POSTGRES_PASSWORD",
	};
	bool any_pg = false;

	config_init(cfg);
	cfg->log_secrets = env_true(env, "LOG_SECRETS");
	/* an unreachable host: one clear line after 10 s, not minutes of silence */
	setenv("PGCONNECT_TIMEOUT", "10", 0);
	if (url && !*url)
		return diag_error(d, "the database URL (--database-url) is empty");
	if (!url) {
		url = env_get(env, "DATABASE_URL");
		/* set but empty: a template's placeholder, never a silent switch to another database */
		if (url && !*url) {
			diag_error(d, "DATABASE_URL is set but empty (in %s)",
				   getenv("DATABASE_URL") ? "the environment" : "a .env file");
			diag_hint(d, "set it to the database's URL (postgresql://... or sqlite:PATH), or remove it "
				  "to use the POSTGRES_* variables or the embedded SQLite file");
			return -1;
		}
	}
	if (url)
		return from_url(cfg, url, d);
	for (size_t i = 0; i < sizeof(pg_vars) / sizeof(pg_vars[0]); i++) {
		const char *v = env_get(env, pg_vars[i]);
		any_pg = any_pg || (v && *v);
	}
	if (any_pg) {
		struct strbuf ci = STRBUF_INIT, disp = STRBUF_INIT;
		const char *host = env_or(env, "POSTGRES_HOST", "127.0.0.1");
		const char *port = env_or(env, "POSTGRES_PORT", "5432");
		const char *db = env_or(env, "POSTGRES_DATABASE", "production-db");
		const char *user = env_or(env, "POSTGRES_USER", "root");
		const char *pw = env_or(env, "POSTGRES_PASSWORD", "password");
		if (check_port("POSTGRES_PORT:", port, strlen(port), d) < 0)
			return -1;
		add_kv(&ci, "host", host);
		add_kv(&ci, "port", port);
		add_kv(&ci, "dbname", db);
		add_kv(&ci, "user", user);
		add_kv(&ci, "password", pw);
		strbuf_addf(&disp, "postgresql://%s:%s@%s:%s/%s", user, cfg->log_secrets ? pw : "***", host, port, db);
		cfg->dialect = &dialect_pg;
		cfg->conninfo = strbuf_detach(&ci, NULL);
		cfg->display = strbuf_detach(&disp, NULL);
		cfg->password = xstrdup(pw);
		return 0;
	}
	cfg->dialect = &dialect_sqlite;
	cfg->sqlite_path = xstrdup(DEFAULT_SQLITE_PATH);
	cfg->display = xstrdup("sqlite:" DEFAULT_SQLITE_PATH);
	cfg->is_default = true;
	return 0;
}

void config_mask_secret(const struct db_config *cfg, struct strbuf *text)
{
	struct strbuf out = STRBUF_INIT;
	size_t plen;
	const char *p, *hit;

	if (!cfg->password || !cfg->password[0] || cfg->log_secrets)
		return;
	plen = strlen(cfg->password);
	for (p = text->buf; (hit = strstr(p, cfg->password)) != NULL; p = hit + plen) {
		/*
		 * A password of a few letters is also part of words ("a" in
		 * "failed"): those stay; a password standing on its own goes.
		 */
		bool inside = plen < 8 && ((hit > text->buf && isalnum((unsigned char)hit[-1])) ||
					   isalnum((unsigned char)hit[plen]));
		strbuf_add(&out, p, (size_t)(hit - p));
		if (inside)
			strbuf_add(&out, hit, plen);
		else
			strbuf_addstr(&out, "***");
	}
	strbuf_addstr(&out, p);
	strbuf_reset(text);
	strbuf_addstr(text, out.buf);
	strbuf_release(&out);
}

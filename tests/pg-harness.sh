#!/usr/bin/env bash
# Runs COMMAND... against a throwaway PostgreSQL cluster that this script owns:
# initdb + pg_ctl in a temporary directory, a free port on 127.0.0.1 (and a
# Unix socket in the same directory), fsync off. As root, the server runs as
# the "postgres" user. The cluster is stopped and removed on every exit path,
# failures and Ctrl-C included. If the server cannot start, the run fails with
# the tail of its log.
#
# The command sees:
#   MIG_TEST_PG_URL   postgresql://postgres@127.0.0.1:PORT/postgres
#   MIG_TEST_PG_HOST  the socket directory; MIG_TEST_PG_PORT the port
#   MIG_TEST_PG_LOG   the server log file
#   MIG_TEST_PG_BIN   the server's bin directory (pg_dump, psql, ...)
#
# MIG_PG_HARNESS_OPTS adds server options ("-c log_statement=all").
#
# Authentication is trust, except for the role mig_password_test (which the
# tests create and drop): over TCP it must give its password (scram-sha-256),
# so that a wrong password can be tested. Log lines start with
# '%m [%p] %a@%d ' (time, pid, application_name@database).
#
# Usage: tests/pg-harness.sh COMMAND [ARG]...
set -u

die() {
	echo "pg-harness: error: $*" >&2
	exit 1
}

[ $# -gt 0 ] || die "usage: tests/pg-harness.sh COMMAND [ARG]..."

find_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null)
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
	[ -x "$d/initdb" ] && { echo "$d"; return; }
	return 1
}

PGBIN=$(find_bindir) || die "initdb and pg_ctl not found (install the postgresql package)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mig-pg.XXXXXX") || die "cannot create a temporary directory"
chmod 755 "$tmp"
datadir=$tmp/data
logfile=$tmp/server.log

as_server() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

started=
child=
cleanup() {
	if [ -n "$child" ]; then
		kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
	fi
	if [ -n "$started" ]; then
		as_server "$PGBIN/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || die "running as root, but there is no \"postgres\" user to run the server as"
	chown postgres "$tmp"
fi

if ! as_server "$PGBIN/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C \
	--no-sync >"$tmp/initdb.log" 2>&1; then
	tail -n 30 "$tmp/initdb.log" >&2
	die "initdb failed"
fi
# First match wins: the password role's lines go before initdb's trust lines.
hba=$datadir/pg_hba.conf
{
	printf 'host all mig_password_test 127.0.0.1/32 scram-sha-256\n'
	printf 'host all mig_password_test ::1/128 scram-sha-256\n'
	cat "$hba"
} >"$tmp/pg_hba.conf" && cat "$tmp/pg_hba.conf" >"$hba" && rm -f "$tmp/pg_hba.conf" ||
	die "cannot write $hba"

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

tries=0
while :; do
	tries=$((tries + 1))
	port=$((20000 + RANDOM % 40000))
	port_in_use "$port" && continue
	if as_server "$PGBIN/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 \
		-o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$tmp \
-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=100 \
-c log_line_prefix='%m [%p] %a@%d ' ${MIG_PG_HARNESS_OPTS:-}" start >"$tmp/pg_ctl.log" 2>&1; then
		started=1
		break
	fi
	if [ $tries -ge 3 ] || ! grep -q -i "address already in use" "$logfile" 2>/dev/null; then
		echo "pg-harness: the PostgreSQL server did not start; the end of its log:" >&2
		tail -n 30 "$logfile" >&2 2>/dev/null || cat "$tmp/pg_ctl.log" >&2
		die "PostgreSQL failed to start (server binaries: $PGBIN)"
	fi
done

export MIG_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
export MIG_TEST_PG_HOST=$tmp MIG_TEST_PG_PORT=$port MIG_TEST_PG_LOG=$logfile
export MIG_TEST_PG_BIN=$PGBIN
echo "pg-harness: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

# In the background, so that a signal to this script is handled at once
# (bash runs traps only between foreground commands).
"$@" &
child=$!
wait "$child"
rc=$?
child=
exit $rc

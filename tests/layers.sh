#!/bin/sh
# The layers of tools/lib (docs/architecture.md), checked from the source:
#  (a) no include cycle among library modules: a module is x.c and x.h
#      together; `#include "y.h"` in either is an edge x -> y; every cycle is
#      reported with the include lines that make it;
#  (b) no file outside tools/lib/dialect/ names a dialect (its constants, its
#      name as a string, a backend's functions or library), but the one
#      place that chooses a dialect from the configuration (CHOOSERS below).
#      The tools' mains (tools/*.c) are checked too.
#   tests/layers.sh        exit 1 naming each offence as file:line, else 0
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

# (b)'s exceptions, each with its reason.
#  tools/lib/db/config.c: resolves the configuration (a URL's scheme, the
#  POSTGRES_* variables, the embedded default SQLite file) and so chooses
#  the dialect: the one place that does (DESIGN.md, issue 11).
CHOOSERS='tools/lib/db/config.c'

# A dialect's constants or name, a backend's functions (prefixes, and the
# name_pg() / name_sqlite() pairs), or a backend's client library.
NAMES='DIALECT_PGSQL|DIALECT_SQLITE|"pgsql"|"sqlite"|dialect_pg_|dialect_sqlite_|db_sqlite_|db_pg_|inspect_sqlite|inspect_pg|model_sqlite_|ddl_replay_sqlite|[a-z]_(pg|sqlite)\(|sqlite3_|<sqlite3\.h>|<libpq-fe\.h>'

fail=0

# --- (a) include cycles ---------------------------------------------------
edges=$(mktemp "${TMPDIR:-/tmp}/mig-layers.XXXXXX")
trap 'rm -f "$edges"' EXIT
files=$(find tools/lib -name '*.[ch]' | sort)
# "file:line:#include "x.h"" -> "from to file:line", for the library's own headers only
grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*"' $files | awk -v headers="$(echo "$files" | grep '\.h$')" '
	BEGIN { n = split(headers, hs, "\n"); for (i = 1; i <= n; i++) { b = hs[i]; sub(/.*\//, "", b); own[b] } }
	{
		split($0, p, ":"); file = p[1]; line = p[2]
		h = $0; sub(/^[^"]*"/, "", h); sub(/".*/, "", h); sub(/.*\//, "", h)
		if (!(h in own)) next
		from = file; sub(/.*\//, "", from); sub(/\.[ch]$/, "", from)
		to = h; sub(/\.h$/, "", to)
		if (from != to) print from, to, file ":" line
	}' >"$edges"

cycles=$(awk '
	{ key = $1 SUBSEP $2; if (!(key in where)) { where[key] = $3; adj[$1] = adj[$1] " " $2 } nodes[$1]; nodes[$2] }
	function dfs(u,    i, n, vs, v, k, s) {
		color[u] = 1; stack[++depth] = u
		n = split(adj[u], vs, " ")
		for (i = 1; i <= n; i++) {
			v = vs[i]
			if (color[v] == 1) {
				# a back edge: the cycle is the stack from v up to u, then v again
				for (k = depth; stack[k] != v; k--) ;
				s = ""
				for (; k < depth; k++)
					s = s stack[k] " -> "
				s = s u " -> " v " ("
				for (k = depth; stack[k] != v; k--) ;
				for (; k < depth; k++)
					s = s where[stack[k], stack[k + 1]] ", "
				print s where[u, v] ")"
			} else if (!color[v]) {
				dfs(v)
			}
		}
		depth--; color[u] = 2
	}
	END { depth = 0; for (u in nodes) if (!color[u]) dfs(u) }
' "$edges")
if [ -n "$cycles" ]; then
	printf '%s\n' "$cycles" | sed 's/^/layers: include cycle: /'
	fail=1
fi

# --- (b) dialect names outside the dialects -------------------------------
offences=$( { ls tools/*.c; find tools/lib -name '*.[ch]' -not -path 'tools/lib/dialect/*'; } | sort |
	while read -r f; do
		for c in $CHOOSERS; do [ "$f" = "$c" ] && continue 2; done
		grep -nE "$NAMES" "$f" /dev/null
	done)
if [ -n "$offences" ]; then
	printf '%s\n' "$offences" | sed 's/^\([^:]*:[0-9]*\):[[:space:]]*/layers: \1: names a dialect outside tools\/lib\/dialect\/: /'
	fail=1
fi

[ "$fail" = 0 ] && echo "layers: ok (no include cycle; no dialect named outside tools/lib/dialect/ but $CHOOSERS)"
exit $fail

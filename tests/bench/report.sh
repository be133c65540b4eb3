#!/usr/bin/env bash
# Writes the results of one `make bench` run (RESULTS: the lines bench-floor
# and bench-apply append, "PART<TAB>CASE<TAB>SIZE<TAB>MEDIAN_MS<TAB>PEAK_KB")
# into DOC between the lines "<!-- bench:begin -->" and "<!-- bench:end -->":
# the ratios against the floor with the issue's targets, peak memory against
# 20 MB, the growth per 10x, and a gnuplot plot of time against size (PNG).
#
# Usage: tests/bench/report.sh RESULTS DOC PNG
set -euo pipefail
results=$1 doc=$2 png=$3
[ -s "$results" ] || { echo "report.sh: $results is empty" >&2; exit 1; }
grep -q '^<!-- bench:begin -->$' "$doc" && grep -q '^<!-- bench:end -->$' "$doc" ||
	{ echo "report.sh: $doc lacks the bench:begin/bench:end lines" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
	echo "<!-- bench:begin -->"
	echo "<!-- written by tests/bench/report.sh from one \`make bench\` run; do not edit by hand -->"
	echo
	echo "Run of $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); medians; ratio = mig / the floor in the same rounds."
	echo
	echo "| part | size | case | median ms | ratio | target | peak MiB |"
	echo "|---|---:|---|---:|---:|---:|---:|"
	awk -F'\t' '
	function target(part, c) {
		if (part == "status" && c == "mig-heads --pending") return "1.2"
		if (part == "inspect" && c == "mig-inspect") return "0.7"
		if (part == "inspect+objects" && c == "mig-inspect") return "0.7"
		if (part == "apply-pgsql" && c == "mig-apply") return "1.0 (psql autocommit)"
		if (part == "apply-pgsql" && c == "mig-apply --single-transaction") return "1.15 (one message)"
		return ""
	}
	{
		key = $1 SUBSEP $3
		if (!(key in floor_ms)) floor_ms[key] = $4
		if ($1 == "apply-pgsql" && $2 == "psql (autocommit)") auto[$3] = $4
		if ($1 == "apply-pgsql" && $2 == "one query message (libpq)") one[$3] = $4
		line[NR] = $0
	}
	END {
		for (i = 1; i <= NR; i++) {
			split(line[i], f, "\t")
			key = f[1] SUBSEP f[3]
			ratio = ""
			if (f[1] == "apply-pgsql" && f[2] == "mig-apply" && (f[3] in auto)) ratio = sprintf("%.2f", f[4] / auto[f[3]])
			else if (f[1] == "apply-pgsql" && f[2] == "mig-apply --single-transaction" && (f[3] in one)) ratio = sprintf("%.2f", f[4] / one[f[3]])
			else if (f[1] != "memory" && f[1] != "apply" && f[1] != "apply-pgsql" && f[4] != floor_ms[key]) ratio = sprintf("%.2f", f[4] / floor_ms[key])
			printf "| %s | %s | %s | %.1f | %s | %s | %.1f |\n", f[1], f[3], f[2], f[4], ratio, target(f[1], f[2]), f[5] / 1024
		}
	}' "$results"
	echo
	echo "Growth per 10x in size (time ratio; target at most 12), and peak memory:"
	echo
	echo "| part | case | sizes | time ratios | peak MiB |"
	echo "|---|---|---|---|---|"
	awk -F'\t' '
	{ k = $1 "\t" $2; if (!(k in sizes)) order[++n] = k; sizes[k] = sizes[k] " " $3; ms[k, $3] = $4; kb[k, $3] = $5 }
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]; m = split(substr(sizes[k], 2), s, " ")
			if (m < 2) continue
			split(k, pc, "\t"); r = ""; mem = ""
			for (j = 1; j <= m; j++) {
				mem = mem (j > 1 ? ", " : "") sprintf("%.1f", kb[k, s[j]] / 1024)
				if (j > 1) r = r (j > 2 ? ", " : "") sprintf("%.1f", ms[k, s[j]] / ms[k, s[j - 1]])
			}
			sz = substr(sizes[k], 2)
			gsub(" ", " → ", sz)
			printf "| %s | %s | %s | %s | %s |\n", pc[1], pc[2], sz, r, mem
		}
	}' "$results"
	echo
	echo "![time against size, mig and the floor](benchmarks.png)"
	echo
	echo "<!-- bench:end -->"
} > "$tmp/section.md"

# the plot: time against size, log-log, for mig and its floor
for pair in "status:psql SELECT 1" "status:mig-heads --pending" "inspect:pg_dump -s" "inspect:mig-inspect" \
	"gen:xmllint --noout" "gen:mig-gen (first migration)" "apply:mig-apply (the whole chain)"; do
	part=${pair%%:*} case=${pair#*:}
	awk -F'\t' -v p="$part" -v c="$case" '$1 == p && $2 == c { print $3, $4 }' "$results" > "$tmp/$(echo "$pair" | tr -c 'a-zA-Z0-9\n' _).dat"
done
if command -v gnuplot >/dev/null; then
	{
		echo "set terminal pngcairo size 900,560 noenhanced"
		echo "set output '$png'"
		echo "set logscale xy; set grid"
		echo "set xlabel 'size (migrations for status and apply, tables for inspect and gen)'"
		echo "set ylabel 'median wall time, ms'"
		echo "set key left top"
		echo -n "plot "
		sep=""
		for pair in "status:psql SELECT 1" "status:mig-heads --pending" "inspect:pg_dump -s" "inspect:mig-inspect" \
			"gen:xmllint --noout" "gen:mig-gen (first migration)" "apply:mig-apply (the whole chain)"; do
			f="$tmp/$(echo "$pair" | tr -c 'a-zA-Z0-9\n' _).dat"
			[ -s "$f" ] || continue
			dash=""
			case "$pair" in *psql*|*pg_dump*|*xmllint*) dash=" dt 2" ;; esac
			echo -n "${sep}'$f' using 1:2 with linespoints lw 2$dash title '${pair#*:}'"
			sep=", "
		done
		echo
	} > "$tmp/plot.gp"
	gnuplot "$tmp/plot.gp"
else
	echo "report.sh: gnuplot is not installed (Debian: gnuplot-nox): no plot" >&2
fi

awk -v section="$tmp/section.md" '
	/^<!-- bench:begin -->$/ { while ((getline l < section) > 0) print l; skip = 1; next }
	/^<!-- bench:end -->$/ { skip = 0; next }
	!skip' "$doc" > "$tmp/doc.md"
cp "$tmp/doc.md" "$doc"
echo "report.sh: wrote $doc and $png"

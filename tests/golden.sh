#!/bin/sh
# Golden SQL: for every scenario in tests/scenarios/ and each dialect, the two
# migrations mig-gen writes (empty -> before.xml, then before -> after.xml with
# the scenario's args), compared with tests/golden/<case>/<dialect>.sql, so a
# change in generated SQL shows in review.  A dialect mig-gen refuses records
# its exit status and message instead.
#   tests/golden.sh BIN           compare; exit 1 listing what differs
#   UPDATE=1 tests/golden.sh BIN  rewrite the golden files
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
scenarios=$root/tests/scenarios
golden=$root/tests/golden
work=$(mktemp -d "${TMPDIR:-/tmp}/mig-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0 count=0

# Runs mig-gen in the project $proj; appends its migration (or refusal) to $out.
gen() {
	stamp=$1 name=$2 dialect=$3
	shift 3
	if (cd "$proj" && env -u DATABASE_URL -u MIG_DIALECT -u MIG_APP "$bin/mig-gen" --dialect "$dialect" \
		--timestamp "$stamp" --name "$name" "$@" >"$work/out" 2>"$work/err"); then
		f=$(ls "$proj/migrations/$dialect/"*"_${stamp}_$name.sql" 2>/dev/null)
		if [ -n "$f" ]; then cat "$f" >>"$out"; else echo "-- (no migration: $(cat "$work/out"))" >>"$out"; fi
	else
		echo "-- (mig-gen exited $?: $(sed "s|$work|WORK|g" "$work/err"))" >>"$out"
		return 1
	fi
}

for dir in "$scenarios"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/after.xml" ] || continue
	for dialect in pgsql sqlite; do
		proj=$work/$case-$dialect out=$work/$case-$dialect.sql
		mkdir -p "$proj/models"
		: >"$out"
		ok=1
		if [ -f "$dir/before.xml" ]; then
			cp "$dir/before.xml" "$proj/models/m.xml"
			gen 20260101000000 before "$dialect" || ok=0
		fi
		if [ $ok = 1 ]; then
			cp "$dir/after.xml" "$proj/models/m.xml"
			args=
			[ -f "$dir/args" ] && args=$(cat "$dir/args")
			# args holds one option or value per line
			old_ifs=$IFS IFS='
'
			# shellcheck disable=SC2086
			gen 20260101000001 after "$dialect" $args
			IFS=$old_ifs
		fi
		count=$((count + 1))
		want=$golden/$case/$dialect.sql
		if [ "${UPDATE:-}" = 1 ]; then
			mkdir -p "$golden/$case"
			cp "$out" "$want"
		elif ! cmp -s "$out" "$want"; then
			echo "golden: $case ($dialect) differs from tests/golden/$case/$dialect.sql:"
			diff -u "$want" "$out" | sed -n '1,40p'
			failed=$((failed + 1))
		fi
	done
done
if [ "${UPDATE:-}" = 1 ]; then
	echo "golden: $count files written under tests/golden/"
elif [ $failed -gt 0 ]; then
	echo "golden: $failed of $count differ (make check-golden UPDATE=1 rewrites them after review)"
	exit 1
else
	echo "golden: $count generated migrations as recorded"
fi

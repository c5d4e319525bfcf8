#!/usr/bin/env bash
# The compiled-code cache never trusts its disk (issue #12): a damaged entry (flipped bytes, truncated, a
# FIFO, a symbolic link, a folder) is refused with note KP0908, removed and rebuilt, and the numbers stay
# right; entries are written through private temporaries into a 0700 folder, and a link planted at an
# entry's name is replaced, its target never written.
#
#   cache_damage.sh KPIC_BINARY DATA.csv
set -u
kpic=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache
cache=$XDG_CACHE_HOME/kpic
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$tmp/m.kpi" <<'KPI'
customers = count_distinct(customer_id)
largest = max(amount)
revenue = sum(amount)
ids = sum(order_id)
KPI
run() { timeout 20 "$kpic" run "$tmp/m.kpi" "$data" --format json 2>"$tmp/err"; }

# The numbers, hand-checked for orders.csv (see tests/engine/golden/aggregates.kpi), without the cache.
expected=$("$kpic" run "$tmp/m.kpi" "$data" --format json --no-cache)
for want in '"customers", "by": [], "rows": [{"value": 4}]' '"largest", "by": [], "rows": [{"value": 100}]' \
  '"revenue", "by": [], "rows": [{"value": 136.5}]' '"ids", "by": [], "rows": [{"value": 21}]'; do
  [[ $expected == *"$want"* ]] || fail "expected output lacks $want: $expected"
done
[ -e "$cache" ] && fail "--no-cache created the cache folder"

out=$(run) || fail "first run failed: $(cat "$tmp/err")"
[ "$out" = "$expected" ] || fail "first run: $out"
[ "$(stat -c %a "$cache")" = 700 ] || fail "cache folder mode $(stat -c %a "$cache")"
entries=("$cache"/*.kobj)
[ ${#entries[@]} = 1 ] && [ -f "${entries[0]}" ] || fail "expected one entry: ${entries[*]}"
entry=${entries[0]}
good=$tmp/good.kobj
cp "$entry" "$good"
size=$(stat -c %s "$good")

# checks that a damaged entry was refused with a note, the numbers are right, and the entry is sound again
check_refused() {
  local what=$1 out
  out=$(run)
  local rc=$?
  [ $rc = 0 ] || fail "$what: exit $rc: $(cat "$tmp/err")"
  [ "$out" = "$expected" ] || fail "$what: wrong output: $out"
  grep -q "note\[KP0908\]" "$tmp/err" || fail "$what: no KP0908 note: $(cat "$tmp/err")"
  [ -f "$entry" ] && [ ! -L "$entry" ] || fail "$what: entry not rebuilt as a regular file"
  out=$(run)
  [ "$out" = "$expected" ] && [ ! -s "$tmp/err" ] || fail "$what: run after the rebuild: $out $(cat "$tmp/err")"
}

# A second run is served from the cache, silently.
out=$("$kpic" run "$tmp/m.kpi" "$data" --format json --timings 2>"$tmp/err")
[ "$out" = "$expected" ] || fail "cache hit: $out"
grep -q "cache hit" "$tmp/err" || fail "second run was not a cache hit: $(cat "$tmp/err")"

# Single-byte flips: every third byte of the header and key, then bytes spread over the object code.
offsets=$(seq 0 3 119; seq 120 $(((size - 120) / 20)) "$((size - 1))")
for at in $offsets; do
  cp "$good" "$entry"
  byte=$(od -An -tu1 -j "$at" -N1 "$entry" | tr -d ' ')
  printf "\\$(printf '%03o' $((byte ^ 0x20)))" | dd of="$entry" bs=1 seek="$at" conv=notrunc status=none
  check_refused "flip at $at"
done

for keep in 0 10 52 $((size / 2)) $((size - 1)); do
  cp "$good" "$entry"
  truncate -s "$keep" "$entry"
  check_refused "truncated to $keep bytes"
done
cp "$good" "$entry"
printf 'x' >>"$entry"
check_refused "one byte appended"

rm -f "$entry"
mkfifo "$entry"
check_refused "a FIFO"

rm -f "$entry"
printf 'precious\n' >"$tmp/victim"
ln -s "$tmp/victim" "$entry"
check_refused "a symbolic link"
[ "$(cat "$tmp/victim")" = precious ] || fail "the link's target was written"

rm -f "$entry"
cp "$good" "$tmp/sound.kobj"
ln -s "$tmp/sound.kobj" "$entry"
check_refused "a link to a sound entry"

rm -f "$entry"
mkdir "$entry"
check_refused "an empty folder"

# A folder others can read is made private again when it is used.
chmod 755 "$cache"
rm -f "$entry"
out=$(run)
[ "$(stat -c %a "$cache")" = 700 ] || fail "cache folder left at mode $(stat -c %a "$cache")"

# No temporary is ever left behind.
leftovers=$(find "$cache" -mindepth 1 -name '.*')
[ -z "$leftovers" ] || fail "temporaries left: $leftovers"

if [ $failures -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "ok: $(echo "$offsets" | wc -l) flipped entries, truncations, FIFO and links refused and rebuilt"

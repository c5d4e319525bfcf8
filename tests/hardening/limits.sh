#!/usr/bin/env bash
# Limits of the front end: deep `if … else if …` chains are counted by the nesting limit (1000 arms are
# accepted by check, fmt and run; more are a located KP0102, even at 100,000 arms), and no input
# reaches a stack overflow or a hang; running out of memory is KP0907.
#   limits.sh KPIC_BINARY
set -u
kpic=$1
# shellcheck source=tests/hardening/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2
printf 'x\n1\n2\n5\n' >t.csv

# chain N: a metric whose `if` chain has N arms (x == i then i), one arm a line.
chain() {
  echo 'source t { x: int }'
  echo 'm = sum('
  for ((i = 0; i < $1; i++)); do echo "if x == $i then $i else"; done
  echo '0)'
}
chain 1000 >ok.kpi
chain 1001 >deep.kpi
chain 100000 >huge.kpi
# `then`-nesting and brackets mixed with a long chain: each row gives x + 150 (151 + 152 + 155 = 458).
{
  echo 'source t { x: int }'
  printf 'm = sum('
  for ((i = 0; i < 998; i++)); do printf 'if x > 0 then '; done
  printf '(%.0s' {1..150}; printf 'x'; printf ' + 1)%.0s' {1..150}
  for ((i = 0; i < 998; i++)); do printf ' else 0'; done
  echo ')'
} >mixed.kpi

timeout 60 "$kpic" check ok.kpi || fail "check of 1000 arms exited $?"
[ "$(timeout 60 "$kpic" run ok.kpi t=t.csv --format csv --no-cache)" = "$(printf 'm\n8')" ] ||
  fail "run of 1000 arms: $(timeout 60 "$kpic" run ok.kpi t=t.csv --format csv --no-cache 2>&1 | head -5)"
timeout 60 "$kpic" fmt - <ok.kpi >formatted.kpi || fail "fmt of 1000 arms exited $?"
# flat layout: one line an arm, none past 100 columns (was 4 more columns of indent per arm)
longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n }' formatted.kpi)
[ "$longest" -le 100 ] || fail "fmt of 1000 arms has a line of $longest columns"
timeout 60 "$kpic" fmt - <formatted.kpi | cmp -s - formatted.kpi || fail "fmt of 1000 arms is not idempotent"
timeout 60 "$kpic" check mixed.kpi || fail "check of mixed nesting exited $?"
[ "$(timeout 60 "$kpic" run mixed.kpi t=t.csv --format csv --no-cache)" = "$(printf 'm\n458')" ] ||
  fail "run of mixed nesting: $(timeout 60 "$kpic" run mixed.kpi t=t.csv --format csv --no-cache 2>&1 | head -5)"

for f in deep huge; do
  for cmd in check fmt; do
    timeout 60 "$kpic" $cmd $f.kpi >/dev/null 2>"$tmp/err"
    code=$?
    [ "$code" = 1 ] || fail "$cmd $f.kpi exited $code, expected 1"
    grep -q "^$f.kpi:1003:1: error\[KP0102\]: \`if\` expressions nested too deeply (more than 1000" "$tmp/err" ||
      fail "$cmd $f.kpi: $(head -c 300 "$tmp/err")"
  done
done

# Out of memory is a diagnostic (KP0907, exit 1), not an internal error: a 15 MB file under a 600 MB
# address-space limit.
# Not under AddressSanitizer (KPIC_SANITIZED, set by tests/hardening/CMakeLists.txt): its shadow memory
# cannot live under an address-space limit, and its allocator reports exhaustion itself.
if [ -z "${KPIC_SANITIZED:-}" ]; then
  awk 'BEGIN { print "source t { x: int, y: int }"; for (i = 0; i < 300000; i++) print "m" i " = sum(x * " i " + y) / count() where x > 1" }' >large.kpi
  (ulimit -v 600000; timeout 60 "$kpic" check large.kpi >/dev/null 2>"$tmp/err")
  code=$?
  [ "$code" = 1 ] || fail "check large.kpi under ulimit -v exited $code, expected 1"
  grep -q "error\[KP0907\]: out of memory" "$tmp/err" || fail "check large.kpi under ulimit -v: $(head -c 300 "$tmp/err")"
fi

finish limit

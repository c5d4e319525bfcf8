#!/usr/bin/env bash
# Color on a terminal, never with NO_COLOR / KPIC_NO_COLOR, forced with CLICOLOR_FORCE: the one rule of
# compiler/diag/terminal_color.h, checked for every command that colors (diagnostics on stderr, tables
# on stdout). A terminal is made with script(1).
# Usage: color.sh KPIC
set -u
kpic=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset NO_COLOR KPIC_NO_COLOR CLICOLOR_FORCE

printf 'source s {\n  x: int\n}\nm = sum(y)\n' >bad.kpi
printf 'x = sum(\n' >syntax.kpi
printf 'source s {\n  x: int\n}\n@target(>= 100)\nm = sum(x)\n' >missed.kpi
printf 'x\n1\n2\n' >d.csv
printf 'source s {\n  x: int\n}\nm = sum(x)\ntest "t" {\n  m = 1 +\n}\n' >test.kpi
# Each command colors something: a diagnostic on stderr, or (run) a table with a missed target on stdout.
commands=(
  "check bad.kpi"
  "run bad.kpi"
  "run missed.kpi s=d.csv"
  "test test.kpi"
  "fmt syntax.kpi"
  "doc syntax.kpi"
  "debug ast syntax.kpi"
  "debug program bad.kpi"
  "diff --base-file missed.kpi bad.kpi"
  "schema missing.csv"
)

failed=0
esc=$'\x1b['
has_escape() { grep -qF "$esc" "$1"; }
fail() { echo "FAIL: $*"; failed=1; }

for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  "$kpic" $c >out 2>&1
  if has_escape out; then fail "kpic $c: escapes when not a terminal"; fi
  # shellcheck disable=SC2086
  CLICOLOR_FORCE=1 "$kpic" $c >out 2>&1
  if ! has_escape out; then fail "kpic $c: no escapes with CLICOLOR_FORCE=1"; fi
  # shellcheck disable=SC2086
  CLICOLOR_FORCE=0 "$kpic" $c >out 2>&1
  if has_escape out; then fail "kpic $c: escapes with CLICOLOR_FORCE=0"; fi
  for var in NO_COLOR KPIC_NO_COLOR; do
    # shellcheck disable=SC2086
    env "$var=" CLICOLOR_FORCE=1 "$kpic" $c >out 2>&1
    if has_escape out; then fail "kpic $c: escapes with $var set and CLICOLOR_FORCE=1"; fi
  done
  if command -v script >/dev/null; then
    script -qec "'$kpic' $c" /dev/null >out 2>&1 </dev/null
    if ! has_escape out; then fail "kpic $c: no escapes on a terminal"; fi
    NO_COLOR=1 script -qec "'$kpic' $c" /dev/null >out 2>&1 </dev/null
    if has_escape out; then fail "kpic $c: escapes on a terminal with NO_COLOR=1"; fi
  fi
done
exit $failed

#!/usr/bin/env bash
# Write errors are errors: every command that prints to stdout exits 1 with a message when stdout is
# /dev/full; `doc -o` and `report -o` never leave a truncated or temporary file; a CSV output cut short
# by a full disk is not a success.
#   write_errors.sh KPIC_BINARY SOURCE_DIR
set -u
kpic=$1
src=$2
# shellcheck source=tests/hardening/lib.sh
source "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "no /dev/full: skipped"; exit 0; }

# expect_write_error NAME COMMAND...: stdout to /dev/full must give exit 1 and a message.
expect_write_error() {
  local name=$1
  shift
  "$@" >/dev/full 2>"$tmp/err"
  local code=$?
  [ "$code" = 1 ] || fail "$name > /dev/full exited $code, expected 1"
  grep -q "cannot write" "$tmp/err" || fail "$name > /dev/full printed no error: $(cat "$tmp/err")"
}

cd "$src/examples" || exit 2
expect_write_error run "$kpic" run funnel.kpi
expect_write_error "run --format csv" "$kpic" run funnel.kpi --format csv
expect_write_error "run --format json" "$kpic" run funnel.kpi --format json
expect_write_error explain "$kpic" explain funnel.kpi
expect_write_error test "$kpic" test funnel.kpi
expect_write_error schema "$kpic" schema data/orders.parquet
expect_write_error doc "$kpic" doc
expect_write_error "doc FILE" "$kpic" doc funnel.kpi
expect_write_error "fmt -" "$kpic" fmt - <funnel.kpi
expect_write_error "fmt --check" "$kpic" fmt --check - <<<'a=count( )'
expect_write_error "--help" "$kpic" --help

# The same commands succeed on a working stdout (the failure above is the write, not the command).
"$kpic" run funnel.kpi >/dev/null || fail "run funnel.kpi failed"
"$kpic" doc >/dev/null || fail "doc failed"

# doc -o / report -o to a device that fails: exit 1 with the reason.
"$kpic" doc -o /dev/full 2>"$tmp/err"
[ $? = 1 ] || fail "doc -o /dev/full did not exit 1"
grep -q "No space left on device" "$tmp/err" || fail "doc -o /dev/full: $(cat "$tmp/err")"

# doc -o over an existing file: replaced whole; the old file is kept when it cannot be replaced.
echo old >"$tmp/catalog.md"
"$kpic" doc -o "$tmp/catalog.md" || fail "doc -o exited $?"
"$kpic" doc | cmp -s - "$tmp/catalog.md" || fail "doc -o wrote something else than doc"
echo old >"$tmp/ro.md"
chmod 444 "$tmp/ro.md"
"$kpic" doc -o "$tmp/ro.md" 2>"$tmp/err"
[ $? = 1 ] || fail "doc -o over a read-only file did not exit 1"
[ "$(cat "$tmp/ro.md")" = old ] || fail "doc -o rewrote a read-only file"
grep -q "read-only" "$tmp/err" || fail "no read-only message: $(cat "$tmp/err")"
leftovers=$(find "$tmp" -name '.*.kpic-*' | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left behind: $(ls -a "$tmp")"

# A full file system: a small tmpfs when we may mount one (root in a container), else skipped.
if mkdir "$tmp/small" && mount -t tmpfs -o size=16k tmpfs "$tmp/small" 2>/dev/null; then
  "$kpic" doc -o "$tmp/small/catalog.md" 2>"$tmp/err"
  [ $? = 1 ] || fail "doc -o on a full disk did not exit 1"
  [ -e "$tmp/small/catalog.md" ] && fail "doc -o on a full disk left a truncated file"
  [ "$(ls -A "$tmp/small" | wc -l)" = 0 ] || fail "doc -o on a full disk left $(ls -A "$tmp/small")"
  "$kpic" doc >"$tmp/small/out.md" 2>"$tmp/err"
  [ $? = 1 ] || fail "doc > full disk did not exit 1"
  umount "$tmp/small"
fi

finish write-error

#!/usr/bin/env bash
# `kpic fmt FILE...` rewrites files in place: checks the rewrite, kept permissions, files left untouched
# when formatted or unparseable, --check writing nothing, symbolic links, and no temporary files left
# behind. Works in a temporary folder only.
#   rewrite.sh KPIC_BINARY
set -u
kpic=$1
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

printf 'nps=pct(score>=9)-pct(score<=6)\nresponses =count( )\n' >"$tmp/messy.kpi"
printf 'nps = pct(score >= 9) - pct(score <= 6)\nresponses = count()\n' >"$tmp/expected.kpi"
printf 'total = count()\n' >"$tmp/clean.kpi"
printf 'broken = sum(\n' >"$tmp/broken.kpi"

# 1. rewrite: content, permissions, no temporary file left
cp "$tmp/messy.kpi" "$tmp/a.kpi"
chmod 640 "$tmp/a.kpi"
"$kpic" fmt "$tmp/a.kpi" || fail "fmt a.kpi exited $?"
cmp -s "$tmp/a.kpi" "$tmp/expected.kpi" || fail "a.kpi not rewritten as expected: $(cat "$tmp/a.kpi")"
[ "$(stat -c %a "$tmp/a.kpi")" = 640 ] || fail "permissions not kept: $(stat -c %a "$tmp/a.kpi")"
leftovers=$(find "$tmp" -name '.*.kpic-*' | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left behind"

# 2. an already formatted file is not touched (same inode, same old mtime)
touch -d '2001-01-01 00:00:00' "$tmp/clean.kpi"
before=$(stat -c '%i %Y' "$tmp/clean.kpi")
"$kpic" fmt "$tmp/clean.kpi" || fail "fmt clean.kpi exited $?"
[ "$(stat -c '%i %Y' "$tmp/clean.kpi")" = "$before" ] || fail "clean.kpi was rewritten"

# 3. --check writes nothing, exits 1, prints a diff naming the file
cp "$tmp/messy.kpi" "$tmp/b.kpi"
out=$("$kpic" fmt --check "$tmp/b.kpi")
code=$?
[ $code = 1 ] || fail "--check on an unformatted file exited $code"
cmp -s "$tmp/b.kpi" "$tmp/messy.kpi" || fail "--check modified the file"
case "$out" in *"+++ b/$tmp/b.kpi"*) ;; *) fail "--check printed no diff: $out" ;; esac
"$kpic" fmt --check "$tmp/expected.kpi" >/dev/null || fail "--check on a formatted file failed"

# 4. a file with syntax errors is reported and left alone
cp "$tmp/broken.kpi" "$tmp/c.kpi"
"$kpic" fmt "$tmp/c.kpi" 2>"$tmp/err"
code=$?
[ $code = 1 ] || fail "fmt on a syntax error exited $code"
cmp -s "$tmp/c.kpi" "$tmp/broken.kpi" || fail "a file with syntax errors was modified"
grep -q 'error\[KP01' "$tmp/err" || fail "no syntax diagnostic: $(cat "$tmp/err")"

# 5. a symbolic link: its target is rewritten, the link stays a link
cp "$tmp/messy.kpi" "$tmp/target.kpi"
ln -s target.kpi "$tmp/link.kpi"
"$kpic" fmt "$tmp/link.kpi" || fail "fmt through a link exited $?"
[ -L "$tmp/link.kpi" ] || fail "the link was replaced by a file"
cmp -s "$tmp/target.kpi" "$tmp/expected.kpi" || fail "the link target was not rewritten"

# 6. several files, one unreadable: the others are still formatted, exit 1
cp "$tmp/messy.kpi" "$tmp/d.kpi"
"$kpic" fmt "$tmp/missing.kpi" "$tmp/d.kpi" 2>"$tmp/err"
code=$?
[ $code = 1 ] || fail "missing file: exit $code"
grep -q "missing.kpi: cannot read" "$tmp/err" || fail "no message for the missing file: $(cat "$tmp/err")"
cmp -s "$tmp/d.kpi" "$tmp/expected.kpi" || fail "d.kpi not formatted after a missing file"

# 7. a folder that cannot be written: clear error, original intact (not meaningful as root)
if [ "$(id -u)" != 0 ]; then
  mkdir "$tmp/ro"
  cp "$tmp/messy.kpi" "$tmp/ro/e.kpi"
  chmod 555 "$tmp/ro"
  "$kpic" fmt "$tmp/ro/e.kpi" 2>"$tmp/err"
  code=$?
  [ $code = 1 ] || fail "read-only folder: exit $code"
  cmp -s "$tmp/ro/e.kpi" "$tmp/messy.kpi" || fail "file in a read-only folder changed"
  grep -q "e.kpi: cannot" "$tmp/err" || fail "no message for the read-only folder: $(cat "$tmp/err")"
fi

# 8. stdin to stdout
out=$("$kpic" fmt - <"$tmp/messy.kpi")
[ "$out" = "$(cat "$tmp/expected.kpi")" ] || fail "stdin formatting gave: $out"

# 9. bad usage: no file is exit 2
"$kpic" fmt >/dev/null 2>&1
code=$?
[ $code = 2 ] || fail "no files: exit $code (want 2)"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "rewrite: all checks passed"

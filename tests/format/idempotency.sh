#!/usr/bin/env bash
# The formatter over every .kpi file of the repository (tests/, examples/, stdlib/, found when the test
# runs): formatting twice changes nothing the second time, and the formatted text parses to the same
# AST as the original (`kpic debug ast`, source positions left out). Files that do not parse (syntax
# error cases) are skipped. Works on copies in a temporary folder; the repository is never modified.
#   idempotency.sh KPIC_BINARY SOURCE_DIR
set -u
kpic=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# An AST dump without source positions (they move when the layout changes). Comments are compared as a
# sorted list, without the own-line flag and trailing blanks: the formatter trims them and moves a
# comment from inside an expression to its own line above the statement.
ast_dump() {
  "$kpic" debug ast "$1" >"$tmp/dump" 2>&1
  sed -E 's/@?[0-9]+:[0-9]+(-[0-9]+:[0-9]+)?//g' "$tmp/dump" | grep -v '^(comment '
  grep '^(comment ' "$tmp/dump" | sed -E 's/ own-line//; s/[ \t]*"\)$/")/' | sort
}

mapfile -d '' files < <(find "$root/tests" "$root/examples" "$root/stdlib" -name '*.kpi' -type f -print0 2>/dev/null | sort -z)
checked=0
skipped=0
failed=0
for f in "${files[@]}"; do
  rel=${f#"$root"/}
  cp "$f" "$tmp/orig.kpi"
  if ! "$kpic" fmt - <"$tmp/orig.kpi" >"$tmp/once.kpi" 2>"$tmp/err"; then
    if grep -q 'error\[KP01' "$tmp/err" && ! grep -q 'internal error' "$tmp/err"; then
      skipped=$((skipped + 1))  # does not parse: never formatted
      continue
    fi
    echo "FAIL $rel: formatting failed"
    cat "$tmp/err"
    failed=$((failed + 1))
    continue
  fi
  checked=$((checked + 1))
  if ! "$kpic" fmt - <"$tmp/once.kpi" >"$tmp/twice.kpi" 2>"$tmp/err"; then
    echo "FAIL $rel: the formatted text does not format again"
    cat "$tmp/err"
    failed=$((failed + 1))
    continue
  fi
  if ! cmp -s "$tmp/once.kpi" "$tmp/twice.kpi"; then
    echo "FAIL $rel: not idempotent"
    diff -u "$tmp/once.kpi" "$tmp/twice.kpi" | head -40
    failed=$((failed + 1))
  fi
  ast_dump "$tmp/orig.kpi" >"$tmp/orig.ast"
  ast_dump "$tmp/once.kpi" >"$tmp/once.ast"
  if ! cmp -s "$tmp/orig.ast" "$tmp/once.ast"; then
    echo "FAIL $rel: formatting changed the AST"
    diff -u "$tmp/orig.ast" "$tmp/once.ast" | head -40
    failed=$((failed + 1))
  fi
done
echo "idempotency: $checked files checked, $skipped skipped (syntax errors), $failed failure(s)"
[ $checked -gt 0 ] || { echo "no .kpi file was checked"; exit 1; }
[ $failed -eq 0 ]

#!/usr/bin/env bash
# docs/language.md's table of builtin functions is `kpic debug builtins` (generated from
# compiler/lang/builtins.def), between its two marker lines. Fails when they differ.
# Usage: builtin_table.sh KPIC SOURCE_DIR [--update]   (--update rewrites the table in the docs)
set -u
kpic=$1
doc=$2/docs/language.md
begin='<!-- builtins: generated from compiler/lang/builtins.def by `kpic debug builtins`; tests/sema/builtin_table.sh --update rewrites it -->'
end='<!-- end of builtins -->'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$kpic" debug builtins >"$tmp/table" || { echo "kpic debug builtins failed"; exit 1; }
if [ "$(grep -cxF -- "$begin" "$doc")" != 1 ] || [ "$(grep -cxF -- "$end" "$doc")" != 1 ]; then
  echo "$doc: expected one line each of: $begin / $end"
  exit 1
fi
# The docs with the generated table between the markers.
awk -v begin="$begin" -v end="$end" -v table="$tmp/table" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }
' "$doc" >"$tmp/doc"
if [ "${3:-}" = --update ]; then
  cp "$tmp/doc" "$doc"
  exit 0
fi
if ! diff -u "$doc" "$tmp/doc"; then
  echo "docs/language.md's table of builtins differs from compiler/lang/builtins.def: run $0 KPIC SOURCE_DIR --update"
  exit 1
fi

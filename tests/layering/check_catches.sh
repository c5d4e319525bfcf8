#!/bin/sh
# check.sh must fail on a tree that breaks a rule: a plan IR reader (here the SQL backend, then ir.h)
# that includes a sema or syntax header, and pass on the same tree without it.
# Usage: check_catches.sh SOURCE_DIR (the directory of check.sh is SOURCE_DIR/tests/layering).
src=${1:?usage: check_catches.sh SOURCE_DIR}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/runtime/exec" "$tmp/compiler/plan" "$tmp/compiler/codegen" "$tmp/compiler/engine" "$tmp/compiler/sql"
printf '#include "compiler/lang/builtin.h"\n' >"$tmp/compiler/plan/ir.h"
printf '#include "compiler/plan/ir.h"\n' >"$tmp/compiler/sql/lower.cc"
for f in metric_eval per_reducer scalar_eval; do
  printf '#include "compiler/plan/ir.h"\n' >"$tmp/compiler/engine/$f.h"
  printf '#include "compiler/engine/%s.h"\n' "$f" >"$tmp/compiler/engine/$f.cc"
done
fail() { echo "check_catches: $*"; exit 1; }
sh "$src/tests/layering/check.sh" "$tmp" >/dev/null || fail "a clean tree is refused"
printf '#include "compiler/sema/program.h"\n' >>"$tmp/compiler/sql/lower.cc"
out=$(sh "$src/tests/layering/check.sh" "$tmp") && fail "compiler/sql including a sema header passes"
echo "$out" | grep -q 'must not include sema or syntax headers' || fail "unexpected message: $out"
printf '#include "compiler/plan/ir.h"\n' >"$tmp/compiler/sql/lower.cc"
printf '#include "compiler/syntax/ast.h"\n' >>"$tmp/compiler/plan/ir.h"
sh "$src/tests/layering/check.sh" "$tmp" >/dev/null && fail "ir.h including a syntax header passes"
echo "layering rules caught"

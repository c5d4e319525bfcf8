#!/bin/sh
# Layering rules of the source tree (docs/architecture.md), checked by grep:
#  - runtime/ includes only runtime/ (and system/third-party) headers: no "compiler/..." include, and no
#    runtime library links a compiler library or builds a compiler source.
# Usage: check.sh SOURCE_DIR. Prints each offending line and exits 1.
src=${1:?usage: check.sh SOURCE_DIR}
status=0
bad=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]compiler/' "$src/runtime" --include='*.h' --include='*.cc' --include='*.def')
if [ -n "$bad" ]; then
  echo "runtime/ must not include compiler headers:"
  echo "$bad"
  status=1
fi
bad=$(grep -rnE 'compiler/|kpic_(syntax|sema|plan|codegen|jit|engine|diag|format|lsp|output|stdlib)\b' "$src/runtime" --include=CMakeLists.txt | grep -v '^[^:]*:[0-9]*:[[:space:]]*#')
if [ -n "$bad" ]; then
  echo "runtime/ libraries must not build or link compiler code:"
  echo "$bad"
  status=1
fi
[ $status = 0 ] && echo "layering ok"
exit $status

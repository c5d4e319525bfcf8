#!/bin/sh
# Layering rules of the source tree (docs/architecture.md), checked by grep:
#  - runtime/ includes only runtime/ (and system/third-party) headers: no "compiler/..." include, and no
#    runtime library links a compiler library or builds a compiler source.
#  - the plan IR (compiler/plan/ir.h) holds no pointer into sema: it includes neither the typed program nor
#    the plan's builder, and names no sema::Expr/Program/Metric; codegen and the engine's post-aggregate
#    evaluation (metric_eval, per_reducer, scalar_eval) and the SQL lowering (compiler/sql) read only the IR.
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
ir_readers="$src/compiler/plan/ir.h $src/compiler/codegen $src/compiler/engine/metric_eval.h
  $src/compiler/engine/metric_eval.cc $src/compiler/engine/per_reducer.h $src/compiler/engine/per_reducer.cc
  $src/compiler/engine/scalar_eval.h $src/compiler/engine/scalar_eval.cc $src/compiler/sql"
# shellcheck disable=SC2086
bad=$(grep -rnE 'sema::(Expr|Program|Metric|Source|Dimension)\b|#[[:space:]]*include[[:space:]]*"compiler/(sema/program|plan/plan|plan/planning)\.h"' $ir_readers | grep -vE '^[^:]*:[0-9]*:[[:space:]]*//')
if [ -n "$bad" ]; then
  echo "the plan IR and its readers must not refer to the typed program:"
  echo "$bad"
  status=1
fi
[ $status = 0 ] && echo "layering ok"
exit $status

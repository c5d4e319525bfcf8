#!/usr/bin/env bash
# The two code generator levels (jit.h: quick = FastISel with SSA form only, below 500K rows; full =
# EarlyCSE + InstCombine and the optimising instruction selector) give the same results: every example on
# its shipped data and every reference KPI file on the medium dataset, run with each level forced
# ($KPIC_CODE_LEVEL), print the same JSON, every digit. Small inputs otherwise never reach the full level.
# Usage: code_levels.sh KPIC EXAMPLES_DIR [DATASETS_DIR]
set -u
kpic=$1 examples=$2 datasets=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 runs=0

check() {  # check NAME ARGS...
  local name=$1
  shift
  for level in quick full; do
    KPIC_CODE_LEVEL=$level "$kpic" run "$@" --format json --no-cache > "$work/$level.json" 2> "$work/$level.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
      echo "FAIL $name: the $level level exited $rc"; cat "$work/$level.err"; fail=1; return
    fi
  done
  if cmp -s "$work/quick.json" "$work/full.json"; then
    echo "ok   $name"
    runs=$((runs + 1))
  else
    echo "FAIL $name: quick and full differ"; diff "$work/quick.json" "$work/full.json" | head -20; fail=1
  fi
}

# The levels really differ (the variable is not ignored): the optimised IR of the quick level keeps what
# EarlyCSE and InstCombine fold.
KPIC_CODE_LEVEL=quick "$kpic" explain "$examples/saas.kpi" --ir > "$work/quick.ir" 2>&1
KPIC_CODE_LEVEL=full "$kpic" explain "$examples/saas.kpi" --ir > "$work/full.ir" 2>&1
if cmp -s "$work/quick.ir" "$work/full.ir" || [ ! -s "$work/full.ir" ]; then
  echo "FAIL: KPIC_CODE_LEVEL does not change the code generator's level"; fail=1
fi
for f in "$examples"/*.kpi; do check "$(basename "$f")" "$f"; done
# Only the full level reuses the previous row's group and calendar bucket (build_kernels): days and
# months before 1970, by day of the week.
here=$(cd "$(dirname "$0")" && pwd)
check calendar_before_1970.kpi "$here/golden/calendar_before_1970.kpi" "$here/golden/calendar_before_1970.csv"
if [ -n "$datasets" ] && [ -d "$datasets/medium" ]; then
  for f in "$examples"/reference/*.kpi; do
    args=()
    for t in $(grep -o '^source [a-z_]*' "$f" | awk '{print $2}'); do args+=("$t=$datasets/medium/$t.parquet"); done
    check "reference/$(basename "$f")" "$f" "${args[@]}"
  done
fi
echo "$runs files give the same results at both levels"
exit $fail

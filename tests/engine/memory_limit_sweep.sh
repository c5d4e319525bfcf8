#!/usr/bin/env bash
# kpic run under small memory limits (--memory-limit) against the same run without one: every reference
# KPI file on the medium dataset and every example on its shipped data, on one and two scan threads.
# Each limited run either prints exactly what the unlimited run prints (JSON, every value) or fails
# cleanly: exit 1 with error[KP0907] naming the limit (never a crash, never other numbers). The sweep
# fails unless enough runs were really computed in parts (`--timings` says how many), so that it
# cannot pass with the limit ignored.
# Usage: memory_limit_sweep.sh KPIC EXAMPLES_DIR DATASETS_DIR
set -u
kpic=$1 examples=$2 datasets=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
medium=$datasets/medium
fail=0 split=0 split_files=""

check() {  # check NAME THREADS LIMIT ARGS...
  local name=$1 threads=$2 limit=$3
  shift 3
  "$kpic" run "$@" --format json --threads "$threads" --memory-limit none > "$work/free.json" 2> "$work/free.err"
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: the unlimited run exited $rc"; cat "$work/free.err"; fail=1; return
  fi
  "$kpic" run "$@" --format json --threads "$threads" --memory-limit "$limit" --timings > "$work/cut.json" 2> "$work/cut.err"
  rc=$?
  if [ $rc -eq 0 ]; then
    if ! cmp -s "$work/free.json" "$work/cut.json"; then
      echo "FAIL $name (threads $threads, limit $limit): different results"; diff "$work/free.json" "$work/cut.json" | head -20; fail=1; return
    fi
    if grep -q "scanned in [0-9]* parts" "$work/cut.err"; then
      split=$((split + 1))
      case " $split_files " in *" $name "*) ;; *) split_files="$split_files $name" ;; esac
      echo "ok   $name (threads $threads, limit $limit): $(grep -o 'scanned in [0-9]* parts' "$work/cut.err"), same results"
    fi
  elif [ $rc -eq 1 ] && grep -q "error\[KP0907\].*--memory-limit $limit\|error\[KP0907\].*--memory-limit" "$work/cut.err"; then
    echo "ok   $name (threads $threads, limit $limit): $(grep -o 'error\[KP0907\].*' "$work/cut.err" | cut -c1-160)..."
  else
    echo "FAIL $name (threads $threads, limit $limit): exit $rc"; cat "$work/cut.err"; fail=1
  fi
}

for threads in 1 2; do
  for limit in 4MB 2MB; do
    for f in "$examples"/reference/*.kpi; do
      args=()
      for t in $(grep -o '^source [a-z_]*' "$f" | awk '{print $2}'); do args+=("$t=$medium/$t.parquet"); done
      check "reference/$(basename "$f")" "$threads" "$limit" "$f" "${args[@]}"
    done
  done
  for f in "$examples"/*.kpi; do
    check "$(basename "$f")" "$threads" 256KB "$f"
  done
  # Every kind of pass on one source (memory_limit_mixed.kpi): an ungrouped funnel beside split passes,
  # large integer sums whose other-part rows must not overflow.
  for limit in 48MB 32MB; do
    check memory_limit_mixed.kpi "$threads" "$limit" "$here/memory_limit_mixed.kpi" "events=$medium/events.parquet"
  done
  # Runs of one group's rows in the rows of other parts' groups (memory_limit_group_runs.kpi): 2000
  # groups of 30 rows each in a row, so that the kernel's reuse stays on (it turns itself off where rows
  # come in no order), at the full code level (the only one that reuses; forced, the input is small).
  awk 'BEGIN { print "k,v,u"; for (i = 0; i < 60000; i++) print int(i / 30) ",1," i
               print "77777,-4611686018427387904,1"; print "1,1,2"
               print "77777,4611686018427387904,3"; print "77777,4611686018427387904,4" }' > "$work/runs.csv"
  KPIC_CODE_LEVEL=full check memory_limit_group_runs.kpi "$threads" 256KB "$here/memory_limit_group_runs.kpi" "d=$work/runs.csv"
done
echo "$split limited runs computed in parts ($split_files )"
# The medium events (grouped and ungrouped distinct counts), orders (groups per customer reduced by `per`
# part by part) and memory_limit_mixed.kpi split at these limits on both thread counts; fewer means the
# limit is not applied.
if [ $split -lt 10 ]; then echo "FAIL: too few runs were computed in parts"; fail=1; fi
exit $fail

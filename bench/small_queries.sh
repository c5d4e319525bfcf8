#!/bin/bash
# CPU time (perf stat task-clock) of the small reference queries of issue #18, two kpic binaries
# alternating run by run so machine load hits both alike; median and minimum of N runs each, in ms.
#
#   bench/small_queries.sh BEFORE_KPIC AFTER_KPIC [DATA_DIR (bench/data/20m)] [N (15)]
#
# Sources are bound as bench/run.mjs binds them (examples/reference/*.kpi, TABLE=DATA_DIR/TABLE.parquet,
# --threads 2). Run from the repository root.
set -euo pipefail
A=$1 B=$2 D=${3:-bench/data/20m} N=${4:-15}
queries=(
  "avg_session_duration|examples/reference/sessions.kpi sessions=$D/sessions.parquet --metric avg_session_duration"
  "bounce_rate|examples/reference/sessions.kpi sessions=$D/sessions.parquet --metric bounce_rate"
  "csat|examples/reference/surveys.kpi surveys=$D/surveys.parquet --metric csat --metric csat_responses"
  "trial_to_paid|examples/reference/customers.kpi customers=$D/customers.parquet --metric trial_to_paid"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ms() { perf stat -x, -e task-clock "$@" --format json --threads 2 2>&1 >/dev/null | grep task-clock | cut -d, -f1; }
stat() { sort -n "$1" | awk '{a[NR] = $1} END {printf "%.1f | %.1f", a[int((NR + 1) / 2)], a[1]}'; }
echo "| query | before median ms | before min ms | after median ms | after min ms |"
echo "|---|---:|---:|---:|---:|"
for q in "${queries[@]}"; do
  name=${q%%|*} args=${q#*|}
  : >"$tmp/a"; : >"$tmp/b"
  for _ in $(seq "$N"); do
    # shellcheck disable=SC2086
    ms "$A" run $args >>"$tmp/a"
    # shellcheck disable=SC2086
    ms "$B" run $args >>"$tmp/b"
  done
  echo "| $name | $(stat "$tmp/a" | sed 's/ | / | /') | $(stat "$tmp/b") |"
done

#!/usr/bin/env bash
# A data source that is not a regular file (a FIFO, a device) is refused at once with KP0701 naming the
# file and the source, exit 1: never a hang waiting for a writer, never an endless read (issue #12).
#
#   special_files.sh KPIC_BINARY
set -u
kpic=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
failures=0
printf 'n = count()\n' >t.kpi
printf 'source events "events.csv" { x: int }\nn = count(events)\n' >declared.kpi
mkfifo fifo.csv events.csv
check() {  # check WHAT EXPECTED-MESSAGE COMMAND...
  local what=$1 want=$2
  shift 2
  local out rc
  out=$(timeout 10 "$@" 2>&1)
  rc=$?
  if [ $rc != 1 ] || [[ $out != *"$want"* ]]; then
    echo "FAIL: $what: exit $rc: $out"
    failures=$((failures + 1))
  fi
}
check "a FIFO as data" "fifo.csv: error[KP0701]: cannot open data file: it is a FIFO, not a regular file (source \`t\`)" \
  "$kpic" run t.kpi fifo.csv --no-cache
check "a FIFO as a source's default file" "events.csv: error[KP0701]: cannot open data file: it is a FIFO" \
  "$kpic" run declared.kpi --no-cache
check "a FIFO named .parquet" "it is a FIFO" "$kpic" run t.kpi "$(mv fifo.csv f.parquet && echo f.parquet)" --no-cache
check "/dev/zero" "/dev/zero: error[KP0701]: cannot open data file: it is a device, not a regular file" \
  "$kpic" run t.kpi /dev/zero --no-cache
check "/dev/urandom via schema" "it is a device" "$kpic" schema /dev/urandom
[ $failures = 0 ] && echo ok
exit $((failures > 0))

#!/usr/bin/env bash
# `kpic fmt FILE` and the owner's file: owner, group and mode kept; read-only files and files with
# several hard links refused with a message and left untouched; killed mid-way, no temporary left.
#   fmt_files.sh KPIC_BINARY
set -u
kpic=$1
# shellcheck source=tests/hardening/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2
messy='m=count( )'
printf '%s\n' "$messy" >ro.kpi
chmod 444 ro.kpi
"$kpic" fmt ro.kpi 2>err
[ $? = 1 ] || fail "fmt of a read-only file did not exit 1"
[ "$(cat ro.kpi)" = "$messy" ] || fail "fmt rewrote a read-only file"
grep -q "ro.kpi: the file is read-only" err || fail "read-only: $(cat err)"

printf '%s\n' "$messy" >a.kpi
ln a.kpi b.kpi
"$kpic" fmt a.kpi 2>err
[ $? = 1 ] || fail "fmt of a hard-linked file did not exit 1"
[ "$(stat -c %h a.kpi)" = 2 ] && [ "$(cat b.kpi)" = "$messy" ] || fail "fmt split or changed hard links"
grep -q "2 hard links" err || fail "hard links: $(cat err)"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  printf '%s\n' "$messy" >owned.kpi
  chown nobody:nogroup owned.kpi 2>/dev/null || chown nobody owned.kpi
  chmod 664 owned.kpi
  before=$(stat -c '%U:%G %a' owned.kpi)
  "$kpic" fmt owned.kpi || fail "fmt owned.kpi exited $?"
  [ "$(cat owned.kpi)" = "m = count()" ] || fail "owned.kpi not formatted"
  [ "$(stat -c '%U:%G %a' owned.kpi)" = "$before" ] || fail "owner or mode changed: $before -> $(stat -c '%U:%G %a' owned.kpi)"
fi

# SIGTERM while formatting a large file: the original is intact and no temporary is left.
awk 'BEGIN { for (i = 0; i < 100000; i++) print "m" i "=sum(x*" i ")" }' >large.kpi
cp large.kpi large.orig
for delay in 0.3 0.6 1.0; do
  "$kpic" fmt large.kpi &
  pid=$!
  sleep $delay
  kill -TERM $pid 2>/dev/null
  wait $pid 2>/dev/null
  leftovers=$(find . -name '.*.kpic-*' | wc -l)
  [ "$leftovers" = 0 ] || fail "SIGTERM after ${delay}s left $(find . -name '.*.kpic-*')"
  cmp -s large.kpi large.orig || "$kpic" fmt --check large.kpi >/dev/null || fail "large.kpi damaged after SIGTERM"
  cp large.orig large.kpi
done

finish fmt-file

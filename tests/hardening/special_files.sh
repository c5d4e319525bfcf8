#!/usr/bin/env bash
# A .kpi file or an import that is not a regular file (a FIFO, /dev/zero, /dev/urandom, a folder),
# is too large, or cannot be read (EIO from /proc/self/mem) is a located error with exit 1, at once:
# never a hang, never unbounded memory, never an empty file.
#   special_files.sh KPIC_BINARY
set -u
kpic=$1
# shellcheck source=tests/hardening/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2
mkfifo fifo.kpi
mkdir folder.kpi
truncate -s 17M big.kpi
printf 'import "fifo.kpi"\nm = count()\n' >imports_fifo.kpi
printf 'import "folder.kpi"\nm = count()\n' >imports_folder.kpi
printf 'import "big.kpi"\nm = count()\n' >imports_big.kpi

# An address-space limit bounds memory, except under AddressSanitizer (its shadow memory needs terabytes
# of address space; KPIC_SANITIZED is set by tests/hardening/CMakeLists.txt), where `timeout` alone bounds.
vlimit=4000000
[ -n "${KPIC_SANITIZED:-}" ] && vlimit=unlimited

# expect CODE PATTERN COMMAND...: exit CODE within 10 s (ulimit -v bounds memory) and PATTERN on stderr.
expect() {
  local want=$1 pattern=$2
  shift 2
  (ulimit -v $vlimit; timeout 10 "$@" </dev/null >/dev/null 2>"$tmp/err")
  local code=$?
  [ "$code" = "$want" ] || fail "$* exited $code, expected $want: $(head -c 300 "$tmp/err")"
  grep -q -- "$pattern" "$tmp/err" || fail "$*: no '$pattern' in: $(head -c 300 "$tmp/err")"
}

for cmd in check run explain test "debug ast"; do
  # shellcheck disable=SC2086
  expect 1 "fifo.kpi: error\[KP0106\]: cannot read the file: not a regular file (a FIFO)" "$kpic" $cmd fifo.kpi
done
expect 1 "not a regular file (a FIFO)" "$kpic" fmt fifo.kpi
expect 1 "not a regular file (a FIFO)" "$kpic" doc fifo.kpi
expect 1 "not a regular file (a character device)" "$kpic" check /dev/zero
expect 1 "not a regular file (a character device)" "$kpic" fmt /dev/urandom
expect 1 "not a regular file (a folder)" "$kpic" check folder.kpi
expect 1 "kpic reads at most 16777216" "$kpic" check big.kpi
expect 1 "kpic reads at most 16777216" "$kpic" fmt big.kpi
if [ -r /proc/self/mem ]; then
  expect 1 "/proc/self/mem: error\[KP0106\]: cannot read the file: Input/output error" "$kpic" check /proc/self/mem
fi
expect 1 "imports_fifo.kpi:1:1: error\[KP0207\]: cannot read imported file \`fifo.kpi\`: not a regular file (a FIFO)" \
  "$kpic" check imports_fifo.kpi
expect 1 "imports_folder.kpi:1:1: error\[KP0207\].*not a regular file (a folder)" "$kpic" check imports_folder.kpi
expect 1 "imports_big.kpi:1:1: error\[KP0207\].*kpic reads at most" "$kpic" check imports_big.kpi

# stdin that never ends: `fmt -` stops at the size limit.
(ulimit -v $vlimit; timeout 10 "$kpic" fmt - </dev/zero >/dev/null 2>"$tmp/err")
code=$?
[ "$code" = 1 ] || fail "fmt - </dev/zero exited $code"
grep -q "kpic reads at most" "$tmp/err" || fail "fmt - </dev/zero: $(head -c 300 "$tmp/err")"

finish special-file

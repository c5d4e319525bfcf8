#!/usr/bin/env bash
# Golden-file test runner: runs the `# RUN:` line(s) of a test file and compares what they print
# (stdout, stderr, exit code) with the expectation file beside it (`NAME.kpi` -> `NAME.out`).
#
#   golden.sh KPIC_BINARY TEST_FILE
#
# In a RUN line, `kpic` is the binary under test and `%s` the test file (both relative to the test's
# folder, which is the working directory, so output paths are stable). Several RUN lines run in order.
# With KPIC_UPDATE_GOLDEN=1 the expectation is rewritten instead of compared (review it with git diff).
set -u
kpic=$1
test_file=$2
dir=$(dirname "$test_file")
base=$(basename "$test_file")
expected="$dir/${base%.*}.out"
cd "$dir" || exit 2

mapfile -t runs < <(sed -n 's/^[#/]* *RUN: *//p' "$base")
if [ ${#runs[@]} -eq 0 ]; then
  echo "golden.sh: $test_file has no '# RUN:' line" >&2
  exit 2
fi

actual=$(
  for line in "${runs[@]}"; do
    shown=${line//%s/$base}
    cmd=${shown/#kpic /\"\$kpic\" }
    out=$(KPIC_NO_COLOR=1 eval "$cmd" 2>&1)
    code=$?
    printf '$ %s\n%s\n[exit %d]\n' "$shown" "$out" "$code"
  done
)

if [ "${KPIC_UPDATE_GOLDEN:-0}" = 1 ]; then
  printf '%s\n' "$actual" >"$expected"
  echo "updated $expected"
  exit 0
fi
if [ ! -f "$expected" ]; then
  printf '%s\n' "$actual"
  echo "golden.sh: missing $expected (run with KPIC_UPDATE_GOLDEN=1 to create it)" >&2
  exit 1
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "golden.sh: output differs from $expected (KPIC_UPDATE_GOLDEN=1 rewrites it)" >&2
  exit 1
fi

# Shared by the scripted hardening tests: a temporary folder $tmp removed at exit, fail MESSAGE, and
# finish NAME (prints the tally, exits 1 on any failure).
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
  fi
  echo "all $1 checks passed"
  exit 0
}

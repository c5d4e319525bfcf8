#!/bin/sh
# Cold parse + check + compile of every example, and a process's fixed cost, for one or more kpic
# binaries measured alternately (docs/performance.md, "Cold compile and process start").
#
#   bench/cold_compile.sh [RUNS] KPIC [KPIC ...]
#
# For each binary and each of examples/*.kpi and examples/reference/*.kpi: RUNS runs of
# `kpic run FILE --timings --format json`, each with a new empty compiled-code cache (so the cache key is
# computed and the object written, as on a user's first run); the minimum of parse + check + compile per
# file, summed over the files. Then the median wall time of `kpic --version` and of a cache-hit run of
# examples/reference/surveys.kpi (process start to exit), over RUNS * 4 runs.
set -eu
runs=5
case "${1:-}" in [0-9]*) runs=$1; shift ;; esac
[ $# -ge 1 ] || { echo "usage: $0 [RUNS] KPIC [KPIC ...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for bin in "$@"; do : > "$tmp/$(echo "$bin" | tr / _).cold"; done
for f in "$here"/examples/*.kpi "$here"/examples/reference/*.kpi; do
  i=0
  while [ $i -lt "$runs" ]; do
    for bin in "$@"; do
      rm -rf "$tmp/cache"
      t=$(XDG_CACHE_HOME="$tmp/cache" "$bin" run "$f" --timings --format json 2>&1 >/dev/null |
          sed -n 's/.*timings: parse \([0-9.]*\) ms, check \([0-9.]*\) ms, compile \([0-9.]*\) ms.*/\1 \2 \3/p')
      [ -n "$t" ] || { echo "no timings from $bin on $f" >&2; exit 1; }
      echo "$f $t" >> "$tmp/$(echo "$bin" | tr / _).cold"
    done
    i=$((i + 1))
  done
done

for bin in "$@"; do
  key=$(echo "$bin" | tr / _)
  awk '{ k = $1; if (!(k in p) || $2 < p[k]) p[k] = $2; if (!(k in c) || $3 < c[k]) c[k] = $3;
         if (!(k in g) || $4 < g[k]) g[k] = $4; n[k] = 1 }
       END { for (k in n) { P += p[k]; C += c[k]; G += g[k]; N++ }
             printf "%s: %d files, cold parse %.1f + check %.1f + compile %.1f = %.1f ms (sum of per-file minima)\n",
                    bin, N, P, C, G, P + C + G }' bin="$bin" "$tmp/$key.cold"
done

surveys="$here/examples/reference/surveys.kpi"
for bin in "$@"; do XDG_CACHE_HOME="$tmp/warm" "$bin" run "$surveys" --format json >/dev/null; done
XDG_CACHE_HOME="$tmp/warm" python3 - "$((runs * 4))" "$surveys" "$@" <<'PY'
import statistics, subprocess, sys, time
n, surveys, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
cmds = {"kpic --version": ["--version"], "cache-hit run of reference/surveys.kpi": ["run", surveys, "--format", "json"]}
times = {(b, c): [] for b in bins for c in cmds}
for _ in range(n):
    for b in bins:
        for c, args in cmds.items():
            t0 = time.perf_counter()
            subprocess.run([b] + args, stdout=subprocess.DEVNULL, check=True)
            times[(b, c)].append((time.perf_counter() - t0) * 1000)
for b in bins:
    print(f"{b}: " + "; ".join(f"{c} median {statistics.median(times[(b, c)]):.1f} ms" for c in cmds))
PY

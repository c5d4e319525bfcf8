#!/usr/bin/python3
"""kpic lsp: time from a change to its diagnostics on a 1,000-metric file, and the server's memory.

    /usr/bin/python3 bench/lsp/latency.py [KPIC] [--metrics 1000] [--edits 1000]

Opens a generated file of N metrics (sums, filtered counts, ratios of other metrics, standard-library
templates, grouped metrics), then makes EDITS incremental edits one after the other, each waiting for the
diagnostics of its version (edits alternate between a valid change and an unknown name, so every analysis
is a real one). Prints p50/p95/max of change -> publishDiagnostics (debounce included) and the server's
resident memory (VmRSS, VmHWM) after the first analysis and after the edits.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "lsp"))
from lsp_client import Client, rng  # noqa: E402


def generate(n):
    lines = ["import std.revenue", "", 'source orders { order_id: int, amount: float, region: string, status: string, day: date }', ""]
    for i in range(n):
        k = i % 5
        if k == 0:
            lines += ["## Revenue slice %d." % i, "@unit(usd)", 'm%d = sum(amount where status == "s%d")' % (i, i)]
        elif k == 1:
            lines.append("m%d = count() where amount > %d" % (i, i))
        elif k == 2:
            lines.append("m%d = m%d / m%d" % (i, i - 2, i - 1))
        elif k == 3:
            lines.append("m%d = avg_order_value(amount * %d)" % (i, i))
        else:
            lines.append("m%d = sum(amount) by region, month(day)" % i)
    return "\n".join(lines) + "\n"


def cpu_ms(pid):
    """User + system CPU time of the process so far."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def memory(pid):
    out = {}
    for line in open("/proc/%d/status" % pid):
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM"):
            out[k] = int(v.split()[0]) / 1024
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kpic", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "kpic"))
    ap.add_argument("--metrics", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=1000)
    a = ap.parse_args()
    text = generate(a.metrics)
    c = Client(a.kpic)
    c.start()
    uri = "file:///tmp/kpic-lsp-bench/metrics.kpi"
    t0 = time.perf_counter()
    c.open(uri, text)
    d = c.wait_diagnostics(uri, 1, timeout=120)
    first = time.perf_counter() - t0
    assert d["diagnostics"] == [], d["diagnostics"][:3]
    mem0 = memory(c.proc.pid)
    # The edit: line 6 is `m0 = sum(amount where status == "s0")`; toggle `amount` / `amounx` (unknown column).
    line = text.split("\n").index('m0 = sum(amount where status == "s0")')
    times = []
    cpu0 = cpu_ms(c.proc.pid)
    for v in range(2, a.edits + 2):
        new = "amounx" if v % 2 == 0 else "amount"
        t = time.perf_counter()
        c.change(uri, v, range_=rng(line, 9, line, 15), new_text=new)
        d = c.wait_diagnostics(uri, v, timeout=60)
        times.append((time.perf_counter() - t) * 1000)
        assert (len(d["diagnostics"]) == 1) == (v % 2 == 0), d
    mem1 = memory(c.proc.pid)
    cpu = (cpu_ms(c.proc.pid) - cpu0) / len(times)
    c.shutdown()
    times.sort()
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    print("file: %d metrics, %d lines, %d KB" % (a.metrics, text.count("\n"), len(text) // 1024))
    print("open -> first diagnostics: %.1f ms" % (first * 1000))
    print("change -> diagnostics over %d edits, one at a time: p50 %.1f ms, p95 %.1f ms, max %.1f ms"
          % (len(times), q(0.50), q(0.95), times[-1]))
    print("server CPU time per edit (analysis, diagnostics, framing): %.1f ms; load average %.1f on %d cores"
          % (cpu, os.getloadavg()[0], os.cpu_count()))
    print("memory: after opening %.0f MB RSS; after %d edits %.0f MB RSS (peak %.0f MB)"
          % (mem0["VmRSS"], len(times), mem1["VmRSS"], mem1["VmHWM"]))


if __name__ == "__main__":
    main()

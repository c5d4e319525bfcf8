"""The server's diagnostics are `kpic check`'s: same codes, severities and start positions (line, byte
column with UTF-8 positions) for every failing check case of the test suite."""
import glob
import os
import re
import subprocess
import sys
from lsp_client import Client, check, uri_of

kpic, src = sys.argv[1], sys.argv[2]
cases = []
for f in sorted(glob.glob(os.path.join(src, "tests", "**", "*.kpi"), recursive=True)):
    text = open(f, encoding="utf-8", errors="replace").read()
    if re.search(r"^# RUN: kpic check %s$", text, re.M):
        cases.append(f)
check(len(cases) >= 20, "enough cases (%d)" % len(cases))
line_re = re.compile(r"^(.*?):(\d+):(\d+): (error|warning)\[(KP\d+)\]")
nowhere_re = re.compile(r"^(error|warning)\[(KP\d+)\]")  # no location: shown at the file's start
c = Client(kpic, utf8=True)
c.start()
compared = 0
for f in cases:
    base = os.path.basename(f)
    out = subprocess.run([kpic, "check", base], cwd=os.path.dirname(f), capture_output=True, text=True,
                         env=dict(os.environ, KPIC_NO_COLOR="1"))
    want = []
    for line in out.stderr.splitlines():
        m = line_re.match(line)
        if m and m.group(1) == base:
            want.append((int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
        m = nowhere_re.match(line)
        if m:
            want.append((1, 1, m.group(1), m.group(2)))
    u = uri_of(f)
    c.open(u, open(f, encoding="utf-8").read())
    got = []
    for d in c.wait_diagnostics(u)["diagnostics"]:
        if d["message"].startswith("/") or d["message"].startswith("<"):
            continue  # in an imported file
        s = d["range"]["start"]
        got.append((s["line"] + 1, s["character"] + 1, {1: "error", 2: "warning"}.get(d["severity"], "note"), d["code"]))
    check(sorted(got) == sorted(want), "%s: kpic check %s, lsp %s" % (f, want, got))
    c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
    compared += len(want)
check(compared >= 20, "diagnostics compared: %d" % compared)
c.shutdown()
print("ok: %d files, %d diagnostics" % (len(cases), compared))

"""Bad input and load: malformed messages, unknown methods, a 50,000-line document, 1,000 edits in a
row. The server answers with an error where the protocol says so and keeps running."""
import sys
import time
from lsp_client import Client, check, pos, rng

kpic = sys.argv[1]
c = Client(kpic)
c.start()

def alive():
    r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///never.kpi"}})
    check(r.get("error", {}).get("code") == -32602, "still answering: %s" % r)

# Malformed messages.
def bad(raw, code, what):
    c.send_raw(raw)
    r = c._take(lambda m: "error" in m and m.get("id") is None, 10)
    check(r["error"]["code"] == code, "%s: %s" % (what, r))

bad(b"Content-Length: 9\r\n\r\n{not json", -32700, "invalid JSON is a parse error")
bad(b"Content-Length: 3\r\n\r\n[1]", -32600, "a non-object is an invalid request")
bad(b"X-Nothing: 1\r\n\r\n", -32700, "a header without Content-Length")
bad(b"Content-Length: 99999999999999\r\n\r\n", -32700, "an absurd length")
c.send({"jsonrpc": "2.0", "id": 77, "method": 5})
check(c.response(77)["error"]["code"] == -32600, "a method that is not a string")
c.send({"jsonrpc": "2.0", "id": 78, "method": "textDocument/hover", "params": {"textDocument": 3}})
check(c.response(78)["error"]["code"] == -32602, "bad params")
alive()

# Unknown methods: an error for a request, silence for a notification.
r = c.request("textDocument/frobnicate", {})
check(r["error"]["code"] == -32601, "unknown request: MethodNotFound")
c.notify("$/unknownNotification", {"x": 1})
c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///never.kpi", "version": 2}, "contentChanges": [{"text": "x"}]})
alive()

# A 50,000-line document.
u = "file:///tmp/kpic-lsp-stress/big.kpi"
lines = ["source s { amount: float, region: string }"]
for i in range(49_999):
    lines.append("m%d = sum(amount) * %d" % (i, i) if i % 2 == 0 else "## metric %d" % i)
big = "\n".join(lines) + "\n"
t0 = time.time()
c.open(u, big)
d = c.wait_diagnostics(u, 1, timeout=120)
t_open = time.time() - t0
check(d["diagnostics"] == [], "the big document is clean: %s" % d["diagnostics"][:2])
h = c.result("textDocument/hover", {"textDocument": {"uri": u}, "position": pos(49_999, 1)})
check(h and "m49998" in h["contents"]["value"], "hover at the end")
toks = c.result("textDocument/semanticTokens/full", {"textDocument": {"uri": u}}, timeout=60)["data"]
check(len(toks) >= 5 * 3 * 25_000, "tokens for every line: %d" % len(toks))
syms = c.result("textDocument/documentSymbol", {"textDocument": {"uri": u}}, timeout=60)
check(len(syms) == 25_001, "symbols: %d" % len(syms))

# 1,000 edits in a row (incremental, one character each), then the diagnostics of the last version.
u2 = "file:///tmp/kpic-lsp-stress/edits.kpi"
c.open(u2, "source s { amount: float }\nx = sum(amount)\n")
c.wait_diagnostics(u2, 1)
t0 = time.time()
for v in range(2, 1002):
    c.change(u2, v, range_=rng(1, 15, 1, 15), new_text=" ")
c.change(u2, 1002, range_=rng(1, 1015, 1, 1015), new_text="+ amont")
d = c.wait_diagnostics(u2, 1002, timeout=60)
t_edits = time.time() - t0
check(len(d["diagnostics"]) == 1 and d["diagnostics"][0]["code"] == "KP0202", "the last version's diagnostics: %s" % d)
# "x = sum(amount)", the 1,000 spaces, "+ amont": every edit was applied.
check(d["diagnostics"][0]["range"] == rng(1, 1017, 1, 1022), "range of `amont`: %s" % d["diagnostics"][0]["range"])
alive()
_, code = c.shutdown()
check(code == 0, "clean exit")
print("ok: 50,000 lines checked in %.2f s; 1,000 edits + diagnostics in %.2f s" % (t_open, t_edits))

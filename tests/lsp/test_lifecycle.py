"""Lifecycle: requests before initialize, initialize (capabilities), a second initialize, shutdown,
requests after shutdown, exit (code 0 after shutdown)."""
import sys
from lsp_client import Client, check

kpic = sys.argv[1]
c = Client(kpic)
c.start(initialize=False)
r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///x.kpi"}, "position": {"line": 0, "character": 0}})
check(r.get("error", {}).get("code") == -32002, "a request before initialize is ServerNotInitialized: %s" % r)
r = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
caps = r["result"]["capabilities"]
check(r["result"]["serverInfo"]["name"] == "kpic", "serverInfo")
check(caps["positionEncoding"] == "utf-16", "utf-16 when the client offers nothing else")
for cap in ["hoverProvider", "completionProvider", "definitionProvider", "referencesProvider", "renameProvider",
            "documentSymbolProvider", "documentFormattingProvider", "semanticTokensProvider", "codeActionProvider",
            "codeLensProvider", "executeCommandProvider"]:
    check(cap in caps, "capability " + cap)
check(caps["textDocumentSync"]["change"] == 2, "incremental sync")
c.notify("initialized", {})
r = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
check(r.get("error", {}).get("code") == -32600, "a second initialize is an error")
r = c.request("shutdown", None)
check(r.get("result", "x") is None and "error" not in r, "shutdown answers null")
r = c.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///x.kpi"}})
check(r.get("error", {}).get("code") == -32600, "requests after shutdown are InvalidRequest")
c.notify("exit", None)
check(c.proc.wait(timeout=10) == 0, "exit after shutdown: code 0")

# UTF-8 positions when the client offers them.
c = Client(kpic, utf8=True)
r = c.start()
check(r["result"]["capabilities"]["positionEncoding"] == "utf-8", "utf-8 negotiated")
_, code = c.shutdown()
check(code == 0, "clean exit")
print("ok")

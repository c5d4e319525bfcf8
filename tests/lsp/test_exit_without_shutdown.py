"""`exit` without `shutdown`: the server stops at once with exit code 1 (LSP 3.17)."""
import sys
from lsp_client import Client, check

c = Client(sys.argv[1])
c.start()
c.open("file:///tmp/kpic-lsp-none/a.kpi", "x = count()\n")
c.notify("exit", None)
check(c.proc.wait(timeout=10) == 1, "exit without shutdown: code 1")
print("ok")

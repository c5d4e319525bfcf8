"""The client's pipe closes: the server ends by itself (code 1 without shutdown, 0 after it), also in the
middle of a message."""
import sys
from lsp_client import Client, check

kpic = sys.argv[1]
c = Client(kpic)
c.start()
c.open("file:///tmp/kpic-lsp-none/a.kpi", "x = count()\n")
c.wait_diagnostics("file:///tmp/kpic-lsp-none/a.kpi")
c.proc.stdin.close()
check(c.proc.wait(timeout=10) == 1, "end of input without shutdown: code 1")

c = Client(kpic)
c.start()
c.request("shutdown", None)
c.proc.stdin.close()
check(c.proc.wait(timeout=10) == 0, "end of input after shutdown: code 0")

c = Client(kpic)
c.start()
c.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\": ")  # cut in the middle of a body
c.proc.stdin.close()
check(c.proc.wait(timeout=10) == 1, "a message cut by the end of input")
print("ok")

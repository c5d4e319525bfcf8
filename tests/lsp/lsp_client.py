"""A small LSP client for kpic's scripted editor sessions (tests/lsp/*.py) and the latency bench.

Client(kpic).start() runs `kpic lsp`; request() sends a request and returns its response (notifications
that arrive meanwhile are kept); wait_diagnostics(uri) returns the next publishDiagnostics for a URI.
"""
import json
import os
import subprocess
import sys
import threading
import queue
import time


class Client:
    def __init__(self, kpic, args=(), env=None, utf8=False):
        self.kpic = kpic
        self.args = list(args)
        self.env = env
        self.utf8 = utf8
        self.next_id = 0
        self.messages = queue.Queue()
        self.pending = []  # messages read but not yet consumed
        self.proc = None

    def start(self, initialize=True, capabilities=None):
        env = dict(os.environ)
        env.update(self.env or {})
        self.proc = subprocess.Popen([self.kpic, "lsp"] + self.args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        threading.Thread(target=self._read, daemon=True).start()
        if initialize:
            caps = capabilities or {"workspace": {"codeLens": {"refreshSupport": True}}}
            if self.utf8:
                caps.setdefault("general", {})["positionEncodings"] = ["utf-8", "utf-16"]
            r = self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps})
            self.notify("initialized", {})
            return r
        return None

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def _take(self, pred, timeout):
        for i, m in enumerate(self.pending):
            if pred(m):
                return self.pending.pop(i)
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no matching message")
            m = self.messages.get(timeout=left)
            if m is None:
                raise EOFError("the server closed its output")
            if pred(m):
                return m
            self.pending.append(m)

    def response(self, rid, timeout=20):
        return self._take(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def request(self, method, params, timeout=20):
        return self.response(self.request_async(method, params), timeout)

    def result(self, method, params, timeout=20):
        r = self.request(method, params, timeout)
        if "error" in r:
            raise AssertionError("%s failed: %s" % (method, r["error"]))
        return r["result"]

    def wait_notification(self, method, pred=lambda p: True, timeout=20):
        return self._take(lambda m: m.get("method") == method and "id" not in m and pred(m["params"]), timeout)["params"]

    def wait_diagnostics(self, uri, version=None, timeout=20):
        return self.wait_notification(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and (version is None or p.get("version") == version), timeout)

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "kpi", "version": version, "text": text}})

    def change(self, uri, version, text=None, range_=None, new_text=None):
        if text is not None:
            changes = [{"text": text}]
        else:
            changes = [{"range": range_, "text": new_text}]
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    def shutdown(self, timeout=10):
        r = self.request("shutdown", None)
        self.notify("exit", None)
        return r, self.proc.wait(timeout=timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def pos(line, character):
    return {"line": line, "character": character}


def rng(l1, c1, l2, c2):
    return {"start": pos(l1, c1), "end": pos(l2, c2)}


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def copy_data(src, names):
    """A temporary folder with copies of tests/lsp/data/NAMES (the sessions edit and write there)."""
    import shutil
    import tempfile
    work = tempfile.mkdtemp(prefix="kpic-lsp-")
    for f in names:
        shutil.copy(os.path.join(src, "tests", "lsp", "data", f), work)
    return work


def check(cond, what):
    if not cond:
        print("FAILED:", what, file=sys.stderr)
        sys.exit(1)

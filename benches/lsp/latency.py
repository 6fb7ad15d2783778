#!/usr/bin/env python3
"""`koalint lsp` latency and memory: a benchmark, not a test (timings on shared machines are noise).

usage: benches/lsp/latency.py KOALINT [WORKSPACE]

1. Edit latency: a generated 2,000-line Koa service is opened, then changed RUNS times (one
   character, alternating a finding on and off); for each change, the time from sending
   `textDocument/didChange` to receiving its `textDocument/publishDiagnostics`, minus the
   server's debounce. Median and 90th percentile are printed.
2. Workspace memory: with WORKSPACE (for example the benchmark corpus's largest Koa package,
   `…/corpus/node_modules/koa-session`), the server is started on it, the start-up lint is
   awaited (`$/progress` end), and the server's peak resident memory is read from
   /proc/<pid>/status (VmHWM).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

DEBOUNCE_S = 0.120  # src/lsp/mod.rs DEBOUNCE
RUNS = int(os.environ.get("RUNS", "40"))


class Client:
    def __init__(self, binary, cwd, progress=False):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": "file://" + cwd,
            "capabilities": {"window": {"workDoneProgress": progress}}}})
        self.wait(lambda m: m.get("id") == 0)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def _read(self):
        out = self.p.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    return
                header += c
            length = next(int(l.split(b":")[1]) for l in header.split(b"\r\n") if l.lower().startswith(b"content-length"))
            self.q.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def wait(self, pred, timeout=120):
        end = time.perf_counter() + timeout
        while True:
            at, msg = self.q.get(timeout=max(0.01, end - time.perf_counter()))
            if pred(msg):
                return at, msg

    def close(self):
        self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 99)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.p.wait(10)


def service(lines):
    """A Koa service of about `lines` lines: routes that read keys, sign tokens, log."""
    out = ["const Koa = require('koa');", "const Router = require('@koa/router');",
           "const crypto = require('node:crypto');", "const log = require('pino')();",
           "const app = new Koa();", "const router = new Router();", ""]
    i = 0
    while len(out) < lines - 3:
        out += [
            f"router.get('/keys/{i}', async (ctx) => {{",
            "  const key = ctx.get('x-api-key');",
            "  const expected = process.env.API_KEY || '';",
            "  const a = crypto.createHash('sha256').update(key).digest();",
            "  const b = crypto.createHash('sha256').update(expected).digest();",
            "  if (!crypto.timingSafeEqual(a, b)) ctx.throw(401);",
            f"  log.info({{ route: 'keys-{i}', ip: ctx.ip }});",
            f"  ctx.body = {{ id: {i}, ok: true }};",
            "});",
            "",
        ]
        i += 1
    out += ["app.use(router.routes());", "module.exports = app;", ""]
    return "\n".join(out)


def latency(binary):
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, ".git"))
        text = service(2000)
        path = os.path.join(d, "service.js")
        open(path, "w").write(text)
        uri = "file://" + path
        c = Client(binary, d)
        c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "javascript", "version": 1, "text": text}}})
        c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
               and m["params"].get("version") == 1)
        samples = []
        for v in range(2, RUNS + 2):
            # Every other change logs the request headers: a finding appears and disappears.
            changed = text if v % 2 else text.replace("ip: ctx.ip });", "ip: ctx.ip, h: ctx.headers });", 1)
            sent = time.perf_counter()
            c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]}})
            at, _ = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                           and m["params"].get("version") == v)
            samples.append(at - sent - DEBOUNCE_S)
        c.close()
    lines = text.count("\n")
    samples.sort()
    print(f"edit latency on a {lines}-line file, {len(samples)} changes, after the {DEBOUNCE_S * 1000:.0f} ms debounce:")
    print(f"  median {statistics.median(samples) * 1000:.1f} ms, p90 {samples[int(len(samples) * 0.9)] * 1000:.1f} ms (target: median <= 20 ms)")


def memory(binary, workspace):
    c = Client(binary, workspace, progress=True)
    c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"].get("kind") == "end", timeout=600)
    status = open(f"/proc/{c.p.pid}/status").read()
    hwm = next(l for l in status.splitlines() if l.startswith("VmHWM"))
    c.close()
    print(f"server after linting {workspace} as a workspace: peak {int(hwm.split()[1]) / 1024:.1f} MiB (target <= 150 MiB)")


if __name__ == "__main__":
    latency(os.path.abspath(sys.argv[1]))
    if len(sys.argv) > 2:
        memory(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))

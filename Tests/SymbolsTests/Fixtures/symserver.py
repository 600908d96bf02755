#!/usr/bin/env python3
"""Loopback SymStore HTTP server for the symbol-server integration tests.

Usage: symserver.py ROOT [WRONG_FILE]
Prints the port it listens on (127.0.0.1, chosen by the OS) as its first line, then serves:

  /<path>             ROOT/<path> (404 when absent): plain, `name.pd_` and `file.ptr` entries
                      are whatever ROOT holds
  /fail500/<path>     500 for the first two requests of each path, then the file
  /stall/<path>       headers, then nothing for 60 s (the client must time out)
  /redirect/<path>    302 to /<path> (as msdl.microsoft.com redirects to its CDN)
  /fileredirect/<p>   302 to a file:// URL (the client must refuse it)
  /truncated/<path>   full Content-Length, half the body, then the connection closes
  /wrong/<path>       WRONG_FILE instead of any existing file (a wrong PDB)
  /slow/<path>        the file after 0.1 s (to observe how many requests run at once)
  /__stats            JSON: request count per path, and "__max_inflight"

With SYMSERVER_DELAY=SECONDS in the environment every answer (404s included) waits that long
first, to stand in for a server across the internet (Tests/Benchmarks/symbols.sh).
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The test stops the server with SIGTERM. Processes spawned from a Dispatch worker thread
# inherit its signal mask (most signals blocked), so unblock and restore the default action.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, signal.SIG_DFL)

ROOT = os.path.realpath(sys.argv[1])
WRONG = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
DELAY = float(os.environ.get("SYMSERVER_DELAY", "0"))
COUNTS = {}
INFLIGHT = [0, 0]  # current, maximum
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body waits for the
    # client's delayed ACK (40 ms on Linux), which made every loopback answer take 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send_bytes(self, status, body, length=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    # A request is in flight from its arrival until its answer starts: a client that limits
    # itself to N requests starts the next one only after it has read a whole answer, so
    # counting until the handler thread returns would race with the client's next request.
    def send_response(self, *args, **kwargs):
        self.finish_flight()
        super().send_response(*args, **kwargs)

    def finish_flight(self):
        if getattr(self, "in_flight", False):
            self.in_flight = False
            with LOCK:
                INFLIGHT[0] -= 1

    def do_GET(self):
        with LOCK:
            INFLIGHT[0] += 1
            INFLIGHT[1] = max(INFLIGHT[1], INFLIGHT[0])
        self.in_flight = True
        try:
            self.serve()
        finally:
            self.finish_flight()

    def serve(self):
        with LOCK:
            COUNTS[self.path] = COUNTS.get(self.path, 0) + 1
            count = COUNTS[self.path]
        if self.path == "/__stats":
            with LOCK:
                body = json.dumps(dict(COUNTS, __max_inflight=INFLIGHT[1])).encode()
            return self.send_bytes(200, body)
        if DELAY > 0:
            time.sleep(DELAY)
        parts = self.path.lstrip("/").split("/", 1)
        modes = ("fail500", "stall", "truncated", "wrong", "slow", "redirect", "fileredirect")
        mode = parts[0] if parts[0] in modes else ""
        rest = parts[1] if mode and len(parts) > 1 else self.path.lstrip("/")
        local = os.path.realpath(os.path.join(ROOT, rest))
        if not local.startswith(ROOT + os.sep) or not os.path.isfile(local):
            return self.send_bytes(404, b"not found")
        with open(local, "rb") as f:
            body = f.read()
        if mode == "redirect":  # as msdl.microsoft.com does: 302 to where the file is
            self.send_response(302)
            self.send_header("Location", "/" + rest)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "fileredirect":  # a redirect a client must refuse
            self.send_response(302)
            self.send_header("Location", "file://" + local)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "fail500" and count <= 2:
            return self.send_bytes(500, b"try again")
        if mode == "slow":
            time.sleep(0.1)
        if mode == "stall":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(60)
            return
        if mode == "truncated":
            self.send_bytes(200, body[: len(body) // 2], length=len(body))
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "wrong" and WRONG and not rest.endswith("file.ptr"):
            with open(WRONG, "rb") as f:
                body = f.read()
        self.send_bytes(200, body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()

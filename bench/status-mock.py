#!/usr/bin/env python3
"""Mock Kubernetes API servers for the `fleet status` benchmark (bench/run status).

status-mock.py FLEET.yaml KUBECONFIG [--servers 4] [--unreachable 100]

Starts --servers threaded HTTP servers (one process each) on 127.0.0.1 that answer as an API server would for what
fleet status reads (Nodes; 404 for the custom resources, i.e. nothing else installed), writes a
kubeconfig with one context per cluster of FLEET (named after it, no credentials): the first
--unreachable clusters point at closed ports (refused), the others at the servers in turn. Then
serves until killed. Every address is 127.0.0.1.
"""
import argparse
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

p = argparse.ArgumentParser()
p.add_argument("fleet")
p.add_argument("kubeconfig")
p.add_argument("--servers", type=int, default=4)
p.add_argument("--unreachable", type=int, default=100)
a = p.parse_args()

with open(a.fleet) as f:
    fleet = yaml.safe_load(f)
clusters = [c["name"] for c in fleet["clusters"]]

NODES = json.dumps({
    "apiVersion": "v1", "kind": "NodeList", "metadata": {"resourceVersion": "1"},
    "items": [{
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": f"n{i}", "labels": {"kubernetes.io/hostname": f"n{i}"}},
        "spec": {},
        "status": {"conditions": [{"type": "Ready", "status": "True"}],
                   "nodeInfo": {"kubeletVersion": "v1.31.14+k3s1"}},
    } for i in range(5)],
}).encode()
NOT_FOUND = json.dumps({"apiVersion": "v1", "kind": "Status", "status": "Failure",
                        "reason": "NotFound", "code": 404}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?")[0]
        body, code = (NODES, 200) if path == "/api/v1/nodes" else (NOT_FOUND, 404)
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


servers = [Server(("127.0.0.1", 0), Handler) for _ in range(a.servers)]
closed = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed.append(s.getsockname()[1])
    s.close()

urls = []
for i, name in enumerate(clusters):
    if i < a.unreachable:
        urls.append(f"http://127.0.0.1:{closed[i % len(closed)]}")
    else:
        urls.append(f"http://127.0.0.1:{servers[i % len(servers)].server_address[1]}")
config = {
    "apiVersion": "v1", "kind": "Config",
    "clusters": [{"name": n, "cluster": {"server": u}} for n, u in zip(clusters, urls)],
    "users": [{"name": "bench", "user": {}}],
    "contexts": [{"name": n, "context": {"cluster": n, "user": "bench"}} for n in clusters],
}
tmp = a.kubeconfig + ".tmp"
with open(tmp, "w") as f:
    yaml.safe_dump(config, f)
import os
os.replace(tmp, a.kubeconfig)
# One process per server (the GIL would otherwise make one process the bottleneck); each child
# exits when the parent, the process bench/run kills, is gone.
parent = os.getpid()
for s in servers[1:]:
    if os.fork() == 0:
        def watch():
            import time
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        s.serve_forever()
        os._exit(0)
servers[0].serve_forever()

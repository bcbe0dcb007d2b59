#!/usr/bin/env python3
"""Writes a fleet of N clusters for benchmarks: make-fleet.py N [--distributions k3s,k0s,microk8s] [--seed S]

Clusters cycle through the given distributions and through profiles that share settings, as a
real fleet does; every address is unique. --bump-every K changes every K-th cluster (a version pin
and a node), to benchmark `fleet diff` against the unchanged fleet.

--inventory FILE.csv writes instead a cluster-set fleet: one K3s store cluster per row of an N-row
inventory written to FILE.csv (id, region, subnet); the fleet names it by its file name, so write
the fleet next to it:  make-fleet.py 10000 --inventory out/stores.csv > out/stores.fleet.yaml

--rollout adds rollout waves (canary: c0000 and c0001; region r0, 10 % per batch; the rest, 10 % per
batch; one hour of soak each) and --kubernetes sets the declared minor (default 1.31): compiling the
1.31 fleet and then the 1.32 one starts a rollout (bench/run walks it to the middle with fleet
rollout next). A fleet with rollout: keeps fleet.rollout.json beside it: give it a folder of its own.
"""
import argparse
import os

p = argparse.ArgumentParser()
p.add_argument("n", type=int)
p.add_argument("--distributions", default="k3s")
p.add_argument("--bump-every", type=int, default=0)
p.add_argument("--inventory")
p.add_argument("--rollout", action="store_true")
p.add_argument("--kubernetes", default="1.31")
a = p.parse_args()
dists = a.distributions.split(",")

if a.inventory:
    with open(a.inventory, "w", newline="") as f:
        f.write("id,region,subnet\r\n")
        for i in range(a.n):
            f.write(f"{i:05d},r{i % 7},10.{i // 250}.{i % 250}\r\n")  # unique up to 64,000 rows
    print("\n".join([
        "apiVersion: fleetc.dev/v1alpha1", "kind: Fleet", "metadata:", "  name: bench", "defaults:",
        '  kubernetes: "1.31"', "  ssh: {user: root, keyPath: ~/.ssh/fleet}",
        "  network: {podCIDR: 10.42.0.0/16, serviceCIDR: 10.43.0.0/16}",
        "  gitops: {engine: flux, repository: ssh://git@example.com/fleet.git, branch: main}",
        "  addons: {ingress: traefik, storage: local-path}", "profiles:",
        "  edge: {distribution: k3s, datastore: {type: sqlite}}",
        "clusterSets:", "  - name: stores", "    profile: edge",
        f"    inventory: {os.path.basename(a.inventory)}", "    cluster:",
        '      name: "store-{{id}}"', '      region: "{{region}}"', '      labels: {store: "{{id}}"}',
        '      token: {secretRef: "env:STORE_{{id}}_TOKEN"}', "      nodes:",
        '        - {name: "s-{{id}}-a", address: "{{subnet}}.11", role: control-plane}',
        '        - {name: "s-{{id}}-b", address: "{{subnet}}.12", role: worker}']))
    raise SystemExit(0)

out = ["apiVersion: fleetc.dev/v1alpha1", "kind: Fleet", "metadata:", "  name: bench", "defaults:",
       f'  kubernetes: "{a.kubernetes}"', "  ssh: {user: root, keyPath: ~/.ssh/fleet}",
       "  network: {podCIDR: 10.42.0.0/16, serviceCIDR: 10.43.0.0/16}",
       "  gitops: {engine: flux, repository: ssh://git@example.com/fleet.git, branch: main}",
       "  addons: {ingress: traefik, storage: local-path}", "profiles:"]
for d in dists:
    store = {"k3s": "etcd", "k0s": "etcd", "microk8s": "dqlite"}[d]
    out.append(f"  {d}-prod: {{distribution: {d}, datastore: {{type: {store}}}}}")
out.append("clusters:")
for i in range(a.n):
    d = dists[i % len(dists)]
    bumped = a.bump_every and i % a.bump_every == 0
    b, c = divmod(i, 250)
    # 10.100-255.x.x for the first 39,000 clusters (unchanged), then 172.16-.x.x (up to 64,000)
    net = f"10.{100 + b}" if b < 156 else f"172.{16 + b - 156}"
    out.append(f"  - name: c{i:04d}")
    out.append(f"    profile: {d}-prod")
    out.append(f"    region: r{i % 7}")
    out.append(f"    apiEndpoint: {net}.{c}.1")
    if d != "k0s":
        out.append(f"    token: {{secretRef: env:TOKEN_{i:04d}}}")
    if bumped:
        out.append('    kubernetes: "1.32"')
    out.append("    nodes:")
    workers = 3 if bumped else 2
    for n in range(3 + workers):
        role = "control-plane" if n < 3 else "worker"
        out.append(f"      - {{name: n{n}, address: {net}.{c}.{10 + n}, role: {role}}}")
if a.rollout:
    out += ["rollout:", "  waves:",
            "    - {name: canary, clusters: [c0000, c0001], soak: 1h}",
            "    - {name: r0, selector: {region: r0}, maxConcurrent: 10%, soak: 1h}",
            "    - {name: rest, selector: {}, maxConcurrent: 10%, soak: 1h}"]
print("\n".join(out))

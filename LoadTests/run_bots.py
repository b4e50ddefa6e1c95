#!/usr/bin/env python3
"""roost-bots against a local cluster: N `roost serve` nodes on loopback (cluster_nodes.py), one
roost-bots run against all of them, the report printed and checked.

Run it through LoadTests/run-bots.sh; `--help` lists the options. `--quick` is the CI smoke run:
200 bots for 20 s on 3 nodes, `--expect-clean` (no protocol errors, every game finished). The
nodes run `--threads 1` pinned to --node-cores (core 0 by default), roost-bots to --bots-core
(core 1). The nodes are stopped on exit, on a signal, and (PR_SET_PDEATHSIG) if this runner dies.
chaos.py imports `build`, `binaries` and `start_cluster` from here.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cluster_nodes import Cluster
from echo_bench import HOST, REPO_ROOT


def binaries(config: str) -> tuple[Path, Path]:
    """The roost and roost-bots binaries of the `config` (debug or release) build."""
    out = subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=REPO_ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    bin_dir = Path(out) if out else REPO_ROOT / ".build" / config
    return bin_dir / "roost", bin_dir / "roost-bots"


def build(config: str) -> None:
    for product in ("roost", "roost-bots"):
        print(f"building {product} ({config})", flush=True)
        subprocess.run(["swift", "build", "-c", config, "--product", product], cwd=REPO_ROOT, check=True)


def cluster_args(args: argparse.Namespace, roost: Path) -> argparse.Namespace:
    """What cluster_nodes.Cluster reads: the binary, cores, rate limits, extra server arguments."""
    return argparse.Namespace(
        roost=roost, nodes=args.nodes, node_cores=args.node_cores.split(","), boost=False,
        # The protocol's default limits (20/s, burst 40) would apply per connection; cluster_nodes
        # sets rate and burst to one value, so 40 keeps the burst and lets a bot's rare bursts through.
        rate=args.rate, server_arg=list(args.server_arg), keep_logs=args.keep_logs)


def start_cluster(args: argparse.Namespace, roost: Path, label: str) -> Cluster:
    cluster = Cluster(cluster_args(args, roost), label)
    seconds = cluster.start()
    print(f"cluster {label} formed in {seconds:.1f} s: {cluster.describe()}", flush=True)
    return cluster


def urls(cluster: Cluster) -> str:
    return ",".join(f"ws://{HOST}:{node.port}/ws" for node in cluster.nodes)


def bots_command(args: argparse.Namespace, bots_binary: Path, cluster: Cluster, json_path: str,
                 extra: list[str]) -> list[str]:
    return ["taskset", "-c", args.bots_core, str(bots_binary), "--urls", urls(cluster), "--bots", str(args.bots),
            "--duration", str(args.duration), "--scenario", args.scenario, "--grace", str(args.grace),
            "--json", json_path, *extra, *args.bots_arg]


def connections(node) -> int:
    """The node's `roost_connections` gauge (open WebSockets), -1 when it cannot be read."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{node.port}/metrics", timeout=2) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("roost_connections "):
                    return int(float(line.split()[1]))
    except (OSError, ValueError):
        pass
    return -1


def watch_nodes(cluster, process: subprocess.Popen) -> dict:
    """Samples every node's RSS and open connections once a second while `process` runs; returns
    the baseline and the sample with the most connections, per node."""
    base = {n.name: n.rss_kib() for n in cluster.nodes}
    peak = {n.name: (0, base[n.name]) for n in cluster.nodes}
    while process.poll() is None:
        for node in cluster.nodes:
            count = connections(node)
            if count > peak[node.name][0]:
                peak[node.name] = (count, node.rss_kib())
        time.sleep(1)
    return {name: {"baselineKiB": base[name], "connections": peak[name][0], "rssKiB": peak[name][1]}
            for name in base}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="CI smoke run: 200 bots, 20 s, --expect-clean")
    p.add_argument("--nodes", type=int, default=3)
    p.add_argument("--bots", type=int, default=1000)
    p.add_argument("--duration", type=float, default=60)
    p.add_argument("--grace", type=float, default=30)
    p.add_argument("--scenario", default="steady", help="steady, login-storm, reconnect-storm, spectators, idle")
    p.add_argument("--config", default="debug", choices=["debug", "release"], help="which build to run")
    p.add_argument("--no-build", action="store_true", help="use the binaries already built")
    p.add_argument("--node-cores", default="0", help="comma-separated cores for the nodes (cycled)")
    p.add_argument("--bots-core", default="1", help="core for roost-bots")
    p.add_argument("--rate", type=int, default=40, help="server --messages-per-second and --message-burst")
    p.add_argument("--server-arg", action="append", default=[], help="extra `roost serve` argument")
    p.add_argument("--bots-arg", action="append", default=[], help="extra roost-bots argument")
    p.add_argument("--expect-clean", action="store_true", help="fail on protocol errors or unfinished games")
    p.add_argument("--json", default=None, help="keep roost-bots' JSON report here")
    p.add_argument("--keep-logs", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.bots, args.duration, args.grace, args.expect_clean = 200, 20, 30, True

    if not args.no_build:
        build(args.config)
    roost, bots_binary = binaries(args.config)
    cluster = start_cluster(args, roost, "bots")
    json_path = args.json or os.path.join(cluster.workdir, "bots.json")
    status = 1
    try:
        command = bots_command(args, bots_binary, cluster, json_path, ["--expect-clean"] if args.expect_clean else [])
        print("$ " + " ".join(command), flush=True)
        started = time.monotonic()
        process = subprocess.Popen(command)
        nodes = watch_nodes(cluster, process)
        status = process.wait()
        print(f"roost-bots exited with status {status} after {time.monotonic() - started:.1f} s", flush=True)
        for name, sample in nodes.items():
            grown = sample["rssKiB"] - sample["baselineKiB"]
            # Per connection only for idle bots: with games running, the growth is mostly games.
            per = f", {grown * 1024 / sample['connections']:,.0f} bytes each" \
                if sample["connections"] > 0 and args.scenario == "idle" else ""
            print(f"node {name}: peak {sample['connections']} connections, RSS {sample['baselineKiB'] / 1024:.1f} MiB "
                  f"before the bots, {sample['rssKiB'] / 1024:.1f} MiB then ({grown / 1024:+.1f} MiB{per})", flush=True)
        for node in cluster.nodes:
            if not node.alive():
                print(f"node {node.name} died during the run; last output: {node.tail()}", flush=True)
                status = status or 1
        if os.path.exists(json_path):
            report = json.load(open(json_path))
            rt = report["moves"]["roundTrip"]
            print(f"figures: {args.bots} bots on {args.nodes} nodes ({args.config}): "
                  f"peak connections {report['connections']['peak']}, "
                  f"moves/s {report['moves']['perSecond']:.0f}, move round trip p50 {rt.get('p50Ms', 0):.2f} ms, "
                  f"p99 {rt.get('p99Ms', 0):.2f} ms, p99.9 {rt.get('p99.9Ms', 0):.2f} ms; "
                  f"games finished {report['games']['finishedTotal']}", flush=True)
    finally:
        cluster.stop()
        for problem in cluster.problems:
            print(f"problem: {problem}", flush=True)
        cluster.cleanup(keep=status != 0)
        if status != 0:
            print(f"node logs kept in {cluster.workdir}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

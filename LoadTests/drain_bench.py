#!/usr/bin/env python3
"""How long a node with many games takes to hand them all over on SIGTERM (figures only).

n1 starts alone as a one-node cluster and roost-bots fill it with Connect Four games (the bots
think for --think-ms between moves, so the games stay open); then n2 and n3 join, and n1 gets
SIGTERM. The script reads n1's log: how many games it handed over and when the hand-off ended,
and times SIGTERM -> process exit. Every game hosted on n1 is sealed, sent whole, adopted and
acknowledged before n1 closes its connections (1012) and leaves.

Usage: LoadTests/drain_bench.py [--games 1000] [--binary-dir .build/debug]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAINED = re.compile(r"drained: (\d+) games handed over, (\d+) ended, (\d+) unanswered")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
        return json.load(reply)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"drain-bench: timed out waiting for {what}")


def hosted_games(port: int) -> int:
    """Games hosted by the node, from /metrics (waiting plus running)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as reply:
        text = reply.read().decode()
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in text.splitlines()
               if line.startswith(("roost_games_running{", "roost_games_waiting{")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--binary-dir", default=os.path.join(ROOT, ".build", os.environ.get("ROOST_BUILD", "debug")))
    parser.add_argument("--think-ms", type=int, default=20000)
    args = parser.parse_args()
    roost, bots = os.path.join(args.binary_dir, "roost"), os.path.join(args.binary_dir, "roost-bots")
    workdir = tempfile.mkdtemp(prefix="roost-drain-")
    secret = os.path.join(workdir, "cluster.secret")
    with open(secret, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    nodes = {}

    def start(name: str, seeds: list[str]) -> dict:
        port, cluster_port = free_port(), free_port()
        log = open(os.path.join(workdir, f"{name}.log"), "ab")
        command = [roost, "serve", "--node-name", name, "--port", str(port), "--cluster-port", str(cluster_port),
                   "--cluster-secret-file", secret, "--data-dir", os.path.join(workdir, name), "--threads", "1",
                   "--relaxed-durability", "--max-connections-per-ip", "20000", "--expected-nodes", "3",
                   "--messages-per-second", "100", "--message-burst", "100"]
        if seeds:
            command += ["--seeds", ",".join(seeds)]
        process = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
        node = {"name": name, "port": port, "cluster": cluster_port, "process": process,
                "log": os.path.join(workdir, f"{name}.log")}
        wait_for(lambda: "listening on" in open(node["log"], errors="replace").read(), 60, f"{name} to listen")
        nodes[name] = node
        return node

    bots_process = None
    try:
        n1 = start("n1", [])
        players = 2 * args.games
        bots_process = subprocess.Popen(
            [bots, "--urls", f"ws://127.0.0.1:{n1['port']}/ws", "--bots", str(players), "--duration", "600",
             "--ramp", "10", "--kinds", "connect4", "--lobby", "never", "--think-ms", str(args.think_ms),
             "--move-timeout", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: hosted_games(n1["port"]) >= args.games * 0.95, 180, f"{args.games} games on n1")
        for name in ("n2", "n3"):
            start(name, [f"127.0.0.1:{n1['cluster']}"])
        wait_for(lambda: all(len(get_json(node["port"], "/api/cluster").get("members", [])) == 2
                             for node in nodes.values()), 60, "the cluster to form")
        time.sleep(2)  # the newcomers' load entries reach n1, which places hand-offs by them
        games = hosted_games(n1["port"])
        started = time.monotonic()
        n1["process"].send_signal(signal.SIGTERM)
        n1["process"].wait(timeout=120)
        exited = time.monotonic() - started
        text = open(n1["log"], errors="replace").read()
        drained = DRAINED.search(text)
        handed, ended, unanswered = map(int, drained.groups()) if drained else (0, 0, 0)
        time.sleep(1.5)  # gauges are published once a second
        after = {name: hosted_games(node["port"]) for name, node in nodes.items() if name != "n1"}
        print(f"{'games on n1':>12} {'handed over':>12} {'ended':>6} {'unanswered':>11} {'SIGTERM -> exit':>16} "
              f"{'games/s':>9}  now hosted elsewhere")
        print(f"{games:>12} {handed:>12} {ended:>6} {unanswered:>11} {exited:>15.2f}s {handed / exited:>9.0f}  {after}")
        print("drain-bench: figures " + json.dumps({"games": games, "handed": handed, "ended": ended,
                                                    "unanswered": unanswered, "exit_s": round(exited, 2),
                                                    "hosted_after": after}))
        return 0 if drained and ended == 0 and unanswered == 0 else 1
    finally:
        if bots_process and bots_process.poll() is None:
            os.killpg(bots_process.pid, signal.SIGKILL)
        for node in nodes.values():
            if node["process"].poll() is None:
                node["process"].send_signal(signal.SIGINT)
                try:
                    node["process"].wait(timeout=10)
                except subprocess.TimeoutExpired:
                    node["process"].kill()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How long the nightly job stays stopped when the node running it dies (figures only).

Three real `roost serve` nodes on loopback, their job clocks sped up so a night passes quickly
(`--clock-rate`, hidden testing flag). The script waits until a node logs that it started a slot's
run, SIGKILLs that node at once, and measures until another node starts the same slot's run
(the job resumes elsewhere) and until the slot is committed. It does this with the production
lease (30 s) and with a 3 s lease (`--singleton-lease-ms`), in the same run, so the figures can be
read against the lease: a survivor may take the job only once the dead leader's lease and its
grantors' promise margin are over, plus a back-off and the staggered start.

Usage: LoadTests/singleton_failover_bench.py [--quick] [--binary PATH]
  --quick   only the 3 s lease (for CI); the 30 s lease takes about a minute more.
Needs `swift build` (debug) or ROOST_BUILD=release with a release build.
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
RUN_STARTED = re.compile(r"roost jobs: leaderboard slot (\d+) run started \(token (\d+)\)")
COMMITTED = re.compile(r"roost jobs: leaderboard slot (\d+) committed \(run (\d+)\)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    def __init__(self, name: str, binary: str, workdir: str, secret: str, flags: list[str]) -> None:
        self.name = name
        self.port, self.cluster_port = free_port(), free_port()
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.command = [
            binary, "serve", "--node-name", name, "--port", str(self.port), "--cluster-port", str(self.cluster_port),
            "--cluster-secret-file", secret, "--data-dir", os.path.join(workdir, name), "--threads", "1",
            "--relaxed-durability", *flags,
        ]
        self.process: subprocess.Popen | None = None

    def start(self, seeds: list[str]) -> None:
        log = open(self.log_path, "ab")
        command = self.command + (["--seeds", ",".join(seeds)] if seeds else [])
        self.process = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)

    def output(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()

    def members(self) -> list[str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/cluster", timeout=1) as reply:
                return [m if isinstance(m, str) else m.get("name", "") for m in json.load(reply).get("members", [])]
        except OSError:
            return []

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"singleton-failover: timed out waiting for {what}")


def measure(binary: str, lease_ms: int | None, rate: int) -> dict:
    """One failover: the leader SIGKILLed as it starts a run; times until the slot runs and commits elsewhere."""
    workdir = tempfile.mkdtemp(prefix="roost-failover-")
    secret = os.path.join(workdir, "cluster.secret")
    with open(secret, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
    anchor = int(time.time() * 1000)
    flags = ["--expected-nodes", "3", "--clock-rate", str(rate), "--clock-anchor-ms", str(anchor),
             "--clock-origin", "1780279200", "--job-run-delay-ms", "500"]
    if lease_ms:
        flags += ["--singleton-lease-ms", str(lease_ms)]
    nodes = [Node(f"n{index}", binary, workdir, secret, flags) for index in (1, 2, 3)]
    try:
        nodes[0].start([])
        wait_for(lambda: "listening on" in nodes[0].output(), 60, "n1 to listen")
        for node in nodes[1:]:
            node.start([f"127.0.0.1:{nodes[0].cluster_port}"])
        wait_for(lambda: all(len(node.members()) == 2 for node in nodes), 60, "the cluster to form")
        # The first committed slot shows the job runs; the next run start is the one to interrupt.
        first = wait_for(lambda: next((int(m.group(1)) for node in nodes for m in COMMITTED.finditer(node.output())), None),
                         180, "a first commit")

        def next_run():
            for node in nodes:
                for match in RUN_STARTED.finditer(node.output()):
                    if int(match.group(1)) > first:
                        return node, int(match.group(1))
            return None

        leader, slot = wait_for(next_run, 180, "a run after the first commit")
        leader.process.kill()
        killed_at = time.monotonic()
        leader.process.wait()
        survivors = [node for node in nodes if node is not leader]
        wait_for(lambda: any(re.search(rf"slot {slot} run started", node.output()) for node in survivors),
                           180, f"slot {slot} to run on a survivor")
        resumed_after = time.monotonic() - killed_at
        wait_for(lambda: all(re.search(rf"slot {slot} committed", node.output()) for node in survivors),
                 180, f"slot {slot} to be committed")
        committed_after = time.monotonic() - killed_at
        return {"lease_s": (lease_ms or 30000) / 1000, "slot": slot, "leader": leader.name,
                "resumed_s": round(resumed_after, 2), "committed_s": round(committed_after, 2)}
    finally:
        for node in nodes:
            node.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the 3 s lease")
    parser.add_argument("--binary", default=None)
    args = parser.parse_args()
    build = os.environ.get("ROOST_BUILD", "debug")
    binary = args.binary or os.path.join(ROOT, ".build", build, "roost")
    if not os.access(binary, os.X_OK):
        print(f"singleton-failover: {binary} is missing: run swift build first", file=sys.stderr)
        return 2
    # A night every 6 s with the short lease; every 100 s with the production lease, so the
    # takeover (about 35 s) happens well within the night it interrupted.
    runs = [measure(binary, 3000, 14_400)]
    if not args.quick:
        runs.append(measure(binary, None, 864))
    print(f"{'lease':>7} {'leader':>7} {'resumed after':>14} {'committed after':>16} {'resumed / lease':>16}")
    for run in runs:
        print(f"{run['lease_s']:>6.0f}s {run['leader']:>7} {run['resumed_s']:>13.2f}s {run['committed_s']:>15.2f}s "
              f"{run['resumed_s'] / run['lease_s']:>15.2f}x")
    print("singleton-failover: figures " + json.dumps(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The nodes of a benchmark cluster: `roost serve` processes on loopback, pinned, seeding each other.

Used by cluster_bench.py. A `Node` keeps its ports, data directory and log file across a kill and a
restart; a `Cluster` starts N of them (or one alone, the single-node control) and stops them cleanly.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from typing import Optional

from echo_bench import HOST, free_port, process_cpu_seconds, process_status
from game_bench import start_pinned, stop_process


class Node:
    """One `roost serve` node: its ports, data directory and log file survive a kill and restart."""

    def __init__(self, name: str, core: str, secret_file: str, args: argparse.Namespace, workdir: str) -> None:
        self.name = name
        self.core = core
        self.port = free_port()
        self.cluster_port = free_port()
        self.secret_file = secret_file
        self.args = args
        self.data_dir = os.path.join(workdir, f"data-{name}")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.process: Optional[subprocess.Popen] = None
        self.pid = 0
        self.seeds: list[str] = []
        self.command: list[str] = []
        self.exits: list[str] = []   # how each run ended: "SIGTERM -> 0", "killed", "crashed: status N"

    def start(self, seeds: Optional[list[str]]) -> None:
        """Starts the node; `seeds` None starts it alone (no cluster link: the single-node control)."""
        self.seeds = seeds or []
        cluster = [] if seeds is None else ["--cluster-port", str(self.cluster_port), "--seeds", ",".join(seeds),
                                            "--cluster-secret-file", self.secret_file]
        self.command = [str(self.args.roost), "serve", "--host", HOST, "--node-name", self.name,
                        "--port", str(self.port), *cluster,
                        "--data-dir", self.data_dir, "--threads", "1", "--relaxed-durability",
                        "--max-connections-per-ip", "20000", "--messages-per-second", str(self.args.rate),
                        "--message-burst", str(self.args.rate), *self.args.server_arg]
        log = open(self.log_path, "a")
        log.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(self.command)}\n")
        log.flush()
        self.process = start_pinned(self.command, self.core, self.args.boost, stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.pid = self.process.pid   # sh and taskset exec the server
        self.ended_recorded = False
        self._offset = os.path.getsize(self.log_path)

    def wait_listening(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while "listening on ws://" not in self.output_since_start():
            if not self.alive() or time.monotonic() > deadline:
                why = f"exited with status {self.process.returncode}" if not self.alive() \
                    else f"printed no 'listening on ws://' line within {timeout:g} s"
                raise RuntimeError(f"node {self.name} {why}; command: {' '.join(self.command)}; "
                                   f"last output: {self.tail()}")
            time.sleep(0.05)

    def output_since_start(self) -> str:
        with open(self.log_path, errors="replace") as f:
            f.seek(max(0, self._offset - 200))
            return f.read()

    def tail(self, lines: int = 15) -> str:
        with open(self.log_path, errors="replace") as f:
            return " | ".join(f.read().strip().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: a crash, as far as the cluster can tell."""
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait()
        self.exits.append("killed (SIGKILL, by the benchmark)")
        self.ended_recorded = True

    def stop(self) -> None:
        """SIGTERM: a clean leave."""
        if self.process is None or self.ended_recorded:
            return
        self.ended_recorded = True
        was_alive = self.alive()
        status = stop_process(self.process)
        if not was_alive:
            self.exits.append(f"exited by itself with status {status} before the benchmark stopped it")
        elif status == -9:
            self.exits.append("ignored SIGTERM for 10 s, killed")
        else:
            self.exits.append(f"SIGTERM -> status {status}")

    def api_cluster(self, timeout: float = 1.0) -> dict:
        with urllib.request.urlopen(f"http://{HOST}:{self.port}/api/cluster", timeout=timeout) as response:
            return json.loads(response.read())

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid) if self.alive() else 0.0

    def rss_kib(self) -> int:
        return process_status(self.pid, "VmRSS") if self.alive() else 0


class Cluster:
    """N nodes seeding each other (or one node alone: `standalone`); stopped cleanly (SIGTERM) at the end."""

    def __init__(self, args: argparse.Namespace, label: str, standalone: bool = False) -> None:
        self.args = args
        self.label = label
        self.standalone = standalone
        self.workdir = tempfile.mkdtemp(prefix=f"cluster-bench-{label}-")
        self.secret_file = os.path.join(self.workdir, "cluster.secret")
        with open(self.secret_file, "w") as f:
            f.write(os.urandom(32).hex() + "\n")
        os.chmod(self.secret_file, 0o600)
        cores = args.node_cores
        self.nodes = [Node(f"n{i + 1}", cores[i % len(cores)], self.secret_file, args, self.workdir)
                      for i in range(1 if standalone else args.nodes)]
        self.problems: list[str] = []

    def seeds_for(self, node: Node) -> list[str]:
        return [f"{HOST}:{other.cluster_port}" for other in self.nodes if other is not node]

    def start(self) -> float:
        """Starts every node; returns the seconds until each lists all the others."""
        t0 = time.monotonic()
        for node in self.nodes:
            node.start(None if self.standalone else self.seeds_for(node))
        for node in self.nodes:
            node.wait_listening()
        if not self.standalone:
            self.wait_formed(timeout=30)
        return time.monotonic() - t0

    def wait_formed(self, timeout: float, nodes: Optional[list[Node]] = None) -> None:
        nodes = nodes or self.nodes
        names = {n.name for n in nodes}
        deadline = time.monotonic() + timeout
        while True:
            views = {}
            for node in nodes:
                try:
                    views[node.name] = set(node.api_cluster()["members"])
                except (OSError, ValueError, KeyError):
                    views[node.name] = None
            if all(v is not None and v >= names - {name} for name, v in views.items()):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"cluster {self.label} did not form within {timeout:g} s: /api/cluster views "
                                   f"{ {k: sorted(v) if v is not None else None for k, v in views.items()} }")
            for node in nodes:
                if not node.alive():
                    raise RuntimeError(f"node {node.name} exited with status {node.process.returncode} while the "
                                       f"cluster formed; last output: {node.tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
        for node in self.nodes:
            if node.exits and not node.exits[-1].startswith(("SIGTERM -> status 0", "killed")):
                self.problems.append(f"node {node.name}: {node.exits[-1]}; last output: {node.tail()}")

    def cleanup(self, keep: bool) -> None:
        """Removes the logs and data directories unless `keep` or --keep-logs."""
        if not (keep or self.args.keep_logs):
            subprocess.run(["rm", "-rf", self.workdir], check=False)

    def describe(self) -> str:
        return "; ".join(f"{n.name}: ws {n.port}, cluster {n.cluster_port}, core {n.core}" for n in self.nodes)

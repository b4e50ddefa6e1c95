#!/usr/bin/env python3
"""Chaos while loaded, with a real network partition: roost-bots on a 3-node cluster whose nodes
each live in their own network namespace, and one node cut off the network, then healed.

The network (created here, removed on every exit path; the root namespace is never touched):
  roost-cp-PID-sw     a bridge br0, one port per node and one for the bots
  roost-cp-PID-n1..3  node nX on 10.214.0.X:8080 (cluster link :7946), seeded with the others
  roost-cp-PID-bots   roost-bots on 10.214.0.10, connected to all three nodes

After --warmup seconds of play, n3's port on the bridge goes down for --cut seconds (frames are
dropped both ways, no RST: a pulled cable), then comes back. The bots connected to n3 lose it and
reconnect to the others; games owned by n3 end for the majority's players as aborted, and n3 ends
the majority's games for its own players; after the heal n3 re-joins as a new run.

Then chaos.py's checks A-D, on roost-bots' --json ledger and the nodes' `/api/results/<game>`
(fetched from inside the bots' namespace): every started game settled (finished, aborted, or a
stored result), every result a player saw stored with the same outcome, no acknowledged move
lost, no protocol errors. Exit status 0 when all pass; needs root, ip (iproute2) and a debug or
release build of roost and roost-bots (--config).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import chaos
import run_bots


def log(message: str) -> None:
    print(f"[chaos-partition {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class Network:
    """The namespaces and processes of one run, torn down on every exit path."""

    def __init__(self) -> None:
        self.prefix = f"roost-cp-{os.getpid()}"
        self.namespaces: list[str] = []
        self.processes: list[subprocess.Popen] = []

    def namespace(self, name: str) -> str:
        full = f"{self.prefix}-{name}"
        run("ip", "netns", "add", full)
        self.namespaces.append(full)
        run("ip", "-n", full, "link", "set", "lo", "up")
        return full

    def attach(self, switch: str, namespace: str, port: str, address: str) -> None:
        # Both ends are made inside their namespaces: the root namespace never holds them.
        run("ip", "link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", port, "netns", switch)
        run("ip", "-n", namespace, "addr", "add", f"{address}/24", "dev", "eth0")
        run("ip", "-n", namespace, "link", "set", "eth0", "up")
        run("ip", "-n", switch, "link", "set", port, "master", "br0")
        run("ip", "-n", switch, "link", "set", port, "up")

    def spawn(self, namespace: str, args: list[str], log_path: str) -> subprocess.Popen:
        out = open(log_path, "ab")
        process = subprocess.Popen(["ip", "netns", "exec", namespace, *args], stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        self.processes.append(process)
        return process

    def cleanup(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for name in reversed(self.namespaces):
            pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


FETCH = """
import json, sys, urllib.request, urllib.error
games, hosts = json.load(open(sys.argv[1])), sys.argv[2].split(",")
found = {}
for game in games:
    for host in hosts:
        try:
            with urllib.request.urlopen(f"http://{host}/api/results/{game}", timeout=2) as reply:
                found[game] = json.loads(reply.read())
                break
        except (OSError, ValueError):
            pass
json.dump(found, open(sys.argv[3], "w"))
"""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bots", type=int, default=150)
    p.add_argument("--duration", type=float, default=40, help="seconds of play")
    p.add_argument("--grace", type=float, default=25, help="seconds after play for games to end")
    p.add_argument("--warmup", type=float, default=8, help="seconds of play before the cut")
    p.add_argument("--cut", type=float, default=10, help="seconds n3 stays cut off")
    p.add_argument("--config", default="debug", choices=["debug", "release"])
    args = p.parse_args()
    if os.geteuid() != 0:
        print("chaos-partition: needs root (network namespaces)", file=sys.stderr)
        return 2
    roost, bots_binary = run_bots.binaries(args.config)
    work = tempfile.mkdtemp(prefix="roost-chaos-partition-")
    network = Network()
    status = 1
    try:
        switch = network.namespace("sw")
        run("ip", "-n", switch, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0")
        run("ip", "-n", switch, "link", "set", "br0", "up")
        names = ["n1", "n2", "n3"]
        hosts = {name: f"10.214.0.{index}" for index, name in enumerate(names, start=1)}
        spaces = {}
        for name in names:
            spaces[name] = network.namespace(name)
            network.attach(switch, spaces[name], f"p{name}", hosts[name])
        bots_space = network.namespace("bots")
        network.attach(switch, bots_space, "pbots", "10.214.0.10")
        secret = os.path.join(work, "cluster.secret")
        with open(secret, "w") as out:
            out.write(os.urandom(32).hex() + "\n")
        os.chmod(secret, 0o600)
        for name in names:
            seeds = ",".join(f"{hosts[other]}:7946" for other in names if other != name)
            network.spawn(spaces[name], [
                str(roost), "serve", "--node-name", name, "--host", hosts[name], "--port", "8080",
                "--cluster-host", hosts[name], "--cluster-port", "7946", "--seeds", seeds,
                "--cluster-secret-file", secret, "--data-dir", os.path.join(work, name), "--threads", "1",
                "--relaxed-durability", "--max-connections-per-ip", "20000", "--messages-per-second", "40",
                "--message-burst", "40", "--expected-nodes", "3"], os.path.join(work, f"{name}.log"))
        deadline = time.monotonic() + 60
        while not all("listening on" in open(os.path.join(work, f"{n}.log"), errors="replace").read() for n in names):
            if time.monotonic() > deadline:
                raise SystemExit("chaos-partition: the nodes did not start")
            time.sleep(0.1)
        time.sleep(3)  # the cluster forms (seeds on the real network)
        json_path = os.path.join(work, "bots.json")
        urls = ",".join(f"ws://{hosts[n]}:8080/ws" for n in names)
        bots = network.spawn(bots_space, [
            str(bots_binary), "--urls", urls, "--bots", str(args.bots), "--duration", str(args.duration),
            "--grace", str(args.grace), "--json", json_path, "--move-timeout", "5"], os.path.join(work, "bots.log"))
        time.sleep(args.warmup)
        log(f"cut: {names[2]}'s port on the bridge goes down for {args.cut:g} s")
        run("ip", "-n", switch, "link", "set", f"p{names[2]}", "down")
        time.sleep(args.cut)
        run("ip", "-n", switch, "link", "set", f"p{names[2]}", "up")
        log("heal: the port is up again")
        bots_status = bots.wait(timeout=args.duration + args.grace + 120)
        log(f"roost-bots exited with status {bots_status}")
        report = json.load(open(json_path))
        games = sorted({entry["game"] for entry in report["gameLedger"]})
        games_path, results_path = os.path.join(work, "games.json"), os.path.join(work, "results.json")
        json.dump(games, open(games_path, "w"))
        time.sleep(5)  # replication catches up after the heal
        subprocess.run(["ip", "netns", "exec", bots_space, sys.executable, "-c", FETCH, games_path,
                        ",".join(f"{hosts[n]}:8080" for n in names), results_path], check=True)
        results = json.load(open(results_path))
        chaos.fetch_result = lambda cluster, game, timeout: results.get(game)
        failures, counts = chaos.check(report, cluster=None, killed=set())
        with open(os.path.join(work, "bots.log"), errors="replace") as out:
            print(out.read()[-2500:])
        print("\nchaos-partition summary")
        print(f"  games seen start: {counts['games']}; aborted (reported to players): {counts['aborted']}; results "
              f"stored: {counts['stored']}; acknowledged moves checked against stored counts: "
              f"{counts['acknowledged moves checked']}")
        print(f"  bots: resumes {report['connections']['resumes']}, resumes refused "
              f"{report['connections']['resumesRefused']}, closes {report['connections']['closes']}, "
              f"errors {report['errors']}, games vanished {report['games']['vanished']}")
        for failure in failures:
            print(f"  FAIL {failure}")
        if not failures:
            print("  PASS: every started game settled, every committed result stored, no acknowledged move lost")
        status = 1 if failures or bots_status not in (0, 1) else 0
    finally:
        network.cleanup()
        if status != 0:
            print(f"chaos-partition: logs kept in {work}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A rolling restart under bot load: zero games lost, zero acknowledged moves lost.

A local 3-node cluster of real `roost serve` processes on loopback with roost-bots playing on it
(cluster and bots from run_bots.py). After --warmup seconds each node in turn gets SIGTERM, as a
deploy gives it: it hands every game it hosts to the other nodes (graceful hand-off), closes its
connections with 1012 and exits; it is started again under the same name and ports, and the next
node goes once the restarted one has rejoined and --settle seconds have passed. The bots
reconnect to a random node, take their seats back (`welcome.games`, then `game.join`) and play on.

What is checked at the end (chaos.py's checks A-D, from roost-bots' --json ledger and the nodes'
`GET /api/results/<game-id>`), plus the two promises of a deploy:
  E. No game was lost: none was reported aborted to its players, and every game a bot saw start
     has a stored result (check A fails a game that has none). A game can end while one of its
     players reconnects after the 1012 (a Cycles round goes on, and the absent player's cycle rides
     into a wall): that player's new session no longer lists the seat, and roost-bots counts the
     game "vanished"; its result is stored all the same, and that is what is checked.
  F. Every node handed over what it hosted: its log says `drained: N games handed over, 0 ended,
     0 unanswered`, and it exited 0.
Exit status 0 when everything passes; the report goes to stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

import chaos
import run_bots

DRAINED = re.compile(r"drained: (\d+) games handed over, (\d+) ended, (\d+) unanswered")


def log(message: str) -> None:
    print(f"[rolling {time.strftime('%H:%M:%S')}] {message}", flush=True)


def roll(args: argparse.Namespace, cluster, bots: subprocess.Popen) -> tuple[list[str], list[str]]:
    """SIGTERM and restart every node in turn; returns what was done and the hand-off failures."""
    events: list[str] = []
    failures: list[str] = []
    t0 = time.monotonic()

    def wait(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and bots.poll() is None:
            time.sleep(0.1)

    def note(text: str) -> None:
        events.append(f"{time.monotonic() - t0:5.1f} s  {text}")
        log(text)

    wait(args.warmup)
    for node in cluster.nodes:
        note(f"SIGTERM {node.name} (pid {node.pid})")
        stopped_at = time.monotonic()
        node.stop()
        drained = DRAINED.search(node.output_since_start())  # this run's output only
        exit_note = node.exits[-1] if node.exits else "?"
        if drained is None:
            failures.append(f"F: {node.name} did not log a hand-off; it ended: {exit_note}")
        else:
            handed, ended, unanswered = map(int, drained.groups())
            note(f"{node.name} handed {handed} games over ({ended} ended, {unanswered} unanswered) "
                 f"and exited in {time.monotonic() - stopped_at:.1f} s: {exit_note}")
            if ended or unanswered:
                failures.append(f"F: {node.name}: {ended} games ended and {unanswered} unanswered in its hand-off")
        if exit_note != "SIGTERM -> status 0":
            failures.append(f"F: {node.name} did not exit cleanly: {exit_note}")
        wait(args.down)
        node.start(cluster.seeds_for(node))
        node.wait_listening()
        cluster.wait_formed(timeout=60)
        note(f"restarted {node.name} (pid {node.pid}); the cluster is whole again")
        wait(args.settle)
    return events, failures


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="CI round: 150 bots, every node restarted once")
    p.add_argument("--bots", type=int, default=300)
    p.add_argument("--duration", type=float, default=70, help="seconds of play")
    p.add_argument("--grace", type=float, default=40, help="seconds after play for games to end")
    p.add_argument("--warmup", type=float, default=8, help="seconds of play before the first restart")
    p.add_argument("--down", type=float, default=1, help="seconds a stopped node stays down")
    p.add_argument("--settle", type=float, default=5, help="seconds between a node's return and the next stop")
    p.add_argument("--config", default="debug", choices=["debug", "release"])
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--node-cores", default="0")
    p.add_argument("--bots-core", default="1")
    p.add_argument("--rate", type=int, default=40)
    p.add_argument("--server-arg", action="append", default=[])
    p.add_argument("--bots-arg", action="append", default=[])
    p.add_argument("--json", default=None, help="keep roost-bots' JSON report here")
    p.add_argument("--keep-logs", action="store_true")
    args = p.parse_args()
    args.nodes, args.scenario = 3, "steady"
    if args.quick:
        args.bots, args.duration, args.grace, args.warmup = 150, 45, 30, 6

    if not args.no_build:
        run_bots.build(args.config)
    roost, bots_binary = run_bots.binaries(args.config)
    cluster = run_bots.start_cluster(args, roost, "rolling")
    json_path = args.json or os.path.join(cluster.workdir, "bots.json")
    status = 1
    try:
        command = run_bots.bots_command(args, bots_binary, cluster, json_path, ["--move-timeout", "5"])
        log("$ " + " ".join(command))
        bots = subprocess.Popen(command)
        try:
            events, failures = roll(args, cluster, bots)
        finally:
            bots_status = bots.wait()
        log(f"roost-bots exited with status {bots_status}")
        report = json.load(open(json_path))
        checked, counts = chaos.check(report, cluster, killed=set())
        failures += checked
        if counts["aborted"]:
            failures.append(f"E: {counts['aborted']} games were reported aborted to their players")
        print("\nrolling restart summary")
        for event in events:
            print(f"  {event}")
        print(f"  games seen start: {counts['games']}; aborted: {counts['aborted']}; results fetched from live "
              f"nodes: {counts['stored']}; acknowledged moves checked against stored counts: "
              f"{counts['acknowledged moves checked']}; ended while a player reconnected (result stored): "
              f"{report['games']['vanished']}")
        print(f"  bots: resumes {report['connections']['resumes']}, resumes refused "
              f"{report['connections']['resumesRefused']}, closes {report['connections']['closes']}, "
              f"errors {report['errors']}, games vanished {report['games']['vanished']}")
        for failure in failures:
            print(f"  FAIL {failure}")
        if not failures:
            print("  PASS: every node handed its games over; no game lost, no acknowledged move lost")
        status = 1 if failures or bots_status not in (0, 1) else 0
    finally:
        cluster.stop()
        cluster.cleanup(keep=status != 0 or args.keep_logs)
        if status != 0:
            print(f"node logs and the bots' report kept in {cluster.workdir}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

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
import re
import subprocess
import sys
import time

import chaos

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
    chaos.add_cluster_arguments(p)
    args = p.parse_args()
    if args.quick:
        args.bots, args.duration, args.grace, args.warmup = 150, 45, 30, 6

    def no_game_lost(report: dict, counts: dict) -> list[str]:
        return [f"E: {counts['aborted']} games were reported aborted to their players"] if counts["aborted"] else []

    return chaos.run_scenario(args, "rolling restart", roll, killed=set(), extra_checks=no_game_lost)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Chaos while loaded: a local 3-node cluster of real `roost serve` processes on loopback, roost-bots
playing on it, and meanwhile a node SIGKILLed and restarted and a node paused (SIGSTOP/SIGCONT).
Python 3 standard library only; the cluster comes from cluster_nodes.py (via run_bots.py).

The faults, in order, after --warmup seconds of play (loopback only; no network namespaces):
  1. SIGKILL a node (n3 by default), restart it under the same name and ports --down seconds later.
  2. SIGSTOP another node (n2) for --pause seconds, then SIGCONT.
The bots reconnect to a random node and resume; a killed owner's games are reported `aborted`
to their players (no graceful hand-off exists yet: that is today's expected behaviour).

What is checked at the end, from roost-bots' --json ledger (one entry per bot per game it saw
start) and the nodes' `GET /api/results/<game-id>` (any live node; results replicate):
  A. Every game a bot saw start is settled: some player saw `game.finished` (aborted or not), or
     a result is stored for it. A game whose every entry is `unfinished` or `vanished` (the bot's
     resume was refused and the seat was gone) and that has no stored result is a failure, with one
     exception, counted apart: a game owned by the killed node whose players all had their sessions
     on that node too, and that no later session was told about. Since 2026-11-27 a new session of
     such a player gets `game.finished` (aborted) right after its welcome (spec §5), which roost-bots
     books as the game's end, so this count should stay 0 ("died with their owner, unreported").
  B. Every game some player saw finish with a result other than `aborted` has its result stored
     (fetched from a live node, retried for up to 15 s while replication catches up), and the
     stored outcome agrees (win/draw).
  C. No acknowledged move was lost, as far as the protocol shows it:
     - Connect Four: each move acknowledged by `ok` at position i with column c is at position i
       of the move list its bot saw when the game finished (roost-bots counts violations:
       `moves.acknowledgedLost` must be 0); and the stored result's move count equals the length
       of that list and is at least the number of moves acknowledged to both seats.
     - Cycles: the stored move count (turns the rules accepted) is at least the number of turns
       acknowledged to all seats (a turn leaves no per-move trace in the updates beyond a heading).
     - Aborted games store nothing: their moves died with their node, which the spec allows.
  D. No protocol errors (error codes other than the races ErrorClassification lists), no seq
     gaps, no unreadable messages.
Exit status 0 when every check passes; the report goes to stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict

from echo_bench import HOST
import run_bots


def log(message: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", flush=True)


def fetch_result(cluster, game: str, timeout: float) -> dict | None:
    """The stored result of `game` from any live node, retried until `timeout`; None if none has it."""
    deadline = time.monotonic() + timeout
    while True:
        for node in cluster.nodes:
            if not node.alive():
                continue
            try:
                with urllib.request.urlopen(f"http://{HOST}:{node.port}/api/results/{game}", timeout=2) as r:
                    return json.loads(r.read())
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    log(f"GET /api/results/{game} on {node.name}: HTTP {error.code}")
            except (OSError, ValueError):
                pass
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.5)


def owner(game: str) -> str:
    """The owner node in a game id `g-<node>-<rest>` (LoadTests/RoostBotsKit/GameOwner.swift)."""
    return game[2:].split("-", 1)[0] if game.startswith("g-") else ""


def check(report: dict, cluster, killed: set[str]) -> tuple[list[str], dict]:
    """Checks A-D; returns the failures and counts for the summary."""
    failures: list[str] = []
    by_game: dict[str, list[dict]] = defaultdict(list)
    for entry in report["gameLedger"]:
        by_game[entry["game"]].append(entry)
    counts = defaultdict(int)
    for game, entries in sorted(by_game.items()):
        counts["games"] += 1
        finished = [e for e in entries if e["end"] == "finished"]
        committed = [e for e in finished if e["result"] != "aborted"]
        aborted = [e for e in finished if e["result"] == "aborted"]
        kind = entries[0]["kind"]
        acknowledged = sum(len(e["acknowledged"]) for e in entries)
        if aborted and not committed:
            counts["aborted"] += 1
            continue
        # A forfeit by the bot leaving at the end, a vanished seat or a finished game: look it up.
        stored = fetch_result(cluster, game, timeout=15 if committed else 3)
        if stored is None:
            if committed:
                failures.append(f"B: {game} finished ({committed[0]['result']}:{committed[0]['reason']}) "
                                f"but no live node has its result")
            elif not aborted and owner(game) in killed and all(e["end"] == "vanished" for e in entries):
                counts["died with their owner, unreported"] += 1
            elif not aborted:
                failures.append(f"A: {game} ({kind}) started but nobody saw it end and no result is stored; "
                                f"ends seen: {sorted(e['end'] for e in entries)}")
            continue
        counts["stored"] += 1
        if committed and stored["outcome"] != committed[0]["result"]:
            failures.append(f"B: {game}: players saw {committed[0]['result']}, the store says {stored['outcome']}")
        if stored["moves"] < acknowledged:
            failures.append(f"C: {game} ({kind}): {acknowledged} moves acknowledged, only {stored['moves']} stored")
        if kind == "connect4":
            for entry in committed:
                if len(entry.get("moves", [])) != stored["moves"]:
                    failures.append(f"C: {game}: seat {entry['seat']} saw {len(entry['moves'])} moves, "
                                    f"the store counts {stored['moves']}")
        counts["acknowledged moves checked"] += acknowledged
    lost = report["moves"]["acknowledgedLost"]
    if lost:
        failures.append(f"C: roost-bots counted {lost} acknowledged Connect Four moves missing from final move lists")
    if report["protocolErrors"]:
        failures.append(f"D: protocol errors: {report['errors']}")
    if report["sequenceGaps"] or report["undecodable"]:
        failures.append(f"D: {report['sequenceGaps']} seq gaps, {report['undecodable']} unreadable messages")
    return failures, counts


def run_faults(args: argparse.Namespace, cluster, bots: subprocess.Popen) -> list[str]:
    """Kills and restarts one node, pauses another; returns what was done, with times."""
    events: list[str] = []
    t0 = time.monotonic()

    def wait(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and bots.poll() is None:
            time.sleep(0.1)

    def note(text: str) -> None:
        events.append(f"{time.monotonic() - t0:5.1f} s  {text}")
        log(text)

    victim = next(n for n in cluster.nodes if n.name == args.kill)
    sleeper = next(n for n in cluster.nodes if n.name == args.stop)
    wait(args.warmup)
    note(f"SIGKILL {victim.name} (pid {victim.pid})")
    victim.kill()
    wait(args.down)
    victim.start(cluster.seeds_for(victim))
    victim.wait_listening()
    note(f"restarted {victim.name} (pid {victim.pid})")
    wait(args.settle)
    note(f"SIGSTOP {sleeper.name} (pid {sleeper.pid})")
    os.kill(sleeper.pid, signal.SIGSTOP)
    try:
        wait(args.pause)
    finally:
        os.kill(sleeper.pid, signal.SIGCONT)
    note(f"SIGCONT {sleeper.name}")
    return events


def add_cluster_arguments(p: argparse.ArgumentParser) -> None:
    """The cluster and roost-bots options every chaos-style run shares (see run_bots.py)."""
    p.add_argument("--config", default="debug", choices=["debug", "release"])
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--node-cores", default="0")
    p.add_argument("--bots-core", default="1")
    p.add_argument("--rate", type=int, default=40)
    p.add_argument("--server-arg", action="append", default=[])
    p.add_argument("--bots-arg", action="append", default=[])
    p.add_argument("--json", default=None, help="keep roost-bots' JSON report here")
    p.add_argument("--keep-logs", action="store_true")


def run_scenario(args: argparse.Namespace, label: str, faults, killed: set[str], extra_checks=None) -> int:
    """A 3-node cluster under roost-bots while `faults(args, cluster, bots)` runs (it returns what it
    did and any failures of its own); then checks A-D, `extra_checks(report, counts)` (more
    failures), and the summary. The exit status: 0 when everything passed."""
    args.nodes, args.scenario = 3, "steady"
    if not args.no_build:
        run_bots.build(args.config)
    roost, bots_binary = run_bots.binaries(args.config)
    cluster = run_bots.start_cluster(args, roost, label)
    json_path = args.json or os.path.join(cluster.workdir, "bots.json")
    status = 1
    try:
        # A move with no reply for 5 s (a paused node) drops the connection: the bot reconnects elsewhere.
        command = run_bots.bots_command(args, bots_binary, cluster, json_path, ["--move-timeout", "5"])
        log("$ " + " ".join(command))
        bots = subprocess.Popen(command)
        try:
            events, failures = faults(args, cluster, bots)
        finally:
            bots_status = bots.wait()
        log(f"roost-bots exited with status {bots_status}")
        report = json.load(open(json_path))
        checked, counts = check(report, cluster, killed=killed)
        failures = failures + checked + (extra_checks(report, counts) if extra_checks else [])
        print(f"\n{label} summary")
        for event in events:
            print(f"  {event}")
        print(f"  games seen start: {counts['games']}; aborted (reported to players): {counts['aborted']}; "
              f"results fetched from live nodes: {counts['stored']}; acknowledged moves checked against "
              f"stored counts: {counts['acknowledged moves checked']}; died with their owner, unreported: "
              f"{counts['died with their owner, unreported']}; vanished (a later session no longer seated): "
              f"{report['games']['vanished']}")
        print(f"  bots: resumes {report['connections']['resumes']}, resumes refused "
              f"{report['connections']['resumesRefused']}, closes {report['connections']['closes']}, "
              f"errors {report['errors']}")
        for failure in failures:
            print(f"  FAIL {failure}")
        if not failures:
            print("  PASS: every started game settled, every committed result stored, no acknowledged move lost")
        status = 1 if failures or bots_status not in (0, 1) else 0
    finally:
        cluster.stop()
        cluster.cleanup(keep=status != 0 or args.keep_logs)
        if status != 0:
            print(f"node logs and the bots' report kept in {cluster.workdir}", flush=True)
    return status


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="CI round (~80 s): 150 bots, 40 s of play")
    p.add_argument("--bots", type=int, default=300)
    p.add_argument("--duration", type=float, default=60, help="seconds of play")
    p.add_argument("--grace", type=float, default=30, help="seconds after play for games to end")
    p.add_argument("--warmup", type=float, default=8, help="seconds of play before the first fault")
    p.add_argument("--down", type=float, default=6, help="seconds the killed node stays down")
    p.add_argument("--settle", type=float, default=6, help="seconds between the restart and the pause")
    p.add_argument("--pause", type=float, default=5, help="seconds the paused node stays stopped")
    p.add_argument("--kill", default="n3", help="the node to SIGKILL and restart")
    p.add_argument("--stop", default="n2", help="the node to SIGSTOP and SIGCONT")
    add_cluster_arguments(p)
    args = p.parse_args()
    if args.quick:
        args.bots, args.duration, args.grace, args.warmup = 150, 40, 25, 6
    return run_scenario(args, "chaos", lambda a, c, b: (run_faults(a, c, b), []), killed={args.kill})


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cluster benchmark: a 3-node `roost serve` cluster on loopback, measured from the players' side.

Run it through LoadTests/run-cluster-bench.sh; `--help` lists the options.

1. Move round trip, local vs forwarded, in the same run: Connect Four bots (GameLoad/gameload.c)
   spread over the nodes. Each bot knows its node (`welcome.node`) and each game its owner (the
   node in its id), so every `game.move` -> `ok` round trip is classed as local (the mover is
   connected to the owner) or forwarded (its node forwards the move over the cluster link and the
   answer comes back the same way). Bots are paired by node (--local-share): about half the pairs
   have both players on the owner, the others one. Two runs: one pair playing as fast as it can
   (unloaded ping-pong, pure latency; its two players are on different nodes, so one of them is
   forwarded) and a moderate load (100 pairs with a think time, not saturating).
2. Lobby event latency across nodes: a creator on node A opens (and at once leaves) a game at a
   steady rate; subscribers on A (the control), B and C time the `lobby.event` "created" against
   the send time of the `game.create` (one process, one clock).
3. Time to detect a killed node: a Connect Four game owned by the victim, its second player and a
   spectator on the two survivors; SIGKILL the victim, then poll the survivors' /api/cluster
   every 20 ms until it is gone, and wait for `game.finished` (aborted) at the player and the
   spectator. The victim restarts under the same name between rounds (its rejoin time is shown).
4. Cluster link messages/s: the nodes' roost_cluster_messages_{out,in}_total over the window of
   the moderate run of 1.

Every node runs `--threads 1` pinned by taskset (all on core 0 by default; --node-cores), the
generator and this driver on core 1. No figure fails anything: tables (plain and Markdown) go to
stdout and to LoadTests/results/cluster-<timestamp>.txt and .json. Everything targets 127.0.0.1,
every generator stops by itself, and the nodes are stopped on exit, on a signal, and
(PR_SET_PDEATHSIG) when this runner dies.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import game_bench
from cluster_nodes import Cluster
from cluster_probes import KillRound, LobbyResult, kill_round, kill_tables, lobby_tables, ratio, run_lobby
from echo_bench import (BIN_DIR, BOOST_NICE, HOST, LOADTESTS, REPO_ROOT, Report, core_busy_seconds,
                        process_cpu_seconds, run_build)
from game_bench import GAMELOAD, Scrape, scrape, start_pinned, stop_process


# ---------------------------------------------------------------- 1 + 4: moves, local vs forwarded


@dataclass
class MoveRun:
    label: str
    pairs: int
    command: str = ""
    summary: dict = field(default_factory=dict)
    window_s: float = 0.0
    node_cpu_pct: dict = field(default_factory=dict)
    node_rss_kib: dict = field(default_factory=dict)
    gen_cpu_pct: float = 0.0
    foreign_pct: dict = field(default_factory=dict)    # core -> % of it other processes took
    counters: dict = field(default_factory=dict)       # node -> {counter: per-second rate over the window}
    gen_exit: Optional[int] = None
    gen_stderr: str = ""
    problems: list = field(default_factory=list)
    error: str = ""


def counter_rates(m0: Scrape, m1: Scrape, seconds: float) -> dict:
    keys = ["roost_cluster_messages_out_total", "roost_cluster_messages_in_total", "roost_messages_in_total",
            "roost_messages_out_total", "roost_unroutable_total", "roost_cluster_decode_errors_total"]
    rates = {k: (m1.samples.get(k, 0.0) - m0.samples.get(k, 0.0)) / seconds for k in keys}
    for k, v in m1.delta(m0, "roost_drops_total").items():
        rates[k] = v / seconds
    return rates


def take_sample(cluster: Cluster, gen_pid: int, cores: list[str], run: MoveRun, phase: str) -> dict:
    """CPU times of the generator, every node and every core involved, and every node's /metrics."""
    sample = {"wall": time.monotonic(), "gen": process_cpu_seconds(gen_pid),
              "nodes": {n.name: n.cpu_seconds() for n in cluster.nodes},
              "cores": {c: core_busy_seconds(c) for c in cores}, "metrics": {}}
    for node in cluster.nodes:
        try:
            sample["metrics"][node.name] = Scrape.parse(scrape(node.port))
        except (OSError, ValueError) as e:
            run.problems.append(f"/metrics of {node.name} at '{phase}' failed: {e}")
    return sample


def close_window(run: MoveRun, first: dict, last: dict, cluster: Cluster, gen_core: str) -> None:
    """The window's CPU shares (ours and other processes' on each core) and counter rates."""
    wall = last["wall"] - first["wall"]
    run.window_s = wall
    run.gen_cpu_pct = 100 * (last["gen"] - first["gen"]) / wall
    own = {c: 0.0 for c in first["cores"]}
    own[gen_core] += run.gen_cpu_pct
    for node in cluster.nodes:
        pct = 100 * (last["nodes"][node.name] - first["nodes"][node.name]) / wall
        run.node_cpu_pct[node.name] = pct
        run.node_rss_kib[node.name] = node.rss_kib()
        own[node.core] += pct
    for c in first["cores"]:
        busy = 100 * (last["cores"][c] - first["cores"][c]) / wall
        run.foreign_pct[c] = max(0.0, busy - own[c])
    for node in cluster.nodes:
        m0, m1 = first["metrics"].get(node.name), last["metrics"].get(node.name)
        if m0 and m1:
            run.counters[node.name] = counter_rates(m0, m1, wall)


def note_problems(run: MoveRun, cluster: Cluster) -> None:
    """What the generator and the nodes' counters say went wrong (no figure is judged)."""
    s = run.summary
    if s.get("unanswered_joins"):
        run.problems.append(f"{s['unanswered_joins']} bots had sent game.create or game.join over 1 s before the "
                            f"window ended and got neither a reply nor an error")
    if s.get("errors_total") or s.get("close_codes") or s.get("connect_failures") or s.get("lost_total"):
        run.problems.append("generator: " + game_bench.error_text(s) + f"; connections lost {s.get('lost_total', 0)}")
    for name, rates in run.counters.items():
        for key in ("roost_unroutable_total", "roost_cluster_decode_errors_total"):
            if rates.get(key):
                run.problems.append(f"{name}: {key} grew by {rates[key] * run.window_s:.0f}")
        drops = {k: v for k, v in rates.items() if k.startswith("roost_drops_total")}
        if drops:
            run.problems.append(f"{name}: drops " + ", ".join(f"{k[len('roost_drops_total'):]} {v * run.window_s:.0f}"
                                                               for k, v in drops.items()))
    for node in cluster.nodes:
        if not node.alive():
            run.problems.append(f"node {node.name} exited during the run with status {node.process.returncode}; "
                                f"last output: {node.tail()}")


def run_moves(cluster: Cluster, label: str, pairs: int, ports: list[int], gen_args: list[str],
              args: argparse.Namespace, report: Report) -> MoveRun:
    """One gameload connect4 run against `ports`; the window is bracketed by its measure/done lines."""
    run = MoveRun(label, pairs)
    command = [str(GAMELOAD), "connect4", "--host", HOST, "--ports", ",".join(map(str, ports)),
               "--pairs", str(pairs), "--ramp-timeout", "60", *gen_args]
    run.command = " ".join(command)
    gen_err = tempfile.TemporaryFile(mode="w+")
    gen = start_pinned(command, args.gen_core, args.boost, stdout=subprocess.PIPE, stderr=gen_err, text=True)
    cores = sorted(set(args.node_cores) | {args.gen_core})
    first = None
    try:
        for line in gen.stdout:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                run.problems.append(f"unreadable generator line: {line[:200]}")
                continue
            kind, phase = record.get("type"), record.get("phase")
            if kind == "phase" and phase == "measure":
                first = take_sample(cluster, gen.pid, cores, run, phase)
            elif kind == "phase" and phase == "done" and first:
                close_window(run, first, take_sample(cluster, gen.pid, cores, run, phase), cluster, args.gen_core)
            elif kind == "summary":
                run.summary = record
            elif kind == "second" and args.verbose:
                report.note(line)
        run.gen_exit = gen.wait(timeout=60)
        if not run.summary:
            run.error = "the generator printed no summary"
    except (OSError, subprocess.TimeoutExpired) as e:
        run.error = str(e)
    finally:
        stop_process(gen)
        gen_err.seek(0)
        run.gen_stderr = gen_err.read()[-2000:]
        gen_err.close()
    note_problems(run, cluster)
    return run


# ---------------------------------------------------------------- tables


def fmt_us(v: float) -> str:
    return f"{v:,.0f}"


def move_rows(run: MoveRun) -> list[tuple]:
    """(class label, figures dict) rows: local, forwarded, then the finer classes that had samples."""
    classes = run.summary.get("rtt_classes", {})
    cluster = len(run.node_cpu_pct) > 1
    rows = []
    for key, text in (("local", "local (mover on the owner)"), ("forwarded", "forwarded (mover elsewhere)"),
                      ("local_in_local_pairs", "  local, in local pairs"),
                      ("local_in_split_pairs", "  local, in split pairs"),
                      ("forwarded_in_split_pairs", "  forwarded, in split pairs"),
                      ("forwarded_in_remote_pairs", "  forwarded, in remote pairs")):
        top = key in ("local", "forwarded")
        # The finer classes only where pairs could be of several kinds (a cluster, more than one pair).
        if key in classes and ((top and (cluster or classes[key].get("rtt_samples")))
                               or (not top and cluster and run.pairs > 1 and classes[key].get("rtt_samples"))):
            rows.append((text, classes[key]))
    return rows


def moves_tables(runs: list[MoveRun]) -> tuple[list[str], list[str]]:
    plain = [f"{'run':<28} {'class':<30} {'moves/s':>9} {'p50 us':>8} {'p99 us':>8} {'p99.9 us':>9} {'samples':>8}"
             f"   fwd/local p50  p99  p99.9   p50/one node"]
    md = ["| run | class | moves/s | RTT p50 µs | p99 µs | p99.9 µs | samples | forwarded / local p50 | p99 | p99.9 | "
          "p50 / one node |",
          "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in runs:
        if run.error and not run.summary:
            plain.append(f"{run.label:<28} failed: {run.error}")
            md.append(f"| {run.label} | failed: {run.error} | | | | | | | | |")
            continue
        classes = run.summary.get("rtt_classes", {})
        local, fwd = classes.get("local", {}), classes.get("forwarded", {})
        control = next((r for r in runs if r.pairs == run.pairs and len(r.node_cpu_pct) == 1 and r.summary
                        and r is not run), None)
        control_p50 = control.summary.get("rtt_classes", {}).get("local", {}).get("rtt_p50_us", 0) if control else 0
        for index, (text, c) in enumerate(move_rows(run)):
            r = ["", "", ""]
            if text.startswith("forwarded"):
                r = [ratio(fwd.get(k, 0), local.get(k, 0)) for k in ("rtt_p50_us", "rtt_p99_us", "rtt_p999_us")]
            vs = ratio(c.get("rtt_p50_us", 0), control_p50) if control and not text.startswith(" ") else ""
            name = run.label if index == 0 else ""
            plain.append(f"{name:<28} {text:<30} {c.get('moves_per_s', 0):>9,.0f} {fmt_us(c.get('rtt_p50_us', 0)):>8} "
                         f"{fmt_us(c.get('rtt_p99_us', 0)):>8} {fmt_us(c.get('rtt_p999_us', 0)):>9} "
                         f"{c.get('rtt_samples', 0):>8,}   {r[0]:>13} {r[1]:>4} {r[2]:>6}   {vs:>12}")
            md.append(f"| {name} | {text.strip()} | {c.get('moves_per_s', 0):,.0f} | {fmt_us(c.get('rtt_p50_us', 0))} | "
                      f"{fmt_us(c.get('rtt_p99_us', 0))} | {fmt_us(c.get('rtt_p999_us', 0))} | "
                      f"{c.get('rtt_samples', 0):,} | {r[0]} | {r[1]} | {r[2]} | {vs} |")
    return plain, md


def move_notes(run: MoveRun) -> str:
    s = run.summary
    pf = s.get("pairs_formed_in_window", {})
    cpu = ", ".join(f"{k} {v:.0f} %" for k, v in run.node_cpu_pct.items())
    foreign = ", ".join(f"core {c} {v:.0f} %" for c, v in run.foreign_pct.items())
    return (f"{run.label}: {s.get('moves_per_s', 0):,.0f} moves/s in all, {s.get('games_running_avg', 0):.0f} games "
            f"running; pairs formed in the window local {pf.get('local', 0)}, split {pf.get('split', 0)}, remote "
            f"{pf.get('remote', 0)}; bots by node {s.get('bots_by_node', {})}; node CPU {cpu or '-'}; generator CPU "
            f"{run.gen_cpu_pct:.0f} %; other processes took {foreign or '-'}")


def cpu_us_per_move(run: MoveRun) -> float:
    moves = run.summary.get("moves_per_s", 0)
    return sum(run.node_cpu_pct.values()) / 100 / moves * 1e6 if moves else 0.0


def cost_tables(runs: list[MoveRun]) -> tuple[list[str], list[str]]:
    """Each run's node CPU per acknowledged move, beside the single-node run of the same size."""
    plain = [f"{'run':<28} {'moves/s':>9} {'nodes CPU':>10} {'CPU us/move':>12} {'vs one node':>12}"]
    md = ["| run | moves/s | nodes' CPU (sum) | CPU µs per move | vs one node |", "| --- | ---: | ---: | ---: | ---: |"]
    for run in runs:
        if not run.summary:
            continue
        control = next((r for r in runs if r.pairs == run.pairs and len(r.node_cpu_pct) == 1 and r.summary), None)
        cost = cpu_us_per_move(run)
        vs = ratio(cost, cpu_us_per_move(control)) if control else "-"
        total = sum(run.node_cpu_pct.values())
        plain.append(f"{run.label:<28} {run.summary.get('moves_per_s', 0):>9,.0f} {total:>9.0f}% {cost:>12,.0f} {vs:>12}")
        md.append(f"| {run.label} | {run.summary.get('moves_per_s', 0):,.0f} | {total:.0f} % | {cost:,.0f} | {vs} |")
    return plain, md


def link_tables(run: MoveRun) -> tuple[list[str], list[str]]:
    s = run.summary
    fwd_moves = s.get("rtt_classes", {}).get("forwarded", {}).get("moves_per_s", 0)
    plain = [f"{'node':<6} {'link out/s':>11} {'link in/s':>10} {'client msgs in/s':>17} {'client msgs out/s':>18} "
             f"{'CPU':>6} {'RSS':>10}"]
    md = ["| node | cluster link messages out/s | in/s | client messages in/s | client messages out/s | CPU | RSS |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total_out = total_in = 0.0
    for name, rates in run.counters.items():
        out, inn = rates["roost_cluster_messages_out_total"], rates["roost_cluster_messages_in_total"]
        total_out += out
        total_in += inn
        rss = game_bench.mib(run.node_rss_kib.get(name, 0))
        cpu = run.node_cpu_pct.get(name, 0)
        plain.append(f"{name:<6} {out:>11,.0f} {inn:>10,.0f} {rates['roost_messages_in_total']:>17,.0f} "
                     f"{rates['roost_messages_out_total']:>18,.0f} {cpu:>5.0f}% {rss:>10}")
        md.append(f"| {name} | {out:,.0f} | {inn:,.0f} | {rates['roost_messages_in_total']:,.0f} | "
                  f"{rates['roost_messages_out_total']:,.0f} | {cpu:.0f} % | {rss} |")
    plain.append(f"{'all':<6} {total_out:>11,.0f} {total_in:>10,.0f}")
    md.append(f"| all | {total_out:,.0f} | {total_in:,.0f} | | | | |")
    per = f"{total_out / fwd_moves:.1f}" if fwd_moves else "-"
    note = (f"forwarded moves acknowledged: {fwd_moves:,.0f}/s, so {per} cluster messages per forwarded move "
            f"(the move, its ok and the updates to the players on other nodes; plus lobby and load replication)")
    return plain + [note], md + ["", note]



# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run for CI (~1 min): small numbers, short windows")
    p.add_argument("--nodes", type=int, default=3, help="cluster size (default 3; at least 2)")
    p.add_argument("--node-cores", default="0",
                   help="cores the nodes are pinned to, in turn (default 0: every node on core 0)")
    p.add_argument("--gen-core", default="1", help="core of the bot generator and this driver (default 1)")
    p.add_argument("--pairs", type=int, default=None, help="Connect Four pairs of the moderate run (default 100)")
    p.add_argument("--think-ms", type=float, default=150.0,
                   help="moderate run: a bot's pause before each move, x 0.5-1.5 (default 150)")
    p.add_argument("--pingpong-think-ms", type=float, default=5.0,
                   help="1-pair run: pause before each move, so every move finds the nodes idle (default 5)")
    p.add_argument("--local-share", type=float, default=0.5,
                   help="pairs with both players on the owner node the pairing aims at (default 0.5)")
    p.add_argument("--duration", type=float, default=None, help="measured seconds of the moderate run (default 15)")
    p.add_argument("--pingpong-duration", type=float, default=None, help="measured seconds of the 1-pair run (default 10)")
    p.add_argument("--lobby-rate", type=float, default=20.0, help="games created per second (default 20)")
    p.add_argument("--lobby-seconds", type=float, default=None, help="seconds of creating (default 10)")
    p.add_argument("--kill-rounds", type=int, default=None, help="SIGKILL rounds (default 5)")
    p.add_argument("--kill-timeout", type=float, default=15.0, help="seconds to wait for detection (default 15)")
    p.add_argument("--poll-ms", type=float, default=20.0, help="/api/cluster poll period (default 20)")
    p.add_argument("--rate", type=int, default=100_000,
                   help="--messages-per-second and --message-burst of the nodes (default 100000)")
    p.add_argument("--skip", default="", help="comma-separated steps to skip: moves,lobby,kill")
    p.add_argument("--roost-binary", default=None,
                   help="roost executable (default: build it, then .build/release/roost under the repo root)")
    p.add_argument("--server-arg", action="append", default=[], help="extra `roost serve` argument (repeatable)")
    p.add_argument("--no-build", action="store_true", help="skip the Swift build (the generator is always rebuilt)")
    p.add_argument("--no-boost", dest="boost", action="store_false",
                   help="don't raise the pinned processes' autogroup weight (LoadTests/README.md, 'Pinning')")
    p.add_argument("--keep-logs", action="store_true", help="keep every node's log and data directory")
    p.add_argument("--verbose", action="store_true", help="echo the generator's per-second lines to stderr")
    args = p.parse_args()
    q = args.quick
    args.pairs = args.pairs if args.pairs is not None else (20 if q else 100)
    args.duration = args.duration if args.duration is not None else (4.0 if q else 15.0)
    args.pingpong_duration = args.pingpong_duration if args.pingpong_duration is not None else (3.0 if q else 10.0)
    args.lobby_seconds = args.lobby_seconds if args.lobby_seconds is not None else (3.0 if q else 10.0)
    args.kill_rounds = args.kill_rounds if args.kill_rounds is not None else (2 if q else 5)
    args.node_cores = [c.strip() for c in args.node_cores.split(",") if c.strip()]
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.nodes < 2:
        p.error("--nodes must be at least 2")
    args.boost = args.boost and os.geteuid() == 0
    args.roost = Path(args.roost_binary) if args.roost_binary else REPO_ROOT / ".build" / "release" / "roost"
    return args


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Bench:
    """One benchmark run: the clusters it started, what each step measured, the problems seen."""

    def __init__(self, args: argparse.Namespace, report: Report) -> None:
        self.args = args
        self.report = report
        self.clusters: list[Cluster] = []
        self.problems: list[str] = []
        self.runs: list[MoveRun] = []
        self.lobby: Optional[LobbyResult] = None
        self.kills: list[KillRound] = []

    def fresh_cluster(self, label: str, standalone: bool = False) -> Cluster:
        cluster = Cluster(self.args, label, standalone)
        self.clusters.append(cluster)
        seconds = cluster.start()
        self.report.note(f"{label}: {'node' if standalone else 'cluster'} up in {seconds:.1f} s ({cluster.describe()})")
        return cluster

    def finish(self, cluster: Cluster, troubled: bool = False) -> None:
        """Stops the nodes (SIGTERM: a clean leave); their logs stay if anything went wrong."""
        cluster.stop()
        self.problems.extend(f"[{cluster.label}] {p}" for p in cluster.problems)
        cluster.cleanup(keep=troubled or bool(cluster.problems))

    def step_moves(self) -> None:
        """1 and 4: a pair and a moderate load on the cluster, then the same on one node alone (the control)."""
        args = self.args
        pingpong_args = ["--settle", "1", "--duration", str(args.pingpong_duration), "--think-ms",
                         str(args.pingpong_think_ms), "--local-share", "0", "--pool", "0"]
        moderate_args = ["--settle", "2" if args.quick else "3", "--duration", str(args.duration),
                         "--think-ms", str(args.think_ms), "--local-share", str(args.local_share)]
        for standalone in (False, True):
            where = "single node" if standalone else f"{args.nodes}-node cluster"
            cluster = self.fresh_cluster("control" if standalone else "moves", standalone)
            runs = []
            try:
                ports = [n.port for n in cluster.nodes]
                # The pair's players on two nodes: one of them is forwarded, whichever node owns the game.
                self.report.note(f"moves, {where}: 1 pair, think {args.pingpong_think_ms:g} ms")
                runs.append(run_moves(cluster, f"1 pair, {where}", 1, ports[:2], pingpong_args, args, self.report))
                self.report.note(f"moves, {where}: {args.pairs} pairs, think {args.think_ms:g} ms")
                runs.append(run_moves(cluster, f"{args.pairs} pairs, {where}", args.pairs, ports, moderate_args, args,
                                      self.report))
            finally:
                self.runs += runs
                self.finish(cluster, troubled=any(r.problems or r.error for r in runs))
            for run in runs:
                self.problems.extend(f"[moves: {run.label}] {p}" for p in run.problems + ([run.error] if run.error else []))
                if run.problems or run.error:
                    self.problems.append(f"    generator: {run.command}; exit {run.gen_exit}; stderr: "
                                         f"{run.gen_stderr.strip()[-400:] or '-'}")

    def step_lobby(self) -> None:
        """2: lobby events from a creator on one node to subscribers on every node."""
        cluster = self.fresh_cluster("lobby")
        try:
            self.report.note(f"lobby: {self.args.lobby_rate:g} creates/s for {self.args.lobby_seconds:g} s on "
                             f"{cluster.nodes[0].name}")
            self.lobby = run_lobby(cluster, self.args)
            self.problems.extend(f"[lobby] {e}" for e in self.lobby.errors)
        finally:
            self.finish(cluster, troubled=bool(self.lobby and self.lobby.errors))

    def step_kill(self) -> None:
        """3: SIGKILL each node in turn (last first), time the survivors' reactions, restart it."""
        cluster = self.fresh_cluster("kill")
        try:
            for i in range(self.args.kill_rounds):
                victim = cluster.nodes[(len(cluster.nodes) - 1 - i) % len(cluster.nodes)]
                self.report.note(f"kill: round {i + 1}/{self.args.kill_rounds}, SIGKILL {victim.name}")
                r = kill_round(cluster, victim, self.args, i + 1)
                self.kills.append(r)
                if r.error:
                    self.problems.append(f"[kill round {i + 1}, {victim.name}] {r.error}")
                time.sleep(1.0)
        finally:
            self.finish(cluster, troubled=any(r.error for r in self.kills))

    def run(self) -> None:
        def on_signal(signum, _frame):
            raise KeyboardInterrupt(f"signal {signum}")
        signal.signal(signal.SIGTERM, on_signal)
        try:
            for name, step in (("moves", self.step_moves), ("lobby", self.step_lobby), ("kill", self.step_kill)):
                if name not in self.args.skip:
                    step()
        except KeyboardInterrupt as e:
            self.report.say(f"# interrupted ({e}); partial results follow")
        except RuntimeError as e:
            self.report.say(f"# stopped: {e}")
            self.problems.append(str(e))
        finally:
            for cluster in self.clusters:
                for node in cluster.nodes:
                    if node.alive():
                        stop_process(node.process)

    def print_results(self) -> None:
        say, args, md = self.report.say, self.args, []
        if self.runs:
            plain, m = moves_tables(self.runs)
            say("\n## 1. Move round trip (game.move -> ok), local vs forwarded, same run")
            say("\n".join(plain))
            for run in self.runs:
                say("# " + move_notes(run))
            md += ["### Move round trip, local vs forwarded", "", *m, "", *("- " + move_notes(r) for r in self.runs), ""]
            plain, m = cost_tables(self.runs)
            say("\n## Cost per move: the nodes' CPU time (utime + stime) over the window, cluster vs one node")
            say("\n".join(plain))
            md += ["### CPU per move, cluster vs one node", "", *m, ""]
            moderate = next((r for r in self.runs if r.pairs > 1 and len(r.counters) > 1), None)
            if moderate:
                plain, m = link_tables(moderate)
                say(f"\n## 4. Cluster link during '{moderate.label}' ({moderate.window_s:.1f} s window, /metrics)")
                say("\n".join(plain))
                md += ["### Cluster link messages during the moderate run", "", *m, ""]
        if self.lobby:
            plain, m = lobby_tables(self.lobby)
            lobby = self.lobby
            foreign = ", ".join(f"core {c} {v:.0f} %" for c, v in lobby.foreign_pct.items())
            head = (f"{lobby.created} games created on {lobby.creator_node} at {lobby.rate:g}/s (each left at once); "
                    f"owners {lobby.owners}; other processes took {foreign}")
            say("\n## 2. Lobby event latency: game.create sent -> lobby.event 'created' received")
            say("# " + head)
            say("\n".join(plain))
            md += ["### Lobby event latency across nodes", "", *m, "", f"- {head}", ""]
        if self.kills:
            plain, m = kill_tables(self.kills)
            say(f"\n## 3. Killed node (SIGKILL): detection and aborted games, {len(self.kills)} rounds, "
                f"/api/cluster polled every {args.poll_ms:g} ms")
            say("\n".join(plain))
            md += ["### Time to detect a killed node", "", *m, ""]
        say(f"\n# load average at the end: {loadavg()}")
        if md:
            say("\n## Markdown (for LoadTests/README.md)\n")
            say("\n".join(md))
        if self.problems:
            say("\n## Server problems seen\n")
            say("\n".join(f"- {p}" for p in self.problems))
            kept = [c.workdir for c in self.clusters if os.path.isdir(c.workdir)]
            if kept:
                say(f"- node logs kept in {', '.join(kept)}")

    def raw(self) -> dict:
        args = {k: (str(v) if isinstance(v, (Path, set)) else v) for k, v in vars(self.args).items()}
        return {"args": args, "moves": [r.__dict__ for r in self.runs], "lobby": self.lobby.__dict__ if self.lobby else None,
                "kill": [r.__dict__ for r in self.kills], "problems": self.problems,
                "clusters": [{"label": c.label, "nodes": [{"name": n.name, "command": n.command, "exits": n.exits}
                                                           for n in c.nodes]} for c in self.clusters]}


def main() -> int:
    args = parse_args()
    report = Report()
    BIN_DIR.mkdir(parents=True, exist_ok=True)
    if not run_build(report, "game load generator", ["cc", "-O2", "-Wall", "-o", str(GAMELOAD),
                                                      str(LOADTESTS / "GameLoad" / "gameload.c")], LOADTESTS):
        return 1
    if not args.no_build and args.roost_binary is None:
        if not run_build(report, "roost", ["swift", "build", "-c", "release", "--product", "roost"], REPO_ROOT):
            return 1
    if not args.roost.exists():
        report.say(f"! {args.roost} not found (build it, or pass --roost-binary)")
        return 1
    # The driver itself (lobby clients, pollers) runs on the generator's core, away from the nodes.
    os.sched_setaffinity(0, {int(args.gen_core)})

    stamp = time.strftime("%Y%m%d-%H%M%S")
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "log", "-1", "--format=%h %s"], capture_output=True,
                            text=True).stdout.strip()
    report.say(f"# Roost cluster benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}{' (--quick)' if args.quick else ''}")
    report.say(f"# {commit}; roost binary {args.roost}")
    report.say(f"# host {socket.gethostname()}, {os.cpu_count()} cores shared with other work, load average "
               f"{loadavg()} at the start; {args.nodes} nodes `roost serve --threads 1` pinned to core(s) "
               f"{','.join(args.node_cores)} (taskset; no --pin, which would move every node's loop to CPU 0 "
               f"whatever taskset says), generator and driver on core {args.gen_core}; "
               f"{'autogroup nice ' + str(BOOST_NICE) if args.boost else 'normal priority'}")
    bench = Bench(args, report)
    bench.run()
    bench.print_results()
    results_dir = LOADTESTS / "results"
    results_dir.mkdir(exist_ok=True)
    text_path = results_dir / f"cluster-{stamp}.txt"
    text_path.write_text("\n".join(report.lines) + "\n")
    (results_dir / f"cluster-{stamp}.json").write_text(json.dumps(bench.raw(), indent=1, default=str) + "\n")
    print(f"\nresults written to {text_path.relative_to(REPO_ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

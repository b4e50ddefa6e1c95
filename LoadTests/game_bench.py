#!/usr/bin/env python3
"""Game benchmark: `roost serve` on one pinned core under bots playing Cycles and Connect Four.

Run it through LoadTests/run-game-bench.sh; `--help` lists the options.

Cycles: for each step (default 250, 500, 1,000, 1,500, 2,000 concurrent 4-player games) a fresh
`roost serve --threads 1 --pin` on core 0 and the C bot generator (GameLoad/gameload.c) on core 1:
ramp the bots in, settle, then a measured window bracketed by two scrapes of /metrics. From the
difference of the scrapes: the server's tick lag distribution (roost_game_tick_lag_seconds: how late
each game tick ran against its schedule) and ticks/s; from /proc: the server's CPU% and RSS; from the
generator: games running, tick updates delivered per second, the tick inter-arrival at the bots,
errors and close codes. After each step, a control: GameLoad/tickprobe.c alone on the server's core,
as busy as the server was, shows the tick lag the machine adds by itself. Stepping stops once the
server is saturated (>= 95 % of its core, or ticks skipped), once p99 tick lag exceeds 5 ms while the
probe's does not, or before the connections would pass ~19,000 (20,000 descriptors per process).

Connect Four: N pairs playing as fast as they can (the server runs with a raised message rate):
moves/s and the move round trip (game.move sent -> its `ok`), p50/p99/p99.9.

No figure fails anything: the runner prints tables (plain and Markdown for LoadTests/README.md) and
writes LoadTests/results/game-<timestamp>.txt and .json. Everything targets 127.0.0.1, every
generator stops by itself, and the server is stopped on exit, on a signal, and (PR_SET_PDEATHSIG)
when this runner dies.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from echo_bench import (BIN_DIR, BOOST_NICE, CLOCK_TICKS, HOST, LOADGEN_CORE, LOADTESTS, REPO_ROOT, SERVER_CORE,
                        Report, boosted, core_busy_seconds, free_port, process_cpu_seconds, process_status, run_build)

GAMELOAD = BIN_DIR / "gameload"
TICKPROBE = BIN_DIR / "tickprobe"
LAG_METRIC = "roost_game_tick_lag_seconds"
# Stepping stops once a step's p99 tick lag is above this (the target: p99 < 5 ms at 1,000 games).
LAG_P99_LIMIT_MS = 5.0
# Connections one process may hold here is 20,000; leave room for the server's other descriptors.
MAX_CONNECTIONS = 19_000
TICKS_PER_SECOND = 20


# ---------------------------------------------------------------- processes


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the runner dies, so no server outlives it."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except OSError:
        pass


# Set by main(): run pinned processes SCHED_FIFO (--rt).
REALTIME = False


def start_pinned(command: list[str], core: str, boost: bool, **kwargs) -> subprocess.Popen:
    """`command` pinned to `core`, in its own session, boosted (autogroup) or real-time (--rt)."""
    pinned = ["taskset", "-c", core, *command]
    if REALTIME:
        # SCHED_FIFO: a wakeup preempts other work on the core at once. The kernel's RT throttling
        # (sched_rt_runtime_us, 95 % by default) still leaves the core's other tasks 5 %.
        pinned = ["chrt", "-f", "10", *pinned]
    return subprocess.Popen(boosted(pinned, boost and not REALTIME), start_new_session=True,
                            preexec_fn=_die_with_parent, **kwargs)


def stop_process(process: Optional[subprocess.Popen], grace: float = 10) -> Optional[int]:
    """SIGTERM, wait `grace` s, then SIGKILL; returns the exit status (negative: signal)."""
    if process is None:
        return None
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class GameServer:
    """`roost serve` pinned to SERVER_CORE with its own data directory and log file."""

    def __init__(self, command: list[str], port: int, boost: bool) -> None:
        self.port = port
        self.data_dir = tempfile.mkdtemp(prefix="game-bench-data-")
        self.command = [part.replace("{port}", str(port)).replace("{data}", self.data_dir) for part in command]
        # A file, not a pipe: a server that logs a lot would block on a pipe nobody reads.
        self.log = tempfile.NamedTemporaryFile(prefix="game-bench-server-", suffix=".log", delete=False)
        self.process = start_pinned(self.command, SERVER_CORE, boost, stdin=subprocess.DEVNULL,
                                    stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid   # sh and taskset exec the server
        self.exit_status: Optional[int] = None
        deadline = time.monotonic() + 60
        while "listening on ws://" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                why = f"exited with status {self.process.returncode}" if self.process.returncode is not None \
                    else "printed no 'listening on ws://' line within 60 s"
                tail = self.tail()
                self.stop()
                raise RuntimeError(f"server {why}; command: {' '.join(self.command)}; last output: {tail or '(none)'}")
            time.sleep(0.05)
        time.sleep(0.3)

    def output(self) -> str:
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def tail(self, lines: int = 12) -> str:
        return " | ".join(self.output().strip().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_kib(self) -> int:
        return process_status(self.pid, "VmRSS") if self.alive() else 0

    def hwm_kib(self) -> int:
        return process_status(self.pid, "VmHWM") if self.alive() else 0

    def stop(self) -> None:
        self.exit_status = stop_process(self.process)
        self.log.close()

    def cleanup(self, keep_log: bool) -> None:
        subprocess.run(["rm", "-rf", self.data_dir], check=False)
        if not keep_log and os.path.exists(self.log.name):
            os.unlink(self.log.name)


# ---------------------------------------------------------------- /metrics


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=5) as response:
        return response.read().decode(errors="replace")


def parse_labels(text: str) -> dict[str, str]:
    labels = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key.strip():
            labels[key.strip()] = value.strip().strip('"')
    return labels


@dataclass
class Scrape:
    buckets: dict[float, float] = field(default_factory=dict)   # le -> cumulative count, summed over labels
    lag_sum: float = 0.0
    lag_count: float = 0.0
    games_running: Optional[float] = None
    sessions: Optional[float] = None
    has_lag: bool = False
    samples: dict[str, float] = field(default_factory=dict)   # every other sample, by "name{labels}"

    @staticmethod
    def parse(text: str) -> "Scrape":
        s = Scrape()
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            name_labels, _, value = line.rpartition(" ")
            try:
                number = float(value)
            except ValueError:
                continue
            name, _, rest = name_labels.partition("{")
            labels = parse_labels(rest.rstrip("}")) if rest else {}
            if name == f"{LAG_METRIC}_bucket" and "le" in labels:
                le = math.inf if labels["le"] in ("+Inf", "Inf") else float(labels["le"])
                s.buckets[le] = s.buckets.get(le, 0.0) + number
                s.has_lag = True
            elif name == f"{LAG_METRIC}_sum":
                s.lag_sum += number
            elif name == f"{LAG_METRIC}_count":
                s.lag_count += number
            elif name == "roost_games_running" and labels.get("kind") == "cycles":
                s.games_running = number
            elif name == "roost_sessions" and not labels:
                s.sessions = number
            if not name.startswith(LAG_METRIC):
                s.samples[name_labels] = number
        return s

    def delta(self, earlier: "Scrape", prefix: str) -> dict[str, float]:
        """Counters starting with `prefix` that grew since `earlier` (an absent one counts as 0)."""
        return {k: v - earlier.samples.get(k, 0.0) for k, v in self.samples.items()
                if k.startswith(prefix) and v - earlier.samples.get(k, 0.0) > 0}


def lag_quantile_ms(deltas: list[tuple[float, float]], total: float, q: float) -> tuple[float, bool]:
    """The q-quantile of a window's histogram (cumulative bucket deltas), interpolated linearly inside
    its bucket as Prometheus' histogram_quantile does. The flag is True when it lies in the +Inf
    bucket: the value is then only known to be above the largest finite bound, which is returned."""
    if total <= 0:
        return 0.0, False
    rank = q * total
    lower, below = 0.0, 0.0
    for le, cumulative in deltas:
        if cumulative >= rank:
            if math.isinf(le):
                return lower * 1000, True
            inside = cumulative - below
            fraction = (rank - below) / inside if inside > 0 else 1.0
            return (lower + (le - lower) * fraction) * 1000, False
        lower, below = le, cumulative
    return lower * 1000, True


@dataclass
class LagWindow:
    ticks: float = 0.0
    ticks_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    p999_ms: float = 0.0
    mean_ms: float = 0.0
    above: list = field(default_factory=list)   # quantiles beyond the largest finite bucket
    bounds_ms: list = field(default_factory=list)
    error: str = ""

    @staticmethod
    def between(a: Scrape, b: Scrape, seconds: float) -> "LagWindow":
        w = LagWindow()
        if not (a.has_lag and b.has_lag):
            w.error = f"/metrics has no {LAG_METRIC} histogram"
            return w
        les = sorted(b.buckets)
        deltas = [(le, b.buckets[le] - a.buckets.get(le, 0.0)) for le in les]
        w.bounds_ms = [le * 1000 for le in les if not math.isinf(le)]
        w.ticks = b.lag_count - a.lag_count
        if w.ticks <= 0 and deltas:
            w.ticks = deltas[-1][1]
        w.ticks_per_s = w.ticks / seconds if seconds > 0 else 0.0
        w.mean_ms = (b.lag_sum - a.lag_sum) / w.ticks * 1000 if w.ticks > 0 else 0.0
        for q, attr in ((0.5, "p50_ms"), (0.99, "p99_ms"), (0.999, "p999_ms")):
            value, beyond = lag_quantile_ms(deltas, w.ticks, q)
            setattr(w, attr, value)
            if beyond:
                w.above.append(attr)
        return w

    def fmt(self, attr: str) -> str:
        value = getattr(self, attr)
        return f">{value:.2f}" if attr in self.above else f"{value:.3f}"


# ---------------------------------------------------------------- one run


@dataclass
class RunResult:
    mode: str
    size: int                       # games (Cycles) or pairs (Connect Four)
    summary: dict = field(default_factory=dict)
    seconds: list = field(default_factory=list)
    lag: Optional[LagWindow] = None
    window_s: float = 0.0
    server_cpu_pct: float = 0.0
    gen_cpu_pct: float = 0.0
    foreign_server_core_pct: float = 0.0
    foreign_gen_core_pct: float = 0.0
    rss_before_kib: int = 0
    rss_kib: int = 0
    hwm_kib: int = 0
    server_games_running: Optional[float] = None
    server_sessions: Optional[float] = None
    server_connections: Optional[float] = None
    server_counters: dict = field(default_factory=dict)   # counters that grew during the window
    server_exit: Optional[int] = None
    server_died: bool = False
    server_log_tail: str = ""
    server_log_path: str = ""   # kept when the run had problems
    server_command: str = ""
    gen_command: str = ""
    gen_exit: Optional[int] = None
    gen_stderr: str = ""
    error: str = ""
    problems: list = field(default_factory=list)
    p99_runs: list = field(default_factory=list)   # p99 tick lag (or RTT) of every run of this step (--repeat)
    probe: dict = field(default_factory=dict)      # the machine's own tick lag at the server's duty (tickprobe)

    def to_json(self) -> dict:
        d = dict(self.__dict__)
        d["lag"] = self.lag.__dict__ if self.lag else None
        return d


@dataclass
class Sample:
    wall: float
    server: float
    gen: float
    server_core: float
    gen_core: float

    @staticmethod
    def take(server_pid: int, gen_pid: int) -> "Sample":
        return Sample(time.monotonic(), process_cpu_seconds(server_pid), process_cpu_seconds(gen_pid),
                      core_busy_seconds(SERVER_CORE), core_busy_seconds(LOADGEN_CORE))


def server_command(args: argparse.Namespace, messages_per_second: int, burst: int) -> list[str]:
    return [str(args.roost), "serve", "--host", HOST, "--port", "{port}", "--threads", "1", "--pin",
            "--data-dir", "{data}", "--max-connections-per-ip", str(args.max_connections_per_ip),
            "--messages-per-second", str(messages_per_second), "--message-burst", str(burst), *args.server_arg]


def run_one(mode: str, size: int, gen_args: list[str], server_cmd: list[str], args: argparse.Namespace,
            report: Report) -> RunResult:
    result = RunResult(mode, size)
    port = free_port()
    server: Optional[GameServer] = None
    gen: Optional[subprocess.Popen] = None
    gen_err = tempfile.TemporaryFile(mode="w+")
    try:
        server = GameServer(server_cmd, port, args.boost)
        result.server_command = " ".join(server.command)
        result.rss_before_kib = server.rss_kib()
        command = [str(GAMELOAD), mode, "--host", HOST, "--port", str(port), *gen_args]
        result.gen_command = " ".join(command)
        gen = start_pinned(command, LOADGEN_CORE, args.boost, stdout=subprocess.PIPE, stderr=gen_err, text=True)
        first: Optional[tuple[Sample, Scrape]] = None
        last: Optional[tuple[Sample, Scrape]] = None
        for line in gen.stdout:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                result.problems.append(f"unreadable generator line: {line[:200]}")
                continue
            kind = record.get("type")
            if kind == "second":
                result.seconds.append(record)
                if args.verbose:
                    report.note(line)
            elif kind == "phase":
                report.note(f"{mode} {size}: {record.get('phase')} at {record.get('t', 0):.1f} s")
                if record.get("phase") in ("measure", "done") and server.alive():
                    try:
                        sample = Sample.take(server.pid, gen.pid)
                        text = scrape(port)
                        taken = (sample, Scrape.parse(text))
                    except (OSError, ValueError) as e:
                        result.problems.append(f"/metrics scrape at '{record.get('phase')}' failed: {e}")
                        taken = None
                    if record.get("phase") == "measure":
                        first = taken
                    else:
                        last = taken
                        result.rss_kib = server.rss_kib()
                        result.hwm_kib = server.hwm_kib()
            elif kind == "summary":
                result.summary = record
        result.gen_exit = gen.wait(timeout=60)
        if not server.alive():
            result.server_died = True
            result.problems.append(f"server exited during the run with status {server.process.returncode}")
        if first and last:
            (s0, m0), (s1, m1) = first, last
            wall = s1.wall - s0.wall
            result.window_s = wall
            result.server_cpu_pct = 100 * (s1.server - s0.server) / wall
            result.gen_cpu_pct = 100 * (s1.gen - s0.gen) / wall
            result.foreign_server_core_pct = max(0.0, 100 * (s1.server_core - s0.server_core) / wall - result.server_cpu_pct)
            result.foreign_gen_core_pct = max(0.0, 100 * (s1.gen_core - s0.gen_core) / wall - result.gen_cpu_pct)
            result.lag = LagWindow.between(m0, m1, wall)
            if result.lag.error:
                result.problems.append(result.lag.error)
            result.server_games_running = m1.games_running
            result.server_sessions = m1.sessions
            result.server_connections = m1.samples.get("roost_connections")
            result.server_counters = m1.delta(m0, "roost_")
            skipped = result.server_counters.get("roost_ticks_skipped_total")
            if skipped:
                result.problems.append(f"server skipped {skipped:.0f} ticks (roost_ticks_skipped_total)")
            drops = {k: v for k, v in result.server_counters.items() if k.startswith("roost_drops_total")}
            if drops:
                result.problems.append("server drops: " + ", ".join(f"{k[len('roost_drops_total'):]} {v:.0f}"
                                                                  for k, v in drops.items()))
            if m1.games_running is None:
                result.problems.append('/metrics has no roost_games_running{kind="cycles"}')
            if m1.sessions is None:
                result.problems.append("/metrics has no roost_sessions")
        elif not result.problems:
            result.problems.append("no measured window (see the generator's output)")
        if not result.summary:
            result.error = "the generator printed no summary"
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        result.error = str(e)
    finally:
        stop_process(gen)
        if server is not None:
            alive_at_end = server.alive()
            server.stop()
            result.server_exit = server.exit_status
            # A server that ignored SIGTERM for 10 s was killed (-9); one that crashed exited earlier.
            if not alive_at_end or server.exit_status not in (0, None, -signal.SIGTERM):
                result.problems.append(f"server exit status {server.exit_status}"
                                       f"{' (killed after 10 s: SIGTERM ignored)' if server.exit_status == -9 else ''}")
            result.server_log_tail = server.tail(20)
            server.cleanup(keep_log=bool(result.problems or result.error))
            if result.problems or result.error:
                result.server_log_path = server.log.name
        gen_err.seek(0)
        result.gen_stderr = gen_err.read()[-2000:]
        gen_err.close()
    return result


def run_probe(result: RunResult, args: argparse.Namespace) -> None:
    """The control: tickprobe on the server's core, same priority, the same share of each 5 ms slot
    busy as the server just measured (one work unit per game in the slot, as the wheel ticks them)."""
    if not args.probe or result.server_cpu_pct <= 0:
        return
    work_us = int(min(4500, max(50, result.server_cpu_pct / 100 * 5000)))
    units = max(1, result.size // 10)
    command = [str(TICKPROBE), "--seconds", str(args.probe_seconds), "--work-us", str(work_us), "--units", str(units)]
    try:
        probe = start_pinned(command, SERVER_CORE, args.boost, stdout=subprocess.PIPE, text=True)
        out, _ = probe.communicate(timeout=args.probe_seconds + 30)
        result.probe = json.loads(out.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired) as e:
        result.problems.append(f"tick probe failed: {e}")


# ---------------------------------------------------------------- tables


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB" if kib else "-"


def error_text(s: dict) -> str:
    parts = []
    if s.get("errors_total"):
        parts.append("errors " + ", ".join(f"{k} {v}" for k, v in s.get("error_codes", {}).items()))
    if s.get("close_codes"):
        parts.append("closes " + ", ".join(f"{k}: {v}" for k, v in s["close_codes"].items()))
    if s.get("connect_failures"):
        parts.append(f"{s['connect_failures']} connects failed")
    statuses = {k: v for k, v in s.get("http_status", {}).items() if k != "101"}
    if statuses:
        parts.append("HTTP " + ", ".join(f"{k}: {v}" for k, v in statuses.items()))
    if s.get("no_subprotocol"):
        parts.append(f"{s['no_subprotocol']} handshakes without roost.v1")
    if s.get("bad_messages") or s.get("unknown_types") or s.get("bad_ticks"):
        parts.append(f"unreadable {s.get('bad_messages', 0)}, unknown types {s.get('unknown_types', 0)}, "
                     f"bad ticks {s.get('bad_ticks', 0)}")
    if s.get("wait_timeouts"):
        parts.append(f"{s['wait_timeouts']} waits for a game timed out")
    return "; ".join(parts) or "none"


def notes_for(r: RunResult) -> list[str]:
    notes = []
    if len(r.p99_runs) > 1:
        unit = "ms" if r.mode == "cycles" else "µs"
        notes.append(f"best of {len(r.p99_runs)}; p99 over the runs {min(r.p99_runs):,.2f}-{max(r.p99_runs):,.2f} {unit}")
    if r.server_cpu_pct >= 90:
        notes.append("server core saturated")
    if r.foreign_server_core_pct > 5:
        notes.append(f"others took {r.foreign_server_core_pct:.0f}% of the server's core")
    if r.gen_cpu_pct >= 90:
        notes.append("generator saturated")
    if r.foreign_gen_core_pct > 5:
        notes.append(f"others took {r.foreign_gen_core_pct:.0f}% of the generator's core")
    return notes


def probe_text(r: RunResult) -> str:
    return f"{r.probe['lag_p99_ms']:.2f}" if r.probe else "-"


def cycles_tables(results: list[RunResult]) -> tuple[list[str], list[str]]:
    plain = [f"{'games':>6} {'players':>7} {'running':>9} {'srv ticks/s':>11} {'lag p50':>8} {'p99':>8} "
             f"{'p99.9':>8} {'mean':>7} {'probe p99':>9} {'updates/s':>10} {'expected':>9} {'gap p99':>8} {'srv CPU':>7} "
             f"{'RSS':>10} {'gen CPU':>7}  errors / notes"]
    md = ["| games | players | games running (server / bots) | server ticks/s | tick lag p50 ms | p99 ms | "
          "p99.9 ms | mean ms | machine's own lag p99 ms (probe) | tick updates delivered/s | expected | "
          "bot tick gap p99 ms | server CPU | server RSS | generator CPU | errors, closes, notes |",
          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        s = r.summary
        if r.error and not s:
            plain.append(f"{r.size:>6} failed: {r.error}")
            md.append(f"| {r.size:,} | | failed: {r.error} | | | | | | | | | | | | | |")
            continue
        lag = r.lag or LagWindow()
        running = f"{r.server_games_running:.0f}" if r.server_games_running is not None else "?"
        bots_running = f"{s.get('games_running_avg', 0):.0f}"
        extra = notes_for(r) + r.problems + ([r.error] if r.error else [])
        errs = error_text(s)
        text = "; ".join(([errs] if errs != "none" else []) + extra) or "-"
        plain.append(
            f"{r.size:>6} {s.get('bots', 0):>7} {running + '/' + bots_running:>9} {lag.ticks_per_s:>11,.0f} "
            f"{lag.fmt('p50_ms'):>8} {lag.fmt('p99_ms'):>8} {lag.fmt('p999_ms'):>8} {lag.mean_ms:>7.3f} "
            f"{probe_text(r):>9} {s.get('ticks_per_s', 0):>10,.0f} {s.get('expected_ticks_per_s', 0):>9,.0f} "
            f"{s.get('tick_gap_p99_ms', 0):>8.1f} {r.server_cpu_pct:>6.0f}% {mib(r.rss_kib):>10} "
            f"{r.gen_cpu_pct:>6.0f}%  {text}")
        md.append(
            f"| {r.size:,} | {s.get('bots', 0):,} | {running} / {bots_running} | {lag.ticks_per_s:,.0f} | "
            f"{lag.fmt('p50_ms')} | {lag.fmt('p99_ms')} | {lag.fmt('p999_ms')} | {lag.mean_ms:.3f} | "
            f"{probe_text(r)} | {s.get('ticks_per_s', 0):,.0f} | {s.get('expected_ticks_per_s', 0):,.0f} | "
            f"{s.get('tick_gap_p99_ms', 0):.1f} | {r.server_cpu_pct:.0f} % | {mib(r.rss_kib)} | "
            f"{r.gen_cpu_pct:.0f} % | {text} |")
    return plain, md


def connect4_tables(results: list[RunResult]) -> tuple[list[str], list[str]]:
    plain = [f"{'pairs':>6} {'games/s':>8} {'moves/s':>9} {'RTT p50 us':>10} {'p99 us':>9} {'p99.9 us':>9} "
             f"{'srv CPU':>7} {'RSS':>10} {'gen CPU':>7}  errors / notes"]
    md = ["| pairs | games finished/s | moves/s | move RTT p50 µs | p99 µs | p99.9 µs | server CPU | server RSS | "
          "generator CPU | errors, closes, notes |",
          "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        s = r.summary
        if r.error and not s:
            plain.append(f"{r.size:>6} failed: {r.error}")
            md.append(f"| {r.size:,} | failed: {r.error} | | | | | | | | |")
            continue
        games_per_s = s.get("games_finished", 0) / s["window_s"] if s.get("window_s") else 0
        extra = notes_for(r) + r.problems + ([r.error] if r.error else [])
        errs = error_text(s)
        text = "; ".join(([errs] if errs != "none" else []) + extra) or "-"
        plain.append(f"{r.size:>6} {games_per_s:>8,.0f} {s.get('moves_per_s', 0):>9,.0f} {s.get('rtt_p50_us', 0):>10,.0f} "
                     f"{s.get('rtt_p99_us', 0):>9,.0f} {s.get('rtt_p999_us', 0):>9,.0f} {r.server_cpu_pct:>6.0f}% "
                     f"{mib(r.rss_kib):>10} {r.gen_cpu_pct:>6.0f}%  {text}")
        md.append(f"| {r.size:,} | {games_per_s:,.0f} | {s.get('moves_per_s', 0):,.0f} | {s.get('rtt_p50_us', 0):,.0f} | "
                  f"{s.get('rtt_p99_us', 0):,.0f} | {s.get('rtt_p999_us', 0):,.0f} | {r.server_cpu_pct:.0f} % | "
                  f"{mib(r.rss_kib)} | {r.gen_cpu_pct:.0f} % | {text} |")
    return plain, md


def problem_report(results: list[RunResult]) -> list[str]:
    lines = []
    for r in results:
        s = r.summary
        troubled = r.problems or r.error or s.get("errors_total") or s.get("close_codes") or s.get("connect_failures")
        if not troubled:
            continue
        lines.append(f"- {r.mode} {r.size}: {r.error or ''} {'; '.join(r.problems)}".rstrip())
        lines.append(f"    server:    {r.server_command}")
        lines.append(f"    generator: {r.gen_command}")
        lines.append(f"    generator: errors {s.get('error_codes', {})}, closes {s.get('close_codes', {})}, "
                     f"HTTP {s.get('http_status', {})}, connect failures {s.get('connect_failures', 0)}, "
                     f"exit {r.gen_exit}")
        if r.gen_stderr.strip():
            lines.append(f"    generator stderr: {r.gen_stderr.strip()[-600:]}")
        lines.append(f"    server exit status {r.server_exit}; last output: {r.server_log_tail or '(none)'}")
        if r.server_log_path:
            lines.append(f"    server log kept at {r.server_log_path}")
    return lines


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 50 Cycles games and 50 Connect Four pairs, 5 s each")
    p.add_argument("--steps", default=None, help="Cycles games per step (default 250,500,1000,1500,2000)")
    p.add_argument("--settle", type=float, default=None, help="seconds after the ramp before measuring (default 5)")
    p.add_argument("--duration", type=float, default=None, help="measured seconds per step (default 15)")
    p.add_argument("--pairs", type=int, default=None, help="Connect Four pairs (default 500)")
    p.add_argument("--c4-duration", type=float, default=None, help="Connect Four measured seconds (default 15)")
    p.add_argument("--grid", type=int, default=128, help="Cycles grid side (default 128)")
    p.add_argument("--round-ms", type=int, default=600_000, help="Cycles round time limit (default 600000)")
    p.add_argument("--countdown-ms", type=int, default=1_000, help="Cycles countdown (default 1000)")
    p.add_argument("--match", choices=["create", "quickplay"], default="create",
                   help="how bots get into games (default create: 4 bots create/join one game)")
    p.add_argument("--c4-rate", type=int, default=100_000,
                   help="--messages-per-second and --message-burst for the Connect Four server (default 100000)")
    p.add_argument("--max-connections-per-ip", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per step; the table shows the best (lowest p99 tick lag; most moves/s)")
    p.add_argument("--keep-stepping", action="store_true",
                   help="run every step (by default stepping stops once p99 tick lag exceeds 5 ms while the tick "
                        "probe at the same duty does not, or once the server is saturated: >= 95%% CPU or ticks skipped)")
    p.add_argument("--skip-cycles", action="store_true")
    p.add_argument("--skip-connect4", action="store_true")
    p.add_argument("--roost-binary", default=None,
                   help="roost executable (default: build it, then .build/release/roost under the repo root)")
    p.add_argument("--server-arg", action="append", default=[], help="extra `roost serve` argument (repeatable)")
    p.add_argument("--no-build", action="store_true", help="skip the Swift build (the generator is always rebuilt)")
    p.add_argument("--no-boost", dest="boost", action="store_false",
                   help="don't raise the pinned processes' autogroup weight (see README, 'Pinning')")
    p.add_argument("--no-probe", dest="probe", action="store_false",
                   help="skip the tick probe (the machine's own tick lag at each step's duty, a control)")
    p.add_argument("--rt", action="store_true",
                   help="run server and generator SCHED_FIFO (chrt -f 10) instead of boosting their autogroup: "
                        "other work on a shared machine then delays ticks far less (root only)")
    p.add_argument("--verbose", action="store_true", help="echo the generator's per-second lines to stderr")
    args = p.parse_args()
    quick = args.quick
    args.steps = [int(x) for x in (args.steps or ("50" if quick else "250,500,1000,1500,2000")).split(",") if x]
    args.settle = args.settle if args.settle is not None else (2.0 if quick else 5.0)
    args.duration = args.duration if args.duration is not None else (5.0 if quick else 15.0)
    args.pairs = args.pairs if args.pairs is not None else (50 if quick else 500)
    args.c4_duration = args.c4_duration if args.c4_duration is not None else (5.0 if quick else 15.0)
    args.probe_seconds = 3.0 if quick else 8.0
    args.boost = args.boost and os.geteuid() == 0
    args.roost = Path(args.roost_binary) if args.roost_binary else REPO_ROOT / ".build" / "release" / "roost"
    return args


def main() -> int:
    global REALTIME
    args = parse_args()
    REALTIME = args.rt and os.geteuid() == 0
    report = Report()
    BIN_DIR.mkdir(parents=True, exist_ok=True)
    if not run_build(report, "game load generator", ["cc", "-O2", "-Wall", "-o", str(GAMELOAD),
                                                      str(LOADTESTS / "GameLoad" / "gameload.c")], LOADTESTS):
        return 1
    if not run_build(report, "tick probe", ["cc", "-O2", "-Wall", "-o", str(TICKPROBE),
                                             str(LOADTESTS / "GameLoad" / "tickprobe.c")], LOADTESTS):
        return 1
    if not args.no_build and args.roost_binary is None:
        if not run_build(report, "roost", ["swift", "build", "-c", "release", "--product", "roost"], REPO_ROOT):
            return 1
    if not args.roost.exists():
        report.say(f"! {args.roost} not found (build it, or pass --roost-binary)")
        return 1

    stamp = time.strftime("%Y%m%d-%H%M%S")
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "log", "-1", "--format=%h %s"], capture_output=True,
                            text=True).stdout.strip()
    report.say(f"# Roost game benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    report.say(f"# {commit}")
    report.say(f"# host {socket.gethostname()}, {os.cpu_count()} cores (shared with other work), kernel "
               f"{os.uname().release}; server `--threads 1 --pin` on core {SERVER_CORE}, generator on core "
               f"{LOADGEN_CORE}; {'SCHED_FIFO 10' if REALTIME else 'autogroup nice ' + str(BOOST_NICE) if args.boost else 'normal priority'}")
    raw: dict = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                 "cycles": [], "connect4": []}
    cycles: list[RunResult] = []
    c4: list[RunResult] = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)

    try:
        if not args.skip_cycles:
            report.say(f"# Cycles: 4-seat games on {args.grid}x{args.grid}, round limit {args.round_ms / 1000:g} s, "
                       f"countdown {args.countdown_ms / 1000:g} s, bots matched by {args.match}; "
                       f"settle {args.settle:g} s, window {args.duration:g} s per step")
            for games in args.steps:
                if games * 4 > MAX_CONNECTIONS:
                    report.say(f"# stopped before {games} games: {games * 4:,} connections would pass {MAX_CONNECTIONS:,}")
                    break
                report.note(f"cycles: {games} games ({games * 4} bots)")
                gen_args = ["--games", str(games), "--settle", str(args.settle), "--duration", str(args.duration),
                            "--width", str(args.grid), "--height", str(args.grid), "--round-ms", str(args.round_ms),
                            "--countdown-ms", str(args.countdown_ms), "--match", args.match, "--ramp-timeout", "180"]
                runs = []
                for attempt in range(args.repeat):
                    if args.repeat > 1:
                        report.note(f"cycles {games}: run {attempt + 1}/{args.repeat}")
                    runs.append(run_one("cycles", games, gen_args, server_command(args, 20, 40), args, report))
                    raw["cycles"].append(runs[-1].to_json())
                # Best of the runs: other work on the machine only ever makes the lag worse.
                r = min(runs, key=lambda x: (bool(x.error) or x.server_died, x.lag is None or bool(x.lag.error),
                                             x.lag.p99_ms if x.lag else math.inf))
                r.p99_runs = [x.lag.p99_ms for x in runs if x.lag and not x.lag.error]
                run_probe(r, args)
                cycles.append(r)
                raw["cycles"][-1]["probe_for_best"] = r.probe
                lag = r.lag
                report.note(f"cycles {games}: lag p99 {lag.fmt('p99_ms') if lag else '?'} ms, server CPU "
                            f"{r.server_cpu_pct:.0f}%, {r.summary.get('ticks_per_s', 0):,.0f} updates/s"
                            f"{'; ' + '; '.join(r.problems) if r.problems else ''}{'; ' + r.error if r.error else ''}")
                if r.server_died or (r.error and not r.summary):
                    report.say(f"# stopped stepping: the {games}-game step failed")
                    break
                if args.keep_stepping:
                    continue
                skipped = r.server_counters.get("roost_ticks_skipped_total", 0)
                if r.server_cpu_pct >= 95 or skipped:
                    report.say(f"# stopped stepping: the server is saturated at {games} games "
                               f"({r.server_cpu_pct:.0f}% of its core, {skipped:.0f} ticks skipped)")
                    break
                if lag and not lag.error and lag.p99_ms > LAG_P99_LIMIT_MS:
                    # On a shared machine the lag can be the machine's: the probe tells.
                    if r.probe and r.probe["lag_p99_ms"] > LAG_P99_LIMIT_MS:
                        report.say(f"# {games} games: p99 tick lag {lag.fmt('p99_ms')} ms > {LAG_P99_LIMIT_MS:g} ms, but "
                                   f"the machine alone shows {r.probe['lag_p99_ms']:.2f} ms at this duty; going on")
                        continue
                    report.say(f"# stopped stepping: p99 tick lag {lag.fmt('p99_ms')} ms > {LAG_P99_LIMIT_MS:g} ms "
                               f"at {games} games")
                    break
        if not args.skip_connect4:
            report.note(f"connect4: {args.pairs} pairs")
            gen_args = ["--pairs", str(args.pairs), "--settle", str(min(args.settle, 3.0)),
                        "--duration", str(args.c4_duration), "--match", args.match, "--ramp-timeout", "120"]
            runs = []
            for attempt in range(args.repeat):
                runs.append(run_one("connect4", args.pairs, gen_args, server_command(args, args.c4_rate, args.c4_rate),
                                    args, report))
                raw["connect4"].append(runs[-1].to_json())
            r = max(runs, key=lambda x: (not x.error, x.summary.get("moves_per_s", 0)))
            r.p99_runs = [x.summary.get("rtt_p99_us", 0) for x in runs if x.summary]
            c4.append(r)
    except KeyboardInterrupt as e:
        report.say(f"# interrupted ({e}); partial results follow")

    if cycles:
        plain, md = cycles_tables(cycles)
        lag = next((r.lag for r in cycles if r.lag and r.lag.bounds_ms), None)
        report.say("\n## Cycles: concurrent 4-player games (tick lag: server histogram, window difference)")
        if lag:
            report.say(f"# tick lag bucket bounds (ms): {', '.join(f'{b:g}' for b in lag.bounds_ms)}; "
                       f"quantiles interpolated inside a bucket")
        if any(r.probe for r in cycles):
            report.say("# probe p99: tickprobe alone on the server's core for "
                       f"{args.probe_seconds:g} s after the step, busy the same share of each 5 ms slot as the "
                       "server was: the lag this machine adds by itself")
        report.say("\n".join(plain))
    if c4:
        plain4, md4 = connect4_tables(c4)
        report.say("\n## Connect Four: pairs playing as fast as they can (RTT: game.move -> ok)")
        report.say("\n".join(plain4))
    if cycles or c4:
        report.say("\n## Markdown (for LoadTests/README.md)\n")
        if cycles:
            report.say("\n".join(md))
            report.say("")
        if c4:
            report.say("\n".join(md4))
    problems = problem_report(cycles + c4)
    if problems:
        report.say("\n## Server problems seen\n")
        report.say("\n".join(problems))

    results_dir = LOADTESTS / "results"
    results_dir.mkdir(exist_ok=True)
    text_path = results_dir / f"game-{stamp}.txt"
    text_path.write_text("\n".join(report.lines) + "\n")
    (results_dir / f"game-{stamp}.json").write_text(json.dumps(raw, indent=1, default=str) + "\n")
    print(f"\nresults written to {text_path.relative_to(REPO_ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""WebSocket echo benchmark: roost side by side with its peers, measured in the same run.

Run it through LoadTests/run-echo-bench.sh; `--help` lists the options.

For every server (roost, the lean C reference, Hummingbird, node ws) and every scenario
(connections x messages in flight) it starts the server pinned to core 0 (`taskset -c 0`),
the C load generator pinned to core 1, and samples both processes' CPU time from
/proc/PID/stat over the measured window, so the table shows who was saturated. Then it
measures resident memory per idle WebSocket, and how many connections one roost process
holds just under the 20,000-descriptor limit.

Everything targets 127.0.0.1 only, and every load stops by itself (durations and --hold).
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

LOADTESTS = Path(__file__).resolve().parent
REPO_ROOT = LOADTESTS.parent
BIN_DIR = LOADTESTS / ".build" / "bin"
LOADGEN = BIN_DIR / "loadgen"
REFERENCE_ECHO = BIN_DIR / "echo"
HUMMINGBIRD_PACKAGE = LOADTESTS / "HummingbirdEcho"
HUMMINGBIRD_ECHO = HUMMINGBIRD_PACKAGE / ".build" / "release" / "HummingbirdEcho"
NODE_ECHO = LOADTESTS / "NodeEcho" / "echo.js"

SERVER_CORE = "0"
LOADGEN_CORE = "1"
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A process may hold at most 20,000 descriptors here; keep each loadgen well under it.
CONNECTIONS_PER_LOADGEN = 10_000
# Below this share of its core, a server was not the bottleneck of a throughput run.
SATURATED_PCT = 90.0
# Autogroup nice for the pinned processes (see boosted()); 0 leaves them at normal weight.
BOOST_NICE = -20

SERVER_LABELS = {"roost": "roost", "c": "reference C", "hummingbird": "hummingbird", "node": "node ws"}


# ---------------------------------------------------------------- output


class Report:
    """Prints to stdout and keeps the text for the results file."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.extend(text.split("\n"))

    def note(self, text: str) -> None:
        """Progress goes to stderr only."""
        print(f"  .. {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc sampling


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of all the process's threads, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_status(pid: int, key: str) -> int:
    """A numeric field of /proc/PID/status (VmRSS is in KiB)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def core_busy_seconds(core: str) -> float:
    """Busy time of one core (all but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                v = [int(x) for x in line.split()[1:]]
                return (sum(v[:8]) - v[3] - v[4]) / CLOCK_TICKS
    return 0.0


@dataclass
class CpuSample:
    wall: float
    server: float
    loadgen: float
    server_core: float
    loadgen_core: float

    @staticmethod
    def take(server_pid: int, loadgen_pid: int) -> "CpuSample":
        # Process times include the loopback softirq work each process does in its own
        # context (measured here: utime+stime matched the core's user+system+softirq).
        return CpuSample(time.monotonic(), process_cpu_seconds(server_pid), process_cpu_seconds(loadgen_pid),
                         core_busy_seconds(SERVER_CORE), core_busy_seconds(LOADGEN_CORE))


# ---------------------------------------------------------------- servers


@dataclass
class ServerSpec:
    key: str
    command: list[str]
    available: bool = True
    why_missing: str = ""

    @property
    def label(self) -> str:
        return SERVER_LABELS[self.key]


def boosted(command: list[str], boost: bool) -> list[str]:
    """Run `command` at autogroup nice BOOST_NICE, in its own session.

    With kernel.sched_autogroup_enabled=1 (Debian's default) CFS shares a core between
    sessions first, so a plain `nice` is not enough to keep builds and tests elsewhere on this
    shared machine from taking most of a pinned core. Each process is started in a new
    session (start_new_session) and raises its own autogroup's weight; root only.
    """
    if not boost:
        return command
    return ["sh", "-c", f'echo {BOOST_NICE} > /proc/self/autogroup 2>/dev/null; exec "$@"', "sh", *command]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class RunningServer:
    """A server pinned to SERVER_CORE, started fresh for each measurement."""

    def __init__(self, spec: ServerSpec, port: int, boost: bool) -> None:
        self.spec = spec
        self.port = port
        command = [part.replace("{port}", str(port)) for part in spec.command]
        # Output goes to a file, never a pipe: a server that logs per connection would block
        # on a full pipe once nobody reads it, and fail the max-connections test for nothing.
        self.log = tempfile.NamedTemporaryFile(prefix=f"echo-bench-{spec.key}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            boosted(["taskset", "-c", SERVER_CORE, *command], boost),
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid   # sh and taskset exec the server, so the PID is the server's
        deadline = time.monotonic() + 30
        while "listening on ws://" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                why = f"exited with status {self.process.returncode}" if self.process.returncode is not None \
                    else "timed out"
                tail = " | ".join(self.output().strip().splitlines()[-3:])
                self.stop()
                raise RuntimeError(f"{spec.label} did not print 'listening on ws://' ({why}){': ' + tail if tail else ''}")
            time.sleep(0.05)
        time.sleep(0.3)

    def output(self) -> str:
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_kib(self) -> int:
        return process_status(self.pid, "VmRSS")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if os.path.exists(self.log.name):
            os.unlink(self.log.name)

    def __enter__(self) -> "RunningServer":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def start_loadgen(port: int, boost: bool, *extra: str, quiet: bool = False) -> subprocess.Popen:
    command = ["taskset", "-c", LOADGEN_CORE, str(LOADGEN), "--host", HOST, "--port", str(port), *extra]
    return subprocess.Popen(boosted(command, boost), stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
                            text=True, start_new_session=True)


# ---------------------------------------------------------------- throughput


@dataclass
class ThroughputResult:
    server: str
    conns: int
    inflight: int
    data: dict = field(default_factory=dict)
    server_cpu_pct: float = 0.0
    loadgen_cpu_pct: float = 0.0
    # Busy time on each pinned core not spent by the process pinned there: other work on a
    # shared machine. The table flags it when it could have lowered a figure.
    foreign_server_core_pct: float = 0.0
    foreign_loadgen_core_pct: float = 0.0
    error: str = ""
    all_rates: list = field(default_factory=list)   # msgs/s of every run of this cell (--repeat)


def run_throughput(spec: ServerSpec, conns: int, inflight: int, args: argparse.Namespace) -> ThroughputResult:
    result = ThroughputResult(spec.key, conns, inflight)
    port = free_port()
    try:
        with RunningServer(spec, port, args.boost) as server:
            extra = ["--conns", str(conns), "--inflight", str(inflight), "--size", str(args.size),
                     "--warmup", str(args.warmup), "--duration", str(args.duration)]
            if args.binary:
                extra.append("--binary")
            gen = start_loadgen(port, args.boost, *extra)
            start: Optional[CpuSample] = None
            end: Optional[CpuSample] = None
            for line in gen.stdout:
                if line.startswith("phase: measure"):
                    start = CpuSample.take(server.pid, gen.pid)
                elif line.startswith("{"):
                    end = CpuSample.take(server.pid, gen.pid)
                    result.data = json.loads(line)
            gen.wait(timeout=args.duration + args.warmup + 120)
            if not server.alive():
                result.error = "server exited during the run"
            if start and end and end.wall > start.wall:
                wall = end.wall - start.wall
                result.server_cpu_pct = 100 * (end.server - start.server) / wall
                result.loadgen_cpu_pct = 100 * (end.loadgen - start.loadgen) / wall
                result.foreign_server_core_pct = max(
                    0.0, 100 * (end.server_core - start.server_core) / wall - result.server_cpu_pct)
                result.foreign_loadgen_core_pct = max(
                    0.0, 100 * (end.loadgen_core - start.loadgen_core) / wall - result.loadgen_cpu_pct)
            if not result.data:
                result.error = result.error or "load generator printed no result"
            elif result.data.get("errors"):
                result.error = result.error or f"{result.data['errors']} errors"
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        result.error = str(e)
    return result


# ---------------------------------------------------------------- idle memory and max connections


@dataclass
class IdleResult:
    server: str
    requested: int
    connected: int = 0
    failures: int = 0
    still_open: int = 0
    rss_before_kib: int = 0
    rss_after_kib: int = 0
    server_alive: bool = True
    connect_seconds: float = 0.0
    error: str = ""

    @property
    def bytes_per_connection(self) -> float:
        if self.connected == 0:
            return 0.0
        return (self.rss_after_kib - self.rss_before_kib) * 1024 / self.connected


def hold_idle(spec: ServerSpec, count: int, hold_s: float, settle_s: float, boost: bool) -> IdleResult:
    """Open `count` idle WebSockets (several loadgens if needed), measure RSS, then release."""
    result = IdleResult(spec.key, count)
    port = free_port()
    try:
        with RunningServer(spec, port, boost) as server:
            # A few echoes first, so one-time costs (libraries paged in, JIT, first-connection
            # allocations) land in "before" rather than being spread over the connections.
            start_loadgen(port, boost, "--conns", "10", "--inflight", "1", "--warmup", "0", "--duration", "0.3",
                          quiet=True).wait(timeout=60)
            time.sleep(settle_s)
            result.rss_before_kib = server.rss_kib()
            shares = [CONNECTIONS_PER_LOADGEN] * (count // CONNECTIONS_PER_LOADGEN)
            if count % CONNECTIONS_PER_LOADGEN:
                shares.append(count % CONNECTIONS_PER_LOADGEN)
            # --hold is a backstop: each loadgen exits by itself even if this runner dies.
            gens = [start_loadgen(port, boost, "--idle", "--conns", str(n), "--hold", str(hold_s + 300),
                                  "--connect-timeout", "120") for n in shares]
            t0 = time.monotonic()
            for gen in gens:
                ready = json.loads(gen.stdout.readline() or "{}")
                result.connected += ready.get("connections", 0)
                result.failures += ready.get("failures", 0) + ready.get("closed_early", 0)
            result.connect_seconds = time.monotonic() - t0
            time.sleep(settle_s)   # let the server finish any work for the last handshakes
            result.rss_after_kib = server.rss_kib()
            time.sleep(hold_s)
            result.server_alive = server.alive()
            for gen in gens:
                gen.send_signal(signal.SIGTERM)
                done = json.loads(gen.stdout.readline() or "{}")
                gen.wait(timeout=30)
                result.still_open += done.get("connections", 0)
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as e:
        result.error = str(e)
    return result


# ---------------------------------------------------------------- builds


def run_build(report: Report, what: str, command: list[str], cwd: Path) -> bool:
    report.note(f"building {what}: {' '.join(command)}")
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        report.say(f"! build of {what} failed:\n{done.stdout[-3000:]}")
        return False
    return True


def build_all(report: Report, args: argparse.Namespace, servers: list[str]) -> None:
    BIN_DIR.mkdir(parents=True, exist_ok=True)
    ok = run_build(report, "load generator", ["cc", "-O2", "-Wall", "-o", str(LOADGEN),
                                              str(LOADTESTS / "EchoLoad" / "loadgen.c")], LOADTESTS)
    if not ok:
        sys.exit(1)
    if "c" in servers:
        run_build(report, "reference C echo", ["cc", "-O2", "-Wall", "-o", str(REFERENCE_ECHO),
                                               str(LOADTESTS / "ReferenceEcho" / "echo.c"), "-lcrypto"], LOADTESTS)
    if args.no_build:
        return
    if "hummingbird" in servers:
        run_build(report, "Hummingbird echo (several minutes the first time)",
                  ["swift", "build", "-c", "release", "--package-path", str(HUMMINGBIRD_PACKAGE)], REPO_ROOT)
    if "roost" in servers and args.roost_binary is None:
        run_build(report, "roost", ["swift", "build", "-c", "release", "--product", "roost"], REPO_ROOT)


def server_specs(args: argparse.Namespace) -> dict[str, ServerSpec]:
    roost = Path(args.roost_binary) if args.roost_binary else REPO_ROOT / ".build" / "release" / "roost"
    node = "/usr/bin/node"
    specs = {
        "roost": ServerSpec("roost", [str(roost), "echo", "--port", "{port}", "--host", HOST,
                                      "--threads", "1", *args.roost_arg]),
        "c": ServerSpec("c", [str(REFERENCE_ECHO), "--port", "{port}", "--host", HOST]),
        "hummingbird": ServerSpec("hummingbird", [str(HUMMINGBIRD_ECHO), "--port", "{port}", "--host", HOST,
                                                  "--threads", "1"]),
        "node": ServerSpec("node", [node, str(NODE_ECHO), "--port", "{port}", "--host", HOST]),
    }
    for path, key in [(roost, "roost"), (REFERENCE_ECHO, "c"), (HUMMINGBIRD_ECHO, "hummingbird"),
                      (Path(node), "node")]:
        if not path.exists():
            specs[key].available = False
            specs[key].why_missing = f"{path} not found"
    if specs["node"].available and not Path("/usr/share/nodejs/ws").exists():
        specs["node"].available = False
        specs["node"].why_missing = "node-ws not installed (apt-get install -y node-ws)"
    return specs


# ---------------------------------------------------------------- tables


def ratio(value: float, peer: Optional[float]) -> str:
    return f"{value / peer:.2f}x" if peer else "-"


def throughput_table(results: list[ThroughputResult], servers: list[str]) -> list[str]:
    lines: list[str] = []
    scenarios = sorted({(r.conns, r.inflight) for r in results})
    header = (f"{'server':<12} {'msgs/s':>10} {'p50 us':>8} {'p99 us':>8} {'p99.9 us':>9} "
              f"{'srv CPU':>8} {'gen CPU':>8} {'vs C':>6} {'vs node':>7} {'vs hb':>6}  note")
    for conns, inflight in scenarios:
        rows = {r.server: r for r in results if (r.conns, r.inflight) == (conns, inflight)}
        rate = {k: r.data.get("msgs_per_s", 0.0) for k, r in rows.items() if not r.error}
        lines.append(f"-- {conns} connections x {inflight} in flight --")
        lines.append(header)
        for key in servers:
            r = rows.get(key)
            if r is None:
                continue
            label = SERVER_LABELS[key]
            if r.error and not r.data:
                lines.append(f"{label:<12} {'failed: ' + r.error}")
                continue
            d = r.data
            notes = []
            if len(r.all_rates) > 1:
                notes.append(f"runs {min(r.all_rates) / 1000:,.1f}k-{max(r.all_rates) / 1000:,.1f}k")
            if r.error:
                notes.append(r.error)
            if r.server_cpu_pct < SATURATED_PCT:
                if r.server_cpu_pct + r.foreign_server_core_pct >= SATURATED_PCT + 5:
                    notes.append("server's core was full, but shared with other processes")
                elif r.loadgen_cpu_pct >= SATURATED_PCT:
                    notes.append("server below its core: the generator is the bottleneck")
                else:
                    notes.append("neither side saturated: latency-bound")
            if r.foreign_server_core_pct > 5:
                notes.append(f"other processes took {r.foreign_server_core_pct:.0f}% of the server's core")
            if r.foreign_loadgen_core_pct > 5 and r.loadgen_cpu_pct >= SATURATED_PCT:
                notes.append(f"other processes took {r.foreign_loadgen_core_pct:.0f}% of the generator's core")
            value = d.get("msgs_per_s", 0.0)
            lines.append(
                f"{label:<12} {value:>10,.0f} {d.get('p50_us', 0):>8.0f} {d.get('p99_us', 0):>8.0f} "
                f"{d.get('p999_us', 0):>9.0f} {r.server_cpu_pct:>7.0f}% {r.loadgen_cpu_pct:>7.0f}% "
                f"{ratio(value, rate.get('c')):>6} {ratio(value, rate.get('node')):>7} "
                f"{ratio(value, rate.get('hummingbird')):>6}  {'; '.join(notes)}")
        lines.append("")
    return lines


def idle_table(results: list[IdleResult]) -> list[str]:
    lines = [f"{'server':<12} {'conns':>7} {'fail':>5} {'RSS before':>11} {'RSS after':>11} "
             f"{'per conn':>10}  note"]
    for r in results:
        label = SERVER_LABELS[r.server]
        if r.error:
            lines.append(f"{label:<12} failed: {r.error}")
            continue
        notes = [] if r.server_alive else ["server exited"]
        if r.still_open != r.connected:
            notes.append(f"only {r.still_open} still open at the end")
        lines.append(f"{label:<12} {r.connected:>7,} {r.failures:>5} {r.rss_before_kib / 1024:>8.1f} MiB "
                     f"{r.rss_after_kib / 1024:>8.1f} MiB {r.bytes_per_connection / 1024:>6.2f} KiB  "
                     f"{'; '.join(notes)}")
    return lines


def max_conns_table(results: list[IdleResult]) -> list[str]:
    lines = [f"{'server':<12} {'requested':>9} {'connected':>9} {'failures':>8} {'still open':>10} "
             f"{'RSS':>10} {'connect s':>9}  verdict"]
    for r in results:
        label = SERVER_LABELS[r.server]
        if r.error:
            lines.append(f"{label:<12} failed: {r.error}")
            continue
        ok = r.connected == r.requested and r.failures == 0 and r.still_open == r.requested and r.server_alive
        lines.append(f"{label:<12} {r.requested:>9,} {r.connected:>9,} {r.failures:>8} {r.still_open:>10,} "
                     f"{r.rss_after_kib / 1024:>6.1f} MiB {r.connect_seconds:>9.1f}  "
                     f"{'held' if ok else 'FAILED'}{'' if r.server_alive else ' (server exited)'}")
    return lines


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="3 s measured after 1 s warmup, 2 s holds")
    p.add_argument("--duration", type=float, default=None, help="measured seconds per run (default 10)")
    p.add_argument("--warmup", type=float, default=None, help="warmup seconds per run (default 2)")
    p.add_argument("--servers", default="roost,c,hummingbird,node",
                   help="comma list from roost,c,hummingbird,node")
    p.add_argument("--scenarios", default="100x1,100x8,1000x1,1000x8",
                   help="comma list of CONNECTIONSxINFLIGHT")
    p.add_argument("--size", type=int, default=32, help="message bytes (default 32)")
    p.add_argument("--binary", action="store_true", help="binary messages (default: text, ASCII payload)")
    p.add_argument("--idle-conns", type=int, default=10_000, help="connections for the memory test")
    p.add_argument("--max-conns", type=int, default=19_900, help="connections for the max-connections test")
    p.add_argument("--max-conns-servers", default="roost,c",
                   help="servers for the max-connections test (the C reference is the rig's control)")
    p.add_argument("--roost-binary", default=None,
                   help="roost executable (default: build it, then .build/release/roost under the repo root)")
    p.add_argument("--roost-arg", action="append", default=[],
                   help="extra argument for `roost echo` (repeatable), e.g. --roost-arg=--deflate")
    p.add_argument("--repeat", type=int, default=1, help="runs per throughput cell; the best is shown")
    p.add_argument("--no-boost", dest="boost", action="store_false",
                   help="don't raise the pinned processes' autogroup weight (see README, 'Pinning')")
    p.add_argument("--no-build", action="store_true", help="skip the Swift builds (C is always rebuilt)")
    p.add_argument("--skip-throughput", action="store_true")
    p.add_argument("--skip-memory", action="store_true")
    p.add_argument("--skip-max-conns", action="store_true")
    args = p.parse_args()
    if args.duration is None:
        args.duration = 3.0 if args.quick else 10.0
    if args.warmup is None:
        args.warmup = 1.0 if args.quick else 2.0
    args.hold = 2.0 if args.quick else 5.0
    args.boost = args.boost and os.geteuid() == 0
    return args


def main() -> int:
    args = parse_args()
    report = Report()
    servers = [s for s in args.servers.split(",") if s]
    for s in servers + args.max_conns_servers.split(","):
        if s and s not in SERVER_LABELS:
            sys.exit(f"unknown server {s!r}: use roost, c, hummingbird or node")
    scenarios = [tuple(int(x) for x in s.split("x")) for s in args.scenarios.split(",") if s]
    build_all(report, args, servers + args.max_conns_servers.split(","))
    specs = server_specs(args)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    report.say(f"# Roost WebSocket echo benchmark, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    report.say(f"# host {socket.gethostname()}, {os.cpu_count()} cores, kernel {os.uname().release}; "
               f"server on core {SERVER_CORE}, load generator on core {LOADGEN_CORE}")
    report.say(f"# {args.size}-byte {'binary' if args.binary else 'text'} messages, "
               f"{args.warmup:g} s warmup + {args.duration:g} s measured per run; latency is the "
               f"round trip seen by the generator")
    report.say(f"# {'best of ' + str(args.repeat) + ' runs per cell; ' if args.repeat > 1 else ''}"
               f"{'server and generator at autogroup nice ' + str(BOOST_NICE) if args.boost and os.geteuid() == 0 else 'normal priority'}")
    for key in servers:
        if not specs[key].available:
            report.say(f"# skipping {specs[key].label}: {specs[key].why_missing}")
    active = [k for k in servers if specs[k].available]
    raw: dict = {"throughput": [], "idle": [], "max_conns": []}

    if not args.skip_throughput:
        results: list[ThroughputResult] = []
        for conns, inflight in scenarios:
            for key in active:
                runs = []
                for attempt in range(args.repeat):
                    report.note(f"{specs[key].label}: {conns} connections x {inflight} in flight"
                                f"{f' (run {attempt + 1}/{args.repeat})' if args.repeat > 1 else ''}")
                    runs.append(run_throughput(specs[key], conns, inflight, args))
                    raw["throughput"].append(runs[-1].__dict__)
                # Best of the runs: interference from elsewhere only ever lowers a figure.
                best = max(runs, key=lambda r: (not r.error, r.data.get("msgs_per_s", 0)))
                best.all_rates = [r.data.get("msgs_per_s", 0) for r in runs if not r.error]
                results.append(best)
        report.say("\n## Throughput (srv CPU: server's share of its core; gen CPU: the generator's)")
        report.say("\n".join(throughput_table(results, active)))

    if not args.skip_memory:
        idle: list[IdleResult] = []
        for key in active:
            report.note(f"{specs[key].label}: {args.idle_conns} idle connections")
            r = hold_idle(specs[key], args.idle_conns, args.hold, 1.0, args.boost)
            idle.append(r)
            raw["idle"].append(r.__dict__)
        report.say(f"## Memory per idle WebSocket ((VmRSS after - before) / connections, "
                   f"{args.idle_conns:,} connections)")
        report.say("\n".join(idle_table(idle)))

    if not args.skip_max_conns:
        held: list[IdleResult] = []
        for key in [k for k in args.max_conns_servers.split(",") if k]:
            if not specs[key].available:
                report.say(f"# max connections: skipping {specs[key].label}: {specs[key].why_missing}")
                continue
            report.note(f"{specs[key].label}: {args.max_conns} connections")
            r = hold_idle(specs[key], args.max_conns, args.hold, 0.5, args.boost)
            held.append(r)
            raw["max_conns"].append(r.__dict__)
        if held:
            report.say(f"\n## Max connections in one process (limit 20,000 descriptors; "
                       f"held {args.hold:g} s)")
            report.say("\n".join(max_conns_table(held)))

    results_dir = LOADTESTS / "results"
    results_dir.mkdir(exist_ok=True)
    text_path = results_dir / f"echo-{stamp}.txt"
    text_path.write_text("\n".join(report.lines) + "\n")
    (results_dir / f"echo-{stamp}.json").write_text(json.dumps(raw, indent=1) + "\n")
    print(f"\nresults written to {text_path.relative_to(REPO_ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

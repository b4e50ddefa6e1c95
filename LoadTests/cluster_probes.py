"""The cluster benchmark's probes that need no bot generator: lobby events across nodes and a
SIGKILLed node (steps 2 and 3 of cluster_bench.py), with their tables.
"""
from __future__ import annotations

import argparse
import os
import selectors
import statistics
import threading
import time
from dataclasses import dataclass, field

from cluster_nodes import Cluster, Node
from echo_bench import core_busy_seconds
from roost_ws import WsClient, owner_of


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "-"


# ---------------------------------------------------------------- 2: lobby events across nodes


@dataclass
class LobbyResult:
    rate: float
    seconds: float
    creator_node: str = ""
    created: int = 0
    # subscriber node -> list of (latency ms, owner node)
    latencies: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    foreign_pct: dict = field(default_factory=dict)


class CpuWindow:
    """Other processes' share of each core over a window: its busy time less ours."""

    def __init__(self, cluster: Cluster, args: argparse.Namespace) -> None:
        self.cluster, self.args = cluster, args
        self.cores = sorted(set(args.node_cores) | {args.gen_core})
        self.busy0 = {c: core_busy_seconds(c) for c in self.cores}
        self.nodes0 = sum(n.cpu_seconds() for n in cluster.nodes)
        self.driver0 = sum(os.times()[:2])
        self.t0 = time.monotonic()

    def foreign_pct(self) -> dict:
        wall = time.monotonic() - self.t0
        nodes = 100 * (sum(n.cpu_seconds() for n in self.cluster.nodes) - self.nodes0) / wall
        driver = 100 * (sum(os.times()[:2]) - self.driver0) / wall
        shares = {}
        for c in self.cores:
            busy = 100 * (core_busy_seconds(c) - self.busy0[c]) / wall
            mine = (nodes if c in self.args.node_cores else 0) + (driver if c == self.args.gen_core else 0)
            shares[c] = max(0.0, busy - mine)
        return shares


def open_lobby_clients(cluster: Cluster) -> tuple[WsClient, list[WsClient]]:
    """A logged-in creator on the first node; a lobby subscriber (not logged in) on every node."""
    first = cluster.nodes[0]
    creator = WsClient(first.port, f"creator@{first.name}")
    creator.login("Creator")
    subscribers = []
    for node in cluster.nodes:
        sub = WsClient(node.port, f"subscriber@{node.name}")
        sub.request({"t": "hello", "v": 1, "client": {"name": "roost-cluster-bench", "version": "1"}})
        sub.node = node.name
        sub.request({"t": "lobby.subscribe", "kind": "connect4"})
        subscribers.append(sub)
    return creator, subscribers


def run_lobby(cluster: Cluster, args: argparse.Namespace) -> LobbyResult:
    """Creates a game every 1/rate s for `lobby_seconds` (leaving each at once, so the lobby stays small
    and placement keeps choosing the creator's node), then drains for 1 s; every subscriber's
    `lobby.event` "created" is timed against the send time of its `game.create`."""
    result = LobbyResult(args.lobby_rate, args.lobby_seconds)
    creator, subscribers = open_lobby_clients(cluster)
    result.creator_node = creator.node
    sent: dict[int, int] = {}         # cid -> send ns
    game_sent: dict[str, int] = {}    # game id -> send ns of its create
    arrivals: dict[str, dict[str, int]] = {s.node: {} for s in subscribers}
    cpu = CpuWindow(cluster, args)
    end = time.monotonic() + args.lobby_seconds
    next_create, drain_until, cid = time.monotonic(), end + 1.0, 100
    sel = selectors.DefaultSelector()
    for c in [creator, *subscribers]:
        sel.register(c.sock, selectors.EVENT_READ, c)
    while (now := time.monotonic()) < drain_until:
        if now < end and now >= next_create:
            cid += 1
            sent[cid] = creator.send({"t": "game.create", "cid": cid, "kind": "connect4"})
            result.created += 1
            next_create += 1.0 / args.lobby_rate
        for key, _ in sel.select(max(0.0, min(next_create, drain_until) - now) if now < end else 0.05):
            key.data.read_ready()
        for _, message in creator.inbox:
            if message.get("t") == "game.joined" and message.get("cid") in sent:
                game_sent[message["game"]] = sent[message["cid"]]
                creator.send({"t": "game.leave", "game": message["game"]})
            elif message.get("t") == "error":
                result.errors.append(f"creator: {message.get('code')} ({message.get('message')})")
        creator.inbox.clear()
        for sub in subscribers:
            for at, message in sub.inbox:
                if message.get("t") == "lobby.event" and message.get("event") == "created":
                    arrivals[sub.node].setdefault(message.get("id"), at)
                elif message.get("t") == "error":
                    result.errors.append(f"subscriber {sub.node}: {message.get('code')}")
            sub.inbox.clear()
        for c in [creator, *subscribers]:
            if c.closed and c.sock in sel.get_map():
                result.errors.append(f"{c.label}: connection ended ({c.closed})")
                sel.unregister(c.sock)
    result.foreign_pct = cpu.foreign_pct()
    sel.close()
    for c in [creator, *subscribers]:
        c.close()
    summarize_lobby(result, game_sent, arrivals)
    return result


def summarize_lobby(result: LobbyResult, game_sent: dict[str, int], arrivals: dict[str, dict[str, int]]) -> None:
    for game in game_sent:
        result.owners[owner_of(game)] = result.owners.get(owner_of(game), 0) + 1
    for node, got in arrivals.items():
        result.latencies[node] = [((got[g] - at) / 1e6, owner_of(g)) for g, at in game_sent.items() if g in got]
        result.missing[node] = sum(1 for g in game_sent if g not in got)
    if len(game_sent) < result.created:
        result.errors.append(f"{result.created - len(game_sent)} of {result.created} game.create got no game.joined "
                             f"(and no error) within 1 s of the last create")


# ---------------------------------------------------------------- 3: a killed node


@dataclass
class KillRound:
    victim: str
    game: str = ""
    detect_ms: dict = field(default_factory=dict)      # survivor -> ms until /api/cluster stopped listing the victim
    finished_ms: dict = field(default_factory=dict)    # "player@n1" -> ms until game.finished (aborted)
    outcomes: dict = field(default_factory=dict)
    rejoin_ms: float = 0.0
    error: str = ""


def poll_until_gone(node: Node, victim: str, t0: int, out: dict, stop: threading.Event, period: float) -> None:
    """Polls node's /api/cluster every `period` s until `victim` is not listed; records ms since t0."""
    while not stop.is_set():
        started = time.monotonic()
        try:
            members = node.api_cluster(timeout=1.0)["members"]
            if victim not in members:
                out[node.name] = (time.monotonic_ns() - t0) / 1e6
                return
        except (OSError, ValueError, KeyError):
            pass
        stop.wait(max(0.0, period - (time.monotonic() - started)))


def game_on_victim(victim: Node, survivors: list[Node], round_no: int, clients: list[WsClient]) -> tuple[str, list]:
    """A running Connect Four game owned by `victim`: created there (placement prefers the creator's node
    on a tie, and every node is empty), its second player on the first survivor, a spectator on the
    second. Returns the game id and the survivors' clients."""
    creator = WsClient(victim.port, f"creator@{victim.name}")
    clients.append(creator)
    creator.login(f"K{round_no}a")
    game = ""
    for _ in range(5):
        game = creator.request({"t": "game.create", "kind": "connect4"})["game"]
        if owner_of(game) == victim.name:
            break
        creator.request({"t": "game.leave", "game": game})
        time.sleep(1.1)   # nodes republish their load at most once a second
    if owner_of(game) != victim.name:
        raise RuntimeError(f"5 games created on {victim.name} were all placed elsewhere (last {game})")
    player = WsClient(survivors[0].port, f"player@{survivors[0].name}")
    clients.append(player)
    player.login(f"K{round_no}b")
    player.request({"t": "game.join", "game": game})
    player.wait_for(lambda m: m.get("t") == "game.started" and m.get("game") == game)
    watchers = [player]
    if len(survivors) > 1:
        spectator = WsClient(survivors[1].port, f"spectator@{survivors[1].name}")
        clients.append(spectator)
        spectator.login(f"K{round_no}c")
        spectator.request({"t": "game.join", "game": game, "as": "spectator"})
        watchers.append(spectator)
    return game, watchers


def kill_and_watch(result: KillRound, victim: Node, survivors: list[Node], watchers: list[WsClient],
                   args: argparse.Namespace) -> None:
    """SIGKILL, then one poller thread per survivor on /api/cluster while this thread waits for
    `game.finished` at each watcher; times are ms after the kill."""
    stop = threading.Event()
    t0 = time.monotonic_ns()
    victim.kill()
    pollers = [threading.Thread(target=poll_until_gone, daemon=True,
                                args=(s, victim.name, t0, result.detect_ms, stop, args.poll_ms / 1000))
               for s in survivors]
    for p in pollers:
        p.start()
    for w in watchers:
        try:
            at, message = w.wait_for(lambda m: m.get("t") == "game.finished" and m.get("game") == result.game,
                                     timeout=args.kill_timeout)
            result.finished_ms[w.label] = (at - t0) / 1e6
            result.outcomes[w.label] = message.get("outcome", {}).get("result", "?")
        except (TimeoutError, OSError) as e:
            result.error += f"{w.label}: no game.finished ({e}); "
    deadline = time.monotonic() + args.kill_timeout
    for p in pollers:
        p.join(max(0.0, deadline - time.monotonic()))
    stop.set()
    for s in survivors:
        if s.name not in result.detect_ms:
            result.error += f"{s.name} still listed {victim.name} after {args.kill_timeout:g} s; "


def kill_round(cluster: Cluster, victim: Node, args: argparse.Namespace, round_no: int) -> KillRound:
    """One round: a game on `victim`, SIGKILL, the survivors' reactions, then the victim restarted."""
    result = KillRound(victim.name)
    survivors = [n for n in cluster.nodes if n is not victim]
    clients: list[WsClient] = []
    try:
        result.game, watchers = game_on_victim(victim, survivors, round_no, clients)
        time.sleep(0.5)
        kill_and_watch(result, victim, survivors, watchers, args)
    except (OSError, RuntimeError, TimeoutError, KeyError) as e:
        result.error += str(e)
    finally:
        for c in clients:
            c.close()
    if victim.alive():
        victim.kill()
    # Back under the same name, ports and data: a restart (a new generation in SWIM terms).
    t1 = time.monotonic()
    victim.start(cluster.seeds_for(victim))
    try:
        victim.wait_listening()
        cluster.wait_formed(timeout=30)
        result.rejoin_ms = (time.monotonic() - t1) * 1000
    except RuntimeError as e:
        result.error += f"restart: {e}"
    return result


# ---------------------------------------------------------------- tables


def lobby_tables(result: LobbyResult) -> tuple[list[str], list[str]]:
    plain = [f"{'subscriber on':<24} {'owner':<16} {'events':>7} {'missing':>7} {'p50 ms':>8} {'p99 ms':>8} "
             f"{'max ms':>8}   p50 / local p50"]
    md = ["| subscriber on | games owned by | events | missing | p50 ms | p99 ms | max ms | p50 / control p50 |",
          "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    control = [v for v, _ in result.latencies.get(result.creator_node, [])]
    control_p50 = quantile(control, 0.5)
    for node, samples in result.latencies.items():
        where = f"{node} ({'creator node, control' if node == result.creator_node else 'other node'})"
        groups = [("all", [v for v, _ in samples])]
        for owner in sorted({o for _, o in samples}):
            if len({o for _, o in samples}) > 1:
                groups.append((f"{owner}{' (this node)' if owner == node else ''}", [v for v, o in samples if o == owner]))
        for index, (owner, values) in enumerate(groups):
            p50 = quantile(values, 0.5)
            missing = result.missing.get(node, 0) if index == 0 else ""
            r = ratio(p50, control_p50) if index == 0 else ""
            plain.append(f"{where if index == 0 else '':<24} {owner:<16} {len(values):>7} {missing!s:>7} "
                         f"{p50:>8.2f} {quantile(values, 0.99):>8.2f} {max(values or [0]):>8.2f}   {r}")
            md.append(f"| {where if index == 0 else ''} | {owner} | {len(values)} | {missing} | {p50:.2f} | "
                      f"{quantile(values, 0.99):.2f} | {max(values or [0]):.2f} | {r} |")
    return plain, md


def kill_tables(rounds: list[KillRound]) -> tuple[list[str], list[str]]:
    series: dict[str, list[float]] = {}
    for r in rounds:
        if r.detect_ms:
            series.setdefault("first survivor stops listing it (/api/cluster)", []).append(min(r.detect_ms.values()))
            series.setdefault("every survivor stops listing it", []).append(max(r.detect_ms.values()))
        for label, ms in r.finished_ms.items():
            key = "player gets game.finished (aborted)" if label.startswith("player") else \
                "spectator gets game.finished (aborted)"
            series.setdefault(key, []).append(ms)
        if r.rejoin_ms:
            series.setdefault("restarted node listed by all again", []).append(r.rejoin_ms)
    plain = [f"{'after SIGKILL':<42} {'rounds':>6} {'min ms':>8} {'median ms':>10} {'max ms':>8}"]
    md = ["| after SIGKILL of a node | rounds | min ms | median ms | max ms |", "| --- | ---: | ---: | ---: | ---: |"]
    for key, values in series.items():
        plain.append(f"{key:<42} {len(values):>6} {min(values):>8.0f} {statistics.median(values):>10.0f} "
                     f"{max(values):>8.0f}")
        md.append(f"| {key} | {len(values)} | {min(values):.0f} | {statistics.median(values):.0f} | {max(values):.0f} |")
    detail = []
    for i, r in enumerate(rounds, 1):
        detect = ", ".join(f"{k} {v:.0f}" for k, v in sorted(r.detect_ms.items()))
        fin = ", ".join(f"{k} {v:.0f} ({r.outcomes.get(k, '?')})" for k, v in r.finished_ms.items())
        detail.append(f"round {i}: killed {r.victim} (game {r.game or '-'}); gone from /api/cluster after ms: "
                      f"{detect or '-'}; game.finished after ms: {fin or '-'}; rejoin {r.rejoin_ms:.0f} ms"
                      f"{'; PROBLEM: ' + r.error if r.error else ''}")
    return plain + detail, md

#!/usr/bin/env python3
"""Network partition and CPU saturation tests of a real 3-node Roost cluster.

Usage (as root: it creates network namespaces):
    Tests/Cluster/partition-test.py [--only partition|cpu|singleton] [--hog-seconds S] [--keep] [-v]

Partition (each node in its own network namespace, a real network between them):
    roost-pt-<pid>-sw  a "switch" namespace holding bridge br0
    roost-pt-<pid>-a   node a on 10.213.0.1/24 (eth0, a veth whose other end is port pa of br0)
    roost-pt-<pid>-b   node b on 10.213.0.2/24            "                         pb
    roost-pt-<pid>-c   node c on 10.213.0.3/24            "                         pc
  Every node runs `roost serve` bound to its namespace's address (HTTP :8080, cluster link :7946),
  seeded with the other two. Players are WebSocket clients run by an agent process inside a
  node's namespace (so a player "on c" stays connected to c while c is cut off); /api/cluster and
  /api/presence are read the same way. The root namespace is never touched.
  1. form      the three see each other (/api/cluster)
  2. routing   Cy on c plays a game owned by a (moves forwarded over the real network); a game
               owned by the majority (players on a and b) and one owned by c (players on c and a)
               start; Pia on c and Pat on a are online
  3. cut       port pc goes down on the switch (`ip link set pc down`): c's cluster packets are
               dropped both ways with nothing to tell anyone. a and b must see c dead, c must see
               a and b dead (times printed); each side's players get game.finished aborted for the
               games owned by the other side; a move or join for c's game from a or b is refused;
               the majority's game goes on; Pia and Pat disconnect and leave presence on their side
  4. heal      pc goes up: every node lists exactly the other two (time printed), c (at least)
               re-joined as a new generation, the views stay complete and free of ghosts, the
               majority's game plays to its end for both players, c's game is not playable from
               a or b, presence on every node is exactly the connected players, the lobbies of all
               three agree, a new cross-node game plays through, and every node stops cleanly
CPU saturation (all three nodes in one namespace on 127.0.0.1; same CPUs as everything else):
  With the cluster formed and idle, 2 x CPUs busy loops (plain python processes, normal priority)
  spin for --hog-seconds (20); /api/cluster is sampled all along. Fails if any node logs
  "declared dead" or a view is ever incomplete; suspicions (refuted in time) are reported.

Singleton (nodes p, q, r in namespaces on a switch, as above, 10.213.1.0/24), a 2-1 partition across a slot:
  The leaderboard job's clock runs at 43,200 (a night in 2 s) with 3 s leases and each run held
  500 ms (the hidden testing flags), so a slot is under way when the cut comes.
  1. runs      two slots commit on every node
  2. cut       the node that just logged `run started` for the next slot is cut off (its switch
               port down) in the middle of that run. The minority must commit nothing and start no
               run; the majority takes the slot over under a newer token and commits every night
               after it, with no skip
  3. heal      every node lists the same commits, one per night, the cut-off run never committed
               and no node logged a slot committed twice
Environment:
    ROOST_BUILD   debug (default) or release: the build under .build/ to use
    ROOST_BIN     a roost binary to use instead
    PARTITION_TEST_TIMEOUT  seconds for the whole run (default 150)

Players use a minimal WebSocket client from the standard library (below): no venv, no pip,
and it runs unchanged inside any namespace. Exit status: 0 when every check passed, 1 when
one failed (the nodes' logs are printed), 2 on a setup error. Namespaces, veths and processes
are removed on every exit path (and stale ones of a killed earlier run at the next start).
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# ----------------------------------------------------------------------------------------------
# Agent side: runs inside a namespace (`partition-test.py --agent`), one JSON command per line on
# stdin, one JSON answer per line on stdout.
# ----------------------------------------------------------------------------------------------

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocketClient:
    """A blocking RFC 6455 client: enough for JSON text messages, pings and closes."""

    def __init__(self, host, port, path, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""
        self.closed = None  # the close code once the connection ended
        self.fragments = None
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   f"Sec-WebSocket-Protocol: roost.v1\r\n\r\n")
        self.sock.sendall(request.encode())
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            self._fill(deadline)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            raise OSError(f"handshake refused: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != accept or headers.get("sec-websocket-protocol") != "roost.v1":
            raise OSError(f"bad handshake answer: {headers}")

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            raise TimeoutError("timed out") from None
        if not data:
            self.closed = self.closed or 1006
            raise ConnectionError("connection closed by the server")
        self.buffer += data

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_json(self, message):
        self._send_frame(0x1, json.dumps(message, separators=(",", ":")).encode())

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()

    def abort(self):
        """Drops the TCP connection without a close frame (a network loss, as the server sees it)."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def receive(self, deadline):
        """The next JSON message, waiting until `deadline` (TimeoutError after it)."""
        while True:
            frame = self._parse_frame()
            if frame is None:
                self._fill(deadline)
                continue
            fin, opcode, payload = frame
            if opcode == 0x9:
                self._send_frame(0xA, payload)
            elif opcode == 0x8:
                self.closed = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                raise ConnectionError(f"closed by the server with {self.closed}")
            elif opcode in (0x1, 0x0):
                self.fragments = (self.fragments or b"") + payload if opcode == 0x0 else payload
                if fin:
                    text, self.fragments = self.fragments, None
                    return json.loads(text.decode("utf-8"))

    def _parse_frame(self):
        data = self.buffer
        if len(data) < 2:
            return None
        fin, opcode, length = data[0] & 0x80, data[0] & 0x0F, data[1] & 0x7F
        offset = 2
        if length == 126:
            if len(data) < 4:
                return None
            length, offset = struct.unpack("!H", data[2:4])[0], 4
        elif length == 127:
            if len(data) < 10:
                return None
            length, offset = struct.unpack("!Q", data[2:10])[0], 10
        if len(data) < offset + length:
            return None
        self.buffer = data[offset + length:]
        return bool(fin), opcode, data[offset:offset + length]


def matches(message, pattern):
    """Whether `message` has every key of `pattern` ("u.k" looks into member u) with its value (or
    one of the values of a list)."""
    for key, wanted in pattern.items():
        value = message
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(wanted, list):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def agent_main():
    connections = {}  # name -> WebSocketClient
    inboxes = {}  # name -> [message]

    def http_get(url, timeout):
        match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
        connection = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=timeout)
        try:
            connection.request("GET", match.group(3))
            response = connection.getresponse()
            return {"status": response.status, "body": response.read().decode()}
        finally:
            connection.close()

    def wait(name, pattern, timeout):
        deadline = time.monotonic() + timeout
        inbox = inboxes[name]
        while True:
            for index, message in enumerate(inbox):
                if matches(message, pattern):
                    return inbox.pop(index)
            try:
                inbox.append(connections[name].receive(deadline))
            except TimeoutError:
                recent = [m.get("t") for m in inbox[-12:]]
                raise TimeoutError(f"no message like {pattern} within {timeout}s; unread: {recent}") from None

    def handle(command):
        op = command["op"]
        if op == "http":
            return http_get(command["url"], command.get("timeout", 3))
        if op == "open":
            match = re.match(r"ws://([^:/]+):(\d+)(/.*)", command["url"])
            connections[command["conn"]] = WebSocketClient(match.group(1), int(match.group(2)), match.group(3),
                                                           command.get("timeout", 5))
            inboxes[command["conn"]] = []
            return None
        if op == "send":
            connections[command["conn"]].send_json(command["message"])
            return None
        if op == "wait":
            return wait(command["conn"], command["match"], command.get("timeout", 5))
        if op == "drain":  # every message read within `timeout`, the inbox first
            conn = command["conn"]
            deadline = time.monotonic() + command.get("timeout", 0.2)
            try:
                while True:
                    inboxes[conn].append(connections[conn].receive(deadline))
            except (TimeoutError, ConnectionError):
                pass
            messages, inboxes[conn] = inboxes[conn], []
            return messages
        if op == "close":
            connections.pop(command["conn"]).close()
            return None
        if op == "abort":
            connections.pop(command["conn"]).abort()
            return None
        raise ValueError(f"unknown op {op}")

    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = {"ok": True, "result": handle(command)}
        except Exception as error:  # reported to the orchestrator, which decides
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


# ----------------------------------------------------------------------------------------------
# Orchestrator side.
# ----------------------------------------------------------------------------------------------

VERBOSE = False
T0 = time.monotonic()


def log(text):
    print(f"[{time.monotonic() - T0:6.1f}s] {text}", flush=True)


def debug(text):
    if VERBOSE:
        log(text)


class CheckFailed(Exception):
    pass


class SetupError(Exception):
    pass


def check(condition, text):
    if not condition:
        raise CheckFailed(text)


def run(*args, check_rc=True):
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    if check_rc and result.returncode != 0:
        raise SetupError(f"{' '.join(args)} failed ({result.returncode}): {result.stdout.strip()}")
    return result.stdout


def eventually(condition, timeout, interval=0.05):
    """Polls `condition` until it returns something truthy or `timeout` passes; returns the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class Resources:
    """Everything the run created, torn down in reverse on every exit path."""

    def __init__(self):
        self.namespaces = []
        self.processes = []

    def namespace(self, name):
        run("ip", "netns", "add", name)
        self.namespaces.append(name)
        run("ip", "-n", name, "link", "set", "lo", "up")
        return name

    def spawn(self, args, **kwargs):
        process = subprocess.Popen(args, **kwargs)
        self.processes.append(process)
        return process

    def cleanup(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.kill()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.processes = []
        for name in reversed(self.namespaces):
            kill_namespace_processes(name)
            subprocess.run(["ip", "netns", "del", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.namespaces = []


def kill_namespace_processes(name):
    pids = subprocess.run(["ip", "netns", "pids", name], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


def remove_stale_namespaces():
    """Namespaces left by a run of this test that was killed outright (its pid is gone)."""
    listing = subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE, text=True).stdout
    for line in listing.splitlines():
        match = re.match(r"(roost-pt-(\d+)-\w+)", line)
        if not match:
            continue
        pid = int(match.group(2))
        try:
            os.kill(pid, 0)
            continue  # a run that is still going
        except ProcessLookupError:
            pass
        log(f"removing stale namespace {match.group(1)}")
        kill_namespace_processes(match.group(1))
        subprocess.run(["ip", "netns", "del", match.group(1)])


class Agent:
    """A `--agent` process inside a namespace, driven by JSON lines."""

    def __init__(self, resources, namespace):
        self.namespace = namespace
        self.process = resources.spawn(
            ["ip", "netns", "exec", namespace, sys.executable, "-u", os.path.abspath(__file__), "--agent"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.pending = b""

    def call(self, timeout=5, **command):
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout + 5
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None:
                raise SetupError(f"agent in {self.namespace} did not answer {command['op']}")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise SetupError(f"agent in {self.namespace} exited")
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        answer = json.loads(line)
        if not answer["ok"]:
            raise AgentError(answer["error"])
        return answer["result"]

    def get_json(self, url, timeout=3):
        """The JSON body at `url`, or None when it cannot be read."""
        try:
            answer = self.call(op="http", url=url, timeout=timeout)
        except AgentError:
            return None
        if answer["status"] != 200:
            return None
        return json.loads(answer["body"])


class AgentError(Exception):
    pass


class Node:
    def __init__(self, name, host, http_port, cluster_port, agent):
        self.name, self.host, self.http_port, self.cluster_port, self.agent = name, host, http_port, cluster_port, agent
        self.process = None
        self.log_path = None

    @property
    def url(self):
        return f"ws://{self.host}:{self.http_port}/ws"

    @property
    def cluster_address(self):
        return f"{self.host}:{self.cluster_port}"

    def members(self):
        """The live members this node lists, or None when it does not answer."""
        view = self.agent.get_json(f"http://{self.host}:{self.http_port}/api/cluster")
        return None if view is None else view["members"]

    def presence(self):
        view = self.agent.get_json(f"http://{self.host}:{self.http_port}/api/presence")
        return None if view is None else {p["id"]: p["node"] for p in view["players"]}

    def result(self, game):
        """The result stored here for `game` (/api/results/GAME), or None."""
        return self.agent.get_json(f"http://{self.host}:{self.http_port}/api/results/{game}")

    def output(self):
        try:
            with open(self.log_path, errors="replace") as file:
                return file.read()
        except OSError:
            return ""


def copy_with_timestamps(stream, path):
    """Writes each line of `stream` to `path` with the test's clock in front (the node logs none)."""
    with open(path, "w") as file:
        for line in iter(stream.readline, b""):
            file.write(f"[{time.monotonic() - T0:6.2f}s] {line.decode(errors='replace')}")
            file.flush()


def start_node(resources, node, binary, namespace, seeds, secret_file, work, extra=()):
    node.log_path = os.path.join(work, f"{node.name}.log")
    args = [binary, "serve", "--node-name", node.name, "--host", node.host, "--port", str(node.http_port),
            "--cluster-port", str(node.cluster_port), "--seeds", ",".join(seeds),
            "--cluster-secret-file", secret_file, "--data-dir", os.path.join(work, node.name),
            "--threads", "1", "--relaxed-durability", "--resume-grace", "3", *extra]
    node.process = resources.spawn(["ip", "netns", "exec", namespace, *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    threading.Thread(target=copy_with_timestamps, args=(node.process.stdout, node.log_path), daemon=True).start()
    started = eventually(lambda: "roost serve: listening on" in node.output() or node.process.poll() is not None, 30)
    if not started or node.process.poll() is not None:
        raise SetupError(f"node {node.name} did not start:\n{node.output()}")


def stop_nodes(nodes):
    """SIGTERM (a clean leave); every node must exit 0 within 15 s."""
    for node in nodes:
        if node.process and node.process.poll() is None:
            node.process.send_signal(signal.SIGTERM)
    for node in nodes:
        if node.process is None:
            continue
        try:
            code = node.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"node {node.name} did not exit within 15 s of SIGTERM")
        check(code == 0, f"node {node.name} exited with status {code}")


def views_complete(nodes):
    for node in nodes:
        members = node.members()
        if members is None or sorted(members) != sorted(n.name for n in nodes if n is not node):
            return False
    return True


def dump_metrics(nodes):
    """The cluster lines of each node's /metrics, for a failure report."""
    for node in nodes:
        try:
            answer = node.agent.call(op="http", url=f"http://{node.host}:{node.http_port}/metrics")
        except AgentError as error:
            log(f"metrics of {node.name}: {error}")
            continue
        lines = [line for line in answer["body"].splitlines()
                 if re.match(r"roost_(cluster|unroutable|membership)", line) and not line.endswith(" 0")]
        log(f"metrics of {node.name}: " + "; ".join(lines))


def membership_events(node):
    """The nonzero roost_cluster_membership_events_total of the node's /metrics by kind, "joined" aside."""
    answer = node.agent.call(op="http", url=f"http://{node.host}:{node.http_port}/metrics")
    events = {}
    for match in re.finditer(r'^roost_cluster_membership_events_total\{kind="(\w+)"\} (\d+)$', answer["body"], re.M):
        if match.group(1) != "joined" and match.group(2) != "0":
            events[match.group(1)] = int(match.group(2))
    return events


def scan_crashes(nodes):
    for node in nodes:
        for marker in ("Fatal error", "Precondition failed", "Assertion failed", "Segmentation fault"):
            check(marker not in node.output(), f"node {node.name} crashed: {marker}")


class Player:
    """A logged-in player on a node, through the agent of that node's namespace."""

    counter = 0

    def __init__(self, name, node, login=True):
        Player.counter += 1
        self.name, self.node, self.agent = name, node, node.agent
        self.conn = f"{name}-{Player.counter}"
        self.cid = 0
        self.agent.call(op="open", conn=self.conn, url=node.url)
        welcome = self.request({"t": "hello", "v": 1, "client": {"name": "partition-test", "version": "1"},
                                "caps": ["resume"]})
        check(welcome["t"] == "welcome", f"{name}: no welcome: {welcome}")
        self.id = None
        if login:  # without a player, a session may only browse the lobby (and is not in presence)
            answer = self.request({"t": "login", "name": name})
            check(answer["t"] == "login.ok", f"{name}: no login.ok: {answer}")
            self.id = answer["player"]["id"]

    def request(self, message, timeout=5):
        self.cid += 1
        self.agent.call(op="send", conn=self.conn, message={**message, "cid": self.cid})
        return self.agent.call(op="wait", conn=self.conn, match={"cid": self.cid}, timeout=timeout)

    def wait(self, timeout=5, **pattern):
        try:
            return self.agent.call(op="wait", conn=self.conn, match=pattern, timeout=timeout)
        except AgentError as error:
            raise CheckFailed(f"{self.name} on {self.node.name}: {error}") from None

    def drain(self, timeout=0.2):
        return self.agent.call(op="drain", conn=self.conn, timeout=timeout)

    def move(self, game, column):
        return self.request({"t": "game.move", "game": game, "move": column})

    def disconnect(self):
        self.agent.call(op="abort", conn=self.conn)


def owner(game):
    return game.split("-")[1]


def create_game(player, owners, label):
    """A Connect Four game `player` creates, placed on one of `owners` (placement follows load, so
    a game placed elsewhere is left and another one created)."""
    for _ in range(6):
        joined = player.request({"t": "game.create", "kind": "connect4"})
        check(joined["t"] == "game.joined", f"{label}: game.create answered {joined}")
        game = joined["game"]
        if owner(game) in owners:
            return game
        debug(f"{label}: {game} placed on {owner(game)}, not {owners}; trying again")
        check(player.request({"t": "game.leave", "game": game})["t"] == "ok", f"{label}: leaving {game} failed")
        time.sleep(0.5)
    raise CheckFailed(f"{label}: no game placed on {owners} in 6 tries")


def join_and_start(game, creator, joiner, label):
    joined = joiner.request({"t": "game.join", "game": game})
    check(joined["t"] == "game.joined", f"{label}: {joiner.name} on {joiner.node.name} could not join {game}: {joined}")
    creator.wait(t="game.started", game=game)
    joiner.wait(t="game.started", game=game)


def play(game, seats, columns, label):
    """Plays `columns` in turn (seat 0 first in `seats`); every move must be accepted, and every
    player must see each placement."""
    for column in columns:
        mover = seats[len(play.moves.setdefault(game, []))  % 2]
        reply = mover.move(game, column)
        check(reply["t"] == "ok", f"{label}: move {column} by {mover.name} on {mover.node.name} refused: {reply}")
        play.moves[game].append(column)
        for player in seats:
            update = player.wait(t="game.update", game=game, **{"u.k": "placed"})
            check(update["u"].get("column") == column,
                  f"{label}: {player.name} saw {update['u']} after column {column}")


play.moves = {}


def expect_finished(player, game, verdict, label, timeout=10):
    finished = player.wait(t="game.finished", game=game, timeout=timeout)
    outcome = finished["outcome"]
    check(outcome.get("result") == verdict,
          f"{label}: {player.name} on {player.node.name} got outcome {outcome} for {game}, expected {verdict}")
    if verdict == "aborted":
        check(finished.get("result") is None, f"{label}: an aborted game has a stored result: {finished}")
    else:
        check(isinstance(finished.get("result"), str), f"{label}: no stored result for {game}: {finished}")
    return finished


def lobby_games(player):
    snapshot = player.request({"t": "lobby.subscribe"})
    check(snapshot["t"] == "lobby.snapshot", f"lobby.subscribe answered {snapshot}")
    player.request({"t": "lobby.unsubscribe"})
    return {game["id"]: game["state"] for game in snapshot["games"]}


def log_lines(node, pattern):
    return [line for line in node.output().splitlines() if re.search(pattern, line)]


# ----------------------------------------------------------------------------------------------
# The partition test.
# ----------------------------------------------------------------------------------------------

def partition_test(resources, binary, work, figures, split_seconds):
    prefix = f"roost-pt-{os.getpid()}"
    switch = resources.namespace(f"{prefix}-sw")
    run("ip", "-n", switch, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0")
    run("ip", "-n", switch, "link", "set", "br0", "up")
    nodes = {}
    for index, name in enumerate("abc", start=1):
        namespace = resources.namespace(f"{prefix}-{name}")
        # Both ends are made inside their namespaces: the root namespace never holds them.
        run("ip", "link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", f"p{name}", "netns", switch)
        run("ip", "-n", namespace, "addr", "add", f"10.213.0.{index}/24", "dev", "eth0")
        run("ip", "-n", namespace, "link", "set", "eth0", "up")
        run("ip", "-n", switch, "link", "set", f"p{name}", "master", "br0")
        run("ip", "-n", switch, "link", "set", f"p{name}", "up")
        nodes[name] = Node(name, f"10.213.0.{index}", 8080, 7946, Agent(resources, namespace))
    a, b, c = nodes["a"], nodes["b"], nodes["c"]
    everyone = [a, b, c]
    secret = os.path.join(work, "cluster.secret")
    with open(secret, "w") as file:
        file.write(os.urandom(32).hex())
    os.chmod(secret, 0o600)

    started = time.monotonic()
    for node in everyone:
        seeds = [other.cluster_address for other in everyone if other is not node]
        start_node(resources, node, binary, f"{prefix}-{node.name}", seeds, secret, work)
    formed = eventually(lambda: views_complete(everyone), 30, interval=0.1)
    check(formed, "the cluster did not form within 30 s: " + str({n.name: n.members() for n in everyone}))
    figures["formed"] = time.monotonic() - started
    log(f"form: a, b and c see each other {figures['formed']:.2f} s after the first start")

    # Routing over the real network: Cy on c plays in Ada's game on a.
    ada, cy = Player("Ada", a), Player("Cy", c)
    g1 = create_game(ada, ["a"], "routing")
    join_and_start(g1, ada, cy, "routing")
    began = time.monotonic()
    play(g1, [ada, cy], [3, 3, 4, 4], "routing")
    figures["cross_node_move_ms"] = (time.monotonic() - began) / 4 * 1000
    log(f"routing: Cy on c played {g1} owned by a (4 moves, {figures['cross_node_move_ms']:.0f} ms per move "
        f"with both players' updates)")

    # The majority's game (players on a and b) and c's game (players on c and a).
    ann, ben = Player("Ann", a), Player("Ben", b)
    g2 = create_game(ann, ["a", "b"], "majority game")
    join_and_start(g2, ann, ben, "majority game")
    play(g2, [ann, ben], [0, 1], "majority game")
    cal, abe = Player("Cal", c), Player("Abe", a)
    g3 = create_game(cal, ["c"], "c's game")
    join_and_start(g3, cal, abe, "c's game")
    play(g3, [cal, abe], [6, 5], "c's game")
    pia, pat, bea = Player("Pia", c), Player("Pat", a), Player("Bea", b)
    everybody = {p.id: p.node.name for p in [ada, cy, ann, ben, cal, abe, pia, pat, bea]}
    for node in everyone:
        seen = eventually(lambda: node.presence() == everybody, 10)
        check(seen, f"presence on {node.name} before the cut: {node.presence()}, expected {everybody}")
    log(f"games: {g1} (a; Ada on a, Cy on c), {g2} ({owner(g2)}; Ann on a, Ben on b), "
        f"{g3} (c; Cal on c, Abe on a); 9 players online on every node")

    # The cut.
    cut_at = time.monotonic()
    run("ip", "-n", switch, "link", "set", "pc", "down")
    log("cut: port pc of the switch is down")
    detected = {}
    expected_split = {"a": ["b"], "b": ["a"], "c": []}

    def split_seen():
        for node in everyone:
            if node.name not in detected and node.members() == expected_split[node.name]:
                detected[node.name] = time.monotonic() - cut_at
        return len(detected) == 3

    check(eventually(split_seen, 15, interval=0.05),
          f"the split was not seen within 15 s: {({n.name: n.members() for n in everyone})}")
    figures["cut_detected"] = detected
    log("cut: c seen dead by a after %.2f s, by b after %.2f s; c saw a and b dead after %.2f s"
        % (detected["a"], detected["b"], detected["c"]))
    for node in (a, b):
        check(log_lines(node, r"c declared dead"), f"{node.name} did not log c declared dead")
    check(log_lines(c, r"a declared dead") and log_lines(c, r"b declared dead"), "c did not log a and b declared dead")

    # Each side aborts the other side's games for its own players.
    expect_finished(cy, g1, "aborted", "split: Cy (c) in a's game")
    expect_finished(abe, g3, "aborted", "split: Abe (a) in c's game")
    reply = abe.move(g3, 5)
    check(reply["t"] == "error", f"split: Abe's move in c's game from a was answered {reply}")
    split_codes = {"abe_move": reply["code"]}
    for player in (bea, ann):
        reply = player.request({"t": "game.join", "game": g3})
        check(reply["t"] == "error", f"split: {player.name} joined c's game from {player.node.name}: {reply}")
        split_codes[f"{player.name.lower()}_join"] = reply["code"]
    reply = cy.move(g1, 4)
    check(reply["t"] == "error", f"split: Cy's move in a's game from c was answered {reply}")
    split_codes["cy_move"] = reply["code"]
    log(f"split: a's game aborted for Cy on c, c's game aborted for Abe on a; refused: {split_codes}")
    # The majority's game goes on.
    play(g2, [ann, ben], [0, 1], "split: the majority game")
    log(f"split: {g2} goes on for Ann (a) and Ben (b)")
    # Each owner settles its game alone once the other side's seat is not taken back (resume grace 3 s).
    expect_finished(ada, g1, "win", "split: a's game on a after Cy's seat was given up")
    expect_finished(cal, g3, "win", "split: c's game on c after Abe's seat was given up")
    log("split: each owner ended its own game by forfeit of the unreachable seat")
    # Players who go away during the split leave presence on their own side.
    pia.disconnect()
    pat.disconnect()
    gone = eventually(lambda: pia.id not in (c.presence() or {pia.id: 1}) and pat.id not in (a.presence() or {pat.id: 1}), 10)
    check(gone, f"split: Pia/Pat still present: c {c.presence()}, a {a.presence()}")
    majority_expect = {p.id: p.node.name for p in [ada, ann, ben, abe, bea]}
    for node in (a, b):
        check(eventually(lambda: node.presence() == majority_expect, 5),
              f"split: presence on {node.name} is {node.presence()}, expected {majority_expect}")
    check(eventually(lambda: c.presence() == {cy.id: "c", cal.id: "c"}, 5),
          f"split: presence on c is {c.presence()}")
    if time.monotonic() - cut_at < split_seconds:
        time.sleep(split_seconds - (time.monotonic() - cut_at))
    split_lasted = time.monotonic() - cut_at

    # The heal.
    healed_at = time.monotonic()
    run("ip", "-n", switch, "link", "set", "pc", "up")
    log(f"heal: port pc is up again after a {split_lasted:.1f} s split")
    merged_at = {}

    def merged():
        for node in everyone:
            members = node.members()
            if members is not None and sorted(members) == sorted({"a", "b", "c"} - {node.name}):
                merged_at.setdefault(node.name, time.monotonic() - healed_at)
            else:
                merged_at.pop(node.name, None)
        return len(merged_at) == 3

    check(eventually(merged, 30, interval=0.05),
          "the cluster did not merge within 30 s of the heal: " + str({n.name: n.members() for n in everyone}))
    figures["heal_merged"] = time.monotonic() - healed_at
    figures["heal_merged_per_node"] = merged_at
    log(f"heal: every node lists the other two {figures['heal_merged']:.2f} s after the heal "
        f"(a {merged_at['a']:.2f} s, b {merged_at['b']:.2f} s, c {merged_at['c']:.2f} s)")
    restarted = {node.name: len(log_lines(node, r"re-joined as generation")) for node in everyone}
    check(restarted["c"] >= 1, "c did not re-join as a new generation")
    figures["rejoined"] = restarted
    # Ghosts: for 3 s every view stays exactly the other two, never a duplicate or a departed node.
    stable_until = time.monotonic() + 3
    while time.monotonic() < stable_until:
        for node in everyone:
            members = node.members()
            check(members is not None and len(members) == len(set(members)) == 2
                  and set(members) == {n.name for n in everyone} - {node.name},
                  f"heal: {node.name} lists {members}")
        time.sleep(0.1)
    log(f"heal: views stable and complete for 3 s; re-joins as a new generation: {restarted}")

    # From here on, each check runs even if one before it failed: a failure report says everything.
    failures = []

    def section(name, body):
        try:
            body()
        except (CheckFailed, AgentError) as error:
            failures.append(f"{name}: {error}")
            log(f"FAILED {name}: {error}")
            if len(failures) == 1:
                dump_metrics(everyone)

    def majority_kept_its_view():
        # a and b never lost each other: neither may hold the other's run over (declared dead, or
        # "restarted: its run ended", which the layers above treat the same: they drop its state).
        for node, other in ((a, "b"), (b, "a")):
            ended = log_lines(node, rf"{other} (declared dead|restarted: its run ended)")
            check(not ended, f"{node.name} ended {other}'s run although they never lost each other: {ended}")
        log("heal: a and b never ended each other's run")

    def majority_game_goes_on():
        stray = [m for m in ben.drain() + ann.drain() if m.get("game") == g2 and m["t"] == "game.finished"]
        check(not stray, f"the majority game {g2}, still running on {owner(g2)}, was reported finished: {stray}")
        play(g2, [ann, ben], [0, 1, 0], "the majority game")
        for player in (ann, ben):
            finished = expect_finished(player, g2, "win", "the majority game")
            check(finished["outcome"].get("winner") == 0, f"{g2} outcome {finished['outcome']}")
        log(f"heal: {g2} played to its end; Ann won, both players told with the stored result")

    def ended_games_stay_ended():
        # c's game (over on c) and a's game (over on a) stay out of reach of the other side.
        reply = abe.move(g3, 5)
        check(reply["t"] == "error", f"Abe's move in c's game was answered {reply}")
        reply = cy.move(g1, 4)
        check(reply["t"] == "error", f"Cy's move in a's game was answered {reply}")
        reply = bea.request({"t": "game.join", "game": g3})
        check(reply["t"] == "error" or reply.get("as") == "spectator", f"Bea's join of c's finished game: {reply}")
        log(f"heal: moves in the games each owner ended are refused ({g3} for Abe, {g1} for Cy)")

    def presence_is_exact():
        connected = {p.id: p.node.name for p in [ada, cy, ann, ben, cal, abe, bea]}
        for node in everyone:
            check(eventually(lambda: node.presence() == connected, 10),
                  f"presence on {node.name} is {node.presence()}, expected {connected}")
        log("heal: presence on every node is exactly the 7 connected players (Pia and Pat gone)")

    def lobbies_agree():
        # Watchers without a player: they stay out of presence.
        watchers = [Player(f"Watch{node.name}", node, login=False) for node in everyone]
        lobbies = {}

        def same():
            lobbies.update({w.node.name: lobby_games(w) for w in watchers})
            return len({json.dumps(lobby, sort_keys=True) for lobby in lobbies.values()}) == 1

        check(eventually(same, 10, interval=0.5), f"the lobbies differ: {lobbies}")
        log(f"heal: the three lobbies agree ({len(lobbies['a'])} games listed)")

    def one_result_per_game():
        # Each game ended once, by its owner: every node ends up with the same single result
        # (results are pushed on commit and pulled when a link comes up).
        expected = {g1: ("a", [0]), g2: (owner(g2), [0]), g3: ("c", [0])}
        seen = {}

        def replicated():
            seen.update({(node.name, game): node.result(game) for node in everyone for game in expected})
            return all(seen[(node.name, game)] is not None for node in everyone for game in expected)

        check(eventually(replicated, 15, interval=0.5), f"results missing after the heal: {seen}")
        for game, (origin, winners) in expected.items():
            results = [seen[(node.name, game)] for node in everyone]
            check(all(result == results[0] for result in results), f"nodes disagree on the result of {game}: {results}")
            check(results[0]["origin"].split("/")[0] == origin and results[0]["winners"] == winners,
                  f"result of {game}: {results[0]}, expected origin {origin}, winners {winners}")
        log(f"heal: every node holds the same single result of {g1}, {g2} and {g3}, each from its owner")

    def new_games_play_through():
        g4 = create_game(ada, ["a", "b"], "after the heal")
        join_and_start(g4, ada, cy, "after the heal")
        play(g4, [ada, cy], [2, 3, 2, 3, 2, 3, 2], "after the heal")
        g5 = create_game(cal, ["c"], "after the heal")
        join_and_start(g5, cal, ben, "after the heal")
        play(g5, [cal, ben], [5, 6, 5, 6, 5, 6, 5], "after the heal")
        for game, players in ((g4, (ada, cy)), (g5, (cal, ben))):
            for player in players:
                expect_finished(player, game, "win", "after the heal")
        log(f"heal: new games played to their end: {g4} (owner {owner(g4)}) with Cy on c, "
            f"{g5} (owner c) with Ben on b")

    section("heal: the majority's view", majority_kept_its_view)
    section("heal: the majority game", majority_game_goes_on)
    section("heal: ended games", ended_games_stay_ended)
    section("heal: presence", presence_is_exact)
    section("heal: lobbies", lobbies_agree)
    section("heal: results", one_result_per_game)
    section("heal: new games", new_games_play_through)
    section("stop", lambda: (scan_crashes(everyone), stop_nodes(everyone), scan_crashes(everyone),
                             log("stop: every node left cleanly (exit 0 on SIGTERM)")))
    if failures:
        raise CheckFailed(f"{len(failures)} check(s) failed after the heal:\n  " + "\n  ".join(failures))
    return everyone


# ----------------------------------------------------------------------------------------------
# The CPU saturation test.
# ----------------------------------------------------------------------------------------------

def cpu_test(resources, binary, work, figures, hog_seconds, hogs_per_cpu):
    namespace = resources.namespace(f"roost-pt-{os.getpid()}-l")
    agent = Agent(resources, namespace)
    nodes = [Node(name, "127.0.0.1", 8080 + index, 7946 + index, agent) for index, name in enumerate(["x", "y", "z"])]
    secret = os.path.join(work, "cpu-cluster.secret")
    with open(secret, "w") as file:
        file.write(os.urandom(32).hex())
    for node in nodes:
        seeds = [other.cluster_address for other in nodes if other is not node]
        start_node(resources, node, binary, namespace, seeds, secret, work)
    check(eventually(lambda: views_complete(nodes), 30, interval=0.1), "cpu: the cluster did not form")
    time.sleep(1)
    hogs = (os.cpu_count() or 1) * hogs_per_cpu
    log(f"cpu: cluster x, y, z formed; starting {hogs} busy loops for {hog_seconds} s")
    spinners = [resources.spawn([sys.executable, "-c", "while True: pass"]) for _ in range(hogs)]
    samples, incomplete, unanswered = 0, [], 0
    started = time.monotonic()
    try:
        while time.monotonic() - started < hog_seconds:
            for node in nodes:
                members = node.members()
                if members is None:
                    unanswered += 1
                elif sorted(members) != sorted(n.name for n in nodes if n is not node):
                    incomplete.append((round(time.monotonic() - started, 1), node.name, members))
            samples += 1
            time.sleep(0.25)
    finally:
        for spinner in spinners:
            spinner.kill()
        for spinner in spinners:
            spinner.wait()
    time.sleep(1)
    events = {n.name: membership_events(n) for n in nodes}
    dead = [(n.name, line) for n in nodes for line in log_lines(n, r"declared dead|re-joined as generation")]
    suspected = [(n.name, line) for n in nodes for line in log_lines(n, r"suspected|alive again")]
    figures["cpu"] = {"hogs": hogs, "seconds": hog_seconds, "samples": samples, "incomplete": incomplete,
                      "unanswered": unanswered, "dead": dead, "suspected": suspected, "events": events}
    log(f"cpu: {samples} samples of 3 views, {len(incomplete)} incomplete, {unanswered} unanswered; "
        f"{len(suspected)} suspicion lines, {len(dead)} death/re-join lines; membership events besides joins "
        f"(/metrics): {events}")
    for name, line in suspected + dead:
        log(f"cpu:   {name}: {line}")
    check(not dead, f"cpu: members were declared dead under CPU load: {dead}")
    check(all(e.get(kind, 0) == 0 for e in events.values() for kind in ("declared_dead", "restarted", "self_restart")),
          f"cpu: /metrics counts deaths or restarts under CPU load: {events}")
    check(not incomplete, f"cpu: a view was incomplete under CPU load: {incomplete}")
    check(views_complete(nodes), "cpu: the views are incomplete after the load")
    scan_crashes(nodes)
    stop_nodes(nodes)
    return nodes


# ----------------------------------------------------------------------------------------------

# ----------------------------------------------------------------------------------------------
# The singleton across a 2-1 partition.
# ----------------------------------------------------------------------------------------------

NIGHT = 86400


def switched_namespaces(resources, prefix, names, subnet):
    """A switch namespace and one namespace per node name on `subnet`.N/24, as in the partition test."""
    switch = resources.namespace(f"{prefix}-sw")
    run("ip", "-n", switch, "link", "add", "br0", "type", "bridge", "forward_delay", "0", "stp_state", "0")
    run("ip", "-n", switch, "link", "set", "br0", "up")
    hosts = {}
    for index, name in enumerate(names, start=1):
        namespace = resources.namespace(f"{prefix}-{name}")
        run("ip", "link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", f"p{name}", "netns", switch)
        run("ip", "-n", namespace, "addr", "add", f"{subnet}.{index}/24", "dev", "eth0")
        run("ip", "-n", namespace, "link", "set", "eth0", "up")
        run("ip", "-n", switch, "link", "set", f"p{name}", "master", "br0")
        run("ip", "-n", switch, "link", "set", f"p{name}", "up")
        hosts[name] = (namespace, f"{subnet}.{index}")
    return switch, hosts


def committed(node):
    """[(slot, token)] of the leaderboard job in the node's /api/jobs, or None when it does not answer."""
    view = node.agent.get_json(f"http://{node.host}:{node.http_port}/api/jobs")
    if view is None:
        return None
    job = next((job for job in view["jobs"] if job["name"] == "leaderboard"), None)
    return None if job is None else [(entry["slot"], entry["token"]) for entry in job["committed"]]


def run_starts(node):
    return [(int(m.group(1)), int(m.group(2))) for m in
            (re.search(r"leaderboard slot (\d+) run started \(token (\d+)\)", line)
             for line in log_lines(node, r"run started")) if m]


def commit_lines(node):
    counts = {}
    for line in log_lines(node, r"leaderboard slot \d+ committed"):
        slot = int(re.search(r"slot (\d+)", line).group(1))
        counts[slot] = counts.get(slot, 0) + 1
    return counts


def consecutive(entries):
    return all(later[0] - earlier[0] == NIGHT for earlier, later in zip(entries, entries[1:]))


def singleton_test(resources, binary, work, figures):
    prefix = f"roost-pt-{os.getpid()}"
    switch, hosts = switched_namespaces(resources, prefix, "pqr", "10.213.1")
    nodes = [Node(name, hosts[name][1], 8080, 7946, Agent(resources, hosts[name][0])) for name in "pqr"]
    secret = os.path.join(work, "singleton-cluster.secret")
    with open(secret, "w") as file:
        file.write(os.urandom(32).hex())
    os.chmod(secret, 0o600)
    # 2026-06-01 02:00 UTC, shared by every node (--clock-anchor-ms).
    flags = ["--expected-nodes", "3", "--clock-origin", "1780279200", "--clock-rate", "43200",
             "--clock-anchor-ms", str(int(time.time() * 1000)), "--singleton-lease-ms", "3000",
             "--job-run-delay-ms", "500"]
    for node in nodes:
        seeds = [other.cluster_address for other in nodes if other is not node]
        start_node(resources, node, binary, hosts[node.name][0], seeds, secret, work, extra=flags)
    check(eventually(lambda: views_complete(nodes), 30, interval=0.1), "singleton: the cluster did not form")
    check(eventually(lambda: all(len(committed(n) or []) >= 2 for n in nodes), 30),
          f"singleton: no commits: {[committed(n) for n in nodes]}")
    last = max(slot for slot, _ in committed(nodes[0]))
    log(f"singleton: p, q, r formed; slots committed through {last}")

    # Cut the leader off in the middle of the next run.
    started = {}

    def next_run():
        for node in nodes:
            later = [run for run in run_starts(node) if run[0] > last]
            if later:
                started["node"], started["run"] = node, later[0]
                return True
        return False

    check(eventually(next_run, 30, interval=0.02), "singleton: no run after the first commits")
    leader, (slot, token) = started["node"], started["run"]
    run("ip", "-n", switch, "link", "set", f"p{leader.name}", "down")
    cut_at = time.monotonic()
    majority = [node for node in nodes if node is not leader]
    log(f"singleton: cut {leader.name} off during its run of slot {slot} (token {token})")
    minority_runs = len(run_starts(leader))
    minority_commits = committed(leader)
    bound = slot + 3 * NIGHT
    check(eventually(lambda: all(any(s == bound for s, _ in committed(n) or []) for n in majority), 40),
          f"singleton: the majority did not commit through {bound}: {[committed(n) for n in majority]}")
    figures["singleton_takeover"] = None
    for node in majority:
        for line in node.output().splitlines():
            if re.search(rf"leaderboard slot {slot} committed", line):
                figures["singleton_takeover"] = float(re.match(r"\[\s*([\d.]+)s\]", line).group(1)) - (cut_at - T0)
                break
    lists = [[e for e in committed(n) if e[0] <= bound] for n in majority]
    check(lists[0] == lists[1] and consecutive(lists[0]), f"singleton: the majority disagrees or skipped: {lists}")
    taken = dict(lists[0]).get(slot)
    check(taken is not None and taken > token, f"singleton: slot {slot} was committed under {taken}, the cut-off run had {token}")
    check(committed(leader) == minority_commits, f"singleton: the minority committed during the split: {committed(leader)}")
    check(len(run_starts(leader)) == minority_runs, "singleton: the minority started a run during the split")
    log(f"singleton: the majority committed slot {slot} under token {taken} "
        f"({figures['singleton_takeover'] or 0:.2f} s after the cut) and every night through {bound}; the minority nothing")

    run("ip", "-n", switch, "link", "set", f"p{leader.name}", "up")
    healed = time.monotonic()
    check(eventually(lambda: views_complete(nodes), 30, interval=0.1), "singleton: the cluster did not merge")
    agreed = eventually(lambda: len({tuple(e for e in (committed(n) or []) if e[0] <= bound) for n in nodes}) == 1
                        and any(e[0] == bound for e in committed(leader) or []), 40)
    check(agreed, f"singleton: the nodes disagree after the heal: {[committed(n) for n in nodes]}")
    figures["singleton_heal_caught_up"] = time.monotonic() - healed
    for node in nodes:
        twice = {s: c for s, c in commit_lines(node).items() if c > 1}
        check(not twice, f"singleton: {node.name} logged slots committed twice: {twice}")
        check(not log_lines(node, r"skipped: "), f"singleton: {node.name} logged skipped slots")
    log(f"singleton: after the heal every node lists the same commits through {bound} "
        f"({figures['singleton_heal_caught_up']:.2f} s), one per night, none twice")
    scan_crashes(nodes)
    stop_nodes(nodes)
    return nodes


def find_binary():
    if os.environ.get("ROOST_BIN"):
        return os.environ["ROOST_BIN"]
    build = os.environ.get("ROOST_BUILD", "debug")
    return os.path.join(REPO, ".build", build, "roost")


def main():
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["partition", "cpu", "singleton"])
    parser.add_argument("--hog-seconds", type=float, default=20)
    parser.add_argument("--hogs-per-cpu", type=int, default=2)
    parser.add_argument("--split-seconds", type=float, default=0,
                        help="keep c cut off at least this long (the checks during the split take ~8 s)")
    parser.add_argument("--keep", action="store_true", help="keep the nodes' logs and data directories")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    VERBOSE = args.verbose
    if os.geteuid() != 0:
        print("partition-test: needs root (network namespaces)", file=sys.stderr)
        return 2
    binary = find_binary()
    if not os.access(binary, os.X_OK):
        print(f"partition-test: {binary} is missing: swift build --product roost", file=sys.stderr)
        return 2
    for tool in ("ip",):
        if shutil.which(tool) is None:
            print(f"partition-test: `{tool}` is missing (apt-get install iproute2)", file=sys.stderr)
            return 2

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, interrupted)
    signal.alarm(int(os.environ.get("PARTITION_TEST_TIMEOUT", "150")))

    remove_stale_namespaces()
    work = tempfile.mkdtemp(prefix="roost-partition-")
    resources = Resources()
    figures = {}
    tests = [("partition", "a b c", lambda: partition_test(resources, binary, work, figures, args.split_seconds)),
             ("cpu", "x y z", lambda: cpu_test(resources, binary, work, figures, args.hog_seconds, args.hogs_per_cpu)),
             ("singleton", "p q r", lambda: singleton_test(resources, binary, work, figures))]
    results = {}
    try:
        for name, node_names, body in tests:
            # The singleton part is opt-in (--only singleton): the default run stays as it was.
            if args.only not in (None, name) or (args.only is None and name == "singleton"):
                continue
            log(f"{name} test with {binary}")
            try:
                body()
                results[name] = "passed"
            except (CheckFailed, SetupError, AgentError, OSError, ValueError, KeyError) as error:
                results[name] = "setup error" if isinstance(error, SetupError) else "FAILED"
                log(f"{name} test FAILED: {type(error).__name__}: {error}")
                for node in node_names.split():
                    print(f"\n----- node {node} ({name} test) -----")
                    try:
                        with open(os.path.join(work, f"{node}.log"), errors="replace") as file:
                            print(file.read()[-30000:])
                    except OSError:
                        print("(no log)")
            finally:
                resources.cleanup()
    except KeyboardInterrupt as error:
        results["interrupted"] = str(error) or "interrupted"
        log(f"interrupted ({error}); cleaning up")
    finally:
        signal.alarm(0)
        resources.cleanup()
    status = 0 if all(result == "passed" for result in results.values()) else (
        2 if "setup error" in results.values() else 1)
    if args.keep or status != 0:
        print(f"partition-test: logs in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("partition-test: figures " + json.dumps(figures, default=str))
    print("partition-test: " + ", ".join(f"{name} {result}" for name, result in results.items()))
    return status


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--agent":
        agent_main()
    else:
        sys.exit(main())

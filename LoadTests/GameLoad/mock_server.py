#!/usr/bin/env python3
"""A stand-in for `roost serve`, for testing gameload.c and the game benchmark runner only.

It speaks just enough roost.v1 (Protocol/README.md) for the bots: the handshake with subprotocol
roost.v1, hello -> welcome, login -> login.ok, game.create / game.join / quickplay -> game.joined,
game.started, game.update (Cycles ticks at 20 Hz with the real movement and crash rules; Connect
Four placed/turn/ended), game.finished, game.move -> ok, game.leave -> ok, and GET /metrics with
roost_game_tick_lag_seconds, roost_games_running and roost_sessions. Python, one asyncio loop: it
is slow (a few dozen games), and its figures mean nothing. It exists so the rig can be exercised
before, and independently of, the real server.

    mock_server.py --port P [--max-connections-per-ip N --messages-per-second N ...]  (extra options ignored)
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import random
import struct
import sys
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25]
DIRS = [(0, -1), (1, 0), (0, 1), (-1, 0)]
NAMES = ["north", "east", "south", "west"]


class Metrics:
    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.sum = 0.0
        self.sessions = 0

    def observe(self, lag: float) -> None:
        self.sum += lag
        for i, le in enumerate(BUCKETS):
            if lag <= le:
                self.counts[i] += 1
                return
        self.counts[-1] += 1

    def text(self, games: dict) -> str:
        out = ["# TYPE roost_game_tick_lag_seconds histogram"]
        total = 0
        for i, le in enumerate(BUCKETS):
            total += self.counts[i]
            out.append(f'roost_game_tick_lag_seconds_bucket{{le="{le}"}} {total}')
        total += self.counts[-1]
        out.append(f'roost_game_tick_lag_seconds_bucket{{le="+Inf"}} {total}')
        out.append(f"roost_game_tick_lag_seconds_sum {self.sum}")
        out.append(f"roost_game_tick_lag_seconds_count {total}")
        for kind in ("cycles", "connect4"):
            n = sum(1 for g in games.values() if g.kind == kind and g.state == "playing")
            out.append(f'roost_games_running{{kind="{kind}"}} {n}')
        out.append(f"roost_sessions {self.sessions}")
        return "\n".join(out) + "\n"


METRICS = Metrics()
GAMES: dict[str, "Game"] = {}
NEXT_ID = [0]


class Session:
    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.seq = 0
        self.player = None
        self.games: set[str] = set()

    def send(self, msg: dict, sequenced: bool = True) -> None:
        if sequenced:
            self.seq += 1
            msg = {"t": msg["t"], "seq": self.seq, **{k: v for k, v in msg.items() if k != "t"}}
        data = json.dumps(msg, separators=(",", ":")).encode()
        n = len(data)
        head = bytes([0x81, n]) if n < 126 else bytes([0x81, 126]) + struct.pack(">H", n) if n < 65536 \
            else bytes([0x81, 127]) + struct.pack(">Q", n)
        if not self.writer.is_closing():
            self.writer.write(head + data)


class Game:
    def __init__(self, kind: str, seats: int, options: dict) -> None:
        NEXT_ID[0] += 1
        self.id = f"g-m-{NEXT_ID[0]:x}"
        self.kind, self.seats, self.options = kind, seats, options
        self.players: list[Session | None] = [None] * seats
        self.state = "waiting"
        self.task = None
        # cycles
        self.w = options.get("width", 64)
        self.h = options.get("height", 64)
        self.limit = options.get("roundTimeLimitMilliseconds", 180000) // 50
        self.countdown = options.get("countdownMilliseconds", 3000) // 50
        self.tick = 0
        # connect4
        self.board = [[] for _ in range(7)]
        self.turn = 0

    def listing(self) -> list:
        return [{"seat": i, "id": p.player["id"], "name": p.player["name"]} for i, p in enumerate(self.players) if p]

    def broadcast(self, msg: dict) -> None:
        for p in self.players:
            if p:
                p.send(dict(msg))

    def start(self) -> None:
        self.state = "playing"
        if self.kind == "cycles":
            self.grid = [[0] * self.w for _ in range(self.h)]
            left, top = self.w // 4, self.h // 4
            spots = [(left, top, 0), (self.w - 1 - left, top, 1), (self.w - 1 - left, self.h - 1 - top, 2),
                     (left, self.h - 1 - top, 3)]
            self.cycles = []
            for s in range(self.seats):
                x, y, d = spots[s % 4]
                x += s // 4
                self.grid[y][x] = s + 1
                self.cycles.append({"x": x, "y": y, "d": d, "riding": True, "pending": []})
            snap = {"w": self.w, "h": self.h, "n": 0, "start": self.countdown, "limit": self.limit,
                    "cycles": [{"seat": i, "riding": True, "d": c["d"], "trail": [c["x"], c["y"]]}
                               for i, c in enumerate(self.cycles)], "outcome": None}
            self.broadcast({"t": "game.started", "game": self.id, "players": self.listing(), "snapshot": snap})
            self.task = asyncio.get_running_loop().create_task(self.run_cycles())
        else:
            snap = {"moves": [], "turn": 0, "remaining": None, "clock": None, "outcome": None}
            self.broadcast({"t": "game.started", "game": self.id, "players": self.listing(), "snapshot": snap})

    async def run_cycles(self) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        while self.state == "playing":
            self.tick += 1
            due = start + self.tick * 0.05
            await asyncio.sleep(max(0.0, due - loop.time()))
            METRICS.observe(max(0.0, loop.time() - due))
            if self.tick <= self.countdown:
                continue
            targets = {}
            for i, c in enumerate(self.cycles):
                if not c["riding"]:
                    continue
                if c["pending"]:
                    c["d"] = c["pending"].pop(0)
                dx, dy = DIRS[c["d"]]
                targets[i] = (c["x"] + dx, c["y"] + dy)
            crashes = []
            for i, (x, y) in targets.items():
                if not (0 <= x < self.w and 0 <= y < self.h):
                    crashes.append({"seat": i, "cause": "border"})
                elif self.grid[y][x]:
                    crashes.append({"seat": i, "cause": "trail", "by": self.grid[y][x] - 1})
                elif list(targets.values()).count((x, y)) > 1:
                    crashes.append({"seat": i, "cause": "head_on"})
            for cr in crashes:
                self.cycles[cr["seat"]]["riding"] = False
            heads = []
            for i, c in enumerate(self.cycles):
                if c["riding"]:
                    c["x"], c["y"] = targets[i]
                    self.grid[c["y"]][c["x"]] = i + 1
                    heads += [i, c["x"], c["y"], c["d"]]
            u = {"k": "tick", "n": self.tick, "h": heads}
            if crashes:
                u["x"] = crashes
            self.broadcast({"t": "game.update", "game": self.id, "u": u})
            riding = [i for i, c in enumerate(self.cycles) if c["riding"]]
            if len(riding) <= 1 or self.tick - self.countdown >= self.limit:
                outcome = {"result": "win" if len(riding) == 1 else "draw", "reason": "last_standing",
                           "placements": [riding] if riding else []}
                self.finish(outcome)

    def finish(self, outcome: dict) -> None:
        self.state = "finished"
        self.broadcast({"t": "game.update", "game": self.id, "u": {"k": "ended", "outcome": outcome}})
        self.broadcast({"t": "game.finished", "game": self.id, "outcome": outcome, "result": f"r-{self.id}"})
        for p in self.players:
            if p:
                p.games.discard(self.id)
        GAMES.pop(self.id, None)

    def move(self, sess: Session, seat: int, move, cid) -> None:
        if self.state != "playing":
            return sess.send(err("game_over", cid))
        if self.kind == "cycles":
            c = self.cycles[seat]
            if not c["riding"]:
                return sess.send(err("eliminated", cid))
            cur = c["pending"][-1] if c["pending"] else c["d"]
            want = {"left": (cur + 3) % 4, "right": (cur + 1) % 4}.get(move, NAMES.index(move) if move in NAMES else -1)
            if want < 0:
                return sess.send(err("malformed_move", cid))
            if want == (cur + 2) % 4:
                return sess.send(err("illegal_move", cid))
            if want != cur:
                if len(c["pending"]) >= 2:
                    return sess.send(err("too_many_pending_moves", cid))
                c["pending"].append(want)
            if cid is not None:
                sess.send({"t": "ok", "cid": cid})
            return
        if seat != self.turn:
            return sess.send(err("not_your_turn", cid))
        if not isinstance(move, int) or not 0 <= move < 7:
            return sess.send(err("malformed_move", cid))
        if len(self.board[move]) >= 6:
            return sess.send(err("illegal_move", cid))
        if cid is not None:
            sess.send({"t": "ok", "cid": cid})
        row = len(self.board[move])
        self.board[move].append(seat)
        self.broadcast({"t": "game.update", "game": self.id, "u": {"k": "placed", "seat": seat, "column": move, "row": row}})
        if self.won(move, row, seat):
            self.finish({"result": "win", "winner": seat, "reason": "four_in_a_row", "placements": [[seat], [1 - seat]]})
        elif all(len(c) == 6 for c in self.board):
            self.finish({"result": "draw", "reason": "board_full", "placements": [[0, 1]]})
        else:
            self.turn = 1 - seat
            self.broadcast({"t": "game.update", "game": self.id, "u": {"k": "turn", "seat": self.turn, "remaining": None}})

    def won(self, col: int, row: int, seat: int) -> bool:
        def at(c, r):
            return 0 <= c < 7 and 0 <= r < len(self.board[c]) and self.board[c][r] == seat
        for dc, dr in ((1, 0), (0, 1), (1, 1), (1, -1)):
            n = 1
            for s in (1, -1):
                c, r = col + s * dc, row + s * dr
                while at(c, r):
                    n += 1
                    c, r = c + s * dc, r + s * dr
            if n >= 4:
                return True
        return False

    def leave(self, sess: Session) -> None:
        for i, p in enumerate(self.players):
            if p is sess:
                if self.state == "waiting":
                    self.players[i] = None
                    if not any(self.players):
                        GAMES.pop(self.id, None)
                elif self.kind == "cycles":
                    self.cycles[i]["riding"] = False
                else:
                    self.finish({"result": "win", "winner": 1 - i, "reason": "forfeit", "placements": [[1 - i], [i]]})
        sess.games.discard(self.id)


def err(code: str, cid) -> dict:
    m = {"t": "error", "code": code, "message": code.replace("_", " ")}
    if cid is not None:
        m["cid"] = cid
    return m


def join(sess: Session, game: Game, cid) -> None:
    if None not in game.players:
        return sess.send(err("game_full", cid))
    seat = game.players.index(None)
    game.players[seat] = sess
    sess.games.add(game.id)
    msg = {"t": "game.joined", "game": game.id, "kind": game.kind, "as": "player", "seat": seat, "seats": game.seats,
           "state": "waiting", "players": game.listing(), "snapshot": None}
    if cid is not None:
        msg["cid"] = cid
    sess.send(msg)
    if None not in game.players:
        game.start()


def handle(sess: Session, msg: dict) -> None:
    t, cid = msg.get("t"), msg.get("cid")
    if t == "hello":
        m = {"t": "welcome", "session": f"s-{id(sess):x}", "node": "mock", "v": 1, "caps": [],
             "limits": {"maxMessageBytes": 65536, "messagesPerSecond": 20, "messageBurst": 40}}
        if cid is not None:
            m["cid"] = cid
        sess.send(m, sequenced=False)
    elif t == "login":
        sess.player = {"id": f"p-{id(sess):x}", "name": msg.get("name", "x")}
        sess.send({"t": "login.ok", "cid": cid, "player": sess.player, "token": "v1.mock"})
    elif t == "game.create":
        g = Game(msg["kind"], msg.get("seats", 4 if msg["kind"] == "cycles" else 2), msg.get("options") or {})
        GAMES[g.id] = g
        join(sess, g, cid)
    elif t == "game.join":
        g = GAMES.get(msg.get("game"))
        if not g:
            return sess.send(err("unknown_game", cid))
        join(sess, g, cid)
    elif t == "quickplay":
        kind = msg["kind"]
        g = next((g for g in GAMES.values() if g.kind == kind and g.state == "waiting" and None in g.players), None)
        if g is None:
            g = Game(kind, 4 if kind == "cycles" else 2, {"countdownMilliseconds": 3000})
            GAMES[g.id] = g
        join(sess, g, cid)
    elif t == "game.move":
        g = GAMES.get(msg.get("game"))
        if not g or sess not in g.players:
            return sess.send(err("not_in_game", cid))
        g.move(sess, g.players.index(sess), msg.get("move"), cid)
    elif t == "game.leave":
        g = GAMES.get(msg.get("game"))
        if g:
            g.leave(sess)
        if cid is not None:
            sess.send({"t": "ok", "cid": cid})
    else:
        sess.send(err("unknown_type", cid))


async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.close()
        return
    lines = head.decode(errors="replace").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
    if lines[0].startswith("GET /metrics"):
        body = METRICS.text(GAMES).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        await writer.drain()
        writer.close()
        return
    accept = base64.b64encode(hashlib.sha1((headers.get("sec-websocket-key", "") + GUID).encode()).digest()).decode()
    writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: roost.v1\r\n\r\n").encode())
    sess = Session(writer)
    METRICS.sessions += 1
    try:
        while True:
            b0, b1 = await reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", await reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", await reader.readexactly(8))[0]
            mask = await reader.readexactly(4)
            data = bytes(c ^ mask[i & 3] for i, c in enumerate(await reader.readexactly(n)))
            op = b0 & 0x0F
            if op == 0x8:
                writer.write(bytes([0x88, 2]) + (data[:2] or b"\x03\xe8"))
                break
            if op == 0x1:
                handle(sess, json.loads(data))
    except (asyncio.IncompleteReadError, ConnectionError, json.JSONDecodeError, KeyError):
        pass
    finally:
        METRICS.sessions -= 1
        for gid in list(sess.games):
            g = GAMES.get(gid)
            if g:
                g.leave(sess)
        writer.close()


async def main() -> None:
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 8080
    server = await asyncio.start_server(client, "127.0.0.1", port, backlog=4096)
    print(f"roost serve listening on ws://127.0.0.1:{port}/ws (mock)", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass

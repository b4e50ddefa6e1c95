"""A small roost.v1 client (Protocol/README.md) for the cluster benchmark's probes.

Blocking connect and handshake, then a non-blocking socket whose frames are parsed into an inbox of
(arrival time, message); pings are answered. Text frames only, no compression: enough to time
lobby events and `game.finished` from one process with one clock.
"""
from __future__ import annotations

import base64
import json
import os
import selectors
import socket
import struct
import time
from typing import Optional

from echo_bench import HOST


class WsClient:
    """A blocking-connect, then non-blocking WebSocket client speaking roost.v1 (text frames only)."""

    def __init__(self, port: int, label: str) -> None:
        self.label = label
        self.port = port
        self.sock = socket.create_connection((HOST, port), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Sec-WebSocket-Protocol: roost.v1\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError(f"{label}: connection closed during the handshake")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if not status.startswith(b"HTTP/1.1 101"):
            raise OSError(f"{label}: handshake refused: {status.splitlines()[0]!r}")
        self.buffer = bytearray(rest)
        self.sock.setblocking(False)
        self.node = ""
        self.closed: Optional[str] = None
        self.inbox: list[tuple[int, dict]] = []   # (arrival ns, message)

    def send(self, message: dict) -> int:
        """Sends one message; returns the monotonic ns just before the write."""
        payload = json.dumps(message, separators=(",", ":")).encode()
        mask = os.urandom(4)
        n = len(payload)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
        frame = header + mask + masked
        at = time.monotonic_ns()
        self.sock.setblocking(True)
        self.sock.sendall(frame)
        self.sock.setblocking(False)
        return at

    def _pong(self, body: bytes) -> None:
        mask = os.urandom(4)
        frame = bytes([0x8A, 0x80 | len(body)]) + mask + bytes(b ^ mask[i & 3] for i, b in enumerate(body))
        self.sock.setblocking(True)
        self.sock.sendall(frame)
        self.sock.setblocking(False)

    def read_ready(self) -> None:
        """Reads what is there (the socket is readable) and parses every whole frame into the inbox."""
        try:
            chunk = self.sock.recv(262144)
        except BlockingIOError:
            return
        except OSError as e:
            self.closed = f"error {e}"
            return
        at = time.monotonic_ns()
        if not chunk:
            self.closed = self.closed or "EOF without a close frame"
            return
        self.buffer += chunk
        while len(self.buffer) >= 2:
            b0, b1 = self.buffer[0], self.buffer[1]
            length, header = b1 & 0x7F, 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length, header = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length, header = struct.unpack("!Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < header + length:
                break
            body = bytes(self.buffer[header:header + length])
            del self.buffer[:header + length]
            opcode = b0 & 0x0F
            if opcode == 0x1:
                try:
                    self.inbox.append((at, json.loads(body)))
                except ValueError:
                    self.inbox.append((at, {"t": "?unreadable"}))
            elif opcode == 0x9:
                self._pong(body)
            elif opcode == 0x8:
                code = struct.unpack("!H", body[:2])[0] if len(body) >= 2 else 1005
                self.closed = f"close {code}"

    def wait_for(self, predicate, timeout: float = 10) -> tuple[int, dict]:
        """Blocks until a message matching `predicate` arrives (earlier ones stay in the inbox)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, (at, message) in enumerate(self.inbox):
                if predicate(message):
                    del self.inbox[index]
                    return at, message
            if self.closed:
                raise OSError(f"{self.label}: connection ended ({self.closed})")
            left = deadline - time.monotonic()
            if left <= 0:
                seen = [m.get("t") for _, m in self.inbox[-8:]]
                raise TimeoutError(f"{self.label}: no matching message within {timeout:g} s (last seen: {seen})")
            with selectors.DefaultSelector() as sel:
                sel.register(self.sock, selectors.EVENT_READ)
                if sel.select(min(left, 0.5)):
                    self.read_ready()

    def request(self, message: dict, timeout: float = 10) -> dict:
        """Sends `message` with a fresh cid and waits for the reply with that cid (error: raises)."""
        self.cid = getattr(self, "cid", 0) + 1
        cid = self.cid
        self.send({**message, "cid": cid})
        _, reply = self.wait_for(lambda m: m.get("cid") == cid, timeout)
        if reply.get("t") == "error":
            raise RuntimeError(f"{self.label}: {message.get('t')} refused: {reply.get('code')} ({reply.get('message')})")
        return reply

    def login(self, name: str) -> None:
        welcome = self.request({"t": "hello", "v": 1, "client": {"name": "roost-cluster-bench", "version": "1"}})
        self.node = welcome.get("node", "")
        self.request({"t": "login", "name": name})

    def close(self) -> None:
        try:
            self.sock.setblocking(True)
            self.sock.sendall(bytes([0x88, 0x82]) + b"\0\0\0\0" + struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


def owner_of(game_id: str) -> str:
    """The node in a game id `g-<node>-<shard>-...` (a server hint; the benchmark reads it to class results)."""
    parts = game_id.split("-")
    return parts[1] if len(parts) > 2 and parts[0] == "g" else "?"

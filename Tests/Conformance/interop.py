#!/usr/bin/env python3
"""Interop checks: Python's `websockets` client against `roost echo`.

Usage:
    interop.py [--configs plain,deflate,tls] [--roost-bin PATH] [--timeout S] [-v]

For each configuration it starts `roost echo` on a free loopback port, runs the
checks below over fresh connections, then stops roost with SIGTERM:

    plain    roost echo --host 127.0.0.1 --port P
    deflate  roost echo --host 127.0.0.1 --port P --deflate
    tls      roost echo --host 127.0.0.1 --port P --tls-cert C --tls-key K
             (C/K: a self-signed cert for 127.0.0.1/localhost made by `openssl req`
             now; the client verifies the server against it)

Checks: extension negotiation (permessage-deflate only with --deflate), text and
binary echo of 0, 1, 125, 126, 65535, 65536 bytes and 1 MiB, a 16 MiB message (the
limit) echoed, fragmented messages, 1000 pipelined messages in order, ping/pong,
the close handshake (1000 echoed back), a 17 MiB message closed with 1009,
invalid UTF-8 text closed with 1007, and roost exiting on SIGTERM.

Runs under Tests/Conformance/.venv-py3 (made by install.sh); started with another
Python that lacks `websockets`, it re-executes itself there.
Exit status: 0 if every check passed, 1 if any failed, 2 on a setup error.
The last line is `N passed, M failed`.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VENV_PYTHON = os.path.join(HERE, ".venv-py3", "bin", "python")

try:
    import websockets  # noqa: F401
except ImportError:
    # Compare prefixes, not executables: a venv's python is a symlink to the base one.
    if os.path.exists(VENV_PYTHON) and os.path.realpath(sys.prefix) != os.path.realpath(os.path.dirname(os.path.dirname(VENV_PYTHON))):
        os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("interop.py: the websockets package is missing; run Tests/Conformance/install.sh")

import argparse
import asyncio
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

KIB = 1024
MIB = 1024 * 1024
#: roost's message limit: a message of exactly this size must echo, one byte more must not.
MAX_MESSAGE_BYTES = 16 * MIB
ECHO_SIZES = (0, 1, 125, 126, 65535, 65536, MIB)
PIPELINED_MESSAGES = 1000
READY_LINE = re.compile(r"listening on (wss?)://([^\s/]+):(\d+)")


@dataclass
class Config:
    """One way of starting `roost echo`, and how the client must reach it."""
    name: str
    flags: list
    deflate: bool = False
    tls: bool = False
    ssl_context: ssl.SSLContext = None
    url: str = ""
    process: subprocess.Popen = None
    log_path: str = ""


@dataclass
class Results:
    passed: int = 0
    failed: int = 0
    failures: list = field(default_factory=list)
    verbose: bool = False

    def record(self, name, ok, detail, elapsed):
        if ok:
            self.passed += 1
            print("PASS %-48s %6.0f ms%s" % (name, elapsed * 1000, "  " + detail if detail and self.verbose else ""))
        else:
            self.failed += 1
            self.failures.append((name, detail))
            print("FAIL %-48s %6.0f ms  %s" % (name, elapsed * 1000, detail))
        sys.stdout.flush()


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def describe(data):
    kind = "text" if isinstance(data, str) else "binary"
    size = len(data.encode()) if isinstance(data, str) else len(data)
    return "%s %d bytes" % (kind, size)


def text_of_size(n, seed):
    """Exactly n bytes of UTF-8 text, with multi-byte characters when n allows."""
    rnd = random.Random(seed)
    parts, size = [], 0
    while size < n:
        if n - size >= 3 and rnd.random() < 0.1:
            parts.append(rnd.choice("€ह✓"))  # 3 bytes each
            size += 3
        elif n - size >= 2 and rnd.random() < 0.1:
            parts.append(rnd.choice("äßж"))  # 2 bytes each
            size += 2
        else:
            parts.append(chr(rnd.randrange(0x20, 0x7F)))
            size += 1
    text = "".join(parts)
    assert len(text.encode()) == n
    return text


def binary_of_size(n, seed):
    """n bytes: half random (incompressible), half repeating (compressible)."""
    rnd = random.Random(seed)
    half = n // 2
    return rnd.randbytes(half) + bytes(range(256)) * ((n - half) // 256) + bytes((n - half) % 256)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- server lifecycle -------------------------------------------------------------------

def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return cert, key


def start_server(roost_bin, config, log_dir, timeout=30.0):
    port = free_port()
    config.log_path = os.path.join(log_dir, "%s.server.log" % config.name)
    argv = [roost_bin, "echo", "--host", "127.0.0.1", "--port", str(port)] + config.flags
    log = open(config.log_path, "wb")
    config.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(config.log_path, "r", errors="replace") as f:
            match = READY_LINE.search(f.read())
        if match:
            scheme = "wss" if config.tls else "ws"
            config.url = "%s://127.0.0.1:%s/interop" % (scheme, match.group(3))
            return None
        if config.process.poll() is not None:
            return "exited with status %d before printing 'listening on ...'" % config.process.returncode
        time.sleep(0.05)
    return "printed no 'listening on ws://127.0.0.1:%d' line within %.0f s" % (port, timeout)


def stop_server(config, grace=10.0):
    """SIGTERM, then SIGKILL after `grace`. Returns None if roost exited on SIGTERM."""
    proc = config.process
    if proc is None:
        return None
    if proc.poll() is not None:
        return "had already exited with status %d" % proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
        return None
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return "did not exit within %.0f s of SIGTERM (killed)" % grace


def tail(path, lines=10):
    try:
        with open(path, "r", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


# --- checks -----------------------------------------------------------------------------

def open_connection(config, compression="deflate", max_size=32 * MIB):
    # ping_interval=None: no keepalive pings of our own mixed into the checks.
    return connect(config.url, ssl=config.ssl_context, compression=compression,
                   max_size=max_size, ping_interval=None, open_timeout=10, close_timeout=10)


def negotiated_extensions(ws):
    return [ext.name for ext in ws.protocol.extensions]


async def close_normally(ws):
    await ws.close(1000)
    rcvd = ws.protocol.close_rcvd
    expect(rcvd is not None, "no close frame came back (connection dropped)")
    expect(rcvd.code == 1000, "server answered close 1000 with %s" % rcvd.code)


async def echo_one(ws, message):
    await ws.send(message)
    reply = await ws.recv()
    expect(type(reply) is type(message),
           "sent %s, got %s back" % (describe(message), describe(reply)))
    expect(reply == message, "sent %s, echo differs (%s)" % (describe(message), describe(reply)))


async def check_extensions(config):
    async with open_connection(config) as ws:
        names = negotiated_extensions(ws)
        header = ws.response.headers.get("Sec-WebSocket-Extensions")
        if config.deflate:
            expect(names == ["permessage-deflate"],
                   "offered permessage-deflate, negotiated %s (header %r)" % (names, header))
        else:
            expect(names == [] and header is None,
                   "server without --deflate accepted extensions %s (header %r)" % (names, header))
        await close_normally(ws)
    return "extensions=%s" % names


async def check_no_offer(config):
    """A client that offers no extension gets none, even from a --deflate server."""
    async with open_connection(config, compression=None) as ws:
        expect(negotiated_extensions(ws) == [], "extensions negotiated without an offer")
        expect(ws.response.headers.get("Sec-WebSocket-Extensions") is None,
               "Sec-WebSocket-Extensions in the response to a request without one")
        await echo_one(ws, "no extensions")
        await echo_one(ws, binary_of_size(70000, 7))
        await close_normally(ws)


async def check_echo(config, kind, size):
    message = text_of_size(size, size) if kind == "text" else binary_of_size(size, size)
    async with open_connection(config) as ws:
        await echo_one(ws, message)
        await close_normally(ws)


async def check_echo_limit(config):
    """A message of exactly the limit (16 MiB) is accepted and echoed."""
    async with open_connection(config) as ws:
        await echo_one(ws, binary_of_size(MAX_MESSAGE_BYTES, 16))
        await close_normally(ws)


async def check_fragmented(config):
    async with open_connection(config) as ws:
        fragments = ["Hel", "lo, ", "wörld ", "€"]  # "ö" and "€" stay whole: the client encodes each fragment
        await ws.send(fragments)
        reply = await ws.recv()
        expect(reply == "".join(fragments), "fragmented text came back as %r" % (reply[:40],))

        chunks = [binary_of_size(1000, i) for i in range(100)]
        await ws.send(chunks)
        reply = await ws.recv()
        expect(reply == b"".join(chunks), "100-fragment binary came back as %s" % describe(reply))

        big = [binary_of_size(300 * KIB, 100 + i) for i in range(4)]  # 1.2 MiB in 4 frames
        await ws.send(big)
        reply = await ws.recv()
        expect(reply == b"".join(big), "4 x 300 KiB binary came back as %s" % describe(reply))

        await ws.send(["", "", "x", ""])  # empty fragments are legal
        expect(await ws.recv() == "x", "text with empty fragments did not echo as 'x'")
        await close_normally(ws)


async def check_pipelined(config):
    async with open_connection(config) as ws:
        messages = []
        for i in range(PIPELINED_MESSAGES):
            messages.append("message %d" % i if i % 2 == 0 else b"binary %d " % i + bytes(i % 300))
        for m in messages:
            await ws.send(m)
        for i, m in enumerate(messages):
            reply = await ws.recv()
            expect(reply == m, "message %d of %d came back out of order or changed (%s)"
                   % (i, len(messages), describe(reply)))
        await close_normally(ws)
    return "%d messages" % PIPELINED_MESSAGES


async def check_ping(config):
    async with open_connection(config) as ws:
        for payload in (b"roost-ping", b"", bytes(range(125))):
            pong = await ws.ping(payload)
            await asyncio.wait_for(pong, 5)  # websockets matches the pong's payload
        # A ping sent while messages are in flight still gets its pong, and the echoes stay in order.
        await ws.send("before ping")
        pong = await ws.ping(b"in-flight")
        await ws.send(b"after ping")
        expect(await ws.recv() == "before ping", "echo before the ping lost")
        await asyncio.wait_for(pong, 5)
        expect(await ws.recv() == b"after ping", "echo after the ping lost")
        await close_normally(ws)


async def check_close(config):
    async with open_connection(config) as ws:
        await echo_one(ws, "about to close")
        await ws.close(1000, "bye")
        rcvd = ws.protocol.close_rcvd
        expect(rcvd is not None, "no close frame came back (connection dropped)")
        expect(rcvd.code == 1000, "close 1000 answered with %s" % rcvd.code)
        await asyncio.wait_for(ws.wait_closed(), 5)
    return "reason=%r" % rcvd.reason


async def expect_close_code(ws, code, what, send=None):
    """Send (optionally) and read until the server closes; the close frame must carry `code`."""
    sender = asyncio.ensure_future(send) if send is not None else None
    try:
        try:
            while True:
                await ws.recv()  # anything echoed before the close is ignored
        except ConnectionClosed:
            pass
    finally:
        if sender is not None:
            if not sender.done():
                sender.cancel()
            try:
                await sender
            except (ConnectionClosed, asyncio.CancelledError, OSError):
                pass
    rcvd = ws.protocol.close_rcvd
    expect(rcvd is not None,
           "%s: connection dropped without a close frame (expected close %d)" % (what, code))
    expect(rcvd.code == code, "%s: closed with %s %r, expected %d" % (what, rcvd.code, rcvd.reason, code))
    return "reason=%r" % rcvd.reason


async def discard(ws):
    """Close a connection the server has (or should have) closed, ignoring errors.

    Not `async with`: websockets 17.4's close() raises AttributeError from
    transport.abort() when the peer already reset the TCP connection, which servers
    legitimately do after closing on a message they refuse to read.
    """
    try:
        await ws.close()
    except Exception:
        pass


async def check_oversized(config):
    ws = await open_connection(config)
    try:
        # Half random, half patterned: with --deflate the compressed frame stays under
        # 16 MiB, so the server must enforce the limit on the inflated size.
        payload = binary_of_size(MAX_MESSAGE_BYTES + MIB, 17)
        return await expect_close_code(ws, 1009, "17 MiB message", send=ws.send(payload))
    finally:
        await discard(ws)


async def check_invalid_utf8(config, fragmented):
    # Autobahn 6.3.1's payload: valid UTF-8 up to an encoded surrogate (ED A0 80).
    bad = b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64"
    message = [bad[:5], bad[5:13], bad[13:]] if fragmented else bad
    ws = await open_connection(config)
    try:
        return await expect_close_code(ws, 1007, "invalid UTF-8 text", send=ws.send(message, text=True))
    finally:
        await discard(ws)


def checks_for(config):
    checks = [("extensions", lambda: check_extensions(config))]
    if config.deflate:
        checks.append(("no extension without an offer", lambda: check_no_offer(config)))
    for kind in ("text", "binary"):
        for size in ECHO_SIZES:
            checks.append(("echo %s %d" % (kind, size),
                           lambda kind=kind, size=size: check_echo(config, kind, size)))
    checks += [
        ("echo binary 16 MiB (the limit)", lambda: check_echo_limit(config)),
        ("fragmented messages", lambda: check_fragmented(config)),
        ("pipelined messages", lambda: check_pipelined(config)),
        ("ping/pong", lambda: check_ping(config)),
        ("close handshake 1000", lambda: check_close(config)),
        ("17 MiB message -> close 1009", lambda: check_oversized(config)),
        ("invalid UTF-8 text -> close 1007", lambda: check_invalid_utf8(config, False)),
        ("invalid UTF-8 fragments -> close 1007", lambda: check_invalid_utf8(config, True)),
    ]
    return checks


async def run_checks(config, results, timeout):
    checks = checks_for(config)
    for index, (name, make) in enumerate(checks):
        label = "%s: %s" % (config.name, name)
        start = time.monotonic()
        try:
            detail = await asyncio.wait_for(make(), timeout)
            results.record(label, True, detail or "", time.monotonic() - start)
        except CheckFailed as e:
            results.record(label, False, str(e), time.monotonic() - start)
        except asyncio.TimeoutError:
            results.record(label, False, "timed out after %.0f s" % timeout, time.monotonic() - start)
        except Exception as e:  # a check must never stop the others
            results.record(label, False, "%s: %s" % (type(e).__name__, e), time.monotonic() - start)
        if config.process.poll() is not None:
            results.record("%s: server still running" % config.name, False,
                           "roost exited with status %d after '%s'\n%s"
                           % (config.process.returncode, name, tail(config.log_path)), 0)
            for rest, _ in checks[index + 1:]:
                results.record("%s: %s" % (config.name, rest), False, "not run: roost had exited", 0)
            return


def build_configs(names, cert_dir):
    configs = []
    for name in names:
        if name == "plain":
            configs.append(Config("plain", []))
        elif name == "deflate":
            configs.append(Config("deflate", ["--deflate"], deflate=True))
        elif name == "tls":
            cert, key = make_certificate(cert_dir)
            context = ssl.create_default_context(cafile=cert)  # verifies chain and 127.0.0.1
            configs.append(Config("tls", ["--tls-cert", cert, "--tls-key", key], tls=True,
                                  ssl_context=context))
        else:
            raise SystemExit("interop.py: unknown config %r (plain, deflate, tls)" % name)
    return configs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--roost-bin", default=os.environ.get("ROOST_BIN") or os.path.join(
        REPO, ".build", os.environ.get("ROOST_BUILD", "debug"), "roost"),
        help="roost executable (default: $ROOST_BIN, else .build/$ROOST_BUILD/roost, ROOST_BUILD=debug)")
    ap.add_argument("--configs", default="plain,deflate,tls")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per check")
    ap.add_argument("--log-dir", default=os.path.join(HERE, "reports", "interop"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    roost_bin = os.path.abspath(args.roost_bin)
    if not os.access(roost_bin, os.X_OK):
        print("interop.py: no roost executable at %s; build it or set ROOST_BIN" % roost_bin)
        return 2
    if "tls" in args.configs.split(",") and not shutil.which("openssl"):
        print("interop.py: openssl is needed for the tls config (apt-get install openssl)")
        return 2
    os.makedirs(args.log_dir, exist_ok=True)
    results = Results(verbose=args.verbose)
    cert_dir = tempfile.mkdtemp(prefix="roost-interop-")
    configs = []
    # Stop servers on SIGTERM/SIGINT too: turn them into SystemExit so `finally` runs.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    try:
        configs = build_configs(args.configs.split(","), cert_dir)
        print("interop: websockets %s against %s" % (websockets.version.version, roost_bin))
        for config in configs:
            error = start_server(roost_bin, config, args.log_dir)
            if error:
                results.record("%s: server starts" % config.name, False,
                               "roost echo %s %s\n%s" % (" ".join(config.flags), error, tail(config.log_path)), 0)
                stop_server(config)
                continue
            print("-- %s: %s at %s" % (config.name, " ".join(["roost echo"] + config.flags), config.url))
            asyncio.run(run_checks(config, results, args.timeout))
            if config.process.poll() is None:
                t0 = time.monotonic()
                error = stop_server(config)
                results.record("%s: exits on SIGTERM" % config.name, error is None, error or "",
                               time.monotonic() - t0)
    finally:
        for config in configs:
            if config.process is not None and config.process.poll() is None:
                config.process.kill()
                config.process.wait()
        shutil.rmtree(cert_dir, ignore_errors=True)

    print("interop: %.1f s; server logs in %s" % (time.monotonic() - started, os.path.relpath(args.log_dir)))
    if results.failures:
        print("Failed checks:")
        for name, detail in results.failures:
            print("  %s: %s" % (name, detail.splitlines()[0] if detail else ""))
    print("%d passed, %d failed" % (results.passed, results.failed))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())

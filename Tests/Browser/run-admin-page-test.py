#!/usr/bin/env python3
"""Real-browser test of the admin page: headless Chromium against a real `roost serve`.

Usage:
    Tests/Browser/run-admin-page-test.py [--screenshot FILE]

Starts `roost serve` with an admin token (ROOST_ADMIN_TOKEN), opens a game over a WebSocket as
player Ada, then drives /admin/ in Chromium over the DevTools protocol:
  wrong-token   a wrong token shows "wrong token" and fills no table
  tables        the right token fills the cluster table (this node, ready) and the games table
                (Ada's Connect Four game), and the token is in no URL, storage or the DOM
  console       the page logged no JavaScript exception or console.error

Uses ROOST_BIN if set, else builds the debug `roost`. Shares Tests/Browser/.venv (websockets) and
cdp.py with run-browser-test.py. Ends with "N passed, M failed"; exits 1 on a failed check.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python")


def ensure_websockets():
    """Re-executes under .venv (creating it) when `websockets` is not importable here."""
    try:
        import websockets  # noqa: F401
        return
    except ImportError:
        pass
    import subprocess
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        sys.exit("run-admin-page-test: websockets is missing from .venv; remove Tests/Browser/.venv and retry")
    if not os.path.exists(VENV_PYTHON) or subprocess.call([VENV_PYTHON, "-c", "import websockets"]) != 0:
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                               "-r", os.path.join(HERE, "requirements.txt")])
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


ensure_websockets()
sys.path.insert(0, HERE)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from websockets.sync.client import connect  # noqa: E402

from cdp import Browser  # noqa: E402

TOKEN = "admin-page-test-token-7f3a9c"
results = []


def check(condition, what):
    results.append(bool(condition))
    print(("ok    " if condition else "FAIL  ") + what, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def roost_binary():
    if os.environ.get("ROOST_BIN"):
        return os.environ["ROOST_BIN"]
    subprocess.run(["swift", "build", "--product", "roost"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, stdout=subprocess.PIPE, text=True,
                             check=True).stdout.strip()
    return os.path.join(bin_dir, "roost")


def wait_http(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def start_chromium(profile):
    port = free_port()
    chromium = next(filter(None, map(shutil.which, [os.environ.get("CHROMIUM") or "", "chromium", "chromium-browser",
                                                    "google-chrome"])), None)
    if chromium is None:
        sys.exit("run-admin-page-test: no chromium on PATH")
    process = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
         "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,700", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2) as response:
                return process, json.load(response)["webSocketDebuggerUrl"]
        except OSError:
            time.sleep(0.2)
    raise SystemExit("run-admin-page-test: chromium's DevTools port did not answer")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def open_game(ws):
    """Ada logs in on `ws` and opens a Connect Four game; returns its id (it lives while `ws` is open)."""
    ws.send(json.dumps({"t": "hello", "cid": 1, "v": 1, "client": {"name": "admin-page-test", "version": "1"}}))
    ws.send(json.dumps({"t": "login", "cid": 2, "name": "Ada"}))
    ws.send(json.dumps({"t": "game.create", "cid": 3, "kind": "connect4"}))
    while True:
        message = json.loads(ws.recv(timeout=10))
        if message.get("cid") == 3:
            if message.get("t") != "game.joined":
                raise SystemExit(f"run-admin-page-test: game.create answered {message}")
            return message["game"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshot", help="save a PNG of the filled page here")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="roost-admin-page-")
    port = free_port()
    env = dict(os.environ, ROOST_ADMIN_TOKEN=TOKEN)
    server = subprocess.Popen([roost_binary(), "serve", "--port", str(port), "--data-dir", os.path.join(work, "data")],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    chromium = None
    try:
        if not wait_http(f"http://127.0.0.1:{port}/healthz"):
            raise SystemExit("run-admin-page-test: roost serve did not answer /healthz")
        with connect(f"ws://127.0.0.1:{port}/ws", subprotocols=["roost.v1"], origin=f"http://127.0.0.1:{port}") as ws:
            chromium = drive_admin_page(port, open_game(ws), work, args.screenshot)
    finally:
        if chromium:
            stop(chromium)
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(results)
    print(f"admin page: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


def drive_admin_page(port, game, work, screenshot):
    """The checks, in Chromium; returns the Chromium process for the caller to stop."""
    chromium, ws_url = start_chromium(os.path.join(work, "profile"))
    try:
        browser = Browser(ws_url)
        page = browser.new_page("admin")
        page.navigate(f"http://127.0.0.1:{port}/admin/")
        page.wait_for("document.querySelector('#login') !== null", "the login form")

        page.fill("#token", "not-the-token-at-all")
        page.click("#login button")
        page.wait_for("document.querySelector('#status').textContent === 'wrong token'", "wrong token shown")
        check(page.eval("document.querySelectorAll('#nodes tr, #games tr').length") == 0, "wrong-token: no table filled")

        page.fill("#token", TOKEN)
        page.click("#login button")
        page.wait_for(f"document.querySelector('#games').textContent.includes({json.dumps(game)})", "the game listed",
                      timeout=15)
        nodes = page.eval("[...document.querySelectorAll('#nodes tr')].map(r => r.textContent)")
        games = page.eval("[...document.querySelectorAll('#games tr')].map(r => r.textContent)")
        check(len(nodes) == 1 and nodes[0].startswith("n1 (this node)yes"), f"tables: cluster row {nodes}")
        check(len(games) == 1 and "connect4" in games[0] and "waiting" in games[0] and "Ada" in games[0],
              f"tables: game row {games}")
        check("(ready)" in page.text("#node"), "tables: readiness shown")
        leaked = page.eval(f"""[location.href, document.documentElement.outerHTML, JSON.stringify(sessionStorage),
            JSON.stringify(localStorage), document.cookie].some(s => s.includes({json.dumps(TOKEN)}))""")
        check(not leaked, "tables: the token is in no URL, storage, cookie or the DOM")
        if screenshot:
            page.screenshot(screenshot)
        errors = list(page.console_errors)
        check(not errors, f"console: no JavaScript errors {errors}")
        browser.close()
    except BaseException:
        stop(chromium)
        raise
    return chromium


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Real-browser test of the web client: headless Chromium against a real `roost serve`.

Usage:
    Tests/Browser/run-browser-test.py [--keep] [--screenshots DIR] [-v]

It builds `roost` (or uses $ROOST_BIN), starts `roost serve` on a free loopback port with a
temporary --data-dir, starts `chromium --headless=new` with a DevTools port, opens two pages in
separate browser contexts (two players, each with its own sessionStorage) and drives them over the
DevTools protocol: DOM clicks and input through Runtime.evaluate, real key presses through
Input.dispatchKeyEvent, polling the DOM for the state each step waits for.

Scenarios, in order (each a check in the closing `N passed, M failed` line):
  login          Ada, Bob and Cy log in from the login form and reach the lobby
  lobby          Bob's lobby chat line reaches Ada and Cy; Cy's quickplay opens a waiting game
                 that Ada's lobby lists, and removes when Cy leaves it
  connect4       Ada creates Connect Four, Bob joins it from the lobby list, Cy watches it from
                 the list; Ada's chat line reaches the others; they play to a vertical four for
                 Ada. After move 2 Bob reloads the page: the token in sessionStorage logs him in
                 and welcome.games gives him his seat back. Before move 5 his connection drops
                 and resumes (same session, the missed move replayed); before move 6 his resume is
                 refused (a lastSeq the server never reached: bad_seq) and the new session takes
                 the seat back. A spectator's page is handed 30 hostile server messages and must
                 carry on. All three pages show the outcome.
  cycles         Ada creates a private Cycles game (2 seats, 32x32, 3 s countdown), Bob joins
                 with its invite code; during the countdown Ada steers (a real arrow key) along
                 the side with more room, Bob rides into the wall; both pages show Ada's win and
                 the crash
  console        no page logged a JavaScript exception or console.error

Environment:
    ROOST_BUILD   debug (default) or release: the build of roost to make and use
    ROOST_BIN     a roost binary to use instead of building one
    CHROMIUM      the browser binary (default: chromium, chromium-browser or google-chrome on PATH)
    BROWSER_TEST_TIMEOUT  seconds for the whole run after the build (default 240)

Runs under Tests/Browser/.venv (made here with `python3 -m venv` and pip on first use) for the
`websockets` package. On failure it writes a screenshot, the DOM and the console of each page,
and the server's log, to a directory it names, and exits 1; 2 on a setup error.
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
    in_venv = os.path.realpath(sys.prefix) == os.path.realpath(VENV)
    if in_venv or not os.path.exists(VENV_PYTHON) or subprocess.call([VENV_PYTHON, "-c", "import websockets"]) != 0:
        if in_venv:
            sys.exit("run-browser-test: websockets is missing from .venv; remove Tests/Browser/.venv and retry")
        print("run-browser-test: creating Tests/Browser/.venv", flush=True)
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
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from cdp import Browser, CDPError  # noqa: E402

STARTED = time.monotonic()
VERBOSE = False
SHOTS_DIR = None


def snapshot(page, label):
    """Saves a screenshot of `page` when --screenshots is given (for people; checks nothing)."""
    if SHOTS_DIR:
        page.screenshot(os.path.join(SHOTS_DIR, f"{label}-{page.name}.png"))


def log(text):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {text}", flush=True)


def debug(text):
    if VERBOSE:
        log(text)


class Failure(Exception):
    """A check failed."""


class SetupError(Exception):
    """Something the test needs could not be made ready."""


def check(condition, what):
    if not condition:
        raise Failure(what)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- processes ---------------------------------------------------------------------------


def roost_binary():
    if os.environ.get("ROOST_BIN"):
        return os.environ["ROOST_BIN"]
    build = os.environ.get("ROOST_BUILD", "debug")
    if build not in ("debug", "release"):
        raise SetupError(f"ROOST_BUILD must be debug or release, not {build!r}")
    args = ["swift", "build", "-c", build, "--product", "roost"]
    log(f"building roost: {' '.join(args)}")
    result = subprocess.run(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        print(result.stdout[-6000:])
        raise SetupError("swift build failed")
    bin_dir = subprocess.run(["swift", "build", "-c", build, "--show-bin-path"], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    return os.path.join(bin_dir, "roost")


class Server:
    """`roost serve` on a free loopback port, its output kept for the report."""

    def __init__(self, binary, data_dir):
        self.port = free_port()
        self.lines = []
        self.url = None
        self.ready = threading.Event()
        # A one-node cluster, so the nightly leaderboard job runs; its clock runs 43,200 times fast
        # (a night every two seconds), so the games played here are rated while the test runs.
        args = [binary, "serve", "--port", str(self.port), "--data-dir", data_dir,
                "--cluster-port", str(free_port()), "--cluster-secret-file", os.path.join(data_dir, "cluster.secret"),
                "--expected-nodes", "1", "--clock-rate", "43200", "--singleton-lease-ms", "3000"]
        os.makedirs(data_dir, exist_ok=True)
        with open(os.path.join(data_dir, "cluster.secret"), "w") as secret:
            secret.write(os.urandom(32).hex() + "\n")
        log(f"starting {' '.join(args[1:])}")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = re.search(r"listening on (wss?://\S+)", line)
            if match and not self.ready.is_set():
                self.url = match.group(1)
                self.ready.set()
        self.ready.set()

    def wait_ready(self, timeout=60):
        if not self.ready.wait(timeout) or self.url is None:
            raise SetupError(f"roost serve did not say 'listening on' within {timeout} s:\n" + "\n".join(self.lines[-30:]))
        http = self.url.replace("wss://", "https://").replace("ws://", "http://")
        return http[: -len("/ws")] + "/" if http.endswith("/ws") else http

    def stop(self):
        stop_process(self.process, "roost serve")


def stop_process(process, name):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=5)
    except (subprocess.TimeoutExpired, ProcessLookupError, PermissionError):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)
    debug(f"{name} stopped ({process.returncode})")


def chromium_binary():
    for name in filter(None, [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]):
        path = shutil.which(name)
        if path:
            return path
    raise SetupError("no chromium on PATH: apt-get install chromium (or set CHROMIUM)")


def start_chromium(profile_dir):
    port = free_port()
    args = [
        chromium_binary(), "--headless=new", "--no-sandbox", f"--remote-debugging-port={port}",
        f"--user-data-dir={profile_dir}", "--no-first-run", "--no-default-browser-check", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows", "--window-size=1200,900", "about:blank",
    ]
    log("starting chromium --headless=new")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"chromium exited ({process.returncode}): {process.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2) as response:
                return process, json.load(response)["webSocketDebuggerUrl"]
        except OSError:
            time.sleep(0.2)
    stop_process(process, "chromium")
    raise SetupError("chromium's DevTools port did not answer within 60 s")


# --- page steps --------------------------------------------------------------------------


def screen_is(page, name, timeout=15):
    page.wait_for(f"document.body.dataset.screen === {json.dumps(name)}", f"the {name} screen", timeout)


def log_in(page, name):
    screen_is(page, "login", timeout=20)
    page.fill("#nickname", name)
    page.click("#login-button")
    screen_is(page, "lobby")
    page.wait_for(f"document.querySelector('#me').textContent === {json.dumps(name)}", f"{name} shown as the player")


def create_game(page, kind, fields):
    page.fill("#create-kind", kind)
    for selector, value in fields.items():
        page.fill(selector, value)
    page.click("#create-button")
    screen_is(page, "game")
    page.wait_for(f"document.querySelector('#game-view').dataset.kind === {json.dumps(kind)}"
                  " && document.querySelector('#game-state').dataset.state === 'waiting'", f"a waiting {kind} game")
    return page.eval("document.querySelector('#game-view').dataset.game")


def join_from_lobby(page, game_id):
    button = f'#lobby-games-body tr[data-game-id="{game_id}"] button[data-action="join"]'
    page.wait_for(f"!!document.querySelector({json.dumps(button)})", f"game {game_id} listed with a Join button")
    page.click(button)
    screen_is(page, "game")


def both_playing(pages, game_id):
    for page in pages:
        page.wait_for(f"document.querySelector('#game-view').dataset.game === {json.dumps(game_id)}"
                      " && document.querySelector('#game-state').dataset.state === 'playing'", "the game to start")


def wait_outcome(page, result, winner):
    return page.wait_for(
        f"""(() => {{
            const o = document.querySelector('#outcome');
            if (o.hidden || o.dataset.result !== {json.dumps(result)} || o.dataset.winner !== {json.dumps(str(winner))}) return null;
            return document.querySelector('#outcome-title').textContent;
        }})()""", f"the outcome ({result}, winner seat {winner})", timeout=15)


# --- scenarios ---------------------------------------------------------------------------


def scenario_login(pages, base_url):
    for page in pages:
        page.navigate(base_url)
    snapshot(pages[0], "1-login")
    for page in pages:
        log_in(page, page.name)


def scenario_lobby(ada, bob, cy):
    bob.fill("#lobby-chat-input", "hello lobby")
    bob.click("#lobby-chat .chat-form button")
    for page in (ada, cy):
        page.wait_for("[...document.querySelectorAll('#lobby-chat .chat-log li')].some(li => li.textContent.endsWith('Bob hello lobby'))",
                      f"Bob's lobby chat line on {page.name}'s page")
    cy.click("#quickplay-connect4")
    screen_is(cy, "game")
    game = cy.wait_for("document.querySelector('#game-state').dataset.state === 'waiting' && document.querySelector('#game-view').dataset.game",
                       "Cy's quickplay game, waiting")
    row = f'#lobby-games-body tr[data-game-id="{game}"][data-state="waiting"]'
    ada.wait_for(f"!!document.querySelector({json.dumps(row)})", "Cy's quickplay game in Ada's lobby")
    cy.click("#leave-button")  # a waiting game: no forfeit, so no confirmation
    screen_is(cy, "lobby")
    ada.wait_for(f"!document.querySelector('#lobby-games-body tr[data-game-id=\"{game}\"]')", "the left game gone from Ada's lobby")
    log(f"lobby: chat reached everyone; Cy's quickplay game {game} was listed and removed when she left it")


def drop_connection(page):
    """Drops the page's WebSocket as a dead network would be noticed: the client abandons it and
    reconnects with resume (the same path its idle check takes)."""
    page.eval("roost.session.drop(), roost.session.scheduleReconnect('soon', 'test drop'), true")


def scenario_connect4(ada, bob, cy):
    game = create_game(ada, "connect4", {"#create-clock": "60000"})
    log(f"connect4: Ada created {game}")
    snapshot(bob, "2-lobby")
    join_from_lobby(bob, game)
    both_playing((ada, bob), game)
    ada.wait_for("document.querySelector('#turn').dataset.mine === 'true'", "Ada's turn")
    check(bob.eval("document.querySelector('#turn').dataset.mine") == "false", "Bob sees that it is not his turn")
    check(bob.eval("document.querySelector('[data-col=\"0\"]').disabled"), "Bob's columns are disabled on Ada's turn")
    check(ada.wait_for("!document.querySelector('#clock').hidden && document.querySelector('#clock').textContent",
                       "the move clock"), "Ada sees the move clock")

    # Cy watches from the lobby list.
    watch = f'#lobby-games-body tr[data-game-id="{game}"][data-state="playing"] button[data-action="watch"]'
    cy.wait_for(f"!!document.querySelector({json.dumps(watch)})", "the game listed as playing, with Watch")
    cy.click(watch)
    screen_is(cy, "game")
    cy.wait_for("document.querySelector('#game-view').dataset.role === 'spectator'", "Cy watching")
    check(cy.eval("[...document.querySelectorAll('[data-col]')].every(b => b.disabled)"), "a spectator cannot drop discs")

    feed_hostile_messages(cy, game)

    ada.fill("#game-chat-input", "good luck!")
    ada.click("#game-chat .chat-form button")
    for page in (bob, cy):
        page.wait_for("[...document.querySelectorAll('#game-chat .chat-log li')].some(li => li.textContent.endsWith('Ada good luck!'))",
                      f"Ada's chat line on {page.name}'s page")

    columns = [0, 1, 0, 1, 0, 1, 0]  # Ada: column 0 four times, a vertical four
    for number, column in enumerate(columns, start=1):
        mover, other = (ada, bob) if number % 2 == 1 else (bob, ada)
        if number == 3:
            reload_mid_game(bob, game, moves=2)
        if number == 5:
            # Bob's connection drops before Ada's 5th disc: he must get it by resume, not a new session.
            session_before = bob.eval("roost.session.sessionId")
            drop_connection(bob)
        if number == 6:
            refused_resume(bob, game, moves=5)
        mover.wait_for("document.querySelector('#turn').dataset.mine === 'true'"
                       f" && !document.querySelector('[data-col=\"{column}\"]').disabled", f"{mover.name}'s turn")
        mover.click(f'[data-col="{column}"]')
        for page in (mover, other, cy):
            page.wait_for(f"document.querySelector('#c4-board').dataset.moves === '{number}'", f"move {number} on {page.name}'s board")
        if number == 5:
            bob.wait_for("document.querySelector('#status').dataset.state === 'open'", "Bob reconnected")
            check(bob.eval("roost.session.sessionId") == session_before, "Bob's session resumed (same session id)")
            log("connect4: Bob's connection dropped and resumed; the missed move was replayed")
        seat = 0 if mover is ada else 1
        row = columns[:number].count(column) - 1
        for page in (ada, bob, cy):
            check(page.eval(f"document.querySelector('[data-col=\"{column}\"] .cell[data-row=\"{row}\"]').dataset.seat") == str(seat),
                  f"{page.name} shows move {number} at column {column}, row {row}")

    check(wait_outcome(ada, "win", 0) == "You win!", "Ada's page says she won")
    snapshot(ada, "3-connect4-over")
    check(wait_outcome(bob, "win", 0) == "Ada wins", "Bob's page says Ada won")
    check(wait_outcome(cy, "win", 0) == "Ada wins", "Cy's page says Ada won")
    check(ada.text("#outcome-reason") == "(four in a row)", "the outcome gives the reason")
    check(bob.eval("[...document.querySelectorAll('#placements li')].map(li => li.textContent).join('|')") == "Ada|Bob",
          "the placements list Ada then Bob")
    check(ada.eval("[...document.querySelectorAll('[data-col]')].every(b => b.disabled)"), "the board is closed after the win")
    log("connect4: Ada won with four in column 0; the players and the spectator see it")
    for page in (ada, bob, cy):
        page.click("#back-to-lobby")
        screen_is(page, "lobby")


def hostile_messages(game):
    """Server messages a client must survive (§12): not JSON, not objects, unknown types and
    kinds, known types with fields of the wrong type. The last one is a well-formed update that
    does not fit the board, which makes the client start a new session and rejoin for a fresh
    snapshot."""
    g = json.dumps(game)
    return [
        "", "not json", "[]", "42", "null", '{"t":7}', '{"no":"type"}', '{"t":"brand.new.type","x":[1,2]}',
        '{"t":"welcome"}', '{"t":"login.ok","player":"x"}', '{"t":"ok","cid":"x"}',
        '{"t":"lobby.snapshot","rev":1,"games":"x"}', '{"t":"lobby.event","rev":"x","event":"seat"}',
        '{"t":"lobby.event","rev":999999,"event":"seat","id":"zzz","game":{"id":"zzz"}}',
        '{"t":"lobby.event","rev":999999,"event":"teleported","id":"zzz"}',
        '{"t":"game.joined"}', '{"t":"game.joined","game":5}',
        '{"t":"game.update","game":"nope","u":{"k":"placed","seat":0,"column":0,"row":0}}',
        f'{{"t":"game.update","game":{g},"u":null}}', f'{{"t":"game.update","game":{g},"u":{{"k":"fireworks"}}}}',
        f'{{"t":"game.update","game":{g},"u":{{"k":"turn","seat":"x","remaining":"soon"}}}}',
        f'{{"t":"game.player","game":{g},"seat":"x","player":null,"status":7}}',
        f'{{"t":"game.started","game":{g},"snapshot":"x"}}', f'{{"t":"game.finished","game":{g},"outcome":"x"}}',
        '{"t":"chat","room":"lobby","from":{"id":1},"text":5}', f'{{"t":"chat","room":{g},"from":null}}',
        '{"t":"error","code":123,"message":null}', '{"t":"pong","at":"x"}', '{"t":"redirect","url":5}',
        f'{{"t":"game.update","game":{g},"u":{{"k":"placed","seat":1,"column":3,"row":4}}}}',
    ]


def feed_hostile_messages(page, game):
    """Hands `page`'s session hostile server texts, as its socket would, and checks that the game
    goes on (the moves that follow are checked on this page too)."""
    session_before = page.eval("roost.session.sessionId")
    for text in hostile_messages(game):
        page.eval(f"roost.session.received({json.dumps(text)}), true")
    page.wait_for(f"roost.session.sessionId !== {json.dumps(session_before)} && roost.session.isOpen"
                  f" && document.querySelector('#game-view').dataset.game === {json.dumps(game)}"
                  " && document.querySelector('#game-state').dataset.state === 'playing'"
                  " && document.querySelector('#c4-board').dataset.moves === '0'",
                  "the spectator back on the game with a fresh snapshot after hostile input")
    check(page.eval("[...document.querySelectorAll('#players li')].map(li => li.textContent.trim()).join('|')") == "Ada|Bob",
          "the player list survived hostile input")
    log(f"connect4: {page.name}'s page survived {len(hostile_messages(game))} hostile messages and rejoined for a fresh snapshot")


def refused_resume(page, game, moves):
    """Makes `page`'s next resume ask for messages the server never sent (`lastSeq` ahead), which
    the server refuses (`bad_seq`) with a new session; the client must then take its seat back
    from `welcome.games` with a fresh snapshot."""
    session_before = page.eval("roost.session.sessionId")
    page.eval("roost.session.lastSeq += 1000, true")
    drop_connection(page)
    page.wait_for(f"roost.session.isOpen && roost.session.sessionId !== {json.dumps(session_before)}"
                  f" && document.querySelector('#game-view').dataset.game === {json.dumps(game)}"
                  f" && document.querySelector('#c4-board').dataset.moves === '{moves}'",
                  "a new session with the seat back after the refused resume", timeout=15)
    check(page.eval("[...document.querySelectorAll('#lobby-chat .notice')].some(li => li.textContent.includes('bad_seq'))"),
          f"{page.name}'s page says why it has a new session")
    log(f"connect4: {page.name}'s resume was refused (bad_seq); a new session took the seat back")


def reload_mid_game(page, game, moves):
    """Reloads `page`: the new page logs in with the token from sessionStorage (a new session)
    and takes its seat back from `welcome.games`, with a fresh snapshot."""
    page.reload()
    page.wait_for(f"document.body.dataset.screen === 'game' && document.querySelector('#game-view').dataset.game === {json.dumps(game)}"
                  f" && document.querySelector('#c4-board').dataset.moves === '{moves}'", "the game back after the reload", timeout=20)
    check(page.text("#me") == page.name, f"{page.name} is logged back in by the token")
    log(f"connect4: {page.name} reloaded the page and is back in the game with the board as it was")


KEYS = {"north": ("ArrowUp", 38), "east": ("ArrowRight", 39), "south": ("ArrowDown", 40), "west": ("ArrowLeft", 37)}


def safe_turn(x, y, heading, width, height):
    """The perpendicular heading with the most room ahead of the cell (x, y)."""
    room = {"north": y, "south": height - 1 - y, "west": x, "east": width - 1 - x}
    sideways = ("east", "west") if heading in ("north", "south") else ("north", "south")
    return max(sideways, key=lambda h: room[h])


def scenario_cycles(ada, bob):
    ada.eval("document.querySelector('#create-private').checked = true")
    game = create_game(ada, "cycles", {"#create-seats": "2", "#create-grid": "32", "#create-countdown": "3"})
    invite = ada.wait_for("document.querySelector('#invite').hidden ? null : document.querySelector('#invite-code').textContent",
                          "the invite code of the private game")
    log(f"cycles: Ada created private {game}, invite {invite}")
    invite_button = f'#lobby-games-body tr[data-game-id="{game}"][data-private="true"] button[data-action="invite"]'
    bob.wait_for(f"!!document.querySelector({json.dumps(invite_button)})", "the private game listed with 'Join with invite'")
    bob.click(invite_button)
    bob.fill("#join-code", invite)
    bob.click("#join-by-invite")
    screen_is(bob, "game")
    both_playing((ada, bob), game)
    for page in (ada, bob):
        page.wait_for("document.querySelector('#cycles-view').dataset.countdown === 'running'"
                      " && !document.querySelector('#countdown').hidden", f"the countdown on {page.name}'s page")
    me = ada.eval("""(() => {
        const li = document.querySelector('#players li[data-seat="0"]');
        const view = document.querySelector('#cycles-view');
        return {x: +li.dataset.x, y: +li.dataset.y, heading: li.dataset.heading, w: +view.dataset.w, h: +view.dataset.h};
    })()""")
    turn = safe_turn(me["x"], me["y"], me["heading"], me["w"], me["h"])
    log(f"cycles: Ada starts at ({me['x']}, {me['y']}) heading {me['heading']} on {me['w']}x{me['h']}; she presses {KEYS[turn][0]}")
    snapshot(bob, "4-cycles-countdown")
    ada.press(KEYS[turn][0], KEYS[turn][0], KEYS[turn][1])

    check(wait_outcome(ada, "win", 0) == "You win!", "Ada's page says she won the Cycles round")
    check(wait_outcome(bob, "win", 0) == "Ada wins", "Bob's page says Ada won the Cycles round")
    snapshot(bob, "5-cycles-over")
    check(ada.text("#outcome-reason") == "(last cycle riding)", "the Cycles outcome gives the reason")
    for page in (ada, bob):
        check(page.eval("document.querySelector('#players li[data-seat=\"1\"]').dataset.riding") == "false",
              f"{page.name}'s page marks Bob's cycle as crashed")
        check(page.eval("document.querySelector('#players li[data-seat=\"0\"]').dataset.heading") == turn,
              f"{page.name}'s page shows Ada's cycle heading {turn}")
    crash = bob.text('#players li[data-seat="1"] .cycle-status')
    tick = int(ada.eval("document.querySelector('#cycles-view').dataset.tick"))
    log(f"cycles: Ada won at tick {tick}; Bob's cycle: {crash}")


# --- reporting ---------------------------------------------------------------------------


def scenario_leaderboard(ada, bob):
    """The lobby's leaderboard panel: the games played above, rated by the nightly job (a night
    passes every two seconds here), with when games are rated next (UTC, from the server)."""
    for page in (ada, bob):
        page.click("#back-to-lobby")
        screen_is(page, "lobby")
    deadline = time.monotonic() + 30
    rows = None
    while time.monotonic() < deadline:
        ada.click("#board-refresh")
        time.sleep(0.5)
        rows = ada.eval("[...document.querySelectorAll('#board-body tr')].map(tr => tr.textContent)")
        if rows and any("Ada" in row for row in rows) and any("Bob" in row for row in rows):
            break
    check(rows and any("Ada" in row for row in rows) and any("Bob" in row for row in rows),
          f"Ada and Bob on the Connect Four board after their games were rated: {rows}")
    check(ada.eval("!!document.querySelector('#board-body tr.mine')"), "Ada's own row stands out on her board")
    info = ada.wait_for("document.querySelector('#board-info').textContent.includes('next rating') && document.querySelector('#board-info').textContent",
                        "the leaderboard's next rating time on Ada's page")
    log(f"leaderboard: {rows}; {info}")


def report_failure(pages, server, artifacts):
    os.makedirs(artifacts, exist_ok=True)
    for page in pages:
        try:
            page.screenshot(os.path.join(artifacts, f"{page.name}.png"))
            with open(os.path.join(artifacts, f"{page.name}.html"), "w") as file:
                file.write(page.eval("document.documentElement.outerHTML") or "")
        except Exception as error:  # the browser may be the thing that failed
            print(f"  ({page.name}: no screenshot/DOM: {error})")
        visible = ""
        try:
            visible = page.eval("document.querySelector('main').innerText.slice(0, 1500)")
        except Exception:
            pass
        screen = _safe_eval(page, "document.body.dataset.screen")
        status = _safe_eval(page, "document.querySelector('#status').textContent")
        error = _safe_eval(page, "document.querySelector('#error').hidden ? '' : document.querySelector('#error-text').textContent")
        print(f"--- {page.name}: screen={screen} status={status} error={error}")
        print("\n".join("    " + line for line in (visible or "").splitlines()[:40]))
        for line in page.console_errors + page.log_lines[-20:]:
            print(f"    {line}")
    if server is not None:
        with open(os.path.join(artifacts, "server.log"), "w") as file:
            file.write("\n".join(server.lines))
        print("--- server log (last 30 lines)")
        print("\n".join("    " + line for line in server.lines[-30:]))
    print(f"screenshots, DOM and the server log are in {artifacts}")


def _safe_eval(page, expression):
    try:
        return page.eval(expression)
    except Exception:
        return "?"


def main():
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--screenshots", metavar="DIR", help="save screenshots of the key moments to DIR")
    options = parser.parse_args()
    VERBOSE = options.verbose
    if options.screenshots:
        global SHOTS_DIR
        SHOTS_DIR = os.path.abspath(options.screenshots)
        os.makedirs(SHOTS_DIR, exist_ok=True)

    work = tempfile.mkdtemp(prefix="roost-browser-")
    server = chromium = browser = None
    pages = []
    passed, failed = [], []
    try:
        binary = roost_binary()
        timeout = int(os.environ.get("BROWSER_TEST_TIMEOUT", "240"))

        def expired(signum, frame):
            raise Failure(f"the whole run took longer than BROWSER_TEST_TIMEOUT={timeout} s")

        signal.signal(signal.SIGALRM, expired)
        signal.alarm(timeout)
        server = Server(binary, os.path.join(work, "data"))
        base_url = server.wait_ready()
        log(f"server at {base_url}")
        chromium, ws_url = start_chromium(os.path.join(work, "profile"))
        browser = Browser(ws_url)
        ada, bob, cy = browser.new_page("Ada"), browser.new_page("Bob"), browser.new_page("Cy")
        pages = [ada, bob, cy]

        scenarios = [
            ("login", lambda: scenario_login(pages, base_url)),
            ("lobby", lambda: scenario_lobby(ada, bob, cy)),
            ("connect4", lambda: scenario_connect4(ada, bob, cy)),
            ("cycles", lambda: scenario_cycles(ada, bob)),
            ("leaderboard", lambda: scenario_leaderboard(ada, bob)),
        ]
        for name, run in scenarios:
            began = time.monotonic()
            try:
                run()
            except (Failure, CDPError) as error:
                failed.append(name)
                log(f"FAIL {name}: {error}")
                break  # later scenarios build on the earlier ones
            passed.append(name)
            log(f"ok   {name} ({time.monotonic() - began:.1f} s)")
        for page in pages:
            for line in page.log_lines:
                debug(f"{page.name} {line}")
        errors = [f"{page.name}: {line}" for page in pages for line in page.console_errors]
        if not failed:
            if errors:
                failed.append("console")
                log("FAIL console: the pages logged errors:\n  " + "\n  ".join(errors))
            else:
                passed.append("console")
        signal.alarm(0)
    except SetupError as error:
        log(f"setup error: {error}")
        return 2
    except (Failure, CDPError) as error:
        failed.append("run")
        log(f"FAIL: {error}")
    finally:
        signal.alarm(0)
        if failed:
            report_failure(pages, server, os.path.join(work, "artifacts"))
        if browser is not None:
            browser.close()
        if chromium is not None:
            stop_process(chromium, "chromium")
        if server is not None:
            server.stop()
        if not failed and not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    log(f"browser test finished in {time.monotonic() - STARTED:.1f} s")
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

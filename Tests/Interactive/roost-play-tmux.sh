#!/usr/bin/env bash
# Plays a whole Connect Four game between two roost-play terminals, driven through tmux, against
# a real `roost serve` on a free loopback port, with one player's connection dropped and resumed
# midway (same seat, nothing missed); then restarts the server and checks that both clients come
# back on their own, logged in with their tokens. Every wait has a timeout, and
# everything it starts (a private tmux server, the game server, a temporary data directory) is
# cleaned up on any exit. On failure it prints both screens and the server's log.
#
# Usage: Tests/Interactive/roost-play-tmux.sh
# Environment:
#   ROOST_BUILD  debug or release: use the binaries already built in .build/$ROOST_BUILD instead
#                of building (CI sets it after its own build). Unset: builds debug first.
#   WAIT_SECONDS how long one step may take before the test fails (default 20).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
wait_seconds="${WAIT_SECONDS:-20}"

if [[ -n "${ROOST_BUILD:-}" ]]; then
  build="$ROOST_BUILD"
else
  build=debug
  (cd "$repo" && swift build --product roost && swift build --product roost-play) >&2
fi
bin="$repo/.build/$build"
for tool in roost roost-play; do
  [[ -x "$bin/$tool" ]] || { echo "roost-play-tmux: no $bin/$tool; build it or unset ROOST_BUILD" >&2; exit 2; }
done
command -v tmux >/dev/null || { echo "roost-play-tmux: tmux is not installed" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/roost-play-tmux.XXXXXX")"
socket="roost-play-test-$$"   # a private tmux server: the user's own sessions are never touched
server_pid=""

T() { tmux -u -L "$socket" "$@"; }

cleanup() {
  T kill-server 2>/dev/null || true
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "roost-play-tmux: FAILED: $*" >&2
  for session in ada bob; do
    echo "----- screen of $session -----" >&2
    T capture-pane -p -t "$session" >&2 2>/dev/null || echo "(no $session session)" >&2
  done
  echo "----- server log (last 20 lines) -----" >&2
  tail -n 20 "$work/server.log" >&2 2>/dev/null || true
  exit 1
}

step() { printf 'roost-play-tmux: %s\n' "$*"; }

# Starts `roost serve` on port $1 (0: a free one) and sets $url from its "listening on" line.
start_server() {
  : > "$work/server.log"
  "$bin/roost" serve --port "$1" --threads 1 --data-dir "$work/data" --relaxed-durability \
    > "$work/server.log" 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + wait_seconds))
  until grep -q "listening on" "$work/server.log"; do
    kill -0 "$server_pid" 2>/dev/null || fail "roost serve exited"
    (( SECONDS < deadline )) || fail "roost serve did not start within ${wait_seconds}s"
    sleep 0.1
  done
  url="$(grep -o 'ws://[^ ]*' "$work/server.log" | head -n 1)"
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Waits until session $1's screen shows the text $2.
wait_for() {
  local deadline=$((SECONDS + wait_seconds))
  until T capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
    (( SECONDS < deadline )) || fail "no '$2' on $1's screen within ${wait_seconds}s"
    sleep 0.1
  done
}

# Starts roost-play in an 80x24 session $1 with arguments $2...; the pane stays after it exits.
start_client() {
  local session="$1"
  shift
  T new-session -d -s "$session" -x 80 -y 24 \
    "$bin/roost-play $*; echo roost-play exited with status \$?; sleep 600"
}

# Plays column $2 (1-7) as session $1 once it is that player's turn.
play() {
  wait_for "$1" "Your turn"
  T send-keys -t "$1" "$2" Enter
  wait_for "$1" "'s turn"
}

step "starting roost serve"
start_server 0
port="${url##*:}"
port="${port%%/*}"

step "two players log in ($url)"
start_client ada "$url" --name Ada
start_client bob "$url"
wait_for ada "Ada · online"
wait_for ada "logged in as Ada"
wait_for bob "Nickname:"
wait_for bob "online"
T send-keys -t bob "Bob" Enter
wait_for bob "logged in as Bob"

step "Ada opens a Connect Four game, Bob joins it from the lobby"
T send-keys -t ada c
wait_for ada "Waiting for an opponent"
wait_for bob "Connect Four  waiting   1/2    Ada"
T send-keys -t bob Enter
wait_for bob "you play O"
wait_for ada "Your turn"

step "they play columns 1,2,1,2,1,2,1 to a win; Bob's connection drops midway and resumes"
for round in 1 2 3; do
  play ada 1
  if [[ $round == 2 ]]; then
    T send-keys -t bob '!'   # drop without a close frame, as a network failure would
    wait_for bob "reconnected: session resumed"
    wait_for ada "Bob is back"
  fi
  play bob 2
done
wait_for ada "Your turn"
T send-keys -t ada 1 Enter
for session in ada bob; do wait_for "$session" "Game over: Ada wins (four in a row)"; done
wait_for ada "You win!"
wait_for bob "You lose."
[[ "$(T capture-pane -p -t bob | grep -cF '| X | O |')" == 3 ]] || fail "Bob's board does not show the three X/O rows"

step "the server restarts; both clients come back logged in with their tokens"
stop_server
wait_for ada "reconnecting"
wait_for bob "reconnecting"
start_server "$port"
wait_for ada "reconnected as Ada"
wait_for bob "reconnected as Bob"
wait_for ada "Ada · online"
wait_for bob "Bob · online"

step "the new session works: Ada opens a game, Bob sees it"
T send-keys -t ada c
wait_for ada "Waiting for an opponent"
wait_for bob "Connect Four  waiting   1/2    Ada"

step "Bob opens the leaderboards, switches game and board, and goes back"
T send-keys -t bob l
wait_for bob "Connect Four leaderboard, all time"
wait_for bob "next rating"
T send-keys -t bob Tab
wait_for bob "Cycles leaderboard, all time"
T send-keys -t bob a
wait_for bob "Cycles leaderboard, last period"
T send-keys -t bob Escape
wait_for bob "Games ("

step "both quit cleanly"
T send-keys -t ada q
wait_for ada "Games ("
T send-keys -t ada q
T send-keys -t bob q
wait_for ada "roost-play exited with status 0"
wait_for bob "roost-play exited with status 0"

step "passed"

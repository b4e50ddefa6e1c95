#!/usr/bin/env bash
# Runs the Autobahn|Testsuite against roost and prints a pass/fail summary.
#
# Usage: Tests/Conformance/run-autobahn.sh [server|client|all]     (default: all)
#
#   server  wstest -m fuzzingclient against `roost echo` (agent roost) and
#           `roost echo --deflate` (agent roost-deflate); spec: fuzzingclient.json
#   client  wstest -m fuzzingserver, driven by `roost autobahn-client --agent roost` and
#           `roost autobahn-client --agent roost-deflate --deflate`; spec: fuzzingserver.json
#
# Each agent's cases are split round-robin into shards of at most ~50, and up to
# AUTOBAHN_JOBS shards run at once, each with its own wstest process (wstest is
# single-threaded Python 2).
#
# Environment:
#   ROOST_BIN        roost executable (default: .build/$ROOST_BUILD/roost under the repo root)
#   ROOST_BUILD      debug (default) or release; only used to find the default ROOST_BIN
#   ROOST_THREADS    if set, passed to `roost echo` as --threads N
#   AUTOBAHN_CASES   comma-separated case patterns replacing the specs' list, e.g. "1.*,5.*"
#   AUTOBAHN_EXCLUDE comma-separated case patterns to leave out (added to the specs' exclude-cases)
#   AUTOBAHN_JOBS    shards run at once (default: number of cores)
#   AUTOBAHN_TIMEOUT seconds one shard (about 50 cases) may take before it is killed (default 900)
#
# Reports: Tests/Conformance/reports/{server,client}/AGENT.N/ (wstest's JSON and HTML).
# Exit status: 0 when every case is OK, NON-STRICT or INFORMATIONAL (behavior and
# behaviorClose), every expected case ran, and roost started, stayed up and exited on
# SIGTERM; 1 otherwise; 2 on a usage or setup error. Every process it starts is
# stopped on exit, however it exits.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mode="${1:-all}"
case "$mode" in
  server|client|all) ;;
  -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
  *) echo "run-autobahn.sh: unknown mode '$mode' (server, client or all)" >&2; exit 2 ;;
esac

roost_bin="${ROOST_BIN:-$repo/.build/${ROOST_BUILD:-debug}/roost}"
[[ "$roost_bin" == /* ]] || roost_bin="$PWD/$roost_bin"
if [[ ! -x "$roost_bin" ]]; then
  echo "run-autobahn.sh: no roost executable at $roost_bin" >&2
  echo "  build it (swift build, or swift build -c release with ROOST_BUILD=release) or set ROOST_BIN" >&2
  exit 2
fi
venv_python="$here/.venv/bin/python"
wstest="$here/.venv/bin/wstest"
if [[ ! -x "$wstest" ]]; then
  echo "run-autobahn.sh: wstest is not installed; run Tests/Conformance/install.sh" >&2
  exit 2
fi
shard_timeout="${AUTOBAHN_TIMEOUT:-900}"
jobs="${AUTOBAHN_JOBS:-$(nproc)}"
(( jobs >= 1 )) || jobs=1
reports="$here/reports"
agents=(roost roost-deflate)
started=$SECONDS

log() { printf '[autobahn %4ds] %s\n' "$((SECONDS - started))" "$*"; }

# --- process bookkeeping: everything started here is stopped on exit -------------------
# Shards run under `set -m`, so each is its own process group and is stopped whole.
server_pids=()
shard_groups=()
cleanup() {
  local pid
  for pid in "${shard_groups[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${shard_groups[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  for pid in "${server_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Problems outside the case reports (crash, hang, bad exit), one per line; shards append.
failures_file="$reports/harness-failures.txt"
fail() { echo "$*" >> "$failures_file"; log "FAIL: $*"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_listening PID LOG: until LOG has roost's ready line; prints the port it names.
wait_for_listening() {
  local pid="$1" logfile="$2" i
  for ((i = 0; i < 300; i++)); do
    if grep -qE 'listening on wss?://' "$logfile" 2>/dev/null; then
      grep -oE 'listening on wss?://[^ ]+' "$logfile" | head -1 | sed -E 's/.*:([0-9]+)\/?$/\1/'
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# wait_for_port PID PORT: until something accepts on 127.0.0.1:PORT (and PID is alive).
wait_for_port() {
  local pid="$1" port="$2" i
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# stop_process PID: SIGTERM, then SIGKILL after 10 s. Fails if SIGKILL was needed.
stop_process() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 1
}

tail_log() { echo "---- last lines of ${1#$repo/} ----"; tail -n "${2:-15}" "$1" 2>/dev/null; echo "----"; }

flags_for() {  # flags_for AGENT: the options that agent's roost runs with
  [[ "$1" == *-deflate ]] && echo --deflate
}

# plan ROLE TEMPLATE DIR: writes DIR/expected.json (agent -> case ids, after AUTOBAHN_CASES)
# and one spec per shard, DIR/AGENT.N.spec.json with "cases" set to that shard's ids.
plan() {
  local role="$1" template="$2" dir="$3"
  python3 - "$role" "$template" "$dir" "$jobs" "${agents[@]}" <<'PY' || return 1
import json, os, subprocess, sys
role, template, out_dir, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
agents = sys.argv[5:]
with open(template) as f:
    spec = json.load(f)
spec.pop("_comment", None)
override = os.environ.get("AUTOBAHN_CASES", "").strip()
if override:
    spec["cases"] = [c.strip() for c in override.split(",") if c.strip()]
excluded = os.environ.get("AUTOBAHN_EXCLUDE", "").strip()
if excluded:
    spec["exclude-cases"] = spec.get("exclude-cases", []) + [c.strip() for c in excluded.split(",") if c.strip()]
base = os.path.join(out_dir, "base.spec.json")
with open(base, "w") as f:
    json.dump(spec, f, indent=1)
expected = json.loads(subprocess.check_output(
    [os.environ["VENV_PYTHON"], os.environ["EXPECTED_CASES"], role, base] + agents))
with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
for agent in agents:
    cases = expected[agent]
    # At most ~50 cases a shard: wstest writes its report only when it finishes, so a
    # shard that hits AUTOBAHN_TIMEOUT loses only its own cases. Round-robin spreads the
    # slow cases (9.*, 12.*, 13.*, which grow in size within each section) evenly.
    # Each shard costs ~5 s of wstest start-up.
    if not cases:
        continue  # e.g. AUTOBAHN_CASES="12.*" leaves nothing for agent roost
    n = min(len(cases), max(jobs, -(-len(cases) // 50)))
    for i in range(n):
        shard = dict(spec)
        shard["cases"] = cases[i::n]
        shard["exclude-agent-cases"] = {}
        shard["outdir"] = os.path.join(out_dir, "%s.%d" % (agent, i + 1))
        if role == "fuzzingclient":
            shard["servers"] = [s for s in spec["servers"] if s["agent"] == agent][:1]
        with open(os.path.join(out_dir, "%s.%d.spec.json" % (agent, i + 1)), "w") as f:
            json.dump(shard, f, indent=1)
PY
  rm -f "$dir/base.spec.json"
}

# --- shard runners (each runs as its own process group) --------------------------------

# server_shard SPEC URL: wstest fuzzingclient against URL (rewritten into the spec).
server_shard() {
  local spec="$1" url="$2" name rc
  name="$(basename "$spec" .spec.json)"
  python3 -c 'import json, sys; p, u = sys.argv[1:]; s = json.load(open(p)); s["servers"][0]["url"] = u; json.dump(s, open(p, "w"), indent=1)' "$spec" "$url"
  (cd "$(dirname "$spec")" && exec timeout -k 10 "$shard_timeout" "$wstest" -m fuzzingclient -s "$spec") \
    > "${spec%.spec.json}.wstest.log" 2>&1
  rc=$?
  if (( rc == 124 || rc == 137 )); then
    fail "shard $name: wstest hit AUTOBAHN_TIMEOUT=${shard_timeout}s (no report is written then; see ${spec%.spec.json}.wstest.log)"
  elif (( rc != 0 )); then
    fail "shard $name: wstest exited with status $rc"
    tail_log "${spec%.spec.json}.wstest.log"
  fi
}

# client_shard SPEC AGENT: a wstest fuzzingserver of its own, driven by roost autobahn-client.
client_shard() {
  local spec="$1" agent="$2" name port wpid rc flags
  name="$(basename "$spec" .spec.json)"
  port="$(free_port)"
  python3 -c 'import json, sys; p, u = sys.argv[1:]; s = json.load(open(p)); s["url"] = u; json.dump(s, open(p, "w"), indent=1)' "$spec" "ws://127.0.0.1:$port"
  # --webport 0: no embedded HTTP server (it would take port 8080).
  (cd "$(dirname "$spec")" && exec timeout -k 10 "$shard_timeout" "$wstest" -m fuzzingserver -s "$spec" --webport 0) \
    > "${spec%.spec.json}.wstest.log" 2>&1 &
  wpid=$!
  trap 'kill -TERM $wpid 2>/dev/null' EXIT
  if ! wait_for_port "$wpid" "$port"; then
    fail "shard $name: wstest fuzzingserver did not listen on 127.0.0.1:$port within 60 s"
    tail_log "${spec%.spec.json}.wstest.log"
    return
  fi
  flags=($(flags_for "$agent"))
  timeout -k 10 "$shard_timeout" "$roost_bin" autobahn-client \
    --url "ws://127.0.0.1:$port" --agent "$agent" "${flags[@]}" > "${spec%.spec.json}.client.log" 2>&1
  rc=$?
  if (( rc == 124 || rc == 137 )); then
    fail "shard $name: roost autobahn-client hit AUTOBAHN_TIMEOUT=${shard_timeout}s"
    tail_log "${spec%.spec.json}.client.log"
  elif (( rc != 0 )); then
    fail "shard $name: roost autobahn-client --agent $agent ${flags[*]} exited with status $rc"
    tail_log "${spec%.spec.json}.client.log"
  fi
  if ! kill -0 "$wpid" 2>/dev/null; then
    fail "shard $name: wstest fuzzingserver died during the run"
    tail_log "${spec%.spec.json}.wstest.log"
  fi
  stop_process "$wpid"
}

# run_shards ROLE DIR: runs every DIR/*.spec.json, at most $jobs at a time.
run_shards() {
  local role="$1" dir="$2" spec agent name done_pid
  local -A running=()   # pid -> shard name
  for spec in "$dir"/*.spec.json; do
    name="$(basename "$spec" .spec.json)"
    agent="${name%.*}"
    if (( ${#running[@]} >= jobs )); then
      # Only shard pids: roost echo servers are children of this shell too.
      wait -n -p done_pid "${!running[@]}"
      log "shard ${running[$done_pid]} done"
      unset "running[$done_pid]"
    fi
    log "shard $name: $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$spec") cases"
    set -m
    if [[ "$role" == server ]]; then
      server_shard "$spec" "${server_url[$agent]}" &
    else
      client_shard "$spec" "$agent" &
    fi
    set +m
    shard_groups+=("$!")
    running[$!]="$name"
  done
  while (( ${#running[@]} > 0 )); do
    wait -n -p done_pid "${!running[@]}"
    log "shard ${running[$done_pid]} done"
    unset "running[$done_pid]"
  done
  shard_groups=()
}

total_passed=0
total_failed=0
summarize() {  # summarize ROLE DIR TITLE
  local role="$1" dir="$2" p f
  echo
  python3 "$here/summarize.py" --title "$3" --label "$role" --expected "$dir/expected.json" \
    --counts-out "$dir/counts" "$dir"/*.[0-9]*/
  if read -r p f < "$dir/counts"; then
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
  else
    total_failed=$((total_failed + 1))
  fi
  echo
}

# --- server role -----------------------------------------------------------------------
declare -A server_url
run_server_role() {
  local dir="$reports/server" agent port pid flags actual t0 rc
  declare -A server_pid
  rm -rf "$dir"
  mkdir -p "$dir"
  plan fuzzingclient "$here/fuzzingclient.json" "$dir" || { fail "could not plan the server role"; return; }
  for agent in "${agents[@]}"; do
    flags=($(flags_for "$agent"))
    [[ -n "${ROOST_THREADS:-}" ]] && flags+=(--threads "$ROOST_THREADS")
    port="$(free_port)"
    "$roost_bin" echo --host 127.0.0.1 --port "$port" "${flags[@]}" > "$dir/$agent.server.log" 2>&1 &
    pid=$!
    server_pids+=("$pid")
    if ! actual="$(wait_for_listening "$pid" "$dir/$agent.server.log")"; then
      fail "roost echo${flags[*]:+ ${flags[*]}} (agent $agent) did not print 'listening on ws://127.0.0.1:$port' within 30 s"
      tail_log "$dir/$agent.server.log"
      stop_process "$pid"
      rm -f "$dir/$agent".*.spec.json   # its cases show up as MISSING
      continue
    fi
    server_pid[$agent]=$pid
    server_url[$agent]="ws://127.0.0.1:$actual"
    log "agent $agent: roost echo${flags[*]:+ ${flags[*]}} listening on port $actual (pid $pid)"
  done

  t0=$SECONDS
  compgen -G "$dir/*.spec.json" > /dev/null && run_shards server "$dir"
  log "server role: wstest finished in $((SECONDS - t0)) s"

  for agent in "${!server_pid[@]}"; do
    pid=${server_pid[$agent]}
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"; rc=$?
      fail "roost echo (agent $agent) exited during the run with status $rc"
      tail_log "$dir/$agent.server.log"
    elif ! stop_process "$pid"; then
      fail "roost echo (agent $agent) did not exit within 10 s of SIGTERM (killed)"
    fi
  done
  summarize server "$dir" "Autobahn server role: wstest fuzzingclient -> roost echo"
}

# --- client role -----------------------------------------------------------------------
run_client_role() {
  local dir="$reports/client" t0
  rm -rf "$dir"
  mkdir -p "$dir"
  plan fuzzingserver "$here/fuzzingserver.json" "$dir" || { fail "could not plan the client role"; return; }
  t0=$SECONDS
  run_shards client "$dir"
  log "client role: finished in $((SECONDS - t0)) s"
  summarize client "$dir" "Autobahn client role: roost autobahn-client -> wstest fuzzingserver"
}

export VENV_PYTHON="$venv_python" EXPECTED_CASES="$here/expected_cases.py"
mkdir -p "$reports"
rm -f "$failures_file"
log "roost: $roost_bin; up to $jobs shards at once"
[[ "$mode" == server || "$mode" == all ]] && run_server_role
[[ "$mode" == client || "$mode" == all ]] && run_client_role

harness_failures=0
if [[ -s "$failures_file" ]]; then
  harness_failures=$(wc -l < "$failures_file")
  echo "Harness failures ($harness_failures):"
  sed 's/^/  /' "$failures_file"
fi
log "total $((SECONDS - started)) s; reports in ${reports#$repo/}/"
total_failed=$((total_failed + harness_failures))
echo "autobahn: $total_passed passed, $total_failed failed"
(( total_failed == 0 ))

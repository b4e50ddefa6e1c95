#!/usr/bin/env bash
# Game benchmark: `roost serve --threads 1 --pin` on core 0 under bots on core 1 playing Cycles
# (stepped concurrent 4-player games: tick lag, CPU, RSS) and Connect Four (moves/s, move RTT).
# Usage: LoadTests/run-game-bench.sh [--quick] [--no-build] [--roost-binary PATH] ...
#        LoadTests/run-game-bench.sh --help   for every option.
# Needs: cc, taskset (util-linux), python3, swift. Results land in
# LoadTests/results/game-<timestamp>.txt (and .json) as well as on stdout. Loopback only; the
# generator stops by itself and the server is stopped on exit, on a signal, or if the runner dies.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/game_bench.py" "$@"

#!/usr/bin/env bash
# roost-bots against a local 3-node cluster of real `roost serve` processes on loopback.
# Usage: LoadTests/run-bots.sh [--quick] [--no-build] [--config release] [--bots N] [--duration S]
#        [--scenario steady|login-storm|reconnect-storm|spectators] ...
#        LoadTests/run-bots.sh --help   for every option.
# --quick is CI's smoke run: 200 bots for 20 s, failing on protocol errors or unfinished games.
# Needs python3, taskset (util-linux), swift.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/run_bots.py" "$@"

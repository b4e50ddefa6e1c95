#!/usr/bin/env bash
# WebSocket echo benchmark: roost beside a lean C reference, Hummingbird and node ws.
# Usage: LoadTests/run-echo-bench.sh [--quick] [--roost-binary PATH] [--duration S] ...
#        LoadTests/run-echo-bench.sh --help   for every option.
# Needs: cc, libssl-dev, taskset (util-linux), node + node-ws, swift. Results land in
# LoadTests/results/echo-<timestamp>.txt (and .json) as well as on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ! -e /usr/share/nodejs/ws ]] && command -v apt-get >/dev/null; then
    echo "installing node-ws (Debian) for the node peer" >&2
    apt-get install -y node-ws >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y node-ws >/dev/null; } ||
        echo "could not install node-ws; the node peer will be skipped" >&2
fi
exec python3 "$here/echo_bench.py" "$@"

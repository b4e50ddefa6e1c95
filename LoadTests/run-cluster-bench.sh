#!/usr/bin/env bash
# Cluster benchmark: a 3-node `roost serve` cluster on loopback (nodes on core 0, bots on core 1):
# move round trip local vs forwarded (same run), lobby event latency across nodes, time to detect
# a SIGKILLed node, and cluster link messages/s.
# Usage: LoadTests/run-cluster-bench.sh [--quick] [--no-build] [--roost-binary PATH] ...
#        LoadTests/run-cluster-bench.sh --help   for every option.
# Needs: cc, taskset (util-linux), python3, swift. Results land in
# LoadTests/results/cluster-<timestamp>.txt (and .json) as well as on stdout. Loopback only; the
# generator stops by itself and the nodes are stopped on exit, on a signal, or if the runner dies.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/cluster_bench.py" "$@"

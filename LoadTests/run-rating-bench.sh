#!/usr/bin/env bash
# Rating benchmark: the nightly job's rating of one period (default 1,000,000 two-player results)
# in process, fanned out to one node, and fanned out over 3 in-process clustered nodes on loopback
# with TaskFanOut, as the job does. Prints the three times and the 1-node / 3-node ratio; figures
# only, no thresholds.
# Usage: LoadTests/run-rating-bench.sh [--quick] [--no-build] [--results N] [--players N] [--nodes N]
#   --quick      20,000 results (for CI)
#   --no-build   use the existing release build
# Results land in LoadTests/results/rating-<timestamp>.txt as well as on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build=1
args=()
for argument in "$@"; do
    case "$argument" in
        --no-build) build=0 ;;
        *) args+=("$argument") ;;
    esac
done
if [[ $build == 1 ]]; then (cd "$root" && swift build -c release --product roost >&2); fi
mkdir -p "$here/results"
out="$here/results/rating-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -srm)"
    "$root/.build/release/roost" bench-rating ${args[@]+"${args[@]}"} 2>/dev/null
} | tee "$out"

#!/usr/bin/env bash
# Builds and runs the protocol codec benchmark in release mode:  Protocol/Benchmarks/run.sh [ITERATIONS]
# The Protocol module is compiled on its own (-O -wmo), then the benchmark against it, as SwiftPM
# would; pin it to a core with `taskset -c 1 Protocol/Benchmarks/run.sh` for steadier figures.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${TMPDIR:-/tmp}/roost-protocol-bench"
rm -rf "$OUT" && mkdir -p "$OUT/modules"
swiftc -O -wmo -parse-as-library -module-name Protocol -emit-module -emit-module-path "$OUT/modules/Protocol.swiftmodule" \
    -c -o "$OUT/Protocol.o" "$ROOT"/Protocol/Sources/Protocol/*.swift
swiftc -O -wmo -I "$OUT/modules" -module-name ProtocolBench "$HERE/ProtocolBench.swift" "$OUT/Protocol.o" -o "$OUT/ProtocolBench"
"$OUT/ProtocolBench" "$@"

#!/usr/bin/env bash
# Builds and runs fuzzers:  Tests/Fuzz/run.sh [NAME...]   (default: every fuzzer listed in build.sh)
#
#   FUZZ_SECONDS   how long each fuzzer runs (default 30)
#   FUZZ_MAX_LEN   longest input tried, in bytes (default 4096)
#
# Each fuzzer starts from the committed seeds in Tests/Fuzz/corpus/NAME/ (read only) and keeps what it finds
# in Tests/Fuzz/.out/corpus/NAME/; Tests/Fuzz/dicts/NAME.dict is used when present. A crash, a leak, a
# timeout or going over the memory limit fails the run and leaves the input in Tests/Fuzz/.out/artifacts/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUZZ_DIR="$ROOT/Tests/Fuzz"
OUT="$FUZZ_DIR/.out"
SECONDS_EACH="${FUZZ_SECONDS:-30}"
MAX_LEN="${FUZZ_MAX_LEN:-4096}"

if (($# > 0)); then names=("$@"); else mapfile -t names < <("$FUZZ_DIR/build.sh" --list); fi

failed=()
for name in "${names[@]}"; do
    "$FUZZ_DIR/build.sh" "$name"
    seeds="$FUZZ_DIR/corpus/$name"
    found="$OUT/corpus/$name"
    artifacts="$OUT/artifacts/$name"
    mkdir -p "$seeds" "$found" "$artifacts"
    options=(
        -max_total_time="$SECONDS_EACH"
        -max_len="$MAX_LEN"
        -rss_limit_mb=2048
        -timeout=10
        -print_final_stats=1
        -artifact_prefix="$artifacts/"
    )
    if [[ -f "$FUZZ_DIR/dicts/$name.dict" ]]; then options+=(-dict="$FUZZ_DIR/dicts/$name.dict"); fi
    echo "fuzzing $name for ${SECONDS_EACH}s"
    log="$OUT/$name.log"
    # Swift's own crash backtracer reads memory ASan has poisoned and buries the report; libFuzzer reports instead.
    if SWIFT_BACKTRACE=enable=no "$OUT/$name" "${options[@]}" "$found" "$seeds" >"$log" 2>&1; then
        grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" || true
    else
        tail -n 40 "$log"
        failed+=("$name")
    fi
done

if ((${#failed[@]} > 0)); then
    echo "fuzzing FAILED: ${failed[*]} (inputs in $OUT/artifacts/)" >&2
    exit 1
fi
echo "fuzzing passed: ${names[*]}"

#!/usr/bin/env bash
# Builds one libFuzzer binary:  Tests/Fuzz/build.sh NAME   ->  Tests/Fuzz/.out/NAME
#                               Tests/Fuzz/build.sh --list   (names of all fuzzers, for run.sh)
#
# A fuzzer is Tests/Fuzz/NAME.swift (holding LLVMFuzzerTestOneInput) plus one line in FUZZERS below: its name,
# the targets it needs with dependencies first, then any linker flags (words starting with "-").
# Each Swift target is compiled from Sources/<Target>/*.swift into a module of its own, so the fuzz file and the
# targets import each other exactly as in the package. A C target (no .swift files) is compiled from
# Sources/<Target>/*.c with a module map generated for its include/ directory, as SwiftPM does.
# Everything is built with -sanitize=fuzzer,address (coverage + ASan) and -O.
set -euo pipefail

FUZZERS=(
    # name               targets, dependencies first                  linker flags
    "HTTPRequestFuzz     HTTP"
    "HTTPResponseFuzz    HTTP"
    "InflaterFuzz       CZlib Compression                            -lz"
    "FrameDecoderFuzz   CZlib COpenSSL Compression HTTP WebSocket    -lz -lssl -lcrypto"
    "ProtocolFuzz       Protocol"
    "MembershipFuzz     Membership"
    "ClusterFrameFuzz   ClusterWire"
    "LeaderboardFuzz    Leaderboard"
    "SingletonFuzz      Singleton"
)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUZZ_DIR="$ROOT/Tests/Fuzz"
OUT="$FUZZ_DIR/.out"

if [[ "${1:-}" == "--list" ]]; then
    for entry in "${FUZZERS[@]}"; do read -r name _ <<<"$entry"; echo "$name"; done
    exit 0
fi
NAME="${1:?usage: build.sh NAME | --list}"

spec=""
for entry in "${FUZZERS[@]}"; do
    read -r name rest <<<"$entry"
    if [[ "$name" == "$NAME" ]]; then spec="$rest"; fi
done
[[ -n "$spec" ]] || { echo "build.sh: no fuzzer named $NAME in the FUZZERS list" >&2; exit 2; }
[[ -f "$FUZZ_DIR/$NAME.swift" ]] || { echo "build.sh: missing $FUZZ_DIR/$NAME.swift" >&2; exit 2; }

BUILD="$OUT/build/$NAME"
rm -rf "$BUILD"
mkdir -p "$BUILD/modules" "$BUILD/objects"

SWIFTC=(swiftc -sanitize=fuzzer,address -parse-as-library -O -use-ld=lld -I "$BUILD/modules")
CLANG=(clang -fsanitize=fuzzer-no-link,address -O1 -g)
objects=()
linker_flags=()

for word in $spec; do
    if [[ "$word" == -* ]]; then linker_flags+=("$word"); continue; fi
    target="$word"
    sources="$ROOT/Sources/$target"
    # Targets that live in their own top-level folder (Protocol/Sources/Protocol).
    [[ -d "$sources" ]] || sources="$ROOT/$target/Sources/$target"
    shopt -s nullglob
    swift_files=("$sources"/*.swift)
    c_files=("$sources"/*.c)
    shopt -u nullglob
    if ((${#swift_files[@]} > 0)); then
        "${SWIFTC[@]}" -module-name "$target" -wmo -emit-module \
            -emit-module-path "$BUILD/modules/$target.swiftmodule" \
            -c -o "$BUILD/objects/$target.o" "${swift_files[@]}"
        objects+=("$BUILD/objects/$target.o")
    else
        map="$BUILD/modules/$target.modulemap"
        printf 'module %s {\n    umbrella "%s"\n    export *\n}\n' "$target" "$sources/include" >"$map"
        SWIFTC+=(-Xcc "-fmodule-map-file=$map" -I "$sources/include")
        for file in "${c_files[@]}"; do
            object="$BUILD/objects/${target}_$(basename "$file" .c).o"
            "${CLANG[@]}" -I "$sources/include" -c "$file" -o "$object"
            objects+=("$object")
        done
    fi
done

"${SWIFTC[@]}" -module-name Fuzz "$FUZZ_DIR/$NAME.swift" "${objects[@]}" "${linker_flags[@]}" -o "$OUT/$NAME"
echo "built $OUT/$NAME"

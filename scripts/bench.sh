#!/usr/bin/env bash
# Builds the release binary and runs the benchmark; every option goes to scripts/bench.py
# (see specs/benchmark.md). `--no-build` or `--binary PATH` skips the build.
#
#   scripts/bench.sh [--size-mb N] [--records N] [--stream users|telemetry|all] [--formats csv,csv-flat,...]
#                    [--duckdb] [--s3] [--keep] [--no-verify] [--repeat N] [--peak-check] [--binary PATH | --no-build]
#   scripts/bench.sh --dynamodb [--records N] [--batches-in-flight N] [--repeat N]   (scripts/bench_dynamodb.py)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
script=bench.py
args=()
for arg in "$@"; do
    case "$arg" in
        --dynamodb) script=bench_dynamodb.py; continue ;;
        --no-build) build=0; continue ;;
        --binary | --binary=* | -h | --help) build=0 ;;
    esac
    args+=("$arg")
done

if ((build)); then
    echo "+ swift build -c release --product stowage" >&2
    swift build -c release --product stowage >&2
    bin_dir="$(swift build -c release --show-bin-path)"
    args=(--binary "$bin_dir/stowage" ${args[@]+"${args[@]}"})
fi

exec python3 "$root/scripts/$script" ${args[@]+"${args[@]}"}

#!/usr/bin/env bash
# Builds stowage and lands samples/messages.jsonl under /tmp/stowage-samples: CSV twice, zstd JSON Lines in daily
# partitions, then Parquet (no server needed).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build -c release --product stowage >&2
bin=.build/release/stowage

root=/tmp/stowage-samples
rm -rf "$root" && mkdir -p "$root/demo-bucket"

echo "== stowage write (root-level flattening); STATE messages on stdout:" >&2
"$bin" write --config samples/config.json --catalog samples/catalog.json < samples/messages.jsonl
echo "== stowage write (no flattening):" >&2
"$bin" write --config samples/config-no-flattening.json --catalog samples/catalog.json < samples/messages.jsonl
echo "== stowage write (JSON Lines, zstd, partitioned by each record's own day):" >&2
"$bin" write --config samples/config-partitioned.json --catalog samples/catalog.json < samples/messages.jsonl
echo "== stowage write (Parquet, SNAPPY pages):" >&2
"$bin" write --config samples/config-parquet.json --catalog samples/catalog.json < samples/messages.jsonl
echo "== files written:" >&2
find "$root" -type f | sort >&2

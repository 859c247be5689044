#!/usr/bin/env bash
# Spark (pyspark with the machine's Java 17) reads Stowage's Parquet, every codec, vectorized and parquet-mr.
# Not in CI: pyspark is ~500 MB and a run takes a minute or two. Installs pyspark with pip when it is missing.
#
#   scripts/spark-check.sh [path/to/stowage]      (default .build/debug/stowage)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v java >/dev/null || { echo "spark-check: java not found; apt-get install openjdk-17-jre-headless" >&2; exit 1; }
python3 -c "import pyspark" 2>/dev/null || { echo "spark-check: pip install pyspark" >&2; python3 -m pip install -q pyspark >&2; }
python3 -c "import pyarrow, polars, duckdb, pytest" 2>/dev/null || "$root/scripts/setup.sh" --tests
exec python3 "$root/scripts/spark_check.py" "${1:-$root/.build/debug/stowage}"

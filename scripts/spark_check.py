#!/usr/bin/env python3
"""Spark reads Stowage's Parquet: writes the end-to-end suite's typed sample with every codec (the built binary),
then reads each file with pyspark (local[2], vectorized reader and parquet-mr) and compares every value and type
with pyarrow's reading, which test_parquet.py checks against the input. Prints one line per check and
'spark-check: N passed, M failed'. Run through scripts/spark-check.sh."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "EndToEnd"))
import test_parquet as tp  # noqa: E402

SPARK_TYPES = {"string": "string", "json": "string", "t": "string", "tn": "string", "integer": "bigint",
               "number": "double", "boolean": "boolean", "date": "date", "ts": "timestamp", "tl": "timestamp_ntz"}


def write_samples(binary, work):
    records = tp.typed_records()
    records[3] = ({**records[3][0], "s": "big " * 300_000}, records[3][1])
    records += [({"i": i, "s": f"row {i}", "n": i / 3, "d": "2024-01-%02d" % (i % 28 + 1)}, i) for i in range(50_000)]
    msgs = tp.messages("spark", records)
    files = {}
    for codec in tp.CODECS:
        store = work / codec / "store"
        (store / "bucket").mkdir(parents=True)
        cfg = work / codec / "config.json"
        cfg.write_text(json.dumps({"s3_bucket_name": "bucket", "s3_bucket_path": "out", "s3_endpoint": f"file://{store}",
                                   "format": tp.parquet_format(codec, block_size_mb=1)}))
        cat = work / codec / "catalog.json"
        cat.write_text(json.dumps({"streams": [{"stream": {"name": "spark", "json_schema": {"type": "object",
                                                                                            "properties": tp.TYPED}},
                                                "sync_mode": "full_refresh", "destination_sync_mode": "append"}]}))
        run = subprocess.run([binary, "write", "--config", str(cfg), "--catalog", str(cat)],
                             input=("\n".join(msgs) + "\n").encode(), capture_output=True, timeout=600)
        if run.returncode != 0:
            raise SystemExit(f"stowage failed for {codec}: {run.stderr.decode()[-2000:]}")
        files[codec] = sorted(p for p in (store / "bucket").rglob("*.parquet"))
    return files, records


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "debug" / "stowage")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("stowage-spark-check")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark {spark.version}", flush=True)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        files, records = write_samples(binary, pathlib.Path(tmp))
        columns, _ = tp.expected_rows(records, tp.TYPED)
        kinds = {c: tp.kind(tp.TYPED[c]) for c in columns}
        for codec, paths in files.items():
            want, _ = tp.read_pyarrow(paths, columns, kinds)
            for vectorized in ("true", "false"):
                name = f"{codec} vectorized={vectorized}"
                try:
                    spark.conf.set("spark.sql.parquet.enableVectorizedReader", vectorized)
                    frame = spark.read.parquet(*[str(p) for p in paths])
                    types = dict(frame.dtypes)
                    for c in columns:
                        assert types[c] == SPARK_TYPES[kinds[c]], f"{c}: {types[c]}"
                    assert types["_airbyte_emitted_at"] == "timestamp"
                    exprs = []
                    for n in frame.columns:
                        q = f"`{n}`"
                        if types[n] == "date":
                            exprs.append(f"datediff({q}, date'1970-01-01') AS {q}")
                        elif types[n] == "timestamp_ntz":
                            exprs.append(f"unix_micros(CAST({q} AS TIMESTAMP)) AS {q}")
                        elif types[n] == "timestamp":
                            exprs.append(f"{'unix_millis' if n == '_airbyte_emitted_at' else 'unix_micros'}({q}) AS {q}")
                        else:
                            exprs.append(q)
                    raw = [r.asDict() for r in frame.selectExpr(*exprs).collect()]
                    got = tp.canonical(columns, kinds, raw)
                    tp.check_rows(f"spark {name}", got, want)
                    print(f"ok     {name}: {len(got)} rows, {len(paths)} file(s)", flush=True)
                    passed += 1
                except Exception as error:  # noqa: BLE001 - report every reader failure and go on
                    print(f"FAILED {name}: {str(error)[:1500]}", flush=True)
                    failed += 1
    spark.stop()
    print(f"spark-check: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

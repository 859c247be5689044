#!/usr/bin/env python3
"""Stowage throughput / memory benchmark. Normally run through scripts/bench.sh, which builds the release
binary first; see specs/benchmark.md for what every figure means.

  python3 scripts/bench.py --binary .build/release/stowage [--size-mb 200] [--records N]
      [--stream users|telemetry|all] [--formats csv,csv-flat] [--duckdb] [--s3] [--keep] [--no-verify]
      [--repeat N] [--peak-check] [--seed 42]

Transform variants (`csv-tf`, `csv-flat-tf`, `jsonl-tf`, `jsonl-flat-tf`) add filter + math + selectAttributes to
the telemetry stream; run them next to their base variant (`--stream telemetry --formats csv,csv-tf`).
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime
import gzip
import io
import json
import os
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench_gen  # noqa: E402

MB = 1_000_000
MIB = 1024 * 1024
csv.field_size_limit(1 << 30)

# Each variant is a `format` object of the destination config. Names not yet supported by the binary
# simply fail (the table says so) until they are.
FORMATS = {
    "csv": {"format_type": "CSV", "flattening": "No flattening",
            "compression": {"compression_type": "No Compression"}},
    "csv-flat": {"format_type": "CSV", "flattening": "Root level flattening",
                 "compression": {"compression_type": "No Compression"}},
    "csv-gz": {"format_type": "CSV", "flattening": "No flattening",
               "compression": {"compression_type": "GZIP"}},
    "csv-flat-gz": {"format_type": "CSV", "flattening": "Root level flattening",
                    "compression": {"compression_type": "GZIP"}},
    "csv-gz6": {"format_type": "CSV", "flattening": "No flattening",
                "compression": {"compression_type": "GZIP", "compression_level": 6}},
    "csv-zst": {"format_type": "CSV", "flattening": "No flattening",
                "compression": {"compression_type": "ZSTD"}},
    "csv-zst3": {"format_type": "CSV", "flattening": "No flattening",
                 "compression": {"compression_type": "ZSTD", "compression_level": 3}},
    "csv-flat-zst3": {"format_type": "CSV", "flattening": "Root level flattening",
                      "compression": {"compression_type": "ZSTD", "compression_level": 3}},
    "jsonl": {"format_type": "JSONL", "flattening": "No flattening",
              "compression": {"compression_type": "No Compression"}},
    "jsonl-flat": {"format_type": "JSONL", "flattening": "Root level flattening",
                   "compression": {"compression_type": "No Compression"}},
    "jsonl-gz": {"format_type": "JSONL", "flattening": "No flattening",
                 "compression": {"compression_type": "GZIP"}},
    "jsonl-zst": {"format_type": "JSONL", "flattening": "No flattening",
                  "compression": {"compression_type": "ZSTD"}},
    "parquet": {"format_type": "Parquet", "compression_codec": "SNAPPY"},
    "parquet-snappy": {"format_type": "Parquet", "compression_codec": "SNAPPY"},
    "parquet-zstd": {"format_type": "Parquet", "compression_codec": "ZSTD"},
    "parquet-gzip": {"format_type": "Parquet", "compression_codec": "GZIP"},
    "parquet-none": {"format_type": "Parquet", "compression_codec": "UNCOMPRESSED"},
}
# DuckDB equivalents (same columns, same format); other variants have no DuckDB run.
DUCKDB_VARIANTS = {"csv", "csv-flat", "parquet", "parquet-snappy", "parquet-zstd", "parquet-gzip", "parquet-none"}
# DuckDB's COMPRESSION for each Parquet variant.
DUCKDB_PARQUET_CODECS = {"parquet": "snappy", "parquet-snappy": "snappy", "parquet-zstd": "zstd",
                         "parquet-gzip": "gzip", "parquet-none": "uncompressed"}
TARGET_PARQUET_SPEED = 2.0
TARGET_PARQUET_SIZE = 1.2

# Transform variants (specs/transforms.md): a format variant above plus `streams.telemetry.transforms`, run on the
# same telemetry input so that their throughput compares with the untransformed variant's in the same run.
TELEMETRY_TRANSFORMS = [
    {"filter": {"name": "valid", "filter": "temperature > 16 AND status != 'error'"}},
    {"math": {"name": "fahrenheit", "attribute": "temperature_f", "math": "(temperature * 9/5) + 32"}},
    {"selectAttributes": {"name": "keep",
                          "attributes": ["device_id", "ts", "seq", "temperature_f", "humidity", "status"]}},
]
TRANSFORMED = {"csv-tf": "csv", "csv-flat-tf": "csv-flat", "jsonl-tf": "jsonl", "jsonl-flat-tf": "jsonl-flat"}
FORMATS["jsonl-flat"] = {"format_type": "JSONL", "flattening": "Root level flattening",
                         "compression": {"compression_type": "No Compression"}}
for _name, _base in TRANSFORMED.items():
    FORMATS[_name] = FORMATS[_base]

# Partition variants (specs/partitions.md): a format variant above written into one folder per day of each record's
# own `ts`, run with `--partitions` on telemetry inputs whose `ts` spans PARTITION_DAYS days (sorted and shuffled).
PARTITION_PATH = "${NAMESPACE}/${STREAM_NAME}/year=${RECORD_YEAR}/month=${RECORD_MONTH}/day=${RECORD_DAY}/${EPOCH}_"
PARTITIONED = {"csv-days": "csv", "csv-flat-days": "csv-flat", "jsonl-days": "jsonl"}
for _name, _base in PARTITIONED.items():
    FORMATS[_name] = FORMATS[_base]
PARTITION_DAYS = 30
MEMORY_PARTITION_DAYS = 40
MEMORY_PARTITION_RECORDS = 1_000_000
TARGET_PARTITION_SORTED = 0.9
TARGET_PARTITION_SHUFFLED = 0.7
TARGET_PARTITION_RSS = {"local": 96.0, "s3": 256.0}


def telemetry_transform(data: dict) -> dict | None:
    """What TELEMETRY_TRANSFORMS make of one record's data (None: filtered), in the same IEEE operations."""
    if not (data["temperature"] > 16 and data["status"] != "error"):
        return None
    out = {k: data[k] for k in ("device_id", "ts", "seq")}
    out["temperature_f"] = float(data["temperature"] * 9) / 5 + 32
    out["humidity"] = data["humidity"]
    out["status"] = data["status"]
    return out


def expected_rows(inp: dict, variant: str) -> int:
    """Rows a variant writes for the input: every record, or those the transforms keep (counted once, cached)."""
    if variant not in TRANSFORMED:
        return inp["records"]
    if "kept" not in inp:
        kept = 0
        with open(inp["path"], "rb") as f:
            for line in f:
                if line.startswith(b'{"type":"RECORD"') and telemetry_transform(json.loads(line)["record"]["data"]):
                    kept += 1
        inp["kept"] = kept
    return inp["kept"]

TARGET_INPUT_MBS = 270.0
TARGET_RSS_MIB = 64.0
TARGET_PEAK_RATIO = 1.10
TARGET_SPEC_MS = 50.0
TARGET_TRANSFORM_RATIO = 0.75


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Running a child and measuring it

class Measured:
    def __init__(self, code, secs, rss_kib, rss_source, cpu_secs):
        self.code, self.secs, self.rss_kib, self.rss_source, self.cpu_secs = code, secs, rss_kib, rss_source, cpu_secs


def _vm_hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def run_measured(argv, stdin_path=None, stdout_path=None, stderr_path=None, env=None,
                 timeout: float | None = None) -> Measured:
    """Runs argv with stdin from a file; returns wall seconds, peak RSS (KiB) and CPU seconds.

    Peak RSS: Linux carries the *parent's* high-water RSS into a child across fork/vfork+exec, so the
    child's ru_maxrss (os.wait4) can never read below this Python process's own peak. When ru_maxrss is
    above our own peak it is the child's true peak ("wait4"); otherwise the child's own peak is lower than
    our floor and we use VmHWM from /proc/PID/status, polled every 2 ms while it runs ("VmHWM", a lower
    bound that misses at most the last 2 ms)."""
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    fout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    ferr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=ferr, env=env, close_fds=True)
        hwm = [0]
        done = threading.Event()

        def poll():
            while not done.is_set():
                v = _vm_hwm_kib(p.pid)
                if v is not None and v > hwm[0]:
                    hwm[0] = v
                done.wait(0.002)

        th = threading.Thread(target=poll, daemon=True)
        th.start()
        killer = threading.Timer(timeout, p.kill) if timeout else None
        if killer:
            killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        if killer:
            killer.cancel()
        done.set()
        th.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for f in (fin, fout, ferr):
            if hasattr(f, "close"):
                f.close()
    if ru.ru_maxrss > floor:
        rss, src = ru.ru_maxrss, "wait4"
    elif hwm[0]:
        rss, src = hwm[0], "VmHWM"
    else:  # exited before the first poll: all we know is that it stayed under our own peak
        rss, src = ru.ru_maxrss, "wait4 (upper bound)"
    return Measured(p.returncode, secs, rss, src, ru.ru_utime + ru.ru_stime)


def warm_cache(path: str) -> None:
    with open(path, "rb", buffering=0) as f:
        buf = bytearray(8 * MIB)
        while f.readinto(buf):
            pass


# --------------------------------------------------------------------------------------------------
# Verification: count data rows (and check every row has the header's width) in what was written.

def _open_text(name: str, raw):
    if name.endswith(".gz"):
        raw = gzip.GzipFile(fileobj=raw)
    elif name.endswith(".zst"):
        import zstandard  # only when zstd output exists
        raw = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def count_rows(name: str, raw) -> tuple[int, int]:
    """(rows, bad_rows) of one object; bad rows are CSV rows whose width differs from the header's, or
    JSONL lines that do not parse."""
    base = re.sub(r"\.(gz|zst)$", "", name)
    if base.endswith(".parquet"):
        import pyarrow.parquet as pq  # only when Parquet output exists
        return pq.ParquetFile(raw).metadata.num_rows, 0
    text = _open_text(name, raw)
    if base.endswith(".jsonl"):
        rows = bad = 0
        for line in text:
            if line.strip():
                rows += 1
                if rows <= 1000:
                    try:
                        json.loads(line)
                    except ValueError:
                        bad += 1
        return rows, bad
    reader = csv.reader(text, strict=True)
    rows = bad = 0
    width = None
    for i, row in enumerate(reader):
        if i == 0 and row and row[0].startswith("_airbyte"):
            width = len(row)
            continue
        if width is None:
            width = len(row)
        rows += 1
        if len(row) != width:
            bad += 1
    return rows, bad


CONTENT_ROWS = 2000


def _part(key: str) -> int:
    m = re.search(r"_(\d+)\.(csv|jsonl|parquet)(\.gz|\.zst)?$", key)
    return int(m.group(1)) if m else 1 << 62


def check_content(stream: str, variant: str, input_path: str, name: str, raw) -> tuple[int, list[str]]:
    """Compares the header and the first CONTENT_ROWS rows of a CSV file (the stream's first part) with the
    input's first records, as specs/csv.md says they are written. Returns (rows checked, problems)."""
    problems = []
    flat = variant.startswith("csv-flat")
    transform = telemetry_transform if variant in TRANSFORMED else (lambda data: data)
    props = sorted(bench_gen.SCHEMAS[stream]["properties"], key=lambda p: p.encode())
    want = ["_airbyte_ab_id", "_airbyte_emitted_at"] + (props + ["_airbyte_additional_properties"] if flat
                                                        else ["_airbyte_data"])
    reader = csv.reader(_open_text(name, raw), strict=True)
    header = next(reader, None)
    if header != want:
        return 0, [f"header {header} (expected {want})"]
    n = 0
    with open(input_path, "rb") as f:
        for line in f:
            msg = json.loads(line)
            if msg["type"] != "RECORD":
                continue
            data = transform(msg["record"]["data"])
            if data is None:
                continue
            row = next(reader, None)
            if row is None or n >= CONTENT_ROWS:
                break
            n += 1
            rec = msg["record"]
            if row[1] != str(rec["emitted_at"]):
                problems.append(f"row {n}: _airbyte_emitted_at {row[1]!r}")
            if not flat:
                if json.loads(row[2]) != data:
                    problems.append(f"row {n}: _airbyte_data {row[2][:200]!r} does not decode to the record's data")
            else:
                for p, cell in zip(props, row[2:]):
                    v = data.get(p)
                    ok = cell == v if isinstance(v, str) else (cell == "" if v is None else json.loads(cell) == v)
                    if not ok:
                        problems.append(f"row {n}: {p} = {cell[:200]!r}, expected {v!r:.200}")
                extras = {k: v for k, v in data.items() if k not in props}
                if (json.loads(row[-1]) if row[-1] else {}) != extras:
                    problems.append(f"row {n}: _airbyte_additional_properties {row[-1][:200]!r}, expected {extras}")
            if len(problems) >= 5:
                break
    return n, problems


PARTITION_ROWS = 200


def check_partitions(variant: str, objs: list, target) -> tuple[list[str], int]:
    """Checks that the first PARTITION_ROWS rows of every file have a `ts` on the day its folder names.
    Returns (problems, number of day folders)."""
    problems = []
    days = set()
    for key, _ in objs:
        m = re.search(r"year=(\d{4})/month=(\d{2})/day=(\d{2})/", key)
        if not m:
            problems.append(f"{key}: not in a year=/month=/day= folder")
            continue
        day = "-".join(m.groups())
        days.add(day)
        with target.open(key) as raw:
            text = _open_text(key, raw)
            if ".jsonl" in key:
                stamps = (json.loads(line)["_airbyte_data"]["ts"] for line in text)
            else:
                reader = csv.DictReader(text)
                stamps = (row["ts"] if "ts" in row else json.loads(row["_airbyte_data"])["ts"] for row in reader)
            for n, ts in zip(range(PARTITION_ROWS), stamps):
                if not ts.startswith(day):
                    problems.append(f"{key}: row {n + 1} has ts {ts!r}")
                    break
        if len(problems) >= 5:
            break
    return problems, len(days)


def spread_over_days(inp: dict, days: int, shuffled: bool, seed: int) -> dict:
    """The telemetry input with its `ts` spread evenly over `days` days from 2019-01-01 in record order, and with
    `shuffled` its records in a seeded random order (STATE messages stay where they were)."""
    kind = "shuffled" if shuffled else "sorted"
    path = inp["path"].replace(".jsonl", f"-d{days}-{kind}.jsonl")
    if not os.path.exists(path):
        with open(inp["path"], "rb") as src:
            lines = src.readlines()
        records = [i for i, line in enumerate(lines) if line.startswith(b'{"type":"RECORD"')]
        start_ms, span_ms = 1546300800000, days * 86_400_000  # 2019-01-01T00:00:00Z
        stamp = re.compile(rb'"ts":"[^"]*"')
        for k, i in enumerate(records):
            ms = start_ms + k * span_ms // len(records)
            g = time.gmtime(ms // 1000)
            ts = b'"ts":"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ"' % (
                g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, ms % 1000)
            lines[i] = stamp.sub(ts, lines[i], count=1)
        if shuffled:
            order = [lines[i] for i in records]
            random.Random(seed).shuffle(order)
            for i, line in zip(records, order):
                lines[i] = line
        with open(path + ".tmp", "wb") as dst:
            dst.writelines(lines)
        os.replace(path + ".tmp", path)
    return {**inp, "path": path, "label": f"{inp['stream']}-d{days}-{kind}", "bytes": os.path.getsize(path)}


def many_streams(a, binary: str, target, work: str, count: int) -> dict:
    """`count` streams of one record each in one sync: every stream's file is its own small object, so this
    measures objects/s (wall time of the whole run) and checks that every object landed."""
    path = os.path.join(work, f"many-streams-{count}.jsonl")
    cat_path = os.path.join(work, f"many-streams-{count}.catalog.json")
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps({"type": "RECORD", "record": {"stream": f"s{i:05d}", "data": {"id": i, "v": "x" * 40},
                                                             "emitted_at": 1700000000000}}) + "\n")
        f.write(json.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"n": count}}}) + "\n")
    with open(cat_path, "w") as f:
        json.dump({"streams": [{"stream": {"name": f"s{i:05d}", "json_schema": {"properties": {"id": {}, "v": {}}}},
                                "sync_mode": "full_refresh", "destination_sync_mode": "append"}
                               for i in range(count)]}, f)
    target.use(f"many-streams-{count}")
    target.reset()
    cfg_path = os.path.join(work, f"config-{target.kind}-many-streams.json")
    with open(cfg_path, "w") as f:
        json.dump(target.config(FORMATS["csv"]), f)
    m = run_measured([binary, "write", "--config", cfg_path, "--catalog", cat_path], stdin_path=path,
                     stdout_path=os.path.join(work, "stdout-many-streams.log"),
                     stderr_path=os.path.join(work, "stderr-many-streams.log"), timeout=a.timeout)
    res = {"engine": "stowage", "target": target.kind, "stream": f"{count} streams", "variant": "csv",
           "records": count, "input_bytes": os.path.getsize(path), "secs": m.secs, "rss_kib": m.rss_kib,
           "cpu_secs": m.cpu_secs, "many_streams": True}
    objs = [k for k, _ in target.objects() if is_data_file(k)]
    res.update(files=len(objs), output_bytes=0)
    if m.code != 0:
        res["error"] = f"exit {m.code}"
    elif len(objs) != count:
        res["error"] = f"verify: {len(objs)} objects for {count} streams"
    if not a.keep:
        target.cleanup()
    return res


def is_data_file(name: str) -> bool:
    base = os.path.basename(name)
    return not base.startswith(".") and "/_stowage/" not in "/" + name and any(
        base.endswith(e) for e in (".csv", ".jsonl", ".parquet", ".csv.gz", ".jsonl.gz", ".csv.zst", ".jsonl.zst"))


# --------------------------------------------------------------------------------------------------
# Targets: local directory and S3

class LocalTarget:
    kind = "local"

    def __init__(self, base: str):
        self.base = base
        self.root = base  # the file:// endpoint directory; the bucket "bench" lives inside it

    def use(self, name: str):
        self.root = os.path.join(self.base, name)

    def reset(self):
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(os.path.join(self.root, "bench"))

    def config(self, fmt: dict) -> dict:
        return {"s3_bucket_name": "bench", "s3_bucket_path": "out", "s3_bucket_region": "us-east-1",
                "s3_endpoint": "file://" + self.root, "format": fmt, "commit_interval_seconds": 300}

    def objects(self):
        out = []
        for d, _, files in os.walk(os.path.join(self.root, "bench")):
            for f in files:
                p = os.path.join(d, f)
                out.append((os.path.relpath(p, self.root), os.path.getsize(p)))
        return out

    def open(self, key: str):
        return open(os.path.join(self.root, key), "rb")

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


class S3Target:
    kind = "s3"
    BUCKET = "stowage-bench"

    def __init__(self, env: dict, prefix: str):
        import boto3  # lazy: keeps this process small when S3 is not used
        from botocore.config import Config
        self.env = env
        self.base = self.prefix = prefix
        self.s3 = boto3.client(
            "s3", endpoint_url=env["STOWAGE_TEST_S3_ENDPOINT"], region_name=env.get("STOWAGE_TEST_S3_REGION") or "us-east-1",
            aws_access_key_id=env["STOWAGE_TEST_S3_ACCESS_KEY"], aws_secret_access_key=env["STOWAGE_TEST_S3_SECRET_KEY"],
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))
        try:
            self.s3.create_bucket(Bucket=self.BUCKET)
        except self.s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        except self.s3.exceptions.BucketAlreadyExists:
            pass

    def use(self, name: str):
        self.prefix = f"{self.base}/{name}"

    def reset(self):
        self.cleanup()

    def config(self, fmt: dict) -> dict:
        e = self.env
        return {"s3_bucket_name": self.BUCKET, "s3_bucket_path": self.prefix,
                "s3_bucket_region": e.get("STOWAGE_TEST_S3_REGION") or "us-east-1",
                "s3_endpoint": e["STOWAGE_TEST_S3_ENDPOINT"],
                "access_key_id": e["STOWAGE_TEST_S3_ACCESS_KEY"], "secret_access_key": e["STOWAGE_TEST_S3_SECRET_KEY"],
                "format": fmt, "commit_interval_seconds": 300}

    def objects(self):
        out = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.BUCKET, Prefix=self.prefix + "/"):
            for o in page.get("Contents", []):
                out.append((o["Key"], o["Size"]))
        return out

    def open(self, key: str):
        """A local copy of the object (a temporary file, gone when closed)."""
        import tempfile
        f = tempfile.TemporaryFile()
        self.s3.download_fileobj(self.BUCKET, key, f)
        f.seek(0)
        return f

    def cleanup(self):
        keys = [k for k, _ in self.objects()]
        for i in range(0, len(keys), 1000):
            self.s3.delete_objects(Bucket=self.BUCKET,
                                   Delete={"Objects": [{"Key": k} for k in keys[i:i + 1000]], "Quiet": True})


S3_KEYS = ["STOWAGE_TEST_S3_ENDPOINT", "STOWAGE_TEST_S3_ACCESS_KEY", "STOWAGE_TEST_S3_SECRET_KEY"]


def s3_env() -> tuple[dict | None, str]:
    """The S3 test server's endpoint and keys: from the environment when STOWAGE_TEST_S3_* are exported,
    else from `scripts/s3-test-server.sh env` once `status` says the server answers."""
    if all(os.environ.get(k) for k in S3_KEYS):
        return {k: v for k, v in os.environ.items() if k.startswith("STOWAGE_TEST_S3_")}, ""
    script = os.path.join(HERE, "s3-test-server.sh")
    if not os.path.exists(script):
        return None, "scripts/s3-test-server.sh does not exist"
    try:
        st = subprocess.run(["bash", script, "status"], capture_output=True, text=True, timeout=30)
        if st.returncode != 0:
            return None, "the S3 test server is not running (start it with `scripts/s3-test-server.sh start`)"
        r = subprocess.run(["bash", script, "env"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return None, "scripts/s3-test-server.sh timed out"
    if r.returncode != 0:
        return None, f"scripts/s3-test-server.sh env exited {r.returncode}: {r.stderr.strip()[:300]}"
    env = {}
    for line in r.stdout.splitlines():
        words = shlex.split(line)
        if words and words[0] == "export":
            words = words[1:]
        for w in words:
            if "=" in w:
                k, v = w.split("=", 1)
                env[k] = v
    missing = [k for k in S3_KEYS if not env.get(k)]
    if missing:
        return None, "scripts/s3-test-server.sh env did not print " + ", ".join(missing)
    return env, ""


# --------------------------------------------------------------------------------------------------
# One Stowage run

def run_stowage(a, binary: str, inp: dict, variant: str, target, work: str) -> dict:
    res = {"engine": "stowage", "target": target.kind, "stream": inp.get("label", inp["stream"]), "variant": variant,
           "records": inp["records"], "input_bytes": inp["bytes"]}
    cfg_path = os.path.join(work, f"config-{target.kind}-{variant}.json")
    best = None
    target.use(f"{res['stream']}-{variant}")
    for rep in range(a.repeat):
        target.reset()
        config = target.config(FORMATS[variant])
        if variant in TRANSFORMED:
            config["streams"] = {inp["stream"]: {"transforms": TELEMETRY_TRANSFORMS}}
        if variant in PARTITIONED:
            config["s3_path_format"] = PARTITION_PATH
            config["streams"] = {inp["stream"]: {"record_time_field": "ts"}}
        with open(cfg_path, "w") as f:
            json.dump(config, f, indent=2)
        out_log = os.path.join(work, f"stdout-{inp['stream']}-{target.kind}-{variant}.log")
        err_log = os.path.join(work, f"stderr-{inp['stream']}-{target.kind}-{variant}.log")
        m = run_measured([binary, "write", "--config", cfg_path, "--catalog", inp["catalog"]],
                         stdin_path=inp["path"], stdout_path=out_log, stderr_path=err_log, timeout=a.timeout)
        if m.code != 0:
            if m.code == -9 and m.secs >= a.timeout:
                res.update(error=f"killed after --timeout {a.timeout:g} s", secs=m.secs, rss_kib=m.rss_kib)
                return res
            with open(err_log, "rb") as f:
                tail = f.read()[-600:].decode("utf-8", "replace").strip()
            res.update(error=f"exit {m.code}: {tail}", secs=m.secs, rss_kib=m.rss_kib)
            return res
        res.setdefault("secs_all", []).append(round(m.secs, 4))
        res.setdefault("rss_kib_all", []).append(m.rss_kib)
        if best is None or m.secs < best.secs:
            best = m
        res["rss_kib"] = max(res.get("rss_kib", 0), m.rss_kib)
        res["rss_source"] = m.rss_source
    states = 0
    with open(out_log, "rb") as f:
        for line in f:
            if b'"STATE"' in line:
                states += 1
    objs = [(k, s) for k, s in target.objects() if is_data_file(k)]
    res.update(secs=best.secs, cpu_secs=best.cpu_secs, output_bytes=sum(s for _, s in objs), files=len(objs),
               states_emitted=states)
    if not a.no_verify:
        t = time.perf_counter()
        rows = bad = 0
        for k, _ in objs:
            with target.open(k) as raw:
                r, b = count_rows(k, raw)
            rows += r
            bad += b
        problems = []
        if variant in PARTITIONED:
            problems, res["partitions"] = check_partitions(variant, objs, target)
        elif variant.startswith("csv") and objs:
            first = min((k for k, _ in objs), key=_part)
            with target.open(first) as raw:
                checked, problems = check_content(inp["stream"], variant, inp["path"], first, raw)
            res["content_rows_checked"] = checked
        res.update(rows=rows, bad_rows=bad, verify_secs=round(time.perf_counter() - t, 2))
        wanted = expected_rows(inp, variant)
        if rows != wanted or bad:
            res["error"] = f"verify: {rows} rows written for {wanted} expected, {bad} rows of the wrong width"
        elif problems:
            res["error"] = "verify: " + "; ".join(problems)
    if not a.keep:
        target.cleanup()
    return res


def in_rounds(a, runs: list) -> list[dict]:
    """Runs each of `runs` (a function of the arguments, returning its result) once per round, `--repeat` rounds
    (A B A B …), so that the slow and fast spells of a shared machine fall on every engine alike; each result keeps
    its fastest run, like a run of `--repeat N` on its own, and only the last round verifies its output."""
    merged: list[dict | None] = [None] * len(runs)
    for rep in range(a.repeat):
        one = copy.copy(a)
        one.repeat = 1
        one.no_verify = a.no_verify or rep < a.repeat - 1
        for i, run in enumerate(runs):
            r = run(one)
            old = merged[i]
            if old is not None and "secs_all" in old and "secs_all" in r:
                best = old if old["secs"] <= r["secs"] else r
                r = {**r, "secs_all": old["secs_all"] + r["secs_all"],
                     "rss_kib_all": old["rss_kib_all"] + r["rss_kib_all"], "rss_kib": max(old["rss_kib"], r["rss_kib"]),
                     **{k: best[k] for k in ("secs", "cpu_secs", "process_secs") if k in best}}
            merged[i] = r
        if any(r.get("error") for r in merged):
            break
    return merged


# --------------------------------------------------------------------------------------------------
# DuckDB

DUCKDB_SCRIPT = r"""
import sys, time, duckdb
sql, threads = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"SET threads={threads}")
t = time.perf_counter()
con.execute(sql)
print(f"{time.perf_counter() - t:.6f}")
"""


# Parquet: the types Stowage gives each property (specs/parquet.md): date-times as TIMESTAMPTZ (µs, UTC), nested
# objects as their JSON text.
DUCKDB_PARQUET_TYPES = {
    "users": {"id": "BIGINT", "age": "BIGINT", "weight": "BIGINT", "address": "JSON", "created_at": "TIMESTAMPTZ",
              "updated_at": "TIMESTAMPTZ"},
    "telemetry": {"seq": "BIGINT", "temperature": "DOUBLE", "pressure": "DOUBLE", "humidity": "DOUBLE",
                  "tags": "JSON", "ts": "TIMESTAMPTZ"},
}


def duckdb_sql(stream: str, variant: str, src: str, dst: str) -> str:
    props = sorted(bench_gen.SCHEMAS[stream]["properties"])
    types = bench_gen.DUCKDB_TYPES[stream]
    if variant in DUCKDB_PARQUET_CODECS:
        return duckdb_parquet_sql(stream, variant, src, dst)
    if variant == "csv-flat":
        data_type = "STRUCT(" + ", ".join(f'"{p}" {types.get(p, "VARCHAR")}' for p in props) + ")"
        # one column per property, in the struct's (sorted) order, then Stowage's (here empty) extra column
        data_sel = "unnest(record.data), NULL::VARCHAR AS _airbyte_additional_properties"
    else:
        data_type = "JSON"
        data_sel = "record.data AS _airbyte_data"
    q = lambda s: "'" + s.replace("'", "''") + "'"  # noqa: E731
    return (f"COPY (SELECT uuid() AS _airbyte_ab_id, record.emitted_at AS _airbyte_emitted_at, {data_sel} "
            f"FROM read_json({q(src)}, format='newline_delimited', "
            f"columns={{type: 'VARCHAR', record: 'STRUCT(stream VARCHAR, data {data_type}, emitted_at BIGINT)'}}) "
            f"WHERE type = 'RECORD') TO {q(dst)} (FORMAT csv, HEADER)")


def duckdb_parquet_sql(stream: str, variant: str, src: str, dst: str) -> str:
    """The same columns and types as Stowage's Parquet, from the same JSON with an explicit schema."""
    props = sorted(bench_gen.SCHEMAS[stream]["properties"], key=lambda p: p.encode())
    types = DUCKDB_PARQUET_TYPES[stream]
    data_type = "STRUCT(" + ", ".join(f'"{p}" {types.get(p, "VARCHAR")}' for p in props) + ")"
    cols = ", ".join(f'record.data."{p}"' + ("::VARCHAR" if types.get(p) == "JSON" else "") + f' AS "{p}"'
                     for p in props)
    q = lambda s: "'" + s.replace("'", "''") + "'"  # noqa: E731
    return (f"COPY (SELECT uuid()::VARCHAR AS _airbyte_ab_id, epoch_ms(record.emitted_at)::TIMESTAMPTZ AS "
            f"_airbyte_emitted_at, {cols}, NULL::VARCHAR AS _airbyte_additional_properties "
            f"FROM read_json({q(src)}, format='newline_delimited', "
            f"columns={{type: 'VARCHAR', record: 'STRUCT(stream VARCHAR, data {data_type}, emitted_at BIGINT)'}}) "
            f"WHERE type = 'RECORD') TO {q(dst)} "
            f"(FORMAT parquet, COMPRESSION {DUCKDB_PARQUET_CODECS[variant]})")


def run_duckdb(a, inp: dict, variant: str, work: str) -> dict:
    res = {"engine": "duckdb", "target": "local", "stream": inp["stream"], "variant": variant,
           "records": inp["records"], "input_bytes": inp["bytes"]}
    out_dir = os.path.join(work, "out-duckdb", f"{inp['stream']}-{variant}")
    dst = os.path.join(out_dir, f"{inp['stream']}.{'parquet' if variant in DUCKDB_PARQUET_CODECS else 'csv'}")
    sql = duckdb_sql(inp["stream"], variant, inp["path"], dst)
    res["sql"] = sql
    best = None
    for rep in range(a.repeat):
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
        out_log = os.path.join(work, "stdout-duckdb.log")
        err_log = os.path.join(work, "stderr-duckdb.log")
        m = run_measured([sys.executable, "-c", DUCKDB_SCRIPT, sql, str(a.duckdb_threads)],
                         stdout_path=out_log, stderr_path=err_log, timeout=a.timeout)
        if m.code != 0:
            with open(err_log, "rb") as f:
                res.update(error="duckdb: " + f.read()[-600:].decode("utf-8", "replace").strip())
            return res
        with open(out_log) as f:
            m.query_secs = float(f.read().split()[-1])
        res.setdefault("secs_all", []).append(round(m.query_secs, 4))
        res.setdefault("rss_kib_all", []).append(m.rss_kib)
        if best is None or m.query_secs < best.query_secs:
            best = m
        res["rss_kib"] = max(res.get("rss_kib", 0), m.rss_kib)
        res["rss_source"] = m.rss_source
    # The table's seconds are the query's own (without interpreter start and `import duckdb`, shown apart).
    res.update(secs=best.query_secs, process_secs=best.secs, cpu_secs=best.cpu_secs,
               output_bytes=os.path.getsize(dst), files=1)
    if not a.no_verify:
        with open(dst, "rb") as raw:
            rows, bad = count_rows(dst, raw)
        res.update(rows=rows, bad_rows=bad)
        if rows != inp["records"] or bad:
            res["error"] = f"verify: {rows} rows for {inp['records']} records, {bad} bad rows"
    if not a.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return res


# --------------------------------------------------------------------------------------------------
# spec latency

def run_pigz(a, binary: str, stream: str, work: str) -> dict:
    """Renders the stream as plain CSV with Stowage, then times `pigz -6 -p 2` compressing that CSV (best of
    --repeat, output to /dev/null)."""
    res = {"engine": "pigz", "stream": stream}
    if not shutil.which("pigz"):
        return {**res, "error": "pigz is not installed (apt-get install pigz)"}
    inp = bench_gen.generate(stream, work, size_mb=None if a.records else a.size_mb, records=a.records, seed=a.seed)
    target = LocalTarget(os.path.join(work, "out-pigz"))
    target.use(f"{stream}-csv")
    target.reset()
    cfg = os.path.join(work, "config-pigz.json")
    with open(cfg, "w") as f:
        json.dump(target.config(FORMATS["csv"]), f)
    done = subprocess.run([binary, "write", "--config", cfg, "--catalog", inp["catalog"]], stdin=open(inp["path"], "rb"),
                          capture_output=True)
    if done.returncode != 0:
        return {**res, "error": f"rendering the CSV failed: {done.stderr[-300:]!r}"}
    csv_path = os.path.join(work, f"pigz-{stream}.csv")
    with open(csv_path, "wb") as out:
        for key, _ in sorted(target.objects(), key=lambda o: _part(o[0])):
            if is_data_file(key):
                with target.open(key) as raw:
                    shutil.copyfileobj(raw, out)
    warm_cache(csv_path)
    best = None
    for _ in range(a.repeat):
        m = run_measured(["pigz", "-6", "-p", "2", "-c", csv_path], stdout_path=os.devnull, timeout=a.timeout)
        if best is None or m.secs < best.secs:
            best = m
    res.update(secs=best.secs, rss_kib=best.rss_kib, csv_bytes=os.path.getsize(csv_path))
    os.remove(csv_path)
    target.cleanup()
    return res


def spec_latency(binary: str, runs: int) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        try:
            r = subprocess.run([binary, "spec"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
        except subprocess.TimeoutExpired:
            return {"error": "`stowage spec` did not finish in 30 s"}
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            return {"error": f"`stowage spec` exited {r.returncode}: {r.stderr.decode('utf-8', 'replace')[-300:]}"}
    ok_json = True
    try:
        msg = json.loads(r.stdout.decode().strip().splitlines()[-1])
        ok_json = msg.get("type") == "SPEC"
    except (ValueError, IndexError):
        ok_json = False
    return {"best_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000, "runs": runs,
            "prints_spec": ok_json}


def interleaved(inp: dict, n: int) -> dict:
    """The input's records dealt round-robin to streams users0 … users<n-1> (same schema), STATEs to users0."""
    path = inp["path"].replace(".jsonl", f"-x{n}.jsonl")
    cat_path = path.replace(".jsonl", ".catalog.json")
    if not os.path.exists(path):
        with open(inp["path"], "rb") as src, open(path + ".tmp", "wb") as dst:
            i = 0
            for line in src:
                if line.startswith(b'{"type":"RECORD"'):
                    line = line.replace(b'"stream":"users"', b'"stream":"users%d"' % (i % n), 1)
                    i += 1
                else:
                    line = line.replace(b'"name":"users"', b'"name":"users0"', 1)
                dst.write(line)
        os.replace(path + ".tmp", path)
    with open(inp["catalog"]) as f:
        cat = json.load(f)
    entry = cat["streams"][0]
    cat["streams"] = [{**entry, "stream": {**entry["stream"], "name": f"users{k}"}} for k in range(n)]
    with open(cat_path, "w") as f:
        json.dump(cat, f)
    return {**inp, "path": path, "catalog": cat_path, "stream": f"users×{n}", "bytes": os.path.getsize(path)}


# --------------------------------------------------------------------------------------------------
# Reporting

def fmt_row(r: dict, duck: dict | None) -> list[str]:
    name = f"{r['engine']}:{r['variant']}" + ("@s3" if r["target"] == "s3" else "")
    if "secs" not in r or r.get("error") and "output_bytes" not in r:
        return [r["stream"], name, f"{r['records']:,}", f"{r['input_bytes'] / MB:,.1f}", "-", "-", "-", "-", "-",
                "-", "FAILED"]
    s = r["secs"]
    ratio = "-"
    if r["engine"] == "stowage" and duck and "secs" in duck and not duck.get("error"):
        ratio = f"{(r['input_bytes'] / s) / (duck['input_bytes'] / duck['secs']):.2f}x"
    return [r["stream"], name, f"{r['records']:,}", f"{r['input_bytes'] / MB:,.1f}", f"{s:.2f}",
            f"{r['records'] / s:,.0f}", f"{r['input_bytes'] / MB / s:,.1f}", f"{r['output_bytes'] / MB / s:,.1f}",
            f"{r['rss_kib'] / 1024:,.1f}", f"{r.get('cpu_secs', 0):.2f}", ratio]


HEAD = ["stream", "variant", "records", "input MB", "seconds", "records/s", "in MB/s", "out MB/s",
        "peak RSS MiB", "CPU s", "vs DuckDB"]


def print_table(rows: list[list[str]]) -> None:
    w = [max([len(HEAD[i])] + [len(r[i]) for r in rows]) for i in range(len(HEAD))]
    line = lambda cells: "  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(cells))  # noqa
    print(line(HEAD))
    print(line(["-" * x for x in w]))
    for r in rows:
        print(line(r))


# --------------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "stowage"),
                    help="the stowage executable (default: .build/release/stowage)")
    ap.add_argument("--size-mb", type=float, default=200, help="input size per stream in MB (10^6 bytes)")
    ap.add_argument("--records", type=int, help="exact record count per stream (overrides --size-mb)")
    ap.add_argument("--stream", choices=["users", "telemetry", "all"], default="all")
    ap.add_argument("--formats", default="csv,csv-flat", help="comma list of: " + ", ".join(FORMATS))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--duckdb", action="store_true", help="also run DuckDB (pip package) on the same input")
    ap.add_argument("--duckdb-threads", type=int, default=2)
    ap.add_argument("--s3", action="store_true", help="also write to the S3 test server when it is running")
    ap.add_argument("--keep", action="store_true", help="keep the outputs (under .bench/out-*)")
    ap.add_argument("--no-verify", action="store_true", help="skip counting the rows written")
    ap.add_argument("--repeat", type=int, default=3, help="runs per variant; the fastest is reported (default 3)")
    ap.add_argument("--spec-runs", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed (default 900)")
    ap.add_argument("--peak-check", action="store_true",
                    help="also run 200 MB and 2 GB users inputs and compare peak RSS (slow)")
    ap.add_argument("--peak-sizes", default="200,2000", help="the two users input sizes (MB) of --peak-check")
    ap.add_argument("--parquet-memory", action="store_true",
                    help="also run parquet-zstd on the users input dealt round-robin to 10 streams (--parquet-memory-mb)")
    ap.add_argument("--parquet-memory-mb", type=float, default=1000, help="input MB of --parquet-memory (all streams)")
    ap.add_argument("--partitions", action="store_true",
                    help=f"telemetry over {PARTITION_DAYS} days, sorted and shuffled, unpartitioned vs csv-days; then "
                         f"{MEMORY_PARTITION_RECORDS:,} records at random over {MEMORY_PARTITION_DAYS} days "
                         "(also into S3 with --s3)")
    ap.add_argument("--many-streams", type=int, default=0, metavar="N",
                    help="also write N streams of one record each in one sync (to S3 with --s3), for objects/s")
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, ".bench"))
    ap.add_argument("--out-dir", help="where every run's output goes (default: the bench dir); e.g. a tmpfs such as "
                    "/dev/shm/stowage-bench, to see what the disk costs")
    ap.add_argument("--pigz", action="store_true",
                    help="also time `pigz -6 -p 2` on each stream's CSV (rendered by the csv variant) and compare it "
                         "with the csv-gz6 run")
    a = ap.parse_args()

    formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        ap.error(f"unknown format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        log(f"error: no executable at {binary}; build it with `swift build -c release --product stowage` "
            "or run scripts/bench.sh")
        return 2
    bench_dir = os.path.abspath(a.bench_dir)
    os.makedirs(bench_dir, exist_ok=True)
    streams = ["users", "telemetry"] if a.stream == "all" else [a.stream]

    if a.duckdb:
        try:
            subprocess.run([sys.executable, "-c", "import duckdb"], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            log("note: --duckdb given but the duckdb Python package is not installed (pip install duckdb); skipping")
            a.duckdb = False

    s3 = None
    if a.s3:
        env, why = s3_env()
        if env is None:
            log(f"note: skipping S3 runs: {why}")
        else:
            try:
                s3 = S3Target(env, prefix=f"bench-{os.getpid()}")
                log(f"S3: {env['STOWAGE_TEST_S3_ENDPOINT']} bucket {S3Target.BUCKET}")
            except Exception as e:  # noqa: BLE001 (any failure to reach the server means "not running")
                log(f"note: skipping S3 runs: cannot use the S3 test server: {e}")

    results = []
    rows = []
    out_root = os.path.abspath(a.out_dir) if a.out_dir else bench_dir
    os.makedirs(out_root, exist_ok=True)
    if a.out_dir:
        log(f"output: {out_root}")
    local = LocalTarget(os.path.join(out_root, "out-stowage"))

    def bench_input(inp, variants, with_duckdb=True, with_s3=True):
        warm_cache(inp["path"])
        for v in variants:
            if v in TRANSFORMED and inp["stream"] != "telemetry":
                log(f"  (skipping {v} for {inp['stream']}: its transforms are written for the telemetry stream)")
                continue
            duck = None
            targets = [local] + ([s3] if s3 and with_s3 else [])
            if a.duckdb and with_duckdb and v in DUCKDB_VARIANTS:
                log(f"  duckdb and stowage → local, in turns: {inp['stream']} {v} …")
                duck, r = in_rounds(a, [lambda one: run_duckdb(one, inp, v, out_root),
                                          lambda one: run_stowage(one, binary, inp, v, local, bench_dir)])
                results.extend([duck, r])
                for failed in (x for x in (duck, r) if x.get("error")):
                    log(f"    {failed['error']}")
                rows.append(fmt_row(r, duck))
                targets = targets[1:]
            for t in targets:
                log(f"  stowage {inp['stream']} {v} → {t.kind} …")
                r = run_stowage(a, binary, inp, v, t, bench_dir)
                results.append(r)
                if r.get("error"):
                    log(f"    {r['error']}")
                rows.append(fmt_row(r, duck))
            if duck:
                rows.append(fmt_row(duck, None))

    for stream in streams:
        log(f"input: {stream}")
        inp = bench_gen.generate(stream, bench_dir, size_mb=None if a.records else a.size_mb,
                                 records=a.records, seed=a.seed)
        inp["gen_mbs"] = inp["bytes"] / MB / inp["gen_seconds"] if inp.get("gen_seconds") else None
        log(f"  {inp['path']} ({inp['records']:,} records, {inp['bytes'] / MB:,.1f} MB"
            + (", reused)" if inp["reused"] else f", generated in {inp['gen_seconds']:.1f} s)"))
        bench_input(inp, formats)

    peak = None
    if a.peak_check:
        v = "csv-flat" if "csv-flat" in formats else formats[0]
        small, big = (float(x) for x in a.peak_sizes.split(","))
        peak = {"variant": v, "sizes": [small, big]}
        for size in (small, big):
            log(f"peak check: users {size:g} MB")
            inp = bench_gen.generate("users", bench_dir, size_mb=size, seed=a.seed)
            n_before = len(results)
            bench_input(inp, [v], with_duckdb=False, with_s3=False)
            r = results[n_before]
            r["peak_check"] = True
            rows[-1][1] += f" (peak check)"
            peak["small" if size == small else "big"] = r.get("rss_kib") if not r.get("error") else None
        if peak["small"] and peak["big"]:
            peak["ratio"] = peak["big"] / peak["small"]

    if a.parquet_memory:
        log(f"parquet memory: users {a.parquet_memory_mb:g} MB in 10 interleaved streams")
        inp = interleaved(bench_gen.generate("users", bench_dir, size_mb=a.parquet_memory_mb, seed=a.seed), 10)
        r = run_stowage(a, binary, inp, "parquet-zstd", local, bench_dir)
        r["streams"] = 10
        results.append(r)
        if r.get("error"):
            log(f"    {r['error']}")
        rows.append(fmt_row(r, None))

    partitions = {}
    if a.partitions:
        base = bench_gen.generate("telemetry", bench_dir, size_mb=None if a.records else a.size_mb,
                                  records=a.records, seed=a.seed)
        for shuffled in (False, True):
            inp = spread_over_days(base, PARTITION_DAYS, shuffled, a.seed)
            log(f"partitions: {inp['label']} ({inp['records']:,} records)")
            variants = ["csv", "csv-days"] if not shuffled else ["csv-days"]
            n_before = len(results)
            bench_input(inp, variants, with_duckdb=False, with_s3=False)
            for r in results[n_before:]:
                partitions[(inp["label"], r["variant"])] = r
        big = bench_gen.generate("telemetry", bench_dir, records=MEMORY_PARTITION_RECORDS, seed=a.seed)
        inp = spread_over_days(big, MEMORY_PARTITION_DAYS, True, a.seed)
        log(f"partitions: memory, {inp['label']} ({inp['records']:,} records)")
        n_before = len(results)
        bench_input(inp, ["csv-days"], with_duckdb=False)
        for r in results[n_before:]:
            r["partition_memory"] = True
            partitions[(inp["label"], r["variant"], r["target"])] = r

    many = []
    if a.many_streams:
        for t in [local] + ([s3] if s3 else []):
            log(f"many streams: {a.many_streams} one-record streams → {t.kind} …")
            r = many_streams(a, binary, t, bench_dir, a.many_streams)
            results.append(r)
            many.append(r)
            rows.append(fmt_row(r, None))
            if r.get("error"):
                log(f"    {r['error']}")

    pigz = []
    if a.pigz:
        for stream in streams:
            pigz.append(run_pigz(a, binary, stream, bench_dir))
            if pigz[-1].get("error"):
                log(f"    {pigz[-1]['error']}")

    spec = spec_latency(binary, a.spec_runs)

    print()
    print(f"stowage: {binary}")
    print(f"machine: {os.cpu_count()} cores; input MB = 10^6 bytes; RSS in MiB; seconds = wall time")
    print()
    print_table(rows)
    print()
    if "error" in spec:
        print(f"spec: {spec['error']}")
    else:
        print(f"`stowage spec`: best {spec['best_ms']:.1f} ms, median {spec['median_ms']:.1f} ms over {spec['runs']} runs"
              + ("" if spec["prints_spec"] else " (warning: last line is not a SPEC message)"))
    if peak:
        if peak.get("ratio"):
            small, big = peak["sizes"]
            print(f"peak check (users {peak['variant']}): {small:g} MB → {peak['small'] / 1024:.1f} MiB, "
                  f"{big:g} MB → {peak['big'] / 1024:.1f} MiB, ratio {peak['ratio']:.3f}")
        else:
            print("peak check: a run failed")
    for r in results:
        if r["engine"] == "duckdb" and "process_secs" in r:
            print(f"duckdb {r['stream']} {r['variant']}: query {r['secs']:.2f} s, whole process "
                  f"{r['process_secs']:.2f} s; SQL: {r['sql']}")
    for r in pigz:
        if "secs" in r:
            print(f"pigz -6 -p 2 {r['stream']}: {r['csv_bytes'] / MB:,.1f} MB of CSV in {r['secs']:.2f} s "
                  f"({r['csv_bytes'] / MB / r['secs']:,.1f} MB/s of CSV), peak RSS {r['rss_kib'] / 1024:.1f} MiB")
    failures = [r for r in results if r.get("error")]
    for r in failures:
        print(f"FAILED {r['engine']} {r['stream']} {r['variant']} ({r['target']}): {r['error']}")

    # Targets from the issue
    print()
    print("targets:")
    checks = []
    ok_local = [r for r in results if r["engine"] == "stowage" and r["target"] == "local" and not r.get("error")]
    main_runs = [r for r in ok_local if not r.get("peak_check")]
    by = {(r["stream"], r["variant"]): r for r in main_runs}
    for (stream, v), r in sorted(by.items(), key=lambda kv: (kv[0][0] != "users", kv[0][1])):
        if stream == "users":
            mbs = r["input_bytes"] / MB / r["secs"]
            checks.append((f"users {v}: input ≥ {TARGET_INPUT_MBS:.0f} MB/s", mbs >= TARGET_INPUT_MBS, f"{mbs:,.1f} MB/s"))
        if stream == "telemetry" and v in TRANSFORMED and (stream, TRANSFORMED[v]) in by:
            u = by[(stream, TRANSFORMED[v])]
            ratio = (r["records"] / r["secs"]) / (u["records"] / u["secs"])
            checks.append((f"telemetry {v}: records/s ≥ {TARGET_TRANSFORM_RATIO:.2f} × {TRANSFORMED[v]}'s",
                           ratio >= TARGET_TRANSFORM_RATIO,
                           f"{ratio:.2f}× ({r['records'] / r['secs']:,.0f} vs {u['records'] / u['secs']:,.0f})"))
        if stream == "telemetry" and ("users", v) in by:
            u = by[("users", v)]
            tr, ur = r["records"] / r["secs"], u["records"] / u["secs"]
            checks.append((f"telemetry {v}: records/s ≥ users'", tr >= ur, f"{tr:,.0f} vs {ur:,.0f}"))
    ok_all = [r for r in results if r["engine"] == "stowage" and not r.get("error")]
    for r in ok_all:
        where = ("" if r["target"] == "local" else f" → {r['target']}") + (", peak check" if r.get("peak_check") else "")
        # Parquet holds a row group: its bound is 64 MiB + block_size_mb (64 by default), specs/parquet.md.
        limit = TARGET_RSS_MIB + (64 if r["variant"].startswith("parquet") else 0)
        if r.get("streams", 1) > 1:
            limit = 256.0
        if r.get("partition_memory") or r.get("many_streams"):
            continue
        checks.append((f"{r['stream']} {r['variant']}{where} ({r['input_bytes'] / MB:,.0f} MB): peak RSS ≤ {limit:.0f} MiB",
                       r["rss_kib"] / 1024 <= limit, f"{r['rss_kib'] / 1024:.1f} MiB"))
    ducks = {(r["stream"], r["variant"]): r for r in results
             if r["engine"] == "duckdb" and not r.get("error") and r["variant"] in DUCKDB_PARQUET_CODECS}
    for (stream, v), r in sorted(by.items()):
        d = ducks.get((stream, v))
        if not d:
            continue
        speed = (r["input_bytes"] / r["secs"]) / (d["input_bytes"] / d["secs"])
        size = r["output_bytes"] / d["output_bytes"]
        checks.append((f"{stream} {v}: throughput ≥ {TARGET_PARQUET_SPEED:.1f}× DuckDB's", speed >= TARGET_PARQUET_SPEED,
                       f"{speed:.2f}× ({r['input_bytes'] / MB / r['secs']:,.0f} vs {d['input_bytes'] / MB / d['secs']:,.0f} MB/s)"))
        checks.append((f"{stream} {v}: file ≤ {TARGET_PARQUET_SIZE:.1f}× DuckDB's", size <= TARGET_PARQUET_SIZE,
                       f"{size:.3f}× ({r['output_bytes'] / MB:,.1f} vs {d['output_bytes'] / MB:,.1f} MB)"))
    mbs = {k: v["input_bytes"] / MB / v["secs"] for k, v in by.items()}
    for stream in streams:
        for fast, base, bar in [("jsonl", "csv", 1.0), ("jsonl-flat", "csv-flat", 1.0), ("csv-gz", "csv", 0.8),
                                ("csv-zst3", "csv", 0.8), ("csv-flat-zst3", "csv-flat", 0.8)]:
            if (stream, fast) in mbs and (stream, base) in mbs:
                ratio = mbs[(stream, fast)] / mbs[(stream, base)]
                checks.append((f"{stream} {fast} ≥ {bar:.1f}× {base} throughput", ratio >= bar,
                               f"{ratio:.2f}× ({mbs[(stream, fast)]:,.0f} vs {mbs[(stream, base)]:,.0f} MB/s)"))
    for r in pigz:
        if "secs" in r and (r["stream"], "csv-gz6") in by:
            mine = by[(r["stream"], "csv-gz6")]["secs"]
            checks.append((f"{r['stream']} csv-gz6 (JSON → CSV.gz) ≥ 1.5× `pigz -6 -p 2` on the CSV",
                           r["secs"] / mine >= 1.5, f"{r['secs'] / mine:.2f}× ({mine:.2f} s vs {r['secs']:.2f} s)"))
    sorted_label, shuffled_label = (f"telemetry-d{PARTITION_DAYS}-{k}" for k in ("sorted", "shuffled"))
    flat = partitions.get((sorted_label, "csv"))
    for label, bar in [(sorted_label, TARGET_PARTITION_SORTED), (shuffled_label, TARGET_PARTITION_SHUFFLED)]:
        r = partitions.get((label, "csv-days"))
        if flat and r and not flat.get("error") and not r.get("error"):
            ratio = flat["secs"] / r["secs"]
            checks.append((f"{label} csv-days ≥ {bar:.1f}× unpartitioned csv throughput ({r.get('partitions')} days)",
                           ratio >= bar, f"{ratio:.2f}× ({r['records'] / r['secs']:,.0f} vs "
                                         f"{flat['records'] / flat['secs']:,.0f} records/s)"))
    for r in results:
        if r.get("partition_memory") and not r.get("error"):
            limit = TARGET_PARTITION_RSS[r["target"]]
            checks.append((f"{r['stream']} csv-days → {r['target']} ({r.get('partitions')} days at random): "
                           f"peak RSS ≤ {limit:.0f} MiB", r["rss_kib"] / 1024 <= limit, f"{r['rss_kib'] / 1024:.1f} MiB"))
    for r in many:
        if not r.get("error"):
            rate = r["files"] / r["secs"]
            checks.append((f"{r['stream']} → {r['target']}: ≥ 200 objects/s", rate >= 200,
                           f"{rate:,.0f} objects/s ({r['files']} in {r['secs']:.2f} s), peak RSS {r['rss_kib'] / 1024:.1f} MiB"))
    if peak and peak.get("ratio"):
        small, big = peak["sizes"]
        checks.append((f"peak RSS {big:g} MB ≤ {TARGET_PEAK_RATIO:.2f} × {small:g} MB", peak["ratio"] <= TARGET_PEAK_RATIO,
                       f"{peak['ratio']:.3f}"))
    if "best_ms" in spec:
        checks.append((f"`stowage spec` < {TARGET_SPEC_MS:.0f} ms", spec["best_ms"] < TARGET_SPEC_MS,
                       f"{spec['best_ms']:.1f} ms"))
    for name, ok, val in checks:
        print(f"  [{'ok' if ok else 'MISS'}] {name}: {val}")

    res_dir = os.path.join(bench_dir, "results")
    os.makedirs(res_dir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    res_path = os.path.join(res_dir, f"bench-{stamp}.json")
    with open(res_path, "w") as f:
        json.dump({"binary": binary, "args": vars(a), "results": results, "spec": spec, "peak": peak,
                   "checks": [{"name": n, "ok": o, "value": v} for n, o, v in checks]}, f, indent=2, default=str)
    print(f"\nresults: {res_path}")
    if s3 and not a.keep:
        s3.prefix = s3.base
        s3.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

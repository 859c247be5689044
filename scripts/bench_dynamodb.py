#!/usr/bin/env python3
"""Items/s and peak RSS of `stowage write` for the telemetry stream into a local DynamoDB-compatible server
(moto, scripts/dynamodb-test-server.sh), next to what the server takes from boto3 alone. Normally run as
`scripts/bench.sh --dynamodb`; see specs/benchmark.md.

  python3 scripts/bench_dynamodb.py --binary .build/release/stowage [--records 20000] [--batches-in-flight 4]
      [--repeat 2] [--seed 42] [--no-baseline] [--null-server]

The server: the one `STOWAGE_TEST_DYNAMODB_*` names, else one started here (and stopped afterwards). Only
127.0.0.1 is ever contacted. Each run writes into a fresh table and deletes it afterwards.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.server
import json
import threading
import os
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench  # noqa: E402
import bench_gen  # noqa: E402

SERVER = os.path.join(HERE, "dynamodb-test-server.sh")
ENV_FILE = os.path.join(os.environ.get("STOWAGE_DYNAMODB_DIR", "/tmp/stowage-dynamodb-test"), "env")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def server_env() -> tuple[dict, bool]:
    """The test server's settings, and whether this script started it."""
    if os.environ.get("STOWAGE_TEST_DYNAMODB_ENDPOINT"):
        return {k: v for k, v in os.environ.items() if k.startswith("STOWAGE_TEST_DYNAMODB_")}, False
    started = subprocess.run([SERVER, "status"], capture_output=True).returncode != 0
    if started:
        subprocess.run([SERVER, "start"], check=True)
    env = {}
    with open(ENV_FILE) as f:
        for line in f:
            if line.startswith("export ") and "=" in line:
                key, value = line[len("export "):].strip().split("=", 1)
                env[key] = value
    return env, started


def boto_client(env: dict):
    import boto3
    return boto3.client("dynamodb", endpoint_url=env["STOWAGE_TEST_DYNAMODB_ENDPOINT"],
                        aws_access_key_id=env["STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID"],
                        aws_secret_access_key=env["STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY"],
                        region_name=env.get("STOWAGE_TEST_DYNAMODB_REGION", "us-east-1"))


def count_items(client, table: str) -> int:
    total = 0
    for page in client.get_paginator("scan").paginate(TableName=table, Select="COUNT"):
        total += page["Count"]
    return total


def attribute(value):
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, (int, float)):
        return {"N": repr(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [attribute(v) for v in value]}
    return {"M": {k: attribute(v) for k, v in value.items()}}


def boto_baseline(env: dict, input_path: str, records: int, threads: int) -> float:
    """Items/s moto takes when boto3 sends the same items in batches of 25 from `threads` threads."""
    client = boto_client(env)
    table = "bench_boto_" + uuid.uuid4().hex[:8]
    client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "device_id", "AttributeType": "S"},
                                              {"AttributeName": "seq", "AttributeType": "N"}],
                        KeySchema=[{"AttributeName": "device_id", "KeyType": "HASH"},
                                   {"AttributeName": "seq", "KeyType": "RANGE"}])
    items = []
    with open(input_path) as f:
        for line in f:
            message = json.loads(line)
            if message.get("type") == "RECORD":
                item = {k: attribute(v) for k, v in message["record"]["data"].items()}
                item["_airbyte_ab_id"] = {"S": str(uuid.uuid4())}
                item["_airbyte_emitted_at"] = {"N": str(message["record"]["emitted_at"])}
                items.append(item)
                if len(items) == records:
                    break
    batches = [items[i:i + 25] for i in range(0, len(items), 25)]
    clients = [boto_client(env) for _ in range(threads)]

    def send(index: int) -> None:
        request = {table: [{"PutRequest": {"Item": item}} for item in batches[index]]}
        while request:
            request = clients[index % threads].batch_write_item(RequestItems=request).get("UnprocessedItems")

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(len(batches))))
    seconds = time.perf_counter() - t0
    stored = count_items(client, table)
    client.delete_table(TableName=table)
    if stored != len(items):
        log(f"  boto3 baseline stored {stored} of {len(items)} items")
    return len(items) / seconds


class NullDynamoDB(http.server.ThreadingHTTPServer):
    """A DynamoDB on 127.0.0.1 that takes every batch unread: what stowage itself can send, without a database.

    DescribeTable answers ACTIVE with the benchmark's key schema; BatchWriteItem answers no UnprocessedItems and
    counts the requests it got; signatures are not checked."""

    daemon_threads = True

    def __init__(self):
        self.items = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), NullHandler)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class NullHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go in two writes: without this, Nagle and delayed ACKs hold each answer 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        target = self.headers.get("X-Amz-Target", "")
        if target.endswith(".DescribeTable"):
            name = json.loads(body)["TableName"]
            answer = {"Table": {"TableName": name, "TableStatus": "ACTIVE",
                                "KeySchema": [{"AttributeName": "device_id", "KeyType": "HASH"},
                                              {"AttributeName": "seq", "KeyType": "RANGE"}],
                                "AttributeDefinitions": [{"AttributeName": "device_id", "AttributeType": "S"},
                                                         {"AttributeName": "seq", "AttributeType": "N"}]}}
        else:
            with self.server.lock:
                self.server.items += body.count(b'{"PutRequest":')
            answer = {"UnprocessedItems": {}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def null_server_run(binary: str, generated: dict, catalog_path: str, lanes: int, tmp: str) -> None:
    server = NullDynamoDB()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = {"dynamodb_table_name_prefix": "null", "dynamodb_region": "us-east-1",
                  "dynamodb_endpoint": server.endpoint, "access_key_id": "AKIDNULL", "secret_access_key": "null",
                  "dynamodb_batches_in_flight": lanes}
        config_path = os.path.join(tmp, "null-config.json")
        json.dump(config, open(config_path, "w"))
        m = bench.run_measured([binary, "write", "--config", config_path, "--catalog", catalog_path],
                               stdin_path=generated["path"], stdout_path=os.path.join(tmp, "null-out"),
                               stderr_path=os.path.join(tmp, "null-err"), timeout=1800)
        if m.code != 0 or server.items != generated["records"]:
            log(f"null server run: exit {m.code}, {server.items} items of {generated['records']}")
            return
        print(f"stowage → a server that takes batches unread (Python, 127.0.0.1): "
              f"{generated['records'] / m.secs:,.0f} items/s, peak RSS {m.rss_kib / 1024:.1f} MiB, "
              f"stowage CPU {m.cpu_secs / m.secs * 100:.0f}% of one core")
    finally:
        server.shutdown()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "stowage"))
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--batches-in-flight", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=2, help="runs; the fastest is reported")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, ".bench"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the boto3 run")
    ap.add_argument("--null-server", action="store_true",
                    help="also write into a local server that takes batches unread, to see stowage's own ceiling")
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        log(f"no binary at {a.binary}; run scripts/bench.sh --dynamodb, which builds it")
        return 2

    generated = bench_gen.generate("telemetry", os.path.join(a.bench_dir, "inputs"), records=a.records, seed=a.seed)
    env, started = server_env()
    client = boto_client(env)
    try:
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            catalog = json.load(open(generated["catalog"]))
            catalog["streams"][0]["primary_key"] = [["device_id"], ["seq"]]
            catalog_path = os.path.join(tmp, "catalog.json")
            json.dump(catalog, open(catalog_path, "w"))
            for run in range(a.repeat):
                prefix = "bench" + uuid.uuid4().hex[:8]
                config = {"dynamodb_table_name_prefix": prefix, "dynamodb_region": "us-east-1",
                          "dynamodb_endpoint": env["STOWAGE_TEST_DYNAMODB_ENDPOINT"],
                          "access_key_id": env["STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID"],
                          "secret_access_key": env["STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY"],
                          "dynamodb_batches_in_flight": a.batches_in_flight}
                config_path = os.path.join(tmp, "config.json")
                json.dump(config, open(config_path, "w"))
                bench.warm_cache(generated["path"])
                stderr_path = os.path.join(tmp, "stderr.log")
                m = bench.run_measured([a.binary, "write", "--config", config_path, "--catalog", catalog_path],
                                       stdin_path=generated["path"], stdout_path=os.path.join(tmp, "out"),
                                       stderr_path=stderr_path, timeout=1800)
                table = f"{prefix}_telemetry"
                if m.code != 0:
                    log(open(stderr_path).read()[-2000:])
                    return 1
                stored = count_items(client, table)
                client.delete_table(TableName=table)
                if stored != generated["records"]:
                    log(f"run {run + 1}: {stored} items stored of {generated['records']} records")
                    return 1
                rate = generated["records"] / m.secs
                results.append((rate, m))
                log(f"run {run + 1}: {generated['records']:,} items in {m.secs:.2f} s = {rate:,.0f} items/s, "
                    f"peak RSS {m.rss_kib / 1024:.1f} MiB ({m.rss_source}), CPU {m.cpu_secs:.2f} s")
            if a.null_server:
                null_server_run(a.binary, generated, catalog_path, a.batches_in_flight, tmp)
        rate, best = max(results, key=lambda r: r[0])
        print(f"stowage → moto: {rate:,.0f} items/s (best of {a.repeat}), peak RSS {best.rss_kib / 1024:.1f} MiB, "
              f"stowage CPU {best.cpu_secs / best.secs * 100:.0f}% of one core, "
              f"{a.batches_in_flight} batches in flight, {generated['records']:,} telemetry records")
        if not a.no_baseline:
            baseline = boto_baseline(env, generated["path"], generated["records"], a.batches_in_flight)
            print(f"boto3 → moto (same items, batches of 25, {a.batches_in_flight} threads): {baseline:,.0f} items/s")
    finally:
        if started:
            subprocess.run([SERVER, "stop"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Crash-and-fault campaign: kills `stowage write` at random moments on both stores and checks the invariants.

    python3 scripts/campaign.py --binary .build/release/stowage --kills 50 [--store local|s3|both]
                                [--fault-rate 0.1] [--seed N] [--records N]

Each round, on one overwrite stream whose earlier complete data (a baseline) is already there:
  1. `write` starts on a fresh input (unique ids, a STATE every few records) and is killed with SIGKILL at a random
     moment (sometimes after its input ended, during the final commit).
  2. Checks: every visible data object is complete (CSV: header, whole rows, CRLF at the end; never a partial
     object); every acknowledged state's records are visible; the baseline is intact (a dead sync deletes nothing).
  3. A re-run of the same input completes. Checks: every record exactly once (the overwrite replaced the baseline and
     the killed run's files), nothing left behind (no temporary file, no incomplete multipart upload, no live
     claim).
With --fault-rate, S3 rounds go through scripts/fault_proxy.py, failing that share of requests (resets and 5xx), so
kills and network faults mix. S3 needs the test server (scripts/s3-test-server.sh start; its env file is read).
Prints one line per round and a summary; exits 1 on the first broken invariant.
"""
import argparse
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Broken(Exception):
    pass


def messages(records, start, every):
    out = []
    for i in range(start, start + records):
        out.append(json.dumps({"type": "RECORD", "record": {"stream": "s", "data": {"id": i, "pad": "p" * 300},
                                                             "emitted_at": 1700000000000}}))
        if (i - start) % every == every - 1:
            out.append(json.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"last": i}}}))
    return ("\n".join(out) + "\n").encode()


class Local:
    name = "local"

    def __init__(self, root):
        self.root = root
        self.bucket = os.path.join(root, "bucket")
        os.makedirs(self.bucket, exist_ok=True)

    def config(self):
        return {"s3_bucket_name": "bucket", "s3_bucket_path": "out", "s3_endpoint": f"file://{self.root}"}

    def data(self):
        out = {}
        for folder, _, names in os.walk(self.bucket):
            for n in names:
                p = os.path.join(folder, n)
                key = os.path.relpath(p, self.bucket)
                if n.endswith(".csv") and "_stowage" not in key.split(os.sep):
                    out[key] = open(p, "rb").read()
        return out

    def leftovers(self):
        temps = []
        for folder, _, names in os.walk(self.bucket):
            temps += [os.path.join(folder, n) for n in names if n.endswith(".stowage-tmp")]
        return temps

    def claims(self):
        folder = os.path.join(self.bucket, "out", "_stowage", "syncs")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


class S3:
    name = "s3"

    def __init__(self, env, endpoint):
        import boto3
        from botocore.config import Config
        self.env, self.endpoint = env, endpoint
        self.client = boto3.client("s3", endpoint_url=env["STOWAGE_TEST_S3_ENDPOINT"],
                                   aws_access_key_id=env["STOWAGE_TEST_S3_ACCESS_KEY"],
                                   aws_secret_access_key=env["STOWAGE_TEST_S3_SECRET_KEY"], region_name="us-east-1",
                                   config=Config(s3={"addressing_style": "path"}))
        self.bucket = "campaign-" + uuid.uuid4().hex[:10]
        self.client.create_bucket(Bucket=self.bucket)

    def config(self):
        return {"s3_bucket_name": self.bucket, "s3_bucket_path": "out", "s3_endpoint": self.endpoint,
                "access_key_id": self.env["STOWAGE_TEST_S3_ACCESS_KEY"],
                "secret_access_key": self.env["STOWAGE_TEST_S3_SECRET_KEY"], "part_size_mb": 5,
                "retry_max_attempts": 10}

    def keys(self, prefix="out/"):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def data(self):
        # A killed sync's last DELETE can still be in the server's hands when it dies (the overwrite cleanup
        # after its own commit), so an object listed here may be gone a moment later: take the snapshot again.
        attempts = 20
        for attempt in range(1, attempts + 1):
            try:
                return {k: self.client.get_object(Bucket=self.bucket, Key=k)["Body"].read()
                        for k in self.keys() if k.endswith(".csv") and "_stowage" not in k.split("/")}
            except self.client.exceptions.NoSuchKey:
                if attempt == attempts:
                    raise
                time.sleep(0.05)

    def leftovers(self):
        return [u["Key"] for u in self.client.list_multipart_uploads(Bucket=self.bucket).get("Uploads", [])]

    def claims(self):
        return sorted(self.keys("out/_stowage/syncs/"))


def ids_in(objects):
    """Every record id in the visible objects, checking each object is whole."""
    ids = []
    for key, raw in objects.items():
        text = raw.decode("utf-8")
        if not text.startswith("_airbyte_ab_id,_airbyte_emitted_at,_airbyte_data\r\n") or not text.endswith("\r\n"):
            raise Broken(f"{key} is not a complete CSV object ({len(raw)} bytes)")
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        for row in rows:
            if len(row) != 3:
                raise Broken(f"{key} holds a partial row")
            ids.append(json.loads(row[2])["id"])
    return ids


def run(binary, config_path, catalog_path, stdin, kill_after=600.0, timing=None):
    """Runs `write`, killing it after `kill_after` seconds if it still runs; `timing`, a dict, gets the seconds
    to the first STATE on stdout (`first_state`) when there was one."""
    proc = subprocess.Popen([binary, "write", "--config", config_path, "--catalog", catalog_path],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    start = time.monotonic()
    # Feed in chunks so that the kill can land anywhere, including after the input ended.
    chunk = max(1, len(stdin) // 50)
    import threading

    def feed():
        try:
            for i in range(0, len(stdin), chunk):
                proc.stdin.write(stdin[i:i + chunk])
            proc.stdin.close()
        except (BrokenPipeError, ValueError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    out = bytearray()

    def drain():
        for line in proc.stdout:
            if timing is not None and "first_state" not in timing and b'"STATE"' in line:
                timing["first_state"] = time.monotonic() - start
            out.extend(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    while time.monotonic() - start < kill_after and proc.poll() is None:
        time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join()
    return proc.returncode, bytes(out), proc.stderr.read(), killed


def acknowledged(stdout):
    last = None
    for line in stdout.decode().splitlines():
        if line.startswith("{"):
            message = json.loads(line)
            if message["type"] == "STATE":
                last = message["state"]["data"]["last"]
    return last


def round_trip(store, binary, work, n, rng, records, duration):
    config_path = os.path.join(work, f"config-{store.name}.json")
    json.dump({**store.config(), "format": {"format_type": "CSV"}, "commit_interval_seconds": 0.05,
               "max_file_size_mb": 1}, open(config_path, "w"))
    catalog_path = os.path.join(work, "catalog.json")
    json.dump({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {"id": {}}}},
                            "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]},
              open(catalog_path, "w"))
    baseline = sorted(ids_in(store.data()))
    first = n * 1_000_000
    stdin = messages(records, first, every=37)
    # Anywhere in a whole run's time, a little past its end now and then (the final commit, or nothing to kill);
    # every other round after the previous run's first STATE, so that kills after an acknowledgement are common
    # even where acknowledgements come late (S3 with faults).
    earliest = duration[1] if duration[1] is not None and rng.random() < 0.5 else 0.02
    kill_after = rng.uniform(earliest, max(earliest, duration[0]) * 1.05)
    code, out, err, killed = run(binary, config_path, catalog_path, stdin, kill_after=kill_after)
    # After the kill: whole objects only; every acknowledged record visible; the baseline intact.
    visible = ids_in(store.data())
    last = acknowledged(out)
    if last is not None:
        missing = set(range(first, last + 1)) - set(visible)
        if missing:
            raise Broken(f"acknowledged records missing after the kill: {sorted(missing)[:5]}…")
    # Earlier overwrite data stays until the new data is complete (a kill can land after the sync's own end).
    if killed and not set(baseline) <= set(visible) and not set(range(first, first + records)) <= set(visible):
        raise Broken("the killed sync deleted the previous complete data before the new data was complete")
    # The re-run completes; every record of this input exactly once; nothing left behind.
    started = time.monotonic()
    timing = {}
    code, out, err, _ = run(binary, config_path, catalog_path, stdin, timing=timing)
    duration[0] = time.monotonic() - started
    duration[1] = timing.get("first_state")
    if code != 0:
        raise Broken(f"the re-run failed: {err.decode()[-500:]}")
    after = sorted(ids_in(store.data()))
    if after != list(range(first, first + records)):
        raise Broken(f"after the re-run {len(after)} rows for {records} records")
    if store.leftovers():
        raise Broken(f"left behind after the re-run: {store.leftovers()[:3]}")
    return killed, kill_after, last


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "stowage"))
    ap.add_argument("--kills", type=int, default=10, help="kill rounds per store")
    ap.add_argument("--store", choices=["local", "s3", "both"], default="both")
    ap.add_argument("--records", type=int, default=12000)
    ap.add_argument("--fault-rate", type=float, default=0.0, help="share of S3 requests the fault proxy fails")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    print(f"campaign: seed {a.seed}, {a.kills} kills per store, {a.records} records a round", flush=True)
    work = tempfile.mkdtemp(prefix="stowage-campaign-")
    stores = []
    if a.store in ("local", "both"):
        stores.append(Local(os.path.join(work, "local")))
    proxy = None
    if a.store in ("s3", "both"):
        env = dict(os.environ)
        env_file = os.environ.get("STOWAGE_S3_DIR", "/tmp/stowage-s3-test") + "/env"
        if "STOWAGE_TEST_S3_ENDPOINT" not in env and os.path.exists(env_file):
            for line in open(env_file):
                if line.startswith("export "):
                    k, _, v = line[7:].strip().partition("=")
                    env[k] = v.strip("'\"")
        if "STOWAGE_TEST_S3_ENDPOINT" not in env:
            print("campaign: no S3 test server (scripts/s3-test-server.sh start)", file=sys.stderr)
            return 2
        endpoint = env["STOWAGE_TEST_S3_ENDPOINT"]
        if a.fault_rate > 0:
            upstream = endpoint.rsplit(":", 1)[1]
            proxy = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "fault_proxy.py"), "--listen",
                                      "127.0.0.1:0", "--upstream", f"127.0.0.1:{upstream}", "--reset-rate",
                                      str(a.fault_rate / 2), "--error-rate", str(a.fault_rate / 2), "--seed",
                                      str(a.seed)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            endpoint = f"http://127.0.0.1:{proxy.stdout.readline().strip()}"
        stores.append(S3(env, endpoint))
    counts = {}
    try:
        for store in stores:
            killed_rounds = acked = 0
            duration = [1.0, None]  # the last re-run's seconds, and its seconds to the first STATE
            for n in range(a.kills):
                killed, after, last = round_trip(store, a.binary, work, n, rng, a.records, duration)
                killed_rounds += killed
                acked += last is not None
                print(f"  {store.name} round {n + 1}: {'killed' if killed else 'finished'} at {after:.2f} s, "
                      f"last acknowledged {last}", flush=True)
            counts[store.name] = {"rounds": a.kills, "killed": killed_rounds, "with_acknowledged_states": acked,
                                  "claims_left": len(store.claims())}
    except Broken as e:
        print(f"campaign: BROKEN: {e}", flush=True)
        return 1
    finally:
        if proxy:
            proxy.send_signal(signal.SIGTERM)
            proxy.wait()
    print("campaign: every invariant held: " + json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

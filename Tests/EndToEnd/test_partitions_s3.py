"""Record-time partitions into the S3 test server: a backfill over many days in random order, and a re-run that
replaces its window only."""
import csv
import io
import json
import random
import re

from conftest import lines, record, stowage
from test_partitions import HIVE, reading
from test_write_s3 import bucket, client, objects, s3config  # noqa: F401 (fixtures)


def write(s3config, bucket, tmp_path, records, mode, **extra):
    cat = tmp_path / f"catalog-{mode}.json"
    cat.write_text(json.dumps({"streams": [{"stream": {"name": "sensor_readings", "namespace": "plant", "json_schema": {
        "properties": {p: {} for p in ["device_id", "seq", "ts", "value"]}}}, "sync_mode": "full_refresh",
        "destination_sync_mode": mode}]}))
    config = s3config(bucket, s3_path_format=HIVE, streams={"sensor_readings": {"record_time_field": "ts"}}, **extra)
    return stowage("write", "--config", config, "--catalog", str(cat),
                   stdin=lines(*[record("sensor_readings", r, "plant") for r in records]))


def by_day(bucket):
    out = {}
    for key in objects(bucket, "out/"):
        day = int(re.search(r"/day=(\d{2})/", key).group(1))
        body = client().get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        rows = list(csv.reader(io.StringIO(body, newline="")))
        out.setdefault(day, []).extend((int(dict(zip(rows[0], r))["seq"]), float(dict(zip(rows[0], r))["value"]))
                                       for r in rows[1:])
    return out


def test_a_shuffled_backfill_then_a_window_rerun_on_s3(bucket, s3config, tmp_path):
    random.seed(4)
    records = [reading(i, day=random.randint(1, 20)) for i in range(2000)]
    random.shuffle(records)
    run = write(s3config, bucket, tmp_path, records, "overwrite", overwrite_scope="partitions", max_records_per_file=60)
    assert run.code == 0, run.stderr
    first = by_day(bucket)
    assert sorted(s for rows in first.values() for s, _ in rows) == list(range(2000))
    untouched = {k: client().get_object(Bucket=bucket, Key=k)["ETag"] for k in objects(bucket, "out/")
                 if not re.search(r"/day=(07|08)/", k)}
    run = write(s3config, bucket, tmp_path, [reading(i, d, value=-2.0) for i in range(30) for d in (7, 8)], "overwrite",
                overwrite_scope="partitions")
    assert run.code == 0, run.stderr
    after = by_day(bucket)
    assert sorted(after[7]) == [(i, -2.0) for i in range(30)] and sorted(after[8]) == [(i, -2.0) for i in range(30)]
    for key, etag in untouched.items():
        assert client().get_object(Bucket=bucket, Key=key)["ETag"] == etag, f"{key} is untouched"
    assert client().list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []

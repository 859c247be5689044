"""`stowage` against a real S3 server (Ceph radosgw on 127.0.0.1, started by scripts/s3-test-server.sh),
read back with boto3; and through a loopback proxy that resets connections and answers 500/503."""
import csv
import io
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import ROOT, SAMPLES, binary, lines, record, state, stowage
from test_write_local import check_flattened, input_records

ENDPOINT = os.environ.get("STOWAGE_TEST_S3_ENDPOINT")
ACCESS_KEY = os.environ.get("STOWAGE_TEST_S3_ACCESS_KEY")
SECRET_KEY = os.environ.get("STOWAGE_TEST_S3_SECRET_KEY")

if not ENDPOINT:
    if os.environ.get("CI"):
        pytest.fail("STOWAGE_TEST_S3_ENDPOINT is not set: scripts/test.sh starts the S3 test server", pytrace=False)
    pytest.skip("no S3 test server: run scripts/test.sh, or source /tmp/stowage-s3-test/env", allow_module_level=True)


def client(endpoint=ENDPOINT):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                        region_name="us-east-1", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10}))


@pytest.fixture
def bucket():
    name = "t-" + uuid.uuid4().hex[:16]
    s3 = client()
    s3.create_bucket(Bucket=name)
    yield name
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name) for o in page.get("Contents", [])]
    for i in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": k} for k in keys[i:i + 1000]]})
    for upload in s3.list_multipart_uploads(Bucket=name).get("Uploads", []):
        s3.abort_multipart_upload(Bucket=name, Key=upload["Key"], UploadId=upload["UploadId"])
    s3.delete_bucket(Bucket=name)


@pytest.fixture
def s3config(tmp_path):
    def make(bucket, endpoint=ENDPOINT, **overrides):
        config = {
            "s3_bucket_name": bucket, "s3_bucket_path": "out", "s3_bucket_region": "us-east-1",
            "s3_endpoint": endpoint, "access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY,
            "format": {"format_type": "CSV", "flattening": "Root level flattening",
                       "compression": {"compression_type": "No Compression"}},
        }
        config.update(overrides)
        path = tmp_path / f"s3config-{uuid.uuid4().hex[:6]}.json"
        path.write_text(json.dumps(config))
        return str(path)
    return make


def objects(bucket, prefix="", control=False):
    """The bucket's keys under `prefix`; Stowage's control objects (`_stowage/` claims) only when `control`."""
    s3 = client()
    return sorted(o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
                  for o in page.get("Contents", []) if control or "_stowage" not in o["Key"].split("/"))


def download(bucket, key, tmp_path):
    path = tmp_path / key.replace("/", "__")
    client().download_file(bucket, key, str(path))
    return path


def rows(bucket, key, tmp_path):
    with open(download(bucket, key, tmp_path), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def assert_no_uploads_left(bucket):
    assert client().list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_samples_land_in_s3_and_read_back_identically(bucket, s3config, tmp_path):
    catalog = json.load(open(SAMPLES / "catalog.json"))
    run = stowage("write", "--config", s3config(bucket, s3_bucket_path="airbyte"), "--catalog", str(SAMPLES / "catalog.json"),
                  stdin=(SAMPLES / "messages.jsonl").read_bytes())
    assert run.code == 0, run.stderr
    # STREAM states count their own stream's records since its previous state.
    assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [8.0, 8.0, 8.0, 0.0]
    for stream, namespace in [("users", "shop"), ("telemetry", None)]:
        [key] = objects(bucket, f"airbyte/{namespace + '/' if namespace else ''}{stream}/")
        props = next(s["stream"]["json_schema"]["properties"] for s in catalog["streams"] if s["stream"]["name"] == stream)
        check_flattened(download(bucket, key, tmp_path), input_records(SAMPLES / "messages.jsonl", stream), props)
    assert_no_uploads_left(bucket)


def test_large_objects_span_several_parts_and_many_streams_write_at_once(bucket, s3config, tmp_path):
    pad = "z" * 1000
    messages = []
    for i in range(66000):
        messages.append(record(f"s{i % 3}", {"id": i, "pad": pad}))
        if i % 1000 == 999:
            messages.append(state(i))
    cat = tmp_path / "cat.json"
    cat.write_text(json.dumps({"streams": [
        {"stream": {"name": f"s{n}", "json_schema": {"properties": {"id": {}, "pad": {}}}}, "destination_sync_mode": "append"}
        for n in range(3)]}))
    run = stowage("write", "--config", s3config(bucket, part_size_mb=5), "--catalog", str(cat), stdin=lines(*messages))
    assert run.code == 0, run.stderr
    assert len(run.states) == 66
    for n in range(3):
        [key] = objects(bucket, f"out/s{n}/")
        head = client().head_object(Bucket=bucket, Key=key)
        assert head["ContentLength"] > 3 * 5 * 1024 * 1024, "larger than several parts"
        data = rows(bucket, key, tmp_path)
        assert sorted(int(r[2]) for r in data[1:]) == list(range(n, 66000, 3))
        assert all(r[3] == pad for r in data[1:])
    assert_no_uploads_left(bucket)


def test_overwrite_and_append_on_s3(bucket, s3config, tmp_path):
    s3 = client()
    s3.put_object(Bucket=bucket, Key="out/s/notes.txt", Body=b"not stowage's")
    s3.put_object(Bucket=bucket, Key="out/other/2020_01_01_1577836800000_0.csv", Body=b"x")
    cfg = s3config(bucket)
    append = tmp_path / "a.json"
    append.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {"id": {}}}}, "destination_sync_mode": "append"}]}))
    overwrite = tmp_path / "o.json"
    overwrite.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {"id": {}}}}, "destination_sync_mode": "overwrite"}]}))
    for i in range(2):
        assert stowage("write", "--config", cfg, "--catalog", str(append), stdin=lines(record("s", {"id": i}))).code == 0
        time.sleep(0.01)
    assert len([k for k in objects(bucket, "out/s/") if k.endswith(".csv")]) == 2
    failed = stowage("write", "--config", cfg, "--catalog", str(overwrite), stdin=lines(record("s", {"id": 5}), "{oops"))
    assert failed.code != 0
    assert len([k for k in objects(bucket, "out/s/") if k.endswith(".csv")]) == 2
    assert_no_uploads_left(bucket)
    ok = stowage("write", "--config", cfg, "--catalog", str(overwrite), stdin=lines(record("s", {"id": 7})))
    assert ok.code == 0, ok.stderr
    keys = objects(bucket, "out/")
    assert "out/s/notes.txt" in keys and "out/other/2020_01_01_1577836800000_0.csv" in keys
    csvs = [k for k in keys if k.startswith("out/s/") and k.endswith(".csv")]
    assert len(csvs) == 1 and [r[2] for r in rows(bucket, csvs[0], tmp_path)[1:]] == ["7"]


def test_check_succeeds_and_leaves_nothing(bucket, s3config):
    run = stowage("check", "--config", s3config(bucket))
    assert run.messages[-1]["connectionStatus"]["status"] == "SUCCEEDED", run.messages
    assert objects(bucket) == []
    assert_no_uploads_left(bucket)


def test_a_wrong_secret_and_a_missing_bucket_are_config_errors(bucket, s3config):
    wrong = s3config(bucket, secret_access_key="not-the-secret-" + "x" * 25)
    run = stowage("check", "--config", wrong)
    status = run.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert ACCESS_KEY in status["message"]
    assert "not-the-secret" not in run.stdout + run.stderr
    write = stowage("write", "--config", wrong, "--catalog", str(SAMPLES / "catalog.json"), stdin=(SAMPLES / "messages.jsonl").read_bytes())
    assert write.code != 0 and write.trace["error"]["failure_type"] == "config_error"
    assert "not-the-secret" not in write.stdout + write.stderr

    missing = s3config("no-such-bucket-" + uuid.uuid4().hex[:8])
    run = stowage("check", "--config", missing)
    assert run.messages[-1]["connectionStatus"]["status"] == "FAILED"
    assert "no-such-bucket-" in run.messages[-1]["connectionStatus"]["message"]
    write = stowage("write", "--config", missing, "--catalog", str(SAMPLES / "catalog.json"), stdin=(SAMPLES / "messages.jsonl").read_bytes())
    assert write.trace["error"]["failure_type"] == "config_error"
    assert SECRET_KEY not in write.stdout + write.stderr + run.stdout + run.stderr


def test_a_killed_sync_leaves_no_object_visible(bucket, s3config):
    cat = pathlib.Path(s3config(bucket)).with_name("kcat.json")
    cat.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {"id": {}, "pad": {}}}}, "destination_sync_mode": "append"}]}))
    proc = subprocess.Popen([binary(), "write", "--config", s3config(bucket, part_size_mb=5), "--catalog", str(cat)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for i in range(12000):
        proc.stdin.write(lines(record("s", {"id": i, "pad": "p" * 1000})))
    proc.stdin.flush()
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert objects(bucket) == [], "an object appears only when its upload completes"
    assert proc.stdout.read() == b""


@pytest.fixture
def fault_proxy(tmp_path):
    upstream = ENDPOINT.rsplit(":", 1)[1].rstrip("/")
    port_file = tmp_path / "proxy.port"
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "fault_proxy.py"), "--listen", "127.0.0.1:0",
                             "--upstream", f"127.0.0.1:{upstream}", "--reset-rate", "0.1", "--error-rate", "0.1",
                             "--seed", "11", "--max-faults", "60", "--port-file", str(port_file)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        if port_file.exists() and port_file.read_text().strip():
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port_file.read_text().strip()}"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    print(err.decode(), file=sys.stderr)


def test_resets_and_server_errors_lose_and_duplicate_nothing(bucket, s3config, fault_proxy, tmp_path):
    messages = []
    for i in range(20000):
        messages.append(record(f"s{i % 3}", {"id": i, "pad": "q" * 600}))
        if i % 500 == 499:
            messages.append(state(i))
    cat = tmp_path / "fcat.json"
    cat.write_text(json.dumps({"streams": [
        {"stream": {"name": f"s{n}", "json_schema": {"properties": {"id": {}, "pad": {}}}}, "destination_sync_mode": "append"}
        for n in range(3)]}))
    run = stowage("write", "--config", s3config(bucket, endpoint=fault_proxy, part_size_mb=5, max_file_size_mb=3,
                                                  retry_max_attempts=12, retry_max_seconds=60),
                  "--catalog", str(cat), stdin=lines(*messages), timeout=600)
    assert run.code == 0, run.stderr[-3000:]
    assert len(run.states) == 40
    ids = []
    for key in objects(bucket, "out/"):
        ids += [int(r[2]) for r in rows(bucket, key, tmp_path)[1:]]
    assert sorted(ids) == list(range(20000)), "every record exactly once"
    assert_no_uploads_left(bucket)


def one_stream_catalog(tmp_path, mode="append", props=("id", "pad")):
    path = tmp_path / f"cat-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {p: {} for p in props}}},
                                             "destination_sync_mode": mode}]}))
    return str(path)


def test_no_flattening_and_size_rolling_on_s3(bucket, s3config, tmp_path):
    data = [{"id": i, "pad": "p" * 3000, "nested": {"q": "a,\"b\"\n"}} for i in range(1000)]
    run = stowage("write", "--config", s3config(bucket, max_file_size_mb=1, format={"format_type": "CSV", "flattening": "No flattening"}),
                  "--catalog", one_stream_catalog(tmp_path), stdin=lines(*[record("s", d) for d in data]))
    assert run.code == 0, run.stderr
    keys = objects(bucket, "out/s/")
    assert len(keys) == 3
    assert sorted(int(k.rsplit("_", 1)[1].split(".")[0]) for k in keys) == [0, 1, 2]
    got = [json.loads(r[2]) for k in keys for r in rows(bucket, k, tmp_path)[1:]]
    assert sorted(got, key=lambda d: d["id"]) == data


def test_bad_input_on_s3_keeps_acknowledged_data_and_shows_no_partial_object(bucket, s3config, tmp_path):
    stdin = lines(record("s", {"id": 1}), state(1), '{"type":"RECORD","record":{"stream":"s","data":[],"emitted_at":1}}')
    run = stowage("write", "--config", s3config(bucket, commit_interval_seconds=0.01), "--catalog", one_stream_catalog(tmp_path), stdin=stdin)
    assert run.code != 0
    assert "Line 3" in run.trace["error"]["message"]
    for _ in run.states:
        [key] = objects(bucket)
        assert [r[2] for r in rows(bucket, key, tmp_path)[1:]] == ["1"]
    assert_no_uploads_left(bucket)


def test_idle_input_with_held_states_commits_to_s3_after_the_interval(bucket, s3config, tmp_path):
    proc = subprocess.Popen([binary(), "write", "--config", s3config(bucket, commit_interval_seconds=0.5),
                             "--catalog", one_stream_catalog(tmp_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(lines(record("s", {"id": 1}), state(1)))
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["state"]["data"] == {"n": 1}
    assert len(objects(bucket)) == 1, "the object is complete before its state is echoed"
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0


def test_an_unreachable_endpoint_says_so(s3config):
    run = stowage("check", "--config", s3config("any", endpoint="http://127.0.0.1:9", retry_max_attempts=2, retry_max_seconds=1))
    status = run.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert "127.0.0.1:9" in status["message"]


def test_sigterm_aborts_open_multipart_uploads(bucket, s3config, tmp_path):
    proc = subprocess.Popen([binary(), "write", "--config", s3config(bucket, part_size_mb=5), "--catalog", one_stream_catalog(tmp_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(lines(*[record("s", {"id": i, "pad": "p" * 1000}) for i in range(12000)]))
    proc.stdin.flush()
    for _ in range(100):
        if client().list_multipart_uploads(Bucket=bucket).get("Uploads"):
            break
        time.sleep(0.1)
    assert client().list_multipart_uploads(Bucket=bucket).get("Uploads"), "a multipart upload is under way"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 1, "stops while its input is still open"
    out, err = proc.communicate(timeout=30)
    assert "asked to stop" in out.decode()
    assert objects(bucket) == []
    assert_no_uploads_left(bucket)


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGILL, signal.SIGABRT])
def test_a_crash_mid_upload_prints_no_part_of_the_secret_key(bucket, s3config, sig):
    from test_signals_and_pipes import assert_crash_output_is_safe
    proc = subprocess.Popen([binary(), "write", "--config", s3config(bucket, part_size_mb=5), "--catalog",
                             str(SAMPLES / "catalog.json")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    payload = lines(*[record("telemetry", {"device_id": "d", "pad": "x" * 500, "i": i}) for i in range(20000)])
    proc.stdin.write(payload)  # ~11 MB: parts are uploading when the signal lands
    proc.stdin.flush()
    time.sleep(1.0)
    proc.send_signal(sig)
    assert_crash_output_is_safe(proc, sig, SECRET_KEY)


def test_objects_carry_their_generation_and_a_refresh_deletes_older_ones(bucket, s3config, tmp_path):
    from test_generations import catalog
    config = s3config(bucket)
    assert stowage("write", "--config", config, "--catalog", catalog(tmp_path, "append", 1, 0),
                   stdin=lines(record("s", {"id": 1}))).code == 0
    [first] = objects(bucket, "out/")
    assert client().head_object(Bucket=bucket, Key=first)["Metadata"]["ab-generation-id"] == "1"
    run = stowage("write", "--config", config, "--catalog", catalog(tmp_path, "append", 2, 2),
                  stdin=lines(record("s", {"id": 2})))
    assert run.code == 0, run.stderr
    [second] = objects(bucket, "out/")
    assert second != first and client().head_object(Bucket=bucket, Key=second)["Metadata"]["ab-generation-id"] == "2"

"""`stowage sync` and `stowage catalog` end to end: a real Airbyte source (airbyte-source-faker, installed by
scripts/setup.sh --tests) and small scripted sources that misbehave (Tests/EndToEnd/sources/scripted_source.py);
state kept locally and in the S3 test server; files read back with the csv module and boto3."""
import csv
import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import time
import uuid

import pytest

from conftest import ROOT, binary

SOURCE = [sys.executable, str(ROOT / "Tests" / "EndToEnd" / "sources" / "scripted_source.py")]
FAKER_VENV = pathlib.Path(os.environ.get("STOWAGE_FAKER_VENV", ROOT / ".venv-faker"))
FAKER = FAKER_VENV / "bin" / "source-faker"
S3_ENDPOINT = os.environ.get("STOWAGE_TEST_S3_ENDPOINT")


class Sync:
    def __init__(self, proc, summary_path):
        self.code = proc.returncode
        self.stdout = proc.stdout.decode()
        self.stderr = proc.stderr.decode()
        self.summary = json.loads(summary_path.read_text()) if summary_path and summary_path.exists() else None


@pytest.fixture
def run(tmp_path, workspace):
    """Runs `stowage sync` with a scripted source configured by a dict (or any source command)."""
    counter = iter(range(1000))

    def sync(source_config, state=None, catalog=None, config=None, source=SOURCE, extra=(), timeout=60, env=None):
        n = next(counter)
        source_path = tmp_path / f"source-{n}.json"
        source_path.write_text(json.dumps(source_config))
        summary = tmp_path / f"summary-{n}.json"
        args = [binary(), "sync", "--config", config or workspace.config(commit_interval_seconds=0.2),
                "--catalog", catalog or items_catalog(workspace), "--source-config", str(source_path),
                "--state", state or str(tmp_path / "state.json"), "--summary-json", str(summary), *extra,
                "--", *source]
        proc = subprocess.run(args, capture_output=True, timeout=timeout, env=env)
        result = Sync(proc, summary)
        assert result.stdout == "", "sync prints nothing on standard output"
        return result

    return sync


def items_catalog(workspace, mode="append"):
    return workspace.catalog([("items", None, ["id", "name"], mode)])


def ids(workspace, stream="items"):
    found = []
    for path in workspace.files(f"out/{stream}"):
        if path.name.startswith("."):
            continue
        with open(path, newline="", encoding="utf-8") as f:
            found += [int(row["id"]) for row in csv.DictReader(f)]
    return found


def cursor(state_path):
    """The scripted source's cursor in a saved state, or 0 when there is none."""
    path = pathlib.Path(state_path)
    if not path.exists():
        return 0
    messages = json.loads(path.read_text())
    return max([m["stream"]["stream_state"]["cursor"] for m in messages if m["type"] == "STREAM"], default=0)


def only_line(text):
    return [line for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- resuming


def test_a_second_run_resumes_from_the_committed_state_and_lands_only_new_records(run, workspace, tmp_path):
    first = run({"count": 25, "state_every": 10})
    assert first.code == 0, first.stderr
    assert sorted(ids(workspace)) == list(range(1, 26))
    state = json.loads((tmp_path / "state.json").read_text())
    assert state == [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "items"},
                                                     "stream_state": {"cursor": 25}}}]

    received = tmp_path / "received.json"
    second = run({"count": 40, "state_every": 10, "received_state": str(received)})
    assert second.code == 0, second.stderr
    assert json.loads(received.read_text()) == state, "the source got exactly the state Stowage saved"
    assert sorted(ids(workspace)) == list(range(1, 41)), "only the new records 26-40 landed"
    assert cursor(tmp_path / "state.json") == 40
    assert json.loads((tmp_path / "state.json.prev").read_text()) == state, "the state the run started from is kept"

    summary = second.summary
    assert summary["status"] == "succeeded" and summary["source"]["exit_code"] == 0
    assert summary["records"] == 15 and summary["states_committed"] == 2 and summary["duration_seconds"] > 0
    [items] = summary["streams"]
    assert items["name"] == "items" and items["records"] == 15 and items["files"] >= 1 and items["bytes"] > 0
    assert items["states_committed"] == 2
    assert "Sync succeeded" in second.stderr and "15 records" in second.stderr


def test_log_messages_and_standard_error_reach_the_log(run):
    result = run({"count": 3, "logs": ["upstream is slow"], "stderr": ["a line on stderr"]})
    assert result.code == 0, result.stderr
    assert "upstream is slow" in result.stderr and "a line on stderr" in result.stderr


@pytest.mark.parametrize("state_type", ["GLOBAL", "LEGACY"])
def test_global_and_legacy_states_replace_the_saved_state(run, tmp_path, state_type, workspace):
    assert run({"count": 12, "state_every": 5, "state_type": state_type}).code == 0
    saved = json.loads((tmp_path / "state.json").read_text())
    assert len(saved) == 1 and saved[0]["type"] == state_type
    assert "destinationStats" not in saved[0]
    assert run({"count": 20, "state_every": 5, "state_type": state_type}).code == 0
    assert sorted(ids(workspace)) == list(range(1, 21))


# ---------------------------------------------------------------- failures


def test_a_source_that_dies_mid_stream_fails_the_sync_but_keeps_what_was_committed(run, workspace, tmp_path):
    assert run({"count": 10}).code == 0
    died = run({"count": 60, "state_every": 5, "then": "exit", "after": 12, "exit_code": 3})
    assert died.code == 1
    assert "exited with status 3" in died.stderr
    assert died.summary["status"] == "failed" and died.summary["source"]["exit_code"] == 3
    assert cursor(tmp_path / "state.json") == 20, "states up to the last record read are committed and saved"
    assert sorted(ids(workspace)) == list(range(1, 23))

    again = run({"count": 30, "state_every": 5})
    assert again.code == 0, again.stderr
    landed = ids(workspace)
    assert set(landed) == set(range(1, 31))
    assert all(landed.count(i) == 1 for i in range(1, 21)), "nothing the saved state covers is read again"


def test_a_dead_source_never_costs_an_overwrite_stream_its_earlier_files(run, workspace):
    """The hazard measured with `source | stowage write`: a source dying after a few records replaced 10 rows by 3."""
    catalog = items_catalog(workspace, mode="overwrite")
    assert run({"count": 10}, catalog=catalog).code == 0
    assert sorted(ids(workspace)) == list(range(1, 11))
    died = run({"count": 10, "then": "exit", "after": 3, "exit_code": 1, "state_every": 100}, state=str(workspace.store / "fresh.json"),
               catalog=catalog)
    assert died.code == 1
    assert sorted(ids(workspace)) == sorted(list(range(1, 11)) + [1, 2, 3]), "the earlier 10 rows stay"

    done = run({"count": 10, "statuses": True}, state=str(workspace.store / "fresh2.json"), catalog=catalog)
    assert done.code == 0, done.stderr
    assert sorted(ids(workspace)) == list(range(1, 11)), "a sync that succeeded replaces them"


def test_a_killed_source_fails_the_sync(run):
    result = run({"count": 50, "then": "kill", "after": 4})
    assert result.code == 1
    assert "killed by signal 9" in result.stderr
    assert result.summary["source"] == {"program": "python3 scripted_source.py", "exit_code": None, "signal": 9} \
        or result.summary["source"]["signal"] == 9


@pytest.mark.parametrize("then", ["hang", "close"])
def test_a_silent_source_is_stopped_after_the_idle_timeout(run, tmp_path, workspace, then):
    """Silent with its output open, or silent after closing it without exiting."""
    started = time.monotonic()
    result = run({"count": 60, "state_every": 5, "then": then, "after": 8}, extra=["--idle-timeout", "1.5"])
    assert result.code == 1
    assert time.monotonic() - started < 20
    assert "printed nothing for 1.50 s" in result.stderr
    assert result.summary["source"]["signal"] == signal.SIGTERM
    assert cursor(tmp_path / "state.json") == 5 and sorted(ids(workspace)) == list(range(1, 9))


def test_garbage_on_the_sources_output_fails_the_sync_and_stops_the_source(run, tmp_path):
    assert run({"count": 5}).code == 0
    pid_file = tmp_path / "garbage.pid"
    result = run({"count": 30, "then": "garbage", "after": 7, "pid_file": str(pid_file)})
    assert result.code == 1
    assert "is not a valid JSON message" in result.stderr
    assert cursor(tmp_path / "state.json") == 5
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_trace_error_fails_the_sync_though_the_source_exits_0(run, tmp_path):
    result = run({"count": 20, "state_every": 5, "then": "trace", "after": 3})
    assert result.code == 1
    assert "reported an error" in result.stderr and "the upstream API refused the request" in result.stderr
    assert result.summary["source"]["exit_code"] == 0
    assert cursor(tmp_path / "state.json") == 20, "what the source sent is committed and its state saved"


def test_a_source_that_exits_non_zero_at_the_end_fails_the_sync(run, tmp_path):
    result = run({"count": 10, "exit_code": 2})
    assert result.code == 1
    assert "exited with status 2" in result.stderr
    assert cursor(tmp_path / "state.json") == 10


def test_sigterm_stops_stowage_and_the_source(tmp_path, workspace):
    source_config = tmp_path / "source.json"
    pid_file = tmp_path / "source.pid"
    source_config.write_text(json.dumps({"count": 100000, "sleep": 0.01, "pid_file": str(pid_file)}))
    proc = subprocess.Popen(
        [binary(), "sync", "--config", workspace.config(), "--catalog", items_catalog(workspace), "--source-config",
         str(source_config), "--state", str(tmp_path / "state.json"), "--", *SOURCE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "asked to stop (signal 15)" in stderr.decode()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


# ---------------------------------------------------------------- usage


def test_usage_mistakes_exit_2_with_one_sentence(run, workspace, tmp_path):
    missing = run({"count": 1}, source=["/nonexistent/source-x"])
    assert missing.code == 2 and "'/nonexistent/source-x' cannot be started" in missing.stderr
    nothing = subprocess.run([binary(), "sync", "--config", workspace.config(), "--catalog", items_catalog(workspace),
                              "--source-config", "x.json", "--state", "s.json"], capture_output=True)
    assert nothing.returncode == 2
    unknown = subprocess.run([binary(), "sync", "--bogus"], capture_output=True)
    assert unknown.returncode == 2
    folder = run({"count": 1}, state=str(tmp_path / "no" / "such" / "state.json"))
    assert folder.code == 2 and "mkdir -p" in folder.stderr
    (tmp_path / "state.json").write_text("{not json")
    torn = run({"count": 1})
    assert torn.code == 2 and "is not valid JSON" in torn.stderr and "state.json.prev" in torn.stderr
    assert ids(workspace) == [], "nothing ran"


# ---------------------------------------------------------------- one run at a time


def test_a_second_run_while_the_first_holds_the_lock_exits_75_touching_nothing(tmp_path, workspace, run):
    source_config = tmp_path / "slow.json"
    source_config.write_text(json.dumps({"count": 40, "sleep": 0.05}))
    state = tmp_path / "state.json"
    first = subprocess.Popen(
        [binary(), "sync", "--config", workspace.config(commit_interval_seconds=0.2), "--catalog",
         items_catalog(workspace), "--source-config", str(source_config), "--state", str(state), "--", *SOURCE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.5)
    started = time.monotonic()
    second = run({"count": 1000})
    assert second.code == 75
    assert time.monotonic() - started < 5, "it exits at once"
    [line] = only_line(second.stderr)
    assert "holds the lock" in line and f"pid {first.pid}" in line
    assert second.summary is None
    assert first.wait(timeout=60) == 0
    assert sorted(ids(workspace)) == list(range(1, 41)), "the second run landed nothing"
    assert sorted(p.name for p in tmp_path.glob("state*")) == ["state.json", "state.json.lock"], \
        "nor kept a previous state"


# ---------------------------------------------------------------- kill -9


@pytest.mark.parametrize("round_", range(3))
def test_kill_9_at_a_random_moment_then_a_rerun_lands_every_acknowledged_record_once(round_, tmp_path, workspace):
    seed = int(os.environ.get("STOWAGE_KILL_SEED", time.time_ns())) + round_
    rng = random.Random(seed)
    count = 400
    config = workspace.config(commit_interval_seconds=0.1)
    catalog = items_catalog(workspace)
    state = tmp_path / "state.json"
    pid_file = tmp_path / "source.pid"

    def start(extra):
        source = tmp_path / f"source-{uuid.uuid4().hex[:6]}.json"
        source.write_text(json.dumps({"count": count, "state_every": 7, **extra}))
        return subprocess.Popen(
            [binary(), "sync", "--config", config, "--catalog", catalog, "--source-config", str(source),
             "--state", str(state), "--", *SOURCE], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    victim = start({"sleep": 0.005, "pid_file": str(pid_file)})
    time.sleep(rng.uniform(0.05, 2.0))
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    acknowledged = cursor(state)  # parses, or the saved state was torn
    if pid_file.exists():
        try:
            os.killpg(int(pid_file.read_text()), signal.SIGKILL)
        except ProcessLookupError:
            pass
    landed_before = ids(workspace)
    assert set(range(1, acknowledged + 1)) <= set(landed_before), f"seed {seed}: the saved state is never ahead"

    rerun = start({})
    assert rerun.wait(timeout=60) == 0, f"seed {seed}"
    landed = ids(workspace)
    counts = {i: landed.count(i) for i in set(landed)}
    assert set(counts) == set(range(1, count + 1)), f"seed {seed}: every record landed"
    assert all(counts[i] == 1 for i in range(1, acknowledged + 1)), f"seed {seed}: acknowledged records once"
    assert all(counts[i] <= 2 for i in counts), f"seed {seed}: at most one replay of what was not acknowledged"
    assert cursor(state) == count


# ---------------------------------------------------------------- catalog


def test_catalog_configures_incremental_append_where_supported_else_full_refresh_overwrite(tmp_path):
    config = tmp_path / "source.json"
    config.write_text("{}")
    proc = subprocess.run([binary(), "catalog", "--source-config", str(config), "--", *SOURCE], capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    catalog = json.loads(proc.stdout)
    modes = {s["stream"]["name"]: (s["sync_mode"], s["destination_sync_mode"]) for s in catalog["streams"]}
    assert modes == {"items": ("incremental", "append"), "snapshot": ("full_refresh", "overwrite")}
    assert "discovering" in proc.stderr.decode(), "the source's LOG reached the log"

    config.write_text(json.dumps({"exit_code": 1}))
    failed = subprocess.run([binary(), "catalog", "--source-config", str(config), "--", *SOURCE], capture_output=True)
    assert failed.returncode == 1 and b"exited with status 1 during discover" in failed.stderr


# ---------------------------------------------------------------- a real source: airbyte-source-faker


def faker_or_skip():
    if not FAKER.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{FAKER} is missing: scripts/setup.sh --tests installs it", pytrace=False)
        pytest.skip("airbyte-source-faker is not installed: run scripts/setup.sh --tests")
    return [str(FAKER)]


@pytest.fixture(scope="module")
def faker_catalog(tmp_path_factory):
    """`stowage catalog` against faker: the configured catalog every faker test uses."""
    source = faker_or_skip()
    folder = tmp_path_factory.mktemp("faker")
    config = folder / "faker.json"
    config.write_text(json.dumps({"count": 10, "seed": 7, "parallelism": 1, "always_updated": False}))
    proc = subprocess.run([binary(), "catalog", "--source-config", str(config), "--", *source], capture_output=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    path = folder / "catalog.json"
    path.write_bytes(proc.stdout)
    return path


def faker_rows(workspace, stream):
    rows = []
    for path in workspace.files(f"out/{stream}"):
        with open(path, newline="", encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    return rows


def test_faker_catalog_is_incremental_append(faker_catalog):
    catalog = json.loads(faker_catalog.read_text())
    assert {s["stream"]["name"] for s in catalog["streams"]} == {"users", "products", "purchases"}
    assert all(s["sync_mode"] == "incremental" and s["destination_sync_mode"] == "append" for s in catalog["streams"])


def stream_states(path):
    return {m["stream"]["stream_descriptor"]["name"]: m["stream"]["stream_state"] for m in json.loads(path.read_text())}


def test_a_cron_style_loop_of_three_faker_syncs_each_resuming_from_the_last(tmp_path, workspace, faker_catalog):
    """Three `stowage sync` runs of airbyte-source-faker from a shell loop, as cron would start them.

    Faker 7 with `always_updated` false reads a stream once, and nothing more once it is given that stream's state:
    so run 1 lands every record, and runs 2 and 3 land only new ones, none, which they can only do by resuming.
    """
    source = faker_or_skip()
    (tmp_path / "faker.json").write_text(json.dumps(
        {"count": 20, "seed": 3, "records_per_slice": 5, "parallelism": 1, "always_updated": False}))
    (tmp_path / "state").mkdir()
    state = tmp_path / "state" / "faker.json"
    script = f"""
        for run in 1 2 3; do
            "$STOWAGE" sync --config "$CONFIG" --catalog "{faker_catalog}" --source-config "{tmp_path}/faker.json" \
                --state "{state}" --summary-json "{tmp_path}/run-$run.json" -- "$FAKER" 2>>"{tmp_path}/cron.log" \
                || exit $?
            cp "{state}" "{tmp_path}/state-after-$run.json"
        done
    """
    env = {**os.environ, "STOWAGE": binary(), "FAKER": source[0],
           "CONFIG": workspace.config(commit_interval_seconds=1)}
    proc = subprocess.run(["bash", "-c", script], env=env, timeout=300, capture_output=True)
    log = (tmp_path / "cron.log").read_text()
    assert proc.returncode == 0, log
    assert log.count("Sync succeeded") == 3

    summaries = [json.loads((tmp_path / f"run-{i}.json").read_text()) for i in (1, 2, 3)]
    assert [s["status"] for s in summaries] == ["succeeded"] * 3
    assert [s["source"]["exit_code"] for s in summaries] == [0, 0, 0]
    first = {s["name"]: s for s in summaries[0]["streams"]}
    assert first["users"]["records"] == 20 and first["products"]["records"] == 20
    assert first["users"]["states_committed"] == 4 and first["users"]["files"] >= 1
    assert [s["records"] for s in summaries[1:]] == [0, 0] and [s["files"] for s in summaries[1:]] == [0, 0]

    assert sorted(int(r["id"]) for r in faker_rows(workspace, "users")) == list(range(1, 21)), "every user once"
    purchases = [r["id"] for r in faker_rows(workspace, "purchases")]
    assert len(purchases) == len(set(purchases)) == first["purchases"]["records"] > 0

    states = [stream_states(tmp_path / f"state-after-{i}.json") for i in (1, 2, 3)]
    assert set(states[0]) == {"users", "products", "purchases"}
    assert states[0]["users"]["loop_offset"] == 20 and states[0]["users"]["seed"] == 3
    assert states[1] == states[0] and states[2] == states[0], "each run resumed from, and kept, the first's state"
    assert stream_states(tmp_path / "state" / "faker.json.prev") == states[0]
    assert subprocess.run(["flock", "-n", str(state) + ".lock", "true"]).returncode == 0, "no run holds the lock"


# ---------------------------------------------------------------- state in S3


s3 = pytest.mark.skipif(not S3_ENDPOINT and not os.environ.get("CI"),
                        reason="no S3 test server: run scripts/test.sh, or source /tmp/stowage-s3-test/env")


@pytest.fixture
def s3_buckets():
    if not S3_ENDPOINT:
        pytest.fail("STOWAGE_TEST_S3_ENDPOINT is not set: scripts/test.sh starts the S3 test server", pytrace=False)
    from test_write_s3 import client
    s3client = client()
    names = ["sync-" + uuid.uuid4().hex[:12] for _ in range(2)]
    for name in names:
        s3client.create_bucket(Bucket=name)
    yield names
    for name in names:
        keys = [o["Key"] for o in s3client.list_objects_v2(Bucket=name).get("Contents", [])]
        if keys:
            s3client.delete_objects(Bucket=name, Delete={"Objects": [{"Key": k} for k in keys]})
        for upload in s3client.list_multipart_uploads(Bucket=name).get("Uploads", []):
            s3client.abort_multipart_upload(Bucket=name, Key=upload["Key"], UploadId=upload["UploadId"])
        s3client.delete_bucket(Bucket=name)


def s3_config(tmp_path, bucket):
    path = tmp_path / f"s3-{bucket}.json"
    path.write_text(json.dumps({
        "s3_bucket_name": bucket, "s3_bucket_path": "out", "s3_bucket_region": "us-east-1",
        "s3_endpoint": S3_ENDPOINT, "access_key_id": os.environ["STOWAGE_TEST_S3_ACCESS_KEY"],
        "secret_access_key": os.environ["STOWAGE_TEST_S3_SECRET_KEY"], "commit_interval_seconds": 0.2,
        "format": {"format_type": "CSV", "flattening": "Root level flattening",
                   "compression": {"compression_type": "No Compression"}}}))
    return str(path)


def s3_ids(bucket):
    from test_write_s3 import client
    s3client = client()
    found = []
    for o in s3client.list_objects_v2(Bucket=bucket, Prefix="out/items/").get("Contents", []):
        body = s3client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read().decode()
        found += [int(r["id"]) for r in csv.DictReader(body.splitlines())]
    return found


@s3
def test_state_kept_in_s3_beside_the_data_resumes_and_its_lease_is_released(run, tmp_path, workspace, s3_buckets):
    from test_write_s3 import client
    data, state_bucket = s3_buckets
    config = s3_config(tmp_path, data)
    location = f"s3://{state_bucket}/stowage/items.json"
    first = run({"count": 25, "state_every": 10}, config=config, state=location)
    assert first.code == 0, first.stderr
    s3client = client()
    keys = {o["Key"] for o in s3client.list_objects_v2(Bucket=state_bucket).get("Contents", [])}
    assert keys == {"stowage/items.json"}, "the lease is gone after the run"
    saved = json.loads(s3client.get_object(Bucket=state_bucket, Key="stowage/items.json")["Body"].read())
    assert saved[0]["stream"]["stream_state"] == {"cursor": 25}

    received = tmp_path / "received.json"
    second = run({"count": 40, "state_every": 10, "received_state": str(received)}, config=config, state=location)
    assert second.code == 0, second.stderr
    assert json.loads(received.read_text()) == saved
    assert sorted(s3_ids(data)) == list(range(1, 41))
    saved = json.loads(s3client.get_object(Bucket=state_bucket, Key="stowage/items.json")["Body"].read())
    assert saved[0]["stream"]["stream_state"] == {"cursor": 40}, "the If-Match save of an existing state worked"
    prev = json.loads(s3client.get_object(Bucket=state_bucket, Key="stowage/items.json.prev")["Body"].read())
    assert prev[0]["stream"]["stream_state"] == {"cursor": 25}


@s3
def test_an_s3_lease_keeps_a_second_run_out_until_it_expires(run, tmp_path, s3_buckets):
    from test_write_s3 import client
    data, state_bucket = s3_buckets
    config = s3_config(tmp_path, data)
    location = f"s3://{state_bucket}/items.json"
    lease = {"run_id": "crashed-run", "host": "elsewhere", "pid": 4242, "started_at": 1,
             "renewed_at": int(time.time() * 1000), "lease_seconds": 60}
    client().put_object(Bucket=state_bucket, Key="items.json.lock", Body=json.dumps(lease).encode())
    held = run({"count": 5}, config=config, state=location)
    assert held.code == 75
    [line] = only_line(held.stderr)
    assert "pid 4242 on host 'elsewhere'" in line
    assert s3_ids(data) == [] and held.summary is None

    lease["renewed_at"] = int(time.time() * 1000) - 61_000
    client().put_object(Bucket=state_bucket, Key="items.json.lock", Body=json.dumps(lease).encode())
    taken = run({"count": 5}, config=config, state=location)
    assert taken.code == 0, taken.stderr
    assert "Took over the lock" in taken.stderr
    assert sorted(s3_ids(data)) == [1, 2, 3, 4, 5]


@s3
def test_concurrent_runs_on_an_s3_state_one_gets_75(tmp_path, run, s3_buckets):
    data, state_bucket = s3_buckets
    config = s3_config(tmp_path, data)
    location = f"s3://{state_bucket}/items.json"
    source_config = tmp_path / "slow.json"
    source_config.write_text(json.dumps({"count": 30, "sleep": 0.05}))
    first = subprocess.Popen(
        [binary(), "sync", "--config", config, "--catalog", items_catalog_path(tmp_path), "--source-config",
         str(source_config), "--state", location, "--lock-ttl", "5", "--", *SOURCE],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.7)
    second = run({"count": 100}, config=config, state=location, catalog=items_catalog_path(tmp_path))
    assert second.code == 75, second.stderr
    assert first.wait(timeout=60) == 0
    assert sorted(s3_ids(data)) == list(range(1, 31))


def items_catalog_path(tmp_path):
    path = tmp_path / "items-catalog.json"
    if not path.exists():
        path.write_text(json.dumps({"streams": [{"stream": {"name": "items", "json_schema": {
            "type": "object", "properties": {"id": {}, "name": {}}}}, "sync_mode": "incremental",
            "destination_sync_mode": "append"}]}))
    return str(path)

"""A real Airbyte client: PyAirbyte 0.71 (its own virtualenv, offline mode) runs airbyte-source-faker into the
built binary — a full refresh, then an incremental sync resuming from the state PyAirbyte kept — and the files
are read back and compared with what the source itself produces."""
import csv
import io
import json
import os
import pathlib
import subprocess

import pytest

from conftest import ROOT, binary

VENV = pathlib.Path(os.environ.get("STOWAGE_PYAIRBYTE_VENV", ROOT / ".venv-pyairbyte"))
FAKER = pathlib.Path(os.environ.get("STOWAGE_FAKER_VENV", ROOT / ".venv-faker")) / "bin" / "source-faker"
COUNT = 300

if not (VENV / "bin" / "python").exists() or not FAKER.exists():
    if os.environ.get("CI"):
        pytest.fail("PyAirbyte or source-faker is not installed: scripts/setup.sh --tests installs them", pytrace=False)
    pytest.skip("PyAirbyte or source-faker is not installed: run scripts/setup.sh --tests", allow_module_level=True)


def source_records(tmp_path):
    """What faker emits for these streams, read directly (no PyAirbyte), by stream."""
    config = tmp_path / "faker.json"
    config.write_text(json.dumps({"count": COUNT, "seed": 42, "parallelism": 1, "always_updated": False}))
    catalog = json.loads(subprocess.run([str(FAKER), "discover", "--config", str(config)], capture_output=True,
                                        check=True).stdout.splitlines()[-1])["catalog"]
    configured = {"streams": [{"stream": s, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}
                              for s in catalog["streams"] if s["name"] in ("users", "products", "purchases")]}
    path = tmp_path / "configured.json"
    path.write_text(json.dumps(configured))
    out = subprocess.run([str(FAKER), "read", "--config", str(config), "--catalog", str(path)], capture_output=True,
                         check=True).stdout
    records = {}
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("type") == "RECORD":
            records.setdefault(message["record"]["stream"], []).append(message["record"]["data"])
    return records


def landed(bucket, stream):
    rows = []
    for f in sorted((bucket / "out" / stream).glob("*.jsonl")):
        rows += [json.loads(line) for line in f.read_text().splitlines()]
    return rows


def test_pyairbyte_full_refresh_then_incremental_lands_every_record_exactly(tmp_path):
    store = tmp_path / "store"
    (store / "bucket").mkdir(parents=True)
    config = tmp_path / "destination.json"
    config.write_text(json.dumps({"s3_bucket_name": "bucket", "s3_bucket_path": "out", "s3_bucket_region": "us-east-1",
                                  "s3_endpoint": f"file://{store}", "s3_path_format": "${STREAM_NAME}/${EPOCH}_",
                                  "format": {"format_type": "JSONL", "flattening": "Root level flattening"}}))
    env = {**os.environ, "AIRBYTE_OFFLINE_MODE": "1", "DO_NOT_TRACK": "1", "AIRBYTE_CACHE_ROOT": str(tmp_path / "cache")}
    run = subprocess.run([str(VENV / "bin" / "python"), str(ROOT / "Tests" / "EndToEnd" / "pyairbyte_driver.py"),
                          binary(), str(FAKER), str(config), str(tmp_path / "state.duckdb"), str(COUNT)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    expected = source_records(tmp_path)

    def comparable(record):
        # faker stamps `updated_at` with the time it runs; everything else is fixed by its seed.
        return json.dumps({k: v for k, v in record.items() if not k.startswith("_airbyte_") and k != "updated_at"},
                          sort_keys=True)

    # The full refresh lands every record once; the incremental sync resumes from the states PyAirbyte kept from
    # Stowage's echoes, so it lands nothing new — without those states faker would send every record again.
    copies = {"users": 1, "purchases": 1, "products": 1}
    for stream, records in expected.items():
        rows = landed(store / "bucket", stream)
        assert sorted(map(comparable, rows)) == sorted(map(comparable, records * copies[stream])), \
            f"{stream}: {len(rows)} rows landed for {len(records)} records × {copies[stream]}"
        assert len({r["_airbyte_ab_id"] for r in rows}) == len(rows)
    syncs = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert [s["strategy"] for s in syncs] == ["replace", "append"]

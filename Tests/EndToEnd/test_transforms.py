"""Transforms end to end: IoT Analytics pipeline definitions through `stowage write`, every format read back with
Python's csv and json modules, rejects files compared with the input, and the TRACE errors of transform_errors."""
import csv
import json
import math
import random

import pytest

from conftest import lines, record, state, stowage

# The seed pipeline of AWS IoT Analytics' ETL walkthrough: a channel, a math activity computing
# temperature_fahrenheit from temperature, and a datastore, as written for `aws iotanalytics create-pipeline`
# (listed out of order on purpose: the `next` links give the order).
SEED_PIPELINE = {
    "pipelineName": "iot_etl_pipeline",
    "pipelineActivities": [
        {"datastore": {"name": "iot_datastore_activity", "datastoreName": "iot_datastore"}},
        {"channel": {"name": "iot_channel_activity", "channelName": "iot_channel", "next": "compute_fahrenheit"}},
        {"math": {"name": "compute_fahrenheit", "attribute": "temperature_fahrenheit",
                  "math": "(temperature * 9/5) + 32", "next": "iot_datastore_activity"}},
    ],
}

FORMATS = {
    "csv": {"format_type": "CSV", "flattening": "No flattening"},
    "csv-flat": {"format_type": "CSV", "flattening": "Root level flattening"},
    "jsonl": {"format_type": "JSONL", "flattening": "No flattening"},
    "jsonl-flat": {"format_type": "JSONL", "flattening": "Root level flattening"},
}


def number_text(x):
    """How Stowage prints a number (specs/expressions.md): whole numbers in Int64's range as digits."""
    if isinstance(x, int):
        return str(x)
    if x == int(x) and abs(x) < 2 ** 63:
        return str(int(x))
    return repr(x)


def fahrenheit(t):
    """The math activity's expression in the same order of IEEE operations: (t * 9) / 5 as a double, + 32."""
    product = t * 9
    return float(product) / 5 + 32


def readings(n, seed=7):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        t = rng.choice([rng.randint(-40, 60), round(rng.uniform(-40, 60), 2), 0, 37, 100])
        out.append({"device_id": f"dev-{i % 13:03d}", "seq": i, "temperature": t,
                    "status": rng.choice(["ok", "test", "warn"]), "tags": {"site": rng.choice(["oslo", "lima"])}})
    return out


def read_rows(workspace, stream):
    """Every data row of the stream's files, as dicts (CSV) or parsed JSON objects (JSONL)."""
    rows = []
    for path in workspace.files(f"out/{stream}"):
        if path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8") as f:
                rows += list(csv.DictReader(f))
        else:
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def transformed_data(row, fmt, properties):
    """The record's data as a dict, from one output row; for CSV root-level flattening, with declared columns'
    raw text kept as text (compared separately)."""
    if fmt == "csv":
        return json.loads(row["_airbyte_data"])
    if fmt == "jsonl":
        return row["_airbyte_data"]
    if fmt == "jsonl-flat":
        return {k: v for k, v in row.items() if not k.startswith("_airbyte_")}
    data = json.loads(row["_airbyte_additional_properties"]) if row["_airbyte_additional_properties"] else {}
    for p in properties:
        if row[p] != "":
            data[p] = row[p]
    return data


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_seed_pipeline_is_reproduced_exactly_in_every_format(workspace, fmt):
    data = readings(300)
    stdin = lines(*[record("sensors", d) for d in data], state(1))
    properties = ["device_id", "seq", "status", "tags", "temperature"]  # temperature_fahrenheit is undeclared
    config = workspace.config(format={**FORMATS[fmt], "compression": {"compression_type": "No Compression"}},
                              streams={"sensors": {"transforms": SEED_PIPELINE}})
    run = stowage("write", "--config", config, "--catalog",
                  workspace.catalog([("sensors", None, properties, "append")]), stdin=stdin)
    assert run.code == 0, run.stderr
    assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [300.0]
    assert "Transforms finished." in run.stderr and "written=300" in run.stderr
    rows = read_rows(workspace, "sensors")
    assert len(rows) == len(data)
    by_seq = {}
    for row in rows:
        got = transformed_data(row, fmt, properties)
        by_seq[int(got["seq"])] = (got, row)
    for d in data:
        got, row = by_seq[d["seq"]]
        want = fahrenheit(d["temperature"])
        assert got["temperature_fahrenheit"] == want, (d, got)
        if fmt == "csv-flat":
            assert row["temperature"] == json.dumps(d["temperature"]), "declared columns as received"
            assert row["device_id"] == d["device_id"] and json.loads(row["tags"]) == d["tags"]
        else:
            assert {k: v for k, v in got.items() if k != "temperature_fahrenheit"} == d, "the rest is unchanged"
            assert list(got)[-1] == "temperature_fahrenheit", "a new attribute comes last"
    # The exact text of the computed numbers: whole results without a fraction, others as the shortest double.
    texts = set()
    for path in workspace.files("out/sensors"):
        texts.add(path.read_text(encoding="utf-8"))
    blob = "".join(texts)
    for d in data:
        text = number_text(fahrenheit(d["temperature"]))
        quote = '"' if fmt.startswith("jsonl") else '""'
        needle = f"temperature_fahrenheit{quote}:{text}}}"  # the last member of the data
        assert needle in blob, (d, text)


def test_filter_math_select_with_rejects_read_back(workspace):
    steps = [
        {"filter": {"name": "not_test", "filter": "status != 'test'"}},
        {"math": {"name": "to_f", "attribute": "temperature_fahrenheit", "math": "(temperature * 9/5) + 32"}},
        {"addAttributes": {"attributes": {"tags.site": "site"}}},
        {"selectAttributes": {"attributes": ["device_id", "seq", "site", "temperature_fahrenheit"]}},
    ]
    data = readings(120)
    for i in (3, 50, 51, 119):
        data[i]["temperature"] = "hot"
        data[i]["status"] = "ok"
    messages = []
    for i, d in enumerate(data):
        messages.append(record("sensors", d, namespace="plant"))
        if i % 40 == 39:
            messages.append(state(i))
    config = workspace.config(format={"format_type": "CSV", "flattening": "Root level flattening"},
                              streams={"plant.sensors": {"transforms": steps}})
    catalog = workspace.catalog([("sensors", "plant", ["device_id", "seq", "site", "temperature_fahrenheit"], "append")])
    run = stowage("write", "--config", config, "--catalog", catalog, stdin=lines(*messages))
    assert run.code == 0, run.stderr
    assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [40.0, 40.0, 40.0]

    kept = [d for d in data if d["status"] != "test" and d["temperature"] != "hot"]
    rejected = [(n, d) for n, d in enumerate(data) if d["temperature"] == "hot"]
    filtered = [d for d in data if d["status"] == "test"]
    assert f"written={len(kept)}" in run.stderr and f"filtered={len(filtered)}" in run.stderr
    assert f"rejected={len(rejected)}" in run.stderr

    rows = read_rows(workspace, "plant/sensors")
    assert [int(r["seq"]) for r in rows] == [d["seq"] for d in kept]
    for row, d in zip(rows, kept):
        assert row["device_id"] == d["device_id"] and row["site"] == d["tags"]["site"]
        assert row["temperature_fahrenheit"] == number_text(fahrenheit(d["temperature"]))
        assert row["_airbyte_additional_properties"] == ""

    reject_files = workspace.files("out/_rejects/plant/sensors")
    assert reject_files and all(p.suffix == ".jsonl" for p in reject_files)
    input_lines = lines(*messages).decode().splitlines()
    rejects = [json.loads(line) for p in reject_files for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(rejects) == len(rejected)
    for reject, (_, d) in zip(rejects, rejected):
        original = json.loads(input_lines[reject["line"] - 1])
        assert original["record"]["data"] == d
        assert reject["record"] == original["record"], "the original record, as received"
        assert reject["stream"] == "sensors" and reject["namespace"] == "plant"
        assert reject["step"] == {"index": 2, "kind": "math", "name": "to_f"}
        assert reject["reason"] == "'*' needs a number, and the string does not hold one at column 14"


def test_on_error_fail_is_a_trace_naming_the_stream_and_the_count(workspace):
    data = [{"t": 1}, {"t": 2}, {"t": "x"}, {"t": 4}]
    config = workspace.config(streams={"s": {"transforms": [{"math": {"attribute": "u", "math": "sqrt(t)"}}]}},
                              transform_errors={"on_error": "fail"})
    run = stowage("write", "--config", config, "--catalog", workspace.catalog([("s", None, ["t"], "append")]),
                  stdin=lines(record("s", data[0]), state(1), *[record("s", d) for d in data[1:]]))
    assert run.code == 1
    error = run.trace["error"]
    assert error["failure_type"] == "system_error"
    assert error["stream_descriptor"] == {"name": "s"}
    assert error["message"].startswith("Stream 's' rejected a record at line 4 in step 1 (math)")
    assert "'transform_errors.on_error' is 'fail'" in error["message"]
    assert not workspace.files("out/_rejects"), "nothing of a failed sync becomes visible after its last state"


@pytest.mark.parametrize("limit,fails", [(3, False), (2, True)])
def test_max_rejected(workspace, limit, fails):
    data = [{"t": v} for v in [1, "a", 2, "b", "c", 3]]
    config = workspace.config(streams={"s": {"transforms": [{"math": {"attribute": "u", "math": "t + 1"}}],
                                             "transform_errors": {"max_rejected": limit}}})
    run = stowage("write", "--config", config, "--catalog", workspace.catalog([("s", None, ["t", "u"], "append")]),
                  stdin=lines(*[record("s", d) for d in data], state(1)))
    if fails:
        assert run.code == 1
        assert run.trace["error"]["failure_type"] == "system_error"
        assert run.trace["error"]["message"].startswith(
            "Stream 's' rejected 3 records, more than its 'transform_errors.max_rejected' of 2 (the last at line 5")
        assert not run.states
    else:
        assert run.code == 0, run.stderr
        assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [6.0]
        rejects = [json.loads(line) for p in workspace.files("out/_rejects") for line in p.read_text().splitlines()]
        assert [r["record"]["data"] for r in rejects] == [{"t": "a"}, {"t": "b"}, {"t": "c"}]
        assert [r["line"] for r in rejects] == [2, 4, 5]


@pytest.mark.parametrize("transforms,expected", [
    ([{"lambda": {"name": "enrich", "lambdaName": "f", "batchSize": 10}}],
     "Step 1 (lambda 'enrich') of 'streams.s.transforms' in the config file"),
    ([{"deviceShadowEnrich": {"name": "shadow", "attribute": "a", "thingName": "t", "roleArn": "r"}}],
     "is a deviceShadowEnrich activity, which Stowage does not support"),
    ([{"filter": {"filter": "temperature > (40"}}],
     "has an invalid filter expression: Expected ')' at column 17 of 'temperature > (40'"),
])
def test_bad_steps_are_config_errors_in_check_and_write(workspace, transforms, expected):
    config = workspace.config(streams={"s": {"transforms": transforms}})
    run = stowage("write", "--config", config, "--catalog", workspace.catalog([("s", None, ["t"], "append")]),
                  stdin=lines(record("s", {"t": 1})))
    assert run.code == 1
    assert run.trace["error"]["failure_type"] == "config_error"
    assert expected in run.trace["error"]["message"], run.trace
    check = stowage("check", "--config", config)
    status = [m for m in check.messages if m["type"] == "CONNECTION_STATUS"][0]["connectionStatus"]
    assert status["status"] == "FAILED" and expected in status["message"]


def test_the_seed_pipeline_lands_typed_parquet_with_the_computed_attribute_kept(workspace, tmp_path):
    import pyarrow.parquet as pq

    data = readings(300)
    stdin = lines(*[record("sensors", d) for d in data], state(1))
    schema = {"device_id": {"type": "string"}, "seq": {"type": "integer"}, "status": {"type": "string"},
              "tags": {"type": "object"}, "temperature": {"type": "number"}}
    catalog = tmp_path / "catalog-parquet.json"
    catalog.write_text(json.dumps({"streams": [
        {"stream": {"name": "sensors", "json_schema": {"type": "object", "properties": schema}},
         "sync_mode": "full_refresh", "destination_sync_mode": "append"}]}))
    config = workspace.config(format={"format_type": "Parquet", "compression_codec": "ZSTD"},
                              streams={"sensors": {"transforms": SEED_PIPELINE}})
    run = stowage("write", "--config", config, "--catalog", str(catalog), stdin=stdin)
    assert run.code == 0, run.stderr
    assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [300.0]
    files = [p for p in workspace.files("out/sensors") if p.suffix == ".parquet"]
    assert files
    rows = [r for p in files for r in pq.read_table(p).to_pylist()]
    assert len(rows) == len(data)
    by_seq = {r["seq"]: r for r in rows}
    for d in data:
        row = by_seq[d["seq"]]
        assert (row["device_id"], row["status"], json.loads(row["tags"])) == (d["device_id"], d["status"], d["tags"])
        assert row["temperature"] == float(d["temperature"]) and isinstance(row["temperature"], float)
        # Undeclared, so it is kept where Parquet keeps undeclared fields, as the math activity computed it.
        computed = {"temperature_fahrenheit": fahrenheit(d["temperature"])}
        assert json.loads(row["_airbyte_additional_properties"]) == computed

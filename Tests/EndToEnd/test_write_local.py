"""`stowage write` into a local directory, read back with Python's csv module and DuckDB."""
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid

import duckdb
import pytest

from conftest import SAMPLES, binary, lines, record, state, stowage


csv.field_size_limit(sys.maxsize)  # records may be megabytes long


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def expected_field(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return value  # numbers, objects, arrays: compared after parsing


def assert_field(field, value, where):
    if isinstance(value, (dict, list)):
        assert json.loads(field) == value, where
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        assert json.loads(field) == value, where
    else:
        assert field == expected_field(value), where


def input_records(path, stream):
    out = []
    for line in open(path, encoding="utf-8"):
        m = json.loads(line)
        if m["type"] == "RECORD" and m["record"]["stream"] == stream:
            out.append(m["record"])
    return out


def check_flattened(path, records, properties):
    header, rows = read_csv(path)
    columns = sorted(properties)
    assert header == ["_airbyte_ab_id", "_airbyte_emitted_at", *columns, "_airbyte_additional_properties"]
    assert len(rows) == len(records)
    ids = set()
    for row, rec in zip(rows, records):
        where = f"{path.name}: {rec}"
        assert uuid.UUID(row[0]).version == 4
        ids.add(row[0])
        assert row[1] == str(rec["emitted_at"])
        for i, column in enumerate(columns):
            assert_field(row[2 + i], rec["data"].get(column), f"{where} column {column}")
        extras = {k: v for k, v in rec["data"].items() if k not in properties}
        assert (json.loads(row[-1]) if row[-1] else {}) == extras, where
    assert len(ids) == len(rows)


def test_samples_land_as_csv_that_reads_back_identically(workspace):
    catalog = json.load(open(SAMPLES / "catalog.json"))
    config = json.load(open(SAMPLES / "config.json"))
    config["s3_endpoint"] = f"file://{workspace.store}"
    config["s3_bucket_name"] = "bucket"
    cfg = workspace.store.parent / "samples-config.json"
    cfg.write_text(json.dumps(config))
    run = stowage("write", "--config", str(cfg), "--catalog", str(SAMPLES / "catalog.json"),
                  stdin=(SAMPLES / "messages.jsonl").read_bytes())
    assert run.code == 0, run.stderr
    input_states = [json.loads(l)["state"] for l in open(SAMPLES / "messages.jsonl") if '"STATE"' in l]
    assert [{k: v for k, v in s["state"].items() if k != "destinationStats"} for s in run.states] == input_states
    # STREAM states count their own stream's records since its previous state (8 telemetry records each, the
    # users records between them do not count); the closing LEGACY state counts every record since the last state.
    assert [s["state"]["destinationStats"]["recordCount"] for s in run.states] == [8.0, 8.0, 8.0, 0.0]
    assert '"recordCount":8.0' in run.stdout, "the count carries a decimal point"

    for stream, namespace in [("users", "shop"), ("telemetry", None)]:
        files = workspace.files(f"airbyte/{namespace + '/' if namespace else ''}{stream}")
        assert len(files) == 1
        name = files[0].name
        assert name.endswith("_0.csv") and len(name.split("_")) == 5
        props = next(s["stream"]["json_schema"]["properties"] for s in catalog["streams"] if s["stream"]["name"] == stream)
        check_flattened(files[0], input_records(SAMPLES / "messages.jsonl", stream), props)


def test_duckdb_reads_every_value_the_csv_module_reads(workspace):
    random.seed(5)
    alphabet = ["a", "é", "日", "😀", ",", '"', "\n", "\r\n", "\t", "\\", " ", "'", ";", "\u2028"]
    records = []
    for i in range(3000):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 30)))
        data = {"id": i, "text": text, "n": random.choice([None, 0, -1.5, 1e21, 7]), "flag": random.choice([True, False, None]),
                "obj": random.choice([{"k": text}, [1, text], None, {}])}
        if i % 10 == 0:
            data.pop("text")
        records.append(data)
    stdin = lines(*[record("s", d, emitted_at=1700000000000 + i) if i % 2 else
                    json.dumps({"type": "RECORD", "record": {"stream": "s", "data": d, "emitted_at": 1700000000000 + i}})
                    for i, d in enumerate(records)])
    run = stowage("write", "--config", workspace.config(), "--catalog", workspace.catalog([("s", None, ["id", "text", "n", "flag", "obj"], "append")]), stdin=stdin)
    assert run.code == 0, run.stderr
    [path] = workspace.files()
    header, rows = read_csv(path)
    db = duckdb.connect()
    table = db.execute(
        "SELECT * FROM read_csv(?, header=true, all_varchar=true, quote='\"', escape='\"', strict_mode=true, allow_quoted_nulls=false)",
        [str(path)]).fetchall()
    assert len(table) == len(rows) == len(records)
    for db_row, csv_row, data in zip(table, rows, records):
        # With allow_quoted_nulls=false DuckDB reads an unquoted empty field as NULL and a quoted "" as ''.
        assert [("" if v is None else v) for v in db_row] == csv_row
        text_column = header.index("text")
        if "text" not in data:
            assert db_row[text_column] is None
        elif data["text"] == "":
            assert db_row[text_column] == ""
        else:
            assert db_row[text_column] == data["text"]
        for column, value in data.items():
            assert_field(csv_row[header.index(column)], value, f"{column} of {data}")


def test_no_flattening_keeps_each_record_whole(workspace):
    records = [{"a": 1, "b": {"c": [1, 2, "x, \"y\""]}, "é": None}, {}, {"long": "z" * 3_000_000}]  # one line over a batch
    stdin = lines(*[record("s", d) for d in records], '{"type":"RECORD","record":{"stream":"s","data":{ "spaced" : [ 1 , 2 ] },"emitted_at":5}}')
    run = stowage("write", "--config", workspace.config(format={"format_type": "CSV", "flattening": "No flattening"}),
                  "--catalog", workspace.catalog([("s", None, ["a"], "append")]), stdin=stdin)
    assert run.code == 0, run.stderr
    header, rows = read_csv(workspace.files()[0])
    assert header == ["_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data"]
    assert [json.loads(r[2]) for r in rows] == records + [{"spaced": [1, 2]}]
    assert rows[-1][2] == '{"spaced":[1,2]}', "compact JSON"


def test_files_roll_at_the_size_limit_and_parts_continue(workspace):
    big = "x" * 2000
    stdin = lines(*[record("s", {"id": i, "pad": big}) for i in range(1200)])
    cfg = workspace.config(max_file_size_mb=1)
    cat = workspace.catalog([("s", None, ["id", "pad"], "append")])
    run = stowage("write", "--config", cfg, "--catalog", cat, stdin=stdin)
    assert run.code == 0, run.stderr
    files = workspace.files()
    assert len(files) == 3
    parts = sorted(int(f.name.rsplit("_", 1)[1].split(".")[0]) for f in files)
    assert parts == [0, 1, 2]
    ids = [int(row[2]) for f in files for row in read_csv(f)[1]]
    assert sorted(ids) == list(range(1200))
    for f in files:
        assert f.stat().st_size < 1024 * 1024 + 3000


def test_append_adds_files_and_overwrite_replaces_them_after_success(workspace):
    cat_append = workspace.catalog([("s", "ns", ["id"], "append")])
    cat_overwrite = workspace.catalog([("s", "ns", ["id"], "overwrite")])
    cfg = workspace.config()
    foreign = workspace.bucket / "out" / "ns" / "s" / "README.txt"
    for i in range(2):
        assert stowage("write", "--config", cfg, "--catalog", cat_append, stdin=lines(record("s", {"id": i}, "ns"))).code == 0
        time.sleep(0.01)
    foreign.write_text("not stowage's")
    assert len(workspace.files("out/ns/s")) == 3
    other = workspace.catalog([("t", "ns", ["id"], "append")])
    assert stowage("write", "--config", cfg, "--catalog", other, stdin=lines(record("t", {"id": 9}, "ns"))).code == 0

    # A failed overwrite sync keeps everything from before.
    failed = stowage("write", "--config", cfg, "--catalog", cat_overwrite, stdin=lines(record("s", {"id": 5}, "ns"), "{broken"))
    assert failed.code != 0
    assert len([f for f in workspace.files("out/ns/s") if f.suffix == ".csv"]) == 2, "earlier files kept, the unfinished one never visible"

    ok = stowage("write", "--config", cfg, "--catalog", cat_overwrite, stdin=lines(record("s", {"id": 7}, "ns")))
    assert ok.code == 0, ok.stderr
    remaining = workspace.files("out/ns/s")
    assert foreign in remaining
    csvs = [f for f in remaining if f.suffix == ".csv"]
    assert len(csvs) == 1 and [r[2] for r in read_csv(csvs[0])[1]] == ["7"]
    assert len(workspace.files("out/ns/t")) == 1, "another stream is never touched"


def test_a_killed_sync_leaves_no_partial_file_visible(workspace):
    proc = subprocess.Popen([binary(), "write", "--config", workspace.config(), "--catalog",
                             workspace.catalog([("s", None, ["id", "pad"], "append")])],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for i in range(20000):
        proc.stdin.write(lines(record("s", {"id": i, "pad": "p" * 100})))
    proc.stdin.flush()
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    visible = [f for f in workspace.files() if not f.name.startswith(".") and "_stowage" not in f.parts]
    assert visible == [], "nothing is visible before it is complete (the sync's claim lives in _stowage/)"
    assert proc.stdout.read() == b"", "no state was acknowledged"


def test_idle_input_with_held_states_still_commits_after_the_interval(workspace):
    proc = subprocess.Popen([binary(), "write", "--config", workspace.config(commit_interval_seconds=0.5), "--catalog",
                             workspace.catalog([("s", None, ["id"], "append")])],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(lines(record("s", {"id": 1}), state(1)))
    proc.stdin.flush()
    first = proc.stdout.readline()  # arrives while stdin is still open
    assert json.loads(first)["state"]["data"] == {"n": 1}
    assert len(workspace.files()) == 1
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_many_interleaved_records_and_states_all_land_once(workspace, tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w") as f:
        for i in range(200000):
            f.write(record(["a", "b", "c"][i % 3], {"id": i, "v": "value %d, quoted \"x\"" % i, "nested": {"k": [i, i]}}) + "\n")
            if i % 500 == 499:
                f.write(state(i) + "\n")
    cat = workspace.catalog([(s, None, ["id", "v", "nested"], "append") for s in "abc"])
    with open(path, "rb") as stdin:
        proc = subprocess.run([binary(), "write", "--config", workspace.config(max_file_size_mb=2), "--catalog", cat],
                              stdin=stdin, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    states = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [s["state"]["data"]["n"] for s in states] == list(range(499, 200000, 500))
    assert all(s["state"]["destinationStats"]["recordCount"] == 500.0 for s in states)
    rows = [row for f in workspace.files() for row in read_csv(f)[1]]
    assert sorted(int(r[2]) for r in rows) == list(range(200000))
    assert len(workspace.files()) > 3


def test_sigterm_abandons_open_files_cleanly(workspace):
    proc = subprocess.Popen([binary(), "write", "--config", workspace.config(), "--catalog",
                             workspace.catalog([("s", None, ["id", "pad"], "append")])],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(lines(*[record("s", {"id": i, "pad": "p" * 100}) for i in range(5000)]))
    proc.stdin.flush()
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 1, "stops while its input is still open"
    out, err = proc.communicate(timeout=30)
    trace = json.loads(out.decode().splitlines()[-1])["trace"]
    assert trace["error"]["failure_type"] == "transient_error"
    assert "asked to stop" in trace["error"]["message"]
    assert workspace.files() == [], "no file, not even a hidden temporary one, is left behind"

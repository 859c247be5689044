"""`stowage` into DynamoDB: moto's server on 127.0.0.1 with signatures checked (scripts/dynamodb-test-server.sh),
items read back with boto3 and compared with the input attribute by attribute."""
import json
import os
import subprocess
import threading
import uuid
from decimal import Decimal

import boto3
import pytest
from botocore.config import Config

from conftest import ROOT, binary, lines, stowage

ENDPOINT = os.environ.get("STOWAGE_TEST_DYNAMODB_ENDPOINT")
ACCESS_KEY = os.environ.get("STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID")
SECRET_KEY = os.environ.get("STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY")
REGION = os.environ.get("STOWAGE_TEST_DYNAMODB_REGION", "us-east-1")

if not ENDPOINT:
    if os.environ.get("CI"):
        pytest.fail("STOWAGE_TEST_DYNAMODB_ENDPOINT is not set: scripts/test.sh starts the DynamoDB test server",
                    pytrace=False)
    pytest.skip("no DynamoDB test server: run scripts/test.sh, or source /tmp/stowage-dynamodb-test/env",
                allow_module_level=True)


def client():
    return boto3.client("dynamodb", endpoint_url=ENDPOINT, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name=REGION,
                        config=Config(retries={"max_attempts": 5}))


def scan(table):
    items = []
    for page in client().get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items.extend(page["Items"])
    return items


@pytest.fixture
def prefix():
    """A table name prefix no other test uses; its tables are deleted afterwards."""
    name = "t" + uuid.uuid4().hex[:10]
    yield name
    ddb = client()
    for table in ddb.list_tables()["TableNames"]:
        if table.startswith(name):
            ddb.delete_table(TableName=table)


@pytest.fixture
def dynamo(tmp_path):
    """Writes config and catalog files for a DynamoDB sync."""
    class Files:
        def config(self, prefix, **overrides):
            config = {"dynamodb_table_name_prefix": prefix, "dynamodb_region": REGION, "dynamodb_endpoint": ENDPOINT,
                      "access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY}
            config.update(overrides)
            path = tmp_path / f"dconfig-{uuid.uuid4().hex[:6]}.json"
            path.write_text(json.dumps(config))
            return str(path)

        def catalog(self, streams):
            """streams: list of (name, namespace, properties {name: type}, primary key, destination_sync_mode)."""
            doc = {"streams": [
                {"stream": {"name": n, **({"namespace": ns} if ns else {}),
                            "json_schema": {"type": "object",
                                            "properties": {p: ({"type": t} if t else {}) for p, t in props.items()}}},
                 "sync_mode": "full_refresh", "destination_sync_mode": mode, "primary_key": pk}
                for (n, ns, props, pk, mode) in streams]}
            path = tmp_path / f"dcatalog-{uuid.uuid4().hex[:6]}.json"
            path.write_text(json.dumps(doc))
            return str(path)

    return Files()


def rec(stream, data_json, emitted_at=1700000000000, namespace=None):
    """A RECORD line whose data is given as JSON text, so numbers keep their exact digits."""
    ns = f',"namespace":{json.dumps(namespace)}' if namespace else ""
    return f'{{"type":"RECORD","record":{{"stream":{json.dumps(stream)}{ns},"data":{data_json},"emitted_at":{emitted_at}}}}}'


def state(n):
    return json.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"n": n}}})


def complete(stream):
    return json.dumps({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1, "stream_status": {
        "stream_descriptor": {"name": stream}, "status": "COMPLETE"}}})


class Num(str):
    """A JSON number's own text."""


def parse_exact(text):
    return json.loads(text, parse_float=Num, parse_int=Num)


def expected_attribute(value):
    """The AttributeValue a JSON value must become."""
    if isinstance(value, Num):
        return {"N": str(value)}
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [expected_attribute(v) for v in value]}
    return {"M": {k: expected_attribute(v) for k, v in value.items()}}


def same_attribute(actual, expected):
    """Equal AttributeValues, types included; numbers compared by value of their digits."""
    assert actual.keys() == expected.keys(), (actual, expected)
    kind = next(iter(expected))
    if kind == "N":
        return Decimal(actual["N"]) == Decimal(expected["N"])
    if kind == "L":
        return len(actual["L"]) == len(expected["L"]) and all(
            same_attribute(a, e) for a, e in zip(actual["L"], expected["L"]))
    if kind == "M":
        return actual["M"].keys() == expected["M"].keys() and all(
            same_attribute(actual["M"][k], expected["M"][k]) for k in expected["M"])
    return actual == expected


DATA = [
    '{"device":"d1","ts":1700000000001,"temp":21.50,"ok":true,"note":null,"tags":["a","b"],'
    '"pos":{"lat":52.5200066,"lon":13.404954,"alt":-3.5e2},"name":"caf\\u00e9 \\"quoted\\" \\ud83d\\ude00"}',
    '{"device":"d1","ts":1700000000002,"temp":-0.001,"ok":false,"empty":"","nested":[[1,[2,{"x":[]}]],{}],'
    '"big":123456789012345678901234567890.12345678,"tiny":1e-129}',
    '{"device":"d2","ts":1700000000001,"temp":0,"unicode":"\u00fcn\u00efc\u00f6d\u00e9 \u2713","exp":6.02214076E23}',
]


def test_records_land_as_typed_items_read_back_attribute_by_attribute(dynamo, prefix):
    catalog = dynamo.catalog([("readings", "iot", {"device": "string", "ts": "integer"}, [["device"], ["ts"]],
                               "append")])
    run = stowage("write", "--config", dynamo.config(prefix), "--catalog", catalog,
                  stdin=lines(*(rec("readings", d, emitted_at=1700000000000 + i, namespace="iot")
                                for i, d in enumerate(DATA)), state(1)))
    assert run.code == 0, run.stderr
    assert [m["state"]["data"] for m in run.states] == [{"n": 1}]
    table = f"{prefix}_iot_readings"
    description = client().describe_table(TableName=table)["Table"]
    assert {k["AttributeName"]: k["KeyType"] for k in description["KeySchema"]} == {"device": "HASH", "ts": "RANGE"}
    types = {d["AttributeName"]: d["AttributeType"] for d in description["AttributeDefinitions"]}
    assert types == {"device": "S", "ts": "N"}
    items = {(i["device"]["S"], Decimal(i["ts"]["N"])): i for i in scan(table)}
    assert len(items) == len(DATA)
    for i, text in enumerate(DATA):
        data = parse_exact(text)
        item = items[(data["device"], Decimal(data["ts"]))]
        assert set(item) == set(data) | {"_airbyte_ab_id", "_airbyte_emitted_at"}
        for name, value in data.items():
            assert same_attribute(item[name], expected_attribute(value)), (name, item[name], value)
        assert "S" in item["_airbyte_ab_id"] and len(item["_airbyte_ab_id"]["S"]) == 36
        assert Decimal(item["_airbyte_emitted_at"]["N"]) == 1700000000000 + i
    assert items[("d1", 1700000000001)]["name"] == {"S": 'café "quoted" 😀'}


def test_a_rerun_converges_to_the_same_table(dynamo, prefix):
    catalog = dynamo.catalog([("devices", None, {"id": "string"}, [["id"]], "append_dedup")])
    records = [rec("devices", json.dumps({"id": f"dev-{i % 40}", "seq": i, "v": i * 1.5})) for i in range(300)]
    config = dynamo.config(prefix)
    first = stowage("write", "--config", config, "--catalog", catalog, stdin=lines(*records, state(1)))
    assert first.code == 0, first.stderr

    def content():
        return sorted(json.dumps({k: v for k, v in item.items() if k != "_airbyte_ab_id"}, sort_keys=True)
                      for item in scan(f"{prefix}_devices"))

    before = content()
    assert len(before) == 40
    # The last record of each key wins, even with several batches in flight.
    for item in scan(f"{prefix}_devices"):
        key = int(item["id"]["S"].split("-")[1])
        assert int(item["seq"]["N"]) == max(i for i in range(300) if i % 40 == key)
    second = stowage("write", "--config", config, "--catalog", catalog, stdin=lines(*records, state(1)))
    assert second.code == 0, second.stderr
    assert content() == before


def test_overwrite_deletes_only_what_the_sync_did_not_write(dynamo, prefix):
    catalog = dynamo.catalog([("users", None, {"id": "integer"}, [["id"]], "overwrite")])
    config = dynamo.config(prefix)
    first = stowage("write", "--config", config, "--catalog", catalog,
                    stdin=lines(*(rec("users", json.dumps({"id": i, "v": "old"})) for i in range(60)),
                                complete("users"), state(1)))
    assert first.code == 0, first.stderr
    table = f"{prefix}_users"
    client().put_item(TableName=table, Item={"id": {"N": "1000"}, "v": {"S": "written by someone else"}})
    assert len(scan(table)) == 61
    second = stowage("write", "--config", config, "--catalog", catalog,
                     stdin=lines(*(rec("users", json.dumps({"id": i, "v": "new"})) for i in range(0, 60, 3)),
                                 complete("users"), state(2)))
    assert second.code == 0, second.stderr
    items = scan(table)
    assert sorted(int(i["id"]["N"]) for i in items) == list(range(0, 60, 3))
    assert all(i["v"] == {"S": "new"} for i in items)
    markers = {i["_stowage_sync_id"]["S"] for i in items}
    assert len(markers) == 1


def test_a_failed_overwrite_sync_deletes_nothing(dynamo, prefix):
    catalog = dynamo.catalog([("users", None, {"id": "integer"}, [["id"]], "overwrite")])
    config = dynamo.config(prefix)
    first = stowage("write", "--config", config, "--catalog", catalog,
                    stdin=lines(*(rec("users", json.dumps({"id": i})) for i in range(30)), complete("users")))
    assert first.code == 0, first.stderr
    table = f"{prefix}_users"
    # A bad record fails the sync after some items were written.
    failed = stowage("write", "--config", config, "--catalog", catalog,
                     stdin=lines(rec("users", '{"id":0,"v":"new"}'), rec("users", '{"id":1,"v":1e400}'),
                                 complete("users")))
    assert failed.code == 1
    assert failed.trace["error"]["message"].startswith("Line 2: the record of stream 'users' has the number '1e400'")
    assert len(scan(table)) == 30
    # A source that reports an error keeps the earlier items too, though the sync itself ends cleanly.
    source_error = json.dumps({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1,
                                                          "error": {"message": "source broke"}}})
    broken = stowage("write", "--config", config, "--catalog", catalog,
                     stdin=lines(rec("users", '{"id":2,"v":"new"}'), source_error, complete("users")))
    assert broken.code == 0, broken.stderr
    assert len(scan(table)) == 30


def test_invalid_numbers_fail_naming_the_line_or_become_strings(dynamo, prefix):
    catalog = dynamo.catalog([("m", None, {"id": "string"}, [["id"]], "append")])
    data = lines(rec("m", '{"id":"a","x":1}'), rec("m", '{"id":"b","x":1234567890123456789012345678901234567890}'))
    failed = stowage("write", "--config", dynamo.config(prefix), "--catalog", catalog, stdin=data)
    assert failed.code == 1
    error = failed.trace["error"]
    assert error["message"] == (
        "Line 2: the record of stream 'm' has the number '1234567890123456789012345678901234567890' in 'x', which has "
        "39 significant digits, more than DynamoDB's 38; fix the source, or set 'invalid_numbers' to 'string' to "
        "store such numbers as strings.")
    assert failed.trace["error"]["stream_descriptor"] == {"name": "m"}
    stored = stowage("write", "--config", dynamo.config(prefix, invalid_numbers="string"), "--catalog", catalog,
                     stdin=data)
    assert stored.code == 0, stored.stderr
    items = {i["id"]["S"]: i for i in scan(f"{prefix}_m")}
    assert items["b"]["x"] == {"S": "1234567890123456789012345678901234567890"}
    assert items["a"]["x"] == {"N": "1"}


def test_an_item_over_400_kb_fails_naming_the_line(dynamo, prefix):
    catalog = dynamo.catalog([("m", None, {"id": "string"}, [["id"]], "append")])
    run = stowage("write", "--config", dynamo.config(prefix), "--catalog", catalog,
                  stdin=lines(rec("m", json.dumps({"id": "big", "blob": "x" * 410_000}))))
    assert run.code == 1
    assert run.trace["error"]["message"].startswith("Line 1: the record of stream 'm' makes an item of more than 409600")


def test_without_a_key_items_are_keyed_by_ab_id_and_a_warning_says_so(dynamo, prefix):
    catalog = dynamo.catalog([("logs", None, {}, [], "append")])
    run = stowage("write", "--config", dynamo.config(prefix), "--catalog", catalog,
                  stdin=lines(*(rec("logs", '{"msg":"same"}') for _ in range(5))))
    assert run.code == 0, run.stderr
    assert "no primary key and no 'hash_key'" in run.stderr
    assert len(scan(f"{prefix}_logs")) == 5


def test_configured_keys_win_over_the_catalog(dynamo, prefix):
    catalog = dynamo.catalog([("r", None, {"id": "string"}, [["id"]], "append")])
    config = dynamo.config(prefix, streams={"r": {"hash_key": "device", "range_key": "ts"}})
    run = stowage("write", "--config", config, "--catalog", catalog,
                  stdin=lines(rec("r", '{"id":"1","device":"d","ts":5}'), rec("r", '{"id":"2","device":"d","ts":5}')))
    assert run.code == 0, run.stderr
    items = scan(f"{prefix}_r")
    assert len(items) == 1 and items[0]["id"] == {"S": "2"}


def test_a_state_is_echoed_only_after_its_items_are_readable(dynamo, prefix):
    catalog = dynamo.catalog([("s", None, {"id": "integer"}, [["id"]], "append")])
    config = dynamo.config(prefix, commit_interval_seconds=0.2)
    proc = subprocess.Popen([binary(), "write", "--config", config, "--catalog", catalog],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr = []
    threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True).start()
    table = f"{prefix}_s"
    written = 0
    try:
        for round_number in range(4):
            batch = [rec("s", json.dumps({"id": written + i, "round": round_number})) for i in range(37)]
            written += len(batch)
            proc.stdin.write(lines(*batch, state(round_number)))
            proc.stdin.flush()
            line = proc.stdout.readline()  # blocks until the state is echoed
            message = json.loads(line)
            assert message["type"] == "STATE" and message["state"]["data"] == {"n": round_number}
            ids = {int(i["id"]["N"]) for i in scan(table)}
            assert ids >= set(range(written)), f"state {round_number} echoed before its items were readable"
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0, stderr
    finally:
        if proc.poll() is None:
            proc.kill()


def test_check_succeeds_and_leaves_no_table_behind(dynamo, prefix):
    before = set(client().list_tables()["TableNames"])
    run = stowage("check", "--config", dynamo.config(prefix))
    assert run.messages == [{"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}}], run.stderr
    assert set(client().list_tables()["TableNames"]) == before


@pytest.mark.parametrize("overrides, expected", [
    ({"secret_access_key": "wrong-secret"}, "correct 'secret_access_key'"),
    ({"access_key_id": "AKIAUNKNOWNUNKNOWN00"}, "Access key 'AKIAUNKNOWNUNKNOWN00' is not known"),
    ({"dynamodb_endpoint": "http://127.0.0.1:1"}, "Could not connect to endpoint 'http://127.0.0.1:1'"),
])
def test_check_failure_says_what_is_wrong(dynamo, prefix, overrides, expected):
    run = stowage("check", "--config", dynamo.config(prefix, retry_max_attempts=1, **overrides))
    status = run.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert expected in status["message"], status["message"]
    assert "wrong-secret" not in run.stdout + run.stderr
    assert SECRET_KEY not in run.stdout + run.stderr


def test_spec_prints_the_dynamodb_specification_on_request():
    dynamodb = stowage("spec", "--destination", "dynamodb")
    assert dynamodb.messages[0]["spec"] == json.loads((ROOT / "specs" / "connector-spec-dynamodb.json").read_text())
    default = stowage("spec")
    assert default.messages[0]["spec"] == json.loads((ROOT / "specs" / "connector-spec.json").read_text())


def airbyte_name(name):
    """Airbyte's Names.toAlphanumericAndUnderscore, from Python's own Unicode tables."""
    import re
    import unicodedata
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^A-Za-z0-9_]", "_", re.sub(r"[ \t\n\x0b\x0c\r]+", "_", text))


def test_tables_are_named_as_airbyte_names_them(dynamo, prefix):
    streams = [("Données clients", "Café Ünïcödé"), ("ﬁle ① Straße", None), ("한국 readings", "ns.v-2")]
    catalog = dynamo.catalog([(n, ns, {"id": "string"}, [["id"]], "append") for n, ns in streams])
    run = stowage("write", "--config", dynamo.config(prefix), "--catalog", catalog,
                  stdin=lines(*(rec(n, '{"id":"a"}', namespace=ns) for n, ns in streams)))
    assert run.code == 0, run.stderr
    tables = set(client().list_tables()["TableNames"])
    for name, namespace in streams:
        expected = "_".join([prefix] + ([airbyte_name(namespace)] if namespace else []) + [airbyte_name(name)])
        assert expected in tables, (expected, sorted(t for t in tables if t.startswith(prefix)))
        assert len(scan(expected)) == 1

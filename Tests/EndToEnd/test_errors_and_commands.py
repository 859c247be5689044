"""Bad input, bad configuration, `spec` and `check`: each failure is a TRACE error with a non-zero exit."""
import json
import os

import pytest

from conftest import lines, record, state, stowage

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"

BAD_LINES = [
    ("{not json", "Line 3 is not a valid JSON message"),
    ('{"type":"RECORD","record":{"stream":"nope","data":{},"emitted_at":1}}', "stream 'nope', which is not in the configured catalog"),
    ('{"type":"RECORD","record":{"stream":"s","data":[1,2],"emitted_at":1}}', "'record.data' for stream 's' is an array, not an object"),
    ('{"type":"RECORD","record":{"stream":"s","data":"text","emitted_at":1}}', "is a string, not an object"),
    ('{"type":"RECORD","record":{"stream":"s","data":{}}}', "has no numeric 'emitted_at'"),
    ('{"type":"STATE","state":[]}', "without a 'state' object"),
]


@pytest.mark.parametrize("bad,expected", BAD_LINES)
def test_bad_input_is_a_trace_naming_the_line_and_states_before_stay_true(workspace, bad, expected):
    stdin = lines(record("s", {"id": 1}), state(1), bad, record("s", {"id": 2}))
    run = stowage("write", "--config", workspace.config(commit_interval_seconds=0.01), "--catalog",
                  workspace.catalog([("s", None, ["id"], "append")]), stdin=stdin)
    assert run.code != 0
    assert run.trace["type"] == "ERROR"
    assert expected in run.trace["error"]["message"], run.trace
    assert run.trace["error"]["failure_type"] == "system_error"
    for s in run.states:  # an acknowledged state's record is in a complete, visible file
        assert s["state"]["data"] == {"n": 1}
        assert any("1" in f.read_text() for f in workspace.files())
    assert not [f for f in workspace.files() if f.name.startswith(".")], "no temporary file left behind"


def test_invalid_utf8_is_named(workspace):
    stdin = lines(record("s", {"id": 1})) + b'{"type":"RECORD","record":{"stream":"s","data":{"id":"\xff\xfe"},"emitted_at":1}}\n'
    run = stowage("write", "--config", workspace.config(), "--catalog", workspace.catalog([("s", None, ["id"], "append")]), stdin=stdin)
    assert run.code != 0
    assert "Line 2" in run.trace["error"]["message"] and "UTF-8" in run.trace["error"]["message"]


def test_a_trace_names_the_stream(workspace):
    stdin = lines('{"type":"RECORD","record":{"stream":"s","namespace":"ns","data":5,"emitted_at":1}}')
    run = stowage("write", "--config", workspace.config(), "--catalog", workspace.catalog([("s", "ns", ["id"], "append")]), stdin=stdin)
    assert run.trace["error"]["stream_descriptor"] == {"name": "s", "namespace": "ns"}


def test_missing_and_invalid_files_are_config_errors(workspace, tmp_path):
    catalog = workspace.catalog([("s", None, ["id"], "append")])
    missing = stowage("write", "--config", str(tmp_path / "nope.json"), "--catalog", catalog)
    assert missing.code != 0 and missing.trace["error"]["failure_type"] == "config_error"
    assert "nope.json" in missing.trace["error"]["message"]

    broken = tmp_path / "broken.json"
    broken.write_text('{"s3_bucket_name": "bucket",\n "secret_access_key": "' + SECRET + '",\n oops }')
    run = stowage("write", "--config", str(broken), "--catalog", catalog)
    assert run.trace["error"]["failure_type"] == "config_error"
    assert "line 3" in run.trace["error"]["message"]
    assert SECRET not in run.stdout + run.stderr

    bad_catalog = tmp_path / "cat.json"
    bad_catalog.write_text('{"streams":[{"stream":{"name":"s","namespace":"n"},"destination_sync_mode":"upsert"},'
                           '{"stream":{"name":"t"},"destination_sync_mode":"merge"}]}')
    run = stowage("write", "--config", workspace.config(), "--catalog", str(bad_catalog))
    error = run.trace["error"]
    assert error["failure_type"] == "config_error" and "'n.s' ('upsert')" in error["message"]
    assert "'t' ('merge')" in error["message"], "every offending stream is named"
    assert error["stream_descriptor"] == {"name": "s", "namespace": "n"}


def test_append_dedup_is_written_as_append_with_one_warning(workspace):
    catalog = workspace.catalog([("s", None, ["id"], "append_dedup"), ("t", None, ["id"], "append_dedup")])
    run = stowage("write", "--config", workspace.config(), "--catalog", catalog,
                  stdin=lines(record("s", {"id": 1}), record("t", {"id": 2}), state(1)))
    assert run.code == 0, run.stderr
    warnings = [l for l in run.stderr.splitlines() if "append_dedup" in l]
    assert len(warnings) == 1 and "'s'" in warnings[0] and "'t'" in warnings[0]
    assert len(workspace.files()) == 2 and len(run.states) == 1


def test_a_missing_bucket_is_a_config_error_before_reading_input(workspace):
    run = stowage("write", "--config", workspace.config(s3_bucket_name="missing"), "--catalog",
                  workspace.catalog([("s", None, ["id"], "append")]), stdin=lines(record("s", {"id": 1})))
    assert run.code != 0
    assert run.trace["error"]["failure_type"] == "config_error"
    assert "'missing'" in run.trace["error"]["message"]


def test_spec_describes_airbyte_s3_fields():
    run = stowage("spec")
    assert run.code == 0
    [message] = run.messages
    spec = message["spec"]
    props = spec["connectionSpecification"]["properties"]
    for field in ["s3_bucket_name", "s3_bucket_path", "s3_bucket_region", "access_key_id", "secret_access_key",
                  "s3_endpoint", "s3_path_format", "format"]:
        assert field in props
    assert props["secret_access_key"]["airbyte_secret"] is True
    assert spec["supported_destination_sync_modes"] == ["overwrite", "append", "append_dedup"]
    assert spec["supportsIncremental"] is True


def test_check_succeeds_and_leaves_nothing_behind(workspace):
    run = stowage("check", "--config", workspace.config(secret_access_key=SECRET))
    assert run.messages == [{"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}}]
    assert workspace.files() == []
    assert SECRET not in run.stdout + run.stderr


def test_check_fails_with_a_reason(workspace, tmp_path):
    run = stowage("check", "--config", workspace.config(s3_bucket_name="absent", secret_access_key=SECRET))
    status = run.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert "'absent'" in status["message"] and "s3_bucket_name" in status["message"]
    assert SECRET not in run.stdout + run.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert stowage("check", "--config", str(bad)).messages[-1]["connectionStatus"]["status"] == "FAILED"


def test_unsupported_formats_say_so(workspace):
    run = stowage("check", "--config", workspace.config(format={"format_type": "Avro"}))
    assert "Avro" in run.messages[-1]["connectionStatus"]["message"]

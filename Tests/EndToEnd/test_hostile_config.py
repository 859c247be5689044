"""Hostile configs and names: every one is a config error with a clear message, never a crash or a stray write."""
import pytest

from conftest import lines, record, stowage

HOSTILE_NUMBERS = [
    ("max_file_size_mb", 1e400), ("max_file_size_mb", "inf"), ("max_file_size_mb", 1e19),
    ("max_record_size_mb", "1e400"), ("part_size_mb", 9223372036854775807), ("parts_in_flight", 1e19),
    ("commit_interval_seconds", "nan"), ("retry_max_seconds", -1), ("retry_max_attempts", 2.5),
]


def config_text(workspace, key, value):
    """A config file whose `key` is written as raw JSON text (1e400 is not representable in Python)."""
    import json
    path = workspace.config()
    config = json.load(open(path))
    raw = value if isinstance(value, str) and value[:1] != '"' else None
    text = json.dumps(config)[:-1] + f', "{key}": ' + (json.dumps(value) if raw is None else json.dumps(raw)) + "}"
    if isinstance(value, float) and value == float("inf"):
        text = json.dumps(config)[:-1] + f', "{key}": 1e400}}'
    open(path, "w").write(text)
    return path


@pytest.mark.parametrize("key,value", HOSTILE_NUMBERS)
def test_no_numeric_value_crashes_check_or_write(workspace, key, value):
    path = config_text(workspace, key, value)
    check = stowage("check", "--config", path)
    assert check.code == 0, check.stderr
    status = check.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED" and key in status["message"] and " from " in status["message"]
    write = stowage("write", "--config", path, "--catalog", workspace.catalog([("s", None, ["id"], "append")]),
                    stdin=lines(record("s", {"id": 1})))
    assert write.code == 1, write.stderr
    assert write.trace["error"]["failure_type"] == "config_error" and key in write.trace["error"]["message"]


@pytest.mark.parametrize("bucket", ["..", "../x", ".", "a/b", "x\\y", "with space"])
def test_a_bucket_must_be_one_plain_name(workspace, bucket):
    outside = workspace.store.parent / "x"
    write = stowage("write", "--config", workspace.config(s3_bucket_name=bucket), "--catalog",
                    workspace.catalog([("s", None, ["id"], "append")]), stdin=lines(record("s", {"id": 1})))
    assert write.code == 1
    assert write.trace["error"]["failure_type"] == "config_error"
    assert "s3_bucket_name" in write.trace["error"]["message"]
    assert not outside.exists() and not any(workspace.store.parent.rglob("*.csv")), "nothing written anywhere"


@pytest.mark.parametrize("bucket", ["..", "../x", "a/b"])
def test_s3_refuses_the_same_bucket_names_before_any_request(workspace, bucket):
    # A closed port: the name must be refused before anything is sent, not reported as a network or key error.
    config = workspace.config(s3_bucket_name=bucket, s3_endpoint="http://127.0.0.1:9", access_key_id="AK",
                              secret_access_key="SK")
    check = stowage("check", "--config", config)
    assert "s3_bucket_name" in check.messages[-1]["connectionStatus"]["message"]


@pytest.mark.parametrize("field,value", [("s3_bucket_path", "a/../b"), ("s3_path_format", "${STREAM_NAME}/./x_"),
                                         ("s3_path_format", "../${STREAM_NAME}_")])
@pytest.mark.parametrize("endpoint", ["local", "s3"])
def test_dot_segments_are_refused_on_both_stores_by_check_and_write(workspace, field, value, endpoint):
    extra = {} if endpoint == "local" else {"s3_endpoint": "http://127.0.0.1:9", "access_key_id": "AK",
                                            "secret_access_key": "SK"}
    config = workspace.config(**{field: value}, **extra)
    check = stowage("check", "--config", config)
    assert f"'{field}'" in check.messages[-1]["connectionStatus"]["message"]
    write = stowage("write", "--config", config, "--catalog", workspace.catalog([("s", None, ["id"], "append")]),
                    stdin=lines(record("s", {"id": 1})))
    assert write.code == 1 and f"'{field}'" in write.trace["error"]["message"]


def test_check_validates_the_path_format_as_write_does(workspace):
    check = stowage("check", "--config", workspace.config(s3_path_format="${STREAM_NAME}/${NOPE}_"))
    status = check.messages[-1]["connectionStatus"]
    assert status["status"] == "FAILED" and "${NOPE}" in status["message"]


def test_a_too_long_stream_name_is_a_config_error_before_reading(workspace):
    name = "s" * 300
    write = stowage("write", "--config", workspace.config(), "--catalog", workspace.catalog([(name, None, ["id"], "append")]),
                    stdin=lines(record(name, {"id": 1})))
    assert write.code == 1
    message = write.trace["error"]["message"]
    assert write.trace["error"]["failure_type"] == "config_error" and "too long" in message and len(message) < 400
    assert workspace.files() == []


def test_check_leaves_not_even_an_empty_folder(workspace):
    check = stowage("check", "--config", workspace.config(s3_bucket_path="deep/er/path"))
    assert check.messages[-1]["connectionStatus"]["status"] == "SUCCEEDED", check.stdout
    assert list(workspace.bucket.iterdir()) == []

"""The spec tells the truth: every config `write` accepts validates against the printed connectionSpecification,
and every config it rejects for a field's value the spec rejects too (JSON Schema draft 7, jsonschema)."""
import json
import pathlib

import jsonschema
import pytest

from conftest import ROOT, SAMPLES, stowage

SPEC = json.loads(stowage("spec").stdout)["spec"]
VALIDATOR = jsonschema.Draft7Validator(SPEC["connectionSpecification"])


def test_the_printed_spec_is_the_documented_one_and_a_valid_schema():
    assert SPEC == json.loads((ROOT / "specs" / "connector-spec.json").read_text())
    jsonschema.Draft7Validator.check_schema(SPEC["connectionSpecification"])


def test_samples_and_test_configs_validate(workspace):
    configs = [json.loads(p.read_text()) for p in SAMPLES.glob("config*.json")]
    configs.append(json.loads(open(workspace.config()).read()))
    for config in configs:
        VALIDATOR.validate(config)


NUMERIC = {key: value for key, value in SPEC["connectionSpecification"]["properties"].items() if "anyOf" in value}
CANDIDATES = [0, 0.005, 0.01, 1, 1.5, 5, 64, 65, 3600, 3601, 604801, 5242880, 5242881, 1e16, -1, "0.01", "0.009",
              " 5 ", "5.0", "5.", "05", "1e3", "inf", "-3", "64.5", "5242880", "", True, [1], 1e400]


def write_accepts(workspace, key, value):
    """Whether `write` takes the config (on an empty input, so it reads the config and stops)."""
    config = json.loads(open(workspace.config()).read())
    text = json.dumps(config)[:-1] + f', "{key}": ' + ("1e400" if value == 1e400 else json.dumps(value)) + "}"
    path = workspace.store.parent / f"spec-{key}.json"
    path.write_text(text)
    run = stowage("write", "--config", str(path), "--catalog", workspace.catalog([("s", None, ["id"], "append")]))
    return run.code == 0, run.trace["error"]["message"] if run.trace else ""


@pytest.mark.parametrize("key", sorted(NUMERIC))
def test_each_numeric_field_is_accepted_by_write_exactly_when_the_spec_accepts_it(workspace, key):
    for value in CANDIDATES:
        if value is None:
            continue  # null means "not set" to both
        config = {**json.loads(open(workspace.config()).read()), key: value}
        by_spec = VALIDATOR.is_valid(config) if value != 1e400 else False
        by_write, message = write_accepts(workspace, key, value)
        assert by_spec == by_write, f"{key}={value!r}: spec says {by_spec}, write says {by_write} ({message})"


@pytest.mark.parametrize("bucket", ["ok-bucket", "..", ".", "a/b", "with space", "Upper_Case"])
def test_bucket_names_on_the_local_store(workspace, bucket):
    (workspace.store / bucket).mkdir(exist_ok=True) if "/" not in bucket and bucket not in (".", "..") else None
    config = {**json.loads(open(workspace.config()).read()), "s3_bucket_name": bucket}
    path = workspace.store.parent / "bucket.json"
    path.write_text(json.dumps(config))
    accepted = stowage("write", "--config", str(path), "--catalog", workspace.catalog([("s", None, ["id"], "append")])).code == 0
    assert VALIDATOR.is_valid(config) == accepted, bucket

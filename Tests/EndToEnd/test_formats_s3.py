"""Every format × flattening × compression into the S3 test server (radosgw), read back with boto3 and the same
independent readers as locally."""
import json

import pytest

from conftest import stowage
from formats import (COMPRESSIONS, EXTENSIONS, FLATTENINGS, FORMATS, check_csv, check_jsonl, decompress,
                     format_config, tricky_records)
from test_formats import RAW, RECORDS, input_bytes
from test_write_s3 import bucket, client, objects, s3config  # noqa: F401 (fixtures)


@pytest.mark.parametrize("compression", COMPRESSIONS, ids=lambda c: "plain" if not c else f"{c[0]}-{c[1]}")
@pytest.mark.parametrize("flattening", FLATTENINGS)
@pytest.mark.parametrize("format_type", FORMATS)
def test_every_combination_reads_back_identically_from_s3(bucket, s3config, tmp_path, format_type, flattening,
                                                           compression):
    config = s3config(bucket, format=format_config(format_type, flattening, compression), max_file_size_mb=2)
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {
        p: {} for p in ["id", "text", "n", "flag", "obj", "pad"]}}}, "sync_mode": "full_refresh",
        "destination_sync_mode": "append"}]}))
    run = stowage("write", "--config", config, "--catalog", str(catalog), stdin=input_bytes())
    assert run.code == 0, run.stderr
    kind = compression[0] if compression else None
    extension = "." + format_type.lower() + EXTENSIONS[kind]
    keys = objects(bucket, "out/")
    assert keys and all(k.endswith(extension) for k in keys), keys
    keys.sort(key=lambda k: int(k[: -len(extension)].rsplit("_", 1)[1]))
    texts = [decompress(client().get_object(Bucket=bucket, Key=k)["Body"].read(), kind).decode() for k in keys]
    if format_type == "CSV":
        check_csv(texts[0].split("\r\n", 1)[0] + "\r\n" + "".join(t.split("\r\n", 1)[1] for t in texts), RECORDS,
                  flattening)
    else:
        check_jsonl("".join(texts), RECORDS, flattening, RAW)
    assert client().list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []

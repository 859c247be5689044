"""Every format × flattening × compression, written by the built binary into the local directory, read back by
independent readers (Python's csv, json, gzip and zstandard; the gzip and zstd CLIs; DuckDB; pyarrow)."""
import json
import subprocess

import duckdb
import pyarrow.json
import pytest

from conftest import stowage
from formats import (COMPRESSIONS, EXTENSIONS, FLATTENINGS, FORMATS, check_csv, check_jsonl, decompress,
                     format_config, tricky_records)

RECORDS = tricky_records(4000)
RAW = [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in RECORDS]


def input_bytes():
    # emitted_at as received; data compact as Stowage keeps it byte for byte.
    return "".join('{"type":"RECORD","record":{"stream":"s","data":' + raw + ',"emitted_at":1700000000000}}\n'
                   for raw in RAW).encode()


@pytest.mark.parametrize("compression", COMPRESSIONS, ids=lambda c: "plain" if not c else f"{c[0]}-{c[1]}")
@pytest.mark.parametrize("flattening", FLATTENINGS)
@pytest.mark.parametrize("format_type", FORMATS)
def test_every_combination_reads_back_identically(workspace, format_type, flattening, compression):
    config = workspace.config(format=format_config(format_type, flattening, compression),
                              max_file_size_mb=2)  # several files, several compressed blocks each
    catalog = workspace.catalog([("s", None, ["id", "text", "n", "flag", "obj", "pad"], "append")])
    run = stowage("write", "--config", config, "--catalog", catalog, stdin=input_bytes())
    assert run.code == 0, run.stderr
    kind = compression[0] if compression else None
    extension = "." + format_type.lower() + EXTENSIONS[kind]
    files = workspace.files()
    assert files and all(f.name.endswith(extension) for f in files), [f.name for f in files]
    files.sort(key=lambda f: int(f.name[: -len(extension)].rsplit("_", 1)[1]))
    text = "".join(decompress(f.read_bytes(), kind).decode() for f in files)
    if format_type == "CSV":
        header = text.split("\r\n", 1)[0]
        body = "".join(decompress(f.read_bytes(), kind).decode().split("\r\n", 1)[1] for f in files)
        check_csv(header + "\r\n" + body, RECORDS, flattening)
    else:
        check_jsonl(text, RECORDS, flattening, RAW)
    # The CLIs agree with the Python modules.
    if kind:
        tool = ["gzip", "-dc"] if kind == "GZIP" else ["zstd", "-dcq"]
        for f in files[:2]:
            assert subprocess.run([*tool, str(f)], capture_output=True, check=True).stdout == decompress(f.read_bytes(), kind)
    # DuckDB reads the compressed files directly and counts every record.
    glob = str(workspace.bucket / "out" / "s" / f"*{extension}")
    if format_type == "CSV":
        count = duckdb.sql(f"SELECT count(*) FROM read_csv('{glob}', header=true, all_varchar=true, quote='\"', "
                           f"escape='\"', strict_mode=true)").fetchall()[0][0]
    else:
        count = duckdb.sql(f"SELECT count(*) FROM read_json('{glob}', format='newline_delimited')").fetchall()[0][0]
    assert count == len(RECORDS)
    if format_type == "JSONL":
        # pyarrow's reader, with the metadata columns' types (the data's mixed types defeat its inference).
        schema = pyarrow.schema([("_airbyte_ab_id", pyarrow.string()), ("_airbyte_emitted_at", pyarrow.int64())])
        options = pyarrow.json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
        ids = []
        for f in files:
            table = pyarrow.json.read_json(pyarrow.BufferReader(decompress(f.read_bytes(), kind)), parse_options=options)
            assert set(table.column("_airbyte_emitted_at").to_pylist()) == {1700000000000}
            ids += table.column("_airbyte_ab_id").to_pylist()
        assert len(ids) == len(set(ids)) == len(RECORDS)

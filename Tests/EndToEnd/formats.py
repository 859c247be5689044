"""Reading Stowage's CSV and JSONL files back, compressed or not, with independent readers, and the records that
exercise them."""
import csv
import gzip
import io
import json
import random
import sys

import zstandard

csv.field_size_limit(sys.maxsize)

FORMATS = ["CSV", "JSONL"]
FLATTENINGS = ["No flattening", "Root level flattening"]
COMPRESSIONS = [None, ("GZIP", None), ("GZIP", 6), ("ZSTD", None), ("ZSTD", 3)]
EXTENSIONS = {None: "", "GZIP": ".gz", "ZSTD": ".zst"}


def format_config(format_type, flattening, compression):
    compressed = {"compression_type": "No Compression"}
    if compression:
        compressed = {"compression_type": compression[0]}
        if compression[1] is not None:
            compressed["compression_level"] = compression[1]
    return {"format_type": format_type, "flattening": flattening, "compression": compressed}


def decompress(data, kind):
    """The file's bytes, uncompressed: Python's gzip module reads every member; zstandard every frame."""
    if kind == "GZIP":
        return gzip.decompress(data)
    if kind == "ZSTD":
        out = io.BytesIO()
        zstandard.ZstdDecompressor().copy_stream(io.BytesIO(data), out, read_size=1 << 16)
        return out.getvalue()
    return data


def tricky_records(count, seed=3):
    random.seed(seed)
    alphabet = ["a", "é", "日", "😀", ",", '"', "\n", "\r\n", "\t", "\\", " ", "'", "\u2028", "\u0000"]
    records = []
    for i in range(count):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 40)))
        data = {"id": i, "text": text, "n": random.choice([None, 0, -1.5, 12345678901234567890, 7, 1e300, 2.5e-8]),
                "flag": random.choice([True, False, None]), "obj": random.choice([{"k": text}, [1, text], None, {}]),
                "pad": "x" * random.randint(0, 400)}
        if i % 10 == 0:
            data.pop("text")
        if i % 7 == 0:
            data["undeclared"] = {"deep": [i, {"z": text}]}
        records.append(data)
    return records


PROPERTIES = ["id", "text", "n", "flag", "obj", "pad"]


def check_csv(text, records, flattening):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, rows = rows[0], rows[1:]
    assert len(rows) == len(records)
    if flattening == "No flattening":
        assert header == ["_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data"]
        for row, data in zip(rows, records):
            assert json.loads(row[2]) == data
        return
    columns = sorted(PROPERTIES)
    assert header == ["_airbyte_ab_id", "_airbyte_emitted_at", *columns, "_airbyte_additional_properties"]
    for row, data in zip(rows, records):
        for i, column in enumerate(columns):
            value = data.get(column)
            field = row[2 + i]
            if value is None:
                assert field == ""
            elif isinstance(value, bool):
                assert field == ("true" if value else "false")
            elif isinstance(value, str):
                assert field == value
            else:
                assert json.loads(field) == value
        extras = {k: v for k, v in data.items() if k not in PROPERTIES}
        assert (json.loads(row[-1]) if row[-1] else {}) == extras


def check_jsonl(text, records, flattening, raw_lines):
    lines = text.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert len(lines) == len(records)
    for line, data, raw in zip(lines, records, raw_lines):
        obj = json.loads(line)
        assert list(obj)[:2] == ["_airbyte_ab_id", "_airbyte_emitted_at"]
        if flattening == "No flattening":
            assert obj["_airbyte_data"] == data
            # The source's own JSON, byte for byte: the data object as received.
            assert line.endswith(',"_airbyte_data":' + raw + "}")
        else:
            assert {k: v for k, v in obj.items() if not k.startswith("_airbyte_")} == data

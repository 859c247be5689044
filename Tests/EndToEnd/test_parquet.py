"""Parquet end to end: the built binary writes, pyarrow, DuckDB and polars read back, and every value and type is
compared with the input and the catalog through a Python model of specs/parquet.md (types, coercion, rescue)."""
import json
import math
import os
import re
import struct
import subprocess
import uuid
from decimal import Decimal

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import binary, lines, record, state, stowage

CODECS = ["UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"]
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

# --------------------------------------------------------------------------------------------------
# The catalog: one property per Airbyte type.

TYPED = {
    "s": {"type": ["null", "string"]},
    "i": {"type": ["null", "integer"]},
    "n": {"type": ["null", "number"]},
    "ni": {"type": "number", "airbyte_type": "integer"},
    "b": {"type": ["null", "boolean"]},
    "d": {"type": ["null", "string"], "format": "date"},
    "ts": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"},
    "tl": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_without_timezone"},
    "t": {"type": ["null", "string"], "format": "time", "airbyte_type": "time_with_timezone"},
    "tn": {"type": ["null", "string"], "format": "time", "airbyte_type": "time_without_timezone"},
    "o": {"type": ["null", "object"], "properties": {"k": {"type": "string"}}},
    "a": {"type": ["null", "array"], "items": {"type": "integer"}},
    "u": {"type": ["string", "integer"]},
    "r": {"$ref": "#/definitions/x"},
    "e": {},
    "nulls": {"type": ["null", "string"]},
}


def kind(schema):
    """The model of ParquetTypeMapping: the column kind of a property schema."""
    if not isinstance(schema, dict) or "$ref" in schema or "not" in schema:
        return "json"
    t = schema.get("type")
    if t is None:
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [o for o in schema[key] if o.get("type") != "null"]
                return kind(options[0]) if len(options) == 1 else "json"
        return "json"
    types = [x for x in ([t] if isinstance(t, str) else t) if x != "null"]
    if set(types) == {"integer", "number"}:
        return "number"
    if len(types) != 1:
        return "json"
    at, fmt = schema.get("airbyte_type"), schema.get("format")
    if types[0] == "string":
        if fmt == "date" or at == "date":
            return "date"
        if at == "timestamp_without_timezone":
            return "tl"
        if fmt == "date-time" or at == "timestamp_with_timezone":
            return "ts"
        if at == "time_without_timezone":
            return "tn"
        if fmt == "time" or at == "time_with_timezone":
            return "t"
        return "string"
    if types[0] == "number":
        return "integer" if at == "integer" else "number"
    return {"integer": "integer", "boolean": "boolean"}.get(types[0], "json")


ARROW_TYPES = {
    "string": pa.string(), "json": pa.string(), "t": pa.string(), "tn": pa.string(), "integer": pa.int64(),
    "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(), "ts": pa.timestamp("us", tz="UTC"),
    "tl": pa.timestamp("us"),
}
DUCKDB_TYPES = {
    "string": "VARCHAR", "json": "VARCHAR", "t": "VARCHAR", "tn": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE",
    "boolean": "BOOLEAN", "date": "DATE", "ts": "TIMESTAMP WITH TIME ZONE", "tl": "TIMESTAMP",
}
POLARS_TYPES = {
    "string": pl.String, "json": pl.String, "t": pl.String, "tn": pl.String, "integer": pl.Int64,
    "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date, "ts": pl.Datetime("us", "UTC"),
    "tl": pl.Datetime("us"),
}

# --------------------------------------------------------------------------------------------------
# The model of the coercion rules: a value's Parquet value (dates as days, timestamps as µs), or RESCUE.

RESCUE = object()


def days_from_civil(y, m, d):
    """Days since 1970-01-01 in the proleptic Gregorian calendar, astronomical years (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400  # floor division: the C original truncates (y - 399) / 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
DATE = r"(\d{4})-(\d{2})-(\d{2})"
TIME = r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
OFFSET = r"(Z|z|[+-]\d{2}(?::?\d{2})?)?"


def parse_date(text):
    m = re.fullmatch(DATE + r"( BC)?", text)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if m[4]:
        if y == 0:
            return None
        y = 1 - y
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if not 1 <= mo <= 12 or not 1 <= d <= (MONTH_DAYS[mo - 1] if mo != 2 or leap else 28):
        return None
    return days_from_civil(y, mo, d)


def offset_minutes(text):
    if not text:
        return None
    if text in "Zz":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return sign * (hours * 60 + minutes) if hours <= 23 and minutes <= 59 else "invalid"


def time_us(m, first):
    """(µs of the day, is a leap second): 24:00 is the day's end, :60 reads as :59 (CivilTime's rules)."""
    hh, mm, ss, frac = int(m[first]), int(m[first + 1]), int(m[first + 2] or 0), (m[first + 3] or "")
    if hh == 24 and mm == 0 and ss == 0 and not frac.strip("0"):
        return 86_400_000_000, False
    if hh > 23 or mm > 59 or ss > 60:
        return None, False
    return ((hh * 60 + mm) * 60 + min(ss, 59)) * 1_000_000 + int((frac + "000000")[:6]), ss == 60


def leap_ok(us_utc):
    """A leap second stands only at 23:59 UTC."""
    return us_utc % 86_400_000_000 // 60_000_000 == 23 * 60 + 59


def parse_timestamp(text, with_tz):
    m = re.fullmatch(DATE + r"(?:[Tt ]" + TIME + OFFSET + r")?", text)
    if not m:
        return None
    days = parse_date(f"{m[1]}-{m[2]}-{m[3]}")
    if days is None:
        return None
    if m[4] is None:
        return days * 86_400_000_000
    us, leap = time_us(m, 4)
    off = offset_minutes(m[8])
    if us is None or off == "invalid" or (off is not None and not with_tz):
        return None
    result = days * 86_400_000_000 + us - (off or 0) * 60_000_000
    return None if leap and not leap_ok(result) else result


def parse_time(text, with_tz):
    m = re.fullmatch(TIME + OFFSET, text)
    if not m:
        return None
    us, leap = time_us(m, 1)
    off = offset_minutes(m[5])
    if us is None or off == "invalid" or (off is not None and not with_tz):
        return None
    us = (us - (off or 0) * 60_000_000) % 86_400_000_000
    if leap and not leap_ok(us):
        return None
    s, frac = divmod(us, 1_000_000)
    out = f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
    return out + (f".{frac:06d}" if frac else "")


def expected_value(k, v):
    """What the column of kind `k` holds for the JSON value `v` (numbers as Decimal), or RESCUE."""
    if v is None:
        return None
    if k == "json":
        return v
    if k == "string":
        return v if isinstance(v, str) else RESCUE
    if k == "boolean":
        return v if isinstance(v, bool) else RESCUE
    if k in ("integer", "number"):
        if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
            return RESCUE
        if k == "number":
            f = float(v)
            return f if math.isfinite(f) else RESCUE
        d = Decimal(v)
        if d != d.to_integral_value() or not INT64_MIN <= int(d) <= INT64_MAX:
            return RESCUE
        return int(d)
    if not isinstance(v, str):
        return RESCUE
    if k == "date":
        parsed = parse_date(v)
    elif k in ("ts", "tl"):
        parsed = parse_timestamp(v, k == "ts")
    else:
        parsed = parse_time(v, k == "t")
    return RESCUE if parsed is None else parsed


def expected_rows(records, properties):
    """Per record: {column: value} with the additional properties as a dict (or None)."""
    reserved = {"_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_raw_id", "_airbyte_extracted_at",
                "_airbyte_generation_id", "_airbyte_meta", "_airbyte_additional_properties", ""}
    columns = sorted((p for p in properties if p not in reserved), key=lambda p: p.encode())
    rows = []
    for data, emitted_at in records:
        row = {"_airbyte_emitted_at": emitted_at}
        extra = {k: v for k, v in data.items() if k not in columns}
        rescued = {}
        for c in columns:
            value = expected_value(kind(properties[c]), data.get(c))
            if value is RESCUE:
                rescued[c] = data[c]
                value = None
            row[c] = value
        extra.update(rescued)
        row["_airbyte_additional_properties"] = extra or None
        rows.append(row)
    return columns, rows


# --------------------------------------------------------------------------------------------------
# Readers: each returns rows as {column: canonical value}: dates as days, timestamps as µs (emitted_at as ms),
# JSON columns parsed, doubles as floats.

def loads(text):
    return json.loads(text, parse_float=Decimal) if text is not None else None


def canonical(columns, kinds, raw_rows):
    out = []
    for raw in raw_rows:
        row = {"_airbyte_emitted_at": raw["_airbyte_emitted_at"]}
        for c in columns:
            v = raw[c]
            row[c] = loads(v) if kinds[c] == "json" else v
        row["_airbyte_additional_properties"] = loads(raw["_airbyte_additional_properties"])
        out.append(row)
    return out


def read_pyarrow(paths, columns, kinds):
    table = pa.concat_tables([pq.read_table(p) for p in paths])
    cast = {}
    for name in table.column_names:
        t = table.schema.field(name).type
        if pa.types.is_timestamp(t):
            cast[name] = table.column(name).cast(pa.int64())
        elif pa.types.is_date32(t):
            cast[name] = table.column(name).cast(pa.int32())
        else:
            cast[name] = table.column(name)
    raw = pa.table(cast).to_pylist()
    return canonical(columns, kinds, raw), raw


def read_duckdb(paths, columns, kinds):
    con = duckdb.connect()
    described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [[str(p) for p in paths]]).fetchall()
    types = {name: t for name, t, *_ in described}
    exprs = []
    for name in types:
        q = '"' + name.replace('"', '""') + '"'
        if types[name] == "DATE":
            exprs.append(f"CAST({q} - DATE '1970-01-01' AS BIGINT) AS {q}")
        elif types[name].startswith("TIMESTAMP"):
            exprs.append(f"{'epoch_ms' if name == '_airbyte_emitted_at' else 'epoch_us'}({q}) AS {q}")
        else:
            exprs.append(q)
    cur = con.execute(f"SELECT {', '.join(exprs)} FROM read_parquet(?)", [[str(p) for p in paths]])
    names = [d[0] for d in cur.description]
    raw = [dict(zip(names, r)) for r in cur.fetchall()]
    return canonical(columns, kinds, raw), types


def read_polars(paths, columns, kinds):
    frame = pl.concat([pl.read_parquet(p) for p in paths])
    schema = dict(frame.schema)
    frame = frame.with_columns(
        [pl.col(n).cast(pl.Int64) for n, t in schema.items() if isinstance(t, (pl.Datetime, pl.Date))])
    return canonical(columns, kinds, frame.to_dicts()), schema


def same(a, b):
    """Values equal, -0.0 and 0.0 told apart, NaN never expected."""
    if isinstance(a, float) and isinstance(b, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def check_rows(name, got, want):
    assert len(got) == len(want), f"{name}: {len(got)} rows for {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        for c in w:
            assert same(g[c], w[c]), f"{name}: row {i} column {c!r}: got {g[c]!r}, want {w[c]!r}"


def check_all_readers(paths, properties, records):
    columns, want = expected_rows(records, properties)
    kinds = {c: kind(properties[c]) for c in columns}
    got, raw = read_pyarrow(paths, columns, kinds)
    check_rows("pyarrow", got, want)
    ids = [r["_airbyte_ab_id"] for r in raw]
    assert all(uuid.UUID(i).version == 4 for i in ids) and len(set(ids)) == len(ids)
    schema = pq.read_schema(paths[0])
    assert schema.names == ["_airbyte_ab_id", "_airbyte_emitted_at", *columns, "_airbyte_additional_properties"]
    assert schema.field("_airbyte_ab_id").type == pa.string() and not schema.field("_airbyte_ab_id").nullable
    assert schema.field("_airbyte_emitted_at").type == pa.timestamp("ms", tz="UTC")
    for c in columns:
        assert schema.field(c).type == ARROW_TYPES[kinds[c]], c
        assert schema.field(c).nullable, c
    got, types = read_duckdb(paths, columns, kinds)
    check_rows("duckdb", got, want)
    for c in columns:
        assert types[c] == DUCKDB_TYPES[kinds[c]], (c, types[c])
    got, schema = read_polars(paths, columns, kinds)
    check_rows("polars", got, want)
    for c in columns:
        assert schema[c] == POLARS_TYPES[kinds[c]], (c, schema[c])
    return want


# --------------------------------------------------------------------------------------------------
# Inputs

def write_catalog(tmp_path, streams):
    """streams: {name: properties}."""
    doc = {"streams": [{"stream": {"name": n, "json_schema": {"type": "object", "properties": props}},
                        "sync_mode": "full_refresh", "destination_sync_mode": "append"}
                       for n, props in streams.items()]}
    path = tmp_path / f"catalog-{uuid.uuid4().hex[:6]}.json"
    path.write_text(json.dumps(doc))
    return str(path)


def parquet_format(codec="SNAPPY", **options):
    return {"format_type": "Parquet", "compression_codec": codec, **options}


def run_records(workspace, tmp_path, streams, messages, **config):
    cfg = workspace.config(format=parquet_format(**config.pop("format", {})), **config)
    run = stowage("write", "--config", cfg, "--catalog", write_catalog(tmp_path, streams), stdin=lines(*messages))
    assert run.code == 0, run.stderr
    return run


def typed_records():
    """Values of every kind that fit their columns, and edge values: (data, emitted_at)."""
    big = "é" * (3 << 20) + "end"  # 6 MiB of text
    rows = [
        ({"s": "plain", "i": 1, "n": 1.5, "ni": 7, "b": True, "d": "2024-02-29", "ts": "2024-01-02T03:04:05.123456Z",
          "tl": "2024-01-02T03:04:05.5", "t": "10:09:26.5-05:00", "tn": "23:59:59", "o": {"k": "v", "x": [1, 2]},
          "a": [1, 2, 3], "u": "text", "r": {"any": "thing"}, "e": 3, "nulls": None}, 1700000000000),
        ({"s": "", "i": INT64_MAX, "n": N("1e308"), "ni": INT64_MIN, "b": False, "d": "1969-12-31",
          "ts": "1900-01-01 00:00:00+01:30", "tl": "1960-06-15T12:00:00", "t": "00:00Z", "tn": "12:00:00.000001",
          "o": {}, "a": [], "u": 5, "r": None, "e": "s"}, 1),
        ({"s": "NUL \u0000 inside, \"quotes\", \\ \n\t and \u2028 and 😀", "i": INT64_MIN, "n": N("-0.0"),
          "ni": N("4.2e1"), "d": "2100-03-01", "ts": "9999-12-31T23:59:59.999999999Z", "tl": "0001-01-01T00:00:00",
          "t": "23:59:60Z", "a": [None], "e": [1, "x"]}, -5),
        ({"s": big, "i": N("42.0"), "n": N("5e-324"), "d": "0044-03-15 BC", "ts": "2024-06-01",
          "tl": "2024-06-01", "e": N("123456789012345678901234567890.5"), "extra": {"not": "declared"}},
         1700000000123),
        ({}, 0),
    ]
    return rows


class N(Decimal):
    """A JSON number written exactly as `text` (Decimal's own str would respell `4.2e1` as `42`)."""

    def __new__(cls, text):
        number = Decimal.__new__(cls, text)
        number.text = text
        return number


def dumps(value):
    """JSON text with N numbers as their text."""
    if isinstance(value, N):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def messages(stream, records):
    return ['{"type":"RECORD","record":{"stream":%s,"data":%s,"emitted_at":%d}}' % (
        json.dumps(stream), dumps(data), emitted_at) for data, emitted_at in records]


def parquet_files(workspace):
    files = workspace.files()
    assert all(f.suffix == ".parquet" for f in files), files
    return files


# --------------------------------------------------------------------------------------------------
# Tests

@pytest.mark.parametrize("codec", CODECS)
def test_every_type_and_edge_value_reads_back_in_pyarrow_duckdb_and_polars(workspace, tmp_path, codec):
    records = typed_records()
    run_records(workspace, tmp_path, {"s1": TYPED}, messages("s1", records), format={"codec": codec})
    files = parquet_files(workspace)
    assert len(files) == 1
    want = check_all_readers(files, TYPED, records)
    meta = pq.ParquetFile(files[0]).metadata
    assert meta.created_by.startswith("stowage version ")
    assert {meta.row_group(0).column(j).compression for j in range(meta.num_columns)} == {codec}
    assert want[3]["s"].endswith("end") and len(want[3]["s"]) == (3 << 20) + 3
    assert want[0]["nulls"] is None and want[1]["nulls"] is None


def test_values_that_do_not_fit_are_null_and_kept_in_additional_properties(workspace, tmp_path):
    records = [
        ({"s": 5, "i": "12", "n": "1.5", "ni": 1.5, "b": "true", "d": "2024-02-30", "ts": "yesterday",
          "tl": "2024-01-01T00:00:00Z", "t": "25:00", "tn": "10:00+02:00"}, 1),
        ({"i": N("9223372036854775808"), "n": N("1e400"), "ni": N("-9223372036854775809"),
          "b": 1, "d": 20240101, "ts": {"at": "2024"}, "s": ["list"], "extra": 1}, 2),
        ({"i": N("1e19"), "d": "24-01-01", "ts": "2024-01-01T00:00:00+24:00", "t": "10:00:00 PM"}, 3),
    ]
    run_records(workspace, tmp_path, {"s1": TYPED}, messages("s1", records))
    want = check_all_readers(parquet_files(workspace), TYPED, records)
    assert want[0]["_airbyte_additional_properties"] == {
        "s": 5, "i": "12", "n": "1.5", "ni": Decimal("1.5"), "b": "true", "d": "2024-02-30", "ts": "yesterday",
        "tl": "2024-01-01T00:00:00Z", "t": "25:00", "tn": "10:00+02:00"}
    assert all(want[0][c] is None for c in ["s", "i", "n", "ni", "b", "d", "ts", "tl", "t", "tn"])
    raw = pq.read_table(parquet_files(workspace)).column("_airbyte_additional_properties").to_pylist()
    assert '"i":9223372036854775808' in raw[1] and '"n":1e400' in raw[1], "numbers are kept as their text"


def test_zero_row_streams_produce_no_file(workspace, tmp_path):
    run = run_records(workspace, tmp_path, {"empty": TYPED, "full": {"x": {"type": "integer"}}},
                      messages("full", [({"x": 1}, 1)]) + [state(1)])
    files = parquet_files(workspace)
    assert len(files) == 1 and "full" in str(files[0])
    assert len(run.states) == 1


def test_all_null_and_absent_columns_and_500_columns(workspace, tmp_path):
    props = {f"c{i:03d}": {"type": ["null", ["string", "integer", "number", "boolean"][i % 4]]} for i in range(500)}
    values = {0: "v", 1: 3, 2: 0.25, 3: True}
    records = [({f"c{i:03d}": values[i % 4] for i in range(500) if (i + r) % 3}, r) for r in range(40)]
    records.append(({}, 99))
    run_records(workspace, tmp_path, {"wide": props}, messages("wide", records))
    files = parquet_files(workspace)
    check_all_readers(files, props, records)
    assert pq.read_schema(files[0]).names[2:4] == ["c000", "c001"]


def test_row_groups_and_files_roll_and_keep_every_row_in_order(workspace, tmp_path):
    props = {"id": {"type": "integer"}, "text": {"type": "string"}, "x": {"type": "number"}}
    noise = os.urandom(8 << 20).hex()  # incompressible, so the files pass 2 MB whatever the codec
    records = [({"id": i, "text": noise[i * 100:i * 100 + 32 * (1 + i % 8)], "x": i / 7}, i) for i in range(80000)]
    run_records(workspace, tmp_path, {"big": props}, messages("big", records), max_file_size_mb=2,
                format={"codec": "ZSTD", "block_size_mb": 1, "page_size_kb": 64})
    files = sorted(parquet_files(workspace), key=lambda p: int(re.search(r"_(\d+)\.parquet$", p.name)[1]))
    assert len(files) > 1
    assert sum(pq.ParquetFile(f).metadata.num_row_groups for f in files) > len(files)
    for f in files:
        assert f.stat().st_size < (2 << 20) + (3 << 20), "a file ends at the first row group past the size"
    check_all_readers(files, props, records)


def test_state_is_echoed_only_once_its_file_is_complete(workspace, tmp_path):
    cfg = workspace.config(format=parquet_format("GZIP"), commit_interval_seconds=0.5)
    cat = write_catalog(tmp_path, {"s1": {"id": {"type": "integer"}}})
    proc = subprocess.Popen([binary(), "write", "--config", cfg, "--catalog", cat],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(lines(*messages("s1", [({"id": i}, i) for i in range(100)]), state(1)))
    proc.stdin.flush()
    first = proc.stdout.readline()  # arrives while stdin is still open
    assert json.loads(first)["state"]["data"] == {"n": 1}
    files = parquet_files(workspace)
    assert len(files) == 1
    assert pq.read_table(files[0]).column("id").to_pylist() == list(range(100))
    proc.stdin.write(lines(*messages("s1", [({"id": 100}, 100)])))
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    assert sorted(i for f in parquet_files(workspace) for i in pq.read_table(f).column("id").to_pylist()) == list(
        range(101))


def test_interleaved_streams_each_get_their_own_typed_file(workspace, tmp_path):
    streams = {f"s{k}": {"id": {"type": "integer"}, "v": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}
               for k in range(10)}
    per = {s: [] for s in streams}
    msgs = []
    for i in range(3000):
        s = f"s{i % 10}"
        data = ({"id": i, "v": "x" * (i % 97), "at": "2024-01-01T00:00:%02dZ" % (i % 60)}, i)
        per[s].append(data)
        msgs += messages(s, [data])
    run_records(workspace, tmp_path, streams, msgs, format={"codec": "SNAPPY"})
    for s, props in streams.items():
        files = parquet_files(workspace)
        mine = [f for f in files if f"/{s}/" in str(f)]
        assert len(mine) == 1
        check_all_readers(mine, props, per[s])


def test_check_and_write_refuse_unreadable_codecs(workspace, tmp_path):
    for codec in ["LZO", "BROTLI", "LZ4"]:
        cfg = workspace.config(format=parquet_format(codec))
        for args in (["check", "--config", cfg],
                     ["write", "--config", cfg, "--catalog", write_catalog(tmp_path, {"s": {}})]):
            run = stowage(*args, stdin=lines(*messages("s", [({"a": 1}, 1)])))
            if args[0] == "check":
                status = [m["connectionStatus"] for m in run.messages if m["type"] == "CONNECTION_STATUS"]
                assert status[0]["status"] == "FAILED" and codec in status[0]["message"], run.stdout
            else:
                assert run.code != 0 and run.trace["error"]["failure_type"] == "config_error", run.stdout
                assert codec in run.trace["error"]["message"]
        assert parquet_files(workspace) == []


def test_spec_shows_the_parquet_options():
    spec = json.loads(stowage("spec").stdout.splitlines()[0])
    formats = spec["spec"]["connectionSpecification"]["properties"]["format"]["oneOf"]
    parquet = [f for f in formats if f["properties"]["format_type"]["enum"] == ["Parquet"]][0]
    assert set(parquet["properties"]) >= {"compression_codec", "block_size_mb", "page_size_kb",
                                          "dictionary_page_size_kb", "dictionary_encoding", "max_padding_size_mb"}
    assert parquet["properties"]["compression_codec"]["enum"] == CODECS


# --------------------------------------------------------------------------------------------------
# S3: the same files through multipart uploads to the S3 test server.

S3_ENDPOINT = os.environ.get("STOWAGE_TEST_S3_ENDPOINT")


@pytest.mark.skipif(not S3_ENDPOINT and not os.environ.get("CI"), reason="no S3 test server")
@pytest.mark.parametrize("codec", CODECS)
def test_parquet_lands_in_s3_with_every_codec(tmp_path, codec):
    import boto3
    from botocore.config import Config

    assert S3_ENDPOINT, "scripts/test.sh starts the S3 test server"
    s3 = boto3.client("s3", endpoint_url=S3_ENDPOINT, aws_access_key_id=os.environ["STOWAGE_TEST_S3_ACCESS_KEY"],
                      aws_secret_access_key=os.environ["STOWAGE_TEST_S3_SECRET_KEY"], region_name="us-east-1",
                      config=Config(s3={"addressing_style": "path"}))
    bucket = "pq-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=bucket)
    try:
        config = {"s3_bucket_name": bucket, "s3_bucket_path": "out", "s3_bucket_region": "us-east-1",
                  "s3_endpoint": S3_ENDPOINT, "access_key_id": os.environ["STOWAGE_TEST_S3_ACCESS_KEY"],
                  "secret_access_key": os.environ["STOWAGE_TEST_S3_SECRET_KEY"], "part_size_mb": 5,
                  "format": parquet_format(codec, block_size_mb=1)}
        cfg = tmp_path / "s3.json"
        cfg.write_text(json.dumps(config))
        props = dict(TYPED)
        # One codec gets a file of several multipart parts (incompressible text); the others the typed sample.
        big = codec == "SNAPPY"
        noise = os.urandom(8 << 20).hex()
        records = typed_records()[:3] + [({"s": "row %d %s" % (i, noise[i * 256:(i + 1) * 256]), "i": i}, i)
                                         for i in range(30000 if big else 100)]
        run = stowage("write", "--config", str(cfg), "--catalog", write_catalog(tmp_path, {"s1": props}),
                      stdin=lines(*messages("s1", records), state(1)), timeout=300)
        assert run.code == 0, run.stderr
        assert len(run.states) == 1
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="out/").get("Contents", [])
                if "_stowage" not in o["Key"]]
        assert len(keys) == 1 and keys[0].endswith(".parquet")
        path = tmp_path / "s3.parquet"
        s3.download_file(bucket, keys[0], str(path))
        if big:
            assert path.stat().st_size > 5 << 20, "the file spans several multipart parts"
            assert pq.ParquetFile(path).metadata.num_row_groups > 1
        check_all_readers([path], props, records)
    finally:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
        s3.delete_bucket(Bucket=bucket)

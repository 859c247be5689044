#!/usr/bin/env python3
"""Deterministic Airbyte-message inputs for scripts/bench.py.

Two streams:
  users      wide, source-faker-like records (~450 bytes of `data`, ~530 bytes a line) with a nested
             `address` object and a free-text `bio` holding commas, double quotes, newlines, tabs,
             backslashes, non-ASCII (é, 日本, emoji) raw and as \\u escapes.
  telemetry  narrow records (~130 bytes of `data`, ~215 bytes a line): device id, ISO timestamp,
             numbers and a nested `tags` object.

A STATE message follows every 1000th record, and one more ends the file when the count is not a multiple
of 1000. The output depends only on (stream, size or record count, seed, GEN_VERSION): records are made
in chunks of CHUNK records, each from its own `random.Random(f"{seed}:{stream}:{chunk}")`, so the file is
the same whatever the number of worker processes. Bump GEN_VERSION whenever the output changes.

Usage (normally called by bench.py):
  python3 scripts/bench_gen.py --stream users --size-mb 200 --seed 42 --out-dir .bench
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
from array import array

GEN_VERSION = 1
CHUNK = 10_000
STATE_EVERY = 1000
EMITTED_AT = 1700000000000
MB = 1_000_000

# --------------------------------------------------------------------------------------------------
# Vocabularies. Every entry is already JSON-escaped text, ready to go between double quotes.

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
         "José", "Zoë", "Ngozi", "Søren", "Łukasz", "Aiko", "Mateo", "Chloé", "Björn", "Ana"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "O'Brien", "Nguyen", "Müller", "Kowalski", "Tanaka", "Haddad", "Okafor", "Dubois", "Rossi", "Novák"]
TITLES = ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mx."]
GENDERS = ["Male", "Female", "Other", "Fluid", "Non-binary"]
LANGUAGES = ["English", "Spanish", "French", "German", "Japanese", "Polish", "Swahili", "Portuguese", "Hindi",
             "Mandarin"]
DEGREES = ["Bachelor", "Master", "PhD", "Associate", "None"]
NATIONALITIES = ["American", "British", "Canadian", "French", "German", "Japanese", "Nigerian", "Brazilian",
                 "Polish", "Indian", "Mexican", "Danish"]
OCCUPATIONS = ["Software Engineer", "Data Analyst", "Nurse", "Teacher", "Accountant", "Pilot",
               "Civil Engineer", "Graphic Designer", "Electrician", "Chef", "Pharmacist", "Architect",
               "Sales Manager", "Barista", "Veterinarian", "Librarian"]
BLOOD = ["A+", "A−", "B+", "B−", "AB+", "AB−", "O+", "O−"]
STREETS = ["Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Elm Street", "Pine Road",
           "Washington Boulevard", "Lake View Terrace", "Rue de la Paix", "Königstraße", "Calle Mayor",
           "Sunset Strip", "Hill Crescent", "Station Approach"]
CITIES = ["Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton", "Fairview", "Salem",
          "Madison", "Georgetown", "Zürich", "São Paulo", "Kraków", "Osaka"]
STATES = ["California", "Texas", "New York", "Florida", "Ohio", "Oregon", "Utah", "Maine", "Alaska",
          "Nevada", "Bavaria", "Ontario"]
PROVINCES = ["Ontario", "Quebec", "Alberta", "Manitoba", "Nova Scotia", "Yukon", "Saskatchewan",
             "British Columbia"]
COUNTRIES = ["US", "GB", "CA", "FR", "DE", "JP", "NG", "BR", "PL", "IN", "MX", "DK"]
DOMAINS = ["example.com", "mail.test", "inbox.example.org", "corp.example.net"]

# bio words: mostly plain, some that need CSV quoting or JSON escaping.
WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex "
         "ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla "
         "pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim "
         "id est laborum data pipeline warehouse streaming record loves hiking coffee travel music").split()
SPECIAL = [
    "word,", "and,", "then,", "yes, no,",          # commas
    "\\\"quoted\\\"", "said \\\"hi\\\"", "\\\"",    # double quotes
    "\\n", "line\\nbreak", "\\r\\n", "\\t",          # newlines, CR, tab
    "back\\\\slash", "it's",                          # backslash, single quote
    "café", "naïve", "façade", "日本", "東京タワー", "Ελληνικά", "🚀", "😀", "👍🏽",  # raw non-ASCII
    "caf\\u00e9", "\\u65e5\\u672c", "\\ud83d\\ude00", "\\u00fcber", "\\u0022escaped quote\\u0022",  # \\u escapes
    "\\u002c", "\\u000a",                             # an escaped comma and an escaped newline
]
BIO_VOCAB = WORDS * 3 + SPECIAL   # ~1 in 7 words is special

SITES = ["ams-1", "ams-2", "fra-1", "iad-3", "sfo-2", "nrt-1", "gru-1", "syd-4"]
LINES = ["L1", "L2", "L3", "L4", "L5", "L6"]
STATUSES = ["ok", "ok", "ok", "ok", "ok", "ok", "warn", "error"]

# --------------------------------------------------------------------------------------------------
# Catalogs

ADDRESS_SCHEMA = {
    "type": ["null", "object"],
    "properties": {k: {"type": ["null", "string"]} for k in
                   ["street_number", "street_name", "city", "state", "province", "postal_code", "country_code"]},
}

SCHEMAS = {
    "users": {
        "type": "object",
        "properties": {
            "id": {"type": ["null", "integer"]},
            "created_at": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"},
            "updated_at": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"},
            "name": {"type": ["null", "string"]},
            "title": {"type": ["null", "string"]},
            "age": {"type": ["null", "integer"]},
            "email": {"type": ["null", "string"]},
            "telephone": {"type": ["null", "string"]},
            "gender": {"type": ["null", "string"]},
            "language": {"type": ["null", "string"]},
            "academic_degree": {"type": ["null", "string"]},
            "nationality": {"type": ["null", "string"]},
            "occupation": {"type": ["null", "string"]},
            "height": {"type": ["null", "string"]},
            "blood_type": {"type": ["null", "string"]},
            "weight": {"type": ["null", "integer"]},
            "address": ADDRESS_SCHEMA,
            "bio": {"type": ["null", "string"]},
        },
    },
    "telemetry": {
        "type": "object",
        "properties": {
            "device_id": {"type": ["null", "string"]},
            "ts": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"},
            "seq": {"type": ["null", "integer"]},
            "temperature": {"type": ["null", "number"]},
            "pressure": {"type": ["null", "number"]},
            "humidity": {"type": ["null", "number"]},
            "status": {"type": ["null", "string"]},
            "tags": {"type": ["null", "object"],
                     "properties": {"site": {"type": ["null", "string"]}, "line": {"type": ["null", "string"]}}},
        },
    },
}

# DuckDB column types for the `data` struct (bench.py), in catalog order; nested objects are read as JSON.
DUCKDB_TYPES = {
    "users": {"id": "BIGINT", "age": "BIGINT", "weight": "BIGINT", "address": "JSON"},
    "telemetry": {"seq": "BIGINT", "temperature": "DOUBLE", "pressure": "DOUBLE", "humidity": "DOUBLE",
                  "tags": "JSON"},
}


def catalog(stream: str) -> dict:
    return {"streams": [{
        "stream": {"name": stream, "json_schema": SCHEMAS[stream],
                   "supported_sync_modes": ["full_refresh", "incremental"]},
        "sync_mode": "full_refresh",
        "destination_sync_mode": "append",
    }]}


# --------------------------------------------------------------------------------------------------
# Record makers: each returns (blob, ends) for records [start, start+n) where ends[i] is the byte offset
# just past record i and the STATE message that may follow it.

def _state(stream: str, cursor: int) -> str:
    return ('{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"%s"},'
            '"stream_state":{"cursor":%d}}}}\n' % (stream, cursor))


def _iso(t: int) -> str:
    g = time.gmtime(t)
    return "%04d-%02d-%02dT%02d:%02d:%02d+00:00" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec)


def _users(seed: int, chunk: int, start: int, n: int):
    rng = random.Random(f"{seed}:users:{chunk}")
    r = rng.random
    ch = rng.choice
    choices = rng.choices
    prefix = '{"type":"RECORD","record":{"stream":"users","data":'
    suffix = ',"emitted_at":%d}}\n' % EMITTED_AT
    parts = []
    ends = array("q")
    size = 0
    base = 1577836800  # 2020-01-01
    for i in range(start, start + n):
        uid = i + 1
        first, last = ch(FIRST), ch(LAST)
        created = base + uid * 60 + int(r() * 60)
        updated = created + int(r() * 86400 * 30)
        words = choices(BIO_VOCAB, k=10 + int(r() * 21))
        line = (
            f'{prefix}{{"id":{uid},"created_at":"{_iso(created)}","updated_at":"{_iso(updated)}",'
            f'"name":"{first} {last}","title":"{ch(TITLES)}","age":{18 + int(r() * 70)},'
            f'"email":"{first.lower()}.{uid}@{ch(DOMAINS)}","telephone":"+1-{200 + int(r() * 800)}-'
            f'{int(r() * 900) + 100}-{int(r() * 9000) + 1000}","gender":"{ch(GENDERS)}",'
            f'"language":"{ch(LANGUAGES)}","academic_degree":"{ch(DEGREES)}",'
            f'"nationality":"{ch(NATIONALITIES)}","occupation":"{ch(OCCUPATIONS)}",'
            f'"height":"{1.5 + r() * 0.5:.2f}","blood_type":"{ch(BLOOD)}","weight":{45 + int(r() * 70)},'
            f'"address":{{"street_number":"{1 + int(r() * 9999)}","street_name":"{ch(STREETS)}",'
            f'"city":"{ch(CITIES)}","state":"{ch(STATES)}","province":"{ch(PROVINCES)}",'
            f'"postal_code":"{int(r() * 90000) + 10000}","country_code":"{ch(COUNTRIES)}"}},'
            f'"bio":"{" ".join(words)}"}}{suffix}'
        )
        if uid % STATE_EVERY == 0:
            line += _state("users", uid)
        b = line.encode()
        parts.append(b)
        size += len(b)
        ends.append(size)
    return b"".join(parts), ends


def _telemetry(seed: int, chunk: int, start: int, n: int):
    rng = random.Random(f"{seed}:telemetry:{chunk}")
    r = rng.random
    ch = rng.choice
    prefix = '{"type":"RECORD","record":{"stream":"telemetry","data":'
    suffix = ',"emitted_at":%d}}\n' % EMITTED_AT
    parts = []
    ends = array("q")
    size = 0
    base_ms = 1704067200000  # 2024-01-01T00:00:00Z
    last_sec = -1
    sec_str = ""
    for i in range(start, start + n):
        seq = i + 1
        ms = base_ms + i * 7
        sec = ms // 1000
        if sec != last_sec:
            g = time.gmtime(sec)
            sec_str = "%04d-%02d-%02dT%02d:%02d:%02d" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min,
                                                         g.tm_sec)
            last_sec = sec
        line = (
            f'{prefix}{{"device_id":"dev-{int(r() * 5000):05d}","ts":"{sec_str}.{ms % 1000:03d}Z","seq":{seq},'
            f'"temperature":{15 + r() * 20:.2f},"pressure":{980 + r() * 60:.1f},"humidity":{20 + r() * 70:.1f},'
            f'"status":"{ch(STATUSES)}","tags":{{"site":"{ch(SITES)}","line":"{ch(LINES)}"}}}}{suffix}'
        )
        if seq % STATE_EVERY == 0:
            line += _state("telemetry", seq)
        b = line.encode()
        parts.append(b)
        size += len(b)
        ends.append(size)
    return b"".join(parts), ends


MAKERS = {"users": _users, "telemetry": _telemetry}


def _work(job):
    stream, seed, chunk, n = job
    return MAKERS[stream](seed, chunk, chunk * CHUNK, n)


# --------------------------------------------------------------------------------------------------

def input_name(stream: str, size_mb: float | None, records: int | None, seed: int) -> str:
    size = f"r{records}" if records else f"{size_mb:g}mb"
    return f"{stream}-{size}-s{seed}-g{GEN_VERSION}"


def generate(stream: str, out_dir: str, *, size_mb: float | None = None, records: int | None = None,
             seed: int = 42, workers: int | None = None, quiet: bool = False) -> dict:
    """Makes (or reuses) `<out_dir>/<name>.jsonl` and its catalog; returns {path, catalog, records, bytes}."""
    if stream not in MAKERS:
        raise ValueError(f"unknown stream {stream!r}")
    if not records and not size_mb:
        raise ValueError("give size_mb or records")
    os.makedirs(out_dir, exist_ok=True)
    name = input_name(stream, size_mb, records, seed)
    path = os.path.join(out_dir, name + ".jsonl")
    meta_path = os.path.join(out_dir, name + ".meta.json")
    cat_path = os.path.join(out_dir, name + ".catalog.json")
    with open(cat_path + ".tmp", "w") as f:
        json.dump(catalog(stream), f, indent=2)
    os.replace(cat_path + ".tmp", cat_path)
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("bytes") == os.path.getsize(path):
            meta.update(path=path, catalog=cat_path, reused=True)
            return meta

    target = int(size_mb * MB) if not records else None
    t0 = time.perf_counter()
    tmp = path + ".tmp"
    total_records = 0
    total_bytes = 0
    workers = workers or os.cpu_count() or 1

    def jobs():
        chunk = 0
        while True:
            n = CHUNK
            if records:
                n = min(CHUNK, records - chunk * CHUNK)
                if n <= 0:
                    return
            yield (stream, seed, chunk, n)
            chunk += 1

    ctx = multiprocessing.get_context("fork")
    with open(tmp, "wb", buffering=16 * 1024 * 1024) as out, ctx.Pool(workers) as pool:
        for blob, ends in pool.imap(_work, jobs()):
            if target is not None and total_bytes + len(blob) >= target:
                # cut at the first record whose end reaches the target
                need = target - total_bytes
                k = next(j for j, e in enumerate(ends) if e >= need)
                out.write(memoryview(blob)[:ends[k]])
                total_bytes += ends[k]
                total_records += k + 1
                break
            out.write(blob)
            total_bytes += len(blob)
            total_records += len(ends)
            if not quiet and total_bytes // (256 * MB) != (total_bytes - len(blob)) // (256 * MB):
                print(f"  … {stream}: {total_bytes / MB:,.0f} MB", file=sys.stderr, flush=True)
        pool.terminate()
        if total_records % STATE_EVERY:
            s = _state(stream, total_records).encode()
            out.write(s)
            total_bytes += len(s)
    os.replace(tmp, path)
    secs = time.perf_counter() - t0
    meta = {"stream": stream, "records": total_records, "bytes": total_bytes, "seed": seed,
            "gen_version": GEN_VERSION, "gen_seconds": round(secs, 3)}
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=2)
    if not quiet:
        print(f"  generated {path}: {total_records:,} records, {total_bytes / MB:,.1f} MB in {secs:.1f} s "
              f"({total_bytes / MB / secs:,.0f} MB/s, {workers} workers)", file=sys.stderr, flush=True)
    meta.update(path=path, catalog=cat_path, reused=False)
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stream", choices=sorted(MAKERS), required=True)
    ap.add_argument("--size-mb", type=float, default=200)
    ap.add_argument("--records", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--out-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".bench"))
    a = ap.parse_args()
    meta = generate(a.stream, os.path.abspath(a.out_dir), size_mb=a.size_mb, records=a.records, seed=a.seed,
                    workers=a.workers)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()

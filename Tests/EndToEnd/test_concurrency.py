"""Many objects and many writers: small objects upload several at a time, and concurrent syncs never share a key."""
import json
import os
import subprocess
import threading
import time

import pytest

from conftest import binary, lines, record


def run_together(count, argv_for, stdin_for):
    """Starts `count` stowage processes at the same instant; returns their (code, stdout, stderr)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def one(i):
        stdin = stdin_for(i)
        barrier.wait()
        proc = subprocess.run([binary(), *argv_for(i)], input=stdin, capture_output=True, timeout=300)
        results[i] = (proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_eight_writers_appending_to_one_stream_never_share_a_key(workspace):
    config = workspace.config()
    catalog = workspace.catalog([("s", None, ["id", "w"], "append")])
    per_writer = 300
    results = run_together(
        8, lambda i: ["write", "--config", config, "--catalog", catalog],
        lambda i: lines(*[record("s", {"id": n, "w": i}) for n in range(per_writer)]))
    assert all(code == 0 for code, _, _ in results), [err[-500:] for _, _, err in results]
    files = workspace.files()
    assert len(files) == 8, [f.name for f in files]
    seen = set()
    for f in files:
        rows = [l for l in f.read_text().splitlines()[1:] if l]
        writers = {r.split(",")[3] for r in rows}
        assert len(writers) == 1 and len(rows) == per_writer, f"{f.name} holds one writer's records, all of them"
        seen |= writers
    assert seen == {str(i) for i in range(8)}
    claims = list((workspace.bucket / "out" / "_stowage" / "syncs").glob("*.json"))
    assert len(claims) == 8, "each sync claimed its own epoch (released claims stay a day as tombstones)"

"""Signals and closed pipes end `write` as a clean failure: no death by SIGPIPE, no temporary file left."""
import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import binary, lines, record, state


def start(workspace, **config):
    return subprocess.Popen(
        [binary(), "write", "--config", workspace.config(**config), "--catalog",
         workspace.catalog([("s", None, ["id", "pad"], "append")])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def feed(proc, count, every=1):
    """Writes records with a state after every `every` of them, until done or the process goes away."""
    try:
        for i in range(count):
            proc.stdin.write(lines(record("s", {"id": i, "pad": "p" * 200})) + (lines(state(i)) if i % every == 0 else b""))
        proc.stdin.close()
    except (BrokenPipeError, ValueError):
        pass


def leftovers(workspace):
    return [f for f in workspace.bucket.rglob("*") if f.is_file() and f.name.startswith(".")]


def test_a_closed_stdout_is_a_clean_failure_not_sigpipe(workspace):
    proc = start(workspace, commit_interval_seconds=0.05)
    writer = threading.Thread(target=feed, args=(proc, 10**7, 100), daemon=True)
    writer.start()
    first = proc.stdout.readline()
    assert json.loads(first)["type"] == "STATE"
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    code = proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    assert code == 1, f"exit {code}: {err[-2000:]}"
    assert "Standard output was closed" in err
    assert leftovers(workspace) == [], "no temporary file left behind"


def test_sigterm_stops_write_while_stdout_is_blocked(workspace):
    proc = start(workspace, commit_interval_seconds=0.01)
    writer = threading.Thread(target=feed, args=(proc, 400000, 1), daemon=True)
    writer.start()
    time.sleep(3)  # nobody reads stdout: the pipe fills and Stowage blocks writing an echo
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=30)
    assert code == 1
    assert time.monotonic() - sent < 10, "the blocked write(2) was interrupted"
    assert "asked to stop" in proc.stderr.read().decode()
    assert leftovers(workspace) == []


SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCRASHKEY"
CRASH_SIGNALS = [signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP, signal.SIGABRT, signal.SIGFPE]


def secret_fragments(secret, width=8):
    return {secret[i:i + width] for i in range(len(secret) - width + 1)}


def assert_crash_output_is_safe(proc, sig, secret):
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -sig, f"dies of the signal as before (exit {proc.returncode})"
    text = (out + err).decode(errors="replace")
    assert "stowage: crashed (" in text and "no registers or memory" in text
    leaked = [f for f in secret_fragments(secret) if f in text]
    assert leaked == [], f"crash output holds part of the secret: {leaked}"
    assert "Registers" not in text and "rax" not in text


@pytest.mark.parametrize("sig", CRASH_SIGNALS)
def test_a_crash_prints_no_memory_and_no_secret(workspace, sig):
    random.seed(int(sig))
    for _ in range(3):
        proc = start(workspace, secret_access_key=SECRET, access_key_id="AKIDCRASHTEST", commit_interval_seconds=0.05)
        writer = threading.Thread(target=feed, args=(proc, 10**7, 50), daemon=True)
        writer.start()
        proc.stdout.readline()  # the pipeline runs (a state came back): the credentials are in memory
        time.sleep(random.uniform(0.0, 0.4))
        proc.send_signal(sig)
        assert_crash_output_is_safe(proc, sig, SECRET)


def test_write_runs_every_thread_as_a_batch_job(workspace):
    """SCHED_BATCH (policy 3, field 41 of /proc/<pid>/task/<tid>/stat) on every thread, nice unchanged."""
    proc = start(workspace, commit_interval_seconds=0.05)
    proc.stdin.write(lines(record("s", {"id": 1, "pad": "p"}), state(1)))
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["type"] == "STATE"  # the pipeline's threads are all up by now
    tasks = {}
    for task in (Path("/proc") / str(proc.pid) / "task").iterdir():
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        tasks[task.name] = (int(fields[38]), int(fields[16]))  # policy, nice (fields 41 and 19, after pid and comm)
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0, proc.stderr.read().decode()
    assert len(tasks) >= 3, tasks
    assert all(policy == 3 for policy, _ in tasks.values()), tasks
    assert all(nice == os.nice(0) for _, nice in tasks.values()), tasks

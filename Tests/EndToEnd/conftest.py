"""End-to-end tests: the built `stowage` binary driven as an orchestrator would, files read back independently."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def binary() -> str:
    path = os.environ.get("STOWAGE_BIN", str(ROOT / ".build" / "debug" / "stowage"))
    if not os.path.exists(path):
        pytest.fail(f"stowage binary not found at {path}; run 'swift build' first or set STOWAGE_BIN")
    return path


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.stdout = proc.stdout.decode()
        self.stderr = proc.stderr.decode()
        self.messages = [json.loads(line) for line in self.stdout.splitlines() if line.strip()]

    @property
    def states(self):
        return [m for m in self.messages if m["type"] == "STATE"]

    @property
    def trace(self):
        traces = [m for m in self.messages if m["type"] == "TRACE"]
        return traces[-1]["trace"] if traces else None


def stowage(*args, stdin: bytes = b"", env=None, timeout=120) -> Run:
    proc = subprocess.run([binary(), *args], input=stdin, capture_output=True, timeout=timeout, env=env)
    run = Run(proc)
    for line in run.stdout.splitlines():
        assert line.startswith("{"), f"stdout must carry only Airbyte messages, got: {line!r}"
    return run


@pytest.fixture
def workspace(tmp_path):
    """A local 'endpoint' with a bucket, plus helpers to write config and catalog files."""
    root = tmp_path / "store"
    (root / "bucket").mkdir(parents=True)

    class Workspace:
        store = root
        bucket = root / "bucket"

        def config(self, **overrides):
            config = {
                "s3_bucket_name": "bucket",
                "s3_bucket_path": "out",
                "s3_bucket_region": "us-east-1",
                "s3_endpoint": f"file://{root}",
                "format": {"format_type": "CSV", "flattening": "Root level flattening",
                           "compression": {"compression_type": "No Compression"}},
            }
            config.update(overrides)
            path = tmp_path / f"config-{len(list(tmp_path.glob('config-*')))}.json"
            path.write_text(json.dumps(config))
            return str(path)

        def catalog(self, streams):
            """streams: list of (name, namespace, properties, destination_sync_mode)."""
            doc = {"streams": [
                {"stream": {"name": n, **({"namespace": ns} if ns else {}),
                            "json_schema": {"type": "object", "properties": {p: {} for p in props}}},
                 "sync_mode": "full_refresh", "destination_sync_mode": mode}
                for (n, ns, props, mode) in streams]}
            path = tmp_path / f"catalog-{len(list(tmp_path.glob('catalog-*')))}.json"
            path.write_text(json.dumps(doc))
            return str(path)

        def files(self, under=""):
            """Data files: Stowage's control objects (sync claims under `_stowage/`, `.stowage-meta` metadata)
            left out; temporary files are kept, so that tests can see none is left behind."""
            base = self.bucket / under
            return sorted(p for p in base.rglob("*") if p.is_file() and "_stowage" not in p.relative_to(self.bucket).parts
                          and not p.name.endswith(".stowage-meta"))

    return Workspace()


def record(stream, data, namespace=None, emitted_at=1700000000000):
    r = {"stream": stream, "data": data, "emitted_at": emitted_at}
    if namespace:
        r["namespace"] = namespace
    return json.dumps({"type": "RECORD", "record": r}, ensure_ascii=False)


def state(n):
    return json.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"n": n}}})


def lines(*items) -> bytes:
    return ("\n".join(items) + "\n").encode()

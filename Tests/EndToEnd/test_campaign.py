"""The crash-and-fault campaign in small: 10 kill -9 rounds on each store, S3 through the fault proxy failing 10 %
of requests (scripts/campaign.py; the note gives a larger run's figures)."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, binary


@pytest.mark.parametrize("store,extra", [("local", []), ("s3", ["--fault-rate", "0.1"])])
def test_kills_and_faults_never_lose_an_acknowledged_record_nor_show_a_partial_object(store, extra):
    if store == "s3" and not os.environ.get("STOWAGE_TEST_S3_ENDPOINT"):
        if os.environ.get("CI"):
            pytest.fail("STOWAGE_TEST_S3_ENDPOINT is not set: scripts/test.sh starts the S3 test server")
        pytest.skip("no S3 test server")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "campaign.py"), "--binary", binary(), "--kills", "10",
                          "--store", store, "--records", "6000", "--seed", "11", *extra],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "every invariant held" in run.stdout

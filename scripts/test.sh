#!/usr/bin/env bash
# One command from a fresh Debian 12 clone: install what the tests need, start the S3 test server, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --tests

if [ -x scripts/s3-test-server.sh ]; then
    scripts/s3-test-server.sh start >&2
    trap 'scripts/s3-test-server.sh stop >&2 || true' EXIT
    # shellcheck disable=SC1090
    source "${STOWAGE_S3_DIR:-/tmp/stowage-s3-test}/env"
fi

swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
swift test --skip-build
python3 -m pytest -q Tests/EndToEnd

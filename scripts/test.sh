#!/usr/bin/env bash
# One command from a fresh Debian 12 clone: install what the tests need, start the S3 and DynamoDB test servers,
# run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --python
# The Python clients' virtualenvs install (a few minutes from PyPI) while Swift builds.
scripts/setup.sh --venvs > /tmp/stowage-setup-venvs.log 2>&1 &
venvs=$!

stop_servers=()
trap 'for s in "${stop_servers[@]}"; do "$s" stop >&2 || true; done' EXIT
if [ -x scripts/s3-test-server.sh ]; then
    scripts/s3-test-server.sh start >&2
    stop_servers+=(scripts/s3-test-server.sh)
    # shellcheck disable=SC1090
    source "${STOWAGE_S3_DIR:-/tmp/stowage-s3-test}/env"
fi
if [ -x scripts/dynamodb-test-server.sh ]; then
    scripts/dynamodb-test-server.sh start >&2
    stop_servers+=(scripts/dynamodb-test-server.sh)
    # shellcheck disable=SC1090
    source "${STOWAGE_DYNAMODB_DIR:-/tmp/stowage-dynamodb-test}/env"
fi

swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
swift test --skip-build
wait $venvs || { cat /tmp/stowage-setup-venvs.log >&2; exit 1; }
python3 -m pytest -q Tests/EndToEnd

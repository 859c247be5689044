#!/usr/bin/env bash
# Installs what building and testing stowage need on Debian 12 (apt and pip); quick when already done.
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(libcurl4-openssl-dev zlib1g-dev libssl-dev pkg-config libzstd-dev libdeflate-dev libisal-dev libsnappy-dev pigz zstd)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: apt-get install ${missing[*]}" >&2
    sudo_if_needed apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ "${1:-}" = "--tests" ]; then
    pip_packages=(pytest duckdb boto3 'moto[server]' zstandard pyarrow polars jsonschema)
    python3 - <<'PY' || { echo "setup: pip install ${pip_packages[*]}" >&2; python3 -m pip install -q "${pip_packages[@]}" >&2; }
import pytest, duckdb, boto3, moto.server, zstandard, pyarrow, polars, jsonschema
PY
    # A real Airbyte source for `stowage sync`'s end-to-end tests, in a virtualenv of its own, pinned whole
    # (Tests/EndToEnd/requirements-faker.txt). Installed again only when that file changes; a few minutes from PyPI.
    root=$(cd "$(dirname "$0")/.." && pwd)
    requirements="$root/Tests/EndToEnd/requirements-faker.txt"
    venv=${STOWAGE_FAKER_VENV:-$root/.venv-faker}
    if ! [ -x "$venv/bin/source-faker" ] || ! cmp -s "$requirements" "$venv/stowage-requirements.txt"; then
        echo "setup: pip install airbyte-source-faker into $venv" >&2
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
        cp "$requirements" "$venv/stowage-requirements.txt"
    fi
fi

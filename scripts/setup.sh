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
    python3 - <<'PY' || { echo "setup: pip install pytest duckdb boto3 moto[server] pyarrow polars" >&2; python3 -m pip install -q pytest duckdb boto3 'moto[server]' pyarrow polars >&2; }
import pytest, duckdb, boto3, moto.server, pyarrow, polars
PY
fi

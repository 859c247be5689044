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

if [ "${1:-}" = "--tests" ] || [ "${1:-}" = "--python" ]; then
    pip_packages=(pytest duckdb boto3 'moto[server]' zstandard pyarrow polars jsonschema)
    python3 - <<'PY' || { echo "setup: pip install ${pip_packages[*]}" >&2; python3 -m pip install -q "${pip_packages[@]}" >&2; }
import pytest, duckdb, boto3, moto.server, zstandard, pyarrow, polars, jsonschema
PY
fi

# The Python clients the end-to-end tests drive, each in a virtualenv of its own, pinned whole: airbyte-source-faker
# (a real Airbyte source, for `stowage sync`) and PyAirbyte 0.71 (a real Airbyte client). Installed again only when
# their requirements change; a few minutes each from PyPI. `--tests` includes them; `--venvs` does only them.
install_venv() {  # name, requirements file, a program the venv must hold
    local venv=$1 requirements=$2 program=$3
    if ! [ -x "$venv/bin/$program" ] || ! cmp -s "$requirements" "$venv/stowage-requirements.txt"; then
        echo "setup: pip install -r $(basename "$requirements") into $venv" >&2
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
        cp "$requirements" "$venv/stowage-requirements.txt"
    fi
}
if [ "${1:-}" = "--tests" ] || [ "${1:-}" = "--venvs" ]; then
    root=$(cd "$(dirname "$0")/.." && pwd)
    install_venv "${STOWAGE_FAKER_VENV:-$root/.venv-faker}" "$root/Tests/EndToEnd/requirements-faker.txt" source-faker &
    faker=$!
    install_venv "${STOWAGE_PYAIRBYTE_VENV:-$root/.venv-pyairbyte}" "$root/Tests/EndToEnd/requirements-pyairbyte.txt" python &
    pyairbyte=$!
    wait $faker
    wait $pyairbyte
fi

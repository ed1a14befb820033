#!/usr/bin/env bash
# Installs the Debian packages the libraries link against and the servers the tests start.
# Idempotent: only missing packages are installed. Sourced by the other scripts.
set -euo pipefail

MTC_APT_PACKAGES=(
    pkg-config
    libxml2-dev      # MTConnectModel
    libmodbus-dev    # ModbusClient
    librdkafka-dev   # OutboxKafka
    libmongoc-dev    # OutboxMongo
    libbson-dev      # OutboxMongo
    libhiredis-dev   # IdempotencyRedis
    libsqlite3-dev   # SQLite stores
    zlib1g-dev       # gzip answers (compress-nio)
    redis-server     # IdempotencyRedis tests start their own redis-server
    python3          # the slow-client flood of SlowClientTests; the load test's FastAPI peer
    python3-venv     # the load test's FastAPI peer, schemathesis (scripts/schemathesis.sh)
    curl             # scripts/schemathesis.sh waits for the server's /healthz
    python3-yaml     # scripts/openapi-json.sh writes /openapi.json from openapi.yaml
)

mtc_bootstrap() {
    local missing=()
    for package in "${MTC_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    echo "==> installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    mtc_bootstrap
fi

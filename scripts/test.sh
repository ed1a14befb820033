#!/usr/bin/env bash
# Sets up a fresh Debian machine (system packages) and runs the whole test suite.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --filter ModbusClientTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

swift build --build-tests
swift test --skip-build "$@"

#!/usr/bin/env bash
# Sets up a fresh Debian machine (system packages) and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

swift run mtc parse Tests/MTConnectModelTests/Fixtures/streams.xml "$@"

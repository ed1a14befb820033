#!/usr/bin/env bash
# Sets up a fresh Debian machine (system packages) and runs the reference server's demo:
# simulated machines on loopback, a fresh database, and printed credentials and commands.
# Extra arguments go to `mtc-server --demo`, e.g. `scripts/demo.sh --port 9090`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

swift run mtc-server --demo "$@"

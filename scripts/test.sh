#!/usr/bin/env bash
# Sets up a fresh Debian machine (system packages) and runs the whole test suite.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --filter ModbusClientTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

swift build --build-tests
# Every test starts real peers (servers, simulators, brokers); started all at once they held
# over 1,100 descriptors, past the 1,024 that libmodbus's select() can wait on. 16 at a time
# keeps the run as fast and below 350.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-16}"
swift test --skip-build "$@"
# The slow-client flood loads the whole machine, so it runs alone, after the others.
if [[ $# -eq 0 ]]; then
    MTC_TEST_SLOW_CLIENTS=1 swift test --skip-build --filter SlowClientTests
fi

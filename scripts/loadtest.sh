#!/usr/bin/env bash
# Load test of mtc-server: builds the server and the load generator in release, starts the
# server on a free loopback port with a fresh SQLite file, creates an API key, an admin token
# and a machine, runs the scenarios and stops the server.
#
#   scripts/loadtest.sh                                  # event, replay, ingest at 1,000 req/s, 20 s each
#   scripts/loadtest.sh --rate 500 --duration 60
#   scripts/loadtest.sh --concurrency 32 --duration 10   # maximum throughput, closed loop
#   scripts/loadtest.sh --scenarios ingest --batch-size 100 --markdown
#
# Arguments go to the load generator (`--help` lists them). The server inherits the
# environment, so any MTC_* setting (e.g. a rate limit) can be set for the run;
# MTC_LOG_LEVEL defaults to info, as in production. Set LOADTEST_KEEP=1 to keep the data
# directory (database and server log).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

echo "==> building mtc-server and the load generator (release)"
swift build -c release --product mtc-server
(cd Benchmarks && swift build -c release --product LoadGenerator)
server="$(swift build -c release --show-bin-path)/mtc-server"
generator="$(cd Benchmarks && swift build -c release --show-bin-path)/LoadGenerator"

data="$(mktemp -d "${TMPDIR:-/tmp}/mtc-loadtest.XXXXXX")"
# A random port nobody answers on (bash's /dev/tcp connects; refused means free).
while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
base="http://127.0.0.1:$port"
export MTC_DATABASE="$data/mtc-server.sqlite"
export MTC_HOST=127.0.0.1
export MTC_PORT="$port"
export MTC_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export MTC_INTERNAL_TOKEN="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export MTC_LOG_LEVEL="${MTC_LOG_LEVEL:-info}"

server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    if [[ "${LOADTEST_KEEP:-0}" == 1 ]]; then echo "==> data kept in $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT

api_key="$("$server" apikey create --name loadtest)"
admin_token="$("$server" token create --role admin --hours 1)"

"$server" serve 2>"$data/server.log" &
server_pid=$!
for _ in $(seq 300); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "mtc-server exited; its log:"; cat "$data/server.log"; exit 1; }
    sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { echo "mtc-server did not answer /healthz within 30 s"; exit 1; }

machine="$(curl -fsS -X POST "$base/api/v1/machines" \
    -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"externalId":"loadtest-1","name":"Load test machine","source":{"kind":"none"}}' \
    | grep -o '"id" *: *"[0-9a-fA-F-]\{36\}"' | head -1 | grep -o '[0-9a-fA-F-]\{36\}')"

echo "==> mtc-server pid $server_pid on $base, data in $data, machine $machine"
echo "==> $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
MTC_LOADTEST_API_KEY="$api_key" MTC_LOADTEST_INTERNAL_TOKEN="$MTC_INTERNAL_TOKEN" \
    "$generator" --url "$base" --machine "$machine" "$@"
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg); server RSS $(ps -o rss= -p "$server_pid" | tr -d ' ') KiB"

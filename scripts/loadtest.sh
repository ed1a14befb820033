#!/usr/bin/env bash
# Load test of mtc-server: builds the server and the load generator in release, starts the
# server on a free loopback port with a fresh SQLite file, creates an API key, an admin token
# and a machine, runs the scenarios and stops the server.
#
#   scripts/loadtest.sh                                  # event, replay, ingest at 1,000 req/s, 20 s each
#   scripts/loadtest.sh --rate 500 --duration 60
#   scripts/loadtest.sh --concurrency 32 --duration 10   # maximum throughput, closed loop
#   scripts/loadtest.sh --scenarios ingest --batch-size 100 --markdown
#   scripts/loadtest.sh --peers --concurrency 32 --duration 10 --scenarios event
#
# --peers (this script's own flag) also measures, in the same run and under the same load:
# the C floor (Benchmarks/peers/sqlite_floor.c: the server's statements on one bare SQLite
# connection) and the FastAPI + SQLite peer of POST /api/ext/event
# (Benchmarks/peers/fastapi_peer.py; needs python3 with venv, its packages are installed into
# .build/loadtest-venv from PyPI the first time).
#
# Arguments go to the load generator (`--help` lists them). The server inherits the
# environment, so any MTC_* setting (e.g. a rate limit) can be set for the run;
# MTC_LOG_LEVEL defaults to info, as in production. Set LOADTEST_KEEP=1 to keep the data
# directory (database and server log). Set LOADTEST_PERF=FILE to record the server with
# `perf record -g` (linux-perf) while the generator runs; `perf report -i FILE` reads it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

peers=0
arguments=()
for argument in "$@"; do
    if [[ "$argument" == --peers ]]; then peers=1; else arguments+=("$argument"); fi
done
set -- "${arguments[@]+"${arguments[@]}"}"

echo "==> building mtc-server and the load generator (release)"
swift build -c release --product mtc-server
(cd Benchmarks && swift build -c release --product LoadGenerator)
server="$(swift build -c release --show-bin-path)/mtc-server"
generator="$(cd Benchmarks && swift build -c release --show-bin-path)/LoadGenerator"

data="$(mktemp -d "${TMPDIR:-/tmp}/mtc-loadtest.XXXXXX")"
# A random port nobody answers on (bash's /dev/tcp connects; refused means free).
free_port() {
    local candidate
    while :; do
        candidate=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null || { echo "$candidate"; return; }
    done
}
port="$(free_port)"
base="http://127.0.0.1:$port"
export MTC_DATABASE="$data/mtc-server.sqlite"
export MTC_HOST=127.0.0.1
export MTC_PORT="$port"
export MTC_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export MTC_INTERNAL_TOKEN="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export MTC_LOG_LEVEL="${MTC_LOG_LEVEL:-info}"

server_pid=""
peer_pid=""
cleanup() {
    if [[ -n "$peer_pid" ]] && kill -0 "$peer_pid" 2>/dev/null; then kill -TERM "$peer_pid"; wait "$peer_pid" 2>/dev/null || true; fi
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
# CPU seconds (user + system) a process has used, from /proc/PID/stat.
cpu_seconds() {
    awk -v ticks="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / ticks }' "/proc/$1/stat"
}
cpu_before="$(cpu_seconds "$server_pid")"
perf_pid=""
if [[ -n "${LOADTEST_PERF:-}" ]]; then
    command -v perf >/dev/null || { echo "LOADTEST_PERF needs perf (apt-get install linux-perf)"; exit 1; }
    perf record -g -o "$LOADTEST_PERF" -p "$server_pid" 2>"$data/perf.log" &
    perf_pid=$!
fi
MTC_LOADTEST_API_KEY="$api_key" MTC_LOADTEST_INTERNAL_TOKEN="$MTC_INTERNAL_TOKEN" \
    "$generator" --url "$base" --machine "$machine" "$@"
if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; fi
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg); server RSS $(ps -o rss= -p "$server_pid" | tr -d ' ') KiB;" \
    "server CPU $(awk -v a="$cpu_before" -v b="$(cpu_seconds "$server_pid")" 'BEGIN { printf "%.1f", b - a }') s"

[[ "$peers" == 1 ]] || exit 0

echo "==> the C floor: the server's statements on one bare SQLite connection"
cc -O2 -o "$data/sqlite_floor" Benchmarks/peers/sqlite_floor.c -lsqlite3
"$data/sqlite_floor" "$data" 5

venv=".build/loadtest-venv"
if [[ ! -x "$venv/bin/uvicorn" ]]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q fastapi uvicorn || {
        echo "==> FastAPI peer skipped: python3 -m venv or pip install fastapi uvicorn failed"
        exit 0
    }
fi
peer_port="$(free_port)"
peer_key="peer-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
(cd Benchmarks/peers && MTC_PEER_DATABASE="$data/peer.sqlite" MTC_PEER_API_KEY="$peer_key" \
    exec "../../$venv/bin/uvicorn" fastapi_peer:app --host 127.0.0.1 --port "$peer_port" --no-access-log --log-level warning) &
peer_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$peer_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
peer_cpu_before="$(cpu_seconds "$peer_pid")"
echo "==> FastAPI + SQLite peer pid $peer_pid on http://127.0.0.1:$peer_port (the ext event scenario only)"
MTC_LOADTEST_API_KEY="$peer_key" MTC_LOADTEST_INTERNAL_TOKEN=unused \
    "$generator" --url "http://127.0.0.1:$peer_port" --machine loadtest-1 "$@" --scenarios event
echo "==> peer RSS $(ps -o rss= -p "$peer_pid" | tr -d ' ') KiB;" \
    "peer CPU $(awk -v a="$peer_cpu_before" -v b="$(cpu_seconds "$peer_pid")" 'BEGIN { printf "%.1f", b - a }') s"

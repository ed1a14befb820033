#!/usr/bin/env bash
# Property tests of the served OpenAPI document: starts a debug mtc-server on a free loopback
# port with a fresh database, gives schemathesis an admin token, an API key and the internal
# token, and runs every check over every operation. Machine sources are restricted to loopback
# (MTC_SOURCE_HOSTS), so the machines schemathesis creates never make the server dial out.
#
#   scripts/schemathesis.sh [--max-examples N] [--time SECONDS] [extra schemathesis args]
#
# Bounded: the run is stopped after --time seconds (default 600) and counts as failed then.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

max_examples=30
time_limit=600
extra=()
while (($#)); do
    case "$1" in
        --max-examples) max_examples="$2"; shift 2 ;;
        --time) time_limit="$2"; shift 2 ;;
        *) extra+=("$1"); shift ;;
    esac
done

version="4.32.5"
venv=".build-tools/schemathesis-$version"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    echo "==> installing schemathesis $version into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

swift build --product mtc-server
server="$(swift build --show-bin-path)/mtc-server"
work="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export MTC_HOST=127.0.0.1 MTC_PORT="$port" MTC_DATABASE="$work/st.sqlite"
export MTC_JWT_SECRET="schemathesis-secret-0123456789-abcdefghij"
export MTC_INTERNAL_TOKEN="schemathesis-internal-token"
export MTC_SOURCE_HOSTS="127.0.0.0/8,::1"
export MTC_RATE_LIMIT=0 MTC_LOG_LEVEL=warning

export MTC_ST_JWT="$("$server" token create --role admin --hours 2)"
export MTC_ST_API_KEY="$("$server" apikey create --name schemathesis)"
export MTC_ST_INTERNAL_TOKEN="$MTC_INTERNAL_TOKEN"

"$server" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null

seed="${MTC_ST_SEED:-$RANDOM$RANDOM}"
echo "==> schemathesis against 127.0.0.1:$port, seed $seed (MTC_ST_SEED=$seed to repeat), at most ${time_limit}s"
status=0
# From the scratch folder: schemathesis keeps its caches in the working directory.
root="$PWD"
config="$root/scripts/schemathesis/schemathesis.toml"
(cd "$work" && timeout --signal=INT "$time_limit" "$root/$venv/bin/schemathesis" \
    --config-file "$config" \
    run "http://127.0.0.1:$port/openapi.yaml" \
    --url "http://127.0.0.1:$port" \
    --max-examples "$max_examples" --seed "$seed" --workers 2 --generation-database none \
    --no-color "${extra[@]}") || status=$?
if ! kill -0 "$pid" 2>/dev/null; then
    echo "mtc-server died during the run:"; tail -50 "$work/server.log"; exit 1
fi
if grep -q '"level":"error"\|"level":"critical"' "$work/server.log"; then
    echo "mtc-server logged errors during the run:"; grep '"level":"error"\|"level":"critical"' "$work/server.log" | head -20
    status=1
fi
exit "$status"

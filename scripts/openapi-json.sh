#!/usr/bin/env bash
# Writes the server's /openapi.json (Sources/ReferenceServer/Resources/openapi.json) from the
# contract's source of truth, Sources/MTConnectCoreAPI/openapi.yaml. Run it after editing the
# YAML; `--check` (run by CI) fails when the JSON is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

source_file=Sources/MTConnectCoreAPI/openapi.yaml
target=Sources/ReferenceServer/Resources/openapi.json
fresh="$(python3 - "$source_file" <<'PY'
import json, sys, yaml
with open(sys.argv[1], encoding="utf-8") as handle:
    document = yaml.safe_load(handle)
print(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False, default=lambda value: value.isoformat()))
PY
)"
if [[ "${1:-}" == "--check" ]]; then
    if [[ "$fresh" != "$(cat "$target")" ]]; then
        echo "$target is stale: run scripts/openapi-json.sh after changing $source_file" >&2
        exit 1
    fi
    echo "$target matches $source_file"
else
    printf '%s\n' "$fresh" > "$target"
    echo "wrote $target"
fi

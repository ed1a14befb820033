#!/usr/bin/env bash
# Builds the fuzz targets of Fuzz/ with libFuzzer and AddressSanitizer and runs each for a
# bounded time on its corpus in Tests/FuzzCorpus/<target>/, where new inputs are kept.
#
#   scripts/fuzz.sh [--time SECONDS] [--extra-corpus DIR] [--skip-build] [--debug] [TARGET...]
#   (--debug: an unoptimised build, about half the build time and a fraction of the speed; CI)
#   scripts/fuzz.sh --merge [TARGET...]      # minimise the committed corpus in place
#
# Prints one line per target with libFuzzer's executions, exec/s, cov and ft. Exits non-zero
# when a target finds a crash, a violated property, a leak, a timeout (-timeout) or a memory
# blow-up (-rss_limit_mb); the input is left under .build-fuzz/<target>/artifacts/ and its
# path printed. --extra-corpus reads more seeds (e.g. ../shared/corpus/mtconnect) but then
# keeps new inputs under .build-fuzz/<target>/corpus/, never in Tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
mtc_bootstrap

all_targets=(FuzzXMLReader FuzzSHDR FuzzMultipart FuzzFingerprint FuzzExtBody FuzzIngestBody)
seconds=60
merge=0
skip_build=0
configuration=release
extra=""
targets=()
while (($#)); do
    case "$1" in
        --time) seconds="$2"; shift 2 ;;
        --merge) merge=1; shift ;;
        --skip-build) skip_build=1; shift ;;
        --debug) configuration=debug; shift ;;
        --extra-corpus) extra="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

dictionary() {
    case "$1" in
        FuzzXMLReader) echo Fuzz/Dictionaries/xml.dict ;;
        FuzzSHDR) echo Fuzz/Dictionaries/shdr.dict ;;
        *) echo Fuzz/Dictionaries/json.dict ;;
    esac
}

# Coverage instrumentation in the frontend only; Fuzz/Package.swift links libFuzzer.
build=(-c "$configuration" --package-path Fuzz -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer)
build_started=$SECONDS
((skip_build)) || swift build "${build[@]}"
bin="$(swift build "${build[@]}" --show-bin-path)"
((skip_build)) || echo "fuzz: built in $((SECONDS - build_started)) s"

# Swift's backtracer reads the crashed process's memory, which AddressSanitizer reports as a
# use-after-free instead of the real trap.
export SWIFT_BACKTRACE=enable=no
options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
failed=0
for target in "${targets[@]}"; do
    corpus="Tests/FuzzCorpus/$target"
    work=".build-fuzz/$target"
    mkdir -p "$corpus" "$work/artifacts"
    rm -f "$work"/artifacts/*
    if ((merge)); then
        # Minimise into a new folder, then replace everything but the named seeds and regressions.
        rm -rf "$work/merged" && mkdir -p "$work/merged"
        "$bin/$target" -merge=1 "${options[@]}" "$work/merged" "$corpus" > "$work/merge.log" 2>&1 \
            || { echo "fuzz: $target merge failed, see $work/merge.log"; failed=1; continue; }
        find "$corpus" -maxdepth 1 -type f ! -name 'seed-*' ! -name 'regression-*' -delete
        find "$work/merged" -maxdepth 1 -type f -exec mv -t "$corpus" {} +
        echo "fuzz: $target corpus $(find "$corpus" -type f | wc -l) files, $(du -sk --apparent-size "$corpus" | cut -f1) KiB"
        continue
    fi
    inputs=("$corpus")
    if [[ -n "$extra" ]]; then
        mkdir -p "$work/corpus"
        inputs=("$work/corpus" "$corpus" "$extra")
    fi
    log="$work/fuzz.log"
    status=0
    "$bin/$target" "${options[@]}" -max_total_time="$seconds" -dict="$(dictionary "$target")" \
        -artifact_prefix="$work/artifacts/" "${inputs[@]}" > "$log" 2>&1 || status=$?
    # The last status line ("#N DONE cov: C ft: F corp: …") and the final stats.
    summary="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$summary")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$summary")"
    files="$(find "$corpus" -type f | wc -l)"
    echo "fuzz: $target executions ${runs:-?} exec/s ${rate:-?} cov ${cov:-?} ft ${ft:-?} corpus $files files ($seconds s)"
    if ((status != 0)); then
        failed=1
        artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
        echo "fuzz: $target FAILED (exit $status); input: ${artifact:-none written}; log: $log"
        grep -E 'property violated|Fatal error|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)' "$log" | head -5 || true
    fi
done
exit $failed

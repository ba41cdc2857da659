#!/usr/bin/env bash
# Runs each fuzz target for a while: first on its known crash inputs (fuzz/regressions/<target>/),
# then from a copy of its seed corpus (fuzz/corpus/<target>/) for SECONDS. Exits 1 when any
# target crashes (a panic, a failed assertion, a sanitizer report, a timeout or running out of
# memory), 2 when the targets do not build, and 0 otherwise, also when no usable toolchain is
# present (it then prints a line starting with "skipped:").
#
#   fuzz/smoke.sh [SECONDS] [TARGET...]     # default: 60 s each, every target
#
# Environment:
#   FUZZ_SANITIZER   address (default) or none. Address needs a nightly toolchain, or stable
#                    with RUSTC_BOOTSTRAP=1 and its ASan runtime; when neither works the script
#                    falls back to none, which plain stable can build.
#   FUZZ_TOOLCHAIN   a rustup toolchain to use (e.g. nightly, stable); default: the default
#                    toolchain (the workspace's stable), with RUSTC_BOOTSTRAP=1 when the
#                    sanitizer needs it, else nightly when it is installed.
#   FUZZ_KEEP_GOING  1: go on fuzzing after a crash (libFuzzer -fork=1 -ignore_crashes=1), to
#                    count executions and collect every crash of a long run.
#   FUZZ_ARTIFACTS   where crash inputs are written (default fuzz/artifacts/<target>/).
#   FUZZ_JOBS        cargo build jobs (default 2).
#   FUZZ_TARGET_DIR  the cargo target directory of the fuzz builds (default
#                    $HOME/.cache/treaty-fuzz-target). An inherited CARGO_TARGET_DIR (.ci/run
#                    sets the workspace's) is not used: fuzz builds use other compiler flags.
#
# Nothing in the working tree changes but fuzz/artifacts/ (ignored by git): the corpora are
# copied to a temporary directory before libFuzzer adds to them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
[ $# -gt 0 ] && shift
all_targets=(untc_page untc_terms event_line import_records pipeline_spec)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
case $seconds in ''|*[!0-9]*) echo "smoke.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac

export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-${HOME:-/tmp}/.cache/treaty-fuzz-target}
sanitizer=${FUZZ_SANITIZER:-address}
triple=x86_64-unknown-linux-gnu

skip() {
    echo "skipped: $*"
    exit 0
}

# --- Is there a toolchain that can build the targets? ---------------------------------------

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || skip "fuzzing is set up for x86_64 Linux only (this is $(uname -s) $(uname -m))"
command -v cargo >/dev/null 2>&1 || skip "no cargo on PATH"
cargo fuzz --version >/dev/null 2>&1 || skip "cargo-fuzz is not installed (install it with: cargo install cargo-fuzz --locked)"
command -v c++ >/dev/null 2>&1 || skip "no C++ compiler (c++) to build libFuzzer"

probe_dir=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$probe_dir" "$work"' EXIT
printf 'fn main() {}\n' >"$probe_dir/probe.rs"

# probe TOOLCHAIN BOOTSTRAP SANITIZER: can this rustc build an instrumented binary?
probe() {
    local toolchain=$1 bootstrap=$2 san=$3 flags=()
    if [ -n "$toolchain" ]; then
        rustup run "$toolchain" rustc --version >/dev/null 2>&1 || return 1
    fi
    # Coverage instrumentation is stable; compile a library (nothing to link against yet).
    flags=(--crate-type=lib --emit=obj -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4)
    env ${bootstrap:+RUSTC_BOOTSTRAP=1} ${toolchain:+rustup run "$toolchain"} rustc --edition 2021 \
        --target "$triple" "${flags[@]}" "$probe_dir/probe.rs" -o "$probe_dir/probe.o" >/dev/null 2>&1 || return 1
    [ "$san" = none ] && return 0
    # The sanitizer needs -Z (nightly, or RUSTC_BOOTSTRAP=1) and its runtime in the sysroot.
    env ${bootstrap:+RUSTC_BOOTSTRAP=1} ${toolchain:+rustup run "$toolchain"} rustc --edition 2021 \
        --target "$triple" "-Zsanitizer=$san" "$probe_dir/probe.rs" -o "$probe_dir/probe" >/dev/null 2>&1 || return 1
    "$probe_dir/probe" >/dev/null 2>&1
}

toolchain=""
bootstrap=""
have_rustup=""
command -v rustup >/dev/null 2>&1 && have_rustup=1
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
    candidates=("$FUZZ_TOOLCHAIN")
elif [ -n "$have_rustup" ] && rustup run nightly rustc --version >/dev/null 2>&1; then
    # The default toolchain first (the workspace's compiler), then nightly.
    candidates=("" nightly)
else
    candidates=("")
fi
chosen=""
for san in "$sanitizer" none; do
    for tc in "${candidates[@]}"; do
        if probe "$tc" "" "$san"; then
            chosen=1; toolchain=$tc; bootstrap=""; sanitizer=$san; break 2
        fi
        if probe "$tc" 1 "$san"; then
            chosen=1; toolchain=$tc; bootstrap=1; sanitizer=$san; break 2
        fi
    done
    [ "$san" = none ] && break
    echo "smoke.sh: no toolchain builds with -Zsanitizer=$san (neither nightly nor stable with RUSTC_BOOTSTRAP=1); falling back to --sanitizer none"
done
[ -n "$chosen" ] || skip "no usable Rust toolchain: ${candidates[*]:-rustc} cannot build coverage-instrumented code for $triple"

cargo_fuzz=(cargo)
[ -n "$toolchain" ] && cargo_fuzz+=("+$toolchain")
cargo_fuzz+=(fuzz)
run_env=()
[ -n "$bootstrap" ] && run_env+=(RUSTC_BOOTSTRAP=1)
describe="${toolchain:-default toolchain}"
[ -n "$bootstrap" ] && describe="$describe with RUSTC_BOOTSTRAP=1"
describe="$describe, sanitizer $sanitizer"
echo "smoke.sh: $(env ${toolchain:+rustup run "$toolchain"} rustc --version), $describe, $seconds s per target"

# --- Build every target once -------------------------------------------------------------------

# Release with debug assertions and overflow checks (cargo fuzz's default; `-O` alone would
# turn them off).
build_flags=(--debug-assertions --sanitizer "$sanitizer" --target "$triple")
if ! (cd "$root" && env "${run_env[@]}" CARGO_BUILD_JOBS="${FUZZ_JOBS:-2}" "${cargo_fuzz[@]}" build "${build_flags[@]}"); then
    echo "smoke.sh: the fuzz targets do not build (see above)" >&2
    exit 2
fi
bin_dir="$CARGO_TARGET_DIR/$triple/release"

# --- Run each target ---------------------------------------------------------------------------

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_odr_violation=0}
failed=()
summary=()
for t in "${targets[@]}"; do
    bin="$bin_dir/$t"
    [ -x "$bin" ] || { echo "smoke.sh: no target $t (have: ${all_targets[*]})" >&2; exit 2; }
    artifacts=${FUZZ_ARTIFACTS:-$here/artifacts}/$t
    mkdir -p "$artifacts"
    common=(-artifact_prefix="$artifacts/" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1)
    # Per target: the longest input the fuzzer makes (the page seeds are 7 to 20 kB).
    case $t in
        untc_page) extra=(-max_len=32768) ;;
        untc_terms) extra=(-max_len=16384) ;;
        *) extra=() ;;
    esac

    # Known crash inputs first: each must now run clean.
    if [ -d "$here/regressions/$t" ] && [ -n "$(ls -A "$here/regressions/$t")" ]; then
        echo "== $t: replaying fuzz/regressions/$t/"
        # The page regressions are replayed through reconcile too (as the crate test does).
        if ! TREATY_FUZZ_RECONCILE=1 "$bin" "${common[@]}" "$here/regressions/$t"/* >"$work/$t.replay.log" 2>&1; then
            grep -E "panicked at|^SUMMARY|ERROR: libFuzzer|Test unit written|Running: " "$work/$t.replay.log" | tail -8 || true
            failed+=("$t (fuzz/regressions/$t/)")
            summary+=("$t: an input of fuzz/regressions/$t/ crashes (log: ${artifacts#"$root"/}/replay.log)")
            cp "$work/$t.replay.log" "$artifacts/replay.log"
        fi
    fi

    corpus="$work/corpus-$t"
    mkdir -p "$corpus"
    cp -R "$here/corpus/$t/." "$corpus/"
    keep=()
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    echo "== $t: fuzzing for $seconds s from $(ls "$corpus" | wc -l) seeds"
    log="$work/$t.log"
    ls "$artifacts" >"$work/$t.before" 2>/dev/null || true
    set +e
    "$bin" "${common[@]}" "${extra[@]}" "${keep[@]}" -max_total_time="$seconds" "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    ls "$artifacts" >"$work/$t.after" 2>/dev/null || true
    new=$(comm -13 <(sort "$work/$t.before") <(sort "$work/$t.after") | grep -E '^(crash|timeout|oom|leak)-' || true)
    runs=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
    [ -n "$runs" ] || runs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | awk '{print $2}' || true)
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
    line="$t: ${runs:-?} executions in $seconds s, coverage ${cov:-?} edges"
    if [ $rc -ne 0 ] || [ -n "$new" ]; then
        grep -E "panicked at|^SUMMARY|ERROR: libFuzzer|Test unit written|^==[0-9]+==ERROR" "$log" | sort | uniq -c | sort -rn | head -12 || true
        failed+=("$t")
        line="$line: CRASH (exit $rc; new inputs in ${artifacts#"$root"/}/: $(echo $new))"
    else
        line="$line: ok"
    fi
    summary+=("$line")
    cp "$log" "$artifacts/last-run.log"
done

echo
echo "== summary ($describe)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "smoke.sh: crashed: ${failed[*]}; the inputs are in ${FUZZ_ARTIFACTS:-$here/artifacts}/<target>/ (fuzz/README.md: replay, minimise, add to fuzz/regressions/)" >&2
    exit 1
fi

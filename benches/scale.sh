#!/usr/bin/env bash
# The scale benchmark (issue "Scale", docs/PERFORMANCE.md): generates synthetic, valid event
# logs of 10k, 100k and 1M events, checks each with `treaty verify` and the independent
# tests/interop/verify_chain.py, then times every command on them with release builds.
#
#   benches/scale.sh                     # 10000 100000 1000000 events, 3 runs each
#   benches/scale.sh 100000              # one size
#   RUNS=5 benches/scale.sh 10000 100000
#   TREATY_BIN=/path/to/an/older/treaty benches/scale.sh   # measure another build of treaty
#                                      (with SYNTH_BIN too, nothing is built)
#
# Logs are kept in $SCALE_DIR (default ${TMPDIR:-/tmp}/treaty-scale) between runs; a size is
# generated again only when its log is missing. Figures are the median of $RUNS runs: wall
# seconds, and for verify and build the peak resident memory. Results are printed as a
# Markdown table and written to $SCALE_DIR/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/treaty-target}"
runs="${RUNS:-3}"
work="${SCALE_DIR:-${TMPDIR:-/tmp}/treaty-scale}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
# A fixed "now" after the synthetic events were recorded: same inputs, same outputs.
export TREATY_NOW=2026-11-30T12:00:00Z
export NO_COLOR=1

if [ ! -x /usr/bin/time ]; then
  echo "benches/scale.sh needs GNU time (/usr/bin/time; Debian package 'time')" >&2
  exit 2
fi

if [ -z "${TREATY_BIN:-}" ] || [ -z "${SYNTH_BIN:-}" ]; then
  echo "== building treaty and treaty-synth (release)" >&2
  cargo build --release --locked -q -p treaty-cli -p treaty-synth
fi
treaty="${TREATY_BIN:-$CARGO_TARGET_DIR/release/treaty}"
synth="${SYNTH_BIN:-$CARGO_TARGET_DIR/release/treaty-synth}"

mkdir -p "$work"
scratch="$work/scratch"

# measure NAME CMD...: runs CMD once, appends "wall rss_kib" to $work/times/NAME; fails loudly
# if CMD fails.
measure() {
  local name="$1"; shift
  local out="$work/times/$name"
  mkdir -p "$work/times"
  if ! /usr/bin/time -f "%e %M" -o "$out.one" "$@" >"$work/last.out" 2>"$work/last.err"; then
    echo "failed: $name: $*" >&2
    tail -20 "$work/last.err" >&2
    exit 1
  fi
  cat "$out.one" >>"$out"
}

# median NAME FIELD: the median of a field (1 wall, 2 rss) of NAME's runs.
median() {
  awk -v f="$2" '{print $f}' "$work/times/$1" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# fresh: a copy of the log of size $1 in $scratch, as a new clone would have it (no cache).
fresh() {
  rm -rf "$scratch"
  mkdir -p "$scratch"
  cp -r "$work/$1/events" "$scratch/events"
  # A clone's files were written long before an append: let the copy reach the disk first, or
  # the append's fsync waits for the whole copy's writeback.
  sync
}

rm -rf "$work/times"
for n in "${sizes[@]}"; do
  dir="$work/$n"
  if [ ! -f "$dir/done" ]; then
    echo "== generating $n events in $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    "$synth" --events "$n" --out "$dir/events" --extras "$dir"
    echo "== checking the generated log: treaty verify, verify_chain.py" >&2
    "$treaty" --events "$dir/events" verify >/dev/null
    python3 tests/interop/verify_chain.py "$dir/events" >&2
    touch "$dir/done"
  fi
  mapfile -t append1 <"$dir/append-1.args"
  mapfile -t append2 <"$dir/append-2.args"
  for r in $(seq "$runs"); do
    echo "== $n events, run $r of $runs" >&2
    measure "$n.verify" "$treaty" --events "$dir/events" verify
    rm -rf "$work/out"
    measure "$n.build" "$treaty" --events "$dir/events" build --out "$work/out"
    measure "$n.status" "$treaty" --events "$dir/events" status --treaty op-icescr --as-of 2026-01-01
    measure "$n.summary" "$treaty" --events "$dir/events" summary --treaty op-icescr --as-of 2026-01-01
    # Appends and imports on a copy: the first append in a fresh clone has no index yet.
    fresh "$n"
    measure "$n.append-cold" "$treaty" --events "$scratch/events" append "${append1[@]}"
    measure "$n.append" "$treaty" --events "$scratch/events" append "${append2[@]}"
    measure "$n.import" "$treaty" --events "$scratch/events" import "$dir/import.ndjson"
    fresh "$n"
    measure "$n.import-cold" "$treaty" --events "$scratch/events" import "$dir/import.ndjson"
  done
done
rm -rf "$scratch" "$work/out"

{
  echo "Release build, median of $runs runs; wall seconds (peak RSS in MiB). $(nproc) cores, $(date -u +%Y-%m-%d)."
  echo
  echo "| events | verify | build | status (one treaty) | summary (one treaty) | append one event (cold / with index) | import 1,000 (cold / with index) |"
  echo "|---|---|---|---|---|---|---|"
  for n in "${sizes[@]}"; do
    mib() { awk -v k="$(median "$1" 2)" 'BEGIN {printf "%d", k / 1024}'; }
    printf '| %s | %s s (%s MiB) | %s s (%s MiB) | %s s | %s s | %s s / %s s | %s s / %s s |\n' \
      "$n" "$(median "$n.verify" 1)" "$(mib "$n.verify")" "$(median "$n.build" 1)" "$(mib "$n.build")" \
      "$(median "$n.status" 1)" "$(median "$n.summary" 1)" \
      "$(median "$n.append-cold" 1)" "$(median "$n.append" 1)" \
      "$(median "$n.import-cold" 1)" "$(median "$n.import" 1)"
  done
} | tee "$work/results.md"

#!/usr/bin/env bash
# Whole-program figures for copydesk in one run, each with its ratio to benches/baseline.json
# and the target of issue #9:
#   --check throughput (MB/s, words/s; one thread and all threads) on a generated 10 MB corpus
#   of articles, time for 1x (1 MB) and 10x (10 MB) input, start-up on an empty file;
#   the language server over stdio (debounce 0): keystroke -> publishDiagnostics p50/p99 on
#   1k/5k/20k-word articles, first diagnostics after didOpen of 20k words, RSS with 100 open
#   2k-word articles.
# Usage: scripts/bench.sh                  release build; print figures and ratios (~3 min)
#        scripts/bench.sh --save-baseline  also write them to benches/baseline.json
#        scripts/bench.sh --quick          a tenth of the input, few samples (smoke run)
#        scripts/bench.sh --quick --debug  the same on the debug build (what CI runs)
# Measure on a quiet machine (or under `nice -n 10` on a shared one): figures are wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
args=()
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug ;;
    *) args+=("$arg") ;;
  esac
done
if [[ $profile == release ]]; then
  cargo build --release --locked --quiet
else
  cargo build --locked --quiet
fi
exec python3 scripts/bench.py --binary "target/$profile/copydesk" "${args[@]}"

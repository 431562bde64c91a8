#!/usr/bin/env bash
# Whole-program figures for copydesk, compared with benches/baseline.json:
#   --check throughput (MB/s, words/s) on a generated 10 MB corpus, one thread and all threads,
#   time for 1x (1 MB) and 10x (10 MB) input, start-up time on an empty file.
# Usage: scripts/bench.sh            print figures and their ratio to the baseline
#        scripts/bench.sh --save     also write them as the new baseline
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 scripts/bench.py "$@"

#!/usr/bin/env bash
# Whole-program figures for copydesk in one run, each with its ratio to benches/baseline.json
# and the target of issue #9:
#   --check throughput (MB/s, words/s; one thread and all threads) on a generated 10 MB corpus
#   of articles, time for 1x (1 MB) and 10x (10 MB) input, start-up on an empty file and on
#   one sentence (which compiles the rule data);
#   the language server over stdio (debounce 0): keystroke -> publishDiagnostics p50/p99 on
#   1k/5k/20k-word articles, initialize, first diagnostics after didOpen of 20k words (in a
#   fresh server, and warm), RSS with 100 open 2k-word articles.
# Usage: scripts/bench.sh                  release build; print figures and ratios (~8 min)
#        scripts/bench.sh --save-baseline  also write them to benches/baseline.json
#        scripts/bench.sh --quick          a tenth of the input, few samples (~1 min smoke run)
# Figures are wall time: measure on a quiet machine, or under `nice -n 10` on a shared one.
# Not in CI: on a debug build even --quick takes minutes (the 20k-word keystrokes and the
# 1 MB check), and the protocol itself is tested by tests/lsp_server.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 scripts/bench.py --binary target/release/copydesk "$@"

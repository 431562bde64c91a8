#!/usr/bin/env bash
# The scale-out path of docs/scaling.md, end to end on one machine: the corpus copied N times
# and dealt into K shards, then
#   1. copydesk index SHARD -o SHARD.json                           (one job per shard)
#   2. copydesk index --merge *.json -o merged.json                  (one small job)
#   3. copydesk --check --format jsonl --names-index merged.json SHARD   (one job per shard)
# and the shards' JSON lines, concatenated, compared byte for byte with one run over all.
# Usage: scripts/shard-demo.sh [COPIES [SHARDS]]     (default 100 copies, 4 shards)
#        COPYDESK=path/to/copydesk scripts/shard-demo.sh   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-100}
shards=${2:-4}
if [[ -z ${COPYDESK:-} ]]; then
  cargo build --release --locked --quiet
  COPYDESK=$PWD/target/release/copydesk
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus, N times over, dealt round-robin into shard-0 … shard-(K-1).
n=0
for copy in $(seq -w 1 "$copies"); do
  for article in corpus/*.md corpus/*.txt; do
    [[ $(basename "$article") == README.md ]] && continue
    mkdir -p "$work/shard-$((n % shards))"
    cp "$article" "$work/shard-$((n % shards))/$copy-$(basename "$article")"
    n=$((n + 1))
  done
done
cd "$work"
echo "$n articles, $(cat shard-*/* | wc -c | awk '{printf "%.1f", $1 / 1e6}') MB, $(cat shard-*/* | wc -w) words, in $shards shards"

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.2f s", b - a }'; }
# --check exits 1 when it finds something; only 2 is a failure.
check() { "$COPYDESK" --check --format jsonl "$@" || [[ $? == 1 ]]; }

mkdir -p index out
for shard in shard-*; do
  start=$(seconds)
  "$COPYDESK" index "$shard" -o "index/$shard.json"
  echo "index  $shard: $(elapsed "$start"), $(du -k "index/$shard.json" | cut -f1) KB"
done

start=$(seconds)
"$COPYDESK" index --merge index/shard-*.json -o merged.json
echo "merge  $shards indexes: $(elapsed "$start"), merged.json $(du -k merged.json | cut -f1) KB"

for shard in shard-*; do
  start=$(seconds)
  check --names-index merged.json "$shard" > "out/$shard.jsonl"
  echo "check  $shard: $(elapsed "$start"), $(wc -l < "out/$shard.jsonl") files"
done

start=$(seconds)
check shard-* > one-run.jsonl
echo "one run over every shard: $(elapsed "$start")"

if cat out/shard-*.jsonl | cmp -s - one-run.jsonl; then
  echo "equal: the $shards sharded runs print byte for byte what one run prints ($(wc -l < one-run.jsonl) files, $(grep -o '"rule"' one-run.jsonl | wc -l) findings)"
else
  echo "DIFFERENT: the sharded runs disagree with one run" >&2
  exit 1
fi

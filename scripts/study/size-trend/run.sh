#!/usr/bin/env bash
# The pre-registered size-trend study (docs/reproduction.md, "Pre-registered: does the speedup grow with size?"):
# S and M(E=10) at d = 128 and 256, two seeds, one run at a time at the lowest priority. Resumes: a run whose curve
# CSV already exists is skipped. OSC names the built osc (default: the Release build of src/OrleansScaling.Cli).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OSC="${OSC:-src/OrleansScaling.Cli/bin/Release/net10.0/linux-x64/osc}"
OUT=docs/data/size-trend
SCRATCH="${SCRATCH:-${TMPDIR:-/tmp}/size-trend-runs}"
mkdir -p "$OUT" "$SCRATCH"
for seed in 1 2; do
  for d in 128 256; do
    for epochs in 1 10; do
      regime=$([ "$epochs" = 1 ] && echo S || echo "M(E=10)")
      key="d${d}-L4-${regime}-seed${seed}"
      csv="$OUT/$key.csv"
      if [ -f "$csv" ]; then echo "skip $key (curve exists)"; continue; fi
      echo "$(date -u +%H:%M:%S) start $key"
      nice -n 19 "$OSC" train --d-model "$d" --layers 4 --heads $((d / 64)) --context 128 --batch 8 --iterations 400 \
        --epochs "$epochs" --dropout 0 --seed "$seed" --lr 1e-3 --warmup 50 --tokenizer bpe2k --corpus bundled \
        --evaluations 40 --eval-batches 16 --checkpoint-every 100 --no-progress --json \
        --out "$SCRATCH/$key" > "$OUT/$key.json"
      cp "$SCRATCH/$key/curve.csv" "$csv.tmp" && mv "$csv.tmp" "$csv"
      echo "$(date -u +%H:%M:%S) done $key"
    done
  done
done

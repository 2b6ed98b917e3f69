#!/usr/bin/env bash
# Applies the pre-registered decision rule of the size-trend study (docs/reproduction.md) to the curves in
# docs/data/size-trend/: per size, the mean speedup of S over M(E=10) over the seeds present, with its 95% interval
# (2,000 resamples, seed 1), then the verdict. A size with a seed missing is reported, and then no claim is made.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OSC="${OSC:-src/OrleansScaling.Cli/bin/Release/net10.0/linux-x64/osc}"
DATA=docs/data/size-trend
declare -A lo hi
complete=yes
for d in 128 256; do
  args=()
  for seed in 1 2; do
    s="$DATA/d${d}-L4-S-seed${seed}.csv"; m="$DATA/d${d}-L4-M(E=10)-seed${seed}.csv"
    if [ -f "$s" ] && [ -f "$m" ]; then args+=(--s "$s" --m "$m"); else complete=no; echo "d=$d seed $seed: missing"; fi
  done
  [ ${#args[@]} -eq 0 ] && continue
  echo "== d=$d"
  "$OSC" analyze speedup "${args[@]}" --bootstrap 2000 --seed 1
  read -r lo[$d] hi[$d] < <("$OSC" analyze speedup "${args[@]}" --bootstrap 2000 --seed 1 --json | python3 -c 'import json,sys; i=json.load(sys.stdin)["speedupInterval"]; print(i[0], i[1])')
done
if [ "$complete" != yes ]; then echo "verdict: no claim (runs missing; the rule needs both seeds of both sizes)"; exit 0; fi
python3 - "${lo[128]}" "${hi[128]}" "${lo[256]}" "${hi[256]}" <<'PY'
import sys
lo_s, hi_s, lo_l, hi_l = (float(x) for x in sys.argv[1:])
if hi_s < lo_l: print("verdict: the speedup grows with size (intervals apart, d=256 higher)")
elif hi_l < lo_s: print("verdict: the speedup shrinks with size (intervals apart, d=256 lower)")
else: print("verdict: no size trend can be claimed at this scale (the intervals overlap)")
PY

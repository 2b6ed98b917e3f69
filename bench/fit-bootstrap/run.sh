#!/usr/bin/env bash
# Benchmark: a 200-resample bootstrap of the parametric fit on 240 runs (goal: under 60 s on the 2-core machine).
# Usage: bench/fit-bootstrap/run.sh [RESAMPLES]   (default 200; run on a quiet machine; docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
RESAMPLES="${1:-200}"
dotnet build src/OrleansScaling.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
OSC=src/OrleansScaling.Cli/bin/Release/net10.0/linux-x64/osc
start=$(date +%s.%N)
"$OSC" analyze fit --points bench/fit-bootstrap/points-240.csv --budget 1e21 --bootstrap "$RESAMPLES" --seed 1 > /tmp/fit-bootstrap-bench.txt
end=$(date +%s.%N)
cat /tmp/fit-bootstrap-bench.txt
echo "wall: $(echo "$end - $start" | bc) s for the full fit (4,500 starts) and $RESAMPLES resamples of 240 runs"

#!/usr/bin/env bash
# Engine throughput benchmark: this engine (TorchSharp) against the identical model in PyTorch, side by side.
# Each round runs every configuration once in each engine, alternating, one process per measurement (so peak RSS
# is that configuration's). Both engines get one thread: torch.set_num_threads(1) and OMP/OpenBLAS/MKL at 1.
# Needs Debian's python3-torch and libopenblas0-pthread (see docs/benchmarks.md); uses /usr/bin/python3.
# Usage: bench/engine/run.sh [ROUNDS=3] [STEPS=8]   Results: one JSON line per measurement, then a summary table.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
steps=${2:-8}
configs=("128 4 4 128 32" "256 4 4 128 16")

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# OpenBLAS 0.3.21 (Debian 12) does not know newer Xeons (e.g. model 207) and falls back to its generic "Prescott"
# SSE3 kernels, about 3x slower; name the AVX-512 kernels it does have unless the caller chose a core type.
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-SkylakeX}

dotnet build bench/OrleansScaling.Bench.Engine -c Release -nologo -clp:ErrorsOnly >/dev/null
engine=bench/OrleansScaling.Bench.Engine/bin/Release/net10.0/linux-x64/bench-engine
results=$(mktemp)
trap 'rm -f "$results"' EXIT

echo "# $(date -u +%FT%TZ) $(nproc --all) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "# $(/usr/bin/python3 -c 'import ctypes;b=ctypes.CDLL("libopenblas.so.0");b.openblas_get_corename.restype=ctypes.c_char_p;print("OpenBLAS core:",b.openblas_get_corename().decode())')" >&2
for round in $(seq "$rounds"); do
  for config in "${configs[@]}"; do
    # shellcheck disable=SC2086
    "$engine" $config "$steps" 1 2 | tee -a "$results"
    # shellcheck disable=SC2086
    /usr/bin/python3 bench/engine/reference_gpt.py $config "$steps" 1 2 | tee -a "$results"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
/usr/bin/python3 bench/engine/summarize.py < "$results"

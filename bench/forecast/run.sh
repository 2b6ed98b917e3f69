#!/usr/bin/env bash
# Benchmark: replay every finished curve under docs/data (or DATA) cut at 20%, 30% and 50% of its iterations and score
# the final-loss forecast (APE median/mean/p90, 95% coverage), per cut and group; --calibrate prints the κ the
# calibration half needs. Usage: bench/forecast/run.sh [DATA=docs/data] [RESAMPLES=200] [--calibrate] [--cases]
# [--tsv=FILE] [--time]
# (docs/benchmarks.md, "Forecasts").
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/OrleansScaling.Bench.Forecast -c Release -nologo -clp:ErrorsOnly >/dev/null
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench/OrleansScaling.Bench.Forecast/bin/Release/net10.0/linux-x64/bench-forecast "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Reproduces "One Epoch Is All You Need" at CPU scale with the project's own commands (docs/reproduction.md):
# starts a private local silo, runs every sweep file of a study (`osc sweep launch FILE --wait`), exports each
# experiment (`osc export`), prints the paper's analyses of the first size (`osc analyze`), and redraws the
# figures and tables (`osc report`). Raw curves land in docs/data/STUDY/, figures and tables.md in
# docs/data/STUDY/figures/.
#
# Usage: scripts/reproduce.sh [default|bytes|pilot [SWEEP ...]]   (default: scripts/study/default, 53 min of training on
#   2 quiet cores; bytes: its comparison with byte tokens, 12 min)
#   SWEEP: names of sweep files of the study (e.g. isoflop-b) to run only those; the other exports are kept.
# Environment: SLOTS (runs trained at once, 1 thread each; default: one per core), REPRO_PORT_BASE (default 37000).
set -euo pipefail
cd "$(dirname "$0")/.."

study="${1:-default}"
shift || true
sweeps="scripts/study/$study"
[ -d "$sweeps" ] || { echo "reproduce.sh: no study '$study': choose one of $(ls scripts/study | tr '\n' ' ')" >&2; exit 2; }
data="docs/data/$study"
slots="${SLOTS:-$(nproc)}"
port="${REPRO_PORT_BASE:-37000}"
work="$(mktemp -d)"

# A private silo: its own ports, cluster id and data folder, so it neither joins nor disturbs another local silo.
export OrleansScaling__ClusterId="repro-$$" OrleansScaling__ServiceId="repro-$$" OrleansScaling__DataDirectory="$work/silo"
export OrleansScaling__SiloPort="$((port + 1))" OrleansScaling__GatewayPort="$((port + 2))"
export OrleansScaling__Workers__CpuSlots="$slots" OrleansScaling__Workers__ThreadsPerRun=1 OrleansScaling__ConnectTimeoutSeconds=60

echo "==> building osc and the silo"
dotnet build src/OrleansScaling.Cli -nologo -clp:ErrorsOnly -v quiet
dotnet build silo -nologo -clp:ErrorsOnly -v quiet
osc() { dotnet src/OrleansScaling.Cli/bin/Debug/net10.0/linux-x64/osc.dll "$@"; }

echo "==> starting a local silo ($slots worker slot(s), log $work/silo.log)"
dotnet silo/bin/Debug/net10.0/linux-x64/OrleansScaling.Silo.dll > "$work/silo.log" 2>&1 &
silo=$!
trap 'kill "$silo" 2>/dev/null; wait "$silo" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM   # Ctrl+C (sent to osc too) or kill: exit through the EXIT trap, which stops the silo
osc cluster > /dev/null   # waits up to ConnectTimeoutSeconds for the silo's gateway

started=$(date +%s)
echo "==> study '$study' started $(date -u '+%Y-%m-%d %H:%M:%S') UTC; load average $(cut -d' ' -f1-3 /proc/loadavg)"
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(ls "$sweeps" | sed -n 's/\.json$//p'))
for name in "${names[@]}"; do
  sweep="$sweeps/$name.json"
  [ -f "$sweep" ] || { echo "reproduce.sh: no sweep file $sweep" >&2; exit 2; }
  echo "==> $name: osc sweep launch $sweep --wait"
  id="$(osc sweep launch "$sweep" --wait)"
  rm -rf "${data:?}/$name"
  osc export "$id" --format csv --out "$data/$name"
done
finished=$(date +%s)
echo "==> trained in $(( (finished - started) / 60 )) min $(( (finished - started) % 60 )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The analyses one by one on the smallest size, as a user would run them on an export.
smallest="$(ls "$data/comparison/curves" | sed -n 's/^\(d[0-9]*-L[0-9]*\)-S-seed1.csv$/\1/p' | sort -t d -k2 -n | head -1)"
if [ -n "$smallest" ]; then
  echo "==> osc analyze on $smallest"
  osc analyze speedup --s "$data/comparison/curves/$smallest-S-seed1.csv" --m "$data/comparison/curves/$smallest-M(E=10)-seed1.csv"
  osc analyze powerlaw --curve "$data/comparison/curves/$smallest-S-seed1.csv"
fi

echo "==> osc report --data $data --out $data/figures"
osc report --data "$data" --out "$data/figures"

# The silo's grain state and checkpoints are scratch once the exports are written; a failed study keeps them (and
# the silo log) for a look.
kill "$silo" 2>/dev/null; wait "$silo" 2>/dev/null || true
rm -rf "$work"

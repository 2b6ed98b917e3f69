#!/usr/bin/env bash
# One arm of the pre-registered branching check (docs/reproduction.md, "Pre-registered: cooldown branches vs
# independent cosine runs (issue 19)"): starts a private local silo (its own ports, cluster id and data folder; two
# worker slots, one thread each; the shared token cache), runs docs/data/branching/design/ARM.json with
# `osc sweep launch --wait`, exports the experiment to docs/data/branching/ARM/ (`osc export --format csv`) and adds
# timing.json there: the arm's wall clock, the experiment id, the commit, and the load average sampled every 30 s.
#
# Usage: scripts/study/branching/run.sh cosine|wsd
# Environment: SLOTS (default 2), PORT_BASE (default 37400), KEEP=1 keeps an existing export folder (refuses otherwise).
set -euo pipefail
cd "$(dirname "$0")/../../.."

arm="${1:-}"
case "$arm" in cosine|wsd) ;; *) echo "run.sh: give the arm: cosine or wsd" >&2; exit 2 ;; esac
design="docs/data/branching/design/$arm.json"
out="docs/data/branching/$arm"
[ -f "$design" ] || { echo "run.sh: no design file $design" >&2; exit 2; }
if [ -e "$out" ] && [ "${KEEP:-0}" != 1 ]; then
  echo "run.sh: $out exists: this arm has run; move it away to run it again" >&2; exit 2
fi
slots="${SLOTS:-2}"
port="${PORT_BASE:-37400}"
work="$(mktemp -d)"

export OrleansScaling__ClusterId="branching-$$" OrleansScaling__ServiceId="branching-$$" OrleansScaling__DataDirectory="$work/silo"
export OrleansScaling__SiloPort="$((port + 1))" OrleansScaling__GatewayPort="$((port + 2))"
export OrleansScaling__Workers__CpuSlots="$slots" OrleansScaling__Workers__ThreadsPerRun=1 OrleansScaling__ConnectTimeoutSeconds=60
export OrleansScaling__Workers__CacheDirectory="${CACHE:-$HOME/.orleans-scaling/cache}"

echo "==> building osc and the silo (Release)"
dotnet build src/OrleansScaling.Cli -c Release -nologo -clp:ErrorsOnly -v quiet
dotnet build silo -c Release -nologo -clp:ErrorsOnly -v quiet
osc() { dotnet src/OrleansScaling.Cli/bin/Release/net10.0/linux-x64/osc.dll "$@"; }

echo "==> plan"
osc plan --sweep "$design"

echo "==> starting a local silo ($slots worker slots, log $work/silo.log)"
dotnet silo/bin/Release/net10.0/linux-x64/OrleansScaling.Silo.dll > "$work/silo.log" 2>&1 &
silo=$!
sampler=""
cleanup() { [ -n "$sampler" ] && kill "$sampler" 2>/dev/null; kill "$silo" 2>/dev/null; wait "$silo" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
osc cluster > /dev/null

( while true; do echo "$(date -u +%FT%TZ) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) > "$work/load.txt" &
sampler=$!
started=$(date +%s); started_utc=$(date -u +%FT%TZ)
echo "==> arm $arm started $started_utc; load average $(cut -d' ' -f1-3 /proc/loadavg)"
rc=0
id="$(osc sweep launch "$design" --wait)" || rc=$?
finished=$(date +%s); finished_utc=$(date -u +%FT%TZ)
kill "$sampler" 2>/dev/null || true; sampler=""
echo "==> arm $arm ended $finished_utc (exit $rc) after $(( (finished - started) / 60 )) min $(( (finished - started) % 60 )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$id" ] || { echo "run.sh: the sweep was not launched (exit $rc); silo log kept at $work/silo.log" >&2; trap - EXIT; cleanup; exit "$rc"; }

# The experiment grain computes its analyses (the parametric fit's bootstrap) when the last run ends, which can keep
# this silo's threads busy past a call's 30 s timeout on a loaded machine: retry the export rather than lose the silo.
for attempt in 1 2 3 4 5; do
  rm -rf "${out:?}"
  if osc export "$id" --format csv --out "$out" > /dev/null; then break; fi
  [ "$attempt" = 5 ] && { echo "run.sh: export failed 5 times; the silo's data stay in $work/silo" >&2; trap - EXIT; cleanup; exit 1; }
  echo "run.sh: export attempt $attempt failed; retrying in 30 s" >&2; sleep 30
done
cp "$work/load.txt" "$out/load.txt"
python3 - "$out/timing.json" "$arm" "$id" "$started_utc" "$finished_utc" "$((finished - started))" "$rc" "$slots" "$(git rev-parse HEAD)" "$out/load.txt" <<'PY'
import json, sys
path, arm, eid, start, end, secs, rc, slots, commit, load = sys.argv[1:]
samples = [l.split() for l in open(load) if l.strip()]
load1 = [float(s[1]) for s in samples]
json.dump({"arm": arm, "experimentId": eid, "startedUtc": start, "finishedUtc": end, "wallSeconds": int(secs),
           "sweepExitCode": int(rc), "slots": int(slots), "threadsPerRun": 1, "commit": commit,
           "loadAverage1Min": {"samples": len(load1), "min": min(load1, default=None), "max": max(load1, default=None),
                               "mean": sum(load1) / len(load1) if load1 else None}},
          open(path, "w"), indent=2)
PY
cat "$out/timing.json"
if [ "$rc" != 0 ]; then echo "run.sh: some run did not succeed (osc exit $rc); silo log kept at $work/silo.log" >&2; exit "$rc"; fi
trap - EXIT; cleanup
rm -rf "$work"

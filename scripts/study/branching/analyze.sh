#!/usr/bin/env bash
# Applies the pre-registered decision rule of the branching check (docs/reproduction.md, "Pre-registered: cooldown
# branches vs independent cosine runs (issue 19)") to the exports in docs/data/branching/{cosine,wsd}/ and prints the
# verdict. Per arm it first runs the analysis pipeline (`osc report --data ARM --out ARM/figures --json`, saved as
# ARM/report.json; REPORT=1 recomputes an existing one). Writes what it prints to docs/data/branching/analysis.txt too.
#
# The rule, fixed before any run (the doc says it in words):
#   1. every run of arm B (trunk or branch) has a final test loss within tol of its cosine twin (same width,
#      iterations and seed), tol = max(2 × |cosine seed 1 − cosine seed 2| at that width and budget, 0.03 nats);
#   2. the parametric fits' alpha and beta, and the compute-optimal tokens/param at every compute budget the fits
#      report, each lie inside the other arm's 95% interval (an open end counts as no bound);
#   equivalent = 1 and 2 hold; not equivalent = a check fails; no verdict = a run, a fit or an interval is missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OSC="${OSC:-src/OrleansScaling.Cli/bin/Release/net10.0/linux-x64/osc}"
DATA="${DATA:-docs/data/branching}"
for arm in cosine wsd; do
  dir="$DATA/$arm"
  [ -f "$dir/runs.csv" ] || continue
  if [ ! -f "$dir/report.json" ] || [ "${REPORT:-0}" = 1 ]; then
    echo "==> osc report --data $dir --out $dir/figures --json" >&2
    "$OSC" report --data "$dir" --out "$dir/figures" --json > "$dir/report.json.tmp" && mv "$dir/report.json.tmp" "$dir/report.json"
  fi
done
"$OSC" plan --sweep "$DATA/design/wsd.json" --json > "$DATA/design/wsd.plan.json"
"$OSC" plan --sweep "$DATA/design/cosine.json" --json > "$DATA/design/cosine.plan.json"

python3 - "$DATA" <<'PY' | tee "$DATA/analysis.txt"
import csv, json, os, sys
from datetime import datetime

data = sys.argv[1]
TOL_FLOOR = 0.03          # nats: the evaluation-noise floor (SpeedupAnalysis.OverfitMarginNats)
SPREAD_FACTOR = 2.0

def load(arm):
    d = os.path.join(data, arm)
    if not os.path.exists(os.path.join(d, "runs.csv")):
        return None
    runs = list(csv.DictReader(open(os.path.join(d, "runs.csv"))))
    exp = json.load(open(os.path.join(d, "experiment.json")))
    rep = json.load(open(os.path.join(d, "report.json"))) if os.path.exists(os.path.join(d, "report.json")) else None
    timing = json.load(open(os.path.join(d, "timing.json"))) if os.path.exists(os.path.join(d, "timing.json")) else None
    return dict(runs=runs, exp=exp, report=rep, timing=timing)

def plan(arm):
    return {r["key"]: r for r in json.load(open(os.path.join(data, "design", f"{arm}.plan.json")))["runs"]}

def seconds(a, b):
    f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (f(b) - f(a)).total_seconds()

def compute(arm, d, planned):
    """Measured training FLOPs (each run counts the iterations it trained itself: a branch only those after its
    fork) and the runs' own training time (the sum of their attempts)."""
    snaps = {r["key"]: r for r in d["exp"].get("runs", [])}
    flops = flops_independent = 0.0
    attempt_s = 0.0
    for r in d["runs"]:
        fork = planned[r["key"]].get("forkIteration") or 0
        snap = snaps.get(r["key"], {})
        if snap.get("forkIteration") not in (None, fork):
            print(f"  note: {r['key']}: the run view forks at {snap.get('forkIteration')}, the plan at {fork}; the plan's is used")
        per_iter = float(r["flopsPerToken"]) * int(r["batchSize"]) * int(r["context"])
        it = int(r["iteration"])
        flops += per_iter * (it - fork)
        flops_independent += per_iter * it
        for a in snap.get("attempts", []) or []:
            if a.get("startedAt") and a.get("endedAt"):
                attempt_s += seconds(a["startedAt"], a["endedAt"])
    return flops, flops_independent, attempt_s

def final_losses(d):
    out = {}
    for r in d["runs"]:
        ok = r["status"] == "succeeded" and r["iteration"] == r["iterations"]
        out[(int(r["dModel"]), int(r["iterations"]), int(r["seed"]))] = (float(r["lastTestLoss"]) if ok else None, r["key"], r["status"])
    return out

def fit_of(d):
    rep = d["report"]
    co = rep and rep["analyses"].get("computeOptimal")
    return co

def inside(x, iv):
    if iv is None: return None
    lo, hi = iv
    return (lo is None or x >= lo) and (hi is None or x <= hi)

def fmt_iv(iv):
    if iv is None: return "none"
    return "[" + ", ".join("open" if v is None else f"{v:.4g}" for v in iv) + "]"

A, B = load("cosine"), load("wsd")
if A is None:
    print("arm A (cosine) has not run: nothing to analyze"); sys.exit(0)
pa, pb = plan("cosine"), plan("wsd")
la = final_losses(A)
missing = False

print("== Arm A (cosine, independent runs): final test loss (nats) per width, iterations, seed")
widths = sorted({k[0] for k in la}); iters = sorted({k[1] for k in la})
for w in widths:
    for i in iters:
        s1, s2 = la.get((w, i, 1), (None,))[0], la.get((w, i, 2), (None,))[0]
        spread = abs(s1 - s2) if s1 is not None and s2 is not None else None
        tol = max(SPREAD_FACTOR * spread, TOL_FLOOR) if spread is not None else None
        print(f"  d{w} I{i}: seed 1 {s1 if s1 is None else f'{s1:.4f}'}  seed 2 {s2 if s2 is None else f'{s2:.4f}'}  "
              f"spread {spread if spread is None else f'{spread:.4f}'}  tol {tol if tol is None else f'{tol:.4f}'}")
expected = len(pa)
if len(la) != expected or any(v[0] is None for v in la.values()):
    print(f"  arm A: {sum(v[0] is not None for v in la.values())} of {expected} runs finished"); missing = True

fa = fit_of(A)
def print_fit(name, co):
    if not co:
        print(f"  {name}: no parametric fit"); return
    f, iv = co["fit"], co.get("intervals") or {}
    print(f"  {name}: alpha {f['alpha']:.4g} {fmt_iv(iv.get('alpha'))}, beta {f['beta']:.4g} {fmt_iv(iv.get('beta'))}, "
          f"E {f['e']:.4g}, {co['runs']} runs ({(iv.get('basis') or {}).get('method', '?')}, {(iv.get('basis') or {}).get('resamples', '?')} resamples)")
    for b in co.get("budgets") or []:
        print(f"    C = {b['flops']:.4g} FLOPs: tokens/param {b['tokensPerParam']:.4g} {fmt_iv(b.get('tokensPerParamInterval'))}")
print("== Parametric fits (osc report --json: analyses.computeOptimal; 95% intervals)")
print_fit("arm A", fa)

fl, fli, att = compute("cosine", A, pa)
print("== Compute")
def timing_line(name, d, flops, att):
    t = d["timing"] or {}
    la1 = t.get("loadAverage1Min") or {}
    print(f"  {name}: {flops:.4g} FLOPs measured; wall clock {t.get('wallSeconds', '?')} s ({t.get('startedUtc', '?')} to {t.get('finishedUtc', '?')}, "
          f"{t.get('slots', '?')} slots), runs' own training time {att:.0f} s; load average (1 min) "
          f"{la1.get('min', '?')}–{la1.get('max', '?')}, mean {la1.get('mean') if la1.get('mean') is None else round(la1['mean'], 2)} over {la1.get('samples', '?')} samples")
timing_line("arm A", A, fl, att)

if B is None:
    plb = json.load(open(os.path.join(data, "design", "wsd.plan.json")))
    print(f"  arm B as planned: {plb['flops']:.4g} FLOPs, {plb['branchingRatio']:.3f} of arm A's {plb['flopsWithoutBranching']:.4g}")
    print("verdict: arm B pending (run scripts/study/branching/run.sh wsd, then this script)")
    sys.exit(0)

lb = final_losses(B)
print("== Arm B (WSD trunk + cooldown branches) against its cosine twin (same width, iterations, seed)")
fails = []
for (w, i, s), (lbv, key, status) in sorted(lb.items()):
    role = "trunk" if not pb[key].get("parentKey") else f"branch (fork {pb[key]['forkIteration']})"
    twin = la.get((w, i, s), (None,))[0]
    s1, s2 = la.get((w, i, 1), (None,))[0], la.get((w, i, 2), (None,))[0]
    if lbv is None or twin is None or s1 is None or s2 is None:
        print(f"  {key} [{role}]: missing ({status})"); missing = True; continue
    tol = max(SPREAD_FACTOR * abs(s1 - s2), TOL_FLOOR)
    diff = lbv - twin
    ok = abs(diff) <= tol
    if not ok: fails.append(key)
    print(f"  {key} [{role}]: {lbv:.4f} vs cosine {twin:.4f}: diff {diff:+.4f} nats, tol {tol:.4f}: {'within' if ok else 'OUTSIDE'}")
if len(lb) != len(pb): missing = True
diffs = [lb[k][0] - la[k][0] for k in lb if lb[k][0] is not None and la.get(k, (None,))[0] is not None]
if diffs:
    print(f"  mean difference (WSD − cosine) {sum(diffs)/len(diffs):+.4f} nats over {len(diffs)} pairs; "
          f"range {min(diffs):+.4f} to {max(diffs):+.4f}")

fb = fit_of(B)
print_fit("arm B", fb)
fit_fail, fit_missing = [], []
if not fa or not fb or not fa.get("intervals") or not fb.get("intervals"):
    fit_missing.append("a parametric fit or its intervals")
else:
    for p in ("alpha", "beta"):
        for (x, y, nx, ny) in ((fa, fb, "A", "B"), (fb, fa, "B", "A")):
            r = inside(x["fit"][p], y["intervals"].get(p))
            if r is None: fit_missing.append(f"{p} interval of arm {ny}")
            elif not r: fit_fail.append(f"arm {nx}'s {p} {x['fit'][p]:.4g} outside arm {ny}'s {fmt_iv(y['intervals'].get(p))}")
    bb = {round(b["flops"], -6): b for b in fb.get("budgets") or []}
    ba = fa.get("budgets") or []
    if not ba or not bb: fit_missing.append("compute-optimal tokens/param")
    for a in ba:
        b = next((v for v in fb.get("budgets") or [] if abs(v["flops"] / a["flops"] - 1) < 0.01), None)
        if b is None: fit_missing.append(f"arm B's budget at {a['flops']:.4g} FLOPs"); continue
        for (x, y, nx, ny) in ((a, b, "A", "B"), (b, a, "B", "A")):
            r = inside(x["tokensPerParam"], y.get("tokensPerParamInterval"))
            if r is None: fit_missing.append(f"tokens/param interval of arm {ny} at {a['flops']:.4g} FLOPs")
            elif not r: fit_fail.append(f"at {a['flops']:.4g} FLOPs arm {nx}'s tokens/param {x['tokensPerParam']:.4g} outside arm {ny}'s {fmt_iv(y.get('tokensPerParamInterval'))}")

gl, gli, gatt = compute("wsd", B, pb)
timing_line("arm B", B, gl, gatt)
print(f"  arm B / arm A: measured FLOPs {gl / fl:.3f} (arm B would be {gli / gl:.2f}× its FLOPs without branching); "
      f"wall clock {((B['timing'] or {}).get('wallSeconds') or float('nan')) / ((A['timing'] or {}).get('wallSeconds') or float('nan')):.3f}; "
      f"runs' own training time {gatt / att if att else float('nan'):.3f}")

print("== Rule")
print(f"  1. losses: {len(diffs) - len(fails)} of {len(pb)} WSD runs within tolerance" + (f"; outside: {', '.join(fails)}" if fails else ""))
print("  2. fits: " + ("; ".join(fit_fail) if fit_fail else "not checked" if fit_missing else "every estimate inside the other arm's interval") +
      (f" (missing: {'; '.join(fit_missing)})" if fit_missing else ""))
if fails or fit_fail:
    print("verdict: NOT equivalent" + (" (and something is missing: see above)" if missing or fit_missing else ""))
elif missing or fit_missing:
    print("verdict: no verdict (a run, a fit or an interval is missing: see above)")
else:
    print("verdict: equivalent")
PY

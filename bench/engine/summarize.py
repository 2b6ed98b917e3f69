"""Summarizes bench/engine/run.sh's JSON lines: per configuration and engine, the median tokens/s, the median
tokens per CPU-second (tokens/s divided by the cores the process actually got: robust on a shared, loaded machine),
the median peak RSS, and TorchSharp's ratio to PyTorch on both throughput measures."""
import json
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for line in sys.stdin:
    if line.startswith("{"):
        r = json.loads(line)
        engine = "torchsharp" if r["impl"] == "torchsharp" else "pytorch"
        runs[(r["dModel"], r["layers"], r["heads"], r["context"], r["batch"], engine)].append(r)

print("| config | engine | tokens/s | tokens per CPU-s | cores used | s/step (fwd / fwd+bwd) | peak RSS MiB | runs |")
print("|---|---|---|---|---|---|---|---|")
ratios = []
for key in sorted({k[:5] for k in runs}):
    medians = {}
    for engine in ("torchsharp", "pytorch"):
        rs = runs.get(key + (engine,), [])
        if not rs:
            continue
        tps = statistics.median(r["tokensPerSecond"] for r in rs)
        per_cpu = statistics.median(r["tokensPerSecond"] / max(r["coresUsed"], 1e-9) for r in rs)
        medians[engine] = (tps, per_cpu)
        d, layers, heads, context, batch = key
        print(f"| d={d} L={layers} H={heads} ctx={context} B={batch} | {rs[0]['impl']} | {tps:,.0f} | {per_cpu:,.0f} | "
              f"{statistics.median(r['coresUsed'] for r in rs):.2f} | {statistics.median(r['secondsPerStep'] for r in rs):.3f} "
              f"({statistics.median(r['forwardSeconds'] for r in rs):.3f} / {statistics.median(r['forwardBackwardSeconds'] for r in rs):.3f}) | "
              f"{statistics.median(r['peakRssMiB'] for r in rs):,.0f} | {len(rs)} |")
    if len(medians) == 2:
        ratios.append((key, medians["torchsharp"][0] / medians["pytorch"][0], medians["torchsharp"][1] / medians["pytorch"][1]))
print()
for (d, layers, heads, context, batch), wall, cpu in ratios:
    print(f"d={d} B={batch}: TorchSharp / PyTorch = {wall:.2f}x (tokens/s), {cpu:.2f}x (tokens per CPU-second)")

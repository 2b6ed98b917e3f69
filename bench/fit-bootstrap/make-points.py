#!/usr/bin/env python3
"""Writes the benchmark's 240 runs: L(N, D) = 1.69 + 406.4/N^0.34 + 410.7/D^0.28 (Hoffmann et al.'s fit) on a
12 x 20 grid of sizes and token counts, times log-normal noise of 2% (seed 1), as a CSV with params,tokens,loss."""
import math, random, sys
random.seed(1)
print("params,tokens,loss")
for i in range(12):
    for j in range(20):
        n = 10 ** (6 + 3 * i / 11)
        d = 10 ** (8 + 4 * j / 19)
        loss = (1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28) * math.exp(0.02 * random.gauss(0, 1))
        print(f"{n:.0f},{d:.0f},{loss:.6f}")

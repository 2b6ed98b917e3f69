"""The GPU check: does the engine load and compute right on this machine's libtorch, and how fast is it against
PyTorch eager on the same model and step? Runs from the unpacked package (scripts/gpu-check.sh pack), needs Python 3
and, for the PyTorch side and to find libtorch, PyTorch; no .NET SDK. Writes OUT/results.json and OUT/results.md.
Every step records its failure and the check goes on: a libtorch that TorchSharp cannot load still yields a report
with the loader's message and the PyTorch numbers.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time

TORCHSHARP = "0.107.0"
TORCHSHARP_LIBTORCH = "2.10.0"
VOCAB = 256
# Dense peak FLOP/s per precision (vendor datasheets, no sparsity). fp32 is the non-tensor-core rate; tf32 and bf16
# are tensor-core rates. Matched by substring of the device name, first match wins.
PEAKS = [
    ("H200", {"fp32": 67e12, "tf32": 494.7e12, "bf16": 989.4e12}),
    ("H100 PCIe", {"fp32": 51e12, "tf32": 378e12, "bf16": 756e12}),
    ("H100", {"fp32": 67e12, "tf32": 494.7e12, "bf16": 989.4e12}),
    ("A100", {"fp32": 19.5e12, "tf32": 156e12, "bf16": 312e12}),
    ("L40S", {"fp32": 91.6e12, "tf32": 183e12, "bf16": 362e12}),
    ("A10", {"fp32": 31.2e12, "tf32": 62.5e12, "bf16": 125e12}),
]
# (d, layers, heads, context, batch to try first; halved on out-of-memory)
GPU_CONFIGS = [(512, 8, 8, 512, 64), (1024, 12, 16, 1024, 32)]
TINY_CONFIGS = [(64, 2, 2, 64, 4)]


def log(message):
    print("[gpu-check %s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


def flops_per_token(d, layers, context):
    """6N + 12·L·d·T, N the parameters without the position embedding (it multiplies nothing): the engine's
    ModelShape.FlopsPerToken, forward and backward (PaLM / nanoGPT)."""
    params = VOCAB * d + context * d + layers * (12 * d * d + 13 * d) + 2 * d
    return 6 * (params - context * d) + 12 * layers * d * context, params


class Check:
    def __init__(self, args):
        self.args = args
        self.package = os.path.abspath(args.package)
        self.app = os.path.join(self.package, "app")
        self.deadline = time.monotonic() + args.minutes * 60
        self.results = {
            "generatedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "device": args.device, "minutes": args.minutes, "tiny": args.tiny,
            "package": open(os.path.join(self.package, "VERSION")).read().strip() if os.path.exists(os.path.join(self.package, "VERSION")) else None,
            "host": {"machine": platform.machine(), "python": platform.python_version(), "cpus": os.cpu_count()},
            "flopsFormula": "6N + 12*L*d*T per token (N: parameters without the position embedding; T: context)",
            "errors": [],
        }

    # ---- helpers -------------------------------------------------------------------------------------------------
    def left(self):
        return self.deadline - time.monotonic()

    def run(self, argv, timeout, poll_gpu=False):
        """Runs a command; returns (exit code or None on timeout, stdout, stderr, peak GPU MiB of its process)."""
        timeout = max(5, min(timeout, self.left()))
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.work)
        peak = [None]
        stop = threading.Event()
        if poll_gpu and shutil.which("nvidia-smi"):
            def poll():
                while not stop.is_set():
                    try:
                        out = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                                             capture_output=True, text=True, timeout=5).stdout
                        for line in out.splitlines():
                            pid, used = [x.strip() for x in line.split(",")[:2]]
                            if pid == str(process.pid) and used.isdigit():
                                peak[0] = max(peak[0] or 0, int(used))
                    except Exception:
                        pass
                    stop.wait(0.5)
            threading.Thread(target=poll, daemon=True).start()
        try:
            out, err = process.communicate(timeout=timeout)
            code = process.returncode
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            code = None
        stop.set()
        return code, out, err, peak[0]

    def engine(self, name):
        return os.path.join(self.app, name)

    def libtorch_args(self):
        return ["--libtorch", self.libtorch] if self.libtorch else []

    @staticmethod
    def last_json(text):
        try:
            return json.loads(text)  # osc's --json summary: one (indented) object
        except ValueError:
            pass
        for line in reversed(text.strip().splitlines()):
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    pass
        return None

    @staticmethod
    def failure(code, err):
        text = (err or "").strip()
        lines = [l for l in text.splitlines() if l.strip()]
        reason = "timed out" if code is None else ("killed by signal %d" % -code if code < 0 else "exit %s" % code)
        return "%s: %s" % (reason, "\n".join(lines[-12:]) if lines else "(no output)")

    # ---- steps ---------------------------------------------------------------------------------------------------
    def versions(self):
        log("versions")
        info = {"torchSharp": TORCHSHARP, "torchSharpBuiltAgainst": TORCHSHARP_LIBTORCH}
        torch = None
        try:
            import torch  # noqa: F401
            info["pytorch"] = torch.__version__
            info["pytorchCuda"] = torch.version.cuda
            info["cudaAvailable"] = torch.cuda.is_available()
            info["gpuCount"] = torch.cuda.device_count() if torch.cuda.is_available() else 0
            if self.args.device.startswith("cuda") and torch.cuda.is_available():
                index = int(self.args.device.split(":")[1])
                info["gpu"] = torch.cuda.get_device_name(index)
                info["gpuMemoryGiB"] = round(torch.cuda.get_device_properties(index).total_memory / 2**30, 1)
        except Exception as e:  # no PyTorch here: the engine side can still run with --libtorch
            info["pytorch"] = None
            info["pytorchError"] = "%s: %s" % (type(e).__name__, e)
        self.torch = torch
        if shutil.which("nvidia-smi"):
            out = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"],
                                 capture_output=True, text=True).stdout.strip()
            info["nvidiaSmi"] = out.splitlines()
        lib = self.args.libtorch
        if lib is None and torch is not None:
            lib = os.path.join(os.path.dirname(torch.__file__), "lib")
        self.libtorch = os.path.abspath(lib) if lib else None
        info["libtorchDirectory"] = self.libtorch
        if self.libtorch:
            info["libtorchVersion"], info["libtorchCuda"] = libtorch_version(self.libtorch)
            v = info["libtorchVersion"]
            info["libtorchMatchesTorchSharp"] = None if v is None else v.split("+")[0] == TORCHSHARP_LIBTORCH
        else:
            self.results["errors"].append("no libtorch: PyTorch is not importable here and --libtorch was not given")
        peaks = None
        name = info.get("gpu")
        if self.args.device == "cpu":
            name = "cpu"
        for key, value in PEAKS:
            if name and key in name:
                peaks = dict(value)
        if self.args.peak_tflops:
            peaks = {k: float(v) * 1e12 for k, v in (p.split("=") for p in self.args.peak_tflops.split(","))}
        self.peaks = peaks
        self.results["peakFlops"] = peaks
        self.results["versions"] = info
        log("PyTorch %s (CUDA %s), libtorch %s from %s; TorchSharp %s was built against libtorch %s" % (
            info.get("pytorch"), info.get("pytorchCuda"), info.get("libtorchVersion"), self.libtorch, TORCHSHARP, TORCHSHARP_LIBTORCH))
        log("device %s: %s; peak FLOP/s used for MFU: %s" % (self.args.device, info.get("gpu", "CPU"),
            ", ".join("%s %.1f TFLOP/s" % (k, v / 1e12) for k, v in peaks.items()) if peaks else "none known (MFU not computed; --peak-tflops fp32=..,tf32=..,bf16=..)"))

    def smoke(self):
        log("engine smoke test: forward and backward of d=64 L=2 on %s against the CPU" % self.args.device)
        code, out, err, _ = self.run([self.engine("bench-engine"), "smoke", "--device", self.args.device] + self.libtorch_args(), 180)
        result = self.last_json(out)
        loaded = [l for l in err.splitlines() if l.startswith("libtorch ")]
        self.results["engineLoad"] = {"ok": result is not None, "libtorchLine": loaded[0] if loaded else None,
                                      "message": None if result is not None else self.failure(code, err)}
        self.results["smoke"] = result if result is not None else {"error": self.failure(code, err)}
        self.engine_ok = result is not None
        if self.engine_ok:
            log("smoke: CPU loss %.6f, device loss %.6f, max |logit diff| %.2e, max |grad diff| %.2e -> %s" % (
                result["cpuLoss"], result["deviceLoss"], result["maxLogitDifference"], result["maxGradientDifference"],
                "PASS" if result["pass"] else "FAIL"))
        else:
            log("the engine could not run on this libtorch; its message:\n" + self.results["engineLoad"]["message"])

    def training(self):
        if not self.engine_ok:
            self.results["training"] = {"skipped": "the engine did not load"}
            return
        shape = ["--d-model", "32", "--layers", "1", "--heads", "2", "--context", "32", "--batch", "4"] if self.args.tiny else \
                ["--d-model", "256", "--layers", "4", "--heads", "4", "--context", "256", "--batch", "32"]
        log("200-iteration run of osc train on %s (%s)" % (self.args.device, " ".join(shape)))
        out_dir = os.path.join(self.work, "train")
        argv = [self.engine("osc"), "train"] + shape + ["--iterations", "200", "--warmup", "20", "--evaluations", "10",
                "--corpus", os.path.join(self.package, "corpus"), "--device", self.args.device, "--out", out_dir,
                "--cache", os.path.join(self.work, "cache"), "--json", "--no-progress"] + self.libtorch_args()
        code, out, err, peak = self.run(argv, 300, poll_gpu=True)
        summary = self.last_json(out)
        if code != 0 or summary is None:
            self.results["training"] = {"error": self.failure(code, err)}
            log("training run failed: " + self.results["training"]["error"])
            return
        with open(summary["curveCsv"]) as f:
            curve = list(csv.DictReader(f))
        first, last = float(curve[0]["testLoss"]), float(curve[-1]["testLoss"])
        self.results["training"] = {"iterations": summary["iterations"], "params": summary["params"],
            "firstTestLoss": first, "finalTestLoss": last, "lossFalls": last < first - 0.1,
            "tokensPerSecond": summary["tokensPerSecond"], "wallSeconds": summary["wallSeconds"], "peakDeviceMiB": peak,
            "command": " ".join(shape)}
        log("test loss %.3f -> %.3f nats over 200 iterations (%s); %.0f tokens/s" % (first, last,
            "falls" if last < first - 0.1 else "DOES NOT FALL", summary["tokensPerSecond"]))

    def throughput(self):
        configs = TINY_CONFIGS if self.args.tiny else GPU_CONFIGS
        precisions = self.args.precisions.split(",")
        rows = []
        self.results["throughput"] = rows
        cuda = self.args.device.startswith("cuda")
        steps, warmup = (3, 1) if self.args.tiny else (8, 2)
        for d, layers, heads, context, batch in configs:
            fpt, params = flops_per_token(d, layers, context)
            for precision in precisions:
                row = {"dModel": d, "layers": layers, "heads": heads, "context": context, "precision": precision,
                       "params": params, "flopsPerToken": fpt}
                rows.append(row)
                for impl in ("engine", "pytorch"):
                    if self.left() < 20:
                        row[impl] = {"skipped": "out of time (--minutes %s)" % self.args.minutes}
                        continue
                    if impl == "engine" and not self.engine_ok:
                        row[impl] = {"skipped": "the engine did not load"}
                        continue
                    if impl == "pytorch" and self.torch is None:
                        row[impl] = {"skipped": "PyTorch is not importable here"}
                        continue
                    row[impl] = self.measure(impl, d, layers, heads, context, batch, steps, warmup, precision, cuda, fpt)
                e, p = row.get("engine", {}), row.get("pytorch", {})
                if "tokensPerSecond" in e and "tokensPerSecond" in p and p["batch"] == e["batch"]:
                    row["engineOverPytorch"] = round(e["tokensPerSecond"] / p["tokensPerSecond"], 3)

    def measure(self, impl, d, layers, heads, context, batch, steps, warmup, precision, cuda, fpt):
        threads = "1" if not cuda else "1"
        while batch >= 1:
            log("%s d=%d L=%d ctx=%d batch %d %s on %s" % (impl, d, layers, context, batch, precision, self.args.device))
            common = [str(d), str(layers), str(heads), str(context), str(batch), str(steps), threads, str(warmup)]
            if impl == "engine":
                argv = [self.engine("bench-engine")] + common + ["--device", self.args.device, "--precision", precision] + self.libtorch_args()
            else:
                argv = [sys.executable, os.path.join(self.package, "reference_gpt.py")] + common + ["--device", self.args.device, "--precision", precision]
            code, out, err, peak = self.run(argv, 240, poll_gpu=cuda)
            result = self.last_json(out)
            if code == 0 and result is not None:
                tps = result["tokensPerSecond"]
                measured = {"batch": batch, "tokensPerSecond": tps, "secondsPerStep": result["secondsPerStep"],
                            "loss": result["loss"], "impl": result["impl"],
                            "peakDeviceMiB": peak if peak is not None else result.get("peakDeviceMiB"),
                            "peakRssMiB": result.get("peakRssMiB")}
                if impl == "pytorch" and result.get("peakDeviceMiB") is not None:
                    measured["pytorchMaxReservedMiB"] = result["peakDeviceMiB"]
                if self.peaks and precision in self.peaks:
                    measured["mfu"] = round(tps * fpt / self.peaks[precision], 4)
                log("  %.0f tokens/s%s%s" % (tps, ", MFU %.1f%%" % (100 * measured["mfu"]) if "mfu" in measured else "",
                    ", peak %s MiB" % measured["peakDeviceMiB"] if measured["peakDeviceMiB"] else ""))
                return measured
            text = (out or "") + (err or "")
            if "out of memory" in text.lower() and batch > 1:
                log("  out of memory; halving the batch")
                batch //= 2
                continue
            log("  failed: " + self.failure(code, err).splitlines()[0])
            return {"batch": batch, "error": self.failure(code, err)}
        return {"error": "out of memory even at batch 1"}

    def multi_gpu(self):
        count = self.results["versions"].get("gpuCount") or 0
        if not self.args.device.startswith("cuda") or count < 2:
            self.results["multiGpu"] = {"skipped": "%d GPU(s): two concurrent runs need two" % count}
            return
        if not self.engine_ok or self.left() < 60:
            self.results["multiGpu"] = {"skipped": "the engine did not load" if not self.engine_ok else "out of time"}
            return
        log("two concurrent runs in one process (as a silo's two GPU slots) on cuda:0 and cuda:1")
        argv = [self.engine("bench-engine"), "concurrent", "cuda:0,cuda:1", os.path.join(self.package, "corpus"), "200"] + self.libtorch_args()
        code, out, err, _ = self.run(argv, 300)
        runs = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
        per_device = [r for r in runs if r.get("impl") == "torchsharp-concurrent"]
        total = [r for r in runs if r.get("impl") == "torchsharp-concurrent-total"]
        self.results["multiGpu"] = {"runs": per_device, "wallSeconds": total[0]["wallSeconds"] if total else None}
        if code != 0 and not per_device:
            self.results["multiGpu"]["error"] = self.failure(code, err)
        log("concurrent runs: " + "; ".join("%s %s" % (r["device"], "%.0f tokens/s" % r["tokensPerSecond"] if "tokensPerSecond" in r else "failed") for r in per_device))

    def main(self):
        with tempfile.TemporaryDirectory(prefix="gpu-check-work-") as work:
            self.work = work
            for step in (self.versions, self.smoke, self.training, self.throughput, self.multi_gpu):
                try:
                    step()
                except Exception as e:  # one step's failure is reported, the others still run
                    self.results["errors"].append("%s: %s: %s" % (step.__name__, type(e).__name__, e))
                    log("%s failed: %s" % (step.__name__, e))
                    if step == self.versions:
                        self.torch, self.libtorch, self.peaks = None, self.args.libtorch, None
                    if step == self.smoke:
                        self.engine_ok = False
        self.results["wallSeconds"] = round(self.args.minutes * 60 - self.left(), 1)
        os.makedirs(self.args.out, exist_ok=True)
        with open(os.path.join(self.args.out, "results.json"), "w") as f:
            json.dump(self.results, f, indent=2)
        with open(os.path.join(self.args.out, "results.md"), "w") as f:
            f.write(markdown(self.results))
        log("wrote %s and %s" % (os.path.join(self.args.out, "results.json"), os.path.join(self.args.out, "results.md")))
        return 0


def libtorch_version(directory):
    """(version, cuda) from ../version.py (PyTorch) or ../build-version (a libtorch download), as the engine reads it."""
    parent = os.path.dirname(os.path.abspath(directory).rstrip("/"))
    version_py = os.path.join(parent, "version.py")
    if os.path.exists(version_py):
        values = {}
        for line in open(version_py):
            for key in ("__version__", "cuda"):
                if line.startswith(key) and "=" in line:
                    value = line.split("=", 1)[1].strip().strip("'\"")
                    values[key] = None if value == "None" else value
        return values.get("__version__"), values.get("cuda")
    build_version = os.path.join(parent, "build-version")
    if os.path.exists(build_version):
        return open(build_version).read().strip() or None, None
    return None, None


def markdown(r):
    v = r.get("versions", {})
    lines = ["# GPU check results", "",
             "%s, device `%s`, %s minutes allowed, %s s used%s." % (r["generatedAt"], r["device"], r["minutes"], r.get("wallSeconds"), " (tiny configuration)" if r["tiny"] else ""),
             "", "## Versions", "",
             "| what | value |", "|---|---|",
             "| GPU | %s |" % (v.get("gpu") or "none (CPU)"),
             "| PyTorch (CUDA) | %s (%s) |" % (v.get("pytorch"), v.get("pytorchCuda")),
             "| libtorch used by the engine | %s from `%s` |" % (v.get("libtorchVersion"), v.get("libtorchDirectory")),
             "| TorchSharp (built against libtorch) | %s (%s) |" % (TORCHSHARP, TORCHSHARP_LIBTORCH),
             "| libtorch matches | %s |" % v.get("libtorchMatchesTorchSharp"), ""]
    load = r.get("engineLoad", {})
    lines += ["## Engine load and smoke test", ""]
    if load.get("ok"):
        s = r["smoke"]
        lines += ["Loaded: %s" % load.get("libtorchLine"), "",
                  "Forward + backward of d=64 L=2 ctx=32 (fp32) on `%s` against the CPU: loss %.6f vs %.6f, max |Δlogit| %.2e (tolerance %.0e), "
                  "max |Δgrad| %.2e (tolerance %.0e × max |grad| %.3f): **%s**." % (
                      s["device"], s["deviceLoss"], s["cpuLoss"], s["maxLogitDifference"], s["logitTolerance"],
                      s["maxGradientDifference"], s["gradientToleranceRelative"], s["maxGradient"], "pass" if s["pass"] else "FAIL"), ""]
    else:
        lines += ["**The engine did not load on this libtorch.** Its message:", "", "```", str(load.get("message")), "```", ""]
    t = r.get("training", {})
    lines += ["## 200-iteration training run (osc train)", ""]
    if "finalTestLoss" in t:
        lines += ["`%s`: test loss %.3f → %.3f nats (%s), %.0f tokens/s, %s params." % (
            t["command"], t["firstTestLoss"], t["finalTestLoss"], "falls" if t["lossFalls"] else "does NOT fall", t["tokensPerSecond"], t["params"]), ""]
    else:
        lines += [str(t.get("error") or t.get("skipped")), ""]
    peaks = r.get("peakFlops")
    lines += ["## Throughput: engine vs PyTorch eager (same model and step)", "",
              "FLOPs per token: %s. Peak FLOP/s for MFU: %s." % (r["flopsFormula"],
                  ", ".join("%s %.1f T" % (k, x / 1e12) for k, x in peaks.items()) if peaks else "unknown (no MFU)"), "",
              "| d | L | ctx | precision | engine batch | engine tokens/s | engine MFU | engine peak MiB | PyTorch batch | PyTorch tokens/s | PyTorch MFU | PyTorch peak MiB | engine / PyTorch |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def cell(m, key, fmt):
        if not m:
            return "—"
        if key not in m or m[key] is None:
            return "—" if ("error" not in m and "skipped" not in m) else ("failed" if "error" in m else "skipped")
        return fmt % m[key]
    for row in r.get("throughput", []):
        e, p = row.get("engine"), row.get("pytorch")
        lines.append("| %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            row["dModel"], row["layers"], row["context"], row["precision"],
            cell(e, "batch", "%d"), cell(e, "tokensPerSecond", "%.0f"), cell(e, "mfu", "%.3f"), cell(e, "peakDeviceMiB", "%s"),
            cell(p, "batch", "%d"), cell(p, "tokensPerSecond", "%.0f"), cell(p, "mfu", "%.3f"), cell(p, "peakDeviceMiB", "%s"),
            "%.2f×" % row["engineOverPytorch"] if "engineOverPytorch" in row else "—"))
    failures = [(row, impl, row[impl]) for row in r.get("throughput", []) for impl in ("engine", "pytorch")
                if isinstance(row.get(impl), dict) and ("error" in row[impl] or "skipped" in row[impl])]
    if failures:
        lines += ["", "Not measured:", ""]
        for row, impl, m in failures:
            lines.append("- %s d=%d %s: %s" % (impl, row["dModel"], row["precision"], (m.get("error") or m.get("skipped")).splitlines()[0]))
    m = r.get("multiGpu", {})
    lines += ["", "## Two concurrent runs on two GPUs", "",
              m["skipped"] if "skipped" in m else m.get("error") or ("One process, one engine per GPU (as a silo's slots), d=256 L=4 ctx=256 batch 32, 200 iterations each: " +
              "; ".join("%s: %s" % (x["device"], "%.0f tokens/s, test loss %.3f → %.3f" % (x["tokensPerSecond"], x["firstTestLoss"], x["finalTestLoss"]) if "tokensPerSecond" in x else x["error"]) for x in m.get("runs", []))), ""]
    if r["errors"]:
        lines += ["## Errors", ""] + ["- " + e for e in r["errors"]] + [""]
    return "\n".join(lines)


def parse(argv):
    p = argparse.ArgumentParser(description="The engine's GPU check (docs/benchmarks.md).")
    p.add_argument("--package", required=True, help="the unpacked package (run.sh passes it)")
    p.add_argument("--device", default=None, help="cuda:0 (default when PyTorch sees a GPU) or cpu")
    p.add_argument("--libtorch", default=None, help="libtorch folder (default: the local PyTorch's torch/lib)")
    p.add_argument("--minutes", type=float, default=8, help="time budget for everything (default 8)")
    p.add_argument("--out", required=True, help="folder for results.json and results.md")
    p.add_argument("--precisions", default=None, help="comma-separated (default fp32,tf32,bf16 on CUDA; fp32,bf16 on CPU)")
    p.add_argument("--tiny", action="store_true", help="tiny models only (CI: checks the package, measures nothing)")
    p.add_argument("--peak-tflops", default=None, help="override the peak table: fp32=67,tf32=494.7,bf16=989.4")
    args = p.parse_args(argv)
    if args.device is None:
        try:
            import torch
            args.device = "cuda:0" if torch.cuda.is_available() else "cpu"
        except Exception:
            args.device = "cpu"
    if args.device != "cpu" and not (args.device.startswith("cuda:") and args.device[5:].isdigit()):
        p.error("--device must be cpu or cuda:N (got %s)" % args.device)
    if args.precisions is None:
        args.precisions = "fp32,tf32,bf16" if args.device.startswith("cuda") else "fp32,bf16"
    return args


if __name__ == "__main__":
    sys.exit(Check(parse(sys.argv[1:])).main())

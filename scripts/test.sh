#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine, installing what the tests need first:
#   Debian's chromium (browser tests), xz and python3 (the GPU check package test), the npm packages (corpora, Azurite, ApexCharts) and NuGet packages.
# Usage: ./scripts/test.sh [extra `dotnet test` arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
# the GPU check package test (GpuCheckPackageTests): xz packs it, python3 runs its script
command -v xz >/dev/null 2>&1 || apt_packages+=(xz-utils)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${apt_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

echo "==> npm packages (corpora, Azurite)"
npm ci --no-audit --no-fund --loglevel=error

echo "==> building"
dotnet build OrleansScaling.sln -c Release -nologo -clp:ErrorsOnly

echo "==> testing"
# One test project at a time (-m:1): each already runs its own test collections in parallel, and two projects at once
# (the SDK's default on a 2-core machine) put real training runs, silo processes and a `dotnet publish` on the same two
# cores, which is how timeouts flake.
dotnet test OrleansScaling.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=normal" "$@"

#!/usr/bin/env bash
# README command 2: set up, build and run every test (C++ via CTest, Python via pytest).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh build
ctest --test-dir build --output-on-failure -j"$(nproc)"

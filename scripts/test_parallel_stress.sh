#!/usr/bin/env bash
# CI step (after scripts/test.sh): the C++ and script tests once more, four at a
# time and each run three times (`--repeat until-fail:3`), so that two tests
# sharing a path, or a test that depends on timing, fail here rather than at
# random in a later CI run. Every test writes under a directory of its own
# (tests/support/temp_dir.h, tests/tools/in_own_tmpdir.sh).
# The pytest suites that want the machine to themselves (RUN_SERIAL) are left
# out: scripts/test.sh runs them.
#   scripts/test_parallel_stress.sh [build-dir=build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${1:-build}"
start=$(date +%s)
ctest --test-dir "$build_dir" --output-on-failure -j4 --repeat until-fail:3 \
  -E '^(python_tests|cluster_tests|app_tests)$'
echo "parallel stress: $(( $(date +%s) - start )) s"

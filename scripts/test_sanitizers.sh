#!/usr/bin/env bash
# CI step 2 (after scripts/test.sh): builds Orbit with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DORBIT_SANITIZE=ON) into build-asan and runs
# the C++ test suite there (units, spec examples, NQ regression, bad-input
# corpus, atomic-output and determinism tests), so every orbit process the
# tests start is sanitized too.
#   scripts/test_sanitizers.sh [build-dir=build-asan]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${1:-build-asan}"

# Leak checking stays on; known leaks of the prebuilt Arrow libraries (not
# instrumented, outside Orbit) are suppressed with a commented entry each.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0:suppressions=$root/scripts/sanitizers/asan.supp"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

start=$(date +%s)
# Benchmarks are not tests; skip building them here.
scripts/setup.sh "$build_dir" -DORBIT_SANITIZE=ON -DORBIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
built=$(date +%s)
# python_tests, cluster_tests and app_tests are excluded: they import the Python
# extension, which sanitized trees do not build (an ASan-instrumented extension
# cannot load into the venv's uninstrumented CPython); scripts/test.sh runs them
# on the normal build.
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" -E '^(python_tests|cluster_tests|app_tests)$'
end=$(date +%s)
echo "sanitizers: build $((built - start)) s, tests $((end - built)) s"

#!/usr/bin/env bash
# Runs a test command with TMPDIR pointing at a directory of its own, unique per
# run (mktemp -d) and removed afterwards, so that everything the command writes
# through tempfile / pytest's tmp_path / mktemp is private to it: CTest runs
# tests in parallel (`ctest -j`, `--repeat`) and a shared path makes them flaky.
#   in_own_tmpdir.sh COMMAND [ARGS...]   (exit status: the command's)
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/orbit_test_XXXXXX") || exit 1
cleanup() { rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
TMPDIR="$dir" "$@"

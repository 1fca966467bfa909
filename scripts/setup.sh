#!/usr/bin/env bash
# Installs everything Orbit needs on a fresh Debian 12 machine and builds it.
# Idempotent: installed apt packages, an existing .venv with the pinned pip
# packages and an up-to-date build are all reused.
#   scripts/setup.sh [build-dir] [extra cmake args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${1:-build}"
shift || true

# Debian packages: one list per concern in scripts/apt/*.txt (one name a line, # comments).
mapfile -t apt_packages < <(cat scripts/apt/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing apt packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

python_bin="${ORBIT_PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python_bin" -m venv .venv
fi
# Python packages: requirements.txt (core, pinned) and requirements-*.txt (test
# extras: app, cluster, ...), each reinstalled only when it changed.
for req in requirements.txt requirements-*.txt; do
  [ -f "$req" ] || continue
  stamp=".venv/.orbit-${req%.txt}"
  if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    echo "setup: installing Python packages of $req"
    .venv/bin/pip install -q --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
done

mkdir -p "$build_dir"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" > "$build_dir/configure.log" 2>&1 || {
  cat "$build_dir/configure.log"; exit 1; }
cmake --build "$build_dir" -j"$(nproc)"

# Python package `orbit`: when the build made it (python/CMakeLists.txt, needs
# nanobind in .venv), put <build>/python on the venv's path with a .pth file so
# `.venv/bin/python -c "import orbit"` works without a second C++ build.
if [ -f "$build_dir/python/orbit/__init__.py" ]; then
  site_dir="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$(cd "$build_dir" && pwd)/python" > "$site_dir/orbit-build.pth"
fi

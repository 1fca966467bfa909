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

apt_packages=(build-essential cmake pkg-config python3-venv python3-dev
              libcctz-dev libcli11-dev libfmt-dev libgtest-dev libbenchmark-dev tzdata
              chromium)  # chromium: the HTML report render test (tests/report)
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
stamp=.venv/.orbit-requirements
if ! cmp -s requirements.txt "$stamp" 2>/dev/null; then
  echo "setup: installing pinned Python packages"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  cp requirements.txt "$stamp"
fi

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

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++-14 (-fsanitize=fuzzer,address,undefined)
# into build-fuzz/ (override with $1). Orbit's reader sources are compiled with
# clang against libstdc++, so they link with the pyarrow wheel's libarrow
# (GCC-built, libstdc++ ABI) from the project .venv.
#   fuzz/build.sh [out-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/build-fuzz}"
mkdir -p "$out/obj"
cxx="${CXX_FUZZ:-clang++-14}"
py="$root/.venv/bin/python"
arrow_inc="$("$py" -c 'import pyarrow as pa; print(pa.get_include())')"
arrow_lib="$("$py" -c 'import pyarrow as pa; print(pa.get_library_dirs()[0])')"
so="$("$py" -c 'import pyarrow as pa; v=pa.__version__.split("."); print(int(v[0])*100+int(v[1]))')"

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The generated include/orbit/version.h comes from the normal build tree (scripts/setup.sh build).
cxxflags=(-std=c++20 -O1 -g $san -ffp-contract=off -I"$root/src" -I"$root/include" -I"$root/build/include"
          -DFMT_SHARED -isystem "$arrow_inc"
          -Wno-unused-command-line-argument)

# The library layers the readers and the CLI value parsers sit on (globbed, so
# new files in those folders are picked up), plus the CLI's date/list parsers.
sources=("$root"/src/core/*.cc "$root"/src/calendar/*.cc "$root"/src/strategy/*.cc
         "$root"/src/engine/*.cc "$root"/src/source/*.cc "$root"/src/sink/*.cc "$root"/src/pipeline/*.cc
         "$root"/src/api/*.cc "$root"/src/storage/*.cc)
objs=()
pids=()
for src in "${sources[@]}"; do
  obj="$out/obj/$(echo "${src#$root/}" | tr '/' '_').o"
  objs+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$root/fuzz/build.sh" -nt "$obj" ]; then
    # Instrument for coverage too (fuzzer-no-link), so the reader logic guides the search.
    "$cxx" "${cxxflags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$(nproc)" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for p in "${pids[@]}"; do wait "$p"; done

libs=()
for l in arrow_dataset arrow_acero arrow_compute parquet arrow; do
  [ -f "$arrow_lib/lib$l.so.$so" ] && libs+=("$arrow_lib/lib$l.so.$so")
done
libs+=(-lcctz -lfmt -lpthread)
for target in fuzz_csv_reader fuzz_parquet_reader fuzz_cli_args; do
  "$cxx" "${cxxflags[@]}" -fsanitize=fuzzer "$root/fuzz/$target.cc" "${objs[@]}" "${libs[@]}" \
    -Wl,-rpath,"$arrow_lib" -o "$out/$target"
  echo "built $out/$target"
done

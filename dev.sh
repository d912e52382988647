#!/usr/bin/env bash
# One entry point for the README's two commands and for CI.
#   ./dev.sh run [conformance run options]   build everything, grade every backend that loads
#   ./dev.sh test [cargo test options]       the whole test suite
#   ./dev.sh bench                           the benchmarks (see docs/benchmarks.md)
#   ./dev.sh peers [--quick]                 the op matrix against NumPy and PyTorch (bench/peers.py)
#   ./dev.sh portable                        the quick CPU suite on emulated older CPUs (qemu-user)
#   ./dev.sh asan                            tensor-core + backend-cpu tests under AddressSanitizer
#   ./dev.sh valgrind                        valgrind memcheck of the quick CPU suite
# Installs the Debian packages it needs when they are missing (apt-get, as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")"

# libopenblas-dev + pkg-config: the CPU backend's BLAS. PoCL + the ICD loader: a real OpenCL
# device on the CPU. python3-numpy: the interop tests compare against NumPy.
PACKAGES=(libopenblas-dev pkg-config pocl-opencl-icd ocl-icd-opencl-dev clinfo python3-numpy)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "dev.sh: installing Debian packages: ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

cmd=${1:-help}
shift || true
case "$cmd" in
  run)
    ensure_packages
    cargo build --release --workspace
    exec target/release/conformance run "$@"
    ;;
  test)
    ensure_packages
    # Plugins and test fixtures are cdylibs found next to the test binaries.
    cargo build --workspace --all-targets
    exec cargo test --workspace "$@"
    ;;
  bench)
    ensure_packages
    cargo build --release --workspace
    exec target/release/conformance bench "$@"
    ;;
  peers)
    # The benchmark matrix of issue #12 (docs/benchmarks.md): this library's side is the
    # peer_bench example; NumPy and PyTorch come from a venv under target/ that peers.py
    # creates when missing (needs python3-venv).
    ensure_packages python3-venv
    cargo build --release -p tensor-core --example peer_bench
    exec python3 bench/peers.py "$@"
    ;;
  portable)
    # Portable binaries (docs/reliability.md, "Portability"): the release CLI, built here,
    # runs the quick CPU suite on a CPU model below x86-64-v2 (Core 2: SSE3/SSSE3, no SSE4,
    # AVX or FMA), which takes every baseline path, and on Haswell (x86-64-v3), which takes
    # the AVX2/FMA paths and the v3 CORE-MATH build. qemu's TCG has no AVX-512, so any
    # AVX-512 instruction outside run-time dispatch is a SIGILL here. OPENBLAS_CORETYPE and
    # OPENBLAS_L2_SIZE describe the real host, not the emulated CPU: unset for these runs.
    ensure_packages qemu-user
    cargo build --release --workspace
    for cpu in Conroe Haswell; do
      echo "dev.sh portable: quick CPU suite under qemu-x86_64 -cpu $cpu" >&2
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE qemu-x86_64 -cpu "$cpu" \
        target/release/conformance run --quick --backends cpu --no-progress \
        --out-dir "target/portable-$cpu" "$@"
    done
    ;;
  asan)
    ensure_packages
    # Nightly only (-Zsanitizer); its own target dir. The plugins the tests dlopen are built
    # without ASan first: an instrumented .so needs the runtime's symbols, which the test
    # executables do not export. `[env]` (TARGET_CPU, CFLAGS) still applies.
    export CARGO_TARGET_DIR=target/asan
    t=x86_64-unknown-linux-gnu
    cargo +nightly build --target "$t" -p backend-opencl -p fixture-no-entry -p fixture-bad-major \
      -p fixture-short-table -p fixture-panicky -p fixture-good
    RUSTFLAGS=-Zsanitizer=address RUSTDOCFLAGS=-Zsanitizer=address \
      exec cargo +nightly test --target "$t" -p tensor-core -p backend-cpu "$@"
    ;;
  valgrind)
    ensure_packages
    cargo build --release --workspace
    # Exit 99 is valgrind's: a memory error or a definite leak. The suite's own verdict is
    # printed but not the result here: valgrind's FMA emulation drops the sign of -0.0 in
    # CORE-MATH's f64 asin/sinh/atanh (docs/reliability.md, "Memory errors and leaks").
    status=0
    valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
      target/release/conformance run --quick --no-progress --backends cpu \
      --out-dir target/valgrind-reports "$@" || status=$?
    case $status in
      0) echo "dev.sh valgrind: no memory errors, no definite leaks; the suite passed" ;;
      99) echo "dev.sh valgrind: memory errors or definite leaks (see above)" >&2; exit 1 ;;
      *) echo "dev.sh valgrind: no memory errors, no definite leaks; the suite's verdict under valgrind was exit $status (see above)" ;;
    esac
    ;;
  *)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac

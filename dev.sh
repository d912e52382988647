#!/usr/bin/env bash
# One entry point for the README's two commands and for CI.
#   ./dev.sh run [conformance run options]   build everything, grade every backend that loads
#   ./dev.sh test [cargo test options]       the whole test suite
#   ./dev.sh bench                           the benchmarks (see docs/benchmarks.md)
# Installs the Debian packages it needs when they are missing (apt-get, as root or via sudo).
set -euo pipefail
cd "$(dirname "$0")"

# libopenblas-dev + pkg-config: the CPU backend's BLAS. PoCL + the ICD loader: a real OpenCL
# device on the CPU. python3-numpy: the interop tests compare against NumPy.
PACKAGES=(libopenblas-dev pkg-config pocl-opencl-icd ocl-icd-opencl-dev clinfo python3-numpy)

ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
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
  *)
    sed -n '2,6p' "$0"
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The CUDA backend's hardware checks, prepared for a session that gets an NVIDIA GPU.
#
#   bench/gpu_run.sh prepare    # HERE (with the Rust toolchain): release build, then stripped
#                               # copies of the conformance CLI, libbackend_cuda.so and the
#                               # backend-cuda test executables (the kernel-source snapshot test
#                               # with its fixtures included) in target/gpu-carry/ (~16 MB;
#                               # carry that one folder)
#   bench/gpu_run.sh run [OUT]  # ON THE GPU MACHINE (no Rust needed), from the repository root
#                               # with target/gpu-carry carried over: every CUDA test with
#                               # TENSOR_REQUIRE_CUDA=1, `conformance backends`, and
#                               # `conformance run --backends cpu,cuda,cuda?matmul=tf32`;
#                               # logs and reports under OUT (default $OUT or gpu-results)
#
# The GPU machine needs libcuda (driver >= 580, CUDA 13.0), libnvrtc.so.13 and libcublas.so.13:
# /usr/local/cuda/lib64 or the nvidia-* pip wheels that PyTorch/CuPy bring are searched and
# put on LD_LIBRARY_PATH. Results to copy into docs/precision.md and docs/benchmarks.md:
# OUT/summary.txt (device, versions, pass/fail per step) and OUT/precision-table.md.
set -uo pipefail
cd "$(dirname "$0")/.."

CARRY=target/gpu-carry

prepare() {
  set -e
  cargo build --release --workspace
  cargo test --release -p backend-cuda --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["kind"] == ["test"]:
        print(m["executable"])' > target/release/cuda-tests.txt
  rm -rf "$CARRY"
  mkdir -p "$CARRY/deps"
  strip -o "$CARRY/conformance" target/release/conformance
  strip -o "$CARRY/libbackend_cuda.so" target/release/libbackend_cuda.so
  # The kernel-source snapshots, for tests/snapshots.rs (TENSOR_CUDA_SNAPSHOTS in `run`): the
  # carried executables must generate exactly the committed sources.
  cp -r backend-cuda/tests/snapshots "$CARRY/snapshots"
  local t
  : > "$CARRY/cuda-tests.txt"
  while IFS= read -r t; do
    # Test executables look for plugins next to themselves and in their parent directory.
    strip -o "$CARRY/deps/$(basename "$t")" "$t"
    echo "deps/$(basename "$t")" >> "$CARRY/cuda-tests.txt"
  done < target/release/cuda-tests.txt
  echo "prepared $CARRY:"; ls -l "$CARRY" "$CARRY/deps"; du -sh "$CARRY"
}

find_libs() {
  local dirs=(/usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib)
  local py
  for py in python3 python; do
    command -v "$py" >/dev/null || continue
    while IFS= read -r d; do dirs+=("$d"); done < <("$py" - <<'PY' 2>/dev/null
import os
try:
    import nvidia
    for p in nvidia.__path__:
        for sub in sorted(os.listdir(p)):
            d = os.path.join(p, sub, "lib")
            if os.path.isdir(d):
                print(d)
except Exception:
    pass
PY
)
  done
  local d
  for d in "${dirs[@]}"; do
    [ -d "$d" ] && LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
  export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}"
}

run() {
  local out=${1:-${OUT:-gpu-results}}
  mkdir -p "$out"
  find_libs
  export TENSOR_REQUIRE_CUDA=1 TENSOR_REQUIRE_NVRTC=1 TENSOR_CUDA_SNAPSHOTS="$PWD/$CARRY/snapshots"
  local summary="$out/summary.txt"
  : > "$summary"
  { date -u; nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv;
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"; } >> "$summary" 2>&1
  step() {  # step NAME TIMEOUT CMD...
    local name=$1 t=$2; shift 2
    local start=$SECONDS rc=0
    timeout "$t" "$@" > "$out/$name.log" 2>&1 || rc=$?
    echo "$name: rc=$rc ($((SECONDS - start)) s)" | tee -a "$summary"
  }
  step backends 60 "$CARRY/conformance" backends
  local t
  while IFS= read -r t; do
    [ -x "$CARRY/$t" ] || { echo "missing test executable $CARRY/$t" | tee -a "$summary"; continue; }
    step "test-$(basename "$t")" 240 "$CARRY/$t" --test-threads=1 --nocapture
  done < "$CARRY/cuda-tests.txt"
  step conformance 300 "$CARRY/conformance" run --no-progress \
    --backends 'cpu,cuda,cuda?matmul=tf32' --out-dir "$out/reports" --markdown "$out/precision-table.md"
  # PyTorch on the same GPU in the same run, for the TF32 pitfall and a matmul time baseline.
  step torch 120 python3 - <<'PY'
import time, torch
assert torch.cuda.is_available()
n = 4096
g = torch.Generator(device="cuda").manual_seed(0)
a = torch.rand(n, n, device="cuda", generator=g); b = torch.rand(n, n, device="cuda", generator=g)
ref = (a.double() @ b.double())
for tf32 in (False, True):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    c = a @ b; torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(10): c = a @ b
    torch.cuda.synchronize()
    dt = (time.perf_counter() - t) / 10
    err = ((c.double() - ref).abs().max() / ref.abs().max()).item()
    print(f"torch {torch.__version__} f32 matmul {n}^3 allow_tf32={tf32}: {dt*1e3:.2f} ms, "
          f"{2*n**3/dt/1e12:.1f} TFLOP/s, max rel err {err:.2e}")
eye = 1024.5 * torch.eye(64, device="cuda")
for tf32 in (False, True):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    print(f"(1024.5 I) @ ones, allow_tf32={tf32}: {(eye @ torch.ones(64, 64, device='cuda'))[0,0].item()}")
PY
  echo "done: $out" | tee -a "$summary"
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac

#!/usr/bin/env bash
# Runs every cargo-fuzz target of this crate for SECONDS each (default 30) on its committed
# corpus, then replays the regression inputs. Exit status: 0 when every run is clean, 1 when
# a target crashed, hung or ran out of memory (libFuzzer writes the input under
# tests/fuzz/artifacts/<target>/) or did not build, 2 when the tools are missing. A corpus is
# minimised (FUZZ_CMIN=1) only after a clean run of its target.
#
#   tests/fuzz/run.sh            # CI smoke run: 30 s per target
#   tests/fuzz/run.sh 600        # the 10-minute runs of docs/reliability.md
#   tests/fuzz/run.sh 60 npy     # one target
#   FUZZ_CMIN=1 tests/fuzz/run.sh 600   # then minimise each corpus in place (cargo fuzz cmin)
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz
# (`cargo +nightly install cargo-fuzz`, installed here when missing and FUZZ_INSTALL=1).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}
shift || true
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is not installed (rustup toolchain install nightly); fuzzing NOT run" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  if [ "${FUZZ_INSTALL:-0}" = 1 ]; then
    cargo +nightly install --locked cargo-fuzz
  else
    echo "fuzz: cargo-fuzz is not installed (cargo +nightly install cargo-fuzz, or FUZZ_INSTALL=1); fuzzing NOT run" >&2
    exit 2
  fi
fi
echo "fuzz: $(cargo +nightly --version), $(cargo +nightly fuzz --version)"
# cargo-fuzz looks for ./fuzz under the project root unless told where the fuzz crate is.
fd=(--fuzz-dir "$PWD")
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  list=$(cargo +nightly fuzz list "${fd[@]}")
  mapfile -t targets <<<"$list"
fi
# One build for all targets (AddressSanitizer, debug assertions; see Cargo.toml). cargo-fuzz
# defaults to one codegen unit, which makes the instrumented backend-cpu a single
# half-hour job on 2 cores; 16 units (FUZZ_CODEGEN_UNITS) build in parallel, at a small
# cost in executions per second. `fuzz run` gets the same value, or it would rebuild.
build=(--codegen-units "${FUZZ_CODEGEN_UNITS:-16}")
mkdir -p target
cargo +nightly fuzz build "${fd[@]}" "${build[@]}"
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  start=$(date +%s)
  # -timeout: a single input running over 10 s is a hang; -rss_limit_mb: 2 GB is an OOM.
  if cargo +nightly fuzz run "${fd[@]}" "${build[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"target/fuzz-$t.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "target/fuzz-$t.log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $t clean, $runs executions in $(($(date +%s) - start)) s, corpus $(ls "corpus/$t" | wc -l) files"
  else
    echo "fuzz: $t FAILED after $(($(date +%s) - start)) s; log: tests/fuzz/target/fuzz-$t.log" >&2
    tail -n 40 "target/fuzz-$t.log" >&2
    status=1
    continue
  fi
  if [ "${FUZZ_CMIN:-0}" = 1 ]; then
    # libFuzzer's merge on the binary just built (what `cargo fuzz cmin` does, without the
    # rebuild for the host target that cmin starts): keep the inputs that add coverage.
    bin="target/x86_64-unknown-linux-gnu/release/$t"
    rm -rf "target/cmin-$t" && mkdir -p "target/cmin-$t"
    "$bin" -merge=1 -timeout=10 -rss_limit_mb=2048 "target/cmin-$t" "corpus/$t" \
      >"target/cmin-$t.log" 2>&1
    rm -rf "corpus/$t" && mv "target/cmin-$t" "corpus/$t"
    echo "fuzz: $t corpus minimised to $(ls "corpus/$t" | wc -l) files"
  fi
done
# Inputs that once crashed a target, named <target>-<what>: each must now run clean.
for f in regressions/*; do
  [ -f "$f" ] || continue
  t=${f#regressions/}
  t=${t%%-*}
  if ! cargo +nightly fuzz run "${fd[@]}" "${build[@]}" "$t" "$f" -- -runs=1 >"target/regression.log" 2>&1; then
    echo "fuzz: regression input $f crashes $t again" >&2
    tail -n 40 target/regression.log >&2
    status=1
  fi
done
exit $status

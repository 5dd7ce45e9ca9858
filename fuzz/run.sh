#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 60) on its committed corpus.
#
#   fuzz/run.sh [SECONDS]
#
# Needs only stable Rust (the toolchain in rust-toolchain.toml) and a C++ compiler for libFuzzer:
# RUSTC_BOOTSTRAP=1 lets stable rustc take the nightly-only flags cargo-fuzz passes. Installs
# cargo-fuzz if it is missing. Takes the build time plus, per target, SECONDS and a few seconds to
# load the corpus. New inputs go to a temporary directory, so the committed corpus is read, never
# rewritten. Exits non-zero if any target crashes, panics, times out or runs out of memory; the
# input that did it is kept under fuzz/artifacts/TARGET/ (see fuzz/README.md to reproduce it).
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: fuzz/run.sh [SECONDS]   (a whole number of seconds per target; default 60)" >&2
    exit 2
fi

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir/.."
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Address Sanitizer (cargo-fuzz's default); release build with debug assertions and overflow checks.
cargo fuzz build --fuzz-dir fuzz

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The register targets are bounded so that libFuzzer spends its time on many small files rather
# than a few large ones.
max_len() {
    case "$1" in
        read_toml | read_json) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

failed=()
for target in $(cargo fuzz list --fuzz-dir fuzz); do
    echo "== $target: ${seconds}s"
    mkdir -p "$work/$target" "fuzz/corpus/$target"
    # The first corpus directory is the one libFuzzer writes to.
    if ! cargo fuzz run --fuzz-dir fuzz "$target" "$work/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=60 \
        -print_final_stats=1; then
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    echo "fuzz/run.sh: failed: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz/run.sh: no crashes in $(cargo fuzz list --fuzz-dir fuzz | wc -l) targets x ${seconds}s"

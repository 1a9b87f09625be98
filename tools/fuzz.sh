#!/usr/bin/env bash
# Runs every libFuzzer target for a while: tools/fuzz.sh [seconds-per-target] [target…]
# Configures the `fuzz` preset (clang-14, ASan + UBSan) into ./build-fuzz once, builds the fuzz
# targets, and fuzzes each one (default 60 s) starting from a copy of its committed corpus, so
# the inputs libFuzzer finds land in build-fuzz/fuzz-runs/<target>/corpus, not in the source
# tree. Exits non-zero if any target crashed, leaked, timed out or ran out of memory, and prints
# each reproducer; replay one with: build-fuzz/tests/fuzz/fuzz_<target> <reproducer>.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build_dir=build-fuzz
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1

if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "tools/fuzz.sh: seconds-per-target must be a positive integer, got '$seconds'" >&2
  exit 2
fi
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake --preset fuzz
fi
cmake --build "$build_dir" --target fuzz_all -j "${JOBS:-2}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for manifest in "$build_dir"/fuzz-targets/*; do targets+=("$(basename "$manifest")"); done
fi

failed=()
for name in "${targets[@]}"; do
  manifest=$build_dir/fuzz-targets/$name
  if [ ! -f "$manifest" ]; then
    echo "tools/fuzz.sh: no fuzz target '$name' (see $build_dir/fuzz-targets/)" >&2
    exit 2
  fi
  { read -r exe; read -r seeds; read -r dict; } < "$manifest"
  run_dir=$build_dir/fuzz-runs/$name
  rm -rf "$run_dir/artifacts"
  mkdir -p "$run_dir/corpus" "$run_dir/artifacts"
  cp -R "$seeds"/. "$run_dir/corpus/"
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
        -artifact_prefix="$run_dir/artifacts/")
  [ -n "$dict" ] && args+=(-dict="$dict")
  echo "== fuzz_$name for ${seconds}s (log: $run_dir/fuzz.log)"
  status=0
  "$exe" "${args[@]}" "$run_dir/corpus" > "$run_dir/fuzz.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^Done ' "$run_dir/fuzz.log" || true
  reproducers=$(find "$run_dir/artifacts" -type f | sort)
  if [ "$status" -ne 0 ] || [ -n "$reproducers" ]; then
    failed+=("$name")
    echo "!! fuzz_$name failed (exit $status); the end of its log:"
    tail -n 40 "$run_dir/fuzz.log"
    for r in $reproducers; do echo "!! reproducer: $r"; done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "tools/fuzz.sh: failures in: ${failed[*]}" >&2
  exit 1
fi
echo "tools/fuzz.sh: no crash in ${#targets[@]} targets (${seconds}s each)"

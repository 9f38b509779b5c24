#!/usr/bin/env bash
# Builds and runs the tests under sanitizers, with the CMake presets of the same names:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (any finding fails), ./build-asan: the
#         whole suite
#   tsan  ThreadSanitizer, ./build-tsan: the threaded parts: the executor's worker pool, the
#         evaluation engine, the job tracker, the explorer's engines and the edge/cloud runtimes
# Extra arguments go to ctest (e.g. -R test_tensor_io to run fewer). Suppressions, each with its
# reason, are in scripts/sanitizers/. AUTOSPLIT_JOBS sets the build's parallelism (default 2).
# Usage: scripts/sanitize.sh asan|tsan [ctest arguments ...]
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
case "$kind" in
  asan) tsan_tests=() ;;
  tsan) tsan_tests=(test_parallel_for test_evaluation_engine test_job_tracker test_engine
                    test_solve_engine test_runtimes) ;;
  *) echo "usage: scripts/sanitize.sh asan|tsan [ctest arguments ...]" >&2; exit 2 ;;
esac
shift
scripts/install-deps.sh
cmake --preset "$kind" >/dev/null
jobs=${AUTOSPLIT_JOBS:-2}
if [ "$kind" = tsan ]; then
  # The runtime tests start the programs they test.
  cmake --build "build-$kind" --target "${tsan_tests[@]}" autosplit_cli autosplit_edge \
    autosplit_cloud -- -j"$jobs"
  regex="^($(IFS='|'; echo "${tsan_tests[*]}"))(\[|$)"
  set -- -R "$regex" "$@"
else
  cmake --build "build-$kind" -- -j"$jobs"
fi
supp="$PWD/scripts/sanitizers"
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
cd "build-$kind"
ctest --output-on-failure -j"$jobs" "$@"

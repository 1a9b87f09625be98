#!/usr/bin/env bash
# Installs, builds and runs every test (ctest, in parallel). Extra arguments go to ctest
# (e.g. tools/test.sh -L integration).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 600 "$@"

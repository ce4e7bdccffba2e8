#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the whole build with every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"

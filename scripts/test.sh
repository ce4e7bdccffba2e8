#!/usr/bin/env bash
# The test command: installs and starts what the tests need (the Docker engine with Compose v2 for
# the live-lab tests, then the Debian tools the tests use as judges), then runs the whole build with
# every test. Needs root or sudo for apt-get and dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."
export TESTCONTAINERS_RYUK_DISABLED=true
# Docker first: it takes libc/openssl from Debian trixie (low pin), so every later package and
# test runs against the same libraries on every machine.
scripts/install-docker.sh
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"

#!/usr/bin/env bash
# Set-up for the tests: installs and starts the Docker engine with Compose v2 (live-lab tests),
# then the Debian tools the tests use as judges. Needs root or sudo. README's test command is
#   scripts/setup.sh && mvn -B -ntp verify
set -euo pipefail
cd "$(dirname "$0")/.."
# Docker first: it takes libc/openssl from Debian trixie (low pin), so every later package and
# test runs against the same libraries on every machine.
scripts/install-docker.sh
scripts/install-deps.sh

#!/usr/bin/env bash
# The main job on its embedded default: build the tunnel, then make the TinyNet lab PKI.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package
exec java -jar tunnel/target/tunnel.jar pki lab --out lab-certs "$@"

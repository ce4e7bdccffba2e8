#!/usr/bin/env bash
# The main job: build everything, then run the embedded TinyNet lab (WebServer, LDAPhost, MailHost
# and Gateway on loopback, TLS tunnels from the seed's stunnel configurations) until Ctrl-C.
# Options go to the lab: scripts/lab.sh --tap, scripts/lab.sh --tap --no-tls, scripts/lab.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package
exec java -jar it/target/tinynet-lab.jar "$@"

#!/usr/bin/env bash
# Soak: a client-mode and a server-mode `tunnel run` (two JVMs) carry a churning mixed load of about
# 1,000 concurrent connections for DURATION (default 10 minutes); afterwards heap after GC, file
# descriptors, threads and active connections must be back at their baseline. Prints a before/after
# table; see docs/soak.md.
#
#   scripts/soak.sh                 # 10 minutes (PT10M), 1000 connections
#   scripts/soak.sh PT30M 2000      # ISO-8601 duration, connection count
#   SOAK_JVM_ARGS="-Xmx256m" scripts/soak.sh
#
# Needs a JDK 17 (jcmd) and Linux (/proc). Add -o to MAVEN_ARGS to run offline.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-PT10M}"
connections="${2:-1000}"
jvm_args="${SOAK_JVM_ARGS:--Xmx512m}"
limit=$(ulimit -n)
if [ "$limit" != unlimited ] && [ "$limit" -lt $((connections * 3 + 512)) ]; then
  echo "soak: the open-file limit ($limit) is too low for $connections connections; ulimit -n $((connections * 3 + 512))" >&2
  exit 2
fi
exec mvn -B -ntp ${MAVEN_ARGS:-} -pl tunnel test -Dtest=MixedLoadSoakReturnsToBaselineTest \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsoak.duration="$duration" -Dsoak.connections="$connections" -Dsoak.jvmArgs="$jvm_args"

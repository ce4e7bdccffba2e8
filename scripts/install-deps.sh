#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as independent judges and peers.
# Safe to re-run: packages already present are skipped. Needs root (or sudo).
set -euo pipefail

PACKAGES=(openssl stunnel4 ldap-utils curl testssl.sh tcpdump)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: ok (${PACKAGES[*]})"

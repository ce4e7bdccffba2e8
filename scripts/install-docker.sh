#!/usr/bin/env bash
# Installs and starts a Docker engine with Compose v2, for the live lab and its Testcontainers
# tests. Debian bookworm's docker.io has no Compose v2, so Debian trixie's docker-compose package
# is taken with a low pin (priority 100): nothing else on the machine moves to trixie.
# Safe to re-run; does nothing when `docker info` and `docker compose version` already work.
set -euo pipefail

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

if docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    echo "install-docker: engine and compose already available"
    exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! docker compose version >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if ! grep -rqs "trixie" /etc/apt/sources.list.d/; then
        $SUDO tee /etc/apt/sources.list.d/tinynet-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
        $SUDO tee /etc/apt/preferences.d/tinynet-trixie-pin >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    fi
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq -t trixie docker.io docker-compose >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
    echo "install-docker: starting dockerd"
    $SUDO sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        sleep 1
    done
fi
docker info >/dev/null 2>&1 || { echo "install-docker: dockerd did not come up; see /var/log/dockerd.log" >&2; exit 1; }
echo "install-docker: $(docker version --format 'engine {{.Server.Version}}') $(docker compose version --short 2>/dev/null || true)"

#!/usr/bin/env bash
# Builds the live lab's images from local material only: no registry is contacted.
#
#   compose/build-images.sh                 jars (if missing), JRE image, lab image, capture image
#   compose/build-images.sh --rebuild-jars  run Maven even when it/target/tinynet-host.jar exists
#   BASE_IMAGE=eclipse-temurin:17-jre compose/build-images.sh
#                                           online: the lab image on an official JRE instead
#
# Images (names can be overridden through the environment):
#   TINYNET_JRE_IMAGE      tinynet/jre:17          FROM scratch: a jlink'ed Java 17 runtime plus the
#                                                  shared libraries ldd lists for it, nothing else
#   TINYNET_IMAGE          tinynet/lab-host:latest BASE_IMAGE + tinynet-host.jar + the seed configs
#                                                  and the lab overlays; runs every lab host
#   TINYNET_CAPTURE_IMAGE  tinynet/capture:latest  FROM scratch: Debian's tcpdump and its libraries,
#                                                  for watching the lab network (tests and README)
# After it: docker compose -f compose/compose.yaml up
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
STAGE=$ROOT/compose/build
JRE_IMAGE=${TINYNET_JRE_IMAGE:-tinynet/jre:17}
HOST_IMAGE=${TINYNET_IMAGE:-tinynet/lab-host:latest}
CAPTURE_IMAGE=${TINYNET_CAPTURE_IMAGE:-tinynet/capture:latest}
BASE_IMAGE=${BASE_IMAGE:-$JRE_IMAGE}
HOST_JAR=$ROOT/it/target/tinynet-host.jar
REBUILD_JARS=no
CAPTURE=auto

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case $arg in
        --rebuild-jars) REBUILD_JARS=yes ;;
        --no-capture) CAPTURE=no ;;
        --capture) CAPTURE=yes ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build-images: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

say() { echo "build-images: $*"; }
die() { echo "build-images: $*" >&2; exit 1; }

command -v docker >/dev/null || die "docker not found: run scripts/install-docker.sh"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info): start it, or run scripts/install-docker.sh"

# ---------------------------------------------------------------- 1. the jar
if [[ $REBUILD_JARS == yes || ! -f $HOST_JAR ]]; then
    say "building the jars (mvn package, tests skipped)"
    mvn -B -q -ntp -DskipTests ${MVN_ARGS:-} package
fi
[[ -f $HOST_JAR ]] || die "$HOST_JAR is missing after the Maven build"

# ---------------------------------------------------------------- 2. the JRE image (FROM scratch)
# Copies a file and, for a symbolic link, the file it points to, under the same paths in $1.
copy_into() {
    local root=$1 f=$2
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
}
# Every shared library the ELF files given after $1 need, as ldd resolves them on this machine.
copy_libs() {
    local root=$1; shift
    local lib
    for lib in $(ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u); do
        copy_into "$root" "$lib"
    done
}
# /etc files a scratch image needs: a passwd entry for the lab user (Java asks for user.name and
# user.home), and name resolution through /etc/hosts and Docker's DNS (nss files/dns live in libc).
base_etc() {
    local root=$1
    mkdir -p "$root/etc" "$root/tmp" "$root/home/tinynet"
    chmod 1777 "$root/tmp"
    printf 'root:x:0:0:root:/root:/sbin/nologin\ntinynet:x:10001:10001:TinyNet lab:/home/tinynet:/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\ntinynet:x:10001:\n' >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
}

if [[ $BASE_IMAGE == "$JRE_IMAGE" ]]; then
    JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
    [[ -x $JAVA_HOME/bin/jlink ]] || die "jlink not found in $JAVA_HOME: install a JDK 17 (openjdk-17-jdk-headless)"
    [[ -d $JAVA_HOME/jmods ]] || die "$JAVA_HOME/jmods is missing: jlink needs the JDK's jmods"
    # The modules the jar uses (jdeps), without java.desktop: only GUI/bean helpers of ANTLR,
    # commons-collections/lang3 and Jakarta Mail's image handlers refer to it, and the lab never
    # runs them (it would pull in X11 libraries). jdk.crypto.ec is loaded as a security provider,
    # which jdeps cannot see: without it there is no EC key or ECDHE in TLS.
    modules=$("$JAVA_HOME/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps "$HOST_JAR" | tail -1)
    modules=$(echo "$modules" | tr ',' '\n' | grep -v -x 'java.desktop' | sort -u | paste -sd, -)
    modules="$modules,jdk.crypto.ec"
    java_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/{print $2}')
    stamp="$java_version $modules"
    if [[ ! -f $STAGE/jre/stamp || $(cat "$STAGE/jre/stamp") != "$stamp" ]]; then
        say "jlink: Java $java_version, modules $modules"
        rm -rf "$STAGE/jre"
        mkdir -p "$STAGE/jre/rootfs/opt"
        "$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$STAGE/jre/rootfs/opt/java" \
            --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive
        # the archive for -XX:-UseCompressedOops (heaps over 32 GB) is never used by the lab
        rm -f "$STAGE/jre/rootfs/opt/java/lib/server/classes_nocoops.jsa"
        copy_libs "$STAGE/jre/rootfs" "$STAGE/jre/rootfs/opt/java/bin/java" \
            $(find "$STAGE/jre/rootfs/opt/java" -name '*.so')
        base_etc "$STAGE/jre/rootfs"
        echo "$stamp" >"$STAGE/jre/stamp"
    fi
    say "image $JRE_IMAGE"
    docker build -q -t "$JRE_IMAGE" -f compose/images/jre/Dockerfile "$STAGE/jre" >/dev/null
fi

# ---------------------------------------------------------------- 3. the lab image
rm -rf "$STAGE/host"
mkdir -p "$STAGE/host/seed" "$STAGE/host/lab" "$STAGE/host/skel/pki" "$STAGE/host/skel/run"
cp "$HOST_JAR" "$STAGE/host/tinynet-host.jar"
cp tunnel/src/test/resources/seed/*.conf "$STAGE/host/seed/"
cp compose/conf/*.conf "$STAGE/host/lab/"
cp compose/images/host/lab.security "$STAGE/host/"
say "image $HOST_IMAGE (on $BASE_IMAGE)"
docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$HOST_IMAGE" -f compose/images/host/Dockerfile "$STAGE/host" >/dev/null

# ---------------------------------------------------------------- 4. the capture image (optional)
if [[ $CAPTURE != no ]]; then
    if tcpdump_bin=$(command -v tcpdump); then
        rm -rf "$STAGE/capture"
        mkdir -p "$STAGE/capture/rootfs/usr/bin" "$STAGE/capture/rootfs/capture"
        cp -L "$tcpdump_bin" "$STAGE/capture/rootfs/usr/bin/tcpdump"
        copy_libs "$STAGE/capture/rootfs" "$tcpdump_bin"
        base_etc "$STAGE/capture/rootfs"
        say "image $CAPTURE_IMAGE"
        docker build -q -t "$CAPTURE_IMAGE" -f compose/images/capture/Dockerfile "$STAGE/capture" >/dev/null
    elif [[ $CAPTURE == yes ]]; then
        die "tcpdump not found: apt-get install tcpdump (scripts/install-deps.sh installs it)"
    else
        say "skipping $CAPTURE_IMAGE: no tcpdump on this machine (apt-get install tcpdump)"
    fi
fi

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^(${JRE_IMAGE%%:*}|${HOST_IMAGE%%:*}|${CAPTURE_IMAGE%%:*}):" \
    | sed 's/^/build-images:   /' || true
say "done: docker compose -f compose/compose.yaml up"

#!/usr/bin/env bash
# Benchmark: our tunnel (client + server pair) against stunnel4 (client + server pair) on loopback.
# Same certificate, TLS 1.3, chain + host name verification on the client side, session resumption on.
# Usage: bench/run.sh [--quick | --full] [--reps N] [--only main|idle] [--keep]
#   --quick  small sizes, 2 repetitions (about 2-3 minutes)
#   --full   also 10,000 idle connections
#   --reps N repetitions (default 4; the two implementations run alternately: A B, B A, ...)
#   --only   only the traffic workloads (main: bulk, echo, conn rate, resumption) or only idle memory
#   --keep   keep the work directory (configs, logs, raw results)
# Environment: TUNNEL_JAVA_OPTS (more JVM flags for our tunnel, after the launcher's defaults),
#   TUNNEL_JAVA (java binary for our tunnel), BENCH_WORK (work directory).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/tunnel/target/tunnel.jar"
LAUNCHER="$ROOT/tunnel/bin/tunnel" # the launcher with its default JVM settings; TUNNEL_JAVA_OPTS adds flags
QUICK=0 FULL=0 REPS=4 KEEP=0 ONLY=all
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; REPS=2 ;;
        --full) FULL=1 ;;
        --reps) REPS=$2; shift ;;
        --keep) KEEP=1 ;;
        --only) ONLY=$2; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$QUICK" = 1 ]; then
    BULK_MIB=128 ECHO_COUNT=3000 CONN_SECS=3 CONN_WARM_SECS=5 IDLE=(1000)
else
    BULK_MIB=1024 ECHO_COUNT=20000 CONN_SECS=10 CONN_WARM_SECS=40 IDLE=(1000)
fi
LARGE=10000

if ! command -v stunnel4 >/dev/null || ! command -v ss >/dev/null; then
    echo "== installing stunnel4 and the other Debian tools the project uses (scripts/install-deps.sh)"
    "$ROOT/scripts/install-deps.sh"
    command -v ss >/dev/null || { echo "run.sh: ss not found (apt-get install iproute2)" >&2; exit 1; }
fi
command -v javac >/dev/null || { echo "run.sh: javac not found (a JDK 17 is needed)" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
    echo "== building $JAR"
    (cd "$ROOT" && mvn -B -q -ntp -pl tunnel -am -DskipTests package)
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$FULL" = 1 ]; then
    # 10,000 held connections are 20,000 sockets in each endpoint (accepted + connected) plus the
    # JVM's or stunnel's own files, and stunnel admits at most limit * 125 / 256 clients ("Clients
    # allowed" in its log); below what 10,000 needs, hold as many as both admit and say so.
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 20600 ]; then
        LARGE=$(( ($(ulimit -n) * 125 / 256) / 100 * 100 ))
        echo "run.sh: the open-file limit is $(ulimit -n) (hard $(ulimit -Hn)): --full holds $LARGE idle" \
            "connections instead of 10,000 (raise the hard limit for 10,000)" >&2
    fi
    IDLE+=("$LARGE")
fi

WORK=${BENCH_WORK:-$(mktemp -d /tmp/tunnel-bench.XXXXXX)}
mkdir -p "$WORK/classes"
cleanup() {
    # only this shell's background jobs that are still running (no stale, possibly reused, pids)
    local live
    live=$(jobs -pr)
    for p in $live; do kill "$p" 2>/dev/null || true; done
    for p in $live; do wait "$p" 2>/dev/null || true; done
    if [ "$KEEP" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

javac -d "$WORK/classes" "$ROOT/bench/LoadGen.java"
LG=(java -XX:+UseSerialGC -Xss256k -cp "$WORK/classes" LoadGen)

echo "== certificates (RSA-2048) in $WORK"
tunnel() { java -jar "$JAR" "$@"; }
tunnel pki ca --subject "CN=Bench CA,O=tinynet.edu" --cert "$WORK/ca.pem" --key "$WORK/ca-key.pem" \
    --key-type rsa2048 >/dev/null
tunnel pki issue --ca "$WORK/ca.pem" --ca-key "$WORK/ca-key.pem" --key-type rsa2048 \
    --subject "CN=bench.tinynet.edu,O=tinynet.edu" --san DNS:bench.tinynet.edu,IP:127.0.0.1 \
    --out "$WORK/server.pem" >/dev/null

mapfile -t PORTS < <("${LG[@]}" ports 9)
P_BACK=${PORTS[0]} P_OS=${PORTS[1]} P_OC=${PORTS[2]} P_SS=${PORTS[3]} P_SC=${PORTS[4]}

# conf IMPL ROLE ACCEPT CONNECT [DEBUG]: one stunnel.conf syntax for both implementations
conf() {
    local f="$WORK/$1-$2-${5:-3}.conf"
    {
        echo "foreground = yes"
        echo "pid ="
        echo "debug = ${5:-3}"
        [ "$1" = stunnel ] && echo "syslog = no"
        echo "[bench]"
        echo "accept = 127.0.0.1:$3"
        echo "connect = 127.0.0.1:$4"
        echo "sslVersion = TLSv1.3"
        if [ "$2" = server ]; then
            echo "cert = $WORK/server.pem"
        else
            echo "client = yes"
            echo "verifyChain = yes"
            echo "CAfile = $WORK/ca.pem"
            echo "checkHost = bench.tinynet.edu"
        fi
    } >"$f"
    echo "$f"
}

wait_port() {
    local i
    for i in $(seq 1 200); do
        ss -Hltn "sport = :$1" | grep -q . && return 0
        sleep 0.1
    done
    echo "run.sh: nothing listens on port $1 after 20 s; logs in $WORK" >&2
    KEEP=1
    exit 1
}

start() { # start LOG CMD...: background process; its pid in LAST
    local log=$1; shift
    "$@" >"$log" 2>&1 &
    LAST=$!
}

echo "== backend on $P_BACK"
start "$WORK/backend.log" "${LG[@]}" backend "$P_BACK"
wait_port "$P_BACK"

echo "== ours: server $P_OS, client $P_OC (launcher tunnel/bin/tunnel, extra JVM flags: ${TUNNEL_JAVA_OPTS:-none})"
start "$WORK/ours-server.log" "$LAUNCHER" "$(conf ours server "$P_OS" "$P_BACK")"
OURS_S=$LAST
start "$WORK/ours-client.log" "$LAUNCHER" "$(conf ours client "$P_OC" "$P_OS")"
OURS_C=$LAST
echo "== stunnel: server $P_SS, client $P_SC"
start "$WORK/stunnel-server.log" stunnel4 "$(conf stunnel server "$P_SS" "$P_BACK")"
ST_S=$LAST
start "$WORK/stunnel-client.log" stunnel4 "$(conf stunnel client "$P_SC" "$P_SS")"
ST_C=$LAST
for p in "$P_OS" "$P_OC" "$P_SS" "$P_SC"; do wait_port "$p"; done

# pair IMPL CLIENT_PORT SERVER_PORT DEBUG: start a fresh client + server pair; sets PAIR_C, PAIR_S
pair() {
    local impl=$1 a=$2 b=$3 d=$4
    if [ "$impl" = ours ]; then
        start "$WORK/$impl-server-$d.log" "$LAUNCHER" "$(conf "$impl" server "$b" "$P_BACK" "$d")"
        PAIR_S=$LAST
        start "$WORK/$impl-client-$d.log" "$LAUNCHER" "$(conf "$impl" client "$a" "$b" "$d")"
        PAIR_C=$LAST
    else
        start "$WORK/$impl-server-$d.log" stunnel4 "$(conf "$impl" server "$b" "$P_BACK" "$d")"
        PAIR_S=$LAST
        start "$WORK/$impl-client-$d.log" stunnel4 "$(conf "$impl" client "$a" "$b" "$d")"
        PAIR_C=$LAST
    fi
    wait_port "$a"
    wait_port "$b"
}
unpair() {
    kill "$PAIR_C" "$PAIR_S" 2>/dev/null || true
    wait "$PAIR_C" "$PAIR_S" 2>/dev/null || true
}

RESULTS="$WORK/results.txt"
: >"$RESULTS"
# run IMPL RECORD: one round of the workloads (RECORD=0: warm-up, not recorded)
run() {
    local impl=$1 rec=$2 port pids out
    if [ "$impl" = ours ]; then port=$P_OC pids="$OURS_C,$OURS_S"; else port=$P_SC pids="$ST_C,$ST_S"; fi
    out=$(
        "${LG[@]}" bulk-up "$port" "$BULK_MIB" "$pids" "$impl"
        "${LG[@]}" bulk-down "$port" "$BULK_MIB" "$pids" "$impl"
        "${LG[@]}" echo "$port" "$ECHO_COUNT" "$pids" "$impl"
        # the warm-up round runs the handshake path longer: the JIT compiles JSSE's handshake code
        # for about a minute of load before our CPU per connection settles (stunnel needs none)
        "${LG[@]}" connrate "$port" "$(if [ "$rec" = 1 ]; then echo "$CONN_SECS"; else echo "$CONN_WARM_SECS"; fi)" "$pids" "$impl"
    )
    if [ "$rec" = 1 ]; then echo "$out" >>"$RESULTS"; fi
    echo "$out" | sed 's/^/   /'
}

if [ "$ONLY" != idle ]; then
echo "== warm-up (not recorded)"
run ours 0 >/dev/null
run stunnel 0 >/dev/null
for r in $(seq 1 "$REPS"); do
    if [ $((r % 2)) = 1 ]; then order="ours stunnel"; else order="stunnel ours"; fi
    for impl in $order; do
        echo "== repetition $r/$REPS: $impl"
        run "$impl" 1
    done
done

# Resumption check: a separate pair of each at debug = 6 (which logs every handshake), 16 parallel
# clients for 3 s; counts "previous session reused" among the client endpoint's handshakes.
echo "== session resumption check (debug = 6, separate processes, not timed)"
for impl in ours stunnel; do
    if [ "$impl" = ours ]; then a=${PORTS[5]} b=${PORTS[6]}; else a=${PORTS[7]} b=${PORTS[8]}; fi
    pair "$impl" "$a" "$b" 6
    c6=$PAIR_C s6=$PAIR_S
    "${LG[@]}" connrate "$a" 1 "$c6,$s6" "$impl" >/dev/null # warm-up
    sleep 0.5
    reused0=$(grep -ac "previous session reused" "$WORK/$impl-client-6.log" || true)
    fresh0=$(grep -ac "new session negotiated" "$WORK/$impl-client-6.log" || true)
    "${LG[@]}" connrate "$a" 3 "$c6,$s6" "$impl" >/dev/null
    sleep 0.5
    reused=$(( $(grep -ac "previous session reused" "$WORK/$impl-client-6.log" || true) - reused0 ))
    fresh=$(( $(grep -ac "new session negotiated" "$WORK/$impl-client-6.log" || true) - fresh0 ))
    total=$((reused + fresh))
    echo "RESULT $impl resumed_pct $(( total > 0 ? 100 * reused / total : 0 ))" | tee -a "$RESULTS" | sed 's/^/   /'
    echo "   $impl: $reused of $total client handshakes resumed"
    unpair
done
fi

# Idle connections: a fresh pair per measurement (so earlier bulk traffic's heap or buffers do not
# blur the per-connection growth), 200 connections opened and closed first, then the baseline.
if [ "$ONLY" != main ]; then
for r in $(seq 1 "$REPS"); do
    if [ $((r % 2)) = 1 ]; then order="ours stunnel"; else order="stunnel ours"; fi
    for impl in $order; do
        for n in "${IDLE[@]}"; do
            echo "== idle $n, repetition $r/$REPS: $impl (fresh pair)"
            if [ "$impl" = ours ]; then pair ours "${PORTS[5]}" "${PORTS[6]}" 3; else pair stunnel "${PORTS[7]}" "${PORTS[8]}" 3; fi
            port=$(if [ "$impl" = ours ]; then echo "${PORTS[5]}"; else echo "${PORTS[7]}"; fi)
            "${LG[@]}" idle "$port" 200 "$PAIR_C,$PAIR_S" "$impl" >/dev/null
            sleep 1
            "${LG[@]}" idle "$port" "$n" "$PAIR_C,$PAIR_S" "$impl" | tee -a "$RESULTS" | sed 's/^/   /'
            unpair
        done
    done
done
fi

echo
echo "Results: $REPS repetitions, bulk $BULK_MIB MiB per direction, echo $ECHO_COUNT x 100 B," \
    "conn rate 16 clients x ${CONN_SECS}s, idle ${IDLE[*]} connections"
echo "ratio = ours / stunnel (medians); CPU and memory are the sum of the client and server endpoint processes"
"${LG[@]}" report "$RESULTS"

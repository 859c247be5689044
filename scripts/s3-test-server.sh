#!/usr/bin/env bash
# Throw-away, single-node Ceph radosgw on 127.0.0.1 for Stowage's S3 tests.
#
#   scripts/s3-test-server.sh install   apt-get install radosgw ceph-mon ceph-osd (idempotent)
#   scripts/s3-test-server.sh start     start (or keep) the server, write $STOWAGE_S3_DIR/env
#   scripts/s3-test-server.sh stop      stop exactly the daemons started here, remove the state dir
#   scripts/s3-test-server.sh status    exit 0 if the server answers S3 requests
#   scripts/s3-test-server.sh env       print the env file (export STOWAGE_TEST_S3_* lines)
#   scripts/s3-test-server.sh mb BUCKET create a bucket (ok if it already exists)
#
# Environment:
#   STOWAGE_S3_DIR              state dir (default /tmp/stowage-s3-test)
#   STOWAGE_S3_MEMSTORE_BYTES   OSD RAM capacity (default 4 GiB; only what is stored is used)
#   STOWAGE_S3_START_TIMEOUT    seconds to wait for the server (default 90)
#   STOWAGE_S3_KEEP_ON_FAILURE  set to 1 to leave the daemons running after a failed start
#
# See specs/s3-test-server.md.
set -euo pipefail

DIR=${STOWAGE_S3_DIR:-/tmp/stowage-s3-test}
case "$DIR" in /*) ;; *) DIR=$PWD/$DIR ;; esac  # ceph.conf needs absolute paths
MEMSTORE_BYTES=${STOWAGE_S3_MEMSTORE_BYTES:-4294967296}
START_TIMEOUT=${STOWAGE_S3_START_TIMEOUT:-90}

ACCESS_KEY=STOWAGETESTACCESSKEY
SECRET_KEY=stowageTestSecretKey0123456789abcdefXYZ0
REGION=us-east-1
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
RGW_ID=stowage          # radosgw runs as client.rgw.stowage
S3_UID=stowage-test

PACKAGES=(radosgw ceph-mon ceph-osd)
BINARIES=(radosgw radosgw-admin ceph-mon ceph-osd ceph ceph-authtool monmaptool)

log() { printf 's3-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- install

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

installed() {
    local b
    for b in "${BINARIES[@]}" curl; do
        command -v "$b" >/dev/null 2>&1 || return 1
    done
}

installable() {
    local p out
    for p in "$@"; do
        # (no `| grep -q`: under pipefail its early exit would fail the pipeline with SIGPIPE)
        out=$(apt-cache policy "$p" 2>/dev/null) || return 1
        case "$out" in *"Candidate: (none)"* | "") return 1 ;; esac
        case "$out" in *"Candidate:"*) ;; *) return 1 ;; esac
    done
}

cmd_install() {
    if installed; then
        return 0
    fi
    local pkgs=("${PACKAGES[@]}")
    command -v curl >/dev/null 2>&1 || pkgs+=(curl ca-certificates)
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -y -q -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold install --no-install-recommends)
    log "installing ${pkgs[*]} (apt-get)"
    local t0=$SECONDS
    if ! installable "${pkgs[@]}"; then
        log "packages not installable yet: apt-get update"
        as_root apt-get -q update </dev/null >&2
    fi
    if ! as_root "${apt[@]}" "${pkgs[@]}" </dev/null >"${TMPDIR:-/tmp}/s3-test-server-apt.log" 2>&1; then
        # Stale package lists (404 on a superseded .deb) are the usual cause: update and retry once.
        log "apt-get install failed; apt-get update and retry"
        as_root apt-get -q update </dev/null >&2
        as_root "${apt[@]}" "${pkgs[@]}" </dev/null >&2 || die "apt-get install ${pkgs[*]} failed"
    fi
    installed || die "installed ${pkgs[*]} but some of ${BINARIES[*]} are missing"
    log "installed in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------- helpers

# shellcheck source=scripts/test-server-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-server-lib.sh"

endpoint() {
    sed -n 's/^export STOWAGE_TEST_S3_ENDPOINT=//p' "$DIR/env" 2>/dev/null
}

# Signed, body-less S3 request; prints the HTTP status code. Args: METHOD URL OUTFILE.
# curl 7.88 signs but does not send x-amz-content-sha256, which radosgw requires (it answers
# 403 SignatureDoesNotMatch without it), so send it explicitly.
s3_curl() {
    curl -sS -o "$3" -w '%{http_code}' --max-time 10 -X "$1" \
        -H "x-amz-content-sha256: $EMPTY_SHA256" \
        --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" "$2"
}

s3_answers() {
    local code
    code=$(s3_curl GET "$1/" /dev/null 2>/dev/null) || return 1
    [ "$code" = 200 ]
}

# Is PID alive and one of our daemons (same binary, started with our ceph.conf)?
our_pid() {
    local pid=$1 cmd
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
    case "$cmd" in *"$DIR/ceph.conf"*) return 0 ;; *) return 1 ;; esac
}

recorded_pids() {
    [ -f "$DIR/pids" ] || return 0
    awk '{print $2}' "$DIR/pids"
}

all_alive() {
    local n=0 pid
    [ -f "$DIR/pids" ] || return 1
    for pid in $(recorded_pids); do
        our_pid "$pid" || return 1
        n=$((n + 1))
    done
    [ "$n" -ge 3 ]
}

# Send SIG to PIDS, wait up to GRACE tenths of a second for them to exit, then SIGKILL what is
# left. Args: SIG GRACE PIDS...
stop_pids() {
    local sig=$1 grace=$2 i pid
    shift 2
    local pids=("$@")
    kill "-$sig" "${pids[@]}" 2>/dev/null || true
    for i in $(seq 1 $((grace + 50))); do
        local alive=()
        for pid in "${pids[@]}"; do our_pid "$pid" && alive+=("$pid"); done
        [ "${#alive[@]}" -eq 0 ] && return 0
        pids=("${alive[@]}")
        [ "$i" = "$grace" ] && kill -KILL "${pids[@]}" 2>/dev/null || true
        sleep 0.1
    done
    log "warning: pids ${pids[*]} did not exit"
}

kill_recorded() {
    [ -f "$DIR/pids" ] || return 0
    local name pid rgw=() osd=() mon=()
    while read -r name pid; do
        our_pid "$pid" || continue
        case "$name" in rgw.*) rgw+=("$pid") ;; osd.*) osd+=("$pid") ;; *) mon+=("$pid") ;; esac
    done <"$DIR/pids"
    local all=("${rgw[@]}" "${osd[@]}" "${mon[@]}")
    [ "${#all[@]}" -gt 0 ] || return 0
    log "stopping pids ${all[*]}"
    # Nothing here needs a clean shutdown (the state dir is deleted next), so keep it short:
    # radosgw gets SIGTERM and 1 s (its graceful shutdown takes 0.3-5 s), then SIGKILL; the OSD
    # gets SIGKILL at once (on SIGTERM memstore first writes all its data to the state dir); the
    # monitor last, SIGTERM and 2 s.
    [ "${#rgw[@]}" -eq 0 ] || stop_pids TERM 10 "${rgw[@]}"
    [ "${#osd[@]}" -eq 0 ] || stop_pids KILL 1 "${osd[@]}"
    [ "${#mon[@]}" -eq 0 ] || stop_pids TERM 20 "${mon[@]}"
}

log_tails() {
    local f
    for f in "$DIR"/log/*.log "$DIR"/log/*.out; do
        [ -s "$f" ] || continue
        printf '\n----- tail of %s -----\n' "$f" >&2
        tail -n 25 "$f" >&2
    done
}

# Start a daemon in the background, stdin/stdout/stderr detached from the caller (so
# `start | tee` or `$(start)` does not hang), and record its PID.
spawn() {
    local name=$1
    shift
    "$@" </dev/null >"$DIR/log/$name.out" 2>&1 &
    local pid=$!
    disown "$pid"  # no "Killed" job notices from this shell when stop kills it
    echo "$name $pid" >>"$DIR/pids"
}

pid_of() { awk -v n="$1" '$1 == n {print $2}' "$DIR/pids"; }

# Fail fast if a daemon we started died.
check_alive() {
    local name pid
    while read -r name pid; do
        running "$pid" || { log "$name (pid $pid) exited"; return 1; }
    done <"$DIR/pids"
}

# Run a client command (output to log/NAME.out) until it finishes, the deadline passes, or one of
# our daemons dies (then it would only hang). Args: DEADLINE NAME COMMAND...
bounded() {
    local deadline=$1 name=$2
    shift 2
    "$@" </dev/null >"$DIR/log/$name.out" 2>&1 &
    local pid=$! rc=0
    while [ -e "/proc/$pid" ] && kill -0 "$pid" 2>/dev/null; do
        if ! check_alive; then
            kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
            log "$name failed: a daemon exited"
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
            log "$name timed out (STOWAGE_S3_START_TIMEOUT=${START_TIMEOUT} s)"
            return 1
        fi
        sleep 0.05
    done
    wait "$pid" || rc=$?
    [ "$rc" = 0 ] || log "$name failed (exit $rc): $(tail -n 3 "$DIR/log/$name.out" | tr '\n' ' ')"
    return "$rc"
}

write_conf() {
    local fsid=$1 mon_port=$2 rgw_port=$3
    cat >"$DIR/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind msgr2 = true
ms bind ipv6 = false
# One bind attempt: a taken port fails at once (start retries with new ports) instead of after
# 3 tries 5 s apart. (0 would mean no attempt at all.)
ms bind retry count = 1
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $DIR/keyring
run dir = $DIR/run
crash dir = $DIR/crash
log file = $DIR/log/\$name.log
log to stderr = false
err to stderr = false
pid file = $DIR/run/\$name.pid
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
paxos propose interval = 0.1
client mount timeout = 30
rados mon op timeout = 60
rados osd op timeout = 60

[mon]
mon data = $DIR/mon.\$id
mon cluster log file = $DIR/log/cluster.log
admin socket = $DIR/run/\$name.asok

[osd]
osd data = $DIR/osd.\$id
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
admin socket = $DIR/run/\$name.asok

[client.rgw.$RGW_ID]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $DIR/rgw
admin socket = $DIR/run/\$name.asok
rgw gc obj min wait = 60
rgw gc processor period = 60
rgw init timeout = 120
EOF
}

# One attempt at bringing the cluster up. Returns non-zero on failure (caller cleans up).
# (It runs in an `if`, where set -e is off: every step checks its own status.)
start_once() {
    local deadline=$1
    mkdir -p "$DIR"/{log,run,crash,rgw,mon.a,osd.0} && : >"$DIR/pids" && chmod 700 "$DIR" ||
        { log "cannot create $DIR"; return 1; }

    local mon_port rgw_port fsid osd_uuid
    mon_port=$(free_port) || { log "cannot pick a free port (python3)"; return 1; }
    while port_in_use "$mon_port"; do mon_port=$(free_port) || return 1; done
    rgw_port=$(free_port) || return 1
    while [ "$rgw_port" = "$mon_port" ] || port_in_use "$rgw_port"; do
        rgw_port=$(free_port) || return 1
    done
    fsid=$(cat /proc/sys/kernel/random/uuid)
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    write_conf "$fsid" "$mon_port" "$rgw_port" || return 1
    local conf=(-c "$DIR/ceph.conf")

    # Keys: mkfs imports every entry of this keyring (with its caps) into the monitor.
    local kr=$DIR/keyring
    {
        ceph-authtool --create-keyring "$kr" --gen-key -n mon. --cap mon 'allow *' &&
        ceph-authtool "$kr" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
            --cap mgr 'allow *' --cap mds 'allow *' &&
        ceph-authtool "$kr" --gen-key -n "client.rgw.$RGW_ID" --cap mon 'allow rw' \
            --cap osd 'allow rwx' --cap mgr 'allow rw' &&
        ceph-authtool "$kr" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' \
            --cap mgr 'allow profile osd' &&
        chmod 600 "$kr" &&
        monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" \
            --enable-all-features --set-min-mon-release pacific "$DIR/monmap"
    } >"$DIR/log/keys.out" 2>&1 || { log "ceph-authtool/monmaptool failed"; return 1; }
    ceph-mon "${conf[@]}" --mkfs -i a --monmap "$DIR/monmap" --keyring "$kr" \
        >"$DIR/log/mon-mkfs.out" 2>&1 || { log "ceph-mon --mkfs failed"; return 1; }
    spawn mon.a ceph-mon "${conf[@]}" -f -i a
    log "mon started (pid $(pid_of mon.a), port $mon_port)"

    # Register osd.0 (waits for the mon to form quorum), then mkfs and start the memstore OSD.
    bounded "$deadline" osd-new ceph "${conf[@]}" osd new "$osd_uuid" 0 || return 1
    ceph-osd "${conf[@]}" -i 0 --mkfs --osd-uuid "$osd_uuid" \
        >"$DIR/log/osd-mkfs.out" 2>&1 || { log "ceph-osd --mkfs failed"; return 1; }
    spawn osd.0 ceph-osd "${conf[@]}" -f -i 0
    log "osd started (pid $(pid_of osd.0), memstore $MEMSTORE_BYTES bytes)"

    # radosgw creates its pools as soon as the OSD is up; no need to wait for that here.
    spawn "rgw.$RGW_ID" radosgw "${conf[@]}" -f -n "client.rgw.$RGW_ID"
    log "radosgw started (pid $(pid_of "rgw.$RGW_ID"), port $rgw_port)"

    bounded "$deadline" user-create radosgw-admin "${conf[@]}" user create --uid="$S3_UID" \
        --display-name="Stowage tests" --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" \
        || return 1

    local ep="http://127.0.0.1:$rgw_port"
    until s3_answers "$ep"; do
        check_alive || return 1
        [ "$SECONDS" -lt "$deadline" ] || { log "radosgw did not answer within ${START_TIMEOUT} s"; return 1; }
        sleep 0.1
    done

    cat >"$DIR/env.tmp" <<EOF
export STOWAGE_TEST_S3_ENDPOINT=$ep
export STOWAGE_TEST_S3_ACCESS_KEY=$ACCESS_KEY
export STOWAGE_TEST_S3_SECRET_KEY=$SECRET_KEY
export STOWAGE_TEST_S3_REGION=$REGION
EOF
    mv "$DIR/env.tmp" "$DIR/env"
}

# ---------------------------------------------------------------- commands

cmd_status() {
    local ep
    ep=$(endpoint) || true
    [ -n "$ep" ] && all_alive && s3_answers "$ep"
}

cmd_stop() {
    if [ -d "$DIR" ]; then
        kill_recorded
        rm -rf "$DIR"
        log "stopped; removed $DIR"
    fi
}

cmd_start() {
    if [ -d "$DIR" ] && cmd_status; then
        log "already running at $(endpoint) ($DIR)"
        return 0
    fi
    installed || cmd_install
    if [ -e "$DIR" ]; then
        log "$DIR exists but the server is not healthy; cleaning it up"
        cmd_stop
    fi
    local t0=$SECONDS attempt
    for attempt in 1 2 3; do
        if start_once $((SECONDS + START_TIMEOUT)); then
            log "up at $(endpoint) in $((SECONDS - t0)) s; env: $DIR/env"
            return 0
        fi
        if [ "$attempt" -lt 3 ] && grep -qs -i -e 'address already in use' -e 'unable to bind' -e 'failed to bind' \
            "$DIR"/log/*.log "$DIR"/log/*.out; then
            log "a port was taken meanwhile; retrying with new ports"
            kill_recorded
            rm -rf "$DIR"
            continue
        fi
        break
    done
    log "failed to start; daemon log tails follow"
    log_tails
    [ -n "${STOWAGE_S3_KEEP_ON_FAILURE:-}" ] || kill_recorded
    log "state kept in $DIR for inspection; '$0 stop' removes it"
    return 1
}

cmd_env() {
    [ -f "$DIR/env" ] || die "no env file: server not started ($DIR)"
    cat "$DIR/env"
}

cmd_mb() {
    local bucket=${1:-}
    [ -n "$bucket" ] || die "usage: $0 mb BUCKET"
    local ep code out
    ep=$(endpoint)
    [ -n "$ep" ] || die "server not started ($DIR)"
    out=$(mktemp)
    code=$(s3_curl PUT "$ep/$bucket" "$out") || code=000
    if [ "$code" = 200 ] || grep -qs BucketAlreadyOwnedByYou "$out"; then
        rm -f "$out"
        log "bucket $bucket ready"
        return 0
    fi
    log "creating bucket $bucket failed: HTTP $code $(cat "$out")"
    rm -f "$out"
    return 1
}

usage() {
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
mb) shift; cmd_mb "$@" ;;
*) usage ;;
esac

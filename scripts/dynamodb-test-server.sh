#!/usr/bin/env bash
# Throw-away moto server on 127.0.0.1 for Stowage's DynamoDB tests, with request signatures checked.
#
#   scripts/dynamodb-test-server.sh start     start (or keep) the server, write $STOWAGE_DYNAMODB_DIR/env
#   scripts/dynamodb-test-server.sh stop      stop exactly the process started here, remove the state dir
#   scripts/dynamodb-test-server.sh status    exit 0 if the server answers a signed DynamoDB request
#   scripts/dynamodb-test-server.sh env       print the env file (export STOWAGE_TEST_DYNAMODB_* lines)
#
# Environment:
#   STOWAGE_DYNAMODB_DIR            state dir (default /tmp/stowage-dynamodb-test)
#   STOWAGE_DYNAMODB_START_TIMEOUT  seconds to wait for the server (default 60)
#
# moto checks nothing by default (a wrong secret gets 200). With INITIAL_NO_AUTH_ACTION_COUNT=3 the first
# three actions skip authentication; start spends exactly those on CreateUser, PutUserPolicy and
# CreateAccessKey, so every later request is checked against that user's key. Needs pip 'moto[server]'
# (scripts/setup.sh --tests) and curl.
set -euo pipefail

DIR=${STOWAGE_DYNAMODB_DIR:-/tmp/stowage-dynamodb-test}
case "$DIR" in /*) ;; *) DIR=$PWD/$DIR ;; esac
START_TIMEOUT=${STOWAGE_DYNAMODB_START_TIMEOUT:-60}

REGION=us-east-1
IAM_USER=stowage-test
NO_AUTH_ACTIONS=3  # CreateUser, PutUserPolicy, CreateAccessKey
POLICY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}'

log() { printf 'dynamodb-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- helpers

# shellcheck source=scripts/test-server-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-server-lib.sh"

env_value() {
    sed -n "s/^export $1=//p" "$DIR/env" 2>/dev/null
}

# Is PID alive and the moto server started with this dir's port?
our_pid() {
    local pid=$1 port cmd
    port=$(cat "$DIR/port" 2>/dev/null) || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
    case "$cmd" in *"moto.server -H 127.0.0.1 -p $port "*) return 0 ;; *) return 1 ;; esac
}

recorded_pid() {
    cat "$DIR/pid" 2>/dev/null
}

# A SigV4-signed request. Args: SERVICE KEY SECRET OUTFILE CURL-ARGS...; prints the HTTP status.
signed() {
    local service=$1 key=$2 secret=$3 out=$4
    shift 4
    curl -sS -o "$out" -w '%{http_code}' --max-time 10 \
        --aws-sigv4 "aws:amz:$REGION:$service" --user "$key:$secret" "$@"
}

# One IAM Query API action while authentication is still off. Args: OUTFILE FORM-FIELDS...
iam() {
    local out=$1 url code
    shift
    url="http://127.0.0.1:$(cat "$DIR/port")/"
    local form=(--data-urlencode "Version=2010-05-08")
    local field
    for field in "$@"; do form+=(--data-urlencode "$field"); done
    code=$(signed iam bootstrap bootstrap "$out" "${form[@]}" "$url") || code=000
    [ "$code" = 200 ] || { log "IAM $1 answered HTTP $code: $(head -c 300 "$out")"; return 1; }
}

# Signed ListTables with KEY SECRET; prints the HTTP status.
list_tables() {
    signed dynamodb "$1" "$2" /dev/null -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Target: DynamoDB_20120810.ListTables' --data-binary '{}' "$3"
}

xml_text() {
    sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" "$2" | head -n 1
}

# One attempt at starting the server. Returns non-zero on failure (the caller cleans up).
start_once() {
    local deadline=$1 port
    mkdir -p "$DIR" && chmod 700 "$DIR" || { log "cannot create $DIR"; return 1; }
    port=$(free_port) || { log "cannot pick a free port (python3)"; return 1; }
    while port_in_use "$port"; do port=$(free_port) || return 1; done
    echo "$port" >"$DIR/port"

    # stdin/stdout/stderr detached from the caller, so `start | tee` or `$(start)` does not hang.
    INITIAL_NO_AUTH_ACTION_COUNT=$NO_AUTH_ACTIONS python3 -m moto.server -H 127.0.0.1 -p "$port" \
        </dev/null >"$DIR/server.log" 2>&1 &
    local pid=$!
    disown "$pid"
    echo "$pid" >"$DIR/pid"
    log "moto server started (pid $pid, port $port)"

    # Wait for the port without sending an action (a connection that is refused counts for nothing).
    until port_in_use "$port"; do
        running "$pid" || { log "moto server (pid $pid) exited: $(tail -n 3 "$DIR/server.log" | tr '\n' ' ')"; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { log "moto server did not listen within ${START_TIMEOUT} s"; return 1; }
        sleep 0.1
    done

    local out=$DIR/iam.xml key secret
    iam "$out" "Action=CreateUser" "UserName=$IAM_USER" || return 1
    iam "$out" "Action=PutUserPolicy" "UserName=$IAM_USER" "PolicyName=dynamodb-all" \
        "PolicyDocument=$POLICY" || return 1
    iam "$out" "Action=CreateAccessKey" "UserName=$IAM_USER" || return 1
    key=$(xml_text AccessKeyId "$out")
    secret=$(xml_text SecretAccessKey "$out")
    rm -f "$out"
    [ -n "$key" ] && [ -n "$secret" ] || { log "CreateAccessKey answer lacks the key"; return 1; }

    local ep="http://127.0.0.1:$port" code
    code=$(list_tables "$key" "$secret" "$ep") || code=000
    [ "$code" = 200 ] || { log "signed ListTables answered HTTP $code"; return 1; }
    code=$(list_tables "$key" "wrong$secret" "$ep") || code=000
    [ "$code" = 403 ] || { log "a wrong secret got HTTP $code, not 403: signatures are not checked"; return 1; }

    cat >"$DIR/env.tmp" <<EOF
export STOWAGE_TEST_DYNAMODB_ENDPOINT=$ep
export STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID=$key
export STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY=$secret
export STOWAGE_TEST_DYNAMODB_REGION=$REGION
EOF
    chmod 600 "$DIR/env.tmp"
    mv "$DIR/env.tmp" "$DIR/env"
}

kill_recorded() {
    local pid i
    pid=$(recorded_pid) || return 0
    [ -n "$pid" ] && our_pid "$pid" || return 0
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 30); do
        our_pid "$pid" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- commands

cmd_status() {
    local ep key secret pid code
    ep=$(env_value STOWAGE_TEST_DYNAMODB_ENDPOINT) || true
    key=$(env_value STOWAGE_TEST_DYNAMODB_ACCESS_KEY_ID) || true
    secret=$(env_value STOWAGE_TEST_DYNAMODB_SECRET_ACCESS_KEY) || true
    pid=$(recorded_pid) || true
    [ -n "$ep" ] && [ -n "$pid" ] && our_pid "$pid" || return 1
    code=$(list_tables "$key" "$secret" "$ep" 2>/dev/null) || return 1
    [ "$code" = 200 ]
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
        log "already running at $(env_value STOWAGE_TEST_DYNAMODB_ENDPOINT) ($DIR)"
        return 0
    fi
    command -v curl >/dev/null 2>&1 || die "curl is missing"
    python3 -c 'import moto.server' 2>/dev/null || die "python3 cannot import moto.server; run scripts/setup.sh --tests"
    if [ -e "$DIR" ]; then
        log "$DIR exists but the server is not healthy; cleaning it up"
        cmd_stop
    fi
    local t0=$SECONDS attempt
    for attempt in 1 2 3; do
        if start_once $((SECONDS + START_TIMEOUT)); then
            log "up at $(env_value STOWAGE_TEST_DYNAMODB_ENDPOINT) in $((SECONDS - t0)) s; env: $DIR/env"
            return 0
        fi
        if [ "$attempt" -lt 3 ] && grep -qs -i 'address already in use' "$DIR/server.log"; then
            log "the port was taken meanwhile; retrying with a new port"
            kill_recorded
            rm -rf "$DIR"
            continue
        fi
        break
    done
    log "failed to start; server log tail follows"
    tail -n 25 "$DIR/server.log" >&2 2>/dev/null || true
    kill_recorded
    rm -rf "$DIR"
    return 1
}

cmd_env() {
    [ -f "$DIR/env" ] || die "no env file: server not started ($DIR)"
    cat "$DIR/env"
}

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) cmd_env ;;
*) usage ;;
esac

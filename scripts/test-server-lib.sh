# Helpers shared by scripts/s3-test-server.sh and scripts/dynamodb-test-server.sh (sourced, not run).

# A free port on 127.0.0.1, picked by the kernel; a tiny race remains, which each start's checks cover.
free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Does something accept connections on 127.0.0.1:PORT?
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Is PID, a child this script just started, still running? (Until it has exec'd, its cmdline is still this
# shell's, so a check of the command line cannot tell yet.)
running() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

#!/usr/bin/env python3
"""Loopback HTTP/1.1 fault-injecting proxy for Stowage's S3 tests (python3 stdlib only).

    python3 scripts/fault_proxy.py --listen 127.0.0.1:0 --upstream 127.0.0.1:PORT \\
        --reset-rate 0.1 --error-rate 0.1 --seed 7 [--max-faults N] [--port-file FILE] [-v]

Point an S3 client at http://127.0.0.1:<listen port> instead of the server. Requests are
forwarded byte for byte (request line, headers including Host, body), so SigV4 signatures stay
valid. For each request, with probability --reset-rate the client connection is reset (RST via
SO_LINGER 0) at one of three points:

    reset_before_body   after the request head, before reading the body; nothing reaches upstream
    reset_mid_body      after forwarding about half of the body upstream (upstream sees a
                        truncated request and does nothing)
    reset_after_forward after forwarding the whole request and reading upstream's whole answer:
                        the server did the work, the client never hears about it

and with probability --error-rate it answers without forwarding (the body is read and dropped):

    error_503           503 <Error><Code>SlowDown</Code>...
    error_500           500 <Error><Code>InternalError</Code>...

--max-faults caps the total number of injected faults, so a test is guaranteed to finish.
Fault decisions come from random.Random(--seed) drawn in request-arrival order (deterministic
for a sequential client; with concurrent connections only the arrival order varies).

Prints the listening port on stdout (and to --port-file, written atomically), one line per fault
on stderr with -v, and a counts summary on stderr on SIGTERM/SIGINT (SIGUSR1: summary without
exiting), e.g.
    fault_proxy: {"connection_errors": 0, "connections": 38, "error_500": 13, "error_503": 23,
    "faults": 77, "forwarded": 236, "requests": 313, "reset_after_forward": 20, ...}
Handles keep-alive, Content-Length bodies of any size (streamed), chunked requests and responses,
and "Expect: 100-continue" (the upstream's 100 is relayed; the body is sent after it, or after 1 s
of silence). Only ever connects to 127.0.0.1.
"""

import argparse
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import threading
import time
from email.utils import formatdate

BUF = 256 * 1024
MAX_HEAD = 64 * 1024
UPSTREAM_HOST = "127.0.0.1"
# How long to wait for the upstream's "100 Continue" before sending the body anyway (what
# curl and botocore do on the client side too).
EXPECT_WAIT = 1.0


class Closed(Exception):
    """A peer closed its connection in the middle of a message."""

    def __init__(self, side, what):
        super().__init__("%s: %s" % (side, what))
        self.side = side


class ProtocolError(Exception):
    pass


class Stream:
    """Buffered reader over a socket; all writes go straight to sendall."""

    def __init__(self, sock, side):
        self.sock = sock
        self.side = side  # "client" or "upstream", for messages
        self.buf = bytearray()
        self.eof = False

    def fill(self):
        if self.eof:
            return False
        data = self.sock.recv(BUF)
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def readable(self, timeout):
        """Is there buffered data, or does the socket become readable within timeout?"""
        if self.buf or self.eof:
            return True
        r, _, _ = select.select([self.sock], [], [], timeout)
        return bool(r)

    def _read_until(self, delimiter, too_long):
        """Read up to and including delimiter; returns bytes, or None if the peer closed first."""
        while True:
            i = self.buf.find(delimiter)
            if i >= 0:
                end = i + len(delimiter)
                out = bytes(self.buf[:end])
                del self.buf[:end]
                return out
            if len(self.buf) > MAX_HEAD:
                raise ProtocolError(too_long)
            if not self.fill():
                return None

    def read_head(self):
        """Read up to and including the blank line; returns bytes, or None on clean EOF."""
        head = self._read_until(b"\r\n\r\n", "header too large")
        if head is None and self.buf:
            raise Closed(self.side, "EOF inside a message head")
        return head

    def read_line(self):
        line = self._read_until(b"\n", "line too long")
        if line is None:
            raise Closed(self.side, "EOF inside a chunked body")
        return line

    def read_some(self, n):
        """Up to n (> 0) bytes; raises Closed on EOF."""
        if not self.buf and not self.fill():
            raise Closed(self.side, "EOF inside a body")
        chunk = bytes(self.buf[:n])
        del self.buf[:n]
        return chunk

    def send(self, data):
        self.sock.sendall(data)


def parse_head(head):
    """Returns (first line parts, {lower-case name: [values]})."""
    lines = head[:-4].split(b"\r\n")
    first = lines[0].decode("latin-1").split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise ProtocolError("bad header line %r" % line[:80])
        headers.setdefault(name.strip().lower().decode("latin-1"), []).append(
            value.strip().decode("latin-1"))
    return first, headers


def header(headers, name):
    v = headers.get(name)
    return v[-1] if v else None


def tokens(headers, name):
    out = set()
    for v in headers.get(name, []):
        out.update(t.strip().lower() for t in v.split(","))
    return out


class Body:
    """Framing of a message body: ('none'), ('length', n), ('chunked'), ('eof')."""

    def __init__(self, kind, length=0):
        self.kind = kind
        self.length = length


def request_body(headers):
    if "chunked" in tokens(headers, "transfer-encoding"):
        return Body("chunked")
    cl = header(headers, "content-length")
    if cl is not None:
        try:
            n = int(cl)
        except ValueError:
            raise ProtocolError("bad Content-Length %r" % cl)
        if n < 0:
            raise ProtocolError("bad Content-Length %r" % cl)
        return Body("length", n) if n else Body("none")
    return Body("none")


def response_body(method, status, headers):
    if method == "HEAD" or 100 <= status < 200 or status in (204, 304):
        return Body("none")
    if "chunked" in tokens(headers, "transfer-encoding"):
        return Body("chunked")
    cl = header(headers, "content-length")
    if cl is not None:
        n = int(cl)
        return Body("length", n) if n else Body("none")
    return Body("eof")


def copy_body(src, body, dst, limit=None):
    """Copy a body from Stream src to Stream dst (None = discard), bytes unchanged.

    With limit, stop after about that many bytes (for mid-body resets) and return False.
    Returns True when the whole body was copied.
    """
    sent = 0

    def want(left):
        n = min(left, BUF)
        return n if limit is None else min(n, limit - sent)

    if body.kind == "none":
        return True
    if body.kind == "length":
        left = body.length
        while left:
            if limit is not None and sent >= limit:
                return False
            data = src.read_some(want(left))
            left -= len(data)
            sent += len(data)
            if dst is not None:
                dst.send(data)
        return True
    if body.kind == "chunked":
        while True:
            line = src.read_line()
            if dst is not None:
                dst.send(line)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ProtocolError("bad chunk size line %r" % line[:80])
            if size == 0:
                # trailers, up to and including the empty line
                while True:
                    line = src.read_line()
                    if dst is not None:
                        dst.send(line)
                    if line in (b"\r\n", b"\n"):
                        return True
            left = size + 2  # data + CRLF
            while left:
                if limit is not None and sent >= limit:
                    return False
                data = src.read_some(want(left))
                left -= len(data)
                sent += len(data)
                if dst is not None:
                    dst.send(data)
    if body.kind == "eof":
        while True:
            try:
                data = src.read_some(BUF)
            except Closed:
                return True
            if dst is not None:
                dst.send(data)
    raise AssertionError(body.kind)


def body_size(body):
    return body.length if body.kind == "length" else 0


def reset(sock):
    """Close with SO_LINGER 0: the peer gets a TCP RST."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class Proxy:
    FAULTS = ("reset_before_body", "reset_mid_body", "reset_after_forward",
              "error_503", "error_500")

    def __init__(self, args):
        self.args = args
        self.upstream_port = args.upstream_port
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.counts = {k: 0 for k in ("connections", "requests", "forwarded", "faults",
                                      "upstream_errors", "connection_errors") + self.FAULTS}
        self.seq = 0

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] += n

    def decide(self):
        """Returns (request number, fault name or None), in arrival order."""
        a = self.args
        with self.lock:
            self.seq += 1
            seq = self.seq
            self.counts["requests"] += 1
            # Always draw the same numbers per request, so the sequence does not depend on
            # which faults were capped.
            r = self.rng.random()
            kind = self.rng.random()
            fault = None
            if r < a.reset_rate:
                fault = ("reset_before_body", "reset_mid_body", "reset_after_forward")[
                    min(int(kind * 3), 2)]
            elif r < a.reset_rate + a.error_rate:
                fault = "error_503" if kind < 0.5 else "error_500"
            if fault and a.max_faults is not None and self.counts["faults"] >= a.max_faults:
                fault = None
            if fault:
                self.counts["faults"] += 1
                self.counts[fault] += 1
            return seq, fault

    def log(self, msg):
        if self.args.verbose:
            sys.stderr.write("fault_proxy: %s\n" % msg)
            sys.stderr.flush()

    def summary(self):
        with self.lock:
            return json.dumps(self.counts, sort_keys=True)

    # ------------------------------------------------------------------ per connection

    def handle(self, csock):
        self.count("connections")
        client = Stream(csock, "client")
        upstream = None
        try:
            while True:
                head = client.read_head()
                if head is None:
                    return
                (first, headers) = parse_head(head)
                if len(first) != 3 or not first[2].startswith("HTTP/1."):
                    raise ProtocolError("bad request line %r" % head[:80])
                method, target, version = first
                body = request_body(headers)
                conn_tokens = tokens(headers, "connection")
                client_close = "close" in conn_tokens or (
                    version == "HTTP/1.0" and "keep-alive" not in conn_tokens)
                expect = "100-continue" in tokens(headers, "expect")
                seq, fault = self.decide()
                what = "#%d %s %s (%d body bytes)" % (seq, method, target[:120], body_size(body))

                if fault == "reset_before_body":
                    self.log("%s: %s" % (what, fault))
                    reset(csock)
                    return
                if fault in ("error_503", "error_500"):
                    self.log("%s: %s" % (what, fault))
                    if expect and body.kind != "none":
                        client.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                    copy_body(client, body, None)
                    client.send(error_response(fault, method, seq, client_close))
                    if client_close:
                        return
                    continue

                # Forward. (Re)connect upstream if needed.
                if upstream is not None and upstream_gone(upstream):
                    upstream.sock.close()
                    upstream = None
                if upstream is None:
                    try:
                        us = socket.create_connection((UPSTREAM_HOST, self.upstream_port),
                                                      timeout=30)
                    except OSError as e:
                        self.count("upstream_errors")
                        self.log("%s: upstream connect failed: %s" % (what, e))
                        client.send(simple_response(502, "Bad Gateway", True))
                        linger_close(csock)
                        return
                    us.settimeout(300)  # a hung upstream ends the connection eventually
                    us.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    upstream = Stream(us, "upstream")

                upstream.send(head)
                final = None  # (head bytes, status, headers) of upstream's final response
                body_skipped = False  # upstream answered before asking for the body
                if body.kind != "none":
                    if expect:
                        # Relay interim responses until upstream asks for the body (100), gives
                        # a final answer, or stays silent for EXPECT_WAIT.
                        while upstream.readable(EXPECT_WAIT):
                            rhead = upstream.read_head()
                            if rhead is None:
                                raise Closed("upstream", "closed before answering")
                            rfirst, rheaders = parse_head(rhead)
                            status = int(rfirst[1])
                            if status >= 200:
                                final = (rhead, status, rheaders)
                                body_skipped = True
                                break
                            client.send(rhead)
                            if status == 100:
                                break
                    if final is None:
                        limit = None
                        if fault == "reset_mid_body":
                            limit = body_size(body) // 2  # 0 for chunked: head only
                        complete = copy_body(client, body, upstream, limit)
                        if not complete:
                            self.log("%s: %s" % (what, fault))
                            reset(csock)
                            return
                if fault == "reset_mid_body":
                    # No body to cut (none, or upstream answered before asking for it): reset
                    # after upstream's answer instead.
                    fault = "reset_after_forward"
                    with self.lock:
                        self.counts["reset_mid_body"] -= 1
                        self.counts["reset_after_forward"] += 1

                # Upstream's answer: interim responses, then the final one.
                while final is None:
                    rhead = upstream.read_head()
                    if rhead is None:
                        raise Closed("upstream", "closed before answering")
                    rfirst, rheaders = parse_head(rhead)
                    status = int(rfirst[1])
                    if status >= 200:
                        final = (rhead, status, rheaders)
                    elif fault != "reset_after_forward":
                        client.send(rhead)
                rhead, status, rheaders = final
                rbody = response_body(method, status, rheaders)
                upstream_close = rbody.kind == "eof" or "close" in tokens(rheaders, "connection")

                if fault == "reset_after_forward":
                    copy_body(upstream, rbody, None)
                    self.log("%s: %s (upstream answered %d)" % (what, fault, status))
                    reset(csock)
                    return

                self.count("forwarded")
                client.send(rhead)
                copy_body(upstream, rbody, client)
                if body_skipped:
                    # Upstream refused the body after "Expect: 100-continue"; the client may or
                    # may not send it now, so neither connection's framing is known: close both
                    # (gracefully on the client side, so it still reads the answer).
                    linger_close(csock)
                    return
                if upstream_close:
                    upstream.sock.close()
                    upstream = None
                    return
                if client_close:
                    return
        except Closed as e:
            self.count("upstream_errors" if e.side == "upstream" else "connection_errors")
            self.log("connection ended: %s" % e)
        except (ConnectionError, socket.timeout) as e:
            self.count("connection_errors")
            self.log("connection ended: %s" % e)
        except ProtocolError as e:
            self.count("connection_errors")
            self.log("protocol error: %s" % e)
            try:
                client.send(simple_response(400, "Bad Request", True))
            except OSError:
                pass
        except OSError as e:
            self.count("connection_errors")
            self.log("socket error: %s" % e)
        finally:
            if upstream is not None:
                try:
                    upstream.sock.close()
                except OSError:
                    pass
            try:
                csock.close()
            except OSError:
                pass


def linger_close(sock, wait=1.0):
    """Graceful close that does not turn into a RST while the peer is still sending: half-close,
    then read and drop whatever arrives for up to `wait` seconds."""
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([sock], [], [], left)
            if r and not sock.recv(BUF):
                break
    except OSError:
        pass


def upstream_gone(stream):
    """A kept-alive upstream connection that the server closed while idle."""
    if stream.buf:
        return True  # unexpected bytes: don't reuse
    r, _, _ = select.select([stream.sock], [], [], 0)
    if not r:
        return False
    return True


def simple_response(code, reason, close):
    return ("HTTP/1.1 %d %s\r\nContent-Length: 0\r\nDate: %s\r\n%s\r\n" % (
        code, reason, formatdate(usegmt=True),
        "Connection: close\r\n" if close else "")).encode("latin-1")


def error_response(fault, method, seq, close):
    if fault == "error_503":
        code, reason, s3code, msg = 503, "Slow Down", "SlowDown", "Please reduce your request rate."
    else:
        code, reason, s3code, msg = (500, "Internal Server Error", "InternalError",
                                     "We encountered an internal error. Please try again.")
    rid = "faultproxy%08d" % seq
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s'
            ' (injected by fault_proxy)</Message><RequestId>%s</RequestId></Error>' % (
                s3code, msg, rid)).encode()
    head = ("HTTP/1.1 %d %s\r\nContent-Type: application/xml\r\nContent-Length: %d\r\n"
            "x-amz-request-id: %s\r\nDate: %s\r\n%s\r\n" % (
                code, reason, len(body), rid, formatdate(usegmt=True),
                "Connection: close\r\n" if close else ""))
    return head.encode("latin-1") + (b"" if method == "HEAD" else body)


def hostport(s, what):
    host, sep, port = s.rpartition(":")
    if not sep or not port.isdigit():
        raise SystemExit("fault_proxy: --%s must be HOST:PORT, got %r" % (what, s))
    return host, int(port)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT (port 0: pick a free one)")
    ap.add_argument("--upstream", required=True, help="127.0.0.1:PORT of the S3 server")
    ap.add_argument("--reset-rate", type=float, default=0.0)
    ap.add_argument("--error-rate", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-faults", type=int, default=None, help="cap on injected faults")
    ap.add_argument("--port-file", help="write the listening port here")
    ap.add_argument("-v", "--verbose", action="store_true", help="log each fault to stderr")
    args = ap.parse_args()

    lhost, lport = hostport(args.listen, "listen")
    uhost, args.upstream_port = hostport(args.upstream, "upstream")
    if uhost not in ("127.0.0.1", "localhost"):
        raise SystemExit("fault_proxy: upstream must be 127.0.0.1 (got %r)" % uhost)
    if lhost not in ("127.0.0.1", "localhost"):
        raise SystemExit("fault_proxy: listen address must be 127.0.0.1 (got %r)" % lhost)
    for name in ("reset_rate", "error_rate"):
        v = getattr(args, name)
        if not 0.0 <= v <= 1.0:
            raise SystemExit("fault_proxy: --%s must be in [0, 1]" % name.replace("_", "-"))
    if args.reset_rate + args.error_rate > 1.0:
        raise SystemExit("fault_proxy: --reset-rate + --error-rate must be <= 1")

    proxy = Proxy(args)
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", lport))
    lsock.listen(128)
    port = lsock.getsockname()[1]

    if args.port_file:
        tmp = "%s.tmp.%d" % (args.port_file, os.getpid())
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    sys.stderr.write("fault_proxy: listening on 127.0.0.1:%d -> 127.0.0.1:%d (reset %.3g, "
                     "error %.3g, seed %d, max faults %s)\n" % (
                         port, args.upstream_port, args.reset_rate, args.error_rate, args.seed,
                         args.max_faults))
    sys.stderr.flush()

    def on_exit(signum, frame):
        sys.stderr.write("fault_proxy: %s\n" % proxy.summary())
        sys.stderr.flush()
        os._exit(0)

    def on_usr1(signum, frame):
        sys.stderr.write("fault_proxy: %s\n" % proxy.summary())
        sys.stderr.flush()

    signal.signal(signal.SIGTERM, on_exit)
    signal.signal(signal.SIGINT, on_exit)
    signal.signal(signal.SIGUSR1, on_usr1)

    while True:
        try:
            csock, _ = lsock.accept()
        except OSError:
            time.sleep(0.01)
            continue
        csock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=proxy.handle, args=(csock,), daemon=True).start()


if __name__ == "__main__":
    main()

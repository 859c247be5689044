import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `curl_global_init` runs once, before the first easy handle, however many threads race to it.
private let curlGlobalInit: Void = {
    _ = curl_global_init(Int(CURL_GLOBAL_ALL))
}()

/// ``HTTPTransport`` over libcurl: each concurrent caller borrows its own easy handle, so connections are reused.
///
/// Handles wait in a small pool between requests (at most ``Options/maxIdleHandles``); a thread doing one
/// request at a time keeps reusing one handle and its keep-alive connection. TLS peers are verified; the
/// proxy environment variables (`http_proxy`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`) are honoured by
/// libcurl itself because `CURLOPT_PROXY` is never set. Memory per request: the response body plus curl's
/// fixed buffers (~100 KiB per handle); the request body is read in place.
package final class CurlTransport: HTTPTransport, Sendable {
    package struct Options: Sendable {
        /// Seconds to establish a TCP (and TLS) connection.
        package var connectTimeoutSeconds: Int = 10
        /// A transfer slower than this many bytes per second for ``lowSpeedTimeSeconds`` is abandoned.
        package var lowSpeedLimitBytesPerSecond: Int = 1024
        package var lowSpeedTimeSeconds: Int = 30
        /// A CA bundle to verify TLS peers with instead of the system's (`AWS_CA_BUNDLE`).
        package var caBundlePath: String?
        /// Bodies at least this large are sent with `Expect: 100-continue`, so a rejected request does not
        /// upload its body; smaller ones are sent at once.
        package var expectContinueThreshold: Int = 1024 * 1024
        package var maxIdleHandles: Int = 16

        package init() {}
    }

    private let options: Options
    private let idle = Mutex<[EasyHandle]>([])

    package init(options: Options = Options()) {
        _ = curlGlobalInit
        self.options = options
    }

    package func send(_ request: HTTPRequest) throws(HTTPTransportError) -> HTTPResponse {
        let handle = idle.withLock { $0.popLast() } ?? EasyHandle()
        defer {
            idle.withLock { handles in
                if handles.count < options.maxIdleHandles { handles.append(handle) }
            }
        }
        return try handle.perform(request, options: options)
    }
}

/// One CURL easy handle; it keeps its connection cache across requests.
private final class EasyHandle: @unchecked Sendable {  // used by one thread at a time, handed over through a Mutex
    let curl: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init() {
        guard let curl = curl_easy_init() else { fatalError("curl_easy_init failed: out of memory") }
        self.curl = curl
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    func perform(_ request: HTTPRequest, options: CurlTransport.Options) throws(HTTPTransportError) -> HTTPResponse {
        // Options go back to their defaults; live connections, the DNS and TLS session caches stay.
        curl_easy_reset(curl)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        let method = request.method.uppercased()
        let sendsBody = method == "PUT" || method == "POST"
        if sendsBody && request.body.count < options.expectContinueThreshold {
            headerList = curl_slist_append(headerList, "Expect:")
        }
        // curl's default `Accept: */*` is harmless but unsigned noise.
        headerList = curl_slist_append(headerList, "Accept:")

        let result: Result<HTTPResponse, HTTPTransportError> = request.body.withUnsafeBytes { body in
            let state = TransferState(body: body)
            let unmanaged = Unmanaged.passRetained(state)
            defer { unmanaged.release() }
            let context = unmanaged.toOpaque()

            set(CURLOPT_NOSIGNAL, 1)
            set(CURLOPT_PATH_AS_IS, 1)
            set(CURLOPT_TCP_KEEPALIVE, 1)
            set(CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds)
            set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimitBytesPerSecond)
            set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTimeSeconds)
            _ = stowage_curl_setopt_ptr(curl, CURLOPT_ERRORBUFFER, errorBuffer)
            _ = request.url.withCString { stowage_curl_setopt_ptr(curl, CURLOPT_URL, $0) }
            if let caBundle = options.caBundlePath {
                _ = caBundle.withCString { stowage_curl_setopt_ptr(curl, CURLOPT_CAINFO, $0) }
            }
            _ = stowage_curl_setopt_ptr(curl, CURLOPT_HTTPHEADER, headerList)

            switch method {
            case "GET":
                break
            case "HEAD":
                set(CURLOPT_NOBODY, 1)
            case "PUT", "POST":
                // An upload from the read callback whatever the verb: no form encoding, Content-Length known.
                set(CURLOPT_UPLOAD, 1)
                _ = stowage_curl_setopt_off(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(body.count))
                _ = stowage_curl_setopt_read_fn(curl, CURLOPT_READFUNCTION, readCallback)
                _ = stowage_curl_setopt_ptr(curl, CURLOPT_READDATA, context)
                _ = stowage_curl_setopt_seek_fn(curl, CURLOPT_SEEKFUNCTION, seekCallback)
                _ = stowage_curl_setopt_ptr(curl, CURLOPT_SEEKDATA, context)
                if method == "POST" {
                    _ = stowage_curl_setopt_ptr(curl, CURLOPT_CUSTOMREQUEST, "POST")
                }
            default:
                _ = method.withCString { stowage_curl_setopt_ptr(curl, CURLOPT_CUSTOMREQUEST, $0) }
            }
            _ = stowage_curl_setopt_write_fn(curl, CURLOPT_HEADERFUNCTION, headerCallback)
            _ = stowage_curl_setopt_ptr(curl, CURLOPT_HEADERDATA, context)
            _ = stowage_curl_setopt_write_fn(curl, CURLOPT_WRITEFUNCTION, writeCallback)
            _ = stowage_curl_setopt_ptr(curl, CURLOPT_WRITEDATA, context)

            let code = curl_easy_perform(curl)
            guard code == CURLE_OK else {
                return .failure(transportError(code))
            }
            var status = 0
            _ = stowage_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: state.headers, body: state.responseBody))
        }
        return try result.get()
    }

    private func set(_ option: CURLoption, _ value: Int) {
        _ = stowage_curl_setopt_long(curl, option, value)
    }

    private func transportError(_ code: CURLcode) -> HTTPTransportError {
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        let kind: HTTPTransportError.Code =
            switch code {
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .couldNotResolveHost
            case CURLE_COULDNT_CONNECT: .couldNotConnect
            case CURLE_OPERATION_TIMEDOUT: .timedOut
            case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
                CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
                .tlsFailure
            case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
                CURLE_HTTP2_STREAM, CURLE_SEND_FAIL_REWIND, CURLE_WEIRD_SERVER_REPLY:
                .connectionLost
            case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: .invalidURL
            default: .other
            }
        return HTTPTransportError(kind, "curl error \(code.rawValue): \(detail)")
    }
}

/// What the callbacks of one transfer read and fill.
private final class TransferState {
    let body: UnsafeRawBufferPointer
    var offset = 0
    var headers: [(String, String)] = []
    var responseBody: [UInt8] = []

    init(body: UnsafeRawBufferPointer) {
        self.body = body
    }
}

private let readCallback: curl_read_callback = { buffer, size, count, context in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    let n = min(size * count, state.body.count - state.offset)
    if n > 0, let buffer, let base = state.body.baseAddress {
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + state.offset, byteCount: n)
        state.offset += n
    }
    return n
}

/// Lets curl rewind the body when it resends a request on a fresh connection.
private let seekCallback: curl_seek_callback = { context, offset, origin in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    guard origin == SEEK_SET, offset >= 0, Int(offset) <= state.body.count else {
        return Int32(CURL_SEEKFUNC_CANTSEEK)
    }
    state.offset = Int(offset)
    return Int32(CURL_SEEKFUNC_OK)
}

private let headerCallback: curl_write_callback = { data, size, count, context in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    let n = size * count
    guard let data else { return n }
    let line = UnsafeRawBufferPointer(start: data, count: n)
    if line.starts(with: "HTTP/".utf8) {
        // A new response begins (after `100 Continue`): forget the interim one's headers.
        state.headers.removeAll()
    } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0D || last == 0x0A {
            value = value.dropLast()
        }
        state.headers.append((name, String(decoding: value, as: UTF8.self)))
    }
    return n
}

private let writeCallback: curl_write_callback = { data, size, count, context in
    let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    let n = size * count
    if let data {
        state.responseBody.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
    }
    return n
}

import COpenSSL

/// One TLS connection over an already-connected, non-blocking socket.
///
/// OpenSSL performs the socket's read(2)/write(2) calls itself; the session
/// never closes the descriptor. Each call returns at once: on `wantRead` /
/// `wantWrite`, wait for that readiness and repeat the *same* call (a read
/// that wants write is retried as a read). Owned by one event-loop thread,
/// because OpenSSL's `SSL` object and the per-thread error queue it reports
/// through are not safe to share; hence not `Sendable`.
///
/// Rules for the event loop:
/// - Reading: call `read` until `.wantRead`. Each call returns at most one
///   record (16 KiB); if you stop earlier, or `hasBufferedPlaintext` is true,
///   read again without waiting: epoll will not report bytes OpenSSL already
///   took from the kernel.
/// - Writing: after `.wantWrite`/`.wantRead` from `write`, the next `write`
///   must start with the same bytes and be at least as long (OpenSSL has
///   already encrypted them); they may have moved in memory.
/// - After `.failed`, or `.closed` without close_notify, every call returns
///   that result again without touching OpenSSL; `shutdown` returns `.done`.
public final class TLSSession {
    /// The socket; OpenSSL reads and writes it, the owner closes it.
    public let fileDescriptor: Int32
    /// Held so the configuration visibly outlives the session (SSL_new also takes a reference).
    private let context: TLSContext
    /// The `SSL`, freed with the session.
    private let ssl: OpaquePointer
    /// The outcome that made OpenSSL consider the connection dead, if any.
    private var fatalOutcome: TLSCallOutcome?

    /// A session on `fileDescriptor` (connected, non-blocking) using `context`.
    ///
    /// `serverName` is for clients: the name sent as SNI (unless it is an IP
    /// address) and checked against the server's certificate when the context
    /// verifies peers. `nil` skips the name check, so any certificate from the
    /// trusted roots is accepted: only sensible with a private CA. Servers
    /// pass `nil`.
    public init(context: TLSContext, fileDescriptor: Int32, serverName: String?) throws(TLSError) {
        precondition(!(context.isServer && serverName != nil), "serverName is for client sessions; a server session gets nil")
        ERR_clear_error()
        guard let ssl = copenssl_tls_session_new(context.pointer, fileDescriptor, context.isServer ? 1 : 0, serverName)
        else {
            throw TLSError(operation: "create session on fd \(fileDescriptor)", message: TLSErrorQueue.drain())
        }
        self.ssl = ssl
        self.context = context
        self.fileDescriptor = fileDescriptor
    }

    deinit { SSL_free(ssl) }

    /// Advances the handshake; call until `.done`. With TLS 1.3 a client is
    /// `.done` before the server has checked the client's certificate, so a
    /// refused client certificate shows up as a failed `read`.
    public func handshake() -> TLSStep {
        switch perform("handshake", { ssl, result in copenssl_tls_handshake(ssl, &result) }) {
        case .success: .done
        case .wantRead: .wantRead
        case .wantWrite: .wantWrite
        case .closed:
            .failed(TLSError(operation: "handshake", message: "the peer closed the connection before the handshake completed"))
        case .failed(let error): .failed(error)
        }
    }

    /// Decrypts up to `buffer.count` bytes (at most one record) into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSRead {
        precondition(buffer.count > 0, "read needs room for at least one byte")
        let outcome = perform("read") { ssl, result in
            copenssl_tls_read(ssl, buffer.baseAddress, buffer.count, &result)
        }
        switch outcome {
        case .success(let bytes): return .bytes(bytes)
        case .wantRead: return .wantRead
        case .wantWrite: return .wantWrite
        case .closed: return .closed
        case .failed(let error): return .failed(error)
        }
    }

    /// Encrypts and sends a prefix of `bytes`. An empty buffer returns
    /// `.bytes(0)` without calling OpenSSL.
    public func write(_ bytes: UnsafeRawBufferPointer) -> TLSWrite {
        guard bytes.count > 0 else { return .bytes(0) }
        let outcome = perform("write") { ssl, result in
            copenssl_tls_write(ssl, bytes.baseAddress, bytes.count, &result)
        }
        switch outcome {
        case .success(let count): return .bytes(count)
        case .wantRead: return .wantRead
        case .wantWrite: return .wantWrite
        case .closed:
            return .failed(TLSError(operation: "write", message: "the peer has closed the connection"))
        case .failed(let error): return .failed(error)
        }
    }

    /// Sends close_notify, best effort: `.done` once it is sent (we do not
    /// wait for the peer's, RFC 8446 section 6.1 allows that), `.wantWrite`
    /// when the socket is full. `.done` without sending anything while the
    /// handshake is unfinished or after the connection failed. Close the
    /// socket after `.done` or `.failed`.
    public func shutdown() -> TLSStep {
        if fatalOutcome != nil { return .done }
        switch perform("shutdown", { ssl, result in copenssl_tls_shutdown(ssl, &result) }) {
        case .success, .closed: return .done
        case .wantRead: return .wantRead
        case .wantWrite: return .wantWrite
        case .failed(let error): return .failed(error)
        }
    }

    /// Whether OpenSSL holds decrypted bytes that `read` will return without
    /// touching the socket (`SSL_pending() > 0`). The event loop must read
    /// again, not wait for epoll, while this is true.
    public var hasBufferedPlaintext: Bool { SSL_pending(ssl) > 0 }

    /// Whether the handshake has finished.
    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Whether the peer closed cleanly with close_notify (as opposed to ending
    /// the TCP stream, which could be a truncation attack).
    public var peerSentCloseNotify: Bool { SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN != 0 }

    /// The protocol chosen by ALPN, or `nil` when none was negotiated.
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated protocol version, such as `TLSv1.3`, once the handshake is done.
    public var negotiatedProtocolVersion: String? {
        isHandshakeComplete ? String(cString: SSL_get_version(ssl)) : nil
    }

    /// The subject of the peer's certificate in RFC 2253 form (`CN=localhost,O=Roost`),
    /// or `nil` when the peer presented none. Verified only if the context verifies peers.
    public var peerCertificateSubject: String? {
        var capacity = 256
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = Int(copenssl_tls_peer_subject(ssl, &buffer, capacity))
            guard length >= 0 else { return nil }
            if length < capacity {
                return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            }
            capacity = length + 1
        }
    }

    /// Runs one C entry point and classifies its result, remembering outcomes
    /// after which OpenSSL forbids further calls.
    private func perform(
        _ operation: String, _ call: (OpaquePointer, inout copenssl_tls_result) -> Void
    ) -> TLSCallOutcome {
        if let fatalOutcome { return fatalOutcome }
        var result = copenssl_tls_result()
        call(ssl, &result)
        let outcome = TLSCallOutcome.classify(TLSCallReport(result), operation: operation)
        if outcome.isFatal { fatalOutcome = outcome }
        return outcome
    }
}

/// Sessions belong to one event-loop thread.
@available(*, unavailable)
extension TLSSession: Sendable {}

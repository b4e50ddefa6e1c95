import COpenSSL

/// Certificates and settings shared by many TLS sessions: one OpenSSL `SSL_CTX`.
///
/// Every context allows TLS 1.2 and 1.3 only, refuses renegotiation, uses
/// OpenSSL's default cipher suites and enables partial writes, so a
/// `TLSSession` fits an event loop with its own write queue.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured inside the factory
/// methods and never changed afterwards; OpenSSL documents a configured
/// `SSL_CTX` as safe to share between threads creating `SSL` objects from it
/// (its reference count and session cache are internally locked).
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX`, freed with the context.
    let pointer: OpaquePointer
    /// Whether sessions on this context accept (server) or connect (client).
    let isServer: Bool

    private init(pointer: OpaquePointer, isServer: Bool) {
        self.pointer = pointer
        self.isServer = isServer
    }

    deinit { SSL_CTX_free(pointer) }

    /// A server context presenting the PEM certificate chain (leaf first, then
    /// intermediates) and its unencrypted PEM private key. `alpn` lists the
    /// application protocols we speak, most preferred first; when it is not
    /// empty, a client offering none of them is refused (RFC 7301 section 3.2),
    /// while a client offering no ALPN at all is accepted.
    public static func server(
        certificateChainPath: String, privateKeyPath: String, alpn: [String] = []
    ) throws(TLSError) -> TLSContext {
        let context = try makeContext(isServer: true)
        try context.useCertificate(chainPath: certificateChainPath, keyPath: privateKeyPath)
        try context.setALPN(alpn)
        return context
    }

    /// A server context that also requires every client to present a
    /// certificate chaining to the PEM roots in `clientTrustRootsPath`
    /// (mutual TLS); clients without one fail the handshake.
    public static func server(
        certificateChainPath: String, privateKeyPath: String, clientTrustRootsPath: String, alpn: [String] = []
    ) throws(TLSError) -> TLSContext {
        let context = try server(certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, alpn: alpn)
        try context.configure("load client trust roots \(clientTrustRootsPath)", hint: "expected a PEM file of CA certificates") {
            copenssl_tls_context_require_client_certificate(context.pointer, clientTrustRootsPath) == 1
        }
        return context
    }

    /// A client context.
    ///
    /// - Parameters:
    ///   - trustRootsPath: a PEM file or hashed directory of CA certificates
    ///     to trust; `nil` uses the system's default roots.
    ///   - verifyPeer: `false` accepts any server certificate. Only for tests
    ///     and local development: it gives up all protection against
    ///     impersonation.
    ///   - clientCertificate: PEM chain and key to present to servers that
    ///     ask for one (mutual TLS).
    ///   - alpn: application protocols to offer, most preferred first.
    public static func client(
        trustRootsPath: String?, verifyPeer: Bool = true,
        clientCertificate: (chain: String, key: String)? = nil, alpn: [String] = []
    ) throws(TLSError) -> TLSContext {
        let context = try makeContext(isServer: false)
        let roots = trustRootsPath ?? "(system default roots)"
        try context.configure("load trust roots \(roots)", hint: "expected a PEM file or a c_rehash'ed directory") {
            copenssl_tls_context_load_trust(context.pointer, trustRootsPath) == 1
        }
        copenssl_tls_context_verify_server(context.pointer, verifyPeer ? 1 : 0)
        if let clientCertificate {
            try context.useCertificate(chainPath: clientCertificate.chain, keyPath: clientCertificate.key)
        }
        try context.setALPN(alpn)
        return context
    }

    /// ALPN's wire format: each protocol name as one length byte and its bytes
    /// (RFC 7301 section 3.1: names are 1 to 255 bytes).
    static func alpnWireFormat(_ protocols: [String]) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(
                    operation: "configure ALPN",
                    message: "protocol name \"\(name)\" is \(bytes.count) bytes; ALPN names must be 1 to 255 bytes")
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        return wire
    }

    private static func makeContext(isServer: Bool) throws(TLSError) -> TLSContext {
        ERR_clear_error()
        guard let pointer = copenssl_tls_context_new(isServer ? 1 : 0) else {
            throw TLSError(operation: "create context", message: TLSErrorQueue.drain())
        }
        return TLSContext(pointer: pointer, isServer: isServer)
    }

    private func useCertificate(chainPath: String, keyPath: String) throws(TLSError) {
        ERR_clear_error()
        var failedStep: Int32 = 0
        guard copenssl_tls_context_use_certificate(pointer, chainPath, keyPath, &failedStep) != 1 else { return }
        let details = TLSErrorQueue.drain()
        switch failedStep {
        case 0:
            throw TLSError(
                operation: "load certificate chain \(chainPath)",
                message: "\(details) (expected a PEM file: the certificate first, then its intermediates)")
        case 1:
            throw TLSError(
                operation: "load private key \(keyPath)",
                message: "\(details) (expected an unencrypted PEM private key)")
        default:
            throw TLSError(
                operation: "check private key \(keyPath)",
                message: "the private key does not belong to the certificate in \(chainPath): \(details)")
        }
    }

    private func setALPN(_ protocols: [String]) throws(TLSError) {
        guard !protocols.isEmpty else { return }
        let wire = try Self.alpnWireFormat(protocols)
        try configure("configure ALPN", hint: nil) {
            copenssl_tls_context_set_alpn(pointer, wire, wire.count, isServer ? 1 : 0) == 1
        }
    }

    /// Runs one configuration call on a clean error queue, throwing what it
    /// left there when it reports failure.
    private func configure(_ operation: String, hint: String?, _ call: () -> Bool) throws(TLSError) {
        ERR_clear_error()
        guard call() else {
            let details = TLSErrorQueue.drain()
            throw TLSError(operation: operation, message: hint.map { "\(details) (\($0))" } ?? details)
        }
        ERR_clear_error()
    }
}

/// The calling thread's OpenSSL error queue.
enum TLSErrorQueue {
    /// Empties the queue after a failed call, returning its entries joined by "; ".
    static func drain() -> String {
        var buffer = [CChar](repeating: 0, count: Int(COPENSSL_TLS_MESSAGE_CAPACITY))
        let count = copenssl_tls_drain_errors(&buffer, buffer.count)
        guard count > 0 else { return "OpenSSL gave no details" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Whether the queue holds no entries.
    static var isEmpty: Bool { ERR_peek_error() == 0 }
}

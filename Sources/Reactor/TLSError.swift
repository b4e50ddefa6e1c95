/// A TLS failure: what was being done, and OpenSSL's account of why.
///
/// `message` is the drained OpenSSL error queue of the failing call only (never
/// another connection's), plus the certificate verification result when
/// verification failed, for example
/// `error:0A000086:SSL routines::certificate verify failed (certificate verification: hostname mismatch)`.
/// It never contains key material.
public struct TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed, naming the resource where there is one:
    /// `handshake`, `read`, `load certificate chain /etc/roost/chain.pem`.
    public var operation: String
    /// Why it failed, and where it helps, what to check.
    public var message: String

    /// An error for `operation`, explained by `message`.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "TLS \(operation) failed: \(message)" }
}

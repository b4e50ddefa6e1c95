/// The cryptography the handshake needs, passed in so this target stays pure:
/// the link passes OpenSSL's (`Cluster.ClusterHandshakeCrypto.openSSL`), tests
/// and the fuzzer pass their own.
public struct ClusterHandshakeCrypto: Sendable {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes.
    public var hmacSHA256: @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]
    /// `count` bytes from a cryptographically secure random source.
    public var randomBytes: @Sendable (_ count: Int) -> [UInt8]
    /// Whether two MACs are equal, in time independent of where they differ
    /// (so a forger cannot find the right MAC byte by byte from timings).
    public var constantTimeEqual: @Sendable (_ a: [UInt8], _ b: [UInt8]) -> Bool

    public init(
        hmacSHA256: @escaping @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8],
        randomBytes: @escaping @Sendable (_ count: Int) -> [UInt8],
        constantTimeEqual: @escaping @Sendable (_ a: [UInt8], _ b: [UInt8]) -> Bool = { ClusterHandshakeCrypto.constantTimeEqual($0, $1) }
    ) {
        self.hmacSHA256 = hmacSHA256
        self.randomBytes = randomBytes
        self.constantTimeEqual = constantTimeEqual
    }

    /// A constant-time comparison in plain Swift: the loop visits every byte
    /// and only ORs differences, with no early exit.
    @inline(never)
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// 32 fresh random bytes a side contributes to one handshake. Both sides'
/// nonces go into both proofs, so a proof is good for one handshake only.
///
/// Stored as four words so the replay ledger can hash and compare it cheaply.
public struct ClusterNonce: Hashable, Sendable {
    /// Bytes on the wire.
    public static let byteCount = 32

    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// A nonce from exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a nonce is \(Self.byteCount) bytes")
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            words[index / 8] = words[index / 8] << 8 | UInt64(byte)
        }
        self.words = (words[0], words[1], words[2], words[3])
    }

    /// The 32 bytes, in wire order.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    public static func == (a: ClusterNonce, b: ClusterNonce) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

/// The rules for names that cross the wire in the handshake: cluster names,
/// node names, key ids and advertised addresses.
///
/// Everything a peer says about itself is checked against these before it is
/// used or logged, so a hostile peer cannot put control characters, newlines
/// or megabytes into our logs.
public enum ClusterNames {
    /// Longest cluster or node name.
    public static let maxNameBytes = 64
    /// Longest key id (as `Identity.TokenSigner`).
    public static let maxKeyIDBytes = 32
    /// Longest advertised address (`host:port`, a DNS name or an IPv6 literal in brackets).
    public static let maxAddressBytes = 128

    /// A cluster or node name: 1–64 of `A-Z a-z 0-9 . _ -`.
    public static func isValidName(_ name: some Collection<UInt8>) -> Bool {
        (1...maxNameBytes).contains(name.count) && name.allSatisfy(isNameCharacter)
    }

    /// A key id: 1–32 of `A-Z a-z 0-9 . _ -`.
    public static func isValidKeyID(_ keyID: some Collection<UInt8>) -> Bool {
        (1...maxKeyIDBytes).contains(keyID.count) && keyID.allSatisfy(isNameCharacter)
    }

    /// An advertised address: 0–128 printable ASCII characters without spaces
    /// (empty means "not listening", e.g. a client-only node).
    public static func isValidAddress(_ address: some Collection<UInt8>) -> Bool {
        address.count <= maxAddressBytes && address.allSatisfy { (0x21...0x7E).contains($0) }
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}

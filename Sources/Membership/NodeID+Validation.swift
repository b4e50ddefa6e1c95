extension NodeID {
    /// Longest node name, in bytes.
    public static let maxNameBytes = 16
    /// Longest cluster-link address (`host:port`), in bytes.
    public static let maxAddressBytes = 255

    /// Whether the name is 1–16 characters of `a-z 0-9` and the address 1–255 bytes of visible ASCII.
    ///
    /// Only valid identities can be encoded; the decoder refuses any other.
    public var isValid: Bool {
        NodeID.isValidName(name.utf8) && NodeID.isValidAddress(address.utf8)
    }

    static func isValidName(_ bytes: some Collection<UInt8>) -> Bool {
        (1...maxNameBytes).contains(bytes.count)
            && bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func isValidAddress(_ bytes: some Collection<UInt8>) -> Bool {
        // Visible ASCII only: no spaces or control bytes that could forge log lines.
        (1...maxAddressBytes).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

import COpenSSL

/// SHA-256 through OpenSSL: names a leaderboard run's output in its `SlotCommit`.
enum SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { data in
            out.withUnsafeMutableBufferPointer { copenssl_sha256(data.baseAddress, data.count, $0.baseAddress) }
        }
        return out
    }
}

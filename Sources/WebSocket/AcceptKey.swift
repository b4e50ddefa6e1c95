import COpenSSL

/// The handshake's proof of understanding (RFC 6455 §4.2.2 step 5.4):
/// base64(SHA-1(key + the protocol's GUID)).
public enum AcceptKey {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    public static func compute(forKey key: some StringProtocol) -> String {
        var digest = [UInt8](repeating: 0, count: 20)
        let input = Array((String(key) + guid).utf8)
        input.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { copenssl_sha1(raw.baseAddress, raw.count, $0.baseAddress) }
        }
        return Base64.encode(digest)
    }
}

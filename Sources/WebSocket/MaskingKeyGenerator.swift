import COpenSSL

/// Unpredictable masking keys for client frames (RFC 6455 §5.3 and §10.3:
/// keys must not be guessable, or a hostile page could steer the bytes a
/// proxy sees).
///
/// Keys come from OpenSSL's CSPRNG in batches of 256, so a bot sending
/// thousands of frames a second makes no system call per frame. One
/// generator per event loop; not thread-safe.
public final class MaskingKeyGenerator {
    private var keys = [UInt32](repeating: 0, count: 256)
    private var index = 256

    public init() {}

    public func next() -> UInt32 {
        if index == keys.count {
            let ok = keys.withUnsafeMutableBytes { copenssl_random_bytes($0.baseAddress, $0.count) }
            precondition(ok == 1, "OpenSSL RAND_bytes failed: no entropy for masking keys")
            index = 0
        }
        defer { index += 1 }
        return keys[index]
    }
}

import COpenSSL
import ClusterWire

extension ClusterHandshakeCrypto {
    /// The handshake's crypto from OpenSSL: HMAC-SHA256, the CSPRNG, and
    /// `CRYPTO_memcmp` for constant-time comparison.
    public static let openSSL = ClusterHandshakeCrypto(
        hmacSHA256: { key, message in
            var out = [UInt8](repeating: 0, count: 32)
            let ok = key.withUnsafeBytes { k in
                message.withUnsafeBytes { m in
                    out.withUnsafeMutableBufferPointer {
                        copenssl_hmac_sha256(k.baseAddress, k.count, m.baseAddress, m.count, $0.baseAddress)
                    }
                }
            }
            precondition(ok == 1, "OpenSSL HMAC-SHA256 failed")
            return out
        },
        randomBytes: { count in
            var out = [UInt8](repeating: 0, count: count)
            let ok = out.withUnsafeMutableBytes { copenssl_random_bytes($0.baseAddress, $0.count) }
            // A node without a working CSPRNG must not make nonces: stop loudly.
            precondition(ok == 1, "OpenSSL's random generator failed")
            return out
        },
        constantTimeEqual: { a, b in
            a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in copenssl_memcmp(x.baseAddress, y.baseAddress, x.count) == 0 } }
        })
}

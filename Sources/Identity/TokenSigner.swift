import COpenSSL

/// Issues and checks player tokens: `base64url(payload) "." base64url(mac)`
/// with `mac = HMAC-SHA256(secret, "roost.v1|" + payload)`.
///
/// Any node holding the same keys verifies any node's tokens, so a player can
/// reconnect anywhere with no session store. Several keys may be configured
/// for rotation: new tokens use `currentKeyID`, and a token signed with any
/// configured key verifies until it expires. To rotate, add the new key
/// everywhere, then make it current, then drop the old one after a lifetime.
///
/// Departures from JWT, on purpose: no header and no algorithm field (the
/// algorithm is fixed, so there is no `alg: none` to get wrong); the MAC input
/// starts with the domain label `roost.v1|`, so a MAC made with the same secret
/// for another purpose (the cluster handshake, say) can never pass for a token.
///
/// Verification picks the secret by the key id, compares MACs in constant time
/// (`CRYPTO_memcmp`) and only then parses the rest of the payload. Inputs longer
/// than `maxTokenBytes` are refused before any decoding.
///
/// Tokens and secrets are credentials: never log them. `description` and
/// `Mirror` show key ids only.
public struct TokenSigner: Sendable, CustomStringConvertible, CustomReflectable {
    /// Shortest accepted secret: HMAC-SHA256's block of security (RFC 2104 §3).
    public static let minSecretBytes = 32
    /// Longest key id.
    public static let maxKeyIDBytes = 32
    /// Longest lifetime a signer accepts.
    public static let maxLifetime = Duration.seconds(366 * 24 * 3600)
    /// Longest string `verify` looks at; real tokens stay under 300 bytes.
    public static let maxTokenBytes = 512

    private static let domainLabel = Array("roost.v1|".utf8)
    private static let macBytes = 32

    private let keys: [String: [UInt8]]
    /// The key new tokens are signed with.
    public let currentKeyID: String
    /// Seconds from issue to expiry.
    public let lifetimeSeconds: Int64

    /// - Parameters:
    ///   - keys: key id → secret (at least 32 random bytes each).
    ///   - currentKeyID: the key that signs new tokens; must be among `keys`.
    ///   - lifetime: how long a token stays valid (default 7 days).
    public init(keys: [String: [UInt8]], currentKeyID: String, lifetime: Duration = .seconds(7 * 24 * 3600))
        throws(TokenSignerConfigurationError)
    {
        for (keyID, secret) in keys.sorted(by: { $0.key < $1.key }) {
            guard Self.isValidKeyID(keyID.utf8) else { throw .invalidKeyID(keyID) }
            guard secret.count >= Self.minSecretBytes else { throw .secretTooShort(keyID: keyID, bytes: secret.count) }
        }
        guard keys[currentKeyID] != nil else { throw .currentKeyMissing(keyID: currentKeyID) }
        guard lifetime >= .seconds(1), lifetime <= Self.maxLifetime else { throw .lifetimeOutOfRange }
        self.keys = keys
        self.currentKeyID = currentKeyID
        self.lifetimeSeconds = lifetime.components.seconds
    }

    /// The ids of every key that verifies.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// A token for `identity`, signed with the current key, valid from `now`
    /// (Unix seconds) for the signer's lifetime.
    ///
    /// `identity` must have a valid player id and a nickname that
    /// `Nickname.validate` returns unchanged: the caller validates user input
    /// first, so anything else is a bug.
    public func issue(for identity: PlayerIdentity, now: Int64) -> String {
        precondition(PlayerIdentity.isValidPlayerID(identity.playerID), "issue: invalid player id")
        precondition(Nickname.validate(identity.nickname) == .success(identity.nickname), "issue: unvalidated nickname")
        precondition(now >= 0 && now <= Int64(1) << 40, "issue: now is not plausible Unix seconds")
        let claims = TokenClaims(
            identity: identity, keyID: currentKeyID, issuedAt: now, expiresAt: now + lifetimeSeconds)
        let payload = claims.payload
        let mac = Self.mac(secret: keys[currentKeyID]!, payload: payload)
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac)
    }

    /// The identity in `token` if it is genuine and unexpired at `now` (Unix seconds).
    public func verify(_ token: String, now: Int64) -> Result<PlayerIdentity, TokenError> {
        verifiedClaims(token, now: now).map(\.identity)
    }

    /// Like `verify`, with the token's key id and times (to refresh a token
    /// that is close to expiry, or one signed with a key being retired).
    public func verifiedClaims(_ token: String, now: Int64) -> Result<TokenClaims, TokenError> {
        let text = token.utf8
        guard text.count <= Self.maxTokenBytes else { return .failure(.malformed) }
        let parts = text.split(separator: UInt8(ascii: "."), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty,
            let payload = Base64URL.decode(parts[0]), let mac = Base64URL.decode(parts[1]),
            mac.count == Self.macBytes,
            let keyID = TokenClaims.keyID(inPayload: payload)
        else { return .failure(.malformed) }
        guard let secret = keys[keyID] else { return .failure(.unknownKey) }
        let expected = Self.mac(secret: secret, payload: payload)
        let difference = expected.withUnsafeBytes { a in
            mac.withUnsafeBytes { b in copenssl_memcmp(a.baseAddress, b.baseAddress, Self.macBytes) }
        }
        guard difference == 0 else { return .failure(.badSignature) }
        // Authentic from here on: a parse failure means a signer bug or a leaked key.
        guard let claims = TokenClaims.parse(payload: payload) else { return .failure(.malformed) }
        guard now < claims.expiresAt else { return .failure(.expired) }
        return .success(claims)
    }

    public var description: String {
        "TokenSigner(current: \(currentKeyID), keys: \(keyIDs), lifetime: \(lifetimeSeconds)s)"
    }

    /// Keeps secrets out of `dump`, `debugPrint` and the debugger.
    public var customMirror: Mirror {
        Mirror(self, children: ["currentKeyID": currentKeyID, "keyIDs": keyIDs, "lifetimeSeconds": lifetimeSeconds])
    }

    static func isValidKeyID(_ bytes: some Collection<UInt8>) -> Bool {
        (1...maxKeyIDBytes).contains(bytes.count) && bytes.allSatisfy(ASCII.isIDCharacter)
    }

    static func mac(secret: [UInt8], payload: [UInt8]) -> [UInt8] {
        let input = domainLabel + payload
        var out = [UInt8](repeating: 0, count: macBytes)
        let ok = secret.withUnsafeBytes { key in
            input.withUnsafeBytes { data in
                out.withUnsafeMutableBufferPointer {
                    copenssl_hmac_sha256(key.baseAddress, key.count, data.baseAddress, data.count, $0.baseAddress)
                }
            }
        }
        precondition(ok == 1, "OpenSSL HMAC-SHA256 failed")
        return out
    }
}

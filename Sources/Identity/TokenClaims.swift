/// What a verified token says: who, signed with which key, and when it was
/// issued and expires (Unix seconds).
///
/// The payload is UTF-8 text, `|`-separated, nickname last:
///
///     v1|<key id>|<player id>|<issued at>|<expires at>|<nickname>
///
/// Times are plain decimal without sign or leading zeros, so one set of claims
/// has exactly one payload. The nickname comes last so that it may hold any
/// UTF-8 (a `|` included) if the nickname rules ever widen; key ids and player
/// ids never contain `|`.
public struct TokenClaims: Sendable, Hashable {
    public let identity: PlayerIdentity
    /// The key that signed the token.
    public let keyID: String
    /// Unix seconds at issue.
    public let issuedAt: Int64
    /// Unix seconds from which the token is refused.
    public let expiresAt: Int64

    static let version = Array("v1".utf8)
    static let separator = UInt8(ascii: "|")

    var payload: [UInt8] {
        var bytes = Self.version
        for field in [keyID, identity.playerID, String(issuedAt), String(expiresAt), identity.nickname] {
            bytes.append(Self.separator)
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    /// The key id of a payload, read before the signature is checked so the
    /// right secret can be picked; nothing else is parsed until then.
    static func keyID(inPayload payload: [UInt8]) -> String? {
        let fields = payload.split(separator: separator, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].elementsEqual(version), TokenSigner.isValidKeyID(fields[1]) else {
            return nil
        }
        return String(decoding: fields[1], as: UTF8.self)
    }

    /// Parses a payload whose signature has been checked.
    static func parse(payload: [UInt8]) -> TokenClaims? {
        let fields = payload.split(separator: separator, maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].elementsEqual(version), TokenSigner.isValidKeyID(fields[1]),
            let issuedAt = parseUnixSeconds(fields[3]), let expiresAt = parseUnixSeconds(fields[4]),
            issuedAt < expiresAt
        else { return nil }
        let playerID = String(decoding: fields[2], as: UTF8.self)
        guard PlayerIdentity.isValidPlayerID(playerID),
            (1...Nickname.maxRawBytes).contains(fields[5].count),
            let nickname = String(validating: fields[5], as: UTF8.self)
        else { return nil }
        return TokenClaims(
            identity: PlayerIdentity(playerID: playerID, nickname: nickname),
            keyID: String(decoding: fields[1], as: UTF8.self), issuedAt: issuedAt, expiresAt: expiresAt)
    }

    /// 1 to 18 decimal digits, no leading zero (so it cannot overflow Int64
    /// and has one spelling).
    private static func parseUnixSeconds(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard (1...18).contains(digits.count), digits.count == 1 || digits.first != UInt8(ascii: "0") else {
            return nil
        }
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }
}

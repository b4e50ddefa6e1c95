import COpenSSL

/// Who a player is: a stable random id and the nickname they chose at guest login.
///
/// A token carries exactly this, so any node can tell who is speaking without
/// asking a session store.
public struct PlayerIdentity: Sendable, Hashable, Codable {
    /// A random 128-bit id as 32 lowercase hex digits (see `newPlayerID()`).
    public let playerID: String
    /// A nickname that passed `Nickname.validate`.
    public let nickname: String

    public init(playerID: String, nickname: String) {
        self.playerID = playerID
        self.nickname = nickname
    }

    /// Longest player id a token accepts.
    public static let maxPlayerIDBytes = 64

    /// A fresh player id: 16 bytes from OpenSSL's CSPRNG as 32 lowercase hex
    /// digits. Unguessable, so knowing someone's id (it appears in results and
    /// leaderboards) does not help to forge anything; the token's signature does.
    public static func newPlayerID() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let ok = bytes.withUnsafeMutableBytes { copenssl_random_bytes($0.baseAddress, $0.count) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no entropy for player ids")
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `id` can travel in a token: 1 to 64 characters from
    /// `A-Z a-z 0-9 _ -`. Ids from `newPlayerID()` always qualify; the wider
    /// set leaves room for bots and test fixtures ("bot-17").
    public static func isValidPlayerID(_ id: String) -> Bool {
        let bytes = id.utf8
        return (1...maxPlayerIDBytes).contains(bytes.count) && bytes.allSatisfy(ASCII.isIDCharacter)
    }
}

/// Byte classes shared by the token format and nickname rules.
enum ASCII {
    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: false
        }
    }

    /// Letters, digits, `_` and `-`: the characters of player ids and key ids.
    static func isIDCharacter(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

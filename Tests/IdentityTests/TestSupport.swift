@testable import Identity

// Keys, identities and token surgery shared by the token tests.

/// A 32-byte secret whose bytes are `start, start+1, ...`.
func secret(startingAt start: UInt8) -> [UInt8] { (0..<32).map { start &+ UInt8($0) } }

let ada = PlayerIdentity(playerID: "0123456789abcdef0123456789abcdef", nickname: "Ada Lovelace")

/// 2023-11-14T22:13:20Z.
let issueTime: Int64 = 1_700_000_000

func signer(
    _ keys: [String: [UInt8]] = ["k1": secret(startingAt: 1)], current: String = "k1",
    lifetime: Duration = .seconds(3600)
) -> TokenSigner {
    try! TokenSigner(keys: keys, currentKeyID: current, lifetime: lifetime)
}

/// The two dot-separated halves of a token.
func halves(_ token: String) -> (payload: String, mac: String) {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    precondition(parts.count == 2)
    return (String(parts[0]), String(parts[1]))
}

/// The payload text of a token.
func payloadText(_ token: String) -> String {
    String(decoding: Base64URL.decode(Array(halves(token).payload.utf8))!, as: UTF8.self)
}

/// A token whose payload is `payload`, signed with `secret` as a signer would.
func signedToken(payload: String, secret: [UInt8]) -> String {
    let bytes = Array(payload.utf8)
    return Base64URL.encode(bytes) + "." + Base64URL.encode(TokenSigner.mac(secret: secret, payload: bytes))
}

/// `text` with the character at `offset` replaced by a different base64url character.
func replacingCharacter(in text: String, at offset: Int) -> String {
    var bytes = Array(text.utf8)
    bytes[offset] = bytes[offset] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    return String(decoding: bytes, as: UTF8.self)
}

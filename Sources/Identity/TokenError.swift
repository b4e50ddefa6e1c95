/// Why a player token was refused. None of the cases carries the token:
/// tokens are credentials and never appear in logs or errors.
public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a token at all: empty, too long, no `.`, bad base64url, or a payload
    /// that does not parse.
    case malformed
    /// Signed with a key id this node does not have (retired, or from another cluster).
    case unknownKey
    /// The signature does not match the payload: tampered, or forged.
    case badSignature
    /// Genuine but past its expiry time.
    case expired

    public var description: String {
        switch self {
        case .malformed: "The login token is not valid. Log in again."
        case .unknownKey: "The login token was signed with a retired key. Log in again."
        case .badSignature: "The login token is not valid. Log in again."
        case .expired: "The login token has expired. Log in again."
        }
    }
}

/// A signer that cannot be built from the configuration given; the message
/// says which key and what to change.
public enum TokenSignerConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `currentKeyID` is not among the keys.
    case currentKeyMissing(keyID: String)
    /// A key id is empty, longer than 32 characters, or uses characters outside `A-Z a-z 0-9 _ -`.
    case invalidKeyID(String)
    /// A secret shorter than `TokenSigner.minSecretBytes`.
    case secretTooShort(keyID: String, bytes: Int)
    /// Lifetime under a second or over `TokenSigner.maxLifetime`.
    case lifetimeOutOfRange

    public var description: String {
        switch self {
        case .currentKeyMissing(let keyID):
            "token key \"\(keyID)\" is set as current but has no secret; add its secret or pick another current key"
        case .invalidKeyID(let keyID):
            "token key id \"\(keyID)\" must be 1 to \(TokenSigner.maxKeyIDBytes) characters of A-Z a-z 0-9 _ -"
        case .secretTooShort(let keyID, let bytes):
            "token key \"\(keyID)\" has a \(bytes)-byte secret; use at least \(TokenSigner.minSecretBytes) random bytes"
        case .lifetimeOutOfRange:
            "token lifetime must be between 1 second and \(TokenSigner.maxLifetime)"
        }
    }
}

/// The cluster secrets a node holds: key id → secret, and which one it uses
/// when it initiates a handshake.
///
/// Rotation works as in `Identity.TokenSigner`: add the new key to every node,
/// then make it current everywhere (each node still accepts the old one, so
/// half-rotated pairs keep connecting), then remove the old key. The initiator
/// names its current key in the hello; the acceptor proves with that same key
/// if it holds it, and refuses with `.unknownKey` if not.
///
/// Secrets never cross the wire and are never shown: `description` and the
/// `Mirror` list key ids only.
public struct ClusterKeyring: Sendable, CustomStringConvertible, CustomReflectable {
    /// Shortest accepted secret: 32 bytes, HMAC-SHA256's full strength. A
    /// short secret could be guessed offline from one captured challenge.
    public static let minSecretBytes = 32

    private let keys: [String: [UInt8]]
    /// The key this node proves with when it initiates.
    public let currentKeyID: String

    /// - Parameters:
    ///   - keys: key id (1–32 of `A-Z a-z 0-9 . _ -`) → secret (32+ random bytes).
    ///   - currentKeyID: the key used when initiating; must be among `keys`.
    public init(keys: [String: [UInt8]], currentKeyID: String) throws(ClusterKeyringError) {
        for (keyID, secret) in keys.sorted(by: { $0.key < $1.key }) {
            guard ClusterNames.isValidKeyID(keyID.utf8) else { throw .invalidKeyID(keyID) }
            guard secret.count >= Self.minSecretBytes else { throw .secretTooShort(keyID: keyID, bytes: secret.count) }
        }
        guard keys[currentKeyID] != nil else { throw .currentKeyMissing(keyID: currentKeyID) }
        self.keys = keys
        self.currentKeyID = currentKeyID
    }

    /// A keyring with one secret.
    public init(secret: [UInt8], keyID: String = "k1") throws(ClusterKeyringError) {
        try self.init(keys: [keyID: secret], currentKeyID: keyID)
    }

    /// Every key id this node accepts.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The secret for `keyID`, if held.
    func secret(for keyID: String) -> [UInt8]? { keys[keyID] }

    public var description: String { "ClusterKeyring(current: \(currentKeyID), keys: \(keyIDs))" }

    public var customMirror: Mirror { Mirror(self, children: ["currentKeyID": currentKeyID, "keyIDs": keyIDs]) }
}

/// A keyring that cannot be built, and what to fix.
public enum ClusterKeyringError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidKeyID(String)
    case secretTooShort(keyID: String, bytes: Int)
    case currentKeyMissing(keyID: String)

    public var description: String {
        switch self {
        case .invalidKeyID(let keyID):
            "cluster key id \"\(keyID)\" is invalid: use 1 to 32 of A-Z a-z 0-9 . _ -"
        case .secretTooShort(let keyID, let bytes):
            "cluster key \(keyID) has \(bytes) bytes; use at least \(ClusterKeyring.minSecretBytes) random bytes"
        case .currentKeyMissing(let keyID):
            "the current cluster key \(keyID) is not among the configured keys"
        }
    }
}

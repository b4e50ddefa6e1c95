/// A failed result-store operation: what was being done, on which file, and why.
public enum ResultStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite (or GRDB) failed; `message` is its error text, which never
    /// includes statement arguments.
    case database(operation: String, path: String, message: String)
    /// The result breaks a rule (see `NewGameResult` validation); nothing was stored.
    case invalidResult(gameID: String, reason: String)
    /// A stored row could not be read back (written by a newer version, or damaged).
    case unreadableRow(path: String, originNode: String, originSeq: Int64, reason: String)
    /// The node name is empty, longer than 64 bytes, or contains `/` or a control character.
    case invalidNodeName(String)

    public var description: String {
        switch self {
        case .database(let operation, let path, let message):
            "result store \(path): \(operation) failed: \(message)"
        case .invalidResult(let gameID, let reason):
            "result of game \(gameID) not stored: \(reason)"
        case .unreadableRow(let path, let originNode, let originSeq, let reason):
            "result store \(path): cannot read result \(originNode)#\(originSeq): \(reason)"
        case .invalidNodeName(let name):
            "node name \"\(name)\" must be 1 to 64 bytes without / or control characters"
        }
    }
}

/// Why bytes from the cluster link or from disk are not a chunk or a snapshot: which field, at
/// which byte offset, and what was wrong. Decoders accept only what their encoder writes.
public struct LeaderboardDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field being read, e.g. `"players[3].deviation"`.
    public let field: String
    /// Offset of the field's first byte in the input.
    public let offset: Int
    /// What was wrong with it.
    public let problem: String

    public init(field: String, offset: Int, problem: String) {
        self.field = field
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "\(field) at byte \(offset): \(problem)" }
}

/// The first two bytes of every encoding: what it is, and the layout's version.
enum LeaderboardFormat: UInt8 {
    case chunkInput = 1
    case chunkOutput = 2
    case snapshot = 3

    /// The only layout version so far; a decoder refuses any other.
    static let version: UInt8 = 1
    /// Longest kind, player id or nickname carried (the result store allows 128 bytes).
    static let maxTextBytes = 1024
}

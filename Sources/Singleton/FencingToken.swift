/// A lease's number: strictly increasing per job across the cluster, so every node can tell an old
/// leader's messages from a newer one's and refuse the old (the fencing tokens of Chubby's sequencers
/// and of Kleppmann's "How to do distributed locking"; Paxos calls them ballots). Zero means "none yet".
public struct FencingToken: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// No lease was ever granted for the job.
    public static let none = FencingToken(0)

    /// The next token (saturating; 2^64 leases is not a concern).
    public var successor: FencingToken { FencingToken(value == .max ? .max : value + 1) }

    public static func < (a: FencingToken, b: FencingToken) -> Bool { a.value < b.value }

    public var description: String { "#\(value)" }
}

/// Names of jobs and nodes as the singleton protocol carries them: 1–64 bytes of `a-z 0-9 . _ -`
/// (every Membership node name qualifies).
public enum SingletonName {
    /// Longest name, in bytes.
    public static let maxBytes = 64

    public static func isValid(_ name: String) -> Bool {
        var utf8 = name
        return utf8.withUTF8 { isValid(UnsafeRawBufferPointer($0)) }
    }

    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        (1...maxBytes).contains(bytes.count)
            && bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 95 || $0 == 45 }
    }
}

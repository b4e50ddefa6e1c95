/// What was committed for a slot: the run whose output it is, and the shell's name for that output.
///
/// The singleton core decides which run's output counts for a (job, slot); the output itself (the
/// leaderboards) travels and is stored by the shell, under this commit. A new leader that finds a
/// commit proposed but not yet known to be committed proposes the same `SlotCommit` again, so the
/// decision never changes even when the run that produced it is long gone.
public struct SlotCommit: Hashable, Sendable, CustomStringConvertible {
    /// Longest `digest`, in bytes (a SHA-512 fits).
    public static let maxDigestBytes = 64

    /// The fencing token of the run that produced the output.
    public var runToken: FencingToken
    /// Opaque to the singleton: what the shell needs to find the output again, such as a SHA-256 of
    /// the published leaderboards. At most `maxDigestBytes`.
    public var digest: [UInt8]

    public init(runToken: FencingToken, digest: [UInt8] = []) {
        precondition(digest.count <= Self.maxDigestBytes, "a slot commit's digest holds at most \(Self.maxDigestBytes) bytes")
        precondition(runToken != .none, "a commit comes from a run, which has a token")
        self.runToken = runToken
        self.digest = digest
    }

    public var description: String {
        let hex = digest.prefix(6).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return "run \(runToken)" + (digest.isEmpty ? "" : " \(hex)\(digest.count > 6 ? "…" : "")")
    }
}

/// A slot that is committed, with what was committed.
public struct CommittedSlot: Hashable, Sendable, CustomStringConvertible {
    public var slot: Int64
    public var commit: SlotCommit

    public init(slot: Int64, commit: SlotCommit) {
        self.slot = slot
        self.commit = commit
    }

    public var description: String { "slot \(slot): \(commit)" }
}

/// A commit proposal a node accepted (Paxos: its accepted value and ballot) and has not seen committed.
public struct SlotAcceptance: Hashable, Sendable, CustomStringConvertible {
    public var slot: Int64
    public var commit: SlotCommit
    /// The token of the lease under which it was proposed (may be newer than `commit.runToken` when a
    /// later leader proposed an earlier run's output again).
    public var token: FencingToken

    public init(slot: Int64, commit: SlotCommit, token: FencingToken) {
        self.slot = slot
        self.commit = commit
        self.token = token
    }

    public var description: String { "slot \(slot): \(commit) accepted under \(token)" }
}

/// What a grantor knows of a job's slots, sent with every grant so that the new leader starts from
/// everything a majority knows.
public struct SlotReport: Hashable, Sendable, CustomStringConvertible {
    /// The latest slot this node knows committed.
    public var latestCommitted: CommittedSlot?
    /// The latest proposal this node accepted, when its slot is later than `latestCommitted`.
    public var accepted: SlotAcceptance?

    public init(latestCommitted: CommittedSlot? = nil, accepted: SlotAcceptance? = nil) {
        self.latestCommitted = latestCommitted
        self.accepted = accepted
    }

    public var description: String {
        "committed \(latestCommitted.map(\.description) ?? "none"), accepted \(accepted.map(\.description) ?? "none")"
    }
}

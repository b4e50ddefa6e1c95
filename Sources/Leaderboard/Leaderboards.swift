/// Every game kind's published boards on one node: the latest snapshot per kind, plus the few
/// before it, answering queries from memory. A value: the node swaps in a new one when the
/// nightly job publishes, and readers keep whichever they hold.
///
/// Older snapshots than `archivedPerKind` are dropped here (each can hold millions of entries);
/// the job keeps every period on disk.
public struct Leaderboards: Sendable, Equatable {
    /// How many snapshots per kind are kept besides the latest.
    public let archivedPerKind: Int
    /// Per kind, snapshots newest first; the first is the latest.
    private var snapshotsByKind: [String: [LeaderboardSnapshot]] = [:]

    public init(archivedPerKind: Int = 7) {
        precondition(archivedPerKind >= 0, "a negative archive size")
        self.archivedPerKind = archivedPerKind
    }

    /// What `publish(_:)` did with a snapshot.
    public enum PublishOutcome: Sendable, Hashable {
        /// It is now its kind's latest.
        case latest
        /// An older period than the latest: kept among the archived ones.
        case archived
        /// A snapshot of that kind and period is already held; the first one stays (each period is
        /// rated once; the job's fencing decides which run publishes).
        case alreadyHeld
        /// Older than every archived period of a full archive: not kept.
        case tooOld
    }

    /// Adds a snapshot, in whatever order snapshots arrive.
    @discardableResult
    public mutating func publish(_ snapshot: LeaderboardSnapshot) -> PublishOutcome {
        var snapshots = snapshotsByKind[snapshot.kind, default: []]
        let position = snapshots.firstIndex { $0.period <= snapshot.period } ?? snapshots.count
        if position < snapshots.count, snapshots[position].period == snapshot.period { return .alreadyHeld }
        guard position <= archivedPerKind else { return .tooOld }
        snapshots.insert(snapshot, at: position)
        if snapshots.count > archivedPerKind + 1 { snapshots.removeLast() }
        snapshotsByKind[snapshot.kind] = snapshots
        return position == 0 ? .latest : .archived
    }

    /// Kinds with at least one snapshot, sorted.
    public var kinds: [String] { snapshotsByKind.keys.sorted() }

    /// The kind's newest snapshot.
    public func latest(_ kind: String) -> LeaderboardSnapshot? { snapshotsByKind[kind]?.first }

    /// The kind's snapshot for `period`, if still held.
    public func snapshot(_ kind: String, period: RatingPeriod) -> LeaderboardSnapshot? {
        snapshotsByKind[kind]?.first { $0.period == period }
    }

    /// The periods held for the kind, newest first.
    public func periods(_ kind: String) -> [RatingPeriod] { snapshotsByKind[kind]?.map(\.period) ?? [] }

    /// The best `count` on a board of the latest snapshot (or of `period`'s); empty if none is held.
    public func top(
        _ count: Int, kind: String, in scope: LeaderboardScope, period: RatingPeriod? = nil
    ) -> [LeaderboardStanding] {
        board(kind, period)?.top(count, in: scope) ?? []
    }

    /// A player's standing on a board of the latest snapshot (or of `period`'s).
    public func standing(
        of playerID: String, kind: String, in scope: LeaderboardScope, period: RatingPeriod? = nil
    ) -> LeaderboardStanding? {
        board(kind, period)?.standing(of: playerID, in: scope)
    }

    /// A player and up to `radius` neighbours each side on a board of the latest snapshot (or of `period`'s).
    public func around(
        _ playerID: String, radius: Int, kind: String, in scope: LeaderboardScope, period: RatingPeriod? = nil
    ) -> [LeaderboardStanding] {
        board(kind, period)?.around(playerID, radius: radius, in: scope) ?? []
    }

    private func board(_ kind: String, _ period: RatingPeriod?) -> LeaderboardSnapshot? {
        period.map { snapshot(kind, period: $0) } ?? latest(kind)
    }
}

import Leaderboard
import Synchronization

/// The leaderboards this node answers queries from, swapped whole when the nightly job commits a
/// slot; and what clients are told about the job's schedule.
///
/// The job writes (on the cluster loop or its worker); sessions on every shard read. A reader
/// takes the current `Leaderboards` value (copy-on-write, so taking it copies nothing) and runs
/// its query outside the lock.
final class PublishedLeaderboards: Sendable {
    private let boards = Mutex(Leaderboards())
    private let lastSlot = Mutex<Int64?>(nil)

    /// The boards as they stand.
    var current: Leaderboards { boards.withLock { $0 } }

    /// Makes `snapshots` (one per kind, from one committed slot) the latest boards.
    func publish(_ snapshots: [LeaderboardSnapshot], slot: Int64) {
        boards.withLock { for snapshot in snapshots { $0.publish(snapshot) } }
        lastSlot.withLock { $0 = max($0 ?? slot, slot) }
    }

    /// The newest slot whose boards are published here, in Unix seconds.
    var lastPublishedSlot: Int64? { lastSlot.withLock { $0 } }
}

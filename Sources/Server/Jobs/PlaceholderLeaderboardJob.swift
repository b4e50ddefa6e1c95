import COpenSSL
import Singleton

/// PLACEHOLDER, replaced when `LeaderboardJob` is merged: delete this file and register the real
/// job in `makeScheduledJobs`.
///
/// It holds the name and schedule of the real nightly job, so the singleton runs the same slots
/// under the same key and `/api/jobs` shows what the real job will see. A run publishes nothing and
/// finishes at once with digest SHA-256(slot as 8 big-endian bytes): a value every node can
/// recompute, so a commit is checkable without any leaderboard.
final class PlaceholderLeaderboardJob: ScheduledJob {
    let name = "leaderboard"
    let schedule: CronSchedule

    init(schedule: CronSchedule) { self.schedule = schedule }

    func run(_ slot: JobSlot, token: FencingToken, previousSlot: Int64?, run: JobRun) {
        run.finished(Self.digest(of: slot.slot))
    }

    func abandon(_ slot: JobSlot, token: FencingToken) {}

    func committed(_ slot: JobSlot, _ commit: SlotCommit) {}

    /// SHA-256 of `slot` as 8 big-endian bytes.
    static func digest(of slot: Int64) -> [UInt8] {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: slot) >> (56 - 8 * $0)) }
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { input in out.withUnsafeMutableBufferPointer { copenssl_sha256(input.baseAddress, input.count, $0.baseAddress) } }
        return out
    }
}

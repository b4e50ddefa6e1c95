import Foundation
import Reactor
import Singleton
import Synchronization
import Testing

@testable import Server

/// `SingletonService` on a real loop with no cluster: a node alone (`expectedNodes` 1) and a fast
/// job clock, driving a job that records what it is told.
@Suite struct SingletonServiceTests {
    /// A job that finishes every run at once and records runs and commits.
    final class RecordingJob: ScheduledJob, Sendable {
        let name = "leaderboard"
        let schedule = CronSchedule.nightly
        let runs = Mutex<[(slot: Int64, previous: Int64?)]>([])
        let commits = Mutex<[Int64]>([])

        func run(_ slot: JobSlot, token: FencingToken, previousSlot: Int64?, run: JobRun) {
            runs.withLock { $0.append((slot.slot, previousSlot)) }
            run.finished(Array(repeating: 7, count: 32))
        }

        func abandon(_ slot: JobSlot, token: FencingToken) {}

        func committed(_ slot: JobSlot, _ commit: SlotCommit) {
            commits.withLock { $0.append(slot.slot) }
        }
    }

    static func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() && ContinuousClock.now < deadline { usleep(20_000) }
        return condition()
    }

    @Test func aNodeAloneCommitsEachNightOnceInOrderAndCountsUnreadableMessages() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-singleton-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let group = try EventLoopGroup(loopCount: 1, name: "test-singleton")
        defer { group.shutdown() }
        var configuration = JobsConfiguration()
        configuration.singleton = SingletonSettings().scaled(toLease: .milliseconds(300))
        let job = RecordingJob()
        let view = ScheduledJobsView()
        // 2026-06-01 02:00 UTC, a night every half second.
        let clock = JobClock(origin: 1_780_279_200_000, rate: 172_800)
        let service = try SingletonService(
            nodeName: "n1", configuration: configuration, ledger: SlotLedger(), dataDirectory: directory, clock: clock,
            jobs: [job], loop: group.loops[0], view: view)
        defer { service.shutdown() }
        group.loops[0].execute { service.start(members: [], send: nil) }

        #expect(Self.waitUntil { job.commits.withLock { $0.count } >= 4 })
        let commits = job.commits.withLock { $0 }
        #expect(zip(commits, commits.dropFirst()).allSatisfy { $1 - $0 == 86_400 }, "\(commits)")
        // Every run is told the slot before it, and no slot ran twice.
        let runs = job.runs.withLock { $0 }
        #expect(runs.allSatisfy { $0.previous == $0.slot - 86_400 })
        #expect(Set(runs.map(\.slot)).count == runs.count)
        // The view agrees with what the job was told, and the ledger on disk holds the commits.
        let listed = try #require(view.current?.jobs.first).committed.map(\.slot)
        #expect(Array(listed.prefix(commits.count)) == commits)
        let stored = try SingletonLedgerFile(directory: directory).load()
        #expect(stored.committedSlots(for: "leaderboard").map(\.slot).starts(with: commits.prefix(1)))

        // A payload that is not a singleton message is counted and dropped; the node goes on.
        group.loops[0].execute { [0xFF, 0x00, 0x13].withUnsafeBytes { service.received($0, from: "n2") } }
        #expect(Self.waitUntil { view.current?.counters.decodeErrors == 1 })
        let before = job.commits.withLock { $0.count }
        #expect(Self.waitUntil { job.commits.withLock { $0.count } > before })
    }
}

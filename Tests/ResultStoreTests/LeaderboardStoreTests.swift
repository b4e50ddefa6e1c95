import Foundation
import ResultStore
import Testing

/// The nightly job's publications on disk: kept per run, committed per slot, read back after a restart.
@Suite struct LeaderboardStoreTests {
    static func publication(slot: Int64, token: UInt64, bytes: [UInt8] = [1, 2]) -> StoredPublication {
        StoredPublication(
            job: "leaderboard", slot: slot, token: token, digest: [UInt8(token)],
            snapshots: [.init(kind: "cycles", bytes: bytes), .init(kind: "connect4", bytes: bytes + [9])])
    }

    @Test func publicationsAreKeptPerRunAndCommittedPerSlot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-lb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/leaderboards.sqlite"
        do {
            let store = try LeaderboardStore(path: path, durability: .normal)
            try store.store(Self.publication(slot: 100, token: 1))
            try store.store(Self.publication(slot: 100, token: 2))
            // The same run again keeps the first copy.
            try store.store(Self.publication(slot: 100, token: 2, bytes: [7]))
            try store.store(Self.publication(slot: 200, token: 3))
            #expect(try store.publication(job: "leaderboard", slot: 100, token: 2) == Self.publication(slot: 100, token: 2))
            #expect(try store.publication(job: "leaderboard", slot: 100, token: 9) == nil)
            #expect(try store.committedPublications(job: "leaderboard", limit: 8).isEmpty)
            try store.markCommitted(job: "leaderboard", slot: 100, token: 2)
            try store.markCommitted(job: "leaderboard", slot: 200, token: 3)
        }
        let reopened = try LeaderboardStore(path: path, durability: .normal)
        let committed = try reopened.committedPublications(job: "leaderboard", limit: 8)
        #expect(committed.map(\.slot) == [100, 200])
        #expect(committed.map(\.token) == [2, 3])
        #expect(committed.allSatisfy { $0.committed })
        #expect(committed[0].snapshots.map(\.kind) == ["connect4", "cycles"])
        #expect(try reopened.committedPublications(job: "leaderboard", limit: 1).map(\.slot) == [200])
    }
}

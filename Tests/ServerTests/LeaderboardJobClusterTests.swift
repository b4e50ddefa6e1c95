import Foundation
import Leaderboard
import Reactor
import ResultStore
import Singleton
import Synchronization
import Testing

@testable import Server

/// The nightly job on a real cluster of in-process nodes on loopback: results committed on every
/// node, a run driven directly (no singleton shell), chunks rated across the nodes, the output
/// published, committed and served alike everywhere, and equal to rating in one piece.
@Suite(.serialized) struct LeaderboardJobClusterTests {
    static let secret = Array(repeating: UInt8(42), count: 32)
    static let day: Int64 = 86_400
    static let firstSlot: Int64 = 1_750_000_000 / 86_400 * 86_400 + 3 * 3600

    /// A clustered in-process node.
    final class Member: Sendable {
        let node: TestNode
        var bridge: ClusterBridge { node.server.context.cluster.bridge! }
        var context: NodeContext { node.server.context }
        let name: String

        init(_ name: String, seeds: [String], directory: String? = nil) throws {
            self.name = name
            node = try TestNode(threads: 1) { configuration in
                configuration.nodeName = name
                if let directory { configuration.dataDirectory = directory }
                var cluster = ClusterSettings(secret: LeaderboardJobClusterTests.secret)
                cluster.seeds = seeds
                configuration.cluster = cluster
            }
        }

        /// Runs `body` on the cluster loop and returns what it returns.
        func onLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
            let box = Mutex<T?>(nil)
            let done = Latch(count: 1)
            bridge.loop.execute {
                let value = body()
                box.withLock { $0 = value }
                done.countDown()
            }
            done.wait()
            return box.withLock { $0! }
        }

        var liveMembers: [String] { onLoop { [bridge] in bridge.liveMembers } }
        var fanOutCounters: TaskFanOut.Counters { onLoop { [bridge] in bridge.tasks.counters } }
    }

    static func startCluster(_ count: Int) throws -> [Member] {
        let first = try Member("n1", seeds: [])
        var members = [first]
        for index in 2...count { members.append(try Member("n\(index)", seeds: [first.node.server.clusterAddress!])) }
        for member in members {
            #expect(eventually { member.liveMembers.count == count - 1 }, "\(member.name) did not see the cluster")
        }
        return members
    }

    /// Commits `count` games ending in (slot − day, slot] into `store`, among players P0…P39.
    static func commitGames(_ count: Int, into store: ResultStore, prefix: String, slot: Int64) throws -> [GameResult] {
        var generator = SystemRandomNumberGenerator()
        let games = (0..<count).map { index -> NewGameResult in
            let a = Int.random(in: 0..<40, using: &generator)
            let b = (a + Int.random(in: 1..<40, using: &generator)) % 40
            let outcome: Outcome = [.win, .win, .win, .draw, .aborted].randomElement(using: &generator)!
            let ended = (slot - day) * 1000 + 1 + Int64.random(in: 0..<day * 1000, using: &generator)
            return NewGameResult(
                gameID: "\(prefix)-\(index)", kind: index % 4 == 0 ? "cycles" : "connect4",
                players: [ResultPlayer(seat: 0, playerID: "p\(a)", nickname: "P\(a)"), ResultPlayer(seat: 1, playerID: "p\(b)", nickname: "P\(b)")],
                outcome: outcome, winners: outcome == .win ? [index % 2] : [], moves: 9,
                startedAtMilliseconds: ended - 500, endedAtMilliseconds: ended)
        }
        return try store.commit(games)
    }

    /// Runs the job of `member` for `slot` under `token`; returns the digest it finished with.
    static func run(_ job: LeaderboardJob, on member: Member, slot: Int64, token: UInt64, previous: Int64?) throws -> [UInt8] {
        let outcome = Mutex<Result<[UInt8], TaskFailure>?>(nil)
        member.onLoop {
            job.run(
                JobSlot(job: "leaderboard", slot: slot), token: FencingToken(token), previousSlot: previous,
                run: JobRun(
                    finished: { digest in outcome.withLock { $0 = .success(digest) } },
                    failed: { why in outcome.withLock { $0 = .failure(TaskFailure(reason: why)) } }))
        }
        #expect(eventually(timeout: .seconds(60)) { outcome.withLock { $0 } != nil }, "the run did not end")
        return try #require(outcome.withLock { $0 }).get()
    }

    static func commit(_ jobs: [LeaderboardJob], on members: [Member], slot: Int64, token: UInt64, digest: [UInt8]) {
        for (job, member) in zip(jobs, members) {
            member.onLoop {
                job.committed(JobSlot(job: "leaderboard", slot: slot), SlotCommit(runToken: FencingToken(token), digest: digest))
            }
        }
    }

    /// What the boards must be: the period rated in one piece, in process.
    static func expected(_ results: [GameResult], slot: Int64, previous: Leaderboards) -> [String: LeaderboardSnapshot] {
        let games = results.sorted { $0.endedAtMilliseconds < $1.endedAtMilliseconds }.map(\.ratedGame)
        let kinds = Set(games.map(\.kind)).union(previous.kinds)
        return Dictionary(uniqueKeysWithValues: kinds.map { kind in
            let before = previous.latest(kind)
            let result = RatingPeriodPlan(kind: kind, previous: before?.ratings ?? [:], games: games).rated()
            return (kind, LeaderboardSnapshot(period: RatingPeriod(slotStart: slot), result: result, previous: before))
        })
    }

    @Test func everyNodeServesTheSameBoardsRatedAcrossTheCluster() throws {
        let members = try Self.startCluster(3)
        defer { members.forEach { $0.node.stop() } }
        // n3's ledger admits nothing: it refuses the publication and must fetch it once committed.
        let jobs = try members.map { member in
            try LeaderboardJob(context: member.context, bridge: member.bridge) { _, _ in member.name != "n3" }
        }
        var all: [GameResult] = []
        for (index, member) in members.enumerated() {
            all += try Self.commitGames(150, into: member.node.server.results, prefix: "a\(index)", slot: Self.firstSlot)
        }
        // Outside the period on both sides: not rated.
        _ = try Self.commitGames(5, into: members[1].node.server.results, prefix: "early", slot: Self.firstSlot - Self.day)
        let lateGames = try Self.commitGames(5, into: members[2].node.server.results, prefix: "late", slot: Self.firstSlot + Self.day)

        let digest = try Self.run(jobs[0], on: members[0], slot: Self.firstSlot, token: 1, previous: Self.firstSlot - Self.day)
        #expect(digest.count == 32)
        let report = try #require(members[0].onLoop { jobs[0].lastRunReport })
        #expect(report.results == all.count)
        #expect(report.kinds == ["connect4", "cycles"])
        let counters = members[0].fanOutCounters
        #expect(counters.requestsSent >= report.chunks * 2 / 3 - 1, "chunks were not spread: \(counters)")
        #expect(counters.tasksRunLocally > 0)

        Self.commit(jobs, on: members, slot: Self.firstSlot, token: 1, digest: digest)
        let expected = Self.expected(all, slot: Self.firstSlot, previous: Leaderboards())
        for member in members {
            #expect(eventually(timeout: .seconds(15)) { member.context.leaderboards.lastPublishedSlot == Self.firstSlot },
                "\(member.name) did not make the slot current")
            let boards = member.context.leaderboards.current
            for (kind, snapshot) in expected { #expect(boards.latest(kind) == snapshot, "\(member.name) \(kind)") }
        }
        #expect(members[2].context.leaderboards.current == members[0].context.leaderboards.current)

        // The next night starts from the committed ratings.
        let second = Self.firstSlot + Self.day
        let more = try Self.commitGames(200, into: members[1].node.server.results, prefix: "b", slot: second)
        let before = members[0].context.leaderboards.current
        let digest2 = try Self.run(jobs[0], on: members[0], slot: second, token: 2, previous: Self.firstSlot)
        Self.commit(jobs, on: members, slot: second, token: 2, digest: digest2)
        let expected2 = Self.expected(more + lateGames, slot: second, previous: before)
        for member in members {
            #expect(eventually(timeout: .seconds(15)) { member.context.leaderboards.lastPublishedSlot == second })
            for (kind, snapshot) in expected2 {
                #expect(member.context.leaderboards.current.latest(kind) == snapshot, "\(member.name) \(kind), second night")
            }
        }
    }
}

extension LeaderboardJobClusterTests {
    /// A node that takes chunks and never answers, then dies: its chunks run elsewhere and the
    /// boards come out as if nothing happened.
    @Test func aNodeThatDiesDuringTheFanOutHasItsChunksRerun() throws {
        let members = try Self.startCluster(3)
        defer { members.forEach { $0.node.stop() } }
        let jobs = try members.map { member in try LeaderboardJob(context: member.context, bridge: member.bridge) { _, _ in true } }
        let victim = members[2]
        let chunksTaken = Mutex(0)
        victim.bridge.tasks.register(RatingTasks.rateChunk) { _, _, _ in chunksTaken.withLock { $0 += 1 } }
        let all = try Self.commitGames(400, into: members[0].node.server.results, prefix: "k", slot: Self.firstSlot)
        members[0].onLoop { jobs[0].chunkTimeout = .seconds(60) }

        let outcome = Mutex<Result<[UInt8], TaskFailure>?>(nil)
        members[0].onLoop {
            jobs[0].run(
                JobSlot(job: "leaderboard", slot: Self.firstSlot), token: FencingToken(5), previousSlot: nil,
                run: JobRun(
                    finished: { digest in outcome.withLock { $0 = .success(digest) } },
                    failed: { why in outcome.withLock { $0 = .failure(TaskFailure(reason: why)) } }))
        }
        #expect(eventually(timeout: .seconds(20)) { chunksTaken.withLock { $0 } > 0 }, "the victim got no chunk")
        #expect(outcome.withLock { $0 } == nil)
        victim.bridge.stopAbruptlyForTesting()

        #expect(eventually(timeout: .seconds(30)) { outcome.withLock { $0 } != nil }, "the run did not end")
        let digest = try #require(outcome.withLock { $0 }).get()
        let counters = members[0].fanOutCounters
        #expect(counters.tasksRedispatched > 0)
        #expect(counters.requestsLostToDepartures > 0)
        Self.commit(Array(jobs[..<2]), on: Array(members[..<2]), slot: Self.firstSlot, token: 5, digest: digest)
        let expected = Self.expected(all, slot: Self.firstSlot, previous: Leaderboards())
        for member in members[..<2] {
            #expect(eventually(timeout: .seconds(15)) { member.context.leaderboards.lastPublishedSlot == Self.firstSlot })
            for (kind, snapshot) in expected { #expect(member.context.leaderboards.current.latest(kind) == snapshot) }
        }
    }

    /// A run abandoned while its chunks are out ends quietly: no finish, no failure, no output.
    @Test func anAbandonedRunPublishesNothing() throws {
        let members = try Self.startCluster(3)
        defer { members.forEach { $0.node.stop() } }
        let jobs = try members.map { member in try LeaderboardJob(context: member.context, bridge: member.bridge) { _, _ in true } }
        let chunksTaken = Mutex(0)
        for member in members[1...] {
            member.bridge.tasks.register(RatingTasks.rateChunk) { _, _, _ in chunksTaken.withLock { $0 += 1 } }
        }
        _ = try Self.commitGames(100, into: members[0].node.server.results, prefix: "x", slot: Self.firstSlot)
        let slot = JobSlot(job: "leaderboard", slot: Self.firstSlot)
        let ended = Mutex(false)
        members[0].onLoop {
            jobs[0].run(
                slot, token: FencingToken(3), previousSlot: nil,
                run: JobRun(finished: { _ in ended.withLock { $0 = true } }, failed: { _ in ended.withLock { $0 = true } }))
        }
        #expect(eventually(timeout: .seconds(20)) { chunksTaken.withLock { $0 } > 0 })
        members[0].onLoop { jobs[0].abandon(slot, token: FencingToken(3)) }
        Thread.sleep(forTimeInterval: 1)
        #expect(!ended.withLock { $0 })
        #expect(members[0].onLoop { jobs[0].runs.isEmpty })
        for job in jobs { #expect(try job.store.publication(job: "leaderboard", slot: Self.firstSlot, token: 3) == nil) }
    }

    /// Boards of 24,000 players: the publication is several frames long and reaches every node whole.
    @Test func aPublicationBiggerThanAFrameReachesEveryNode() throws {
        let members = try Self.startCluster(3)
        defer { members.forEach { $0.node.stop() } }
        let jobs = try members.map { member in try LeaderboardJob(context: member.context, bridge: member.bridge) { _, _ in true } }
        // Eight-player games keep the commits few (the store's commit dominates a debug run).
        let games = (0..<3_000).map { index in
            NewGameResult(
                gameID: "big-\(index)", kind: "cycles",
                players: (0..<8).map { seat in
                    ResultPlayer(seat: seat, playerID: "player-\(8 * index + seat)", nickname: "Player \(8 * index + seat)")
                },
                outcome: .win, winners: [index % 8], moves: 9,
                startedAtMilliseconds: (Self.firstSlot - 10) * 1000, endedAtMilliseconds: (Self.firstSlot - 5) * 1000)
        }
        let all = try members[0].node.server.results.commit(games)
        let digest = try Self.run(jobs[0], on: members[0], slot: Self.firstSlot, token: 1, previous: nil)
        let publication = try #require(try jobs[1].store.publication(job: "leaderboard", slot: Self.firstSlot, token: 1))
        #expect(publication.snapshots[0].bytes.count > 1 << 20)
        Self.commit(jobs, on: members, slot: Self.firstSlot, token: 1, digest: digest)
        let expected = Self.expected(all, slot: Self.firstSlot, previous: Leaderboards())
        for member in members {
            #expect(eventually(timeout: .seconds(30)) { member.context.leaderboards.lastPublishedSlot == Self.firstSlot })
            #expect(member.context.leaderboards.current.latest("cycles") == expected["cycles"])
        }
    }

    /// A restarted node serves the committed boards before any run; a node alone rates alone.
    @Test func aRestartedNodeServesTheCommittedBoardsAtOnce() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-lb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results: [GameResult]
        let boards: Leaderboards
        do {
            let alone = try Member("n1", seeds: [], directory: directory)
            let job = try LeaderboardJob(context: alone.context, bridge: alone.bridge) { _, _ in true }
            results = try Self.commitGames(100, into: alone.node.server.results, prefix: "r", slot: Self.firstSlot)
            let digest = try Self.run(job, on: alone, slot: Self.firstSlot, token: 1, previous: nil)
            Self.commit([job], on: [alone], slot: Self.firstSlot, token: 1, digest: digest)
            #expect(eventually { alone.context.leaderboards.lastPublishedSlot == Self.firstSlot })
            boards = alone.context.leaderboards.current
            alone.node.server.shutdown()
        }
        for (kind, snapshot) in Self.expected(results, slot: Self.firstSlot, previous: Leaderboards()) {
            #expect(boards.latest(kind) == snapshot)
        }
        let again = try Member("n1", seeds: [], directory: directory)
        defer { again.node.stop() }
        _ = try LeaderboardJob(context: again.context, bridge: again.bridge) { _, _ in true }
        #expect(again.context.leaderboards.current == boards)
        #expect(again.context.leaderboards.lastPublishedSlot == Self.firstSlot)
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

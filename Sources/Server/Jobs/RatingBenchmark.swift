import Foundation
import Leaderboard
import Reactor
import Synchronization

/// How long rating a period takes on one node and spread over several, measured in one process:
/// `nodes` clustered in-process nodes on loopback, the chunks fanned out with `TaskFanOut` exactly
/// as the nightly job does. Figures only (`roost bench-rating`; LoadTests/run-rating-bench.sh).
public enum RatingBenchmark {
    /// The figures of one run.
    public struct Report: Sendable, CustomStringConvertible {
        public var results = 0
        public var players = 0
        public var nodes = 0
        public var chunks = 0
        /// Building the plan (pairing results, sorting players): the same work whoever rates.
        public var planning: Duration = .zero
        /// `RatingPeriodPlan.rated()` in process: no encoding, no fan-out.
        public var inProcess: Duration = .zero
        /// Chunks encoded, fanned out to this node only, merged.
        public var oneNode: Duration = .zero
        /// Chunks encoded, fanned out over `nodes` nodes, merged.
        public var spread: Duration = .zero

        public var description: String {
            func ms(_ duration: Duration) -> String {
                String(format: "%.0f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
            }
            let ratio = spread == .zero ? 0 : oneNode / spread
            return """
                rating \(results) results among \(players) players, \(chunks) chunks
                  planning (both)           \(ms(planning))
                  in process, no fan-out    \(ms(inProcess))
                  fan-out, 1 node           \(ms(oneNode))
                  fan-out, \(nodes) nodes          \(ms(spread))
                  1 node / \(nodes) nodes          \(String(format: "%.2f", ratio))x
                """
        }
    }

    /// Rates `results` two-player games among `players` players (a fixed pseudo-random schedule).
    public static func run(results: Int, players: Int, nodes: Int = 3, chunksPerNode: Int = 4) throws -> Report {
        precondition(results > 0 && players > 1 && nodes >= 1, "a benchmark needs games, players and a node")
        var report = Report(results: results, players: players, nodes: nodes)
        let games = syntheticGames(results, players: players)
        let clock = ContinuousClock()
        var plan: RatingPeriodPlan?
        report.planning = clock.measure { plan = RatingPeriodPlan(kind: "connect4", previous: [:], games: games) }
        let periodPlan = plan!
        var expected: RatingPeriodResult?
        report.inProcess = clock.measure { expected = periodPlan.rated() }

        let cluster = try BenchCluster(nodes: nodes)
        defer { cluster.stop() }
        let chunkCount = min(RatingPeriodPlan.maxChunks, nodes * chunksPerNode)
        report.chunks = min(chunkCount, periodPlan.activePlayerCount)
        report.oneNode = try clock.measure {
            let result = try cluster.rate(periodPlan, chunks: chunkCount, onlyFirst: true)
            precondition(result == expected, "fan-out ratings differ from in-process ones")
        }
        report.spread = try clock.measure {
            let result = try cluster.rate(periodPlan, chunks: chunkCount, onlyFirst: false)
            precondition(result == expected, "fan-out ratings differ from in-process ones")
        }
        return report
    }

    /// Two-player games, a third of them draws, from a fixed xorshift sequence.
    static func syntheticGames(_ count: Int, players: Int) -> [RatedGame] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let ids = (0..<players).map { "p\($0)" }
        return (0..<count).map { _ in
            let a = Int(next() % UInt64(players))
            let b = (a + 1 + Int(next() % UInt64(players - 1))) % players
            let seats = [RatedGame.Player(seat: 0, playerID: ids[a], nickname: ids[a]), RatedGame.Player(seat: 1, playerID: ids[b], nickname: ids[b])]
            switch next() % 3 {
            case 0: return RatedGame(kind: "connect4", players: seats, winners: [])
            case 1: return RatedGame(kind: "connect4", players: seats, winners: [0])
            default: return RatedGame(kind: "connect4", players: seats, winners: [1])
            }
        }
    }
}

/// In-process clustered nodes for the benchmark.
private final class BenchCluster {
    let servers: [GameServer]
    let directory: String

    init(nodes: Int) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-bench-\(UUID().uuidString)").path
        let secret = Array(repeating: UInt8(11), count: 32)
        var servers: [GameServer] = []
        for index in 1...nodes {
            var configuration = ServerConfiguration(tokenSecret: secret)
            configuration.nodeName = "b\(index)"
            configuration.port = 0
            configuration.dataDirectory = directory + "/b\(index)"
            configuration.resultDurability = .normal
            var cluster = ClusterSettings(secret: secret)
            cluster.seeds = servers.first?.clusterAddress.map { [$0] } ?? []
            configuration.cluster = cluster
            servers.append(try GameServer(configuration: configuration))
        }
        self.servers = servers
        let first = servers[0].context.cluster.bridge!
        let deadline = ContinuousClock.now + .seconds(30)
        while Self.onLoop(first, { first.liveMembers.count }) < nodes - 1 {
            guard ContinuousClock.now < deadline else { throw BenchError(description: "the nodes did not form a cluster") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    struct BenchError: Error, CustomStringConvertible { let description: String }

    static func onLoop<T: Sendable>(_ bridge: ClusterBridge, _ body: @escaping @Sendable () -> T) -> T {
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

    /// Encodes the chunks, fans them out from the first node (to it alone, or to every node), merges.
    func rate(_ plan: RatingPeriodPlan, chunks: Int, onlyFirst: Bool) throws -> RatingPeriodResult {
        let payloads = plan.chunks(count: chunks).map { $0.encoded() }
        let bridge = servers[0].context.cluster.bridge!
        let outcome = Mutex<Result<[[UInt8]], TaskFailure>?>(nil)
        let done = Latch(count: 1)
        let only = onlyFirst ? [servers[0].context.nodeName] : nil
        bridge.loop.execute {
            bridge.tasks.run(RatingTasks.rateChunk, payloads: payloads, nodes: only, timeout: .seconds(600)) { result in
                outcome.withLock { $0 = result }
                done.countDown()
            }
        }
        done.wait()
        let outputs = try outcome.withLock { $0! }.get().map { try RatingChunkOutput(encoded: $0) }
        return try plan.merge(outputs)
    }

    func stop() {
        for server in servers { server.shutdown() }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

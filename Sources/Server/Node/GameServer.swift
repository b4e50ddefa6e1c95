import Foundation
import Synchronization
import Identity
import Protocol
import Reactor
import ResultStore
import WebSocket
import WebSocketTransport

/// One Roost node serving players: WebSockets at `/ws` (`roost.v1`), the browser client at `/`,
/// `/healthz` and `/metrics`, games hosted on its event loops and results in its SQLite store.
public final class GameServer: Sendable {
    /// The bound port (useful when configured with port 0).
    public let port: Int
    /// The node's counters.
    public let metrics: ServerMetrics
    /// Where finished games' results are committed.
    public let results: ResultStore
    private let group: EventLoopGroup
    private let server: WebSocketServer
    /// The node's shared services (internal: tests publish boards into it, benchmarks reach the
    /// cluster bridge through it).
    let context: NodeContext
    /// The scheduled jobs' singleton (see `SingletonService`).
    private let singleton: SingletonService

    /// Opens the result store, starts the loops and listens.
    public init(configuration: ServerConfiguration) throws {
        let loopCount = max(1, configuration.threads)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        // Read first: a corrupt ledger stops the start before anything is served.
        let ledger = try SingletonLedgerFile(directory: configuration.dataDirectory).load()
        results = try ResultStore(
            path: configuration.dataDirectory + "/results.sqlite", nodeName: configuration.nodeName,
            durability: configuration.resultDurability)
        metrics = ServerMetrics(loopCount: loopCount, kinds: configuration.registry.kinds.map(\.rawValue))
        // In a cluster, tokens are signed with the cluster secret, so every node accepts them.
        let tokenSecret = configuration.cluster?.secret ?? configuration.tokenSecret
        let signer = try TokenSigner(keys: ["k1": tokenSecret], currentKeyID: "k1", lifetime: configuration.tokenLifetime)
        let context = NodeContext(
            configuration: configuration, signer: signer, metrics: metrics,
            results: try ResultWriter(store: results, metrics: metrics, logger: configuration.nodeLogger))
        self.context = context
        group = try EventLoopGroup(loopCount: loopCount, name: "roost-loop", pinToCPUs: configuration.pinThreads)
        context.shards.install(group.loops.map { Shard(index: $0.index, loop: $0, node: context) })
        // Installed before anything is served, so no shard ever sees a node without its bridge.
        if let settings = configuration.cluster {
            context.cluster.install(try ClusterBridge(settings: settings, context: context))
        }
        let bridge = context.cluster.bridge
        let admission = PublicationAdmission()
        // On the cluster loop when clustered; a node alone runs it on its first loop.
        singleton = try SingletonService(
            nodeName: configuration.nodeName, configuration: configuration.jobs, ledger: ledger,
            dataDirectory: configuration.dataDirectory, clock: configuration.jobClock,
            jobs: try makeScheduledJobs(context: context, bridge: bridge, admission: admission),
            loop: bridge?.loop ?? group.loops[0], view: context.scheduledJobs, logger: configuration.nodeLogger)
        admission.service = singleton
        bridge?.singleton = singleton

        var transport = WebSocketServerConfiguration()
        transport.host = configuration.host
        transport.port = configuration.port
        transport.tls = configuration.tls
        // Twice the protocol's limit, so a message somewhat over it gets the protocol's own
        // `message_too_big` error before the 1009 close; far bigger ones are cut off at the frame.
        transport.connection.maxMessageBytes = 2 * configuration.limits.maxMessageBytes
        transport.connection.maxFrameBytes = 2 * configuration.limits.maxMessageBytes
        transport.connection.pingInterval = .seconds(20)
        transport.connection.idleTimeout = .seconds(60)
        transport.connection.maxQueuedBytes = 1 << 20
        transport.handshake = ServerHandshakeOptions(
            subprotocols: [ProtocolVersion.subprotocol], allowedOrigins: configuration.allowedOrigins,
            deflate: configuration.deflate ? PerMessageDeflateOptions() : nil)
        let files = try configuration.webRoot.map { try StaticFiles(directory: $0) }
        transport.httpResponder = HTTPRoutes.responder(context: context, files: files)
        let shards = context.shards
        server = try WebSocketServer(configuration: transport, group: group) { loop in
            let shard = shards[loop.index]
            shard.start()
            return shard
        }
        port = server.port
        context.boundPort = server.port
        let first = context.shards[0]
        first.loop.execute { first.publishLoad() }
        clusterAddress = try bridge?.start()
        if bridge == nil {
            let singleton = singleton
            singleton.loop.execute { singleton.start(members: [], send: nil) }
        }
    }

    /// The cluster link's address (`host:port`), when clustered.
    public let clusterAddress: String?

    /// The browser client bundled with the server.
    public static var bundledWebRoot: String? {
        Bundle.module.resourceURL.map { $0.appendingPathComponent("Web").path }
    }

    /// Graceful leave, before `shutdown(code: .serviceRestart)` (a deploy): this node takes no new
    /// games, hands every game it hosts to another node that takes games (seal, transfer, adoption,
    /// the game list flips to the new owner), and waits until the list shows each game at its new
    /// owner, so every node routes to it there. Returns the tally; with no other node to take them,
    /// nothing is handed over and the shutdown ends the games as before.
    public func drain(timeout: Duration = .seconds(10)) -> HandoffTally {
        context.isShuttingDown = true
        let first = context.shards[0]
        let targets = Mutex<[ShardPlace]>([])
        let computed = Latch(count: 1)
        first.loop.execute {
            first.publishLoad()
            targets.withLock { $0 = first.handoffTargets() }
            computed.countDown()
        }
        computed.wait()
        let places = targets.withLock { $0 }
        guard !places.isEmpty else { return HandoffTally() }
        let tally = Mutex(HandoffTally())
        let handed = Mutex<[String]>([])
        let done = Latch(count: group.loops.count)
        for shard in context.shards.all {
            shard.loop.execute {
                let ids = shard.games.values.filter { $0.state != .finished }.map(\.id)
                shard.handOffGames(to: places, timeout: timeout) { shardTally in
                    tally.withLock { $0 = $0 + shardTally }
                    handed.withLock { $0 += ids.filter { shard.movedGames[$0] != nil } }
                    done.countDown()
                }
            }
        }
        done.wait()
        waitUntilListedElsewhere(handed.withLock { $0 }, timeout: .seconds(3))
        return tally.withLock { $0 }
    }

    /// Waits until this node's copy of the game list shows each of `games` at another node (the
    /// other nodes get the same entries over their own links at about the same time).
    private func waitUntilListedElsewhere(_ games: [String], timeout: Duration) {
        guard !games.isEmpty else { return }
        let deadline = MonotonicInstant.now() + timeout
        let first = context.shards[0]
        while MonotonicInstant.now() < deadline {
            let listed = Latch(count: 1)
            let pending = Mutex(true)
            first.loop.execute {
                pending.withLock { $0 = games.contains { !first.lobby!.isListedElsewhere($0) } }
                listed.countDown()
            }
            listed.wait()
            if !pending.withLock({ $0 }) { return }
            usleep(20_000)
        }
    }

    /// Stops: running games end without a result (players are told), connections close with
    /// `code`, then the loops and the result writer stop.
    public func shutdown(code: CloseCode = .goingAway) {
        context.isShuttingDown = true
        let done = Latch(count: group.loops.count)
        for shard in context.shards.all {
            shard.loop.execute {
                for game in shard.games.values { game.abort() }
                done.countDown()
            }
        }
        done.wait()
        server.shutdown(code: code, timeout: .seconds(2))
        context.cluster.bridge?.leave()
        singleton.shutdown()
        context.results.shutdown()
        group.shutdown()
    }
}

import Foundation
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
    /// Internal for tests (`@testable`), which publish boards into it.
    let context: NodeContext

    /// Opens the result store, starts the loops and listens.
    public init(configuration: ServerConfiguration) throws {
        let loopCount = max(1, configuration.threads)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
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
        clusterAddress = try context.cluster.bridge?.start()
    }

    /// The cluster link's address (`host:port`), when clustered.
    public let clusterAddress: String?

    /// The browser client bundled with the server.
    public static var bundledWebRoot: String? {
        Bundle.module.resourceURL.map { $0.appendingPathComponent("Web").path }
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
        context.results.shutdown()
        group.shutdown()
    }
}

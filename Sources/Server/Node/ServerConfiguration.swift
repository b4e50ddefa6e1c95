import Games
import Logging
import Protocol
import Reactor
import ResultStore
import Singleton

/// Everything a node needs to serve players; every tunable has the default the spec states.
public struct ServerConfiguration: Sendable {
    /// This node's name in ids and `welcome.node`: 1–16 characters of `a-z 0-9`.
    public var nodeName = "n1"
    /// Address to bind; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (see `GameServer.port`).
    public var port = 8080
    /// Event loop threads; each owns its connections, its sessions and the games created on it.
    public var threads = 1
    /// Pin loop threads to CPUs (benchmarks).
    public var pinThreads = false
    /// Where the result store lives (`results.sqlite`).
    public var dataDirectory = ".roost/n1"
    /// The secret that signs player tokens (at least 32 bytes); every node of a cluster shares it.
    public var tokenSecret: [UInt8]
    /// The clock of result times and job schedules; tests speed it up (`JobClock`).
    public var jobClock = JobClock.real
    /// How long a player token stays valid.
    public var tokenLifetime: Duration = .seconds(24 * 3600)
    /// The limits every session gets, sent in `welcome.limits`.
    public var limits = SessionLimits.defaults
    /// Time allowed between the WebSocket handshake and `hello`.
    public var helloTimeout: Duration = .seconds(10)
    /// Open connections allowed from one IP address; more are closed with 1013 at once.
    public var maxConnectionsPerIP = 64
    /// Games a player may hold seats in at once (`too_many_games`).
    public var maxGamesPerPlayer = 8
    /// Format errors (`bad_json`, `bad_field`, `unknown_type`) tolerated within `abuseWindow`
    /// before a close with 4029.
    public var maxFormatErrors = 10
    /// Messages dropped by the rate limits tolerated within `abuseWindow` before a close with 4029.
    public var maxRateLimitedMessages = 100
    /// The window for the two abuse counts above.
    public var abuseWindow: Duration = .seconds(10)
    /// How long a finished game stays in the lobby (state `finished`) before it is removed.
    public var finishedGameLinger: Duration = .seconds(60)
    /// A game still waiting for players after this long is abandoned.
    public var waitingGameTimeout: Duration = .seconds(600)
    /// The game kinds offered.
    public var registry = GameRegistry.standard
    /// How result commits reach the disk (`.full`: fsync at every commit).
    public var resultDurability = ResultStore.Durability.full
    /// Browser origins allowed to open WebSockets; nil allows any (the web client is same-origin,
    /// and tokens, not cookies, carry identity, so cross-site requests gain nothing).
    public var allowedOrigins: [String]?
    /// TLS for `wss://`; nil serves plain `ws://`.
    public var tls: TLSContext?
    /// The directory of static files served at `/` (the browser client); nil serves none.
    public var webRoot: String?
    /// Offer permessage-deflate to clients that ask.
    public var deflate = true
    /// The cluster to join; nil serves alone.
    public var cluster: ClusterSettings?
    /// The scheduled jobs: the cluster size majorities count against, schedules, singleton tunables.
    public var jobs = JobsConfiguration()
    /// Where the node's log lines go: text on standard error unless told otherwise. The node adds
    /// its name to every line.
    public var logger = RoostLogHandler.logger(node: "n1", format: .text, level: .info)
    /// The token that opens `/admin/`; nil (the default) makes every admin path answer 404.
    public var adminToken: AdminToken?

    /// A configuration with this token secret and the defaults for everything else.
    public init(tokenSecret: [UInt8]) {
        precondition(tokenSecret.count >= 32, "the token secret needs at least 32 bytes")
        self.tokenSecret = tokenSecret
    }
}

import Games
import Leaderboard
import Singleton
import Identity
import Protocol
import Reactor
import Synchronization

/// What every loop of a node shares: immutable settings and the few thread-safe services.
final class NodeContext: Sendable {
    let configuration: ServerConfiguration
    let identifiers: Identifiers
    let signer: TokenSigner
    let metrics: ServerMetrics
    let seats: SeatIndex
    let results: ResultWriter
    let connectionsPerIP: ConnectionsPerIP
    /// Every loop's shard, by loop index; filled once before the first connection.
    let shards: ShardTable
    /// Carries messages to other nodes' shards; nil on a node alone.
    var remote: (any NodeMessenger)? { cluster.bridge }
    /// The cluster bridge, once installed.
    let cluster = ClusterSlot()
    /// Cluster state for HTTP handlers.
    let views = ClusterViews()
    /// Games that died with their players' sessions, for those players' next sessions.
    let orphanedGames = OrphanedGames()
    /// The leaderboards this node serves (published by the nightly job).
    let leaderboards = PublishedLeaderboards()
    /// The scheduled jobs as the singleton shell last published them (`/api/jobs`).
    let scheduledJobs = ScheduledJobsView()
    /// What the admin API shows (published by the loops).
    let admin = AdminViews()
    /// This node's name.
    var nodeName: String { configuration.nodeName }
    private let port = Atomic<Int>(0)
    private let shuttingDown = Atomic<Bool>(false)
    /// The port players connect to (known once bound).
    var boundPort: Int {
        get { port.load(ordering: .relaxed) }
        set { port.store(newValue, ordering: .relaxed) }
    }
    /// Set when the node starts shutting down: it takes no new games.
    var isShuttingDown: Bool {
        get { shuttingDown.load(ordering: .relaxed) }
        set { shuttingDown.store(newValue, ordering: .relaxed) }
    }

    init(
        configuration: ServerConfiguration, signer: TokenSigner, metrics: ServerMetrics, results: ResultWriter
    ) {
        self.configuration = configuration
        identifiers = Identifiers(node: configuration.nodeName)
        self.signer = signer
        self.metrics = metrics
        seats = SeatIndex()
        self.results = results
        connectionsPerIP = ConnectionsPerIP(limit: configuration.maxConnectionsPerIP)
        shards = ShardTable()
    }

    /// The registry of game kinds.
    var registry: GameRegistry { configuration.registry }
    /// The session limits.
    var limits: SessionLimits { configuration.limits }

    /// The leaderboard job's schedule as clients see it: its last and next slots by the job clock.
    func leaderboardSchedule() -> JobScheduleInfo {
        let schedule = configuration.jobs.leaderboardSchedule
        let now = configuration.jobClock.seconds()
        return JobScheduleInfo(cron: schedule.expression, previous: schedule.previous(atOrBefore: now), next: schedule.next(after: now))
    }

    /// Milliseconds since the Unix epoch, for `at` fields and result times (never for timeouts).
    static func wallClockMilliseconds() -> Int64 { WallClock.milliseconds() }
}

/// The shards of a node by index; written once at start-up, before any loop reads it.
final class ShardTable: @unchecked Sendable {
    // Written only in `GameServer.init` before the listeners start; the loops' task queues then
    // give every later reader a happens-before edge, so no lock is needed to read.
    private(set) var all: [Shard] = []

    func install(_ shards: [Shard]) {
        precondition(all.isEmpty, "shards are installed once")
        all = shards
    }

    subscript(index: Int) -> Shard { all[index] }
    var count: Int { all.count }
}

/// Carries `NodeMessage`s to shards of other nodes (the cluster link).
protocol NodeMessenger: Sendable {
    /// Sends `message` to `place` (on another node), from shard `shard` of this node.
    func send(_ message: NodeMessage, to place: ShardPlace, from shard: Int)
}

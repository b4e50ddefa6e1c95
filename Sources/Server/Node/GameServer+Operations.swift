import Synchronization

/// What an operator (or `roost serve`'s signal handling) asks of a running node: readiness, the
/// drain before a stop, and how many games it still hosts.
extension GameServer {
    /// Readiness now (`GET /readyz` answers the same).
    public var readiness: Readiness { context.readiness() }

    /// Starts draining: `/readyz` turns 503, the node takes no new games (it tells the cluster, so
    /// placement skips it) and its running games go on. `shutdown()` ends it.
    public func beginDraining() {
        context.isShuttingDown = true
        let first = context.shards[0]
        first.loop.execute { first.publishLoad() }
    }

    /// Games this node hosts (waiting or playing), as the loops last published them (once a second).
    public var hostedGames: Int {
        let totals = metrics.loopTotals()
        return totals.gamesRunning.values.reduce(0, +) + totals.gamesWaiting.values.reduce(0, +)
    }
}

extension NodeContext {
    /// Gathers the facts `Readiness` decides on. The result store check is one primary-key read
    /// (WAL readers never wait for the writer), cheap enough for an event loop at probe rates.
    func readiness() -> Readiness {
        let storeOpen = (try? results.store.highestSequence(origin: nodeName)) != nil
        return Readiness(
            listening: boundPort != 0,
            clusterJoined: configuration.cluster == nil ? nil : views.hasJoined.load(ordering: .relaxed),
            resultStoreOpen: storeOpen, draining: isShuttingDown)
    }
}

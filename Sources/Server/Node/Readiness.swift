/// Whether a node should be sent new players (`GET /readyz`), and if not, why.
///
/// Pure: the node gathers the facts, this decides. `/healthz` says the process is alive (restart it
/// if not); `/readyz` says it is worth routing players to (take it out of the load balancer if
/// not), so a node that is starting, cannot reach its cluster, lost its result store or is draining
/// stays alive but unready.
public struct Readiness: Sendable, Equatable {
    /// Why a node is not ready; the JSON body lists every reason that holds.
    public enum Reason: String, Sendable, CaseIterable {
        /// The player port is not bound yet.
        case notListening = "not_listening"
        /// Seeds are configured and no member has been met yet (nor did the seeds turn out to name
        /// only this node). Once met, a node stays joined: losing every peer later makes it a
        /// minority, not unready, so a partition does not take the survivors out of service.
        case joiningCluster = "joining_cluster"
        /// The result store does not answer a read: finished games could not be committed.
        case resultStoreUnavailable = "result_store_unavailable"
        /// The node is leaving (SIGTERM): it takes no new games and waits for its games to end.
        case draining
    }

    /// Every reason that holds, in declaration order; empty when ready.
    public let reasons: [Reason]

    public var isReady: Bool { reasons.isEmpty }

    /// The facts, as the node sees them now. `clusterJoined` is nil for a node that serves alone.
    public init(listening: Bool, clusterJoined: Bool?, resultStoreOpen: Bool, draining: Bool) {
        var reasons: [Reason] = []
        if !listening { reasons.append(.notListening) }
        if clusterJoined == false { reasons.append(.joiningCluster) }
        if !resultStoreOpen { reasons.append(.resultStoreUnavailable) }
        if draining { reasons.append(.draining) }
        self.reasons = reasons
    }
}

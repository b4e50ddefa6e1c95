import Cluster
import Synchronization

/// The node's cluster bridge, installed once at start-up (nil: the node is alone).
final class ClusterSlot: @unchecked Sendable {
    // Written once in `GameServer.init` before any loop serves a connection; the loops' task
    // queues give every later reader a happens-before edge (like `ShardTable`).
    private(set) var bridge: ClusterBridge?

    func install(_ bridge: ClusterBridge) {
        precondition(self.bridge == nil, "the cluster bridge is installed once")
        self.bridge = bridge
    }
}

/// Views of cluster state that HTTP handlers read from any thread.
final class ClusterViews: Sendable {
    /// The other live members, sorted.
    let members = Mutex<[String]>([])
    /// Players online anywhere: player id → (name, node, games).
    let presence = Mutex<[String: (name: String, node: String, games: [String])]>([:])
    /// Nodes' public URLs, for `redirect`.
    let publicURLs = Mutex<[String: String]>([:])
    /// The cluster node's counters (link and membership), refreshed once a second.
    let counters = Mutex<ClusterNodeCounters?>(nil)
    /// Set once this node has met another member, or learned its seeds name only itself (`/readyz`).
    let hasJoined = Atomic<Bool>(false)
    /// Every node's load as the replicated `loads` map holds it (shard 0 writes it; `/admin/api/cluster`).
    let loads = Mutex<[String: NodeLoad]>([:])
}

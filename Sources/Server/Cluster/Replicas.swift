import Cluster
import ClusterWire

/// The replicated maps as shard 0 keeps them: this node's parts written here, the other nodes'
/// parts applied from their deltas, gaps repaired by snapshots (see `OwnedStateMap`).
///
/// Lives on shard 0, whose lobby is its main reader; sends go through the cluster bridge (nil when
/// the node is alone, and then the maps simply hold this node's own entries).
final class Replicas {
    /// What a change to a map means to its readers.
    typealias Changes = [OwnedStateMap<ReplicatedValue>.Change]

    private(set) var maps: [ReplicatedMap: OwnedStateMap<ReplicatedValue>]
    unowned(unsafe) let shard: Shard
    /// Called with every change to any map, local or remote, on shard 0.
    var onChange: (ReplicatedMap, Changes) -> Void = { _, _ in }

    init(shard: Shard, incarnation: UInt64) {
        self.shard = shard
        var maps: [ReplicatedMap: OwnedStateMap<ReplicatedValue>] = [:]
        for map in ReplicatedMap.allCases {
            maps[map] = OwnedStateMap(localOrigin: shard.node.nodeName, incarnation: incarnation)
        }
        self.maps = maps
    }

    /// This node's entry `key` of `map`.
    func local(_ map: ReplicatedMap, _ key: String) -> ReplicatedValue? { maps[map]!.localEntry(key) }

    /// Every entry of `map`, with its origin.
    func all(_ map: ReplicatedMap) -> [(key: String, value: ReplicatedValue, origin: String)] { maps[map]!.all }

    /// Writes this node's entries and tells every other node.
    func write(_ map: ReplicatedMap, upserts: [String: ReplicatedValue] = [:], removals: [String] = []) {
        let removals = removals.filter { maps[map]!.localEntry($0) != nil }
        guard !upserts.isEmpty || !removals.isEmpty else { return }
        // Only the keys written, so the map's storage is not shared (and copied) by the write.
        var old: [String: ReplicatedValue] = [:]
        for key in Array(upserts.keys) + removals { old[key] = maps[map]!.localEntry(key) }
        let delta = maps[map]!.write(upserts: upserts, removals: removals)
        var changes: Changes = []
        for (key, value) in upserts where old[key] != value {
            changes.append(.upserted(key: key, value: value, origin: shard.node.nodeName))
        }
        for key in removals { changes.append(.removed(key: key, value: old[key]!, origin: shard.node.nodeName)) }
        shard.node.cluster.bridge?.broadcast(StateSyncMessage.delta(map, delta).wireBytes(), channel: .stateSync)
        if !changes.isEmpty { onChange(map, changes) }
    }

    /// A `.stateSync` payload from `origin`.
    func received(_ bytes: [UInt8], from origin: String) {
        let message: StateSyncMessage
        do {
            message = try StateSyncMessage(wireBytes: bytes, origin: origin)
        } catch {
            shard.node.metrics.clusterDecodeErrors.add(1)
            return
        }
        switch message {
        case .delta(let map, let delta):
            switch maps[map]!.apply(delta) {
            case .changed(let changes): if !changes.isEmpty { onChange(map, changes) }
            case .stale: break
            case .gap(let from):
                shard.node.cluster.bridge?.send(StateSyncMessage.snapshotRequest(map).wireBytes(), channel: .stateSync, to: from)
            }
        case .snapshotRequest(let map):
            sendSnapshot(of: map, to: origin)
        case .snapshot(let map, let part):
            let changes = maps[map]!.apply(snapshot: part, of: origin)
            if !changes.isEmpty { onChange(map, changes) }
        }
    }

    /// A link to `node` came up: it gets this node's parts whole (it may have missed anything).
    func linkUp(_ node: String) {
        for map in ReplicatedMap.allCases { sendSnapshot(of: map, to: node) }
    }

    /// `node` left or was declared dead: its parts go.
    func memberLeft(_ node: String) {
        for map in ReplicatedMap.allCases {
            let changes = maps[map]!.removeOrigin(node)
            if !changes.isEmpty { onChange(map, changes) }
        }
    }

    private func sendSnapshot(of map: ReplicatedMap, to node: String) {
        let bytes = StateSyncMessage.snapshot(map, maps[map]!.localSnapshot).wireBytes()
        shard.node.cluster.bridge?.send(bytes, channel: .stateSync, to: node)
    }
}

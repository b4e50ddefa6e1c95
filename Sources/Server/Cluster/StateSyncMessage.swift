import Cluster

/// The replicated maps every node keeps (see `OwnedStateMap`).
enum ReplicatedMap: UInt8, Sendable, CaseIterable {
    /// The lobby: games by id, owned by their hosting node.
    case games = 1
    /// Node load and public URL, one entry per node.
    case loads = 2
    /// Players online, by player id, owned by the node they are connected to.
    case presence = 3
}

/// A replicated value of one of the maps.
enum ReplicatedValue: Sendable, Equatable {
    case game(ListedGame)
    case load(NodeLoad)
    case presence(PresenceEntry)
}

/// What nodes tell each other about the replicated maps, on the `.stateSync` channel.
enum StateSyncMessage: Sendable {
    /// One change of the sender's part of `map`.
    case delta(ReplicatedMap, OwnedStateMap<ReplicatedValue>.Delta)
    /// "Send me your part of `map`" (after a gap, or on joining).
    case snapshotRequest(ReplicatedMap)
    /// The sender's whole part of `map`.
    case snapshot(ReplicatedMap, OwnedStateMap<ReplicatedValue>.Part)

    private enum Tag: UInt8 { case delta = 1, snapshotRequest, snapshot }

    func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        switch self {
        case .delta(let map, let delta):
            writer.byte(Tag.delta.rawValue)
            writer.byte(map.rawValue)
            writer.unsigned(delta.incarnation)
            writer.unsigned(delta.version)
            writer.entries(delta.upserts, map: map)
            writer.unsigned(UInt64(delta.removals.count))
            for key in delta.removals { writer.string(key) }
        case .snapshotRequest(let map):
            writer.byte(Tag.snapshotRequest.rawValue)
            writer.byte(map.rawValue)
        case .snapshot(let map, let part):
            writer.byte(Tag.snapshot.rawValue)
            writer.byte(map.rawValue)
            writer.unsigned(part.incarnation)
            writer.unsigned(part.version)
            writer.entries(part.entries, map: map)
        }
        return writer.bytes
    }

    /// Reads a message from `origin` (the authenticated sender: a node only speaks for itself).
    init(wireBytes bytes: [UInt8], origin: String) throws(WireError) {
        var reader = WireReader(bytes)
        let tag = try reader.byte()
        guard let map = ReplicatedMap(rawValue: try reader.byte()) else { throw WireError(description: "unknown map") }
        switch Tag(rawValue: tag) {
        case .delta:
            let incarnation = try reader.unsigned(), version = try reader.unsigned()
            let upserts = try reader.entries(map: map)
            var removals: [String] = []
            for _ in 0..<(try reader.count(max: 100_000, "removals")) { removals.append(try reader.string()) }
            self = .delta(map, .init(origin: origin, incarnation: incarnation, version: version, upserts: upserts, removals: removals))
        case .snapshotRequest:
            self = .snapshotRequest(map)
        case .snapshot:
            let incarnation = try reader.unsigned(), version = try reader.unsigned()
            self = .snapshot(map, .init(incarnation: incarnation, version: version, entries: try reader.entries(map: map)))
        case nil:
            throw WireError(description: "unknown state message \(tag)")
        }
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes in a state message") }
    }
}

extension WireWriter {
    mutating func entries(_ entries: [String: ReplicatedValue], map: ReplicatedMap) {
        unsigned(UInt64(entries.count))
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            string(key)
            switch value {
            case .game(let game): listedGame(game)
            case .load(let load): nodeLoad(load)
            case .presence(let presence): self.presence(presence)
            }
        }
    }
}

extension WireReader {
    mutating func entries(map: ReplicatedMap) throws(WireError) -> [String: ReplicatedValue] {
        var entries: [String: ReplicatedValue] = [:]
        for _ in 0..<(try count(max: 100_000, "entries")) {
            let key = try string()
            switch map {
            case .games: entries[key] = .game(try listedGame())
            case .loads: entries[key] = .load(try nodeLoad())
            case .presence: entries[key] = .presence(try presence())
            }
        }
        return entries
    }
}

import Protocol

/// Who is online on this node, kept on shard 0 and replicated (the `presence` map): one entry per
/// player, with the games its sessions here are in. Sessions on every shard report to it when they
/// gain a player, change games, or expire.
final class PresenceBook {
    private struct Player {
        var name: String
        var sessions: [SessionAddress: [String]] = [:]
    }

    unowned(unsafe) let shard: Shard
    private var players: [String: Player] = [:]

    init(shard: Shard) { self.shard = shard }

    /// `session` is `player`'s and is in `games`.
    func update(_ session: SessionAddress, player: PlayerInfo, games: [String]) {
        players[player.id, default: Player(name: player.name)].sessions[session] = games
        write(player.id)
    }

    /// `session` of `player` is gone.
    func remove(_ session: SessionAddress, player: String) {
        players[player]?.sessions[session] = nil
        write(player)
    }

    private func write(_ id: String) {
        guard let player = players[id], !player.sessions.isEmpty else {
            players[id] = nil
            shard.replicas.write(.presence, removals: [id])
            return
        }
        let games = Array(Array(Set(player.sessions.values.joined())).sorted().prefix(PresenceEntry.maxGames))
        shard.replicas.write(.presence, upserts: [id: .presence(PresenceEntry(name: player.name, games: games))])
    }
}

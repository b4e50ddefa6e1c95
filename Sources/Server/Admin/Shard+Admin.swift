/// What a shard publishes for the admin API.
extension Shard {
    /// Publishes this shard's games (and on shard 0, every node's load from the replicated map)
    /// for `/admin/api/*`. Skipped when no admin token is configured: nobody can read it.
    func publishAdminView() {
        guard node.configuration.adminToken != nil else { return }
        let summaries = games.values.map { game in
            HostedGameSummary(
                id: game.id, kind: game.kind.rawValue, state: game.state.rawValue, seats: game.setup.seats,
                players: game.seatedPlayers.map(\.player.name), spectators: game.spectators.count,
                isPrivate: game.setup.isPrivate, createdAtMilliseconds: game.createdAt, shard: index)
        }
        node.admin.games.withLock { $0[index] = summaries }
        if index == 0 {
            var loads: [String: NodeLoad] = [:]
            for (name, value, _) in replicas.all(.loads) {
                if case .load(let load) = value { loads[name] = load }
            }
            node.views.loads.withLock { $0 = loads }
        }
    }
}

import Protocol

/// Hosting games on a shard.
extension Shard {
    /// Opens a game on this shard with `creator` in seat 0, and lists it in the lobby.
    /// - Parameter id: the id the placing lobby chose (it names this node and shard).
    func hostGame(_ setup: GameSetup, id: String, creator: SessionAddress, player: PlayerInfo, cid: Int?) {
        guard games[id] == nil, Identifiers.place(of: id, prefix: "g") == place else {
            return fail(creator, cid: cid, .internal, "a game was placed here under a wrong or taken id")
        }
        guard !node.isShuttingDown else {
            // Placed here just before this node said it is leaving: the creator tries again elsewhere.
            return fail(creator, cid: cid, .unavailable, "this node is leaving the cluster; try again")
        }
        let game = HostedGame(id: id, setup: setup, shard: self)
        games[game.id] = game
        game.open(creator: creator, player: player, cid: cid)
    }
}

import Protocol

/// Hosting games on a shard.
extension Shard {
    /// Opens a game on this shard with `creator` in seat 0, and lists it in the lobby.
    /// - Parameter id: the id the placing lobby chose (it names this node and shard).
    func hostGame(_ setup: GameSetup, id: String, creator: SessionAddress, player: PlayerInfo, cid: Int?) {
        guard games[id] == nil, place(ofGame: id) == place else {
            return fail(creator, cid: cid, .internal, "a game was placed here under a wrong or taken id")
        }
        let game = HostedGame(id: id, setup: setup, shard: self)
        games[game.id] = game
        game.open(creator: creator, player: player, cid: cid)
    }
}

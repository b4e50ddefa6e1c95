import Protocol

/// Hosting games on a shard.
extension Shard {
    /// Opens a game on this shard with `creator` in seat 0, and lists it in the lobby.
    /// - Parameter id: an id the lobby already chose (quickplay); nil numbers a new one here.
    func hostGame(_ setup: GameSetup, id: String? = nil, creator: SessionAddress, player: PlayerInfo, cid: Int?) {
        let game = HostedGame(id: id ?? newGameID(), setup: setup, shard: self)
        games[game.id] = game
        game.open(creator: creator, player: player, cid: cid)
    }
}

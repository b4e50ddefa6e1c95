import Games
import Protocol

/// Graceful hand-off of one game (see `HandedGame` and `Shard+Handoff`): sealed on the draining
/// node, adopted by another, and gone from the first without anyone being told it ended.
extension HostedGame {
    /// Stops everything that runs the game (ticks, the move clock, the waiting timeout) and returns
    /// it as a `HandedGame`; nil for a finished game, whose result is already committed.
    func seal(from place: ShardPlace) -> HandedGame? {
        guard state != .finished else { return nil }
        if let deadlineTimer { shard.loop.cancel(deadlineTimer) }
        deadlineTimer = nil
        if let lifeTimer { shard.loop.cancel(lifeTimer) }
        lifeTimer = nil
        if state == .playing && kind.isRealTime { shard.ticks.remove(self) }
        let seats = holders.map { holder in
            holder.map { HandedGame.Seat(player: $0.player, session: $0.session, present: $0.present, hasLeft: $0.hasLeft) }
        }
        return HandedGame(
            id: id, setup: setup, invite: invite, state: state,
            rules: state == .playing ? rules?.savedState(nowMilliseconds: nowMilliseconds) : nil, seats: seats,
            spectators: spectators.map { (session: $0.key, player: $0.value) }, createdAt: createdAt, startedAt: startedAt,
            from: place)
    }

    /// A just adopted game starts running here: its seats in this node's index, its clocks, and
    /// its lobby entry under this node's name (which is how every node learns where it went).
    func resumeAdopted() {
        for holder in holders.compactMap({ $0 }) where !holder.hasLeft {
            shard.node.seats.take(player: holder.player.id, game: id)
        }
        switch state {
        case .playing:
            if kind.isRealTime { shard.ticks.add(self) } else { armDeadline() }
            announce(.started(lobbyEntry))
        case .waiting:
            armWaitingTimeout()
            announce(.seat(lobbyEntry))
        case .finished:
            break
        }
    }

    /// Handed over and adopted: it leaves this shard quietly (its players hear it go on from the
    /// new owner). Its lobby entry here stays, marked handed over, until this node leaves: a node
    /// that has not yet heard of the new owner's entry keeps listing the seats (a player who
    /// reconnects there finds them in `welcome.games`) and routes to this node, which forwards.
    func handedOver() {
        for holder in holders.compactMap({ $0 }) { shard.node.seats.release(player: holder.player.id, game: id) }
        shard.games[id] = nil
        let id = id
        let listed = ListedGame(
            game: lobbyEntry, shard: shard.index, invite: invite,
            playerIDs: holders.compactMap { $0?.hasLeft == false ? $0?.player.id : nil }, createdAt: createdAt,
            handedOver: true)
        shard.run(on: 0) { $0.lobby!.localGameChanged(id, listed) }
    }
}

import Cluster
import Games
import Protocol

/// What a shard does about the cluster: this node's load for placement, the replicated maps'
/// readers, and the consequences of a node leaving.
extension Shard {
    /// Shard 0: writes this node's load entry when it changed (once a second at most).
    func publishLoad() {
        guard node.boundPort != 0 else { return }  // not listening yet: GameServer calls again
        let totals = node.metrics.loopTotals()
        let load = NodeLoad(
            games: totals.gamesRunning.values.reduce(0, +) + totals.gamesWaiting.values.reduce(0, +),
            sessions: totals.sessions, shards: node.shards.count,
            publicURL: node.configuration.cluster?.publicURL ?? "ws://\(node.configuration.host):\(node.boundPort)/ws",
            acceptsGames: !node.isShuttingDown)
        if replicas.local(.loads, node.nodeName) != .load(load) {
            replicas.write(.loads, upserts: [node.nodeName: .load(load)])
        }
    }

    /// Shard 0: a replicated map changed.
    func replicatedMapChanged(_ map: ReplicatedMap, _ changes: Replicas.Changes) {
        switch map {
        case .games:
            lobby?.gamesChanged(changes)
        case .loads:
            var urls: [String: String] = [:]
            for (name, value, _) in replicas.all(.loads) {
                if case .load(let load) = value { urls[name] = load.publicURL }
            }
            node.views.publicURLs.withLock { $0 = urls }
        case .presence:
            // Incremental: a full rebuild on every change cost a quarter of a loop under load.
            let maps = replicas.maps[.presence]!
            node.views.presence.withLock { online in
                for change in changes {
                    let player = change.key
                    online[player] = nil
                    for (origin, part) in maps.parts {
                        guard case .presence(let entry)? = part.entries[player] else { continue }
                        if let existing = online[player] {
                            online[player] = (existing.name, existing.node, Array(Set(existing.games + entry.games)).sorted())
                        } else {
                            online[player] = (entry.name, origin, entry.games)
                        }
                    }
                }
            }
        }
    }

    /// The node `name` left the cluster or died: its entries go (shard 0), games it hosted end for
    /// the players here, seats its sessions held here wait for a resume elsewhere, and sessions
    /// whose connection was there lose it.
    func nodeGone(_ name: String) {
        if index == 0 {
            noteOrphanedGames(of: name)
            replicas.memberLeft(name)
        }
        let aborted = GameOutcome.abortedJSON
        for session in sessions.values {
            for game in session.games.keys where place(ofGame: game)?.node == name {
                session.deliver(
                    .single(.gameFinished(game: game, outcome: aborted, result: nil)), membership: .left(game: game))
            }
            if let link = session.link, link.node == name { session.connectionLost(link) }
        }
        for game in games.values { game.nodeGone(name) }
    }
}

extension Shard {
    /// Shard 0, as node `name` goes: the players whose sessions were there, in games hosted there
    /// that had not ended, are noted in `OrphanedGames` (nobody else can tell them).
    func noteOrphanedGames(of name: String) {
        guard let games = replicas.maps[.games]!.parts[name]?.entries,
            let presence = replicas.maps[.presence]!.parts[name]?.entries
        else { return }
        var players: [String: [String]] = [:]
        for (player, value) in presence {
            guard case .presence(let entry) = value else { continue }
            for game in entry.games {
                guard case .game(let listed)? = games[game], !listed.handedOver, listed.game.state != .finished else { continue }
                players[game, default: []].append(player)
            }
        }
        for (game, seated) in players { node.orphanedGames.record(game: game, players: seated, now: loop.now) }
    }
}

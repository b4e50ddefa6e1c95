import Reactor
import Synchronization

/// Games that died with their node together with the sessions of (some of) their players.
///
/// When a node dies, the other nodes tell their own sessions that its games are over (`nodeGone`).
/// A player whose session was on the dead node too hears nothing: its connection just drops, and
/// its new session, on another node, no longer lists the seat. So shard 0 notes, from the dead
/// node's replicated presence and game list, which players were there in which of its games, and
/// a new session of such a player is told `game.finished` (aborted) for each right after its
/// `welcome` (once per node: every live node keeps the same notes, so a player who opens sessions
/// on two nodes hears it twice, which a client takes as the same news). Notes expire after `lifetime`: a player back later has long since moved on.
/// Read at session opens and written when a node dies, never on the message path, so a mutex.
final class OrphanedGames: Sendable {
    static let lifetime: Duration = .seconds(120)
    private let games = Mutex<[String: [(game: String, until: MonotonicInstant)]]>([:])

    /// `players` were seated in `game`, which died with their sessions' node.
    func record(game: String, players: [String], now: MonotonicInstant) {
        games.withLock { games in
            for player in players { games[player, default: []].append((game, now + Self.lifetime)) }
        }
    }

    /// The games `player` was not told ended, forgotten once taken.
    func take(player: String, now: MonotonicInstant) -> [String] {
        games.withLock { games in
            let found = games.removeValue(forKey: player) ?? []
            // Expired notes of everyone go too, so the map stays small.
            games = games.compactMapValues { notes in
                let live = notes.filter { $0.until > now }
                return live.isEmpty ? nil : live
            }
            return found.filter { $0.until > now }.map(\.game)
        }
    }
}

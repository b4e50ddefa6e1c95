import Synchronization

/// Which games each player holds a seat in, across this node's loops.
///
/// Seats belong to players, not sessions (spec §10): a player whose session could not be resumed
/// learns its games from `welcome.games` and takes its seats back with `game.join`. Games on any
/// loop write here when a seat is taken or released; sessions read it at `hello` and before taking
/// another seat (`too_many_games`). Neither is on the per-message path, so a mutex is fine.
final class SeatIndex: Sendable {
    private let seats = Mutex<[String: Set<String>]>([:])

    /// Records that `player` holds a seat in `game`.
    func take(player: String, game: String) {
        seats.withLock { _ = $0[player, default: []].insert(game) }
    }

    /// Records that `player` no longer holds a seat in `game`.
    func release(player: String, game: String) {
        seats.withLock { seats in
            seats[player]?.remove(game)
            if seats[player]?.isEmpty == true { seats[player] = nil }
        }
    }

    /// Sets who holds seats in `game` (a game on another node, as its lobby entry says).
    func replace(game: String, players: Set<String>, previous: Set<String>) {
        seats.withLock { seats in
            for player in previous.subtracting(players) {
                seats[player]?.remove(game)
                if seats[player]?.isEmpty == true { seats[player] = nil }
            }
            for player in players { seats[player, default: []].insert(game) }
        }
    }

    /// The games in which `player` holds a seat, sorted.
    func games(of player: String) -> [String] {
        seats.withLock { $0[player].map { $0.sorted() } ?? [] }
    }

    /// How many games `player` holds a seat in.
    func count(of player: String) -> Int {
        seats.withLock { $0[player]?.count ?? 0 }
    }
}

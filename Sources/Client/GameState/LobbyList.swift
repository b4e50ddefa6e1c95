import Protocol

/// The lobby as a client holds it: the last `lobby.snapshot`, then each `lobby.event` newer than
/// it (spec: events at or below the held `rev` are already in the list and are ignored).
///
/// Games are kept in a stable order: by kind, then waiting before playing before finished, then
/// in the order they appeared, so a list on screen does not jump around under a selection.
public struct LobbyList: Hashable, Sendable {
    /// The revision the list is at; -1 before the first snapshot.
    public private(set) var rev = -1
    /// The games, in display order.
    public private(set) var games: [LobbyGame] = []
    private var arrival: [String: Int] = [:]
    private var arrivals = 0

    /// An empty lobby.
    public init() {}

    /// Replaces the whole list with a snapshot at `rev`.
    public mutating func apply(snapshotAt rev: Int, games: [LobbyGame]) {
        self.rev = rev
        self.games = []
        arrival = [:]
        for game in games { upsert(game) }
        sort()
    }

    /// Applies an event at `rev`; false when it is stale (already in the list) and was ignored.
    @discardableResult
    public mutating func apply(eventAt rev: Int, _ event: LobbyEvent) -> Bool {
        guard rev > self.rev else { return false }
        self.rev = rev
        switch event {
        case .created(let game), .seat(let game), .started(let game), .finished(let game):
            upsert(game)
        case .removed(let id):
            games.removeAll { $0.id == id }
            arrival[id] = nil
        }
        sort()
        return true
    }

    /// The game with `id`, if listed.
    public func game(_ id: String) -> LobbyGame? {
        games.first { $0.id == id }
    }

    private mutating func upsert(_ game: LobbyGame) {
        if let index = games.firstIndex(where: { $0.id == game.id }) {
            games[index] = game
        } else {
            games.append(game)
            arrival[game.id] = arrivals
            arrivals += 1
        }
    }

    private mutating func sort() {
        let arrival = self.arrival
        games.sort { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.state.rank != b.state.rank { return a.state.rank < b.state.rank }
            return arrival[a.id, default: 0] < arrival[b.id, default: 0]
        }
    }
}

extension GameState {
    /// Waiting games first, then running ones, then finished ones.
    var rank: Int {
        switch self {
        case .waiting: 0
        case .playing: 1
        case .finished: 2
        }
    }
}

/// One game as the lobby lists it:
/// `{"id":"g-n1-2a","kind":"connect4","seats":2,"taken":1,"state":"waiting","players":["Ada"]}`.
public struct LobbyGame: Hashable, Sendable {
    /// The game id.
    public var id: String
    /// The game kind's wire name.
    public var kind: String
    /// How many seats the game has.
    public var seats: Int
    /// How many are taken.
    public var taken: Int
    /// Where the game is in its life.
    public var state: GameState
    /// Private: seats only by invite (anyone may still watch). Written only when true.
    public var isPrivate: Bool
    /// The names of the seated players, in seat order.
    public var players: [String]

    public init(
        id: String, kind: String, seats: Int, taken: Int, state: GameState, isPrivate: Bool = false, players: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.seats = seats
        self.taken = taken
        self.state = state
        self.isPrivate = isPrivate
        self.players = players
    }
}

/// Where a game is in its life (`state` in the lobby and in `game.joined`).
public enum GameState: String, Hashable, Sendable, CaseIterable {
    /// Seats are open; the game starts when they are all taken.
    case waiting
    /// Under way.
    case playing
    /// Over; it leaves the lobby shortly (a `removed` event).
    case finished
}

/// A change to the lobby, `lobby.event`'s `event` with its game.
public enum LobbyEvent: Hashable, Sendable {
    /// A game was opened.
    case created(LobbyGame)
    /// A seat was taken or freed (`taken` and `players` changed).
    case seat(LobbyGame)
    /// The game started.
    case started(LobbyGame)
    /// The game finished.
    case finished(LobbyGame)
    /// The game left the lobby; only its id remains.
    case removed(id: String)

    /// The wire name of the event.
    public var name: String {
        switch self {
        case .created: "created"
        case .seat: "seat"
        case .started: "started"
        case .finished: "finished"
        case .removed: "removed"
        }
    }

    /// The id of the game the event is about.
    public var gameID: String {
        switch self {
        case .created(let game), .seat(let game), .started(let game), .finished(let game): game.id
        case .removed(let id): id
        }
    }
}

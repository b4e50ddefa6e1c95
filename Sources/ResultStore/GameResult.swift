/// The result of one finished game, as stored and replicated.
///
/// `originNode` and `originSeq` say which store committed it first and in what
/// order: every store numbers its own commits 1, 2, 3... without gaps, so a
/// node that holds a peer's results up to n knows exactly what it is missing.
public struct GameResult: Sendable, Equatable, Codable {
    /// Cluster-wide unique game id; a game has at most one result.
    public let gameID: String
    /// Which game was played, e.g. `"connect-four"`, `"cycles"`.
    public let kind: String
    /// Everyone who played, by seat.
    public let players: [ResultPlayer]
    public let outcome: Outcome
    /// Seats of the winners: one for a plain win, several for a shared win,
    /// none for a draw or an aborted game.
    public let winners: [Int]
    /// Moves (turn games) or ticks (real-time games) played.
    public let moves: Int
    /// Unix milliseconds.
    public let startedAtMilliseconds: Int64
    /// Unix milliseconds.
    public let endedAtMilliseconds: Int64
    /// The store that committed the result first (`ResultStore.origin`).
    public let originNode: String
    /// Position in the origin's commit order, from 1, without gaps.
    public let originSeq: Int64

    /// Numbers `result`; players are put in seat order and winners ascending,
    /// so equal games compare equal however the game listed them.
    public init(_ result: NewGameResult, originNode: String, originSeq: Int64) {
        self.gameID = result.gameID
        self.kind = result.kind
        self.players = result.players.sorted { $0.seat < $1.seat }
        self.outcome = result.outcome
        self.winners = result.winners.sorted()
        self.moves = result.moves
        self.startedAtMilliseconds = result.startedAtMilliseconds
        self.endedAtMilliseconds = result.endedAtMilliseconds
        self.originNode = originNode
        self.originSeq = originSeq
    }

    /// The result without its origin, as a game reports it.
    public var unnumbered: NewGameResult {
        NewGameResult(
            gameID: gameID, kind: kind, players: players, outcome: outcome, winners: winners, moves: moves,
            startedAtMilliseconds: startedAtMilliseconds, endedAtMilliseconds: endedAtMilliseconds)
    }
}

/// A finished game's result before the store numbers it.
public struct NewGameResult: Sendable, Equatable, Codable {
    public var gameID: String
    public var kind: String
    public var players: [ResultPlayer]
    public var outcome: Outcome
    public var winners: [Int]
    public var moves: Int
    public var startedAtMilliseconds: Int64
    public var endedAtMilliseconds: Int64

    public init(
        gameID: String, kind: String, players: [ResultPlayer], outcome: Outcome, winners: [Int], moves: Int,
        startedAtMilliseconds: Int64, endedAtMilliseconds: Int64
    ) {
        self.gameID = gameID
        self.kind = kind
        self.players = players
        self.outcome = outcome
        self.winners = winners
        self.moves = moves
        self.startedAtMilliseconds = startedAtMilliseconds
        self.endedAtMilliseconds = endedAtMilliseconds
    }
}

/// One seat of a finished game.
public struct ResultPlayer: Sendable, Equatable, Codable {
    /// 0-based seat (turn order, or start position).
    public let seat: Int
    public let playerID: String
    /// The nickname at the time of the game (nicknames can change between logins).
    public let nickname: String

    public init(seat: Int, playerID: String, nickname: String) {
        self.seat = seat
        self.playerID = playerID
        self.nickname = nickname
    }
}

/// How a game ended. The raw values are stored; never rename them.
public enum Outcome: String, Sendable, Equatable, Codable, CaseIterable {
    /// One or more players won (see `winners`).
    case win
    /// Nobody won.
    case draw
    /// Stopped before a result: a player left for good, or the owner node
    /// went away. Rated as nothing.
    case aborted
}

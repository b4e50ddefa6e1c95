/// The rules of one game as a pure, deterministic value: events in, updates out.
///
/// A game never reads a clock, a socket or a random source. Time arrives as `nowMilliseconds` (the
/// server's monotonic clock, never going backwards), chance comes only from the `seed` through
/// `SplitMix64`, so the same seed, options and calls give the same updates on every node.
///
/// The server drives a game from one loop thread:
/// - `apply` for each move a seat sends; a rejection changes nothing.
/// - `advance` every `kind.tickIntervalMilliseconds` for a real-time game (each call is one tick,
///   whatever `nowMilliseconds` says), or at `nextDeadlineMilliseconds` for a turn-based game.
/// - `forfeit` when a seat resigns or its reconnect grace period ends; `abort` to end without result.
///
/// Every method returns the updates to send to the players and spectators, in order; the last update
/// of a finished game carries its `GameOutcome`, which `outcome` then holds.
public protocol GameRules: Sendable, Equatable {
    /// The game's tunables, parsed from the lobby's options value.
    associatedtype Options: GameOptions
    /// What a seat sends.
    associatedtype Move: GameValueCodable, Sendable, Equatable
    /// What players and spectators are sent after each change.
    associatedtype Update: GameValueCodable, Sendable, Equatable
    /// Everything a (re)joining player or spectator needs to draw the game, compact.
    associatedtype Snapshot: GameValueCodable, Sendable, Equatable

    /// The kind this type implements.
    static var kind: GameKind { get }

    /// A new game started at `nowMilliseconds`; `seats` must lie in `kind.seatRange` (the registry checks).
    init(seats: Int, seed: UInt64, options: Options, nowMilliseconds: Int64)

    /// Rebuilds a game from `savedState(nowMilliseconds:)`, on this node or another (graceful hand-off).
    ///
    /// Running clocks are saved as time remaining and restart from `nowMilliseconds`, since two nodes'
    /// monotonic clocks share no origin.
    init(restoring state: GameValue, nowMilliseconds: Int64) throws(GameValueError)

    /// How many seats the game has.
    var seatCount: Int { get }
    /// The options the game was created with.
    var options: Options { get }

    /// A move from `seat` at `nowMilliseconds`: the updates it causes, or why it was refused.
    mutating func apply(_ move: Move, from seat: Seat, nowMilliseconds: Int64) -> Result<[Update], MoveRejection>

    /// Real-time games: one tick. Turn-based games: checks the move clock (a player out of time loses).
    mutating func advance(nowMilliseconds: Int64) -> [Update]

    /// `seat` resigned or left for good; a no-op once the game is over.
    mutating func forfeit(_ seat: Seat, nowMilliseconds: Int64) -> [Update]

    /// Ends a running game without a result (`GameEndReason.aborted`); a no-op once the game is over.
    mutating func abort() -> [Update]

    /// `nil` while the game runs, then how it ended.
    var outcome: GameOutcome? { get }

    /// How many moves have been accepted.
    var movesPlayed: Int { get }

    /// The time at which `advance` must next be called for a turn-based game (the running move
    /// clock); `nil` when no clock runs or the game is real-time or over.
    var nextDeadlineMilliseconds: Int64? { get }

    /// What a (re)joining player or spectator needs at `nowMilliseconds` (clocks as time remaining).
    func snapshot(nowMilliseconds: Int64) -> Snapshot

    /// The complete state at `nowMilliseconds`, including what players are not shown;
    /// `init(restoring:nowMilliseconds:)` reads it back.
    func savedState(nowMilliseconds: Int64) -> GameValue
}

extension GameRules {
    /// The kind of this game.
    public var kind: GameKind { Self.kind }

    /// Whether the game has ended.
    public var isOver: Bool { outcome != nil }
}

/// A game's options: defaults from `init()`, read from a lobby's options object where absent keys keep
/// their defaults and unknown keys are refused (so a typo does not silently fall back to a default).
public protocol GameOptions: GameValueCodable, Sendable, Equatable {
    /// The defaults.
    init()
}

extension GameOptions {
    /// Options read from `value`; `.null` gives the defaults.
    public static func parse(_ value: GameValue) -> Result<Self, GameSetupError> {
        if value == .null { return .success(Self()) }
        do {
            return .success(try Self(gameValue: value))
        } catch {
            return .failure(.invalidOptions(error))
        }
    }
}

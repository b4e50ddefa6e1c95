/// Any game behind one concrete type, speaking `GameValue`: what the server keeps per game id.
///
/// Moves arrive as `GameValue` and are decoded by the game's own `Move`; updates and snapshots leave
/// as `GameValue`, ready for the Protocol layer to encode once and send to every player. A value type:
/// keep it in one place (a dictionary on the owning loop) and mutate it there, so the game's storage
/// stays uniquely referenced and is never copied on a tick.
public struct AnyGame: Sendable {
    /// The game itself; `typed(_:)` gives it back with its concrete type.
    public private(set) var base: any GameRules

    /// Wraps `game`.
    public init<Game: GameRules>(_ game: Game) { base = game }

    /// The game's kind.
    public var kind: GameKind { type(of: base).kind }

    /// How many seats the game has.
    public var seatCount: Int { base.seatCount }

    /// The game's options, as a value.
    public var options: GameValue { base.options.gameValue }

    /// Decodes `move` with the game's `Move` (`.malformedMove` when it is none) and applies it.
    public mutating func apply(_ move: GameValue, from seat: Seat, nowMilliseconds: Int64)
        -> Result<[GameValue], MoveRejection>
    {
        base.applyErased(move, from: seat, nowMilliseconds: nowMilliseconds)
    }

    /// See `GameRules.advance(nowMilliseconds:)`.
    public mutating func advance(nowMilliseconds: Int64) -> [GameValue] {
        base.advanceErased(nowMilliseconds: nowMilliseconds)
    }

    /// See `GameRules.forfeit(_:nowMilliseconds:)`.
    public mutating func forfeit(_ seat: Seat, nowMilliseconds: Int64) -> [GameValue] {
        base.forfeitErased(seat, nowMilliseconds: nowMilliseconds)
    }

    /// See `GameRules.abort()`.
    public mutating func abort() -> [GameValue] { base.abortErased() }

    /// `nil` while the game runs, then how it ended.
    public var outcome: GameOutcome? { base.outcome }

    /// How many moves have been accepted.
    public var movesPlayed: Int { base.movesPlayed }

    /// See `GameRules.nextDeadlineMilliseconds`.
    public var nextDeadlineMilliseconds: Int64? { base.nextDeadlineMilliseconds }

    /// The game's snapshot as a value.
    public func snapshot(nowMilliseconds: Int64) -> GameValue { base.snapshot(nowMilliseconds: nowMilliseconds).gameValue }

    /// `{"kind": ..., "state": ...}`: everything `GameRegistry.restoreGame(from:nowMilliseconds:)` needs
    /// on another node.
    public func savedState(nowMilliseconds: Int64) -> GameValue {
        ["kind": .string(kind.rawValue), "state": base.savedState(nowMilliseconds: nowMilliseconds)]
    }

    /// The game as `Game`, or `nil` when it is another kind.
    public func typed<Game: GameRules>(_ type: Game.Type) -> Game? { base as? Game }
}

extension GameRules {
    fileprivate mutating func applyErased(_ value: GameValue, from seat: Seat, nowMilliseconds: Int64)
        -> Result<[GameValue], MoveRejection>
    {
        let move: Move
        do {
            move = try Move(gameValue: value)
        } catch {
            return .failure(.malformedMove(error.description))
        }
        return apply(move, from: seat, nowMilliseconds: nowMilliseconds).map { $0.map { $0.gameValue } }
    }

    fileprivate mutating func advanceErased(nowMilliseconds: Int64) -> [GameValue] {
        advance(nowMilliseconds: nowMilliseconds).map { $0.gameValue }
    }

    fileprivate mutating func forfeitErased(_ seat: Seat, nowMilliseconds: Int64) -> [GameValue] {
        forfeit(seat, nowMilliseconds: nowMilliseconds).map { $0.gameValue }
    }

    fileprivate mutating func abortErased() -> [GameValue] { abort().map { $0.gameValue } }
}

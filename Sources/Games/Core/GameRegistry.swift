/// The game kinds a server offers, by wire name. Adding a game is one new `GameRules` type and one
/// entry in `standard`; nothing else in the server names a game.
public struct GameRegistry: Sendable {
    /// Every game Roost ships.
    public static let standard = GameRegistry([ConnectFour.self, Cycles.self])

    private let games: [String: any GameRules.Type]

    /// The registered kinds, in registration order.
    public let kinds: [GameKind]

    /// A registry of `games`; their kind names must be distinct.
    public init(_ games: [any GameRules.Type]) {
        var byName: [String: any GameRules.Type] = [:]
        for game in games {
            precondition(byName[game.kind.rawValue] == nil, "game kind \(game.kind.rawValue) registered twice")
            byName[game.kind.rawValue] = game
        }
        self.games = byName
        kinds = games.map { $0.kind }
    }

    /// The kind named `name`, if registered.
    public func kind(named name: String) -> GameKind? { games[name]?.kind }

    /// The options `options` stands for, defaults filled in; what the lobby shows and stores.
    public func resolveOptions(kind name: String, _ options: GameValue) -> Result<GameValue, GameSetupError> {
        guard let game = games[name] else { return .failure(.unknownKind(name)) }
        return Self.resolveOptions(game, options)
    }

    /// A new game of kind `name` with `seats` seats, or why it cannot be made.
    public func makeGame(
        kind name: String, seats: Int, seed: UInt64, options: GameValue = .null, nowMilliseconds: Int64
    ) -> Result<AnyGame, GameSetupError> {
        guard let game = games[name] else { return .failure(.unknownKind(name)) }
        guard game.kind.seatRange.contains(seats) else {
            return .failure(.seatCountOutOfRange(requested: seats, allowed: game.kind.seatRange))
        }
        return Self.make(game, seats: seats, seed: seed, options: options, nowMilliseconds: nowMilliseconds)
    }

    /// Rebuilds a game from `AnyGame.savedState(nowMilliseconds:)`; running clocks restart at `nowMilliseconds`.
    public func restoreGame(from saved: GameValue, nowMilliseconds: Int64) -> Result<AnyGame, GameSetupError> {
        guard let name = saved["kind"]?.stringValue, let state = saved["state"] else {
            return .failure(.invalidState(.missingKey(path: "$.kind")))
        }
        guard let game = games[name] else { return .failure(.unknownKind(name)) }
        return Self.restore(game, state, nowMilliseconds: nowMilliseconds)
    }

    private static func resolveOptions<Game: GameRules>(_: Game.Type, _ options: GameValue)
        -> Result<GameValue, GameSetupError>
    {
        Game.Options.parse(options).map(\.gameValue)
    }

    private static func make<Game: GameRules>(
        _: Game.Type, seats: Int, seed: UInt64, options: GameValue, nowMilliseconds: Int64
    ) -> Result<AnyGame, GameSetupError> {
        Game.Options.parse(options).map {
            AnyGame(Game(seats: seats, seed: seed, options: $0, nowMilliseconds: nowMilliseconds))
        }
    }

    private static func restore<Game: GameRules>(_: Game.Type, _ state: GameValue, nowMilliseconds: Int64)
        -> Result<AnyGame, GameSetupError>
    {
        do {
            return .success(AnyGame(try Game(restoring: state, nowMilliseconds: nowMilliseconds)))
        } catch {
            return .failure(.invalidState(error))
        }
    }
}

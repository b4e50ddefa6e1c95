/// How one bot behaves; the scenario (`Scenario`) decides it for every bot of a run.
public struct BotConfiguration: Hashable, Sendable {
    /// What the bot does in games.
    public enum Role: Hashable, Sendable {
        /// Quick-plays games, alternating kinds, and plays them to the end.
        case player
        /// Watches running games it finds in the lobby, one at a time.
        case spectator
        /// Logs in (and follows the lobby as `lobby` says) and then only holds its connection.
        case idle
    }

    /// When a bot follows the lobby (`lobby.subscribe`).
    public enum LobbyMode: String, Hashable, Sendable, CaseIterable {
        /// From login to the end: every lobby event reaches every bot (the heaviest case).
        case always
        /// Only between games: unsubscribe once seated, subscribe again before the next quickplay,
        /// as a client showing the lobby only on its lobby screen would.
        case betweenGames = "between-games"
        /// Never.
        case never
    }

    /// What the bot does in games.
    public var role: Role
    /// When it follows the lobby (spectators always do: they find games there).
    public var lobby: LobbyMode
    /// The kinds it quick-plays, in turn.
    public var kinds: [String]
    /// Close the session and log in afresh after every game (the login storm keeps logins coming).
    public var freshSessionPerGame: Bool
    /// How long to wait before asking again after a refused `quickplay`.
    public var retryDelay: Duration

    /// A player of both kinds that keeps its session.
    public init(
        role: Role = .player, kinds: [String] = ["connect4", "cycles"], freshSessionPerGame: Bool = false,
        retryDelay: Duration = .seconds(1), lobby: LobbyMode = .always
    ) {
        self.lobby = role == .spectator ? .always : lobby
        precondition(!kinds.isEmpty, "a bot needs at least one game kind")
        self.role = role
        self.kinds = kinds
        self.freshSessionPerGame = freshSessionPerGame
        self.retryDelay = retryDelay
    }
}

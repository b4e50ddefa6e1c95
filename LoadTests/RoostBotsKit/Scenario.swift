/// What a run of roost-bots exercises (`--scenario`).
public enum Scenario: String, CaseIterable, Sendable {
    /// Bots arrive over a ramp-up, then play game after game.
    case steady
    /// Every bot connects and logs in at once, and after each game closes its session and logs in
    /// again: logins and new sessions at the highest rate the bots can make.
    case loginStorm = "login-storm"
    /// Like steady, but every `stormInterval` all bots drop their connections at the same moment
    /// (no close frame) and reconnect to a random node, resuming their sessions.
    case reconnectStorm = "reconnect-storm"
    /// Like steady, with a share of the bots watching running games as spectators.
    case spectators
    /// Bots log in and hold their connections without playing: idle connections per node.
    case idle

    /// The configuration of bot number `index` in this scenario.
    public func configuration(forBot index: Int, spectatorShare: Double) -> BotConfiguration {
        switch self {
        case .steady, .reconnectStorm:
            return BotConfiguration()
        case .loginStorm:
            return BotConfiguration(freshSessionPerGame: true)
        case .idle:
            return BotConfiguration(role: .idle)
        case .spectators:
            // Every n-th bot watches, n chosen so that the share comes out right.
            let every = max(1, Int((1 / max(spectatorShare, 0.01)).rounded()))
            return index % every == every - 1 ? BotConfiguration(role: .spectator) : BotConfiguration()
        }
    }

    /// Whether the bots arrive over a ramp-up (false: all at once).
    public var rampsUp: Bool { self != .loginStorm }
}

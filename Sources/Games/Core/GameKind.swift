/// One game's identity and shape: its wire name, how many seats it takes and whether it runs on ticks.
///
/// Two kinds are equal when their `rawValue`s are: the name is what the lobby, the directory and the
/// result store record.
public struct GameKind: Hashable, Sendable, CustomStringConvertible {
    /// The stable wire name, lower-case ASCII (`"connect4"`, `"cycles"`).
    public let rawValue: String
    /// A name to show people.
    public let displayName: String
    /// The fewest seats a game of this kind starts with.
    public let minPlayers: Int
    /// The most seats a game of this kind starts with.
    public let maxPlayers: Int
    /// How often the server calls `advance` for a real-time game; `nil` for a turn-based game, which
    /// the server advances at `nextDeadlineMilliseconds` instead.
    public let tickIntervalMilliseconds: Int64?

    /// A kind; `minPlayers...maxPlayers` must be a non-empty range of positive counts.
    public init(
        rawValue: String, displayName: String, minPlayers: Int, maxPlayers: Int, tickIntervalMilliseconds: Int64?
    ) {
        precondition(minPlayers >= 1 && minPlayers <= maxPlayers, "invalid seat range for \(rawValue)")
        precondition(tickIntervalMilliseconds.map { $0 > 0 } ?? true, "tick interval must be positive")
        self.rawValue = rawValue
        self.displayName = displayName
        self.minPlayers = minPlayers
        self.maxPlayers = maxPlayers
        self.tickIntervalMilliseconds = tickIntervalMilliseconds
    }

    /// The seat counts a game of this kind can start with.
    public var seatRange: ClosedRange<Int> { minPlayers...maxPlayers }

    /// Whether the server must call `advance` every `tickIntervalMilliseconds`.
    public var isRealTime: Bool { tickIntervalMilliseconds != nil }

    public static func == (a: GameKind, b: GameKind) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }
}

extension GameKind {
    /// Connect Four: two players, turn-based with a move clock.
    public static let connectFour = GameKind(
        rawValue: "connect4", displayName: "Connect Four", minPlayers: 2, maxPlayers: 2,
        tickIntervalMilliseconds: nil
    )

    /// Cycles (light cycles): two to eight players, simulated at 20 ticks per second.
    public static let cycles = GameKind(
        rawValue: "cycles", displayName: "Cycles", minPlayers: 2, maxPlayers: 8, tickIntervalMilliseconds: 50
    )
}

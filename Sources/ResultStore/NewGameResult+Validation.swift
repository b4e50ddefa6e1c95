extension NewGameResult {
    /// Longest game id, kind, player id or nickname stored.
    static let maxTextBytes = 128
    /// Most seats in one game.
    static let maxPlayers = 64

    /// Why the result cannot be stored, or nil when it can.
    ///
    /// Seats are unique and non-negative; winners are seats of this game, at
    /// least one for `.win` and none otherwise; the game ends no earlier than it
    /// started.
    var problem: String? {
        if !Self.fits(gameID) { return "game id must be 1...\(Self.maxTextBytes) bytes" }
        if !Self.fits(kind) { return "kind must be 1...\(Self.maxTextBytes) bytes" }
        if players.isEmpty || players.count > Self.maxPlayers { return "a game has 1...\(Self.maxPlayers) players" }
        var seats = Set<Int>()
        for player in players {
            guard player.seat >= 0, seats.insert(player.seat).inserted else {
                return "seat \(player.seat) is negative or taken twice"
            }
            if !Self.fits(player.playerID) { return "bad player id at seat \(player.seat)" }
            if player.nickname.utf8.count > Self.maxTextBytes { return "nickname too long at seat \(player.seat)" }
        }
        if Set(winners).count != winners.count || !winners.allSatisfy(seats.contains) {
            return "winners must be distinct seats of this game"
        }
        switch outcome {
        case .win where winners.isEmpty: return "a win needs at least one winner"
        case .draw where !winners.isEmpty, .aborted where !winners.isEmpty: return "only a win has winners"
        default: break
        }
        if moves < 0 { return "moves cannot be negative" }
        if startedAtMilliseconds < 0 || endedAtMilliseconds < startedAtMilliseconds {
            return "the game must end no earlier than it started"
        }
        return nil
    }

    private static func fits(_ text: String) -> Bool { (1...maxTextBytes).contains(text.utf8.count) }
}

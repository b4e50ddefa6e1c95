import Protocol

/// Which `error` codes a correct bot can receive, and which mean a bug (in the bot or the server).
///
/// A bot acts on what it has seen, and the server may have moved on in between; those races are
/// legitimate and do not fail `--expect-clean`:
/// - `not_your_turn`, `game_over`, `too_late`, `eliminated`: a move crossed the game's end, a
///   time-out or the bot's own crash in flight (or was replayed to a new session after a resume).
/// - `unknown_game`, `not_in_game`: re-joining, after a refused resume, a game that ended (or whose
///   node died) while the bot was away.
/// - `unavailable`: the game's node could not be reached in time (a node killed or paused by chaos).
/// - `shutting_down`: the node is leaving; the bot reconnects elsewhere.
/// - `game_full`: a `quickplay` that lost the race for the last seat of a waiting game to a
///   quickplay on another node (each node's lobby view of other nodes' games lags a little); the
///   bot asks again. Seen at about 1 in 20 quickplays with 100 bots on 3 nodes.
/// Everything else (`bad_json`, `bad_field`, `illegal_move`, `malformed_move`, `rate_limited`,
/// `too_many_pending_moves`, `too_many_games`, `internal`, unknown codes, ...) counts as a protocol
/// error: the bots never send malformed or illegal requests and stay inside the rate limits.
public enum ErrorClassification {
    /// The codes a correct bot may receive by racing the server.
    public static let raceCodes: Set<ErrorCode> = [
        .notYourTurn, .gameOver, .tooLate, .eliminated, .unknownGame, .notInGame, .unavailable, .shuttingDown,
        .gameFull,
    ]

    /// Whether `code` is a race a correct bot can hit (true) or a protocol error (false).
    public static func isRace(_ code: ErrorCode) -> Bool { raceCodes.contains(code) }
}

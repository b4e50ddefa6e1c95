/// `leaderboard.get`: one game kind's board, read from the node the client is connected to.
///
/// Every node holds the boards the nightly job published, so the answer never leaves the node.
public struct LeaderboardQuery: Hashable, Sendable {
    /// Which of a kind's two boards.
    public enum Board: String, Hashable, Sendable, CaseIterable {
        /// Everyone ever rated in the kind.
        case allTime = "all"
        /// The players of the last rated period (or of `period`), ranked among themselves.
        case period
    }

    /// Rows listed when `top` is not given.
    public static let defaultTop = 10
    /// Neighbours each side when `radius` is not given.
    public static let defaultRadius = 5
    /// Most rows `top` may ask for.
    public static let maxTop = 100
    /// Most neighbours on each side `radius` may ask for.
    public static let maxRadius = 25

    public var kind: String
    public var board: Board
    /// How many of the best to list (0 for none).
    public var top: Int
    /// A player id: list that player and `radius` neighbours each side.
    public var around: String?
    public var radius: Int
    /// The slot (Unix seconds) of an archived period; nil for the latest.
    public var period: Int64?

    public init(kind: String, board: Board = .allTime, top: Int = defaultTop, around: String? = nil, radius: Int = defaultRadius, period: Int64? = nil) {
        self.kind = kind
        self.board = board
        self.top = top
        self.around = around
        self.radius = radius
        self.period = period
    }
}

/// One player's line on a board.
public struct LeaderboardRow: Hashable, Sendable {
    /// 1 for the best.
    public var rank: Int
    /// The player id.
    public var id: String
    /// The nickname in the player's latest rated game.
    public var name: String
    /// Glicko-2 rating on the Glicko scale (1500 for a new player).
    public var rating: Double
    /// Rating deviation: how unsure the rating is (350 for a new player).
    public var deviation: Double
    /// Games counted on this board: the period's, or all rated ones.
    public var games: Int

    public init(rank: Int, id: String, name: String, rating: Double, deviation: Double, games: Int) {
        self.rank = rank
        self.id = id
        self.name = name
        self.rating = rating
        self.deviation = deviation
        self.games = games
    }
}

/// When the job that rates games runs, in UTC: so clients can show "next update at …".
public struct JobScheduleInfo: Hashable, Sendable {
    /// The 5-field cron expression, in UTC.
    public var cron: String
    /// The latest scheduled slot at or before now, Unix seconds.
    public var previous: Int64
    /// The next scheduled slot, Unix seconds.
    public var next: Int64

    public init(cron: String, previous: Int64, next: Int64) {
        self.cron = cron
        self.previous = previous
        self.next = next
    }
}

/// The reply to `leaderboard.get`.
public struct LeaderboardReply: Hashable, Sendable {
    public var kind: String
    public var board: LeaderboardQuery.Board
    /// The slot (Unix seconds) of the period the board is from; nil while no period of the kind
    /// has been rated (then every list is empty).
    public var period: Int64?
    /// The periods this node holds for the kind, newest first (ask for one with `period`).
    public var periods: [Int64]
    /// How many players the board ranks.
    public var players: Int
    public var top: [LeaderboardRow]
    /// The player asked about and its neighbours; empty when it is not on the board.
    public var around: [LeaderboardRow]
    public var schedule: JobScheduleInfo

    public init(
        kind: String, board: LeaderboardQuery.Board, period: Int64?, periods: [Int64], players: Int, top: [LeaderboardRow],
        around: [LeaderboardRow], schedule: JobScheduleInfo
    ) {
        self.kind = kind
        self.board = board
        self.period = period
        self.periods = periods
        self.players = players
        self.top = top
        self.around = around
        self.schedule = schedule
    }
}

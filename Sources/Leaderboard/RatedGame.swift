/// A finished game as a rating period sees it: who sat where, and in what order they placed.
///
/// Independent of `ResultStore`'s `GameResult` so that this module stays pure; the nightly job
/// converts one into the other. Placements carry more than a winner list: in Cycles the players
/// who crashed early placed below those who crashed late, and the rating should know it.
public struct RatedGame: Sendable, Hashable {
    /// One seat of the game.
    public struct Player: Sendable, Hashable {
        /// The seat number, as the game numbered it (0-based, not necessarily contiguous).
        public var seat: Int
        public var playerID: String
        /// The nickname at the time of the game; the leaderboards show the latest.
        public var nickname: String

        public init(seat: Int, playerID: String, nickname: String) {
            self.seat = seat
            self.playerID = playerID
            self.nickname = nickname
        }
    }

    /// Which game was played (`"connect-four"`, `"cycles"`): each kind has its own ratings.
    public var kind: String
    public var players: [Player]
    /// Seats grouped by placement, best first; the seats of one group tied. Connect Four: `[[winner], [loser]]`
    /// or `[[0, 1]]` for a draw; Cycles: survivors, then the crashed from last to first. Empty: aborted.
    public var placements: [[Int]]

    public init(kind: String, players: [Player], placements: [[Int]]) {
        self.kind = kind
        self.players = players
        self.placements = placements
    }

    /// A game whose result names only its winners: they share first place and everyone else ties
    /// for second. No winners is a draw between all.
    public init(kind: String, players: [Player], winners: [Int]) {
        let winnerSet = Set(winners)
        let others = players.map(\.seat).filter { !winnerSet.contains($0) }
        let groups = [winners.sorted(), others].filter { !$0.isEmpty }
        self.init(kind: kind, players: players, placements: groups)
    }

    /// A game stopped before it had a result (a player left, the owner node died): rated as nothing.
    public static func aborted(kind: String, players: [Player]) -> RatedGame {
        RatedGame(kind: kind, players: players, placements: [])
    }

    /// Whether the game stopped before a result; such games are not rated.
    public var isAborted: Bool { placements.isEmpty }

    /// Highest seat number accepted; seats index a small table while the game is checked.
    public static let maxSeat = 1023
}

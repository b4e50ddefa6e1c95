/// One pair of players from one game, as the rating sees it (a game of n players makes n(n − 1)/2).
///
/// Departure worth knowing: every pair counts as a full game, so one 8-player Cycles game moves a
/// rating about as much as seven Connect Four games. That is what the design asks for; weighting
/// pairs by 1/(n − 1) would need a change to Glicko-2's sums and is left for when data says so.
public struct PairwiseResult: Sendable, Hashable {
    public var player: String
    public var opponent: String
    /// `player`'s score: 1, 0.5 or 0.
    public var score: Double

    public init(player: String, opponent: String, score: Double) {
        self.player = player
        self.opponent = opponent
        self.score = score
    }
}

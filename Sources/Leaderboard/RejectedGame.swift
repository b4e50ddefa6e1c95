/// A game the rating period could not use, and why.
public struct RejectedGame: Sendable, Hashable {
    /// Position in the games the plan was given.
    public let index: Int
    public let problem: RatedGame.Problem

    public init(index: Int, problem: RatedGame.Problem) {
        self.index = index
        self.problem = problem
    }
}

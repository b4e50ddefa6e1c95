import Foundation

/// The Glicko-2 rating system: its constants, and one player's update over one rating period.
///
/// Follows Mark Glickman, "Example of the Glicko-2 system" (2013), steps 1 to 8; the paper's
/// worked example is `Glicko2Tests.paperExample`. Where it departs from the paper, and why:
/// - Step 8 computes r' = r + 173.7178·(μ' − μ) rather than 173.7178·μ' + 1500. The same number,
///   but a player whose results cancel out (a draw between equals) keeps r bit for bit instead of
///   drifting by a rounding error each period.
/// - RD' is capped at `maxDeviation` (350, a newcomer's): after years away a player is no less
///   known than one who never played. The paper leaves RD unbounded; most servers cap it.
/// - The volatility iteration (step 5) stops after `maxVolatilityIterations`. It converges in a
///   handful of steps on sane input; the cap bounds the work a hostile chunk can cause.
/// - Step 5.4(b) uses "f(C)·f(B) ≤ 0", as the 2013 paper prints it (an earlier version said "< 0").
public struct Glicko2: Sendable, Hashable {
    /// τ, the system constant: how fast volatility may change (the paper suggests 0.3 to 1.2).
    public var tau: Double
    /// ε, the volatility iteration's convergence tolerance.
    public var convergenceTolerance: Double
    /// The largest RD a player can have, in rating points.
    public var maxDeviation: Double
    /// Where an unrated player starts: 1500, RD 350, σ 0.06 by default.
    public var newPlayer: Rating

    /// The paper's conversion factor between the Glicko and Glicko-2 scales (400 / ln 10, rounded as printed).
    public static let scale = 173.7178
    /// The rating that is μ = 0 on the Glicko-2 scale.
    public static let center = 1500.0
    /// τ values accepted, here and from the wire.
    public static let plausibleTaus: ClosedRange<Double> = 0.01...10
    /// ε values accepted, here and from the wire.
    public static let plausibleTolerances: ClosedRange<Double> = 1e-12...1e-2
    /// The most steps of the volatility iteration (see the departures above).
    static let maxVolatilityIterations = 100

    public init(
        tau: Double = 0.5, convergenceTolerance: Double = 1e-6, maxDeviation: Double = 350,
        newPlayer: Rating = Rating(value: 1500, deviation: 350, volatility: 0.06)
    ) {
        precondition(Self.plausibleTaus.contains(tau), "τ must be in \(Self.plausibleTaus)")
        precondition(Self.plausibleTolerances.contains(convergenceTolerance), "ε must be in \(Self.plausibleTolerances)")
        precondition(Rating.plausibleDeviations.contains(maxDeviation), "maxDeviation must be positive and plausible")
        precondition(newPlayer.isPlausible && newPlayer.games == 0, "a new player has a plausible rating and no games")
        self.tau = tau
        self.convergenceTolerance = convergenceTolerance
        self.maxDeviation = maxDeviation
        self.newPlayer = newPlayer
    }

    /// One game's result from the rated player's side.
    public struct Outcome: Sendable, Hashable {
        /// The opponent's rating at the start of the period.
        public var opponent: Rating
        /// 1 for a win, 0.5 for a draw, 0 for a loss.
        public var score: Double

        public init(opponent: Rating, score: Double) {
            self.opponent = opponent
            self.score = score
        }
    }

    /// `player`'s rating after a period with these results (games are not counted here).
    /// No results means the player sat the period out: see `idle(_:)`.
    public func rated(_ player: Rating, results: [Outcome]) -> Rating {
        var sums = Glicko2Sums(player: player)
        for result in results {
            let opponent = Glicko2Opponent(result.opponent)
            sums.add(opponentMu: opponent.mu, opponentG: opponent.g, score: result.score)
        }
        return rated(player, sums: sums)
    }

    /// `player`'s rating after a period without games: only φ widens, by σ (step 6, and the paper's
    /// note on unrated players), up to `maxDeviation`.
    public func idle(_ player: Rating) -> Rating {
        let phi = player.deviation / Self.scale
        let widened = (phi * phi + player.volatility * player.volatility).squareRoot() * Self.scale
        var result = player
        result.deviation = min(widened, maxDeviation)
        return result
    }

    /// Steps 5 to 8 from the sums of steps 3 and 4.
    func rated(_ player: Rating, sums: Glicko2Sums) -> Rating {
        sums.count == 0 ? idle(player) : trace(player, sums: sums).rating
    }
}

/// An opponent on the Glicko-2 scale, with g(φ) computed once (steps 2 and 3).
struct Glicko2Opponent {
    let mu: Double
    let g: Double

    init(_ rating: Rating) {
        mu = (rating.value - Glicko2.center) / Glicko2.scale
        let phi = rating.deviation / Glicko2.scale
        g = 1 / (1 + 3 * phi * phi / (Double.pi * Double.pi)).squareRoot()
    }
}

/// The running sums of steps 3 and 4 for one player: Σ g²E(1 − E) and Σ g(s − E).
struct Glicko2Sums {
    let mu: Double
    private(set) var inverseVariance = 0.0
    private(set) var scoreSurplus = 0.0
    private(set) var count = 0

    init(player: Rating) { mu = (player.value - Glicko2.center) / Glicko2.scale }

    mutating func add(opponentMu: Double, opponentG: Double, score: Double) {
        let expected = 1 / (1 + exp(-opponentG * (mu - opponentMu)))
        inverseVariance += opponentG * opponentG * expected * (1 - expected)
        scoreSurplus += opponentG * (score - expected)
        count += 1
    }
}

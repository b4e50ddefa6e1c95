import Foundation
import Testing
@testable import Leaderboard

@Suite struct Glicko2Tests {
    let system = Glicko2()

    /// Rounds to `places` decimals, as the paper prints.
    func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// Glickman's worked example: 1500/200/0.06 beats 1400/30, loses to 1550/100 and 1700/300.
    ///
    /// The paper computes by hand with rounded intermediates (E to 3 places, then v and Δ from
    /// those), so v and Δ can differ from full precision in the 4th place, σ' in the 6th, and r'
    /// by the ±0.009 points that rounding μ' to −0.2069 is worth. Everything else matches as printed.
    @Test func paperExample() {
        let player = Rating(value: 1500, deviation: 200, volatility: 0.06)
        let opponents = [(1400.0, 30.0, 1.0), (1550, 100, 0), (1700, 300, 0)]
        var sums = Glicko2Sums(player: player)
        for (index, (rating, deviation, score)) in opponents.enumerated() {
            let opponent = Glicko2Opponent(Rating(value: rating, deviation: deviation, volatility: 0.06))
            let expected = 1 / (1 + exp(-opponent.g * (sums.mu - opponent.mu)))
            #expect(rounded(opponent.mu, 4) == [-0.5756, 0.2878, 1.1513][index])
            #expect(rounded(opponent.g, 4) == [0.9955, 0.9531, 0.7242][index])
            #expect(rounded(expected, 3) == [0.639, 0.432, 0.303][index])
            sums.add(opponentMu: opponent.mu, opponentG: opponent.g, score: score)
        }
        let trace = system.trace(player, sums: sums)
        #expect(abs(trace.variance - 1.7785) < 0.001)
        #expect(abs(trace.improvement - -0.4834) < 0.001)
        #expect(abs(trace.volatility - 0.05999) < 0.00001)
        #expect(rounded(trace.preRatingDeviation, 4) == 1.1529)
        #expect(rounded(trace.phi, 4) == 0.8722)
        #expect(rounded(trace.mu, 4) == -0.2069)
        #expect(abs(trace.rating.value - 1464.06) < 0.01)
        #expect(rounded(trace.rating.deviation, 2) == 151.52)
        // The paper's r' is its rounded μ' converted back:
        #expect(rounded(Glicko2.scale * -0.2069 + 1500, 2) == 1464.06)
        // The public entry point gives the same rating.
        let results = opponents.map {
            Glicko2.Outcome(opponent: Rating(value: $0.0, deviation: $0.1, volatility: 0.06), score: $0.2)
        }
        #expect(system.rated(player, results: results) == trace.rating)
    }

    @Test func drawBetweenEqualsLeavesRatingsUnchanged() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let player = Rating(
                value: Double.random(in: 0...3000, using: &random), deviation: Double.random(in: 30...350, using: &random),
                volatility: Double.random(in: 0.03...0.1, using: &random))
            let after = system.rated(player, results: [Glicko2.Outcome(opponent: player, score: 0.5)])
            #expect(after.value == player.value)
        }
    }

    @Test func resultsAreSymmetricBetweenEqualDeviations() {
        var random = SeededGenerator(seed: 2)
        for _ in 0..<200 {
            let deviation = Double.random(in: 30...350, using: &random)
            let a = Rating(value: Double.random(in: 1000...2000, using: &random), deviation: deviation, volatility: 0.06)
            let b = Rating(value: Double.random(in: 1000...2000, using: &random), deviation: deviation, volatility: 0.06)
            let score = [0, 0.5, 1][Int.random(in: 0..<3, using: &random)]
            let newA = system.rated(a, results: [Glicko2.Outcome(opponent: b, score: score)])
            let newB = system.rated(b, results: [Glicko2.Outcome(opponent: a, score: 1 - score)])
            #expect(abs((newA.value - a.value) + (newB.value - b.value)) < 1e-9)
            #expect(abs(newA.deviation - newB.deviation) < 1e-9)
            // Swapping who won mirrors the change.
            let mirrored = system.rated(a, results: [Glicko2.Outcome(opponent: b, score: 1 - score)])
            if a.value == b.value { #expect(abs((newA.value - a.value) + (mirrored.value - a.value)) < 1e-9) }
            if score == 1 { #expect(newA.value > a.value && newB.value < b.value) }
        }
    }

    @Test func deviationShrinksWithGames() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let player = Rating(
                value: Double.random(in: 1200...1800, using: &random), deviation: Double.random(in: 100...350, using: &random),
                volatility: 0.06)
            let results = (0..<3).map { _ in
                Glicko2.Outcome(
                    opponent: Rating(
                        value: player.value + Double.random(in: -300...300, using: &random),
                        deviation: Double.random(in: 30...150, using: &random), volatility: 0.06),
                    score: [0, 0.5, 1][Int.random(in: 0..<3, using: &random)])
            }
            #expect(system.rated(player, results: results).deviation < player.deviation)
        }
    }

    @Test func deviationGrowsWithoutGamesUpTo350() {
        var rating = Rating(value: 1720, deviation: 50, volatility: 0.06, games: 12)
        for _ in 0..<2_000 {
            let next = system.idle(rating)
            #expect(next.deviation > rating.deviation || next.deviation == 350)
            #expect(next.deviation <= 350)
            #expect(next.value == rating.value && next.volatility == rating.volatility && next.games == 12)
            rating = next
        }
        #expect(rating.deviation == 350)
        #expect(system.rated(rating, results: []) == system.idle(rating))
    }

    @Test func deviationStaysBoundedAfterGames() {
        let unsure = Rating(value: 1500, deviation: 350, volatility: 0.5)
        let after = system.rated(unsure, results: [Glicko2.Outcome(opponent: Glicko2().newPlayer, score: 1)])
        #expect(after.deviation <= 350)
    }

    @Test func ratingIsDeterministic() {
        var random = SeededGenerator(seed: 4)
        let player = Rating(value: 1610, deviation: 120, volatility: 0.07)
        let results = (0..<40).map { _ in
            Glicko2.Outcome(
                opponent: Rating(value: Double.random(in: 1200...2000, using: &random), deviation: 80, volatility: 0.06),
                score: Double(Int.random(in: 0...2, using: &random)) / 2)
        }
        #expect(system.rated(player, results: results) == system.rated(player, results: results))
    }

    @Test func upsetsRaiseVolatilityAndExpectedResultsLowerIt() {
        let player = Rating(value: 1500, deviation: 80, volatility: 0.06)
        let strong = Rating(value: 2100, deviation: 50, volatility: 0.06)
        let weak = Rating(value: 900, deviation: 50, volatility: 0.06)
        let upsets = system.rated(player, results: Array(repeating: Glicko2.Outcome(opponent: strong, score: 1), count: 5))
        let expected = system.rated(player, results: Array(repeating: Glicko2.Outcome(opponent: weak, score: 1), count: 5))
        #expect(upsets.volatility > player.volatility)
        #expect(expected.volatility < player.volatility)
    }

    @Test func volatilityIterationFinishesOnExtremeInput() {
        let extreme = Rating(value: Rating.plausibleValues.lowerBound, deviation: 1e-3, volatility: 10)
        let opponent = Rating(value: Rating.plausibleValues.upperBound, deviation: 10_000, volatility: 1)
        for tau in [Glicko2.plausibleTaus.lowerBound, 0.5, Glicko2.plausibleTaus.upperBound] {
            let rated = Glicko2(tau: tau).rated(extreme, results: [Glicko2.Outcome(opponent: opponent, score: 1)])
            #expect(rated.value.isFinite && rated.deviation.isFinite && rated.volatility.isFinite)
        }
    }
}

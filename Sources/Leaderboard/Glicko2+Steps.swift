import Foundation

/// The intermediate quantities of one update, named as in the paper, so tests can check each step.
struct Glicko2Trace {
    /// v, step 3.
    var variance: Double
    /// Δ, step 4.
    var improvement: Double
    /// σ', step 5.
    var volatility: Double
    /// φ*, step 6.
    var preRatingDeviation: Double
    /// φ', step 7.
    var phi: Double
    /// μ', step 7.
    var mu: Double
    /// r', RD', σ' (step 8).
    var rating: Rating
}

extension Glicko2 {
    /// Steps 3 to 8 for a player with at least one result.
    func trace(_ player: Rating, sums: Glicko2Sums) -> Glicko2Trace {
        precondition(sums.count > 0, "a player without results is idle, not rated")
        let phi = player.deviation / Self.scale
        let variance = 1 / sums.inverseVariance
        let improvement = variance * sums.scoreSurplus
        let volatility = newVolatility(
            sigma: player.volatility, phi: phi, variance: variance, improvement: improvement)
        let preRatingDeviation = (phi * phi + volatility * volatility).squareRoot()
        let newPhi = 1 / (1 / (preRatingDeviation * preRatingDeviation) + 1 / variance).squareRoot()
        let muChange = newPhi * newPhi * sums.scoreSurplus
        var rating = player
        rating.value = player.value + Self.scale * muChange
        rating.deviation = min(newPhi * Self.scale, maxDeviation)
        rating.volatility = volatility
        return Glicko2Trace(
            variance: variance, improvement: improvement, volatility: volatility,
            preRatingDeviation: preRatingDeviation, phi: newPhi, mu: sums.mu + muChange, rating: rating)
    }

    /// Step 5: σ' by the Illinois algorithm (a regula falsi that halves the stale end's value).
    func newVolatility(sigma: Double, phi: Double, variance: Double, improvement: Double) -> Double {
        let a = log(sigma * sigma)
        let tauSquared = tau * tau
        let phiSquared = phi * phi
        let improvementSquared = improvement * improvement
        func f(_ x: Double) -> Double {
            let ex = exp(x)
            let denominator = phiSquared + variance + ex
            return ex * (improvementSquared - phiSquared - variance - ex) / (2 * denominator * denominator)
                - (x - a) / tauSquared
        }
        var lower = a  // A
        var upper: Double  // B
        if improvementSquared > phiSquared + variance {
            upper = log(improvementSquared - phiSquared - variance)
        } else {
            // In this branch the first term of f lies in (-1/2, 0) and the second is k/τ, so
            // k ≤ τ/2 + 1 steps find the bracket (6 at most for τ ≤ 10); the cap is defence only.
            var k = 1.0
            while f(a - k * tau) < 0, k < Double(Self.maxVolatilityIterations) { k += 1 }
            upper = a - k * tau
        }
        var fLower = f(lower)
        var fUpper = f(upper)
        var iterations = 0
        while abs(upper - lower) > convergenceTolerance, iterations < Self.maxVolatilityIterations {
            iterations += 1
            let c = lower + (lower - upper) * fLower / (fUpper - fLower)
            let fC = f(c)
            if fC * fUpper <= 0 {
                lower = upper
                fLower = fUpper
            } else {
                fLower /= 2
            }
            upper = c
            fUpper = fC
        }
        return exp(lower / 2)
    }
}

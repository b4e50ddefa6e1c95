/// One player's Glicko-2 standing in one game kind: what a rating period starts from and ends with.
///
/// Kept on the Glicko scale players see (`value` around 1500, `deviation` up to 350) so that a
/// stored or published rating needs no conversion; `Glicko2` converts to μ and φ internally.
public struct Rating: Sendable, Hashable {
    /// r: the rating itself.
    public var value: Double
    /// RD: one standard deviation of the rating, in rating points.
    public var deviation: Double
    /// σ: how erratic the player's results have been.
    public var volatility: Double
    /// Games rated to date; a game of several players counts once.
    public var games: Int

    public init(value: Double, deviation: Double, volatility: Double, games: Int = 0) {
        self.value = value
        self.deviation = deviation
        self.volatility = volatility
        self.games = games
    }

    /// Ratings the decoders accept: 1500 ± 10,000 (no real player comes near the edges).
    ///
    /// Bounded so that the Glicko-2 update stays finite on any accepted input: the largest
    /// μ gap it can see is about 115, where E(1 − E) is still about 1e-50, far from underflow.
    public static let plausibleValues: ClosedRange<Double> = -8_500...11_500
    /// Deviations the decoders accept (RD > 0; far below any real one, far above underflow).
    public static let plausibleDeviations: ClosedRange<Double> = 1e-6...10_000
    /// Volatilities the decoders accept (σ > 0: the volatility step takes ln σ²).
    public static let plausibleVolatilities: ClosedRange<Double> = 1e-6...10
    /// Game counts the decoders accept: exact in a Double, never near overflow.
    public static let plausibleGames: ClosedRange<Int> = 0...(1 << 40)

    /// Whether every field lies in the plausible ranges (no NaN, no infinity, σ and RD positive).
    public var isPlausible: Bool {
        Self.plausibleValues.contains(value) && Self.plausibleDeviations.contains(deviation)
            && Self.plausibleVolatilities.contains(volatility) && Self.plausibleGames.contains(games)
    }
}

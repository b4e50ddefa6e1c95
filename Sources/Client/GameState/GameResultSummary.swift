import Protocol

/// A game's `outcome` as a client shows it: `{"result":"win","winner":0,"reason":"four_in_a_row",...}`.
public struct GameResultSummary: Hashable, Sendable {
    /// How it ended.
    public enum Result: String, Hashable, Sendable {
        /// One seat won.
        case win
        /// No single winner.
        case draw
        /// Ended without a result (not rated).
        case aborted
    }

    /// How it ended.
    public var result: Result
    /// The winning seat, for a win.
    public var winner: Int?
    /// Why (`four_in_a_row`, `board_full`, `out_of_time`, `forfeit`, `last_standing`, ...).
    public var reason: String

    /// A summary with these parts.
    public init(result: Result, winner: Int? = nil, reason: String) {
        self.result = result
        self.winner = winner
        self.reason = reason
    }

    /// Reads an outcome; `nil` when it is not one (missing or wrong members).
    public init?(_ json: JSONValue) {
        guard let name = json["result"]?.stringValue, let result = Result(rawValue: name) else { return nil }
        let winner = json["winner"]?.intValue.flatMap { Int(exactly: $0) }
        if result == .win && winner == nil { return nil }
        self.init(result: result, winner: result == .win ? winner : nil, reason: json["reason"]?.stringValue ?? "")
    }

    /// The reason in words: `four_in_a_row` becomes "four in a row".
    public var reasonText: String { reason.replacingUnderscores() }
}

extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}

extension JSONValue {
    /// The integer as an `Int` when this is an integer within `range`.
    func int(in range: ClosedRange<Int>) -> Int? {
        guard let value = intValue, let int = Int(exactly: value), range.contains(int) else { return nil }
        return int
    }
}

/// How a finished game ended: the verdict, why, and the final order of all seats for rating.
public struct GameOutcome: Hashable, Sendable {
    /// Who won, if anyone.
    public enum Verdict: Hashable, Sendable {
        /// One seat won.
        case win(Seat)
        /// No single winner; the seats of `placements[0]` share first place.
        case draw
        /// The game ended without a result and is not rated.
        case aborted
    }

    /// Who won, if anyone.
    public let verdict: Verdict
    /// Why the game ended.
    public let reason: GameEndReason
    /// Every seat, best first; the seats of one inner array are tied. Empty when aborted.
    ///
    /// Connect Four: `[[winner], [loser]]` or `[[0, 1]]`. Cycles: survivors first, then the crashed by
    /// crash tick, latest first, so a many-player game rates as pairwise results (Glicko-2 style).
    public let placements: [[Seat]]

    /// An outcome; a `.win` must put its winner alone in first place.
    public init(verdict: Verdict, reason: GameEndReason, placements: [[Seat]]) {
        if case .win(let winner) = verdict {
            precondition(placements.first == [winner], "a winner must be alone in first place")
        }
        self.verdict = verdict
        self.reason = reason
        self.placements = placements
    }

    /// A win for `winner`, everyone else in `rest` order.
    public static func win(_ winner: Seat, reason: GameEndReason, rest: [[Seat]]) -> GameOutcome {
        GameOutcome(verdict: .win(winner), reason: reason, placements: [[winner]] + rest)
    }

    /// The winning seat, or `nil` for a draw or an aborted game.
    public var winner: Seat? {
        if case .win(let seat) = verdict { return seat }
        return nil
    }
}

/// Why a game ended; `code` is its stable wire name.
public enum GameEndReason: String, Hashable, Sendable, CaseIterable {
    /// Connect Four: four discs in a row.
    case fourInARow = "four_in_a_row"
    /// Connect Four: the board filled up without four in a row.
    case boardFull = "board_full"
    /// A player's move clock ran out.
    case outOfTime = "out_of_time"
    /// A player resigned or left for good, leaving one seat to win.
    case forfeit = "forfeit"
    /// Cycles: every other cycle crashed.
    case lastStanding = "last_standing"
    /// Cycles: the last cycles crashed in the same tick.
    case allCrashed = "all_crashed"
    /// Cycles: the round time limit passed with several cycles still riding.
    case timeLimit = "time_limit"
    /// The server ended the game without a result (shutdown without hand-off, an operator, ...).
    case aborted = "aborted"

    /// The stable wire name, e.g. `"four_in_a_row"`.
    public var code: String { rawValue }
}

extension GameOutcome: GameValueCodable {
    /// `{"result": "win"|"draw"|"aborted", "winner": 0?, "reason": "...", "placements": [[0],[1]]}`.
    public var gameValue: GameValue {
        var fields: [String: GameValue] = [
            "reason": .string(reason.code),
            "placements": .array(placements.map { .ints($0.map(\.index)) }),
        ]
        switch verdict {
        case .win(let seat):
            fields["result"] = "win"
            fields["winner"] = .int(seat.index)
        case .draw:
            fields["result"] = "draw"
        case .aborted:
            fields["result"] = "aborted"
        }
        return .object(fields)
    }

    public init(gameValue value: GameValue) throws(GameValueError) {
        let reader = try GameValueObjectReader(value)
        guard let reason = GameEndReason(rawValue: try reader.string("reason")) else {
            throw .invalidValue(path: "$.reason", reason: "unknown end reason")
        }
        var placements: [[Seat]] = []
        for group in try reader.array("placements") {
            placements.append(try GameValueObjectReader.seats(group, path: "$.placements"))
        }
        let verdict: Verdict
        switch try reader.string("result") {
        case "win":
            let winner = try reader.decode("winner", as: Seat.self)
            guard placements.first == [winner] else {
                throw .invalidValue(path: "$.placements", reason: "the winner must be alone in first place")
            }
            verdict = .win(winner)
        case "draw": verdict = .draw
        case "aborted": verdict = .aborted
        default: throw .invalidValue(path: "$.result", reason: "expected win, draw or aborted")
        }
        self.init(verdict: verdict, reason: reason, placements: placements)
    }
}

extension GameValueObjectReader {
    /// Reads a flat array of seat indexes.
    static func seats(_ value: GameValue, path: String) throws(GameValueError) -> [Seat] {
        guard let elements = value.arrayValue else { throw .typeMismatch(path: path, expected: "array of seats") }
        var seats: [Seat] = []
        for element in elements { seats.append(try Seat(gameValue: element)) }
        return seats
    }
}

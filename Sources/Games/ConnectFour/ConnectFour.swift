/// Connect Four: two seats drop discs in turn into a 7×6 board; four in a row (any direction) wins,
/// a full board is a draw. Seat 0 moves first.
///
/// Move clock: each turn has `options.moveClockMilliseconds`. A move must arrive strictly before the
/// deadline (`turn start + clock`); from the deadline on, moves are refused with `.tooLate` and the
/// next `advance(nowMilliseconds:)` ends the game with a loss for the mover. `apply` itself never
/// ends a game on time, so a refused move never carries updates.
public struct ConnectFour: GameRules, Hashable {
    public typealias Move = ConnectFourMove
    public typealias Update = ConnectFourUpdate
    public typealias Snapshot = ConnectFourSnapshot

    public static let kind = GameKind.connectFour

    public let options: ConnectFourOptions
    public var seatCount: Int { 2 }

    /// The discs on the board.
    public private(set) var board = ConnectFourBoard()
    /// The columns played, in order.
    public private(set) var moves: [Int] = []
    /// The seat to move, or `nil` once the game is over.
    public private(set) var turn: Seat? = Seat(0)
    /// When the mover's clock runs out; `nil` when untimed or over.
    public private(set) var deadlineMilliseconds: Int64?
    public private(set) var outcome: GameOutcome?

    /// A game with two seats; the seed is unused, Connect Four has no chance.
    public init(seats: Int, seed: UInt64, options: ConnectFourOptions, nowMilliseconds: Int64) {
        precondition(seats == 2, "Connect Four has two seats")
        self.options = options
        deadlineMilliseconds = options.moveClockMilliseconds.map { nowMilliseconds + $0 }
    }

    /// A two-seat game with default options started at time 0, for tests and tools.
    public init(options: ConnectFourOptions = ConnectFourOptions(), nowMilliseconds: Int64 = 0) {
        self.init(seats: 2, seed: 0, options: options, nowMilliseconds: nowMilliseconds)
    }

    public var movesPlayed: Int { moves.count }

    public var nextDeadlineMilliseconds: Int64? { outcome == nil ? deadlineMilliseconds : nil }

    public mutating func apply(_ move: ConnectFourMove, from seat: Seat, nowMilliseconds: Int64)
        -> Result<[ConnectFourUpdate], MoveRejection>
    {
        guard seat.index < seatCount else { return .failure(.notAPlayer) }
        guard outcome == nil else { return .failure(.gameOver) }
        guard seat == turn else { return .failure(.notYourTurn) }
        if let deadline = deadlineMilliseconds, nowMilliseconds >= deadline { return .failure(.tooLate) }
        guard (0..<ConnectFourBoard.columns).contains(move.column) else {
            return .failure(.illegalMove("column \(move.column) is outside 0...6"))
        }
        guard board.hasRoom(inColumn: move.column) else {
            return .failure(.illegalMove("column \(move.column) is full"))
        }

        let row = board.drop(seat, inColumn: move.column)
        moves.append(move.column)
        let placed = ConnectFourUpdate.placed(seat: seat, column: move.column, row: row)
        if board.hasFourInARow(seat) {
            return .success([placed, end(.win(seat, reason: .fourInARow, rest: [[other(seat)]]))])
        }
        if board.isFull {
            return .success([placed, end(GameOutcome(verdict: .draw, reason: .boardFull, placements: [[Seat(0), Seat(1)]]))])
        }
        turn = other(seat)
        deadlineMilliseconds = options.moveClockMilliseconds.map { nowMilliseconds + $0 }
        return .success([placed, .turn(seat: other(seat), remainingMilliseconds: options.moveClockMilliseconds)])
    }

    /// Ends the game when the mover's clock has run out at `nowMilliseconds`.
    public mutating func advance(nowMilliseconds: Int64) -> [ConnectFourUpdate] {
        guard let loser = turn, let deadline = deadlineMilliseconds, nowMilliseconds >= deadline else { return [] }
        return [.timedOut(loser), end(.win(other(loser), reason: .outOfTime, rest: [[loser]]))]
    }

    public mutating func forfeit(_ seat: Seat, nowMilliseconds: Int64) -> [ConnectFourUpdate] {
        precondition(seat.index < seatCount, "forfeit by a seat the game does not have")
        guard outcome == nil else { return [] }
        return [.forfeited(seat), end(.win(other(seat), reason: .forfeit, rest: [[seat]]))]
    }

    public mutating func abort() -> [ConnectFourUpdate] {
        guard outcome == nil else { return [] }
        return [end(GameOutcome(verdict: .aborted, reason: .aborted, placements: []))]
    }

    public func snapshot(nowMilliseconds: Int64) -> ConnectFourSnapshot {
        ConnectFourSnapshot(
            moves: moves, turn: turn,
            remainingMilliseconds: remainingMilliseconds(nowMilliseconds: nowMilliseconds),
            moveClockMilliseconds: options.moveClockMilliseconds, outcome: outcome)
    }

    /// Time left on the mover's clock at `nowMilliseconds` (never negative), `nil` when untimed or over.
    public func remainingMilliseconds(nowMilliseconds: Int64) -> Int64? {
        guard outcome == nil, let deadline = deadlineMilliseconds else { return nil }
        return max(0, deadline - nowMilliseconds)
    }

    private func other(_ seat: Seat) -> Seat { Seat(1 - seat.index) }

    private mutating func end(_ outcome: GameOutcome) -> ConnectFourUpdate {
        self.outcome = outcome
        turn = nil
        deadlineMilliseconds = nil
        return .ended(outcome)
    }
}

extension ConnectFour {
    /// `{"options": {...}, "snapshot": {...}}`: the snapshot holds all of Connect Four's state.
    public func savedState(nowMilliseconds: Int64) -> GameValue {
        ["options": options.gameValue, "snapshot": snapshot(nowMilliseconds: nowMilliseconds).gameValue]
    }

    public init(restoring state: GameValue, nowMilliseconds: Int64) throws(GameValueError) {
        let reader = try GameValueObjectReader(state)
        let options = try reader.decode("options", as: ConnectFourOptions.self)
        let snapshot = try reader.decode("snapshot", as: ConnectFourSnapshot.self)
        guard let board = snapshot.board else {
            throw .invalidValue(path: "$.snapshot.moves", reason: "not a legal sequence of moves")
        }
        self.init(seats: 2, seed: 0, options: options, nowMilliseconds: nowMilliseconds)
        self.board = board
        moves = snapshot.moves
        outcome = snapshot.outcome
        turn = outcome == nil ? Seat(moves.count % 2) : nil
        if outcome == nil {
            guard !board.hasFourInARow(Seat(0)), !board.hasFourInARow(Seat(1)), !board.isFull else {
                throw .invalidValue(path: "$.snapshot.outcome", reason: "a finished board without an outcome")
            }
            if options.moveClockMilliseconds != nil {
                guard let remaining = snapshot.remainingMilliseconds else {
                    throw .missingKey(path: "$.snapshot.remaining")
                }
                deadlineMilliseconds = nowMilliseconds + remaining
            }
        } else {
            deadlineMilliseconds = nil
        }
    }
}

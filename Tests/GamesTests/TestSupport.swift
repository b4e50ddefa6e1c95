import Games

extension Result {
    /// The failure, or `nil` on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    /// The success value, or `nil` on failure.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}

/// Plays `columns` alternately from seat 0 on an untimed board, every move required to be accepted.
func connectFour(playing columns: [Int], options: ConnectFourOptions = ConnectFourOptions(moveClockMilliseconds: nil))
    -> (game: ConnectFour, lastUpdates: [ConnectFourUpdate])
{
    var game = ConnectFour(options: options)
    var last: [ConnectFourUpdate] = []
    for (index, column) in columns.enumerated() {
        switch game.apply(ConnectFourMove(column: column), from: Seat(index % 2), nowMilliseconds: 0) {
        case .success(let updates): last = updates
        case .failure(let rejection): preconditionFailure("move \(index) (column \(column)) rejected: \(rejection)")
        }
    }
    return (game, last)
}

extension CyclesOptions {
    /// Options for tests: no countdown, a long round, the given grid.
    static func test(width: Int = 16, height: Int = 16, roundMilliseconds: Int64 = 180_000) -> CyclesOptions {
        CyclesOptions(width: width, height: height, roundTimeLimitMilliseconds: roundMilliseconds, countdownMilliseconds: 0)
    }
}

/// A head for a custom spawn list.
func spawn(_ seat: Int, _ x: Int, _ y: Int, _ heading: CyclesDirection) -> CycleHead {
    CycleHead(seat: Seat(seat), x: x, y: y, heading: heading)
}

extension Cycles {
    /// Advances `ticks` times and returns every update, in order.
    mutating func run(ticks: Int) -> [CyclesUpdate] {
        var updates: [CyclesUpdate] = []
        for _ in 0..<ticks { updates += advance(nowMilliseconds: 0) }
        return updates
    }

    /// Turns `seat`, requiring the turn to be accepted.
    mutating func turn(_ seat: Int, _ move: CyclesMove) {
        let result = apply(move, from: Seat(seat), nowMilliseconds: 0)
        precondition(result.success != nil, "turn rejected: \(String(describing: result.failure))")
    }

    /// The head of `seat`'s cycle.
    func head(_ seat: Int) -> CycleHead { heads[seat] }
}

extension CyclesUpdate {
    /// The tick, when this is one.
    var tick: CyclesTick? {
        if case .tick(let tick) = self { return tick }
        return nil
    }

    /// The outcome, when this ends the round.
    var outcome: GameOutcome? {
        if case .ended(let outcome) = self { return outcome }
        return nil
    }
}

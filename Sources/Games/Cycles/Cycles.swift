/// Cycles (light cycles): 2–8 cycles ride a grid at one cell per tick, each leaving a wall on every
/// cell it passes; the last one riding wins.
///
/// Rules, per tick (`advance`), all cycles at once:
/// 1. Each riding cycle takes at most one queued turn, then aims at the next cell in its heading.
/// 2. A cycle crashes when that cell is off the grid (`.border`), already a wall of any trail, its own
///    included (`.trail`), or the target of another cycle this tick (`.headOn`, all of them crash).
///    Two cycles swapping cells crash too: each rides into the other's wall.
/// 3. The others move; their new cells become walls. Crashed cycles stay where they were and their
///    trails stay on the grid.
/// 4. One cycle left: it wins (`.lastStanding`). None left: a draw among those that crashed in this
///    tick (`.allCrashed`). After `options.roundTicks` movement ticks with several riding: a draw
///    among the survivors (`.timeLimit`); every survivor has moved every tick, so all survivors'
///    trails are equally long and "longest trail wins" could never pick one.
///
/// Turns (`apply`): `.left`/`.right` are relative to the heading the cycle will have after the turns
/// already queued; an absolute heading equal to it is accepted and ignored, its reverse is illegal.
/// Turns queue, at most `maxPendingTurns` deep, and one is taken per tick. Queueing, not replacing:
/// two presses inside one 50 ms tick (left, left: a U-turn) are what the player meant, and replacing
/// would silently drop the first. Turns sent during the countdown are taken from the first movement tick.
///
/// Spawns: see `spawns(seats:seed:options:)`: on an inset ring, heading out, so every cycle has a
/// quarter of the grid ahead and no two straight paths cross.
///
/// Cost: a movement tick allocates only its update (the returned array and the head list, a crash
/// list when someone crashes), a countdown tick nothing; it walks the cycles three times and reads
/// one grid cell per rider, the grid being a flat `[UInt8]` of owner seat + 1. Measured with a
/// release build (`-O -wmo`) ticking 1,000 bot-steered 4-seat games on 64×64 on the shared 2-core
/// development machine: 0.4–0.6 µs per game-tick typed, 1.9–2.7 µs through `AnyGame` with the
/// update built as `GameValue`. 1,000 games at 20 Hz thus take about 1% of a core typed, 4–5% erased.
public struct Cycles: GameRules, Hashable {
    public typealias Move = CyclesMove
    public typealias Update = CyclesUpdate
    public typealias Snapshot = CyclesSnapshot

    public static let kind = GameKind.cycles

    /// Milliseconds per tick.
    public static let tickIntervalMilliseconds: Int64 = 50

    /// How many turns a cycle may have queued.
    public static let maxPendingTurns = 2

    public let options: CyclesOptions
    public let seatCount: Int

    /// Walls, row-major, `width * height` cells of owner seat + 1 (0: empty).
    public internal(set) var grid: [UInt8]
    /// Every seat's cycle, by seat.
    var cycles: [Cycle]
    /// Ticks so far, countdown included.
    public internal(set) var tick = 0
    /// Cycles still riding.
    public internal(set) var ridingCount: Int
    /// Elimination events so far (a tick's crashes are one event); orders the placements.
    var eliminations = 0
    public internal(set) var movesPlayed = 0
    public internal(set) var outcome: GameOutcome?

    /// A round with `seats` cycles spawned from `seed` (see `spawns(seats:seed:options:)`).
    public init(seats: Int, seed: UInt64, options: CyclesOptions, nowMilliseconds: Int64) {
        self.init(spawns: Self.spawns(seats: seats, seed: seed, options: options), options: options)
    }

    /// A round whose cycles start at `spawns` (by seat, one per seat), for tests, tools and custom
    /// arenas; the cells must be distinct and on the grid.
    public init(spawns: [CycleHead], options: CyclesOptions) {
        precondition(Self.kind.seatRange.contains(spawns.count), "Cycles takes 2 to 8 seats")
        self.options = options
        seatCount = spawns.count
        ridingCount = spawns.count
        grid = [UInt8](repeating: 0, count: options.width * options.height)
        cycles = []
        for (index, spawn) in spawns.enumerated() {
            precondition(spawn.seat == Seat(index), "spawns must be listed by seat")
            precondition((0..<options.width).contains(spawn.x) && (0..<options.height).contains(spawn.y), "spawn off the grid")
            precondition(grid[spawn.y * options.width + spawn.x] == 0, "two spawns on one cell")
            cycles.append(Cycle(x: spawn.x, y: spawn.y, heading: spawn.heading))
            grid[spawn.y * options.width + spawn.x] = UInt8(index + 1)
        }
    }

    /// A round with default or given options, for tests and tools.
    public init(seats: Int, seed: UInt64, options: CyclesOptions = CyclesOptions()) {
        self.init(seats: seats, seed: seed, options: options, nowMilliseconds: 0)
    }

    /// Real-time: the server ticks it; nothing waits on a deadline.
    public var nextDeadlineMilliseconds: Int64? { nil }

    /// The seat owning the wall at `x`, `y`, or `nil` for an empty cell.
    public func wallOwner(x: Int, y: Int) -> Seat? {
        let owner = grid[y * options.width + x]
        return owner == 0 ? nil : Seat(Int(owner) - 1)
    }

    /// Every cycle's head (riding or not), by seat.
    public var heads: [CycleHead] {
        cycles.indices.map { CycleHead(seat: Seat($0), x: cycles[$0].x, y: cycles[$0].y, heading: cycles[$0].heading) }
    }

    /// Whether `seat`'s cycle is still riding.
    public func isRiding(_ seat: Seat) -> Bool { cycles[seat.index].isRiding }

    /// The turns `seat` has queued, as the headings they lead to, oldest first.
    public func pendingHeadings(of seat: Seat) -> [CyclesDirection] { cycles[seat.index].pending.headings }

    public mutating func apply(_ move: CyclesMove, from seat: Seat, nowMilliseconds: Int64)
        -> Result<[CyclesUpdate], MoveRejection>
    {
        guard seat.index < seatCount else { return .failure(.notAPlayer) }
        guard outcome == nil else { return .failure(.gameOver) }
        guard cycles[seat.index].isRiding else { return .failure(.eliminated) }
        let current = cycles[seat.index].pending.last ?? cycles[seat.index].heading
        let wanted = move.resolved(against: current)
        if wanted == current { return .success([]) }
        guard wanted != current.reversed else {
            return .failure(.illegalMove("a cycle cannot reverse from \(current.name) to \(wanted.name)"))
        }
        guard cycles[seat.index].pending.count < Self.maxPendingTurns else { return .failure(.tooManyPendingMoves) }
        cycles[seat.index].pending.push(wanted)
        movesPlayed += 1
        return .success([])
    }

    /// One tick. Countdown ticks change nothing and send nothing.
    public mutating func advance(nowMilliseconds: Int64) -> [CyclesUpdate] {
        guard outcome == nil else { return [] }
        tick += 1
        let movementTick = tick - options.countdownTicks
        guard movementTick > 0 else { return [] }

        let crashes = moveCycles()
        var heads: [CycleHead] = []
        heads.reserveCapacity(ridingCount)
        for index in cycles.indices where cycles[index].isRiding {
            // Field by field: copying a whole `Cycle` would retain and release its `bends` array.
            heads.append(CycleHead(seat: Seat(index), x: cycles[index].x, y: cycles[index].y, heading: cycles[index].heading))
        }
        let update = CyclesUpdate.tick(CyclesTick(tick: tick, heads: heads, crashes: crashes))

        if ridingCount == 0 {
            return [update, end(.draw, reason: .allCrashed)]
        } else if ridingCount == 1, let winner = cycles.firstIndex(where: \.isRiding) {
            return [update, end(.win(Seat(winner)), reason: .lastStanding)]
        } else if movementTick >= options.roundTicks {
            return [update, end(.draw, reason: .timeLimit)]
        }
        return [update]
    }

    public mutating func forfeit(_ seat: Seat, nowMilliseconds: Int64) -> [CyclesUpdate] {
        precondition(seat.index < seatCount, "forfeit by a seat the game does not have")
        guard outcome == nil, cycles[seat.index].isRiding else { return [] }
        eliminations += 1
        cycles[seat.index].eliminate(inEvent: eliminations)
        ridingCount -= 1
        let crash = CyclesUpdate.eliminated(CyclesCrash(seat: seat, cause: .forfeit))
        if ridingCount == 1, let winner = cycles.firstIndex(where: \.isRiding) {
            return [crash, end(.win(Seat(winner)), reason: .forfeit)]
        }
        return [crash]
    }

    public mutating func abort() -> [CyclesUpdate] {
        guard outcome == nil else { return [] }
        outcome = GameOutcome(verdict: .aborted, reason: .aborted, placements: [])
        return [.ended(outcome!)]
    }

    /// Moves every riding cycle one cell (rules 1–3) and returns this tick's crashes, by seat.
    private mutating func moveCycles() -> [CyclesCrash] {
        let width = options.width
        let height = options.height
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: cycles.count) { targets in
            // Rule 1: take a queued turn and aim; -1 marks a target off the grid or a crashed cycle.
            for index in cycles.indices {
                guard cycles[index].isRiding else {
                    targets[index] = Self.noTarget
                    continue
                }
                cycles[index].takeQueuedTurn()
                let heading = cycles[index].heading
                let (x, y) = (cycles[index].x + heading.dx, cycles[index].y + heading.dy)
                targets[index] = x >= 0 && x < width && y >= 0 && y < height ? y * width + x : Self.offGrid
            }
            // Rule 2: decide every crash before anyone moves, so the order of seats cannot matter.
            var crashes: [CyclesCrash] = []
            for index in cycles.indices where targets[index] != Self.noTarget {
                let target = targets[index]
                if target == Self.offGrid {
                    crashes.append(CyclesCrash(seat: Seat(index), cause: .border))
                } else if grid[target] != 0 {
                    crashes.append(CyclesCrash(seat: Seat(index), cause: .trail(Seat(Int(grid[target]) - 1))))
                } else if Self.isShared(target, by: index, in: targets) {
                    crashes.append(CyclesCrash(seat: Seat(index), cause: .headOn))
                }
            }
            // Rule 3: the crashed stay, the others move and leave a wall.
            if !crashes.isEmpty {
                eliminations += 1
                for crash in crashes { cycles[crash.seat.index].eliminate(inEvent: eliminations) }
                ridingCount -= crashes.count
            }
            for index in cycles.indices where cycles[index].isRiding {
                let target = targets[index]
                grid[target] = UInt8(index + 1)
                cycles[index].x = target % width
                cycles[index].y = target / width
            }
            return crashes
        }
    }

    private static let noTarget = -1
    private static let offGrid = -2

    /// Whether another cycle than `index` aims at `target`.
    private static func isShared(_ target: Int, by index: Int, in targets: UnsafeMutableBufferPointer<Int>) -> Bool {
        for other in targets.indices where other != index && targets[other] == target { return true }
        return false
    }

    /// Ends the round: survivors first, then the crashed by elimination, latest first.
    private mutating func end(_ verdict: GameOutcome.Verdict, reason: GameEndReason) -> CyclesUpdate {
        var placements: [[Seat]] = []
        let riding = cycles.indices.filter { cycles[$0].isRiding }.map(Seat.init)
        if !riding.isEmpty { placements.append(riding) }
        for event in stride(from: eliminations, through: 1, by: -1) {
            let group = cycles.indices.filter { cycles[$0].eliminatedAt == event }.map(Seat.init)
            if !group.isEmpty { placements.append(group) }
        }
        let outcome = GameOutcome(verdict: verdict, reason: reason, placements: placements)
        self.outcome = outcome
        return .ended(outcome)
    }
}

/// One seat's cycle inside `Cycles`.
struct Cycle: Hashable, Sendable {
    /// Column of the head.
    var x: Int
    /// Row of the head.
    var y: Int
    /// The heading it moves in next tick (before queued turns).
    var heading: CyclesDirection
    /// Turns waiting for the next ticks.
    var pending = PendingTurns()
    /// The elimination event that took it out; `nil` while riding.
    var eliminatedAt: Int?
    /// Flat `x, y` pairs of the spawn cell and every cell where it turned; the head is not included.
    var bends: [Int]

    init(x: Int, y: Int, heading: CyclesDirection) {
        self.x = x
        self.y = y
        self.heading = heading
        bends = [x, y]
    }

    /// Whether it is still riding.
    var isRiding: Bool { eliminatedAt == nil }

    /// Takes the oldest queued turn, recording the bend.
    mutating func takeQueuedTurn() {
        guard let turn = pending.pop(), turn != heading else { return }
        bends.append(x)
        bends.append(y)
        heading = turn
    }

    /// Takes the cycle out of the round in elimination event `event`. A bend taken in the crash tick
    /// led nowhere, so it is dropped: the bends then end at the head only for a cycle that never left
    /// its spawn, which keeps `trailPoints` and a restored cycle exactly equal to this one.
    mutating func eliminate(inEvent event: Int) {
        eliminatedAt = event
        pending = PendingTurns()
        if bends.count > 2 && bends[bends.count - 2] == x && bends[bends.count - 1] == y {
            bends.removeLast(2)
        }
    }

    /// The trail as a polyline: the bends, then the head unless the last bend is the head already.
    var trailPoints: [Int] {
        if bends[bends.count - 2] == x && bends[bends.count - 1] == y { return bends }
        return bends + [x, y]
    }
}

/// A FIFO of at most two headings, stored inline so queueing a turn never allocates.
struct PendingTurns: Hashable, Sendable {
    private var first: CyclesDirection?
    private var second: CyclesDirection?

    /// How many turns are queued.
    var count: Int { first == nil ? 0 : second == nil ? 1 : 2 }

    /// The newest queued heading.
    var last: CyclesDirection? { second ?? first }

    /// The queued headings, oldest first.
    var headings: [CyclesDirection] { [first, second].compactMap { $0 } }

    /// Queues `heading`; the queue must not be full.
    mutating func push(_ heading: CyclesDirection) {
        if first == nil {
            first = heading
        } else {
            precondition(second == nil, "turn queue full")
            second = heading
        }
    }

    /// Takes the oldest heading.
    mutating func pop() -> CyclesDirection? {
        let oldest = first
        first = second
        second = nil
        return oldest
    }
}

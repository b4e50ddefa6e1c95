import Reactor

/// Drives a shard's real-time games at their tick rate, spread evenly over the tick interval.
///
/// Games are placed in `slotCount` slots, each the least loaded at the time; one timer fires per
/// slot (every 50 ms / 10 = 5 ms for Cycles), so a thousand games tick a hundred at a time instead
/// of all at once. A game's tick runs when its slot comes up; how late that is against the slot's
/// schedule is the tick lag recorded in `roost_game_tick_lag_seconds`.
///
/// The schedule is fixed (slot k of round n at start + n·interval + k·interval/slots): a late
/// slot does not push the next one back. A loop that falls more than `maxBehind` intervals behind
/// skips ahead and counts the skipped ticks, rather than replaying a burst of stale ticks.
final class TickWheel {
    static let slotCount = 10
    static let maxBehind: Int64 = 4

    /// The shard that owns this object. `unowned(unsafe)`: a shard lives as long as its server
    /// and owns everything that points back to it, and a checked `unowned` costs an atomic
    /// retain on every access (9 % of the CPU at 500 Cycles games, LoadTests/README.md).
    unowned(unsafe) let shard: Shard
    private let intervalNanoseconds: Int64
    private var slots: [[HostedGame]]
    private var slotOf: [ObjectIdentifier: Int] = [:]
    private var timer: TimerID?
    private var nextSlot = 0
    private var nextDeadline: Int64 = 0
    private var lags = Histogram.tickLag
    private var gamesCount = 0

    init(shard: Shard, intervalMilliseconds: Int64 = 50) {
        self.shard = shard
        intervalNanoseconds = intervalMilliseconds * 1_000_000
        slots = Array(repeating: [], count: Self.slotCount)
    }

    private var slotNanoseconds: Int64 { intervalNanoseconds / Int64(Self.slotCount) }

    /// Starts ticking `game` (its first tick one interval from now, give or take a slot).
    func add(_ game: HostedGame) {
        guard slotOf[ObjectIdentifier(game)] == nil else { return }
        let slot = slots.indices.min { slots[$0].count < slots[$1].count }!
        slots[slot].append(game)
        slotOf[ObjectIdentifier(game)] = slot
        gamesCount += 1
        if timer == nil {
            nextSlot = 0
            nextDeadline = MonotonicInstant.now().nanoseconds + slotNanoseconds
            arm()
        }
    }

    /// Stops ticking `game`.
    func remove(_ game: HostedGame) {
        guard let slot = slotOf.removeValue(forKey: ObjectIdentifier(game)) else { return }
        slots[slot].removeAll { $0 === game }
        gamesCount -= 1
    }

    private func arm() {
        timer = shard.loop.schedule(at: MonotonicInstant(nanoseconds: nextDeadline)) { [self] in fire() }
    }

    private func fire() {
        timer = nil
        let deadline = nextDeadline
        // Copy: a tick may end its game, which removes it from the slot.
        for game in slots[nextSlot] {
            lags.record(nanoseconds: MonotonicInstant.now().nanoseconds - deadline)
            game.tick()
        }
        nextSlot = (nextSlot + 1) % Self.slotCount
        nextDeadline = deadline + slotNanoseconds
        let now = MonotonicInstant.now().nanoseconds
        if now - nextDeadline > Self.maxBehind * intervalNanoseconds {
            let behind = (now - nextDeadline) / slotNanoseconds
            shard.node.metrics.ticksSkipped.add(Int(behind) * max(1, gamesCount) / Self.slotCount)
            nextDeadline += behind * slotNanoseconds
            nextSlot = (nextSlot + Int(behind % Int64(Self.slotCount))) % Self.slotCount
        }
        if nextSlot == 0 { publish() }
        if gamesCount > 0 { arm() } else { publish() }
    }

    /// Hands the lags seen since the last call to the metrics (the shard's gauges go once a
    /// second from `Shard.start`, not with every round of ticks: they walk every game).
    func publish() {
        shard.node.metrics.publish(loop: shard.index) { $0.tickLag.absorb(&lags) }
    }
}

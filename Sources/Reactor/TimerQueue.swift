/// Identifies a scheduled timer so it can be cancelled.
public struct TimerID: Hashable, Sendable {
    let value: UInt64
}

/// The timers of one event loop: a binary min-heap ordered by deadline, then by
/// scheduling order (so timers with equal deadlines fire first-in, first-out).
///
/// Cancellation is lazy: a cancelled id leaves the set of live ids and its
/// entry is skipped when it reaches the top. Connections reschedule their single timeout timer only
/// when it fires (they compare against their last activity), so the heap holds
/// about one entry per connection, never one per message.
struct TimerQueue {
    private struct Entry {
        var deadline: MonotonicInstant
        var id: UInt64
        var action: () -> Void
    }

    private var heap: [Entry] = []
    private var live: Set<UInt64> = []
    private var nextID: UInt64 = 1

    var isEmpty: Bool { live.isEmpty }

    /// The deadline of the earliest live timer, if any.
    mutating func earliestDeadline() -> MonotonicInstant? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    mutating func schedule(at deadline: MonotonicInstant, _ action: @escaping () -> Void) -> TimerID {
        let id = nextID
        nextID += 1
        live.insert(id)
        heap.append(Entry(deadline: deadline, id: id, action: action))
        siftUp(heap.count - 1)
        return TimerID(value: id)
    }

    mutating func cancel(_ timer: TimerID) {
        live.remove(timer.value)
    }

    /// Removes and returns the action of the earliest timer due at `now`, if any.
    mutating func popDue(now: MonotonicInstant) -> (() -> Void)? {
        dropCancelledTop()
        guard let top = heap.first, top.deadline <= now else { return nil }
        live.remove(top.id)
        return removeTop().action
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, !live.contains(top.id) {
            _ = removeTop()
        }
    }

    private mutating func removeTop() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return top
    }

    private func orderedBefore(_ a: Int, _ b: Int) -> Bool {
        let x = heap[a], y = heap[b]
        return x.deadline < y.deadline || (x.deadline == y.deadline && x.id < y.id)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard orderedBefore(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, orderedBefore(left, smallest) { smallest = left }
            if right < heap.count, orderedBefore(right, smallest) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

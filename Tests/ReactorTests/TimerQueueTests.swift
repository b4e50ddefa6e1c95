import Testing
@testable import Reactor

@Suite struct TimerQueueTests {
    @Test func timersFireInDeadlineOrderThenSchedulingOrder() {
        var queue = TimerQueue()
        var fired: [Int] = []
        let base = MonotonicInstant(nanoseconds: 1_000)
        for (index, offset) in [30, 10, 20, 10, 0].enumerated() {
            _ = queue.schedule(at: MonotonicInstant(nanoseconds: base.nanoseconds + Int64(offset))) { fired.append(index) }
        }
        while let action = queue.popDue(now: MonotonicInstant(nanoseconds: 10_000)) { action() }
        #expect(fired == [4, 1, 3, 2, 0])
        #expect(queue.isEmpty)
    }

    @Test func nothingIsDueBeforeItsDeadline() {
        var queue = TimerQueue()
        _ = queue.schedule(at: MonotonicInstant(nanoseconds: 500)) {}
        #expect(queue.popDue(now: MonotonicInstant(nanoseconds: 499)) == nil)
        #expect(queue.earliestDeadline() == MonotonicInstant(nanoseconds: 500))
        #expect(queue.popDue(now: MonotonicInstant(nanoseconds: 500)) != nil)
    }

    @Test func cancelledTimersNeverFireAndDoNotCount() {
        var queue = TimerQueue()
        var fired: [Int] = []
        let first = queue.schedule(at: MonotonicInstant(nanoseconds: 1)) { fired.append(1) }
        _ = queue.schedule(at: MonotonicInstant(nanoseconds: 2)) { fired.append(2) }
        queue.cancel(first)
        queue.cancel(first)
        #expect(queue.earliestDeadline() == MonotonicInstant(nanoseconds: 2))
        while let action = queue.popDue(now: MonotonicInstant(nanoseconds: 100)) { action() }
        #expect(fired == [2])
        #expect(queue.isEmpty)
    }

    @Test func cancellingAFiredTimerIsHarmless() {
        var queue = TimerQueue()
        let id = queue.schedule(at: MonotonicInstant(nanoseconds: 1)) {}
        queue.popDue(now: MonotonicInstant(nanoseconds: 1))?()
        queue.cancel(id)
        #expect(queue.isEmpty)
    }

    @Test func manyRandomTimersComeOutSorted() {
        var queue = TimerQueue()
        var generator = SystemRandomNumberGenerator()
        var deadlines: [Int64] = []
        var fired: [Int64] = []
        for _ in 0..<5000 {
            let deadline = Int64.random(in: 0..<1_000_000, using: &generator)
            deadlines.append(deadline)
            _ = queue.schedule(at: MonotonicInstant(nanoseconds: deadline)) { fired.append(deadline) }
        }
        while let action = queue.popDue(now: MonotonicInstant(nanoseconds: .max)) { action() }
        #expect(fired == deadlines.sorted())
    }
}

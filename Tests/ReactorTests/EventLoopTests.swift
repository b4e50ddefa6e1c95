import Glibc
import Synchronization
import Testing
import Reactor

@Suite struct EventLoopTests {
    @Test func executeRunsTasksOnTheLoopThreadInOrder() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let seen = Mutex<[Int]>([])
        let done = Latch(count: 100)
        for index in 0..<100 {
            loop.execute {
                precondition(loop.inLoop)
                seen.withLock { $0.append(index) }
                done.countDown()
            }
        }
        done.wait()
        #expect(seen.withLock { $0 } == Array(0..<100))
        #expect(!loop.inLoop)
    }

    @Test func timersFireAfterTheirDelayAndCancelledOnesDoNot() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let fired = Mutex<[String]>([])
        let done = Latch(count: 1)
        let start = MonotonicInstant.now()
        let elapsed = Mutex<Duration>(.zero)
        loop.execute {
            let cancelled = loop.schedule(after: .milliseconds(20)) { fired.withLock { $0.append("cancelled") } }
            loop.schedule(after: .milliseconds(50)) {
                elapsed.withLock { $0 = MonotonicInstant.now() - start }
                fired.withLock { $0.append("late") }
                done.countDown()
            }
            loop.schedule(after: .milliseconds(10)) { fired.withLock { $0.append("early") } }
            loop.cancel(cancelled)
        }
        done.wait()
        #expect(fired.withLock { $0 } == ["early", "late"])
        #expect(elapsed.withLock { $0 } >= .milliseconds(50))
    }

    @Test func aRegisteredPipeReportsReadableAndDeregisteredOneIsSilent() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let readEnd = fds[0]
        let handler = CountingHandler()
        let registered = Latch(count: 1)
        nonisolated(unsafe) var registration: Registration?
        loop.execute {
            registration = try? loop.register(fd: readEnd, interest: .readable, handler: handler)
            registered.countDown()
        }
        registered.wait()
        #expect(registration != nil)
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
        #expect(handler.waitForCount(1))
        let removed = Latch(count: 1)
        loop.execute {
            loop.deregister(registration!)
            removed.countDown()
        }
        removed.wait()
        let before = handler.count.withLock { $0 }
        _ = write(fds[1], &byte, 1)
        usleep(50_000)
        #expect(handler.count.withLock { $0 } == before)
    }
}

final class CountingHandler: EventHandler, @unchecked Sendable {
    let count = Mutex(0)
    func handleReadiness(_ readiness: Readiness) {
        count.withLock { $0 += 1 }
    }
    func waitForCount(_ wanted: Int) -> Bool {
        for _ in 0..<1000 {
            if count.withLock({ $0 }) >= wanted { return true }
            usleep(2_000)
        }
        return false
    }
}

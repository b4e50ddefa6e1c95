import CShims
import Glibc
import Synchronization

/// One epoll event loop on one thread: it owns the file descriptors registered
/// with it, their handlers, its timers and its shared I/O buffers.
///
/// Everything but `execute(_:)` and `stop()` must be called on the loop's own
/// thread; that ownership is what lets connections and games run without
/// locks. Other threads hand work to the loop with `execute(_:)`, which queues
/// the closure and wakes the loop through an eventfd.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: every mutable field below is touched only on the loop thread,
    // except `inbox` and `wakePending` (Mutex/Atomic) and `threadID` (Atomic).

    /// Position of this loop in its group (used for names and CPU pinning).
    public let index: Int

    /// The monotonic time read right after the last `epoll_wait` returned.
    /// Handlers use it instead of reading the clock per message.
    public private(set) var now: MonotonicInstant

    /// A receive buffer shared by every connection of this loop. Reads land
    /// here and are parsed in place, so an idle connection holds no buffer.
    public let readBuffer: UnsafeMutableRawBufferPointer

    /// An output staging buffer shared by every connection of this loop.
    /// A connection encodes its replies here and writes them at once; only
    /// bytes the kernel does not take are copied into the connection's own
    /// queue. See `SendQueue`.
    public var scratch: [UInt8] = []

    private let epollFD: Int32
    private let wakeFD: Int32
    private var slots: [Slot] = []
    private var freeSlots: [UInt32] = []
    private var timers = TimerQueue()
    private var stopRequested = false
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let wakePending = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    private var localValues: [ObjectIdentifier: AnyObject] = [:]
    private var eventBuffer: UnsafeMutablePointer<cshims_event>

    private static let wakeData = UInt64.max
    private static let maxEventsPerWait = 256

    private struct Slot {
        var handler: EventHandler?
        var fd: Int32 = -1
        var generation: UInt32 = 0
    }

    /// Creates a loop; `run()` starts it on the calling thread.
    /// - Parameter readBufferBytes: size of the shared receive buffer.
    public init(index: Int = 0, readBufferBytes: Int = 256 * 1024) throws(SystemError) {
        self.index = index
        let epollFD = cshims_epoll_create()
        guard epollFD >= 0 else { throw .current("epoll_create1") }
        let wakeFD = cshims_eventfd()
        guard wakeFD >= 0 else {
            let error = SystemError.current("eventfd")
            close(epollFD)
            throw error
        }
        guard cshims_epoll_add(epollFD, wakeFD, UInt32(CSHIMS_EPOLLIN), Self.wakeData) == 0 else {
            let error = SystemError.current("epoll_ctl add eventfd")
            close(wakeFD)
            close(epollFD)
            throw error
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.now = .now()
        self.readBuffer = .allocate(byteCount: readBufferBytes, alignment: 16)
        self.eventBuffer = .allocate(capacity: Self.maxEventsPerWait)
    }

    deinit {
        readBuffer.deallocate()
        eventBuffer.deallocate()
        close(wakeFD)
        close(epollFD)
    }

    /// True when called on this loop's thread.
    public var inLoop: Bool {
        threadID.load(ordering: .relaxed) == UInt(pthread_self())
    }

    // MARK: Registration

    /// Starts watching `fd` for `interest` and reporting to `handler`.
    /// The loop holds the handler strongly until `deregister`.
    public func register(fd: Int32, interest: Readiness, handler: EventHandler) throws(SystemError) -> Registration {
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = UInt32(slots.count)
            slots.append(Slot())
        }
        slots[Int(slot)].generation &+= 1
        let registration = Registration(slot: slot, generation: slots[Int(slot)].generation)
        guard cshims_epoll_add(epollFD, fd, Self.epollEvents(interest), registration.epollData) == 0 else {
            freeSlots.append(slot)
            throw .current("epoll_ctl add fd \(fd)")
        }
        slots[Int(slot)].handler = handler
        slots[Int(slot)].fd = fd
        return registration
    }

    /// Changes what a registered descriptor is watched for.
    public func setInterest(_ registration: Registration, _ interest: Readiness) {
        let slot = slots[Int(registration.slot)]
        precondition(slot.generation == registration.generation && slot.handler != nil, "stale registration")
        // Failure here means the fd was closed behind the loop's back: a bug.
        let result = cshims_epoll_modify(epollFD, slot.fd, Self.epollEvents(interest), registration.epollData)
        precondition(result == 0, "\(SystemError.current("epoll_ctl mod fd \(slot.fd)"))")
    }

    /// Stops watching the descriptor and releases the handler. The caller
    /// closes the descriptor afterwards. Events already fetched for it in the
    /// current batch are discarded.
    public func deregister(_ registration: Registration) {
        let index = Int(registration.slot)
        guard slots[index].generation == registration.generation, slots[index].handler != nil else { return }
        _ = cshims_epoll_remove(epollFD, slots[index].fd)
        slots[index].handler = nil
        slots[index].fd = -1
        freeSlots.append(registration.slot)
    }

    /// The handlers registered now (for shutdown: close every connection).
    public func registeredHandlers() -> [EventHandler] {
        slots.compactMap(\.handler)
    }

    /// How many descriptors are registered (listeners and connections).
    public var registeredCount: Int { slots.count - freeSlots.count }

    private static func epollEvents(_ interest: Readiness) -> UInt32 {
        // RDHUP lets us see a half-closed peer without another read.
        interest.rawValue | UInt32(CSHIMS_EPOLLRDHUP)
    }

    // MARK: Timers

    /// Runs `action` on this loop once `delay` has passed.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping () -> Void) -> TimerID {
        timers.schedule(at: MonotonicInstant.now() + delay, action)
    }

    /// Runs `action` on this loop at `deadline`.
    @discardableResult
    public func schedule(at deadline: MonotonicInstant, _ action: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, action)
    }

    /// Cancels a timer; cancelling one that already fired does nothing.
    public func cancel(_ timer: TimerID) {
        timers.cancel(timer)
    }

    // MARK: Cross-thread work

    /// Queues `task` to run on this loop's thread; callable from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.append(task) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            _ = cshims_eventfd_signal(wakeFD)
        }
    }

    /// Asks the loop to return from `run()` after the current iteration;
    /// callable from any thread.
    public func stop() {
        execute { [self] in stopRequested = true }
    }

    // MARK: Loop-local values

    /// A value shared by everything on this loop (e.g. one compressor per
    /// thread), created on first use.
    public func localValue<T: AnyObject>(_ type: T.Type, make: () -> T) -> T {
        let key = ObjectIdentifier(type)
        if let existing = localValues[key] { return existing as! T }
        let value = make()
        localValues[key] = value
        return value
    }

    // MARK: Running

    /// Runs the loop on the calling thread until `stop()` is called.
    public func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        defer { threadID.store(0, ordering: .relaxed) }
        now = .now()
        while !stopRequested {
            let count = cshims_epoll_wait_ns(epollFD, eventBuffer, Int32(Self.maxEventsPerWait), waitTimeoutNanoseconds())
            now = .now()
            if count < 0 {
                let error = SystemError.current("epoll_wait")
                precondition(error.errno == EINTR, "\(error)")
                continue
            }
            for i in 0..<Int(count) {
                dispatch(eventBuffer[i])
            }
            runDueTimers()
        }
        runInbox()
    }

    private func dispatch(_ event: cshims_event) {
        if event.data == Self.wakeData {
            _ = cshims_eventfd_drain(wakeFD)
            wakePending.store(false, ordering: .releasing)
            runInbox()
            return
        }
        let index = Int(truncatingIfNeeded: event.data & 0xFFFF_FFFF)
        let generation = UInt32(truncatingIfNeeded: event.data >> 32)
        guard index < slots.count, slots[index].generation == generation,
            let handler = slots[index].handler
        else { return }
        handler.handleReadiness(Readiness(rawValue: event.events))
    }

    private func runInbox() {
        let tasks = inbox.withLock { tasks -> [@Sendable () -> Void] in
            let taken = tasks
            tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in tasks { task() }
    }

    private func runDueTimers() {
        // Bounded so a timer that reschedules itself for "now" cannot starve I/O.
        var budget = 4096
        while budget > 0, let action = timers.popDue(now: now) {
            action()
            budget -= 1
        }
    }

    /// How long `epoll` may sleep: until the earliest timer, to the nanosecond (the kernel adds
    /// its timer slack, about 50 µs). Rounding to whole milliseconds, as `epoll_wait` needs, made
    /// game ticks run 0.5–1 ms late on an idle server (LoadTests/README.md, tick probe).
    private func waitTimeoutNanoseconds() -> Int64 {
        if stopRequested { return 0 }
        guard let deadline = timers.earliestDeadline() else { return -1 }
        let remaining = deadline.nanoseconds - MonotonicInstant.now().nanoseconds
        if remaining <= 0 { return 0 }
        return min(remaining, 60_000_000_000)
    }
}

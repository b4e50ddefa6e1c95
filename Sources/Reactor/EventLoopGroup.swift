import CShims
import Glibc
import Synchronization

/// A fixed set of event loops, each running on its own thread.
///
/// One loop per core is the intended shape: each loop owns its connections
/// outright, and listeners opened with `SO_REUSEPORT` let the kernel spread
/// new connections across loops.
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let threads: Mutex<[pthread_t]>
    private let nextLoop = Atomic<Int>(0)

    /// Starts `loopCount` loops on new threads.
    /// - Parameters:
    ///   - name: thread name prefix, shown by `top -H`.
    ///   - pinToCPUs: pin loop *i* to CPU *i mod nproc* (for benchmarks).
    public init(loopCount: Int, name: String = "roost-loop", pinToCPUs: Bool = false) throws(SystemError) {
        precondition(loopCount > 0, "an EventLoopGroup needs at least one loop")
        var loops: [EventLoop] = []
        for index in 0..<loopCount {
            loops.append(try EventLoop(index: index))
        }
        self.loops = loops
        var threads: [pthread_t] = []
        let cpus = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        for loop in loops {
            let start = LoopStart(loop: loop, name: "\(name)-\(loop.index)", cpu: pinToCPUs ? loop.index % cpus : nil)
            var thread = pthread_t()
            let box = Unmanaged.passRetained(start).toOpaque()
            let result = pthread_create(&thread, nil, { raw in
                let start = Unmanaged<LoopStart>.fromOpaque(raw!).takeRetainedValue()
                start.name.withCString { cshims_set_thread_name($0) }
                if let cpu = start.cpu { _ = cshims_pin_thread_to_cpu(Int32(cpu)) }
                start.loop.run()
                return nil
            }, box)
            guard result == 0 else {
                Unmanaged<LoopStart>.fromOpaque(box).release()
                throw SystemError(errno: result, operation: "pthread_create")
            }
            threads.append(thread)
        }
        self.threads = Mutex(threads)
    }

    /// The loops in turn, for spreading work that has no natural owner.
    public func next() -> EventLoop {
        loops[nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop after its current iteration and waits for the threads
    /// to end. Callers close their connections first (see the server's
    /// graceful shutdown); this only ends the threads.
    public func shutdown() {
        for loop in loops { loop.stop() }
        let threads = self.threads.withLock { threads in
            let taken = threads
            threads.removeAll()
            return taken
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    deinit { shutdown() }
}

private final class LoopStart {
    let loop: EventLoop
    let name: String
    let cpu: Int?

    init(loop: EventLoop, name: String, cpu: Int?) {
        self.loop = loop
        self.name = name
        self.cpu = cpu
    }
}

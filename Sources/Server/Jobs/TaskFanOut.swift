import Reactor
import Synchronization

/// Why a task produced no result.
struct TaskFailure: Error, Equatable, Sendable, CustomStringConvertible {
    let reason: String
    var description: String { reason }

    /// The fan-out or request was cancelled by its owner.
    static let cancelled = TaskFailure(reason: "cancelled")
}

/// A task's result bytes, or why there are none.
typealias TaskOutcome = Result<[UInt8], TaskFailure>

/// Runs one task of a kind: called on the "roost-tasks" worker thread with the payload and the
/// requesting node's name; calls `reply` exactly once, from any thread.
typealias TaskHandler = @Sendable (_ payload: [UInt8], _ from: String, _ reply: @escaping @Sendable (TaskOutcome) -> Void) -> Void

/// Named tasks run on the cluster's live nodes: a request/reply primitive (`request`), the same
/// request to every node (`each`), and a fan-out that spreads many payloads round-robin over the
/// live nodes including this one (`run`), re-dispatching the tasks of a node that leaves, dies,
/// refuses or does not answer in time, and completing with every result in order.
///
/// **Threading.** Owned by the cluster loop (`loop`): every method but `register` runs there, and
/// completions are called there. Handlers run on a worker thread of its own ("roost-tasks"), never
/// on the cluster loop (which must answer probes) nor a game loop (which must tick): a task may
/// take seconds.
///
/// **Size.** Requests and replies of any size travel in parts that fit the link's frame payload
/// (`TaskFanOutMessage`), paced so the link's queue to a peer stays under `sendWindowBytes` (a
/// queue past the link's cap drops the link, see `ClusterConnection.sendData`).
///
/// **Delivery.** At-least-once per task and fan-out: a task re-dispatched after a timeout may run
/// twice; the first result wins. Handlers are meant to be pure (`RatingChunkInput.rated()`).
final class TaskFanOut: @unchecked Sendable {
    // @unchecked: everything mutable is confined to `loop` (checked by preconditions) except
    // `handlers`, which is behind a mutex.

    /// What the fan-out needs of the cluster link; every closure is called on `loop`.
    struct Transport {
        /// This node's name: tasks for it run on the worker directly.
        var localName: String
        /// The other live members, sorted.
        var liveMembers: () -> [String]
        /// Queues a payload on the `.tasks` channel; false when it was not queued.
        var send: (_ payload: [UInt8], _ to: String) -> Bool
        /// Bytes queued to a peer and not yet taken by the kernel; nil without a link.
        var queuedBytes: (_ peer: String) -> Int?
        /// The link's largest frame payload (`ClusterLinkConfiguration.maxPayloadBytes`).
        var maxPayloadBytes: Int
    }

    /// Counters, read on `loop` (tests, diagnostics).
    struct Counters: Equatable {
        var requestsSent = 0
        var tasksServed = 0
        var tasksRunLocally = 0
        /// Tasks of a fan-out sent again after their node failed them.
        var tasksRedispatched = 0
        var requestsTimedOut = 0
        var requestsLostToDepartures = 0
        var decodeErrors = 0
        var reassemblyRefusals = 0
    }

    let loop: EventLoop
    private let workerGroup: EventLoopGroup
    /// The worker thread tasks run on.
    var worker: EventLoop { workerGroup.loops[0] }
    private let transport: Transport
    private let handlers = Mutex<[String: TaskHandler]>([:])
    /// Called on `loop` for every undecodable message (the node's `clusterDecodeErrors`).
    var onDecodeError: () -> Void = {}
    private(set) var counters = Counters()

    /// How long a remote task may take before it is given to another node (a tunable).
    var requestTimeout: Duration = .seconds(30)
    /// Most tries of one task of a fan-out before the whole fan-out fails.
    var maxAttemptsPerTask = 8
    /// Bytes a peer's link queue may hold before more parts wait (well under the link's 16 MiB cap).
    var sendWindowBytes = 4 << 20

    private struct PendingRequest {
        let node: String
        let timer: TimerID?
        let completion: (TaskOutcome) -> Void
    }

    private struct FanOut {
        let kind: String
        let payloads: [[UInt8]]
        let timeout: Duration
        var results: [[UInt8]?]
        var remaining: Int
        var attempts: [Int]
        let completion: (Result<[[UInt8]], TaskFailure>) -> Void
    }

    private var nextID: UInt64 = 1
    private var pending: [UInt64: PendingRequest] = [:]
    private var fanOuts: [UInt64: FanOut] = [:]
    private var reassembly = TaskReassembly()
    private var outbox: [String: [[UInt8]]] = [:]
    private var flushScheduled: Set<String> = []

    init(loop: EventLoop, transport: Transport) throws(SystemError) {
        precondition(transport.maxPayloadBytes > TaskFanOutMessage.partOverheadBytes, "frames too small for task parts")
        self.loop = loop
        self.transport = transport
        workerGroup = try EventLoopGroup(loopCount: 1, name: "roost-tasks")
    }

    /// Bytes of request or reply per part: a frame's payload less the header, within what
    /// `WireReader.data()` accepts.
    var partBytes: Int {
        min(transport.maxPayloadBytes, WireReader.maxDataBytes) - TaskFanOutMessage.partOverheadBytes
    }

    /// Runs `handler` for tasks of `kind` from now on (replacing any earlier one); any thread.
    func register(_ kind: String, _ handler: @escaping TaskHandler) {
        precondition((1...TaskFanOutMessage.maxKindBytes).contains(kind.utf8.count), "task kinds are 1...64 bytes")
        handlers.withLock { $0[kind] = handler }
    }

    /// Stops the worker; tasks queued there are dropped.
    func shutdown() { workerGroup.shutdown() }

    // MARK: One request

    /// Runs one task of `kind` on `node` (this node's own name runs it on the worker); `completion`
    /// runs on `loop` with the result, or a failure when the node refused, left, or took longer
    /// than `timeout`.
    @discardableResult
    func request(
        _ kind: String, _ payload: [UInt8], to node: String, timeout: Duration? = nil,
        completion: @escaping (TaskOutcome) -> Void
    ) -> UInt64 {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        let id = nextID
        nextID += 1
        if node == transport.localName {
            pending[id] = PendingRequest(node: node, timer: nil, completion: completion)
            counters.tasksRunLocally += 1
            serve(kind, payload, id: id, from: node)
            return id
        }
        let timer = loop.schedule(after: timeout ?? requestTimeout) { [self] in
            guard pending[id] != nil else { return }
            counters.requestsTimedOut += 1
            reassembly.forgetReply(peer: node, id: id)
            complete(id, .failure(TaskFailure(reason: "\(node) did not answer in time")))
        }
        pending[id] = PendingRequest(node: node, timer: timer, completion: completion)
        guard transport.liveMembers().contains(node) else {
            // Completed on a later turn, so a caller never sees its completion before `request` returns.
            loop.schedule(after: .zero) { [self] in
                complete(id, .failure(TaskFailure(reason: "\(node) is not a live member")))
            }
            return id
        }
        counters.requestsSent += 1
        let parts = TaskFanOutMessage.parts(of: payload, partBytes: partBytes)
        enqueue(
            parts.enumerated().map { index, bytes in
                TaskFanOutMessage.request(id: id, kind: kind, part: index, parts: parts.count, bytes: Array(bytes)).wireBytes()
            }, to: node)
        return id
    }

    /// Runs one task of `kind` with the same payload on every node of `nodes` (default: this node
    /// and every live member); `completion` gets each node's outcome once all have one.
    func each(
        _ kind: String, _ payload: [UInt8], nodes: [String]? = nil, timeout: Duration? = nil,
        completion: @escaping ([String: TaskOutcome]) -> Void
    ) {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        var seen: Set<String> = []
        let targets = (nodes ?? [transport.localName] + transport.liveMembers()).filter { seen.insert($0).inserted }
        guard !targets.isEmpty else { return completion([:]) }
        var outcomes: [String: TaskOutcome] = [:]
        for node in targets {
            request(kind, payload, to: node, timeout: timeout) { outcome in
                outcomes[node] = outcome
                if outcomes.count == targets.count { completion(outcomes) }
            }
        }
    }

    private func complete(_ id: UInt64, _ outcome: TaskOutcome) {
        guard let request = pending.removeValue(forKey: id) else { return }
        if let timer = request.timer { loop.cancel(timer) }
        request.completion(outcome)
    }

    // MARK: Fan-out

    /// Runs a task of `kind` per payload, spread round-robin over this node and the live members
    /// (or over `nodes`, which may name this node); a task whose node fails it goes to the next
    /// live node. `completion` runs on `loop` with the results in payload order, or a failure when
    /// cancelled or a task failed `maxAttemptsPerTask` times.
    @discardableResult
    func run(
        _ kind: String, payloads: [[UInt8]], nodes: [String]? = nil, timeout: Duration? = nil,
        completion: @escaping (Result<[[UInt8]], TaskFailure>) -> Void
    ) -> UInt64 {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        let id = nextID
        nextID += 1
        guard !payloads.isEmpty else {
            completion(.success([]))
            return id
        }
        fanOuts[id] = FanOut(
            kind: kind, payloads: payloads, timeout: timeout ?? requestTimeout,
            results: Array(repeating: nil, count: payloads.count), remaining: payloads.count,
            attempts: Array(repeating: 0, count: payloads.count), completion: completion)
        let nodes = nodes.flatMap { $0.isEmpty ? nil : $0 } ?? [transport.localName] + transport.liveMembers()
        for index in payloads.indices { dispatch(id, index, to: nodes[index % nodes.count]) }
        return id
    }

    /// Stops fan-out `id`: its completion runs now with `.cancelled`; results still coming are dropped.
    func cancel(_ id: UInt64) {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        fanOuts.removeValue(forKey: id)?.completion(.failure(.cancelled))
    }

    private func dispatch(_ fanOut: UInt64, _ index: Int, to node: String) {
        guard let state = fanOuts[fanOut] else { return }
        fanOuts[fanOut]!.attempts[index] += 1
        request(state.kind, state.payloads[index], to: node, timeout: state.timeout) { [self] outcome in
            taskDone(fanOut, index, node: node, outcome)
        }
    }

    private func taskDone(_ fanOut: UInt64, _ index: Int, node: String, _ outcome: TaskOutcome) {
        guard var state = fanOuts[fanOut], state.results[index] == nil else { return }
        switch outcome {
        case .success(let bytes):
            state.results[index] = bytes
            state.remaining -= 1
            guard state.remaining == 0 else {
                fanOuts[fanOut] = state
                return
            }
            fanOuts[fanOut] = nil
            state.completion(.success(state.results.map { $0! }))
        case .failure(let failure):
            guard state.attempts[index] < maxAttemptsPerTask else {
                fanOuts[fanOut] = nil
                state.completion(.failure(TaskFailure(reason: "task \(index) failed \(state.attempts[index]) times, last: \(failure)")))
                return
            }
            counters.tasksRedispatched += 1
            // Another node than the one that failed it, when there is one; this node is always live.
            let others = ([transport.localName] + transport.liveMembers()).filter { $0 != node }
            let next = others.isEmpty ? transport.localName : others[(index + state.attempts[index]) % others.count]
            dispatch(fanOut, index, to: next)
        }
    }

    // MARK: Membership

    /// `node` left or was declared dead: its unanswered requests fail now (a fan-out re-dispatches
    /// them), and whatever it had half sent is dropped.
    func memberLeft(_ node: String) {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        reassembly.forget(peer: node)
        outbox[node] = nil
        failRequests(to: node, TaskFailure(reason: "\(node) left the cluster"))
    }

    private func failRequests(to node: String, _ failure: TaskFailure) {
        let lost = pending.filter { $0.value.node == node }.keys.sorted()
        counters.requestsLostToDepartures += lost.count
        for id in lost { complete(id, .failure(failure)) }
    }
}

// MARK: Receiving and serving

extension TaskFanOut {
    /// A fan-out payload (first byte in `TaskFanOutMessage.tags`) from `peer`, on `loop`.
    func received(_ bytes: [UInt8], from peer: String) {
        precondition(loop.inLoop, "TaskFanOut is used on the cluster loop")
        let message: TaskFanOutMessage
        do {
            message = try TaskFanOutMessage(wireBytes: bytes)
        } catch {
            counters.decodeErrors += 1
            return onDecodeError()
        }
        switch message {
        case .request(let id, let kind, let part, let parts, let bytes):
            switch reassembly.add(peer: peer, id: id, isReply: false, part: part, parts: parts, bytes: bytes) {
            case .incomplete: break
            case .complete(let payload):
                counters.tasksServed += 1
                serve(kind, payload, id: id, from: peer)
            case .refused(let why):
                counters.reassemblyRefusals += 1
                enqueue([TaskFanOutMessage.failed(id: id, reason: why).wireBytes()], to: peer)
            }
        case .reply(let id, let part, let parts, let bytes):
            // Only the node a request went to may answer it.
            guard pending[id]?.node == peer else { return }
            switch reassembly.add(peer: peer, id: id, isReply: true, part: part, parts: parts, bytes: bytes) {
            case .incomplete: break
            case .complete(let result): complete(id, .success(result))
            case .refused(let why):
                counters.reassemblyRefusals += 1
                complete(id, .failure(TaskFailure(reason: "reply from \(peer): \(why)")))
            }
        case .failed(let id, let reason):
            guard pending[id]?.node == peer else { return }
            complete(id, .failure(TaskFailure(reason: "\(peer): \(reason)")))
        }
    }

    /// Runs the handler of `kind` on the worker; its reply goes back to `peer` (or completes the
    /// local request `id` when `peer` is this node).
    func serve(_ kind: String, _ payload: [UInt8], id: UInt64, from peer: String) {
        let handler = handlers.withLock { $0[kind] }
        let isLocal = peer == transport.localName
        let reply: @Sendable (TaskOutcome) -> Void = { [self] outcome in
            loop.execute { [self] in
                if isLocal { return complete(id, outcome) }
                switch outcome {
                case .success(let bytes):
                    let parts = TaskFanOutMessage.parts(of: bytes, partBytes: partBytes)
                    enqueue(
                        parts.enumerated().map { index, part in
                            TaskFanOutMessage.reply(id: id, part: index, parts: parts.count, bytes: Array(part)).wireBytes()
                        }, to: peer)
                case .failure(let failure):
                    enqueue([TaskFanOutMessage.failed(id: id, reason: failure.reason).wireBytes()], to: peer)
                }
            }
        }
        guard let handler else { return reply(.failure(TaskFailure(reason: "no handler for task kind \(kind)"))) }
        worker.execute { handler(payload, peer, reply) }
    }

    // MARK: Paced sending

    /// Queues `frames` for `peer` and sends what fits its window now.
    private func enqueue(_ frames: [[UInt8]], to peer: String) {
        outbox[peer, default: []].append(contentsOf: frames)
        flush(peer)
    }

    /// Sends queued frames to `peer` while its link queue is under `sendWindowBytes`; checks again
    /// a millisecond later when it is not. A refused send fails the peer's requests.
    private func flush(_ peer: String) {
        guard var frames = outbox[peer] else { return }
        var sent = 0
        defer {
            frames.removeFirst(sent)
            outbox[peer] = frames.isEmpty ? nil : frames
        }
        while sent < frames.count {
            guard let queued = transport.queuedBytes(peer) else { return linkRefused(peer, &frames, &sent) }
            if queued > 0, queued + frames[sent].count > sendWindowBytes {
                if flushScheduled.insert(peer).inserted {
                    loop.schedule(after: .milliseconds(1)) { [self] in
                        flushScheduled.remove(peer)
                        flush(peer)
                    }
                }
                return
            }
            guard transport.send(frames[sent], peer) else { return linkRefused(peer, &frames, &sent) }
            sent += 1
        }
    }

    private func linkRefused(_ peer: String, _ frames: inout [[UInt8]], _ sent: inout Int) {
        frames.removeAll()
        sent = 0
        loop.schedule(after: .zero) { [self] in
            failRequests(to: peer, TaskFailure(reason: "the link to \(peer) refused a task message"))
        }
    }
}

@testable import Singleton

/// An in-memory cluster of `SingletonNode`s on a virtual real-time clock, deterministic from its seed.
///
/// Each node has its own monotonic clock (an offset and a drift rate) and its own wall clock (a skew
/// in seconds). Messages are encoded and decoded on the way, take `latency` plus up to `jitter`, keep
/// their order per link as TCP does, and may be lost (`lossRate`) or dropped between partition
/// groups. Nodes can be killed (their in-memory state is gone; the ledger bytes they persisted stay),
/// restarted, or paused (events wait until the pause ends, then run in order, while the clocks run on).
/// The shell's work for a run takes `workDuration`; the output's digest names the run.
///
/// Every event is checked against the invariants the product promises; `violations` lists breaches:
/// no two different commits for a slot, no node told twice that a slot is committed (restarts
/// included), and no two leases whose real-time intervals overlap.
struct SingletonSimulator {
    struct Node {
        var name: String
        var instance: SingletonNode?
        /// The ledger bytes last persisted (survive kills).
        var disk: [UInt8]?
        /// Bumped by every restart: messages and timers for an earlier process are lost.
        var epoch = 0
        var clockOffset: Int64
        var driftRate: Double
        var wallSkewSeconds: Int64
        var pausedUntil: Int64?
        var tickToken = 0
        /// The shell's runs under way: slot -> token.
        var runs: [JobSlot: FencingToken] = [:]
        /// Slots this node was told are committed, over all its processes.
        var committed: [JobSlot: SlotCommit] = [:]
        var running: Bool { instance != nil }
    }

    enum Kind {
        case deliver(bytes: [UInt8], from: String, epoch: Int)
        case tick(token: Int, epoch: Int)
        case finishRun(JobSlot, FencingToken, epoch: Int)
        case view(peers: [String], epoch: Int)
    }

    struct Event {
        var time: Int64
        var order: Int
        var node: String
        var kind: Kind
    }

    struct RunRecord: CustomStringConvertible {
        var node: String
        var slot: JobSlot
        var token: FencingToken
        var startedAt: Int64
        var description: String { "\(node) ran \(slot) \(token) at \(Double(startedAt) / 1e9)s" }
    }

    /// The real-time span over which a token's lease was held (by its holder's clock).
    struct LeaseSpan {
        var holder: String
        var start: Int64
        var end: Int64
    }

    static let job = "nightly"

    /// The defaults, but with fewer idle ticks and syncs so that simulated months run in seconds.
    static var defaultSettings: SingletonSettings {
        var settings = SingletonSettings()
        settings.maxTickInterval = .seconds(600)
        settings.syncInterval = .seconds(300)
        return settings
    }

    private(set) var now: Int64 = 0
    private(set) var nodes: [String: Node] = [:]
    private(set) var names: [String]
    private var pending: [Event] = []
    private var nextOrder = 0
    private var random: TestRandom
    private var linkFree: [String: Int64] = [:]
    private var groups: [String: Int] = [:]
    /// Real time at which the ledger of a node said what (for debugging).
    private(set) var log: [String] = []
    var keepLog = false

    let settings: SingletonSettings
    let expectedNodes: Int
    let schedule: CronSchedule
    /// Unix seconds at real time 0.
    let startUnixSeconds: Int64
    var latency: Duration = .milliseconds(2)
    var jitter: Duration = .milliseconds(8)
    var lossRate = 0.0
    var workDuration: Duration = .seconds(45)
    /// When set, the next time this node sends a commit proposal it freezes for the duration before
    /// anything it sent in that event leaves (a stall between checking the lease and sending).
    var freezeOnNextProposal: (node: String, duration: Duration)?
    /// When set, this node dies right after its next commit proposal leaves, before any answer can
    /// arrive (a leader lost between a majority accepting and the announcement).
    var killOnNextProposal: String?

    private(set) var runs: [RunRecord] = []
    private(set) var abandoned: [RunRecord] = []
    private(set) var skipped: [ClosedRange<Int64>] = []
    private(set) var commitRefusals: [(node: String, refusal: CommitRefusal)] = []
    private(set) var leaseSpans: [FencingToken: LeaseSpan] = [:]
    /// The token each node held after its last event.
    private var heldToken: [String: FencingToken] = [:]
    /// The first commit seen for each slot, on any node.
    private(set) var decided: [Int64: SlotCommit] = [:]
    private(set) var violations: [String] = []
    private(set) var messagesSent = 0
    private(set) var eventsProcessed = 0
    private(set) var eventCounts: [String: Int] = [:]

    /// A cluster of `size` nodes n0… with `expectedNodes` configured (default: size); nothing runs yet.
    init(
        size: Int, expectedNodes: Int? = nil, seed: UInt64, start: String = "2024-02-25 12:00",
        schedule: CronSchedule = .nightly, settings: SingletonSettings = SingletonSimulator.defaultSettings, maxDriftRate: Double = 0.0002,
        maxWallSkewSeconds: Int64 = 2
    ) {
        self.random = TestRandom(seed: seed)
        self.settings = settings
        self.expectedNodes = expectedNodes ?? size
        self.schedule = schedule
        self.startUnixSeconds = utc(start)
        self.names = (0..<size).map { "n\($0)" }
        for name in names {
            nodes[name] = Node(
                name: name, clockOffset: Int64.random(in: 0...1_000_000_000_000, using: &random),
                driftRate: Double.random(in: -maxDriftRate...maxDriftRate, using: &random),
                wallSkewSeconds: Int64.random(in: -maxWallSkewSeconds...maxWallSkewSeconds, using: &random))
        }
    }

    // MARK: Clocks

    func monotonic(_ name: String, at real: Int64) -> SingletonInstant {
        let node = nodes[name]!
        return SingletonInstant(nanoseconds: node.clockOffset + real + Int64((Double(real) * node.driftRate).rounded(.down)))
    }

    func time(_ name: String, at real: Int64) -> SingletonTime {
        let wall = startUnixSeconds + CivilMinute.floorDivide(real, 1_000_000_000) + nodes[name]!.wallSkewSeconds
        return SingletonTime(monotonic: monotonic(name, at: real), unixSeconds: wall)
    }

    /// The first real time at which `name`'s monotonic clock reads at least `instant`.
    func realTime(_ name: String, reaching instant: SingletonInstant) -> Int64 {
        let node = nodes[name]!
        var real = Int64((Double(instant.nanoseconds - node.clockOffset) / (1 + node.driftRate)).rounded(.down)) - 2
        while monotonic(name, at: real) < instant { real += 1 }
        return real
    }

    /// Real time of a wall-clock instant (Unix seconds), ignoring skew.
    func real(ofUnix unixSeconds: Int64) -> Int64 { (unixSeconds - startUnixSeconds) * 1_000_000_000 }

    var nowUnixSeconds: Int64 { startUnixSeconds + now / 1_000_000_000 }

    // MARK: Control

    mutating func startAll() { for name in names { start(name) } }

    /// Starts (or restarts) a node's process, with the ledger it last persisted.
    mutating func start(_ name: String) {
        precondition(nodes[name]!.instance == nil, "\(name) is running")
        let ledger: SlotLedger
        if let disk = nodes[name]!.disk {
            guard case .success(let restored) = SlotLedger.decode(disk) else { fatalError("\(name)'s ledger does not decode") }
            ledger = restored
        } else {
            ledger = SlotLedger()
        }
        nodes[name]!.epoch += 1
        nodes[name]!.instance = SingletonNode(
            myself: name, expectedNodes: expectedNodes, jobs: [SingletonJob(name: Self.job, schedule: schedule)], ledger: ledger,
            settings: settings, startedAt: time(name, at: now), randomSeed: random.next())
        note("\(name) starts")
        refreshViews()
    }

    /// Kills a node's process: memory, timers and runs are gone; the persisted ledger stays.
    mutating func kill(_ name: String) {
        if let token = heldToken.removeValue(forKey: name) { leaseSpans[token]!.end = min(leaseSpans[token]!.end, now) }
        nodes[name]!.instance = nil
        nodes[name]!.runs = [:]
        nodes[name]!.pausedUntil = nil
        nodes[name]!.epoch += 1
        note("\(name) killed")
        refreshViews()
    }

    mutating func restart(_ name: String) {
        if nodes[name]!.running { kill(name) }
        start(name)
    }

    /// Stops the node's process for `duration` (SIGSTOP, a long GC pause): its clocks run on.
    mutating func pause(_ name: String, for duration: Duration) {
        nodes[name]!.pausedUntil = now + duration.wholeNanoseconds
        note("\(name) paused for \(duration)")
    }

    /// Splits the network; nodes not named are alone.
    mutating func partition(_ sides: [[String]]) {
        groups = [:]
        for (index, side) in sides.enumerated() { for name in side { groups[name] = index } }
        var next = sides.count
        for name in names where groups[name] == nil {
            groups[name] = next
            next += 1
        }
        note("partition \(sides)")
        refreshViews()
    }

    mutating func heal() {
        groups = [:]
        note("healed")
        refreshViews()
    }

    func connected(_ a: String, _ b: String) -> Bool { (groups[a] ?? 0) == (groups[b] ?? 0) }

    /// Each node sees the running nodes it can reach at once (a perfect failure detector; safety
    /// never depends on the view).
    private mutating func refreshViews() {
        for name in names where nodes[name]!.running {
            let peers = names.filter { $0 != name && nodes[$0]!.running && connected(name, $0) }
            schedule(.view(peers: peers, epoch: nodes[name]!.epoch), for: name, at: now)
        }
    }

    // MARK: Running

    /// Runs events until real time `end` (absolute, nanoseconds).
    mutating func run(until end: Int64) {
        while let event = pending.first, event.time <= end {
            pending.removeFirst()
            now = max(now, event.time)
            process(event)
        }
        now = max(now, end)
    }

    mutating func run(for duration: Duration) { run(until: now + duration.wholeNanoseconds) }

    /// Runs until the wall clock (without skew) reads `text`.
    mutating func run(untilUTC text: String) { run(until: real(ofUnix: utc(text))) }

    private mutating func schedule(_ kind: Kind, for node: String, at time: Int64) {
        let event = Event(time: max(time, now), order: nextOrder, node: node, kind: kind)
        nextOrder += 1
        let index = pending.partitioningIndex { ($0.time, $0.order) > (event.time, event.order) }
        pending.insert(event, at: index)
    }

    private mutating func process(_ event: Event) {
        eventsProcessed += 1
        guard var node = nodes[event.node], let instance = node.instance else { return }
        if let until = node.pausedUntil {
            if until > now {
                schedule(event.kind, for: event.node, at: until)
                return
            }
            nodes[event.node]!.pausedUntil = nil
            node.pausedUntil = nil
        }
        var instanceCopy = instance
        let at = time(event.node, at: now)
        let actions: [SingletonAction]
        switch event.kind {
        case .deliver(let bytes, let from, let epoch):
            guard epoch == node.epoch else { return }
            guard case .success(let message) = SingletonMessage.decode(bytes) else {
                violations.append("undecodable message from \(from)")
                return
            }
            if case .commitRefusal(let refusal) = message { commitRefusals.append((event.node, refusal)) }
            eventCounts[message.kindName, default: 0] += 1
            actions = instanceCopy.received(message, from: from, now: at)
        case .tick(let token, let epoch):
            guard epoch == node.epoch, token == node.tickToken else { return }
            eventCounts["tick", default: 0] += 1
            actions = instanceCopy.tick(now: at)
        case .finishRun(let slot, let token, let epoch):
            guard epoch == node.epoch, node.runs[slot] == token else { return }
            nodes[event.node]!.runs[slot] = nil
            actions = instanceCopy.runFinished(slot, token: token, digest: Self.digest(slot, token), now: at)
        case .view(let peers, let epoch):
            guard epoch == node.epoch else { return }
            actions = instanceCopy.membersChanged(peers, now: at)
        }
        nodes[event.node]!.instance = instanceCopy
        perform(event.node, actions)
    }

    static func digest(_ slot: JobSlot, _ token: FencingToken) -> [UInt8] {
        let mixed = UInt64(bitPattern: slot.slot) &* 31 &+ token.value
        return (0..<8).map { UInt8(truncatingIfNeeded: mixed >> (8 * UInt64($0))) }
    }

    private mutating func perform(_ name: String, _ actions: [SingletonAction]) {
        var freezeUntil: Int64?
        if let freeze = freezeOnNextProposal, freeze.node == name,
            actions.contains(where: { if case .send(.commitProposal, _) = $0 { true } else { false } })
        {
            freezeUntil = now + freeze.duration.wholeNanoseconds
            freezeOnNextProposal = nil
            nodes[name]!.pausedUntil = freezeUntil
            note("\(name) freezes before its proposal leaves")
        }
        for action in actions {
            switch action {
            case .persistLedger:
                nodes[name]!.disk = nodes[name]!.instance!.ledger.encode()
            case .send(let message, let to):
                send(message, from: name, to: to, notBefore: freezeUntil)
            case .startRun(let slot, let token):
                nodes[name]!.runs[slot] = token
                runs.append(RunRecord(node: name, slot: slot, token: token, startedAt: now))
                note("\(name) starts \(slot) \(token)")
                schedule(.finishRun(slot, token, epoch: nodes[name]!.epoch), for: name, at: now + workDuration.wholeNanoseconds)
            case .abandonRun(let slot, let token, let reason):
                if nodes[name]!.runs[slot] == token { nodes[name]!.runs[slot] = nil }
                abandoned.append(RunRecord(node: name, slot: slot, token: token, startedAt: now))
                note("\(name) abandons \(slot) \(token): \(reason)")
            case .committed(let slot, let commit):
                if nodes[name]!.committed[slot] != nil { violations.append("\(name) was told twice that \(slot) is committed") }
                nodes[name]!.committed[slot] = commit
                if let first = decided[slot.slot], first != commit {
                    violations.append("\(slot) committed as \(first) and as \(commit) (on \(name))")
                }
                if decided[slot.slot] == nil {
                    decided[slot.slot] = commit
                    note("\(slot) committed: \(commit)")
                }
            case .skippedSlots(_, let range):
                skipped.append(range)
            case .leaseChanged(_, let token, let held):
                note("\(name) \(held ? "holds" : "gave up") \(token)")
            case .scheduleTick(let at):
                nodes[name]!.tickToken += 1
                schedule(.tick(token: nodes[name]!.tickToken, epoch: nodes[name]!.epoch), for: name, at: realTime(name, reaching: at))
            }
        }
        trackLease(name)
        if killOnNextProposal == name,
            actions.contains(where: { if case .send(.commitProposal, _) = $0 { true } else { false } })
        {
            killOnNextProposal = nil
            kill(name)
        }
    }

    private mutating func send(_ message: SingletonMessage, from: String, to: String, notBefore: Int64?) {
        messagesSent += 1
        precondition(to != from, "a node sent itself a message through the shell")
        guard let receiver = nodes[to], receiver.running, connected(from, to) else { return }
        if lossRate > 0 && Double.random(in: 0..<1, using: &random) < lossRate { return }
        let link = "\(from)>\(to)"
        let delay = latency.wholeNanoseconds + Int64.random(in: 0...jitter.wholeNanoseconds, using: &random)
        let at = max((notBefore ?? now) + delay, linkFree[link] ?? 0)
        linkFree[link] = at
        schedule(.deliver(bytes: message.encode(), from: from, epoch: receiver.epoch), for: to, at: at)
    }

    /// Records the real-time span of the lease `name` holds now, and checks it against every other.
    /// A lease given up early (released, abandoned) ends when its holder stops holding it.
    private mutating func trackLease(_ name: String) {
        let lease = nodes[name]!.instance?.lease(for: Self.job, at: monotonic(name, at: now))
        if let previous = heldToken[name], previous != lease?.token {
            leaseSpans[previous]!.end = min(leaseSpans[previous]!.end, now)
            heldToken[name] = nil
        }
        guard let lease else { return }
        heldToken[name] = lease.token
        let end = realTime(name, reaching: lease.expiresAt)
        var span = leaseSpans[lease.token] ?? LeaseSpan(holder: name, start: now, end: end)
        if span.holder != name { violations.append("token \(lease.token) held by \(span.holder) and \(name)") }
        span.end = max(span.end, end)
        leaseSpans[lease.token] = span
        for (token, other) in leaseSpans where token != lease.token && other.start < span.end && span.start < other.end {
            violations.append(
                "leases overlap: \(token) (\(other.holder), \(Double(other.start) / 1e9)-\(Double(other.end) / 1e9)s) and "
                    + "\(lease.token) (\(name), \(Double(span.start) / 1e9)-\(Double(span.end) / 1e9)s)")
        }
    }

    private mutating func note(_ text: String) {
        if keepLog { log.append("\(Double(now) / 1e9)s \(text)") }
    }

    // MARK: Views

    /// The committed slots (any node told), oldest first.
    var committedSlots: [Int64] { decided.keys.sorted() }

    /// Slots of the schedule in (fromUTC, toUTC].
    func scheduledSlots(after from: String, through to: String) -> [Int64] {
        var slots: [Int64] = []
        var slot = schedule.next(after: utc(from))
        while slot <= utc(to) {
            slots.append(slot)
            slot = schedule.next(after: slot)
        }
        return slots
    }

    func committedSlots(of name: String) -> [Int64] { nodes[name]!.committed.keys.map(\.slot).sorted() }

    func ledger(of name: String) -> SlotLedger? { nodes[name]!.instance?.ledger }
}

@testable import Membership

/// An in-memory network of `SWIMInstance`s on a virtual clock: deterministic from its seed, no sleeping.
///
/// Messages are encoded and decoded on the way (the codec is exercised by every simulation), take
/// `latency` plus up to `jitter`, keep their order per link as TCP does, and may be lost (`lossRate`) or
/// dropped between partition groups. Nodes can be killed (optionally telling the others' links, as a
/// closed TCP connection would), paused (events wait until the pause ends, then run in order), made
/// busy (every event runs `busyDelay` late), restarted, or asked to leave.
struct ClusterSimulator {
    struct Node {
        var instance: SWIMInstance
        var running = true
        var pausedUntil: MembershipInstant?
        var busyDelay: Duration = .zero
        /// Bumped by every scheduleTick; a tick event with an older token is stale.
        var tickToken = 0
        /// Bumped by every restart; messages in flight to an earlier process are lost.
        var epoch = 0
    }

    /// One change seen by one node.
    struct Observation: CustomStringConvertible {
        var time: MembershipInstant
        var observer: String
        var event: MemberEvent
        var description: String { "\(time) \(observer): \(event)" }
    }

    private enum Action {
        case deliver(bytes: [UInt8], from: NodeID, epoch: Int)
        case tick(token: Int)
        case linkFailed(NodeID)
    }

    private struct Scheduled {
        var time: MembershipInstant
        var order: Int
        var node: String
        var action: Action
        /// Whether a busy node's delay was already applied.
        var delayed: Bool
    }

    private(set) var now = MembershipInstant(nanoseconds: 1_000_000_000)
    private(set) var nodes: [String: Node] = [:]
    private(set) var observations: [Observation] = []
    private(set) var restarts: [(time: MembershipInstant, node: String, incarnation: Incarnation)] = []
    private(set) var messagesSent = 0
    private var pending: [Scheduled] = []
    private var nextOrder = 0
    private var random: MembershipRandom
    private var linkFree: [String: MembershipInstant] = [:]
    private var groups: [String: Int] = [:]

    let settings: MembershipSettings
    var latency: Duration = .microseconds(500)
    var jitter: Duration = .microseconds(500)
    var lossRate = 0.0
    /// Whether killing a node tells every running node's link (as a reset TCP connection does).
    var linkFailureHints = false
    let seedAddresses: [String]

    /// A cluster of `size` nodes n0…, all seeded with the first `seedCount` nodes' addresses; nothing runs yet.
    init(size: Int, seed: UInt64, settings: MembershipSettings = MembershipSettings(), seedCount: Int = 1) {
        self.settings = settings
        self.random = MembershipRandom(seed: seed)
        self.seedAddresses = (0..<seedCount).map { Self.address(of: "n\($0)") }
        for index in 0..<size {
            let name = "n\(index)"
            nodes[name] = Node(instance: makeInstance(name, generation: 1))
        }
    }

    static func address(of name: String) -> String { "10.0.0.\(name.dropFirst()):7946" }
    static func nodeID(_ name: String) -> NodeID { NodeID(name: name, address: address(of: name)) }

    var names: [String] { nodes.keys.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! } }
    var runningNames: [String] { names.filter { nodes[$0]!.running } }

    private mutating func makeInstance(_ name: String, generation: UInt64) -> SWIMInstance {
        SWIMInstance(myself: Self.nodeID(name), generation: generation, settings: settings, randomSeed: random.next())
    }

    // MARK: Driving

    /// Every node joins through the seeds, `stagger` apart.
    mutating func startAll(stagger: Duration = .milliseconds(10)) {
        for name in names {
            join(name)
            run(for: stagger)
        }
    }

    mutating func join(_ name: String) {
        let directives = nodes[name]!.instance.join(seeds: seedAddresses, now: now)
        perform(directives, by: name)
    }

    /// Runs every event up to `time`, then sets the clock there.
    mutating func run(until time: MembershipInstant) {
        while let next = pending.first, next.time <= time {
            pending.removeFirst()
            now = next.time
            process(next)
        }
        now = time
    }

    mutating func run(for duration: Duration) { run(until: now + duration) }

    /// Runs until `condition` holds or `limit` passes; returns when it held, or nil.
    mutating func run(for limit: Duration, until condition: (ClusterSimulator) -> Bool, step: Duration = .milliseconds(10))
        -> MembershipInstant?
    {
        let end = now + limit
        while now < end {
            if condition(self) { return now }
            run(for: step)
        }
        return condition(self) ? now : nil
    }

    // MARK: Faults

    mutating func kill(_ name: String) {
        nodes[name]!.running = false
        guard linkFailureHints else { return }
        for other in runningNames { schedule(other, at: now + latency, .linkFailed(Self.nodeID(name))) }
    }

    /// Tells `observer` that its link to `peer` broke.
    mutating func linkFailed(_ observer: String, to peer: String) {
        schedule(observer, at: now, .linkFailed(Self.nodeID(peer)))
    }

    /// Stops `name` from running anything for `duration`; what arrives meanwhile waits, in order.
    mutating func pause(_ name: String, for duration: Duration) { nodes[name]!.pausedUntil = now + duration }

    /// Makes `name` run every event `delay` late (zero for on time).
    mutating func makeBusy(_ name: String, delay: Duration) { nodes[name]!.busyDelay = delay }

    /// Starts a new process for `name` with `generation`, which joins through the seeds.
    mutating func restart(_ name: String, generation: UInt64) {
        var node = Node(instance: makeInstance(name, generation: generation))
        node.epoch = nodes[name]!.epoch + 1
        node.tickToken = nodes[name]!.tickToken + 1
        nodes[name] = node
        join(name)
    }

    mutating func leave(_ name: String) {
        let directives = nodes[name]!.instance.leave(now: now)
        perform(directives, by: name)
    }

    /// Splits the network: nodes talk only within their group; nodes not listed form one more group.
    mutating func partition(_ parts: [[String]]) {
        groups = [:]
        for (index, part) in parts.enumerated() { for name in part { groups[name] = index + 1 } }
    }

    mutating func heal() { groups = [:] }

    // MARK: Views

    func instance(_ name: String) -> SWIMInstance { nodes[name]!.instance }

    /// The live members `observer` sees, by name.
    func liveView(of observer: String) -> [String] { instance(observer).liveMembers.map(\.node.name) }

    /// Whether every running node sees every other running node alive at its current incarnation, and
    /// nothing else live.
    func isConverged() -> Bool {
        let running = runningNames
        for observer in running {
            let view = instance(observer).liveMembers
            let expected = running.filter { $0 != observer }
            guard view.map(\.node.name) == expected else { return false }
            for member in view where member.status != .alive || member.incarnation != instance(member.node.name).incarnation {
                return false
            }
        }
        return true
    }

    /// Events about `subject` seen by anyone.
    func observations(about subject: String) -> [Observation] {
        observations.filter { $0.event.member.node.name == subject }
    }

    // MARK: Machinery

    private mutating func schedule(_ node: String, at time: MembershipInstant, _ action: Action, delayed: Bool = false) {
        let item = Scheduled(time: time, order: nextOrder, node: node, action: action, delayed: delayed)
        nextOrder += 1
        // Keep `pending` sorted by (time, order); new items usually go near the end.
        var index = pending.endIndex
        while index > pending.startIndex, pending[index - 1].time > time { index -= 1 }
        pending.insert(item, at: index)
    }

    private mutating func process(_ item: Scheduled) {
        guard let node = nodes[item.node], node.running else { return }
        if let until = node.pausedUntil, until > item.time {
            schedule(item.node, at: until, item.action, delayed: item.delayed)
            return
        }
        if node.busyDelay > .zero && !item.delayed {
            schedule(item.node, at: item.time + node.busyDelay, item.action, delayed: true)
            return
        }
        var instance = node.instance
        let directives: [MembershipDirective]
        switch item.action {
        case .deliver(let bytes, let sender, let epoch):
            guard epoch == node.epoch else { return }
            guard case .success(let message) = MembershipMessage.decode(bytes) else {
                fatalError("simulated message failed to decode")
            }
            directives = instance.received(message, from: sender, now: now)
        case .tick(let token):
            guard token == node.tickToken else { return }
            directives = instance.tick(now: now)
        case .linkFailed(let peer):
            directives = instance.linkFailed(to: peer, now: now)
        }
        nodes[item.node]!.instance = instance
        perform(directives, by: item.node)
    }

    private mutating func perform(_ directives: [MembershipDirective], by name: String) {
        for directive in directives {
            switch directive {
            case .send(let message, let to):
                transmit(message, from: name, to: to.name)
            case .sendToSeed(let message, let address):
                if let to = names.first(where: { Self.address(of: $0) == address }) { transmit(message, from: name, to: to) }
            case .memberChanged(let event):
                observations.append(Observation(time: now, observer: name, event: event))
            case .restartWithNewIncarnation(let incarnation):
                restarts.append((now, name, incarnation))
            case .scheduleTick(let at):
                nodes[name]!.tickToken += 1
                schedule(name, at: max(at, now), .tick(token: nodes[name]!.tickToken))
            }
        }
    }

    private mutating func transmit(_ message: MembershipMessage, from: String, to: String) {
        messagesSent += 1
        guard let receiver = nodes[to] else { return }
        if groups[from, default: 0] != groups[to, default: 0] { return }
        if lossRate > 0 && Double(random.next() >> 11) / Double(1 << 53) < lossRate { return }
        let spread = jitter.wholeNanoseconds > 0 ? Int64.random(in: 0...jitter.wholeNanoseconds, using: &random) : 0
        let link = "\(from)>\(to)"
        // TCP keeps order on a link: a message never overtakes the previous one.
        let arrival = max(now + latency + .nanoseconds(spread), linkFree[link] ?? now)
        linkFree[link] = arrival
        schedule(to, at: arrival, .deliver(bytes: message.encode(), from: Self.nodeID(from), epoch: receiver.epoch))
    }
}

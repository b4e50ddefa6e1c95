// SWIM failure detection and membership as a value: events in, directives out.
//
// The SWIM paper (Das, Gupta, Motivala 2002) with the Lifeguard extensions (Dadgar, Phillips, Currey 2018),
// shaped after apple/swift-cluster-membership's SWIM.Instance and hashicorp/memberlist. Where it departs
// from the paper, and why:
//
// 1. Incarnation = (generation, refutations). SWIM's incarnation number is `refutations`; `generation`
//    names one run of a node. Dead and left are final within a generation, so a node that learns it was
//    declared dead moves to a new generation (`restartWithNewIncarnation`) and the others see its old run
//    end and a new one join. The product needs this: the others have dropped the dead node's state, so it
//    must announce it again, and a quickly restarted process must not inherit its predecessor's entry.
// 2. Dead overrides alive and suspect of the same generation whatever the refutation count, also when it
//    arrives in a full-state exchange (memberlist turns that into a suspicion): a death someone reported
//    is final, and everyone converging on it beats a view that disagrees forever.
// 3. Timeouts are deadlines checked in `tick(now:)`, and the instance asks for its next tick with
//    `scheduleTick(at:)`, so the shell needs one timer and there are no timeout events to mis-order.
// 4. A probe lasts `probeTimeout + indirectProbeTimeout`, which may outlast a protocol period; the next
//    probe starts on time anyway. `linkFailed(to:)` starts an extra probe that goes to relays at once.
//    The link is TCP, so there is no TCP fallback ping as in memberlist.
// 5. Lifeguard in full: local health (`Awareness`) stretches probe periods and timeouts, relays answer
//    `nack`, suspicion timeouts shrink with independent confirmations (`Suspicion`), and a message to a
//    member we suspect or hold dead carries that news first (the buddy system), so it refutes or
//    restarts at once. Beyond Lifeguard, a failed probe sends the suspicion to the target right away
//    instead of on the next probe of it: a node answering 800 ms late still refutes in time (tested in
//    SlowNodeTests). Suspicion timeouts are not stretched by local health (as in Lifeguard).
// 6. Stall detection (in neither paper): a `tick` that comes more than `stallThreshold` late means this
//    process was not running. Every pending verdict is pushed back by the lag, so the replies that are
//    waiting in the socket get read before anyone is suspected or declared dead, and local health worsens.
// 7. News is piggy-backed (λ log n times) and, when an event taught this node something, pushed at once
//    to `gossipFanout` random live members, as memberlist's gossip timer does but without waiting for it:
//    at most n * fanout messages per piece of news, which buys convergence in milliseconds, not periods.
// 8. Joining is a full-state push-pull with a seed (memberlist's push/pull); the node re-joins through the
//    next seed every `rejoinInterval` so partitions merge after they heal. A message from a node we do
//    not know at all starts the same exchange with it.
// 9. A clean leave is sent to every live member at once instead of being gossiped.
// 10. Members are keyed by name; the address follows the newest generation (a pod may come back elsewhere).

/// One node's SWIM membership: feed it events with the current monotonic time, perform the returned
/// directives in order. A value with no I/O, no clock, no threads; its only randomness is seeded.
///
/// Lifecycle for the shell:
/// 1. `init(myself:generation:settings:randomSeed:)`, then `join(seeds:now:)` (empty seeds for the first node).
/// 2. `tick(now:)` whenever a `scheduleTick(at:)` comes due; `received(_:from:now:)` for each decoded
///    message; `linkFailed(to:now:)` when a link to a member breaks.
/// 3. On `restartWithNewIncarnation`, announce this node's replicated state again (membership itself has
///    already re-joined).
/// 4. `leave(now:)` on shutdown, then close the links once the sends are flushed.
public struct SWIMInstance: Sendable {
    /// The tunables in use.
    public let settings: MembershipSettings
    /// This node.
    public let myself: NodeID
    /// This node's current run and refutation count.
    public internal(set) var incarnation: Incarnation
    /// Whether `leave(now:)` was called; the instance then only answers pings with its leave.
    public internal(set) var hasLeft = false

    var memberList = MemberList()
    var awareness: Awareness
    var queue = DisseminationQueue()
    var probeOrder = ProbeOrder()
    var random: MembershipRandom
    var seeds: [String] = []
    var nextRejoinSeed = 0
    var nextSequence: UInt64
    /// This node's probes by sequence number.
    var probes: [UInt64: Probe] = [:]
    /// Probes run for other nodes, by the sequence number of this node's `ping` to the target.
    var relayedProbes: [UInt64: RelayedProbe] = [:]
    /// Running suspicion timers by member name.
    var suspicions: [String: Suspicion] = [:]
    var nextProbeAt: MembershipInstant?
    var nextRejoinAt: MembershipInstant?
    /// The last `scheduleTick` sent; a tick much later than this means the process stalled.
    var announcedTick: MembershipInstant?

    // Scratch for the event being handled.
    var output: [MembershipDirective] = []
    /// Whether the event queued news, which is then pushed to `gossipFanout` members.
    var learnedNews = false
    /// Members already sent a message during this event (they need no extra push).
    var messagedThisEvent: Set<String> = []

    /// Most probes run for other nodes at once; further `pingRequest`s are ignored.
    static let maxRelayedProbes = 1024

    /// A node's membership before it joins.
    /// - Parameters:
    ///   - myself: this node; its name and address must be valid (`NodeID.isValid`).
    ///   - generation: this run's generation. Pass something larger than any previous run of this node
    ///     used, such as the wall-clock time in milliseconds at process start. A smaller one still works
    ///     (the node moves past the run it hears about, with a `restartWithNewIncarnation`), an equal one
    ///     does not: the others would take the new process for the old one.
    ///   - settings: the tunables.
    ///   - randomSeed: seeds the only randomness (probe order, relay and gossip targets, sequence numbers).
    public init(myself: NodeID, generation: UInt64, settings: MembershipSettings = MembershipSettings(), randomSeed: UInt64) {
        precondition(myself.isValid, "invalid node identity \(myself): see NodeID.isValid")
        settings.validate()
        self.settings = settings
        self.myself = myself
        self.incarnation = Incarnation(generation: generation)
        self.awareness = Awareness(maxScore: settings.maxLocalHealthScore)
        self.random = MembershipRandom(seed: randomSeed)
        self.nextSequence = random.next() >> 1
    }

    // MARK: Views

    /// The other members this node knows, tombstones included, sorted by name.
    public var members: [Member] { memberList.sortedRecords.map(\.member) }

    /// The other alive and suspect members, sorted by name.
    public var liveMembers: [Member] { members.filter { $0.status.isLive } }

    /// The member named `name` as this node sees it (this node itself included).
    public func member(named name: String) -> Member? {
        if name == myself.name { return Member(node: myself, status: hasLeft ? .left : .alive, incarnation: incarnation) }
        return memberList[name]?.member
    }

    /// Lifeguard's local health score: 0 is healthy; timeouts are stretched `1 + score` times.
    public var localHealthScore: Int { awareness.score }

    /// When the instance next needs a `tick`, or nil after leaving.
    public var nextTickDeadline: MembershipInstant? {
        guard !hasLeft else { return nil }
        var deadlines = [nextProbeAt, nextRejoinAt].compactMap { $0 }
        deadlines += probes.values.map(\.deadline)
        deadlines += relayedProbes.values.map(\.deadline)
        deadlines += suspicions.values.map(\.deadline)
        return deadlines.min()
    }

    // MARK: Events

    /// Joins the cluster through `seeds` (`host:port` of cluster links; this node's own address is
    /// skipped): pushes this node's full state to each and keeps re-joining through them every
    /// `rejoinInterval`. Call again with new seeds at any time (from DNS, say).
    public mutating func join(seeds: [String], now: MembershipInstant) -> [MembershipDirective] {
        guard !hasLeft else { return [] }
        var unique: [String] = []
        for seed in seeds where seed != myself.address && !unique.contains(seed) { unique.append(seed) }
        self.seeds = unique
        enqueue(aliveUpdate)
        for seed in unique { sendToSeed(.join(state: fullState()), address: seed) }
        nextRejoinAt = now + settings.rejoinInterval
        return finish(now: now, alwaysSchedule: true)
    }

    /// The shell's link to `node` broke. If the node is alive in this view it is probed at once, straight
    /// through relays as well; a link failure alone never makes it more than suspect.
    public mutating func linkFailed(to node: NodeID, now: MembershipInstant) -> [MembershipDirective] {
        guard !hasLeft, let record = memberList[node.name], record.status == .alive else { return finish(now: now) }
        if let (sequence, probe) = probes.first(where: { $0.value.target.name == node.name }) {
            if probe.phase == .direct { askRelays(sequence: sequence, target: record.node, now: now) }
        } else {
            let sequence = takeSequence()
            send(.ping(sequence: sequence), to: record.node)
            askRelays(sequence: sequence, target: record.node, now: now)
        }
        return finish(now: now)
    }

    /// Leaves cleanly: tells every live member at once, then stops probing. Later pings are answered with
    /// the leave, in case the first message was lost.
    public mutating func leave(now: MembershipInstant) -> [MembershipDirective] {
        guard !hasLeft else { return [] }
        hasLeft = true
        for name in memberList.liveNames {
            guard let record = memberList[name] else { continue }
            output.append(.send(MembershipMessage(.gossip, gossip: [leftUpdate]), to: record.node))
        }
        probes = [:]
        relayedProbes = [:]
        suspicions = [:]
        announcedTick = nil
        return finish(now: now)
    }

    // MARK: Helpers

    /// This node alive at its current incarnation.
    var aliveUpdate: MemberUpdate { MemberUpdate(node: myself, incarnation: incarnation, status: .alive) }

    /// This node's leave.
    var leftUpdate: MemberUpdate { MemberUpdate(node: myself, incarnation: incarnation, status: .left) }

    mutating func takeSequence() -> UInt64 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }
}

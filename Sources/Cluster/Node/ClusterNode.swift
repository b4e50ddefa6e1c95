import Membership
import Reactor
import Synchronization

/// One cluster member: a `SWIMInstance` (who is in the cluster, who failed) driven over a
/// `ClusterLink` (authenticated links to every other member) on one event loop. The layers above hear
/// members join and leave, links come up, and frames arrive through `ClusterNodeDelegate`.
///
/// The shell's duties, by directive of the membership core:
/// - `.send` goes on the `.membership` channel to the named member; while the link to a live member
///   is being dialed, the message waits for it (bounded, see `HeldMembershipMessages`);
/// - `.sendToSeed` goes to whichever linked peer is at that address; otherwise the address is dialed
///   (`ClusterLink.connect(to:)`) and the message waits for the link;
/// - a member that joins is dialed, so every pair of members has a link; a member declared dead or
///   gone is no longer dialed, and the delegate is told;
/// - one timer runs the core's `tick(now:)` at the instant the core asks for;
/// - a link that breaks is reported to the core (`linkFailed(to:)`), which probes at once.
///
/// Beyond the core's directives, whenever a link comes up (and after a restart, on every link) the
/// node first sends the peer a gossip message with its own current run. A peer that still holds an
/// older run of this node (dead, or alive) thus learns the new one before any frame of the layers
/// above arrives, and does not drop those frames as coming from a departed member.
///
/// **Threading.** Like `ClusterLink`, the node lives on one `EventLoop`; every member but `init`,
/// `name`, `loop` and `configuration` must be used on that loop's thread (preconditions check it),
/// and the delegate is called there. `@unchecked Sendable` only so closures handed to its own loop
/// can capture it.
public final class ClusterNode: @unchecked Sendable {
    /// Where the node is in its life.
    enum Phase {
        /// Created; `start()` not called yet.
        case idle
        /// A member of the cluster.
        case running
        /// `leave(then:)` told the others and waits for the sends to drain.
        case leaving
        /// The link is closed; the node cannot start again.
        case stopped
    }

    /// The loop the node and its link live on.
    public let loop: EventLoop
    public let configuration: ClusterNodeConfiguration
    /// Who hears about members, links and frames (held weakly).
    public weak var delegate: ClusterNodeDelegate?

    let link: ClusterLink
    /// The membership core, from `start()` on (it needs the bound address).
    var swim: SWIMInstance?
    var phase = Phase.idle
    var ownCounters = ClusterNodeCounters()
    /// The one timer for the core's `scheduleTick(at:)`.
    var tickTimer: TimerID?
    var held: HeldMembershipMessages
    /// Configured seeds, as `host:port`, without this node's own address.
    var staticSeeds: [String] = []
    /// Seeds found behind `seedDNSName` by the last successful look-up.
    var dnsSeeds: [String] = []
    /// Whether `seedDNSName` has answered at least once (see `isAloneByDesign`).
    var seedDNSAnswered = false
    /// The seeds last handed to the core's `join(seeds:now:)`.
    var joinedSeeds: [String] = []
    var resolvingSeeds = false
    var nextSeedResolutionAt: MonotonicInstant?
    /// Whether the last look-up failed (a failure is logged once, when it starts).
    var seedResolutionFailing = false
    /// Directives waiting to be performed: performing one may call back into the node (the link
    /// reports the disconnects it causes, the delegate may send), and those callbacks' directives
    /// queue up behind it rather than run in the middle.
    var pendingDirectives: [MembershipDirective] = []
    var performingDirectives = false

    /// The last generation a node of this process started with.
    private static let lastGeneration = Atomic<UInt64>(0)

    /// A generation larger than any earlier run of this node used (see `SWIMInstance.init`): the
    /// wall-clock time in milliseconds, and in any case above the last one this process handed out,
    /// so a node stopped and started again in the same millisecond (tests do that) is a new run.
    static func nextGeneration() -> UInt64 {
        let now = UInt64(max(0, WallClock.milliseconds()))
        var last = lastGeneration.load(ordering: .relaxed)
        while true {
            let next = max(now, last + 1)
            let (exchanged, original) = lastGeneration.compareExchange(expected: last, desired: next, ordering: .relaxed)
            if exchanged { return next }
            last = original
        }
    }

    /// A node for `configuration` on `loop`, from any thread; call `start()` on the loop next.
    public init(configuration: ClusterNodeConfiguration, loop: EventLoop) {
        precondition(
            ClusterNodeConfiguration.isValidNodeName(configuration.link.nodeName),
            "cluster node name \"\(configuration.link.nodeName)\" is not 1-16 characters of a-z 0-9")
        precondition(
            configuration.seedDNSName == nil || (1...65535).contains(configuration.seedDNSPort),
            "seedDNSPort \(configuration.seedDNSPort) is not 1...65535")
        self.loop = loop
        self.configuration = configuration
        self.link = ClusterLink(configuration: configuration.link, loop: loop)
        self.held = HeldMembershipMessages(
            maxPerDestination: configuration.maxHeldMessagesPerPeer, lifetime: configuration.heldMessageLifetime)
    }

    /// This node's name in the cluster.
    public var name: String { configuration.link.nodeName }

    /// Starts the link (binds the cluster port) and joins the cluster through the seeds.
    public func start() throws(SystemError) {
        precondition(loop.inLoop, "ClusterNode.start() must run on the node's loop")
        precondition(phase == .idle, "ClusterNode.start() called twice or after stopping")
        link.handler = self
        try link.start()
        let myself = NodeID(name: name, address: link.localPeer.address)
        precondition(myself.isValid, "advertised address \"\(myself.address)\" is not 1-255 bytes of visible ASCII")
        let generation = Self.nextGeneration()
        swim = SWIMInstance(
            myself: myself, generation: generation, settings: configuration.membership, randomSeed: .random(in: .min ... .max))
        phase = .running
        staticSeeds = usableSeeds(configuration.seeds)
        configuration.log(.started(node: myself, incarnation: swim!.incarnation, seeds: staticSeeds))
        join(seeds: staticSeeds)
        if configuration.seedDNSName != nil { resolveSeeds() }
    }

    // MARK: Views

    /// The `host:port` the link is bound to (with the real port when `listenPort` was 0), once started.
    public var listeningAddress: String? {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        return link.listeningAddress?.description
    }

    /// The other members that are alive or suspect, sorted by name (empty once left or stopped).
    public var liveMembers: [String] {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        guard phase == .running, let swim else { return [] }
        return swim.liveMembers.map(\.node.name)
    }

    /// Whether `name` is alive or suspect in this node's view. This node itself is live while it runs.
    public func isLive(_ name: String) -> Bool {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        guard phase == .running else { return false }
        return swim?.member(named: name)?.status.isLive ?? false
    }

    /// The membership view of every other member this node knows, tombstones included (for
    /// diagnostics and tests).
    public var members: [Member] {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        return swim?.members ?? []
    }

    /// The link's counters and the membership shell's, for metrics.
    public var counters: ClusterNodeCounters {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        var counters = ownCounters
        counters.link = link.counters
        return counters
    }

    /// Whether `name` is another member whose run this node holds dead or left.
    func isDeparted(_ name: String) -> Bool {
        guard name != self.name, let status = swim?.member(named: name)?.status else { return false }
        return !status.isLive
    }

    // MARK: Sending

    /// Queues `payload` for the member `name` on `channel` (neither `.none` nor `.membership`).
    /// Returns false when it was not queued: no link to `name`, `name` is held dead or left, the
    /// payload is over the link's `maxPayloadBytes`, the peer is too slow, or this node is not running.
    @discardableResult
    public func send(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, to name: String) -> Bool {
        precondition(loop.inLoop, "ClusterNode.send must run on the node's loop")
        precondition(channel != .membership, "the membership channel belongs to ClusterNode")
        guard phase == .running, !isDeparted(name) else { return false }
        return link.send(payload, channel: channel, to: name).isQueued
    }

    /// `send` for a payload in an array.
    @discardableResult
    public func send(_ payload: [UInt8], channel: ClusterChannel, to name: String) -> Bool {
        payload.withUnsafeBytes { send($0, channel: channel, to: name) }
    }

    /// Sends `payload` to every live member with a link up; returns how many queued it.
    @discardableResult
    public func broadcast(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel) -> Int {
        precondition(loop.inLoop, "ClusterNode.broadcast must run on the node's loop")
        return liveMembers.reduce(0) { count, name in
            link.isConnected(to: name) && send(payload, channel: channel, to: name) ? count + 1 : count
        }
    }

    /// Bytes queued for `name` that the kernel has not taken yet (nil without a link): a layer
    /// that sends a lot paces itself by it, since a queue past `maxQueuedBytes` drops the link.
    public func queuedBytes(to name: String) -> Int? {
        precondition(loop.inLoop, "ClusterNode must be used on its loop")
        return link.queuedBytes(to: name)
    }

    /// `broadcast` for a payload in an array.
    @discardableResult
    public func broadcast(_ payload: [UInt8], channel: ClusterChannel) -> Int {
        payload.withUnsafeBytes { broadcast($0, channel: channel) }
    }

    // MARK: Stopping

    /// Stops at once without telling anyone (as a crash would, except that peers read a `.close`
    /// frame): the others detect the failure and declare this node dead. Prefer `leave(then:)`.
    /// The delegate hears nothing more. The node cannot start again.
    public func stop() {
        precondition(loop.inLoop, "ClusterNode.stop() must run on the node's loop")
        guard phase != .stopped else { return }
        phase = .stopped
        if let tickTimer { loop.cancel(tickTimer) }
        tickTimer = nil
        held.removeAll()
        pendingDirectives = []
        link.stop()
    }
}

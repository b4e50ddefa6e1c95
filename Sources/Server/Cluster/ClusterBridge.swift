import Cluster
import ClusterWire
import Protocol
import Reactor
import ResultStore
import Synchronization

/// Connects a node's shards to the cluster: `NodeMessage`s for other nodes' shards go out on the
/// `.forwardRequest` channel, replicated state on `.stateSync`, lobby publications on `.pubSub`,
/// and membership changes reach the shards that must react (a dead node's games, its entries).
///
/// The cluster link and membership run on their own loop (`loop`), so a busy game loop never
/// delays a probe's answer; shards hand work to it with `execute`, and it hands what arrives to
/// the shard it is for. Payloads are encoded and decoded on the shards, in parallel; the cluster
/// loop only moves bytes.
final class ClusterBridge: NodeMessenger, ClusterNodeDelegate, @unchecked Sendable {
    // @unchecked: `clusterNode` is confined to `loop`; the rest is immutable or thread-safe.
    let loop: EventLoop
    private let group: EventLoopGroup
    private let clusterNode: ClusterNode
    private let context: NodeContext
    /// Pushed results waiting for a first `stored` answer (cluster loop only).
    private var awaitingAcks: [UInt64: @Sendable () -> Void] = [:]
    private var nextAck: UInt64 = 1
    /// The cluster singleton (scheduled jobs); set before `start`, then used on `loop` only.
    var singleton: SingletonService?
    /// How long players wait for another node to hold a result before they are told anyway.
    static let replicationWait: Duration = .seconds(1)
    /// Named tasks run across the cluster (`.tasks` channel, tags 16...31); owned by `loop`.
    let tasks: TaskFanOut

    init(settings: ClusterSettings, context: NodeContext) throws {
        self.context = context
        group = try EventLoopGroup(loopCount: 1, name: "roost-cluster")
        loop = group.loops[0]
        var link = ClusterLinkConfiguration(
            clusterName: settings.clusterName, nodeName: context.nodeName,
            keyring: try ClusterKeyring(secret: settings.secret))
        link.listenHost = settings.listenHost
        link.listenPort = settings.listenPort
        link.advertisedAddress = settings.advertisedAddress
        link.tls = settings.tls
        let logger = context.logger
        link.log = { $0.log(to: logger) }
        var configuration = ClusterNodeConfiguration(link: link, seeds: settings.seeds)
        configuration.log = { $0.log(to: logger) }
        configuration.seedDNSName = settings.seedDNSName
        configuration.seedDNSPort = settings.seedDNSPort
        configuration.membership = settings.membership
        let clusterNode = ClusterNode(configuration: configuration, loop: loop)
        self.clusterNode = clusterNode
        tasks = try TaskFanOut(
            loop: loop,
            transport: TaskFanOut.Transport(
                localName: context.nodeName, liveMembers: { clusterNode.liveMembers },
                send: { clusterNode.send($0, channel: .tasks, to: $1) },
                queuedBytes: { clusterNode.queuedBytes(to: $0) }, maxPayloadBytes: link.maxPayloadBytes))
        tasks.onDecodeError = { context.metrics.clusterDecodeErrors.add(1) }
        RatingTasks.register(on: tasks)
    }

    /// Starts the link and joins; returns the cluster address bound.
    func start() throws -> String {
        let started = Mutex<Result<String, SystemError>?>(nil)
        let done = Latch(count: 1)
        loop.execute { [self] in
            clusterNode.delegate = self
            do throws(SystemError) {
                try clusterNode.start()
                started.withLock { $0 = .success(clusterNode.listeningAddress ?? "") }
                singleton?.start(members: clusterNode.liveMembers) { [unowned self] bytes, node in
                    clusterNode.send(bytes, channel: .singleton, to: node)
                }
            } catch {
                started.withLock { $0 = .failure(error) }
            }
            done.countDown()
        }
        done.wait()
        let address = try started.withLock { $0! }.get()
        startResultReplication()
        return address
    }

    // MARK: Results everywhere

    /// Pushes every committed result to every node, and pulls what is missing from a random peer
    /// every `antiEntropyInterval` (and from each peer whose link comes up).
    private func startResultReplication() {
        context.results.replicate = { [self] results, then in
            loop.execute { [self] in push(results, then: then) }
        }
        loop.execute { [self] in
            scheduleAntiEntropy()
            publishCounters()
        }
    }

    /// Copies the cluster node's counters for `/metrics`, once a second.
    private func publishCounters() {
        let counters = clusterNode.counters
        context.views.counters.withLock { $0 = counters }
        noteJoined()
        loop.schedule(after: .seconds(1)) { [self] in publishCounters() }
    }

    /// Sends `results` to every live member; `then` runs on the first member's `stored` answer,
    /// at once when there is no other member, or after `replicationWait` (counted) if none answers.
    private func push(_ results: [GameResult], then: @escaping @Sendable () -> Void) {
        let ack = nextAck
        nextAck += 1
        var sent = 0
        for start in stride(from: 0, to: results.count, by: ResultReplicationMessage.pageSize) {
            let page = Array(results[start..<min(results.count, start + ResultReplicationMessage.pageSize)])
            let isLast = start + ResultReplicationMessage.pageSize >= results.count
            sent = clusterNode.broadcast(
                ResultReplicationMessage.results(page, ack: isLast ? ack : nil).wireBytes(), channel: .tasks)
        }
        guard sent > 0 else { return then() }
        awaitingAcks[ack] = then
        loop.schedule(after: Self.replicationWait) { [self] in
            guard let waiting = awaitingAcks.removeValue(forKey: ack) else { return }
            context.metrics.replicationWaitsTimedOut.add(1)
            waiting()
        }
    }

    private func receivedStored(_ ack: UInt64) {
        awaitingAcks.removeValue(forKey: ack)?()
    }

    static let antiEntropyInterval: Duration = .seconds(10)

    private func scheduleAntiEntropy() {
        loop.schedule(after: Self.antiEntropyInterval) { [self] in
            if let peer = clusterNode.liveMembers.randomElement() { pullResults(from: peer) }
            scheduleAntiEntropy()
        }
    }

    /// Pulls missing results from every live member at once (on `loop`): the nightly job does
    /// this before it reads a rating period, so a result committed elsewhere just before the slot counts.
    func pullResultsFromEveryMember() {
        precondition(loop.inLoop, "ClusterBridge.pullResultsFromEveryMember runs on the cluster loop")
        for peer in clusterNode.liveMembers { pullResults(from: peer) }
    }

    /// The other live members, sorted (on `loop`).
    var liveMembers: [String] {
        precondition(loop.inLoop, "ClusterBridge.liveMembers is read on the cluster loop")
        return clusterNode.liveMembers
    }

    /// Sends `peer` this node's watermarks; it answers with the results above them.
    private func pullResults(from peer: String) {
        let results = context.results
        results.onWriterThread { [self] in
            guard let marks = try? results.store.sequenceWatermarks() else { return }
            send(ResultReplicationMessage.watermarks(marks).wireBytes(), channel: .tasks, to: peer)
        }
    }

    /// A `.tasks` payload from `peer`, handled on the result writer's thread.
    private func receivedResultReplication(_ bytes: [UInt8], from peer: String) {
        let results = context.results
        results.onWriterThread { [self] in
            guard let message = try? ResultReplicationMessage(wireBytes: bytes) else {
                return context.metrics.clusterDecodeErrors.add(1)
            }
            switch message {
            case .stored(let ack):
                loop.execute { [self] in receivedStored(ack) }
            case .results(let received, let ack):
                _ = results.storeReplicated(received)
                if let ack { send(ResultReplicationMessage.stored(ack).wireBytes(), channel: .tasks, to: peer) }
                // A full page means the peer holds more: ask again from the new watermarks.
                if received.count == ResultReplicationMessage.pageSize {
                    guard let marks = try? results.store.sequenceWatermarks() else { return }
                    send(ResultReplicationMessage.watermarks(marks).wireBytes(), channel: .tasks, to: peer)
                }
            case .watermarks(let theirs):
                guard let ours = try? results.store.sequenceWatermarks() else { return }
                for (origin, held) in ours where held > theirs[origin, default: 0] {
                    guard
                        let page = try? results.store.results(
                            origin: origin, after: theirs[origin, default: 0], limit: ResultReplicationMessage.pageSize),
                        !page.isEmpty
                    else { continue }
                    send(ResultReplicationMessage.results(page, ack: nil).wireBytes(), channel: .tasks, to: peer)
                }
            }
        }
    }

    /// Leaves the cluster cleanly (the others drop this node's entries at once), then stops.
    func leave() {
        let done = Latch(count: 1)
        loop.execute { [self] in clusterNode.leave { done.countDown() } }
        done.wait()
        group.shutdown()
        tasks.shutdown()
    }

    /// Stops the cluster node at once, as a crash would (tests kill a node in-process this way).
    func stopAbruptlyForTesting() {
        let done = Latch(count: 1)
        loop.execute { [self] in
            clusterNode.stop()
            done.countDown()
        }
        done.wait()
    }

    // MARK: Sending (any thread)

    func send(_ message: NodeMessage, to place: ShardPlace, from shard: Int) {
        var bytes: [UInt8] = [UInt8(truncatingIfNeeded: place.shard >> 8), UInt8(truncatingIfNeeded: place.shard)]
        bytes.append(contentsOf: message.wireBytes())
        let payload = bytes
        context.metrics.clusterMessagesOut.add(1)
        loop.execute { [self] in
            if !clusterNode.send(payload, channel: .forwardRequest, to: place.node) {
                undeliverable(message, to: place)
            }
        }
    }

    /// Sends `payload` to every live member.
    func broadcast(_ payload: [UInt8], channel: ClusterChannel) {
        loop.execute { [self] in _ = clusterNode.broadcast(payload, channel: channel) }
    }

    /// Sends `payload` to `node`.
    func send(_ payload: [UInt8], channel: ClusterChannel, to node: String) {
        loop.execute { [self] in _ = clusterNode.send(payload, channel: channel, to: node) }
    }

    /// A request that could not reach its node is answered `unavailable` (spec §6); other
    /// messages are dropped (the node is gone or going; membership will say so).
    private func undeliverable(_ message: NodeMessage, to place: ShardPlace) {
        context.metrics.unroutable.add(1)
        let why = "node \(place.node) cannot be reached; try again"
        switch message {
        case .host(_, _, let session, _, let cid), .join(_, let session, _, _, _, let cid),
            .move(_, let session, _, let cid), .leave(_, let session, let cid), .gameChat(_, let session, _, let cid):
            let shard = context.shards[session.shard]
            shard.loop.execute { shard.fail(session, cid: cid, .unavailable, why) }
        default:
            break
        }
    }

    // MARK: ClusterNodeDelegate (on `loop`)

    func clusterMemberJoined(_ name: String) {
        publishMembers()
        singleton?.membersChanged(clusterNode.liveMembers)
        noteJoined()
    }

    /// Latches `hasJoined` (for `/readyz`) once a member was met or the seeds name no one else.
    private func noteJoined() {
        guard !context.views.hasJoined.load(ordering: .relaxed) else { return }
        if !clusterNode.liveMembers.isEmpty || clusterNode.isAloneByDesign {
            context.views.hasJoined.store(true, ordering: .relaxed)
        }
    }

    func clusterMemberLeft(_ name: String, dead: Bool) {
        publishMembers()
        singleton?.membersChanged(clusterNode.liveMembers)
        tasks.memberLeft(name)
        for shard in context.shards.all {
            shard.loop.execute { shard.nodeGone(name) }
        }
    }

    func clusterLinkUp(_ name: String) {
        let shard = context.shards[0]
        shard.loop.execute { shard.replicas.linkUp(name) }
        pullResults(from: name)
    }

    func clusterRestarted() {
        let members = clusterNode.liveMembers
        singleton?.membersChanged(members)
        let shard = context.shards[0]
        shard.loop.execute { for member in members { shard.replicas.linkUp(member) } }
    }

    func clusterReceived(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from name: String) {
        switch channel {
        case .forwardRequest:
            guard payload.count > 2 else { return context.metrics.clusterDecodeErrors.add(1) }
            var index = Int(payload[0]) << 8 | Int(payload[1])
            if index >= context.shards.count {
                // A shard this node does not have: shard 0 takes it, so a request gets its error
                // answer (`hostGame` refuses an id naming another shard) instead of silence.
                context.metrics.clusterDecodeErrors.add(1)
                index = 0
            }
            let bytes = Array(payload[2...])
            let shard = context.shards[index]
            let registry = context.registry
            context.metrics.clusterMessagesIn.add(1)
            shard.loop.execute {
                do {
                    shard.receive(try NodeMessage(wireBytes: bytes, registry: registry))
                } catch {
                    shard.node.metrics.clusterDecodeErrors.add(1)
                }
            }
        case .stateSync:
            let bytes = Array(payload)
            let shard = context.shards[0]
            shard.loop.execute { shard.replicas.received(bytes, from: name) }
        case .pubSub:
            let bytes = Array(payload)
            let shard = context.shards[0]
            shard.loop.execute { shard.lobby?.receivedPublication(bytes, from: name) }
        case .tasks:
            // Result replication has tags 1...3, the task fan-out 16...31.
            if let tag = payload.first, TaskFanOutMessage.isFanOut(tag) {
                tasks.received(Array(payload), from: name)
            } else {
                receivedResultReplication(Array(payload), from: name)
            }
        case .singleton:
            singleton?.received(payload, from: name)
        default:
            context.metrics.clusterDecodeErrors.add(1)
        }
    }

    private func publishMembers() {
        let members = clusterNode.liveMembers
        context.views.members.withLock { $0 = members }
    }
}

import Protocol
import Reactor
import WebSocket
import WebSocketTransport

/// Everything one event loop owns: its connections, the sessions and games created on it, and on
/// shard 0 the lobby. All of it is touched only on that loop's thread, so none of it is locked.
///
/// Shards talk by running closures on each other's loops (`run(on:_:)`). Work for another shard is
/// batched and handed over once per loop iteration, so a tick that updates a thousand sessions on
/// the other loop costs one wake-up there, not a thousand. Work for this shard runs at once.
/// Ids carry their shard (`Identifiers`), so routing needs no table.
final class Shard: @unchecked Sendable {
    // @unchecked: every stored property below is touched only on `loop`'s thread (see the type's
    // doc); other threads reach a shard only through `loop.execute`.
    let index: Int
    let loop: EventLoop
    let node: NodeContext
    /// The lobby, on shard 0 only.
    private(set) var lobby: Lobby?
    /// The replicated maps, on shard 0 only.
    private(set) var replicas: Replicas!
    /// Who is online here, on shard 0 only.
    private(set) var presence: PresenceBook?
    /// Open connections by link id.
    var links: [Int: ClientLink] = [:]
    /// Sessions homed here, connected or within their resume grace period.
    var sessions: [String: Session] = [:]
    /// Games hosted here.
    var games: [String: HostedGame] = [:]
    /// Games hosted elsewhere than their id says (handed over by a draining node); from the
    /// replicated game list, and on the node that handed them over, from the adoption's answer.
    var movedGames: [String: ShardPlace] = [:]
    /// Games sealed for a hand-off, with the messages that arrived for them since (sent on to the
    /// new owner once it has adopted the game).
    var sealedGames: [String: [NodeMessage]] = [:]
    /// This shard's hand-off in progress, if any.
    var handoff: Handoff?
    /// Real-time games' ticks.
    var ticks: TickWheel!
    /// Sessions that expired recently, so a late resume hears `expired`, not `unknown_session`.
    var expiredSessions = ExpiredSessions(capacity: 4096)
    /// A reusable buffer for encoding messages.
    var writer = JSONWriter(capacity: 4096)

    private var nextLinkID = 1
    private var outbox: [Int: [@Sendable (Shard) -> Void]] = [:]
    private var flushScheduled = false
    private var deferred: [() -> Void] = []

    init(index: Int, loop: EventLoop, node: NodeContext) {
        self.index = index
        self.loop = loop
        self.node = node
        ticks = TickWheel(shard: self)
        if index == 0 {
            let lobby = Lobby(shard: self)
            let replicas = Replicas(shard: self, incarnation: UInt64(NodeContext.wallClockMilliseconds()))
            replicas.onChange = { [unowned(unsafe) self] map, changes in replicatedMapChanged(map, changes) }
            self.lobby = lobby
            self.replicas = replicas
            presence = PresenceBook(shard: self)
        }
    }

    /// Starts the shard's housekeeping (gauges for `/metrics` once a second); on its loop.
    func start() {
        publishGauges()
        if index == 0 { publishLoad() }
        publishAdminView()
        loop.schedule(after: .seconds(1)) { [self] in start() }
    }

    /// Runs `work` on shard `target`: now when it is this one, else batched for its loop.
    func run(on target: Int, _ work: @escaping @Sendable (Shard) -> Void) {
        if target == index {
            work(self)
            return
        }
        outbox[target, default: []].append(work)
        if !flushScheduled {
            flushScheduled = true
            // Runs after the rest of this loop iteration, so everything produced in it goes out
            // in one hand-over per target loop.
            loop.execute { [self] in flushOutbox() }
        }
    }

    /// Runs `work` on this loop after the current event has been handled: for work that must not
    /// run inside the call that triggered it (a connection closing inside a send).
    func later(_ work: @escaping () -> Void) {
        deferred.append(work)
        if deferred.count == 1 {
            loop.execute { [self] in
                let batch = deferred
                deferred.removeAll()
                for work in batch { work() }
            }
        }
    }

    private func flushOutbox() {
        flushScheduled = false
        for (target, batch) in outbox where !batch.isEmpty {
            outbox[target]!.removeAll(keepingCapacity: true)
            let shard = node.shards[target]
            shard.loop.execute { for work in batch { work(shard) } }
        }
    }

    /// This shard's place in the cluster.
    var place: ShardPlace { ShardPlace(node: node.nodeName, shard: index) }

    /// Sends `message` to the shard at `place`: run there when it is on this node, else handed to
    /// the cluster link (dropped, and counted, when there is none or the node is unknown).
    func send(_ message: NodeMessage, to place: ShardPlace) {
        if place.node == node.nodeName {
            guard place.shard < node.shards.count else { return }
            run(on: place.shard) { $0.receive(message) }
        } else if let remote = node.remote {
            remote.send(message, to: place, from: index)
        } else {
            node.metrics.unroutable.add(1)
        }
    }

    /// Sends `message` into the session at `address`, if it still exists.
    func deliver(_ message: OutboundMessage, to address: SessionAddress, membership: MembershipChange? = nil) {
        send(.deliver(sessions: [address.id], message: message, membership: membership), to: address.place)
    }

    /// Sends the same push to many sessions: once per shard they live on.
    func deliver(
        _ message: OutboundMessage, to addresses: some Sequence<SessionAddress>, membership: MembershipChange? = nil
    ) {
        var byPlace: [ShardPlace: [String]] = [:]
        let here = place
        for address in addresses {
            if address.shard == index && address.node == here.node {
                sessions[address.id]?.deliver(message, membership: membership)
            } else {
                byPlace[address.place, default: []].append(address.id)
            }
        }
        for (place, ids) in byPlace {
            send(.deliver(sessions: ids, message: message, membership: membership), to: place)
        }
    }

    /// Answers a request of the session at `address` with an error.
    func fail(_ address: SessionAddress, cid: Int?, _ code: ErrorCode, _ message: String) {
        deliver(.single(.error(ProtocolError(code: code, message: message, cid: cid))), to: address)
    }

    /// A new link id on this shard.
    func newLinkID() -> Int {
        defer { nextLinkID += 1 }
        return nextLinkID
    }

    /// The shard owning the game `id`, or nil when the id is not a game id.
    func place(ofGame id: String) -> ShardPlace? { movedGames[id] ?? Identifiers.place(of: id, prefix: "g") }

    /// The shard owning the session `id`, or nil when the id is not a session id.
    func place(ofSession id: String) -> ShardPlace? { Identifiers.place(of: id, prefix: "s") }

    /// Publishes this shard's gauges for `/metrics`.
    func publishGauges() {
        var running: [String: Int] = [:]
        var waiting: [String: Int] = [:]
        for game in games.values {
            switch game.state {
            case .playing: running[game.kind.rawValue, default: 0] += 1
            case .waiting: waiting[game.kind.rawValue, default: 0] += 1
            case .finished: break
            }
        }
        let connections = links.count, sessionCount = sessions.count
        node.metrics.publish(loop: index) { gauges in
            gauges.connections = connections
            gauges.sessions = sessionCount
            for kind in gauges.gamesRunning.keys {
                gauges.gamesRunning[kind] = running[kind] ?? 0
                gauges.gamesWaiting[kind] = waiting[kind] ?? 0
            }
        }
    }
}

/// Session ids that expired lately, oldest forgotten first.
struct ExpiredSessions {
    let capacity: Int
    private var ids: Set<String> = []
    private var order: [String] = []
    private var head = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func insert(_ id: String) {
        guard ids.insert(id).inserted else { return }
        if order.count < capacity {
            order.append(id)
        } else {
            ids.remove(order[head])
            order[head] = id
            head = (head + 1) % capacity
        }
    }

    func contains(_ id: String) -> Bool { ids.contains(id) }
}

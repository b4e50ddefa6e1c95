import Foundation
import Testing
import Membership
import Reactor
@testable import Cluster

/// One `ClusterNode` for tests, on its own loop thread, with a delegate and log sink that record
/// everything (and when) for assertions.
final class TestClusterNode: ClusterNodeDelegate, @unchecked Sendable {
    // @unchecked: delegate methods run on the loop and write `record` under its lock; `node` is
    // only touched on the loop (through `run`).
    struct Record: Sendable {
        var joined: [(name: String, at: ContinuousClock.Instant)] = []
        var left: [(name: String, dead: Bool, at: ContinuousClock.Instant)] = []
        var linkUps: [String] = []
        var received: [(from: String, channel: ClusterChannel, payload: [UInt8])] = []
        var restarts = 0
        var log: [String] = []
    }

    let name: String
    let group: EventLoopGroup
    let node: ClusterNode
    let record = Locked(Record())
    /// `host:port` the node listens on.
    private(set) var address = ""
    /// Whether the loop is gone (crashed or stopped): nothing may be run on it any more.
    private(set) var isDown = false

    var loop: EventLoop { group.loops[0] }
    var port: Int { Int(address.split(separator: ":").last!)! }

    init(_ name: String, port: Int = 0, seeds: [String] = [], configure: (inout ClusterNodeConfiguration) -> Void = { _ in }) throws {
        TLSGlobals.ignoreSIGPIPE()
        self.name = name
        group = try EventLoopGroup(loopCount: 1, name: "cn-\(name)")
        var link = ClusterLinkConfiguration(clusterName: "roost", nodeName: name, keyring: try ClusterKeyring(secret: testSecret))
        link.listenPort = port
        link.reconnectBackoff = ClusterBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(500))
        link.log = { _ in }
        var configuration = ClusterNodeConfiguration(link: link, seeds: seeds)
        let record = self.record
        configuration.log = { event in
            record.withLock { $0.log.append(event.description) }
            if ProcessInfo.processInfo.environment["CLUSTER_NODE_LOG"] != nil { print("[\(name)] \(event)") }
        }
        configure(&configuration)
        node = ClusterNode(configuration: configuration, loop: group.loops[0])
        let node = self.node
        address = try onLoop(loop) { [self] () throws -> String in
            node.delegate = self
            try node.start()
            return node.listeningAddress!
        }
    }

    /// Runs `body` with the node on its loop and waits for the result.
    func run<T: Sendable>(_ body: @escaping @Sendable (ClusterNode) -> T) -> T {
        precondition(!isDown, "node \(name) is down")
        let node = self.node
        return try! onLoop(loop) { body(node) }
    }

    var liveMembers: [String] { run { $0.liveMembers } }
    var counters: ClusterNodeCounters { run { $0.counters } }

    func joinedCount(_ member: String) -> Int { record.withLock { $0.joined.filter { $0.name == member }.count } }
    func departures(of member: String) -> [(dead: Bool, at: ContinuousClock.Instant)] {
        record.withLock { $0.left.filter { $0.name == member }.map { ($0.dead, $0.at) } }
    }
    func received(from peer: String, on channel: ClusterChannel = .pubSub) -> [String] {
        record.withLock {
            $0.received.filter { $0.from == peer && $0.channel == channel }.map { String(decoding: $0.payload, as: UTF8.self) }
        }
    }

    @discardableResult
    func send(_ text: String, channel: ClusterChannel = .pubSub, to peer: String) -> Bool {
        run { $0.send(Array(text.utf8), channel: channel, to: peer) }
    }

    /// Stops without leaving (peers read a `.close` frame), and ends the loop thread.
    func stop() {
        guard !isDown else { return }
        run { $0.stop() }
        isDown = true
        group.shutdown()
    }

    /// Dies as a killed process would: every socket closed without a `.close` frame (peers read
    /// EOF), no more timers, the loop thread gone.
    func crash() {
        run { node in
            node.phase = .stopped  // hear nothing from the link while it goes
            if let timer = node.tickTimer { node.loop.cancel(timer) }
            let link = node.link
            link.stopped = true  // no redials
            link.listener?.stop()
            link.listener = nil
            for connection in link.connections.values { connection.abortNow(reason: .connectionLost) }
        }
        isDown = true
        group.shutdown()
    }

    /// Blocks the loop thread (as SIGSTOP or a long GC pause would): sockets stay open, nothing is
    /// answered. Returns the latch that lets it run again.
    func freeze() -> Latch {
        let latch = Latch(count: 1)
        loop.execute { latch.wait() }
        return latch
    }

    // MARK: ClusterNodeDelegate (on the loop)

    func clusterMemberJoined(_ name: String) { record.withLock { $0.joined.append((name, .now)) } }
    func clusterMemberLeft(_ name: String, dead: Bool) { record.withLock { $0.left.append((name, dead, .now)) } }
    func clusterLinkUp(_ name: String) { record.withLock { $0.linkUps.append(name) } }
    func clusterReceived(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from name: String) {
        let bytes = Array(payload)
        record.withLock { $0.received.append((name, channel, bytes)) }
    }
    func clusterRestarted() { record.withLock { $0.restarts += 1 } }
}

/// A value behind an NSLock (visible to ThreadSanitizer, unlike `Mutex`; see `StateBox`).
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Nodes a test started, stopped when it ends (in reverse order).
final class TestCluster {
    private(set) var nodes: [TestClusterNode] = []

    @discardableResult
    func add(_ node: TestClusterNode) -> TestClusterNode {
        nodes.append(node)
        return node
    }

    /// Starts `count` nodes `n1`, `n2`, … on free loopback ports, each given every node's address
    /// (its own included) as seeds, all at once.
    static func withSharedSeeds(_ count: Int, configure: (inout ClusterNodeConfiguration) -> Void = { _ in }) throws -> TestCluster {
        let cluster = TestCluster()
        let ports = try freeLoopbackPorts(count)
        let seeds = ports.map { "127.0.0.1:\($0)" }
        for (index, port) in ports.enumerated() {
            cluster.add(try TestClusterNode("n\(index + 1)", port: port, seeds: seeds, configure: configure))
        }
        return cluster
    }

    /// Starts `count` nodes; the first has no seeds, the others join through it.
    static func withFirstAsSeed(_ count: Int, configure: (inout ClusterNodeConfiguration) -> Void = { _ in }) throws -> TestCluster {
        let cluster = TestCluster()
        let first = cluster.add(try TestClusterNode("n1", configure: configure))
        for index in stride(from: 2, through: count, by: 1) {
            cluster.add(try TestClusterNode("n\(index)", seeds: [first.address], configure: configure))
        }
        return cluster
    }

    subscript(name: String) -> TestClusterNode { nodes.last { $0.name == name }! }

    /// Nodes still running.
    var up: [TestClusterNode] { nodes.filter { !$0.isDown } }

    /// Whether every running node sees every other running node live, and nothing else.
    var isConverged: Bool {
        let names = up.map(\.name).sorted()
        return up.allSatisfy { node in node.liveMembers == names.filter { $0 != node.name } }
    }

    deinit { for node in nodes.reversed() { node.stop() } }
}

/// `count` distinct TCP ports free on 127.0.0.1 right now (bound to port 0, then released).
func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    let listeners = try (0..<count).map { _ in
        try TCPListener(address: try SocketAddress(host: "127.0.0.1", port: 0), backlog: 1, reusePort: false)
    }
    defer { for listener in listeners { listener.close() } }
    return listeners.map(\.localAddress.port)
}

/// Seconds with two decimals, for printed figures.
func seconds(_ duration: Duration) -> String {
    String(format: "%.2f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}

/// Every ClusterNode suite, one test at a time: each starts several nodes with a thread each, and
/// the printed detection times mean something only without other tests competing for the cores.
@Suite(.serialized) struct ClusterNodeTests {}

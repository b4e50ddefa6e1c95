import Foundation
import Glibc
import Reactor
import Synchronization
@testable import Cluster

let testSecret = [UInt8](repeating: 0x5C, count: 32)
let wrongSecret = [UInt8](repeating: 0x3A, count: 32)

/// Runs `body` on `loop` and waits for its result.
func onLoop<T: Sendable>(_ loop: EventLoop, _ body: @escaping @Sendable () throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let latch = Latch(count: 1)
    loop.execute {
        let outcome = Result { try body() }
        result.withLock { $0 = outcome }
        latch.countDown()
    }
    latch.wait()
    return try result.withLock { $0! }.get()
}

/// Polls `condition` every 2 ms until it holds or `timeout` passes. The
/// timeout only bounds a hung test; no test asserts on how long anything takes.
@discardableResult
func eventually(timeout: Duration = .seconds(20), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(2_000)
    }
    return try condition()
}

/// One cluster node for tests: a `ClusterLink` on its own loop thread, with a
/// handler and log sink that record everything for assertions.
final class TestNode: ClusterLinkHandler, @unchecked Sendable {
    // @unchecked: handler methods run on the loop and write `state` under its
    // lock; `link` is only touched on the loop (through `run`).
    struct State: Sendable {
        var connected: [ClusterPeer] = []
        var disconnected: [(peer: ClusterPeer, reason: ClusterDisconnectReason)] = []
        var received: [(from: String, channel: ClusterChannel, payload: [UInt8])] = []
        var log: [ClusterLinkLogEvent] = []
    }

    let name: String
    let group: EventLoopGroup
    let state = StateBox()
    private(set) var link: ClusterLink!
    let port: Int

    var loop: EventLoop { group.loops[0] }

    init(
        _ name: String, cluster: String = "roost", secret: [UInt8] = testSecret, port: Int = 0,
        configure: (inout ClusterLinkConfiguration) -> Void = { _ in }
    ) throws {
        TLSGlobals.ignoreSIGPIPE()
        self.name = name
        group = try EventLoopGroup(loopCount: 1, name: "node-\(name)")
        var configuration = ClusterLinkConfiguration(clusterName: cluster, nodeName: name, keyring: try ClusterKeyring(secret: secret))
        configuration.listenPort = port
        configuration.reconnectBackoff = ClusterBackoff(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        let state = self.state
        configuration.log = { event in state.withLock { $0.log.append(event) } }
        configure(&configuration)
        let link = ClusterLink(configuration: configuration, loop: group.loops[0])
        self.port = try onLoop(group.loops[0]) { () throws -> Int in
            try link.start()
            return link.listeningAddress!.port
        }
        self.link = link
        link.handler = self  // before any peer can connect: nothing dials a node without its port
    }

    /// The address to dial this node at, naming it unless `named` is false.
    func address(named: Bool = true) -> ClusterPeerAddress {
        ClusterPeerAddress(host: "127.0.0.1", port: port, name: named ? name : nil)
    }

    /// Runs `body` with the link on its loop.
    func run<T: Sendable>(_ body: @escaping @Sendable (ClusterLink) throws -> T) rethrows -> T {
        let link = self.link!
        return try! onLoop(loop) { try body(link) }
    }

    func connect(to other: TestNode, named: Bool = true) {
        let address = other.address(named: named)
        run { $0.connect(to: address) }
    }

    @discardableResult
    func send(_ text: String, channel: ClusterChannel = .pubSub, to peer: String) -> ClusterSendResult {
        run { $0.send(Array(text.utf8), channel: channel, to: peer) }
    }

    var counters: ClusterLinkCounters { run { $0.counters } }

    func isConnected(to peer: String) -> Bool { run { $0.isConnected(to: peer) } }

    /// Open connections of every kind (opening, active, closing).
    var connectionCount: Int { run { $0.connections.count } }

    func received(from peer: String) -> [String] {
        state.withLock { $0.received.filter { $0.from == peer }.map { String(decoding: $0.payload, as: UTF8.self) } }
    }

    func logged(_ matches: (ClusterLinkLogEvent) -> Bool) -> Bool { state.withLock { $0.log.contains(where: matches) } }

    func stop() {
        run { $0.stop() }
        group.shutdown()
    }

    // MARK: ClusterLinkHandler (on the loop)

    func peerConnected(_ peer: ClusterPeer) { state.withLock { $0.connected.append(peer) } }

    func peerDisconnected(_ peer: ClusterPeer, reason: ClusterDisconnectReason) {
        state.withLock { $0.disconnected.append((peer, reason)) }
    }

    func received(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from peer: ClusterPeer) {
        let bytes = Array(payload)
        state.withLock { $0.received.append((peer.name, channel, bytes)) }
    }
}

/// The recorded state, in a box the log closure can hold before the node exists.
///
/// An NSLock (a pthread mutex) rather than `Mutex`: ThreadSanitizer sees
/// pthread locking but not `Mutex`'s raw futex calls, and would report the
/// loop's writes and the test's reads as races.
final class StateBox: @unchecked Sendable {
    // @unchecked: `state` is only touched with `lock` held.
    private let lock = NSLock()
    private var state = TestNode.State()
    func withLock<T>(_ body: (inout TestNode.State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }
}

/// Nodes a test started, stopped when it ends (in reverse order).
final class Nodes {
    private var nodes: [TestNode] = []
    func add(_ node: TestNode) -> TestNode {
        nodes.append(node)
        return node
    }
    deinit { for node in nodes.reversed() { node.stop() } }
}

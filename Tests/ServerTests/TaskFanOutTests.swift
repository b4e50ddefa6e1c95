import Foundation
import Reactor
import Synchronization
import Testing

@testable import Server

/// `TaskFanOut` between nodes joined by an in-memory network on one loop: tiny frames so every
/// request and reply travels in many parts, nodes that leave, refuse or never answer.
@Suite struct TaskFanOutTests {
    /// Several fan-outs wired to each other; every method runs on `group`'s one loop.
    final class Network: @unchecked Sendable {
        // @unchecked: `nodes` and `live` are touched only on the loop.
        let group: EventLoopGroup
        var loop: EventLoop { group.loops[0] }
        var nodes: [String: TaskFanOut] = [:]
        var live: Set<String> = []

        init(_ names: [String], maxPayloadBytes: Int = 300) throws {
            group = try EventLoopGroup(loopCount: 1, name: "fanout-test")
            for name in names {
                let transport = TaskFanOut.Transport(
                    localName: name,
                    liveMembers: { [unowned self] in live.filter { $0 != name }.sorted() },
                    send: { [unowned self] payload, peer in
                        guard live.contains(peer), live.contains(name) else { return false }
                        loop.schedule(after: .zero) { [unowned self] in
                            if live.contains(peer) { nodes[peer]!.received(payload, from: name) }
                        }
                        return true
                    },
                    queuedBytes: { [unowned self] peer in live.contains(peer) ? 0 : nil },
                    maxPayloadBytes: maxPayloadBytes)
                nodes[name] = try TaskFanOut(loop: group.loops[0], transport: transport)
                live.insert(name)
            }
        }

        /// `name` is gone: the others hear it left.
        func remove(_ name: String) {
            live.remove(name)
            for (other, node) in nodes where other != name { node.memberLeft(name) }
        }

        @discardableResult
        func onLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
            let box = Mutex<T?>(nil)
            let done = Latch(count: 1)
            loop.execute {
                let value = body()
                box.withLock { $0 = value }
                done.countDown()
            }
            done.wait()
            return box.withLock { $0! }
        }

        func stop() {
            for node in nodes.values { node.shutdown() }
            group.shutdown()
        }
    }

    /// A handler that answers with the payload reversed and the node's name appended.
    static func reverser(_ name: String) -> TaskHandler {
        { payload, _, reply in reply(.success(payload.reversed() + Array(name.utf8))) }
    }

    static func run(
        _ network: Network, from node: String, _ payloads: [[UInt8]], timeout: Duration? = nil
    ) -> Result<[[UInt8]], TaskFailure>? {
        let outcome = Mutex<Result<[[UInt8]], TaskFailure>?>(nil)
        network.onLoop {
            network.nodes[node]!.run("reverse", payloads: payloads, timeout: timeout) { result in outcome.withLock { $0 = result } }
        }
        _ = eventually(timeout: .seconds(20)) { outcome.withLock { $0 } != nil }
        return outcome.withLock { $0 }
    }

    @Test func resultsComeBackInOrderFromEveryNodeInManyParts() throws {
        let network = try Network(["a", "b", "c"])
        defer { network.stop() }
        for (name, node) in network.nodes { node.register("reverse", Self.reverser(name)) }
        let payloads = (0..<9).map { index in (0..<(500 * index + 1)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) } }
        let results = try #require(Self.run(network, from: "a", payloads)).get()
        for (index, result) in results.enumerated() {
            let node = ["a", "b", "c"][index % 3]
            #expect(result == payloads[index].reversed() + Array(node.utf8), "task \(index)")
        }
        let counters = network.onLoop { network.nodes["a"]!.counters }
        #expect(counters.tasksRunLocally == 3)
        #expect(counters.requestsSent == 6)
        #expect(counters.tasksRedispatched == 0)
    }

    @Test func aNodeThatLeavesHasItsTasksRunElsewhere() throws {
        let network = try Network(["a", "b", "c"])
        defer { network.stop() }
        let received = Mutex(0)
        for (name, node) in network.nodes { node.register("reverse", Self.reverser(name)) }
        // c takes its tasks and never answers; it leaves once it holds one.
        network.nodes["c"]!.register("reverse") { _, _, _ in received.withLock { $0 += 1 } }
        let outcome = Mutex<Result<[[UInt8]], TaskFailure>?>(nil)
        network.onLoop {
            network.nodes["a"]!.run("reverse", payloads: (0..<6).map { [UInt8($0)] }) { result in outcome.withLock { $0 = result } }
        }
        #expect(eventually { received.withLock { $0 } == 2 })
        network.onLoop { network.remove("c") }
        #expect(eventually { outcome.withLock { $0 } != nil })
        let results = try #require(outcome.withLock { $0 }).get()
        #expect(results.map(\.first) == (0..<6).map { UInt8($0) })
        #expect(results.allSatisfy { !$0.contains(UInt8(ascii: "c")) })
        let counters = network.onLoop { network.nodes["a"]!.counters }
        #expect(counters.tasksRedispatched == 2)
        #expect(counters.requestsLostToDepartures == 2)
    }

    @Test func aNodeThatDoesNotAnswerInTimeOrHasNoHandlerIsPassedOver() throws {
        let network = try Network(["a", "b", "c"])
        defer { network.stop() }
        network.nodes["a"]!.register("reverse", Self.reverser("a"))
        network.nodes["b"]!.register("reverse") { _, _, _ in }
        // c has no handler at all: it answers `failed`.
        let results = try #require(Self.run(network, from: "a", (0..<4).map { [UInt8($0)] }, timeout: .milliseconds(200))).get()
        #expect(results == (0..<4).map { [UInt8($0)] + Array("a".utf8) })
        let counters = network.onLoop { network.nodes["a"]!.counters }
        #expect(counters.requestsTimedOut >= 1)
        #expect(counters.tasksRedispatched >= 2)
    }

    @Test func aTaskEveryNodeRefusesFailsTheFanOut() throws {
        let network = try Network(["a", "b"])
        defer { network.stop() }
        for node in network.nodes.values { node.register("reverse") { _, _, reply in reply(.failure(TaskFailure(reason: "no"))) } }
        guard case .failure(let failure) = try #require(Self.run(network, from: "a", [[1]])) else {
            Issue.record("a task refused everywhere succeeded")
            return
        }
        #expect(failure.reason.contains("8 times"))
    }

    @Test func aCancelledFanOutCompletesAtOnceAndDropsLateResults() throws {
        let network = try Network(["a", "b"])
        defer { network.stop() }
        network.nodes["a"]!.register("reverse", Self.reverser("a"))
        network.nodes["b"]!.register("reverse") { _, _, _ in }
        let outcomes = Mutex<[Result<[[UInt8]], TaskFailure>]>([])
        network.onLoop {
            let id = network.nodes["a"]!.run("reverse", payloads: [[1], [2]]) { result in outcomes.withLock { $0.append(result) } }
            network.nodes["a"]!.cancel(id)
        }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(outcomes.withLock { $0 } == [.failure(.cancelled)])
    }

    @Test func undecodableMessagesAreCountedNotFatal() throws {
        let network = try Network(["a"])
        defer { network.stop() }
        let errors = Mutex(0)
        let counters = network.onLoop {
            let node = network.nodes["a"]!
            node.onDecodeError = { errors.withLock { $0 += 1 } }
            node.received([16], from: "x")
            node.received([17, 1, 5, 2, 0], from: "x")
            node.received([99], from: "x")
            // A reply to nothing this node asked: ignored.
            node.received(TaskFanOutMessage.reply(id: 77, part: 0, parts: 1, bytes: [1]).wireBytes(), from: "x")
            return node.counters
        }
        #expect(counters.decodeErrors == 3)
        #expect(errors.withLock { $0 } == 3)
    }
}

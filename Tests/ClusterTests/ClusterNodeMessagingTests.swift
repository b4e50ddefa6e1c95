import Foundation
import Membership
import Reactor
import Testing
@testable import Cluster

extension ClusterNodeTests {
    /// Frames of the layers above between members: to one node, to all, and what is dropped.
    @Suite struct MessagingTests {
        @Test func appFramesReachTheDelegateOfTheNamedNode() throws {
            let cluster = try TestCluster.withFirstAsSeed(3)
            #expect(eventually { cluster.isConverged })
            #expect(eventually { cluster["n1"].run { $0.link.isConnected(to: "n3") } })
            #expect(cluster["n1"].send("to n3", channel: .directory, to: "n3"))
            #expect(eventually { cluster["n3"].received(from: "n1", on: .directory) == ["to n3"] })
            #expect(cluster["n2"].record.withLock { $0.received.isEmpty })
            // Membership traffic never reaches the delegate.
            #expect(cluster.nodes.allSatisfy { node in node.record.withLock { !$0.received.contains { $0.channel == .membership } } })
            #expect(!cluster["n1"].send("nobody", to: "n9"))
        }

        @Test func broadcastReachesEveryLiveMember() throws {
            let cluster = try TestCluster.withFirstAsSeed(5)
            #expect(eventually { cluster.isConverged })
            let sender = cluster["n2"]
            #expect(eventually { sender.run { $0.link.connectedPeers.count } == 4 })
            #expect(sender.run { $0.broadcast(Array("all".utf8), channel: .pubSub) } == 4)
            for node in cluster.nodes where node !== sender {
                #expect(eventually { node.received(from: "n2") == ["all"] })
            }
            #expect(sender.received(from: "n2").isEmpty)
        }

        @Test func undecodableMembershipFramesAreCountedAndDropped() throws {
            let cluster = TestCluster()
            let node = cluster.add(try TestClusterNode("n1"))
            let links = Nodes()
            let raw = links.add(try TestNode("x1") { $0.log = { _ in } })
            raw.run { $0.connect(to: ClusterPeerAddress("127.0.0.1:\(node.port)")!) }
            #expect(eventually { raw.isConnected(to: "n1") })
            #expect(raw.send("\u{FF}garbage", channel: .membership, to: "n1") == .queued)
            #expect(eventually { node.counters.membershipDecodeErrors == 1 })
            // A peer not known to membership yet may be joining: its frames are delivered.
            #expect(raw.send("early", to: "n1") == .queued)
            #expect(eventually { node.received(from: "x1") == ["early"] })
        }

        @Test func framesFromADepartedRunAreDroppedAndANewRunIsHeard() throws {
            let cluster = TestCluster()
            let node = cluster.add(try TestClusterNode("n1"))
            let links = Nodes()
            let raw = links.add(try TestNode("n9") { $0.log = { _ in } })
            raw.run { $0.connect(to: ClusterPeerAddress("127.0.0.1:\(node.port)")!) }
            #expect(eventually { raw.isConnected(to: "n1") })
            let me = NodeID(name: "n9", address: "127.0.0.1:\(raw.port)")
            func announce(_ status: MemberUpdate.Status, generation: UInt64) {
                let message = MembershipMessage(.gossip, gossip: [MemberUpdate(node: me, incarnation: Incarnation(generation: generation), status: status)])
                _ = raw.run { $0.send(message.encode(), channel: .membership, to: "n1") }
            }
            announce(.alive, generation: 5)
            #expect(eventually { node.joinedCount("n9") == 1 })
            announce(.left, generation: 5)
            #expect(eventually { node.departures(of: "n9").map(\.dead) == [false] })
            #expect(raw.send("from the old run", to: "n1") == .queued)
            #expect(eventually { node.counters.framesFromDepartedDropped == 1 })
            announce(.alive, generation: 6)
            #expect(raw.send("from the new run", to: "n1") == .queued)
            #expect(eventually { node.received(from: "n9") == ["from the new run"] })
            #expect(node.joinedCount("n9") == 2)
        }
    }
}

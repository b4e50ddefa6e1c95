import Foundation
import Membership
import Reactor
import Testing
@testable import Cluster

extension ClusterNodeTests {
    /// Real nodes on loopback joining through seeds: everyone ends up seeing everyone, with a link
    /// between every pair.
    @Suite struct MembershipTests {
        @Test func threeNodesConvergeFromSeedsThatIncludeTheirOwnAddress() throws {
            let started = ContinuousClock.now
            let cluster = try TestCluster.withSharedSeeds(3)
            #expect(eventually { cluster.isConverged })
            print("3 nodes, shared seeds: converged in \(seconds(.now - started)) s")
            for node in cluster.nodes {
                let others = cluster.nodes.map(\.name).filter { $0 != node.name }
                #expect(eventually { Set(node.record.withLock { $0.joined.map(\.name) }) == Set(others) })
                #expect(eventually { Set(node.record.withLock { $0.linkUps }) == Set(others) })
                #expect(node.record.withLock { $0.left.isEmpty && $0.restarts == 0 })
                // Nobody dialed itself for long: its own seed was skipped.
                #expect(node.counters.link.selfConnections == 0)
            }
        }

        @Test func fiveNodesConvergeThroughOneSeedWithALinkBetweenEveryPair() throws {
            let started = ContinuousClock.now
            let cluster = try TestCluster.withFirstAsSeed(5)
            #expect(eventually { cluster.isConverged })
            print("5 nodes, one seed: converged in \(seconds(.now - started)) s")
            for node in cluster.nodes {
                let others = cluster.nodes.map(\.name).filter { $0 != node.name }
                #expect(eventually { node.run { $0.link.connectedPeers.map(\.name) } == others })
                #expect(node.record.withLock { $0.joined.count } == 4)
            }
            // The joins waited for the links to the seed rather than being lost to the dial.
            #expect(cluster.nodes.dropFirst().allSatisfy { $0.counters.membershipMessagesHeld >= 1 })
        }

        @Test func nodeJoinsThroughTheSeedDNSName() throws {
            let cluster = TestCluster()
            let first = cluster.add(try TestClusterNode("n1"))
            let port = first.port
            let second = cluster.add(
                try TestClusterNode("n2") { configuration in
                    configuration.seedDNSName = "localhost"
                    configuration.seedDNSPort = port
                })
            #expect(eventually { cluster.isConverged })
            #expect(second.counters.seedResolutionFailures == 0)
        }

        @Test func unresolvableSeedDNSNameIsLoggedOnceAndCounted() throws {
            let cluster = TestCluster()
            let node = cluster.add(
                try TestClusterNode("n1") { configuration in
                    configuration.seedDNSName = "no-such-seed.invalid"
                    configuration.membership.rejoinInterval = .milliseconds(200)
                })
            #expect(eventually { node.counters.seedResolutionFailures >= 2 })
            #expect(node.record.withLock { $0.log.filter { $0.contains("did not resolve") }.count } == 1)
            #expect(node.liveMembers.isEmpty)
        }

        @Test func logLinesNameTheMemberAndWhatHappened() throws {
            let cluster = try TestCluster.withFirstAsSeed(2)
            #expect(eventually { cluster.isConverged })
            #expect(cluster["n1"].record.withLock { $0.log.contains { $0.hasPrefix("n2 joined (127.0.0.1:") } })
            cluster["n2"].crash()
            #expect(eventually { cluster["n1"].record.withLock { $0.log.contains { $0.hasPrefix("n2 declared dead (127.0.0.1:") } } })
        }

        @Test func heldMessagesAreBoundedAndExpire() {
            var held = HeldMembershipMessages(maxPerDestination: 2, lifetime: .seconds(1))
            let start = MonotonicInstant(nanoseconds: 0)
            #expect(held.hold([1], for: .seed("a:1"), now: start) == 0)
            #expect(held.hold([2], for: .seed("a:1"), now: start) == 0)
            #expect(held.hold([3], for: .seed("a:1"), now: start) == 1)
            #expect(held.hold([9], for: .member("n2"), now: start + .milliseconds(600)) == 0)
            #expect(held.seedAddresses == ["a:1"])
            let expired = held.expire(now: start + .seconds(1))
            #expect(expired.destinations == [.seed("a:1")] && expired.droppedMessages == 2)
            #expect(held.take(for: .seed("a:1")).isEmpty)
            #expect(held.take(for: .member("n2")) == [[9]])
            #expect(held.isEmpty)
        }
    }
}

import Foundation
import Membership
import Reactor
import Testing
@testable import Cluster

extension ClusterNodeTests {
    /// Nodes that crash, freeze, stop, leave and come back, on loopback with the default membership
    /// settings. Detection times are printed, not asserted (the timeout only bounds a hung test).
    @Suite struct FailureTests {
        /// Waits until every running node but `victim` reported `victim` gone, and prints how long each took.
        private func awaitDeparture(of victim: String, in cluster: TestCluster, dead: Bool, since start: ContinuousClock.Instant, _ what: String) {
            let survivors = cluster.up.filter { $0.name != victim }
            #expect(eventually { survivors.allSatisfy { !$0.departures(of: victim).isEmpty } })
            var times: [String] = []
            for survivor in survivors {
                let departures = survivor.departures(of: victim)
                #expect(departures.map(\.dead) == [dead], "\(survivor.name) saw \(victim) go as \(departures.map(\.dead))")
                if let first = departures.first { times.append("\(survivor.name) \(seconds(first.at - start))") }
                #expect(!survivor.liveMembers.contains(victim))
            }
            print("\(what): \(victim) reported \(dead ? "dead" : "left") after \(times.joined(separator: ", ")) s")
        }

        @Test func crashedNodeIsDeclaredDeadByEveryOther() throws {
            let cluster = try TestCluster.withFirstAsSeed(5)
            #expect(eventually { cluster.isConverged })
            let start = ContinuousClock.now
            cluster["n3"].crash()
            awaitDeparture(of: "n3", in: cluster, dead: true, since: start, "5 nodes, default settings, crash (peers read EOF)")
            #expect(eventually { cluster.isConverged })
        }

        @Test func frozenNodeIsDeclaredDeadThenRestartsAsANewRunWhenItWakes() throws {
            let cluster = try TestCluster.withFirstAsSeed(5)
            #expect(eventually { cluster.isConverged })
            let victim = cluster["n5"]
            let start = ContinuousClock.now
            let frozen = victim.freeze()
            let survivors = cluster.nodes.filter { $0 !== victim }
            #expect(eventually { survivors.allSatisfy { !$0.departures(of: "n5").isEmpty } })
            var times: [String] = []
            for survivor in survivors {
                #expect(survivor.departures(of: "n5").map(\.dead) == [true])
                times.append("\(survivor.name) \(seconds(survivor.departures(of: "n5")[0].at - start))")
            }
            print("5 nodes, default settings, frozen (sockets open, no answers): n5 reported dead after \(times.joined(separator: ", ")) s")
            frozen.countDown()
            #expect(eventually { victim.record.withLock { $0.restarts } >= 1 })
            #expect(eventually { survivors.allSatisfy { $0.joinedCount("n5") == 2 } })
            #expect(eventually { cluster.isConverged })
            #expect(victim.counters.restarts >= 1)
            // After the restart every survivor hears n5 again.
            for survivor in survivors { #expect(victim.send("back", to: survivor.name)) }
            #expect(eventually { survivors.allSatisfy { $0.received(from: "n5") == ["back"] } })
        }

        @Test func stoppedNodeIsDeclaredDead() throws {
            let cluster = try TestCluster.withFirstAsSeed(3)
            #expect(eventually { cluster.isConverged })
            let start = ContinuousClock.now
            cluster["n2"].stop()
            awaitDeparture(of: "n2", in: cluster, dead: true, since: start, "3 nodes, default settings, stop() without leave")
        }

        @Test func cleanLeaveIsSeenAtOnceAsLeftNotDead() throws {
            let cluster = try TestCluster.withFirstAsSeed(4)
            #expect(eventually { cluster.isConverged })
            let leaver = cluster["n4"]
            let done = Locked(false)
            let start = ContinuousClock.now
            leaver.run { node in node.leave { done.withLock { $0 = true } } }
            #expect(eventually { done.withLock { $0 } })
            print("leave(then:) finished after \(seconds(.now - start)) s")
            #expect(leaver.liveMembers.isEmpty && leaver.run { !$0.isLive("n1") })
            awaitDeparture(of: "n4", in: cluster, dead: false, since: start, "4 nodes, clean leave")
            leaver.stop()
            #expect(eventually { cluster.isConverged })
        }

        @Test func restartedNodeWithTheSameNameAndAddressIsReportedJoinedAgain() throws {
            let cluster = try TestCluster.withFirstAsSeed(3)
            #expect(eventually { cluster.isConverged })
            let old = cluster["n3"]
            let port = old.port
            old.crash()
            awaitDeparture(of: "n3", in: cluster, dead: true, since: .now, "3 nodes, crash before restart")
            let restarted = cluster.add(try TestClusterNode("n3", port: port, seeds: [cluster["n1"].address]))
            #expect(eventually { cluster.isConverged })
            for survivor in [cluster["n1"], cluster["n2"]] {
                #expect(eventually { survivor.joinedCount("n3") == 2 })
                #expect(survivor.departures(of: "n3").count == 1)
            }
            #expect(eventually { Set(restarted.record.withLock { $0.linkUps }) == ["n1", "n2"] })
            #expect(restarted.send("hello again", to: "n2"))
            #expect(eventually { cluster["n2"].received(from: "n3") == ["hello again"] })
        }

        @Test func nodeRestartedBeforeItsCrashWasDetectedReplacesItsOldRun() throws {
            let cluster = try TestCluster.withFirstAsSeed(3)
            #expect(eventually { cluster.isConverged })
            let old = cluster["n3"]
            let port = old.port
            let start = ContinuousClock.now
            old.crash()
            let restarted = cluster.add(try TestClusterNode("n3", port: port, seeds: [cluster["n1"].address]))
            // The old run ends (reported dead once) and the new one joins, whichever way each survivor learns it.
            for survivor in [cluster["n1"], cluster["n2"]] {
                #expect(eventually { survivor.joinedCount("n3") == 2 })
                #expect(survivor.departures(of: "n3").map(\.dead) == [true])
            }
            print("crash and immediate restart: old run replaced after \(seconds(.now - start)) s")
            #expect(cluster["n1"].counters.membersRestarted == 1 && cluster["n1"].counters.membersDeclaredDead == 0)
            #expect(cluster["n1"].record.withLock { $0.log.contains { $0.hasPrefix("n3 restarted: its run ended") } })
            #expect(eventually { cluster.isConverged })
            #expect(restarted.send("new run", to: "n1"))
            #expect(eventually { cluster["n1"].received(from: "n3") == ["new run"] })
        }
    }
}

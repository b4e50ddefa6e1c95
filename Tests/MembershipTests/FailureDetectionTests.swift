import Testing
@testable import Membership

/// A killed node is declared dead by everyone within 3 s of virtual time, and nobody else is.
@Suite struct FailureDetectionTests {
    /// Kills one node of a converged cluster and returns when each survivor declared it dead.
    static func killAndWatch(size: Int, seed: UInt64, hints: Bool, victim: String? = nil) -> (ClusterSimulator, [Duration]) {
        var cluster = ClusterSimulator(size: size, seed: seed)
        cluster.linkFailureHints = hints
        cluster.startAll()
        cluster.run(for: .seconds(5) + .milliseconds(Int64(seed % 250)))
        let victim = victim ?? "n\(Int(seed) % size)"
        let killedAt = cluster.now
        cluster.kill(victim)
        cluster.run(for: .seconds(10))
        var detections: [Duration] = []
        for observer in cluster.runningNames {
            let dead = cluster.observations.first {
                if case .dead(let member) = $0.event { $0.observer == observer && member.node.name == victim } else { false }
            }
            detections.append(dead.map { $0.time - killedAt } ?? .seconds(1_000))
        }
        return (cluster, detections)
    }

    @Test(arguments: [3, 5, 9])
    func killedNodeIsDeclaredDeadByAllWithinThreeSeconds(size: Int) {
        for seed in UInt64(1)...12 {
            let (cluster, detections) = Self.killAndWatch(size: size, seed: seed, hints: false)
            #expect(detections.allSatisfy { $0 <= .seconds(3) }, "seed \(seed): \(detections)")
            let victim = "n\(Int(seed) % size)"
            // Never before its death, and nobody else at all.
            let deaths = cluster.observations.filter { if case .dead = $0.event { true } else { false } }
            #expect(deaths.allSatisfy { $0.event.member.node.name == victim })
            #expect(cluster.restarts.isEmpty)
        }
    }

    @Test func linkFailureHintsMakeDetectionFaster() {
        var slowest = [Duration.zero, .zero]
        for seed in UInt64(1)...8 {
            for (index, hints) in [false, true].enumerated() {
                let (_, detections) = Self.killAndWatch(size: 5, seed: seed, hints: hints)
                slowest[index] = max(slowest[index], detections.max()!)
            }
        }
        #expect(slowest[1] < slowest[0])
        #expect(slowest[1] <= .seconds(2))
    }

    @Test func killedSeedIsDetectedAndTheRestStayTogether() {
        let (cluster, detections) = Self.killAndWatch(size: 5, seed: 4, hints: false, victim: "n0")
        #expect(detections.allSatisfy { $0 <= .seconds(3) })
        #expect(cluster.isConverged())
    }

    @Test func twoNodeClusterDetectsItsPeerWithoutRelays() {
        let (_, detections) = Self.killAndWatch(size: 2, seed: 3, hints: false, victim: "n1")
        #expect(detections.allSatisfy { $0 <= .seconds(3) })
    }

    @Test func aLinkFailureAloneNeverDeclaresAHealthyNodeDead() {
        var cluster = ClusterSimulator(size: 5, seed: 21)
        cluster.startAll()
        cluster.run(for: .seconds(3))
        // The link n1 -> n2 keeps breaking, but n2 answers through relays (and directly after reconnecting).
        for _ in 0..<20 {
            cluster.linkFailed("n1", to: "n2")
            cluster.run(for: .milliseconds(300))
        }
        cluster.run(for: .seconds(5))
        #expect(!cluster.observations.contains { if case .dead = $0.event { true } else { false } })
        #expect(cluster.isConverged())
    }

    @Test func noFalseDeathsWithTwoPercentMessageLoss() {
        for seed in UInt64(1)...3 {
            var cluster = ClusterSimulator(size: 5, seed: seed)
            cluster.startAll()
            cluster.run(for: .seconds(3))
            cluster.lossRate = 0.02
            cluster.run(for: .seconds(60))
            let deaths = cluster.observations.filter { if case .dead = $0.event { true } else { false } }
            #expect(deaths.isEmpty, "seed \(seed): \(deaths)")
        }
    }
}

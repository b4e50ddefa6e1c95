import Testing
@testable import Singleton

/// Random faults, hour after hour: whatever happens, no slot is committed twice or differently, no
/// two leases overlap, and once the faults stop every slot is committed everywhere, none skipped.
@Suite struct ChaosTests {
    @Test(arguments: [UInt64(11), 12, 13, 14, 15, 16])
    func randomFaultsNeverBreakExactlyOnce(seed: UInt64) {
        var random = TestRandom(seed: seed)
        let size = seed % 2 == 0 ? 5 : 3
        var cluster = SingletonSimulator(
            size: size, seed: seed, start: "2024-02-20 12:07", schedule: cron("0 */6 * * *"), maxDriftRate: 0.0004,
            maxWallSkewSeconds: 20)
        cluster.lossRate = 0.05
        cluster.workDuration = .seconds(50)
        cluster.startAll()
        let names = cluster.names
        let hour: Int64 = 3_600_000_000_000
        var downUntil: [String: Int64] = [:]
        var partitionedUntil: Int64?
        // Six days of faults, a change every 10 to 60 minutes. A dead node stays down up to 6 hours
        // and a partition lasts up to 6 hours, so a majority is never gone for long (no slot needs
        // to be skipped).
        while cluster.now < 6 * 24 * hour {
            cluster.run(for: .seconds(Int64.random(in: 600...3600, using: &random)))
            // Nodes that died on their own (killOnNextProposal) come back like the others.
            for name in names where !cluster.nodes[name]!.running && downUntil[name] == nil {
                downUntil[name] = cluster.now + Int64.random(in: hour / 6...6 * hour, using: &random)
            }
            for (name, until) in downUntil where until <= cluster.now {
                downUntil[name] = nil
                cluster.start(name)
            }
            if let until = partitionedUntil, until <= cluster.now {
                partitionedUntil = nil
                cluster.heal()
            }
            let name = names[Int.random(in: 0..<names.count, using: &random)]
            switch Int.random(in: 0..<8, using: &random) {
            case 0:
                if cluster.nodes[name]!.running {
                    cluster.kill(name)
                    downUntil[name] = cluster.now + Int64.random(in: hour / 6...6 * hour, using: &random)
                }
            case 1:
                if cluster.nodes[name]!.running { cluster.restart(name) }
            case 2:
                cluster.pause(name, for: .seconds(Int64.random(in: 5...120, using: &random)))
            case 3:
                let shuffled = names.shuffled(using: &random)
                let cut = Int.random(in: 1..<names.count, using: &random)
                cluster.partition([Array(shuffled[..<cut]), Array(shuffled[cut...])])
                partitionedUntil = cluster.now + Int64.random(in: hour / 6...6 * hour, using: &random)
            case 4:
                cluster.heal()
                partitionedUntil = nil
            case 5:
                cluster.freezeOnNextProposal = (name, .seconds(Int64.random(in: 10...90, using: &random)))
            case 6:
                cluster.killOnNextProposal = name
            default:
                break
            }
        }
        cluster.freezeOnNextProposal = nil
        cluster.killOnNextProposal = nil
        cluster.heal()
        for name in names where !cluster.nodes[name]!.running { cluster.start(name) }
        cluster.run(for: .seconds(86_400))
        #expect(cluster.violations.isEmpty, "\(cluster.violations.prefix(5))")
        // Every slot since the first committed one is committed (outages were far shorter than the
        // catch-up bound), and every node knows the latest ones.
        let last = utcText(cluster.nowUnixSeconds)
        let expected = cluster.scheduledSlots(after: "2024-02-20 12:07", through: last)
        #expect(cluster.committedSlots == expected, "missing \(Set(expected).subtracting(cluster.committedSlots).sorted().map(utcText))")
        #expect(cluster.skipped.isEmpty)
        for name in names {
            #expect(cluster.committedSlots(of: name).last == expected.last, "\(name)")
            #expect(cluster.ledger(of: name)?.latestCommitted(for: SingletonSimulator.job)?.slot == expected.last, "\(name)")
        }
    }
}

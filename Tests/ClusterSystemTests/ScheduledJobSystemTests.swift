import Foundation
import Glibc
import Testing

/// The cluster singleton on real `roost serve` processes: the leaderboard job commits every slot
/// of its schedule exactly once, through a killed leader, a stalled one, and a restart of every node.
///
/// The job clock runs fast (`--clock-rate`: 43,200 makes a night two seconds; test (a) runs four
/// times that) from a fixed 2026 date; every node of a test shares one simulated timeline
/// (`--clock-anchor-ms`), restarts included. Leases are shortened to 3 s (`--singleton-lease-ms`),
/// so a lost leader is replaced within a few nights; in the tests that stop a leader, each run is held
/// a second before the job starts it (`--job-run-delay-ms`), so the test catches the leader in the
/// middle of a run (it polls the logs every 50 ms). The tests read only
/// `/api/jobs` and the `roost jobs:` log lines, never what the job computes.
@Suite(.serialized) struct ScheduledJobSystemTests {
    /// 2026-03-21 00:00 UTC, eleven days before April (five real seconds at test (a)'s rate): every
    /// node must have taken the job on before the first April slot, which a slow start could delay.
    static let lateMarch: Int64 = 1_774_051_200
    /// 2026-04-01 03:00 UTC, the first slot of `0 3 * 4 *`.
    static let aprilFirst: Int64 = 1_775_012_400
    /// 2026-06-01 02:00 UTC.
    static let juneFirst: Int64 = 1_780_279_200

    /// The flags of a fast-clock job cluster that started at real time `anchor` (Unix ms).
    static func jobFlags(
        anchor: Int64, origin: Int64, rate: Int, schedule: String = "0 3 * * *", runDelayMilliseconds: Int = 1000
    ) -> [String] {
        [
            "--expected-nodes", "3", "--clock-origin", String(origin), "--clock-rate", String(rate), "--clock-anchor-ms",
            String(anchor), "--leaderboard-schedule", schedule, "--singleton-lease-ms", "3000", "--job-run-delay-ms",
            String(runDelayMilliseconds),
        ]
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Nodes n1...n3 with `flags`, seeded with n1, once each sees the other two.
    static func startJobCluster(flags: [String], secretFile: String = makeSecretFile()) throws -> [NodeProcess] {
        let first = try NodeProcess("n1", seeds: [], secretFile: secretFile, extra: flags)
        var nodes = [first]
        for name in ["n2", "n3"] {
            nodes.append(try NodeProcess(name, seeds: [first.clusterAddress], secretFile: secretFile, extra: flags))
        }
        let formed = eventually { nodes.allSatisfy { $0.members().count == 2 } }
        if !formed { for node in nodes { print("\(node.name):\n\(node.output)") } }
        try #require(formed, "the cluster did not form")
        return nodes
    }

    /// Waits until some node logs a run of a slot after `slot`; that node and the run.
    static func nextRunStart(after slot: Int64, among nodes: [NodeProcess]) -> (NodeProcess, RunStart)? {
        var found: (NodeProcess, RunStart)?
        _ = eventually(timeout: .seconds(30)) {
            for node in nodes {
                if let run = JobLogLines.runStarts(node.output).first(where: { $0.slot > slot }) {
                    found = (node, run)
                    return true
                }
            }
            return false
        }
        return found
    }

    /// Every node lists the same commits through `slot`, consecutive, one per night.
    /// Only slots after `after` are compared, when given.
    static func expectSameConsecutiveCommits(
        through slot: Int64, on nodes: [NodeProcess], after: Int64? = nil, timeout: Duration = .seconds(30)
    ) {
        func list(_ node: NodeProcess) -> [CommittedSlot] { through(slot, node.committed()).filter { $0.slot > after ?? .min } }
        let agreed = eventually(timeout: timeout) {
            let lists = nodes.map(list)
            return lists[0].last?.slot == slot && lists.allSatisfy { $0 == lists[0] }
        }
        let lists = nodes.map(list)
        #expect(agreed, "the nodes disagree through \(slot): \(zip(nodes, lists).map { "\($0.name) \($1)" })")
        if !agreed || !lists.allSatisfy(isConsecutive) {
            for node in nodes { print("--- \(node.name) /api/jobs: \(node.get("/api/jobs") ?? "-")\n\(node.output)") }
        }
        for (node, list) in zip(nodes, lists) { #expect(isConsecutive(list), "\(node.name) skipped a slot: \(list)") }
    }

    /// No node logged a slot committed twice, and none logged skipped slots.
    static func expectEachSlotCommittedOnce(_ outputs: [String: String], allowSkips: Bool = false) {
        for (name, output) in outputs {
            let twice = JobLogLines.commitCounts(output).filter { $0.value > 1 }
            #expect(twice.isEmpty, "\(name) logged slots committed more than once: \(twice)")
            if !allowSkips { #expect(JobLogLines.skipped(output).isEmpty, "\(name) skipped slots") }
        }
    }

    // MARK: (a) Thirty nights

    @Test func thirtyNightsCommitThirtySlotsOncePerNode() throws {
        // `0 3 * 4 *`: the thirty nights of April, then nothing until next April (a simulated year,
        // minutes of real time), so the count is exactly thirty. A night is half a second here.
        let flags = Self.jobFlags(
            anchor: Self.nowMilliseconds(), origin: Self.lateMarch, rate: 172_800, schedule: "0 3 * 4 *", runDelayMilliseconds: 0)
        let nodes = try Self.startJobCluster(flags: flags)
        defer { nodes.forEach { $0.stop() } }
        let april = (0..<30).map { Self.aprilFirst + Int64($0) * night }
        for node in nodes {
            #expect(eventually(timeout: .seconds(60)) { node.committed().map(\.slot) == april },
                "\(node.name) committed \(node.committed())")
        }
        let lists = nodes.map { $0.committed() }
        #expect(lists.allSatisfy { $0 == lists[0] }, "the nodes disagree: \(lists)")
        for node in nodes {
            #expect(JobLogLines.commitCounts(node.output) == Dictionary(uniqueKeysWithValues: april.map { ($0, 1) }),
                "\(node.name) did not log each April slot committed once")
            #expect(JobLogLines.skipped(node.output).isEmpty)
        }
        // Runs: one per slot across the cluster, unless a lease was lost mid-run (then a rerun).
        let runs = nodes.flatMap { JobLogLines.runStarts($0.output) }
        #expect(Set(runs.map(\.slot)) == Set(april))
        #expect(Set(runs).count == runs.count, "a slot ran twice under one token: \(runs)")
    }

    // MARK: (b) The leader killed mid-run

    @Test func aLeaderKilledMidRunIsReplacedWithoutASkipOrASecondCommit() throws {
        let flags = Self.jobFlags(anchor: Self.nowMilliseconds(), origin: Self.juneFirst, rate: 43_200)
        let nodes = try Self.startJobCluster(flags: flags)
        defer { nodes.forEach { $0.stop() } }
        #expect(eventually(timeout: .seconds(30)) { nodes[0].committed().count >= 2 }, "no commits: \(nodes[0].output)")
        let last = try #require(nodes[0].committed().last).slot
        let (leader, run) = try #require(Self.nextRunStart(after: last, among: nodes), "no run after \(last)")
        // Within the run's one-second hold: the slot cannot be committed yet.
        leader.kill9()
        let survivors = nodes.filter { $0 !== leader }
        let bound = run.slot + 3 * night
        Self.expectSameConsecutiveCommits(through: bound, on: survivors)
        let killedSlot = survivors[0].committed().first { $0.slot == run.slot }
        #expect(killedSlot != nil && killedSlot!.token > run.token, "slot \(run.slot) was not rerun: \(String(describing: killedSlot))")
        #expect(survivors.contains { JobLogLines.runStarts($0.output).contains { $0.slot == run.slot } },
            "no survivor ran slot \(run.slot)")
        Self.expectEachSlotCommittedOnce(Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.output) }))
    }

    // MARK: (c) The leader stalled past its lease

    @Test func aLeaderStalledPastItsLeaseIsFencedOff() throws {
        let flags = Self.jobFlags(anchor: Self.nowMilliseconds(), origin: Self.juneFirst, rate: 43_200)
        let nodes = try Self.startJobCluster(flags: flags)
        defer {
            nodes.forEach { $0.resume() }
            nodes.forEach { $0.stop() }
        }
        #expect(eventually(timeout: .seconds(30)) { nodes[0].committed().count >= 2 }, "no commits: \(nodes[0].output)")
        let last = try #require(nodes[0].committed().last).slot
        let (leader, run) = try #require(Self.nextRunStart(after: last, among: nodes), "no run after \(last)")
        leader.pause()
        let others = nodes.filter { $0 !== leader }
        // The others take the slot over once the stalled leader's lease (3 s) and promises are over.
        #expect(eventually(timeout: .seconds(30)) { others.allSatisfy { $0.committed().contains { $0.slot == run.slot } } },
            "slot \(run.slot) was not taken over")
        leader.resume()
        // The stalled run wakes up past its lease: abandoned, never committed.
        #expect(eventually(timeout: .seconds(10)) { leader.output.contains("slot \(run.slot) run \(run.token) abandoned") },
            "\(leader.name) did not abandon its stale run")
        let bound = (others[0].committed().last?.slot ?? run.slot) + 3 * night
        Self.expectSameConsecutiveCommits(through: bound, on: nodes)
        let committed = nodes[0].committed().first { $0.slot == run.slot }
        #expect(committed != nil && committed!.token > run.token, "the stale run committed: \(String(describing: committed))")
        Self.expectEachSlotCommittedOnce(Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.output) }))
    }

    // MARK: (d) Every node restarted

    @Test func aRestartOfEveryNodeKeepsTheLedgerAndCatchesUp() throws {
        let secret = makeSecretFile()
        let flags = Self.jobFlags(anchor: Self.nowMilliseconds(), origin: Self.juneFirst, rate: 43_200)
        var nodes = try Self.startJobCluster(flags: flags, secretFile: secret)
        defer { nodes.forEach { $0.stop() } }
        #expect(eventually(timeout: .seconds(30)) { nodes[0].committed().count >= 3 }, "no commits: \(nodes[0].output)")
        for node in nodes { node.stop() }
        // The stop may have raced a commit announcement: read the ledgers' view after the restart.
        var outputs = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.output + "\n") })
        let before = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, JobLogLines.commitCounts($0.output)) })
        nodes = try Self.restart(nodes, secretFile: secret, flags: flags)
        // Restored from the ledger at once: every slot this node logged committed is listed again.
        for node in nodes {
            let listed = Set(node.committed().map(\.slot))
            #expect(Set(before[node.name]!.keys).isSubset(of: listed), "\(node.name) forgot commits: \(listed)")
        }
        let lastBefore = before.values.flatMap(\.keys).max()!
        let bound = lastBefore + 5 * night
        let agreed = eventually(timeout: .seconds(40)) {
            let lists = nodes.map { through(bound, $0.committed()) }
            return lists[0].last?.slot == bound && lists.allSatisfy { $0 == lists[0] }
        }
        #expect(agreed, "the nodes disagree after the restart: \(nodes.map { through(bound, $0.committed()) })")
        for node in nodes { outputs[node.name]! += node.output }
        // Every slot from the first through `bound` is committed, or was reported skipped by catch-up.
        let list = through(bound, nodes[0].committed())
        let skipped = outputs.values.flatMap { JobLogLines.skipped($0) }
        for slot in stride(from: list[0].slot, through: bound, by: Int(night)) where !list.contains(where: { $0.slot == slot }) {
            #expect(skipped.contains { $0.contains(slot) }, "slot \(slot) was neither committed nor reported skipped")
        }
        Self.expectEachSlotCommittedOnce(outputs, allowSkips: true)
    }

    /// Starts stopped `nodes` again on their cluster ports and data directories, each seeded with the others.
    static func restart(_ nodes: [NodeProcess], secretFile: String, flags: [String]) throws -> [NodeProcess] {
        let addresses = nodes.map(\.clusterAddress)
        return try nodes.map { node in
            try NodeProcess(
                node.name, seeds: addresses.filter { $0 != node.clusterAddress }, secretFile: secretFile,
                clusterPort: Int(node.clusterAddress.split(separator: ":").last!)!, dataDirectory: node.dataDirectory,
                extra: flags)
        }
    }

    // MARK: (e) An outage longer than a catch-up

    @Test func anOutageLongerThanACatchUpRunsTheLatestSlotsAndLogsTheRestSkipped() throws {
        // A night is half a second: six seconds down, then the quiet period, miss well over seven.
        let secret = makeSecretFile()
        let flags = Self.jobFlags(anchor: Self.nowMilliseconds(), origin: Self.juneFirst, rate: 172_800, runDelayMilliseconds: 0)
        var nodes = try Self.startJobCluster(flags: flags, secretFile: secret)
        defer { nodes.forEach { $0.stop() } }
        #expect(eventually(timeout: .seconds(30)) { nodes[0].committed().count >= 2 }, "no commits: \(nodes[0].output)")
        for node in nodes { node.stop() }
        let before = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.output + "\n") })
        let lastBefore = before.values.flatMap { JobLogLines.commitCounts($0).keys }.max()!
        usleep(6_000_000)
        nodes = try Self.restart(nodes, secretFile: secret, flags: flags)
        #expect(eventually(timeout: .seconds(30)) { nodes.contains { !JobLogLines.skipped($0.output).isEmpty } }, "nothing skipped")
        let skipped = nodes.flatMap { JobLogLines.skipped($0.output) }
        try #require(skipped.count == 1, "one catch-up, one skipped range: \(skipped)")
        let range = skipped[0]
        // It may start a night later than the last commit logged before the stop: a proposal a
        // majority accepted just before it is committed again by the next leader, not skipped.
        #expect(range.lowerBound > lastBefore, "the skipped range \(range) starts after the last commit \(lastBefore)")
        // The seven slots after the range are committed (the catch-up), then every night after.
        let bound = range.upperBound + 9 * night
        Self.expectSameConsecutiveCommits(through: bound, on: nodes, after: range.upperBound)
        let list = through(bound, nodes[0].committed())
        // Every night from the first through `bound` is committed or skipped, never both.
        for slot in stride(from: list[0].slot, through: bound, by: Int(night)) {
            #expect(list.contains { $0.slot == slot } != range.contains(slot), "slot \(slot): \(list), skipped \(range)")
        }
        Self.expectEachSlotCommittedOnce(
            Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, before[$0.name]! + $0.output) }), allowSkips: true)
    }

    // MARK: Refusing to start

    @Test func serveRefusesABadScheduleOrACorruptLedgerSayingWhy() throws {
        let secret = makeSecretFile()
        #expect {
            _ = try NodeProcess("n1", seeds: [], secretFile: secret, extra: ["--leaderboard-schedule", "0 25 * * *"])
        } throws: { error in
            guard case .didNotStart(let output) = error as? NodeProcess.Failure else { return false }
            return output.contains("--leaderboard-schedule") && output.contains("hour")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-ledger-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/singleton.ledger", contents: Data("torn".utf8))
        #expect {
            _ = try NodeProcess("n1", seeds: [], secretFile: secret, dataDirectory: directory)
        } throws: { error in
            guard case .didNotStart(let output) = error as? NodeProcess.Failure else { return false }
            return output.contains("singleton ledger \(directory)/singleton.ledger is unreadable")
        }
    }
}

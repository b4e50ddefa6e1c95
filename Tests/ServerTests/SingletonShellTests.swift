import Foundation
import Singleton
import Testing

@testable import Server

/// The singleton shell's pieces that need no cluster: the ledger file, the settings knob, the view.
@Suite struct SingletonShellTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roost-ledger-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func ledger(committing slots: [Int64]) -> SlotLedger {
        var ledger = SlotLedger()
        for (index, slot) in slots.enumerated() {
            _ = ledger.recordCommitted(job: "leaderboard", slot: slot, commit: SlotCommit(runToken: FencingToken(UInt64(index + 1))))
        }
        return ledger
    }

    @Test func aStoredLedgerLoadsBackAndLeavesNoTemporaryFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = SingletonLedgerFile(directory: directory)
        #expect(try file.load() == SlotLedger(), "no file yet: an empty ledger")
        let ledger = Self.ledger(committing: [86_400, 172_800])
        try file.store(ledger.encode())
        try file.store(ledger.encode())
        #expect(try file.load() == ledger)
        #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
    }

    @Test func aCorruptLedgerIsAnErrorNotAnEmptyLedger() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = SingletonLedgerFile(directory: directory)
        var bytes = Self.ledger(committing: [86_400]).encode()
        bytes.removeLast()
        _ = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
        #expect {
            _ = try file.load()
        } throws: { error in
            guard case .corrupt(let path, _) = error as? SingletonLedgerFileError else { return false }
            return path == file.path && "\(error)".contains("--node-name")
        }
    }

    @Test func aNodeWithACorruptLedgerDoesNotStart() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = FileManager.default.createFile(atPath: directory + "/singleton.ledger", contents: Data("not a ledger".utf8))
        var configuration = ServerConfiguration(tokenSecret: Array(repeating: 7, count: 32))
        configuration.port = 0
        configuration.dataDirectory = directory
        #expect(throws: SingletonLedgerFileError.self) { _ = try GameServer(configuration: configuration) }
    }

    @Test func aOneNodeClusterRunsTheSingletonAndStoresItsLedger() throws {
        // The leaderboard job needs the cluster link (a node serving alone has no scheduled job);
        // a cluster of one has it.
        let node = try TestNode(threads: 1) { $0.cluster = ClusterSettings(secret: Array(repeating: 9, count: 32)) }
        defer { node.stop() }
        // Taking the job on is the first ledger change, written at once.
        let path = node.directory + "/singleton.ledger"
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: path) && ContinuousClock.now < deadline { usleep(20_000) }
        let stored = try SingletonLedgerFile(directory: node.directory).load()
        #expect(stored.jobNames == ["leaderboard"])
    }

    @Test func aNodeServingAloneHasNoScheduledJob() throws {
        let node = try TestNode(threads: 1)
        defer { node.stop() }
        #expect(eventually { node.server.context.scheduledJobs.current != nil })
        #expect(node.server.context.scheduledJobs.current?.jobs.isEmpty == true)
    }

    @Test func scaledSettingsKeepTheInequalitiesTheProtocolNeeds() {
        for milliseconds in [100, 1_000, 3_000, 30_000] {
            let settings = SingletonSettings().scaled(toLease: .milliseconds(milliseconds))
            #expect(settings.leaseDuration == .milliseconds(milliseconds))
            #expect(settings.promiseMargin >= settings.minimumPromiseMargin)
            #expect(settings.renewInterval + settings.roundTimeout < settings.leaseDuration)
            #expect(settings.maxRetryDelay >= settings.retryDelay)
            #expect(settings.restartQuietPeriod == settings.leaseDuration + settings.promiseMargin)
        }
        #expect(SingletonSettings().scaled(toLease: .seconds(30)) == SingletonSettings())
    }

    @Test func theJobViewKeepsCommitsInSlotOrderOnceEachAndBounded() {
        var status = ScheduledJobStatus(name: "leaderboard", schedule: .nightly)
        let commit = SlotCommit(runToken: FencingToken(1))
        for slot in [3, 1, 2, 3, 2] as [Int64] { status.record(CommittedSlot(slot: slot, commit: commit)) }
        #expect(status.committed.map(\.slot) == [1, 2, 3])
        for slot in 4...150 as ClosedRange<Int64> { status.record(CommittedSlot(slot: slot, commit: commit)) }
        #expect(status.committed.count == ScheduledJobStatus.historyLimit)
        #expect(status.committed.first?.slot == 51 && status.committed.last?.slot == 150)
    }
}

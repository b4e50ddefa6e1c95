import ResultStore
import Testing

@testable import Server

/// The fan-out's messages on the `.tasks` channel: exact round trips, refusals of anything else.
@Suite struct TaskFanOutMessageTests {
    static let samples: [TaskFanOutMessage] = [
        .request(id: 1, kind: "rate-chunk", part: 0, parts: 1, bytes: [1, 2, 3]),
        .request(id: .max, kind: "k", part: 6, parts: 7, bytes: []),
        .reply(id: 42, part: 0, parts: 2, bytes: Array(repeating: 0xAB, count: 5000)),
        .reply(id: 0, part: 0, parts: 1, bytes: []),
        .failed(id: 9, reason: "no handler for task kind x ✓"),
    ]

    @Test(arguments: samples.indices) func everyMessageSurvivesTheWire(index: Int) throws {
        let bytes = Self.samples[index].wireBytes()
        #expect(TaskFanOutMessage.isFanOut(bytes[0]))
        #expect(try TaskFanOutMessage(wireBytes: bytes) == Self.samples[index])
    }

    @Test func resultReplicationTagsAreNotTheFanOuts() {
        for tag: UInt8 in 1...3 { #expect(!TaskFanOutMessage.isFanOut(tag)) }
    }

    @Test(arguments: samples.indices) func decoderRefusesEveryTruncation(index: Int) {
        let bytes = Self.samples[index].wireBytes()
        for length in 0..<bytes.count {
            #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: Array(bytes[..<length])) }
        }
    }

    @Test func decoderRefusesTrailingBytesUnknownTagsAndBadParts() {
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: Self.samples[0].wireBytes() + [0]) }
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: [19, 1]) }
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: [1, 0, 0]) }
        // Part 2 of 2, part 0 of 0, and an empty kind.
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: [17, 1, 2, 2, 0]) }
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: [17, 1, 0, 0, 0]) }
        #expect(throws: WireError.self) { try TaskFanOutMessage(wireBytes: [16, 1, 0, 0, 1, 0]) }
    }

    /// Random bytes and random mutations of valid messages: refused or read, never a crash.
    @Test func decoderSurvivesRandomInput() {
        var generator = SystemRandomNumberGenerator()
        var decoded = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if !bytes.isEmpty { bytes[0] = UInt8.random(in: 15...19, using: &generator) }
            } else {
                bytes = Self.samples[round % Self.samples.count].wireBytes()
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            if let message = try? TaskFanOutMessage(wireBytes: bytes) {
                decoded += 1
                // Whatever is read can be written again (varints need not be minimal on input).
                #expect((try? TaskFanOutMessage(wireBytes: message.wireBytes())) == message)
            }
        }
        #expect(decoded > 0)
    }

    /// The job's payloads carried by tasks: mutated publications, keys and watermarks are refused
    /// or read, never a crash.
    @Test func jobPayloadDecodersSurviveRandomInput() {
        var generator = SystemRandomNumberGenerator()
        let snapshots = [StoredPublication.Snapshot(kind: "connect4", bytes: [1, 2, 3, 4])]
        let publication = StoredPublication(
            job: "leaderboard", slot: 86_400, token: 7, digest: StoredPublication.digest(of: snapshots), snapshots: snapshots)
        let samples = [
            publication.wireBytes(), PublicationKey(job: "leaderboard", slot: 1, token: 2).wireBytes(),
            ResultWatermarks(["n1/a": 3]).wireBytes(),
        ]
        for round in 0..<20_000 {
            var bytes = samples[round % samples.count]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            _ = try? StoredPublication(wireBytes: bytes)
            _ = try? PublicationKey(wireBytes: bytes)
            _ = try? ResultWatermarks(wireBytes: bytes)
        }
    }

    @Test func bytesAreCutIntoPartsThatFit() {
        let bytes = (0..<10_001).map { UInt8(truncatingIfNeeded: $0) }
        let parts = TaskFanOutMessage.parts(of: bytes, partBytes: 1000)
        #expect(parts.count == 11)
        #expect(parts.allSatisfy { $0.count <= 1000 })
        #expect(Array(parts.joined()) == bytes)
        #expect(TaskFanOutMessage.parts(of: [], partBytes: 10).count == 1)
    }
}

/// Multi-part messages put back together per peer and id.
@Suite struct TaskReassemblyTests {
    @Test func partsInOrderMakeTheWhole() {
        var reassembly = TaskReassembly()
        #expect(reassembly.add(peer: "n2", id: 1, isReply: true, part: 0, parts: 3, bytes: [1]) == .incomplete)
        #expect(reassembly.add(peer: "n3", id: 1, isReply: true, part: 0, parts: 2, bytes: [9]) == .incomplete)
        #expect(reassembly.add(peer: "n2", id: 1, isReply: true, part: 1, parts: 3, bytes: [2, 3]) == .incomplete)
        #expect(reassembly.add(peer: "n2", id: 1, isReply: true, part: 2, parts: 3, bytes: [4]) == .complete([1, 2, 3, 4]))
        #expect(reassembly.totalHeldBytes == 1)
        reassembly.forget(peer: "n3")
        #expect(reassembly.totalHeldBytes == 0)
    }

    @Test func aPartOutOfOrderDropsTheMessage() {
        var reassembly = TaskReassembly()
        _ = reassembly.add(peer: "n2", id: 1, isReply: false, part: 0, parts: 3, bytes: [1])
        guard case .refused = reassembly.add(peer: "n2", id: 1, isReply: false, part: 2, parts: 3, bytes: [3]) else {
            Issue.record("a skipped part was accepted")
            return
        }
        #expect(reassembly.totalHeldBytes == 0)
    }

    @Test func aPeerCannotHoldMoreThanItsBudget() {
        var reassembly = TaskReassembly(maxBytesPerPeer: 10)
        _ = reassembly.add(peer: "n2", id: 1, isReply: false, part: 0, parts: 3, bytes: Array(repeating: 0, count: 8))
        guard case .refused = reassembly.add(peer: "n2", id: 1, isReply: false, part: 1, parts: 3, bytes: [1, 2, 3]) else {
            Issue.record("over budget was accepted")
            return
        }
        #expect(reassembly.add(peer: "n3", id: 1, isReply: false, part: 0, parts: 2, bytes: Array(repeating: 0, count: 8)) == .incomplete)
    }
}

import Games
import Protocol
import Testing

@testable import Server

@Suite struct TokenBucketTests {
    @Test func aFullBucketAdmitsItsBurstThenRefills() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 3, nowNanoseconds: 0)
        let times: [Int64] = [0, 0, 0, 0, 499_999_999, 500_000_000, 500_000_000]
        let admitted = times.map { bucket.take(nowNanoseconds: $0) }
        #expect(admitted == [true, true, true, false, false, true, false])
        // A long pause refills only up to the burst.
        let later = (0..<4).map { _ in bucket.take(nowNanoseconds: 3_600_000_000_000) }
        #expect(later == [true, true, true, false])
    }

    @Test func aRefusedTakeLeavesTheBucketUnchanged() {
        var bucket = TokenBucket(ratePerSecond: 1_000, burst: 1_000, nowNanoseconds: 0)
        let tooMuch = bucket.take(1_001, nowNanoseconds: 0)
        let all = bucket.take(1_000, nowNanoseconds: 0)
        #expect(!tooMuch && all)
    }
}

@Suite struct ViolationWindowTests {
    @Test func moreThanTheLimitWithinTheWindowTrips() {
        var window = ViolationWindow(limit: 3, windowNanoseconds: 10)
        let tripped = (0..<4).map { window.record(nowNanoseconds: Int64($0)) }
        #expect(tripped == [false, false, false, true])
    }

    @Test func eventsSpreadWiderThanTheWindowNeverTrip() {
        var window = ViolationWindow(limit: 2, windowNanoseconds: 10)
        let tripped = stride(from: Int64(0), to: 200, by: 6).map { window.record(nowNanoseconds: $0) }
        #expect(!tripped.contains(true))
    }
}

@Suite struct ReplayBufferTests {
    static func message(_ n: Int) -> OutboundMessage { .single(.ok(cid: n)) }

    @Test func replaysEverythingAfterTheClientsLastSeq() throws {
        var buffer = ReplayBuffer(capacity: 4)
        for n in 1...3 { #expect(buffer.append(Self.message(n)) == n) }
        let missed = try buffer.messages(after: 1).get()
        #expect(missed.map(\.seq) == [2, 3])
        #expect(try buffer.messages(after: 3).get().isEmpty)
    }

    @Test func refusesASeqAheadOrBehindTheRing() {
        var buffer = ReplayBuffer(capacity: 3)
        for n in 1...5 { _ = buffer.append(Self.message(n)) }
        #expect(buffer.firstSeq == 3)
        #expect(throws: ReplayBuffer.Gap.dropped) { try buffer.messages(after: 1).get() }
        #expect(throws: ReplayBuffer.Gap.ahead) { try buffer.messages(after: 6).get() }
        #expect((try? buffer.messages(after: 2).get())?.map(\.seq) == [3, 4, 5])
    }
}

@Suite struct IdentifierTests {
    @Test func idsCarryTheirNodeAndShard() {
        let ids = Identifiers(node: "n7")
        let game = ids.gameID(on: ShardPlace(node: "n7", shard: 3), number: 42)
        #expect(Identifiers.place(of: game, prefix: "g") == ShardPlace(node: "n7", shard: 3))
        #expect(Identifiers.place(of: game, prefix: "s") == nil)
        let session = ids.sessionID(shard: 1)
        #expect(Identifiers.place(of: session, prefix: "s") == ShardPlace(node: "n7", shard: 1))
        let hostile = ["", "g", "g-n7", "g-n7-x-y-z", "g-n7--1-a-b", "g-n7-99999999999999999999-a-b", "g-N7-1-a-b", "g-n7-+1-a-b"]
        for id in hostile {
            #expect(Identifiers.place(of: id, prefix: "g") == nil, "\(id)")
        }
    }

    @Test func sessionIDsAndInvitesAreNotGuessable() {
        let ids = Identifiers(node: "n1")
        let sessions = Set((0..<1000).map { _ in ids.sessionID(shard: 0) })
        #expect(sessions.count == 1000)
        #expect(Set((0..<1000).map { _ in Identifiers.inviteCode() }).count == 1000)
    }
}

@Suite struct GameValueJSONTests {
    @Test func movesAndOptionsCrossTheBoundaryBothWays() {
        let json: JSONValue = ["width": 32, "name": "x", "flags": [true, false, nil]]
        let value = GameValue(json: json)
        #expect(value == ["width": 32, "name": "x", "flags": [true, false, nil]])
        #expect(value?.json["width"] == .int(32))
        #expect(GameValue(json: ["a": [1, 2.5]]) == nil)
    }

    @Test func updatesAreWrittenWithTheKindFirstAndKeysSorted() {
        let update: GameValue = ["seat": 1, "k": "placed", "column": 3, "row": 0]
        #expect(String(decoding: update.jsonFragment.bytes, as: UTF8.self) == #"{"k":"placed","column":3,"row":0,"seat":1}"#)
    }
}

@Suite struct HistogramTests {
    @Test func observationsLandInTheirBucketsAndMerge() {
        var a = Histogram(boundsNanoseconds: [10, 100])
        a.record(nanoseconds: 5)
        a.record(nanoseconds: 50)
        a.record(nanoseconds: 500)
        var b = Histogram(boundsNanoseconds: [10, 100])
        b.record(nanoseconds: 10)
        a.absorb(&b)
        #expect(a.counts == [2, 1, 1])
        #expect(a.count == 4 && a.sumNanoseconds == 565)
        #expect(b.count == 0)
        #expect(a.upperBound(quantile: 0.5) == 10)
        #expect(a.upperBound(quantile: 1) == .max)
    }
}

import Testing
@testable import Singleton

/// The binary encoding round-trips, is compact, and refuses malformed input with a precise error.
@Suite struct MessageCodecTests {
    @Test func everyKindRoundTrips() {
        for message in Fixtures.everyMessage {
            let bytes = message.encode()
            #expect(SingletonMessage.decode(bytes) == .success(message), "\(message)")
            #expect(bytes.count <= SingletonMessage.maxEncodedBytes)
        }
    }

    @Test func encodingIsCompact() {
        // kind, job "nightly", token 300 (2 bytes), round 1, 30000 ms (3 bytes)
        #expect(SingletonMessage.leaseRequest(Fixtures.request(300)).encode() == [1, 7] + Array("nightly".utf8) + [0xAC, 0x02, 1, 0xB0, 0xEA, 0x01])
        // Slots are zigzag: -1 is 1, 1 is 2.
        #expect(SingletonMessage.commitAck(job: "j", slot: -1, token: FencingToken(1)).encode() == [6, 1, 106, 1, 1])
        #expect(SingletonMessage.commitAck(job: "j", slot: 1, token: FencingToken(1)).encode() == [6, 1, 106, 2, 1])
    }

    @Test func everyProperPrefixIsRefusedAsTruncated() {
        for message in Fixtures.everyMessage {
            let bytes = message.encode()
            for length in 0..<bytes.count {
                guard case .failure(.truncated(_, let offset)) = SingletonMessage.decode(Array(bytes[..<length])) else {
                    Issue.record("prefix \(length) of \(message) was not refused as truncated")
                    continue
                }
                #expect(offset <= length)
            }
        }
    }

    @Test func malformedInputIsRefusedPrecisely() {
        let job: [UInt8] = [1, 106]
        #expect(SingletonMessage.decode([]) == .failure(.truncated(field: .kind, offset: 0)))
        #expect(SingletonMessage.decode([0]) == .failure(.unknownKind(0)))
        #expect(SingletonMessage.decode([10]) == .failure(.unknownKind(10)))
        #expect(SingletonMessage.decode([4, 0]) == .failure(.invalidName(field: .job, offset: 2)))
        #expect(SingletonMessage.decode([4, 1, 65]) == .failure(.invalidName(field: .job, offset: 2)))
        #expect(SingletonMessage.decode([4, 65] + Array(repeating: 97, count: 65) + [1]) == .failure(.invalidName(field: .job, offset: 2)))
        #expect(SingletonMessage.decode([4] + job + [0]) == .failure(.zeroToken(offset: 3)))
        #expect(SingletonMessage.decode([4] + job + [0x80, 0x00]) == .failure(.nonCanonicalInteger(field: .token, offset: 3)))
        #expect(SingletonMessage.decode([4] + job + Array(repeating: 0xFF, count: 9) + [0x02]) == .failure(.integerOverflow(field: .token, offset: 3)))
        #expect(SingletonMessage.decode([4] + job + [1, 0]) == .failure(.trailingBytes(count: 1, offset: 4)))
        #expect(SingletonMessage.decode([3] + job + [1, 1, 5, 0]) == .failure(.unknownReason(5, offset: 5)))
        #expect(SingletonMessage.decode([7] + job + [0, 1, 3, 0]) == .failure(.unknownReason(3, offset: 5)))
        #expect(SingletonMessage.decode([2] + job + [1, 1, 4]) == .failure(.invalidFlags(4, offset: 5)))
        #expect(SingletonMessage.decode([9] + job + [2]) == .failure(.invalidFlags(2, offset: 3)))
        #expect(SingletonMessage.decode([8] + job + [0, 1, 65]) == .failure(.digestTooLong(length: 65, offset: 5)))
        // Slot times beyond any schedule (here Int64.max, zigzagged) are refused before they reach one.
        #expect(SingletonMessage.decode([6] + job + Array(repeating: 0xFF, count: 9) + [0x01, 1]) == .failure(.slotOutOfRange(offset: 3)))
        #expect(SingletonMessage.decode(Array(repeating: 1, count: 1025)) == .failure(.tooLarge(byteCount: 1025, limit: 1024)))
    }

    @Test func errorsDescribeThemselves() {
        #expect(SingletonDecodingError.zeroToken(offset: 3).description == "fencing token 0 at byte 3")
        #expect(SingletonDecodingError.truncated(field: .slot, offset: 9).description == "truncated in slot at byte 9")
    }

    @Test func namesFollowTheRule() {
        #expect(SingletonName.isValid("n0") && SingletonName.isValid("roost-0.roost.default") && SingletonName.isValid("leader_board"))
        #expect(!SingletonName.isValid("") && !SingletonName.isValid("N0") && !SingletonName.isValid("a b") && !SingletonName.isValid("é"))
        #expect(SingletonName.isValid(String(repeating: "x", count: 64)) && !SingletonName.isValid(String(repeating: "x", count: 65)))
    }
}

import Testing
@testable import Membership

/// The binary encoding round-trips and refuses malformed input with a precise error.
@Suite struct MessageCodecTests {
    @Test func everyKindRoundTrips() {
        for message in Fixtures.everyMessage {
            let bytes = message.encode()
            #expect(MembershipMessage.decode(bytes) == .success(message), "\(message)")
        }
    }

    @Test func pingEncodesCompactly() {
        #expect(MembershipMessage(.ping(sequence: 300)).encode() == [1, 0xAC, 0x02, 0])
        let update = MemberUpdate(node: NodeID(name: "a", address: "h:1"), incarnation: Incarnation(generation: 2), status: .alive)
        #expect(MembershipMessage(.ack(sequence: 1), gossip: [update]).encode() == [3, 1, 1, 1, 97, 3, 104, 58, 49, 0, 2, 0])
    }

    @Test func everyProperPrefixIsRefusedAsTruncated() {
        for message in Fixtures.everyMessage {
            let bytes = message.encode()
            for length in 0..<bytes.count {
                let result = MembershipMessage.decode(Array(bytes[..<length]))
                guard case .failure(.truncated(_, let offset)) = result else {
                    Issue.record("prefix \(length) of \(message): \(result)")
                    continue
                }
                #expect(offset <= length)
            }
        }
    }

    @Test func truncationNamesTheFieldBeingRead() {
        #expect(MembershipMessage.decode([]) == .failure(.truncated(field: .kind, offset: 0)))
        #expect(MembershipMessage.decode([1]) == .failure(.truncated(field: .sequence, offset: 1)))
        #expect(MembershipMessage.decode([1, 0x80]) == .failure(.truncated(field: .sequence, offset: 2)))
        #expect(MembershipMessage.decode([1, 0]) == .failure(.truncated(field: .entryCount, offset: 2)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 3, 104]) == .failure(.truncated(field: .address, offset: 5)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 1, 104]) == .failure(.truncated(field: .status, offset: 6)))
    }

    @Test func trailingBytesAreRefused() {
        #expect(MembershipMessage.decode([3, 5, 0, 0]) == .failure(.trailingBytes(count: 1, offset: 3)))
    }

    @Test func unknownKindAndStatusAreRefused() {
        #expect(MembershipMessage.decode([0]) == .failure(.unknownKind(0)))
        #expect(MembershipMessage.decode([8, 0]) == .failure(.unknownKind(8)))
        #expect(MembershipMessage.decode([0xFF]) == .failure(.unknownKind(0xFF)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 1, 104, 4, 0, 0]) == .failure(.unknownStatus(4, offset: 6)))
    }

    @Test func overLongAndOverflowingIntegersAreRefused() {
        #expect(MembershipMessage.decode([1, 0x80, 0x00, 0]) == .failure(.nonCanonicalInteger(field: .sequence, offset: 1)))
        #expect(MembershipMessage.decode([1, 0x81, 0x80, 0x00, 0]) == .failure(.nonCanonicalInteger(field: .sequence, offset: 1)))
        let max: [UInt8] = [1] + Array(repeating: 0xFF, count: 9) + [0x01, 0]
        #expect(MembershipMessage.decode(max) == .success(MembershipMessage(.ping(sequence: .max))))
        let tooBig: [UInt8] = [1] + Array(repeating: 0xFF, count: 9) + [0x02, 0]
        #expect(MembershipMessage.decode(tooBig) == .failure(.integerOverflow(field: .sequence, offset: 1)))
        let tooLong: [UInt8] = [1] + Array(repeating: 0x80, count: 10) + [0x01, 0]
        #expect(MembershipMessage.decode(tooLong) == .failure(.integerOverflow(field: .sequence, offset: 1)))
    }

    @Test func invalidNamesAndAddressesAreRefused() {
        #expect(MembershipMessage.decode([7, 1, 0, 3, 104, 58, 49, 0, 0, 0]) == .failure(.invalidNodeName(offset: 3)))
        #expect(MembershipMessage.decode([7, 1, 1, 65, 3, 104, 58, 49, 0, 0, 0]) == .failure(.invalidNodeName(offset: 3)))
        let longName: [UInt8] = [7, 1, 17] + Array(repeating: 97, count: 17) + [3, 104, 58, 49, 0, 0, 0]
        #expect(MembershipMessage.decode(longName) == .failure(.invalidNodeName(offset: 3)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 0, 0, 0, 0]) == .failure(.invalidAddress(offset: 5)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 2, 104, 32, 0, 0, 0]) == .failure(.invalidAddress(offset: 5)))
        #expect(MembershipMessage.decode([7, 1, 1, 97, 2, 104, 0xC3, 0, 0, 0]) == .failure(.invalidAddress(offset: 5)))
    }

    @Test func listsLongerThanTheirLimitAreRefusedBeforeReadingThem() {
        // 65 gossip entries claimed in a 3-byte message.
        #expect(MembershipMessage.decode([7, 0xC1, 0x00]) == .failure(.nonCanonicalInteger(field: .entryCount, offset: 1)))
        #expect(MembershipMessage.decode([7, 65]) == .failure(.tooManyEntries(count: 65, limit: 64, offset: 1)))
        #expect(MembershipMessage.decode([5, 0x81, 0x08]) == .failure(.tooManyEntries(count: 1025, limit: 1024, offset: 1)))
        // A huge count that fits the limit is refused as truncated, without allocating for it.
        #expect(MembershipMessage.decode([5, 0x80, 0x08]) == .failure(.truncated(field: .nameLength, offset: 3)))
    }

    @Test func oversizedInputIsRefusedWhole() {
        let bytes = [UInt8](repeating: 0, count: MembershipMessage.maxEncodedBytes + 1)
        #expect(MembershipMessage.decode(bytes) == .failure(.tooLarge(byteCount: bytes.count, limit: MembershipMessage.maxEncodedBytes)))
    }

    @Test func largestStateFitsTheSizeLimit() {
        let longest = NodeID(name: String(repeating: "z", count: 16), address: String(repeating: "h", count: 255))
        let update = MemberUpdate(node: longest, incarnation: Incarnation(generation: .max, refutations: .max), status: .suspect(by: longest))
        let message = MembershipMessage(
            .joinAck(state: Array(repeating: update, count: MembershipMessage.maxStateEntries)),
            gossip: Array(repeating: update, count: MembershipMessage.maxGossipEntries))
        let bytes = message.encode()
        #expect(bytes.count <= MembershipMessage.maxEncodedBytes)
        #expect(MembershipMessage.decode(bytes) == .success(message))
    }

    @Test func garbageNeverTrapsAndAcceptedBytesReEncodeIdentically() {
        var random = MembershipRandom(seed: 42)
        var accepted = 0
        let seeds = Fixtures.everyMessage.map { $0.encode() }
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            // Flip, insert or delete a few bytes.
            for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
                default: bytes.remove(at: index)
                }
            }
            if case .success(let message) = MembershipMessage.decode(bytes) {
                accepted += 1
                #expect(message.encode() == bytes)
            }
        }
        #expect(accepted > 0)
    }
}

import ClusterWire
import Testing

@Suite struct ClusterFrameDecoderTests {
    let dataFrame = handFrame(type: 0x20, channel: 3, payload: Array("abc".utf8))

    @Test func decoderReadsAFrameWholeAndInEveryPiecing() {
        #expect(dataFrame == [0, 0, 0, 7, 1, 0x20, 3, 0, 0x61, 0x62, 0x63])
        for pieces in everySplit(dataFrame) {
            #expect(decode(pieces) == [.frame(.data, .pubSub, Array("abc".utf8))], "pieces \(pieces.map(\.count))")
        }
    }

    @Test func decoderReadsSeveralFramesInOneBufferAndAcrossPieces() {
        let stream = handFrame(type: 0x10) + dataFrame + handFrame(type: 0x0F, payload: [6]) + handFrame(type: 0x11, payload: [1, 2])
        let expected: [Decoded] = [
            .frame(.ping, .none, []), .frame(.data, .pubSub, Array("abc".utf8)), .frame(.close, .none, [6]),
            .frame(.pong, .none, [1, 2]),
        ]
        for pieces in everySplit(stream) {
            #expect(decode(pieces) == expected, "pieces \(pieces.map(\.count))")
        }
    }

    @Test func decoderRejectsZeroLengthAsSoonAsTheLengthArrives() {
        #expect(decode([[0, 0, 0, 0]]) == [.failed(.zeroLength)])
        #expect(decode([[0], [0], [0], [0]], finish: false) == [.failed(.zeroLength)])
    }

    @Test func decoderRejectsLengthsShorterThanTheHeader() {
        for length in UInt32(1)...3 {
            for pieces in everySplit(handFrame(length: length, type: 0x20)) {
                #expect(decode(pieces) == [.failed(.lengthTooShort(length))])
            }
        }
    }

    @Test func decoderRejectsAnOversizedFrameBeforeItsPayload() {
        let header = handFrame(length: 4 + 1025, type: 0x20)
        for pieces in everySplit(header) {
            #expect(decode(pieces, maxPayloadBytes: 1024) == [.failed(.frameTooLarge(payloadBytes: 1025, maxPayloadBytes: 1024))])
        }
        let huge = handFrame(length: UInt32.max, type: 0x20)
        #expect(decode([huge]) == [.failed(.frameTooLarge(payloadBytes: Int(UInt32.max) - 4, maxPayloadBytes: 1 << 20))])
    }

    @Test func decoderAcceptsAFrameOfExactlyTheLimit() {
        let payload = [UInt8](repeating: 7, count: 1024)
        #expect(decode([handFrame(type: 0x20, channel: 1, payload: payload)], maxPayloadBytes: 1024) == [.frame(.data, .membership, payload)])
    }

    @Test func decoderRejectsUnknownVersions() {
        for version: UInt8 in [0, 2, 255] {
            for pieces in everySplit(handFrame(version: version, type: 0x20, payload: [1])) {
                #expect(decode(pieces) == [.failed(.unsupportedVersion(version))])
            }
        }
    }

    @Test func decoderRejectsReservedFlags() {
        for pieces in everySplit(handFrame(type: 0x10, flags: 0x80)) {
            #expect(decode(pieces) == [.failed(.reservedFlagsSet(0x80))])
        }
    }

    @Test func decoderChecksTheLengthBeforeTheVersion() {
        #expect(decode([handFrame(length: 0, version: 9, type: 1)]) == [.failed(.zeroLength)])
    }

    @Test func decoderPassesUnknownTypesAndChannelsThrough() {
        #expect(decode([handFrame(type: 0x77, channel: 200, payload: [1])]) == [.frame(ClusterFrameType(rawValue: 0x77), ClusterChannel(rawValue: 200), [1])])
    }

    @Test func decoderReportsATruncatedFrameAtTheEndOfTheStream() {
        #expect(decode([[0, 0]]) == [.failed(.truncated(receivedBytes: 2, frameBytes: nil))])
        #expect(decode([Array(dataFrame.prefix(6))]) == [.failed(.truncated(receivedBytes: 6, frameBytes: 11))])
        #expect(decode([Array(dataFrame.prefix(10))]) == [.failed(.truncated(receivedBytes: 10, frameBytes: 11))])
        #expect(decode([dataFrame + [0, 0, 0]]) == [.frame(.data, .pubSub, Array("abc".utf8)), .failed(.truncated(receivedBytes: 3, frameBytes: nil))])
        #expect(decode([dataFrame]) == [.frame(.data, .pubSub, Array("abc".utf8))])
    }

    @Test func decoderStaysFailed() {
        var decoder = ClusterFrameDecoder()
        let zero: [UInt8] = [0, 0, 0, 0]
        let good = dataFrame
        zero.withUnsafeBytes { raw in
            var cursor = 0
            guard case .failed(.zeroLength) = decoder.next(raw, cursor: &cursor) else { Issue.record("expected zeroLength"); return }
        }
        good.withUnsafeBytes { raw in
            var cursor = 0
            guard case .failed(.zeroLength) = decoder.next(raw, cursor: &cursor) else { Issue.record("failure not sticky"); return }
        }
        #expect(decoder.finish() == nil)
    }

    @Test func decoderReturnsAWholeFrameWithoutCopying() {
        let stream = dataFrame
        stream.withUnsafeBytes { raw in
            var decoder = ClusterFrameDecoder()
            var cursor = 0
            guard case .frame(_, let payload) = decoder.next(raw, cursor: &cursor) else { Issue.record("no frame"); return }
            #expect(payload.baseAddress == raw.baseAddress! + 8)
            #expect(cursor == stream.count)
            #expect(decoder.storageCapacity == 0)
        }
    }

    @Test func decoderStorageGrowsWithArrivalsNotDeclarationsAndIsReleased() {
        var decoder = ClusterFrameDecoder(maxPayloadBytes: 1 << 20)
        let payload = [UInt8](repeating: 0x5A, count: 200_000)
        let frame = handFrame(type: 0x20, channel: 2, payload: payload)
        // A header declaring 200 000 bytes, then a trickle: storage follows the trickle.
        Array(frame.prefix(100)).withUnsafeBytes { raw in
            var cursor = 0
            guard case .needMoreBytes = decoder.next(raw, cursor: &cursor) else { Issue.record("expected needMoreBytes"); return }
        }
        #expect(decoder.storageCapacity <= 256)
        #expect(decoder.bufferedByteCount == 100)
        var delivered: [UInt8]?
        var offset = 100
        while offset < frame.count {
            let piece = Array(frame[offset..<min(offset + 4096, frame.count)])
            offset += piece.count
            piece.withUnsafeBytes { raw in
                var cursor = 0
                if case .frame(_, let body) = decoder.next(raw, cursor: &cursor) { delivered = Array(body) }
            }
            #expect(decoder.storageCapacity <= frame.count)
        }
        #expect(delivered == payload)
        // The big storage goes once the next call starts.
        dataFrame.withUnsafeBytes { raw in
            var cursor = 0
            _ = decoder.next(raw, cursor: &cursor)
        }
        #expect(decoder.storageCapacity == 0)
    }

    @Test func decoderAppliesALoweredLimitToTheNextFrame() {
        var decoder = ClusterFrameDecoder(maxPayloadBytes: 16)
        let stream = handFrame(type: 0x20, channel: 1, payload: [UInt8](repeating: 1, count: 10)) + handFrame(type: 0x20, channel: 1, payload: [UInt8](repeating: 1, count: 10))
        stream.withUnsafeBytes { raw in
            var cursor = 0
            guard case .frame = decoder.next(raw, cursor: &cursor) else { Issue.record("first frame"); return }
            decoder.maxPayloadBytes = 8
            guard case .failed(.frameTooLarge(10, 8)) = decoder.next(raw, cursor: &cursor) else { Issue.record("second frame"); return }
        }
    }
}

import Testing
@testable import WebSocket

/// The RFC 6455 §5.7 examples, byte for byte.
enum RFCExample {
    static let unmaskedHello: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
    static let maskedHello: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
    static let fragmentedHel: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6C]
    static let fragmentedLo: [UInt8] = [0x80, 0x02, 0x6C, 0x6F]
    static let unmaskedPing: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
    static let maskedPong: [UInt8] = [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
    static let binary256Header: [UInt8] = [0x82, 0x7E, 0x01, 0x00]
    static let binary64KiBHeader: [UInt8] = [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]
}

/// A close code and whether a peer may send it.
struct WireCloseCode: Sendable, CustomTestStringConvertible {
    var code: UInt16
    var testDescription: String { String(code) }

    static let invalid = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535].map(WireCloseCode.init)
    static let valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999]
        .map(WireCloseCode.init)
}

@Suite struct MessageReaderTests {
    // MARK: RFC 6455 §5.7 examples

    @Test func clientReadsTheRFCUnmaskedHelloInEveryWay() {
        for feed in Feed.everyWay(for: RFCExample.unmaskedHello.count) {
            #expect(readEvents(RFCExample.unmaskedHello, feed: feed, reader: clientReader()) == [.text("Hello")])
        }
    }

    @Test func serverReadsTheRFCMaskedHelloInEveryWay() {
        for feed in Feed.everyWay(for: RFCExample.maskedHello.count) {
            #expect(readEvents(RFCExample.maskedHello, feed: feed, reader: serverReader()) == [.text("Hello")])
        }
    }

    @Test func clientReassemblesTheRFCFragmentedHello() {
        let bytes = RFCExample.fragmentedHel + RFCExample.fragmentedLo
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: clientReader()) == [.text("Hello")])
        }
    }

    @Test func clientReadsTheRFCPingAndServerReadsTheRFCPong() {
        #expect(readEvents(RFCExample.unmaskedPing, reader: clientReader()) == [.ping(Array("Hello".utf8))])
        #expect(readEvents(RFCExample.maskedPong, reader: serverReader()) == [.pong(Array("Hello".utf8))])
    }

    @Test func clientReadsTheRFC256ByteAnd64KiBBinaryMessages() {
        let small = pseudoRandomBytes(256, seed: 2)
        let large = pseudoRandomBytes(65536, seed: 3)
        let bytes = RFCExample.binary256Header + small + RFCExample.binary64KiBHeader + large
        #expect(frame(.binary, small) + frame(.binary, large) == bytes)
        let expected: [ReadEvent] = [.message(.binary, small), .message(.binary, large)]
        for feed in Feed.sampled(for: bytes.count, stride: 1021) {
            #expect(readEvents(bytes, feed: feed, reader: clientReader()) == expected, "fed \(feed)")
        }
    }

    // MARK: Whole and fragmented messages

    @Test func readerDeliversAMessageThatArrivedWholeStraightFromTheReadBuffer() {
        var bytes = clientFrame(.binary, pseudoRandomBytes(100)) + clientFrame(.text, Array("second".utf8))
        bytes.withUnsafeMutableBytes { buffer in
            var reader = serverReader()
            var cursor = 0
            for expectedCount in [100, 6] {
                guard case .message(_, let payload) = reader.next(buffer, cursor: &cursor) else {
                    Issue.record("expected a message")
                    return
                }
                #expect(payload.count == expectedCount)
                #expect(pointsInto(payload, buffer), "a whole message should not be copied")
            }
            guard case .needMoreBytes = reader.next(buffer, cursor: &cursor) else {
                Issue.record("expected needMoreBytes")
                return
            }
        }
    }

    @Test func readerReassemblesATextMessageSplitInsideAMultiByteCharacter() {
        let text = Array("añ€😀z".utf8)  // 1 + 2 + 3 + 4 + 1 bytes
        // Every way of cutting the text into three fragments, whatever byte the cuts fall on.
        for first in 0...text.count {
            for second in first...text.count {
                let bytes = clientFrame(.text, Array(text[..<first]), fin: false)
                    + clientFrame(.continuation, Array(text[first..<second]), fin: false)
                    + clientFrame(.continuation, Array(text[second...]))
                #expect(readEvents(bytes, reader: serverReader()) == [.message(.text, text)], "cut at \(first), \(second)")
            }
        }
    }

    @Test func readerReassemblesABinaryMessageOfManyFragmentsIncludingEmptyOnes() {
        let parts: [[UInt8]] = [[], [1], [2, 3], [], pseudoRandomBytes(200), [4], []]
        var bytes = clientFrame(.binary, parts[0], fin: false)
        for part in parts.dropFirst().dropLast() { bytes += clientFrame(.continuation, part, fin: false) }
        bytes += clientFrame(.continuation, parts.last!)
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == [.message(.binary, parts.flatMap { $0 })])
        }
    }

    @Test func readerDeliversEmptyMessages() {
        let bytes = clientFrame(.text, []) + clientFrame(.binary, []) + clientFrame(.text, [], fin: false)
            + clientFrame(.continuation, [])
        let expected: [ReadEvent] = [.message(.text, []), .message(.binary, []), .message(.text, [])]
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == expected)
        }
    }

    @Test func readerLetsPingsPongsAndCloseInterleaveBetweenFragments() {
        let bytes = clientFrame(.text, Array("Hel".utf8), fin: false)
            + clientFrame(.ping, Array("p1".utf8))
            + clientFrame(.continuation, Array("l".utf8), fin: false)
            + clientFrame(.pong, [])
            + clientFrame(.ping, Array(repeating: 0x70, count: 125))
            + clientFrame(.continuation, Array("o".utf8))
            + clientFrame(.binary, [9], fin: false)
            + clientFrame(.close, closeBody(1000, Array("bye".utf8)))
            + clientFrame(.continuation, [8])
        let expected: [ReadEvent] = [
            .ping(Array("p1".utf8)), .pong([]), .ping(Array(repeating: 0x70, count: 125)), .text("Hello"),
            .close(.normal, reason: "bye"), .message(.binary, [9, 8]),
        ]
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == expected, "fed \(feed)")
        }
    }

    // MARK: Message sequencing

    @Test func readerFailsAContinuationWithoutAMessageWithProtocolError() {
        #expect(readEvents(clientFrame(.continuation, [1]), reader: serverReader()) == [.failed(.protocolError)])
        let afterFinishedMessage = clientFrame(.text, Array("done".utf8)) + clientFrame(.continuation, [1])
        #expect(readEvents(afterFinishedMessage, reader: serverReader()) == [.text("done"), .failed(.protocolError)])
    }

    @Test(arguments: [Opcode.text, .binary])
    func readerFailsANewDataFrameInsideAFragmentedMessageWithProtocolError(_ opcode: Opcode) {
        let bytes = clientFrame(.binary, [1], fin: false) + clientFrame(.ping, []) + clientFrame(opcode, [2])
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == [.ping([]), .failed(.protocolError)])
        }
    }

    @Test func clientReaderFailsAMaskedFrameFromTheServer() {
        #expect(readEvents(RFCExample.maskedHello, reader: clientReader()) == [.failed(.protocolError)])
    }

    @Test func readerPassesFrameErrorsOnWithTheirCloseCodes() {
        #expect(readEvents([0x81, 0x00], reader: serverReader()) == [.failed(.protocolError)])
        let tooBig = clientFrame(.binary, pseudoRandomBytes(101))
        #expect(readEvents(tooBig, reader: serverReader(maxFrameBytes: 100)) == [.failed(.messageTooBig)])
    }

    // MARK: UTF-8

    @Test func readerFailsInvalidUTF8TextWithInvalidPayload() {
        let cases: [[UInt8]] = [
            [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], Array("ok".utf8) + [0xE2, 0x82],
        ]
        for payload in cases {
            let bytes = clientFrame(.text, payload)
            for feed in Feed.everyWay(for: bytes.count) {
                let events = readEvents(bytes, feed: feed, reader: serverReader())
                #expect(events == [.failed(.invalidPayload)], "\(payload) fed \(feed)")
            }
        }
    }

    @Test func readerFailsATextMessageWhoseLastFragmentEndsInsideACharacter() {
        let bytes = clientFrame(.text, Array("ok".utf8), fin: false) + clientFrame(.continuation, [0xF0, 0x9F, 0x98])
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == [.failed(.invalidPayload)])
        }
    }

    @Test func readerAcceptsAnyBytesInABinaryMessage() {
        let bytes = clientFrame(.binary, [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80])
        #expect(readEvents(bytes, reader: serverReader()) == [.message(.binary, [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80])])
    }

    @Test func readerFailsInvalidUTF8OnTheFragmentThatHoldsItBeforeTheFinalFragmentArrives() {
        // The final fragment never arrives: the failure must come from the second.
        let bytes = clientFrame(.text, Array("fine so far ".utf8), fin: false)
            + clientFrame(.continuation, Array("still".utf8) + [0xC3, 0x28], fin: false)
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == [.failed(.invalidPayload)], "fed \(feed)")
        }
    }

    @Test func readerFailsInvalidUTF8AsSoonAsTheBadByteArrivesInsideAFrame() {
        // Autobahn 6.4.x: the frame declares 100 bytes; its eighth byte makes
        // a code point above U+10FFFF.
        let payload = Array("abcdef".utf8) + [0xF4, 0x90, 0x80, 0x80] + [UInt8](repeating: 0x61, count: 90)
        let bytes = clientFrame(.text, payload)
        let headerBytes = bytes.count - payload.count
        for sent in (headerBytes + 8)...(headerBytes + 10) {
            let prefix = Array(bytes[..<sent])
            let events = readEvents(prefix, feed: .byteByByte, reader: serverReader())
            #expect(events == [.failed(.invalidPayload)], "\(sent) bytes sent")
        }
        // One byte earlier the sequence could still be valid.
        #expect(readEvents(Array(bytes[..<(headerBytes + 7)]), feed: .byteByByte, reader: serverReader()) == [])
    }

    // MARK: Size limit

    @Test func readerFailsAMessageWhoseFragmentsTogetherExceedTheLimitWithMessageTooBig() {
        let bytes = clientFrame(.binary, pseudoRandomBytes(60), fin: false) + clientFrame(.continuation, pseudoRandomBytes(41))
        for feed in Feed.everyWay(for: bytes.count) {
            let events = readEvents(bytes, feed: feed, reader: serverReader(maxFrameBytes: 100, maxMessageBytes: 100))
            #expect(events == [.failed(.messageTooBig)])
        }
    }

    @Test func readerFailsASingleFrameMessageOverTheMessageLimitEvenWithinTheFrameLimit() {
        let bytes = clientFrame(.text, Array(repeating: 0x61, count: 11))
        for feed in Feed.everyWay(for: bytes.count) {
            let events = readEvents(bytes, feed: feed, reader: serverReader(maxFrameBytes: 100, maxMessageBytes: 10))
            #expect(events == [.failed(.messageTooBig)])
        }
    }

    @Test func readerAcceptsAMessageOfExactlyTheLimit() {
        let bytes = clientFrame(.binary, pseudoRandomBytes(60, seed: 5), fin: false)
            + clientFrame(.ping, [1])
            + clientFrame(.continuation, pseudoRandomBytes(40, seed: 6))
            + clientFrame(.binary, pseudoRandomBytes(100, seed: 7))
        let expected: [ReadEvent] = [
            .ping([1]), .message(.binary, pseudoRandomBytes(60, seed: 5) + pseudoRandomBytes(40, seed: 6)),
            .message(.binary, pseudoRandomBytes(100, seed: 7)),
        ]
        #expect(readEvents(bytes, reader: serverReader(maxFrameBytes: 100, maxMessageBytes: 100)) == expected)
    }

    @Test func readerDoesNotCountControlFramesTowardsTheMessageLimit() {
        let bytes = clientFrame(.text, Array("12345".utf8), fin: false) + clientFrame(.ping, Array(repeating: 1, count: 100))
            + clientFrame(.continuation, Array("67890".utf8))
        let expected: [ReadEvent] = [.ping(Array(repeating: 1, count: 100)), .text("1234567890")]
        #expect(readEvents(bytes, reader: serverReader(maxFrameBytes: 125, maxMessageBytes: 10)) == expected)
    }

    @Test func readerStartsCountingAfreshForEachMessage() {
        let bytes = clientFrame(.binary, [1, 2, 3], fin: false) + clientFrame(.continuation, [4, 5, 6])
            + clientFrame(.binary, [7, 8, 9], fin: false) + clientFrame(.continuation, [10, 11, 12])
        let expected: [ReadEvent] = [.message(.binary, [1, 2, 3, 4, 5, 6]), .message(.binary, [7, 8, 9, 10, 11, 12])]
        #expect(readEvents(bytes, reader: serverReader(maxFrameBytes: 6, maxMessageBytes: 6)) == expected)
    }

    // MARK: Close frames

    @Test func readerReportsAnEmptyCloseWithNoCode() {
        #expect(readEvents(clientFrame(.close, []), reader: serverReader()) == [.close(nil, reason: "")])
    }

    @Test func readerFailsACloseWithAOneByteBody() {
        #expect(readEvents(clientFrame(.close, [0x03]), reader: serverReader()) == [.failed(.protocolError)])
    }

    @Test(arguments: WireCloseCode.invalid)
    func readerFailsACloseCarryingACodeNoPeerMaySend(_ code: WireCloseCode) {
        let bytes = clientFrame(.close, closeBody(code.code, Array("why".utf8)))
        #expect(readEvents(bytes, reader: serverReader()) == [.failed(.protocolError)])
        #expect(!CloseCode(code.code).isAllowedOnWire)
    }

    @Test(arguments: WireCloseCode.valid)
    func readerReportsACloseWithAValidCodeAndItsReason(_ code: WireCloseCode) {
        let bytes = clientFrame(.close, closeBody(code.code, Array("gone fishing ✓".utf8)))
        for feed in Feed.everyWay(for: bytes.count) {
            let events = readEvents(bytes, feed: feed, reader: serverReader())
            #expect(events == [.close(CloseCode(code.code), reason: "gone fishing ✓")])
        }
    }

    @Test func readerReportsACloseWithACodeAndNoReason() {
        #expect(readEvents(clientFrame(.close, closeBody(1001)), reader: serverReader()) == [.close(.goingAway, reason: "")])
    }

    @Test func readerFailsACloseWhoseReasonIsNotUTF8WithInvalidPayload() {
        for reason: [UInt8] in [[0xFF], [0xE2, 0x82], Array("ok".utf8) + [0xED, 0xB0, 0x80]] {
            let bytes = clientFrame(.close, closeBody(1000, reason))
            #expect(readEvents(bytes, reader: serverReader()) == [.failed(.invalidPayload)], "\(reason)")
        }
    }

    @Test func readerReportsACloseOf125BytesSplitAcrossReads() {
        let reason = String(repeating: "é", count: 61) + "x"  // 123 bytes
        let bytes = clientFrame(.close, closeBody(4000, Array(reason.utf8)))
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == [.close(CloseCode(4000), reason: reason)])
        }
    }

    // MARK: Any split, same events

    /// A conversation touching every path: whole and fragmented messages of
    /// both kinds, multi-byte text cut mid-character, interleaved control
    /// frames, 16-bit lengths and a close.
    static let conversation: (bytes: [UInt8], events: [ReadEvent]) = {
        let big = pseudoRandomBytes(300, seed: 11)
        let text = Array("κόσμε 😀 ok".utf8)
        let bytes = clientFrame(.text, Array("hello".utf8), maskingKey: maskingKey(1, 2, 3, 4))
            + clientFrame(.binary, big, maskingKey: maskingKey(0xFF, 0, 0xFF, 0))
            + clientFrame(.text, Array(text[..<2]), fin: false, maskingKey: maskingKey(5, 6, 7, 8))
            + clientFrame(.ping, Array("are you there".utf8))
            + clientFrame(.continuation, Array(text[2..<9]), fin: false, maskingKey: maskingKey(9, 9, 9, 9))
            + clientFrame(.pong, [])
            + clientFrame(.continuation, Array(text[9...]), maskingKey: 0)
            + RFCExample.maskedHello
            + clientFrame(.binary, Array(big[..<130]), fin: false)
            + clientFrame(.continuation, [], fin: false)
            + clientFrame(.continuation, Array(big[130...]))
            + clientFrame(.close, closeBody(1001, Array("bye".utf8)))
        let events: [ReadEvent] = [
            .text("hello"), .message(.binary, big), .ping(Array("are you there".utf8)), .pong([]),
            .message(.text, text), .text("Hello"), .message(.binary, big), .close(.goingAway, reason: "bye"),
        ]
        return (bytes, events)
    }()

    @Test func readerGivesTheSameEventsForEverySplitOfAConversation() {
        let (bytes, events) = Self.conversation
        for feed in Feed.everyWay(for: bytes.count) {
            #expect(readEvents(bytes, feed: feed, reader: serverReader()) == events, "fed \(feed)")
        }
    }

    @Test(arguments: UInt64(1)...40)
    func readerGivesTheSameEventsForRandomPiecesOfAConversation(_ seed: UInt64) {
        let (bytes, events) = Self.conversation
        let feed = Feed.random(seed: seed, maxPiece: Int(seed % 13) + 1 + Int(seed) * 3, totalBytes: bytes.count)
        #expect(readEvents(bytes, feed: feed, reader: serverReader()) == events, "fed \(feed)")
    }

    // MARK: Compressed messages (with a stand-in decompressor)

    @Test func readerSendsCompressedMessagesThroughTheDecompressor() {
        let decompressor = RecordingDecompressor()
        var reader = serverReader()
        reader.decoder.allowsCompressedFrames = true
        reader.decompressor = decompressor
        let bytes = clientFrame(.text, Array("ab".utf8), fin: false, rsv1: true) + clientFrame(.continuation, Array("c".utf8))
            + clientFrame(.text, Array("plain".utf8))
        #expect(readEvents(bytes, reader: reader) == [.text("abc"), .text("plain")])
        #expect(decompressor.fragments.map(\.bytes) == [Array("ab".utf8), Array("c".utf8)])
        #expect(decompressor.fragments.map(\.isFinal) == [false, true])
    }

    @Test func readerFailsACompressedMessageTheDecompressorCallsTooLargeOrCorrupt() {
        let outcomes: [(DecompressionOutcome, CloseCode)] = [(.messageTooLarge, .messageTooBig), (.corruptData, .invalidPayload)]
        for (outcome, code) in outcomes {
            let decompressor = RecordingDecompressor()
            decompressor.outcome = outcome
            var reader = serverReader()
            reader.decoder.allowsCompressedFrames = true
            reader.decompressor = decompressor
            #expect(readEvents(clientFrame(.binary, [1, 2, 3], rsv1: true), reader: reader) == [.failed(code)])
        }
    }

    @Test func readerFailsInflatedTextThatIsNotUTF8() {
        let decompressor = RecordingDecompressor()
        var reader = serverReader()
        reader.decoder.allowsCompressedFrames = true
        reader.decompressor = decompressor
        let bytes = clientFrame(.text, [0x61, 0xFF], fin: false, rsv1: true)
        #expect(readEvents(bytes, reader: reader) == [.failed(.invalidPayload)])
    }
}

/// Stands in for permessage-deflate: copies each fragment through unchanged
/// and remembers what it was given.
final class RecordingDecompressor: MessageDecompressing {
    var outcome = DecompressionOutcome.ok
    var fragments: [(bytes: [UInt8], isFinal: Bool)] = []

    func decompress(
        _ fragment: UnsafeRawBufferPointer, isFinal: Bool, maxMessageBytes: Int, into output: ByteAccumulator
    ) -> DecompressionOutcome {
        fragments.append((Array(fragment), isFinal))
        if outcome == .ok { output.append(fragment) }
        return outcome
    }
}

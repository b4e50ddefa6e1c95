import Testing
@testable import WebSocket

/// A byte sequence and where a validator fed it one byte at a time must fail.
struct UTF8Case: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// Index of the first byte that cannot belong to valid UTF-8; nil when
    /// the bytes are valid or merely stop inside a sequence.
    var failsAt: Int?

    var testDescription: String { name }

    static let valid: [UTF8Case] = [
        ("empty", []), ("NUL", [0x00]), ("ASCII", Array("Hello, world".utf8)),
        ("long ASCII", Array(String(repeating: "0123456789", count: 10).utf8)),
        ("U+0080", [0xC2, 0x80]), ("U+07FF", [0xDF, 0xBF]), ("U+0800", [0xE0, 0xA0, 0x80]),
        ("U+D7FF, just below the surrogates", [0xED, 0x9F, 0xBF]), ("U+E000, just above them", [0xEE, 0x80, 0x80]),
        ("U+FFFE noncharacter", [0xEF, 0xBF, 0xBE]), ("U+FFFF", [0xEF, 0xBF, 0xBF]),
        ("U+10000", [0xF0, 0x90, 0x80, 0x80]), ("U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF]),
        ("Greek kosme", Array("κόσμε".utf8)), ("Autobahn 6.2", Array("Hello-µ@ßöäüàá-UTF-8!!".utf8)),
        ("emoji between ASCII runs", Array("abcdefghij😀klmnopqrst€".utf8)),
    ].map { UTF8Case(name: $0.0, bytes: $0.1, failsAt: nil) }

    static let invalid: [UTF8Case] = [
        ("stray continuation 0x80", [0x80], 0), ("stray continuation 0xBF", [0xBF], 0),
        ("continuation after ASCII", [0x61, 0x80], 1), ("two continuations after a 2-byte char", [0xC2, 0x80, 0x80], 2),
        ("overlong NUL C0 80", [0xC0, 0x80], 0), ("overlong C1 BF", [0xC1, 0xBF], 0),
        ("overlong 3-byte E0 80 80", [0xE0, 0x80, 0x80], 1), ("overlong 3-byte E0 9F BF", [0xE0, 0x9F, 0xBF], 1),
        ("overlong 4-byte F0 80 80 80", [0xF0, 0x80, 0x80, 0x80], 1),
        ("overlong 4-byte F0 8F BF BF", [0xF0, 0x8F, 0xBF, 0xBF], 1),
        ("surrogate U+D800", [0xED, 0xA0, 0x80], 1), ("surrogate U+DBFF", [0xED, 0xAF, 0xBF], 1),
        ("surrogate U+DC00", [0xED, 0xB0, 0x80], 1), ("surrogate U+DFFF", [0xED, 0xBF, 0xBF], 1),
        ("surrogate pair", [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], 1),
        ("U+110000", [0xF4, 0x90, 0x80, 0x80], 1), ("F5 lead", [0xF5, 0x80, 0x80, 0x80], 0),
        ("5-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80], 0), ("6-byte form", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], 0),
        ("FE", [0xFE], 0), ("FF", [0xFF], 0),
        ("2-byte char cut by ASCII", [0xC2, 0x41], 1), ("3-byte char cut by ASCII", [0xE2, 0x82, 0x41], 2),
        ("4-byte char cut by a lead byte", [0xF0, 0x9F, 0x98, 0xC0], 3), ("lead byte after lead byte", [0xC2, 0xC2], 1),
        ("surrogate after valid text", Array("κόσμε".utf8) + [0xED, 0xA0, 0x80], 11),
        ("bad byte after the ASCII fast path", Array("0123456789abcdef".utf8) + [0x80], 16),
        ("bad byte inside the ASCII fast path", Array("0123".utf8) + [0xFF] + Array("456789abcdef".utf8), 4),
    ].map { UTF8Case(name: $0.0, bytes: $0.1, failsAt: $0.2) }

    static let truncated: [UTF8Case] = [
        ("2-byte lead alone", [0xC2]), ("3-byte char missing one byte", [0xE2, 0x82]),
        ("3-byte lead alone", [0xE0]), ("4-byte char missing one byte", [0xF0, 0x9F, 0x98]),
        ("U+10FFFF missing one byte", [0xF4, 0x8F, 0xBF]), ("ASCII then a 4-byte lead", Array("ok".utf8) + [0xF0]),
    ].map { UTF8Case(name: $0.0, bytes: $0.1, failsAt: nil) }
}

/// Validates `bytes` in the pieces of `feed`; false as soon as a piece fails.
func validateInPieces(_ bytes: [UInt8], feed: Feed) -> (valid: Bool, atBoundary: Bool) {
    var validator = UTF8Validator()
    for piece in feed.pieces(of: bytes) {
        guard piece.withUnsafeBytes({ validator.validate($0) }) else { return (false, validator.isAtBoundary) }
    }
    return (true, validator.isAtBoundary)
}

/// The index of the byte whose arrival makes the validator fail, feeding one at a time.
func failurePosition(_ bytes: [UInt8]) -> Int? {
    var validator = UTF8Validator()
    for (index, byte) in bytes.enumerated() where ![byte].withUnsafeBytes({ validator.validate($0) }) {
        return index
    }
    return nil
}

/// What the standard library says about the same bytes.
func stdlibAccepts(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
}

@Suite struct UTF8ValidatorTests {
    @Test(arguments: UTF8Case.valid)
    func validatorAcceptsValidUTF8WhateverTheSplit(_ sample: UTF8Case) {
        for feed in Feed.everyWay(for: sample.bytes.count) {
            let result = validateInPieces(sample.bytes, feed: feed)
            #expect(result.valid && result.atBoundary, "fed \(feed)")
        }
    }

    @Test(arguments: UTF8Case.invalid)
    func validatorRejectsInvalidUTF8AtTheFirstBadByteWhateverTheSplit(_ sample: UTF8Case) {
        #expect(failurePosition(sample.bytes) == sample.failsAt)
        #expect(!stdlibAccepts(sample.bytes))
        for feed in Feed.everyWay(for: sample.bytes.count) {
            #expect(!validateInPieces(sample.bytes, feed: feed).valid, "fed \(feed)")
        }
        // Everything before the bad byte is still acceptable as a prefix.
        if let failsAt = sample.failsAt {
            #expect(validateInPieces(Array(sample.bytes[..<failsAt]), feed: .whole).valid)
        }
    }

    @Test(arguments: UTF8Case.truncated)
    func validatorAcceptsATruncatedSequenceButIsNotAtABoundary(_ sample: UTF8Case) {
        for feed in Feed.everyWay(for: sample.bytes.count) {
            let result = validateInPieces(sample.bytes, feed: feed)
            #expect(result.valid && !result.atBoundary, "fed \(feed)")
        }
    }

    @Test func validatorResumesAcrossEveryTwoSplitPoints() {
        let text = Array("a€😀ß\u{10FFFF}z".utf8)
        for first in 0...text.count {
            for second in first...text.count {
                let result = validateInPieces(text, feed: .pieces([first, second - first]))
                #expect(result.valid && result.atBoundary, "cut at \(first), \(second)")
            }
        }
    }

    @Test func resetForgetsAHalfFinishedSequence() {
        var validator = UTF8Validator()
        #expect(([0xF0, 0x9F] as [UInt8]).withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtBoundary)
        validator.reset()
        #expect(validator.isAtBoundary)
        #expect(([0x41] as [UInt8]).withUnsafeBytes { validator.validate($0) })
        #expect(validator == UTF8Validator())
    }

    @Test func validatorFindsOneBadByteAtAnyPositionAroundTheASCIIFastPath() {
        for length in 0..<40 {
            for bad in 0..<length {
                var bytes = [UInt8](repeating: 0x61, count: length)
                bytes[bad] = 0x80
                #expect(failurePosition(bytes) == bad)
                #expect(!validateInPieces(bytes, feed: .whole).valid, "length \(length), bad byte at \(bad)")
            }
        }
    }

    @Test func validatorAgreesWithTheStandardLibraryOnEveryTwoByteSequence() {
        var disagreements: [[UInt8]] = []
        for first in 0...255 {
            for second in 0...255 {
                let bytes = [UInt8(first), UInt8(second)]
                let result = validateInPieces(bytes, feed: .whole)
                if (result.valid && result.atBoundary) != stdlibAccepts(bytes) { disagreements.append(bytes) }
            }
        }
        #expect(disagreements.isEmpty)
    }

    @Test func validatorAgreesWithTheStandardLibraryOnThreeAndFourByteSequences() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xF4, 0xFF]
        var disagreements: [[UInt8]] = []
        // Every lead byte, every second byte that could matter (around the
        // continuation range), edge values after that.
        for lead in UInt8(0xC0)...0xFF {
            for second in UInt8(0x70)...0xC5 {
                for third in edges {
                    for fourth in [0x80, 0x41] as [UInt8] {
                        let bytes = [lead, second, third, fourth]
                        let whole = validateInPieces(bytes, feed: .whole)
                        if (whole.valid && whole.atBoundary) != stdlibAccepts(bytes) { disagreements.append(bytes) }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty)
    }

    @Test func validatorAgreesWithTheStandardLibraryOnRandomSequencesFedInRandomPieces() {
        var generator = SeededGenerator(seed: 42)
        let alphabet: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for round in 0..<5000 {
            let bytes = (0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let feed = Feed.random(seed: UInt64(round), maxPiece: 5, totalBytes: bytes.count)
            let result = validateInPieces(bytes, feed: feed)
            #expect((result.valid && result.atBoundary) == stdlibAccepts(bytes), "\(bytes) fed \(feed)")
        }
    }
}

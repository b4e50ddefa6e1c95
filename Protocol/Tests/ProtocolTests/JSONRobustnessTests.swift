import Testing
@testable import Protocol

/// Hostile and damaged input: every prefix, every single-byte change, random bytes. The parser must
/// answer each with a value or an error at an offset inside the input, and never trap.
@Suite struct JSONRobustnessTests {
    static let samples: [String] = [
        #"{"t":"game.move","cid":42,"game":"g-n1-7fa3","move":3}"#,
        #"{"t":"hello","v":1,"client":{"name":"roost-play","version":"0.1.0"},"caps":["resume","redirect"]}"#,
        #"{"a":[1,-2.5e-3,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"],"b":{"c":{}},"d":[]}"#,
        "{\"text\":\"héllo wörld €𝄞 😀\",\"n\":-9223372036854775808}",
    ]

    @Test(arguments: samples)
    func everyPrefixIsAnErrorAtOrBeforeItsEnd(_ sample: String) {
        let bytes = Array(sample.utf8)
        #expect(throws: Never.self) { try parse(bytes: bytes).get() }
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            switch parse(bytes: prefix) {
            case .success(let parsed):
                // Only a prefix that is itself a number can parse ("-9" of "-92...").
                #expect(parsed.doubleValue != nil, "prefix \(length) parsed as \(parsed)")
            case .failure(let error):
                #expect(error.offset <= length, "prefix \(length): \(error)")
            }
        }
    }

    @Test(arguments: samples)
    func everySingleByteChangeIsHandled(_ sample: String) {
        let bytes = Array(sample.utf8)
        for position in bytes.indices {
            for replacement: UInt8 in [0x00, 0x0A, 0x22, 0x2C, 0x5B, 0x5C, 0x7B, 0x7D, 0x80, 0xC3, 0xED, 0xF4, 0xFF] {
                var damaged = bytes
                damaged[position] = replacement
                if case .failure(let error) = parse(bytes: damaged) {
                    #expect(error.offset <= damaged.count)
                }
                var shortened = bytes
                shortened.remove(at: position)
                _ = parse(bytes: shortened)
            }
        }
    }

    @Test func randomBytesNeverTrap() throws {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet = Array(#"{}[]":,\ -+.eE0123456789tfnulrsa"#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            switch parse(bytes: bytes) {
            case .success(let parsed):
                // Whatever parses must survive the writer and parse back equal.
                #expect(try parse(bytes: JSONWriter.encode(parsed)).get() == parsed)
            case .failure(let error):
                #expect(error.offset <= bytes.count)
            }
        }
    }

    @Test func clientDecoderAnswersEveryPrefixOfEveryMessage() {
        for sample in Self.samples {
            let bytes = Array(sample.utf8)
            for length in 0...bytes.count {
                _ = ClientMessage.decode(Array(bytes[0..<length]))
                _ = ServerMessage.decode(Array(bytes[0..<length]))
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

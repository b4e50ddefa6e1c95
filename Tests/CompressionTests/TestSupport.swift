import Compression
import Testing

/// A tiny seeded generator so "random" test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestData {
    static func random(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next()
            for _ in 0..<8 where index < count {
                bytes[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        return bytes
    }

    /// Game-state-like JSON: compresses well but is not a single repeated byte.
    static func repetitive(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 64)
        var tick = 0
        while bytes.count < count {
            bytes += Array(#"{"type":"state","tick":\#(tick),"players":[{"id":\#(tick % 7),"x":12.5,"y":-3}]}"#.utf8)
            tick += 1
        }
        return Array(bytes.prefix(count))
    }
}

extension MessageDeflater {
    func compress(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        message.withUnsafeBytes { compress($0, appendingTo: &output) }
        return output
    }
}

extension MessageInflater {
    /// Inflates `compressed` as one message, split into fragments of `fragmentBytes`.
    func decompressMessage(
        _ compressed: [UInt8], fragmentBytes: Int = .max, maxMessageBytes: Int = .max, into output: inout [UInt8]
    ) -> InflateOutcome {
        var start = 0
        repeat {
            let end = compressed.count - start <= fragmentBytes ? compressed.count : start + fragmentBytes
            let outcome = compressed[start..<end].withUnsafeBytes {
                decompress($0, isFinal: end == compressed.count, maxMessageBytes: maxMessageBytes, appendingTo: &output)
            }
            if outcome != .ok { return outcome }
            start = end
        } while start < compressed.count
        return .ok
    }

    func decompressMessage(_ compressed: [UInt8], fragmentBytes: Int = .max) -> [UInt8]? {
        var output: [UInt8] = []
        return decompressMessage(compressed, fragmentBytes: fragmentBytes, into: &output) == .ok ? output : nil
    }
}

/// Compares bytes without printing megabytes when they differ.
func expectSameBytes(
    _ actual: [UInt8]?, _ expected: [UInt8], _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("no output, expected \(expected.count) bytes \(comment)", sourceLocation: sourceLocation)
        return
    }
    guard actual != expected else { return }
    let firstDifference = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actual.count, expected.count)
    Issue.record(
        "\(actual.count) bytes, expected \(expected.count); first difference at byte \(firstDifference) \(comment)",
        sourceLocation: sourceLocation
    )
}

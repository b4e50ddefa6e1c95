/// Incremental UTF-8 validation (RFC 3629, Unicode Table 3-7), so a text
/// message is checked as its bytes arrive and an invalid one fails before the
/// rest of it is read (RFC 6455 §8.1, Autobahn cases 6.x "fail fast").
///
/// The state is three bytes: how many continuation bytes are still due and the
/// allowed range for the next one (the first continuation after E0, ED, F0 and
/// F4 has a narrower range, which is what rules out overlong forms, surrogates
/// and code points above U+10FFFF).
public struct UTF8Validator: Sendable, Equatable {
    private var pending: UInt8 = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    public init() {}

    /// True when no multi-byte sequence is half-way through.
    public var isAtBoundary: Bool { pending == 0 }

    public mutating func reset() { self = UTF8Validator() }

    /// Consumes `bytes`; false as soon as they cannot be part of valid UTF-8.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 {
                // ASCII fast path, eight bytes at a time.
                while index + 8 <= count,
                    base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                guard index < count else { return true }
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index += 1
                if byte < 0x80 { continue }
                guard startSequence(byte) else { return false }
            } else {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index += 1
                guard byte >= lower, byte <= upper else { return false }
                pending -= 1
                lower = 0x80
                upper = 0xBF
            }
        }
        return true
    }

    private mutating func startSequence(_ lead: UInt8) -> Bool {
        switch lead {
        case 0xC2...0xDF: (pending, lower, upper) = (1, 0x80, 0xBF)
        case 0xE0: (pending, lower, upper) = (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (pending, lower, upper) = (2, 0x80, 0xBF)
        case 0xED: (pending, lower, upper) = (2, 0x80, 0x9F)
        case 0xF0: (pending, lower, upper) = (3, 0x90, 0xBF)
        case 0xF1...0xF3: (pending, lower, upper) = (3, 0x80, 0xBF)
        case 0xF4: (pending, lower, upper) = (3, 0x80, 0x8F)
        default: return false
        }
        return true
    }
}

/// Byte classes of HTTP/1.1 (RFC 9110 §5.5, §5.6) and ASCII helpers that never allocate.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let slash: UInt8 = 0x2F
    static let dot: UInt8 = 0x2E
    static let asterisk: UInt8 = 0x2A
    static let questionMark: UInt8 = 0x3F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39

    /// `tchar` of RFC 9110 §5.6.2: the bytes of methods and field names.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A non-empty run of `tchar`.
    static func isToken(_ bytes: some Sequence<UInt8>) -> Bool {
        var isEmpty = true
        for byte in bytes {
            guard isTokenByte(byte) else { return false }
            isEmpty = false
        }
        return !isEmpty
    }

    /// `VCHAR`: visible US-ASCII, 0x21–0x7E.
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E
    }

    /// `OWS` bytes: space or horizontal tab (RFC 9110 §5.6.3).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// A byte allowed inside a field value or reason phrase: VCHAR, obs-text (0x80–0xFF), SP and HTAB.
    /// Everything else is a control character (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= zero && byte <= nine
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Equality that folds ASCII letters only, as header names and tokens are compared (RFC 9110 §5.1).
    static func caseInsensitiveEquals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (x?, y?) where lowercased(x) == lowercased(y):
                continue
            default:
                return false
            }
        }
    }
}

// MARK: - Word-at-a-time scans

extension ASCII {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when some byte of `word` is below `limit` (≤ 128). May also flag bytes after a real hit, never
    /// without one ("Bit Twiddling Hacks", hasless).
    @inline(__always)
    private static func hasByte(below limit: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// True when some byte of `word` equals `byte`.
    @inline(__always)
    private static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        hasByte(below: 1, in: word ^ (ones &* UInt64(byte)))
    }

    /// The index of the first CR or LF in `bytes[start..<end]`, or `end`. Skips eight bytes at a time
    /// while no word holds either; this loop is most of what parsing a head costs.
    @inline(__always)
    static func firstLineBreak(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var index = start
        while index + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasByte(carriageReturn, in: word) || hasByte(lineFeed, in: word) { break }
            index += 8
        }
        while index < end {
            let byte = bytes[index]
            if byte == carriageReturn || byte == lineFeed { return index }
            index += 1
        }
        return end
    }

    /// Whether every byte of `bytes[start..<end]` may stand in a field value (`isFieldValueByte`).
    /// Words without a byte below 0x20 or a DEL are skipped whole; the rest are checked byte by byte.
    @inline(__always)
    static func allFieldValueBytes(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Bool {
        var index = start
        while index + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasByte(below: 0x20, in: word) || hasByte(0x7F, in: word) { break }
            index += 8
        }
        while index < end {
            guard isFieldValueByte(bytes[index]) else { return false }
            index += 1
        }
        return true
    }
}

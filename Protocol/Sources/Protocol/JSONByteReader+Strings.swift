extension JSONByteReader {
    /// Reads a string starting at its opening quote (RFC 8259 §7), checking UTF-8 as it goes.
    ///
    /// The common string has no escapes: it is scanned in place, eight ASCII bytes at a time, and
    /// becomes a `String` straight from the input (strings up to 15 bytes need no allocation).
    mutating func readString() throws(JSONParseError) -> String {
        index += 1  // "
        let start = index
        while true {
            skipPlainASCII()
            guard index < count else { throw fail(.unexpectedEnd(expected: "'\"' ending the string")) }
            let byte = base[index]
            if byte == ASCII.quote {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
                index += 1
                return text
            } else if byte == ASCII.backslash {
                return try readEscapedString(from: start)
            } else if byte < 0x20 {
                throw fail(.controlCharacterInString(byte))
            } else if byte < 0x80 {
                index += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Advances over bytes that need no attention: ASCII other than controls, `"` and `\`.
    mutating func skipPlainASCII() {
        // SWAR: a word is plain when no byte has its high bit set, is below 0x20, or equals `"` or `\`
        // (Hacker's Delight 6-1: a zero byte exists iff (x - 0x01..) & ~x & 0x80.. is not zero).
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let special =
                (word &- ones &* 0x20) | (quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes | word
            if special & highs != 0 { break }
            index += 8
        }
        while index < count {
            let byte = base[index]
            guard byte >= 0x20, byte < 0x80, byte != ASCII.quote, byte != ASCII.backslash else { return }
            index += 1
        }
    }

    /// The slow path: a string with escapes, decoded into a scratch buffer. `start` is the first
    /// byte after the opening quote; `index` is at the first backslash.
    mutating func readEscapedString(from start: Int) throws(JSONParseError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(index - start + 16)
        decoded.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while true {
            guard index < count else { throw fail(.unexpectedEnd(expected: "'\"' ending the string")) }
            let byte = base[index]
            if byte == ASCII.quote {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == ASCII.backslash {
                try readEscape(into: &decoded)
            } else if byte < 0x20 {
                throw fail(.controlCharacterInString(byte))
            } else if byte < 0x80 {
                decoded.append(byte)
                index += 1
            } else {
                let sequenceStart = index
                try skipUTF8Sequence()
                decoded.append(contentsOf: UnsafeBufferPointer(start: base + sequenceStart, count: index - sequenceStart))
            }
        }
    }

    /// Decodes one escape at `index` (its backslash) and appends its UTF-8.
    mutating func readEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        index += 1
        guard index < count else { throw fail(.unexpectedEnd(expected: "an escape character")) }
        let byte = base[index]
        let simple: UInt8
        switch byte {
        case ASCII.quote, ASCII.backslash, ASCII.slash: simple = byte
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = ASCII.lineFeed
        case UInt8(ascii: "r"): simple = ASCII.carriageReturn
        case UInt8(ascii: "t"): simple = ASCII.tab
        case UInt8(ascii: "u"):
            let escapeStart = index - 1
            index += 1
            let unit = try readHex4()
            var scalarValue = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw JSONParseError(offset: escapeStart, reason: .loneSurrogate(unit))
            }
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed at once by `\u` and a low one (RFC 8259 §7).
                guard index + 1 < count, base[index] == ASCII.backslash, base[index + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(offset: escapeStart, reason: .loneSurrogate(unit))
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(offset: escapeStart, reason: .loneSurrogate(unit))
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            // Surrogates were ruled out above, so every value left is a scalar.
            let scalar = Unicode.Scalar(scalarValue)!
            decoded.append(contentsOf: UTF8.encode(scalar)!)
            return
        default:
            throw fail(.invalidEscape(byte))
        }
        decoded.append(simple)
        index += 1
    }

    /// Four hexadecimal digits as a UTF-16 code unit.
    mutating func readHex4() throws(JSONParseError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard index < count else { throw fail(.unexpectedEnd(expected: "four hexadecimal digits")) }
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidUnicodeEscape)
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    /// Advances over one multi-byte UTF-8 sequence at `index`, refusing overlong forms, surrogates
    /// and values above U+10FFFF (Unicode Table 3-7: the second byte's range depends on the first).
    mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = base[index]
        let continuationCount: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: continuationCount = 1
        case 0xE0:
            continuationCount = 2
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
        case 0xED:
            continuationCount = 2
            high = 0x9F
        case 0xF0:
            continuationCount = 3
            low = 0x90
        case 0xF1...0xF3: continuationCount = 3
        case 0xF4:
            continuationCount = 3
            high = 0x8F
        default: throw fail(.invalidUTF8)
        }
        let leadIndex = index
        for position in 1...continuationCount {
            let at = leadIndex + position
            guard at < count else { throw JSONParseError(offset: leadIndex, reason: .invalidUTF8) }
            let byte = base[at]
            guard byte >= low && byte <= high else { throw JSONParseError(offset: leadIndex, reason: .invalidUTF8) }
            low = 0x80
            high = 0xBF
        }
        index = leadIndex + continuationCount + 1
    }
}

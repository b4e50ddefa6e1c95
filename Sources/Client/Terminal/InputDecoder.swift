/// Turns the bytes a terminal sends in raw mode into key presses: UTF-8 text, control keys, and
/// the escape sequences of xterm-like terminals (CSI `ESC [`, SS3 `ESC O`), arriving in any pieces.
///
/// A lone ESC is ambiguous: the Escape key, or the start of a sequence whose rest is still on the
/// way. The decoder keeps it pending; the caller calls `flush()` when no byte followed within a
/// short while (terminals send a sequence in one write, so a few tens of milliseconds suffice).
public struct InputDecoder: Sendable {
    private var pending: [UInt8] = []

    /// The longest escape sequence kept while waiting for its end; longer ones are dropped.
    static let maxSequenceBytes = 32

    /// A decoder with nothing pending.
    public init() {}

    /// Whether bytes wait for more (a lone ESC, part of a sequence or of a UTF-8 character).
    public var hasPending: Bool { !pending.isEmpty }

    /// Decodes `bytes` after whatever was pending; an incomplete tail stays pending.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, length) = Self.decode(pending, at: index) else { break }
            if let key { keys.append(key) }
            index += length
        }
        pending.removeFirst(index)
        if pending.count > Self.maxSequenceBytes { pending.removeAll() }
        return keys
    }

    /// Gives up waiting: a pending ESC is the Escape key, and the bytes after it are read again
    /// as keys of their own; a partial UTF-8 character is dropped.
    public mutating func flush() -> [Key] {
        guard !pending.isEmpty else { return [] }
        let rest = pending
        pending.removeAll()
        guard rest[0] == 0x1B else { return [] }
        var keys: [Key] = [.escape]
        keys += feed(rest.dropFirst())
        if !pending.isEmpty { keys += flush() }
        return keys
    }

    /// The key at `index` and how many bytes it took (a nil key: bytes to skip); `nil` when the
    /// bytes end before the key does.
    static func decode(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        let byte = bytes[index]
        switch byte {
        case 0x1B: return decodeEscape(bytes, at: index)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x09: return (.tab, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x00: return (nil, 1)
        case 0x01...0x1A: return (.control(Character(Unicode.Scalar(byte + 0x60))), 1)
        case 0x1C...0x1F: return (nil, 1)
        case 0x20...0x7E: return (.character(Character(Unicode.Scalar(byte))), 1)
        default: return decodeUTF8(bytes, at: index)
        }
    }

    private static func decodeEscape(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        guard index + 1 < bytes.count else { return nil }
        switch bytes[index + 1] {
        case UInt8(ascii: "["): return decodeCSI(bytes, at: index)
        case UInt8(ascii: "O"):
            guard index + 2 < bytes.count else { return nil }
            return (ss3Key(bytes[index + 2]), 3)
        default:
            // ESC then another key (Alt+key, or Escape typed fast before it): Escape alone.
            return (.escape, 1)
        }
    }

    /// `ESC [` parameters (0x30–0x3F), intermediates (0x20–0x2F), one final byte (0x40–0x7E).
    private static func decodeCSI(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        var end = index + 2
        var parameters: [UInt8] = []
        while end < bytes.count, (0x20...0x3F).contains(bytes[end]) {
            parameters.append(bytes[end])
            end += 1
        }
        guard end < bytes.count else { return nil }
        let final = bytes[end]
        let length = end - index + 1
        guard (0x40...0x7E).contains(final) else { return (.unknown, length - 1) }
        let first = Int(String(decoding: parameters.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self))
        switch final {
        case UInt8(ascii: "A"): return (.up, length)
        case UInt8(ascii: "B"): return (.down, length)
        case UInt8(ascii: "C"): return (.right, length)
        case UInt8(ascii: "D"): return (.left, length)
        case UInt8(ascii: "H"): return (.home, length)
        case UInt8(ascii: "F"): return (.end, length)
        case UInt8(ascii: "~"): return (tildeKey(first), length)
        default: return (.unknown, length)
        }
    }

    private static func tildeKey(_ code: Int?) -> Key {
        switch code {
        case 1, 7: .home
        case 2: .insert
        case 3: .delete
        case 4, 8: .end
        case 5: .pageUp
        case 6: .pageDown
        case 11, 12, 13, 14, 15: .function(code! - 10)
        case 17, 18, 19, 20, 21: .function(code! - 11)
        case 23, 24: .function(code! - 12)
        default: .unknown
        }
    }

    private static func ss3Key(_ byte: UInt8) -> Key {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "P"): .function(1)
        case UInt8(ascii: "Q"): .function(2)
        case UInt8(ascii: "R"): .function(3)
        case UInt8(ascii: "S"): .function(4)
        default: .unknown
        }
    }

    private static func decodeUTF8(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (nil, 1)  // a stray continuation or invalid lead byte
        }
        var available = 1
        while available < length, index + available < bytes.count {
            guard (0x80...0xBF).contains(bytes[index + available]) else { return (nil, available) }
            available += 1
        }
        guard available == length else { return nil }
        let text = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
        guard let character = text.first, text.unicodeScalars.first != "\u{FFFD}" else { return (nil, length) }
        return (.character(character), length)
    }
}

/// The rules for the protocol's string fields, shared by the decoders and the server.
///
/// Each returns `nil` when the value is fine, or the explanation a `bad_field` error carries.
/// Lengths of human text count Unicode code points (scalars), not bytes or grapheme clusters:
/// code points are what every language can count the same way, and they do not change with
/// Unicode versions as grapheme rules do.
public enum FieldRules {
    /// The longest identifier: game ids, session ids, invite codes, kinds, player ids.
    public static let maxIdentifierBytes = 64
    /// The longest token.
    public static let maxTokenBytes = 1024
    /// Nickname length in code points.
    public static let nameLengths = 1...24
    /// `hello.client.name` length in code points.
    public static let clientNameLengths = 1...64
    /// `hello.client.version` length in code points.
    public static let clientVersionLengths = 0...32
    /// The most capabilities a hello may list.
    public static let maxCapabilities = 32
    /// The most seats a game may ask for (the kind has the final word).
    public static let seatCounts = 1...64
    /// The largest integer a client can hold exactly in a double (2^53 − 1): the range of `cid` and `seq`.
    public static let maxSafeInteger = 9_007_199_254_740_991

    /// Identifiers (ids, kinds, invites, capabilities): 1–64 bytes of `A–Z a–z 0–9 . _ : -`.
    public static func identifierProblem(_ value: String, maxBytes: Int = maxIdentifierBytes) -> String? {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maxBytes else { return "must be 1 to \(maxBytes) characters long" }
        for byte in utf8 where !isIdentifierByte(byte) {
            return "may hold only letters A-Z and a-z, digits, '.', '_', ':' and '-'"
        }
        return nil
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), ASCII.zero...ASCII.nine,
            ASCII.dot, UInt8(ascii: "_"), ASCII.colon, ASCII.minus:
            true
        default: false
        }
    }

    /// Tokens: 1–1024 bytes of printable ASCII without spaces (base64url and dots in practice).
    public static func tokenProblem(_ value: String) -> String? {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= maxTokenBytes else { return "must be 1 to \(maxTokenBytes) characters long" }
        for byte in utf8 where byte < 0x21 || byte > 0x7E { return "must be printable ASCII without spaces" }
        return nil
    }

    /// Nicknames: 1–24 code points of letters, combining marks (after a letter or digit), decimal
    /// digits, `_`, `-` and the space U+0020, with no space first, last or twice in a row.
    /// Names are not unique: a player is known by id, and the name is only shown.
    public static func nameProblem(_ value: String) -> String? {
        let rule = "must be 1 to 24 letters, digits, spaces, '_' or '-', without leading, trailing or double spaces"
        var count = 0
        var previous: Unicode.Scalar? = nil
        for scalar in value.unicodeScalars {
            count += 1
            guard count <= nameLengths.upperBound else { return rule }
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-":
                break
            case " ":
                if previous == nil || previous == " " { return rule }
            case "\u{0}"..."\u{7F}":
                return rule
            default:
                // Only non-ASCII scalars need the (slower) Unicode property lookup.
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
                    break
                case .nonspacingMark, .spacingMark, .enclosingMark:
                    guard let previous, previous != " " else { return rule }
                default:
                    return rule
                }
            }
            previous = scalar
        }
        guard count >= nameLengths.lowerBound, previous != " " else { return rule }
        return nil
    }

    /// Chat text: 1 to `maxChars` code points, not only whitespace, without control characters or
    /// line/paragraph separators (chat lines are single lines). `nil` also when too long: the caller
    /// checks `isTooLong` separately, because that has its own error code.
    public static func chatTextProblem(_ value: String) -> String? {
        var sawVisible = false
        for scalar in value.unicodeScalars {
            if scalar.value < 0x80 {
                // ASCII without a Unicode property lookup: C0 controls and DEL are category Cc.
                if scalar.value < 0x20 || scalar.value == 0x7F { return "may not hold control characters or line breaks" }
                if scalar != " " { sawVisible = true }
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                return "may not hold control characters or line breaks"
            case .spaceSeparator: break
            default: sawVisible = true
            }
        }
        return sawVisible ? nil : "must not be empty or only spaces"
    }

    /// Whether `value` has more than `maxChars` code points.
    public static func isTooLong(_ value: String, maxChars: Int) -> Bool {
        // Every code point takes 1 to 4 UTF-8 bytes, so the byte count bounds the answer both ways.
        let bytes = value.utf8.count
        if bytes <= maxChars { return false }
        if bytes > 4 * maxChars { return true }
        var count = 0
        for _ in value.unicodeScalars {
            count += 1
            if count > maxChars { return true }
        }
        return false
    }

    /// Free text shown in logs and UIs (`client.name`, `client.version`): a code point count in
    /// `lengths` and no control characters.
    public static func labelProblem(_ value: String, lengths: ClosedRange<Int>) -> String? {
        var count = 0
        for scalar in value.unicodeScalars {
            count += 1
            let isControl =
                scalar.value < 0x80
                ? scalar.value < 0x20 || scalar.value == 0x7F : scalar.properties.generalCategory == .control
            if isControl { return "may not hold control characters" }
        }
        guard lengths.contains(count) else {
            return "must be \(lengths.lowerBound) to \(lengths.upperBound) characters long"
        }
        return nil
    }

    /// Chat rooms: `"lobby"` or a game id.
    public static func roomProblem(_ value: String) -> String? {
        value == "lobby" ? nil : identifierProblem(value).map { _ in "must be \"lobby\" or a game id" }
    }
}

/// The rules for the nickname a guest picks at login.
///
/// **ASCII only, by decision.** A nickname is 1 to 24 characters from
/// `A-Z a-z 0-9`, space, `_` and `-`, with at least one letter or digit.
/// Leading and trailing spaces are dropped and runs of inner spaces become
/// one space. Unicode names would need NFC normalisation (Foundation, which
/// this target avoids) *and* a confusable check (UTS #39 skeletons), or
/// "Аlice" with a Cyrillic А, zero-width joiners and bidi overrides would let
/// one player pass for another on a leaderboard. Lifting the rule later needs
/// no token change: the token format carries any UTF-8 after the last `|`.
///
/// Nicknames are not unique: the player id is the identity, the nickname a label.
public enum Nickname {
    /// Longest nickname, in characters (all ASCII, so also bytes).
    public static let maxCharacters = 24

    /// Raw input longer than this is refused before it is scanned.
    static let maxRawBytes = 256

    /// The nickname as it will be shown, or why `raw` is refused.
    public static func validate(_ raw: String) -> Result<String, NicknameError> {
        let bytes = raw.utf8
        guard bytes.count <= maxRawBytes else { return .failure(.tooLong(maxCharacters: maxCharacters)) }
        var output: [UInt8] = []
        output.reserveCapacity(min(bytes.count, maxCharacters))
        var pendingSpace = false
        var sawLetterOrDigit = false
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return .failure(.controlCharacter) }
            if byte >= 0x80 {
                // Report the whole character, not one byte of it.
                let character = raw.first { !$0.isASCII } ?? "?"
                return .failure(.disallowedCharacter(character))
            }
            if byte == UInt8(ascii: " ") {
                pendingSpace = !output.isEmpty
                continue
            }
            guard ASCII.isIDCharacter(byte) else {
                return .failure(.disallowedCharacter(Character(Unicode.Scalar(byte))))
            }
            if pendingSpace {
                output.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            output.append(byte)
            sawLetterOrDigit = sawLetterOrDigit || ASCII.isLetterOrDigit(byte)
            if output.count > maxCharacters { return .failure(.tooLong(maxCharacters: maxCharacters)) }
        }
        if output.isEmpty { return .failure(.empty) }
        if !sawLetterOrDigit { return .failure(.noLetterOrDigit) }
        return .success(String(decoding: output, as: UTF8.self))
    }
}

/// Why a nickname was refused; `description` is a message for the player.
public enum NicknameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but spaces.
    case empty
    /// Longer than the limit after trimming.
    case tooLong(maxCharacters: Int)
    /// A control character (tab, newline, NUL, DEL, ...).
    case controlCharacter
    /// A character outside `A-Z a-z 0-9`, space, `_` and `-`.
    case disallowedCharacter(Character)
    /// Only `_`, `-` and spaces.
    case noLetterOrDigit

    public var description: String {
        switch self {
        case .empty: "Choose a nickname."
        case .tooLong(let max): "A nickname can have at most \(max) characters."
        case .controlCharacter: "A nickname cannot contain tabs, line breaks or other control characters."
        case .disallowedCharacter(let character):
            "A nickname cannot contain \(Self.shown(character)): use letters A-Z, digits, spaces, _ and -."
        case .noLetterOrDigit: "A nickname needs at least one letter or digit."
        }
    }

    /// The character in quotes, or its code points when it would be invisible
    /// or would reorder the message around it (zero-width and bidi controls).
    private static func shown(_ character: Character) -> String {
        let invisible: Set<Unicode.GeneralCategory> = [
            .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate,
            .unassigned,
        ]
        if character.unicodeScalars.contains(where: { invisible.contains($0.properties.generalCategory) }) {
            return character.unicodeScalars.map { "U+" + hex4($0.value) }.joined(separator: " ")
        }
        return "\"\(character)\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

import Testing
@testable import Identity

@Suite struct NicknameTests {
    @Test(arguments: [
        ("Ada", "Ada"),
        ("  Ada  ", "Ada"),
        ("Ada   Lovelace", "Ada Lovelace"),
        ("x", "x"),
        ("7", "7"),
        ("_-x-_", "_-x-_"),
        ("abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx"),  // 24
        ("  abcdefghijklmnopqrstuvwx  ", "abcdefghijklmnopqrstuvwx"),  // 24 after trimming
        ("a b c d e f g h i j k l", "a b c d e f g h i j k l"),  // 23
    ])
    func acceptedNicknameIsTrimmedAndCollapsed(_ raw: String, _ shown: String) {
        #expect(Nickname.validate(raw) == .success(shown))
    }

    @Test(arguments: [
        ("", NicknameError.empty),
        ("    ", .empty),
        ("abcdefghijklmnopqrstuvwxy", .tooLong(maxCharacters: 24)),
        ("Ada\tL", .controlCharacter),
        ("Ada\n", .controlCharacter),
        ("Ada\u{0}", .controlCharacter),
        ("Ada\u{7F}", .controlCharacter),
        ("Ada!", .disallowedCharacter("!")),
        ("a|b", .disallowedCharacter("|")),
        ("a.b", .disallowedCharacter(".")),
        ("<script>", .disallowedCharacter("<")),
        ("Zoë", .disallowedCharacter("ë")),
        ("Zoe\u{0308}", .disallowedCharacter("e\u{0308}")),
        ("\u{0410}lice", .disallowedCharacter("\u{0410}")),  // Cyrillic А
        ("a\u{200B}b", .disallowedCharacter("\u{200B}")),  // zero-width space
        ("\u{202E}abc", .disallowedCharacter("\u{202E}")),  // right-to-left override
        ("ab\u{85}", .disallowedCharacter("\u{85}")),  // C1 control: not ASCII
        ("__", .noLetterOrDigit),
        ("- -", .noLetterOrDigit),
    ])
    func refusedNicknameSaysWhy(_ raw: String, _ error: NicknameError) {
        #expect(Nickname.validate(raw) == .failure(error))
    }

    @Test func hugeInputIsRefusedAsTooLong() {
        #expect(Nickname.validate(String(repeating: " ", count: 10_000)) == .failure(.tooLong(maxCharacters: 24)))
        #expect(Nickname.validate(String(repeating: "a", count: 10_000)) == .failure(.tooLong(maxCharacters: 24)))
    }

    @Test func errorMessagesTellThePlayerWhatToDo() {
        #expect(NicknameError.tooLong(maxCharacters: 24).description == "A nickname can have at most 24 characters.")
        #expect(
            NicknameError.disallowedCharacter("!").description
                == "A nickname cannot contain \"!\": use letters A-Z, digits, spaces, _ and -.")
        #expect(NicknameError.disallowedCharacter("ë").description.hasPrefix("A nickname cannot contain \"ë\":"))
    }

    /// Zero-width and bidi characters would vanish or scramble the message.
    @Test func invisibleCharactersAreNamedByCodePoint() {
        let cases: [(Character, String)] = [("\u{200B}", "U+200B"), ("\u{202E}", "U+202E"), ("\u{85}", "U+0085")]
        for (character, name) in cases {
            let message = NicknameError.disallowedCharacter(character).description
            #expect(message.hasPrefix("A nickname cannot contain \(name):"))
        }
    }
}

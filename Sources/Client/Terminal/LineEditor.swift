/// A one-line text field: typed characters, backspace, cursor movement, a length cap in
/// Unicode code points (as the protocol counts text lengths).
public struct LineEditor: Hashable, Sendable {
    /// The text.
    public private(set) var text: String = ""
    /// The cursor, in characters from the start.
    public private(set) var cursor = 0
    /// The most code points the text may hold.
    public var maxScalars: Int

    /// An empty field holding at most `maxScalars` code points.
    public init(maxScalars: Int, text: String = "") {
        self.maxScalars = maxScalars
        self.text = String(text.unicodeScalars.prefix(maxScalars))
        cursor = self.text.count
    }

    /// Applies an editing key; false when the key is not an editing key (the caller handles it).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            guard text.unicodeScalars.count + character.unicodeScalars.count <= maxScalars else { return true }
            let at = text.index(text.startIndex, offsetBy: cursor)
            text.insert(character, at: at)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text = ""
            cursor = 0
        default:
            return false
        }
        return true
    }

    /// Empties the field.
    public mutating func clear() {
        text = ""
        cursor = 0
    }
}

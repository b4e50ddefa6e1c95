/// One of the 16 colours every ANSI terminal has (0–7 normal, 8–15 bright).
public enum TerminalColor: UInt8, Hashable, Sendable, CaseIterable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    /// The bright variant (itself when already bright).
    public var bright: TerminalColor { TerminalColor(rawValue: rawValue | 8)! }
}

/// How a cell is drawn: colours and attributes, as SGR parameters.
public struct TextStyle: Hashable, Sendable {
    /// The text colour; `nil` is the terminal's default.
    public var foreground: TerminalColor?
    /// The background colour; `nil` is the terminal's default.
    public var background: TerminalColor?
    /// Bold (bright on some terminals).
    public var bold = false
    /// Foreground and background swapped.
    public var reverse = false

    /// A style with these parts.
    public init(foreground: TerminalColor? = nil, background: TerminalColor? = nil, bold: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
    }

    /// The terminal's default look.
    public static let plain = TextStyle()

    /// The SGR sequence that sets exactly this style from any other (it resets first).
    public var sgr: String {
        var parameters = ["0"]
        if bold { parameters.append("1") }
        if reverse { parameters.append("7") }
        if let foreground {
            parameters.append(String(foreground.rawValue < 8 ? 30 + Int(foreground.rawValue) : 82 + Int(foreground.rawValue)))
        }
        if let background {
            parameters.append(String(background.rawValue < 8 ? 40 + Int(background.rawValue) : 92 + Int(background.rawValue)))
        }
        return "\u{1B}[" + parameters.joined(separator: ";") + "m"
    }
}

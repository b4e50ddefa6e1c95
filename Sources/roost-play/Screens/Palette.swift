import Client

/// Colours and marks shared by the screens.
enum Palette {
    /// Each seat's colour (seat 0 first), then around again.
    static let seatColors: [TerminalColor] = [.red, .yellow, .green, .cyan, .magenta, .blue, .white, .brightBlack]
    /// Connect Four discs: seat 0 plays X, seat 1 plays O (readable without colour too).
    static let discs: [Character] = ["X", "O"]

    static func color(ofSeat seat: Int) -> TerminalColor { seatColors[seat % seatColors.count] }

    static let header = TextStyle(reverse: true)
    static let title = TextStyle(bold: true)
    static let dim = TextStyle(foreground: .brightBlack)
    static let selected = TextStyle(reverse: true)
    static let error = TextStyle(foreground: .red, bold: true)
    static let info = TextStyle(foreground: .green)
    static let warning = TextStyle(foreground: .yellow)
}

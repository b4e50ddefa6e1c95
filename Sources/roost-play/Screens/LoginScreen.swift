import Client

/// The first screen: who you are.
enum LoginScreen {
    static func draw(_ model: PlayModel, into screen: inout ScreenBuffer) -> (row: Int, column: Int)? {
        screen.put("R O O S T", row: 4, column: 35, style: Palette.title)
        screen.put("multiplayer games in your terminal", row: 5, column: 23, style: Palette.dim)
        screen.put("Server:     \(model.server)", row: 8, column: 14)
        screen.put("Connection: \(Chrome.connectionText(model.connection))", row: 9, column: 14)
        let cursor = Chrome.field(model.nameField, label: "Nickname:   ", row: 11, column: 14, into: &screen)
        screen.put("1–24 letters, digits, spaces, _ or -", row: 12, column: 26, style: Palette.dim)
        _ = Chrome.draw(model, help: ["Enter: log in    Esc or Ctrl-C: quit", ""], into: &screen)
        return model.prompt == nil ? cursor : nil
    }
}

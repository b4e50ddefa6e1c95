import Client
import Protocol

/// The lobby: every open game, grouped by kind, and the lobby chat.
enum LobbyScreen {
    static let listRows = 4...14
    static let chatRows = 16...20

    static let help = [
        "c/C: new Connect Four  y/Y: new Cycles (C/Y private)  p/P: quickplay C4/Cycles",
        "Enter: join  s: watch  i: invite  t: chat  g: my games  l: leaderboards  q: quit",
    ]

    static func draw(_ model: PlayModel, into screen: inout ScreenBuffer) -> (row: Int, column: Int)? {
        let games = model.lobby.games
        screen.put("Games (\(games.count))", row: 2, column: 0, style: Palette.title)
        screen.put("  Game          State     Seats  Players", row: 3, column: 0, style: Palette.dim)
        if games.isEmpty {
            screen.put("No games yet: press c to open a Connect Four game, y for Cycles.", row: 5, column: 2)
        }
        let visible = listRows.count
        let first = max(0, min(model.selection - visible / 2, games.count - visible))
        for (row, index) in zip(listRows, first..<games.count) {
            draw(games[index], model: model, selected: index == model.selection, row: row, into: &screen)
        }
        if first > 0 { screen.put("↑ more", row: listRows.lowerBound - 1, column: 72, style: Palette.dim) }
        if first + visible < games.count { screen.put("↓ more", row: listRows.upperBound + 1, column: 72, style: Palette.dim) }
        Chrome.drawChat(model, room: "lobby", title: "Lobby chat", rows: chatRows, into: &screen)
        return Chrome.draw(model, help: help, into: &screen)
    }

    private static func draw(_ game: LobbyGame, model: PlayModel, selected: Bool, row: Int, into screen: inout ScreenBuffer) {
        let style = selected ? Palette.selected : TextStyle.plain
        if selected { screen.fill(row: row, style: style) }
        let mark = model.games[game.id] != nil ? "*" : " "
        var text = (selected ? ">" : " ") + mark + GameSession.kindName(game.kind).padded(14)
        text += game.state.rawValue.padded(10) + "\(game.taken)/\(game.seats)".padded(7)
        text += game.players.joined(separator: ", ")
        screen.put(text, row: row, column: 0, style: style, maxColumns: 71)
        if game.isPrivate { screen.put("private", row: row, column: 72, style: selected ? style : Palette.warning) }
    }
}

extension String {
    /// Padded with spaces (or cut) to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? String(prefix(width - 1)) + " " : self + String(repeating: " ", count: width - count)
    }
}

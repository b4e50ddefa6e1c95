import Client
import Protocol

/// A Connect Four game: the board with a column cursor, the players, whose turn and the clock,
/// the result, and the game chat.
enum ConnectFourScreen {
    static let boardColumn = 2
    static let panelColumn = 36
    static let help = [
        "←/→ or 1-7: choose column   Enter/Space: drop disc   t: chat",
        "Esc: back to lobby (keep seat)   q: leave game",
    ]

    static func draw(_ game: GameSession, _ position: ConnectFourPosition, _ model: PlayModel, now: Int64, into screen: inout ScreenBuffer)
        -> (row: Int, column: Int)?
    {
        let role = game.seat.map { "you play \(Palette.discs[$0 % 2]) (seat \($0 + 1))" } ?? "watching"
        screen.put("Connect Four · \(role)", row: 2, column: boardColumn, style: Palette.title)
        drawBoard(game, position, into: &screen)
        drawPanel(game, position, now: now, into: &screen)
        Chrome.drawChat(model, room: game.id, title: "Game chat", rows: 16...20, into: &screen)
        return Chrome.draw(model, help: help, into: &screen)
    }

    private static func drawBoard(_ game: GameSession, _ position: ConnectFourPosition, into screen: inout ScreenBuffer) {
        let top = 4
        var numbers = ""
        for column in 0..<ConnectFourPosition.columns { numbers += "  \(column + 1) " }
        screen.put(numbers, row: top, column: boardColumn, style: Palette.dim)
        if game.isPlaying {
            let marker = game.seat.map { Palette.discs[$0 % 2] } ?? "v"
            let style = TextStyle(foreground: Palette.color(ofSeat: game.seat ?? 0), bold: true)
            screen.put("v\(marker)v", row: top + 1, column: boardColumn + 1 + game.cursorColumn * 4, style: style)
        }
        for displayRow in 0..<ConnectFourPosition.rows {
            let row = top + 2 + displayRow
            let boardRow = ConnectFourPosition.rows - 1 - displayRow
            var column = screen.put("|", row: row, column: boardColumn)
            for boardColumnIndex in 0..<ConnectFourPosition.columns {
                if let seat = position.seat(column: boardColumnIndex, row: boardRow) {
                    let last = position.lastPlaced == .init(column: boardColumnIndex, row: boardRow)
                    let style = TextStyle(foreground: Palette.color(ofSeat: seat), bold: true, reverse: last)
                    column = screen.put(" \(Palette.discs[seat % 2]) ", row: row, column: column, style: style)
                } else {
                    column = screen.put("   ", row: row, column: column)
                }
                column = screen.put("|", row: row, column: column)
            }
        }
        screen.put("+" + String(repeating: "---+", count: ConnectFourPosition.columns), row: top + 8, column: boardColumn)
    }

    private static func drawPanel(_ game: GameSession, _ position: ConnectFourPosition, now: Int64, into screen: inout ScreenBuffer) {
        var row = 4
        screen.put("Players", row: row, column: panelColumn, style: Palette.title)
        for seat in 0..<2 {
            row += 1
            let disc = Palette.discs[seat]
            let end = screen.put("\(disc) ", row: row, column: panelColumn, style: TextStyle(foreground: Palette.color(ofSeat: seat), bold: true))
            var text = game.players.contains { $0.seat == seat } ? game.name(ofSeat: seat) : "(open seat)"
            if seat == game.seat { text += " (you)" }
            if let presence = game.presence[seat], presence == .away || presence == .left { text += " · \(presence.rawValue)" }
            if let retired = position.retired[seat] { text += " · \(retired)" }
            screen.put(text, row: row, column: end, maxColumns: 40)
        }
        row += 2
        if let result = game.resultLine {
            screen.put(result, row: row, column: panelColumn, style: Palette.title, maxColumns: 44)
            if let verdict = game.verdictForMe { screen.put(verdict, row: row + 1, column: panelColumn, style: Palette.warning) }
        } else if game.state == .waiting {
            screen.put("Waiting for an opponent…", row: row, column: panelColumn)
            if let invite = game.invite { screen.put("Invite code: \(invite)", row: row + 1, column: panelColumn, style: Palette.warning) }
        } else if let turn = position.turn {
            let whose = turn == game.seat ? "Your turn" : "\(game.name(ofSeat: turn))'s turn"
            screen.put(whose + clock(game, position, now: now), row: row, column: panelColumn, style: turn == game.seat ? Palette.warning : .plain)
        }
        screen.put("game \(game.id)", row: 14, column: panelColumn, style: Palette.dim, maxColumns: 44)
    }

    /// " · 23 s left" while a move clock runs.
    private static func clock(_ game: GameSession, _ position: ConnectFourPosition, now: Int64) -> String {
        guard let remaining = position.remainingMilliseconds else { return "" }
        let left = max(0, Int64(remaining) - (now - game.turnReportedAt))
        return " · \((left + 999) / 1000) s left"
    }
}

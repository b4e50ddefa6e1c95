import Client
import Protocol

/// A Cycles round: the arena drawn two grid rows per terminal row with half blocks (64 columns
/// by 38 rows in view; a bigger grid scrolls with your cycle), and a side panel with the riders.
enum CyclesScreen {
    /// Grid cells in view across, and grid rows in view (two per terminal row).
    static let viewColumns = 64
    static let viewRows = 38
    static let top = 1
    static let panelColumn = 67
    static let help = ["", "arrows/WASD: steer   t: chat   Esc: back to lobby   q: leave game"]

    static func draw(_ game: GameSession, _ arena: CyclesArena?, _ model: PlayModel, now: Int64, into screen: inout ScreenBuffer)
        -> (row: Int, column: Int)?
    {
        if let arena {
            drawArena(arena, focus: focus(game, arena), into: &screen)
        } else {
            screen.put("Cycles · waiting for riders (\(game.players.count)/\(game.seats))", row: 4, column: 4, style: Palette.title)
            if let invite = game.invite { screen.put("Invite code: \(invite)", row: 6, column: 4, style: Palette.warning) }
        }
        drawPanel(game, arena, now: now, into: &screen)
        return Chrome.draw(model, help: help, into: &screen)
    }

    /// The cell to keep in view: this terminal's cycle, else the first rider's, else the middle.
    private static func focus(_ game: GameSession, _ arena: CyclesArena) -> (x: Int, y: Int) {
        if let seat = game.seat, let head = arena.heads[seat] { return (head.x, head.y) }
        if let head = arena.heads.sorted(by: { $0.key < $1.key }).first?.value { return (head.x, head.y) }
        return (arena.width / 2, arena.height / 2)
    }

    private static func drawArena(_ arena: CyclesArena, focus: (x: Int, y: Int), into screen: inout ScreenBuffer) {
        let width = min(viewColumns, arena.width)
        let height = min(viewRows, arena.height)
        let x0 = max(0, min(focus.x - width / 2, arena.width - width))
        let y0 = max(0, min(focus.y - height / 2, arena.height - height))
        let terminalRows = (height + 1) / 2
        let moreAbove = y0 > 0, moreBelow = y0 + height < arena.height
        let moreLeft = x0 > 0, moreRight = x0 + width < arena.width
        let border = Palette.dim
        screen.put("┌" + String(repeating: moreAbove ? "┄" : "─", count: width) + "┐", row: top, column: 0, style: border)
        screen.put("└" + String(repeating: moreBelow ? "┄" : "─", count: width) + "┘", row: top + terminalRows + 1, column: 0, style: border)
        let riders = Dictionary(uniqueKeysWithValues: arena.heads.filter { arena.riding.contains($0.key) }.map { ($0.key, $0.value) })
        for row in 0..<terminalRows {
            let terminalRow = top + 1 + row
            screen.put(moreLeft ? "┆" : "│", row: terminalRow, column: 0, style: border)
            screen.put(moreRight ? "┆" : "│", row: terminalRow, column: width + 1, style: border)
            for column in 0..<width {
                let x = x0 + column
                let upper = color(arena, riders, x: x, y: y0 + 2 * row)
                let lower = 2 * row + 1 < height ? color(arena, riders, x: x, y: y0 + 2 * row + 1) : nil
                screen[terminalRow, column + 1] = cell(upper: upper, lower: lower)
            }
        }
    }

    /// The colour of grid cell `x`, `y`: its wall's owner, brighter at a riding cycle's head.
    private static func color(_ arena: CyclesArena, _ riders: [Int: CyclesArena.Head], x: Int, y: Int) -> TerminalColor? {
        guard let owner = arena.owner(x: x, y: y) else { return nil }
        let base = Palette.color(ofSeat: owner)
        if let head = riders[owner], head.x == x, head.y == y { return base.bright }
        return base
    }

    /// Two grid cells stacked in one terminal cell.
    private static func cell(upper: TerminalColor?, lower: TerminalColor?) -> ScreenBuffer.Cell {
        switch (upper, lower) {
        case (nil, nil): ScreenBuffer.Cell(" ")
        case (let upper?, nil): ScreenBuffer.Cell("▀", style: TextStyle(foreground: upper))
        case (nil, let lower?): ScreenBuffer.Cell("▄", style: TextStyle(foreground: lower))
        case (let upper?, let lower?): ScreenBuffer.Cell("▀", style: TextStyle(foreground: upper, background: lower))
        }
    }

    private static func drawPanel(_ game: GameSession, _ arena: CyclesArena?, now: Int64, into screen: inout ScreenBuffer) {
        let width = screen.width - panelColumn
        screen.put("Cycles", row: 2, column: panelColumn, style: Palette.title)
        var row = 4
        for player in game.players {
            let seat = player.seat
            screen.put("■", row: row, column: panelColumn, style: TextStyle(foreground: Palette.color(ofSeat: seat), bold: true))
            let arrow = arena.flatMap { $0.riding.contains(seat) ? $0.heads[seat].map { " " + arrowFor($0.heading) } : nil } ?? ""
            let name = String((player.player.name + (seat == game.seat ? "*" : "")).prefix(width - 4))
            screen.put(name + arrow, row: row, column: panelColumn + 2, maxColumns: width - 2)
            var state = ""
            if let cause = arena?.crashes[seat] { state = "✗ " + cause.replacingUnderscores() }
            if let presence = game.presence[seat], presence == .away { state = "away" }
            if !state.isEmpty { screen.put(" " + state, row: row + 1, column: panelColumn, style: Palette.dim, maxColumns: width) }
            row += 2
        }
        row += 1
        if let result = game.resultLine {
            for line in wrap(result, width: width) {
                screen.put(line, row: row, column: panelColumn, style: Palette.title)
                row += 1
            }
            if let verdict = game.verdictForMe { screen.put(verdict, row: row, column: panelColumn, style: Palette.warning) }
        } else if let arena, arena.isCountingDown, let startedAt = game.startedAt {
            let left = max(0, Int64(arena.countdownTicks) * 50 - (now - startedAt))
            screen.put("Go in \((left + 999) / 1000)…", row: row, column: panelColumn, style: Palette.warning)
        } else if game.seat != nil, let arena, let seat = game.seat, arena.riding.contains(seat) {
            screen.put("Ride!", row: row, column: panelColumn, style: Palette.warning)
        }
    }

    /// An arrow pointing along `heading`.
    static func arrowFor(_ heading: CyclesArena.Heading) -> String {
        switch heading {
        case .north: "↑"
        case .east: "→"
        case .south: "↓"
        case .west: "←"
        }
    }

    /// `text` broken at spaces into lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

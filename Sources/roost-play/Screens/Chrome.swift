import Client

/// The parts around every screen: the header (row 0), the help or prompt lines (rows 21–22) and
/// the status line (row 23). Screens draw rows 1–20.
enum Chrome {
    static let bodyRows = 1...20
    static let helpRows = [21, 22]
    static let promptRow = 22
    static let statusRow = 23

    /// Draws the header, help and status; returns where the cursor goes when a prompt is open.
    static func draw(_ model: PlayModel, help: [String], into screen: inout ScreenBuffer) -> (row: Int, column: Int)? {
        drawHeader(model, into: &screen)
        for (row, line) in zip(helpRows, help) { screen.put(line, row: row, column: 0, style: Palette.dim) }
        if let status = model.status {
            screen.put(status.text, row: statusRow, column: 0, style: status.isError ? Palette.error : Palette.info)
        }
        guard let prompt = model.prompt else { return nil }
        screen.fill(row: promptRow)
        let label: String
        switch prompt {
        case .chat(let room): label = room == "lobby" ? "say to the lobby> " : "say to the game> "
        case .invite: label = "invite code> "
        }
        return field(model.promptField, label: label, row: promptRow, into: &screen)
    }

    /// Draws a text field after `label`, scrolled so the cursor stays visible; returns the cursor.
    static func field(_ field: LineEditor, label: String, row: Int, column: Int = 0, into screen: inout ScreenBuffer)
        -> (row: Int, column: Int)
    {
        let start = screen.put(label, row: row, column: column, style: Palette.title)
        let room = max(1, screen.width - start - 1)
        let characters = Array(field.text)
        let first = max(0, field.cursor - room)
        screen.put(String(characters[first...].prefix(room)), row: row, column: start)
        return (row, min(screen.width - 1, start + field.cursor - first))
    }

    private static func drawHeader(_ model: PlayModel, into screen: inout ScreenBuffer) {
        screen.fill(row: 0, style: Palette.header)
        screen.put(" roost-play  \(model.server)", row: 0, column: 0, style: Palette.header, maxColumns: 48)
        let who = model.me.map { $0.name + " · " } ?? ""
        let right = who + connectionText(model.connection) + " "
        let width = right.count
        screen.put(right, row: 0, column: max(48, screen.width - width), style: Palette.header)
    }

    /// The connection state in a few words.
    static func connectionText(_ state: RoostClient.State) -> String {
        switch state {
        case .idle: "starting"
        case .connecting(let attempt): attempt > 1 ? "reconnecting… (\(attempt))" : "connecting…"
        case .greeting: "saying hello…"
        case .ready: "online"
        case .waitingToReconnect(let attempt, _, _): "reconnecting… (\(attempt))"
        case .stopped: "offline"
        }
    }

    /// Draws the last lines of `room`'s chat in rows `rows`, under a title.
    static func drawChat(_ model: PlayModel, room: String, title: String, rows: ClosedRange<Int>, into screen: inout ScreenBuffer) {
        screen.put(title, row: rows.lowerBound, column: 0, style: Palette.title)
        let lines = model.chat[room, default: []].suffix(rows.count - 1)
        for (row, line) in zip((rows.lowerBound + 1)..., lines) {
            let end = screen.put(line.from + ": ", row: row, column: 1, style: Palette.warning)
            screen.put(line.text, row: row, column: end)
        }
    }
}

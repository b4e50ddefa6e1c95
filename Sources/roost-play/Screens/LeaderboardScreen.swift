import Client
import Protocol

/// A game kind's leaderboard: the top of the board, this player's neighbourhood, and when the
/// nightly job last rated games and rates them next (UTC, as the server's schedule says).
enum LeaderboardScreen {
    static let help = [
        "Tab/k: other game  a: all time / last period  r: refresh",
        "Esc: back to lobby  q: quit",
    ]

    static func draw(_ model: PlayModel, into screen: inout ScreenBuffer) -> (row: Int, column: Int)? {
        let query = model.leaderboardQuery
        let boardName = query.board == .allTime ? "all time" : "last period"
        screen.put("\(GameSession.kindName(query.kind)) leaderboard, \(boardName)", row: 2, column: 0, style: Palette.title)
        guard let reply = model.leaderboard else {
            screen.put("asking the server…", row: 4, column: 2, style: Palette.dim)
            return Chrome.draw(model, help: help, into: &screen)
        }
        let rated = reply.period.map { "rated up to \(utc($0))" } ?? "not rated yet"
        screen.put("\(reply.players) players, \(rated); next rating \(utc(reply.schedule.next))", row: 3, column: 0, style: Palette.dim)
        screen.put("  Rank  Player                Rating     RD  Games", row: 4, column: 0, style: Palette.dim)
        var row = 5
        for line in reply.top.prefix(12) {
            put(line, me: model.me?.id, row: row, into: &screen)
            row += 1
        }
        if reply.top.isEmpty {
            screen.put("Nobody is on this board yet: games are rated nightly.", row: row, column: 2)
            row += 1
        }
        let topIDs = Set(reply.top.prefix(12).map(\.id))
        let neighbours = reply.around.filter { !topIDs.contains($0.id) }
        if !neighbours.isEmpty {
            screen.put("  …", row: row, column: 0, style: Palette.dim)
            row += 1
            for line in neighbours.prefix(20 - row) {
                put(line, me: model.me?.id, row: row, into: &screen)
                row += 1
            }
        }
        return Chrome.draw(model, help: help, into: &screen)
    }

    private static func put(_ line: LeaderboardRow, me: String?, row: Int, into screen: inout ScreenBuffer) {
        let rating = String(Int(line.rating.rounded())), deviation = String(Int(line.deviation.rounded()))
        var text = "  " + "\(line.rank)".padded(6) + line.name.padded(20)
        text += String(repeating: " ", count: max(0, 8 - rating.count)) + rating
        text += String(repeating: " ", count: max(0, 7 - deviation.count)) + deviation
        text += "  \(line.games)"
        screen.put(text, row: row, column: 0, style: line.id == me ? Palette.info : TextStyle.plain, maxColumns: 79)
    }

    /// `2026-11-28 03:00 UTC` from Unix seconds (proleptic Gregorian, as cron reads it).
    static func utc(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Days to civil date (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)) UTC"
    }
}

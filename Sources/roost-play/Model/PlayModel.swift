import Client
import Protocol

/// Everything roost-play shows, as a value: keys and server events change it (see the
/// `PlayModel+Keys` and `PlayModel+Server` extensions, which return the commands to carry out),
/// and the screens draw it. No I/O here; times come in as milliseconds of a monotonic clock.
struct PlayModel {
    /// Which screen is up.
    enum Screen: Hashable {
        case login
        case lobby
        case game(String)
        /// A game kind's leaderboard (`l` in the lobby).
        case leaderboard
    }

    /// A one-line input open at the bottom of the screen.
    enum Prompt: Hashable {
        case chat(room: String)
        case invite
    }

    /// The bottom line: the last thing worth telling.
    struct Status: Hashable {
        var text: String
        var isError: Bool
    }

    /// A chat line as shown.
    struct ChatEntry: Hashable {
        var from: String
        var text: String
    }

    /// How many chat lines each room keeps.
    static let chatHistory = 50

    /// The server's URL, for the header.
    let server: String
    var screen: Screen = .login
    var connection: RoostClient.State = .idle
    var me: PlayerInfo?
    var nameField = LineEditor(maxScalars: 24)
    /// A login waits for the session to be ready.
    var loginPending = false
    /// The lobby was asked for once (a new session re-subscribes by itself).
    var lobbyRequested = false
    var lobby = LobbyList()
    /// The selected row of the lobby list.
    var selection = 0
    var games: [String: GameSession] = [:]
    /// The leaderboard screen's query and the server's last answer to it.
    var leaderboardQuery = LeaderboardQuery(kind: "connect4", top: 15)
    var leaderboard: LeaderboardReply?
    var chat: [String: [ChatEntry]] = [:]
    var prompt: Prompt?
    var promptField = LineEditor(maxScalars: 280)
    var status: Status?

    /// A model for the server at `server`; with `name`, it logs in as soon as it can.
    init(server: String, name: String?) {
        self.server = server
        if let name {
            nameField = LineEditor(maxScalars: 24, text: name)
            loginPending = true
        }
    }

    /// The game on screen, if a game screen is up.
    var currentGame: GameSession? {
        guard case .game(let id) = screen else { return nil }
        return games[id]
    }

    mutating func tell(_ text: String) {
        status = Status(text: text, isError: false)
    }

    mutating func warn(_ text: String) {
        status = Status(text: text, isError: true)
    }

    mutating func addChat(room: String, from: String, text: String) {
        var lines = chat[room, default: []]
        lines.append(ChatEntry(from: from, text: text))
        if lines.count > Self.chatHistory { lines.removeFirst(lines.count - Self.chatHistory) }
        chat[room] = lines
    }

    /// Keeps the lobby selection on a listed game.
    mutating func clampSelection() {
        selection = max(0, min(selection, lobby.games.count - 1))
    }

    /// Changes `id`'s session, if this terminal is in that game.
    mutating func updateGame(_ id: String, _ change: (inout GameSession) -> Void) {
        guard var game = games[id] else { return }
        change(&game)
        games[id] = game
    }
}

extension ServerMessage {
    /// The largest server message a client reads by default: 4 MiB (a lobby snapshot can be large).
    public static let defaultMaxClientReadBytes = 4 << 20

    /// Decodes one text message from the server (for the terminal client, bots and tests).
    ///
    /// Unknown members are ignored, as the versioning rules require; an unknown `t` fails with
    /// `unknown_type`, which a client should skip rather than treat as fatal.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, maxBytes: Int = defaultMaxClientReadBytes
    ) -> Result<(seq: Int?, message: ServerMessage), ProtocolError> {
        do throws(ProtocolError) {
            return decode(try Envelope.parseObject(bytes, maxBytes: maxBytes))
        } catch {
            return .failure(error)
        }
    }

    /// Decodes one text message from the server.
    public static func decode(
        _ bytes: [UInt8], maxBytes: Int = defaultMaxClientReadBytes
    ) -> Result<(seq: Int?, message: ServerMessage), ProtocolError> {
        bytes.withUnsafeBytes { decode($0, maxBytes: maxBytes) }
    }

    /// Decodes a message already parsed into an object.
    public static func decode(_ object: JSONObject) -> Result<(seq: Int?, message: ServerMessage), ProtocolError> {
        let fields = FieldReader(object)
        do throws(ProtocolError) {
            let seq = try fields.optionalInt("seq", in: 1...FieldRules.maxSafeInteger)
            let type = try fields.requiredString("t")
            return .success((seq, try decodeBody(type: type, fields)))
        } catch {
            return .failure(error)
        }
    }

    static func decodeBody(type: String, _ fields: FieldReader) throws(ProtocolError) -> ServerMessage {
        let cid = try fields.optionalInt("cid", in: 0...FieldRules.maxSafeInteger)
        switch type {
        case MessageType.gameUpdate:
            return .gameUpdate(game: try fields.requiredString("game"), update: try fields.requiredValue("u"))
        case MessageType.ok:
            guard let cid else { throw fields.bad("cid", "is required") }
            return .ok(cid: cid)
        case MessageType.welcome:
            return .welcome(cid: cid, try Welcome(fields))
        case MessageType.loginOK:
            return .loginOK(
                cid: cid, player: try PlayerInfo(try fields.requiredObject("player")),
                token: try fields.requiredString("token"))
        case MessageType.lobbySnapshot:
            var games: [LobbyGame] = []
            for reader in try fields.requiredObjects("games") { games.append(try LobbyGame(reader)) }
            return .lobbySnapshot(cid: cid, rev: try fields.requiredInt("rev", in: 0...Int.max), games: games)
        case MessageType.lobbyEvent:
            return .lobbyEvent(rev: try fields.requiredInt("rev", in: 0...Int.max), event: try LobbyEvent(fields))
        case MessageType.gameJoined:
            return .gameJoined(cid: cid, try GameJoined(fields))
        case MessageType.gamePlayer:
            let statusName = try fields.requiredString("status")
            guard let status = PresenceStatus(rawValue: statusName) else {
                throw fields.bad("status", "must be joined, away, back or left")
            }
            return .gamePlayer(
                game: try fields.requiredString("game"), seat: try fields.requiredInt("seat", in: 0...Int.max),
                player: try PlayerInfo(try fields.requiredObject("player")), status: status)
        case MessageType.gameStarted:
            return .gameStarted(
                game: try fields.requiredString("game"), players: try SeatedPlayer.list(fields, "players"),
                snapshot: fields.optionalValue("snapshot") ?? .null)
        case MessageType.gameFinished:
            return .gameFinished(
                game: try fields.requiredString("game"), outcome: try fields.requiredValue("outcome"),
                result: try fields.optionalString("result"))
        case MessageType.chat:
            return .chat(
                ChatLine(
                    room: try fields.requiredString("room"), from: try PlayerInfo(try fields.requiredObject("from")),
                    text: try fields.requiredString("text"), at: try fields.requiredInt64("at", in: 0...Int64.max)))
        case MessageType.pong:
            return .pong(cid: cid, at: try fields.requiredInt64("at", in: 0...Int64.max))
        case MessageType.redirect:
            return .redirect(game: try fields.requiredString("game"), url: try fields.requiredString("url"))
        case MessageType.error:
            return .error(
                ProtocolError(
                    code: ErrorCode(try fields.requiredString("code")), message: try fields.requiredString("message"),
                    cid: cid, field: try fields.optionalString("field")))
        case MessageType.leaderboard:
            return .leaderboard(cid: cid, try LeaderboardReply(fields))
        default:
            throw ProtocolError(code: .unknownType, message: "no server message type of that name in this version")
        }
    }
}

extension ServerMessage.Welcome {
    init(_ fields: FieldReader) throws(ProtocolError) {
        var capabilities: [Capability] = []
        for name in try fields.strings("caps", required: false) { capabilities.append(Capability(rawValue: name)) }
        var resume: ServerMessage.ResumeOutcome? = nil
        if let outcome = try fields.optionalObject("resume") {
            if try outcome.optionalBool("ok") ?? false {
                resume = .resumed(fromSeq: try outcome.requiredInt("from", in: 1...FieldRules.maxSafeInteger))
            } else {
                resume = .refused(reason: try outcome.optionalString("reason") ?? "unknown")
            }
        }
        self.init(
            session: try fields.requiredString("session"), node: try fields.requiredString("node"),
            version: try fields.requiredInt("v", in: 0...Int.max), capabilities: capabilities,
            limits: try SessionLimits(fields.optionalObject("limits")),
            player: try fields.optionalObject("player").map { reader throws(ProtocolError) in try PlayerInfo(reader) },
            games: try fields.strings("games", required: false), resume: resume)
    }
}

extension SessionLimits {
    /// Reads `welcome.limits`; a limit left out keeps its default.
    init(_ fields: FieldReader?) throws(ProtocolError) {
        self.init()
        guard let fields else { return }
        let range = 0...Int.max
        if let value = try fields.optionalInt("maxMessageBytes", in: range) { maxMessageBytes = value }
        if let value = try fields.optionalInt("messagesPerSecond", in: range) { messagesPerSecond = value }
        if let value = try fields.optionalInt("messageBurst", in: range) { messageBurst = value }
        if let value = try fields.optionalInt("bytesPerSecond", in: range) { bytesPerSecond = value }
        if let value = try fields.optionalInt("chatMaxChars", in: range) { chatMaxChars = value }
        if let value = try fields.optionalInt("chatPerSecond", in: range) { chatPerSecond = value }
        if let value = try fields.optionalInt("chatBurst", in: range) { chatBurst = value }
        if let value = try fields.optionalInt("resumeGraceMs", in: range) { resumeGraceMilliseconds = value }
        if let value = try fields.optionalInt("replayMessages", in: range) { replayMessages = value }
    }
}

extension ServerMessage.GameJoined {
    init(_ fields: FieldReader) throws(ProtocolError) {
        let seat: Int?
        switch try fields.requiredString("as") {
        case "player": seat = try fields.requiredInt("seat", in: 0...Int.max)
        case "spectator": seat = nil
        default: throw fields.bad("as", "must be \"player\" or \"spectator\"")
        }
        self.init(
            game: try fields.requiredString("game"), kind: try fields.requiredString("kind"), seat: seat,
            seats: try fields.requiredInt("seats", in: 0...Int.max), state: try GameState(fields, "state"),
            players: try SeatedPlayer.list(fields, "players"), snapshot: fields.optionalValue("snapshot") ?? .null,
            invite: try fields.optionalString("invite"))
    }
}

extension GameState {
    init(_ fields: FieldReader, _ key: String) throws(ProtocolError) {
        guard let state = GameState(rawValue: try fields.requiredString(key)) else {
            throw fields.bad(key, "must be waiting, playing or finished")
        }
        self = state
    }
}

extension PlayerInfo {
    init(_ fields: FieldReader) throws(ProtocolError) {
        self.init(id: try fields.requiredString("id"), name: try fields.requiredString("name"))
    }
}

extension SeatedPlayer {
    static func list(_ fields: FieldReader, _ key: String) throws(ProtocolError) -> [SeatedPlayer] {
        var players: [SeatedPlayer] = []
        for reader in try fields.requiredObjects(key) {
            players.append(
                SeatedPlayer(seat: try reader.requiredInt("seat", in: 0...Int.max), player: try PlayerInfo(reader)))
        }
        return players
    }
}

extension LobbyGame {
    init(_ fields: FieldReader) throws(ProtocolError) {
        self.init(
            id: try fields.requiredString("id"), kind: try fields.requiredString("kind"),
            seats: try fields.requiredInt("seats", in: 0...Int.max), taken: try fields.requiredInt("taken", in: 0...Int.max),
            state: try GameState(fields, "state"), isPrivate: try fields.optionalBool("private") ?? false,
            players: try fields.strings("players", required: false))
    }
}

extension LobbyEvent {
    init(_ fields: FieldReader) throws(ProtocolError) {
        let name = try fields.requiredString("event")
        if name == "removed" {
            self = .removed(id: try fields.requiredString("id"))
            return
        }
        let game = try LobbyGame(try fields.requiredObject("game"))
        switch name {
        case "created": self = .created(game)
        case "seat": self = .seat(game)
        case "started": self = .started(game)
        case "finished": self = .finished(game)
        default: throw fields.bad("event", "must be created, seat, started, finished or removed")
        }
    }
}

extension LeaderboardReply {
    init(_ fields: FieldReader) throws(ProtocolError) {
        let boardName = try fields.requiredString("board")
        guard let board = LeaderboardQuery.Board(rawValue: boardName) else { throw fields.bad("board", "must be all or period") }
        let period: Int64? = fields.optionalValue("period") == nil ? nil : try fields.requiredInt64("period", in: 0...Int64.max)
        var periods: [Int64] = []
        for value in try fields.requiredArray("periods") {
            guard let slot = value.intValue, slot >= 0 else { throw fields.bad("periods", "expected slot times") }
            periods.append(slot)
        }
        let schedule = try fields.requiredObject("schedule")
        self.init(
            kind: try fields.requiredString("kind"), board: board, period: period, periods: periods,
            players: try fields.requiredInt("players", in: 0...Int.max),
            top: try fields.requiredObjects("top").map { (reader) throws(ProtocolError) in try LeaderboardRow(reader) },
            around: try fields.requiredObjects("around").map { (reader) throws(ProtocolError) in try LeaderboardRow(reader) },
            schedule: JobScheduleInfo(
                cron: try schedule.requiredString("cron"), previous: try schedule.requiredInt64("previous", in: 0...Int64.max),
                next: try schedule.requiredInt64("next", in: 0...Int64.max)))
    }
}

extension LeaderboardRow {
    init(_ fields: FieldReader) throws(ProtocolError) {
        self.init(
            rank: try fields.requiredInt("rank", in: 1...Int.max), id: try fields.requiredString("id"),
            name: try fields.requiredString("name"), rating: try fields.requiredNumber("rating"),
            deviation: try fields.requiredNumber("rd"), games: try fields.requiredInt("games", in: 0...Int.max))
    }
}

extension ServerMessage {
    /// The compact JSON text of this message: `t`, then `seq` when given, then `cid`, then the fields.
    ///
    /// `seq` must be `nil` for the unsequenced types (`welcome`, `pong`, `redirect`) and given for
    /// every other type except an `error` sent before `welcome`.
    public func encode(seq: Int?) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        encode(seq: seq, into: &writer)
        return writer.bytes
    }

    /// Appends the message to `writer` (a per-loop staging buffer, say).
    public func encode(seq: Int?, into writer: inout JSONWriter) {
        checkSequencing(seq)
        writer.beginObject()
        writer.key("t")
        writer.string(type)
        if let seq {
            writer.key("seq")
            writer.int(seq)
        }
        writeFields(into: &writer)
        writer.endObject()
    }

    func checkSequencing(_ seq: Int?) {
        if let seq {
            precondition(isSequenced, "\(type) is unsequenced and takes no seq")
            precondition(seq >= 1 && seq <= FieldRules.maxSafeInteger, "seq out of range")
        } else {
            precondition(!isSequenced || type == MessageType.error, "\(type) needs a seq")
        }
    }

    /// Writes every member after `t` and `seq`, `cid` first. One switch, so each payload is read once.
    func writeFields(into writer: inout JSONWriter) {
        switch self {
        case .welcome(let cid, let welcome):
            writer.cid(cid)
            welcome.write(into: &writer)
        case .loginOK(let cid, let player, let token):
            writer.cid(cid)
            writer.key("player")
            player.write(into: &writer)
            writer.member("token", token)
        case .ok(let cid):
            writer.cid(cid)
        case .lobbySnapshot(let cid, let rev, let games):
            writer.cid(cid)
            writer.member("rev", rev)
            writer.key("games")
            writer.beginArray()
            for game in games {
                writer.element()
                game.write(into: &writer)
            }
            writer.endArray()
        case .lobbyEvent(let rev, let event):
            writer.member("rev", rev)
            writer.member("event", event.name)
            writer.member("id", event.gameID)
            switch event {
            case .created(let game), .seat(let game), .started(let game), .finished(let game):
                writer.key("game")
                game.write(into: &writer)
            case .removed:
                break
            }
        case .gameJoined(let cid, let joined):
            writer.cid(cid)
            joined.write(into: &writer)
        case .gamePlayer(let game, let seat, let player, let status):
            writer.member("game", game)
            writer.member("seat", seat)
            writer.key("player")
            player.write(into: &writer)
            writer.member("status", status.rawValue)
        case .gameStarted(let game, let players, let snapshot):
            writer.member("game", game)
            writer.key("players")
            SeatedPlayer.write(players, into: &writer)
            writer.key("snapshot")
            writer.value(snapshot)
        case .gameUpdate(let game, let update):
            writer.member("game", game)
            writer.key("u")
            writer.value(update)
        case .gameFinished(let game, let outcome, let result):
            writer.member("game", game)
            writer.key("outcome")
            writer.value(outcome)
            writer.key("result")
            if let result { writer.string(result) } else { writer.null() }
        case .chat(let line):
            writer.member("room", line.room)
            writer.key("from")
            line.from.write(into: &writer)
            writer.member("text", line.text)
            writer.key("at")
            writer.int(line.at)
        case .pong(let cid, let at):
            writer.cid(cid)
            writer.key("at")
            writer.int(at)
        case .redirect(let game, let url):
            writer.member("game", game)
            writer.member("url", url)
        case .error(let error):
            writer.cid(error.cid)
            writer.member("code", error.code.rawValue)
            writer.member("message", error.message)
            writer.member("field", error.field)
        case .leaderboard(let cid, let reply):
            writer.cid(cid)
            reply.write(into: &writer)
        }
    }
}

extension LeaderboardReply {
    func write(into writer: inout JSONWriter) {
        writer.member("kind", kind)
        writer.member("board", board.rawValue)
        writer.key("period")
        if let period { writer.int(period) } else { writer.null() }
        writer.key("periods")
        writer.beginArray()
        for period in periods {
            writer.element()
            writer.int(period)
        }
        writer.endArray()
        writer.member("players", players)
        for (key, rows) in [("top", top), ("around", around)] {
            writer.key(key)
            writer.beginArray()
            for row in rows {
                writer.element()
                row.write(into: &writer)
            }
            writer.endArray()
        }
        writer.key("schedule")
        writer.beginObject()
        writer.member("cron", schedule.cron)
        writer.key("previous")
        writer.int(schedule.previous)
        writer.key("next")
        writer.int(schedule.next)
        writer.endObject()
    }
}

extension LeaderboardRow {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("rank", rank)
        writer.member("id", id)
        writer.member("name", name)
        writer.key("rating")
        writer.double(rating)
        writer.key("rd")
        writer.double(deviation)
        writer.member("games", games)
        writer.endObject()
    }
}

extension JSONWriter {
    /// Writes `"cid":n` when there is one.
    mutating func cid(_ cid: Int?) {
        guard let cid else { return }
        key("cid")
        int(cid)
    }
}

extension ServerMessage.Welcome {
    func write(into writer: inout JSONWriter) {
        writer.member("session", session)
        writer.member("node", node)
        writer.member("v", version)
        writer.key("caps")
        writer.beginArray()
        for capability in capabilities {
            writer.element()
            writer.string(capability.rawValue)
        }
        writer.endArray()
        writer.key("limits")
        limits.write(into: &writer)
        if let player {
            writer.key("player")
            player.write(into: &writer)
        }
        if !games.isEmpty {
            writer.key("games")
            writer.beginArray()
            for game in games {
                writer.element()
                writer.string(game)
            }
            writer.endArray()
        }
        if let resume {
            writer.key("resume")
            writer.beginObject()
            switch resume {
            case .resumed(let from):
                writer.key("ok")
                writer.bool(true)
                writer.member("from", from)
            case .refused(let reason):
                writer.key("ok")
                writer.bool(false)
                writer.member("reason", reason)
            }
            writer.endObject()
        }
    }
}

extension ServerMessage.GameJoined {
    func write(into writer: inout JSONWriter) {
        writer.member("game", game)
        writer.member("kind", kind)
        if let seat {
            writer.member("as", "player")
            writer.member("seat", seat)
        } else {
            writer.member("as", "spectator")
        }
        writer.member("seats", seats)
        writer.member("state", state.rawValue)
        writer.key("players")
        SeatedPlayer.write(players, into: &writer)
        writer.key("snapshot")
        writer.value(snapshot)
        writer.member("invite", invite)
    }
}

extension SessionLimits {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("maxMessageBytes", maxMessageBytes)
        writer.member("messagesPerSecond", messagesPerSecond)
        writer.member("messageBurst", messageBurst)
        writer.member("bytesPerSecond", bytesPerSecond)
        writer.member("chatMaxChars", chatMaxChars)
        writer.member("chatPerSecond", chatPerSecond)
        writer.member("chatBurst", chatBurst)
        writer.member("resumeGraceMs", resumeGraceMilliseconds)
        writer.member("replayMessages", replayMessages)
        writer.endObject()
    }
}

extension PlayerInfo {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("name", name)
        writer.endObject()
    }
}

extension SeatedPlayer {
    static func write(_ players: [SeatedPlayer], into writer: inout JSONWriter) {
        writer.beginArray()
        for seated in players {
            writer.element()
            writer.beginObject()
            writer.member("seat", seated.seat)
            writer.member("id", seated.player.id)
            writer.member("name", seated.player.name)
            writer.endObject()
        }
        writer.endArray()
    }
}

extension LobbyGame {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("kind", kind)
        writer.member("seats", seats)
        writer.member("taken", taken)
        writer.member("state", state.rawValue)
        if isPrivate {
            writer.key("private")
            writer.bool(true)
        }
        writer.key("players")
        writer.beginArray()
        for name in players {
            writer.element()
            writer.string(name)
        }
        writer.endArray()
        writer.endObject()
    }
}

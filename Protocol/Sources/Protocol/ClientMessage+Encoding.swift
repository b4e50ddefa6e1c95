extension ClientMessage {
    /// The compact JSON text of this message: `t` first, then `cid` when given, then the fields.
    /// Optional fields that hold their default are left out.
    public func encode(cid: Int?) -> [UInt8] {
        var writer = JSONWriter(capacity: 96)
        encode(cid: cid, into: &writer)
        return writer.bytes
    }

    /// Appends the message to `writer`.
    public func encode(cid: Int?, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("t")
        writer.string(type)
        if let cid {
            precondition(cid >= 0 && cid <= FieldRules.maxSafeInteger, "cid out of range")
            writer.key("cid")
            writer.int(cid)
        }
        switch self {
        case .hello(let hello):
            writer.key("v")
            writer.int(hello.version)
            writer.key("client")
            writer.beginObject()
            writer.member("name", hello.client.name)
            writer.member("version", hello.client.version)
            writer.endObject()
            if !hello.capabilities.isEmpty {
                writer.key("caps")
                writer.beginArray()
                for capability in hello.capabilities {
                    writer.element()
                    writer.string(capability.rawValue)
                }
                writer.endArray()
            }
            writer.member("token", hello.token)
            if let resume = hello.resume {
                writer.key("resume")
                writer.beginObject()
                writer.member("session", resume.session)
                writer.key("lastSeq")
                writer.int(resume.lastSeq)
                writer.endObject()
            }
        case .login(let name):
            writer.member("name", name)
        case .lobbySubscribe(let kind):
            writer.member("kind", kind)
        case .lobbyUnsubscribe, .ping:
            break
        case .gameCreate(let create):
            writer.member("kind", create.kind)
            if create.isPrivate {
                writer.key("private")
                writer.bool(true)
            }
            if let seats = create.seats {
                writer.key("seats")
                writer.int(seats)
            }
            if let options = create.options {
                writer.key("options")
                writer.value(options)
            }
        case .gameJoin(let target, let role):
            switch target {
            case .game(let game): writer.member("game", game)
            case .invite(let invite): writer.member("invite", invite)
            }
            writer.member("as", role.rawValue)
        case .quickplay(let kind):
            writer.member("kind", kind)
        case .gameMove(let game, let move):
            writer.member("game", game)
            writer.key("move")
            writer.value(move)
        case .gameLeave(let game):
            writer.member("game", game)
        case .chat(let room, let text):
            writer.member("room", room)
            writer.member("text", text)
        case .leaderboardGet(let query):
            // Defaults are left out, as a client would write it by hand.
            writer.member("kind", query.kind)
            if query.board != .allTime { writer.member("board", query.board.rawValue) }
            if query.top != LeaderboardQuery.defaultTop { writer.member("top", query.top) }
            writer.member("around", query.around)
            if query.radius != LeaderboardQuery.defaultRadius { writer.member("radius", query.radius) }
            if let period = query.period {
                writer.key("period")
                writer.int(period)
            }
        }
        writer.endObject()
    }
}

extension JSONWriter {
    /// Writes `"key":"value"`.
    mutating func member(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    /// Writes `"key":"value"` when `value` is not `nil`.
    mutating func member(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        member(key, value)
    }

    /// Writes `"key":number`.
    mutating func member(_ key: StaticString, _ value: Int) {
        self.key(key)
        int(value)
    }
}

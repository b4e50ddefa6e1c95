extension ClientMessage {
    /// Decodes one text message from a client, with the server's default limits.
    ///
    /// Fails with `message_too_big`, `bad_json` (with where parsing stopped), `bad_field` (naming
    /// the field), `unknown_type`, `version_mismatch` (a `hello` of another version) or
    /// `chat_too_long`. A failure carries the message's `cid` whenever that much could be read, so
    /// the server can echo it.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<(cid: Int?, message: ClientMessage), ProtocolError> {
        decode(bytes, limits: .defaults)
    }

    /// Decodes one text message from a client under `limits` (`maxMessageBytes`, `chatMaxChars`).
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, limits: SessionLimits
    ) -> Result<(cid: Int?, message: ClientMessage), ProtocolError> {
        let object: JSONObject
        do throws(ProtocolError) {
            object = try Envelope.parseObject(bytes, maxBytes: limits.maxMessageBytes)
        } catch {
            return .failure(error)
        }
        return decode(object, limits: limits)
    }

    /// Decodes one text message from a client.
    public static func decode(
        _ bytes: [UInt8], limits: SessionLimits = .defaults
    ) -> Result<(cid: Int?, message: ClientMessage), ProtocolError> {
        bytes.withUnsafeBytes { decode($0, limits: limits) }
    }

    /// Decodes a message already parsed into an object (transcripts, tests).
    public static func decode(
        _ object: JSONObject, limits: SessionLimits = .defaults
    ) -> Result<(cid: Int?, message: ClientMessage), ProtocolError> {
        let fields = FieldReader(object)
        let cid: Int?
        let type: String
        do throws(ProtocolError) {
            cid = try fields.optionalInt("cid", in: 0...FieldRules.maxSafeInteger)
            type = try fields.requiredString("t")
        } catch {
            return .failure(error)
        }
        do throws(ProtocolError) {
            return .success((cid, try decodeBody(type: type, fields, limits: limits)))
        } catch {
            return .failure(error.answering(cid))
        }
    }

    static func decodeBody(type: String, _ fields: FieldReader, limits: SessionLimits) throws(ProtocolError) -> ClientMessage {
        switch type {
        case MessageType.gameMove:
            return .gameMove(game: try fields.requiredIdentifier("game"), move: try fields.requiredValue("move"))
        case MessageType.ping:
            return .ping
        case MessageType.chat:
            let room = try fields.requiredString("room") { FieldRules.roomProblem($0) }
            let text = try fields.requiredString("text")
            if FieldRules.isTooLong(text, maxChars: limits.chatMaxChars) {
                throw ProtocolError(
                    code: .chatTooLong, message: "text: chat lines hold at most \(limits.chatMaxChars) characters",
                    field: "text")
            }
            if let problem = FieldRules.chatTextProblem(text) { throw fields.bad("text", problem) }
            return .chat(room: room, text: text)
        case MessageType.hello:
            return .hello(try decodeHello(fields))
        case MessageType.login:
            return .login(name: try fields.requiredString("name") { FieldRules.nameProblem($0) })
        case MessageType.lobbySubscribe:
            return .lobbySubscribe(kind: try fields.optionalIdentifier("kind"))
        case MessageType.lobbyUnsubscribe:
            return .lobbyUnsubscribe
        case MessageType.gameCreate:
            let options = fields.optionalValue("options")
            if let options, options.objectValue == nil {
                throw fields.bad("options", "expected an object, found \(options.typeName)")
            }
            return .gameCreate(
                GameCreate(
                    kind: try fields.requiredIdentifier("kind"), isPrivate: try fields.optionalBool("private") ?? false,
                    seats: try fields.optionalInt("seats", in: FieldRules.seatCounts), options: options))
        case MessageType.gameJoin:
            return try decodeJoin(fields)
        case MessageType.quickplay:
            return .quickplay(kind: try fields.requiredIdentifier("kind"))
        case MessageType.gameLeave:
            return .gameLeave(game: try fields.requiredIdentifier("game"))
        case MessageType.leaderboardGet:
            return .leaderboardGet(try decodeLeaderboardQuery(fields))
        default:
            throw ProtocolError(code: .unknownType, message: "this server knows no message type of that name")
        }
    }

    static func decodeLeaderboardQuery(_ fields: FieldReader) throws(ProtocolError) -> LeaderboardQuery {
        var board = LeaderboardQuery.Board.allTime
        if let name = try fields.optionalString("board") {
            guard let named = LeaderboardQuery.Board(rawValue: name) else { throw fields.bad("board", "must be all or period") }
            board = named
        }
        return LeaderboardQuery(
            kind: try fields.requiredIdentifier("kind"), board: board,
            top: try fields.optionalInt("top", in: 0...LeaderboardQuery.maxTop) ?? LeaderboardQuery.defaultTop,
            around: try fields.optionalIdentifier("around"),
            radius: try fields.optionalInt("radius", in: 0...LeaderboardQuery.maxRadius) ?? LeaderboardQuery.defaultRadius,
            period: try fields.optionalInt("period", in: 0...FieldRules.maxSafeInteger).map(Int64.init))
    }

    static func decodeHello(_ fields: FieldReader) throws(ProtocolError) -> Hello {
        // The version first: a hello of another version may differ in every other field.
        let version = try fields.requiredInt("v", in: 0...FieldRules.maxSafeInteger)
        guard version == ProtocolVersion.current else {
            throw ProtocolError(
                code: .versionMismatch,
                message: "this server speaks protocol version \(ProtocolVersion.current) (\(ProtocolVersion.subprotocol))",
                field: "v")
        }
        let client = try fields.requiredObject("client")
        let info = ClientInfo(
            name: try client.requiredString("name") { FieldRules.labelProblem($0, lengths: FieldRules.clientNameLengths) },
            version: try client.requiredString("version") {
                FieldRules.labelProblem($0, lengths: FieldRules.clientVersionLengths)
            })
        var capabilities: [Capability] = []
        for (index, name) in try fields.strings("caps", maxCount: FieldRules.maxCapabilities, required: false).enumerated() {
            if let problem = FieldRules.identifierProblem(name, maxBytes: 32) { throw fields.bad("caps[\(index)]", problem) }
            capabilities.append(Capability(rawValue: name))
        }
        let token = try fields.optionalString("token") { FieldRules.tokenProblem($0) }
        var resume: ResumeRequest? = nil
        if let request = try fields.optionalObject("resume") {
            resume = ResumeRequest(
                session: try request.requiredIdentifier("session"),
                lastSeq: try request.requiredInt("lastSeq", in: 0...FieldRules.maxSafeInteger))
            guard token != nil else { throw fields.bad("token", "is required to resume a session") }
        }
        return Hello(version: version, client: info, capabilities: capabilities, token: token, resume: resume)
    }

    static func decodeJoin(_ fields: FieldReader) throws(ProtocolError) -> ClientMessage {
        let target: JoinTarget
        switch (try fields.optionalIdentifier("game"), try fields.optionalIdentifier("invite")) {
        case (let game?, nil): target = .game(game)
        case (nil, let invite?): target = .invite(invite)
        case (nil, nil): throw fields.bad("game", "is required (or give invite)")
        case (_?, _?): throw fields.bad("invite", "give either game or invite, not both")
        }
        let role: JoinRole
        switch try fields.optionalString("as") {
        case nil: role = .player
        case let name?:
            guard let known = JoinRole(rawValue: name) else { throw fields.bad("as", "must be \"player\" or \"spectator\"") }
            role = known
        }
        return .gameJoin(target: target, role: role)
    }
}

/// What every message shares: one JSON object within the size limit.
enum Envelope {
    /// Parses `bytes` as one JSON object, or fails with `message_too_big` / `bad_json`.
    static func parseObject(_ bytes: UnsafeRawBufferPointer, maxBytes: Int) throws(ProtocolError) -> JSONObject {
        guard bytes.count <= maxBytes else {
            throw ProtocolError(code: .messageTooBig, message: "messages hold at most \(maxBytes) bytes")
        }
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parseThrowing(bytes, limits: JSONParser.Limits(maxBytes: maxBytes))
        } catch {
            throw ProtocolError(code: .badJSON, message: error.description)
        }
        guard case .object(let object) = value else {
            throw ProtocolError(code: .badJSON, message: "a message must be a JSON object, found \(value.typeName)")
        }
        return object
    }
}

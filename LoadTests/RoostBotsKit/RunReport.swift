import Protocol

/// The end of a run in numbers: the summary printed on the terminal and the `--json` report.
public struct RunReport: Sendable {
    /// `--scenario`.
    public var scenario: String
    /// Bots started.
    public var bots: Int
    /// The URLs the bots spread over.
    public var urls: [String]
    /// Seconds from the first connect to the end of the grace period.
    public var elapsedSeconds: Double
    /// Seconds of play (`--duration`), over which moves/s is computed.
    public var playSeconds: Double
    /// Open connections when the run ended its play phase.
    public var connectionsAtEnd: Int
    /// Most connections open at one time.
    public var peakConnections: Int
    /// Running games still unfinished after the grace period.
    public var unfinishedGames: Int
    /// Every loop's counts, merged.
    public var statistics: RunStatistics
    /// Every game a player bot saw start, with how it ended and its acknowledged moves.
    public var games: [BotGame]

    /// A report with these parts.
    public init(
        scenario: String, bots: Int, urls: [String], elapsedSeconds: Double, playSeconds: Double,
        connectionsAtEnd: Int, peakConnections: Int, unfinishedGames: Int, statistics: RunStatistics, games: [BotGame]
    ) {
        self.scenario = scenario
        self.bots = bots
        self.urls = urls
        self.elapsedSeconds = elapsedSeconds
        self.playSeconds = playSeconds
        self.connectionsAtEnd = connectionsAtEnd
        self.peakConnections = peakConnections
        self.unfinishedGames = unfinishedGames
        self.statistics = statistics
        self.games = games
    }

    /// Acknowledged moves per second of play.
    public var movesPerSecond: Double {
        playSeconds > 0 ? Double(statistics.movesAcknowledged) / playSeconds : 0
    }

    /// Why `--expect-clean` fails, empty when it passes: protocol errors, unreadable messages,
    /// sequence gaps, lost acknowledged moves, games unfinished or vanished.
    public var cleanlinessProblems: [String] {
        var problems: [String] = []
        let s = statistics
        if s.protocolErrors > 0 {
            let codes = s.errors.filter { !ErrorClassification.isRace(ErrorCode($0.key)) }
            problems.append("\(s.protocolErrors) protocol errors: \(Self.format(codes))")
        }
        if s.undecodable > 0 { problems.append("\(s.undecodable) unreadable server messages") }
        if s.sequenceGaps > 0 { problems.append("\(s.sequenceGaps) seq gaps") }
        if s.acknowledgedMovesLost > 0 { problems.append("\(s.acknowledgedMovesLost) acknowledged moves lost") }
        if unfinishedGames > 0 { problems.append("\(unfinishedGames) games unfinished after the grace period") }
        if s.gamesVanished > 0 { problems.append("\(s.gamesVanished) games vanished while their bot was away") }
        return problems
    }

    /// The move round trip percentiles in milliseconds: p50, p99, p99.9 and max.
    public static func percentiles(_ histogram: RunStatistics.LatencyHistogram) -> [(String, Double)] {
        guard histogram.totalCount > 0 else { return [] }
        return [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)].map { ($0.0, Double(histogram.valueAtPercentile($0.1)) / 1000) }
            + [("max", Double(histogram.max) / 1000)]
    }

    /// The summary for people, one fact a line.
    public var lines: [String] {
        let s = statistics
        var out: [String] = []
        out.append("roost-bots \(scenario): \(bots) bots on \(urls.count) nodes, \(Self.fixed(playSeconds, 0)) s of play, \(Self.fixed(elapsedSeconds, 1)) s in all")
        out.append("connections: peak \(peakConnections), open at the end of play \(connectionsAtEnd); sessions \(s.sessionsStarted), logins \(s.logins), resumes \(s.resumes), resumes refused \(Self.format(s.resumesRefused)), connect failures \(s.connectFailures), drops injected \(s.dropsInjected)")
        out.append("closes by code: \(Self.format(s.closes))")
        out.append("games started: \(Self.format(s.gamesStarted)); unfinished after grace: \(unfinishedGames); vanished: \(s.gamesVanished); forfeited at the end: \(Self.format(s.gamesForfeitedAtEnd)); watched: \(s.gamesWatched)")
        for kind in s.gamesFinished.keys.sorted() {
            out.append("games finished, \(kind): \(Self.format(s.gamesFinished[kind] ?? [:]))")
        }
        out.append("moves: sent \(s.movesSent), acknowledged \(s.movesAcknowledged) (\(Self.fixed(movesPerSecond, 1))/s), local \(s.movesLocal), forwarded \(s.movesForwarded), unanswered at a drop \(s.movesUnanswered), reply timeouts \(s.moveReplyTimeouts), acknowledged but lost \(s.acknowledgedMovesLost)")
        for (label, histogram) in [("all", s.moveRoundTrip), ("local", s.localRoundTrip), ("forwarded", s.forwardedRoundTrip)] {
            let figures = Self.percentiles(histogram).map { "\($0.0) \(Self.fixed($0.1, 2))" }.joined(separator: ", ")
            out.append("move round trip (ms), \(label): \(figures.isEmpty ? "none" : figures)")
        }
        let perSecond = { (count: Int) in Self.fixed(self.elapsedSeconds > 0 ? Double(count) / self.elapsedSeconds : 0, 0) }
        out.append("server messages received: \(s.messagesReceived) (\(perSecond(s.messagesReceived))/s), of which lobby.event \(s.lobbyEventsReceived) (\(perSecond(s.lobbyEventsReceived))/s)")
        out.append("errors by code: \(Self.format(s.errors)); protocol errors: \(s.protocolErrors); unreadable: \(s.undecodable); seq gaps: \(s.sequenceGaps)")
        return out
    }

    /// The machine-readable report (`--json`).
    public var json: JSONValue {
        let s = statistics
        func counts(_ map: [String: Int]) -> JSONValue {
            .object(JSONObject(map.keys.sorted().map { .init($0, .int(Int64(map[$0]!))) }))
        }
        func latency(_ histogram: RunStatistics.LatencyHistogram) -> JSONValue {
            var members: [JSONObject.Member] = [.init("count", .int(Int64(histogram.totalCount)))]
            for (label, ms) in Self.percentiles(histogram) { members.append(.init("\(label)Ms", .double(ms))) }
            return .object(JSONObject(members))
        }
        let finished = JSONValue.object(JSONObject(s.gamesFinished.keys.sorted().map { .init($0, counts(s.gamesFinished[$0]!)) }))
        return .object(JSONObject([
            .init("scenario", .string(scenario)), .init("bots", .int(Int64(bots))),
            .init("urls", .array(urls.map { .string($0) })),
            .init("elapsedSeconds", .double(elapsedSeconds)), .init("playSeconds", .double(playSeconds)),
            .init("connections", .object(JSONObject([
                .init("peak", .int(Int64(peakConnections))), .init("atEndOfPlay", .int(Int64(connectionsAtEnd))),
                .init("sessions", .int(Int64(s.sessionsStarted))), .init("logins", .int(Int64(s.logins))),
                .init("resumes", .int(Int64(s.resumes))), .init("resumesRefused", counts(s.resumesRefused)),
                .init("connectFailures", .int(Int64(s.connectFailures))), .init("dropsInjected", .int(Int64(s.dropsInjected))),
                .init("closes", counts(s.closes)),
            ]))),
            .init("games", .object(JSONObject([
                .init("started", counts(s.gamesStarted)), .init("finished", finished),
                .init("finishedTotal", .int(Int64(s.totalGamesFinished))),
                .init("unfinished", .int(Int64(unfinishedGames))), .init("vanished", .int(Int64(s.gamesVanished))),
                .init("forfeitedAtEnd", counts(s.gamesForfeitedAtEnd)), .init("watched", .int(Int64(s.gamesWatched))),
            ]))),
            .init("moves", .object(JSONObject([
                .init("sent", .int(Int64(s.movesSent))), .init("acknowledged", .int(Int64(s.movesAcknowledged))),
                .init("perSecond", .double(movesPerSecond)), .init("local", .int(Int64(s.movesLocal))),
                .init("forwarded", .int(Int64(s.movesForwarded))), .init("unanswered", .int(Int64(s.movesUnanswered))),
                .init("replyTimeouts", .int(Int64(s.moveReplyTimeouts))),
                .init("acknowledgedLost", .int(Int64(s.acknowledgedMovesLost))),
                .init("roundTrip", latency(s.moveRoundTrip)), .init("roundTripLocal", latency(s.localRoundTrip)),
                .init("roundTripForwarded", latency(s.forwardedRoundTrip)),
            ]))),
            .init("messagesReceived", .int(Int64(s.messagesReceived))),
            .init("lobbyEventsReceived", .int(Int64(s.lobbyEventsReceived))),
            .init("errors", counts(s.errors)), .init("protocolErrors", .int(Int64(s.protocolErrors))),
            .init("undecodable", .int(Int64(s.undecodable))), .init("sequenceGaps", .int(Int64(s.sequenceGaps))),
            .init("clean", .bool(cleanlinessProblems.isEmpty)),
            .init("problems", .array(cleanlinessProblems.map { .string($0) })),
            .init("gameLedger", .array(games.map(Self.ledgerEntry))),
        ]))
    }

    /// One game of the ledger: what chaos.py checks against `/api/results/<game>`.
    static func ledgerEntry(_ game: BotGame) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init("game", .string(game.id)), .init("kind", .string(game.kind)),
            .init("seat", game.seat.map { .int(Int64($0)) } ?? .null),
        ]
        switch game.end {
        case .finished(let result, let reason, let resultID)?:
            members += [.init("end", "finished"), .init("result", .string(result)), .init("reason", .string(reason)),
                        .init("resultId", resultID.map { .string($0) } ?? .null)]
        case .left?: members.append(.init("end", "left"))
        case .vanished?: members.append(.init("end", "vanished"))
        case nil: members.append(.init("end", "unfinished"))
        }
        members.append(.init("acknowledged", .array(game.acknowledged.map { .array([.int(Int64($0.index)), .int(Int64($0.move))]) })))
        if game.isConnectFour { members.append(.init("moves", .array(game.moves.map { .int(Int64($0)) }))) }
        return .object(JSONObject(members))
    }

    static func format(_ map: [String: Int]) -> String {
        map.isEmpty ? "none" : map.keys.sorted().map { "\($0) \(map[$0]!)" }.joined(separator: ", ")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard digits > 0 else { return String(Int(rounded)) }
        let whole = Int(rounded)
        let fraction = Int((abs(rounded - Double(whole)) * scale).rounded())
        let padded = String(fraction).count < digits ? String(repeating: "0", count: digits - String(fraction).count) + String(fraction) : String(fraction)
        return "\(rounded < 0 && whole == 0 ? "-" : "")\(whole).\(padded)"
    }
}
